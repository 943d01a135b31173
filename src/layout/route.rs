//! Step 6, *route*: the path of every edge, in internal coordinates.
//!
//! **Ports.** The edges leaving a node (entering it) end on its lower (upper)
//! side, ordered by the position of their other end. Each port sits where
//! its edge would run straight down, as far as [`PORT_SPACING`] to its
//! neighbours allows; when a side is too narrow for its ports at that
//! spacing, they merge into one port at the side's middle, a bus.
//!
//! **Orthogonal routing** (the default) follows G. Sander, "Layout of
//! directed hypergraphs with orthogonal hyperedges", Graph Drawing 2003,
//! LNCS 2912, section 3, as ELK Layered's `OrthogonalRoutingGenerator` does:
//! inside a layer an edge runs straight along the flow at its own slot (its
//! dummy's position, or its port); between two layers it runs across the flow
//! on a horizontal *track* of the corridor that containers leave free
//! ([`super::place::YPlan::corridor`]). In each gap, two overlapping
//! horizontal segments get different tracks, and the one placed above the
//! other is the one whose two vertical ends then cross the other fewer times;
//! the resulting dependency graph has its cycles broken (Eades, Lin & Smyth,
//! as in ranking) and its longest path gives the tracks, so every bend is a
//! right angle and an edge bends twice per change of slot at most.
//!
//! **Container titles** (Schulze, Spönemann & von Hanxleden, "Drawing layered
//! graphs with port constraints", JVLC 25(2), 2014: hierarchical ports on a
//! container's side). An edge entering a container from above through its
//! title band instead comes down beside the container, enters through its
//! side just under the title and turns down into its node.
//!
//! **Buses.** Edges concentrated into one node (see [`super::graph::build`])
//! share their dummies; their horizontal segments into one shared dummy are
//! one hyperedge and take one track, and they end in one port.
//!
//! **Polyline routing** (`Routing::Polyline`) joins the same slots with
//! straight diagonals across each gap.

use std::collections::BTreeMap;

use super::compound::Bordered;
use super::graph::{Chain, Item};
use super::normalise::Clean;
use super::place::YPlan;
use super::straighten;
use super::{acyclic, LayoutInput, Routing, CONTAINER_PAD, PORT_SPACING};

/// Spacing between two tracks of a corridor, and between a track and the
/// corridor's ends, SVG user units: [`PORT_SPACING`], because tracks that
/// enter a container through its side end there in arrowheads one track
/// apart (a fuzz run found nine of them 10 units apart at the former
/// `EDGE_SEP`).
pub const TRACK_SEP: f64 = PORT_SPACING;
/// Distance between a container's side and an edge coming down beside it to
/// enter under its title, SVG user units.
const SIDE_OFFSET: f64 = 7.0;
/// Least distance between the right end of a container's title and an edge
/// that comes down past it into the container, SVG user units: more than the
/// 2 units within which a route counts as under the title.
const TITLE_MARGIN: f64 = 2.5;
/// Distance from the right end of a container's title at which an edge that
/// would come down under it comes down instead, SVG user units.
const TITLE_CLEARANCE: f64 = PORT_SPACING / 2.0;
/// Work (overlapping segment pairs) that the track assignment of all gaps
/// together may spend; beyond it each gap packs its segments greedily.
const TRACK_BUDGET: usize = 400_000;

/// A point of a route, internal coordinates.
pub(crate) type Point = [f64; 2];

/// An edge entering container `container` through its side.
#[derive(Clone, Copy, Debug)]
struct SideEntry {
    container: usize,
    /// x of the vertical run beside the container's side.
    x: f64,
}

/// One horizontal segment in a gap.
#[derive(Clone, Copy, Debug)]
struct Segment {
    chain: usize,
    /// x where it comes down from the upper layer.
    from: f64,
    /// x where it goes down to the lower layer.
    to: f64,
    /// The item it comes down from.
    out: usize,
    /// The item it goes down to.
    into: usize,
}

/// The routes before the layers are stacked: ports, side entries and the
/// track of every horizontal segment.
pub(crate) struct Plan {
    /// Per chain: x of its port on the upper node's lower side.
    pub top_port: Vec<f64>,
    /// Per chain: x of its port on the lower node's upper side.
    pub bottom_port: Vec<f64>,
    /// Per chain and segment (`(chain, k)`: from the chain's `k`-th item to the next), the
    /// containers entered through their side, outermost first; only segments with some.
    entries: BTreeMap<(usize, usize), Vec<SideEntry>>,
    /// Per gap: (segment, track), tracks counted from the top.
    gaps: Vec<Vec<(Segment, usize)>>,
    /// Per gap: number of tracks.
    pub tracks: Vec<usize>,
}

