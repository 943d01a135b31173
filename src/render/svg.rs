//! The diagram as a self-contained SVG document.
//!
//! [`svg`] draws a [`Model`] at the positions of a [`Geometry`] (from [`crate::layout::layout`]
//! over [`super::diagram::layout_input`]):
//! - each component as a card with its kind's icon ([`super::icons`]), its label and a caption
//!   naming the kind, in one `<g>` carrying the element's identifier in `data-id`;
//! - hosts as solid rounded boxes, clusters as double-bordered boxes, zones as dashed boxes
//!   tinted by their trust (untrusted red, DMZ amber, trusted green),
//!   a zone that is only a failure domain as a dash-dot blue box (one that is a trust boundary
//!   too keeps its trust colours with a dash-dot inner line), groups as light, thin dashed boxes;
//! - an element with `instances` as a stack: two outlines offset down and right behind its box,
//!   and `×3` or `×2..6` in its caption or label band, `data-instances` on its group;
//! - links as arrows labelled with their protocol and label: encrypted links solid green with a
//!   padlock, plain links dashed grey, links that carry no requests (`~>`) dotted in a muted
//!   grey, optional links with a hollow circle at their source; each link's group carries its
//!   `data-kind` (`request`, `non-request`, `replication`) and `data-optional`;
//! - with [`SvgOptions::annotate`], every element a finding names outlined in the colour of its
//!   most severe finding (critical red, high orange, medium yellow, low blue; solid, solid,
//!   dashed, dotted) with a badge, unless it lies inside another element of the same finding
//!   (the components of a host that is a single point of failure: the host's outline says it),
//!   and every finding in its elements' tooltips;
//! - a title and a legend of only the styles the drawing uses.
//!
//! The document is accessible (`role="img"`, `<title>`, a `<desc>` that counts the design's
//! components, hosts and links, `aria-labelledby`), carries no script, external reference or
//! `foreignObject`, escapes every piece of user text, prefixes every id and class with
//! [`SvgOptions::id_prefix`] so that several diagrams can be inlined in one page, and is
//! deterministic: numbers have at most two decimals and everything is drawn in source order.
//! Colours come from classes in the document's `<style>`; [`Theme::Auto`] switches them with
//! `@media (prefers-color-scheme: dark)`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::diagram::{self, *};
use super::icons::{self, Shape};
use crate::analysis::{Review, Severity};
use crate::layout::text::{text_width, FONT_FAMILY};
use crate::layout::{ContainerBox, EdgeKind, Geometry, NodeBox, Routing};
use crate::model::{ComponentKind, ContainerKind, ElementId, LinkKind, Model, Trust};

/// The colour scheme of a diagram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on a white background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
    /// Light, switching to dark when the reader's system prefers it
    /// (CSS `@media (prefers-color-scheme: dark)`); renderers without media queries draw it
    /// light.
    Auto,
}

impl Theme {
    /// Parses `light`, `dark` or `auto`.
    pub fn parse(text: &str) -> Option<Theme> {
        match text {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "auto" => Some(Theme::Auto),
            _ => None,
        }
    }
}

/// How to draw a diagram.
#[derive(Clone, Debug, Default)]
pub struct SvgOptions<'a> {
    /// The colour scheme.
    pub theme: Theme,
    /// The prefix of every id and class in the document. Empty: derived from the model's title
    /// by [`default_id_prefix`]. Characters other than ASCII letters, digits, `-` and `_` are
    /// replaced by `-`.
    pub id_prefix: String,
    /// Marks the elements of these findings (those silenced by `allow` are not marked).
    pub annotate: Option<&'a Review>,
    /// How edges are routed.
    pub routing: Routing,
}

impl SvgOptions<'_> {
    /// Light theme, no annotation, and the prefix derived from the model's title.
    pub fn for_model(model: &Model) -> Self {
        SvgOptions {
            id_prefix: default_id_prefix(&model.title),
            ..SvgOptions::default()
        }
    }
}

/// The default id prefix of a diagram: `archc-` and a slug of the title (lowercase ASCII
/// letters and digits, other runs of characters as one `-`, at most 40 characters), then `-`.
/// `"Distributed web infrastructure"` gives `archc-distributed-web-infrastructure-`.
pub fn default_id_prefix(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "archc-diagram-".to_string()
    } else {
        format!("archc-{slug}-")
    }
}

/// Lays a model out and draws it: [`diagram::layout_routed`] with the options' routing, then
/// [`svg`].
pub fn render_svg(model: &Model, options: &SvgOptions) -> String {
    svg(
        model,
        &diagram::layout_routed(model, options.routing),
        options,
    )
}

/// Space around the drawing (SVG user units).
const MARGIN: f64 = 16.0;
/// Font size of the title.
const TITLE_SIZE: f64 = 17.0;
/// Height of the band that holds the title.
const TITLE_BAND: f64 = 34.0;
/// Font size of the legend.
const LEGEND_SIZE: f64 = 11.0;
/// Height of one row of the legend.
const LEGEND_ROW: f64 = 20.0;
/// Gap between the drawing and the legend.
const LEGEND_GAP: f64 = 18.0;
/// Corner radius of edge routes' bends.
const BEND_RADIUS: f64 = 7.0;
/// Length of an arrowhead.
const ARROW_LENGTH: f64 = 9.0;
/// Half the width of an arrowhead.
const ARROW_HALF_WIDTH: f64 = 4.2;
/// How far each copy behind a box with `instances` is offset, down and right.
const STACK_OFFSET: f64 = 3.5;
/// Radius of the hollow circle at the source end of an optional link.
const OPTIONAL_RADIUS: f64 = 3.5;

