//! The "Availability" section: each flow's estimated availability and expected downtime, and what
//! the estimate assumes.

use std::fmt::Write as _;

use super::tree::{Blocks, List, Table};
use super::Doc;
use crate::render::english::{duration, join_and, percent, points};

impl Doc<'_> {
    /// The "Availability" section (at `--detail full`): each flow's estimate, what a second
    /// copy of each single point of failure would gain, and the availabilities assumed.
    pub(super) fn availability(&self) -> Blocks {
        use crate::analysis::availability::{unit_availability, Estimate, Method};
        use crate::analysis::flow::{Domains, FlowId};
        let m = self.m;
        let mut out = Blocks::default();
        let Some(a) = &self.r.availability else {
            return out;
        };
        if !self.full {
            return out;
        }
        out.heading(2, "Availability");
        out.paragraph("How much of the time the site can serve reads and accept writes, if each failure domain (each server, and each component outside servers) fails on its own, independently of the others. A flow is up when some path of working failure domains still joins the users to the data.");
        let row = |name: &str, e: &Option<Estimate>| -> Vec<String> {
            match e {
                None => vec![name.to_string(), "—".to_string(), "—".to_string()],
                Some(e) => {
                    let mut pct = percent(e.value);
                    if e.method == Method::MonteCarlo {
                        let _ = write!(
                            pct,
                            " (95% interval {} to {})",
                            percent(e.low),
                            percent(e.high)
                        );
                    }
                    vec![name.to_string(), pct, duration(e.downtime_hours_per_year())]
                }
            }
        };
        let mut table = Table::new(&["Flow", "Availability", "Expected downtime per year"]);
        table.rows.push(row("Reads", &a.reads));
        table.rows.push(row("Writes", &a.writes));
        for (f, e) in &a.flows {
            match f {
                FlowId::Reads | FlowId::Writes => {}
                FlowId::Background if e.is_some() => {
                    table.rows.push(row("Background jobs", e));
                }
                FlowId::Background => {}
                FlowId::Named(i) => {
                    table.rows.push(row(&format!("`{}`", m.flows[*i].id), e));
                }
            }
        }
        out.table(table);
        if a.reads.is_none() {
            out.paragraph(
                "No client reaches anything in the design, so there is no read flow to measure.",
            );
        }
        if a.writes.is_none() {
            out.paragraph("No client's writes reach a component that keeps state, so there is no write flow to measure.");
        }
        if [&a.reads, &a.writes]
            .iter()
            .any(|e| e.is_some_and(|e| e.method == Method::MonteCarlo))
        {
            out.paragraph("With this many failure domains in parallel, the figures are a seeded Monte Carlo estimate (the same on every run), with its 95% interval.");
        }
        let gains: Vec<String> = a
            .gains
            .iter()
            .filter(|g| g.reads > 0.0 || g.writes > 0.0)
            .map(|g| {
                let mut parts = Vec::new();
                if let (true, Some(r)) = (g.reads > 0.0, a.reads) {
                    parts.push(format!(
                        "reads from {} to {} (+{} points)",
                        percent(r.value),
                        percent(r.value + g.reads),
                        points(g.reads)
                    ));
                }
                if let (true, Some(w)) = (g.writes > 0.0, a.writes) {
                    parts.push(format!(
                        "writes from {} to {} (+{} points)",
                        percent(w.value),
                        percent(w.value + g.writes),
                        points(g.writes)
                    ));
                }
                format!("{}: {}", self.name(g.element), join_and(&parts))
            })
            .collect();
        if !gains.is_empty() {
            out.paragraph("What a second copy of each single point of failure would gain (a twin of the same availability that takes over by itself):");
            out.list(List::bullets(gains));
        }
        // The assumptions behind the figures.
        let units = Domains::new(m);
        let p = unit_availability(m, &units);
        out.paragraph("The figures assume these availabilities for the failure domains:");
        let mut assumed = Vec::new();
        for (u, &pu) in units.list.iter().zip(&p) {
            let e = m.element(u.element);
            let written = e.attrs.availability.is_some()
                || u.components
                    .iter()
                    .any(|&c| m.element(c).attrs.availability.is_some());
            let source = if written {
                "as written in the design".to_string()
            } else if m.managed(u.element) {
                "archc's default for a managed service".to_string()
            } else {
                format!("archc's default for a {}", self.kind_noun(u.element))
            };
            assumed.push(format!(
                "{}: {} ({source})",
                self.name(u.element),
                percent(pu)
            ));
        }
        if !assumed.is_empty() {
            out.list(List::bullets(assumed));
        }
        out.paragraph("Clients never fail; a failure domain takes down everything in it; a standby that takes over by itself does so at once; and failures are independent, although in practice servers in one rack, zone or region can fail together.");
        out
    }
}
