//! The search of step 8 ([`super`]): the cheapest orthogonal path between two points around
//! a set of rectangles, by A* over the grid of the lines [`CLEAR`] outside their sides (Wybrow,
//! Marriott and Stuckey, "Orthogonal connector routing", GD 2009), within a budget of states.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{BEND, CLEAR, LABEL_COST, MAX_GRID, P, R};

/// The fewest bends of an orthogonal path that moves in direction `d` now and arrives in
/// direction `goal` at the point `to` away (`[dx, dy]`), obstacles aside: the bend estimate
/// that Wybrow, Marriott and Stuckey (GD 2009, §4) add to the distance so that A* explores no
/// route that must bend more than the best one. Zero when the target lies straight ahead in
/// the arrival direction; one when a single turn into `goal` reaches it; otherwise two when
/// `d` and `goal` are parallel and three when they are perpendicular (a route from one
/// direction to a parallel one bends an even number of times, to a perpendicular one an odd
/// number). Directions as in [`super::direction`].
pub(super) fn fewest_bends(d: usize, goal: usize, [dx, dy]: P) -> u8 {
    // The target's offset along a direction (positive: ahead) and across it.
    let ahead = |d: usize| match d {
        0 => dx,
        1 => -dx,
        2 => dy,
        _ => -dy,
    };
    let across = |d: usize| if d < 2 { dy } else { dx };
    let tol = 1e-6;
    if d / 2 == goal / 2 {
        if d == goal && across(d).abs() < tol && ahead(d) > -tol {
            0
        } else {
            2
        }
    } else if ahead(d) > -tol && ahead(goal) > -tol {
        1
    } else {
        3
    }
}

/// The sorted, distinct lines of one axis: the two ends', and each obstacle's two sides and
/// the lines [`CLEAR`] outside them, within `[lo, hi]`.
fn lines(obstacles: &[R], axis: usize, ends: [f64; 2], lo: f64, hi: f64) -> Vec<f64> {
    let mut v: Vec<f64> = ends.to_vec();
    for o in obstacles {
        let (a, b) = (o[axis], o[axis] + o[axis + 2]);
        v.extend([a - CLEAR, a, b, b + CLEAR]);
    }
    v.retain(|&c| c >= lo && c <= hi);
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 1e-6);
    v
}

