//! Escaping: user text, code spans, finding messages, the description and link targets, made
//! safe to write in the document's inline Markdown.

use std::fmt::Write as _;

/// Escapes user text for use in Markdown prose or a table cell: every character that could
/// start emphasis, a link, HTML, a code span, a heading, a list, a table cell or an entity is
/// preceded by a backslash, and line breaks become spaces. The result renders as the text
/// itself.
///
/// ```
/// use archc::render::markdown::escape;
/// assert_eq!(escape("a*b_c|d"), r"a\*b\_c\|d");
/// assert_eq!(escape("# x"), r"\# x");
/// assert_eq!(escape("1. x"), r"1\. x");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut start = true;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            // Block markers that only matter at the start of a line: a list (`-`, `+`, `1.`,
            // `1)`), a setext underline (`=`). Escaping them anywhere is harmless.
            '-' | '+' | '=' if start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if i > 0 && chars[..i].iter().all(|d| d.is_ascii_digit()) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        if !c.is_whitespace() {
            start = false;
        }
    }
    out
}

/// An inline code span holding `text` as it is (outside tables).
///
/// ```
/// use archc::render::markdown::code;
/// assert_eq!(code("tcp/443"), "`tcp/443`");
/// assert_eq!(code("a`b"), "``a`b``");
/// ```
pub fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A code span inside a table cell: a `|` must be escaped even there (GitHub tables).
pub(super) fn code_cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

/// A finding's message: text with identifiers in backticks. The backticked parts become code
/// spans (inside which nothing is interpreted) and the rest is escaped; with unbalanced
/// backticks, everything is escaped.
pub fn message(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i % 2 == 1 { code(p) } else { escape(p) })
        .collect()
}

/// User text in quotation marks.
pub(super) fn quote(text: &str) -> String {
    format!("“{}”", escape(text))
}

/// Makes the description one paragraph of inline Markdown that has no active content.
///
/// The description is parsed as CommonMark (pulldown-cmark) and written back from its events,
/// keeping emphasis, strong emphasis, code spans and links whose target
/// [`safe_link_target`] accepts; everything else is text, escaped with [`escape`]: raw HTML,
/// a link to any other scheme (`javascript:`, `data:`, `vbscript:`…) and its target, and an
/// image (only its alternative text: an image would load from elsewhere). Line breaks become
/// spaces and a leading block marker is escaped first, so the description stays one
/// paragraph: `# x` is the text `# x`, not a heading.
///
/// ```
/// use archc::render::markdown::description_paragraph;
/// assert_eq!(description_paragraph("*Fast* [docs](https://x.org)"), "*Fast* [docs](https://x.org)");
/// assert_eq!(description_paragraph("[a](javascript:alert(1)) <b>"), r"a \<b\>");
/// assert_eq!(description_paragraph("# One\n- two"), r"\# One - two");
/// ```
pub fn description_paragraph(text: &str) -> String {
    use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
    let mut out = String::new();
    // For each open link: whether it was kept (so its end writes the target).
    let mut links: Vec<Option<String>> = Vec::new();
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for event in Parser::new(&inline_only(&one_line)) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&escape(&t));
            }
            Event::Code(t) => out.push_str(&code(&t)),
            Event::SoftBreak | Event::HardBreak | Event::Rule => space(&mut out),
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => out.push('*'),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => out.push_str("**"),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let dest = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let kept = safe_link_target(&dest);
                if kept.is_some() {
                    out.push('[');
                }
                links.push(kept);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(dest)) = links.pop() {
                    let _ = write!(out, "]({})", link_destination(&dest));
                }
            }
            // Images keep their alternative text only; blocks become spaces.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(_) | Event::End(_) => space(&mut out),
            _ => {}
        }
    }
    // A leading `-`, `+` or `1.` is escaped by `escape` already; a leading `*` is emphasis
    // (a list needs a space after it, which emphasis never has).
    out.trim().to_string()
}

/// One line of Markdown that parses as one paragraph: a marker that would start another
/// block at its beginning (a heading's `#`, a quote's `>`, a list item's `-`, `+`, `*` or
/// `1.` before a space, a thematic break, a code fence) is escaped. Emphasis at the start
/// (`*Fast*`) is not a marker and is kept.
pub(super) fn inline_only(line: &str) -> String {
    let first = line.chars().next();
    let second = line.chars().nth(1);
    let thematic = first.is_some_and(|c| {
        matches!(c, '*' | '-' | '_')
            && line.chars().filter(|&d| d == c).count() >= 3
            && line.chars().all(|d| d == c || d == ' ' || d == '\t')
    });
    let list = matches!(first, Some('-' | '+' | '*')) && matches!(second, None | Some(' '));
    if thematic
        || list
        || matches!(first, Some('#' | '>'))
        || line.starts_with("```")
        || line.starts_with("~~~")
    {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if (rest.starts_with('.') || rest.starts_with(')'))
            && matches!(rest[1..].chars().next(), None | Some(' '))
        {
            return format!("{}\\{rest}", &line[..digits]);
        }
    }
    line.to_string()
}

/// The target of a link that the write-up may keep, or `None`: `http:`, `https:` and
/// `mailto:` URLs, and relative references (no scheme: `docs/x.md`, `#section`, `/a`).
///
/// The scheme is read as a browser reads it (the WHATWG URL standard, "scheme state"): control
/// characters (tab and line breaks included) are removed first and surrounding spaces
/// trimmed, so `java\tscript:` is `javascript:`; the scheme is compared without case.
/// The returned target is that normalised text.
///
/// ```
/// use archc::render::markdown::safe_link_target;
/// assert_eq!(safe_link_target("HTTPS://x.org/a?b#c").as_deref(), Some("HTTPS://x.org/a?b#c"));
/// assert_eq!(safe_link_target("docs/rules.md").as_deref(), Some("docs/rules.md"));
/// assert_eq!(safe_link_target(" java\tscript:alert(1)"), None);
/// assert_eq!(safe_link_target("data:text/html,x"), None);
/// ```
pub fn safe_link_target(dest: &str) -> Option<String> {
    let cleaned: String = dest.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim_matches(' ').to_string();
    let end = cleaned.find([':', '/', '?', '#']);
    let Some(colon) = end.filter(|&i| cleaned[i..].starts_with(':')) else {
        return Some(cleaned); // no scheme: a relative reference
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // `a b:c` has no valid scheme: a browser reads it as a relative path.
        return Some(cleaned);
    }
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "mailto"
    )
    .then_some(cleaned)
}

/// Percent-encodes what would break a Markdown link destination, and escapes what would
/// change it when read back (`&` would start an entity reference).
pub(super) fn link_destination(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        match c {
            '&' => out.push_str("\\&"),
            ' ' | '(' | ')' | '<' | '>' | '\\' | '"' | '\'' | '`' | '|' | '[' | ']' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The Markdown spelling of element names ([`crate::model::naming`]): labels escaped
/// ([`escape`]), identifiers in code spans ([`code`]). The write-up and the diff both name
/// elements through the model's naming with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Markdown;

impl crate::model::naming::Spelling for Markdown {
    fn text(&self, text: &str) -> String {
        escape(text)
    }
    fn id(&self, id: &str) -> String {
        code(id)
    }
}
