//! `unencrypted-replication`: replication between database nodes on different hosts that no
//! link marks as encrypted.

use crate::analysis::{finding, flow::is_replication, Context, Finding, Severity};
use crate::model::ComponentKind;

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "unencrypted-replication",
    group: Group::Security,
    severity: Severity::Low,
    severities: &[Severity::Low],
    summary: "Replication between database nodes on different hosts is not encrypted.",
    why: "Replication carries every row that the primary writes. Between hosts it crosses the \
network, where whoever can listen reads the whole database as it changes.",
    fix: "Turn on TLS for replication (MySQL `REQUIRE SSL` for the replication user, \
PostgreSQL `sslmode=verify-full`) and mark the link `{ encrypted = true }` or write it `: tls`.",
    example: r#"host a { database db-1 { role = primary } }
host b { database db-2 { role = replica } }
db-1 -> db-2 : replication"#,
};

/// Reports every replica on another host than its primary whose replication is not encrypted.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let mut out = Vec::new();
    for db in model.components().filter(|&c| {
        model
            .element(c)
            .component_kind()
            .is_some_and(ComponentKind::is_stateful)
    }) {
        let Some(primary) = model.element(db).attrs.replicates else {
            continue;
        };
        if model.failure_domain(db) == model.failure_domain(primary) {
            continue;
        }
        let encrypted = model
            .links
            .iter()
            .filter(|l| {
                is_replication(model, l)
                    && ((l.from == primary && l.to == db) || (l.from == db && l.to == primary))
            })
            .any(|l| l.encrypted);
        if encrypted {
            continue;
        }
        out.push(finding(
            model,
            INFO.name,
            INFO.severity,
            vec![db, primary],
            format!(
                "`{}` replicates `{}` from another host over an unencrypted link: the data crosses the network in plain text.",
                model.element(db).id,
                model.element(primary).id
            ),
        ));
    }
    out
}
