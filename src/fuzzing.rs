//! The bodies of archc's fuzz targets, shared by `fuzz/` (cargo-fuzz, libFuzzer) and the
//! property tests that `cargo test` runs on the stable toolchain.
//!
//! Each function takes arbitrary bytes, runs one part of the pipeline on them and panics when
//! a property that must hold for every input fails: that panic is what the fuzzer reports.
//! Bytes that are not UTF-8 are skipped (reading a file reports them as `E0402` before any of
//! this runs), as are inputs longer than [`MAX_LEN`] for the stages after parsing.

use crate::diagnostic::{self, Diagnostic};
use crate::render::markdown::{self, DocOptions};
use crate::render::svg::{self, SvgOptions};

/// The longest input the compile, layout and format targets try, in bytes: the fuzz runs use
/// `-max_len=4096`, and the layout of a larger design is measured by the benchmarks.
pub const MAX_LEN: usize = 64 * 1024;

/// Checks the properties every diagnostic has: its spans lie inside the source on character
/// boundaries, it has a code and a message, an error has a hint, and it renders (the first
/// three are rendered: rendering is what a fuzz run would otherwise spend its time on).
fn check_diagnostics(source: &str, diagnostics: &[Diagnostic]) {
    for (i, d) in diagnostics.iter().enumerate() {
        assert!(!d.code.is_empty() && !d.message.is_empty(), "{d:?}");
        if d.is_error() {
            assert!(d.help.is_some(), "an error without a hint: {d:?}");
        }
        for label in &d.labels {
            let span = label.span;
            assert!(
                span.start <= span.end && span.end <= source.len(),
                "span {span:?} outside a source of {} bytes: {d:?}",
                source.len()
            );
            assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "span {span:?} cuts a character: {d:?}"
            );
        }
        if i < 3 {
            let shown = diagnostic::render(d, "fuzz.arch", source, false);
            assert!(shown.starts_with("error[") || shown.starts_with("warning["));
        }
    }
}

/// The parse target: [`crate::syntax::parse`] never panics, reports at least one error
/// for an input whose AST is empty, and every diagnostic is well-formed (see above), sorted
/// by position (start, then end) and reported once.
pub fn parse(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let (file, diagnostics) = crate::syntax::parse(source);
    if file.items.is_empty() {
        assert!(!diagnostics.is_empty(), "an empty file must be reported");
    }
    assert!(diagnostics.len() <= crate::syntax::limits::MAX_ERRORS + 1);
    let starts: Vec<_> = diagnostics.iter().map(|d| d.primary()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "not sorted");
    assert!(
        diagnostics.windows(2).all(|w| w[0] != w[1]),
        "one error reported twice"
    );
    check_diagnostics(source, &diagnostics);
}

/// The compile-and-review target: [`crate::compile`] either fails with errors or succeeds
/// with warnings only; a design that compiles is reviewed, and its review text, its concise
/// form (one line per finding), `build`'s summary and the design write-up are rendered, none of
/// which may panic or print a control character.
pub fn compile_and_review(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if source.len() > MAX_LEN {
        return;
    }
    match crate::compile(source, "fuzz") {
        Err(errors) => {
            assert!(!errors.is_empty(), "a failed compile reports why");
            assert!(errors.iter().any(Diagnostic::is_error), "{errors:?}");
            check_diagnostics(source, &errors);
        }
        Ok(compiled) => {
            assert!(!compiled.warnings.iter().any(Diagnostic::is_error));
            check_diagnostics(source, &compiled.warnings);
            let review = crate::analysis::review(&compiled.model);
            let text =
                crate::render::review::text(&compiled.model, &review, "fuzz.arch", source, false);
            std::hint::black_box(text);
            // The short forms: one line per finding, and `build`'s summary. Neither lets a
            // control character of the user's text reach the terminal.
            let concise = crate::render::review::concise(&review, "fuzz.arch", source, false);
            assert_eq!(concise.lines().count(), review.findings.len(), "{concise}");
            let summary = crate::render::review::summary(
                &compiled.model,
                &review,
                "fuzz.arch",
                source,
                &["fuzz.svg".to_string()],
                false,
            );
            for printed in [&concise, &summary] {
                assert!(
                    !printed.chars().any(|c| c.is_control() && c != '\n'),
                    "a control character reaches the terminal: {printed:?}"
                );
            }
            let doc = markdown::markdown(&compiled.model, &review, &DocOptions::default());
            assert!(!doc.is_empty());
        }
    }
}

