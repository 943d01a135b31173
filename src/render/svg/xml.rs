//! The document's writer, over the [`svg`] crate.
//!
//! Every element of the diagram is one of the crate's nodes ([`svg::Document`],
//! [`svg::node::element`]), and the crate escapes when it writes them: `&`, `<`, `>`, `"` and
//! `'` in attribute values, `&`, `<` and `>` in text. [`El`] is the only way to build them here,
//! and it adds what the crate leaves to its callers:
//! - characters that XML 1.0 cannot hold (control characters other than tab, line feed and
//!   carriage return, U+FFFE, U+FFFF) are dropped, and tab, line feed and carriage return become
//!   spaces, in every attribute value and text node ([`clean`]);
//! - numbers are written by [`super::num`] (at most two decimals), never by `f64`'s `Display`;
//! - element and attribute names are `&'static str`: no piece of user text can become markup.
//!
//! So escaping happens by construction: a caller hands over the raw text and cannot forget it.
//! The crate keeps attributes in a hash map but writes them sorted by name, so the bytes are
//! deterministic. It writes a line feed before every child element and before the end tag of an
//! element with element children, and no indentation.
//!
//! [`Writer`] streams the document: the elements that hold the whole drawing (the document,
//! the layers of container fills, links, containers, components and labels, the legend) are
//! opened and closed around their children, and each child is built, written and dropped in
//! turn, so that the crate's tree never holds more than one element of the drawing (a design of
//! 10,000 components has some 265,000 elements).
//!
//! The crate costs time: each attribute is a `String` key in a SipHash map and is written
//! through five passes of `str::replace`, so writing takes about two to three times as long as
//! with format strings (at 10,000 components, the SVG stage went from about 0.17 s to about
//! 0.35 s on the services generator, from about 0.11 s to about 0.25 s on the cloud one). To
//! save some of it, an icon's shapes, the same in every card of a kind, are written by the
//! crate once per diagram and reused as [`Markup`]; the document's buffer is sized up front;
//! numbers and path data are written without format strings.

use std::borrow::Cow;
use std::fmt::Write as _;

use svg::node::element::{self as el, Element};
use svg::node::{Blob, Node, Text, Value};

use super::{num, num_digits};