/// The cheapest orthogonal path from `start`, leaving in direction `d0`, to `end`, arriving
/// in direction `d1`, through `region` and around `obstacles` (see the module
/// documentation): its points from `start` to `end`, or `None` when there is none or the
/// budget runs out.
pub(super) fn search(
    obstacles: &[R],
    soft: &[R],
    region: R,
    [start, end]: [P; 2],
    [d0, d1]: [usize; 2],
    budget: &mut usize,
    scratch: &mut Scratch,
) -> Option<Vec<P>> {
    let all = [obstacles, soft].concat();
    let xs = lines(
        &all,
        0,
        [start[0], end[0]],
        region[0],
        region[0] + region[2],
    );
    let ys = lines(
        &all,
        1,
        [start[1], end[1]],
        region[1],
        region[1] + region[3],
    );
    let (nx, ny) = (xs.len(), ys.len());
    if nx * ny > MAX_GRID.min(*budget) {
        return None;
    }
    *budget -= nx * ny;
    let find = |v: &[f64], c: f64| v.iter().position(|&a| (a - c).abs() < 1e-6);
    let (si, sj) = (find(&xs, start[0])?, find(&ys, start[1])?);
    let (ei, ej) = (find(&xs, end[0])?, find(&ys, end[1])?);
    let (h, v) = blocked(obstacles, &xs, &ys);
    let (sh, sv) = blocked(soft, &xs, &ys);
    let open_h = |i: usize, j: usize| h[j * (nx + 1) + i] == 0;
    let open_v = |i: usize, j: usize| v[j * (nx + 1) + i] == 0;
    // Length along a segment counts `1 + LABEL_COST` times inside another edge's label.
    let weight_h = |i: usize, j: usize| 1.0 + LABEL_COST * f64::from(sh[j * (nx + 1) + i] > 0);
    let weight_v = |i: usize, j: usize| 1.0 + LABEL_COST * f64::from(sv[j * (nx + 1) + i] > 0);
    // A* over (point, direction of arrival).
    let state = |i: usize, j: usize, d: usize| (j * nx + i) * 4 + d;
    // Cost and predecessor of each state reached (in `scratch`, reused from search to search).
    scratch.begin(nx * ny * 4);
    let estimate = |i: usize, j: usize, d: usize| {
        let (dx, dy) = (end[0] - xs[i], end[1] - ys[j]);
        dx.abs() + dy.abs() + BEND * f64::from(fewest_bends(d, d1, [dx, dy]))
    };
    // Among states of equal estimated total, the one farther along (of greater cost so far) is
    // taken first, so that A* does not widen over the many ties of open space.
    let mut heap: BinaryHeap<Reverse<(u64, u64, usize)>> = BinaryHeap::new();
    let s = state(si, sj, d0);
    scratch.set(s, 0.0, usize::MAX);
    heap.push(Reverse((estimate(si, sj, d0).to_bits(), u64::MAX, s)));
    let goal = state(ei, ej, d1);
    while let Some(Reverse((f, _, s))) = heap.pop() {
        if s == goal {
            break;
        }
        let p = s / 4;
        if f64::from_bits(f) > scratch.cost(s) + estimate(p % nx, p / nx, s % 4) + 1e-9 {
            // Reached again more cheaply since this entry was pushed.
            continue;
        }
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        let (d, p) = (s % 4, s / 4);
        let (i, j) = (p % nx, p / nx);
        let c = scratch.cost(s);
        for nd in 0..4 {
            // No turning back.
            if nd == d ^ 1 {
                continue;
            }
            let next = match nd {
                0 if i + 1 < nx && open_h(i, j) => {
                    Some((i + 1, j, (xs[i + 1] - xs[i]) * weight_h(i, j)))
                }
                1 if i > 0 && open_h(i - 1, j) => {
                    Some((i - 1, j, (xs[i] - xs[i - 1]) * weight_h(i - 1, j)))
                }
                2 if j + 1 < ny && open_v(i, j) => {
                    Some((i, j + 1, (ys[j + 1] - ys[j]) * weight_v(i, j)))
                }
                3 if j > 0 && open_v(i, j - 1) => {
                    Some((i, j - 1, (ys[j] - ys[j - 1]) * weight_v(i, j - 1)))
                }
                _ => None,
            };
            let Some((ni, nj, len)) = next else { continue };
            let nc = c + len + if nd == d { 0.0 } else { BEND };
            let ns = state(ni, nj, nd);
            if nc < scratch.cost(ns) - 1e-9 {
                scratch.set(ns, nc, s);
                heap.push(Reverse((
                    (nc + estimate(ni, nj, nd)).to_bits(),
                    u64::MAX - nc.to_bits(),
                    ns,
                )));
            }
        }
    }
    if !scratch.cost(goal).is_finite() {
        return None;
    }
    let mut path = Vec::new();
    let mut s = goal;
    loop {
        let p = s / 4;
        path.push([xs[p % nx], ys[p / nx]]);
        if s == state(si, sj, d0) {
            break;
        }
        s = scratch.from(s);
        if s == usize::MAX {
            return None;
        }
    }
    path.reverse();
    Some(path)
}

/// The cost and predecessor of every search state, kept from search to search: a state
/// counts as reached in the current search only when its stamp is the search's.
#[derive(Default)]
pub(super) struct Scratch {
    /// Per state: its cost, its predecessor and the stamp of the search that set them, side
    /// by side so that a visit reads one cache line.
    states: Vec<Visit>,
    now: u32,
}

/// What [`Scratch`] keeps of one search state.
#[derive(Clone, Copy)]
struct Visit {
    cost: f64,
    from: u32,
    stamp: u32,
}

/// No predecessor (the start state).
const NONE: u32 = u32::MAX;

impl Scratch {
    /// Starts a search of `states` states (fewer than `u32::MAX`: [`MAX_GRID`] bounds them).
    fn begin(&mut self, states: usize) {
        if self.states.len() < states {
            let unset = Visit {
                cost: f64::INFINITY,
                from: NONE,
                stamp: 0,
            };
            self.states.resize(states, unset);
        }
        self.now = self.now.wrapping_add(1);
        if self.now == 0 {
            self.states.iter_mut().for_each(|s| s.stamp = 0);
            self.now = 1;
        }
    }