impl Plan {
    /// The corridor depth each gap needs for its tracks, SVG user units.
    pub fn corridor_depth(&self) -> Vec<f64> {
        self.tracks
            .iter()
            .map(|&t| {
                if t == 0 {
                    0.0
                } else {
                    (t + 1) as f64 * TRACK_SEP
                }
            })
            .collect()
    }
}

/// Spreads ports wanted at `want` (sorted) over `[lo, hi]` at least
/// `spacing` apart, each as near its wish as the order allows; all at the
/// middle (merged) when they do not fit.
pub(crate) fn spread(want: &[f64], lo: f64, hi: f64, spacing: f64) -> Vec<f64> {
    let k = want.len();
    if k == 0 {
        return Vec::new();
    }
    if k > 1 && (k - 1) as f64 * spacing > hi - lo {
        return vec![(lo + hi) / 2.0; k];
    }
    let mut p: Vec<f64> = Vec::with_capacity(k);
    for (i, &w) in want.iter().enumerate() {
        let w = w.clamp(lo, hi);
        p.push(if i == 0 { w } else { w.max(p[i - 1] + spacing) });
    }
    let mut limit = hi;
    for v in p.iter_mut().rev() {
        *v = v.min(limit);
        limit = *v - spacing;
    }
    p
}

/// Ports of every chain. Chains that reach a node through one shared dummy
/// (a concentrated bus, see [`super::graph::build`]) share one port there,
/// so the bus ends in one arrowhead. `clear[v]` is the right end of the
/// titles over node `v`'s upper side; its ports keep [`TITLE_MARGIN`] to the
/// right of it when they all fit there at [`PORT_SPACING`].
fn ports(
    items: &[Item],
    x: &[f64],
    chains: &[Chain],
    n: usize,
    clear: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    // (wanted x, tie-break x, chain, the dummy it comes through) per node side.
    type Want = (f64, f64, usize, Option<usize>);
    let mut outs: Vec<Vec<Want>> = vec![Vec::new(); n];
    let mut ins: Vec<Vec<Want>> = vec![Vec::new(); n];
    for (ci, ch) in chains.iter().enumerate() {
        let top = ch.items[0];
        let bottom = *ch.items.last().expect("chain has endpoints");
        let (a, b) = (ch.items[1], ch.items[ch.items.len() - 2]);
        if ch.items.len() == 2 {
            // Direct edge: both ends aim at the middle of the overlap of the
            // two boxes, or at each other's centre.
            let lo = (x[top] - items[top].left).max(x[bottom] - items[bottom].left);
            let hi = (x[top] + items[top].left).min(x[bottom] + items[bottom].left);
            let meet = if lo <= hi {
                ((x[top] + x[bottom]) / 2.0).clamp(lo, hi)
            } else {
                f64::NAN
            };
            let w_top = if meet.is_nan() { x[bottom] } else { meet };
            let w_bottom = if meet.is_nan() { x[top] } else { meet };
            outs[top].push((w_top, x[bottom], ci, None));
            ins[bottom].push((w_bottom, x[top], ci, None));
        } else {
            outs[top].push((x[a], x[a], ci, None));
            ins[bottom].push((x[b], x[b], ci, Some(b)));
        }
    }
    let mut top_port = vec![0.0; chains.len()];
    let mut bottom_port = vec![0.0; chains.len()];
    for v in 0..n {
        let half = items[v].left;
        let margin = (half / 2.0).min(PORT_SPACING);
        let (lo, hi) = (x[v] - half + margin, x[v] + half - margin);
        for (upper, list, target) in [
            (false, &mut outs[v], &mut top_port),
            (true, &mut ins[v], &mut bottom_port),
        ] {
            list.sort_by(|p, q| {
                p.1.total_cmp(&q.1)
                    .then(p.0.total_cmp(&q.0))
                    .then(p.2.cmp(&q.2))
            });
            // One port per group of chains through the same dummy; sorted
            // by x, a group's members are neighbours.
            let mut want: Vec<f64> = Vec::with_capacity(list.len());
            let mut group: Vec<usize> = Vec::with_capacity(list.len());
            for (i, p) in list.iter().enumerate() {
                let same = i > 0 && p.3.is_some() && p.3 == list[i - 1].3;
                if !same {
                    want.push(p.0);
                }
                group.push(want.len() - 1);
            }
            // Clear of the titles when the ports fit there; else the
            // edges under a title enter through the container's side.
            // A port already clear of the title by a little stays where it
            // is; one under the title moves [`TITLE_CLEARANCE`] past its end.
            let end = clear.get(v).copied().unwrap_or(f64::NEG_INFINITY);
            let free = (end + TITLE_MARGIN).max(lo);
            let fits = free <= hi && (want.len().max(1) - 1) as f64 * PORT_SPACING <= hi - free;
            let lo = if upper && fits {
                for w in &mut want {
                    if *w < free {
                        *w = end + TITLE_CLEARANCE;
                    }
                }
                free
            } else {
                lo
            };
            let at = spread(&want, lo, hi, PORT_SPACING);
            for (p, &g) in list.iter().zip(&group) {
                target[p.2] = at[g];
            }
        }
    }
    (top_port, bottom_port)
}

