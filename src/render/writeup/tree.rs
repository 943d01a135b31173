//! The write-up's document tree: the blocks that the sections build and that both renderers
//! write, Markdown here ([`markdown`]) and HTML in [`crate::render::html`].
//!
//! A block's inline content (a heading's, a paragraph's, a list item's or a table cell's text)
//! is an already-escaped string of inline Markdown: code spans, emphasis, safe links, and
//! user text passed through [`super::escape`]. The Markdown renderer writes it as it is; the
//! HTML renderer parses it as inline Markdown.

use std::fmt::Write as _;

/// One block of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    /// A heading: its level (1 to 6) and its inline text.
    Heading(usize, String),
    /// A paragraph of inline text (it may hold line breaks, which render as soft breaks).
    Paragraph(String),
    /// A bullet or numbered list.
    List(List),
    /// A table.
    Table(Table),
    /// A fenced code block. No section writes one yet; both renderers write it.
    #[allow(dead_code)]
    Code(CodeBlock),
    /// The diagram.
    Figure(Figure),
}

/// A bullet list (`- `) or a numbered list (`1. `, numbered from one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct List {
    /// Whether the items are numbered.
    pub(crate) ordered: bool,
    /// The items, in order.
    pub(crate) items: Vec<Item>,
}

/// One item of a [`List`]: its inline text and, maybe, a list nested under it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Item {
    /// The item's inline text.
    pub(crate) text: String,
    /// The list nested under the item, if any.
    pub(crate) sub: Option<List>,
    /// Whether a blank line comes before the item (not the first). CommonMark reads a list
    /// with such an item as loose: each item's text a paragraph of its own.
    pub(crate) apart: bool,
}

/// A table: a header row and body rows of inline cells (GitHub tables: a `|` in a cell is
/// escaped as `\|`, even in a code span).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Table {
    /// The header cells.
    pub(crate) head: Vec<String>,
    /// The body rows.
    pub(crate) rows: Vec<Vec<String>>,
    /// Whether the delimiter row is written with spaces, `| --- | --- |` (the summarised
    /// tables), rather than `|---|---|`.
    pub(crate) spaced: bool,
}

/// A fenced code block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CodeBlock {
    /// The info string after the opening fence (the language), maybe empty.
    pub(crate) info: String,
    /// The code, as it is (no escaping), without a final newline.
    pub(crate) text: String,
}

/// The diagram, as the document shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Figure {
    /// An image: its alternative text (inline Markdown, escaped) and its link destination
    /// (already written for a Markdown link: see `link_destination`).
    Image {
        /// The alternative text.
        alt: String,
        /// The link destination.
        src: String,
    },
    /// The SVG text, produced by archc's SVG renderer and trusted: each renderer inlines it
    /// as it is, less its XML declaration, doctype and blank lines.
    Svg(String),
}

impl Item {
    /// An item of `text` with nothing nested.
    pub(crate) fn new(text: impl Into<String>) -> Self {
        Item {
            text: text.into(),
            sub: None,
            apart: false,
        }
    }
}

impl Table {
    /// A table under the header `head`, without rows yet (delimiter row `|---|`).
    pub(crate) fn new(head: &[&str]) -> Self {
        Table {
            head: head.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            spaced: false,
        }
    }
}

impl List {
    /// Whether the list is loose (an item after the first follows a blank line).
    pub(crate) fn loose(&self) -> bool {
        self.items.iter().skip(1).any(|i| i.apart)
    }

    /// A bullet list of `items` without nested lists.
    pub(crate) fn bullets<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        List {
            ordered: false,
            items: items.into_iter().map(Item::new).collect(),
        }
    }

    /// A numbered list of `items` without nested lists.
    #[cfg(test)]
    pub(crate) fn numbered<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        List {
            ordered: true,
            items: items.into_iter().map(Item::new).collect(),
        }
    }
}

/// The blocks of a section as it is written: each call adds a block, or an item to the list
/// that ends the section so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Blocks(pub(crate) Vec<Block>);

impl Blocks {
    /// Adds a heading of `level`.
    pub(crate) fn heading(&mut self, level: usize, text: impl Into<String>) {
        self.0.push(Block::Heading(level, text.into()));
    }

    /// Adds a paragraph.
    pub(crate) fn paragraph(&mut self, text: impl Into<String>) {
        self.0.push(Block::Paragraph(text.into()));
    }

    /// Adds an item to the bullet list that ends the section, or starts one.
    pub(crate) fn item(&mut self, text: impl Into<String>) {
        self.list_item(false, text.into());
    }

