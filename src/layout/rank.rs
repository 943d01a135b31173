//! Layer assignment (ranking) by network simplex.
//!
//! E. R. Gansner, E. Koutsofios, S. C. North and K.-P. Vo, "A technique for
//! drawing directed graphs", IEEE TSE 19(3), 1993, section 2: minimise
//! `sum w(e) * (rank(head) - rank(tail))` subject to
//! `rank(head) - rank(tail) >= minlen(e)`. The initial ranking is a longest
//! path ranking pulled towards the successors (every vertex as low as its
//! successors allow), then the paper's `feasible_tree` and the pivoting loop
//! (`leave_edge`, `enter_edge`, `update` with cut values and low/lim
//! numbering, then `normalize`).
//!
//! Edge weights (the paper's ω) decay with depth: an edge whose tail is `k`
//! longest-path levels below the sources weighs `3^(8 - min(k, 8))` (times its
//! multiplicity). The upper tiers of the request path therefore stay tight
//! and aligned (two web servers fed by one load balancer share a tier even if
//! one of them fans out to deep back ends), while deeper parts and sources
//! that only feed deep vertices absorb the slack.
//!
//! To stay near-linear on large inputs every phase shares a work budget; when
//! it runs out the current ranking, which is always feasible, is kept.

use std::collections::BTreeMap;

use super::normalise::Clean;
use super::{acyclic, fan_in, wrap, LayoutInput};

/// Result of the ranking step.
pub(crate) struct Ranking {
    /// Per edge of [`Clean::edges`]: whether it was reversed to break a cycle.
    pub reversed: Vec<bool>,
    /// Per edge of [`Clean::edges`]: (upper, lower) vertex after reversal.
    pub oriented: Vec<(usize, usize)>,
    /// Layer of every vertex (nodes, then placeholders).
    pub ranks: Vec<usize>,
    /// Whether some edge has a label: every rank is then doubled, so that
    /// labels get a layer of their own between two tiers.
    pub label_mode: bool,
    /// Number of layers.
    pub nlayers: usize,
    /// Rows the top-level containers were wrapped into (0: not wrapped; see [`wrap::rows`]).
    pub rows: usize,
    /// Per container: its row when wrapped (top-level containers only; empty when not).
    pub row_of: Vec<Option<usize>>,
}

/// The representative of every vertex after contracting the `same` pairs
/// (out-of-range pairs ignored). Pairs touching an edge whose two ends would
/// fall into one class are dropped, and if that still leaves such an edge no
/// pair is kept, so every edge spans at least one layer.
fn same_rank_classes(nv: usize, same: &[(usize, usize)], edges: &[(usize, usize)]) -> Vec<usize> {
    fn find(p: &mut [usize], mut v: usize) -> usize {
        while p[v] != v {
            p[v] = p[p[v]];
            v = p[v];
        }
        v
    }
    let classes = |skip: &[bool]| -> Vec<usize> {
        let mut p: Vec<usize> = (0..nv).collect();
        for &(a, b) in same {
            if a < nv && b < nv && !skip[a] && !skip[b] {
                let (ra, rb) = (find(&mut p, a), find(&mut p, b));
                // The smaller index represents, so the result is order-free.
                let (lo, hi) = (ra.min(rb), ra.max(rb));
                p[hi] = lo;
            }
        }
        (0..nv).map(|v| find(&mut p, v)).collect()
    };
    let mut skip = vec![false; nv];
    for _ in 0..2 {
        let class = classes(&skip);
        let mut clash = false;
        for &(u, v) in edges {
            if u != v && class[u] == class[v] {
                skip[u] = true;
                skip[v] = true;
                clash = true;
            }
        }
        if !clash {
            return class;
        }
    }
    (0..nv).collect()
}

/// Step 2, *rank*: breaks cycles ([`acyclic::feedback_arcs`]), ranks the
/// vertices by network simplex ([`rank`]) and doubles the ranks when labels
/// need layers of their own. Containers do not affect ranks, so tiers line up
/// across containers.
#[cfg(test)]
pub(crate) fn run(input: &LayoutInput, clean: &Clean) -> Ranking {
    run_wrapped(input, clean, None)
}

