//! The two palettes and the style sheet, which holds only the rules a diagram uses.

use super::*;

/// Colours of one theme.
pub(super) struct Palette {
    bg: &'static str,
    text: &'static str,
    muted: &'static str,
    card_fill: &'static str,
    card_stroke: &'static str,
    host_fill: &'static str,
    host_stroke: &'static str,
    cluster_fill: &'static str,
    cluster_stroke: &'static str,
    /// Fill, stroke and name colour of zones: untrusted, DMZ, trusted.
    zones: [(&'static str, &'static str, &'static str); 3],
    encrypted: &'static str,
    plain: &'static str,
    /// Links that carry no requests (`~>`).
    non_request: &'static str,
    /// Fill and stroke of groups.
    group: (&'static str, &'static str),
    /// Fill, stroke and name colour of failure domains.
    failure_domain: (&'static str, &'static str, &'static str),
    label_bg: &'static str,
    /// Icon colour and tile colour per component kind, in [`ComponentKind::ALL`] order.
    kinds: [(&'static str, &'static str); 14],
    /// Critical, high, medium, low.
    severities: [&'static str; 4],
    badge_mark: &'static str,
}

pub(super) const LIGHT: Palette = Palette {
    bg: "#ffffff",
    text: "#0f172a",
    muted: "#64748b",
    card_fill: "#ffffff",
    card_stroke: "#cbd5e1",
    host_fill: "#f8fafc",
    host_stroke: "#94a3b8",
    cluster_fill: "#faf5ff",
    cluster_stroke: "#8b5cf6",
    zones: [
        ("#fef2f2", "#f87171", "#b91c1c"),
        ("#fffbeb", "#f59e0b", "#b45309"),
        ("#f0fdf4", "#22c55e", "#15803d"),
    ],
    encrypted: "#15803d",
    plain: "#64748b",
    non_request: "#8b9ab0",
    group: ("#fcfcfd", "#cbd5e1"),
    failure_domain: ("#f5f8ff", "#4f6db8", "#3b5496"),
    label_bg: "#ffffff",
    kinds: [
        ("#4f46e5", "#e0e7ff"), // client
        ("#0284c7", "#e0f2fe"), // dns
        ("#0891b2", "#cffafe"), // cdn
        ("#dc2626", "#fee2e2"), // firewall
        ("#7c3aed", "#ede9fe"), // load balancer
        ("#0d9488", "#ccfbf1"), // web server
        ("#2563eb", "#dbeafe"), // app server
        ("#475569", "#e2e8f0"), // codebase
        ("#c2410c", "#ffedd5"), // database
        ("#e11d48", "#ffe4e6"), // cache
        ("#a21caf", "#fae8ff"), // queue
        ("#a16207", "#fef9c3"), // storage
        ("#059669", "#d1fae5"), // monitoring
        ("#4b5563", "#f3f4f6"), // service
    ],
    severities: ["#dc2626", "#f97316", "#eab308", "#3b82f6"],
    badge_mark: "#ffffff",
};

pub(super) const DARK: Palette = Palette {
    bg: "#0f172a",
    text: "#e2e8f0",
    muted: "#94a3b8",
    card_fill: "#1e293b",
    card_stroke: "#475569",
    host_fill: "#162032",
    host_stroke: "#64748b",
    cluster_fill: "#1e1533",
    cluster_stroke: "#a78bfa",
    zones: [
        ("#221419", "#f87171", "#fca5a5"),
        ("#221e15", "#fbbf24", "#fcd34d"),
        ("#13221c", "#4ade80", "#86efac"),
    ],
    encrypted: "#4ade80",
    plain: "#94a3b8",
    non_request: "#6b7a90",
    group: ("#131c2d", "#3b4a60"),
    failure_domain: ("#141b30", "#7d9be0", "#a9bff0"),
    label_bg: "#0f172a",
    kinds: [
        ("#a5b4fc", "#312e81"),
        ("#7dd3fc", "#0c4a6e"),
        ("#67e8f9", "#164e63"),
        ("#fca5a5", "#7f1d1d"),
        ("#c4b5fd", "#4c1d95"),
        ("#5eead4", "#134e4a"),
        ("#93c5fd", "#1e3a8a"),
        ("#cbd5e1", "#334155"),
        ("#fdba74", "#7c2d12"),
        ("#fda4af", "#881337"),
        ("#f0abfc", "#701a75"),
        ("#fde047", "#713f12"),
        ("#6ee7b7", "#064e3b"),
        ("#d1d5db", "#374151"),
    ],
    severities: ["#f87171", "#fb923c", "#facc15", "#60a5fa"],
    badge_mark: "#0f172a",
};

/// What a diagram uses, so that its style sheet holds only the rules it needs.
#[derive(Default)]
pub(super) struct Used {
    kinds: Vec<ComponentKind>,
    trusts: Vec<Trust>,
    severities: bool,
    non_request: bool,
    optional: bool,
    stacks: bool,
    groups: bool,
    failure_domains: bool,
}

impl Used {
    pub(super) fn of(model: &Model, annotated: bool) -> Used {
        let mut kinds: Vec<ComponentKind> = model
            .elements
            .iter()
            .filter_map(|e| e.component_kind())
            .collect();
        kinds.sort();
        kinds.dedup();
        let mut trusts: Vec<Trust> = model
            .containers(ContainerKind::Zone)
            .filter(|&z| model.is_trust_zone(z))
            .map(|z| model.element(z).attrs.trust.unwrap_or(Trust::Trusted))
            .collect();
        trusts.sort();
        trusts.dedup();
        Used {
            kinds,
            trusts,
            severities: annotated,
            non_request: model.links.iter().any(|l| l.kind == LinkKind::NonRequest),
            optional: model.links.iter().any(|l| l.optional),
            stacks: model.elements.iter().any(|e| e.attrs.instances.is_some()),
            groups: model.containers(ContainerKind::Group).next().is_some(),
            failure_domains: model
                .containers(ContainerKind::Zone)
                .any(|z| model.is_failure_zone(z)),
        }
    }
}

pub(super) fn css(p: &str, c: &Palette, used: &Used) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        ".{p}bg{{fill:{bg}}}.{p}tx{{fill:{text}}}.{p}mu{{fill:{muted}}}\
         .{p}card{{fill:{cf};stroke:{cs};stroke-width:1.2}}\
         .{p}host{{fill:none;stroke:{hs};stroke-width:1.3}}.{p}host-f{{fill:{hf}}}\
         .{p}cluster{{fill:none;stroke:{cls};stroke-width:1.3}}.{p}cluster-f{{fill:{clf}}}\
         .{p}cluster2{{fill:none;stroke:{cls};stroke-width:1}}\
         .{p}cglyph{{fill:none;stroke:{muted};stroke-width:2;stroke-linecap:round;stroke-linejoin:round}}\
         .{p}cglyph-f{{fill:{muted}}}\
         .{p}enc{{fill:none;stroke:{enc};stroke-width:1.7;stroke-linejoin:round;stroke-linecap:round}}\
         .{p}plain{{fill:none;stroke:{plain};stroke-width:1.5;stroke-dasharray:6 4;stroke-linejoin:round}}\
         .{p}enc-h{{fill:{enc}}}.{p}plain-h{{fill:{plain}}}\
         .{p}lbl{{fill:{lbg};fill-opacity:0.92}}.{p}enc-t{{fill:{enc}}}.{p}plain-t{{fill:{muted}}}\
         .{p}lock{{fill:none;stroke:{enc};stroke-width:2.6;stroke-linecap:round}}.{p}lock-f{{fill:{enc}}}\
         .{p}badge-m{{fill:none;stroke:{bm};stroke-width:2.2;stroke-linecap:round}}",
        bg = c.bg,
        text = c.text,
        muted = c.muted,
        cf = c.card_fill,
        cs = c.card_stroke,
        hf = c.host_fill,
        hs = c.host_stroke,
        clf = c.cluster_fill,
        cls = c.cluster_stroke,
        enc = c.encrypted,
        plain = c.plain,
        lbg = c.label_bg,
        bm = c.badge_mark,
    );
    for (t, (fill, stroke, name)) in [Trust::Untrusted, Trust::Dmz, Trust::Trusted]
        .into_iter()
        .zip(c.zones)
    {
        if !used.trusts.contains(&t) {
            continue;
        }
        let _ = write!(
            s,
            ".{p}zone-{t}{{fill:none;stroke:{stroke};stroke-width:1.5;stroke-dasharray:8 5}}\
             .{p}zone-{t}-f{{fill:{fill}}}.{p}zone-{t}-t{{fill:{name}}}",
            t = trust_class(t)
        );
    }
    if used.non_request {
        // Dotted and muted: traffic beside the requests, not part of them.
        let _ = write!(
            s,
            ".{p}nreq{{fill:none;stroke:{nr};stroke-width:1.5;stroke-dasharray:0.1 4;stroke-linecap:round;stroke-linejoin:round}}\
             .{p}nreq-h{{fill:{nr}}}.{p}nreq-t{{fill:{muted}}}",
            nr = c.non_request,
            muted = c.muted
        );
    }
    if used.optional {
        let _ = write!(
            s,
            ".{p}opt{{fill:{bg};stroke:{muted};stroke-width:1.5}}",
            bg = c.bg,
            muted = c.muted
        );
    }
    if used.stacks {
        let _ = write!(
            s,
            ".{p}stack{{fill:{cf};stroke:{cs};stroke-width:1}}",
            cf = c.card_fill,
            cs = c.card_stroke
        );
    }
    if used.groups {
        let (fill, stroke) = c.group;
        let _ = write!(
            s,
            ".{p}group{{fill:none;stroke:{stroke};stroke-width:1;stroke-dasharray:3 3}}.{p}group-f{{fill:{fill}}}"
        );
    }
    if used.failure_domains {
        // Dash-dot, unlike the trust zones' dashes.
        let (fill, stroke, name) = c.failure_domain;
        let _ = write!(
            s,
            ".{p}fdomain{{fill:none;stroke:{stroke};stroke-width:1.6;stroke-dasharray:12 3 2 3}}\
             .{p}fdomain-f{{fill:{fill}}}.{p}fdomain-t{{fill:{name}}}"
        );
    }
    for (k, (icon, tile)) in ComponentKind::ALL.iter().zip(c.kinds) {
        if !used.kinds.contains(k) {
            continue;
        }
        let k = k.as_str();
        let _ = write!(
            s,
            ".{p}i-{k}{{fill:none;stroke:{icon};stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}}\
             .{p}f-{k}{{fill:{icon};stroke:none}}.{p}t-{k}{{fill:{tile}}}"
        );
    }
    // Colour and line tell the severities apart: solid for critical and high, dashed for
    // medium, dotted for low.
    let lines = [
        "stroke-width:3",
        "stroke-width:2.6",
        "stroke-width:2.6;stroke-dasharray:7 3",
        "stroke-width:2.6;stroke-dasharray:2 3;stroke-linecap:round",
    ];
    let severities = if used.severities { 4 } else { 0 };
    for ((sev, colour), line) in Severity::ALL[..severities]
        .iter()
        .zip(c.severities)
        .zip(lines)
    {
        let n = sev.as_str();
        let _ = write!(
            s,
            ".{p}sev-{n}{{fill:none;stroke:{colour};{line}}}.{p}sev-{n}-f{{fill:{colour}}}"
        );
    }
    s
}
