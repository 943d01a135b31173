//! The "Servers" part of "How it works": each server's address, place and what it runs.

use std::fmt::Write as _;

use super::tree::Blocks;
use super::{code, escape, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ContainerKind, ElementId, Kind};
use crate::render::english::{agree, capitalize, count, join_and};

impl Doc<'_> {
    /// One server's line of the Servers section: its address, place and what it runs.
    pub(super) fn server_line(&self, h: ElementId) -> String {
        let m = self.m;
        let e = m.element(h);
        let mut line = self.name(h);
        if let Some(ip) = &e.attrs.ip {
            let _ = write!(line, ", at {}", code(ip));
        }
        let mut place = Vec::new();
        if let Some(p) = &e.attrs.provider {
            place.push(format!("provider {}", escape(p)));
        }
        if let Some(r) = &e.attrs.region {
            place.push(format!("region {}", escape(r)));
        }
        if !place.is_empty() {
            let _ = write!(line, " ({})", place.join(", "));
        }
        // A comma closes the address or place clause, and only that.
        let comma = e.attrs.ip.is_some() || !place.is_empty();
        let inside = m.components_in(h);
        if inside.is_empty() {
            line.push_str(if comma {
                ", runs nothing in the design."
            } else {
                " runs nothing in the design."
            });
        } else {
            let _ = write!(
                line,
                "{} runs {}",
                if comma { "," } else { "" },
                self.names(&inside)
            );
            if inside.len() > 1 && self.full {
                line.push_str(
                    ": they share its CPU, memory and disks, and stop together when it fails.",
                );
            } else if inside.len() > 1 {
                line.push('.');
            } else {
                line.push_str(" alone.");
            }
        }
        line
    }

    /// The "Servers" and "Network zones" parts: each server (servers alike said together)
    /// and what is on none, each zone and its trust.
    pub(super) fn servers(&self) -> Blocks {
        let m = self.m;
        let hosts: Vec<_> = m.containers(ContainerKind::Host).collect();
        let zones: Vec<_> = m.containers(ContainerKind::Zone).collect();
        let mut out = Blocks::default();
        if !hosts.is_empty() {
            let info = knowledge::container(ContainerKind::Host);
            out.heading(3, "Servers");
            if self.full {
                out.paragraph(info.what);
            }
            if self.summarised {
                // Said once for all of them, rather than for each group.
                out.paragraph(format!(
                    "This design runs on {}. What runs on one server shares its CPU, memory and disks, and stops with it when it fails:",
                    count(hosts.len(), "server", "servers")
                ));
            } else {
                out.paragraph(format!(
                    "This design runs on {}:",
                    count(hosts.len(), "server", "servers")
                ));
            }
            let groups: Vec<Vec<ElementId>> = if self.full {
                hosts.iter().map(|&h| vec![h]).collect()
            } else {
                self.element_groups(false)
                    .into_iter()
                    .filter(|g| m.element(g[0]).kind == Kind::Container(ContainerKind::Host))
                    .collect()
            };
            for g in &groups {
                if g.len() == 1 {
                    out.item(self.server_line(g[0]));
                    continue;
                }
                let inside: Vec<String> = m
                    .components_in(g[0])
                    .into_iter()
                    .map(|c| escape(&m.element(c).label))
                    .collect();
                if self.summarised {
                    out.item(format!(
                        "{} are identical: each runs {}.",
                        self.names(g),
                        join_and(&inside)
                    ));
                } else {
                    out.item(format!(
                        "{} are identical: each runs {}, which share its CPU, memory and disks and stop together when it fails.",
                        self.names(g),
                        join_and(&inside)
                    ));
                }
            }
            let loose: Vec<_> = m
                .components()
                .filter(|&c| m.host_of(c).is_none() && !self.is(c, C::Client))
                .collect();
            if !loose.is_empty() {
                let managed: Vec<_> = loose.iter().copied().filter(|&c| m.managed(c)).collect();
                let unmanaged: Vec<_> = loose.iter().copied().filter(|&c| !m.managed(c)).collect();
                if !managed.is_empty() && self.full {
                    out.paragraph(format!(
                        "{} {} run by a provider (managed), on machines that are not part of the design.",
                        capitalize(&self.names(&managed)),
                        agree(managed.len(), "is", "are")
                    ));
                }
                if !unmanaged.is_empty() {
                    out.paragraph(format!(
                        "{} {} in no server of the design: each counts as its own failure domain{}.",
                        capitalize(&self.names(&unmanaged)),
                        agree(unmanaged.len(), "is", "are"),
                        if unmanaged.iter().any(|&c| !m.failure_zones_of(c).is_empty()) {
                            ", and fails with the failure-domain zone that holds it"
                        } else {
                            ""
                        }
                    ));
                }
            }
        }
        if !zones.is_empty() {
            let info = knowledge::container(ContainerKind::Zone);
            out.heading(3, "Network zones");
            if self.full {
                out.paragraph(info.what);
            }
            if self.summarised {
                out.extend(self.zones_table(&zones));
                return out;
            }
            for z in zones {
                let e = m.element(z);
                let trust = e.attrs.trust.unwrap_or_else(|| {
                    self.assume(format!(
                        "The zone {} is trusted: the design gives no `trust`, and `trusted` is the default.",
                        self.name(z)
                    ));
                    crate::model::Trust::Trusted
                });
                let inside: Vec<_> = e.children.clone();
                out.item(format!(
                    "{} is {} ({}): it holds {}.{}",
                    self.name(z),
                    code(trust.as_str()),
                    knowledge::trust(trust).short,
                    if inside.is_empty() {
                        "nothing".to_string()
                    } else {
                        self.names(&inside)
                    },
                    if self.full {
                        format!(" {}", knowledge::trust(trust).detail)
                    } else {
                        String::new()
                    }
                ));
            }
            out.paragraph(
                "Whatever is in no zone, the clients included, is on the internet: untrusted.",
            );
        }
        out
    }
}
