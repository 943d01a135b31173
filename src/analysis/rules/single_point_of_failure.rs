//! `single-point-of-failure`: a failure domain whose loss alone stops a flow that serves reads
//! (critical), writes (high) or the background jobs (medium), found exactly on the structure
//! function of each flow ([`crate::analysis::flow`]).

use std::collections::BTreeMap;

use crate::analysis::flow::{failover_of, Cut, DomainKind, FlowId};
use crate::analysis::{
    describe, english_list, finding, name_list, Context, FlowAnalysis, Finding, Severity,
};
use crate::model::{ComponentKind, ElementId, Failover, Kind};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "single-point-of-failure",
    group: Group::SinglePointsOfFailure,
    severity: Severity::Critical,
    severities: &[Severity::Critical, Severity::High],
    summary: "An element or host whose loss alone stops requests (critical) or writes (high).",
    why: "Every request, or every write, passes through it: when it fails (a crash, a full disk, a \
kernel update) the site stops, whatever else is redundant. Two copies on one host are one \
copy, and a standby that a person must switch over leaves the site down until someone does.",
    fix: "Give it a peer on another host that takes over by itself: for a load balancer, a twin in a \
`cluster` with a `vip` and `failover = automatic`; for a web or application server, a second \
one behind the load balancer; for a database primary, a replica with `failover = automatic`. \
Or make it `managed = true`.",
    example: r#"client user
host server {
  web_server nginx
  database db
}
user -> nginx : https
nginx -> db : mysql"#,
};

/// Reports every failure domain whose loss alone stops a flow, once, with the components
/// through which it stops it and the flows it stops: critical when a flow that serves reads
/// stops, high when writes stop, medium when only the background flow stops.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    // Per domain: the flows it stops, with the cut of each.
    let mut by_domain: BTreeMap<usize, Vec<(&FlowAnalysis, &Cut)>> = BTreeMap::new();
    for fa in cx.existing() {
        for (&d, cut) in &fa.cuts.units {
            by_domain.entry(d).or_default().push((fa, cut));
        }
    }
    let mut out = Vec::new();
    for (d, stops) in by_domain {
        let dom = &cx.domains.list[d];
        let is_container = matches!(model.element(dom.element).kind, Kind::Container(_));
        // What each flow passes through in the domain: for a zone, the hosts (or components)
        // in it that the flow needs, each of which spared alone would keep the flow going; when
        // no single one would (the zone holds several things the flow needs), or for a host,
        // the components of the domain that served the flow.
        let through = |cut: &Cut| -> Vec<ElementId> {
            if dom.kind == DomainKind::Zone && !cut.domains.is_empty() {
                cut.domains
                    .iter()
                    .map(|&x| cx.domains.list[x].element)
                    .collect()
            } else {
                cut.components.clone()
            }
        };
        let mut comps: Vec<ElementId> = stops.iter().flat_map(|(_, c)| through(c)).collect();
        comps.sort();
        comps.dedup();
        let mut elements = vec![dom.element];
        if is_container {
            elements.extend(comps.iter().copied());
        }
        let reads = stops.iter().any(|(f, _)| f.flow.serves_reads(model));
        let writes = stops.iter().any(|(f, _)| f.flow == FlowId::Writes);
        let severity = if reads {
            Severity::Critical
        } else if stops.iter().any(|(f, _)| f.flow != FlowId::Background) {
            Severity::High
        } else {
            Severity::Medium
        };
        let all_cut = |f: FlowId| {
            stops
                .iter()
                .find(|(fa, _)| fa.flow == f)
                .is_some_and(|(fa, c)| c.starts.len() == fa.graph.starts.len())
        };
        let (stop_text, passes) = match (
            stops.iter().any(|(f, _)| f.flow == FlowId::Reads),
            writes,
        ) {
            (true, true) if all_cut(FlowId::Reads) && all_cut(FlowId::Writes) => (
                "the site stops serving requests and accepting writes".to_string(),
                "every request",
            ),
            (true, false) if all_cut(FlowId::Reads) => {
                ("the site stops serving requests".to_string(), "every request")
            }
            (false, true) if all_cut(FlowId::Writes) => (
                "the site stops accepting writes (reads go on)".to_string(),
                "every write",
            ),
            _ => (flows_stopped(cx, &stops), "the flow"),
        };
        let mut extra: Vec<String> = Vec::new();
        let named: Vec<String> = stops
            .iter()
            .filter(|(f, _)| matches!(f.flow, FlowId::Named(_) | FlowId::Background))
            .map(|(f, _)| format!("`{}`", f.flow.name(model)))
            .collect();
        if !named.is_empty() && passes != "the flow" {
            extra.push(format!(
                " It also stops the flow{} {}.",
                if named.len() == 1 { "" } else { "s" },
                english_list(&named)
            ));
        }
        // The sentence names what the flows it speaks of pass through: "every request" is
        // the reads and writes, "every write" the writes, "the flow" every flow it stops.
        let spoken = |f: FlowId| match passes {
            "every request" => matches!(f, FlowId::Reads | FlowId::Writes),
            "every write" => f == FlowId::Writes,
            _ => true,
        };
        let mut comps: Vec<ElementId> = stops
            .iter()
            .filter(|(f, _)| spoken(f.flow))
            .flat_map(|(_, c)| through(c))
            .collect();
        comps.sort();
        comps.dedup();
        let what = cx.domains.describe(model, d);
        let mut message = format!("If {what} fails, {stop_text}");
        let where_ = if dom.kind == DomainKind::Zone { "in it" } else { "on it" };
        if is_container && !comps.is_empty() {
            message.push_str(&format!(
                ": {passes} passes through {} {where_}.",
                name_list(model, &comps)
            ));
        } else {
            message.push_str(&format!(": {passes} passes through it."));
        }
        for e in extra {
            message.push_str(&e);
        }
        for &c in &comps {
            message.push_str(&recovery(cx, c, writes));
        }
        out.push(finding(model, INFO.name, severity, elements, message));
    }
    out
}

/// "reads stop for `partner`, and background jobs stop": the flows a domain stops, naming the
/// starts it cuts off when it does not cut off all of them.
fn flows_stopped(cx: &Context, stops: &[(&FlowAnalysis, &Cut)]) -> String {
    let model = cx.model;
    let parts: Vec<String> = stops
        .iter()
        .map(|(fa, cut)| {
            let name = match fa.flow {
                FlowId::Reads => "reads".to_string(),
                FlowId::Writes => "writes".to_string(),
                FlowId::Background => "background jobs".to_string(),
                FlowId::Named(i) => format!("the flow `{}`", model.flows[i].id),
            };
            if cut.starts.len() == fa.graph.starts.len() || fa.flow == FlowId::Background {
                format!("{name} stop")
            } else {
                let who: Vec<ElementId> = cut
                    .starts
                    .iter()
                    .flat_map(|&s| fa.graph.starts[s].iter().copied())
                    .collect();
                format!("{name} stop for {}", name_list(model, &who))
            }
        })
        .collect();
    english_list(&parts)
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
    if stops_writes
        && model
            .element(c)
            .component_kind()
            .is_some_and(ComponentKind::is_stateful)
    {
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
