//! The model stage: names resolved, attributes typed, containers nested, links expanded, and the
//! request graph built with petgraph.
//!
//! [`Model::build`] takes the AST and returns the model or every semantic error found. Elements
//! are stored in source order (a pre-order walk of the file), so iterating over them is
//! deterministic; [`ElementId`] indexes [`Model::elements`].

mod attrs;
mod build;
pub mod kinds;
pub mod naming;

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

pub use attrs::{accepted_keys, Attrs, Instances, FLOW_KEYS, LINK_KEYS, MAX_INSTANCES, MAX_LINKS};
pub use kinds::*;

use crate::diagnostic::Span;

/// The index of an element in [`Model::elements`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ElementId(pub usize);

/// The index of a link in [`Model::links`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LinkId(pub usize);

/// A component or a container.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// The identifier, unique in the file.
    pub id: String,
    /// The label: the quoted label, the `label` attribute, or the identifier.
    pub label: String,
    /// Component or container, and which.
    pub kind: Kind,
    /// The container it is declared in.
    pub parent: Option<ElementId>,
    /// The elements declared directly inside it, in source order.
    pub children: Vec<ElementId>,
    /// The identifier's span in the declaration.
    pub span: Span,
    /// The whole declaration.
    pub decl_span: Span,
    /// The typed attributes.
    pub attrs: Attrs,
}

impl Element {
    /// The component kind, if this is a component.
    pub fn component_kind(&self) -> Option<ComponentKind> {
        match self.kind {
            Kind::Component(k) => Some(k),
            Kind::Container(_) => None,
        }
    }

    /// The container kind, if this is a container.
    pub fn container_kind(&self) -> Option<ContainerKind> {
        match self.kind {
            Kind::Container(k) => Some(k),
            Kind::Component(_) => None,
        }
    }

    /// Whether this is a component of kind `kind`.
    pub fn is(&self, kind: ComponentKind) -> bool {
        self.kind == Kind::Component(kind)
    }
}

/// One link from one component to another, after fan-out lists, chains and cluster endpoints
/// have been expanded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// Requests, no requests (`~>`, telemetry), or replication.
    pub kind: LinkKind,
    /// `optional = true`: a dependency whose loss degrades the flow without stopping it.
    pub optional: bool,
    /// `flows = [...]`: the flows the link carries (`None`: every flow its `access` allows).
    pub flows: Option<Vec<FlowRef>>,
    /// The alternatives group, when the target was written as one of `a | b | ...`: links of
    /// one source with the same group are one dependency, served when any target serves.
    pub alternatives: Option<usize>,
    /// The component that sends requests.
    pub from: ElementId,
    /// The component that receives them.
    pub to: ElementId,
    /// The protocol word, if written.
    pub protocol: Option<String>,
    /// The label, if written.
    pub label: Option<String>,
    /// Whether the link is encrypted: an encrypted protocol or `encrypted = true`.
    pub encrypted: bool,
    /// The destination port, if written.
    pub port: Option<u32>,
    /// Reads, writes or both (meaningful into databases, caches and storage).
    pub access: Access,
    /// The whole link statement.
    pub span: Span,
    /// The container named as source or target, if the link was written to a cluster or a
    /// host rather than to a component.
    pub via: [Option<ElementId>; 2],
    /// Which link statement made it (0-based, in source order).
    pub statement: usize,
}

/// `allow RULE [on ID, ...] "REASON"`, resolved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Allow {
    /// The rule name as written.
    pub rule: String,
    /// The rule name's span.
    pub rule_span: Span,
    /// The elements named (empty: all).
    pub on: Vec<ElementId>,
    /// The reason.
    pub reason: String,
    /// The whole statement.
    pub span: Span,
}

/// `flow ID "LABEL" { access = ... }`: a named user journey (language draft 0.2, "Flows").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlowDecl {
    /// The identifier.
    pub id: String,
    /// The label (the identifier when none is written).
    pub label: String,
    /// Reads, writes or both (default `read-write`): a read journey is part of `reads`, a write
    /// journey part of `writes`.
    pub access: Access,
    /// `why`, when written.
    pub why: Option<String>,
    /// The identifier's span.
    pub span: Span,
}

