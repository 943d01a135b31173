//! The AND/OR graph of a flow's structure function over the failure domains, and its builder.

use super::*;
use std::collections::BTreeMap;

use crate::model::{
    Access, ComponentKind, ContainerKind, ElementId, FlowRef, Kind, Link, LinkKind, Model, Role,
};

/// A gate of the structure function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Serves when its domains are up and every child serves (a component, or the top).
    And,
    /// Serves when its domains are up and some child serves (a dependency group).
    Or,
}

/// One node of a [`FlowGraph`].
#[derive(Clone, Debug)]
pub struct Node {
    /// AND (a component copy, the top) or OR (a group).
    pub gate: Gate,
    /// The component and copy, for a component node.
    pub component: Option<(ElementId, u32)>,
    /// The failure domains that must be up (indices into [`Domains::list`]).
    pub domains: Vec<usize>,
    /// The children the gate needs.
    pub children: Vec<usize>,
    /// Optional children (AND nodes): their loss degrades, never stops.
    pub optional: Vec<usize>,
}

/// The top node of every [`FlowGraph`].
pub const TOP: usize = 0;

/// The structure function of one flow: an AND/OR graph over failure domains whose top node
/// serves exactly when the flow is served (see the module documentation).
#[derive(Clone, Debug)]
pub struct FlowGraph {
    /// The flow.
    pub flow: FlowId,
    /// The nodes; [`TOP`] is the top, an AND over the flow's starts.
    pub nodes: Vec<Node>,
    /// The parents that need each node (reverse of `children`).
    pub parents: Vec<Vec<usize>>,
    /// The starts: for each child of the top, the clients (or consumers) it stands for.
    pub starts: Vec<Vec<ElementId>>,
    /// The nodes of each failure domain.
    pub domain_nodes: BTreeMap<usize, Vec<usize>>,
}

/// Where a target copy is reached from: every copy, or the copy in the same host copy.
fn copies(model: &Model, c: ElementId) -> (u32, u32) {
    let own = model.instances(c);
    let host = model.host_of(c).map_or(1, |h| model.instances(h));
    (host, own)
}

impl FlowGraph {
    /// Whether the flow has no start: no client starts it (or no consumer, for
    /// `background`).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The nodes that have `v` as an optional child.
    pub fn parents_optional(&self, v: usize) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&p| self.nodes[p].optional.contains(&v))
            .collect()
    }

    /// Builds the structure function of `flow`.
    pub fn build(model: &Model, facts: &Facts, domains: &Domains, flow: FlowId) -> FlowGraph {
        let mut b = GraphBuilder {
            model,
            facts,
            domains,
            flow,
            g: FlowGraph {
                flow,
                nodes: vec![Node {
                    gate: Gate::And,
                    component: None,
                    domains: Vec::new(),
                    children: Vec::new(),
                    optional: Vec::new(),
                }],
                parents: vec![Vec::new()],
                starts: Vec::new(),
                domain_nodes: BTreeMap::new(),
            },
            index: BTreeMap::new(),
            gates: BTreeMap::new(),
            queue: Vec::new(),
        };
        b.starts();
        while let Some(v) = b.queue.pop() {
            b.expand(v);
        }
        let mut g = b.g;
        for (v, node) in g.nodes.iter().enumerate() {
            for &d in &node.domains {
                g.domain_nodes.entry(d).or_default().push(v);
            }
        }
        for v in 0..g.nodes.len() {
            for i in 0..g.nodes[v].children.len() {
                let c = g.nodes[v].children[i];
                g.parents[c].push(v);
            }
        }
        g
    }
}

struct GraphBuilder<'a> {
    model: &'a Model,
    facts: &'a Facts,
    domains: &'a Domains,
    flow: FlowId,
    g: FlowGraph,
    index: BTreeMap<(ElementId, u32), usize>,
    gates: BTreeMap<Vec<usize>, usize>,
    queue: Vec<usize>,
}

/// How the targets of a component's links group into dependencies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey {
    Dns,
    Alternatives(usize),
    ReplicaSet(ElementId),
    Backends,
    Cluster(ElementId),
    Target(ElementId),
}

