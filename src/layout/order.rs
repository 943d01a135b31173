//! Vertex ordering within layers (crossing reduction) for compound graphs.
//!
//! * Layer-by-layer sweeps with the barycenter heuristic and adjacent
//!   transpositions, keeping the best ordering seen: E. R. Gansner et al.,
//!   "A technique for drawing directed graphs", IEEE TSE 1993, section 3
//!   (procedures `wmedian` and `transpose`; barycenters instead of weighted
//!   medians because they aggregate naturally over container blocks).
//! * Compound graphs: every container is ordered as one contiguous block in
//!   each layer it spans, and sibling containers keep one global relative order
//!   in all layers, so container rectangles can never interleave. Children of
//!   a container are sorted recursively as blocks, a block's barycenter being
//!   the mean of its members' barycenters (G. Sander, "Layout of compound
//!   directed graphs", Tech. Rep. A/03/96, Univ. Saarbrücken, 1996, crossing
//!   reduction with containers kept contiguous;
//!   M. Forster, "Applying crossing reduction strategies to layered compound
//!   graphs", Graph Drawing 2002, LNCS 2528, the constrained barycenter
//!   sorting of sibling blocks). Sibling containers
//!   are re-sorted between sweeps by the mean barycenter of their members over
//!   all layers.
//! * The ordering's [`Cost`] counts first the crossings of edge segments with
//!   the sides of containers that span both their layers (in Sander 1996 a
//!   container's side is a chain of border segments like any edge), and only
//!   then the crossings of edges; after the sweeps, runs of a long edge's
//!   dummies move across a neighbouring container as one when that lowers
//!   the cost, a move that sweeping one layer at a time cannot make.
//! * Crossings are counted exactly with the accumulator tree of W. Barth,
//!   M. Jünger and P. Mutzel, "Simple and efficient bilayer cross counting",
//!   JGAA 8(2), 2004, the accumulator-tree algorithm (O(E log V) per layer
//!   pair).

use std::collections::BTreeMap;

mod count;
mod sift;

use count::accumulate2;
#[cfg(test)]
pub(crate) use count::bilayer_crossings;

/// One entry of a layer's hierarchical ordering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A leaf item (real node, dummy, edge label or placeholder).
    Leaf(usize),
    /// The left border of a container's block.
    Open(usize),
    /// The right border of a container's block.
    Close(usize),
}

/// What an ordering costs, compared lexicographically: first the crossings of edges with the
/// sides of containers that span both layers of the edge's segment (each beyond the one
/// crossing needed to leave or enter a container that holds one end makes the drawn edge pass
/// through a container that holds neither: Sander 1996 counts them with the edge crossings;
/// here they weigh more than any number of those), then the edge crossings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Cost {
    /// Crossings of edge segments with container sides.
    pub through: usize,
    /// Crossings between edge segments.
    pub crossings: usize,
}

impl Cost {
    fn is_zero(self) -> bool {
        self == Cost::default()
    }
}

/// The layered compound graph to order. Items are indexed `0..rank.len()`.
pub(crate) struct OrderGraph<'a> {
    pub nlayers: usize,
    /// Layer of each item.
    pub rank: &'a [usize],
    /// Innermost container of each item.
    pub parent: &'a [Option<usize>],
    /// Parent of each container.
    pub cparent: &'a [Option<usize>],
    /// Inclusive layer span of each container.
    pub span: &'a [(usize, usize)],
    /// Neighbours of each item in the layer above / below.
    pub up: &'a [Vec<usize>],
    pub down: &'a [Vec<usize>],
    /// Items `0..real` are declared nodes, in source order; the rest
    /// (dummies, labels, placeholders) have no order of their own.
    pub real: usize,
    /// The two ends of each edge drawn level (one layer): every leaf the ordering puts between
    /// them counts as a side crossed, since the straight line between them would pass it.
    pub level: &'a [(usize, usize)],
    /// Whether sibling containers keep their declaration order without the free ordering
    /// being tried at all, as on graphs above [`PINNED_ONLY_SIZE`].
    pub pinned_only: bool,
}

