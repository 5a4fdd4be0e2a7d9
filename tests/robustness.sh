#!/bin/sh
# Robustness tests for the layout engine: hostile and extreme pages, generated on the
# fly into a temporary folder, are rendered with `briefpack render` under a time bound,
# and the exit status, the diagnostics, the PDF (qpdf --check, pdftotext, pdfinfo) and
# the --dump=pages output are checked. Prints "ok - ..." or "FAIL - ..." per case and
# ends with "robustness: N passed, N failed". Usage: tests/robustness.sh [BUILD_DIR].
# TIME_LIMIT=SECONDS bounds each run (default 60); KEEP_TMP=1 keeps the generated files.
set -u
build=${1:-build}
bin=$build/briefpack
limit=${TIME_LIMIT:-60}
pass=0
fail=0

for tool in "$bin" timeout qpdf pdftotext pdfinfo awk cmp; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || {
		echo "robustness: $tool not found"
		exit 2
	}
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/robustness.XXXXXX") || exit 2
if [ "${KEEP_TMP:-0}" = 1 ]; then
	echo "robustness: generated files kept in $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi
trap 'exit 2' HUP INT TERM

# --- helpers -------------------------------------------------------------------------

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# case_begin TITLE: starts a case; problems found are added with problem.
case_begin() {
	title=$1
	problems=
	started=$(now_ms)
}

# problem TEXT: records why the current case fails (one line of detail).
problem() {
	problems="$problems
    $*"
}

# case_end: prints the case's line and counts it.
case_end() {
	ms=$(($(now_ms) - started))
	secs=$(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)))
	if [ -z "$problems" ]; then
		pass=$((pass + 1))
		printf 'ok - %s (%ss)\n' "$title" "$secs"
	else
		fail=$((fail + 1))
		printf 'FAIL - %s (%ss)%s\n' "$title" "$secs" "$problems"
	fi
}

# render NAME [ARG...]: renders $tmp/NAME.html with ARGs (default: -o $tmp/NAME.pdf)
# under the time bound; sets rc, keeps stdout and stderr in $tmp/NAME.out and .err,
# and records a problem for a timeout, a crash or a sanitizer or GLib complaint.
render() {
	name=$1
	shift
	[ $# -gt 0 ] || set -- -o "$tmp/$name.pdf"
	timeout "$limit" "$bin" render "$@" "$tmp/$name.html" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	if [ $rc -eq 124 ]; then
		problem "$name.html: no result within ${limit}s"
	elif [ $rc -gt 2 ]; then
		problem "$name.html: exit status $rc: $(tail -n 3 "$tmp/$name.err" | tr '\n' ' ')"
	fi
	if grep -E -m 3 'CRITICAL|runtime error|Sanitizer|-WARNING \*\*' "$tmp/$name.err" \
		>"$tmp/$name.bad"; then
		problem "$name.html: library or sanitizer complaint: $(tr '\n' ' ' <"$tmp/$name.bad")"
	fi
}

# expect_status NAME WANT: records a problem when the last render's status is not WANT.
expect_status() {
	[ "$rc" -eq "$2" ] ||
		problem "$1.html: exit status $rc, expected $2: $(head -n 3 "$tmp/$1.err" | tr '\n' ' ')"
}

# qpdf_clean PDF: records a problem unless qpdf --check finds nothing wrong.
qpdf_clean() {
	if [ ! -f "$1" ]; then
		problem "$(basename "$1") was not written"
		return 1
	fi
	if ! qpdf --check "$1" >"$tmp/qpdf.txt" 2>&1; then
		problem "qpdf --check $(basename "$1"): $(grep -v '^checking\|^PDF Version\|^File is not\|^no syntax' "$tmp/qpdf.txt" | head -n 3 | tr '\n' ' ')"
		return 1
	fi
}

# page_count PDF: prints the number of pages (0 when pdfinfo cannot read it).
page_count() {
	pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { n = $2 } END { print n + 0 }'
}

# words PDF: prints the PDF's text one word a line, in content order.
words() {
	pdftotext -raw "$1" - 2>/dev/null | tr -s '[:space:]' '[\n*]' | grep -v '^$'
}

# numbered PREFIX N: prints PREFIX1 .. PREFIXN, one a line.
numbered() {
	awk -v p="$1" -v n="$2" 'BEGIN { for (i = 1; i <= n; i++) print p i }'
}

# paragraph N: prints the words w1 .. wN, twenty a line.
paragraph() {
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "w%d%s", i, (i % 20 ? " " : "\n") }'
}