/// Draws a model at the positions of `geometry` as an SVG document (see the module
/// documentation). Elements of the model missing from the geometry are not drawn; boxes and
/// routes of the geometry that name no element of the model are ignored.
pub fn svg(model: &Model, geometry: &Geometry, options: &SvgOptions) -> String {
    let prefix = if options.id_prefix.is_empty() {
        default_id_prefix(&model.title)
    } else {
        sanitize_prefix(&options.id_prefix)
    };
    let marks = options
        .annotate
        .map(|r| marks(model, r))
        .unwrap_or_default();
    let mut d = Drawing {
        model,
        p: prefix,
        out: String::with_capacity(32 * 1024),
        marks,
    };

    // The drawing's extent, and where the geometry's origin goes.
    let (min_x, min_y, max_x, max_y) = extent(geometry);
    let legend = d.legend_entries(geometry);
    let title_w = text_width(&model.title, TITLE_SIZE) * 1.08;
    let content_w = max_x - min_x;
    let legend_w_max = (content_w).max(420.0);
    let rows = legend_rows(&legend, legend_w_max);
    let legend_w = rows
        .iter()
        .map(|r| r.iter().map(|e| e.width).sum::<f64>())
        .fold(0.0, f64::max);
    let width = (content_w.max(title_w).max(legend_w) + 2.0 * MARGIN).ceil();
    let legend_h = if rows.is_empty() {
        0.0
    } else {
        LEGEND_GAP + rows.len() as f64 * LEGEND_ROW
    };
    let height = (MARGIN + TITLE_BAND + (max_y - min_y) + legend_h + MARGIN).ceil();
    let dx = MARGIN - min_x + ((width - 2.0 * MARGIN - content_w) / 2.0).max(0.0);
    let dy = MARGIN + TITLE_BAND - min_y;

    d.header(width, height, options.theme);
    d.out.push_str("<g transform=\"translate(");
    d.out.push_str(&num(dx));
    d.out.push(',');
    d.out.push_str(&num(dy));
    d.out.push_str(")\">\n");
    let containers = d.container_list(geometry);
    d.container_fills(&containers);
    let routes = d.routes(geometry);
    d.containers(&containers);
    d.nodes(geometry);
    d.edge_labels(geometry, &routes);
    d.out.push_str("</g>\n");
    d.legend(&rows, MARGIN, dy + max_y + LEGEND_GAP);
    d.out.push_str("</svg>\n");
    d.out
}

fn sanitize_prefix(prefix: &str) -> String {
    let mut p: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        p.insert(0, 'a');
    }
    p
}

/// Space around the geometry's boxes, for finding outlines and badges.
const EXTENT_PAD: f64 = 9.0;

/// The bounding box of everything in the geometry, plus [`EXTENT_PAD`]:
/// `(min x, min y, max x, max y)`; all zero for an empty geometry.
fn extent(g: &Geometry) -> (f64, f64, f64, f64) {
    let mut e = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    let mut add = |x: f64, y: f64, w: f64, h: f64| {
        if x.is_finite() && y.is_finite() && w.is_finite() && h.is_finite() {
            e.0 = e.0.min(x);
            e.1 = e.1.min(y);
            e.2 = e.2.max(x + w);
            e.3 = e.3.max(y + h);
        }
    };
    for n in &g.nodes {
        add(n.x, n.y, n.width, n.height);
    }
    for c in &g.containers {
        add(c.x, c.y, c.width, c.height);
    }
    for r in &g.edges {
        for p in &r.points {
            add(p[0], p[1], 0.0, 0.0);
        }
        if let Some(l) = &r.label {
            add(l.x, l.y, l.width, l.height);
        }
    }
    if e.0 > e.2 {
        return (0.0, 0.0, 0.0, 0.0);
    }
    // Room for the outlines and badges of annotated elements.
    (
        e.0 - EXTENT_PAD,
        e.1 - EXTENT_PAD,
        e.2 + EXTENT_PAD,
        e.3 + EXTENT_PAD,
    )
}

/// Formats a coordinate with at most two decimals, without trailing zeros (`12`, `3.5`,
/// `-0.25`); non-finite numbers become `0`.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    // Whole hundredths, printed as an integer: exact, and without the slow path of
    // fixed-precision float formatting.
    let hundredths = (v * 100.0).round();
    if hundredths.abs() >= 1e17 {
        return format!("{}", hundredths / 100.0);
    }
    let h = hundredths as i64;
    let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    let sign = if h < 0 { "-" } else { "" };
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// Escapes text for XML content and attribute values, dropping the characters XML 1.0 cannot
/// hold (control characters other than tab, line feed and carriage return).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The findings marked on each element: the most severe of those it is outlined for, and every
/// finding that names it (for its tooltip).
#[derive(Clone, Debug, Default)]
struct Mark {
    severity: Option<Severity>,
    notes: Vec<String>,
}

