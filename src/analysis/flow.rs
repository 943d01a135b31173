//! Flows of requests and the structure function of each flow over failure domains.
//!
//! # Flows
//! Clients start the flows their request links carry ([`FlowId`]): the built-in `reads` and
//! `writes` (a link carries those its `access` names), every declared `flow` (a read journey
//! is part of `reads`, a write journey part of `writes`), and `background`, started by the
//! consumers that pull from a queue (`worker -> jobs { access = read }`). A link with
//! `flows = [...]` carries only the flows it names and the built-in flows of their access.
//! Links that carry no requests (`~>`, replication, monitoring to monitoring) carry no flow.
//!
//! # The structure function
//! For one flow, a component **serves** when it is up (every failure domain that holds it is
//! up) and each of its **dependencies** serves; a dependency is a group of targets of its
//! request links, served when any one of them serves (language draft 0.2, "Dependencies"):
//! - the targets written as alternatives `a | b`;
//! - the nodes of one replica set (reads on the nodes reached by a link carrying reads and on
//!   a linked primary; writes on the primary, or on a replica an automatic failover promotes,
//!   which also stands in for the primary on every link that reached it);
//! - every backend of a load balancer;
//! - the members of one cluster named by a link, and the copies of an element with
//!   `instances`;
//! - otherwise each target on its own.
//!
//! A component with no dependency for the flow answers by itself. A client also needs one of
//! the DNS services it links to. The flow is served when it is served for each client that
//! starts it (for `background`, for each group of consumers). Optional dependencies
//! (`optional = true`) do not count for serving; their loss *degrades* the flow.
//!
//! This is the success tree of fault-tree analysis (Vesely et al., *Fault Tree Handbook*,
//! NUREG-0492, 1981, ch. IV–VII), with AND gates (a component and its dependencies) and OR
//! gates (a group), over basic events that are failure domains. Cycles (`orders -> billing ->
//! orders`) are allowed: the set of serving nodes is the **greatest fixpoint** of the gate
//! equations (Knaster–Tarski), so components in a cycle serve together or fail together.
//!
//! # Evaluation
//! [`Eval`] computes the greatest fixpoint by deletion: start from every node whose domains
//! are up, and delete nodes whose gate fails, keeping per node the number of children still
//! serving (the counting method of Dowling & Gallier, "Linear-time algorithms for testing the
//! satisfiability of propositional Horn formulae", J. Logic Programming 1(3), 1984, run
//! downwards from the top element instead of upwards from the bottom). Taking a domain down
//! is an incremental deletion from the current fixpoint, and every deletion is recorded on a
//! trail so that it can be undone: each single point of failure costs only the nodes its
//! loss reaches.
//!
//! # Failure domains
//! [`Domains`]: hosts (each copy of a host with `instances`), components outside hosts (each
//! copy), and zones with `failure_domain = true`. Clients never fail; managed elements never
//! fail for the cut reasoning (they are assumed redundant), but have an availability.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{
    Access, ComponentKind, ContainerKind, ElementId, Failover, FlowRef, Kind, Link, LinkKind,
    Model, Role, Setup,
};

/// Which flow of requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlowId {
    /// The built-in reads.
    Reads,
    /// The built-in writes.
    Writes,
    /// Consumers pulling from queues.
    Background,
    /// A declared `flow`, by index into [`Model::flows`].
    Named(usize),
}

/// The 0.1 name of a flow, kept for the rules that speak of reads and writes.
pub type Flow = FlowId;

impl FlowId {
    /// The flow's name: `reads`, `writes`, `background`, or the declared identifier.
    pub fn name(self, model: &Model) -> String {
        match self {
            FlowId::Reads => "reads".into(),
            FlowId::Writes => "writes".into(),
            FlowId::Background => "background".into(),
            FlowId::Named(i) => model.flows[i].id.clone(),
        }
    }

    /// Whether the flow serves reads (`reads`, and read or read-write journeys).
    pub fn serves_reads(self, model: &Model) -> bool {
        match self {
            FlowId::Reads => true,
            FlowId::Writes | FlowId::Background => false,
            FlowId::Named(i) => model.flows[i].access.reads(),
        }
    }

