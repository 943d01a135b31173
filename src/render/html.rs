//! The design write-up as one standalone HTML page.
//!
//! [`html`] renders the document tree of [`super::writeup`] (the same blocks that its
//! Markdown renderer writes) into a page that needs nothing else: the stylesheet is embedded
//! (a light and a dark variant, chosen by `prefers-color-scheme`, and a print style), the SVG
//! diagram is inlined, and headings carry ids for links. Blocks become HTML elements here:
//! headings with unique ids (`slug`, `-2`, `-3`… when one repeats), paragraphs, lists, tables,
//! code blocks and the diagram's figure. The inline Markdown inside a block (a paragraph's
//! text, an item, a cell) is rendered by pulldown-cmark, inline only, through [`Inert`]: raw
//! HTML coming from the design (its description) is escaped, never passed through, and only
//! safe links are kept. The only markup inserted as it is is the diagram produced by archc's
//! own SVG renderer.

use std::fmt::Write as _;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::writeup::tree::{svg_lines, Block, Figure, List};
use super::writeup::{document, safe_link_target, DocOptions};
use crate::analysis::Review;
use crate::model::Model;

/// The embedded stylesheet: readable measure and type, tables, a dark variant and a print
/// style.
const STYLE: &str = r#"
:root { color-scheme: light dark; --fg: #1d232b; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --code: #f3f5f7; --accent: #0b63c4; --head: #f6f8fa; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ed; --muted: #9aa5b1; --bg: #15191e; --line: #36404b; --code: #222a33; --accent: #6cb2ff; --head: #1d242c; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 50rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
h1, h2, h3, h4 { line-height: 1.25; margin: 2em 0 0.6em; }
h1 { font-size: 2rem; margin-top: 0; }
h2 { font-size: 1.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3em; }
h3 { font-size: 1.2rem; }
h4 { font-size: 1.05rem; }
p, ul, ol, table { margin: 0 0 1em; }
li { margin: 0.25em 0; }
a { color: var(--accent); }
code { font: 0.88em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); padding: 0.1em 0.35em; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; font-size: 0.9rem; }
th, td { border: 1px solid var(--line); padding: 0.4em 0.6em; text-align: left; vertical-align: top; }
th { background: var(--head); }
figure.diagram { margin: 1.5em 0; padding: 1em; background: #ffffff; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
figure.diagram svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
img { max-width: 100%; }
@media print {
  :root { --fg: #000000; --muted: #333333; --bg: #ffffff; --line: #999999; --code: #f0f0f0; --accent: #000000; --head: #eeeeee; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2, h3, h4 { break-after: avoid; }
  table, figure, li { break-inside: avoid; }
  table { display: table; }
  a { text-decoration: none; }
}
"#;

/// Writes the design write-up of `model` and its `review` as a standalone HTML5 page.
///
/// With `options.inline_svg` the diagram is inlined (its XML declaration and doctype
/// removed); otherwise with `options.svg_link` it is an `<img>`; otherwise there is no diagram
/// section. Never fails; the same input always gives the same bytes.
pub fn html(model: &Model, review: &Review, options: &DocOptions) -> String {
    let body = blocks_html(&document(model, review, options));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"archc\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape_html(&model.title)
    )
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A heading's id: lower-case words joined by `-`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// A filter of pulldown-cmark events that leaves no active content: raw HTML becomes text, a
/// link keeps its target only when [`safe_link_target`] accepts it (otherwise only its text
/// remains), and an image only when its source is a relative reference (otherwise its
/// alternative text remains: an image would load from elsewhere).
///
/// The write-up's Markdown holds only safe links already
/// ([`super::writeup::description_paragraph`]); this holds for any Markdown.
#[derive(Debug, Default)]
pub struct Inert {
    /// Whether each open link is kept.
    links: Vec<bool>,
    /// Whether each open image is kept.
    images: Vec<bool>,
}

impl Inert {
    /// The event to write in place of `event`, if any.
    pub fn event<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let kept = safe_link_target(dest_url).is_some();
                self.links.push(kept);
                kept.then_some(event)
            }
            Event::End(TagEnd::Link) => self.links.pop().unwrap_or(false).then_some(event),
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                let kept = safe_link_target(dest_url).is_some_and(|d| !d.contains(':'));
                self.images.push(kept);
                kept.then_some(event)
            }
            Event::End(TagEnd::Image) => self.images.pop().unwrap_or(false).then_some(event),
            event => Some(event),
        }
    }
}

