//! `no-firewall`: traffic from an untrusted place reaches a host (or a component outside
//! hosts) without passing any firewall.
//!
//! Untrusted places are clients and whatever is in no zone or in a zone with
//! `trust = untrusted`. From each of them, traffic follows the links; a firewall inside a host
//! guards every link entering that host, and a firewall outside hosts guards the paths through
//! it. Every host entered over a link that no firewall guarded, and every unguarded component
//! outside hosts that such traffic reaches, is reported once (managed elements and firewalls
//! aside).

use std::collections::{BTreeMap, VecDeque};

use crate::analysis::{describe, finding, Context, Finding, Severity};
use crate::model::{ComponentKind, ElementId, Model, Trust};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "no-firewall",
    group: Group::Security,
    severity: Severity::High,
    severities: &[Severity::High],
    summary: "Traffic from an untrusted place reaches a host without passing any firewall.",
    why: "A host on the internet receives port scans, brute-force SSH logins and probes of every \
service that listens, the database and the administration ports included. Without a \
firewall, every service that listens by mistake is open to the world.",
    fix: "Put a `firewall` in each host (ufw, iptables, a cloud security group) that admits only \
the ports it serves, from where they are needed (`allow = [\"tcp/443\"]`), or move the hosts \
into a `zone` behind a network firewall.",
    example: r#"client user
host server { web_server nginx }
user -> nginx : https"#,
};

fn untrusted_origin(model: &Model, c: ElementId) -> bool {
    let e = model.element(c);
    // Untrusted clients, and whatever stands in no trusted zone; a `trusted = true` client is
    // an internal caller, not an untrusted place.
    !e.is(ComponentKind::Firewall) && model.trust(c) == Trust::Untrusted
}

fn host_has_firewall(model: &Model, host: ElementId) -> bool {
    model
        .components_in(host)
        .iter()
        .any(|&c| model.element(c).is(ComponentKind::Firewall))
}

/// Reports every unguarded host or component reached from an untrusted place.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let n = model.elements.len();
    let mut origin: Vec<Option<ElementId>> = vec![None; n];
    let mut queue = VecDeque::new();
    // Clients first: everything their traffic reaches is traced back to the client it comes
    // from; the other untrusted places start a search of their own only for what no client
    // reaches.
    let mut origins: Vec<ElementId> = model
        .components()
        .filter(|&c| untrusted_origin(model, c))
        .collect();
    origins.sort_by_key(|&c| !model.element(c).is(ComponentKind::Client));
    let mut firewalled: BTreeMap<ElementId, bool> = BTreeMap::new();
    let mut flagged: BTreeMap<ElementId, ElementId> = BTreeMap::new();
    for c in origins {
        if origin[c.0].is_some() {
            continue;
        }
        origin[c.0] = Some(c);
        queue.push_back(c);
        while let Some(u) = queue.pop_front() {
            let from = origin[u.0].expect("queued nodes have an origin");
            for l in model.outgoing(u) {
                let v = model.link(l).to;
                let ve = model.element(v);
                if ve.is(ComponentKind::Client) {
                    continue;
                }
                let hv = model.host_of(v);
                if hv.is_none() && ve.is(ComponentKind::Firewall) {
                    continue; // a network firewall guards the paths through it
                }
                match hv {
                    Some(h) if Some(h) != model.host_of(u) => {
                        let guarded = *firewalled
                            .entry(h)
                            .or_insert_with(|| host_has_firewall(model, h));
                        if guarded {
                            continue;
                        }
                        if !model.managed(h) {
                            flagged.entry(h).or_insert(from);
                        }
                    }
                    None if !model.managed(v) => {
                        flagged.entry(v).or_insert(from);
                    }
                    _ => {}
                }
                if origin[v.0].is_none() {
                    origin[v.0] = Some(from);
                    queue.push_back(v);
                }
            }
        }
    }
    flagged
        .into_iter()
        .map(|(target, from)| {
            let whence = if model.element(from).is(ComponentKind::Client) {
                format!("the client `{}`", model.element(from).id)
            } else {
                format!("`{}`, which stands in no trusted zone,", model.element(from).id)
            };
            finding(
                model,
                INFO.name,
                INFO.severity,
                vec![target],
                format!(
                    "Traffic from {whence} reaches {} without passing any firewall: every port it listens on is open to untrusted traffic.",
                    describe(model, target)
                ),
            )
        })
        .collect()
}
