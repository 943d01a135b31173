//! `double-point-of-failure`: two failure domains whose joint loss stops a flow that neither
//! stops alone (low; at most five, reads first, in source order).

use crate::analysis::flow::{Flow, MAX_PAIRS};
use crate::analysis::{describe, finding, Context, Finding, Severity};

use super::RuleInfo;

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "double-point-of-failure",
    severity: Severity::Low,
    severities: &[Severity::Low],
    summary: "Two hosts or elements whose failure together stops requests or writes, where either alone does not (at most five reported).",
    why: "Redundancy of two survives one failure, not two. Failures are not always independent: \
both copies may be updated by the same script, share a rack, a power feed or a bad \
configuration. Knowing which pairs the site depends on tells where a third copy, or care in \
spreading the two, buys the most.",
    fix: "Put the two on different racks, zones or regions and update them one at a time; when \
the pair carries the whole site, add a third member.",
    example: r#"client user
host web-1 { web_server nginx-1 }
host web-2 { web_server nginx-2 }
user -> nginx-1, nginx-2 : https"#,
};

/// Reports the pairs found by the context's pair search.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    cx.pairs
        .iter()
        .take(MAX_PAIRS)
        .map(|p| {
            let [a, b] = p.units.map(|u| cx.units.list[u].element);
            let stops = if p.flows.contains(&Flow::Reads) {
                "the site stops serving requests"
            } else {
                "the site stops accepting writes"
            };
            finding(
                model,
                INFO.name,
                Severity::Low,
                vec![a, b],
                format!(
                    "If {} and {} fail together, {stops}; either alone is survived.",
                    describe(model, a),
                    describe(model, b)
                ),
            )
        })
        .collect()
}
