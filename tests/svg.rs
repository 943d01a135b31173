//! The diagram renderer: well-formed, safe, accessible and self-contained SVG; the layout JSON;
//! PNG export.

use std::collections::BTreeSet;

use archc::analysis::{Finding, Review, Severity};
use archc::layout::text::text_width;
use archc::model::{LinkKind, Model};
use archc::render::diagram::{self, PAD_X};
use archc::render::{layout_json, png, render_svg, svg, SvgOptions, Theme};

const DESIGNS: [(&str, &str); 6] = [
    (
        "0-simple_web_stack",
        include_str!("../examples/0-simple_web_stack.arch"),
    ),
    (
        "1-distributed_web_infrastructure",
        include_str!("../examples/1-distributed_web_infrastructure.arch"),
    ),
    (
        "2-secured_and_monitored_web_infrastructure",
        include_str!("../examples/2-secured_and_monitored_web_infrastructure.arch"),
    ),
    ("3-scale_up", include_str!("../examples/3-scale_up.arch")),
    (
        "example-1",
        include_str!("fixtures/language/example-1.arch"),
    ),
    (
        "example-2",
        include_str!("fixtures/language/example-2.arch"),
    ),
];

fn model(src: &str, stem: &str) -> Model {
    match archc::compile(src, stem) {
        Ok(c) => c.model,
        Err(e) => panic!("{stem} does not compile: {e:?}"),
    }
}

fn draw(m: &Model) -> String {
    render_svg(m, &SvgOptions::for_model(m))
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    match roxmltree::Document::parse(svg) {
        Ok(d) => d,
        Err(e) => panic!("not well-formed XML: {e}\n{svg}"),
    }
}

/// The `<g>` elements that carry `data-id = id`.
fn groups<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("data-id") == Some(id))
        .collect()
}

fn texts(node: roxmltree::Node) -> Vec<String> {
    node.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn attr_f64(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("<{}> has no numeric {name}", node.tag_name().name()))
}

#[test]
fn every_design_gives_well_formed_safe_accessible_svg_in_every_theme() {
    for (stem, src) in DESIGNS {
        let m = model(src, stem);
        for theme in [Theme::Light, Theme::Dark, Theme::Auto] {
            let options = SvgOptions {
                theme,
                ..SvgOptions::for_model(&m)
            };
            let out = render_svg(&m, &options);
            let doc = parse(&out);
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg", "{stem}");
            assert_eq!(root.attribute("role"), Some("img"));
            let prefix = &options.id_prefix;
            assert_eq!(
                root.attribute("aria-labelledby"),
                Some(format!("{prefix}title {prefix}desc").as_str())
            );
            let title = doc
                .descendants()
                .find(|n| n.has_tag_name("title") && n.attribute("id").is_some())
                .expect("a <title> with an id");
            assert_eq!(title.text(), Some(m.title.as_str()));
            let desc = doc
                .descendants()
                .find(|n| n.has_tag_name("desc"))
                .expect("a <desc>");
            let desc = desc.text().unwrap_or("");
            let components = m.components().count();
            assert!(
                desc.contains(&format!("{components} components")),
                "{stem}: {desc}"
            );
            assert!(desc.contains(&format!("{} links", m.links.len())), "{desc}");
            for banned in ["<script", "href", "foreignObject", "url(", "@import"] {
                assert!(!out.contains(banned), "{stem} contains {banned}");
            }
            assert!(root
                .attribute("font-family")
                .unwrap_or("")
                .starts_with("DejaVu Sans"));
            assert_eq!(
                out.contains("prefers-color-scheme"),
                theme == Theme::Auto,
                "{stem} {theme:?}"
            );
        }
    }
}

