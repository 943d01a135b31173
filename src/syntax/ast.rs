//! The abstract syntax tree of an `.arch` file. Every node keeps the [`Span`] of its text.

use crate::diagnostic::Span;

/// An identifier as written, with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The identifier's text.
    pub name: String,
    /// Where it stands in the source.
    pub span: Span,
}

/// A string literal after unescaping, with the span of the whole literal (quotes included).
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    /// The unescaped text.
    pub value: String,
    /// Where the literal stands in the source.
    pub span: Span,
}

/// An attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// `"text"`.
    Str(String),
    /// An identifier-shaped word: `roundrobin`, `true`, `db-1`.
    Word(String),
    /// A number: `3`, `2.5`.
    Number(f64),
    /// A percentage, as written (`99.95%` is `99.95`).
    Percent(f64),
    /// A dotted IPv4 address, as written.
    Ipv4(String),
    /// `[value, ...]`.
    List(Vec<Value>),
    /// A range of whole numbers, `2..6` (minimum, maximum as written).
    Range(u64, u64),
}

/// A value with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// What the value is.
    pub kind: ValueKind,
    /// Where it stands in the source.
    pub span: Span,
}

impl Value {
    /// The value as it would be written in a `.arch` file (strings re-escaped).
    pub fn to_source(&self) -> String {
        match &self.kind {
            ValueKind::Str(s) => quote(s),
            ValueKind::Word(w) => w.clone(),
            ValueKind::Number(n) => format_number(*n),
            ValueKind::Percent(p) => format!("{}%", format_number(*p)),
            ValueKind::Ipv4(a) => a.clone(),
            ValueKind::Range(lo, hi) => format!("{lo}..{hi}"),
            ValueKind::List(items) => {
                let inner: Vec<String> = items.iter().map(Value::to_source).collect();
                format!("[{}]", inner.join(", "))
            }
        }
    }

    /// The value as plain text (strings unquoted, lists joined with `, `).
    pub fn to_text(&self) -> String {
        match &self.kind {
            ValueKind::Str(s) => s.clone(),
            ValueKind::List(items) => items
                .iter()
                .map(Value::to_text)
                .collect::<Vec<_>>()
                .join(", "),
            _ => self.to_source(),
        }
    }
}

/// Formats a number without a trailing `.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Writes `s` as an `.arch` string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `key = value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// The key.
    pub key: Ident,
    /// The value.
    pub value: Value,
    /// The whole attribute.
    pub span: Span,
}

/// `KIND ID ["LABEL"] [{ BODY }]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Declaration {
    /// The kind as written (checked by the model).
    pub kind: Ident,
    /// The element's identifier.
    pub id: Ident,
    /// The quoted label, if any.
    pub label: Option<Str>,
    /// The body's items, in source order (empty without a body).
    pub body: Vec<Item>,
    /// Whether a `{ }` body was written.
    pub has_body: bool,
    /// The whole declaration.
    pub span: Span,
}

/// One endpoint of a link step: an identifier, or alternatives joined by `|` (`web-1 | web-2`).
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// The identifiers, in source order; more than one means alternatives.
    pub alternatives: Vec<Ident>,
    /// Where the endpoint stands in the source.
    pub span: Span,
}

/// Which arrow joins two steps of a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    /// `->`: the link carries requests.
    Request,
    /// `~>`: the link carries no requests (telemetry, control, backups).
    NonRequest,
}

impl Arrow {
    /// The arrow as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Arrow::Request => "->",
            Arrow::NonRequest => "~>",
        }
    }
}

/// `A, B -> C -> D : PROTOCOL "LABEL" { ATTRIBUTES }`.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkStmt {
    /// Each step of the chain: a list of endpoints. At least two steps.
    pub chain: Vec<Vec<Endpoint>>,
    /// The arrow between step `i` and step `i + 1` (one fewer than the steps).
    pub arrows: Vec<Arrow>,
    /// The protocol word after `:`.
    pub protocol: Option<Ident>,
    /// The quoted label.
    pub label: Option<Str>,
    /// The body's items (only attributes are valid; the model checks).
    pub body: Vec<Item>,
    /// Whether a `{ }` body was written.
    pub has_body: bool,
    /// The whole statement.
    pub span: Span,
}

/// `allow RULE [on ID, ...] "REASON"`.
#[derive(Clone, Debug, PartialEq)]
pub struct AllowStmt {
    /// The rule name.
    pub rule: Ident,
    /// The elements it applies to (empty: every element).
    pub on: Vec<Ident>,
    /// Why the finding is accepted.
    pub reason: Str,
    /// The whole statement.
    pub span: Span,
}

/// One statement or body item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `title "…"`.
    Title(Str, Span),
    /// `description "…"`.
    Description(Str, Span),
    /// `direction down|right`.
    Direction(Ident, Span),
    /// `allow …`.
    Allow(AllowStmt),
    /// A component or container.
    Declaration(Declaration),
    /// One link statement (possibly many links).
    Link(LinkStmt),
    /// `key = value`.
    Attribute(Attribute),
}

impl Item {
    /// The span of the whole item.
    pub fn span(&self) -> Span {
        match self {
            Item::Title(_, s) | Item::Description(_, s) | Item::Direction(_, s) => *s,
            Item::Allow(a) => a.span,
            Item::Declaration(d) => d.span,
            Item::Link(l) => l.span,
            Item::Attribute(a) => a.span,
        }
    }
}

/// A whole parsed file: its top-level items in source order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    /// Top-level items.
    pub items: Vec<Item>,
}