/// Title band of container `c` across the flow, `(from, to)`, internal x.
fn title_span(input: &LayoutInput, x: &[f64], b: &Bordered, c: usize) -> (f64, f64) {
    let x0 = x[b.lborder[c][0]] + CONTAINER_PAD;
    (x0, x0 + input.containers[c].label_width.max(0.0))
}

/// Plans the routes once x is known: ports, side entries and tracks. Moves
/// dummies in `x` to straighten their chains first ([`straighten::run`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan(
    input: &LayoutInput,
    clean: &Clean,
    items: &[Item],
    x: &mut [f64],
    chains: &[Chain],
    b: &Bordered,
    span: &[(usize, usize)],
    nlayers: usize,
) -> Plan {
    let n = clean.vertices();
    let orthogonal = input.routing == Routing::Orthogonal;
    // Per node: the right end of the titles over it, of the containers
    // entered at its layer (a title starts at its container's left, so it
    // covers the node's upper side from the left up to there).
    let mut clear = vec![f64::NEG_INFINITY; n];
    if orthogonal && clean.down {
        for (v, c) in clear.iter_mut().enumerate() {
            let r = items[v].rank;
            // Inner to outer, as far as the node's upper side reaches past the titles: the
            // containers beyond are entered through their sides, under their titles, and the
            // route then comes down past the inner titles.
            let right = x[v] + items[v].left - (items[v].left / 2.0).min(PORT_SPACING);
            let mut p = items[v].parent;
            while let Some(k) = p {
                if span[k].0 == r {
                    let end = title_span(input, x, b, k).1;
                    if end + TITLE_MARGIN > right {
                        break;
                    }
                    *c = c.max(end);
                }
                p = clean.cparent[k];
            }
        }
    }
    let (top_port, bottom_port) = ports(items, x, chains, n, &clear);
    // Dummies line up with their ports and each other where their layers
    // have room, but never under a title of a container they enter; the
    // ports then follow the dummies they aim at.
    let titles: Vec<(f64, f64)> = (0..input.containers.len())
        .map(|c| title_span(input, x, b, c))
        .collect();
    let under_title = |d: usize, v: f64| {
        let r = items[d].rank;
        let mut p = items[d].parent;
        while let Some(c) = p {
            if span[c].0 == r {
                let (t0, t1) = titles[c];
                if v >= t0 - TITLE_MARGIN && v <= t1 + TITLE_MARGIN {
                    return true;
                }
            }
            p = clean.cparent[c];
        }
        false
    };
    let moved = straighten::run(
        items,
        &b.layers,
        chains,
        x,
        &top_port,
        &bottom_port,
        under_title,
    );
    let (top_port, bottom_port) = if moved > 0 {
        ports(items, x, chains, n, &clear)
    } else {
        (top_port, bottom_port)
    };
    let x: &[f64] = x;
    let mut entries: BTreeMap<(usize, usize), Vec<SideEntry>> = BTreeMap::new();
    let mut gaps: Vec<Vec<Segment>> = vec![Vec::new(); nlayers.saturating_sub(1)];
    for (ci, ch) in chains.iter().enumerate() {
        let last = ch.items.len() - 1;
        for (k, w) in ch.items.windows(2).enumerate() {
            let (u, v) = (w[0], w[1]);
            let from = if k == 0 { top_port[ci] } else { x[u] };
            let mut to = if k + 1 == last { bottom_port[ci] } else { x[v] };
            if orthogonal && clean.down {
                // Containers of the lower item that start at its layer are
                // entered here (by a chain's dummies too, where they run inside
                // the containers of the chain's lower end); those whose title lies
                // over the port are entered through their side instead.
                let r = items[v].rank;
                let mut p = items[v].parent;
                let mut chain_of: Vec<usize> = Vec::new();
                while let Some(c) = p {
                    if span[c].0 == r {
                        chain_of.push(c);
                    }
                    p = clean.cparent[c];
                }
                // Inner to outer: `at` is where the route crosses the top of
                // the container in hand; under its title it comes down beside
                // the container instead, on the side nearer `from`.
                let mut at = to;
                let mut entered = Vec::new();
                for &c in &chain_of {
                    let (t0, t1) = title_span(input, x, b, c);
                    if at < t0 - 2.0 || at > t1 + 2.0 {
                        continue;
                    }
                    let (l, r) = (x[b.lborder[c][0]], x[b.rborder[c][0]]);
                    let left = (from - (l - SIDE_OFFSET)).abs() + (at - l)
                        <= (from - (r + SIDE_OFFSET)).abs() + (r - at);
                    let side = if left {
                        l - SIDE_OFFSET
                    } else {
                        r + SIDE_OFFSET
                    };
                    entered.push(SideEntry {
                        container: c,
                        x: side,
                    });
                    at = side;
                }
                entered.reverse();
                if let Some(e) = entered.first() {
                    to = e.x;
                    entries.insert((ci, k), entered);
                }
            }
            if (from - to).abs() > 0.01 {
                gaps[items[u].rank].push(Segment {
                    chain: ci,
                    from,
                    to,
                    out: u,
                    into: v,
                });
            }
        }
    }
    // Segments of concentrated edges into one shared dummy are one
    // hyperedge (Sander 2003): they share a track, so the bus is one line.
    let mut users = vec![0usize; items.len()];
    for ch in chains {
        for &i in &ch.items[1..ch.items.len().saturating_sub(1)] {
            users[i] += 1;
        }
    }
    let mut budget = TRACK_BUDGET;
    let mut tracks = Vec::with_capacity(gaps.len());
    let gaps: Vec<Vec<(Segment, usize)>> = gaps
        .into_iter()
        .map(|segs| {
            // Into one shared dummy, or from one into the same item.
            let lower = |s: &Segment| {
                if users[s.into] > 1 {
                    Some((s.into, usize::MAX))
                } else {
                    (users[s.out] > 1).then_some((s.into, s.out))
                }
            };
            // One representative per bus, spanning all its members.
            let mut rep: Vec<usize> = Vec::with_capacity(segs.len());
            let mut merged: Vec<Segment> = Vec::new();
            let mut bus: BTreeMap<(usize, usize), usize> = BTreeMap::new();
            for s in &segs {
                let key = lower(s);
                match key.and_then(|k| bus.get(&k).copied()) {
                    Some(m) => {
                        let t = &mut merged[m];
                        if (s.from - s.to).abs() > (t.from - t.to).abs() {
                            t.from = s.from;
                        }
                        rep.push(m);
                    }
                    None => {
                        if let Some(k) = key {
                            bus.insert(k, merged.len());
                        }
                        rep.push(merged.len());
                        merged.push(*s);
                    }
                }
            }
            let t = assign_tracks(&merged, &mut budget);
            tracks.push(t.iter().map(|&l| l + 1).max().unwrap_or(0));
            segs.into_iter().zip(rep).map(|(s, m)| (s, t[m])).collect()
        })
        .collect();
    Plan {
        top_port,
        bottom_port,
        entries,
        gaps,
        tracks: if orthogonal {
            tracks
        } else {
            vec![0; nlayers.saturating_sub(1)]
        },
    }
}

