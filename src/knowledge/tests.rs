use super::*;
use crate::model::{
    Access, Algorithm, ComponentKind, ContainerKind, Direction, Failover, Replication, Role, Setup,
    Signal, Tls, Trust,
};

#[test]
fn every_kind_is_explained() {
    for &k in ComponentKind::ALL {
        let info = component(k);
        assert!(info.what.len() > 80, "{k}: {}", info.what);
        assert!(!info.noun.is_empty() && !info.plural.is_empty() && !info.title.is_empty());
    }
    for &k in ContainerKind::ALL {
        assert!(container(k).what.len() > 80, "{k}");
    }
    assert!(container(ContainerKind::Host).what.contains("computer"));
}

#[test]
fn every_value_is_explained_under_its_own_name() {
    for &a in Algorithm::ALL {
        let info = algorithm(a);
        assert_eq!(info.name, a.as_str());
        assert!(info.how.len() > 100, "{a}");
    }
    for &s in Setup::ALL {
        assert_eq!(setup(s).name, s.as_str());
    }
    for &t in Tls::ALL {
        assert_eq!(tls(t).name, t.as_str());
    }
    for &r in Role::ALL {
        assert_eq!(role(r).name, r.as_str());
    }
    for &r in Replication::ALL {
        assert_eq!(replication(r).name, r.as_str());
    }
    for &f in Failover::ALL {
        assert_eq!(failover(f).name, f.as_str());
    }
    for &t in Trust::ALL {
        assert_eq!(trust(t).name, t.as_str());
    }
    for &s in Signal::ALL {
        assert_eq!(signal(s).name, s.as_str());
    }
    for &a in Access::ALL {
        assert_eq!(access(a).name, a.as_str());
    }
    for &d in Direction::ALL {
        assert_eq!(direction(d).name, d.as_str());
    }
}

#[test]
fn haproxy_facts() {
    let rr = algorithm(Algorithm::RoundRobin);
    assert!(rr.dynamic);
    assert_eq!(rr.max_servers, Some(4095));
    assert!(rr.how.contains("dynamic") && rr.how.contains("4095"));
    let srr = algorithm(Algorithm::StaticRr);
    assert!(!srr.dynamic);
    assert_eq!(srr.max_servers, None);
    assert!(srr.how.contains("no limit"));
    assert!(algorithm(Algorithm::LeastConn)
        .suits
        .contains("long sessions"));
    let source = algorithm(Algorithm::Source);
    assert!(source.sticky);
    assert!(source
        .how
        .contains("same server while the set of servers is unchanged"));
    assert!(source.how.contains("client's IP address"));
    // Only the hashing algorithms are sticky; only the HTTP ones need to read requests.
    let sticky: Vec<_> = Algorithm::ALL
        .iter()
        .filter(|a| algorithm(**a).sticky)
        .collect();
    assert_eq!(
        sticky,
        [
            &Algorithm::Source,
            &Algorithm::Uri,
            &Algorithm::UrlParam,
            &Algorithm::Hdr,
            &Algorithm::RdpCookie
        ]
    );
    let http: Vec<_> = Algorithm::ALL
        .iter()
        .filter(|a| algorithm(**a).needs_http)
        .collect();
    assert_eq!(
        http,
        [&Algorithm::Uri, &Algorithm::UrlParam, &Algorithm::Hdr]
    );
    assert_eq!(DEFAULT_ALGORITHM, Algorithm::RoundRobin);
}

#[test]
fn replication_facts() {
    assert!(replication(Replication::Async).detail.contains("lost"));
    assert!(replication(Replication::SemiSync)
        .detail
        .contains("acknowledges"));
    assert!(replication(Replication::Sync)
        .detail
        .contains("no confirmed write is lost"));
    assert!(role(Role::Primary).detail.contains("writes"));
}

