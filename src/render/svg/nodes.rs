//! Component cards, icons, and the stacked outlines of elements with `instances`.

use super::*;

impl Drawing<'_> {
    /// An icon: `shapes` on their 24-unit grid, scaled to `size` with its top left corner at
    /// (`x`, `y`), stroked in `class` and, where filled, filled in `fill_class`.
    pub(super) fn icon(
        &self,
        shapes: &[Shape],
        class: &str,
        fill_class: &str,
        x: f64,
        y: f64,
        size: f64,
    ) -> El {
        let mut g = El::g().set("class", class).set(
            "transform",
            format!(
                "translate({},{}) scale({})",
                num(x),
                num(y),
                num(size / 24.0)
            ),
        );
        let key = (shapes.as_ptr() as usize, fill_class.to_string());
        let mut cache = self.icons.borrow_mut();
        let markup = cache.entry(key).or_insert_with(|| {
            let mut all = El::g();
            for (tag, attrs, filled) in shapes {
                let mut shape = El::shape(tag);
                if *filled {
                    shape = shape.set("class", fill_class);
                }
                for &(name, value) in attrs.iter() {
                    shape = shape.set(name, value);
                }
                all.push(shape);
            }
            all.to_markup()
        });
        g.push_markup(markup);
        g
    }

    /// The two outlines, offset down and to the right, that draw a box with `instances` as a
    /// stack of copies, added to `g` before (under) the box itself.
    pub(super) fn stack(&self, g: &mut El, x: f64, y: f64, w: f64, h: f64, r: f64) {
        let p = &self.p;
        for offset in [STACK_OFFSET * 2.0, STACK_OFFSET] {
            g.push(El::rect_at(
                format!("{p}stack"),
                x + offset,
                y + offset,
                w,
                h,
                r,
            ));
        }
    }

    /// The components' cards, in source order.
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
        self.out
            .open(El::g().set("id", format!("{}components", self.p)));
        self.write_each(&list, |d, &(id, b)| d.node(id, b));
        self.out.close();
    }

    /// A component's card: its group, tooltip, box, icon tile, label and caption.
    pub(super) fn node(&self, id: ElementId, b: &NodeBox) -> Option<El> {
        let e = self.model.element(id);
        let kind = e.component_kind()?;
        let k = kind.as_str();
        let content = node_content(self.model, id);
        let p = &self.p;
        let (x, y, w, h) = (b.x, b.y, b.width, b.height);
        let mut g = El::g()
            .set("id", format!("{p}el-{}", e.id))
            .set("data-id", &e.id)
            .set("data-kind", k)
            .set_some("data-severity", self.severity_attr(id))
            .set_some("data-instances", instances_attr(e.attrs.instances))
            .add(self.tooltip(id, kind_name(kind)));
        if e.attrs.instances.is_some() {
            self.stack(&mut g, x, y, w, h, 8.0);
        }
        g.push(El::rect_at(format!("{p}card"), x, y, w, h, 8.0));
        let tile_x = x + PAD_X;
        let tile_y = y + (h - ICON_TILE) / 2.0;
        g.push(El::rect_at(
            format!("{p}t-{k}"),
            tile_x,
            tile_y,
            ICON_TILE,
            ICON_TILE,
            7.0,
        ));
        let inset = 6.0;
        g.push(self.icon(
            icons::component(kind),
            &format!("{p}i-{k}"),
            &format!("{p}f-{k}"),
            tile_x + inset,
            tile_y + inset,
            ICON_TILE - 2.0 * inset,
        ));
        let tx = x + PAD_X + ICON_TILE + ICON_GAP;
        let mut line_top = y + (h - content.text_height()) / 2.0;
        // The label's lines, then the caption's, each centred in its line height.
        let blocks = [
            (&content.lines, "tx", LABEL_LINE, LABEL_SIZE),
            (&content.caption, "mu", CAPTION_LINE, CAPTION_SIZE),
        ];
        for (lines, class, height, size) in blocks {
            for line in lines {
                let y = baseline(line_top + height / 2.0, size);
                g.push(El::text_at(line, format!("{p}{class}"), tx, y, size));
                line_top += height;
            }
        }
        self.annotation(&mut g, id, x, y, w, h, 8.0);
        Some(g)
    }
}
