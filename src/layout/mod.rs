//! Layered ("Sugiyama") layout of compound architecture graphs.
//!
//! [`layout`] turns boxes (nodes), nested boxes (containers) and edges into
//! coordinates in SVG user units. The pipeline is the field's standard one
//! (K. Sugiyama, S. Tagawa and M. Toda, "Methods for visual understanding of
//! hierarchical system structures", IEEE SMC 11(2), 1981), extended to
//! compound graphs, and [`layout_with_stats`] runs it as a list of named
//! steps, one module each, in the manner of dagre's `runLayout` and ELK
//! Layered's phases:
//!
//! 1. [`normalise`]: the input cleaned (sizes, parents, self-loops, empty
//!    containers);
//! 2. [`rank`]: cycles broken by a greedy feedback arc set ([`acyclic`],
//!    Eades, Lin & Smyth 1993), ranks by network simplex (Gansner et al.
//!    1993, section 2), with a store used from three or more sibling
//!    containers ranked below them, and the top-level containers of a drawing
//!    far wider than deep wrapped into rows; with edge labels every rank is
//!    doubled so that labels get a layer of their own; then long edges split
//!    into dummies, which may run inside the containers of their ends as far
//!    as those reach
//!    ([`graph`]), those into one node with one kind and label sharing one
//!    dummy per layer: a bus with one label and one arrowhead (edge
//!    concentration; Sander, GD 2003, draws such hyperedges);
//! 3. [`compound`]: container spans, insets and border items;
//! 4. [`order`]: crossing reduction with hierarchical barycenter sweeps,
//!    transpositions and exact crossing counts (Gansner et al. 1993 section
//!    3, Sander 1996, Forster 2002, Barth, Jünger & Mutzel 2004), crossings
//!    of container sides counted first, and runs of a long edge moved across
//!    a container at once; in a drawing wrapped into three rows or more, wide
//!    buses then move to the left end of their layers ([`wrap`]);
//! 5. [`place`]: x by Brandes & Köpf 2001 refined by network simplex
//!    (Gansner et al. 1993 section 4), a bus's segments weighted by the edges
//!    they carry; where the simplex stops at its budget, empty bands inside
//!    containers closed ([`compact`]); y by stacking the layers with room for
//!    container titles and edge tracks;
//! 6. [`route`]: orthogonal routes on tracks between the layers (Sander,
//!    GD 2003) or polylines, ports spread along the box sides and right of
//!    the titles over them, long edges straightened first ([`straighten`]);
//! 7. [`labels`]: edge label boxes and self-loops; the result is then
//!    transposed for [`Direction::Right`], moved to the margin and rounded;
//! 8. [`detour`]: the edges that still pass through a container that holds
//!    neither end, a title or a node rerouted around them by an orthogonal
//!    connector router (Wybrow, Marriott & Stuckey, GD 2009);
//! 9. [`jogs`]: a staircase of two jogs in one edge made one jog where the
//!    room allows (the same paper's straightening of bends); like step 8,
//!    on designs of up to [`DETOUR_MAX`] nodes.
//!
//! *Level edges.* Replication between two nodes, each in no other
//! replication edge, is drawn level, as a reference drawing puts a primary
//! beside its replica: its ends are ranked as one vertex (dot's `rank=same`,
//! Gansner et al. 1993 section 2), the edge takes no part in ordering, and a
//! straight line joins the facing sides of its ends, the label above it in
//! a gap the placement keeps wide enough. The order decides whether that is
//! possible: what it left between the ends besides the borders of the ends'
//! own containers moves aside where it lies in that one tier, containers and
//! all ([`level::clear`]); when something else still lies between them, or
//! the ranking could not put them in one tier, the layout is redone with
//! those edges ranked like any other. dot draws such *flat
//! edges* the same way (Gansner et al. 1993, section 3, which orders a flat
//! edge's tail left of its head).
//!
//! Everything is computed for [`Direction::Down`]; [`Direction::Right`] lays
//! out the transposed problem (widths and heights swapped) and swaps the axes
//! at the end. No hash-map iteration order reaches the output, so the result
//! is a pure function of the input.
//!
//! Guarantees (checked by [`verify`] on generated inputs in the unit tests
//! and on whole designs in the property tests): node boxes never overlap; a
//! container contains its members with [`CONTAINER_PAD`] and its title;
//! containers overlap only when nested and never overlap a foreign node;
//! every edge runs from the border of its source box to the border of its
//! target box without entering another node box; edge labels sit beside
//! their edge and overlap no node, title or other label; with
//! [`Routing::Orthogonal`] every segment is horizontal or vertical and
//! arrowheads on one side of a box are [`PORT_SPACING`] apart or merged.
//!
//! *Ways tried.* A design of up to [`BOTH_WAYS_MAX`] nodes is laid out with
//! and without buses, with chains beside and inside their hosts, until one
//! way has no edge through a container or a title ([`verify::through`]) and
//! no crossing; the one with the fewest of those, then the fewest
//! crossings, is kept.
//!
//! Limitations: but for level edges, every edge spans at least one layer, so
//! two nodes joined by an edge never share a tier; a layout with a level
//! edge that cannot be drawn level is computed twice; an edge from a member
//! of one container to a node outside may still pass through a sibling
//! container when the order cannot put the two side by side and its detour
//! finds no room within its budget (or the design has more than
//! [`DETOUR_MAX`] nodes); the heuristics stop at fixed work budgets, so
//! very large graphs get fewer crossing-reduction sweeps, a Brandes–Köpf
//! placement that the x network simplex only partly improves, and greedy
//! tracks; side entries under a container's title are made for
//! [`Direction::Down`] only.

