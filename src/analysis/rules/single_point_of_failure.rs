//! `single-point-of-failure`: a failure domain whose loss alone stops reads (critical) or
//! writes (high), found exactly with dominators on the flow graph ([`crate::analysis::flow`]).

use std::collections::BTreeSet;

use crate::analysis::flow::{failover_of, Flow};
use crate::analysis::{describe, finding, name_list, Context, Finding, Severity};
use crate::model::{ComponentKind, ElementId, Failover, Kind};

use super::RuleInfo;

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "single-point-of-failure",
    severity: Severity::Critical,
    severities: &[Severity::Critical, Severity::High],
    summary: "An element or host whose failure alone stops requests from being served (critical) or writes from being accepted (high).",
    why: "Every request, or every write, passes through it: when it fails (a crash, a disk, a kernel \
update, a lost power supply) the whole site stops, whatever else is redundant. A host is one \
failure domain: everything on it fails together, so two copies on one host are one copy. A \
standby that a person must switch over does not take over by itself: until someone does, the \
site is down.",
    fix: "Give the element a redundant peer that takes over by itself, on another host: a second \
load balancer in a `cluster` with `setup = active-active`, or `active-passive` with \
`failover = automatic`; a second web or application server behind the load balancer; a replica \
that an automatic failover promotes (`failover = automatic`). Or use a managed service \
(`managed = true`) whose provider keeps it redundant.",
    example: r#"client user
host server {
  web_server nginx
  database db
}
user -> nginx : https
nginx -> db : mysql"#,
};

/// Reports every failure domain whose loss alone stops a flow, once, with the components
/// through which it stops it.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let (_, reads) = cx.flow(Flow::Reads);
    let (_, writes) = cx.flow(Flow::Writes);
    let units: BTreeSet<usize> = reads.units.keys().chain(writes.units.keys()).copied().collect();
    let mut out = Vec::new();
    for u in units {
        let unit = &cx.units.list[u];
        let r = reads.units.get(&u);
        let w = writes.units.get(&u);
        let mut comps: Vec<ElementId> = r.into_iter().chain(w).flatten().copied().collect();
        comps.sort();
        comps.dedup();
        let is_host = matches!(model.element(unit.element).kind, Kind::Container(_));
        let mut elements = vec![unit.element];
        if is_host {
            elements.extend(comps.iter().copied());
        }
        let (severity, stops, passes) = match (r.is_some(), w.is_some()) {
            (true, true) => (
                Severity::Critical,
                "the site stops serving requests and accepting writes",
                "every request",
            ),
            (true, false) => (Severity::Critical, "the site stops serving requests", "every request"),
            _ => (
                Severity::High,
                "the site stops accepting writes (reads go on)",
                "every write",
            ),
        };
        let mut message = format!("If {} fails, {stops}", describe(model, unit.element));
        if is_host {
            message.push_str(&format!(
                ": {passes} passes through {} on it.",
                name_list(model, &comps)
            ));
        } else {
            message.push_str(&format!(": {passes} passes through it."));
        }
        for &c in &comps {
            message.push_str(&recovery(cx, c, w.is_some()));
        }
        out.push(finding(model, INFO.name, severity, elements, message));
    }
    out
}

/// A sentence on how the element's standby takes over, when it does not by itself.
fn recovery(cx: &Context, c: ElementId, stops_writes: bool) -> String {
    let model = cx.model;
    if let Some(cluster) = cx.facts.manual_cluster[c.0] {
        let standby: Vec<ElementId> = model
            .cluster_members(cluster)
            .into_iter()
            .filter(|&m| m != c)
            .collect();
        let how = match model.element(cluster).attrs.failover {
            Some(Failover::Manual) => "`failover = manual`",
            _ => "no failover",
        };
        return format!(
            " Recovery is manual: {} is active-passive with {how}, so {} stands by until a person switches it over.",
            describe(model, cluster),
            name_list(model, &standby)
        );
    }
    if stops_writes && model.element(c).is(ComponentKind::Database) {
        let replicas = model.replicas_of(c);
        if !replicas.is_empty() && failover_of(model, c) != Failover::Automatic {
            let how = match failover_of(model, c) {
                Failover::Manual => "`failover = manual`",
                _ => "no failover",
            };
            return format!(
                " Recovery is manual: with {how}, a person must promote {} to primary.",
                name_list(model, &replicas)
            );
        }
    }
    String::new()
}