fn marks(model: &Model, review: &Review) -> BTreeMap<ElementId, Mark> {
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

/// One entry of the legend.
struct LegendEntry {
    swatch: Swatch,
    text: String,
    width: f64,
}

enum Swatch {
    Encrypted,
    Plain,
    NonRequest,
    Optional,
    Stack,
    Group,
    FailureDomain,
    Zone(Trust),
    Severity(Severity),
}

fn legend_rows(entries: &[LegendEntry], max_width: f64) -> Vec<Vec<&LegendEntry>> {
    let mut rows: Vec<Vec<&LegendEntry>> = Vec::new();
    let mut w = 0.0;
    for e in entries {
        match rows.last_mut() {
            Some(row) if w + e.width <= max_width => {
                row.push(e);
                w += e.width;
            }
            _ => {
                rows.push(vec![e]);
                w = e.width;
            }
        }
    }
    rows
}

/// Width of a legend swatch.
const SWATCH: f64 = 30.0;

/// Colours of one theme.
struct Palette {
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

const LIGHT: Palette = Palette {
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

const DARK: Palette = Palette {
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

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Critical => 0,
        Severity::High => 1,
        Severity::Medium => 2,
        Severity::Low | Severity::Info => 3,
    }
}

/// ` data-instances="3"` (or `"2..6"`) for an element with `instances`, or nothing.
fn instances_attr(instances: Option<crate::model::Instances>) -> String {
    match instances {
        Some(n) => format!(" data-instances=\"{}\"", n.text()),
        None => String::new(),
    }
}

/// An edge kind as the layout JSON and the `data-kind` of a link's group spell it.
fn edge_kind_name(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Request => "request",
        EdgeKind::NonRequest => "non-request",
        EdgeKind::Replication => "replication",
    }
}

fn trust_class(t: Trust) -> &'static str {
    match t {
        Trust::Untrusted => "untrusted",
        Trust::Dmz => "dmz",
        Trust::Trusted => "trusted",
    }
}

/// What a diagram uses, so that its style sheet holds only the rules it needs.
#[derive(Default)]
struct Used {
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
    fn of(model: &Model, annotated: bool) -> Used {
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

fn css(p: &str, c: &Palette, used: &Used) -> String {
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

struct Drawing<'m> {
    model: &'m Model,
    p: String,
    out: String,
    marks: BTreeMap<ElementId, Mark>,
}

/// A route's drawing decisions, shared by the edge and its label.
struct Route {
    encrypted: bool,
    non_request: bool,
}

impl Drawing<'_> {
    fn header(&mut self, width: f64, height: f64, theme: Theme) {
        let p = &self.p;
        let m = self.model;
        let (w, h) = (num(width), num(height));
        let _ = writeln!(
            self.out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{p}svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{p}title {p}desc\" \
             font-family=\"{font}\">",
            font = escape(FONT_FAMILY)
        );
        let _ = writeln!(
            self.out,
            "<title id=\"{p}title\">{}</title>",
            escape(&m.title)
        );
        let _ = writeln!(
            self.out,
            "<desc id=\"{p}desc\">{}</desc>",
            escape(&self.description())
        );
        let used = Used::of(m, !self.marks.is_empty());
        let style = match theme {
            Theme::Light => css(p, &LIGHT, &used),
            Theme::Dark => css(p, &DARK, &used),
            Theme::Auto => format!(
                "{}@media (prefers-color-scheme: dark){{{}}}",
                css(p, &LIGHT, &used),
                css(p, &DARK, &used)
            ),
        };
        let _ = writeln!(self.out, "<style>{style}</style>");
        let _ = writeln!(
            self.out,
            "<rect class=\"{p}bg\" width=\"{w}\" height=\"{h}\"/>"
        );
        let _ = writeln!(
            self.out,
            "<text class=\"{p}tx\" x=\"{x}\" y=\"{y}\" font-size=\"{s}\" font-weight=\"bold\">{t}</text>",
            x = num(MARGIN),
            y = num(MARGIN + TITLE_SIZE * 0.85),
            s = num(TITLE_SIZE),
            t = escape(&m.title)
        );
    }

    /// The `<desc>`: what the diagram shows, counted.
    fn description(&self) -> String {
        let m = self.model;
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let components = m.components().count();
        let hosts = m.containers(ContainerKind::Host).count();
        let zones = m.containers(ContainerKind::Zone).count();
        let clusters = m.containers(ContainerKind::Cluster).count();
        let encrypted = m.links.iter().filter(|l| l.encrypted).count();
        let mut s = format!(
            "Architecture diagram of {}: {}, {}",
            m.title,
            count(components, "component", "components"),
            count(hosts, "host", "hosts")
        );
        if zones > 0 {
            let _ = write!(s, ", {}", count(zones, "zone", "zones"));
        }
        if clusters > 0 {
            let _ = write!(s, ", {}", count(clusters, "cluster", "clusters"));
        }
        let _ = write!(
            s,
            "; {} ({} encrypted).",
            count(m.links.len(), "link", "links"),
            encrypted
        );
        if !self.marks.is_empty() {
            let mut by = [0usize; 4];
            for mark in self.marks.values() {
                if let Some(sev) = mark.severity {
                    by[severity_index(sev)] += 1;
                }
            }
            let parts: Vec<String> = Severity::ALL[..4]
                .iter()
                .zip(by)
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| format!("{n} {}", s.as_str()))
                .collect();
            let _ = write!(s, " Elements marked by the review: {}.", parts.join(", "));
        }
        if let Some(desc) = &m.description {
            s.push(' ');
            s.push_str(desc);
        }
        s
    }

    fn icon(&mut self, shapes: &[Shape], class: &str, fill_class: &str, x: f64, y: f64, size: f64) {
        let _ = write!(
            self.out,
            "<g class=\"{class}\" transform=\"translate({},{}) scale({})\">",
            num(x),
            num(y),
            num(size / 24.0)
        );
        for (tag, attrs, filled) in shapes {
            if *filled {
                let _ = write!(self.out, "<{tag} class=\"{fill_class}\" {attrs}/>");
            } else {
                let _ = write!(self.out, "<{tag} {attrs}/>");
            }
        }
        self.out.push_str("</g>");
    }

    /// ` data-severity="…"` for an element a finding is about, or nothing.
    fn severity_attr(&self, id: ElementId) -> String {
        match self.marks.get(&id).and_then(|m| m.severity) {
            Some(s) => format!(" data-severity=\"{}\"", s.as_str()),
            None => String::new(),
        }
    }

