//! From a [`Model`] to the layout's input: what each box of the diagram holds and how big it is.
//!
//! The diagram draws every component as a card: its kind's icon on the left, its label to the
//! right, wrapped at [`WRAP_WIDTH`] SVG user units, and under the label a smaller caption naming
//! the kind (and a database's role, or the `software`). Hosts, zones and clusters are containers
//! with a label band at their top; every link is an edge labelled with its protocol and its label
//! (`https · writes`).
//!
//! A host's own firewall and its monitoring agent, when no link names them, belong to the host
//! as a whole (the firewall guards every link that enters the host, the agent watches all of
//! it): they are drawn as *badges*, icon and label, in the host's label band, not as cards, and
//! the layout never sees them ([`is_badge`]). Such components have no box in the geometry.
//!
//! Every size here is measured with the embedded font's metrics
//! ([`crate::layout::text::text_width`]), and the SVG renderer ([`super::svg`]) draws with the
//! same [`NodeContent`], [`ContainerContent`] and [`edge_label`], so text always fits its box.
//!
//! Index conventions of the [`LayoutInput`] built by [`layout_input`]: node `i` is the `i`-th
//! component of the model in source order, container `j` the `j`-th container in source order,
//! and edge `k` draws the links [`Index::edges`]`[k]`: one edge per link statement and pair of
//! ends, a cluster named in the statement counting as one end, so that a link written to a
//! cluster is one edge to the cluster's box rather than one per member.
//!
//! Each link's edge carries its kind ([`edge_kind`]), and the input's `same_rank` pairs
//! ([`tier_pairs`]) keep a host's monitoring agent in the tier of the host's entry, so that hosts
//! stay compact.

use crate::layout::text::{line_height, text_width, wrap};
use crate::layout::{
    ContainerSpec, Direction as LayoutDirection, EdgeKind, EdgeSpec, Geometry, LabelSpec,
    LayoutInput, NodeSpec, Routing,
};
use crate::model::{
    ComponentKind, ContainerKind, Direction, ElementId, Kind, Link, LinkKind, Model, Role, Trust,
};

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

/// Which model element each node and container of a [`LayoutInput`] stands for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    /// Node `i` is component `nodes[i]`.
    pub nodes: Vec<ElementId>,
    /// Container `j` is container element `containers[j]`.
    pub containers: Vec<ElementId>,
    /// Edge `k` draws the model's links `edges[k]` (indices into `model.links`, in source order):
    /// one link, or the links of one statement written to or from a cluster, drawn as one edge
    /// to the cluster's box.
    pub edges: Vec<Vec<usize>>,
}

/// Lays a model out: [`layout_input`], then [`crate::layout::layout`]; `Geometry::edges[k]`
/// draws the links `Index::edges[k]`.
pub fn layout(model: &Model) -> Geometry {
    layout_routed(model, Routing::default())
}

/// [`layout`] with edges drawn the way `routing` says.
pub fn layout_routed(model: &Model, routing: Routing) -> Geometry {
    let (mut input, _) = layout_input(model);
    input.routing = routing;
    crate::layout::layout(&input)
}

/// What a link stands for in the diagram: its [`LinkKind`] (a request, a `~>` link that
/// carries no requests, or replication as the model defines it).
pub fn edge_kind(_model: &Model, link: &Link) -> EdgeKind {
    match link.kind {
        LinkKind::Request => EdgeKind::Request,
        LinkKind::NonRequest => EdgeKind::NonRequest,
        LinkKind::Replication => EdgeKind::Replication,
    }
}

/// The tier pairs of a model: `(member, entry)` pairs of components of one host to draw in one
/// tier, in source order. A host's *entry* is its first component, in source order, that a link
/// from outside the host reaches (else its first component with a link that is not a monitoring
/// agent); its monitoring agents that no link reaches, and its cards with no link at all, share
/// the entry's tier instead of taking tiers of their own below it, so hosts stay compact.
pub fn tier_pairs(model: &Model) -> Vec<(ElementId, ElementId)> {
    let mut pairs = Vec::new();
    for host in model.containers(ContainerKind::Host) {
        let inside: Vec<ElementId> = model
            .components_in(host)
            .into_iter()
            .filter(|&c| model.host_of(c) == Some(host) && !is_badge(model, c))
            .collect();
        let in_host = |c: ElementId| model.host_of(c) == Some(host);
        let agent = |c: ElementId| model.element(c).is(ComponentKind::Monitoring);
        let reached = |c: ElementId| model.incoming(c).next().is_some();
        let linked = |c: ElementId| reached(c) || model.outgoing(c).next().is_some();
        let entry = inside
            .iter()
            .copied()
            .find(|&c| model.incoming(c).any(|l| !in_host(model.link(l).from)))
            .or_else(|| inside.iter().copied().find(|&c| linked(c) && !agent(c)));
        let Some(entry) = entry else { continue };
        for &c in &inside {
            if c != entry && ((agent(c) && !reached(c)) || !linked(c)) {
                pairs.push((c, entry));
            }
        }
    }
    pairs
}