/// [`run`], with the top-level containers wrapped into `rows` rows when given (and when there
/// are enough of them), instead of as many as [`wrap::rows`] estimates.
pub(crate) fn run_wrapped(input: &LayoutInput, clean: &Clean, rows: Option<usize>) -> Ranking {
    let first = run_in_rows(input, clean, &[]).expect("one row closes no cycle");
    wrap::rows(clean, &first, rows)
        .and_then(|rows| run_in_rows(input, clean, &rows))
        .unwrap_or(first)
}

/// [`run`] with the top-level containers wrapped into `rows` (empty: one row): each row's
/// members are ranked below the lowest member of the row before (through one extra vertex per
/// row, as in [`fan_in::fan_ins`]), edges between rows point down the rows, and tier-sharing pairs
/// whose ends are in different rows are dropped. `None` when the rows would close a cycle with
/// the edges (an edge from a later row to an earlier one through a node outside every row).
fn run_in_rows(input: &LayoutInput, clean: &Clean, rows: &[Option<usize>]) -> Option<Ranking> {
    let nv = clean.vertices();
    let row_of = |v: usize| rows.get(clean.outermost(v)?).copied().flatten();
    let pairs: Vec<(usize, usize)> = clean
        .edges
        .iter()
        .map(|&i| (input.edges[i].from, input.edges[i].to))
        .collect();
    // Vertices to share a tier are contracted into one (Gansner et al. 1993,
    // section 2: dot's `rank=same` sets), then cycles are broken and ranks
    // assigned on the contracted graph.
    // A level edge's two ends are one more such pair.
    let mut same = input.same_rank.clone();
    same.extend(
        clean
            .level
            .iter()
            .map(|&i| (input.edges[i].from, input.edges[i].to)),
    );
    same.retain(|&(a, b)| a >= nv || b >= nv || row_of(a) == row_of(b) || rows.is_empty());
    let class = same_rank_classes(nv, &same, &pairs);
    let cpairs: Vec<(usize, usize)> = pairs.iter().map(|&(u, v)| (class[u], class[v])).collect();
    let mut reversed = acyclic::feedback_arcs(nv, &cpairs);
    for (k, &(u, v)) in pairs.iter().enumerate() {
        if let (Some(a), Some(b)) = (row_of(u), row_of(v)) {
            if a != b {
                reversed[k] = a > b;
            }
        }
    }
    let oriented: Vec<(usize, usize)> = pairs
        .iter()
        .zip(&reversed)
        .map(|(&(u, v), &r)| if r { (v, u) } else { (u, v) })
        .collect();
    let coriented: Vec<(usize, usize)> = oriented
        .iter()
        .map(|&(u, v)| (class[u], class[v]))
        .collect();
    let count = rows.iter().flatten().max().map_or(0, |&r| r + 1);
    let mut wrap: Vec<(usize, usize, i64)> = Vec::new();
    for v in 0..nv {
        if let Some(r) = row_of(v) {
            if r + 1 < count {
                wrap.push((class[v], nv + r, 0));
            }
            if r > 0 {
                wrap.push((nv + r - 1, class[v], 1));
            }
        }
    }
    if !wrap.is_empty() {
        let graph = fan_in::digraph(nv + count, &coriented, &wrap);
        if petgraph::algo::is_cyclic_directed(&graph) {
            return None;
        }
    }
    let mut below = fan_in::fan_ins(clean, &oriented, &class, &wrap, nv + count);
    below.extend(wrap);
    let crank = rank_with(nv, &coriented, &below);
    let mut ranks: Vec<usize> = (0..nv).map(|v| crank[class[v]] as usize).collect();
    let label_mode = clean.edges.iter().any(|&i| input.edges[i].label.is_some());
    if label_mode {
        ranks.iter_mut().for_each(|r| *r *= 2);
    }
    let nlayers = ranks.iter().copied().max().unwrap_or(0) + 1;
    Some(Ranking {
        reversed,
        oriented,
        ranks,
        label_mode,
        nlayers,
        rows: count,
        row_of: rows.to_vec(),
    })
}

/// Work units (edge/vertex visits) the simplex may spend per graph, on top
/// of a budget proportional to the graph size.
const BASE_BUDGET: usize = 1_000_000;

struct Edge {
    u: usize,
    v: usize,
    w: i64,
    minlen: i64,
}

