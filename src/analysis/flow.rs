//! Flows of requests and exact failure reasoning.
//!
//! # The two flows
//! A design **serves reads** while some client reaches a *server* (a `web_server`, `app_server`
//! or `service`) that can answer: a server that depends on no backend answers by itself; a
//! server whose request links lead (directly or through components that are neither) to a
//! database or to another server — a web server proxying to the application, an application
//! using a database — answers only when its path goes on to a server that answers or to a
//! database node that serves reads. Every database node serves reads; a link into a replica
//! carries reads only when its `access` includes reads, while a primary or standalone node may
//! be read over any link (reads may go to either: when the replicas are gone the application
//! reads from the primary).
//!
//! A design **accepts writes** while some client reaches, through a server, a database node
//! that accepts writes over a link that carries writes: a primary or standalone node, or a
//! replica that an automatic failover promotes (`failover = automatic` on the replica, on its
//! primary or on its cluster), over any link.
//!
//! A client that links to `dns` services needs one of them to find the site.
//!
//! # The flow graph
//! For each flow, [`FlowGraph`] has a virtual source `S` feeding every client (through its DNS
//! services, when it links to any), a virtual sink `T`, and one node per pair (component,
//! phase) that requests can reach: phase 0 before any server, phase 1 from the first server on.
//! Phase-1 answering servers and phase-1 database nodes that serve the flow feed `T`. The
//! phases make "through a server" exact: a client linked straight to a database reaches it in
//! phase 0, which never feeds `T`. Database nodes forward nothing (replication is not a
//! request), links into clients are ignored, and components that do not take over by
//! themselves (the passive members of an `active-passive` cluster without
//! `failover = automatic`) are left out.
//!
//! # Failure domains and exact cuts
//! Failure domains ([`Units`]) are hosts (everything in a host fails together) and components
//! outside hosts. Clients never fail; managed elements never fail for this reasoning (they are
//! assumed redundant). A domain stops a flow when every path from `S` to `T` meets one of its
//! nodes.
//!
//! Merging a domain's nodes into one node, or chaining every component through one shared
//! domain node, is *not* exact: the shared node lets paths jump from one component of the
//! domain to another that no link joins, and hides real cuts. The method here is exact:
//!
//! 1. dominators of the flow graph from `S` (Cooper, Harvey & Kennedy, "A Simple, Fast
//!    Dominance Algorithm", 2001, via `petgraph::algo::dominators::simple_fast`) give the chain
//!    `S = d0, d1, …, dm = T` of the nodes every request passes;
//! 2. a domain holding a chain node is a cut;
//! 3. otherwise a domain is a cut if and only if, for some `i`, its nodes separate `d_i` from
//!    `d_{i+1}`. Every node on a path from `d_i` to `d_{i+1}` has `d_i` as its nearest chain
//!    dominator (its *region*), so only domains with two or more nodes in one region can do
//!    that, and it is checked by one depth-first search inside the region.
//!
//! Step 1 is near-linear in practice, step 2 linear, and step 3 costs one search of a region per
//! domain holding several nodes of that region (usually a few nodes, since the search stops at
//! the first path found).

use std::collections::{BTreeMap, VecDeque};

use petgraph::algo::dominators::simple_fast;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::model::{ComponentKind, ContainerKind, ElementId, Failover, Kind, Model, Role, Setup};

/// Which flow of requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flow {
    /// Some client reaches a server that answers.
    Reads,
    /// Some client reaches a database node that accepts writes.
    Writes,
}

impl Flow {
    /// Both flows, reads first.
    pub const ALL: [Flow; 2] = [Flow::Reads, Flow::Writes];

    /// `reads` or `writes`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Reads => "reads",
            Flow::Writes => "writes",
        }
    }
}

/// One failure domain: a host, or a component outside hosts.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// The host, or the component itself.
    pub element: ElementId,
    /// The components that fail with it, in source order.
    pub components: Vec<ElementId>,
    /// Whether it can fail in the failure reasoning (false for managed elements).
    pub can_fail: bool,
}

/// Every failure domain of a design, in source order of the domain's element. Clients belong
/// to none.
#[derive(Clone, Debug)]
pub struct Units {
    /// The domains.
    pub list: Vec<Unit>,
    /// The domain of each element (indexed by [`ElementId`]; `None` for clients and
    /// containers).
    pub of: Vec<Option<usize>>,
}