// Index loops over parallel per-vertex arrays read best in graph code.
#![allow(clippy::needless_range_loop)]
#![warn(missing_docs)]

mod acyclic;
mod compact;
mod compound;
mod detour;
mod fan_in;
mod finish;
mod graph;
mod jogs;
mod labels;
mod level;
mod normalise;
mod order;
mod place;
mod rank;
mod refine;
mod route;
mod straighten;
#[cfg(test)]
mod tests;
pub mod text;
pub mod verify;
mod wrap;

use serde::{Deserialize, Serialize};

pub use route::TRACK_SEP;
/// Gap between two node boxes of one layer, SVG user units.
pub const NODE_SEP: f64 = 24.0;
/// Gap between a node box and an edge passing beside it, SVG user units.
pub const NODE_EDGE_SEP: f64 = 16.0;
/// Gap between two edges running side by side, SVG user units: the spacing of
/// ports ([`PORT_SPACING`]), so that edges leaving one side side by side run
/// straight down from their ports.
pub const EDGE_SEP: f64 = PORT_SPACING;
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
/// Smallest distance between two edge ports (arrowheads) on one side of a
/// node, SVG user units; ports that do not fit at this spacing merge into one.
pub const PORT_SPACING: f64 = 12.0;
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
    /// How edges are drawn.
    #[serde(default)]
    pub routing: Routing,
    /// Pairs of nodes (indices into [`LayoutInput::nodes`]) to draw in one
    /// tier, such as a host's monitoring agent and the host's entry. A pair
    /// is dropped when it would put both ends of an edge in one tier.
    #[serde(default)]
    pub same_rank: Vec<(usize, usize)>,
    /// Nodes to centre on others: `(v, nodes)` (indices into
    /// [`LayoutInput::nodes`]) pulls node `v` to the middle between the
    /// leftmost and the rightmost of `nodes` (across the flow), such as a web
    /// server under the two load balancers of the cluster whose link reaches
    /// it. It takes the place of the centring on an edge's container
    /// ([`EdgeSpec::via`]); out-of-range indices are ignored.
    #[serde(default)]
    pub centre_over: Vec<(usize, Vec<usize>)>,
}

/// How edges are drawn between the layers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Routing {
    /// Horizontal and vertical segments only, on tracks between the layers
    /// (Sander, GD 2003).
    #[default]
    Orthogonal,
    /// Straight diagonals between the layers, vertical within them.
    Polyline,
}

/// What an edge stands for, echoed in the output so that renderers can style
/// it and checks can tell requests from the rest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A request from client to server.
    #[default]
    Request,
    /// Traffic that is not a request (such as `~>` links).
    NonRequest,
    /// Replication between copies of data.
    Replication,
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
    /// What the edge stands for.
    #[serde(default)]
    pub kind: EdgeKind,
    /// Containers (indices into [`LayoutInput::containers`]) at whose border
    /// the edge starts and ends instead of at its nodes' borders, such as a
    /// link written to a cluster: the node (a member of the container) stands
    /// for the container in ranking and ordering, and the route is cut where
    /// it leaves or enters the container. A container that does not hold the
    /// node is ignored.
    #[serde(default)]
    pub via: [Option<usize>; 2],
}

impl EdgeSpec {
    /// An unlabelled request edge from node `from` to node `to`.
    pub fn new(from: usize, to: usize) -> EdgeSpec {
        EdgeSpec {
            from,
            to,
            label: None,
            kind: EdgeKind::Request,
            via: [None, None],
        }
    }
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// The title band (`label_width` x `label_height` of the input), at
    /// `x + CONTAINER_PAD`, `y + CONTAINER_PAD / 2`. No edge, label or other
    /// box is drawn there.
    pub title: Rect,
}

