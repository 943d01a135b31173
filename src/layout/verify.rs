//! The geometry properties every layout must have, checked on a
//! [`Geometry`] alone, so that the unit tests, the property tests on whole
//! designs (through the layout JSON, which reads back into a `Geometry`) and
//! users' own tools check the same things.
//!
//! [`check`] lists the violations of the hard properties:
//!
//! - node boxes do not overlap;
//! - a container holds its direct members with [`CONTAINER_PAD`] around
//!   them and its title inside, and overlaps only its ancestors and
//!   descendants and the nodes inside it;
//! - titles overlap no node, no edge label and no other title;
//! - every edge starts on the border of its source's box and ends on the
//!   border of its target's box (or of the container it is drawn from or
//!   to, [`super::EdgeRoute::via`]), passes through no other node box, through
//!   no container holding neither of its ends and through no title;
//! - labels overlap no node and no other label, and sit beside their edge
//!   (within `2 * LABEL_OFFSET`; a self-loop's label level with its node);
//! - two arrowheads on one side of a box are [`PORT_SPACING`] apart, or at
//!   the same point (merged).
//!
//! [`metrics`] measures what is a matter of degree: the share of edge
//! length that is neither horizontal nor vertical, bends per edge, the
//! closest two arrowheads on one side, and the aspect ratio.
//!
//! Every check is near-linear: boxes are bucketed in a uniform grid.
//! Overlaps and crossings smaller than [`EPS`] are rounding, not violations.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::{Geometry, Rect, CONTAINER_PAD, LABEL_OFFSET, PORT_SPACING};

/// Tolerance of every comparison, SVG user units.
pub const EPS: f64 = 0.5;

/// Degree measures of a geometry (see [`metrics`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// Number of edges.
    pub edges: usize,
    /// Total length of all edge routes, SVG user units.
    pub length: f64,
    /// Length of the segments that are neither horizontal nor vertical.
    pub oblique: f64,
    /// Number of bends (interior points of the routes) of all edges.
    pub bends: usize,
    /// Smallest distance between two distinct arrowheads on one side of a
    /// box, if two edges end on one side at different points.
    pub closest_arrowheads: Option<f64>,
    /// Width divided by height of the drawing.
    pub aspect: f64,
}

impl Metrics {
    /// Oblique share of the edge length, 0 to 1 (0 without edges).
    pub fn oblique_share(&self) -> f64 {
        if self.length > 0.0 {
            self.oblique / self.length
        } else {
            0.0
        }
    }

    /// Average number of bends per edge (0 without edges).
    pub fn bends_per_edge(&self) -> f64 {
        if self.edges > 0 {
            self.bends as f64 / self.edges as f64
        } else {
            0.0
        }
    }
}

type R = [f64; 4];

fn r4(r: &Rect) -> R {
    [r.x, r.y, r.width, r.height]
}

fn overlaps(a: R, b: R) -> bool {
    a[0] + EPS < b[0] + b[2] - EPS
        && b[0] + EPS < a[0] + a[2] - EPS
        && a[1] + EPS < b[1] + b[3] - EPS
        && b[1] + EPS < a[1] + a[3] - EPS
}

/// Whether `outer` holds `inner` with `pad` to spare on every side, give or take [`EPS`].
pub(crate) fn contains(outer: R, inner: R, pad: f64) -> bool {
    inner[0] >= outer[0] + pad - EPS
        && inner[1] >= outer[1] + pad - EPS
        && inner[0] + inner[2] <= outer[0] + outer[2] - pad + EPS
        && inner[1] + inner[3] <= outer[1] + outer[3] - pad + EPS
}

