//! The "How it works" section: its subsections in order, and the roles of the kinds that have no
//! subsection of their own and the protocols (at `--detail full`).

use super::*;

impl Doc<'_> {
    pub(super) fn how_it_works(&self, detail: Detail) -> String {
        // What each part does and what each protocol is are general: Background has them, and
        // only the full document repeats them here, per element.
        let full = detail == Detail::Full;
        let parts = [
            self.servers(),
            self.dns(),
            if full { self.roles() } else { String::new() },
            if full {
                self.protocols()
            } else {
                String::new()
            },
            self.load_balancing(),
            self.clusters(),
            self.databases(),
            self.firewalls(),
            self.https(),
            self.monitoring(),
        ];
        let body: String = parts.into_iter().filter(|p| !p.is_empty()).collect();
        if body.is_empty() {
            return String::new();
        }
        if !self.full {
            return format!("## How it works\n\n{body}");
        }
        format!("## How it works\n\nWhat each kind of element and each protocol is, in general, is in [Background](#background); this section says how they work in this design.\n\n{body}")
    }

    /// The role of each kind that has no section of its own.
    pub(super) fn roles(&self) -> String {
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
        if kinds.is_empty() {
            return String::new();
        }
        let mut out = String::from("### What each part does\n\n");
        for k in kinds {
            let info = knowledge::component(k);
            let members: Vec<_> = m.components_of(k).collect();
            let _ = writeln!(out, "#### {}\n\n{}\n", info.title, info.what);
            let _ = writeln!(
                out,
                "Here: {}.\n",
                join_and(&members.iter().map(|&c| self.name_on(c)).collect::<Vec<_>>())
            );
        }
        out
    }

    pub(super) fn protocols(&self) -> String {
        let m = self.m;
        let protocols = dedup(m.links.iter().map(|l| l.protocol.as_deref()));
        if protocols.is_empty() {
            return String::new();
        }
        let mut out = String::from("### Protocols\n\nWhat travels on each link of the design:\n\n");
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
                        let _ = writeln!(out, "- **{}** {used}: {}", info.display, info.what);
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "- {} {used}: a protocol that the design names and archc does not describe.",
                            code(word)
                        );
                    }
                },
                None => {
                    let local = links.iter().all(|&l| {
                        let link = m.link(l);
                        m.host_of(link.from).is_some() && m.host_of(link.from) == m.host_of(link.to)
                    });
                    let _ = writeln!(
                        out,
                        "- No protocol given {used}: {}",
                        if local {
                            "both ends are on the same server, so this is a local call or a file read, not network traffic."
                        } else {
                            "the design does not say how these ends talk."
                        }
                    );
                }
            }
        }
        out.push('\n');
        out
    }
}
