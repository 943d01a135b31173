//! Property tests of the layout on hand-made and generated inputs.

use super::*;

const EPS: f64 = 0.02;

/// SplitMix64: small, seedable, deterministic.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub(crate) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

/// A generated "architecture-like" input: tiers of components, zones that
/// contain hosts that contain clusters (3 levels), fan-out to the next tier,
/// some skip-tier edges, back edges, same-tier edges, self-loops and
/// parallel edges; labels on about half of the edges when `labels`.
pub(crate) fn generate(seed: u64, nodes: usize, labels: bool, direction: Direction) -> LayoutInput {
    let mut rng = Rng::new(seed);
    let tiers = (3 + nodes / 60).min(12).min(nodes.max(1));
    let mut containers: Vec<ContainerSpec> = Vec::new();
    // Zones, hosts within zones, clusters within hosts.
    let nzones = 1 + nodes / 80;
    for z in 0..nzones {
        containers.push(ContainerSpec {
            id: format!("zone{z}"),
            kind: "zone".into(),
            label_width: rng.range(30.0, 90.0),
            label_height: 16.0,
            parent: None,
        });
    }
    let nhosts = 1 + nodes / 12;
    for h in 0..nhosts {
        let parent = if rng.chance(0.8) {
            Some(rng.below(nzones))
        } else {
            None
        };
        containers.push(ContainerSpec {
            id: format!("host{h}"),
            kind: "host".into(),
            label_width: rng.range(30.0, 120.0),
            label_height: 16.0,
            parent,
        });
    }
    let nclusters = nodes / 40;
    for c in 0..nclusters {
        containers.push(ContainerSpec {
            id: format!("cluster{c}"),
            kind: "cluster".into(),
            label_width: rng.range(40.0, 80.0),
            label_height: 16.0,
            parent: Some(nzones + rng.below(nhosts)),
        });
    }
    // An empty container now and then.
    if rng.chance(0.5) {
        containers.push(ContainerSpec {
            id: "empty".into(),
            kind: "zone".into(),
            label_width: 50.0,
            label_height: 16.0,
            parent: None,
        });
    }
    let mut tier_of = Vec::with_capacity(nodes);
    let mut by_tier: Vec<Vec<usize>> = vec![Vec::new(); tiers];
    let mut node_specs = Vec::with_capacity(nodes);
    for i in 0..nodes {
        let t = if i < tiers { i } else { rng.below(tiers) };
        tier_of.push(t);
        by_tier[t].push(i);
        let parent = if rng.chance(0.15) || containers.is_empty() {
            None
        } else if nclusters > 0 && rng.chance(0.3) {
            Some(nzones + nhosts + rng.below(nclusters))
        } else {
            Some(nzones + rng.below(nhosts))
        };
        node_specs.push(NodeSpec {
            id: format!("n{i}"),
            width: rng.range(60.0, 180.0).round(),
            height: rng.range(30.0, 60.0).round(),
            parent,
        });
    }
    let mut edges = Vec::new();
    let label = |rng: &mut Rng, k: usize| -> Option<LabelSpec> {
        (labels && rng.chance(0.5)).then(|| LabelSpec {
            text: format!("e{k}"),
            width: rng.range(20.0, 70.0).round(),
            height: 14.0,
        })
    };
    for i in 0..nodes {
        let t = tier_of[i];
        if t + 1 < tiers && !by_tier[t + 1].is_empty() {
            let fan = 1 + rng.below(3);
            for _ in 0..fan {
                let j = by_tier[t + 1][rng.below(by_tier[t + 1].len())];
                let k = edges.len();
                edges.push(EdgeSpec {
                    kind: EdgeKind::Request,
                    via: [None, None],
                    from: i,
                    to: j,
                    label: label(&mut rng, k),
                });
            }
        }
        if t + 2 < tiers && rng.chance(0.1) && !by_tier[t + 2].is_empty() {
            let j = by_tier[t + 2][rng.below(by_tier[t + 2].len())];
            let k = edges.len();
            edges.push(EdgeSpec {
                kind: EdgeKind::Request,
                via: [None, None],
                from: i,
                to: j,
                label: label(&mut rng, k),
            });
        }
        if t > 0 && rng.chance(0.05) {
            let j = by_tier[t - 1][rng.below(by_tier[t - 1].len())];
            let k = edges.len();
            edges.push(EdgeSpec {
                kind: EdgeKind::Request,
                via: [None, None],
                from: i,
                to: j,
                label: label(&mut rng, k),
            });
        }
        if rng.chance(0.03) {
            let j = by_tier[t][rng.below(by_tier[t].len())];
            let k = edges.len();
            edges.push(EdgeSpec {
                kind: EdgeKind::Request,
                via: [None, None],
                from: i,
                to: j,
                label: label(&mut rng, k),
            });
        }
        if rng.chance(0.02) && !edges.is_empty() {
            let dup = edges[rng.below(edges.len())].clone();
            edges.push(dup);
        }
    }
    LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction,
        nodes: node_specs,
        containers,
        edges,
    }
}

