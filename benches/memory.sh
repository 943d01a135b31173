#!/bin/sh
# Wall time and peak memory of `archc render` as a whole process, on a generated design.
#
#   benches/memory.sh [COMPONENTS [SEED]]        the services shape (default 10,000, seed 1)
#   benches/memory.sh --cloud [COMPONENTS]       the cloud shape (zones of clusters of hosts)
#
# Builds the release binary and the generator, writes the design to a temporary file, renders
# it to SVG under GNU time (`/usr/bin/time -v`, Debian package `time`) and prints the wall time
# and maximum resident set size. Goals: 10,000 components in at most 2 s and 200 MB.
set -eu
shape=""
if [ "${1:-}" = "--cloud" ]; then
    shape="--cloud"
    shift
fi
components=${1:-10000}
seed=${2:-1}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin archc --example generate
target=${CARGO_TARGET_DIR:-target}/release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# shellcheck disable=SC2086 # $shape is empty or one word
"$target/examples/generate" $shape "$components" "$seed" > "$dir/generated.arch"
/usr/bin/time -v "$target/archc" render "$dir/generated.arch" -o "$dir/generated.svg" 2> "$dir/time.txt" || {
    cat "$dir/time.txt" >&2
    exit 1
}
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
name=${shape:+cloud }
echo "archc render, ${name}$components components (seed $seed): wall $wall, peak RSS $((kb / 1024)) MB ($kb kB), SVG $(($(wc -c < "$dir/generated.svg") / 1000)) kB"
