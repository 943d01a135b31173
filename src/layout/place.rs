//! Step 5, *place*: coordinates of every item.
//!
//! Positions along the layers (internal x) come from U. Brandes and B. Köpf,
//! "Fast and simple horizontal coordinate assignment", Graph Drawing 2001,
//! LNCS 2265, section 3: type-1 conflict marking (Alg. 1), vertical
//! alignment to upper/lower medians in four directions (Alg. 2), horizontal
//! compaction (Alg. 3) and balancing by the average median of the four
//! candidates. Two deviations keep compound graphs
//! correct:
//!
//! * Container borders are items too (one left and one right border per
//!   container and layer). Border-to-border segments are treated like inner
//!   segments with top priority: every other segment crossing one is marked,
//!   so each container border aligns into one straight block and container
//!   rectangles are exact.
//! * Compaction is a longest-path pass over the acyclic block constraint graph
//!   (consecutive items of a layer, plus "right border at least `min` right of
//!   left border" for container label widths); it yields the same leftmost
//!   placement as Alg. 3 per class and accepts the extra constraints.
//!
//! Positions along the flow (internal y) stack the layers with gaps big
//! enough for the container borders and label bands that start or end
//! between them.

use super::compound::Bordered;
use super::graph::{sep, Item, Layered};
use super::normalise::Clean;
use super::rank::Ranking;
use super::refine::{refine_x, Between, Pull, CENTRE_WEIGHT, FAN_WEIGHT};
use super::{CONTAINER_GAP, RANK_SEP};
use std::collections::HashSet;

/// Work budget (edge visits) of the x-coordinate network simplex; beyond it
/// the Brandes–Köpf placement is kept as it stands but for the bands that
/// [`super::compact`] closes (on the generated designs of 200 to 2,000
/// components, twice this budget drew no fewer bends).
const X_SIMPLEX_BUDGET: usize = 1_500_000;

/// Most runs of the x refinement (see [`run_x`]): the centres a node is
/// pulled to are taken again from each run's result.
const CENTRE_ROUNDS: usize = 3;

/// Largest layered graph (items) whose x refinement runs more than once: on larger ones each
/// run spends the whole budget, and a second moves the pulled nodes little.
const CENTRE_ROUNDS_MAX_ITEMS: usize = 5_000;

