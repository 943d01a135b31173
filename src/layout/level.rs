//! *Level edges*: replication between a primary and its single replica drawn
//! straight across one tier (see the [module documentation](super)). The
//! driver asks for the [`candidates`] before ranking; after ordering,
//! [`gaps`] checks that each one's ends stand side by side and keeps room for
//! its label; [`routes`] draws them once the boxes are placed.

use super::compound::Bordered;
use super::graph::{self, Item, Layered};
use super::labels::Rect;
use super::normalise::{self, Clean};
use super::order::Entry;
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

/// Clears the way between the ends of each level edge `level` (its two end vertices) in the
/// ordered layers `entries`, where that is free: what the ordering left between the ends,
/// besides the borders of the ends' own containers, moves just outside the outermost of those
/// containers on its side (before the left end's, after the right end's) or, inside the ends'
/// innermost container, beside the end itself. A move is made only when every container it
/// jumps over and every container it moves lies in this one layer (`span`, per container its
/// first and last layer), so that no edge to or from what moved passes through a container and
/// every container keeps one block; otherwise the entries stay as they are and [`gaps`] reports
/// the edge. This spares the layout a second ranking and ordering for an edge whose ends the
/// ordering kept in one tier but for an edge or a host that stands between them: a dummy of a
/// long edge between a primary's host and its replica's, say. Linear in the layer's length
/// for each edge it moves.
pub(crate) fn clear(
    entries: &mut [Vec<Entry>],
    level: &[(usize, usize)],
    items: &[Item],
    clean: &Clean,
    span: &[(usize, usize)],
) {
    for &(u, v) in level {
        let r = items[u].rank;
        if items[v].rank != r || r >= entries.len() {
            continue;
        }
        if let Some(cleared) = cleared(&entries[r], u, v, clean, span, r) {
            entries[r] = cleared;
        }
    }
}

/// The layer `layer` with the way between leaves `u` and `v` cleared (see [`clear`]), `None`
/// when it is clear already or cannot be cleared.
fn cleared(
    layer: &[Entry],
    u: usize,
    v: usize,
    clean: &Clean,
    span: &[(usize, usize)],
    r: usize,
) -> Option<Vec<Entry>> {
    let pu = layer.iter().position(|&e| e == Entry::Leaf(u))?;
    let pv = layer.iter().position(|&e| e == Entry::Leaf(v))?;
    let (l, rr) = (pu.min(pv), pu.max(pv));
    let (left, right) = match (layer[l], layer[rr]) {
        (Entry::Leaf(a), Entry::Leaf(b)) => (a, b),
        _ => return None,
    };
    // The partner of every border of the layer.
    let mut partner = vec![usize::MAX; layer.len()];
    let mut open = Vec::new();
    for (i, e) in layer.iter().enumerate() {
        match e {
            Entry::Open(_) => open.push(i),
            Entry::Close(_) => {
                let j = open.pop()?;
                partner[i] = j;
                partner[j] = i;
            }
            Entry::Leaf(_) => {}
        }
    }
    let single = |c: usize| span.get(c) == Some(&(r, r));
    // The runs between the ends that are in the way: (first, past the last, insert before).
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    // Before the first border of the right end's containers: the outermost of the left end's
    // containers closed so far (its opening index), or the left end itself.
    let mut left_anchor: (usize, Option<usize>) = (l, None);
    let mut i = l + 1;
    while i < rr {
        match layer[i] {
            Entry::Close(c) if clean.holds(c, left) => {
                left_anchor = (partner[i], Some(c));
                i += 1;
            }
            // From here on, what is in the way moves right.
            Entry::Open(c) if clean.holds(c, right) => break,
            _ => {
                let end = run_end(layer, &partner, i, rr, clean, left, right)?;
                if left_anchor.1.is_some_and(|c| !single(c)) || !moves(layer, i, end, &single) {
                    return None;
                }
                runs.push((i, end, left_anchor.0));
                i = end;
            }
        }
    }
    // Right of the first opening of a right end's container: runs move after the close of
    // the next such opening (the outermost one after them), or after the right end.
    while i < rr {
        let start = i;
        if matches!(layer[i], Entry::Open(c) if clean.holds(c, right)) {
            i += 1;
            continue;
        }
        let end = run_end(layer, &partner, start, rr, clean, left, right)?;
        let next = (end..rr).find_map(|k| match layer[k] {
            Entry::Open(c) if clean.holds(c, right) => Some((k, c)),
            _ => None,
        });
        let (dest, jumped) = next.map_or((rr + 1, None), |(k, c)| (partner[k] + 1, Some(c)));
        if jumped.is_some_and(|c| !single(c)) || !moves(layer, start, end, &single) {
            return None;
        }
        runs.push((start, end, dest));
        i = end;
    }
    if runs.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(layer.len());
    let mut k = 0;
    let mut i = 0;
    while i <= layer.len() {
        for run in runs.iter().filter(|run| run.2 == i) {
            out.extend_from_slice(&layer[run.0..run.1]);
        }
        if i == layer.len() {
            break;
        }
        if k < runs.len() && runs[k].0 == i {
            i = runs[k].1;
            k += 1;
            continue;
        }
        out.push(layer[i]);
        i += 1;
    }
    Some(out)
}

