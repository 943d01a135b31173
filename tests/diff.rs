//! `archc diff`: on the shipped progression 0 → 1 → 2 → 3, elements are paired across renames
//! and moves, every finding gets one fate (worsened, introduced, moved, improved, fixed, gone
//! with removed elements, still open), and availability changes are said in words.

use archc::analysis::{Finding, Review};
use archc::diff::{classify, diff, matching, FindingChange, Verdict};
use archc::model::Model;

mod common;
use common::{model, EXAMPLES};

/// The bullets of a section, as written.
fn section<'d>(doc: &'d str, heading: &str) -> Vec<&'d str> {
    let Some(start) = doc.find(&format!("## {heading}\n")) else {
        return Vec::new();
    };
    let body = &doc[start + heading.len() + 4..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    body.lines().filter(|l| l.starts_with("- ")).collect()
}

/// The identifiers listed in a section: the first code span of each bullet (for findings, the
/// rule, then `@` and the first identifier after it).
fn listed(doc: &str, heading: &str) -> Vec<String> {
    section(doc, heading)
        .into_iter()
        .map(|l| {
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

/// A shipped example with archc's own review.
fn real(i: usize) -> (Model, Review) {
    let m = model(EXAMPLES[i]);
    let r = archc::analysis::review(&m);
    (m, r)
}

/// `rule@id` of a finding, the id being its first element's.
fn key(m: &Model, f: &Finding) -> String {
    f.id(m)
}

/// Every finding's fate, as `(verdict, old rule@id, new rule@id)`.
fn fates(a: &(Model, Review), b: &(Model, Review)) -> Vec<(Verdict, String, String)> {
    let mm = matching(&a.0, &b.0);
    classify((&a.0, &a.1), (&b.0, &b.1), &mm)
        .iter()
        .map(|c: &FindingChange| {
            (
                c.verdict,
                c.old.map_or(String::new(), |i| key(&a.0, &a.1.findings[i])),
                c.new.map_or(String::new(), |j| key(&b.0, &b.1.findings[j])),
            )
        })
        .collect()
}

fn with(fates: &[(Verdict, String, String)], v: Verdict) -> Vec<String> {
    sorted(
        fates
            .iter()
            .filter(|f| f.0 == v)
            .map(|f| {
                if f.1.is_empty() {
                    f.2.clone()
                } else {
                    f.1.clone()
                }
            })
            .collect(),
    )
}

/// Each old finding and each new finding has exactly one fate.
fn assert_partition(a: &(Model, Review), b: &(Model, Review)) {
    let mm = matching(&a.0, &b.0);
    let changes = classify((&a.0, &a.1), (&b.0, &b.1), &mm);
    let mut old: Vec<usize> = changes.iter().filter_map(|c| c.old).collect();
    let mut new: Vec<usize> = changes.iter().filter_map(|c| c.new).collect();
    old.sort();
    new.sort();
    assert_eq!(old, (0..a.1.findings.len()).collect::<Vec<_>>());
    assert_eq!(new, (0..b.1.findings.len()).collect::<Vec<_>>());
}

/// The acceptance of the diff: availability falls, in words; the database's single point of
/// failure is worsened through the rename `db-1` → `db`; the replica's findings went with it.
#[test]
fn from_2_to_3_availability_falls_and_the_database_spof_is_worsened() {
    let (a, b) = (real(2), real(3));
    let d = diff((&a.0, &a.1), (&b.0, &b.1));
    let reads = |r: &Review| r.availability.as_ref().unwrap().reads.unwrap();
    let (before, after) = (reads(&a.1), reads(&b.1));
    assert!(after.value < before.value);
    let expected = format!(
        "- Reads are less available: {:.3}% → {:.3}% ({:.1} → {:.1} hours of downtime a year).",
        before.percent(),
        after.percent(),
        before.downtime_hours_per_year(),
        after.downtime_hours_per_year()
    );
    assert!(
        section(&d, "Availability").contains(&expected.as_str()),
        "{d}"
    );
    assert!(
        d.contains("- Reads are less available: 99.488% → 98.495%"),
        "{d}"
    );
    assert!(
        section(&d, "Elements renamed or moved").contains(
            &"- MySQL: renamed `db-1` → `db`, moved from Server 1 (`web-01`) to Database server (`db-server`)."
        ),
        "{d}"
    );

    let f = fates(&a, &b);
    assert!(
        f.contains(&(
            Verdict::Worsened,
            "single-point-of-failure@web-01".into(),
            "single-point-of-failure@db-server".into()
        )),
        "{f:?}"
    );
    assert_eq!(
        section(&d, "Findings worsened"),
        vec![
            "- **high → critical** `single-point-of-failure` on MySQL (`db`) on Database server (`db-server`), formerly MySQL (`db-1`) on Server 1 (`web-01`): If the host `db-server` fails, the site stops serving requests and accepting writes: every request passes through `db` on it. It now affects reads and writes (before: writes)."
        ],
        "{d}"
    );
    // The replica's findings, and the second server's, went with them.
    assert_eq!(
        with(&f, Verdict::Gone),
        strings(&[
            "single-write-primary@db-1",
            "unencrypted-replication@db-2",
            "colocated-tiers@web-02",
            "double-point-of-failure@web-01"
        ])
    );
    assert!(
        section(&d, "Findings gone with removed elements").contains(
            &"- **medium** `single-write-primary` on MySQL (`db-1`) and MySQL (`db-2`): gone with MySQL (`db-2`), which was removed."
        ),
        "{d}"
    );
    // Fixed: the load balancer pair, re-encryption, and the split of the first server.
    assert_eq!(
        with(&f, Verdict::Fixed),
        strings(&[
            "single-point-of-failure@lb-01",
            "tls-terminated-at-load-balancer@lb",
            "colocated-tiers@web-01"
        ])
    );
    assert_eq!(
        with(&f, Verdict::Introduced),
        strings(&[
            "single-point-of-failure@web-server",
            "single-point-of-failure@app-server",
            "maintenance-downtime@nginx",
            "maintenance-downtime@app",
            "double-point-of-failure@lb-01"
        ])
    );
    assert_partition(&a, &b);
}

/// 0 → 1: the one server becomes Server 1, with its components renamed; `no-https` moves
/// from the web server to the load balancer; nothing counts as fixed that only moved or was
/// renamed.
#[test]
fn from_0_to_1_renames_and_moves_are_not_fixes() {
    let (a, b) = (real(0), real(1));
    let d = diff((&a.0, &a.1), (&b.0, &b.1));
    let mm = matching(&a.0, &b.0);
    for (old, new) in [
        ("server", "web-01"),
        ("nginx", "nginx-1"),
        ("app", "app-1"),
        ("code", "code-1"),
        ("db", "db-1"),
    ] {
        assert_eq!(
            mm.new_of(a.0.find(old).unwrap()),
            b.0.find(new),
            "{old} → {new}"
        );
    }
    assert_eq!(
        sorted(listed(&d, "Elements added")),
        strings(&["lb-01", "lb", "web-02", "nginx-2", "app-2", "code-2", "db-2"]),
        "{d}"
    );
    assert!(
        section(&d, "Elements renamed or moved")
            .contains(&"- Renamed Server (`server`) → Server 1 (`web-01`)."),
        "{d}"
    );
    assert!(
        section(&d, "Elements renamed or moved").contains(&"- MySQL: renamed `db` → `db-1`."),
        "{d}"
    );
    let f = fates(&a, &b);
    assert!(
        f.contains(&(
            Verdict::Moved,
            "no-https@nginx".into(),
            "no-https@lb".into()
        )),
        "{f:?}"
    );
    assert!(
        section(&d, "Findings moved")[0]
            .starts_with("- **high** `no-https` moved from Nginx (`nginx`) to HAProxy (`lb`): "),
        "{d}"
    );
    // The server is still a single point of failure, for writes only now: improved.
    assert!(f.contains(&(
        Verdict::Improved,
        "single-point-of-failure@server".into(),
        "single-point-of-failure@web-01".into()
    )));
    // Truly fixed: a second web and application server.
    assert_eq!(
        with(&f, Verdict::Fixed),
        strings(&[
            "cannot-scale-out@nginx",
            "maintenance-downtime@nginx",
            "maintenance-downtime@app"
        ])
    );
    assert_eq!(
        with(&f, Verdict::Open),
        strings(&["no-firewall@server", "no-monitoring@server"])
    );
    assert!(with(&f, Verdict::Gone).is_empty());
    assert!(d.contains("- `user` → `lb` (`http`)"), "{d}");
    assert!(
        section(&d, "Links removed")
            .contains(&"- `user` → `nginx` (`http`, “GET http://www.foobar.com”)"),
        "{d}"
    );
    assert_partition(&a, &b);
}

/// 1 → 2: firewalls, monitoring and HTTPS added; nothing renamed or removed.
#[test]
fn from_1_to_2_security_and_monitoring_fix_their_findings() {
    let (a, b) = (real(1), real(2));
    let d = diff((&a.0, &a.1), (&b.0, &b.1));
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
        assert!(section(&d, heading).is_empty(), "{heading}: {d}");
    }
    assert!(d.contains("- Sumo Logic (`sumo`), monitoring service: “Stores the metrics and logs of every server, graphs them and alerts on them”"), "{d}");
    assert!(d.contains("- HAProxy (`lb`): `tls` `none` → `terminate`; `certificate` not set → `www.foobar.com`; its `why` is now"), "{d}");
    assert!(
        d.contains("- `user` → `lb`: was `http`; now `https`"),
        "{d}"
    );
    assert!(
        d.contains("- Reads are as available as before: 99.488%."),
        "{d}"
    );
    let f = fates(&a, &b);
    assert_eq!(
        with(&f, Verdict::Fixed),
        strings(&[
            "no-firewall@lb-01",
            "no-firewall@web-01",
            "no-firewall@web-02",
            "no-monitoring@lb-01",
            "no-monitoring@web-01",
            "no-monitoring@web-02",
            "no-https@lb"
        ])
    );
    assert_eq!(
        with(&f, Verdict::Introduced),
        strings(&["tls-terminated-at-load-balancer@lb"])
    );
    assert_eq!(with(&f, Verdict::Open).len(), 7, "{f:?}");
    assert_partition(&a, &b);
    // The three hosts' alike fixes are said once per rule.
    assert_eq!(
        listed(&d, "Findings fixed"),
        ["no-firewall@lb-01", "no-https@lb", "no-monitoring@lb-01"],
        "{d}"
    );
    assert!(
        d.contains("every port it listens on is open to untrusted traffic; likewise on Server 1 (`web-01`) and Server 2 (`web-02`)."),
        "{d}"
    );
}

/// Renaming every identifier changes nothing but the names: every element is paired with its
/// renamed self, and every finding is still open.
#[test]
fn renaming_every_identifier_is_only_a_rename() {
    for stem in EXAMPLES {
        let path = format!("{}/examples/{stem}.arch", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(&path).unwrap();
        let old = archc::compile(&source, stem).unwrap().model;
        // Identifiers that are also a kind's name (`dns dns`) are kept.
        let mut ids: Vec<String> = old
            .elements
            .iter()
            .map(|e| e.id.clone())
            .filter(|id| archc::model::Kind::parse(id).is_none())
            .collect();
        ids.sort_by_key(|i| std::cmp::Reverse(i.len()));
        // Rename each identifier where it stands as a word (not inside a longer one).
        let mut renamed = String::new();
        let mut rest = source.as_str();
        let is_id = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        while !rest.is_empty() {
            let at_word = renamed.chars().last().is_none_or(|c| !is_id(c));
            let hit = ids.iter().find(|id| {
                at_word
                    && rest.starts_with(id.as_str())
                    && rest[id.len()..].chars().next().is_none_or(|c| !is_id(c))
            });
            match hit {
                Some(id) => {
                    renamed.push('z');
                    renamed.push_str(&id.chars().rev().collect::<String>());
                    rest = &rest[id.len()..];
                }
                None => {
                    let c = rest.chars().next().unwrap();
                    renamed.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        let new = archc::compile(&renamed, stem)
            .unwrap_or_else(|e| panic!("{renamed}\n{e:?}"))
            .model;
        let mm = matching(&old, &new);
        assert!(
            mm.added.is_empty() && mm.removed.is_empty(),
            "{stem}: {mm:?}"
        );
        let mut renames = 0;
        for (o, n) in &mm.pairs {
            let (was, is) = (&old.element(*o).id, &new.element(*n).id);
            if was != is {
                renames += 1;
                let back: String = is[1..].chars().rev().collect();
                assert_eq!(was, &back, "{stem}");
            }
        }
        assert_eq!(renames, ids.len(), "{stem}");
        let (ro, rn) = (archc::analysis::review(&old), archc::analysis::review(&new));
        let changes = classify((&old, &ro), (&new, &rn), &mm);
        assert!(
            changes.iter().all(|c| c.verdict == Verdict::Open),
            "{stem}: {changes:?}"
        );
    }
}

/// A component moved to another host is paired, and said to have moved.
#[test]
fn a_component_moved_to_another_host() {
    let old = archc::compile(
        "client user\nhost a \"A\" { web_server web \"Nginx\"\ndatabase db \"MySQL\" }\nhost b \"B\" { app_server app }\nuser -> web : https\nweb -> app : http\napp -> db : mysql",
        "old",
    )
    .unwrap()
    .model;
    let new = archc::compile(
        "client user\nhost a \"A\" { web_server web \"Nginx\" }\nhost b \"B\" { app_server app\ndatabase database \"MySQL\" }\nuser -> web : https\nweb -> app : http\napp -> database : mysql",
        "new",
    )
    .unwrap()
    .model;
    let d = diff((&old, &Review::default()), (&new, &Review::default()));
    assert!(
        d.contains("- MySQL: renamed `db` → `database`, moved from A (`a`) to B (`b`)."),
        "{d}"
    );
    assert!(section(&d, "Elements added").is_empty(), "{d}");
}

/// Two unrelated elements of one kind are not a rename.
#[test]
fn unrelated_elements_are_added_and_removed() {
    let old = archc::compile(
        "client user\nweb_server web\ncache redis \"Redis\"\nuser -> web : https\nweb -> redis : tcp",
        "old",
    )
    .unwrap()
    .model;
    let new = archc::compile(
        "client user\nweb_server web\ncache sessions \"Memcached\"\nuser -> web : https",
        "new",
    )
    .unwrap()
    .model;
    let mm = matching(&old, &new);
    assert_eq!(mm.removed, vec![old.find("redis").unwrap()]);
    assert_eq!(mm.added, vec![new.find("sessions").unwrap()]);
}

#[test]
fn a_design_against_itself_changes_nothing() {
    for i in 0..EXAMPLES.len() {
        let (m, r) = real(i);
        let d = diff((&m, &r), (&m, &r));
        assert!(!d.contains("## Elements"), "{d}");
        assert!(!d.contains("## Links"), "{d}");
        for heading in ["fixed", "introduced", "worsened", "improved", "moved"] {
            assert!(!d.contains(&format!("## Findings {heading}")), "{d}");
        }
        assert!(d.contains("as available as before"), "{d}");
        let pairs = matching(&m, &m).pairs;
        assert_eq!(pairs.len(), m.elements.len());
        assert!(pairs.iter().all(|(a, b)| a == b));
    }
}

#[test]
fn backwards_the_added_are_removed() {
    for (x, y) in [(0, 1), (1, 2), (2, 3)] {
        let (a, b) = (model(EXAMPLES[x]), model(EXAMPLES[y]));
        let forward = matching(&a, &b);
        let backward = matching(&b, &a);
        assert_eq!(forward.added, backward.removed, "{x} → {y}");
        assert_eq!(forward.removed, backward.added, "{x} → {y}");
        let swapped: Vec<_> = forward.pairs.iter().map(|&(o, n)| (n, o)).collect();
        let mut back = backward.pairs.clone();
        back.sort();
        let mut swapped = swapped;
        swapped.sort();
        assert_eq!(swapped, back, "{x} → {y}");
    }
    let (a, b) = (model(EXAMPLES[1]), model(EXAMPLES[2]));
    let d = diff((&b, &Review::default()), (&a, &Review::default()));
    assert_eq!(
        sorted(listed(&d, "Elements removed")),
        strings(&["fw-lb", "mon-lb", "fw-1", "mon-1", "fw-2", "mon-2", "sumo"])
    );
    assert!(
        d.contains("which was there because “Stores the metrics and logs"),
        "{d}"
    );
    // Backwards, the database's worsened single point of failure is improved.
    let (a, b) = (real(3), real(2));
    assert!(fates(&a, &b).contains(&(
        Verdict::Improved,
        "single-point-of-failure@db-server".into(),
        "single-point-of-failure@web-01".into()
    )));
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

/// Declared flows are paired by name, and a flow only one design has is said so.
#[test]
fn declared_flows_are_compared_by_name() {
    let old = archc::compile(
        "flow checkout \"Checkout\" { access = write }\nclient user\nhost h { web_server web\ndatabase db }\nuser -> web : https { flows = [checkout] }\nweb -> db : mysql { flows = [checkout] }",
        "old",
    )
    .unwrap()
    .model;
    let new = archc::compile(
        "flow checkout \"Checkout\" { access = write }\nclient user\nhost h { web_server web }\nhost g { database db }\nuser -> web : https { flows = [checkout] }\nweb -> db : mysql { flows = [checkout] }",
        "new",
    )
    .unwrap()
    .model;
    let (ro, rn) = (archc::analysis::review(&old), archc::analysis::review(&new));
    let d = diff((&old, &ro), (&new, &rn));
    let lines = section(&d, "Availability");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("- The flow Checkout (`checkout`) is less available: ")),
        "{d}"
    );
}

/// On generated designs of many shapes: pairs are one-to-one and of one kind, every element is
/// paired, added or removed exactly once, and every finding has exactly one fate.
#[test]
fn generated_designs_pair_one_to_one_and_every_finding_has_one_fate() {
    for (size, a, b) in [(40, 1, 2), (120, 3, 4), (300, 5, 5), (300, 6, 7)] {
        let old = archc::compile(&archc::generate::architecture(size, a), "a")
            .unwrap()
            .model;
        let new = archc::compile(&archc::generate::architecture(size, b), "b")
            .unwrap()
            .model;
        let mm = matching(&old, &new);
        let mut olds: Vec<usize> = mm.pairs.iter().map(|p| p.0 .0).collect();
        olds.extend(mm.removed.iter().map(|e| e.0));
        olds.sort();
        assert_eq!(olds, (0..old.elements.len()).collect::<Vec<_>>());
        let mut news: Vec<usize> = mm.pairs.iter().map(|p| p.1 .0).collect();
        news.extend(mm.added.iter().map(|e| e.0));
        news.sort();
        assert_eq!(news, (0..new.elements.len()).collect::<Vec<_>>());
        for &(o, n) in &mm.pairs {
            assert_eq!(old.element(o).kind, new.element(n).kind);
            assert_eq!(mm.new_of(o), Some(n));
            assert_eq!(mm.old_of(n), Some(o));
        }
        let (ro, rn) = (archc::analysis::review(&old), archc::analysis::review(&new));
        assert_partition(&(old.clone(), ro.clone()), &(new.clone(), rn.clone()));
        let d = diff((&old, &ro), (&new, &rn));
        assert!(d.starts_with("# What changed: "), "{d}");
        if a == b {
            assert!(mm.added.is_empty() && mm.removed.is_empty());
            assert!(!d.contains("## Findings fixed"), "{d}");
        }
    }
}
