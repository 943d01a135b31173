//! Diagnostics of one document: archc's syntax and semantic errors and warnings, and the
//! review's findings, as LSP diagnostics.

use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Uri,
};

use crate::analysis::{Finding, Severity};
use crate::design::Design;
use crate::diagnostic::{Diagnostic, Level, Span};
use crate::model::Model;

use super::text::LineIndex;

/// Where the review rules are documented when the client does not say (`rulesUrl` in the
/// `initialize` request's `initializationOptions`): the rules reference as published with the
/// crate. A finding links to `RULES_URL#RULE`.
pub const RULES_URL: &str = "https://docs.rs/crate/archc/latest/source/docs/rules.md";

/// The diagnostics of `text`, in source order within each group: errors and warnings of the
/// compiler first, then the review's findings (only when the design compiles) and the review's
/// warnings. `stem` is the design's default title; `uri` names the document in related
/// information; `rules_url` is the page that findings link to.
pub fn diagnostics(uri: &Uri, text: &str, stem: &str, rules_url: &str) -> Vec<LspDiagnostic> {
    let index = LineIndex::new(text);
    match Design::from_text(&format!("{stem}.arch"), text) {
        Err(rejected) => rejected
            .1
            .iter()
            .map(|d| compiler(uri, text, &index, d))
            .collect(),
        Ok(design) => {
            let Design {
                compiled, review, ..
            } = design;
            let mut out: Vec<LspDiagnostic> = compiled
                .warnings
                .iter()
                .map(|d| compiler(uri, text, &index, d))
                .collect();
            out.extend(
                review
                    .findings
                    .iter()
                    .map(|f| finding(uri, text, &index, &compiled.model, f, rules_url)),
            );
            out.extend(
                review
                    .warnings
                    .iter()
                    .map(|d| compiler(uri, text, &index, d)),
            );
            out
        }
    }
}

/// One compiler diagnostic: its primary label is the range, the other labels are related
/// information, and the help follows the message.
fn compiler(uri: &Uri, text: &str, index: &LineIndex, d: &Diagnostic) -> LspDiagnostic {
    let span = d.primary().unwrap_or_default();
    let mut message = d.message.clone();
    if let Some(primary) = d.labels.first().filter(|l| !l.message.is_empty()) {
        message.push_str(&format!(" ({})", primary.message));
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .skip(1)
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(text, l.span)),
            message: if l.message.is_empty() {
                "here".to_string()
            } else {
                l.message.clone()
            },
        })
        .collect();
    LspDiagnostic {
        range: index.range(text, span),
        severity: Some(match d.level {
            Level::Error => DiagnosticSeverity::ERROR,
            Level::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("archc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        // The quick fix reads the proposed name from here, not from the message's words.
        data: d
            .kind
            .suggestion()
            .map(|name| serde_json::json!({ "suggestion": name })),
        ..LspDiagnostic::default()
    }
}

/// How a finding of a given severity is shown. `archc check` fails at `high` by default, so
/// critical and high findings are errors, medium ones warnings, low ones information and info
/// ones hints.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Critical | Severity::High => DiagnosticSeverity::ERROR,
        Severity::Medium => DiagnosticSeverity::WARNING,
        Severity::Low => DiagnosticSeverity::INFORMATION,
        Severity::Info => DiagnosticSeverity::HINT,
    }
}

/// One finding, on the identifier of the element it is about (the first line of its span when
/// it names none), with its rule as the code, a link to the rule's documentation, its severity
/// in the message, and the other elements it concerns as related information.
fn finding(
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    model: &Model,
    f: &Finding,
    rules_url: &str,
) -> LspDiagnostic {
    let span = match f.elements.first() {
        Some(&e) => model.element(e).span,
        None => first_line(text, f.span),
    };
    let related: Vec<DiagnosticRelatedInformation> = f
        .elements
        .iter()
        .skip(1)
        .map(|&e| {
            let element = model.element(e);
            DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), index.range(text, element.span)),
                message: format!("{} `{}` is part of this finding", element.kind, element.id),
            }
        })
        .collect();
    LspDiagnostic {
        range: index.range(text, span),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: format!("{rules_url}#{}", f.rule)
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("archc review".to_string()),
        message: format!("{} ({}): {}", f.rule, f.severity.as_str(), f.message),
        related_information: (!related.is_empty()).then_some(related),
        ..LspDiagnostic::default()
    }
}

/// `span` cut at its first line break, so that a finding on a whole block marks its header.
fn first_line(text: &str, span: Span) -> Span {
    let start = span.start.min(text.len());
    let end = span.end.min(text.len()).max(start);
    let cut = text[start..end].find('\n').map_or(end, |i| start + i);
    Span::new(start, cut)
}
