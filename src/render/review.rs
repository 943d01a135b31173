//! The review as text (for a terminal) and as JSON (for tools).
//!
//! [`text`] groups the findings by severity, most severe first; each shows a source snippet at
//! the declaration of its first element, why it matters and how to fix it. Then come the
//! findings silenced by `allow`, the warnings, the availability and the assumptions
//! (`archc check`).
//!
//! [`concise`] prints one line per finding, `FILE:LINE:COLUMN: SEVERITY[RULE] MESSAGE`, as
//! compilers and ruff do (`archc check --format concise`). [`summary`] is what `archc build`
//! prints: the files written, the counts by severity, one concise line per finding above
//! `low`, the availability of each flow and the command that shows the details.
//!
//! Every piece of user text printed for a terminal goes through [`terminal`], so that a label
//! or a title cannot carry control characters (colour codes, cursor moves) to it.
//!
//! [`json`] prints one object for any number of files (see its documentation for the shape).

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::analysis::availability::{Estimate, Method};
use crate::analysis::flow::FlowId;
use crate::analysis::{rules::rule, Finding, Outcome, Review, Severity, WhatIf};
use crate::diagnostic::{line_col, render};
use crate::model::{ElementId, Model};
use crate::render::english::{duration, percent};

/// One reviewed file: what the JSON and SARIF outputs need of it.
#[derive(Clone, Copy, Debug)]
pub struct FileReview<'a> {
    /// The file name as shown to the user (and written in the output).
    pub file: &'a str,
    /// The file's source text (for line and column numbers).
    pub source: &'a str,
    /// Its model.
    pub model: &'a Model,
    /// Its review.
    pub review: &'a Review,
    /// The what-if of `check --fail`, when elements were taken down.
    pub what_if: Option<&'a WhatIf>,
}

fn paint(text: &str, severity: Severity, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match severity {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "34",
        Severity::Info => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

fn ids(model: &Model, elements: &[ElementId]) -> Vec<String> {
    elements
        .iter()
        .map(|&e| model.element(e).id.clone())
        .collect()
}

/// A finding as a source snippet:
///
/// ```text
/// critical[single-point-of-failure]: FILE:LINE:COLUMN
///   If the host `lb-01` fails, …
///    |
///  9 | host lb-01 "Load balancer server" {
///    |      ^^^^^ `lb-01` is declared here
///    = why: …
///    = fix: …
/// ```
fn finding_text(model: &Model, f: &Finding, file_name: &str, source: &str, color: bool) -> String {
    let (line, column) = line_col(source, f.span.start);
    let mut out = format!(
        "{}[{}]: {file_name}:{line}:{column}\n",
        paint(f.severity.as_str(), f.severity, color),
        f.rule,
    );
    for l in wrap(&terminal(&f.message), 96) {
        let _ = writeln!(out, "  {l}");
    }
    let label = match f.elements.first() {
        Some(&e) => format!("`{}` is declared here", model.element(e).id),
        None => String::new(),
    };
    let gutter = line.to_string().len();
    let text = source.lines().nth(line - 1).unwrap_or("");
    let width = source
        .get(f.span.range())
        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1));
    let carets = paint(&"^".repeat(width), f.severity, color);
    let _ = writeln!(out, "{:gutter$} |", "");
    let _ = writeln!(out, "{line} | {text}");
    let _ = writeln!(
        out,
        "{:gutter$} | {}{carets} {label}",
        "",
        " ".repeat(column - 1)
    );
    if let Some(info) = rule(f.rule) {
        for (what, body) in [("why", info.why), ("fix", info.fix)] {
            for (i, l) in wrap(&one_line(body), 92).into_iter().enumerate() {
                if i == 0 {
                    let _ = writeln!(out, "{:gutter$} = {what}: {l}", "");
                } else {
                    let _ = writeln!(out, "{:gutter$}   {}{l}", "", " ".repeat(what.len() + 2));
                }
            }
        }
    }
    out
}

