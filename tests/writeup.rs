//! The design write-up: each example answers the questions its design raises with its own names,
//! addresses and settings; the Markdown parses back to the intended structure; every user
//! string is escaped; a design that uses every kind and every value reads true.

use archc::analysis::{Finding, Review, Severity};
use archc::model::{Access, Algorithm, Failover, Replication, Role, Setup, Signal, Tls, Trust};
use archc::render::html::html;

mod common;
use archc::render::markdown::{markdown, DocOptions};
use common::{finding, model, rubric_review, EXAMPLES};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn link_options(stem: &str) -> DocOptions {
    DocOptions {
        svg_link: Some(format!("{stem}.svg")),
        inline_svg: None,
        // The full document: the tests below read every per-element explanation.
        detail: archc::render::markdown::Detail::Full,
    }
}

fn doc_with(stem: &str, review: &Review) -> String {
    markdown(&model(stem), review, &link_options(stem))
}

fn doc(stem: &str) -> String {
    let m = model(stem);
    let review = archc::analysis::review(&m);
    markdown(&m, &review, &link_options(stem))
}

/// The text of the section whose heading line is `heading` (e.g. `### Firewalls`), up to the
/// next heading of the same or a higher level.
fn section<'d>(doc: &'d str, heading: &str) -> &'d str {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let start = doc
        .lines()
        .position(|l| l == heading)
        .unwrap_or_else(|| panic!("no heading {heading:?} in:\n{doc}"));
    let lines: Vec<&str> = doc.lines().collect();
    let from: usize = lines[..start].iter().map(|l| l.len() + 1).sum();
    let mut to = doc.len();
    let mut offset = from + lines[start].len() + 1;
    for l in &lines[start + 1..] {
        let hashes = l.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && hashes <= level && l[hashes..].starts_with(' ') {
            to = offset;
            break;
        }
        offset += l.len() + 1;
    }
    &doc[from..to.min(doc.len())]
}

#[track_caller]
fn has(text: &str, needle: &str) {
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

/// The table row of an element, found by its identifier in the first cell.
fn row<'d>(doc: &'d str, id: &str) -> &'d str {
    let needle = format!("(`{id}`) |");
    let bare = format!("| `{id}` |");
    doc.lines()
        .find(|l| l.starts_with("| ") && (l.contains(&needle) || l.starts_with(&bare)))
        .unwrap_or_else(|| panic!("no table row for {id}"))
}

/// The why cell of an element's row.
fn why_cell<'d>(doc: &'d str, id: &str) -> &'d str {
    row(doc, id).split(" | ").nth(5).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The questions of each design, one by one.

#[test]
fn design_0_simple_web_stack() {
    let d = doc("0-simple_web_stack");
    // What a server is.
    let servers = section(&d, "### Servers");
    has(servers, "A server is a computer, physical or virtual");
    has(
        servers,
        "Server (`server`), at `8.8.8.8`, runs Nginx (`nginx`), Application server (`app`), Application files (`code`) and MySQL (`db`)",
    );
    // The role of the domain name.
    let dns = section(&d, "### The domain name and DNS");
    has(
        dns,
        "The domain name foobar.com is the site's stable, human-readable identity",
    );
    // What type of DNS record `www` is in www.foobar.com.
    has(
        dns,
        "`www` in www.foobar.com is an **A record** (address record)",
    );
    has(
        dns,
        "Here its value is `8.8.8.8`, the address of Server (`server`).",
    );
    // The roles of the web server, the application server and the database.
    let roles = section(&d, "### What each part does");
    has(
        section(roles, "#### Web server"),
        "Here: Nginx (`nginx`) on Server (`server`).",
    );
    has(
        section(roles, "#### Web server"),
        "passes the requests that need the application to the application server",
    );
    has(
        section(roles, "#### Application server"),
        "Here: Application server (`app`) on Server (`server`).",
    );
    let db = section(&d, "### Databases");
    has(
        db,
        "stores the site's data durably and answers the application's queries",
    );
    has(db, "MySQL (`db`) is a standalone database");
    has(
        db,
        "Application server (`app`) reads from and writes to it.",
    );
    // What the server uses to talk to the user's computer.
    let flow = section(&d, "## How a request flows");
    has(
        flow,
        "opens a TCP connection to `8.8.8.8` (the address that DNS returned), port 80",
    );
    has(
        flow,
        "talk over TCP/IP, the internet's transport, and speak HTTP on it",
    );
    has(
        section(&d, "### Protocols"),
        "**HTTP** (`user` → `nginx`, `nginx` → `app`)",
    );
    // Why each element is there, quoted from the design.
    has(
        why_cell(&d, "server"),
        "“The one machine that runs the whole site”",
    );
    has(why_cell(&d, "user"), "*(default explanation)*");
}

#[test]
fn design_1_distributed_web_infrastructure() {
    let d = doc("1-distributed_web_infrastructure");
    // Why each element added since design 0 is there: quoted, or a default marked as such.
    has(
        why_cell(&d, "lb"),
        "“Spreads requests over both servers, so either one can fail or be updated while the site stays up”",
    );
    for id in ["lb-01", "web-02", "nginx-2", "app-2", "code-2", "db-2"] {
        has(why_cell(&d, id), "*(default explanation)*");
    }
    has(
        why_cell(&d, "db-2"),
        "Keeps a copy of MySQL (`db-1`) that answers reads",
    );
    // The algorithm and how it works.
    let lb = section(&d, "#### HAProxy (`lb`) on Load balancer server (`lb-01`)");
    has(lb, "**Algorithm: `roundrobin`**");
    has(lb, "It is dynamic");
    has(lb, "4095 active servers per backend");
    has(lb, "requests alternate between `nginx-1` and `nginx-2`");
    // Active-active or active-passive, and the difference.
    has(lb, "**Setup: `active-active`**");
    has(
        lb,
        "to both Nginx (`nginx-1`) and Nginx (`nginx-2`) at the same time",
    );
    let setups = section(&d, "#### Active-active and active-passive");
    has(setups, "In an active-active setup every member serves");
    has(
        setups,
        "In an active-passive setup one member serves all the traffic",
    );
    has(
        setups,
        "In this design, HAProxy (`lb`) is `active-active` towards its backends.",
    );
    // How a primary-replica cluster works.
    let db = section(&d, "### Databases");
    has(db, "**How a primary-replica cluster works.**");
    has(
        db,
        "Here MySQL (`db-1`) on Server 1 (`web-01`) is the primary and MySQL (`db-2`) on Server 2 (`web-02`) is its replica",
    );
    has(db, "**Replication: `async`**, by default");
    // The primary and the replica for the application.
    has(
        db,
        "writes (INSERT, UPDATE, DELETE) must go to the primary only",
    );
    has(
        db,
        "Here Application server (`app-1`) and Application server (`app-2`) send their writes to `db-1` and read from `db-2`.",
    );
    has(db, "replication lag");
    has(db, "**Failover: `none`**, by default");
    has(
        db,
        "when MySQL (`db-1`) fails, MySQL (`db-2`) still answers reads",
    );
    // The flow follows the load balancer.
    let flow = section(&d, "## How a request flows");
    has(
        flow,
        "HAProxy (`lb`) chooses one of Nginx (`nginx-1`) on Server 1 (`web-01`) and Nginx (`nginx-2`) on Server 2 (`web-02`) with `roundrobin`",
    );
    has(
        flow,
        "send their writes to MySQL (`db-1`) on Server 1 (`web-01`)",
    );
}

