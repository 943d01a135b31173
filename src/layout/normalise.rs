//! Step 1, *normalise*: the input made safe to lay out.
//!
//! Sizes that are negative, zero or not finite become 0; parent indices out of
//! range become `None`, and a cycle of container parents is cut where it
//! closes; self-loops are set apart (they are drawn beside their node, not
//! ranked); every container without a member gets an invisible placeholder of
//! [`EMPTY_CONTAINER_SIZE`] so that it still has a body. Breadth and depth are
//! the box's extents across and along the flow, so the later steps only ever
//! lay out [`Direction::Down`](super::Direction::Down).
//!
//! The step's counterpart in dagre is the input sanitising done at the start
//! of `runLayout`; ELK Layered's is the import of the graph into `LGraph`.

use super::{Direction, LayoutInput, EMPTY_CONTAINER_SIZE};

/// The cleaned input. Indices are those of the [`LayoutInput`].
pub(crate) struct Clean {
    /// Whether the flow goes down (no transposition needed).
    pub down: bool,
    /// Per node: (breadth, depth), SVG user units, finite and non-negative.
    pub size: Vec<(f64, f64)>,
    /// Per node: its innermost container.
    pub nparent: Vec<Option<usize>>,
    /// Per container: its parent container (acyclic).
    pub cparent: Vec<Option<usize>>,
    /// Per container: nesting depth (0 at the top level).
    pub cdepth: Vec<usize>,
    /// Per node: its self-loops (edge indices, input order).
    pub loops: Vec<Vec<usize>>,
    /// Edges between two different valid nodes (edge indices, input order),
    /// but for the level ones.
    pub edges: Vec<usize>,
    /// Edges drawn level, their two ends in one tier (edge indices, input
    /// order): they are not ranked nor ordered, but drawn straight across
    /// from one end to the other.
    pub level: Vec<usize>,
    /// Containers without any member: placeholder `k` is vertex `n + k` and
    /// sits in container `phantoms[k]`.
    pub phantoms: Vec<usize>,
}

impl Clean {
    /// Number of rankable vertices: nodes, then placeholders.
    pub fn vertices(&self) -> usize {
        self.size.len() + self.phantoms.len()
    }

    /// Innermost container of vertex `v` (node or placeholder).
    pub fn vparent(&self, v: usize) -> Option<usize> {
        let n = self.size.len();
        if v < n {
            self.nparent[v]
        } else {
            Some(self.phantoms[v - n])
        }
    }

    /// The top-level container that holds vertex `v`, if any.
    pub fn outermost(&self, v: usize) -> Option<usize> {
        let mut c = self.vparent(v)?;
        while let Some(p) = self.cparent[c] {
            c = p;
        }
        Some(c)
    }

    /// Whether container `c` holds vertex `v`, directly or through nested containers.
    pub fn holds(&self, c: usize, v: usize) -> bool {
        let mut p = self.vparent(v);
        while let Some(q) = p {
            if q == c {
                return true;
            }
            p = self.cparent[q];
        }
        false
    }

    /// (breadth, depth) of vertex `v` (node or placeholder).
    pub fn vsize(&self, v: usize) -> (f64, f64) {
        self.size
            .get(v)
            .copied()
            .unwrap_or((EMPTY_CONTAINER_SIZE, EMPTY_CONTAINER_SIZE))
    }

    /// Lowest common container of `a` and `b` (`None`: the top level).
    pub fn lca(&self, a: Option<usize>, b: Option<usize>) -> Option<usize> {
        let (mut a, mut b) = (a, b);
        loop {
            match (a, b) {
                (Some(x), Some(y)) if x == y => return a,
                (Some(x), Some(y)) => {
                    if self.cdepth[x] >= self.cdepth[y] {
                        a = self.cparent[x];
                    } else {
                        b = self.cparent[y];
                    }
                }
                _ => return None,
            }
        }
    }
}

/// A finite, non-negative size (anything else is 0).
pub(crate) fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// (breadth, depth) of a `w` x `h` box for the flow direction.
pub(crate) fn breadth_depth(down: bool, w: f64, h: f64) -> (f64, f64) {
    if down {
        (clean(w), clean(h))
    } else {
        (clean(h), clean(w))
    }
}

