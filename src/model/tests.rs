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