    fn tooltip(&mut self, id: ElementId, what: &str) {
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

    /// The two outlines, offset down and to the right, that draw a box with `instances` as a
    /// stack of copies; drawn before (under) the box itself.
    fn stack(&mut self, x: f64, y: f64, w: f64, h: f64, r: f64) {
        let p = &self.p;
        for offset in [STACK_OFFSET * 2.0, STACK_OFFSET] {
            let _ = write!(
                self.out,
                "<rect class=\"{p}stack\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                num(x + offset),
                num(y + offset),
                num(w),
                num(h),
                num(r)
            );
        }
    }

    /// Outline and badge of an element a finding is about.
    fn annotation(&mut self, id: ElementId, x: f64, y: f64, w: f64, h: f64, r: f64) {
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

    /// The containers to draw, outer ones first, then in source order.
    fn container_list<'g>(&self, g: &'g Geometry) -> Vec<(ElementId, &'g ContainerBox)> {
        let mut list: Vec<(usize, ElementId, &ContainerBox)> = g
            .containers
            .iter()
            .filter_map(|c| {
                let id = self.model.find(&c.id)?;
                self.model.element(id).container_kind()?;
                Some((self.model.ancestors(id).count(), id, c))
            })
            .collect();
        list.sort_by_key(|(depth, id, _)| (*depth, *id));
        list.into_iter().map(|(_, id, b)| (id, b)).collect()
    }

    /// The class of a container's outline; its fill's class adds `-f`.
    fn container_class(&self, id: ElementId) -> String {
        let e = self.model.element(id);
        let p = &self.p;
        match e.container_kind() {
            Some(ContainerKind::Cluster) => format!("{p}cluster"),
            Some(ContainerKind::Zone) if !self.model.is_trust_zone(id) => format!("{p}fdomain"),
            Some(ContainerKind::Zone) => format!(
                "{p}zone-{}",
                trust_class(e.attrs.trust.unwrap_or(Trust::Trusted))
            ),
            Some(ContainerKind::Group) => format!("{p}group"),
            _ => format!("{p}host"),
        }
    }

    /// The containers' backgrounds, drawn under the links.
    fn container_fills(&mut self, list: &[(ElementId, &ContainerBox)]) {
        let _ = writeln!(self.out, "<g id=\"{}container-fills\">", self.p);
        for &(id, b) in list {
            let class = self.container_class(id);
            let _ = writeln!(
                self.out,
                "<rect class=\"{class}-f\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                num(b.x),
                num(b.y),
                num(b.width),
                num(b.height),
                num(container_radius(self.model, id))
            );
        }
        self.out.push_str("</g>\n");
    }

    /// The containers' outlines and labels, drawn over the links so that a link crossing a
    /// label never hides it.
    fn containers(&mut self, list: &[(ElementId, &ContainerBox)]) {
        let _ = writeln!(self.out, "<g id=\"{}containers\">", self.p);
        for &(id, b) in list {
            self.container(id, b);
        }
        self.out.push_str("</g>\n");
    }

    fn container(&mut self, id: ElementId, b: &ContainerBox) {
        let e = self.model.element(id);
        let Some(kind) = e.container_kind() else {
            return;
        };
        let content = container_content(self.model, id);
        let p = self.p.clone();
        let (x, y, w, h) = (b.x, b.y, b.width, b.height);
        let class = self.container_class(id);
        let _ = write!(
            self.out,
            "<g id=\"{p}el-{}\" data-id=\"{}\" data-kind=\"{}\"{}{}>",
            escape(&e.id),
            escape(&e.id),
            kind.as_str(),
            self.severity_attr(id),
            instances_attr(e.attrs.instances)
        );
        self.tooltip(id, kind.as_str());
        let radius = container_radius(self.model, id);
        if e.attrs.instances.is_some() {
            self.stack(x, y, w, h, radius);
        }
        let _ = write!(
            self.out,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
            num(x),
            num(y),
            num(w),
            num(h),
            num(radius)
        );
        let both = kind == ContainerKind::Zone
            && self.model.is_failure_zone(id)
            && self.model.is_trust_zone(id);
        if (kind == ContainerKind::Cluster || both) && w > 8.0 && h > 8.0 {
            let inner = if both { "fdomain" } else { "cluster2" };
            let _ = write!(
                self.out,
                "<rect class=\"{p}{inner}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                num(x + 3.5),
                num(y + 3.5),
                num(w - 7.0),
                num(h - 7.0),
                num(radius - 3.0)
            );
        }
        // The label, on a backing of the container's own colour.
        let mid = b.title.y + content.label_height / 2.0;
        let gx = b.title.x;
        let _ = write!(
            self.out,
            "<rect class=\"{class}-f\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
            num(gx - 4.0),
            num(b.title.y),
            num(content.label_width + 8.0),
            num(content.label_height)
        );
        self.icon(
            icons::container(kind),
            &format!("{p}cglyph"),
            &format!("{p}cglyph-f"),
            gx,
            mid - CONTAINER_GLYPH / 2.0,
            CONTAINER_GLYPH,
        );
        let tx = gx + CONTAINER_GLYPH + CONTAINER_GLYPH_GAP;
        let name_class = match kind {
            ContainerKind::Zone if !self.model.is_trust_zone(id) => format!("{p}fdomain-t"),
            ContainerKind::Zone => format!(
                "{p}zone-{}-t",
                trust_class(e.attrs.trust.unwrap_or(Trust::Trusted))
            ),
            _ => format!("{p}tx"),
        };
        let _ = write!(
            self.out,
            "<text class=\"{name_class}\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
            num(tx),
            num(baseline(mid, CONTAINER_LABEL_SIZE)),
            num(CONTAINER_LABEL_SIZE),
            escape(&content.name)
        );
        if !content.detail.is_empty() {
            let dx = tx + text_width(&content.name, CONTAINER_LABEL_SIZE) + CONTAINER_DETAIL_GAP;
            let _ = write!(
                self.out,
                "<text class=\"{p}mu\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                num(dx),
                num(baseline(mid, CONTAINER_DETAIL_SIZE)),
                num(CONTAINER_DETAIL_SIZE),
                escape(&content.detail)
            );
        }
        self.annotation(id, x, y, w, h, radius);
        for badge in &content.badges {
            self.badge(badge, gx + badge.offset, mid);
        }
        self.out.push_str("</g>\n");
    }

    /// A host's firewall or agent drawn in its label band, `x` where it starts, `mid` the
    /// band's middle.
    fn badge(&mut self, badge: &Badge, x: f64, mid: f64) {
        let e = self.model.element(badge.id);
        let Some(kind) = e.component_kind() else {
            return;
        };
        let p = self.p.clone();
        let k = kind.as_str();
        let _ = write!(
            self.out,
            "<g id=\"{p}el-{}\" data-id=\"{}\" data-kind=\"{k}\"{}>",
            escape(&e.id),
            escape(&e.id),
            self.severity_attr(badge.id)
        );
        self.tooltip(badge.id, kind_name(kind));
        let top = mid - BADGE_TILE / 2.0;
        let _ = write!(
            self.out,
            "<rect class=\"{p}t-{k}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
            num(x),
            num(top),
            num(BADGE_TILE),
            num(BADGE_TILE)
        );
        self.icon(
            icons::component(kind),
            &format!("{p}i-{k}"),
            &format!("{p}f-{k}"),
            x + 2.0,
            top + 2.0,
            BADGE_TILE - 4.0,
        );
        let _ = write!(
            self.out,
            "<text class=\"{p}tx\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
            num(x + BADGE_TILE + BADGE_TEXT_GAP),
            num(baseline(mid, CONTAINER_DETAIL_SIZE)),
            num(CONTAINER_DETAIL_SIZE),
            escape(&badge.label)
        );
        self.annotation(
            badge.id,
            x - 1.0,
            top - 1.0,
            badge.width + 2.0,
            BADGE_TILE + 2.0,
            4.0,
        );
        self.out.push_str("</g>");
    }

    fn nodes(&mut self, g: &Geometry) {
        let mut list: Vec<(ElementId, &NodeBox)> = g
            .nodes
            .iter()
            .filter_map(|n| {
                let id = self.model.find(&n.id)?;
                self.model.element(id).component_kind()?;
                Some((id, n))
            })
            .collect();
        list.sort_by_key(|(id, _)| *id);
        let _ = writeln!(self.out, "<g id=\"{}components\">", self.p);
        for (id, b) in list {
            self.node(id, b);
        }
        self.out.push_str("</g>\n");
    }

    fn node(&mut self, id: ElementId, b: &NodeBox) {
        let e = self.model.element(id);
        let Some(kind) = e.component_kind() else {
            return;
        };
        let k = kind.as_str();
        let content = node_content(self.model, id);
        let p = self.p.clone();
        let (x, y, w, h) = (b.x, b.y, b.width, b.height);
        let _ = write!(
            self.out,
            "<g id=\"{p}el-{}\" data-id=\"{}\" data-kind=\"{k}\"{}{}>",
            escape(&e.id),
            escape(&e.id),
            self.severity_attr(id),
            instances_attr(e.attrs.instances)
        );
        self.tooltip(id, kind_name(kind));
        if e.attrs.instances.is_some() {
            self.stack(x, y, w, h, 8.0);
        }
        let _ = write!(
            self.out,
            "<rect class=\"{p}card\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
        let tile_x = x + PAD_X;
        let tile_y = y + (h - ICON_TILE) / 2.0;
        let _ = write!(
            self.out,
            "<rect class=\"{p}t-{k}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"7\"/>",
            num(tile_x),
            num(tile_y),
            num(ICON_TILE),
            num(ICON_TILE)
        );
        let inset = 6.0;
        self.icon(
            icons::component(kind),
            &format!("{p}i-{k}"),
            &format!("{p}f-{k}"),
            tile_x + inset,
            tile_y + inset,
            ICON_TILE - 2.0 * inset,
        );
        let tx = x + PAD_X + ICON_TILE + ICON_GAP;
        let mut line_top = y + (h - content.text_height()) / 2.0;
        for line in &content.lines {
            let _ = write!(
                self.out,
                "<text class=\"{p}tx\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                num(tx),
                num(baseline(line_top + LABEL_LINE / 2.0, LABEL_SIZE)),
                num(LABEL_SIZE),
                escape(line)
            );
            line_top += LABEL_LINE;
        }
        for line in &content.caption {
            let _ = write!(
                self.out,
                "<text class=\"{p}mu\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                num(tx),
                num(baseline(line_top + CAPTION_LINE / 2.0, CAPTION_SIZE)),
                num(CAPTION_SIZE),
                escape(line)
            );
            line_top += CAPTION_LINE;
        }
        self.annotation(id, x, y, w, h, 8.0);
        self.out.push_str("</g>\n");
    }

    /// Matches each route of the geometry to a link of the model: route `k` is link `k` when
    /// their ends agree, otherwise the first unmatched link with the same ends.
    fn route_links(&self, g: &Geometry) -> Vec<Option<usize>> {
        let m = self.model;
        let ends = |k: usize| {
            let l = &m.links[k];
            (m.element(l.from).id.as_str(), m.element(l.to).id.as_str())
        };
        let mut used = vec![false; m.links.len()];
        // The links of each pair of ends, in source order, and how many of them are used up
        // at the front: the first unused link of a pair is found in amortised constant time.
        let mut by_ends: std::collections::HashMap<(&str, &str), (Vec<usize>, usize)> =
            std::collections::HashMap::new();
        for j in 0..m.links.len() {
            by_ends.entry(ends(j)).or_default().0.push(j);
        }
        g.edges
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let want = (r.from.as_str(), r.to.as_str());
                let k = if k < m.links.len() && !used[k] && ends(k) == want {
                    Some(k)
                } else {
                    by_ends.get_mut(&want).and_then(|(list, front)| {
                        while *front < list.len() && used[list[*front]] {
                            *front += 1;
                        }
                        list.get(*front).copied()
                    })
                };
                if let Some(k) = k {
                    used[k] = true;
                }
                k
            })
            .collect()
    }

