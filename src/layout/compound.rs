//! Step 3, *compound*: what containers add to the layered graph.
//!
//! Before ordering, each container gets its span, the inclusive range of
//! layers holding its members (G. Sander, "Layout of compound directed
//! graphs", Tech. Rep. A/03/96, Universität des Saarlandes, 1996). After
//! ordering, every container gets one left and one right *border item* per
//! layer it spans, placed around its block (ELK Layered's
//! `HierarchicalPortDummySizeProcessor` and dagre's `addBorderSegments` do
//! the same): the border items of one side are chained from layer to layer,
//! so placement aligns them into one straight side and the container's
//! rectangle is exact. [`Insets`] give the room a container keeps around its
//! members: padding on every side plus its title band at the top.

use super::graph::{Item, Kind, Layered};
use super::normalise::{breadth_depth, Clean};
use super::order::Entry;
use super::{LayoutInput, CONTAINER_PAD};

/// Room a container keeps between its border and its members, in internal
/// coordinates (breadth across the flow, depth along it), SVG user units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Insets {
    /// Before the first member across the flow (left for `Down`).
    pub left: f64,
    /// After the last member across the flow.
    pub right: f64,
    /// Before the first layer along the flow (the title band and padding).
    pub top: f64,
    /// After the last layer along the flow.
    pub bottom: f64,
    /// Smallest breadth (the title's width plus padding for `Down`).
    pub min_breadth: f64,
    /// Smallest depth (the title's width plus padding for `Right`).
    pub min_depth: f64,
}

impl Insets {
    /// Insets of a container whose title is `label_width` x `label_height`
    /// (SVG user units). The title sits at the top-left corner: across the
    /// top for [`Direction::Down`](super::Direction::Down), down the left
    /// side's top for `Right`, where the flow's "top" is the left side.
    pub(crate) fn of(down: bool, label_width: f64, label_height: f64) -> Insets {
        let pad = CONTAINER_PAD;
        let (lw, lh) = breadth_depth(true, label_width, label_height);
        if down {
            Insets {
                left: pad,
                right: pad,
                top: pad + lh,
                bottom: pad,
                min_breadth: lw + 2.0 * pad,
                min_depth: 0.0,
            }
        } else {
            Insets {
                left: pad + lh,
                right: pad,
                top: pad,
                bottom: pad,
                min_breadth: 0.0,
                min_depth: lw + 2.0 * pad,
            }
        }
    }
}

/// The inclusive layer span of every container (`(usize::MAX, 0)` for none).
pub(crate) fn spans(items: &[Item], clean: &Clean) -> Vec<(usize, usize)> {
    let nc = clean.cparent.len();
    let mut span: Vec<(usize, usize)> = vec![(usize::MAX, 0); nc];
    for it in items {
        let mut p = it.parent;
        while let Some(c) = p {
            span[c].0 = span[c].0.min(it.rank);
            span[c].1 = span[c].1.max(it.rank);
            p = clean.cparent[c];
        }
    }
    span
}

/// The layers with their border items, and everything placement needs to
/// know about containers.
pub(crate) struct Bordered {
    /// Items left to right, per layer (leaves and borders).
    pub layers: Vec<Vec<usize>>,
    /// Per container: its left border items, top layer first.
    pub lborder: Vec<Vec<usize>>,
    /// Per container: its right border items, top layer first.
    pub rborder: Vec<Vec<usize>>,
    /// Constraints `x[b] - x[a] >= d` (a title wider than the members).
    pub extra: Vec<(usize, usize, f64)>,
    /// Per container: its insets.
    pub insets: Vec<Insets>,
}

/// Adds the border items of the ordered layers `entries` to `g` and chains
/// each side from layer to layer.
pub(crate) fn borders(
    input: &LayoutInput,
    clean: &Clean,
    g: &mut Layered,
    entries: &[Vec<Entry>],
) -> Bordered {
    let nc = input.containers.len();
    let insets: Vec<Insets> = input
        .containers
        .iter()
        .map(|c| Insets::of(clean.down, c.label_width, c.label_height))
        .collect();
    let mut layers: Vec<Vec<usize>> = Vec::with_capacity(entries.len());
    let mut lborder: Vec<Vec<usize>> = vec![Vec::new(); nc];
    let mut rborder: Vec<Vec<usize>> = vec![Vec::new(); nc];
    for (r, layer) in entries.iter().enumerate() {
        let mut out = Vec::with_capacity(layer.len());
        for e in layer {
            match *e {
                Entry::Leaf(v) => out.push(v),
                Entry::Open(c) | Entry::Close(c) => {
                    let open = matches!(e, Entry::Open(_));
                    let id = g.items.len();
                    g.items.push(Item {
                        kind: if open {
                            Kind::BorderL(c)
                        } else {
                            Kind::BorderR(c)
                        },
                        rank: r,
                        parent: Some(c),
                        left: if open { 0.0 } else { insets[c].right },
                        right: if open { insets[c].left } else { 0.0 },
                        depth: 0.0,
                    });
                    if open {
                        lborder[c].push(id);
                    } else {
                        rborder[c].push(id);
                    }
                    out.push(id);
                }
            }
        }
        layers.push(out);
    }
    g.up.resize(g.items.len(), Vec::new());
    g.down.resize(g.items.len(), Vec::new());
    for c in 0..nc {
        for list in [&lborder[c], &rborder[c]] {
            for w in list.windows(2) {
                g.down[w[0]].push(w[1]);
                g.up[w[1]].push(w[0]);
            }
        }
    }
    let mut extra = Vec::new();
    for c in 0..nc {
        if insets[c].min_breadth > 0.0 {
            if let (Some(&l), Some(&r)) = (lborder[c].first(), rborder[c].first()) {
                extra.push((l, r, insets[c].min_breadth));
            }
        }
    }
    Bordered {
        layers,
        lborder,
        rborder,
        extra,
        insets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insets_put_the_title_at_the_flows_start() {
        let d = Insets::of(true, 100.0, 18.0);
        assert_eq!((d.left, d.right, d.bottom), (12.0, 12.0, 12.0));
        assert_eq!(d.top, 30.0);
        assert_eq!(d.min_breadth, 124.0);
        assert_eq!(d.min_depth, 0.0);
        let r = Insets::of(false, 100.0, 18.0);
        assert_eq!(r.left, 30.0);
        assert_eq!(r.top, 12.0);
        assert_eq!(r.min_depth, 124.0);
        assert_eq!(r.min_breadth, 0.0);
        // Nonsense sizes count as 0.
        assert_eq!(Insets::of(true, f64::NAN, -3.0).top, 12.0);
    }
}
