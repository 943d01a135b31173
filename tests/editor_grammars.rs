//! The editors' grammars know the language the compiler knows: every kind and every attribute
//! key that archc accepts is highlighted as one by the TextMate grammar of the VS Code extension
//! (`editors/vscode/syntaxes/arch.tmLanguage.json`) and by the guide's highlight.js definition
//! (`docs/js/highlight-arch.js`), and the statement keywords are the reserved words.

use std::collections::BTreeSet;

use archc::model::{ComponentKind, ContainerKind, Kind};

const TEXTMATE: &str = include_str!("../editors/vscode/syntaxes/arch.tmLanguage.json");
const HIGHLIGHT_JS: &str = include_str!("../docs/js/highlight-arch.js");

fn grammar() -> serde_json::Value {
    serde_json::from_str(TEXTMATE).expect("the TextMate grammar is JSON")
}

/// The words of the first `(a|b|c)` group after `after` in `pattern`.
fn alternation(pattern: &str, after: &str) -> BTreeSet<String> {
    let start = pattern.find(after).expect("the group is in the pattern") + after.len();
    let end = start + pattern[start..].find(')').expect("the group is closed");
    pattern[start..end].split('|').map(str::to_string).collect()
}

/// The kinds of the declaration pattern whose kind has the scope `scope`.
fn grammar_kinds(scope: &str) -> BTreeSet<String> {
    let g = grammar();
    let pattern = g["repository"]["declaration"]["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["captures"]["1"]["name"] == scope)
        .unwrap_or_else(|| panic!("no declaration pattern for {scope}"));
    alternation(pattern["match"].as_str().unwrap(), "\\s*(")
}

/// The attribute keys that the grammar scopes as known keys.
fn grammar_keys() -> BTreeSet<String> {
    let g = grammar();
    let known = g["repository"]["attribute"]["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["beginCaptures"]["1"]["name"] == "entity.other.attribute-name.arch")
        .flat_map(|p| {
            let begin = p["begin"].as_str().unwrap();
            alternation(begin, "(?<![A-Za-z0-9_-])(")
                .into_iter()
                .map(|w| w.trim_start_matches("(?:").to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    known
}

/// The keys that archc's "unknown attribute" error says `subject` accepts.
fn accepted_keys(source: &str) -> BTreeSet<String> {
    let errors = archc::compile(source, "probe").expect_err("an unknown key is an error");
    let error = errors
        .iter()
        .find(|d| d.code == "E0204")
        .unwrap_or_else(|| panic!("no unknown-attribute error for {source}: {errors:?}"));
    let help = error
        .help
        .as_deref()
        .expect("the error lists the accepted keys");
    let keys: BTreeSet<String> = help
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|k| *k != "x-" && !k.contains("zzz"))
        .map(str::to_string)
        .collect();
    assert!(keys.len() >= 4, "no keys found in {help:?}");
    keys
}

#[test]
fn textmate_grammar_has_exactly_the_component_kinds() {
    let archc: BTreeSet<String> = ComponentKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    assert_eq!(grammar_kinds("storage.type.component.arch"), archc);
}

#[test]
fn textmate_grammar_has_every_container_kind() {
    let grammar = grammar_kinds("storage.type.container.arch");
    for kind in ContainerKind::ALL {
        assert!(
            grammar.contains(kind.as_str()),
            "{kind} is not a container in the grammar"
        );
    }
}

#[test]
fn textmate_grammar_knows_every_key_that_archc_accepts() {
    let grammar = grammar_keys();
    assert!(grammar.contains("failure_domain") && grammar.contains("label"));
    for name in Kind::names() {
        let kind = Kind::parse(name).unwrap();
        let source = match kind {
            Kind::Component(_) => format!("{name} probe {{ zzz = 1 }}"),
            Kind::Container(_) => format!("{name} probe {{ zzz = 1; service inside }}"),
        };
        for key in accepted_keys(&source) {
            assert!(
                grammar.contains(&key),
                "`{key}` ({name}) is not a key in the grammar"
            );
        }
    }
    for key in accepted_keys("service a\nservice b\na -> b { zzz = 1 }") {
        assert!(
            grammar.contains(&key),
            "`{key}` (links) is not a key in the grammar"
        );
    }
}

#[test]
fn textmate_and_highlight_js_keywords_are_the_reserved_words() {
    let reserved: BTreeSet<String> = archc::syntax::RESERVED
        .iter()
        .map(|w| w.to_string())
        .collect();
    let g = grammar();
    let keywords = g["repository"]["statement-keyword"]["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["captures"]["1"]["name"] == "keyword.other.$1.arch")
        .expect("the keyword pattern");
    assert_eq!(
        alternation(keywords["match"].as_str().unwrap(), "-])("),
        reserved
    );
    let start = HIGHLIGHT_JS
        .find("var RESERVED = \"")
        .expect("RESERVED in highlight-arch.js")
        + 16;
    let end = start + HIGHLIGHT_JS[start..].find('"').unwrap();
    let highlight_js: BTreeSet<String> = HIGHLIGHT_JS[start..end]
        .split('|')
        .map(str::to_string)
        .collect();
    assert_eq!(highlight_js, reserved);
}

#[test]
fn highlight_js_has_every_kind() {
    for name in Kind::names() {
        assert!(
            HIGHLIGHT_JS.contains(&format!("\"{name}\"")),
            "{name} is not a kind in docs/js/highlight-arch.js"
        );
    }
}
