//! The `mdbook-archc` preprocessor on the fixture books of `tests/fixtures/books/`: through the
//! real protocol (the built binary, JSON in and out), and with a real `mdbook build` when
//! `mdbook` is installed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::str::FromStr as _;

use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;
use mdbook_preprocessor::PreprocessorContext;

const BIN: &str = env!("CARGO_BIN_EXE_mdbook-archc");

fn book_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/books")
        .join(name)
}

/// The book as mdBook would send it: chapters from SUMMARY.md's links, in order, with a draft
/// chapter for an empty link. (A small reader for the fixtures' flat and nested lists.)
fn load_book(root: &Path) -> (Config, Book) {
    let config =
        Config::from_str(&std::fs::read_to_string(root.join("book.toml")).unwrap()).unwrap();
    let summary = std::fs::read_to_string(root.join("src/SUMMARY.md")).unwrap();
    let mut items: Vec<BookItem> = Vec::new();
    for line in summary.lines() {
        let Some(start) = line.find("- [") else {
            continue;
        };
        let nested = start > 0;
        let rest = &line[start + 3..];
        let (name, rest) = rest.split_once("](").unwrap();
        let path = rest.trim_end_matches(')');
        let chapter = if path.is_empty() {
            Chapter::new_draft(name, Vec::new())
        } else {
            let content = std::fs::read_to_string(root.join("src").join(path)).unwrap();
            Chapter::new(name, content, path, Vec::new())
        };
        match (nested, items.last_mut()) {
            (true, Some(BookItem::Chapter(parent))) => {
                parent.sub_items.push(BookItem::Chapter(chapter))
            }
            _ => items.push(BookItem::Chapter(chapter)),
        }
    }
    (config, Book::new_with_items(items))
}

