//! How an element is named in prose, for every output that writes sentences about a design
//! (the write-up, the diff).
//!
//! A name is the element's label followed by its identifier, `MySQL (`db-1`)`, or the
//! identifier alone when the label is the identifier; [`name_on`] adds the host the element
//! runs on, `MySQL (`db-1`) on Server 1 (`web-01`)`. The model decides the shape of a name; a
//! [`Spelling`] decides how its two kinds of text are written, so that the Markdown outputs
//! escape the label and put the identifier in a code span, while plain text prints them as
//! they are.
//!
//! ```
//! use archc::model::naming::{name, name_on, Plain};
//! let m = archc::compile("host web-01 \"Server 1\" { database db-1 \"MySQL\" }", "x").unwrap().model;
//! let db = m.find("db-1").unwrap();
//! assert_eq!(name(&m, db, &Plain), "MySQL (`db-1`)");
//! assert_eq!(name_on(&m, db, &Plain), "MySQL (`db-1`) on Server 1 (`web-01`)");
//! ```

use super::{ElementId, Model};

/// How the two parts of a name are written: user text (a label) and an identifier.
pub trait Spelling {
    /// A label as it appears in the output (Markdown: escaped).
    fn text(&self, text: &str) -> String;
    /// An identifier as it appears in the output (Markdown: a code span).
    fn id(&self, id: &str) -> String;
}

/// Plain text: labels as they are, identifiers in backticks (as the review's messages write
/// them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plain;

impl Spelling for Plain {
    fn text(&self, text: &str) -> String {
        text.to_string()
    }
    fn id(&self, id: &str) -> String {
        format!("`{id}`")
    }
}

/// `Label (`id`)`, or `` `id` `` when the label is the identifier.
pub fn name(model: &Model, id: ElementId, spell: &impl Spelling) -> String {
    let e = model.element(id);
    if e.label == e.id {
        spell.id(&e.id)
    } else {
        format!("{} ({})", spell.text(&e.label), spell.id(&e.id))
    }
}

/// The [`name`], followed by ` on HOST` when the element is inside a host.
pub fn name_on(model: &Model, id: ElementId, spell: &impl Spelling) -> String {
    match model.host_of(id) {
        Some(h) => format!("{} on {}", name(model, id, spell), name(model, h, spell)),
        None => name(model, id, spell),
    }
}

/// The [`name`], followed by ` on HOST` only when the element's host differs from `from`'s
/// (a sentence about `from` need not repeat the host they share).
pub fn name_from(model: &Model, id: ElementId, from: ElementId, spell: &impl Spelling) -> String {
    match model.host_of(id) {
        Some(h) if model.host_of(from) != Some(h) => {
            format!("{} on {}", name(model, id, spell), name(model, h, spell))
        }
        _ => name(model, id, spell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Brackets;
    impl Spelling for Brackets {
        fn text(&self, text: &str) -> String {
            format!("<{text}>")
        }
        fn id(&self, id: &str) -> String {
            format!("[{id}]")
        }
    }

    #[test]
    fn names_follow_the_label_the_host_and_the_spelling() {
        let m = crate::compile(
            "client user\nhost h \"Box\" { web_server w \"Nginx\"\ndatabase d \"DB\" }\nservice s \"S\"",
            "t",
        )
        .unwrap()
        .model;
        let id = |n: &str| m.find(n).unwrap();
        assert_eq!(name(&m, id("user"), &Plain), "`user`");
        assert_eq!(name(&m, id("w"), &Brackets), "<Nginx> ([w])");
        assert_eq!(
            name_on(&m, id("w"), &Brackets),
            "<Nginx> ([w]) on <Box> ([h])"
        );
        assert_eq!(name_on(&m, id("s"), &Plain), "S (`s`)");
        assert_eq!(name_from(&m, id("d"), id("w"), &Plain), "DB (`d`)");
        assert_eq!(
            name_from(&m, id("d"), id("s"), &Plain),
            "DB (`d`) on Box (`h`)"
        );
    }
}
