//! The analysis stage: the review of a design for failure, security and operations gaps, and
//! its availability.
//!
//! [`review`] runs every rule of the registry over a [`Model`] and returns a [`Review`]:
//! findings ordered by severity then source position, the findings silenced by `allow`, and
//! warnings about the `allow`s themselves, the availability of reads and writes, and the
//! assumptions the review made.
//!
//! The rules live one per file under [`rules`]; [`rules()`] lists them. The failure reasoning
//! they share (flows, failure domains, exact cuts) is in [`flow`]; [`availability`] turns it into
//! figures, and [`what_if`] replays it with elements taken down.

pub mod availability;
pub mod bdd;
pub mod flow;
pub mod rules;
mod what_if;

use std::collections::BTreeSet;

use serde::Serialize;

pub use availability::Availability;
pub use rules::{rules, rules_markdown, Group, RuleInfo};
pub use what_if::{what_if, FlowChange, Outcome, WhatIf};

use crate::diagnostic::{closest, Diagnostic, DiagnosticKind, Span};
use crate::model::{ComponentKind, ContainerKind, ElementId, Kind, Model, Role};
use flow::{Cuts, Domains, Eval, Facts, FlowGraph, FlowId, Pair};

/// How much a finding matters, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Requests stop being served, or data is exposed.
    Critical,
    /// Writes stop, or traffic is open to attack.
    High,
    /// A weakness that will hurt in operation.
    Medium,
    /// Worth knowing; rarely urgent.
    Low,
    /// Information.
    Info,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The name used in output and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    /// Parses a severity name.
    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// One finding of the review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The stable rule name (`docs/rules.md`), e.g. `single-point-of-failure`.
    pub rule: &'static str,
    /// The severity.
    pub severity: Severity,
    /// The elements the finding is about, the failure domain first.
    pub elements: Vec<ElementId>,
    /// One or two sentences with the design's own names.
    pub message: String,
    /// The declaration of the first element (where the finding points).
    pub span: Span,
}

impl Finding {
    /// The stable finding id `rule@element` (the first element's identifier).
    pub fn id(&self, model: &Model) -> String {
        match self.elements.first() {
            Some(&e) => format!("{}@{}", self.rule, model.element(e).id),
            None => self.rule.to_string(),
        }
    }

    /// The message with each of the finding's own identifiers (in their code spans) blanked
    /// to `` `_` ``: two findings of one rule with the same shape say the same thing of
    /// different elements, and the write-up and the diff say it once.
    pub fn shape(&self, model: &Model) -> String {
        let mut ids: Vec<&str> = self
            .elements
            .iter()
            .map(|&e| model.element(e).id.as_str())
            .collect();
        // Longest first, so that `web-1` does not eat into `web-10`.
        ids.sort_by_key(|i| std::cmp::Reverse(i.len()));
        let mut text = self.message.clone();
        for id in ids {
            text = text.replace(&format!("`{id}`"), "`_`");
        }
        text
    }
}

/// A finding silenced by an `allow`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Allowed {
    /// The finding.
    pub finding: Finding,
    /// The reason given in the `allow`.
    pub reason: String,
}

/// The result of a review.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Review {
    /// Findings, most severe first, then in source order.
    pub findings: Vec<Finding>,
    /// Findings silenced by `allow`, in the same order.
    pub allowed: Vec<Allowed>,
    /// Warnings about the design (e.g. an `allow` that matches nothing, code `W0301`).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// The availability of every flow (`None` only when not computed).
    pub availability: Option<Availability>,
    /// What the review assumed, in sentences with the design's names (managed services never
    /// fail, reads may go to a primary, defaults used, caps, …): the one list that every
    /// output prints.
    pub assumptions: Vec<String>,
    /// The flows the design has, with the clients (or consumers) that start each.
    pub flows: Vec<FlowSummary>,
}

/// A flow of the design, for the outputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlowSummary {
    /// The flow.
    pub flow: FlowId,
    /// Its name: `reads`, `writes`, `background` or the declared identifier.
    pub name: String,
    /// Whether it is served with nothing failed.
    pub served: bool,
    /// The clients or consumers that start it, in source order.
    pub starts: Vec<ElementId>,
    /// The components the flow passes through while nothing has failed (every component that
    /// serves it and that a serving start depends on), in source order: the flow's paths.
    pub components: Vec<ElementId>,
}

/// The analysis of one flow: its structure function, serving state and single points of
/// failure.
#[derive(Clone, Debug)]
pub struct FlowAnalysis {
    /// The flow.
    pub flow: FlowId,
    /// Whether the design has the flow: some client (or consumer) starts it, and, for
    /// `writes`, its writes reach a component that keeps state.
    pub exists: bool,
    /// The structure function.
    pub graph: FlowGraph,
    /// Its serving state with the what-if's elements down.
    pub eval: Eval,
    /// Its single points of failure.
    pub cuts: Cuts,
    /// The nodes taken down by the what-if (components taken down on their own).
    pub down_nodes: Vec<usize>,
}

