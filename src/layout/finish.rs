//! The end of steps 6 and 7: the output assembled from the internal layout (node and
//! container rectangles, routes cut where they enter a container drawn as an edge's end,
//! labels), transposed for [`Direction::Right`], moved to [`MARGIN`] and rounded.

use super::*;

/// The part of the route `pts` outside the rectangle `r` (internal
/// coordinates): up to where it first enters `r` (`at_end`), or from where
/// it last leaves `r`; `None` when it never crosses `r`'s border.
fn clip(pts: &[route::Point], r: labels::Rect, at_end: bool) -> Option<Vec<route::Point>> {
    let inside = |p: route::Point| {
        p[0] > r[0] + 1e-6
            && p[0] < r[0] + r[2] - 1e-6
            && p[1] > r[1] + 1e-6
            && p[1] < r[1] + r[3] - 1e-6
    };
    // Point where segment a-b crosses r's border, a outside and b inside
    // (Liang–Barsky entry parameter).
    let entry = |a: route::Point, b: route::Point| -> route::Point {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let mut t0 = 0.0f64;
        for (pk, qk) in [
            (-dx, a[0] - r[0]),
            (dx, r[0] + r[2] - a[0]),
            (-dy, a[1] - r[1]),
            (dy, r[1] + r[3] - a[1]),
        ] {
            if pk < 0.0 {
                t0 = t0.max(qk / pk);
            }
        }
        [a[0] + t0 * dx, a[1] + t0 * dy]
    };
    let mut pts = pts.to_vec();
    if !at_end {
        pts.reverse();
    }
    let k = (1..pts.len()).find(|&i| !inside(pts[i - 1]) && inside(pts[i]))?;
    let mut out: Vec<route::Point> = pts[..k].to_vec();
    out.push(entry(pts[k - 1], pts[k]));
    if !at_end {
        out.reverse();
    }
    (out.len() >= 2).then_some(out)
}

