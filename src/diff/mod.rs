//! What changed between two designs, and what it did to the review.
//!
//! [`diff`] writes it as Markdown, for `archc diff OLD.arch NEW.arch`, consequences first: the
//! availability of each flow in words ("reads are less available: 99.488% → 98.495%"), then
//! each finding's fate ([`findings`]: worsened, introduced, moved, improved, fixed, gone with
//! the elements that were removed, still open), then the elements added (with their `why`),
//! removed, renamed or moved, and changed, and the links added, removed and changed.
//!
//! Elements are paired across the two designs by [`matching`], a scored one-to-one matching
//! that sees through renames and moves; elements are named in prose by
//! [`crate::model::naming`], as in the write-up.

pub mod findings;
pub mod matching;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::analysis::availability::{Estimate, Method};
use crate::analysis::{Finding, Review};
use crate::knowledge;
use crate::model::naming;
use crate::model::{ComponentKind, ElementId, Kind, Model};
use crate::render::english::{self, join_and};
use crate::render::markdown::{code, escape, message, Markdown};

pub use findings::{classify, FindingChange, Verdict};
pub use matching::{matching, Matching};

fn name(m: &Model, id: ElementId) -> String {
    naming::name(m, id, &Markdown)
}

/// An element's kind in prose: `load balancer`, `server`, `monitoring agent`.
fn kind_noun(m: &Model, id: ElementId) -> &'static str {
    match m.element(id).kind {
        Kind::Component(ComponentKind::Monitoring) if m.host_of(id).is_some() => "monitoring agent",
        Kind::Component(ComponentKind::Monitoring) => "monitoring service",
        Kind::Component(k) => knowledge::component(k).noun,
        Kind::Container(k) => knowledge::container(k).noun,
    }
}

