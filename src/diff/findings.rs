//! What became of each finding from one design to the next.
//!
//! Findings are paired through the element [`Matching`], in three steps, each one-to-one and
//! in review order:
//!
//! 1. **The same finding**: the same rule on the same element, or on its renamed or moved
//!    counterpart. A finding's element is its first element (where it points) or, when that
//!    one is gone, its first component: a single point of failure names its host first and the
//!    component second, and a component may change hosts. The pair is *worsened* when the
//!    severity rose, or stayed and the finding now affects more flows; *improved* in the
//!    opposite case; *still open* otherwise.
//! 2. **Moved**: the same rule on another element, when the two findings still share an element
//!    (`no-https` between the same client and, now, the load balancer instead of the web
//!    server).
//! 3. What is left of the old design is *gone with the elements that were removed* when at
//!    least half of the components it names (or of its elements, when it names no component)
//!    were removed: the finding went with them. Otherwise it is *fixed*: most of what it was
//!    about is still there, and changed. What is left of the new design is *introduced*.
//!
//! The flows a finding affects are, for a rule of the single-points-of-failure group, those
//! whose availability making its first element redundant would raise (the failure domain's
//! gain); otherwise, and when there is no gain, those whose paths pass through one of its
//! elements or through a component inside one.

use std::collections::BTreeMap;

use super::Matching;
use crate::analysis::rules::{self, Group};
use crate::analysis::{Finding, Review};
use crate::model::{ElementId, Kind, Model};

/// What became of a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// The new design has a finding of the same rule on the same element, more severe or
    /// affecting more flows.
    Worsened,
    /// A new finding with no counterpart.
    Introduced,
    /// The same rule on another element that shares an element with the old one.
    Moved,
    /// The same finding, less severe or affecting fewer flows.
    Improved,
    /// An old finding with no counterpart, whose elements are mostly still there.
    Fixed,
    /// An old finding with no counterpart, gone because its elements were removed.
    Gone,
    /// The same finding, unchanged in severity and flows.
    Open,
}

/// One finding's fate: the old finding, the new one, or both (indices into the reviews'
/// `findings`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingChange {
    /// What became of it.
    pub verdict: Verdict,
    /// The finding in the old review, when it was there.
    pub old: Option<usize>,
    /// The finding in the new review, when it is there.
    pub new: Option<usize>,
    /// The names of the flows it affected and affects (by [`FlowId::name`]), in report order.
    pub flows: (Vec<String>, Vec<String>),
    /// For [`Verdict::Gone`]: the finding's components (or elements, when it names no
    /// component) that were removed, in its order.
    pub removed: Vec<ElementId>,
}

/// The element a finding is about: its first element, and its first component.
fn anchors(m: &Model, f: &Finding) -> [Option<ElementId>; 2] {
    let first = f.elements.first().copied();
    let component = f
        .elements
        .iter()
        .copied()
        .find(|&e| matches!(m.element(e).kind, Kind::Component(_)));
    [first, component]
}

/// What [`affected`] needs of one review, indexed by [`ElementId`]: the flows through each
/// element (a component on a flow's paths, or a container around one; indices into
/// `review.flows`) and the gain of each failure domain (an index into the availability's
/// `gains`).
struct Reach {
    through: Vec<Vec<usize>>,
    gain: Vec<Option<usize>>,
}

impl Reach {
    fn new(m: &Model, r: &Review) -> Reach {
        let mut through: Vec<Vec<usize>> = vec![Vec::new(); m.elements.len()];
        for (i, s) in r.flows.iter().enumerate() {
            for &c in &s.components {
                for e in std::iter::once(c).chain(m.ancestors(c)) {
                    if through[e.0].last() != Some(&i) {
                        through[e.0].push(i);
                    }
                }
            }
        }
        let mut gain = vec![None; m.elements.len()];
        if let Some(a) = &r.availability {
            for (i, g) in a.gains.iter().enumerate() {
                gain[g.element.0].get_or_insert(i);
            }
        }
        Reach { through, gain }
    }
}

/// The names of the flows a finding affects (see the module documentation), in report order.
fn affected(m: &Model, r: &Review, reach: &Reach, f: &Finding) -> Vec<String> {
    let failure = rules::rule(f.rule).is_some_and(|i| i.group == Group::SinglePointsOfFailure);
    let gain = f.elements.first().and_then(|e| reach.gain[e.0]);
    if let (true, Some(a), Some(i)) = (failure, &r.availability, gain) {
        let flows: Vec<String> = a.gains[i]
            .flows
            .iter()
            .filter(|(_, v)| *v > 0.0)
            .map(|&(fl, _)| fl.name(m))
            .collect();
        if !flows.is_empty() {
            return flows;
        }
    }
    let mut idx: Vec<usize> = f
        .elements
        .iter()
        .flat_map(|e| reach.through[e.0].iter().copied())
        .collect();
    idx.sort();
    idx.dedup();
    idx.into_iter().map(|i| r.flows[i].name.clone()).collect()
}