/// Past the end of the run of entries in the way that starts at `i` (before `rr`): leaves and
/// whole container blocks up to the next border of a container of `left` or `right`. `None`
/// when the run is not made of whole blocks.
fn run_end(
    layer: &[Entry],
    partner: &[usize],
    mut i: usize,
    rr: usize,
    clean: &Clean,
    left: usize,
    right: usize,
) -> Option<usize> {
    while i < rr {
        match layer[i] {
            Entry::Close(c) if clean.holds(c, left) => break,
            Entry::Open(c) if clean.holds(c, right) => break,
            Entry::Open(_) if partner[i] < rr => i = partner[i] + 1,
            Entry::Leaf(_) => i += 1,
            _ => return None,
        }
    }
    Some(i)
}

/// Whether every container opened in `layer[start..end]` lies in this one layer.
fn moves(layer: &[Entry], start: usize, end: usize, single: &dyn Fn(usize) -> bool) -> bool {
    layer[start..end].iter().all(|e| match e {
        Entry::Open(c) => single(*c),
        _ => true,
    })
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
    let mut a = layer[l];
    let mut b = layer[r];
    for &i in &layer[l + 1..r] {
        match items[i].kind {
            graph::Kind::BorderR(c) if clean.holds(c, layer[l]) => a = i,
            graph::Kind::BorderL(c) if clean.holds(c, layer[r]) => {
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

#[cfg(test)]
mod tests {
    use super::super::{ContainerSpec, LayoutInput, NodeSpec};
    use super::*;

    /// A cluster (container 0) of three hosts (1, 2, 3), each holding one node (0, 1, 2): the
    /// primary, its replica and a third.
    fn cluster() -> Clean {
        let container = |id: &str, parent| ContainerSpec {
            id: id.into(),
            kind: "host".into(),
            label_width: 40.0,
            label_height: 16.0,
            parent,
        };
        let node = |id: &str, parent| NodeSpec {
            id: id.into(),
            width: 60.0,
            height: 30.0,
            parent: Some(parent),
        };
        normalise::run(&LayoutInput {
            nodes: vec![node("p", 1), node("r", 2), node("x", 3)],
            containers: vec![
                container("c", None),
                container("h1", Some(0)),
                container("h2", Some(0)),
                container("h3", Some(0)),
            ],
            ..LayoutInput::default()
        })
    }

    use Entry::{Close, Leaf, Open};

    /// Every container in layer 0 alone.
    const ONE_LAYER: [(usize, usize); 4] = [(0, 0); 4];

    /// The cluster's layer: the primary's host, then `between`, then the replica's host with
    /// `by_replica` after the replica.
    fn layer(between: &[Entry], by_replica: &[Entry]) -> Vec<Entry> {
        let mut out = vec![Open(0), Open(1), Leaf(0), Close(1)];
        out.extend_from_slice(between);
        out.extend([Open(2), Leaf(1)]);
        out.extend_from_slice(by_replica);
        out.extend([Close(2), Close(0)]);
        out
    }

    #[test]
    fn a_long_edge_between_the_two_hosts_moves_outside_the_left_one() {
        let clean = cluster();
        // Leaf 9 stands for a dummy of a long edge.
        let out = cleared(&layer(&[Leaf(9)], &[]), 0, 1, &clean, &ONE_LAYER, 0).expect("cleared");
        assert_eq!(
            out,
            [
                Open(0),
                Leaf(9),
                Open(1),
                Leaf(0),
                Close(1),
                Open(2),
                Leaf(1),
                Close(2),
                Close(0)
            ]
        );
    }

    #[test]
    fn a_host_between_the_two_moves_whole_and_a_dummy_by_the_replica_moves_past_it() {
        let clean = cluster();
        let mut before = layer(&[Open(3), Leaf(2), Close(3)], &[]);
        // A dummy just before the replica, in its host.
        before.insert(8, Leaf(9));
        let out = cleared(&before, 0, 1, &clean, &ONE_LAYER, 0).expect("cleared");
        assert_eq!(
            out,
            [
                Open(0),
                Open(3),
                Leaf(2),
                Close(3),
                Open(1),
                Leaf(0),
                Close(1),
                Open(2),
                Leaf(1),
                Leaf(9),
                Close(2),
                Close(0)
            ]
        );
    }

    #[test]
    fn nothing_moves_across_a_host_that_reaches_another_layer_or_when_the_way_is_clear() {
        let clean = cluster();
        let blocked = layer(&[Leaf(9)], &[]);
        // Host 1 (the primary's) spans layers 0 and 1.
        let tall = [(0, 1), (0, 1), (0, 0), (0, 0)];
        assert_eq!(cleared(&blocked, 0, 1, &clean, &tall, 0), None);
        let clear = layer(&[], &[]);
        assert_eq!(cleared(&clear, 0, 1, &clean, &ONE_LAYER, 0), None);
    }
}
