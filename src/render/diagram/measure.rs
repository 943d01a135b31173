//! What each box of the diagram holds and how big it is: a component's card (label, caption,
//! icon), a container's label band with its badges, and a link's label box, each measured with
//! the embedded font's metrics ([`crate::layout::text::text_width`]). The SVG renderer draws
//! with the same measures, so text always fits its box.

use crate::layout::text::{line_height, text_width, wrap};
use crate::layout::LabelSpec;
use crate::model::{ComponentKind, ContainerKind, Direction, ElementId, Link, Model, Role, Trust};

/// The width, in SVG user units, at which component labels wrap onto another line.
pub const WRAP_WIDTH: f64 = 150.0;
/// Font size of a component's label (SVG user units).
pub const LABEL_SIZE: f64 = 13.0;
/// Line height of a component's label.
pub const LABEL_LINE: f64 = 16.0;
/// Font size of a component's kind caption.
pub const CAPTION_SIZE: f64 = 10.5;
/// Line height of a component's kind caption.
pub const CAPTION_LINE: f64 = 13.0;
/// Horizontal padding inside a component's card.
pub const PAD_X: f64 = 10.0;
/// Vertical padding inside a component's card.
pub const PAD_Y: f64 = 9.0;
/// Side of the square tile that holds a component's icon.
pub const ICON_TILE: f64 = 32.0;
/// Gap between the icon tile and the text.
pub const ICON_GAP: f64 = 10.0;
/// The narrowest text column of a card, so that cards of short labels keep one width.
pub const MIN_TEXT_WIDTH: f64 = 96.0;

/// Font size of a container's name.
pub const CONTAINER_LABEL_SIZE: f64 = 12.0;
/// Font size of a container's details (address, setup, trust).
pub const CONTAINER_DETAIL_SIZE: f64 = 10.5;
/// Height of a container's label (the layout reserves a band for it at the container's top,
/// at [`crate::layout::ContainerBox::title`]).
pub const CONTAINER_LABEL_HEIGHT: f64 = 18.0;
/// Side of the glyph in front of a container's name.
pub const CONTAINER_GLYPH: f64 = 12.0;
/// Gap between a container's glyph and its name.
pub const CONTAINER_GLYPH_GAP: f64 = 6.0;
/// Gap between a container's name and its details.
pub const CONTAINER_DETAIL_GAP: f64 = 8.0;
/// Side of the tile that holds a badge's icon.
pub const BADGE_TILE: f64 = 16.0;
/// Gap in front of each badge.
pub const BADGE_GAP: f64 = 12.0;
/// Gap between a badge's tile and its label.
pub const BADGE_TEXT_GAP: f64 = 4.0;

/// Font size of an edge label.
pub const EDGE_LABEL_SIZE: f64 = 11.0;
/// Height of an edge label's box.
pub const EDGE_LABEL_HEIGHT: f64 = 17.0;
/// Horizontal padding of an edge label's box.
pub const EDGE_LABEL_PAD: f64 = 5.0;
/// Width of the lock glyph in front of an encrypted link's label, gap included.
pub const LOCK_WIDTH: f64 = 11.0;
/// Widest line of an edge label's text in a drawing that runs left to right (SVG user units).
/// There a label's width lies along the flow and widens the gap between two ranks, so a longer
/// text wraps onto more lines, as a hand-drawn left-to-right diagram writes it; top to bottom a
/// label's width lies across the flow, beside its edge, and its text stays on one line.
pub const EDGE_LABEL_WRAP: f64 = 120.0;

/// What a component's card shows, measured.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeContent {
    /// The label, wrapped at [`WRAP_WIDTH`].
    pub lines: Vec<String>,
    /// The caption under the label (kind, role, software), wrapped at [`WRAP_WIDTH`].
    pub caption: Vec<String>,
    /// The card's width in SVG user units.
    pub width: f64,
    /// The card's height in SVG user units.
    pub height: f64,
}

impl NodeContent {
    /// Height of the label and caption lines together.
    pub fn text_height(&self) -> f64 {
        self.lines.len() as f64 * LABEL_LINE + self.caption.len() as f64 * CAPTION_LINE
    }
}

/// The human name of a component kind, as the diagram's captions write it.
pub fn kind_name(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::Client => "client",
        ComponentKind::Dns => "DNS",
        ComponentKind::Cdn => "CDN",
        ComponentKind::Firewall => "firewall",
        ComponentKind::LoadBalancer => "load balancer",
        ComponentKind::WebServer => "web server",
        ComponentKind::AppServer => "application server",
        ComponentKind::Codebase => "codebase",
        ComponentKind::Database => "database",
        ComponentKind::Cache => "cache",
        ComponentKind::Queue => "queue",
        ComponentKind::Storage => "storage",
        ComponentKind::Monitoring => "monitoring",
        ComponentKind::Service => "service",
    }
}

