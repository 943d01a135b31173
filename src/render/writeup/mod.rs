//! The design write-up in Markdown: the document people would otherwise write by hand.
//!
//! [`markdown`] turns a [`Model`] and its [`Review`] into one CommonMark document (with GitHub
//! tables) in a fixed order: title and description; the diagram; how a request flows; the
//! elements; how each part works (servers, DNS, protocols, load balancing, clusters,
//! databases, firewalls, HTTPS, monitoring); the review; the assumptions made. Every sentence
//! names the design's own elements, addresses and settings; the general explanations come from
//! [`crate::knowledge`].
//!
//! Every piece of user text goes through [`escape`] (or [`code`] for code spans), so that
//! labels, reasons and records never change the document's structure. The output is
//! deterministic: elements, links and findings are visited in source order.

mod background;
mod glance;
mod operations;
mod passes;
mod tables;
pub(crate) mod tree;

use std::cell::RefCell;
use std::fmt::Write as _;

use super::english::{agree, capitalize, count, ends_and_size, join_and, join_or, points};
pub(crate) use super::english::{duration, percent};

use tree::{Block, Figure};

use crate::analysis::rules::Group;
use crate::analysis::{Finding, Review};
use crate::knowledge;
use crate::model::{
    Access, ComponentKind as C, ContainerKind, ElementId, Failover, Kind, LinkId, LinkKind, Model,
    Replication, Role, Setup, Tls,
};

/// How the write-up shows the diagram.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocOptions {
    /// A relative path or URL of the SVG diagram, e.g. `1-distributed_web_infrastructure.svg`:
    /// the document links to it as an image.
    pub svg_link: Option<String>,
    /// The SVG text itself, inlined in the document (wins over `svg_link`). Produced by
    /// archc's SVG renderer, it is trusted: it is inlined as it is, less its XML declaration
    /// and blank lines (which would end the HTML block).
    pub inline_svg: Option<String>,
    /// How much per-element detail and general background the document carries.
    pub detail: Detail,
}

/// How much a write-up says (`archc doc --detail`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// At a glance, the review and the assumptions: what a reviewer acts on.
    Brief,
    /// Brief, plus the request flow, the elements, how the parts work in this design and
    /// operations; then the Background appendix of general explanations.
    #[default]
    Standard,
    /// Standard, plus what each part does and each protocol, element by element.
    Full,
}

/// Writes the design write-up of `model` and its `review` as Markdown (CommonMark with GitHub
/// tables).
///
/// The diagram section appears when `options` gives an SVG to link or inline; every other
/// section is always present. Never fails; the same input always gives the same bytes.
pub fn markdown(model: &Model, review: &Review, options: &DocOptions) -> String {
    tree::markdown(&document(model, review, options))
}

/// The whole document at `options.detail`, as blocks: the tree that [`markdown`] and
/// [`crate::render::html::html`] render. The diagram is a [`Figure`] block: the inline SVG of
/// `options.inline_svg`, else the image of `options.svg_link`, else no Diagram section.
pub(crate) fn document(model: &Model, review: &Review, options: &DocOptions) -> Vec<Block> {
    let figure = match (&options.inline_svg, &options.svg_link) {
        (Some(svg), _) => Some(Figure::Svg(svg.clone())),
        (None, Some(link)) => Some(Figure::Image {
            alt: format!("Diagram of {}", escape(&model.title)),
            src: link_destination(link),
        }),
        (None, None) => None,
    };
    Doc::new(model, review, options.detail).write(figure, options.detail)
}

// ---------------------------------------------------------------------------------------------
// Escaping.

/// Escapes user text for use in Markdown prose or a table cell: every character that could
/// start emphasis, a link, HTML, a code span, a heading, a list, a table cell or an entity is
/// preceded by a backslash, and line breaks become spaces. The result renders as the text
/// itself.
///
/// ```
/// use archc::render::markdown::escape;
/// assert_eq!(escape("a*b_c|d"), r"a\*b\_c\|d");
/// assert_eq!(escape("# x"), r"\# x");
/// assert_eq!(escape("1. x"), r"1\. x");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut start = true;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            // Block markers that only matter at the start of a line: a list (`-`, `+`, `1.`,
            // `1)`), a setext underline (`=`). Escaping them anywhere is harmless.
            '-' | '+' | '=' if start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if i > 0 && chars[..i].iter().all(|d| d.is_ascii_digit()) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        if !c.is_whitespace() {
            start = false;
        }
    }
    out
}

/// An inline code span holding `text` as it is (outside tables).
///
/// ```
/// use archc::render::markdown::code;
/// assert_eq!(code("tcp/443"), "`tcp/443`");
/// assert_eq!(code("a`b"), "``a`b``");
/// ```
pub fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A code span inside a table cell: a `|` must be escaped even there (GitHub tables).
fn code_cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

/// An Elements table's address cell: the element's `ip`, else its `vip` (marked virtual),
/// else `host_ip` (marked as its host's), then its `port`; a dash when it has none of them.
fn address_cell(attrs: &crate::model::Attrs, host_ip: Option<&str>) -> String {
    let mut address = match (attrs.ip.as_deref(), attrs.vip.as_deref(), host_ip) {
        (Some(ip), _, _) => code_cell(ip),
        (None, Some(vip), _) => format!("{} (virtual IP)", code_cell(vip)),
        (None, None, Some(ip)) => format!("{} (its host's)", code_cell(ip)),
        (None, None, None) => String::new(),
    };
    if let Some(p) = attrs.port {
        if address.is_empty() {
            address = format!("port {p}");
        } else {
            let _ = write!(address, ", port {p}");
        }
    }
    if address.is_empty() {
        address = "—".to_string();
    }
    address
}

/// A finding's message: text with identifiers in backticks. The backticked parts become code
/// spans (inside which nothing is interpreted) and the rest is escaped; with unbalanced
/// backticks, everything is escaped.
pub fn message(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i % 2 == 1 { code(p) } else { escape(p) })
        .collect()
}

/// User text in quotation marks.
fn quote(text: &str) -> String {
    format!("“{}”", escape(text))
}

/// Makes the description one paragraph of inline Markdown that has no active content.
///
/// The description is parsed as CommonMark (pulldown-cmark) and written back from its events,
/// keeping emphasis, strong emphasis, code spans and links whose target
/// [`safe_link_target`] accepts; everything else is text, escaped with [`escape`]: raw HTML,
/// a link to any other scheme (`javascript:`, `data:`, `vbscript:`…) and its target, and an
/// image (only its alternative text: an image would load from elsewhere). Line breaks become
/// spaces and a leading block marker is escaped first, so the description stays one
/// paragraph: `# x` is the text `# x`, not a heading.
///
/// ```
/// use archc::render::markdown::description_paragraph;
/// assert_eq!(description_paragraph("*Fast* [docs](https://x.org)"), "*Fast* [docs](https://x.org)");
/// assert_eq!(description_paragraph("[a](javascript:alert(1)) <b>"), r"a \<b\>");
/// assert_eq!(description_paragraph("# One\n- two"), r"\# One - two");
/// ```
pub fn description_paragraph(text: &str) -> String {
    use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
    let mut out = String::new();
    // For each open link: whether it was kept (so its end writes the target).
    let mut links: Vec<Option<String>> = Vec::new();
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for event in Parser::new(&inline_only(&one_line)) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&escape(&t));
            }
            Event::Code(t) => out.push_str(&code(&t)),
            Event::SoftBreak | Event::HardBreak | Event::Rule => space(&mut out),
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => out.push('*'),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => out.push_str("**"),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let dest = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let kept = safe_link_target(&dest);
                if kept.is_some() {
                    out.push('[');
                }
                links.push(kept);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(dest)) = links.pop() {
                    let _ = write!(out, "]({})", link_destination(&dest));
                }
            }
            // Images keep their alternative text only; blocks become spaces.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(_) | Event::End(_) => space(&mut out),
            _ => {}
        }
    }
    // A leading `-`, `+` or `1.` is escaped by `escape` already; a leading `*` is emphasis
    // (a list needs a space after it, which emphasis never has).
    out.trim().to_string()
}

/// One line of Markdown that parses as one paragraph: a marker that would start another
/// block at its beginning (a heading's `#`, a quote's `>`, a list item's `-`, `+`, `*` or
/// `1.` before a space, a thematic break, a code fence) is escaped. Emphasis at the start
/// (`*Fast*`) is not a marker and is kept.
fn inline_only(line: &str) -> String {
    let first = line.chars().next();
    let second = line.chars().nth(1);
    let thematic = first.is_some_and(|c| {
        matches!(c, '*' | '-' | '_')
            && line.chars().filter(|&d| d == c).count() >= 3
            && line.chars().all(|d| d == c || d == ' ' || d == '\t')
    });
    let list = matches!(first, Some('-' | '+' | '*')) && matches!(second, None | Some(' '));
    if thematic
        || list
        || matches!(first, Some('#' | '>'))
        || line.starts_with("```")
        || line.starts_with("~~~")
    {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if (rest.starts_with('.') || rest.starts_with(')'))
            && matches!(rest[1..].chars().next(), None | Some(' '))
        {
            return format!("{}\\{rest}", &line[..digits]);
        }
    }
    line.to_string()
}

/// The target of a link that the write-up may keep, or `None`: `http:`, `https:` and
/// `mailto:` URLs, and relative references (no scheme: `docs/x.md`, `#section`, `/a`).
///
/// The scheme is read as a browser reads it (the WHATWG URL standard, "scheme state"): control
/// characters (tab and line breaks included) are removed first and surrounding spaces
/// trimmed, so `java\tscript:` is `javascript:`; the scheme is compared without case.
/// The returned target is that normalised text.
///
/// ```
/// use archc::render::markdown::safe_link_target;
/// assert_eq!(safe_link_target("HTTPS://x.org/a?b#c").as_deref(), Some("HTTPS://x.org/a?b#c"));
/// assert_eq!(safe_link_target("docs/rules.md").as_deref(), Some("docs/rules.md"));
/// assert_eq!(safe_link_target(" java\tscript:alert(1)"), None);
/// assert_eq!(safe_link_target("data:text/html,x"), None);
/// ```
pub fn safe_link_target(dest: &str) -> Option<String> {
    let cleaned: String = dest.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim_matches(' ').to_string();
    let end = cleaned.find([':', '/', '?', '#']);
    let Some(colon) = end.filter(|&i| cleaned[i..].starts_with(':')) else {
        return Some(cleaned); // no scheme: a relative reference
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // `a b:c` has no valid scheme: a browser reads it as a relative path.
        return Some(cleaned);
    }
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "mailto"
    )
    .then_some(cleaned)
}

/// Percent-encodes what would break a Markdown link destination, and escapes what would
/// change it when read back (`&` would start an entity reference).
fn link_destination(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        match c {
            '&' => out.push_str("\\&"),
            ' ' | '(' | ')' | '<' | '>' | '\\' | '"' | '\'' | '`' | '|' | '[' | ']' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Removes duplicates, keeping the first occurrence.
fn dedup<T: PartialEq + Copy>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The document.

struct Doc<'a> {
    m: &'a Model,
    r: &'a Review,
    /// Assumptions made while writing, in the order met.
    assumptions: RefCell<Vec<String>>,
    /// Whether the document carries every per-element explanation (`--detail full`): every
    /// name in full, and the general paragraphs beside the design's own.
    full: bool,
    /// Whether the document ends with the Background appendix, which its body may link to.
    background: bool,
    /// Per element, whether the document has already named it in full (`Label (`id`)`): the
    /// shorter documents name an element in full once, and by its identifier after that.
    named: RefCell<Vec<bool>>,
    /// Whether the document has already contrasted the two setups of a load balancer.
    contrasted: std::cell::Cell<bool>,
    /// Whether the document summarises a large design (below `--detail full`, more than
    /// [`SUMMARISED_ABOVE`] components): one Elements row per kind, and the repeated
    /// per-element statements of a section said once with the elements they apply to.
    summarised: bool,
    /// Whether a summarised document has already said how an application uses a primary and
    /// its replicas (where writes go, replication lag): later databases give their own facts.
    replicas_explained: std::cell::Cell<bool>,
}

/// The number of components above which the standard document summarises a design (see
/// `Doc::summarised`): the four example designs have at most 20.
const SUMMARISED_ABOVE: usize = 40;

/// How a step of the request flow is grouped.
#[derive(PartialEq)]
struct StepKey<'a> {
    depth: usize,
    from: Kind,
    to: Kind,
    protocol: Option<&'a str>,
    label: Option<&'a str>,
    access: Access,
    encrypted: bool,
    via: [Option<ElementId>; 2],
    /// The source, when a step must not merge sources (load balancers outside clusters).
    own_source: Option<ElementId>,
    /// The target, when a step must not merge targets (a client's entry points).
    own_target: Option<ElementId>,
}

impl<'a> Doc<'a> {
    fn new(m: &'a Model, r: &'a Review, detail: Detail) -> Self {
        Doc {
            m,
            r,
            assumptions: RefCell::new(Vec::new()),
            full: detail == Detail::Full,
            background: detail != Detail::Brief,
            named: RefCell::new(vec![false; m.elements.len()]),
            contrasted: std::cell::Cell::new(false),
            summarised: detail == Detail::Standard && m.components().count() > SUMMARISED_ABOVE,
            replicas_explained: std::cell::Cell::new(false),
        }
    }

    /// The document's blocks: every section in order, then the passes over the tree.
    fn write(&self, figure: Option<Figure>, detail: Detail) -> Vec<Block> {
        // Sections are written first, the assumptions last: the others record them.
        let mut sections = vec![
            tree::parse(&self.title()),
            tree::parse(&self.at_a_glance()),
            self.diagram(figure),
        ];
        if detail != Detail::Brief {
            sections.extend([
                tree::parse(&self.flow()),
                tree::parse(&self.elements()),
                tree::parse(&self.how_it_works(detail)),
                tree::parse(&self.operations()),
            ]);
        }
        sections.extend([
            tree::parse(&self.review()),
            tree::parse(&self.availability()),
        ]);
        sections.push(tree::parse(&self.assumptions_section()));
        if detail != Detail::Brief {
            let body = tree::markdown(&sections.concat());
            sections.push(tree::parse(&self.background_appendix(&body)));
        }
        let mut blocks = sections.concat();
        if !self.full {
            passes::gloss_once(&mut blocks);
            let ids: std::collections::BTreeSet<&str> =
                self.m.elements.iter().map(|e| e.id.as_str()).collect();
            blocks = passes::collapse_alike(blocks, &ids, self.summarised);
            if self.summarised {
                passes::abbreviate_lists(&mut blocks, &ids);
            }
        }
        blocks
    }

    fn assume(&self, text: String) {
        let mut a = self.assumptions.borrow_mut();
        if !a.contains(&text) {
            a.push(text);
        }
    }

    // --- Names -------------------------------------------------------------------------------

    /// `Label (`id`)`, or `` `id` `` when the label is the identifier; below `--detail full`,
    /// `` `id` `` once the document has named the element in full.
    fn name(&self, id: ElementId) -> String {
        let seen = !self.full && std::mem::replace(&mut self.named.borrow_mut()[id.0], true);
        // A summarised document's Elements table gives its zones' and clusters' labels; the
        // text names them by identifier, so that alike steps stay alike.
        let container = matches!(self.m.element(id).kind, Kind::Container(_));
        if seen || container && self.summarised {
            code(&self.m.element(id).id)
        } else {
            self.full_name(id)
        }
    }

    /// `Label (`id`)`, or `` `id` `` when the label is the identifier, wherever it is written.
    fn full_name(&self, id: ElementId) -> String {
        let e = self.m.element(id);
        if e.label == e.id {
            code(&e.id)
        } else {
            format!("{} ({})", escape(&e.label), code(&e.id))
        }
    }

    fn names(&self, ids: &[ElementId]) -> String {
        if !self.full && ids.len() > 5 {
            // A long list: its ends and its size, under its one label when it has one.
            if self.shares_label(ids) {
                let fresh = ids.iter().any(|&i| !self.named.borrow()[i.0]);
                for &i in ids {
                    self.named.borrow_mut()[i.0] = true;
                }
                let e = |i: ElementId| code(&self.m.element(i).id);
                let list = format!("{}, {} … {}", e(ids[0]), e(ids[1]), e(ids[ids.len() - 1]));
                return if fresh {
                    format!(
                        "{} ({list}; {} in all)",
                        escape(&self.m.element(ids[0]).label),
                        ids.len()
                    )
                } else {
                    format!("{list} ({} in all)", ids.len())
                };
            }
            let shown: Vec<String> = [ids[0], ids[1], ids[ids.len() - 1]]
                .iter()
                .map(|&i| self.name(i))
                .collect();
            for &i in ids {
                self.named.borrow_mut()[i.0] = true;
            }
            return format!(
                "{}, {} … {} ({} in all)",
                shown[0],
                shown[1],
                shown[2],
                ids.len()
            );
        }
        self.names_with(ids, |i| code(&self.m.element(i).id))
    }

