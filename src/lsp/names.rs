//! Every element name in a file, where it is declared and where it is used, from the syntax
//! tree alone (so that navigation keeps working while the design has semantic errors): the
//! ground of go to definition, find references and rename.
//!
//! A use is an endpoint of a link (alternatives `a | b` included), an element named by an
//! `allow … on`, the target of `replicates = NAME`, and a flow named in a link's
//! `flows = [NAME, …]`.

use crate::diagnostic::Span;
use crate::syntax::ast::{Declaration, File, Ident, Item, ValueKind};

/// One occurrence of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The name as written.
    pub name: String,
    /// Where it is written (bytes).
    pub span: Span,
    /// Whether this is the name's declaration (`web_server web`) rather than a use.
    pub declaration: bool,
}

/// The occurrences of every element name in `file`, in source order.
pub fn occurrences(file: &File) -> Vec<Occurrence> {
    let mut out = Vec::new();
    walk(&file.items, &mut out);
    out.sort_by_key(|o| o.span.start);
    out
}

/// The occurrence at byte `offset` (touching either end of its span counts).
pub fn at(occurrences: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    occurrences
        .iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)
}

/// The declaration of `name`, if the file declares it.
pub fn declaration<'a>(occurrences: &'a [Occurrence], name: &str) -> Option<&'a Occurrence> {
    occurrences.iter().find(|o| o.declaration && o.name == name)
}

/// Every declaration in `file` with its enclosing declarations, outermost first, in source
/// order: `(declaration, ancestors)`.
pub fn declarations(file: &File) -> Vec<(&Declaration, Vec<&Declaration>)> {
    fn go<'a>(
        items: &'a [Item],
        stack: &mut Vec<&'a Declaration>,
        out: &mut Vec<(&'a Declaration, Vec<&'a Declaration>)>,
    ) {
        for item in items {
            if let Item::Declaration(d) = item {
                out.push((d, stack.clone()));
                stack.push(d);
                go(&d.body, stack, out);
                stack.pop();
            }
        }
    }
    let mut out = Vec::new();
    go(&file.items, &mut Vec::new(), &mut out);
    out
}

/// Whether `name` can be written as an identifier: a letter or `_`, then letters, digits, `_`
/// and `-` (never `->` inside), as the grammar's `ident`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !name.contains("->")
        && !name.ends_with('-')
}

fn push(out: &mut Vec<Occurrence>, ident: &Ident, declaration: bool) {
    out.push(Occurrence {
        name: ident.name.clone(),
        span: ident.span,
        declaration,
    });
}

fn word(out: &mut Vec<Occurrence>, value: &crate::syntax::ast::Value) {
    match &value.kind {
        ValueKind::Word(w) => out.push(Occurrence {
            name: w.clone(),
            span: value.span,
            declaration: false,
        }),
        ValueKind::List(items) => items.iter().for_each(|v| word(out, v)),
        _ => {}
    }
}

fn walk(items: &[Item], out: &mut Vec<Occurrence>) {
    for item in items {
        match item {
            Item::Declaration(d) => {
                push(out, &d.id, true);
                walk(&d.body, out);
            }
            Item::Link(link) => {
                for step in &link.chain {
                    for endpoint in step {
                        endpoint
                            .alternatives
                            .iter()
                            .for_each(|i| push(out, i, false));
                    }
                }
                for item in &link.body {
                    if let Item::Attribute(a) = item {
                        if a.key.name == "flows" {
                            word(out, &a.value);
                        }
                    }
                }
            }
            Item::Allow(a) => a.on.iter().for_each(|i| push(out, i, false)),
            Item::Attribute(a) if a.key.name == "replicates" => word(out, &a.value),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_and_uses_are_found() {
        let text = "client user\nflow buy\nweb_server web { replicates = x }\ndatabase db\nuser -> web | db : https { flows = [buy] }\nallow no-monitoring on db \"r\"\n";
        let (file, errors) = crate::syntax::parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        let all = occurrences(&file);
        let names: Vec<(&str, bool)> = all
            .iter()
            .map(|o| (o.name.as_str(), o.declaration))
            .collect();
        assert_eq!(
            names,
            [
                ("user", true),
                ("buy", true),
                ("web", true),
                ("x", false),
                ("db", true),
                ("user", false),
                ("web", false),
                ("db", false),
                ("buy", false),
                ("db", false)
            ]
        );
        let used = at(&all, text.rfind("db").unwrap() + 1).unwrap();
        assert_eq!(used.name, "db");
        assert_eq!(
            declaration(&all, "db").unwrap().span.start,
            text.find("db").unwrap()
        );
    }

    #[test]
    fn identifiers_follow_the_grammar() {
        assert!(is_identifier("web-01"));
        assert!(is_identifier("_x"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("a b"));
        assert!(!is_identifier("a->b"));
        assert!(!is_identifier(""));
    }
}