/// The caption of a component: its kind (unless the label already says it), a database's role
/// when it has one, its `software` when written, and its `instances` as `×3` or `×2..6`,
/// joined by ` · `.
pub fn caption(model: &Model, id: ElementId) -> String {
    let e = model.element(id);
    let Some(kind) = e.component_kind() else {
        return String::new();
    };
    let mut parts = Vec::new();
    if !e.label.eq_ignore_ascii_case(kind_name(kind)) {
        parts.push(kind_name(kind).to_string());
    }
    if kind == ComponentKind::Database {
        match model.role(id) {
            Role::Primary => parts.push("primary".into()),
            Role::Replica => parts.push("replica".into()),
            Role::Standalone => {}
        }
    }
    if let Some(sw) = &e.attrs.software {
        parts.push(sw.clone());
    }
    if let Some(n) = e.attrs.instances {
        parts.push(format!("×{}", n.text()));
    }
    parts.join(" · ")
}

/// Wraps text into lines no wider than `max_width` at `font_size` (SVG user units): at spaces;
/// inside a word too long for a line, after its `-`, `/`, `.` and `_` (identifiers such as
/// `payment-gateway-service-01` break where they read well); as a last resort between
/// characters ([`crate::layout::text::wrap`]). Runs of spaces collapse; joining the lines with
/// spaces where a space was gives the text back.
pub fn wrap_label(text: &str, max_width: f64, font_size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let pieces: Vec<&str> = if text_width(word, font_size) <= max_width {
            vec![word]
        } else {
            word.split_inclusive(['-', '/', '.', '_']).collect()
        };
        for (i, piece) in pieces.into_iter().enumerate() {
            let sep = if i == 0 && !current.is_empty() {
                " "
            } else {
                ""
            };
            let joined = format!("{current}{sep}{piece}");
            if current.is_empty() || text_width(&joined, font_size) <= max_width {
                current = joined;
            } else {
                lines.push(std::mem::replace(&mut current, piece.to_string()));
            }
            if text_width(&current, font_size) > max_width {
                // One piece wider than a line: break it between characters.
                let mut parts = wrap(&current, max_width, font_size);
                current = parts.pop().unwrap_or_default();
                lines.extend(parts);
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Measures a component's card: label lines, caption lines, width and height.
pub fn node_content(model: &Model, id: ElementId) -> NodeContent {
    let e = model.element(id);
    let mut lines = wrap_label(&e.label, WRAP_WIDTH, LABEL_SIZE);
    if lines.is_empty() {
        lines.push(e.id.clone());
    }
    let caption = wrap_label(&caption(model, id), WRAP_WIDTH, CAPTION_SIZE);
    let text_w = lines
        .iter()
        .map(|l| text_width(l, LABEL_SIZE))
        .chain(caption.iter().map(|l| text_width(l, CAPTION_SIZE)))
        .fold(MIN_TEXT_WIDTH, f64::max);
    let mut content = NodeContent {
        lines,
        caption,
        width: 0.0,
        height: 0.0,
    };
    content.width = (PAD_X + ICON_TILE + ICON_GAP + text_w + PAD_X).ceil();
    content.height = (content.text_height().max(ICON_TILE) + 2.0 * PAD_Y).ceil();
    content
}

/// What a container's label band shows, measured.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerContent {
    /// The container's label.
    pub name: String,
    /// Details after the name: a host's address, a cluster's setup and virtual IP, a zone's
    /// trust; empty when there are none.
    pub detail: String,
    /// The host's badges, in source order.
    pub badges: Vec<Badge>,
    /// Width of the label: glyph, name, details and badges (SVG user units).
    pub label_width: f64,
    /// Height of the label band.
    pub label_height: f64,
}

/// A component drawn in its host's label band (see [`is_badge`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    /// The component.
    pub id: ElementId,
    /// Its label, on one line.
    pub label: String,
    /// Where its tile starts, from the start of the label (SVG user units).
    pub offset: f64,
    /// The width of its tile and label.
    pub width: f64,
}

/// Whether a component is drawn as a badge of its host rather than as a card: a firewall or a
/// monitoring agent inside a host that no link enters or leaves.
pub fn is_badge(model: &Model, id: ElementId) -> bool {
    let e = model.element(id);
    (e.is(ComponentKind::Firewall) || e.is(ComponentKind::Monitoring))
        && model.host_of(id).is_some()
        && model.incoming(id).next().is_none()
        && model.outgoing(id).next().is_none()
}

/// The badges of a host, in source order (empty for other elements).
pub fn badges(model: &Model, host: ElementId) -> Vec<ElementId> {
    if model.element(host).container_kind() != Some(ContainerKind::Host) {
        return Vec::new();
    }
    model
        .components_in(host)
        .into_iter()
        .filter(|&c| model.host_of(c) == Some(host) && is_badge(model, c))
        .collect()
}

/// Measures a container's label band.
pub fn container_content(model: &Model, id: ElementId) -> ContainerContent {
    let e = model.element(id);
    let mut details: Vec<String> = Vec::new();
    match e.container_kind() {
        Some(ContainerKind::Host) => {
            if let Some(ip) = &e.attrs.ip {
                details.push(ip.clone());
            }
            if let Some(p) = &e.attrs.provider {
                details.push(p.clone());
            }
            if let Some(n) = e.attrs.instances {
                details.push(format!("×{}", n.text()));
            }
        }
        Some(ContainerKind::Cluster) => {
            details.push("cluster".into());
            if let Some(s) = e.attrs.setup {
                details.push(s.as_str().into());
            }
            if let Some(v) = &e.attrs.vip {
                details.push(format!("VIP {v}"));
            }
        }
        Some(ContainerKind::Zone) => {
            if model.is_failure_zone(id) {
                details.push("failure domain".into());
            }
            if model.is_trust_zone(id) {
                details.push(e.attrs.trust.unwrap_or(Trust::Trusted).to_string())
            }
        }
        Some(ContainerKind::Group) => {}
        None => {}
    }
    let detail = details.join(" · ");
    let mut width =
        CONTAINER_GLYPH + CONTAINER_GLYPH_GAP + text_width(&e.label, CONTAINER_LABEL_SIZE);
    if !detail.is_empty() {
        width += CONTAINER_DETAIL_GAP + text_width(&detail, CONTAINER_DETAIL_SIZE);
    }
    let badges = badges(model, id)
        .into_iter()
        .map(|b| {
            let label = model
                .element(b)
                .label
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let w = BADGE_TILE + BADGE_TEXT_GAP + text_width(&label, CONTAINER_DETAIL_SIZE);
            let badge = Badge {
                id: b,
                label,
                offset: width + BADGE_GAP,
                width: w,
            };
            width += BADGE_GAP + w;
            badge
        })
        .collect();
    ContainerContent {
        name: e.label.clone(),
        detail,
        badges,
        label_width: width.ceil(),
        label_height: CONTAINER_LABEL_HEIGHT,
    }
}

/// The text of a link's label: the protocol, then the quoted label, joined by ` · `
/// (`https · writes`); `None` when the link has neither.
pub fn edge_label_text(link: &Link) -> Option<String> {
    match (&link.protocol, &link.label) {
        (Some(p), Some(l)) => Some(format!("{p} · {l}")),
        (Some(p), None) => Some(p.clone()),
        (None, Some(l)) => Some(l.clone()),
        (None, None) => None,
    }
}

/// A link's label box, measured: its text and its size in SVG user units (a lock glyph is
/// drawn in front of the text of an encrypted link). In a drawing that runs `direction`
/// [`Direction::Right`] a text wider than [`EDGE_LABEL_WRAP`] breaks at its ` · ` separators
/// (the protocol on a line of its own, then the label) and each part wraps; the box is as wide
/// as its widest line and each further line adds a [`line_height`] to [`EDGE_LABEL_HEIGHT`].
pub fn edge_label(link: &Link, direction: Direction) -> Option<LabelSpec> {
    let text = edge_label_text(link)?;
    let lock = if link.encrypted { LOCK_WIDTH } else { 0.0 };
    let room = match direction {
        Direction::Down => f64::INFINITY,
        Direction::Right => wrap_room(lock),
    };
    let lines = lines_in(&text, room);
    let widest = lines
        .iter()
        .map(|l| text_width(l, EDGE_LABEL_SIZE))
        .fold(0.0, f64::max);
    Some(LabelSpec {
        width: (2.0 * EDGE_LABEL_PAD + widest + lock).ceil(),
        height: EDGE_LABEL_HEIGHT + (lines.len() - 1) as f64 * line_height(EDGE_LABEL_SIZE),
        text,
    })
}

/// The lines an edge label's `text` is drawn on in its box of `width` (SVG user units), with
/// the lock glyph in front if `encrypted`: the lines [`edge_label`] measured. A text that fits
/// the box is one line; a wider one was wrapped at [`EDGE_LABEL_WRAP`], and a greedy wrap at
/// any width from the widest of its lines up to that one breaks it at the same places (the box
/// is rounded up, so its room may pass that width by a fraction of a unit, hence the `min`).
pub fn edge_label_lines(text: &str, width: f64, encrypted: bool) -> Vec<String> {
    let lock = if encrypted { LOCK_WIDTH } else { 0.0 };
    let room = width - 2.0 * EDGE_LABEL_PAD - lock + 1e-6;
    if text_width(text, EDGE_LABEL_SIZE) <= room {
        return vec![text.to_string()];
    }
    lines_in(text, room.min(wrap_room(lock)))
}

/// Room for the text on one line of a label wrapped at [`EDGE_LABEL_WRAP`], with `lock` the
/// width of its lock glyph (0 for none).
fn wrap_room(lock: f64) -> f64 {
    EDGE_LABEL_WRAP - 2.0 * EDGE_LABEL_PAD - lock
}

/// `text` on one line if it is at most `room` wide, else broken at its ` · ` separators and
/// each part wrapped at `room` by [`wrap_label`]; never empty.
fn lines_in(text: &str, room: f64) -> Vec<String> {
    if text_width(text, EDGE_LABEL_SIZE) <= room {
        return vec![text.to_string()];
    }
    let lines: Vec<String> = text
        .split(" · ")
        .flat_map(|part| wrap_label(part, room, EDGE_LABEL_SIZE))
        .collect();
    if lines.is_empty() {
        vec![text.to_string()]
    } else {
        lines
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::layout::text::text_width;

    /// The model of `src`, which must compile.
    pub(in crate::render::diagram) fn model(src: &str) -> Model {
        crate::compile(src, "t").expect("compiles").model
    }

    #[test]
    fn cards_fit_their_wrapped_text() {
        let m = model(
            "web_server w \"A web server with a label long enough to wrap onto several lines\"",
        );
        let c = node_content(&m, m.find("w").unwrap());
        assert!(c.lines.len() > 1, "{:?}", c.lines);
        for l in &c.lines {
            assert!(text_width(l, LABEL_SIZE) <= WRAP_WIDTH);
            assert!(PAD_X + ICON_TILE + ICON_GAP + text_width(l, LABEL_SIZE) + PAD_X <= c.width);
        }
        assert!(c.text_height() + 2.0 * PAD_Y <= c.height);
        assert_eq!(c.caption, vec!["web server".to_string()]);
    }

    #[test]
    fn long_identifiers_break_after_their_hyphens() {
        let lines = wrap_label("payment-gateway-service-01 and more", 110.0, LABEL_SIZE);
        assert!(lines.len() >= 2, "{lines:?}");
        for l in &lines {
            assert!(text_width(l, LABEL_SIZE) <= 110.0, "{l}");
        }
        assert!(lines[0].ends_with('-'), "{lines:?}");
        assert_eq!(
            lines.concat().replace(' ', ""),
            "payment-gateway-service-01andmore"
        );
        // Without break characters, a long word still breaks between characters.
        let lines = wrap_label("Supercalifragilisticexpialidocious", 60.0, LABEL_SIZE);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| text_width(l, LABEL_SIZE) <= 60.0));
        assert_eq!(
            wrap_label("a  b", 100.0, LABEL_SIZE),
            vec!["a b".to_string()]
        );
        assert!(wrap_label("  ", 100.0, LABEL_SIZE).is_empty());
    }

    #[test]
    fn left_to_right_labels_wrap_along_the_flow_and_draw_on_the_lines_measured() {
        let m = model(
            "client u\nservice s\nu -> s : https \"metrics and logs from every collector\"\n\
             u -> s : http \"health\"",
        );
        let down = edge_label(&m.links[0], Direction::Down).unwrap();
        let right = edge_label(&m.links[0], Direction::Right).unwrap();
        assert_eq!(down.height, EDGE_LABEL_HEIGHT);
        assert!(right.width <= EDGE_LABEL_WRAP && right.width < down.width);
        let lines = edge_label_lines(&right.text, right.width, true);
        assert_eq!(lines[0], "https", "the protocol takes the first line");
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(
            lines[1..].join(" "),
            "metrics and logs from every collector"
        );
        let extra = (lines.len() - 1) as f64 * line_height(EDGE_LABEL_SIZE);
        assert!((right.height - EDGE_LABEL_HEIGHT - extra).abs() < 1e-9);
        // A label that fits stays on one line in either direction, as measured.
        let short = edge_label(&m.links[1], Direction::Right).unwrap();
        assert_eq!(short, edge_label(&m.links[1], Direction::Down).unwrap());
        assert_eq!(
            edge_label_lines(&short.text, short.width, false),
            vec![short.text.clone()]
        );
        assert_eq!(
            edge_label_lines(&down.text, down.width, true),
            vec![down.text.clone()]
        );
    }

    #[test]
    fn encrypted_labels_make_room_for_the_lock() {
        let m = model("client u\nservice s\nu -> s : https\nu -> s : http");
        let a = edge_label(&m.links[0], Direction::Down).unwrap();
        let b = edge_label(&m.links[1], Direction::Down).unwrap();
        assert!(a.width >= b.width + LOCK_WIDTH - 1.0 - text_width("s", EDGE_LABEL_SIZE));
    }
}
