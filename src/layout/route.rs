//! Edge routing and assembly of the output geometry.
//!
//! Edges are polylines through the positions of their dummy items (one per
//! crossed layer, Gansner et al. 1993 section 5, "splines" replaced by
//! polylines). Inside a layer's band an edge runs straight along the flow at
//! its own slot (its dummy's position, or its port on a node), so it cannot
//! cross a box of that layer; between bands it runs diagonally through the
//! inter-layer gap, which holds no boxes. Ports: the edges leaving (entering)
//! a node are spread along its bottom (top) side, ordered by the position of
//! their other end, so parallel edges between the same nodes do not overlap.
//! Self-loops are drawn as nested rectangular loops on the node's right side
//! in space the layout reserved for them.

use super::position::YPlan;
use super::{
    Chain, ContainerBox, EdgeRoute, Geometry, Item, LabelBox, LayoutInput, NodeBox, CONTAINER_PAD,
    LABEL_OFFSET, MARGIN, PORT_SPACING, SELF_LOOP_STEP, SELF_LOOP_WIDTH,
};

/// Everything needed to produce the final geometry.
pub(crate) struct Assembly<'a> {
    pub input: &'a LayoutInput,
    pub down: bool,
    pub items: &'a [Item],
    pub x: &'a [f64],
    pub y: &'a YPlan,
    pub chains: &'a [Chain],
    pub loops: &'a [Vec<usize>],
    pub lborder: &'a [Vec<usize>],
    pub rborder: &'a [Vec<usize>],
    pub nparent: &'a [Option<usize>],
    pub cparent: &'a [Option<usize>],
}

/// Internal rectangle: x, y, breadth (along layers), depth (along flow).
type Rect = [f64; 4];

struct Route {
    edge: usize,
    points: Vec<[f64; 2]>,
    label: Option<Rect>,
}

