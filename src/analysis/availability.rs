//! Availability of each flow.
//!
//! Every failure domain ([`super::flow::Domains`]) is up independently with a probability:
//! its `availability` attribute when written, otherwise the default of
//! [`default_availability`]. A component inside a host that sets its own `availability`
//! multiplies its host's (it counts as failing with the host). Clients are always up.
//!
//! The availability of a flow is the probability that the top of its structure function
//! ([`super::flow::FlowGraph`]) serves. It is computed exactly from the structure function's
//! binary decision diagram ([`super::bdd`]; Bryant 1986, Rauzy 1993). When the diagram would be
//! too large ([`super::bdd::MAX_NODES`] nodes, [`super::bdd::MAX_VARIABLES`] undecided
//! domains), the availability is estimated by seeded Monte Carlo simulation ([`SAMPLES`]
//! samples, seed [`SEED`]) with a 95% Wilson score interval; each sample draws the domains that
//! are down (by geometric skips, so a sample costs the failures it draws, not the size of the
//! design) and deletes them incrementally from the all-up fixpoint.
//!
//! | failure domain | default availability |
//! |---|---|
//! | host | 99.5% |
//! | failure-domain zone | 99.99% |
//! | managed element (`managed = true`; `dns` and `cdn` by default) | 99.99% |
//! | load balancer or firewall outside hosts | 99.9% |
//! | storage outside hosts | 99.9% |
//! | any other component outside hosts | 99.5% |
//! | client | 100% (never fails) |

use std::collections::BTreeMap;

use serde::Serialize;

use super::flow::{Domains, Eval, FlowGraph, FlowId};
use super::Context;
use crate::model::{ComponentKind, ContainerKind, ElementId, Kind, Model};

/// Monte Carlo samples per flow.
pub const SAMPLES: usize = 10_000;
/// Monte Carlo seed (the estimate is the same on every run).
pub const SEED: u64 = 0x5EED_A11C_E000_0001;
/// Hours in a year (365.25 days).
pub const HOURS_PER_YEAR: f64 = 8766.0;

/// How an availability was computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Exact factoring.
    Exact,
    /// Seeded Monte Carlo simulation.
    MonteCarlo,
}

/// The availability of one flow, as a fraction in `[0, 1]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// The availability (exact, or the Monte Carlo mean).
    pub value: f64,
    /// The lower end of the 95% interval (equal to `value` when exact).
    pub low: f64,
    /// The upper end of the 95% interval (equal to `value` when exact).
    pub high: f64,
    /// How it was computed.
    pub method: Method,
}

impl Estimate {
    /// An exact value.
    pub fn exact(value: f64) -> Estimate {
        Estimate {
            value,
            low: value,
            high: value,
            method: Method::Exact,
        }
    }

    /// As a percentage (`99.5`).
    pub fn percent(&self) -> f64 {
        self.value * 100.0
    }

    /// The number of nines, `−log10(1 − a)` (2.3 for 99.5%; infinite at 100%).
    pub fn nines(&self) -> f64 {
        -(1.0 - self.value).log10()
    }

    /// Expected downtime per year, in hours.
    pub fn downtime_hours_per_year(&self) -> f64 {
        (1.0 - self.value) * HOURS_PER_YEAR
    }
}

/// What making one single point of failure redundant would gain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gain {
    /// The failure domain's element (a host, a component, a zone).
    pub element: ElementId,
    /// Its availability, as a fraction.
    pub availability: f64,
    /// The increase of each flow's availability it stops (fractions), by flow.
    pub flows: Vec<(FlowId, f64)>,
    /// The increase of the reads availability (a fraction; 0 when it is no SPOF for reads).
    pub reads: f64,
    /// The increase of the writes availability.
    pub writes: f64,
}

/// The availability of a design.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Availability {
    /// Reads (`None` when no client starts them).
    pub reads: Option<Estimate>,
    /// Writes (`None` when no client's writes reach a component that keeps state).
    pub writes: Option<Estimate>,
    /// Every flow the design has, in report order (reads, writes, background, declared
    /// flows), with its estimate; `None` for a flow the design does not have.
    pub flows: Vec<(FlowId, Option<Estimate>)>,
    /// For each single point of failure, in domain order: the gain of doubling it (a second
    /// copy of the same availability that takes over by itself).
    pub gains: Vec<Gain>,
}

impl Availability {
    /// The estimate of one flow (`None` when the design does not have it).
    pub fn of(&self, flow: FlowId) -> Option<Estimate> {
        self.flows
            .iter()
            .find(|(f, _)| *f == flow)
            .and_then(|(_, e)| *e)
    }
}

/// The default availability of an element (see the module's table), as a fraction.
pub fn default_availability(model: &Model, id: ElementId) -> f64 {
    let e = model.element(id);
    if model.managed(id) {
        return 0.9999;
    }
    match e.kind {
        Kind::Component(ComponentKind::Client) => 1.0,
        Kind::Component(
            ComponentKind::LoadBalancer | ComponentKind::Firewall | ComponentKind::Storage,
        ) => 0.999,
        Kind::Component(ComponentKind::Dns | ComponentKind::Cdn) => 0.9999,
        Kind::Container(ContainerKind::Zone) => 0.9999,
        _ => 0.995,
    }
}

