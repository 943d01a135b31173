//! The formatter over every design in the repository and over generated designs: formatting is
//! idempotent, keeps every comment, and compiles to the same model.

use std::path::{Path, PathBuf};

use archc::format::{format, scan_comments};
use proptest::prelude::*;

/// Every `.arch` file under `dir`, recursively, sorted.
fn arch_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(arch_files(&path));
        } else if path.extension().is_some_and(|e| e == "arch") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Everything a model says, without spans (which formatting moves): titles, elements with
/// their kinds, parents, labels and typed attributes, links, allows and warnings.
fn fingerprint(source: &str) -> Result<String, Vec<&'static str>> {
    let compiled = archc::compile(source, "design")
        .map_err(|e| e.iter().map(|d| d.code).collect::<Vec<_>>())?;
    let m = &compiled.model;
    let name = |id: archc::model::ElementId| m.element(id).id.clone();
    let mut out = format!(
        "title {:?}\ndescription {:?}\ndirection {:?}\n",
        m.title, m.description, m.direction
    );
    for e in &m.elements {
        out.push_str(&format!(
            "element {} {:?} label={:?} parent={:?} children={:?} attrs={:?}\n",
            e.id,
            e.kind,
            e.label,
            e.parent.map(name),
            e.children.iter().map(|&c| name(c)).collect::<Vec<_>>(),
            e.attrs
        ));
    }
    for l in &m.links {
        out.push_str(&format!(
            "link {} -> {} {:?} {:?} enc={} port={:?} {:?} via={:?} stmt={}\n",
            name(l.from),
            name(l.to),
            l.protocol,
            l.label,
            l.encrypted,
            l.port,
            l.access,
            l.via.map(|v| v.map(name)),
            l.statement
        ));
    }
    for a in &m.allows {
        out.push_str(&format!(
            "allow {} on {:?} {:?}\n",
            a.rule,
            a.on.iter().map(|&e| name(e)).collect::<Vec<_>>(),
            a.reason
        ));
    }
    for w in &compiled.warnings {
        out.push_str(&format!("warning {} {}\n", w.code, w.message));
    }
    Ok(out)
}

fn comment_texts(source: &str) -> Vec<String> {
    scan_comments(source).into_iter().map(|c| c.text).collect()
}

/// Formats `source` and checks every property; returns the formatted text.
fn check(source: &str, what: &str) -> String {
    let once = match format(source) {
        Ok(out) => out,
        Err(e) => panic!("{what}: does not format: {e:#?}"),
    };
    let twice = format(&once)
        .unwrap_or_else(|e| panic!("{what}: formatted text does not parse: {e:#?}\n{once}"));
    assert_eq!(twice, once, "{what}: formatting is not idempotent");
    assert_eq!(
        comment_texts(&once),
        comment_texts(source),
        "{what}: comments changed\n{once}"
    );
    assert_eq!(
        fingerprint(&once),
        fingerprint(source),
        "{what}: the model changed\n{once}"
    );
    for line in once.lines() {
        assert_eq!(line, line.trim_end(), "{what}: trailing spaces");
        let indent = line.len() - line.trim_start().len();
        assert_eq!(indent % 2, 0, "{what}: odd indentation: {line:?}");
    }
    once
}

#[test]
fn every_design_in_the_repository_formats_to_the_same_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = arch_files(&root.join("examples"));
    files.extend(arch_files(&root.join("tests/fixtures")));
    assert!(
        files.len() >= 4,
        "expected the shipped examples, found {files:?}"
    );
    let mut formatted = 0;
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        // Fixtures of syntax errors are meant not to parse.
        if archc::syntax::parse(&source).1.is_empty() {
            check(&source, &path.display().to_string());
            formatted += 1;
        } else {
            assert!(format(&source).is_err(), "{}", path.display());
        }
    }
    assert!(formatted >= 4);
}

#[test]
fn the_shipped_examples_compile_before_and_after() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in arch_files(&root.join("examples")) {
        let source = std::fs::read_to_string(&path).unwrap();
        let out = check(&source, &path.display().to_string());
        assert!(fingerprint(&out).is_ok(), "{}", path.display());
    }
}

