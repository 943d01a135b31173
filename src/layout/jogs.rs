//! Step 9, *jogs*: a staircase of two jogs in one edge becomes one jog.
//!
//! The layered routing ([`super::route`]) gives every long edge one point per layer it
//! passes, and placement cannot line them all up: an edge that runs down, across, down,
//! across and down again has two jogs where one would take it to the same port. Where the
//! room allows, the middle run is dropped and one of the two crossings is carried on to the
//! other's end (the edge-straightening pass of orthogonal connector routers: M. Wybrow,
//! K. Marriott and P. J. Stuckey, "Orthogonal connector routing", Graph Drawing 2009, LNCS
//! 5849, section 4, removes such bends when it nudges segments apart). Of the five runs
//! `a, b, c, d, e` (alternately along and across the flow, or the other way round) between
//! points `P0 … P5`, the three middle ones become two: `b` carried on to `d`'s end and `e`
//! begun there, or `a` carried on to `d`'s start and `d` begun there; the first and last
//! points, their directions and so the ports and arrowheads stay where they were.
//!
//! A change is kept only when the new runs pass through no node, no container that holds
//! neither end and no title, leave and enter the ends' containers no more often than before,
//! run along no other edge closer than [`CLEAR`] (but on the line of another edge of its bus),
//! cross no other edge's label and cross no more edges than the runs they replace; the edge's
//! own label, when no longer beside it, moves beside the new runs as near its old place as it
//! finds room, or the change is not made. Each edge is looked at once,
//! in input order, and its staircases from its start; every check is a query of uniform grids
//! ([`Grid`]), so the step is linear in the edges' points for drawings of bounded density.

use super::detour::{bbox, meets, overlaps, union};
use super::verify::{self, contains, crosses, Grid, EPS};
use super::{Geometry, LabelBox, LABEL_OFFSET};

type R = [f64; 4];
type P = [f64; 2];

/// Most cells of [`Grid`] that the runs of one staircase, old and new, may cover together:
/// a staircase longer than this keeps its jogs, so that each check stays a bounded query.
const MAX_CELLS: usize = 400;

/// Closest that a new run may pass another edge's run parallel to it, or a node it does not
/// end at, SVG user units.
const CLEAR: f64 = 6.0;

