//! The passes over the whole document tree, once every section is written (below
//! `--detail full`): a setting's gloss said once ([`gloss_once`]), alike list items and alike
//! sections said once ([`collapse_alike`]), and, in a summarised document, long runs of
//! element identifiers shortened ([`abbreviate_lists`]).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::tree::{markdown, Block, Item, List};
use crate::render::english::join_and;

/// Keeps the gloss of a setting (the item `**Setup: `active-active`** (every member serves at
/// the same time).` of a bullet list) only where the document first states that setting:
/// later items state the value alone.
pub(super) fn gloss_once(blocks: &mut [Block]) {
    let mut seen: Vec<String> = Vec::new();
    for block in blocks {
        let Block::List(List {
            ordered: false,
            items,
        }) = block
        else {
            continue;
        };
        for item in items {
            if let Some(kept) = without_gloss(&item.text, &mut seen) {
                item.text = kept;
            }
        }
    }
}

/// The item's text without its gloss when its setting was stated before; records the setting
/// when this is its first statement.
fn without_gloss(text: &str, seen: &mut Vec<String>) -> Option<String> {
    let rest = text.strip_prefix("**")?;
    let end = rest.find("**")?;
    let key = &rest[..end];
    let after = &rest[end + 2..];
    let (by_default, after) = match after.strip_prefix(", by default") {
        Some(a) => (", by default", a),
        None => ("", after),
    };
    let inner = after.strip_prefix(" (")?;
    let close = inner.find(')')?;
    let gloss = &inner[..close];
    let tail = &inner[close + 1..];
    if gloss.contains('[') || !seen.iter().any(|k| k == key) {
        seen.push(key.to_string());
        return None;
    }
    Some(format!("**{key}**{by_default}{tail}"))
}

/// The runs of code spans in `text` (`` `a` ``, `` `a` and `b` ``, `` `a` on `h`, `b` on `k` ``:
/// spans joined by commas, `and`, `or` or `on`), and its shape: the text with each run blanked.
pub(super) fn spans_and_shape(text: &str) -> (Vec<&str>, String) {
    const JOINS: [&str; 5] = [", and ", " and ", ", ", " or ", " on "];
    let mut runs = Vec::new();
    let mut shape = String::new();
    let mut rest = text;
    let mut base = 0;
    while let Some(i) = rest.find('`') {
        let Some(j) = rest[i + 1..].find('`') else {
            break;
        };
        shape.push_str(&rest[..i]);
        let start = base + i;
        let mut end = start + j + 2;
        // Extend the run over further spans joined by a list word.
        loop {
            let after = &text[end..];
            let Some(join) = JOINS
                .iter()
                .find(|w| after.starts_with(*w) && after[w.len()..].starts_with('`'))
            else {
                break;
            };
            let open = end + join.len();
            match text[open + 1..].find('`') {
                Some(k) => end = open + k + 2,
                None => break,
            }
        }
        runs.push(&text[start..end]);
        shape.push_str("`_`");
        rest = &text[end..];
        base = end;
    }
    shape.push_str(rest);
    (runs, shape)
}

/// Says alike things once (below `--detail full`): in each bullet list, three or more items
/// that say the same of different elements (the same text once their runs of code spans are
/// blanked, differing in at most two runs) become the first and `Likewise for …`; and level-4
/// sections of one parent that read the same but for their elements become the first and a
/// paragraph naming the others. A long design's document then grows with its distinct facts,
/// not with its copies.
///
/// In a summarised document (see `Doc::summarised`) the items may differ in any number of
/// runs of elements, and the steps of a numbered list are collapsed too (they are numbered
/// when written).
pub(super) fn collapse_alike(
    blocks: Vec<Block>,
    ids: &BTreeSet<&str>,
    summarised: bool,
) -> Vec<Block> {
    let mut blocks = blocks;
    collapse_lists(&mut blocks, ids, summarised);
    collapse_sections(blocks, ids)
}

