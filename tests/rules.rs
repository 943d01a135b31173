//! The review: exact findings on the shipped examples, a positive and a negative fixture per
//! rule with a snapshot of its findings, availability against hand calculations, what-if, and
//! the generated rule documentation.

use std::collections::BTreeSet;
use std::path::Path;

use archc::analysis::{self, Review, Severity};
use archc::model::Model;

fn compile(path: &Path) -> Model {
    let source = std::fs::read_to_string(path).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy();
    match archc::compile(&source, &stem) {
        Ok(c) => c.model,
        Err(e) => panic!("{} does not compile: {e:?}", path.display()),
    }
}

fn example(name: &str) -> (Model, Review) {
    let model = compile(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    );
    let review = analysis::review(&model);
    (model, review)
}

/// The set of (rule, first element) of the findings above `low`.
fn above_low(model: &Model, review: &Review) -> BTreeSet<(String, String)> {
    review
        .findings
        .iter()
        .filter(|f| f.severity < Severity::Low)
        .map(|f| (f.rule.to_string(), model.element(f.elements[0]).id.clone()))
        .collect()
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(r, e)| (r.to_string(), e.to_string()))
        .collect()
}

fn severity_of(model: &Model, review: &Review, rule: &str, element: &str) -> Severity {
    review
        .findings
        .iter()
        .find(|f| f.rule == rule && model.element(f.elements[0]).id == element)
        .unwrap_or_else(|| panic!("no {rule} on {element}"))
        .severity
}

#[test]
fn shipped_examples() {
    let (m, r) = example("0-simple_web_stack.arch");
    assert_eq!(
        above_low(&m, &r),
        set(&[
            ("single-point-of-failure", "server"),
            ("maintenance-downtime", "nginx"),
            ("maintenance-downtime", "app"),
            ("cannot-scale-out", "nginx"),
            ("no-firewall", "server"),
            ("no-https", "nginx"),
            ("no-monitoring", "server"),
        ]),
        "{:#?}",
        r.findings
    );
    assert_eq!(
        severity_of(&m, &r, "single-point-of-failure", "server"),
        Severity::Critical
    );

    let (m, r) = example("1-distributed_web_infrastructure.arch");
    assert_eq!(
        above_low(&m, &r),
        set(&[
            ("single-point-of-failure", "lb-01"),
            ("single-point-of-failure", "web-01"),
            ("single-write-primary", "db-1"),
            ("no-firewall", "lb-01"),
            ("no-firewall", "web-01"),
            ("no-firewall", "web-02"),
            ("no-https", "lb"),
            ("no-monitoring", "lb-01"),
            ("no-monitoring", "web-01"),
            ("no-monitoring", "web-02"),
            ("colocated-tiers", "web-01"),
            ("colocated-tiers", "web-02"),
        ]),
        "{:#?}",
        r.findings
    );
    assert_eq!(
        severity_of(&m, &r, "single-point-of-failure", "lb-01"),
        Severity::Critical
    );
    assert_eq!(
        severity_of(&m, &r, "single-point-of-failure", "web-01"),
        Severity::High
    );
    let web01 = r
        .findings
        .iter()
        .find(|f| f.rule == "single-point-of-failure" && m.element(f.elements[0]).id == "web-01")
        .unwrap();
    let ids: Vec<&str> = web01
        .elements
        .iter()
        .map(|&e| m.element(e).id.as_str())
        .collect();
    assert_eq!(ids, ["web-01", "db-1"]);

    let (m, r) = example("2-secured_and_monitored_web_infrastructure.arch");
    assert_eq!(
        above_low(&m, &r),
        set(&[
            ("tls-terminated-at-load-balancer", "lb"),
            ("single-write-primary", "db-1"),
            ("colocated-tiers", "web-01"),
            ("colocated-tiers", "web-02"),
            ("single-point-of-failure", "lb-01"),
            ("single-point-of-failure", "web-01"),
        ]),
        "{:#?}",
        r.findings
    );

    let (m, r) = example("3-scale_up.arch");
    assert_eq!(
        above_low(&m, &r),
        set(&[
            ("single-point-of-failure", "web-server"),
            ("single-point-of-failure", "app-server"),
            ("single-point-of-failure", "db-server"),
            ("maintenance-downtime", "nginx"),
            ("maintenance-downtime", "app"),
        ]),
        "{:#?}",
        r.findings
    );
}