/// Text made fit for XML 1.0: tab, line feed and carriage return become spaces, and the other
/// characters XML cannot hold (the remaining C0 controls, U+FFFE, U+FFFF) are dropped. Markup
/// characters are left to the crate, which escapes them.
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    // U+FFFE and U+FFFF are encoded as EF BF BE and EF BF BF.
    if text.bytes().all(|b| b >= 0x20 && b != 0xEF) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A value an attribute can take: text (cleaned by [`clean`]) or a number (written by
/// [`num`]).
pub(super) trait AttrValue {
    /// The value as the crate holds it, before its escaping.
    fn into_value(self) -> Value;
}

// The crate copies every value it is given (`Value::from` is `to_string`), so values are
// handed over borrowed, and numbers are written on the stack.
impl AttrValue for &str {
    fn into_value(self) -> Value {
        Value::from(&*clean(self))
    }
}

impl AttrValue for &String {
    fn into_value(self) -> Value {
        self.as_str().into_value()
    }
}

impl AttrValue for String {
    fn into_value(self) -> Value {
        self.as_str().into_value()
    }
}

impl AttrValue for f64 {
    fn into_value(self) -> Value {
        let mut buf = [0; 24];
        match num_digits(self, &mut buf) {
            Some(text) => Value::from(text),
            None => Value::from(num(self)),
        }
    }
}

/// An element under construction: one of the crate's elements, with its attributes and
/// children.
#[derive(Debug)]
pub(super) struct El(Element);

impl El {
    /// `element`, with room for `attributes` attributes: the crate's map of attributes then
    /// grows once instead of two or three times.
    fn with_room(mut element: Element, attributes: usize) -> El {
        element.get_attributes_mut().reserve(attributes);
        El(element)
    }

    /// A `<g>`.
    pub(super) fn g() -> El {
        El::with_room(el::Group::new().into(), 5)
    }

    /// A `<rect>`.
    pub(super) fn rect() -> El {
        El::with_room(el::Rectangle::new().into(), 6)
    }

    /// A `<path>`.
    pub(super) fn path() -> El {
        El::with_room(el::Path::new().into(), 2)
    }

    /// A `<circle>`.
    pub(super) fn circle() -> El {
        El::with_room(el::Circle::new().into(), 4)
    }

    /// An element by its name, for the shapes of [`super::icons`] (`circle`, `ellipse`,
    /// `path`, `rect`).
    pub(super) fn shape(name: &'static str) -> El {
        El(Element::new(name))
    }

    /// A `<text>` holding `content`, on the same line as its tags (the crate's typed `Text`
    /// would put the content on a line of its own).
    pub(super) fn text(content: &str) -> El {
        El::with_room(el::Text::new(clean(content)).into(), 4)
    }

    /// A `<text>` holding `content` in class `class` with its baseline's start at (`x`, `y`)
    /// and a font of `size`, SVG user units.
    pub(super) fn text_at(content: &str, class: impl AttrValue, x: f64, y: f64, size: f64) -> El {
        El::text(content)
            .set("class", class)
            .set("x", x)
            .set("y", y)
            .set("font-size", size)
    }

    /// A `<rect>` in class `class` at (`x`, `y`), `width` by `height` with corners of radius
    /// `rx`, SVG user units.
    pub(super) fn rect_at(
        class: impl AttrValue,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        rx: f64,
    ) -> El {
        El::rect()
            .set("class", class)
            .set("x", x)
            .set("y", y)
            .set("width", width)
            .set("height", height)
            .set("rx", rx)
    }

    /// A `<title>` holding `content`: the document's title, or an element's tooltip.
    pub(super) fn title(content: &str) -> El {
        El(el::Title::new(clean(content)).into())
    }

    /// A `<desc>` holding `content`.
    pub(super) fn desc(content: &str) -> El {
        El(el::Description::new().add(Text::new(clean(content))).into())
    }

    /// A `<style>` holding the style sheet `css`.
    pub(super) fn style(css: &str) -> El {
        El(el::Style::new(clean(css)).into())
    }

    /// The document's root, `<svg xmlns="http://www.w3.org/2000/svg">`.
    pub(super) fn document() -> El {
        El(svg::Document::new().into())
    }

    /// Sets the attribute `name` (replacing an earlier value).
    pub(super) fn set(mut self, name: &'static str, value: impl AttrValue) -> El {
        self.0.assign(name, value.into_value());
        self
    }

    /// Sets the attribute `name` when `value` is `Some`.
    pub(super) fn set_some(self, name: &'static str, value: Option<impl AttrValue>) -> El {
        match value {
            Some(v) => self.set(name, v),
            None => self,
        }
    }

    /// Appends a child.
    pub(super) fn add(mut self, child: El) -> El {
        self.push(child);
        self
    }

    /// Appends a child.
    pub(super) fn push(&mut self, child: El) {
        self.0.append(child.0);
    }

    /// Appends children that an earlier [`El::to_markup`] wrote.
    pub(super) fn push_markup(&mut self, markup: &Markup) {
        self.0.append(Blob::new(markup.0.clone()));
    }

    /// Writes the element's children as they would be written inside it, for reuse by
    /// [`El::push_markup`] (an icon's shapes, the same in every card of a kind).
    pub(super) fn to_markup(&self) -> Markup {
        let mut out = String::new();
        for (i, child) in self.0.get_children().iter().enumerate() {
            // The line feeds the crate writes between children.
            if i > 0 {
                out.push('\n');
            }
            let _ = write!(out, "{child}");
        }
        Markup(out)
    }
}

/// Children written by the crate, kept to be written again ([`El::to_markup`]); only the crate
/// makes one, so it holds nothing unescaped.
#[derive(Clone, Debug)]
pub(super) struct Markup(String);

/// The document as it is written: a stack of open elements, into which whole elements are
/// written one after the other.
#[derive(Debug)]
pub(super) struct Writer {
    out: String,
    open: Vec<String>,
}

impl Writer {
    /// An empty document of about `capacity` bytes.
    pub(super) fn with_capacity(capacity: usize) -> Writer {
        Writer {
            out: String::with_capacity(capacity),
            open: Vec::new(),
        }
    }

    /// Writes the start tag of `element`, which has no children: what is written until the
    /// matching [`Writer::close`] are its children.
    pub(super) fn open(&mut self, element: El) {
        debug_assert!(element.0.get_children().is_empty());
        let _ = write!(self.out, "{}", element.0);
        // The crate writes an element without children as one empty-element tag, `<g …/>`.
        if self.out.ends_with("/>") {
            self.out.truncate(self.out.len() - 2);
            self.out.push('>');
        }
        self.out.push('\n');
        self.open.push(element.0.get_name().to_string());
    }

    /// Writes the end tag of the element opened last.
    pub(super) fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push_str(">\n");
        }
    }

    /// Writes a whole element, then a line feed.
    pub(super) fn write(&mut self, element: El) {
        let _ = writeln!(self.out, "{}", element.0);
    }

    /// The document, with every element still open closed.
    pub(super) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_cleaned() {
        let hostile = "<a href=\"x\">&'\u{0}\n]]>";
        let e = El::g()
            .set("data-id", hostile)
            .add(El::text(hostile).set("x", 1.234));
        let mut w = Writer::with_capacity(0);
        w.write(e);
        assert_eq!(
            w.finish(),
            "<g data-id=\"&lt;a href=&quot;x&quot;&gt;&amp;&apos; ]]&gt;\">\n\
             <text x=\"1.23\">&lt;a href=\"x\"&gt;&amp;' ]]&gt;</text>\n</g>\n"
        );
    }

    #[test]
    fn attributes_are_written_in_name_order() {
        let mut w = Writer::with_capacity(0);
        w.write(El::rect().set("y", 2.0).set("x", 1.0).set("class", "c"));
        assert_eq!(w.finish(), "<rect class=\"c\" x=\"1\" y=\"2\"/>\n");
    }

    #[test]
    fn open_elements_take_the_children_written_after_them() {
        let mut w = Writer::with_capacity(0);
        w.open(El::g().set("id", "a"));
        w.write(El::circle().set("r", 1.0));
        w.open(El::g());
        let out = w.finish();
        assert_eq!(out, "<g id=\"a\">\n<circle r=\"1\"/>\n<g>\n</g>\n</g>\n");
        assert!(roxmltree::Document::parse(&out).is_ok());
    }

    #[test]
    fn reused_markup_is_the_crates_own() {
        let shapes = El::g()
            .add(El::shape("ellipse").set("rx", "3 & 4"))
            .add(El::path());
        let markup = shapes.to_markup();
        let mut g = El::g();
        g.push_markup(&markup);
        let (mut a, mut b) = (Writer::with_capacity(0), Writer::with_capacity(0));
        a.write(g);
        b.write(shapes);
        let out = a.finish();
        assert_eq!(out, "<g>\n<ellipse rx=\"3 &amp; 4\"/>\n<path/>\n</g>\n");
        assert_eq!(out, b.finish());
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(clean("Tom & Jerry"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{7}b\u{FFFF}\tc"), "ab c");
        assert_eq!(clean("é ü →"), "é ü →");
    }
}
