//! The pest parser and the builder from pest pairs to the AST.

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::*;
use super::{limits, RESERVED};
use crate::diagnostic::{Context, Diagnostic, DiagnosticKind, Expected, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/arch.pest"]
struct ArchParser;

/// Parses `.arch` source text.
///
/// Returns the AST of everything that parsed and the syntax errors, in source order. The AST is
/// only meaningful when no error is returned. Errors: `E0100` empty file, `E0101` unexpected
/// token, `E0102` unterminated string, `E0103` bad escape, `E0104` reserved word used as an
/// identifier, `E0105` unclosed `{` (one per brace, at the brace), `E0106` bad IPv4 address,
/// `E0107` bad range, and the limits of [`super::limits`]: `E0108` nesting too deep, `E0109`
/// too many errors, `E0110` input too large, `E0111` too many declarations, `E0112` too many
/// statements.
///
/// Runs in time linear in the length of `source`, however it is broken: the braces are
/// matched first, in one pass that sees strings and comments as the grammar does; every `{`
/// that is never closed is reported and blanked out, so the grammar only meets balanced
/// braces, and its shape (see `grammar/arch.pest`) then never parses a block twice.
pub fn parse(source: &str) -> (File, Vec<Diagnostic>) {
    parse_within(source, Counts::LIMITS)
}

/// The limits on the number of statements, as [`parse`] applies them (smaller in tests).
#[derive(Clone, Copy, Debug)]
struct Counts {
    declarations: usize,
    statements: usize,
}

impl Counts {
    const LIMITS: Counts = Counts {
        declarations: limits::MAX_DECLARATIONS,
        statements: limits::MAX_STATEMENTS,
    };
}

fn parse_within(source: &str, max: Counts) -> (File, Vec<Diagnostic>) {
    if source.len() > limits::MAX_INPUT_BYTES {
        return (File::default(), vec![limits::too_large(source.len())]);
    }
    let brackets = match_brackets(source);
    let mut diagnostics: Vec<Diagnostic> = brackets
        .unclosed
        .iter()
        .map(|&open| unclosed_diagnostic(open, source.len()))
        .collect();
    if let Some(at) = brackets.too_deep {
        diagnostics.push(limits::too_deep(at));
        return (File::default(), finish(diagnostics));
    }
    // The unclosed braces, blanked out: the grammar sees balanced braces at the same offsets.
    let repaired;
    let text = if brackets.unclosed.is_empty() {
        source
    } else {
        let mut bytes = source.as_bytes().to_vec();
        for &open in &brackets.unclosed {
            bytes[open] = b' ';
        }
        repaired = String::from_utf8(bytes).expect("an ASCII byte replaced by an ASCII byte");
        &repaired
    };
    let pairs = match ArchParser::parse(Rule::file, text) {
        Ok(mut pairs) => pairs.next().expect("the file rule yields one pair"),
        Err(e) => {
            // The grammar accepts any text with balanced braces (failed lines become `bad_*`),
            // so this is only a safety net.
            let pos = match e.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            diagnostics.push(Diagnostic::new(DiagnosticKind::Unparsable).at(Span::new(pos, pos)));
            return (File::default(), finish(diagnostics));
        }
    };
    let mut builder = Builder {
        source: text,
        diagnostics: &mut diagnostics,
        declarations: 0,
        statements: 0,
        max,
        full: false,
    };
    let items = builder.items(pairs.into_inner());
    let file = File { items };
    if file.items.is_empty() && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::new(DiagnosticKind::EmptyFile));
    }
    (file, finish(diagnostics))
}

/// Sorts the diagnostics by position (start, then end of the primary span; stable, so two at
/// one place keep the order they were found in), drops a diagnostic identical to the one
/// before it (two recoveries can meet one error), and keeps the first
/// [`limits::MAX_ERRORS`] (`E0109` in place of the others).
fn finish(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| d.primary().map(|s| (s.start, s.end)));
    diagnostics.dedup();
    if diagnostics.len() > limits::MAX_ERRORS {
        let more = diagnostics.len() - limits::MAX_ERRORS;
        let at = diagnostics[limits::MAX_ERRORS]
            .primary()
            .unwrap_or_default();
        diagnostics.truncate(limits::MAX_ERRORS);
        diagnostics.push(limits::too_many_errors(at, more));
    }
    diagnostics
}

