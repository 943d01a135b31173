//! The mdBook preprocessor: fenced `arch` blocks in a book's chapters become inline SVG diagrams.
//!
//! The `mdbook-archc` binary is a thin shell around [`Archc`], which implements the mdBook 0.5
//! preprocessor protocol's [`Preprocessor`] trait: mdBook sends `[context, book]` as JSON on
//! standard input and reads the book back on standard output.
//!
//! # Blocks
//! A fenced code block whose info string's first word is `arch` is compiled and replaced by
//! `<div class="archc" id="PREFIX">` holding the diagram. The info string's other words,
//! separated by commas or spaces, are options:
//! - `review`: the review's findings are listed under the diagram;
//! - `doc`: the design's whole write-up follows the diagram;
//! - `direction=right` or `direction=down`: overrides the design's `direction`;
//! - `file=PATH`: the design is read from `PATH`, relative to the chapter's Markdown file, and
//!   the block's own text is ignored.
//!
//! Blocks are found with pulldown-cmark, so they work inside lists and block quotes; the
//! replacement is written on one line, which keeps it inside its list item or quote. Every id
//! in a diagram starts with a prefix made of the chapter's path and the block's index in the
//! chapter (`archc-guide-tutorial-0`), so several diagrams on one page never collide. Draft
//! chapters are skipped, and a chapter without `arch` blocks is left byte for byte as it was.
//!
//! # Settings (`book.toml`)
//! ```toml
//! [preprocessor.archc]
//! theme = "light"       # the diagrams' colours: "light", "dark" or "auto" (follows the reader)
//! annotate = false      # mark the review's findings on the diagrams
//! fail-on = "high"      # fail the build on a finding at or above this severity (default: never)
//! on-error = "fail"     # "fail" (default): an invalid block fails the build;
//!                       # "render": the error is shown in the page and printed as a warning
//! ```

use std::path::{Path, PathBuf};

use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::errors::{Error, Result};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::analysis::Severity;
use crate::design::Design;
use crate::diagnostic::{self, line_col, Diagnostic};
use crate::model::Direction;
use crate::render::book::{self, BlockParts};
use crate::render::svg::Theme;
use crate::shell::io::Source;

/// What to do with a block that does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OnError {
    /// Fail the book's build, naming the chapter's file and line (the default).
    #[default]
    Fail,
    /// Show the error in the page instead of the diagram, and print it on standard error.
    Render,
}

/// The `[preprocessor.archc]` settings of a book.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Settings {
    /// The diagrams' colours (`theme`).
    pub theme: Theme,
    /// Mark the review's findings on the diagrams (`annotate`).
    pub annotate: bool,
    /// Fail the build when a design has a finding at or above this severity (`fail-on`;
    /// `None`: never).
    pub fail_on: Option<Severity>,
    /// What to do with a block that does not compile (`on-error`).
    pub on_error: OnError,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct RawSettings {
    theme: Option<String>,
    annotate: Option<bool>,
    fail_on: Option<String>,
    on_error: Option<String>,
}

impl Settings {
    /// Reads the settings from a book's configuration.
    ///
    /// Errors: a message naming the key and its accepted values when a value is not one of
    /// them (`theme`, `fail-on`, `on-error`) or has the wrong type.
    pub fn from_config(config: &mdbook_preprocessor::config::Config) -> Result<Settings> {
        let raw: RawSettings = config
            .get("preprocessor.archc")
            .map_err(|e| Error::msg(format!("[preprocessor.archc] in book.toml: {e:#}")))?
            .unwrap_or_default();
        let theme = match raw.theme.as_deref() {
            None => Theme::default(),
            Some(name) => Theme::parse(name).ok_or_else(|| {
                Error::msg(format!(
                    "[preprocessor.archc] theme = {name:?} in book.toml: expected \"light\", \"dark\" or \"auto\""
                ))
            })?,
        };
        let fail_on = match raw.fail_on.as_deref() {
            None | Some("never") => None,
            Some(s) => Some(Severity::parse(s).ok_or_else(|| {
                let names: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
                Error::msg(format!(
                    "[preprocessor.archc] fail-on = {s:?} in book.toml: expected \"never\" or one of {}",
                    names.join(", ")
                ))
            })?),
        };
        let on_error = match raw.on_error.as_deref() {
            None | Some("fail") => OnError::Fail,
            Some("render") => OnError::Render,
            Some(other) => {
                return Err(Error::msg(format!(
                    "[preprocessor.archc] on-error = {other:?} in book.toml: expected \"fail\" or \"render\""
                )))
            }
        };
        Ok(Settings {
            theme,
            annotate: raw.annotate.unwrap_or(false),
            fail_on,
            on_error,
        })
    }
}

