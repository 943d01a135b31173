//! `database-exposed`: a database that traffic from an untrusted place reaches without going
//! through an application server.
//!
//! From every client and every component in an untrusted place (no zone, or a zone with
//! `trust = untrusted`) — application servers, databases, firewalls and monitoring aside —
//! traffic follows the links; it stops at application servers (the application is the way
//! in) and at databases. Replication between databases is not a way in.

use std::collections::{BTreeMap, VecDeque};

use crate::analysis::{describe, finding, flow::is_replication, Context, Finding, Severity};
use crate::model::{ComponentKind, ElementId, Trust};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "database-exposed",
    group: Group::Security,
    severity: Severity::Critical,
    severities: &[Severity::Critical],
    summary: "A database can be reached from an untrusted place other than through the application.",
    why: "The application is the only thing that should talk to the database: it checks who \
asks and what for. A database that the internet reaches directly is one weak password or one \
unpatched bug away from a full copy of the data, or its deletion.",
    fix: "Remove the direct link, put the database in a trusted `zone`, and let only the \
application servers reach it (a firewall that allows `tcp/3306` from them alone).",
    example: r#"client user
host app-host { app_server app }
host db-host { database db }
user -> app : https
app -> db : mysql
user -> db : mysql"#,
};

/// Reports every database reached from an untrusted place other than through an application
/// server.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let n = model.elements.len();
    let mut origin: Vec<Option<ElementId>> = vec![None; n];
    let mut queue = VecDeque::new();
    let mut origins: Vec<ElementId> = model
        .components()
        .filter(|&c| {
            let e = model.element(c);
            // Untrusted clients and untrusted places; the application (an application server
            // or a `service`) reaching a database is no exposure, nor is a trusted client.
            model.trust(c) == Trust::Untrusted
                && !matches!(
                    e.component_kind(),
                    Some(
                        ComponentKind::AppServer
                            | ComponentKind::Service
                            | ComponentKind::Database
                            | ComponentKind::Firewall
                            | ComponentKind::Monitoring
                    )
                )
        })
        .collect();
    origins.sort_by_key(|&c| !model.element(c).is(ComponentKind::Client));
    for c in origins {
        origin[c.0] = Some(c);
        queue.push_back(c);
    }
    let mut exposed: BTreeMap<ElementId, ElementId> = BTreeMap::new();
    while let Some(u) = queue.pop_front() {
        let from = origin[u.0].expect("queued nodes have an origin");
        for l in model.outgoing(u) {
            let link = model.link(l);
            let v = link.to;
            let ve = model.element(v);
            if is_replication(model, link) || ve.is(ComponentKind::Client) {
                continue;
            }
            if ve.is(ComponentKind::Database) {
                exposed.entry(v).or_insert(from);
                continue;
            }
            if ve.is(ComponentKind::AppServer) || ve.is(ComponentKind::Service) {
                continue;
            }
            if origin[v.0].is_none() {
                origin[v.0] = Some(from);
                queue.push_back(v);
            }
        }
    }
    exposed
        .into_iter()
        .map(|(db, from)| {
            let whence = if model.element(from).is(ComponentKind::Client) {
                format!("the client `{}`", model.element(from).id)
            } else {
                format!("`{}`, which is in an untrusted place,", model.element(from).id)
            };
            finding(
                model,
                INFO.name,
                INFO.severity,
                vec![db, from],
                format!(
                    "Traffic from {whence} reaches {} without going through an application server.",
                    describe(model, db)
                ),
            )
        })
        .collect()
}