    /// Whether `ids` are two or more elements of one label (not their identifier), named as a
    /// group below `--detail full`.
    fn shares_label(&self, ids: &[ElementId]) -> bool {
        let m = self.m;
        !self.full
            && ids.len() > 1
            && ids.iter().all(|&i| {
                let e = m.element(i);
                e.label == m.element(ids[0]).label && e.label != e.id
            })
    }

    /// The names of `ids`; below `--detail full`, members that share one label are named once
    /// as a group: `Nginx (`nginx-1` and `nginx-2`)`, each identifier written by `each`.
    fn names_with(&self, ids: &[ElementId], each: impl Fn(ElementId) -> String) -> String {
        let m = self.m;
        if self.shares_label(ids) {
            let label = &m.element(ids[0]).label;
            let fresh = ids.iter().any(|&i| !self.named.borrow()[i.0]);
            for &i in ids {
                self.named.borrow_mut()[i.0] = true;
            }
            let list = join_and(&ids.iter().map(|&i| each(i)).collect::<Vec<_>>());
            return if fresh {
                format!("{} ({list})", escape(label))
            } else {
                list
            };
        }
        join_and(&ids.iter().map(|&i| self.name(i)).collect::<Vec<_>>())
    }

    /// The name, followed by ` on HOST` when the element is in a host.
    fn name_on(&self, id: ElementId) -> String {
        match self.m.host_of(id) {
            // A summarised document says where each component runs in its Servers section.
            Some(_) if self.summarised => self.name(id),
            Some(h) => format!("{} on {}", self.name(id), self.host_name(id, h)),
            None => self.name(id),
        }
    }

    /// The name of `h`, the host of `id`, by its identifier alone when both share one label
    /// (never "Application server (`app`) on Application server (`app-server`)").
    fn host_name(&self, id: ElementId, h: ElementId) -> String {
        if self.m.element(h).label == self.m.element(id).label {
            self.named.borrow_mut()[h.0] = true;
            code(&self.m.element(h).id)
        } else {
            self.name(h)
        }
    }

    /// The name, with ` on HOST` when its host differs from `from`'s.
    fn name_from(&self, id: ElementId, from: ElementId) -> String {
        match self.m.host_of(id) {
            Some(_) if self.summarised => self.name(id),
            Some(h) if self.m.host_of(from) != Some(h) => {
                format!("{} on {}", self.name(id), self.host_name(id, h))
            }
            _ => self.name(id),
        }
    }

    /// The name, with ` on HOST` unless every one of `from` is on the same host.
    fn name_from_all(&self, id: ElementId, from: &[ElementId]) -> String {
        match self.m.host_of(id) {
            Some(_) if self.summarised => self.name(id),
            Some(h) if from.iter().any(|&f| self.m.host_of(f) != Some(h)) => {
                format!("{} on {}", self.name(id), self.host_name(id, h))
            }
            _ => self.name(id),
        }
    }

    /// `the cluster NAME`, or just the name when its label already says what it is.
    fn the_kind(&self, id: ElementId) -> String {
        let noun = self.kind_noun(id);
        if self.m.element(id).label.to_lowercase().contains(noun) {
            self.name(id)
        } else {
            format!("the {noun} {}", self.name(id))
        }
    }

