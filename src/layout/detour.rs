//! Step 8, *detour*: edges that the layered routing could not keep clear of
//! a container, a title or a node are rerouted around them.
//!
//! The layered routing ([`super::route`]) draws each segment of an edge in
//! the gap between two layers. When a container spans both layers, as a host
//! taller than its neighbours does, an edge from inside it to a node beyond
//! its siblings has no gap to run in, and it crosses them. Such an edge
//! (and only such an edge) is drawn again by an orthogonal connector router
//! after M. Wybrow, K. Marriott and P. J. Stuckey, "Orthogonal connector
//! routing", Graph Drawing 2009, LNCS 5849: a shortest path whose cost is
//! its length plus a penalty per bend ([`BEND`]), on the grid of the lines
//! [`CLEAR`] outside every obstacle's sides (an orthogonal visibility graph),
//! found by A* whose estimate is the Manhattan distance plus the cost of the
//! fewest bends still needed ([`search::fewest_bends`]), and which among states of
//! equal estimate expands the one farther along first.
//!
//! The obstacles of an edge are what it must not pass through: the
//! containers that hold neither end (whole), the titles of the containers
//! that hold an end, the nodes in those containers, both ends, the
//! containers an end is drawn at (for links written to a cluster) and the
//! other edges' labels. The new route keeps the old one's first and last
//! points and directions, so its ports and arrowhead stay where they were;
//! its label moves beside its longest segment that has room. An edge whose
//! detour or label finds no room keeps its old route.
//!
//! Each edge searches the obstacles within [`REACH`] of its old route first,
//! then the whole drawing. The grid is at most quadratic in the obstacles of
//! the region, so all searches together stop after [`BUDGET`] grid states
//! (linear in the drawing's boxes and edges) and the remaining edges keep
//! their routes.

mod search;

use search::{search, Scratch};

use super::route::simplify;
use super::verify::{self, crosses, Grid, EPS};
use super::{Geometry, LabelBox, LABEL_OFFSET};

/// Distance between an obstacle's side and a detour that runs beside it, SVG user units: half
/// the gap between two sibling containers, so that a detour between them runs down the middle.
const CLEAR: f64 = 8.0;
/// Cost of one bend, in SVG user units of length.
const BEND: f64 = 80.0;
/// Extra cost of a unit of length inside another edge's label, in units of length.
const LABEL_COST: f64 = 4.0;
/// Length of the first and last piece of a detour, kept in the direction of the old route's
/// first and last segment, SVG user units (shorter when that segment is shorter).
const STUB: f64 = 12.0;
/// How far beyond the box of an edge's old route the first search looks, SVG user units; the
/// next ones look 4 and 16 times as far, and the last at the whole drawing.
const REACH: f64 = 300.0;
/// Grid points, grid cells of [`Grid`] and search states that all searches together may
/// build and visit: this many, and [`BUDGET_PER_ITEM`] more per node, container and edge.
const BUDGET: usize = 3_000_000;
/// See [`BUDGET`].
const BUDGET_PER_ITEM: usize = 1_500;
/// Most points of one search's grid (about 100 bytes each with their four states, the sides
/// blocked and the heap's entries).
const MAX_GRID: usize = 1_000_000;

type R = [f64; 4];
type P = [f64; 2];

