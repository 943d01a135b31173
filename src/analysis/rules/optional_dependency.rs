//! `optional-dependency`: what the loss of an optional dependency (`optional = true`)
//! degrades, without stopping the flow (info).

use std::collections::BTreeMap;

use crate::analysis::flow::Gate;
use crate::analysis::{describe, english_list, finding, name_list, Context, Finding, Severity};
use crate::model::{ContainerKind, ElementId};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "optional-dependency",
    group: Group::SinglePointsOfFailure,
    severity: Severity::Info,
    severities: &[Severity::Info],
    summary: "An optional dependency whose loss degrades a flow without stopping it.",
    why: "A cache in front of a database, a recommendation service beside a page: when it is \
lost, the flow goes on, slower or poorer. Knowing what degrades tells what load the rest must \
absorb (every read a cache absorbed now reaches the database) and what to watch.",
    fix: "Nothing to fix: make sure what is left can carry the load without it (size the \
database for the reads the cache absorbs), and alert when it is lost.",
    example: r#"client user
host web { app_server app }
host data { database db }
host c { cache redis }
user -> app : https
app -> db : mysql
app -> redis : redis { optional = true }"#,
};

/// Reports each optional dependency once, with the flows it degrades and who uses it.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    // Per dependency (its elements): the flows it degrades and the components that use it.
    let mut deps: BTreeMap<Vec<ElementId>, (Vec<String>, Vec<ElementId>)> = BTreeMap::new();
    for fa in cx.existing().filter(|f| f.cuts.works) {
        for &(user, o) in &fa.cuts.optional {
            let node = &fa.graph.nodes[o];
            let mut targets: Vec<ElementId> = match (node.gate, node.component) {
                (_, Some((c, _))) => vec![c],
                (Gate::Or, None) => node
                    .children
                    .iter()
                    .filter_map(|&v| fa.graph.nodes[v].component.map(|(c, _)| c))
                    .collect(),
                _ => continue,
            };
            targets.sort();
            targets.dedup();
            // The cluster the targets make up, when they are all its members.
            let cluster = model.containers(ContainerKind::Cluster).find(|&cl| {
                let mut m = model.cluster_members(cl);
                m.sort();
                m == targets
            });
            let key = cluster.map_or(targets, |c| vec![c]);
            let e = deps.entry(key).or_default();
            let name = format!("`{}`", fa.flow.name(model));
            if !e.0.contains(&name) {
                e.0.push(name);
            }
            if !e.1.contains(&user) {
                e.1.push(user);
            }
        }
    }
    deps.into_iter()
        .map(|(elements, (flows, users))| {
            let what = match elements.as_slice() {
                [one] => describe(model, *one),
                many => name_list(model, many),
            };
            finding(
                model,
                INFO.name,
                INFO.severity,
                elements,
                format!(
                    "If {what} is lost, {} degrade{} but do{} not stop: {} go{} on without it (an optional dependency).",
                    english_list(&flows),
                    if flows.len() == 1 { "s" } else { "" },
                    if flows.len() == 1 { "es" } else { "" },
                    name_list(model, &users),
                    if users.len() == 1 { "es" } else { "" },
                ),
            )
        })
        .collect()
}