#[test]
fn one_group_per_element_holding_its_whole_label() {
    for (stem, src) in DESIGNS {
        let m = model(src, stem);
        let out = draw(&m);
        let doc = parse(&out);
        for id in m.ids() {
            let e = m.element(id);
            let gs = groups(&doc, &e.id);
            assert_eq!(gs.len(), 1, "{stem}: {} groups for {}", gs.len(), e.id);
            let shown: String = texts(gs[0]).concat().split_whitespace().collect();
            let label: String = e.label.split_whitespace().collect();
            assert!(
                shown.contains(&label),
                "{stem}: label of {} missing: {shown}",
                e.id
            );
        }
        // One arrow per drawn edge: per link, but one per statement written to a cluster.
        let links = doc
            .descendants()
            .filter(|n| n.has_tag_name("g") && n.attribute("data-from").is_some())
            .count();
        assert_eq!(links, diagram::layout_input(&m).1.edges.len(), "{stem}");
    }
}

#[test]
fn text_fits_its_card() {
    for (stem, src) in DESIGNS {
        let m = model(src, stem);
        let geometry = diagram::layout(&m);
        let out = svg::svg(&m, &geometry, &SvgOptions::for_model(&m));
        let doc = parse(&out);
        assert!(!geometry.nodes.is_empty());
        for node in &geometry.nodes {
            let id = m.find(&node.id).expect("a component");
            let g = groups(&doc, &node.id)[0];
            let card = g
                .children()
                .find(|n| n.has_tag_name("rect"))
                .expect("a card");
            let right = attr_f64(card, "x") + attr_f64(card, "width");
            for t in g.descendants().filter(|n| n.has_tag_name("text")) {
                let w = text_width(t.text().unwrap_or(""), attr_f64(t, "font-size"));
                assert!(
                    attr_f64(t, "x") + w <= right - PAD_X + 0.5,
                    "{stem}: {:?} overflows the card of {}",
                    t.text(),
                    m.element(id).id
                );
            }
        }
        // Container labels and badges stay inside their box.
        for c in &geometry.containers {
            let g = groups(&doc, &c.id)[0];
            for t in g.descendants().filter(|n| n.has_tag_name("text")) {
                let w = text_width(t.text().unwrap_or(""), attr_f64(t, "font-size"));
                assert!(
                    attr_f64(t, "x") + w <= c.x + c.width,
                    "{stem}: {:?} overflows {}",
                    t.text(),
                    c.id
                );
            }
        }
    }
}

#[test]
fn long_labels_wrap_and_still_fit() {
    let m = model(
        "host h \"A host whose label is much longer than anything it holds, with an address\" {\n  ip = 10.0.0.1\n  firewall f \"A firewall with a long name\"\n  service s \"Supercalifragilisticexpialidocious-service-name-without-spaces\"\n}\nclient c\nc -> s : https \"a link label that is rather long too\"",
        "long",
    );
    let geometry = diagram::layout(&m);
    let out = svg::svg(&m, &geometry, &SvgOptions::for_model(&m));
    let doc = parse(&out);
    let s = groups(&doc, "s")[0];
    assert!(texts(s).len() >= 3, "wrapped: {:?}", texts(s));
    let node = geometry.nodes.iter().find(|n| n.id == "s").unwrap();
    for t in s.descendants().filter(|n| n.has_tag_name("text")) {
        let w = text_width(t.text().unwrap_or(""), attr_f64(t, "font-size"));
        assert!(attr_f64(t, "x") + w <= node.x + node.width - PAD_X + 0.5);
    }
    let host = geometry.containers.iter().find(|c| c.id == "h").unwrap();
    for t in groups(&doc, "h")[0]
        .descendants()
        .filter(|n| n.has_tag_name("text"))
    {
        let w = text_width(t.text().unwrap_or(""), attr_f64(t, "font-size"));
        assert!(
            attr_f64(t, "x") + w <= host.x + host.width,
            "{:?}",
            t.text()
        );
    }
}