/// `E0105`: the `{` at `open` is never closed in a source of `len` bytes.
fn unclosed_diagnostic(open: usize, len: usize) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::UnclosedBrace)
        .at(Span::new(open, open + 1))
        .and_at(Span::new(len, len))
}

/// What [`match_brackets`] found.
#[derive(Debug, Default, PartialEq, Eq)]
struct Brackets {
    /// The offsets of the `{` that are never closed, in source order.
    unclosed: Vec<usize>,
    /// The offset of the first `{` or `[` nested deeper than [`limits::MAX_DEPTH`].
    too_deep: Option<usize>,
}

/// Matches the braces of `source` in one pass, seeing strings and comments exactly as the
/// grammar does: a comment runs from `#` to the end of the line; a string from `"` to the
/// next `"` that no `\` escapes, or to the end of its line (`\n`, `\r`); a `\` escapes any
/// character but a line break. A `}` with no `{` open is left to the grammar (it reports it).
///
/// Also measures nesting: blocks and the lists inside them count together, and a list's depth
/// restarts at each brace (a list cannot hold a block).
fn match_brackets(source: &str) -> Brackets {
    let bytes = source.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut lists = 0usize;
    let mut too_deep = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                i += 1;
                while let Some(&b) = bytes.get(i) {
                    match b {
                        b'\n' | b'\r' => break,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\\' if !matches!(bytes.get(i + 1), None | Some(b'\n' | b'\r')) => i += 2,
                        _ => i += 1,
                    }
                }
                continue;
            }
            b'{' => {
                open.push(i);
                lists = 0;
            }
            b'}' => {
                open.pop();
                lists = 0;
            }
            b'[' => lists += 1,
            b']' => lists = lists.saturating_sub(1),
            _ => {}
        }
        if matches!(bytes[i], b'{' | b'[')
            && open.len() + lists > limits::MAX_DEPTH
            && too_deep.is_none()
        {
            too_deep = Some(i);
        }
        i += 1;
    }
    Brackets {
        unclosed: open,
        too_deep,
    }
}

struct Builder<'s, 'd> {
    source: &'s str,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Declarations so far, at any depth.
    declarations: usize,
    /// Statements so far (declarations, links, attributes...), at any depth.
    statements: usize,
    /// The limits on both counts.
    max: Counts,
    /// Whether a limit on the number of statements was reached: nothing more is built.
    full: bool,
}

