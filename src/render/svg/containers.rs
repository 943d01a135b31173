//! Hosts, clusters, zones and groups: their fills (under the links), their outlines and
//! title bands (over them), and the badges of a host's firewall or agent in its band.

use super::*;

impl Drawing<'_> {
    /// The containers to draw, outer ones first, then in source order.
    pub(super) fn container_list<'g>(&self, g: &'g Geometry) -> Vec<(ElementId, &'g ContainerBox)> {
        let mut list: Vec<(usize, ElementId, &ContainerBox)> = g
            .containers
            .iter()
            .filter_map(|c| {
                let id = self.model.find(&c.id)?;
                self.model.element(id).container_kind()?;
                Some((self.model.ancestors(id).count(), id, c))
            })
            .collect();
        list.sort_by_key(|(depth, id, _)| (*depth, *id));
        list.into_iter().map(|(_, id, b)| (id, b)).collect()
    }

    /// The class of a container's outline; its fill's class adds `-f`.
    pub(super) fn container_class(&self, id: ElementId) -> String {
        let e = self.model.element(id);
        let p = &self.p;
        match e.container_kind() {
            Some(ContainerKind::Cluster) => format!("{p}cluster"),
            Some(ContainerKind::Zone) if !self.model.is_trust_zone(id) => format!("{p}fdomain"),
            Some(ContainerKind::Zone) => format!(
                "{p}zone-{}",
                trust_class(e.attrs.trust.unwrap_or(Trust::Trusted))
            ),
            Some(ContainerKind::Group) => format!("{p}group"),
            _ => format!("{p}host"),
        }
    }

    /// The containers' backgrounds, drawn under the links.
    pub(super) fn container_fills(&mut self, list: &[(ElementId, &ContainerBox)]) {
        let _ = writeln!(self.out, "<g id=\"{}container-fills\">", self.p);
        for &(id, b) in list {
            let class = self.container_class(id);
            let _ = writeln!(
                self.out,
                "<rect class=\"{class}-f\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                num(b.x),
                num(b.y),
                num(b.width),
                num(b.height),
                num(container_radius(self.model, id))
            );
        }
        self.out.push_str("</g>\n");
    }

    /// The containers' outlines and labels, drawn over the links so that a link crossing a
    /// label never hides it.
    pub(super) fn containers(&mut self, list: &[(ElementId, &ContainerBox)]) {
        let _ = writeln!(self.out, "<g id=\"{}containers\">", self.p);
        for &(id, b) in list {
            self.container(id, b);
        }
        self.out.push_str("</g>\n");
    }

    pub(super) fn container(&mut self, id: ElementId, b: &ContainerBox) {
        let e = self.model.element(id);
        let Some(kind) = e.container_kind() else {
            return;
        };
        let content = container_content(self.model, id);
        let p = self.p.clone();
        let (x, y, w, h) = (b.x, b.y, b.width, b.height);
        let class = self.container_class(id);
        let _ = write!(
            self.out,
            "<g id=\"{p}el-{}\" data-id=\"{}\" data-kind=\"{}\"{}{}>",
            escape(&e.id),
            escape(&e.id),
            kind.as_str(),
            self.severity_attr(id),
            instances_attr(e.attrs.instances)
        );
        self.tooltip(id, kind.as_str());
        let radius = container_radius(self.model, id);
        if e.attrs.instances.is_some() {
            self.stack(x, y, w, h, radius);
        }
        let _ = write!(
            self.out,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
            num(x),
            num(y),
            num(w),
            num(h),
            num(radius)
        );
        let both = kind == ContainerKind::Zone
            && self.model.is_failure_zone(id)
            && self.model.is_trust_zone(id);
        if (kind == ContainerKind::Cluster || both) && w > 8.0 && h > 8.0 {
            let inner = if both { "fdomain" } else { "cluster2" };
            let _ = write!(
                self.out,
                "<rect class=\"{p}{inner}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                num(x + 3.5),
                num(y + 3.5),
                num(w - 7.0),
                num(h - 7.0),
                num(radius - 3.0)
            );
        }
        // The label, on a backing of the container's own colour.
        let mid = b.title.y + content.label_height / 2.0;
        let gx = b.title.x;
        let _ = write!(
            self.out,
            "<rect class=\"{class}-f\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
            num(gx - 4.0),
            num(b.title.y),
            num(content.label_width + 8.0),
            num(content.label_height)
        );
        self.icon(
            icons::container(kind),
            &format!("{p}cglyph"),
            &format!("{p}cglyph-f"),
            gx,
            mid - CONTAINER_GLYPH / 2.0,
            CONTAINER_GLYPH,
        );
        let tx = gx + CONTAINER_GLYPH + CONTAINER_GLYPH_GAP;
        let name_class = match kind {
            ContainerKind::Zone if !self.model.is_trust_zone(id) => format!("{p}fdomain-t"),
            ContainerKind::Zone => format!(
                "{p}zone-{}-t",
                trust_class(e.attrs.trust.unwrap_or(Trust::Trusted))
            ),
            _ => format!("{p}tx"),
        };
        let _ = write!(
            self.out,
            "<text class=\"{name_class}\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
            num(tx),
            num(baseline(mid, CONTAINER_LABEL_SIZE)),
            num(CONTAINER_LABEL_SIZE),
            escape(&content.name)
        );
        if !content.detail.is_empty() {
            let dx = tx + text_width(&content.name, CONTAINER_LABEL_SIZE) + CONTAINER_DETAIL_GAP;
            let _ = write!(
                self.out,
                "<text class=\"{p}mu\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                num(dx),
                num(baseline(mid, CONTAINER_DETAIL_SIZE)),
                num(CONTAINER_DETAIL_SIZE),
                escape(&content.detail)
            );
        }
        self.annotation(id, x, y, w, h, radius);
        for badge in &content.badges {
            self.badge(badge, gx + badge.offset, mid);
        }
        self.out.push_str("</g>\n");
    }

    /// A host's firewall or agent drawn in its label band, `x` where it starts, `mid` the
    /// band's middle.
    pub(super) fn badge(&mut self, badge: &Badge, x: f64, mid: f64) {
        let e = self.model.element(badge.id);
        let Some(kind) = e.component_kind() else {
            return;
        };
        let p = self.p.clone();
        let k = kind.as_str();
        let _ = write!(
            self.out,
            "<g id=\"{p}el-{}\" data-id=\"{}\" data-kind=\"{k}\"{}>",
            escape(&e.id),
            escape(&e.id),
            self.severity_attr(badge.id)
        );
        self.tooltip(badge.id, kind_name(kind));
        let top = mid - BADGE_TILE / 2.0;
        let _ = write!(
            self.out,
            "<rect class=\"{p}t-{k}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
            num(x),
            num(top),
            num(BADGE_TILE),
            num(BADGE_TILE)
        );
        self.icon(
            icons::component(kind),
            &format!("{p}i-{k}"),
            &format!("{p}f-{k}"),
            x + 2.0,
            top + 2.0,
            BADGE_TILE - 4.0,
        );
        let _ = write!(
            self.out,
            "<text class=\"{p}tx\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
            num(x + BADGE_TILE + BADGE_TEXT_GAP),
            num(baseline(mid, CONTAINER_DETAIL_SIZE)),
            num(CONTAINER_DETAIL_SIZE),
            escape(&badge.label)
        );
        self.annotation(
            badge.id,
            x - 1.0,
            top - 1.0,
            badge.width + 2.0,
            BADGE_TILE + 2.0,
            4.0,
        );
        self.out.push_str("</g>");
    }
}

/// The corner radius of a container's box.
pub(super) fn container_radius(model: &Model, id: ElementId) -> f64 {
    match model.element(id).container_kind() {
        Some(ContainerKind::Zone) => 12.0,
        Some(ContainerKind::Cluster) => 11.0,
        _ => 9.0,
    }
}
