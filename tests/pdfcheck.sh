#!/usr/bin/env bash
# PDF/UA-1 and PDF/A-2 conformance: tests/pdfcheck.py on every kind of every input, every golden page and broken variants it must catch.
#
# Usage: tests/pdfcheck.sh [BUILD_DIR] (default: build; the briefpack program is
# BUILD_DIR/briefpack).
#
# Checks, with tests/pdfcheck.py (the machine-checkable conditions of the Matterhorn
# Protocol 1.1 for PDF/UA-1, and of PDF/A-2 b, u and a):
#   - every kind of every programme in input/, tagged (--expect-tagged), and built
#     with --no-tags (then only what needs no tags: fonts, character maps, XObjects...);
#   - every page of tests/golden/ rendered: PDF/UA-1 where it is claimed, and claimed
#     unless the page has no lang or its headings start below h1 or skip a level;
#   - when briefpack has --pdf-variant, every golden page rendered as pdf/a-2u and the
#     programmes built as pdf/a-2a, with the PDF/A-2 checks; otherwise it says so and
#     skips them;
#   - negative checks, so that the checker is known to fail: tests/pdfbreak.py breaks a
#     good board paper one way at a time (a Figure without Alt, no Lang, pdfuaid:part 2,
#     an MCID dropped from the tree, no Tabs, no ToUnicode, ...) and, made to claim
#     PDF/A-2u, a board paper and the images page (no output intent, no extension
#     schema, Interpolate true, a JavaScript action, ...); for each, pdfcheck.py must
#     report, among the lines it does not print for the unbroken file, the condition
#     the break violates. So must it for a file encrypted without the accessibility
#     permission (26-002) and for an untagged file given --expect-tagged.
# A failure shows pdfcheck.py's lines ("FILE: Matterhorn 06-002: ...") and a FAIL line.
# Ends with "pdfcheck: N passed, N failed".
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
bin="$build/briefpack"
case $bin in /*) ;; *) bin="$top/$bin" ;; esac
kinds=(briefing-pack board-paper newsletter slides)
check_py="$top/tests/pdfcheck.py"
break_py="$top/tests/pdfbreak.py"

for tool in qpdf fix-qdf python3; do
	command -v "$tool" >/dev/null || { echo "pdfcheck: $tool is missing (make test-deps)"; exit 1; }
done
[ -x "$bin" ] || { echo "pdfcheck: $bin is missing (make)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset SOURCE_DATE_EPOCH

# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"

# run_checker [OPTION]... PDF...: runs pdfcheck.py once on the PDFs (relative to
# $tmp, so that its messages name them briefly); its lines go to $tmp/results.
# pdfcheck.py exits 1 when it finds something wrong; more is a failure of its own.
run_checker() {
	local status
	(cd "$tmp" && python3 "$check_py" "$@") >"$tmp/results" 2>&1
	status=$?
	[ $status -le 1 ] || sed -n '/cannot check\|Traceback/,$p' "$tmp/results" | head -20
	check "pdfcheck.py runs on ${*: -1} and the rest (exit status $status)" [ $status -le 1 ]
}

# lines_of PDF: the lines of $tmp/results about PDF, without the name.
lines_of() { awk -v p="$1: " 'index($0, p) == 1 { print substr($0, length(p) + 1) }' "$tmp/results"; }

# conforms PDF: $tmp/results reports no failure of PDF (notes are not failures).
conforms() {
	local failures
	failures=$(lines_of "$1" | grep -v '^note: ')
	[ -z "$failures" ] && return 0
	printf '%s\n' "$failures" | sed "s|^|$1: |"
	return 1
}

# reports PDF CONDITION: a line of $tmp/results about PDF reports CONDITION.
reports() { lines_of "$1" | grep -q "^$2: "; }

# caught BASE BROKEN CONDITION: among the lines of $tmp/results about BROKEN that
# are not about BASE too, one reports CONDITION.
caught() {
	local new
	new=$(grep -F -x -v -f <(lines_of "$1") <(lines_of "$2"))
	printf '%s\n' "$new" | grep -q -F "$3: " && return 0
	echo "  $2: pdfcheck.py did not report $3; it said (beyond what it says of $1):"
	printf '%s\n' "$new" | head -5 | sed 's/^/    /'
	return 1
}

# check_group WHAT [OPTION]... -- PDF...: one check per PDF, that it conforms.
check_group() {
	local what=$1 options=() pdf
	shift
	while [ "$1" != -- ]; do
		options+=("$1")
		shift
	done
	shift
	run_checker "${options[@]}" "$@"
	for pdf in "$@"; do
		check "$pdf: $what" conforms "$pdf"
	done
}

# check_broken DIR [OPTION]...: DIR/expect lists "VARIANT CONDITION" lines (from
# pdfbreak.py); pdfcheck.py must report CONDITION for DIR/VARIANT.pdf and not for
# DIR/base.pdf.
check_broken() {
	local dir=$1 variant condition files=()
	shift
	while read -r variant condition; do
		files+=("$dir/$variant.pdf")
	done <"$tmp/$dir/expect"
	run_checker "$@" "$dir/base.pdf" "${files[@]}"
	while read -r variant condition; do
		check "$dir/$variant.pdf: pdfcheck.py reports $condition" caught "$dir/base.pdf" "$dir/$variant.pdf" "$condition"
	done <"$tmp/$dir/expect"
}

# in_tmp 'PATTERN': the files of $tmp the pattern matches, relative to $tmp.
in_tmp() { (cd "$tmp" && for f in $1; do [ -e "$f" ] && echo "$f"; done); }

# ---------------------------------------------------------------- briefpack's outputs
kind_list=$(IFS=,; echo "${kinds[*]}")
"$bin" build -o "$tmp/input" -k "$kind_list" input/*.xml >/dev/null 2>"$tmp/build.err"
check "input/*.xml: build every kind" [ $? -eq 0 ]
# shellcheck disable=SC2046
check_group "PDF/UA-1 (Matterhorn) conditions" --expect-tagged -- $(in_tmp 'input/*.pdf')

"$bin" build --no-tags -o "$tmp/no-tags" -k "$kind_list" input/*.xml >/dev/null 2>"$tmp/build.err"
check "input/*.xml: build every kind with --no-tags" [ $? -eq 0 ]
# shellcheck disable=SC2046
check_group "the conditions that need no tags" -- $(in_tmp 'no-tags/*.pdf')

# Golden pages: a page claims PDF/UA-1 (and is checked as such) unless briefpack said
# why it cannot: no lang on <html>, or headings that start below h1 or skip a level,
# as the page itself says.
claims_ua() { grep -aq '<pdfuaid:part>1</pdfuaid:part>' "$1"; }
declines_ua() { ! claims_ua "$1" && grep -q 'not claimed to be PDF/UA-1' "$2"; }
html_breaks_ua() {
	python3 - "$1" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
if not re.search(r"<html[^>]*\slang=", html):
    sys.exit(0)
last = 0
for level in (int(h) for h in re.findall(r"<h([1-6])[\s>]", html)):
    if (last == 0 and level != 1) or level > last + 1:
        sys.exit(0)
    last = level
sys.exit(1)
PY
}
mkdir -p "$tmp/golden"
for page in tests/golden/*.html; do
	name=$(basename "$page" .html)
	"$bin" render -o "$tmp/golden/$name.pdf" "$page" >/dev/null 2>"$tmp/golden/$name.err"
	check "$page: renders" [ -s "$tmp/golden/$name.pdf" ]
	if html_breaks_ua "$page"; then
		check "$page: not claimed PDF/UA-1, with the reason said" \
			declines_ua "$tmp/golden/$name.pdf" "$tmp/golden/$name.err"
	else
		check "$page: claims PDF/UA-1" claims_ua "$tmp/golden/$name.pdf"
	fi
done
# shellcheck disable=SC2046
check_group "PDF/UA-1 (Matterhorn) conditions where claimed" -- $(in_tmp 'golden/*.pdf')

if "$bin" --help 2>&1 | grep -q -- '--pdf-variant'; then
	mkdir -p "$tmp/golden-pdfa"
	for page in tests/golden/*.html; do
		name=$(basename "$page" .html)
		"$bin" render --pdf-variant=pdf/a-2u -o "$tmp/golden-pdfa/$name.pdf" "$page" >/dev/null 2>&1
		check "$page: renders as pdf/a-2u" [ -s "$tmp/golden-pdfa/$name.pdf" ]
	done
	# shellcheck disable=SC2046
	check_group "PDF/A-2u (and PDF/UA-1 where claimed) conditions" --pdfa=2u -- $(in_tmp 'golden-pdfa/*.pdf')
	"$bin" build --pdf-variant=pdf/a-2a -o "$tmp/input-pdfa" -k "$kind_list" input/*.xml >/dev/null 2>"$tmp/build.err"
	check "input/*.xml: build every kind as pdf/a-2a" [ $? -eq 0 ]
	# shellcheck disable=SC2046
	check_group "PDF/A-2a and PDF/UA-1 conditions" --expect-tagged --pdfa=2a -- $(in_tmp 'input-pdfa/*.pdf')
else
	echo "pdfcheck: $bin has no --pdf-variant: the PDF/A checks of its outputs are skipped" \
		"(they still run on the synthetic PDF/A files below)"
fi

# ------------------------------------------------------------ the checker can fail
good=input/rce-shared-services.board-paper.pdf
if [ -s "$tmp/$good" ]; then
	mkdir -p "$tmp/broken-ua"
	cp "$tmp/$good" "$tmp/broken-ua/base.pdf"
	ua_variants=$(python3 "$break_py" --list | awk '$1 !~ /^pdfa-/ { print $1 }')
	# shellcheck disable=SC2086
	python3 "$break_py" "$tmp/$good" "$tmp/broken-ua" $ua_variants >"$tmp/broken-ua/expect"
	check "pdfbreak.py: every PDF/UA variant of $good made" [ $? -eq 0 ]
	if qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n --accessibility=n -- \
		"$tmp/$good" "$tmp/broken-ua/no-accessibility.pdf" 2>/dev/null; then
		echo "no-accessibility Matterhorn 26-002" >>"$tmp/broken-ua/expect"
	else
		check "qpdf encrypts $good without the accessibility permission" false
	fi
	check_broken broken-ua --expect-tagged

	mkdir -p "$tmp/broken-pdfa"
	python3 "$break_py" --pdfa "$tmp/$good" "$tmp/broken-pdfa" pdfa-conformance pdfa-no-extension \
		pdfa-no-output-intent pdfa-icc-n pdfa-info-title pdfa-lzw pdfa-no-id pdfa-annot-hidden \
		pdfa-javascript pdfa-catalog-aa pdfa-xpacket-bytes pdfa-operator pdfa-unicode \
		pdfa-not-embedded >"$tmp/broken-pdfa/expect"
	check "pdfbreak.py: every PDF/A variant of $good made" [ $? -eq 0 ]
	check_broken broken-pdfa
	check "broken-pdfa/base.pdf ($good made to claim PDF/A-2u): PDF/A-2u conditions" \
		conforms broken-pdfa/base.pdf
else
	check "$good was built, to break" false
fi

if [ -s "$tmp/golden/images.pdf" ]; then
	mkdir -p "$tmp/broken-pdfa-images"
	python3 "$break_py" --pdfa "$tmp/golden/images.pdf" "$tmp/broken-pdfa-images" \
		pdfa-interpolate pdfa-blend-mode >"$tmp/broken-pdfa-images/expect"
	check "pdfbreak.py: every PDF/A variant of golden/images.pdf made" [ $? -eq 0 ]
	check_broken broken-pdfa-images
fi

untagged=$(in_tmp 'no-tags/*.board-paper.pdf' | head -1)
if [ -n "$untagged" ]; then
	run_checker --expect-tagged "$untagged"
	check "$untagged with --expect-tagged: pdfcheck.py reports PDF/UA-1 7.1 (no structure tree)" \
		reports "$untagged" "PDF/UA-1 7.1"
fi

finish pdfcheck
