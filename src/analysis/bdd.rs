//! Reduced ordered binary decision diagrams of structure functions, for exact availability.
//!
//! A flow's structure function ([`super::flow::FlowGraph`]) is compiled into a BDD over its
//! failure domains (Bryant, "Graph-based algorithms for Boolean function manipulation", IEEE
//! Trans. Computers C-35(8), 1986), the method of Rauzy ("New algorithms for fault trees
//! analysis", Reliability Engineering & System Safety 40(3), 1993) for fault trees: each gate
//! becomes the AND or OR of its children's diagrams, built bottom-up with a memoised `apply`,
//! and the probability that the top serves is one pass over the diagram, `P(x ? h : l) =
//! p(x)·P(h) + (1 − p(x))·P(l)`. Variables are ordered depth-first, left-most first, from the
//! top (Rauzy's heuristic), with each gate's children's own domains numbered before any of
//! their descendants': the members of a redundant group are neighbours, so a chain of
//! redundant groups (`(a ∨ b) ∧ (c ∨ d) ∧ …`) keeps a diagram linear in its size.
//!
//! Cycles of the graph are solved as the structure function defines them, by the greatest
//! fixpoint: inside a strongly connected component every node starts at the function of its own
//! domains and is narrowed by its gate until no diagram changes (diagrams are canonical, so
//! equality is a comparison of node numbers).
//!
//! The construction gives up (returns `None`) when the diagram would pass [`MAX_NODES`] nodes
//! or [`MAX_STEPS`] steps, or the flow has more than [`MAX_VARIABLES`] undecided domains; the
//! caller then estimates the availability instead.

use rustc_hash::FxHashMap as HashMap;

use super::flow::{FlowGraph, Gate, TOP};

/// The most BDD nodes built for one flow.
pub const MAX_NODES: usize = 2_000_000;
/// The most variables (undecided failure domains) of one flow's diagram.
pub const MAX_VARIABLES: usize = 2_000;

/// The most recursive steps of `apply` (cache misses) one diagram may take: a bound on its
/// time whatever the node count (the greatest fixpoint of a large cycle of alternatives may
/// take many rounds over few nodes). Generated designs of 1,000 components take under 50,000.
pub const MAX_STEPS: usize = 1_000_000;

const FALSE: u32 = 0;
const TRUE: u32 = 1;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    And,
    Or,
}

/// A BDD manager: nodes `(variable, low, high)`, the two terminals first.
struct Manager {
    nodes: Vec<(u32, u32, u32)>,
    unique: HashMap<(u32, u32, u32), u32>,
    cache: HashMap<(Op, u32, u32), u32>,
    /// Recursive `apply` steps taken (cache misses), bounded by [`MAX_STEPS`].
    steps: usize,
}

impl Manager {
    fn new() -> Manager {
        Manager {
            // Terminals carry the variable `u32::MAX`: below every variable.
            nodes: vec![(u32::MAX, 0, 0), (u32::MAX, 1, 1)],
            unique: HashMap::default(),
            cache: HashMap::default(),
            steps: 0,
        }
    }

    fn mk(&mut self, var: u32, low: u32, high: u32) -> Option<u32> {
        if low == high {
            return Some(low);
        }
        if let Some(&n) = self.unique.get(&(var, low, high)) {
            return Some(n);
        }
        if self.nodes.len() >= MAX_NODES {
            return None;
        }
        let n = self.nodes.len() as u32;
        self.nodes.push((var, low, high));
        self.unique.insert((var, low, high), n);
        Some(n)
    }

    fn apply(&mut self, op: Op, a: u32, b: u32) -> Option<u32> {
        match (op, a, b) {
            (Op::And, FALSE, _) | (Op::And, _, FALSE) => return Some(FALSE),
            (Op::And, TRUE, x) | (Op::And, x, TRUE) => return Some(x),
            (Op::Or, TRUE, _) | (Op::Or, _, TRUE) => return Some(TRUE),
            (Op::Or, FALSE, x) | (Op::Or, x, FALSE) => return Some(x),
            _ if a == b => return Some(a),
            _ => {}
        }
        let key = (op, a.min(b), a.max(b));
        if let Some(&r) = self.cache.get(&key) {
            return Some(r);
        }
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return None;
        }
        let (va, la, ha) = self.nodes[a as usize];
        let (vb, lb, hb) = self.nodes[b as usize];
        let var = va.min(vb);
        let (a0, a1) = if va == var { (la, ha) } else { (a, a) };
        let (b0, b1) = if vb == var { (lb, hb) } else { (b, b) };
        let low = self.apply(op, a0, b0)?;
        let high = self.apply(op, a1, b1)?;
        let r = self.mk(var, low, high)?;
        self.cache.insert(key, r);
        Some(r)
    }

    fn fold(&mut self, op: Op, items: impl IntoIterator<Item = u32>) -> Option<u32> {
        let mut acc = if op == Op::And { TRUE } else { FALSE };
        for x in items {
            acc = self.apply(op, acc, x)?;
        }
        Some(acc)
    }

    /// The probability that the function is true, each variable `v` true with `p[v]`.
    fn probability(&self, root: u32, p: &[f64]) -> f64 {
        let mut prob = vec![f64::NAN; self.nodes.len()];
        prob[FALSE as usize] = 0.0;
        prob[TRUE as usize] = 1.0;
        // Children have smaller numbers than their parents: one pass in order.
        for n in 2..=root.max(1) as usize {
            let (v, l, h) = self.nodes[n];
            let pv = p[v as usize];
            prob[n] = pv * prob[h as usize] + (1.0 - pv) * prob[l as usize];
        }
        prob[root as usize]
    }
}

