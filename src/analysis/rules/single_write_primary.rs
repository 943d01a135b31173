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
    why: "Replicas copy the primary's data and serve reads, but only the primary accepts writes. \
When it fails, every write (a sign-up, an order, a comment) fails until a replica is promoted; \
done by hand, that takes as long as it takes to wake someone up, and a promotion in a hurry risks \
losing the last writes that the replica had not received.",
    fix: "Let an orchestrator (MySQL Group Replication, Orchestrator, Patroni, a managed database) \
promote a replica by itself: `failover = automatic` on the primary or its cluster. Prefer \
`replication = semi-sync` so that a promoted replica has every acknowledged write.",
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
            Failover::Manual => "a person must promote one by hand (`failover = manual`)",
            _ => "nothing promotes one (no `failover`)",
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
