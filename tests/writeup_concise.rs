//! The standard write-up is short enough to read in ten minutes and still answers every
//! question of its design: design 1's body (from the title to the end of Assumptions, without
//! Background) is at most 2,000 words, designs 2 and 3 in proportion, and a generated design of
//! 100 components in clusters at most 6,000; each design-specific answer is asserted on the
//! standard document itself.

mod common;

use archc::analysis::review;
use archc::render::markdown::{markdown, Detail, DocOptions};
use common::model;

/// The standard write-up of a compiled model.
fn standard(m: &archc::model::Model) -> String {
    let r = review(m);
    markdown(
        m,
        &r,
        &DocOptions {
            svg_link: Some("d.svg".into()),
            ..DocOptions::default()
        },
    )
}

/// The body: from the title to the end of Assumptions, without the Background appendix.
fn body(doc: &str) -> &str {
    match doc.find("\n## Background\n") {
        Some(i) => &doc[..i],
        None => doc,
    }
}

/// A heading's anchor as the HTML page and GitHub make it: lower-case words joined by `-`.
fn archc_slug(h: &str) -> String {
    let mut out = String::new();
    for c in h.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Words as a reader counts them: runs of characters between white space.
fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

#[track_caller]
fn has(text: &str, needle: &str) {
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

/// The text from the line `heading` to the next heading of the same or a higher level.
fn section<'d>(doc: &'d str, heading: &str) -> &'d str {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let start = doc
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no heading {heading:?} in:\n{doc}"))
        + 1;
    let rest = &doc[start + heading.len()..];
    let mut end = doc.len();
    let mut offset = start + heading.len();
    for line in rest.split_inclusive('\n') {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && hashes <= level && line[hashes..].starts_with(' ') {
            end = offset;
            break;
        }
        offset += line.len();
    }
    &doc[start..end]
}

/// The table row whose first cell names `id`.
fn row<'d>(doc: &'d str, id: &str) -> &'d str {
    doc.lines()
        .find(|l| {
            l.starts_with("| ") && l.split(" | ").next().unwrap().contains(&format!("`{id}`"))
        })
        .unwrap_or_else(|| panic!("no row for {id} in:\n{doc}"))
}

#[test]
fn design_1_body_is_at_most_2000_words_and_answers_its_questions() {
    let d = standard(&model("1-distributed_web_infrastructure"));
    let b = body(&d);
    assert!(words(b) <= 2000, "design 1's body has {} words", words(b));
    // Why each element added since design 0 is there: the design's reason, or a default.
    has(
        row(b, "lb"),
        "“Spreads requests over both servers, so either one can fail or be updated while the site stays up”",
    );
    for id in ["lb-01", "web-02", "nginx-2", "app-2", "code-2", "db-2"] {
        has(row(b, id), "*(default explanation)*");
    }
    // Identical servers and their components are one row each.
    has(
        b,
        "| Server 1 (`web-01`) and Server 2 (`web-02`) | two servers |",
    );
    has(
        b,
        "| Nginx (`nginx-1` and `nginx-2`) | two web servers | `web-01` and `web-02` |",
    );
    // The distribution algorithm and how it works here; the general account in Background.
    let lb = section(b, "#### `lb` on `lb-01`");
    has(lb, "**Algorithm: `roundrobin`** (each server in turn");
    has(lb, "requests alternate between `nginx-1` and `nginx-2`");
    has(
        section(&d, "### `roundrobin`"),
        "Round robin hands each new request",
    );
    // Active-active or active-passive, and the difference.
    has(lb, "**Setup: `active-active`**");
    has(lb, "In an active-passive setup, all but one would stand by");
    let setups = section(&d, "### Active-active and active-passive");
    has(setups, "In an active-active setup every member serves");
    has(
        setups,
        "In an active-passive setup one member serves all the traffic",
    );
    // How the primary-replica cluster works, and what it means for the application.
    let db = section(b, "### Databases");
    has(
        db,
        "`db-1` on `web-01` is the primary and `db-2` on `web-02` is its replica",
    );
    has(
        db,
        "writes must go to the primary only, and reads may go to either",
    );
    has(
        db,
        "`app-1` and `app-2` send their writes to `db-1` and read from `db-2`",
    );
    has(db, "**Failover: `none`**, by default");
    has(section(&d, "### Primary and replica"), "accepts writes");
    // The request flow says each thing once.
    let flow = section(b, "## How a request flows");
    has(flow, "`nginx-1` and `nginx-2` each pass the requests that need the application to the application server on their own server (`app-1` and `app-2`)");
    assert!(!flow.contains(", and Nginx"), "{flow}");
    assert!(!flow.contains("over DNS"), "{flow}");
    // The review: each rule once, the elements it concerns listed.
    let review = section(b, "## Review");
    has(
        review,
        "- **critical** on `lb-01`: If the host `lb-01` fails",
    );
    has(
        review,
        "- **high** on `web-01`: If the host `web-01` fails, the site stops accepting writes",
    );
    has(review, "#### `single-write-primary`");
    has(
        review,
        "Traffic from the client `user` reaches the host `lb-01`",
    );
    has(review, "; likewise on `web-01` and `web-02`.");
    has(review, "#### `no-https`");
    has(review, "#### `no-monitoring`");
    has(review, "The host `web-01` carries the web server `nginx-1`");
    has(review, "; likewise on `web-02`.");
    assert_eq!(review.matches("#### `no-firewall`").count(), 1);
    // One number style.
    has(
        section(b, "## At a glance"),
        "| `reads` | 99.488% | 44.9 hours |",
    );
    assert!(!b.contains(" days") && !b.contains("Nines"), "{b}");
}