    fn routes(&mut self, g: &Geometry) -> Vec<Route> {
        let links = self.route_links(g);
        let p = self.p.clone();
        let _ = writeln!(self.out, "<g id=\"{p}links\">");
        let mut routes = Vec::with_capacity(g.edges.len());
        for (k, r) in g.edges.iter().enumerate() {
            let link = links[k].map(|l| &self.model.links[l]);
            let encrypted = link.is_some_and(|l| l.encrypted);
            let non_request = link.is_some_and(|l| l.kind == LinkKind::NonRequest);
            let optional = link.is_some_and(|l| l.optional);
            routes.push(Route {
                encrypted,
                non_request,
            });
            let pts: Vec<[f64; 2]> = dedup_points(&r.points);
            if pts.len() < 2 {
                continue;
            }
            let cls = if non_request {
                "nreq"
            } else if encrypted {
                "enc"
            } else {
                "plain"
            };
            let _ = write!(
                self.out,
                "<g id=\"{p}link-{k}\" data-from=\"{}\" data-to=\"{}\" data-kind=\"{}\"{}>",
                escape(&r.from),
                escape(&r.to),
                edge_kind_name(r.kind),
                if optional {
                    " data-optional=\"true\""
                } else {
                    ""
                }
            );
            let mut tip = match link {
                Some(l) => format!(
                    "{} → {}",
                    self.model.element(l.from).label,
                    self.model.element(l.to).label
                ),
                None => format!("{} → {}", r.from, r.to),
            };
            if let Some(text) = link.and_then(diagram::edge_label_text) {
                let _ = write!(tip, ": {text}");
            }
            if encrypted {
                tip.push_str(" (encrypted)");
            }
            if optional {
                tip.push_str(" (optional)");
            }
            let _ = write!(self.out, "<title>{}</title>", escape(&tip));
            // Stop the line at the arrowhead's base.
            let n = pts.len();
            let (tip_pt, dir) = {
                let a = pts[n - 2];
                let b = pts[n - 1];
                let (vx, vy) = (b[0] - a[0], b[1] - a[1]);
                let len = (vx * vx + vy * vy).sqrt().max(1e-9);
                (b, [vx / len, vy / len])
            };
            let last_len = {
                let a = pts[n - 2];
                ((tip_pt[0] - a[0]).powi(2) + (tip_pt[1] - a[1]).powi(2)).sqrt()
            };
            let cut = ARROW_LENGTH.min(last_len) * 0.8;
            let mut line = pts.clone();
            line[n - 1] = [tip_pt[0] - dir[0] * cut, tip_pt[1] - dir[1] * cut];
            let _ = write!(
                self.out,
                "<path class=\"{p}{cls}\" d=\"{}\"/>",
                rounded_path(&line, BEND_RADIUS)
            );
            let base = [
                tip_pt[0] - dir[0] * ARROW_LENGTH,
                tip_pt[1] - dir[1] * ARROW_LENGTH,
            ];
            let perp = [-dir[1] * ARROW_HALF_WIDTH, dir[0] * ARROW_HALF_WIDTH];
            let _ = write!(
                self.out,
                "<path class=\"{p}{cls}-h\" d=\"M{} {}L{} {}L{} {}Z\"/>",
                num(tip_pt[0]),
                num(tip_pt[1]),
                num(base[0] + perp[0]),
                num(base[1] + perp[1]),
                num(base[0] - perp[0]),
                num(base[1] - perp[1])
            );
            if optional {
                // A hollow circle at the source end, just off the source's border.
                let (a, b) = (pts[0], pts[1]);
                let len = dist(a, b).max(1e-9);
                let r = OPTIONAL_RADIUS + 1.0;
                let _ = write!(
                    self.out,
                    "<circle class=\"{p}opt\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                    num(a[0] + (b[0] - a[0]) / len * r),
                    num(a[1] + (b[1] - a[1]) / len * r),
                    num(OPTIONAL_RADIUS)
                );
            }
            self.out.push_str("</g>\n");
        }
        self.out.push_str("</g>\n");
        routes
    }