# same_words NAME EXPECTED ACTUAL: records a problem when the word lists differ.
same_words() {
	if ! cmp -s "$2" "$3"; then
		problem "$1: text differs from what was written ($(wc -l <"$2") words expected, $(wc -l <"$3") found); first difference:"
		problem "$(diff "$2" "$3" | head -n 6 | tr '\n' ' ')"
	fi
}

# fits NAME: records a problem when a line box in $tmp/NAME.out (from --dump=pages)
# lies outside the content area of its page.
fits() {
	awk '
		/^page / {
			page = $2
			split($3, size, "[=x]")
			split($4, margin, "[=,]")
			top = margin[2]; right = size[2] - margin[3]
			bottom = size[3] - margin[4]; left = margin[5]
		}
		/^ *lines / {
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^x=/) x = substr($i, 3) + 0
				if ($i ~ /^y=/) y = substr($i, 3) + 0
				if ($i ~ /^w=/) w = substr($i, 3) + 0
				if ($i ~ /^h=/) h = substr($i, 3) + 0
			}
			if (x < left - 0.5 || x + w > right + 0.5 || y < top - 0.5 || y + h > bottom + 0.5) {
				sub(/^ */, "")
				print "page " page ": " substr($0, 1, 90)
			}
		}' "$tmp/$1.out" >"$tmp/$1.outside"
	[ ! -s "$tmp/$1.outside" ] ||
		problem "$1.html: $(wc -l <"$tmp/$1.outside") line box(es) outside the page area, first: $(head -n 1 "$tmp/$1.outside")"
}

# --- 1. a paragraph across pages of different widths --------------------------------

case_begin "1 3,000-word paragraph across pages of changing width: all words, once, in order"
{
	echo '<html><head><style>'
	echo '@page { size: 400px 300px; margin: 20px }'
	echo '@page :first { margin-left: 150px } @page :left { margin-right: 80px }'
	echo '</style></head><body><p>'
	paragraph 3000
	echo '</p></body></html>'
} >"$tmp/widths.html"
render widths
expect_status widths 0
if qpdf_clean "$tmp/widths.pdf"; then
	numbered w 3000 >"$tmp/widths.want"
	words "$tmp/widths.pdf" >"$tmp/widths.got"
	same_words widths.pdf "$tmp/widths.want" "$tmp/widths.got"
fi
render widths --dump=pages
expect_status widths 0
fits widths
# The case only means something if the paragraph really meets three page widths.
margins=$(grep '^page ' "$tmp/widths.out" | sed 's/.*margins=//' | sort -u | wc -l)
[ "$margins" -ge 3 ] || problem "widths.html: $margins different page margins in --dump=pages, expected 3"
case_end

# --- 2. a very long paragraph --------------------------------------------------------

# long_page NAME WORDS: one paragraph of WORDS words.
long_page() {
	{
		echo '<html><body><p>'
		paragraph "$2"
		echo '</p></body></html>'
	} >"$tmp/$1.html"
}
case_begin "2 40,000-word paragraph: every word present once"
long_page long 40000
render long
expect_status long 0
if qpdf_clean "$tmp/long.pdf"; then
	words "$tmp/long.pdf" >"$tmp/long.got"
	n=$(wc -l <"$tmp/long.got")
	first=$(head -n 1 "$tmp/long.got")
	last=$(tail -n 1 "$tmp/long.got")
	if [ "$n" -ne 40000 ] || [ "$first" != w1 ] || [ "$last" != w40000 ]; then
		problem "long.pdf: $n words from '$first' to '$last', expected 40000 from w1 to w40000"
	fi
	numbered w 40000 >"$tmp/long.want"
	same_words long.pdf "$tmp/long.want" "$tmp/long.got"