/// Reroutes the edges of `g` that pass through a container holding neither end, through a
/// title or through a node (see the module documentation). Returns how many it rerouted.
pub(crate) fn run(g: &mut Geometry) -> usize {
    let nn = g.nodes.len();
    let nc = g.containers.len();
    let verify::Tree {
        node_index,
        cont_index,
        nparent,
        cparent,
    } = verify::tree(g);
    // Per edge: its two end nodes and the containers it is drawn at, as indices, read before
    // any route changes.
    type Ends = (Option<usize>, Option<usize>, Vec<usize>);
    let ends: Vec<Ends> = g
        .edges
        .iter()
        .map(|e| {
            let via = e.via.iter().flatten();
            (
                node_index.get(e.from.as_str()).copied(),
                node_index.get(e.to.as_str()).copied(),
                via.filter_map(|c| cont_index.get(c.as_str()).copied())
                    .collect(),
            )
        })
        .collect();
    let [nodes, boxes, titles] = verify::rects(g);
    let ngrid = Grid::new(&nodes);
    let cgrid = Grid::new(&boxes);
    let tgrid = Grid::new(&titles);
    // The containers holding node `v`, innermost first.
    let holding = |v: usize| verify::holding(&nparent, &cparent, v);
    let mut labels: Vec<R> = g
        .edges
        .iter()
        .map(|e| {
            e.label
                .as_ref()
                .map_or([0.0; 4], |l| [l.x, l.y, l.width, l.height])
        })
        .collect();
    let lgrid = Grid::new(&labels);
    let bounds = [0.0, 0.0, g.width, g.height];
    let mut budget = BUDGET + BUDGET_PER_ITEM * (nn + nc + g.edges.len());
    let mut scratch = Scratch::default();
    let mut rerouted = 0;
    // The labels of rerouted edges, where they now stand.
    let mut moved: Vec<R> = Vec::new();
    for k in 0..g.edges.len() {
        if budget == 0 {
            break;
        }
        let e = &g.edges[k];
        let (Some(f), Some(t), via) = &ends[k] else {
            continue;
        };
        let (f, t) = (*f, *t);
        if f == t || e.points.len() < 2 {
            continue;
        }
        let mut anc = vec![false; nc];
        for c in holding(f).into_iter().chain(holding(t)) {
            anc[c] = true;
        }
        // Whether the segment p–q passes through something it must not (the check of
        // `verify::check`, and the ends' own boxes away from their ports).
        let blocked_by = |p: P, q: P| -> bool {
            let bb = bbox(p, q);
            ngrid.any(bb, |j| j != f && j != t && crosses(p, q, nodes[j]))
                || cgrid.any(bb, |c| !anc[c] && crosses(p, q, boxes[c]))
                || tgrid.any(bb, |c| crosses(p, q, titles[c]))
        };
        // Checking costs a query of three grids per segment.
        let cost: usize = e
            .points
            .windows(2)
            .map(|w| 3 * Grid::cells(bbox(w[0], w[1])))
            .sum();
        if cost > budget {
            break;
        }
        budget -= cost;
        if !e.points.windows(2).any(|w| blocked_by(w[0], w[1])) {
            continue;
        }
        let pts = &e.points;
        let (first, last) = (pts[0], pts[pts.len() - 1]);
        let (d0, len0) = direction(pts[0], pts[1]);
        let (d1, len1) = direction(pts[pts.len() - 2], last);
        let start = step(first, d0, STUB.min(len0 / 2.0));
        let end = step(last, d1, -STUB.min(len1 / 2.0));
        let old = pts
            .iter()
            .fold(bbox(start, end), |b, &p| union(b, [p[0], p[1], 0.0, 0.0]));
        let near = |reach: f64| {
            intersect(
                [
                    old[0] - reach,
                    old[1] - reach,
                    old[2] + 2.0 * reach,
                    old[3] + 2.0 * reach,
                ],
                bounds,
            )
        };
        // The obstacles in `region`: the outermost containers that hold neither end, the
        // titles and the nodes directly in containers that hold one (or at the top level),
        // both ends, the containers the edge is drawn at, and the other edges' labels.
        let top = |c: usize| cparent[c].is_none_or(|p| anc[p]);
        // Gathering the obstacles of `region` visits its cells of three grids, or every box
        // when those are fewer: whether it takes the cells, and the visits.
        let gathering = |region: R| {
            let (cells, boxes) = (3 * Grid::cells(region), nn + 2 * nc);
            (cells <= boxes, cells.min(boxes))
        };
        let obstacles_in = |region: R| -> Vec<R> {
            let mut out: Vec<R> = Vec::new();
            let by_cells = gathering(region).0;
            let near = |grid: &Grid, all: usize| -> Vec<usize> {
                if by_cells {
                    grid.query(region)
                } else {
                    (0..all).collect()
                }
            };
            for c in near(&cgrid, nc) {
                if (!anc[c] && top(c)) || via.contains(&c) {
                    out.push(boxes[c]);
                }
            }
            for c in near(&tgrid, nc) {
                if anc[c] || top(c) {
                    out.push(titles[c]);
                }
            }
            for i in near(&ngrid, nn) {
                if nparent[i].is_none_or(|p| anc[p]) {
                    out.push(nodes[i]);
                }
            }
            out.retain(|&o| meets(o, region));
            out
        };
        // The other edges' labels: a detour may cross one at a cost, its own label may not.
        let labels_in = |region: R| -> Vec<R> {
            let mut out: Vec<R> = lgrid
                .query(region)
                .into_iter()
                .filter(|&j| j != k && labels[j][2] > 0.0)
                .map(|j| labels[j])
                .chain(moved.iter().copied())
                .collect();
            out.retain(|&o| meets(o, region));
            out
        };
        let mut found = None;
        let mut tried: Vec<R> = Vec::new();
        for region in [near(REACH), near(4.0 * REACH), near(16.0 * REACH), bounds] {
            if tried.contains(&region) {
                continue;
            }
            tried.push(region);
            let cost = gathering(region).1 + 1;
            if cost > budget {
                break;
            }
            budget -= cost;
            let obstacles = obstacles_in(region);
            found = search(
                &obstacles,
                &[],
                region,
                [start, end],
                [d0, d1],
                &mut budget,
                &mut scratch,
            );
            if found.is_some() || region == bounds {
                break;
            }
        }
        let Some(mid) = found else { continue };
        let mut route = vec![first];
        route.extend(mid);
        route.push(last);
        let route = simplify(route);
        if route.windows(2).any(|w| blocked_by(w[0], w[1])) {
            continue;
        }
        let label = match &g.edges[k].label {
            Some(l) => {
                // The label may stand beside the route up to its own size away, past the
                // region searched: its obstacles are taken around the route.
                let around = route
                    .iter()
                    .fold([route[0][0], route[0][1], 0.0, 0.0], |b, &p| {
                        union(b, [p[0], p[1], 0.0, 0.0])
                    });
                let (dx, dy) = (l.width + 2.0 * LABEL_OFFSET, l.height + 2.0 * LABEL_OFFSET);
                let around = intersect(
                    [
                        around[0] - dx,
                        around[1] - dy,
                        around[2] + 2.0 * dx,
                        around[3] + 2.0 * dy,
                    ],
                    bounds,
                );
                let blocks = [obstacles_in(around), labels_in(around)].concat();
                match place_label(&route, l, &blocks, bounds) {
                    Some(b) => Some(b),
                    None => continue,
                }
            }
            None => None,
        };
        if let Some(l) = &label {
            labels[k] = [l.x, l.y, l.width, l.height];
            moved.push(labels[k]);
        }
        let e = &mut g.edges[k];
        e.points = route;
        e.label = label;
        rerouted += 1;
    }
    rerouted
}