#[test]
fn dns_records_parse() {
    let r = dns_record("www.foobar.com A 8.8.8.8").unwrap();
    assert_eq!(
        (r.name.as_str(), r.kind.as_str(), r.value.as_str()),
        ("www.foobar.com", "A", "8.8.8.8")
    );
    assert_eq!(r.subdomain(), Some("www"));
    assert_eq!(r.domain(), "foobar.com");
    assert!(r.known.unwrap().is_address);
    let c = dns_record("shop.foobar.com. 300 IN cname lb.example.net.").unwrap();
    assert_eq!(
        (c.kind.as_str(), c.value.as_str()),
        ("CNAME", "lb.example.net")
    );
    assert!(!c.known.unwrap().is_address);
    let apex = dns_record("foobar.com MX 10 mail.foobar.com").unwrap();
    assert_eq!(apex.subdomain(), None);
    assert_eq!(apex.value, "10 mail.foobar.com");
    assert!(dns_record("www.foobar.com").is_none());
    assert!(dns_record("").is_none());
    assert!(dns_record("x TYPE99 v").unwrap().known.is_none());
}

#[test]
fn protocols() {
    assert!(protocol("http").unwrap().what.contains("TCP/IP"));
    assert_eq!(default_port("https"), Some(443));
    assert_eq!(default_port("MYSQL"), Some(3306));
    assert!(protocol("carrier-pigeon").is_none());
}

// One test per statement corrected in issue 10 ("every fact right").

#[test]
fn a_mysql_replica_refuses_writes_only_with_read_only_set() {
    let d = role(Role::Replica).detail;
    assert!(
        d.contains("`read_only`") && d.contains("`super_read_only`"),
        "{d}"
    );
    assert!(d.contains("off by default"), "{d}");
    assert!(!d.contains("It is kept read-only"), "{d}");
}

#[test]
fn patroni_is_named_for_postgresql_only() {
    let d = failover(Failover::Automatic).detail;
    assert!(d.contains("Patroni for PostgreSQL"), "{d}");
    assert!(
        !d.contains("Patroni for MySQL") && !d.contains("Group Replication"),
        "{d}"
    );
}

#[test]
fn semi_sync_guarantees_only_while_it_stays_semi_sync() {
    let d = replication(Replication::SemiSync).detail;
    assert!(
        d.contains("`rpl_semi_sync_source_timeout`") && d.contains("10"),
        "{d}"
    );
    assert!(
        d.contains("only while a replica stays semi-synchronous"),
        "{d}"
    );
    assert!(recovery_point(Some("semi-sync"), false).contains("falls back"));
}

#[test]
fn haproxy_counts_sessions_per_server_and_requests_per_frontend() {
    let c = backend_counters(Some("HAProxy 2.8")).unwrap();
    assert!(c.contains("sessions per second per server (`rate`)"), "{c}");
    assert!(c.contains("per frontend (`req_rate`)"), "{c}");
    assert!(!c.contains("request rate per server"), "{c}");
    // Another load balancer is not described with HAProxy's counters.
    assert!(!backend_counters(Some("AWS ALB"))
        .unwrap()
        .contains("HAProxy"));
    assert_eq!(backend_counters(None), None);
}

#[test]
fn health_checks_and_slow_start_need_their_keywords() {
    let how = algorithm(Algorithm::RoundRobin).how;
    assert!(how.contains("with `check` on a server"), "{how}");
    assert!(how.contains("with `slowstart`"), "{how}");
    assert!(how.contains("without `check`"), "{how}");
}

#[test]
fn only_the_vrrp_master_sends_adverts_and_track_script_catches_haproxy() {
    for text in [VRRP_HANDOVER, setup(Setup::ActivePassive).detail] {
        assert!(
            text.contains("only the master sends VRRP adverts"),
            "{text}"
        );
        assert!(text.contains("`track_script`"), "{text}");
        assert!(!text.contains("exchange"), "{text}");
    }
}

