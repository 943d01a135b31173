//! What-if: the review replayed with elements taken down.

use std::collections::BTreeSet;

use serde::Serialize;

use super::flow::Flow;
use super::{apply_allows, run_rules, Context, Finding};
use crate::model::{ElementId, Model};

/// Whether a flow works before and after the failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FlowChange {
    /// The flow.
    pub flow: Flow,
    /// Whether it works with nothing failed.
    pub before: bool,
    /// Whether it works with the elements failed.
    pub after: bool,
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
    /// Reads, then writes.
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
    let flows = Flow::ALL
        .iter()
        .map(|&f| FlowChange {
            flow: f,
            before: before.flow(f).1.works,
            after: after.flow(f).1.works,
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