/// Everything a rule's `check` can look at: the model, its failure domains, and every flow's
/// structure function and cuts, computed once.
#[derive(Debug)]
pub struct Context<'m> {
    /// The design.
    pub model: &'m Model,
    /// Per-component facts for the flows.
    pub facts: Facts,
    /// The failure domains.
    pub domains: Domains,
    /// The components taken down (what-if), indexed by [`ElementId`].
    pub down: Vec<bool>,
    /// The failure domains taken down (what-if), indexed like [`Domains::list`].
    pub down_domains: Vec<bool>,
    /// Every flow, in report order (reads, writes, background, declared flows).
    pub flows: Vec<FlowAnalysis>,
    /// Double points of failure (minimal cut sets of order two), in domain order.
    pub pairs: Vec<Pair>,
    /// Whether the pair search ran to its end.
    pub pairs_complete: bool,
}

impl<'m> Context<'m> {
    /// Analyses `model` with the elements in `failed` down: a component (every copy), a host
    /// or a failure-domain zone (the domain), or any other container (every component in it).
    pub fn new(model: &'m Model, failed: &[ElementId]) -> Context<'m> {
        let facts = Facts::new(model);
        let domains = Domains::new(model);
        let mut down = vec![false; model.elements.len()];
        let mut down_domains = vec![false; domains.list.len()];
        for &f in failed {
            let own = domains.of_element(f);
            if !own.is_empty() {
                for d in own {
                    down_domains[d] = true;
                }
                continue;
            }
            match model.element(f).kind {
                Kind::Component(_) => down[f.0] = true,
                Kind::Container(_) => {
                    for c in model.components_in(f) {
                        down[c.0] = true;
                    }
                }
            }
        }
        let mut flows: Vec<FlowAnalysis> = FlowId::all(model)
            .into_iter()
            .map(|flow| {
                let graph = FlowGraph::build(model, &facts, &domains, flow);
                let down_nodes: Vec<usize> = (0..graph.len())
                    .filter(|&v| graph.nodes[v].component.is_some_and(|(c, _)| down[c.0]))
                    .collect();
                let mut eval = Eval::new(&graph, &down_domains, &down_nodes);
                let exists = !graph.is_empty()
                    && (flow != FlowId::Writes
                        || graph.nodes.iter().any(|n| {
                            n.component.is_some_and(|(c, _)| {
                                model
                                    .element(c)
                                    .component_kind()
                                    .is_some_and(ComponentKind::is_stateful)
                            })
                        }));
                let cuts = if exists {
                    flow::cuts(&graph, &domains, &mut eval)
                } else {
                    Cuts::default()
                };
                FlowAnalysis {
                    flow,
                    exists,
                    graph,
                    eval,
                    cuts,
                    down_nodes,
                }
            })
            .collect();
        let mut views: Vec<(&FlowGraph, &Cuts, &mut Eval)> = flows
            .iter_mut()
            .filter(|f| f.exists)
            .map(|f| (&f.graph, &f.cuts, &mut f.eval))
            .collect();
        let (pairs, pairs_complete) = flow::pairs(&mut views, &domains);
        Context {
            model,
            facts,
            domains,
            down,
            down_domains,
            flows,
            pairs,
            pairs_complete,
        }
    }

    /// The analysis of one flow, when the design has it.
    pub fn flow(&self, flow: FlowId) -> Option<&FlowAnalysis> {
        self.flows.iter().find(|f| f.flow == flow && f.exists)
    }

    /// The flows the design has, in report order.
    pub fn existing(&self) -> impl Iterator<Item = &FlowAnalysis> {
        self.flows.iter().filter(|f| f.exists)
    }

    /// Whether the design has a database (otherwise it accepts no writes to lose).
    pub fn has_database(&self) -> bool {
        self.model
            .components_of(ComponentKind::Database)
            .next()
            .is_some()
    }

    /// Whether a component is down in this what-if.
    pub fn is_down(&self, c: ElementId) -> bool {
        self.down[c.0]
    }
}

/// "the host `web-01`", "the load balancer `lb`": an element named for a sentence.
pub fn describe(model: &Model, id: ElementId) -> String {
    let e = model.element(id);
    let what = match e.kind {
        Kind::Component(k) => match k {
            ComponentKind::Client => "the client",
            ComponentKind::Dns => "the DNS service",
            ComponentKind::Cdn => "the CDN",
            ComponentKind::Firewall => "the firewall",
            ComponentKind::LoadBalancer => "the load balancer",
            ComponentKind::WebServer => "the web server",
            ComponentKind::AppServer => "the application server",
            ComponentKind::Codebase => "the application files",
            ComponentKind::Database => "the database",
            ComponentKind::Cache => "the cache",
            ComponentKind::Queue => "the queue",
            ComponentKind::Storage => "the storage",
            ComponentKind::Monitoring => "the monitoring",
            ComponentKind::Service => "the service",
        },
        Kind::Container(ContainerKind::Host) => "the host",
        Kind::Container(ContainerKind::Zone) => "the zone",
        Kind::Container(ContainerKind::Cluster) => "the cluster",
        Kind::Container(ContainerKind::Group) => "the group",
    };
    format!("{what} `{}`", e.id)
}

/// Identifiers as a list for a sentence: "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub fn name_list(model: &Model, ids: &[ElementId]) -> String {
    let names: Vec<String> = ids
        .iter()
        .map(|&i| format!("`{}`", model.element(i).id))
        .collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// A finding pointing at the declaration of its first element.
pub fn finding(
    model: &Model,
    rule: &'static str,
    severity: Severity,
    elements: Vec<ElementId>,
    message: String,
) -> Finding {
    let span = elements
        .first()
        .map(|&e| model.element(e).span)
        .unwrap_or_default();
    let mut chars = message.chars();
    let message = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => message,
    };
    Finding {
        rule,
        severity,
        elements,
        message,
        span,
    }
}

