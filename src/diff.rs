//! What changed between two designs: elements added, removed, renamed or moved, and changed;
//! links added, removed and changed; review findings fixed and introduced.
//!
//! [`diff`] writes it as Markdown, for `archc diff OLD.arch NEW.arch`. It answers "for every
//! additional element, why is it there" by itself: each added element comes with its `why`.
//!
//! Elements of the two designs are paired by [`matching`]:
//!
//! 1. an element keeps its identity when its identifier and kind are unchanged;
//! 2. a component that is not a host's own agent (firewall or monitoring inside a host) is
//!    paired with an unpaired component of the same kind and label, preferring one whose host
//!    is the old one's host (by step 1), then the first in source order: a renamed component,
//!    or one moved to another server;
//! 3. a container is paired with an unpaired container of the same kind whose components
//!    (agents aside) are exactly the counterparts of its own: a renamed server;
//! 4. a host's firewall or monitoring agent is paired only inside the counterpart of its host,
//!    by kind and label, in source order.
//!
//! Everything else is added (in the new design) or removed (from the old one). Findings are
//! compared by rule and first element, through the pairing.

use std::fmt::Write as _;

use crate::analysis::{Finding, Review};
use crate::model::{ComponentKind, ElementId, Kind, Model};
use crate::render::markdown::{code, element_kind, element_name, element_why, escape};

/// How the elements of two designs correspond.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matching {
    /// `(old, new)` pairs, in the new design's source order.
    pub pairs: Vec<(ElementId, ElementId)>,
    /// Elements of the new design with no counterpart, in source order.
    pub added: Vec<ElementId>,
    /// Elements of the old design with no counterpart, in source order.
    pub removed: Vec<ElementId>,
}

impl Matching {
    /// The new counterpart of an old element.
    pub fn new_of(&self, old: ElementId) -> Option<ElementId> {
        self.pairs.iter().find(|p| p.0 == old).map(|p| p.1)
    }

    /// The old counterpart of a new element.
    pub fn old_of(&self, new: ElementId) -> Option<ElementId> {
        self.pairs.iter().find(|p| p.1 == new).map(|p| p.0)
    }
}

/// Whether a component is its host's own firewall or monitoring agent.
fn is_agent(m: &Model, id: ElementId) -> bool {
    matches!(
        m.element(id).component_kind(),
        Some(ComponentKind::Firewall | ComponentKind::Monitoring)
    ) && m.host_of(id).is_some()
}

