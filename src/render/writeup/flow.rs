//! The "How a request flows" section: the request links grouped into numbered steps by depth
//! from the entries, and the links behind the requests (replication, monitoring, others).

use std::fmt::Write as _;

use super::tree::{Blocks, List};
use super::{code, dedup, escape, quote, Doc};
use crate::knowledge;
use crate::model::{
    Access, ComponentKind as C, ElementId, Kind, LinkId, LinkKind, Replication, Role, Setup, Tls,
};
use crate::render::english::{agree, capitalize, join_and, join_or};

/// How a step of the request flow is grouped.
#[derive(PartialEq)]
struct StepKey<'a> {
    depth: usize,
    from: Kind,
    to: Kind,
    protocol: Option<&'a str>,
    label: Option<&'a str>,
    access: Access,
    encrypted: bool,
    via: [Option<ElementId>; 2],
    /// The source, when a step must not merge sources (load balancers outside clusters).
    own_source: Option<ElementId>,
    /// The target, when a step must not merge targets (a client's entry points).
    own_target: Option<ElementId>,
}

impl Doc<'_> {
    /// Where requests enter: the clients, or, without any, the components that nothing links to.
    pub(super) fn entries(&self) -> Vec<ElementId> {
        let clients: Vec<_> = self.m.components_of(C::Client).collect();
        if !clients.is_empty() {
            return clients;
        }
        self.m
            .components()
            .filter(|&c| self.m.incoming(c).next().is_none() && self.m.outgoing(c).next().is_some())
            .filter(|&c| !self.is(c, C::Monitoring))
            .collect()
    }

    /// Whether the link is a replication link (protocol `replication`).
    pub(super) fn is_replication(&self, link: LinkId) -> bool {
        self.m.link(link).protocol.as_deref() == Some("replication")
    }

    /// The depth of each component from the entries, following request links.
    pub(super) fn depths(&self) -> Vec<Option<usize>> {
        let m = self.m;
        let mut depth = vec![None; m.elements.len()];
        let mut queue = std::collections::VecDeque::new();
        for e in self.entries() {
            depth[e.0] = Some(0);
            queue.push_back(e);
        }
        while let Some(u) = queue.pop_front() {
            for l in m.outgoing(u) {
                if self.is_replication(l) {
                    continue;
                }
                let v = m.link(l).to;
                if depth[v.0].is_none() {
                    depth[v.0] = Some(depth[u.0].unwrap_or(0) + 1);
                    queue.push_back(v);
                }
            }
        }
        depth
    }

    /// The request links grouped into steps, and the other links.
    pub(super) fn steps(&self) -> (Vec<Vec<LinkId>>, Vec<LinkId>) {
        let m = self.m;
        let depth = self.depths();
        let mut groups: Vec<(StepKey, Vec<LinkId>)> = Vec::new();
        let mut other = Vec::new();
        for i in 0..m.links.len() {
            let id = LinkId(i);
            let l = m.link(id);
            let Some(d) = depth[l.from.0] else {
                other.push(id);
                continue;
            };
            if self.is_replication(id)
                || self.is(l.from, C::Monitoring)
                || l.kind == LinkKind::NonRequest
            {
                other.push(id);
                continue;
            }
            let key = StepKey {
                depth: d,
                from: m.element(l.from).kind,
                to: m.element(l.to).kind,
                protocol: l.protocol.as_deref(),
                label: l.label.as_deref(),
                access: l.access,
                encrypted: l.encrypted,
                via: l.via,
                own_source: (self.is(l.from, C::LoadBalancer) && l.via[0].is_none())
                    .then_some(l.from),
                own_target: (self.is(l.from, C::Client) && l.via[1].is_none()).then_some(l.to),
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, links)) => links.push(id),
                None => groups.push((key, vec![id])),
            }
        }
        groups.sort_by_key(|(k, links)| (k.depth, links[0]));
        (groups.into_iter().map(|(_, l)| l).collect(), other)
    }

    /// The "How a request flows" section: the numbered steps of the requests, then the links
    /// behind them.
    pub(super) fn flow(&self) -> Blocks {
        let m = self.m;
        let mut out = Blocks::default();
        out.heading(2, "How a request flows");
        let entries = self.entries();
        if entries.is_empty() {
            out.paragraph(
                "No request enters this design: it has no client and every component is reached by another. Add `client user` and a link from it to the first component that users reach.",
            );
            return out;
        }
        if m.components_of(C::Client).next().is_none() {
            out.paragraph(format!(
                "The design declares no client, so requests are followed from {}, which nothing links to.",
                self.names(&entries)
            ));
        }
        let (steps, other) = self.steps();
        if steps.is_empty() {
            out.paragraph(format!(
                "{} {} no link: no request goes anywhere. Add a link such as `{} -> web`.",
                capitalize(&self.names(&entries)),
                if entries.len() == 1 { "has" } else { "have" },
                m.element(entries[0]).id
            ));
        } else {
            for step in &steps {
                out.step(self.step_text(step));
            }
            let to_queue = steps
                .iter()
                .flatten()
                .any(|&l| self.is(m.links[l.0].to, C::Queue));
            out.paragraph(if to_queue {
                "Each response travels back over the same connections; a queue's answer is only that it accepted the message, and the work happens later."
            } else {
                "The response travels back the same way, over the same connections."
            });
        }
        let background = self.background(&other);
        if !background.is_empty() {
            out.paragraph("Behind the requests:");
            out.list(List::bullets(background));
        }
        out
    }

    /// One step: a group of links of the same kind, at the same depth.
    pub(super) fn step_text(&self, links: &[LinkId]) -> String {
        let m = self.m;
        let first = m.link(links[0]);
        let from_kind = m.element(first.from).component_kind();
        let to_kind = m.element(first.to).component_kind();
        let sources = dedup(links.iter().map(|&l| m.link(l).from));
        let targets = dedup(links.iter().map(|&l| m.link(l).to));
        let over = self.protocol_phrase(links[0]);
        let label = first
            .label
            .as_deref()
            .map(|l| format!(" ({})", quote(l)))
            .unwrap_or_default();

        // A client reaching DNS.
        if to_kind == Some(C::Dns) {
            return self.dns_step(&sources, &targets, &over, &label);
        }
        // A client reaching the site.
        if from_kind == Some(C::Client) {
            return self.entry_step(links, &sources, &targets, &over, &label);
        }
        if from_kind == Some(C::LoadBalancer) {
            return self.balance_step(links, &sources, &targets, &over, &label);
        }
        let (one, many) = self.verb(links[0]);
        let pairs = self.pairs(links);
        let parallel = pairs.len() > 1
            && pairs.iter().all(|(s, ts)| {
                ts.len() == 1
                    && m.host_of(*s).is_some()
                    && m.host_of(*s) == m.host_of(ts[0])
                    && m.element(ts[0]).kind == m.element(pairs[0].1[0]).kind
            })
            && dedup(pairs.iter().map(|(_, ts)| ts[0])).len() == pairs.len();
        let text = if parallel {
            // Identical members side by side, each to its neighbour on the same server.
            let labelled = first
                .label
                .as_deref()
                .map(|l| format!(" labelled {}", quote(l)))
                .unwrap_or_default();
            format!(
                "{} each {many} the {} on their own server ({}){labelled}{over}.",
                self.names(&sources),
                self.kind_noun(pairs[0].1[0]),
                join_and(
                    &targets
                        .iter()
                        .map(|&t| code(&m.element(t).id))
                        .collect::<Vec<_>>()
                )
            )
        } else if pairs.len() > 2 && !self.full && pairs.windows(2).any(|w| w[0].1 != w[1].1) {
            // Many sources, each to its own targets: the two sets, not every pair.
            format!(
                "{} {many} {}{label}{over}, each to its own.",
                self.names(&sources),
                self.names(&targets)
            )
        } else if pairs.len() > 1 && pairs.windows(2).any(|w| w[0].1 != w[1].1) {
            // Each source to its own targets, the verb repeated.
            let parts: Vec<String> = pairs
                .iter()
                .enumerate()
                .map(|(i, (s, ts))| {
                    let t: Vec<_> = ts.iter().map(|&t| self.name_from(t, *s)).collect();
                    let _ = i;
                    format!("{} {one} {}", self.name(*s), join_and(&t))
                })
                .collect();
            let joined = match parts.split_last() {
                Some((last, init)) if !init.is_empty() => {
                    format!("{}, and {last}", init.join(", "))
                }
                _ => parts.join(""),
            };
            format!("{joined}{label}{over}.")
        } else {
            let subject = self.names(&sources);
            let t: Vec<_> = targets
                .iter()
                .map(|&t| self.name_from_all(t, &sources))
                .collect();
            let verb = if sources.len() == 1 { one } else { many };
            format!("{subject} {verb} {}{label}{over}.", join_and(&t))
        };
        let mut text = capitalize(&text);
        // A summarised document's Databases table says which is the primary of which.
        if to_kind == Some(C::Database) && !self.summarised {
            let primaries: Vec<_> = targets
                .iter()
                .copied()
                .filter(|&t| m.role(t) == Role::Primary)
                .collect();
            match primaries.len() {
                0 => {}
                1 => {
                    let _ = write!(text, " {} is the primary.", self.name(primaries[0]));
                }
                _ => {
                    let _ = write!(text, " {} are primaries.", self.names(&primaries));
                }
            }
            let replicas: Vec<String> = targets
                .iter()
                .copied()
                .filter(|&t| m.role(t) == Role::Replica)
                .filter_map(|t| {
                    self.db_role_phrase(t)
                        .map(|r| format!("{} is {r}", self.name(t)))
                })
                .collect();
            if !replicas.is_empty() {
                let _ = write!(text, " {}.", capitalize(&replicas.join("; ")));
            }
        }
        if links.iter().any(|&l| m.link(l).via[1].is_some()) {
            if let Some(c) = first.via[1] {
                if m.element(c).attrs.setup == Some(Setup::ActivePassive) {
                    let _ = write!(
                        text,
                        " The link goes to {}: its active member takes the requests, and the others stand by.",
                        self.the_kind(c)
                    );
                } else {
                    let _ = write!(
                        text,
                        " The link goes to {}, so to each of its members.",
                        self.the_kind(c)
                    );
                }
            }
        }
        text
    }

    /// Each source with its targets, in order.
    pub(super) fn pairs(&self, links: &[LinkId]) -> Vec<(ElementId, Vec<ElementId>)> {
        let mut pairs: Vec<(ElementId, Vec<ElementId>)> = Vec::new();
        for &l in links {
            let link = self.m.link(l);
            match pairs.iter_mut().find(|(s, _)| *s == link.from) {
                Some((_, ts)) => {
                    if !ts.contains(&link.to) {
                        ts.push(link.to)
                    }
                }
                None => pairs.push((link.from, vec![link.to])),
            }
        }
        pairs
    }

    /// The verb of a link (singular, plural), by the kinds at its ends and its access.
    pub(super) fn verb(&self, link: LinkId) -> (&'static str, &'static str) {
        let l = self.m.link(link);
        let from = self.m.element(l.from).component_kind();
        let to = self.m.element(l.to).component_kind();
        match (from, to) {
            (Some(C::WebServer), Some(C::AppServer)) => (
                "passes the requests that need the application to",
                "pass the requests that need the application to",
            ),
            (_, Some(C::Codebase)) => (
                "runs the application's code in",
                "run the application's code in",
            ),
            (_, Some(C::Database)) => match l.access {
                Access::Write => ("sends its writes to", "send their writes to"),
                Access::Read => ("reads from", "read from"),
                Access::ReadWrite => ("reads from and writes to", "read from and write to"),
            },
            (_, Some(C::Cache)) => match l.access {
                Access::Write => ("stores data in", "store data in"),
                Access::Read => ("looks data up in", "look data up in"),
                Access::ReadWrite => (
                    "looks data up in, and stores data in,",
                    "look data up in, and store data in,",
                ),
            },
            (_, Some(C::Storage)) => match l.access {
                Access::Write => ("stores files in", "store files in"),
                Access::Read => ("reads files from", "read files from"),
                Access::ReadWrite => ("reads and stores files in", "read and store files in"),
            },
            (_, Some(C::Queue)) => ("puts messages on", "put messages on"),
            (Some(C::Queue), _) => ("delivers messages to", "deliver messages to"),
            (Some(C::Cdn), _) => (
                "fetches what it does not hold from",
                "fetch what they do not hold from",
            ),
            (Some(C::Firewall), _) => (
                "lets the allowed traffic through to",
                "let the allowed traffic through to",
            ),
            (_, Some(C::Firewall)) => ("sends its traffic through", "send their traffic through"),
            (_, Some(C::Service)) => ("calls", "call"),
            (_, Some(C::Monitoring)) => ("sends data to", "send data to"),
            (_, Some(C::WebServer)) | (_, Some(C::LoadBalancer)) | (_, Some(C::Cdn)) => {
                ("forwards the request to", "forward the request to")
            }
            _ => ("sends requests to", "send requests to"),
        }
    }

    /// The text of a step whose links go to DNS: who asks it for which address.
    pub(super) fn dns_step(
        &self,
        sources: &[ElementId],
        targets: &[ElementId],
        over: &str,
        label: &str,
    ) -> String {
        let m = self.m;
        let mut records = Vec::new();
        for &d in targets {
            for r in &m.element(d).attrs.records {
                if let Some(rec) = knowledge::dns_record(r) {
                    records.push((d, r.clone(), rec));
                }
            }
        }
        let names = dedup(records.iter().map(|(_, _, r)| r.name.as_str()))
            .into_iter()
            .map(escape)
            .collect::<Vec<_>>();
        let what = if names.is_empty() {
            "the site's address".to_string()
        } else {
            format!("the address of {}", join_or(&names))
        };
        // Asking DNS is speaking DNS: the protocol goes without saying.
        let over = if over == " over DNS" { "" } else { over };
        let mut text = format!(
            "{} asks {} for {what}{label}{over}.",
            self.names(sources),
            self.names(targets)
        );
        for (_, raw, rec) in records.iter().filter(|_| !self.full) {
            let _ = write!(
                text,
                " The record {} answers with {}.",
                code(raw),
                code(&rec.value)
            );
        }
        for (_, raw, rec) in records.iter().filter(|_| self.full) {
            let kind = match rec.known {
                Some(t) => format!("{} record ({})", t.name, t.long),
                None => format!("{} record", escape(&rec.kind)),
            };
            let _ = write!(
                text,
                " The record {} answers: {} is an {kind} whose value is {}",
                code(raw),
                escape(&rec.name),
                code(&rec.value)
            );
            match self.owner_of_address(&rec.value) {
                Some(owner) => {
                    let _ = write!(text, ", the address of {}.", self.name(owner));
                }
                None => text.push('.'),
            }
        }
        if records.is_empty() {
            text.push_str(" The design lists no record for it.");
        }
        text
    }

    /// The element (host, cluster or component) whose `ip` or `vip` is `address`.
    pub(super) fn owner_of_address(&self, address: &str) -> Option<ElementId> {
        self.m.ids().find(|&i| {
            let a = &self.m.element(i).attrs;
            a.ip.as_deref() == Some(address) || a.vip.as_deref() == Some(address)
        })
    }

    /// The text of a step from clients: where their requests enter the design.
    pub(super) fn entry_step(
        &self,
        links: &[LinkId],
        sources: &[ElementId],
        targets: &[ElementId],
        over: &str,
        label: &str,
    ) -> String {
        let m = self.m;
        let first = m.link(links[0]);
        let cluster = first.via[1];
        let port = first
            .port
            .or_else(|| m.element(targets[0]).attrs.port)
            .or_else(|| first.protocol.as_deref().and_then(knowledge::default_port));
        let address = match cluster {
            Some(c) => m.element(c).attrs.vip.as_deref(),
            None if targets.len() == 1 => self.address(targets[0]),
            None => None,
        };
        let resolved = address.is_some_and(|a| {
            m.components_of(C::Dns).any(|d| {
                m.element(d)
                    .attrs
                    .records
                    .iter()
                    .filter_map(|r| knowledge::dns_record(r))
                    .any(|r| r.value == a)
            })
        });
        let mut text = self.names(sources);
        match address {
            Some(a) => {
                let _ = write!(
                    text,
                    " opens a {} connection to {}",
                    if self.full { "TCP" } else { "TCP/IP" },
                    code(a)
                );
                if resolved {
                    text.push_str(" (the address that DNS returned)");
                }
                if let Some(p) = port {
                    let _ = write!(text, ", port {p}");
                }
                text.push_str(", and sends its request");
            }
            None => text.push_str(" sends its request"),
        }
        let _ = write!(text, "{label}{over}");
        match cluster {
            Some(c) => {
                let members: Vec<_> = targets.iter().map(|&t| self.name_on(t)).collect();
                let _ = write!(text, " to {}", self.the_kind(c));
                let setup = m.element(c).attrs.setup;
                match setup {
                    Some(Setup::ActivePassive) => {
                        let _ = write!(
                            text,
                            ": of {}, the member that holds the virtual IP answers, and the other{} stand{} by.",
                            join_and(&members),
                            if members.len() > 2 { "s" } else { "" },
                            if members.len() > 2 { "" } else { "s" }
                        );
                    }
                    _ => {
                        let _ = write!(text, ": {} all serve.", join_and(&members));
                    }
                }
            }
            None => {
                let t: Vec<_> = targets.iter().map(|&t| self.name_on(t)).collect();
                let _ = write!(text, " to {}.", join_and(&t));
            }
        }
        if let Some(p) = first
            .protocol
            .as_deref()
            .filter(|p| matches!(*p, "http" | "https"))
            .filter(|_| self.full)
        {
            let _ = write!(
                text,
                " The user's computer and the server talk over TCP/IP, the internet's transport, and speak {} on it.",
                if p == "https" { "HTTP inside TLS (HTTPS)" } else { "HTTP" }
            );
        }
        // Firewalls on the way in, grouped by what they allow.
        let mut fws: Vec<(Vec<String>, Vec<ElementId>)> = Vec::new();
        for &t in targets {
            if let Some(h) = m.host_of(t) {
                for c in m.components_in(h) {
                    if !self.is(c, C::Firewall) || fws.iter().any(|(_, f)| f.contains(&c)) {
                        continue;
                    }
                    let allow = m.element(c).attrs.allow.clone();
                    match fws.iter_mut().find(|(a, _)| *a == allow) {
                        Some((_, f)) => f.push(c),
                        None => fws.push((allow, vec![c])),
                    }
                }
            }
        }
        // Below `--detail full` the Firewalls section says what each one allows.
        for (allow, group) in fws.into_iter().filter(|_| self.full) {
            let each = if group.len() > 1 {
                ", each on its own server"
            } else {
                ""
            };
            let verb = if group.len() > 1 { "filter" } else { "filters" };
            if allow.is_empty() {
                let _ = write!(
                    text,
                    " On the way in, {} {verb} it{each}.",
                    self.names(&group)
                );
            } else {
                let rules: Vec<_> = allow.iter().map(|a| code(a)).collect();
                let _ = write!(
                    text,
                    " On the way in, {} {verb} it{each}, allowing {}.",
                    self.names(&group),
                    join_and(&rules)
                );
            }
        }
        // Encryption.
        let to_ids = match cluster {
            Some(c) => code(&m.element(c).id),
            None => join_and(
                &targets
                    .iter()
                    .map(|&t| code(&m.element(t).id))
                    .collect::<Vec<_>>(),
            ),
        };
        let encrypted = links.iter().all(|&l| m.link(l).encrypted);
        if encrypted {
            let tls_at: Vec<_> = targets
                .iter()
                .copied()
                .filter(|&t| matches!(m.tls(t), Tls::Terminate | Tls::Reencrypt))
                .collect();
            if !tls_at.is_empty() {
                let certs = dedup(
                    tls_at
                        .iter()
                        .filter_map(|&t| m.element(t).attrs.certificate.as_deref()),
                );
                let cert = if certs.is_empty() {
                    "its certificate".to_string()
                } else {
                    format!(
                        "the certificate for {}",
                        join_and(&certs.iter().map(|c| escape(c)).collect::<Vec<_>>())
                    )
                };
                let who = if tls_at.len() == 1 {
                    self.name(tls_at[0])
                } else {
                    format!("the {} that receives it", self.kind_noun(tls_at[0]))
                };
                let _ = write!(
                    text,
                    " The connection is encrypted: {who} presents {cert} and decrypts the traffic."
                );
            } else {
                let _ = write!(text, " The connection to {} is encrypted.", to_ids);
            }
        } else if self.full {
            text.push_str(" Nothing on this connection is encrypted.");
        } else {
            let _ = write!(text, " Nothing on the connection to {to_ids} is encrypted.");
        }
        capitalize(&text)
    }

    /// The text of a step from load balancers: how they pass the requests to their backends.
    pub(super) fn balance_step(
        &self,
        links: &[LinkId],
        sources: &[ElementId],
        targets: &[ElementId],
        over: &str,
        label: &str,
    ) -> String {
        let m = self.m;
        let first = m.link(links[0]);
        let subject = match first.via[0] {
            Some(c) if sources.len() > 1 => match m.element(c).attrs.setup {
                Some(Setup::ActivePassive) => {
                    format!(
                        "The active member of {} ({})",
                        self.name(c),
                        join_or(
                            &sources
                                .iter()
                                .map(|&s| code(&m.element(s).id))
                                .collect::<Vec<_>>()
                        )
                    )
                }
                _ => format!(
                    "Each member of {} ({})",
                    self.name(c),
                    join_and(
                        &sources
                            .iter()
                            .map(|&s| code(&m.element(s).id))
                            .collect::<Vec<_>>()
                    )
                ),
            },
            _ => capitalize(&self.names(sources)),
        };
        let algs = dedup(sources.iter().map(|&s| {
            m.element(s)
                .attrs
                .algorithm
                .unwrap_or(knowledge::DEFAULT_ALGORITHM)
        }));
        let alg_text = join_or(
            &algs
                .iter()
                .map(|a| {
                    if self.full {
                        format!("{} ({})", code(a.as_str()), knowledge::algorithm(*a).short)
                    } else {
                        code(a.as_str())
                    }
                })
                .collect::<Vec<_>>(),
        );
        // Identical backends are named once, as a group.
        let grouped = self.shares_label(targets).then(|| {
            self.names_with(targets, |b| match m.host_of(b) {
                Some(h) if !self.summarised => {
                    format!("{} on {}", code(&m.element(b).id), code(&m.element(h).id))
                }
                _ => code(&m.element(b).id),
            })
        });
        let t: Vec<_> = targets
            .iter()
            .map(|&t| self.name_from(t, sources[0]))
            .collect();
        let grouped = grouped.unwrap_or_else(|| join_and(&t));
        let passive = sources
            .iter()
            .all(|&s| m.element(s).attrs.setup == Some(Setup::ActivePassive));
        let mut text = if targets.len() > 1 && passive {
            format!(
                "{subject} forwards the request to its active backend, {}{label}{over}, while {} stand{} by (active-passive).",
                t[0],
                join_and(&t[1..]),
                if targets.len() == 2 { "s" } else { "" }
            )
        } else if targets.len() > 1 {
            format!(
                "{subject} chooses one of {grouped} with {alg_text}, and forwards the request to it{label}{over}."
            )
        } else if let Some(copies) = m
            .element(targets[0])
            .attrs
            .instances
            .or_else(|| {
                m.host_of(targets[0])
                    .and_then(|h| m.element(h).attrs.instances)
            })
            .filter(|i| i.max > 1)
        {
            // One backend written, several copies of it (or of its host) run.
            let many = if copies.min == copies.max {
                copies.min.to_string()
            } else {
                format!("{} to {}", copies.min, copies.max)
            };
            format!(
                "{subject} chooses one of the {many} copies of {} with {alg_text}, and forwards the request to it{label}{over}.",
                join_and(&t)
            )
        } else {
            format!(
                "{subject} forwards the request to {}{label}{over}; with a single backend, {alg_text} has nothing to choose.",
                join_and(&t)
            )
        };
        let incoming_encrypted = sources
            .iter()
            .any(|&s| m.incoming(s).any(|l| m.link(l).encrypted));
        let out_encrypted = links.iter().all(|&l| m.link(l).encrypted);
        let tls = m.tls(sources[0]);
        let who = code(&m.element(first.via[0].unwrap_or(sources[0])).id);
        let said = match (tls, out_encrypted) {
            (Tls::Reencrypt, true) => format!(" {who} encrypts the request again on the way (TLS re-encryption)."),
            (Tls::Passthrough, true) => format!(" Behind {who} the stream is still the client's encrypted one (TLS passthrough)."),
            (Tls::Reencrypt, false) => format!(" {who} is set to re-encrypt, yet the design marks this hop as unencrypted: make these links `https`, or say `encrypted = true`."),
            (Tls::Passthrough, false) => format!(" With TLS passed through {who}, this hop carries the client's encrypted stream, although the design marks it as unencrypted: make these links `tls`, or say `encrypted = true`."),
            (_, true) => format!(" The hop behind {who} is encrypted."),
            (_, false) if incoming_encrypted => format!(" TLS ends at {who}: the hop behind it is plain, unencrypted traffic."),
            (_, false) => String::new(),
        };
        text.push_str(&said);
        text
    }

    /// `the primary`, `a replica of X` for a database.
    pub(super) fn db_role_phrase(&self, db: ElementId) -> Option<String> {
        let m = self.m;
        match m.role(db) {
            Role::Primary => Some("the primary".to_string()),
            Role::Replica => Some(match m.element(db).attrs.replicates {
                Some(p) => format!("a replica of {}", self.name(p)),
                None => "a replica".to_string(),
            }),
            Role::Standalone => None,
        }
    }

    /// Lines about what happens beside the requests: replication, monitoring, other links.
    /// Ends a sentence about agent `a` (or a group like it) with where it sends what it
    /// collects: ", and send(s) them to … over …." or ", but send(s) them nowhere in the design.".
    pub(super) fn push_destination(
        &self,
        line: &mut String,
        a: ElementId,
        to: &[ElementId],
        verb: &str,
    ) {
        if to.is_empty() {
            let _ = write!(line, ", but {verb} them nowhere in the design.");
        } else {
            let _ = write!(line, ", and {verb} them to {}", self.names(to));
            if let Some(l) = self.m.outgoing(a).next() {
                line.push_str(&self.protocol_phrase(l));
            }
            line.push('.');
        }
    }

    /// The lines of "Behind the requests": replication, monitoring and the other links that
    /// carry no request.
    pub(super) fn background(&self, other: &[LinkId]) -> Vec<String> {
        let m = self.m;
        let mut lines = Vec::new();
        // Replication, from the model's replicas (databases, and caches, queues and storage).
        for db in m.components() {
            let Some(p) = m.element(db).attrs.replicates else {
                continue;
            };
            let mode = self.replication_of(p, db);
            let encrypted = m
                .links
                .iter()
                .any(|l| l.from == p && l.to == db && l.encrypted);
            lines.push(format!(
                "{} streams every change to its replica {}: {} replication{}, {}.",
                self.name_on(p),
                self.name_on(db),
                code(mode.as_str()),
                if self.full {
                    format!(" ({})", knowledge::replication(mode).short)
                } else {
                    String::new()
                },
                if encrypted {
                    "encrypted"
                } else {
                    "not encrypted"
                }
            ));
        }
        // Monitoring and other links, grouped by target, protocol and label.
        type LinkGroup<'l> = (ElementId, Option<&'l str>, Option<&'l str>, Vec<LinkId>);
        let mut groups: Vec<LinkGroup> = Vec::new();
        for &l in other {
            if self.is_replication(l) {
                continue;
            }
            let link = m.link(l);
            let key = (link.to, link.protocol.as_deref(), link.label.as_deref());
            match groups.iter_mut().find(|g| (g.0, g.1, g.2) == key) {
                Some(g) => g.3.push(l),
                None => groups.push((key.0, key.1, key.2, vec![l])),
            }
        }
        for (to, _, label, links) in groups {
            let from = dedup(links.iter().map(|&l| m.link(l).from));
            let over = self.protocol_phrase(links[0]);
            let label = label
                .map(|l| format!(" ({})", quote(l)))
                .unwrap_or_default();
            let non_request = links
                .iter()
                .all(|&l| m.link(l).kind == LinkKind::NonRequest);
            let consumers = links.iter().all(|&l| {
                let link = m.link(l);
                link.kind == LinkKind::Request && link.access == Access::Read
            }) && self.is(to, C::Queue);
            if from.iter().all(|&f| self.is(f, C::Monitoring)) && self.is(to, C::Monitoring) {
                lines.push(format!(
                    "{} send{} what {} collect{} to {}{label}{over}.",
                    capitalize(&self.names(&from)),
                    agree(from.len(), "s", ""),
                    if from.len() == 1 { "it" } else { "they" },
                    agree(from.len(), "s", ""),
                    self.name(to)
                ));
            } else if non_request {
                // A link written to a host reaches the host itself.
                let target = m.link(links[0]).via[1].unwrap_or(to);
                lines.push(format!(
                    "{} reach{} {}{label}{over}, carrying no requests (a `~>` link: management, telemetry or control).",
                    capitalize(&self.names(&from)),
                    agree(from.len(), "es", ""),
                    self.name(target)
                ));
            } else if consumers {
                lines.push(format!(
                    "{} pull{} messages from {}{label}{over} and do{} the work: the `background` flow.",
                    capitalize(&self.names(&from)),
                    agree(from.len(), "s", ""),
                    self.name(to),
                    agree(from.len(), "es", "")
                ));
            } else {
                lines.push(format!(
                    "{} send{} requests to {}{label}{over}, but no client's request reaches {}.",
                    capitalize(&self.names(&from)),
                    agree(from.len(), "s", ""),
                    self.name(to),
                    if from.len() == 1 { "it" } else { "them" },
                ));
            }
        }
        lines
    }

    /// The replication mode between a primary and a replica: the replica's, else the
    /// primary's, else `async` (recorded as an assumption).
    pub(super) fn replication_of(&self, primary: ElementId, replica: ElementId) -> Replication {
        let m = self.m;
        match m
            .element(replica)
            .attrs
            .replication
            .or(m.element(primary).attrs.replication)
        {
            Some(r) => r,
            None => {
                self.assume(format!(
                    "{} replicates {} asynchronously: the design gives no `replication`, and `async` is the default.",
                    self.name(replica),
                    self.name(primary)
                ));
                Replication::Async
            }
        }
    }
}