    fn kind_noun(&self, id: ElementId) -> &'static str {
        match self.m.element(id).kind {
            Kind::Component(k) => knowledge::component(k).noun,
            Kind::Container(k) => knowledge::container(k).noun,
        }
    }

    fn is(&self, id: ElementId, kind: C) -> bool {
        self.m.element(id).is(kind)
    }

    /// The element's own address, or its host's.
    fn address(&self, id: ElementId) -> Option<&str> {
        let e = self.m.element(id);
        e.attrs
            .ip
            .as_deref()
            .or(e.attrs.vip.as_deref())
            .or_else(|| {
                self.m
                    .host_of(id)
                    .and_then(|h| self.m.element(h).attrs.ip.as_deref())
            })
    }

    /// Whether a monitoring component is an agent (inside a host).
    fn is_agent(&self, id: ElementId) -> bool {
        self.is(id, C::Monitoring) && self.m.host_of(id).is_some()
    }

    /// What a monitoring agent collects, as words.
    fn collects(&self, id: ElementId) -> String {
        let signals = &self.m.element(id).attrs.collects;
        if signals.is_empty() {
            "metrics and logs".to_string()
        } else {
            join_and(
                &signals
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect::<Vec<_>>(),
            )
        }
    }

    fn targets(&self, id: ElementId) -> Vec<ElementId> {
        dedup(self.m.outgoing(id).map(|l| self.m.link(l).to))
    }

    fn sources(&self, id: ElementId) -> Vec<ElementId> {
        dedup(self.m.incoming(id).map(|l| self.m.link(l).from))
    }

    /// The backends of a load balancer: what it forwards to, monitoring aside.
    fn backends(&self, lb: ElementId) -> Vec<ElementId> {
        self.targets(lb)
            .into_iter()
            .filter(|&t| !self.is(t, C::Monitoring))
            .collect()
    }

    fn protocol_phrase(&self, link: LinkId) -> String {
        let l = self.m.link(link);
        let mut text = match l.protocol.as_deref() {
            Some(p) => match knowledge::protocol(p) {
                Some(info) => format!(" over {}", info.display),
                None => format!(" over {}", code(p)),
            },
            None => String::new(),
        };
        if let Some(port) = l.port {
            let _ = write!(text, " (port {port})");
        }
        if l.encrypted
            && !l
                .protocol
                .as_deref()
                .is_some_and(|p| crate::model::ENCRYPTED_PROTOCOLS.contains(&p))
        {
            text.push_str(", encrypted");
        }
        text
    }

    // --- Why ---------------------------------------------------------------------------------

    /// The design's `why`, quoted, or the default explanation for the kind in its context,
    /// marked as such.
    fn why(&self, id: ElementId) -> String {
        match &self.m.element(id).attrs.why {
            Some(w) => quote(w),
            None => format!("{} *(default explanation)*", self.default_why(id)),
        }
    }

    /// ` Why: …` after a sentence about the element, in the full document only: the shorter
    /// ones give each element's reason once, in the elements table.
    fn why_clause(&self, id: ElementId) -> String {
        if self.full {
            format!(" Why: {}", self.why(id))
        } else {
            String::new()
        }
    }

    /// A sensible reason for an element of this kind to be where it is.
    fn default_why(&self, id: ElementId) -> String {
        let m = self.m;
        let e = m.element(id);
        let targets = self.targets(id);
        let sources = self.sources(id);
        match e.kind {
            Kind::Component(C::Client) => {
                "Where the requests come from: the people who use the site.".to_string()
            }
            Kind::Component(C::Dns) => {
                let names: Vec<String> = e
                    .attrs
                    .records
                    .iter()
                                        .filter_map(|r| knowledge::dns_record(r))
                    .filter(|r| r.points_somewhere())
                    .map(|r| escape(&r.name))
                    .collect();
                let names = dedup(names.iter()).into_iter().cloned().collect::<Vec<_>>();
                if names.is_empty() {
                    "Turns the site's name into an address, so that people use a name instead of an IP address.".to_string()
                } else {
                    format!(
                        "Turns {} into an address, so that people use a name instead of an IP address.",
                        join_and(&names)
                    )
                }
            }
            Kind::Component(C::Cdn) => "Serves the static files from near the users and takes that load off the servers.".to_string(),
            Kind::Component(C::Firewall) => match m.host_of(id) {
                Some(h) => format!(
                    "Lets only the traffic that {} needs reach it, and drops the rest.",
                    self.name(h)
                ),
                None => "Filters the traffic that passes through it, and drops what is not allowed.".to_string(),
            },
            Kind::Component(C::LoadBalancer) => {
                let b = self.backends(id);
                if b.len() >= 2 && e.attrs.setup == Some(Setup::ActivePassive) {
                    format!(
                        "Sends the requests to {} and moves them to {} when it fails, so that the site survives the loss of a server.",
                        self.name(b[0]),
                        self.names(&b[1..])
                    )
                } else if b.len() >= 2 {
                    format!(
                        "Spreads the requests over {}, so that one can fail or be updated while the others keep serving.",
                        self.names(&b)
                    )
                } else if let Some(&one) = b.first() {
                    format!(
                        "Gives the site one entry point in front of {}, where more backends can be added later.",
                        self.name(one)
                    )
                } else {
                    "Gives the site one entry point, where backends can be added and removed.".to_string()
                }
            }
            Kind::Component(C::WebServer) => {
                let apps: Vec<_> = targets.iter().copied().filter(|&t| self.is(t, C::AppServer)).collect();
                if apps.is_empty() {
                    "Answers the HTTP requests and serves the static files.".to_string()
                } else {
                    format!(
                        "Answers the HTTP requests, serves the static files and passes the dynamic requests to {}.",
                        self.names(&apps)
                    )
                }
            }
            Kind::Component(C::AppServer) => {
                let code_: Vec<_> = targets.iter().copied().filter(|&t| self.is(t, C::Codebase)).collect();
                if code_.is_empty() {
                    "Runs the application code that builds the dynamic pages.".to_string()
                } else {
                    format!(
                        "Runs the application code in {} to build the dynamic pages.",
                        self.names(&code_)
                    )
                }
            }
            Kind::Component(C::Codebase) => {
                if sources.is_empty() {
                    "The application's code.".to_string()
                } else {
                    format!("The application's code, which {} executes.", self.names(&sources))
                }
            }
            Kind::Component(C::Database) => match m.role(id) {
                Role::Primary => {
                    let replicas = m.replicas_of(id);
                    if replicas.is_empty() {
                        "Stores the site's data and accepts its writes.".to_string()
                    } else {
                        format!(
                            "Stores the site's data and accepts every write; {} copies its changes.",
                            self.names(&replicas)
                        )
                    }
                }
                Role::Replica => match e.attrs.replicates {
                    Some(p) => format!(
                        "Keeps a copy of {} that answers reads and can take its place if it fails.",
                        self.name(p)
                    ),
                    None => "Keeps a copy of the primary that answers reads and can take its place if it fails.".to_string(),
                },
                Role::Standalone => "Stores the site's data and answers the application's queries.".to_string(),
            },
            Kind::Component(C::Cache) => "Keeps frequently read data in memory, so that the database is asked less often.".to_string(),
            Kind::Component(C::Queue) => "Holds work to be done later, so that requests do not wait for slow tasks.".to_string(),
            Kind::Component(C::Storage) => "Keeps files outside the servers, so that every server can read them and none of them is lost with a server.".to_string(),
            Kind::Component(C::Monitoring) => {
                if let Some(h) = m.host_of(id) {
                    let to: Vec<_> = targets.iter().copied().filter(|&t| self.is(t, C::Monitoring)).collect();
                    if to.is_empty() {
                        format!("Collects the {} of {} and of what runs on it.", self.collects(id), self.name(h))
                    } else {
                        format!(
                            "Collects the {} of {} and of what runs on it, and sends them to {}.",
                            self.collects(id),
                            self.name(h),
                            self.names(&to)
                        )
                    }
                } else if sources.is_empty() {
                    "Watches the design and alerts when something goes wrong.".to_string()
                } else {
                    format!(
                        "Stores what {} send, draws graphs of it and raises alerts.",
                        self.names(&sources)
                    )
                }
            }
            Kind::Component(C::Service) => {
                if sources.is_empty() {
                    "Provides a function that the design relies on.".to_string()
                } else {
                    format!(
                        "Provides a function that {} rel{} on.",
                        self.names(&sources),
                        if sources.len() == 1 { "ies" } else { "y" }
                    )
                }
            }
            Kind::Container(ContainerKind::Host) => {
                let inside = m.components_in(id);
                if inside.is_empty() {
                    "A machine of the design.".to_string()
                } else {
                    format!("The machine that runs {}.", self.names(&inside))
                }
            }
            Kind::Container(ContainerKind::Zone) => {
                // A failure domain fails as a whole; only a trust zone separates a network.
                let failure = m.is_failure_zone(id).then_some(
                    "A failure domain: everything in it, and everything that joins it with \
                     `zone =`, fails together, as in an availability zone, a rack or a data \
                     centre.",
                );
                let trust = m.is_trust_zone(id).then(|| {
                    let trust = e.attrs.trust.unwrap_or(crate::model::Trust::Trusted);
                    format!(
                        "Separates what it holds from the rest of the network: {}.",
                        knowledge::trust(trust).short
                    )
                });
                match (failure, trust) {
                    (Some(f), Some(t)) => format!("{f} {t}"),
                    (Some(f), None) => f.to_string(),
                    (None, Some(t)) => t,
                    (None, None) => String::new(),
                }
            }
            Kind::Container(ContainerKind::Cluster) => {
                let members = m.cluster_units(id);
                format!(
                    "Groups {} so that the job goes on when one of them fails.",
                    self.names(&members)
                )
            }
            Kind::Container(ContainerKind::Group) => {
                let inside = m.components_in(id);
                format!("Draws {} together.", self.names(&inside))
            }
        }
    }

    // --- Title -------------------------------------------------------------------------------

    fn title(&self) -> String {
        let m = self.m;
        let mut out = format!("# {}\n\n", escape(&m.title));
        if let Some(d) = &m.description {
            let p = description_paragraph(d);
            if !p.is_empty() {
                let _ = writeln!(out, "{p}\n");
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
        let _ = writeln!(out, "{summary}\n");
        out
    }

    // --- Diagram -----------------------------------------------------------------------------

    /// The Diagram section: the figure, and at `--detail full` how to read it; nothing
    /// without a figure.
    fn diagram(&self, figure: Option<Figure>) -> Vec<Block> {
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

    // --- Request flow ------------------------------------------------------------------------

    /// Where requests enter: the clients, or, without any, the components that nothing links to.
    fn entries(&self) -> Vec<ElementId> {
        let clients: Vec<_> = self.m.components_of(C::Client).collect();
        if !clients.is_empty() {
            return clients;
        }
        self.m
            .components()
            .filter(|&c| self.m.incoming(c).next().is_none() && self.m.outgoing(c).next().is_some())
            .filter(|&c| !self.is(c, C::Monitoring))
            .collect()
    }

    fn is_replication(&self, link: LinkId) -> bool {
        self.m.link(link).protocol.as_deref() == Some("replication")
    }

    /// The depth of each component from the entries, following request links.
    fn depths(&self) -> Vec<Option<usize>> {
        let m = self.m;
        let mut depth = vec![None; m.elements.len()];
        let mut queue = std::collections::VecDeque::new();
        for e in self.entries() {
            depth[e.0] = Some(0);
            queue.push_back(e);
        }
        while let Some(u) = queue.pop_front() {
            for l in m.outgoing(u) {
                if self.is_replication(l) {
                    continue;
                }
                let v = m.link(l).to;
                if depth[v.0].is_none() {
                    depth[v.0] = Some(depth[u.0].unwrap_or(0) + 1);
                    queue.push_back(v);
                }
            }
        }
        depth
    }

    /// The request links grouped into steps, and the other links.
    fn steps(&self) -> (Vec<Vec<LinkId>>, Vec<LinkId>) {
        let m = self.m;
        let depth = self.depths();
        let mut groups: Vec<(StepKey, Vec<LinkId>)> = Vec::new();
        let mut other = Vec::new();
        for i in 0..m.links.len() {
            let id = LinkId(i);
            let l = m.link(id);
            let Some(d) = depth[l.from.0] else {
                other.push(id);
                continue;
            };
            if self.is_replication(id)
                || self.is(l.from, C::Monitoring)
                || l.kind == LinkKind::NonRequest
            {
                other.push(id);
                continue;
            }
            let key = StepKey {
                depth: d,
                from: m.element(l.from).kind,
                to: m.element(l.to).kind,
                protocol: l.protocol.as_deref(),
                label: l.label.as_deref(),
                access: l.access,
                encrypted: l.encrypted,
                via: l.via,
                own_source: (self.is(l.from, C::LoadBalancer) && l.via[0].is_none())
                    .then_some(l.from),
                own_target: (self.is(l.from, C::Client) && l.via[1].is_none()).then_some(l.to),
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, links)) => links.push(id),
                None => groups.push((key, vec![id])),
            }
        }
        groups.sort_by_key(|(k, links)| (k.depth, links[0]));
        (groups.into_iter().map(|(_, l)| l).collect(), other)
    }

    fn flow(&self) -> String {
        let m = self.m;
        let mut out = String::from("## How a request flows\n\n");
        let entries = self.entries();
        if entries.is_empty() {
            out.push_str(
                "No request enters this design: it has no client and every component is reached by another. Add `client user` and a link from it to the first component that users reach.\n\n",
            );
            return out;
        }
        if m.components_of(C::Client).next().is_none() {
            let _ = writeln!(
                out,
                "The design declares no client, so requests are followed from {}, which nothing links to.\n",
                self.names(&entries)
            );
        }
        let (steps, other) = self.steps();
        if steps.is_empty() {
            let _ = writeln!(
                out,
                "{} {} no link: no request goes anywhere. Add a link such as `{} -> web`.\n",
                capitalize(&self.names(&entries)),
                if entries.len() == 1 { "has" } else { "have" },
                m.element(entries[0]).id
            );
        } else {
            for (i, step) in steps.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", i + 1, self.step_text(step));
            }
            let to_queue = steps
                .iter()
                .flatten()
                .any(|&l| self.is(m.links[l.0].to, C::Queue));
            out.push_str(if to_queue {
                "\nEach response travels back over the same connections; a queue's answer is only that it accepted the message, and the work happens later.\n\n"
            } else {
                "\nThe response travels back the same way, over the same connections.\n\n"
            });
        }
        let background = self.background(&other);
        if !background.is_empty() {
            out.push_str("Behind the requests:\n\n");
            for line in background {
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }
        out
    }

    /// One step: a group of links of the same kind, at the same depth.
    fn step_text(&self, links: &[LinkId]) -> String {
        let m = self.m;
        let first = m.link(links[0]);
        let from_kind = m.element(first.from).component_kind();
        let to_kind = m.element(first.to).component_kind();
        let sources = dedup(links.iter().map(|&l| m.link(l).from));
        let targets = dedup(links.iter().map(|&l| m.link(l).to));
        let over = self.protocol_phrase(links[0]);
        let label = first
            .label
            .as_deref()
            .map(|l| format!(" ({})", quote(l)))
            .unwrap_or_default();

        // A client reaching DNS.
        if to_kind == Some(C::Dns) {
            return self.dns_step(&sources, &targets, &over, &label);
        }
        // A client reaching the site.
        if from_kind == Some(C::Client) {
            return self.entry_step(links, &sources, &targets, &over, &label);
        }
        if from_kind == Some(C::LoadBalancer) {
            return self.balance_step(links, &sources, &targets, &over, &label);
        }
        let (one, many) = self.verb(links[0]);
        let pairs = self.pairs(links);
        let parallel = pairs.len() > 1
            && pairs.iter().all(|(s, ts)| {
                ts.len() == 1
                    && m.host_of(*s).is_some()
                    && m.host_of(*s) == m.host_of(ts[0])
                    && m.element(ts[0]).kind == m.element(pairs[0].1[0]).kind
            })
            && dedup(pairs.iter().map(|(_, ts)| ts[0])).len() == pairs.len();
        let text = if parallel {
            // Identical members side by side, each to its neighbour on the same server.
            let labelled = first
                .label
                .as_deref()
                .map(|l| format!(" labelled {}", quote(l)))
                .unwrap_or_default();
            format!(
                "{} each {many} the {} on their own server ({}){labelled}{over}.",
                self.names(&sources),
                self.kind_noun(pairs[0].1[0]),
                join_and(
                    &targets
                        .iter()
                        .map(|&t| code(&m.element(t).id))
                        .collect::<Vec<_>>()
                )
            )
        } else if pairs.len() > 2 && !self.full && pairs.windows(2).any(|w| w[0].1 != w[1].1) {
            // Many sources, each to its own targets: the two sets, not every pair.
            format!(
                "{} {many} {}{label}{over}, each to its own.",
                self.names(&sources),
                self.names(&targets)
            )
        } else if pairs.len() > 1 && pairs.windows(2).any(|w| w[0].1 != w[1].1) {
            // Each source to its own targets, the verb repeated.
            let parts: Vec<String> = pairs
                .iter()
                .enumerate()
                .map(|(i, (s, ts))| {
                    let t: Vec<_> = ts.iter().map(|&t| self.name_from(t, *s)).collect();
                    let _ = i;
                    format!("{} {one} {}", self.name(*s), join_and(&t))
                })
                .collect();
            let joined = match parts.split_last() {
                Some((last, init)) if !init.is_empty() => {
                    format!("{}, and {last}", init.join(", "))
                }
                _ => parts.join(""),
            };
            format!("{joined}{label}{over}.")
        } else {
            let subject = self.names(&sources);
            let t: Vec<_> = targets
                .iter()
                .map(|&t| self.name_from_all(t, &sources))
                .collect();
            let verb = if sources.len() == 1 { one } else { many };
            format!("{subject} {verb} {}{label}{over}.", join_and(&t))
        };
        let mut text = capitalize(&text);
        // A summarised document's Databases table says which is the primary of which.
        if to_kind == Some(C::Database) && !self.summarised {
            let primaries: Vec<_> = targets
                .iter()
                .copied()
                .filter(|&t| m.role(t) == Role::Primary)
                .collect();
            match primaries.len() {
                0 => {}
                1 => {
                    let _ = write!(text, " {} is the primary.", self.name(primaries[0]));
                }
                _ => {
                    let _ = write!(text, " {} are primaries.", self.names(&primaries));
                }
            }
            let replicas: Vec<String> = targets
                .iter()
                .copied()
                .filter(|&t| m.role(t) == Role::Replica)
                .filter_map(|t| {
                    self.db_role_phrase(t)
                        .map(|r| format!("{} is {r}", self.name(t)))
                })
                .collect();
            if !replicas.is_empty() {
                let _ = write!(text, " {}.", capitalize(&replicas.join("; ")));
            }
        }
        if links.iter().any(|&l| m.link(l).via[1].is_some()) {
            if let Some(c) = first.via[1] {
                if m.element(c).attrs.setup == Some(Setup::ActivePassive) {
                    let _ = write!(
                        text,
                        " The link goes to {}: its active member takes the requests, and the others stand by.",
                        self.the_kind(c)
                    );
                } else {
                    let _ = write!(
                        text,
                        " The link goes to {}, so to each of its members.",
                        self.the_kind(c)
                    );
                }
            }
        }
        text
    }

    /// Each source with its targets, in order.
    fn pairs(&self, links: &[LinkId]) -> Vec<(ElementId, Vec<ElementId>)> {
        let mut pairs: Vec<(ElementId, Vec<ElementId>)> = Vec::new();
        for &l in links {
            let link = self.m.link(l);
            match pairs.iter_mut().find(|(s, _)| *s == link.from) {
                Some((_, ts)) => {
                    if !ts.contains(&link.to) {
                        ts.push(link.to)
                    }
                }
                None => pairs.push((link.from, vec![link.to])),
            }
        }
        pairs
    }

    /// The verb of a link (singular, plural), by the kinds at its ends and its access.
    fn verb(&self, link: LinkId) -> (&'static str, &'static str) {
        let l = self.m.link(link);
        let from = self.m.element(l.from).component_kind();
        let to = self.m.element(l.to).component_kind();
        match (from, to) {
            (Some(C::WebServer), Some(C::AppServer)) => (
                "passes the requests that need the application to",
                "pass the requests that need the application to",
            ),
            (_, Some(C::Codebase)) => (
                "runs the application's code in",
                "run the application's code in",
            ),
            (_, Some(C::Database)) => match l.access {
                Access::Write => ("sends its writes to", "send their writes to"),
                Access::Read => ("reads from", "read from"),
                Access::ReadWrite => ("reads from and writes to", "read from and write to"),
            },
            (_, Some(C::Cache)) => match l.access {
                Access::Write => ("stores data in", "store data in"),
                Access::Read => ("looks data up in", "look data up in"),
                Access::ReadWrite => (
                    "looks data up in, and stores data in,",
                    "look data up in, and store data in,",
                ),
            },
            (_, Some(C::Storage)) => match l.access {
                Access::Write => ("stores files in", "store files in"),
                Access::Read => ("reads files from", "read files from"),
                Access::ReadWrite => ("reads and stores files in", "read and store files in"),
            },
            (_, Some(C::Queue)) => ("puts messages on", "put messages on"),
            (Some(C::Queue), _) => ("delivers messages to", "deliver messages to"),
            (Some(C::Cdn), _) => (
                "fetches what it does not hold from",
                "fetch what they do not hold from",
            ),
            (Some(C::Firewall), _) => (
                "lets the allowed traffic through to",
                "let the allowed traffic through to",
            ),
            (_, Some(C::Firewall)) => ("sends its traffic through", "send their traffic through"),
            (_, Some(C::Service)) => ("calls", "call"),
            (_, Some(C::Monitoring)) => ("sends data to", "send data to"),
            (_, Some(C::WebServer)) | (_, Some(C::LoadBalancer)) | (_, Some(C::Cdn)) => {
                ("forwards the request to", "forward the request to")
            }
            _ => ("sends requests to", "send requests to"),
        }
    }

    fn dns_step(
        &self,
        sources: &[ElementId],
        targets: &[ElementId],
        over: &str,
        label: &str,
    ) -> String {
        let m = self.m;
        let mut records = Vec::new();
        for &d in targets {
            for r in &m.element(d).attrs.records {
                if let Some(rec) = knowledge::dns_record(r) {
                    records.push((d, r.clone(), rec));
                }
            }
        }
        let names = dedup(records.iter().map(|(_, _, r)| r.name.as_str()))
            .into_iter()
            .map(escape)
            .collect::<Vec<_>>();
        let what = if names.is_empty() {
            "the site's address".to_string()
        } else {
            format!("the address of {}", join_or(&names))
        };
        // Asking DNS is speaking DNS: the protocol goes without saying.
        let over = if over == " over DNS" { "" } else { over };
        let mut text = format!(
            "{} asks {} for {what}{label}{over}.",
            self.names(sources),
            self.names(targets)
        );
        for (_, raw, rec) in records.iter().filter(|_| !self.full) {
            let _ = write!(
                text,
                " The record {} answers with {}.",
                code(raw),
                code(&rec.value)
            );
        }
        for (_, raw, rec) in records.iter().filter(|_| self.full) {
            let kind = match rec.known {
                Some(t) => format!("{} record ({})", t.name, t.long),
                None => format!("{} record", escape(&rec.kind)),
            };
            let _ = write!(
                text,
                " The record {} answers: {} is an {kind} whose value is {}",
                code(raw),
                escape(&rec.name),
                code(&rec.value)
            );
            match self.owner_of_address(&rec.value) {
                Some(owner) => {
                    let _ = write!(text, ", the address of {}.", self.name(owner));
                }
                None => text.push('.'),
            }
        }
        if records.is_empty() {
            text.push_str(" The design lists no record for it.");
        }
        text
    }

    /// The element (host, cluster or component) whose `ip` or `vip` is `address`.
    fn owner_of_address(&self, address: &str) -> Option<ElementId> {
        self.m.ids().find(|&i| {
            let a = &self.m.element(i).attrs;
            a.ip.as_deref() == Some(address) || a.vip.as_deref() == Some(address)
        })
    }

    fn entry_step(
        &self,
        links: &[LinkId],
        sources: &[ElementId],
        targets: &[ElementId],
        over: &str,
        label: &str,
    ) -> String {
        let m = self.m;
        let first = m.link(links[0]);
        let cluster = first.via[1];
        let port = first
            .port
            .or_else(|| m.element(targets[0]).attrs.port)
            .or_else(|| first.protocol.as_deref().and_then(knowledge::default_port));
        let address = match cluster {
            Some(c) => m.element(c).attrs.vip.as_deref(),
            None if targets.len() == 1 => self.address(targets[0]),
            None => None,
        };
        let resolved = address.is_some_and(|a| {
            m.components_of(C::Dns).any(|d| {
                m.element(d)
                    .attrs
                    .records
                    .iter()
                    .filter_map(|r| knowledge::dns_record(r))
                    .any(|r| r.value == a)
            })
        });
        let mut text = self.names(sources);
        match address {
            Some(a) => {
                let _ = write!(
                    text,
                    " opens a {} connection to {}",
                    if self.full { "TCP" } else { "TCP/IP" },
                    code(a)
                );
                if resolved {
                    text.push_str(" (the address that DNS returned)");
                }
                if let Some(p) = port {
                    let _ = write!(text, ", port {p}");
                }
                text.push_str(", and sends its request");
            }
            None => text.push_str(" sends its request"),
        }
        let _ = write!(text, "{label}{over}");
        match cluster {
            Some(c) => {
                let members: Vec<_> = targets.iter().map(|&t| self.name_on(t)).collect();
                let _ = write!(text, " to {}", self.the_kind(c));
                let setup = m.element(c).attrs.setup;
                match setup {
                    Some(Setup::ActivePassive) => {
                        let _ = write!(
                            text,
                            ": of {}, the member that holds the virtual IP answers, and the other{} stand{} by.",
                            join_and(&members),
                            if members.len() > 2 { "s" } else { "" },
                            if members.len() > 2 { "" } else { "s" }
                        );
                    }
                    _ => {
                        let _ = write!(text, ": {} all serve.", join_and(&members));
                    }
                }
            }
            None => {
                let t: Vec<_> = targets.iter().map(|&t| self.name_on(t)).collect();
                let _ = write!(text, " to {}.", join_and(&t));
            }
        }
        if let Some(p) = first
            .protocol
            .as_deref()
            .filter(|p| matches!(*p, "http" | "https"))
            .filter(|_| self.full)
        {
            let _ = write!(
                text,
                " The user's computer and the server talk over TCP/IP, the internet's transport, and speak {} on it.",
                if p == "https" { "HTTP inside TLS (HTTPS)" } else { "HTTP" }
            );
        }
        // Firewalls on the way in, grouped by what they allow.
        let mut fws: Vec<(Vec<String>, Vec<ElementId>)> = Vec::new();
        for &t in targets {
            if let Some(h) = m.host_of(t) {
                for c in m.components_in(h) {
                    if !self.is(c, C::Firewall) || fws.iter().any(|(_, f)| f.contains(&c)) {
                        continue;
                    }
                    let allow = m.element(c).attrs.allow.clone();
                    match fws.iter_mut().find(|(a, _)| *a == allow) {
                        Some((_, f)) => f.push(c),
                        None => fws.push((allow, vec![c])),
                    }
                }
            }
        }
        // Below `--detail full` the Firewalls section says what each one allows.
        for (allow, group) in fws.into_iter().filter(|_| self.full) {
            let each = if group.len() > 1 {
                ", each on its own server"
            } else {
                ""
            };
            let verb = if group.len() > 1 { "filter" } else { "filters" };
            if allow.is_empty() {
                let _ = write!(
                    text,
                    " On the way in, {} {verb} it{each}.",
                    self.names(&group)
                );
            } else {
                let rules: Vec<_> = allow.iter().map(|a| code(a)).collect();
                let _ = write!(
                    text,
                    " On the way in, {} {verb} it{each}, allowing {}.",
                    self.names(&group),
                    join_and(&rules)
                );
            }
        }
        // Encryption.
        let to_ids = match cluster {
            Some(c) => code(&m.element(c).id),
            None => join_and(
                &targets
                    .iter()
                    .map(|&t| code(&m.element(t).id))
                    .collect::<Vec<_>>(),
            ),
        };
        let encrypted = links.iter().all(|&l| m.link(l).encrypted);
        if encrypted {
            let tls_at: Vec<_> = targets
                .iter()
                .copied()
                .filter(|&t| matches!(m.tls(t), Tls::Terminate | Tls::Reencrypt))
                .collect();
            if !tls_at.is_empty() {
                let certs = dedup(
                    tls_at
                        .iter()
                        .filter_map(|&t| m.element(t).attrs.certificate.as_deref()),
                );
                let cert = if certs.is_empty() {
                    "its certificate".to_string()
                } else {
                    format!(
                        "the certificate for {}",
                        join_and(&certs.iter().map(|c| escape(c)).collect::<Vec<_>>())
                    )
                };
                let who = if tls_at.len() == 1 {
                    self.name(tls_at[0])
                } else {
                    format!("the {} that receives it", self.kind_noun(tls_at[0]))
                };
                let _ = write!(
                    text,
                    " The connection is encrypted: {who} presents {cert} and decrypts the traffic."
                );
            } else {
                let _ = write!(text, " The connection to {} is encrypted.", to_ids);
            }
        } else if self.full {
            text.push_str(" Nothing on this connection is encrypted.");
        } else {
            let _ = write!(text, " Nothing on the connection to {to_ids} is encrypted.");
        }
        capitalize(&text)
    }

    fn balance_step(
        &self,
        links: &[LinkId],
        sources: &[ElementId],
        targets: &[ElementId],
        over: &str,
        label: &str,
    ) -> String {
        let m = self.m;
        let first = m.link(links[0]);
        let subject = match first.via[0] {
            Some(c) if sources.len() > 1 => match m.element(c).attrs.setup {
                Some(Setup::ActivePassive) => {
                    format!(
                        "The active member of {} ({})",
                        self.name(c),
                        join_or(
                            &sources
                                .iter()
                                .map(|&s| code(&m.element(s).id))
                                .collect::<Vec<_>>()
                        )
                    )
                }
                _ => format!(
                    "Each member of {} ({})",
                    self.name(c),
                    join_and(
                        &sources
                            .iter()
                            .map(|&s| code(&m.element(s).id))
                            .collect::<Vec<_>>()
                    )
                ),
            },
            _ => capitalize(&self.names(sources)),
        };
        let algs = dedup(sources.iter().map(|&s| {
            m.element(s)
                .attrs
                .algorithm
                .unwrap_or(knowledge::DEFAULT_ALGORITHM)
        }));
        let alg_text = join_or(
            &algs
                .iter()
                .map(|a| {
                    if self.full {
                        format!("{} ({})", code(a.as_str()), knowledge::algorithm(*a).short)
                    } else {
                        code(a.as_str())
                    }
                })
                .collect::<Vec<_>>(),
        );
        // Identical backends are named once, as a group.
        let grouped = self.shares_label(targets).then(|| {
            self.names_with(targets, |b| match m.host_of(b) {
                Some(h) if !self.summarised => {
                    format!("{} on {}", code(&m.element(b).id), code(&m.element(h).id))
                }
                _ => code(&m.element(b).id),
            })
        });
        let t: Vec<_> = targets
            .iter()
            .map(|&t| self.name_from(t, sources[0]))
            .collect();
        let grouped = grouped.unwrap_or_else(|| join_and(&t));
        let passive = sources
            .iter()
            .all(|&s| m.element(s).attrs.setup == Some(Setup::ActivePassive));
        let mut text = if targets.len() > 1 && passive {
            format!(
                "{subject} forwards the request to its active backend, {}{label}{over}, while {} stand{} by (active-passive).",
                t[0],
                join_and(&t[1..]),
                if targets.len() == 2 { "s" } else { "" }
            )
        } else if targets.len() > 1 {
            format!(
                "{subject} chooses one of {grouped} with {alg_text}, and forwards the request to it{label}{over}."
            )
        } else if let Some(copies) = m
            .element(targets[0])
            .attrs
            .instances
            .or_else(|| {
                m.host_of(targets[0])
                    .and_then(|h| m.element(h).attrs.instances)
            })
            .filter(|i| i.max > 1)
        {
            // One backend written, several copies of it (or of its host) run.
            let many = if copies.min == copies.max {
                copies.min.to_string()
            } else {
                format!("{} to {}", copies.min, copies.max)
            };
            format!(
                "{subject} chooses one of the {many} copies of {} with {alg_text}, and forwards the request to it{label}{over}.",
                join_and(&t)
            )
        } else {
            format!(
                "{subject} forwards the request to {}{label}{over}; with a single backend, {alg_text} has nothing to choose.",
                join_and(&t)
            )
        };
        let incoming_encrypted = sources
            .iter()
            .any(|&s| m.incoming(s).any(|l| m.link(l).encrypted));
        let out_encrypted = links.iter().all(|&l| m.link(l).encrypted);
        let tls = m.tls(sources[0]);
        let who = code(&m.element(first.via[0].unwrap_or(sources[0])).id);
        let said = match (tls, out_encrypted) {
            (Tls::Reencrypt, true) => format!(" {who} encrypts the request again on the way (TLS re-encryption)."),
            (Tls::Passthrough, true) => format!(" Behind {who} the stream is still the client's encrypted one (TLS passthrough)."),
            (Tls::Reencrypt, false) => format!(" {who} is set to re-encrypt, yet the design marks this hop as unencrypted: make these links `https`, or say `encrypted = true`."),
            (Tls::Passthrough, false) => format!(" With TLS passed through {who}, this hop carries the client's encrypted stream, although the design marks it as unencrypted: make these links `tls`, or say `encrypted = true`."),
            (_, true) => format!(" The hop behind {who} is encrypted."),
            (_, false) if incoming_encrypted => format!(" TLS ends at {who}: the hop behind it is plain, unencrypted traffic."),
            (_, false) => String::new(),
        };
        text.push_str(&said);
        text
    }

    /// `the primary`, `a replica of X` for a database.
    fn db_role_phrase(&self, db: ElementId) -> Option<String> {
        let m = self.m;
        match m.role(db) {
            Role::Primary => Some("the primary".to_string()),
            Role::Replica => Some(match m.element(db).attrs.replicates {
                Some(p) => format!("a replica of {}", self.name(p)),
                None => "a replica".to_string(),
            }),
            Role::Standalone => None,
        }
    }

    /// Lines about what happens beside the requests: replication, monitoring, other links.
    /// Ends a sentence about agent `a` (or a group like it) with where it sends what it
    /// collects: ", and send(s) them to … over …." or ", but send(s) them nowhere in the design.".
    fn push_destination(&self, line: &mut String, a: ElementId, to: &[ElementId], verb: &str) {
        if to.is_empty() {
            let _ = write!(line, ", but {verb} them nowhere in the design.");
        } else {
            let _ = write!(line, ", and {verb} them to {}", self.names(to));
            if let Some(l) = self.m.outgoing(a).next() {
                line.push_str(&self.protocol_phrase(l));
            }
            line.push('.');
        }
    }

    fn background(&self, other: &[LinkId]) -> Vec<String> {
        let m = self.m;
        let mut lines = Vec::new();
        // Replication, from the model's replicas (databases, and caches, queues and storage).
        for db in m.components() {
            let Some(p) = m.element(db).attrs.replicates else {
                continue;
            };
            let mode = self.replication_of(p, db);
            let encrypted = m
                .links
                .iter()
                .any(|l| l.from == p && l.to == db && l.encrypted);
            lines.push(format!(
                "{} streams every change to its replica {}: {} replication{}, {}.",
                self.name_on(p),
                self.name_on(db),
                code(mode.as_str()),
                if self.full {
                    format!(" ({})", knowledge::replication(mode).short)
                } else {
                    String::new()
                },
                if encrypted {
                    "encrypted"
                } else {
                    "not encrypted"
                }
            ));
        }
        // Monitoring and other links, grouped by target, protocol and label.
        type LinkGroup<'l> = (ElementId, Option<&'l str>, Option<&'l str>, Vec<LinkId>);
        let mut groups: Vec<LinkGroup> = Vec::new();
        for &l in other {
            if self.is_replication(l) {
                continue;
            }
            let link = m.link(l);
            let key = (link.to, link.protocol.as_deref(), link.label.as_deref());
            match groups.iter_mut().find(|g| (g.0, g.1, g.2) == key) {
                Some(g) => g.3.push(l),
                None => groups.push((key.0, key.1, key.2, vec![l])),
            }
        }
        for (to, _, label, links) in groups {
            let from = dedup(links.iter().map(|&l| m.link(l).from));
            let over = self.protocol_phrase(links[0]);
            let label = label
                .map(|l| format!(" ({})", quote(l)))
                .unwrap_or_default();
            let non_request = links
                .iter()
                .all(|&l| m.link(l).kind == LinkKind::NonRequest);
            let consumers = links.iter().all(|&l| {
                let link = m.link(l);
                link.kind == LinkKind::Request && link.access == Access::Read
            }) && self.is(to, C::Queue);
            if from.iter().all(|&f| self.is(f, C::Monitoring)) && self.is(to, C::Monitoring) {
                lines.push(format!(
                    "{} send{} what {} collect{} to {}{label}{over}.",
                    capitalize(&self.names(&from)),
                    agree(from.len(), "s", ""),
                    if from.len() == 1 { "it" } else { "they" },
                    agree(from.len(), "s", ""),
                    self.name(to)
                ));
            } else if non_request {
                // A link written to a host reaches the host itself.
                let target = m.link(links[0]).via[1].unwrap_or(to);
                lines.push(format!(
                    "{} reach{} {}{label}{over}, carrying no requests (a `~>` link: management, telemetry or control).",
                    capitalize(&self.names(&from)),
                    agree(from.len(), "es", ""),
                    self.name(target)
                ));
            } else if consumers {
                lines.push(format!(
                    "{} pull{} messages from {}{label}{over} and do{} the work: the `background` flow.",
                    capitalize(&self.names(&from)),
                    agree(from.len(), "s", ""),
                    self.name(to),
                    agree(from.len(), "es", "")
                ));
            } else {
                lines.push(format!(
                    "{} send{} requests to {}{label}{over}, but no client's request reaches {}.",
                    capitalize(&self.names(&from)),
                    agree(from.len(), "s", ""),
                    self.name(to),
                    if from.len() == 1 { "it" } else { "them" },
                ));
            }
        }
        lines
    }

    /// The replication mode between a primary and a replica: the replica's, else the
    /// primary's, else `async` (recorded as an assumption).
    fn replication_of(&self, primary: ElementId, replica: ElementId) -> Replication {
        let m = self.m;
        match m
            .element(replica)
            .attrs
            .replication
            .or(m.element(primary).attrs.replication)
        {
            Some(r) => r,
            None => {
                self.assume(format!(
                    "{} replicates {} asynchronously: the design gives no `replication`, and `async` is the default.",
                    self.name(replica),
                    self.name(primary)
                ));
                Replication::Async
            }
        }
    }

    // --- Elements table ----------------------------------------------------------------------

    /// The elements in source order, identical ones together: components of one kind, label
    /// and attributes on different servers, linked to the same places off their servers; and
    /// servers of the same attributes that run components of the same kinds and labels. With
    /// `by_kind` (a summarised document's Elements table), the elements of one kind together
    /// instead, apart from those whose attributes the table shows (a `why`, an address).
    fn element_groups(&self, by_kind: bool) -> Vec<Vec<ElementId>> {
        let m = self.m;
        let off_host = |id: ElementId| -> Vec<(Kind, &str)> {
            let mut t: Vec<(Kind, &str)> = m
                .outgoing(id)
                .map(|l| m.element(m.link(l).to))
                .map(|t| (t.kind, t.label.as_str()))
                .collect();
            t.sort();
            t.dedup();
            t
        };
        let inside = |h: ElementId| -> Vec<(Kind, &str)> {
            m.components_in(h)
                .into_iter()
                .map(|c| (m.element(c).kind, m.element(c).label.as_str()))
                .collect()
        };
        let alike = |a: ElementId, b: ElementId| -> bool {
            let (x, y) = (m.element(a), m.element(b));
            if by_kind {
                // One row per kind: a database's role, a monitor's place and a zone's trust
                // still tell rows apart, and what the design says of an element keeps it apart.
                return x.kind == y.kind
                    && x.attrs.why.is_none()
                    && y.attrs.why.is_none()
                    && x.attrs.ip.is_none()
                    && y.attrs.ip.is_none()
                    && x.attrs.vip.is_none()
                    && y.attrs.vip.is_none()
                    && x.attrs.extra.is_empty()
                    && y.attrs.extra.is_empty()
                    && x.attrs.trust == y.attrs.trust
                    && x.attrs.managed == y.attrs.managed
                    && m.role(a) == m.role(b)
                    && x.attrs.software == y.attrs.software
                    && x.attrs.port == y.attrs.port
                    && m.host_of(a).is_some() == m.host_of(b).is_some();
            }
            if x.kind != y.kind || x.attrs != y.attrs {
                return false;
            }
            match x.kind {
                Kind::Component(_) => {
                    x.label == y.label
                        && m.host_of(a) != m.host_of(b)
                        && (m.host_of(a).is_some() && off_host(a) == off_host(b)
                            || self.group_why_is_general(a))
                }
                Kind::Container(ContainerKind::Host) => {
                    x.attrs.ip.is_none() && inside(a) == inside(b)
                }
                Kind::Container(_) => false,
            }
        };
        let mut groups: Vec<Vec<ElementId>> = Vec::new();
        for id in m.ids() {
            match groups.iter_mut().find(|g| alike(g[0], id)) {
                Some(g) => g.push(id),
                None => groups.push(vec![id]),
            }
        }
        groups
    }

    /// The elements table below `--detail full`: one row per group of identical elements, and
    /// only the columns that hold something.
    fn elements_table(&self) -> String {
        let m = self.m;
        let dash = || "—".to_string();
        let ids_of = |g: &[ElementId]| {
            let ids: Vec<String> = g.iter().map(|&i| code(&m.element(i).id)).collect();
            if self.summarised {
                ends_and_size(&ids)
            } else {
                join_and(&ids)
            }
        };
        let mut rows: Vec<[String; 7]> = Vec::new();
        let mut whys: Vec<(String, ElementId)> = Vec::new();
        for g in self.element_groups(self.summarised) {
            let id = g[0];
            let e = m.element(id);
            for &i in &g {
                self.named.borrow_mut()[i.0] = true;
            }
            let same_label = g.iter().all(|&i| m.element(i).label == e.label);
            let name = if g.len() == 1 {
                self.full_name(id)
            } else if !same_label && self.summarised {
                ids_of(&g)
            } else if !same_label {
                join_and(&g.iter().map(|&i| self.full_name(i)).collect::<Vec<_>>())
            } else if e.label == e.id {
                ids_of(&g)
            } else {
                // Inside the label's brackets, a long list's size follows a semicolon.
                let ids = ids_of(&g);
                match ids.strip_suffix(&format!(" ({} in all)", g.len())) {
                    Some(ends) => format!("{} ({ends}; {} in all)", escape(&e.label), g.len()),
                    None => format!("{} ({ids})", escape(&e.label)),
                }
            };
            let mut kind = self.kind_noun(id).to_string();
            if g.len() > 1 {
                kind = format!(
                    "{} {}",
                    count(g.len(), "", "").trim(),
                    match e.kind {
                        Kind::Component(k) => knowledge::component(k).plural,
                        Kind::Container(k) => knowledge::container(k).plural,
                    }
                );
            }
            if self.is(id, C::Database) {
                let _ = write!(kind, " ({})", m.role(id).as_str());
            }
            if self.is(id, C::Monitoring) {
                let what = if self.is_agent(id) {
                    "monitoring agent"
                } else {
                    "monitoring service"
                };
                kind = match g.len() {
                    1 => what.to_string(),
                    n => format!("{} {what}s", count(n, "", "").trim()),
                };
            }
            if m.managed(id) {
                kind.push_str(", managed");
            }
            let software = e.attrs.software.as_deref().map(escape).unwrap_or_else(dash);
            let hosts: Vec<ElementId> = g
                .iter()
                .filter_map(|&i| match m.element(i).kind {
                    Kind::Component(_) => m.host_of(i),
                    Kind::Container(_) => m.element(i).parent,
                })
                .collect();
            let host = match (e.kind, hosts.is_empty()) {
                (_, true) => dash(),
                (Kind::Container(_), false) if self.summarised => {
                    format!("in {}", ids_of(&dedup(hosts.iter().copied())))
                }
                (Kind::Container(_), false) => format!("in {}", code(&m.element(hosts[0]).id)),
                (Kind::Component(_), false) => ids_of(&hosts),
            };
            let address = address_cell(&e.attrs, None);
            let why = match &e.attrs.why {
                Some(w) => quote(w),
                // A summarised document leaves what each kind is for to Background.
                None if self.summarised => dash(),
                None if g.len() == 1 => self.said_once(&mut whys, self.default_why(id), id),
                None if self.summarised => self.said_once(&mut whys, self.kind_why(&g), id),
                None => self.said_once(&mut whys, self.group_why(&g), id),
            };
            let extra: Vec<String> = e
                .attrs
                .extra
                .iter()
                .map(|(k, v)| format!("{} = {}", code_cell(k), escape(v)))
                .collect();
            let extra = if extra.is_empty() {
                dash()
            } else {
                extra.join("; ")
            };
            rows.push([name, kind, software, host, address, why, extra]);
        }
        let heads = [
            "Element",
            "Kind",
            "Software",
            "Host",
            "Address",
            "Why",
            "Other attributes",
        ];
        let keep: Vec<usize> = (0..7)
            .filter(|&c| c == 0 || c == 5 && !self.summarised || rows.iter().any(|r| r[c] != "—"))
            .collect();
        let mut out = String::from("## Elements\n\n");
        if !self.summarised {
            out.push_str("*Why* quotes the design, or gives archc's reason for the kind, marked *(default explanation)*.\n\n");
        } else if keep.contains(&5) {
            out.push_str("*Why* quotes the design; what each kind of element is for is in [Background](#background).\n\n");
        } else {
            out.push_str("What each kind of element is for is in [Background](#background).\n\n");
        }
        let line = |cells: Vec<&str>| format!("| {} |\n", cells.join(" | "));
        out.push_str(&line(keep.iter().map(|&c| heads[c]).collect()));
        let _ = writeln!(out, "|{}|", vec!["---"; keep.len()].join("|"));
        for r in &rows {
            out.push_str(&line(keep.iter().map(|&c| r[c].as_str()).collect()));
        }
        out.push('\n');
        out
    }

    /// Whether [`Self::group_why`] says of a group of `id`'s kind something true of each
    /// member, whatever it is linked to.
    fn group_why_is_general(&self, id: ElementId) -> bool {
        matches!(
            self.m.element(id).kind,
            Kind::Component(
                C::WebServer
                    | C::AppServer
                    | C::Codebase
                    | C::Firewall
                    | C::LoadBalancer
                    | C::Database
                    | C::Cache
                    | C::Queue
                    | C::Storage
                    | C::Cdn
                    | C::Client
                    | C::Service
            )
        )
    }

    /// A default explanation for the elements table, marked as such: in full the first time,
    /// then as a reference to the first row that gave it.
    fn said_once(&self, seen: &mut Vec<(String, ElementId)>, why: String, id: ElementId) -> String {
        match seen.iter().find(|(w, _)| *w == why) {
            Some((_, first)) => format!(
                "As for {}. *(default explanation)*",
                code(&self.m.element(*first).id)
            ),
            None => {
                seen.push((why.clone(), id));
                format!("{why} *(default explanation)*")
            }
        }
    }

    /// The default explanation of the elements of one kind in a summarised document's row
    /// (see `Doc::summarised`), said of each of them.
    fn kind_why(&self, g: &[ElementId]) -> String {
        let m = self.m;
        match m.element(g[0]).kind {
            Kind::Container(ContainerKind::Host) => {
                "The machines the components run on (see [Servers](#servers)).".to_string()
            }
            Kind::Container(ContainerKind::Cluster) => {
                "Each groups redundant members so that the job goes on when one of them fails."
                    .to_string()
            }
            Kind::Component(C::Monitoring) if m.host_of(g[0]).is_some() => self.group_why(g),
            Kind::Component(_) if self.group_why_is_general(g[0]) => self.group_why(g),
            _ if g.len() == 1 => self.default_why(g[0]),
            _ => self.group_why(g),
        }
    }

    /// The default explanation of a group of identical elements, said of each of them.
    fn group_why(&self, g: &[ElementId]) -> String {
        let m = self.m;
        let id = g[0];
        let e = m.element(id);
        match e.kind {
            Kind::Container(ContainerKind::Host) => {
                let inside: Vec<String> = m
                    .components_in(id)
                    .into_iter()
                    .map(|c| escape(&m.element(c).label))
                    .collect();
                format!("Identical machines, each running {} (see [Servers](#servers)).", join_and(&inside))
            }
            Kind::Component(C::WebServer) => "Each answers the HTTP requests, serves the static files and passes the dynamic requests to the application server on its server.".to_string(),
            Kind::Component(C::AppServer) => "Each runs the application code on its server to build the dynamic pages.".to_string(),
            Kind::Component(C::Codebase) => "The application's code, on each server that runs it.".to_string(),
            Kind::Component(C::Firewall) => "Each lets only the traffic that its server needs reach it, and drops the rest.".to_string(),
            Kind::Component(C::LoadBalancer) => "Each spreads the requests over its backends, so that one can fail or be updated while the others serve.".to_string(),
            Kind::Component(C::Database) => match m.role(id) {
                Role::Primary => "Each stores its service's data and accepts every write; its replicas copy the changes.".to_string(),
                Role::Replica => "Each keeps a copy of its primary that answers reads and can take its place if it fails.".to_string(),
                Role::Standalone => "Each stores its service's data and answers the application's queries.".to_string(),
            },
            Kind::Component(C::Service) => "Each provides a function that the design relies on.".to_string(),
            Kind::Component(C::Monitoring) if m.host_of(id).is_some() => {
                let to: Vec<_> = self.targets(id).into_iter().filter(|&t| self.is(t, C::Monitoring)).collect();
                let mut t = format!("Each collects the {} of its server and of what runs on it", self.collects(id));
                if !to.is_empty() {
                    let _ = write!(t, ", and sends them to {}", self.names(&to));
                }
                t.push('.');
                t
            }
            _ => self.default_why(id),
        }
    }

    fn elements(&self) -> String {
        if !self.full {
            return self.elements_table();
        }
        let m = self.m;
        let extras = m.ids().any(|i| !m.element(i).attrs.extra.is_empty());
        let mut out = String::from("## Elements\n\n");
        out.push_str(
            "Every element of the design, in the order it is written. *Why* quotes the design; where the design gives no reason, archc writes a default one for the kind, marked *(default explanation)*.\n\n",
        );
        let mut whys: Vec<(String, ElementId)> = Vec::new();
        out.push_str("| Element | Kind | Software | Host | Address | Why |");
        if extras {
            out.push_str(" Other attributes |");
        }
        out.push_str("\n|---|---|---|---|---|---|");
        if extras {
            out.push_str("---|");
        }
        out.push('\n');
        for id in m.ids() {
            let e = m.element(id);
            let mut kind = self.kind_noun(id).to_string();
            if self.is(id, C::Database) {
                let _ = write!(kind, " ({})", m.role(id).as_str());
            }
            if self.is(id, C::Monitoring) {
                kind.push_str(if self.is_agent(id) {
                    " agent"
                } else {
                    " service"
                });
            }
            if self.m.managed(id) {
                kind.push_str(", managed");
            }
            let software = e
                .attrs
                .software
                .as_deref()
                .map(escape)
                .unwrap_or_else(|| "—".into());
            let host = match e.kind {
                Kind::Component(_) => m.host_of(id).map(|h| self.name(h)),
                Kind::Container(_) => e.parent.map(|p| format!("in {}", self.name(p))),
            }
            .unwrap_or_else(|| "—".into());
            let host_ip = m.host_of(id).and_then(|h| m.element(h).attrs.ip.as_deref());
            let address = address_cell(&e.attrs, host_ip);
            let _ = write!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                self.name(id),
                kind,
                software,
                host,
                address,
                match &e.attrs.why {
                    Some(w) => quote(w),
                    None => self.said_once(&mut whys, self.default_why(id), id),
                }
            );
            if extras {
                let x: Vec<String> = e
                    .attrs
                    .extra
                    .iter()
                    .map(|(k, v)| format!("{} = {}", code_cell(k), escape(v)))
                    .collect();
                let _ = write!(
                    out,
                    " {} |",
                    if x.is_empty() {
                        "—".to_string()
                    } else {
                        x.join("; ")
                    }
                );
            }
            out.push('\n');
        }
        out.push('\n');
        out
    }

    // --- How it works ------------------------------------------------------------------------

    fn how_it_works(&self, detail: Detail) -> String {
        // What each part does and what each protocol is are general: Background has them, and
        // only the full document repeats them here, per element.
        let full = detail == Detail::Full;
        let parts = [
            self.servers(),
            self.dns(),
            if full { self.roles() } else { String::new() },
            if full {
                self.protocols()
            } else {
                String::new()
            },
            self.load_balancing(),
            self.clusters(),
            self.databases(),
            self.firewalls(),
            self.https(),
            self.monitoring(),
        ];
        let body: String = parts.into_iter().filter(|p| !p.is_empty()).collect();
        if body.is_empty() {
            return String::new();
        }
        if !self.full {
            return format!("## How it works\n\n{body}");
        }
        format!("## How it works\n\nWhat each kind of element and each protocol is, in general, is in [Background](#background); this section says how they work in this design.\n\n{body}")
    }

    /// One server's line of the Servers section: its address, place and what it runs.
    fn server_line(&self, out: &mut String, h: ElementId) {
        let m = self.m;
        let e = m.element(h);
        let mut line = format!("- {}", self.name(h));
        if let Some(ip) = &e.attrs.ip {
            let _ = write!(line, ", at {}", code(ip));
        }
        let mut place = Vec::new();
        if let Some(p) = &e.attrs.provider {
            place.push(format!("provider {}", escape(p)));
        }
        if let Some(r) = &e.attrs.region {
            place.push(format!("region {}", escape(r)));
        }
        if !place.is_empty() {
            let _ = write!(line, " ({})", place.join(", "));
        }
        // A comma closes the address or place clause, and only that.
        let comma = e.attrs.ip.is_some() || !place.is_empty();
        let inside = m.components_in(h);
        if inside.is_empty() {
            line.push_str(if comma {
                ", runs nothing in the design."
            } else {
                " runs nothing in the design."
            });
        } else {
            let _ = write!(
                line,
                "{} runs {}",
                if comma { "," } else { "" },
                self.names(&inside)
            );
            if inside.len() > 1 && self.full {
                line.push_str(
                    ": they share its CPU, memory and disks, and stop together when it fails.",
                );
            } else if inside.len() > 1 {
                line.push('.');
            } else {
                line.push_str(" alone.");
            }
        }
        let _ = writeln!(out, "{line}");
    }

    fn servers(&self) -> String {
        let m = self.m;
        let hosts: Vec<_> = m.containers(ContainerKind::Host).collect();
        let zones: Vec<_> = m.containers(ContainerKind::Zone).collect();
        let mut out = String::new();
        if !hosts.is_empty() {
            let info = knowledge::container(ContainerKind::Host);
            if self.full {
                let _ = writeln!(out, "### Servers\n\n{}\n", info.what);
            } else {
                out.push_str("### Servers\n\n");
            }
            if self.summarised {
                // Said once for all of them, rather than for each group.
                let _ = writeln!(
                    out,
                    "This design runs on {}. What runs on one server shares its CPU, memory and disks, and stops with it when it fails:\n",
                    count(hosts.len(), "server", "servers")
                );
            } else {
                let _ = writeln!(
                    out,
                    "This design runs on {}:\n",
                    count(hosts.len(), "server", "servers")
                );
            }
            let groups: Vec<Vec<ElementId>> = if self.full {
                hosts.iter().map(|&h| vec![h]).collect()
            } else {
                self.element_groups(false)
                    .into_iter()
                    .filter(|g| m.element(g[0]).kind == Kind::Container(ContainerKind::Host))
                    .collect()
            };
            for g in &groups {
                if g.len() == 1 {
                    self.server_line(&mut out, g[0]);
                    continue;
                }
                let inside: Vec<String> = m
                    .components_in(g[0])
                    .into_iter()
                    .map(|c| escape(&m.element(c).label))
                    .collect();
                if self.summarised {
                    let _ = writeln!(
                        out,
                        "- {} are identical: each runs {}.",
                        self.names(g),
                        join_and(&inside)
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "- {} are identical: each runs {}, which share its CPU, memory and disks and stop together when it fails.",
                        self.names(g),
                        join_and(&inside)
                    );
                }
            }
            out.push('\n');
            let loose: Vec<_> = m
                .components()
                .filter(|&c| m.host_of(c).is_none() && !self.is(c, C::Client))
                .collect();
            if !loose.is_empty() {
                let managed: Vec<_> = loose.iter().copied().filter(|&c| m.managed(c)).collect();
                let unmanaged: Vec<_> = loose.iter().copied().filter(|&c| !m.managed(c)).collect();
                if !managed.is_empty() && self.full {
                    let _ = writeln!(
                        out,
                        "{} {} run by a provider (managed), on machines that are not part of the design.\n",
                        capitalize(&self.names(&managed)),
                        agree(managed.len(), "is", "are")
                    );
                }
                if !unmanaged.is_empty() {
                    let _ = writeln!(
                        out,
                        "{} {} in no server of the design: each counts as its own failure domain{}.\n",
                        capitalize(&self.names(&unmanaged)),
                        agree(unmanaged.len(), "is", "are"),
                        if unmanaged.iter().any(|&c| !m.failure_zones_of(c).is_empty()) {
                            ", and fails with the failure-domain zone that holds it"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        if !zones.is_empty() {
            let info = knowledge::container(ContainerKind::Zone);
            if self.full {
                let _ = writeln!(out, "### Network zones\n\n{}\n", info.what);
            } else {
                out.push_str("### Network zones\n\n");
            }
            if self.summarised {
                self.zones_table(&mut out, &zones);
                return out;
            }
            for z in zones {
                let e = m.element(z);
                let trust = e.attrs.trust.unwrap_or_else(|| {
                    self.assume(format!(
                        "The zone {} is trusted: the design gives no `trust`, and `trusted` is the default.",
                        self.name(z)
                    ));
                    crate::model::Trust::Trusted
                });
                let inside: Vec<_> = e.children.clone();
                let _ = writeln!(
                    out,
                    "- {} is {} ({}): it holds {}.{}",
                    self.name(z),
                    code(trust.as_str()),
                    knowledge::trust(trust).short,
                    if inside.is_empty() {
                        "nothing".to_string()
                    } else {
                        self.names(&inside)
                    },
                    if self.full {
                        format!(" {}", knowledge::trust(trust).detail)
                    } else {
                        String::new()
                    }
                );
            }
            out.push_str("\nWhatever is in no zone, the clients included, is on the internet: untrusted.\n\n");
        }
        out
    }

    fn dns(&self) -> String {
        let m = self.m;
        let dns: Vec<_> = m.components_of(C::Dns).collect();
        if dns.is_empty() {
            return String::new();
        }
        let mut out = String::from("### The domain name and DNS\n\n");
        let records: Vec<(ElementId, String, knowledge::DnsRecord)> = dns
            .iter()
            .flat_map(|&d| {
                m.element(d)
                    .attrs
                    .records
                    .iter()
                    .map(move |r| (d, r.clone(), knowledge::dns_record(r)))
            })
            .filter_map(|(d, raw, rec)| rec.map(|r| (d, raw, r)))
            .collect();
        let domains = dedup(
            records
                .iter()
                .filter(|(_, _, r)| r.points_somewhere())
                .map(|(_, _, r)| r.domain()),
        );
        let domain_text = match domains.as_slice() {
            [] => "The site's domain name is its".to_string(),
            [one] => format!("The domain name {} is the site's", escape(one)),
            many => format!(
                "The domain names {} are the site's",
                join_and(&many.iter().map(|d| escape(d)).collect::<Vec<_>>())
            ),
        };
        if self.full {
            let _ = writeln!(
                out,
                "{domain_text} stable, human-readable identity: people type it and links point at it, while the machines and addresses behind it may change. Its owner registers it with a registrar and publishes its records on name servers; names inside it, such as `www`, are subdomains that can each point somewhere else.\n"
            );
            let _ = writeln!(out, "{}\n", knowledge::component(C::Dns).what);
        } else {
            let lead = match domains.as_slice() {
                [] => "DNS turns the site's domain name into addresses".to_string(),
                [one] => format!("{} is the site's domain name, and DNS turns the names in it into addresses", escape(one)),
                many => format!(
                    "{} are the site's domain names, and DNS turns the names in them into addresses",
                    join_and(&many.iter().map(|d| escape(d)).collect::<Vec<_>>())
                ),
            };
            let _ = writeln!(out, "{lead} ([what a domain name is](#the-domain-name)).\n");
        }
        for &d in dns.iter().filter(|_| self.full) {
            let managed = m.managed(d);
            if managed && m.element(d).attrs.managed.is_none() {
                self.assume(format!(
                    "{} is a managed service (the default for DNS): its provider runs several name servers, so it is not reported as a single point of failure.",
                    self.name(d)
                ));
            }
            let _ = writeln!(
                out,
                "{} {}.\n",
                capitalize(&self.name(d)),
                if managed {
                    "is run by a DNS provider (managed)"
                } else {
                    "is run by the design itself (not managed)"
                }
            );
        }
        let unparsed: Vec<&String> = dns
            .iter()
            .flat_map(|&d| m.element(d).attrs.records.iter())
            .filter(|r| knowledge::dns_record(r).is_none())
            .collect();
        if records.is_empty() && unparsed.is_empty() {
            out.push_str("The design lists no DNS record: add `records = [\"www.example.com A 203.0.113.10\"]` to show where the name points.\n\n");
        }
        for (_, raw, rec) in &records {
            let mut line = format!("- {}: ", code(raw));
            let article = if matches!(
                rec.kind.as_str(),
                "A" | "AAAA" | "MX" | "NS" | "SOA" | "SRV"
            ) {
                "an"
            } else {
                "a"
            };
            match rec.subdomain().filter(|_| rec.points_somewhere()) {
                Some(sub) => {
                    let _ = write!(line, "{} in {} is {article} ", code(sub), escape(&rec.name));
                }
                None => {
                    let _ = write!(line, "{} has {article} ", escape(&rec.name));
                }
            }
            match rec.known {
                Some(t) if !self.full => {
                    let _ = write!(line, "**{} record** ({}).", t.name, t.long);
                }
                Some(t) => {
                    let _ = write!(line, "**{} record** ({}). {}", t.name, t.long, t.what);
                }
                None => {
                    let _ = write!(
                        line,
                        "{} record, a type archc does not describe.",
                        escape(&rec.kind)
                    );
                }
            }
            let _ = write!(line, " Here its value is {}", code(&rec.value));
            match self.owner_of_address(&rec.value) {
                Some(o) => {
                    let _ = write!(line, ", the address of {}.", self.name(o));
                }
                None => line.push('.'),
            }
            let _ = writeln!(out, "{line}");
        }
        for raw in unparsed {
            let _ = writeln!(
                out,
                "- {}: archc cannot read this record; it expects `NAME TYPE VALUE`.",
                code(raw)
            );
        }
        out.push('\n');
        out
    }

    /// The role of each kind that has no section of its own.
    fn roles(&self) -> String {
        let m = self.m;
        let kinds = dedup(m.components().filter_map(|c| m.element(c).component_kind()))
            .into_iter()
            .filter(|k| {
                !matches!(
                    k,
                    C::Dns | C::LoadBalancer | C::Database | C::Firewall | C::Monitoring
                )
            })
            .collect::<Vec<_>>();
        if kinds.is_empty() {
            return String::new();
        }
        let mut out = String::from("### What each part does\n\n");
        for k in kinds {
            let info = knowledge::component(k);
            let members: Vec<_> = m.components_of(k).collect();
            let _ = writeln!(out, "#### {}\n\n{}\n", info.title, info.what);
            let _ = writeln!(
                out,
                "Here: {}.\n",
                join_and(&members.iter().map(|&c| self.name_on(c)).collect::<Vec<_>>())
            );
        }
        out
    }

    fn protocols(&self) -> String {
        let m = self.m;
        let protocols = dedup(m.links.iter().map(|l| l.protocol.as_deref()));
        if protocols.is_empty() {
            return String::new();
        }
        let mut out = String::from("### Protocols\n\nWhat travels on each link of the design:\n\n");
        for p in protocols {
            let links: Vec<_> = (0..m.links.len())
                .map(LinkId)
                .filter(|&l| m.link(l).protocol.as_deref() == p)
                .collect();
            let pairs: Vec<String> = links
                .iter()
                .map(|&l| {
                    let link = m.link(l);
                    format!(
                        "{} → {}",
                        code(&m.element(link.from).id),
                        code(&m.element(link.to).id)
                    )
                })
                .collect();
            let pairs = dedup(pairs.iter()).into_iter().cloned().collect::<Vec<_>>();
            let used = format!("({})", pairs.join(", "));
            match p {
                Some(word) => match knowledge::protocol(word) {
                    Some(info) => {
                        let _ = writeln!(out, "- **{}** {used}: {}", info.display, info.what);
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "- {} {used}: a protocol that the design names and archc does not describe.",
                            code(word)
                        );
                    }
                },
                None => {
                    let local = links.iter().all(|&l| {
                        let link = m.link(l);
                        m.host_of(link.from).is_some() && m.host_of(link.from) == m.host_of(link.to)
                    });
                    let _ = writeln!(
                        out,
                        "- No protocol given {used}: {}",
                        if local {
                            "both ends are on the same server, so this is a local call or a file read, not network traffic."
                        } else {
                            "the design does not say how these ends talk."
                        }
                    );
                }
            }
        }
        out.push('\n');
        out
    }

    /// Whether a load balancer is HAProxy: its `software`, else its label, says so, or
    /// neither names any software.
    fn is_haproxy(&self, lb: ElementId) -> bool {
        let e = self.m.element(lb);
        match e.attrs.software.as_deref() {
            Some(s) => s.to_ascii_lowercase().contains("haproxy"),
            None => {
                let l = e.label.to_ascii_lowercase();
                l.contains("haproxy")
                    || ![
                        "elb", "alb", "nlb", "cloud", "kube", "nginx", "envoy", "traefik",
                        "gateway",
                    ]
                    .iter()
                    .any(|w| l.contains(w))
            }
        }
    }

    /// The load balancers `lbs` in groups configured alike (algorithm, setup, TLS,
    /// certificate, backends, cluster and, in the full document, reason), in source order:
    /// one section or table row per group.
    fn balancer_groups(&self, lbs: &[ElementId]) -> Vec<Vec<ElementId>> {
        let m = self.m;
        let key = |x: ElementId| {
            let a = &m.element(x).attrs;
            (
                a.algorithm,
                a.setup,
                m.tls(x),
                a.certificate.clone(),
                self.backends(x),
                m.enclosing(x, ContainerKind::Cluster),
                // Below `--detail full` the reason is in the elements table only.
                a.why.clone().filter(|_| self.full),
            )
        };
        let mut groups: Vec<Vec<ElementId>> = Vec::new();
        for &lb in lbs {
            match groups.iter_mut().find(|g| key(g[0]) == key(lb)) {
                Some(g) => g.push(lb),
                None => groups.push(vec![lb]),
            }
        }
        groups
    }

    fn load_balancing(&self) -> String {
        let m = self.m;
        let lbs: Vec<_> = m.components_of(C::LoadBalancer).collect();
        if lbs.is_empty() {
            return String::new();
        }
        if self.summarised {
            return self.load_balancing_table(&lbs);
        }
        let mut out = if self.full {
            format!(
                "### Load balancing\n\n{}\n\n",
                knowledge::component(C::LoadBalancer).what
            )
        } else {
            String::from("### Load balancing\n\n")
        };
        // Load balancers configured alike are described together.
        let groups = self.balancer_groups(&lbs);
        let mut setups_used = Vec::new();
        let mut explained = Vec::new();
        for group in &groups {
            let lb = group[0];
            let e = m.element(lb);
            let heading = join_and(&group.iter().map(|&x| self.name_on(x)).collect::<Vec<_>>());
            let _ = writeln!(out, "#### {heading}\n");
            let backends = self.backends(lb);
            let both = group.len() > 1;
            // The subject of the setup's sentence: "It", or the balancers themselves in the
            // shorter documents, where one sentence may stand for several groups. The verb
            // agrees with a plural subject only: "`a` and `b` each send", "Each sends".
            let names = self.names(group);
            let (it, plural) = match (self.full, both) {
                (true, false) => ("It".to_string(), false),
                (true, true) => ("Each".to_string(), false),
                (false, false) => (capitalize(&names), false),
                (false, true) => (format!("{} each", capitalize(&names)), true),
            };
            let several = both;
            let both = plural;
            // Algorithm.
            let alg = match e.attrs.algorithm {
                Some(a) => a,
                None => {
                    self.assume(format!(
                        "{} uses `roundrobin`: the design gives no `algorithm`, and round robin is {} default.",
                        join_and(&group.iter().map(|&x| self.name(x)).collect::<Vec<_>>()),
                        if self.is_haproxy(lb) { "HAProxy's" } else { "the usual" }
                    ));
                    knowledge::DEFAULT_ALGORITHM
                }
            };
            let info = knowledge::algorithm(alg);
            let mut alg_line = if !self.full {
                format!(
                    "- **Algorithm: {}** ({}; [how it works](#{})).",
                    code(info.name),
                    info.short,
                    info.name
                )
            } else if explained.contains(&alg) {
                format!(
                    "- **Algorithm: {}** ({}), described above.",
                    code(info.name),
                    info.short
                )
            } else {
                explained.push(alg);
                format!(
                    "- **Algorithm: {}** ({}). {}",
                    code(info.name),
                    info.short,
                    info.how
                )
            };
            match backends.len() {
                0 => alg_line.push_str(" Here it has no backend in the design: add links to the servers it forwards to."),
                1 => {
                    let _ = write!(
                        alg_line,
                        " Here it has a single backend, {}, so every request goes there: the algorithm will matter once a second backend is added.",
                        self.name_on(backends[0])
                    );
                }
                _ if e.attrs.setup == Some(Setup::ActivePassive) => {
                    let _ = write!(
                        alg_line,
                        " Here, being active-passive, it sends every request to {} while it is up: the algorithm chooses only among the servers that are active at the moment.",
                        self.name_on(backends[0])
                    );
                }
                n => {
                    let names: Vec<_> = backends.iter().map(|&b| self.name_on(b)).collect();
                    let _ = write!(alg_line, " Here it spreads the requests over {}", join_and(&names));
                    match alg {
                        crate::model::Algorithm::RoundRobin | crate::model::Algorithm::StaticRr if n == 2 && !self.full => {
                            alg_line = alg_line.replace(&format!(" Here it spreads the requests over {}", join_and(&names)), "");
                            let _ = write!(
                                alg_line,
                                " Here, with equal weights, requests alternate between {} and {}.",
                                code(&m.element(backends[0]).id),
                                code(&m.element(backends[1]).id)
                            );
                        }
                        crate::model::Algorithm::RoundRobin | crate::model::Algorithm::StaticRr if n == 2 => {
                            let _ = write!(
                                alg_line,
                                ": with equal weights, requests alternate between {} and {}.",
                                code(&m.element(backends[0]).id),
                                code(&m.element(backends[1]).id)
                            );
                        }
                        crate::model::Algorithm::RoundRobin | crate::model::Algorithm::StaticRr => {
                            alg_line.push_str(": with equal weights, each receives one request in turn.");
                        }
                        _ if info.sticky => alg_line.push_str(": the same key keeps reaching the same one while all of them are up."),
                        _ => alg_line.push('.'),
                    }
                }
            }
            if info.needs_http && m.tls(lb) == Tls::Passthrough {
                let _ = write!(
                    alg_line,
                    " But TLS passes through {}: it cannot read the requests, so {} cannot work here; choose `roundrobin`, `leastconn` or `source`, or terminate TLS.",
                    self.name(lb),
                    code(info.name)
                );
            }
            let _ = writeln!(out, "{alg_line}");
            // Setup.
            let setup = e.attrs.setup;
            match (setup, backends.len()) {
                (Some(s), _) => {
                    setups_used.extend(group.iter().map(|&x| (s, x)));
                    let what = match s {
                        Setup::ActiveActive => format!(
                            "{} send{} requests to {} at the same time: {}.",
                            it,
                            if both { "" } else { "s" },
                            match backends.len() {
                                0 => "all of its backends".to_string(),
                                1 => self.name(backends[0]),
                                2 => format!("both {}", self.names(&backends)),
                                _ => format!("all of {}", self.names(&backends)),
                            },
                            match backends.len() {
                                0 | 1 => "with fewer than two backends, there is nothing to share yet",
                                2 => "both serve, and each takes the other's share if it fails",
                                _ => "all serve, and the others take the share of one that fails",
                            }
                        ),
                        Setup::ActivePassive => match backends.split_first() {
                            Some((active, rest)) if !rest.is_empty() => format!(
                                "{} send{} every request to one backend, normally the first, {}, and keep{} {} in reserve for when it fails{}.",
                                it,
                                if both { "" } else { "s" },
                                self.name(*active),
                                if both { "" } else { "s" },
                                self.names(rest),
                                if self.is_haproxy(lb) { " (HAProxy's `backup` servers)" } else { "" }
                            ),
                            _ => format!(
                                "{} send{} every request to one backend and keep{} the others in reserve, but it has fewer than two backends here.",
                                it,
                                if both { "" } else { "s" },
                                if both { "" } else { "s" }
                            ),
                        },
                    };
                    let _ = writeln!(
                        out,
                        "- **Setup: {}** ({}). {what}{}",
                        code(s.as_str()),
                        knowledge::setup(s).short,
                        match (self.full || self.contrasted.replace(true), s) {
                            (true, _) => "",
                            (false, Setup::ActiveActive) => " In an active-passive setup, all but one would stand by, idle, until the active one fails ([the difference](#active-active-and-active-passive)).",
                            (false, Setup::ActivePassive) => " In an active-active setup, all of them would serve at once ([the difference](#active-active-and-active-passive)).",
                        }
                    );
                }
                (None, n) if n >= 2 => {
                    setups_used.extend(group.iter().map(|&x| (Setup::ActiveActive, x)));
                    self.assume(format!(
                        "{} {} active-active towards {} backends: the design gives no `setup`, and {}.",
                        join_and(&group.iter().map(|&x| self.name(x)).collect::<Vec<_>>()),
                        agree(group.len(), "is", "are"),
                        if group.len() == 1 { "its" } else { "their" },
                        if self.is_haproxy(lb) {
                            "HAProxy sends to every server not marked `backup`"
                        } else {
                            "a load balancer sends to every backend it is given"
                        }
                    ));
                    let _ = writeln!(
                        out,
                        "- **Setup: active-active** (assumed). {it} send{} requests to {} at the same time.",
                        if both { "" } else { "s" },
                        if n == 2 { format!("both {}", self.names(&backends)) } else { format!("all of {}", self.names(&backends)) }
                    );
                }
                (None, _) if !self.full && m.enclosing(lb, ContainerKind::Cluster).is_some() => {}
                (None, _) => {
                    let _ = writeln!(
                        out,
                        "- **Setup:** not given; with {}, every request goes to the same place, so active-active and active-passive do not differ yet.",
                        if backends.is_empty() { "no backend".to_string() } else { format!("a single backend, {}", self.name(backends[0])) }
                    );
                }
            }
            if let Some(c) = m.enclosing(lb, ContainerKind::Cluster) {
                let _ = writeln!(
                    out,
                    "- **Redundancy:** {} part of {}, described below, whose setup is {}.",
                    if several { "they are" } else { "it is" },
                    self.the_kind(c),
                    m.element(c)
                        .attrs
                        .setup
                        .map_or("not given".to_string(), |s| code(s.as_str()))
                );
            }
            // TLS.
            let tls = m.tls(lb);
            let written = e.attrs.tls.is_some();
            if !written && tls == Tls::Terminate {
                self.assume(format!(
                    "{} {}: the design gives no `tls`, and {} encrypted traffic.",
                    join_and(&group.iter().map(|&x| self.name(x)).collect::<Vec<_>>()),
                    agree(group.len(), "terminates TLS", "terminate TLS"),
                    agree(group.len(), "it receives", "they receive")
                ));
            }
            let mut tls_line = format!(
                "- **TLS: {}**{} ({}).",
                code(tls.as_str()),
                if written { "" } else { ", by default" },
                knowledge::tls(tls).short
            );
            if let Some(cert) = &e.attrs.certificate {
                match tls {
                    Tls::Terminate | Tls::Reencrypt => {
                        let _ =
                            write!(tls_line, " It serves the certificate for {}.", escape(cert));
                    }
                    Tls::Passthrough => {
                        let _ = write!(
                            tls_line,
                            " The design gives it the certificate for {}, but with passthrough it is the backends that present it.",
                            escape(cert)
                        );
                    }
                    Tls::None => {
                        let _ = write!(
                            tls_line,
                            " The design gives it the certificate for {}, but it handles no TLS, so the certificate is not used.",
                            escape(cert)
                        );
                    }
                }
            }
            let _ = writeln!(out, "{tls_line}");
            if self.full {
                let _ = writeln!(out, "- **Why:** {}\n", self.why(lb));
            } else {
                out.push('\n');
            }
        }
        if !self.full {
            return out;
        }
        // The two setups, and which this design uses.
        let aa = knowledge::setup(Setup::ActiveActive);
        let ap = knowledge::setup(Setup::ActivePassive);
        let _ = writeln!(
            out,
            "#### Active-active and active-passive\n\n{}\n\n{}\n",
            aa.detail, ap.detail
        );
        let used: Vec<String> = Setup::ALL
            .iter()
            .filter_map(|&s| {
                let lbs: Vec<ElementId> = setups_used
                    .iter()
                    .filter(|(x, _)| *x == s)
                    .map(|(_, l)| *l)
                    .collect();
                (!lbs.is_empty()).then(|| {
                    format!(
                        "{} {} {} towards {} backends",
                        self.names(&lbs),
                        agree(lbs.len(), "is", "are"),
                        code(s.as_str()),
                        if lbs.len() == 1 { "its" } else { "their" }
                    )
                })
            })
            .collect();
        let clusters: Vec<String> = m
            .containers(ContainerKind::Cluster)
            .filter_map(|c| m.element(c).attrs.setup.map(|s| (c, s)))
            .map(|(c, s)| format!("{} is {}", self.the_kind(c), code(s.as_str())))
            .collect();
        if !used.is_empty() || !clusters.is_empty() {
            let mut parts = Vec::new();
            parts.extend(used);
            parts.extend(clusters);
            let _ = writeln!(out, "In this design, {}.\n", join_and(&parts));
        }
        out
    }

    fn clusters(&self) -> String {
        let m = self.m;
        let clusters: Vec<_> = m.containers(ContainerKind::Cluster).collect();
        if clusters.is_empty() {
            return String::new();
        }
        if self.summarised {
            return self.clusters_table(&clusters);
        }
        let mut out = if self.full {
            format!(
                "### Clusters\n\n{}\n\n",
                knowledge::container(ContainerKind::Cluster).what
            )
        } else {
            String::from("### Clusters\n\n")
        };
        for c in clusters {
            let e = m.element(c);
            let members = m.cluster_members(c);
            let _ = writeln!(out, "#### {}\n", self.name(c));
            let member_names: Vec<_> = members.iter().map(|&x| self.name_on(x)).collect();
            let _ = writeln!(
                out,
                "{} groups {}.{}\n",
                capitalize(&self.name(c)),
                if members.is_empty() {
                    "no member".to_string()
                } else {
                    join_and(&member_names)
                },
                self.why_clause(c)
            );
            let setup = e.attrs.setup.unwrap_or_else(|| {
                self.assume(format!(
                    "The cluster {} is active-active: the design gives no `setup`.",
                    self.name(c)
                ));
                Setup::ActiveActive
            });
            let failover = e.attrs.failover;
            let vip = e.attrs.vip.as_deref();
            let mut lines = vec![format!(
                "- **Setup: {}** ({}).",
                code(setup.as_str()),
                knowledge::setup(setup).short
            )];
            if let Some(v) = vip {
                lines.push(format!(
                    "- **Virtual IP: {}.** Clients know only this address; the member that holds it receives the traffic.",
                    code(v)
                ));
            }
            if let Some(f) = failover {
                lines.push(format!(
                    "- **Failover: {}** ({}).",
                    code(f.as_str()),
                    knowledge::cluster_failover(setup, f).short
                ));
            }
            for l in lines {
                let _ = writeln!(out, "{l}");
            }
            out.push('\n');
            // How the members share or hand over the work.
            let names = &member_names;
            let text = match setup {
                Setup::ActivePassive => {
                    let holder = match vip {
                        Some(v) => format!("the member that holds the virtual IP {}", code(v)),
                        None => "one member".to_string(),
                    };
                    let mut t = format!(
                        "How it hands over the traffic: of {}, {holder} serves every request, and the other{} stand{} by, watching it.",
                        join_and(names),
                        if members.len() > 2 { "s" } else { "" },
                        if members.len() > 2 { "" } else { "s" }
                    );
                    match failover.unwrap_or(Failover::None) {
                        Failover::Automatic => {
                            t.push_str(" When the active member stops answering, a standby takes over by itself");
                            if let Some(v) = vip {
                                let _ = write!(
                                    t,
                                    ": it claims {} ({})",
                                    code(v),
                                    knowledge::VRRP_HANDOVER
                                );
                            }
                            t.push_str(". Clients keep using the same address; only the connections open at that moment are lost, and the switch takes a few seconds.");
                        }
                        Failover::Manual => {
                            t.push_str(" When the active member fails, an operator must move the work to a standby");
                            if let Some(v) = vip {
                                let _ = write!(t, " by moving {} to it", code(v));
                            }
                            t.push_str("; the service is down until then.");
                        }
                        Failover::None => {
                            t.push_str(" But nothing moves the work to a standby when the active member fails (failover `none`), so the standby does not help until someone reconfigures it: set `failover = automatic` and run keepalived or an equivalent.");
                            if e.attrs.failover.is_none() {
                                self.assume(format!(
                                    "The cluster {} has no failover: the design gives no `failover`, and `none` is the default.",
                                    self.name(c)
                                ));
                            }
                        }
                    }
                    t
                }
                Setup::ActiveActive => {
                    let mut t = format!(
                        "How it shares the traffic: {} all serve at the same time",
                        join_and(names)
                    );
                    match vip {
                        Some(v) => {
                            let _ = write!(t, "; the virtual IP {} is held by one member at a time, so in front of it clients must also be spread (two virtual IPs in DNS, or equal-cost routing) for all members to receive requests", code(v));
                        }
                        None => {
                            let in_front: Vec<_> = dedup(
                                m.links
                                    .iter()
                                    .filter(|l| l.via[1] == Some(c))
                                    .map(|l| l.from),
                            );
                            if !in_front.is_empty() {
                                let _ = write!(
                                    t,
                                    ", and {} reach{} every member",
                                    self.names(&in_front),
                                    if in_front.len() == 1 { "es" } else { "" }
                                );
                            }
                        }
                    }
                    let _ = write!(
                        t,
                        ". When a member of {} fails, the others carry its share, provided they have room for it.",
                        code(&e.id)
                    );
                    if let Some(f) = e.attrs.failover {
                        let _ = write!(t, " {}", knowledge::cluster_failover(setup, f).detail);
                    }
                    t
                }
            };
            let _ = writeln!(out, "{text}\n");
        }
        out
    }

    fn databases(&self) -> String {
        let m = self.m;
        let dbs: Vec<_> = m.components_of(C::Database).collect();
        if dbs.is_empty() {
            return String::new();
        }
        let mut out = if self.full {
            format!(
                "### Databases\n\n{}\n\n",
                knowledge::component(C::Database).what
            )
        } else {
            String::from("### Databases\n\n")
        };
        let mut primaries: Vec<_> = dbs
            .iter()
            .copied()
            .filter(|&d| m.role(d) == Role::Primary)
            .collect();
        if self.summarised {
            // The primaries with replicas in one table; the rest, rare, in prose below.
            let tabulated: Vec<_> = primaries
                .iter()
                .copied()
                .filter(|&p| tables::tabulated(m, p))
                .collect();
            if !tabulated.is_empty() {
                out.push_str(&self.primaries_table(&tabulated));
            }
            primaries.retain(|p| !tabulated.contains(p));
        }
        let mut explained = false;
        for p in &primaries {
            let replicas = m.replicas_of(*p);
            if replicas.is_empty() {
                let _ = writeln!(
                    out,
                    "#### {}\n\n{} is declared the primary but has no replica in the design: it is the only copy of its data, every read and every write goes to it, and nothing can take its place when it fails.{}\n",
                    self.name_on(*p),
                    self.name(*p),
                    self.why_clause(*p)
                );
                self.db_users(&mut out, &[*p]);
                continue;
            }
            let _ = writeln!(
                out,
                "#### {} and its {} {}\n",
                self.name(*p),
                if replicas.len() == 1 {
                    "replica"
                } else {
                    "replicas"
                },
                self.names(&replicas)
            );
            if !explained && self.full {
                explained = true;
                let _ = writeln!(
                    out,
                    "**How a primary-replica cluster works.** {} {}\n",
                    knowledge::role(Role::Primary).detail,
                    knowledge::role(Role::Replica).detail
                );
            }
            let _ = writeln!(
                out,
                "Here {} is the primary and {} {} its {}: every change made on {} is copied to {}{}.\n",
                self.name_on(*p),
                join_and(&replicas.iter().map(|&r| self.name_on(r)).collect::<Vec<_>>()),
                agree(replicas.len(), "is", "are"),
                if replicas.len() == 1 { "replica" } else { "replicas" },
                code(&m.element(*p).id),
                self.names(&replicas),
                if self.full {
                    ""
                } else {
                    " ([how a primary-replica cluster works](#primary-and-replica))"
                }
            );
            // Replication mode.
            let modes = dedup(replicas.iter().map(|&r| self.replication_of(*p, r)));
            for mode in &modes {
                let info = knowledge::replication(*mode);
                let written = replicas
                    .iter()
                    .any(|&r| m.element(r).attrs.replication.is_some())
                    || m.element(*p).attrs.replication.is_some();
                let _ = writeln!(
                    out,
                    "- **Replication: {}**{} ({}). {}",
                    code(info.name),
                    if written { "" } else { ", by default" },
                    info.short,
                    if self.full {
                        info.detail.to_string()
                    } else {
                        format!(
                            "See [{} replication](#{}-replication).",
                            code(info.name),
                            info.name
                        )
                    }
                );
            }
            // What it means for the application.
            self.db_application(&mut out, *p, &replicas, &modes);
            // Failover.
            let f = m
                .element(*p)
                .attrs
                .failover
                .or_else(|| replicas.iter().find_map(|&r| m.element(r).attrs.failover));
            let failover = f.unwrap_or_else(|| {
                self.assume(format!(
                    "Nothing promotes a replica of {} when it fails: the design gives no `failover`, and `none` is the default.",
                    self.name(*p)
                ));
                Failover::None
            });
            let info = knowledge::failover(failover);
            let specific = match failover {
                Failover::None => format!(
                    "Here, when {} fails, {} still answer{} reads, and every write fails until {} is repaired or someone promotes a replica by hand.",
                    self.name(*p),
                    self.names(&replicas),
                    agree(replicas.len(), "s", ""),
                    code(&m.element(*p).id)
                ),
                Failover::Manual => format!(
                    "Here, when {} fails, writes stop until an operator promotes {} and repoints the application's writes to it.",
                    self.name(*p),
                    join_or(&replicas.iter().map(|&r| self.name(r)).collect::<Vec<_>>())
                ),
                Failover::Automatic => format!(
                    "Here, when {} fails, an orchestrator promotes {} and moves the writes to it within seconds.",
                    self.name(*p),
                    if replicas.len() == 1 {
                        self.name(replicas[0])
                    } else {
                        format!("the most up-to-date of {}", self.names(&replicas))
                    }
                ),
            };
            let _ = writeln!(
                out,
                "- **Failover: {}**{} ({}). {}{specific}\n",
                code(info.name),
                if f.is_some() { "" } else { ", by default" },
                info.short,
                if self.full {
                    format!("{} ", info.detail)
                } else {
                    String::new()
                }
            );
        }
        // Replicas of a primary outside the design.
        for &r in &dbs {
            if m.role(r) == Role::Replica && m.element(r).attrs.replicates.is_none() {
                let _ = writeln!(
                    out,
                    "#### {}\n\n{} is a replica whose primary is not in the design: it serves reads, and the writes go to a primary elsewhere.{}\n",
                    self.name_on(r),
                    self.name(r),
                    self.why_clause(r)
                );
                self.db_users(&mut out, &[r]);
            }
        }
        for &d in &dbs {
            if m.role(d) != Role::Standalone {
                continue;
            }
            if m.element(d).attrs.role.is_none() {
                self.assume(format!(
                    "{} is a standalone database: the design gives no `role` and no replica.",
                    self.name(d)
                ));
            }
            let _ = writeln!(
                out,
                "#### {}\n\n{} is a standalone database ({}). {}{}\n",
                self.name_on(d),
                self.name(d),
                knowledge::role(Role::Standalone).short,
                knowledge::role(Role::Standalone).detail,
                self.why_clause(d)
            );
            self.db_users(&mut out, &[d]);
        }
        out
    }

    /// Who reads and writes a database, from the links into it.
    fn db_users(&self, out: &mut String, dbs: &[ElementId]) {
        let m = self.m;
        for &d in dbs {
            let writers = dedup(
                m.incoming(d)
                    .filter(|&l| m.link(l).access.writes() && !self.is_replication(l))
                    .map(|l| m.link(l).from),
            );
            let readers = dedup(
                m.incoming(d)
                    .filter(|&l| m.link(l).access.reads() && !self.is_replication(l))
                    .map(|l| m.link(l).from),
            );
            if writers.is_empty() && readers.is_empty() {
                let _ = writeln!(
                    out,
                    "Nothing in the design reads or writes {}.\n",
                    self.name(d)
                );
            } else if writers == readers {
                let _ = writeln!(
                    out,
                    "{} read{} from and write{} to it.\n",
                    capitalize(&self.names(&writers)),
                    agree(writers.len(), "s", ""),
                    agree(writers.len(), "s", "")
                );
            } else {
                if !writers.is_empty() {
                    let _ = writeln!(
                        out,
                        "{} write{} to it.",
                        capitalize(&self.names(&writers)),
                        agree(writers.len(), "s", "")
                    );
                }
                if !readers.is_empty() {
                    let _ = writeln!(
                        out,
                        "{} read{} from it.",
                        capitalize(&self.names(&readers)),
                        agree(readers.len(), "s", "")
                    );
                }
                out.push('\n');
            }
        }
    }

    /// What a primary and its replicas mean for the application.
    fn db_application(
        &self,
        out: &mut String,
        p: ElementId,
        replicas: &[ElementId],
        modes: &[Replication],
    ) {
        let m = self.m;
        let into = |d: ElementId, pred: fn(Access) -> bool| -> Vec<ElementId> {
            dedup(
                m.incoming(d)
                    .filter(|&l| !self.is_replication(l) && pred(m.link(l).access))
                    .map(|l| m.link(l).from),
            )
        };
        let writers_p = into(p, Access::writes);
        let readers_p = into(p, Access::reads);
        let general = !(self.summarised && self.replicas_explained.replace(true));
        let mut text = if !general {
            String::from("- **For the application:**")
        } else if self.full {
            String::from("- **For the application:** writes (INSERT, UPDATE, DELETE) must go to the primary only: a write made on a replica is never copied back, and a MySQL replica accepts one unless `read_only` is on (`super_read_only` for administrators too). Reads (SELECT) may go to the primary or to a replica, and spreading them over the replicas takes load off the primary.")
        } else {
            String::from("- **For the application:** writes must go to the primary only, and reads may go to either.")
        };
        if !writers_p.is_empty() {
            let _ = write!(
                text,
                " Here {} send{} {} writes to {}",
                self.names(&writers_p),
                agree(writers_p.len(), "s", ""),
                if writers_p.len() == 1 { "its" } else { "their" },
                code(&m.element(p).id)
            );
            let only_reads_p = readers_p.is_empty();
            let replica_readers: Vec<ElementId> =
                dedup(replicas.iter().flat_map(|&r| into(r, Access::reads)));
            if !replica_readers.is_empty() {
                let _ = write!(
                    text,
                    " and read{} from {}",
                    agree(writers_p.len(), "s", ""),
                    join_and(
                        &replicas
                            .iter()
                            .filter(|&&r| !into(r, Access::reads).is_empty())
                            .map(|&r| code(&m.element(r).id))
                            .collect::<Vec<_>>()
                    )
                );
                if !only_reads_p {
                    let _ = write!(text, " and from {}", code(&m.element(p).id));
                }
            }
            text.push('.');
        }
        for &r in replicas {
            let bad = into(r, Access::writes);
            if !bad.is_empty() {
                let explicit = m.incoming(r).any(|l| m.link(l).access == Access::Write);
                if explicit {
                    let _ = write!(
                        text,
                        " But the design sends writes from {} to the replica {}, where they would never reach the primary: point them at {}.",
                        self.names(&bad),
                        self.name(r),
                        self.name(p)
                    );
                } else {
                    let _ = write!(
                        text,
                        " The links from {} to the replica {} do not say `access = read`; only their reads can succeed there.",
                        self.names(&bad),
                        self.name(r)
                    );
                }
            }
        }
        let lag = general && modes.iter().any(|&md| md != Replication::Sync);
        if lag && !self.full {
            let _ = write!(
                text,
                " A read from a replica just after a write may miss it (replication lag): pages that show a user's own change should read from {}.",
                code(&m.element(p).id)
            );
        } else if lag {
            text.push_str(" Because a replica applies each change a moment after the primary (replication lag), a read from it just after a write may not see that write: pages that must show a user's own change (a saved profile, a new post) should read from the primary.");
        }
        if text.ends_with(':') {
            // Said before, and nothing of this database's own to add.
            return;
        }
        let _ = writeln!(out, "{text}");
    }

    fn firewalls(&self) -> String {
        let m = self.m;
        let fws: Vec<_> = m.components_of(C::Firewall).collect();
        if fws.is_empty() {
            return String::new();
        }
        let mut out = if self.full {
            format!(
                "### Firewalls\n\n{}\n\n",
                knowledge::component(C::Firewall).what
            )
        } else {
            String::from("### Firewalls\n\n")
        };
        for fw in fws {
            let e = m.element(fw);
            let mut line = match m.host_of(fw) {
                Some(h) => {
                    let guarded: Vec<_> = m
                        .components_in(h)
                        .into_iter()
                        .filter(|&c| {
                            c != fw
                                && !self.is(c, C::Firewall)
                                && m.incoming(c).any(|l| m.host_of(m.link(l).from) != Some(h))
                        })
                        .collect();
                    let mut l = format!(
                        "- {} guards every connection into {}",
                        self.name(fw),
                        self.name(h)
                    );
                    if !guarded.is_empty() {
                        let _ = write!(l, " (to {})", self.names(&guarded));
                    }
                    l
                }
                None => {
                    let through: Vec<_> = self.targets(fw);
                    let mut l = format!(
                        "- {} guards the traffic that passes through it",
                        self.name(fw)
                    );
                    if !through.is_empty() {
                        let _ = write!(l, " on its way to {}", self.names(&through));
                    }
                    l
                }
            };
            if e.attrs.allow.is_empty() {
                line.push_str("; the design does not list what it allows.");
            } else {
                let rules: Vec<_> = e.attrs.allow.iter().map(|a| code(a)).collect();
                let _ = write!(
                    line,
                    ": it allows {} and drops everything else.",
                    join_and(&rules)
                );
            }
            match e.attrs.waf {
                Some(true) => line.push_str(" It is also a web application firewall: it reads the HTTP requests and blocks known attacks (SQL injection, cross-site scripting) before they reach the servers."),
                Some(false) => line.push_str(" It filters connections only; it does not inspect HTTP requests (no WAF)."),
                None => {}
            }
            let _ = write!(line, "{}", self.why_clause(fw));
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
        out
    }

    fn https(&self) -> String {
        let m = self.m;
        let client_links: Vec<_> = (0..m.links.len())
            .map(LinkId)
            .filter(|&l| self.is(m.link(l).from, C::Client) && !self.is(m.link(l).to, C::Dns))
            .collect();
        let tls_elements: Vec<_> = m
            .components()
            .filter(|&c| {
                (self.is(c, C::LoadBalancer) || self.is(c, C::WebServer))
                    && (m.tls(c) != Tls::None || m.element(c).attrs.certificate.is_some())
            })
            .collect();
        if client_links.is_empty() && tls_elements.is_empty() {
            return String::new();
        }
        let mut out = String::from("### HTTPS, certificates and TLS\n\n");
        if self.full {
            let _ = writeln!(out, "{}\n", knowledge::HTTPS_WHY);
        } else {
            out.push_str(
                "Why a site is served over HTTPS: [Background](#https-and-certificates).\n\n",
            );
        }
        // The users: untrusted clients (a trusted one is an internal caller).
        let plain_in: Vec<_> = client_links
            .iter()
            .copied()
            .filter(|&l| !m.link(l).encrypted)
            .filter(|&l| m.element(m.link(l).from).attrs.trusted != Some(true))
            .collect();
        if !plain_in.is_empty() {
            let pairs: Vec<_> = plain_in
                .iter()
                .map(|&l| {
                    format!(
                        "{} → {}",
                        code(&m.element(m.link(l).from).id),
                        code(&m.element(m.link(l).to).id)
                    )
                })
                .collect();
            let pairs = dedup(pairs.iter()).into_iter().cloned().collect::<Vec<_>>();
            let _ = writeln!(
                out,
                "In this design the users reach the site without encryption ({}): nothing between their browser and the site is protected.\n",
                pairs.join(", ")
            );
        }
        let mut tls_lines: Vec<(Vec<ElementId>, String)> = Vec::new();
        for c in tls_elements {
            let e = m.element(c);
            let tls = m.tls(c);
            let info = knowledge::tls(tls);
            let mut line = format!(" — TLS {}", code(tls.as_str()));
            if let Some(cert) = &e.attrs.certificate {
                let _ = write!(line, ", certificate for {}", escape(cert));
            }
            if self.full {
                let _ = write!(line, ". {}", info.detail);
            } else {
                let _ = write!(line, " ({}).", info.short);
            }
            let out_links: Vec<_> = m
                .outgoing(c)
                .filter(|&l| !self.is(m.link(l).to, C::Monitoring))
                .collect();
            let plain: Vec<_> = out_links
                .iter()
                .copied()
                .filter(|&l| !m.link(l).encrypted)
                .collect();
            let enc: Vec<_> = out_links
                .iter()
                .copied()
                .filter(|&l| m.link(l).encrypted)
                .collect();
            if !plain.is_empty() {
                let to = self.names(&dedup(plain.iter().map(|&l| m.link(l).to)));
                match tls {
                    Tls::Passthrough => {
                        let _ = write!(
                            line,
                            " The design marks its links to {to} as unencrypted, but with passthrough they carry the client's encrypted stream: make them `tls`, or say `encrypted = true`."
                        );
                    }
                    Tls::Reencrypt => {
                        let _ = write!(
                            line,
                            " The design marks its links to {to} as unencrypted, although it re-encrypts: make them `https`, or say `encrypted = true`."
                        );
                    }
                    _ => {
                        let _ = write!(line, " Behind it, the traffic to {to} is plain.");
                    }
                }
            }
            if !enc.is_empty() {
                let _ = write!(
                    line,
                    " Behind it, the traffic to {} is encrypted.",
                    self.names(&dedup(enc.iter().map(|&l| m.link(l).to)))
                );
            }
            if tls == Tls::None {
                if let Some(cert) = &e.attrs.certificate {
                    let _ = write!(line, " It is given the certificate for {} but receives no encrypted traffic, so the certificate is not used.", escape(cert));
                }
            }
            match tls_lines.iter_mut().find(|(_, l)| *l == line && !self.full) {
                Some((ids, _)) => ids.push(c),
                None => tls_lines.push((vec![c], line)),
            }
        }
        for (ids, line) in tls_lines {
            let subjects: Vec<String> = ids.iter().map(|&c| self.name_on(c)).collect();
            let _ = writeln!(out, "- {}{line}", join_and(&subjects));
        }
        out.push('\n');
        let encrypted: Vec<String> = m
            .links
            .iter()
            .filter(|l| l.encrypted)
            .map(|l| {
                format!(
                    "{} → {}",
                    code(&m.element(l.from).id),
                    code(&m.element(l.to).id)
                )
            })
            .collect();
        let plain: Vec<String> = m
            .links
            .iter()
            .filter(|l| !l.encrypted && l.protocol.is_some())
            .map(|l| {
                format!(
                    "{} → {}",
                    code(&m.element(l.from).id),
                    code(&m.element(l.to).id)
                )
            })
            .collect();
        if encrypted.is_empty() && !self.full {
            out.push_str("No link of the design is encrypted.\n\n");
            return out;
        }
        if self.summarised && plain.len() > 5 {
            let _ = writeln!(
                out,
                "{} links are unencrypted ({}, {} … {}); every other link is encrypted.\n",
                plain.len(),
                plain[0],
                plain[1],
                plain[plain.len() - 1]
            );
            return out;
        }
        if !self.full && !plain.is_empty() {
            let _ = writeln!(
                out,
                "Unencrypted links: {}; every other link is encrypted.\n",
                plain.join(", ")
            );
            return out;
        }
        if !self.full && plain.is_empty() {
            out.push_str("Every link of the design is encrypted.\n\n");
            return out;
        }
        if !encrypted.is_empty() {
            let _ = writeln!(out, "Encrypted links: {}.\n", encrypted.join(", "));
        }
        if !plain.is_empty() {
            let _ = writeln!(out, "Unencrypted links: {}.\n", plain.join(", "));
        }
        out
    }

    fn monitoring(&self) -> String {
        let m = self.m;
        let mons: Vec<_> = m.components_of(C::Monitoring).collect();
        if mons.is_empty() {
            return String::new();
        }
        let mut out = if self.full {
            format!(
                "### Monitoring\n\n{}\n\n",
                knowledge::component(C::Monitoring).what
            )
        } else {
            String::from("### Monitoring\n\n")
        };
        let agents: Vec<_> = mons.iter().copied().filter(|&x| self.is_agent(x)).collect();
        let services: Vec<_> = mons
            .iter()
            .copied()
            .filter(|&x| !self.is_agent(x))
            .collect();
        if !agents.is_empty() {
            out.push_str("The monitoring clients (agents) of this design:\n\n");
            // Below `--detail full`, agents that collect the same and send it the same way
            // are described together.
            for &a in &agents {
                if m.element(a).attrs.collects.is_empty() {
                    self.assume(format!(
                        "{} collects metrics and logs: the design gives no `collects`, and those are what monitoring agents collect by default.",
                        self.name(a)
                    ));
                }
            }
            let mut alike: Vec<(String, Vec<ElementId>)> = Vec::new();
            for &a in agents.iter().filter(|_| !self.full) {
                let to = self.targets(a);
                let over = m
                    .outgoing(a)
                    .next()
                    .map(|l| self.protocol_phrase(l))
                    .unwrap_or_default();
                let key = format!("{}|{:?}|{over}", self.collects(a), to);
                match alike.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, g)) => g.push(a),
                    None => alike.push((key, vec![a])),
                }
            }
            let mut single: Vec<ElementId> = Vec::new();
            for (_, g) in alike {
                if g.len() == 1 {
                    single.push(g[0]);
                    continue;
                }
                let a = g[0];
                let to = self.targets(a);
                let mut line = format!(
                    "- {} each collect the {} of their server and of what runs on it",
                    self.names(&g),
                    self.collects(a)
                );
                self.push_destination(&mut line, a, &to, "send");
                let _ = writeln!(out, "{line}");
            }
            let listed: Vec<ElementId> = if self.full { agents.clone() } else { single };
            for &a in &listed {
                let h = m.host_of(a).expect("an agent is in a host");
                let watched: Vec<_> = m
                    .components_in(h)
                    .into_iter()
                    .filter(|&c| {
                        c != a
                            && !matches!(
                                m.element(c).component_kind(),
                                Some(C::Firewall | C::Monitoring | C::Codebase)
                            )
                    })
                    .collect();
                if m.element(a).attrs.collects.is_empty() {
                    self.assume(format!(
                        "{} collects metrics and logs: the design gives no `collects`, and those are what monitoring agents collect by default.",
                        self.name(a)
                    ));
                }
                let to: Vec<_> = self.targets(a);
                let mut line = format!(
                    "- {} on {} collects the {} of the server",
                    self.name(a),
                    self.name(h),
                    self.collects(a)
                );
                if !watched.is_empty() {
                    let _ = write!(line, " and of {}", self.names(&watched));
                }
                self.push_destination(&mut line, a, &to, "sends");
                let _ = writeln!(out, "{line}");
            }
            out.push('\n');
            let signals: Vec<String> = dedup(agents.iter().flat_map(|&a| {
                let c = &m.element(a).attrs.collects;
                if c.is_empty() {
                    vec![crate::model::Signal::Metrics, crate::model::Signal::Logs]
                } else {
                    c.clone()
                }
            }))
            .into_iter()
            .map(|s| knowledge::signal(s).detail.to_string())
            .collect();
            if self.full {
                let _ = writeln!(
                    out,
                    "How the clients collect data: {} {}\n",
                    knowledge::AGENT_COLLECTION,
                    signals.join(" ")
                );
            } else {
                out.push_str("How the clients collect data is in [Background](#how-a-monitoring-client-collects-data).\n\n");
            }
        }
        for &s in &services {
            let senders = self.sources(s);
            let managed = m.managed(s);
            if managed && m.element(s).attrs.managed.is_some() {
                self.assume(format!(
                    "{} is a managed service: its provider keeps it running, so it is not reported as a single point of failure.",
                    self.name(s)
                ));
            }
            let _ = writeln!(
                out,
                "{} is the monitoring service{}: {}{}\n",
                capitalize(&self.name(s)),
                if managed {
                    ", run by a provider (managed)"
                } else {
                    ""
                },
                if senders.is_empty() {
                    "nothing in the design sends to it.".to_string()
                } else {
                    format!(
                        "it receives what {} send{}, stores it, draws graphs and raises alerts.",
                        self.names(&senders),
                        agree(senders.len(), "s", "")
                    )
                },
                self.why_clause(s)
            );
        }
        // Queries per second of the web servers.
        let webs: Vec<_> = m.components_of(C::WebServer).collect();
        if !webs.is_empty() {
            out.push_str("#### Watching the web servers' queries per second\n\n");
            let mut by_agent: Vec<(ElementId, Vec<ElementId>)> = Vec::new();
            let mut bare = Vec::new();
            for &w in &webs {
                let agent = m.host_of(w).and_then(|h| {
                    m.components_in(h)
                        .into_iter()
                        .find(|&c| self.is(c, C::Monitoring))
                });
                match agent {
                    Some(a) => match by_agent.iter_mut().find(|(x, _)| *x == a) {
                        Some((_, ws)) => ws.push(w),
                        None => by_agent.push((a, vec![w])),
                    },
                    None => bare.push(w),
                }
            }
            let covered: Vec<String> = by_agent
                .iter()
                .map(|(a, ws)| {
                    let host = m.host_of(*a).map(|h| self.name(h)).unwrap_or_default();
                    format!("{} does it for {} on {host}", self.name(*a), self.names(ws))
                })
                .collect();
            if self.full {
                out.push_str(knowledge::QUERIES_PER_SECOND);
            } else {
                out.push_str("Enable the web server's status counter (Nginx's `stub_status`, Apache's `mod_status`), have the monitoring client read it every few seconds, and graph the difference between readings ([how](#watching-queries-per-second)).");
            }
            if self.summarised && covered.len() > 3 {
                let watched: Vec<ElementId> = by_agent
                    .iter()
                    .flat_map(|(_, ws)| ws.iter().copied())
                    .collect();
                let _ = write!(
                    out,
                    " In this design, the monitoring client on the server of each of {} does it.",
                    self.names(&watched)
                );
            } else if !covered.is_empty() {
                let _ = write!(out, " In this design, {}.", join_and(&covered));
            }
            if !bare.is_empty() {
                let _ = write!(
                    out,
                    " {} {} no monitoring client on {} server: install one first.",
                    capitalize(&self.names(&bare)),
                    if bare.len() == 1 { "has" } else { "have" },
                    if bare.len() == 1 { "its" } else { "their" }
                );
            }
            let lbs: Vec<_> = m.components_of(C::LoadBalancer).collect();
            if !lbs.is_empty() {
                let counters = lbs.iter().find_map(|&l| {
                    // The software as written, else HAProxy when the label says so.
                    let software = m.element(l).attrs.software.as_deref();
                    knowledge::backend_counters(
                        software.or(self.is_haproxy(l).then_some("haproxy")),
                    )
                });
                let _ = write!(
                    out,
                    " {} also count{} the traffic of each backend, which shows the same figure from the outside{}.",
                    capitalize(&self.names(&lbs)),
                    agree(lbs.len(), "s", ""),
                    counters.map(|c| format!(": {c}")).unwrap_or_default()
                );
            }
            out.push_str("\n\n");
        }
        out
    }

    // --- Review ------------------------------------------------------------------------------

    fn review(&self) -> String {
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
    fn alike_findings<'f>(&self, findings: &[&'f Finding]) -> Vec<Vec<&'f Finding>> {
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

    fn group_of(&self, rule: &str) -> Group {
        crate::analysis::rules::rule(rule).map_or(Group::Scalability, |r| r.group)
    }

    fn finding(&self, f: &Finding, accepted: Option<&str>) -> String {
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

    // --- Availability ------------------------------------------------------------------------

    fn availability(&self) -> String {
        use crate::analysis::availability::{unit_availability, Estimate, Method};
        use crate::analysis::flow::{Domains, FlowId};
        let m = self.m;
        let Some(a) = &self.r.availability else {
            return String::new();
        };
        if !self.full {
            return String::new();
        }
        let mut out = String::from("## Availability\n\n");
        out.push_str("How much of the time the site can serve reads and accept writes, if each failure domain (each server, and each component outside servers) fails on its own, independently of the others. A flow is up when some path of working failure domains still joins the users to the data.\n\n");
        let row = |name: &str, e: &Option<Estimate>| -> String {
            match e {
                None => format!("| {name} | — | — |\n"),
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
                    format!(
                        "| {name} | {pct} | {} |\n",
                        duration(e.downtime_hours_per_year())
                    )
                }
            }
        };
        out.push_str("| Flow | Availability | Expected downtime per year |\n|---|---|---|\n");
        out.push_str(&row("Reads", &a.reads));
        out.push_str(&row("Writes", &a.writes));
        for (f, e) in &a.flows {
            match f {
                FlowId::Reads | FlowId::Writes => {}
                FlowId::Background if e.is_some() => {
                    out.push_str(&row("Background jobs", e));
                }
                FlowId::Background => {}
                FlowId::Named(i) => {
                    out.push_str(&row(&format!("`{}`", m.flows[*i].id), e));
                }
            }
        }
        out.push('\n');
        if a.reads.is_none() {
            out.push_str("No client reaches anything in the design, so there is no read flow to measure.\n\n");
        }
        if a.writes.is_none() {
            out.push_str("No client's writes reach a component that keeps state, so there is no write flow to measure.\n\n");
        }
        if [&a.reads, &a.writes]
            .iter()
            .any(|e| e.is_some_and(|e| e.method == Method::MonteCarlo))
        {
            out.push_str("With this many failure domains in parallel, the figures are a seeded Monte Carlo estimate (the same on every run), with its 95% interval.\n\n");
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
                format!("- {}: {}", self.name(g.element), join_and(&parts))
            })
            .collect();
        if !gains.is_empty() {
            out.push_str("What a second copy of each single point of failure would gain (a twin of the same availability that takes over by itself):\n\n");
            for g in gains {
                let _ = writeln!(out, "{g}");
            }
            out.push('\n');
        }
        // The assumptions behind the figures.
        let units = Domains::new(m);
        let p = unit_availability(m, &units);
        out.push_str("The figures assume these availabilities for the failure domains:\n\n");
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
            let _ = writeln!(
                out,
                "- {}: {} ({source})",
                self.name(u.element),
                percent(pu)
            );
        }
        out.push_str("\nClients never fail; a failure domain takes down everything in it; a standby that takes over by itself does so at once; and failures are independent, although in practice servers in one rack, zone or region can fail together.\n\n");
        out
    }

    // --- Assumptions -------------------------------------------------------------------------

    fn assumptions_section(&self) -> String {
        let m = self.m;
        let defaults = m
            .ids()
            .filter(|&i| m.element(i).attrs.why.is_none())
            .count();
        if !self.full {
            // The elements table says how it marks archc's own explanations.
        } else if defaults > 0 && defaults == m.elements.len() {
            self.assume(format!(
                "None of the design's {defaults} elements gives a `why`: every explanation in the table is archc's default for the element's kind, marked *(default explanation)*."
            ));
        } else if defaults > 0 {
            self.assume(format!(
                "{} of the design's {} elements {} no `why`: {} explanation{} above {} archc's default{} for {} kind, marked *(default explanation)*.",
                defaults,
                m.elements.len(),
                if defaults == 1 { "gives" } else { "give" },
                if defaults == 1 { "its" } else { "their" },
                if defaults == 1 { "" } else { "s" },
                if defaults == 1 { "is" } else { "are" },
                if defaults == 1 { "" } else { "s" },
                if defaults == 1 { "its" } else { "their" }
            ));
        }
        // One line per store: the components whose links to it give no `access`.
        let mut defaulted: Vec<(ElementId, Vec<ElementId>)> = Vec::new();
        for (i, l) in m.links.iter().enumerate() {
            let to = m.element(l.to);
            let data = matches!(
                to.component_kind(),
                Some(C::Database | C::Cache | C::Storage)
            );
            let explicit = l.access != Access::ReadWrite;
            if data && !explicit && !self.is_replication(LinkId(i)) {
                match defaulted.iter_mut().find(|(t, _)| *t == l.to) {
                    Some((_, from)) if !from.contains(&l.from) => from.push(l.from),
                    Some(_) => {}
                    None => defaulted.push((l.to, vec![l.from])),
                }
            }
        }
        for (to, from) in defaulted {
            self.assume(if from.len() == 1 {
                format!(
                    "{} → {} both reads and writes: the link gives no `access`, and `read-write` is the default.",
                    self.name(from[0]),
                    self.name(to)
                )
            } else {
                format!(
                    "{} both read and write {}: their links give no `access`, and `read-write` is the default.",
                    capitalize(&self.names(&from)),
                    self.name(to)
                )
            });
        }
        // The review's assumptions first: the one list every output prints.
        let own = self.assumptions.borrow();
        let mut a: Vec<String> = self.r.assumptions.clone();
        for line in own.iter() {
            if !a.contains(line) {
                a.push(line.clone());
            }
        }
        let mut out = String::from("## Assumptions\n\n");
        if a.is_empty() {
            out.push_str("archc assumed nothing: every value that this write-up relies on is written in the design.\n");
        } else {
            out.push_str("What archc assumed where the design is silent:\n\n");
            for line in a.iter() {
                let _ = writeln!(out, "- {line}");
            }
        }
        out
    }
}