fn fixtures_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// What a user sees of a review: findings, allowed findings and warnings, with identifiers.
/// The review's findings (of `rule` only, when given), allowed findings and warnings.
fn view_of(model: &Model, review: &Review, rule: Option<&str>) -> serde_json::Value {
    let ids = |es: &[archc::model::ElementId]| -> Vec<String> {
        es.iter().map(|&e| model.element(e).id.clone()).collect()
    };
    let keep = |r: &str| rule.is_none_or(|x| x == r);
    serde_json::json!({
        "findings": review.findings.iter().filter(|f| keep(f.rule)).map(|f| serde_json::json!({
            "rule": f.rule,
            "severity": f.severity,
            "elements": ids(&f.elements),
            "message": f.message,
        })).collect::<Vec<_>>(),
        "allowed": review.allowed.iter().filter(|a| keep(a.finding.rule)).map(|a| serde_json::json!({
            "rule": a.finding.rule,
            "elements": ids(&a.finding.elements),
            "reason": a.reason,
        })).collect::<Vec<_>>(),
        "warnings": review.warnings.iter().map(|w| serde_json::json!({
            "code": w.code,
            "message": w.message,
        })).collect::<Vec<_>>(),
    })
}

fn fixture(rule: &str, name: &str) -> (Model, Review) {
    let model = compile(&fixtures_dir().join(rule).join(format!("{name}.arch")));
    let review = analysis::review(&model);
    (model, review)
}

/// Every rule has a positive and a negative fixture; a positive fixture reports its rule, a
/// negative one does not; the findings of each are snapshotted.
#[test]
fn fixtures_per_rule() {
    let names: Vec<&str> = analysis::rules().iter().map(|r| r.name).collect();
    let mut dirs: Vec<_> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut covered = BTreeSet::new();
    for dir in dirs {
        let rule = dir.file_name().unwrap().to_string_lossy().to_string();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().to_string();
            let model = compile(&file);
            let review = analysis::review(&model);
            if rule != "allow" {
                assert!(names.contains(&rule.as_str()), "{rule} is not a rule");
                let reported = review
                    .findings
                    .iter()
                    .chain(review.allowed.iter().map(|a| &a.finding))
                    .any(|f| f.rule == rule);
                let positive = stem.starts_with("positive");
                assert!(
                    stem.starts_with("positive") || stem.starts_with("negative"),
                    "{}",
                    file.display()
                );
                assert_eq!(reported, positive, "{rule}/{stem}: {:#?}", review.findings);
                covered.insert((rule.clone(), positive));
            }
            // Each rule's snapshot holds only that rule's findings (the `allow` fixtures hold
            // every finding, since what they test is which ones are silenced).
            let only = (rule != "allow").then_some(rule.as_str());
            insta::assert_json_snapshot!(format!("{rule}__{stem}"), view_of(&model, &review, only));
        }
    }
    for name in names {
        assert!(
            covered.contains(&(name.to_string(), true)),
            "{name} has no positive fixture"
        );
        assert!(
            covered.contains(&(name.to_string(), false)),
            "{name} has no negative fixture"
        );
    }
}

fn ids_of(model: &Model, f: &analysis::Finding) -> Vec<String> {
    f.elements
        .iter()
        .map(|&e| model.element(e).id.clone())
        .collect()
}

#[test]
fn active_passive_with_manual_failover_is_a_spof_with_manual_recovery() {
    let (m, r) = fixture("single-point-of-failure", "positive-active-passive-manual");
    let spofs: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "single-point-of-failure")
        .collect();
    assert_eq!(spofs.len(), 1, "{spofs:#?}");
    assert_eq!(ids_of(&m, spofs[0]), ["lb-01", "lb-1"]);
    assert_eq!(spofs[0].severity, Severity::Critical);
    assert!(
        spofs[0].message.contains("Recovery is manual"),
        "{}",
        spofs[0].message
    );
    assert!(spofs[0].message.contains("`lb-2`"), "{}", spofs[0].message);
}

#[test]
fn a_host_with_two_load_balancers_is_one_spof() {
    let (m, r) = fixture(
        "single-point-of-failure",
        "positive-host-with-two-load-balancers",
    );
    let spofs: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "single-point-of-failure")
        .collect();
    assert_eq!(spofs.len(), 1, "{spofs:#?}");
    assert_eq!(ids_of(&m, spofs[0]), ["edge", "lb-a", "lb-b"]);
}

