//! The "How it works" section: its subsections in order, and the roles of the kinds that have no
//! subsection of their own and the protocols (at `--detail full`).

use super::tree::Blocks;
use super::{code, dedup, Detail, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, LinkId};
use crate::render::english::join_and;

impl Doc<'_> {
    /// The "How it works" section: its parts in order (what each part does and each
    /// protocol only at `--detail full`); nothing when no part has anything to say.
    pub(super) fn how_it_works(&self, detail: Detail) -> Blocks {
        // What each part does and what each protocol is are general: Background has them, and
        // only the full document repeats them here, per element.
        let full = detail == Detail::Full;
        let parts = [
            self.servers().0,
            self.dns().0,
            if full { self.roles().0 } else { Vec::new() },
            if full { self.protocols().0 } else { Vec::new() },
            self.load_balancing().0,
            self.clusters().0,
            self.databases().0,
            self.firewalls().0,
            self.https().0,
            self.monitoring().0,
        ];
        let body = parts.concat();
        let mut out = Blocks::default();
        if body.is_empty() {
            return out;
        }
        out.heading(2, "How it works");
        if self.full {
            out.paragraph("What each kind of element and each protocol is, in general, is in [Background](#background); this section says how they work in this design.");
        }
        out.extend(body);
        out
    }

    /// The role of each kind that has no section of its own.
    /// "What each part does" (at `--detail full`): the role of each kind that has no part of
    /// its own, and which elements play it.
    pub(super) fn roles(&self) -> Blocks {
        let m = self.m;
        let kinds = dedup(m.components().filter_map(|c| m.element(c).component_kind()))
            .into_iter()
            .filter(|k| {
                !matches!(
                    k,
                    C::Dns | C::LoadBalancer | C::Database | C::Firewall | C::Monitoring
                )
            })
            .collect::<Vec<_>>();
        let mut out = Blocks::default();
        if kinds.is_empty() {
            return out;
        }
        out.heading(3, "What each part does");
        for k in kinds {
            let info = knowledge::component(k);
            let members: Vec<_> = m.components_of(k).collect();
            out.heading(4, info.title);
            out.paragraph(info.what);
            out.paragraph(format!(
                "Here: {}.",
                join_and(&members.iter().map(|&c| self.name_on(c)).collect::<Vec<_>>())
            ));
        }
        out
    }

    /// "Protocols" (at `--detail full`): what travels on each link, by protocol.
    pub(super) fn protocols(&self) -> Blocks {
        let m = self.m;
        let protocols = dedup(m.links.iter().map(|l| l.protocol.as_deref()));
        let mut out = Blocks::default();
        if protocols.is_empty() {
            return out;
        }
        out.heading(3, "Protocols");
        out.paragraph("What travels on each link of the design:");
        for p in protocols {
            let links: Vec<_> = (0..m.links.len())
                .map(LinkId)
                .filter(|&l| m.link(l).protocol.as_deref() == p)
                .collect();
            let pairs: Vec<String> = links
                .iter()
                .map(|&l| {
                    let link = m.link(l);
                    format!(
                        "{} → {}",
                        code(&m.element(link.from).id),
                        code(&m.element(link.to).id)
                    )
                })
                .collect();
            let pairs = dedup(pairs.iter()).into_iter().cloned().collect::<Vec<_>>();
            let used = format!("({})", pairs.join(", "));
            match p {
                Some(word) => match knowledge::protocol(word) {
                    Some(info) => {
                        out.item(format!("**{}** {used}: {}", info.display, info.what));
                    }
                    None => {
                        out.item(format!(
                            "{} {used}: a protocol that the design names and archc does not describe.",
                            code(word)
                        ));
                    }
                },
                None => {
                    let local = links.iter().all(|&l| {
                        let link = m.link(l);
                        m.host_of(link.from).is_some() && m.host_of(link.from) == m.host_of(link.to)
                    });
                    out.item(format!(
                        "No protocol given {used}: {}",
                        if local {
                            "both ends are on the same server, so this is a local call or a file read, not network traffic."
                        } else {
                            "the design does not say how these ends talk."
                        }
                    ));
                }
            }
        }
        out
    }
}
