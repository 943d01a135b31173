//! The design write-up as one standalone HTML page.
//!
//! [`html`] renders the Markdown write-up of [`super::writeup`] with pulldown-cmark into a
//! page that needs nothing else: the stylesheet is embedded (a light and a dark variant, chosen
//! by `prefers-color-scheme`, and a print style), the SVG diagram is inlined, and headings
//! carry ids for links. Raw HTML coming from the design (its description) is escaped, never
//! passed through; the only markup inserted as it is is the diagram produced by archc's own
//! SVG renderer.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::writeup::{document_with, safe_link_target, Diagram, DocOptions, DIAGRAM_MARKER};
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
    let diagram = match (&options.inline_svg, &options.svg_link) {
        (Some(_), _) => Diagram::Marker,
        (None, Some(link)) => Diagram::Link(link),
        (None, None) => Diagram::None,
    };
    let markdown = document_with(model, review, diagram, options.detail);
    let body = to_html(&markdown, options.inline_svg.as_deref());
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

/// The SVG text ready to inline: without XML declaration, doctype or blank lines.
fn clean_svg(svg: &str) -> String {
    svg.lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.is_empty() || t.starts_with("<?xml") || t.starts_with("<!DOCTYPE"))
        })
        .collect::<Vec<_>>()
        .join("\n")
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

/// Renders the Markdown to HTML: raw HTML escaped, the diagram marker replaced by the SVG,
/// ids on headings, only safe links (see [`safe_link_target`]) and only relative images.
fn to_html(markdown: &str, svg: Option<&str>) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut used_ids: Vec<String> = Vec::new();
    let mut inert = Inert::default();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                let mut text = String::new();
                for e in &events[i + 1..] {
                    match e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                }
                let base = slug(&text);
                let mut id = base.clone();
                let mut n = 1;
                while used_ids.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                used_ids.push(id.clone());
                out_events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(id.into()),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Html(h) if h.trim() == DIAGRAM_MARKER => {
                if let Some(svg) = svg {
                    out_events.push(Event::Html(
                        format!(
                            "<figure class=\"diagram\">\n{}\n</figure>\n",
                            clean_svg(svg)
                        )
                        .into(),
                    ));
                }
            }
            e => out_events.extend(inert.event(e.clone())),
        }
        i += 1;
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
    html
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

    #[test]
    fn raw_html_is_escaped_and_the_marker_replaced() {
        let md = format!("# T\n\n<script>alert(1)</script>\n\n{DIAGRAM_MARKER}\n\ntext <b>x</b>\n");
        let html = to_html(&md, Some("<?xml version=\"1.0\"?>\n<svg id=\"d\"></svg>\n"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("<figure class=\"diagram\">\n<svg id=\"d\"></svg>"));
        assert!(!html.contains("<?xml"));
        assert!(html.contains("<h1 id=\"t\">T</h1>"));
    }

    #[test]
    fn unsafe_links_and_external_images_lose_their_target() {
        let md =
            "[a](javascript:alert(1)) [b](https://x.org) ![c](https://x.org/i.png) ![d](d.svg)";
        let html = to_html(md, None);
        assert!(!html.contains("javascript"), "{html}");
        assert!(
            html.contains("a <a href=\"https://x.org\">b</a> c <img src=\"d.svg\""),
            "{html}"
        );
    }
}
