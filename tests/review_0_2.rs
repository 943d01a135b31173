//! The review of language 0.2 designs: the LANGUAGE.md 0.2 example finding by finding, and
//! the behaviours the failure model promises (needed-together against alternatives, a static
//! site, a database pair in one zone, background jobs, what-if per flow).

use std::path::Path;

use archc::analysis::{self, Outcome, Review, Severity};
use archc::model::Model;
use assert_cmd::Command;

fn review(src: &str) -> (Model, Review) {
    let model = archc::compile(src, "t").unwrap().model;
    let review = analysis::review(&model);
    (model, review)
}

/// The findings as `(severity, rule, first element)`, in review order.
fn summary(m: &Model, r: &Review) -> Vec<(Severity, &'static str, String)> {
    r.findings
        .iter()
        .map(|f| (f.severity, f.rule, m.element(f.elements[0]).id.clone()))
        .collect()
}

fn example() -> (Model, Review) {
    review(include_str!("fixtures/language/example-3.arch"))
}

#[test]
fn the_0_2_example_has_no_single_point_of_failure_for_reads_or_writes() {
    let (m, r) = example();
    let all = summary(&m, &r);
    assert!(
        !all.iter().any(|f| f.1 == "single-point-of-failure"),
        "{all:#?}"
    );
    // Every finding above `low`, one by one: nothing is filtered, nothing is encrypted or
    // monitored, and TLS ends at the load balancers.
    let above_low: Vec<(Severity, &str, String)> = all
        .iter()
        .filter(|f| f.0 < Severity::Low)
        .cloned()
        .collect();
    let mut expected: Vec<(Severity, &str, String)> = Vec::new();
    for id in [
        "lb-1", "lb-2", "w1", "w2", "wa1", "wa2", "ra1", "ra2", "c1", "c2", "sql", "sql-r1",
        "sql-r2",
    ] {
        expected.push((Severity::High, "no-firewall", id.to_string()));
    }
    for id in ["lb-1", "lb-2"] {
        expected.push((
            Severity::Medium,
            "tls-terminated-at-load-balancer",
            id.to_string(),
        ));
    }
    for id in [
        "lb-1", "lb-2", "w1", "w2", "wa1", "wa2", "ra1", "ra2", "c1", "c2", "sql", "sql-r1",
        "sql-r2", "worker",
    ] {
        expected.push((Severity::Medium, "no-monitoring", id.to_string()));
    }
    let mut got = above_low.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    // The trusted analytics job is no untrusted place: no exposure, no plain-text finding.
    assert!(!all
        .iter()
        .any(|f| matches!(f.1, "database-exposed" | "no-https" | "unreachable")));
}

#[test]
fn the_0_2_example_loses_its_cache_as_a_degradation() {
    let (m, r) = example();
    let degraded: Vec<&analysis::Finding> = r
        .findings
        .iter()
        .filter(|f| f.rule == "optional-dependency")
        .collect();
    assert_eq!(degraded.len(), 1);
    assert_eq!(degraded[0].severity, Severity::Info);
    assert_eq!(m.element(degraded[0].elements[0]).id, "cache");
    assert!(degraded[0]
        .message
        .contains("`reads` degrades but does not stop"));
    let w = analysis::what_if(&m, &[m.find("cache").unwrap()]);
    let reads = w.flows.iter().find(|f| f.name == "reads").unwrap();
    assert_eq!(reads.outcome, Outcome::Degrades);
    let ids: Vec<&str> = reads
        .degraded
        .iter()
        .map(|&c| m.element(c).id.as_str())
        .collect();
    assert_eq!(ids, ["ra1", "ra2"]);
}

#[test]
fn the_0_2_example_reports_its_replicas_as_a_double_point_of_failure_for_reads() {
    let (m, r) = example();
    let pairs: Vec<(Vec<String>, &str)> = r
        .findings
        .iter()
        .filter(|f| f.rule == "double-point-of-failure")
        .map(|f| {
            (
                f.elements
                    .iter()
                    .map(|&e| m.element(e).id.clone())
                    .collect(),
                f.message.as_str(),
            )
        })
        .collect();
    let replicas = pairs
        .iter()
        .find(|(ids, _)| ids == &["sql-r1", "sql-r2"])
        .unwrap_or_else(|| panic!("{pairs:#?}"));
    assert!(replicas.1.contains("stops serving requests"));
    assert!(!replicas.1.contains("writes"));
    // The other pairs: each cluster of two, and the two copies of the worker.
    let firsts: Vec<&str> = pairs.iter().map(|(ids, _)| ids[0].as_str()).collect();
    assert_eq!(firsts, ["lb-1", "w1", "wa1", "ra1", "sql-r1", "worker"]);
}

