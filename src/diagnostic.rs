//! Diagnostics: the one error and warning type that every stage produces.
//!
//! A [`Diagnostic`] is a [`DiagnosticKind`] (what is wrong, with the offending names and
//! values) placed at labelled byte spans of the source. The kind gives the stable code
//! (`E0101`, `W0301`…), the message, the hint and the labels' text, all written in one place
//! ([`kind`]); [`render`] prints a diagnostic with a source snippet through miette, headed by
//! `file:line:column`, so every error the user can cause names where it is, what was expected
//! and what to do.

pub mod kind;

pub use kind::{codes_markdown, Context, DiagnosticKind, Expected, Tag, ValueShape};

use std::fmt::Write as _;
use std::ops::Range;

/// A byte range `start..end` into the source text of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets, `start <= end`).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The byte range, for slicing the source.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(s: pest::Span<'_>) -> Self {
        Span::new(s.start(), s.end())
    }
}

/// How bad a diagnostic is: an error stops compilation, a warning does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The input is invalid; no output is produced.
    Error,
    /// The input is valid but probably not what the author meant.
    Warning,
}

/// One labelled place in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The bytes the label points at.
    pub span: Span,
    /// What the label says about them (may be empty).
    pub message: String,
}

/// An error or warning about the input, with everything needed to show it to a person.
///
/// Made from its kind with [`Diagnostic::new`], then placed with [`Diagnostic::at`] (the
/// primary location) and [`Diagnostic::and_at`] (a second one). `level`, `code`, `message` and
/// `help` are the kind's, written when the diagnostic is made, so that every reader (the
/// terminal, JSON, SARIF, the language server) shows the same words.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// What is wrong, with the names and values involved (boxed: a diagnostic stays small
    /// to move, whatever its kind holds).
    pub kind: Box<DiagnosticKind>,
    /// Error or warning ([`DiagnosticKind::level`]).
    pub level: Level,
    /// The stable code ([`DiagnosticKind::code`]): `E01xx` syntax, `E02xx` names and
    /// attributes, `W02xx` and `W03xx` warnings, `E04xx` files, options and the system.
    pub code: &'static str,
    /// One sentence: what is wrong, with what was expected (the kind's `Display`).
    pub message: String,
    /// The places in the source, the primary one first. May be empty (an empty file, I/O).
    pub labels: Vec<Label>,
    /// What to do about it ([`DiagnosticKind::hint`]); always given.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `kind`, at no place yet (a file or a command line as a whole).
    pub fn new(kind: DiagnosticKind) -> Self {
        Diagnostic {
            level: kind.level(),
            code: kind.code(),
            message: kind.to_string(),
            help: Some(kind.hint()),
            labels: Vec::new(),
            kind: Box::new(kind),
        }
    }

    /// Places the diagnostic at `span`, labelled with the kind's text for its primary
    /// location ([`DiagnosticKind::label`]).
    pub fn at(self, span: Span) -> Self {
        self.labelled(span)
    }

    /// Adds the second place the kind speaks of (the first declaration of a duplicate, the
    /// end of the file for an unclosed brace…), labelled with the kind's text for it.
    pub fn and_at(self, span: Span) -> Self {
        self.labelled(span)
    }

    fn labelled(mut self, span: Span) -> Self {
        let message = self.kind.label(self.labels.len());
        self.labels.push(Label { span, message });
        self
    }

    /// Changes the kind with `f` (to add what is costly to find, such as a "did you mean",
    /// once it is known that the diagnostic is shown) and writes its texts again.
    pub fn refine(&mut self, f: impl FnOnce(&mut DiagnosticKind)) {
        f(&mut self.kind);
        self.message = self.kind.to_string();
        self.help = Some(self.kind.hint());
        for (i, label) in self.labels.iter_mut().enumerate() {
            label.message = self.kind.label(i);
        }
    }

    /// The primary location, if any.
    pub fn primary(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl From<DiagnosticKind> for Diagnostic {
    fn from(kind: DiagnosticKind) -> Self {
        Diagnostic::new(kind)
    }
}

/// Converts a byte offset into a 1-based `(line, column)`, the column counted in characters.
///
/// Offsets past the end map to the position just after the last character.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut offset = offset;
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// A finished miette diagnostic over one named source.
#[derive(Debug)]
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: miette::NamedSource<String>,
}

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.diagnostic.labels.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.diagnostic.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.diagnostic.labels.iter().enumerate().map(
            |(i, l)| {
                let text = (!l.message.is_empty()).then(|| l.message.clone());
                let span = (l.span.start, l.span.end - l.span.start);
                if i == 0 {
                    miette::LabeledSpan::new_primary_with_span(text, span)
                } else {
                    miette::LabeledSpan::new_with_span(text, span)
                }
            },
        )))
    }
}

/// Renders a diagnostic for a terminal or a log: a first line
/// `error[E0201]: FILE:LINE:COLUMN: message`, then the labelled source snippet and the hint.
///
/// `name` is the file name shown to the user (empty for a diagnostic about no file, such as a
/// command-line option: the first line is then `error[E0404]: message`); `color` turns ANSI
/// colours on.
pub fn render(diagnostic: &Diagnostic, name: &str, source: &str, color: bool) -> String {
    let mut out = String::new();
    let level = match diagnostic.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let location = match diagnostic.primary() {
        Some(span) => {
            let (line, column) = line_col(source, span.start);
            format!("{name}:{line}:{column}")
        }
        None => name.to_string(),
    };
    let _ = if location.is_empty() {
        writeln!(out, "{level}[{}]: {}", diagnostic.code, diagnostic.message)
    } else {
        writeln!(
            out,
            "{level}[{}]: {location}: {}",
            diagnostic.code, diagnostic.message
        )
    };
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
    let shown = Shown {
        diagnostic,
        source: miette::NamedSource::new(name, source.to_string()),
    };
    let mut snippet = String::new();
    if handler.render_report(&mut snippet, &shown).is_ok() {
        // miette heads its report with the message, which the first line already gives.
        let mut lines = snippet.lines();
        for line in lines.by_ref() {
            if line.contains('×') || line.contains('⚠') {
                break;
            }
        }
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The identifier among `candidates` closest to `name` (Jaro–Winkler similarity of at least
/// 0.8, or a Levenshtein distance of at most 2), for "did you mean" hints.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let jw = strsim::jaro_winkler(name, c);
        let lev = strsim::levenshtein(name, c);
        let score = if lev <= 2 { jw.max(0.85) } else { jw };
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let src = "ab\nçd\nx";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 5), (2, 2)); // after the two-byte ç
        assert_eq!(line_col(src, 100), (3, 2));
    }

    #[test]
    fn closest_suggests_near_names_only() {
        let names = ["web-01", "web-02", "database"];
        assert_eq!(closest("web-1", names), Some("web-01"));
        assert_eq!(closest("databse", names), Some("database"));
        assert_eq!(closest("zzz", names), None);
    }

    #[test]
    fn render_names_file_line_column_and_hint() {
        let d = Diagnostic::new(DiagnosticKind::Duplicate { name: "cde".into() })
            .at(Span::new(3, 6))
            .and_at(Span::new(0, 2));
        let text = render(&d, "x.arch", "ab\ncde\n", false);
        assert!(
            text.starts_with("error[E0202]: x.arch:2:1: `cde` is declared twice"),
            "{text}"
        );
        assert!(text.contains("rename one of them"), "{text}");
        assert!(text.contains("declared again here"), "{text}");
        assert!(text.contains("first declared here"), "{text}");
    }
}