/// A generated input with locality, closer to real architectures: nodes sit
/// in tiers at a "column"; edges go mostly to nearby columns of the next tier
/// (fan-out 1..3), some skip a tier, some go back up or stay in the tier.
/// Zones are column slices, hosts are blocks of two tiers inside a zone,
/// clusters sit inside hosts (3 levels of nesting).
pub(crate) fn generate_local(
    seed: u64,
    nodes: usize,
    labels: bool,
    direction: Direction,
) -> LayoutInput {
    use std::collections::BTreeMap;
    let mut rng = Rng::new(seed);
    let tiers = (4 + nodes / 150).min(14).min(nodes.max(1));
    let nzones = 1 + nodes / 150;
    let mut containers: Vec<ContainerSpec> = Vec::new();
    let mut zone_ids = Vec::new();
    for z in 0..nzones {
        zone_ids.push(containers.len());
        containers.push(ContainerSpec {
            id: format!("zone{z}"),
            kind: "zone".into(),
            label_width: rng.range(40.0, 90.0).round(),
            label_height: 16.0,
            parent: None,
        });
    }
    let mut hosts: BTreeMap<(usize, usize, usize), usize> = BTreeMap::new();
    let mut clusters: BTreeMap<usize, usize> = BTreeMap::new();
    let mut col = Vec::with_capacity(nodes);
    let mut tier_of = Vec::with_capacity(nodes);
    let mut node_specs = Vec::with_capacity(nodes);
    for i in 0..nodes {
        let t = if i < tiers { i } else { rng.below(tiers) };
        let c = rng.range(0.0, 1.0);
        tier_of.push(t);
        col.push(c);
        let zone = ((c * nzones as f64) as usize).min(nzones - 1);
        let roll = rng.range(0.0, 1.0);
        let parent = if roll < 0.1 {
            None
        } else if roll < 0.2 {
            Some(zone_ids[zone])
        } else {
            let sub = ((c * nzones as f64).fract() * 3.0) as usize;
            let key = (zone, sub, t / 2);
            let next = containers.len();
            let h = *hosts.entry(key).or_insert(next);
            if h == next {
                containers.push(ContainerSpec {
                    id: format!("host{}", hosts.len()),
                    kind: "host".into(),
                    label_width: rng.range(40.0, 110.0).round(),
                    label_height: 16.0,
                    parent: Some(zone_ids[zone]),
                });
            }
            if rng.chance(0.3) {
                let next = containers.len();
                let k = *clusters.entry(h).or_insert(next);
                if k == next {
                    containers.push(ContainerSpec {
                        id: format!("cluster{}", clusters.len()),
                        kind: "cluster".into(),
                        label_width: rng.range(40.0, 80.0).round(),
                        label_height: 16.0,
                        parent: Some(h),
                    });
                }
                Some(k)
            } else {
                Some(h)
            }
        };
        node_specs.push(NodeSpec {
            id: format!("n{i}"),
            width: rng.range(70.0, 160.0).round(),
            height: rng.range(32.0, 56.0).round(),
            parent,
        });
    }
    let mut by_tier: Vec<Vec<usize>> = vec![Vec::new(); tiers];
    for i in 0..nodes {
        by_tier[tier_of[i]].push(i);
    }
    for list in &mut by_tier {
        list.sort_by(|&a, &b| col[a].total_cmp(&col[b]));
    }
    let near = |rng: &mut Rng, t: usize, c: f64| -> usize {
        let list = &by_tier[t];
        let k = list.partition_point(|&j| col[j] < c) as i64;
        let spread = 1 + (list.len() / 40) as i64;
        let off = rng.below(2 * spread as usize + 1) as i64 - spread;
        list[(k + off).clamp(0, list.len() as i64 - 1) as usize]
    };
    let mut edges: Vec<EdgeSpec> = Vec::new();
    let label = |rng: &mut Rng, k: usize| -> Option<LabelSpec> {
        (labels && rng.chance(0.6)).then(|| LabelSpec {
            text: format!("e{k}"),
            width: rng.range(24.0, 64.0).round(),
            height: 14.0,
        })
    };
    for i in 0..nodes {
        let t = tier_of[i];
        let mut targets = Vec::new();
        if t + 1 < tiers {
            for _ in 0..1 + rng.below(3) {
                targets.push(near(&mut rng, t + 1, col[i]));
            }
        }
        if t + 2 < tiers && rng.chance(0.08) {
            targets.push(near(&mut rng, t + 2, col[i]));
        }
        if t > 0 && rng.chance(0.04) {
            targets.push(near(&mut rng, t - 1, col[i]));
        }
        if rng.chance(0.03) {
            targets.push(near(&mut rng, t, col[i]));
        }
        for j in targets {
            let k = edges.len();
            let l = label(&mut rng, k);
            edges.push(EdgeSpec {
                kind: EdgeKind::Request,
                via: [None, None],
                from: i,
                to: j,
                label: l,
            });
        }
    }
    LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction,
        nodes: node_specs,
        containers,
        edges,
    }
}

/// Checks every required property of `g` for `input` ([`verify::check`],
/// plus what only the input knows: ids, sizes and counts kept, each label
/// on its own edge); panics with a description of the first violations.
pub(crate) fn check(input: &LayoutInput, g: &Geometry) {
    let n = input.nodes.len();
    assert_eq!(g.nodes.len(), n);
    assert_eq!(g.containers.len(), input.containers.len());
    for (i, b) in g.nodes.iter().enumerate() {
        assert_eq!(b.id, input.nodes[i].id);
        let (w, h) = (input.nodes[i].width, input.nodes[i].height);
        let clean = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
        assert!((b.width - clean(w)).abs() <= EPS, "node width kept");
        assert!((b.height - clean(h)).abs() <= EPS, "node height kept");
        assert!(
            b.x >= -EPS
                && b.y >= -EPS
                && b.x + b.width <= g.width + EPS
                && b.y + b.height <= g.height + EPS
        );
    }
    let valid: Vec<&EdgeSpec> = input
        .edges
        .iter()
        .filter(|e| e.from < n && e.to < n)
        .collect();
    assert_eq!(g.edges.len(), valid.len());
    for (e, route) in valid.iter().zip(&g.edges) {
        assert_eq!(route.from, input.nodes[e.from].id);
        assert_eq!(route.to, input.nodes[e.to].id);
        assert_eq!(route.kind, e.kind);
        assert_eq!(route.label.is_some(), e.label.is_some());
        if let (Some(l), Some(spec)) = (&route.label, &e.label) {
            assert_eq!(l.text, spec.text);
        }
        if input.routing == Routing::Orthogonal {
            for w in route.points.windows(2) {
                let (dx, dy) = ((w[0][0] - w[1][0]).abs(), (w[0][1] - w[1][1]).abs());
                assert!(
                    dx < 0.02 || dy < 0.02,
                    "oblique segment {w:?} of {}->{}",
                    route.from,
                    route.to
                );
            }
        }
    }
    // On these random compound graphs the ordering may put an edge's dummies
    // on both sides of a container it does not enter (designs from the
    // generator and the examples are checked without this exception, in
    // tests/layout_properties.rs); every other property must hold.
    // Side entries under titles are made for Direction::Down only.
    let right = input.direction == Direction::Right;
    let bad: Vec<String> = verify::check(g)
        .into_iter()
        .filter(|v| !v.contains("which holds neither end"))
        .filter(|v| !(right && v.contains("the title of")))
        .collect();
    assert!(
        bad.is_empty(),
        "{} violations: {:?}",
        bad.len(),
        &bad[..bad.len().min(6)]
    );
}