    fn edge_labels(&mut self, g: &Geometry, routes: &[Route]) {
        let p = self.p.clone();
        let _ = writeln!(self.out, "<g id=\"{p}link-labels\">");
        // Edges concentrated into one bus share one label box: drawn once.
        let mut drawn: std::collections::BTreeSet<(String, String, String, &str)> =
            std::collections::BTreeSet::new();
        for (k, r) in g.edges.iter().enumerate() {
            let Some(l) = &r.label else { continue };
            if !drawn.insert((num(l.x), num(l.y), num(l.width), l.text.as_str())) {
                continue;
            }
            let encrypted = routes.get(k).is_some_and(|r| r.encrypted);
            let non_request = routes.get(k).is_some_and(|r| r.non_request);
            let text_w = text_width(&l.text, EDGE_LABEL_SIZE);
            let content_w = text_w + if encrypted { LOCK_WIDTH } else { 0.0 };
            let mut x = l.x + (l.width - content_w) / 2.0;
            let mid = l.y + l.height / 2.0;
            let _ = write!(
                self.out,
                "<g id=\"{p}link-{k}-label\"><rect class=\"{p}lbl\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
                num(l.x),
                num(l.y),
                num(l.width),
                num(l.height),
            );
            if encrypted {
                self.icon(
                    icons::LOCK,
                    &format!("{p}lock"),
                    &format!("{p}lock-f"),
                    x - 0.5,
                    mid - 5.5,
                    10.0,
                );
                x += LOCK_WIDTH;
            }
            let cls = if non_request {
                "nreq-t"
            } else if encrypted {
                "enc-t"
            } else {
                "plain-t"
            };
            let _ = writeln!(
                self.out,
                "<text class=\"{p}{cls}\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text></g>",
                num(x),
                num(baseline(mid, EDGE_LABEL_SIZE)),
                num(EDGE_LABEL_SIZE),
                escape(&l.text)
            );
        }
        self.out.push_str("</g>\n");
    }

