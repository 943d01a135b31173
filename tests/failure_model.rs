//! The failure model against brute force, on random designs.
//!
//! Each case writes a random design as `.arch` text (hosts, components outside hosts, copies,
//! a failure-domain zone, replica sets, alternatives, optional links, cycles), compiles it and
//! checks the analysis against a naive evaluation of each flow's structure function: a
//! fixpoint iterated until nothing changes, with every failure domain taken down in turn
//! (single points of failure), every pair (double points of failure), and every state of
//! every domain (exact availability, by full enumeration).

use archc::analysis::availability::{flow_availability, unit_availability, Method};
use archc::analysis::flow::{FlowGraph, Gate, TOP};
use archc::analysis::Context;
use proptest::prelude::*;

/// The greatest fixpoint of the gates, the slow way: start from every node whose domains are
/// up and drop failing nodes until none fails.
fn naive_served(g: &FlowGraph, down: &[bool]) -> bool {
    let mut alive: Vec<bool> = g
        .nodes
        .iter()
        .map(|n| n.domains.iter().all(|&d| !down[d]))
        .collect();
    loop {
        let mut changed = false;
        for v in 0..g.nodes.len() {
            if !alive[v] {
                continue;
            }
            let n = &g.nodes[v];
            let ok = match n.gate {
                Gate::And => n.children.iter().all(|&c| alive[c]),
                Gate::Or => n.children.iter().any(|&c| alive[c]),
            };
            if !ok {
                alive[v] = false;
                changed = true;
            }
        }
        if !changed {
            return alive[TOP];
        }
    }
}

const KINDS: [&str; 8] = [
    "web_server",
    "app_server",
    "service",
    "database",
    "storage",
    "cache",
    "load_balancer",
    "queue",
];

/// One random design: components `c0..cN`, each in a host or on its own.
#[derive(Clone, Debug)]
struct Spec {
    kinds: Vec<usize>,
    /// For each component: the host it is in (`None`: outside hosts).
    host: Vec<Option<usize>>,
    /// Whether host `i` joins the failure-domain zone.
    in_zone: Vec<bool>,
    /// Which component outside hosts has two copies.
    copies: Option<usize>,
    /// Replica sets: component `r` replicates `p`, with automatic failover or not.
    replicas: Vec<(usize, usize, bool)>,
    /// Links: source, targets, alternatives?, optional?, access (0 rw, 1 read, 2 write).
    links: Vec<(usize, Vec<usize>, bool, bool, u8)>,
    /// The client's targets, and whether they are alternatives.
    entry: (Vec<usize>, bool),
    /// A second, trusted client that reads from one component.
    job: Option<usize>,
    managed: Vec<bool>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..=7).prop_flat_map(|n| {
        (
            prop::collection::vec(0..KINDS.len(), n),
            prop::collection::vec(prop::option::of(0usize..3), n),
            prop::collection::vec(any::<bool>(), 3),
            prop::option::of(0..n),
            prop::collection::vec((0..n, 0..n, any::<bool>()), 0..2),
            prop::collection::vec(
                (
                    0..n,
                    prop::collection::vec(0..n, 1..3),
                    any::<bool>(),
                    prop::bool::weighted(0.2),
                    0u8..3,
                ),
                0..n + 3,
            ),
            (prop::collection::vec(0..n, 1..3), any::<bool>()),
            prop::option::of(0..n),
            prop::collection::vec(prop::bool::weighted(0.15), n),
        )
            .prop_map(
                |(kinds, host, in_zone, copies, replicas, links, entry, job, managed)| Spec {
                    kinds,
                    host,
                    in_zone,
                    copies,
                    replicas,
                    links,
                    entry,
                    job,
                    managed,
                },
            )
    })
}