#[test]
fn a_hosts_own_firewall_is_a_badge_inside_the_host() {
    let m = model(DESIGNS[2].1, DESIGNS[2].0);
    let out = draw(&m);
    let doc = parse(&out);
    let fw = groups(&doc, "fw-1")[0];
    let host = fw.parent().expect("a parent");
    assert_eq!(host.attribute("data-id"), Some("web-01"));
    assert_eq!(texts(fw), ["Firewall"]);
    // The agent sends to Sumo Logic: it stays a card of its own.
    let agent = groups(&doc, "mon-1")[0];
    assert_ne!(
        agent.parent().and_then(|p| p.attribute("data-id")),
        Some("web-01")
    );
    assert!(diagram::is_badge(&m, m.find("fw-1").unwrap()));
    assert!(!diagram::is_badge(&m, m.find("mon-1").unwrap()));
    // A firewall that links name is a card.
    let linked = model(
        "client u\nhost h { firewall f; web_server w }\nu -> f -> w : https",
        "fw",
    );
    assert!(!diagram::is_badge(&linked, linked.find("f").unwrap()));
    assert_eq!(diagram::layout(&linked).nodes.len(), 3);
}

#[test]
fn hostile_text_is_escaped() {
    let src = r#"title "</title><script>alert(1)</script>"
description "a & b < c"
client u "<script>alert('x')</script> & \"quoted\""
web_server w "Tom & Jerry's <b>"
u -> w : https "<img src=x onerror=alert(1)>" "#;
    let m = model(src, "hostile");
    let out = draw(&m);
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<img"));
    assert!(!out.contains("<b>"));
    let doc = parse(&out);
    let all: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    let squeezed: String = all.split_whitespace().collect();
    for piece in [
        "<script>alert('x')</script>&\"quoted\"",
        "Tom&Jerry's<b>",
        "<imgsrc=xonerror=alert(1)>",
    ] {
        assert!(squeezed.contains(piece), "{piece} missing from {squeezed}");
    }
    assert_eq!(
        doc.descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text()),
        Some("</title><script>alert(1)</script>")
    );
}

/// Every kind of user text (the title, the description, a component's label, a host's name, a
/// link's label) comes back from the XML exactly as written, markup characters and all.
#[test]
fn markup_in_every_kind_of_user_text_reads_back_unchanged() {
    let src = r#"title "T<&\"'>]]>"
description "D<&\"'>]]>"
host h "H<&\"'>]]>" {
  web_server w "W<&\"'>]]>"
}
client u "U<&\"'>]]>"
u -> w : https "L<&\"'>]]>"
"#;
    let m = model(src, "markup");
    for theme in [Theme::Light, Theme::Dark, Theme::Auto] {
        let review = archc::analysis::review(&m);
        let options = SvgOptions {
            theme,
            annotate: Some(&review),
            ..SvgOptions::for_model(&m)
        };
        let out = render_svg(&m, &options);
        // Nothing user-written reaches the bytes unescaped.
        assert!(!out.contains("<&"), "{out}");
        assert!(!out.contains("]]>"), "{out}");
        let doc = parse(&out);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title") && n.attribute("id").is_some())
            .and_then(|n| n.text());
        assert_eq!(title, Some("T<&\"'>]]>"));
        let desc = doc
            .descendants()
            .find(|n| n.has_tag_name("desc"))
            .and_then(|n| n.text())
            .unwrap_or("");
        assert!(desc.ends_with(" D<&\"'>]]>"), "{desc}");
        let texts = texts(doc.root_element());
        for piece in ["T", "W", "U", "H"] {
            let want = format!("{piece}<&\"'>]]>");
            assert!(texts.contains(&want), "no <text> {want:?} in {texts:?}");
        }
        assert!(
            texts.iter().any(|t| t.ends_with("L<&\"'>]]>")),
            "no link label in {texts:?}"
        );
        // The tooltips carry the labels too.
        let tips: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title") && n.attribute("id").is_none())
            .filter_map(|n| n.text())
            .collect();
        for piece in ["W", "U", "H"] {
            let want = format!("{piece}<&\"'>]]> (");
            assert!(
                tips.iter().any(|t| t.starts_with(&want)),
                "no tooltip {want:?} in {tips:?}"
            );
        }
        assert!(tips
            .iter()
            .any(|t| t.starts_with("U<&\"'>]]> → W<&\"'>]]>")));
    }
}