/// Ranks the vertices of the acyclic graph `edges` (all `u -> v`, `u != v`,
/// minimum length 1, weight 1 per parallel edge). Every weakly connected
/// component gets its own normalised ranking starting at 0.
#[cfg(test)]
pub(crate) fn rank(n: usize, edges: &[(usize, usize)]) -> Vec<i64> {
    rank_with(n, edges, &[])
}

/// [`rank`] with constraints `(u, v, minlen)` that weigh nothing: `rank(v) - rank(u) >=
/// minlen`. Vertices from `n` on appear only in constraints; their ranks are not returned.
/// The constrained graph must be acyclic.
fn rank_with(n: usize, edges: &[(usize, usize)], constraints: &[(usize, usize, i64)]) -> Vec<i64> {
    let total = constraints
        .iter()
        .map(|&(u, v, _)| u.max(v) + 1)
        .max()
        .unwrap_or(0)
        .max(n);
    // Merge parallel edges: the network simplex below needs a simple graph.
    let mut merged: BTreeMap<(usize, usize), (i64, i64)> = BTreeMap::new();
    for &(u, v) in edges {
        if u != v {
            merged.entry((u, v)).or_insert((1, 0)).1 += 1;
        }
    }
    for &(u, v, minlen) in constraints {
        if u != v {
            let m = merged.entry((u, v)).or_insert((minlen, 0));
            m.0 = m.0.max(minlen);
        }
    }
    let real = n;
    let n = total;
    let (comps, comp_edges) = components(n, &merged);
    let mut budget = BASE_BUDGET + 10 * (n + edges.len());
    let mut ranks = vec![0i64; n];
    for (ci, comp) in comps.iter().enumerate() {
        let r = rank_component(comp.len(), &comp_edges[ci], &mut budget);
        for (i, &v) in comp.iter().enumerate() {
            ranks[v] = r[i];
        }
    }
    ranks.truncate(real);
    ranks
}

