//! The design write-up: each example answers RUBRIC.md's questions with its own names.

use archc::render::markdown::{markdown, DocOptions};

const EXAMPLES: [&str; 4] = [
    "0-simple_web_stack",
    "1-distributed_web_infrastructure",
    "2-secured_and_monitored_web_infrastructure",
    "3-scale_up",
];

fn doc(stem: &str) -> String {
    let path = format!("{}/examples/{stem}.arch", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap();
    let compiled = archc::compile(&source, stem).unwrap();
    let review = archc::analysis::review(&compiled.model);
    let options = DocOptions {
        svg_link: Some(format!("{stem}.svg")),
        inline_svg: None,
    };
    markdown(&compiled.model, &review, &options)
}

#[test]
fn snapshots() {
    for stem in EXAMPLES {
        insta::assert_snapshot!(stem, doc(stem));
    }
}