#[test]
fn reencryption_covers_only_its_own_hop() {
    let d = tls(Tls::Reencrypt).detail;
    assert!(!d.contains("every network it crosses"), "{d}");
    assert!(
        d.contains("other hops are encrypted only if they use TLS themselves"),
        "{d}"
    );
}

#[test]
fn recovery_time_follows_the_failover() {
    assert!(recovery_time(Failover::Automatic, true).contains("seconds"));
    assert!(recovery_time(Failover::Manual, true).contains("by hand"));
    assert!(recovery_time(Failover::Automatic, false).contains("backup"));
    assert!(recovery_point(None, false).contains("last backup"));
    assert!(recovery_point(Some("async"), false).contains("not yet shipped"));
}

#[test]
fn the_new_operations_material_says_what_to_do() {
    assert!(BACKUPS.contains("Replication is not a backup"));
    assert!(ADMIN_ACCESS.contains("bastion"));
    assert!(HTTPS_REDIRECT.contains("301") && HTTPS_REDIRECT.contains("Strict-Transport-Security"));
    assert!(HEADROOM.contains("(n−1)/n"));
}

/// PostgreSQL's synchronous standby does not fall back to asynchronous replication by itself:
/// the MySQL semi-sync timeout is not said of it.
#[test]
fn postgres_recovery_point_has_no_semi_sync_fallback() {
    let pg = recovery_point(Some("semi-sync"), true);
    assert!(
        !pg.contains("rpl_semi_sync") && !pg.contains("falls back"),
        "{pg}"
    );
    assert!(pg.contains("synchronous_standby_names"), "{pg}");
    assert!(super::is_postgres(["PostgreSQL primary"]));
    assert!(super::is_postgres(["mysql", "postgres"]));
    assert!(!super::is_postgres(["MySQL 8.0", "mysql"]));
}

#[test]
fn reasons_fill_their_markers_in_order_and_end_in_a_full_stop() {
    use super::{fill, Reason};
    let mut seen = Vec::new();
    let out = fill("Sends {first} to {rest}, then {first}.", |k| {
        seen.push(k.to_string());
        format!("<{k}>")
    });
    assert_eq!(out, "Sends <first> to <rest>, then <first>.");
    assert_eq!(seen, ["first", "rest", "first"]);
    assert_eq!(
        fill("a {b", |_| "x".into()),
        "a {b",
        "an unclosed marker stays"
    );
    let all = [
        Reason::Client,
        Reason::DnsNamed,
        Reason::DnsUnnamed,
        Reason::Cdn,
        Reason::HostFirewall,
        Reason::NetworkFirewall,
        Reason::BalancerFailover,
        Reason::BalancerSpread,
        Reason::BalancerOne,
        Reason::BalancerNone,
        Reason::WebPasses,
        Reason::WebAlone,
        Reason::AppRunsCode,
        Reason::AppAlone,
        Reason::CodebaseRun,
        Reason::CodebaseAlone,
        Reason::PrimaryReplicated,
        Reason::PrimaryAlone,
        Reason::ReplicaOf,
        Reason::ReplicaOfUnknown,
        Reason::Standalone,
        Reason::Cache,
        Reason::Queue,
        Reason::Storage,
        Reason::AgentSends,
        Reason::AgentAlone,
        Reason::MonitoringWatches,
        Reason::MonitoringStores,
        Reason::ServiceUsedByOne,
        Reason::ServiceUsedByMany,
        Reason::ServiceAlone,
        Reason::HostRuns,
        Reason::HostEmpty,
        Reason::FailureZone,
        Reason::TrustZone,
        Reason::Cluster,
        Reason::Group,
    ];
    let known = [
        "names", "host", "first", "rest", "backends", "backend", "apps", "code", "sources",
        "replicas", "primary", "collects", "to", "inside", "trust", "members",
    ];
    for r in all {
        let t = r.template();
        assert!(t.ends_with('.'), "{r:?}: {t}");
        fill(t, |k| {
            assert!(known.contains(&k), "{r:?}: unknown marker {k}");
            String::new()
        });
    }
}
