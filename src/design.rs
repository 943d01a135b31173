//! The library facade: one design, loaded, compiled, reviewed and ready to render.
//!
//! [`Design`] is what the CLI, the mdBook preprocessor, the language server and the live
//! preview hold. It owns the steps that each of them would otherwise repeat: reading the
//! source, compiling it, reviewing the model, resolving element ids given by a user (with a
//! did-you-mean), replaying a what-if on checked ids, deciding whether the findings cross an
//! exit threshold, and listing the files `archc build` writes.
//!
//! ```
//! use archc::Design;
//! let design = Design::from_text("shop.arch", "client user\nweb_server web\nuser -> web : https").unwrap();
//! assert_eq!(design.model().title, "shop");
//! assert!(design.svg(archc::render::Theme::Light, false).starts_with("<svg"));
//! let err = design.resolve_ids(&["wbe".to_string()], "--fail").unwrap_err();
//! assert_eq!(err[0].help.as_deref(), Some("did you mean `web`?"));
//! ```

use std::path::Path;

use crate::analysis::{self, Finding, Review, Severity, WhatIf};
use crate::diagnostic::{self, Diagnostic, DiagnosticKind};
use crate::layout::Routing;
use crate::model::{ElementId, Model};
use crate::render::markdown::{Detail, DocOptions};
use crate::render::review::FileReview;
use crate::render::{self, SvgOptions, Theme};
use crate::shell::io::{self, Source};
use crate::{BuildOptions, Compiled};

/// A design that compiled and was reviewed, with the source it came from.
#[derive(Clone, Debug)]
pub struct Design {
    /// The source text and the name its diagnostics show.
    pub source: Source,
    /// The model and the compiler's warnings.
    pub compiled: Compiled,
    /// The review of the model.
    pub review: Review,
}

/// Why a design could not be made: its source (possibly empty, when it could not be read) and
/// every error, in source order, each with a span into that source.
pub type Rejected = Box<(Source, Vec<Diagnostic>)>;

impl Design {
    /// Reads `path` (`-`: standard input) and compiles and reviews it.
    ///
    /// # Errors
    /// The file cannot be read, is not UTF-8 or exceeds the input limits (one diagnostic), or
    /// it does not compile (every error of [`crate::compile`]).
    pub fn load(path: &Path) -> Result<Design, Rejected> {
        match io::load(path) {
            Ok(source) => Design::from_source(source),
            Err(e) => {
                let e = *e;
                Err(Box::new((
                    Source {
                        name: e.name,
                        text: e.text,
                    },
                    vec![e.diagnostic],
                )))
            }
        }
    }

    /// Reads and compiles `path` as [`Design::load`] does, and reviews it only when `review`
    /// is true: a diagram needs the review only to mark its findings. Unreviewed, the design's
    /// [`Design::review`] is empty ([`Review::default`]) and its [`Design::warnings`] are the
    /// compiler's alone.
    ///
    /// # Errors
    /// Those of [`Design::load`].
    pub fn load_with(path: &Path, review: bool) -> Result<Design, Rejected> {
        if review {
            return Design::load(path);
        }
        let source = io::load(path).map_err(|e| {
            let e = *e;
            Box::new((
                Source {
                    name: e.name,
                    text: e.text,
                },
                vec![e.diagnostic],
            ))
        })?;
        match crate::compile(&source.text, &source.stem()) {
            Ok(compiled) => Ok(Design {
                source,
                compiled,
                review: Review::default(),
            }),
            Err(errors) => Err(Box::new((source, errors))),
        }
    }

    /// Compiles and reviews text already read; `name` is what its diagnostics show, and its
    /// file stem is the default title.
    ///
    /// # Errors
    /// Every error of [`crate::compile`].
    pub fn from_text(name: &str, text: &str) -> Result<Design, Rejected> {
        Design::from_source(Source {
            name: name.to_string(),
            text: text.to_string(),
        })
    }

    /// Compiles and reviews `source`.
    ///
    /// # Errors
    /// Every error of [`crate::compile`].
    pub fn from_source(source: Source) -> Result<Design, Rejected> {
        match crate::compile(&source.text, &source.stem()) {
            Ok(compiled) => Ok(Design::reviewed(source, compiled)),
            Err(errors) => Err(Box::new((source, errors))),
        }
    }

    /// Reviews a design already compiled (e.g. after overriding its `direction`).
    pub fn reviewed(source: Source, compiled: Compiled) -> Design {
        let review = analysis::review(&compiled.model);
        Design {
            source,
            compiled,
            review,
        }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.compiled.model
    }

