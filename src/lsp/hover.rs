//! Hover: what a kind is (from `knowledge`), what a rule named in `allow` reports, what an
//! attribute key takes and what its value means, and what an element named anywhere in the file
//! is (its kind, label, host, `why`, and the review's findings on it).

use crate::design::Design;
use crate::diagnostic::Span;
use crate::knowledge;
use crate::model::{ContainerKind, Kind};
use crate::syntax::ast::{Declaration, File, Item, LinkStmt, ValueKind};

/// The Markdown shown when hovering byte `offset` of the file, and the span it is about; `None`
/// when there is nothing to say there. `design` is the file compiled and reviewed, when it
/// compiles: an element's findings come from it.
pub fn hover(file: &File, offset: usize, design: Option<&Design>) -> Option<(String, Span)> {
    let declarations = super::names::declarations(file);
    let inside = |span: Span| span.start <= offset && offset <= span.end;
    // A kind, or the identifier of a declaration.
    for (d, ancestors) in &declarations {
        if inside(d.kind.span) {
            return kind_help(&d.kind.name).map(|text| (text, d.kind.span));
        }
        if inside(d.id.span) {
            return Some((element_help(d, ancestors, design), d.id.span));
        }
    }
    // An attribute's key or value.
    if let Some(found) = attribute_help(&file.items, offset, None) {
        return Some(found);
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
        let (d, ancestors) = declarations.iter().find(|(d, _)| d.id.name == name)?;
        return Some((element_help(d, ancestors, design), span));
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

/// What an element is: its kind, identifier and label, the host that holds it, its `why`
/// when it has one, and the review's findings about it.
fn element_help(d: &Declaration, ancestors: &[&Declaration], design: Option<&Design>) -> String {
    let mut text = format!("{} `{}`", d.kind.name, d.id.name);
    if let Some(label) = &d.label {
        text.push_str(&format!(" \"{}\"", escape_markdown(&label.value)));
    }
    let host = ancestors
        .iter()
        .rev()
        .find(|a| Kind::parse(&a.kind.name) == Some(Kind::Container(ContainerKind::Host)));
    if let Some(host) = host {
        text.push_str(&format!(" on host `{}`", host.id.name));
    }
    let why = d.body.iter().find_map(|item| match item {
        Item::Attribute(a) if a.key.name == "why" => Some(a.value.to_text()),
        _ => None,
    });
    if let Some(why) = why {
        text.push_str("\n\n");
        text.push_str(&escape_markdown(&why));
    }
    if let Some(design) = design {
        let model = design.model();
        if let Some(id) = model.find(&d.id.name) {
            let findings: Vec<String> = design
                .review
                .findings
                .iter()
                .filter(|f| f.elements.contains(&id))
                .map(|f| {
                    format!(
                        "- **{}** `{}`: {}",
                        f.severity.as_str(),
                        f.rule,
                        escape_markdown(&f.message)
                    )
                })
                .collect();
            if !findings.is_empty() {
                text.push_str("\n\nFindings:\n");
                text.push_str(&findings.join("\n"));
            }
        }
    }
    text
}

/// What the attribute under `offset` is: for its key, the values it takes; for a value of the
/// vocabulary, what that value means ([`knowledge`]). `owner` is the kind of the
/// enclosing declaration (`None` in a link).
fn attribute_help(items: &[Item], offset: usize, owner: Option<&str>) -> Option<(String, Span)> {
    let inside = |span: Span| span.start <= offset && offset <= span.end;
    for item in items {
        if !inside(item.span()) {
            continue;
        }
        match item {
            Item::Declaration(d) => return attribute_help(&d.body, offset, Some(&d.kind.name)),
            Item::Link(l) => return attribute_help(&l.body, offset, None),
            Item::Attribute(a) if inside(a.key.span) => {
                let of = match owner {
                    Some(kind) => format!("`{kind}`"),
                    None => "a link".to_string(),
                };
                let values = super::complete::value_words(&a.key.name);
                let mut text = format!("**`{}`**, an attribute of {of}", a.key.name);
                if !values.is_empty() {
                    let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    text.push_str(&format!("\n\nTakes {}.", list.join(", ")));
                }
                return Some((text, a.key.span));
            }
            Item::Attribute(a) if inside(a.value.span) => {
                let word = match &a.value.kind {
                    ValueKind::Word(w) => w.as_str(),
                    _ => return None,
                };
                let entry = value_entry(&a.key.name, word)?;
                return Some((
                    format!(
                        "**`{}`** ({}): {}\n\n{}",
                        entry.name, a.key.name, entry.short, entry.detail
                    ),
                    a.value.span,
                ));
            }
            _ => return None,
        }
    }
    None
}

/// The explanation of `word` as a value of `key`.
fn value_entry(key: &str, word: &str) -> Option<knowledge::Entry> {
    use crate::model::kinds::{
        Access, Direction, Failover, Replication, Role, Setup, Signal, Tls, Trust,
    };
    Some(match key {
        "setup" => knowledge::setup(Setup::parse(word)?),
        "tls" => knowledge::tls(Tls::parse(word)?),
        "role" => knowledge::role(Role::parse(word)?),
        "replication" => knowledge::replication(Replication::parse(word)?),
        "failover" => knowledge::failover(Failover::parse(word)?),
        "trust" => knowledge::trust(Trust::parse(word)?),
        "access" => knowledge::access(Access::parse(word)?),
        "direction" => knowledge::direction(Direction::parse(word)?),
        "collects" => knowledge::signal(Signal::parse(word)?),
        "algorithm" => {
            let info = knowledge::algorithm(crate::model::kinds::Algorithm::parse(word)?);
            return Some(knowledge::Entry {
                name: info.name,
                short: info.short,
                detail: info.how,
            });
        }
        _ => return None,
    })
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
