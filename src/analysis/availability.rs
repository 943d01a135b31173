//! Availability of reads and writes.
//!
//! Every failure domain ([`super::flow::Units`]) is up independently with a probability: its
//! `availability` attribute when written, otherwise the default of [`default_availability`]. A
//! component inside a host that sets its own `availability` multiplies its host's (it counts
//! as failing with the host). Clients are always up.
//!
//! The availability of a flow is the probability that its sink is reachable in the flow graph
//! ([`super::flow::FlowGraph`]). It is computed exactly by factoring (pivotal decomposition:
//! `A = p·A(x up) + (1−p)·A(x down)` on a domain `x` of a surviving path; Moskowitz 1958, Page &
//! Perry, "A practical implementation of the factoring theorem for network reliability", IEEE
//! Trans. Reliability 37(3), 1988), where a branch ends as soon as no path survives (0) or a
//! path of domains known to be up exists (1). This reduces series chains and parallel groups
//! as it goes: a single point of failure costs one branch. When the factoring needs more work
//! than [`EXACT_WORK`] node visits (designs with many redundant groups in a row, or thousands
//! of failure domains), the availability is
//! estimated by seeded Monte Carlo simulation ([`SAMPLES`] samples, seed [`SEED`]) with a 95%
//! Wilson score interval.
//!
//! | failure domain | default availability |
//! |---|---|
//! | host | 99.5% |
//! | managed element (`managed = true`; `dns` and `cdn` by default) | 99.99% |
//! | load balancer or firewall outside hosts | 99.9% |
//! | storage outside hosts | 99.9% |
//! | any other component outside hosts | 99.5% |
//! | client | 100% (never fails) |

use serde::Serialize;

use super::flow::{Flow, FlowGraph, Units, SINK, SOURCE};
use super::Context;
use crate::model::{ComponentKind, ElementId, Kind, Model};

/// The most nodes the factoring visits (over all its path searches) for one flow before it
/// gives up and switches to Monte Carlo: a few milliseconds of work.
pub const EXACT_WORK: usize = 1_000_000;
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
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Gain {
    /// The failure domain (a host or a component).
    pub element: ElementId,
    /// Its availability, as a fraction.
    pub availability: f64,
    /// The increase of the reads availability (a fraction; 0 when it is no SPOF for reads).
    pub reads: f64,
    /// The increase of the writes availability.
    pub writes: f64,
}

/// The availability of a design.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Availability {
    /// Reads (`None` when no client reaches anything: the design serves nothing).
    pub reads: Option<Estimate>,
    /// Writes (`None` when the design has no database).
    pub writes: Option<Estimate>,
    /// For each single point of failure, in source order: the gain of doubling it (a second
    /// copy of the same availability that takes over by itself).
    pub gains: Vec<Gain>,
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
        _ => 0.995,
    }
}