/// A compiled design.
#[derive(Clone, Debug)]
pub struct Model {
    /// `title`, or the file's stem.
    pub title: String,
    /// `description`, Markdown.
    pub description: Option<String>,
    /// The diagram's main flow.
    pub direction: Direction,
    /// Every element, in source order.
    pub elements: Vec<Element>,
    /// Every link, in source order.
    pub links: Vec<Link>,
    /// Every `allow`, in source order.
    pub allows: Vec<Allow>,
    /// Every declared `flow`, in source order.
    pub flows: Vec<FlowDecl>,
    /// The request graph: one node per component (weight: its [`ElementId`]), one edge per link
    /// (weight: its [`LinkId`]). Node indices follow component order.
    pub graph: DiGraph<ElementId, LinkId>,
    nodes: Vec<Option<NodeIndex>>,
    by_name: BTreeMap<String, ElementId>,
    /// The replicas of each element, in source order (indexed by [`ElementId`]).
    replicas: Vec<Vec<ElementId>>,
}

impl Model {
    /// The element with this id.
    pub fn element(&self, id: ElementId) -> &Element {
        &self.elements[id.0]
    }

    /// Looks an element up by identifier.
    pub fn find(&self, name: &str) -> Option<ElementId> {
        self.by_name.get(name).copied()
    }

