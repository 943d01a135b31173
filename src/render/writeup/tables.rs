//! The per-element parts of "How it works" in a summarised document (see `Doc::summarised`:
//! a standard document of more than [`super::SUMMARISED_ABOVE`] components), as tables: one
//! row per group of load balancers configured alike, one per cluster, one per primary and its
//! replicas. What a value means is said once per value under the table, not once per row, and
//! a column that no row fills is left out. The smaller documents keep the prose of
//! `load_balancing`, `clusters` and `databases`, which says the same element by element.
//!
//! Every default a row relies on is recorded as an assumption, in the same words as the prose.

use std::fmt::Write as _;

use super::tree::{Blocks, Table};

use super::{agree, code, escape, join_and, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ContainerKind, ElementId, Failover, Role, Setup, Tls};

/// A table of `rows` under `header`, without the columns that are empty in every row ("" or
/// "—"); an empty cell is a dash.
fn table(header: &[&str], rows: &[Vec<String>]) -> Table {
    let keep: Vec<usize> = (0..header.len())
        .filter(|&c| c == 0 || rows.iter().any(|r| !r[c].is_empty() && r[c] != "—"))
        .collect();
    Table {
        head: keep.iter().map(|&c| header[c].to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| {
                keep.iter()
                    .map(|&c| {
                        if r[c].is_empty() {
                            "—".to_string()
                        } else {
                            r[c].clone()
                        }
                    })
                    .collect()
            })
            .collect(),
        spaced: true,
    }
}

/// What a cluster's sentence under the table depends on: its setup, its failover (given or
/// defaulted) and whether it has a virtual IP.
type ClusterShape = (Setup, Option<Failover>, bool);

