//! The shipped examples: snapshots of their diagram, write-up and JSON review, and a check that
//! the outputs committed beside them are what their sources produce now.

use std::path::{Path, PathBuf};

use archc::render::review::FileReview;

const EXAMPLES: [&str; 4] = [
    "0-simple_web_stack",
    "1-distributed_web_infrastructure",
    "2-secured_and_monitored_web_infrastructure",
    "3-scale_up",
];

fn example(stem: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{stem}.arch"))
}

fn compile(stem: &str) -> (String, archc::Model, archc::analysis::Review) {
    let source = std::fs::read_to_string(example(stem)).unwrap();
    let model = archc::compile(&source, stem).unwrap().model;
    let review = archc::analysis::review(&model);
    (source, model, review)
}

#[test]
fn snapshots_of_svg_markdown_and_json_review() {
    for stem in EXAMPLES {
        let (source, model, review) = compile(stem);
        let outputs = archc::build_outputs(stem, &model, &review, archc::BuildOptions::default());
        let svg = String::from_utf8(outputs[0].1.clone()).unwrap();
        let md = String::from_utf8(outputs[1].1.clone()).unwrap();
        let file = format!("examples/{stem}.arch");
        let json = archc::render::review::json(&[FileReview {
            file: &file,
            source: &source,
            model: &model,
            review: &review,
            what_if: None,
        }]);
        insta::assert_snapshot!(format!("{stem}.svg"), svg);
        insta::assert_snapshot!(format!("{stem}.md"), md);
        insta::assert_snapshot!(format!("{stem}.review.json"), json);
    }
}

/// Fails when an output committed beside an example is stale: run
/// `cargo run -- build examples/*.arch` and commit the result.
#[test]
fn committed_outputs_are_current() {
    let mut stale = Vec::new();
    for stem in EXAMPLES {
        let (_, model, review) = compile(stem);
        for (name, bytes) in
            archc::build_outputs(stem, &model, &review, archc::BuildOptions::default())
        {
            let path = example(stem).with_file_name(&name);
            if std::fs::read(&path).ok() != Some(bytes) {
                stale.push(name);
            }
        }
    }
    for (old, new, name) in [
        (EXAMPLES[0], EXAMPLES[1], "diff-0-to-1.md"),
        (EXAMPLES[1], EXAMPLES[2], "diff-1-to-2.md"),
        (EXAMPLES[2], EXAMPLES[3], "diff-2-to-3.md"),
    ] {
        let (_, old_model, old_review) = compile(old);
        let (_, new_model, new_review) = compile(new);
        let text = archc::diff::diff((&old_model, &old_review), (&new_model, &new_review));
        let path = example(old).with_file_name(name);
        if std::fs::read_to_string(&path).ok() != Some(text) {
            stale.push(name.to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale example outputs (run `cargo run -- build examples/*.arch` and `archc diff` for the diffs): {stale:?}"
    );
}

#[test]
fn outputs_are_deterministic() {
    for stem in EXAMPLES {
        let (_, model, review) = compile(stem);
        let once = archc::build_outputs(stem, &model, &review, archc::BuildOptions::default());
        let (_, model2, review2) = compile(stem);
        let twice = archc::build_outputs(stem, &model2, &review2, archc::BuildOptions::default());
        assert_eq!(once, twice, "{stem}");
    }
}

#[test]
fn language_md_examples_compile_and_render() {
    for name in ["example-1", "example-2"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/language")
            .join(format!("{name}.arch"));
        let source = std::fs::read_to_string(path).unwrap();
        let model = archc::compile(&source, name).unwrap().model;
        let review = archc::analysis::review(&model);
        let outputs = archc::build_outputs(name, &model, &review, archc::BuildOptions::default());
        let svg = String::from_utf8(outputs[0].1.clone()).unwrap();
        for component in model.components() {
            let label = &model.element(component).label;
            let escaped = label
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('\'', "&apos;");
            assert!(
                svg.contains(label.as_str()) || svg.contains(&escaped),
                "{name}: `{label}` missing from the SVG"
            );
        }
    }
}
