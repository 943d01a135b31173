//! From a [`Model`] to the layout's input: what each box of the diagram holds and how big it is
//! (the measures, re-exported from the `measure` module), and the input built from those sizes
//! ([`layout_input`]).
//!
//! The diagram draws every component as a card: its kind's icon on the left, its label to the
//! right, wrapped at [`WRAP_WIDTH`] SVG user units, and under the label a smaller caption naming
//! the kind (and a database's role, or the `software`). Hosts, zones and clusters are containers
//! with a label band at their top; every link is an edge labelled with its protocol and its label
//! (`https · writes`).
//!
//! A host's own firewall and its monitoring agent, when no link names them, belong to the host
//! as a whole (the firewall guards every link that enters the host, the agent watches all of
//! it): they are drawn as *badges*, icon and label, in the host's label band, not as cards, and
//! the layout never sees them ([`is_badge`]). Such components have no box in the geometry.
//!
//! Every size here is measured with the embedded font's metrics
//! ([`crate::layout::text::text_width`]), and the SVG renderer ([`super::svg`]) draws with the
//! same [`NodeContent`], [`ContainerContent`] and [`edge_label`], so text always fits its box.
//!
//! Index conventions of the [`LayoutInput`] built by [`layout_input`]: node `i` is the `i`-th
//! component of the model in source order, container `j` the `j`-th container in source order,
//! and edge `k` draws the links [`Index::edges`]`[k]`: one edge per link statement and pair of
//! ends, a cluster named in the statement counting as one end, so that a link written to a
//! cluster is one edge to the cluster's box rather than one per member.
//!
//! Each link's edge carries its kind ([`edge_kind`]), and the input's `same_rank` pairs
//! ([`tier_pairs`]) keep a host's monitoring agent in the tier of the host's entry, so that hosts
//! stay compact.

mod measure;

pub use measure::*;

use crate::layout::{
    ContainerSpec, Direction as LayoutDirection, EdgeKind, EdgeSpec, Geometry, LayoutInput,
    NodeSpec, Routing,
};
use crate::model::{
    ComponentKind, ContainerKind, Direction, ElementId, Kind, Link, LinkKind, Model,
};

/// Which model element each node and container of a [`LayoutInput`] stands for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    /// Node `i` is component `nodes[i]`.
    pub nodes: Vec<ElementId>,
    /// Container `j` is container element `containers[j]`.
    pub containers: Vec<ElementId>,
    /// Edge `k` draws the model's links `edges[k]` (indices into `model.links`, in source order):
    /// one link, or the links of one statement written to or from a cluster, drawn as one edge
    /// to the cluster's box.
    pub edges: Vec<Vec<usize>>,
}

/// Lays a model out: [`layout_input`], then [`crate::layout::layout`]; `Geometry::edges[k]`
/// draws the links `Index::edges[k]`.
pub fn layout(model: &Model) -> Geometry {
    layout_routed(model, Routing::default())
}

/// [`layout`] with edges drawn the way `routing` says.
pub fn layout_routed(model: &Model, routing: Routing) -> Geometry {
    let (mut input, _) = layout_input(model);
    input.routing = routing;
    crate::layout::layout(&input)
}

/// What a link stands for in the diagram: its [`LinkKind`] (a request, a `~>` link that
/// carries no requests, or replication as the model defines it).
pub fn edge_kind(_model: &Model, link: &Link) -> EdgeKind {
    match link.kind {
        LinkKind::Request => EdgeKind::Request,
        LinkKind::NonRequest => EdgeKind::NonRequest,
        LinkKind::Replication => EdgeKind::Replication,
    }
}

/// The tier pairs of a model: `(member, entry)` pairs of components of one host to draw in one
/// tier, in source order. A host's *entry* is its first component, in source order, that a link
/// from outside the host reaches (else its first component with a link that is not a monitoring
/// agent); its monitoring agents that no link reaches, and its cards with no link at all, share
/// the entry's tier instead of taking tiers of their own below it, so hosts stay compact.
pub fn tier_pairs(model: &Model) -> Vec<(ElementId, ElementId)> {
    let mut pairs = Vec::new();
    for host in model.containers(ContainerKind::Host) {
        let inside: Vec<ElementId> = model
            .components_in(host)
            .into_iter()
            .filter(|&c| model.host_of(c) == Some(host) && !is_badge(model, c))
            .collect();
        let in_host = |c: ElementId| model.host_of(c) == Some(host);
        let agent = |c: ElementId| model.element(c).is(ComponentKind::Monitoring);
        let reached = |c: ElementId| model.incoming(c).next().is_some();
        let linked = |c: ElementId| reached(c) || model.outgoing(c).next().is_some();
        let entry = inside
            .iter()
            .copied()
            .find(|&c| model.incoming(c).any(|l| !in_host(model.link(l).from)))
            .or_else(|| inside.iter().copied().find(|&c| linked(c) && !agent(c)));
        let Some(entry) = entry else { continue };
        for &c in &inside {
            if c != entry && ((agent(c) && !reached(c)) || !linked(c)) {
                pairs.push((c, entry));
            }
        }
    }
    pairs
}