/// Direction (0 +x, 1 −x, 2 +y, 3 −y) and length of the axis-parallel segment `p`–`q` (the
/// larger of its two extents decides for an oblique one).
fn direction(p: P, q: P) -> (usize, f64) {
    let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
    if dx.abs() >= dy.abs() {
        (if dx >= 0.0 { 0 } else { 1 }, dx.abs())
    } else {
        (if dy >= 0.0 { 2 } else { 3 }, dy.abs())
    }
}

fn step(p: P, d: usize, by: f64) -> P {
    match d {
        0 => [p[0] + by, p[1]],
        1 => [p[0] - by, p[1]],
        2 => [p[0], p[1] + by],
        _ => [p[0], p[1] - by],
    }
}

/// The bounding box `[x, y, width, height]` of the segment `p`–`q`.
pub(super) fn bbox(p: P, q: P) -> R {
    [
        p[0].min(q[0]),
        p[1].min(q[1]),
        (p[0] - q[0]).abs(),
        (p[1] - q[1]).abs(),
    ]
}

/// The smallest rectangle holding `a` and `b`.
pub(super) fn union(a: R, b: R) -> R {
    let (x0, y0) = (a[0].min(b[0]), a[1].min(b[1]));
    let (x1, y1) = (
        (a[0] + a[2]).max(b[0] + b[2]),
        (a[1] + a[3]).max(b[1] + b[3]),
    );
    [x0, y0, x1 - x0, y1 - y0]
}

fn intersect(a: R, b: R) -> R {
    let (x0, y0) = (a[0].max(b[0]), a[1].max(b[1]));
    let (x1, y1) = (
        (a[0] + a[2]).min(b[0] + b[2]),
        (a[1] + a[3]).min(b[1] + b[3]),
    );
    [x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0)]
}

/// Whether the rectangles `a` and `b` overlap by more than [`EPS`] both ways.
pub(super) fn overlaps(a: R, b: R) -> bool {
    a[0] + EPS < b[0] + b[2]
        && b[0] + EPS < a[0] + a[2]
        && a[1] + EPS < b[1] + b[3]
        && b[1] + EPS < a[1] + a[3]
}

/// Whether the closed rectangles `a` and `b` share a point.
pub(super) fn meets(a: R, b: R) -> bool {
    a[0] <= b[0] + b[2] && b[0] <= a[0] + a[2] && a[1] <= b[1] + b[3] && b[1] <= a[1] + a[3]
}