/// Renders the blocks to HTML: headings with unique ids (see [`slug`]; a repeated one gets
/// `-2`, `-3`…), paragraphs, lists, tables and code blocks written directly, their inline
/// Markdown rendered by pulldown-cmark through [`Inert`], and the diagram as an inline SVG
/// figure (or its image).
pub(crate) fn blocks_html(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut used_ids: Vec<String> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let md = format!("{} {text}", "#".repeat(*level));
                let (html, plain) =
                    inline_events(inside(&md, |t| matches!(t, Tag::Heading { .. })));
                let base = slug(&plain);
                let mut id = base.clone();
                let mut n = 1;
                while used_ids.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                let _ = writeln!(
                    out,
                    "<h{level} id=\"{}\">{html}</h{level}>",
                    escape_html(&id)
                );
                used_ids.push(id);
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", inline(text).0);
            }
            Block::List(list) => list_html(&mut out, list),
            Block::Table(t) => {
                out.push_str("<table><thead><tr>");
                for cell in &t.head {
                    let _ = write!(out, "<th>{}</th>", cell_html(cell));
                }
                out.push_str("</tr></thead><tbody>\n");
                for row in &t.rows {
                    out.push_str("<tr>");
                    for cell in row.iter().take(t.head.len()) {
                        let _ = write!(out, "<td>{}</td>", cell_html(cell));
                    }
                    for _ in row.len()..t.head.len() {
                        out.push_str("<td></td>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
            Block::Code(c) => {
                let class = c.info.split_whitespace().next().map_or(String::new(), |l| {
                    format!(" class=\"language-{}\"", escape_html(l))
                });
                let _ = writeln!(
                    out,
                    "<pre><code{class}>{}\n</code></pre>",
                    escape_html(&c.text)
                );
            }
            Block::Figure(Figure::Svg(svg)) => {
                let _ = writeln!(
                    out,
                    "<figure class=\"diagram\">\n{}\n</figure>",
                    svg_lines(svg).collect::<Vec<_>>().join("\n")
                );
            }
            Block::Figure(Figure::Image { alt, src }) => {
                let _ = writeln!(out, "<p>{}</p>", inline(&format!("![{alt}]({src})")).0);
            }
        }
    }
    out
}

/// Writes a list and the lists nested in its items; in a loose list, each item's text is a
/// paragraph.
fn list_html(out: &mut String, list: &List) {
    out.push_str(if list.ordered { "<ol>\n" } else { "<ul>\n" });
    let loose = list.loose();
    for item in &list.items {
        let md = format!("- {}", item.text);
        let text = inline_events(inside(&md, |t| matches!(t, Tag::Item))).0;
        if loose {
            let _ = write!(out, "<li>\n<p>{text}</p>\n");
        } else {
            let _ = write!(out, "<li>{text}");
        }
        if let Some(sub) = &item.sub {
            if !loose {
                out.push('\n');
            }
            list_html(out, sub);
        }
        out.push_str("</li>\n");
    }
    out.push_str(if list.ordered { "</ol>\n" } else { "</ul>\n" });
}

/// A paragraph's inline Markdown `text` as HTML (through [`Inert`]), and its plain text.
fn inline(text: &str) -> (String, String) {
    let events: Vec<Event> = Parser::new_ext(text, markdown_options())
        .filter(|e| {
            !matches!(
                e,
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
            )
        })
        .collect();
    inline_events(events)
}

/// A table cell's inline Markdown as HTML: read as a cell of a GitHub table, where `\|` is a
/// `|` even in a code span.
fn cell_html(cell: &str) -> String {
    let table = format!("| {cell} |\n|---|\n");
    inline_events(inside(&table, |t| matches!(t, Tag::TableCell))).0
}

/// The inline events of the first element of `md` whose start tag `container` accepts (a
/// heading, an item, a cell): the inline string is read where the Markdown document puts it,
/// so that it means there what it means in the Markdown write-up.
fn inside(md: &str, container: impl Fn(&Tag) -> bool) -> Vec<Event<'static>> {
    let mut depth = 0usize;
    let mut events = Vec::new();
    for e in Parser::new_ext(md, markdown_options()) {
        match e {
            Event::Start(ref t) if depth == 0 && container(t) => depth = 1,
            _ if depth == 0 => {}
            Event::Start(_) => {
                depth += 1;
                events.push(e.into_static());
            }
            Event::End(_) if depth == 1 => break,
            Event::End(_) => {
                depth -= 1;
                events.push(e.into_static());
            }
            e => events.push(e.into_static()),
        }
    }
    events
}