/// The link (an index into `model.links`) that stands in the layout for `links`, the member
/// links of one link statement between the same two ends: the link from the middle one of the
/// distinct sources to the middle one of the distinct targets (each in source order), so that a
/// link between two clusters joins their members of the same rank and the clusters line up
/// instead of shifting sideways by one member per tier; the middle link of the group when that
/// pair is not linked.
fn representative(model: &Model, links: &[usize]) -> usize {
    let middle = |end: fn(&Link) -> ElementId| {
        let mut ends: Vec<ElementId> = links.iter().map(|&k| end(&model.links[k])).collect();
        ends.sort();
        ends.dedup();
        ends[ends.len() / 2]
    };
    let (from, to) = (middle(|l| l.from), middle(|l| l.to));
    links
        .iter()
        .copied()
        .find(|&k| model.links[k].from == from && model.links[k].to == to)
        .unwrap_or(links[links.len() / 2])
}

/// Builds the layout's input from a model: one node per component but badges (source order) sized by
/// [`node_content`], one container per host, zone and cluster (source order) with the label
/// band of [`container_content`], and one edge per link (source order) labelled by
/// [`edge_label`]. Returns the input and which element each node and container is.
pub fn layout_input(model: &Model) -> (LayoutInput, Index) {
    let mut index = Index::default();
    let mut slot: Vec<Option<usize>> = vec![None; model.elements.len()];
    for id in model.ids() {
        match model.element(id).kind {
            Kind::Component(_) if is_badge(model, id) => {}
            Kind::Component(_) => {
                slot[id.0] = Some(index.nodes.len());
                index.nodes.push(id);
            }
            Kind::Container(_) => {
                slot[id.0] = Some(index.containers.len());
                index.containers.push(id);
            }
        }
    }
    let parent_slot = |id: ElementId| model.element(id).parent.and_then(|p| slot[p.0]);
    let nodes = index
        .nodes
        .iter()
        .map(|&id| {
            let c = node_content(model, id);
            NodeSpec {
                id: model.element(id).id.clone(),
                width: c.width,
                height: c.height,
                parent: parent_slot(id),
            }
        })
        .collect();
    let containers = index
        .containers
        .iter()
        .map(|&id| {
            let e = model.element(id);
            let c = container_content(model, id);
            ContainerSpec {
                id: e.id.clone(),
                kind: e.kind.as_str().to_string(),
                label_width: c.label_width,
                label_height: c.label_height,
                parent: parent_slot(id),
            }
        })
        .collect();
    // One edge per link statement and pair of ends, where a link written to or from a cluster
    // counts the cluster as its end: `a -> cluster` is one edge to the cluster's box, not one per
    // member. The group's middle link stands for it in the layout (see `representative`).
    let end = |l: &Link, i: usize| l.via[i].unwrap_or(if i == 0 { l.from } else { l.to });
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: std::collections::BTreeMap<(usize, ElementId, ElementId), usize> =
        std::collections::BTreeMap::new();
    for (k, l) in model.links.iter().enumerate() {
        if slot[l.from.0].is_none() || slot[l.to.0].is_none() {
            continue;
        }
        let key = (l.statement, end(l, 0), end(l, 1));
        let g = *group_of.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(k);
    }
    let container_slot = |c: Option<ElementId>| c.and_then(|c| slot[c.0]);
    let reps: Vec<usize> = groups
        .iter()
        .map(|links| representative(model, links))
        .collect();
    let edges: Vec<EdgeSpec> = reps
        .iter()
        .filter_map(|&k| {
            let l = &model.links[k];
            let via = [container_slot(l.via[0]), container_slot(l.via[1])];
            Some(EdgeSpec {
                from: slot[l.from.0]?,
                to: slot[l.to.0]?,
                label: edge_label(l, model.direction),
                kind: edge_kind(model, l),
                via,
            })
        })
        .collect();
    // The members a group's edge stands for share the tier of its representative, as they
    // would with one edge each.
    let mut pairs = tier_pairs(model);
    for (links, &k) in groups.iter().zip(&reps) {
        let rep = &model.links[k];
        for &k in links {
            let l = &model.links[k];
            if l.via[0].is_some() && l.from != rep.from {
                pairs.push((l.from, rep.from));
            }
            if l.via[1].is_some() && l.to != rep.to {
                pairs.push((l.to, rep.to));
            }
        }
    }
    let same_rank = pairs
        .into_iter()
        .filter_map(|(a, b)| Some((slot[a.0]?, slot[b.0]?)))
        .collect();
    // A component reached from (or reaching) a cluster sits centred on the members the link
    // stands for, not on the cluster's box, whose agents widen it to one side: when it is the
    // only one that links the cluster that way. Several, such as the web servers behind a
    // cluster of load balancers, cannot all stand under its middle, and pulling each there
    // would stretch the cluster across them.
    let mut fans: std::collections::BTreeMap<(usize, ElementId), usize> =
        std::collections::BTreeMap::new();
    for &k in &reps {
        let l = &model.links[k];
        for (i, c) in l.via.iter().enumerate() {
            if let Some(c) = c {
                *fans.entry((i, *c)).or_default() += 1;
            }
        }
    }
    let mut centre_over = Vec::new();
    for (links, &k) in groups.iter().zip(&reps) {
        let rep = &model.links[k];
        let alone = rep
            .via
            .iter()
            .enumerate()
            .all(|(i, c)| c.is_none_or(|c| fans.get(&(i, c)).copied().unwrap_or(0) <= 1));
        if !alone {
            continue;
        }
        let (v, ends): (ElementId, Vec<ElementId>) = match rep.via {
            [Some(_), None] => (rep.to, links.iter().map(|&j| model.links[j].from).collect()),
            [None, Some(_)] => (rep.from, links.iter().map(|&j| model.links[j].to).collect()),
            _ => continue,
        };
        let mut ends: Vec<usize> = ends.into_iter().filter_map(|e| slot[e.0]).collect();
        ends.sort_unstable();
        ends.dedup();
        if let (Some(v), false) = (slot[v.0], ends.is_empty()) {
            centre_over.push((v, ends));
        }
    }
    index.edges = groups;
    let direction = match model.direction {
        Direction::Down => LayoutDirection::Down,
        Direction::Right => LayoutDirection::Right,
    };
    (
        LayoutInput {
            direction,
            nodes,
            containers,
            edges,
            routing: Routing::default(),
            same_rank,
            centre_over,
        },
        index,
    )
}

