//! The "Review" section: archc's findings by group and severity (alike findings said once), and
//! the findings accepted with `allow`.

use std::fmt::Write as _;

use super::tree::{Blocks, Item, List};
use super::{code, message, quote, Doc};
use crate::analysis::rules::Group;
use crate::analysis::Finding;
use crate::model::ElementId;
use crate::render::english::count;

impl Doc<'_> {
    /// The "Review" section: the findings by group, each rule's impact and fix written once,
    /// then the accepted findings.
    pub(super) fn review(&self) -> Blocks {
        let r = self.r;
        let mut out = Blocks::default();
        out.heading(2, "Review");
        if !self.full && r.allowed.is_empty() {
            // The title's summary has the counts; the review goes straight to the findings.
        } else {
            out.paragraph(format!(
            "archc's review reports {} that need attention{}, by group, each rule's impact and fix written once.",
            count(r.findings.len(), "finding", "findings"),
            if r.allowed.is_empty() {
                String::new()
            } else {
                format!(
                    ", and {} that the design accepts on purpose",
                    count(r.allowed.len(), "finding", "findings")
                )
            }
        ));
        }
        for group in Group::ALL {
            out.heading(3, group.title());
            let findings: Vec<&Finding> = r
                .findings
                .iter()
                .filter(|f| self.group_of(f.rule) == group)
                .collect();
            if findings.is_empty() {
                out.paragraph(group.clean());
                continue;
            }
            // One entry per rule: its findings listed, its impact and fix written once.
            let mut rules: Vec<&str> = Vec::new();
            for f in &findings {
                if !rules.contains(&f.rule) {
                    rules.push(f.rule);
                }
            }
            for name in rules {
                out.heading(4, code(name));
                let of_rule: Vec<&Finding> = findings
                    .iter()
                    .copied()
                    .filter(|f| f.rule == name)
                    .collect();
                for group in self.alike_findings(&of_rule) {
                    let f = group[0];
                    let subjects: &[ElementId] = if self.full {
                        &f.elements
                    } else {
                        &f.elements[..f.elements.len().min(1)]
                    };
                    let on = if subjects.is_empty() {
                        String::new()
                    } else {
                        format!(" on {}", self.names(subjects))
                    };
                    let mut line =
                        format!("**{}**{on}: {}", f.severity.as_str(), message(&f.message));
                    if group.len() > 1 {
                        let others: Vec<String> = group[1..]
                            .iter()
                            .filter_map(|g| g.elements.first())
                            .map(|&e| code(&self.m.element(e).id))
                            .collect();
                        // In the same sentence, which stays the rule's own.
                        if line.ends_with('.') {
                            line.pop();
                        }
                        let _ = write!(line, "; likewise on {}.", self.id_list(&others));
                    }
                    out.item(line);
                }
                // Below `--detail full`, low findings are listed without their impact and fix.
                let low = of_rule
                    .iter()
                    .all(|f| f.severity >= crate::analysis::Severity::Low);
                if let Some(info) = crate::analysis::rules::rule(name).filter(|_| self.full || !low)
                {
                    if self.full {
                        out.paragraph(format!("Impact: {}", info.why));
                        out.paragraph(format!("Fix: {}", self.fix_text(info.fix)));
                    } else {
                        let why = if self.background {
                            format!(" ([why it matters](#why-{name}-matters))")
                        } else {
                            String::new()
                        };
                        let fix = self.fix_text(info.fix);
                        let fix = fix.strip_suffix('.').unwrap_or(&fix);
                        out.paragraph(format!("Fix: {fix}{why}."));
                    }
                }
            }
        }
        if !r.allowed.is_empty() {
            out.heading(3, "Accepted findings");
            out.paragraph(
                "The design accepts these findings with `allow`, for the reasons it gives:",
            );
            out.list(List {
                ordered: false,
                items: r
                    .allowed
                    .iter()
                    .map(|a| self.finding(&a.finding, Some(&a.reason)))
                    .collect(),
            });
        }
        out
    }

    /// The findings of one rule, those that say the same thing of different elements together
    /// (below `--detail full`): alike when their messages are equal once each finding's own
    /// elements are blanked out and their severities are equal.
    pub(super) fn alike_findings<'f>(&self, findings: &[&'f Finding]) -> Vec<Vec<&'f Finding>> {
        let m = self.m;
        let shape = |f: &Finding| f.shape(m);
        let mut groups: Vec<(String, Vec<&'f Finding>)> = Vec::new();
        for &f in findings {
            let key = format!("{}|{}", f.severity.as_str(), shape(f));
            match groups.iter_mut().find(|(k, _)| *k == key && !self.full) {
                Some((_, g)) => g.push(f),
                None => groups.push((key, vec![f])),
            }
        }
        groups.into_iter().map(|(_, g)| g).collect()
    }

    /// The review group of a rule (scalability for a rule archc does not know).
    pub(super) fn group_of(&self, rule: &str) -> Group {
        crate::analysis::rules::rule(rule).map_or(Group::Scalability, |r| r.group)
    }

    /// A finding as a list item: severity, rule, elements and message; under it, the reason
    /// it is accepted, or the rule's impact and fix.
    pub(super) fn finding(&self, f: &Finding, accepted: Option<&str>) -> Item {
        let on = if f.elements.is_empty() {
            String::new()
        } else {
            format!(" on {}", self.names(&f.elements))
        };
        let mut sub = Vec::new();
        match accepted {
            Some(reason) => {
                sub.push(format!("Accepted because: {}", quote(reason)));
            }
            None => {
                // The analysis stage's registry is the reference for its rules; the knowledge
                // base covers any rule it does not document.
                if let Some(info) = crate::analysis::rules::rule(f.rule) {
                    sub.push(format!("Impact: {}", info.why));
                    sub.push(format!("Fix: {}", info.fix));
                }
            }
        }
        Item {
            text: format!(
                "**{}** {}{on}: {}",
                f.severity.as_str(),
                code(f.rule),
                message(&f.message)
            ),
            sub: (!sub.is_empty()).then(|| List::bullets(sub)),
            apart: false,
        }
    }
}
