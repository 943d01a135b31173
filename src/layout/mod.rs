//! Layered ("Sugiyama") layout of compound architecture graphs.
//!
//! [`layout`] turns boxes (nodes), nested boxes (containers) and edges into
//! coordinates in SVG user units. The pipeline is the field's standard one
//! (K. Sugiyama, S. Tagawa and M. Toda, "Methods for visual understanding of
//! hierarchical system structures", IEEE SMC 11(2), 1981), extended to compound
//! graphs:
//!
//! 1. cycle breaking by greedy feedback arc set ([`acyclic`], Eades, Lin &
//!    Smyth 1993); reversed edges are routed backwards so that their arrow
//!    still points the original way;
//! 2. ranking by network simplex ([`rank`], Gansner et al. 1993, section 2);
//!    containers do not affect ranks, so tiers line up across containers;
//!    when any edge has a label every rank is doubled so that labels get a
//!    layer of their own between two tiers;
//! 3. long edges are split into dummy items, one per crossed layer, the
//!    middle one carrying the edge label's box;
//! 4. crossing reduction with hierarchical barycenter sweeps, transpositions
//!    and exact crossing counts ([`order`], Gansner et al. 1993 section 3,
//!    Sander 1996, Forster 2002, Barth, Jünger & Mutzel 2004);
//! 5. coordinates by Brandes & Köpf 2001 along the layers and layer stacking
//!    along the flow ([`position`]);
//! 6. routing through the dummy positions, with ports spread along the box
//!    border ([`route`]).
//!
//! Everything is computed for [`Direction::Down`]; [`Direction::Right`] lays
//! out the transposed problem (widths and heights swapped) and swaps the axes
//! at the end. No hash-map iteration order reaches the output, so the result
//! is a pure function of the input.
//!
//! Guarantees (checked by the property tests on generated inputs): node boxes
//! never overlap; a container contains its members with [`CONTAINER_PAD`] and
//! its title area; containers overlap only when nested and never overlap a
//! foreign node; every edge polyline runs from the border of its source box
//! to the border of its target box without entering another node box; edge
//! labels sit beside their edge and overlap no node, title area or other
//! label.
//!
//! Limitations: edges may cross container title areas (a renderer should
//! paint titles over edges, e.g. with a background); every edge spans at
//! least one layer, so two nodes joined by an edge never share a tier; the
//! heuristics stop at fixed work budgets, so very large graphs get fewer
//! crossing-reduction sweeps and a Brandes–Köpf placement that the x
//! network simplex only partly improves.

// Index loops over parallel per-vertex arrays read best in graph code.
#![allow(clippy::needless_range_loop)]
#![warn(missing_docs)]

mod acyclic;
mod order;
mod position;
mod rank;
mod route;
#[cfg(test)]
mod tests;
pub mod text;

use serde::{Deserialize, Serialize};

/// Gap between two node boxes of one layer, SVG user units.
pub const NODE_SEP: f64 = 24.0;
/// Gap between a node box and an edge passing beside it, SVG user units.
pub const NODE_EDGE_SEP: f64 = 16.0;
/// Gap between two edges running side by side, SVG user units.
pub const EDGE_SEP: f64 = 10.0;
/// Gap between a container border and anything outside it in the same
/// layer, SVG user units.
pub const CONTAINER_SEP: f64 = 16.0;
/// Gap between consecutive layers (ranks), SVG user units. With edge labels
/// the label layer sits in the middle and each half gap is `RANK_SEP / 2`.
pub const RANK_SEP: f64 = 40.0;
/// Padding between a container border and its members, SVG user units.
pub const CONTAINER_PAD: f64 = 12.0;
/// Minimum clearance between a container border and things above or below
/// it that are not inside it, SVG user units.
pub const CONTAINER_GAP: f64 = 12.0;
/// Distance between an edge and its label box, SVG user units.
pub const LABEL_OFFSET: f64 = 6.0;
/// Margin around the whole drawing, SVG user units.
pub const MARGIN: f64 = 16.0;
/// Preferred distance between edge ports on one side of a node, SVG user
/// units.
pub const PORT_SPACING: f64 = 8.0;
/// Width of the innermost self-loop, SVG user units (each further loop on
/// the same node is `SELF_LOOP_STEP` wider).
pub const SELF_LOOP_WIDTH: f64 = 16.0;
/// Extra width of each further self-loop on the same node, SVG user units.
pub const SELF_LOOP_STEP: f64 = 10.0;
/// Size of the invisible placeholder that gives an empty container a body,
/// SVG user units.
pub const EMPTY_CONTAINER_SIZE: f64 = 24.0;

