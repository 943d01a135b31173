//! Benchmark: the review of two generated designs of about 10,000 components each.
//!
//! Run with `cargo bench --bench review`. Target: a median at most 1 s for each.
//!
//! - **shards**: `SHARDS` shards, each a cluster of two load balancers (active-active) in front
//!   of eight web hosts (firewall, Nginx, application server, application files, monitoring
//!   agent) that use a cache and a primary with two replicas under automatic failover, each
//!   database on a host of its own.
//! - **cloud**: `archc::generate::cloud` with `SERVICES` services: three availability zones
//!   (`failure_domain = true`), each service a chain of clusters of two hosts spread over the
//!   zones, every host with one server and a monitoring agent; about 1.4 links per component.
//!
//! Prints, for each, the time to compile the design and the best and median time of a full
//! review (rules, exact failure reasoning per flow, double points of failure and
//! availability) over several runs.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// 56 components per shard.
const SHARDS: usize = 179;
/// 40 components per service.
const SERVICES: usize = 250;
const WEB_HOSTS: usize = 8;
const RUNS: usize = 7;

/// The `.arch` source of the generated design.
fn generate(shards: usize) -> String {
    let mut s = String::from("title \"Generated\"\nclient user\ndns dns\nmonitoring sumo { managed = true }\nuser -> dns : dns\n");
    for k in 0..shards {
        let _ = writeln!(s, "cluster lbs-{k} {{ setup = active-active");
        for side in ["a", "b"] {
            let _ = writeln!(
                s,
                "  host lbh-{k}-{side} {{ firewall fw-lb-{k}-{side}; load_balancer lb-{k}-{side} {{ tls = reencrypt }}; monitoring mon-lb-{k}-{side} }}"
            );
        }
        let _ = writeln!(s, "}}");
        let mut webs = Vec::new();
        for w in 0..WEB_HOSTS {
            let _ = writeln!(
                s,
                "host web-{k}-{w} {{ firewall fw-{k}-{w}; web_server nginx-{k}-{w}; app_server app-{k}-{w}; codebase code-{k}-{w}; monitoring mon-{k}-{w} }}"
            );
            let _ = writeln!(
                s,
                "nginx-{k}-{w} -> app-{k}-{w} : https\napp-{k}-{w} -> code-{k}-{w}"
            );
            webs.push(format!("nginx-{k}-{w}"));
        }
        let _ = writeln!(
            s,
            "host dbh-{k}-p {{ firewall fw-db-{k}-p; database db-{k}-p {{ role = primary; failover = automatic }}; monitoring mon-db-{k}-p }}"
        );
        for r in ["r1", "r2"] {
            let _ = writeln!(
                s,
                "host dbh-{k}-{r} {{ firewall fw-db-{k}-{r}; database db-{k}-{r} {{ role = replica; replicates = db-{k}-p }}; monitoring mon-db-{k}-{r} }}"
            );
            let _ = writeln!(
                s,
                "db-{k}-p -> db-{k}-{r} : replication {{ encrypted = true }}"
            );
        }
        let _ = writeln!(s, "cache cache-{k}");
        let apps: Vec<String> = (0..WEB_HOSTS).map(|w| format!("app-{k}-{w}")).collect();
        let apps = apps.join(", ");
        let _ = writeln!(
            s,
            "user -> lbs-{k} : https\nlbs-{k} -> {} : https",
            webs.join(", ")
        );
        let _ = writeln!(s, "{apps} -> db-{k}-p : mysql {{ access = write }}");
        let _ = writeln!(
            s,
            "{apps} -> db-{k}-r1, db-{k}-r2 : mysql {{ access = read }}"
        );
        let _ = writeln!(s, "{apps} -> cache-{k} : redis");
        let _ = writeln!(s, "sumo -> cache-{k} : https \"checks\"");
    }
    s
}

fn main() {
    bench("shards", &generate(SHARDS));
    bench(
        "cloud",
        &archc::generate::cloud(SERVICES * archc::generate::CLOUD_SERVICE_COMPONENTS),
    );
}

fn bench(name: &str, source: &str) {
    let start = Instant::now();
    let compiled = match archc::compile(source, "generated") {
        Ok(c) => c,
        Err(errors) => panic!(
            "the generated design does not compile: {:?}",
            errors.first()
        ),
    };
    let compile_time = start.elapsed();
    let model = compiled.model;
    let components = model.components().count();
    if std::env::var_os("PHASES").is_some() {
        phases(&model);
    }
    let mut times: Vec<Duration> = Vec::new();
    let mut findings = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let review = archc::analysis::review(std::hint::black_box(&model));
        times.push(start.elapsed());
        findings = review.findings.len();
        std::hint::black_box(review);
    }
    times.sort();
    println!(
        "{name}: review of {components} components, {} links: best {:.1} ms, median {:.1} ms over {RUNS} runs ({findings} findings); compile {:.1} ms",
        model.links.len(),
        times[0].as_secs_f64() * 1e3,
        times[RUNS / 2].as_secs_f64() * 1e3,
        compile_time.as_secs_f64() * 1e3,
    );
}

/// One rule's check function.
type Check = fn(&archc::analysis::Context) -> Vec<archc::analysis::Finding>;

/// Times each phase of the review (set `PHASES=1`).
fn phases(model: &archc::Model) {
    use archc::analysis::rules as r;
    let t = Instant::now();
    let cx = archc::analysis::Context::new(model, &[]);
    println!("context {:?}", t.elapsed());
    let t = Instant::now();
    let _ = archc::analysis::availability::compute(&cx);
    println!("availability {:?}", t.elapsed());
    let checks: [(&str, Check); 15] = [
        ("spof", r::single_point_of_failure::check),
        ("dpof", r::double_point_of_failure::check),
        ("swp", r::single_write_primary::check),
        ("fw", r::no_firewall::check),
        ("https", r::no_https::check),
        ("tls", r::tls_terminated_at_load_balancer::check),
        ("dbx", r::database_exposed::check),
        ("repl", r::unencrypted_replication::check),
        ("mon", r::no_monitoring::check),
        ("coloc", r::colocated_tiers::check),
        ("maint", r::maintenance_downtime::check),
        ("scale", r::cannot_scale_out::check),
        ("unreach", r::unreachable::check),
        ("fwblock", r::firewall_blocks_traffic::check),
        ("optional", r::optional_dependency::check),
    ];
    for (name, check) in checks {
        let t = Instant::now();
        let n = check(&cx).len();
        println!("{name} {:?} ({n})", t.elapsed());
    }
}