const MAX_SWEEPS: usize = 24;
/// Graphs up to this size (items plus segments) are ordered from three
/// different initial orders.
const RESTART_MAX_SIZE: usize = 3_000;
/// Work budget (items plus segments, times sweeps) that bounds the number of
/// sweeps on large graphs.
const SWEEP_BUDGET: usize = 150_000;
/// Work (layer entries visited) the container swap pass may spend at most
/// (less on mid-sized graphs: 100,000 plus 10 per item and segment).
const SWAP_BUDGET: usize = 500_000;
/// Total neighbour visits all transposition passes may spend at most (less on
/// mid-sized graphs: 200,000 plus 20 per item and segment).
const TRANSPOSE_BUDGET: usize = 1_000_000;
const MAX_STALL: usize = 4;
/// Graphs larger than this (items plus segments) are ordered once, with sibling containers in
/// declaration order, instead of both free and pinned (see [`order`]): at that size the two
/// orderings cost the most time of the whole layout, and the written order reads best.
const PINNED_ONLY_SIZE: usize = 20_000;
/// Crossings that keeping sibling containers in declaration order may cost
/// over the best free ordering: a few crossings are a cheap price for hosts
/// that read left to right as written (two servers sharing a primary-replica
/// pair cross wherever the replica goes).
const SOURCE_ORDER_SLACK: usize = 3;

struct State<'a> {
    g: &'a OrderGraph<'a>,
    nc: usize,
    layers: Vec<Vec<Entry>>,
    /// Position of each leaf among the leaves of its layer.
    pos: Vec<usize>,
    leaf_count: Vec<usize>,
    /// Sibling containers of each parent (index `nc` = top level), in their
    /// global order.
    csort: Vec<Vec<usize>>,
    ckey: Vec<f64>,
    /// Leaves of each layer grouped by parent key.
    by_parent: Vec<BTreeMap<usize, Vec<usize>>>,
    /// Per-sweep accumulators of container block barycenters.
    cacc: Vec<(f64, usize)>,
    /// Barycenter scratch buffer, indexed by item.
    bc: Vec<f64>,
    /// Scratch buffers for neighbour positions.
    buf_a: Vec<usize>,
    buf_b: Vec<usize>,
    /// Remaining work (neighbour visits) for transpositions.
    transpose_budget: usize,
    /// Scratch for [`State::crossings_between`]: each leaf's index among its layer's entries,
    /// each container's (left, right) border entry indices in the lower layer and the layer
    /// stamp of the layer pair they were recorded for.
    epos: Vec<usize>,
    cpos: Vec<(usize, usize, usize)>,
    stamp: usize,
    segs: Vec<(usize, usize, bool)>,
    trees: (Vec<usize>, Vec<usize>),
}

/// Orders every layer; returns the layers (with container blocks marked by
/// `Open`/`Close`) and the number of edge crossings of that ordering.
pub(crate) fn order(g: &OrderGraph<'_>) -> (Vec<Vec<Entry>>, Cost) {
    // Small graphs (the common case) can afford restarts from different
    // initial orders; the ordering with the fewest crossings wins (ties go to
    // the earlier start, so the result stays deterministic).
    let size = g.rank.len() + g.down.iter().map(Vec::len).sum::<usize>();
    if (g.pinned_only || size > PINNED_ONLY_SIZE) && g.csort_matters() {
        return order_from_pinned(g, 0, true);
    }
    let starts = if size <= RESTART_MAX_SIZE { 3 } else { 1 };
    let mut best: Option<(Vec<Vec<Entry>>, Cost)> = None;
    for start in 0..starts {
        let (layers, c) = order_from(g, start);
        if best.as_ref().is_none_or(|b| c < b.1) {
            best = Some((layers, c));
        }
        if c.is_zero() {
            break;
        }
    }
    let best = best.expect("at least one start");
    // Sibling containers pinned in declaration order win when they cost at
    // most SOURCE_ORDER_SLACK more crossings: hosts then read left to right
    // as written unless the graph really argues otherwise.
    if g.csort_matters() {
        let mut pinned = order_from_pinned(g, 0, true);
        for start in 1..starts {
            if pinned.1.is_zero() {
                break;
            }
            let other = order_from_pinned(g, start, true);
            if other.1 < pinned.1 {
                pinned = other;
            }
        }
        if pinned.1.through <= best.1.through
            && pinned.1.crossings <= best.1.crossings + SOURCE_ORDER_SLACK
        {
            return pinned;
        }
    }
    best
}

