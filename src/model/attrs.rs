//! Typed attributes and the table of which keys each kind accepts.

use super::kinds::*;
use super::ElementId;
use crate::diagnostic::{closest, Diagnostic, DiagnosticKind, Span, ValueShape};
use crate::syntax::ast::{format_number, Attribute, Value, ValueKind};

/// Every attribute an element can carry, typed. `None` or empty means "not written": the
/// model's accessors ([`super::Model::tls`], [`super::Model::role`], …) apply the defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs {
    /// Why the element is in the design.
    pub why: Option<String>,
    /// The software, e.g. `HAProxy 2.8`.
    pub software: Option<String>,
    /// An address (IPv4 as written, or a quoted IPv6 address).
    pub ip: Option<String>,
    /// A TCP or UDP port.
    pub port: Option<u32>,
    /// Availability as a fraction in `(0, 1]` (`99.95%` is `0.9995`).
    pub availability: Option<f64>,
    /// Run by a provider with its own redundancy.
    pub managed: Option<bool>,
    /// DNS records, as written (`www.foobar.com A 8.8.8.8`).
    pub records: Vec<String>,
    /// A firewall's allowed traffic (`tcp/443`).
    pub allow: Vec<String>,
    /// A firewall that also inspects HTTP (a WAF).
    pub waf: Option<bool>,
    /// A load balancer's algorithm.
    pub algorithm: Option<Algorithm>,
    /// A load balancer's or cluster's setup.
    pub setup: Option<Setup>,
    /// A load balancer's or web server's TLS mode, when written.
    pub tls: Option<Tls>,
    /// The certificate served, e.g. `www.foobar.com`.
    pub certificate: Option<String>,
    /// A database's role, when written.
    pub role: Option<Role>,
    /// The primary a replica copies.
    pub replicates: Option<ElementId>,
    /// How replication works.
    pub replication: Option<Replication>,
    /// How a replica is promoted, or a passive member takes over.
    pub failover: Option<Failover>,
    /// What a monitoring agent collects.
    pub collects: Vec<Signal>,
    /// A zone's trust.
    pub trust: Option<Trust>,
    /// A host's provider.
    pub provider: Option<String>,
    /// A host's region.
    pub region: Option<String>,
    /// A cluster's virtual IP.
    pub vip: Option<String>,
    /// `instances = N` or `N..M` on a host or component: identical copies (draft 0.2).
    pub instances: Option<Instances>,
    /// `zone = ID`: the zone a host, or a component outside hosts, joins.
    pub zone: Option<ElementId>,
    /// `zones = [ID, ...]`: the failure-domain zones the copies are spread over, in turn.
    pub zones: Vec<ElementId>,
    /// `failure_domain = true` on a zone: everything in it fails together.
    pub failure_domain: Option<bool>,
    /// `trusted = true` on a client: an internal caller, not an untrusted place.
    pub trusted: Option<bool>,
    /// `replicas = N` on a queue or storage: the copies it keeps of its own data.
    pub replicas: Option<u32>,
    /// `x-` keys, as written, in source order: `(key, value as text)`.
    pub extra: Vec<(String, String)>,
}

/// `instances = N` (`min == max`) or `instances = N..M` (an auto-scaling group).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Instances {
    /// The fewest copies: what the review counts on.
    pub min: u32,
    /// The most copies.
    pub max: u32,
}

impl Instances {
    /// `3` or `2..6`, as written.
    pub fn text(self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}..{}", self.min, self.max)
        }
    }
}

/// The most copies `instances` may declare: far above any group a person writes, low enough
/// that the review's work stays bounded.
pub const MAX_INSTANCES: u32 = 1000;

/// The most links a design may expand to (fan-out lists and clusters multiply them).
pub const MAX_LINKS: usize = 250_000;

/// The keys every element accepts.
const COMMON: [&str; 7] = [
    "label",
    "why",
    "software",
    "ip",
    "port",
    "availability",
    "managed",
];