/// The options of one `arch` block, from its info string.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BlockOptions {
    /// List the review's findings under the diagram.
    pub review: bool,
    /// Add the design's write-up after the diagram.
    pub doc: bool,
    /// Override the design's direction.
    pub direction: Option<Direction>,
    /// Read the design from this file, relative to the chapter's file.
    pub file: Option<String>,
}

/// Parses a code block's info string: `None` when it is not an `arch` block, else its options
/// or a message naming the option that is not understood.
///
/// ```
/// use archc::mdbook::parse_info;
/// let o = parse_info("arch,review,file=designs/a.arch").unwrap().unwrap();
/// assert!(o.review && o.file.as_deref() == Some("designs/a.arch"));
/// assert!(parse_info("rust").is_none());
/// assert!(parse_info("arch,colour=red").unwrap().is_err());
/// ```
pub fn parse_info(info: &str) -> Option<std::result::Result<BlockOptions, String>> {
    let mut words = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty());
    if words.next()? != "arch" {
        return None;
    }
    let mut options = BlockOptions::default();
    for word in words {
        match word.split_once('=') {
            None if word == "review" => options.review = true,
            None if word == "doc" => options.doc = true,
            Some(("direction", d)) => match Direction::parse(d) {
                Some(d) => options.direction = Some(d),
                None => {
                    return Some(Err(format!(
                        "`direction={d}` is not a direction: write `direction=down` or `direction=right`"
                    )))
                }
            },
            Some(("file", path)) if !path.is_empty() => options.file = Some(path.to_string()),
            _ => {
                return Some(Err(format!(
                    "`{word}` is not an option of `arch` blocks: they are `review`, `doc`, `direction=down|right` and `file=PATH`"
                )))
            }
        }
    }
    Some(Ok(options))
}

/// One chapter to process.
#[derive(Clone, Debug)]
pub struct ChapterInput<'a> {
    /// The chapter's Markdown.
    pub content: &'a str,
    /// The chapter's file as shown in messages, e.g. `src/guide/tutorial.md`.
    pub name: String,
    /// The directory that `file=` paths are relative to: the chapter's file's directory.
    pub dir: PathBuf,
    /// The prefix of the ids of this chapter's diagrams (`archc-guide-tutorial`); the block's
    /// index in the chapter is appended.
    pub id_prefix: String,
}

/// The result of processing a chapter.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChapterOutput {
    /// The new Markdown, or `None` when the chapter has no `arch` block (left unchanged).
    pub content: Option<String>,
    /// Messages for standard error: compiler warnings, and errors shown in the page under
    /// `on-error = "render"`.
    pub warnings: Vec<String>,
}

/// A fenced `arch` block found in a chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Block {
    /// The bytes of the whole block, fences included, in the chapter.
    range: std::ops::Range<usize>,
    /// The block's info string.
    info: String,
    /// The block's text, container prefixes (list indentation, `>`) removed.
    text: String,
}