fn interval(s: &Segment) -> (f64, f64) {
    (s.from.min(s.to), s.from.max(s.to))
}

/// Strictly inside `(lo, hi)`, with a little tolerance.
fn inside(v: f64, (lo, hi): (f64, f64)) -> bool {
    v > lo + 0.01 && v < hi - 0.01
}

/// Tracks (0 = top) of the segments of one gap: overlapping segments get
/// different tracks, ordered to cross least (see the module documentation).
fn assign_tracks(segs: &[Segment], budget: &mut usize) -> Vec<usize> {
    let k = segs.len();
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        let (ia, ib) = (interval(&segs[a]), interval(&segs[b]));
        ia.0.total_cmp(&ib.0)
            .then(ia.1.total_cmp(&ib.1))
            .then(a.cmp(&b))
    });
    // Overlapping pairs (closer than TRACK_SEP counts as overlapping).
    let mut deps: Vec<(usize, usize)> = Vec::new();
    let mut pairs = 0usize;
    'outer: for (i, &a) in order.iter().enumerate() {
        let ia = interval(&segs[a]);
        for &b in &order[i + 1..] {
            let ib = interval(&segs[b]);
            if ib.0 > ia.1 + TRACK_SEP {
                break;
            }
            pairs += 1;
            if pairs > *budget {
                break 'outer;
            }
            // Crossings if a is above b, and if b is above a.
            let a_over = inside(segs[b].from, ia) as u8 + inside(segs[a].to, ib) as u8;
            let b_over = inside(segs[a].from, ib) as u8 + inside(segs[b].to, ia) as u8;
            let a_first = match a_over.cmp(&b_over) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                // A tie: the segment that comes down further right goes
                // above when both run right, further left when both run left.
                std::cmp::Ordering::Equal => {
                    let right = segs[a].to >= segs[a].from;
                    if right {
                        segs[a].from > segs[b].from
                    } else {
                        segs[a].from < segs[b].from
                    }
                }
            };
            deps.push(if a_first { (a, b) } else { (b, a) });
        }
    }
    if pairs > *budget {
        // Too many overlaps: greedy interval packing (left-edge algorithm).
        *budget = 0;
        let mut ends: Vec<f64> = Vec::new();
        let mut level = vec![0usize; k];
        for &a in &order {
            let ia = interval(&segs[a]);
            let t = ends.iter().position(|&e| e + TRACK_SEP < ia.0);
            let t = t.unwrap_or_else(|| {
                ends.push(f64::NEG_INFINITY);
                ends.len() - 1
            });
            ends[t] = ia.1;
            level[a] = t;
        }
        return level;
    }
    *budget -= pairs;
    let reversed = acyclic::feedback_arcs(k, &deps);
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut indeg = vec![0usize; k];
    for (&(a, b), &r) in deps.iter().zip(&reversed) {
        let (a, b) = if r { (b, a) } else { (a, b) };
        adj[a].push(b);
        indeg[b] += 1;
    }
    let mut level = vec![0usize; k];
    let mut queue: std::collections::VecDeque<usize> =
        order.iter().copied().filter(|&v| indeg[v] == 0).collect();
    while let Some(a) = queue.pop_front() {
        for &b in &adj[a] {
            level[b] = level[b].max(level[a] + 1);
            indeg[b] -= 1;
            if indeg[b] == 0 {
                queue.push_back(b);
            }
        }
    }
    level
}

