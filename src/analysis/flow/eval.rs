//! The greatest fixpoint of a flow graph by counted deletion, with an undo trail.

use super::*;

use crate::model::ElementId;

/// The serving state of a [`FlowGraph`]: the greatest fixpoint of its gates given the domains
/// and components down, with a trail to undo incremental deletions (see the module
/// documentation).
#[derive(Clone, Debug)]
pub struct Eval {
    /// Whether each node serves.
    pub alive: Vec<bool>,
    /// How many of each node's children serve.
    count: Vec<u32>,
    /// The nodes deleted since the last mark, in order.
    trail: Vec<usize>,
    /// Parents whose count was lowered, for [`Eval::weakened`].
    touched: Vec<usize>,
    /// Nodes visited (work, for budgets).
    pub work: usize,
}

impl Eval {
    /// The fixpoint with the domains in `down_domains` (indexed by domain) and the nodes in
    /// `down_nodes` down.
    pub fn new(g: &FlowGraph, down_domains: &[bool], down_nodes: &[usize]) -> Eval {
        let n = g.len();
        let mut alive: Vec<bool> = g
            .nodes
            .iter()
            .map(|node| node.domains.iter().all(|&d| !down_domains[d]))
            .collect();
        for &v in down_nodes {
            alive[v] = false;
        }
        let count: Vec<u32> = g
            .nodes
            .iter()
            .map(|node| node.children.iter().filter(|&&c| alive[c]).count() as u32)
            .collect();
        let mut e = Eval {
            alive,
            count,
            trail: Vec::new(),
            touched: Vec::new(),
            work: n,
        };
        let failing: Vec<usize> = (0..n).filter(|&v| e.alive[v] && e.fails(g, v)).collect();
        // Dead nodes from the start lower their parents' counts already (counted above), so
        // only the gates that fail now need deleting.
        for v in failing {
            if e.alive[v] {
                e.delete(g, v);
            }
        }
        e.trail.clear();
        e.touched.clear();
        e
    }

    fn fails(&self, g: &FlowGraph, v: usize) -> bool {
        let node = &g.nodes[v];
        match node.gate {
            Gate::And => (self.count[v] as usize) < node.children.len(),
            Gate::Or => self.count[v] == 0,
        }
    }

    /// Deletes `v` and every node that stops serving because of it.
    fn delete(&mut self, g: &FlowGraph, v: usize) {
        let mut stack = vec![v];
        self.alive[v] = false;
        self.trail.push(v);
        while let Some(x) = stack.pop() {
            self.work += 1;
            for &p in &g.parents[x] {
                self.count[p] -= 1;
                self.touched.push(p);
                if self.alive[p] && self.fails(g, p) {
                    self.alive[p] = false;
                    self.trail.push(p);
                    stack.push(p);
                }
            }
        }
    }

    /// Whether the top serves: the flow is served.
    pub fn served(&self) -> bool {
        self.alive[TOP]
    }

    /// A mark of the trail, to undo back to.
    pub fn mark(&self) -> (usize, usize) {
        (self.trail.len(), self.touched.len())
    }

    /// Takes a domain down (incrementally).
    pub fn fail_domain(&mut self, g: &FlowGraph, d: usize) {
        if let Some(nodes) = g.domain_nodes.get(&d) {
            for &v in nodes {
                if self.alive[v] {
                    self.delete(g, v);
                }
            }
        }
    }

    /// Takes one node down (incrementally).
    pub fn fail_node(&mut self, g: &FlowGraph, v: usize) {
        if self.alive[v] {
            self.delete(g, v);
        }
    }

    /// Undoes every deletion since `mark`.
    pub fn undo(&mut self, g: &FlowGraph, mark: (usize, usize)) {
        while self.trail.len() > mark.0 {
            let v = self.trail.pop().expect("above the mark");
            self.alive[v] = true;
            for &p in &g.parents[v] {
                self.count[p] += 1;
            }
        }
        self.touched.truncate(mark.1);
    }

    /// The nodes deleted since `mark`.
    pub fn deleted_since(&self, mark: (usize, usize)) -> &[usize] {
        &self.trail[mark.0..]
    }

    /// The gates that lost a child since `mark` but still serve.
    pub fn weakened(&self, mark: (usize, usize)) -> Vec<usize> {
        let mut w: Vec<usize> = self.touched[mark.1..]
            .iter()
            .copied()
            .filter(|&p| self.alive[p])
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    }

    /// The components of the serving nodes that the top depends on (through serving
    /// children, optional ones included), in source order.
    pub fn used_components(&self, g: &FlowGraph) -> Vec<ElementId> {
        let mut seen = vec![false; g.len()];
        let mut stack = vec![TOP];
        seen[TOP] = true;
        let mut out = Vec::new();
        while let Some(v) = stack.pop() {
            if let Some((c, _)) = g.nodes[v].component {
                out.push(c);
            }
            for &c in g.nodes[v].children.iter().chain(&g.nodes[v].optional) {
                if self.alive[c] && !seen[c] {
                    seen[c] = true;
                    stack.push(c);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether some serving node that the flow uses has lost an optional child that served
    /// in `base`: the flow is degraded.
    pub fn degraded_against(&self, g: &FlowGraph, base: &Eval) -> Vec<usize> {
        let mut out = Vec::new();
        if !self.served() {
            return out;
        }
        let mut seen = vec![false; g.len()];
        let mut stack = vec![TOP];
        seen[TOP] = true;
        while let Some(v) = stack.pop() {
            for &o in &g.nodes[v].optional {
                if base.alive[o] && !self.alive[o] {
                    out.push(o);
                }
            }
            for &c in &g.nodes[v].children {
                if self.alive[c] && !seen[c] {
                    seen[c] = true;
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
