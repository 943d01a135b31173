//! `colocated-tiers`: a host that holds a web server, an application server and a database,
//! in a design with more than one host. (With a single host, the host is already reported as
//! a single point of failure, and there is nowhere else to put the tiers.)

use crate::analysis::{describe, finding, Context, Finding, Severity};
use crate::model::{ComponentKind, ContainerKind, ElementId};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "colocated-tiers",
    group: Group::Scalability,
    severity: Severity::Medium,
    severities: &[Severity::Medium],
    summary: "Web, application and database components share one host and compete for it.",
    why: "The web server, the application and the database compete for one machine's CPU, memory and \
disks: a traffic peak slows the database, a heavy query slows every page, and none of them \
can be sized, restarted or scaled on its own.",
    fix: "Give each tier hosts of its own (a web tier, an application tier, a database tier), \
so that each can be sized and scaled for its load.",
    example: r#"client user
host lb-host { load_balancer lb }
host server { web_server nginx; app_server app; database db }
user -> lb : https
lb -> nginx : http
nginx -> app : http
app -> db : mysql"#,
};

/// Reports every host carrying all three tiers, when the design has more than one host.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let hosts: Vec<ElementId> = model.containers(ContainerKind::Host).collect();
    if hosts.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for host in hosts {
        let inside = model.components_in(host);
        let first = |k: ComponentKind| inside.iter().copied().find(|&c| model.element(c).is(k));
        let (Some(web), Some(app), Some(db)) = (
            first(ComponentKind::WebServer),
            first(ComponentKind::AppServer),
            first(ComponentKind::Database),
        ) else {
            continue;
        };
        out.push(finding(
            model,
            INFO.name,
            INFO.severity,
            vec![host, web, app, db],
            format!(
                "{} carries the web server `{}`, the application server `{}` and the database `{}`: they compete for its CPU, memory and disks, and cannot be scaled apart.",
                describe(model, host),
                model.element(web).id,
                model.element(app).id,
                model.element(db).id
            ),
        ));
    }
    out
}