#[test]
fn control_characters_never_break_the_xml() {
    let m = model("service s \"bell\\u{7} nul\\u{0} ok\"", "ctl");
    let doc_text = draw(&m);
    parse(&doc_text);
    assert!(doc_text.contains("bell nul ok") || doc_text.contains("bell"));
}

#[test]
fn two_diagrams_share_no_id_or_class() {
    let a = model(DESIGNS[1].1, DESIGNS[1].0);
    let b = model(DESIGNS[2].1, DESIGNS[2].0);
    let (sa, sb) = (draw(&a), draw(&b));
    let names = |svg: &str| -> (BTreeSet<String>, BTreeSet<String>) {
        let doc = parse(svg);
        let ids = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .map(String::from)
            .collect();
        let classes = doc
            .descendants()
            .filter_map(|n| n.attribute("class"))
            .flat_map(|c| c.split_whitespace().map(String::from).collect::<Vec<_>>())
            .collect();
        (ids, classes)
    };
    let (ids_a, classes_a) = names(&sa);
    let (ids_b, classes_b) = names(&sb);
    assert!(ids_a.len() > a.elements.len());
    assert!(
        ids_a.is_disjoint(&ids_b),
        "{:?}",
        ids_a.intersection(&ids_b)
    );
    assert!(classes_a.is_disjoint(&classes_b));
    let prefix = svg::default_id_prefix(&a.title);
    assert!(ids_a
        .iter()
        .chain(&classes_a)
        .all(|n| n.starts_with(&prefix)));
    // Ids are unique inside one diagram too.
    let doc = parse(&sa);
    let count = doc
        .descendants()
        .filter(|n| n.attribute("id").is_some())
        .count();
    assert_eq!(count, ids_a.len());
}

#[test]
fn output_is_deterministic_and_numbers_are_short() {
    let m = model(DESIGNS[3].1, DESIGNS[3].0);
    let a = draw(&m);
    assert_eq!(a, draw(&m));
    let doc = parse(&a);
    for n in doc.descendants() {
        for at in ["x", "y", "width", "height"] {
            if let Some(v) = n.attribute(at) {
                let decimals = v.split('.').nth(1).map_or(0, str::len);
                assert!(decimals <= 2, "{at}={v}");
            }
        }
    }
}

#[test]
fn encrypted_links_look_different_from_plain_ones() {
    let m = model(
        "client u\nweb_server w\napp_server a\nu -> w : https\nw -> a : http",
        "enc",
    );
    let options = SvgOptions::for_model(&m);
    let out = render_svg(&m, &options);
    let doc = parse(&out);
    let class_of = |from: &str| {
        let g = doc
            .descendants()
            .find(|n| n.attribute("data-from") == Some(from))
            .expect("a link group");
        g.children()
            .find(|n| n.has_tag_name("path"))
            .and_then(|n| n.attribute("class"))
            .unwrap_or("")
            .to_string()
    };
    let (enc, plain) = (class_of("u"), class_of("w"));
    assert_ne!(enc, plain);
    // The two classes are styled differently: plain links are dashed.
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .unwrap_or("");
    let rule = |class: &str| {
        let start = style.find(&format!(".{class}{{")).expect("a rule");
        style[start..].split('}').next().unwrap_or("").to_string()
    };
    assert!(rule(&plain).contains("stroke-dasharray"));
    assert!(!rule(&enc).contains("stroke-dasharray"));
    // The encrypted link's label carries a padlock; the legend names both.
    assert!(out.contains(&format!("{}lock", options.id_prefix)));
    assert!(out.contains(">encrypted link<") && out.contains(">plain link<"));
}

fn spof_review(m: &Model, names: &[&str], severity: Severity) -> Review {
    let elements: Vec<_> = names.iter().map(|n| m.find(n).expect("element")).collect();
    Review {
        findings: vec![Finding {
            rule: "single-point-of-failure",
            severity,
            span: m.element(elements[0]).decl_span,
            elements,
            message: "HAProxy is the only load balancer".into(),
        }],
        ..Review::default()
    }
}