impl Doc<'_> {
    /// "Load balancing" as a table: balancers, algorithm, backends, setup, cluster, TLS and
    /// certificate; then what each algorithm used does, and what cannot work as configured.
    pub(super) fn load_balancing_table(&self, lbs: &[ElementId]) -> Blocks {
        let m = self.m;
        let groups = self.balancer_groups(lbs);
        let mut rows = Vec::new();
        let mut algorithms = Vec::new();
        let mut notes = Vec::new();
        for group in &groups {
            let lb = group[0];
            let e = m.element(lb);
            let ids = || join_and(&group.iter().map(|&x| self.name(x)).collect::<Vec<_>>());
            let backends = self.backends(lb);
            let alg = match e.attrs.algorithm {
                Some(a) => code(knowledge::algorithm(a).name),
                None => {
                    self.assume(format!(
                        "{} uses `roundrobin`: the design gives no `algorithm`, and round robin is {} default.",
                        ids(),
                        if self.is_haproxy(lb) { "HAProxy's" } else { "the usual" }
                    ));
                    format!("{} (default)", code("roundrobin"))
                }
            };
            let a = e.attrs.algorithm.unwrap_or(knowledge::DEFAULT_ALGORITHM);
            let info = knowledge::algorithm(a);
            if !algorithms.contains(&a) {
                algorithms.push(a);
            }
            let setup = match (e.attrs.setup, backends.len()) {
                (Some(s), _) => code(s.as_str()),
                (None, n) if n >= 2 => {
                    self.assume_active_active(lb, &ids(), group.len());
                    "active-active (assumed)".to_string()
                }
                (None, _) => "—".to_string(),
            };
            let tls = m.tls(lb);
            let tls_cell = if e.attrs.tls.is_some() {
                code(tls.as_str())
            } else {
                if tls == Tls::Terminate {
                    self.assume(format!(
                        "{} {}: the design gives no `tls`, and {} encrypted traffic.",
                        ids(),
                        agree(group.len(), "terminates TLS", "terminate TLS"),
                        agree(group.len(), "it receives", "they receive")
                    ));
                }
                format!("{} (default)", code(tls.as_str()))
            };
            match backends.len() {
                0 => notes.push(format!(
                    "{} {} no backend in the design: add links to the servers {} forward{} to.",
                    ids(),
                    agree(group.len(), "has", "have"),
                    if group.len() == 1 { "it" } else { "they" },
                    agree(group.len(), "s", "")
                )),
                _ if info.needs_http && tls == Tls::Passthrough => notes.push(format!(
                    "TLS passes through {}: {} cannot read the requests, so {} cannot work there; choose `roundrobin`, `leastconn` or `source`, or terminate TLS.",
                    ids(),
                    if group.len() == 1 { "it" } else { "they" },
                    code(info.name)
                )),
                _ => {}
            }
            if let (Some(cert), Tls::Passthrough | Tls::None) = (&e.attrs.certificate, tls) {
                notes.push(format!(
                    "The design gives {} the certificate for {}, but with TLS {} {} not use it.",
                    ids(),
                    escape(cert),
                    code(tls.as_str()),
                    if tls == Tls::Passthrough {
                        "it is the backends that present it, and the balancer does"
                    } else {
                        "the balancer does"
                    }
                ));
            }
            rows.push(vec![
                ids(),
                alg,
                self.names(&backends),
                setup,
                m.enclosing(lb, ContainerKind::Cluster)
                    .map_or(String::new(), |c| code(&m.element(c).id)),
                tls_cell,
                e.attrs.certificate.as_deref().map_or(String::new(), escape),
            ]);
        }
        let mut out = Blocks::default();
        out.heading(3, "Load balancing");
        out.table(table(
            &[
                "Load balancers",
                "Algorithm",
                "Backends",
                "Setup",
                "Cluster",
                "TLS",
                "Certificate",
            ],
            &rows,
        ));
        for a in algorithms {
            let info = knowledge::algorithm(a);
            out.item(format!(
                "{}: {}{} ([how it works](#{})).",
                code(info.name),
                info.short,
                if info.sticky {
                    "; the same key keeps reaching the same backend while all of them are up"
                } else {
                    ""
                },
                info.name
            ));
        }
        out.item(
            "Active-active sends to every backend at once; active-passive keeps all but one in reserve ([the difference](#active-active-and-active-passive)).",
        );
        // The notes after a blank line.
        for (i, n) in notes.into_iter().enumerate() {
            if i == 0 {
                out.item_apart(n);
            } else {
                out.item(n);
            }
        }
        out
    }

    /// "Clusters" as a table: members, setup, failover and virtual IP; then how each kind of
    /// cluster hands over or shares the work, once per kind, naming its clusters.
    pub(super) fn clusters_table(&self, clusters: &[ElementId]) -> Blocks {
        let m = self.m;
        let mut rows = Vec::new();
        let mut kinds: Vec<(ClusterShape, Vec<ElementId>)> = Vec::new();
        for &c in clusters {
            let e = m.element(c);
            let setup = e.attrs.setup.unwrap_or_else(|| {
                self.assume(format!(
                    "The cluster {} is active-active: the design gives no `setup`.",
                    self.name(c)
                ));
                Setup::ActiveActive
            });
            let failover = match (setup, e.attrs.failover) {
                (Setup::ActivePassive, None) => {
                    self.assume(format!(
                        "The cluster {} has no failover: the design gives no `failover`, and `none` is the default.",
                        self.name(c)
                    ));
                    Some(Failover::None)
                }
                (_, f) => f,
            };
            let key = (setup, failover, e.attrs.vip.is_some());
            match kinds.iter_mut().find(|(k, _)| *k == key) {
                Some((_, cs)) => cs.push(c),
                None => kinds.push((key, vec![c])),
            }
            let members = m.cluster_members(c);
            rows.push(vec![
                self.name(c),
                if members.is_empty() {
                    "none".to_string()
                } else {
                    self.names(&members)
                },
                format!(
                    "{}{}",
                    code(setup.as_str()),
                    if e.attrs.setup.is_some() {
                        ""
                    } else {
                        " (assumed)"
                    }
                ),
                failover.map_or(String::new(), |f| {
                    format!(
                        "{}{}",
                        code(f.as_str()),
                        if e.attrs.failover.is_some() {
                            ""
                        } else {
                            " (default)"
                        }
                    )
                }),
                e.attrs.vip.as_deref().map_or(String::new(), code),
            ]);
        }
        let mut out = Blocks::default();
        out.heading(3, "Clusters");
        out.table(table(
            &["Cluster", "Members", "Setup", "Failover", "Virtual IP"],
            &rows,
        ));
        for ((setup, failover, vip), cs) in kinds {
            let which = self.names(&cs);
            let text = match (setup, failover.unwrap_or(Failover::None)) {
                (Setup::ActivePassive, Failover::Automatic) => format!(
                    "In {which}, one member serves and the others stand by; when it stops answering, a standby takes over by itself{}. Only the connections open at that moment are lost.",
                    if vip {
                        format!(" and claims the virtual IP ({})", knowledge::VRRP_HANDOVER)
                    } else {
                        String::new()
                    }
                ),
                (Setup::ActivePassive, Failover::Manual) => format!(
                    "In {which}, one member serves and the others stand by; when it fails, an operator must move the work{} to a standby, and the service is down until then."
                    ,
                    if vip { " and the virtual IP" } else { "" }
                ),
                (Setup::ActivePassive, Failover::None) => format!(
                    "In {which}, one member serves and the others stand by, but nothing moves the work to a standby when the active member fails (failover `none`): set `failover = automatic` and run keepalived or an equivalent."
                ),
                (Setup::ActiveActive, _) => {
                    let mut t = format!(
                        "In {which}, every member serves at the same time; when one fails, the others carry its share, provided they have room for it."
                    );
                    if vip {
                        t.push_str(" A virtual IP is held by one member at a time, so clients must also be spread (two virtual IPs in DNS, or equal-cost routing) for all members to receive requests.");
                    }
                    if let Some(f) = failover {
                        let _ = write!(t, " {}", knowledge::cluster_failover(setup, f).detail);
                    }
                    t
                }
            };
            out.item(text);
        }
        out
    }

    /// The primaries that have replicas, as a table: replicas, replication, failover and who
    /// writes; then what the application must do and what each failover means, once.
    pub(super) fn primaries_table(&self, primaries: &[ElementId]) -> Blocks {
        let m = self.m;
        let mut rows = Vec::new();
        let mut by_failover: Vec<(Failover, Vec<ElementId>)> = Vec::new();
        let mut lag = false;
        let mut notes = Vec::new();
        for &p in primaries {
            let replicas = m.replicas_of(p);
            let modes = super::dedup(replicas.iter().map(|&r| self.replication_of(p, r)));
            lag |= modes
                .iter()
                .any(|&md| md != crate::model::Replication::Sync);
            let written = replicas
                .iter()
                .any(|&r| m.element(r).attrs.replication.is_some())
                || m.element(p).attrs.replication.is_some();
            let replication = format!(
                "{}{}",
                join_and(
                    &modes
                        .iter()
                        .map(|&md| {
                            let name = knowledge::replication(md).name;
                            format!("[{}](#{name}-replication)", code(name))
                        })
                        .collect::<Vec<_>>()
                ),
                if written { "" } else { " (default)" }
            );
            let (failover, written) = self.primary_failover(p, &replicas);
            match by_failover.iter_mut().find(|(k, _)| *k == failover) {
                Some((_, ps)) => ps.push(p),
                None => by_failover.push((failover, vec![p])),
            }
            let writers = super::dedup(
                m.incoming(p)
                    .filter(|&l| !self.is_replication(l) && m.link(l).access.writes())
                    .map(|l| m.link(l).from),
            );
            for &r in &replicas {
                let bad: Vec<ElementId> = super::dedup(
                    m.incoming(r)
                        .filter(|&l| !self.is_replication(l) && m.link(l).access.writes())
                        .map(|l| m.link(l).from),
                );
                if !bad.is_empty() {
                    notes.push(format!(
                        "The links from {} to the replica {} do not say `access = read`; only their reads can succeed there, and writes must go to {}.",
                        self.names(&bad),
                        self.name(r),
                        code(&m.element(p).id)
                    ));
                }
            }
            rows.push(vec![
                self.name(p),
                self.names(&replicas),
                replication,
                format!(
                    "{}{}",
                    code(knowledge::failover(failover).name),
                    if written { "" } else { " (default)" }
                ),
                self.names(&writers),
            ]);
        }
        let mut out = Blocks::default();
        out.table(table(
            &[
                "Primary",
                "Replicas",
                "Replication",
                "Failover",
                "Written by",
            ],
            &rows,
        ));
        out.item(format!(
            "Every change made on a primary is copied to its replicas ([how](#primary-and-replica)). Writes must go to the primary only, and reads may go to either{}.",
            if lag {
                "; a read from a replica just after a write may miss it (replication lag), so pages that show a user's own change should read from the primary"
            } else {
                ""
            }
        ));
        for (failover, ps) in by_failover {
            let which = self.names(&ps);
            let text = match failover {
                Failover::None => format!(
                    "With failover `none` ({which}), the replicas still answer reads when the primary fails, and every write fails until it is repaired or someone promotes a replica by hand."
                ),
                Failover::Manual => format!(
                    "With failover `manual` ({which}), writes stop when the primary fails, until an operator promotes a replica and repoints the application's writes to it."
                ),
                Failover::Automatic => format!(
                    "With failover `automatic` ({which}), an orchestrator promotes the most up-to-date replica and moves the writes to it within seconds."
                ),
            };
            out.item(text);
        }
        for n in notes {
            out.item(n);
        }
        out
    }
}