fn simplify(pts: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(pts.len());
    for p in pts {
        if let Some(last) = out.last() {
            if (last[0] - p[0]).abs() < 1e-9 && (last[1] - p[1]).abs() < 1e-9 {
                continue;
            }
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let cross = (b[0] - a[0]) * (p[1] - b[1]) - (b[1] - a[1]) * (p[0] - b[0]);
            let dot = (b[0] - a[0]) * (p[0] - b[0]) + (b[1] - a[1]) * (p[1] - b[1]);
            if cross.abs() < 1e-9 && dot >= 0.0 {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Builds the output [`Geometry`] from the internal layout.
pub(crate) fn assemble(a: &Assembly<'_>) -> Geometry {
    let input = a.input;
    let n = input.nodes.len();
    let nc = input.containers.len();
    let y = a.y;
    let center = |r: usize| y.layer_top[r] + y.layer_depth[r] / 2.0;
    let layer_bottom = |r: usize| y.layer_top[r] + y.layer_depth[r];

    // Node rectangles (internal).
    let nrect: Vec<Rect> = (0..n)
        .map(|i| {
            let it = &a.items[i];
            let b = it.left * 2.0;
            let nd = &input.nodes[i];
            let d = if a.down { nd.height } else { nd.width };
            let d = if d.is_finite() && d > 0.0 { d } else { 0.0 };
            [a.x[i] - it.left, center(it.rank) - d / 2.0, b, d]
        })
        .collect();
    let crect: Vec<Rect> = (0..nc)
        .map(|c| {
            let x0 = a.x[a.lborder[c][0]];
            let x1 = a.x[a.rborder[c][0]];
            [x0, y.ctop[c], x1 - x0, y.cbottom[c] - y.ctop[c]]
        })
        .collect();

    // Ports.
    let mut outs: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    let mut ins: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    for (ci, ch) in a.chains.iter().enumerate() {
        let top = ch.items[0];
        let bottom = *ch.items.last().expect("chain has endpoints");
        outs[top].push((a.x[ch.items[1]], ci));
        ins[bottom].push((a.x[ch.items[ch.items.len() - 2]], ci));
    }
    let mut top_port = vec![0.0f64; a.chains.len()];
    let mut bottom_port = vec![0.0f64; a.chains.len()];
    for v in 0..n {
        let b = nrect[v][2];
        for (list, target) in [
            (&mut outs[v], &mut top_port),
            (&mut ins[v], &mut bottom_port),
        ] {
            list.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
            let k = list.len();
            let step = if k > 1 {
                PORT_SPACING.min(0.7 * b / (k - 1) as f64)
            } else {
                0.0
            };
            for (i, &(_, ci)) in list.iter().enumerate() {
                target[ci] = a.x[v] + (i as f64 - (k - 1) as f64 / 2.0) * step;
            }
        }
    }

    let mut routes: Vec<Route> = Vec::with_capacity(input.edges.len());
    for (ci, ch) in a.chains.iter().enumerate() {
        let top = ch.items[0];
        let bottom = *ch.items.last().expect("chain has endpoints");
        let mut pts: Vec<[f64; 2]> = Vec::with_capacity(ch.items.len() * 2 + 2);
        let rt = a.items[top].rank;
        let tb = nrect[top][1] + nrect[top][3];
        pts.push([top_port[ci], tb]);
        pts.push([top_port[ci], layer_bottom(rt)]);
        for &d in &ch.items[1..ch.items.len() - 1] {
            let r = a.items[d].rank;
            pts.push([a.x[d], y.layer_top[r]]);
            pts.push([a.x[d], layer_bottom(r)]);
        }
        let rb = a.items[bottom].rank;
        pts.push([bottom_port[ci], y.layer_top[rb]]);
        pts.push([bottom_port[ci], nrect[bottom][1]]);
        let mut pts = simplify(pts);
        if ch.reversed {
            pts.reverse();
        }
        let label = ch.label.map(|li| {
            let it = &a.items[li];
            let lb = it.right - LABEL_OFFSET;
            [
                a.x[li] + LABEL_OFFSET,
                center(it.rank) - it.depth / 2.0,
                lb,
                it.depth,
            ]
        });
        routes.push(Route {
            edge: ch.edge,
            points: pts,
            label,
        });
    }
    // Self-loops.
    for v in 0..n {
        let k = a.loops[v].len();
        if k == 0 {
            continue;
        }
        let [x0, y0, b, d] = nrect[v];
        let right = x0 + b;
        let cy = y0 + d / 2.0;
        let widest = SELF_LOOP_WIDTH + SELF_LOOP_STEP * (k - 1) as f64;
        let mut lx = right + widest;
        let mut first = true;
        // Labelled loops outermost, so the first label sits beside its loop.
        let mut order: Vec<usize> = a.loops[v].clone();
        order.sort_by_key(|&e| input.edges[e].label.is_some());
        for (i, &e) in order.iter().enumerate() {
            let lw = SELF_LOOP_WIDTH + SELF_LOOP_STEP * i as f64;
            let dy = d / 2.0 * (i + 1) as f64 / (k + 1) as f64;
            let points = vec![
                [right, cy - dy],
                [right + lw, cy - dy],
                [right + lw, cy + dy],
                [right, cy + dy],
            ];
            let label = input.edges[e].label.as_ref().map(|l| {
                let (lb, ld) = if a.down {
                    (l.width, l.height)
                } else {
                    (l.height, l.width)
                };
                let (lb, ld) = (lb.max(0.0), ld.max(0.0));
                lx += if first { LABEL_OFFSET } else { 4.0 };
                first = false;
                let r = [lx, cy - ld / 2.0, lb, ld];
                lx += lb;
                r
            });
            routes.push(Route {
                edge: e,
                points,
                label,
            });
        }
    }
    routes.sort_by_key(|r| r.edge);

    // Transpose for Direction::Right and translate to the margin.
    let tp = |p: [f64; 2]| if a.down { p } else { [p[1], p[0]] };
    let tr = |r: Rect| {
        if a.down {
            r
        } else {
            [r[1], r[0], r[3], r[2]]
        }
    };
    let nrect: Vec<Rect> = nrect.into_iter().map(tr).collect();
    let crect: Vec<Rect> = crect.into_iter().map(tr).collect();
    for r in &mut routes {
        for p in &mut r.points {
            *p = tp(*p);
        }
        r.label = r.label.map(tr);
    }
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    let mut grow = |x: f64, y: f64| {
        lo[0] = lo[0].min(x);
        lo[1] = lo[1].min(y);
        hi[0] = hi[0].max(x);
        hi[1] = hi[1].max(y);
    };
    for r in nrect.iter().chain(crect.iter()) {
        grow(r[0], r[1]);
        grow(r[0] + r[2], r[1] + r[3]);
    }
    for r in &routes {
        for p in &r.points {
            grow(p[0], p[1]);
        }
        if let Some(l) = r.label {
            grow(l[0], l[1]);
            grow(l[0] + l[2], l[1] + l[3]);
        }
    }
    if !lo[0].is_finite() {
        lo = [0.0; 2];
        hi = [0.0; 2];
    }
    let dx = MARGIN - lo[0];
    let dy = MARGIN - lo[1];
    let rd = super::round2;

    let nodes = nrect
        .iter()
        .enumerate()
        .map(|(i, r)| NodeBox {
            id: input.nodes[i].id.clone(),
            x: rd(r[0] + dx),
            y: rd(r[1] + dy),
            width: rd(r[2]),
            height: rd(r[3]),
        })
        .collect();
    let mut members: Vec<Vec<String>> = vec![Vec::new(); nc];
    for i in 0..n {
        if let Some(c) = a.nparent[i] {
            members[c].push(input.nodes[i].id.clone());
        }
    }
    for d in 0..nc {
        if let Some(c) = a.cparent[d] {
            members[c].push(input.containers[d].id.clone());
        }
    }
    let containers = crect
        .iter()
        .zip(members)
        .enumerate()
        .map(|(c, (r, members))| {
            let cs = &input.containers[c];
            ContainerBox {
                id: cs.id.clone(),
                kind: cs.kind.clone(),
                x: rd(r[0] + dx),
                y: rd(r[1] + dy),
                width: rd(r[2]),
                height: rd(r[3]),
                members,
                label_x: rd(r[0] + dx + CONTAINER_PAD),
                label_y: rd(r[1] + dy + CONTAINER_PAD / 2.0),
            }
        })
        .collect();
    let edges = routes
        .into_iter()
        .map(|r| {
            let e = &input.edges[r.edge];
            EdgeRoute {
                from: input.nodes[e.from].id.clone(),
                to: input.nodes[e.to].id.clone(),
                points: r
                    .points
                    .iter()
                    .map(|p| [rd(p[0] + dx), rd(p[1] + dy)])
                    .collect(),
                label: match (r.label, &e.label) {
                    (Some(l), Some(spec)) => Some(LabelBox {
                        text: spec.text.clone(),
                        x: rd(l[0] + dx),
                        y: rd(l[1] + dy),
                        width: rd(l[2]),
                        height: rd(l[3]),
                    }),
                    _ => None,
                },
            }
        })
        .collect();
    Geometry {
        width: rd(hi[0] - lo[0] + 2.0 * MARGIN),
        height: rd(hi[1] - lo[1] + 2.0 * MARGIN),
        nodes,
        containers,
        edges,
    }
}