/// Parents of the containers with out-of-range indices dropped and every
/// cycle of parents cut at the container that closes it.
pub(crate) fn container_parents(cs: &[super::ContainerSpec]) -> Vec<Option<usize>> {
    let nc = cs.len();
    let mut parent: Vec<Option<usize>> = cs.iter().map(|c| c.parent.filter(|&p| p < nc)).collect();
    for c in 0..nc {
        let mut p = parent[c];
        let mut steps = 0;
        while let Some(q) = p {
            if q == c || steps > nc {
                parent[c] = None;
                break;
            }
            steps += 1;
            p = parent[q];
        }
    }
    parent
}

/// Runs the step.
#[cfg(test)]
pub(crate) fn run(input: &LayoutInput) -> Clean {
    run_level(input, &[])
}

/// [`run`], with the edges `level` (indices into the input's edges) set
/// apart to be drawn level; those that are not between two different valid
/// nodes are ignored.
pub(crate) fn run_level(input: &LayoutInput, level: &[usize]) -> Clean {
    let n = input.nodes.len();
    let nc = input.containers.len();
    let down = input.direction == Direction::Down;
    let cparent = container_parents(&input.containers);
    let nparent: Vec<Option<usize>> = input
        .nodes
        .iter()
        .map(|nd| nd.parent.filter(|&p| p < nc))
        .collect();
    let mut cdepth = vec![0usize; nc];
    for c in 0..nc {
        let mut p = cparent[c];
        while let Some(q) = p {
            cdepth[c] += 1;
            p = cparent[q];
        }
    }
    let mut loops: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut edges = Vec::new();
    let mut flat = Vec::new();
    let mut is_level = vec![false; input.edges.len()];
    for &i in level.iter().filter(|&&i| i < input.edges.len()) {
        is_level[i] = true;
    }
    for (i, e) in input.edges.iter().enumerate() {
        if e.from >= n || e.to >= n {
            continue;
        }
        if e.from == e.to {
            loops[e.from].push(i);
        } else if is_level[i] {
            flat.push(i);
        } else {
            edges.push(i);
        }
    }
    let mut has_member = vec![false; nc];
    for p in nparent.iter().chain(cparent.iter()).flatten() {
        has_member[*p] = true;
    }
    let phantoms = (0..nc).filter(|&c| !has_member[c]).collect();
    Clean {
        down,
        size: input
            .nodes
            .iter()
            .map(|nd| breadth_depth(down, nd.width, nd.height))
            .collect(),
        nparent,
        cparent,
        cdepth,
        loops,
        edges,
        level: flat,
        phantoms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{ContainerSpec, EdgeSpec, NodeSpec};

    fn container(parent: Option<usize>) -> ContainerSpec {
        ContainerSpec {
            id: "c".into(),
            kind: "host".into(),
            label_width: 10.0,
            label_height: 10.0,
            parent,
        }
    }

    #[test]
    fn bad_parents_sizes_and_edges_are_cleaned() {
        let input = LayoutInput {
            direction: Direction::Right,
            nodes: vec![
                NodeSpec {
                    id: "a".into(),
                    width: f64::NAN,
                    height: 20.0,
                    parent: Some(7),
                },
                NodeSpec {
                    id: "b".into(),
                    width: 30.0,
                    height: -1.0,
                    parent: Some(0),
                },
            ],
            // 0 and 1 are each other's parent (cut at 0); 1 and 2 are empty.
            containers: vec![container(Some(1)), container(Some(0)), container(None)],
            edges: vec![
                EdgeSpec::new(0, 0),
                EdgeSpec::new(0, 1),
                EdgeSpec::new(0, 9),
            ],
            ..LayoutInput::default()
        };
        let c = run(&input);
        assert!(!c.down);
        assert_eq!(c.size, vec![(20.0, 0.0), (0.0, 30.0)]);
        assert_eq!(c.nparent, vec![None, Some(0)]);
        assert_eq!(c.cparent.iter().filter(|p| p.is_none()).count(), 2);
        assert_eq!(c.loops[0], vec![0]);
        assert_eq!(c.edges, vec![1]);
        // 1 keeps its parent 0 and has no member, nor has 2.
        assert_eq!(c.phantoms, vec![1, 2]);
        assert_eq!(c.vparent(3), Some(2));
        assert_eq!(c.lca(Some(0), Some(1)), c.lca(Some(1), Some(0)));
    }
}
