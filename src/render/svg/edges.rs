//! Links: matching the geometry's routes to the model's links, the arrows with their
//! tooltips, arrowheads and optional-link circles, and the label boxes.

use super::*;

/// A route's drawing decisions, shared by the edge and its label.
pub(super) struct Route {
    encrypted: bool,
    non_request: bool,
}

/// An edge kind as the layout JSON and the `data-kind` of a link's group spell it.
pub(super) fn edge_kind_name(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Request => "request",
        EdgeKind::NonRequest => "non-request",
        EdgeKind::Replication => "replication",
    }
}

impl Drawing<'_> {
    /// Matches each route of the geometry to a link of the model: route `k` is link `k` when
    /// their ends agree, otherwise the first unmatched link with the same ends.
    pub(super) fn route_links(&self, g: &Geometry) -> Vec<Option<usize>> {
        let m = self.model;
        let ends = |k: usize| {
            let l = &m.links[k];
            (m.element(l.from).id.as_str(), m.element(l.to).id.as_str())
        };
        let mut used = vec![false; m.links.len()];
        // The links of each pair of ends, in source order, and how many of them are used up
        // at the front: the first unused link of a pair is found in amortised constant time.
        let mut by_ends: std::collections::HashMap<(&str, &str), (Vec<usize>, usize)> =
            std::collections::HashMap::new();
        for j in 0..m.links.len() {
            by_ends.entry(ends(j)).or_default().0.push(j);
        }
        g.edges
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let want = (r.from.as_str(), r.to.as_str());
                let k = if k < m.links.len() && !used[k] && ends(k) == want {
                    Some(k)
                } else {
                    by_ends.get_mut(&want).and_then(|(list, front)| {
                        while *front < list.len() && used[list[*front]] {
                            *front += 1;
                        }
                        list.get(*front).copied()
                    })
                };
                if let Some(k) = k {
                    used[k] = true;
                }
                k
            })
            .collect()
    }

    /// The links' arrows, in the geometry's order, and each route's drawing decisions.
    pub(super) fn routes(&mut self, g: &Geometry) -> Vec<Route> {
        let links = self.route_links(g);
        self.out.open(El::g().set("id", format!("{}links", self.p)));
        let routes: Vec<Route> = links
            .iter()
            .map(|l| {
                let link = l.map(|l| &self.model.links[l]);
                Route {
                    encrypted: link.is_some_and(|l| l.encrypted),
                    non_request: link.is_some_and(|l| l.kind == LinkKind::NonRequest),
                }
            })
            .collect();
        let edges: Vec<(usize, &crate::layout::EdgeRoute)> = g.edges.iter().enumerate().collect();
        self.write_each(&edges, |d, &(k, r)| {
            let link = links[k].map(|l| &d.model.links[l]);
            d.arrow(k, r, link, &routes[k])
        });
        self.out.close();
        routes
    }

    /// The group of route `k`, drawing `link`: its tooltip, line, arrowhead and, for an
    /// optional link, the hollow circle at its source. None for a route of fewer than two
    /// distinct points.
    fn arrow(
        &self,
        k: usize,
        r: &crate::layout::EdgeRoute,
        link: Option<&crate::model::Link>,
        route: &Route,
    ) -> Option<El> {
        let p = &self.p;
        let pts: Vec<[f64; 2]> = dedup_points(&r.points);
        if pts.len() < 2 {
            return None;
        }
        let optional = link.is_some_and(|l| l.optional);
        let cls = if route.non_request {
            "nreq"
        } else if route.encrypted {
            "enc"
        } else {
            "plain"
        };
        let mut tip = match link {
            Some(l) => format!(
                "{} → {}",
                self.model.element(l.from).label,
                self.model.element(l.to).label
            ),
            None => format!("{} → {}", r.from, r.to),
        };
        if let Some(text) = link.and_then(diagram::edge_label_text) {
            let _ = write!(tip, ": {text}");
        }
        if route.encrypted {
            tip.push_str(" (encrypted)");
        }
        if optional {
            tip.push_str(" (optional)");
        }
        // Stop the line at the arrowhead's base.
        let n = pts.len();
        let (tip_pt, dir) = {
            let a = pts[n - 2];
            let b = pts[n - 1];
            let (vx, vy) = (b[0] - a[0], b[1] - a[1]);
            let len = (vx * vx + vy * vy).sqrt().max(1e-9);
            (b, [vx / len, vy / len])
        };
        let last_len = dist(pts[n - 2], tip_pt);
        let cut = ARROW_LENGTH.min(last_len) * 0.8;
        let mut line = pts.clone();
        line[n - 1] = [tip_pt[0] - dir[0] * cut, tip_pt[1] - dir[1] * cut];
        let base = [
            tip_pt[0] - dir[0] * ARROW_LENGTH,
            tip_pt[1] - dir[1] * ARROW_LENGTH,
        ];
        let perp = [-dir[1] * ARROW_HALF_WIDTH, dir[0] * ARROW_HALF_WIDTH];
        let mut head = String::with_capacity(48);
        head.push('M');
        push_point(&mut head, tip_pt);
        head.push('L');
        push_point(&mut head, [base[0] + perp[0], base[1] + perp[1]]);
        head.push('L');
        push_point(&mut head, [base[0] - perp[0], base[1] - perp[1]]);
        head.push('Z');
        let mut g = El::g()
            .set("id", format!("{p}link-{k}"))
            .set("data-from", &r.from)
            .set("data-to", &r.to)
            .set("data-kind", edge_kind_name(r.kind))
            .set_some("data-optional", optional.then_some("true"))
            .add(El::title(&tip))
            .add(
                El::path()
                    .set("class", format!("{p}{cls}"))
                    .set("d", rounded_path(&line, BEND_RADIUS)),
            )
            .add(
                El::path()
                    .set("class", format!("{p}{cls}-h"))
                    .set("d", head),
            );
        if optional {
            // A hollow circle at the source end, just off the source's border.
            let (a, b) = (pts[0], pts[1]);
            let len = dist(a, b).max(1e-9);
            let r = OPTIONAL_RADIUS + 1.0;
            g.push(
                El::circle()
                    .set("class", format!("{p}opt"))
                    .set("cx", a[0] + (b[0] - a[0]) / len * r)
                    .set("cy", a[1] + (b[1] - a[1]) / len * r)
                    .set("r", OPTIONAL_RADIUS),
            );
        }
        Some(g)
    }

    /// The links' labels, each on its box, over everything but the legend.
    pub(super) fn edge_labels(&mut self, g: &Geometry, routes: &[Route]) {
        let p = self.p.clone();
        self.out.open(El::g().set("id", format!("{p}link-labels")));
        // Edges concentrated into one bus share one label box: drawn once.
        let mut drawn: std::collections::BTreeSet<(String, String, String, &str)> =
            std::collections::BTreeSet::new();
        let labels: Vec<(usize, &crate::layout::LabelBox)> = g
            .edges
            .iter()
            .enumerate()
            .filter_map(|(k, r)| Some((k, r.label.as_ref()?)))
            .filter(|(_, l)| drawn.insert((num(l.x), num(l.y), num(l.width), l.text.as_str())))
            .collect();
        self.write_each(&labels, |d, &(k, l)| {
            let p = &d.p;
            let encrypted = routes.get(k).is_some_and(|r| r.encrypted);
            let non_request = routes.get(k).is_some_and(|r| r.non_request);
            let lines = diagram::edge_label_lines(&l.text, l.width, encrypted);
            let lock = if encrypted { LOCK_WIDTH } else { 0.0 };
            let mut group = El::g()
                .set("id", format!("{p}link-{k}-label"))
                .add(El::rect_at(
                    format!("{p}lbl"),
                    l.x,
                    l.y,
                    l.width,
                    l.height,
                    4.0,
                ));
            let cls = if non_request {
                "nreq-t"
            } else if encrypted {
                "enc-t"
            } else {
                "plain-t"
            };
            // Each line centred in the box, the first behind the lock; one line sits in the
            // middle of a box EDGE_LABEL_HEIGHT deep, each further one a line height lower.
            for (i, line) in lines.iter().enumerate() {
                let lock = if i == 0 { lock } else { 0.0 };
                let content_w = text_width(line, EDGE_LABEL_SIZE) + lock;
                let mut x = l.x + (l.width - content_w) / 2.0;
                let mid = l.y + EDGE_LABEL_HEIGHT / 2.0 + i as f64 * line_height(EDGE_LABEL_SIZE);
                if lock > 0.0 {
                    group.push(d.icon(
                        icons::LOCK,
                        &format!("{p}lock"),
                        &format!("{p}lock-f"),
                        x - 0.5,
                        mid - 5.5,
                        10.0,
                    ));
                    x += lock;
                }
                group.push(El::text_at(
                    line,
                    format!("{p}{cls}"),
                    x,
                    baseline(mid, EDGE_LABEL_SIZE),
                    EDGE_LABEL_SIZE,
                ));
            }
            Some(group)
        });
        self.out.close();
    }
}