    /// The compiler's warnings, then the review's, in source order within each.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.compiled.warnings.iter().chain(&self.review.warnings)
    }

    /// The warnings rendered with source snippets, as printed on standard error.
    pub fn warnings_text(&self, color: bool) -> String {
        self.warnings()
            .map(|w| diagnostic::render(w, &self.source.name, &self.source.text, color))
            .collect()
    }

    /// Resolves element names given by a user (`what` names where they came from, e.g.
    /// `--fail`), in their order.
    ///
    /// # Errors
    /// One `E0203` diagnostic per unknown name, with the closest element's name as a
    /// did-you-mean ([`diagnostic::closest`]) or a hint to name components or hosts; one
    /// `E0404` per empty name (`--fail a,,b`).
    pub fn resolve_ids(
        &self,
        names: &[String],
        what: &str,
    ) -> Result<Vec<ElementId>, Vec<Diagnostic>> {
        let model = self.model();
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        for name in names {
            if name.is_empty() {
                unknown.push(Diagnostic::new(DiagnosticKind::EmptyElementOption {
                    option: what.to_string(),
                }));
                continue;
            }
            match model.find(name) {
                Some(id) => found.push(id),
                None => {
                    let candidates = model.elements.iter().map(|e| e.id.as_str());
                    unknown.push(Diagnostic::new(DiagnosticKind::UnknownElementOption {
                        option: what.to_string(),
                        name: name.clone(),
                        file: self.source.name.clone(),
                        suggestion: diagnostic::closest(name, candidates).map(str::to_string),
                    }));
                }
            }
        }
        if unknown.is_empty() {
            Ok(found)
        } else {
            Err(unknown)
        }
    }

    /// What stops and what degrades when the named elements fail together
    /// ([`analysis::what_if`]).
    ///
    /// # Errors
    /// The diagnostics of [`Design::resolve_ids`]: no unknown name is ever dropped.
    pub fn what_if(&self, names: &[String], what: &str) -> Result<WhatIf, Vec<Diagnostic>> {
        let failed = self.resolve_ids(names, what)?;
        Ok(analysis::what_if(self.model(), &failed))
    }

    /// The findings at or above `limit` (severities order most severe first).
    pub fn failing(&self, limit: Severity) -> impl Iterator<Item = &Finding> {
        self.review
            .findings
            .iter()
            .filter(move |f| f.severity <= limit)
    }

    /// The diagram, as SVG; `annotate` marks the review's findings on it.
    pub fn svg(&self, theme: Theme, annotate: bool) -> String {
        self.svg_routed(theme, annotate, Routing::default())
    }

    /// [`Design::svg`] with the edges routed as `routing` says.
    pub fn svg_routed(&self, theme: Theme, annotate: bool, routing: Routing) -> String {
        let model = self.model();
        let options = SvgOptions {
            theme,
            annotate: annotate.then_some(&self.review),
            routing,
            ..SvgOptions::for_model(model)
        };
        render::render_svg(model, &options)
    }

    /// The diagram's geometry as JSON ([`render::layout_json`]), edges routed as `routing` says.
    pub fn layout_json(&self, routing: Routing) -> String {
        render::layout_json(&render::diagram::layout_routed(self.model(), routing))
    }

    /// The diagram as PNG, `scale` pixels per SVG user unit.
    ///
    /// # Errors
    /// The rasteriser's message ([`render::png`]).
    pub fn png(
        &self,
        theme: Theme,
        annotate: bool,
        routing: Routing,
        scale: f32,
    ) -> Result<Vec<u8>, String> {
        render::png(&self.svg_routed(theme, annotate, routing), scale)
    }

    /// The diagram as PDF.
    ///
    /// # Errors
    /// The converter's message ([`render::pdf`]).
    pub fn pdf(&self, theme: Theme, annotate: bool, routing: Routing) -> Result<Vec<u8>, String> {
        render::pdf(&self.svg_routed(theme, annotate, routing))
    }

    /// The write-up as Markdown: linking to `svg_link`, or with `inline_svg` inside it.
    pub fn markdown(&self, svg_link: Option<String>, inline_svg: Option<String>) -> String {
        self.markdown_at(svg_link, inline_svg, Detail::default())
    }

    /// [`Design::markdown`] at a level of detail (`archc doc --detail`).
    pub fn markdown_at(
        &self,
        svg_link: Option<String>,
        inline_svg: Option<String>,
        detail: Detail,
    ) -> String {
        let options = DocOptions {
            svg_link,
            inline_svg,
            detail,
        };
        render::markdown::markdown(self.model(), &self.review, &options)
    }

    /// The write-up as one self-contained HTML page, the diagram inline (theme `auto`).
    pub fn html(&self) -> String {
        self.html_at(Detail::default())
    }

    /// [`Design::html`] at a level of detail (`archc doc --detail`).
    pub fn html_at(&self, detail: Detail) -> String {
        let options = DocOptions {
            svg_link: None,
            inline_svg: Some(self.svg(Theme::Auto, false)),
            detail,
        };
        render::html::html(self.model(), &self.review, &options)
    }

    /// The review as printed by `archc check`.
    pub fn review_text(&self, color: bool) -> String {
        render::review::text(
            self.model(),
            &self.review,
            &self.source.name,
            &self.source.text,
            color,
        )
    }

    /// The review in a few lines, as printed by `archc build` ([`render::review::summary`]):
    /// `written` are the files written, as shown to the user.
    pub fn review_summary(&self, written: &[String], color: bool) -> String {
        render::review::summary(
            self.model(),
            &self.review,
            &self.source.name,
            &self.source.text,
            written,
            color,
        )
    }

    /// The review one line per finding, as printed by `archc check --format concise`
    /// ([`render::review::concise`]).
    pub fn review_concise(&self, color: bool) -> String {
        render::review::concise(&self.review, &self.source.name, &self.source.text, color)
    }

    /// A what-if as printed by `archc check --fail`.
    pub fn what_if_text(&self, what_if: &WhatIf) -> String {
        render::review::what_if_text(self.model(), what_if, &self.source.name)
    }

    /// This design's review for the JSON and SARIF renderers.
    pub fn file_review<'a>(&'a self, what_if: Option<&'a WhatIf>) -> FileReview<'a> {
        FileReview {
            file: &self.source.name,
            source: &self.source.text,
            model: self.model(),
            review: &self.review,
            what_if,
        }
    }

    /// The files `archc build` writes for this design, as `(file name, bytes)`
    /// ([`crate::build_outputs`]).
    pub fn outputs(&self, options: BuildOptions) -> Vec<(String, Vec<u8>)> {
        crate::build_outputs(&self.source.stem(), self.model(), &self.review, options)
    }
}