    fn cost(&self, s: usize) -> f64 {
        let v = self.states[s];
        if v.stamp == self.now {
            v.cost
        } else {
            f64::INFINITY
        }
    }

    fn from(&self, s: usize) -> usize {
        let v = self.states[s];
        if v.stamp == self.now && v.from != NONE {
            v.from as usize
        } else {
            usize::MAX
        }
    }

    fn set(&mut self, s: usize, cost: f64, from: usize) {
        self.states[s] = Visit {
            cost,
            from: u32::try_from(from).unwrap_or(NONE),
            stamp: self.now,
        };
    }
}

/// The grid segments that `rects` cover, as counts over `xs` x `ys` (rows of `xs.len() + 1`):
/// horizontal ones at `[j * (nx + 1) + i]` from point (i, j) to (i + 1, j), vertical ones at the
/// same index from (i, j) to (i, j + 1). A segment is covered when its middle lies in a
/// rectangle's closed box, which is exact because every side is a grid line. Marked through
/// 2D difference arrays, linear in the grid and the rectangles.
fn blocked(rects: &[R], xs: &[f64], ys: &[f64]) -> (Vec<i32>, Vec<i32>) {
    let (nx, ny) = (xs.len(), ys.len());
    let index = |v: &[f64], c: f64| v.partition_point(|&a| a < c - 1e-6);
    let mut dh = vec![0i32; (nx + 1) * (ny + 1)];
    let mut dv = vec![0i32; (nx + 1) * (ny + 1)];
    for o in rects {
        let (i0, i1) = (index(xs, o[0]), index(xs, o[0] + o[2] + 2e-6));
        let (j0, j1) = (index(ys, o[1]), index(ys, o[1] + o[3] + 2e-6));
        // Horizontal segments i in [i0, i1 - 1), rows j in [j0, j1).
        if i1 > i0 + 1 && j1 > j0 {
            mark(&mut dh, nx + 1, i0, i1 - 1, j0, j1);
        }
        // Vertical segments j in [j0, j1 - 1), columns i in [i0, i1).
        if j1 > j0 + 1 && i1 > i0 {
            mark(&mut dv, nx + 1, i0, i1, j0, j1 - 1);
        }
    }
    (sum(&dh, nx + 1, ny + 1), sum(&dv, nx + 1, ny + 1))
}

/// Adds 1 to the cells `[i0, i1) x [j0, j1)` of the difference array `d` (rows of `w`).
fn mark(d: &mut [i32], w: usize, i0: usize, i1: usize, j0: usize, j1: usize) {
    d[j0 * w + i0] += 1;
    d[j0 * w + i1] -= 1;
    d[j1 * w + i0] -= 1;
    d[j1 * w + i1] += 1;
}

