//! The rule registry: one rule per file, each with a stable name (the names of the rules reference's
//! table), a default severity, documentation in fixed sections (summary, why it matters, how
//! to fix it, an example) and a `check` function.
//!
//! [`rules`] lists them in the order of the documentation; [`rules_markdown`] renders
//! `docs/rules.md` from them.

use super::{Context, Finding, Severity};

/// The part of the write-up's review where a rule's findings are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Elements whose failure stops the site or its writes.
    SinglePointsOfFailure,
    /// Exposure, filtering and encryption.
    Security,
    /// What nobody watches.
    Monitoring,
    /// Growth, deployments and the shape of the design.
    Scalability,
}

impl Group {
    /// Every group, in the order of the write-up.
    pub const ALL: [Group; 4] = [
        Group::SinglePointsOfFailure,
        Group::Security,
        Group::Monitoring,
        Group::Scalability,
    ];

    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            Group::SinglePointsOfFailure => "Single points of failure",
            Group::Security => "Security",
            Group::Monitoring => "Monitoring",
            Group::Scalability => "Scalability and maintenance",
        }
    }

    /// What the design has when the group has no finding.
    pub fn clean(self) -> &'static str {
        match self {
            Group::SinglePointsOfFailure => {
                "No single point of failure was found: no element or server stops the site, or \
                 its writes, by failing alone."
            }
            Group::Security => {
                "No security finding: traffic from the internet is filtered and encrypted, and \
                 the data stores are reached only through the application."
            }
            Group::Monitoring => "No monitoring finding: every server and component is watched.",
            Group::Scalability => {
                "No scalability or maintenance finding: every tier can grow, and be updated, \
                 without stopping the site."
            }
        }
    }
}

/// The documentation of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The stable name, e.g. `single-point-of-failure`.
    pub name: &'static str,
    /// The part of the review (and of the write-up) that lists its findings.
    pub group: Group,
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
    firewall_blocks_traffic,
    optional_dependency,
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

**Flows.** Clients start the flows their request links carry: `reads` and `writes` (a link \
carries those its `access` names; `read-write` by default), each declared `flow` (a read \
journey is part of `reads`, a write journey part of `writes`; `flows = [...]` on a link \
restricts it to the flows it names), and `background`, started by the consumers that pull from \
a queue (`worker -> jobs { access = read }`). Links that carry no requests (`~>`, \
`replication`, monitoring to monitoring) carry no flow; the security rules still check them. \
A flow is served when it is served for every client that starts it.

**Dependencies.** For one flow, a component serves when it is up and each of its dependencies \
serves. Targets that are redundant peers form one dependency, served by any of them: the \
alternatives of `a | b`, the members of a cluster named by a link, the copies of an element \
with `instances`, every backend of a load balancer, and the nodes of one replica set (reads \
on any node reached by a link carrying reads and on a linked primary; writes on the primary, \
or on a replica that `failover = automatic` promotes). Every other target is needed on its \
own. A component with no dependency answers by itself (a web server with static files, a \
bucket behind a CDN, a queue accepting a message). Optional links (`optional = true`) never \
stop a flow: their loss degrades it. Cycles serve together or fail together (the greatest \
fixpoint).

**Failure domains.** Every host fails as a whole (each copy of a host with `instances` on its \
own), every component outside hosts fails on its own (each copy), and a zone with \
`failure_domain = true` fails with everything in it. Clients never fail, and managed elements \
(`managed = true`; `dns` and `cdn` by default) are assumed redundant. Redundancy counts only \
when it takes over by itself: in an `active-passive` cluster without `failover = automatic` \
only the first member serves.

**Exactness.** This is the structure function of fault-tree analysis (Vesely et al., *Fault \
Tree Handbook*, NUREG-0492): AND over a component's dependencies, OR inside a group, over \
failure domains. A single point of failure is a domain whose loss alone stops a flow \
(critical for a flow that serves reads, high for writes, medium for `background`); a double \
point of failure is a minimal cut set of order two. Both are exact: every domain, and every \
candidate pair, is taken down on the structure function and the flow re-evaluated \
incrementally.

**Availability.** Each failure domain is up independently: `availability = 99.95%` when \
written, otherwise a host 99.5%, a failure-domain zone or managed element 99.99%, a load \
balancer, firewall or storage outside hosts 99.9%, any other component outside hosts 99.5%. \
Each flow's availability is computed exactly from the binary decision diagram of its structure \
function (Rauzy 1993), or, for very large designs, estimated by seeded Monte Carlo simulation with a 95% interval.

**Firewall ports.** `firewall-blocks-traffic` takes a link's port from its `port`, else the \
target's `port`, else the protocol's default: `http` tcp/80, `https` tcp/443, \
`ssh` tcp/22, `dns` udp/53, `mysql` tcp/3306, `postgres` tcp/5432, `redis` tcp/6379, `amqp` \
tcp/5672, `amqps` tcp/5671, `kafka` tcp/9092, `memcached` tcp/11211, `smtp` tcp/25, `ldap` \
tcp/389, `nfs` tcp/2049. A `replication` link is the replica connecting to the primary's \
port. VRRP is IP protocol 112, written `\"vrrp\"`.
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