fn node(id: &str, w: f64, h: f64, parent: Option<usize>) -> NodeSpec {
    NodeSpec {
        id: id.into(),
        width: w,
        height: h,
        parent,
    }
}

fn edge(from: usize, to: usize, label: Option<&str>) -> EdgeSpec {
    EdgeSpec {
        kind: EdgeKind::Request,
        via: [None, None],
        from,
        to,
        label: label.map(|t| LabelSpec {
            text: t.into(),
            width: 8.0 * t.len() as f64,
            height: 14.0,
        }),
    }
}

fn container(id: &str, parent: Option<usize>) -> ContainerSpec {
    ContainerSpec {
        id: id.into(),
        kind: "host".into(),
        label_width: 60.0,
        label_height: 16.0,
        parent,
    }
}

fn run(input: &LayoutInput) -> Geometry {
    let g = layout(input);
    check(input, &g);
    assert_eq!(g, layout(input), "layout is deterministic");
    g
}

#[test]
fn empty_input_gives_small_empty_geometry() {
    let g = layout(&LayoutInput::default());
    assert!(g.nodes.is_empty() && g.edges.is_empty() && g.containers.is_empty());
    assert!(g.width > 0.0 && g.width <= 64.0 && g.height <= 64.0);
}

#[test]
fn chain_flows_down_and_right() {
    for direction in [Direction::Down, Direction::Right] {
        let input = LayoutInput {
            routing: Routing::default(),
            same_rank: Vec::new(),
            centre_over: Vec::new(),
            direction,
            nodes: vec![
                node("a", 100.0, 40.0, None),
                node("b", 80.0, 30.0, None),
                node("c", 120.0, 50.0, None),
            ],
            containers: vec![],
            edges: vec![edge(0, 1, None), edge(1, 2, None)],
        };
        let g = run(&input);
        let (a, b, c) = (&g.nodes[0], &g.nodes[1], &g.nodes[2]);
        if direction == Direction::Down {
            assert!(a.y + a.height < b.y && b.y + b.height < c.y);
            // A chain is drawn straight: centres line up.
            let cx = |n: &NodeBox| n.x + n.width / 2.0;
            assert!((cx(a) - cx(b)).abs() < 0.5 && (cx(b) - cx(c)).abs() < 0.5);
            assert!((b.y - (a.y + a.height) - RANK_SEP).abs() < 12.0);
        } else {
            assert!(a.x + a.width < b.x && b.x + b.width < c.x);
            let cy = |n: &NodeBox| n.y + n.height / 2.0;
            assert!((cy(a) - cy(b)).abs() < 0.5 && (cy(b) - cy(c)).abs() < 0.5);
            // Widths stay widths after the transpose.
            assert_eq!(a.width, 100.0);
            assert_eq!(a.height, 40.0);
        }
        assert_eq!(
            g.edges[0].points.len(),
            2,
            "straight edge: {:?}",
            g.edges[0].points
        );
    }
}

#[test]
fn self_loops_and_parallel_edges() {
    let input = LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction: Direction::Down,
        nodes: vec![node("a", 100.0, 40.0, None), node("b", 100.0, 40.0, None)],
        containers: vec![],
        edges: vec![
            edge(0, 0, Some("retry")),
            edge(0, 0, None),
            edge(0, 1, None),
            edge(0, 1, None),
            edge(1, 0, None),
        ],
    };
    let g = run(&input);
    let loop0 = &g.edges[0].points;
    assert_eq!(loop0.len(), 4);
    assert_ne!(g.edges[0].points, g.edges[1].points);
    assert_ne!(
        g.edges[2].points, g.edges[3].points,
        "parallel edges are offset"
    );
    assert_ne!(g.edges[3].points, g.edges[4].points);
    // The reversed edge still goes from b to a.
    let back = &g.edges[4].points;
    assert!(back[0][1] > back.last().unwrap()[1]);
    // Self-loop label is right of the node.
    let l = g.edges[0].label.as_ref().unwrap();
    assert!(l.x > g.nodes[0].x + g.nodes[0].width);
}

#[test]
fn cycles_and_cross_container_edges() {
    let input = LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction: Direction::Down,
        nodes: vec![
            node("web", 100.0, 40.0, Some(1)),
            node("api", 100.0, 40.0, Some(1)),
            node("db", 100.0, 40.0, Some(2)),
            node("cache", 80.0, 40.0, Some(2)),
            node("lb", 80.0, 40.0, None),
        ],
        containers: vec![
            container("dc", None),
            container("h1", Some(0)),
            container("h2", Some(0)),
        ],
        edges: vec![
            edge(4, 0, Some("https")),
            edge(0, 1, Some("grpc")),
            edge(1, 2, Some("sql")),
            edge(2, 0, Some("cdc")),
            edge(1, 3, None),
            edge(3, 1, None),
            edge(4, 2, None),
        ],
    };
    let g = run(&input);
    let dc = &g.containers[0];
    assert_eq!(dc.members, vec!["h1".to_string(), "h2".to_string()]);
    assert_eq!(
        g.containers[1].members,
        vec!["web".to_string(), "api".to_string()]
    );
    // The back edge db->web is drawn from db to web.
    let e = &g.edges[3];
    let (p, db) = (e.points[0], &g.nodes[2]);
    assert!(
        (p[1] - db.y).abs() < EPS || (p[1] - db.y - db.height).abs() < EPS,
        "{p:?} on {db:?}"
    );
}

#[test]
fn empty_and_deeply_nested_containers() {
    let input = LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction: Direction::Right,
        nodes: vec![node("x", 50.0, 30.0, Some(3)), node("y", 50.0, 30.0, None)],
        containers: vec![
            container("a", None),
            container("b", Some(0)),
            container("c", Some(1)),
            container("d", Some(2)),
            container("lonely", None),
            // Invalid and cyclic parents must not hang or panic.
            container("bad", Some(99)),
            ContainerSpec {
                parent: Some(7),
                ..container("cyc1", None)
            },
            ContainerSpec {
                parent: Some(6),
                ..container("cyc2", None)
            },
        ],
        edges: vec![edge(0, 1, Some("out")), edge(1, 5, None)],
    };
    let g = run(&input);
    assert_eq!(g.edges.len(), 1, "edges with invalid endpoints are dropped");
    assert!(g.containers[4].width >= 60.0 + 2.0 * CONTAINER_PAD - EPS);
}

