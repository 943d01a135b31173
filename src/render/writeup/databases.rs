//! The "Databases" part of "How it works": each database's role, replication, users and how the
//! applications use it.

use std::fmt::Write as _;

use super::tree::Blocks;
use super::{code, dedup, tables, Doc};
use crate::knowledge;
use crate::model::{Access, ComponentKind as C, ElementId, Failover, Replication, Role};
use crate::render::english::{agree, capitalize, join_and, join_or};

impl Doc<'_> {
    /// The failover of primary `p` with `replicas` and whether the design writes it: its own,
    /// else the first a replica gives, else `none`, recorded as an assumption.
    pub(super) fn primary_failover(
        &self,
        p: ElementId,
        replicas: &[ElementId],
    ) -> (Failover, bool) {
        let m = self.m;
        let f = m
            .element(p)
            .attrs
            .failover
            .or_else(|| replicas.iter().find_map(|&r| m.element(r).attrs.failover));
        let failover = f.unwrap_or_else(|| {
            self.assume(format!(
                "Nothing promotes a replica of {} when it fails: the design gives no `failover`, and `none` is the default.",
                self.name(p)
            ));
            Failover::None
        });
        (failover, f.is_some())
    }

    /// The "Databases" part: each primary and its replicas (replication, what it means for
    /// the application, failover), then replicas of a primary elsewhere and standalone
    /// databases, each with who reads and writes it.
    pub(super) fn databases(&self) -> Blocks {
        let m = self.m;
        let dbs: Vec<_> = m.components_of(C::Database).collect();
        let mut out = Blocks::default();
        if dbs.is_empty() {
            return out;
        }
        out.heading(3, "Databases");
        if self.full {
            out.paragraph(knowledge::component(C::Database).what);
        }
        let mut primaries: Vec<_> = dbs
            .iter()
            .copied()
            .filter(|&d| m.role(d) == Role::Primary)
            .collect();
        if self.summarised {
            // The primaries with replicas in one table; the rest, rare, in prose below.
            let tabulated: Vec<_> = primaries
                .iter()
                .copied()
                .filter(|&p| tables::tabulated(m, p))
                .collect();
            if !tabulated.is_empty() {
                out.extend(self.primaries_table(&tabulated));
            }
            primaries.retain(|p| !tabulated.contains(p));
        }
        let mut explained = false;
        for p in &primaries {
            let replicas = m.replicas_of(*p);
            if replicas.is_empty() {
                out.heading(4, self.name_on(*p));
                out.paragraph(format!(
                    "{} is declared the primary but has no replica in the design: it is the only copy of its data, every read and every write goes to it, and nothing can take its place when it fails.{}",
                    self.name(*p),
                    self.why_clause(*p)
                ));
                self.db_users(&mut out, &[*p]);
                continue;
            }
            out.heading(
                4,
                format!(
                    "{} and its {} {}",
                    self.name(*p),
                    if replicas.len() == 1 {
                        "replica"
                    } else {
                        "replicas"
                    },
                    self.names(&replicas)
                ),
            );
            if !explained && self.full {
                explained = true;
                out.paragraph(format!(
                    "**How a primary-replica cluster works.** {} {}",
                    knowledge::role(Role::Primary).detail,
                    knowledge::role(Role::Replica).detail
                ));
            }
            out.paragraph(format!(
                "Here {} is the primary and {} {} its {}: every change made on {} is copied to {}{}.",
                self.name_on(*p),
                join_and(&replicas.iter().map(|&r| self.name_on(r)).collect::<Vec<_>>()),
                agree(replicas.len(), "is", "are"),
                if replicas.len() == 1 { "replica" } else { "replicas" },
                code(&m.element(*p).id),
                self.names(&replicas),
                if self.full {
                    ""
                } else {
                    " ([how a primary-replica cluster works](#primary-and-replica))"
                }
            ));
            // Replication mode.
            let modes = dedup(replicas.iter().map(|&r| self.replication_of(*p, r)));
            for mode in &modes {
                let info = knowledge::replication(*mode);
                let written = replicas
                    .iter()
                    .any(|&r| m.element(r).attrs.replication.is_some())
                    || m.element(*p).attrs.replication.is_some();
                out.item(format!(
                    "**Replication: {}**{} ({}). {}",
                    code(info.name),
                    if written { "" } else { ", by default" },
                    info.short,
                    if self.full {
                        info.detail.to_string()
                    } else {
                        format!(
                            "See [{} replication](#{}-replication).",
                            code(info.name),
                            info.name
                        )
                    }
                ));
            }
            // What it means for the application.
            self.db_application(&mut out, *p, &replicas, &modes);
            // Failover.
            let (failover, written) = self.primary_failover(*p, &replicas);
            let info = knowledge::failover(failover);
            let specific = match failover {
                Failover::None => format!(
                    "Here, when {} fails, {} still answer{} reads, and every write fails until {} is repaired or someone promotes a replica by hand.",
                    self.name(*p),
                    self.names(&replicas),
                    agree(replicas.len(), "s", ""),
                    code(&m.element(*p).id)
                ),
                Failover::Manual => format!(
                    "Here, when {} fails, writes stop until an operator promotes {} and repoints the application's writes to it.",
                    self.name(*p),
                    join_or(&replicas.iter().map(|&r| self.name(r)).collect::<Vec<_>>())
                ),
                Failover::Automatic => format!(
                    "Here, when {} fails, an orchestrator promotes {} and moves the writes to it within seconds.",
                    self.name(*p),
                    if replicas.len() == 1 {
                        self.name(replicas[0])
                    } else {
                        format!("the most up-to-date of {}", self.names(&replicas))
                    }
                ),
            };
            out.item(format!(
                "**Failover: {}**{} ({}). {}{specific}",
                code(info.name),
                if written { "" } else { ", by default" },
                info.short,
                if self.full {
                    format!("{} ", info.detail)
                } else {
                    String::new()
                }
            ));
        }
        // Replicas of a primary outside the design.
        for &r in &dbs {
            if m.role(r) == Role::Replica && m.element(r).attrs.replicates.is_none() {
                out.heading(4, self.name_on(r));
                out.paragraph(format!(
                    "{} is a replica whose primary is not in the design: it serves reads, and the writes go to a primary elsewhere.{}",
                    self.name(r),
                    self.why_clause(r)
                ));
                self.db_users(&mut out, &[r]);
            }
        }
        for &d in &dbs {
            if m.role(d) != Role::Standalone {
                continue;
            }
            if m.element(d).attrs.role.is_none() {
                self.assume(format!(
                    "{} is a standalone database: the design gives no `role` and no replica.",
                    self.name(d)
                ));
            }
            out.heading(4, self.name_on(d));
            out.paragraph(format!(
                "{} is a standalone database ({}). {}{}",
                self.name(d),
                knowledge::role(Role::Standalone).short,
                knowledge::role(Role::Standalone).detail,
                self.why_clause(d)
            ));
            self.db_users(&mut out, &[d]);
        }
        out
    }

    /// Who reads and writes a database, from the links into it.
    pub(super) fn db_users(&self, out: &mut Blocks, dbs: &[ElementId]) {
        let m = self.m;
        for &d in dbs {
            let writers = dedup(
                m.incoming(d)
                    .filter(|&l| m.link(l).access.writes() && !self.is_replication(l))
                    .map(|l| m.link(l).from),
            );
            let readers = dedup(
                m.incoming(d)
                    .filter(|&l| m.link(l).access.reads() && !self.is_replication(l))
                    .map(|l| m.link(l).from),
            );
            if writers.is_empty() && readers.is_empty() {
                out.paragraph(format!(
                    "Nothing in the design reads or writes {}.",
                    self.name(d)
                ));
            } else if writers == readers {
                out.paragraph(format!(
                    "{} read{} from and write{} to it.",
                    capitalize(&self.names(&writers)),
                    agree(writers.len(), "s", ""),
                    agree(writers.len(), "s", "")
                ));
            } else {
                // One paragraph, a line for the writers and one for the readers.
                let mut lines = Vec::new();
                if !writers.is_empty() {
                    lines.push(format!(
                        "{} write{} to it.",
                        capitalize(&self.names(&writers)),
                        agree(writers.len(), "s", "")
                    ));
                }
                if !readers.is_empty() {
                    lines.push(format!(
                        "{} read{} from it.",
                        capitalize(&self.names(&readers)),
                        agree(readers.len(), "s", "")
                    ));
                }
                out.paragraph(lines.join("\n"));
            }
        }
    }

    /// What a primary and its replicas mean for the application.
    pub(super) fn db_application(
        &self,
        out: &mut Blocks,
        p: ElementId,
        replicas: &[ElementId],
        modes: &[Replication],
    ) {
        let m = self.m;
        let into = |d: ElementId, pred: fn(Access) -> bool| -> Vec<ElementId> {
            dedup(
                m.incoming(d)
                    .filter(|&l| !self.is_replication(l) && pred(m.link(l).access))
                    .map(|l| m.link(l).from),
            )
        };
        let writers_p = into(p, Access::writes);
        let readers_p = into(p, Access::reads);
        let general = !(self.summarised && self.replicas_explained.replace(true));
        let mut text = if !general {
            String::from("**For the application:**")
        } else if self.full {
            String::from("**For the application:** writes (INSERT, UPDATE, DELETE) must go to the primary only: a write made on a replica is never copied back, and a MySQL replica accepts one unless `read_only` is on (`super_read_only` for administrators too). Reads (SELECT) may go to the primary or to a replica, and spreading them over the replicas takes load off the primary.")
        } else {
            String::from("**For the application:** writes must go to the primary only, and reads may go to either.")
        };
        if !writers_p.is_empty() {
            let _ = write!(
                text,
                " Here {} send{} {} writes to {}",
                self.names(&writers_p),
                agree(writers_p.len(), "s", ""),
                if writers_p.len() == 1 { "its" } else { "their" },
                code(&m.element(p).id)
            );
            let only_reads_p = readers_p.is_empty();
            let replica_readers: Vec<ElementId> =
                dedup(replicas.iter().flat_map(|&r| into(r, Access::reads)));
            if !replica_readers.is_empty() {
                let _ = write!(
                    text,
                    " and read{} from {}",
                    agree(writers_p.len(), "s", ""),
                    join_and(
                        &replicas
                            .iter()
                            .filter(|&&r| !into(r, Access::reads).is_empty())
                            .map(|&r| code(&m.element(r).id))
                            .collect::<Vec<_>>()
                    )
                );
                if !only_reads_p {
                    let _ = write!(text, " and from {}", code(&m.element(p).id));
                }
            }
            text.push('.');
        }
        for &r in replicas {
            let bad = into(r, Access::writes);
            if !bad.is_empty() {
                let explicit = m.incoming(r).any(|l| m.link(l).access == Access::Write);
                if explicit {
                    let _ = write!(
                        text,
                        " But the design sends writes from {} to the replica {}, where they would never reach the primary: point them at {}.",
                        self.names(&bad),
                        self.name(r),
                        self.name(p)
                    );
                } else {
                    let _ = write!(
                        text,
                        " The links from {} to the replica {} do not say `access = read`; only their reads can succeed there.",
                        self.names(&bad),
                        self.name(r)
                    );
                }
            }
        }
        let lag = general && modes.iter().any(|&md| md != Replication::Sync);
        if lag && !self.full {
            let _ = write!(
                text,
                " A read from a replica just after a write may miss it (replication lag): pages that show a user's own change should read from {}.",
                code(&m.element(p).id)
            );
        } else if lag {
            text.push_str(" Because a replica applies each change a moment after the primary (replication lag), a read from it just after a write may not see that write: pages that must show a user's own change (a saved profile, a new post) should read from the primary.");
        }
        if text.ends_with(':') {
            // Said before, and nothing of this database's own to add.
            return;
        }
        out.item(text);
    }
}
