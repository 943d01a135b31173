//! The last pass of step 5, *place*: empty bands inside containers closed.
//!
//! Brandes–Köpf balances four extreme placements by averaging their two middle candidates
//! (Brandes & Köpf 2001, section 3.3). In a compound graph the members of one container can
//! come from different candidates: a block that the left and the right compactions push to
//! opposite ends of its slack lands in the middle while its neighbour in the container stays
//! where all four put it, and the container is stretched across the gap. The x network simplex
//! ([`super::refine`]) removes such gaps, since a container's breadth costs like three
//! segments, but on large graphs it stops at its work budget long before.
//!
//! This pass removes them directly, with the network simplex's objective (Gansner et al. 1993,
//! section 4.2: `sum Ω(e) |x_u - x_v|` over the segments, plus the breadth of each container).
//! A *band* of a container is a vertical strip between two of its members that no member or
//! child container crosses in any layer the container spans; everything of the container right
//! of the strip (or left of it) can move towards the other side by the least slack of the
//! strip's gaps without breaking any separation, since nothing outside the container lies
//! between its borders. Each band is closed as far as that lowers the objective: the part's
//! segments to the rest of the drawing are a convex piecewise-linear cost of the shift, the
//! container's breadth a linear gain, so the best shift is a breakpoint found by one sorted
//! sweep. Containers are taken innermost first, so a shrunken host lets its cluster close the
//! gap it leaves. This is the one-dimensional compaction of a layout's free space by
//! splitting along empty strips (visibility-graph compaction; Lengauer, *Combinatorial
//! Algorithms for Integrated Circuit Layout*, 1990, chapter 10), with the placement's own
//! costs deciding how far each strip closes.

use rustc_hash::FxHashMap as HashMap;

use super::graph::{sep, Item, Kind};
use super::refine::{omega, BREADTH_OMEGA};

/// Cost of bending a straight segment (or gain of straightening one), in the units of
/// [`BREADTH_OMEGA`] times SVG user units per unit of the segment's weight: an orthogonal
/// edge that is not straight takes two bends.
const BEND_COST: f64 = 100.0;

/// Bands narrower than this (SVG user units) are left alone.
const MIN_BAND: f64 = 1.0;

/// Work budget (item and segment visits) per item of the layered graph, on top of
/// [`WORK_BASE`].
const WORK_PER_ITEM: usize = 40;
/// Work budget (item and segment visits) of every run, whatever the graph's size.
const WORK_BASE: usize = 200_000;

/// The layered graph and constraints the pass reads (see [`close_bands`]).
pub(crate) struct Frame<'a> {
    /// Every item of the layered graph.
    pub items: &'a [Item],
    /// Items left to right, per layer.
    pub layers: &'a [Vec<usize>],
    /// Neighbours in the layer above, per item.
    pub up: &'a [Vec<usize>],
    /// Neighbours in the layer below, per item.
    pub down: &'a [Vec<usize>],
    /// Chains sharing a segment, for the shared segments of buses.
    pub load: &'a HashMap<(usize, usize), i64>,
    /// Per container: its left border items, top layer first.
    pub lborder: &'a [Vec<usize>],
    /// Per container: its right border items, top layer first.
    pub rborder: &'a [Vec<usize>],
    /// Constraints `x[b] - x[a] >= d`.
    pub extra: &'a [(usize, usize, f64)],
    /// Per container: the least distance between its borders (its title's width).
    pub min_breadth: &'a [f64],
}

/// A member of a container in one layer: a node or edge point (`first == last`), or a child
/// container (its left and right border items in that layer).
#[derive(Clone, Copy)]
struct Unit {
    first: usize,
    last: usize,
}

