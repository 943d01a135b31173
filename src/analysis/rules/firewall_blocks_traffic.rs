//! `firewall-blocks-traffic`: a host firewall whose `allow` list drops traffic the design
//! needs — a link entering the host on a port it does not admit, or the VRRP adverts of an
//! `active-passive` cluster with a virtual IP.
//!
//! # The `allow` entries
//! An entry is `PROTOCOL[/PORT[-PORT]] [from SOURCE]`: `tcp/443`, `udp/53`,
//! `tcp/8000-8100 from web-tier`, `vrrp` (IP protocol 112; also written `proto/112`), `any`.
//! `SOURCE` names an element of the design (the link's source, or a host, cluster, zone or
//! group around it) or an address; an address is taken to admit any source, since the design
//! does not say which addresses its elements have.
//!
//! # The port of a link
//! The link's `port`, else the target's `port`, else the protocol's default port
//! ([`crate::knowledge::transport_port`]: `http` 80, `https` 443, `ssh` 22, `mysql`
//! 3306, …). A link whose port cannot be told (no protocol, or one with no standard port) is
//! not checked. A `replication` link is a connection from the replica to the primary's port.
//! Only firewalls with a non-empty `allow` list are checked: an empty list says nothing.

use crate::analysis::{describe, finding, Context, Finding, Severity};
use crate::knowledge::transport_port as default_port;
use crate::model::{ComponentKind, ElementId, LinkKind, Model, Setup};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "firewall-blocks-traffic",
    group: Group::Security,
    severity: Severity::High,
    severities: &[Severity::High],
    summary: "A firewall's `allow` list drops traffic that the design needs: a link entering the host on a port it does not admit, or the VRRP adverts of an `active-passive` cluster with a `vip`.",
    why: "A firewall that drops what the design sends turns into an outage the moment it is \
applied: the site serves HTTP on port 80 while only port 443 is open, or the application \
listens on 8080 while the firewall admits 80. In an `active-passive` pair that shares a virtual \
IP, the standby learns that the master is alive from its VRRP adverts (IP protocol 112); a \
firewall that drops them makes both members claim the address at once.",
    fix: "Add the missing entry to the host's firewall, with the source it comes from \
(`allow = [\"tcp/8080 from web-server\"]`), or change the link's `port` to what the firewall \
admits; for a VRRP pair add `\"vrrp\"` to both members' firewalls.",
    example: r#"client user
host web { firewall fw { allow = ["tcp/443"] }; web_server nginx }
user -> nginx : http"#,
};

/// One parsed `allow` entry.
struct Rule {
    protocol: String,
    ports: Option<(u32, u32)>,
    from: Option<String>,
}

fn parse(entry: &str) -> Option<Rule> {
    let mut words = entry.split_whitespace();
    let head = words.next()?.to_ascii_lowercase();
    let from = match (words.next(), words.next()) {
        (Some("from"), Some(src)) => Some(src.to_string()),
        _ => None,
    };
    let (protocol, ports) = match head.split_once('/') {
        Some((p, range)) => {
            let (lo, hi) = range.split_once('-').unwrap_or((range, range));
            match (lo.parse::<u32>(), hi.parse::<u32>()) {
                (Ok(lo), Ok(hi)) => (p.to_string(), Some((lo, hi))),
                _ => return None,
            }
        }
        None => (head, None),
    };
    Some(Rule {
        protocol,
        ports,
        from,
    })
}

/// Whether `source` (a component) is what an entry's `from` names.
fn from_matches(model: &Model, rule: &Rule, source: ElementId) -> bool {
    let Some(name) = &rule.from else { return true };
    if name == "any" || name.contains(['.', ':']) || name.contains('/') {
        return true; // an address or range: the design does not say which is whose
    }
    match model.find(name) {
        Some(id) => id == source || model.ancestors(source).any(|a| a == id) || model.zones_of(source).contains(&id),
        None => true,
    }
}

fn admits(model: &Model, rules: &[Rule], transport: &str, port: u32, source: ElementId) -> bool {
    rules.iter().any(|r| {
        let proto_ok = r.protocol == "any" || r.protocol == transport;
        let port_ok = r.ports.is_none_or(|(lo, hi)| (lo..=hi).contains(&port));
        proto_ok && port_ok && (r.protocol != "vrrp") && from_matches(model, r, source)
    })
}

