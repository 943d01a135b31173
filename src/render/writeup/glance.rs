//! The "At a glance" section: the verdict, availability per flow, the top risks and a ranked
//! plan of fixes, each with what it buys in availability (from the review's gains) and in
//! findings closed, and what the element's loss does today (from [`crate::analysis::what_if`]).
//! With it, the two short sections around it: the title (the description and a one-line
//! summary) before, and the Diagram after.

use std::fmt::Write as _;

use super::tree::{Block, Blocks, Figure, Table};
use super::{
    capitalize, code, count, description_paragraph, duration, escape, join_and, percent, Doc,
};
use crate::analysis::availability::Estimate;
use crate::analysis::rules::rule;
use crate::analysis::{what_if, Outcome};
use crate::analysis::{Finding, Severity};
use crate::knowledge;
use crate::model::{ComponentKind as C, ContainerKind, ElementId, Failover, Role};

/// Rules that a redundant, self-replacing copy of an element closes on that element.
const CLOSED_BY_A_COPY: [&str; 4] = [
    "single-point-of-failure",
    "maintenance-downtime",
    "cannot-scale-out",
    "single-write-primary",
];

/// One fix of the plan, before it is written.
/// How many of the ranked copy fixes say what their element's loss does today (each costs a
/// what-if, that is a whole review).
const WHAT_IF_FIXES: usize = 12;

struct Fix {
    /// What to change, in a sentence fragment.
    change: String,
    /// Availability gained per flow (flow name, before, after).
    gains: Vec<(String, f64, f64)>,
    /// The findings it closes.
    closes: Vec<usize>,
    /// What the element's loss does today, when the fix is a copy.
    today: Option<String>,
}

impl Fix {
    fn worst(&self, findings: &[Finding]) -> Severity {
        self.closes
            .iter()
            .map(|&i| findings[i].severity)
            .min()
            .unwrap_or(Severity::Info)
    }
}