fi
case_end

# --- 3. one huge word ----------------------------------------------------------------

# word_page NAME KB [STYLE]: one paragraph that is a single word of KB thousand
# letters, with STYLE as its style attribute.
word_page() {
	{
		printf '<html><body><p style="%s">' "${3:-}"
		awk -v n="$2" 'BEGIN { for (i = 0; i < n * 10; i++) printf "%s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }'
		echo '</p></body></html>'
	} >"$tmp/$1.html"
}
case_begin "3 300 KB word without a space, overflow-wrap: anywhere: split over pages, no text lost"
word_page word 300 'overflow-wrap: anywhere'
render word
expect_status word 0
if qpdf_clean "$tmp/word.pdf"; then
	pages=$(page_count "$tmp/word.pdf")
	[ "$pages" -ge 2 ] || problem "word.pdf: $pages page(s), expected at least 2"
	xs=$(pdftotext -raw "$tmp/word.pdf" - 2>/dev/null | tr -cd x | wc -c)
	[ "$xs" -eq 300000 ] || problem "word.pdf: $xs letters in the text, expected 300000"
fi
case_end

# As in browsers, a word is not broken unless the style asks: it runs past its line,
# and the user is told once.
case_begin "3 300 KB word without a space: one line past the page's side, one warning"
word_page overflow 300
render overflow
expect_status overflow 0
if qpdf_clean "$tmp/overflow.pdf"; then
	pages=$(page_count "$tmp/overflow.pdf")
	[ "$pages" -eq 1 ] || problem "overflow.pdf: $pages page(s), expected 1"
	n=$(grep -c 'text runs past the side of its box' "$tmp/overflow.err")
	[ "$n" -eq 1 ] || problem "overflow.html: $n warnings about text past its box, expected 1"
fi
case_end

# --- 4. nesting deeper than the parser allows ----------------------------------------

case_begin "4 300 nested divs: refused with file and line, exit 1, no PDF written or replaced"
{
	echo '<html><body>'
	awk 'BEGIN { for (i = 0; i < 300; i++) printf "<div>"; printf "deep"
		     for (i = 0; i < 300; i++) printf "</div>"; print "" }'
	echo '</body></html>'
} >"$tmp/deep.html"
render deep
expect_status deep 1
grep -q -E '^[^ ]*/deep\.html:[0-9]+(:[0-9]+)?: error: .*nested' "$tmp/deep.err" ||
	problem "deep.html: no 'FILE:LINE: error: ... nested ...' message; got: $(head -n 2 "$tmp/deep.err" | tr '\n' ' ')"
[ ! -e "$tmp/deep.pdf" ] ||
	problem "deep.pdf written ($(page_count "$tmp/deep.pdf") page(s)) although the document failed"
# A failed document leaves the previous output as it was.
printf 'previous output\n' >"$tmp/deep-old.pdf"
cp "$tmp/deep-old.pdf" "$tmp/deep-old.want"
render deep -o "$tmp/deep-old.pdf"
expect_status deep 1
cmp -s "$tmp/deep-old.want" "$tmp/deep-old.pdf" ||
	problem "deep-old.pdf: the previous output was replaced although the document failed"
leftover=$(find "$tmp" -name '.deep*' | wc -l)
[ "$leftover" -eq 0 ] || problem "$leftover temporary file(s) left beside the output"
case_end

# --- 5. a long table with header and footer ------------------------------------------

