//! Single points of failure of a flow (cut sets of order one) and double points of failure
//! (minimal cut sets of order two) across flows.

use super::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::ElementId;

/// The single points of failure of one flow.
#[derive(Clone, Debug, Default)]
pub struct Cuts {
    /// Whether the flow is served at all.
    pub works: bool,
    /// The domains whose loss alone stops the flow: for each, the components of the domain
    /// that served and the starts (indices into [`FlowGraph::starts`]) it cuts off.
    pub units: BTreeMap<usize, Cut>,
    /// Every component one copy of which stops the flow alone (without the rest of its
    /// domain): a single instance of its tier.
    pub components: Vec<ElementId>,
    /// The optional dependencies whose loss degrades the flow: (the component that uses it,
    /// the node of the dependency).
    pub optional: Vec<(ElementId, usize)>,
}

/// What one single point of failure stops.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cut {
    /// The components of the domain that served the flow.
    pub components: Vec<ElementId>,
    /// The starts it cuts off (indices into [`FlowGraph::starts`]).
    pub starts: Vec<usize>,
    /// For a zone: the failure domains in it through which it stops the flow (each one,
    /// spared alone, would keep the flow going), in order.
    pub domains: Vec<usize>,
}

/// Computes the single points of failure of a flow from its serving state `base` (which is
/// left as it was).
pub fn cuts(g: &FlowGraph, domains: &Domains, base: &mut Eval) -> Cuts {
    let mut out = Cuts {
        works: base.served() && !g.is_empty(),
        ..Cuts::default()
    };
    if !out.works {
        return out;
    }
    for (&d, nodes) in &g.domain_nodes {
        if !domains.list[d].can_fail || !nodes.iter().any(|&v| base.alive[v]) {
            continue;
        }
        let mark = base.mark();
        base.fail_domain(g, d);
        if !base.served() {
            let mut lost: Vec<ElementId> = nodes
                .iter()
                .filter(|&&v| !base.alive[v])
                .filter_map(|&v| g.nodes[v].component.map(|(c, _)| c))
                .collect();
            lost.sort();
            lost.dedup();
            let starts = g.nodes[TOP]
                .children
                .iter()
                .enumerate()
                .filter(|&(_, &s)| !base.alive[s])
                .map(|(i, _)| i)
                .collect();
            base.undo(g, mark);
            // The components through which the domain stops the flow: those of its
            // components whose loss alone (in this domain) stops it, or every one it takes
            // down when none does alone.
            let through: Vec<ElementId> = lost
                .iter()
                .copied()
                .filter(|&c| {
                    let m = base.mark();
                    for &v in nodes {
                        if g.nodes[v].component.is_some_and(|(x, _)| x == c) {
                            base.fail_node(g, v);
                        }
                    }
                    let stops = !base.served();
                    base.undo(g, m);
                    stops
                })
                .collect();
            // For a zone: the failure domains in it that the flow needs, each of which, spared
            // alone, would keep the flow going.
            let mut domains_in = Vec::new();
            if domains.list[d].kind == DomainKind::Zone {
                let mut by_sub: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
                for &v in nodes {
                    if let Some(&sub) = g.nodes[v]
                        .domains
                        .iter()
                        .find(|&&x| x != d && domains.list[x].kind != DomainKind::Zone)
                    {
                        by_sub.entry(sub).or_default().push(v);
                    }
                }
                for (&sub, spared) in &by_sub {
                    let m = base.mark();
                    for &v in nodes {
                        if !spared.contains(&v) {
                            base.fail_node(g, v);
                        }
                    }
                    if base.served() {
                        domains_in.push(sub);
                    }
                    base.undo(g, m);
                }
            }
            out.units.insert(
                d,
                Cut {
                    components: if through.is_empty() { lost } else { through },
                    starts,
                    domains: domains_in,
                },
            );
            continue;
        }
        base.undo(g, mark);
    }
    // Components one copy of which is a single point of failure by itself.
    let mut comps: BTreeSet<ElementId> = BTreeSet::new();
    for v in 1..g.len() {
        let Some((c, copy)) = g.nodes[v].component else {
            continue;
        };
        if copy != 0 || !base.alive[v] || g.nodes[v].domains.is_empty() {
            continue;
        }
        if !g.nodes[v].domains.iter().any(|&d| domains.list[d].can_fail) {
            continue;
        }
        let mark = base.mark();
        base.fail_node(g, v);
        if !base.served() {
            comps.insert(c);
        }
        base.undo(g, mark);
    }
    out.components = comps.into_iter().collect();
    for v in 1..g.len() {
        if let Some((c, _)) = g.nodes[v].component {
            if base.alive[v] {
                for &o in &g.nodes[v].optional {
                    if !out.optional.iter().any(|&(oc, on)| oc == c && on == o) {
                        out.optional.push((c, o));
                    }
                }
            }
        }
    }
    out
}