/// The availability of each failure domain, as a fraction, indexed like [`Units::list`].
pub fn unit_availability(model: &Model, units: &Units) -> Vec<f64> {
    units
        .list
        .iter()
        .map(|u| {
            let own = model
                .element(u.element)
                .attrs
                .availability
                .unwrap_or_else(|| default_availability(model, u.element));
            let inner: f64 = if u.components == [u.element] {
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

/// Computes the availability of reads and writes, and the gain of making each single point of
/// failure redundant.
pub fn compute(cx: &Context) -> Availability {
    let p = unit_availability(cx.model, &cx.units);
    let mut estimates = [None, None];
    for flow in Flow::ALL {
        let (g, cuts) = cx.flow(flow);
        if flow == Flow::Writes && !cx.has_database() {
            continue;
        }
        if flow == Flow::Reads && g.is_empty() {
            continue;
        }
        estimates[flow as usize] = Some(if cuts.works {
            flow_availability(g, &cx.units, &p)
        } else {
            Estimate {
                value: 0.0,
                low: 0.0,
                high: 0.0,
                method: Method::Exact,
            }
        });
    }
    let mut gains = Vec::new();
    let (_, reads) = cx.flow(Flow::Reads);
    let (_, writes) = cx.flow(Flow::Writes);
    let mut spofs: Vec<usize> = reads
        .units
        .keys()
        .chain(writes.units.keys())
        .copied()
        .collect();
    spofs.sort();
    spofs.dedup();
    for u in spofs {
        let a = p[u];
        let doubled = 1.0 - (1.0 - a) * (1.0 - a);
        let gain = |e: Option<Estimate>, is_cut: bool| match e {
            Some(e) if is_cut && a > 0.0 => e.value / a * doubled - e.value,
            _ => 0.0,
        };
        gains.push(Gain {
            element: cx.units.list[u].element,
            availability: a,
            reads: gain(estimates[0], reads.units.contains_key(&u)),
            writes: gain(estimates[1], writes.units.contains_key(&u)),
        });
    }
    Availability {
        reads: estimates[0],
        writes: estimates[1],
        gains,
    }
}

/// The probability that the sink of `g` is reachable, each node up with the probability of
/// its failure domain (`p`, indexed like [`Units::list`]); nodes without a domain (clients) are
/// always up.
pub fn flow_availability(g: &FlowGraph, units: &Units, p: &[f64]) -> Estimate {
    let node_unit: Vec<Option<usize>> = g
        .component
        .iter()
        .map(|c| c.and_then(|c| units.unit_of(c)))
        .collect();
    let mut f = Factoring {
        g,
        node_unit: &node_unit,
        p,
        state: vec![State::Unknown; p.len()],
        work: 0,
    };
    if let Some(value) = f.run() {
        return Estimate {
            value,
            low: value,
            high: value,
            method: Method::Exact,
        };
    }
    monte_carlo(g, &node_unit, p)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Unknown,
    Up,
    Down,
}

struct Factoring<'a> {
    g: &'a FlowGraph,
    node_unit: &'a [Option<usize>],
    p: &'a [f64],
    state: Vec<State>,
    work: usize,
}

impl Factoring<'_> {
    fn run(&mut self) -> Option<f64> {
        if self.work > EXACT_WORK {
            return None;
        }
        // A path avoiding the domains known to be down, if any.
        let Some(path) = self.path(|s| s != State::Down) else {
            return Some(0.0);
        };
        if path.iter().all(|&v| self.node_state(v) == State::Up)
            || self.path(|s| s == State::Up).is_some()
        {
            return Some(1.0);
        }
        let pivot = path
            .iter()
            .find_map(|&v| self.node_unit[v].filter(|&u| self.state[u] == State::Unknown))
            .expect("a path not all up holds an unknown domain");
        let p = self.p[pivot];
        self.state[pivot] = State::Up;
        let up = self.run();
        self.state[pivot] = State::Down;
        let down = self.run();
        self.state[pivot] = State::Unknown;
        Some(p * up? + (1.0 - p) * down?)
    }

    fn node_state(&self, v: usize) -> State {
        match self.node_unit[v] {
            Some(u) => self.state[u],
            None => State::Up,
        }
    }

    /// A path from the source to the sink through nodes whose state passes `ok`.
    fn path(&mut self, ok: impl Fn(State) -> bool) -> Option<Vec<usize>> {
        let n = self.g.len();
        let mut parent = vec![usize::MAX; n];
        parent[SOURCE] = SOURCE;
        let mut stack = vec![SOURCE];
        self.work += n;
        while let Some(v) = stack.pop() {
            self.work += 1;
            if v == SINK {
                let mut path = vec![SINK];
                let mut at = SINK;
                while at != SOURCE {
                    at = parent[at];
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            for &w in &self.g.succ[v] {
                if parent[w] == usize::MAX && ok(self.node_state(w)) {
                    parent[w] = v;
                    stack.push(w);
                }
            }
        }
        None
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

fn monte_carlo(g: &FlowGraph, node_unit: &[Option<usize>], p: &[f64]) -> Estimate {
    let mut rng = SplitMix64(SEED);
    // Domain states are drawn lazily, when the search first meets the domain.
    let mut drawn = vec![0u32; p.len()];
    let mut up = vec![false; p.len()];
    let mut seen = vec![0u32; g.len()];
    let mut successes = 0usize;
    for sample in 1..=SAMPLES as u32 {
        let mut stack = vec![SOURCE];
        seen[SOURCE] = sample;
        let mut ok = false;
        while let Some(v) = stack.pop() {
            if v == SINK {
                ok = true;
                break;
            }
            for &w in &g.succ[v] {
                if seen[w] == sample {
                    continue;
                }
                if let Some(u) = node_unit[w] {
                    if drawn[u] != sample {
                        drawn[u] = sample;
                        up[u] = rng.next_f64() < p[u];
                    }
                    if !up[u] {
                        continue;
                    }
                }
                seen[w] = sample;
                stack.push(w);
            }
        }
        successes += usize::from(ok);
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
