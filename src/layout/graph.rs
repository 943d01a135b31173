//! The layered graph shared by the steps after ranking: items (nodes,
//! placeholders, dummies of long edges, label holders and container borders),
//! their layers and the chains that carry each edge from layer to layer.
//!
//! Long edges are split into one dummy per crossed layer (Gansner et al.,
//! "A technique for drawing directed graphs", IEEE TSE 19(3), 1993, section
//! 3; dagre's `normalize`); the middle dummy of a labelled edge carries the
//! label's box on its right side, so that ordering and placement make room
//! for it. Dummies belong to the lowest container holding both ends, so that
//! an edge stays inside the containers it runs within and outside the others.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::normalise::{breadth_depth, Clean};
use super::rank::Ranking;
use super::{LayoutInput, CONTAINER_SEP, EDGE_SEP, LABEL_OFFSET, NODE_EDGE_SEP, NODE_SEP};
use super::{SELF_LOOP_STEP, SELF_LOOP_WIDTH};

/// Kind of an internal layout item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Input node.
    Node(usize),
    /// Invisible body of an empty container.
    Phantom,
    /// Point of a long edge.
    Dummy,
    /// Point of a long edge carrying the label of chain `.0`.
    Label(usize),
    /// Left border of container `.0`.
    BorderL(usize),
    /// Right border of container `.0`.
    BorderR(usize),
}

impl Kind {
    /// Whether the item is a point of an edge (dummy or label holder).
    pub(crate) fn is_edge(self) -> bool {
        matches!(self, Kind::Dummy | Kind::Label(_))
    }

    /// Whether the item is a container border.
    pub(crate) fn is_border(self) -> bool {
        matches!(self, Kind::BorderL(_) | Kind::BorderR(_))
    }
}

/// An item of the layered graph in internal (top-to-bottom) coordinates.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub kind: Kind,
    pub rank: usize,
    pub parent: Option<usize>,
    /// Extent left of the item's anchor x.
    pub left: f64,
    /// Extent right of the anchor x.
    pub right: f64,
    /// Extent along the flow (centred on the layer's middle line).
    pub depth: f64,
}

/// Minimum distance between the anchors of `a` and `b` when `a` is
/// immediately left of `b` in a layer.
pub(crate) fn sep(a: &Item, b: &Item) -> f64 {
    let gap = match (a.kind, b.kind) {
        (Kind::BorderL(_), _) | (_, Kind::BorderR(_)) => 0.0,
        (Kind::BorderR(_), _) | (_, Kind::BorderL(_)) => CONTAINER_SEP,
        (x, y) if x.is_edge() && y.is_edge() => EDGE_SEP,
        (x, y) if x.is_edge() || y.is_edge() => NODE_EDGE_SEP,
        _ => NODE_SEP,
    };
    a.right + gap + b.left
}

/// An input edge (not a self-loop) as a chain of items from the upper to the
/// lower endpoint.
pub(crate) struct Chain {
    pub edge: usize,
    pub reversed: bool,
    pub items: Vec<usize>,
    pub label: Option<usize>,
}

/// Items and chains before ordering.
pub(crate) struct Layered {
    pub items: Vec<Item>,
    pub chains: Vec<Chain>,
    /// Number of items that are nodes or placeholders (the rest are dummies
    /// and, after the compound step, borders).
    pub vertices: usize,
    /// Number of items before the borders are added.
    pub leaves: usize,
    /// Neighbours in the layer above / below, per item.
    pub up: Vec<Vec<usize>>,
    pub down: Vec<Vec<usize>>,
    /// Chains sharing a segment `(upper item, lower item)` of a bus, for the segments that
    /// two or more chains share (every other segment carries one).
    pub load: HashMap<(usize, usize), i64>,
}

/// Builds the items: nodes (widened on the right for their self-loops and
/// their labels), placeholders, then one dummy per crossed layer and edge.
#[cfg(test)]
pub(crate) fn build(input: &LayoutInput, clean: &Clean, ranking: &Ranking) -> Layered {
    build_with(
        input,
        clean,
        ranking,
        Chains {
            concentrate: true,
            inside: false,
        },
    )
}