/// The exit code for a set of designs: 1 when some finding is at or above `fail_on`, else 0.
pub fn exit_code(designs: &[Design], fail_on: Option<Severity>) -> u8 {
    let Some(limit) = fail_on else { return 0 };
    u8::from(designs.iter().any(|d| d.failing(limit).next().is_some()))
}

/// The reviews of several designs as one JSON document ([`render::review::json`]); `what_ifs`
/// pairs with `designs` (missing entries: none).
pub fn review_json(designs: &[Design], what_ifs: &[Option<WhatIf>]) -> String {
    render::review::json(&file_reviews(designs, what_ifs))
}

/// The reviews of several designs as one SARIF 2.1.0 log ([`render::sarif::sarif`]).
pub fn sarif(designs: &[Design], what_ifs: &[Option<WhatIf>]) -> String {
    render::sarif::sarif(&file_reviews(designs, what_ifs))
}

fn file_reviews<'a>(designs: &'a [Design], what_ifs: &'a [Option<WhatIf>]) -> Vec<FileReview<'a>> {
    designs
        .iter()
        .enumerate()
        .map(|(i, d)| d.file_review(what_ifs.get(i).and_then(Option::as_ref)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &str =
        "client user\nweb_server web\ndatabase db\nuser -> web : https\nweb -> db : tcp\n";

    #[test]
    fn unknown_ids_are_errors_with_a_did_you_mean() {
        let design = Design::from_text("shop.arch", SHOP).unwrap();
        let err = design
            .what_if(&["db".into(), "wbe".into(), "zzzzzz".into()], "--fail")
            .unwrap_err();
        assert_eq!(err.len(), 2);
        assert_eq!(err[0].help.as_deref(), Some("did you mean `web`?"));
        assert!(err[1]
            .help
            .as_deref()
            .unwrap()
            .starts_with("name components"));
        assert!(design.what_if(&["db".into()], "--fail").is_ok());
    }

    #[test]
    fn thresholds_follow_severity() {
        let design = Design::from_text("shop.arch", SHOP).unwrap();
        let worst = design.review.findings.first().map(|f| f.severity);
        let designs = [design];
        assert_eq!(exit_code(&designs, None), 0);
        if let Some(worst) = worst {
            assert_eq!(exit_code(&designs, Some(worst)), 1);
        }
        assert_eq!(
            exit_code(&designs, Some(Severity::Critical)),
            u8::from(worst == Some(Severity::Critical))
        );
    }

    #[test]
    fn invalid_text_is_rejected_with_its_source() {
        let rejected = Design::from_text("bad.arch", "web_server {").unwrap_err();
        assert_eq!(rejected.0.name, "bad.arch");
        assert!(rejected.1.iter().all(Diagnostic::is_error));
        assert!(!rejected.1.is_empty());
    }
}