#[test]
fn two_replicas_with_automatic_failover_leave_no_write_spof() {
    let (m, r) = fixture("single-write-primary", "negative-two-replicas-automatic");
    let spofs: Vec<Vec<String>> = r
        .findings
        .iter()
        .filter(|f| f.rule == "single-point-of-failure")
        .map(|f| ids_of(&m, f))
        .collect();
    assert!(!spofs.iter().any(|e| e[0].starts_with("db-")), "{spofs:?}");
    // The application host is still one.
    assert!(spofs.iter().any(|e| e[0] == "app-host"), "{spofs:?}");
}

#[test]
fn several_clients_are_named_in_one_finding() {
    let (m, r) = fixture("no-https", "positive-several-clients");
    let f: Vec<_> = r.findings.iter().filter(|f| f.rule == "no-https").collect();
    assert_eq!(f.len(), 1);
    assert_eq!(ids_of(&m, f[0]), ["nginx", "browser", "mobile"]);
}

#[test]
fn allows_silence_and_warn() {
    let (m, r) = fixture("allow", "unused-and-unknown");
    assert_eq!(r.allowed.len(), 1);
    assert_eq!(r.allowed[0].finding.rule, "no-firewall");
    assert_eq!(r.allowed[0].reason, "a provider firewall guards it");
    assert!(!r.findings.iter().any(|f| f.rule == "no-firewall"));
    let warnings: Vec<(&str, &str)> = r
        .warnings
        .iter()
        .map(|w| (w.code, w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            ("W0301", "`allow no-https` on `nginx` matches no finding"),
            ("W0301", "`allow` names the unknown rule `no-firewal`"),
        ]
    );
    assert_eq!(
        r.warnings[1]
            .help
            .as_deref()
            .map(|h| h.contains("no-firewall")),
        Some(true)
    );
    // The warning points at the allow statement.
    let span = r.warnings[0].primary().unwrap();
    let source =
        std::fs::read_to_string(fixtures_dir().join("allow/unused-and-unknown.arch")).unwrap();
    assert!(
        source[span.range()].starts_with("allow no-https"),
        "{}",
        &source[span.range()]
    );
    let _ = m;
}

/// Every rule's documented example reports that rule.
#[test]
fn rule_examples_report_their_rule() {
    for rule in analysis::rules() {
        let model = archc::compile(rule.example, "example")
            .unwrap_or_else(|e| panic!("the example of {} does not compile: {e:?}", rule.name))
            .model;
        let review = analysis::review(&model);
        assert!(
            review.findings.iter().any(|f| f.rule == rule.name),
            "the example of {} does not report it: {:#?}",
            rule.name,
            review.findings
        );
    }
}

