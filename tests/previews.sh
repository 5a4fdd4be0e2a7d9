#!/usr/bin/env bash
# Writes the pictures the README shows: page 1 of each document kind made from the
# seed programme, as tests/previews/KIND.png (pdftoppm, 50 pixels to the inch), with
# the briefpack program in BUILD_DIR (default: build); and tests/previews/css-showcase.html
# (the CSS the engine honours, on one page) as briefpack draws it and as Chromium
# prints it, side by side in the README (css-briefpack.png, css-chromium.png). Run it after changing a
# stylesheet, look at the pictures, and commit them with the change:
#   make all && tests/previews.sh
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
seed=input/rce-shared-services.xml
name=$(basename "$seed" .xml)
kinds=(briefing-pack board-paper newsletter slides)

command -v pdftoppm >/dev/null || { echo "previews: pdftoppm is missing (make test-deps)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$build/briefpack" build -o "$tmp" -k "$(IFS=,; echo "${kinds[*]}")" "$seed"
mkdir -p tests/previews
for kind in "${kinds[@]}"; do
	pdftoppm -r 50 -png -f 1 -l 1 -singlefile "$tmp/$name.$kind.pdf" "tests/previews/$kind"
	echo "tests/previews/$kind.png"
done

showcase=tests/previews/css-showcase.html
"$build/briefpack" render -o "$tmp/showcase.pdf" "$showcase"
pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$tmp/showcase.pdf" tests/previews/css-briefpack
echo tests/previews/css-briefpack.png
if command -v chromium >/dev/null; then
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--print-to-pdf="$tmp/showcase-chromium.pdf" "$showcase" 2>/dev/null
	pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$tmp/showcase-chromium.pdf" tests/previews/css-chromium
	echo tests/previews/css-chromium.png
else
	echo "previews: chromium is missing (make test-deps): css-chromium.png not made" >&2
fi
