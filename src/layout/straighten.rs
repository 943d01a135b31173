//! Part of step 6, *route*: long edges straightened before they are routed.
//!
//! An orthogonal route bends twice wherever two consecutive slots of its chain
//! (its ports and the x of its dummies, see [`super::route`]) differ. The
//! placement ([`super::place`]) balances four Brandes–Köpf alignments and
//! then pulls nodes to their centres, which leaves dummies a few units off
//! their neighbours, and the ports ([`super::route`]) may move off a dummy to
//! keep clear of titles or of other ports. Each dummy is therefore moved, when
//! the room between its neighbours in its layer allows, to the slot that the
//! most of its chains' neighbouring slots share: the local straightening of
//! the "priority method" of K. Sugiyama, S. Tagawa and M. Toda, "Methods for
//! visual understanding of hierarchical system structures", IEEE SMC 11(2),
//! 1981, section III-D, applied with exact alignment as the goal, because
//! orthogonal routing makes any offset cost two bends.
//!
//! A column of one chain's dummies (shared with no other chain) moves as a
//! whole, since no single dummy of it gains by moving alone.
//!
//! Sweeps run down and up the layers; each dummy costs the number of
//! chains through it, times their log, so a sweep is near-linear.

use super::graph::{sep, Chain, Item};

/// Sweeps (down, up, down, …) of [`run`].
const SWEEPS: usize = 4;

/// Two slots closer than this are one, SVG user units: the tolerance under
/// which the router draws no horizontal segment.
const SAME: f64 = 0.01;

/// Moves the dummies of `chains` in `x` (internal x, SVG user units) to line
/// up with their chains' neighbouring slots.
///
/// `layers` lists items left to right; `top_port[c]` / `bottom_port[c]` are
/// the x of chain `c`'s ports on its upper and lower node. A dummy moves only
/// within the room `sep` leaves to its layer neighbours, never to a place
/// where `blocked(dummy, x)` holds (such as under a container title), and
/// only to a slot that more of its segments share than its current one.
/// Returns the number of moves.
pub(crate) fn run(
    items: &[Item],
    layers: &[Vec<usize>],
    chains: &[Chain],
    x: &mut [f64],
    top_port: &[f64],
    bottom_port: &[f64],
    blocked: impl Fn(usize, f64) -> bool,
) -> usize {
    // Per item: the chains through it (as dummy `k` of chain `c`).
    let mut through: Vec<Vec<(usize, usize)>> = vec![Vec::new(); items.len()];
    for (c, ch) in chains.iter().enumerate() {
        let last = ch.items.len() - 1;
        for (k, &d) in ch.items.iter().enumerate().take(last).skip(1) {
            through[d].push((c, k));
        }
    }
    // Per item: its layer and its place in it.
    let mut pos = vec![(0, 0); items.len()];
    for (l, layer) in layers.iter().enumerate() {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = (l, i);
        }
    }
    let mut moves = 0;
    let mut slots: Vec<f64> = Vec::new();
    for sweep in 0..SWEEPS {
        let mut moved = false;
        let order: Box<dyn Iterator<Item = &Vec<usize>>> = if sweep % 2 == 0 {
            Box::new(layers.iter())
        } else {
            Box::new(layers.iter().rev())
        };
        for layer in order {
            for &d in layer {
                if through[d].is_empty() {
                    continue;
                }
                let (lo, hi) = room(items, layers, &pos, x, d);
                // The neighbouring slots of every chain through `d`.
                slots.clear();
                for &(c, k) in &through[d] {
                    let ch = &chains[c].items;
                    slots.push(if k == 1 { top_port[c] } else { x[ch[k - 1]] });
                    slots.push(if k + 2 == ch.len() {
                        bottom_port[c]
                    } else {
                        x[ch[k + 1]]
                    });
                }
                slots.sort_by(f64::total_cmp);
                let here = x[d];
                let count = |v: f64| slots.iter().filter(|&&s| (s - v).abs() < SAME).count();
                let mut best = (count(here), here);
                let mut i = 0;
                while i < slots.len() {
                    let v = slots[i];
                    let mut j = i;
                    while j < slots.len() && slots[j] - v < SAME {
                        j += 1;
                    }
                    let n = j - i;
                    if n > best.0 && v >= lo - SAME && v <= hi + SAME && !blocked(d, v) {
                        best = (n, v);
                    }
                    i = j;
                }
                if (best.1 - here).abs() >= SAME {
                    x[d] = best.1;
                    moves += 1;
                    moved = true;
                }
            }
        }
        // Runs: the dummies of one chain that stand in one column, and no other chain's, move
        // together, so that a column a few units off its port lines up as a whole.
        for (c, ch) in chains.iter().enumerate() {
            let items_of = &ch.items;
            let last = items_of.len() - 1;
            let mut k0 = 1;
            while k0 < last {
                let here = x[items_of[k0]];
                let mut k1 = k0;
                while k1 + 1 < last
                    && through[items_of[k1 + 1]].len() == 1
                    && (x[items_of[k1 + 1]] - here).abs() < SAME
                {
                    k1 += 1;
                }
                let run = &items_of[k0..=k1];
                let next_k = k1 + 1;
                if run.iter().all(|&d| through[d].len() == 1) {
                    let prev = if k0 == 1 {
                        top_port[c]
                    } else {
                        x[items_of[k0 - 1]]
                    };
                    let next = if next_k == last {
                        bottom_port[c]
                    } else {
                        x[items_of[next_k]]
                    };
                    let shared =
                        |v: f64| ((prev - v).abs() < SAME) as u8 + ((next - v).abs() < SAME) as u8;
                    let now = shared(here);
                    for v in [prev, next] {
                        if shared(v) > now
                            && run.iter().all(|&d| {
                                let (lo, hi) = room(items, layers, &pos, x, d);
                                v >= lo - SAME && v <= hi + SAME && !blocked(d, v)
                            })
                        {
                            for &d in run {
                                x[d] = v;
                            }
                            moves += 1;
                            moved = true;
                            break;
                        }
                    }
                }
                k0 = k1 + 1;
            }
        }
        if !moved {
            break;
        }
    }
    moves
}

