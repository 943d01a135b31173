//! Crossing counts of one gap between two layers ([`super::State`]'s cost).

/// Barth, Jünger & Mutzel (2004) accumulator-tree bilayer cross count: the
/// number of pairs of edges `(a, b)`, `(c, d)` (upper, lower positions) with
/// `a < c && b > d` or vice versa. `lower_len` bounds the lower positions.
#[cfg(test)]
pub(crate) fn bilayer_crossings(pairs: &mut [(usize, usize)], lower_len: usize) -> usize {
    pairs.sort_unstable();
    let segs: Vec<(usize, usize, bool)> = pairs.iter().map(|&(u, l)| (u, l, false)).collect();
    accumulate2(&segs, lower_len, &mut Vec::new(), &mut Vec::new()).0
}

/// The accumulator-tree pass of Barth, Jünger and Mutzel over segments of two sorts,
/// `(upper, lower, is_side)` sorted by upper then lower position: returns the crossings between two edge segments and those between an edge
/// segment and a container side (two sides never cross: containers nest and keep one order).
/// `edges` and `sides` are scratch space.
pub(super) fn accumulate2(
    segs: &[(usize, usize, bool)],
    lower_len: usize,
    edges: &mut Vec<usize>,
    sides: &mut Vec<usize>,
) -> (usize, usize) {
    let mut first = 1usize;
    while first < lower_len.max(1) {
        first *= 2;
    }
    for tree in [&mut *edges, &mut *sides] {
        tree.clear();
        tree.resize(2 * first - 1, 0);
    }
    let first = first - 1;
    let (mut crossings, mut through) = (0, 0);
    for &(_, lower, side) in segs {
        let mut index = lower + first;
        if side {
            sides[index] += 1;
        } else {
            edges[index] += 1;
        }
        while index > 0 {
            if index % 2 == 1 {
                // Segments already inserted (upper end further left) whose lower end lies
                // further right cross this one.
                through += if side {
                    edges[index + 1]
                } else {
                    sides[index + 1]
                };
                if !side {
                    crossings += edges[index + 1];
                }
            }
            index = (index - 1) / 2;
            if side {
                sides[index] += 1;
            } else {
                edges[index] += 1;
            }
        }
    }
    (crossings, through)
}