/// Pairs the elements of `old` and `new` (see the module documentation for the rules).
/// Deterministic: ties are broken by source order.
pub fn matching(old: &Model, new: &Model) -> Matching {
    let mut to_new: Vec<Option<ElementId>> = vec![None; old.elements.len()];
    let mut to_old: Vec<Option<ElementId>> = vec![None; new.elements.len()];
    let pair = |to_new: &mut Vec<Option<ElementId>>,
                to_old: &mut Vec<Option<ElementId>>,
                o: ElementId,
                n: ElementId| {
        to_new[o.0] = Some(n);
        to_old[n.0] = Some(o);
    };
    // 1. Same identifier, same kind.
    for o in old.ids() {
        if let Some(n) = new.find(&old.element(o).id) {
            if new.element(n).kind == old.element(o).kind {
                pair(&mut to_new, &mut to_old, o, n);
            }
        }
    }
    // 2. Components by kind and label, preferring the counterpart host.
    for o in old.components() {
        if to_new[o.0].is_some() || is_agent(old, o) {
            continue;
        }
        let e = old.element(o);
        let host = old.host_of(o).and_then(|h| to_new[h.0]);
        let candidates: Vec<ElementId> = new
            .components()
            .filter(|&n| {
                to_old[n.0].is_none()
                    && !is_agent(new, n)
                    && new.element(n).kind == e.kind
                    && new.element(n).label == e.label
            })
            .collect();
        let chosen = candidates
            .iter()
            .copied()
            .find(|&n| host.is_some() && new.host_of(n) == host)
            .or_else(|| candidates.first().copied());
        if let Some(n) = chosen {
            pair(&mut to_new, &mut to_old, o, n);
        }
    }
    // 3. Containers whose components correspond exactly.
    let workload = |m: &Model, c: ElementId| -> Vec<ElementId> {
        m.components_in(c)
            .into_iter()
            .filter(|&x| !is_agent(m, x))
            .collect()
    };
    for o in old.ids() {
        let Kind::Container(kind) = old.element(o).kind else {
            continue;
        };
        if to_new[o.0].is_some() {
            continue;
        }
        let inside = workload(old, o);
        if inside.is_empty() {
            continue;
        }
        let Some(mut mapped) = inside
            .iter()
            .map(|&x| to_new[x.0])
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        mapped.sort();
        let chosen = new.containers(kind).find(|&n| {
            if to_old[n.0].is_some() {
                return false;
            }
            let mut theirs = workload(new, n);
            theirs.sort();
            theirs == mapped
        });
        if let Some(n) = chosen {
            pair(&mut to_new, &mut to_old, o, n);
        }
    }
    // 4. Agents inside counterpart hosts.
    for o in old.components() {
        if to_new[o.0].is_some() || !is_agent(old, o) {
            continue;
        }
        let Some(host) = old.host_of(o).and_then(|h| to_new[h.0]) else {
            continue;
        };
        let e = old.element(o);
        let chosen = new.components_in(host).into_iter().find(|&n| {
            to_old[n.0].is_none()
                && is_agent(new, n)
                && new.element(n).kind == e.kind
                && new.element(n).label == e.label
        });
        if let Some(n) = chosen {
            pair(&mut to_new, &mut to_old, o, n);
        }
    }
    Matching {
        pairs: new
            .ids()
            .filter_map(|n| to_old[n.0].map(|o| (o, n)))
            .collect(),
        added: new.ids().filter(|n| to_old[n.0].is_none()).collect(),
        removed: old.ids().filter(|o| to_new[o.0].is_none()).collect(),
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

/// One link's identity after pairing: endpoints in the new design's identifiers.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LinkKey {
    from: String,
    to: String,
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

/// A finding's identity after pairing: its rule and first element, in the new design's
/// identifiers (or the old one's, prefixed, when the element is gone).
fn finding_key(
    f: &Finding,
    m: &Model,
    to_new: impl Fn(ElementId) -> Option<String>,
) -> (String, String) {
    let first = f
        .elements
        .first()
        .map(|&e| to_new(e).unwrap_or_else(|| format!("removed:{}", m.element(e).id)))
        .unwrap_or_default();
    (f.rule.to_string(), first)
}

fn finding_line(f: &Finding, m: &Model) -> String {
    let on = if f.elements.is_empty() {
        String::new()
    } else {
        format!(
            " on {}",
            f.elements
                .iter()
                .map(|&e| element_name(m, e))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "- **{}** {}{on}: {}",
        f.severity.as_str(),
        code(f.rule),
        crate::render::markdown::message(&f.message)
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes what changed from `old` to `new` (each a model with its review) as Markdown.
///
/// Sections, each present only when it has something to say: elements added (with their
/// `why`), removed, renamed or moved, changed; links added, removed and changed; findings
/// fixed, introduced and still open. Never fails; deterministic.
pub fn diff(old: (&Model, &Review), new: (&Model, &Review)) -> String {
    let (om, or) = old;
    let (nm, nr) = new;
    let matching = matching(om, nm);
    let mut out = format!(
        "# What changed: {} → {}\n\n",
        escape(&om.title),
        escape(&nm.title)
    );

    // Elements added: containers with what they hold.
    let mut added = String::new();
    for &n in &matching.added {
        let e = nm.element(n);
        let mut line = format!("- {}, {}", element_name(nm, n), element_kind(nm, n));
        match e.kind {
            Kind::Component(_) => {
                if let Some(h) = nm.host_of(n) {
                    let _ = write!(line, " on {}", element_name(nm, h));
                }
            }
            Kind::Container(_) => {
                if let Some(ip) = e.attrs.ip.as_deref().or(e.attrs.vip.as_deref()) {
                    let _ = write!(line, " at {}", code(ip));
                }
                if let Some(p) = e.parent {
                    let _ = write!(line, " in {}", element_name(nm, p));
                }
            }
        }
        let _ = write!(line, ": {}", element_why(nm, n));
        let _ = writeln!(added, "{line}");
    }
    let mut removed = String::new();
    for &o in &matching.removed {
        let mut line = format!("- {}, {}", element_name(om, o), element_kind(om, o));
        if let Some(h) = om.host_of(o) {
            let _ = write!(line, " on {}", element_name(om, h));
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
        let mut moves = Vec::new();
        if eo.id != en.id || eo.label != en.label {
            moves.push(format!("is now {}", element_name(nm, n)));
        }
        let parent_old = eo.parent.and_then(|p| matching.new_of(p));
        if parent_old != en.parent {
            match (eo.parent, en.parent) {
                (_, Some(p)) => moves.push(format!(
                    "{} {}",
                    if eo.parent.is_some() {
                        "moved to"
                    } else {
                        "is now in"
                    },
                    element_name(nm, p)
                )),
                (Some(p), None) => moves.push(format!("is no longer in {}", element_name(om, p))),
                (None, None) => {}
            }
        }
        if !moves.is_empty() {
            let _ = writeln!(
                renamed,
                "- {}: {}.",
                element_name(om, o),
                moves.join(", and ")
            );
        }
        let changes = attribute_changes(om, o, nm, n, &matching);
        if !changes.is_empty() {
            let _ = writeln!(
                changed,
                "- {}: {}.",
                element_name(nm, n),
                changes.join("; ")
            );
        }
    }

    // Links, keyed by their endpoints in the new design.
    let new_id = |o: ElementId| matching.new_of(o).map(|n| nm.element(n).id.clone());
    let old_links: Vec<(Option<LinkKey>, &crate::model::Link)> = om
        .links
        .iter()
        .map(|l| {
            let key = match (new_id(l.from), new_id(l.to)) {
                (Some(from), Some(to)) => Some(LinkKey { from, to }),
                _ => None,
            };
            (key, l)
        })
        .collect();
    let new_links: Vec<(LinkKey, &crate::model::Link)> = nm
        .links
        .iter()
        .map(|l| {
            (
                LinkKey {
                    from: nm.element(l.from).id.clone(),
                    to: nm.element(l.to).id.clone(),
                },
                l,
            )
        })
        .collect();
    let arrow = |from: &str, to: &str| format!("{} → {}", code(from), code(to));
    let with_props = |text: String, props: String| {
        if props.is_empty() {
            text
        } else {
            format!("{text} ({props})")
        }
    };
    let mut links_added = Vec::new();
    let mut links_changed = Vec::new();
    for (k, l) in &new_links {
        match old_links.iter().find(|(ok, _)| ok.as_ref() == Some(k)) {
            None => links_added.push(with_props(arrow(&k.from, &k.to), link_props(l))),
            Some((_, ol)) => {
                let (a, b) = (link_props(ol), link_props(l));
                if a != b {
                    links_changed.push(format!(
                        "{}: was {}; now {}",
                        arrow(&k.from, &k.to),
                        if a.is_empty() {
                            "without protocol".into()
                        } else {
                            a
                        },
                        if b.is_empty() {
                            "without protocol".into()
                        } else {
                            b
                        }
                    ));
                }
            }
        }
    }
    let mut links_removed = Vec::new();
    for (k, l) in &old_links {
        let gone = match k {
            Some(k) => !new_links.iter().any(|(nk, _)| nk == k),
            None => true,
        };
        if gone {
            links_removed.push(with_props(
                arrow(&om.element(l.from).id, &om.element(l.to).id),
                link_props(l),
            ));
        }
    }
    let dedup = |v: Vec<String>| {
        let mut out: Vec<String> = Vec::new();
        for x in v {
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    };
    let (links_added, links_removed, links_changed) = (
        dedup(links_added),
        dedup(links_removed),
        dedup(links_changed),
    );

    // Findings.
    let old_key = |f: &Finding| finding_key(f, om, new_id);
    let new_key = |f: &Finding| finding_key(f, nm, |n| Some(nm.element(n).id.clone()));
    let fixed: Vec<&Finding> = or
        .findings
        .iter()
        .filter(|f| !nr.findings.iter().any(|g| new_key(g) == old_key(f)))
        .collect();
    let introduced: Vec<&Finding> = nr
        .findings
        .iter()
        .filter(|g| !or.findings.iter().any(|f| old_key(f) == new_key(g)))
        .collect();
    let open: Vec<&Finding> = nr
        .findings
        .iter()
        .filter(|g| or.findings.iter().any(|f| old_key(f) == new_key(g)))
        .collect();

    // Summary.
    let _ = writeln!(
        out,
        "{} added, {} removed, {} renamed or moved, {} changed; {} added, {} removed, {} changed; {} fixed, {} introduced, {} still open.\n",
        plural(matching.added.len(), "element", "elements"),
        matching.removed.len(),
        renamed.lines().count(),
        changed.lines().count(),
        plural(links_added.len(), "link", "links"),
        links_removed.len(),
        links_changed.len(),
        plural(fixed.len(), "finding", "findings"),
        introduced.len(),
        open.len()
    );
    let section = |out: &mut String, title: &str, intro: &str, body: &str| {
        if !body.is_empty() {
            let _ = writeln!(out, "## {title}\n\n{intro}{body}");
        }
    };
    section(
        &mut out,
        "Elements added",
        "Each added element, and why it is there:\n\n",
        &added,
    );
    section(&mut out, "Elements removed", "", &removed);
    section(&mut out, "Elements renamed or moved", "", &renamed);
    section(&mut out, "Elements changed", "", &changed);
    let lines = |v: &[String]| v.iter().map(|l| format!("- {l}\n")).collect::<String>();
    section(&mut out, "Links added", "", &lines(&links_added));
    section(&mut out, "Links removed", "", &lines(&links_removed));
    section(&mut out, "Links changed", "", &lines(&links_changed));
    let findings = |v: &[&Finding], m: &Model| {
        v.iter()
            .map(|f| finding_line(f, m) + "\n")
            .collect::<String>()
    };
    section(&mut out, "Findings fixed", "", &findings(&fixed, om));
    section(
        &mut out,
        "Findings introduced",
        "",
        &findings(&introduced, nm),
    );
    section(&mut out, "Findings still open", "", &findings(&open, nm));
    section(&mut out, "Availability", "", &availability_change(or, nr));
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The availability of reads and writes before and after, as list items (empty when neither
/// review computed any).
fn availability_change(old: &Review, new: &Review) -> String {
    use crate::analysis::availability::Estimate;
    let show = |e: Option<&Estimate>| match e {
        Some(e) => format!(
            "{:.3}% ({:.1} hours of downtime a year)",
            e.percent(),
            e.downtime_hours_per_year()
        ),
        None => "none".to_string(),
    };
    let mut out = String::new();
    let (Some(o), Some(n)) = (&old.availability, &new.availability) else {
        return out;
    };
    for (flow, before, after) in [
        ("Reads", o.reads.as_ref(), n.reads.as_ref()),
        ("Writes", o.writes.as_ref(), n.writes.as_ref()),
    ] {
        if before.is_none() && after.is_none() {
            continue;
        }
        let _ = writeln!(out, "- {flow}: {} → {}", show(before), show(after));
    }
    out
}