/// One run of the ordering heuristic from initial order `start` (0: DFS,
/// 1: DFS visiting neighbours and roots in reverse, 2: input order).
fn order_from(g: &OrderGraph<'_>, start: usize) -> (Vec<Vec<Entry>>, Cost) {
    order_from_pinned(g, start, false)
}

impl OrderGraph<'_> {
    /// Whether some container has a sibling sharing a layer with it, i.e.
    /// whether the order of sibling containers is a choice at all.
    fn csort_matters(&self) -> bool {
        let nc = self.span.len();
        (0..nc).any(|a| {
            (a + 1..nc).any(|b| {
                let (sa, sb) = (self.span[a], self.span[b]);
                self.cparent[a] == self.cparent[b] && sa.0 <= sb.1 && sb.0 <= sa.1
            })
        })
    }
}

/// [`order_from`]; with `pinned`, sibling containers stay in declaration
/// order throughout (only leaves move).
fn order_from_pinned(g: &OrderGraph<'_>, start: usize, pinned: bool) -> (Vec<Vec<Entry>>, Cost) {
    let n = g.rank.len();
    let nc = g.span.len();
    let mut by_parent: Vec<BTreeMap<usize, Vec<usize>>> = vec![BTreeMap::new(); g.nlayers];
    let mut leaf_count = vec![0usize; g.nlayers];
    for v in 0..n {
        let r = g.rank[v];
        by_parent[r]
            .entry(g.parent[v].unwrap_or(nc))
            .or_default()
            .push(v);
        leaf_count[r] += 1;
    }
    let mut st = State {
        g,
        nc,
        layers: vec![Vec::new(); g.nlayers],
        pos: vec![0; n],
        leaf_count,
        csort: vec![Vec::new(); nc + 1],
        ckey: vec![0.0; nc],
        by_parent,
        cacc: vec![(0.0, 0); nc],
        bc: vec![0.0; n],
        buf_a: Vec::new(),
        buf_b: Vec::new(),
        transpose_budget: TRANSPOSE_BUDGET
            .min(200_000 + 20 * (n + g.down.iter().map(Vec::len).sum::<usize>())),
        epos: vec![0; n],
        cpos: vec![(0, 0, usize::MAX); nc],
        stamp: 0,
        segs: Vec::new(),
        trees: (Vec::new(), Vec::new()),
    };
    st.init_order(start, pinned);
    let mut best = st.crossings();
    let mut best_layers = st.layers.clone();
    let mut best_csort = st.csort.clone();
    let mut stall = 0;
    let size = n + g.down.iter().map(Vec::len).sum::<usize>();
    let max_sweeps = (SWEEP_BUDGET / size.max(1)).clamp(4, MAX_SWEEPS);
    for it in 0..max_sweeps {
        if best.is_zero() {
            break;
        }
        st.cacc.iter_mut().for_each(|a| *a = (0.0, 0));
        if it % 2 == 0 {
            for r in 1..g.nlayers {
                st.sweep_layer(r, true, it % 4 == 2);
            }
        } else {
            for r in (0..g.nlayers.saturating_sub(1)).rev() {
                st.sweep_layer(r, false, it % 4 == 3);
            }
        }
        st.transpose_all();
        let mut improved = false;
        let c = st.crossings();
        if c < best {
            best = c;
            best_layers = st.layers.clone();
            best_csort = st.csort.clone();
            improved = true;
        }
        if !pinned && st.resort_containers() {
            st.transpose_all();
            let c = st.crossings();
            if c < best {
                best = c;
                best_layers = st.layers.clone();
                best_csort = st.csort.clone();
                improved = true;
            }
        }
        if improved {
            stall = 0;
        } else {
            stall += 1;
            if stall >= MAX_STALL {
                break;
            }
        }
    }
    // Polish the best ordering: swap adjacent sibling containers, then
    // transpose leaves again.
    st.layers = best_layers;
    st.csort = best_csort;
    st.recompute_pos();
    if !best.is_zero() && !pinned && st.swap_containers() {
        st.transpose_all();
        best = st.crossings();
    }
    if best.through > 0 && st.sift_runs() {
        st.transpose_all();
        best = st.crossings();
    }
    if st.prefer_source_order() {
        best = st.crossings();
    }
    (st.layers, best)
}

