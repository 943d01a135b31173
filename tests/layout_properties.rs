//! Geometry properties of whole diagrams, read back from `--format layout-json` and checked by
//! [`archc::layout::verify`]: on the shipped examples, the language reference's examples and
//! generated designs of 20 to 2,000 components (both generator shapes), every hard property
//! holds (no overlaps, containers hold their members, no edge through a box, an unrelated
//! container or a title, labels beside their edges, arrowheads 12 units apart or merged), and
//! with orthogonal routing at most 5% of the edge length is oblique, edges bend at most 2.5
//! times on average and the drawing's aspect ratio lies between 1:3 and 3:1, where each test
//! says so; and the cloud shape's hosts hug their members.

use std::path::Path;

use archc::layout::{verify, Geometry, Routing};

fn layout_json(source: &str, name: &str, routing: Routing) -> Geometry {
    let model = archc::compile(source, name)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .model;
    let geometry = archc::render::diagram::layout_routed(&model, routing);
    serde_json::from_str(&archc::render::layout_json(&geometry)).expect("layout JSON reads back")
}

/// Violations of the properties not yet guaranteed on every design: an edge through a
/// container that holds neither of its ends (the ordering may put a long edge's dummies on both
/// sides of a container), through a title (side entries are made for top-down designs only).
fn pending(v: &str) -> bool {
    v.contains("which holds neither end") || v.contains("the title of")
}

/// Checks one design: every other hard property, and with orthogonal routing at most 5% of the
/// edge length oblique. Returns its metrics and the pending violations for the caller's report.
fn assert_clean(source: &str, name: &str) -> (verify::Metrics, usize) {
    let g = layout_json(source, name, Routing::Orthogonal);
    let (later, bad): (Vec<String>, Vec<String>) =
        verify::check(&g).into_iter().partition(|v| pending(v));
    assert!(
        bad.is_empty(),
        "{name}: {} violations, first: {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
    let m = verify::metrics(&g);
    eprintln!(
        "{name}: {} edges, oblique {:.1}%, {:.2} bends per edge, closest arrowheads {:?}, \
         aspect {:.2}, {} pending: {:?}",
        m.edges,
        100.0 * m.oblique_share(),
        m.bends_per_edge(),
        m.closest_arrowheads,
        m.aspect,
        later.len(),
        later.first()
    );
    assert!(
        m.oblique_share() <= 0.05,
        "{name}: {:.3} oblique",
        m.oblique_share()
    );
    // Polyline routes keep the hard properties too, but for the spacing of arrowheads on a
    // container's border: a diagonal is cut wherever it meets the border.
    let poly = layout_json(source, name, Routing::Polyline);
    let containers: Vec<&str> = poly.containers.iter().map(|c| c.id.as_str()).collect();
    let on_container = |v: &str| {
        v.contains("arrowheads")
            && containers
                .iter()
                .any(|c| v.contains(&format!(" of {c} are")))
    };
    let bad: Vec<String> = verify::check(&poly)
        .into_iter()
        .filter(|v| !pending(v) && !on_container(v))
        .collect();
    assert!(
        bad.is_empty(),
        "{name} (polyline): {:?}",
        &bad[..bad.len().min(5)]
    );
    (m, later.len())
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
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (m, pending) = assert_clean(&source, &name);
        // Every shipped and language example is drawn with no edge through an unrelated
        // container or a title, and meets the bends and aspect goals (the language's second
        // runs left to right: its long label wraps along the flow).
        assert_eq!(pending, 0, "{name}");
        assert!(
            m.bends_per_edge() <= 2.5,
            "{name}: {:.2} bends",
            m.bends_per_edge()
        );
        assert!(
            (1.0 / 3.0..=3.0).contains(&m.aspect),
            "{name}: aspect {:.2}",
            m.aspect
        );
    }
}

