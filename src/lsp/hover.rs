//! Hover: what a kind is (from `knowledge`), what a rule named in `allow` reports, and what an
//! element named anywhere in the file is.

use crate::diagnostic::Span;
use crate::knowledge;
use crate::model::Kind;
use crate::syntax::ast::{Declaration, File, Item, LinkStmt};

/// The Markdown shown when hovering byte `offset` of the file, and the span it is about; `None`
/// when there is nothing to say there.
pub fn hover(file: &File, offset: usize) -> Option<(String, Span)> {
    let mut declarations = Vec::new();
    collect(&file.items, &mut declarations);
    let inside = |span: Span| span.start <= offset && offset <= span.end;
    // A kind, or the identifier of a declaration.
    for d in &declarations {
        if inside(d.kind.span) {
            return kind_help(&d.kind.name).map(|text| (text, d.kind.span));
        }
        if inside(d.id.span) {
            return Some((element_help(d), d.id.span));
        }
    }
    // A rule or an element named by `allow`, an endpoint of a link.
    let mut references = Vec::new();
    references_in(&file.items, &mut references);
    for (name, span, is_rule) in references {
        if !inside(span) {
            continue;
        }
        if is_rule {
            let help = crate::analysis::rules::rule(name)?;
            return Some((
                format!(
                    "**`{}`** ({})\n\n{}\n\n{}",
                    help.name,
                    help.group.title(),
                    help.summary,
                    help.fix
                ),
                span,
            ));
        }
        let d = declarations.iter().find(|d| d.id.name == name)?;
        return Some((element_help(d), span));
    }
    None
}

/// What a kind is: its title and explanation.
fn kind_help(kind: &str) -> Option<String> {
    let info = match Kind::parse(kind)? {
        Kind::Component(k) => knowledge::component(k),
        Kind::Container(k) => knowledge::container(k),
    };
    Some(format!("**{}** (`{kind}`)\n\n{}", info.title, info.what))
}

/// What an element is: its kind, identifier and label, and its `why` when it has one.
fn element_help(d: &Declaration) -> String {
    let mut text = format!("{} `{}`", d.kind.name, d.id.name);
    if let Some(label) = &d.label {
        text.push_str(&format!(" \"{}\"", escape_markdown(&label.value)));
    }
    let why = d.body.iter().find_map(|item| match item {
        Item::Attribute(a) if a.key.name == "why" => Some(a.value.to_text()),
        _ => None,
    });
    if let Some(why) = why {
        text.push_str("\n\n");
        text.push_str(&escape_markdown(&why));
    }
    text
}

/// `text` with every character that Markdown could read as markup escaped by a backslash, so
/// that a label or a `why` is shown as written and never becomes a link, an image or HTML.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn collect<'a>(items: &'a [Item], out: &mut Vec<&'a Declaration>) {
    for item in items {
        if let Item::Declaration(d) = item {
            out.push(d);
            collect(&d.body, out);
        }
    }
}

/// Every name used outside declarations: `(name, span, is_rule)`.
fn references_in<'a>(items: &'a [Item], out: &mut Vec<(&'a str, Span, bool)>) {
    for item in items {
        match item {
            Item::Allow(a) => {
                out.push((&a.rule.name, a.rule.span, true));
                out.extend(a.on.iter().map(|i| (i.name.as_str(), i.span, false)));
            }
            Item::Link(LinkStmt { chain, body, .. }) => {
                for step in chain {
                    for endpoint in step {
                        out.extend(
                            endpoint
                                .alternatives
                                .iter()
                                .map(|i| (i.name.as_str(), i.span, false)),
                        );
                    }
                }
                references_in(body, out);
            }
            Item::Declaration(d) => references_in(&d.body, out),
            _ => {}
        }
    }
}