/// Closes the bands of every container, innermost first (`order`), moving the items of
/// `x` (internal x, SVG user units) so that no separation or `extra` constraint breaks and
/// the placement objective only falls. Stops when its work budget (proportional to the
/// items) runs out. Linear in the items times the bands closed per container, within the
/// budget.
pub(crate) fn close_bands(f: &Frame<'_>, x: &mut [f64], order: &[usize]) {
    let n = f.items.len();
    let mut pos = vec![0usize; n];
    for layer in f.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    // For a border item, its index in its container's border list (the layer it stands in).
    let mut at = vec![usize::MAX; n];
    for list in f.lborder.iter().chain(f.rborder) {
        for (k, &b) in list.iter().enumerate() {
            at[b] = k;
        }
    }
    let mut by_item: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(a, b, _)) in f.extra.iter().enumerate() {
        by_item[a].push(i);
        by_item[b].push(i);
    }
    let mut work = WORK_BASE + WORK_PER_ITEM * n;
    let mut stamp = vec![0u32; n];
    let mut round = 0u32;
    for &c in order {
        let (lb, rb) = (&f.lborder[c], &f.rborder[c]);
        if lb.is_empty() {
            continue;
        }
        // The container's members per layer, left to right, borders first and last.
        let mut rows: Vec<Vec<Unit>> = Vec::with_capacity(lb.len());
        for (&l, &r) in lb.iter().zip(rb) {
            let layer = &f.layers[f.items[l].rank];
            let mut row = vec![Unit { first: l, last: l }];
            let mut i = pos[l] + 1;
            while i < pos[r] {
                let v = layer[i];
                let last = match f.items[v].kind {
                    Kind::BorderL(d) => f.rborder[d][at[v]],
                    _ => v,
                };
                row.push(Unit { first: v, last });
                i = pos[last] + 1;
            }
            row.push(Unit { first: r, last: r });
            rows.push(row);
        }
        let cost = 4 * rows.iter().map(Vec::len).sum::<usize>();
        if cost > work {
            return;
        }
        work -= cost;
        let cuts = bands(f, x, &rows);
        // Right to left: closing a band moves only what lies right of it, or everything left
        // of it by the same amount (the cut positions left of it with it).
        let mut carried = 0.0;
        for t in cuts.into_iter().rev() {
            let t = t + carried;
            let room = room(f, x, &rows, t).min(
                x[rb[0]]
                    - x[lb[0]]
                    - f.min_breadth[c].max(f.items[lb[0]].right + f.items[rb[0]].left),
            );
            if room < MIN_BAND {
                continue;
            }
            let mut left = 0.0;
            let mut total = 0.0;
            // The two sides of the band, taken before either moves; the side whose shift gains
            // most moves first, then the other with the room left.
            let sides = [false, true].map(|right| part(f, x, &pos, &rows, t, right));
            work = work.saturating_sub(2 * (sides[0].len() + sides[1].len()));
            let mut gains = [0.0; 2];
            for (k, p) in sides.iter().enumerate() {
                round += 1;
                p.iter().for_each(|&v| stamp[v] = round);
                gains[k] = best_shift(f, x, p, k == 1, room, &stamp, round, &by_item).1;
            }
            let first = usize::from(gains[1] > gains[0]);
            for k in [first, 1 - first] {
                let rest = room - total;
                if rest < MIN_BAND {
                    break;
                }
                let (p, right) = (&sides[k], k == 1);
                round += 1;
                p.iter().for_each(|&v| stamp[v] = round);
                let (s, gain) = best_shift(f, x, p, right, rest, &stamp, round, &by_item);
                if gain <= 0.0 || s < MIN_BAND {
                    continue;
                }
                let d = if right { -s } else { s };
                for &v in p {
                    x[v] += d;
                }
                total += s;
                if !right {
                    left += s;
                }
            }
            carried += left;
        }
    }
}

