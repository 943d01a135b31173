//! The legend: one entry per style the drawing uses, wrapped into rows.

use super::*;

/// One entry of the legend.
pub(super) struct LegendEntry {
    pub(super) swatch: Swatch,
    pub(super) text: String,
    pub(super) width: f64,
}

pub(super) enum Swatch {
    Encrypted,
    Plain,
    NonRequest,
    Optional,
    Stack,
    Group,
    FailureDomain,
    Zone(Trust),
    Severity(Severity),
}

pub(super) fn legend_rows(entries: &[LegendEntry], max_width: f64) -> Vec<Vec<&LegendEntry>> {
    let mut rows: Vec<Vec<&LegendEntry>> = Vec::new();
    let mut w = 0.0;
    for e in entries {
        match rows.last_mut() {
            Some(row) if w + e.width <= max_width => {
                row.push(e);
                w += e.width;
            }
            _ => {
                rows.push(vec![e]);
                w = e.width;
            }
        }
    }
    rows
}

/// Width of a legend swatch.
pub(super) const SWATCH: f64 = 30.0;

impl Drawing<'_> {
    pub(super) fn legend_entries(&self, g: &Geometry) -> Vec<LegendEntry> {
        let m = self.model;
        let mut entries = Vec::new();
        let mut add = |swatch: Swatch, text: String| {
            let width = SWATCH + 6.0 + text_width(&text, LEGEND_SIZE) + 20.0;
            entries.push(LegendEntry {
                swatch,
                text,
                width,
            });
        };
        // Only what the drawing shows: the links of its routes, the elements of its boxes.
        let links: Vec<&crate::model::Link> = self
            .route_links(g)
            .into_iter()
            .flatten()
            .map(|k| &m.links[k])
            .collect();
        let drawn: Vec<ElementId> = g
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .chain(g.containers.iter().map(|c| c.id.as_str()))
            .filter_map(|id| m.find(id))
            .collect();
        let request = |l: &&&crate::model::Link| l.kind != LinkKind::NonRequest;
        if links.iter().filter(request).any(|l| l.encrypted) {
            add(Swatch::Encrypted, "encrypted link".into());
        }
        if links.iter().filter(request).any(|l| !l.encrypted) {
            add(Swatch::Plain, "plain link".into());
        }
        if links.iter().any(|l| l.kind == LinkKind::NonRequest) {
            add(Swatch::NonRequest, "non-request link (~>)".into());
        }
        if links.iter().any(|l| l.optional) {
            add(Swatch::Optional, "optional (○ at its source)".into());
        }
        if drawn
            .iter()
            .any(|&id| m.element(id).attrs.instances.is_some())
        {
            add(Swatch::Stack, "instances (×N)".into());
        }
        let zones: Vec<ElementId> = drawn
            .iter()
            .copied()
            .filter(|&id| m.element(id).container_kind() == Some(ContainerKind::Zone))
            .collect();
        for t in [Trust::Untrusted, Trust::Dmz, Trust::Trusted] {
            let used = zones.iter().any(|&z| {
                m.is_trust_zone(z) && m.element(z).attrs.trust.unwrap_or(Trust::Trusted) == t
            });
            if used {
                add(Swatch::Zone(t), format!("{} zone", trust_class(t)));
            }
        }
        if zones.iter().any(|&z| m.is_failure_zone(z)) {
            add(Swatch::FailureDomain, "failure domain".into());
        }
        if drawn
            .iter()
            .any(|&id| m.element(id).container_kind() == Some(ContainerKind::Group))
        {
            add(Swatch::Group, "group".into());
        }
        let mut severities: Vec<Severity> =
            self.marks.values().filter_map(|m| m.severity).collect();
        severities.sort();
        severities.dedup();
        for s in severities {
            add(Swatch::Severity(s), format!("{} finding", s.as_str()));
        }
        entries
    }

    /// The legend's rows, the first with its top left corner at (`x0`, `y0`).
    pub(super) fn legend(&mut self, rows: &[Vec<&LegendEntry>], x0: f64, y0: f64) {
        if rows.is_empty() {
            return;
        }
        let p = &self.p;
        let class = |name: &str| format!("{p}{name}");
        let mut g = El::g().set("id", format!("{p}legend"));
        for (i, row) in rows.iter().enumerate() {
            let mid = y0 + i as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
            let mut x = x0;
            for e in row {
                // A box swatch of `cls`: its fill, then its outline.
                let boxes = |g: &mut El, cls: &str| {
                    for suffix in ["-f", ""] {
                        g.push(El::rect_at(
                            format!("{p}{cls}{suffix}"),
                            x + 1.0,
                            mid - 6.0,
                            SWATCH - 2.0,
                            12.0,
                            3.0,
                        ));
                    }
                };
                // A line swatch of `cls` with its arrowhead.
                let arrow = |g: &mut El, cls: &str| {
                    g.push(El::path().set("class", class(cls)).set(
                        "d",
                        format!("M{} {}H{}", num(x), num(mid), num(x + SWATCH - 6.0)),
                    ));
                    g.push(El::path().set("class", format!("{p}{cls}-h")).set(
                        "d",
                        format!("M{} {}l-8 -3.8v7.6Z", num(x + SWATCH), num(mid)),
                    ));
                };
                match e.swatch {
                    Swatch::Encrypted => arrow(&mut g, "enc"),
                    Swatch::Plain => arrow(&mut g, "plain"),
                    Swatch::NonRequest => arrow(&mut g, "nreq"),
                    Swatch::Optional => {
                        g.push(El::path().set("class", class("plain")).set(
                            "d",
                            format!("M{} {}H{}", num(x + 4.0), num(mid), num(x + SWATCH)),
                        ));
                        g.push(
                            El::circle()
                                .set("class", class("opt"))
                                .set("cx", x + 4.0)
                                .set("cy", mid)
                                .set("r", OPTIONAL_RADIUS),
                        );
                    }
                    Swatch::Stack => {
                        let (sx, sy, sw, sh) = (x + 1.0, mid - 7.0, SWATCH - 9.0, 10.0);
                        self.stack(&mut g, sx, sy, sw, sh, 3.0);
                        g.push(El::rect_at(class("card"), sx, sy, sw, sh, 3.0));
                    }
                    Swatch::Group => boxes(&mut g, "group"),
                    Swatch::FailureDomain => boxes(&mut g, "fdomain"),
                    Swatch::Zone(t) => boxes(&mut g, &format!("zone-{}", trust_class(t))),
                    Swatch::Severity(s) => {
                        g.push(El::rect_at(
                            format!("{p}sev-{}", s.as_str()),
                            x + 1.0,
                            mid - 6.0,
                            SWATCH - 2.0,
                            12.0,
                            3.0,
                        ));
                    }
                }
                g.push(El::text_at(
                    &e.text,
                    class("mu"),
                    x + SWATCH + 6.0,
                    baseline(mid, LEGEND_SIZE),
                    LEGEND_SIZE,
                ));
                x += e.width;
            }
        }
        self.out.write(g);
    }
}
