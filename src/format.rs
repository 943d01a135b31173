//! The canonical formatter of `.arch` files (`archc fmt`).
//!
//! [`format`] parses a file and prints it back in one canonical style, keeping every comment.
//! The formatted file parses to the same AST up to spans and layout, so it compiles to the same
//! model; formatting is idempotent (`format(format(x)) == format(x)`).
//!
//! # The canonical style
//! - Two spaces of indentation per level of `{ }`; one statement per line; no `;` except in the
//!   one-line body form below; no trailing spaces; the file ends with one newline.
//! - Items keep their order. One blank line is kept where the original had one or more between
//!   two items (or comments) of the same block; none at the start or end of a block.
//! - `KIND ID "LABEL" { ... }`, `A, B -> C -> D : PROTOCOL "LABEL" { ... }`, `key = value`,
//!   `allow RULE on A, B "REASON"`, `title "…"`, `description "…"`, `direction right`: single
//!   spaces around `=`, `->`, `:`, after commas and before `{`.
//! - An empty body `{ }` is dropped.
//! - A body is written on one line, `KIND ID { a = 1; b = 2 }`, when the original body was on
//!   one line, it holds attributes only, no comment is inside, and the line fits in
//!   [`MAX_WIDTH`] columns. Otherwise it is written one item per line.
//! - A list is written on one line, `[a, b, c]`, when it holds no comment and fits in
//!   [`MAX_WIDTH`] columns; otherwise one element per line, each followed by a comma.
//! - Strings are re-quoted with the escapes `\"`, `\\`, `\n`, `\t` and `\u{…}` for other
//!   control characters; numbers and percentages lose redundant zeros (`2.50` is `2.5`).
//! - Comments stay where they were relative to the items: a comment on a line of its own stays
//!   on a line of its own before the same item (at that item's indentation), a comment at the end
//!   of an item's line stays at the end of that item's (last) line after one space, and a
//!   comment after an opening `{` or `[` stays after it. Their text is kept as written, trailing
//!   spaces aside.

use crate::diagnostic::Diagnostic;
use crate::syntax::ast::{quote, Item, Value, ValueKind};
use crate::syntax::parse;

/// The width, in characters, that one-line bodies and lists must fit in.
pub const MAX_WIDTH: usize = 100;

/// Formats `.arch` source text in the canonical style (see the module documentation).
///
/// Returns the formatted text, or the syntax errors (codes `E01xx`) when the source does not
/// parse; nothing is formatted then. Semantic errors (an unknown kind, a dangling link) do not
/// stop formatting: the formatter works on the syntax alone.
///
/// ```
/// let out = archc::format::format("host h{web_server w \"Nginx\"}\nw->w:http # loop\n").unwrap();
/// assert_eq!(out, "host h {\n  web_server w \"Nginx\"\n}\nw -> w : http # loop\n");
/// ```
pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    let (file, errors) = parse(source);
    if !errors.is_empty() {
        return Err(errors);
    }
    let comments = scan_comments(source);
    let used = vec![false; comments.len()];
    let mut f = Formatter {
        source,
        comments,
        used,
        out: String::new(),
    };
    f.block(&file.items, 0, source.len(), 0);
    // Every comment belongs to some block; this is only a safety net so none is ever lost.
    for i in 0..f.comments.len() {
        if !f.used[i] {
            f.used[i] = true;
            let text = f.comments[i].text.clone();
            f.out.push_str(&text);
            f.out.push('\n');
        }
    }
    Ok(f.out)
}

/// A comment found in the source: `#` to the end of its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Byte offset of the `#`.
    pub start: usize,
    /// Byte offset of the end of the line (before the newline).
    pub end: usize,
    /// The text from `#`, trailing white space removed.
    pub text: String,
}

/// Every comment of a source text, in source order. A `#` inside a string is not a comment.
pub fn scan_comments(source: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut skip_until = 0;
    for (i, c) in source.char_indices() {
        if i < skip_until {
            continue;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' | '\r' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '#' => {
                let end = source[i..]
                    .find(['\n', '\r'])
                    .map_or(source.len(), |e| i + e);
                comments.push(Comment {
                    start: i,
                    end,
                    text: source[i..end].trim_end().to_string(),
                });
                skip_until = end;
            }
            _ => {}
        }
    }
    comments
}

fn has_newline(s: &str) -> bool {
    s.contains(['\n', '\r'])
}

/// Whether the layout text between two entries holds a blank line.
fn has_blank_line(s: &str) -> bool {
    let normalized = s.replace("\r\n", "\n").replace('\r', "\n");
    normalized.matches('\n').count() >= 2
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn width(line: &str) -> usize {
    line.chars().count()
}

struct Formatter<'s> {
    source: &'s str,
    comments: Vec<Comment>,
    used: Vec<bool>,
    out: String,
}

