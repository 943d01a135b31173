//! General sentences about running a design: handing over a virtual IP, counting requests on a
//! load balancer, backups, recovery point and time, administrators' access, the HTTP→HTTPS
//! redirect, and headroom when a member is down.
//!
//! Sources: RFC 5798 (VRRP version 3), section 6.4.3 (only the master sends adverts);
//! keepalived's manual, `vrrp_script` and `track_script`; the HAProxy management guide,
//! section 9.1 (the statistics CSV: `rate` is sessions per second per server, `req_rate` is
//! HTTP requests per second per frontend); the MySQL 8.0 reference manual, section 19.4.10
//! (`rpl_semi_sync_source_timeout`, 10,000 ms by default).

use crate::model::Failover;

/// How keepalived moves a virtual IP between two load balancers, in a clause that follows
/// "it claims `VIP`": what VRRP sends, and what failure it notices without help.
pub const VRRP_HANDOVER: &str = "with keepalived, only the master sends VRRP adverts, once a \
second by default; a backup that stops hearing them claims the address and announces it with \
a gratuitous ARP. keepalived notices a dead machine or a dead keepalived, but a dead HAProxy \
process only with a `track_script` that checks it";

/// What a load balancer's own statistics count per backend server, by its `software`
/// (lower-case, as written in the design): a sentence, or `None` when archc does not know the
/// software's counters.
pub fn backend_counters(software: Option<&str>) -> Option<&'static str> {
    let s = software?.to_ascii_lowercase();
    if s.contains("haproxy") {
        Some(
            "HAProxy's statistics give sessions per second per server (`rate`) and HTTP \
             requests per second per frontend (`req_rate`)",
        )
    } else if s.contains("nginx") {
        Some("Nginx's `stub_status` counts requests for the whole proxy, not per backend")
    } else if s.contains("elb") || s.contains("alb") || s.contains("aws") {
        Some("the AWS load balancer's CloudWatch metrics give `RequestCount` per target group")
    } else {
        None
    }
}

/// Why a design needs backups, whatever its replication: a sentence.
pub const BACKUPS: &str = "Replication is not a backup: a `DROP TABLE` or a bad migration \
reaches every replica within a second. Backups (a nightly dump or snapshot, plus the binary \
or write-ahead log kept in between) are what bring data back, and only a restore that has \
been tried proves that they work.";

/// Whether a database is PostgreSQL, from the words that name it (its `software`, its label,
/// the protocols of the links into it): its replication has no semi-synchronous fallback.
pub fn is_postgres<'w>(words: impl IntoIterator<Item = &'w str>) -> bool {
    words
        .into_iter()
        .any(|w| w.to_ascii_lowercase().contains("postgres"))
}

/// The recovery point (how much acknowledged data a failure of the primary loses) implied by
/// a replication mode written as in the language (`async`, `semi-sync`, `sync`), or by no
/// replica at all (`None`). `postgres` says the database is PostgreSQL, whose synchronous
/// standby (`synchronous_standby_names`) never falls back to asynchronous replication by
/// itself: commits wait for it instead (PostgreSQL documentation, "Synchronous Replication").
pub fn recovery_point(replication: Option<&str>, postgres: bool) -> &'static str {
    match replication {
        None => "everything written since the last backup, since no replica holds a copy",
        Some("sync") => "nothing that was acknowledged, since every commit waits for the replicas",
        Some("semi-sync") if postgres => {
            "nothing that was acknowledged: with a synchronous standby \
             (`synchronous_standby_names`), each commit waits for the standby's answer, and \
             when the standby is gone commits wait rather than fall back to asynchronous \
             replication"
        }
        Some("semi-sync") => {
            "nothing that was acknowledged while a replica stays semi-synchronous; after \
             `rpl_semi_sync_source_timeout` (10 seconds by default) without an answer the \
             primary falls back to asynchronous replication, and then the writes not yet \
             shipped"
        }
        Some(_) => "the writes not yet shipped to the replica, usually less than a second of them, more under heavy writes",
    }
}

/// The recovery time of writes after the primary fails, by the failover that promotes a
/// replica.
pub fn recovery_time(failover: Failover, has_replica: bool) -> &'static str {
    match (failover, has_replica) {
        (_, false) => "hours, until the server is repaired or rebuilt and the last backup restored",
        (Failover::Automatic, true) => {
            "seconds to a minute, while the orchestrator promotes a replica"
        }
        (Failover::Manual, true) => {
            "as long as it takes someone to promote the replica by hand: minutes with a tested \
             runbook and someone on call, hours otherwise"
        }
        (Failover::None, true) => {
            "as long as it takes someone to notice, promote the replica by hand and repoint the \
             application: hours"
        }
    }
}

/// The recovery point of a primary with no replica in a design that shows no backup.
pub const RECOVERY_POINT_NO_COPY: &str =
    "all of its data, since no replica holds a copy and the design shows no backup";

/// How administrators should reach hosts: a sentence.
pub const ADMIN_ACCESS: &str = "Administrators reach the hosts over SSH with keys (no \
passwords), ideally through one bastion host or a VPN, with port 22 closed to the internet on \
every other host.";

/// Why and how plain HTTP is redirected to HTTPS: a sentence.
pub const HTTPS_REDIRECT: &str = "Port 80 should stay open only to answer every request with a \
permanent redirect (301) to the same URL over HTTPS, and the site should send \
`Strict-Transport-Security` so that browsers stop trying plain HTTP at all.";

/// What headroom means when a member of a tier is down: a sentence.
pub const HEADROOM: &str = "When one member of an active-active tier fails, the others take \
its share, so each must run below (n−1)/n of its capacity at peak to absorb it.";
