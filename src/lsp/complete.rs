//! Completion: what may be written at the cursor, from the text before it on its line and the
//! declaration (or link) whose body holds it.
//!
//! - after `allow `: the rule names; after `allow RULE on ` (and each `,`): the elements;
//! - after `->`, `~>`, `|` or `,` in a link: the elements (components and containers);
//! - after the `:` of a link: the protocols archc explains ([`crate::knowledge::protocols`]);
//! - after `KEY = ` (or inside its list): the values the key takes: the vocabulary of
//!   [`crate::model::kinds`] for typed keys, `true`/`false` for flags, the elements for
//!   `replicates`, the declared flows and `reads`/`writes` for a link's `flows`;
//! - at the start of a line in a body: the keys that the enclosing kind accepts
//!   ([`crate::model::accepted_keys`]; in a link [`crate::model::LINK_KEYS`], in a flow
//!   [`crate::model::FLOW_KEYS`]), and in a container the kinds; at the top
//!   level the kinds, `flow`, `allow`, `title`, `description`, `direction` and the elements
//!   (to start a link).
//!
//! Everything is computed from the syntax tree that [`crate::syntax::parse`] recovers, so
//! completion works while the file is being typed. Linear in the file.

use lsp_types::{CompletionItem, CompletionItemKind};

use crate::model::kinds::{
    Access, Algorithm, ComponentKind, ContainerKind, Direction, Failover, Replication, Role, Setup,
    Signal, Tls, Trust,
};
use crate::model::{accepted_keys, Kind, FLOW_KEYS, LINK_KEYS};
use crate::syntax::ast::{Declaration, File, Item};

use super::names;

/// The items to offer at byte `offset` of `text`, whose recovered syntax tree is `file`.
pub fn complete(text: &str, file: &File, offset: usize) -> Vec<CompletionItem> {
    let offset = floor_boundary(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    // The word being typed is replaced by the client's own filtering: drop it.
    let head = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let trimmed = head.trim_start();
    let elements = || element_items(file);

    if let Some(rest) = trimmed.strip_prefix("allow ") {
        let rest = rest.trim_start();
        if !rest.contains(char::is_whitespace) {
            return crate::analysis::rules::rules()
                .iter()
                .map(|r| item(r.name, CompletionItemKind::EVENT, r.summary))
                .collect();
        }
        return if rest.contains(" on ") && !rest.contains('"') {
            elements()
        } else {
            Vec::new()
        };
    }
    if let Some(eq) = trimmed.find('=') {
        let key = trimmed[..eq].trim();
        if names::is_identifier(key) && !trimmed[eq + 1..].contains('"') {
            return values(key, file);
        }
    }
    let tail = head.trim_end();
    if tail.ends_with(':') && (tail.contains("->") || tail.contains("~>")) {
        return crate::knowledge::protocols()
            .iter()
            .map(|p| item(p.name, CompletionItemKind::ENUM_MEMBER, p.display))
            .collect();
    }
    if tail.ends_with("->") || tail.ends_with("~>") || tail.ends_with('|') {
        return elements();
    }
    if tail.ends_with(',')
        && (trimmed.contains("->") || trimmed.contains("~>") || !trimmed.contains(' '))
    {
        return elements();
    }
    if !trimmed.is_empty() {
        return Vec::new();
    }
    match enclosing(file, offset) {
        Enclosing::Declaration(d) if d.kind.name == "flow" => keys(&FLOW_KEYS),
        Enclosing::Declaration(d) => match Kind::parse(&d.kind.name) {
            Some(kind) => {
                let mut out = keys(&accepted_keys(kind));
                if matches!(kind, Kind::Container(_)) {
                    out.extend(kinds());
                    out.extend(elements());
                }
                out
            }
            None => Vec::new(),
        },
        Enclosing::Link => keys(&LINK_KEYS),
        Enclosing::Top => {
            let mut out = kinds();
            for (word, doc) in [
                (
                    "flow",
                    "a named user journey: `flow ID \"LABEL\" { access = read }`",
                ),
                (
                    "allow",
                    "accept a finding on purpose: `allow RULE on ID \"REASON\"`",
                ),
                ("title", "the design's title: `title \"…\"`"),
                (
                    "description",
                    "the design's description: `description \"…\"`",
                ),
                (
                    "direction",
                    "the diagram's main direction: `direction down` or `right`",
                ),
            ] {
                out.push(item(word, CompletionItemKind::KEYWORD, doc));
            }
            out.extend(elements());
            out
        }
    }
}

/// What holds the cursor.
enum Enclosing<'a> {
    Top,
    Declaration(&'a Declaration),
    Link,
}

/// The innermost body that holds `offset`.
fn enclosing(file: &File, offset: usize) -> Enclosing<'_> {
    fn go<'a>(items: &'a [Item], offset: usize, found: &mut Enclosing<'a>) {
        for item in items {
            let span = item.span();
            // Inside the braces: after the header, before the closing brace.
            if !(span.start < offset && offset < span.end) {
                continue;
            }
            match item {
                Item::Declaration(d) if d.has_body => {
                    *found = Enclosing::Declaration(d);
                    go(&d.body, offset, found);
                }
                Item::Link(l) if l.has_body => *found = Enclosing::Link,
                _ => {}
            }
        }
    }
    let mut found = Enclosing::Top;
    go(&file.items, offset, &mut found);
    found
}

