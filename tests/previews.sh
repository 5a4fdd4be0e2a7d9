#!/usr/bin/env bash
# Writes the pictures the README shows: page 1 of each document kind made from the
# seed programme, as tests/previews/KIND.png (pdftoppm, 50 pixels to the inch), with
# the briefpack program in BUILD_DIR (default: build). Run it after changing a
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