/// A box for `label` beside the longest segment of `route` that has room: right of a
/// vertical segment or above a horizontal one (else left or below), [`LABEL_OFFSET`] away,
/// clear of `obstacles` and inside `bounds`.
fn place_label(route: &[P], label: &LabelBox, obstacles: &[R], bounds: R) -> Option<LabelBox> {
    let (w, h) = (label.width, label.height);
    let mut segs: Vec<(P, P)> = route.windows(2).map(|s| (s[0], s[1])).collect();
    let len = |s: &(P, P)| (s.1[0] - s.0[0]).abs() + (s.1[1] - s.0[1]).abs();
    segs.sort_by(|a, b| len(b).total_cmp(&len(a)));
    let free = |r: R| {
        r[0] >= bounds[0]
            && r[1] >= bounds[1]
            && r[0] + r[2] <= bounds[0] + bounds[2]
            && r[1] + r[3] <= bounds[1] + bounds[3]
            && !obstacles.iter().any(|&o| overlaps(r, o))
    };
    for (p, q) in segs {
        let (mx, my) = ((p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0);
        let vertical = (p[0] - q[0]).abs() < 1e-6;
        let spots = if vertical {
            [
                [p[0] + LABEL_OFFSET, my - h / 2.0],
                [p[0] - LABEL_OFFSET - w, my - h / 2.0],
            ]
        } else {
            [
                [mx - w / 2.0, p[1] - LABEL_OFFSET - h],
                [mx - w / 2.0, p[1] + LABEL_OFFSET],
            ]
        };
        for [x, y] in spots {
            let (x, y) = ((x * 100.0).round() / 100.0, (y * 100.0).round() / 100.0);
            if free([x, y, w, h]) {
                return Some(LabelBox {
                    text: label.text.clone(),
                    x,
                    y,
                    width: w,
                    height: h,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{ContainerBox, EdgeRoute};
    use super::*;

    /// A search from (200, 50) down to (200, 200), arriving downwards, in 400 x 300.
    fn node(id: &str, x: f64, y: f64) -> super::super::NodeBox {
        super::super::NodeBox {
            id: id.into(),
            x,
            y,
            width: 100.0,
            height: 40.0,
        }
    }

    fn host(id: &str, x: f64, y: f64, w: f64, h: f64, members: &[&str]) -> ContainerBox {
        ContainerBox {
            id: id.into(),
            kind: "host".into(),
            x,
            y,
            width: w,
            height: h,
            members: members.iter().map(|m| m.to_string()).collect(),
            title: super::super::Rect {
                x: x + 12.0,
                y: y + 6.0,
                width: 40.0,
                height: 18.0,
            },
        }
    }

    #[test]
    fn an_edge_through_a_host_goes_around_it() {
        // `a` in host `h` sends to `b`, right of host `k`; the straight route runs through `k`.
        let mut g = Geometry {
            width: 600.0,
            height: 300.0,
            nodes: vec![node("a", 40.0, 80.0), node("b", 460.0, 150.0)],
            containers: vec![
                host("h", 28.0, 50.0, 124.0, 160.0, &["a"]),
                host("k", 200.0, 50.0, 200.0, 200.0, &[]),
            ],
            edges: vec![EdgeRoute {
                from: "a".into(),
                to: "b".into(),
                points: vec![[90.0, 120.0], [90.0, 130.0], [510.0, 130.0], [510.0, 150.0]],
                label: Some(LabelBox {
                    text: "calls".into(),
                    x: 300.0,
                    y: 110.0,
                    width: 40.0,
                    height: 14.0,
                }),
                kind: Default::default(),
                via: [None, None],
            }],
        };
        assert!(!verify::check(&g).is_empty());
        assert_eq!(run(&mut g), 1);
        assert_eq!(verify::check(&g), Vec::<String>::new());
        let e = &g.edges[0];
        assert_eq!(e.points.first(), Some(&[90.0, 120.0]));
        assert_eq!(e.points.last(), Some(&[510.0, 150.0]));
        // It leaves down and arrives down, as before, and passes above `k`.
        assert_eq!(e.points[1][0], 90.0);
        assert_eq!(e.points[e.points.len() - 2][0], 510.0);
        assert!(
            e.points.windows(2).any(|w| w[0][1] == w[1][1]
                && w[0][1] < 50.0
                && w[0][0] < 200.0
                && w[1][0] > 400.0),
            "{e:?}"
        );
        // A route that passes through nothing is left as it is.
        let before = g.clone();
        assert_eq!(run(&mut g), 0);
        assert_eq!(g, before);
    }
}
