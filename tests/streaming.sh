#!/usr/bin/env bash
# Long documents are painted as they are laid out: the pages a document holds in
# memory are bounded (--hold-pages), and what comes out is the same as when every
# page is held. Checks: the same bytes whatever --hold-pages says, for every golden
# page, every kind of the seed and a 2,000-row register with a contents list, running
# strings, links and "Page N of M"; the register's header on every page and each row
# once, whole, in order; peak memory that does not grow with the number of pages; a
# page count first shown late in the document.
set -u
build=${1:-build}
bin=$build/briefpack
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# shellcheck source=tests/lib.sh
. tests/lib.sh
for tool in pdftotext pdfinfo qpdf; do
	command -v "$tool" >/dev/null || { echo "streaming: $tool is missing (make test-deps)"; exit 1; }
done

# same_bytes NAME HTML: rendered holding one page, and holding every page, gives one PDF.
same_bytes() {
	"$bin" render --hold-pages=1 -o "$tmp/one.pdf" "$2" 2>"$tmp/one.err" &&
		"$bin" render --hold-pages=100000 -o "$tmp/all.pdf" "$2" 2>"$tmp/all.err" &&
		cmp -s "$tmp/one.pdf" "$tmp/all.pdf" && cmp -s "$tmp/one.err" "$tmp/all.err"
}

for page in tests/golden/*.html; do
	check "$page: the same PDF and messages painted as laid out and held" same_bytes "$page" "$page"
done

"$bin" build -o "$tmp/out" -k briefing-pack,board-paper,newsletter,slides \
	input/rce-shared-services.xml 2>/dev/null
for html in "$tmp"/out/*.html; do
	check "$(basename "$html"): the same PDF painted as laid out and held" same_bytes "$html" "$html"
done

# The register: a contents list whose page numbers come from target-counter(), a
# running header from string-set, "Page N of M", links to the sections, 2,000 rows.
register() { # ROWS FONT-SIZE [EXTRA-CSS]
	awk -v rows="$1" -v size="$2" -v extra="${3:-}" 'BEGIN {
		print "<!DOCTYPE html><html lang=\"en\"><head><title>Risk register</title><style>"
		print "@page { size: A4; margin: 2cm; @top-center { content: string(part) }"
		print "  @bottom-center { content: \"Page \" counter(page) \" of \" counter(pages) } }"
		print "body { font-size: " size " } h2 { string-set: part content() }"
		print "table { border-collapse: collapse; width: 100% } td, th { border: 1px solid #888 }"
		print ".toc a::after { content: leader(dotted) target-counter(attr(href), page) }"
		print extra "</style></head><body><h1>Risk register</h1><ul class=\"toc\">"
		print "<li><a href=\"#open\">Open risks</a></li><li><a href=\"#closed\">Closed risks</a></li></ul>"
		print "<h2 id=\"open\">Open risks</h2><table><thead><tr><th>No.</th><th>Risk</th>"
		print "<th>Owner</th><th>Rating</th></tr></thead><tbody>"
		for (i = 1; i <= rows; i++)
			printf "<tr><td>R%d.</td><td>Supplier delay affecting the transfer of service %d</td><td>Officer %d</td><td>%s</td></tr>\n", i, i % 17, i % 9, (i % 3 ? "Medium" : "High")
		print "</tbody></table><h2 id=\"closed\" class=\"closed\">Closed risks</h2><p>None this quarter.</p>"
		print "<p><a href=\"#open\">Back to the open risks</a></p></body></html>"
	}'
}
register 2000 12pt >"$tmp/register.html"
check "the register: the same PDF painted as laid out and held" same_bytes register "$tmp/register.html"
"$bin" render --hold-pages=10 -o "$tmp/register.pdf" "$tmp/register.html" 2>/dev/null
pages=$(pdfinfo "$tmp/register.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
check "the register runs past the pages held (got ${pages:-none})" [ "${pages:-0}" -gt 20 ]
check "qpdf --check passes on the register" qpdf --check "$tmp/register.pdf" >/dev/null
every_page() {
	local i text
	for i in $(seq 1 "$pages"); do
		text=$(pdftotext -layout -f "$i" -l "$i" "$tmp/register.pdf" -)
		grep -q "Page $i of $pages" <<<"$text" || { echo "  page $i: no 'Page $i of $pages'"; return 1; }
		if [ "$i" -lt "$pages" ]; then
			grep -qE 'No\. +Risk +Owner +Rating' <<<"$text" || { echo "  page $i: no table header"; return 1; }
			[ "$i" -eq 1 ] || grep -q 'Open risks' <<<"$text" || { echo "  page $i: no running header"; return 1; }
		fi
	done
}
check "every page of the register has its header row, running header and Page N of M" every_page
rows_whole() {
	# Each row's number and its whole text once, on one line, in order.
	pdftotext -layout "$tmp/register.pdf" - | grep -oE 'R[0-9]+\. +Supplier delay affecting the transfer of service [0-9]+ +Officer [0-9]' |
		sed -E 's/^R([0-9]+)\..*/\1/' >"$tmp/rows.txt"
	seq 1 2000 | cmp -s - "$tmp/rows.txt"
}
check "every row of the register is shown once, whole and in order" rows_whole
contents_right() {
	local open closed
	open=$(pdftotext -f 1 -l 1 -layout "$tmp/register.pdf" - | sed -nE 's/.*Open risks[ .]*([0-9]+)$/\1/p' | head -1)
	closed=$(pdftotext -f 1 -l 1 -layout "$tmp/register.pdf" - | sed -nE 's/.*Closed risks[ .]*([0-9]+)$/\1/p' | head -1)
	[ "$open" = 1 ] && [ -n "$closed" ] &&
		pdftotext -f "$closed" -l "$closed" "$tmp/register.pdf" - | grep -q 'None this quarter'
}
check "the contents list gives the pages the sections landed on" contents_right