#[test]
fn same_rank_siblings_line_up() {
    // One source fanning out to three services: the services share a tier.
    let input = LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction: Direction::Down,
        nodes: vec![
            node("gw", 100.0, 40.0, None),
            node("s1", 100.0, 40.0, Some(0)),
            node("s2", 100.0, 40.0, Some(1)),
            node("s3", 100.0, 60.0, None),
        ],
        containers: vec![container("h1", None), container("h2", None)],
        edges: vec![edge(0, 1, None), edge(0, 2, None), edge(0, 3, None)],
    };
    let g = run(&input);
    let mid = |b: &NodeBox| b.y + b.height / 2.0;
    assert!((mid(&g.nodes[1]) - mid(&g.nodes[2])).abs() < EPS);
    assert!((mid(&g.nodes[1]) - mid(&g.nodes[3])).abs() < EPS);
    // Containers of one tier have aligned tops.
    assert!((g.containers[0].y - g.containers[1].y).abs() < EPS);
}

/// Design 1's shape: an app on each of two hosts writes to a primary on the
/// first; `replicas` replicas on further hosts are fed by replication.
fn primary_and_replicas(replicas: usize) -> LayoutInput {
    let mut nodes = vec![
        node("app-1", 120.0, 40.0, Some(0)),
        node("app-2", 120.0, 40.0, Some(1)),
        node("primary", 120.0, 40.0, Some(0)),
    ];
    let mut containers = vec![container("h1", None), container("h2", None)];
    let mut edges = vec![edge(0, 2, None), edge(1, 2, None)];
    for k in 0..replicas {
        let host = if k == 0 { 1 } else { containers.len() };
        if k > 0 {
            containers.push(container(&format!("h{}", host + 1), None));
        }
        nodes.push(node(&format!("replica-{k}"), 120.0, 40.0, Some(host)));
        let r = nodes.len() - 1;
        edges.push(edge(1, r, None));
        let mut e = edge(2, r, Some("replication"));
        e.kind = EdgeKind::Replication;
        edges.push(e);
    }
    down(nodes, containers, edges)
}

#[test]
fn replication_between_two_nodes_is_drawn_level() {
    for direction in [Direction::Down, Direction::Right] {
        let mut input = primary_and_replicas(1);
        input.direction = direction;
        let g = run(&input);
        let (p, r) = (&g.nodes[2], &g.nodes[3]);
        let down = direction == Direction::Down;
        // One tier: the same middle line along the flow.
        let mid = |b: &NodeBox| {
            if down {
                b.y + b.height / 2.0
            } else {
                b.x + b.width / 2.0
            }
        };
        assert!((mid(p) - mid(r)).abs() < EPS, "{direction:?}");
        // The two hosts are drawn the same depth.
        let depth = |c: &ContainerBox| if down { c.height } else { c.width };
        assert!((depth(&g.containers[0]) - depth(&g.containers[1])).abs() < EPS);
        // A straight line from one side of the primary to the facing side of the replica.
        let e = g
            .edges
            .iter()
            .find(|e| e.kind == EdgeKind::Replication)
            .unwrap();
        assert_eq!(e.points.len(), 2, "{direction:?}: {:?}", e.points);
        let across = if down { 0 } else { 1 };
        let along = 1 - across;
        assert!((e.points[0][along] - e.points[1][along]).abs() < EPS);
        let (lo, hi) = if down {
            (p.x, p.x + p.width)
        } else {
            (p.y, p.y + p.height)
        };
        assert!(
            (e.points[0][across] - lo).abs() < EPS || (e.points[0][across] - hi).abs() < EPS,
            "{direction:?}: starts on the primary's side"
        );
        // Its label lies between the two ends, beside the line.
        let l = e.label.as_ref().unwrap();
        let (l0, l1) = if down {
            (l.x, l.x + l.width)
        } else {
            (l.y, l.y + l.height)
        };
        let (a, b) = (
            e.points[0][across].min(e.points[1][across]),
            e.points[0][across].max(e.points[1][across]),
        );
        assert!(
            a <= l0 && l1 <= b,
            "{direction:?}: label {l0}..{l1} outside {a}..{b}"
        );
    }
}

#[test]
fn a_primary_with_two_replicas_keeps_its_tiers() {
    // A level line to the second replica would cross the first.
    let g = run(&primary_and_replicas(2));
    let mid = |b: &NodeBox| b.y + b.height / 2.0;
    assert!(mid(&g.nodes[3]) > mid(&g.nodes[2]) + EPS);
    assert!(mid(&g.nodes[4]) > mid(&g.nodes[2]) + EPS);
    for e in g.edges.iter().filter(|e| e.kind == EdgeKind::Replication) {
        assert!(e.points.len() >= 2);
    }
}

#[test]
fn edges_into_one_node_with_one_label_run_as_one_bus() {
    // Six agents, a chain that puts the collector three tiers down, and one
    // `https` edge from each agent to the collector.
    let mut nodes: Vec<NodeSpec> = (0..6)
        .map(|i| node(&format!("agent-{i}"), 80.0, 30.0, None))
        .collect();
    nodes.extend([
        node("a", 80.0, 30.0, None),
        node("b", 80.0, 30.0, None),
        node("c", 80.0, 30.0, None),
        node("collector", 80.0, 30.0, None),
    ]);
    let mut edges = vec![edge(6, 7, None), edge(7, 8, None), edge(8, 9, None)];
    for i in 0..6 {
        let mut e = edge(i, 9, Some("https"));
        e.kind = EdgeKind::NonRequest;
        edges.push(e);
    }
    let input = LayoutInput {
        direction: Direction::Down,
        nodes,
        edges,
        ..LayoutInput::default()
    };
    let g = run(&input);
    let bus: Vec<&EdgeRoute> = g
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::NonRequest)
        .collect();
    assert_eq!(bus.len(), 6);
    // One arrowhead and one label box for all six.
    let end = |e: &EdgeRoute| *e.points.last().unwrap();
    assert!(
        bus.iter().all(|e| end(e) == end(bus[0])),
        "{:?}",
        bus.iter().map(|e| end(e)).collect::<Vec<_>>()
    );
    assert!(bus
        .iter()
        .all(|e| e.label == bus[0].label && e.label.is_some()));
    // The trunk is one column: every route comes down the same last stretch.
    let last_x = |e: &EdgeRoute| e.points[e.points.len() - 2][0];
    assert!(bus.iter().all(|e| (last_x(e) - last_x(bus[0])).abs() < EPS));
}

