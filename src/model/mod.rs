//! The model stage: names resolved, attributes typed, containers nested, links expanded, and the
//! request graph built with petgraph.
//!
//! [`Model::build`] takes the AST and returns the model or every semantic error found. Elements
//! are stored in source order (a pre-order walk of the file), so iterating over them is
//! deterministic; [`ElementId`] indexes [`Model::elements`].

mod attrs;
mod build;
pub mod kinds;

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

pub use attrs::Attrs;
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
    /// The cluster named as source or target, if the link was written to a cluster.
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
    /// The request graph: one node per component (weight: its [`ElementId`]), one edge per link
    /// (weight: its [`LinkId`]). Node indices follow component order.
    pub graph: DiGraph<ElementId, LinkId>,
    nodes: Vec<Option<NodeIndex>>,
    by_name: BTreeMap<String, ElementId>,
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

    /// The trust of the place an element is in: clients and whatever is in no zone are
    /// untrusted; otherwise the innermost zone's `trust`.
    pub fn trust(&self, id: ElementId) -> Trust {
        if self.element(id).is(ComponentKind::Client) {
            return Trust::Untrusted;
        }
        match self.enclosing(id, ContainerKind::Zone) {
            Some(zone) => self.element(zone).attrs.trust.unwrap_or(Trust::Trusted),
            None => Trust::Untrusted,
        }
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

    /// Every component inside a container, at any depth, in source order.
    pub fn components_in(&self, container: ElementId) -> Vec<ElementId> {
        let mut out = Vec::new();
        let mut stack: Vec<ElementId> = self
            .element(container)
            .children
            .iter()
            .rev()
            .copied()
            .collect();
        while let Some(id) = stack.pop() {
            match self.element(id).kind {
                Kind::Component(_) => out.push(id),
                Kind::Container(_) => stack.extend(self.element(id).children.iter().rev()),
            }
        }
        out
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

    /// The database role of a component: its `role`, `replica` when it `replicates` something,
    /// `standalone` otherwise (and for non-databases).
    pub fn role(&self, id: ElementId) -> Role {
        let a = &self.element(id).attrs;
        a.role.unwrap_or(if a.replicates.is_some() {
            Role::Replica
        } else if self
            .ids()
            .any(|o| self.element(o).attrs.replicates == Some(id))
        {
            Role::Primary
        } else {
            Role::Standalone
        })
    }

    /// The replicas of a database, in source order.
    pub fn replicas_of(&self, primary: ElementId) -> Vec<ElementId> {
        self.ids()
            .filter(|&o| self.element(o).attrs.replicates == Some(primary))
            .collect()
    }
}

#[cfg(test)]
mod tests;
