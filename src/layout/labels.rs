//! Step 7, *labels*: edge label boxes and self-loops, internal coordinates.
//!
//! An edge label was given a layer of its own and a holder item, so it sits
//! [`LABEL_OFFSET`] right of its edge's run through that layer, centred on the
//! layer: it can overlap no box, no title and no other label, since ordering
//! and placement kept the holder's extent free. Self-loops are nested
//! rectangles on the right side of their node, in the room the node's item
//! reserved for them, with their labels right of the outermost loop.

use super::graph::{Chain, Item};
use super::normalise::{breadth_depth, Clean};
use super::place::YPlan;
use super::route::Point;
use super::{LayoutInput, LABEL_OFFSET, PORT_SPACING, SELF_LOOP_STEP, SELF_LOOP_WIDTH};

/// Internal rectangle: x, y, breadth (across the flow), depth (along it).
pub(crate) type Rect = [f64; 4];

/// Label box of every chain that has one.
pub(crate) fn edge_labels(
    items: &[Item],
    x: &[f64],
    y: &YPlan,
    chains: &[Chain],
) -> Vec<Option<Rect>> {
    chains
        .iter()
        .map(|ch| {
            ch.label.map(|li| {
                let it = &items[li];
                let center = y.layer_top[it.rank] + y.layer_depth[it.rank] / 2.0;
                [
                    x[li] + LABEL_OFFSET,
                    center - it.depth / 2.0,
                    it.right - LABEL_OFFSET,
                    it.depth,
                ]
            })
        })
        .collect()
}

/// One self-loop: its edge, route and label box.
pub(crate) struct Loop {
    pub edge: usize,
    pub points: Vec<Point>,
    pub label: Option<Rect>,
}

/// The self-loops of every node whose box is `nrect[v]`; labelled loops go
/// outermost, so that the first label sits right beside its loop.
pub(crate) fn self_loops(input: &LayoutInput, clean: &Clean, nrect: &[Rect]) -> Vec<Loop> {
    let mut out = Vec::new();
    for (v, loops) in clean.loops.iter().enumerate() {
        let k = loops.len();
        if k == 0 {
            continue;
        }
        let [x0, y0, b, d] = nrect[v];
        let right = x0 + b;
        let cy = y0 + d / 2.0;
        let widest = SELF_LOOP_WIDTH + SELF_LOOP_STEP * (k - 1) as f64;
        let mut lx = right + widest;
        let mut first = true;
        let mut order: Vec<usize> = loops.clone();
        order.sort_by_key(|&e| input.edges[e].label.is_some());
        // Arrowheads closer than PORT_SPACING merge into one at a quarter
        // of the side below its middle.
        let merged = d / 2.0 / ((k + 1) as f64) < PORT_SPACING;
        for (i, &e) in order.iter().enumerate() {
            let lw = SELF_LOOP_WIDTH + SELF_LOOP_STEP * i as f64;
            let dy = d / 2.0 * (i + 1) as f64 / (k + 1) as f64;
            let end = if merged && k > 1 {
                cy + d / 4.0
            } else {
                cy + dy
            };
            let points = vec![
                [right, cy - dy],
                [right + lw, cy - dy],
                [right + lw, end],
                [right, end],
            ];
            let label = input.edges[e].label.as_ref().map(|l| {
                let (lb, ld) = breadth_depth(clean.down, l.width, l.height);
                lx += if first { LABEL_OFFSET } else { 4.0 };
                first = false;
                let r = [lx, cy - ld / 2.0, lb, ld];
                lx += lb;
                r
            });
            out.push(Loop {
                edge: e,
                points,
                label,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{normalise, EdgeSpec, LabelSpec, NodeSpec};

    #[test]
    fn self_loops_nest_on_the_right_with_labels_outside() {
        let mut labelled = EdgeSpec::new(0, 0);
        labelled.label = Some(LabelSpec {
            text: "retry".into(),
            width: 30.0,
            height: 12.0,
        });
        let input = LayoutInput {
            nodes: vec![NodeSpec {
                id: "a".into(),
                width: 40.0,
                height: 30.0,
                parent: None,
            }],
            edges: vec![labelled, EdgeSpec::new(0, 0)],
            ..LayoutInput::default()
        };
        let clean = normalise::run(&input);
        let loops = self_loops(&input, &clean, &[[0.0, 0.0, 40.0, 30.0]]);
        assert_eq!(loops.len(), 2);
        assert_eq!(loops[0].edge, 1, "the unlabelled loop is innermost");
        let outer = &loops[1];
        assert_eq!(outer.points[1][0], 40.0 + SELF_LOOP_WIDTH + SELF_LOOP_STEP);
        let l = outer.label.expect("label");
        assert!(l[0] >= outer.points[1][0] + LABEL_OFFSET);
        assert!(l[1] < 30.0 && l[1] + l[3] > 0.0, "level with the node");
    }
}
