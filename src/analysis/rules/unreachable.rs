//! `unreachable`: a component that no client's requests reach along the links.
//!
//! Not reported: clients (they send), monitoring agents and services (agents send to services,
//! nothing requests them), firewalls inside hosts (they guard the host, not a link), DNS
//! services (clients resolve names whether or not a link is drawn), and application files in a
//! host whose application server is reached. A design without clients reports nothing.

use std::collections::VecDeque;

use crate::analysis::{describe, finding, Context, Finding, Severity};
use crate::model::{Access, ComponentKind, ElementId, LinkKind};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "unreachable",
    group: Group::Scalability,
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

/// Reports every component that no client's requests reach.
///
/// Reached: what clients and queue consumers reach along request and replication links, and
/// then whatever is joined to a reached element by links that carry no requests (`~>`), in
/// either direction.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let n = model.elements.len();
    let mut seen = vec![false; n];
    let consumers = model.links.iter().filter(|l| {
        l.kind == LinkKind::Request
            && l.access == Access::Read
            && model.element(l.to).is(ComponentKind::Queue)
    });
    let mut queue: VecDeque<_> = model.components_of(ComponentKind::Client).collect();
    queue.extend(consumers.map(|l| l.from));
    if queue.is_empty() {
        return Vec::new();
    }
    for &c in &queue {
        seen[c.0] = true;
    }
    while let Some(u) = queue.pop_front() {
        for l in model.outgoing(u) {
            let link = model.link(l);
            if link.kind == LinkKind::NonRequest {
                continue;
            }
            let v = link.to;
            if !seen[v.0] {
                seen[v.0] = true;
                queue.push_back(v);
            }
        }
    }
    // Joined by `~>` to something reached, transitively, either way.
    let mut joined: Vec<Vec<ElementId>> = vec![Vec::new(); n];
    for l in model.links.iter().filter(|l| l.kind == LinkKind::NonRequest) {
        joined[l.from.0].push(l.to);
        joined[l.to.0].push(l.from);
    }
    // A replica declared with `replicates` is joined to its primary as a `replication` link
    // would join it: a standby that takes no requests until a failover is not unreachable.
    for c in model.components() {
        if let Some(primary) = model.element(c).attrs.replicates {
            joined[c.0].push(primary);
            joined[primary.0].push(c);
        }
    }
    let mut stack: Vec<ElementId> = model.components().filter(|c| seen[c.0]).collect();
    while let Some(u) = stack.pop() {
        for &v in &joined[u.0] {
            if !seen[v.0] {
                seen[v.0] = true;
                stack.push(v);
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