/// Removes the jogs of `g`'s edges that can go (see the module documentation). Returns how
/// many bends went. Only for orthogonal routes; a route with an oblique segment is left as
/// it is.
pub(crate) fn run(g: &mut Geometry) -> usize {
    let (ends, nparent, cparent) = {
        let verify::Tree {
            node_index,
            nparent,
            cparent,
            ..
        } = verify::tree(g);
        let ends: Vec<Option<(usize, usize)>> = g
            .edges
            .iter()
            .map(|e| {
                let f = node_index.get(e.from.as_str())?;
                Some((*f, *node_index.get(e.to.as_str())?))
            })
            .collect();
        (ends, nparent, cparent)
    };
    let nc = g.containers.len();
    let [nodes, boxes, titles] = verify::rects(g);
    let ngrid = Grid::new(&nodes);
    let cgrid = Grid::new(&boxes);
    let tgrid = Grid::new(&titles);
    let mut labels: Vec<R> = g
        .edges
        .iter()
        .map(|e| e.label.as_ref().map_or([0.0; 4], label_rect))
        .collect();
    let mut lgrid = Grid::new(&labels);
    // Edges whose label box is another's too (the one label of a bus): it stays.
    let shared: Vec<bool> = (0..g.edges.len())
        .map(|k| labels[k][2] > 0.0 && lgrid.any(labels[k], |j| j != k && labels[j] == labels[k]))
        .collect();
    // Every run of every edge, with its edge; runs replaced are marked dead.
    let mut runs: Vec<(usize, P, P, bool)> = Vec::new();
    for (k, e) in g.edges.iter().enumerate() {
        for w in e.points.windows(2) {
            runs.push((k, w[0], w[1], true));
        }
    }
    let run_boxes: Vec<R> = runs.iter().map(|r| bbox(r.1, r.2)).collect();
    let mut rgrid = Grid::new(&run_boxes);
    let holding = |v: usize| verify::holding(&nparent, &cparent, v);
    let bounds = [0.0, 0.0, g.width, g.height];
    let mut removed = 0;
    for k in 0..g.edges.len() {
        let e = &g.edges[k];
        let Some((f, t)) = ends[k] else {
            continue;
        };
        if f == t || e.points.len() < 6 || !orthogonal(&e.points) {
            continue;
        }
        let mut anc = vec![false; nc];
        let mut ends_in: Vec<usize> = Vec::new();
        for c in holding(f).into_iter().chain(holding(t)) {
            if !anc[c] {
                anc[c] = true;
                ends_in.push(c);
            }
        }
        let mut points = e.points.clone();
        let mut label = e.label.clone();
        let mut changed = false;
        let mut i = 0;
        while i + 5 < points.len() {
            let p = &points[i..i + 6];
            let axis = |a: P, b: P| usize::from((a[0] - b[0]).abs() < EPS);
            let along: Vec<usize> = p.windows(2).map(|w| axis(w[0], w[1])).collect();
            let alternate = along.windows(2).all(|w| w[0] != w[1]);
            if !alternate {
                i += 1;
                continue;
            }
            // The runs along `b`'s axis, `bx`: `b` = P1–P2 and `d` = P3–P4.
            let bx = along[1];
            let mut carry_b = p[1];
            carry_b[bx] = p[4][bx];
            let mut carry_a = p[4];
            carry_a[bx] = p[1][bx];
            let old: Vec<(P, P)> = p.windows(2).map(|w| (w[0], w[1])).collect();
            let options = if (p[1][bx] - p[4][bx]).abs() < EPS {
                // The two jogs cancel: `a` runs on into `e`.
                vec![vec![p[0], p[5]]]
            } else {
                vec![
                    // `b` carried on to `d`'s end, then `e`.
                    vec![p[0], p[1], carry_b, p[5]],
                    // `a` carried on to `d`'s start, then `d`.
                    vec![p[0], carry_a, p[4], p[5]],
                ]
            };
            let reach = p
                .iter()
                .chain([&carry_a, &carry_b])
                .fold(bbox(p[0], p[5]), |acc, &q| {
                    union(acc, [q[0], q[1], 0.0, 0.0])
                });
            // The runs old and new, each with the cells it covers.
            let near = |a: P, b: P| grow(bbox(a, b), CLEAR);
            let cells: usize = old
                .iter()
                .map(|&(a, b)| Grid::cells(near(a, b)))
                .sum::<usize>()
                + Grid::cells(near(p[1], carry_b))
                + Grid::cells(near(carry_a, p[4]));
            if cells > MAX_CELLS {
                i += 1;
                continue;
            }
            let mut done = false;
            for new in options {
                if !monotone(&new) || !keeps_ends(&new, p) {
                    continue;
                }
                let fresh: Vec<(P, P)> = new.windows(2).map(|w| (w[0], w[1])).collect();
                let blocked = fresh.iter().any(|&(a, b)| {
                    let bb = bbox(a, b);
                    ngrid.any(grow(bb, CLEAR), |j| {
                        if j == f || j == t {
                            crosses(a, b, nodes[j])
                        } else {
                            crosses(a, b, grow(nodes[j], CLEAR))
                        }
                    }) || cgrid.any(bb, |c| !anc[c] && crosses(a, b, boxes[c]))
                        || tgrid.any(bb, |c| crosses(a, b, titles[c]))
                        || lgrid.any(bb, |j| {
                            j != k && labels[j][2] > 0.0 && crosses(a, b, labels[j])
                        })
                });
                if blocked {
                    continue;
                }
                // The ends' containers: left and entered no more often than before.
                let sides = |segs: &[(P, P)], c: usize| -> usize {
                    segs.iter()
                        .map(|&(a, b)| sides_crossed(a, b, boxes[c]))
                        .sum()
                };
                if ends_in
                    .iter()
                    .any(|&c| meets(boxes[c], reach) && sides(&fresh, c) > sides(&old, c))
                {
                    continue;
                }
                // Other edges: none run alongside, no more crossings.
                let mut others: Vec<usize> = fresh
                    .iter()
                    .chain(&old)
                    .flat_map(|&(a, b)| rgrid.query(near(a, b)))
                    .collect();
                others.sort_unstable();
                others.dedup();
                let mut alongside = false;
                let (mut before, mut after) = (0usize, 0usize);
                for &j in &others {
                    let (owner, a, b, live) = runs[j];
                    if owner == k || !live {
                        continue;
                    }
                    // Edges of one bus (one target) share their trunk: a run on a sibling's
                    // line joins it, one beside it would not.
                    let sibling = ends[owner].is_some_and(|o| o.1 == t)
                        && g.edges[owner].via[1] == g.edges[k].via[1];
                    for &(u, v) in &fresh {
                        if parallel_near(u, v, a, b) && !(sibling && collinear(u, v, a, b)) {
                            alongside = true;
                        }
                        after += usize::from(cross(u, v, a, b));
                    }
                    for &(u, v) in &old {
                        before += usize::from(cross(u, v, a, b));
                    }
                }
                if alongside || after > before {
                    continue;
                }
                // The label: where it stood if that is still beside the route, else beside
                // the new runs nearest its old place.
                let mut route: Vec<P> = points[..i].to_vec();
                route.extend_from_slice(&new);
                route.extend_from_slice(&points[i + 6..]);
                let new_label = match &label {
                    Some(l) if !beside(&route, label_rect(l)) && shared[k] => continue,
                    Some(l) if !beside(&route, label_rect(l)) => {
                        let free = |r: R| {
                            contains(bounds, r, 0.0)
                                && !ngrid.any(r, |j| overlaps(r, nodes[j]))
                                && !tgrid.any(r, |c| overlaps(r, titles[c]))
                                && !cgrid.any(r, |c| {
                                    overlaps(r, boxes[c])
                                        && (!anc[c] || !contains(boxes[c], r, 0.0))
                                })
                                && !lgrid.any(r, |j| j != k && overlaps(r, labels[j]))
                                && !rgrid.any(r, |j| {
                                    let (owner, a, b, live) = runs[j];
                                    owner != k && live && crosses(a, b, r)
                                })
                        };
                        match relabel(&fresh, l, &free) {
                            Some(b) => Some(b),
                            None => continue,
                        }
                    }
                    other => other.clone(),
                };
                points = route;
                label = new_label;
                changed = true;
                done = true;
                removed += 6 - new.len();
                break;
            }
            if !done {
                i += 1;
            }
        }
        if changed {
            for r in runs.iter_mut().filter(|r| r.0 == k) {
                r.3 = false;
            }
            for w in points.windows(2) {
                rgrid.insert(runs.len(), bbox(w[0], w[1]));
                runs.push((k, w[0], w[1], true));
            }
            if let Some(l) = &label {
                labels[k] = label_rect(l);
                lgrid.insert(k, labels[k]);
            }
            let e = &mut g.edges[k];
            e.points = points;
            e.label = label;
        }
    }
    removed
}