    /// Whether a request link carries the flow.
    pub fn carried_by(self, model: &Model, link: &Link) -> bool {
        if link.kind != LinkKind::Request {
            return false;
        }
        let listed = |r: FlowRef| link.flows.as_ref().is_none_or(|f| f.contains(&r));
        let journey_has = |pred: fn(Access) -> bool| {
            link.flows.as_ref().is_none_or(|f| {
                f.iter().any(|r| match *r {
                    FlowRef::Named(i) => pred(model.flows[i].access),
                    _ => false,
                })
            })
        };
        match self {
            FlowId::Reads => {
                link.access.reads() && (listed(FlowRef::Reads) || journey_has(Access::reads))
            }
            FlowId::Writes => {
                link.access.writes() && (listed(FlowRef::Writes) || journey_has(Access::writes))
            }
            FlowId::Background => listed(FlowRef::Background),
            FlowId::Named(i) => {
                link.access.overlaps(model.flows[i].access) && listed(FlowRef::Named(i))
            }
        }
    }

    /// Every flow of a design, in report order: reads, writes, background, then the declared
    /// flows in source order.
    pub fn all(model: &Model) -> Vec<FlowId> {
        let mut out = vec![FlowId::Reads, FlowId::Writes, FlowId::Background];
        out.extend((0..model.flows.len()).map(FlowId::Named));
        out
    }
}

/// The kind of element a failure domain is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DomainKind {
    /// A host (or one copy of it).
    Host,
    /// A component outside hosts (or one copy of it).
    Component,
    /// A zone with `failure_domain = true`.
    Zone,
}

/// One failure domain.
#[derive(Clone, Debug, PartialEq)]
pub struct Domain {
    /// The host, the component, or the zone.
    pub element: ElementId,
    /// Which copy, for an element with `instances` (0-based); `None` for a single element.
    pub copy: Option<u32>,
    /// What it is.
    pub kind: DomainKind,
    /// The components that fail with it, in source order.
    pub components: Vec<ElementId>,
    /// Whether it can fail in the cut reasoning (false for managed elements).
    pub can_fail: bool,
}

/// Every failure domain of a design, in source order of the domain's element (copies in
/// order). Clients belong to none.
#[derive(Clone, Debug, Default)]
pub struct Domains {
    /// The domains.
    pub list: Vec<Domain>,
    index: BTreeMap<(ElementId, u32), usize>,
}

impl Domains {
    /// The failure domains of `model`.
    pub fn new(model: &Model) -> Domains {
        let mut d = Domains::default();
        for id in model.ids() {
            let e = model.element(id);
            let (kind, copies) = match e.kind {
                Kind::Container(ContainerKind::Host) => (DomainKind::Host, model.instances(id)),
                Kind::Container(ContainerKind::Zone) if model.is_failure_zone(id) => {
                    (DomainKind::Zone, 1)
                }
                Kind::Component(ComponentKind::Client) => continue,
                Kind::Component(_) if model.host_of(id).is_none() => {
                    (DomainKind::Component, model.instances(id))
                }
                _ => continue,
            };
            let components = match kind {
                DomainKind::Component => vec![id],
                _ => model.components_in(id),
            };
            let can_fail = !model.managed(id);
            let several = e.attrs.instances.is_some();
            for copy in 0..copies {
                d.index.insert((id, copy), d.list.len());
                d.list.push(Domain {
                    element: id,
                    copy: several.then_some(copy),
                    kind,
                    components: components.clone(),
                    can_fail,
                });
            }
        }
        d
    }

    /// The domain of an element's copy (a host, a component outside hosts, a zone).
    pub fn get(&self, element: ElementId, copy: u32) -> Option<usize> {
        self.index.get(&(element, copy)).copied()
    }

    /// Every domain of an element (all its copies).
    pub fn of_element(&self, element: ElementId) -> Vec<usize> {
        self.index
            .range((element, 0)..=(element, u32::MAX))
            .map(|(_, &i)| i)
            .collect()
    }

    /// "the host `web-1`", "copy 2 of the host `web`": the domain named for a sentence.
    pub fn describe(&self, model: &Model, d: usize) -> String {
        let dom = &self.list[d];
        let base = super::describe(model, dom.element);
        match dom.copy {
            Some(c) => format!("copy {} of {base}", c + 1),
            None => base,
        }
    }