fn rank_component(n: usize, edges: &[Edge], budget: &mut usize) -> Vec<i64> {
    if n == 1 {
        return vec![0];
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for (i, e) in edges.iter().enumerate() {
        out[e.u].push(i);
        inc[e.u].push(i);
        inc[e.v].push(i);
        indeg[e.v] += 1;
    }
    // Topological order (Kahn).
    let mut topo = Vec::with_capacity(n);
    let mut stack: Vec<usize> = (0..n).rev().filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = stack.pop() {
        topo.push(v);
        for &e in &out[v] {
            let w = edges[e].v;
            indeg[w] -= 1;
            if indeg[w] == 0 {
                stack.push(w);
            }
        }
    }
    debug_assert_eq!(topo.len(), n, "ranking input must be acyclic");
    // Longest-path level from the sources, for the depth-decaying weights.
    let mut level = vec![0usize; n];
    for &v in &topo {
        for &e in &out[v] {
            let w = edges[e].v;
            if edges[e].w > 0 {
                level[w] = level[w].max(level[v] + 1);
            }
        }
    }
    let weighted: Vec<Edge> = edges
        .iter()
        .map(|e| Edge {
            u: e.u,
            v: e.v,
            w: e.w * 3i64.pow(8 - level[e.u].min(8) as u32),
            minlen: e.minlen,
        })
        .collect();
    let edges = &weighted[..];
    // Longest path from the sinks: each vertex as low as possible.
    let mut rank = vec![0i64; n];
    for &v in topo.iter().rev() {
        let mut r: Option<i64> = None;
        for &e in &out[v] {
            let c = rank[edges[e].v] - edges[e].minlen;
            r = Some(r.map_or(c, |x: i64| x.min(c)));
        }
        rank[v] = r.unwrap_or(0);
    }
    let (mut rank, _) = solve(n, edges, &inc, rank, budget);
    let min = rank.iter().copied().min().unwrap_or(0);
    for r in &mut rank {
        *r -= min;
    }
    rank
}

/// Runs the simplex on one connected component from the feasible `init`.
fn solve(
    n: usize,
    edges: &[Edge],
    inc: &[Vec<usize>],
    init: Vec<i64>,
    budget: &mut usize,
) -> (Vec<i64>, bool) {
    let mut ns = Simplex {
        n,
        edges,
        inc,
        rank: init,
        tree: vec![false; edges.len()],
        parent_edge: vec![usize::MAX; n],
        low: vec![0; n],
        lim: vec![0; n],
        cut: vec![0; edges.len()],
    };
    let done = ns.feasible_tree(budget) && ns.optimise(budget);
    (ns.rank, done)
}

/// Splits the simple graph `merged` (`(u, v)` → `(minlen, weight)`) on `n` vertices into its
/// weakly connected components (union-find): the vertices of each component in increasing
/// order, and its edges renumbered to indices within the component.
fn components(
    n: usize,
    merged: &BTreeMap<(usize, usize), (i64, i64)>,
) -> (Vec<Vec<usize>>, Vec<Vec<Edge>>) {
    let mut uf: Vec<usize> = (0..n).collect();
    fn find(uf: &mut [usize], mut x: usize) -> usize {
        while uf[x] != x {
            uf[x] = uf[uf[x]];
            x = uf[x];
        }
        x
    }
    for &(u, v) in merged.keys() {
        let (a, b) = (find(&mut uf, u), find(&mut uf, v));
        if a != b {
            uf[a.max(b)] = a.min(b);
        }
    }
    let mut comp_of = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    let mut local = vec![0usize; n];
    for v in 0..n {
        let r = find(&mut uf, v);
        if comp_of[r] == usize::MAX {
            comp_of[r] = comps.len();
            comps.push(Vec::new());
        }
        comp_of[v] = comp_of[r];
        local[v] = comps[comp_of[v]].len();
        comps[comp_of[v]].push(v);
    }
    let mut comp_edges: Vec<Vec<Edge>> = (0..comps.len()).map(|_| Vec::new()).collect();
    for (&(u, v), &(minlen, w)) in merged {
        comp_edges[comp_of[u]].push(Edge {
            u: local[u],
            v: local[v],
            w,
            minlen,
        });
    }
    (comps, comp_edges)
}

/// General network simplex: minimises `sum w * (x[v] - x[u])` subject to
/// `x[v] - x[u] >= minlen` for every `(u, v, minlen, w)` of an acyclic graph,
/// starting from the feasible `init`. Parallel edges are merged. Each weakly
/// connected component keeps its minimum value from `init`. Spends at most
/// about `budget` edge visits and returns the best feasible values found, and whether they
/// are optimal (the budget did not run out first).
pub(crate) fn simplex(
    n: usize,
    edges: &[(usize, usize, i64, i64)],
    init: &[i64],
    budget: usize,
) -> (Vec<i64>, bool) {
    let mut merged: BTreeMap<(usize, usize), (i64, i64)> = BTreeMap::new();
    for &(u, v, minlen, w) in edges {
        let m = merged.entry((u, v)).or_insert((minlen, 0));
        m.0 = m.0.max(minlen);
        m.1 += w;
    }
    let (comps, comp_edges) = components(n, &merged);
    let mut budget = budget;
    let mut optimal = true;
    let mut out = init.to_vec();
    for (ci, comp) in comps.iter().enumerate() {
        if comp.len() == 1 {
            continue;
        }
        let cn = comp.len();
        let mut inc: Vec<Vec<usize>> = vec![Vec::new(); cn];
        for (i, e) in comp_edges[ci].iter().enumerate() {
            inc[e.u].push(i);
            inc[e.v].push(i);
        }
        let start: Vec<i64> = comp.iter().map(|&v| init[v]).collect();
        let min0 = start.iter().copied().min().unwrap_or(0);
        let (res, done) = solve(cn, &comp_edges[ci], &inc, start, &mut budget);
        optimal &= done;
        let min1 = res.iter().copied().min().unwrap_or(0);
        for (i, &v) in comp.iter().enumerate() {
            out[v] = res[i] - min1 + min0;
        }
    }
    (out, optimal)
}

struct Simplex<'a> {
    n: usize,
    edges: &'a [Edge],
    inc: &'a [Vec<usize>],
    rank: Vec<i64>,
    tree: Vec<bool>,
    parent_edge: Vec<usize>,
    low: Vec<usize>,
    lim: Vec<usize>,
    cut: Vec<i64>,
}

