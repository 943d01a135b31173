//! The pest parser and the builder from pest pairs to the AST.

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::*;
use super::RESERVED;
use crate::diagnostic::{Diagnostic, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/arch.pest"]
struct ArchParser;

/// Parses `.arch` source text.
///
/// Returns the AST of everything that parsed and the syntax errors, in source order. The AST is
/// only meaningful when no error is returned. Errors: `E0100` empty file, `E0101` unexpected
/// token, `E0102` unterminated string, `E0103` bad escape, `E0104` reserved word used as an
/// identifier, `E0105` unclosed `{`.
pub fn parse(source: &str) -> (File, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let pairs = match ArchParser::parse(Rule::file, source) {
        Ok(mut pairs) => pairs.next().expect("the file rule yields one pair"),
        Err(e) => {
            // The grammar accepts any text (failed lines become `bad_*`), so this is only a
            // safety net.
            let pos = match e.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            diagnostics.push(
                Diagnostic::error("E0101", "this file could not be parsed")
                    .with_label(Span::new(pos, pos), "here"),
            );
            return (File::default(), diagnostics);
        }
    };
    let mut builder = Builder {
        source,
        diagnostics: &mut diagnostics,
    };
    let items = builder.items(pairs.into_inner());
    let file = File { items };
    if file.items.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::error("E0100", "the file declares nothing")
                .with_help("declare at least one component, e.g. `client user \"User\"`"),
        );
    }
    diagnostics.sort_by_key(|d| d.primary().map(|s| s.start));
    (file, diagnostics)
}

struct Builder<'s, 'd> {
    source: &'s str,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Builder<'_, '_> {
    fn items<'i>(&mut self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<Item> {
        let mut items = Vec::new();
        for pair in pairs {
            match pair.as_rule() {
                Rule::bad_top | Rule::bad_body => self.explain_bad(pair.as_span().start()),
                Rule::EOI => {}
                _ => items.push(self.item(pair)),
            }
        }
        items
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
                Diagnostic::error(
                    "E0104",
                    format!(
                        "`{}` is a reserved word and cannot be used as an identifier",
                        ident.name
                    ),
                )
                .with_label(ident.span, "reserved word")
                .with_help(format!(
                    "rename it, e.g. `{}-1`; the reserved words are {}",
                    ident.name,
                    RESERVED.map(|w| format!("`{w}`")).join(", ")
                )),
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
                        Diagnostic::error("E0106", format!("`{text}` is not an IPv4 address"))
                            .with_label(span, "each of the four numbers must be 0 to 255")
                            .with_help(
                                "write a dotted address such as `8.8.8.8`; quote IPv6 addresses",
                            ),
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
                            Diagnostic::error(
                                "E0107",
                                format!("`{text}` is not a range of whole numbers"),
                            )
                            .with_label(span, "a bound is too large")
                            .with_help("write a range of whole numbers such as `2..6`"),
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
            self.diagnostics.push(
                Diagnostic::error("E0102", "unterminated string: expected a closing `\"`")
                    .with_label(span, "this string reaches the end of its line")
                    .with_help("close it with `\"` on the same line; write a line break as `\\n`"),
            );
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
                None => self.diagnostics.push(
                    Diagnostic::error("E0103", "unknown escape sequence in a string")
                        .with_label(Span::new(base + i, base + i + 1 + len), "not a valid escape")
                        .with_help("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{1F600}` (a Unicode code point in hex)"),
                ),
            }
            for _ in 0..len {
                chars.next();
            }
        }
        Str { value, span }
    }

    /// Explains why the statement starting at `start` did not parse, by parsing it on its own.
    fn explain_bad(&mut self, start: usize) {
        let rest = &self.source[start..];
        let error = match ArchParser::parse(Rule::statement_only, rest) {
            Ok(_) => {
                // It parses alone, so what follows it is wrong (e.g. a stray `}`).
                let token = token_at(rest);
                self.diagnostics.push(
                    Diagnostic::error("E0101", format!("unexpected {}", describe_token(token)))
                        .with_label(
                            Span::new(start, start + token.len().max(1)),
                            "not expected here",
                        )
                        .with_help("remove it, or put each statement on its own line or after `;`"),
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
        if found.is_empty() && at >= self.source.trim_end().len() {
            if let Some(open) = unclosed_brace(&self.source[start..]) {
                self.diagnostics.push(
                    Diagnostic::error("E0105", "missing `}`: this `{` is never closed")
                        .with_label(Span::new(start + open, start + open + 1), "opened here")
                        .with_label(
                            Span::new(self.source.len(), self.source.len()),
                            "the file ends here",
                        )
                        .with_help("add `}` after the last item of this block"),
                );
                return;
            }
        }
        let expected = describe_expected(&positives);
        let hint = if rest.trim_start().starts_with('}') {
            "there is no `{` open for this `}`: remove it".to_string()
        } else if found.starts_with('"') {
            "a label is written once, right after the identifier: `KIND ID \"LABEL\"`".to_string()
        } else {
            "statements are `KIND ID [\"LABEL\"] [{ ... }]`, `A -> B [: PROTOCOL] [\"LABEL\"]`, `key = value`, `title \"…\"`, `description \"…\"`, `direction down|right` or `allow RULE [on ID, ...] \"REASON\"`, one per line or separated by `;`".to_string()
        };
        self.diagnostics.push(
            Diagnostic::error(
                "E0101",
                format!("expected {expected}, found {}", describe_token(found)),
            )
            .with_label(
                Span::new(
                    at,
                    at + found.len().max(if found.is_empty() { 0 } else { 1 }),
                ),
                format!("expected {expected}"),
            )
            .with_help(hint),
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

fn describe_token(token: &str) -> String {
    if token.is_empty() {
        "the end of the line".to_string()
    } else {
        format!("`{token}`")
    }
}

fn describe_expected(positives: &[Rule]) -> String {
    let mut names: Vec<&str> = positives
        .iter()
        .filter_map(|r| {
            Some(match r {
                Rule::ident | Rule::ident_list | Rule::word => "an identifier",
                Rule::string | Rule::str_end => "a string",
                Rule::body => "`{`",
                Rule::arrow => "`->` or `~>`",
                Rule::endpoints | Rule::endpoint => "an identifier",
                Rule::value | Rule::list | Rule::number | Rule::percentage | Rule::ipv4 => {
                    "a value"
                }
                Rule::EOI => "a new line or `;`",
                Rule::title
                | Rule::description
                | Rule::direction
                | Rule::allow
                | Rule::declaration
                | Rule::link
                | Rule::attribute => "a statement",
                _ => return None,
            })
        })
        .collect();
    names.dedup();
    let mut unique: Vec<&str> = Vec::new();
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    match unique.len() {
        0 => "a statement".to_string(),
        1 => unique[0].to_string(),
        _ => {
            let last = unique.pop().unwrap();
            format!("{} or {last}", unique.join(", "))
        }
    }
}

/// The offset of the first `{` in `text` that is never closed, skipping strings and comments.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '#' => in_comment = true,
            '"' => in_string = true,
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.first().copied()
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

    #[test]
    fn recovers_to_report_independent_errors() {
        let (_, diags) = parse("client a ?\nclient b\nclient c !\n");
        assert_eq!(diags.len(), 2, "{diags:#?}");
    }
}