impl Doc<'_> {
    /// The flows with an estimate, in report order: (name, estimate).
    pub(super) fn flow_estimates(&self) -> Vec<(String, Estimate)> {
        let Some(a) = &self.r.availability else {
            return Vec::new();
        };
        a.flows
            .iter()
            .filter_map(|(f, e)| e.map(|e| (f.name(self.m), e)))
            .collect()
    }

    /// The "At a glance" section: the verdict, availability per flow, the top risks and the
    /// plan of fixes.
    pub(super) fn at_a_glance(&self) -> Blocks {
        let r = self.r;
        let m = self.m;
        let mut out = Blocks::default();
        out.heading(2, "At a glance");
        let estimates = self.flow_estimates();
        // The verdict: availability, then what the review found.
        let serious: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.severity <= Severity::High)
            .collect();
        let mut verdict = String::new();
        if estimates.is_empty() {
            verdict.push_str("No flow is served, so archc cannot estimate availability. ");
        }
        if r.findings.is_empty() {
            verdict.push_str("The review finds nothing to fix.");
        } else {
            let lead = match serious.len() {
                0 => "None".to_string(),
                n => capitalize(count(n, "", "").trim_end()),
            };
            let _ = write!(
                verdict,
                "{lead} of the {} {} critical or high.",
                count(r.findings.len(), "finding", "findings"),
                if serious.len() == 1 { "is" } else { "are" },
            );
        }
        out.paragraph(verdict);
        if !estimates.is_empty() {
            let mut table = Table::new(&["Flow", "Availability", "Downtime per year"]);
            for (n, e) in &estimates {
                table.rows.push(vec![
                    code(n),
                    percent(e.value),
                    duration(e.downtime_hours_per_year()),
                ]);
            }
            out.table(table);
        }
        // The top risks: critical and high findings, one line per rule and severity.
        if !serious.is_empty() {
            out.paragraph("Top risks:");
            let mut seen: Vec<(&str, Severity)> = Vec::new();
            for f in &serious {
                if seen.contains(&(f.rule, f.severity)) {
                    continue;
                }
                seen.push((f.rule, f.severity));
                let mut on: Vec<ElementId> = Vec::new();
                for g in serious
                    .iter()
                    .filter(|g| g.rule == f.rule && g.severity == f.severity)
                {
                    for &e in g.elements.iter().take(1) {
                        if !on.contains(&e) {
                            on.push(e);
                        }
                    }
                }
                // The rule's summary once, on its first line.
                let first = seen.iter().filter(|(r, _)| *r == f.rule).count() == 1;
                let summary = rule(f.rule)
                    .filter(|_| first && self.full)
                    .map(|i| format!(": {}", i.summary))
                    .unwrap_or_default();
                let ids: Vec<String> = on.iter().map(|&e| code(&m.element(e).id)).collect();
                out.item(format!(
                    "**{}** {} on {}{}",
                    f.severity.as_str(),
                    code(f.rule),
                    join_and(&ids),
                    summary
                ));
            }
        }
        // The plan.
        let fixes = self.ranked_fixes();
        if !fixes.is_empty() {
            out.paragraph("Fixes, most valuable first:");
            // Each fix as (change, buys, today), then fixes that differ only in their element
            // written once: "Pair `lb-0` with …; likewise `lb-1` and `lb-2`. Each buys …".
            let mut items: Vec<(String, String, Option<String>)> = Vec::new();
            for fx in &fixes {
                let buys: Vec<String> = fx
                    .gains
                    .iter()
                    .map(|(n, b, a)| format!("{} {} → {}", code(n), percent(*b), percent(*a)))
                    .collect();
                let closes = format!("closes {}", count(fx.closes.len(), "finding", "findings"));
                let buys = if buys.is_empty() {
                    closes
                } else {
                    format!("buys {} and {closes}", join_and(&buys))
                };
                items.push((fx.change.clone(), buys, fx.today.clone()));
            }
            let shape = |t: &str| super::passes::spans_and_shape(t).1;
            let mut done = vec![false; items.len()];
            for a in 0..items.len() {
                if done[a] {
                    continue;
                }
                done[a] = true;
                let mut others: Vec<String> = Vec::new();
                let first_span = |t: &Option<String>| {
                    t.as_deref().and_then(|t| {
                        super::passes::spans_and_shape(t)
                            .0
                            .first()
                            .map(|s| s.to_string())
                    })
                };
                let mut lost: Vec<String> = first_span(&items[a].2).into_iter().collect();
                for b in a + 1..items.len() {
                    // Only copies of elements merge: a rule's fix names the rule first.
                    let alike = !self.full
                        && !done[b]
                        && items[a].1.starts_with("buys ")
                        && items[b].1 == items[a].1
                        && shape(&items[b].0) == shape(&items[a].0)
                        && items[b].2.as_deref().map(shape) == items[a].2.as_deref().map(shape);
                    if alike {
                        done[b] = true;
                        let first = super::passes::spans_and_shape(&items[b].0).0;
                        others.extend(first.first().map(|s| s.to_string()));
                        lost.extend(first_span(&items[b].2));
                    }
                }
                let (change, buys, today) = &items[a];
                if others.is_empty() {
                    let today = today
                        .as_ref()
                        .map(|t| format!(" Today {t}."))
                        .unwrap_or_default();
                    out.step(format!("{change}, which {buys}.{today}"));
                } else {
                    let today = today
                        .as_ref()
                        .and_then(|t| t.split_once(" stops "))
                        .map(|(_, flows)| {
                            format!(
                                " Today the loss of any of {} stops {flows}.",
                                self.id_list_or(&lost)
                            )
                        })
                        .unwrap_or_default();
                    out.step(format!(
                        "{change}; likewise for {}, each of which {buys}.{today}",
                        self.id_list(&others)
                    ));
                }
            }
        }
        out
    }

    /// The fixes, ranked: copies of single points of failure by availability gained, then the
    /// other rules by their worst severity and the number of findings they close.
    fn ranked_fixes(&self) -> Vec<Fix> {
        let m = self.m;
        let r = self.r;
        let mut fixes: Vec<(f64, ElementId, Fix)> = Vec::new();
        let mut covered: Vec<usize> = Vec::new();
        if let Some(a) = &r.availability {
            for g in &a.gains {
                let gains: Vec<(String, f64, f64)> = g
                    .flows
                    .iter()
                    .filter(|(_, d)| *d > 0.0)
                    .filter_map(|(f, d)| a.of(*f).map(|e| (f.name(m), e.value, e.value + d)))
                    .collect();
                if gains.is_empty() {
                    continue;
                }
                let closes: Vec<usize> = r
                    .findings
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| {
                        CLOSED_BY_A_COPY.contains(&f.rule)
                            && (f.elements.contains(&g.element)
                                || f.elements.iter().any(|&e| m.host_of(e) == Some(g.element)))
                    })
                    .map(|(i, _)| i)
                    .collect();
                covered.extend(&closes);
                let total: f64 = gains.iter().map(|(_, b, a)| a - b).sum();
                fixes.push((
                    total,
                    g.element,
                    Fix {
                        change: String::new(),
                        gains,
                        closes,
                        today: None,
                    },
                ));
            }
        }
        fixes.sort_by(|a, b| b.0.total_cmp(&a.0));
        // What each element's loss does today, from a what-if: a whole review each, so only
        // for the most valuable fixes (a design with hundreds of single points of failure would
        // otherwise pay hundreds of reviews for its write-up).
        let mut out: Vec<Fix> = Vec::with_capacity(fixes.len());
        for (i, (_, element, mut fix)) in fixes.into_iter().enumerate() {
            let stops: Vec<String> = if i < WHAT_IF_FIXES {
                what_if(m, &[element])
                    .flows
                    .iter()
                    .filter(|c| c.outcome == Outcome::Stops)
                    .map(|c| code(&c.name))
                    .collect()
            } else {
                Vec::new()
            };
            fix.today = (!stops.is_empty()).then(|| {
                format!(
                    "the loss of {} stops {}",
                    code(&m.element(element).id),
                    join_and(&stops)
                )
            });
            fix.change = self.copy_change(element, stops.len() > 1);
            out.push(fix);
        }
        // The other rules, one fix each.
        let mut rules: Vec<&str> = Vec::new();
        for (i, f) in r.findings.iter().enumerate() {
            if !covered.contains(&i) && f.severity <= Severity::Medium && !rules.contains(&f.rule) {
                rules.push(f.rule);
            }
        }
        let mut rest: Vec<Fix> = rules
            .iter()
            .map(|&name| {
                let closes: Vec<usize> = r
                    .findings
                    .iter()
                    .enumerate()
                    .filter(|(i, f)| f.rule == name && !covered.contains(i))
                    .map(|(i, _)| i)
                    .collect();
                let mut ids: Vec<String> = Vec::new();
                for &i in &closes {
                    // A finding's first element is its subject; the others are its evidence.
                    for &e in r.findings[i].elements.iter().take(1) {
                        let id = code(&m.element(e).id);
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                }
                Fix {
                    change: format!("Fix {} on {}", code(name), self.id_list(&ids)),
                    gains: Vec::new(),
                    closes,
                    today: None,
                }
            })
            .collect();
        rest.sort_by(|a, b| {
            a.worst(&r.findings)
                .cmp(&b.worst(&r.findings))
                .then(b.closes.len().cmp(&a.closes.len()))
        });
        out.extend(rest);
        out
    }

    /// What a redundant copy of `id` is, by what it carries: a database primary wants a
    /// replica promoted automatically, a load balancer a clustered twin, anything else a
    /// second copy behind the load balancer. `stops_requests`: its loss stops more than one
    /// flow.
    fn copy_change(&self, id: ElementId, stops_requests: bool) -> String {
        let m = self.m;
        let carried: Vec<ElementId> = if m.element(id).component_kind().is_some() {
            vec![id]
        } else {
            m.ids().filter(|&c| m.host_of(c) == Some(id)).collect()
        };
        let primary = carried.iter().copied().find(|&c| {
            m.element(c).is(C::Database) && m.element(c).attrs.role != Some(Role::Replica)
        });
        let lb = carried
            .iter()
            .copied()
            .find(|&c| m.element(c).is(C::LoadBalancer));
        let name = code(&m.element(id).id);
        let serves = carried
            .iter()
            .any(|&c| m.element(c).is(C::WebServer) || m.element(c).is(C::AppServer));
        // A host whose loss stops every flow and that serves requests itself wants a second
        // copy of the whole host, not a replica of its database.
        let primary = primary.filter(|_| !(stops_requests && serves));
        match (lb, primary) {
            (Some(l), _) => format!(
                "Pair {} with a second load balancer on another server, in a `cluster` with a `vip` and `failover = automatic`",
                code(&m.element(l).id)
            ),
            (None, Some(d)) => {
                let automatic = m.element(d).attrs.failover == Some(Failover::Automatic);
                if automatic {
                    format!(
                        "Give {} a replica on another server, so that its automatic failover has somewhere to go",
                        code(&m.element(d).id)
                    )
                } else {
                    // A replica on another server already there needs only the failover.
                    let away: Vec<String> = m
                        .replicas_of(d)
                        .into_iter()
                        .filter(|&r| m.host_of(r).is_none() || m.host_of(r) != m.host_of(d))
                        .map(|r| code(&m.element(r).id))
                        .collect();
                    if away.is_empty() {
                        format!(
                            "Let a replica of {} take over by itself: a replica on another server and `failover = automatic`",
                            code(&m.element(d).id)
                        )
                    } else {
                        format!(
                            "Let {} take over from {} automatically: `failover = automatic` on {}",
                            crate::render::english::join_or(&away),
                            code(&m.element(d).id),
                            code(&m.element(d).id)
                        )
                    }
                }
            }
            (None, None) if m.element(id).component_kind().is_none() => {
                let ids: Vec<String> = carried.iter().map(|&c| code(&m.element(c).id)).collect();
                let article = if m.components_of(C::LoadBalancer).next().is_some() {
                    "the"
                } else {
                    "a"
                };
                format!(
                    "Add a second server like {name} (with {}), behind {article} load balancer",
                    join_and(&ids)
                )
            }
            (None, None) => format!("Run a second {name} on another server, behind the load balancer"),
        }
    }
}