/// The words of the vocabulary that `key` takes (empty for free text, numbers, names).
pub fn value_words(key: &str) -> Vec<&'static str> {
    match key {
        "algorithm" => Algorithm::spellings(),
        "setup" => Setup::spellings(),
        "tls" => Tls::spellings(),
        "role" => Role::spellings(),
        "replication" => Replication::spellings(),
        "failover" => Failover::spellings(),
        "trust" => Trust::spellings(),
        "access" => Access::spellings(),
        "collects" => Signal::spellings(),
        "direction" => Direction::spellings(),
        "managed" | "waf" | "trusted" | "encrypted" | "optional" | "failure_domain" => {
            vec!["true", "false"]
        }
        _ => Vec::new(),
    }
}

/// The values `key` takes.
fn values(key: &str, file: &File) -> Vec<CompletionItem> {
    let words = match key {
        "replicates" => return element_items(file),
        "flows" => {
            let mut out: Vec<CompletionItem> = names::declarations(file)
                .into_iter()
                .filter(|(d, _)| d.kind.name == "flow")
                .map(|(d, _)| {
                    item(
                        &d.id.name,
                        CompletionItemKind::EVENT,
                        "a flow of the design",
                    )
                })
                .collect();
            out.push(item(
                "reads",
                CompletionItemKind::EVENT,
                "the built-in read flow",
            ));
            out.push(item(
                "writes",
                CompletionItemKind::EVENT,
                "the built-in write flow",
            ));
            return out;
        }
        key => value_words(key),
    };
    words
        .into_iter()
        .map(|w| {
            item(
                w,
                CompletionItemKind::ENUM_MEMBER,
                &format!("a value of `{key}`"),
            )
        })
        .collect()
}

fn keys(keys: &[&str]) -> Vec<CompletionItem> {
    keys.iter()
        .map(|k| CompletionItem {
            insert_text: Some(format!("{k} = ")),
            ..item(k, CompletionItemKind::PROPERTY, "an attribute")
        })
        .collect()
}

fn kinds() -> Vec<CompletionItem> {
    let component = ComponentKind::ALL.iter().map(|k| k.as_str());
    let container = ContainerKind::ALL.iter().map(|k| k.as_str());
    component
        .chain(container)
        .map(|k| {
            let info = match Kind::parse(k) {
                Some(Kind::Component(c)) => crate::knowledge::component(c),
                Some(Kind::Container(c)) => crate::knowledge::container(c),
                None => unreachable!("the vocabulary's own spellings parse"),
            };
            item(k, CompletionItemKind::CLASS, info.title)
        })
        .collect()
}

/// The elements declared in the file (components and containers: flows and what the parser
/// recovered from half-typed lines aside), in source order.
fn element_items(file: &File) -> Vec<CompletionItem> {
    names::declarations(file)
        .into_iter()
        .filter(|(d, _)| Kind::parse(&d.kind.name).is_some())
        .map(|(d, _)| {
            let detail = match &d.label {
                Some(l) => format!("{} \"{}\"", d.kind.name, l.value),
                None => d.kind.name.clone(),
            };
            item(&d.id.name, CompletionItemKind::VARIABLE, &detail)
        })
        .collect()
}

fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail.to_string()),
        ..CompletionItem::default()
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').expect("the cursor is `|`");
        let text = text.replacen('|', "", 1);
        let (file, _) = crate::syntax::parse(&text);
        complete(&text, &file, offset)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn contexts_give_their_items() {
        let design = "client user\nweb_server web {\n  |\n}\n";
        let l = labels(design);
        assert!(
            l.contains(&"tls".to_string()) && !l.contains(&"role".to_string()),
            "{l:?}"
        );
        let l = labels("database db {\n  role = |\n}\n");
        assert!(l.contains(&"primary".to_string()), "{l:?}");
        let l = labels("client user\nweb_server web\nuser -> w|");
        assert_eq!(l, ["user", "web"]);
        let l = labels("client user\nallow no-mon|");
        assert!(l.contains(&"no-monitoring".to_string()), "{l:?}");
        let l = labels("client user\nweb_server web\nuser -> web : ht|");
        assert!(
            l.contains(&"https".to_string()) && l.contains(&"mysql".to_string()),
            "{l:?}"
        );
        assert!(!l.contains(&"user".to_string()), "{l:?}");
        let l = labels("client user\nweb_server web\nuser -> web {\n  |\n}\n");
        assert!(
            l.contains(&"optional".to_string()) && l.contains(&"flows".to_string()),
            "{l:?}"
        );
        assert!(!l.contains(&"tls".to_string()), "{l:?}");
        let l = labels("flow checkout {\n  |\n}\n");
        assert!(l.contains(&"access".to_string()), "{l:?}");
        assert!(!l.contains(&"port".to_string()), "{l:?}");
        let l = labels("client user\n|");
        assert!(
            l.contains(&"database".to_string()) && l.contains(&"allow".to_string()),
            "{l:?}"
        );
    }
}