/// The bands of a container whose members per layer are `rows`: per maximal run of
/// elementary strips (between consecutive member ends over all layers) with room, the
/// position (internal x) of its roomiest strip's middle, left to right.
fn bands(f: &Frame<'_>, x: &[f64], rows: &[Vec<Unit>]) -> Vec<f64> {
    let mut xs: Vec<f64> = rows
        .iter()
        .flatten()
        .flat_map(|u| [x[u.first], x[u.last]])
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    if xs.len() < 3 {
        return Vec::new();
    }
    let index = |v: f64| xs.partition_point(|&p| p < v);
    // Gaps (first strip, end strip, room) and the spans of child containers (room 0).
    let mut spans: Vec<(usize, usize, f64)> = Vec::new();
    for row in rows {
        for w in row.windows(2) {
            let (a, b) = (w[0].last, w[1].first);
            let room = x[b] - x[a] - sep(&f.items[a], &f.items[b]);
            spans.push((index(x[a]), index(x[b]), room.max(0.0)));
        }
        for u in row.iter().filter(|u| u.first != u.last) {
            spans.push((index(x[u.first]), index(x[u.last]), 0.0));
        }
    }
    // Each strip's room is the least room of the spans covering it: paint strips in
    // increasing room, skipping painted ones (a union-find of the next unpainted strip).
    spans.sort_by(|a, b| a.2.total_cmp(&b.2));
    let m = xs.len() - 1;
    let mut room = vec![f64::NAN; m];
    let mut next: Vec<usize> = (0..=m).collect();
    fn find(next: &mut [usize], mut i: usize) -> usize {
        while next[i] != i {
            next[i] = next[next[i]];
            i = next[i];
        }
        i
    }
    for &(a, b, r) in &spans {
        let mut i = find(&mut next, a);
        while i < b {
            room[i] = r;
            next[i] = i + 1;
            i = find(&mut next, i + 1);
        }
    }
    let mut out: Vec<f64> = Vec::new();
    let mut run: Option<(usize, f64)> = None;
    for i in 0..=m {
        let r = if i < m { room[i] } else { f64::NAN };
        if r >= MIN_BAND {
            if run.is_none_or(|(_, best)| r > best) {
                run = Some((i, r));
            }
        } else if let Some((j, _)) = run.take() {
            out.push((xs[j] + xs[j + 1]) / 2.0);
        }
    }
    out
}

/// The room of the band through `t` (internal x) in the current placement: the least slack of
/// the gap `t` falls in, over the rows; 0 when `t` falls on a member.
fn room(f: &Frame<'_>, x: &[f64], rows: &[Vec<Unit>], t: f64) -> f64 {
    let mut least = f64::INFINITY;
    for row in rows {
        let i = row.partition_point(|u| x[u.last] < t);
        if i == 0 || i == row.len() || x[row[i].first] <= t {
            return 0.0;
        }
        let (a, b) = (row[i - 1].last, row[i].first);
        least = least.min(x[b] - x[a] - sep(&f.items[a], &f.items[b]));
    }
    least.max(0.0)
}

/// The items of the container right of `t` (`right`) or left of it, in every row.
fn part(
    f: &Frame<'_>,
    x: &[f64],
    pos: &[usize],
    rows: &[Vec<Unit>],
    t: f64,
    right: bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    for row in rows {
        let i = row.partition_point(|u| x[u.last] < t);
        let (lo, hi) = if right {
            (row[i.min(row.len() - 1)].first, row[row.len() - 1].last)
        } else {
            (row[0].first, row[i.saturating_sub(1)].last)
        };
        out.extend_from_slice(&f.layers[f.items[lo].rank][pos[lo]..=pos[hi]]);
    }
    out
}