/// Main flow direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Ranks go top to bottom; edges point downwards.
    #[default]
    Down,
    /// Ranks go left to right; edges point rightwards.
    Right,
}

/// Everything the layout needs: abstract boxes and edges, no model types.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LayoutInput {
    /// Main flow direction.
    pub direction: Direction,
    /// Leaf boxes (components).
    pub nodes: Vec<NodeSpec>,
    /// Nested boxes (hosts, clusters, zones).
    pub containers: Vec<ContainerSpec>,
    /// Directed edges between nodes.
    pub edges: Vec<EdgeSpec>,
}

/// A leaf box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeSpec {
    /// Identifier echoed in the output.
    pub id: String,
    /// Box width, SVG user units.
    pub width: f64,
    /// Box height, SVG user units.
    pub height: f64,
    /// Index into [`LayoutInput::containers`] of the innermost container
    /// (an out-of-range index is treated as `None`).
    pub parent: Option<usize>,
}

/// A container box drawn around its members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContainerSpec {
    /// Identifier echoed in the output.
    pub id: String,
    /// `"host"`, `"zone"`, `"cluster"`…, echoed in the output.
    pub kind: String,
    /// Width of the container's title, SVG user units.
    pub label_width: f64,
    /// Height of the container's title band, SVG user units.
    pub label_height: f64,
    /// Index of the enclosing container (out-of-range or cyclic parents are
    /// treated as `None`).
    pub parent: Option<usize>,
}

/// A directed edge between two nodes (indices into [`LayoutInput::nodes`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdgeSpec {
    /// Source node index.
    pub from: usize,
    /// Target node index.
    pub to: usize,
    /// Optional label box to place beside the edge.
    pub label: Option<LabelSpec>,
}

/// Size of an edge label, SVG user units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelSpec {
    /// Text echoed in the output.
    pub text: String,
    /// Width, SVG user units.
    pub width: f64,
    /// Height, SVG user units.
    pub height: f64,
}

/// Laid-out drawing. All coordinates are SVG user units, origin top-left,
/// rounded to 2 decimals; everything lies within `[0, width] x [0, height]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Geometry {
    /// Width of the drawing (including [`MARGIN`] on both sides).
    pub width: f64,
    /// Height of the drawing (including [`MARGIN`] on both sides).
    pub height: f64,
    /// One box per input node, same order as the input.
    pub nodes: Vec<NodeBox>,
    /// One box per input container, same order as the input.
    pub containers: Vec<ContainerBox>,
    /// One route per input edge whose endpoints are valid node indices, in
    /// input order.
    pub edges: Vec<EdgeRoute>,
}

/// A node's box; `x`, `y` is the top-left corner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeBox {
    /// Id of the input node.
    pub id: String,
    /// Left edge, SVG user units.
    pub x: f64,
    /// Top edge, SVG user units.
    pub y: f64,
    /// Width (the input width), SVG user units.
    pub width: f64,
    /// Height (the input height), SVG user units.
    pub height: f64,
}