/// Classifies every finding of the two reviews (see the module documentation): one entry per
/// old finding and per new finding not paired with one, old findings first in review order,
/// then the introduced ones. `O((f + e) log f)` for `f` findings of `e` elements in all.
pub fn classify(
    old: (&Model, &Review),
    new: (&Model, &Review),
    matching: &Matching,
) -> Vec<FindingChange> {
    let (om, or) = old;
    let (nm, nr) = new;
    let (old_reach, new_reach) = (Reach::new(om, or), Reach::new(nm, nr));
    let old_flows = |f: &Finding| affected(om, or, &old_reach, f);
    let new_flows = |g: &Finding| affected(nm, nr, &new_reach, g);
    let mut used = vec![false; nr.findings.len()];
    let mut paired: Vec<Option<(usize, Verdict)>> = vec![None; or.findings.len()];

    // 1. The same rule on the same element.
    let mut by_anchor: BTreeMap<(&str, ElementId), Vec<usize>> = BTreeMap::new();
    for (i, g) in nr.findings.iter().enumerate() {
        for a in anchors(nm, g).into_iter().flatten() {
            let list = by_anchor.entry((g.rule, a)).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    for (i, f) in or.findings.iter().enumerate() {
        let found = anchors(om, f)
            .into_iter()
            .flatten()
            .filter_map(|a| matching.new_of(a))
            .find_map(|a| {
                by_anchor
                    .get(&(f.rule, a))
                    .and_then(|l| l.iter().copied().find(|&j| !used[j]))
            });
        if let Some(j) = found {
            used[j] = true;
            let g = &nr.findings[j];
            let (before, after) = (old_flows(f).len(), new_flows(g).len());
            let verdict = match (g.severity.cmp(&f.severity), after.cmp(&before)) {
                (std::cmp::Ordering::Less, _) => Verdict::Worsened,
                (std::cmp::Ordering::Greater, _) => Verdict::Improved,
                (_, std::cmp::Ordering::Greater) => Verdict::Worsened,
                (_, std::cmp::Ordering::Less) => Verdict::Improved,
                _ => Verdict::Open,
            };
            paired[i] = Some((j, verdict));
        }
    }

    // 2. The same rule on another element, sharing one.
    let mut by_element: BTreeMap<(&str, ElementId), Vec<usize>> = BTreeMap::new();
    for (j, g) in nr.findings.iter().enumerate().filter(|(j, _)| !used[*j]) {
        for &e in &g.elements {
            let list = by_element.entry((g.rule, e)).or_default();
            if list.last() != Some(&j) {
                list.push(j);
            }
        }
    }
    for (i, f) in or.findings.iter().enumerate() {
        if paired[i].is_some() {
            continue;
        }
        let found = f
            .elements
            .iter()
            .filter_map(|&e| matching.new_of(e))
            .find_map(|e| {
                by_element
                    .get(&(f.rule, e))
                    .and_then(|l| l.iter().copied().find(|&j| !used[j]))
            });
        if let Some(j) = found {
            used[j] = true;
            paired[i] = Some((j, Verdict::Moved));
        }
    }

    // 3. The rest: fixed, gone with the removed elements, introduced.
    let mut out = Vec::new();
    for (i, f) in or.findings.iter().enumerate() {
        let before = old_flows(f);
        match paired[i] {
            Some((j, verdict)) => out.push(FindingChange {
                verdict,
                old: Some(i),
                new: Some(j),
                flows: (before, new_flows(&nr.findings[j])),
                removed: Vec::new(),
            }),
            None => {
                let components: Vec<ElementId> = f
                    .elements
                    .iter()
                    .copied()
                    .filter(|&e| matches!(om.element(e).kind, Kind::Component(_)))
                    .collect();
                let counted = if components.is_empty() {
                    &f.elements
                } else {
                    &components
                };
                let removed: Vec<ElementId> = counted
                    .iter()
                    .copied()
                    .filter(|&e| matching.new_of(e).is_none())
                    .collect();
                let gone = !counted.is_empty() && 2 * removed.len() >= counted.len();
                out.push(FindingChange {
                    verdict: if gone { Verdict::Gone } else { Verdict::Fixed },
                    old: Some(i),
                    new: None,
                    flows: (before, Vec::new()),
                    removed: if gone { removed } else { Vec::new() },
                });
            }
        }
    }
    for (j, g) in nr.findings.iter().enumerate() {
        if !used[j] {
            out.push(FindingChange {
                verdict: Verdict::Introduced,
                old: None,
                new: Some(j),
                flows: (Vec::new(), new_flows(g)),
                removed: Vec::new(),
            });
        }
    }
    out
}
