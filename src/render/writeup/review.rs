//! The "Review" section: archc's findings by group and severity (alike findings said once), and
//! the findings accepted with `allow`.

use super::*;

impl Doc<'_> {
    pub(super) fn review(&self) -> String {
        let r = self.r;
        let mut out = String::from("## Review\n\n");
        if !self.full && r.allowed.is_empty() {
            // The title's summary has the counts; the review goes straight to the findings.
        } else {
            let _ = writeln!(
            out,
            "archc's review reports {} that need attention{}, by group, each rule's impact and fix written once.\n",
            count(r.findings.len(), "finding", "findings"),
            if r.allowed.is_empty() {
                String::new()
            } else {
                format!(
                    ", and {} that the design accepts on purpose",
                    count(r.allowed.len(), "finding", "findings")
                )
            }
        );
        }
        for group in Group::ALL {
            let _ = writeln!(out, "### {}\n", group.title());
            let findings: Vec<&Finding> = r
                .findings
                .iter()
                .filter(|f| self.group_of(f.rule) == group)
                .collect();
            if findings.is_empty() {
                let _ = writeln!(out, "{}\n", group.clean());
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
                let _ = writeln!(out, "#### {}\n", code(name));
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
                        format!("- **{}**{on}: {}", f.severity.as_str(), message(&f.message));
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
                    let _ = writeln!(out, "{line}");
                }
                out.push('\n');
                // Below `--detail full`, low findings are listed without their impact and fix.
                let low = of_rule
                    .iter()
                    .all(|f| f.severity >= crate::analysis::Severity::Low);
                if let Some(info) = crate::analysis::rules::rule(name).filter(|_| self.full || !low)
                {
                    if self.full {
                        let _ = writeln!(out, "Impact: {}\n", info.why);
                        let _ = writeln!(out, "Fix: {}\n", self.fix_text(info.fix));
                    } else {
                        let why = if self.background {
                            format!(" ([why it matters](#why-{name}-matters))")
                        } else {
                            String::new()
                        };
                        let fix = self.fix_text(info.fix);
                        let fix = fix.strip_suffix('.').unwrap_or(&fix);
                        let _ = writeln!(out, "Fix: {fix}{why}.\n");
                    }
                }
            }
        }
        if !r.allowed.is_empty() {
            out.push_str("### Accepted findings\n\nThe design accepts these findings with `allow`, for the reasons it gives:\n\n");
            for a in &r.allowed {
                out.push_str(&self.finding(&a.finding, Some(&a.reason)));
            }
            out.push('\n');
        }
        out
    }

    /// The findings of one rule, those that say the same thing of different elements together
    /// (below `--detail full`): alike when their messages are equal once each finding's own
    /// elements are blanked out and their severities are equal.
    pub(super) fn alike_findings<'f>(&self, findings: &[&'f Finding]) -> Vec<Vec<&'f Finding>> {
        let m = self.m;
        let shape = |f: &Finding| -> String {
            let mut text = f.message.clone();
            // Longest identifiers first, so that `web-1` does not eat into `web-10`.
            let mut ids: Vec<&str> = f
                .elements
                .iter()
                .map(|&e| m.element(e).id.as_str())
                .collect();
            ids.sort_by_key(|i| std::cmp::Reverse(i.len()));
            for id in ids {
                text = text.replace(&format!("`{id}`"), "`_`");
            }
            text
        };
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

    pub(super) fn group_of(&self, rule: &str) -> Group {
        crate::analysis::rules::rule(rule).map_or(Group::Scalability, |r| r.group)
    }

    pub(super) fn finding(&self, f: &Finding, accepted: Option<&str>) -> String {
        let on = if f.elements.is_empty() {
            String::new()
        } else {
            format!(" on {}", self.names(&f.elements))
        };
        let mut out = format!(
            "- **{}** {}{on}: {}\n",
            f.severity.as_str(),
            code(f.rule),
            message(&f.message)
        );
        match accepted {
            Some(reason) => {
                let _ = writeln!(out, "  - Accepted because: {}", quote(reason));
            }
            None => {
                // The analysis stage's registry is the reference for its rules; the knowledge
                // base covers any rule it does not document.
                if let Some(info) = crate::analysis::rules::rule(f.rule) {
                    let _ = writeln!(out, "  - Impact: {}", info.why);
                    let _ = writeln!(out, "  - Fix: {}", info.fix);
                }
            }
        }
        out
    }
}
