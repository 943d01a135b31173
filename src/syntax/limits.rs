//! The limits on an input, and the diagnostics that report them.
//!
//! Each limit keeps a hostile or broken input from taking unbounded time or memory (or, for
//! nesting, the stack), and is set far above what a person writes: the largest shipped
//! example has 3 levels of nesting and 40 declarations. The language reference
//! (`docs/src/reference/language.md`, "Limits") lists them with their codes.

use crate::diagnostic::{Diagnostic, DiagnosticKind, Span};

/// The largest input, in bytes: 16 MiB (`E0110`).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// How deep blocks `{ }` and the lists `[ ]` inside them may nest, counted together (`E0108`).
/// A zone holding a cluster of hosts with components is 4 levels deep.
pub const MAX_DEPTH: usize = 64;

/// The most declarations (`KIND ID ...`) in one file, at any depth (`E0111`).
pub const MAX_DECLARATIONS: usize = 100_000;

/// The most statements (declarations, links, attributes and the others) in one file, at any
/// depth (`E0112`).
pub const MAX_STATEMENTS: usize = 1_000_000;

/// The most errors reported for one file (syntax errors, or else the model's); the rest are
/// counted in one `E0109`.
pub const MAX_ERRORS: usize = 100;

/// `E0110`: an input of `len` bytes is larger than [`MAX_INPUT_BYTES`]. Points at the first
/// byte past the limit.
pub fn too_large(len: usize) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::InputTooLarge {
        len,
        max: MAX_INPUT_BYTES,
    })
    .at(Span::new(MAX_INPUT_BYTES, MAX_INPUT_BYTES))
}

/// `E0108`: the `{` or `[` at byte `at` opens a level deeper than [`MAX_DEPTH`].
pub fn too_deep(at: usize) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::TooDeep { max: MAX_DEPTH }).at(Span::new(at, at + 1))
}

/// `E0111`: the declaration at `span` is one more than `max` ([`MAX_DECLARATIONS`]).
pub fn too_many_declarations(span: Span, max: usize) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::TooManyDeclarations { max }).at(span)
}

/// `E0112`: the statement at `span` is one more than `max` ([`MAX_STATEMENTS`]).
pub fn too_many_statements(span: Span, max: usize) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::TooManyStatements { max }).at(span)
}

/// `E0109`: `more` errors after the first [`MAX_ERRORS`] are not shown; `at` is where the
/// first of them is.
pub fn too_many_errors(at: Span, more: usize) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::TooManyErrors {
        more,
        shown: MAX_ERRORS,
    })
    .at(at)
}