/// A tiny deterministic generator of layout choices.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
    fn chance(&mut self, in_ten: u64) -> bool {
        self.roll(10) < in_ten
    }
}

#[derive(Clone, Debug)]
struct Component {
    kind: &'static str,
    label: Option<String>,
    attrs: Vec<(String, String)>,
    host: Option<usize>,
}

/// Sources, targets, protocol, label, and whether a body is written.
type LinkSpec = (
    Vec<usize>,
    Vec<usize>,
    Option<&'static str>,
    Option<String>,
    bool,
);

#[derive(Clone, Debug)]
struct Design {
    title: Option<String>,
    right: bool,
    hosts: Vec<(Option<String>, bool)>,
    components: Vec<Component>,
    links: Vec<LinkSpec>,
    seed: u64,
}

const KINDS: [&str; 8] = [
    "client",
    "web_server",
    "app_server",
    "database",
    "cache",
    "service",
    "storage",
    "queue",
];

fn text() -> impl Strategy<Value = String> {
    // Quotes, backslashes, `#`, tabs, newlines and non-ASCII characters, to test re-quoting.
    proptest::string::string_regex("[a-zA-Z0-9 #\"\\\\\t\né→{};=\\[\\]]{0,24}").unwrap()
}

fn attr() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        text().prop_map(|t| ("why".to_string(), archc::syntax::ast::quote(&t))),
        text().prop_map(|t| ("software".to_string(), archc::syntax::ast::quote(&t))),
        (1u32..65535).prop_map(|p| ("port".to_string(), format!("{p}"))),
        (1u32..10000).prop_map(|a| (
            "availability".to_string(),
            format!("{}.{:02}%", a / 100, a % 100)
        )),
        any::<bool>().prop_map(|b| ("managed".to_string(), b.to_string())),
        proptest::collection::vec(text(), 0..5).prop_map(|items| {
            let quoted: Vec<String> = items.iter().map(|t| archc::syntax::ast::quote(t)).collect();
            ("x-list".to_string(), format!("[{}]", quoted.join(", ")))
        }),
        (0u32..1000).prop_map(|n| ("x-number".to_string(), format!("{}.{}0", n / 10, n % 10))),
    ]
}

fn design() -> impl Strategy<Value = Design> {
    let component = (
        proptest::sample::select(KINDS.to_vec()),
        proptest::option::of(text()),
        proptest::collection::vec(attr(), 0..4),
        proptest::option::of(0usize..3),
    )
        .prop_map(|(kind, label, mut attrs, host)| {
            // One value per key.
            attrs.sort_by(|a, b| a.0.cmp(&b.0));
            attrs.dedup_by(|a, b| a.0 == b.0);
            Component {
                kind,
                label,
                attrs,
                host,
            }
        });
    (
        proptest::option::of(text()),
        any::<bool>(),
        proptest::collection::vec((proptest::option::of(text()), any::<bool>()), 3),
        proptest::collection::vec(component, 1..8),
        proptest::collection::vec(
            (
                proptest::collection::vec(0usize..8, 1..3),
                proptest::collection::vec(0usize..8, 1..3),
                proptest::option::of(proptest::sample::select(vec![
                    "http", "https", "tcp", "mysql",
                ])),
                proptest::option::of(text()),
                any::<bool>(),
            ),
            0..6,
        ),
        any::<u64>(),
    )
        .prop_map(|(title, right, hosts, components, links, seed)| {
            let n = components.len();
            let links = links
                .into_iter()
                .map(|(a, b, p, l, body)| {
                    let fix = |v: Vec<usize>| {
                        let mut v: Vec<usize> = v.into_iter().map(|i| i % n).collect();
                        v.dedup();
                        v
                    };
                    (fix(a), fix(b), p, l, body)
                })
                .collect();
            Design {
                title,
                right,
                hosts,
                components,
                links,
                seed: seed | 1,
            }
        })
}

