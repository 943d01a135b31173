//! Runs of a long edge's dummies moved across a neighbouring container as one
//! ([`State::sift_runs`]), after the sweeps of [`super::order`].

use std::collections::BTreeMap;

use super::{Entry, State, SWAP_BUDGET};

impl State<'_> {
    /// Moves runs of leaves across a neighbouring sibling container while that lowers the
    /// [`Cost`]: a run is a leaf and the dummies below it that continue its chain in the same
    /// container (one neighbour above and one below each), and it moves to the other side of
    /// the nearest sibling block in every layer of the run that the block spans, so that a long
    /// edge changes sides of a container all at once. The barycentre sweeps place one layer at
    /// a time and cannot make such a move. Bounded by the swap budget; returns whether anything
    /// moved.
    pub(super) fn sift_runs(&mut self) -> bool {
        let g = self.g;
        let size = g.rank.len() + g.down.iter().map(Vec::len).sum::<usize>();
        let mut budget = SWAP_BUDGET.min(100_000 + 10 * size);
        let chained = |v: usize| v >= g.real && g.up[v].len() == 1 && g.down[v].len() == 1;
        // Runs, each from its head downwards.
        let mut runs: Vec<Vec<usize>> = Vec::new();
        for v in 0..g.rank.len() {
            let continues = chained(v) && {
                let u = g.up[v][0];
                chained(u) && g.parent[u] == g.parent[v]
            };
            if continues {
                continue;
            }
            let mut run = vec![v];
            let mut w = v;
            while !g.down[w].is_empty() && g.down[w].len() == 1 {
                let d = g.down[w][0];
                if !(chained(d) && g.parent[d] == g.parent[v] && (w == v || chained(w))) {
                    break;
                }
                run.push(d);
                w = d;
            }
            runs.push(run);
        }
        // Entry indices of every leaf and every container's borders, per layer, kept up to
        // date as runs move: a move is tried only where it can lower the cost.
        let mut cidx: Vec<Vec<(usize, usize)>> = (0..self.nc)
            .map(|c| vec![(0, 0); (g.span[c].1 + 1).saturating_sub(g.span[c].0)])
            .collect();
        let mut epos = vec![0usize; g.rank.len()];
        for r in 0..g.nlayers {
            index_layer(&self.layers[r], r, g.span, &mut epos, &mut cidx);
        }
        let mut level_at: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for &(a, b) in g.level {
            level_at.entry(g.rank[a]).or_default().push((a, b));
        }
        let mut any = false;
        for _pass in 0..3 {
            let mut changed = false;
            for run in &runs {
                for left in [true, false] {
                    let (ra, rb) = (g.rank[run[0]], g.rank[run[run.len() - 1]]);
                    let Some(c) = self.neighbour_block(run[0], left) else {
                        continue;
                    };
                    // Worth a try only if a neighbour at the run's ends lies in or beyond `c`
                    // in a layer that `c` spans, or the run stands between two level ends.
                    let beyond = |x: usize, epos: &[usize], cidx: &[Vec<(usize, usize)>]| {
                        let r = g.rank[x];
                        let (s0, s1) = g.span[c];
                        if r < s0 || r > s1 {
                            return false;
                        }
                        let (open, close) = cidx[c][r - s0];
                        if left {
                            epos[x] < close
                        } else {
                            epos[x] > open
                        }
                    };
                    let (head, tail) = (run[0], run[run.len() - 1]);
                    let ends = g.up[head]
                        .iter()
                        .chain(g.down[tail].iter())
                        .any(|&x| beyond(x, &epos, &cidx));
                    let between = run.iter().any(|&v| {
                        level_at.get(&g.rank[v]).is_some_and(|pairs| {
                            pairs.iter().any(|&(a, b)| {
                                let (lo, hi) = (epos[a].min(epos[b]), epos[a].max(epos[b]));
                                lo < epos[v] && epos[v] < hi
                            })
                        })
                    });
                    if !ends && !between {
                        continue;
                    }
                    let (lo, hi) = (ra.saturating_sub(1), (rb + 1).min(g.nlayers - 1));
                    let cost: usize = (lo..=hi).map(|r| self.layers[r].len()).sum::<usize>() * 3;
                    if budget < cost {
                        return any;
                    }
                    budget -= cost;
                    let before = self.crossings_between(lo, hi);
                    let saved: Vec<Vec<Entry>> = self.layers[ra..=rb].to_vec();
                    for &v in run {
                        let r = g.rank[v];
                        if g.span[c].0 <= r && r <= g.span[c].1 {
                            self.move_across(v, c, left);
                        }
                    }
                    let after = self.crossings_between(lo, hi);
                    if after < before {
                        changed = true;
                        for r in ra..=rb {
                            index_layer(&self.layers[r], r, g.span, &mut epos, &mut cidx);
                        }
                    } else {
                        for (r, layer) in (ra..=rb).zip(saved) {
                            self.layers[r] = layer;
                            self.recompute_layer(r);
                        }
                    }
                }
            }
            any |= changed;
            if !changed {
                break;
            }
        }
        any
    }

    /// The nearest container block left (`left`) or right of leaf `v` in its layer that is a
    /// sibling of `v` (shares its parent), if any before the parent's own border.
    fn neighbour_block(&self, v: usize, left: bool) -> Option<usize> {
        let layer = &self.layers[self.g.rank[v]];
        let at = layer.iter().position(|&e| e == Entry::Leaf(v))?;
        let p = self.g.parent[v];
        let mut i = at;
        loop {
            if left {
                i = i.checked_sub(1)?;
            } else {
                i += 1;
            }
            match *layer.get(i)? {
                Entry::Close(c) if left && self.g.cparent[c] == p => return Some(c),
                Entry::Open(c) if !left && self.g.cparent[c] == p => return Some(c),
                Entry::Open(_) if left => return None,
                Entry::Close(_) if !left => return None,
                _ => {}
            }
        }
    }

    /// Moves leaf `v` to just outside the block of container `c` in its layer, on the side
    /// away from where it is (`left`: to the left of `c`'s block, which lies left of `v`).
    fn move_across(&mut self, v: usize, c: usize, left: bool) {
        let r = self.g.rank[v];
        let layer = &mut self.layers[r];
        let Some(at) = layer.iter().position(|&e| e == Entry::Leaf(v)) else {
            return;
        };
        layer.remove(at);
        let to = if left {
            layer.iter().position(|&e| e == Entry::Open(c))
        } else {
            layer
                .iter()
                .position(|&e| e == Entry::Close(c))
                .map(|i| i + 1)
        };
        match to {
            Some(i) => layer.insert(i, Entry::Leaf(v)),
            None => layer.insert(at, Entry::Leaf(v)),
        }
        self.recompute_layer(r);
    }

    fn recompute_layer(&mut self, r: usize) {
        let mut i = 0;
        for e in &self.layers[r] {
            if let Entry::Leaf(v) = *e {
                self.pos[v] = i;
                i += 1;
            }
        }
    }
}

/// Records the entry index of every leaf of `layer` (layer `r`) in `epos`, and of every
/// container's two borders in `cidx[c][r - span[c].0]`.
fn index_layer(
    layer: &[Entry],
    r: usize,
    span: &[(usize, usize)],
    epos: &mut [usize],
    cidx: &mut [Vec<(usize, usize)>],
) {
    for (i, e) in layer.iter().enumerate() {
        match *e {
            Entry::Leaf(v) => epos[v] = i,
            Entry::Open(c) => cidx[c][r - span[c].0].0 = i,
            Entry::Close(c) => cidx[c][r - span[c].0].1 = i,
        }
    }
}