/// Positions across the flow (internal x, SVG user units) of every item:
/// Brandes–Köpf ([`assign_x`]), improved by network simplex with the
/// Brandes–Köpf positions as tie-breaker ([`refine_x`]), then containers
/// shrunk to hug their members ([`shrink_containers`]).
/// `under[v]`: what node `v` should line up with, if anything.
pub(crate) fn run_x(
    g: &Layered,
    b: &Bordered,
    cdepth: &[usize],
    under: &[Option<Under>],
) -> Vec<f64> {
    let mut x = assign_x(&g.items, &b.layers, &g.up, &g.down, &b.extra);
    // What each node is centred between: the two borders of a container or
    // the outermost of a group of nodes, in the placement `x`.
    let pulls = |x: &[f64]| -> Vec<Option<Pull>> {
        under
            .iter()
            .map(|u| match u.as_ref()? {
                Under::Container(c) => {
                    let (l, r) = (b.lborder[*c].first()?, b.rborder[*c].first()?);
                    Some(Pull::At((x[*l] + x[*r]) / 2.0, FAN_WEIGHT))
                }
                Under::Nodes(nodes) => Some(Pull::Between(Between {
                    lo: nodes
                        .iter()
                        .copied()
                        .min_by(|&p, &q| x[p].total_cmp(&x[q]))?,
                    hi: nodes
                        .iter()
                        .copied()
                        .max_by(|&p, &q| x[p].total_cmp(&x[q]))?,
                    weight: CENTRE_WEIGHT,
                })),
            })
            .collect()
    };
    // A pull is written for the gap between its two ends as it stands, so
    // the refinement runs again from its own result while the gaps move (at
    // most `CENTRE_ROUNDS` runs, one on graphs of more than
    // `CENTRE_ROUNDS_MAX_ITEMS` items).
    let gaps = |x: &[f64], p: &[Option<Pull>]| -> Vec<f64> {
        p.iter()
            .flatten()
            .filter_map(|q| match q {
                Pull::Between(q) => Some(x[q.hi] - x[q.lo]),
                Pull::At(..) => None,
            })
            .collect()
    };
    let rounds = if g.items.len() <= CENTRE_ROUNDS_MAX_ITEMS {
        CENTRE_ROUNDS
    } else {
        1
    };
    let mut optimal = true;
    for _ in 0..rounds {
        let pull = pulls(&x);
        let before = gaps(&x, &pull);
        optimal = refine_x(
            &g.items,
            &b.layers,
            &g.up,
            &g.down,
            &mut x,
            &b.lborder,
            &b.rborder,
            &b.extra,
            &pull,
            &g.load,
            X_SIMPLEX_BUDGET,
        );
        let after = gaps(&x, &pull);
        if before.iter().zip(&after).all(|(p, q)| (p - q).abs() < 1.0) {
            break;
        }
    }
    let nc = b.insets.len();
    let mut innermost_first: Vec<usize> = (0..nc).collect();
    innermost_first.sort_by_key(|&c| (std::cmp::Reverse(cdepth[c]), c));
    let min_breadth: Vec<f64> = b.insets.iter().map(|i| i.min_breadth).collect();
    let shrink = |x: &mut [f64]| {
        shrink_containers(
            &g.items,
            &b.layers,
            x,
            &b.lborder,
            &b.rborder,
            &innermost_first,
            &min_breadth,
        )
    };
    shrink(&mut x);
    // Where the simplex stopped at its budget, containers its optimum would have drawn tight
    // may still be stretched across empty bands: those are closed directly.
    if !optimal {
        let frame = super::compact::Frame {
            items: &g.items,
            layers: &b.layers,
            up: &g.up,
            down: &g.down,
            load: &g.load,
            lborder: &b.lborder,
            rborder: &b.rborder,
            extra: &b.extra,
            min_breadth: &min_breadth,
        };
        super::compact::close_bands(&frame, &mut x, &innermost_first);
        shrink(&mut x);
    }
    x
}

/// What a node lines up with across the flow ([`run_x`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Under {
    /// The centre of a container (index into the containers), such as the
    /// far end of an edge drawn to or from it.
    Container(usize),
    /// The middle between the leftmost and the rightmost of these nodes.
    Nodes(Vec<usize>),
}

