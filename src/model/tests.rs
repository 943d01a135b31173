use super::*;

fn model(src: &str) -> Model {
    match crate::compile(src, "test") {
        Ok(c) => c.model,
        Err(e) => panic!("{e:#?}"),
    }
}

fn errors(src: &str) -> Vec<&'static str> {
    match crate::compile(src, "test") {
        Ok(_) => Vec::new(),
        Err(e) => e.iter().map(|d| d.code).collect(),
    }
}

#[test]
fn language_examples_compile() {
    for src in [
        include_str!("../../tests/fixtures/language/example-1.arch"),
        include_str!("../../tests/fixtures/language/example-2.arch"),
    ] {
        let m = model(src);
        assert!(m.components().count() > 5);
    }
}

#[test]
fn fan_out_chains_and_clusters_expand() {
    let m = model(
        "client u\ncluster c { host h1 { web_server a; firewall f }; host h2 { web_server b } }\nservice s\nservice t\nu -> c -> s, t : http",
    );
    let pairs: Vec<(String, String)> = m
        .links
        .iter()
        .map(|l| (m.element(l.from).id.clone(), m.element(l.to).id.clone()))
        .collect();
    let want = [
        ("u", "a"),
        ("u", "b"),
        ("a", "s"),
        ("a", "t"),
        ("b", "s"),
        ("b", "t"),
    ];
    assert_eq!(pairs.len(), want.len());
    for (f, t) in want {
        assert!(pairs.contains(&(f.into(), t.into())), "missing {f}->{t}");
    }
    assert_eq!(m.graph.edge_count(), 6);
}

#[test]
fn containers_failure_domains_trust_and_defaults() {
    let m = model(
        "zone z { trust = dmz; host h { web_server w { tls = passthrough } } }\nclient u\ndns d\ndatabase p\ndatabase r { replicates = p }\nu -> w : https",
    );
    let w = m.find("w").unwrap();
    assert_eq!(m.failure_domain(w), m.find("h").unwrap());
    assert_eq!(m.trust(w), Trust::Dmz);
    assert_eq!(m.trust(m.find("u").unwrap()), Trust::Untrusted);
    assert!(m.managed(m.find("d").unwrap()));
    assert!(!m.managed(w));
    assert_eq!(m.tls(w), Tls::Passthrough);
    assert_eq!(m.role(m.find("r").unwrap()), Role::Replica);
    assert_eq!(m.role(m.find("p").unwrap()), Role::Primary);
    assert!(m.links[0].encrypted);
}

#[test]
fn tls_defaults_to_terminate_on_encrypted_input() {
    let m = model("client u\nload_balancer lb\nweb_server w\nu -> lb : https\nlb -> w : http");
    assert_eq!(m.tls(m.find("lb").unwrap()), Tls::Terminate);
    assert_eq!(m.tls(m.find("w").unwrap()), Tls::None);
}

#[test]
fn replication_link_declares_replication() {
    let m = model("database a { role = primary }\ndatabase b\na -> b : replication");
    assert_eq!(
        m.element(m.find("b").unwrap()).attrs.replicates,
        m.find("a")
    );
}

#[test]
fn semantic_errors_are_all_reported() {
    assert_eq!(errors("servce s"), ["E0201"]);
    assert_eq!(errors("service s\nservice s"), ["E0202"]);
    assert_eq!(errors("service s\ns -> t"), ["E0203"]);
    assert_eq!(errors("service s { colour = red }"), ["E0204"]);
    assert_eq!(
        errors("load_balancer l { algorithm = roundrobbin }"),
        ["E0205"]
    );
    assert_eq!(
        errors("service s\ndatabase d { replicates = s }"),
        ["E0208"]
    );
    assert_eq!(errors("zone z { service s }\nservice t\nt -> z"), ["E0209"]);
    assert_eq!(errors("cluster c { service a; database b }"), ["E0210"]);
    assert_eq!(errors("host h { zone z { service s } }"), ["E0207"]);
    assert_eq!(
        errors("servce s\nservice t { colour = red }\nt -> u"),
        ["E0201", "E0204", "E0203"]
    );
}