#[cfg(test)]
mod tests {
    use super::measure::tests::model;
    use super::*;
    use crate::layout::text::text_width;

    #[test]
    fn input_follows_source_order_and_nesting() {
        let m = model(
            "client u\nzone z { host h \"Box\" { ip = 10.0.0.1; database d { role = primary } } }\nu -> d : mysql \"writes\"\nu -> d",
        );
        let (input, index) = layout_input(&m);
        assert_eq!(input.nodes.len(), 2);
        assert_eq!(input.containers.len(), 2);
        assert_eq!(input.containers[1].parent, Some(0));
        assert_eq!(input.nodes[1].parent, Some(1));
        assert_eq!(input.nodes[0].parent, None);
        assert_eq!(
            index.nodes,
            vec![m.find("u").unwrap(), m.find("d").unwrap()]
        );
        assert_eq!(input.edges.len(), 2);
        assert_eq!(
            input.edges[0].label.as_ref().unwrap().text,
            "mysql · writes"
        );
        assert!(input.edges[1].label.is_none());
        assert_eq!(
            caption(&m, m.find("d").unwrap()),
            "database · primary".to_string()
        );
        let host = container_content(&m, m.find("h").unwrap());
        assert_eq!(host.detail, "10.0.0.1");
        assert!(host.label_width > text_width("Box", CONTAINER_LABEL_SIZE));
    }

    #[test]
    fn only_a_lone_component_linked_with_a_cluster_is_centred_on_its_members() {
        let cluster = "cluster lbs { host a { load_balancer lb1 }\n host b { load_balancer lb2 } }";
        let centred = |source: &str| {
            let m = model(source);
            let (input, index) = layout_input(&m);
            input
                .centre_over
                .iter()
                .map(|(v, _)| m.element(index.nodes[*v]).id.clone())
                .collect::<Vec<_>>()
        };
        // One web server behind the cluster: it sits under the middle of both members.
        assert_eq!(
            centred(&format!("{cluster}\nweb_server w1\nlbs -> w1 : http")),
            ["w1"]
        );
        // Three, in one statement or in three: none is pulled there, since they cannot all be.
        for links in [
            "lbs -> w1, w2, w3 : http",
            "lbs -> w1\nlbs -> w2\nlbs -> w3",
        ] {
            let source = format!("{cluster}\nweb_server w1\nweb_server w2\nweb_server w3\n{links}");
            assert!(centred(&source).is_empty(), "{links}");
        }
    }
}
