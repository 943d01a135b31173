//! Wide drawings wrapped into rows: [`rows`] decides, before ordering, which row each
//! top-level container goes to, and [`rows_to_the_left`], after placement, starts every row at
//! the first one's left edge.

use std::collections::BTreeMap;

use super::compound::Bordered;
use super::graph::Item;
use super::normalise::Clean;
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
/// take the difference as a jog in the gap above the row.
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
    for k in 1..ranking.rows {
        let layers = last[k - 1] + 1..(last[k] + 1).min(bordered.layers.len());
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
