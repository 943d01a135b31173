//! `maintenance-downtime`: a web or application server with no redundant peer serving the same
//! flow — the component alone (restarting it, not losing its host) stops reads or writes.

use crate::analysis::flow::FlowId;
use crate::analysis::{describe, finding, Context, Finding, Severity};
use crate::model::{ComponentKind, ElementId};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "maintenance-downtime",
    group: Group::Scalability,
    severity: Severity::Medium,
    severities: &[Severity::Medium],
    summary: "A web or application tier with one instance: deploying new code restarts it, and the site goes down.",
    why: "Every deployment, configuration change or security update restarts the server's \
process. With one instance in the tier, every request fails while it restarts: the site has \
planned downtime with every release, and releases get rarer and riskier.",
    fix: "Run at least two instances of the tier behind a load balancer, on different hosts, \
and deploy to one at a time (a rolling deployment), or switch between two copies (blue-green).",
    example: r#"client user
host server { web_server nginx }
host lb-host { load_balancer lb }
user -> lb : https
lb -> nginx : http"#,
};

/// The web and application servers that alone stop a flow, in source order.
pub fn single_instances(cx: &Context) -> Vec<ElementId> {
    let mut out: Vec<ElementId> = cx
        .existing()
        .filter(|f| f.flow != FlowId::Background)
        .flat_map(|f| f.cuts.components.iter().copied())
        .filter(|&c| {
            matches!(
                cx.model.element(c).component_kind(),
                Some(ComponentKind::WebServer | ComponentKind::AppServer | ComponentKind::Service)
            )
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Reports every single-instance web or application server.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    single_instances(cx)
        .into_iter()
        .map(|c| {
            finding(
                model,
                INFO.name,
                INFO.severity,
                vec![c],
                format!(
                    "{} is the only instance of its tier: deploying new code or restarting it takes the site down.",
                    describe(model, c)
                ),
            )
        })
        .collect()
}