#[test]
fn designs_0_2_and_3_are_cut_in_proportion() {
    // Before the cut: 4,509, 5,353 and 5,521 words for designs 1 to 3; design 1 is cut to
    // 2,000 words (0.444 of it), and designs 2 and 3 at least as much. Design 0, a single
    // server with nothing to group, stays within design 1's bound.
    let d0 = standard(&model("0-simple_web_stack"));
    assert!(
        words(body(&d0)) <= 2000,
        "design 0: {} words",
        words(body(&d0))
    );
    for (stem, before) in [
        ("2-secured_and_monitored_web_infrastructure", 5353),
        ("3-scale_up", 5521),
    ] {
        let d = standard(&model(stem));
        let n = words(body(&d));
        assert!(
            n * 4509 <= before * 2000,
            "{stem}: {n} words, more than {} ({before} in proportion)",
            before * 2000 / 4509
        );
    }
}

#[test]
fn design_2_answers_its_questions_in_the_standard_document() {
    let d = standard(&model("2-secured_and_monitored_web_infrastructure"));
    let b = body(&d);
    for id in ["fw-lb", "mon-lb"] {
        row(b, id);
    }
    has(section(b, "### Firewalls"), "drops everything else");
    has(
        section(&d, "### HTTPS and certificates"),
        "Serving a site over HTTPS encrypts",
    );
    has(
        section(&d, "### How a monitoring client collects data"),
        "follows (tails) the log files",
    );
    has(
        section(&d, "### Watching queries per second"),
        "`stub_status`",
    );
    has(
        section(b, "#### Watching the web servers' queries per second"),
        "In this design,",
    );
}

#[test]
fn design_3_says_how_the_haproxy_cluster_hands_over() {
    let d = standard(&model("3-scale_up"));
    let b = body(&d);
    let c = section(b, "#### `lbs`");
    has(c, "**Setup: `active-passive`**");
    has(
        c,
        "the member that holds the virtual IP `8.8.8.8` serves every request",
    );
    has(c, "only the master sends VRRP adverts");
    has(c, "`track_script`");
}

#[test]
fn a_generated_design_of_100_components_in_clusters_reads_in_6000_words() {
    for seed in [1, 7, 42] {
        let source = archc::generate::architecture(100, seed);
        let m = archc::compile(&source, "generated").unwrap().model;
        assert_eq!(m.components().count(), 100);
        assert!(m.containers(archc::model::ContainerKind::Cluster).count() > 0);
        let d = standard(&m);
        let n = words(&d);
        assert!(n <= 6000, "seed {seed}: {n} words");
        // The brief document is shorter still, and the full one longer.
        let r = review(&m);
        let at = |detail| {
            markdown(
                &m,
                &r,
                &DocOptions {
                    detail,
                    ..DocOptions::default()
                },
            )
        };
        assert!(words(&at(Detail::Brief)) < n && n < words(&at(Detail::Full)));
    }
}