/// Hosts `web-0` to `web-{hosts - 1}`, in one zone when `zoned`, each with a web server, an
/// application server and its files in three tiers, and every application server sending to
/// one cache in a host of its own beside them; the edges are labelled when `labels`.
fn web_hosts_sharing_a_cache(hosts: usize, labels: bool, zoned: bool) -> LayoutInput {
    let mut containers = vec![container("zone", None)];
    let zone = zoned.then_some(0);
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for h in 0..hosts {
        containers.push(container(&format!("web-{h}"), zone));
        let c = Some(h + 1);
        let n = nodes.len();
        nodes.push(node(&format!("nginx-{h}"), 80.0, 30.0, c));
        nodes.push(node(&format!("app-{h}"), 80.0, 30.0, c));
        nodes.push(node(&format!("files-{h}"), 80.0, 30.0, c));
        edges.push(edge(n, n + 1, labels.then_some("http")));
        edges.push(edge(n + 1, n + 2, None));
    }
    containers.push(container("cache-host", zone));
    let cache = nodes.len();
    nodes.push(node("cache", 80.0, 30.0, Some(hosts + 1)));
    if !zoned {
        // No zone: a placeholder stands for the empty container, so drop it.
        containers.remove(0);
        for c in &mut containers {
            c.parent = None;
        }
        for n in &mut nodes {
            n.parent = n.parent.map(|p| p - 1);
        }
    }
    for h in 0..hosts {
        edges.push(edge(3 * h + 1, cache, labels.then_some("redis")));
    }
    down(nodes, containers, edges)
}

/// A top-down layout input of these nodes, containers and edges.
fn down(nodes: Vec<NodeSpec>, containers: Vec<ContainerSpec>, edges: Vec<EdgeSpec>) -> LayoutInput {
    LayoutInput {
        direction: Direction::Down,
        nodes,
        containers,
        edges,
        ..LayoutInput::default()
    }
}

/// A client above a database in a host whose title is `title` wide.
fn client_over_titled_host(title: f64) -> LayoutInput {
    let mut host = container("host", None);
    host.label_width = title;
    down(
        vec![
            node("user", 160.0, 50.0, None),
            node("db", 160.0, 50.0, Some(0)),
        ],
        vec![host],
        vec![edge(0, 1, None)],
    )
}

#[test]
fn an_edge_into_a_host_comes_down_past_its_title() {
    // The host's title covers the left part of the database's upper side: the edge ends on
    // that side right of the title, with no side entry.
    for title in [60.0, 100.0, 130.0] {
        let g = run(&client_over_titled_host(title));
        let host = &g.containers[0];
        let db = g.nodes.iter().find(|n| n.id == "db").unwrap();
        let e = &g.edges[0];
        let end = *e.points.last().unwrap();
        assert!(
            (end[1] - db.y).abs() < EPS,
            "title {title}: ends at {end:?}"
        );
        assert!(
            end[0] > host.x + CONTAINER_PAD + title + 2.0,
            "title {title}: comes down under the title at {end:?}"
        );
        assert!(e.points.len() <= 4, "title {title}: {:?}", e.points);
    }
    // A title wider than the database: the edge enters through the host's side instead.
    let g = run(&client_over_titled_host(300.0));
    let host = &g.containers[0];
    assert!(g.edges[0]
        .points
        .iter()
        .any(|p| p[1] > host.y + 1.0 && (p[0] < host.x || p[0] > host.x + host.width)));
}

#[test]
fn a_store_that_three_hosts_use_sits_below_them() {
    for labels in [false, true] {
        let g = run(&web_hosts_sharing_a_cache(4, labels, true));
        let cache = g.nodes.iter().find(|n| n.id == "cache").unwrap();
        for h in 0..4 {
            let host = g
                .containers
                .iter()
                .find(|c| c.id == format!("web-{h}"))
                .unwrap();
            assert!(
                cache.y >= host.y + host.height,
                "labels {labels}: the cache at {} is not below web-{h}, which ends at {}",
                cache.y,
                host.y + host.height
            );
        }
    }
    // Two hosts can stand either side of the store: it keeps their tier.
    let g = run(&web_hosts_sharing_a_cache(2, false, true));
    let y = |id: &str| g.nodes.iter().find(|n| n.id == id).unwrap().y;
    assert_eq!(y("cache"), y("files-0"));
}

#[test]
fn a_bus_begins_below_the_hosts_of_its_sources() {
    // Three hosts side by side, each with an agent beside its server, and one collector that
    // the agents send to: the agents' edges join only once below the hosts, so that none runs
    // through another host.
    let mut input = web_hosts_sharing_a_cache(3, true, false);
    let collector = input.nodes.len();
    input.nodes.push(node("collector", 80.0, 30.0, None));
    for h in 0..3 {
        let agent = input.nodes.len();
        input
            .nodes
            .push(node(&format!("agent-{h}"), 80.0, 30.0, Some(h)));
        let mut e = edge(agent, collector, Some("https"));
        e.kind = EdgeKind::NonRequest;
        input.edges.push(e);
        // The agent shares the server's tier.
        input.same_rank.push((agent, 3 * h));
    }
    let g = run(&input);
    let lowest = g
        .containers
        .iter()
        .filter(|c| c.id.starts_with("web-"))
        .map(|c| c.y + c.height)
        .fold(0.0, f64::max);
    let routes: Vec<&EdgeRoute> = g.edges.iter().filter(|e| e.to == "collector").collect();
    assert_eq!(routes.len(), 3);
    // Where two routes first share a point, they are below the hosts.
    for (a, b) in [(0, 1), (1, 2), (0, 2)] {
        let shared = routes[a]
            .points
            .iter()
            .find(|p| routes[b].points.contains(p))
            .expect("the routes meet");
        assert!(
            shared[1] >= lowest,
            "they meet at {shared:?}, above {lowest}"
        );
    }
    let through: Vec<String> = verify::check(&g)
        .into_iter()
        .filter(|v| v.contains("which holds neither end"))
        .collect();
    assert!(through.is_empty(), "{through:?}");
}

