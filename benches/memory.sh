#!/bin/sh
# Peak memory of `archc render` on a generated design (default 10,000 components, seed 1).
#
#   benches/memory.sh [COMPONENTS [SEED]]
#
# Builds the release binary and the generator, writes the design to a temporary file, renders
# it to SVG under GNU time (`/usr/bin/time -v`, Debian package `time`) and prints the wall time
# and maximum resident set size.
set -eu
components=${1:-10000}
seed=${2:-1}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin archc --example generate
target=${CARGO_TARGET_DIR:-target}/release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$target/examples/generate" "$components" "$seed" > "$dir/generated.arch"
/usr/bin/time -v "$target/archc" render "$dir/generated.arch" -o "$dir/generated.svg" 2> "$dir/time.txt" || {
    cat "$dir/time.txt" >&2
    exit 1
}
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
echo "archc render, $components components (seed $seed): wall $wall, peak RSS $((kb / 1024)) MB ($kb kB), SVG $(($(wc -c < "$dir/generated.svg") / 1000)) kB"