    /// Adds a step to the numbered list that ends the section, or starts one.
    pub(crate) fn step(&mut self, text: impl Into<String>) {
        self.list_item(true, text.into());
    }

    /// Adds an item to the bullet list that ends the section, after a blank line (the list
    /// becomes loose), or starts one.
    pub(crate) fn item_apart(&mut self, text: impl Into<String>) {
        self.item(text);
        if let Some(Block::List(l)) = self.0.last_mut() {
            let n = l.items.len();
            if let Some(last) = l.items.last_mut() {
                last.apart = n > 1;
            }
        }
    }

    /// Adds a list of its own (not joined to a list that ends the section).
    pub(crate) fn list(&mut self, list: List) {
        self.0.push(Block::List(list));
    }

    /// Adds a table.
    pub(crate) fn table(&mut self, table: Table) {
        self.0.push(Block::Table(table));
    }

    /// Adds the blocks of another section, or of a part of this one.
    pub(crate) fn extend(&mut self, blocks: impl IntoIterator<Item = Block>) {
        self.0.extend(blocks);
    }

    /// The item of a bullet (`ordered` false) or numbered list.
    fn list_item(&mut self, ordered: bool, text: String) {
        match self.0.last_mut() {
            Some(Block::List(l)) if l.ordered == ordered => l.items.push(Item::new(text)),
            _ => self.0.push(Block::List(List {
                ordered,
                items: vec![Item::new(text)],
            })),
        }
    }
}

impl IntoIterator for Blocks {
    type Item = Block;
    type IntoIter = std::vec::IntoIter<Block>;

    /// The blocks, in order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Block {
    /// Calls `f` on every inline string of the block, in document order: a heading's or a
    /// paragraph's text, each item (then its nested list), each cell (the header row first).
    /// Code blocks and the diagram hold no inline text.
    pub(crate) fn for_each_inline(&mut self, f: &mut impl FnMut(&mut String)) {
        fn list(l: &mut List, f: &mut impl FnMut(&mut String)) {
            for item in &mut l.items {
                f(&mut item.text);
                if let Some(sub) = &mut item.sub {
                    list(sub, f);
                }
            }
        }
        match self {
            Block::Heading(_, t) | Block::Paragraph(t) => f(t),
            Block::List(l) => list(l, f),
            Block::Table(t) => {
                for cell in t.head.iter_mut().chain(t.rows.iter_mut().flatten()) {
                    f(cell);
                }
            }
            Block::Code(_) | Block::Figure(_) => {}
        }
    }
}

/// The lines of an SVG text to inline: without XML declaration, doctype or blank lines (a
/// blank line would end the HTML block in Markdown).
pub(crate) fn svg_lines(svg: &str) -> impl Iterator<Item = &str> {
    svg.lines().filter(|l| {
        let t = l.trim_start();
        !(t.is_empty() || t.starts_with("<?xml") || t.starts_with("<!DOCTYPE"))
    })
}

/// Writes one block as Markdown, ending with a newline.
fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading(level, text) => {
            let _ = writeln!(out, "{} {text}", "#".repeat(*level));
        }
        Block::Paragraph(text) => {
            let _ = writeln!(out, "{text}");
        }
        Block::List(list) => write_list(out, list, 0),
        Block::Table(t) => {
            let row = |out: &mut String, cells: &[String]| {
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            };
            row(out, &t.head);
            if t.spaced {
                let _ = writeln!(out, "|{}", " --- |".repeat(t.head.len()));
            } else {
                let _ = writeln!(out, "|{}", "---|".repeat(t.head.len()));
            }
            for r in &t.rows {
                row(out, r);
            }
        }
        Block::Code(c) => {
            let _ = writeln!(out, "```{}\n{}\n```", c.info, c.text);
        }
        Block::Figure(Figure::Image { alt, src }) => {
            let _ = writeln!(out, "![{alt}]({src})");
        }
        Block::Figure(Figure::Svg(svg)) => {
            for line in svg_lines(svg) {
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
    }
}

/// Writes a list's items, each line indented by `indent` spaces, nested lists under the width
/// of their item's marker.
fn write_list(out: &mut String, list: &List, indent: usize) {
    for (i, item) in list.items.iter().enumerate() {
        if item.apart && i > 0 {
            out.push('\n');
        }
        let marker = if list.ordered {
            format!("{}. ", i + 1)
        } else {
            "- ".to_string()
        };
        let _ = writeln!(out, "{:indent$}{marker}{}", "", item.text);
        if let Some(sub) = &item.sub {
            write_list(out, sub, indent + marker.len());
        }
    }
}

