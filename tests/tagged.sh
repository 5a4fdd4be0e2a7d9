#!/usr/bin/env bash
# Tagged PDF: every kind of every programme in input/, and a golden page whose table
# runs over two pages, built with the briefpack program in BUILD_DIR (default: build).
# For each: pdfinfo says "Tagged: yes"; tests/tagged.py finds the structure tree true to
# the HTML (headings in order with their text, lists, tables with their header cells'
# scopes, figures with alt text, one element per HTML element, the document language,
# the title shown in the window, every marked-content id owned once, everything drawn
# either content or an artifact, a running footer artifact on every page); the long
# table of tests/golden/table.html is one Table over two pages, its header repeated
# as an artifact. Ends with
# "tagged: N passed, N failed".
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
bin="$build/briefpack"
kinds=(briefing-pack board-paper newsletter slides)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset SOURCE_DATE_EPOCH

# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"

for tool in pdfinfo qpdf python3; do
	command -v "$tool" >/dev/null || { echo "tagged: $tool is missing (make test-deps)"; exit 1; }
done
[ -x "$bin" ] || { echo "tagged: $bin is missing (make)"; exit 1; }

tagged_yes() { pdfinfo "$1" 2>/dev/null | grep -q '^Tagged: *yes$'; }

kind_list=$(IFS=,; echo "${kinds[*]}")
for input in input/*.xml; do
	name=$(basename "$input" .xml)
	"$bin" build -o "$tmp/$name" -k "$kind_list" "$input" >/dev/null 2>"$tmp/build.err"
	check "$input: builds" [ $? -eq 0 ]
	for kind in "${kinds[@]}"; do
		pdf=$tmp/$name/$name.$kind.pdf
		html=$tmp/$name/$name.$kind.html
		check "$name.$kind.pdf: Tagged: yes" tagged_yes "$pdf"
		check "$name.$kind.pdf: structure tree true to the HTML, decoration and running footers artifacts" \
			python3 tests/tagged.py "$pdf" "$html" --footers
	done
done

"$bin" render -o "$tmp/table.pdf" tests/golden/table.html 2>/dev/null
check "golden table.pdf: Tagged: yes" tagged_yes "$tmp/table.pdf"
check "golden table.pdf: the table over two pages is one Table, its repeated header an artifact" \
	python3 tests/tagged.py "$tmp/table.pdf" tests/golden/table.html --spans=Table --repeated-header

# --no-tags: no structure tree, and the PDF says so.
untagged_no() {
	pdfinfo "$1" 2>/dev/null | grep -q '^Tagged: *no$' &&
		! qpdf --qdf --object-streams=disable "$1" - 2>/dev/null | grep -aq '/StructTreeRoot'
}
"$bin" render --no-tags -o "$tmp/table-untagged.pdf" tests/golden/table.html 2>/dev/null
check "golden table.pdf with --no-tags: Tagged: no, no structure tree" untagged_no "$tmp/table-untagged.pdf"

finish tagged