impl Builder<'_, '_> {
    fn items<'i>(&mut self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<Item> {
        let mut items = Vec::new();
        // The start of the last statement and whether it has a block, for its tail.
        let mut last: Option<(usize, bool)> = None;
        for pair in pairs {
            if self.full {
                break;
            }
            match pair.as_rule() {
                Rule::bad_top | Rule::bad_body => {
                    self.explain_bad(pair.as_span().start(), None);
                    last = None;
                }
                Rule::top_tail | Rule::body_tail => {
                    let tail = pair.as_span().start();
                    match last {
                        Some((_, true)) => self.unexpected_after_block(tail),
                        Some((start, false)) => self.explain_bad(start, Some(tail)),
                        None => self.explain_bad(tail, None),
                    }
                }
                Rule::EOI => {}
                _ => {
                    let start = pair.as_span().start();
                    let has_block = pair.clone().into_inner().any(|p| p.as_rule() == Rule::body);
                    if self.count(&pair) {
                        items.push(self.item(pair));
                    }
                    last = Some((start, has_block));
                }
            }
        }
        items
    }

    /// Counts a statement against the limits; `false` (and `E0111` or `E0112`, once) when it
    /// is one too many.
    fn count(&mut self, pair: &Pair<'_, Rule>) -> bool {
        self.statements += 1;
        let span = Span::from(pair.as_span());
        if pair.as_rule() == Rule::declaration {
            self.declarations += 1;
            if self.declarations > self.max.declarations {
                self.diagnostics
                    .push(limits::too_many_declarations(span, self.max.declarations));
                self.full = true;
                return false;
            }
        }
        if self.statements > self.max.statements {
            self.diagnostics
                .push(limits::too_many_statements(span, self.max.statements));
            self.full = true;
            return false;
        }
        true
    }

    /// `E0101` for what follows a statement that ends with a block.
    fn unexpected_after_block(&mut self, at: usize) {
        let found = token_at(&self.source[at..]);
        self.diagnostics.push(
            Diagnostic::new(DiagnosticKind::ExpectedToken {
                expected: vec![Expected::LineEnd],
                found: found_token(found),
                context: Context::AfterBlock,
            })
            .at(Span::new(at, at + found.len().max(1))),
        );
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Item {
        let span = Span::from(pair.as_span());
        let rule = pair.as_rule();
        let mut inner = pair.into_inner().filter(|p| {
            !matches!(
                p.as_rule(),
                Rule::kw_title
                    | Rule::kw_description
                    | Rule::kw_direction
                    | Rule::kw_allow
                    | Rule::kw_on
            )
        });
        match rule {
            Rule::title => Item::Title(self.string(inner.next().unwrap()), span),
            Rule::description => Item::Description(self.string(inner.next().unwrap()), span),
            Rule::direction => Item::Direction(self.ident(inner.next().unwrap()), span),
            Rule::allow => {
                let rule = ident_of(inner.next().unwrap());
                let mut on = Vec::new();
                let mut reason = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::ident_list => on = self.ident_list(p),
                        Rule::string => reason = Some(self.string(p)),
                        _ => {}
                    }
                }
                Item::Allow(AllowStmt {
                    rule,
                    on,
                    reason: reason.expect("the grammar requires a reason"),
                    span,
                })
            }
            Rule::declaration => {
                let kind = self.ident(inner.next().unwrap());
                let id = self.ident(inner.next().unwrap());
                let mut label = None;
                let mut body = Vec::new();
                let mut has_body = false;
                for p in inner {
                    match p.as_rule() {
                        Rule::string => label = Some(self.string(p)),
                        Rule::body => {
                            has_body = true;
                            body = self.items(p.into_inner());
                        }
                        _ => {}
                    }
                }
                Item::Declaration(Declaration {
                    kind,
                    id,
                    label,
                    body,
                    has_body,
                    span,
                })
            }
            Rule::link => {
                let mut chain = Vec::new();
                let mut arrows = Vec::new();
                let mut protocol = None;
                let mut label = None;
                let mut body = Vec::new();
                let mut has_body = false;
                for p in inner {
                    match p.as_rule() {
                        Rule::endpoints => chain.push(self.endpoints(p)),
                        Rule::arrow => arrows.push(if p.as_str() == "~>" {
                            Arrow::NonRequest
                        } else {
                            Arrow::Request
                        }),
                        Rule::ident => protocol = Some(ident_of(p)),
                        Rule::string => label = Some(self.string(p)),
                        Rule::body => {
                            has_body = true;
                            body = self.items(p.into_inner());
                        }
                        _ => {}
                    }
                }
                Item::Link(LinkStmt {
                    chain,
                    arrows,
                    protocol,
                    label,
                    body,
                    has_body,
                    span,
                })
            }
            Rule::attribute => {
                let key = ident_of(inner.next().unwrap());
                let value = self.value(inner.next().unwrap());
                Item::Attribute(Attribute { key, value, span })
            }
            other => unreachable!("not an item: {other:?}"),
        }
    }

    fn endpoints(&mut self, pair: Pair<'_, Rule>) -> Vec<Endpoint> {
        pair.into_inner()
            .map(|p| Endpoint {
                span: Span::from(p.as_span()),
                alternatives: p.into_inner().map(|i| self.ident(i)).collect(),
            })
            .collect()
    }

    fn ident_list(&mut self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        pair.into_inner().map(|p| self.ident(p)).collect()
    }

    /// An identifier in a position where reserved words are not allowed.
    fn ident(&mut self, pair: Pair<'_, Rule>) -> Ident {
        let ident = ident_of(pair);
        if RESERVED.contains(&ident.name.as_str()) {
            self.diagnostics.push(
                Diagnostic::new(DiagnosticKind::ReservedWord {
                    word: ident.name.clone(),
                    reserved: &RESERVED,
                })
                .at(ident.span),
            );
        }
        ident
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = Span::from(pair.as_span());
        let text = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::string => ValueKind::Str(self.string(pair).value),
            Rule::word => ValueKind::Word(text.to_string()),
            Rule::number => ValueKind::Number(text.parse().unwrap_or(0.0)),
            Rule::percentage => ValueKind::Percent(text[..text.len() - 1].parse().unwrap_or(0.0)),
            Rule::ipv4 => {
                if text
                    .split('.')
                    .any(|o| o.parse::<u16>().map_or(true, |v| v > 255))
                {
                    self.diagnostics.push(
                        Diagnostic::new(DiagnosticKind::BadIpv4 { text: text.into() }).at(span),
                    );
                }
                ValueKind::Ipv4(text.to_string())
            }
            Rule::range => {
                let (lo, hi) = text.split_once("..").unwrap_or((text, text));
                match (lo.parse::<u64>(), hi.parse::<u64>()) {
                    (Ok(lo), Ok(hi)) => ValueKind::Range(lo, hi),
                    _ => {
                        self.diagnostics.push(
                            Diagnostic::new(DiagnosticKind::BadRange { text: text.into() })
                                .at(span),
                        );
                        ValueKind::Range(0, 0)
                    }
                }
            }
            Rule::list => ValueKind::List(pair.into_inner().map(|p| self.value(p)).collect()),
            other => unreachable!("not a value: {other:?}"),
        };
        Value { kind, span }
    }

    fn string(&mut self, pair: Pair<'_, Rule>) -> Str {
        let span = Span::from(pair.as_span());
        let mut inner = pair.into_inner();
        let body = inner.next().unwrap();
        let end = inner.next().unwrap();
        if end.as_str().is_empty() {
            self.diagnostics
                .push(Diagnostic::new(DiagnosticKind::UnterminatedString).at(span));
        }
        let mut value = String::new();
        let raw = body.as_str();
        let base = body.as_span().start();
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            let rest = &raw[i + 1..];
            let (decoded, len) = match rest.chars().next() {
                Some('"') => (Some('"'), 1),
                Some('\\') => (Some('\\'), 1),
                Some('n') => (Some('\n'), 1),
                Some('t') => (Some('\t'), 1),
                Some('u') if rest.starts_with("u{") => match rest.find('}') {
                    Some(close) => (
                        u32::from_str_radix(&rest[2..close], 16)
                            .ok()
                            .and_then(char::from_u32),
                        close + 1,
                    ),
                    None => (None, rest.len()),
                },
                Some(c) => (None, c.len_utf8()),
                None => (None, 0),
            };
            match decoded {
                Some(d) => value.push(d),
                None => {
                    let escape = raw.get(i..i + 1 + len).unwrap_or("\\").to_string();
                    self.diagnostics.push(
                        Diagnostic::new(DiagnosticKind::UnknownEscape { escape })
                            .at(Span::new(base + i, base + i + 1 + len)),
                    )
                }
            }
            for _ in 0..len {
                chars.next();
            }
        }
        Str { value, span }
    }

    /// Explains why the statement starting at `start` did not parse, by parsing it on its own
    /// (a statement without a block: a line, or a list over a few lines). `tail` is where the
    /// unexpected text after a statement that parsed begins, when there is one.
    fn explain_bad(&mut self, start: usize, tail: Option<usize>) {
        let rest = &self.source[start..];
        let error = match ArchParser::parse(Rule::statement_only, rest) {
            Ok(_) => {
                // It parses alone, so what follows it is wrong (e.g. a stray `}`).
                let at = tail.unwrap_or(start);
                let token = token_at(&self.source[at..]);
                self.diagnostics.push(
                    Diagnostic::new(DiagnosticKind::UnexpectedToken {
                        found: found_token(token),
                    })
                    .at(Span::new(at, at + token.len().max(1))),
                );
                return;
            }
            Err(e) => e,
        };
        let pos = match error.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        let positives = match &error.variant {
            pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
            pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
        };
        let at = start + pos;
        let found = token_at(&self.source[at..]);
        let context = if rest.trim_start().starts_with('}') {
            Context::StrayBrace
        } else if found.starts_with('"') {
            Context::SecondLabel
        } else {
            Context::Statement
        };
        self.diagnostics.push(
            Diagnostic::new(DiagnosticKind::ExpectedToken {
                expected: expected_of(&positives),
                found: found_token(found),
                context,
            })
            .at(Span::new(
                at,
                at + found.len().max(if found.is_empty() { 0 } else { 1 }),
            )),
        );
    }
}