#[test]
fn x_keys_are_kept_and_labels_default_to_ids() {
    let m = model("service s { x-owner = \"team\"; x-cost = 3 }\nservice t \"Tee\"");
    let s = m.element(m.find("s").unwrap());
    assert_eq!(s.label, "s");
    assert_eq!(
        s.attrs.extra,
        [
            ("x-owner".into(), "team".into()),
            ("x-cost".into(), "3".into())
        ]
    );
    assert_eq!(m.element(m.find("t").unwrap()).label, "Tee");
}

#[test]
fn shipped_examples_compile() {
    for src in [
        include_str!("../../examples/0-simple_web_stack.arch"),
        include_str!("../../examples/1-distributed_web_infrastructure.arch"),
        include_str!("../../examples/2-secured_and_monitored_web_infrastructure.arch"),
        include_str!("../../examples/3-scale_up.arch"),
    ] {
        model(src);
    }
}

#[test]
fn language_0_2_example_compiles() {
    let m = model(include_str!("../../tests/fixtures/language/example-3.arch"));
    assert_eq!(m.title, "Pastebin");
    assert_eq!(m.instances(m.find("worker").unwrap()), 2);
    assert_eq!(
        m.element(m.find("worker").unwrap()).attrs.instances,
        Some(Instances { min: 2, max: 4 })
    );
    assert_eq!(m.trust(m.find("analytics-job").unwrap()), Trust::Trusted);
    let repl: Vec<&Link> = m
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Replication)
        .collect();
    assert_eq!(repl.len(), 2);
    let opt: Vec<&Link> = m.links.iter().filter(|l| l.optional).collect();
    assert_eq!(
        opt.len(),
        4,
        "each member of read-api to each member of the cache"
    );
}

