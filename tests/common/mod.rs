//! Helpers shared by the write-up and diff tests: the shipped examples and the findings their
//! reviews must report.

#![allow(dead_code)]

use archc::analysis::{Finding, Review, Severity};
use archc::model::{ElementId, Model};

pub const EXAMPLES: [&str; 4] = [
    "0-simple_web_stack",
    "1-distributed_web_infrastructure",
    "2-secured_and_monitored_web_infrastructure",
    "3-scale_up",
];

/// The compiled model of a shipped example.
pub fn model(stem: &str) -> Model {
    let path = format!("{}/examples/{stem}.arch", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap();
    archc::compile(&source, stem).unwrap().model
}

/// A finding of `rule` on the elements named `ids`, the first one being where it points.
pub fn finding(m: &Model, rule: &'static str, severity: Severity, ids: &[&str]) -> Finding {
    let elements: Vec<ElementId> = ids.iter().map(|i| m.find(i).unwrap()).collect();
    Finding {
        rule,
        severity,
        span: m.element(elements[0]).span,
        message: format!("{rule} on {}", ids.join(", ")),
        elements,
    }
}

/// The review each shipped design must report, to check the review section until the
/// analysis stage reports it by itself.
pub fn rubric_review(stem: &str) -> Review {
    let m = model(stem);
    let f = |rule, sev, ids: &[&str]| finding(&m, rule, sev, ids);
    use Severity::*;
    let findings = match stem {
        "0-simple_web_stack" => vec![
            f("single-point-of-failure", Critical, &["server"]),
            f("no-firewall", High, &["server"]),
            f("no-https", High, &["user", "nginx"]),
            f("maintenance-downtime", Medium, &["nginx"]),
            f("cannot-scale-out", Medium, &["nginx"]),
            f("no-monitoring", Medium, &["server"]),
        ],
        "1-distributed_web_infrastructure" => vec![
            f("single-point-of-failure", Critical, &["lb-01", "lb"]),
            f("single-point-of-failure", High, &["web-01", "db-1"]),
            f("no-firewall", High, &["lb-01"]),
            f("no-https", High, &["user", "lb"]),
            f("single-write-primary", Medium, &["db-1"]),
            f("no-monitoring", Medium, &["lb-01"]),
            f("colocated-tiers", Medium, &["web-01"]),
            f("colocated-tiers", Medium, &["web-02"]),
        ],
        "2-secured_and_monitored_web_infrastructure" => vec![
            f("single-point-of-failure", Critical, &["lb-01", "lb"]),
            f("single-point-of-failure", High, &["web-01", "db-1"]),
            f("tls-terminated-at-load-balancer", Medium, &["lb"]),
            f("single-write-primary", Medium, &["db-1"]),
            f("colocated-tiers", Medium, &["web-01"]),
            f("colocated-tiers", Medium, &["web-02"]),
        ],
        "3-scale_up" => vec![
            f(
                "single-point-of-failure",
                Critical,
                &["web-server", "nginx"],
            ),
            f("single-point-of-failure", Critical, &["app-server", "app"]),
            f("single-point-of-failure", Critical, &["db-server", "db"]),
            f("maintenance-downtime", Medium, &["nginx"]),
            f("maintenance-downtime", Medium, &["app"]),
        ],
        _ => unreachable!(),
    };
    Review {
        findings,
        ..Review::default()
    }
}
