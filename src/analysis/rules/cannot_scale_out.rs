//! `cannot-scale-out`: a single-instance web or application server with nothing in front of it
//! that could spread load over more: no load balancer upstream, and, for an application server,
//! no web server proxying to it either.

use std::collections::VecDeque;

use crate::analysis::{describe, finding, flow::is_replication, Context, Finding, Severity};
use crate::model::LinkKind;
use crate::model::{ComponentKind, ElementId, Model};

use super::maintenance_downtime::single_instances;
use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "cannot-scale-out",
    group: Group::Scalability,
    severity: Severity::Medium,
    severities: &[Severity::Medium],
    summary: "A web or application tier with one instance and no load balancer in front of it to spread load over more.",
    why: "When traffic grows, the only way to serve more is a bigger machine, and that has a \
ceiling and a price. Clients talk to the one server by its address, so adding a second server \
changes nothing until something in front spreads the requests.",
    fix: "Put a load balancer (HAProxy, a cloud load balancer) in front of the tier, point the \
domain at it, and add servers behind it as the load grows.",
    example: r#"client user
host server { web_server nginx }
user -> nginx : https"#,
};

/// Whether something upstream of `c` can spread its load.
fn has_front(model: &Model, c: ElementId) -> bool {
    let app = model.element(c).is(ComponentKind::AppServer);
    let mut seen = vec![false; model.elements.len()];
    seen[c.0] = true;
    let mut queue = VecDeque::from([c]);
    while let Some(v) = queue.pop_front() {
        for l in model.incoming(v) {
            let link = model.link(l);
            let u = link.from;
            if seen[u.0] || is_replication(model, link) || link.kind != LinkKind::Request {
                continue;
            }
            seen[u.0] = true;
            let k = model.element(u).component_kind();
            if k == Some(ComponentKind::LoadBalancer) || (app && k == Some(ComponentKind::WebServer)) {
                return true;
            }
            queue.push_back(u);
        }
    }
    false
}

/// Reports every single-instance web or application server that nothing could spread load for.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    single_instances(cx)
        .into_iter()
        .filter(|&c| !has_front(model, c))
        .map(|c| {
            finding(
                model,
                INFO.name,
                INFO.severity,
                vec![c],
                format!(
                    "{} is the only instance of its tier and clients reach it directly: nothing in front could spread the load over a second one.",
                    describe(model, c)
                ),
            )
        })
        .collect()
}
