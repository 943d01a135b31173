//! archc: architecture as code.
//!
//! An `.arch` file describes components, the hosts, zones and clusters they live in, and the
//! links between them. archc compiles it in one pipeline, each stage a module:
//!
//! ```text
//! source ─syntax─▶ AST ─model─▶ Model ─┬─analysis─▶ Review (findings, availability)
//!                                       └─layout───▶ Geometry
//! Model + Review + Geometry ─render─▶ SVG · Markdown · JSON · SARIF
//! ```
//!
//! [`compile`] runs the front end (syntax and model); the stages after it take the [`Model`].

pub mod analysis;
pub mod design;
pub mod diagnostic;
pub mod diff;
pub mod format;
pub mod fuzzing;
/// Synthetic designs of any size, for the benchmarks and the property tests: not public API.
#[doc(hidden)]
pub mod generate;
pub mod knowledge;
pub mod layout;
pub mod lsp;
pub mod mdbook;
pub mod model;
pub mod render;
pub mod serve;
pub mod shell;
pub mod syntax;

pub use design::Design;
pub use diagnostic::Diagnostic;
pub use model::Model;

/// A design that compiled: its model and the warnings about it.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The model.
    pub model: Model,
    /// Warnings (never errors), in source order.
    pub warnings: Vec<Diagnostic>,
}

/// Compiles `.arch` source text into a [`Model`].
///
/// `stem` is the default title (usually the file name without its extension). Returns every
/// error found, in source order, when the source is invalid: syntax errors first stop the
/// compilation, then every semantic error is reported together; past
/// [`syntax::limits::MAX_ERRORS`] errors, one `E0109` counts the rest.
///
/// ```
/// let compiled = archc::compile("client user\nweb_server web\nuser -> web : https", "tiny").unwrap();
/// assert_eq!(compiled.model.title, "tiny");
/// assert_eq!(compiled.model.links.len(), 1);
/// ```
pub fn compile(source: &str, stem: &str) -> Result<Compiled, Vec<Diagnostic>> {
    let (file, errors) = syntax::parse(source);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (model, warnings) = Model::build(&file, stem).map_err(|mut errors| {
        // As for syntax errors: the first hundred, and a count of the others.
        let max = syntax::limits::MAX_ERRORS;
        if errors.len() > max {
            let more = errors.len() - max;
            let at = errors[max].primary().unwrap_or_default();
            errors.truncate(max);
            errors.push(syntax::limits::too_many_errors(at, more));
        }
        errors
    })?;
    Ok(Compiled { model, warnings })
}

/// How `archc build` draws a design's outputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// The diagram's colours.
    pub theme: render::Theme,
    /// Whether the diagram marks the review's findings.
    pub annotate: bool,
}

/// The files `archc build` writes for one design, as `(file name, bytes)`: `STEM.svg`, the
/// diagram, and `STEM.md`, the write-up that links to it. `stem` is the input's file stem.
///
/// Deterministic: the same model, review and options give the same bytes.
pub fn build_outputs(
    stem: &str,
    model: &Model,
    review: &analysis::Review,
    options: BuildOptions,
) -> Vec<(String, Vec<u8>)> {
    let svg_options = render::SvgOptions {
        theme: options.theme,
        annotate: options.annotate.then_some(review),
        ..render::SvgOptions::for_model(model)
    };
    let svg = render::render_svg(model, &svg_options);
    let doc_options = render::markdown::DocOptions {
        svg_link: Some(format!("{stem}.svg")),
        inline_svg: None,
        ..Default::default()
    };
    let md = render::markdown::markdown(model, review, &doc_options);
    vec![
        (format!("{stem}.svg"), svg.into_bytes()),
        (format!("{stem}.md"), md.into_bytes()),
    ]
}
