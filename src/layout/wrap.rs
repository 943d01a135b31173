//! Wide drawings wrapped into rows: [`rows`] decides, before ordering, which row each
//! top-level container goes to, [`buses_to_the_left`], after ordering, moves wide buses to the
//! left end of their layers, and [`rows_to_the_left`], after placement, starts every row at
//! the first one's left edge.

use std::collections::BTreeMap;

use super::compound::Bordered;
use super::graph::{Item, Layered};
use super::normalise::Clean;
use super::order::Entry;
use super::rank::Ranking;
use super::{CONTAINER_PAD, CONTAINER_SEP, EDGE_SEP, NODE_SEP, RANK_SEP};

/// The narrowest drawing, across the flow in SVG user units, whose top-level containers are
/// wrapped into rows (see [`rows`]): about a wide screen's width.
const MIN_WRAP_BREADTH: f64 = 1_600.0;
/// The fewest top-level containers a row of a wrapped drawing holds.
const MIN_PER_ROW: usize = 2;

/// The widest a drawing may be for its depth, across the flow, before its top-level
/// containers are wrapped into rows (see [`rows`]).
pub(crate) const MAX_ASPECT: f64 = 3.0;
/// The aspect (breadth over depth) that wrapping aims at.
pub(crate) const AIM_ASPECT: f64 = 1.5;
/// The most rows a drawing is wrapped into.
const MAX_ROWS: usize = 32;

