//! The "Load balancing" part of "How it works": each load balancer's algorithm, backends,
//! health checks and setup (load balancers configured alike said together).

use std::fmt::Write as _;

use super::tree::Blocks;
use super::{code, escape, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ContainerKind, ElementId, Setup, Tls};
use crate::render::english::{agree, capitalize, join_and};

impl Doc<'_> {
    /// Records that load balancers `names` (`n` of them, like `lb`) use their backends
    /// active-active because the design gives no `setup`.
    pub(super) fn assume_active_active(&self, lb: ElementId, names: &str, n: usize) {
        self.assume(format!(
            "{names} {} active-active towards {} backends: the design gives no `setup`, and {}.",
            agree(n, "is", "are"),
            if n == 1 { "its" } else { "their" },
            if self.is_haproxy(lb) {
                "HAProxy sends to every server not marked `backup`"
            } else {
                "a load balancer sends to every backend it is given"
            }
        ));
    }

    /// Whether a load balancer is HAProxy: its `software`, else its label, says so, or
    /// neither names any software.
    pub(super) fn is_haproxy(&self, lb: ElementId) -> bool {
        let e = self.m.element(lb);
        match e.attrs.software.as_deref() {
            Some(s) => s.to_ascii_lowercase().contains("haproxy"),
            None => {
                let l = e.label.to_ascii_lowercase();
                l.contains("haproxy")
                    || ![
                        "elb", "alb", "nlb", "cloud", "kube", "nginx", "envoy", "traefik",
                        "gateway",
                    ]
                    .iter()
                    .any(|w| l.contains(w))
            }
        }
    }

    /// The load balancers `lbs` in groups configured alike (algorithm, setup, TLS,
    /// certificate, backends, cluster and, in the full document, reason), in source order:
    /// one section or table row per group.
    pub(super) fn balancer_groups(&self, lbs: &[ElementId]) -> Vec<Vec<ElementId>> {
        let m = self.m;
        let key = |x: ElementId| {
            let a = &m.element(x).attrs;
            (
                a.algorithm,
                a.setup,
                m.tls(x),
                a.certificate.clone(),
                self.backends(x),
                m.enclosing(x, ContainerKind::Cluster),
                // Below `--detail full` the reason is in the elements table only.
                a.why.clone().filter(|_| self.full),
            )
        };
        let mut groups: Vec<Vec<ElementId>> = Vec::new();
        for &lb in lbs {
            match groups.iter_mut().find(|g| key(g[0]) == key(lb)) {
                Some(g) => g.push(lb),
                None => groups.push(vec![lb]),
            }
        }
        groups
    }

    /// The "Load balancing" part: for each group of load balancers configured alike, its
    /// algorithm, setup, redundancy and TLS; a table in a summarised document.
    pub(super) fn load_balancing(&self) -> Blocks {
        let m = self.m;
        let lbs: Vec<_> = m.components_of(C::LoadBalancer).collect();
        if lbs.is_empty() {
            return Blocks::default();
        }
        if self.summarised {
            return self.load_balancing_table(&lbs);
        }
        let mut out = Blocks::default();
        out.heading(3, "Load balancing");
        if self.full {
            out.paragraph(knowledge::component(C::LoadBalancer).what);
        }
        // Load balancers configured alike are described together.
        let groups = self.balancer_groups(&lbs);
        let mut setups_used = Vec::new();
        let mut explained = Vec::new();
        for group in &groups {
            let lb = group[0];
            let e = m.element(lb);
            let heading = join_and(&group.iter().map(|&x| self.name_on(x)).collect::<Vec<_>>());
            out.heading(4, heading);
            let backends = self.backends(lb);
            let both = group.len() > 1;
            // The subject of the setup's sentence: "It", or the balancers themselves in the
            // shorter documents, where one sentence may stand for several groups. The verb
            // agrees with a plural subject only: "`a` and `b` each send", "Each sends".
            let names = self.names(group);
            let (it, plural) = match (self.full, both) {
                (true, false) => ("It".to_string(), false),
                (true, true) => ("Each".to_string(), false),
                (false, false) => (capitalize(&names), false),
                (false, true) => (format!("{} each", capitalize(&names)), true),
            };
            let several = both;
            let both = plural;
            // Algorithm.
            let alg = match e.attrs.algorithm {
                Some(a) => a,
                None => {
                    self.assume(format!(
                        "{} uses `roundrobin`: the design gives no `algorithm`, and round robin is {} default.",
                        join_and(&group.iter().map(|&x| self.name(x)).collect::<Vec<_>>()),
                        if self.is_haproxy(lb) { "HAProxy's" } else { "the usual" }
                    ));
                    knowledge::DEFAULT_ALGORITHM
                }
            };
            let info = knowledge::algorithm(alg);
            let mut alg_line = if !self.full {
                format!(
                    "**Algorithm: {}** ({}; [how it works](#{})).",
                    code(info.name),
                    info.short,
                    info.name
                )
            } else if explained.contains(&alg) {
                format!(
                    "**Algorithm: {}** ({}), described above.",
                    code(info.name),
                    info.short
                )
            } else {
                explained.push(alg);
                format!(
                    "**Algorithm: {}** ({}). {}",
                    code(info.name),
                    info.short,
                    info.how
                )
            };
            match backends.len() {
                0 => alg_line.push_str(" Here it has no backend in the design: add links to the servers it forwards to."),
                1 => {
                    let _ = write!(
                        alg_line,
                        " Here it has a single backend, {}, so every request goes there: the algorithm will matter once a second backend is added.",
                        self.name_on(backends[0])
                    );
                }
                _ if e.attrs.setup == Some(Setup::ActivePassive) => {
                    let _ = write!(
                        alg_line,
                        " Here, being active-passive, it sends every request to {} while it is up: the algorithm chooses only among the servers that are active at the moment.",
                        self.name_on(backends[0])
                    );
                }
                n => {
                    let names: Vec<_> = backends.iter().map(|&b| self.name_on(b)).collect();
                    let _ = write!(alg_line, " Here it spreads the requests over {}", join_and(&names));
                    match alg {
                        crate::model::Algorithm::RoundRobin | crate::model::Algorithm::StaticRr if n == 2 && !self.full => {
                            alg_line = alg_line.replace(&format!(" Here it spreads the requests over {}", join_and(&names)), "");
                            let _ = write!(
                                alg_line,
                                " Here, with equal weights, requests alternate between {} and {}.",
                                code(&m.element(backends[0]).id),
                                code(&m.element(backends[1]).id)
                            );
                        }
                        crate::model::Algorithm::RoundRobin | crate::model::Algorithm::StaticRr if n == 2 => {
                            let _ = write!(
                                alg_line,
                                ": with equal weights, requests alternate between {} and {}.",
                                code(&m.element(backends[0]).id),
                                code(&m.element(backends[1]).id)
                            );
                        }
                        crate::model::Algorithm::RoundRobin | crate::model::Algorithm::StaticRr => {
                            alg_line.push_str(": with equal weights, each receives one request in turn.");
                        }
                        _ if info.sticky => alg_line.push_str(": the same key keeps reaching the same one while all of them are up."),
                        _ => alg_line.push('.'),
                    }
                }
            }
            if info.needs_http && m.tls(lb) == Tls::Passthrough {
                let _ = write!(
                    alg_line,
                    " But TLS passes through {}: it cannot read the requests, so {} cannot work here; choose `roundrobin`, `leastconn` or `source`, or terminate TLS.",
                    self.name(lb),
                    code(info.name)
                );
            }
            out.item(alg_line);
            // Setup.
            let setup = e.attrs.setup;
            match (setup, backends.len()) {
                (Some(s), _) => {
                    setups_used.extend(group.iter().map(|&x| (s, x)));
                    let what = match s {
                        Setup::ActiveActive => format!(
                            "{} send{} requests to {} at the same time: {}.",
                            it,
                            if both { "" } else { "s" },
                            match backends.len() {
                                0 => "all of its backends".to_string(),
                                1 => self.name(backends[0]),
                                2 => format!("both {}", self.names(&backends)),
                                _ => format!("all of {}", self.names(&backends)),
                            },
                            match backends.len() {
                                0 | 1 => "with fewer than two backends, there is nothing to share yet",
                                2 => "both serve, and each takes the other's share if it fails",
                                _ => "all serve, and the others take the share of one that fails",
                            }
                        ),
                        Setup::ActivePassive => match backends.split_first() {
                            Some((active, rest)) if !rest.is_empty() => format!(
                                "{} send{} every request to one backend, normally the first, {}, and keep{} {} in reserve for when it fails{}.",
                                it,
                                if both { "" } else { "s" },
                                self.name(*active),
                                if both { "" } else { "s" },
                                self.names(rest),
                                if self.is_haproxy(lb) { " (HAProxy's `backup` servers)" } else { "" }
                            ),
                            _ => format!(
                                "{} send{} every request to one backend and keep{} the others in reserve, but it has fewer than two backends here.",
                                it,
                                if both { "" } else { "s" },
                                if both { "" } else { "s" }
                            ),
                        },
                    };
                    out.item(format!(
                        "**Setup: {}** ({}). {what}{}",
                        code(s.as_str()),
                        knowledge::setup(s).short,
                        match (self.full || self.contrasted.replace(true), s) {
                            (true, _) => "",
                            (false, Setup::ActiveActive) => " In an active-passive setup, all but one would stand by, idle, until the active one fails ([the difference](#active-active-and-active-passive)).",
                            (false, Setup::ActivePassive) => " In an active-active setup, all of them would serve at once ([the difference](#active-active-and-active-passive)).",
                        }
                    ));
                }
                (None, n) if n >= 2 => {
                    setups_used.extend(group.iter().map(|&x| (Setup::ActiveActive, x)));
                    let names = join_and(&group.iter().map(|&x| self.name(x)).collect::<Vec<_>>());
                    self.assume_active_active(lb, &names, group.len());
                    out.item(format!(
                        "**Setup: active-active** (assumed). {it} send{} requests to {} at the same time.",
                        if both { "" } else { "s" },
                        if n == 2 { format!("both {}", self.names(&backends)) } else { format!("all of {}", self.names(&backends)) }
                    ));
                }
                (None, _) if !self.full && m.enclosing(lb, ContainerKind::Cluster).is_some() => {}
                (None, _) => {
                    out.item(format!(
                        "**Setup:** not given; with {}, every request goes to the same place, so active-active and active-passive do not differ yet.",
                        if backends.is_empty() { "no backend".to_string() } else { format!("a single backend, {}", self.name(backends[0])) }
                    ));
                }
            }
            if let Some(c) = m.enclosing(lb, ContainerKind::Cluster) {
                out.item(format!(
                    "**Redundancy:** {} part of {}, described below, whose setup is {}.",
                    if several { "they are" } else { "it is" },
                    self.the_kind(c),
                    m.element(c)
                        .attrs
                        .setup
                        .map_or("not given".to_string(), |s| code(s.as_str()))
                ));
            }
            // TLS.
            let tls = m.tls(lb);
            let written = e.attrs.tls.is_some();
            if !written && tls == Tls::Terminate {
                self.assume(format!(
                    "{} {}: the design gives no `tls`, and {} encrypted traffic.",
                    join_and(&group.iter().map(|&x| self.name(x)).collect::<Vec<_>>()),
                    agree(group.len(), "terminates TLS", "terminate TLS"),
                    agree(group.len(), "it receives", "they receive")
                ));
            }
            let mut tls_line = format!(
                "**TLS: {}**{} ({}).",
                code(tls.as_str()),
                if written { "" } else { ", by default" },
                knowledge::tls(tls).short
            );
            if let Some(cert) = &e.attrs.certificate {
                match tls {
                    Tls::Terminate | Tls::Reencrypt => {
                        let _ =
                            write!(tls_line, " It serves the certificate for {}.", escape(cert));
                    }
                    Tls::Passthrough => {
                        let _ = write!(
                            tls_line,
                            " The design gives it the certificate for {}, but with passthrough it is the backends that present it.",
                            escape(cert)
                        );
                    }
                    Tls::None => {
                        let _ = write!(
                            tls_line,
                            " The design gives it the certificate for {}, but it handles no TLS, so the certificate is not used.",
                            escape(cert)
                        );
                    }
                }
            }
            out.item(tls_line);
            if self.full {
                out.item(format!("**Why:** {}", self.why(lb)));
            }
        }
        if !self.full {
            return out;
        }
        // The two setups, and which this design uses.
        let aa = knowledge::setup(Setup::ActiveActive);
        let ap = knowledge::setup(Setup::ActivePassive);
        out.heading(4, "Active-active and active-passive");
        out.paragraph(aa.detail);
        out.paragraph(ap.detail);
        let used: Vec<String> = Setup::ALL
            .iter()
            .filter_map(|&s| {
                let lbs: Vec<ElementId> = setups_used
                    .iter()
                    .filter(|(x, _)| *x == s)
                    .map(|(_, l)| *l)
                    .collect();
                (!lbs.is_empty()).then(|| {
                    format!(
                        "{} {} {} towards {} backends",
                        self.names(&lbs),
                        agree(lbs.len(), "is", "are"),
                        code(s.as_str()),
                        if lbs.len() == 1 { "its" } else { "their" }
                    )
                })
            })
            .collect();
        let clusters: Vec<String> = m
            .containers(ContainerKind::Cluster)
            .filter_map(|c| m.element(c).attrs.setup.map(|s| (c, s)))
            .map(|(c, s)| format!("{} is {}", self.the_kind(c), code(s.as_str())))
            .collect();
        if !used.is_empty() || !clusters.is_empty() {
            let mut parts = Vec::new();
            parts.extend(used);
            parts.extend(clusters);
            out.paragraph(format!("In this design, {}.", join_and(&parts)));
        }
        out
    }
}