impl Units {
    /// The failure domains of `model`.
    pub fn new(model: &Model) -> Units {
        let mut list: Vec<Unit> = Vec::new();
        let mut of = vec![None; model.elements.len()];
        let mut index: BTreeMap<ElementId, usize> = BTreeMap::new();
        for c in model.components() {
            if model.element(c).is(ComponentKind::Client) {
                continue;
            }
            let domain = model.failure_domain(c);
            let u = *index.entry(domain).or_insert_with(|| {
                list.push(Unit {
                    element: domain,
                    components: Vec::new(),
                    can_fail: !model.managed(domain),
                });
                list.len() - 1
            });
            list[u].components.push(c);
            of[c.0] = Some(u);
        }
        Units { list, of }
    }

    /// The domain of a component.
    pub fn unit_of(&self, c: ElementId) -> Option<usize> {
        self.of.get(c.0).copied().flatten()
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
    /// A database node that accepts writes.
    pub accepts_writes: Vec<bool>,
    /// A replica promoted by an automatic failover.
    pub promotable: Vec<bool>,
    /// A component that depends on a backend: its request links lead, directly or through
    /// components that are neither, to a database or to a server.
    pub needs_backend: Vec<bool>,
}

/// The kinds that answer requests.
pub fn is_server(model: &Model, c: ElementId) -> bool {
    matches!(
        model.element(c).component_kind(),
        Some(ComponentKind::WebServer | ComponentKind::AppServer | ComponentKind::Service)
    )
}

fn is_db(model: &Model, c: ElementId) -> bool {
    model.element(c).is(ComponentKind::Database)
}

/// Whether a link is a replication link (not a request).
pub fn is_replication(model: &Model, link: &crate::model::Link) -> bool {
    link.protocol.as_deref() == Some("replication")
        || (is_db(model, link.from) && is_db(model, link.to))
}

/// The failover that applies to a database node: its own, its primary's, or its cluster's.
pub fn failover_of(model: &Model, db: ElementId) -> Failover {
    let own = model.element(db).attrs.failover;
    let primary = model
        .element(db)
        .attrs
        .replicates
        .and_then(|p| model.element(p).attrs.failover);
    let cluster = model
        .enclosing(db, ContainerKind::Cluster)
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
                let members = model.cluster_members(cluster);
                if let Some((&first, rest)) = members.split_first() {
                    manual_cluster[first.0] = Some(cluster);
                    for &m in rest {
                        passive[m.0] = true;
                    }
                }
            }
        }
        let mut accepts_writes = vec![false; n];
        let mut promotable = vec![false; n];
        for db in model.components_of(ComponentKind::Database) {
            match model.role(db) {
                Role::Primary | Role::Standalone => accepts_writes[db.0] = true,
                Role::Replica => {
                    if failover_of(model, db) == Failover::Automatic {
                        promotable[db.0] = true;
                        accepts_writes[db.0] = true;
                    }
                }
            }
        }
        // A component depends on a backend when a request link leads from it to a database or
        // a server, directly or through components that are neither: a reverse search from
        // every database and server.
        let mut needs_backend = vec![false; n];
        let mut queue: VecDeque<ElementId> = model
            .components()
            .filter(|&c| is_db(model, c) || is_server(model, c))
            .collect();
        let seed = |c: ElementId| is_db(model, c) || is_server(model, c);
        let mut visited = vec![false; n];
        while let Some(v) = queue.pop_front() {
            for l in model.incoming(v) {
                let link = model.link(l);
                let u = link.from;
                if is_replication(model, link)
                    || is_db(model, u)
                    || model.element(u).is(ComponentKind::Client)
                {
                    continue;
                }
                needs_backend[u.0] = true;
                if !seed(u) && !visited[u.0] {
                    visited[u.0] = true;
                    queue.push_back(u);
                }
            }
        }
        Facts {
            passive,
            manual_cluster,
            accepts_writes,
            promotable,
            needs_backend,
        }
    }
}

/// The source node of every [`FlowGraph`].
pub const SOURCE: usize = 0;
/// The sink node of every [`FlowGraph`].
pub const SINK: usize = 1;

/// The flow graph of one flow (see the module documentation).
#[derive(Clone, Debug)]
pub struct FlowGraph {
    /// The flow.
    pub flow: Flow,
    /// The component of each node (`None` for the source and the sink).
    pub component: Vec<Option<ElementId>>,
    /// The phase of each node: 0 before any server, 1 from the first server on.
    pub phase: Vec<u8>,
    /// The successors of each node.
    pub succ: Vec<Vec<usize>>,
    /// The predecessors of each node.
    pub pred: Vec<Vec<usize>>,
}

