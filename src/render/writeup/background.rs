//! The Background appendix (`--detail standard` and `full`): the general explanations of every kind,
//! protocol and value the design uses, from [`crate::knowledge`], each once. Designs share
//! these paragraphs; the body of the document does not depend on them.
//!
//! A summarised document (a standard document of a large design, see `Doc::summarised`) keeps
//! the mechanisms (algorithms, setups, replication, monitoring, why each rule matters, running
//! it) but defines a kind of element or a protocol only where its body links to the
//! definition: its reader designs systems of that size and needs no definition of a server.

use super::tree::{Block, Blocks, List};
use super::{capitalize, code, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ElementId, Kind, Replication, Role, Setup};

impl Doc<'_> {
    /// The appendix for a document whose body (everything above it) is `body`.
    pub(super) fn background_appendix(&self, body: &str) -> Blocks {
        let m = self.m;
        // Whether a definition titled `heading` goes in: always, but in a summarised
        // document only when the body links to it.
        let wanted = |heading: &str| {
            !self.summarised
                || body.contains(&format!("](#{})", crate::render::html::slug(heading)))
        };
        let mut out = Blocks::default();
        out.heading(2, "Background");
        out.paragraph(
            "General explanations of what this design uses; nothing here is specific to it.",
        );
        let mut kinds: Vec<Kind> = Vec::new();
        for i in m.ids() {
            let k = m.element(i).kind;
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        for k in &kinds {
            let info = match *k {
                Kind::Component(c) => knowledge::component(c),
                Kind::Container(c) => knowledge::container(c),
            };
            if wanted(info.title) {
                out.heading(3, info.title);
                out.paragraph(info.what);
            }
        }
        let mut headings: Vec<String> = kinds
            .iter()
            .map(|k| match *k {
                Kind::Component(c) => knowledge::component(c).title.to_string(),
                Kind::Container(c) => knowledge::container(c).title.to_string(),
            })
            .collect();
        // A definition: its heading (marked when a kind has the same) and its blocks.
        let mut section = |out: &mut Blocks, heading: String, text: Vec<Block>| {
            let heading = if headings.contains(&heading) {
                format!("{heading} (protocol)")
            } else {
                heading
            };
            out.heading(3, heading.clone());
            out.extend(text);
            headings.push(heading);
        };
        let para = |text: &str| vec![Block::Paragraph(text.to_string())];
        let dns: Vec<ElementId> = m.components_of(C::Dns).collect();
        if !dns.is_empty() {
            if wanted("The domain name") {
                section(
                    &mut out,
                    "The domain name".into(),
                    para(knowledge::DOMAIN_NAME),
                );
            }
            let mut types: Vec<&knowledge::RecordType> = Vec::new();
            for &d in &dns {
                for r in &m.element(d).attrs.records {
                    if let Some(t) = knowledge::dns_record(r).and_then(|r| r.known) {
                        if !types.iter().any(|x| x.name == t.name) {
                            types.push(t);
                        }
                    }
                }
            }
            if !types.is_empty() && wanted("DNS records") {
                let lines: Vec<String> = types
                    .iter()
                    .map(|t| format!("**{} record** ({}): {}", t.name, t.long, t.what))
                    .collect();
                section(
                    &mut out,
                    "DNS records".into(),
                    vec![Block::List(List::bullets(lines))],
                );
            }
        }
        let mut protocols: Vec<&str> = Vec::new();
        for l in &m.links {
            if let Some(p) = l.protocol.as_deref().and_then(knowledge::protocol) {
                if !protocols.contains(&p.name) {
                    protocols.push(p.name);
                    if wanted(&capitalize(p.display)) {
                        section(&mut out, capitalize(p.display), para(p.what));
                    }
                }
            }
        }
        // The load balancers' algorithms, and the two setups.
        let lbs: Vec<ElementId> = m.components_of(C::LoadBalancer).collect();
        let mut algorithms = Vec::new();
        for &lb in &lbs {
            let a = m
                .element(lb)
                .attrs
                .algorithm
                .unwrap_or(knowledge::DEFAULT_ALGORITHM);
            if !algorithms.contains(&a) {
                algorithms.push(a);
                let info = knowledge::algorithm(a);
                section(
                    &mut out,
                    code(info.name),
                    para(&format!(
                        "{} ({}). {}",
                        capitalize(info.short),
                        info.name,
                        info.how
                    )),
                );
            }
        }
        let setups = m.ids().any(|i| m.element(i).attrs.setup.is_some());
        if setups || !lbs.is_empty() {
            let aa = knowledge::setup(Setup::ActiveActive);
            let ap = knowledge::setup(Setup::ActivePassive);
            section(
                &mut out,
                "Active-active and active-passive".into(),
                vec![
                    Block::Paragraph(aa.detail.to_string()),
                    Block::Paragraph(ap.detail.to_string()),
                ],
            );
        }
        // Databases: primary and replica, the replication modes and failovers in use.
        let replicas: Vec<ElementId> = m
            .components_of(C::Database)
            .filter(|&d| m.role(d) == Role::Replica)
            .collect();
        if !replicas.is_empty() {
            section(
                &mut out,
                "Primary and replica".into(),
                para(&format!(
                    "{} {}",
                    knowledge::role(Role::Primary).detail,
                    knowledge::role(Role::Replica).detail
                )),
            );
        }
        let mut modes: Vec<Replication> = Vec::new();
        for &r in &replicas {
            let e = m.element(r);
            let mode = e
                .attrs
                .replication
                .or_else(|| {
                    e.attrs
                        .replicates
                        .and_then(|p| m.element(p).attrs.replication)
                })
                .unwrap_or(Replication::Async);
            if !modes.contains(&mode) {
                modes.push(mode);
            }
        }
        for i in m.ids() {
            if let Some(r) = m.element(i).attrs.replication {
                if !modes.contains(&r) {
                    modes.push(r);
                }
            }
        }
        for r in modes {
            let e = knowledge::replication(r);
            section(
                &mut out,
                format!("{} replication", code(e.name)),
                para(e.detail),
            );
        }
        // Why a site is served over HTTPS; how agents collect; requests per second.
        if m.links.iter().any(|l| m.element(l.from).is(C::Client)) {
            section(
                &mut out,
                "HTTPS and certificates".into(),
                para(knowledge::HTTPS_WHY),
            );
        }
        let agents = m
            .components_of(C::Monitoring)
            .any(|c| m.host_of(c).is_some());
        if agents {
            section(
                &mut out,
                "How a monitoring client collects data".into(),
                para(knowledge::AGENT_COLLECTION),
            );
        }
        if m.components_of(C::Monitoring).next().is_some()
            && m.components_of(C::WebServer).next().is_some()
        {
            section(
                &mut out,
                "Watching queries per second".into(),
                para(knowledge::QUERIES_PER_SECOND),
            );
        }
        // Why each rule that reported a finding matters.
        let mut rules: Vec<&str> = Vec::new();
        for f in &self.r.findings {
            if !rules.contains(&f.rule) {
                rules.push(f.rule);
            }
        }
        for name in rules {
            if let Some(info) = crate::analysis::rules::rule(name) {
                section(
                    &mut out,
                    format!("Why {} matters", code(name)),
                    para(info.why),
                );
            }
        }
        out.heading(3, "Running it");
        out.paragraph(format!(
            "{} {} {} {}",
            knowledge::BACKUPS,
            knowledge::ADMIN_ACCESS,
            knowledge::HTTPS_REDIRECT,
            knowledge::HEADROOM
        ));
        out
    }
}