/// Splits text into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn estimate_text(e: &Estimate) -> String {
    let mut s = format!(
        "{} ({:.2} nines, about {} of downtime a year)",
        percent(e.value),
        e.nines(),
        duration(e.downtime_hours_per_year())
    );
    if e.method == Method::MonteCarlo {
        let _ = write!(
            s,
            ", estimated by simulation: 95% between {:.3}% and {:.3}%",
            e.low * 100.0,
            e.high * 100.0
        );
    }
    s
}

/// User text made safe for a terminal: every control character (C0, DEL and C1, which start
/// escape sequences) is written as its Rust escape, `\u{1b}`; the rest is kept.
///
/// ```
/// use archc::render::review::terminal;
/// assert_eq!(terminal("a\x1b[31mb"), "a\\u{1b}[31mb");
/// assert_eq!(terminal("Server 1 — web"), "Server 1 — web");
/// ```
pub fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// One finding on one line: `FILE:LINE:COLUMN: SEVERITY[RULE] MESSAGE`, the position being
/// the declaration of its first element (1-based), the message on one line.
fn concise_line(f: &Finding, file_name: &str, source: &str, color: bool) -> String {
    let (line, column) = line_col(source, f.span.start);
    format!(
        "{}:{line}:{column}: {}[{}] {}\n",
        terminal(file_name),
        paint(f.severity.as_str(), f.severity, color),
        f.rule,
        terminal(&one_line(&f.message))
    )
}

/// The review of one file, one line per finding (see [`concise_line`]), most severe first, as
/// `archc check --format concise` prints it; nothing when there is no finding. `color` turns
/// ANSI colours on for the severities.
pub fn concise(review: &Review, file_name: &str, source: &str, color: bool) -> String {
    review
        .findings
        .iter()
        .map(|f| concise_line(f, file_name, source, color))
        .collect()
}