/// Inline events as HTML through [`Inert`], and their plain text (their text and code spans,
/// for a heading's id).
fn inline_events(events: Vec<Event>) -> (String, String) {
    let mut inert = Inert::default();
    let mut plain = String::new();
    for e in &events {
        if let Event::Text(t) | Event::Code(t) = e {
            plain.push_str(t);
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().filter_map(|e| inert.event(e)));
    (html, plain)
}

/// The Markdown extensions the inline strings use: GitHub tables and strikethrough.
fn markdown_options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("How a request flows"), "how-a-request-flows");
        assert_eq!(slug("HAProxy (lb) on lb-01"), "haproxy-lb-on-lb-01");
        assert_eq!(slug("—"), "section");
    }

    use crate::render::writeup::tree::read::parse;
    use crate::render::writeup::tree::{CodeBlock, Item, Table};

    #[test]
    fn raw_html_in_an_inline_string_is_escaped_and_the_diagram_inlined() {
        let blocks = vec![
            Block::Heading(1, "T".into()),
            Block::Paragraph("<script>alert(1)</script>".into()),
            Block::Figure(Figure::Svg(
                "<?xml version=\"1.0\"?>\n<svg id=\"d\"></svg>\n".into(),
            )),
            Block::Paragraph("text <b>x</b>".into()),
        ];
        let html = blocks_html(&blocks);
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
            "{html}"
        );
        assert!(!html.contains("<b>"));
        assert!(html.contains("<figure class=\"diagram\">\n<svg id=\"d\"></svg>\n</figure>\n"));
        assert!(!html.contains("<?xml"));
        assert!(html.starts_with("<h1 id=\"t\">T</h1>\n"), "{html}");
    }

    #[test]
    fn the_diagram_as_an_image() {
        let blocks = [Block::Figure(Figure::Image {
            alt: "Diagram of X".into(),
            src: "x%20y.svg".into(),
        })];
        assert_eq!(
            blocks_html(&blocks),
            "<p><img src=\"x%20y.svg\" alt=\"Diagram of X\" /></p>\n"
        );
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let blocks = parse("## Servers\n\n### `web` (a)\n\n### `web` (a)\n\n## Servers\n");
        let html = blocks_html(&blocks);
        assert_eq!(
            html,
            "<h2 id=\"servers\">Servers</h2>\n<h3 id=\"web-a\"><code>web</code> (a)</h3>\n<h3 id=\"web-a-2\"><code>web</code> (a)</h3>\n<h2 id=\"servers-2\">Servers</h2>\n"
        );
    }

    #[test]
    fn tables_lists_and_code_blocks() {
        let blocks = vec![
            Block::Table(Table {
                head: vec!["A".into(), "B".into()],
                rows: vec![vec![r"`a\|b`".into(), r"x \| y".into()]],
                spaced: false,
            }),
            Block::List(List {
                ordered: false,
                items: vec![Item {
                    text: "**high** `rule`".into(),
                    sub: Some(List::bullets(["Impact: x"])),
                    apart: false,
                }],
            }),
            Block::List(List::numbered(["one", "two"])),
            Block::Code(CodeBlock {
                info: "arch".into(),
                text: "a < b".into(),
            }),
        ];
        let html = blocks_html(&blocks);
        assert_eq!(
            html,
            "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>\n<tr><td><code>a|b</code></td><td>x | y</td></tr>\n</tbody></table>\n\
             <ul>\n<li><strong>high</strong> <code>rule</code>\n<ul>\n<li>Impact: x</li>\n</ul>\n</li>\n</ul>\n\
             <ol>\n<li>one</li>\n<li>two</li>\n</ol>\n\
             <pre><code class=\"language-arch\">a &lt; b\n</code></pre>\n"
        );
        // The same as pulldown-cmark writes for the Markdown of these blocks.
        let md = crate::render::writeup::tree::markdown(&blocks);
        let mut direct = String::new();
        pulldown_cmark::html::push_html(&mut direct, Parser::new_ext(&md, markdown_options()));
        assert_eq!(html, direct);
    }

    #[test]
    fn a_loose_list_as_pulldown_cmark_reads_its_markdown() {
        let blocks = parse("- a\n- b\n  - c\n\n- d\n");
        let html = blocks_html(&blocks);
        assert_eq!(
            html,
            "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n<ul>\n<li>c</li>\n</ul>\n</li>\n<li>\n<p>d</p>\n</li>\n</ul>\n"
        );
        let md = crate::render::writeup::tree::markdown(&blocks);
        let mut direct = String::new();
        pulldown_cmark::html::push_html(&mut direct, Parser::new_ext(&md, markdown_options()));
        assert_eq!(html, direct);
    }

    #[test]
    fn unsafe_links_and_external_images_lose_their_target() {
        let md =
            "[a](javascript:alert(1)) [b](https://x.org) ![c](https://x.org/i.png) ![d](d.svg)";
        let html = blocks_html(&[Block::Paragraph(md.into())]);
        assert!(!html.contains("javascript"), "{html}");
        assert!(
            html.contains("a <a href=\"https://x.org\">b</a> c <img src=\"d.svg\""),
            "{html}"
        );
    }
}