#[test]
fn annotate_outlines_the_findings_elements_in_their_severity_colour() {
    let m = model(DESIGNS[1].1, DESIGNS[1].0);
    let review = spof_review(&m, &["lb-01", "lb"], Severity::Critical);
    let plain = draw(&m);
    let options = SvgOptions {
        annotate: Some(&review),
        ..SvgOptions::for_model(&m)
    };
    let out = render_svg(&m, &options);
    let doc = parse(&out);
    let p = &options.id_prefix;
    let outlined = |id: &str| {
        let g = groups(&doc, id)[0];
        g.children()
            .any(|n| n.attribute("class") == Some(format!("{p}sev-critical").as_str()))
    };
    assert!(outlined("lb-01"));
    // HAProxy is on the host the finding outlines: the host's outline covers it.
    assert!(!outlined("lb"));
    assert!(!outlined("nginx-1") && !outlined("web-01"));
    assert_eq!(
        groups(&doc, "lb-01")[0].attribute("data-severity"),
        Some("critical")
    );
    assert_eq!(groups(&doc, "lb")[0].attribute("data-severity"), None);
    assert!(out.contains(">critical finding<"), "legend entry");
    let tip = groups(&doc, "lb")[0]
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap_or("");
    assert!(tip.contains("single-point-of-failure"), "{tip}");
    // Without annotation nothing is outlined.
    assert!(!plain.contains("data-severity"));
    assert!(!plain.contains("critical finding"));

    // The most severe finding wins the colour; a component named alone is outlined.
    let mut both = spof_review(&m, &["db-1"], Severity::High);
    both.findings
        .extend(spof_review(&m, &["db-1"], Severity::Low).findings);
    let out = render_svg(
        &m,
        &SvgOptions {
            annotate: Some(&both),
            ..SvgOptions::for_model(&m)
        },
    );
    let doc = parse(&out);
    assert_eq!(
        groups(&doc, "db-1")[0].attribute("data-severity"),
        Some("high")
    );
}

#[test]
fn layout_json_has_the_documented_shape() {
    let m = model(DESIGNS[3].1, DESIGNS[3].0);
    let g = diagram::layout(&m);
    let v: serde_json::Value = serde_json::from_str(&layout_json(&g)).expect("JSON");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v),
        ["containers", "edges", "height", "nodes", "width"]
    );
    let nodes = v["nodes"].as_array().unwrap();
    let cards = m
        .components()
        .filter(|&c| !diagram::is_badge(&m, c))
        .count();
    assert_eq!(nodes.len(), cards);
    assert!(
        cards < m.components().count(),
        "the hosts' firewalls are badges"
    );
    for n in nodes {
        assert_eq!(keys(n), ["height", "id", "width", "x", "y"]);
    }
    let containers = v["containers"].as_array().unwrap();
    assert_eq!(containers.len(), m.elements.len() - m.components().count());
    for c in containers {
        assert_eq!(
            keys(c),
            ["height", "id", "kind", "members", "title", "width", "x", "y"]
        );
        assert_eq!(keys(&c["title"]), ["height", "width", "x", "y"]);
        assert!(c["title"]["y"].as_f64() > c["y"].as_f64());
    }
    let lbs = containers.iter().find(|c| c["id"] == "lbs").unwrap();
    assert_eq!(lbs["kind"], "cluster");
    assert_eq!(lbs["members"], serde_json::json!(["lb-01", "lb-02"]));
    let edges = v["edges"].as_array().unwrap();
    let groups = diagram::layout_input(&m).1.edges;
    assert_eq!(edges.len(), groups.len());
    assert!(
        groups.len() < m.links.len(),
        "links to the cluster are one edge each"
    );
    let user_to_lbs = edges
        .iter()
        .find(|e| e["via"][1] == "lbs")
        .expect("an edge to lbs");
    assert_eq!(user_to_lbs["from"], "user");
    for (e, g) in edges.iter().zip(&groups) {
        let l = &m.links[g[g.len() / 2]];
        assert_eq!(keys(e), ["from", "kind", "label", "points", "to", "via"]);
        let kind = match l.kind {
            LinkKind::Request => "request",
            LinkKind::NonRequest => "non-request",
            LinkKind::Replication => "replication",
        };
        assert_eq!(e["kind"], kind);
        if l.protocol.as_deref() == Some("replication") {
            assert_eq!(e["kind"], "replication");
        }
        assert_eq!(e["from"], m.element(l.from).id);
        assert_eq!(e["to"], m.element(l.to).id);
        assert!(e["points"].as_array().unwrap().len() >= 2);
        match diagram::edge_label_text(l) {
            Some(text) => {
                assert_eq!(keys(&e["label"]), ["height", "text", "width", "x", "y"]);
                assert_eq!(e["label"]["text"], text);
            }
            None => assert!(e["label"].is_null()),
        }
    }
}

