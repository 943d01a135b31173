//! Code actions: quick fixes for the diagnostics the client sends back with the request.
//!
//! - a diagnostic that proposes a name (its `data.suggestion`, from
//!   [`crate::diagnostic::DiagnosticKind::suggestion`], or else ``did you mean `X`?`` in its
//!   message): replace its range with `X`;
//! - a review finding (source `archc review`, its rule as the code, its range on the element's
//!   identifier): append `allow RULE on ID "…"` at the end of the file, the reason left for the
//!   author to write;
//! - a file whose braces do not close (outside strings and comments): append the missing `}`.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, NumberOrString, TextEdit, Uri,
    WorkspaceEdit,
};

use super::text::LineIndex;

/// The quick fixes for `diagnostics` in `text` (the document `uri`), and the closing-brace fix
/// when the file needs one.
pub fn actions(uri: &Uri, text: &str, diagnostics: &[Diagnostic]) -> Vec<CodeActionOrCommand> {
    let index = LineIndex::new(text);
    let end = index.position(text, text.len());
    let mut out = Vec::new();
    for d in diagnostics {
        // The name the compiler proposed, from the diagnostic's data (a client that drops
        // `data` still gets the fix from the hint's words).
        let proposed = d
            .data
            .as_ref()
            .and_then(|v| v.get("suggestion"))
            .and_then(|v| v.as_str())
            .or_else(|| did_you_mean(&d.message));
        if let Some(name) = proposed {
            out.push(action(
                format!("Replace with `{name}`"),
                uri,
                vec![TextEdit::new(d.range, name.to_string())],
                Some(d),
                true,
            ));
        }
        if d.source.as_deref() == Some("archc review") {
            if let Some(NumberOrString::String(rule)) = &d.code {
                let start = index.offset(text, d.range.start);
                let stop = index.offset(text, d.range.end);
                let id = text.get(start..stop).unwrap_or("");
                if super::names::is_identifier(id) {
                    let lead = if text.is_empty() || text.ends_with('\n') {
                        ""
                    } else {
                        "\n"
                    };
                    out.push(action(
                        format!("Accept `{rule}` on `{id}` with `allow`"),
                        uri,
                        vec![TextEdit::new(
                            lsp_types::Range::new(end, end),
                            format!("{lead}allow {rule} on {id} \"…\"\n"),
                        )],
                        Some(d),
                        false,
                    ));
                }
            }
        }
    }
    let open = unclosed_braces(text);
    if open > 0 {
        let lead = if text.is_empty() || text.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        let braces = "}\n".repeat(open);
        out.push(action(
            if open == 1 {
                "Add the missing `}`".to_string()
            } else {
                format!("Add the {open} missing `}}`")
            },
            uri,
            vec![TextEdit::new(
                lsp_types::Range::new(end, end),
                format!("{lead}{braces}"),
            )],
            None,
            true,
        ));
    }
    out
}

/// The `X` of ``did you mean `X`?`` in a message.
pub fn did_you_mean(message: &str) -> Option<&str> {
    let rest = &message[message.find("did you mean `")? + "did you mean `".len()..];
    let name = &rest[..rest.find('`')?];
    (!name.is_empty()).then_some(name)
}

/// How many `{` are left open at the end of `text`: strings (`"…"`, with `\` escapes) and
/// comments (`#` to the end of the line) are skipped; a `}` with nothing open is ignored.
pub fn unclosed_braces(text: &str) -> usize {
    let mut depth = 0usize;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
            }
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

// `WorkspaceEdit::changes` is lsp-types' `HashMap<Uri, _>`; the map is built once, never mutated.
#[allow(clippy::mutable_key_type)]
fn action(
    title: String,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: Option<&Diagnostic>,
    preferred: bool,
) -> CodeActionOrCommand {
    let changes = HashMap::from([(uri.clone(), edits)]);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: diagnostic.map(|d| vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_in_strings_and_comments_do_not_count() {
        assert_eq!(
            unclosed_braces("host h {\n  web_server w { label = \"}\" # }\n"),
            2
        );
        assert_eq!(unclosed_braces("a { } }"), 0);
        assert_eq!(unclosed_braces("x = \"a\\\"{\""), 0);
    }

    #[test]
    fn did_you_mean_takes_the_name() {
        assert_eq!(
            did_you_mean("unknown\nhelp: did you mean `web`? or"),
            Some("web")
        );
        assert_eq!(did_you_mean("did you mean ``?"), None);
        assert_eq!(did_you_mean("nothing"), None);
    }
}
