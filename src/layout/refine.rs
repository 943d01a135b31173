//! The x refinement of step 5, *place*: network simplex on the auxiliary
//! graph of Gansner et al. 1993, section 4.2, started from the Brandes–Köpf
//! placement of [`super::place`], with the pulls that centre a node over its
//! fan or between the members of a cluster ([`Pull`]).

use rustc_hash::FxHashMap as HashMap;

use super::graph::{sep, Item, Kind};

/// A pull of a node towards the middle between two items (indices into the
/// items), `weight` per unit of distance in the units of [`ANCHOR_SCALE`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Between {
    /// The left item (a node, or a container's left border).
    pub lo: usize,
    /// The right item.
    pub hi: usize,
    /// Cost of a unit of distance from the middle.
    pub weight: i64,
}

/// How hard, and towards what, the x refinement pulls a node ([`refine_x`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Pull {
    /// Towards an x (internal, SVG user units) in the frame of the nodes'
    /// Brandes–Köpf anchors, with a weight: the anchors float together, so
    /// this only holds relative to the nodes the refinement leaves in place.
    At(f64, i64),
    /// Towards the middle between two items, wherever they move.
    Between(Between),
}

/// Cost of a unit of container breadth, in the units of a segment's weight Ω
/// ([`omega`]): that of three segments with one dummy end.
pub(crate) const BREADTH_OMEGA: i64 = 3 * 2;

/// Cost of a unit of container breadth in the x network simplex.
const CONTAINER_WEIGHT: i64 = BREADTH_OMEGA * ANCHOR_SCALE;

/// Weight Ω of the segment from `upper` to `lower` in the objective `sum Ω(e) |x_u - x_v|`
/// (Gansner et al. 1993, section 4.2): 1, 2 or 8 for a segment with 0, 1 or 2 dummy ends,
/// times the chains sharing it when it is a shared segment of a bus (`load`), which stands
/// for that many edges.
pub(crate) fn omega(
    items: &[Item],
    load: &HashMap<(usize, usize), i64>,
    upper: usize,
    lower: usize,
) -> i64 {
    let base = match (items[upper].kind.is_edge(), items[lower].kind.is_edge()) {
        (true, true) => 8,
        (false, false) => 1,
        _ => 2,
    };
    base * load.get(&(upper, lower)).copied().unwrap_or(1)
}

/// Pull of a node towards the centre of its fan (see [`fan_ends`]), in
/// the units of [`ANCHOR_SCALE`]: three times a segment with one dummy end.
pub(crate) const FAN_WEIGHT: i64 = 3 * 2 * ANCHOR_SCALE;

/// Pull of a node towards the middle of the nodes it is centred on
/// ([`Under::Nodes`]): stronger than a long edge's straightness (a segment
/// between two dummies), so that a server reached from a cluster sits under
/// the cluster's members even when another edge must bend for it.
pub(crate) const CENTRE_WEIGHT: i64 = 16 * 8 * ANCHOR_SCALE;

/// The outermost neighbours of a node's fan, if it has one: the leftmost
/// and the rightmost neighbour on the side where it has two or more and more
/// than on the other side (the lower side on a tie), so that a load balancer
/// sits centred over its servers and a server under its load balancers
/// whenever the constraints allow.
fn fan_ends(
    items: &[Item],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    x: &[f64],
    v: usize,
) -> Option<(usize, usize)> {
    let real = |list: &[usize]| -> Vec<usize> {
        list.iter()
            .copied()
            .filter(|&u| !items[u].kind.is_border())
            .collect()
    };
    let (a, b) = (real(&up[v]), real(&down[v]));
    let side = if b.len() >= 2 && b.len() >= a.len() {
        b
    } else if a.len() >= 2 && a.len() > b.len() {
        a
    } else {
        return None;
    };
    let lo = side
        .iter()
        .copied()
        .min_by(|&p, &q| x[p].total_cmp(&x[q]))?;
    let hi = side
        .iter()
        .copied()
        .max_by(|&p, &q| x[p].total_cmp(&x[q]))?;
    Some((lo, hi))
}

