//! `archc diff`: on the shipped progression 0 → 1 → 2 → 3, the diff lists exactly the
//! elements added (with their `why`) and the findings fixed and introduced.

use archc::analysis::Review;
use archc::diff::{diff, matching};

mod common;
use common::{model, rubric_review, EXAMPLES};

/// The identifiers listed in a section (`- Label (`id`)…` or `` - `id`… `` bullets).
fn listed(doc: &str, heading: &str) -> Vec<String> {
    let Some(start) = doc.find(&format!("## {heading}\n")) else {
        return Vec::new();
    };
    let body = &doc[start + heading.len() + 4..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    body.lines()
        .filter(|l| l.starts_with("- "))
        .map(|l| {
            // The first code span of the bullet is the identifier (or, for findings, the rule,
            // then the identifier).
            let spans: Vec<&str> = l.split('`').skip(1).step_by(2).collect();
            if l.starts_with("- **") {
                format!("{}@{}", spans[0], spans[1])
            } else {
                spans[0].to_string()
            }
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn strings(v: &[&str]) -> Vec<String> {
    sorted(v.iter().map(|s| s.to_string()).collect())
}

fn diff_of(a: usize, b: usize) -> String {
    let (ma, mb) = (model(EXAMPLES[a]), model(EXAMPLES[b]));
    let (ra, rb) = (rubric_review(EXAMPLES[a]), rubric_review(EXAMPLES[b]));
    diff((&ma, &ra), (&mb, &rb))
}

#[test]
fn from_0_to_1() {
    let d = diff_of(0, 1);
    assert_eq!(
        sorted(listed(&d, "Elements added")),
        strings(&["lb-01", "lb", "web-02", "nginx-2", "app-2", "code-2", "db-2"]),
        "{d}"
    );
    assert!(listed(&d, "Elements removed").is_empty(), "{d}");
    // The one server became Server 1, its components renamed with it.
    assert_eq!(
        sorted(listed(&d, "Elements renamed or moved")),
        strings(&["server", "nginx", "app", "code", "db"])
    );
    assert!(
        d.contains("- Server (`server`): is now Server 1 (`web-01`)."),
        "{d}"
    );
    assert!(
        d.contains("- MySQL (`db-1`): `role` `standalone` → `primary`."),
        "{d}"
    );
    // Why each element was added.
    assert!(d.contains("- HAProxy (`lb`), load balancer on Load balancer server (`lb-01`): “Spreads requests over both servers, so either one can fail or be updated while the site stays up”"), "{d}");
    assert!(d.contains("- MySQL (`db-2`), database on Server 2 (`web-02`): Keeps a copy of MySQL (`db-1`) that answers reads and can take its place if it fails. *(default explanation)*"), "{d}");
    assert_eq!(
        sorted(listed(&d, "Findings fixed")),
        strings(&[
            "no-firewall@server",
            "maintenance-downtime@nginx",
            "cannot-scale-out@nginx",
            "no-monitoring@server"
        ])
    );
    assert_eq!(
        sorted(listed(&d, "Findings introduced")),
        strings(&[
            "single-point-of-failure@lb-01",
            "no-firewall@lb-01",
            "single-write-primary@db-1",
            "no-monitoring@lb-01",
            "colocated-tiers@web-01",
            "colocated-tiers@web-02"
        ])
    );
    assert_eq!(
        sorted(listed(&d, "Findings still open")),
        strings(&["single-point-of-failure@web-01", "no-https@user"])
    );
    // Links: the load balancer's, the second server's, and the split database access.
    let added = listed(&d, "Links added");
    assert!(added.contains(&"user".to_string()));
    assert!(d.contains("- `user` → `lb` (`http`)"), "{d}");
    assert!(d.contains("- `db-1` → `db-2` (`replication`)"), "{d}");
    assert!(
        d.contains("- `user` → `nginx` (`http`, “GET http://www.foobar.com”)"),
        "{d}"
    );
}

#[test]
fn from_1_to_2() {
    let d = diff_of(1, 2);
    assert_eq!(
        sorted(listed(&d, "Elements added")),
        strings(&["fw-lb", "mon-lb", "fw-1", "mon-1", "fw-2", "mon-2", "sumo"]),
        "{d}"
    );
    for heading in [
        "Elements removed",
        "Elements renamed or moved",
        "Links removed",
    ] {
        assert!(listed(&d, heading).is_empty(), "{heading}: {d}");
    }
    assert!(d.contains("- Firewall (`fw-lb`), firewall on Load balancer server (`lb-01`): “Lets only web traffic reach the load balancer and drops everything else”"), "{d}");
    assert!(d.contains("- Sumo Logic (`sumo`), monitoring service: “Stores the metrics and logs of every server, graphs them and alerts on them”"), "{d}");
    assert!(d.contains("- HAProxy (`lb`): `tls` `none` → `terminate`; `certificate` not set → `www.foobar.com`; its `why` is now"), "{d}");
    assert!(
        d.contains("- `user` → `lb`: was `http`; now `https`"),
        "{d}"
    );
    assert_eq!(
        sorted(listed(&d, "Findings fixed")),
        strings(&["no-firewall@lb-01", "no-https@user", "no-monitoring@lb-01"])
    );
    assert_eq!(
        listed(&d, "Findings introduced"),
        strings(&["tls-terminated-at-load-balancer@lb"])
    );
}

#[test]
fn from_2_to_3() {
    let d = diff_of(2, 3);
    assert_eq!(
        sorted(listed(&d, "Elements added")),
        strings(&[
            "lbs",
            "lb-02",
            "fw-lb-2",
            "lb-2",
            "mon-lb-2",
            "web-server",
            "fw-web",
            "mon-web",
            "app-server",
            "fw-app",
            "mon-app",
            "db-server",
            "fw-db",
            "mon-db"
        ]),
        "{d}"
    );
    assert_eq!(
        sorted(listed(&d, "Elements removed")),
        strings(&[
            "web-01", "fw-1", "mon-1", "web-02", "fw-2", "nginx-2", "app-2", "code-2", "db-2",
            "mon-2"
        ])
    );
    assert_eq!(
        sorted(listed(&d, "Elements renamed or moved")),
        strings(&["lb-01", "lb", "fw-lb", "mon-lb", "nginx-1", "app-1", "code-1", "db-1"])
    );
    assert!(
        d.contains(
            "- Nginx (`nginx-1`): is now Nginx (`nginx`), and moved to Web server (`web-server`)."
        ),
        "{d}"
    );
    assert!(d.contains("- Load balancer server (`lb-01`): is now Load balancer 1 (`lb-01`), and is now in HAProxy cluster (`lbs`)."), "{d}");
    assert!(d.contains("- HAProxy cluster (`lbs`), cluster at `8.8.8.8`: “Two load balancers share a virtual IP"), "{d}");
    assert!(
        d.contains(
            "- Database server (`db-server`), server: “Gives MySQL its own memory and disks”"
        ),
        "{d}"
    );
    assert_eq!(
        sorted(listed(&d, "Findings fixed")),
        strings(&[
            "single-point-of-failure@lb-01",
            "single-point-of-failure@web-01",
            "tls-terminated-at-load-balancer@lb",
            "single-write-primary@db-1",
            "colocated-tiers@web-01",
            "colocated-tiers@web-02"
        ])
    );
    assert_eq!(
        sorted(listed(&d, "Findings introduced")),
        strings(&[
            "single-point-of-failure@web-server",
            "single-point-of-failure@app-server",
            "single-point-of-failure@db-server",
            "maintenance-downtime@nginx",
            "maintenance-downtime@app"
        ])
    );
}

#[test]
fn a_design_against_itself_changes_nothing() {
    for stem in EXAMPLES {
        let m = model(stem);
        let r = rubric_review(stem);
        let d = diff((&m, &r), (&m, &r));
        assert!(!d.contains("## Elements"), "{d}");
        assert!(!d.contains("## Links"), "{d}");
        assert!(!d.contains("## Findings fixed") && !d.contains("## Findings introduced"));
        let pairs = matching(&m, &m).pairs;
        assert_eq!(pairs.len(), m.elements.len());
        assert!(pairs.iter().all(|(a, b)| a == b));
    }
}

#[test]
fn backwards_the_added_are_removed() {
    let (a, b) = (model(EXAMPLES[1]), model(EXAMPLES[2]));
    let forward = matching(&a, &b);
    let backward = matching(&b, &a);
    assert_eq!(forward.added, backward.removed);
    assert_eq!(forward.removed, backward.added);
    let d = diff((&b, &Review::default()), (&a, &Review::default()));
    assert_eq!(
        sorted(listed(&d, "Elements removed")),
        strings(&["fw-lb", "mon-lb", "fw-1", "mon-1", "fw-2", "mon-2", "sumo"])
    );
    assert!(
        d.contains("which was there because “Stores the metrics and logs"),
        "{d}"
    );
}

#[test]
fn diff_text_is_escaped() {
    let old = archc::compile("client u \"*a*\"\nweb_server w", "a")
        .unwrap()
        .model;
    let new = archc::compile(
        "client u \"*a*\"\nweb_server w\nservice s \"<b>[x](y)</b>\" { why = \"_because_ | yes\" }\nu -> w : http \"|\"",
        "b",
    )
    .unwrap()
    .model;
    let d = diff((&old, &Review::default()), (&new, &Review::default()));
    assert!(
        d.contains("- \\<b\\>\\[x\\](y)\\</b\\> (`s`), service: “\\_because\\_ \\| yes”"),
        "{d}"
    );
    assert!(d.contains("- `u` → `w` (`http`, “\\|”)"), "{d}");
}

#[test]
fn snapshots() {
    for (a, b) in [(0, 1), (1, 2), (2, 3)] {
        insta::assert_snapshot!(format!("{a}-to-{b}"), diff_of(a, b));
    }
}

/// With archc's own review: the findings each step fixes and introduces.
#[test]
fn with_the_real_review() {
    let real = |i: usize| {
        let m = model(EXAMPLES[i]);
        let r = archc::analysis::review(&m);
        (m, r)
    };
    let (m1, r1) = real(1);
    let (m2, r2) = real(2);
    let (m3, r3) = real(3);
    let d = diff((&m1, &r1), (&m2, &r2));
    let fixed = listed(&d, "Findings fixed");
    for f in ["no-firewall@lb-01", "no-https@lb", "no-monitoring@lb-01"] {
        assert!(fixed.contains(&f.to_string()), "{f} not fixed in {d}");
    }
    assert!(
        listed(&d, "Findings introduced")
            .contains(&"tls-terminated-at-load-balancer@lb".to_string()),
        "{d}"
    );
    let d = diff((&m2, &r2), (&m3, &r3));
    assert!(
        listed(&d, "Findings fixed").contains(&"single-point-of-failure@lb-01".to_string()),
        "{d}"
    );
    let introduced = listed(&d, "Findings introduced");
    for f in [
        "single-point-of-failure@web-server",
        "single-point-of-failure@app-server",
        "single-point-of-failure@db-server",
    ] {
        assert!(
            introduced.contains(&f.to_string()),
            "{f} not introduced in {d}"
        );
    }
}

/// The availability section gives each flow before and after, with the reviews' own figures.
#[test]
fn availability_before_and_after() {
    let real = |i: usize| {
        let m = model(EXAMPLES[i]);
        let r = archc::analysis::review(&m);
        (m, r)
    };
    let (m2, r2) = real(2);
    let (m3, r3) = real(3);
    let d = diff((&m2, &r2), (&m3, &r3));
    let section = d
        .split("## Availability")
        .nth(1)
        .expect("an availability section");
    let before = r2
        .availability
        .as_ref()
        .unwrap()
        .reads
        .as_ref()
        .unwrap()
        .percent();
    let after = r3
        .availability
        .as_ref()
        .unwrap()
        .reads
        .as_ref()
        .unwrap()
        .percent();
    let reads = section
        .lines()
        .find(|l| l.starts_with("- Reads:"))
        .expect(section);
    assert!(reads.contains(&format!("{before:.3}% (")), "{reads}");
    assert!(reads.contains(&format!("→ {after:.3}% (")), "{reads}");
    assert!(
        section.lines().any(|l| l.starts_with("- Writes:")),
        "{section}"
    );
}
