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

use serde::Serialize;

use crate::model::{Access, ComponentKind, ElementId, FlowRef, Kind, Link, LinkKind, Model};

mod cuts;
mod domains;
mod eval;
mod graph;

pub use cuts::{cuts, pairs, Cut, Cuts, Pair, PAIR_WORK_BUDGET};
pub use domains::{failover_of, is_replication, is_server, Domain, DomainKind, Domains, Facts};
pub use eval::Eval;
pub use graph::{FlowGraph, Gate, Node, TOP};

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

/// Whether an element is a component of kind `kind`.
pub fn kind_is(model: &Model, id: ElementId, kind: ComponentKind) -> bool {
    model.element(id).kind == Kind::Component(kind)
}
