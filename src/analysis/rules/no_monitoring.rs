//! `no-monitoring`: a host with no monitoring agent inside it, or a component outside hosts
//! that no monitoring covers.
//!
//! A monitoring component inside a host covers the host and everything in it. A component
//! outside hosts is covered when a link joins it to a monitoring component (either way).
//! Managed elements, clients, monitoring services and empty hosts are not reported.

use crate::analysis::{describe, finding, Context, Finding, Severity};
use crate::model::{ComponentKind, ContainerKind};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "no-monitoring",
    group: Group::Monitoring,
    severity: Severity::Medium,
    severities: &[Severity::Medium],
    summary: "A host or component that no monitoring covers.",
    why: "Without metrics and logs, the first sign of a full disk or a failing server is a user's \
complaint, with nothing to tell what happened. A failed member that nobody notices leaves a \
redundant site one failure away from an outage.",
    fix: "Run a monitoring agent on the host (`monitoring agent { collects = [metrics, logs] }` \
inside it) that sends to a monitoring service, and alert on what matters: errors, latency, \
saturation, disk space.",
    example: r#"client user
host server { web_server nginx }
user -> nginx : https"#,
};

/// Reports every unmonitored host and component outside hosts.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let mut out = Vec::new();
    for host in model.containers(ContainerKind::Host) {
        let inside = model.components_in(host);
        if inside.is_empty() || model.managed(host) {
            continue;
        }
        // An agent on the host, or a `~>` link between a monitoring element and the host.
        let watched = model.links.iter().any(|l| {
            l.kind == crate::model::LinkKind::NonRequest
                && ((inside.contains(&l.to) && model.element(l.from).is(ComponentKind::Monitoring))
                    || (inside.contains(&l.from) && model.element(l.to).is(ComponentKind::Monitoring)))
        });
        if watched || inside.iter().any(|&c| model.element(c).is(ComponentKind::Monitoring)) {
            continue;
        }
        out.push(finding(
            model,
            INFO.name,
            INFO.severity,
            vec![host],
            format!(
                "{} has no monitoring agent: nobody learns that it is failing, overloaded or full until users notice.",
                describe(model, host)
            ),
        ));
    }
    for c in model.components() {
        let e = model.element(c);
        if model.host_of(c).is_some()
            || model.managed(c)
            || e.is(ComponentKind::Client)
            || e.is(ComponentKind::Monitoring)
        {
            continue;
        }
        let covered = model
            .incoming(c)
            .map(|l| model.link(l).from)
            .chain(model.outgoing(c).map(|l| model.link(l).to))
            .any(|o| model.element(o).is(ComponentKind::Monitoring));
        if covered {
            continue;
        }
        out.push(finding(
            model,
            INFO.name,
            INFO.severity,
            vec![c],
            format!(
                "{} is watched by no monitoring: nobody learns that it is failing until users notice.",
                describe(model, c)
            ),
        ));
    }
    out
}
