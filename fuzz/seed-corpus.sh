#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target from the repository's own designs: the examples,
# the `.arch` files of the user guide and the test fixtures, and the `arch` blocks of the
# guide's Markdown pages. Writes fuzz/corpus/TARGET/ (not committed); run it before fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(parse compile layout fmt)
for t in "${targets[@]}"; do mkdir -p "fuzz/corpus/$t"; done
n=0
add() { # add FILE: one seed, named by its content's hash so that reruns add nothing twice
  local name
  name=$(sha1sum "$1" | cut -c1-40)
  for t in "${targets[@]}"; do cp "$1" "fuzz/corpus/$t/$name"; done
  n=$((n + 1))
}
while IFS= read -r -d '' f; do add "$f"; done < <(
  find examples docs tests/fixtures -name '*.arch' -print0 | sort -z)
# Fenced ```arch blocks of the guide.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS= read -r -d '' page; do
  awk -v dir="$tmp" -v base="$(basename "$page" .md)" '
    /^```arch/ { inside = 1; k++; file = dir "/" base "-" k ".arch"; printf "" > file; next }
    /^```/ && inside { inside = 0; close(file); next }
    inside { print >> file }
  ' "$page"
done < <(find docs README.md -name '*.md' -print0 | sort -z)
for f in "$tmp"/*.arch; do [ -s "$f" ] && add "$f"; done
echo "seed corpus: $n designs in fuzz/corpus/{$(IFS=,; echo "${targets[*]}")}"