pub(super) fn dedup_points(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for &p in points {
        if !(p[0].is_finite() && p[1].is_finite()) {
            continue;
        }
        if out
            .last()
            .is_some_and(|q| (q[0] - p[0]).abs() < 0.01 && (q[1] - p[1]).abs() < 0.01)
        {
            continue;
        }
        out.push(p);
    }
    out
}

/// A polyline as path data, its bends rounded with quadratic curves of radius up to `radius`
/// (never more than half of either adjoining segment).
pub(super) fn rounded_path(points: &[[f64; 2]], radius: f64) -> String {
    let mut d = String::with_capacity(points.len() * 32);
    let Some(&first) = points.first() else {
        return d;
    };
    d.push('M');
    push_point(&mut d, first);
    for i in 1..points.len() {
        let b = points[i];
        if i + 1 < points.len() {
            let a = points[i - 1];
            let c = points[i + 1];
            let (l1, l2) = (dist(a, b), dist(b, c));
            let r = radius.min(l1 / 2.0).min(l2 / 2.0);
            if r > 0.5 {
                let p1 = [b[0] + (a[0] - b[0]) * r / l1, b[1] + (a[1] - b[1]) * r / l1];
                let p2 = [b[0] + (c[0] - b[0]) * r / l2, b[1] + (c[1] - b[1]) * r / l2];
                d.push('L');
                push_point(&mut d, p1);
                d.push('Q');
                push_point(&mut d, b);
                d.push(' ');
                push_point(&mut d, p2);
                continue;
            }
        }
        d.push('L');
        push_point(&mut d, b);
    }
    d
}

pub(super) fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn bends_are_rounded_and_straight_lines_are_not() {
        assert_eq!(rounded_path(&[[0.0, 0.0], [0.0, 10.0]], 7.0), "M0 0L0 10");
        let d = rounded_path(&[[0.0, 0.0], [0.0, 40.0], [40.0, 40.0]], 7.0);
        assert_eq!(d, "M0 0L0 33Q0 40 7 40L40 40");
    }
}