    fn legend_entries(&self, g: &Geometry) -> Vec<LegendEntry> {
        let m = self.model;
        let mut entries = Vec::new();
        let mut add = |swatch: Swatch, text: String| {
            let width = SWATCH + 6.0 + text_width(&text, LEGEND_SIZE) + 20.0;
            entries.push(LegendEntry {
                swatch,
                text,
                width,
            });
        };
        // Only what the drawing shows: the links of its routes, the elements of its boxes.
        let links: Vec<&crate::model::Link> = self
            .route_links(g)
            .into_iter()
            .flatten()
            .map(|k| &m.links[k])
            .collect();
        let drawn: Vec<ElementId> = g
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .chain(g.containers.iter().map(|c| c.id.as_str()))
            .filter_map(|id| m.find(id))
            .collect();
        let request = |l: &&&crate::model::Link| l.kind != LinkKind::NonRequest;
        if links.iter().filter(request).any(|l| l.encrypted) {
            add(Swatch::Encrypted, "encrypted link".into());
        }
        if links.iter().filter(request).any(|l| !l.encrypted) {
            add(Swatch::Plain, "plain link".into());
        }
        if links.iter().any(|l| l.kind == LinkKind::NonRequest) {
            add(Swatch::NonRequest, "non-request link (~>)".into());
        }
        if links.iter().any(|l| l.optional) {
            add(Swatch::Optional, "optional (○ at its source)".into());
        }
        if drawn
            .iter()
            .any(|&id| m.element(id).attrs.instances.is_some())
        {
            add(Swatch::Stack, "instances (×N)".into());
        }
        let zones: Vec<ElementId> = drawn
            .iter()
            .copied()
            .filter(|&id| m.element(id).container_kind() == Some(ContainerKind::Zone))
            .collect();
        for t in [Trust::Untrusted, Trust::Dmz, Trust::Trusted] {
            let used = zones.iter().any(|&z| {
                m.is_trust_zone(z) && m.element(z).attrs.trust.unwrap_or(Trust::Trusted) == t
            });
            if used {
                add(Swatch::Zone(t), format!("{} zone", trust_class(t)));
            }
        }
        if zones.iter().any(|&z| m.is_failure_zone(z)) {
            add(Swatch::FailureDomain, "failure domain".into());
        }
        if drawn
            .iter()
            .any(|&id| m.element(id).container_kind() == Some(ContainerKind::Group))
        {
            add(Swatch::Group, "group".into());
        }
        let mut severities: Vec<Severity> =
            self.marks.values().filter_map(|m| m.severity).collect();
        severities.sort();
        severities.dedup();
        for s in severities {
            add(Swatch::Severity(s), format!("{} finding", s.as_str()));
        }
        entries
    }

