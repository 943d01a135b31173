//! What-if: the review replayed with elements taken down.

use std::collections::BTreeSet;

use serde::Serialize;

use super::flow::FlowId;
use super::{apply_allows, run_rules, Context, Finding};
use crate::model::{ElementId, Model};

/// What a failure does to one flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The flow was served and is not any more.
    Stops,
    /// The flow is served, without losing an optional dependency it used.
    Continues,
    /// The flow is served, but an optional dependency it used is lost.
    Degrades,
    /// The flow was not served before the failure either.
    NotServed,
}

impl Outcome {
    /// `stops`, `continues`, `degrades` or `not-served`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Stops => "stops",
            Outcome::Continues => "continues",
            Outcome::Degrades => "degrades",
            Outcome::NotServed => "not-served",
        }
    }
}

/// Whether a flow works before and after the failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlowChange {
    /// The flow.
    pub flow: FlowId,
    /// Its name.
    pub name: String,
    /// Whether it works with nothing failed.
    pub before: bool,
    /// Whether it works with the elements failed.
    pub after: bool,
    /// What the failure does to it.
    pub outcome: Outcome,
    /// The components that lose an optional dependency (when it degrades), in source order.
    pub degraded: Vec<ElementId>,
}

impl FlowChange {
    /// Whether the failure stops the flow.
    pub fn stops(&self) -> bool {
        self.before && !self.after
    }
}

/// The consequences of taking some elements down.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhatIf {
    /// The elements taken down, as given.
    pub failed: Vec<ElementId>,
    /// Every flow of the design, in report order.
    pub flows: Vec<FlowChange>,
    /// Findings that the failure brings (e.g. the surviving member of a pair becomes a single
    /// point of failure), sorted like a review's.
    pub appeared: Vec<Finding>,
    /// Findings that no longer hold once the elements are down.
    pub disappeared: Vec<Finding>,
}

/// Takes `failed` down — components, hosts (everything in them) or clusters (all their
/// members) — and says which flows stop and which findings appear or disappear (`allow`s
/// applied). Findings are compared by rule and elements.
pub fn what_if(model: &Model, failed: &[ElementId]) -> WhatIf {
    let before = Context::new(model, &[]);
    let after = Context::new(model, failed);
    let flows = before
        .existing()
        .map(|b| {
            let a = after
                .flow(b.flow)
                .expect("a failure never removes a flow from the design");
            let works_before = b.cuts.works;
            let works_after = a.eval.served() && works_before;
            let lost = a.eval.degraded_against(&a.graph, &b.eval);
            let mut degraded: Vec<ElementId> = lost
                .iter()
                .flat_map(|&o| {
                    a.graph
                        .parents_optional(o)
                        .into_iter()
                        .filter_map(|v| a.graph.nodes[v].component.map(|(c, _)| c))
                })
                .collect();
            degraded.sort();
            degraded.dedup();
            let outcome = match (works_before, works_after) {
                (false, _) => Outcome::NotServed,
                (true, false) => Outcome::Stops,
                (true, true) if !lost.is_empty() => Outcome::Degrades,
                (true, true) => Outcome::Continues,
            };
            FlowChange {
                flow: b.flow,
                name: b.flow.name(model),
                before: works_before,
                after: works_after,
                outcome,
                degraded,
            }
        })
        .collect();
    let (was, _, _) = apply_allows(model, run_rules(&before));
    let (is, _, _) = apply_allows(model, run_rules(&after));
    let key = |f: &Finding| (f.rule, f.elements.clone());
    let was_keys: BTreeSet<_> = was.iter().map(key).collect();
    let is_keys: BTreeSet<_> = is.iter().map(key).collect();
    WhatIf {
        failed: failed.to_vec(),
        flows,
        appeared: is
            .iter()
            .filter(|f| !was_keys.contains(&key(f)))
            .cloned()
            .collect(),
        disappeared: was
            .iter()
            .filter(|f| !is_keys.contains(&key(f)))
            .cloned()
            .collect(),
    }
}
