//! `single-write-primary`: a primary with replicas, none of which an automatic failover
//! promotes.

use crate::analysis::flow::failover_of;
use crate::analysis::{finding, name_list, Context, Finding, Severity};
use crate::model::{ComponentKind, Failover, Role};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "single-write-primary",
    group: Group::SinglePointsOfFailure,
    severity: Severity::Medium,
    severities: &[Severity::Medium],
    summary: "Only one database node accepts writes and nothing promotes a replica automatically.",
    why: "Only the primary accepts writes. When it fails, every write (a sign-up, an order) fails \
until a replica is promoted; by hand that takes as long as waking someone up, and a hurried \
promotion can lose the writes the replica had not received.",
    fix: "Let an orchestrator promote a replica by itself: `failover = automatic` (Orchestrator or \
MySQL InnoDB Cluster for MySQL, Patroni for PostgreSQL, or a managed database). With \
`replication = semi-sync`, every acknowledged write is on a replica, as long as the primary \
has not fallen back to async after `rpl_semi_sync_source_timeout` (10 seconds by default).",
    example: r#"client user
host a { app_server app-a; database db-1 { role = primary } }
host b { database db-2 { role = replica; replicates = db-1 } }
user -> app-a : https
app-a -> db-1 : mysql"#,
};

/// Reports every primary that has replicas and no automatic failover.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let mut out = Vec::new();
    for db in model.components().filter(|&c| {
        model
            .element(c)
            .component_kind()
            .is_some_and(ComponentKind::is_stateful)
    }) {
        if model.role(db) != Role::Primary {
            continue;
        }
        let replicas = model.replicas_of(db);
        if replicas.is_empty() || replicas.iter().any(|r| cx.facts.promotable[r.0]) {
            continue;
        }
        let how = match failover_of(model, db) {
            Failover::Manual => "writes stop until a person promotes a replica by hand (`failover = manual`)",
            _ => "no replica takes its place, as the design gives no `failover`",
        };
        let mut elements = vec![db];
        elements.extend(replicas.iter().copied());
        out.push(finding(
            model,
            INFO.name,
            INFO.severity,
            elements,
            format!(
                "Only `{}` accepts writes: {} {} its data and serve{} reads, but when `{}` fails {how}.",
                model.element(db).id,
                name_list(model, &replicas),
                if replicas.len() == 1 { "copies" } else { "copy" },
                if replicas.len() == 1 { "s" } else { "" },
                model.element(db).id,
            ),
        ));
    }
    out
}