#[test]
fn generated_designs_from_20_to_2000_components() {
    for (size, seed) in [
        (20, 1),
        (50, 3),
        (200, 4),
        (500, 5),
        (700, 3),
        (1000, 6),
        (2000, 7),
    ] {
        let source = archc::generate::architecture(size, seed);
        let (m, pending) = assert_clean(&source, &format!("generated {size} (seed {seed})"));
        // At every size no edge passes through an unrelated container or a title (the detours
        // reroute those the layered routing could not keep clear, on 2,000 components calls
        // from one row of services to another service's load balancers rows away), and the
        // edges meet the bends goal.
        assert_eq!(pending, 0, "generated {size}");
        assert!(
            m.bends_per_edge() <= 2.5,
            "generated {size}: {:.2} bends",
            m.bends_per_edge()
        );
        // From 500 components, wrapped into rows, the metrics service, ranked below every
        // row, moves left with the last row: it stands within the rows' breadth, not where
        // the last row stood before the rows were moved to the left margin.
        let g = layout_json(&source, "generated", Routing::Orthogonal);
        let rows_end = g
            .containers
            .iter()
            .map(|c| c.x + c.width)
            .fold(0.0, f64::max);
        let metrics = g.nodes.iter().find(|n| n.id == "metrics").expect("metrics");
        assert!(
            size < 500 || metrics.x + metrics.width <= rows_end,
            "generated {size}: metrics ends at {}, the rows at {rows_end}",
            metrics.x + metrics.width
        );
        // Wrapped into rows, the drawing meets the aspect goal at every size.
        assert!(
            (1.0 / 3.0..=3.0).contains(&m.aspect),
            "generated {size}: aspect {:.2}",
            m.aspect
        );
        // The cloud shape's rows of clusters wrap into rows of rows at every size, with no
        // edge through a container or a title, and meet the bends goal: each host's agents
        // join one bus to the metrics service, whose trunk runs straight.
        let source = archc::generate::cloud(size);
        let (m, pending) = assert_clean(&source, &format!("cloud {size}"));
        assert_eq!(pending, 0, "cloud {size}");
        assert!(
            (1.0 / 3.0..=3.0).contains(&m.aspect),
            "cloud {size}: aspect {:.2}",
            m.aspect
        );
        assert!(
            m.bends_per_edge() <= 2.5,
            "cloud {size}: {:.2} bends",
            m.bends_per_edge()
        );
        hosts_hug_their_members(&layout_json(&source, "cloud", Routing::Orthogonal), size);
    }
}

/// Every host of the cloud shape holds its members in one tier: it is no wider than they are
/// side by side, [`NODE_SEP`](archc::layout::NODE_SEP) apart, with its padding (or than its
/// title). A placement that leaves a member where an edge pulled it stretches the host.
fn hosts_hug_their_members(g: &Geometry, size: usize) {
    use archc::layout::{CONTAINER_PAD, NODE_SEP};
    for c in g.containers.iter().filter(|c| c.kind == "host") {
        let inside: Vec<_> = g
            .nodes
            .iter()
            .filter(|n| n.x >= c.x && n.x + n.width <= c.x + c.width)
            .filter(|n| n.y >= c.y && n.y + n.height <= c.y + c.height)
            .collect();
        assert!(!inside.is_empty(), "cloud {size}: host {} is empty", c.id);
        let row =
            inside.iter().map(|n| n.width).sum::<f64>() + NODE_SEP * (inside.len() - 1) as f64;
        let hug = row.max(c.title.width) + 2.0 * CONTAINER_PAD;
        assert!(
            c.width <= hug + 1.0,
            "cloud {size}: host {} is {:.0} wide for {:.0} of members",
            c.id,
            c.width,
            hug
        );
    }
}

#[test]
fn the_checker_catches_broken_geometry() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/1-distributed_web_infrastructure.arch"),
    )
    .unwrap();
    let good = layout_json(&source, "1", Routing::Orthogonal);
    assert!(verify::check(&good).is_empty());
    let fails = |what: &str, g: &Geometry| {
        assert!(
            verify::check(g).iter().any(|v| v.contains(what)),
            "{what} not caught"
        );
    };
    // A node moved onto another.
    let mut moved = good.clone();
    moved.nodes[1].x = moved.nodes[0].x;
    moved.nodes[1].y = moved.nodes[0].y;
    fails("overlap", &moved);
    // A container shrunk away from its members.
    let mut shrunk = good.clone();
    shrunk.containers[0].width = 1.0;
    fails("does not hold", &shrunk);
    // An edge routed straight through every box.
    let mut through = good.clone();
    let (w, h) = (good.width, good.height);
    through.edges[0].points = vec![[0.0, 0.0], [w, h], [0.0, h], [w, 0.0]];
    fails("passes through", &through);
    // An edge through a title.
    let mut titled = good.clone();
    let t = titled.containers[1].title;
    let e = titled
        .edges
        .iter()
        .position(|e| e.points.len() >= 2)
        .unwrap();
    let (a, b) = (
        titled.edges[e].points[0],
        *titled.edges[e].points.last().unwrap(),
    );
    titled.edges[e].points = vec![
        a,
        [t.x - 5.0, t.y + t.height / 2.0],
        [t.x + t.width + 5.0, t.y + t.height / 2.0],
        b,
    ];
    fails("title of", &titled);
    // Two arrowheads 4 units apart on one side.
    let mut bunched = good.clone();
    let target = bunched.edges[0].to.clone();
    let n = bunched
        .nodes
        .iter()
        .find(|n| n.id == target)
        .unwrap()
        .clone();
    let last = *bunched.edges[0].points.last().unwrap();
    let other = 1 + bunched.edges[1..]
        .iter()
        .position(|e| e.from != target)
        .unwrap();
    bunched.edges[other].to = target;
    let top = [last[0] + 4.0, n.y];
    bunched.edges[other].points =
        vec![bunched.edges[other].points[0], [top[0], top[1] - 10.0], top];
    fails("arrowheads", &bunched);
}