    /// The identifier of a domain: `web-1`, or `web#2` for the second copy of `web`.
    pub fn id(&self, model: &Model, d: usize) -> String {
        let dom = &self.list[d];
        match dom.copy {
            Some(c) => format!("{}#{}", model.element(dom.element).id, c + 1),
            None => model.element(dom.element).id.clone(),
        }
    }
}

/// Facts about each component that the flows need, computed once per design.
#[derive(Clone, Debug)]
pub struct Facts {
    /// A passive member of an `active-passive` cluster that nothing fails over to
    /// automatically (indexed by [`ElementId`]).
    pub passive: Vec<bool>,
    /// For the active member of such a cluster: the cluster.
    pub manual_cluster: Vec<Option<ElementId>>,
    /// A stateful node that accepts writes: a primary or standalone node, or a replica an
    /// automatic failover promotes.
    pub accepts_writes: Vec<bool>,
    /// A replica promoted by an automatic failover.
    pub promotable: Vec<bool>,
}

/// Whether a component answers requests: a web server, application server or service.
pub fn is_server(model: &Model, c: ElementId) -> bool {
    model
        .element(c)
        .component_kind()
        .is_some_and(ComponentKind::is_server)
}

/// Whether a link is a replication link (not a request).
pub fn is_replication(_model: &Model, link: &Link) -> bool {
    link.kind == LinkKind::Replication
}

/// The failover that applies to a stateful node: its own, its primary's, or its cluster's.
pub fn failover_of(model: &Model, node: ElementId) -> Failover {
    let own = model.element(node).attrs.failover;
    let primary = model
        .element(node)
        .attrs
        .replicates
        .and_then(|p| model.element(p).attrs.failover);
    let cluster = model
        .enclosing(node, ContainerKind::Cluster)
        .and_then(|c| model.element(c).attrs.failover);
    [own, primary, cluster]
        .into_iter()
        .flatten()
        .max_by_key(|f| match f {
            Failover::None => 0,
            Failover::Manual => 1,
            Failover::Automatic => 2,
        })
        .unwrap_or(Failover::None)
}

impl Facts {
    /// Computes the facts of `model`.
    pub fn new(model: &Model) -> Facts {
        let n = model.elements.len();
        let mut passive = vec![false; n];
        let mut manual_cluster = vec![None; n];
        for cluster in model.containers(ContainerKind::Cluster) {
            let a = &model.element(cluster).attrs;
            if a.setup == Some(Setup::ActivePassive) && a.failover != Some(Failover::Automatic) {
                let units = model.cluster_units(cluster);
                let comps = |u: ElementId| match model.element(u).kind {
                    Kind::Component(_) => vec![u],
                    Kind::Container(_) => model.cluster_members(u),
                };
                if let Some((&first, rest)) = units.split_first() {
                    for c in comps(first) {
                        manual_cluster[c.0] = Some(cluster);
                    }
                    for &u in rest {
                        for c in comps(u) {
                            passive[c.0] = true;
                        }
                    }
                }
            }
        }
        let mut accepts_writes = vec![false; n];
        let mut promotable = vec![false; n];
        for c in model.components() {
            if !model
                .element(c)
                .component_kind()
                .is_some_and(ComponentKind::is_stateful)
            {
                continue;
            }
            match model.role(c) {
                Role::Primary | Role::Standalone => accepts_writes[c.0] = true,
                Role::Replica => {
                    if failover_of(model, c) == Failover::Automatic {
                        promotable[c.0] = true;
                        accepts_writes[c.0] = true;
                    }
                }
            }
        }
        Facts {
            passive,
            manual_cluster,
            accepts_writes,
            promotable,
        }
    }
}

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

/// The serving state of a [`FlowGraph`]: the greatest fixpoint of its gates given the domains
/// and components down, with a trail to undo incremental deletions (see the module
/// documentation).
#[derive(Clone, Debug)]
pub struct Eval {
    /// Whether each node serves.
    pub alive: Vec<bool>,
    /// How many of each node's children serve.
    count: Vec<u32>,
    /// The nodes deleted since the last mark, in order.
    trail: Vec<usize>,
    /// Parents whose count was lowered, for [`Eval::weakened`].
    touched: Vec<usize>,
    /// Nodes visited (work, for budgets).
    pub work: usize,
}

