//! `unreachable`: a component that no client's requests reach along the links.
//!
//! Not reported: clients (they send), monitoring agents and services (agents send to services,
//! nothing requests them), firewalls inside hosts (they guard the host, not a link), DNS
//! services (clients resolve names whether or not a link is drawn), and application files in a
//! host whose application server is reached. A design without clients reports nothing.

use std::collections::VecDeque;

use crate::analysis::{describe, finding, Context, Finding, Severity};
use crate::model::ComponentKind;

use super::RuleInfo;

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "unreachable",
    severity: Severity::Medium,
    severities: &[Severity::Medium],
    summary: "A component that no client's requests can reach: usually a missing link.",
    why: "A component that no request reaches either does nothing (and costs money), or, more \
often, the design forgot a link, and then every other finding about flows, failures and \
exposure is computed on a design that is not the real one.",
    fix: "Add the missing link (`a -> b : http`), or remove the component.",
    example: r#"client user
host server { web_server nginx; cache redis }
user -> nginx : https"#,
};

/// Reports every component that no client reaches.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let n = model.elements.len();
    let mut seen = vec![false; n];
    let mut queue: VecDeque<_> = model.components_of(ComponentKind::Client).collect();
    if queue.is_empty() {
        return Vec::new();
    }
    for &c in &queue {
        seen[c.0] = true;
    }
    while let Some(u) = queue.pop_front() {
        for l in model.outgoing(u) {
            let v = model.link(l).to;
            if !seen[v.0] {
                seen[v.0] = true;
                queue.push_back(v);
            }
        }
    }
    let mut out = Vec::new();
    for c in model.components() {
        if seen[c.0] {
            continue;
        }
        let e = model.element(c);
        let host = model.host_of(c);
        let skip = match e.component_kind() {
            Some(ComponentKind::Client | ComponentKind::Monitoring | ComponentKind::Dns) => true,
            Some(ComponentKind::Firewall) => host.is_some(),
            Some(ComponentKind::Codebase) => host.is_some_and(|h| {
                model
                    .components_in(h)
                    .iter()
                    .any(|&o| seen[o.0] && model.element(o).is(ComponentKind::AppServer))
            }),
            _ => false,
        };
        if skip {
            continue;
        }
        out.push(finding(
            model,
            INFO.name,
            INFO.severity,
            vec![c],
            format!(
                "No client's requests reach {}: a link to it is probably missing.",
                describe(model, c)
            ),
        ));
    }
    out
}
