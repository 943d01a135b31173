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
    assert!(role(Role::Replica).detail.contains("read-only"));
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
