//! Geometry properties of whole diagrams, read from `--format layout-json`: on the shipped
//! examples, the language reference's examples and generated designs of 10 to 2,000 components, no two
//! boxes overlap, every container holds its members and overlaps only its ancestors and
//! descendants, no edge passes through a box other than its ends, and no label overlaps a box
//! or another label.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// Interior overlaps smaller than this many units are rounding, not overlaps.
const EPS: f64 = 0.5;

#[derive(Clone, Copy, Debug)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn of(v: &Value) -> Rect {
        let f = |k: &str| v[k].as_f64().unwrap_or_else(|| panic!("{k} in {v}"));
        Rect {
            x: f("x"),
            y: f("y"),
            w: f("width"),
            h: f("height"),
        }
    }

    /// Whether the interiors overlap by more than [`EPS`].
    fn overlaps(&self, o: &Rect) -> bool {
        self.x + EPS < o.x + o.w - EPS
            && o.x + EPS < self.x + self.w - EPS
            && self.y + EPS < o.y + o.h - EPS
            && o.y + EPS < self.y + self.h - EPS
    }

    fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x - EPS
            && o.y >= self.y - EPS
            && o.x + o.w <= self.x + self.w + EPS
            && o.y + o.h <= self.y + self.h + EPS
    }

    /// Whether the segment `a`–`b` passes through the interior (shrunk by [`EPS`]), by
    /// Liang–Barsky clipping.
    fn crossed_by(&self, a: [f64; 2], b: [f64; 2]) -> bool {
        let (x0, y0, x1, y1) = (
            self.x + EPS,
            self.y + EPS,
            self.x + self.w - EPS,
            self.y + self.h - EPS,
        );
        if x0 >= x1 || y0 >= y1 {
            return false;
        }
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, a[0] - x0),
            (dx, x1 - a[0]),
            (-dy, a[1] - y0),
            (dy, y1 - a[1]),
        ] {
            if p == 0.0 {
                if q <= 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
                if t0 >= t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// Checks every property on one layout JSON; returns the violations found (empty: all hold).
fn violations(json: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let nodes: Vec<(String, Rect)> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().to_string(), Rect::of(n)))
        .collect();
    let containers: Vec<(String, Rect, Vec<String>)> = json["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let members = c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_string())
                .collect();
            (c["id"].as_str().unwrap().to_string(), Rect::of(c), members)
        })
        .collect();
    let mut boxes: BTreeMap<&str, Rect> = BTreeMap::new();
    for (id, r) in &nodes {
        boxes.insert(id, *r);
    }
    for (id, r, _) in &containers {
        boxes.insert(id, *r);
    }
    // 1. Node boxes are disjoint.
    let mut by_x: Vec<&(String, Rect)> = nodes.iter().collect();
    by_x.sort_by(|a, b| a.1.x.total_cmp(&b.1.x));
    for (i, (a, ra)) in by_x.iter().map(|n| (&n.0, &n.1)).enumerate() {
        for (b, rb) in by_x[i + 1..].iter().map(|n| (&n.0, &n.1)) {
            if rb.x > ra.x + ra.w {
                break;
            }
            if ra.overlaps(rb) {
                bad.push(format!("nodes {a} and {b} overlap"));
            }
        }
    }
    // 2. Containers hold their members, and overlap only ancestors and descendants.
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    for (id, r, members) in &containers {
        for m in members {
            parent.insert(m, id);
            match boxes.get(m.as_str()) {
                Some(inner) if !r.contains(inner) => bad.push(format!("{id} does not hold {m}")),
                _ => {}
            }
        }
    }
    let ancestors = |id: &str| {
        let mut out = Vec::new();
        let mut cur = id;
        while let Some(&p) = parent.get(cur) {
            out.push(p);
            cur = p;
        }
        out
    };
    for (i, (a, ra, _)) in containers.iter().enumerate() {
        for (b, rb, _) in &containers[i + 1..] {
            let related = ancestors(a).contains(&b.as_str()) || ancestors(b).contains(&a.as_str());
            if !related && ra.overlaps(rb) {
                bad.push(format!("containers {a} and {b} overlap"));
            }
        }
        for (n, rn) in &nodes {
            if !ancestors(n).contains(&a.as_str()) && ra.overlaps(rn) {
                bad.push(format!(
                    "container {a} overlaps node {n}, which is not inside it"
                ));
            }
        }
    }
    // 3. Edges avoid every node box but their ends; 4. labels avoid boxes and each other.
    let mut labels: Vec<Rect> = Vec::new();
    for e in json["edges"].as_array().unwrap() {
        let (from, to) = (e["from"].as_str().unwrap(), e["to"].as_str().unwrap());
        let points: Vec<[f64; 2]> = e["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| [p[0].as_f64().unwrap(), p[1].as_f64().unwrap()])
            .collect();
        if points.len() < 2 {
            bad.push(format!("edge {from} -> {to} has {} points", points.len()));
        }
        for (id, r) in &nodes {
            if id == from || id == to {
                continue;
            }
            if points.windows(2).any(|s| r.crossed_by(s[0], s[1])) {
                bad.push(format!("edge {from} -> {to} passes through {id}"));
            }
        }
        if let Some(label) = e.get("label").filter(|l| !l.is_null()) {
            let r = Rect::of(label);
            for (id, n) in &nodes {
                if r.overlaps(n) {
                    bad.push(format!("label of {from} -> {to} overlaps {id}"));
                }
            }
            labels.push(r);
        }
    }
    for (i, a) in labels.iter().enumerate() {
        if labels[i + 1..].iter().any(|b| a.overlaps(b)) {
            bad.push(format!("two edge labels overlap at ({}, {})", a.x, a.y));
        }
    }
    bad
}