#[test]
fn png_matches_the_svg_size_times_the_scale() {
    let m = model(DESIGNS[0].1, DESIGNS[0].0);
    let out = draw(&m);
    let doc = parse(&out);
    let (w, h) = (
        attr_f64(doc.root_element(), "width"),
        attr_f64(doc.root_element(), "height"),
    );
    for scale in [1.0f32, 2.0] {
        let bytes = png::png(&out, scale).expect("renders");
        assert!(bytes.len() > 10_000, "{} bytes", bytes.len());
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let image = resvg::tiny_skia::Pixmap::decode_png(&bytes).expect("decodes");
        assert_eq!(image.width(), (w * f64::from(scale)).ceil() as u32);
        assert_eq!(image.height(), (h * f64::from(scale)).ceil() as u32);
        // Not blank: the background is white and the drawing is not.
        let dark = image
            .pixels()
            .iter()
            .filter(|p| p.red() < 128 && p.alpha() == 255)
            .count();
        assert!(dark > 500, "{dark} dark pixels");
    }
    assert!(png::png(&out, 0.0).is_err());
    assert!(png::png("not svg", 1.0).is_err());
}

#[test]
fn pdf_is_one_page_of_the_svg_size_with_the_text_drawn() {
    let m = model(DESIGNS[1].1, DESIGNS[1].0);
    let out = draw(&m);
    let doc = parse(&out);
    let (w, h) = (
        attr_f64(doc.root_element(), "width"),
        attr_f64(doc.root_element(), "height"),
    );
    let bytes = png::pdf(&out).expect("converts");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/Count 1"), "one page");
    let media = format!("/MediaBox [0 0 {w} {h}]");
    assert!(text.contains(&media), "no {media}");
    // Text drawn: the same document without its text makes a much smaller PDF.
    let no_text: String = {
        let mut s = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find("<text") {
            s.push_str(&rest[..i]);
            let j = rest[i..].find("</text>").expect("closed") + i + "</text>".len();
            rest = &rest[j..];
        }
        s.push_str(rest);
        s
    };
    let smaller = png::pdf(&no_text).expect("converts");
    assert!(
        bytes.len() > smaller.len() + 2_000,
        "{} vs {}",
        bytes.len(),
        smaller.len()
    );
    assert!(png::pdf("<svg").is_err());
}

/// The class of the first `<path>` in the link group that starts at `from`, and the group.
fn link_group<'a, 'i>(doc: &'a roxmltree::Document<'i>, from: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.has_tag_name("g") && n.attribute("data-from") == Some(from))
        .unwrap_or_else(|| panic!("no link group from {from}"))
}

fn first_path_class(g: roxmltree::Node) -> String {
    g.children()
        .find(|n| n.has_tag_name("path"))
        .and_then(|n| n.attribute("class"))
        .unwrap_or("")
        .to_string()
}

fn css_rule(doc: &roxmltree::Document, class: &str) -> String {
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .unwrap_or("");
    let start = style
        .find(&format!(".{class}{{"))
        .unwrap_or_else(|| panic!("no rule for {class}"));
    style[start..].split('}').next().unwrap_or("").to_string()
}

fn legend_texts(doc: &roxmltree::Document, prefix: &str) -> Vec<String> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(&format!("{prefix}legend")))
        .map(texts)
        .unwrap_or_default()
}

