//! Component cards, icons, and the stacked outlines of elements with `instances`.

use super::*;

impl Drawing<'_> {
    pub(super) fn icon(
        &mut self,
        shapes: &[Shape],
        class: &str,
        fill_class: &str,
        x: f64,
        y: f64,
        size: f64,
    ) {
        let _ = write!(
            self.out,
            "<g class=\"{class}\" transform=\"translate({},{}) scale({})\">",
            num(x),
            num(y),
            num(size / 24.0)
        );
        for (tag, attrs, filled) in shapes {
            if *filled {
                let _ = write!(self.out, "<{tag} class=\"{fill_class}\" {attrs}/>");
            } else {
                let _ = write!(self.out, "<{tag} {attrs}/>");
            }
        }
        self.out.push_str("</g>");
    }

    /// The two outlines, offset down and to the right, that draw a box with `instances` as a
    /// stack of copies; drawn before (under) the box itself.
    pub(super) fn stack(&mut self, x: f64, y: f64, w: f64, h: f64, r: f64) {
        let p = &self.p;
        for offset in [STACK_OFFSET * 2.0, STACK_OFFSET] {
            let _ = write!(
                self.out,
                "<rect class=\"{p}stack\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                num(x + offset),
                num(y + offset),
                num(w),
                num(h),
                num(r)
            );
        }
    }

    pub(super) fn nodes(&mut self, g: &Geometry) {
        let mut list: Vec<(ElementId, &NodeBox)> = g
            .nodes
            .iter()
            .filter_map(|n| {
                let id = self.model.find(&n.id)?;
                self.model.element(id).component_kind()?;
                Some((id, n))
            })
            .collect();
        list.sort_by_key(|(id, _)| *id);
        let _ = writeln!(self.out, "<g id=\"{}components\">", self.p);
        for (id, b) in list {
            self.node(id, b);
        }
        self.out.push_str("</g>\n");
    }

    pub(super) fn node(&mut self, id: ElementId, b: &NodeBox) {
        let e = self.model.element(id);
        let Some(kind) = e.component_kind() else {
            return;
        };
        let k = kind.as_str();
        let content = node_content(self.model, id);
        let p = self.p.clone();
        let (x, y, w, h) = (b.x, b.y, b.width, b.height);
        let _ = write!(
            self.out,
            "<g id=\"{p}el-{}\" data-id=\"{}\" data-kind=\"{k}\"{}{}>",
            escape(&e.id),
            escape(&e.id),
            self.severity_attr(id),
            instances_attr(e.attrs.instances)
        );
        self.tooltip(id, kind_name(kind));
        if e.attrs.instances.is_some() {
            self.stack(x, y, w, h, 8.0);
        }
        let _ = write!(
            self.out,
            "<rect class=\"{p}card\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
        let tile_x = x + PAD_X;
        let tile_y = y + (h - ICON_TILE) / 2.0;
        let _ = write!(
            self.out,
            "<rect class=\"{p}t-{k}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"7\"/>",
            num(tile_x),
            num(tile_y),
            num(ICON_TILE),
            num(ICON_TILE)
        );
        let inset = 6.0;
        self.icon(
            icons::component(kind),
            &format!("{p}i-{k}"),
            &format!("{p}f-{k}"),
            tile_x + inset,
            tile_y + inset,
            ICON_TILE - 2.0 * inset,
        );
        let tx = x + PAD_X + ICON_TILE + ICON_GAP;
        let mut line_top = y + (h - content.text_height()) / 2.0;
        for line in &content.lines {
            let _ = write!(
                self.out,
                "<text class=\"{p}tx\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                num(tx),
                num(baseline(line_top + LABEL_LINE / 2.0, LABEL_SIZE)),
                num(LABEL_SIZE),
                escape(line)
            );
            line_top += LABEL_LINE;
        }
        for line in &content.caption {
            let _ = write!(
                self.out,
                "<text class=\"{p}mu\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                num(tx),
                num(baseline(line_top + CAPTION_LINE / 2.0, CAPTION_SIZE)),
                num(CAPTION_SIZE),
                escape(line)
            );
            line_top += CAPTION_LINE;
        }
        self.annotation(id, x, y, w, h, 8.0);
        self.out.push_str("</g>\n");
    }
}
