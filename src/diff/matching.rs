//! Which element of the new design is which element of the old one: a similarity-scored,
//! one-to-one matching that sees through renames and moves.
//!
//! The method is that of UMLDiff (Xing and Stroulia, *UMLDiff: an algorithm for
//! object-oriented design differencing*, ASE 2005, §3): elements whose identity is certain are
//! paired first, then the remaining ones are scored on their names and on their structure
//! against the pairs already made, and every pair that wins clearly is kept; each new pair makes
//! the structure of its neighbours comparable, so the scoring runs again until nothing changes
//! (the propagation of similarity flooding, Melnik, Garcia-Molina and Rahm, ICDE 2002).
//!
//! 1. **Identity.** An element keeps its identity when its identifier and kind are unchanged.
//! 2. **Candidates.** An unpaired old element is compared only with unpaired new elements of
//!    its kind that share something with it: the label, the identifier's stem (`db-1` and `db`
//!    share `db`), the counterpart of its container, a neighbour of the counterpart of one of
//!    its neighbours, or, for a container, the container of a counterpart of one of its
//!    members; or with every one when its kind has at most [`CANDIDATES`] unpaired elements.
//!    At most [`CANDIDATES`] elements are taken from each of these, so the work is linear in
//!    the size of the designs. A host's firewall or monitoring agent is compared only with the
//!    agents of the counterpart of its host: it belongs to its host.
//! 3. **Score.** The sum of: the label (1 when equal, else the Sørensen–Dice similarity of the
//!    two, weight 0.25); the identifier (1 when the stems are equal, else half the normalised
//!    Levenshtein similarity, weight 0.2); the container (its counterpart is the new element's
//!    container, or both are at the top level; one half when both containers are still
//!    unpaired; weight 0.15); the structure (the Jaccard index of the links' other ends, by
//!    direction, through the pairs made so far, an unpaired end on each side counting as half
//!    a common one, for a component; of the members for a container; one half when neither has
//!    any, weight 0.3); the role of a
//!    stateful component (+0.1 equal, +0.05 `standalone` and `primary`, −0.2 a replica against
//!    anything else); and `software` (+0.05 equal, −0.05 different, when both set it).
//! 4. **Rounds.** A pair is kept when its score is at least [`THRESHOLD`] and beats every other
//!    candidate of both its elements by [`MARGIN`]. When a round keeps none, the best remaining
//!    pairs above the threshold are kept greedily, ties going to source order. Rounds stop when
//!    a round keeps nothing, or after [`ROUNDS`]. A round scores again only the elements next to
//!    a pair just made, or whose candidates are on or next to one: the others' scores cannot
//!    have changed.
//!
//! Everything left is added (in the new design) or removed (from the old one).

use std::collections::BTreeMap;

use crate::model::{ComponentKind, ElementId, Kind, Model, Role};

/// The most candidates taken from each source of step 2, and the size of a kind below which
/// every unpaired element of it is a candidate.
pub const CANDIDATES: usize = 16;
/// The lowest score at which two elements are the same element (a score is at most 1.05).
pub const THRESHOLD: f64 = 0.45;
/// How much a pair must beat the other candidates of both its elements to be kept in a round.
pub const MARGIN: f64 = 0.05;
/// The most rounds of scoring.
pub const ROUNDS: usize = 32;
/// The most links' ends compared per element (the first ones in element order).
const NEIGHBOURS: usize = 256;

/// How the elements of two designs correspond.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matching {
    /// `(old, new)` pairs, in the new design's source order.
    pub pairs: Vec<(ElementId, ElementId)>,
    /// Elements of the new design with no counterpart, in source order.
    pub added: Vec<ElementId>,
    /// Elements of the old design with no counterpart, in source order.
    pub removed: Vec<ElementId>,
    to_new: Vec<Option<ElementId>>,
    to_old: Vec<Option<ElementId>>,
}

impl Matching {
    /// The new counterpart of an old element (constant time).
    pub fn new_of(&self, old: ElementId) -> Option<ElementId> {
        self.to_new.get(old.0).copied().flatten()
    }