#[test]
fn design_2_secured_and_monitored() {
    let d = doc("2-secured_and_monitored_web_infrastructure");
    // Why each added element is there.
    for (id, why) in [
        (
            "fw-lb",
            "“Lets only web traffic reach the load balancer and drops everything else”",
        ),
        (
            "fw-1",
            "“Accepts only the load balancer's HTTP and the replica's MySQL traffic”",
        ),
        (
            "fw-2",
            "“Accepts only the load balancer's HTTP and the primary's MySQL traffic”",
        ),
        (
            "mon-lb",
            "“Sends the load balancer's metrics and logs to Sumo Logic”",
        ),
        (
            "mon-1",
            "“Sends Nginx's, the application's and MySQL's metrics and logs to Sumo Logic”",
        ),
        (
            "sumo",
            "“Stores the metrics and logs of every server, graphs them and alerts on them”",
        ),
        (
            "lb",
            "“Spreads requests over both servers and serves the site's SSL certificate”",
        ),
    ] {
        has(why_cell(&d, id), why);
    }
    // What firewalls are for, and these ones.
    let fw = section(&d, "### Firewalls");
    has(
        fw,
        "A firewall filters network traffic against a list of rules",
    );
    has(
        fw,
        "Firewall (`fw-lb`) guards every connection that reaches HAProxy (`lb`) on Load balancer server (`lb-01`): it allows `tcp/443` and `tcp/80` and drops everything else.",
    );
    has(fw, "Firewall (`fw-1`) guards every connection that reaches Nginx (`nginx-1`) and MySQL (`db-1`) on Server 1 (`web-01`)");
    // Why HTTPS.
    let https = section(&d, "### HTTPS, certificates and TLS");
    has(
        https,
        "Serving a site over HTTPS encrypts everything between the browser and the site",
    );
    has(https, "HAProxy (`lb`) on Load balancer server (`lb-01`) — TLS `terminate`, certificate for www.foobar.com.");
    has(
        https,
        "Behind it, the traffic to Nginx (`nginx-1`) and Nginx (`nginx-2`) is plain.",
    );
    let flow = section(&d, "## How a request flows");
    has(flow, "port 443");
    has(
        flow,
        "On the way in, Firewall (`fw-lb`) filters it, allowing `tcp/443` and `tcp/80`.",
    );
    has(
        flow,
        "HAProxy (`lb`) presents the certificate for www.foobar.com and decrypts the traffic",
    );
    has(
        flow,
        "TLS ends at `lb`: the hop behind it is plain, unencrypted traffic.",
    );
    // What monitoring is for; how the clients collect data.
    let mon = section(&d, "### Monitoring");
    has(mon, "Monitoring watches the design while it runs.");
    has(
        mon,
        "Monitoring client (`mon-1`) on Server 1 (`web-01`) collects the metrics and logs of the server and of Nginx (`nginx-1`), Application server (`app-1`) and MySQL (`db-1`), and sends them to Sumo Logic (`sumo`) over HTTPS.",
    );
    has(mon, "How the clients collect data:");
    has(mon, "follows (tails) the log files");
    // How to monitor the web servers' queries per second.
    let qps = section(&d, "#### Watching the web servers' queries per second");
    has(qps, "`stub_status`");
    has(
        qps,
        "the rate is the difference between two readings divided by the interval",
    );
    has(
        qps,
        "Monitoring client (`mon-1`) does it for Nginx (`nginx-1`) on Server 1 (`web-01`)",
    );
    has(
        qps,
        "Monitoring client (`mon-2`) does it for Nginx (`nginx-2`) on Server 2 (`web-02`)",
    );
}

#[test]
fn design_3_scale_up() {
    let d = doc("3-scale_up");
    for (id, why) in [
        ("lbs", "“Two load balancers share a virtual IP"),
        ("lb-2", "“Stands by to take over the virtual IP"),
        ("web-server", "“Runs Nginx alone"),
        ("app-server", "“Runs the application alone"),
        ("db-server", "“Gives MySQL its own memory and disks”"),
    ] {
        has(why_cell(&d, id), why);
    }
    // How the HAProxy cluster shares or hands over the traffic.
    let cluster = section(&d, "#### HAProxy cluster (`lbs`)");
    has(cluster, "**Setup: `active-passive`**");
    has(cluster, "**Virtual IP: `8.8.8.8`.**");
    has(
        cluster,
        "**Failover: `automatic`** (a standby takes over by itself)",
    );
    has(
        cluster,
        "of HAProxy (`lb-1`) on Load balancer 1 (`lb-01`) and HAProxy (`lb-2`) on Load balancer 2 (`lb-02`), the member that holds the virtual IP `8.8.8.8` serves every request, and the other stands by",
    );
    has(cluster, "it claims `8.8.8.8`");
    let flow = section(&d, "## How a request flows");
    has(
        flow,
        "opens a TCP connection to `8.8.8.8` (the address that DNS returned), port 443",
    );
    has(flow, "HAProxy cluster (`lbs`): of HAProxy (`lb-1`)");
    has(
        flow,
        "`lbs` encrypts the request again on the way (TLS re-encryption).",
    );
    // The load balancers and their single backend.
    let lbs = section(&d, "### Load balancing");
    has(
        lbs,
        "Here it has a single backend, Nginx (`nginx`) on Web server (`web-server`)",
    );
    has(lbs, "**TLS: `reencrypt`**");
    has(lbs, "whose setup is `active-passive`");
    // The database, alone on its server.
    has(
        section(&d, "### Databases"),
        "MySQL (`db`) is declared the primary but has no replica in the design",
    );
}