/// Reviews a design: runs every rule, applies the `allow`s, computes availability and states
/// the assumptions.
///
/// Findings are sorted by severity, then by the source position of their first element, then
/// by rule name; a finding with the same rule and elements as another is dropped.
pub fn review(model: &Model) -> Review {
    let cx = Context::new(model, &[]);
    let findings = run_rules(&cx);
    let (findings, allowed, warnings) = apply_allows(model, findings);
    let availability = availability::compute(&cx);
    let assumptions = assumptions(&cx);
    let flows = cx
        .existing()
        .map(|f| {
            let mut starts: Vec<ElementId> = f.graph.starts.iter().flatten().copied().collect();
            starts.sort();
            starts.dedup();
            FlowSummary {
                flow: f.flow,
                name: f.flow.name(model),
                served: f.cuts.works,
                starts,
                components: f.eval.used_components(&f.graph),
            }
        })
        .collect();
    Review {
        findings,
        allowed,
        warnings,
        availability: Some(availability),
        assumptions,
        flows,
    }
}

/// Runs every rule of the registry over a context and sorts and deduplicates the findings.
pub(crate) fn run_rules(cx: &Context) -> Vec<Finding> {
    let mut out: Vec<Finding> = rules::checks().iter().flat_map(|check| check(cx)).collect();
    out.sort_by(|a, b| {
        (a.severity, a.span.start, a.rule, &a.elements).cmp(&(
            b.severity,
            b.span.start,
            b.rule,
            &b.elements,
        ))
    });
    let mut seen: BTreeSet<(&'static str, Vec<ElementId>)> = BTreeSet::new();
    out.retain(|f| seen.insert((f.rule, f.elements.clone())));
    out
}

/// Splits findings into kept and allowed, and warns (`W0301`) about every `allow` whose rule is
/// unknown or that matches no finding.
///
/// An `allow` matches a finding of its rule when it names no element, or when one of the
/// finding's elements is named or lies inside a named container.
pub(crate) fn apply_allows(
    model: &Model,
    findings: Vec<Finding>,
) -> (Vec<Finding>, Vec<Allowed>, Vec<Diagnostic>) {
    let mut used = vec![false; model.allows.len()];
    let mut kept = Vec::new();
    let mut allowed = Vec::new();
    for f in findings {
        let hit = model.allows.iter().position(|a| {
            a.rule == f.rule
                && (a.on.is_empty()
                    || f.elements.iter().any(|&e| {
                        a.on.contains(&e) || model.ancestors(e).any(|p| a.on.contains(&p))
                    }))
        });
        match hit {
            Some(i) => {
                used[i] = true;
                allowed.push(Allowed {
                    finding: f,
                    reason: model.allows[i].reason.clone(),
                });
            }
            None => kept.push(f),
        }
    }
    let names: Vec<&str> = rules().iter().map(|r| r.name).collect();
    let mut warnings = Vec::new();
    for (a, used) in model.allows.iter().zip(used) {
        if !names.contains(&a.rule.as_str()) {
            warnings.push(
                Diagnostic::new(DiagnosticKind::UnknownRule {
                    rule: a.rule.clone(),
                    suggestion: closest(&a.rule, names.iter().copied()).map(str::to_string),
                    rules: names.clone(),
                })
                .at(a.rule_span),
            );
        } else if !used {
            let on = a.on.iter().map(|&i| model.element(i).id.clone()).collect();
            warnings.push(
                Diagnostic::new(DiagnosticKind::UnusedAllow {
                    rule: a.rule.clone(),
                    on,
                })
                .at(a.span),
            );
        }
    }
    (kept, allowed, warnings)
}

/// The assumptions of the review, in sentences.
fn assumptions(cx: &Context) -> Vec<String> {
    let model = cx.model;
    let mut out = Vec::new();
    let managed: Vec<ElementId> = model
        .ids()
        .filter(|&e| {
            model.managed(e)
                && !matches!(model.element(e).parent, Some(p) if model.managed(p))
                && !model.element(e).is(ComponentKind::Client)
        })
        .collect();
    if !managed.is_empty() {
        out.push(format!(
            "Managed services ({}) are assumed redundant: their provider keeps them running, so they are never reported as single points of failure.",
            name_list(model, &managed)
        ));
    }
    let zones: Vec<ElementId> = model
        .containers(ContainerKind::Zone)
        .filter(|&z| model.is_failure_zone(z))
        .collect();
    if zones.is_empty() {
        out.push("Clients stand for the users and never fail; every host fails as a whole, and every component outside hosts fails on its own.".to_string());
    } else {
        out.push(format!(
            "Clients stand for the users and never fail; every host fails as a whole, every component outside hosts fails on its own, and each failure-domain zone ({}) fails with everything in it.",
            name_list(model, &zones)
        ));
    }
    let instanced: Vec<ElementId> = model
        .ids()
        .filter(|&e| {
            model
                .element(e)
                .attrs
                .instances
                .is_some_and(|i| i.min != i.max)
        })
        .collect();
    if !instanced.is_empty() {
        let parts: Vec<String> = instanced
            .iter()
            .map(|&e| {
                let i = model.element(e).attrs.instances.expect("filtered");
                format!("`{}` with {} of {}", model.element(e).id, i.min, i.text())
            })
            .collect();
        out.push(format!(
            "Auto-scaling groups are reviewed at their minimum size: {}.",
            english_list(&parts)
        ));
    }
    let primaries: Vec<ElementId> = model
        .components()
        .filter(|&d| {
            model
                .element(d)
                .component_kind()
                .is_some_and(ComponentKind::is_stateful)
                && model.role(d) == Role::Primary
                && !model.replicas_of(d).is_empty()
        })
        .collect();
    if !primaries.is_empty() {
        out.push(format!(
            "Reads may go to a primary as well as to its replicas: when the replicas are gone, a component linked to {} reads from it.",
            name_list(model, &primaries)
        ));
    }
    let optional = model.links.iter().any(|l| l.optional);
    if optional {
        out.push("Optional dependencies (`optional = true`) never stop a flow: their loss is reported as a degradation.".to_string());
    }
    let defaulted: Vec<ElementId> = cx
        .domains
        .list
        .iter()
        .filter(|d| d.copy.is_none_or(|c| c == 0))
        .map(|d| d.element)
        .filter(|&e| {
            model.element(e).attrs.availability.is_none()
                && !model.managed(e)
                && cx.existing().any(|f| {
                    cx.domains
                        .of_element(e)
                        .iter()
                        .any(|d| f.graph.domain_nodes.contains_key(d))
                })
        })
        .collect();
    if !defaulted.is_empty() {
        out.push(format!(
            "Availability figures use default availabilities (a host 99.500%, a load balancer, firewall or storage outside hosts 99.900%, a failure-domain zone or managed element 99.990%, any other component 99.500%) for {}, which set no `availability`.",
            name_list(model, &defaulted)
        ));
    }
    if !model
        .components()
        .any(|c| model.element(c).is(ComponentKind::Client))
    {
        out.push("The design has no client: no flow starts, so nothing is served and no single point of failure is computed.".to_string());
    } else {
        match cx.flow(FlowId::Reads) {
            Some(f) if !f.cuts.works => out.push("The design does not serve reads: no client's reads reach a component that answers, so no single point of failure is computed for them.".to_string()),
            None => out.push("No client's links carry reads: the design has no reads flow.".to_string()),
            _ => {}
        }
        match cx.flow(FlowId::Writes) {
            None => out.push("No client's writes reach a component that keeps state (a database, cache, queue or storage): the design has no writes to lose.".to_string()),
            Some(f) if !f.cuts.works => out.push("The design does not accept writes: no client's writes reach a component that keeps state and accepts them, so no single point of failure is computed for them.".to_string()),
            _ => {}
        }
    }
    if !cx.pairs_complete {
        out.push(format!(
            "The search for double points of failure stopped early on this large design (after {} node visits): the pairs reported are exact, and others may exist.",
            flow::PAIR_WORK_BUDGET
        ));
    }
    out
}

/// Words as a list for a sentence: "a", "a and b", "a, b and c".
pub fn english_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}