fn label_rect(l: &LabelBox) -> R {
    [l.x, l.y, l.width, l.height]
}

/// Whether every segment of `pts` is horizontal or vertical.
fn orthogonal(pts: &[P]) -> bool {
    pts.windows(2)
        .all(|w| (w[0][0] - w[1][0]).abs() < EPS || (w[0][1] - w[1][1]).abs() < EPS)
}

/// Whether `pts` has no zero-length run, and no run that turns back on the one before it.
fn monotone(pts: &[P]) -> bool {
    pts.windows(2).all(|w| len(w[0], w[1]) > EPS)
        && pts.windows(3).all(|w| {
            let (a, b, c) = (w[0], w[1], w[2]);
            let dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
            dot >= 0.0
        })
        && orthogonal(pts)
}

/// Whether `new` leaves `old`'s first point and reaches its last point in the directions
/// `old` did (the first and last runs of a route are its port stubs).
fn keeps_ends(new: &[P], old: &[P]) -> bool {
    let dir = |a: P, b: P| [(b[0] - a[0]).signum(), (b[1] - a[1]).signum()];
    let same = |a: [f64; 2], b: [f64; 2]| {
        let z = |v: f64| if v.abs() < EPS { 0.0 } else { v };
        z(a[0]) == z(b[0]) && z(a[1]) == z(b[1])
    };
    let (n, o) = (new.len(), old.len());
    same(dir(new[0], new[1]), dir(old[0], old[1]))
        && same(dir(new[n - 2], new[n - 1]), dir(old[o - 2], old[o - 1]))
}

fn len(a: P, b: P) -> f64 {
    (a[0] - b[0]).abs() + (a[1] - b[1]).abs()
}

fn grow(r: R, by: f64) -> R {
    [r[0] - by, r[1] - by, r[2] + 2.0 * by, r[3] + 2.0 * by]
}