/// A container's box; `x`, `y` is the top-left corner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContainerBox {
    /// Id of the input container.
    pub id: String,
    /// Kind of the input container (`"host"`, `"zone"`, `"cluster"`…).
    pub kind: String,
    /// Left edge, SVG user units.
    pub x: f64,
    /// Top edge, SVG user units.
    pub y: f64,
    /// Width, SVG user units.
    pub width: f64,
    /// Height, SVG user units.
    pub height: f64,
    /// Ids of the nodes and containers directly inside (nodes first, each
    /// group in input order).
    pub members: Vec<String>,
    /// Top-left corner of the title area (`label_width` x `label_height`):
    /// `x + CONTAINER_PAD`, `y + CONTAINER_PAD / 2`. Nothing else is drawn
    /// there.
    pub label_x: f64,
    /// See [`ContainerBox::label_x`].
    pub label_y: f64,
}

/// The route of one edge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeRoute {
    /// Id of the source node.
    pub from: String,
    /// Id of the target node.
    pub to: String,
    /// Polyline from a point on the border of `from`'s box to a point on the
    /// border of `to`'s box (draw the arrow head at the last point). Self-loops
    /// leave and re-enter the right side (bottom side for
    /// [`Direction::Right`]).
    pub points: Vec<[f64; 2]>,
    /// Placed label, if the input edge had one.
    pub label: Option<LabelBox>,
}

/// A placed edge label; `x`, `y` is the top-left corner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelBox {
    /// Text of the input label.
    pub text: String,
    /// Left edge, SVG user units.
    pub x: f64,
    /// Top edge, SVG user units.
    pub y: f64,
    /// Width (the input width), SVG user units.
    pub width: f64,
    /// Height (the input height), SVG user units.
    pub height: f64,
}

/// Statistics about a layout, for benchmarks and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LayoutStats {
    /// Number of layers (ranks, including label layers).
    pub layers: usize,
    /// Edge crossings between consecutive layers of the final ordering
    /// (counted exactly, Barth–Jünger–Mutzel); each crossing of two edge
    /// polylines inside one inter-layer gap counts once.
    pub crossings: usize,
    /// Number of dummy items inserted for long edges.
    pub dummies: usize,
    /// Number of edges reversed to break cycles.
    pub reversed: usize,
}

/// Lays out `input`; see the module documentation for the pipeline.
///
/// ```
/// use archc::layout::{layout, text, Direction, EdgeSpec, LabelSpec, LayoutInput, NodeSpec};
///
/// let node = |id: &str| NodeSpec {
///     id: id.into(),
///     width: text::text_width(id, 12.0) + 24.0,
///     height: 36.0,
///     parent: None,
/// };
/// let input = LayoutInput {
///     direction: Direction::Down,
///     nodes: vec![node("web"), node("db")],
///     containers: vec![],
///     edges: vec![EdgeSpec {
///         from: 0,
///         to: 1,
///         label: Some(LabelSpec { text: "SQL".into(), width: 24.0, height: 14.0 }),
///     }],
/// };
/// let g = layout(&input);
/// assert!(g.nodes[0].y + g.nodes[0].height < g.nodes[1].y);
/// let route = &g.edges[0];
/// assert_eq!(route.points.first().unwrap()[1], g.nodes[0].y + g.nodes[0].height);
/// assert_eq!(route.points.last().unwrap()[1], g.nodes[1].y);
/// ```
pub fn layout(input: &LayoutInput) -> Geometry {
    layout_with_stats(input).0
}

/// Number of edge crossings in the layout of `input` (see
/// [`LayoutStats::crossings`]).
pub fn count_crossings(input: &LayoutInput) -> usize {
    layout_with_stats(input).1.crossings
}

