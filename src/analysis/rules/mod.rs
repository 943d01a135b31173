//! The rule registry: one rule per file, each with a stable name (the names of RUBRIC.md's
//! table), a default severity, documentation in fixed sections (summary, why it matters, how
//! to fix it, an example) and a `check` function.
//!
//! [`rules`] lists them in the order of the documentation; [`rules_markdown`] renders
//! `docs/rules.md` from them.

use super::{Context, Finding, Severity};

/// The documentation of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The stable name, e.g. `single-point-of-failure`.
    pub name: &'static str,
    /// The default severity (a rule may report some findings at another severity, which
    /// `severities` then lists).
    pub severity: Severity,
    /// Every severity the rule can report, most severe first.
    pub severities: &'static [Severity],
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Why it matters (a paragraph, Markdown).
    pub why: &'static str,
    /// How to fix it (a paragraph, Markdown).
    pub fix: &'static str,
    /// A small `.arch` design that the rule reports on.
    pub example: &'static str,
}

/// A rule's check: the findings it reports on a context.
pub type Check = fn(&Context) -> Vec<Finding>;

macro_rules! registry {
    ($($module:ident),+ $(,)?) => {
        $(pub mod $module;)+

        static INFOS: &[RuleInfo] = &[$($module::INFO),+];
        static CHECKS: &[Check] = &[$($module::check),+];
    };
}

registry!(
    single_point_of_failure,
    double_point_of_failure,
    single_write_primary,
    no_firewall,
    no_https,
    tls_terminated_at_load_balancer,
    database_exposed,
    unencrypted_replication,
    no_monitoring,
    colocated_tiers,
    maintenance_downtime,
    cannot_scale_out,
    unreachable,
);

/// Every rule, in the order of the documentation.
pub fn rules() -> &'static [RuleInfo] {
    INFOS
}

/// The rule with this name.
pub fn rule(name: &str) -> Option<&'static RuleInfo> {
    INFOS.iter().find(|r| r.name == name)
}

/// Every rule's check, in the order of [`rules`].
pub(crate) fn checks() -> &'static [Check] {
    CHECKS
}

/// `docs/rules.md`: every rule with its severity, summary, why it matters, how to fix it and
/// its example, generated from the registry.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Review rules\n\n\
         <!-- Generated from the rule registry (src/analysis/rules/); do not edit by hand. -->\n\n\
         `archc check` reviews a design with the rules below. Each has a stable name, used in \
         `allow RULE on ID \"reason\"` and in the JSON and SARIF outputs, and a severity: \
         `critical`, `high`, `medium`, `low` or `info`.\n\n\
         | rule | severity | reports |\n|---|---|---|\n",
    );
    for r in INFOS {
        let sev: Vec<&str> = r.severities.iter().map(|s| s.as_str()).collect();
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            r.name,
            r.name,
            sev.join(" / "),
            r.summary
        ));
    }
    for r in INFOS {
        let sev: Vec<&str> = r.severities.iter().map(|s| s.as_str()).collect();
        out.push_str(&format!(
            "\n## `{}`\n\n**Severity:** {}\n\n{}\n\n### Why it matters\n\n{}\n\n### How to fix it\n\n{}\n\n### Example\n\n```text\n{}\n```\n",
            r.name,
            sev.join(" / "),
            r.summary,
            r.why.trim(),
            r.fix.trim(),
            r.example.trim()
        ));
    }
    out
}