/// Whether every code span of a run names an element of the design.
fn names_elements(run: &str, ids: &BTreeSet<&str>) -> bool {
    run.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .all(|(_, id)| ids.contains(id))
}

/// Collapses the alike items of each list (numbered lists only when `summarised`). Items are
/// compared within a run of items that ends at an item with a nested list (that nested list
/// stays under the last item written for the run) or before an item after a blank line.
fn collapse_lists(blocks: &mut [Block], ids: &BTreeSet<&str>, summarised: bool) {
    for block in blocks {
        let Block::List(list) = block else {
            continue;
        };
        if list.ordered && !summarised {
            continue;
        }
        let items = std::mem::take(&mut list.items);
        let mut run: Vec<Item> = Vec::new();
        for item in items {
            if item.apart {
                collapse_run(&mut list.items, std::mem::take(&mut run), ids, summarised);
            }
            let ends = item.sub.is_some();
            run.push(item);
            if ends {
                collapse_run(&mut list.items, std::mem::take(&mut run), ids, summarised);
            }
        }
        collapse_run(&mut list.items, run, ids, summarised);
    }
}

/// Writes the items of one run into `out`, alike ones said once.
fn collapse_run(out: &mut Vec<Item>, run: Vec<Item>, ids: &BTreeSet<&str>, summarised: bool) {
    if run.is_empty() {
        return;
    }
    let sub = run.last().and_then(|i| i.sub.clone());
    let apart = run[0].apart;
    let items: Vec<&str> = run.iter().map(|i| i.text.as_str()).collect();
    let parsed: Vec<(Vec<&str>, String)> = items.iter().map(|l| spans_and_shape(l)).collect();
    let mut done = vec![false; items.len()];
    let mut written: Vec<Item> = Vec::new();
    for a in 0..items.len() {
        if done[a] {
            continue;
        }
        done[a] = true;
        let mut others: Vec<String> = Vec::new();
        let mut members = Vec::new();
        for b in a + 1..items.len() {
            if done[b] || parsed[b].1 != parsed[a].1 {
                continue;
            }
            let differ: Vec<&str> = parsed[b]
                .0
                .iter()
                .zip(&parsed[a].0)
                .filter(|(x, y)| x != y)
                .map(|(x, _)| *x)
                .collect();
            if differ.is_empty()
                || differ.len() > 2 && !summarised
                || differ.len() == parsed[a].0.len() && !summarised
                || !differ.iter().all(|r| names_elements(r, ids))
            {
                continue;
            }
            members.push(b);
            let differ = super::dedup(differ);
            others.push(match differ.split_first() {
                // One element differs: it alone ("Likewise for `b`").
                Some((first, [])) => first.to_string(),
                // "`a` with `b` and `c`"; when one of them is a list itself, each
                // after the first gets its own "with": "`a` with `b`, `c` and `d`,
                // and with `e`".
                Some((first, rest)) if rest.iter().all(|r| !r.contains(' ')) => {
                    let rest: Vec<String> = rest.iter().map(|r| r.to_string()).collect();
                    format!("{first} with {}", join_and(&rest))
                }
                Some((first, rest)) if !rest.is_empty() => {
                    format!("{first} with {}", rest.join(", and with "))
                }
                _ => differ.join(""),
            });
        }
        if members.len() >= 2 || summarised && !members.is_empty() {
            for &b in &members {
                done[b] = true;
            }
            let first = items[a].strip_suffix('.').unwrap_or(items[a]);
            written.push(Item::new(format!(
                "{first}. Likewise for {}.",
                likewise(&others)
            )));
        } else {
            written.push(Item::new(items[a]));
        }
    }
    if let Some(last) = written.last_mut() {
        last.sub = sub;
    }
    // The run's first item is written first, after the blank line before it, if any.
    if let Some(first) = written.first_mut() {
        first.apart = apart;
    }
    out.extend(written);
}