/// Brandes–Köpf x coordinates (internal, SVG user units) for every item.
/// `layers` lists items left to right; `up`/`down` are the adjacent-layer
/// neighbours (including border chains); `extra` holds constraints
/// `x[b] - x[a] >= d`.
pub(crate) fn assign_x(
    items: &[Item],
    layers: &[Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    extra: &[(usize, usize, f64)],
) -> Vec<f64> {
    let n = items.len();
    let mut pos = vec![0usize; n];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    let marked = mark_conflicts(items, layers, up, &pos);
    // Whether `v` is a bus dummy that a trunk reaches through `adj`: an edge
    // point with two or more neighbours there, one of them an edge point.
    let trunk = |v: usize, adj: &[Vec<usize>]| {
        items[v].kind.is_edge()
            && adj[v].len() > 1
            && adj[v].iter().any(|&u| items[u].kind.is_edge())
    };
    // Neighbour lists sorted by position, with the conflict mark of the
    // segment to each neighbour.
    let sorted = |adj: &[Vec<usize>], is_up: bool| -> Vec<Vec<(usize, bool)>> {
        adj.iter()
            .enumerate()
            .map(|(v, list)| {
                let mut l: Vec<(usize, bool)> = list
                    .iter()
                    .map(|&u| {
                        let seg = if is_up { (u, v) } else { (v, u) };
                        (u, !marked.is_empty() && marked.contains(&seg))
                    })
                    .collect();
                // A concentrated bus's dummy aligns with the bus alone, so
                // that its trunk runs straight past the edges joining it;
                // and a node joining a bus does not align with the bus's
                // dummy either, which would draw it (and stretch its
                // containers) towards the trunk.
                if trunk(v, adj) {
                    l.retain(|&(u, _)| items[u].kind.is_edge());
                } else if !items[v].kind.is_edge() {
                    let other = if is_up { down } else { up };
                    l.retain(|&(u, _)| !trunk(u, other));
                }
                l.sort_by_key(|&(u, _)| pos[u]);
                l
            })
            .collect()
    };
    let up_s = sorted(up, true);
    let down_s = sorted(down, false);
    let mut candidates: Vec<Vec<f64>> = Vec::with_capacity(4);
    for topdown in [true, false] {
        for leftright in [true, false] {
            let adj = if topdown { &up_s } else { &down_s };
            let root = align(layers, adj, &pos, topdown, leftright);
            candidates.push(compact(items, layers, &root, extra, leftright));
        }
    }
    // Balance: align to the narrowest candidate, then average median.
    let extent = |xs: &[f64]| {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for (v, it) in items.iter().enumerate() {
            lo = lo.min(xs[v] - it.left);
            hi = hi.max(xs[v] + it.right);
        }
        (lo, hi)
    };
    let ext: Vec<(f64, f64)> = candidates.iter().map(|c| extent(c)).collect();
    let narrow = (0..4)
        .min_by(|&a, &b| (ext[a].1 - ext[a].0).total_cmp(&(ext[b].1 - ext[b].0)))
        .unwrap_or(0);
    for (k, cand) in candidates.iter_mut().enumerate() {
        let leftright = k % 2 == 0;
        let shift = if leftright {
            ext[narrow].0 - ext[k].0
        } else {
            ext[narrow].1 - ext[k].1
        };
        cand.iter_mut().for_each(|x| *x += shift);
    }
    (0..n)
        .map(|v| {
            let mut xs = [
                candidates[0][v],
                candidates[1][v],
                candidates[2][v],
                candidates[3][v],
            ];
            xs.sort_by(f64::total_cmp);
            (xs[1] + xs[2]) / 2.0
        })
        .collect()
}

/// Marks segments `(upper, lower)` that must not be aligned: every segment
/// crossing a border segment, and (Brandes & Köpf type-1 conflicts) every
/// other segment crossing a kept inner (dummy-to-dummy) segment.
fn mark_conflicts(
    items: &[Item],
    layers: &[Vec<usize>],
    up: &[Vec<usize>],
    pos: &[usize],
) -> HashSet<(usize, usize)> {
    let mut marked = HashSet::new();
    for r in 1..layers.len() {
        // (upper pos, lower pos, upper, lower)
        let mut segs: Vec<(usize, usize, usize, usize)> = Vec::new();
        for &v in &layers[r] {
            for &u in &up[v] {
                segs.push((pos[u], pos[v], u, v));
            }
        }
        let mut borders: Vec<(usize, usize)> = segs
            .iter()
            .filter(|s| items[s.2].kind.is_border() && items[s.3].kind.is_border())
            .map(|s| (s.0, s.1))
            .collect();
        borders.sort_unstable();
        let crosses = |list: &[(usize, usize)], pu: usize, pv: usize| -> bool {
            // `list` sorted by upper position and non-crossing, hence also
            // sorted by lower position.
            let i = list.partition_point(|b| b.0 < pu);
            (i > 0 && list[i - 1].1 > pv) || (i < list.len() && list[i].0 > pu && list[i].1 < pv)
        };
        let mut inner: Vec<(usize, usize, bool)> = Vec::new(); // (pv, pu, is_border)
        for s in &segs {
            let (ku, kv) = (items[s.2].kind, items[s.3].kind);
            if ku.is_border() && kv.is_border() {
                inner.push((s.1, s.0, true));
            } else if ku.is_edge() && kv.is_edge() && !crosses(&borders, s.0, s.1) {
                inner.push((s.1, s.0, false));
            }
        }
        inner.sort_unstable();
        let mut kept: Vec<(usize, usize)> = Vec::with_capacity(inner.len()); // (pu, pv)
        let mut last_pu: Option<usize> = None;
        for &(pv, pu, border) in &inner {
            if border || last_pu.is_none_or(|l| pu > l) {
                kept.push((pu, pv));
                last_pu = Some(pu);
            }
        }
        let kept_set: HashSet<(usize, usize)> = kept.iter().copied().collect();
        for s in &segs {
            if kept_set.contains(&(s.0, s.1)) {
                continue;
            }
            if crosses(&kept, s.0, s.1) {
                marked.insert((s.2, s.3));
            }
        }
    }
    marked
}

/// Brandes & Köpf Alg. 2 (vertical alignment). Returns the block root of
/// every item.
fn align(
    layers: &[Vec<usize>],
    adj: &[Vec<(usize, bool)>],
    pos: &[usize],
    topdown: bool,
    leftright: bool,
) -> Vec<usize> {
    let n = pos.len();
    let mut root: Vec<usize> = (0..n).collect();
    let mut align: Vec<usize> = (0..n).collect();
    let nl = layers.len();
    for li in 0..nl {
        let r = if topdown { li } else { nl - 1 - li };
        let layer = &layers[r];
        let mut last: Option<usize> = None;
        for k in 0..layer.len() {
            let v = if leftright {
                layer[k]
            } else {
                layer[layer.len() - 1 - k]
            };
            let nbr = &adj[v];
            if nbr.is_empty() {
                continue;
            }
            let d = nbr.len();
            let mut meds = [(d - 1) / 2, d / 2];
            if !leftright {
                meds.reverse();
            }
            for (mi, &m) in meds.iter().enumerate() {
                if mi == 1 && meds[0] == meds[1] {
                    break;
                }
                if align[v] != v {
                    break;
                }
                let (u, is_marked) = nbr[m];
                if is_marked {
                    continue;
                }
                let ok = match last {
                    None => true,
                    Some(l) => {
                        if leftright {
                            l < pos[u]
                        } else {
                            l > pos[u]
                        }
                    }
                };
                if ok {
                    align[u] = v;
                    root[v] = root[u];
                    align[v] = root[v];
                    last = Some(pos[u]);
                }
            }
        }
    }
    root
}

/// Horizontal compaction: longest path over the block graph, packing to the
/// left (`leftright`) or to the right.
fn compact(
    items: &[Item],
    layers: &[Vec<usize>],
    root: &[usize],
    extra: &[(usize, usize, f64)],
    leftright: bool,
) -> Vec<f64> {
    let n = items.len();
    // Constraint edges between block roots: x'[b] >= x'[a] + w.
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    let mut add = |a: usize, b: usize, w: f64, adj: &mut Vec<Vec<(usize, f64)>>| {
        adj[a].push((b, w));
        indeg[b] += 1;
    };
    for layer in layers {
        for pair in layer.windows(2) {
            let (l, r) = (pair[0], pair[1]);
            let w = sep(&items[l], &items[r]);
            if leftright {
                add(root[l], root[r], w, &mut adj);
            } else {
                add(root[r], root[l], w, &mut adj);
            }
        }
    }
    for &(a, b, d) in extra {
        if leftright {
            add(root[a], root[b], d, &mut adj);
        } else {
            add(root[b], root[a], d, &mut adj);
        }
    }
    let mut xr = vec![0.0f64; n];
    let mut queue: std::collections::VecDeque<usize> =
        (0..n).filter(|&v| root[v] == v && indeg[v] == 0).collect();
    let mut done = 0usize;
    while let Some(b) = queue.pop_front() {
        done += 1;
        for &(c, w) in &adj[b] {
            if xr[c] < xr[b] + w {
                xr[c] = xr[b] + w;
            }
            indeg[c] -= 1;
            if indeg[c] == 0 {
                queue.push_back(c);
            }
        }
    }
    debug_assert_eq!(
        done,
        (0..n).filter(|&v| root[v] == v).count(),
        "block graph must be acyclic"
    );
    (0..n)
        .map(|v| {
            let x = xr[root[v]];
            if leftright {
                x
            } else {
                -x
            }
        })
        .collect()
}

/// Positions along the flow (internal y): layers stacked by [`assign_y`]
/// with [`RANK_SEP`] between them (half of it around label layers), room
/// for container insets, and corridors `corridor[r]` deep for the edge
/// tracks of gap `r`.
pub(crate) fn run_y(
    g: &Layered,
    b: &Bordered,
    span: &[(usize, usize)],
    clean: &Clean,
    ranking: &Ranking,
    corridor: &[f64],
) -> YPlan {
    let nl = ranking.nlayers;
    let mut layer_depth = vec![0.0f64; nl];
    for it in &g.items {
        layer_depth[it.rank] = layer_depth[it.rank].max(it.depth);
    }
    let gap = vec![
        if ranking.label_mode {
            RANK_SEP / 2.0
        } else {
            RANK_SEP
        };
        nl
    ];
    let vboxes: Vec<VBox> = b
        .insets
        .iter()
        .enumerate()
        .map(|(c, ins)| VBox {
            span: span[c],
            parent: clean.cparent[c],
            depth: clean.cdepth[c],
            inset_top: ins.top,
            inset_bottom: ins.bottom,
            min_depth: ins.min_depth,
        })
        .collect();
    assign_y(layer_depth, &gap, corridor, &vboxes, CONTAINER_GAP)
}

/// Per-container vertical data for [`assign_y`].
pub(crate) struct VBox {
    pub span: (usize, usize),
    pub parent: Option<usize>,
    pub depth: usize,
    pub inset_top: f64,
    pub inset_bottom: f64,
    pub min_depth: f64,
}

/// Result of [`assign_y`] (internal y, SVG user units).
pub(crate) struct YPlan {
    pub layer_top: Vec<f64>,
    pub layer_depth: Vec<f64>,
    pub ctop: Vec<f64>,
    pub cbottom: Vec<f64>,
    /// Per gap `r` (between layers `r` and `r + 1`): the band free of every
    /// container border and title, `(top, bottom)`, where edges may run
    /// across the flow.
    pub corridor: Vec<(f64, f64)>,
}

/// Stacks the layers: `layer_depth[r]` is the tallest item of layer `r`,
/// `gap[r]` the gap wanted between layers `r` and `r + 1`. Containers get
/// their top `inset_top` above the first layer they span (nested insets add
/// up) and their bottom `inset_bottom` below the last; layers move apart so
/// that a container ending above a layer, or starting at it, keeps
/// `container_gap` clear of everything else, and so that gap `r` has a
/// corridor at least `corridor[r]` deep between the containers ending above
/// it and those starting below it.
pub(crate) fn assign_y(
    layer_depth: Vec<f64>,
    gap: &[f64],
    corridor: &[f64],
    boxes: &[VBox],
    container_gap: f64,
) -> YPlan {
    let nl = layer_depth.len();
    let nc = boxes.len();
    let mut by_depth: Vec<usize> = (0..nc).collect();
    by_depth.sort_by_key(|&c| (std::cmp::Reverse(boxes[c].depth), c));
    // Top stacks: inset of the container plus the stack of children starting
    // at the same layer.
    let mut stack = vec![0.0f64; nc];
    let mut child_stack = vec![0.0f64; nc];
    for &c in &by_depth {
        stack[c] = boxes[c].inset_top + child_stack[c];
        if let Some(p) = boxes[c].parent {
            if boxes[p].span.0 == boxes[c].span.0 {
                child_stack[p] = child_stack[p].max(stack[c]);
            }
        }
    }
    let mut topstack = vec![0.0f64; nl];
    let mut ending: Vec<Vec<usize>> = vec![Vec::new(); nl];
    for &c in &by_depth {
        topstack[boxes[c].span.0] = topstack[boxes[c].span.0].max(stack[c]);
        ending[boxes[c].span.1].push(c);
    }
    let mut layer_top = vec![0.0f64; nl];
    let mut ctop = vec![0.0f64; nc];
    let mut cbottom = vec![0.0f64; nc];
    let mut child_bottom = vec![f64::NEG_INFINITY; nc];
    let mut corridor_band = Vec::with_capacity(nl.saturating_sub(1));
    if nl > 0 {
        layer_top[0] = topstack[0];
    }
    for r in 0..nl {
        let lbot = layer_top[r] + layer_depth[r];
        let mut maxbot = lbot;
        for &c in &ending[r] {
            let b = &boxes[c];
            ctop[c] = layer_top[b.span.0] - stack[c];
            let inner = lbot.max(child_bottom[c]);
            cbottom[c] = (inner + b.inset_bottom).max(ctop[c] + b.min_depth);
            maxbot = maxbot.max(cbottom[c]);
            if let Some(p) = b.parent {
                if boxes[p].span.1 == r {
                    child_bottom[p] = child_bottom[p].max(cbottom[c]);
                }
            }
        }
        if r + 1 < nl {
            let clear = if maxbot > lbot || topstack[r + 1] > 0.0 {
                container_gap
            } else {
                0.0
            };
            layer_top[r + 1] =
                (lbot + gap[r]).max(maxbot + clear.max(corridor[r]) + topstack[r + 1]);
            corridor_band.push((maxbot, layer_top[r + 1] - topstack[r + 1]));
        }
    }
    YPlan {
        layer_top,
        layer_depth,
        ctop,
        cbottom,
        corridor: corridor_band,
    }
}

/// Shrinks every container (innermost first) so that its borders hug its
/// members again. Brandes & Köpf's balancing takes the average median of four
/// placements coordinate by coordinate, so a border may come from a
/// candidate packed the other way and leave empty space inside the box.
/// Moving a border inwards never brings it closer to anything outside, so
/// separation is preserved; `min_breadth[c]` (title width) is kept by growing
/// back within the old extent.
pub(crate) fn shrink_containers(
    items: &[Item],
    layers: &[Vec<usize>],
    x: &mut [f64],
    lborder: &[Vec<usize>],
    rborder: &[Vec<usize>],
    innermost_first: &[usize],
    min_breadth: &[f64],
) {
    let mut pos = vec![0usize; items.len()];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    for &c in innermost_first {
        let (Some(&l0), Some(&r0)) = (lborder[c].first(), rborder[c].first()) else {
            continue;
        };
        let (l_old, r_old) = (x[l0], x[r0]);
        let mut l_new = f64::INFINITY;
        let mut r_new = f64::NEG_INFINITY;
        let mut min_b = min_breadth[c].max(items[l0].right + items[r0].left);
        for (&lb, &rb) in lborder[c].iter().zip(&rborder[c]) {
            let layer = &layers[items[lb].rank];
            let next = layer[pos[lb] + 1];
            if next == rb {
                min_b = min_b.max(sep(&items[lb], &items[rb]));
                continue;
            }
            l_new = l_new.min(x[next] - sep(&items[lb], &items[next]));
            let prev = layer[pos[rb] - 1];
            r_new = r_new.max(x[prev] + sep(&items[prev], &items[rb]));
        }
        if !l_new.is_finite() || !r_new.is_finite() {
            continue;
        }
        let mut l_new = l_new.max(l_old);
        let mut r_new = r_new.min(r_old);
        if r_new - l_new < min_b {
            let grow = min_b - (r_new - l_new);
            l_new -= grow / 2.0;
            r_new += grow / 2.0;
            if l_new < l_old {
                r_new += l_old - l_new;
                l_new = l_old;
            }
            if r_new > r_old {
                l_new -= r_new - r_old;
                r_new = r_old;
            }
        }
        for &lb in &lborder[c] {
            x[lb] = l_new;
        }
        for &rb in &rborder[c] {
            x[rb] = r_new;
        }
    }
}