# table_page NAME ROWS: a table with a header, ROWS rows labelled r1 .. rROWS and a
# footer thirty lines tall, which must stay on the page with the last row.
table_page() {
	{
		echo '<html><head><style>@page { size: A5; margin: 30px }</style></head><body>'
		echo '<p>Before the table.</p>'
		echo '<table><thead><tr><th>HeadAlpha</th><th>HeadBeta</th></tr></thead>'
		printf '<tfoot><tr><td>FootOmega'
		awk 'BEGIN { for (i = 2; i <= 30; i++) printf "<br>f%d", i }'
		echo '</td><td>total</td></tr></tfoot><tbody>'
		awk -v n="$2" 'BEGIN { for (i = 1; i <= n; i++) printf "<tr><td>r%d</td><td>cell %d</td></tr>\n", i, i }'
		echo '</tbody></table></body></html>'
	} >"$tmp/$1.html"
}
case_begin "5 3,000-row table: header on every page, footer once on the last, every row once"
table_page table 3000
render table
expect_status table 0
if qpdf_clean "$tmp/table.pdf"; then
	pages=$(page_count "$tmp/table.pdf")
	# One line per page: its number, its rows, headers and footers (pages end at \f).
	pdftotext -raw "$tmp/table.pdf" - 2>/dev/null |
		awk -v pages="$pages" '
			BEGIN { RS = "\f" }
			NR <= pages {
				rows = 0; head = 0; foot = 0
				n = split($0, w, /[ \n]+/)
				for (i = 1; i <= n; i++) {
					if (w[i] ~ /^r[0-9]+$/) rows++
					else if (w[i] == "HeadAlpha") head++
					else if (w[i] == "FootOmega") foot++
				}
				print NR, rows, head, foot
			}' >"$tmp/table.pages"
	[ "$pages" -ge 10 ] || problem "table.pdf: $pages pages, expected the table to run over at least 10"
	awk '$2 > 0 && $3 != 1 { print "page " $1 ": " $2 " rows, header " $3 " times" }' \
		"$tmp/table.pages" >"$tmp/table.nohead"
	[ ! -s "$tmp/table.nohead" ] ||
		problem "table.pdf: pages with rows but not one header: $(head -n 3 "$tmp/table.nohead" | tr '\n' ';')"
	feet=$(awk '$4 > 0 { printf "%s%s(x%s)", sep, $1, $4; sep = "," }' "$tmp/table.pages")
	[ "$feet" = "$pages(x1)" ] ||
		problem "table.pdf: footer on page(s) '${feet:-none}', expected once on page $pages"
	numbered r 3000 >"$tmp/table.want"
	words "$tmp/table.pdf" | grep '^r[0-9][0-9]*$' >"$tmp/table.got"
	same_words table.pdf "$tmp/table.want" "$tmp/table.got"
fi
render table --dump=pages
expect_status table 0
fits table
case_end

# --- 6. extreme and invalid lengths --------------------------------------------------

# extreme NAME TITLE CSS BODY-START: one page with a rule or element that goes too far,
# followed by ordinary paragraphs that must still be laid out; the last is the one
# letter Z, which no page is too narrow for, so --dump=pages shows it whole.
extreme() {
	case_begin "6 $2: exit 0, clean PDF, following content laid out"
	{
		echo "<html><head><style>$3</style></head><body>$4"
		echo '<h1>Heading</h1><p>Some text in a paragraph that wraps a little, with words.</p>'
		echo '<p>Z</p></body></html>'
	} >"$tmp/$1.html"
	render "$1"
	expect_status "$1" 0
	qpdf_clean "$tmp/$1.pdf"
	render "$1" --dump=pages
	grep -q '^ *lines .* "Z"$' "$tmp/$1.out" ||
		problem "$1.html: the last paragraph, 'Z', is missing from --dump=pages"
	case_end
}
extreme fontsize "font-size: 1e9px" '' "<p style='font-size: 1e9px'>Huge text</p>"
extreme lineheight "line-height: 1e9px" '' "<p style='line-height: 1e9px'>tall line</p>"
extreme spacing "letter-spacing and text-indent 1e9px" '' \
	"<p style='letter-spacing: 1e9px; text-indent: 1e9px'>spaced words</p>"
extreme negative "margin: -1e30px, negative padding and width" \
	'p { margin: -1e30px; padding: -5px; width: -10px }' ''
extreme nan "NaN, infinity and negative font-size" \
	'p { width: NaN; margin-top: nan; height: -infinity; font-size: -3px; line-height: -2 }' ''