#[test]
fn a_large_design_is_summarised_one_elements_row_per_kind_and_its_servers_stay_exact() {
    let source = archc::generate::architecture(100, 1);
    let m = archc::compile(&source, "generated").unwrap().model;
    let d = standard(&m);
    let elements = section(&d, "## Elements");
    let rows = elements.lines().filter(|l| l.starts_with("| ")).count() - 1;
    assert!(rows <= 20, "{rows} rows in:\n{elements}");
    has(elements, "| 63 servers |");
    has(
        elements,
        "HAProxy (`lb-0-0`, `lb-0-1` … `lb-5-1`; 12 in all)",
    );
    // The Servers section still groups only the servers that run the same things, and says
    // once what sharing a server means.
    let servers = section(&d, "### Servers");
    has(
        servers,
        "- `lbh-0-0`, `lbh-0-1` … `lbh-4-1` (10 in all) are identical: each runs HAProxy.",
    );
    assert_eq!(servers.matches("shares its CPU").count(), 1, "{servers}");
    // Steps of the request flow that differ only in their elements are said once.
    let flow = section(&d, "## How a request flows");
    has(
        flow,
        "Likewise for `app-4-0`, `app-4-1`, `app-4-2`, `app-4-3` and `app-4-4` with `queue-4`.",
    );
    // Load balancers, clusters and primaries are tables, a row each, and what a value means
    // is said once under its table.
    let lb = section(&d, "### Load balancing");
    has(
        lb,
        "| `lb-0-0` and `lb-0-1` | `source` | `nginx-0-0`, `nginx-0-1` and `nginx-0-2` |",
    );
    assert_eq!(lb.matches("([how it works](#source))").count(), 1, "{lb}");
    let clusters = section(&d, "### Clusters");
    has(
        clusters,
        "| `lbs-0` | `lb-0-0` and `lb-0-1` | `active-passive` | `none` (default) |",
    );
    has(clusters, "- In `lbs-0`, `lbs-1`, `lbs-2` and `lbs-3`, one member serves and the others stand by, but nothing moves the work");
    let dbs = section(&d, "### Databases");
    has(dbs, "| `db-1-p` | `db-1-r0` | [`async`](#async-replication) (default) | `automatic` | `app-1-0`, `app-1-1`, `app-1-2`, `app-1-3` and `worker-1` |");
    assert_eq!(d.matches("Writes must go to the primary only").count(), 1);
    // Every link into Background finds its entry, and no kind is defined that the body does
    // not link to.
    let background = section(&d, "## Background");
    for anchor in d.split("](#").skip(1).filter_map(|t| t.split(')').next()) {
        let heading = background
            .lines()
            .chain(d.lines())
            .filter_map(|l| l.strip_prefix("#"))
            .map(|h| h.trim_start_matches('#').trim())
            .any(|h| archc_slug(h) == anchor);
        assert!(heading, "no heading for #{anchor}");
    }
    assert!(!background.contains("### Server\n"), "{background}");
    // The full document keeps one row per group of identical elements.
    let r = review(&m);
    let full = markdown(
        &m,
        &r,
        &DocOptions {
            detail: Detail::Full,
            ..DocOptions::default()
        },
    );
    let full_rows = section(&full, "## Elements")
        .lines()
        .filter(|l| l.starts_with("| "))
        .count();
    assert!(full_rows > 100, "{full_rows} rows at full detail");
}

// ---------------------------------------------------------------------------------------------
// The facts and the generated text that were wrong, one test each.

#[test]
fn no_firewall_names_the_client_the_traffic_comes_from() {
    let m = model("1-distributed_web_infrastructure");
    let r = review(&m);
    let msgs: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.rule == "no-firewall")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(msgs.len(), 3);
    for msg in msgs {
        assert!(
            msg.starts_with("Traffic from the client `user` reaches"),
            "{msg}"
        );
        assert!(!msg.contains("on the internet"), "{msg}");
    }
}

#[test]
fn single_write_primary_says_who_would_take_over_and_names_promotion_tools_right() {
    let d = standard(&model("1-distributed_web_infrastructure"));
    let swp = section(&d, "#### `single-write-primary`");
    assert!(!d.contains("nothing promotes one"), "{swp}");
    has(
        swp,
        "no replica takes its place, as the design gives no `failover`",
    );
    // Group Replication is a replication scheme, not a promotion tool; Patroni is PostgreSQL's.
    assert!(!d.contains("Group Replication"));
    has(
        swp,
        "Orchestrator or MySQL InnoDB Cluster for MySQL, Patroni for PostgreSQL",
    );
    // Semi-sync guarantees acknowledged writes only while the primary stays semi-synchronous.
    has(
        swp,
        "as long as the primary has not fallen back to async after `rpl_semi_sync_source_timeout`",
    );
}

#[test]
fn a_mysql_replica_is_not_said_to_refuse_writes() {
    for detail in [Detail::Standard, Detail::Full] {
        let m = model("1-distributed_web_infrastructure");
        let r = review(&m);
        let d = markdown(
            &m,
            &r,
            &DocOptions {
                detail,
                ..DocOptions::default()
            },
        );
        assert!(!d.contains("a replica refuses them"), "{d}");
        assert!(!d.contains("which will refuse them"), "{d}");
    }
    let m = model("1-distributed_web_infrastructure");
    let r = review(&m);
    let full = markdown(
        &m,
        &r,
        &DocOptions {
            detail: Detail::Full,
            ..DocOptions::default()
        },
    );
    has(
        &full,
        "a MySQL replica accepts one unless `read_only` is on",
    );
}