/// How [`build_with`] lays the chains of long edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Chains {
    /// Edges into one node with one kind and label share their dummies (a bus), or each runs
    /// in a column of its own.
    pub concentrate: bool,
    /// A chain's dummies stay inside the containers of its ends as far as those reach, so that
    /// the edge leaves a host through its bottom or top; otherwise they run in the ends' lowest
    /// common container from the first layer on, and the edge leaves through a side.
    pub inside: bool,
}

/// [`build`], with the chains of long edges laid as `chains` says.
pub(crate) fn build_with(
    input: &LayoutInput,
    clean: &Clean,
    ranking: &Ranking,
    chains_as: Chains,
) -> Layered {
    let concentrate = chains_as.concentrate;
    let n = clean.size.len();
    let nv = clean.vertices();
    let down = clean.down;
    let mut items: Vec<Item> = Vec::with_capacity(nv + clean.edges.len());
    for v in 0..nv {
        let (b, d) = clean.vsize(v);
        let mut right = b / 2.0;
        let mut depth = d;
        if v < n && !clean.loops[v].is_empty() {
            let loops = &clean.loops[v];
            right += SELF_LOOP_WIDTH + SELF_LOOP_STEP * (loops.len() - 1) as f64;
            let mut first = true;
            for &e in loops {
                if let Some(l) = &input.edges[e].label {
                    let (lb, ld) = breadth_depth(down, l.width, l.height);
                    right += if first { LABEL_OFFSET } else { 4.0 } + lb;
                    first = false;
                    depth = depth.max(ld);
                }
            }
        }
        items.push(Item {
            kind: if v < n { Kind::Node(v) } else { Kind::Phantom },
            rank: ranking.ranks[v],
            parent: clean.vparent(v),
            left: b / 2.0,
            right,
            depth,
        });
    }
    let mut chains: Vec<Chain> = Vec::with_capacity(clean.edges.len());
    // Edges that share their lower end, kind and label are concentrated: they
    // run through one shared dummy per layer and container, a bus into their
    // common end (Sander 2003's hyperedges; dot's `concentrate`), instead of
    // one column each (when the layout asks for it, see
    // `layout_with_stats`); their label is placed once, on the bus's last
    // stretch, and every chain of the bus has it as its label.
    // A bus begins below the container its source sits in (the child of the chain's container
    // that holds the source): two sources in neighbouring hosts that shared a dummy beside the
    // hosts would run one of them through the other host.
    let mut lowest = vec![0usize; clean.cparent.len()];
    let mut highest = vec![usize::MAX; clean.cparent.len()];
    for v in 0..nv {
        let mut c = clean.vparent(v);
        while let Some(x) = c {
            lowest[x] = lowest[x].max(ranking.ranks[v]);
            highest[x] = highest[x].min(ranking.ranks[v]);
            c = clean.cparent[x];
        }
    }
    // With `inside`, a chain's dummy in layer `r` stays in the innermost container of its upper
    // end that reaches layer `r` (below the ends' common container `p`), or else in that of its
    // lower end; only where neither end's containers reach, or both do, does it run in `p`. An edge thus leaves a
    // host through its bottom, beside the host's lower tiers, instead of crossing the hosts
    // beside it to reach the side of their zone (hierarchical ports on the north and south
    // sides: Schulze, Spönemann and von Hanxleden, JVLC 2014).
    let within = |v: usize, p: Option<usize>, r: usize| -> Option<usize> {
        if !chains_as.inside {
            return None;
        }
        let mut c = clean.vparent(v);
        while let Some(x) = c.filter(|_| c != p) {
            if highest[x] <= r && r <= lowest[x] {
                return Some(x);
            }
            c = clean.cparent[x];
        }
        None
    };
    let mut shared: BTreeMap<(usize, usize, Option<usize>, u8, &str), usize> = BTreeMap::new();
    for (k, &ei) in clean.edges.iter().enumerate() {
        let (top, bottom) = ranking.oriented[k];
        let e = &input.edges[ei];
        let (r0, r1) = (ranking.ranks[top], ranking.ranks[bottom]);
        debug_assert!(r1 > r0);
        let p = clean.lca(clean.vparent(top), clean.vparent(bottom));
        let concentrate = concentrate && !ranking.reversed[k] && e.via == [None, None];
        let label_rank = e.label.as_ref().map(|_| {
            let mid = if concentrate {
                r1 - 1
            } else {
                r0 + (r1 - r0) / 2
            };
            if ranking.label_mode && mid % 2 == 0 {
                mid - 1
            } else {
                mid
            }
        });
        let kind = e.kind as u8;
        let text = e.label.as_ref().map_or("", |l| l.text.as_str());
        let mut chain_items = vec![top];
        let mut label_item = None;
        let (mut from, mut child) = (clean.vparent(top), None);
        while let Some(c) = from.filter(|_| from != p) {
            child = Some(c);
            from = clean.cparent[c];
        }
        let begins = child.map_or(0, |c| lowest[c] + 1);
        for r in r0 + 1..r1 {
            let parent = match (within(top, p, r), within(bottom, p, r)) {
                (Some(c), None) | (None, Some(c)) => Some(c),
                _ => p,
            };
            if concentrate && r >= begins {
                if let Some(&id) = shared.get(&(bottom, r, parent, kind, text)) {
                    if matches!(items[id].kind, Kind::Label(_)) {
                        label_item = Some(id);
                    }
                    chain_items.push(id);
                    continue;
                }
                shared.insert((bottom, r, parent, kind, text), items.len());
            }
            let id = items.len();
            let (kind, right, depth) = match (&e.label, Some(r) == label_rank) {
                (Some(l), true) => {
                    let (lb, ld) = breadth_depth(down, l.width, l.height);
                    label_item = Some(id);
                    (Kind::Label(chains.len()), LABEL_OFFSET + lb, ld)
                }
                _ => (Kind::Dummy, 0.0, 0.0),
            };
            items.push(Item {
                kind,
                rank: r,
                parent,
                left: 0.0,
                right,
                depth,
            });
            chain_items.push(id);
        }
        chain_items.push(bottom);
        chains.push(Chain {
            edge: ei,
            reversed: ranking.reversed[k],
            items: chain_items,
            label: label_item,
        });
    }
    let leaves = items.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); leaves];
    let mut dn: Vec<Vec<usize>> = vec![Vec::new(); leaves];
    let is_shared = {
        let mut v = vec![false; leaves];
        for &id in shared.values() {
            v[id] = true;
        }
        v
    };
    let mut load: HashMap<(usize, usize), i64> = HashMap::default();
    for ch in &chains {
        for w in ch.items.windows(2) {
            // A segment into a shared dummy is one segment, however many
            // chains use it (parallel edges elsewhere keep their weight).
            if is_shared[w[1]] {
                let n = load.entry((w[0], w[1])).or_insert(0);
                *n += 1;
                if *n > 1 {
                    continue;
                }
            }
            dn[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
        }
    }
    Layered {
        items,
        chains,
        vertices: nv,
        leaves,
        up,
        down: dn,
        load: {
            load.retain(|_, n| *n > 1);
            load
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{normalise, rank, EdgeSpec, LabelSpec, NodeSpec};

    #[test]
    fn long_edges_get_one_dummy_per_crossed_layer_and_labels_a_holder() {
        let node = |id: &str| NodeSpec {
            id: id.into(),
            width: 40.0,
            height: 20.0,
            parent: None,
        };
        let mut long = EdgeSpec::new(0, 2);
        long.label = Some(LabelSpec {
            text: "x".into(),
            width: 30.0,
            height: 12.0,
        });
        let input = LayoutInput {
            nodes: vec![node("a"), node("b"), node("c")],
            edges: vec![EdgeSpec::new(0, 1), EdgeSpec::new(1, 2), long],
            ..LayoutInput::default()
        };
        let clean = normalise::run(&input);
        let ranking = rank::run(&input, &clean);
        // Labels double the ranks: a at 0, b at 2, c at 4.
        assert!(ranking.label_mode);
        assert_eq!(&ranking.ranks[..3], &[0, 2, 4]);
        let g = build(&input, &clean, &ranking);
        assert_eq!(g.chains.len(), 3);
        assert_eq!(g.chains[2].items.len(), 5, "a, 3 dummies, c");
        let label = g.chains[2].label.expect("label holder");
        assert_eq!(g.items[label].kind, Kind::Label(2));
        assert_eq!(g.items[label].right, LABEL_OFFSET + 30.0);
        assert_eq!(g.items[label].rank % 2, 1, "labels sit in label layers");
        for w in g.chains[2].items.windows(2) {
            assert_eq!(g.items[w[0]].rank + 1, g.items[w[1]].rank);
        }
    }
}