    /// The old counterpart of a new element (constant time).
    pub fn old_of(&self, new: ElementId) -> Option<ElementId> {
        self.to_old.get(new.0).copied().flatten()
    }
}

/// Whether a component is its host's own firewall or monitoring agent.
pub(crate) fn is_agent(m: &Model, id: ElementId) -> bool {
    matches!(
        m.element(id).component_kind(),
        Some(ComponentKind::Firewall | ComponentKind::Monitoring)
    ) && m.host_of(id).is_some()
}

/// The identifier without a trailing copy number: `db-1` → `db`, `web01` → `web`,
/// `fw-lb-2` → `fw-lb`.
fn stem(id: &str) -> &str {
    let s = id.trim_end_matches(|c: char| c.is_ascii_digit());
    let s = s.trim_end_matches(['-', '_', '.']);
    if s.is_empty() {
        id
    } else {
        s
    }
}

/// What the scoring needs of one design, computed once.
struct Side<'m> {
    m: &'m Model,
    /// The other ends of each element's links, every one, each once.
    all_ends: Vec<Vec<ElementId>>,
    /// The other ends of each element's links, tagged by direction (0 out, 1 in), sorted.
    ends: Vec<Vec<(u8, ElementId)>>,
    /// The members (components other than agents) of each container, sorted (tagged 0, as
    /// the ends are).
    members: Vec<Vec<(u8, ElementId)>>,
    agent: Vec<bool>,
}

impl<'m> Side<'m> {
    fn new(m: &'m Model) -> Side<'m> {
        let n = m.elements.len();
        let mut ends: Vec<Vec<(u8, ElementId)>> = vec![Vec::new(); n];
        for l in &m.links {
            ends[l.from.0].push((0, l.to));
            ends[l.to.0].push((1, l.from));
        }
        let mut all_ends: Vec<Vec<ElementId>> = Vec::with_capacity(n);
        for e in &mut ends {
            e.sort();
            e.dedup();
            let mut all: Vec<ElementId> = e.iter().map(|&(_, x)| x).collect();
            all.sort();
            all.dedup();
            all_ends.push(all);
            e.truncate(NEIGHBOURS);
        }
        let agent: Vec<bool> = m.ids().map(|id| is_agent(m, id)).collect();
        let mut members: Vec<Vec<(u8, ElementId)>> = vec![Vec::new(); n];
        for c in m.components().filter(|c| !agent[c.0]) {
            for a in m.ancestors(c) {
                if members[a.0].len() < NEIGHBOURS {
                    members[a.0].push((0, c));
                }
            }
        }
        Side {
            m,
            all_ends,
            ends,
            members,
            agent,
        }
    }
}

impl Side<'_> {
    /// The elements whose scores depend on whether `e` is paired: the other ends of its links,
    /// its children and the containers around it.
    fn around(&self, e: ElementId) -> impl Iterator<Item = ElementId> + '_ {
        self.all_ends[e.0]
            .iter()
            .copied()
            .chain(self.m.element(e).children.iter().copied())
            .chain(self.m.ancestors(e))
    }
}

/// The Jaccard index of two sets of links' ends, the first mapped through the pairs made so
/// far, where an unpaired end on each side (in the same direction) counts as half a common
/// end: they may yet be paired. `None` when both are empty.
fn jaccard<T: Ord + Copy>(
    a: &[(u8, T)],
    b: &[(u8, T)],
    map: impl Fn(T) -> Option<T>,
    paired_b: impl Fn(T) -> bool,
) -> Option<f64> {
    if a.is_empty() && b.is_empty() {
        return None;
    }
    let mut common = 0;
    let mut open_a = [0usize; 2];
    for &(d, x) in a {
        match map(x) {
            Some(y) => common += usize::from(b.binary_search(&(d, y)).is_ok()),
            None => open_a[usize::from(d)] += 1,
        }
    }
    let mut open_b = [0usize; 2];
    for &(d, y) in b {
        if !paired_b(y) {
            open_b[usize::from(d)] += 1;
        }
    }
    let open = open_a[0].min(open_b[0]) + open_a[1].min(open_b[1]);
    let union = a.len() + b.len() - common - open;
    Some((common as f64 + 0.5 * open as f64) / union as f64)
}