impl GraphBuilder<'_> {
    fn new_node(&mut self, node: Node) -> usize {
        self.g.nodes.push(node);
        self.g.parents.push(Vec::new());
        self.g.nodes.len() - 1
    }

    /// The node of a component's copy, created (and queued) on first use.
    fn node(&mut self, c: ElementId, copy: u32) -> usize {
        if let Some(&v) = self.index.get(&(c, copy)) {
            return v;
        }
        let domains = self.domains_of(c, copy);
        let v = self.new_node(Node {
            gate: Gate::And,
            component: Some((c, copy)),
            domains,
            children: Vec::new(),
            optional: Vec::new(),
        });
        self.index.insert((c, copy), v);
        self.queue.push(v);
        v
    }

    /// The failure domains that hold a component's copy.
    fn domains_of(&self, c: ElementId, copy: u32) -> Vec<usize> {
        let m = self.model;
        if m.element(c).is(ComponentKind::Client) {
            return Vec::new();
        }
        let (_, own) = copies(m, c);
        let mut out = Vec::new();
        let (holder, holder_copy) = match m.host_of(c) {
            Some(h) => (h, copy / own.max(1)),
            None => (c, copy),
        };
        if let Some(d) = self.domains.get(holder, holder_copy) {
            out.push(d);
        }
        let mut zones = m.failure_zones_of(holder);
        let spread = &m.element(holder).attrs.zones;
        if !spread.is_empty() {
            let z = spread[holder_copy as usize % spread.len()];
            zones.push(z);
            zones.extend(m.failure_zones_of(z));
        }
        for z in zones {
            if let Some(d) = self.domains.get(z, 0) {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
        out
    }

    /// Every copy of a target, as reached from `(from, copy)`: the copies in the same host
    /// copy when both are in one host with `instances`, otherwise every copy.
    fn target_copies(&self, from: ElementId, copy: u32, to: ElementId) -> Vec<(ElementId, u32)> {
        let m = self.model;
        let (th, town) = copies(m, to);
        let same_host = m.host_of(to).is_some() && m.host_of(to) == m.host_of(from) && th > 1;
        if same_host {
            let (_, fown) = copies(m, from);
            let hc = copy / fown.max(1);
            (hc * town..(hc + 1) * town).map(|k| (to, k)).collect()
        } else {
            (0..th * town).map(|k| (to, k)).collect()
        }
    }

    fn starts(&mut self) {
        let m = self.model;
        let flow = self.flow;
        // Each start: the clients or consumers it stands for, and their copies.
        type Start = (Vec<ElementId>, Vec<(ElementId, u32)>);
        let mut starts: Vec<Start> = Vec::new();
        match flow {
            FlowId::Background => {
                // Consumer groups: the components (or the cluster named) that pull from a
                // queue.
                let mut groups: BTreeMap<ElementId, Vec<ElementId>> = BTreeMap::new();
                for link in &m.links {
                    let consumer = link.kind == LinkKind::Request
                        && link.access == Access::Read
                        && m.element(link.to).is(ComponentKind::Queue)
                        && flow.carried_by(m, link);
                    if consumer {
                        let key = link.via[0].unwrap_or(link.from);
                        let g = groups.entry(key).or_default();
                        if !g.contains(&link.from) {
                            g.push(link.from);
                        }
                    }
                }
                for (_, members) in groups {
                    let mut nodes = Vec::new();
                    for &c in &members {
                        let (h, o) = copies(m, c);
                        nodes.extend((0..h * o).map(|k| (c, k)));
                    }
                    starts.push((members, nodes));
                }
            }
            FlowId::Named(i) => {
                let named_somewhere = m.components_of(ComponentKind::Client).any(|c| {
                    m.outgoing(c).any(|l| {
                        m.link(l)
                            .flows
                            .as_ref()
                            .is_some_and(|f| f.contains(&FlowRef::Named(i)))
                    })
                });
                for c in m.components_of(ComponentKind::Client) {
                    let starts_here = m.outgoing(c).any(|l| {
                        let link = m.link(l);
                        !m.element(link.to).is(ComponentKind::Dns)
                            && flow.carried_by(m, link)
                            && (!named_somewhere
                                || link
                                    .flows
                                    .as_ref()
                                    .is_some_and(|f| f.contains(&FlowRef::Named(i))))
                    });
                    if starts_here {
                        starts.push((vec![c], vec![(c, 0)]));
                    }
                }
            }
            FlowId::Reads | FlowId::Writes => {
                for c in m.components_of(ComponentKind::Client) {
                    let starts_here = m.outgoing(c).any(|l| {
                        let link = m.link(l);
                        !m.element(link.to).is(ComponentKind::Dns) && flow.carried_by(m, link)
                    });
                    if starts_here {
                        starts.push((vec![c], vec![(c, 0)]));
                    }
                }
            }
        }
        for (who, nodes) in starts {
            let vs: Vec<usize> = nodes.iter().map(|&(c, k)| self.node(c, k)).collect();
            let child = self.group_node(vs);
            self.g.nodes[TOP].children.push(child);
            self.g.starts.push(who);
        }
    }

    /// A group of alternatives: the node itself when there is one, else a shared OR gate.
    fn group_node(&mut self, mut members: Vec<usize>) -> usize {
        members.sort_unstable();
        members.dedup();
        if members.len() == 1 {
            return members[0];
        }
        if let Some(&g) = self.gates.get(&members) {
            return g;
        }
        let g = self.new_node(Node {
            gate: Gate::Or,
            component: None,
            domains: Vec::new(),
            children: members.clone(),
            optional: Vec::new(),
        });
        self.gates.insert(members, g);
        g
    }

    /// Whether a component takes part in serving (a passive member does not, except a
    /// replica serving reads).
    fn active(&self, c: ElementId) -> bool {
        let m = self.model;
        !self.facts.passive[c.0]
            || (self.flow.serves_reads(m)
                && m.element(c)
                    .component_kind()
                    .is_some_and(ComponentKind::is_stateful)
                && m.role(c) == Role::Replica)
    }

    /// The dependencies of the node `v`.
    fn expand(&mut self, v: usize) {
        let (c, copy) = self.g.nodes[v]
            .component
            .expect("component nodes are queued");
        let m = self.model;
        let is_client = m.element(c).is(ComponentKind::Client);
        let is_lb = m.element(c).is(ComponentKind::LoadBalancer);
        let mut groups: BTreeMap<GroupKey, Vec<&Link>> = BTreeMap::new();
        let mut linked_request: Vec<&Link> = Vec::new();
        for l in m.outgoing(c) {
            let link = m.link(l);
            if link.kind != LinkKind::Request || m.element(link.to).is(ComponentKind::Client) {
                continue;
            }
            linked_request.push(link);
            let to = link.to;
            let key = if is_client && m.element(to).is(ComponentKind::Dns) {
                GroupKey::Dns
            } else if !self.flow.carried_by(m, link) {
                continue;
            } else if let Some(a) = link.alternatives {
                GroupKey::Alternatives(a)
            } else if m
                .element(to)
                .component_kind()
                .is_some_and(ComponentKind::is_stateful)
                && m.role(to) != Role::Standalone
            {
                GroupKey::ReplicaSet(m.replica_root(to))
            } else if is_lb {
                GroupKey::Backends
            } else if let Some(cl) = link.via[1]
                .filter(|&x| m.element(x).kind == Kind::Container(ContainerKind::Cluster))
            {
                GroupKey::Cluster(cl)
            } else {
                GroupKey::Target(to)
            };
            groups.entry(key).or_default().push(link);
        }
        for (key, links) in groups {
            let optional = links.iter().all(|l| l.optional);
            let target_sets: Vec<Vec<ElementId>> = match key {
                GroupKey::ReplicaSet(root) => self.replica_groups(root, &links, &linked_request),
                _ => {
                    let mut ts: Vec<ElementId> = links
                        .iter()
                        .map(|l| l.to)
                        .filter(|&t| self.active(t))
                        .collect();
                    ts.sort();
                    ts.dedup();
                    vec![ts]
                }
            };
            for targets in target_sets {
                let mut members = Vec::new();
                for t in targets {
                    for (tc, tk) in self.target_copies(c, copy, t) {
                        members.push(self.node(tc, tk));
                    }
                }
                let child = if members.is_empty() {
                    // A dependency nothing can serve: an OR gate without children.
                    self.new_node(Node {
                        gate: Gate::Or,
                        component: None,
                        domains: Vec::new(),
                        children: Vec::new(),
                        optional: Vec::new(),
                    })
                } else {
                    self.group_node(members)
                };
                let node = &mut self.g.nodes[v];
                let list = if optional {
                    &mut node.optional
                } else {
                    &mut node.children
                };
                if !list.contains(&child) {
                    list.push(child);
                }
            }
        }
    }

    /// The dependency groups on one replica set, as sets of nodes: one for reads and one
    /// for writes, as the flow needs.
    fn replica_groups(
        &self,
        root: ElementId,
        links: &[&Link],
        linked_request: &[&Link],
    ) -> Vec<Vec<ElementId>> {
        let m = self.model;
        let f = self.facts;
        let in_set = |t: ElementId| m.replica_root(t) == root;
        let promoted = |p: ElementId| -> Vec<ElementId> {
            m.replicas_of(p)
                .into_iter()
                .filter(|&r| f.promotable[r.0])
                .collect()
        };
        let (reads, writes) = match self.flow {
            FlowId::Reads => (true, false),
            FlowId::Writes => (false, true),
            FlowId::Named(i) => (m.flows[i].access.reads(), m.flows[i].access.writes()),
            FlowId::Background => (
                links.iter().any(|l| l.access.reads()),
                links.iter().any(|l| l.access.writes()),
            ),
        };
        let mut out = Vec::new();
        if reads && links.iter().any(|l| l.access.reads()) {
            let mut g: Vec<ElementId> = links
                .iter()
                .filter(|l| l.access.reads())
                .map(|l| l.to)
                .collect();
            // A linked primary serves reads over any link when the replicas are gone, and an
            // automatic failover's promoted replica stands in for it.
            for l in linked_request.iter().filter(|l| in_set(l.to)) {
                if m.role(l.to) != Role::Replica {
                    g.push(l.to);
                    g.extend(promoted(l.to));
                }
            }
            g.retain(|&t| self.active(t));
            g.sort();
            g.dedup();
            out.push(g);
        }
        if writes && links.iter().any(|l| l.access.writes()) {
            let mut g: Vec<ElementId> = Vec::new();
            for l in links.iter().filter(|l| l.access.writes()) {
                if f.accepts_writes[l.to.0] {
                    g.push(l.to);
                }
                if m.role(l.to) != Role::Replica {
                    g.extend(promoted(l.to));
                }
            }
            for l in linked_request.iter().filter(|l| in_set(l.to)) {
                if f.promotable[l.to.0] {
                    g.push(l.to);
                }
            }
            g.retain(|&t| self.active(t));
            g.sort();
            g.dedup();
            out.push(g);
        }
        out
    }
}