#[test]
fn a_wide_row_of_containers_wraps_into_rows_in_written_order() {
    // Sixteen hosts with a two-tier service each, and a client above that reaches them all:
    // side by side they would be about eight times as wide as deep.
    let mut containers = Vec::new();
    let mut nodes = vec![node("client", 80.0, 30.0, None)];
    let mut edges = Vec::new();
    for h in 0..16 {
        containers.push(container(&format!("host-{h}"), None));
        let n = nodes.len();
        nodes.push(node(&format!("web-{h}"), 80.0, 30.0, Some(h)));
        nodes.push(node(&format!("app-{h}"), 80.0, 30.0, Some(h)));
        edges.push(edge(0, n, None));
        edges.push(edge(n, n + 1, None));
    }
    let input = down(nodes, containers, edges);
    let g = run(&input);
    let aspect = g.width / g.height;
    assert!((1.0 / 3.0..=3.0).contains(&aspect), "aspect {aspect:.2}");
    // Rows of hosts, read left to right and top to bottom in the written order.
    let tops: Vec<(f64, f64)> = g.containers.iter().map(|c| (c.y, c.x)).collect();
    let rows = tops
        .iter()
        .map(|t| t.0)
        .fold(Vec::<f64>::new(), |mut ys, y| {
            if !ys.iter().any(|&v| (v - y).abs() < EPS) {
                ys.push(y);
            }
            ys
        });
    assert!(rows.len() >= 2, "{tops:?}");
    for w in tops.windows(2) {
        let same_row = (w[0].0 - w[1].0).abs() < EPS;
        assert!(
            (same_row && w[0].1 < w[1].1) || w[0].0 < w[1].0,
            "hosts out of reading order: {tops:?}"
        );
    }
}

#[test]
fn generated_inputs_satisfy_all_properties() {
    let mut seed = 1u64;
    for &size in &[10usize, 25, 60, 150, 400] {
        for labels in [false, true] {
            for direction in [Direction::Down, Direction::Right] {
                seed += 1;
                let input = generate(seed, size, labels, direction);
                run(&input);
            }
        }
    }
}

#[test]
fn generated_local_inputs_satisfy_all_properties() {
    let mut seed = 100u64;
    for &size in &[10usize, 40, 120, 300, 800] {
        for labels in [false, true] {
            for direction in [Direction::Down, Direction::Right] {
                seed += 1;
                let input = generate_local(seed, size, labels, direction);
                run(&input);
            }
        }
    }
    for (seed, labels, direction) in [(7, true, Direction::Down), (8, false, Direction::Right)] {
        let input = generate_local(seed, 2000, labels, direction);
        check(&input, &layout(&input));
    }
}

#[test]
fn generated_large_input_satisfies_all_properties() {
    for (seed, labels, direction) in [(77, true, Direction::Down), (78, false, Direction::Right)] {
        let input = generate(seed, 2000, labels, direction);
        let g = layout(&input);
        check(&input, &g);
    }
}

#[test]
fn crossing_count_is_exact_and_reduced() {
    // K(3,3)-like bipartite crossings in input order get untangled where
    // possible: a perfect matching drawn crossed has a 0-crossing order.
    let input = LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction: Direction::Down,
        nodes: (0..6)
            .map(|i| node(&format!("n{i}"), 40.0, 20.0, None))
            .collect(),
        containers: vec![],
        edges: vec![edge(0, 5, None), edge(1, 4, None), edge(2, 3, None)],
    };
    assert_eq!(count_crossings(&input), 0);
    // K(2,2) has exactly one unavoidable crossing.
    let input = LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction: Direction::Down,
        nodes: (0..4)
            .map(|i| node(&format!("n{i}"), 40.0, 20.0, None))
            .collect(),
        containers: vec![],
        edges: vec![
            edge(0, 2, None),
            edge(0, 3, None),
            edge(1, 2, None),
            edge(1, 3, None),
        ],
    };
    assert_eq!(count_crossings(&input), 1);
}

#[test]
fn checker_detects_violations() {
    // The property checker must be able to fail: corrupt a valid layout in
    // several ways and expect a panic each time.
    let input = generate(5, 40, true, Direction::Down);
    let good = layout(&input);
    check(&input, &good);
    type Corruption = Box<dyn Fn(&mut Geometry)>;
    let corruptions: Vec<Corruption> = vec![
        Box::new(|g| {
            let (x, y) = (g.nodes[0].x, g.nodes[0].y);
            g.nodes[1].x = x + 1.0;
            g.nodes[1].y = y + 1.0;
        }),
        Box::new(|g| {
            let c = g
                .containers
                .iter()
                .position(|c| !c.members.is_empty())
                .unwrap();
            g.containers[c].width = 1.0;
        }),
        Box::new(|g| {
            let e = &mut g.edges[0];
            e.points[0][1] -= 5.0;
        }),
        Box::new(|g| {
            let e = g.edges.iter_mut().find(|e| e.label.is_some()).unwrap();
            let l = e.label.as_mut().unwrap();
            l.x += 500.0;
        }),
        Box::new(|g| {
            // Route an edge straight through some other node.
            let n = g.nodes[2].clone();
            let (f, t) = (g.edges[0].from.clone(), g.edges[0].to.clone());
            let e = &mut g.edges[0];
            let first = e.points[0];
            let last = *e.points.last().unwrap();
            assert!(n.id != f && n.id != t);
            e.points = vec![
                first,
                [n.x + n.width / 2.0, n.y - 1.0],
                [n.x + n.width / 2.0, n.y + n.height + 1.0],
                last,
            ];
        }),
    ];
    for (i, corrupt) in corruptions.iter().enumerate() {
        let mut g = good.clone();
        corrupt(&mut g);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input, &g)));
        assert!(r.is_err(), "corruption {i} went unnoticed");
    }
}