fn ident_of(pair: Pair<'_, Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: Span::from(pair.as_span()),
    }
}

/// The token at the start of `text`: a word, a string start, or one character; empty at the
/// end of a line or of the file.
fn token_at(text: &str) -> &str {
    let text = text.trim_start_matches([' ', '\t']);
    let Some(first) = text.chars().next() else {
        return "";
    };
    if first == '\n' || first == '\r' {
        return "";
    }
    if first.is_ascii_alphanumeric() || first == '_' {
        let end = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(text.len());
        return &text[..end];
    }
    if text.starts_with("->") || text.starts_with("~>") {
        return &text[..2];
    }
    &text[..first.len_utf8()]
}

/// A token for a diagnostic: `None` at the end of a line.
fn found_token(token: &str) -> Option<String> {
    (!token.is_empty()).then(|| token.to_string())
}

/// What the grammar rules in `positives` stand for, in order and without repeats (a
/// statement when none is known).
fn expected_of(positives: &[Rule]) -> Vec<Expected> {
    let mut out: Vec<Expected> = Vec::new();
    for r in positives {
        let e = match r {
            Rule::ident | Rule::ident_list | Rule::word => Expected::Identifier,
            Rule::string | Rule::str_end => Expected::String,
            Rule::body => Expected::Block,
            Rule::arrow => Expected::Arrow,
            Rule::endpoints | Rule::endpoint => Expected::Identifier,
            Rule::value | Rule::list | Rule::number | Rule::percentage | Rule::ipv4 => {
                Expected::Value
            }
            Rule::EOI => Expected::LineEnd,
            Rule::title
            | Rule::description
            | Rule::direction
            | Rule::allow
            | Rule::declaration
            | Rule::link
            | Rule::attribute => Expected::Statement,
            _ => continue,
        };
        if !out.contains(&e) {
            out.push(e);
        }
    }
    if out.is_empty() {
        out.push(Expected::Statement);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(src: &str) -> File {
        let (file, diags) = parse(src);
        assert!(diags.is_empty(), "{diags:#?}");
        file
    }

    fn codes(src: &str) -> Vec<&'static str> {
        parse(src).1.iter().map(|d| d.code).collect()
    }

    #[test]
    fn parses_declarations_links_and_attributes() {
        let f = ok("title \"T\"\nhost h { web_server w \"Nginx\" { port = 80 }; app_server a }\nw -> a : http \"x\" { access = read }\n");
        assert_eq!(f.items.len(), 3);
        let Item::Declaration(h) = &f.items[1] else {
            panic!()
        };
        assert_eq!(h.kind.name, "host");
        assert_eq!(h.body.len(), 2);
        let Item::Link(l) = &f.items[2] else { panic!() };
        assert_eq!(l.chain.len(), 2);
        assert_eq!(l.protocol.as_ref().unwrap().name, "http");
        assert_eq!(l.label.as_ref().unwrap().value, "x");
    }

    #[test]
    fn identifiers_may_contain_dashes_before_an_arrow() {
        let f = ok("a-1->b-2");
        let Item::Link(l) = &f.items[0] else { panic!() };
        assert_eq!(l.chain[0][0].alternatives[0].name, "a-1");
        assert_eq!(l.chain[1][0].alternatives[0].name, "b-2");
    }

    #[test]
    fn alternatives_non_request_arrows_and_ranges() {
        let f = ok("a -> b | c, d ~> e\nservice s { instances = 2..6 }");
        let Item::Link(l) = &f.items[0] else { panic!() };
        assert_eq!(l.arrows, [Arrow::Request, Arrow::NonRequest]);
        let names: Vec<Vec<&str>> = l.chain[1]
            .iter()
            .map(|e| e.alternatives.iter().map(|i| i.name.as_str()).collect())
            .collect();
        assert_eq!(names, [vec!["b", "c"], vec!["d"]]);
        let Item::Declaration(d) = &f.items[1] else {
            panic!()
        };
        let Item::Attribute(a) = &d.body[0] else {
            panic!()
        };
        assert_eq!(a.value.kind, ValueKind::Range(2, 6));
    }

    #[test]
    fn values_of_every_shape() {
        let f = ok("service s { a = \"x\\n\\u{41}\"; b = word; c = 2.5; d = 99.95%; e = 8.8.8.8; f = [1, \"two\",\n three,] }");
        let Item::Declaration(d) = &f.items[0] else {
            panic!()
        };
        let kinds: Vec<&ValueKind> = d
            .body
            .iter()
            .map(|i| match i {
                Item::Attribute(a) => &a.value.kind,
                _ => panic!(),
            })
            .collect();
        assert_eq!(kinds[0], &ValueKind::Str("x\nA".into()));
        assert_eq!(kinds[1], &ValueKind::Word("word".into()));
        assert_eq!(kinds[2], &ValueKind::Number(2.5));
        assert_eq!(kinds[3], &ValueKind::Percent(99.95));
        assert_eq!(kinds[4], &ValueKind::Ipv4("8.8.8.8".into()));
        assert!(matches!(kinds[5], ValueKind::List(v) if v.len() == 3));
    }

    #[test]
    fn reports_each_error_class() {
        assert_eq!(codes(""), ["E0100"]);
        assert_eq!(codes("# only a comment\n"), ["E0100"]);
        assert_eq!(codes("client a \"oops\n"), ["E0102"]);
        assert_eq!(codes("client a \"\\q\""), ["E0103"]);
        assert_eq!(codes("client title"), ["E0104"]);
        assert_eq!(codes("host h {\n  client a\n"), ["E0105"]);
        assert_eq!(codes("client a ) b"), ["E0101"]);
        assert_eq!(codes("service s { ip = 300.1.1.1 }"), ["E0106"]);
    }

    /// `(code, line, column)` of each diagnostic.
    fn located(src: &str) -> Vec<(&'static str, usize, usize)> {
        parse(src)
            .1
            .iter()
            .map(|d| {
                let (line, col) = crate::diagnostic::line_col(src, d.primary().unwrap().start);
                (d.code, line, col)
            })
            .collect()
    }

    #[test]
    fn every_unclosed_brace_is_reported_at_its_line() {
        let src = "zone a {\n  host b {\n    client c\n  }\n  host d {\n";
        assert_eq!(located(src), [("E0105", 1, 8), ("E0105", 5, 10)]);
        // What is inside the unclosed blocks is still checked.
        let src = "zone a {\n  client c ?\n";
        assert_eq!(located(src), [("E0105", 1, 8), ("E0101", 2, 12)]);
    }

    #[test]
    fn braces_in_strings_and_comments_do_not_count() {
        ok("service s \"{\" { label = \"}}\" } # {\nservice t { x-a = \"a\\\"}\" }\n");
        // A string ends at the end of its line, even after a `\`: the `{` after it counts.
        assert_eq!(
            codes("service s \"a\\\nservice t {\n"),
            ["E0102", "E0103", "E0105"]
        );
        // A comment ends at `\r` too.
        assert_eq!(codes("# x\rservice t {\n"), ["E0105"]);
    }

    #[test]
    fn ten_thousand_nested_unclosed_braces() {
        let src = (0..10_000)
            .map(|i| format!("zone z{i} {{\n"))
            .collect::<String>();
        let found = located(&src);
        assert_eq!(found.len(), limits::MAX_ERRORS + 1);
        assert_eq!(found[0], ("E0105", 1, 9));
        assert_eq!(found[1], ("E0105", 2, 9));
        assert!(found.contains(&("E0108", 65, 10)), "{found:?}");
        assert_eq!(found[limits::MAX_ERRORS].0, "E0109");
    }

    #[test]
    fn nesting_is_limited_and_the_limit_is_reachable() {
        let nest = |depth: usize| {
            let mut src = String::new();
            for i in 0..depth {
                src.push_str(&format!("zone z{i} {{\n"));
            }
            src.push_str("client c\n");
            src.push_str(&"}\n".repeat(depth));
            src
        };
        ok(&nest(limits::MAX_DEPTH));
        assert_eq!(located(&nest(limits::MAX_DEPTH + 1)), [("E0108", 65, 10)]);
        let lists = format!(
            "service s {{ x-a = {}1{} }}",
            "[".repeat(70),
            "]".repeat(70)
        );
        assert_eq!(codes(&lists), ["E0108"]);
    }

    #[test]
    fn text_after_a_block_is_reported_once() {
        // Each level has a tail; the blocks are parsed once and the tails all reported.
        let mut src = String::new();
        for i in 0..30 {
            src.push_str(&format!("zone z{i} {{\n"));
        }
        for _ in 0..30 {
            src.push_str("} junk\n");
        }
        let found = located(&src);
        assert_eq!(found.len(), 30, "{found:?}");
        assert!(found.iter().all(|&(c, _, col)| c == "E0101" && col == 3));
        let (_, diags) = parse("host h { client a } x\n");
        assert_eq!(diags[0].message, "expected a new line or `;`, found `x`");
        let (_, diags) = parse("client a } x\n");
        assert_eq!(diags[0].message, "unexpected `}`");
        assert!(diags[0].help.as_ref().unwrap().contains("no `{` open"));
    }

    #[test]
    fn a_failed_line_skips_the_block_it_opens() {
        // The block is skipped whole: its `}` is not reported as stray.
        assert_eq!(
            located("a -> -> b {\n  x = 1\n}\nclient c ?\n"),
            [("E0101", 1, 6), ("E0101", 4, 10)]
        );
    }

    #[test]
    fn a_megabyte_of_random_tokens() {
        const TOKENS: [&str; 24] = [
            "{", "}", "}", "->", "~>", "\"x\"", "\"", "# c", "client", "a", "=", "[", "]", "]",
            ",", "|", ";", "\n", "1", "2..6", "8.8.8.8", "99%", ":", "title",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut src = String::new();
        while src.len() < 1 << 20 {
            // xorshift64 (Marsaglia 2003).
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            src.push_str(TOKENS[(state % TOKENS.len() as u64) as usize]);
            src.push(' ');
        }
        let (_, diags) = parse(&src);
        assert_eq!(diags.len(), limits::MAX_ERRORS + 1);
        assert_eq!(diags.last().unwrap().code, "E0109");
        assert!(diags
            .iter()
            .all(|d| d.primary().is_some_and(|s| s.end <= src.len())));
    }

    #[test]
    fn declarations_and_statements_are_limited() {
        let located = |src: &str, max| {
            parse_within(src, max)
                .1
                .iter()
                .map(|d| {
                    let (line, col) = crate::diagnostic::line_col(src, d.primary().unwrap().start);
                    (d.code, line, col, d.message.clone())
                })
                .collect::<Vec<_>>()
        };
        let max = Counts {
            declarations: 10,
            statements: 15,
        };
        let src = "client c\n".repeat(11);
        let found = located(&src, max);
        assert_eq!(
            found,
            [(
                "E0111",
                11,
                1,
                "the file declares more than 10 elements".to_string()
            )]
        );
        let src = "service s {\n".to_string() + &"x-a = 1\n".repeat(14) + "}\nclient c\n";
        let found = located(&src, max);
        assert_eq!(
            found,
            [(
                "E0112",
                17,
                1,
                "the file has more than 15 statements".to_string()
            )]
        );
        assert!(located(&"client c\n".repeat(10), max).is_empty());
    }

    #[test]
    fn input_size_is_limited() {
        let src = "#".repeat(limits::MAX_INPUT_BYTES + 1);
        assert_eq!(codes(&src), ["E0110"]);
    }

    #[test]
    fn recovers_to_report_independent_errors() {
        let (_, diags) = parse("client a ?\nclient b\nclient c !\n");
        assert_eq!(diags.len(), 2, "{diags:#?}");
    }
}
