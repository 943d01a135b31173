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
    /// ` data-severity="…"` for an element a finding is about, or nothing.
    pub(super) fn severity_attr(&self, id: ElementId) -> String {
        match self.marks.get(&id).and_then(|m| m.severity) {
            Some(s) => format!(" data-severity=\"{}\"", s.as_str()),
            None => String::new(),
        }
    }

    pub(super) fn tooltip(&mut self, id: ElementId, what: &str) {
        let e = self.model.element(id);
        let mut t = format!("{} ({what} {})", e.label, e.id);
        if let Some(mark) = self.marks.get(&id) {
            for n in &mark.notes {
                t.push('\n');
                t.push_str(n);
            }
        }
        let _ = write!(self.out, "<title>{}</title>", escape(&t));
    }

    /// Outline and badge of an element a finding is about.
    pub(super) fn annotation(&mut self, id: ElementId, x: f64, y: f64, w: f64, h: f64, r: f64) {
        let Some(sev) = self.marks.get(&id).and_then(|m| m.severity) else {
            return;
        };
        let p = &self.p;
        let n = sev.as_str();
        let _ = write!(
            self.out,
            "<rect class=\"{p}sev-{n}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
            num(x - 3.5),
            num(y - 3.5),
            num(w + 7.0),
            num(h + 7.0),
            num(r + 3.5)
        );
        let (cx, cy) = (x + w - 2.0, y - 1.0);
        let _ = write!(
            self.out,
            "<circle class=\"{p}sev-{n}-f\" cx=\"{}\" cy=\"{}\" r=\"7.5\"/>\
             <path class=\"{p}badge-m\" transform=\"translate({},{})\" d=\"{}\"/>",
            num(cx),
            num(cy),
            num(cx),
            num(cy),
            icons::EXCLAMATION
        );
    }
}
