#!/usr/bin/env bash
# Builds the user guide with mdBook and archc's own preprocessor, then checks that its HTML
# holds the rendered diagrams: every tutorial page has inline SVG carrying archc's ids, no
# `arch` block was left as code, and the designs shown as text load the highlighting script.
#
#   docs/check.sh        (needs `mdbook` 0.5 on PATH: cargo install mdbook --locked --version ^0.5)
set -euo pipefail
cd "$(dirname "$0")"

command -v mdbook >/dev/null || { echo "docs/check.sh: mdbook is not installed" >&2; exit 1; }
rm -rf book
mdbook build

fail=0
check_page() { # PAGE MIN_DIAGRAMS
  local page="book/$1" min="$2" count
  if [ ! -f "$page" ]; then
    echo "missing page: $page" >&2
    fail=1
    return
  fi
  count=$({ grep -o '<svg[^>]*id="archc-[a-z0-9-]*' "$page" || true; } | wc -l)
  if [ "$count" -lt "$min" ]; then
    echo "$page: $count archc diagram(s), expected at least $min" >&2
    fail=1
  fi
  if grep -Eq 'class="language-arch[" ]' "$page"; then
    echo "$page: an arch block was left as code" >&2
    fail=1
  fi
}

check_page introduction.html 1
check_page tutorial/0-simple-web-stack.html 4
check_page tutorial/1-distributed.html 2
check_page tutorial/2-secured-and-monitored.html 3
check_page tutorial/3-scale-up.html 2
check_page reference/language.html 1
check_page mdbook.html 1
# The rules reference is included from docs/rules.md.
grep -q 'single-point-of-failure' book/reference/rules.html || { echo "rules reference is empty" >&2; fail=1; }

# Designs shown as text (`arch-source` blocks) are highlighted by the guide's own script.
for page in book/tutorial/0-simple-web-stack.html book/reference/language.html; do
  grep -q 'class="language-arch-source' "$page" || { echo "$page: no arch-source block" >&2; fail=1; }
  grep -Eq '<script src="[^"]*js/highlight-arch[^"]*\.js"' "$page" || { echo "$page: highlight-arch.js is not loaded" >&2; fail=1; }
done

# Ids are unique on every page.
for page in $(find book -name '*.html'); do
  dups=$({ grep -o 'id="archc-[^"]*"' "$page" || true; } | sort | uniq -d | head -3)
  if [ -n "$dups" ]; then
    echo "$page: duplicate ids: $dups" >&2
    fail=1
  fi
done

if [ "$fail" -ne 0 ]; then
  echo "docs/check.sh: the guide's diagrams are not all rendered" >&2
  exit 1
fi
total=$({ grep -o '<svg[^>]*id="archc-' -r book --include='*.html' || true; } | wc -l)
echo "docs/check.sh: the guide builds, with $total diagrams"