impl Eval {
    /// The fixpoint with the domains in `down_domains` (indexed by domain) and the nodes in
    /// `down_nodes` down.
    pub fn new(g: &FlowGraph, down_domains: &[bool], down_nodes: &[usize]) -> Eval {
        let n = g.len();
        let mut alive: Vec<bool> = g
            .nodes
            .iter()
            .map(|node| node.domains.iter().all(|&d| !down_domains[d]))
            .collect();
        for &v in down_nodes {
            alive[v] = false;
        }
        let count: Vec<u32> = g
            .nodes
            .iter()
            .map(|node| node.children.iter().filter(|&&c| alive[c]).count() as u32)
            .collect();
        let mut e = Eval {
            alive,
            count,
            trail: Vec::new(),
            touched: Vec::new(),
            work: n,
        };
        let failing: Vec<usize> = (0..n).filter(|&v| e.alive[v] && e.fails(g, v)).collect();
        // Dead nodes from the start lower their parents' counts already (counted above), so
        // only the gates that fail now need deleting.
        for v in failing {
            if e.alive[v] {
                e.delete(g, v);
            }
        }
        e.trail.clear();
        e.touched.clear();
        e
    }

    fn fails(&self, g: &FlowGraph, v: usize) -> bool {
        let node = &g.nodes[v];
        match node.gate {
            Gate::And => (self.count[v] as usize) < node.children.len(),
            Gate::Or => self.count[v] == 0,
        }
    }

    /// Deletes `v` and every node that stops serving because of it.
    fn delete(&mut self, g: &FlowGraph, v: usize) {
        let mut stack = vec![v];
        self.alive[v] = false;
        self.trail.push(v);
        while let Some(x) = stack.pop() {
            self.work += 1;
            for &p in &g.parents[x] {
                self.count[p] -= 1;
                self.touched.push(p);
                if self.alive[p] && self.fails(g, p) {
                    self.alive[p] = false;
                    self.trail.push(p);
                    stack.push(p);
                }
            }
        }
    }

    /// Whether the top serves: the flow is served.
    pub fn served(&self) -> bool {
        self.alive[TOP]
    }

    /// A mark of the trail, to undo back to.
    pub fn mark(&self) -> (usize, usize) {
        (self.trail.len(), self.touched.len())
    }

    /// Takes a domain down (incrementally).
    pub fn fail_domain(&mut self, g: &FlowGraph, d: usize) {
        if let Some(nodes) = g.domain_nodes.get(&d) {
            for &v in nodes {
                if self.alive[v] {
                    self.delete(g, v);
                }
            }
        }
    }

    /// Takes one node down (incrementally).
    pub fn fail_node(&mut self, g: &FlowGraph, v: usize) {
        if self.alive[v] {
            self.delete(g, v);
        }
    }

    /// Undoes every deletion since `mark`.
    pub fn undo(&mut self, g: &FlowGraph, mark: (usize, usize)) {
        while self.trail.len() > mark.0 {
            let v = self.trail.pop().expect("above the mark");
            self.alive[v] = true;
            for &p in &g.parents[v] {
                self.count[p] += 1;
            }
        }
        self.touched.truncate(mark.1);
    }

    /// The nodes deleted since `mark`.
    pub fn deleted_since(&self, mark: (usize, usize)) -> &[usize] {
        &self.trail[mark.0..]
    }

    /// The gates that lost a child since `mark` but still serve.
    pub fn weakened(&self, mark: (usize, usize)) -> Vec<usize> {
        let mut w: Vec<usize> = self.touched[mark.1..]
            .iter()
            .copied()
            .filter(|&p| self.alive[p])
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    }