impl Simplex<'_> {
    fn slack(&self, e: usize) -> i64 {
        let e = &self.edges[e];
        self.rank[e.v] - self.rank[e.u] - e.minlen
    }

    fn charge(&self, budget: &mut usize) -> bool {
        let cost = 2 * self.n + 4 * self.edges.len();
        if *budget < cost {
            return false;
        }
        *budget -= cost;
        true
    }

    /// Section 2, `feasible_tree`: grow a tree of tight edges; while it does
    /// not span the graph, shift it by the minimum slack of an incident edge.
    /// Returns false when the budget ran out (ranks stay feasible).
    fn feasible_tree(&mut self, budget: &mut usize) -> bool {
        loop {
            if !self.charge(budget) {
                return false;
            }
            // Tight tree from vertex 0 (DFS over tight edges).
            self.tree.iter_mut().for_each(|t| *t = false);
            let mut in_tree = vec![false; self.n];
            in_tree[0] = true;
            let mut size = 1;
            let mut stack = vec![0usize];
            while let Some(v) = stack.pop() {
                for &e in &self.inc[v] {
                    let ed = &self.edges[e];
                    let w = if ed.u == v { ed.v } else { ed.u };
                    if !in_tree[w] && self.slack(e) == 0 {
                        in_tree[w] = true;
                        self.tree[e] = true;
                        size += 1;
                        stack.push(w);
                    }
                }
            }
            if size == self.n {
                return true;
            }
            let mut best: Option<(i64, usize)> = None;
            for (i, ed) in self.edges.iter().enumerate() {
                if in_tree[ed.u] != in_tree[ed.v] {
                    let s = self.slack(i);
                    if best.is_none_or(|(bs, _)| s < bs) {
                        best = Some((s, i));
                    }
                }
            }
            let (s, e) = best.expect("component is connected");
            let delta = if in_tree[self.edges[e].u] { s } else { -s };
            for v in 0..self.n {
                if in_tree[v] {
                    self.rank[v] += delta;
                }
            }
        }
    }

    /// Low/lim postorder numbering and parent edges of the tree rooted at 0.
    fn init_low_lim(&mut self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.n);
        let mut visited = vec![false; self.n];
        let mut next = 1usize;
        // Iterative DFS: (vertex, next incidence index).
        let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
        visited[0] = true;
        self.parent_edge[0] = usize::MAX;
        self.low[0] = next;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if *i < self.inc[v].len() {
                let e = self.inc[v][*i];
                *i += 1;
                if !self.tree[e] {
                    continue;
                }
                let ed = &self.edges[e];
                let w = if ed.u == v { ed.v } else { ed.u };
                if visited[w] {
                    continue;
                }
                visited[w] = true;
                self.parent_edge[w] = e;
                self.low[w] = next;
                stack.push((w, 0));
            } else {
                self.lim[v] = next;
                next += 1;
                order.push(v);
                stack.pop();
            }
        }
        order
    }

    /// Cut value of the tree edge joining `child` to its parent, from the cut
    /// values of the child's own tree edges (section 2, computed bottom-up).
    fn calc_cut(&self, child: usize) -> i64 {
        let pe = self.parent_edge[child];
        let child_is_tail = self.edges[pe].u == child;
        let mut cut = self.edges[pe].w;
        for &e in &self.inc[child] {
            if e == pe {
                continue;
            }
            let ed = &self.edges[e];
            let is_out = ed.u == child;
            let points_to_head = is_out == child_is_tail;
            cut += if points_to_head { ed.w } else { -ed.w };
            if self.tree[e] {
                cut += if points_to_head {
                    -self.cut[e]
                } else {
                    self.cut[e]
                };
            }
        }
        cut
    }

    fn init_cut_values(&mut self, postorder: &[usize]) {
        for &v in postorder {
            if self.parent_edge[v] != usize::MAX {
                let c = self.calc_cut(v);
                self.cut[self.parent_edge[v]] = c;
            }
        }
    }

    fn is_descendant(&self, v: usize, root: usize) -> bool {
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    /// Section 2 (`leave_edge`, `enter_edge`, `update`): pivot while a tree edge has a negative
    /// cut value. Returns false when the budget ran out first.
    fn optimise(&mut self, budget: &mut usize) -> bool {
        loop {
            if !self.charge(budget) {
                return false;
            }
            let postorder = self.init_low_lim();
            self.init_cut_values(&postorder);
            // Preorder rank update from the root (tree edges are tight).
            let mut pre = postorder;
            pre.reverse();
            for &v in &pre {
                let pe = self.parent_edge[v];
                if pe == usize::MAX {
                    continue;
                }
                let ed = &self.edges[pe];
                self.rank[v] = if ed.u == v {
                    self.rank[ed.v] - ed.minlen
                } else {
                    self.rank[ed.u] + ed.minlen
                };
            }
            let Some(leave) = (0..self.edges.len()).find(|&e| self.tree[e] && self.cut[e] < 0)
            else {
                return true;
            };
            // enter_edge: the non-tree edge of minimum slack from the head
            // component to the tail component of `leave`.
            let (mut tail, mut head) = (self.edges[leave].u, self.edges[leave].v);
            let mut flip = false;
            if self.lim[tail] > self.lim[head] {
                std::mem::swap(&mut tail, &mut head);
                flip = true;
            }
            let sub = tail;
            let mut best: Option<(i64, usize)> = None;
            for (i, ed) in self.edges.iter().enumerate() {
                if flip == self.is_descendant(ed.u, sub) && flip != self.is_descendant(ed.v, sub) {
                    let s = self.slack(i);
                    if best.is_none_or(|(bs, _)| s < bs) {
                        best = Some((s, i));
                    }
                }
            }
            let Some((_, enter)) = best else {
                return true;
            };
            self.tree[leave] = false;
            self.tree[enter] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total_length(edges: &[(usize, usize)], r: &[i64]) -> i64 {
        edges.iter().map(|&(u, v)| r[v] - r[u]).sum()
    }

    #[test]
    fn ranks_are_feasible_and_tight() {
        // a->b->c->d and a->d: longest path gives d at 3.
        let edges = [(0, 1), (1, 2), (2, 3), (0, 3)];
        let r = rank(4, &edges);
        assert_eq!(r, vec![0, 1, 2, 3]);
        // Source with one long edge should be pulled next to its successor.
        let edges = [(0, 1), (1, 2), (2, 3), (4, 3)];
        let r = rank(5, &edges);
        assert_eq!(r[4], 2);
    }

    #[test]
    fn simplex_improves_on_the_initial_ranking() {
        // The initial ranking puts every sink on the bottom rank; the simplex
        // must pull sink 4 up next to its only predecessor.
        let edges = [(0, 1), (1, 2), (2, 3), (0, 4)];
        let r = rank(5, &edges);
        assert_eq!(r, vec![0, 1, 2, 3, 1]);
        assert_eq!(total_length(&edges, &r), 4);
    }

    #[test]
    fn sibling_tiers_stay_aligned() {
        // lb(0) -> web1(1), web2(2); web1 -> api1(3) -> queue(4) -> worker(5)
        // -> pg(6); web2 -> api2(7) -> pg, redis(8). Unit weights would pull
        // web2/api2 down towards pg; the request tiers must stay aligned.
        let edges = [
            (0, 1),
            (0, 2),
            (1, 3),
            (3, 4),
            (4, 5),
            (5, 6),
            (2, 7),
            (7, 6),
            (7, 8),
        ];
        let r = rank(9, &edges);
        assert_eq!(r[1], r[2]);
        assert_eq!(r[3], r[7]);
        for &(u, v) in &edges {
            assert!(r[v] > r[u]);
        }
    }

    #[test]
    fn general_simplex_pulls_ends_together_within_separations() {
        // a(0) < b(1) < c(2) with separations 5; segment vertex k(3) joins a
        // and c with weight 1 (cost |a - c|); an isolated vertex 4 stays put.
        let edges = [(0, 1, 5, 0), (1, 2, 5, 0), (3, 0, 0, 1), (3, 2, 0, 1)];
        let init = [0, 100, 200, 0, 42];
        let x = simplex(5, &edges, &init, 1_000_000).0;
        assert_eq!(x[2] - x[0], 10);
        assert!(x[1] - x[0] >= 5 && x[2] - x[1] >= 5);
        assert_eq!(x.iter().take(4).min(), Some(&0));
        assert_eq!(x[4], 42);
        // No budget: the feasible start comes back unchanged.
        assert_eq!(simplex(5, &edges, &init, 0), (init.to_vec(), false));
    }

    #[test]
    fn components_each_start_at_zero() {
        let edges = [(0, 1), (2, 3), (3, 4)];
        let r = rank(6, &edges);
        assert_eq!(r, vec![0, 1, 0, 1, 2, 0]);
    }
}