impl FlowGraph {
    /// Builds the flow graph of `flow`, with the components marked in `down` (indexed by
    /// [`ElementId`]) failed.
    pub fn build(model: &Model, facts: &Facts, flow: Flow, down: &[bool]) -> FlowGraph {
        let n = model.elements.len();
        let mut g = FlowGraph {
            flow,
            component: vec![None, None],
            phase: vec![0, 0],
            succ: vec![Vec::new(), Vec::new()],
            pred: vec![Vec::new(), Vec::new()],
        };
        let mut index: Vec<[usize; 2]> = vec![[usize::MAX; 2]; n];
        let mut queue: VecDeque<usize> = VecDeque::new();
        let active = |c: ElementId| {
            !down[c.0]
                && (!facts.passive[c.0]
                    || (flow == Flow::Reads && is_db(model, c) && model.role(c) == Role::Replica))
        };
        let node = |g: &mut FlowGraph,
                    index: &mut Vec<[usize; 2]>,
                    queue: &mut VecDeque<usize>,
                    c: ElementId,
                    phase: usize| {
            if index[c.0][phase] == usize::MAX {
                index[c.0][phase] = g.component.len();
                g.component.push(Some(c));
                g.phase.push(phase as u8);
                g.succ.push(Vec::new());
                g.pred.push(Vec::new());
                queue.push_back(index[c.0][phase]);
            }
            index[c.0][phase]
        };
        for client in model.components_of(ComponentKind::Client) {
            if !active(client) {
                continue;
            }
            let c = node(&mut g, &mut index, &mut queue, client, 0);
            let dns: Vec<ElementId> = model
                .outgoing(client)
                .map(|l| model.link(l).to)
                .filter(|&t| model.element(t).is(ComponentKind::Dns))
                .collect();
            if dns.is_empty() {
                g.edge(SOURCE, c);
            } else {
                for d in dns.into_iter().filter(|&d| active(d)) {
                    let dn = node(&mut g, &mut index, &mut queue, d, 0);
                    g.edge(SOURCE, dn);
                    g.edge(dn, c);
                }
            }
        }
        while let Some(at) = queue.pop_front() {
            let u = g.component[at].expect("component nodes only are queued");
            let phase = usize::from(g.phase[at]);
            if is_db(model, u) {
                if phase == 1 {
                    g.edge(at, SINK);
                }
                continue;
            }
            if phase == 1 && flow == Flow::Reads && is_server(model, u) && !facts.needs_backend[u.0]
            {
                g.edge(at, SINK);
            }
            for l in model.outgoing(u) {
                let link = model.link(l);
                let v = link.to;
                if !active(v)
                    || model.element(v).is(ComponentKind::Client)
                    || is_replication(model, link)
                {
                    continue;
                }
                if is_db(model, v) {
                    let capable = match flow {
                        Flow::Reads => link.access.reads() || model.role(v) != Role::Replica,
                        Flow::Writes => {
                            (link.access.writes() && facts.accepts_writes[v.0])
                                || facts.promotable[v.0]
                        }
                    };
                    if !capable {
                        continue;
                    }
                }
                let next = usize::from(phase == 1 || is_server(model, v));
                let vn = node(&mut g, &mut index, &mut queue, v, next);
                g.edge(at, vn);
            }
        }
        g
    }

    fn edge(&mut self, from: usize, to: usize) {
        if !self.succ[from].contains(&to) {
            self.succ[from].push(to);
            self.pred[to].push(from);
        }
    }

    /// The number of nodes, source and sink included.
    pub fn len(&self) -> usize {
        self.component.len()
    }

    /// Whether the graph has only its source and sink.
    pub fn is_empty(&self) -> bool {
        self.component.len() == 2
    }

    /// Whether the sink is reachable from the source avoiding the nodes marked in `removed`
    /// (a depth-first search; `removed` is indexed by node).
    pub fn reaches(&self, removed: &[bool]) -> bool {
        let mut seen = vec![false; self.len()];
        let mut stack = vec![SOURCE];
        seen[SOURCE] = true;
        while let Some(v) = stack.pop() {
            if v == SINK {
                return true;
            }
            for &w in &self.succ[v] {
                if !seen[w] && !removed[w] {
                    seen[w] = true;
                    stack.push(w);
                }
            }
        }
        false
    }
}

/// The exact single-domain cuts of one flow graph.
#[derive(Clone, Debug, Default)]
pub struct Cuts {
    /// Whether the flow works at all (the sink is reachable).
    pub works: bool,
    /// The domains whose loss alone stops the flow, with the components through which they
    /// stop it, by domain index.
    pub units: BTreeMap<usize, Vec<ElementId>>,
    /// Every component whose loss alone (without the rest of its domain) stops the flow.
    pub components: Vec<ElementId>,
    /// How many nodes the computation visited (for work budgets).
    pub work: usize,
}

