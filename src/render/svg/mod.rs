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
//!
//! Every element is written through the [`svg`](https://docs.rs/svg/0.18) crate by the
//! builder of the `xml` module, which takes raw user text and leaves no way to write it
//! unescaped: the crate escapes markup characters, the builder drops what XML cannot hold.
//! Attributes come in name order, one element per line. The layers that hold the whole
//! drawing (container fills, links, containers, components, labels) are streamed: one element
//! is built, written and dropped at a time.
//!
//! The files: `style` (palettes and the style sheet), `marks` (the review's findings),
//! `containers`, `nodes` (cards and icons), `edges` (arrows and labels), `legend`, `xml`
//! (the writer).

mod containers;
mod edges;
mod legend;
mod marks;
mod nodes;
mod style;
mod xml;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use legend::*;
use marks::*;
use style::*;
use xml::{El, Writer};

use super::diagram::{self, *};
use super::icons::{self, Shape};
use crate::analysis::{Review, Severity};
use crate::layout::text::{line_height, text_width, FONT_FAMILY};
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
    // About what the document takes (some 600 bytes per box or route, and eight uses of the
    // prefix), so that its buffer seldom grows: each growth copies it whole, and holds the old
    // copy and the new at once.
    let boxes = geometry.nodes.len() + geometry.containers.len() + geometry.edges.len();
    let capacity = 32 * 1024 + boxes.saturating_mul(600 + 8 * prefix.len());
    let mut d = Drawing {
        model,
        p: prefix,
        out: Writer::with_capacity(capacity),
        marks,
        icons: Default::default(),
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
    d.out
        .open(El::g().set("transform", format!("translate({},{})", num(dx), num(dy))));
    let containers = d.container_list(geometry);
    d.container_fills(&containers);
    let routes = d.routes(geometry);
    d.containers(&containers);
    d.nodes(geometry);
    d.edge_labels(geometry, &routes);
    d.out.close();
    d.legend(&rows, MARGIN, dy + max_y + LEGEND_GAP);
    d.out.finish()
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
    let mut out = String::with_capacity(12);
    push_num(&mut out, v);
    out
}

/// Appends [`num`]`(v)` to `out`.
fn push_num(out: &mut String, v: f64) {
    let mut buf = [0; 24];
    match num_digits(v, &mut buf) {
        Some(text) => out.push_str(text),
        None => {
            let _ = write!(out, "{}", (v * 100.0).round() / 100.0);
        }
    }
}

/// [`num`]`(v)` written into `buf`, or `None` when `v` is 1e15 or more in magnitude (then
/// `f64`'s `Display` writes it).
fn num_digits(v: f64, buf: &mut [u8; 24]) -> Option<&str> {
    if !v.is_finite() {
        return Some("0");
    }
    // Whole hundredths, written as an integer digit by digit from the end: exact, and without
    // the slow path of fixed-precision float formatting.
    let hundredths = (v * 100.0).round();
    if hundredths.abs() >= 1e17 {
        return None;
    }
    let h = hundredths as i64;
    let (mut whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    let mut i = buf.len();
    let mut put = |i: &mut usize, b: u8| {
        *i -= 1;
        buf[*i] = b;
    };
    if frac != 0 {
        if frac % 10 != 0 {
            put(&mut i, b'0' + (frac % 10) as u8);
        }
        put(&mut i, b'0' + (frac / 10) as u8);
        put(&mut i, b'.');
    }
    loop {
        put(&mut i, b'0' + (whole % 10) as u8);
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if h < 0 {
        put(&mut i, b'-');
    }
    std::str::from_utf8(&buf[i..]).ok()
}

/// Two coordinates, `x y`, as [`num`] writes them.
fn push_point(out: &mut String, p: [f64; 2]) {
    push_num(out, p[0]);
    out.push(' ');
    push_num(out, p[1]);
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Critical => 0,
        Severity::High => 1,
        Severity::Medium => 2,
        Severity::Low | Severity::Info => 3,
    }
}

/// The `data-instances` of an element with `instances`: `3`, or `2..6`.
fn instances_attr(instances: Option<crate::model::Instances>) -> Option<String> {
    instances.map(|n| n.text())
}

fn trust_class(t: Trust) -> &'static str {
    match t {
        Trust::Untrusted => "untrusted",
        Trust::Dmz => "dmz",
        Trust::Trusted => "trusted",
    }
}

struct Drawing<'m> {
    model: &'m Model,
    p: String,
    out: Writer,
    marks: BTreeMap<ElementId, Mark>,
    /// The shapes of each icon drawn so far, as the crate wrote them, by the address of the
    /// icon's shapes and its fill class: an icon is the same in every card of its kind.
    icons: std::cell::RefCell<std::collections::HashMap<(usize, String), xml::Markup>>,
}

impl Drawing<'_> {
    /// Builds and writes an element for each of `items`, in their order, each dropped as soon
    /// as it is written.
    fn write_each<T>(&mut self, items: &[T], build: impl Fn(&Self, &T) -> Option<El>) {
        for item in items {
            if let Some(e) = build(self, item) {
                self.out.write(e);
            }
        }
    }
}

impl Drawing<'_> {
    /// Opens the document and writes its title, description, style sheet, background and
    /// visible title.
    fn header(&mut self, width: f64, height: f64, theme: Theme) {
        let p = &self.p;
        let m = self.model;
        self.out.open(
            El::document()
                .set("id", format!("{p}svg"))
                .set("width", width)
                .set("height", height)
                .set("viewBox", format!("0 0 {} {}", num(width), num(height)))
                .set("role", "img")
                .set("aria-labelledby", format!("{p}title {p}desc"))
                .set("font-family", FONT_FAMILY),
        );
        self.out
            .write(El::title(&m.title).set("id", format!("{p}title")));
        self.out
            .write(El::desc(&self.description()).set("id", format!("{p}desc")));
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
        self.out.write(El::style(&style));
        self.out.write(
            El::rect()
                .set("class", format!("{p}bg"))
                .set("width", width)
                .set("height", height),
        );
        self.out.write(
            El::text_at(
                &m.title,
                format!("{p}tx"),
                MARGIN,
                MARGIN + TITLE_SIZE * 0.85,
                TITLE_SIZE,
            )
            .set("font-weight", "bold"),
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
}

/// The baseline that centres a line of text of `size` on `mid`: DejaVu Sans' capitals and
/// lowercase letters sit around 0.36 em above the baseline.
fn baseline(mid: f64, size: f64) -> f64 {
    mid + size * 0.36
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
        assert_eq!(num(0.0), "0");
        assert_eq!(num(100.07), "100.07");
        assert_eq!(num(-2.1), "-2.1");
        assert_eq!(num(9.999), "10");
        let mut out = String::from("M");
        push_point(&mut out, [-0.004, 1e6 + 0.5]);
        assert_eq!(out, "M0 1000000.5");
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
}