#[test]
fn a_cloud_load_balancer_is_not_described_as_haproxy() {
    let source = "client user
load_balancer alb \"AWS ALB\" { software = \"AWS ALB\" }
                  host a { web_server w1 }
host b { web_server w2 }
                  user -> alb : https
alb -> w1, w2 : http
";
    let m = archc::compile(source, "cloud").unwrap().model;
    // The body speaks of this load balancer; Background's general account may name HAProxy.
    let d = standard(&m);
    assert!(!body(&d).contains("HAProxy"), "{d}");
    has(&d, "a load balancer sends to every backend it is given");
}

#[test]
fn a_host_without_an_address_takes_no_comma() {
    let d = standard(&model("3-scale_up"));
    has(&d, "- `web-server` runs `fw-web`, `nginx` and `mon-web`.");
    assert!(!d.contains("`web-server`, runs"), "{d}");
}

#[test]
fn the_setup_is_stated_without_uses_its_backends() {
    for stem in ["1-distributed_web_infrastructure", "3-scale_up"] {
        let m = model(stem);
        let r = review(&m);
        for detail in [Detail::Standard, Detail::Full] {
            let d = markdown(
                &m,
                &r,
                &DocOptions {
                    detail,
                    ..DocOptions::default()
                },
            );
            assert!(!d.contains("uses its backends"), "{d}");
            assert!(!d.contains("use their backends"), "{d}");
        }
    }
}

#[test]
fn asking_dns_is_not_said_to_go_over_dns() {
    for stem in ["0-simple_web_stack", "1-distributed_web_infrastructure"] {
        let d = standard(&model(stem));
        let flow = section(&d, "## How a request flows");
        assert!(!flow.contains("over DNS"), "{flow}");
        has(flow, "for the address of www.foobar.com");
    }
}

#[test]
fn a_queue_is_not_said_to_send_the_response_back_the_same_way() {
    let source = "client user
host h { web_server w; app_server a }
queue q { managed = true }
                  user -> w : https
w -> a : http
a -> q : amqp { access = write }
";
    let m = archc::compile(source, "queue").unwrap().model;
    let d = standard(&m);
    let flow = section(&d, "## How a request flows");
    assert!(
        !flow.contains("The response travels back the same way"),
        "{flow}"
    );
    has(
        flow,
        "a queue's answer is only that it accepted the message",
    );
}

#[test]
fn a_finding_on_many_identical_elements_is_written_once() {
    let d = standard(&model("2-secured_and_monitored_web_infrastructure"));
    let review = section(&d, "## Review");
    for rule in ["#### `colocated-tiers`", "#### `single-write-primary`"] {
        assert_eq!(review.matches(rule).count(), 1, "{review}");
    }
    // Each rule's fix once, its impact in Background.
    assert_eq!(
        review
            .matches("Fix: Give each tier hosts of its own")
            .count(),
        1
    );
    has(
        section(&d, "### Why `colocated-tiers` matters"),
        "compete for one machine",
    );
}

#[test]
fn a_component_and_its_host_of_one_label_are_not_named_alike_twice() {
    let m = model("3-scale_up");
    let r = review(&m);
    for detail in [Detail::Standard, Detail::Full] {
        let d = markdown(
            &m,
            &r,
            &DocOptions {
                detail,
                ..DocOptions::default()
            },
        );
        assert!(
            !d.contains("Application server (`app`) on Application server (`app-server`)"),
            "{d}"
        );
    }
}

#[test]
fn haproxy_counts_sessions_per_server_and_requests_per_frontend() {
    let d = standard(&model("2-secured_and_monitored_web_infrastructure"));
    let qps = section(&d, "#### Watching the web servers' queries per second");
    has(qps, "sessions per second per server (`rate`)");
    has(qps, "HTTP requests per second per frontend (`req_rate`)");
}

#[test]
fn a_large_cloud_design_names_its_zones_members_and_says_every_link_is_encrypted() {
    // Hosts join availability zones with `zone = ID`; every link is HTTPS.
    let m = archc::compile(&archc::generate::cloud(100), "cloud")
        .unwrap()
        .model;
    let d = standard(&m);
    let zones = section(&d, "### Network zones");
    has(
        zones,
        "| `az-a` | yes | `s0-t0-h0`, `s0-t1-h1` … `s2-t8-h1` (20 in all) |",
    );
    has(zones, "- A failure domain: everything in it");
    assert!(!zones.contains("`trusted`"), "{zones}");
    let https = section(&d, "### HTTPS, certificates and TLS");
    has(https, "Every link of the design is encrypted.");
    assert!(!https.contains("Encrypted links:"), "{https}");
    // Alike notes under a table are said once.
    assert_eq!(d.matches("do not say `access = read`").count(), 1);
    assert!(words(&d) <= 6000, "{} words", words(&d));
}
