//! The review's findings on the diagram: which element is outlined in which severity, its
//! tooltip, and the outline and badge themselves.

use super::*;

/// The findings marked on each element: the most severe of those it is outlined for, and every
/// finding that names it (for its tooltip).
#[derive(Clone, Debug, Default)]
pub(super) struct Mark {
    pub(super) severity: Option<Severity>,
    pub(super) notes: Vec<String>,
}

pub(super) fn marks(model: &Model, review: &Review) -> BTreeMap<ElementId, Mark> {
    let mut marks: BTreeMap<ElementId, Mark> = BTreeMap::new();
    for f in &review.findings {
        if f.severity == Severity::Info {
            continue;
        }
        for &e in &f.elements {
            if e.0 >= model.elements.len() {
                continue;
            }
            // An element inside another element of the same finding (a component on the host
            // that is the single point of failure) is covered by that one's outline.
            let covered = model.ancestors(e).any(|a| f.elements.contains(&a));
            let m = marks.entry(e).or_default();
            if !covered {
                m.severity = Some(m.severity.map_or(f.severity, |s| s.min(f.severity)));
            }
            let note = format!("{} ({}): {}", f.rule, f.severity.as_str(), f.message);
            if !m.notes.contains(&note) {
                m.notes.push(note);
            }
        }
    }
    marks
}

impl Drawing<'_> {
    /// The `data-severity` of an element a finding is about: its most severe finding's.
    pub(super) fn severity_attr(&self, id: ElementId) -> Option<&'static str> {
        self.marks
            .get(&id)
            .and_then(|m| m.severity)
            .map(|s| s.as_str())
    }

    /// The tooltip of an element: its label, kind and identifier, then every finding that
    /// names it.
    pub(super) fn tooltip(&self, id: ElementId, what: &str) -> El {
        let e = self.model.element(id);
        let mut t = format!("{} ({what} {})", e.label, e.id);
        if let Some(mark) = self.marks.get(&id) {
            for n in &mark.notes {
                t.push('\n');
                t.push_str(n);
            }
        }
        El::title(&t)
    }

    /// Outline and badge of an element a finding is about, added to its group `g`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn annotation(
        &self,
        g: &mut El,
        id: ElementId,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        r: f64,
    ) {
        let Some(sev) = self.marks.get(&id).and_then(|m| m.severity) else {
            return;
        };
        let p = &self.p;
        let n = sev.as_str();
        g.push(El::rect_at(
            format!("{p}sev-{n}"),
            x - 3.5,
            y - 3.5,
            w + 7.0,
            h + 7.0,
            r + 3.5,
        ));
        let (cx, cy) = (x + w - 2.0, y - 1.0);
        g.push(
            El::circle()
                .set("class", format!("{p}sev-{n}-f"))
                .set("cx", cx)
                .set("cy", cy)
                .set("r", 7.5),
        );
        g.push(
            El::path()
                .set("class", format!("{p}badge-m"))
                .set("transform", format!("translate({},{})", num(cx), num(cy)))
                .set("d", icons::EXCLAMATION),
        );
    }
}