struct State<'a> {
    old: Side<'a>,
    new: Side<'a>,
    to_new: Vec<Option<ElementId>>,
    to_old: Vec<Option<ElementId>>,
}

impl State<'_> {
    fn pair(&mut self, o: ElementId, n: ElementId) {
        self.to_new[o.0] = Some(n);
        self.to_old[n.0] = Some(o);
    }

    fn score(&self, o: ElementId, n: ElementId) -> f64 {
        let (om, nm) = (self.old.m, self.new.m);
        let (eo, en) = (om.element(o), nm.element(n));
        let label = if eo.label == en.label {
            1.0
        } else {
            strsim::sorensen_dice(&eo.label.to_lowercase(), &en.label.to_lowercase())
        };
        let id = if stem(&eo.id) == stem(&en.id) {
            1.0
        } else {
            0.5 * strsim::normalized_levenshtein(&eo.id, &en.id)
        };
        let parent = match (eo.parent, en.parent) {
            (None, None) => 1.0,
            (Some(p), Some(q)) if self.to_new[p.0] == Some(q) => 1.0,
            (Some(p), Some(q)) if self.to_new[p.0].is_none() && self.to_old[q.0].is_none() => 0.5,
            _ => 0.0,
        };
        let map = |x: ElementId| self.to_new[x.0];
        let paired = |y: ElementId| self.to_old[y.0].is_some();
        let structure = match eo.kind {
            Kind::Component(_) => jaccard(&self.old.ends[o.0], &self.new.ends[n.0], map, paired),
            Kind::Container(_) => {
                jaccard(&self.old.members[o.0], &self.new.members[n.0], map, paired)
            }
        }
        .unwrap_or(0.5);
        let mut score = 0.25 * label + 0.2 * id + 0.15 * parent + 0.3 * structure;
        if eo.component_kind().is_some_and(ComponentKind::is_stateful) {
            score += match (om.role(o), nm.role(n)) {
                (a, b) if a == b => 0.1,
                (Role::Replica, _) | (_, Role::Replica) => -0.2,
                _ => 0.05,
            };
        }
        if let (Some(a), Some(b)) = (&eo.attrs.software, &en.attrs.software) {
            score += if a == b { 0.05 } else { -0.05 };
        }
        score
    }
}

/// Pairs the elements of `old` and `new` (see the module documentation for the method).
/// Deterministic: ties go to source order. Linear in the elements and links of the two
/// designs (with the constants [`CANDIDATES`] and [`ROUNDS`]).
pub fn matching(old: &Model, new: &Model) -> Matching {
    matching_with(old, new, false)
}