/// Runs the binary with `[context, book]` on standard input.
fn preprocess(root: &Path, config: Config, book: &Book) -> Output {
    let ctx = PreprocessorContext::new(root.to_path_buf(), config, "html".to_string());
    let input = serde_json::to_string(&(&ctx, book)).unwrap();
    let mut child = Command::new(BIN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn chapters(book: &Book) -> Vec<&Chapter> {
    book.iter()
        .filter_map(|i| match i {
            BookItem::Chapter(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn chapter<'a>(book: &'a Book, path: &str) -> &'a Chapter {
    chapters(book)
        .into_iter()
        .find(|c| c.path.as_deref() == Some(Path::new(path)))
        .unwrap_or_else(|| panic!("no chapter {path}"))
}

/// Every `id="…"` in a text.
fn ids(text: &str) -> Vec<String> {
    text.split("id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn supports_every_renderer() {
    for renderer in ["html", "markdown"] {
        let status = Command::new(BIN)
            .args(["supports", renderer])
            .status()
            .unwrap();
        assert!(status.success(), "{renderer}");
    }
}

#[test]
fn the_protocol_replaces_blocks_and_leaves_other_chapters_alone() {
    let root = book_dir("basic");
    let (config, book) = load_book(&root);
    let out = preprocess(&root, config, &book);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let processed: Book = serde_json::from_slice(&out.stdout).unwrap();

    // No block: byte-identical.
    assert_eq!(
        chapter(&processed, "none.md").content,
        chapter(&book, "none.md").content
    );
    // The draft chapter is still there, untouched.
    assert!(chapters(&processed).iter().any(|c| c.path.is_none()));

    let plain = &chapter(&processed, "plain.md").content;
    assert!(!plain.contains("```arch"), "{plain}");
    assert!(plain.contains("<svg"), "{plain}");
    assert!(plain.contains("The end."), "{plain}");

    let nested = &chapter(&processed, "nested.md").content;
    assert!(
        nested.contains("\n   <div class=\"archc\" id=\"archc-nested-0\">"),
        "in the list item: {nested}"
    );
    assert!(
        nested.contains("\n> <div class=\"archc\" id=\"archc-nested-1\">"),
        "in the quote: {nested}"
    );
    assert!(
        nested.contains("User in a list") && nested.contains("User in a quote"),
        "{nested}"
    );

    let options = &chapter(&processed, "options.md").content;
    assert!(options.contains("archc-review"), "review: {options}");
    assert!(options.contains("archc-doc"), "doc: {options}");
    assert!(
        options.contains("<strong>description</strong>"),
        "the write-up is rendered: {options}"
    );

    let from_file = &chapter(&processed, "designs/from-file.md").content;
    assert!(from_file.contains("Shopper"), "file=: {from_file}");
    assert!(
        from_file.contains("id=\"archc-designs-from-file-0\""),
        "{from_file}"
    );

    let two = &chapter(&processed, "two.md").content;
    assert!(
        two.contains("id=\"archc-two-0\"") && two.contains("id=\"archc-two-1\""),
        "{two}"
    );

    // Ids are unique across the whole book, so across each page too.
    let mut all: Vec<String> = chapters(&processed)
        .iter()
        .flat_map(|c| ids(&c.content))
        .collect();
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "duplicate ids");
}

#[test]
fn every_diagram_of_a_page_is_rendered_with_its_options() {
    let root = book_dir("basic");
    let (config, book) = load_book(&root);
    let out = preprocess(&root, config, &book);
    let processed: Book = serde_json::from_slice(&out.stdout).unwrap();
    let options = &chapter(&processed, "options.md").content;
    assert_eq!(options.matches("<svg").count(), 3, "{options}");
    // The review lists the design's findings by their ids.
    assert!(options.contains("@review-db"), "{options}");
}

#[test]
fn an_invalid_block_fails_naming_its_file_and_line() {
    let root = book_dir("invalid");
    let (config, book) = load_book(&root);
    let out = preprocess(&root, config, &book);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The block's fence is on line 7 and the unknown kind on line 9 of broken.md.
    assert!(stderr.contains("src/broken.md:7"), "{stderr}");
    assert!(stderr.contains("src/broken.md:9:1"), "{stderr}");
    assert!(stderr.contains("web_servr"), "the snippet: {stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn on_error_render_shows_the_error_in_the_page() {
    let root = book_dir("invalid");
    let (mut config, book) = load_book(&root);
    config.set("preprocessor.archc.on-error", "render").unwrap();
    let out = preprocess(&root, config, &book);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("src/broken.md:9:1"),
        "{stderr}"
    );
    let processed: Book = serde_json::from_slice(&out.stdout).unwrap();
    let broken = &chapter(&processed, "broken.md").content;
    assert!(
        broken.contains("archc-error") && broken.contains("web_servr"),
        "{broken}"
    );
}

#[test]
fn bad_settings_are_named() {
    let root = book_dir("basic");
    let (mut config, book) = load_book(&root);
    config.set("preprocessor.archc.fail-on", "severe").unwrap();
    let out = preprocess(&root, config, &book);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fail-on") && stderr.contains("severe"),
        "{stderr}"
    );
}

/// `mdbook`, if installed.
fn mdbook() -> Option<PathBuf> {
    let found = Command::new("mdbook").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("mdbook"))
}

/// Runs `mdbook build` on a fixture book with this crate's preprocessor, into a temporary
/// directory.
fn mdbook_build(name: &str, extra_env: &[(&str, &str)]) -> Option<(Output, tempfile::TempDir)> {
    let Some(mdbook) = mdbook() else {
        // CI installs mdbook (`.ci/run`), so there a missing mdbook is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "mdbook is not installed, and CI must run the real build"
        );
        eprintln!("mdbook is not installed: skipping the real build");
        return None;
    };
    let out_dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(mdbook);
    cmd.arg("build")
        .arg(book_dir(name))
        .arg("--dest-dir")
        .arg(out_dir.path())
        .env("MDBOOK_PREPROCESSOR__ARCHC__COMMAND", BIN);
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    Some((cmd.output().unwrap(), out_dir))
}

#[test]
fn a_real_mdbook_build_holds_the_diagrams() {
    let Some((out, dir)) = mdbook_build("basic", &[]) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
    let nested = read("nested.html");
    // The list item and the quote still hold their diagrams.
    let li = nested.find("<li>").unwrap();
    let li_end = nested[li..].find("</li>").unwrap() + li;
    assert!(nested[li..li_end].contains("<svg"), "{nested}");
    let quote = nested.find("<blockquote").unwrap();
    let quote_end = nested.find("</blockquote>").unwrap();
    assert!(nested[quote..quote_end].contains("<svg"), "{nested}");

    let two = read("two.html");
    assert!(two.contains("id=\"archc-two-0\"") && two.contains("id=\"archc-two-1\""));
    let page_ids: Vec<String> = ids(&two)
        .into_iter()
        .filter(|i| i.starts_with("archc-"))
        .collect();
    let mut unique = page_ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), page_ids.len(), "duplicate ids on one page");

    let options = read("options.html");
    assert!(options.contains("archc-review") && options.contains("archc-doc"));
    assert!(read("designs/from-file.html").contains("Shopper"));
    let none = read("none.html");
    assert!(
        !none.contains("class=\"archc") && none.contains("with  odd   spacing"),
        "{none}"
    );
}

#[test]
fn a_real_mdbook_build_fails_on_an_invalid_block() {
    let Some((out, _dir)) = mdbook_build("invalid", &[]) else {
        return;
    };
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("src/broken.md:9:1"), "{stderr}");
    assert!(stderr.contains("web_servr"), "{stderr}");
}

#[test]
fn fail_on_fails_the_build_on_a_finding() {
    let root = book_dir("basic");
    let (mut config, book) = load_book(&root);
    config.set("preprocessor.archc.fail-on", "info").unwrap();
    let out = preprocess(&root, config, &book);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The first chapter's design has a single load balancer.
    assert!(stderr.contains("src/plain.md:5"), "{stderr}");
    assert!(stderr.contains("fail-on = \"info\""), "{stderr}");
}