/// The availability of each failure domain, as a fraction, indexed like [`Domains::list`].
pub fn unit_availability(model: &Model, domains: &Domains) -> Vec<f64> {
    domains
        .list
        .iter()
        .map(|u| {
            let own = model
                .element(u.element)
                .attrs
                .availability
                .unwrap_or_else(|| default_availability(model, u.element));
            let zone = model.element(u.element).kind == Kind::Container(ContainerKind::Zone);
            let inner: f64 = if u.components == [u.element] || zone {
                1.0
            } else {
                u.components
                    .iter()
                    .filter_map(|&c| model.element(c).attrs.availability)
                    .product()
            };
            own * inner
        })
        .collect()
}

/// Computes the availability of every flow, and the gain of making each single point of
/// failure redundant.
pub fn compute(cx: &Context) -> Availability {
    let p = unit_availability(cx.model, &cx.domains);
    let mut flows = Vec::new();
    for fa in &cx.flows {
        let estimate = if !fa.exists {
            None
        } else if fa.cuts.works {
            Some(flow_availability(
                &fa.graph,
                &p,
                &cx.down_domains,
                &fa.down_nodes,
            ))
        } else {
            Some(Estimate::exact(0.0))
        };
        flows.push((fa.flow, estimate));
    }
    let mut spofs: BTreeMap<usize, Vec<(FlowId, f64)>> = BTreeMap::new();
    for (fa, (_, est)) in cx.flows.iter().zip(&flows) {
        let Some(e) = est else { continue };
        for &u in fa.cuts.units.keys() {
            let a = p[u];
            let doubled = 1.0 - (1.0 - a) * (1.0 - a);
            let gain = if a > 0.0 {
                e.value / a * doubled - e.value
            } else {
                0.0
            };
            spofs.entry(u).or_default().push((fa.flow, gain));
        }
    }
    let gains = spofs
        .into_iter()
        .map(|(u, fl)| {
            let get = |f: FlowId| fl.iter().find(|(x, _)| *x == f).map_or(0.0, |(_, g)| *g);
            Gain {
                element: cx.domains.list[u].element,
                availability: p[u],
                reads: get(FlowId::Reads),
                writes: get(FlowId::Writes),
                flows: fl,
            }
        })
        .collect();
    let get = |f: FlowId| flows.iter().find(|(x, _)| *x == f).and_then(|(_, e)| *e);
    Availability {
        reads: get(FlowId::Reads),
        writes: get(FlowId::Writes),
        flows,
        gains,
    }
}

/// The probability that the top of `g` serves, each domain up with its probability in `p`
/// (indexed like [`Domains::list`]); `down_domains` and `down_nodes` are down for certain
/// (a what-if). Exact through a binary decision diagram ([`super::bdd`]) when it stays small,
/// otherwise estimated by Monte Carlo.
pub fn flow_availability(
    g: &FlowGraph,
    p: &[f64],
    down_domains: &[bool],
    down_nodes: &[usize],
) -> Estimate {
    match super::bdd::availability(g, p, down_domains, down_nodes) {
        Some(value) => Estimate::exact(value),
        None => monte_carlo(g, p, down_domains, down_nodes),
    }
}

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a small, seeded, portable generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn monte_carlo(g: &FlowGraph, p: &[f64], down_domains: &[bool], down_nodes: &[usize]) -> Estimate {
    let mut rng = SplitMix64(SEED);
    // The domains that appear in the graph, grouped by probability for geometric skips.
    let mut classes: BTreeMap<u64, (f64, Vec<usize>)> = BTreeMap::new();
    for &d in g.domain_nodes.keys() {
        if down_domains[d] || p[d] >= 1.0 {
            continue;
        }
        let q = 1.0 - p[d];
        classes
            .entry(q.to_bits())
            .or_insert((q, Vec::new()))
            .1
            .push(d);
    }
    let mut base = Eval::new(g, down_domains, down_nodes);
    let mut successes = 0usize;
    for _ in 0..SAMPLES {
        let mark = base.mark();
        for (q, list) in classes.values() {
            if *q >= 1.0 {
                for &d in list {
                    base.fail_domain(g, d);
                }
                continue;
            }
            // Geometric skips: the gap to the next failed domain is Geometric(q).
            let ln = (1.0 - q).ln();
            let mut i = 0usize;
            loop {
                let u = rng.next_f64().max(f64::MIN_POSITIVE);
                let skip = (u.ln() / ln).floor();
                if !skip.is_finite() || skip >= (list.len() - i) as f64 {
                    break;
                }
                i += skip as usize;
                base.fail_domain(g, list[i]);
                i += 1;
                if i >= list.len() {
                    break;
                }
            }
        }
        successes += usize::from(base.served());
        base.undo(g, mark);
    }
    let n = SAMPLES as f64;
    let mean = successes as f64 / n;
    // Wilson score interval, z = 1.96.
    let z = 1.96_f64;
    let denom = 1.0 + z * z / n;
    let centre = (mean + z * z / (2.0 * n)) / denom;
    let half = z * (mean * (1.0 - mean) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    Estimate {
        value: mean,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
        method: Method::MonteCarlo,
    }
}