/// What differs between two paired elements, one phrase per attribute, in a fixed order.
fn attribute_changes(
    old: &Model,
    o: ElementId,
    new: &Model,
    n: ElementId,
    matching: &Matching,
) -> Vec<String> {
    let (a, b) = (&old.element(o).attrs, &new.element(n).attrs);
    let mut out = Vec::new();
    let mut change = |key: &str, x: Option<String>, y: Option<String>| {
        if x != y {
            let show = |v: &Option<String>| match v {
                Some(v) => code(v),
                None => "not set".to_string(),
            };
            out.push(format!("{} {} → {}", code(key), show(&x), show(&y)));
        }
    };
    let s = |v: &Option<String>| v.clone();
    let w = |v: Option<&'static str>| v.map(str::to_string);
    let list = |v: &[String]| (!v.is_empty()).then(|| v.join(", "));
    if old.element(o).kind != new.element(n).kind {
        change(
            "kind",
            Some(old.element(o).kind.to_string()),
            Some(new.element(n).kind.to_string()),
        );
    }
    change("software", s(&a.software), s(&b.software));
    change("ip", s(&a.ip), s(&b.ip));
    change(
        "port",
        a.port.map(|p| p.to_string()),
        b.port.map(|p| p.to_string()),
    );
    change(
        "availability",
        a.availability.map(|p| format!("{}%", p * 100.0)),
        b.availability.map(|p| format!("{}%", p * 100.0)),
    );
    change(
        "managed",
        Some(old.managed(o).to_string()),
        Some(new.managed(n).to_string()),
    );
    change("records", list(&a.records), list(&b.records));
    change("allow", list(&a.allow), list(&b.allow));
    change(
        "waf",
        a.waf.map(|v| v.to_string()),
        b.waf.map(|v| v.to_string()),
    );
    change(
        "algorithm",
        w(a.algorithm.map(|v| v.as_str())),
        w(b.algorithm.map(|v| v.as_str())),
    );
    change(
        "setup",
        w(a.setup.map(|v| v.as_str())),
        w(b.setup.map(|v| v.as_str())),
    );
    let tls_kinds = |m: &Model, id: ElementId| {
        matches!(
            m.element(id).component_kind(),
            Some(ComponentKind::LoadBalancer | ComponentKind::WebServer)
        )
    };
    if tls_kinds(old, o) && tls_kinds(new, n) {
        change(
            "tls",
            Some(old.tls(o).as_str().into()),
            Some(new.tls(n).as_str().into()),
        );
    }
    change("certificate", s(&a.certificate), s(&b.certificate));
    let is_db = |m: &Model, id: ElementId| m.element(id).is(ComponentKind::Database);
    if is_db(old, o) && is_db(new, n) {
        change(
            "role",
            Some(old.role(o).as_str().into()),
            Some(new.role(n).as_str().into()),
        );
    }
    let replicates_old = a
        .replicates
        .and_then(|r| matching.new_of(r))
        .map(|r| new.element(r).id.clone());
    let replicates_new = b.replicates.map(|r| new.element(r).id.clone());
    if a.replicates.is_some() || b.replicates.is_some() {
        let old_name = a.replicates.map(|r| old.element(r).id.clone());
        if replicates_old != replicates_new {
            change("replicates", old_name, replicates_new);
        }
    }
    change(
        "replication",
        w(a.replication.map(|v| v.as_str())),
        w(b.replication.map(|v| v.as_str())),
    );
    change(
        "failover",
        w(a.failover.map(|v| v.as_str())),
        w(b.failover.map(|v| v.as_str())),
    );
    let signals = |v: &[crate::model::Signal]| {
        (!v.is_empty()).then(|| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))
    };
    change("collects", signals(&a.collects), signals(&b.collects));
    change(
        "trust",
        w(a.trust.map(|v| v.as_str())),
        w(b.trust.map(|v| v.as_str())),
    );
    change("provider", s(&a.provider), s(&b.provider));
    change("region", s(&a.region), s(&b.region));
    change("vip", s(&a.vip), s(&b.vip));
    let extras = |v: &[(String, String)]| {
        (!v.is_empty()).then(|| {
            v.iter()
                .map(|(k, x)| format!("{k} = {x}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    change("x-", extras(&a.extra), extras(&b.extra));
    // A new reason is news; a reason left out of the new design is not.
    if let Some(why) = b.why.as_ref().filter(|&w| a.why.as_ref() != Some(w)) {
        out.push(format!("its `why` is now “{}”", escape(why)));
    }
    out
}

/// A link's properties as text, for comparison and display.
fn link_props(l: &crate::model::Link) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &l.protocol {
        parts.push(code(p));
    }
    if let Some(label) = &l.label {
        parts.push(format!("“{}”", escape(label)));
    }
    if l.encrypted
        && !l
            .protocol
            .as_deref()
            .is_some_and(|p| crate::model::ENCRYPTED_PROTOCOLS.contains(&p))
    {
        parts.push("encrypted".into());
    }
    if let Some(port) = l.port {
        parts.push(format!("port {port}"));
    }
    if l.access != crate::model::Access::ReadWrite {
        parts.push(format!("access {}", code(l.access.as_str())));
    }
    parts.join(", ")
}

/// Where a finding is, in prose: its components on the host it names first (`MySQL (`db`) on
/// Database server (`db-server`)`), or its elements.
fn place(m: &Model, f: &Finding) -> String {
    let components: Vec<ElementId> = f
        .elements
        .iter()
        .copied()
        .filter(|&e| matches!(m.element(e).kind, Kind::Component(_)))
        .collect();
    if let Some(&first) = f.elements.first() {
        if matches!(m.element(first).kind, Kind::Container(_))
            && !components.is_empty()
            && components
                .iter()
                .all(|&c| m.ancestors(c).any(|a| a == first))
        {
            let names: Vec<String> = components.iter().map(|&c| name(m, c)).collect();
            return format!("{} on {}", join_and(&names), name(m, first));
        }
    }
    let names: Vec<String> = f.elements.iter().map(|&e| name(m, e)).collect();
    join_and(&names)
}

/// A list of flow names in words: `reads and writes`.
fn flow_words(flows: &[String]) -> String {
    join_and(&flows.iter().map(|f| escape(f)).collect::<Vec<_>>())
}

/// The model and the finding a fixed, gone or introduced change is written from: the old
/// one when it has one and no new one, otherwise the new one.
fn side<'a>(
    old: (&'a Model, &'a Review),
    new: (&'a Model, &'a Review),
    c: &FindingChange,
) -> Option<(&'a Model, &'a Finding)> {
    match (c.old, c.new) {
        (_, Some(j)) => Some((new.0, &new.1.findings[j])),
        (Some(i), None) => Some((old.0, &old.1.findings[i])),
        (None, None) => None,
    }
}

/// The changes of one section in groups that say the same thing of different elements:
/// fixed or introduced findings of one rule and severity whose messages are equal once each
/// finding's own identifiers are blanked out. Every other change is a group of its own.
fn alike<'c>(
    old: (&Model, &Review),
    new: (&Model, &Review),
    changes: &[&'c FindingChange],
) -> Vec<Vec<&'c FindingChange>> {
    let key = |c: &FindingChange| -> Option<String> {
        if !matches!(c.verdict, Verdict::Fixed | Verdict::Introduced) {
            return None;
        }
        let (m, f) = side(old, new, c)?;
        let text = f.shape(m);
        Some(format!("{}|{}|{}", f.rule, f.severity.as_str(), text))
    };
    let mut groups: Vec<(Option<String>, Vec<&'c FindingChange>)> = Vec::new();
    for &c in changes {
        let k = key(c);
        match groups.iter_mut().find(|(g, _)| k.is_some() && *g == k) {
            Some((_, g)) => g.push(c),
            None => groups.push((k, vec![c])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// One finding's line in its section.
fn finding_line(old: (&Model, &Review), new: (&Model, &Review), c: &FindingChange) -> String {
    let f = c.old.map(|i| &old.1.findings[i]);
    let g = c.new.map(|j| &new.1.findings[j]);
    let severity = match (f, g) {
        (Some(f), Some(g)) if f.severity != g.severity => {
            format!("**{} → {}**", f.severity.as_str(), g.severity.as_str())
        }
        (_, Some(g)) => format!("**{}**", g.severity.as_str()),
        (Some(f), None) => format!("**{}**", f.severity.as_str()),
        (None, None) => String::new(),
    };
    let rule = code(f.or(g).map_or("", |x| x.rule));
    let flows = |c: &FindingChange| {
        let (before, after) = &c.flows;
        if before != after && !before.is_empty() && !after.is_empty() {
            format!(
                " It now affects {} (before: {}).",
                flow_words(after),
                flow_words(before)
            )
        } else {
            String::new()
        }
    };
    match (c.verdict, f, g) {
        (Verdict::Moved, Some(f), Some(g)) => {
            let from = f
                .elements
                .first()
                .map_or(String::new(), |&e| name(old.0, e));
            let to = g
                .elements
                .first()
                .map_or(String::new(), |&e| name(new.0, e));
            format!(
                "- {severity} {rule} moved from {from} to {to}: {}",
                message(&g.message)
            )
        }
        (Verdict::Worsened | Verdict::Improved, Some(f), Some(g)) => {
            let (before, after) = (place(old.0, f), place(new.0, g));
            let was = if before == after {
                String::new()
            } else {
                // Not "(was …)": a place ends in a name's brackets itself.
                format!(", formerly {before}")
            };
            format!(
                "- {severity} {rule} on {after}{was}: {}{}",
                message(&g.message),
                flows(c)
            )
        }
        (Verdict::Open, Some(f), Some(g)) => {
            let (before, after) = (place(old.0, f), place(new.0, g));
            if before == after {
                format!("- {severity} {rule} on {after}")
            } else {
                format!("- {severity} {rule} on {after}, formerly {before}")
            }
        }
        (Verdict::Gone, Some(f), _) => {
            let names: Vec<String> = c.removed.iter().map(|&e| name(old.0, e)).collect();
            format!(
                "- {severity} {rule} on {}: gone with {}, which {} removed.",
                place(old.0, f),
                join_and(&names),
                if names.len() == 1 { "was" } else { "were" }
            )
        }
        (_, Some(f), None) => format!(
            "- {severity} {rule} on {}: {}",
            place(old.0, f),
            message(&f.message)
        ),
        (_, _, Some(g)) => format!(
            "- {severity} {rule} on {}: {}",
            place(new.0, g),
            message(&g.message)
        ),
        (_, None, None) => String::new(),
    }
}

/// The sections of the findings, in the order of [`Verdict`], with their titles.
const VERDICTS: [(Verdict, &str, &str); 7] = [
    (Verdict::Worsened, "Findings worsened", "worsened"),
    (Verdict::Introduced, "Findings introduced", "introduced"),
    (Verdict::Moved, "Findings moved", "moved"),
    (Verdict::Improved, "Findings improved", "improved"),
    (Verdict::Fixed, "Findings fixed", "fixed"),
    (
        Verdict::Gone,
        "Findings gone with removed elements",
        "gone with removed elements",
    ),
    (Verdict::Open, "Findings still open", "still open"),
];

/// Writes what changed from `old` to `new` (each a model with its review) as Markdown.
///
/// A summary paragraph (availability in words, then counts), then sections, each present only
/// when it has something to say: availability per flow; findings worsened, introduced, moved,
/// improved, fixed, gone with removed elements and still open; elements added (with their
/// `why`), removed, renamed or moved, changed; links added, removed and changed. Every piece of
/// user text is escaped. Never fails; deterministic.
pub fn diff(old: (&Model, &Review), new: (&Model, &Review)) -> String {
    let (om, or) = old;
    let (nm, nr) = new;
    let matching = matching(om, nm);
    let mut out = format!(
        "# What changed: {} → {}\n\n",
        escape(&om.title),
        escape(&nm.title)
    );

    // An added host lists the agents added with it that give no `why`; a removed host, every
    // agent removed with it.
    let in_list = |m: &Model, list: &[ElementId]| {
        let mut v = vec![false; m.elements.len()];
        for e in list {
            v[e.0] = true;
        }
        v
    };
    let (is_added, is_removed) = (in_list(nm, &matching.added), in_list(om, &matching.removed));
    let folded = |m: &Model, list: &[bool], x: ElementId, any_why: bool| {
        matching::is_agent(m, x)
            && (any_why || m.element(x).attrs.why.is_none())
            && m.host_of(x).is_some_and(|h| list[h.0])
    };
    let agents_of = |m: &Model, list: &[bool], h: ElementId, any_why: bool| -> Vec<String> {
        m.element(h)
            .children
            .iter()
            .copied()
            .filter(|&x| folded(m, list, x, any_why))
            .map(|x| name(m, x))
            .collect()
    };
    let mut added = String::new();
    for &n in &matching.added {
        if folded(nm, &is_added, n, false) {
            continue;
        }
        let e = nm.element(n);
        let mut line = format!("- {}, {}", name(nm, n), kind_noun(nm, n));
        match e.kind {
            Kind::Component(_) => {
                if let Some(h) = nm.host_of(n) {
                    let _ = write!(line, " on {}", name(nm, h));
                }
            }
            Kind::Container(_) => {
                if let Some(ip) = e.attrs.ip.as_deref().or(e.attrs.vip.as_deref()) {
                    let _ = write!(line, " at {}", code(ip));
                }
                if let Some(p) = e.parent {
                    let _ = write!(line, " in {}", name(nm, p));
                }
                let agents = agents_of(nm, &is_added, n, false);
                if !agents.is_empty() {
                    let _ = write!(line, ", with {}", join_and(&agents));
                }
            }
        }
        match &e.attrs.why {
            Some(why) => {
                let _ = write!(line, ": “{}”", escape(why));
            }
            None => line.push_str(" *(no `why`)*"),
        }
        let _ = writeln!(added, "{line}");
    }
    let mut removed = String::new();
    for &o in &matching.removed {
        if folded(om, &is_removed, o, true) {
            continue;
        }
        let mut line = format!("- {}, {}", name(om, o), kind_noun(om, o));
        if let Some(h) = om.host_of(o) {
            let _ = write!(line, " on {}", name(om, h));
        }
        let agents = agents_of(om, &is_removed, o, true);
        if !agents.is_empty() {
            let _ = write!(line, ", with {}", join_and(&agents));
        }
        if let Some(why) = &om.element(o).attrs.why {
            let _ = write!(line, ", which was there because “{}”", escape(why));
        }
        line.push('.');
        let _ = writeln!(removed, "{line}");
    }
    let mut renamed = String::new();
    let mut changed = String::new();
    for &(o, n) in &matching.pairs {
        let (eo, en) = (om.element(o), nm.element(n));
        let mut parts = Vec::new();
        let head = match (eo.id != en.id, eo.label != en.label) {
            (true, false) => {
                parts.push(format!("renamed {} → {}", code(&eo.id), code(&en.id)));
                escape(&en.label)
            }
            (false, true) => {
                parts.push(format!(
                    "relabelled “{}” → “{}”",
                    escape(&eo.label),
                    escape(&en.label)
                ));
                code(&en.id)
            }
            (true, true) => {
                parts.push(format!("renamed {} → {}", name(om, o), name(nm, n)));
                String::new()
            }
            (false, false) => name(nm, n),
        };
        let parent_old = eo.parent.and_then(|p| matching.new_of(p));
        if parent_old != en.parent {
            match (eo.parent, en.parent) {
                (Some(p), Some(q)) => {
                    parts.push(format!("moved from {} to {}", name(om, p), name(nm, q)))
                }
                (None, Some(q)) => parts.push(format!("moved into {}", name(nm, q))),
                (Some(p), None) => parts.push(format!("moved out of {}", name(om, p))),
                (None, None) => {}
            }
        }
        if !parts.is_empty() {
            let text = parts.join(", ");
            if head.is_empty() {
                let _ = writeln!(renamed, "- {}{}.", text[..1].to_uppercase(), &text[1..]);
            } else {
                let _ = writeln!(renamed, "- {head}: {text}.");
            }
        }
        let changes = attribute_changes(om, o, nm, n, &matching);
        if !changes.is_empty() {
            let _ = writeln!(changed, "- {}: {}.", name(nm, n), changes.join("; "));
        }
    }
    let (links_added, links_removed, links_changed) = link_changes(om, nm, &matching);

    let changes = classify(old, new, &matching);
    let availability = availability_change(om, or, nm, nr);

    // Summary: the counts.
    let verdict_counts: Vec<String> = VERDICTS
        .iter()
        .filter_map(|&(v, _, words)| {
            let n = changes.iter().filter(|c| c.verdict == v).count();
            (n > 0).then(|| format!("{n} {words}"))
        })
        .collect();
    let mut summary = Vec::new();
    if !verdict_counts.is_empty() {
        summary.push(format!("Findings: {}.", join_and(&verdict_counts)));
    }
    summary.push(format!(
        "Elements: {} added, {} removed, {} renamed or moved, {} changed. Links: {} added, {} removed, {} changed.",
        matching.added.len(),
        matching.removed.len(),
        renamed.lines().count(),
        changed.lines().count(),
        links_added.len(),
        links_removed.len(),
        links_changed.len()
    ));
    let _ = writeln!(out, "{}\n", summary.join(" "));

    let section = |out: &mut String, title: &str, intro: &str, body: &str| {
        if !body.is_empty() {
            let _ = writeln!(out, "## {title}\n\n{intro}{body}");
        }
    };
    let lines = |v: &[String]| v.iter().map(|l| format!("- {l}\n")).collect::<String>();
    section(&mut out, "Availability", "", &lines(&availability));
    for (v, title, _) in VERDICTS {
        let of: Vec<&FindingChange> = changes.iter().filter(|c| c.verdict == v).collect();
        let body: String = alike(old, new, &of)
            .into_iter()
            .map(|group| {
                let mut line = finding_line(old, new, group[0]);
                if group.len() > 1 {
                    // Fixed or introduced alike on several elements: said once.
                    let others: Vec<String> = group[1..]
                        .iter()
                        .filter_map(|c| {
                            let (m, f) = side(old, new, c)?;
                            f.elements.first().map(|&e| name(m, e))
                        })
                        .collect();
                    if line.ends_with('.') {
                        line.pop();
                    }
                    let _ = write!(line, "; likewise on {}.", join_and(&others));
                }
                line + "\n"
            })
            .collect();
        section(&mut out, title, "", &body);
    }
    section(
        &mut out,
        "Elements added",
        "Each added element, and why it is there:\n\n",
        &added,
    );
    section(&mut out, "Elements removed", "", &removed);
    section(&mut out, "Elements renamed or moved", "", &renamed);
    section(&mut out, "Elements changed", "", &changed);
    section(&mut out, "Links added", "", &lines(&links_added));
    section(
        &mut out,
        "Links removed",
        "Between elements that are still there:\n\n",
        &lines(&links_removed),
    );
    section(&mut out, "Links changed", "", &lines(&links_changed));
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The links added, removed (between elements that are in both designs) and changed, as list
/// item texts, each once, in source order. Links are keyed by their ends in the new design's
/// identifiers.
fn link_changes(
    old: &Model,
    new: &Model,
    matching: &Matching,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut old_by_key: BTreeMap<(ElementId, ElementId), Vec<&crate::model::Link>> =
        BTreeMap::new();
    for l in &old.links {
        if let (Some(a), Some(b)) = (matching.new_of(l.from), matching.new_of(l.to)) {
            old_by_key.entry((a, b)).or_default().push(l);
        }
    }
    let mut new_keys: BTreeMap<(ElementId, ElementId), ()> = BTreeMap::new();
    let arrow = |m: &Model, l: &crate::model::Link| {
        format!(
            "{} → {}",
            code(&m.element(l.from).id),
            code(&m.element(l.to).id)
        )
    };
    let with_props = |text: String, props: String| {
        if props.is_empty() {
            text
        } else {
            format!("{text} ({props})")
        }
    };
    let or_none = |p: String| {
        if p.is_empty() {
            "without protocol".to_string()
        } else {
            p
        }
    };
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for l in &new.links {
        let key = (l.from, l.to);
        new_keys.insert(key, ());
        match old_by_key.get(&key).and_then(|v| v.first()) {
            None => added.push(with_props(arrow(new, l), link_props(l))),
            Some(ol) => {
                let (a, b) = (link_props(ol), link_props(l));
                if a != b {
                    changed.push(format!(
                        "{}: was {}; now {}",
                        arrow(new, l),
                        or_none(a),
                        or_none(b)
                    ));
                }
            }
        }
    }
    for l in &old.links {
        let (Some(a), Some(b)) = (matching.new_of(l.from), matching.new_of(l.to)) else {
            continue;
        };
        if !new_keys.contains_key(&(a, b)) {
            removed.push(with_props(arrow(old, l), link_props(l)));
        }
    }
    let dedup = |v: Vec<String>| {
        let mut seen = std::collections::BTreeSet::new();
        v.into_iter()
            .filter(|x| seen.insert(x.clone()))
            .collect::<Vec<_>>()
    };
    (dedup(added), dedup(removed), dedup(changed))
}

/// How a flow is named at the start of a sentence, and its verb: `Reads are`, `The flow
/// Checkout (`checkout`) is`.
fn flow_subject(m: &Model, flow: crate::analysis::flow::FlowId) -> String {
    use crate::analysis::flow::FlowId;
    match flow {
        FlowId::Reads => "Reads are".into(),
        FlowId::Writes => "Writes are".into(),
        FlowId::Background => "Background jobs are".into(),
        FlowId::Named(i) => {
            let f = &m.flows[i];
            if f.label == f.id {
                format!("The flow {} is", code(&f.id))
            } else {
                format!("The flow {} ({}) is", escape(&f.label), code(&f.id))
            }
        }
    }
}

/// An availability with three decimals, the precision of every output.
fn percent(e: &Estimate) -> String {
    english::percent(e.value)
}

/// The availability of each flow, before and after, in words: one sentence per flow that
/// either design has, the new design's flows first (in report order), then those only the old
/// one had. Flows are paired by name.
fn availability_change(om: &Model, or: &Review, nm: &Model, nr: &Review) -> Vec<String> {
    let (Some(oa), Some(na)) = (&or.availability, &nr.availability) else {
        return Vec::new();
    };
    let old_by_name: BTreeMap<String, (crate::analysis::flow::FlowId, Option<Estimate>)> = oa
        .flows
        .iter()
        .map(|&(f, e)| (f.name(om), (f, e)))
        .collect();
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for &(flow, after) in &na.flows {
        let key = flow.name(nm);
        seen.insert(key.clone());
        let before = old_by_name.get(&key).and_then(|&(_, e)| e);
        let subject = flow_subject(nm, flow);
        let text = match (before, after) {
            (None, None) => continue,
            (None, Some(a)) => format!(
                "{subject} new in this design: {} ({:.1} hours of downtime a year).",
                percent(&a),
                a.downtime_hours_per_year()
            ),
            (Some(b), None) => format!(
                "{subject} no longer in the design (they were {}).",
                percent(&b)
            ),
            (Some(b), Some(a)) => {
                let simulated = b.method == Method::MonteCarlo || a.method == Method::MonteCarlo;
                let overlap = b.low <= a.high && a.low <= b.high;
                if percent(&b) == percent(&a) {
                    format!("{subject} as available as before: {}.", percent(&a))
                } else if simulated && overlap {
                    format!(
                        "{subject} about as available as before: {} → {}, within the simulation's 95% intervals.",
                        percent(&b),
                        percent(&a)
                    )
                } else {
                    format!(
                        "{subject} {} available: {} → {} ({:.1} → {:.1} hours of downtime a year).",
                        if a.value < b.value { "less" } else { "more" },
                        percent(&b),
                        percent(&a),
                        b.downtime_hours_per_year(),
                        a.downtime_hours_per_year()
                    )
                }
            }
        };
        out.push(text);
    }
    for &(flow, before) in &oa.flows {
        if seen.contains(&flow.name(om)) {
            continue;
        }
        if let Some(b) = before {
            out.push(format!(
                "{} no longer in the design (it was {}).",
                flow_subject(om, flow),
                percent(&b)
            ));
        }
    }
    out
}