fn layout_json(source: &str, name: &str) -> Value {
    let model = archc::compile(source, name)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .model;
    let geometry = archc::render::diagram::layout(&model);
    serde_json::from_str(&archc::render::layout_json(&geometry)).unwrap()
}

fn assert_clean(source: &str, name: &str) {
    let json = layout_json(source, name);
    let bad = violations(&json);
    assert!(
        bad.is_empty(),
        "{name}: {} violations, first: {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
}

#[test]
fn shipped_and_language_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["examples", "tests/fixtures/language"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "arch"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 7);
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        assert_clean(&source, &path.display().to_string());
    }
}

#[test]
fn generated_designs_from_10_to_2000_components() {
    for (size, seed) in [
        (10, 1),
        (10, 2),
        (50, 3),
        (200, 4),
        (500, 5),
        (1000, 6),
        (2000, 7),
    ] {
        let source = archc::generate::architecture(size, seed);
        assert_clean(&source, &format!("generated {size} (seed {seed})"));
    }
}

#[test]
fn the_checker_catches_broken_geometry() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/1-distributed_web_infrastructure.arch"),
    )
    .unwrap();
    let good = layout_json(&source, "1");
    assert!(violations(&good).is_empty());
    // A node moved onto another.
    let mut moved = good.clone();
    moved["nodes"][1]["x"] = moved["nodes"][0]["x"].clone();
    moved["nodes"][1]["y"] = moved["nodes"][0]["y"].clone();
    assert!(violations(&moved).iter().any(|v| v.contains("overlap")));
    // A container shrunk away from its members.
    let mut shrunk = good.clone();
    shrunk["containers"][0]["width"] = Value::from(1.0);
    assert!(violations(&shrunk)
        .iter()
        .any(|v| v.contains("does not hold")));
    // An edge routed straight through every box.
    let mut through = good.clone();
    let (w, h) = (
        good["width"].as_f64().unwrap(),
        good["height"].as_f64().unwrap(),
    );
    through["edges"][0]["points"] = serde_json::json!([[0.0, 0.0], [w, h], [0.0, h], [w, 0.0]]);
    assert!(violations(&through)
        .iter()
        .any(|v| v.contains("passes through")));
}