#[test]
fn the_review_groups_each_finding_with_its_impact_and_fix() {
    for stem in EXAMPLES {
        let review = rubric_review(stem);
        let d = doc_with(stem, &review);
        let m = model(stem);
        for f in &review.findings {
            let group = match f.rule {
                "single-point-of-failure" | "single-write-primary" => {
                    "### Single points of failure"
                }
                "no-firewall" | "no-https" | "tls-terminated-at-load-balancer" => "### Security",
                "no-monitoring" => "### Monitoring",
                _ => "### Scalability and maintenance",
            };
            let s = section(section(&d, "## Review"), group);
            let first = m.element(f.elements[0]);
            // The rule's entry: its findings listed, then its impact and fix, once.
            let rule_head = format!("#### `{}`\n", f.rule);
            let at = s
                .find(&rule_head)
                .unwrap_or_else(|| panic!("{stem}: {rule_head} not in {s}"));
            let entry = &s[at + rule_head.len()..];
            let entry = &entry[..entry.find("\n#### ").unwrap_or(entry.len())];
            let head = format!(
                "- **{}** on {} (`{}`)",
                f.severity.as_str(),
                first.label,
                first.id
            );
            let item = &entry[entry
                .find(&head)
                .unwrap_or_else(|| panic!("{stem}: {head} not in {entry}"))..];
            let item = &item[..item.find('\n').unwrap_or(item.len())];
            has(item, &f.message);
            assert_eq!(entry.matches("\nImpact: ").count(), 1, "{stem}: {entry}");
            assert_eq!(entry.matches("\nFix: ").count(), 1, "{stem}: {entry}");
        }
    }
    // Design 3: no finding on the load balancers, and the groups without findings say so.
    let d = doc_with("3-scale_up", &rubric_review("3-scale_up"));
    let spof = section(&d, "### Single points of failure");
    assert!(
        !spof.contains("`lb-1`") && !spof.contains("`lbs`"),
        "{spof}"
    );
    has(section(&d, "### Security"), "No security finding");
}

#[test]
fn accepted_findings_show_their_reason() {
    let m = model("1-distributed_web_infrastructure");
    let allowed = finding(&m, "no-monitoring", Severity::Medium, &["lb-01"]);
    let review = Review {
        allowed: vec![archc::analysis::Allowed {
            finding: allowed,
            reason: "watched by the provider's *health checks*".into(),
        }],
        ..Review::default()
    };
    let d = doc_with("1-distributed_web_infrastructure", &review);
    let s = section(&d, "### Accepted findings");
    has(s, "`no-monitoring` on Load balancer server (`lb-01`)");
    has(
        s,
        "Accepted because: “watched by the provider's \\*health checks\\*”",
    );
    has(&d, "and one finding accepted with `allow`");
}