/// Work budget (edge visits) of the x-coordinate network simplex; beyond it
/// the Brandes–Köpf placement is kept as it stands.
const X_SIMPLEX_BUDGET: usize = 3_000_000;

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
    pub(crate) fn is_edge(self) -> bool {
        matches!(self, Kind::Dummy | Kind::Label(_))
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

fn sanitize_container_parents(cs: &[ContainerSpec]) -> Vec<Option<usize>> {
    let nc = cs.len();
    let mut parent: Vec<Option<usize>> = cs.iter().map(|c| c.parent.filter(|&p| p < nc)).collect();
    for c in 0..nc {
        // Walk up; if the walk is longer than nc there is a cycle through c's
        // ancestors: cut it at c.
        let mut p = parent[c];
        let mut steps = 0;
        while let Some(q) = p {
            if q == c || steps > nc {
                parent[c] = None;
                break;
            }
            steps += 1;
            p = parent[q];
        }
    }
    parent
}

fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// [`layout`] plus [`LayoutStats`].
pub fn layout_with_stats(input: &LayoutInput) -> (Geometry, LayoutStats) {
    let n = input.nodes.len();
    let nc = input.containers.len();
    if n == 0 && nc == 0 {
        return (
            Geometry {
                width: 2.0 * MARGIN,
                height: 2.0 * MARGIN,
                ..Geometry::default()
            },
            LayoutStats::default(),
        );
    }
    let down = input.direction == Direction::Down;
    // (breadth along a layer, depth along the flow) of a w x h box.
    let bd = |w: f64, h: f64| if down { (w, h) } else { (h, w) };
    let clean = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };

    let cparent = sanitize_container_parents(&input.containers);
    let nparent: Vec<Option<usize>> = input
        .nodes
        .iter()
        .map(|nd| nd.parent.filter(|&p| p < nc))
        .collect();
    let mut cdepth = vec![0usize; nc];
    for c in 0..nc {
        let mut p = cparent[c];
        while let Some(q) = p {
            cdepth[c] += 1;
            p = cparent[q];
        }
    }
    let lca = |a: Option<usize>, b: Option<usize>| -> Option<usize> {
        let (mut a, mut b) = (a, b);
        loop {
            match (a, b) {
                (Some(x), Some(y)) if x == y => return a,
                (Some(x), Some(y)) => {
                    if cdepth[x] >= cdepth[y] {
                        a = cparent[x];
                    } else {
                        b = cparent[y];
                    }
                }
                _ => return None,
            }
        }
    };

    // Edges: self-loops per node, the rest as ranking edges.
    let mut loops: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut nonloop: Vec<usize> = Vec::new();
    for (i, e) in input.edges.iter().enumerate() {
        if e.from >= n || e.to >= n {
            continue;
        }
        if e.from == e.to {
            loops[e.from].push(i);
        } else {
            nonloop.push(i);
        }
    }

    // Placeholders for containers with no members at all.
    let mut has_member = vec![false; nc];
    for p in nparent.iter().flatten() {
        has_member[*p] = true;
    }
    for p in cparent.iter().flatten() {
        has_member[*p] = true;
    }
    let phantoms: Vec<usize> = (0..nc).filter(|&c| !has_member[c]).collect();
    let nn = n + phantoms.len();

    // 1. Cycle breaking and 2. ranking.
    let pairs: Vec<(usize, usize)> = nonloop
        .iter()
        .map(|&i| (input.edges[i].from, input.edges[i].to))
        .collect();
    let reversed = acyclic::feedback_arcs(nn, &pairs);
    let oriented: Vec<(usize, usize)> = pairs
        .iter()
        .zip(&reversed)
        .map(|(&(u, v), &r)| if r { (v, u) } else { (u, v) })
        .collect();
    let mut ranks: Vec<usize> = rank::rank(nn, &oriented)
        .into_iter()
        .map(|r| r as usize)
        .collect();
    let label_mode = nonloop.iter().any(|&i| input.edges[i].label.is_some());
    if label_mode {
        ranks.iter_mut().for_each(|r| *r *= 2);
    }
    let nlayers = ranks.iter().copied().max().unwrap_or(0) + 1;

    // 3. Items: nodes, placeholders, then dummies.
    let mut items: Vec<Item> = Vec::with_capacity(nn + nonloop.len());
    for (i, nd) in input.nodes.iter().enumerate() {
        let (b, d) = bd(clean(nd.width), clean(nd.height));
        let mut right = b / 2.0;
        let mut depth = d;
        if !loops[i].is_empty() {
            right += SELF_LOOP_WIDTH + SELF_LOOP_STEP * (loops[i].len() - 1) as f64;
            let mut first = true;
            for &e in &loops[i] {
                if let Some(l) = &input.edges[e].label {
                    let (lb, ld) = bd(clean(l.width), clean(l.height));
                    right += if first { LABEL_OFFSET } else { 4.0 } + lb;
                    first = false;
                    depth = depth.max(ld);
                }
            }
        }
        items.push(Item {
            kind: Kind::Node(i),
            rank: ranks[i],
            parent: nparent[i],
            left: b / 2.0,
            right,
            depth,
        });
    }
    for (k, &c) in phantoms.iter().enumerate() {
        items.push(Item {
            kind: Kind::Phantom,
            rank: ranks[n + k],
            parent: Some(c),
            left: EMPTY_CONTAINER_SIZE / 2.0,
            right: EMPTY_CONTAINER_SIZE / 2.0,
            depth: EMPTY_CONTAINER_SIZE,
        });
    }
    let mut chains: Vec<Chain> = Vec::with_capacity(nonloop.len());
    for (k, &ei) in nonloop.iter().enumerate() {
        let (top, bottom) = oriented[k];
        let e = &input.edges[ei];
        let (r0, r1) = (ranks[top], ranks[bottom]);
        debug_assert!(r1 > r0);
        let p = lca(nparent[top], nparent[bottom]);
        let label_rank = e.label.as_ref().map(|_| {
            let mid = r0 + (r1 - r0) / 2;
            if label_mode && mid % 2 == 0 {
                mid - 1
            } else {
                mid
            }
        });
        let mut chain_items = vec![top];
        let mut label_item = None;
        for r in r0 + 1..r1 {
            let id = items.len();
            let (kind, right, depth) = if Some(r) == label_rank {
                let l = e.label.as_ref().expect("label rank implies label");
                let (lb, ld) = bd(clean(l.width), clean(l.height));
                label_item = Some(id);
                (Kind::Label(chains.len()), LABEL_OFFSET + lb, ld)
            } else {
                (Kind::Dummy, 0.0, 0.0)
            };
            items.push(Item {
                kind,
                rank: r,
                parent: p,
                left: 0.0,
                right,
                depth,
            });
            chain_items.push(id);
        }
        chain_items.push(bottom);
        chains.push(Chain {
            edge: ei,
            reversed: reversed[k],
            items: chain_items,
            label: label_item,
        });
    }
    let leaf_count = items.len();

    // Container spans (inclusive layer ranges).
    let mut span: Vec<(usize, usize)> = vec![(usize::MAX, 0); nc];
    for it in &items {
        let mut p = it.parent;
        while let Some(c) = p {
            span[c].0 = span[c].0.min(it.rank);
            span[c].1 = span[c].1.max(it.rank);
            p = cparent[c];
        }
    }

    // Adjacency of leaves.
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); leaf_count];
    let mut dn: Vec<Vec<usize>> = vec![Vec::new(); leaf_count];
    for ch in &chains {
        for w in ch.items.windows(2) {
            dn[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
        }
    }

    // 4. Ordering.
    let item_rank: Vec<usize> = items.iter().map(|it| it.rank).collect();
    let item_parent: Vec<Option<usize>> = items.iter().map(|it| it.parent).collect();
    let (entries, crossings) = order::order(&order::OrderGraph {
        nlayers,
        rank: &item_rank,
        parent: &item_parent,
        cparent: &cparent,
        span: &span,
        up: &up,
        down: &dn,
        real: n,
    });

    // Container insets (internal coordinates).
    let pad = CONTAINER_PAD;
    let inset = |c: usize| -> (f64, f64, f64, f64, f64, f64) {
        // (left, right, top, bottom, min breadth, min depth)
        let cs = &input.containers[c];
        let (lw, lh) = (clean(cs.label_width), clean(cs.label_height));
        if down {
            (pad, pad, pad + lh, pad, lw + 2.0 * pad, 0.0)
        } else {
            (pad + lh, pad, pad, pad, 0.0, lw + 2.0 * pad)
        }
    };

    // Final layers with border items.
    let mut layers: Vec<Vec<usize>> = Vec::with_capacity(nlayers);
    let mut lborder: Vec<Vec<usize>> = vec![Vec::new(); nc];
    let mut rborder: Vec<Vec<usize>> = vec![Vec::new(); nc];
    for (r, layer) in entries.iter().enumerate() {
        let mut out = Vec::with_capacity(layer.len());
        for e in layer {
            match *e {
                order::Entry::Leaf(v) => out.push(v),
                order::Entry::Open(c) | order::Entry::Close(c) => {
                    let (l, rr, ..) = inset(c);
                    let is_open = matches!(e, order::Entry::Open(_));
                    let id = items.len();
                    items.push(Item {
                        kind: if is_open {
                            Kind::BorderL(c)
                        } else {
                            Kind::BorderR(c)
                        },
                        rank: r,
                        parent: Some(c),
                        left: if is_open { 0.0 } else { rr },
                        right: if is_open { l } else { 0.0 },
                        depth: 0.0,
                    });
                    if is_open {
                        lborder[c].push(id);
                    } else {
                        rborder[c].push(id);
                    }
                    out.push(id);
                }
            }
        }
        layers.push(out);
    }
    up.resize(items.len(), Vec::new());
    dn.resize(items.len(), Vec::new());
    for c in 0..nc {
        for list in [&lborder[c], &rborder[c]] {
            for w in list.windows(2) {
                dn[w[0]].push(w[1]);
                up[w[1]].push(w[0]);
            }
        }
    }
    let mut extra = Vec::new();
    for c in 0..nc {
        let (.., min_b, _) = inset(c);
        if min_b > 0.0 {
            if let (Some(&l), Some(&r)) = (lborder[c].first(), rborder[c].first()) {
                extra.push((l, r, min_b));
            }
        }
    }

    // 5. Coordinates.
    let mut x = position::assign_x(&items, &layers, &up, &dn, &extra);
    position::refine_x(
        &items,
        &layers,
        &up,
        &mut x,
        &lborder,
        &rborder,
        &extra,
        X_SIMPLEX_BUDGET,
    );
    let mut innermost_first: Vec<usize> = (0..nc).collect();
    innermost_first.sort_by_key(|&c| (std::cmp::Reverse(cdepth[c]), c));
    let min_breadth: Vec<f64> = (0..nc).map(|c| inset(c).4).collect();
    position::shrink_containers(
        &items,
        &layers,
        &mut x,
        &lborder,
        &rborder,
        &innermost_first,
        &min_breadth,
    );
    let mut layer_depth = vec![0.0f64; nlayers];
    for it in &items {
        layer_depth[it.rank] = layer_depth[it.rank].max(it.depth);
    }
    let gap = vec![if label_mode { RANK_SEP / 2.0 } else { RANK_SEP }; nlayers];
    let vboxes: Vec<position::VBox> = (0..nc)
        .map(|c| {
            let (_, _, t, b, _, min_d) = inset(c);
            position::VBox {
                span: span[c],
                parent: cparent[c],
                depth: cdepth[c],
                inset_top: t,
                inset_bottom: b,
                min_depth: min_d,
            }
        })
        .collect();
    let yplan = position::assign_y(layer_depth, &gap, &vboxes, CONTAINER_GAP);

    // 6. Routing and assembly (internal coordinates, then transposed).
    let geo = route::assemble(&route::Assembly {
        input,
        down,
        items: &items,
        x: &x,
        y: &yplan,
        chains: &chains,
        loops: &loops,
        lborder: &lborder,
        rborder: &rborder,
        nparent: &nparent,
        cparent: &cparent,
    });
    let stats = LayoutStats {
        layers: nlayers,
        crossings,
        dummies: leaf_count - nn,
        reversed: reversed.iter().filter(|&&r| r).count(),
    };
    (geo, stats)
}