    fn legend(&mut self, rows: &[Vec<&LegendEntry>], x0: f64, y0: f64) {
        if rows.is_empty() {
            return;
        }
        let p = self.p.clone();
        let _ = writeln!(self.out, "<g id=\"{p}legend\">");
        for (i, row) in rows.iter().enumerate() {
            let mid = y0 + i as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
            let mut x = x0;
            for e in row {
                match e.swatch {
                    Swatch::Encrypted | Swatch::Plain => {
                        let cls = if matches!(e.swatch, Swatch::Encrypted) {
                            "enc"
                        } else {
                            "plain"
                        };
                        let _ = write!(
                            self.out,
                            "<path class=\"{p}{cls}\" d=\"M{} {}H{}\"/><path class=\"{p}{cls}-h\" d=\"M{} {}l-8 -3.8v7.6Z\"/>",
                            num(x),
                            num(mid),
                            num(x + SWATCH - 6.0),
                            num(x + SWATCH),
                            num(mid)
                        );
                    }
                    Swatch::NonRequest => {
                        let _ = write!(
                            self.out,
                            "<path class=\"{p}nreq\" d=\"M{} {}H{}\"/><path class=\"{p}nreq-h\" d=\"M{} {}l-8 -3.8v7.6Z\"/>",
                            num(x),
                            num(mid),
                            num(x + SWATCH - 6.0),
                            num(x + SWATCH),
                            num(mid)
                        );
                    }
                    Swatch::Optional => {
                        let _ = write!(
                            self.out,
                            "<path class=\"{p}plain\" d=\"M{} {}H{}\"/><circle class=\"{p}opt\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                            num(x + 4.0),
                            num(mid),
                            num(x + SWATCH),
                            num(x + 4.0),
                            num(mid),
                            num(OPTIONAL_RADIUS)
                        );
                    }
                    Swatch::Stack => {
                        let (sx, sy, sw, sh) = (x + 1.0, mid - 7.0, SWATCH - 9.0, 10.0);
                        self.stack(sx, sy, sw, sh, 3.0);
                        let _ = write!(
                            self.out,
                            "<rect class=\"{p}card\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
                            num(sx),
                            num(sy),
                            num(sw),
                            num(sh)
                        );
                    }
                    Swatch::Group | Swatch::FailureDomain => {
                        let cls = if matches!(e.swatch, Swatch::Group) {
                            "group"
                        } else {
                            "fdomain"
                        };
                        for suffix in ["-f", ""] {
                            let _ = write!(
                                self.out,
                                "<rect class=\"{p}{cls}{suffix}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" rx=\"3\"/>",
                                num(x + 1.0),
                                num(mid - 6.0),
                                num(SWATCH - 2.0)
                            );
                        }
                    }
                    Swatch::Zone(t) => {
                        for suffix in ["-f", ""] {
                            let _ = write!(
                                self.out,
                                "<rect class=\"{p}zone-{}{suffix}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" rx=\"3\"/>",
                                trust_class(t),
                                num(x + 1.0),
                                num(mid - 6.0),
                                num(SWATCH - 2.0)
                            );
                        }
                    }
                    Swatch::Severity(s) => {
                        let n = s.as_str();
                        let _ = write!(
                            self.out,
                            "<rect class=\"{p}sev-{n}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" rx=\"3\"/>",
                            num(x + 1.0),
                            num(mid - 6.0),
                            num(SWATCH - 2.0)
                        );
                    }
                }
                let _ = write!(
                    self.out,
                    "<text class=\"{p}mu\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                    num(x + SWATCH + 6.0),
                    num(baseline(mid, LEGEND_SIZE)),
                    num(LEGEND_SIZE),
                    escape(&e.text)
                );
                x += e.width;
            }
        }
        self.out.push_str("</g>\n");
    }
}

/// The corner radius of a container's box.
fn container_radius(model: &Model, id: ElementId) -> f64 {
    match model.element(id).container_kind() {
        Some(ContainerKind::Zone) => 12.0,
        Some(ContainerKind::Cluster) => 11.0,
        _ => 9.0,
    }
}

/// The baseline that centres a line of text of `size` on `mid`: DejaVu Sans' capitals and
/// lowercase letters sit around 0.36 em above the baseline.
fn baseline(mid: f64, size: f64) -> f64 {
    mid + size * 0.36
}

fn dedup_points(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for &p in points {
        if !(p[0].is_finite() && p[1].is_finite()) {
            continue;
        }
        if out
            .last()
            .is_some_and(|q| (q[0] - p[0]).abs() < 0.01 && (q[1] - p[1]).abs() < 0.01)
        {
            continue;
        }
        out.push(p);
    }
    out
}

/// A polyline as path data, its bends rounded with quadratic curves of radius up to `radius`
/// (never more than half of either adjoining segment).
fn rounded_path(points: &[[f64; 2]], radius: f64) -> String {
    let mut d = String::new();
    let Some(first) = points.first() else {
        return d;
    };
    let _ = write!(d, "M{} {}", num(first[0]), num(first[1]));
    for i in 1..points.len() {
        let b = points[i];
        if i + 1 < points.len() {
            let a = points[i - 1];
            let c = points[i + 1];
            let (l1, l2) = (dist(a, b), dist(b, c));
            let r = radius.min(l1 / 2.0).min(l2 / 2.0);
            if r > 0.5 {
                let p1 = [b[0] + (a[0] - b[0]) * r / l1, b[1] + (a[1] - b[1]) * r / l1];
                let p2 = [b[0] + (c[0] - b[0]) * r / l2, b[1] + (c[1] - b[1]) * r / l2];
                let _ = write!(
                    d,
                    "L{} {}Q{} {} {} {}",
                    num(p1[0]),
                    num(p1[1]),
                    num(b[0]),
                    num(b[1]),
                    num(p2[0]),
                    num(p2[1])
                );
                continue;
            }
        }
        let _ = write!(d, "L{} {}", num(b[0]), num(b[1]));
    }
    d
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_two_decimals() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(3.5), "3.5");
        assert_eq!(num(1.23456), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-7.125), "-7.13");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(1234.1), "1234.1");
        assert_eq!(num(1e300), format!("{}", 1e300));
    }

    #[test]
    fn escaping_covers_markup_and_control_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{0}\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos; "
        );
    }

    #[test]
    fn prefixes_are_slugs() {
        assert_eq!(
            default_id_prefix("Distributed web infrastructure"),
            "archc-distributed-web-infrastructure-"
        );
        assert_eq!(default_id_prefix("  ¿¡ !"), "archc-diagram-");
        assert_eq!(sanitize_prefix("9 <x>"), "a9--x-");
    }

    #[test]
    fn bends_are_rounded_and_straight_lines_are_not() {
        assert_eq!(rounded_path(&[[0.0, 0.0], [0.0, 10.0]], 7.0), "M0 0L0 10");
        let d = rounded_path(&[[0.0, 0.0], [0.0, 40.0], [40.0, 40.0]], 7.0);
        assert_eq!(d, "M0 0L0 33Q0 40 7 40L40 40");
    }
}