/// Drops repeated points and points in the middle of a straight run.
pub(crate) fn simplify(pts: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(pts.len());
    for p in pts {
        if let Some(last) = out.last() {
            if (last[0] - p[0]).abs() < 1e-9 && (last[1] - p[1]).abs() < 1e-9 {
                continue;
            }
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let cross = (b[0] - a[0]) * (p[1] - b[1]) - (b[1] - a[1]) * (p[0] - b[0]);
            let dot = (b[0] - a[0]) * (p[0] - b[0]) + (b[1] - a[1]) * (p[1] - b[1]);
            if cross.abs() < 1e-9 && dot >= 0.0 {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The route of every chain, from its upper to its lower end (internal
/// coordinates); `depth[v]` is node `v`'s extent along the flow.
pub(crate) fn run(
    input: &LayoutInput,
    items: &[Item],
    x: &[f64],
    y: &YPlan,
    chains: &[Chain],
    plan: &Plan,
    depth: &[f64],
) -> Vec<Vec<Point>> {
    let orthogonal = input.routing == Routing::Orthogonal;
    let center = |r: usize| y.layer_top[r] + y.layer_depth[r] / 2.0;
    let layer_bottom = |r: usize| y.layer_top[r] + y.layer_depth[r];
    // Track y per (gap, chain).
    let mut track_y: Vec<Vec<(usize, f64)>> = vec![Vec::new(); chains.len()];
    for (g, segs) in plan.gaps.iter().enumerate() {
        let (top, bottom) = y.corridor[g];
        let t = plan.tracks[g].max(1) as f64;
        let step = ((bottom - top) / (t + 1.0)).max(0.0);
        for &(s, level) in segs {
            track_y[s.chain].push((g, top + step * (level as f64 + 1.0)));
        }
    }
    let mut routes = Vec::with_capacity(chains.len());
    for (ci, ch) in chains.iter().enumerate() {
        let top = ch.items[0];
        let bottom = *ch.items.last().expect("chain has endpoints");
        let mut pts: Vec<Point> = Vec::with_capacity(ch.items.len() * 4 + 4);
        let rt = items[top].rank;
        pts.push([plan.top_port[ci], center(rt) + depth[top] / 2.0]);
        pts.push([plan.top_port[ci], layer_bottom(rt)]);
        let last = ch.items.len() - 1;
        for k in 0..last {
            let (u, v) = (ch.items[k], ch.items[k + 1]);
            let from = if k == 0 { plan.top_port[ci] } else { x[u] };
            let entries = plan.entries.get(&(ci, k)).map_or(&[][..], |e| &e[..]);
            // Where the segment goes down to: the next item, or the lower end's port.
            let end = if k + 1 < last {
                x[v]
            } else {
                plan.bottom_port[ci]
            };
            let to = entries.first().map_or(end, |e| e.x);
            let g = items[u].rank;
            if orthogonal {
                if let Some(&(_, ty)) = track_y[ci].iter().find(|t| t.0 == g) {
                    pts.push([from, ty]);
                    pts.push([to, ty]);
                }
            }
            // Side entries: down beside each container to just under its
            // title, then across into it.
            for (i, e) in entries.iter().enumerate() {
                let c = e.container;
                let under =
                    y.ctop[c] + CONTAINER_PAD * 0.75 + input.containers[c].label_height.max(0.0);
                let next = entries.get(i + 1).map_or(end, |n| n.x);
                pts.push([e.x, under]);
                pts.push([next, under]);
            }
            let r = items[v].rank;
            if k + 1 < last {
                pts.push([x[v], y.layer_top[r]]);
                pts.push([x[v], layer_bottom(r)]);
            } else {
                if entries.is_empty() {
                    pts.push([end, y.layer_top[r]]);
                }
                pts.push([end, center(r) - depth[bottom] / 2.0]);
            }
        }
        routes.push(simplify(pts));
    }
    routes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_spread_keep_order_and_merge_when_crowded() {
        assert_eq!(spread(&[5.0, 5.0], 0.0, 100.0, 12.0), vec![5.0, 17.0]);
        assert_eq!(spread(&[99.0, 99.0], 0.0, 100.0, 12.0), vec![88.0, 100.0]);
        assert_eq!(spread(&[-5.0], 0.0, 10.0, 12.0), vec![0.0]);
        assert_eq!(spread(&[1.0, 2.0, 3.0], 0.0, 20.0, 12.0), vec![10.0; 3]);
        let p = spread(&[10.0, 12.0, 50.0, 51.0], 0.0, 60.0, 12.0);
        for w in p.windows(2) {
            assert!(w[1] - w[0] >= 12.0 - 1e-9, "{p:?}");
        }
    }

    #[test]
    fn overlapping_segments_get_tracks_that_avoid_crossings() {
        let seg = |chain, from, to| Segment {
            chain,
            from,
            to,
            out: 0,
            into: 0,
        };
        // Both run right: the one coming down further right goes above, and
        // neither crosses the other.
        let segs = [
            seg(0, 0.0, 100.0),
            seg(1, 50.0, 150.0),
            seg(2, 300.0, 400.0),
        ];
        let mut budget = 100;
        let t = assign_tracks(&segs, &mut budget);
        assert!(t[1] < t[0], "{t:?}");
        assert_eq!(t[2], 0, "a segment overlapping none takes the top track");
        // Greedy packing beyond the budget still separates overlaps.
        let mut none = 0;
        let t = assign_tracks(&segs, &mut none);
        assert_ne!(t[0], t[1]);
    }
}
