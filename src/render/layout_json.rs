//! The diagram's geometry as JSON (`archc render --format layout-json`).
//!
//! One object, in SVG user units with `x` and `y` the top-left corners:
//!
//! ```text
//! {"width", "height",
//!  "nodes": [{"id", "x", "y", "width", "height"}],
//!  "containers": [{"id", "kind", "x", "y", "width", "height", "members": [ids directly inside]}],
//!  "edges": [{"from", "to", "points": [[x, y], ...],
//!             "label": {"text", "x", "y", "width", "height"} or null}]}
//! ```
//!
//! `points` is each route as a polyline from the border of the `from` box to the border of the
//! `to` box. Nodes, containers and edges come in the geometry's order (source order for a
//! geometry from [`super::diagram::layout`]).

use serde::Serialize;

use crate::layout::Geometry;

#[derive(Serialize)]
struct Doc<'a> {
    width: f64,
    height: f64,
    nodes: Vec<Node<'a>>,
    containers: Vec<Container<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

#[derive(Serialize)]
struct Container<'a> {
    id: &'a str,
    kind: &'a str,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    members: &'a [String],
}

#[derive(Serialize)]
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
    points: Vec<[f64; 2]>,
    label: Option<Label<'a>>,
}

#[derive(Serialize)]
struct Label<'a> {
    text: &'a str,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// Rounds to two decimals, and non-finite numbers to 0 (JSON has no NaN).
fn r(v: f64) -> f64 {
    if v.is_finite() {
        (v * 100.0).round() / 100.0
    } else {
        0.0
    }
}

/// Serialises a geometry as the layout JSON described in the module documentation: pretty
/// printed, numbers rounded to two decimals, ending with a newline.
pub fn layout_json(geometry: &Geometry) -> String {
    let doc = Doc {
        width: r(geometry.width),
        height: r(geometry.height),
        nodes: geometry
            .nodes
            .iter()
            .map(|n| Node {
                id: &n.id,
                x: r(n.x),
                y: r(n.y),
                width: r(n.width),
                height: r(n.height),
            })
            .collect(),
        containers: geometry
            .containers
            .iter()
            .map(|c| Container {
                id: &c.id,
                kind: &c.kind,
                x: r(c.x),
                y: r(c.y),
                width: r(c.width),
                height: r(c.height),
                members: &c.members,
            })
            .collect(),
        edges: geometry
            .edges
            .iter()
            .map(|e| Edge {
                from: &e.from,
                to: &e.to,
                points: e.points.iter().map(|p| [r(p[0]), r(p[1])]).collect(),
                label: e.label.as_ref().map(|l| Label {
                    text: &l.text,
                    x: r(l.x),
                    y: r(l.y),
                    width: r(l.width),
                    height: r(l.height),
                }),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}