/// Every fenced `arch` block of a Markdown text, in order.
fn find_blocks(markdown: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if parse_info(&info).is_some() =>
            {
                current = Some(Block {
                    range,
                    info: info.to_string(),
                    text: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(b) = current.as_mut() {
                    b.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(b) = current.take() {
                    blocks.push(b);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// Processes one chapter: every `arch` block becomes its diagram.
///
/// Errors (a message for mdBook to print, the build then fails): a block that does not compile
/// (unless `on-error = "render"`), an unknown option, a `file=` that cannot be read, and a
/// finding at or above `fail-on`. Each names the chapter's file and the block's line in it,
/// and shows the diagnostic with its source snippet.
pub fn process_chapter(chapter: &ChapterInput<'_>, settings: &Settings) -> Result<ChapterOutput> {
    let blocks = find_blocks(chapter.content);
    if blocks.is_empty() {
        return Ok(ChapterOutput::default());
    }
    let mut out = String::with_capacity(chapter.content.len() * 2);
    let mut warnings = Vec::new();
    let mut last = 0;
    for (index, block) in blocks.iter().enumerate() {
        let fence_line = line_col(chapter.content, block.range.start).0;
        let at = format!("{}:{fence_line}", chapter.name);
        let prefix = format!("{}-{index}", chapter.id_prefix);
        let html = match render_one(chapter, block, fence_line, &prefix, settings) {
            Ok((html, mut w)) => {
                warnings.append(&mut w);
                html
            }
            Err(BlockError::Invalid(message)) if settings.on_error == OnError::Render => {
                warnings.push(format!(
                    "warning: the `arch` block at {at} is shown as an error\n{message}"
                ));
                book::error_html(&prefix, &message)
            }
            Err(BlockError::Invalid(message)) | Err(BlockError::Fatal(message)) => {
                return Err(Error::msg(format!(
                    "the `arch` block at {at} failed\n{message}"
                )));
            }
        };
        out.push_str(&chapter.content[last..block.range.start]);
        out.push_str(&book::one_line(&html));
        if chapter.content[block.range.clone()].ends_with('\n') {
            out.push('\n');
        }
        last = block.range.end;
    }
    out.push_str(&chapter.content[last..]);
    Ok(ChapterOutput {
        content: Some(out),
        warnings,
    })
}

enum BlockError {
    /// The design or the block is invalid: shown in the page under `on-error = "render"`.
    Invalid(String),
    /// The build must fail whatever `on-error` says (`fail-on`).
    Fatal(String),
}

/// Compiles and renders one block: its HTML and its warnings.
fn render_one(
    chapter: &ChapterInput<'_>,
    block: &Block,
    fence_line: usize,
    prefix: &str,
    settings: &Settings,
) -> std::result::Result<(String, Vec<String>), BlockError> {
    let options = match parse_info(&block.info) {
        Some(Ok(o)) => o,
        Some(Err(message)) => return Err(BlockError::Invalid(format!("error: {message}"))),
        None => unreachable!("only `arch` blocks are collected"),
    };
    // The design's source, the name its diagnostics show, and how many lines precede it in
    // that file (so that a block's diagnostics give the chapter's line numbers).
    let (name, source, lines_before, stem) = match &options.file {
        Some(file) => {
            let path = chapter.dir.join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                BlockError::Invalid(format!(
                    "error: `file={file}` cannot be read ({}): {e}",
                    path.display()
                ))
            })?;
            let stem = Path::new(file).file_stem().map_or_else(
                || "design".to_string(),
                |s| s.to_string_lossy().into_owned(),
            );
            (path.display().to_string(), text, 0, stem)
        }
        None => (
            chapter.name.clone(),
            block.text.clone(),
            fence_line,
            "design".to_string(),
        ),
    };
    let padded = format!("{}{}", "\n".repeat(lines_before), source);
    let shift = |d: &Diagnostic| {
        let mut d = d.clone();
        for label in &mut d.labels {
            label.span.start += lines_before;
            label.span.end += lines_before;
        }
        d
    };
    let compiled = crate::compile(&source, &stem).map_err(|errors| {
        let text: String = errors
            .iter()
            .map(|d| diagnostic::render(&shift(d), &name, &padded, false))
            .collect();
        BlockError::Invalid(text)
    })?;
    let mut compiled = compiled;
    if let Some(direction) = options.direction {
        compiled.model.direction = direction;
    }
    let design = Design::reviewed(
        Source {
            name: name.clone(),
            text: source,
        },
        compiled,
    );
    let warnings: Vec<String> = design
        .warnings()
        .map(|d| diagnostic::render(&shift(d), &name, &padded, false))
        .collect();
    if let Some(limit) = settings.fail_on {
        let failing: Vec<String> = design
            .failing(limit)
            .map(|f| {
                format!(
                    "  {} {}: {}",
                    f.severity.as_str(),
                    f.id(design.model()),
                    f.message
                )
            })
            .collect();
        if !failing.is_empty() {
            return Err(BlockError::Fatal(format!(
                "the design has {} finding(s) at or above `fail-on = \"{}\"`:\n{}",
                failing.len(),
                limit.as_str(),
                failing.join("\n")
            )));
        }
    }
    let parts = BlockParts {
        theme: settings.theme,
        annotate: settings.annotate,
        review: options.review,
        doc: options.doc,
    };
    let html = book::block(design.model(), &design.review, parts, prefix);
    Ok((html, warnings))
}

/// Turns a chapter's path into an id prefix: `guide/Tutorial 1.md` gives
/// `archc-guide-tutorial-1`.
pub fn id_prefix(path: &Path) -> String {
    let text = path.with_extension("").to_string_lossy().to_lowercase();
    let mut slug = String::from("archc");
    let mut dash = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash {
                slug.push('-');
            }
            slug.push(c);
            dash = false;
        } else {
            dash = true;
        }
    }
    slug
}

/// The mdBook preprocessor (`[preprocessor.archc]`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Archc;

impl Preprocessor for Archc {
    fn name(&self) -> &str {
        "archc"
    }

    /// Replaces the `arch` blocks of every chapter but drafts. Errors: see [`process_chapter`]
    /// and [`Settings::from_config`]; the first error stops the run.
    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let settings = Settings::from_config(&ctx.config)?;
        let src = ctx.config.book.src.clone();
        let src_dir = ctx.root.join(&src);
        let mut failure: Option<Error> = None;
        for_each_chapter(&mut book.items, &mut |chapter: &mut Chapter| {
            if failure.is_some() {
                return;
            }
            let Some(path) = chapter.source_path.clone().or_else(|| chapter.path.clone()) else {
                return; // a draft chapter
            };
            let input = ChapterInput {
                content: &chapter.content,
                name: src.join(&path).display().to_string(),
                dir: src_dir
                    .join(&path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                id_prefix: id_prefix(&path),
            };
            match process_chapter(&input, &settings) {
                Ok(output) => {
                    for w in &output.warnings {
                        eprintln!("{w}");
                    }
                    if let Some(content) = output.content {
                        chapter.content = content;
                    }
                }
                Err(e) => failure = Some(e),
            }
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(book),
        }
    }

    fn supports_renderer(&self, _renderer: &str) -> Result<bool> {
        Ok(true)
    }
}

/// Calls `f` on every chapter, depth first, in book order.
fn for_each_chapter(items: &mut [BookItem], f: &mut dyn FnMut(&mut Chapter)) {
    for item in items {
        if let BookItem::Chapter(ch) = item {
            f(ch);
            for_each_chapter(&mut ch.sub_items, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(content: &str) -> ChapterInput<'_> {
        ChapterInput {
            content,
            name: "src/chapter.md".into(),
            dir: PathBuf::from("."),
            id_prefix: "archc-chapter".into(),
        }
    }

    fn run(content: &str, settings: &Settings) -> Result<ChapterOutput> {
        process_chapter(&chapter(content), settings)
    }

    const DESIGN: &str = "client user \"User\"\nweb_server web \"Nginx\"\nuser -> web : https\n";

    #[test]
    fn finds_blocks_in_lists_and_quotes_without_their_prefixes() {
        let md = format!(
            "# T\n\n```arch\n{DESIGN}```\n\n- item\n\n  ```arch,review\n  client a\n  ```\n\n> ```arch\n> client b\n> ```\n\n```rust\nfn main() {{}}\n```\n"
        );
        let blocks = find_blocks(&md);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].text, DESIGN);
        assert_eq!(blocks[1].text, "client a\n");
        assert_eq!(blocks[1].info, "arch,review");
        assert_eq!(blocks[2].text, "client b\n");
    }

    #[test]
    fn a_chapter_without_blocks_is_untouched() {
        let out = run(
            "# Nothing\n\n```rust\nlet x = 1;\n```\n",
            &Settings::default(),
        )
        .unwrap();
        assert_eq!(out.content, None);
    }

    #[test]
    fn blocks_become_one_line_diagrams_with_distinct_ids() {
        let md = format!(
            "before\n\n```arch\n{DESIGN}```\n\n- item\n\n  ```arch\n  client a\n  ```\n\nafter\n"
        );
        let out = run(&md, &Settings::default()).unwrap().content.unwrap();
        assert!(
            out.starts_with("before\n\n<div class=\"archc\" id=\"archc-chapter-0\">"),
            "{out}"
        );
        assert!(
            out.contains("\n\n  <div class=\"archc\" id=\"archc-chapter-1\">"),
            "{out}"
        );
        assert!(out.ends_with("</div>\n\nafter\n"), "{out}");
        assert!(!out.contains("```"), "{out}");
        for line in out.lines().filter(|l| l.contains("archc")) {
            assert!(
                line.trim_end().ends_with("</div>"),
                "the diagram spans lines: {line}"
            );
        }
    }

    #[test]
    fn an_invalid_block_names_the_chapter_line_and_snippet() {
        let md = "# T\n\ntext\n\n```arch\nclient user\nweb_servr web\n```\n";
        let err = run(md, &Settings::default()).unwrap_err().to_string();
        assert!(err.contains("src/chapter.md:5"), "{err}");
        // The unknown kind is on line 7 of the chapter.
        assert!(err.contains("src/chapter.md:7:1"), "{err}");
        assert!(err.contains("web_servr"), "{err}");
    }

    #[test]
    fn on_error_render_shows_the_error_and_warns() {
        let settings = Settings {
            on_error: OnError::Render,
            ..Settings::default()
        };
        let out = run("```arch\nclient <\n```\n", &settings).unwrap();
        let content = out.content.unwrap();
        assert!(content.contains("archc-error"), "{content}");
        assert!(content.contains("&lt;"), "user text is escaped: {content}");
        assert_eq!(out.warnings.len(), 1);
        assert!(
            out.warnings[0].contains("src/chapter.md:1"),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn options_are_parsed_and_unknown_ones_rejected() {
        let o = parse_info("arch review direction=right").unwrap().unwrap();
        assert!(o.review && !o.doc);
        assert_eq!(o.direction, Some(Direction::Right));
        assert!(parse_info("arch,direction=up").unwrap().is_err());
        assert!(parse_info("archx").is_none());
        let err = run("```arch,bogus\nclient a\n```\n", &Settings::default()).unwrap_err();
        assert!(err.to_string().contains("`bogus`"), "{err}");
    }

    #[test]
    fn review_and_doc_options_add_sections() {
        let md = format!("```arch,review,doc\ntitle \"Shop <1>\"\n{DESIGN}```\n");
        let out = run(&md, &Settings::default()).unwrap().content.unwrap();
        assert!(out.contains("class=\"archc-review\""), "{out}");
        assert!(out.contains("class=\"archc-doc\""), "{out}");
        assert!(out.contains("Shop &lt;1&gt;"), "{out}");
    }

    #[test]
    fn file_option_reads_relative_to_the_chapter() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("d.arch"), "client from-file\n").unwrap();
        let input = ChapterInput {
            content: "```arch,file=d.arch\n```\n",
            name: "src/c.md".into(),
            dir: dir.path().to_path_buf(),
            id_prefix: "archc-c".into(),
        };
        let out = process_chapter(&input, &Settings::default())
            .unwrap()
            .content
            .unwrap();
        assert!(out.contains("from-file"), "{out}");
        let missing = ChapterInput {
            content: "```arch,file=nope.arch\n```\n",
            ..input
        };
        let err = process_chapter(&missing, &Settings::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("src/c.md:1") && err.contains("nope.arch"),
            "{err}"
        );
    }

    #[test]
    fn direction_theme_and_annotate_change_the_diagram() {
        let plain = run(&format!("```arch\n{DESIGN}```\n"), &Settings::default())
            .unwrap()
            .content;
        let right = run(
            &format!("```arch,direction=right\n{DESIGN}```\n"),
            &Settings::default(),
        )
        .unwrap()
        .content;
        assert_ne!(plain, right);
        for settings in [
            Settings {
                theme: Theme::Dark,
                ..Settings::default()
            },
            Settings {
                annotate: true,
                ..Settings::default()
            },
        ] {
            let other = run(&format!("```arch\n{DESIGN}```\n"), &settings)
                .unwrap()
                .content;
            assert_ne!(plain, other, "{settings:?}");
        }
    }

    #[test]
    fn the_write_up_is_html_with_headings_one_level_down() {
        let out = run(
            &format!("```arch,doc\ntitle \"Shop\"\n{DESIGN}```\n"),
            &Settings::default(),
        )
        .unwrap()
        .content
        .unwrap();
        assert!(out.contains("<h2>Shop</h2>"), "{out}");
        assert!(!out.contains("<h1>"), "{out}");
    }

    #[test]
    fn one_line_keeps_text_breaks_as_references() {
        assert_eq!(
            book::one_line("<svg\n  a=\"1\">\n<style>\na{}\n</style><text>x\ny</text></svg>\n"),
            "<svg   a=\"1\">&#10;<style> a{} </style><text>x&#10;y</text></svg>&#10;"
        );
    }

    #[test]
    fn id_prefixes_are_slugs_of_the_path() {
        assert_eq!(
            id_prefix(Path::new("guide/Tutorial 1.md")),
            "archc-guide-tutorial-1"
        );
        assert_eq!(id_prefix(Path::new("README.md")), "archc-readme");
    }
}
