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
        self.out
            .open(El::g().set("id", format!("{}container-fills", self.p)));
        self.write_each(list, |d, &(id, b)| {
            Some(El::rect_at(
                format!("{}-f", d.container_class(id)),
                b.x,
                b.y,
                b.width,
                b.height,
                container_radius(d.model, id),
            ))
        });
        self.out.close();
    }

    /// The containers' outlines and labels, drawn over the links so that a link crossing a
    /// label never hides it.
    pub(super) fn containers(&mut self, list: &[(ElementId, &ContainerBox)]) {
        self.out
            .open(El::g().set("id", format!("{}containers", self.p)));
        self.write_each(list, |d, &(id, b)| d.container(id, b));
        self.out.close();
    }

    /// A container's group: its tooltip, outline, title band with glyph, name and detail, and
    /// the badges of its firewall or agent.
    pub(super) fn container(&self, id: ElementId, b: &ContainerBox) -> Option<El> {
        let e = self.model.element(id);
        let kind = e.container_kind()?;
        let content = container_content(self.model, id);
        let p = &self.p;
        let (x, y, w, h) = (b.x, b.y, b.width, b.height);
        let class = self.container_class(id);
        let mut g = El::g()
            .set("id", format!("{p}el-{}", e.id))
            .set("data-id", &e.id)
            .set("data-kind", kind.as_str())
            .set_some("data-severity", self.severity_attr(id))
            .set_some("data-instances", instances_attr(e.attrs.instances))
            .add(self.tooltip(id, kind.as_str()));
        let radius = container_radius(self.model, id);
        if e.attrs.instances.is_some() {
            self.stack(&mut g, x, y, w, h, radius);
        }
        g.push(El::rect_at(&class, x, y, w, h, radius));
        let both = kind == ContainerKind::Zone
            && self.model.is_failure_zone(id)
            && self.model.is_trust_zone(id);
        if (kind == ContainerKind::Cluster || both) && w > 8.0 && h > 8.0 {
            let inner = if both { "fdomain" } else { "cluster2" };
            g.push(El::rect_at(
                format!("{p}{inner}"),
                x + 3.5,
                y + 3.5,
                w - 7.0,
                h - 7.0,
                radius - 3.0,
            ));
        }
        // The label, on a backing of the container's own colour.
        let mid = b.title.y + content.label_height / 2.0;
        let gx = b.title.x;
        g.push(El::rect_at(
            format!("{class}-f"),
            gx - 4.0,
            b.title.y,
            content.label_width + 8.0,
            content.label_height,
            4.0,
        ));
        g.push(self.icon(
            icons::container(kind),
            &format!("{p}cglyph"),
            &format!("{p}cglyph-f"),
            gx,
            mid - CONTAINER_GLYPH / 2.0,
            CONTAINER_GLYPH,
        ));
        let tx = gx + CONTAINER_GLYPH + CONTAINER_GLYPH_GAP;
        let name_class = match kind {
            ContainerKind::Zone if !self.model.is_trust_zone(id) => format!("{p}fdomain-t"),
            ContainerKind::Zone => format!(
                "{p}zone-{}-t",
                trust_class(e.attrs.trust.unwrap_or(Trust::Trusted))
            ),
            _ => format!("{p}tx"),
        };
        g.push(El::text_at(
            &content.name,
            name_class,
            tx,
            baseline(mid, CONTAINER_LABEL_SIZE),
            CONTAINER_LABEL_SIZE,
        ));
        if !content.detail.is_empty() {
            let dx = tx + text_width(&content.name, CONTAINER_LABEL_SIZE) + CONTAINER_DETAIL_GAP;
            g.push(El::text_at(
                &content.detail,
                format!("{p}mu"),
                dx,
                baseline(mid, CONTAINER_DETAIL_SIZE),
                CONTAINER_DETAIL_SIZE,
            ));
        }
        self.annotation(&mut g, id, x, y, w, h, radius);
        for badge in &content.badges {
            if let Some(b) = self.badge(badge, gx + badge.offset, mid) {
                g.push(b);
            }
        }
        Some(g)
    }

    /// A host's firewall or agent drawn in its label band, `x` where it starts, `mid` the
    /// band's middle.
    pub(super) fn badge(&self, badge: &Badge, x: f64, mid: f64) -> Option<El> {
        let e = self.model.element(badge.id);
        let kind = e.component_kind()?;
        let p = &self.p;
        let k = kind.as_str();
        let top = mid - BADGE_TILE / 2.0;
        let mut g = El::g()
            .set("id", format!("{p}el-{}", e.id))
            .set("data-id", &e.id)
            .set("data-kind", k)
            .set_some("data-severity", self.severity_attr(badge.id))
            .add(self.tooltip(badge.id, kind_name(kind)))
            .add(El::rect_at(
                format!("{p}t-{k}"),
                x,
                top,
                BADGE_TILE,
                BADGE_TILE,
                4.0,
            ))
            .add(self.icon(
                icons::component(kind),
                &format!("{p}i-{k}"),
                &format!("{p}f-{k}"),
                x + 2.0,
                top + 2.0,
                BADGE_TILE - 4.0,
            ))
            .add(El::text_at(
                &badge.label,
                format!("{p}tx"),
                x + BADGE_TILE + BADGE_TEXT_GAP,
                baseline(mid, CONTAINER_DETAIL_SIZE),
                CONTAINER_DETAIL_SIZE,
            ));
        self.annotation(
            &mut g,
            badge.id,
            x - 1.0,
            top - 1.0,
            badge.width + 2.0,
            BADGE_TILE + 2.0,
            4.0,
        );
        Some(g)
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