# Peak memory: the same rows on 8 times as many pages, painted as laid out, take no
# more memory (the document's boxes are the same; only the pages differ). Measured
# tagged, as PDFs are made by default: the PDF goes to the output as Cairo writes it,
# and the structure tree's pass keeps back only Cairo's structure objects. Not under
# AddressSanitizer, whose quarantine keeps what is freed.
peak_kb() { # HTML
	/usr/bin/time -f '%M' "$bin" render --hold-pages=1 -o "$tmp/mem.pdf" "$1" 2>&1 >/dev/null | tail -1
}
if [ "${build##*/}" != sanitize ]; then
	register 2000 7pt >"$tmp/small.html"
	register 2000 28pt >"$tmp/large.html"
	small=$(peak_kb "$tmp/small.html")
	large=$(peak_kb "$tmp/large.html")
	small_pages=$("$bin" render -o "$tmp/s.pdf" "$tmp/small.html" 2>/dev/null &&
		pdfinfo "$tmp/s.pdf" | awk '/^Pages:/ { print $2 }')
	large_pages=$(pdfinfo "$tmp/mem.pdf" | awk '/^Pages:/ { print $2 }')
	check "the large-print register has many more pages ($small_pages, $large_pages)" \
		[ $((large_pages)) -gt $((small_pages * 8)) ]
	check "peak memory does not grow with the pages ($small_pages pages: $small KB, $large_pages pages: $large KB)" \
		[ "$large" -le $((small + 4096)) ]
fi

# A page count first shown on the last pages: what was painted without it is painted
# again once the count is known.
register 300 12pt '@page back { @bottom-right { content: counter(page) "/" counter(pages) } } .closed, .closed ~ p { page: back }' |
	sed 's/counter(page) " of " counter(pages)/counter(page)/' >"$tmp/late.html"
check "a page count shown late: the same PDF painted as laid out and held" same_bytes late "$tmp/late.html"
"$bin" render --hold-pages=1 -o "$tmp/late.pdf" "$tmp/late.html" 2>/dev/null
late_pages=$(pdfinfo "$tmp/late.pdf" | awk '/^Pages:/ { print $2 }')
check "the late page count is right" \
	sh -c "pdftotext -f $late_pages -l $late_pages '$tmp/late.pdf' - | grep -q '^$late_pages/$late_pages\$'"

finish streaming