const EVERY_CONSTRUCT: &str = "title \"All\"
client user \"Browser\"
zone az-a \"eu-west-1a\" { failure_domain = true
  host web-a \"Web A\" { instances = 3
    web_server nginx \"Nginx\"
  }
}
group backend \"Back <end>\" {
  app_server api \"API\" { instances = 2..6 }
  cache redis \"Redis\"
}
monitoring prom \"Prometheus\"
user -> nginx : https
nginx -> api : http
api -> redis : redis { optional = true }
prom ~> api : metrics
";

#[test]
fn non_request_links_are_dotted_muted_and_their_own_kind() {
    let m = model(EVERY_CONSTRUCT, "all");
    for theme in [Theme::Light, Theme::Dark] {
        let options = SvgOptions {
            theme,
            ..SvgOptions::for_model(&m)
        };
        let p = options.id_prefix.clone();
        let out = render_svg(&m, &options);
        let doc = parse(&out);
        let telemetry = link_group(&doc, "prom");
        assert_eq!(telemetry.attribute("data-kind"), Some("non-request"));
        assert_eq!(
            link_group(&doc, "nginx").attribute("data-kind"),
            Some("request")
        );
        let (nreq, plain) = (
            first_path_class(telemetry),
            first_path_class(link_group(&doc, "nginx")),
        );
        assert_eq!(nreq, format!("{p}nreq"));
        let (nr, pl) = (css_rule(&doc, &nreq), css_rule(&doc, &plain));
        assert!(nr.contains("stroke-linecap:round") && nr.contains("stroke-dasharray:0.1"));
        let colour = |rule: &str| rule.split("stroke:").nth(1).unwrap_or("").to_string();
        assert_ne!(colour(&nr)[..7], colour(&pl)[..7], "{theme:?}");
        assert!(legend_texts(&doc, &p).contains(&"non-request link (~>)".to_string()));
    }
    let v: serde_json::Value = serde_json::from_str(&layout_json(&diagram::layout(&m))).unwrap();
    let kinds: Vec<&str> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["request", "request", "request", "non-request"]);
}

#[test]
fn instances_are_stacked_boxes_marked_with_their_count() {
    let m = model(EVERY_CONSTRUCT, "all");
    let options = SvgOptions::for_model(&m);
    let p = options.id_prefix.clone();
    let out = render_svg(&m, &options);
    let doc = parse(&out);
    for (id, count) in [("api", "2..6"), ("web-a", "3")] {
        let g = groups(&doc, id)[0];
        assert_eq!(g.attribute("data-instances"), Some(count));
        let rects: Vec<_> = g.children().filter(|n| n.has_tag_name("rect")).collect();
        let stacks: Vec<_> = rects
            .iter()
            .take_while(|r| r.attribute("class") == Some(&format!("{p}stack")))
            .collect();
        assert_eq!(stacks.len(), 2, "{id}: two outlines before the box");
        // Each copy sits further down and right than the box drawn after it.
        let main = rects[2];
        assert!(attr_f64(*stacks[1], "x") > attr_f64(main, "x"));
        assert!(attr_f64(*stacks[0], "y") > attr_f64(*stacks[1], "y"));
        assert_eq!(attr_f64(*stacks[0], "width"), attr_f64(main, "width"));
        assert!(
            texts(g).iter().any(|t| t.contains(&format!("×{count}"))),
            "{id}"
        );
    }
    assert!(groups(&doc, "redis")[0]
        .attribute("data-instances")
        .is_none());
    assert!(legend_texts(&doc, &p).contains(&"instances (×N)".to_string()));
}