    /// The components of the serving nodes that the top depends on (through serving
    /// children, optional ones included), in source order.
    pub fn used_components(&self, g: &FlowGraph) -> Vec<ElementId> {
        let mut seen = vec![false; g.len()];
        let mut stack = vec![TOP];
        seen[TOP] = true;
        let mut out = Vec::new();
        while let Some(v) = stack.pop() {
            if let Some((c, _)) = g.nodes[v].component {
                out.push(c);
            }
            for &c in g.nodes[v].children.iter().chain(&g.nodes[v].optional) {
                if self.alive[c] && !seen[c] {
                    seen[c] = true;
                    stack.push(c);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether some serving node that the flow uses has lost an optional child that served
    /// in `base`: the flow is degraded.
    pub fn degraded_against(&self, g: &FlowGraph, base: &Eval) -> Vec<usize> {
        let mut out = Vec::new();
        if !self.served() {
            return out;
        }
        let mut seen = vec![false; g.len()];
        let mut stack = vec![TOP];
        seen[TOP] = true;
        while let Some(v) = stack.pop() {
            for &o in &g.nodes[v].optional {
                if base.alive[o] && !self.alive[o] {
                    out.push(o);
                }
            }
            for &c in &g.nodes[v].children {
                if self.alive[c] && !seen[c] {
                    seen[c] = true;
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The single points of failure of one flow.
#[derive(Clone, Debug, Default)]
pub struct Cuts {
    /// Whether the flow is served at all.
    pub works: bool,
    /// The domains whose loss alone stops the flow: for each, the components of the domain
    /// that served and the starts (indices into [`FlowGraph::starts`]) it cuts off.
    pub units: BTreeMap<usize, Cut>,
    /// Every component one copy of which stops the flow alone (without the rest of its
    /// domain): a single instance of its tier.
    pub components: Vec<ElementId>,
    /// The optional dependencies whose loss degrades the flow: (the component that uses it,
    /// the node of the dependency).
    pub optional: Vec<(ElementId, usize)>,
}

/// What one single point of failure stops.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cut {
    /// The components of the domain that served the flow.
    pub components: Vec<ElementId>,
    /// The starts it cuts off (indices into [`FlowGraph::starts`]).
    pub starts: Vec<usize>,
    /// For a zone: the failure domains in it through which it stops the flow (each one,
    /// spared alone, would keep the flow going), in order.
    pub domains: Vec<usize>,
}

/// Computes the single points of failure of a flow from its serving state `base` (which is
/// left as it was).
pub fn cuts(g: &FlowGraph, domains: &Domains, base: &mut Eval) -> Cuts {
    let mut out = Cuts {
        works: base.served() && !g.is_empty(),
        ..Cuts::default()
    };
    if !out.works {
        return out;
    }
    for (&d, nodes) in &g.domain_nodes {
        if !domains.list[d].can_fail || !nodes.iter().any(|&v| base.alive[v]) {
            continue;
        }
        let mark = base.mark();
        base.fail_domain(g, d);
        if !base.served() {
            let mut lost: Vec<ElementId> = nodes
                .iter()
                .filter(|&&v| !base.alive[v])
                .filter_map(|&v| g.nodes[v].component.map(|(c, _)| c))
                .collect();
            lost.sort();
            lost.dedup();
            let starts = g.nodes[TOP]
                .children
                .iter()
                .enumerate()
                .filter(|&(_, &s)| !base.alive[s])
                .map(|(i, _)| i)
                .collect();
            base.undo(g, mark);
            // The components through which the domain stops the flow: those of its
            // components whose loss alone (in this domain) stops it, or every one it takes
            // down when none does alone.
            let through: Vec<ElementId> = lost
                .iter()
                .copied()
                .filter(|&c| {
                    let m = base.mark();
                    for &v in nodes {
                        if g.nodes[v].component.is_some_and(|(x, _)| x == c) {
                            base.fail_node(g, v);
                        }
                    }
                    let stops = !base.served();
                    base.undo(g, m);
                    stops
                })
                .collect();
            // For a zone: the failure domains in it that the flow needs, each of which, spared
            // alone, would keep the flow going.
            let mut domains_in = Vec::new();
            if domains.list[d].kind == DomainKind::Zone {
                let mut by_sub: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
                for &v in nodes {
                    if let Some(&sub) = g.nodes[v]
                        .domains
                        .iter()
                        .find(|&&x| x != d && domains.list[x].kind != DomainKind::Zone)
                    {
                        by_sub.entry(sub).or_default().push(v);
                    }
                }
                for (&sub, spared) in &by_sub {
                    let m = base.mark();
                    for &v in nodes {
                        if !spared.contains(&v) {
                            base.fail_node(g, v);
                        }
                    }
                    if base.served() {
                        domains_in.push(sub);
                    }
                    base.undo(g, m);
                }
            }
            out.units.insert(
                d,
                Cut {
                    components: if through.is_empty() { lost } else { through },
                    starts,
                    domains: domains_in,
                },
            );
            continue;
        }
        base.undo(g, mark);
    }
    // Components one copy of which is a single point of failure by itself.
    let mut comps: BTreeSet<ElementId> = BTreeSet::new();
    for v in 1..g.len() {
        let Some((c, copy)) = g.nodes[v].component else {
            continue;
        };
        if copy != 0 || !base.alive[v] || g.nodes[v].domains.is_empty() {
            continue;
        }
        if !g.nodes[v].domains.iter().any(|&d| domains.list[d].can_fail) {
            continue;
        }
        let mark = base.mark();
        base.fail_node(g, v);
        if !base.served() {
            comps.insert(c);
        }
        base.undo(g, mark);
    }
    out.components = comps.into_iter().collect();
    for v in 1..g.len() {
        if let Some((c, _)) = g.nodes[v].component {
            if base.alive[v] {
                for &o in &g.nodes[v].optional {
                    if !out.optional.iter().any(|&(oc, on)| oc == c && on == o) {
                        out.optional.push((c, o));
                    }
                }
            }
        }
    }
    out
}

/// A pair of failure domains whose joint loss stops flows that neither stops alone: a minimal
/// cut set of order two.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The two domains (indices into [`Domains::list`]), in order.
    pub units: [usize; 2],
    /// The flows the pair stops.
    pub flows: Vec<FlowId>,
}

/// The pair search stops once it has visited this many nodes over all flows; the review says
/// when it stopped early. Far above what designs people draw need.
pub const PAIR_WORK_BUDGET: usize = 4_000_000;

/// Finds every minimal cut set of order two of each flow, exactly, within
/// [`PAIR_WORK_BUDGET`].
///
/// Method: if `{x, y}` stops a flow that neither stops alone, the first gate whose deletion
/// needs both losses has lost a child to each, so it is *weakened* (a child lost, the gate
/// still serving) by `x` alone and by `y` alone. So the partners of `x` are searched only
/// among the domains that weaken a gate `x` weakens, each tried with `x` down. Returns the
/// pairs in order of their domains and whether the search was complete.
pub fn pairs(flows: &mut [(&FlowGraph, &Cuts, &mut Eval)], domains: &Domains) -> (Vec<Pair>, bool) {
    let mut found: BTreeMap<[usize; 2], Vec<FlowId>> = BTreeMap::new();
    let mut complete = true;
    let mut work = 0usize;
    'flows: for (g, cuts, base) in flows.iter_mut() {
        if !cuts.works {
            continue;
        }
        let candidates: Vec<usize> = g
            .domain_nodes
            .iter()
            .filter(|(&d, nodes)| {
                domains.list[d].can_fail
                    && !cuts.units.contains_key(&d)
                    && nodes.iter().any(|&v| base.alive[v])
            })
            .map(|(&d, _)| d)
            .collect();
        // What each domain weakens alone.
        let mut weak: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut by_gate: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &d in &candidates {
            let mark = base.mark();
            let before = base.work;
            base.fail_domain(g, d);
            let w = base.weakened(mark);
            base.undo(g, mark);
            work += base.work - before + w.len();
            for &gate in &w {
                by_gate.entry(gate).or_default().push(d);
            }
            weak.insert(d, w);
            if work > PAIR_WORK_BUDGET {
                complete = false;
                break 'flows;
            }
        }
        for &x in &candidates {
            let mut partners: Vec<usize> = weak[&x]
                .iter()
                .flat_map(|gate| by_gate[gate].iter().copied())
                .filter(|&y| y > x)
                .collect();
            partners.sort_unstable();
            partners.dedup();
            if partners.is_empty() {
                continue;
            }
            let mx = base.mark();
            let before = base.work;
            base.fail_domain(g, x);
            for y in partners {
                let my = base.mark();
                base.fail_domain(g, y);
                if !base.served() {
                    let e = found.entry([x, y]).or_default();
                    if !e.contains(&g.flow) {
                        e.push(g.flow);
                    }
                }
                base.undo(g, my);
            }
            base.undo(g, mx);
            work += base.work - before;
            if work > PAIR_WORK_BUDGET {
                complete = false;
                break 'flows;
            }
        }
    }
    (
        found
            .into_iter()
            .map(|(units, flows)| Pair { units, flows })
            .collect(),
        complete,
    )
}

/// Whether an element is a component of kind `kind`.
pub fn kind_is(model: &Model, id: ElementId, kind: ComponentKind) -> bool {
    model.element(id).kind == Kind::Component(kind)
}