/// The 2D prefix sums of the difference array `d` (`w` x `hgt`).
fn sum(d: &[i32], w: usize, hgt: usize) -> Vec<i32> {
    let mut s = d.to_vec();
    for j in 0..hgt {
        for i in 1..w {
            s[j * w + i] += s[j * w + i - 1];
        }
    }
    for j in 1..hgt {
        for i in 0..w {
            s[j * w + i] += s[(j - 1) * w + i];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::super::route::simplify;
    use super::super::super::verify::crosses;
    use super::*;

    fn down_past(obstacles: &[R], budget: &mut usize) -> Option<Vec<P>> {
        search(
            obstacles,
            &[],
            [0.0, 0.0, 400.0, 300.0],
            [[200.0, 50.0], [200.0, 200.0]],
            [2, 2],
            budget,
            &mut Scratch::default(),
        )
    }

    #[test]
    fn a_path_goes_around_a_box_in_its_way() {
        // From above a box to below it: around one side, four bends, CLEAR off its sides.
        let wall = [[100.0, 100.0, 200.0, 50.0]];
        let mut budget = 1_000_000;
        let path = down_past(&wall, &mut budget).expect("a path");
        let path = simplify(path);
        assert_eq!(path.len(), 6, "{path:?}");
        for w in path.windows(2) {
            assert!(!crosses(w[0], w[1], wall[0]), "{path:?}");
            assert!(w[0][0] == w[1][0] || w[0][1] == w[1][1], "{path:?}");
        }
        assert!(path
            .iter()
            .any(|p| p[0] == 100.0 - CLEAR || p[0] == 300.0 + CLEAR));
        // Walled in on every side within the region: no path.
        let walls = [[0.0, 100.0, 400.0, 50.0], [0.0, 0.0, 10.0, 10.0]];
        let mut budget = 1_000_000;
        assert!(down_past(&walls, &mut budget).is_none());
    }

    #[test]
    fn a_search_stops_when_its_budget_runs_out() {
        let wall = [[100.0, 100.0, 200.0, 50.0]];
        let go = |budget: &mut usize| down_past(&wall, budget);
        // Too small for the grid: not started.
        let mut budget = 3;
        assert!(go(&mut budget).is_none());
        assert_eq!(budget, 3);
        // The grid (5 x 6 lines) and two states: stopped on the way.
        let grid = 5 * 6;
        let mut budget = grid + 2;
        assert!(go(&mut budget).is_none());
        assert_eq!(budget, 0);
        // With the bend estimate A* visits 21 states (49 with the distance alone).
        let mut budget = 1_000;
        assert!(go(&mut budget).is_some());
        assert!(
            1_000 - budget - grid <= 24,
            "{} states",
            1_000 - budget - grid
        );
    }

    #[test]
    fn the_bend_estimate_counts_the_turns_no_route_can_skip() {
        // Heading right (0), to arrive heading right: straight ahead, or two turns.
        assert_eq!(fewest_bends(0, 0, [100.0, 0.0]), 0);
        assert_eq!(fewest_bends(0, 0, [100.0, 30.0]), 2);
        assert_eq!(fewest_bends(0, 0, [-100.0, 0.0]), 2);
        // To arrive heading left (1): at least two.
        assert_eq!(fewest_bends(0, 1, [100.0, 30.0]), 2);
        // To arrive heading down (2): one turn when the target is ahead and below, else three.
        assert_eq!(fewest_bends(0, 2, [100.0, 30.0]), 1);
        assert_eq!(fewest_bends(0, 2, [0.0, 30.0]), 1);
        assert_eq!(fewest_bends(0, 2, [-100.0, 30.0]), 3);
        assert_eq!(fewest_bends(0, 2, [100.0, -30.0]), 3);
        // Heading up (3), to arrive heading left (1).
        assert_eq!(fewest_bends(3, 1, [-50.0, -80.0]), 1);
        assert_eq!(fewest_bends(3, 1, [50.0, -80.0]), 3);
    }

    #[test]
    fn an_open_search_walks_its_route_instead_of_the_grid() {
        // Boxes above the drawing and to its right draw a grid of about 160 x 80 lines over the
        // open rectangle between (0, 0), left heading right, and (4,000, 200), reached heading
        // right. Every route with one jog down costs the same, so A* taking ties farthest first
        // walks one of them instead of widening over the grid.
        let mut boxes: Vec<R> = (0..40)
            .map(|i| [100.0 * f64::from(i), -100.0, 40.0, 40.0])
            .collect();
        boxes.extend((0..20).map(|j| [4_100.0, 10.0 * f64::from(j), 40.0, 5.0]));
        let region = [-10.0, -110.0, 4_200.0, 330.0];
        let mut budget = 1_000_000;
        let path = search(
            &boxes,
            &[],
            region,
            [[0.0, 0.0], [4_000.0, 200.0]],
            [0, 0],
            &mut budget,
            &mut Scratch::default(),
        )
        .expect("a path");
        // Two bends (the first may be at the start, which leaves heading right there).
        let path = simplify(path);
        assert!(path.len() <= 4, "{path:?}");
        assert_eq!(path.last(), Some(&[4_000.0, 200.0]));
        let (nx, ny) = (
            lines(&boxes, 0, [0.0, 4_000.0], -10.0, 4_190.0).len(),
            lines(&boxes, 1, [0.0, 200.0], -110.0, 220.0).len(),
        );
        let visited = 1_000_000 - budget - nx * ny;
        assert!(
            visited <= 4 * (nx + ny),
            "{visited} states visited on {nx} x {ny}"
        );
    }
}