/// Reports every link a host firewall drops, and every VRRP pair whose adverts it drops.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let mut out = Vec::new();
    let firewall_of = |host: ElementId| -> Option<(ElementId, Vec<Rule>)> {
        model
            .components_in(host)
            .into_iter()
            .filter(|&c| model.element(c).is(ComponentKind::Firewall) && !model.element(c).attrs.allow.is_empty())
            .map(|c| (c, model.element(c).attrs.allow.iter().filter_map(|a| parse(a)).collect()))
            .next()
    };
    let mut reported: Vec<(ElementId, u32)> = Vec::new();
    for link in &model.links {
        // Which end receives the connection: the target, or for replication the primary.
        let (receiver, sender) = if link.kind == LinkKind::Replication {
            (link.from, link.to)
        } else {
            (link.to, link.from)
        };
        let Some(host) = model.host_of(receiver) else { continue };
        if model.host_of(sender) == Some(host) {
            continue;
        }
        let Some((fw, rules)) = firewall_of(host) else { continue };
        let protocol = if link.kind == LinkKind::Replication {
            replication_protocol(model, receiver)
        } else {
            link.protocol.clone()
        };
        let port = link
            .port
            .or(model.element(receiver).attrs.port)
            .or_else(|| protocol.as_deref().and_then(|p| default_port(p).map(|d| d.1)));
        let Some(port) = port else { continue };
        let transport = protocol
            .as_deref()
            .and_then(default_port)
            .map_or("tcp", |d| d.0);
        if admits(model, &rules, transport, port, sender) || (transport == "udp" && admits(model, &rules, "tcp", port, sender)) {
            continue;
        }
        if reported.contains(&(fw, port)) {
            continue;
        }
        reported.push((fw, port));
        let what = match &protocol {
            Some(p) => format!("`{p}` on {transport}/{port}"),
            None => format!("{transport}/{port}"),
        };
        let entry = match model.host_of(sender).or_else(|| Some(sender).filter(|&s| !model.element(s).is(ComponentKind::Client))) {
            Some(src) => format!("\"{transport}/{port} from {}\"", model.element(src).id),
            None => format!("\"{transport}/{port}\""),
        };
        out.push(finding(
            model,
            INFO.name,
            INFO.severity,
            vec![fw, host, receiver],
            format!(
                "{} on {} drops the design's {what} from `{}` to `{}`: its `allow` list admits no such traffic. Add {entry}.",
                describe(model, fw),
                describe(model, host),
                model.element(sender).id,
                model.element(receiver).id
            ),
        ));
    }
    // VRRP between the members of an active-passive cluster with a virtual IP.
    for cluster in model.containers(crate::model::ContainerKind::Cluster) {
        let a = &model.element(cluster).attrs;
        if a.setup != Some(Setup::ActivePassive) || a.vip.is_none() {
            continue;
        }
        for host in model.hosts_in(cluster) {
            let Some((fw, rules)) = firewall_of(host) else { continue };
            let vrrp = rules.iter().any(|r| r.protocol == "vrrp" || r.protocol == "any" || (r.protocol == "proto" && r.ports == Some((112, 112))));
            if vrrp {
                continue;
            }
            out.push(finding(
                model,
                INFO.name,
                INFO.severity,
                vec![fw, host, cluster],
                format!(
                    "{} on {} drops VRRP (IP protocol 112): the members of {} cannot hear each other's adverts, so each claims the virtual IP {}. Add \"vrrp\".",
                    describe(model, fw),
                    describe(model, host),
                    describe(model, cluster),
                    a.vip.as_deref().unwrap_or("")
                ),
            ));
        }
    }
    out
}

/// The protocol a replica uses to reach its primary: the primary's own, by kind and software.
fn replication_protocol(model: &Model, primary: ElementId) -> Option<String> {
    let e = model.element(primary);
    let software = e.attrs.software.as_deref().unwrap_or("").to_ascii_lowercase();
    Some(match e.component_kind()? {
        ComponentKind::Database if software.contains("postgres") => "postgres",
        ComponentKind::Database => "mysql",
        ComponentKind::Cache => "redis",
        ComponentKind::Queue if software.contains("kafka") => "kafka",
        ComponentKind::Queue => "amqp",
        _ => return None,
    }
    .to_string())
}
