//! Diagnostics: the one error and warning type that every stage produces.
//!
//! A [`Diagnostic`] carries a stable code (`E0101`, `W0301`…), a message, labelled byte spans of
//! the source and an optional hint. [`render`] prints it with a source snippet through miette,
//! headed by `file:line:column`, so every error the user can cause names where it is, what was
//! expected and what to do.

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// A stable code: `E01xx` syntax, `E02xx` names and attributes, `W03xx` review warnings,
    /// `E04xx` input/output.
    pub code: &'static str,
    /// One sentence: what is wrong, with what was expected.
    pub message: String,
    /// The places in the source, the primary one first. May be empty (an empty file, I/O).
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error with the given code and message, and no labels yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// A new warning with the given code and message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Adds a labelled span (the first one added is the primary location).
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
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
/// `name` is the file name shown to the user; `color` turns ANSI colours on.
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
    let _ = writeln!(
        out,
        "{level}[{}]: {location}: {}",
        diagnostic.code, diagnostic.message
    );
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
        let d = Diagnostic::error("E0001", "bad thing")
            .with_label(Span::new(3, 6), "here")
            .with_help("do better");
        let text = render(&d, "x.arch", "ab\ncde\n", false);
        assert!(
            text.starts_with("error[E0001]: x.arch:2:1: bad thing"),
            "{text}"
        );
        assert!(text.contains("do better"), "{text}");
        assert!(text.contains("here"), "{text}");
    }
}