impl Doc<'_> {
    /// Identifiers as a list; below `--detail full`, a long one by its ends and its size.
    pub(super) fn id_list(&self, ids: &[String]) -> String {
        self.long_list(ids, join_and)
    }

    /// Identifiers as a list joined by "or"; below `--detail full`, a long one by its ends
    /// and its size.
    pub(super) fn id_list_or(&self, ids: &[String]) -> String {
        self.long_list(ids, super::join_or)
    }

    /// `join(ids)`, or below `--detail full` and past five ids: "`a`, `b` … `z` (N in all)".
    fn long_list(&self, ids: &[String], join: fn(&[String]) -> String) -> String {
        if self.full || ids.len() <= 5 {
            return join(ids);
        }
        crate::render::english::ends_and_size(ids)
    }

    /// The design's own domain: its first certificate's name, else the name of its first DNS
    /// record.
    pub(super) fn own_domain(&self) -> Option<String> {
        let m = self.m;
        m.ids()
            .find_map(|i| m.element(i).attrs.certificate.clone())
            .or_else(|| {
                m.ids().find_map(|i| {
                    m.element(i)
                        .attrs
                        .records
                        .iter()
                        .find_map(|r| crate::knowledge::dns_record(r).map(|d| d.name))
                })
            })
    }

    /// The ports that clients' links enter the design on, in source order (`tcp/80`).
    pub(super) fn entry_ports(&self) -> Vec<String> {
        let m = self.m;
        let mut ports = Vec::new();
        for l in &m.links {
            if !m.element(l.from).is(C::Client) || m.element(l.to).is(C::Dns) {
                continue;
            }
            let port = l.port.or(m.element(l.to).attrs.port).or_else(|| {
                l.protocol
                    .as_deref()
                    .and_then(crate::knowledge::default_port)
            });
            if let Some(p) = port {
                let p = format!("tcp/{p}");
                if !ports.contains(&p) {
                    ports.push(p);
                }
            }
        }
        ports
    }

    /// A rule's fix with its generic snippets replaced by the design's own ports and domain.
    pub(super) fn fix_text(&self, fix: &str) -> String {
        let mut text = fix.to_string();
        let ports = self.entry_ports();
        if !ports.is_empty() {
            let list: Vec<String> = ports.iter().map(|p| format!("\"{p}\"")).collect();
            text = text.replace(
                "`allow = [\"tcp/443\"]`",
                &format!("`allow = [{}]`", list.join(", ")),
            );
        }
        // Group Replication is a replication scheme, not a promotion tool, and Patroni is
        // PostgreSQL's: the orchestrators as the knowledge base names them.
        text = text.replace(
            "MySQL Group Replication, Orchestrator, Patroni, a managed database",
            "Orchestrator or MySQL InnoDB Cluster for MySQL, Patroni for PostgreSQL, a managed database",
        );
        if let Some(d) = self.own_domain() {
            if !d.contains('`') {
                text = text.replace("www.example.com", &d);
            }
        }
        text
    }
}