/// The rows that the top-level containers wrap into when the drawing would be more than
/// [`MAX_ASPECT`] times as wide as it is deep: the row of each container (`None` below the
/// top level), or `None` when it would not. Estimated from `ranking`: each top-level container
/// is as wide as its widest layer (its members' breadths and [`NODE_SEP`] between them), the
/// drawing as wide as its widest layer (the containers that reach it side by side, and
/// [`EDGE_SEP`] for each long edge that passes it), and as deep as the deepest member of each
/// layer plus [`RANK_SEP`] between tiers. With `R` rows the drawing is about `R` times deeper
/// and `R` times narrower; `R` is the number that brings it nearest [`AIM_ASPECT`]. The
/// containers fill the rows in the order they are written, each row about as wide as the
/// others (in the manner of a paragraph's lines), so that a reader meets them left to right
/// and top to bottom as written.
pub(crate) fn rows(
    clean: &Clean,
    ranking: &Ranking,
    force: Option<usize>,
) -> Option<Vec<Option<usize>>> {
    let nc = clean.cparent.len();
    let nv = clean.vertices();
    let top = |v: usize| clean.outermost(v);
    // Per top-level container (and `nc` for the top-level nodes): its widest layer and the
    // layers it spans; per layer, its deepest member.
    let mut per_layer: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut deepest: BTreeMap<usize, f64> = BTreeMap::new();
    let mut span = vec![(usize::MAX, 0usize); nc + 1];
    for v in 0..nv {
        let (b, d) = clean.vsize(v);
        let r = ranking.ranks[v];
        let unit = top(v).unwrap_or(nc);
        *per_layer.entry((unit, r)).or_default() += b + NODE_SEP;
        let e = deepest.entry(r).or_default();
        *e = e.max(d);
        span[unit] = (span[unit].0.min(r), span[unit].1.max(r));
    }
    let pad = 2.0 * CONTAINER_PAD + CONTAINER_SEP;
    let mut width = vec![0.0f64; nc + 1];
    for (&(unit, _), &w) in &per_layer {
        width[unit] = width[unit].max(w + if unit < nc { pad } else { 0.0 });
    }
    let tops: Vec<usize> = (0..nc)
        .filter(|&c| clean.cparent[c].is_none() && width[c] > 0.0)
        .collect();
    if tops.len() < 2 {
        return None;
    }
    // The drawing is as wide as its widest layer: the containers (and the top-level nodes)
    // that reach it side by side.
    let nlayers = ranking.nlayers;
    let mut across = vec![0.0f64; nlayers + 1];
    for u in tops.iter().copied().chain([nc]) {
        if span[u].0 <= span[u].1 {
            across[span[u].0] += width[u];
            across[span[u].1 + 1] -= width[u];
        }
    }
    // Each long edge runs past the layers between its ends in a column of its own.
    for &(u, v) in &ranking.oriented {
        let (a, b) = (ranking.ranks[u], ranking.ranks[v]);
        if a + 1 < b {
            across[a + 1] += EDGE_SEP;
            across[b] -= EDGE_SEP;
        }
    }
    let mut breadth = 0.0f64;
    let mut run = 0.0;
    for a in &across[..nlayers] {
        run += a;
        breadth = breadth.max(run);
    }
    let depth: f64 =
        deepest.values().sum::<f64>() + RANK_SEP * deepest.len().saturating_sub(1) as f64;
    let aspect = breadth / depth.max(1.0);
    let most = MAX_ROWS.min(tops.len() / MIN_PER_ROW);
    if most < 2 {
        return None;
    }
    let count = match force {
        Some(k) => k.clamp(2, most),
        None => {
            if aspect <= MAX_ASPECT || breadth < MIN_WRAP_BREADTH {
                return None;
            }
            let off = |r: usize| (aspect / (r * r) as f64 / AIM_ASPECT).ln().abs();
            (2..=most)
                .min_by(|&a, &b| off(a).total_cmp(&off(b)))
                .unwrap_or(2)
        }
    };
    // Where to cut the written order: near each `k / count` of the total width, at the place
    // within a third of a row's width that the fewest links cross (then the nearest).
    let mut index = vec![usize::MAX; nc + 1];
    for (i, &c) in tops.iter().enumerate() {
        index[c] = i;
    }
    let mut cut = vec![0i64; tops.len() + 1];
    for &(u, v) in &ranking.oriented {
        let (a, b) = (index[top(u).unwrap_or(nc)], index[top(v).unwrap_or(nc)]);
        if a != usize::MAX && b != usize::MAX && a != b {
            cut[a.min(b)] += 1;
            cut[a.max(b)] -= 1;
        }
    }
    for i in 1..cut.len() {
        cut[i] += cut[i - 1];
    }
    // `ends[i]`: the width of the first `i + 1` containers.
    let mut ends = Vec::with_capacity(tops.len());
    let mut filled = 0.0;
    for &c in &tops {
        filled += width[c];
        ends.push(filled);
    }
    let share = filled / count as f64;
    let mut rows = vec![None; nc];
    let mut start = 0;
    for k in 0..count {
        let end = if k + 1 == count {
            tops.len()
        } else {
            let aim = share * (k + 1) as f64;
            // Cut after container i (i in start..len-1): the best within a third of a row.
            (start..tops.len().saturating_sub(count - 1 - k))
                .filter(|&i| (ends[i] - aim).abs() <= share / 3.0)
                .min_by(|&a, &b| {
                    cut[a]
                        .cmp(&cut[b])
                        .then((ends[a] - aim).abs().total_cmp(&(ends[b] - aim).abs()))
                })
                .or_else(|| {
                    (start..tops.len().saturating_sub(count - 1 - k))
                        .min_by(|&a, &b| (ends[a] - aim).abs().total_cmp(&(ends[b] - aim).abs()))
                })
                .map_or(start + 1, |i| i + 1)
        };
        for &c in &tops[start..end.max(start)] {
            rows[c] = Some(k);
        }
        start = end.max(start);
    }
    Some(rows)
}

/// Moves each row of a wrapped drawing (see [`Ranking::rows`]) to start where the first
/// row starts: the placement keeps a long edge into a lower row straight, and that edge comes
/// down beside the rows above, so each row would otherwise start where the one above ends, a
/// staircase. Every item of a row's layers (and of the label layers above them) moves by one
/// amount, so nothing within a layer moves relative to anything else; the edges between rows
/// take the difference as a jog in the gap above the row. The layers below the last row belong
/// to it.
pub(crate) fn rows_to_the_left(
    clean: &Clean,
    ranking: &Ranking,
    bordered: &Bordered,
    items: &[Item],
    x: &mut [f64],
) {
    if ranking.rows < 2 {
        return;
    }
    // The last layer of each row.
    let mut last = vec![0usize; ranking.rows];
    for v in 0..clean.vertices() {
        if let Some(r) = clean
            .outermost(v)
            .and_then(|t| ranking.row_of.get(t).copied().flatten())
        {
            last[r] = last[r].max(ranking.ranks[v]);
        }
    }
    let left = |layers: std::ops::Range<usize>, x: &[f64]| {
        layers
            .flat_map(|r| bordered.layers[r].iter())
            .map(|&i| x[i] - items[i].left)
            .fold(f64::INFINITY, f64::min)
    };
    let start = left(0..last[0] + 1, x);
    let nl = bordered.layers.len();
    for k in 1..ranking.rows {
        // The last row takes the layers below it too: top-level nodes ranked under every
        // row, such as a metrics service that every row's agents report to.
        let end = if k + 1 == ranking.rows {
            nl
        } else {
            last[k] + 1
        };
        let layers = last[k - 1] + 1..end.min(nl);
        if layers.is_empty() {
            continue;
        }
        let shift = left(layers.clone(), x) - start;
        if shift.is_finite() && shift > 0.0 {
            for r in layers {
                for &i in &bordered.layers[r] {
                    x[i] -= shift;
                }
            }
        }
    }
}

