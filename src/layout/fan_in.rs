//! Ranking constraints that keep a fan-in clear of containers: a store that three or more
//! sibling containers use is ranked below all of them (see [`fan_ins`]).

use std::collections::BTreeMap;

use super::normalise::Clean;

/// Sources a fan-in needs before its target is ranked below them (see [`fan_ins`]).
const FAN_IN_SOURCES: usize = 3;

/// Ranking constraints that keep fan-ins clear of containers: `(u, v, minlen)` over the
/// vertex classes `class`, with vertices from `class.len()` on standing for the bottom of a
/// container (each member of the container at most as low as it, minlen 0).
///
/// Let an edge run from a member of container `A` to `X`, where `A` and `X` are different
/// children of the edge's ends' lowest common container (`X` a container or the lower end
/// itself). When three or more such containers send edges to one `X`, no left-to-right order
/// puts every one of them beside `X`; if `X` shared a tier with them, the edges of all but two
/// would run through a neighbour in the gap above `X`. `X` is then ranked below the bottom of
/// each of them (minlen 1 from the container's bottom to each member of `X`), as a hand-drawn
/// tier of data stores sits below the row of servers that use it. Constraints that would close
/// a cycle with the edges (`X` reaches back into one of its sources) are dropped, found as the
/// strongly connected components of the constrained graph (Tarjan 1972, through `petgraph`).
/// Linear in the vertices times the nesting depth plus the edges and constraints.
pub(crate) fn fan_ins(
    clean: &Clean,
    oriented: &[(usize, usize)],
    class: &[usize],
    fixed: &[(usize, usize, i64)],
    first_free: usize,
) -> Vec<(usize, usize, i64)> {
    let nv = class.len();
    // The child of container `p` (None: the top level) that holds vertex `v`, as a container,
    // or None when `v` sits directly in `p`.
    let under = |v: usize, p: Option<usize>| -> Option<usize> {
        let mut c = clean.vparent(v);
        while let Some(x) = c {
            if clean.cparent[x] == p {
                return Some(x);
            }
            c = clean.cparent[x];
        }
        None
    };
    // Targets (a container, or a vertex as `nc + v`) and the containers sending to them.
    let nc = clean.cparent.len();
    let mut sources: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &(u, v) in oriented {
        let p = clean.lca(clean.vparent(u), clean.vparent(v));
        let (Some(a), x) = (under(u, p), under(v, p)) else {
            continue;
        };
        let x = x.unwrap_or(nc + v);
        if x != a {
            sources.entry(x).or_default().push(a);
        }
    }
    sources.retain(|_, a| {
        a.sort_unstable();
        a.dedup();
        a.len() >= FAN_IN_SOURCES
    });
    if sources.is_empty() {
        return Vec::new();
    }
    // Members (vertices) of every container that takes part.
    let mut wanted = vec![false; nc];
    for (&x, a) in &sources {
        if x < nc {
            wanted[x] = true;
        }
        a.iter().for_each(|&c| wanted[c] = true);
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); nc];
    for v in 0..nv {
        let mut c = clean.vparent(v);
        while let Some(x) = c {
            if wanted[x] {
                members[x].push(class[v]);
            }
            c = clean.cparent[x];
        }
    }
    let mut bottom = vec![usize::MAX; nc];
    let mut out = Vec::new();
    let mut next = first_free.max(nv);
    for (&x, a) in &sources {
        let targets: Vec<usize> = if x < nc {
            members[x].clone()
        } else {
            vec![class[x - nc]]
        };
        for &c in a {
            if bottom[c] == usize::MAX {
                bottom[c] = next;
                next += 1;
                out.extend(members[c].iter().map(|&m| (m, bottom[c], 0)));
            }
            out.extend(targets.iter().map(|&t| (bottom[c], t, 1)));
        }
    }
    // Drop the constraints inside a strongly connected component of edges plus constraints.
    let coriented: Vec<(usize, usize)> = oriented
        .iter()
        .map(|&(u, v)| (class[u], class[v]))
        .collect();
    let all: Vec<(usize, usize, i64)> = out.iter().chain(fixed).copied().collect();
    let graph = digraph(next, &coriented, &all);
    let mut component = vec![0usize; next];
    for (i, scc) in petgraph::algo::tarjan_scc(&graph).iter().enumerate() {
        for n in scc {
            component[n.index()] = i;
        }
    }
    out.retain(|&(u, v, minlen)| minlen == 0 || component[u] != component[v]);
    out
}

/// The graph on `n` vertices of `edges` and the `constraints` (`(u, v, minlen)`), for cycle
/// and component tests (`petgraph`).
pub(crate) fn digraph(
    n: usize,
    edges: &[(usize, usize)],
    constraints: &[(usize, usize, i64)],
) -> petgraph::graph::DiGraph<(), ()> {
    let mut graph = petgraph::graph::DiGraph::with_capacity(n, edges.len() + constraints.len());
    for _ in 0..n {
        graph.add_node(());
    }
    let ix = petgraph::graph::NodeIndex::new;
    for &(u, v) in edges {
        graph.add_edge(ix(u), ix(v), ());
    }
    for &(u, v, _) in constraints {
        graph.add_edge(ix(u), ix(v), ());
    }
    graph
}
