//! Positions in a document: byte offsets (archc's spans) and LSP positions (zero-based line and
//! UTF-16 code unit, the protocol's default encoding), and applying the client's edits.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::diagnostic::Span;

/// The start of every line of a text, for converting between byte offsets and positions.
///
/// Building it is linear in the text; each conversion is a binary search over the lines plus a
/// walk along one line.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// The byte offset at which each line starts; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n` (a `\r` before it is part of the line's end).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The LSP position of byte `offset` of `text` (clamped to the text, and moved back to a
    /// character boundary when it falls inside a character).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let character: usize = text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, character as u32)
    }

    /// The byte offset of an LSP position in `text`. A line past the end is the end of the
    /// text; a character past the end of its line is the end of the line (before `\r\n`); a
    /// position inside a surrogate pair is the start of its character.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        let line = text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&text[start..end]);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        start + line.len()
    }

    /// The LSP range of a byte span of `text`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The range of the whole of `text`.
    pub fn whole(&self, text: &str) -> Range {
        Range::new(Position::new(0, 0), self.position(text, text.len()))
    }
}

/// Applies the client's changes, in order, to `text`: a change with a range replaces that
/// range, one without replaces the whole text. Out-of-range positions are clamped, and a range
/// whose end is before its start is empty at its start.
pub fn apply_changes(text: &mut String, changes: Vec<TextDocumentContentChangeEvent>) {
    for change in changes {
        match change.range {
            None => *text = change.text,
            Some(range) => {
                let index = LineIndex::new(text);
                let start = index.offset(text, range.start);
                let end = index.offset(text, range.end).max(start);
                text.replace_range(start..end, &change.text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| {
                Range::new(Position::new(l1, c1), Position::new(l2, c2))
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn positions_count_utf16_units() {
        // `é` is 2 bytes and 1 unit; `😀` is 4 bytes and 2 units.
        let text = "a é\r\n😀 b\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position::new(0, 0));
        assert_eq!(index.position(text, 4), Position::new(0, 3));
        let b = text.find('b').unwrap();
        assert_eq!(index.position(text, b), Position::new(1, 3));
        assert_eq!(index.offset(text, Position::new(1, 3)), b);
        assert_eq!(index.position(text, text.len()), Position::new(2, 4));
        // Inside the emoji's bytes: back to its start.
        assert_eq!(index.position(text, b - 3), Position::new(1, 0));
    }

    #[test]
    fn offsets_are_clamped_to_lines_and_text() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, Position::new(0, 99)),
            2,
            "before the \\r\\n"
        );
        assert_eq!(index.offset(text, Position::new(7, 0)), text.len());
        let text = "😀x";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, Position::new(0, 1)),
            0,
            "inside the surrogate pair"
        );
        assert_eq!(index.offset(text, Position::new(0, 2)), 4);
    }

    #[test]
    fn changes_apply_in_order() {
        let mut text = String::from("client user\nweb_server w\n");
        apply_changes(
            &mut text,
            vec![
                change(Some(((1, 11), (1, 12))), "nginx"),
                change(Some(((0, 0), (0, 0))), "# a\n"),
                change(Some(((9, 0), (3, 0))), "user -> nginx\n"),
            ],
        );
        assert_eq!(text, "# a\nclient user\nweb_server nginx\nuser -> nginx\n");
        apply_changes(&mut text, vec![change(None, "title \"x\"")]);
        assert_eq!(text, "title \"x\"");
    }
}