/// [`matching`]; with `rescore_all`, every unpaired element is scored again in every round
/// instead of only those whose scores a new pair may have changed (the same result, slower:
/// for the tests).
fn matching_with(old: &Model, new: &Model, rescore_all: bool) -> Matching {
    let mut st = State {
        old: Side::new(old),
        new: Side::new(new),
        to_new: vec![None; old.elements.len()],
        to_old: vec![None; new.elements.len()],
    };
    // 1. Same identifier, same kind.
    for o in old.ids() {
        if let Some(n) = new.find(&old.element(o).id) {
            if new.element(n).kind == old.element(o).kind {
                st.pair(o, n);
            }
        }
    }
    // The scored candidates of each old element, valid until it is marked dirty: a pair made
    // next to it, or next to or on one of its candidates, may change them.
    let mut cache: Vec<Vec<(f64, ElementId)>> = vec![Vec::new(); old.elements.len()];
    let mut dirty = vec![true; old.elements.len()];
    // For each new element, the old elements whose candidates it is, or is next to.
    let mut watchers: Vec<Vec<ElementId>> = vec![Vec::new(); new.elements.len()];
    let mut small_kinds: BTreeMap<Kind, bool> = BTreeMap::new();
    for _ in 0..ROUNDS {
        let buckets = Buckets::new(&st);
        // A kind that has become small makes all its elements candidates of each other.
        for (&kind, list) in &buckets.by_kind {
            let small = list.len() <= CANDIDATES
                && buckets
                    .old_count
                    .get(&kind)
                    .is_some_and(|&c| c <= CANDIDATES);
            if small && !small_kinds.insert(kind, true).unwrap_or(false) {
                for o in old.ids().filter(|o| old.element(*o).kind == kind) {
                    dirty[o.0] = true;
                }
            }
        }
        let mut pairs: Vec<(f64, ElementId, ElementId)> = Vec::new();
        for o in old.ids().filter(|o| st.to_new[o.0].is_none()) {
            if dirty[o.0] || rescore_all {
                dirty[o.0] = false;
                cache[o.0].clear();
                for n in candidates(&st, o, &buckets) {
                    watchers[n.0].push(o);
                    for x in st.new.around(n) {
                        watchers[x.0].push(o);
                    }
                    let s = st.score(o, n);
                    if s >= THRESHOLD {
                        cache[o.0].push((s, n));
                    }
                }
            }
            pairs.extend(
                cache[o.0]
                    .iter()
                    .filter(|(_, n)| st.to_old[n.0].is_none())
                    .map(|&(s, n)| (s, o, n)),
            );
        }
        // The best and second-best score of each element.
        let mut best_o: BTreeMap<ElementId, (f64, f64)> = BTreeMap::new();
        let mut best_n: BTreeMap<ElementId, (f64, f64)> = BTreeMap::new();
        let note = |map: &mut BTreeMap<ElementId, (f64, f64)>, k: ElementId, s: f64| {
            let e = map.entry(k).or_insert((f64::MIN, f64::MIN));
            if s > e.0 {
                *e = (s, e.0);
            } else if s > e.1 {
                e.1 = s;
            }
        };
        for &(s, o, n) in &pairs {
            note(&mut best_o, o, s);
            note(&mut best_n, n, s);
        }
        let mut made: Vec<(ElementId, ElementId)> = Vec::new();
        for &(s, o, n) in &pairs {
            let (bo, so) = best_o[&o];
            let (bn, sn) = best_n[&n];
            if s == bo && s == bn && s - so.max(sn) >= MARGIN {
                st.pair(o, n);
                made.push((o, n));
            }
        }
        if made.is_empty() {
            // Nothing wins clearly: the best pairs, ties to source order.
            pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            for (_, o, n) in pairs {
                if st.to_new[o.0].is_none() && st.to_old[n.0].is_none() {
                    st.pair(o, n);
                    made.push((o, n));
                }
            }
        }
        if made.is_empty() {
            break;
        }
        for (o, n) in made {
            for x in st.old.around(o) {
                dirty[x.0] = true;
            }
            for x in std::iter::once(n).chain(st.new.around(n)) {
                for w in std::mem::take(&mut watchers[x.0]) {
                    dirty[w.0] = true;
                }
            }
        }
    }
    Matching {
        pairs: new
            .ids()
            .filter_map(|n| st.to_old[n.0].map(|o| (o, n)))
            .collect(),
        added: new.ids().filter(|n| st.to_old[n.0].is_none()).collect(),
        removed: old.ids().filter(|o| st.to_new[o.0].is_none()).collect(),
        to_new: st.to_new,
        to_old: st.to_old,
    }
}