#[test]
fn failing_both_replicas_stops_reads_and_not_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::cargo_bin("archc")
        .unwrap()
        .current_dir(root)
        .args([
            "check",
            "--format",
            "json",
            "--fail",
            "sql-r1,sql-r2",
            "tests/fixtures/language/example-3.arch",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let w = &json["what_if"];
    assert_eq!(w["down"], serde_json::json!(["sql-r1", "sql-r2"]));
    assert_eq!(w["flows"]["reads"], "stops");
    assert_eq!(w["flows"]["writes"], "continues");
    assert_eq!(w["flows"]["background"], "continues");
    // With its replicas gone, the primary is the last node that takes writes.
    let appear: Vec<(&str, &str)> = w["appear"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["elements"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        appear.contains(&("single-point-of-failure", "sql")),
        "{appear:?}"
    );
    // Availability is keyed by flow.
    let a = &json["availability"];
    for flow in ["reads", "writes", "background"] {
        assert!(a[flow].as_f64().is_some_and(|v| v > 0.999), "{a}");
    }
}

#[test]
fn needed_together_stops_when_either_is_lost_alternatives_survive_either() {
    let together = "client user\nservice a\nservice b\nservice c\nuser -> a : https\na -> b, c";
    let (m, r) = review(together);
    let spofs: Vec<String> = summary(&m, &r)
        .into_iter()
        .filter(|f| f.1 == "single-point-of-failure")
        .map(|f| f.2)
        .collect();
    assert_eq!(spofs, ["a", "b", "c"]);
    let w = analysis::what_if(&m, &[m.find("c").unwrap()]);
    assert!(w.flows.iter().all(|f| f.outcome == Outcome::Stops));

    let either = "client user\nservice a\nservice b\nservice c\nuser -> a : https\na -> b | c";
    let (m, r) = review(either);
    let spofs: Vec<String> = summary(&m, &r)
        .into_iter()
        .filter(|f| f.1 == "single-point-of-failure")
        .map(|f| f.2)
        .collect();
    assert_eq!(spofs, ["a"]);
    for lost in ["b", "c"] {
        let w = analysis::what_if(&m, &[m.find(lost).unwrap()]);
        assert!(
            w.flows.iter().all(|f| f.outcome == Outcome::Continues),
            "{lost}"
        );
    }
}

#[test]
fn a_static_site_on_a_cdn_and_a_bucket_serves_reads() {
    let (m, r) = review(
        "client user\ncdn edge\nstorage bucket { managed = true }\nuser -> edge : https\nedge -> bucket : https",
    );
    let a = r.availability.as_ref().unwrap();
    let reads = a.reads.unwrap();
    assert!(reads.value > 0.999, "{reads:?}");
    assert!(!r.assumptions.iter().any(|s| s.contains("no database")));
    assert!(summary(&m, &r)
        .iter()
        .all(|f| f.1 != "single-point-of-failure"));
    // With an unmanaged bucket, the bucket is the single point of failure for reads.
    let (m, r) = review("client user\ncdn edge\nstorage bucket\nuser -> edge : https { access = read }\nedge -> bucket : https");
    assert_eq!(
        summary(&m, &r)
            .into_iter()
            .filter(|f| f.1 == "single-point-of-failure")
            .collect::<Vec<_>>(),
        [(
            Severity::Critical,
            "single-point-of-failure",
            "bucket".to_string()
        )]
    );
    assert!(r.availability.as_ref().unwrap().writes.is_none());
}

#[test]
fn a_database_pair_in_one_zone_makes_the_zone_a_single_point_of_failure_for_writes() {
    let src = |replica_zone: &str| {
        format!(
            "client user\nzone az-a {{ failure_domain = true }}\nzone az-b {{ failure_domain = true }}\n\
             cluster webs {{ host web-1 {{ zone = az-a; app_server p1 }}; host web-2 {{ zone = az-b; app_server p2 }} }}\n\
             host db-1 {{ zone = az-a; database primary {{ role = primary; failover = automatic }} }}\n\
             host db-2 {{ zone = {replica_zone}; database replica {{ replicates = primary }} }}\n\
             user -> webs : https\nwebs -> primary : mysql {{ access = write }}\nwebs -> replica : mysql {{ access = read }}\n"
        )
    };
    let (m, r) = review(&src("az-a"));
    let spofs: Vec<(Severity, &str, String)> = summary(&m, &r)
        .into_iter()
        .filter(|f| f.1 == "single-point-of-failure")
        .collect();
    // Reads survive on... nothing in az-b either: the read link reaches only the replica and
    // the primary, both in az-a.
    assert_eq!(spofs.len(), 1, "{spofs:?}");
    assert_eq!(spofs[0].2, "az-a");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "single-point-of-failure")
        .unwrap();
    assert!(f.message.contains("accepting writes"), "{}", f.message);
    assert!(
        f.message.contains("`db-1` and `db-2` in it"),
        "{}",
        f.message
    );
    let (m, r) = review(&src("az-b"));
    assert!(summary(&m, &r)
        .iter()
        .all(|f| f.1 != "single-point-of-failure"));
}

#[test]
fn a_single_consumer_stops_background_jobs_at_medium_severity() {
    let (m, r) = review(
        "client user\nservice api { instances = 2 }\nqueue jobs { managed = true }\nservice worker\n\
         user -> api : https\napi -> jobs : amqp\nworker -> jobs : amqp { access = read }\n",
    );
    let spofs: Vec<(Severity, &str, String)> = summary(&m, &r)
        .into_iter()
        .filter(|f| f.1 == "single-point-of-failure")
        .collect();
    assert_eq!(
        spofs,
        [(
            Severity::Medium,
            "single-point-of-failure",
            "worker".to_string()
        )]
    );
    // A consumer is not unreachable, and the worker's restart does not take the site down.
    assert!(!summary(&m, &r)
        .iter()
        .any(|f| matches!(f.1, "unreachable" | "maintenance-downtime")));
}

#[test]
fn a_flow_started_by_several_clients_names_who_is_cut_off() {
    let (_, r) = review(
        "client user\nclient partner { trusted = true }\nservice api { instances = 2 }\nservice feed\n\
         user -> api : https\npartner -> feed : https\n",
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "single-point-of-failure")
        .unwrap();
    assert!(
        f.message.contains("reads stop for `partner`"),
        "{}",
        f.message
    );
}

#[test]
fn a_design_with_no_client_warns_and_serves_nothing() {
    let c = archc::compile("service a\nservice b\na -> b", "t").unwrap();
    assert_eq!(c.warnings[0].code, "W0201");
    let r = analysis::review(&c.model);
    let a = r.availability.unwrap();
    assert!(a.flows.iter().all(|(_, e)| e.is_none()));
    assert!(r.assumptions.iter().any(|s| s.contains("no client")));
}

#[test]
fn named_flows_have_their_own_cuts_and_availability() {
    let (m, r) = review(
        "flow browse \"Browse\" { access = read }\nflow checkout \"Checkout\" { access = write }\n\
         client user\nservice web { instances = 2 }\nservice payments\ndatabase db { managed = true }\n\
         user -> web : https\nweb -> db : postgres\nweb -> payments : https { flows = [checkout] }\n",
    );
    let a = r.availability.as_ref().unwrap();
    let names: Vec<String> = a.flows.iter().map(|(f, _)| f.name(&m)).collect();
    assert_eq!(
        names,
        ["reads", "writes", "background", "browse", "checkout"]
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "single-point-of-failure")
        .unwrap();
    // Payments carries only checkout, a write journey: writes and checkout stop, reads go on.
    assert_eq!(m.element(f.elements[0]).id, "payments");
    assert_eq!(f.severity, Severity::High);
    let checkout = a.flows[4].1.unwrap().value;
    let browse = a.flows[3].1.unwrap().value;
    assert!(checkout < browse, "{checkout} {browse}");
}

#[test]
fn each_flow_exports_the_components_it_passes_through() {
    let (m, r) = example();
    let of = |name: &str| -> Vec<String> {
        let f = r.flows.iter().find(|f| f.name == name).unwrap();
        f.components
            .iter()
            .map(|&c| m.element(c).id.clone())
            .collect()
    };
    // The read API reads only the replicas: the primary is on no read path.
    assert!(!of("reads").contains(&"sql".to_string()));
    assert!(of("reads").contains(&"sql-r1".to_string()));
    assert!(of("writes").contains(&"sql".to_string()));
    assert!(!of("writes").contains(&"ra1".to_string()));
    assert_eq!(of("background"), ["objects", "jobs", "worker"]);
}

/// A zone that holds the request path (a web server and a database) and a background worker:
/// its loss stops every flow, and the sentence about requests names what requests pass through
/// in it, not the worker that only background jobs need.
#[test]
fn a_zone_spof_names_what_each_flow_passes_through() {
    let (m, r) = review(
        r#"client user
zone dc "Data centre" { failure_domain = true }
web_server web { zone = dc }
database db { zone = dc }
queue jobs { managed = true }
service worker { zone = dc }
user -> web : https
web -> db : postgres
web -> jobs : amqp { access = write }
worker -> jobs : amqp { access = read }
"#,
    );
    let spof = r
        .findings
        .iter()
        .find(|f| f.rule == "single-point-of-failure" && m.element(f.elements[0]).id == "dc")
        .expect("the zone is a single point of failure");
    assert_eq!(spof.severity, Severity::Critical);
    assert!(
        spof.message
            .contains("every request passes through `web` and `db` in it"),
        "{}",
        spof.message
    );
    assert!(
        spof.message.contains("It also stops the flow `background`"),
        "{}",
        spof.message
    );
    // The worker is still one of the finding's elements (the diagram marks it).
    assert!(spof.elements.iter().any(|&e| m.element(e).id == "worker"));
}
