//! The review's rules as the write-up explains them: what each reports, why it matters, how to
//! fix it, and the part of the review it belongs to. Rule names are those of the rules reference, `docs/rules.md`.

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

/// The explanation of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleHelp {
    /// The stable name: `single-point-of-failure`.
    pub name: &'static str,
    /// A short title: `Single point of failure`.
    pub title: &'static str,
    /// The write-up's group.
    pub group: Group,
    /// What the rule reports, in one line.
    pub summary: &'static str,
    /// What happens if the finding is left as it is.
    pub impact: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// Every rule name, in the order of the rules reference's table.
pub const RULES: [&str; 13] = [
    "single-point-of-failure",
    "double-point-of-failure",
    "single-write-primary",
    "no-firewall",
    "no-https",
    "tls-terminated-at-load-balancer",
    "database-exposed",
    "unencrypted-replication",
    "no-monitoring",
    "colocated-tiers",
    "maintenance-downtime",
    "cannot-scale-out",
    "unreachable",
];

/// The explanation of a rule, by name.
pub fn rule(name: &str) -> Option<RuleHelp> {
    use Group::*;
    let help = |title, group, summary, impact, fix| RuleHelp {
        name: RULES
            .iter()
            .copied()
            .find(|r| *r == name)
            .unwrap_or("unknown"),
        title,
        group,
        summary,
        impact,
        fix,
    };
    Some(match name {
        "single-point-of-failure" => help(
            "Single point of failure",
            SinglePointsOfFailure,
            "An element or server whose failure alone stops requests from being served, or \
             writes from being accepted.",
            "When it fails (a crash, a full disk, a reboot for an update) the whole site, or \
             every write, stops until it is repaired; nothing else can do its job.",
            "Give it a redundant twin on another server: a second load balancer sharing a \
             virtual IP with the first (keepalived), more web and application servers behind \
             the load balancer, a replica that can be promoted for a database. A managed \
             service with its own redundancy also removes it.",
        ),
        "double-point-of-failure" => help(
            "Double point of failure",
            SinglePointsOfFailure,
            "Two elements or servers whose failure together stops requests or writes, where \
             either alone does not.",
            "Two copies survive one failure, not two; and failures are often not independent \
             (one update script, one rack, one power feed), so the pair can fail together.",
            "Spread the pair over different racks, zones or regions, update them one at a time, \
             and add a third member where the pair carries the whole site.",
        ),
        "single-write-primary" => help(
            "Single write primary",
            SinglePointsOfFailure,
            "Only one database node accepts writes, and nothing promotes a replica \
             automatically.",
            "If the primary fails, every write (sign-ups, orders, posts) fails until a person \
             notices, promotes a replica and repoints the application; with asynchronous \
             replication, the last changes not yet copied are lost.",
            "Set up automatic failover (Orchestrator or InnoDB Cluster for MySQL, Patroni for \
             PostgreSQL) so that a replica is promoted within seconds, and give the \
             application one address for writes that follows the primary; or use a \
             multi-primary cluster such as Galera or Group Replication.",
        ),
        "no-firewall" => help(
            "No firewall",
            Security,
            "Traffic from an untrusted place reaches a server without passing any firewall.",
            "Every port that a program opens on that server, by mistake or by default (SSH, \
             the database, an admin page), is reachable from the internet and can be \
             attacked.",
            "Put a firewall in front of or on every server that the internet reaches, and \
             allow only what must be public (tcp/443, tcp/80 for the redirect); on the other \
             servers allow only the traffic that comes from the design's own elements.",
        ),
        "no-https" => help(
            "No HTTPS",
            Security,
            "An untrusted client talks to the site over an unencrypted protocol.",
            "Passwords, session cookies and pages cross the internet in clear text: anyone on \
             the path (a public Wi-Fi, a compromised router) can read them, steal sessions, \
             or change the pages; browsers also mark the site \"not secure\".",
            "Serve the site over HTTPS: get a certificate for the site's name (Let's Encrypt \
             issues them free), install it on the load balancer or web server that the \
             clients reach, redirect HTTP to HTTPS and send an HSTS header.",
        ),
        "tls-terminated-at-load-balancer" => help(
            "TLS terminated at the load balancer",
            Security,
            "TLS ends at a proxy and the traffic behind it travels in plain text.",
            "Between the proxy and the servers behind it, requests, cookies and passwords \
             travel unencrypted: anyone who gets onto that network, or any other tenant of a \
             shared one, can read them.",
            "Re-encrypt towards the backends (`tls = reencrypt`, HAProxy's `ssl` option on \
             its `server` lines) or pass TLS through to servers that hold the certificate, or \
             keep the network behind the proxy private and filtered and accept the risk with \
             an `allow`.",
        ),
        "database-exposed" => help(
            "Database exposed",
            Security,
            "A database can be reached from an untrusted place other than through the \
             application.",
            "Attackers can try passwords and exploits against the database directly, and one \
             weak account gives away all the data.",
            "Keep databases in a private network, block their port at the firewall except \
             from the application servers, and remove any link from a client to them.",
        ),
        "unencrypted-replication" => help(
            "Unencrypted replication",
            Security,
            "Replication between database nodes on different servers is not encrypted.",
            "Every change to the data, personal data included, crosses the network in clear \
             text between the two servers.",
            "Require TLS on the replication connection (MySQL's `SOURCE_SSL=1` with \
             `REQUIRE SSL` on the replication user, PostgreSQL's `sslmode=verify-full` in \
             `primary_conninfo`), or mark the link `encrypted = true` if it already is.",
        ),
        "no-monitoring" => help(
            "No monitoring",
            Monitoring,
            "A server or component that no monitoring covers.",
            "Nobody sees it fail, fill its disk or slow down until users complain; there are \
             no metrics to size it and no logs to explain an incident.",
            "Install a monitoring agent on each server (Sumo Logic's collector, Datadog's \
             agent, Prometheus's node exporter) that sends metrics and logs to a monitoring \
             service, and set alerts on availability, errors, latency and saturation.",
        ),
        "colocated-tiers" => help(
            "Co-located tiers",
            Scalability,
            "Web, application and database components share one server and compete for it.",
            "A traffic spike in the web tier starves the database of memory and CPU (and the \
             other way round); no tier can be sized, scaled or restarted on its own, and a \
             compromise of the web server lands next to the data.",
            "Move the tiers onto servers of their own (web, application, database), so that \
             each can be sized, scaled and secured for its job.",
        ),
        "maintenance-downtime" => help(
            "Maintenance downtime",
            Scalability,
            "A web or application tier with one instance: deploying new code restarts it, \
             and the site goes down.",
            "Every deployment, upgrade or reboot of that instance is an outage, so releases \
             are rare and risky.",
            "Run at least two instances behind the load balancer and deploy to them one at a \
             time (a rolling deployment), taking each out of the load balancer while it \
             restarts.",
        ),
        "cannot-scale-out" => help(
            "Cannot scale out",
            Scalability,
            "A web or application tier with one instance and no load balancer in front of it \
             to spread load over more.",
            "When traffic grows, the only option is a bigger machine (scaling up), which has \
             a ceiling and needs downtime; more servers cannot help because nothing would send \
             them requests.",
            "Put a load balancer in front of the tier and run it on two or more servers, so \
             that capacity grows by adding servers.",
        ),
        "unreachable" => help(
            "Unreachable component",
            Scalability,
            "A component that no client's requests can reach: usually a missing link.",
            "It either does nothing, or does something the design does not show, so the \
             diagram, the write-up and the review are wrong about it.",
            "Add the link that brings requests to it, or remove it from the design.",
        ),
        _ => return None,
    })
}