/// Whether segment `p`–`q` passes through the interior of `r` shrunk by
/// [`EPS`] (Liang–Barsky clipping).
pub fn crosses(p: [f64; 2], q: [f64; 2], r: [f64; 4]) -> bool {
    let (x0, y0, x1, y1) = (r[0] + EPS, r[1] + EPS, r[0] + r[2] - EPS, r[1] + r[3] - EPS);
    if x1 <= x0 || y1 <= y0 {
        return false;
    }
    let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pk, qk) in [
        (-dx, p[0] - x0),
        (dx, x1 - p[0]),
        (-dy, p[1] - y0),
        (dy, y1 - p[1]),
    ] {
        if pk == 0.0 {
            if qk <= 0.0 {
                return false;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1 - 1e-9
}

/// Which side of `r` the point `p` lies on (0 top, 1 right, 2 bottom, 3
/// left), if it lies on the border.
fn side(p: [f64; 2], r: R) -> Option<usize> {
    let in_x = p[0] >= r[0] - EPS && p[0] <= r[0] + r[2] + EPS;
    let in_y = p[1] >= r[1] - EPS && p[1] <= r[1] + r[3] + EPS;
    if !(in_x && in_y) {
        return None;
    }
    [
        (p[1] - r[1]).abs(),
        (p[0] - r[0] - r[2]).abs(),
        (p[1] - r[1] - r[3]).abs(),
        (p[0] - r[0]).abs(),
    ]
    .iter()
    .enumerate()
    .filter(|(_, d)| **d <= EPS)
    .map(|(i, _)| i)
    .next()
}

/// Side of a cell of [`Grid`], SVG user units.
const GRID_CELL: f64 = 200.0;

/// Uniform grid of rectangles, for near-linear overlap queries.
pub(crate) struct Grid {
    cell: f64,
    /// Only looked up, never iterated: its order does not reach any result.
    cells: HashMap<(i64, i64), Vec<usize>>,
}

impl Grid {
    /// The grid of `rects` (`[x, y, width, height]`).
    pub(crate) fn new(rects: &[R]) -> Grid {
        let mut g = Grid {
            cell: GRID_CELL,
            cells: HashMap::default(),
        };
        for (i, &r) in rects.iter().enumerate() {
            for key in g.keys(r) {
                g.cells.entry(key).or_default().push(i);
            }
        }
        g
    }

    /// Adds rectangle `r` under index `i` (a later query of its cells returns `i`).
    pub(crate) fn insert(&mut self, i: usize, r: R) {
        for key in self.keys(r) {
            self.cells.entry(key).or_default().push(i);
        }
    }

    /// The cells that `r` touches (at most 10,001 a side).
    fn keys(&self, r: R) -> impl Iterator<Item = (i64, i64)> {
        let c = |v: f64| (v / self.cell).floor().clamp(-1e6, 1e6) as i64;
        let (a, b, cc, d) = (c(r[0]), c(r[1]), c(r[0] + r[2]), c(r[1] + r[3]));
        (a..=cc.min(a + 10_000)).flat_map(move |i| (b..=d.min(b + 10_000)).map(move |j| (i, j)))
    }

    /// How many cells a query of `r` visits.
    pub(crate) fn cells(r: R) -> usize {
        let c = |v: f64| (v / GRID_CELL).floor().clamp(-1e6, 1e6) as i64;
        let w = (c(r[0] + r[2]) - c(r[0]) + 1).max(0) as usize;
        let h = (c(r[1] + r[3]) - c(r[1]) + 1).max(0) as usize;
        w.saturating_mul(h)
    }

    /// The indices of the rectangles in the cells that `r` touches, sorted and distinct.
    pub(crate) fn query(&self, r: R) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for k in self.keys(r) {
            if let Some(v) = self.cells.get(&k) {
                out.extend_from_slice(v);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether `f` holds for some rectangle in the cells that `r` touches: [`Grid::query`]
    /// without collecting, sorting or removing duplicates, stopping at the first.
    pub(crate) fn any(&self, r: R, mut f: impl FnMut(usize) -> bool) -> bool {
        self.keys(r)
            .filter_map(|k| self.cells.get(&k))
            .any(|v| v.iter().any(|&i| f(i)))
    }
}

fn bbox(p: [f64; 2], q: [f64; 2]) -> R {
    [
        p[0].min(q[0]),
        p[1].min(q[1]),
        (p[0] - q[0]).abs(),
        (p[1] - q[1]).abs(),
    ]
}

/// The boxes of `g` as `[x, y, width, height]`: its nodes', its containers' and their titles'.
pub(crate) fn rects(g: &Geometry) -> [Vec<R>; 3] {
    [
        g.nodes
            .iter()
            .map(|b| [b.x, b.y, b.width, b.height])
            .collect(),
        g.containers
            .iter()
            .map(|b| [b.x, b.y, b.width, b.height])
            .collect(),
        g.containers.iter().map(|b| r4(&b.title)).collect(),
    ]
}

/// The nesting of a geometry's boxes, read from the containers' members.
pub(crate) struct Tree<'a> {
    /// Index of each node, by id.
    pub node_index: BTreeMap<&'a str, usize>,
    /// Index of each container, by id.
    pub cont_index: BTreeMap<&'a str, usize>,
    /// The container directly holding each node, if any.
    pub nparent: Vec<Option<usize>>,
    /// The container directly holding each container, if any.
    pub cparent: Vec<Option<usize>>,
}

/// The containers holding node `v`, innermost first, given each node's (`nparent`) and each
/// container's (`cparent`) direct container, as in [`Tree`]; the walk stops after as many
/// steps as there are containers, so a cyclic input cannot hang it.
pub(crate) fn holding(
    nparent: &[Option<usize>],
    cparent: &[Option<usize>],
    v: usize,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut p = nparent.get(v).copied().flatten();
    while let Some(c) = p {
        if out.len() > cparent.len() {
            break;
        }
        out.push(c);
        p = cparent.get(c).copied().flatten();
    }
    out
}

/// The nesting of `g`'s boxes (see [`Tree`]).
pub(crate) fn tree(g: &Geometry) -> Tree<'_> {
    let node_index: BTreeMap<&str, usize> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let cont_index: BTreeMap<&str, usize> = g
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut nparent = vec![None; g.nodes.len()];
    let mut cparent = vec![None; g.containers.len()];
    for (c, b) in g.containers.iter().enumerate() {
        for m in &b.members {
            if let Some(&i) = node_index.get(m.as_str()) {
                nparent[i] = Some(c);
            } else if let Some(&d) = cont_index.get(m.as_str()) {
                cparent[d] = Some(c);
            }
        }
    }
    Tree {
        node_index,
        cont_index,
        nparent,
        cparent,
    }
}

/// The violations of the hard properties listed in the module
/// documentation, each as a sentence naming the elements; empty when all
/// hold.
pub fn check(g: &Geometry) -> Vec<String> {
    let mut bad = Vec::new();
    let [nodes, boxes, titles] = rects(g);
    let Tree {
        node_index,
        cont_index,
        nparent,
        cparent,
    } = tree(g);
    for (c, b) in g.containers.iter().enumerate() {
        for m in &b.members {
            let inner = match (node_index.get(m.as_str()), cont_index.get(m.as_str())) {
                (Some(&i), _) => nodes[i],
                (None, Some(&d)) => boxes[d],
                (None, None) => continue,
            };
            if !contains(boxes[c], inner, CONTAINER_PAD) {
                bad.push(format!("container {} does not hold {m} with padding", b.id));
            }
        }
        if !contains(boxes[c], titles[c], 0.0) {
            bad.push(format!("the title of {} lies outside its box", b.id));
        }
    }
    // `within(c, a)`: container c is a or inside a (bounded walk).
    let within = |c: Option<usize>, a: usize| {
        let mut p = c;
        for _ in 0..=boxes.len() {
            match p {
                Some(x) if x == a => return true,
                Some(x) => p = cparent[x],
                None => return false,
            }
        }
        false
    };
    let ngrid = Grid::new(&nodes);
    let cgrid = Grid::new(&boxes);
    let tgrid = Grid::new(&titles);
    for (i, &r) in nodes.iter().enumerate() {
        for j in ngrid.query(r) {
            if j > i && overlaps(r, nodes[j]) {
                bad.push(format!(
                    "nodes {} and {} overlap",
                    g.nodes[i].id, g.nodes[j].id
                ));
            }
        }
        for c in cgrid.query(r) {
            if !within(nparent[i], c) && overlaps(r, boxes[c]) {
                bad.push(format!(
                    "container {} overlaps node {}, which is not inside it",
                    g.containers[c].id, g.nodes[i].id
                ));
            }
        }
        for c in tgrid.query(r) {
            if overlaps(r, titles[c]) {
                bad.push(format!(
                    "node {} overlaps the title of {}",
                    g.nodes[i].id, g.containers[c].id
                ));
            }
        }
    }
    for (a, &r) in boxes.iter().enumerate() {
        for b in cgrid.query(r) {
            if b > a && !within(Some(a), b) && !within(Some(b), a) && overlaps(r, boxes[b]) {
                bad.push(format!(
                    "containers {} and {} overlap",
                    g.containers[a].id, g.containers[b].id
                ));
            }
        }
        for b in tgrid.query(titles[a]) {
            if b > a && overlaps(titles[a], titles[b]) {
                bad.push(format!(
                    "the titles of {} and {} overlap",
                    g.containers[a].id, g.containers[b].id
                ));
            }
        }
    }
    // Edges.
    let mut labels: Vec<R> = Vec::new();
    let mut texts: Vec<(&str, &str)> = Vec::new();
    let mut arrows: BTreeMap<(usize, usize), Vec<[f64; 2]>> = BTreeMap::new();
    for e in &g.edges {
        let name = format!("edge {} -> {}", e.from, e.to);
        let (Some(&f), Some(&t)) = (
            node_index.get(e.from.as_str()),
            node_index.get(e.to.as_str()),
        ) else {
            bad.push(format!("{name} names a node that does not exist"));
            continue;
        };
        if e.points.len() < 2 {
            bad.push(format!("{name} has {} points", e.points.len()));
            continue;
        }
        let first = e.points[0];
        let last = e.points[e.points.len() - 1];
        // An end at a container (a link written to a cluster) lies on the container's border;
        // arrowheads are grouped by box: nodes first, then containers.
        let end_box = |i: usize, node: usize, id: &str| -> Option<(usize, R, String)> {
            match &e.via[i] {
                Some(c) => cont_index
                    .get(c.as_str())
                    .map(|&c| (nodes.len() + c, boxes[c], g.containers[c].id.clone())),
                None => Some((node, nodes[node], id.to_string())),
            }
        };
        match end_box(0, f, &e.from) {
            Some((_, r, id)) if side(first, r).is_none() => {
                bad.push(format!("{name} does not start on the border of {id}"))
            }
            None => bad.push(format!("{name} starts at a container that does not exist")),
            _ => {}
        }
        match end_box(1, t, &e.to) {
            Some((key, r, id)) => match side(last, r) {
                Some(s) => arrows.entry((key, s)).or_default().push(last),
                None => bad.push(format!("{name} does not end on the border of {id}")),
            },
            None => bad.push(format!("{name} ends at a container that does not exist")),
        }
        for w in e.points.windows(2) {
            let (p, q) = (w[0], w[1]);
            let bb = bbox(p, q);
            for j in ngrid.query(bb) {
                if j != f && j != t && crosses(p, q, nodes[j]) {
                    bad.push(format!("{name} passes through node {}", g.nodes[j].id));
                }
            }
            for c in cgrid.query(bb) {
                if !within(nparent[f], c) && !within(nparent[t], c) && crosses(p, q, boxes[c]) {
                    bad.push(format!(
                        "{name} passes through container {}, which holds neither end",
                        g.containers[c].id
                    ));
                }
            }
            for c in tgrid.query(bb) {
                if crosses(p, q, titles[c]) {
                    bad.push(format!(
                        "{name} passes through the title of {}",
                        g.containers[c].id
                    ));
                }
            }
        }
        if let Some(l) = &e.label {
            let lr = [l.x, l.y, l.width, l.height];
            for j in ngrid.query(lr) {
                if overlaps(lr, nodes[j]) {
                    bad.push(format!(
                        "the label of {name} overlaps node {}",
                        g.nodes[j].id
                    ));
                }
            }
            for c in tgrid.query(lr) {
                if overlaps(lr, titles[c]) {
                    bad.push(format!(
                        "the label of {name} overlaps the title of {}",
                        g.containers[c].id
                    ));
                }
            }
            let beside = if f == t {
                let nb = nodes[f];
                let right =
                    lr[0] >= nb[0] + nb[2] - EPS && lr[1] < nb[1] + nb[3] && lr[1] + lr[3] > nb[1];
                let below =
                    lr[1] >= nb[1] + nb[3] - EPS && lr[0] < nb[0] + nb[2] && lr[0] + lr[2] > nb[0];
                right || below
            } else {
                let o = 2.0 * LABEL_OFFSET;
                let grown = [lr[0] - o, lr[1] - o, lr[2] + 2.0 * o, lr[3] + 2.0 * o];
                e.points.windows(2).any(|w| crosses(w[0], w[1], grown))
            };
            if !beside {
                bad.push(format!("the label of {name} is not beside its edge"));
            }
            labels.push(lr);
            texts.push((e.to.as_str(), l.text.as_str()));
        }
    }
    let lgrid = Grid::new(&labels);
    for (i, &l) in labels.iter().enumerate() {
        for j in lgrid.query(l) {
            // Edges concentrated into one bus share its one label box.
            let bus = texts[i] == texts[j] && l == labels[j];
            if j > i && !bus && overlaps(l, labels[j]) {
                bad.push(format!("two edge labels overlap at ({}, {})", l[0], l[1]));
            }
        }
    }
    for ((t, _), mut pts) in arrows {
        let owner = match g.nodes.get(t) {
            Some(n) => n.id.clone(),
            None => g.containers[t - nodes.len()].id.clone(),
        };
        pts.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
        for w in pts.windows(2) {
            let d = ((w[0][0] - w[1][0]).powi(2) + (w[0][1] - w[1][1]).powi(2)).sqrt();
            if d > EPS && d < PORT_SPACING - EPS {
                bad.push(format!(
                    "two arrowheads on one side of {owner} are {d:.1} apart"
                ));
            }
        }
    }
    bad
}

/// How many times an edge of `g` passes through a container that holds neither of its ends
/// or through a container's title: the violations of [`check`] that depend on how the layout
/// laid its long edges, and the count by which [`crate::layout::layout`] chooses among the
/// ways it tries.
pub fn through(g: &Geometry) -> usize {
    check(g)
        .iter()
        .filter(|v| {
            v.contains(", which holds neither end") || v.contains("passes through the title of")
        })
        .count()
}

/// Measures `g` (see [`Metrics`]).
pub fn metrics(g: &Geometry) -> Metrics {
    let mut m = Metrics {
        edges: g.edges.len(),
        aspect: if g.height > 0.0 {
            g.width / g.height
        } else {
            0.0
        },
        ..Metrics::default()
    };
    let index: BTreeMap<&str, R> = g
        .nodes
        .iter()
        .map(|b| (b.id.as_str(), [b.x, b.y, b.width, b.height]))
        .chain(
            g.containers
                .iter()
                .map(|b| (b.id.as_str(), [b.x, b.y, b.width, b.height])),
        )
        .collect();
    let mut arrows: BTreeMap<(&str, usize), Vec<[f64; 2]>> = BTreeMap::new();
    for e in &g.edges {
        for w in e.points.windows(2) {
            let (dx, dy) = ((w[1][0] - w[0][0]).abs(), (w[1][1] - w[0][1]).abs());
            let len = (dx * dx + dy * dy).sqrt();
            m.length += len;
            if dx > EPS && dy > EPS {
                m.oblique += len;
            }
        }
        m.bends += e.points.len().saturating_sub(2);
        let to = e.via[1].as_deref().unwrap_or(e.to.as_str());
        if let (Some(&last), Some(r)) = (e.points.last(), index.get(to)) {
            if let Some(s) = side(last, *r) {
                arrows.entry((to, s)).or_default().push(last);
            }
        }
    }
    for pts in arrows.values_mut() {
        pts.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
        for w in pts.windows(2) {
            let d = ((w[0][0] - w[1][0]).powi(2) + (w[0][1] - w[1][1]).powi(2)).sqrt();
            if d > EPS {
                m.closest_arrowheads = Some(m.closest_arrowheads.map_or(d, |c: f64| c.min(d)));
            }
        }
    }
    m
}
