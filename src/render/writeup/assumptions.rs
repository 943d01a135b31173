//! The "Assumptions" section: the defaults and readings the other sections relied on, in the
//! order met.

use super::tree::{Blocks, List};
use super::Doc;
use crate::model::{Access, ComponentKind as C, ElementId, LinkId};
use crate::render::english::capitalize;

impl Doc<'_> {
    /// The "Assumptions" section: the review's assumptions, then those the write-up made.
    pub(super) fn assumptions_section(&self) -> Blocks {
        let m = self.m;
        let defaults = m
            .ids()
            .filter(|&i| m.element(i).attrs.why.is_none())
            .count();
        if !self.full {
            // The elements table says how it marks archc's own explanations.
        } else if defaults > 0 && defaults == m.elements.len() {
            self.assume(format!(
                "None of the design's {defaults} elements gives a `why`: every explanation in the table is archc's default for the element's kind, marked *(default explanation)*."
            ));
        } else if defaults > 0 {
            self.assume(format!(
                "{} of the design's {} elements {} no `why`: {} explanation{} above {} archc's default{} for {} kind, marked *(default explanation)*.",
                defaults,
                m.elements.len(),
                if defaults == 1 { "gives" } else { "give" },
                if defaults == 1 { "its" } else { "their" },
                if defaults == 1 { "" } else { "s" },
                if defaults == 1 { "is" } else { "are" },
                if defaults == 1 { "" } else { "s" },
                if defaults == 1 { "its" } else { "their" }
            ));
        }
        // One line per store: the components whose links to it give no `access`.
        let mut defaulted: Vec<(ElementId, Vec<ElementId>)> = Vec::new();
        for (i, l) in m.links.iter().enumerate() {
            let to = m.element(l.to);
            let data = matches!(
                to.component_kind(),
                Some(C::Database | C::Cache | C::Storage)
            );
            let explicit = l.access != Access::ReadWrite;
            if data && !explicit && !self.is_replication(LinkId(i)) {
                match defaulted.iter_mut().find(|(t, _)| *t == l.to) {
                    Some((_, from)) if !from.contains(&l.from) => from.push(l.from),
                    Some(_) => {}
                    None => defaulted.push((l.to, vec![l.from])),
                }
            }
        }
        for (to, from) in defaulted {
            self.assume(if from.len() == 1 {
                format!(
                    "{} → {} both reads and writes: the link gives no `access`, and `read-write` is the default.",
                    self.name(from[0]),
                    self.name(to)
                )
            } else {
                format!(
                    "{} both read and write {}: their links give no `access`, and `read-write` is the default.",
                    capitalize(&self.names(&from)),
                    self.name(to)
                )
            });
        }
        // The review's assumptions first: the one list every output prints.
        let own = self.assumptions.borrow();
        let mut a: Vec<String> = self.r.assumptions.clone();
        for line in own.iter() {
            if !a.contains(line) {
                a.push(line.clone());
            }
        }
        let mut out = Blocks::default();
        out.heading(2, "Assumptions");
        if a.is_empty() {
            out.paragraph("archc assumed nothing: every value that this write-up relies on is written in the design.");
        } else {
            out.paragraph("What archc assumed where the design is silent:");
            out.list(List::bullets(a));
        }
        out
    }
}