/// The exact probability that the top of `g` serves, each failure domain `d` up with
/// probability `p[d]`; domains marked in `down` are down, and so are the nodes in
/// `down_nodes`. `None` when the diagram would be too large (see the module documentation).
pub fn availability(g: &FlowGraph, p: &[f64], down: &[bool], down_nodes: &[usize]) -> Option<f64> {
    // Variables: the undecided domains, depth-first and left-most first from the top.
    let mut var_of: Vec<Option<u32>> = vec![None; p.len()];
    let mut var_p: Vec<f64> = Vec::new();
    let mut seen = vec![false; g.len()];
    let mut stack = vec![TOP];
    while let Some(v) = stack.pop() {
        if seen[v] {
            continue;
        }
        seen[v] = true;
        // The node's own domains, then its children's, before any grandchild's: the members
        // of a group get neighbouring variables, so `(a ∨ b) ∧ rest` stays linear.
        for &x in std::iter::once(&v).chain(&g.nodes[v].children) {
            for &d in &g.nodes[x].domains {
                if var_of[d].is_none() && !down[d] && p[d] > 0.0 && p[d] < 1.0 {
                    var_of[d] = Some(var_p.len() as u32);
                    var_p.push(p[d]);
                }
            }
        }
        for &c in g.nodes[v].children.iter().rev() {
            if !seen[c] {
                stack.push(c);
            }
        }
    }
    if var_p.len() > MAX_VARIABLES {
        return None;
    }
    let mut m = Manager::new();
    let mut is_down = vec![false; g.len()];
    for &v in down_nodes {
        is_down[v] = true;
    }
    // The function of a node's own domains.
    let mut own = vec![TRUE; g.len()];
    for v in 0..g.len() {
        if is_down[v] {
            own[v] = FALSE;
            continue;
        }
        let mut f = TRUE;
        for &d in &g.nodes[v].domains {
            let x = if down[d] || p[d] <= 0.0 {
                FALSE
            } else {
                match var_of[d] {
                    Some(x) => m.mk(x, FALSE, TRUE)?,
                    None => TRUE,
                }
            };
            f = m.apply(Op::And, f, x)?;
        }
        own[v] = f;
    }
    let mut f = vec![FALSE; g.len()];
    for scc in sccs(g) {
        let cyclic = scc.len() > 1 || g.nodes[scc[0]].children.contains(&scc[0]);
        if !cyclic {
            let v = scc[0];
            f[v] = gate(&mut m, g, v, own[v], &f)?;
            continue;
        }
        // Greatest fixpoint: start from the nodes' own domains, narrow until stable.
        for &v in &scc {
            f[v] = own[v];
        }
        let mut rounds = 0;
        loop {
            let mut changed = false;
            for &v in &scc {
                let next = gate(&mut m, g, v, own[v], &f)?;
                if next != f[v] {
                    f[v] = next;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
            rounds += 1;
            if rounds > 4 * scc.len() + 64 {
                return None;
            }
        }
    }
    Some(m.probability(f[TOP], &var_p))
}

fn gate(m: &mut Manager, g: &FlowGraph, v: usize, own: u32, f: &[u32]) -> Option<u32> {
    if own == FALSE {
        return Some(FALSE);
    }
    let node = &g.nodes[v];
    let children = node.children.iter().map(|&c| f[c]);
    let inner = match node.gate {
        Gate::And => m.fold(Op::And, children)?,
        Gate::Or => m.fold(Op::Or, children)?,
    };
    m.apply(Op::And, own, inner)
}

/// The strongly connected components of the graph along `children`, children's components
/// before their parents' (Tarjan, "Depth-first search and linear graph algorithms", SIAM J.
/// Computing 1(2), 1972), computed without recursion.
fn sccs(g: &FlowGraph) -> Vec<Vec<usize>> {
    let n = g.len();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next child position)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(&c) = g.nodes[v].children.get(*i) {
                *i += 1;
                if index[c] == UNSEEN {
                    index[c] = next;
                    low[c] = next;
                    next += 1;
                    stack.push(c);
                    on_stack[c] = true;
                    work.push((c, 0));
                } else if on_stack[c] {
                    low[v] = low[v].min(index[c]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}