/// The keys a kind accepts besides [`COMMON`].
pub fn own_keys(kind: Kind) -> &'static [&'static str] {
    use ComponentKind as C;
    match kind {
        Kind::Component(C::Client) => &["trusted"],
        Kind::Component(C::Dns) => &["records", "instances", "zone", "zones"],
        Kind::Component(C::Cdn) => &["certificate"],
        Kind::Component(C::Firewall) => &["allow", "waf", "instances", "zone", "zones"],
        Kind::Component(C::LoadBalancer) => &[
            "algorithm",
            "setup",
            "tls",
            "certificate",
            "instances",
            "zone",
            "zones",
        ],
        Kind::Component(C::WebServer) => &["tls", "certificate", "instances", "zone", "zones"],
        Kind::Component(C::Database | C::Cache) => &[
            "role",
            "replicates",
            "replication",
            "failover",
            "instances",
            "zone",
            "zones",
        ],
        Kind::Component(C::Queue | C::Storage) => &[
            "role",
            "replicates",
            "replication",
            "failover",
            "replicas",
            "instances",
            "zone",
            "zones",
        ],
        Kind::Component(C::Monitoring) => &["collects", "instances", "zone", "zones"],
        Kind::Component(_) => &["instances", "zone", "zones"],
        Kind::Container(ContainerKind::Host) => {
            &["provider", "region", "instances", "zone", "zones"]
        }
        Kind::Container(ContainerKind::Zone) => &["trust", "failure_domain"],
        Kind::Container(ContainerKind::Cluster) => &["setup", "vip", "failover"],
        Kind::Container(ContainerKind::Group) => &[],
    }
}

/// The keys a link accepts.
pub const LINK_KEYS: [&str; 6] = ["label", "encrypted", "port", "access", "optional", "flows"];

/// The keys a `flow` declaration accepts.
pub const FLOW_KEYS: [&str; 3] = ["label", "access", "why"];

/// Every key a kind accepts, in documentation order.
pub fn accepted_keys(kind: Kind) -> Vec<&'static str> {
    let mut keys = COMMON.to_vec();
    keys.extend_from_slice(own_keys(kind));
    keys
}

/// An "unknown key" error for `attr`, written on `owner` (with its article: `a service`),
/// where `accepted` are the valid keys.
pub(crate) fn unknown_key(attr: &Attribute, owner: &str, accepted: &[&'static str]) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::UnknownAttribute {
        key: attr.key.name.clone(),
        owner: owner.to_string(),
        suggestion: closest(&attr.key.name, accepted.iter().copied()).map(str::to_string),
        accepted: accepted.to_vec(),
    })
    .at(attr.key.span)
}

/// A "bad value" error: `expected` says what the key takes; `choices` are the words closest
/// to which a "did you mean" is offered.
pub(crate) fn bad_value(
    key: &str,
    value: &Value,
    expected: ValueShape,
    choices: &[&str],
) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::BadValue {
        key: key.to_string(),
        value: value.to_source(),
        expected,
        suggestion: closest(&value.to_text(), choices.iter().copied()).map(str::to_string),
    })
    .at(value.span)
}

