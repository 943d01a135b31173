//! The "Elements" section: the table of every element (one row per kind in a summarised
//! document), and why each element is there (the design's `why`, or a default explanation).

use std::fmt::Write as _;

use super::tree::{Blocks, Table};
use super::{code, code_cell, dedup, escape, quote, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ContainerKind, ElementId, Kind, Role, Setup};
use crate::render::english::{count, ends_and_size, join_and};

/// An Elements table's address cell: the element's `ip`, else its `vip` (marked virtual),
/// else `host_ip` (marked as its host's), then its `port`; a dash when it has none of them.
pub(super) fn address_cell(attrs: &crate::model::Attrs, host_ip: Option<&str>) -> String {
    let mut address = match (attrs.ip.as_deref(), attrs.vip.as_deref(), host_ip) {
        (Some(ip), _, _) => code_cell(ip),
        (None, Some(vip), _) => format!("{} (virtual IP)", code_cell(vip)),
        (None, None, Some(ip)) => format!("{} (its host's)", code_cell(ip)),
        (None, None, None) => String::new(),
    };
    if let Some(p) = attrs.port {
        if address.is_empty() {
            address = format!("port {p}");
        } else {
            let _ = write!(address, ", port {p}");
        }
    }
    if address.is_empty() {
        address = "—".to_string();
    }
    address
}

