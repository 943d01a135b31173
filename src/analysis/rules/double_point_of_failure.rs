//! `double-point-of-failure`: two failure domains whose joint loss stops a flow that neither
//! stops alone (low): the minimal cut sets of order two, exact
//! ([`crate::analysis::flow::pairs`]).

use crate::analysis::flow::FlowId;
use crate::analysis::{describe, english_list, finding, Context, Finding, Severity};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "double-point-of-failure",
    group: Group::SinglePointsOfFailure,
    severity: Severity::Low,
    severities: &[Severity::Low],
    summary: "Two failure domains whose failure together stops a flow, where either alone does not: a minimal cut set of order two.",
    why: "Two copies survive one failure, not two, and failures are not always independent: both \
copies may share a rack, a power feed, a deployment script or a bad configuration.",
    fix: "Put the two on different racks, zones or regions and update them one at a time; when \
the pair carries the whole site, add a third member.",
    example: r#"client user
host web-1 { web_server nginx-1 }
host web-2 { web_server nginx-2 }
user -> nginx-1 | nginx-2 : https"#,
};

/// Reports the pairs found by the context's pair search.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    cx.pairs
        .iter()
        .map(|p| {
            let [a, b] = p.units;
            let (ea, eb) = (cx.domains.list[a].element, cx.domains.list[b].element);
            let both = p.flows.contains(&FlowId::Reads) && p.flows.contains(&FlowId::Writes);
            let stops: Vec<String> = p
                .flows
                .iter()
                .filter(|&&f| !(both && f == FlowId::Writes))
                .map(|&f| match f {
                    FlowId::Reads if both => {
                        "the site stops serving requests and accepting writes".to_string()
                    }
                    FlowId::Reads => "the site stops serving requests".to_string(),
                    FlowId::Writes => "the site stops accepting writes".to_string(),
                    FlowId::Background => "background jobs stop".to_string(),
                    FlowId::Named(i) => format!("the flow `{}` stops", model.flows[i].id),
                })
                .collect();
            let (elements, who) = if ea == eb {
                (
                    vec![ea],
                    format!(
                        "copies {} and {} of {}",
                        cx.domains.list[a].copy.unwrap_or(0) + 1,
                        cx.domains.list[b].copy.unwrap_or(0) + 1,
                        describe(model, ea)
                    ),
                )
            } else {
                (
                    vec![ea, eb],
                    format!(
                        "{} and {}",
                        cx.domains.describe(model, a),
                        cx.domains.describe(model, b)
                    ),
                )
            };
            finding(
                model,
                INFO.name,
                Severity::Low,
                elements,
                format!(
                    "If {who} fail together, {}; either alone is survived.",
                    english_list(&stops)
                ),
            )
        })
        .collect()
}
