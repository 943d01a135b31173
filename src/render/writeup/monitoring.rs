//! The "Monitoring" part of "How it works": what is collected, where it goes and what alerts.

use std::fmt::Write as _;

use super::tree::Blocks;
use super::{dedup, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ElementId};
use crate::render::english::{agree, capitalize, join_and};

impl Doc<'_> {
    /// The "Monitoring" part: the clients and what they collect, the services and what they
    /// receive, and how to watch the web servers' queries per second.
    pub(super) fn monitoring(&self) -> Blocks {
        let m = self.m;
        let mons: Vec<_> = m.components_of(C::Monitoring).collect();
        let mut out = Blocks::default();
        if mons.is_empty() {
            return out;
        }
        out.heading(3, "Monitoring");
        if self.full {
            out.paragraph(knowledge::component(C::Monitoring).what);
        }
        let agents: Vec<_> = mons.iter().copied().filter(|&x| self.is_agent(x)).collect();
        let services: Vec<_> = mons
            .iter()
            .copied()
            .filter(|&x| !self.is_agent(x))
            .collect();
        if !agents.is_empty() {
            out.paragraph("The monitoring clients (agents) of this design:");
            // Below `--detail full`, agents that collect the same and send it the same way
            // are described together.
            for &a in &agents {
                if m.element(a).attrs.collects.is_empty() {
                    self.assume(format!(
                        "{} collects metrics and logs: the design gives no `collects`, and those are what monitoring agents collect by default.",
                        self.name(a)
                    ));
                }
            }
            let mut alike: Vec<(String, Vec<ElementId>)> = Vec::new();
            for &a in agents.iter().filter(|_| !self.full) {
                let to = self.targets(a);
                let over = m
                    .outgoing(a)
                    .next()
                    .map(|l| self.protocol_phrase(l))
                    .unwrap_or_default();
                let key = format!("{}|{:?}|{over}", self.collects(a), to);
                match alike.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, g)) => g.push(a),
                    None => alike.push((key, vec![a])),
                }
            }
            let mut single: Vec<ElementId> = Vec::new();
            for (_, g) in alike {
                if g.len() == 1 {
                    single.push(g[0]);
                    continue;
                }
                let a = g[0];
                let to = self.targets(a);
                let mut line = format!(
                    "{} each collect the {} of their server and of what runs on it",
                    self.names(&g),
                    self.collects(a)
                );
                self.push_destination(&mut line, a, &to, "send");
                out.item(line);
            }
            let listed: Vec<ElementId> = if self.full { agents.clone() } else { single };
            for &a in &listed {
                let h = m.host_of(a).expect("an agent is in a host");
                let watched: Vec<_> = m
                    .components_in(h)
                    .into_iter()
                    .filter(|&c| {
                        c != a
                            && !matches!(
                                m.element(c).component_kind(),
                                Some(C::Firewall | C::Monitoring | C::Codebase)
                            )
                    })
                    .collect();
                if m.element(a).attrs.collects.is_empty() {
                    self.assume(format!(
                        "{} collects metrics and logs: the design gives no `collects`, and those are what monitoring agents collect by default.",
                        self.name(a)
                    ));
                }
                let to: Vec<_> = self.targets(a);
                let mut line = format!(
                    "{} on {} collects the {} of the server",
                    self.name(a),
                    self.name(h),
                    self.collects(a)
                );
                if !watched.is_empty() {
                    let _ = write!(line, " and of {}", self.names(&watched));
                }
                self.push_destination(&mut line, a, &to, "sends");
                out.item(line);
            }
            let signals: Vec<String> = dedup(agents.iter().flat_map(|&a| {
                let c = &m.element(a).attrs.collects;
                if c.is_empty() {
                    vec![crate::model::Signal::Metrics, crate::model::Signal::Logs]
                } else {
                    c.clone()
                }
            }))
            .into_iter()
            .map(|s| knowledge::signal(s).detail.to_string())
            .collect();
            if self.full {
                out.paragraph(format!(
                    "How the clients collect data: {} {}",
                    knowledge::AGENT_COLLECTION,
                    signals.join(" ")
                ));
            } else {
                out.paragraph("How the clients collect data is in [Background](#how-a-monitoring-client-collects-data).");
            }
        }
        for &s in &services {
            let senders = self.sources(s);
            let managed = m.managed(s);
            if managed && m.element(s).attrs.managed.is_some() {
                self.assume(format!(
                    "{} is a managed service: its provider keeps it running, so it is not reported as a single point of failure.",
                    self.name(s)
                ));
            }
            out.paragraph(format!(
                "{} is the monitoring service{}: {}{}",
                capitalize(&self.name(s)),
                if managed {
                    ", run by a provider (managed)"
                } else {
                    ""
                },
                if senders.is_empty() {
                    "nothing in the design sends to it.".to_string()
                } else {
                    format!(
                        "it receives what {} send{}, stores it, draws graphs and raises alerts.",
                        self.names(&senders),
                        agree(senders.len(), "s", "")
                    )
                },
                self.why_clause(s)
            ));
        }
        // Queries per second of the web servers.
        let webs: Vec<_> = m.components_of(C::WebServer).collect();
        if !webs.is_empty() {
            out.heading(4, "Watching the web servers' queries per second");
            let mut by_agent: Vec<(ElementId, Vec<ElementId>)> = Vec::new();
            let mut bare = Vec::new();
            for &w in &webs {
                let agent = m.host_of(w).and_then(|h| {
                    m.components_in(h)
                        .into_iter()
                        .find(|&c| self.is(c, C::Monitoring))
                });
                match agent {
                    Some(a) => match by_agent.iter_mut().find(|(x, _)| *x == a) {
                        Some((_, ws)) => ws.push(w),
                        None => by_agent.push((a, vec![w])),
                    },
                    None => bare.push(w),
                }
            }
            let covered: Vec<String> = by_agent
                .iter()
                .map(|(a, ws)| {
                    let host = m.host_of(*a).map(|h| self.name(h)).unwrap_or_default();
                    format!("{} does it for {} on {host}", self.name(*a), self.names(ws))
                })
                .collect();
            let mut p = String::new();
            if self.full {
                p.push_str(knowledge::QUERIES_PER_SECOND);
            } else {
                p.push_str("Enable the web server's status counter (Nginx's `stub_status`, Apache's `mod_status`), have the monitoring client read it every few seconds, and graph the difference between readings ([how](#watching-queries-per-second)).");
            }
            if self.summarised && covered.len() > 3 {
                let watched: Vec<ElementId> = by_agent
                    .iter()
                    .flat_map(|(_, ws)| ws.iter().copied())
                    .collect();
                let _ = write!(
                    p,
                    " In this design, the monitoring client on the server of each of {} does it.",
                    self.names(&watched)
                );
            } else if !covered.is_empty() {
                let _ = write!(p, " In this design, {}.", join_and(&covered));
            }
            if !bare.is_empty() {
                let _ = write!(
                    p,
                    " {} {} no monitoring client on {} server: install one first.",
                    capitalize(&self.names(&bare)),
                    if bare.len() == 1 { "has" } else { "have" },
                    if bare.len() == 1 { "its" } else { "their" }
                );
            }
            let lbs: Vec<_> = m.components_of(C::LoadBalancer).collect();
            if !lbs.is_empty() {
                let counters = lbs.iter().find_map(|&l| {
                    // The software as written, else HAProxy when the label says so.
                    let software = m.element(l).attrs.software.as_deref();
                    knowledge::backend_counters(
                        software.or(self.is_haproxy(l).then_some("haproxy")),
                    )
                });
                let _ = write!(
                    p,
                    " {} also count{} the traffic of each backend, which shows the same figure from the outside{}.",
                    capitalize(&self.names(&lbs)),
                    agree(lbs.len(), "s", ""),
                    counters.map(|c| format!(": {c}")).unwrap_or_default()
                );
            }
            out.paragraph(p);
        }
        out
    }
}