enum Entry<'a> {
    Comment(usize),
    Item(&'a Item),
}

impl Formatter<'_> {
    /// The unused comments whose `#` lies in `start..end`.
    fn comments_in(&self, start: usize, end: usize) -> Vec<usize> {
        (0..self.comments.len())
            .filter(|&i| {
                !self.used[i] && self.comments[i].start >= start && self.comments[i].start < end
            })
            .collect()
    }

    /// The end of an item's own text. Item spans may run on over the white space and comments
    /// after the item (the grammar skips them while looking for optional parts), so these are
    /// trimmed off.
    fn end_of(&self, item: &Item) -> usize {
        let span = item.span();
        let mut end = span.end;
        loop {
            end = span.start + self.source[span.start..end].trim_end().len();
            match self
                .comments
                .iter()
                .find(|c| c.start >= span.start && c.start < end && c.end >= end)
            {
                Some(c) => end = c.start,
                None => return end,
            }
        }
    }

    /// Takes the first unused comment in `start..limit` if no line break separates it from
    /// `start`: a comment at the end of the line that `start` is on.
    /// Returns its text and the offset of its end.
    fn take_trailing(&mut self, start: usize, limit: usize) -> Option<(String, usize)> {
        let i = *self.comments_in(start, limit).first()?;
        let c = &self.comments[i];
        if has_newline(&self.source[start..c.start]) {
            return None;
        }
        self.used[i] = true;
        Some((c.text.clone(), c.end))
    }

    /// Writes the items of one block (the file, or a body between `start` and `end`), with the
    /// comments on lines of their own among them, each entry ending with a newline.
    fn block(&mut self, items: &[Item], start: usize, end: usize, depth: usize) {
        let mut entries: Vec<(usize, Entry<'_>)> = Vec::new();
        for i in self.comments_in(start, end) {
            let at = self.comments[i].start;
            let inside_item = items
                .iter()
                .any(|it| at >= it.span().start && at < self.end_of(it));
            if !inside_item {
                entries.push((at, Entry::Comment(i)));
            }
        }
        entries.extend(items.iter().map(|it| (it.span().start, Entry::Item(it))));
        entries.sort_by_key(|(at, _)| *at);

        let item_starts: Vec<usize> = items.iter().map(|it| it.span().start).collect();
        let mut prev_end: Option<usize> = None;
        let pad = indent(depth);
        for (at, entry) in entries {
            match entry {
                Entry::Comment(i) => {
                    if self.used[i] {
                        continue;
                    }
                    self.used[i] = true;
                    self.blank_line(prev_end, at);
                    let text = self.comments[i].text.clone();
                    self.out.push_str(&pad);
                    self.out.push_str(&text);
                    self.out.push('\n');
                    prev_end = Some(self.comments[i].end);
                }
                Entry::Item(item) => {
                    self.blank_line(prev_end, at);
                    let text = self.item(item, depth);
                    self.out.push_str(&pad);
                    self.out.push_str(&text);
                    let span_end = self.end_of(item);
                    let limit = item_starts
                        .iter()
                        .copied()
                        .find(|&s| s >= span_end)
                        .unwrap_or(end);
                    let mut last = span_end;
                    if let Some((comment, comment_end)) = self.take_trailing(span_end, limit) {
                        self.out.push(' ');
                        self.out.push_str(&comment);
                        last = comment_end;
                    }
                    self.out.push('\n');
                    prev_end = Some(last);
                }
            }
        }
    }

    fn blank_line(&mut self, prev_end: Option<usize>, at: usize) {
        if let Some(p) = prev_end {
            if p <= at && has_blank_line(&self.source[p..at]) {
                self.out.push('\n');
            }
        }
    }

    /// One item, its first line unindented (the caller writes the indentation), no final newline.
    fn item(&mut self, item: &Item, depth: usize) -> String {
        match item {
            Item::Title(s, _) => format!("title {}", quote(&s.value)),
            Item::Description(s, _) => format!("description {}", quote(&s.value)),
            Item::Direction(d, _) => format!("direction {}", d.name),
            Item::Allow(a) => {
                let mut text = format!("allow {}", a.rule.name);
                if !a.on.is_empty() {
                    let on: Vec<&str> = a.on.iter().map(|i| i.name.as_str()).collect();
                    text.push_str(" on ");
                    text.push_str(&on.join(", "));
                }
                text.push(' ');
                text.push_str(&quote(&a.reason.value));
                text
            }
            Item::Attribute(a) => {
                let head = format!("{} = ", a.key.name);
                let col = depth * 2 + width(&head);
                let value = self.value(&a.value, depth, col);
                head + &value
            }
            Item::Declaration(d) => {
                let mut head = format!("{} {}", d.kind.name, d.id.name);
                let mut after = d.id.span.end;
                if let Some(label) = &d.label {
                    head.push(' ');
                    head.push_str(&quote(&label.value));
                    after = label.span.end;
                }
                let end = self.end_of(item);
                self.with_body(head, &d.body, d.has_body, after, end, depth)
            }
            Item::Link(l) => {
                let steps: Vec<String> = l
                    .chain
                    .iter()
                    .map(|step| {
                        step.iter()
                            .map(|e| {
                                e.alternatives
                                    .iter()
                                    .map(|i| i.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(" | ")
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect();
                let mut head = steps[0].clone();
                for (arrow, step) in l.arrows.iter().zip(&steps[1..]) {
                    head.push_str(&format!(" {} {step}", arrow.as_str()));
                }
                let mut after = l
                    .chain
                    .last()
                    .and_then(|s| s.last())
                    .map_or(l.span.start, |e| e.span.end);
                if let Some(p) = &l.protocol {
                    head.push_str(" : ");
                    head.push_str(&p.name);
                    after = p.span.end;
                }
                if let Some(label) = &l.label {
                    head.push(' ');
                    head.push_str(&quote(&label.value));
                    after = label.span.end;
                }
                let end = self.end_of(item);
                self.with_body(head, &l.body, l.has_body, after, end, depth)
            }
        }
    }

    /// `head`, then the body if one was written: `after` is where the text before `{` ends,
    /// `end` the end of the whole statement (just after `}`).
    fn with_body(
        &mut self,
        head: String,
        body: &[Item],
        has_body: bool,
        after: usize,
        end: usize,
        depth: usize,
    ) -> String {
        if !has_body {
            return head;
        }
        let open = self.source[after..end]
            .find('{')
            .map_or(after, |i| after + i);
        let close = end.saturating_sub(1).max(open);
        let inner_comments = self.comments_in(open, close);
        if body.is_empty() && inner_comments.is_empty() {
            return head;
        }
        let one_line_source = !has_newline(&self.source[open..close]);
        if one_line_source
            && inner_comments.is_empty()
            && body.iter().all(|i| matches!(i, Item::Attribute(_)))
        {
            let attrs: Vec<String> = body
                .iter()
                .map(|i| match i {
                    Item::Attribute(a) => format!("{} = {}", a.key.name, inline(&a.value)),
                    _ => unreachable!("checked above"),
                })
                .collect();
            let line = format!("{head} {{ {} }}", attrs.join("; "));
            if depth * 2 + width(&line) <= MAX_WIDTH {
                return line;
            }
        }
        let mut text = head;
        text.push_str(" {");
        let first = body.first().map_or(close, |i| i.span().start);
        if let Some((comment, _)) = self.take_trailing(open + 1, first) {
            text.push(' ');
            text.push_str(&comment);
        }
        text.push('\n');
        let saved = std::mem::take(&mut self.out);
        self.block(body, open + 1, close, depth + 1);
        let inner = std::mem::replace(&mut self.out, saved);
        text.push_str(&inner);
        text.push_str(&indent(depth));
        text.push('}');
        text
    }

    /// A value whose first character stands at column `col` of a line indented `depth` levels.
    fn value(&mut self, value: &Value, depth: usize, col: usize) -> String {
        let ValueKind::List(items) = &value.kind else {
            return inline(value);
        };
        let (start, end) = (value.span.start, value.span.end);
        let inner_comments = self.comments_in(start, end);
        let one_line = inline(value);
        if inner_comments.is_empty() && col + width(&one_line) <= MAX_WIDTH {
            return one_line;
        }
        let close = end.saturating_sub(1).max(start);
        let pad = indent(depth + 1);
        let mut text = String::from("[");
        let first = items.first().map_or(close, |v| v.span.start);
        if let Some((comment, _)) = self.take_trailing(start + 1, first) {
            text.push(' ');
            text.push_str(&comment);
        }
        text.push('\n');
        for (k, item) in items.iter().enumerate() {
            for i in self.comments_in(start, item.span.start) {
                self.used[i] = true;
                text.push_str(&pad);
                text.push_str(&self.comments[i].text);
                text.push('\n');
            }
            text.push_str(&pad);
            let rendered = self.value(item, depth + 1, (depth + 1) * 2);
            text.push_str(&rendered);
            text.push(',');
            let limit = items.get(k + 1).map_or(close, |n| n.span.start);
            if let Some((comment, _)) = self.take_trailing(item.span.end, limit) {
                text.push(' ');
                text.push_str(&comment);
            }
            text.push('\n');
        }
        for i in self.comments_in(start, close) {
            self.used[i] = true;
            text.push_str(&pad);
            text.push_str(&self.comments[i].text);
            text.push('\n');
        }
        text.push_str(&indent(depth));
        text.push(']');
        text
    }
}

/// A value on one line.
fn inline(value: &Value) -> String {
    value.to_source()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        match format(src) {
            Ok(out) => out,
            Err(e) => panic!("{e:#?}"),
        }
    }

    #[test]
    fn finds_comments_outside_strings_only() {
        let c = scan_comments("a \"# not\" # yes\n# two\r\nb \"\\\"#\" #three");
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["# yes", "# two", "#three"]);
    }

    #[test]
    fn one_statement_per_line_with_two_space_indent() {
        let out =
            fmt("host h { web_server w; app_server a \"App\" }; w->a:http\"calls\"{access=read}");
        assert_eq!(
            out,
            "host h {\n  web_server w\n  app_server a \"App\"\n}\nw -> a : http \"calls\" { access = read }\n"
        );
    }

    #[test]
    fn one_line_bodies_stay_one_line_when_they_fit() {
        let src = "database db \"MySQL\" { role = replica ;replicates=db }\n";
        assert_eq!(
            fmt(src),
            "database db \"MySQL\" { role = replica; replicates = db }\n"
        );
        let multi = "database db {\n  role = primary\n}\n";
        assert_eq!(fmt(multi), multi);
        let long = format!("service s {{ why = \"{}\" }}\n", "x".repeat(100));
        assert_eq!(
            fmt(&long),
            format!("service s {{\n  why = \"{}\"\n}}\n", "x".repeat(100))
        );
    }

    #[test]
    fn empty_bodies_are_dropped() {
        assert_eq!(fmt("host h {}\nclient c {\n\n}\n"), "host h\nclient c\n");
    }

    #[test]
    fn strings_are_requoted_and_numbers_normalized() {
        let out = fmt("service s \"a\\u{41}\\t\\\"q\\\"\" { port = 0080; availability = 99.950%; x-n = [1,2.50 ,] }");
        assert_eq!(
            out,
            "service s \"aA\\t\\\"q\\\"\" { port = 80; availability = 99.95%; x-n = [1, 2.5] }\n"
        );
    }

    #[test]
    fn long_lists_are_one_element_per_line() {
        let items: Vec<String> = (0..8).map(|i| format!("\"record number {i}\"")).collect();
        let src = format!("dns d {{\n  records = [{}]\n}}\n", items.join(", "));
        let out = fmt(&src);
        assert!(
            out.contains("records = [\n    \"record number 0\",\n"),
            "{out}"
        );
        assert!(out.ends_with("    \"record number 7\",\n  ]\n}\n"), "{out}");
        assert_eq!(fmt(&out), out);
    }

    #[test]
    fn keeps_comments_in_place() {
        let src = "# head\n\ntitle \"T\" # the title\nhost h { # the host\n  # before w\n  web_server w # w\n  # end of h\n} # after h\ndns d {\n  records = [ # records\n    \"a\", # first\n    # own\n    \"b\"\n  ]\n}\n# tail\n";
        let out = fmt(src);
        let want = "# head\n\ntitle \"T\" # the title\nhost h { # the host\n  # before w\n  web_server w # w\n  # end of h\n} # after h\ndns d {\n  records = [ # records\n    \"a\", # first\n    # own\n    \"b\",\n  ]\n}\n# tail\n";
        assert_eq!(out, want);
        assert_eq!(fmt(&out), out);
    }

    #[test]
    fn a_comment_after_semicolon_separated_items_trails_the_last() {
        let out = fmt("service s {\n  port = 1; why = \"w\" # about why\n}\n");
        assert_eq!(
            out,
            "service s {\n  port = 1\n  why = \"w\" # about why\n}\n"
        );
    }

    #[test]
    fn blank_lines_collapse_to_one_and_vanish_at_block_edges() {
        let out = fmt("\n\nclient a\n\n\n\nclient b\nhost h {\n\n  client c\n\n}\n\n");
        assert_eq!(out, "client a\n\nclient b\nhost h {\n  client c\n}\n");
    }

    #[test]
    fn syntax_errors_are_returned() {
        let errors = format("client a \"open\n").unwrap_err();
        assert_eq!(errors[0].code, "E0102");
    }

    #[test]
    fn crlf_input_gives_lf_output() {
        assert_eq!(
            fmt("client a # c\r\nclient b\r\n"),
            "client a # c\nclient b\n"
        );
    }
}
