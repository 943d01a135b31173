//! The diagram's geometry as JSON (`archc render --format layout-json`).
//!
//! The serialisation of a [`Geometry`]: one object, in SVG user units with `x` and `y` the
//! top-left corners:
//!
//! ```text
//! {"width", "height",
//!  "nodes": [{"id", "x", "y", "width", "height"}],
//!  "containers": [{"id", "kind", "x", "y", "width", "height",
//!                  "members": [ids directly inside],
//!                  "title": {"x", "y", "width", "height"}}],
//!  "edges": [{"from", "to", "points": [[x, y], ...],
//!             "label": {"text", "x", "y", "width", "height"} or null,
//!             "kind": "request" | "non-request" | "replication",
//!             "via": [id of the container it starts at or null, id of the one it ends at or null]}]}
//! ```
//!
//! `points` is each route as a polyline from the border of the `from` box to the border of the
//! `to` box (or from and to the `via` containers' borders: a link written to a cluster is one
//! edge to the cluster's box); `title` is the container's title band, where nothing else is drawn. Nodes,
//! containers and edges come in the geometry's order (source order for a geometry from
//! [`super::diagram::layout`]). The text reads back into a [`Geometry`] with `serde_json`, so
//! that [`crate::layout::verify`] can check it.

use crate::layout::{Geometry, Rect};

/// Rounds to two decimals, and non-finite numbers to 0 (JSON has no NaN).
fn r(v: f64) -> f64 {
    if v.is_finite() {
        (v * 100.0).round() / 100.0
    } else {
        0.0
    }
}

fn rect(t: &Rect) -> Rect {
    Rect {
        x: r(t.x),
        y: r(t.y),
        width: r(t.width),
        height: r(t.height),
    }
}

/// Serialises a geometry as the layout JSON described in the module documentation: pretty
/// printed, numbers rounded to two decimals, ending with a newline.
pub fn layout_json(geometry: &Geometry) -> String {
    let mut g = geometry.clone();
    g.width = r(g.width);
    g.height = r(g.height);
    for n in &mut g.nodes {
        (n.x, n.y, n.width, n.height) = (r(n.x), r(n.y), r(n.width), r(n.height));
    }
    for c in &mut g.containers {
        (c.x, c.y, c.width, c.height) = (r(c.x), r(c.y), r(c.width), r(c.height));
        c.title = rect(&c.title);
    }
    for e in &mut g.edges {
        e.points.iter_mut().for_each(|p| *p = [r(p[0]), r(p[1])]);
        if let Some(l) = &mut e.label {
            (l.x, l.y, l.width, l.height) = (r(l.x), r(l.y), r(l.width), r(l.height));
        }
    }
    let mut out = serde_json::to_string_pretty(&g).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_into_the_same_geometry() {
        let m = crate::compile(
            "host h { service a\nservice b }\nservice c\na -> b : http\nb -> c : replication",
            "t",
        )
        .expect("compiles")
        .model;
        let g = super::super::diagram::layout(&m);
        let text = layout_json(&g);
        let back: Geometry = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back, g);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["edges"][0]["kind"], "request");
        assert_eq!(v["edges"][1]["kind"], "replication");
        let title = &v["containers"][0]["title"];
        assert!(title["width"].as_f64().unwrap() > 0.0);
        assert!(title["y"].as_f64().unwrap() > v["containers"][0]["y"].as_f64().unwrap());
    }
}
