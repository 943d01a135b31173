//! The "Operations" section: headroom when a member is down, the database's recovery point
//! and time, backups, administrators' access and the HTTP→HTTPS redirect, with the design's
//! figures where it has them and saying where it does not. The general sentences come from
//! [`crate::knowledge`].

use super::tree::{Blocks, List};
use super::{code, join_and, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ElementId, Failover, LinkKind, Role};

impl Doc<'_> {
    /// The "Operations" section: headroom, backups, administrative access, the HTTPS
    /// redirect and the like, as they apply to this design; nothing when none applies.
    pub(super) fn operations(&self) -> Blocks {
        let m = self.m;
        // The general advice is in Background; the shorter documents link to it.
        let general = |text: &'static str, pointer: &str| -> String {
            if self.full {
                text.to_string()
            } else {
                format!("{pointer} ([Running it](#running-it)).")
            }
        };
        let mut items: Vec<String> = Vec::new();
        // Headroom: each set of two or more backends, with the load balancers in front of it.
        let mut sets: Vec<(Vec<ElementId>, Vec<ElementId>)> = Vec::new();
        for lb in m.components_of(C::LoadBalancer) {
            let backends = self.backends(lb);
            if backends.len() < 2 {
                continue;
            }
            match sets.iter_mut().find(|(b, _)| *b == backends) {
                Some((_, lbs)) => lbs.push(lb),
                None => sets.push((backends, vec![lb])),
            }
        }
        for (backends, lbs) in &sets {
            let n = backends.len();
            let ids: Vec<String> = backends.iter().map(|&b| code(&m.element(b).id)).collect();
            let fronts: Vec<String> = lbs.iter().map(|&l| code(&m.element(l).id)).collect();
            let limit = 100.0 * (n as f64 - 1.0) / n as f64;
            items.push(format!(
                "**Headroom.** With one of {} down, the other {} carry all the traffic of {}: each must stay below {limit:.0}% of its capacity at peak. The design gives no capacity figures to check this.",
                join_and(&ids),
                if n == 2 { "one must".to_string() } else { format!("{} must", n - 1) },
                join_and(&fronts),
            ));
        }
        let has_db = m.components_of(C::Database).next().is_some();
        // Backups: a link that carries no requests and says "backup".
        let backups = m.links.iter().any(|l| {
            l.kind == LinkKind::NonRequest
                && [l.label.as_deref(), l.protocol.as_deref()]
                    .iter()
                    .flatten()
                    .any(|t| t.to_ascii_lowercase().contains("backup"))
        });
        // Recovery point and time of each database primary.
        for db in m.components_of(C::Database) {
            let e = m.element(db);
            if e.attrs.role == Some(Role::Replica) || m.managed(db) {
                continue;
            }
            let replicas: Vec<ElementId> = m.replicas_of(db);
            let protocols = m.incoming(db).filter_map(|l| m.link(l).protocol.as_deref());
            let postgres = knowledge::is_postgres(
                [e.attrs.software.as_deref().unwrap_or(""), e.label.as_str()]
                    .into_iter()
                    .chain(protocols),
            );
            let failover = e
                .attrs
                .failover
                .or_else(|| e.parent.and_then(|p| m.element(p).attrs.failover))
                .unwrap_or(Failover::None);
            let mode = replicas
                .first()
                .map(|&r| self.replication_of(db, r).as_str());
            items.push(format!(
                "**Recovery of {}.** Recovery point (acknowledged writes lost with it): {}. Recovery time (until writes work again): {}.",
                code(&e.id),
                if mode.is_none() && !backups {
                    knowledge::RECOVERY_POINT_NO_COPY
                } else {
                    knowledge::recovery_point(mode, postgres)
                },
                knowledge::recovery_time(failover, !replicas.is_empty()),
            ));
        }
        if has_db && !backups {
            // "Replication is no backup" only where there is replication.
            let replicated = m
                .components_of(C::Database)
                .any(|d| !m.replicas_of(d).is_empty());
            items.push(format!(
                "**Backups.** The design shows none (no `~>` link labelled \"backup\"). {}",
                general(
                    knowledge::BACKUPS,
                    if replicated {
                        "Replication is no backup: it copies a mistake within a second"
                    } else {
                        "Only a backup brings the data back after a lost disk or a bad migration"
                    }
                )
            ));
        }
        // Administrators' access.
        let ssh: Vec<String> = m
            .links
            .iter()
            .filter(|l| l.protocol.as_deref() == Some("ssh"))
            // A link written to a host reaches the host itself.
            .map(|l| l.via[1].unwrap_or(l.to))
            .collect::<std::collections::BTreeSet<ElementId>>()
            .into_iter()
            .map(|e| code(&m.element(e).id))
            .collect();
        if ssh.is_empty() {
            if m.containers(crate::model::ContainerKind::Host)
                .next()
                .is_some()
            {
                items.push(format!(
                    "**Admin access.** The design does not say how administrators reach the hosts. {}",
                    general(knowledge::ADMIN_ACCESS, "Use SSH keys through one bastion host or a VPN")
                ));
            }
        } else {
            items.push(format!(
                "**Admin access.** Administrators reach {} over SSH. {}",
                join_and(&ssh),
                general(
                    knowledge::ADMIN_ACCESS,
                    "Use SSH keys through one bastion host or a VPN"
                )
            ));
        }
        // The HTTP→HTTPS redirect.
        let ports = self.entry_ports();
        let https = ports.iter().any(|p| p == "tcp/443");
        let http = ports.iter().any(|p| p == "tcp/80");
        match (https, http) {
            (true, true) => items.push(format!(
                "**HTTPS redirect.** Clients reach the site on both port 443 and port 80. {}",
                general(
                    knowledge::HTTPS_REDIRECT,
                    "Answer port 80 only with a redirect to HTTPS"
                )
            )),
            (true, false) => {
                // A firewall on a host that the clients reach may admit port 80 for the
                // redirect, though no link of the design uses it.
                let m = self.m;
                let entered: std::collections::BTreeSet<ElementId> = m
                    .links
                    .iter()
                    .filter(|l| m.element(l.from).is(C::Client) && !m.element(l.to).is(C::Dns))
                    .filter_map(|l| m.host_of(l.via[1].unwrap_or(l.to)).or(l.via[1]))
                    .collect();
                let open: Vec<String> = m
                    .components_of(C::Firewall)
                    .filter(|&f| m.host_of(f).is_some_and(|h| entered.contains(&h)))
                    .filter(|&f| {
                        m.element(f)
                            .attrs
                            .allow
                            .iter()
                            .any(|a| a.split_whitespace().next() == Some("tcp/80"))
                    })
                    .map(|f| code(&m.element(f).id))
                    .collect();
                let said = if open.is_empty() {
                    "The design serves only port 443, so a browser that tries plain HTTP first gets no answer.".to_string()
                } else {
                    format!(
                        "Clients reach the site on port 443; {} also {} port 80, which no link of the design uses.",
                        join_and(&open),
                        if open.len() == 1 { "admits" } else { "admit" }
                    )
                };
                items.push(format!(
                    "**HTTPS redirect.** {said} {}",
                    general(
                        knowledge::HTTPS_REDIRECT,
                        "Answer port 80 only with a redirect to HTTPS"
                    )
                ))
            }
            _ => {}
        }
        let mut out = Blocks::default();
        if items.is_empty() {
            return out;
        }
        out.heading(2, "Operations");
        out.list(List::bullets(items));
        out
    }
}