/// Reads a word value from a vocabulary, reporting a bad value.
pub(crate) fn enum_value<T>(
    key: &str,
    value: &Value,
    parse: fn(&str) -> Option<T>,
    spellings: &[&'static str],
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let text = match &value.kind {
        ValueKind::Word(w) => Some(w.as_str()),
        ValueKind::Str(s) => Some(s.as_str()),
        _ => None,
    };
    match text.and_then(parse) {
        Some(v) => Some(v),
        None => {
            diags.push(bad_value(
                key,
                value,
                ValueShape::OneOf(spellings.to_vec()),
                spellings,
            ));
            None
        }
    }
}

/// Reads `true` or `false`.
pub(crate) fn bool_value(key: &str, value: &Value, diags: &mut Vec<Diagnostic>) -> Option<bool> {
    match &value.kind {
        ValueKind::Word(w) if w == "true" => Some(true),
        ValueKind::Word(w) if w == "false" => Some(false),
        _ => {
            diags.push(bad_value(key, value, ValueShape::Bool, &["true", "false"]));
            None
        }
    }
}

/// Reads a string (or a word, taken as text).
pub(crate) fn text_value(key: &str, value: &Value, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match &value.kind {
        ValueKind::Str(s) => Some(s.clone()),
        ValueKind::Word(w) => Some(w.clone()),
        _ => {
            diags.push(bad_value(key, value, ValueShape::Text, &[]));
            None
        }
    }
}

/// Reads a port: a whole number from 1 to 65535.
pub(crate) fn port_value(key: &str, value: &Value, diags: &mut Vec<Diagnostic>) -> Option<u32> {
    match value.kind {
        ValueKind::Number(n) if n.fract() == 0.0 && (1.0..=65535.0).contains(&n) => Some(n as u32),
        _ => {
            diags.push(bad_value(key, value, ValueShape::Port, &[]));
            None
        }
    }
}

/// Reads an address: IPv4 as written, or a quoted address.
pub(crate) fn address_value(
    key: &str,
    value: &Value,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    match &value.kind {
        ValueKind::Ipv4(a) | ValueKind::Str(a) => Some(a.clone()),
        _ => {
            diags.push(bad_value(key, value, ValueShape::Address, &[]));
            None
        }
    }
}

/// Reads a percentage in `(0, 100]` and returns it as a fraction.
pub(crate) fn availability_value(
    key: &str,
    value: &Value,
    diags: &mut Vec<Diagnostic>,
) -> Option<f64> {
    match value.kind {
        ValueKind::Percent(p) if p > 0.0 && p <= 100.0 => Some(p / 100.0),
        _ => {
            diags.push(bad_value(key, value, ValueShape::Percentage, &[]));
            None
        }
    }
}

/// Reads `instances`: a whole number from 1, or a range `N..M` with `N <= M` (`N` may be 0),
/// at most [`MAX_INSTANCES`].
pub(crate) fn instances_value(
    key: &str,
    value: &Value,
    diags: &mut Vec<Diagnostic>,
) -> Option<Instances> {
    let (min, max) = match value.kind {
        ValueKind::Number(n) if n.fract() == 0.0 && n >= 1.0 && n <= f64::from(MAX_INSTANCES) => {
            (n as u32, n as u32)
        }
        ValueKind::Range(lo, hi) if lo <= hi && hi >= 1 && hi <= u64::from(MAX_INSTANCES) => {
            (lo as u32, hi as u32)
        }
        _ => {
            let why = match value.kind {
                ValueKind::Number(0.0) => ValueShape::InstancesAtLeastOne,
                ValueKind::Range(lo, hi) if lo > hi => ValueShape::InstancesOrdered { lo, hi },
                ValueKind::Number(n) | ValueKind::Percent(n) if n > f64::from(MAX_INSTANCES) => {
                    ValueShape::InstancesAtMost { max: MAX_INSTANCES }
                }
                ValueKind::Range(_, hi) if hi > u64::from(MAX_INSTANCES) => {
                    ValueShape::InstancesAtMost { max: MAX_INSTANCES }
                }
                _ => ValueShape::Instances,
            };
            diags.push(bad_value(key, value, why, &[]));
            return None;
        }
    };
    Some(Instances { min, max })
}

/// Reads a whole number from `min` to `max`.
pub(crate) fn count_value(
    key: &str,
    value: &Value,
    min: u32,
    max: u32,
    diags: &mut Vec<Diagnostic>,
) -> Option<u32> {
    match value.kind {
        ValueKind::Number(n) if n.fract() == 0.0 && n >= f64::from(min) && n <= f64::from(max) => {
            Some(n as u32)
        }
        _ => {
            diags.push(bad_value(
                key,
                value,
                ValueShape::WholeNumber { min, max },
                &[],
            ));
            None
        }
    }
}

/// Reads a list of strings.
pub(crate) fn string_list(key: &str, value: &Value, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    match &value.kind {
        ValueKind::List(items) => items
            .iter()
            .filter_map(|v| text_value(key, v, diags))
            .collect(),
        _ => {
            diags.push(bad_value(key, value, ValueShape::StringList, &[]));
            Vec::new()
        }
    }
}

/// The text of an `x-` value.
pub(crate) fn free_text(value: &Value) -> String {
    match &value.kind {
        ValueKind::Number(n) => format_number(*n),
        _ => value.to_text(),
    }
}

/// A placeholder span for attributes the model derives itself.
#[allow(dead_code)]
pub(crate) const NO_SPAN: Span = Span { start: 0, end: 0 };