/// An axis-parallel rectangle; `x`, `y` is the top-left corner, SVG user
/// units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The route of one edge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// What the edge stands for (the input's kind).
    #[serde(default)]
    pub kind: EdgeKind,
    /// Ids of the containers at whose border the route starts and ends
    /// instead of at `from`'s and `to`'s (see [`EdgeSpec::via`]).
    #[serde(default)]
    pub via: [Option<String>; 2],
}

/// A placed edge label; `x`, `y` is the top-left corner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// Crossings of edges with the sides of containers that span both layers of the edge's
    /// segment, in the same ordering: one for each container an edge leaves or enters through
    /// its side, and two more for each container it passes through.
    pub sides_crossed: usize,
    /// Rows the top-level containers were wrapped into (0: not wrapped).
    pub rows: usize,
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
///         label: Some(LabelSpec { text: "SQL".into(), width: 24.0, height: 14.0 }),
///         ..EdgeSpec::new(0, 1)
///     }],
///     ..LayoutInput::default()
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

fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// [`layout`] plus [`LayoutStats`]: the driver of the steps listed in the
/// module documentation.
pub fn layout_with_stats(input: &LayoutInput) -> (Geometry, LayoutStats) {
    drawn(input)
}

/// Largest design (in nodes) whose edges through containers are rerouted ([`detour`]) and
/// whose staircases are straightened ([`jogs`]): on larger ones the searches' budget reroutes
/// few of their many such edges, and the grid of every edge's runs costs more than the bends
/// it saves.
const DETOUR_MAX: usize = 5_000;

/// The layout of `input`, with the detours of step 8 ([`detour`]).
fn drawn(input: &LayoutInput) -> (Geometry, LayoutStats) {
    if input.nodes.is_empty() && input.containers.is_empty() {
        let empty = Geometry {
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
            ..Geometry::default()
        };
        return (empty, LayoutStats::default());
    }
    // Replication between two nodes is drawn level where it can be: the
    // layout is tried with every candidate level, and redone without those
    // whose ends did not land in one tier side by side.
    let mut level = level::candidates(input);
    let mut run_in = |chains: graph::Chains, rows: Option<usize>| loop {
        match attempt(input, &level, chains, rows) {
            Ok(done) => return (done.0, done.1, chains),
            Err(failed) => level.retain(|e| !failed.contains(e)),
        }
    };
    let detoured = |mut g: Geometry| {
        if input.routing == Routing::Orthogonal && input.nodes.len() <= DETOUR_MAX {
            detour::run(&mut g);
            jogs::run(&mut g);
        }
        g
    };
    let (g, stats, chains) = laid_out(input, |chains| {
        let (g, s, _) = run_in(chains, None);
        (g, s)
    });
    // The rows of a wide design are estimated before the drawing exists; when it still came
    // out wider than `wrap::MAX_ASPECT`, a design of up to `REWRAP_MAX` nodes is drawn again
    // with more rows, as many as its real aspect asks for.
    let across = |g: &Geometry| {
        let (b, d) = if input.direction == Direction::Down {
            (g.width, g.height)
        } else {
            (g.height, g.width)
        };
        b / d.max(1.0)
    };
    let aspect = across(&g);
    if aspect <= wrap::MAX_ASPECT || input.nodes.len() > REWRAP_MAX {
        return (detoured(g), stats);
    }
    // The first retry assumes that `R` rows make the drawing `R` times narrower and deeper; a
    // design whose depth is set by its ranks narrows more slowly, so later retries (at most
    // `REWRAP_TRIES` in all) fit `aspect ~ rows^-p` to the last two drawings and aim at
    // `REWRAP_AIM`, inside `wrap::MAX_ASPECT`, with at most twice the rows of the last (the
    // fit from few rows underestimates `p`, and many more rows than needed pass more edges
    // through containers). The drawing kept has the fewest edges through
    // containers and titles (after the detours), then is within the aspect goal if one is,
    // then nearest `wrap::AIM_ASPECT`.
    let off = |a: f64| (a / wrap::AIM_ASPECT).ln().abs();
    let key = |g: &Geometry| {
        let a = across(g);
        (verify::through(g), a > wrap::MAX_ASPECT, off(a))
    };
    // Nothing beats a drawing within the aspect goal and with no edge through a container.
    let clear = |k: &WrapKey| k.0 == 0 && !k.1;
    // The first drawing is too wide, so a retry within the aspect goal and with no edge
    // through a container beats it: its detours wait until none is.
    let mut tried = vec![(stats.rows.max(1), aspect)];
    let mut best: Option<(WrapKey, (Geometry, LayoutStats))> = None;
    for _ in 0..REWRAP_TRIES {
        let (rows, a) = tried[tried.len() - 1];
        let want = match tried.len() {
            1 => ((rows as f64) * (a / wrap::AIM_ASPECT).sqrt()).ceil() as usize,
            k => {
                let (r0, a0) = tried[k - 2];
                let p = (a0 / a).ln() / (rows as f64 / r0 as f64).ln();
                if p.is_nan() || p <= 0.05 {
                    break;
                }
                ((rows as f64) * (a / REWRAP_AIM).powf(1.0 / p)).round() as usize
            }
        }
        .clamp(2, 2 * rows);
        if tried.iter().any(|t| t.0 == want) {
            break;
        }
        let (g2, stats2, _) = run_in(chains, Some(want));
        let g2 = detoured(g2);
        let a2 = across(&g2);
        if tried.iter().any(|t| t.0 == stats2.rows.max(1)) {
            break;
        }
        tried.push((stats2.rows.max(1), a2));
        let k2 = key(&g2);
        if best.as_ref().is_none_or(|b| k2 < b.0) {
            best = Some((k2, (g2, stats2)));
        }
        if best.as_ref().is_some_and(|b| clear(&b.0)) {
            break;
        }
    }
    match best {
        Some((k2, b)) if clear(&k2) => b,
        best => {
            let g = detoured(g);
            let k = key(&g);
            best.filter(|b| b.0 < k).map_or((g, stats), |b| b.1)
        }
    }
}