/// How many of the sides of `r` the axis-parallel segment `a`–`b` crosses.
fn sides_crossed(a: P, b: P, r: R) -> usize {
    let (x0, y0, x1, y1) = (r[0], r[1], r[0] + r[2], r[1] + r[3]);
    let between = |v: f64, lo: f64, hi: f64| v > lo + EPS && v < hi - EPS;
    if (a[1] - b[1]).abs() < EPS {
        // Horizontal at y = a[1].
        if !between(a[1], y0, y1) {
            return 0;
        }
        let (lo, hi) = (a[0].min(b[0]), a[0].max(b[0]));
        usize::from(lo < x0 && x0 < hi) + usize::from(lo < x1 && x1 < hi)
    } else {
        if !between(a[0], x0, x1) {
            return 0;
        }
        let (lo, hi) = (a[1].min(b[1]), a[1].max(b[1]));
        usize::from(lo < y0 && y0 < hi) + usize::from(lo < y1 && y1 < hi)
    }
}

/// Whether the axis-parallel segments `u`–`v` and `a`–`b` cross at right angles, away from
/// their ends.
fn cross(u: P, v: P, a: P, b: P) -> bool {
    let horizontal = |p: P, q: P| (p[1] - q[1]).abs() < EPS && (p[0] - q[0]).abs() >= EPS;
    let vertical = |p: P, q: P| (p[0] - q[0]).abs() < EPS && (p[1] - q[1]).abs() >= EPS;
    let hits = |h0: P, h1: P, v0: P, v1: P| {
        let (x, y) = (v0[0], h0[1]);
        x > h0[0].min(h1[0]) + EPS
            && x < h0[0].max(h1[0]) - EPS
            && y > v0[1].min(v1[1]) + EPS
            && y < v0[1].max(v1[1]) - EPS
    };
    (horizontal(u, v) && vertical(a, b) && hits(u, v, a, b))
        || (vertical(u, v) && horizontal(a, b) && hits(a, b, u, v))
}

/// Whether the axis-parallel segments `u`–`v` and `a`–`b` run side by side, closer than
/// [`CLEAR`] across and overlapping along.
fn parallel_near(u: P, v: P, a: P, b: P) -> bool {
    let overlap = |p0: f64, p1: f64, q0: f64, q1: f64| {
        p0.max(p1).min(q0.max(q1)) - p0.min(p1).max(q0.min(q1)) > EPS
    };
    let flat = |p: P, q: P| (p[1] - q[1]).abs() < EPS;
    let upright = |p: P, q: P| (p[0] - q[0]).abs() < EPS;
    (flat(u, v) && flat(a, b) && (u[1] - a[1]).abs() < CLEAR && overlap(u[0], v[0], a[0], b[0]))
        || (upright(u, v)
            && upright(a, b)
            && (u[0] - a[0]).abs() < CLEAR
            && overlap(u[1], v[1], a[1], b[1]))
}

/// Whether the axis-parallel segments `u`–`v` and `a`–`b` lie on one line.
fn collinear(u: P, v: P, a: P, b: P) -> bool {
    let flat = |p: P, q: P| (p[1] - q[1]).abs() < EPS;
    let upright = |p: P, q: P| (p[0] - q[0]).abs() < EPS;
    (flat(u, v) && flat(a, b) && (u[1] - a[1]).abs() < EPS)
        || (upright(u, v) && upright(a, b) && (u[0] - a[0]).abs() < EPS)
}

/// Whether the label box `l` stands beside `route`: within twice [`LABEL_OFFSET`] of one of
/// its runs (the test of [`verify::check`]).
fn beside(route: &[P], l: R) -> bool {
    let o = 2.0 * LABEL_OFFSET;
    let grown = [l[0] - o, l[1] - o, l[2] + 2.0 * o, l[3] + 2.0 * o];
    route.windows(2).any(|w| crosses(w[0], w[1], grown))
}

/// The label `l` moved beside one of the runs `fresh` that passes its place along that run,
/// [`LABEL_OFFSET`] to either side: of the spots `free` takes, the nearest to where it stood
/// (the first of equals); `None` when `free` takes none.
fn relabel(fresh: &[(P, P)], l: &LabelBox, free: &dyn Fn(R) -> bool) -> Option<LabelBox> {
    let r = label_rect(l);
    let mut best: Option<(f64, R)> = None;
    for &(a, b) in fresh {
        // The run's axis `k` and the label's extent along it.
        let k = usize::from((a[0] - b[0]).abs() < EPS);
        let (lo, hi) = (a[k].min(b[k]), a[k].max(b[k]));
        let (from, size) = (r[k], r[k + 2]);
        if from < lo + EPS || from + size > hi - EPS {
            continue;
        }
        let across = 1 - k;
        let line = a[across];
        for s in [line + LABEL_OFFSET, line - LABEL_OFFSET - r[across + 2]] {
            let mut m = r;
            m[across] = (s * 100.0).round() / 100.0;
            let moved = (m[across] - r[across]).abs();
            if best.is_none_or(|b| moved < b.0) && free(m) {
                best = Some((moved, m));
            }
        }
    }
    best.map(|(_, m)| LabelBox {
        text: l.text.clone(),
        x: m[0],
        y: m[1],
        width: m[2],
        height: m[3],
    })
}