/// Fixed-point scale of the x network simplex (hundredths of a user unit).
const X_SCALE: f64 = 100.0;
/// Weight of an edge segment in the x network simplex relative to a node's
/// pull towards its Brandes–Köpf position.
const ANCHOR_SCALE: i64 = 8;

/// Improves the x coordinates with network simplex on the auxiliary graph of
/// Gansner et al. 1993, section 4.2: one variable per item (each container
/// border chain is a single variable, so borders stay straight), one extra
/// vertex `n_e` per edge segment with edges `n_e -> u`, `n_e -> v` of weight
/// Ω(e) (1, 2 or 8 for segments with 0, 1 or 2 dummy ends), so the objective
/// is `sum Ω(e) |x_u - x_v|`; separation edges between neighbours of a layer
/// and the container title-width constraints keep the layout valid. Starts
/// from the Brandes–Köpf placement `x` (already feasible) and stops when
/// `budget` (edge visits) runs out, so large graphs keep most of BK's result.
/// `pull[v]`: the two items node `v` is centred between, and how hard
/// (otherwise the ends of its fan, [`fan_ends`], if it has one). `load`: the chains sharing
/// each shared segment of a bus, whose weight it multiplies (the bus stands for that many
/// edges). Returns whether the simplex reached its optimum within `budget`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn refine_x(
    items: &[Item],
    layers: &[Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    x: &mut [f64],
    lborder: &[Vec<usize>],
    rborder: &[Vec<usize>],
    extra: &[(usize, usize, f64)],
    pull: &[Option<Pull>],
    load: &HashMap<(usize, usize), i64>,
    budget: usize,
) -> bool {
    let n = items.len();
    let mut unit: Vec<usize> = (0..n).collect();
    for list in lborder.iter().chain(rborder.iter()) {
        for &b in list {
            unit[b] = list[0];
        }
    }
    let mut edges: Vec<(usize, usize, i64, i64)> = Vec::new();
    let minlen = |d: f64| (d * X_SCALE - 1e-6).ceil() as i64;
    for layer in layers {
        for w in layer.windows(2) {
            let (a, b) = (w[0], w[1]);
            edges.push((unit[a], unit[b], minlen(sep(&items[a], &items[b])), 0));
        }
    }
    for &(a, b, d) in extra {
        edges.push((unit[a], unit[b], minlen(d), 0));
    }
    let nsep = edges.len();
    let mut next = n;
    for v in 0..n {
        if items[v].kind.is_border() {
            continue;
        }
        for &u in &up[v] {
            if items[u].kind.is_border() {
                continue;
            }
            let omega = ANCHOR_SCALE * omega(items, load, u, v);
            edges.push((next, unit[u], 0, omega));
            edges.push((next, unit[v], 0, omega));
            next += 1;
        }
    }
    // Anchors: vertex `origin`, and per node a vertex `a_v` with edges
    // `a_v -> v` (length 0) and `a_v -> origin` (length `-c_v`), weight 1:
    // together they cost `|x_v - x_origin - c_v|` plus a constant, where
    // `c_v` is the node's Brandes–Köpf position. Edge segments weigh
    // ANCHOR_SCALE times more, so the anchors only choose among placements
    // that are (nearly) equally good for the edges: on such a plateau
    // network simplex would stop at a corner (a load balancer straight over
    // one of its two servers), where Brandes–Köpf's balanced placement is
    // centred (Brandes & Köpf 2001, section 3.3).
    let origin = next;
    next += 1;
    let anchored: Vec<usize> = (0..n)
        .filter(|&v| matches!(items[v].kind, Kind::Node(_)))
        .collect();
    let first_anchor = next;
    next += anchored.len();
    // Per centred node, two vertices `k1`, `k2` with edges `k1 -> v`
    // (length 0) and `k1 -> lo` (length `-h`), `k2 -> hi` (0) and `k2 -> v`
    // (`-h`), where `h` is half the gap between `lo` and `hi`: together they
    // cost `|x_v - x_lo - h| + |x_hi - x_v - h|` plus a constant, least with
    // `v` in the middle. The pull is relative to the two ends, so the
    // simplex can move them and `v` together; a target taken as a fixed
    // coordinate would be offset by moving every anchor at once.
    let centred: Vec<(usize, Between)> = anchored
        .iter()
        .filter_map(|&v| {
            let Some(Pull::Between(p)) = pull.get(v).copied().flatten() else {
                return None;
            };
            let p = Between {
                lo: unit[p.lo],
                hi: unit[p.hi],
                ..p
            };
            (p.lo != v && p.hi != v).then_some((v, p))
        })
        .collect();
    let first_pull = next;
    next += 2 * centred.len();
    let total = next;
    // Feasible integer start from the BK placement: round, then push right
    // along the separation constraints in topological order.
    let mut init = vec![0i64; total];
    for v in 0..n {
        init[unit[v]] = (x[unit[v]] * X_SCALE).round() as i64;
    }
    let mut adj: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for &(a, b, d, _) in &edges[..nsep] {
        adj[a].push((b, d));
        indeg[b] += 1;
    }
    let mut queue: std::collections::VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut seen = 0;
    while let Some(a) = queue.pop_front() {
        seen += 1;
        for &(b, d) in &adj[a] {
            if init[b] < init[a] + d {
                init[b] = init[a] + d;
            }
            indeg[b] -= 1;
            if indeg[b] == 0 {
                queue.push_back(b);
            }
        }
    }
    if seen != n {
        return false; // not a DAG: keep Brandes–Köpf
    }
    // A segment vertex sits at the smaller of its two ends (minimal cost).
    for chunk in edges[nsep..].chunks(2) {
        let (k, u, v) = (chunk[0].0, chunk[0].1, chunk[1].1);
        init[k] = init[u].min(init[v]);
    }
    // Anchors: vertex `origin`, and per node a vertex `a_v` with edges
    // `a_v -> v` (length 0) and `a_v -> origin` (length `-c_v`), weight 1:
    // together they cost `|x_v - x_origin - c_v|` plus a constant, where
    // `c_v` is the node's Brandes–Köpf position. Edge segments weigh
    // ANCHOR_SCALE times more, so the anchors only choose among placements
    // that are (nearly) equally good for the edges: on such a plateau
    // network simplex would stop at a corner (a load balancer straight over
    // one of its two servers), where Brandes–Köpf's balanced placement is
    // centred (Brandes & Köpf 2001, section 3.3).
    init[origin] = 0;
    for (i, &v) in anchored.iter().enumerate() {
        let a = first_anchor + i;
        let target = match pull.get(v).copied().flatten() {
            Some(Pull::At(c, w)) => Some((c, w)),
            Some(Pull::Between(_)) => None,
            None => {
                fan_ends(items, up, down, x, v).map(|(lo, hi)| ((x[lo] + x[hi]) / 2.0, FAN_WEIGHT))
            }
        };
        let (target, weight) = match target {
            Some((c, w)) => ((c * X_SCALE).round() as i64, w),
            None => (init[v], 1),
        };
        init[a] = init[v].min(target);
        edges.push((a, v, 0, weight));
        edges.push((a, origin, -target, weight));
    }
    for (i, &(v, p)) in centred.iter().enumerate() {
        let (k1, k2) = (first_pull + 2 * i, first_pull + 2 * i + 1);
        let h = (init[p.hi] - init[p.lo]).max(0) / 2;
        init[k1] = init[v].min(init[p.lo] + h);
        init[k2] = init[p.hi].min(init[v] + h);
        edges.push((k1, v, 0, p.weight));
        edges.push((k1, p.lo, -h, p.weight));
        edges.push((k2, p.hi, 0, p.weight));
        edges.push((k2, v, -h, p.weight));
    }
    // A container's breadth costs like three edges, so that members with
    // edges to far places do not stretch it.
    for (l, r) in lborder.iter().zip(rborder) {
        if let (Some(&l), Some(&r)) = (l.first(), r.first()) {
            edges.push((unit[l], unit[r], 0, CONTAINER_WEIGHT));
        }
    }
    let (res, optimal) = super::rank::simplex(total, &edges, &init, budget);
    for v in 0..n {
        x[v] = res[unit[v]] as f64 / X_SCALE;
    }
    optimal
}