/// Computes the cuts of `g` with the nodes in `removed` taken away (see the module
/// documentation for the method). `removed` is indexed by node.
pub fn cuts(g: &FlowGraph, units: &Units, removed: &[bool]) -> Cuts {
    let n = g.len();
    let mut work = 0;
    // Forward and backward reachability.
    let fwd = search(g, SOURCE, removed, |v| &g.succ[v], &mut work);
    if !fwd[SINK] {
        return Cuts {
            works: false,
            work,
            ..Cuts::default()
        };
    }
    let bwd = search(g, SINK, removed, |v| &g.pred[v], &mut work);
    let relevant: Vec<bool> = (0..n).map(|v| fwd[v] && bwd[v]).collect();
    // Dominators on the relevant subgraph.
    let mut map = vec![usize::MAX; n];
    let mut dg: DiGraph<usize, ()> = DiGraph::new();
    for v in 0..n {
        if relevant[v] {
            map[v] = dg.add_node(v).index();
        }
    }
    for v in 0..n {
        if !relevant[v] {
            continue;
        }
        for &w in &g.succ[v] {
            if relevant[w] {
                dg.add_edge(NodeIndex::new(map[v]), NodeIndex::new(map[w]), ());
            }
        }
    }
    work += dg.node_count() + dg.edge_count();
    let dom = simple_fast(&dg, NodeIndex::new(map[SOURCE]));
    let idom = |v: usize| -> Option<usize> {
        dom.immediate_dominator(NodeIndex::new(map[v]))
            .map(|d| dg[d])
    };
    // The chain of dominators of the sink, from the source.
    let mut chain = vec![SINK];
    while let Some(d) = idom(*chain.last().expect("chain is never empty")) {
        chain.push(d);
    }
    chain.reverse();
    let mut chain_pos = vec![usize::MAX; n];
    for (i, &v) in chain.iter().enumerate() {
        chain_pos[v] = i;
    }
    // The region of each relevant node: its nearest dominator on the chain.
    let mut region = vec![usize::MAX; n];
    for &v in &chain {
        region[v] = v;
    }
    for v in 0..n {
        if !relevant[v] || region[v] != usize::MAX {
            continue;
        }
        let mut path = vec![v];
        let mut at = v;
        let r = loop {
            let d = idom(at).expect("every relevant node but the source has a dominator");
            if chain_pos[d] != usize::MAX {
                break d;
            }
            if region[d] != usize::MAX {
                break region[d];
            }
            path.push(d);
            at = d;
        };
        for p in path {
            region[p] = r;
        }
    }
    // Nodes of each domain and of each component.
    let mut unit_nodes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut comp_nodes: BTreeMap<ElementId, Vec<usize>> = BTreeMap::new();
    for (v, _) in relevant.iter().enumerate().skip(2).filter(|(_, &r)| r) {
        let c = g.component[v].expect("component node");
        comp_nodes.entry(c).or_default().push(v);
        if let Some(u) = units.unit_of(c) {
            if units.list[u].can_fail {
                unit_nodes.entry(u).or_default().push(v);
            }
        }
    }
    let mut checker = RegionCheck {
        g,
        region: &region,
        chain: &chain,
        chain_pos: &chain_pos,
        removed,
        mark: vec![0; n],
        stamp: 0,
        work: 0,
    };
    let mut result = Cuts {
        works: true,
        ..Cuts::default()
    };
    for (u, nodes) in &unit_nodes {
        if let Some(comps) = checker.cut(nodes) {
            result.units.insert(*u, comps);
        }
    }
    for (c, nodes) in &comp_nodes {
        if !matches!(units.unit_of(*c), Some(u) if units.list[u].can_fail) {
            continue;
        }
        if checker.cut(nodes).is_some() {
            result.components.push(*c);
        }
    }
    result.work = work + checker.work;
    result
}

fn search<'a>(
    g: &'a FlowGraph,
    start: usize,
    removed: &[bool],
    next: impl Fn(usize) -> &'a Vec<usize>,
    work: &mut usize,
) -> Vec<bool> {
    let mut seen = vec![false; g.len()];
    seen[start] = true;
    let mut stack = vec![start];
    while let Some(v) = stack.pop() {
        *work += 1;
        for &w in next(v) {
            if !seen[w] && !removed[w] {
                seen[w] = true;
                stack.push(w);
            }
        }
    }
    seen
}