/// A pair of failure domains whose joint loss stops flows that neither stops alone: a minimal
/// cut set of order two.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The two domains (indices into [`Domains::list`]), in order.
    pub units: [usize; 2],
    /// The flows the pair stops.
    pub flows: Vec<FlowId>,
}

/// The pair search stops once it has visited this many nodes over all flows; the review says
/// when it stopped early. Far above what designs people draw need.
pub const PAIR_WORK_BUDGET: usize = 4_000_000;

/// Finds every minimal cut set of order two of each flow, exactly, within
/// [`PAIR_WORK_BUDGET`].
///
/// Method: if `{x, y}` stops a flow that neither stops alone, the first gate whose deletion
/// needs both losses has lost a child to each, so it is *weakened* (a child lost, the gate
/// still serving) by `x` alone and by `y` alone. So the partners of `x` are searched only
/// among the domains that weaken a gate `x` weakens, each tried with `x` down. Returns the
/// pairs in order of their domains and whether the search was complete.
pub fn pairs(flows: &mut [(&FlowGraph, &Cuts, &mut Eval)], domains: &Domains) -> (Vec<Pair>, bool) {
    let mut found: BTreeMap<[usize; 2], Vec<FlowId>> = BTreeMap::new();
    let mut complete = true;
    let mut work = 0usize;
    'flows: for (g, cuts, base) in flows.iter_mut() {
        if !cuts.works {
            continue;
        }
        let candidates: Vec<usize> = g
            .domain_nodes
            .iter()
            .filter(|(&d, nodes)| {
                domains.list[d].can_fail
                    && !cuts.units.contains_key(&d)
                    && nodes.iter().any(|&v| base.alive[v])
            })
            .map(|(&d, _)| d)
            .collect();
        // What each domain weakens alone.
        let mut weak: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut by_gate: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &d in &candidates {
            let mark = base.mark();
            let before = base.work;
            base.fail_domain(g, d);
            let w = base.weakened(mark);
            base.undo(g, mark);
            work += base.work - before + w.len();
            for &gate in &w {
                by_gate.entry(gate).or_default().push(d);
            }
            weak.insert(d, w);
            if work > PAIR_WORK_BUDGET {
                complete = false;
                break 'flows;
            }
        }
        for &x in &candidates {
            let mut partners: Vec<usize> = weak[&x]
                .iter()
                .flat_map(|gate| by_gate[gate].iter().copied())
                .filter(|&y| y > x)
                .collect();
            partners.sort_unstable();
            partners.dedup();
            if partners.is_empty() {
                continue;
            }
            let mx = base.mark();
            let before = base.work;
            base.fail_domain(g, x);
            for y in partners {
                let my = base.mark();
                base.fail_domain(g, y);
                if !base.served() {
                    let e = found.entry([x, y]).or_default();
                    if !e.contains(&g.flow) {
                        e.push(g.flow);
                    }
                }
                base.undo(g, my);
            }
            base.undo(g, mx);
            work += base.work - before;
            if work > PAIR_WORK_BUDGET {
                complete = false;
                break 'flows;
            }
        }
    }
    (
        found
            .into_iter()
            .map(|(units, flows)| Pair { units, flows })
            .collect(),
        complete,
    )
}