/// The blocks as one Markdown document: one blank line between blocks, one newline at the end
/// (an empty document is one newline).
pub(crate) fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_block(&mut out, b);
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

/// A reader of the Markdown that [`markdown`] writes, for the tests.
#[cfg(test)]
pub(crate) mod read {
    use super::{Block, CodeBlock, Figure, Item, List, Table};

    /// Reads Markdown written the way [`markdown`] writes it back into blocks: ATX headings,
    /// paragraphs, `- ` and `1. ` lists (nested by indentation), tables whose rows start with `|`,
    /// fenced code blocks and the diagram's image. The tests check with it that what is written
    /// reads back as the same tree.
    pub(crate) fn parse(md: &str) -> Vec<Block> {
        let mut blocks: Vec<Block> = Vec::new();
        let mut lines = md.lines().peekable();
        // Whether the last block may take the next line (no blank line between them).
        let mut open = false;
        while let Some(line) = lines.next() {
            if line.trim().is_empty() {
                open = false;
                continue;
            }
            if let Some(info) = line.strip_prefix("```") {
                let mut text = Vec::new();
                for l in lines.by_ref() {
                    if l.starts_with("```") {
                        break;
                    }
                    text.push(l);
                }
                blocks.push(Block::Code(CodeBlock {
                    info: info.to_string(),
                    text: text.join("\n"),
                }));
                open = false;
                continue;
            }
            let hashes = line.bytes().take_while(|&b| b == b'#').count();
            if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
                blocks.push(Block::Heading(hashes, line[hashes + 1..].to_string()));
                open = false;
                continue;
            }
            if line.starts_with('|') {
                let cells = table_cells(line);
                match blocks.last_mut() {
                    Some(Block::Table(t)) if open => t.rows.push(cells),
                    _ => {
                        // The delimiter row follows the header.
                        let mut spaced = false;
                        if let Some(d) = lines.next_if(|l| {
                            l.starts_with('|')
                                && table_cells(l)
                                    .iter()
                                    .all(|c| !c.is_empty() && c.bytes().all(|b| b == b'-'))
                        }) {
                            spaced = d.starts_with("| ");
                        }
                        blocks.push(Block::Table(Table {
                            head: cells,
                            rows: Vec::new(),
                            spaced,
                        }));
                    }
                }
                open = true;
                continue;
            }
            let indent = line.len() - line.trim_start_matches(' ').len();
            if let Some((ordered, text)) = list_marker(&line[indent..]) {
                let mut item = Item::new(text);
                match blocks.last_mut() {
                    // After a blank line, the same list goes on, loose.
                    Some(Block::List(l)) if indent == 0 && l.ordered == ordered => {
                        item.apart = !open;
                        l.items.push(item)
                    }
                    Some(Block::List(l)) if open && indent > 0 => nest(l, indent, ordered, item),
                    _ => blocks.push(Block::List(List {
                        ordered,
                        items: vec![item],
                    })),
                }
                open = true;
                continue;
            }
            if line.starts_with("![") && !open {
                if let Some((alt, src)) = line
                    .strip_prefix("![")
                    .and_then(|l| l.strip_suffix(')'))
                    .and_then(|l| l.split_once("]("))
                {
                    blocks.push(Block::Figure(Figure::Image {
                        alt: alt.to_string(),
                        src: src.to_string(),
                    }));
                    continue;
                }
            }
            match blocks.last_mut() {
                Some(Block::Paragraph(p)) if open => {
                    p.push('\n');
                    p.push_str(line);
                }
                _ => blocks.push(Block::Paragraph(line.to_string())),
            }
            open = true;
        }
        blocks
    }

    /// Puts `item`, a line indented by `indent`, in the list nested under the last item of
    /// `list` (or deeper, when its indentation goes past that item's marker).
    fn nest(list: &mut List, indent: usize, ordered: bool, item: Item) {
        let width = if list.ordered {
            list.items.len().to_string().len() + 2
        } else {
            2
        };
        let Some(last) = list.items.last_mut() else {
            list.items.push(item);
            return;
        };
        match &mut last.sub {
            Some(sub) if width < indent => nest(sub, indent - width, ordered, item),
            Some(sub) => sub.items.push(item),
            None => {
                last.sub = Some(List {
                    ordered,
                    items: vec![item],
                })
            }
        }
    }

    /// A list item's kind (numbered or not) and text, when `line` starts with a marker.
    fn list_marker(line: &str) -> Option<(bool, &str)> {
        if let Some(rest) = line.strip_prefix("- ") {
            return Some((false, rest));
        }
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let rest = line[digits..].strip_prefix(". ")?;
        (digits > 0).then_some((true, rest))
    }

    /// The cells of a table row `| a | b \| c |`: split at each `|` not escaped, without the
    /// space either side.
    fn table_cells(line: &str) -> Vec<String> {
        let inner = line.trim_end();
        let inner = inner.strip_prefix('|').unwrap_or(inner);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    cell.push(c);
                    if let Some(d) = chars.next() {
                        cell.push(d);
                    }
                }
                '|' => cells.push(std::mem::take(&mut cell)),
                c => cell.push(c),
            }
        }
        cells.push(cell);
        cells
            .into_iter()
            .map(|c| {
                let c = c.strip_prefix(' ').unwrap_or(&c);
                c.strip_suffix(' ').unwrap_or(c).to_string()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::read::parse;
    use super::*;

    #[test]
    fn a_table_with_an_escaped_pipe() {
        let t = Block::Table(Table {
            head: vec!["A".into(), "B".into()],
            rows: vec![vec![r"`a\|b`".into(), r"x \| y".into()]],
            spaced: false,
        });
        let md = markdown(std::slice::from_ref(&t));
        assert_eq!(md, "| A | B |\n|---|---|\n| `a\\|b` | x \\| y |\n");
        assert_eq!(parse(&md), vec![t.clone()]);
        let Block::Table(mut spaced) = t else {
            unreachable!()
        };
        spaced.spaced = true;
        let md = markdown(&[Block::Table(spaced.clone())]);
        assert!(md.starts_with("| A | B |\n| --- | --- |\n"), "{md}");
        assert_eq!(parse(&md), vec![Block::Table(spaced)]);
    }

    #[test]
    fn a_nested_list() {
        let l = Block::List(List {
            ordered: false,
            items: vec![
                Item {
                    text: "**high** `rule`".into(),
                    sub: Some(List::bullets(["Impact: x", "Fix: y"])),
                    apart: false,
                },
                Item::new("second"),
            ],
        });
        let md = markdown(std::slice::from_ref(&l));
        assert_eq!(
            md,
            "- **high** `rule`\n  - Impact: x\n  - Fix: y\n- second\n"
        );
        assert_eq!(parse(&md), vec![l]);
    }

    #[test]
    fn numbered_lists_count_from_one_and_nest_under_the_marker() {
        let mut l = List::numbered(["a", "b"]);
        l.items[1].sub = Some(List::bullets(["c"]));
        let md = markdown(&[Block::List(l.clone())]);
        assert_eq!(md, "1. a\n2. b\n   - c\n");
        assert_eq!(parse(&md), vec![Block::List(l)]);
    }

    #[test]
    fn a_code_block_and_blocks_between_blank_lines() {
        let blocks = vec![
            Block::Heading(2, "Code".into()),
            Block::Code(CodeBlock {
                info: "arch".into(),
                text: "server web {\n  - x\n}".into(),
            }),
            Block::Paragraph("one\ntwo".into()),
        ];
        let md = markdown(&blocks);
        assert_eq!(
            md,
            "## Code\n\n```arch\nserver web {\n  - x\n}\n```\n\none\ntwo\n"
        );
        assert_eq!(parse(&md), blocks);
    }

    #[test]
    fn the_diagram_block_in_markdown() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg>  \n\n  <g/>\n</svg>\n";
        let md = markdown(&[Block::Figure(Figure::Svg(svg.into()))]);
        assert_eq!(md, "<svg>\n  <g/>\n</svg>\n");
        let img = Block::Figure(Figure::Image {
            alt: "Diagram of X".into(),
            src: "x%20y.svg".into(),
        });
        let md = markdown(std::slice::from_ref(&img));
        assert_eq!(md, "![Diagram of X](x%20y.svg)\n");
        assert_eq!(parse(&md), vec![img]);
    }

    #[test]
    fn an_item_after_a_blank_line_keeps_the_list() {
        let mut out = Blocks::default();
        out.item("a");
        out.item("b");
        out.item_apart("c");
        out.item("d");
        let md = markdown(&out.0);
        assert_eq!(md, "- a\n- b\n\n- c\n- d\n");
        let Block::List(l) = &out.0[0] else {
            panic!("{out:?}")
        };
        assert!(l.loose());
        assert_eq!(parse(&md), out.0);
    }

    #[test]
    fn inline_strings_in_document_order() {
        let mut blocks = parse("# T\n\n- a\n  - b\n\n| h |\n|---|\n| c |\n\np\n");
        let mut seen = Vec::new();
        for b in &mut blocks {
            b.for_each_inline(&mut |s| seen.push(s.clone()));
        }
        assert_eq!(seen, ["T", "a", "b", "h", "c", "p"]);
    }
}