/// `docs/rules.md` is generated from the registry; regenerate it with
/// `UPDATE_DOCS=1 cargo test --test rules docs_rules_md_is_fresh`.
#[test]
fn docs_rules_md_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let fresh = analysis::rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test rules docs_rules_md_is_fresh`"
    );
}

const EXAMPLES: [&str; 4] = [
    "0-simple_web_stack",
    "1-distributed_web_infrastructure",
    "2-secured_and_monitored_web_infrastructure",
    "3-scale_up",
];

fn example_source(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.arch")),
    )
    .unwrap()
}

#[test]
fn sarif_of_the_examples_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in EXAMPLES {
        let source = example_source(name);
        let model = archc::compile(&source, name).unwrap().model;
        let review = analysis::review(&model);
        let file = format!("examples/{name}.arch");
        let fr = archc::render::review::FileReview {
            file: &file,
            source: &source,
            model: &model,
            review: &review,
            what_if: None,
        };
        let log: serde_json::Value =
            serde_json::from_str(&archc::render::sarif::sarif(&[fr])).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), review.findings.len() + review.allowed.len());
        let first = &results[0];
        let f = &review.findings[0];
        assert_eq!(first["ruleId"], f.rule);
        assert_eq!(
            first["partialFingerprints"]["archcFindingId/v1"],
            f.id(&model)
        );
        let (line, column) = archc::diagnostic::line_col(&source, f.span.start);
        let region = &first["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], line);
        assert_eq!(region["startColumn"], column);
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), analysis::rules().len());
        assert_eq!(
            rules[first["ruleIndex"].as_u64().unwrap() as usize]["id"],
            f.rule
        );
        assert!(rules
            .iter()
            .all(|r| r["help"]["text"].as_str().is_some_and(|t| !t.is_empty())));
        // The schema does reject what GitHub would reject.
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = serde_json::json!("critical");
        assert!(!validator.is_valid(&broken));
    }
}

#[test]
fn json_reports_findings_with_lines_and_availability() {
    let reviews: Vec<(String, String, Model, Review)> = EXAMPLES
        .iter()
        .map(|name| {
            let source = example_source(name);
            let model = archc::compile(&source, name).unwrap().model;
            let review = analysis::review(&model);
            (format!("examples/{name}.arch"), source, model, review)
        })
        .collect();
    let frs: Vec<_> = reviews
        .iter()
        .map(
            |(file, source, model, review)| archc::render::review::FileReview {
                file,
                source,
                model,
                review,
                what_if: None,
            },
        )
        .collect();
    let one: serde_json::Value =
        serde_json::from_str(&archc::render::review::json(&frs[1..2])).unwrap();
    let spof = one["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "single-point-of-failure" && f["elements"][0] == "web-01")
        .unwrap();
    assert_eq!(spof["severity"], "high");
    assert_eq!(spof["elements"], serde_json::json!(["web-01", "db-1"]));
    assert_eq!(
        (spof["line"].as_u64(), spof["column"].as_u64()),
        (Some(18), Some(6))
    );
    assert_eq!(
        spof["file"],
        "examples/1-distributed_web_infrastructure.arch"
    );
    let reads = one["availability"]["reads"].as_f64().unwrap();
    let writes = one["availability"]["writes"].as_f64().unwrap();
    assert!(writes < reads && reads < 1.0, "{reads} {writes}");
    let all: serde_json::Value = serde_json::from_str(&archc::render::review::json(&frs)).unwrap();
    assert!(all.get("availability").is_none());
    assert_eq!(all["files"].as_array().unwrap().len(), 4);
    let total: usize = reviews.iter().map(|r| r.3.findings.len()).sum();
    assert_eq!(all["findings"].as_array().unwrap().len(), total);
}

#[test]
fn text_groups_by_severity_with_snippets() {
    let name = "1-distributed_web_infrastructure";
    let source = example_source(name);
    let model = archc::compile(&source, name).unwrap().model;
    let review = analysis::review(&model);
    let text = archc::render::review::text(&model, &review, "examples/1.arch", &source, false);
    let critical = text.find("\nCRITICAL (1)").expect(&text);
    let high = text.find("\nHIGH (").expect(&text);
    let medium = text.find("\nMEDIUM (").expect(&text);
    assert!(critical < high && high < medium);
    assert!(
        text.contains(
            "critical[single-point-of-failure]: examples/1.arch:9:6\n  If the host `lb-01` fails"
        ),
        "{text}"
    );
    assert!(
        text.contains("host lb-01"),
        "the snippet shows the declaration:\n{text}"
    );
    assert!(text.contains("why: "), "{text}");
    assert!(!text.contains('\x1b'));
    insta::assert_snapshot!("text__1-distributed_web_infrastructure", text);
    let colored = archc::render::review::text(&model, &review, "examples/1.arch", &source, true);
    assert!(colored.contains("\x1b["));
}

// ---------------------------------------------------------------------------------------
// Availability, against hand calculations.

/// Series: every part must be up.
fn series(parts: &[f64]) -> f64 {
    parts.iter().product()
}

/// Parallel: at least one part up.
fn parallel(parts: &[f64]) -> f64 {
    1.0 - parts.iter().map(|p| 1.0 - p).product::<f64>()
}

/// k-of-n: at least `k` of `n` identical parts up, each with availability `p`.
fn k_of_n(k: u32, n: u32, p: f64) -> f64 {
    let choose =
        |n: u32, r: u32| (0..r).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1));
    (k..=n)
        .map(|i| choose(n, i) * p.powi(i as i32) * (1.0 - p).powi((n - i) as i32))
        .sum()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn reads_writes(review: &Review) -> (f64, f64) {
    let a = review.availability.as_ref().unwrap();
    (a.reads.unwrap().value, a.writes.unwrap().value)
}

#[test]
fn availability_of_the_examples_matches_hand_calculations() {
    let host = 0.995; // default availability of a host
    let dns = 0.9999; // a managed DNS service
    assert!(close(k_of_n(1, 2, host), parallel(&[host, host])));

    // 0: the user needs DNS, then the one server.
    let (_, r) = example("0-simple_web_stack.arch");
    let expected = series(&[dns, host]);
    assert!(
        close(reads_writes(&r).0, expected) && close(reads_writes(&r).1, expected),
        "{:?}",
        r.availability
    );

    // 1 and 2: DNS, the load balancer's host, then either server for reads (each server's
    // application reads from its own database or the other's), but the primary's host for
    // writes.
    for name in [
        "1-distributed_web_infrastructure.arch",
        "2-secured_and_monitored_web_infrastructure.arch",
    ] {
        let (m, r) = example(name);
        let (reads, writes) = reads_writes(&r);
        assert!(
            close(reads, series(&[dns, host, k_of_n(1, 2, host)])),
            "{name}: {reads}"
        );
        assert!(
            close(writes, series(&[dns, host, host])),
            "{name}: {writes}"
        );
        // Doubling the load balancer's host: reads rise to dns·(1-of-2)·(1-of-2).
        let a = r.availability.as_ref().unwrap();
        let gain = a
            .gains
            .iter()
            .find(|g| m.element(g.element).id == "lb-01")
            .unwrap();
        let doubled = series(&[dns, k_of_n(1, 2, host), k_of_n(1, 2, host)]);
        assert!(close(reads + gain.reads, doubled), "{name}: {gain:?}");
        let web01 = a
            .gains
            .iter()
            .find(|g| m.element(g.element).id == "web-01")
            .unwrap();
        assert_eq!(web01.reads, 0.0);
        assert!(web01.writes > 0.0);
    }

    // 3: DNS, one of the two load balancers (automatic failover), then the web, application
    // and database servers in series.
    let (_, r) = example("3-scale_up.arch");
    let expected = series(&[dns, k_of_n(1, 2, host), host, host, host]);
    let (reads, writes) = reads_writes(&r);
    assert!(
        close(reads, expected) && close(writes, expected),
        "{reads} {writes} {expected}"
    );
    let e = r.availability.as_ref().unwrap().reads.unwrap();
    assert!((e.nines() - (-(1.0 - expected).log10())).abs() < 1e-9);
    assert!((e.downtime_hours_per_year() - (1.0 - expected) * 8766.0).abs() < 1e-6);
}

#[test]
fn availability_attributes_override_the_defaults() {
    let source = r#"
client user
host a { availability = 99.9%; web_server w1 }
host b { availability = 99%; web_server w2 }
service api { availability = 99.95% }
user -> w1 | w2 : https
w1, w2 -> api : https
"#;
    let model = archc::compile(source, "t").unwrap().model;
    let r = analysis::review(&model);
    let reads = r.availability.as_ref().unwrap().reads.unwrap().value;
    // The web servers forward to the service, which answers.
    assert!(
        close(reads, series(&[parallel(&[0.999, 0.99]), 0.9995])),
        "{reads}"
    );
}

/// A bridge network has no series-parallel form: factoring must still be exact. Checked
/// against an enumeration of all 32 states of its five elements.
#[test]
fn availability_of_a_bridge_is_exact() {
    let source = r#"
client user
load_balancer a { availability = 90% }
load_balancer b { availability = 80% }
load_balancer e { availability = 60% }
web_server c { availability = 70% }
web_server d { availability = 95% }
user -> a | b : https
a -> c : https
b -> d : https
a -> e -> d : https
"#;
    let model = archc::compile(source, "bridge").unwrap().model;
    let r = analysis::review(&model);
    let reads = r.availability.as_ref().unwrap().reads.unwrap();
    let p = [0.9, 0.8, 0.7, 0.95, 0.6]; // a, b, c, d, e
    let mut expected = 0.0;
    for state in 0u32..32 {
        let up = |i: usize| state & (1 << i) != 0;
        let (a, b, c, d, e) = (up(0), up(1), up(2), up(3), up(4));
        if (a && c) || (b && d) || (a && e && d) {
            expected += (0..5)
                .map(|i| if up(i) { p[i] } else { 1.0 - p[i] })
                .product::<f64>();
        }
    }
    assert!(close(reads.value, expected), "{} {expected}", reads.value);
    assert_eq!(reads.method, analysis::availability::Method::Exact);
}

/// Six stages of eight load balancers, each linked to every one of the next stage: 48 failure
/// domains in a mesh that factoring by hand would not finish, exact through the binary
/// decision diagram.
#[test]
fn availability_of_a_large_mesh_is_exact() {
    let mut source =
        String::from("client user\nservice api { managed = true; availability = 100% }\n");
    for s in 0..6 {
        for i in 0..8 {
            source.push_str(&format!(
                "load_balancer s{s}-{i} {{ availability = 60% }}\n"
            ));
        }
    }
    let stage = |s: usize| {
        (0..8)
            .map(|i| format!("s{s}-{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    source.push_str(&format!(
        "user -> {} : https\n",
        stage(0).replace(", ", " | ")
    ));
    for s in 0..5 {
        source.push_str(&format!("{} -> {} : https\n", stage(s), stage(s + 1)));
    }
    source.push_str(&format!("{} -> api : https\n", stage(5)));
    let model = archc::compile(&source, "mesh").unwrap().model;
    let r = analysis::review(&model);
    let reads = r.availability.as_ref().unwrap().reads.unwrap();
    let exact = parallel(&[0.6; 8]).powi(6);
    assert_eq!(reads.method, analysis::availability::Method::Exact);
    assert!(close(reads.value, exact), "{reads:?} {exact}");
}

/// A chain of more failure domains than the decision diagram takes: the availability is
/// estimated by simulation, with a 95% interval that holds the exact value.
#[test]
fn availability_beyond_the_diagram_is_estimated_with_an_interval() {
    let n = analysis::bdd::MAX_VARIABLES + 1;
    let mut source = String::from("client user\nuser -> s0 : https\n");
    for i in 0..n {
        source.push_str(&format!("service s{i} {{ availability = 99.99% }}\n"));
        if i + 1 < n {
            source.push_str(&format!("s{i} -> s{}\n", i + 1));
        }
    }
    let model = archc::compile(&source, "chain").unwrap().model;
    let r = analysis::review(&model);
    let reads = r.availability.as_ref().unwrap().reads.unwrap();
    let exact = 0.9999_f64.powi(n as i32);
    assert_eq!(reads.method, analysis::availability::Method::MonteCarlo);
    assert!(
        reads.low <= exact && exact <= reads.high,
        "{reads:?} {exact}"
    );
    assert!(reads.high - reads.low < 0.02, "{reads:?}");
}

// ---------------------------------------------------------------------------------------
// What-if.

#[test]
fn what_if_a_load_balancer_fails() {
    let (m, _) = example("3-scale_up.arch");
    let lb01 = m.find("lb-01").unwrap();
    let w = analysis::what_if(&m, &[lb01]);
    assert!(w.flows.iter().all(|f| f.before && f.after), "{:?}", w.flows);
    let appeared: Vec<(&str, String)> = w
        .appeared
        .iter()
        .map(|f| (f.rule, m.element(f.elements[0]).id.clone()))
        .collect();
    assert_eq!(appeared, [("single-point-of-failure", "lb-02".to_string())]);
    assert_eq!(w.appeared[0].severity, Severity::Critical);
    let gone: Vec<(&str, String)> = w
        .disappeared
        .iter()
        .map(|f| (f.rule, m.element(f.elements[0]).id.clone()))
        .collect();
    assert_eq!(gone, [("double-point-of-failure", "lb-01".to_string())]);
}

#[test]
fn what_if_the_database_server_fails() {
    let (m, _) = example("1-distributed_web_infrastructure.arch");
    let w = analysis::what_if(&m, &[m.find("web-01").unwrap()]);
    let stopped: Vec<_> = w
        .flows
        .iter()
        .filter(|f| f.stops())
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(stopped, ["writes"]);
    // With web-01 down, web-02 carries every read.
    assert!(w
        .appeared
        .iter()
        .any(|f| f.rule == "single-point-of-failure" && m.element(f.elements[0]).id == "web-02"));
    let w = analysis::what_if(&m, &[m.find("lb").unwrap()]);
    assert!(w.flows.iter().all(|f| f.stops()));
}