/// Collapses alike level-4 sections: the sections under one heading of a higher level (a
/// level-4 heading and the blocks up to the next heading of level 4 or higher), compared as
/// Markdown.
fn collapse_sections(blocks: Vec<Block>, ids: &BTreeSet<&str>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // The level-4 sections of the current run.
    let mut sections: Vec<Vec<Block>> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(4, _) => sections.push(vec![block]),
            Block::Heading(level, _) if level < 4 => {
                flush(&mut out, std::mem::take(&mut sections), ids);
                out.push(block);
            }
            block => match sections.last_mut() {
                Some(s) => s.push(block),
                None => out.push(block),
            },
        }
    }
    flush(&mut out, sections, ids);
    out
}

/// Writes a run of level-4 sections into `out`: each section that reads like an earlier one
/// but for its elements is left out, and the earlier one is followed by a paragraph naming
/// the elements of those left out.
fn flush(out: &mut Vec<Block>, sections: Vec<Vec<Block>>, ids: &BTreeSet<&str>) {
    let texts: Vec<String> = sections.iter().map(|s| markdown(s)).collect();
    let parsed: Vec<(Vec<&str>, String)> = texts.iter().map(|b| spans_and_shape(b)).collect();
    let mut done = vec![false; sections.len()];
    for (a, section) in sections.into_iter().enumerate() {
        if done[a] {
            continue;
        }
        done[a] = true;
        let mut others = Vec::new();
        for b in a + 1..texts.len() {
            let only_elements = parsed[b]
                .0
                .iter()
                .zip(&parsed[a].0)
                .all(|(x, y)| x == y || names_elements(x, ids));
            if !done[b] && parsed[b].1 == parsed[a].1 && !parsed[b].0.is_empty() && only_elements {
                done[b] = true;
                others.push(parsed[b].0[0].to_string());
            }
        }
        out.extend(section);
        if !others.is_empty() {
            out.push(Block::Paragraph(format!(
                "Likewise for {}.",
                likewise(&others)
            )));
        }
    }
}

/// What a "Likewise for …" names: single elements as a list (`a`, `b` and `c`), pairs and
/// longer tuples ("`a` with `b`") separated by semicolons.
fn likewise(others: &[String]) -> String {
    if others.iter().all(|o| !o.contains(' ')) {
        join_and(others)
    } else {
        others.join("; ")
    }
}

/// A summarised document's runs of more than five element identifiers ("`a`, `b`, … and
/// `z`"), in every inline string, by their ends and size: "`a`, `b` … `z` (N in all)". A run
/// is code spans naming elements, joined by ", " and a last " and " (or ", and ").
pub(super) fn abbreviate_lists(blocks: &mut [Block], ids: &BTreeSet<&str>) {
    for block in blocks {
        block.for_each_inline(&mut |text| {
            if text.contains('`') {
                *text = abbreviate(text, ids);
            }
        });
    }
}

