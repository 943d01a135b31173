//! English for every output (the write-up, the printed review, the diff): lists, counts,
//! agreement and capitals, and the one number style of availability and downtime. Each output
//! words its own sentences; these helpers make their lists and numbers read alike.

/// `a`, `a and b`, `a, b and c`; empty for no item.
pub(crate) fn join_and(items: &[String]) -> String {
    join(items, "and")
}

/// `a`, `a or b`, `a, b or c`; empty for no item.
pub(crate) fn join_or(items: &[String]) -> String {
    join(items, "or")
}

fn join(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// A long list by its ends and size, a short one in full: past five items,
/// `a, b … z (N in all)`, else [`join_and`].
pub(crate) fn ends_and_size(items: &[String]) -> String {
    match items {
        [first, second, .., last] if items.len() > 5 => {
            format!("{first}, {second} … {last} ({} in all)", items.len())
        }
        _ => join_and(items),
    }
}

/// A count with its noun, in words up to four: `no servers`, `one server`, `three servers`,
/// `12 servers`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {many}"),
        1 => format!("one {one}"),
        2 => format!("two {many}"),
        3 => format!("three {many}"),
        4 => format!("four {many}"),
        _ => format!("{n} {many}"),
    }
}

/// `one` when `count` is 1, else `many`: the verb or ending that agrees with a list of `count`
/// items (`agree(n, "s", "")` after "send").
pub(crate) fn agree(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// The text with its first character in upper case (any script): `` `lb` fails`` stays, `an
/// operator` → `An operator`.
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// A fraction as a percentage with three decimals, the one precision of every output:
/// `0.995` → `99.500%`.
pub(crate) fn percent(fraction: f64) -> String {
    format!("{:.3}%", fraction * 100.0)
}

/// A difference of fractions in percentage points, with the precision of [`percent`]:
/// `0.0049` → `0.490`.
pub(crate) fn points(fraction: f64) -> String {
    format!("{:.3}", fraction * 100.0)
}

/// Downtime per year, always in hours with one decimal (the one unit of every output):
/// `43.8 hours`, `0.9 hours`.
pub(crate) fn duration(hours: f64) -> String {
    format!("{hours:.1} hours")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(items: &[&str]) -> Vec<String> {
        items.iter().map(|i| i.to_string()).collect()
    }

    #[test]
    fn lists() {
        assert_eq!(join_and(&s(&[])), "");
        assert_eq!(join_and(&s(&["a"])), "a");
        assert_eq!(join_and(&s(&["a", "b"])), "a and b");
        assert_eq!(join_or(&s(&["a", "b", "c"])), "a, b or c");
        assert_eq!(
            ends_and_size(&s(&["a", "b", "c", "d", "e"])),
            "a, b, c, d and e"
        );
        assert_eq!(
            ends_and_size(&s(&["a", "b", "c", "d", "e", "f"])),
            "a, b … f (6 in all)"
        );
    }

    #[test]
    fn counts_and_agreement() {
        assert_eq!(count(0, "server", "servers"), "no servers");
        assert_eq!(count(1, "server", "servers"), "one server");
        assert_eq!(count(4, "server", "servers"), "four servers");
        assert_eq!(count(5, "server", "servers"), "5 servers");
        assert_eq!(agree(1, "s", ""), "s");
        assert_eq!(agree(2, "s", ""), "");
        assert_eq!(capitalize("émile"), "Émile");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn one_number_style() {
        assert_eq!(percent(0.995), "99.500%");
        assert_eq!(percent(0.994876), "99.488%");
        assert_eq!(points(0.0049), "0.490");
        assert_eq!(duration(43.8), "43.8 hours");
        assert_eq!(duration(88.3), "88.3 hours");
    }
}