struct RegionCheck<'a> {
    g: &'a FlowGraph,
    region: &'a [usize],
    chain: &'a [usize],
    chain_pos: &'a [usize],
    removed: &'a [bool],
    mark: Vec<u32>,
    stamp: u32,
    work: usize,
}

impl RegionCheck<'_> {
    /// Whether the set of relevant nodes `nodes` stops the flow; if so, the components through
    /// which it does.
    fn cut(&mut self, nodes: &[usize]) -> Option<Vec<ElementId>> {
        let comps = |vs: &mut dyn Iterator<Item = usize>| {
            let mut cs: Vec<ElementId> = vs.filter_map(|v| self.g.component[v]).collect();
            cs.sort();
            cs.dedup();
            cs
        };
        let on_chain: Vec<usize> = nodes
            .iter()
            .copied()
            .filter(|&v| self.chain_pos[v] != usize::MAX)
            .collect();
        if !on_chain.is_empty() {
            return Some(comps(&mut on_chain.into_iter()));
        }
        let mut by_region: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &v in nodes {
            by_region.entry(self.region[v]).or_default().push(v);
        }
        for (r, group) in by_region {
            if group.len() < 2 {
                continue;
            }
            let target = self.chain[self.chain_pos[r] + 1];
            self.stamp += 1;
            let stamp = self.stamp;
            for &v in &group {
                self.mark[v] = stamp; // blocked
            }
            self.stamp += 1;
            let seen = self.stamp;
            let mut stack = vec![r];
            self.mark[r] = seen;
            let mut found = false;
            while let Some(v) = stack.pop() {
                self.work += 1;
                if v == target {
                    found = true;
                    break;
                }
                for &w in &self.g.succ[v] {
                    if self.mark[w] == stamp || self.mark[w] == seen || self.removed[w] {
                        continue;
                    }
                    if w != target && self.region[w] != r {
                        continue;
                    }
                    self.mark[w] = seen;
                    stack.push(w);
                }
            }
            if !found {
                return Some(comps(&mut group.into_iter()));
            }
        }
        None
    }
}

/// A pair of failure domains whose joint loss stops a flow that neither stops alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The two domains (indices into [`Units::list`]), in source order.
    pub units: [usize; 2],
    /// The flows the pair stops.
    pub flows: Vec<Flow>,
}

/// At most this many double points of failure are reported.
pub const MAX_PAIRS: usize = 5;
/// The pair search stops once it has visited this many nodes in total (each tried domain costs
/// one cut computation); the review says when it stopped early.
pub const PAIR_WORK_BUDGET: usize = 300_000;

/// Finds double points of failure: for each domain in source order that is not a cut, the
/// domains that become cuts once it is lost. Reads first, then writes; at most [`MAX_PAIRS`];
/// returns the pairs and whether the search was complete.
pub fn pairs(graphs: &[(&FlowGraph, &Cuts)], units: &Units) -> (Vec<Pair>, bool) {
    let mut found: Vec<Pair> = Vec::new();
    let mut complete = true;
    let mut work = 0;
    for &(g, base) in graphs {
        if !base.works || found.len() >= MAX_PAIRS {
            continue;
        }
        let mut unit_nodes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for v in 2..g.len() {
            if let Some(u) = g.component[v].and_then(|c| units.unit_of(c)) {
                if units.list[u].can_fail && !base.units.contains_key(&u) {
                    unit_nodes.entry(u).or_default().push(v);
                }
            }
        }
        let mut this_flow = 0;
        for (&x, nodes) in &unit_nodes {
            if this_flow >= MAX_PAIRS {
                break;
            }
            if work > PAIR_WORK_BUDGET {
                complete = false;
                break;
            }
            let mut removed = vec![false; g.len()];
            for &v in nodes {
                removed[v] = true;
            }
            let after = cuts(g, units, &removed);
            work += after.work;
            if !after.works {
                continue;
            }
            for &y in after.units.keys() {
                if y <= x || base.units.contains_key(&y) {
                    continue;
                }
                this_flow += 1;
                match found.iter_mut().find(|p| p.units == [x, y]) {
                    Some(p) => p.flows.push(g.flow),
                    None => found.push(Pair {
                        units: [x, y],
                        flows: vec![g.flow],
                    }),
                }
            }
        }
    }
    found.truncate(MAX_PAIRS);
    (found, complete)
}

/// Whether an element is a component of kind `kind`.
pub fn kind_is(model: &Model, id: ElementId, kind: ComponentKind) -> bool {
    model.element(id).kind == Kind::Component(kind)
}