/// Assembles the output: node and container rectangles, routes (reversed
/// edges turned back so that they end at their target) and labels, then
/// transposes for [`Direction::Right`], moves everything to [`MARGIN`] and
/// rounds to two decimals.
#[allow(clippy::too_many_arguments)]
pub(super) fn finish(
    input: &LayoutInput,
    clean: &normalise::Clean,
    g: &graph::Layered,
    b: &compound::Bordered,
    x: &[f64],
    y: &place::YPlan,
    routes: Vec<Vec<route::Point>>,
    boxes: Vec<Option<labels::Rect>>,
    depth: &[f64],
    level: &[(usize, usize, usize)],
) -> Geometry {
    type R = labels::Rect;
    let n = input.nodes.len();
    let nc = input.containers.len();
    let center = |r: usize| y.layer_top[r] + y.layer_depth[r] / 2.0;
    let nrect: Vec<R> = (0..n)
        .map(|i| {
            let it = &g.items[i];
            [
                x[i] - it.left,
                center(it.rank) - depth[i] / 2.0,
                it.left * 2.0,
                depth[i],
            ]
        })
        .collect();
    let crect: Vec<R> = (0..nc)
        .map(|c| {
            let x0 = x[b.lborder[c][0]];
            let x1 = x[b.rborder[c][0]];
            [x0, y.ctop[c], x1 - x0, y.cbottom[c] - y.ctop[c]]
        })
        .collect();
    // (edge, points, label) in internal coordinates.
    let mut all: Vec<(usize, Vec<route::Point>, Option<R>)> = g
        .chains
        .iter()
        .zip(routes)
        .zip(boxes)
        .map(|((ch, mut pts), label)| {
            if ch.reversed {
                pts.reverse();
            }
            (ch.edge, pts, label)
        })
        .collect();
    for l in labels::self_loops(input, clean, &nrect) {
        all.push((l.edge, l.points, l.label));
    }
    all.extend(level::routes(
        input, clean, &g.items, x, &center, &nrect, level,
    ));
    all.sort_by_key(|r| r.0);
    // Edges to and from containers: cut where the route enters or leaves.
    let mut via_ids: Vec<[Option<usize>; 2]> = vec![[None, None]; all.len()];
    for (k, r) in all.iter_mut().enumerate() {
        let e = &input.edges[r.0];
        if e.from == e.to {
            continue;
        }
        for (end, node) in [(0, e.from), (1, e.to)] {
            let Some(c) = e.via[end].filter(|&c| c < nc) else {
                continue;
            };
            let other = if end == 0 { e.to } else { e.from };
            let holds = |v: usize| {
                let mut p = clean.nparent[v];
                while let Some(q) = p {
                    if q == c {
                        return true;
                    }
                    p = clean.cparent[q];
                }
                false
            };
            if !holds(node) || holds(other) {
                continue;
            }
            if let Some(cut) = clip(&r.1, crect[c], end == 1) {
                r.1 = cut;
                via_ids[k][end] = Some(c);
            }
        }
    }

    let down = clean.down;
    let tp = |p: route::Point| if down { p } else { [p[1], p[0]] };
    let tr = |r: R| if down { r } else { [r[1], r[0], r[3], r[2]] };
    let nrect: Vec<R> = nrect.into_iter().map(tr).collect();
    let crect: Vec<R> = crect.into_iter().map(tr).collect();
    for r in &mut all {
        r.1.iter_mut().for_each(|p| *p = tp(*p));
        r.2 = r.2.map(tr);
    }
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    let mut grow = |p: [f64; 2]| {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    };
    for r in nrect
        .iter()
        .chain(&crect)
        .chain(all.iter().filter_map(|r| r.2.as_ref()))
    {
        grow([r[0], r[1]]);
        grow([r[0] + r[2], r[1] + r[3]]);
    }
    for r in &all {
        r.1.iter().for_each(|&p| grow(p));
    }
    if !lo[0].is_finite() {
        lo = [0.0; 2];
        hi = [0.0; 2];
    }
    let (dx, dy) = (MARGIN - lo[0], MARGIN - lo[1]);
    let rect = |r: R| Rect {
        x: round2(r[0] + dx),
        y: round2(r[1] + dy),
        width: round2(r[2]),
        height: round2(r[3]),
    };
    let nodes = nrect
        .iter()
        .zip(&input.nodes)
        .map(|(r, nd)| {
            let r = rect(*r);
            NodeBox {
                id: nd.id.clone(),
                x: r.x,
                y: r.y,
                width: r.width,
                height: r.height,
            }
        })
        .collect();
    let mut members: Vec<Vec<String>> = vec![Vec::new(); nc];
    for i in 0..n {
        if let Some(c) = clean.nparent[i] {
            members[c].push(input.nodes[i].id.clone());
        }
    }
    for d in 0..nc {
        if let Some(c) = clean.cparent[d] {
            members[c].push(input.containers[d].id.clone());
        }
    }
    let containers = crect
        .iter()
        .zip(members)
        .zip(&input.containers)
        .map(|((r, members), cs)| {
            let outer = rect(*r);
            ContainerBox {
                id: cs.id.clone(),
                kind: cs.kind.clone(),
                x: outer.x,
                y: outer.y,
                width: outer.width,
                height: outer.height,
                members,
                title: Rect {
                    x: round2(outer.x + CONTAINER_PAD),
                    y: round2(outer.y + CONTAINER_PAD / 2.0),
                    width: round2(normalise::clean(cs.label_width)),
                    height: round2(normalise::clean(cs.label_height)),
                },
            }
        })
        .collect();
    let edges = all
        .into_iter()
        .zip(via_ids)
        .map(|((ei, points, label), via)| {
            let e = &input.edges[ei];
            EdgeRoute {
                from: input.nodes[e.from].id.clone(),
                to: input.nodes[e.to].id.clone(),
                points: points
                    .iter()
                    .map(|p| [round2(p[0] + dx), round2(p[1] + dy)])
                    .collect(),
                label: match (label, &e.label) {
                    (Some(l), Some(spec)) => {
                        let r = rect(l);
                        Some(LabelBox {
                            text: spec.text.clone(),
                            x: r.x,
                            y: r.y,
                            width: r.width,
                            height: r.height,
                        })
                    }
                    _ => None,
                },
                kind: e.kind,
                via: via.map(|c| c.map(|c| input.containers[c].id.clone())),
            }
        })
        .collect();
    Geometry {
        width: round2(hi[0] - lo[0] + 2.0 * MARGIN),
        height: round2(hi[1] - lo[1] + 2.0 * MARGIN),
        nodes,
        containers,
        edges,
    }
}
