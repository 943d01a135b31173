//! Failure domains (hosts, components outside hosts and their copies, failure-domain zones)
//! and the facts about the model that the structure function is built from.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{
    ComponentKind, ContainerKind, ElementId, Failover, Kind, Link, LinkKind, Model, Role, Setup,
};

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
        let base = crate::analysis::describe(model, dom.element);
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