impl Doc<'_> {
    /// The title, the description and a one-line summary of the design and its review.
    pub(super) fn title(&self) -> Blocks {
        let m = self.m;
        let mut out = Blocks::default();
        out.heading(1, escape(&m.title));
        if let Some(d) = &m.description {
            let p = description_paragraph(d);
            if !p.is_empty() {
                out.paragraph(p);
            }
        }
        let hosts: Vec<_> = m.containers(ContainerKind::Host).collect();
        let components = m.components().count();
        let active = self.r.findings.len();
        let mut summary = format!("The design has {}", count(hosts.len(), "server", "servers"));
        // A summarised document's Servers section lists them.
        if !hosts.is_empty() && !self.summarised {
            let _ = write!(
                summary,
                " ({})",
                join_and(
                    &hosts
                        .iter()
                        .map(|&h| code(&m.element(h).id))
                        .collect::<Vec<_>>()
                )
            );
        }
        let _ = write!(
            summary,
            " and {}",
            count(components, "component", "components")
        );
        let _ = write!(
            summary,
            "; archc's review reports {}",
            count(active, "finding", "findings")
        );
        if active > 0 {
            let by_sev: Vec<String> = crate::analysis::Severity::ALL
                .iter()
                .filter_map(|&s| {
                    let n = self.r.findings.iter().filter(|f| f.severity == s).count();
                    (n > 0).then(|| format!("{n} {}", s.as_str()))
                })
                .collect();
            let _ = write!(summary, " ({})", join_and(&by_sev));
        }
        if !self.r.allowed.is_empty() {
            let _ = write!(
                summary,
                ", and {} accepted with `allow`",
                count(self.r.allowed.len(), "finding", "findings")
            );
        }
        summary.push('.');
        out.paragraph(summary);
        out
    }

    // --- Diagram -----------------------------------------------------------------------------

    /// The Diagram section: the figure, and at `--detail full` how to read it; nothing
    /// without a figure.
    pub(super) fn diagram(&self, figure: Option<Figure>) -> Vec<Block> {
        let Some(figure) = figure else {
            return Vec::new();
        };
        let mut out = vec![
            Block::Heading(2, "Diagram".to_string()),
            Block::Figure(figure),
        ];
        if self.full {
            let reading = knowledge::direction(self.m.direction).detail;
            out.push(Block::Paragraph(format!(
                "{reading} Boxes around components are servers (hosts), network zones and clusters; arrows point the way requests go."
            )));
        }
        out
    }
}
