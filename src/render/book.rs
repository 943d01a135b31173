//! The HTML that the mdBook preprocessor puts in a book's pages: a design's diagram, its
//! findings and its write-up in one `<div>`, on one line, with no active content.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::markdown::{markdown, DocOptions};
use super::svg::{render_svg, SvgOptions, Theme};
use crate::analysis::Review;
use crate::model::Model;

/// What a block shows beside its diagram, and how the diagram is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlockParts {
    /// The diagram's colours.
    pub theme: Theme,
    /// Whether the diagram marks the review's findings.
    pub annotate: bool,
    /// Whether the findings are listed under the diagram.
    pub review: bool,
    /// Whether the whole write-up follows the diagram.
    pub doc: bool,
}

/// The HTML that replaces one block: the diagram, then the findings and the write-up when
/// asked for. Every id in it begins with `prefix`.
pub fn block(model: &Model, review: &Review, parts: BlockParts, prefix: &str) -> String {
    let mut html = format!("<div class=\"archc\" id=\"{prefix}\">");
    let svg_options = SvgOptions {
        theme: parts.theme,
        id_prefix: format!("{prefix}-"),
        annotate: parts.annotate.then_some(review),
        routing: Default::default(),
    };
    html.push_str(&render_svg(model, &svg_options));
    if parts.review {
        html.push_str(&findings_html(model, review));
    }
    if parts.doc {
        // The diagram is above: the write-up goes without its own.
        let doc = markdown(model, review, &DocOptions::default());
        html.push_str("<div class=\"archc-doc\">");
        html.push_str(&markdown_to_html(&doc));
        html.push_str("</div>");
    }
    html.push_str("</div>");
    html
}

/// The write-up as HTML, its headings one level down (its title becomes an `<h2>` under the
/// chapter's own title), with no active content ([`super::html::Inert`]: raw HTML
/// shown as text, only safe links, no external image).
pub fn markdown_to_html(doc: &str) -> String {
    use pulldown_cmark::HeadingLevel as H;
    let deeper = |level: H| match level {
        H::H1 => H::H2,
        H::H2 => H::H3,
        H::H3 => H::H4,
        H::H4 => H::H5,
        _ => H::H6,
    };
    let mut inert = super::html::Inert::default();
    let events = Parser::new_ext(doc, Options::ENABLE_TABLES).filter_map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: deeper(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(deeper(level)))),
        other => inert.event(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The review's findings as an HTML list.
pub fn findings_html(model: &Model, review: &Review) -> String {
    let mut html = String::from("<div class=\"archc-review\">");
    if review.findings.is_empty() && review.allowed.is_empty() {
        html.push_str("<p>The review found nothing.</p>");
    } else {
        html.push_str("<ul class=\"archc-findings\">");
        for f in &review.findings {
            html.push_str(&format!(
                "<li class=\"archc-{}\"><strong>{}</strong> <code>{}</code>: {}</li>",
                f.severity.as_str(),
                f.severity.as_str(),
                super::html::escape_html(&f.id(model)),
                super::html::escape_html(&f.message)
            ));
        }
        for a in &review.allowed {
            html.push_str(&format!(
                "<li class=\"archc-allowed\"><strong>accepted</strong> <code>{}</code>: {} <em>({})</em></li>",
                super::html::escape_html(&a.finding.id(model)),
                super::html::escape_html(&a.finding.message),
                super::html::escape_html(&a.reason)
            ));
        }
        html.push_str("</ul>");
    }
    html.push_str("</div>");
    html
}

/// The page's replacement for a block that does not compile (`on-error = "render"`).
pub fn error_html(prefix: &str, message: &str) -> String {
    format!(
        "<div class=\"archc archc-error\" id=\"{prefix}\"><pre>{}</pre></div>",
        super::html::escape_html(message)
    )
}

/// Puts HTML on one line without changing what it shows, so that the Markdown around it (a
/// list item, a block quote) still holds it and no blank line ends the HTML block early: a
/// line break inside a tag, or in a `<style>` element, becomes a space; one in text becomes the
/// character reference `&#10;`.
pub fn one_line(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut in_style = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        match c {
            '<' => {
                in_tag = true;
                let lower = rest.get(..7).unwrap_or("").to_ascii_lowercase();
                if lower.starts_with("<style") {
                    in_style = true;
                } else if lower.starts_with("</style") {
                    in_style = false;
                }
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            '\r' => {}
            '\n' if in_tag || in_style => out.push(' '),
            '\n' => out.push_str("&#10;"),
            c => out.push(c),
        }
        rest = &rest[len..];
    }
    out
}