#[test]
fn groups_are_light_and_failure_domains_have_their_own_style() {
    let m = model(EVERY_CONSTRUCT, "all");
    let options = SvgOptions::for_model(&m);
    let p = options.id_prefix.clone();
    let out = render_svg(&m, &options);
    let doc = parse(&out);
    let outline = |id: &str| {
        groups(&doc, id)[0]
            .children()
            .find(|n| n.has_tag_name("rect"))
            .and_then(|n| n.attribute("class"))
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(outline("backend"), format!("{p}group"));
    assert_eq!(outline("az-a"), format!("{p}fdomain"));
    let group = css_rule(&doc, &format!("{p}group"));
    assert!(group.contains("stroke-width:1;") && group.contains("stroke-dasharray"));
    let fd = css_rule(&doc, &format!("{p}fdomain"));
    assert!(fd.contains("stroke-dasharray:12 3 2 3"));
    assert!(texts(groups(&doc, "az-a")[0]).contains(&"failure domain".to_string()));
    // A zone that is a failure domain and a trust boundary keeps its trust colours and gains
    // the failure domain's line.
    let both = model(
        "zone z { failure_domain = true; trust = dmz\n web_server w }\nclient u\nu -> w : https",
        "both",
    );
    let o = SvgOptions::for_model(&both);
    let out = render_svg(&both, &o);
    let doc = parse(&out);
    let classes: Vec<&str> = groups(&doc, "z")[0]
        .children()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.attribute("class"))
        .collect();
    let q = &o.id_prefix;
    assert_eq!(
        classes[..2],
        [format!("{q}zone-dmz"), format!("{q}fdomain")]
    );
    let legend = legend_texts(&doc, q);
    assert!(legend.contains(&"dmz zone".to_string()));
    assert!(legend.contains(&"failure domain".to_string()));
}

#[test]
fn optional_links_carry_a_hollow_circle_at_their_source() {
    let m = model(EVERY_CONSTRUCT, "all");
    let options = SvgOptions::for_model(&m);
    let p = options.id_prefix.clone();
    let out = render_svg(&m, &options);
    let doc = parse(&out);
    let g = link_group(&doc, "api");
    assert_eq!(g.attribute("data-optional"), Some("true"));
    let circle = g
        .children()
        .find(|n| n.has_tag_name("circle"))
        .expect("a circle");
    assert_eq!(circle.attribute("class"), Some(format!("{p}opt").as_str()));
    // At the source end: nearer the API card than the Redis card.
    let api = groups(&doc, "api")[0]
        .children()
        .find(|n| n.attribute("class") == Some(&format!("{p}card")))
        .unwrap();
    let redis = groups(&doc, "redis")[0]
        .children()
        .find(|n| n.attribute("class") == Some(&format!("{p}card")))
        .unwrap();
    let cy = attr_f64(circle, "cy");
    let api_bottom = attr_f64(api, "y") + attr_f64(api, "height");
    assert!((cy - api_bottom).abs() < 10.0, "{cy} vs {api_bottom}");
    assert!(cy < attr_f64(redis, "y"));
    assert!(css_rule(&doc, &format!("{p}opt")).contains("fill:"));
    assert!(link_group(&doc, "nginx")
        .children()
        .all(|n| !n.has_tag_name("circle")));
    assert!(legend_texts(&doc, &p).contains(&"optional (○ at its source)".to_string()));
}

#[test]
fn the_legend_lists_only_the_styles_the_diagram_uses() {
    let m = model("client u\nweb_server w\nu -> w : http", "plain");
    let options = SvgOptions::for_model(&m);
    let out = render_svg(&m, &options);
    let doc = parse(&out);
    assert_eq!(legend_texts(&doc, &options.id_prefix), ["plain link"]);
    for class in ["nreq", "opt", "stack", "group", "fdomain", "zone-"] {
        assert!(
            !out.contains(&format!(".{}{class}", options.id_prefix)),
            "{class} styled but unused"
        );
    }
    let m = model(EVERY_CONSTRUCT, "all");
    let options = SvgOptions::for_model(&m);
    let doc_text = render_svg(&m, &options);
    let doc = parse(&doc_text);
    assert_eq!(
        legend_texts(&doc, &options.id_prefix),
        [
            "encrypted link",
            "plain link",
            "non-request link (~>)",
            "optional (○ at its source)",
            "instances (×N)",
            "failure domain",
            "group"
        ]
    );
}
