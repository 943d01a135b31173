//! The syntax stage: the pest grammar (`grammar/arch.pest`), the AST and syntax errors.
//!
//! [`parse`] turns source text into an [`ast::File`] and the syntax diagnostics. It recovers at
//! statement level: a statement that does not parse is reported, and the rest of the file is
//! still parsed, so independent errors are all reported in one run. It runs in linear time on
//! any input, and [`limits`] bounds what an input may hold.

pub mod ast;
pub mod limits;
mod parser;

pub use parser::parse;

/// The statement keywords, which cannot be identifiers (the language reference, "Identifiers").
pub const RESERVED: [&str; 5] = ["title", "description", "direction", "allow", "on"];