/// Each 0.2 construct compiles as written (positive) and each misuse is reported with its
/// code (negative).
#[test]
fn language_0_2_constructs() {
    let ok = |src: &str| model(src);
    // Alternatives and links that carry no requests.
    let m = ok("client u\nweb_server a\nweb_server b\nservice hpa\nu -> a | b : https\nhpa ~> a, b \"scales\"");
    let alts: Vec<Option<usize>> = m.links.iter().map(|l| l.alternatives).collect();
    assert!(alts[0].is_some() && alts[0] == alts[1] && alts[2].is_none());
    assert_eq!(m.links[2].kind, LinkKind::NonRequest);
    // Monitoring to monitoring carries no requests, whichever arrow.
    let m = ok("monitoring agent\nmonitoring svc\nagent -> svc : https");
    assert_eq!(m.links[0].kind, LinkKind::NonRequest);
    // Flows, `flows = [...]`, `optional`.
    let m = ok("flow checkout \"Checkout\" { access = write }\nclient u\nservice s\nservice c\nu -> s { flows = [checkout] }\ns -> c { optional = true }");
    assert_eq!(m.flows[0].access, Access::Write);
    assert_eq!(m.links[0].flows, Some(vec![FlowRef::Named(0)]));
    assert!(m.links[1].optional);
    // Links to hosts reach the component the protocol names.
    let m = ok("client admin\nhost web-01 { web_server n; database d; monitoring a }\nadmin ~> web-01 : ssh\nadmin -> web-01 : mysql");
    assert_eq!(m.element(m.links[0].to).id, "n");
    assert_eq!(m.element(m.links[1].to).id, "d");
    assert_eq!(m.links[0].via[1], m.find("web-01"));
    // Failure-domain zones, `zone =`, `zones =`.
    let m = ok("zone az-a { failure_domain = true }\nzone az-b { failure_domain = true }\nzone private { trust = trusted }\nhost h { zone = az-a; web_server w }\nservice s { instances = 2; zones = [az-a, az-b] }");
    let w = m.find("w").unwrap();
    assert_eq!(m.failure_zones_of(w), [m.find("az-a").unwrap()]);
    assert_eq!(
        m.trust(w),
        Trust::Untrusted,
        "a failure-domain zone without trust changes no trust"
    );
    // Clusters of servers, nested clusters, clusters in hosts, groups.
    let m = ok("client u\ncluster webs { host w1 { web_server n1; app_server p1 }; host w2 { web_server n2; app_server p2 } }\nu -> webs : http");
    let targets: Vec<&str> = m
        .links
        .iter()
        .map(|l| m.element(l.to).id.as_str())
        .collect();
    assert_eq!(targets, ["n1", "n2"]);
    assert!(m.is_server_cluster(m.find("webs").unwrap()));
    ok("cluster outer { cluster a { service a1; service a2 }; cluster b { service b1 } }\nhost h { cluster procs { service p1; service p2 } }\ngroup g \"Team\" { service x; host hh { service y } }");
    // State outside databases, certificate on a CDN, DNS record types.
    ok("cache c1 { role = primary; failover = automatic }\ncache c2 { replicates = c1; replication = async }\nqueue q { managed = true; replicas = 3 }\nstorage s { replicas = 3 }\ncdn e { certificate = \"www.example.com\" }\ndns d { records = [\"example.com ALIAS e\", \"www.example.com CNAME e\", \"example.com CAA 0 issue letsencrypt.org\", \"example.com AAAA 2001:db8::1\"] }");
    // The negative side: each misuse and its code.
    let cases: [(&str, &str); 17] = [
        ("service a\ndatabase d\ncache c\na -> d | c", "E0214"),
        ("service a\nservice b\nservice c\na | b -> c", "E0214"),
        ("service a\nservice b\nservice c\na ~> b | c", "E0214"),
        ("host h { service s }\nservice t { zone = h }", "E0215"),
        ("zone z { failure_domain = true }\nhost h { service s { zone = z } }", "E0215"),
        ("zone z\nservice s { instances = 2; zones = [z] }", "E0215"),
        ("zone z { failure_domain = true }\nservice s { zones = [z] }", "E0215"),
        ("zone a\nzone b\nzone c { trust = dmz }\nhost h { zone = a; service s }\nzone d { host h2 { zone = c; service s2 } }", "E0215"),
        ("service s { instances = 0 }", "E0205"),
        ("service s { instances = 5..2 }", "E0205"),
        ("service s { instances = 100000 }", "E0205"),
        ("flow checkout\nservice a\nservice b\na -> b { flows = [chekout] }", "E0203"),
        ("service a\nservice b { instances = 0..1 }\na -> b", "E0216"),
        ("cluster c { host h1 { web_server a; app_server b }; host h2 { web_server x } }", "E0210"),
        ("host h { flow f }", "E0207"),
        ("service a\nservice b\na ~> b { optional = true }", "E0211"),
        ("dns d { records = [\"www.example.com AA 1.2.3.4\"] }", "E0205"),
    ];
    for (src, code) in cases {
        assert_eq!(errors(src), [code], "{src}");
    }
    assert_eq!(errors("flow reads"), ["E0218"]);
    // Did-you-mean for a flow and a zone.
    let e = crate::compile(
        "flow checkout\nservice a\nservice b\na -> b { flows = [chekout] }",
        "t",
    )
    .unwrap_err();
    assert!(e[0]
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `checkout`?"));
    let e = crate::compile(
        "zone az-a { failure_domain = true }\nhost h { zone = az-b; service s }",
        "t",
    )
    .unwrap_err();
    assert!(
        e[0].help
            .as_deref()
            .unwrap()
            .contains("did you mean `az-a`?"),
        "{e:?}"
    );
    // A design with no client compiles with a warning.
    let c = crate::compile("service s", "t").unwrap();
    assert_eq!(
        c.warnings.iter().map(|w| w.code).collect::<Vec<_>>(),
        ["W0201"]
    );
}