/// Release-mode timings: `cargo test --release --lib layout::tests::timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing() {
    // ARCHC_LAYOUT_TIMING=<nodes> times one labelled size only.
    let sizes: Vec<(usize, bool)> = match std::env::var("ARCHC_LAYOUT_TIMING") {
        Ok(v) => vec![(v.parse().expect("a node count"), true)],
        Err(_) => vec![(1000, false), (1000, true), (10000, false), (10000, true)],
    };
    for &(size, labels) in &sizes {
        let input = generate_local(42, size, labels, Direction::Down);
        // CPU time of this thread (the machine may be shared), and wall time.
        let cpu = || -> f64 {
            std::fs::read_to_string("/proc/thread-self/schedstat")
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
                .unwrap_or(0.0)
                / 1e6
        };
        let (t, c0) = (std::time::Instant::now(), cpu());
        let (g, stats) = layout_with_stats(&input);
        let (dt, dc) = (t.elapsed(), cpu() - c0);
        println!(
            "{size} nodes, {} edges, labels {labels}: {:.1} ms wall, {dc:.1} ms cpu, {} layers, {} dummies, {} crossings, {}x{}",
            input.edges.len(),
            dt.as_secs_f64() * 1000.0,
            stats.layers,
            stats.dummies,
            stats.crossings,
            g.width,
            g.height
        );
    }
}

/// Minimal SVG of a geometry, for looking at layouts during development.
pub(crate) fn debug_svg(g: &Geometry) -> String {
    let mut s = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{}' height='{}' font-family='{}' font-size='11'>",
        g.width,
        g.height,
        text::FONT_FAMILY
    );
    s += "<rect width='100%' height='100%' fill='white'/>";
    for c in &g.containers {
        s += &format!(
            "<rect x='{}' y='{}' width='{}' height='{}' fill='rgba(100,120,200,0.08)' stroke='#557' rx='4'/><text x='{}' y='{}'>{}</text>",
            c.x, c.y, c.width, c.height, c.title.x, c.title.y + 12.0, c.id
        );
    }
    for n in &g.nodes {
        s += &format!(
            "<rect x='{}' y='{}' width='{}' height='{}' fill='#fec' stroke='#333'/><text x='{}' y='{}'>{}</text>",
            n.x,
            n.y,
            n.width,
            n.height,
            n.x + 4.0,
            n.y + 14.0,
            n.id
        );
    }
    for e in &g.edges {
        let pts: Vec<String> = e
            .points
            .iter()
            .map(|p| format!("{},{}", p[0], p[1]))
            .collect();
        s += &format!(
            "<polyline points='{}' fill='none' stroke='#a33'/>",
            pts.join(" ")
        );
        let l = e.points[e.points.len() - 1];
        s += &format!("<circle cx='{}' cy='{}' r='2.5' fill='#a33'/>", l[0], l[1]);
        if let Some(lb) = &e.label {
            s += &format!(
                "<rect x='{}' y='{}' width='{}' height='{}' fill='none' stroke='#3a3' stroke-dasharray='2'/><text x='{}' y='{}' fill='#363'>{}</text>",
                lb.x, lb.y, lb.width, lb.height, lb.x + 1.0, lb.y + 11.0, lb.text
            );
        }
    }
    s + "</svg>"
}

/// Writes sample drawings to /tmp: `cargo test --lib layout::tests::samples -- --ignored`.
#[test]
#[ignore]
fn samples() {
    for (name, input) in [
        ("web", web_architecture(Direction::Down)),
        ("webr", web_architecture(Direction::Right)),
        ("local40", generate_local(3, 40, true, Direction::Down)),
        ("local40r", generate_local(3, 40, true, Direction::Right)),
        ("local120", generate_local(4, 120, false, Direction::Down)),
        ("random30", generate(9, 30, true, Direction::Down)),
    ] {
        let g = layout(&input);
        std::fs::write(format!("/tmp/layout_{name}.svg"), debug_svg(&g)).unwrap();
    }
}

#[test]
#[ignore]
fn trace_one() {
    for seed in [4u64, 5, 6, 7, 8] {
        let mut input = if seed < 7 {
            generate_local(seed, 120, seed % 2 == 0, Direction::Down)
        } else {
            generate(seed, 60, true, Direction::Down)
        };
        let (_, st) = layout_with_stats(&input);
        eprintln!("with containers {st:?}");
        input.nodes.iter_mut().for_each(|n| n.parent = None);
        input.containers.clear();
        let (_, st) = layout_with_stats(&input);
        eprintln!("flat {st:?}");
    }
}

