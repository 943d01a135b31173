//! *Level edges*: replication between a primary and its single replica drawn
//! straight across one tier (see the [module documentation](super)). The
//! driver asks for the [`candidates`] before ranking; after ordering,
//! [`gaps`] checks that each one's ends stand side by side and keeps room for
//! its label; [`routes`] draws them once the boxes are placed.

use super::compound::Bordered;
use super::graph::{self, Item, Layered};
use super::labels::Rect;
use super::normalise::{self, Clean};
use super::route::Point;
use super::{EdgeKind, LayoutInput, CONTAINER_SEP, LABEL_OFFSET};

/// The edges to try drawing level (indices into the input's edges):
/// replication between two different nodes, neither of them drawn through a
/// container, each end in no other replication edge (a primary with several
/// replicas keeps its tiers, since a level line to the second replica would
/// cross the first).
pub(crate) fn candidates(input: &LayoutInput) -> Vec<usize> {
    let n = input.nodes.len();
    let replicates = |i: usize| {
        let e = &input.edges[i];
        e.kind == EdgeKind::Replication && e.from < n && e.to < n && e.from != e.to
    };
    let mut ends = vec![0usize; n];
    for i in (0..input.edges.len()).filter(|&i| replicates(i)) {
        ends[input.edges[i].from] += 1;
        ends[input.edges[i].to] += 1;
    }
    (0..input.edges.len())
        .filter(|&i| {
            let e = &input.edges[i];
            replicates(i) && e.via == [None, None] && ends[e.from] == 1 && ends[e.to] == 1
        })
        .collect()
}

/// Where a level edge between items `u` and `v` of one layer crosses: the
/// two neighbouring items `(a, b)`, `a` left of `b`, between which its label
/// goes, when nothing but the borders of containers holding `u` or `v` lies
/// between them (`None` otherwise).
fn gap(
    layers: &[Vec<usize>],
    items: &[Item],
    clean: &Clean,
    u: usize,
    v: usize,
) -> Option<(usize, usize)> {
    let layer = &layers[items[u].rank];
    let pu = layer.iter().position(|&i| i == u)?;
    let pv = layer.iter().position(|&i| i == v)?;
    let (l, r) = (pu.min(pv), pu.max(pv));
    let holds = |c: usize, node: usize| {
        let mut p = clean.vparent(node);
        while let Some(q) = p {
            if q == c {
                return true;
            }
            p = clean.cparent[q];
        }
        false
    };
    let mut a = layer[l];
    let mut b = layer[r];
    for &i in &layer[l + 1..r] {
        match items[i].kind {
            graph::Kind::BorderR(c) if holds(c, layer[l]) => a = i,
            graph::Kind::BorderL(c) if holds(c, layer[r]) => {
                if b == layer[r] {
                    b = i;
                }
            }
            _ => return None,
        }
    }
    Some((a, b))
}

/// For each level edge of `clean`, `(edge, a, b)`: the two items its label
/// goes between (see [`gap`]), with a constraint added to `b` that keeps them
/// far enough apart for the label. `Err` with the level edges whose ends do
/// not stand side by side.
pub(crate) fn gaps(
    input: &LayoutInput,
    clean: &Clean,
    g: &Layered,
    b: &mut Bordered,
) -> Result<Vec<(usize, usize, usize)>, Vec<usize>> {
    let mut gaps = Vec::new();
    let mut failed = Vec::new();
    for &i in &clean.level {
        let e = &input.edges[i];
        match gap(&b.layers, &g.items, clean, e.from, e.to) {
            Some((l, r)) => gaps.push((i, l, r)),
            None => failed.push(i),
        }
    }
    if !failed.is_empty() {
        return Err(failed);
    }
    for &(i, l, r) in &gaps {
        let lb = input.edges[i].label.as_ref().map_or(0.0, |t| {
            normalise::breadth_depth(clean.down, t.width, t.height).0
        });
        let room = (lb + 2.0 * LABEL_OFFSET).max(2.0 * CONTAINER_SEP);
        let (il, ir) = (&g.items[l], &g.items[r]);
        let d = graph::sep(il, ir).max(il.right + room + ir.left);
        b.extra.push((l, r, d));
    }
    Ok(gaps)
}

/// The routes of the level edges `level` (from [`gaps`]), internal
/// coordinates: straight across between the facing sides of their ends'
/// boxes `nrect`, at the middle of the tier (`center` of a rank), the label
/// just above the line in the gap between its two items.
pub(crate) fn routes(
    input: &LayoutInput,
    clean: &Clean,
    items: &[Item],
    x: &[f64],
    center: &dyn Fn(usize) -> f64,
    nrect: &[Rect],
    level: &[(usize, usize, usize)],
) -> Vec<(usize, Vec<Point>, Option<Rect>)> {
    level
        .iter()
        .map(|&(i, a, b)| {
            let e = &input.edges[i];
            let (u, v) = (nrect[e.from], nrect[e.to]);
            let cy = center(items[e.from].rank);
            let points = if u[0] < v[0] {
                vec![[u[0] + u[2], cy], [v[0], cy]]
            } else {
                vec![[u[0], cy], [v[0] + v[2], cy]]
            };
            let gx = (x[a] + items[a].right + x[b] - items[b].left) / 2.0;
            let label = e.label.as_ref().map(|l| {
                let (lb, ld) = normalise::breadth_depth(clean.down, l.width, l.height);
                [gx - lb / 2.0, cy - LABEL_OFFSET / 2.0 - ld, lb, ld]
            });
            (i, points, label)
        })
        .collect()
}