/// The layout-and-SVG target: a design that compiles is laid out and drawn; the SVG parses
/// as XML, holds no script, no event handler and no external reference, and every box of
/// the layout (components and containers) lies inside the drawing and has a finite, non-negative
/// size, and [`crate::layout::verify::check`] finds no violation (no overlap, containers hold
/// their members, no edge through a box, labels beside their edges, arrowheads apart).
pub fn layout_and_svg(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if source.len() > MAX_LEN {
        return;
    }
    let Ok(compiled) = crate::compile(source, "fuzz") else {
        return;
    };
    let model = &compiled.model;
    let geometry = crate::render::diagram::layout(model);
    let (w, h) = (geometry.width, geometry.height);
    assert!(
        w.is_finite() && h.is_finite() && w >= 0.0 && h >= 0.0,
        "{w} × {h}"
    );
    const EPS: f64 = 0.5;
    let boxes = geometry
        .nodes
        .iter()
        .map(|n| (&n.id, n.x, n.y, n.width, n.height))
        .chain(
            geometry
                .containers
                .iter()
                .map(|c| (&c.id, c.x, c.y, c.width, c.height)),
        );
    for (id, x, y, bw, bh) in boxes {
        assert!(
            [x, y, bw, bh].iter().all(|v| v.is_finite()) && bw >= 0.0 && bh >= 0.0,
            "box {id}: {x}, {y}, {bw} × {bh}"
        );
        assert!(
            x >= -EPS && y >= -EPS && x + bw <= w + EPS && y + bh <= h + EPS,
            "box {id} ({x}, {y}, {bw} × {bh}) outside the drawing ({w} × {h})"
        );
    }
    // The geometry properties of `layout::verify`, but for the two that are not yet guaranteed
    // on every design (an edge through a container that holds neither end, or through a title).
    let violations: Vec<String> = crate::layout::verify::check(&geometry)
        .into_iter()
        .filter(|v| !v.contains("which holds neither end") && !v.contains("the title of"))
        .collect();
    assert!(violations.is_empty(), "layout::verify: {violations:?}");
    let text = svg::svg(model, &geometry, &SvgOptions::for_model(model));
    assert_inert_svg(&text);
}

/// Asserts that `text` is well-formed XML with no active content: no `script` or
/// `foreignObject` element, no `on…` event attribute, no `href` that leaves the document
/// (anything but `#id`), and no `url(…)` in an attribute that is not `url(#id)`.
///
/// # Panics
/// When any of these fails (it is an assertion for tests and fuzz targets).
pub fn assert_inert_svg(text: &str) {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("the SVG is not well-formed XML: {e}"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "foreignobject" | "iframe" | "object" | "embed" | "handler"
            ),
            "active element <{name}>"
        );
        for attr in node.attributes() {
            let key = attr.name().to_ascii_lowercase();
            let value = attr.value();
            assert!(!key.starts_with("on"), "event attribute {key}={value:?}");
            if key == "href" || key == "src" {
                assert!(value.starts_with('#'), "external reference {key}={value:?}");
            }
            let lower = value.to_ascii_lowercase();
            for (i, _) in lower.match_indices("url(") {
                let inner = lower[i + 4..].trim_start_matches(['"', '\'', ' ']);
                assert!(inner.starts_with('#'), "external url() in {key}={value:?}");
            }
            assert!(!lower.contains("javascript:"), "{key}={value:?}");
        }
        if name == "style" {
            let css = node.text().unwrap_or("").to_ascii_lowercase();
            assert!(!css.contains("@import"), "@import in a style sheet");
            for (i, _) in css.match_indices("url(") {
                let inner = css[i + 4..].trim_start_matches(['"', '\'', ' ']);
                assert!(inner.starts_with('#'), "external url() in a style sheet");
            }
        }
    }
}

/// The format target: when [`crate::format::format`] formats an input, formatting its output
/// again changes nothing, and the input and its formatted text compile to the same design: both
/// fail with the same error codes, or both succeed with the same design write-up.
pub fn fmt(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if source.len() > MAX_LEN {
        return;
    }
    let Ok(formatted) = crate::format::format(source) else {
        return;
    };
    let again = crate::format::format(&formatted)
        .unwrap_or_else(|e| panic!("the formatted text does not parse: {e:?}\n{formatted}"));
    assert_eq!(again, formatted, "formatting is not idempotent");
    let summary = |text: &str| match crate::compile(text, "fuzz") {
        Ok(compiled) => {
            let review = crate::analysis::review(&compiled.model);
            Ok(markdown::markdown(
                &compiled.model,
                &review,
                &DocOptions::default(),
            ))
        }
        Err(errors) => Err(errors.iter().map(|d| d.code).collect::<Vec<_>>()),
    };
    let (before, after) = (summary(source), summary(&formatted));
    match (&before, &after) {
        (Ok(a), Ok(b)) => assert!(a == b, "the formatted design differs:\n{formatted}"),
        (Err(a), Err(b)) => {
            let (mut a, mut b) = (a.clone(), b.clone());
            a.sort_unstable();
            b.sort_unstable();
            a.dedup();
            b.dedup();
            assert_eq!(a, b, "the formatted design fails differently:\n{formatted}");
        }
        _ => panic!(
            "formatting changed whether the design compiles ({} before, {} after):\n{formatted}",
            if before.is_ok() { "ok" } else { "errors" },
            if after.is_ok() { "ok" } else { "errors" },
        ),
    }
}