#[cfg(test)]
mod tests {
    use super::super::{EdgeKind, EdgeRoute, NodeBox};
    use super::*;

    fn node(id: &str, x: f64, y: f64, width: f64, height: f64) -> NodeBox {
        NodeBox {
            id: id.into(),
            x,
            y,
            width,
            height,
        }
    }

    /// Node `a` at the top left, `b` below right, one edge between them along `points`, and
    /// the nodes `more` besides.
    fn drawing(points: Vec<P>, label: Option<LabelBox>, more: Vec<NodeBox>) -> Geometry {
        let mut nodes = vec![
            node("a", 0.0, 0.0, 60.0, 30.0),
            node("b", 200.0, 200.0, 60.0, 30.0),
        ];
        nodes.extend(more);
        Geometry {
            width: 400.0,
            height: 300.0,
            nodes,
            containers: vec![],
            edges: vec![EdgeRoute {
                from: "a".into(),
                to: "b".into(),
                points,
                label,
                kind: EdgeKind::Request,
                via: [None, None],
            }],
        }
    }

    /// Down, right, down, right, down: two jogs from `a`'s bottom to `b`'s top.
    fn staircase() -> Vec<P> {
        vec![
            [30.0, 30.0],
            [30.0, 80.0],
            [100.0, 80.0],
            [100.0, 140.0],
            [230.0, 140.0],
            [230.0, 200.0],
        ]
    }

    #[test]
    fn a_staircase_with_room_becomes_one_jog_between_the_same_ports() {
        let mut g = drawing(staircase(), None, vec![]);
        assert_eq!(run(&mut g), 2);
        let pts = &g.edges[0].points;
        assert_eq!(pts.len(), 4, "{pts:?}");
        assert_eq!((pts[0], pts[3]), ([30.0, 30.0], [230.0, 200.0]));
        assert!(orthogonal(pts) && monotone(pts));
        assert!(verify::check(&g).is_empty(), "{:?}", verify::check(&g));
    }

    #[test]
    fn a_staircase_around_nodes_keeps_its_jogs() {
        // One node on the first way's crossing, one on the second way's descent.
        let more = vec![
            node("c", 150.0, 60.0, 40.0, 40.0),
            node("d", 10.0, 100.0, 40.0, 20.0),
        ];
        let mut g = drawing(staircase(), None, more);
        assert_eq!(run(&mut g), 0);
        assert_eq!(g.edges[0].points, staircase());
    }

    #[test]
    fn the_label_of_a_dropped_run_moves_beside_the_new_runs_nearest_its_place() {
        let label = LabelBox {
            text: "sql".into(),
            x: 106.0,
            y: 100.0,
            width: 30.0,
            height: 14.0,
        };
        let mut g = drawing(staircase(), Some(label), vec![]);
        assert_eq!(run(&mut g), 2);
        let l = g.edges[0].label.as_ref().expect("label kept");
        // Under the crossing at y = 80, where it stood across the flow: nearer than beside
        // the descent at x = 230.
        assert_eq!((l.x, l.y), (106.0, 80.0 + LABEL_OFFSET));
        assert!(verify::check(&g).is_empty(), "{:?}", verify::check(&g));
    }

    #[test]
    fn jogs_that_cancel_become_a_straight_line() {
        let mut g = drawing(
            vec![
                [30.0, 30.0],
                [30.0, 80.0],
                [100.0, 80.0],
                [100.0, 140.0],
                [30.0, 140.0],
                [30.0, 200.0],
            ],
            None,
            vec![],
        );
        g.nodes[1].x = 0.0;
        assert_eq!(run(&mut g), 4);
        assert_eq!(g.edges[0].points, vec![[30.0, 30.0], [30.0, 200.0]]);
    }

    #[test]
    fn a_new_run_beside_another_edge_is_not_taken() {
        let mut g = drawing(staircase(), None, vec![]);
        // Another edge runs 3 units beside both ways' crossings.
        let mut other = g.edges[0].clone();
        other.points = vec![[20.0, 83.0], [240.0, 83.0], [240.0, 137.0], [20.0, 137.0]];
        other.to = "a".into();
        g.edges.push(other);
        assert_eq!(run(&mut g), 0);
        assert_eq!(g.edges[0].points, staircase());
    }
}
