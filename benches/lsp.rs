//! Benchmark: one keystroke in the language server on a generated design of 300 components.
//!
//! Run with `cargo bench --bench lsp`. A keystroke is what `archc lsp` does for one
//! `textDocument/didChange` once its debounce has passed: apply the incremental edit (one
//! character typed into a label), then compile, review and convert every diagnostic to LSP
//! positions ([`archc::lsp::check::diagnostics`]). Prints the best and median time over
//! several runs, without the debounce itself (`archc::lsp::DEBOUNCE`). The target is
//! 20 ms.

use std::time::{Duration, Instant};

use archc::lsp::{check, text};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

const COMPONENTS: usize = 300;
const RUNS: usize = 21;

fn main() {
    let mut source = archc::generate::architecture(COMPONENTS, 1);
    let uri: Uri = "file:///bench/generated.arch".parse().unwrap();
    let components = archc::compile(&source, "generated")
        .expect("the generated design compiles")
        .model
        .components()
        .count();
    // Type into the first quoted label, one character per run.
    let quote = source.find('"').expect("a label") + 1;
    let index = text::LineIndex::new(&source);
    let at = index.position(&source, quote);
    let mut times: Vec<Duration> = Vec::new();
    let mut count = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        text::apply_changes(
            &mut source,
            vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(at, Position::new(at.line, at.character))),
                range_length: None,
                text: "x".to_string(),
            }],
        );
        let diagnostics = check::diagnostics(&uri, &source, "generated", check::RULES_URL);
        times.push(start.elapsed());
        count = diagnostics.len();
        std::hint::black_box(diagnostics);
    }
    times.sort();
    println!(
        "keystroke in a {components}-component design ({} bytes): best {:.1} ms, median {:.1} ms over {RUNS} runs ({count} diagnostics)",
        source.len(),
        times[0].as_secs_f64() * 1e3,
        times[RUNS / 2].as_secs_f64() * 1e3,
    );
    // Where the time goes: the front end, then the review, on the final text.
    let phase = |f: &dyn Fn()| {
        let mut t: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        t.sort();
        t[RUNS / 2].as_secs_f64() * 1e3
    };
    let compile = phase(&|| {
        std::hint::black_box(archc::compile(&source, "generated").ok());
    });
    let model = archc::compile(&source, "generated").unwrap().model;
    let review = phase(&|| {
        std::hint::black_box(archc::analysis::review(&model));
    });
    println!("  of which, median: compile {compile:.1} ms, review {review:.1} ms");
}