impl Doc<'_> {
    /// The design's `why`, quoted, or the default explanation for the kind in its context,
    /// marked as such.
    pub(super) fn why(&self, id: ElementId) -> String {
        match &self.m.element(id).attrs.why {
            Some(w) => quote(w),
            None => format!("{} *(default explanation)*", self.default_why(id)),
        }
    }

    /// ` Why: …` after a sentence about the element, in the full document only: the shorter
    /// ones give each element's reason once, in the elements table.
    pub(super) fn why_clause(&self, id: ElementId) -> String {
        if self.full {
            format!(" Why: {}", self.why(id))
        } else {
            String::new()
        }
    }

    /// A sensible reason for an element of this kind to be where it is: the situation is
    /// decided here, the sentence comes from [`knowledge::Reason`], its names filled in the
    /// order it writes them.
    pub(super) fn default_why(&self, id: ElementId) -> String {
        use knowledge::Reason as R;
        let m = self.m;
        let e = m.element(id);
        let targets = self.targets(id);
        let sources = self.sources(id);
        let say = |r: R, fill: &dyn Fn(&str) -> String| knowledge::fill(r.template(), fill);
        match e.kind {
            Kind::Component(C::Client) => say(R::Client, &|_| String::new()),
            Kind::Component(C::Dns) => {
                let names: Vec<String> = e
                    .attrs
                    .records
                    .iter()
                    .filter_map(|r| knowledge::dns_record(r))
                    .filter(|r| r.points_somewhere())
                    .map(|r| escape(&r.name))
                    .collect();
                let names = dedup(names.iter()).into_iter().cloned().collect::<Vec<_>>();
                if names.is_empty() {
                    say(R::DnsUnnamed, &|_| String::new())
                } else {
                    say(R::DnsNamed, &|_| join_and(&names))
                }
            }
            Kind::Component(C::Cdn) => say(R::Cdn, &|_| String::new()),
            Kind::Component(C::Firewall) => match m.host_of(id) {
                Some(h) => say(R::HostFirewall, &|_| self.name(h)),
                None => say(R::NetworkFirewall, &|_| String::new()),
            },
            Kind::Component(C::LoadBalancer) => {
                let b = self.backends(id);
                if b.len() >= 2 && e.attrs.setup == Some(Setup::ActivePassive) {
                    say(R::BalancerFailover, &|k| match k {
                        "first" => self.name(b[0]),
                        _ => self.names(&b[1..]),
                    })
                } else if b.len() >= 2 {
                    say(R::BalancerSpread, &|_| self.names(&b))
                } else if let Some(&one) = b.first() {
                    say(R::BalancerOne, &|_| self.name(one))
                } else {
                    say(R::BalancerNone, &|_| String::new())
                }
            }
            Kind::Component(C::WebServer) => {
                let apps: Vec<_> = targets
                    .iter()
                    .copied()
                    .filter(|&t| self.is(t, C::AppServer))
                    .collect();
                if apps.is_empty() {
                    say(R::WebAlone, &|_| String::new())
                } else {
                    say(R::WebPasses, &|_| self.names(&apps))
                }
            }
            Kind::Component(C::AppServer) => {
                let code_: Vec<_> = targets
                    .iter()
                    .copied()
                    .filter(|&t| self.is(t, C::Codebase))
                    .collect();
                if code_.is_empty() {
                    say(R::AppAlone, &|_| String::new())
                } else {
                    say(R::AppRunsCode, &|_| self.names(&code_))
                }
            }
            Kind::Component(C::Codebase) => {
                if sources.is_empty() {
                    say(R::CodebaseAlone, &|_| String::new())
                } else {
                    say(R::CodebaseRun, &|_| self.names(&sources))
                }
            }
            Kind::Component(C::Database) => match m.role(id) {
                Role::Primary => {
                    let replicas = m.replicas_of(id);
                    if replicas.is_empty() {
                        say(R::PrimaryAlone, &|_| String::new())
                    } else {
                        say(R::PrimaryReplicated, &|_| self.names(&replicas))
                    }
                }
                Role::Replica => match e.attrs.replicates {
                    Some(p) => say(R::ReplicaOf, &|_| self.name(p)),
                    None => say(R::ReplicaOfUnknown, &|_| String::new()),
                },
                Role::Standalone => say(R::Standalone, &|_| String::new()),
            },
            Kind::Component(C::Cache) => say(R::Cache, &|_| String::new()),
            Kind::Component(C::Queue) => say(R::Queue, &|_| String::new()),
            Kind::Component(C::Storage) => say(R::Storage, &|_| String::new()),
            Kind::Component(C::Monitoring) => {
                if let Some(h) = m.host_of(id) {
                    let to: Vec<_> = targets
                        .iter()
                        .copied()
                        .filter(|&t| self.is(t, C::Monitoring))
                        .collect();
                    let fill = |k: &str| match k {
                        "collects" => self.collects(id),
                        "host" => self.name(h),
                        _ => self.names(&to),
                    };
                    say(
                        if to.is_empty() {
                            R::AgentAlone
                        } else {
                            R::AgentSends
                        },
                        &fill,
                    )
                } else if sources.is_empty() {
                    say(R::MonitoringWatches, &|_| String::new())
                } else {
                    say(R::MonitoringStores, &|_| self.names(&sources))
                }
            }
            Kind::Component(C::Service) => match sources.len() {
                0 => say(R::ServiceAlone, &|_| String::new()),
                1 => say(R::ServiceUsedByOne, &|_| self.names(&sources)),
                _ => say(R::ServiceUsedByMany, &|_| self.names(&sources)),
            },
            Kind::Container(ContainerKind::Host) => {
                let inside = m.components_in(id);
                if inside.is_empty() {
                    say(R::HostEmpty, &|_| String::new())
                } else {
                    say(R::HostRuns, &|_| self.names(&inside))
                }
            }
            Kind::Container(ContainerKind::Zone) => {
                // A failure domain fails as a whole; only a trust zone separates a network.
                let failure = m
                    .is_failure_zone(id)
                    .then(|| say(R::FailureZone, &|_| String::new()));
                let trust = m.is_trust_zone(id).then(|| {
                    let trust = e.attrs.trust.unwrap_or(crate::model::Trust::Trusted);
                    say(R::TrustZone, &|_| knowledge::trust(trust).short.to_string())
                });
                match (failure, trust) {
                    (Some(f), Some(t)) => format!("{f} {t}"),
                    (Some(f), None) => f,
                    (None, Some(t)) => t,
                    (None, None) => String::new(),
                }
            }
            Kind::Container(ContainerKind::Cluster) => {
                let members = m.cluster_units(id);
                say(R::Cluster, &|_| self.names(&members))
            }
            Kind::Container(ContainerKind::Group) => {
                let inside = m.components_in(id);
                say(R::Group, &|_| self.names(&inside))
            }
        }
    }

    /// The elements in source order, identical ones together: components of one kind, label
    /// and attributes on different servers, linked to the same places off their servers; and
    /// servers of the same attributes that run components of the same kinds and labels. With
    /// `by_kind` (a summarised document's Elements table), the elements of one kind together
    /// instead, apart from those whose attributes the table shows (a `why`, an address).
    pub(super) fn element_groups(&self, by_kind: bool) -> Vec<Vec<ElementId>> {
        let m = self.m;
        let off_host = |id: ElementId| -> Vec<(Kind, &str)> {
            let mut t: Vec<(Kind, &str)> = m
                .outgoing(id)
                .map(|l| m.element(m.link(l).to))
                .map(|t| (t.kind, t.label.as_str()))
                .collect();
            t.sort();
            t.dedup();
            t
        };
        let inside = |h: ElementId| -> Vec<(Kind, &str)> {
            m.components_in(h)
                .into_iter()
                .map(|c| (m.element(c).kind, m.element(c).label.as_str()))
                .collect()
        };
        let alike = |a: ElementId, b: ElementId| -> bool {
            let (x, y) = (m.element(a), m.element(b));
            if by_kind {
                // One row per kind: a database's role, a monitor's place and a zone's trust
                // still tell rows apart, and what the design says of an element keeps it apart.
                return x.kind == y.kind
                    && x.attrs.why.is_none()
                    && y.attrs.why.is_none()
                    && x.attrs.ip.is_none()
                    && y.attrs.ip.is_none()
                    && x.attrs.vip.is_none()
                    && y.attrs.vip.is_none()
                    && x.attrs.extra.is_empty()
                    && y.attrs.extra.is_empty()
                    && x.attrs.trust == y.attrs.trust
                    && x.attrs.managed == y.attrs.managed
                    && m.role(a) == m.role(b)
                    && x.attrs.software == y.attrs.software
                    && x.attrs.port == y.attrs.port
                    && m.host_of(a).is_some() == m.host_of(b).is_some();
            }
            if x.kind != y.kind || x.attrs != y.attrs {
                return false;
            }
            match x.kind {
                Kind::Component(_) => {
                    x.label == y.label
                        && m.host_of(a) != m.host_of(b)
                        && (m.host_of(a).is_some() && off_host(a) == off_host(b)
                            || self.group_why_is_general(a))
                }
                Kind::Container(ContainerKind::Host) => {
                    x.attrs.ip.is_none() && inside(a) == inside(b)
                }
                Kind::Container(_) => false,
            }
        };
        let mut groups: Vec<Vec<ElementId>> = Vec::new();
        for id in m.ids() {
            match groups.iter_mut().find(|g| alike(g[0], id)) {
                Some(g) => g.push(id),
                None => groups.push(vec![id]),
            }
        }
        groups
    }

    /// The elements table below `--detail full`: one row per group of identical elements, and
    /// only the columns that hold something.
    /// The Elements section below `--detail full`: one row per group of alike elements (per
    /// kind in a summarised document), without the columns that no row fills.
    pub(super) fn elements_table(&self) -> Blocks {
        let m = self.m;
        let dash = || "—".to_string();
        let ids_of = |g: &[ElementId]| {
            let ids: Vec<String> = g.iter().map(|&i| code(&m.element(i).id)).collect();
            if self.summarised {
                ends_and_size(&ids)
            } else {
                join_and(&ids)
            }
        };
        let mut rows: Vec<[String; 7]> = Vec::new();
        let mut whys: Vec<(String, ElementId)> = Vec::new();
        for g in self.element_groups(self.summarised) {
            let id = g[0];
            let e = m.element(id);
            for &i in &g {
                self.named.borrow_mut()[i.0] = true;
            }
            let same_label = g.iter().all(|&i| m.element(i).label == e.label);
            let name = if g.len() == 1 {
                self.full_name(id)
            } else if !same_label && self.summarised {
                ids_of(&g)
            } else if !same_label {
                join_and(&g.iter().map(|&i| self.full_name(i)).collect::<Vec<_>>())
            } else if e.label == e.id {
                ids_of(&g)
            } else {
                // Inside the label's brackets, a long list's size follows a semicolon.
                let ids = ids_of(&g);
                match ids.strip_suffix(&format!(" ({} in all)", g.len())) {
                    Some(ends) => format!("{} ({ends}; {} in all)", escape(&e.label), g.len()),
                    None => format!("{} ({ids})", escape(&e.label)),
                }
            };
            let mut kind = self.kind_noun(id).to_string();
            if g.len() > 1 {
                kind = format!(
                    "{} {}",
                    count(g.len(), "", "").trim(),
                    match e.kind {
                        Kind::Component(k) => knowledge::component(k).plural,
                        Kind::Container(k) => knowledge::container(k).plural,
                    }
                );
            }
            if self.is(id, C::Database) {
                let _ = write!(kind, " ({})", m.role(id).as_str());
            }
            if self.is(id, C::Monitoring) {
                let what = if self.is_agent(id) {
                    "monitoring agent"
                } else {
                    "monitoring service"
                };
                kind = match g.len() {
                    1 => what.to_string(),
                    n => format!("{} {what}s", count(n, "", "").trim()),
                };
            }
            if m.managed(id) {
                kind.push_str(", managed");
            }
            let software = e.attrs.software.as_deref().map(escape).unwrap_or_else(dash);
            let hosts: Vec<ElementId> = g
                .iter()
                .filter_map(|&i| match m.element(i).kind {
                    Kind::Component(_) => m.host_of(i),
                    Kind::Container(_) => m.element(i).parent,
                })
                .collect();
            let host = match (e.kind, hosts.is_empty()) {
                (_, true) => dash(),
                (Kind::Container(_), false) if self.summarised => {
                    format!("in {}", ids_of(&dedup(hosts.iter().copied())))
                }
                (Kind::Container(_), false) => format!("in {}", code(&m.element(hosts[0]).id)),
                (Kind::Component(_), false) => ids_of(&hosts),
            };
            let address = address_cell(&e.attrs, None);
            let why = match &e.attrs.why {
                Some(w) => quote(w),
                // A summarised document leaves what each kind is for to Background.
                None if self.summarised => dash(),
                None if g.len() == 1 => self.said_once(&mut whys, self.default_why(id), id),
                None if self.summarised => self.said_once(&mut whys, self.kind_why(&g), id),
                None => self.said_once(&mut whys, self.group_why(&g), id),
            };
            let extra: Vec<String> = e
                .attrs
                .extra
                .iter()
                .map(|(k, v)| format!("{} = {}", code_cell(k), escape(v)))
                .collect();
            let extra = if extra.is_empty() {
                dash()
            } else {
                extra.join("; ")
            };
            rows.push([name, kind, software, host, address, why, extra]);
        }
        let heads = [
            "Element",
            "Kind",
            "Software",
            "Host",
            "Address",
            "Why",
            "Other attributes",
        ];
        let keep: Vec<usize> = (0..7)
            .filter(|&c| c == 0 || c == 5 && !self.summarised || rows.iter().any(|r| r[c] != "—"))
            .collect();
        let mut out = Blocks::default();
        out.heading(2, "Elements");
        if !self.summarised {
            out.paragraph("*Why* quotes the design, or gives archc's reason for the kind, marked *(default explanation)*.");
        } else if keep.contains(&5) {
            out.paragraph("*Why* quotes the design; what each kind of element is for is in [Background](#background).");
        } else {
            out.paragraph("What each kind of element is for is in [Background](#background).");
        }
        let mut table = Table::new(&keep.iter().map(|&c| heads[c]).collect::<Vec<_>>());
        for r in &rows {
            table
                .rows
                .push(keep.iter().map(|&c| r[c].clone()).collect());
        }
        out.table(table);
        out
    }

    /// Whether [`Self::group_why`] says of a group of `id`'s kind something true of each
    /// member, whatever it is linked to.
    pub(super) fn group_why_is_general(&self, id: ElementId) -> bool {
        matches!(
            self.m.element(id).kind,
            Kind::Component(
                C::WebServer
                    | C::AppServer
                    | C::Codebase
                    | C::Firewall
                    | C::LoadBalancer
                    | C::Database
                    | C::Cache
                    | C::Queue
                    | C::Storage
                    | C::Cdn
                    | C::Client
                    | C::Service
            )
        )
    }

    /// A default explanation for the elements table, marked as such: in full the first time,
    /// then as a reference to the first row that gave it.
    pub(super) fn said_once(
        &self,
        seen: &mut Vec<(String, ElementId)>,
        why: String,
        id: ElementId,
    ) -> String {
        match seen.iter().find(|(w, _)| *w == why) {
            Some((_, first)) => format!(
                "As for {}. *(default explanation)*",
                code(&self.m.element(*first).id)
            ),
            None => {
                seen.push((why.clone(), id));
                format!("{why} *(default explanation)*")
            }
        }
    }

    /// The default explanation of the elements of one kind in a summarised document's row
    /// (see `Doc::summarised`), said of each of them.
    pub(super) fn kind_why(&self, g: &[ElementId]) -> String {
        let m = self.m;
        match m.element(g[0]).kind {
            Kind::Container(ContainerKind::Host) => {
                "The machines the components run on (see [Servers](#servers)).".to_string()
            }
            Kind::Container(ContainerKind::Cluster) => {
                "Each groups redundant members so that the job goes on when one of them fails."
                    .to_string()
            }
            Kind::Component(C::Monitoring) if m.host_of(g[0]).is_some() => self.group_why(g),
            Kind::Component(_) if self.group_why_is_general(g[0]) => self.group_why(g),
            _ if g.len() == 1 => self.default_why(g[0]),
            _ => self.group_why(g),
        }
    }

    /// The default explanation of a group of identical elements, said of each of them.
    pub(super) fn group_why(&self, g: &[ElementId]) -> String {
        let m = self.m;
        let id = g[0];
        let e = m.element(id);
        match e.kind {
            Kind::Container(ContainerKind::Host) => {
                let inside: Vec<String> = m
                    .components_in(id)
                    .into_iter()
                    .map(|c| escape(&m.element(c).label))
                    .collect();
                format!("Identical machines, each running {} (see [Servers](#servers)).", join_and(&inside))
            }
            Kind::Component(C::WebServer) => "Each answers the HTTP requests, serves the static files and passes the dynamic requests to the application server on its server.".to_string(),
            Kind::Component(C::AppServer) => "Each runs the application code on its server to build the dynamic pages.".to_string(),
            Kind::Component(C::Codebase) => "The application's code, on each server that runs it.".to_string(),
            Kind::Component(C::Firewall) => "Each lets only the traffic that its server needs reach it, and drops the rest.".to_string(),
            Kind::Component(C::LoadBalancer) => "Each spreads the requests over its backends, so that one can fail or be updated while the others serve.".to_string(),
            Kind::Component(C::Database) => match m.role(id) {
                Role::Primary => "Each stores its service's data and accepts every write; its replicas copy the changes.".to_string(),
                Role::Replica => "Each keeps a copy of its primary that answers reads and can take its place if it fails.".to_string(),
                Role::Standalone => "Each stores its service's data and answers the application's queries.".to_string(),
            },
            Kind::Component(C::Service) => "Each provides a function that the design relies on.".to_string(),
            Kind::Component(C::Monitoring) if m.host_of(id).is_some() => {
                let to: Vec<_> = self.targets(id).into_iter().filter(|&t| self.is(t, C::Monitoring)).collect();
                let mut t = format!("Each collects the {} of its server and of what runs on it", self.collects(id));
                if !to.is_empty() {
                    let _ = write!(t, ", and sends them to {}", self.names(&to));
                }
                t.push('.');
                t
            }
            _ => self.default_why(id),
        }
    }

    /// The "Elements" section: at `--detail full`, every element in a row of its own, with
    /// its other attributes when any element has some; below, [`Self::elements_table`].
    pub(super) fn elements(&self) -> Blocks {
        if !self.full {
            return self.elements_table();
        }
        let m = self.m;
        let extras = m.ids().any(|i| !m.element(i).attrs.extra.is_empty());
        let mut out = Blocks::default();
        out.heading(2, "Elements");
        out.paragraph(
            "Every element of the design, in the order it is written. *Why* quotes the design; where the design gives no reason, archc writes a default one for the kind, marked *(default explanation)*.",
        );
        let mut whys: Vec<(String, ElementId)> = Vec::new();
        let mut head = vec!["Element", "Kind", "Software", "Host", "Address", "Why"];
        if extras {
            head.push("Other attributes");
        }
        let mut table = Table::new(&head);
        for id in m.ids() {
            let e = m.element(id);
            let mut kind = self.kind_noun(id).to_string();
            if self.is(id, C::Database) {
                let _ = write!(kind, " ({})", m.role(id).as_str());
            }
            if self.is(id, C::Monitoring) {
                kind.push_str(if self.is_agent(id) {
                    " agent"
                } else {
                    " service"
                });
            }
            if self.m.managed(id) {
                kind.push_str(", managed");
            }
            let software = e
                .attrs
                .software
                .as_deref()
                .map(escape)
                .unwrap_or_else(|| "—".into());
            let host = match e.kind {
                Kind::Component(_) => m.host_of(id).map(|h| self.name(h)),
                Kind::Container(_) => e.parent.map(|p| format!("in {}", self.name(p))),
            }
            .unwrap_or_else(|| "—".into());
            let host_ip = m.host_of(id).and_then(|h| m.element(h).attrs.ip.as_deref());
            let address = address_cell(&e.attrs, host_ip);
            let mut row = vec![
                self.name(id),
                kind,
                software,
                host,
                address,
                match &e.attrs.why {
                    Some(w) => quote(w),
                    None => self.said_once(&mut whys, self.default_why(id), id),
                },
            ];
            if extras {
                let x: Vec<String> = e
                    .attrs
                    .extra
                    .iter()
                    .map(|(k, v)| format!("{} = {}", code_cell(k), escape(v)))
                    .collect();
                row.push(if x.is_empty() {
                    "—".to_string()
                } else {
                    x.join("; ")
                });
            }
            table.rows.push(row);
        }
        out.table(table);
        out
    }
}