/// The shift (SVG user units, at most `room`) of the items `part` (marked with `round` in
/// `stamp`) towards the band, left if `right`, that lowers the placement objective most, and
/// by how much it lowers it (in units of Ω times user units); 0 when no shift helps.
#[allow(clippy::too_many_arguments)]
fn best_shift(
    f: &Frame<'_>,
    x: &[f64],
    part: &[usize],
    right: bool,
    room: f64,
    stamp: &[u32],
    round: u32,
    by_item: &[Vec<usize>],
) -> (f64, f64) {
    let inside = |v: usize| stamp[v] == round;
    let mut room = room;
    // Breakpoints (distance towards the band at which a segment turns from shorter to
    // longer, its weight) of the segments leaving the part.
    let mut points: Vec<(f64, i64)> = Vec::new();
    for &u in part {
        let iu = &f.items[u];
        // An `extra` constraint with one end in the part limits the shift.
        for &e in &by_item[u] {
            let (a, b, d) = f.extra[e];
            if (right && inside(b) && !inside(a)) || (!right && inside(a) && !inside(b)) {
                room = room.min(x[b] - x[a] - d);
            }
        }
        if iu.kind.is_border() {
            continue;
        }
        for (list, is_up) in [(&f.up[u], true), (&f.down[u], false)] {
            for &v in list {
                let iv = &f.items[v];
                if iv.kind.is_border() || inside(v) {
                    continue;
                }
                let (upper, lower) = if is_up { (v, u) } else { (u, v) };
                let w = omega(f.items, f.load, upper, lower);
                // Distance the part can move towards the band before this segment lengthens.
                let d = if right { x[u] - x[v] } else { x[v] - x[u] };
                points.push((d, w));
            }
        }
    }
    if room < MIN_BAND {
        return (0.0, 0.0);
    }
    // Cost of a shift s: sum w (|d - s| - |d|) - BREADTH_OMEGA s, convex, plus BEND_COST w
    // for each segment that s bends (straight at 0, not at s) less that for each it
    // straightens (d = s). The best s is 0, `room` or a breakpoint: one sweep through them.
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let straight = |d: f64, s: f64| (d - s).abs() < 0.5;
    let mut slope: i64 = -BREADTH_OMEGA;
    let mut bent = 0.0;
    for &(d, w) in &points {
        slope += if d <= 0.0 { w } else { -w };
        if straight(d, 0.0) {
            bent += BEND_COST * w as f64;
        }
    }
    let (mut s, mut linear) = (0.0, 0.0);
    let mut best = (0.0, 0.0);
    let mut i = points.partition_point(|p| p.0 <= 0.5);
    while s < room {
        let next = if i < points.len() {
            points[i].0.min(room)
        } else {
            room
        };
        linear += -(slope as f64) * (next - s);
        s = next;
        // The segments this shift makes straight, and the slope past them.
        let mut fixed = 0.0;
        while i < points.len() && points[i].0 <= s + 0.5 {
            if straight(points[i].0, s) {
                fixed += BEND_COST * points[i].1 as f64;
            }
            slope += 2 * points[i].1;
            i += 1;
        }
        let gain = linear + fixed - bent;
        if gain > best.1 {
            best = (s, gain);
        }
        if slope >= 0 && i >= points.len() {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items of one layer (rank 0) with the given kinds, nodes 40 wide, borders with 12 of
    /// padding on their inner side.
    fn items(kinds: &[Kind]) -> Vec<Item> {
        kinds
            .iter()
            .map(|&kind| {
                let (left, right) = match kind {
                    Kind::BorderL(_) => (0.0, 12.0),
                    Kind::BorderR(_) => (12.0, 0.0),
                    _ => (20.0, 20.0),
                };
                Item {
                    kind,
                    rank: 0,
                    parent: None,
                    left,
                    right,
                    depth: 20.0,
                }
            })
            .collect()
    }

    struct Case {
        items: Vec<Item>,
        layers: Vec<Vec<usize>>,
        up: Vec<Vec<usize>>,
        down: Vec<Vec<usize>>,
        lborder: Vec<Vec<usize>>,
        rborder: Vec<Vec<usize>>,
        extra: Vec<(usize, usize, f64)>,
        min_breadth: Vec<f64>,
    }

    impl Case {
        fn run(&self, x: &mut [f64], order: &[usize]) {
            let load = HashMap::default();
            let f = Frame {
                items: &self.items,
                layers: &self.layers,
                up: &self.up,
                down: &self.down,
                load: &load,
                lborder: &self.lborder,
                rborder: &self.rborder,
                extra: &self.extra,
                min_breadth: &self.min_breadth,
            };
            close_bands(&f, x, order);
        }
    }

    /// A container (0) holding two nodes, the second `gap` further right than it needs to be,
    /// each node with an edge straight down to a node outside below it when `edges`.
    fn two_apart(gap: f64, edges: bool) -> (Case, Vec<f64>) {
        let mut items = items(&[
            Kind::BorderL(0),
            Kind::Node(0),
            Kind::Node(1),
            Kind::BorderR(0),
        ]);
        let mut layers = vec![vec![0, 1, 2, 3]];
        let mut x = vec![0.0, 32.0, 96.0 + gap, 128.0 + gap];
        let (mut up, mut down) = (vec![Vec::new(); 4], vec![Vec::new(); 4]);
        if edges {
            for (k, &u) in [1usize, 2].iter().enumerate() {
                let mut below = self::items(&[Kind::Node(2 + k)]).remove(0);
                below.rank = 1;
                items.push(below);
                up.push(vec![u]);
                down.push(Vec::new());
                down[u].push(4 + k);
                x.push(x[u]);
            }
            layers.push(vec![4, 5]);
        }
        let case = Case {
            items,
            layers,
            up,
            down,
            lborder: vec![vec![0]],
            rborder: vec![vec![3]],
            extra: Vec::new(),
            min_breadth: vec![0.0],
        };
        (case, x)
    }

    #[test]
    fn an_empty_band_inside_a_container_closes() {
        let (case, mut x) = two_apart(500.0, false);
        case.run(&mut x, &[0]);
        assert_eq!(x[2] - x[1], 64.0, "the nodes sit NODE_SEP apart");
        assert_eq!(x[3] - x[0], 128.0, "the container hugs them");
        // Moving a side left alone what lay outside the container's other side.
        assert!(x[0] == 0.0 || x[3] == 628.0, "{x:?}");
    }

    #[test]
    fn a_band_too_narrow_to_pay_for_a_bend_stays() {
        // Closing 10 units saves 60 of breadth but bends a straight edge (cost 100 + 10).
        let (case, mut x) = two_apart(10.0, true);
        let before = x.clone();
        case.run(&mut x, &[0]);
        assert_eq!(x, before);
        // 500 units pay for it.
        let (case, mut x) = two_apart(500.0, true);
        case.run(&mut x, &[0]);
        assert_eq!(x[2] - x[1], 64.0);
    }

    #[test]
    fn a_title_wider_than_the_members_limits_the_closing() {
        let (mut case, mut x) = two_apart(500.0, false);
        case.min_breadth = vec![300.0];
        case.run(&mut x, &[0]);
        assert_eq!(x[3] - x[0], 300.0);
    }

    #[test]
    fn a_child_container_moves_whole() {
        // Container 0 holds container 1 (nodes 0 and 1, 500 apart) and node 2, 300 further
        // right than it needs to be. Only container 0 is compacted: its band right of
        // container 1 closes, the band inside container 1 is not its to close.
        let kinds = [
            Kind::BorderL(0),
            Kind::BorderL(1),
            Kind::Node(0),
            Kind::Node(1),
            Kind::BorderR(1),
            Kind::Node(2),
            Kind::BorderR(0),
        ];
        let case = Case {
            items: items(&kinds),
            layers: vec![(0..7).collect()],
            up: vec![Vec::new(); 7],
            down: vec![Vec::new(); 7],
            lborder: vec![vec![0], vec![1]],
            rborder: vec![vec![6], vec![4]],
            extra: Vec::new(),
            min_breadth: vec![0.0, 0.0],
        };
        let mut x = vec![0.0, 12.0, 44.0, 608.0, 640.0, 992.0, 1024.0];
        case.run(&mut x, &[0]);
        assert_eq!(x[3] - x[2], 564.0, "container 1 is not cut");
        assert_eq!(x[5] - x[4], 16.0 + 20.0, "CONTAINER_SEP and half the node");
    }
}