    /// Every element's id, in source order.
    pub fn ids(&self) -> impl Iterator<Item = ElementId> + '_ {
        (0..self.elements.len()).map(ElementId)
    }

    /// Every component, in source order.
    pub fn components(&self) -> impl Iterator<Item = ElementId> + '_ {
        self.ids()
            .filter(|&id| matches!(self.element(id).kind, Kind::Component(_)))
    }

    /// Every container of kind `kind`, in source order.
    pub fn containers(&self, kind: ContainerKind) -> impl Iterator<Item = ElementId> + '_ {
        self.ids()
            .filter(move |&id| self.element(id).kind == Kind::Container(kind))
    }

    /// Every component of kind `kind`, in source order.
    pub fn components_of(&self, kind: ComponentKind) -> impl Iterator<Item = ElementId> + '_ {
        self.ids().filter(move |&id| self.element(id).is(kind))
    }

    /// The graph node of a component (`None` for containers).
    pub fn node(&self, id: ElementId) -> Option<NodeIndex> {
        self.nodes[id.0]
    }

    /// The containers around an element, innermost first.
    pub fn ancestors(&self, id: ElementId) -> impl Iterator<Item = ElementId> + '_ {
        std::iter::successors(self.element(id).parent, |&p| self.element(p).parent)
    }

    /// The innermost container of kind `kind` around an element.
    pub fn enclosing(&self, id: ElementId, kind: ContainerKind) -> Option<ElementId> {
        self.ancestors(id)
            .find(|&a| self.element(a).kind == Kind::Container(kind))
    }

    /// The host an element is in.
    pub fn host_of(&self, id: ElementId) -> Option<ElementId> {
        self.enclosing(id, ContainerKind::Host)
    }

    /// The failure domain of a component: its host, or the component itself when it is in no
    /// host. Everything in one failure domain fails together.
    pub fn failure_domain(&self, id: ElementId) -> ElementId {
        self.host_of(id).unwrap_or(id)
    }

    /// The trust of the place an element is in: untrusted clients and whatever is in no trust
    /// zone are untrusted; a `trusted = true` client is trusted; otherwise the innermost trust
    /// zone's `trust` (default `trusted`). A failure-domain zone without `trust` is no trust
    /// zone.
    pub fn trust(&self, id: ElementId) -> Trust {
        if self.element(id).is(ComponentKind::Client) {
            return if self.element(id).attrs.trusted == Some(true) {
                Trust::Trusted
            } else {
                Trust::Untrusted
            };
        }
        match self
            .zones_of(id)
            .into_iter()
            .find(|&z| self.is_trust_zone(z))
        {
            Some(zone) => self.element(zone).attrs.trust.unwrap_or(Trust::Trusted),
            None => Trust::Untrusted,
        }
    }

    /// Whether a zone is a trust boundary: any zone but a `failure_domain = true` zone that
    /// sets no `trust`.
    pub fn is_trust_zone(&self, zone: ElementId) -> bool {
        let a = &self.element(zone).attrs;
        a.failure_domain != Some(true) || a.trust.is_some()
    }

    /// Whether a zone is a failure domain (`failure_domain = true`).
    pub fn is_failure_zone(&self, zone: ElementId) -> bool {
        self.element(zone).attrs.failure_domain == Some(true)
    }

    /// The zones an element is in, innermost first: those that enclose it, and those that it,
    /// or a container around it, joins with `zone = ID` (with every zone around those).
    pub fn zones_of(&self, id: ElementId) -> Vec<ElementId> {
        zones_around(&self.elements, id)
    }

    /// The failure-domain zones an element is in, innermost first.
    pub fn failure_zones_of(&self, id: ElementId) -> Vec<ElementId> {
        self.zones_of(id)
            .into_iter()
            .filter(|&z| self.is_failure_zone(z))
            .collect()
    }

    /// How many copies an element stands for (`instances`, the range's minimum; 1 when not
    /// written).
    pub fn instances(&self, id: ElementId) -> u32 {
        self.element(id).attrs.instances.map_or(1, |i| i.min)
    }

    /// Whether an element is run by a provider with its own redundancy (`managed`; `dns` and
    /// `cdn` default to true).
    pub fn managed(&self, id: ElementId) -> bool {
        let e = self.element(id);
        e.attrs.managed.unwrap_or(matches!(
            e.kind,
            Kind::Component(ComponentKind::Dns | ComponentKind::Cdn)
        ))
    }

    /// Every element inside a container, at any depth, in source order (a pre-order walk).
    pub fn descendants(&self, container: ElementId) -> Vec<ElementId> {
        let mut out = Vec::new();
        let mut stack: Vec<ElementId> = self
            .element(container)
            .children
            .iter()
            .rev()
            .copied()
            .collect();
        while let Some(id) = stack.pop() {
            out.push(id);
            stack.extend(self.element(id).children.iter().rev());
        }
        out
    }

    /// Every component inside a container, at any depth, in source order.
    pub fn components_in(&self, container: ElementId) -> Vec<ElementId> {
        self.descendants(container)
            .into_iter()
            .filter(|&id| matches!(self.element(id).kind, Kind::Component(_)))
            .collect()
    }

    /// The units of a cluster: its hosts when it is a cluster of servers (each host one replica
    /// of the stack, language draft 0.2), otherwise its members.
    pub fn cluster_units(&self, cluster: ElementId) -> Vec<ElementId> {
        if self.is_server_cluster(cluster) {
            self.hosts_in(cluster)
        } else {
            self.cluster_members(cluster)
        }
    }

    /// Whether a cluster is a cluster of servers: it holds hosts, and its members are not all
    /// of one kind (each host runs the same kinds).
    pub fn is_server_cluster(&self, cluster: ElementId) -> bool {
        if self.element(cluster).kind != Kind::Container(ContainerKind::Cluster)
            || self.host_of(cluster).is_some()
        {
            return false;
        }
        let members = self.cluster_members(cluster);
        let Some(&first) = members.first() else {
            return false;
        };
        let kind = self.element(first).kind;
        !self.hosts_in(cluster).is_empty() && members.iter().any(|&m| self.element(m).kind != kind)
    }

    /// The hosts inside a container, at any depth, in source order.
    pub fn hosts_in(&self, container: ElementId) -> Vec<ElementId> {
        self.descendants(container)
            .into_iter()
            .filter(|&id| self.element(id).kind == Kind::Container(ContainerKind::Host))
            .collect()
    }

    /// The members of a cluster: the components inside it, firewalls and monitoring agents
    /// aside.
    pub fn cluster_members(&self, cluster: ElementId) -> Vec<ElementId> {
        self.components_in(cluster)
            .into_iter()
            .filter(|&c| {
                !matches!(
                    self.element(c).component_kind(),
                    Some(ComponentKind::Firewall | ComponentKind::Monitoring)
                )
            })
            .collect()
    }

    /// The TLS mode of a load balancer or web server: its `tls`, or `terminate` when it receives
    /// an encrypted link and `none` otherwise.
    pub fn tls(&self, id: ElementId) -> Tls {
        if let Some(t) = self.element(id).attrs.tls {
            return t;
        }
        if self.incoming(id).any(|l| self.links[l.0].encrypted) {
            Tls::Terminate
        } else {
            Tls::None
        }
    }

    /// The links into a component, in source order.
    pub fn incoming(&self, id: ElementId) -> impl Iterator<Item = LinkId> + '_ {
        self.edges(id, petgraph::Direction::Incoming)
    }

    /// The links out of a component, in source order.
    pub fn outgoing(&self, id: ElementId) -> impl Iterator<Item = LinkId> + '_ {
        self.edges(id, petgraph::Direction::Outgoing)
    }

    fn edges(&self, id: ElementId, dir: petgraph::Direction) -> std::vec::IntoIter<LinkId> {
        let mut links: Vec<LinkId> = match self.node(id) {
            Some(n) => self
                .graph
                .edges_directed(n, dir)
                .map(|e| *petgraph::visit::EdgeRef::weight(&e))
                .collect(),
            None => Vec::new(),
        };
        links.sort();
        links.into_iter()
    }

    /// The link with this id.
    pub fn link(&self, id: LinkId) -> &Link {
        &self.links[id.0]
    }

    /// The role of a stateful component (database, cache, queue, storage): its `role`,
    /// `replica` when it `replicates` something, `primary` when something replicates it,
    /// `standalone` otherwise (and for every other kind).
    pub fn role(&self, id: ElementId) -> Role {
        let a = &self.element(id).attrs;
        a.role.unwrap_or(if a.replicates.is_some() {
            Role::Replica
        } else if !self.replicas[id.0].is_empty() {
            Role::Primary
        } else {
            Role::Standalone
        })
    }

    /// The primary at the root of a component's replica set (the component itself when it
    /// replicates nothing). `replicates` chains are followed; a cycle stops at the first
    /// repeat.
    pub fn replica_root(&self, id: ElementId) -> ElementId {
        let mut at = id;
        let mut steps = 0;
        while let Some(p) = self.element(at).attrs.replicates {
            at = p;
            steps += 1;
            if at == id || steps > self.elements.len() {
                break;
            }
        }
        at
    }

    /// The replicas of a stateful component, in source order.
    pub fn replicas_of(&self, primary: ElementId) -> Vec<ElementId> {
        self.replicas[primary.0].clone()
    }
}

/// The zones around element `id` of `elements`, innermost first: those that enclose it and
/// those that it, or a container around it, joins with `zone = ID`, transitively. Shared by the
/// model and its builder (which asks before the model exists).
pub(crate) fn zones_around(elements: &[Element], id: ElementId) -> Vec<ElementId> {
    let mut out: Vec<ElementId> = Vec::new();
    let mut stack = vec![id];
    let mut steps = 0;
    while let Some(at) = stack.pop() {
        // Each element is pushed at most once per parent and joined zone: a bound, not a case.
        steps += 1;
        if steps > 4 * elements.len() + 4 {
            break;
        }
        let e = &elements[at.0];
        if at != id && e.kind == Kind::Container(ContainerKind::Zone) && !out.contains(&at) {
            out.push(at);
        }
        // The parent is visited after the joined zone (innermost first).
        if let Some(p) = e.parent {
            stack.push(p);
        }
        if let Some(z) = e.attrs.zone {
            stack.push(z);
        }
    }
    out
}

#[cfg(test)]
mod tests;