/// Writes a design with random layout: separators, spacing, blank lines, one-line or multi-line
/// bodies, and comments on lines of their own or at the ends of lines.
fn render(d: &Design) -> String {
    let mut dice = Dice(d.seed);
    let mut out = String::new();
    let mut comments = 0;
    let mut comment = |dice: &mut Dice, out: &mut String, indent: &str| {
        if dice.chance(3) {
            comments += 1;
            out.push_str(&format!("{indent}# comment {comments} \"quoted\" {{ }}\n"));
        }
    };
    let end = |dice: &mut Dice| -> String {
        match dice.roll(5) {
            0 => " # trailing\n".to_string(),
            1 => "\n\n".to_string(),
            2 => ";\n".to_string(),
            _ => "\n".to_string(),
        }
    };
    comment(&mut dice, &mut out, "");
    if let Some(t) = &d.title {
        out.push_str(&format!(
            "title   {}{}",
            archc::syntax::ast::quote(t),
            end(&mut dice)
        ));
    }
    if d.right {
        out.push_str(&format!("direction right{}", end(&mut dice)));
    }
    let decl = |dice: &mut Dice, i: usize, c: &Component, indent: &str| -> String {
        let mut s = format!("{indent}{} c{i}", c.kind);
        if let Some(l) = &c.label {
            s.push(' ');
            s.push_str(&archc::syntax::ast::quote(l));
        }
        if c.attrs.is_empty() {
            if dice.chance(2) {
                s.push_str(" {}");
            }
        } else if dice.chance(5) {
            let attrs: Vec<String> = c.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            s.push_str(&format!(" {{ {} }}", attrs.join(" ; ")));
        } else {
            s.push_str(" {");
            if dice.chance(2) {
                s.push_str(" # opens");
            }
            s.push('\n');
            for (k, v) in &c.attrs {
                if dice.chance(2) {
                    s.push_str(&format!("{indent}    # about {k}\n"));
                }
                s.push_str(&format!("{indent}    {k} = {v}"));
                s.push_str(if dice.chance(2) { " # value\n" } else { "\n" });
            }
            s.push_str(&format!("{indent}}}"));
        }
        s
    };
    for (h, (label, has_comment)) in d.hosts.iter().enumerate() {
        let members: Vec<usize> = (0..d.components.len())
            .filter(|&i| d.components[i].host == Some(h))
            .collect();
        if members.is_empty() {
            continue;
        }
        comment(&mut dice, &mut out, "");
        out.push_str(&format!("host h{h}"));
        if let Some(l) = label {
            out.push_str(&format!(" {}", archc::syntax::ast::quote(l)));
        }
        out.push_str(" {");
        if *has_comment {
            out.push_str(" # host");
        }
        out.push('\n');
        for i in members {
            comment(&mut dice, &mut out, "  ");
            out.push_str(&decl(&mut dice, i, &d.components[i], "  "));
            out.push_str(&end(&mut dice));
        }
        comment(&mut dice, &mut out, "  ");
        out.push('}');
        out.push_str(&end(&mut dice));
    }
    for (i, c) in d.components.iter().enumerate() {
        if c.host.is_some_and(|h| h < d.hosts.len()) {
            continue;
        }
        comment(&mut dice, &mut out, "");
        out.push_str(&decl(&mut dice, i, c, ""));
        out.push_str(&end(&mut dice));
    }
    for (from, to, protocol, label, body) in &d.links {
        comment(&mut dice, &mut out, "");
        let names = |v: &Vec<usize>| {
            v.iter()
                .map(|i| format!("c{i}"))
                .collect::<Vec<_>>()
                .join(" ,")
        };
        out.push_str(&format!("{}->{}", names(from), names(to)));
        if dice.chance(2) {
            out.push_str(&format!(" -> {}", names(from)));
        }
        if let Some(p) = protocol {
            out.push_str(&format!(":{p}"));
        }
        if let Some(l) = label {
            out.push_str(&archc::syntax::ast::quote(l));
        }
        if *body {
            out.push_str("{port=8080}");
        }
        out.push_str(&end(&mut dice));
    }
    if dice.chance(5) {
        out.push_str("allow single-point-of-failure on c0 ,c0 \"accepted # on purpose\"");
        out.push_str(&end(&mut dice));
    }
    comment(&mut dice, &mut out, "");
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_designs_format_idempotently_to_the_same_model(d in design()) {
        let source = render(&d);
        prop_assume!(archc::syntax::parse(&source).1.is_empty());
        check(&source, &format!("generated design:\n{source}"));
    }
}
