//! The design write-up: the document people would otherwise write by hand.
//!
//! [`markdown`] turns a [`Model`] and its [`Review`] into one CommonMark document (with GitHub
//! tables) in a fixed order: title and description; at a glance; the diagram; how a request
//! flows; the elements; how each part works (servers, DNS, protocols, load balancing,
//! clusters, databases, firewalls, HTTPS, monitoring); operations; the review; availability;
//! the assumptions made; the Background appendix. Every sentence names the design's own
//! elements, addresses and settings; the general explanations come from [`crate::knowledge`].
//!
//! Each section, in a file of its own, builds blocks of a small document tree (`tree`:
//! headings, paragraphs, lists whose items may nest, tables, code blocks and the diagram).
//! Passes over the whole tree then say alike things once (`passes`): a setting's gloss on
//! its first statement only, alike list items and alike level-4 sections once, long runs of
//! identifiers shortened in a summarised document. Two renderers write the same tree: the
//! Markdown one (`tree::markdown`) and the HTML page ([`crate::render::html`]), which writes
//! the blocks as HTML elements itself and the diagram as an inline SVG figure.
//!
//! A block's inline content (a heading's, a paragraph's, an item's or a cell's text) is a
//! string of inline Markdown, already escaped: every piece of user text goes through
//! [`escape`] (or [`code`] for code spans, [`description_paragraph`] for the description), so
//! that labels, reasons and records never change the document's structure. The HTML renderer
//! renders these inline strings with pulldown-cmark, inline only, through its `Inert` filter,
//! so that no raw HTML and no unsafe link gets through. The output is deterministic: elements,
//! links and findings are visited in source order.

mod assumptions;
mod availability;
mod background;
mod clusters;
mod databases;
mod dns;
mod elements;
mod escaping;
mod firewalls;
mod flow;
mod glance;
mod how_it_works;
mod https;
mod load_balancing;
mod monitoring;
mod naming;
mod operations;
mod passes;
mod review;
mod servers;
mod tables;
pub(crate) mod tree;

use std::cell::RefCell;

use super::english::{agree, capitalize, count, join_and, join_or};
use super::english::{duration, percent};

pub use escaping::{code, description_paragraph, escape, message, safe_link_target, Markdown};
use escaping::{code_cell, link_destination, quote};
use tree::{Block, Figure};

use crate::analysis::Review;
use crate::model::Model;

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
        let mut sections = vec![self.title().0, self.at_a_glance().0, self.diagram(figure)];
        if detail != Detail::Brief {
            sections.extend([
                self.flow().0,
                self.elements().0,
                self.how_it_works(detail).0,
                self.operations().0,
            ]);
        }
        sections.extend([self.review().0, self.availability().0]);
        sections.push(self.assumptions_section().0);
        if detail != Detail::Brief {
            let body = tree::markdown(&sections.concat());
            sections.push(self.background_appendix(&body).0);
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

    // The sections are in their own files, one per section: see the module list above.
}
