#!/usr/bin/env bash
# Times `mdbook build` on a generated book of N chapters (default 100), each with one `arch`
# diagram (the shipped examples in turn), with and without the archc preprocessor.
#
#   benches/mdbook-book.sh [CHAPTERS]
#
# Needs `mdbook` 0.5 on PATH (`cargo install mdbook --locked --version ^0.5`). Builds
# `mdbook-archc` in release mode first. Prints the wall-clock seconds of each build, the best
# of three runs, and the difference: the time the preprocessor adds.
set -euo pipefail
cd "$(dirname "$0")/.."
chapters="${1:-100}"

command -v mdbook >/dev/null || { echo "mdbook is not installed" >&2; exit 1; }
cargo build --quiet --release --bin mdbook-archc
target_dir="${CARGO_TARGET_DIR:-target}"
bin="$(cd "$target_dir/release" && pwd)/mdbook-archc"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

make_book() { # DIR WITH_ARCHC
  local dir="$1" with="$2"
  mkdir -p "$dir/src"
  {
    echo '[book]'
    echo "title = \"$chapters diagrams\""
    if [ "$with" = yes ]; then
      echo '[preprocessor.archc]'
      echo "command = \"$bin\""
    fi
  } >"$dir/book.toml"
  echo '# Summary' >"$dir/src/SUMMARY.md"
  local examples=(examples/*.arch)
  for i in $(seq 1 "$chapters"); do
    local example="${examples[$(( (i - 1) % ${#examples[@]} ))]}"
    echo "- [Chapter $i](chapter-$i.md)" >>"$dir/src/SUMMARY.md"
    {
      echo "# Chapter $i"
      echo
      echo '```arch'
      cat "$example"
      echo '```'
    } >"$dir/src/chapter-$i.md"
  done
}

best_of_three() { # DIR: prints milliseconds
  local best=""
  for _ in 1 2 3; do
    local start end t
    start=$(date +%s%N)
    mdbook build "$1" -d "$1/out" >/dev/null 2>&1
    end=$(date +%s%N)
    t=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}

seconds() { printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )); }

make_book "$work/with" yes
make_book "$work/without" no
with=$(best_of_three "$work/with")
without=$(best_of_three "$work/without")
grep -q '<svg' "$work/with/out/chapter-1.html" || { echo "no diagram in the built book" >&2; exit 1; }
echo "mdbook build, $chapters chapters with one diagram each (best of 3):"
echo "  with archc:    $(seconds "$with") s"
echo "  without archc: $(seconds "$without") s"
echo "  preprocessing: $(seconds $(( with > without ? with - without : 0 ))) s"