/// How a wrapped drawing ranks among the tries (see [`drawn`]), least first: its edges through
/// containers and titles, whether it misses the aspect goal, how far its aspect is from the
/// aim (the absolute log of their ratio).
type WrapKey = (usize, bool, f64);

/// Most drawings of a design too wide for its depth with more rows (see [`drawn`]).
const REWRAP_TRIES: usize = 3;

/// The aspect the later retries of a too wide drawing aim at (see [`drawn`]): inside
/// `wrap::MAX_ASPECT` with room for the estimate's error.
const REWRAP_AIM: f64 = 2.4;

/// Largest design (in nodes) drawn again with more rows when the first drawing came out too
/// wide (see [`drawn`]).
const REWRAP_MAX: usize = 2_000;

/// The layout of `input` in the way [`layout_with_stats`] chooses, through `run` (one layout
/// with the given chains): with its chains.
fn laid_out(
    input: &LayoutInput,
    mut run: impl FnMut(graph::Chains) -> (Geometry, LayoutStats),
) -> (Geometry, LayoutStats, graph::Chains) {
    // Buses save a column per edge, but their trunks can cross more; chains that leave their
    // hosts through a side are shorter, but in a row of hosts they may cross the neighbours.
    // A design of up to `BOTH_WAYS_MAX` nodes is laid out each way, in the order below, until
    // one has no edge through a container or a title and no crossing; the one kept has the
    // fewest edges through containers and titles, then the fewest crossings, unless it is more
    // than `BUS_AREA_SLACK` times larger than the one before it in the order. A larger design
    // takes buses with chains inside their hosts, the way that draws it smallest and keeps
    // most edges clear of containers.
    let chains = |concentrate, inside| graph::Chains {
        concentrate,
        inside,
    };
    if input.nodes.len() > BOTH_WAYS_MAX {
        let (g, s) = run(chains(true, true));
        return (g, s, chains(true, true));
    }
    let through = |g: &Geometry| verify::through(g);
    let (g, s) = run(chains(true, false));
    let mut best = (g, s, chains(true, false));
    let mut best_through = through(&best.0);
    let cost = |s: &LayoutStats| (s.sides_crossed, s.crossings);
    let area = |g: &Geometry| g.width * g.height;
    for (concentrate, inside) in [(false, false), (true, true), (false, true)] {
        if best_through == 0 && cost(&best.1) == (0, 0) {
            break;
        }
        if inside && best_through == 0 {
            break;
        }
        let (g, s) = run(chains(concentrate, inside));
        let other = (g, s, chains(concentrate, inside));
        let t = through(&other.0);
        let fewer = t < best_through
            || (t == best_through
                && cost(&other.1) < cost(&best.1)
                && area(&other.0) <= BUS_AREA_SLACK * area(&best.0));
        if fewer {
            best = other;
            best_through = t;
        }
    }
    best
}

/// How much larger than with buses a drawing without them may be and still be kept for its
/// fewer crossings (see [`layout_with_stats`]).
const BUS_AREA_SLACK: f64 = 1.25;

