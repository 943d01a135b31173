//! The rule registry: one rule per file, each with a stable name (the names of the rules reference's
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

/// How the review reasons, for the documentation (Markdown).
const REASONING: &str = "
## How the review reasons

**Flows.** Requests go from clients along the links. The design *serves reads* while some \
client reaches a server (`web_server`, `app_server` or `service`) that can answer: a server \
whose links lead to a database or to another server answers only through them, and a database \
node serves reads (reads may go to a primary as well as to its replicas). It *accepts writes* \
while some client reaches, through a server, a database node that accepts writes: a primary or \
standalone node, or a replica that `failover = automatic` promotes. A client that links to DNS \
services needs one of them.

**Failure domains.** Every host fails as a whole; every component outside hosts fails on its \
own. Clients never fail, and managed elements (`managed = true`; `dns` and `cdn` by default) \
are assumed redundant. Redundancy counts only when it takes over by itself: the members of an \
`active-active` cluster, or of an `active-passive` cluster with `failover = automatic`. In an \
`active-passive` cluster without automatic failover only the first member serves, and recovery \
is manual. A load balancer's `setup` describes how it uses its backends; it checks their health \
and stops sending to a failed one by itself.

**Exactness.** A failure domain is a single point of failure when every path of a flow meets \
it. archc finds these exactly, with the dominator tree of the flow graph (Cooper, Harvey & \
Kennedy, 2001) and a search inside one region for a host that holds several components of one \
flow. Pairs of failure domains whose joint loss stops a flow that neither stops alone are \
double points of failure (at most five, reads first).

**Availability.** Each failure domain is up independently: `availability = 99.95%` when \
written, otherwise a host 99.5%, a managed element 99.99%, a load balancer, firewall or storage \
outside hosts 99.9%, any other component outside hosts 99.5%. The availability of reads and of \
writes is computed exactly by factoring, or, for large designs, estimated by seeded Monte Carlo \
simulation with a 95% interval.
";

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
    out.push_str(REASONING);
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