/// The fewest rows a wrapped drawing has before [`buses_to_the_left`] moves its buses.
pub(crate) const BUS_LEFT_ROWS: usize = 3;

/// Most rounds of [`buses_to_the_left`]'s passes that drop trunk items.
const MOVE_PASSES: usize = 8;

/// The fewest edges a bus carries before [`buses_to_the_left`] moves it.
const WIDE_BUS: usize = 8;

/// Moves the trunk of every bus of [`WIDE_BUS`] or more edges that runs outside all containers
/// (and its target, when that too stands outside them) to the left end of each layer of a
/// wrapped drawing: the monitoring agents of every service joining one line to one metrics
/// service, for example. Each row starts at the first one's left edge
/// ([`rows_to_the_left`]), so a trunk at the left end of every layer runs straight down the
/// drawing's left side, where the order would put it wherever its crossings are fewest in
/// each row and the rows' shifts add a jog at every row. Linear in the chains' items.
pub(crate) fn buses_to_the_left(g: &Layered, entries: &mut [Vec<Entry>]) {
    let n = g.items.len();
    // Chains through each item, and per target the chains that share an item with another.
    let mut through = vec![0usize; n];
    for ch in &g.chains {
        for &v in &ch.items[1..ch.items.len() - 1] {
            through[v] += 1;
        }
    }
    let mut size: BTreeMap<usize, usize> = BTreeMap::new();
    for ch in &g.chains {
        let inner = &ch.items[1..ch.items.len() - 1];
        if inner.iter().any(|&v| through[v] >= 2) {
            *size.entry(ch.items[ch.items.len() - 1]).or_default() += 1;
        }
    }
    let mut front = vec![false; n];
    for ch in &g.chains {
        let last = ch.items[ch.items.len() - 1];
        if size.get(&last).copied().unwrap_or(0) < WIDE_BUS {
            continue;
        }
        for &v in &ch.items[1..ch.items.len() - 1] {
            if through[v] >= 2 && g.items[v].parent.is_none() {
                front[v] = true;
            }
        }
        if g.items[last].parent.is_none() {
            front[last] = true;
        }
    }
    // Per layer, each item's top-level unit (its index among the layer's top-level leaves and
    // containers), and the top-level containers there with their units, left to right.
    let mut unit = vec![usize::MAX; n];
    let mut left_of: Vec<Vec<(usize, usize)>> = Vec::with_capacity(entries.len());
    for layer in entries.iter() {
        let (mut depth, mut index, mut cs) = (0usize, 0usize, Vec::new());
        for e in layer {
            match *e {
                Entry::Open(c) => {
                    if depth == 0 {
                        cs.push((c, index));
                    }
                    depth += 1;
                }
                Entry::Close(_) => {
                    depth -= 1;
                    if depth == 0 {
                        index += 1;
                    }
                }
                Entry::Leaf(v) => {
                    unit[v] = index;
                    if depth == 0 {
                        index += 1;
                    }
                }
            }
        }
        left_of.push(cs);
    }
    // A trunk item moves only if its segment to each neighbour that stays where it is passes no
    // top-level container standing in both layers left of that neighbour (it would run through
    // it): passes down and up drop the items that would, until none does.
    let blocked = |front: &[bool], r: usize, rn: usize, near: &[usize]| {
        near.iter().any(|&u| {
            !front[u]
                && left_of[rn]
                    .iter()
                    .any(|&(c, i)| i < unit[u] && left_of[r].iter().any(|&(d, _)| d == c))
        })
    };
    let nl = entries.len();
    for _ in 0..MOVE_PASSES {
        let mut changed = false;
        for pass in [true, false] {
            for k in 0..nl {
                let r = if pass { k } else { nl - 1 - k };
                for e in &entries[r] {
                    let Entry::Leaf(v) = *e else { continue };
                    if !front[v] {
                        continue;
                    }
                    let hit = if pass {
                        r > 0 && blocked(&front, r, r - 1, &g.up[v])
                    } else {
                        r + 1 < nl && blocked(&front, r, r + 1, &g.down[v])
                    };
                    if hit {
                        front[v] = false;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    for layer in entries.iter_mut() {
        let moved = |e: &Entry| matches!(e, Entry::Leaf(v) if front[*v]);
        if !layer.iter().any(moved) {
            continue;
        }
        let (mut first, rest): (Vec<Entry>, Vec<Entry>) =
            std::mem::take(layer).into_iter().partition(moved);
        first.extend(rest);
        *layer = first;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::graph::{Chain, Kind};
    use rustc_hash::FxHashMap as HashMap;

    /// Eight top-level sources in layer 0 whose edges share one dummy (item 9) in layer 1 into
    /// a target (item 8) in layer 2; a node (10) left of the dummy in layer 1 and one (11) left
    /// of the target in layer 2; with `boxed`, a container 0 at the left of layers 0 and 1
    /// (holding items 12 and 13).
    fn bus(boxed: bool) -> (Layered, Vec<Vec<Entry>>) {
        let item = |kind, rank, parent| Item {
            kind,
            rank,
            parent,
            left: 40.0,
            right: 40.0,
            depth: 30.0,
        };
        let mut items: Vec<Item> = (0..8).map(|i| item(Kind::Node(i), 0, None)).collect();
        items.push(item(Kind::Node(8), 2, None));
        items.push(item(Kind::Dummy, 1, None));
        items.push(item(Kind::Node(10), 1, None));
        items.push(item(Kind::Node(11), 2, None));
        items.push(item(Kind::Node(12), 0, Some(0)));
        items.push(item(Kind::Node(13), 1, Some(0)));
        let chains: Vec<Chain> = (0..8)
            .map(|s| Chain {
                edge: s,
                reversed: false,
                items: vec![s, 9, 8],
                label: None,
            })
            .collect();
        let mut up = vec![Vec::new(); items.len()];
        let mut down = vec![Vec::new(); items.len()];
        for s in 0..8 {
            down[s].push(9);
            up[9].push(s);
        }
        down[9].push(8);
        up[8].push(9);
        let g = Layered {
            items,
            chains,
            vertices: 14,
            leaves: 14,
            up,
            down,
            load: HashMap::default(),
        };
        let mut entries = vec![
            (0..8).map(Entry::Leaf).collect::<Vec<_>>(),
            vec![Entry::Leaf(10), Entry::Leaf(9)],
            vec![Entry::Leaf(11), Entry::Leaf(8)],
        ];
        if boxed {
            for (r, v) in [(0, 12), (1, 13)] {
                let row = &mut entries[r];
                row.splice(0..0, [Entry::Open(0), Entry::Leaf(v), Entry::Close(0)]);
            }
        }
        (g, entries)
    }

    #[test]
    fn a_wide_bus_and_its_target_move_to_the_left_end_of_their_layers() {
        let (g, mut entries) = bus(false);
        buses_to_the_left(&g, &mut entries);
        assert_eq!(entries[1], vec![Entry::Leaf(9), Entry::Leaf(10)]);
        assert_eq!(entries[2], vec![Entry::Leaf(8), Entry::Leaf(11)]);
        assert_eq!(entries[0], (0..8).map(Entry::Leaf).collect::<Vec<_>>());
    }

    #[test]
    fn a_trunk_stays_where_moving_it_would_run_an_edge_through_a_container() {
        // Moved left of container 0, the dummy's segments from the sources right of the
        // container would pass through it; the target, below the container, still moves.
        let (g, mut entries) = bus(true);
        let before = entries[1].clone();
        buses_to_the_left(&g, &mut entries);
        assert_eq!(entries[1], before);
        assert_eq!(entries[2], vec![Entry::Leaf(8), Entry::Leaf(11)]);
    }

    #[test]
    fn a_narrow_bus_stays() {
        let (mut g, mut entries) = bus(false);
        g.chains.truncate(WIDE_BUS - 1);
        buses_to_the_left(&g, &mut entries);
        assert_eq!(entries[1], vec![Entry::Leaf(10), Entry::Leaf(9)]);
    }
}