impl Doc<'_> {
    /// "Network zones" as a table of trust and contents, with what each trust level means
    /// said once under it.
    pub(super) fn zones_table(&self, zones: &[ElementId]) -> Blocks {
        let m = self.m;
        let mut rows = Vec::new();
        let mut levels = Vec::new();
        let mut failures = false;
        for &z in zones {
            let e = m.element(z);
            let failure = m.is_failure_zone(z);
            failures |= failure;
            // A failure-domain zone that sets no `trust` is no trust boundary.
            let trust = m.is_trust_zone(z).then(|| {
                e.attrs.trust.unwrap_or_else(|| {
                    self.assume(format!(
                        "The zone {} is trusted: the design gives no `trust`, and `trusted` is the default.",
                        self.name(z)
                    ));
                    crate::model::Trust::Trusted
                })
            });
            if let Some(t) = trust.filter(|t| !levels.contains(t)) {
                levels.push(t);
            }
            // What it encloses, and what joins it with `zone = ID`.
            let mut inside = e.children.clone();
            inside.extend(m.ids().filter(|&i| m.element(i).attrs.zone == Some(z)));
            rows.push(vec![
                self.name(z),
                trust.map_or(String::new(), |t| {
                    format!(
                        "{}{}",
                        code(t.as_str()),
                        if e.attrs.trust.is_some() {
                            ""
                        } else {
                            " (default)"
                        }
                    )
                }),
                if failure {
                    "yes".to_string()
                } else {
                    String::new()
                },
                if inside.is_empty() {
                    "nothing".to_string()
                } else {
                    self.names(&inside)
                },
            ]);
        }
        let mut out = Blocks::default();
        out.table(table(&["Zone", "Trust", "Failure domain", "Holds"], &rows));
        if failures {
            out.item("A failure domain: everything in it, and everything that joins it with `zone =`, fails together, as in an availability zone, a rack or a data centre.");
        }
        for t in levels {
            out.item(format!(
                "{}: {}.",
                code(t.as_str()),
                knowledge::trust(t).short
            ));
        }
        out.item("Whatever is in no zone, the clients included, is on the internet: untrusted.");
        out
    }
}

/// Whether a database is a primary with replicas, which a summarised document tabulates.
pub(super) fn tabulated(m: &crate::model::Model, d: ElementId) -> bool {
    m.element(d).is(C::Database) && m.role(d) == Role::Primary && !m.replicas_of(d).is_empty()
}