impl State<'_> {
    fn pkey(&self, p: Option<usize>) -> usize {
        p.unwrap_or(self.nc)
    }

    /// Initial order: depth-first search from the items sorted by layer
    /// (Gansner et al. 1993, section 3, `init_order`), then grouped into
    /// container blocks.
    fn init_order(&mut self, start: usize, pinned: bool) {
        let g = self.g;
        let n = g.rank.len();
        let mut seen = vec![false; n];
        let mut next = vec![0usize; g.nlayers];
        let mut starts: Vec<usize> = (0..n).collect();
        if start == 1 {
            starts.sort_by_key(|&v| (g.rank[v], std::cmp::Reverse(v)));
        } else {
            starts.sort_by_key(|&v| (g.rank[v], v));
        }
        let mut stack = Vec::new();
        for s in starts {
            if seen[s] {
                continue;
            }
            seen[s] = true;
            stack.push(s);
            while let Some(v) = stack.pop() {
                let r = g.rank[v];
                self.pos[v] = next[r];
                next[r] += 1;
                if start == 2 {
                    continue;
                }
                let nb = &g.down[v];
                for k in 0..nb.len() {
                    let w = if start == 1 {
                        nb[k]
                    } else {
                        nb[nb.len() - 1 - k]
                    };
                    if !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
        }
        // Initial container keys: mean normalised position of their leaves.
        let mut acc = vec![(0.0f64, 0usize); self.nc];
        for v in 0..n {
            let x = self.norm_pos(v);
            let mut p = g.parent[v];
            while let Some(c) = p {
                acc[c].0 += x;
                acc[c].1 += 1;
                p = g.cparent[c];
            }
        }
        for c in 0..self.nc {
            self.ckey[c] = if acc[c].1 > 0 {
                acc[c].0 / acc[c].1 as f64
            } else {
                0.5
            };
            let pk = self.pkey(g.cparent[c]);
            self.csort[pk].push(c);
        }
        if !pinned {
            self.sort_siblings();
        }
        let bc: Vec<f64> = self.pos.iter().map(|&p| p as f64).collect();
        for r in 0..g.nlayers {
            self.rebuild(r, &bc, 1.0, false);
        }
    }

    fn norm_pos(&self, v: usize) -> f64 {
        let len = self.leaf_count[self.g.rank[v]].max(1) as f64;
        (self.pos[v] as f64 + 0.5) / len
    }

    fn sort_siblings(&mut self) -> bool {
        let mut changed = false;
        for list in &mut self.csort {
            let before = list.clone();
            // Stable: ties keep the current order.
            list.sort_by(|&a, &b| self.ckey[a].total_cmp(&self.ckey[b]));
            changed |= *list != before;
        }
        changed
    }

    /// Rebuilds layer `r` from barycenters `bc` (indexed by item).
    fn rebuild(&mut self, r: usize, bc: &[f64], norm: f64, record: bool) {
        let mut out = Vec::with_capacity(self.layers[r].len());
        self.build_block(self.nc, r, bc, norm, record, &mut out);
        let mut i = 0;
        for e in &out {
            if let Entry::Leaf(v) = *e {
                self.pos[v] = i;
                i += 1;
            }
        }
        self.layers[r] = out;
    }

    /// Appends the ordered block of parent key `p` in layer `r` (without its
    /// own borders) to `out`; returns the (sum, count) of member barycenters.
    fn build_block(
        &mut self,
        p: usize,
        r: usize,
        bc: &[f64],
        norm: f64,
        record: bool,
        out: &mut Vec<Entry>,
    ) -> (f64, usize) {
        let mut leaves: Vec<usize> = self.by_parent[r].get(&p).cloned().unwrap_or_default();
        leaves.sort_by(|&a, &b| {
            bc[a]
                .total_cmp(&bc[b])
                .then(self.pos[a].cmp(&self.pos[b]))
                .then(a.cmp(&b))
        });
        let mut sum: f64 = leaves.iter().map(|&v| bc[v]).sum();
        let mut cnt = leaves.len();
        let children: Vec<usize> = self.csort[p]
            .iter()
            .copied()
            .filter(|&c| self.g.span[c].0 <= r && r <= self.g.span[c].1)
            .collect();
        let mut blocks: Vec<(Vec<Entry>, Option<f64>)> = Vec::with_capacity(children.len());
        for &c in &children {
            let mut sub = vec![Entry::Open(c)];
            let (s, k) = self.build_block(c, r, bc, norm, record, &mut sub);
            sub.push(Entry::Close(c));
            sum += s;
            cnt += k;
            let b = (k > 0).then(|| s / k as f64);
            if record {
                if let Some(b) = b {
                    self.cacc[c].0 += b / norm;
                    self.cacc[c].1 += 1;
                }
            }
            blocks.push((sub, b));
        }
        // Merge leaves (sorted by barycenter) with the container blocks (in
        // their fixed global order); a block without barycenter follows the
        // previous block immediately.
        let mut li = 0;
        for (sub, b) in blocks {
            while li < leaves.len() && b.is_some_and(|b| bc[leaves[li]] < b) {
                out.push(Entry::Leaf(leaves[li]));
                li += 1;
            }
            out.extend(sub);
        }
        out.extend(leaves[li..].iter().map(|&v| Entry::Leaf(v)));
        (sum, cnt)
    }

    /// One sweep step: reorder layer `r` by barycenters of its neighbours in
    /// the layer above (`downward`) or below.
    fn sweep_layer(&mut self, r: usize, downward: bool, two_sided: bool) {
        let g = self.g;
        let adj_layer = if downward { r - 1 } else { r + 1 };
        let adj_len = self.leaf_count[adj_layer].max(1) as f64;
        let cur_len = self.leaf_count[r].max(1) as f64;
        let mut bc = std::mem::take(&mut self.bc);
        for e in &self.layers[r] {
            if let Entry::Leaf(v) = *e {
                let nb = if downward { &g.up[v] } else { &g.down[v] };
                let (ups, downs) = (&g.up[v], &g.down[v]);
                bc[v] = if two_sided && ups.len() == 1 && downs.len() == 1 {
                    // A dummy: follow both ends (normalised positions), so
                    // long edges pass beside blocks on the side of both ends.
                    let (u, d) = (ups[0], downs[0]);
                    let nu = (self.pos[u] as f64 + 0.5) / self.leaf_count[r - 1].max(1) as f64;
                    let nd = (self.pos[d] as f64 + 0.5) / self.leaf_count[r + 1].max(1) as f64;
                    (nu + nd) / 2.0 * adj_len - 0.5
                } else if nb.is_empty() {
                    (self.pos[v] as f64 + 0.5) * adj_len / cur_len - 0.5
                } else {
                    nb.iter().map(|&u| self.pos[u] as f64).sum::<f64>() / nb.len() as f64
                };
            }
        }
        self.rebuild(r, &bc, adj_len, true);
        self.bc = bc;
    }

    /// Re-sorts sibling containers by their recorded barycenters and rebuilds
    /// every layer if the order changed.
    fn resort_containers(&mut self) -> bool {
        for c in 0..self.nc {
            let (s, k) = self.cacc[c];
            if k > 0 {
                self.ckey[c] = s / k as f64;
            }
        }
        if !self.sort_siblings() {
            return false;
        }
        let bc: Vec<f64> = self.pos.iter().map(|&p| p as f64).collect();
        for r in 0..self.g.nlayers {
            self.rebuild(r, &bc, 1.0, false);
        }
        true
    }

    fn recompute_pos(&mut self) {
        for layer in &self.layers {
            let mut i = 0;
            for e in layer {
                if let Entry::Leaf(v) = *e {
                    self.pos[v] = i;
                    i += 1;
                }
            }
        }
    }

    /// The [`Cost`] of the layer pairs `(r, r + 1)` for `r` in `lo..hi`. Positions are indices
    /// among a layer's entries, so that a container spanning both layers adds its two sides as
    /// two more segments (left border to left border, right to right).
    fn crossings_between(&mut self, lo: usize, hi: usize) -> Cost {
        let mut total = Cost::default();
        let mut segs = std::mem::take(&mut self.segs);
        let (mut edges, mut sides) = std::mem::take(&mut self.trees);
        for r in lo..hi.min(self.g.nlayers.saturating_sub(1)) {
            self.stamp += 1;
            let stamp = self.stamp;
            for (i, e) in self.layers[r + 1].iter().enumerate() {
                match *e {
                    Entry::Leaf(v) => self.epos[v] = i,
                    Entry::Open(c) => self.cpos[c] = (i, 0, stamp),
                    Entry::Close(c) => self.cpos[c].1 = i,
                }
            }
            segs.clear();
            for (i, e) in self.layers[r].iter().enumerate() {
                match *e {
                    Entry::Leaf(u) => {
                        let start = segs.len();
                        segs.extend(self.g.down[u].iter().map(|&w| (i, self.epos[w], false)));
                        segs[start..].sort_unstable();
                    }
                    Entry::Open(c) if self.cpos[c].2 == stamp => {
                        segs.push((i, self.cpos[c].0, true));
                    }
                    Entry::Close(c) if self.cpos[c].2 == stamp => {
                        segs.push((i, self.cpos[c].1, true));
                    }
                    _ => {}
                }
            }
            let (c, t) = accumulate2(&segs, self.layers[r + 1].len(), &mut edges, &mut sides);
            total.crossings += c;
            total.through += t;
        }
        for &(a, b) in self.g.level {
            let r = self.g.rank[a];
            if lo <= r && r <= hi && r < self.g.nlayers {
                total.through += self.pos[a].abs_diff(self.pos[b]).saturating_sub(1);
            }
        }
        self.segs = segs;
        self.trees = (edges, sides);
        total
    }

    /// Tries swapping each pair of adjacent sibling containers that share a
    /// layer (a block-level `transpose`); keeps swaps that reduce crossings.
    /// Returns whether any swap was kept.
    fn swap_containers(&mut self) -> bool {
        let size = self.g.rank.len() + self.g.down.iter().map(Vec::len).sum::<usize>();
        let mut budget = SWAP_BUDGET.min(100_000 + 10 * size);
        let mut any = false;
        for p in 0..=self.nc {
            let k = self.csort[p].len();
            for i in 0..k.saturating_sub(1) {
                let (a, b) = (self.csort[p][i], self.csort[p][i + 1]);
                let (sa, sb) = (self.g.span[a], self.g.span[b]);
                if sa.1 < sb.0 || sb.1 < sa.0 {
                    continue;
                }
                let (lo, hi) = (sa.0.min(sb.0), sa.1.max(sb.1));
                let cost: usize = (lo.saturating_sub(1)..=(hi + 1).min(self.g.nlayers - 1))
                    .map(|r| self.layers[r].len())
                    .sum::<usize>()
                    * 3;
                if budget < cost {
                    return any;
                }
                budget -= cost;
                let c_lo = lo.saturating_sub(1);
                let before = self.crossings_between(c_lo, hi + 1);
                let saved: Vec<Vec<Entry>> = self.layers[lo..=hi].to_vec();
                self.csort[p].swap(i, i + 1);
                let mut bc = std::mem::take(&mut self.bc);
                for r in lo..=hi {
                    for e in &self.layers[r] {
                        if let Entry::Leaf(v) = *e {
                            bc[v] = self.pos[v] as f64;
                        }
                    }
                    self.rebuild(r, &bc, 1.0, false);
                }
                self.bc = bc;
                let after = self.crossings_between(c_lo, hi + 1);
                if after < before {
                    any = true;
                } else {
                    self.csort[p].swap(i, i + 1);
                    for (r, layer) in (lo..=hi).zip(saved) {
                        let mut i = 0;
                        for e in &layer {
                            if let Entry::Leaf(v) = *e {
                                self.pos[v] = i;
                                i += 1;
                            }
                        }
                        self.layers[r] = layer;
                    }
                }
            }
        }
        any
    }

    /// Tie-break towards source order: swaps adjacent declared nodes of one
    /// block that stand in reverse declaration order whenever the swap adds
    /// no crossing (bubble sort, bounded by the swap budget), so that left to
    /// right reads as declared when nothing argues otherwise. Never increases the crossing count; returns whether
    /// anything moved.
    fn prefer_source_order(&mut self) -> bool {
        let mut any = false;
        let size = self.g.rank.len() + self.g.down.iter().map(Vec::len).sum::<usize>();
        let mut budget = SWAP_BUDGET.min(100_000 + 10 * size);
        for _pass in 0..8 {
            let mut changed = false;
            for r in 0..self.g.nlayers {
                let len = self.layers[r].len();
                for i in 0..len.saturating_sub(1) {
                    let (Entry::Leaf(u), Entry::Leaf(v)) =
                        (self.layers[r][i], self.layers[r][i + 1])
                    else {
                        continue;
                    };
                    if u < v || u >= self.g.real || v >= self.g.real {
                        continue;
                    }
                    let cost = self.g.up[u].len()
                        + self.g.up[v].len()
                        + self.g.down[u].len()
                        + self.g.down[v].len();
                    if budget < cost {
                        return any;
                    }
                    budget -= cost;
                    let (before, after) = self.pair_crossings(u, v);
                    if after <= before {
                        self.layers[r].swap(i, i + 1);
                        self.pos.swap(u, v);
                        changed = true;
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

    /// Crossings between the neighbour lists of `u` and `v` (neighbours on
    /// both sides) with `u` left of `v`, and with `v` left of `u`.
    fn pair_crossings(&mut self, u: usize, v: usize) -> (usize, usize) {
        let (mut uv, mut vu) = (0, 0);
        let mut a = std::mem::take(&mut self.buf_a);
        let mut b = std::mem::take(&mut self.buf_b);
        for side in [&self.g.up, &self.g.down] {
            if side[u].is_empty() || side[v].is_empty() {
                continue;
            }
            a.clear();
            b.clear();
            a.extend(side[u].iter().map(|&x| self.pos[x]));
            b.extend(side[v].iter().map(|&x| self.pos[x]));
            a.sort_unstable();
            b.sort_unstable();
            // uv: pairs (x in a, y in b) with x > y; vu: pairs with x < y.
            let (mut lt, mut le) = (0, 0);
            for &x in a.iter() {
                while lt < b.len() && b[lt] < x {
                    lt += 1;
                }
                if le < lt {
                    le = lt;
                }
                while le < b.len() && b[le] <= x {
                    le += 1;
                }
                uv += lt;
                vu += b.len() - le;
            }
        }
        self.buf_a = a;
        self.buf_b = b;
        (uv, vu)
    }

    /// Gansner et al. 1993 `transpose`: swap adjacent leaves of the same block
    /// while that strictly reduces crossings.
    fn transpose_all(&mut self) {
        for _pass in 0..4 {
            let mut improved = false;
            for r in 0..self.g.nlayers {
                let len = self.layers[r].len();
                for i in 0..len.saturating_sub(1) {
                    let (Entry::Leaf(u), Entry::Leaf(v)) =
                        (self.layers[r][i], self.layers[r][i + 1])
                    else {
                        continue;
                    };
                    let cost = self.g.up[u].len()
                        + self.g.up[v].len()
                        + self.g.down[u].len()
                        + self.g.down[v].len();
                    if self.transpose_budget < cost {
                        return;
                    }
                    self.transpose_budget -= cost;
                    let (before, after) = self.pair_crossings(u, v);
                    if after < before {
                        self.layers[r].swap(i, i + 1);
                        self.pos.swap(u, v);
                        improved = true;
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    fn crossings(&mut self) -> Cost {
        self.crossings_between(0, self.g.nlayers.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests;