impl Spec {
    fn source(&self) -> String {
        let n = self.kinds.len();
        let mut out = String::from("client user\nzone az { failure_domain = true }\n");
        if self.job.is_some() {
            out.push_str("client job { trusted = true }\n");
        }
        let replica_of = |c: usize| self.replicas.iter().find(|r| r.0 == c && r.1 != c);
        let decl = |c: usize| -> String {
            let kind = KINDS[self.kinds[c]];
            let mut attrs = Vec::new();
            if self.managed[c] {
                attrs.push("managed = true".to_string());
            }
            if self.copies == Some(c) && self.host[c].is_none() {
                attrs.push("instances = 2".to_string());
            }
            if let Some(&(_, p, auto)) = replica_of(c) {
                let same = self.kinds[p] == self.kinds[c];
                let stateful = matches!(kind, "database" | "storage" | "cache" | "queue");
                if same && stateful && replica_of(p).is_none() {
                    attrs.push(format!("replicates = c{p}"));
                    if auto {
                        attrs.push("failover = automatic".to_string());
                    }
                }
            }
            if attrs.is_empty() {
                format!("{kind} c{c}")
            } else {
                format!("{kind} c{c} {{ {} }}", attrs.join("; "))
            }
        };
        for h in 0..3 {
            let inside: Vec<usize> = (0..n).filter(|&c| self.host[c] == Some(h)).collect();
            if inside.is_empty() {
                continue;
            }
            let zone = if self.in_zone[h] { "zone = az; " } else { "" };
            let body: Vec<String> = inside.iter().map(|&c| decl(c)).collect();
            out.push_str(&format!("host h{h} {{ {zone}{} }}\n", body.join("; ")));
        }
        for c in (0..n).filter(|&c| self.host[c].is_none()) {
            out.push_str(&decl(c));
            out.push('\n');
        }
        // `|` only between kinds that stand in for each other (request handlers, or one kind).
        let class = |c: usize| match KINDS[self.kinds[c]] {
            "web_server" | "app_server" | "service" | "load_balancer" => "handler",
            k => k,
        };
        let targets = |ts: &[usize], alt: bool| -> String {
            let mut ts = ts.to_vec();
            ts.dedup();
            let alt = alt && ts.iter().all(|&t| class(t) == class(ts[0]));
            ts.iter()
                .map(|t| format!("c{t}"))
                .collect::<Vec<_>>()
                .join(if alt && ts.len() > 1 { " | " } else { ", " })
        };
        out.push_str(&format!(
            "user -> {} : https\n",
            targets(&self.entry.0, self.entry.1)
        ));
        if let Some(j) = self.job {
            out.push_str(&format!("job -> c{j} {{ access = read }}\n"));
        }
        for (from, to, alt, optional, access) in &self.links {
            let to: Vec<usize> = to.iter().copied().filter(|t| t != from).collect();
            if to.is_empty() {
                continue;
            }
            let mut attrs = Vec::new();
            if *optional {
                attrs.push("optional = true");
            }
            match access {
                1 => attrs.push("access = read"),
                2 => attrs.push("access = write"),
                _ => {}
            }
            let body = if attrs.is_empty() {
                String::new()
            } else {
                format!(" {{ {} }}", attrs.join("; "))
            };
            out.push_str(&format!("c{from} -> {}{body}\n", targets(&to, *alt)));
        }
        out
    }
}