/// Whatever the analysis stage reports lands in the write-up, under the element it names.
#[test]
fn the_real_review_is_rendered() {
    for stem in EXAMPLES {
        let m = model(stem);
        let review = archc::analysis::review(&m);
        let d = markdown(&m, &review, &link_options(stem));
        let body = section(&d, "## Review");
        for f in &review.findings {
            has(body, &format!("#### `{}`\n", f.rule));
            if let Some(&e) = f.elements.first() {
                has(body, &format!("(`{}`)", m.element(e).id));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Structure and escaping.

fn options() -> Options {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    o
}

/// Headings as (level, text).
fn headings(md: &str) -> Vec<(HeadingLevel, String)> {
    let mut out = Vec::new();
    let mut current: Option<(HeadingLevel, String)> = None;
    for e in Parser::new_ext(md, options()) {
        match e {
            Event::Start(Tag::Heading { level, .. }) => current = Some((level, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// Every table as rows of cells' text.
fn tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut out = Vec::new();
    let mut table: Option<Vec<Vec<String>>> = None;
    let mut cell: Option<String> = None;
    for e in Parser::new_ext(md, options()) {
        match e {
            Event::Start(Tag::Table(_)) => table = Some(Vec::new()),
            Event::End(TagEnd::Table) => out.extend(table.take()),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                table.as_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let c = cell.take().unwrap();
                table.as_mut().unwrap().last_mut().unwrap().push(c);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_markdown_parses_back_to_its_structure() {
    for stem in EXAMPLES {
        let m = model(stem);
        let d = doc_with(stem, &rubric_review(stem));
        let h = headings(&d);
        assert_eq!(h[0], (HeadingLevel::H1, m.title.clone()));
        let h2: Vec<&str> = h
            .iter()
            .filter(|(l, _)| *l == HeadingLevel::H2)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(
            h2,
            [
                "At a glance",
                "Diagram",
                "How a request flows",
                "Elements",
                "How it works",
                "Operations",
                "Review",
                "Assumptions",
                "Background"
            ],
            "{stem}"
        );
        let t = tables(&d);
        assert_eq!(t.len(), 1, "{stem}: one table");
        let rows = &t[0];
        assert_eq!(
            rows.len(),
            m.elements.len() + 1,
            "{stem}: a row per element"
        );
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r.len(), 6, "{stem}: row {i} has six cells: {r:?}");
        }
        for (e, r) in m.elements.iter().zip(&rows[1..]) {
            let expected = if e.label == e.id {
                e.id.clone()
            } else {
                format!("{} ({})", e.label, e.id)
            };
            assert_eq!(r[0], expected);
        }
        // No raw HTML from a linked diagram; the diagram is an image.
        let events: Vec<Event> = Parser::new_ext(&d, options()).collect();
        assert!(!events
            .iter()
            .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))));
        assert!(events.iter().any(|e| matches!(e, Event::Start(Tag::Image { dest_url, .. }) if dest_url.as_ref() == format!("{stem}.svg"))));
        // Deterministic.
        assert_eq!(d, doc_with(stem, &rubric_review(stem)));
    }
}

const NASTY: &str =
    "*b* _i_ [l](http://e.x) <script>alert(1)</script> | p \\ `t` # h & &amp; ~s~ ![i](x) 1. -";

#[test]
fn user_text_is_escaped() {
    let label = NASTY.replace('\\', "\\\\").replace('"', "\\\"");
    let source = format!(
        "title \"{label}\"\ndescription \"# not a heading <img src=x onerror=alert(1)> *kept emphasis*\"\n\
         client user \"{label}\"\n\
         host h \"{label}\" {{ ip = 10.0.0.1; why = \"{label}\"; x-note = \"{label}\"\n\
           web_server web \"{label}\" {{ why = \"{label}\"; software = \"{label}\" }}\n\
           firewall fw \"{label}\" {{ allow = [\"tcp/443 | `x`\"] }}\n\
         }}\n\
         dns dns {{ records = [\"www.ex.com A 10.0.0.1\", \"ex.com TXT {label}\"] }}\n\
         user -> dns : dns\n\
         user -> web : http \"{label}\"\n\
         allow no-https on web \"{label}\"\n"
    );
    let m = archc::compile(&source, "nasty").unwrap().model;
    let web = m.find("web").unwrap();
    let review = Review {
        findings: vec![Finding {
            rule: "no-monitoring",
            severity: Severity::Medium,
            elements: vec![web],
            message: NASTY.into(),
            span: m.element(web).span,
        }],
        ..Review::default()
    };
    let d = markdown(&m, &review, &DocOptions::default());
    let events: Vec<Event> = Parser::new_ext(&d, options()).collect();
    // No HTML, link or image came out of the user's text.
    for e in &events {
        assert!(
            !matches!(
                e,
                Event::Html(_)
                    | Event::InlineHtml(_)
                    | Event::Start(Tag::Image { .. })
                    | Event::Start(Tag::Strikethrough)
            ) && !matches!(e, Event::Start(Tag::Link { dest_url, .. }) if !dest_url.starts_with('#')),
            "{e:?} in:\n{d}"
        );
    }
    // The title is the heading, exactly.
    assert_eq!(headings(&d)[0], (HeadingLevel::H1, NASTY.to_string()));
    // The description stays one paragraph: its `#` is not a heading, its HTML is text, and
    // its Markdown emphasis is kept.
    assert_eq!(
        headings(&d)
            .iter()
            .filter(|(l, _)| *l == HeadingLevel::H1)
            .count(),
        1
    );
    assert!(d.contains("\\# not a heading \\<img"));
    assert!(d.contains("*kept emphasis*"));
    // Every cell of the table reads back as the text itself.
    let t = &tables(&d)[0];
    assert_eq!(t[0].len(), 7, "the `x-` column is there");
    for r in t {
        assert_eq!(r.len(), 7, "{r:?}");
    }
    let host_row = t.iter().find(|r| r[0].ends_with("(h)")).unwrap();
    assert_eq!(host_row[0], format!("{NASTY} (h)"));
    assert_eq!(host_row[5], format!("“{NASTY}”"));
    assert_eq!(host_row[6], format!("x-note = {NASTY}"));
    let web_row = t.iter().find(|r| r[0].ends_with("(web)")).unwrap();
    assert_eq!(web_row[2], NASTY);
    // The finding's message and the allow's reason, as text.
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    assert!(text.contains(NASTY));
    assert!(text.contains("tcp/443 | `x`"));
    // The HTML page escapes it all too.
    let page = html(&m, &review, &DocOptions::default());
    assert!(!page.contains("<script>"), "{page}");
    assert!(!page.contains("<img src=x"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn html_is_a_standalone_page_with_the_svg_inline() {
    let stem = "1-distributed_web_infrastructure";
    let m = model(stem);
    let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"d1\">\n\n<rect width=\"1\" height=\"1\"/>\n</svg>\n";
    let options = DocOptions {
        svg_link: Some("ignored.svg".into()),
        inline_svg: Some(svg.into()),
        ..DocOptions::default()
    };
    let page = html(&m, &rubric_review(stem), &options);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains("<title>Distributed web infrastructure</title>"));
    assert!(page.contains("@media (prefers-color-scheme: dark)"));
    assert!(page.contains("@media print"));
    assert!(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"d1\">\n<rect"));
    assert!(!page.contains("<?xml"));
    assert!(!page.contains("ignored.svg"));
    assert!(page.contains("<h2 id=\"how-a-request-flows\">How a request flows</h2>"));
    assert!(page.contains("<table>"));
    assert!(page.contains("<td>HAProxy (<code>lb</code>)</td>"));
    assert!(!page.contains("<script"));
    assert!(page.trim_end().ends_with("</html>"));
    // Markdown with the SVG inline keeps it as one HTML block.
    let md = markdown(&m, &rubric_review(stem), &options);
    let blocks = Parser::new_ext(&md, options_default())
        .filter(|e| matches!(e, Event::Start(Tag::HtmlBlock)))
        .count();
    assert_eq!(blocks, 1);
    assert!(md.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"d1\">\n<rect"));
}

fn options_default() -> Options {
    options()
}

#[test]
fn without_a_diagram_there_is_no_diagram_section() {
    let stem = "0-simple_web_stack";
    let m = model(stem);
    let d = markdown(
        &m,
        &Review::default(),
        &DocOptions {
            detail: archc::render::markdown::Detail::Full,
            ..DocOptions::default()
        },
    );
    assert!(!d.contains("## Diagram"));
    assert!(d.contains("## How a request flows"));
}

// ---------------------------------------------------------------------------------------------
// Every kind and every value.

/// A design that uses every kind and every value of every typed attribute.
fn everything() -> String {
    let mut s = String::from(
        "title \"Everything\"\ndescription \"Every kind and every value.\"\n\
         client user \"Browser\"\n\
         dns dns { records = [\"www.ex.com A 10.0.0.1\", \"v6.ex.com AAAA 2001:db8::1\", \"cdn.ex.com CNAME edge.cdn.net\", \"ex.com ALIAS edge.cdn.net\", \"ex.com MX 10 mail.ex.com\", \"ex.com TXT v=spf1\", \"ex.com NS ns1.ex.com\", \"ex.com SOA ns1.ex.com\", \"_sip._tcp.ex.com SRV 10 5 5060 sip.ex.com\", \"ex.com CAA 0 issue letsencrypt.org\", \"1.0.0.10.in-addr.arpa PTR www.ex.com\"] }\n\
         cdn cdn \"Edge\" { x-tier = \"gold\" }\n\
         service pay \"Payments\" { managed = true }\n\
         storage files \"Object storage\" { managed = true }\n\
         monitoring svc \"Monitoring service\" { managed = true }\n\
         host web-a { ip = 10.0.1.1; provider = \"Acme\"; region = \"eu-west\"; availability = 99.9%; firewall fw-a { allow = [\"tcp/80\"]; waf = true }; web_server web-1 { tls = terminate; certificate = \"www.ex.com\"; software = \"Nginx 1.24\"; port = 443 }; app_server app-1; codebase code-1; cache cache-1 \"Redis\"; queue q-1 \"RabbitMQ\"; monitoring agent-a { collects = [metrics] } }\n\
         host web-b { ip = 10.0.1.2; firewall fw-b { allow = [\"tcp/80\"]; waf = false }; web_server web-2 { tls = passthrough }; web_server web-3 { tls = reencrypt }; web_server web-4 { tls = none }; monitoring agent-b { collects = [logs, traces] } }\n",
    );
    // One load balancer per algorithm, cycling through the setups and TLS modes.
    for (i, a) in Algorithm::ALL.iter().enumerate() {
        let setup = Setup::ALL[i % Setup::ALL.len()];
        let tls = Tls::ALL[i % Tls::ALL.len()];
        s.push_str(&format!(
            "host lbh-{i} {{ ip = 10.0.0.{}; load_balancer lb-{i} \"Balancer {i}\" {{ algorithm = {}; setup = {}; tls = {}; certificate = \"www.ex.com\" }} }}\n",
            i + 1,
            a.as_str(),
            setup.as_str(),
            tls.as_str()
        ));
        let proto = if tls == Tls::None { "http" } else { "https" };
        s.push_str(&format!(
            "user -> lb-{i} : {proto}\nlb-{i} -> web-1, web-2 : http\n"
        ));
    }
    // Zones of each trust, holding a cluster per setup and failover.
    let mut n = 0;
    let mut zones = vec![String::new(); Trust::ALL.len()];
    for setup in Setup::ALL {
        for failover in Failover::ALL {
            zones[n % Trust::ALL.len()].push_str(&format!(
                "  cluster cl-{n} {{ setup = {}; failover = {}; vip = 10.0.9.{n}\n    host ch-{n}a {{ app_server ca-{n}a }}\n    host ch-{n}b {{ app_server ca-{n}b }}\n  }}\n",
                setup.as_str(),
                failover.as_str()
            ));
            n += 1;
        }
    }
    for (zi, trust) in Trust::ALL.iter().enumerate() {
        s.push_str(&format!(
            "zone z-{zi} {{ trust = {}\n{}}}\n",
            trust.as_str(),
            zones[zi]
        ));
    }
    for i in 0..n {
        s.push_str(&format!("web-1 -> cl-{i} : http\ncl-{i} -> pay : https\n"));
    }
    // A primary and replica per replication mode and failover mode.
    let mut k = 0;
    for r in Replication::ALL {
        for f in Failover::ALL {
            s.push_str(&format!(
                "host dbh-{k}p {{ database p-{k} {{ role = primary; failover = {} }} }}\nhost dbh-{k}r {{ database r-{k} {{ role = replica; replicates = p-{k}; replication = {} }} }}\n",
                f.as_str(),
                r.as_str()
            ));
            s.push_str(&format!(
                "app-1 -> p-{k} : mysql {{ access = write }}\napp-1 -> r-{k} : mysql {{ access = read }}\n"
            ));
            k += 1;
        }
    }
    s.push_str(
        "database solo \"Standalone\" { role = standalone }\n\
         database orphan \"Orphan replica\" { role = replica }\n\
         database lone \"Lonely primary\" { role = primary }\n\
         user -> cdn : https\ncdn -> web-1 : https\n\
         web-1 -> app-1 : http\napp-1 -> code-1\n\
         app-1 -> cache-1 : redis { access = read-write }\napp-1 -> q-1 : amqp\nq-1 -> app-1 : amqp\n\
         app-1 -> files : https { access = write }\napp-1 -> solo : postgres\napp-1 -> orphan : mysql { access = read }\napp-1 -> lone : mysql\n\
         user -> web-3 : https\nuser -> web-4 : http\nweb-2 -> app-1 : grpc { port = 9000 }\n\
         agent-a, agent-b -> svc : https \"telemetry\"\n\
         app-1 -> web-4 : tcp { encrypted = true }\n",
    );
    s
}

#[test]
fn every_kind_and_value_reads_true() {
    let source = everything();
    let m = match archc::compile(&source, "everything") {
        Ok(c) => c.model,
        Err(e) => panic!("{e:#?}\n{source}"),
    };
    let d = markdown(
        &m,
        &Review::default(),
        &DocOptions {
            detail: archc::render::markdown::Detail::Full,
            ..DocOptions::default()
        },
    );
    // No placeholder, no debug output, no empty value.
    for bad in [
        "TODO", "Some(", "(None", ": None", "{}", "unknown", "N/A", "()", " ,", " .", "``",
        "the the ",
    ] {
        assert!(!d.contains(bad), "{bad:?} in:\n{d}");
    }
    // Every heading has content before the next heading of its level or higher.
    let mut stack: Vec<(HeadingLevel, bool)> = Vec::new();
    let mut depth = 0;
    for e in Parser::new_ext(&d, options()) {
        match e {
            Event::Start(Tag::Heading { level, .. }) => {
                while let Some(&(l, content)) = stack.last() {
                    if l >= level {
                        assert!(content, "an empty section before a {level:?} heading");
                        stack.pop();
                    } else {
                        break;
                    }
                }
                stack.push((level, false));
                depth += 1;
            }
            Event::End(TagEnd::Heading(_)) => depth -= 1,
            Event::Text(_) | Event::Code(_) if depth == 0 => {
                for s in stack.iter_mut() {
                    s.1 = true;
                }
            }
            _ => {}
        }
    }
    assert!(stack.iter().all(|s| s.1), "the last section is empty");

    // Every load balancer's section states its own algorithm, setup and TLS mode, no other.
    let lbs = section(&d, "### Load balancing");
    for (i, a) in Algorithm::ALL.iter().enumerate() {
        let head = format!("#### Balancer {i} (`lb-{i}`) on `lbh-{i}`");
        let s = section(lbs, &head);
        has(s, &format!("**Algorithm: `{}`**", a.as_str()));
        has(s, &format!("**Setup: `{}`**", Setup::ALL[i % 2].as_str()));
        has(s, &format!("**TLS: `{}`**", Tls::ALL[i % 4].as_str()));
        for other in Algorithm::ALL.iter().filter(|o| *o != a) {
            assert!(
                !s.contains(&format!("**Algorithm: `{}`**", other.as_str())),
                "{s}"
            );
        }
        let info = archc::knowledge::algorithm(*a);
        if info.needs_http && Tls::ALL[i % 4] == Tls::Passthrough {
            has(s, "cannot read the requests");
        }
        if Setup::ALL[i % 2] == Setup::ActivePassive {
            has(s, "in reserve for when it fails");
        }
    }
    has(lbs, "**Setup: `active-passive`**");
    // Every cluster states its setup and failover, and what they mean.
    let clusters = section(&d, "### Clusters");
    let mut n = 0;
    for &setup in Setup::ALL {
        for &failover in Failover::ALL {
            let s = section(clusters, &format!("#### `cl-{n}`"));
            has(s, &format!("**Setup: `{}`**", setup.as_str()));
            has(s, &format!("**Failover: `{}`**", failover.as_str()));
            has(s, &format!("**Virtual IP: `10.0.9.{n}`.**"));
            match (setup, failover) {
                (Setup::ActivePassive, Failover::Automatic) => has(s, "takes over by itself"),
                (Setup::ActivePassive, Failover::Manual) => {
                    has(s, "an operator must move the work")
                }
                (Setup::ActivePassive, Failover::None) => has(s, "nothing moves the work"),
                (Setup::ActiveActive, _) => has(s, "all serve at the same time"),
            }
            if setup == Setup::ActiveActive {
                assert!(!s.contains("stands by"), "{s}");
            }
            n += 1;
        }
    }
    // Every database pair states its replication and failover.
    let dbs = section(&d, "### Databases");
    let mut k = 0;
    for &r in Replication::ALL {
        for &f in Failover::ALL {
            let s = section(dbs, &format!("#### `p-{k}` and its replica `r-{k}`"));
            has(s, &format!("**Replication: `{}`** (", r.as_str()));
            has(s, &format!("**Failover: `{}`** (", f.as_str()));
            has(s, archc::knowledge::replication(r).detail);
            has(s, archc::knowledge::failover(f).detail);
            if r == Replication::Sync {
                assert!(!s.contains("replication lag"), "{s}");
            } else {
                has(s, "replication lag");
            }
            k += 1;
        }
    }
    has(
        section(dbs, "#### Standalone (`solo`)"),
        "is a standalone database",
    );
    has(
        section(dbs, "#### Orphan replica (`orphan`)"),
        "whose primary is not in the design",
    );
    has(
        section(dbs, "#### Lonely primary (`lone`)"),
        "has no replica in the design",
    );
    // Roles of each remaining kind.
    let roles = section(&d, "### What each part does");
    for title in [
        "Client",
        "Content delivery network",
        "Web server",
        "Application server",
        "Application files",
        "Cache",
        "Queue",
        "Storage",
        "Service",
    ] {
        section(roles, &format!("#### {title}"));
    }
    // Zones of each trust.
    let zones = section(&d, "### Network zones");
    for (zi, t) in Trust::ALL.iter().enumerate() {
        has(
            zones,
            &format!(
                "- `z-{zi}` is `{}` ({})",
                t.as_str(),
                archc::knowledge::trust(*t).short
            ),
        );
    }
    // Firewalls with and without WAF.
    let fw = section(&d, "### Firewalls");
    has(fw, "It is also a web application firewall");
    has(fw, "(no WAF)");
    // Monitoring signals.
    let mon = section(&d, "### Monitoring");
    has(
        mon,
        "`agent-a` on `web-a` collects the metrics of the server",
    );
    has(
        mon,
        "`agent-b` on `web-b` collects the logs and traces of the server",
    );
    for sig in Signal::ALL {
        has(mon, archc::knowledge::signal(*sig).detail);
    }
    // Access on links into data stores.
    let flow = section(&d, "## How a request flows");
    for a in Access::ALL {
        let verb = match a {
            Access::Read => "reads from",
            Access::Write => "sends its writes to",
            Access::ReadWrite => "looks data up in, and stores data in,",
        };
        has(flow, verb);
    }
    // DNS record types.
    let dns = section(&d, "### The domain name and DNS");
    for t in archc::knowledge::RECORD_TYPES {
        has(dns, &format!("**{} record**", t.name));
    }
    // Roles in the table.
    for role in Role::ALL {
        has(&d, &format!("database ({})", role.as_str()));
    }
    // `x-` keys and software.
    has(row(&d, "cdn"), "`x-tier` = gold");
    has(row(&d, "web-1"), "Nginx 1.24");
}

/// The four write-ups, with archc's own review, as snapshots.
#[test]
fn snapshots() {
    for stem in EXAMPLES {
        insta::assert_snapshot!(stem, doc(stem));
    }
}

/// With archc's own review, each write-up names the findings its review must report, on the design's
/// own elements, in the right group.
#[test]
fn the_review_names_the_rubric_findings() {
    let d = doc("0-simple_web_stack");
    let spof = section(&d, "### Single points of failure");
    has(spof, "**critical** on Server (`server`)");
    let sec = section(&d, "### Security");
    has_finding(sec, "no-firewall", "Server (`server`)");
    has_finding(sec, "no-https", "Nginx (`nginx`)");
    has_finding(
        section(section(&d, "## Review"), "### Monitoring"),
        "no-monitoring",
        "Server (`server`)",
    );
    let scale = section(&d, "### Scalability and maintenance");
    has_finding(scale, "maintenance-downtime", "Nginx (`nginx`)");
    has_finding(scale, "cannot-scale-out", "Nginx (`nginx`)");

    let d = doc("1-distributed_web_infrastructure");
    let spof = section(&d, "### Single points of failure");
    has_finding(
        spof,
        "single-point-of-failure",
        "Load balancer server (`lb-01`) and HAProxy (`lb`)",
    );
    has_finding(
        spof,
        "single-point-of-failure",
        "Server 1 (`web-01`) and MySQL (`db-1`)",
    );
    has_finding(spof, "single-write-primary", "MySQL (`db-1`)");
    has_finding(
        section(&d, "### Scalability and maintenance"),
        "colocated-tiers",
        "Server 2 (`web-02`)",
    );

    let d = doc("2-secured_and_monitored_web_infrastructure");
    has_finding(
        section(&d, "### Security"),
        "tls-terminated-at-load-balancer",
        "HAProxy (`lb`)",
    );
    has(
        section(section(&d, "## Review"), "### Monitoring"),
        "No monitoring finding",
    );
    assert!(!d.contains("`no-firewall`") && !d.contains("`no-https`"));

    let d = doc("3-scale_up");
    let spof = section(&d, "### Single points of failure");
    for host in [
        "Web server (`web-server`)",
        "Application server (`app-server`)",
        "Database server (`db-server`)",
    ] {
        has(spof, &format!("**critical** on {host}"));
    }
    assert!(
        !spof[..spof
            .find("#### `double-point-of-failure`")
            .unwrap_or(spof.len())]
            .contains(" on Load balancer"),
        "{spof}"
    );
    // Availability, when the review computes it.
    let avail = section(&d, "## Availability");
    has(avail, "| Reads | ");
    has(avail, "| Writes | ");
    has(
        avail,
        "- Web server (`web-server`): 99.500% (archc's default for a server)",
    );
}

/// Asserts that `section` has the entry of `rule` and, in it, a finding on `on`.
fn has_finding(section: &str, rule: &str, on: &str) {
    let head = format!("#### `{rule}`\n");
    let at = section
        .find(&head)
        .unwrap_or_else(|| panic!("expected {head:?} in:\n{section}"));
    let entry = &section[at + head.len()..];
    let entry = &entry[..entry.find("\n#### ").unwrap_or(entry.len())];
    has(entry, &format!(" on {on}"));
}

/// At a glance comes first and answers with design 1's own figures: availability per flow,
/// the top risks, and fixes ranked by what they buy (computed from the review's gains and
/// what-if), a database fix that does not suggest a load balancer.
#[test]
fn at_a_glance_ranks_design_1s_fixes() {
    let d = doc("1-distributed_web_infrastructure");
    let h2: Vec<&str> = d.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(h2[0], "## At a glance", "{h2:?}");
    let g = section(&d, "## At a glance");
    has(g, "| `reads` | 99.488% | 44.9 hours |");
    has(g, "| `writes` | 98.993% | 88.3 hours |");
    has(g, "- **critical** `single-point-of-failure` on `lb-01`");
    let first = g.lines().find(|l| l.starts_with("1. ")).unwrap();
    has(first, "Pair `lb` with a second load balancer");
    has(first, "`reads` 99.488% → 99.985%");
    has(
        first,
        "Today the loss of `lb-01` stops `reads` and `writes`.",
    );
    let second = g.lines().find(|l| l.starts_with("2. ")).unwrap();
    // `db-2` is already on another server: only the failover is missing.
    has(
        second,
        "Let `db-2` take over from `db-1` automatically: `failover = automatic` on `db-1`",
    );
    assert!(!second.contains("a replica on another server"), "{second}");
    assert!(!second.contains("load balancer"), "{second}");
    has(second, "`writes` 98.993% → 99.488%");
    // One number style: three decimals, downtime in hours, in every section.
    assert!(!d.contains(" days"), "downtime in one unit");
    assert!(!d.contains("99.4876%"), "one precision");
}

/// Fix snippets use the design's own port and domain, and the orchestrators are named right.
#[test]
fn fixes_use_the_designs_own_ports_and_domain() {
    let d = doc("1-distributed_web_infrastructure");
    let sec = section(section(&d, "## Review"), "### Security");
    has(sec, "`allow = [\"tcp/80\"]`");
    assert!(!sec.contains("tcp/443"), "{sec}");
    has(sec, "`certificate = \"www.foobar.com\"`");
    assert!(!d.contains("www.example.com"));
    let spof = section(section(&d, "## Review"), "### Single points of failure");
    has(spof, "Patroni for PostgreSQL");
    assert!(!d.contains("Group Replication"));
}

/// The new material, with the design's figures where it has them.
#[test]
fn operations_cover_headroom_recovery_backups_access_and_redirect() {
    let d = doc("1-distributed_web_infrastructure");
    let ops = section(&d, "## Operations");
    has(ops, "With one of `nginx-1` and `nginx-2` down, the other one must carry all the traffic of `lb`: each must stay below 50%");
    has(ops, "The design gives no capacity figures to check this.");
    has(ops, "**Recovery of `db-1`.** Recovery point (acknowledged writes lost with it): the writes not yet shipped");
    has(ops, "**Backups.** The design shows none");
    has(
        ops,
        "**Admin access.** The design does not say how administrators reach the hosts.",
    );
    let d3 = doc("3-scale_up");
    has(
        section(&d3, "## Operations"),
        "**HTTPS redirect.** The design serves only port 443",
    );
}

/// `--detail` chooses how much the document says; Background is written once, never in brief.
#[test]
fn detail_levels_choose_sections() {
    use archc::render::markdown::Detail;
    let stem = "1-distributed_web_infrastructure";
    let m = model(stem);
    let review = archc::analysis::review(&m);
    let at = |detail| {
        markdown(
            &m,
            &review,
            &DocOptions {
                detail,
                ..DocOptions::default()
            },
        )
    };
    let (brief, standard, full) = (at(Detail::Brief), at(Detail::Standard), at(Detail::Full));
    for h in ["## How it works", "## Background", "## Elements"] {
        assert!(!brief.contains(h), "brief has {h}");
        assert!(standard.contains(h), "standard lacks {h}");
    }
    assert_eq!(standard.matches("## Background").count(), 1);
    assert!(!standard.contains("### What each part does"));
    assert!(full.contains("### What each part does"));
    assert!(brief.len() < standard.len() && standard.len() < full.len());
}

// ---------------------------------------------------------------------------------------------
// Every document reads clean.

/// A design of language 0.2: named flows, alternatives, optional dependencies, links that carry
/// no requests, instance counts and ranges, groups, failure-domain zones, a cluster of servers
/// and a trusted client.
fn everything_0_2() -> String {
    "title \"Pastebin\"\n\
     flow browse \"Browse pastes\" { access = read }\n\
     flow paste \"Create a paste\" { access = write }\n\
     client user \"Client\"\n\
     client analytics \"Nightly analytics\" { trusted = true }\n\
     dns dns { records = [\"www.paste.example A 203.0.113.10\", \"cdn.paste.example CNAME edge\"] }\n\
     zone az-a \"eu-west-1a\" { failure_domain = true }\n\
     zone az-b \"eu-west-1b\" { failure_domain = true }\n\
     cluster lbs \"Load balancers\" { setup = active-active; load_balancer lb-1 { algorithm = leastconn }; load_balancer lb-2 { algorithm = leastconn } }\n\
     cluster webs \"Web tier\" {\n\
       host web-1 { zone = az-a; web_server n1 \"Nginx\"; app_server p1 \"PHP-FPM\" }\n\
       host web-2 { zone = az-b; web_server n2 \"Nginx\"; app_server p2 \"PHP-FPM\" }\n\
     }\n\
     group data \"Data\" {\n\
       database sql \"SQL primary\" { role = primary; failover = automatic; replication = semi-sync }\n\
       database sql-r1 \"Replica 1\" { role = replica; replicates = sql }\n\
       cache c1 \"Memory cache\" { instances = 2 }\n\
     }\n\
     storage objects \"Object store\" { managed = true; replicas = 3 }\n\
     queue jobs \"Jobs\" { managed = true }\n\
     service worker \"Thumbnailer\" { instances = 2..4; zones = [az-a, az-b] }\n\
     service spare \"Spare\" { instances = 0..1 }\n\
     monitoring mon \"Monitoring\" { managed = true }\n\
     user -> dns : dns\n\
     user -> lbs : https { flows = [browse, paste] }\n\
     lbs -> webs : http\n\
     n1 -> p1 : http\n\
     n2 -> p2 : http\n\
     p1, p2 -> sql : mysql { access = write; flows = [paste] }\n\
     p1, p2 -> sql-r1 | sql : mysql { access = read }\n\
     p1, p2 -> c1 : redis { optional = true }\n\
     p1, p2 -> objects : https\n\
     p1, p2 -> jobs : amqp { access = write }\n\
     worker -> jobs : amqp { access = read }\n\
     worker -> objects : https\n\
     analytics -> sql-r1 : mysql { access = read }\n\
     sql ~> sql-r1 : replication\n\
     mon ~> web-1, web-2 : https \"scrapes\"\n\
     analytics ~> objects : https \"backup\"\n"
        .to_string()
}

/// The text a reader sees in each block (paragraph, list item, heading, table cell) of `md`.
fn blocks(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for e in Parser::new_ext(md, options()) {
        match e {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => out.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    out.push(current);
    out.into_iter().filter(|b| !b.trim().is_empty()).collect()
}

/// Asserts that a document has no placeholder, no empty section, no doubled bracket and, with
/// `once`, no sentence said twice.
#[track_caller]
fn reads_clean(md: &str, what: &str, once: bool) {
    // Placeholders, and a "with" that lost its object.
    for bad in [
        "TODO", "{}", "Some(", "\"\"", " with ;", " with .", " with ,",
    ] {
        assert!(!md.contains(bad), "{what}: {bad:?} in:\n{md}");
    }
    // "None" only as the word that opens "None of …".
    for (i, _) in md.match_indices("None") {
        assert!(md[i..].starts_with("None of"), "{what}: a None in:\n{md}");
    }
    // A heading followed by another heading is an empty section, unless the second is a
    // sub-heading of the first.
    let lines: Vec<&str> = md.lines().filter(|l| !l.trim().is_empty()).collect();
    for w in lines.windows(2) {
        let level = |l: &str| {
            let n = l.chars().take_while(|&c| c == '#').count();
            (n > 0 && l[n..].starts_with(' ')).then_some(n)
        };
        if let (Some(a), Some(b)) = (level(w[0]), level(w[1])) {
            assert!(b > a, "{what}: empty section {:?} before {:?}", w[0], w[1]);
        }
    }
    let seen = blocks(md);
    for b in &seen {
        for doubled in ["((", "))", "[[", "]]"] {
            assert!(!b.contains(doubled), "{what}: {doubled:?} in {b:?}");
        }
    }
    // Sentences of six words or more, said once.
    let mut sentences: Vec<String> = Vec::new();
    for b in seen.iter().filter(|_| once) {
        for s in b.split(". ") {
            let s = s.trim().trim_end_matches('.').to_string();
            if s.split_whitespace().count() < 6 {
                continue;
            }
            assert!(!sentences.contains(&s), "{what}: said twice: {s:?}");
            sentences.push(s);
        }
    }
}

#[test]
fn a_summarised_document_reads_clean() {
    // A generated design of 100 components gives the summarised standard document: its
    // tables, long lists and collapsed sentences hold no placeholder, empty section or doubled
    // bracket.
    for seed in [1, 7, 42] {
        let source = archc::generate::architecture(100, seed);
        let m = archc::compile(&source, "generated").unwrap().model;
        let r = archc::analysis::review(&m);
        let d = markdown(&m, &r, &DocOptions::default());
        reads_clean(&d, &format!("seed {seed}"), false);
    }
}

#[test]
fn every_kind_and_value_reads_clean_at_every_detail() {
    use archc::render::markdown::Detail;
    // The design of every value repeats each setting dozens of times: it is checked for
    // placeholders, empty sections and doubled brackets; the 0.2 design and the examples are
    // also checked for sentences said twice.
    for (name, source, once) in [
        ("everything", everything(), false),
        ("everything 0.2", everything_0_2(), true),
    ] {
        let m = match archc::compile(&source, "everything") {
            Ok(c) => c.model,
            Err(e) => panic!("{e:#?}\n{source}"),
        };
        let r = archc::analysis::review(&m);
        for detail in [Detail::Brief, Detail::Standard, Detail::Full] {
            let d = markdown(
                &m,
                &r,
                &DocOptions {
                    detail,
                    ..DocOptions::default()
                },
            );
            // The full document repeats each per-element explanation on purpose.
            reads_clean(
                &d,
                &format!("{name} at {detail:?}"),
                once && detail != Detail::Full,
            );
        }
    }
    for stem in EXAMPLES {
        let m = model(stem);
        let r = archc::analysis::review(&m);
        for detail in [Detail::Brief, Detail::Standard] {
            let d = markdown(
                &m,
                &r,
                &DocOptions {
                    detail,
                    ..DocOptions::default()
                },
            );
            reads_clean(&d, &format!("{stem} at {detail:?}"), true);
        }
    }
}

/// A failure-domain zone is explained as a failure domain, not as a network boundary, and a
/// component outside servers that sits in one is said to fail with it.
#[test]
fn failure_domain_zones_are_explained_as_failure_domains() {
    let source = r#"client user
zone az-a "eu-west-1a" { failure_domain = true }
zone dmz "Public subnet" { trust = dmz; failure_domain = true; load_balancer lb }
web_server web { zone = az-a }
host db-host { zone = az-a; database db }
user -> lb : https
lb -> web : http
web -> db : postgres
"#;
    let m = archc::compile(source, "zones").unwrap().model;
    let r = archc::analysis::review(&m);
    let doc = markdown(&m, &r, &DocOptions::default());
    let az = row(&doc, "az-a");
    has(az, "A failure domain");
    assert!(!az.contains("Separates"), "{az}");
    // A zone that is both says both.
    let dmz = row(&doc, "dmz");
    has(dmz, "A failure domain");
    has(dmz, "Separates what it holds");
    has(&doc, "fails with the failure-domain zone that holds it");
}

/// Links that carry no requests stay out of the request's steps and are said to carry none;
/// a queue's consumers pull its messages; a load balancer in front of a group of copies
/// chooses among them; SSH written to a host reaches the host.
#[test]
fn request_flow_follows_requests_only() {
    let source = r#"client user
client ops "Operator" { trusted = true }
load_balancer lb
host web { instances = 2..6; web_server nginx; app_server php }
queue jobs { managed = true }
service mailer
host bastion { service sshd }
user -> lb : https
lb -> nginx : http
nginx -> php : http
php -> jobs : amqp { access = write }
mailer -> jobs : amqp { access = read }
ops ~> bastion : ssh
sshd ~> web : ssh
"#;
    let m = archc::compile(source, "flows").unwrap().model;
    let r = archc::analysis::review(&m);
    let doc = markdown(&m, &r, &DocOptions::default());
    let flow = section(&doc, "## How a request flows");
    let steps: String = flow
        .lines()
        .take_while(|l| !l.starts_with("Behind"))
        .collect();
    assert!(!steps.contains("SSH") && !steps.contains("sshd"), "{flow}");
    has(flow, "chooses one of the 2 to 6 copies of");
    assert!(!flow.contains("single backend"), "{flow}");
    has(flow, "pulls messages from");
    has(flow, "`background` flow");
    has(
        flow,
        "Operator (`ops`) reaches `bastion` over SSH, carrying no requests",
    );
    assert!(!flow.contains("no client's request reaches"), "{flow}");
    let ops = section(&doc, "## Operations");
    has(ops, "Administrators reach `web` and `bastion` over SSH");
}

#[test]
fn the_language_references_examples_read_clean_at_every_detail() {
    use archc::render::markdown::Detail;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/language");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "arch"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let m = archc::compile(&source, &name).unwrap().model;
        let r = archc::analysis::review(&m);
        for detail in [Detail::Brief, Detail::Standard, Detail::Full] {
            let d = markdown(
                &m,
                &r,
                &DocOptions {
                    detail,
                    ..DocOptions::default()
                },
            );
            reads_clean(&d, &format!("{name} at {detail:?}"), false);
        }
    }
}

#[test]
fn operations_say_what_each_design_keeps_and_opens() {
    // Design 3's database has no replica and the design no backup: nothing keeps its data,
    // and "replication is no backup" would be beside the point.
    let d3 = doc("3-scale_up");
    has(&d3, "Recovery point (acknowledged writes lost with it): all of its data, since no replica holds a copy and the design shows no backup.");
    assert!(!d3.contains("Replication is no backup"));
    // Design 2's load balancer firewall admits port 80 though every client link is HTTPS.
    let d2 = doc("2-secured_and_monitored_web_infrastructure");
    has(&d2, "Clients reach the site on port 443; `fw-lb` also admits port 80, which no link of the design uses.");
    has(&d2, "**Backups.** The design shows none");
}