/// One inline string with its long runs of identifiers abbreviated.
fn abbreviate(doc: &str, ids: &BTreeSet<&str>) -> String {
    /// The element identifier of the code span at the start of `s`, and its length.
    fn span<'s>(s: &'s str, ids: &BTreeSet<&str>) -> Option<(&'s str, usize)> {
        let rest = s.strip_prefix('`')?;
        let end = rest.find('`')?;
        let id = &rest[..end];
        ids.contains(id).then_some((id, end + 2))
    }
    let mut out = String::with_capacity(doc.len());
    let mut i = 0;
    while i < doc.len() {
        let rest = &doc[i..];
        let Some((_, len)) = span(rest, ids) else {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..c]);
            i += c;
            continue;
        };
        // Gather the run: spans separated by ", ", ending with " and " or ", and ".
        let mut spans = vec![&rest[..len]];
        let mut at = len;
        let mut closed = false;
        loop {
            let tail = &rest[at..];
            let (sep, last) = if tail.starts_with(", and ") {
                (6, true)
            } else if tail.starts_with(" and ") {
                (5, true)
            } else if tail.starts_with(", ") {
                (2, false)
            } else {
                break;
            };
            match span(&tail[sep..], ids) {
                Some((_, l)) => {
                    spans.push(&tail[sep..sep + l]);
                    at += sep + l;
                    if last {
                        closed = true;
                        break;
                    }
                }
                None => break,
            }
        }
        if closed && spans.len() > 5 {
            // Inside brackets already (the run closes one), the size follows a semicolon:
            // no "))".
            let bracketed = rest[at..].starts_with(')');
            let _ = write!(
                out,
                "{}, {} … {}{}",
                spans[0],
                spans[1],
                spans[spans.len() - 1],
                if bracketed {
                    format!("; {} in all", spans.len())
                } else {
                    format!(" ({} in all)", spans.len())
                }
            );
            i += at;
        } else {
            out.push_str(&rest[..len]);
            i += len;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::writeup::tree::read::parse;

    fn ids() -> BTreeSet<&'static str> {
        ["a", "b", "c", "d", "e", "f", "g", "h"]
            .into_iter()
            .collect()
    }

    #[test]
    fn a_gloss_is_said_on_the_first_statement_only() {
        let mut blocks = parse(
            "- **Setup: `x`** (every member serves). A.\n\npara\n\n- **Setup: `x`** (every member serves). B.\n- **TLS: `y`**, by default (ends TLS).\n",
        );
        gloss_once(&mut blocks);
        assert_eq!(
            markdown(&blocks),
            "- **Setup: `x`** (every member serves). A.\n\npara\n\n- **Setup: `x`**. B.\n- **TLS: `y`**, by default (ends TLS).\n"
        );
    }

    #[test]
    fn alike_items_are_said_once_within_a_run() {
        let blocks = parse(
            "- `a` sends `m` to `e`.\n- `b` sends `m` to `f`.\n- `c` sends `m` to `g`.\n- `d` stops.\n  - nested\n- `h` sends `m` to `e`.\n",
        );
        let blocks = collapse_alike(blocks, &ids(), false);
        assert_eq!(
            markdown(&blocks),
            "- `a` sends `m` to `e`. Likewise for `b` with `f`; `c` with `g`.\n- `d` stops.\n  - nested\n- `h` sends `m` to `e`.\n"
        );
    }

    #[test]
    fn alike_items_that_differ_in_one_element_name_it_alone() {
        // A second, shared code span (`m`) used to leave "`b` with ;" behind.
        let blocks = parse("- `a` has no `m`.\n- `b` has no `m`.\n- `c` has no `m`.\n");
        let blocks = collapse_alike(blocks, &ids(), false);
        assert_eq!(
            markdown(&blocks),
            "- `a` has no `m`. Likewise for `b` and `c`.\n"
        );
    }

    #[test]
    fn alike_sections_are_said_once() {
        let blocks = parse(
            "### Part\n\n#### `a`\n\n`a` serves.\n\n#### `b`\n\n`b` serves.\n\n#### `c`\n\n`c` stops.\n\n### Next\n",
        );
        let blocks = collapse_alike(blocks, &ids(), false);
        assert_eq!(
            markdown(&blocks),
            "### Part\n\n#### `a`\n\n`a` serves.\n\nLikewise for `b`.\n\n#### `c`\n\n`c` stops.\n\n### Next\n"
        );
    }

    #[test]
    fn long_runs_of_identifiers_are_abbreviated_in_every_inline_string() {
        let mut blocks = parse(
            "`a`, `b`, `c`, `d`, `e` and `f` fail.\n\n| Holds |\n|---|\n| `a`, `b`, `c`, `d`, `e`, `f` and `g` |\n\n- x (`a`, `b`, `c`, `d`, `e` and `f`)\n",
        );
        abbreviate_lists(&mut blocks, &ids());
        assert_eq!(
            markdown(&blocks),
            "`a`, `b` … `f` (6 in all) fail.\n\n| Holds |\n|---|\n| `a`, `b` … `g` (7 in all) |\n\n- x (`a`, `b` … `f`; 6 in all)\n"
        );
    }
}