/// Largest design (in nodes) laid out both with and without buses (see [`layout_with_stats`]).
const BOTH_WAYS_MAX: usize = 500;

/// One layout of `input` with the edges `level` drawn level; `Err` with
/// those of them that could not be (a non-empty subset of `level`).
fn attempt(
    input: &LayoutInput,
    level: &[usize],
    chains: graph::Chains,
    rows: Option<usize>,
) -> Result<(Geometry, LayoutStats), Vec<usize>> {
    let clean = normalise::run_level(input, level);
    let ranking = rank::run_wrapped(input, &clean, rows);
    let failed: Vec<usize> = clean
        .level
        .iter()
        .copied()
        .filter(|&i| ranking.ranks[input.edges[i].from] != ranking.ranks[input.edges[i].to])
        .collect();
    if !failed.is_empty() {
        return Err(failed);
    }
    let mut g = graph::build_with(input, &clean, &ranking, chains);
    let span = compound::spans(&g.items, &clean);
    let item_rank: Vec<usize> = g.items.iter().map(|it| it.rank).collect();
    let item_parent: Vec<Option<usize>> = g.items.iter().map(|it| it.parent).collect();
    let level_ends: Vec<(usize, usize)> = clean
        .level
        .iter()
        .map(|&i| (input.edges[i].from, input.edges[i].to))
        .collect();
    let (entries, crossings) = order::order(&order::OrderGraph {
        level: &level_ends,
        nlayers: ranking.nlayers,
        rank: &item_rank,
        parent: &item_parent,
        cparent: &clean.cparent,
        span: &span,
        up: &g.up,
        down: &g.down,
        real: clean.size.len(),
        // A drawing wrapped again with more rows (see `drawn`) keeps the written order of
        // its containers: the first drawing of a design that wide was ordered both ways.
        pinned_only: rows.is_some(),
    });
    let mut entries = entries;
    if ranking.rows >= wrap::BUS_LEFT_ROWS {
        wrap::buses_to_the_left(&g, &mut entries);
    }
    level::clear(&mut entries, &level_ends, &g.items, &clean, &span);
    let mut bordered = compound::borders(input, &clean, &mut g, &entries);
    // Level edges: a line between side-by-side ends, with room for its label.
    let gaps = level::gaps(input, &clean, &g, &mut bordered)?;
    let n = input.nodes.len();
    // A node at the far end of an edge drawn to or from a container lines up
    // with the container's centre. Between two containers the edge's two
    // member nodes line up instead, and so do the containers when the members
    // stand in the same place in each.
    let mut under: Vec<Option<place::Under>> = vec![None; clean.size.len()];
    for (v, over) in &input.centre_over {
        let over: Vec<usize> = over.iter().copied().filter(|&u| u < n).collect();
        if *v < n && !over.is_empty() {
            under[*v].get_or_insert(place::Under::Nodes(over));
        }
    }
    for &ei in &clean.edges {
        let e = &input.edges[ei];
        let nc = input.containers.len();
        let via = e.via.map(|c| c.filter(|&c| c < nc));
        match via {
            [Some(c), None] => {
                under[e.to].get_or_insert(place::Under::Container(c));
            }
            [None, Some(c)] => {
                under[e.from].get_or_insert(place::Under::Container(c));
            }
            _ => {}
        }
    }
    let mut x = place::run_x(&g, &bordered, &clean.cdepth, &under);
    wrap::rows_to_the_left(&clean, &ranking, &bordered, &g.items, &mut x);
    let plan = route::plan(
        input,
        &clean,
        &g.items,
        &mut x,
        &g.chains,
        &bordered,
        &span,
        ranking.nlayers,
    );
    let y = place::run_y(
        &g,
        &bordered,
        &span,
        &clean,
        &ranking,
        &plan.corridor_depth(),
    );
    // Node depth along the flow (the item's depth may include self-loop labels).
    let depth: Vec<f64> = (0..clean.vertices()).map(|v| clean.vsize(v).1).collect();
    let routes = route::run(input, &g.items, &x, &y, &g.chains, &plan, &depth);
    let boxes = labels::edge_labels(&g.items, &x, &y, &g.chains);
    let geometry = finish::finish(
        input, &clean, &g, &bordered, &x, &y, routes, boxes, &depth, &gaps,
    );
    let stats = LayoutStats {
        layers: ranking.nlayers,
        crossings: crossings.crossings,
        sides_crossed: crossings.through,
        rows: ranking.rows,
        dummies: g.leaves - g.vertices,
        reversed: ranking.reversed.iter().filter(|&&r| r).count(),
    };
    Ok((geometry, stats))
}