/// The centre of a box across the flow, SVG user units.
fn centre_x(g: &Geometry, id: &str) -> f64 {
    let n = g
        .nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"));
    n.x + n.width / 2.0
}

/// How far `id` is from the midpoint of `a` and `b`, as a share of half their distance.
fn off_centre(g: &Geometry, id: &str, a: &str, b: &str) -> f64 {
    let (a, b) = (centre_x(g, a), centre_x(g, b));
    ((centre_x(g, id) - (a + b) / 2.0) / ((a - b) / 2.0)).abs()
}

fn example(name: &str) -> Geometry {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let source = std::fs::read_to_string(path).unwrap();
    layout_json(&source, name, Routing::Orthogonal)
}

#[test]
fn a_load_balancer_sits_centred_over_its_backends() {
    let g = example("1-distributed_web_infrastructure.arch");
    let off = off_centre(&g, "lb", "nginx-1", "nginx-2");
    eprintln!(
        "design 1: the load balancer is {:.1}% off centre",
        100.0 * off
    );
    assert!(off <= 0.25, "{:.3}", off);
}

#[test]
fn a_server_reached_from_a_cluster_sits_centred_under_its_members() {
    // Design 3's cluster box is wider to the right, where each host keeps its agent: Nginx
    // lines up with the two HAProxy boxes, not with the box.
    let g = example("3-scale_up.arch");
    let off = off_centre(&g, "nginx", "lb-1", "lb-2");
    eprintln!("design 3: Nginx is {:.1}% off centre", 100.0 * off);
    assert!(off <= 0.25, "{:.3}", off);
}

#[test]
fn design_1s_servers_are_drawn_the_same_height_with_replication_level() {
    let g = example("1-distributed_web_infrastructure.arch");
    let height = |id: &str| g.containers.iter().find(|c| c.id == id).unwrap().height;
    assert_eq!(height("web-01"), height("web-02"));
    let node = |id: &str| g.nodes.iter().find(|n| n.id == id).unwrap();
    let (p, r) = (node("db-1"), node("db-2"));
    assert_eq!(p.y + p.height / 2.0, r.y + r.height / 2.0);
    let e = g
        .edges
        .iter()
        .find(|e| e.from == "db-1" && e.to == "db-2")
        .unwrap();
    assert_eq!(e.points.len(), 2, "{:?}", e.points);
}

#[test]
fn monitoring_agents_share_their_hosts_tier() {
    for (name, expected) in [
        ("2-secured_and_monitored_web_infrastructure.arch", 3),
        ("3-scale_up.arch", 5),
    ] {
        let g = example(name);
        let mut agents = 0;
        for host in g.containers.iter().filter(|c| c.kind == "host") {
            let members: Vec<_> = g
                .nodes
                .iter()
                .filter(|n| host.members.contains(&n.id))
                .collect();
            let Some(main) = members.iter().find(|n| !n.id.starts_with("mon")) else {
                continue;
            };
            for agent in members.iter().filter(|n| n.id.starts_with("mon")) {
                agents += 1;
                assert_eq!(
                    agent.y + agent.height / 2.0,
                    main.y + main.height / 2.0,
                    "{name}: {} is not in {}'s tier",
                    agent.id,
                    main.id
                );
            }
        }
        assert_eq!(agents, expected, "{name}: agents checked");
    }
}
