#!/bin/sh
# Compares archc's layout with Graphviz dot (Debian package `graphviz`) on generated designs.
#
#   benches/compare-dot.sh [SIZES...]      (default: 10 20 50 100 300 1000; seed: $SEED or 1)
#
# For each size it generates a design (`--example generate`), exports the graph that archc
# lays out to DOT (`--example to-dot`: fixed-size boxes of archc's sizes, one cluster per host,
# cluster and zone, labelled edges), times `archc render --format layout-json` and
# `dot -Tjson` (wall time of each process, dot stopped after $DOT_TIMEOUT seconds, 120 by
# default), and counts both drawings' edge crossings with the same function
# (`benches/crossings.py`): all crossings, and in brackets those between edges that share no end
# node. Prints a Markdown table.
set -eu
cd "$(dirname "$0")/.."
seed=${SEED:-1}
timeout_s=${DOT_TIMEOUT:-120}
sizes=${*:-10 20 50 100 300 1000}
python3 benches/crossings.py --self-test
cargo build --release --quiet --bin archc --example generate --example to-dot
target=${CARGO_TARGET_DIR:-target}/release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
now() { date +%s%N; }
echo "| components | edges | archc time | dot time | archc crossings | dot crossings |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
    "$target/examples/generate" "$n" "$seed" > "$dir/g.arch"
    "$target/examples/to-dot" "$dir/g.arch" > "$dir/g.dot"
    t0=$(now)
    "$target/archc" render "$dir/g.arch" --format layout-json -o "$dir/archc.json"
    t1=$(now)
    archc_ms=$(( (t1 - t0) / 1000000 ))
    set -- $(python3 benches/crossings.py "$dir/archc.json")
    edges=$1
    archc_x="$2 ($3)"
    t0=$(now)
    if timeout "$timeout_s" dot -Tjson "$dir/g.dot" > "$dir/dot.json" 2> "$dir/dot.err"; then
        t1=$(now)
        dot_time="$(( (t1 - t0) / 1000000 )) ms"
        set -- $(python3 benches/crossings.py "$dir/dot.json")
        dot_x="$2 ($3)"
    else
        status=$?
        if [ "$status" = 124 ]; then
            dot_time="failed: timeout after ${timeout_s} s"
        else
            dot_time="failed: $(grep -v '^Warning' "$dir/dot.err" | head -n 1 | tr '|' '/')"
        fi
        dot_x="–"
    fi
    echo "| $n | $edges | $archc_ms ms | $dot_time | $archc_x | $dot_x |"
done