/// A small hand-written web architecture used by the samples and tests.
pub(crate) fn web_architecture(direction: Direction) -> LayoutInput {
    let names = [
        ("users", None),
        ("cdn", None),
        ("lb", Some(1)),
        ("web-1", Some(2)),
        ("web-2", Some(3)),
        ("api-1", Some(2)),
        ("api-2", Some(3)),
        ("worker", Some(4)),
        ("queue", Some(4)),
        ("postgres", Some(5)),
        ("replica", Some(5)),
        ("redis", Some(6)),
        ("metrics", None),
    ];
    let containers = vec![
        ContainerSpec {
            id: "vpc".into(),
            kind: "zone".into(),
            label_width: 30.0,
            label_height: 16.0,
            parent: None,
        },
        ContainerSpec {
            id: "public subnet".into(),
            kind: "zone".into(),
            label_width: 90.0,
            label_height: 16.0,
            parent: Some(0),
        },
        ContainerSpec {
            id: "app-host-a".into(),
            kind: "host".into(),
            label_width: 75.0,
            label_height: 16.0,
            parent: Some(7),
        },
        ContainerSpec {
            id: "app-host-b".into(),
            kind: "host".into(),
            label_width: 75.0,
            label_height: 16.0,
            parent: Some(7),
        },
        ContainerSpec {
            id: "batch".into(),
            kind: "host".into(),
            label_width: 40.0,
            label_height: 16.0,
            parent: Some(0),
        },
        ContainerSpec {
            id: "db cluster".into(),
            kind: "cluster".into(),
            label_width: 70.0,
            label_height: 16.0,
            parent: Some(8),
        },
        ContainerSpec {
            id: "cache".into(),
            kind: "host".into(),
            label_width: 45.0,
            label_height: 16.0,
            parent: Some(8),
        },
        ContainerSpec {
            id: "app tier".into(),
            kind: "zone".into(),
            label_width: 60.0,
            label_height: 16.0,
            parent: Some(0),
        },
        ContainerSpec {
            id: "data tier".into(),
            kind: "zone".into(),
            label_width: 65.0,
            label_height: 16.0,
            parent: Some(0),
        },
    ];
    let nodes = names
        .iter()
        .map(|&(id, parent)| NodeSpec {
            id: id.into(),
            width: text::text_width(id, 12.0) + 24.0,
            height: 36.0,
            parent,
        })
        .collect();
    let e = |from: usize, to: usize, label: Option<&str>| EdgeSpec {
        kind: EdgeKind::Request,
        via: [None, None],
        from,
        to,
        label: label.map(|t| LabelSpec {
            text: t.into(),
            width: text::text_width(t, 10.0) + 6.0,
            height: 14.0,
        }),
    };
    let edges = vec![
        e(0, 1, Some("HTTPS")),
        e(1, 2, Some("HTTPS")),
        e(2, 3, None),
        e(2, 4, None),
        e(3, 5, Some("gRPC")),
        e(4, 6, Some("gRPC")),
        e(5, 9, Some("SQL")),
        e(6, 9, Some("SQL")),
        e(5, 11, None),
        e(6, 11, None),
        e(5, 8, Some("enqueue")),
        e(8, 7, None),
        e(7, 9, Some("SQL")),
        e(9, 10, Some("WAL")),
        e(7, 7, Some("retry")),
        e(12, 3, Some("scrape")),
        e(12, 4, None),
        e(10, 12, None),
    ];
    LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction,
        nodes,
        containers,
        edges,
    }
}

#[test]
fn degenerate_sizes_do_not_panic_and_stay_finite() {
    let input = LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction: Direction::Down,
        nodes: vec![
            node("zero", 0.0, 0.0, Some(0)),
            node("nan", f64::NAN, f64::INFINITY, None),
            node("neg", -5.0, -1.0, Some(0)),
        ],
        containers: vec![ContainerSpec {
            label_width: f64::NAN,
            label_height: -3.0,
            ..container("c", None)
        }],
        edges: vec![
            edge(0, 1, None),
            EdgeSpec {
                kind: EdgeKind::Request,
                via: [None, None],
                from: 1,
                to: 2,
                label: Some(LabelSpec {
                    text: "x".into(),
                    width: f64::NAN,
                    height: -1.0,
                }),
            },
            edge(2, 2, None),
        ],
    };
    let g = layout(&input);
    let finite = |v: f64| v.is_finite();
    assert!(finite(g.width) && finite(g.height));
    for n in &g.nodes {
        assert!(finite(n.x) && finite(n.y) && finite(n.width) && finite(n.height));
    }
    for e in &g.edges {
        assert!(e.points.iter().all(|p| finite(p[0]) && finite(p[1])));
    }
    assert_eq!(g, layout(&input));
}

/// Many random inputs through the full checker:
/// `cargo test --release --lib layout::tests::stress -- --ignored`.
#[test]
#[ignore]
fn stress() {
    // ARCHC_LAYOUT_STRESS=<seed> varies the inputs.
    let seed: u64 = std::env::var("ARCHC_LAYOUT_STRESS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2024);
    let mut rng = Rng::new(seed);
    for i in seed..seed + 400 {
        let size = 2 + rng.below(300);
        let labels = rng.chance(0.5);
        let direction = if rng.chance(0.5) {
            Direction::Down
        } else {
            Direction::Right
        };
        let input = if i % 2 == 0 {
            generate(i, size, labels, direction)
        } else {
            generate_local(i, size, labels, direction)
        };
        let g = layout(&input);
        check(&input, &g);
    }
}

#[test]
fn input_round_trips_through_json_and_lays_out_identically() {
    let input = web_architecture(Direction::Right);
    let json = serde_json::to_string(&input).unwrap();
    let back: LayoutInput = serde_json::from_str(&json).unwrap();
    assert_eq!(back, input);
    let g = run(&back);
    assert_eq!(g, layout(&input));
    let out = serde_json::to_value(&g).unwrap();
    assert_eq!(out["nodes"][0]["id"], "users");
}

#[test]
fn web_architecture_reads_top_down() {
    let input = web_architecture(Direction::Down);
    let g = run(&input);
    let y = |id: &str| g.nodes.iter().find(|n| n.id == id).unwrap().y;
    // The request path flows one way, and sibling tiers line up.
    assert!(y("users") < y("cdn") && y("cdn") < y("lb") && y("lb") < y("web-1"));
    assert!(y("web-1") < y("api-1") && y("api-1") < y("postgres"));
    assert_eq!(y("web-1"), y("web-2"));
    assert_eq!(y("api-1"), y("api-2"));
    // The monitoring edge closing the cycle is the one drawn upwards.
    let scrape = g
        .edges
        .iter()
        .find(|e| e.label.as_ref().is_some_and(|l| l.text == "scrape"))
        .unwrap();
    assert!(scrape.points[0][1] > scrape.points.last().unwrap()[1]);
}

#[test]
fn deep_container_nesting() {
    let depth: usize = 150;
    let containers: Vec<ContainerSpec> = (0..depth)
        .map(|i| container(&format!("c{i}"), i.checked_sub(1)))
        .collect();
    let input = LayoutInput {
        routing: Routing::default(),
        same_rank: Vec::new(),
        centre_over: Vec::new(),
        direction: Direction::Down,
        nodes: vec![
            node("inner", 60.0, 30.0, Some(depth - 1)),
            node("outer", 60.0, 30.0, None),
        ],
        containers,
        edges: vec![edge(0, 1, Some("out")), edge(1, 0, None)],
    };
    run(&input);
}