/// A path as a shell word: as it is when it holds only letters, digits and `_./-+=:,@%`, else
/// in single quotes.
fn shell_word(path: &str) -> String {
    let plain = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./-+=:,@%".contains(c));
    if plain {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

/// The counts by severity, most severe first: `14 findings: 1 critical, 5 high, 6 medium, 2
/// low`, or `no findings`.
fn counts(review: &Review, color: bool) -> String {
    let parts: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|&s| {
            let n = review.findings.iter().filter(|f| f.severity == s).count();
            (n > 0).then(|| paint(&format!("{n} {}", s.as_str()), s, color))
        })
        .collect();
    match review.findings.len() {
        0 => "no findings".to_string(),
        n => format!(
            "{n} finding{}: {}",
            if n == 1 { "" } else { "s" },
            parts.join(", ")
        ),
    }
}

/// The availability of every flow the design has, on one line: `reads 99.488% (44.9 hours of
/// downtime a year); writes …`; `None` when none was computed.
fn availability_line(model: &Model, review: &Review) -> Option<String> {
    let a = review.availability.as_ref()?;
    let parts: Vec<String> = a
        .flows
        .iter()
        .filter_map(|(f, e)| {
            let e = e.as_ref()?;
            let estimated = if e.method == Method::MonteCarlo {
                ", estimated by simulation"
            } else {
                ""
            };
            Some(format!(
                "{} {} ({} of downtime a year{estimated})",
                terminal(&f.name(model)),
                percent(e.value),
                duration(e.downtime_hours_per_year())
            ))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// What `archc build` prints for one design, in a few lines:
///
/// ```text
/// examples/1.arch: "Distributed web infrastructure"
/// wrote examples/1.svg and examples/1.md
/// 14 findings: 1 critical, 5 high, 6 medium, 2 low
/// examples/1.arch:9:6: critical[single-point-of-failure] If the host `lb-01` fails, …
/// …one line per critical, high and medium finding…
/// and 2 low findings (see the details)
/// availability: reads 99.488% (44.9 hours of downtime a year); writes 98.993% (…)
/// details: archc check examples/1.arch
/// ```
///
/// `written` are the files written, as shown to the user; `color` turns ANSI colours on.
pub fn summary(
    model: &Model,
    review: &Review,
    file_name: &str,
    source: &str,
    written: &[String],
    color: bool,
) -> String {
    let mut out = format!("{}: \"{}\"\n", terminal(file_name), terminal(&model.title));
    if !written.is_empty() {
        let files: Vec<String> = written.iter().map(|w| terminal(w)).collect();
        let list = match files.as_slice() {
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
            [] => String::new(),
        };
        let _ = writeln!(out, "wrote {list}");
    }
    let _ = writeln!(out, "{}", counts(review, color));
    let shown = |f: &&Finding| f.severity < Severity::Low;
    for f in review.findings.iter().filter(shown) {
        out.push_str(&concise_line(f, file_name, source, color));
    }
    let rest: Vec<String> = [Severity::Low, Severity::Info]
        .iter()
        .filter_map(|&s| {
            let n = review.findings.iter().filter(|f| f.severity == s).count();
            (n > 0).then(|| format!("{n} {}", s.as_str()))
        })
        .collect();
    let hidden = review.findings.iter().filter(|f| !shown(f)).count();
    if hidden > 0 && hidden < review.findings.len() {
        let _ = writeln!(
            out,
            "and {} finding{} (see the details)",
            rest.join(" and "),
            if hidden == 1 { "" } else { "s" }
        );
    }
    if let Some(line) = availability_line(model, review) {
        let _ = writeln!(out, "availability: {line}");
    }
    if !review.findings.is_empty() || !review.allowed.is_empty() {
        let _ = writeln!(out, "details: archc check {}", shell_word(file_name));
    }
    out
}

/// The review of one file as text: a summary line, the findings grouped by severity (each with
/// its snippet, why and fix), the allowed findings, the warnings, the availability and the
/// assumptions. `color` turns ANSI colours on.
pub fn text(model: &Model, review: &Review, file_name: &str, source: &str, color: bool) -> String {
    let mut out = String::new();
    let counts: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|&s| {
            let n = review.findings.iter().filter(|f| f.severity == s).count();
            (n > 0).then(|| paint(&format!("{n} {}", s.as_str()), s, color))
        })
        .collect();
    if counts.is_empty() {
        let _ = writeln!(
            out,
            "{file_name}: \"{}\": no findings",
            terminal(&model.title)
        );
    } else {
        let _ = writeln!(
            out,
            "{file_name}: \"{}\": {} finding{} ({})",
            terminal(&model.title),
            review.findings.len(),
            if review.findings.len() == 1 { "" } else { "s" },
            counts.join(", ")
        );
    }
    for severity in Severity::ALL {
        let group: Vec<&Finding> = review
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} ({})\n",
            paint(&severity.as_str().to_uppercase(), severity, color),
            group.len()
        );
        for f in group {
            out.push_str(&finding_text(model, f, file_name, source, color));
            out.push('\n');
        }
    }
    if !review.allowed.is_empty() {
        let _ = writeln!(out, "\nALLOWED ({})\n", review.allowed.len());
        for a in &review.allowed {
            let (line, column) = line_col(source, a.finding.span.start);
            let _ = writeln!(
                out,
                "- {}[{}] on {} ({file_name}:{line}:{column}): {}",
                a.finding.severity.as_str(),
                a.finding.rule,
                ids(model, &a.finding.elements).join(", "),
                a.reason
            );
        }
    }
    for w in &review.warnings {
        out.push('\n');
        out.push_str(&render(w, file_name, source, color));
    }
    if let Some(a) = &review.availability {
        let _ = writeln!(out, "\nAVAILABILITY\n");
        for (f, e) in &a.flows {
            let name = f.name(model);
            match (f, e) {
                (_, Some(e)) => {
                    let _ = writeln!(out, "- {name}: {}", estimate_text(e));
                }
                (FlowId::Reads, None) => {
                    let _ = writeln!(out, "- reads: none (no client's links carry reads)");
                }
                (FlowId::Writes, None) => {
                    let _ = writeln!(
                        out,
                        "- writes: none (no client's writes reach a component that keeps state)"
                    );
                }
                (_, None) => {}
            }
        }
        for g in &a.gains {
            let parts: Vec<String> = g
                .flows
                .iter()
                .filter(|(_, v)| *v > 0.0)
                .map(|(f, v)| format!("{} by {:.3} points", f.name(model), v * 100.0))
                .collect();
            if !parts.is_empty() {
                let _ = writeln!(
                    out,
                    "- making `{}` redundant would raise {}",
                    model.element(g.element).id,
                    parts.join(" and ")
                );
            }
        }
    }
    if !review.assumptions.is_empty() {
        let _ = writeln!(out, "\nASSUMPTIONS\n");
        for a in &review.assumptions {
            let _ = writeln!(out, "- {a}");
        }
    }
    out
}

/// What taking elements down does, as text: which flows stop, and which findings appear or
/// disappear (`archc check --fail`).
pub fn what_if_text(model: &Model, what_if: &WhatIf, file_name: &str) -> String {
    let mut out = String::new();
    let failed = ids(model, &what_if.failed).join(", ");
    let _ = writeln!(
        out,
        "\n{file_name}: what if {failed} fail{}?",
        if what_if.failed.len() == 1 { "s" } else { "" }
    );
    for change in &what_if.flows {
        let state = match change.outcome {
            Outcome::Stops => "STOP".to_string(),
            Outcome::Continues => "still work".to_string(),
            Outcome::Degrades => format!(
                "still work, DEGRADED ({} lose{} an optional dependency)",
                ids(model, &change.degraded).join(", "),
                if change.degraded.len() == 1 { "s" } else { "" }
            ),
            Outcome::NotServed => "did not work before".to_string(),
        };
        let _ = writeln!(out, "  {}: {state}", change.name);
    }
    for (title, list) in [
        ("appear", &what_if.appeared),
        ("disappear", &what_if.disappeared),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  findings that {title}:");
        for f in list {
            let _ = writeln!(
                out,
                "    {} {} on {}: {}",
                f.severity.as_str(),
                f.rule,
                ids(model, &f.elements).join(", "),
                one_line(&f.message)
            );
        }
    }
    out
}

fn located(fr: &FileReview, f: &Finding) -> serde_json::Map<String, Value> {
    let (line, column) = line_col(fr.source, f.span.start);
    let mut m = serde_json::Map::new();
    m.insert("file".into(), json!(fr.file));
    m.insert("rule".into(), json!(f.rule));
    m.insert("severity".into(), json!(f.severity));
    m.insert("elements".into(), json!(ids(fr.model, &f.elements)));
    m.insert("message".into(), json!(f.message));
    m.insert("line".into(), json!(line));
    m.insert("column".into(), json!(column));
    m.insert("id".into(), json!(f.id(fr.model)));
    m
}

/// The availability of every flow, keyed by flow name: a fraction per flow (`null` for a flow
/// the design does not have).
fn availability_json(fr: &FileReview) -> Value {
    let Some(a) = &fr.review.availability else {
        return Value::Null;
    };
    let mut m = serde_json::Map::new();
    for (f, e) in &a.flows {
        m.insert(f.name(fr.model), json!(e.map(|e| e.value)));
    }
    Value::Object(m)
}

/// The availability of every flow in detail, keyed by flow name, and the gains.
pub fn availability_detail(fr: &FileReview) -> Value {
    let Some(a) = &fr.review.availability else {
        return Value::Null;
    };
    let est = |e: &Option<Estimate>| match e {
        Some(e) => json!({
            "value": e.value,
            "interval": [e.low, e.high],
            "method": e.method,
            "nines": if e.value < 1.0 { json!(e.nines()) } else { Value::Null },
            "downtime_hours_per_year": e.downtime_hours_per_year(),
        }),
        None => Value::Null,
    };
    let mut m = serde_json::Map::new();
    for (f, e) in &a.flows {
        m.insert(f.name(fr.model), est(e));
    }
    m.insert(
        "gains".into(),
        Value::Array(
            a.gains
                .iter()
                .map(|g| {
                    let flows: serde_json::Map<String, Value> = g
                        .flows
                        .iter()
                        .map(|(f, v)| (f.name(fr.model), json!(v)))
                        .collect();
                    json!({
                        "element": fr.model.element(g.element).id,
                        "availability": g.availability,
                        "flows": flows,
                    })
                })
                .collect(),
        ),
    );
    Value::Object(m)
}

/// The what-if of `check --fail` as JSON: `{"down": [ids], "flows": {FLOW: "stops" |
/// "continues" | "degrades" | "not-served"}, "appear": [findings], "disappear": [findings]}`.
pub fn what_if_json(fr: &FileReview, w: &WhatIf) -> Value {
    let flows: serde_json::Map<String, Value> = w
        .flows
        .iter()
        .map(|c| (c.name.clone(), json!(c.outcome.as_str())))
        .collect();
    let list = |fs: &[Finding]| -> Value {
        Value::Array(fs.iter().map(|f| Value::Object(located(fr, f))).collect())
    };
    json!({
        "down": ids(fr.model, &w.failed),
        "flows": flows,
        "appear": list(&w.appeared),
        "disappear": list(&w.disappeared),
    })
}

/// The review of one or more files as one JSON value:
///
/// ```json
/// {"findings": [{"file", "rule", "severity", "elements", "message", "line", "column", "id"}],
///  "allowed": [{... the same ..., "reason"}],
///  "warnings": [{"file", "code", "message", "line", "column"}],
///  "availability": {"reads": 0.9949, "writes": 0.9899, "background": null, "FLOW": ...},
///  "what_if": {"down": [...], "flows": {"reads": "stops", ...}, "appear": [...],
///              "disappear": [...]},
///  "files": [{"file", "title", "availability": {"reads": {"value", "interval", "method",
///             "nines", "downtime_hours_per_year"}, "writes": ..., "gains": [...]},
///             "flows": [{"name", "served", "starts"}], "assumptions": [...],
///             "what_if": ...}]}
/// ```
///
/// `line` and `column` are 1-based and point at the declaration of the first element;
/// `elements` are identifiers, the failure domain first; `id` is the stable finding id
/// `rule@element`. Availabilities are fractions keyed by flow: `reads`, `writes`,
/// `background` and each declared flow (`null` for a flow the design does not have). The
/// top-level `availability` (and `what_if`, with `--fail`) is present when there is exactly one
/// file; `files` always gives each file's.
pub fn json_value(files: &[FileReview]) -> Value {
    let mut findings = Vec::new();
    let mut allowed = Vec::new();
    let mut warnings = Vec::new();
    let mut per_file = Vec::new();
    for fr in files {
        findings.extend(
            fr.review
                .findings
                .iter()
                .map(|f| Value::Object(located(fr, f))),
        );
        allowed.extend(fr.review.allowed.iter().map(|a| {
            let mut m = located(fr, &a.finding);
            m.insert("reason".into(), json!(a.reason));
            Value::Object(m)
        }));
        warnings.extend(fr.review.warnings.iter().map(|w| {
            let (line, column) = w
                .primary()
                .map_or((1, 1), |s| line_col(fr.source, s.start));
            json!({"file": fr.file, "code": w.code, "message": w.message, "line": line, "column": column})
        }));
        let mut file = json!({
            "file": fr.file,
            "title": fr.model.title,
            "availability": availability_detail(fr),
            "flows": flows_json(fr),
            "assumptions": fr.review.assumptions,
        });
        if let Some(w) = fr.what_if {
            file["what_if"] = what_if_json(fr, w);
        }
        per_file.push(file);
    }
    let mut top = serde_json::Map::new();
    top.insert("findings".into(), Value::Array(findings));
    top.insert("allowed".into(), Value::Array(allowed));
    top.insert("warnings".into(), Value::Array(warnings));
    if let [only] = files {
        top.insert("availability".into(), availability_json(only));
        if let Some(w) = only.what_if {
            top.insert("what_if".into(), what_if_json(only, w));
        }
    }
    top.insert("files".into(), Value::Array(per_file));
    Value::Object(top)
}

/// The flows of a design: `[{"name", "served", "starts": [ids], "components": [ids]}]`.
pub fn flows_json(fr: &FileReview) -> Value {
    Value::Array(
        fr.review
            .flows
            .iter()
            .map(|f| {
                json!({
                    "name": f.name,
                    "served": f.served,
                    "starts": ids(fr.model, &f.starts),
                    "components": ids(fr.model, &f.components),
                })
            })
            .collect(),
    )
}

/// [`json_value`] printed with two-space indentation and a final newline.
pub fn json(files: &[FileReview]) -> String {
    let mut s = serde_json::to_string_pretty(&json_value(files)).expect("JSON values always print");
    s.push('\n');
    s
}