/// The unpaired elements of the new design, by the keys of step 2, in source order.
struct Buckets<'m> {
    by_label: BTreeMap<(Kind, &'m str), Vec<ElementId>>,
    by_stem: BTreeMap<(Kind, &'m str), Vec<ElementId>>,
    by_kind: BTreeMap<Kind, Vec<ElementId>>,
    /// How many old elements of each kind are unpaired.
    old_count: BTreeMap<Kind, usize>,
}

impl<'m> Buckets<'m> {
    fn new(st: &State<'m>) -> Buckets<'m> {
        let nm = st.new.m;
        let mut b = Buckets {
            by_label: BTreeMap::new(),
            by_stem: BTreeMap::new(),
            by_kind: BTreeMap::new(),
            old_count: BTreeMap::new(),
        };
        for n in nm.ids().filter(|n| st.to_old[n.0].is_none()) {
            let e = nm.element(n);
            b.by_label
                .entry((e.kind, e.label.as_str()))
                .or_default()
                .push(n);
            b.by_stem.entry((e.kind, stem(&e.id))).or_default().push(n);
            b.by_kind.entry(e.kind).or_default().push(n);
        }
        for o in st.old.m.ids().filter(|o| st.to_new[o.0].is_none()) {
            *b.old_count.entry(st.old.m.element(o).kind).or_default() += 1;
        }
        b
    }
}

/// The unpaired new elements an unpaired old element is compared with (step 2), each once,
/// in source order.
fn candidates(st: &State, o: ElementId, b: &Buckets) -> Vec<ElementId> {
    fn bucket(v: Option<&Vec<ElementId>>) -> impl Iterator<Item = ElementId> + '_ {
        v.map_or(&[][..], Vec::as_slice).iter().copied()
    }
    let (om, nm) = (st.old.m, st.new.m);
    let e = om.element(o);
    let free = |n: &ElementId| st.to_old[n.0].is_none() && nm.element(*n).kind == e.kind;
    let mut out: Vec<ElementId> = Vec::new();
    let take = |out: &mut Vec<ElementId>, from: &mut dyn Iterator<Item = ElementId>| {
        out.extend(from.take(4 * CANDIDATES).filter(free).take(CANDIDATES));
    };
    if st.old.agent[o.0] {
        // An agent stays with its host.
        if let Some(h) = om.host_of(o).and_then(|h| st.to_new[h.0]) {
            let inside = nm.element(h).children.iter().copied();
            take(&mut out, &mut inside.filter(|&n| st.new.agent[n.0]));
        }
    } else {
        take(
            &mut out,
            &mut bucket(b.by_label.get(&(e.kind, e.label.as_str()))),
        );
        take(&mut out, &mut bucket(b.by_stem.get(&(e.kind, stem(&e.id)))));
        if let Some(p) = e.parent.and_then(|p| st.to_new[p.0]) {
            take(&mut out, &mut nm.element(p).children.iter().copied());
        }
        for &(_, x) in st.old.ends[o.0].iter().take(CANDIDATES) {
            if let Some(y) = st.to_new[x.0] {
                take(&mut out, &mut st.new.ends[y.0].iter().map(|&(_, z)| z));
            }
        }
        if matches!(e.kind, Kind::Container(_)) {
            for &(_, x) in st.old.members[o.0].iter().take(CANDIDATES) {
                if let Some(y) = st.to_new[x.0] {
                    take(&mut out, &mut nm.ancestors(y));
                }
            }
        }
        let kind = b.by_kind.get(&e.kind);
        if kind.is_some_and(|k| k.len() <= CANDIDATES)
            && b.old_count.get(&e.kind).is_some_and(|&c| c <= CANDIDATES)
        {
            take(&mut out, &mut bucket(kind));
        }
        out.retain(|&n| !st.new.agent[n.0]);
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scoring again only what a new pair may change gives what scoring everything gives.
    #[test]
    fn rescoring_only_what_changed_changes_nothing() {
        for (size, a, b) in [(60, 1, 2), (200, 3, 4), (400, 8, 9), (150, 11, 11)] {
            let old = crate::compile(&crate::generate::architecture(size, a), "a")
                .unwrap()
                .model;
            let mut text = crate::generate::architecture(size, b);
            // Rename some identifiers, so that the rounds have work to do.
            text = text.replace("web-", "www-").replace("db-", "database-");
            let new = crate::compile(&text, "b").unwrap().model;
            let fast = matching_with(&old, &new, false);
            let full = matching_with(&old, &new, true);
            assert_eq!(fast, full, "{size} {a} {b}");
            let renamed = fast
                .pairs
                .iter()
                .filter(|&&(o, n)| old.element(o).id != new.element(n).id)
                .count();
            assert!(renamed > 0, "{size} {a} {b}: no rename to find");
        }
    }
}
