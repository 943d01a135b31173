//! The design write-up in Markdown: the paths that the CLI, the diff, the book and the
//! documentation use. The write-up itself lives in [`super::writeup`]; this module re-exports
//! its Markdown renderer, its options and its escaping functions.

pub use super::writeup::{
    code, description_paragraph, escape, markdown, message, safe_link_target, Detail, DocOptions,
    Markdown,
};
