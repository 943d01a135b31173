//! The "Clusters" part of "How it works": each cluster's members, setup and failover.

use std::fmt::Write as _;

use super::tree::Blocks;
use super::{code, dedup, Doc};
use crate::knowledge;
use crate::model::{ContainerKind, Failover, Setup};
use crate::render::english::{capitalize, join_and};

impl Doc<'_> {
    /// The "Clusters" part: each cluster's members, setup, virtual IP and failover, and how
    /// its members share or hand over the work; a table in a summarised document.
    pub(super) fn clusters(&self) -> Blocks {
        let m = self.m;
        let clusters: Vec<_> = m.containers(ContainerKind::Cluster).collect();
        if clusters.is_empty() {
            return Blocks::default();
        }
        if self.summarised {
            return self.clusters_table(&clusters);
        }
        let mut out = Blocks::default();
        out.heading(3, "Clusters");
        if self.full {
            out.paragraph(knowledge::container(ContainerKind::Cluster).what);
        }
        for c in clusters {
            let e = m.element(c);
            let members = m.cluster_members(c);
            out.heading(4, self.name(c));
            let member_names: Vec<_> = members.iter().map(|&x| self.name_on(x)).collect();
            out.paragraph(format!(
                "{} groups {}.{}",
                capitalize(&self.name(c)),
                if members.is_empty() {
                    "no member".to_string()
                } else {
                    join_and(&member_names)
                },
                self.why_clause(c)
            ));
            let setup = e.attrs.setup.unwrap_or_else(|| {
                self.assume(format!(
                    "The cluster {} is active-active: the design gives no `setup`.",
                    self.name(c)
                ));
                Setup::ActiveActive
            });
            let failover = e.attrs.failover;
            let vip = e.attrs.vip.as_deref();
            let mut lines = vec![format!(
                "**Setup: {}** ({}).",
                code(setup.as_str()),
                knowledge::setup(setup).short
            )];
            if let Some(v) = vip {
                lines.push(format!(
                    "**Virtual IP: {}.** Clients know only this address; the member that holds it receives the traffic.",
                    code(v)
                ));
            }
            if let Some(f) = failover {
                lines.push(format!(
                    "**Failover: {}** ({}).",
                    code(f.as_str()),
                    knowledge::cluster_failover(setup, f).short
                ));
            }
            for l in lines {
                out.item(l);
            }
            // How the members share or hand over the work.
            let names = &member_names;
            let text = match setup {
                Setup::ActivePassive => {
                    let holder = match vip {
                        Some(v) => format!("the member that holds the virtual IP {}", code(v)),
                        None => "one member".to_string(),
                    };
                    let mut t = format!(
                        "How it hands over the traffic: of {}, {holder} serves every request, and the other{} stand{} by, watching it.",
                        join_and(names),
                        if members.len() > 2 { "s" } else { "" },
                        if members.len() > 2 { "" } else { "s" }
                    );
                    match failover.unwrap_or(Failover::None) {
                        Failover::Automatic => {
                            t.push_str(" When the active member stops answering, a standby takes over by itself");
                            if let Some(v) = vip {
                                let _ = write!(
                                    t,
                                    ": it claims {} ({})",
                                    code(v),
                                    knowledge::VRRP_HANDOVER
                                );
                            }
                            t.push_str(". Clients keep using the same address; only the connections open at that moment are lost, and the switch takes a few seconds.");
                        }
                        Failover::Manual => {
                            t.push_str(" When the active member fails, an operator must move the work to a standby");
                            if let Some(v) = vip {
                                let _ = write!(t, " by moving {} to it", code(v));
                            }
                            t.push_str("; the service is down until then.");
                        }
                        Failover::None => {
                            t.push_str(" But nothing moves the work to a standby when the active member fails (failover `none`), so the standby does not help until someone reconfigures it: set `failover = automatic` and run keepalived or an equivalent.");
                            if e.attrs.failover.is_none() {
                                self.assume(format!(
                                    "The cluster {} has no failover: the design gives no `failover`, and `none` is the default.",
                                    self.name(c)
                                ));
                            }
                        }
                    }
                    t
                }
                Setup::ActiveActive => {
                    let mut t = format!(
                        "How it shares the traffic: {} all serve at the same time",
                        join_and(names)
                    );
                    match vip {
                        Some(v) => {
                            let _ = write!(t, "; the virtual IP {} is held by one member at a time, so in front of it clients must also be spread (two virtual IPs in DNS, or equal-cost routing) for all members to receive requests", code(v));
                        }
                        None => {
                            let in_front: Vec<_> = dedup(
                                m.links
                                    .iter()
                                    .filter(|l| l.via[1] == Some(c))
                                    .map(|l| l.from),
                            );
                            if !in_front.is_empty() {
                                let _ = write!(
                                    t,
                                    ", and {} reach{} every member",
                                    self.names(&in_front),
                                    if in_front.len() == 1 { "es" } else { "" }
                                );
                            }
                        }
                    }
                    let _ = write!(
                        t,
                        ". When a member of {} fails, the others carry its share, provided they have room for it.",
                        code(&e.id)
                    );
                    if let Some(f) = e.attrs.failover {
                        let _ = write!(t, " {}", knowledge::cluster_failover(setup, f).detail);
                    }
                    t
                }
            };
            out.paragraph(text);
        }
        out
    }
}