/// The link (an index into `model.links`) that stands in the layout for `links`, the member
/// links of one link statement between the same two ends: the link from the middle one of the
/// distinct sources to the middle one of the distinct targets (each in source order), so that a
/// link between two clusters joins their members of the same rank and the clusters line up
/// instead of shifting sideways by one member per tier; the middle link of the group when that
/// pair is not linked.
fn representative(model: &Model, links: &[usize]) -> usize {
    let middle = |end: fn(&Link) -> ElementId| {
        let mut ends: Vec<ElementId> = links.iter().map(|&k| end(&model.links[k])).collect();
        ends.sort();
        ends.dedup();
        ends[ends.len() / 2]
    };
    let (from, to) = (middle(|l| l.from), middle(|l| l.to));
    links
        .iter()
        .copied()
        .find(|&k| model.links[k].from == from && model.links[k].to == to)
        .unwrap_or(links[links.len() / 2])
}

/// Builds the layout's input from a model: one node per component but badges (source order) sized by
/// [`node_content`], one container per host, zone and cluster (source order) with the label
/// band of [`container_content`], and one edge per link (source order) labelled by
/// [`edge_label`]. Returns the input and which element each node and container is.
pub fn layout_input(model: &Model) -> (LayoutInput, Index) {
    let mut index = Index::default();
    let mut slot: Vec<Option<usize>> = vec![None; model.elements.len()];
    for id in model.ids() {
        match model.element(id).kind {
            Kind::Component(_) if is_badge(model, id) => {}
            Kind::Component(_) => {
                slot[id.0] = Some(index.nodes.len());
                index.nodes.push(id);
            }
            Kind::Container(_) => {
                slot[id.0] = Some(index.containers.len());
                index.containers.push(id);
            }
        }
    }
    let parent_slot = |id: ElementId| model.element(id).parent.and_then(|p| slot[p.0]);
    let nodes = index
        .nodes
        .iter()
        .map(|&id| {
            let c = node_content(model, id);
            NodeSpec {
                id: model.element(id).id.clone(),
                width: c.width,
                height: c.height,
                parent: parent_slot(id),
            }
        })
        .collect();
    let containers = index
        .containers
        .iter()
        .map(|&id| {
            let e = model.element(id);
            let c = container_content(model, id);
            ContainerSpec {
                id: e.id.clone(),
                kind: e.kind.as_str().to_string(),
                label_width: c.label_width,
                label_height: c.label_height,
                parent: parent_slot(id),
            }
        })
        .collect();
    // One edge per link statement and pair of ends, where a link written to or from a cluster
    // counts the cluster as its end: `a -> cluster` is one edge to the cluster's box, not one per
    // member. The group's middle link stands for it in the layout (see `representative`).
    let end = |l: &Link, i: usize| l.via[i].unwrap_or(if i == 0 { l.from } else { l.to });
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: std::collections::BTreeMap<(usize, ElementId, ElementId), usize> =
        std::collections::BTreeMap::new();
    for (k, l) in model.links.iter().enumerate() {
        if slot[l.from.0].is_none() || slot[l.to.0].is_none() {
            continue;
        }
        let key = (l.statement, end(l, 0), end(l, 1));
        let g = *group_of.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(k);
    }
    let container_slot = |c: Option<ElementId>| c.and_then(|c| slot[c.0]);
    let reps: Vec<usize> = groups
        .iter()
        .map(|links| representative(model, links))
        .collect();
    let edges: Vec<EdgeSpec> = reps
        .iter()
        .filter_map(|&k| {
            let l = &model.links[k];
            let via = [container_slot(l.via[0]), container_slot(l.via[1])];
            Some(EdgeSpec {
                from: slot[l.from.0]?,
                to: slot[l.to.0]?,
                label: edge_label(l, model.direction),
                kind: edge_kind(model, l),
                via,
            })
        })
        .collect();
    // The members a group's edge stands for share the tier of its representative, as they
    // would with one edge each.
    let mut pairs = tier_pairs(model);
    for (links, &k) in groups.iter().zip(&reps) {
        let rep = &model.links[k];
        for &k in links {
            let l = &model.links[k];
            if l.via[0].is_some() && l.from != rep.from {
                pairs.push((l.from, rep.from));
            }
            if l.via[1].is_some() && l.to != rep.to {
                pairs.push((l.to, rep.to));
            }
        }
    }
    let same_rank = pairs
        .into_iter()
        .filter_map(|(a, b)| Some((slot[a.0]?, slot[b.0]?)))
        .collect();
    // A component reached from (or reaching) a cluster sits centred on the members the link
    // stands for, not on the cluster's box, whose agents widen it to one side: when it is the
    // only one that links the cluster that way. Several, such as the web servers behind a
    // cluster of load balancers, cannot all stand under its middle, and pulling each there
    // would stretch the cluster across them.
    let mut fans: std::collections::BTreeMap<(usize, ElementId), usize> =
        std::collections::BTreeMap::new();
    for &k in &reps {
        let l = &model.links[k];
        for (i, c) in l.via.iter().enumerate() {
            if let Some(c) = c {
                *fans.entry((i, *c)).or_default() += 1;
            }
        }
    }
    let mut centre_over = Vec::new();
    for (links, &k) in groups.iter().zip(&reps) {
        let rep = &model.links[k];
        let alone = rep
            .via
            .iter()
            .enumerate()
            .all(|(i, c)| c.is_none_or(|c| fans.get(&(i, c)).copied().unwrap_or(0) <= 1));
        if !alone {
            continue;
        }
        let (v, ends): (ElementId, Vec<ElementId>) = match rep.via {
            [Some(_), None] => (rep.to, links.iter().map(|&j| model.links[j].from).collect()),
            [None, Some(_)] => (rep.from, links.iter().map(|&j| model.links[j].to).collect()),
            _ => continue,
        };
        let mut ends: Vec<usize> = ends.into_iter().filter_map(|e| slot[e.0]).collect();
        ends.sort_unstable();
        ends.dedup();
        if let (Some(v), false) = (slot[v.0], ends.is_empty()) {
            centre_over.push((v, ends));
        }
    }
    index.edges = groups;
    let direction = match model.direction {
        Direction::Down => LayoutDirection::Down,
        Direction::Right => LayoutDirection::Right,
    };
    (
        LayoutInput {
            direction,
            nodes,
            containers,
            edges,
            routing: Routing::default(),
            same_rank,
            centre_over,
        },
        index,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::text_width;

    fn model(src: &str) -> Model {
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
    fn input_follows_source_order_and_nesting() {
        let m = model(
            "client u\nzone z { host h \"Box\" { ip = 10.0.0.1; database d { role = primary } } }\nu -> d : mysql \"writes\"\nu -> d",
        );
        let (input, index) = layout_input(&m);
        assert_eq!(input.nodes.len(), 2);
        assert_eq!(input.containers.len(), 2);
        assert_eq!(input.containers[1].parent, Some(0));
        assert_eq!(input.nodes[1].parent, Some(1));
        assert_eq!(input.nodes[0].parent, None);
        assert_eq!(
            index.nodes,
            vec![m.find("u").unwrap(), m.find("d").unwrap()]
        );
        assert_eq!(input.edges.len(), 2);
        assert_eq!(
            input.edges[0].label.as_ref().unwrap().text,
            "mysql · writes"
        );
        assert!(input.edges[1].label.is_none());
        assert_eq!(
            caption(&m, m.find("d").unwrap()),
            "database · primary".to_string()
        );
        let host = container_content(&m, m.find("h").unwrap());
        assert_eq!(host.detail, "10.0.0.1");
        assert!(host.label_width > text_width("Box", CONTAINER_LABEL_SIZE));
    }

    #[test]
    fn only_a_lone_component_linked_with_a_cluster_is_centred_on_its_members() {
        let cluster = "cluster lbs { host a { load_balancer lb1 }\n host b { load_balancer lb2 } }";
        let centred = |source: &str| {
            let m = model(source);
            let (input, index) = layout_input(&m);
            input
                .centre_over
                .iter()
                .map(|(v, _)| m.element(index.nodes[*v]).id.clone())
                .collect::<Vec<_>>()
        };
        // One web server behind the cluster: it sits under the middle of both members.
        assert_eq!(
            centred(&format!("{cluster}\nweb_server w1\nlbs -> w1 : http")),
            ["w1"]
        );
        // Three, in one statement or in three: none is pulled there, since they cannot all be.
        for links in [
            "lbs -> w1, w2, w3 : http",
            "lbs -> w1\nlbs -> w2\nlbs -> w3",
        ] {
            let source = format!("{cluster}\nweb_server w1\nweb_server w2\nweb_server w3\n{links}");
            assert!(centred(&source).is_empty(), "{links}");
        }
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
