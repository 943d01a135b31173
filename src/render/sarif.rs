//! The review as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), as GitHub
//! code scanning reads it.
//!
//! One run whose `tool.driver` lists every rule of the registry (summary, why, help text and
//! Markdown, default level, tags), and one result per finding: `ruleId`, `ruleIndex`, `level`
//! (critical and high → `error`, medium → `warning`, low and info → `note`), `message`, a
//! `physicalLocation` whose region is the declaration of the finding's first element, and
//! `partialFingerprints` holding the stable finding id `rule@element`, so that a finding keeps
//! its identity when lines move. Findings silenced by `allow` are results with an `inSource`
//! suppression carrying the reason. Security rules carry a `security-severity` score.
//!
//! Artifact URIs are the file names as given, relative to `%SRCROOT%` when relative: pass
//! paths relative to the repository root for GitHub.

use serde_json::{json, Value};

use super::review::FileReview;
use crate::analysis::{rules, Finding, Severity};
use crate::diagnostic::line_col;

/// The SARIF `level` of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn is_security(rule: &str) -> bool {
    matches!(
        rule,
        "no-firewall"
            | "no-https"
            | "tls-terminated-at-load-balancer"
            | "database-exposed"
            | "unencrypted-replication"
    )
}

fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn driver_rules() -> Vec<Value> {
    rules()
        .iter()
        .map(|r| {
            let mut properties = json!({
                "tags": [if is_security(r.name) { "security" } else { "reliability" }],
                "precision": "high",
            });
            if is_security(r.name) {
                properties["security-severity"] = json!(security_severity(r.severity));
            }
            json!({
                "id": r.name,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": one_line(r.why)},
                "help": {
                    "text": format!("{}\n\nHow to fix it: {}", one_line(r.why), one_line(r.fix)),
                    "markdown": format!(
                        "**{}**\n\n### Why it matters\n\n{}\n\n### How to fix it\n\n{}\n\n### Example\n\n```\n{}\n```\n",
                        r.summary, one_line(r.why), one_line(r.fix), r.example.trim()
                    ),
                },
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": properties,
            })
        })
        .collect()
}

fn result(fr: &FileReview, f: &Finding, reason: Option<&str>) -> Value {
    let (start_line, start_column) = line_col(fr.source, f.span.start);
    let (end_line, end_column) = line_col(fr.source, f.span.end.max(f.span.start));
    let index = rules().iter().position(|r| r.name == f.rule);
    let relative = !fr.file.starts_with('/') && !fr.file.contains("://");
    let mut artifact = json!({"uri": fr.file});
    if relative {
        artifact["uriBaseId"] = json!("%SRCROOT%");
    }
    let logical: Vec<Value> = f
        .elements
        .iter()
        .map(|&e| json!({"name": fr.model.element(e).id, "kind": "element"}))
        .collect();
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": {
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": if end_line == start_line { end_column.max(start_column + 1) } else { end_column },
                },
            },
            "logicalLocations": logical,
        }],
        "partialFingerprints": {"archcFindingId/v1": f.id(fr.model)},
        "properties": {"severity": f.severity},
    });
    if let Some(i) = index {
        r["ruleIndex"] = json!(i);
    }
    if let Some(reason) = reason {
        r["suppressions"] = json!([{"kind": "inSource", "justification": reason}]);
    }
    r
}

/// The SARIF 2.1.0 log of the reviews of one or more files, as a JSON value.
pub fn sarif_value(files: &[FileReview]) -> Value {
    let mut results = Vec::new();
    for fr in files {
        results.extend(fr.review.findings.iter().map(|f| result(fr, f, None)));
        results.extend(
            fr.review
                .allowed
                .iter()
                .map(|a| result(fr, &a.finding, Some(&a.reason))),
        );
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "archc",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": driver_rules(),
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "files": files.iter().map(|fr| {
                    let mut p = json!({
                        "file": fr.file,
                        "availability": super::review::availability_detail(fr),
                        "flows": super::review::flows_json(fr),
                        "assumptions": fr.review.assumptions,
                    });
                    if let Some(w) = fr.what_if {
                        p["what_if"] = super::review::what_if_json(fr, w);
                    }
                    p
                }).collect::<Vec<_>>(),
            },
        }],
    })
}

/// [`sarif_value`] printed with two-space indentation and a final newline.
pub fn sarif(files: &[FileReview]) -> String {
    let mut s =
        serde_json::to_string_pretty(&sarif_value(files)).expect("JSON values always print");
    s.push('\n');
    s
}