/// The interval of x in which item `d` keeps [`sep`] to its neighbours in its layer.
fn room(
    items: &[Item],
    layers: &[Vec<usize>],
    pos: &[(usize, usize)],
    x: &[f64],
    d: usize,
) -> (f64, f64) {
    let (l, i) = pos[d];
    let layer = &layers[l];
    let lo = if i > 0 {
        let a = layer[i - 1];
        x[a] + sep(&items[a], &items[d])
    } else {
        f64::NEG_INFINITY
    };
    let hi = match layer.get(i + 1) {
        Some(&b) => x[b] - sep(&items[d], &items[b]),
        None => f64::INFINITY,
    };
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::super::graph::Kind;
    use super::*;

    /// [`run`] on one chain through `chain`, with ports at `top` and `bottom`.
    fn straighten(
        items: &[Item],
        layers: &[Vec<usize>],
        chain: &[usize],
        x: &mut [f64],
        [top, bottom]: [f64; 2],
        blocked: impl Fn(usize, f64) -> bool,
    ) -> usize {
        let chain = Chain {
            edge: 0,
            reversed: false,
            items: chain.to_vec(),
            label: None,
        };
        run(items, layers, &[chain], x, &[top], &[bottom], blocked)
    }

    fn item(kind: Kind, rank: usize, half: f64) -> Item {
        Item {
            kind,
            rank,
            parent: None,
            left: half,
            right: half,
            depth: 10.0,
        }
    }

    /// A node, a dummy below it and a node below that.
    fn one_dummy() -> Vec<Item> {
        vec![
            item(Kind::Node(0), 0, 50.0),
            item(Kind::Dummy, 1, 1.0),
            item(Kind::Node(1), 2, 50.0),
        ]
    }

    #[test]
    fn a_dummy_lines_up_with_its_ports_when_its_layer_has_room() {
        // Two nodes above and below one dummy that sits 3 units off both ports, and a node in
        // the dummy's layer, 40 units to its right.
        let mut items = one_dummy();
        items.push(item(Kind::Node(2), 1, 20.0));
        let layers = vec![vec![0], vec![1, 3], vec![2]];
        // Where the dummy ends up, and how many moves, with its neighbour at `right`.
        let go = |right: f64, blocked: fn(usize, f64) -> bool| {
            let mut x = vec![100.0, 103.0, 100.0, right];
            let moves = straighten(&items, &layers, &[0, 1, 2], &mut x, [100.0, 100.0], blocked);
            (moves, x[1])
        };
        assert_eq!(go(143.0, |_, _| false), (1, 100.0));
        // Blocked there, it stays.
        assert_eq!(go(143.0, |_, v| v < 101.0), (0, 103.0));
        // With its neighbour too close, it stays.
        assert_eq!(go(120.0, |_, _| false), (0, 103.0));
    }

    #[test]
    fn a_column_of_dummies_moves_as_a_whole() {
        // Two dummies of one chain in one column, 3 units right of both ports: neither alone
        // gains by moving (it would share one slot and lose the other), the run does.
        let items = vec![
            item(Kind::Node(0), 0, 50.0),
            item(Kind::Dummy, 1, 1.0),
            item(Kind::Dummy, 2, 1.0),
            item(Kind::Node(1), 3, 50.0),
        ];
        let layers = vec![vec![0], vec![1], vec![2], vec![3]];
        let mut x = vec![100.0, 103.0, 103.0, 100.0];
        straighten(
            &items,
            &layers,
            &[0, 1, 2, 3],
            &mut x,
            [100.0, 100.0],
            |_, _| false,
        );
        assert_eq!((x[1], x[2]), (100.0, 100.0));
    }

    #[test]
    fn a_dummy_between_two_disagreeing_slots_keeps_the_one_it_shares() {
        let items = one_dummy();
        let layers = vec![vec![0], vec![1], vec![2]];
        // Already on its upper port: one bend pair either way, so it stays.
        let mut x = vec![100.0, 90.0, 100.0];
        let moves = straighten(
            &items,
            &layers,
            &[0, 1, 2],
            &mut x,
            [90.0, 110.0],
            |_, _| false,
        );
        assert_eq!(moves, 0);
        assert_eq!(x[1], 90.0);
    }
}
