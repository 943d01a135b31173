//! The review: exact findings on the shipped examples, a positive and a negative fixture per
//! rule with a snapshot of its findings, availability against hand calculations, what-if, and
//! the generated rule documentation.

use std::collections::BTreeSet;
use std::path::Path;

use archc::analysis::{self, Review, Severity};
use archc::model::Model;

fn compile(path: &Path) -> Model {
    let source = std::fs::read_to_string(path).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy();
    match archc::compile(&source, &stem) {
        Ok(c) => c.model,
        Err(e) => panic!("{} does not compile: {e:?}", path.display()),
    }
}

fn example(name: &str) -> (Model, Review) {
    let model = compile(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    );
    let review = analysis::review(&model);
    (model, review)
}

/// The set of (rule, first element) of the findings above `low`.
fn above_low(model: &Model, review: &Review) -> BTreeSet<(String, String)> {
    review
        .findings
        .iter()
        .filter(|f| f.severity < Severity::Low)
        .map(|f| (f.rule.to_string(), model.element(f.elements[0]).id.clone()))
        .collect()
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(r, e)| (r.to_string(), e.to_string()))
        .collect()
}

fn severity_of(model: &Model, review: &Review, rule: &str, element: &str) -> Severity {
    review
        .findings
        .iter()
        .find(|f| f.rule == rule && model.element(f.elements[0]).id == element)
        .unwrap_or_else(|| panic!("no {rule} on {element}"))
        .severity
}

#[test]
fn shipped_examples() {
    let (m, r) = example("0-simple_web_stack.arch");
    assert_eq!(
        above_low(&m, &r),
        set(&[
            ("single-point-of-failure", "server"),
            ("maintenance-downtime", "nginx"),
            ("maintenance-downtime", "app"),
            ("cannot-scale-out", "nginx"),
            ("no-firewall", "server"),
            ("no-https", "nginx"),
            ("no-monitoring", "server"),
        ]),
        "{:#?}",
        r.findings
    );
    assert_eq!(
        severity_of(&m, &r, "single-point-of-failure", "server"),
        Severity::Critical
    );

    let (m, r) = example("1-distributed_web_infrastructure.arch");
    assert_eq!(
        above_low(&m, &r),
        set(&[
            ("single-point-of-failure", "lb-01"),
            ("single-point-of-failure", "web-01"),
            ("single-write-primary", "db-1"),
            ("no-firewall", "lb-01"),
            ("no-firewall", "web-01"),
            ("no-firewall", "web-02"),
            ("no-https", "lb"),
            ("no-monitoring", "lb-01"),
            ("no-monitoring", "web-01"),
            ("no-monitoring", "web-02"),
            ("colocated-tiers", "web-01"),
            ("colocated-tiers", "web-02"),
        ]),
        "{:#?}",
        r.findings
    );
    assert_eq!(
        severity_of(&m, &r, "single-point-of-failure", "lb-01"),
        Severity::Critical
    );
    assert_eq!(
        severity_of(&m, &r, "single-point-of-failure", "web-01"),
        Severity::High
    );
    let web01 = r
        .findings
        .iter()
        .find(|f| f.rule == "single-point-of-failure" && m.element(f.elements[0]).id == "web-01")
        .unwrap();
    let ids: Vec<&str> = web01
        .elements
        .iter()
        .map(|&e| m.element(e).id.as_str())
        .collect();
    assert_eq!(ids, ["web-01", "db-1"]);

    let (m, r) = example("2-secured_and_monitored_web_infrastructure.arch");
    assert_eq!(
        above_low(&m, &r),
        set(&[
            ("tls-terminated-at-load-balancer", "lb"),
            ("single-write-primary", "db-1"),
            ("colocated-tiers", "web-01"),
            ("colocated-tiers", "web-02"),
            ("single-point-of-failure", "lb-01"),
            ("single-point-of-failure", "web-01"),
        ]),
        "{:#?}",
        r.findings
    );

    let (m, r) = example("3-scale_up.arch");
    assert_eq!(
        above_low(&m, &r),
        set(&[
            ("single-point-of-failure", "web-server"),
            ("single-point-of-failure", "app-server"),
            ("single-point-of-failure", "db-server"),
            ("maintenance-downtime", "nginx"),
            ("maintenance-downtime", "app"),
        ]),
        "{:#?}",
        r.findings
    );
}