extreme calc "width: calc(...)" 'p { width: calc(50% - 1e30px); margin-left: calc(1e30px * 1e30) }' ''
extreme pagemargin "@page { margin: 5000px }" '@page { margin: 5000px }' ''
extreme pagesize "@page { size: 1px 1px }" '@page { size: 1px 1px }' ''

# --- 7. nothing to show --------------------------------------------------------------

# blank NAME TITLE HTML: a page with nothing visible gives a valid one-page PDF.
blank() {
	case_begin "7 $2: exit 0, a valid PDF with one page"
	printf '%s\n' "$3" >"$tmp/$1.html"
	render "$1"
	expect_status "$1" 0
	if qpdf_clean "$tmp/$1.pdf"; then
		pages=$(page_count "$tmp/$1.pdf")
		[ "$pages" -eq 1 ] || problem "$1.pdf: $pages pages, expected 1"
	fi
	case_end
}
blank empty "empty document" '<html></html>'
blank hidden "only display:none content" \
	'<html><head><style>.gone { display: none }</style></head><body><div class="gone"><h1 id="h">Hidden</h1><p>hidden text</p><table><tr><td>x</td></tr></table></div><p style="display: none">also hidden</p></body></html>'

# --- 8. links and named destinations -------------------------------------------------

# A contents list of links, an anchor after a paragraph's trailing space, and a table
# whose header cell has an id and repeats on every page it runs over.
links_page() {
	echo '<html><head><title>Links</title><style>'
	echo '@page { size: 400px 300px; margin: 20px; @bottom-center { content: counter(page) " / " counter(pages) } }'
	echo 'a[href^="#"]::after { content: leader(dotted) target-counter(attr(href), page) }'
	echo '</style></head><body>'
	echo '<p><a href="#end">To the anchor</a></p><p><a href="#hd">To the table</a></p>'
	echo '<h1 id="top">Links</h1>'
	echo '<p>A paragraph whose anchor sits after its trailing space <span id="end"></span></p>'
	echo '<table><thead><tr><th id="hd">TableHead</th><th>Value</th></tr></thead><tbody>'
	awk 'BEGIN { for (i = 1; i <= 80; i++) printf "<tr><td>row %d</td><td>%d</td></tr>\n", i, i * 7 }'
	echo '</tbody></table></body></html>'
}
case_begin "8 anchor at a trailing space, header id repeated over pages: one destination each"
links_page >"$tmp/links.html"
render links
expect_status links 0
if qpdf_clean "$tmp/links.pdf"; then
	heads=$(pdftotext -raw "$tmp/links.pdf" - 2>/dev/null | grep -c TableHead)
	[ "$heads" -ge 5 ] || problem "links.pdf: table header on $heads pages, expected at least 5"
	if qpdf --qdf --object-streams=disable "$tmp/links.pdf" "$tmp/links.qdf" 2>"$tmp/qdf.err"; then
		for id in hd end top; do
			n=$(grep -a -c "^ *($id)\$" "$tmp/links.qdf")
			[ "$n" -eq 1 ] || problem "links.pdf: named destination ($id) appears $n times, expected once"
		done
		for id in hd end; do
			grep -a -q "/Dest ($id)" "$tmp/links.qdf" || problem "links.pdf: no link to ($id)"
		done
	else
		problem "qpdf --qdf links.pdf: $(head -n 2 "$tmp/qdf.err" | tr '\n' ' ')"
	fi
fi
case_end

# --- 9. determinism ------------------------------------------------------------------

case_begin "9 same input rendered twice gives identical bytes"
links_page >"$tmp/twice.html"
render twice
mv "$tmp/twice.pdf" "$tmp/twice-first.pdf" 2>/dev/null
render twice
expect_status twice 0
if [ -f "$tmp/twice-first.pdf" ] && [ -f "$tmp/twice.pdf" ]; then
	cmp -s "$tmp/twice-first.pdf" "$tmp/twice.pdf" ||
		problem "twice.pdf: two renderings differ: $(cmp "$tmp/twice-first.pdf" "$tmp/twice.pdf" 2>&1)"
else
	problem "twice.pdf was not written"
fi
case_end

echo "robustness: $pass passed, $fail failed"
[ $fail -eq 0 ]