fn compile(spec: &Spec) -> Option<archc::Model> {
    archc::compile(&spec.source(), "random")
        .ok()
        .map(|c| c.model)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// The single points of failure of every flow are exactly the domains whose loss, alone,
    /// makes the naive evaluation fail.
    #[test]
    fn single_points_of_failure_equal_brute_force(spec in spec()) {
        let Some(model) = compile(&spec) else { return Ok(()) };
        let cx = Context::new(&model, &[]);
        for fa in cx.existing() {
            let n = cx.domains.list.len();
            let served = naive_served(&fa.graph, &vec![false; n]);
            prop_assert_eq!(served, fa.cuts.works, "{}", spec.source());
            if !served {
                continue;
            }
            let mut brute = Vec::new();
            for d in fa.graph.domain_nodes.keys().copied() {
                if !cx.domains.list[d].can_fail {
                    continue;
                }
                let mut down = vec![false; n];
                down[d] = true;
                if !naive_served(&fa.graph, &down) {
                    brute.push(d);
                }
            }
            let found: Vec<usize> = fa.cuts.units.keys().copied().collect();
            prop_assert_eq!(found, brute, "{}", spec.source());
        }
    }

    /// The double points of failure are exactly the pairs of domains, neither a single point
    /// of failure, whose joint loss makes the naive evaluation fail.
    #[test]
    fn double_points_of_failure_equal_brute_force(spec in spec()) {
        let Some(model) = compile(&spec) else { return Ok(()) };
        let cx = Context::new(&model, &[]);
        prop_assert!(cx.pairs_complete);
        let n = cx.domains.list.len();
        let mut brute: Vec<([usize; 2], Vec<String>)> = Vec::new();
        for fa in cx.existing().filter(|f| f.cuts.works) {
            let ds: Vec<usize> = fa
                .graph
                .domain_nodes
                .keys()
                .copied()
                .filter(|&d| cx.domains.list[d].can_fail && !fa.cuts.units.contains_key(&d))
                .collect();
            for (i, &x) in ds.iter().enumerate() {
                for &y in &ds[i + 1..] {
                    let mut down = vec![false; n];
                    down[x] = true;
                    down[y] = true;
                    if !naive_served(&fa.graph, &down) {
                        let name = fa.flow.name(&model);
                        match brute.iter_mut().find(|(p, _)| *p == [x, y]) {
                            Some((_, fs)) => fs.push(name),
                            None => brute.push(([x, y], vec![name])),
                        }
                    }
                }
            }
        }
        brute.sort();
        let found: Vec<([usize; 2], Vec<String>)> = cx
            .pairs
            .iter()
            .map(|p| (p.units, p.flows.iter().map(|f| f.name(&model)).collect()))
            .collect();
        prop_assert_eq!(found, brute, "{}", spec.source());
    }

    /// The exact availability of every flow equals the sum, over every state of every failure
    /// domain in the flow, of the probability of the states in which the naive evaluation
    /// serves it.
    #[test]
    fn exact_availability_equals_full_enumeration(spec in spec()) {
        let Some(model) = compile(&spec) else { return Ok(()) };
        let cx = Context::new(&model, &[]);
        let p = unit_availability(&model, &cx.domains);
        let n = p.len();
        for fa in cx.existing() {
            let ds: Vec<usize> = fa.graph.domain_nodes.keys().copied().collect();
            prop_assume!(ds.len() <= 16);
            let mut expected = 0.0;
            for state in 0u32..(1 << ds.len()) {
                let mut down = vec![false; n];
                let mut prob = 1.0;
                for (i, &d) in ds.iter().enumerate() {
                    if state & (1 << i) != 0 {
                        down[d] = true;
                        prob *= 1.0 - p[d];
                    } else {
                        prob *= p[d];
                    }
                }
                if naive_served(&fa.graph, &down) {
                    expected += prob;
                }
            }
            let e = flow_availability(&fa.graph, &p, &vec![false; n], &[]);
            prop_assert_eq!(e.method, Method::Exact);
            prop_assert!((e.value - expected).abs() < 1e-12, "{} vs {expected}\n{}", e.value, spec.source());
        }
    }
}

/// The generator makes designs that compile and exercise the model: most compile, and among
/// them there are served flows, single points of failure, double points of failure and
/// flows that are not served.
#[test]
fn the_random_designs_exercise_the_model() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut compiled, mut served, mut spof, mut pairs, mut unserved) = (0, 0, 0, 0, 0);
    for _ in 0..400 {
        let spec = spec().new_tree(&mut runner).unwrap().current();
        let Some(model) = compile(&spec) else {
            if std::env::var_os("SHOW").is_some() {
                let e = archc::compile(&spec.source(), "r").err().unwrap();
                eprintln!(
                    "{}\n{:?}\n",
                    spec.source(),
                    e.iter().map(|d| &d.message).collect::<Vec<_>>()
                );
            }
            continue;
        };
        compiled += 1;
        let cx = Context::new(&model, &[]);
        for fa in cx.existing() {
            if fa.cuts.works {
                served += 1;
                spof += usize::from(!fa.cuts.units.is_empty());
            } else {
                unserved += 1;
            }
        }
        pairs += usize::from(!cx.pairs.is_empty());
    }
    assert!(compiled > 350, "{compiled}");
    assert!(
        served > 300 && spof > 200 && pairs > 30 && unserved >= 1,
        "{served} {spof} {pairs} {unserved}"
    );
}
