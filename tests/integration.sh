#!/usr/bin/env bash
# End-to-end test of the briefpack program in BUILD_DIR (default: build): builds the
# seed programme into a scratch folder and checks that every fact of
# tests/facts/NAME.txt is in the HTML and the PDF text, that the PDF is sound (qpdf),
# A4, titled, with embedded fonts and an outline, that the same build twice gives the
# same bytes, that bad inputs fail with file and line and keep earlier outputs, and
# the command line's exit statuses. Ends with "integration: N passed, N failed".
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
bin="$build/briefpack"
seed=input/rce-shared-services.xml
name=rce-shared-services
facts=tests/facts/$name.txt

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset SOURCE_DATE_EPOCH

passed=0
failed=0
ok() {
	passed=$((passed + 1))
}
not_ok() {
	failed=$((failed + 1))
	echo "FAIL: $*"
}
# check DESCRIPTION COMMAND...: one check, passed when COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok; else not_ok "$what"; fi
}

for tool in pdftotext pdfinfo pdffonts qpdf; do
	command -v "$tool" >/dev/null || { echo "integration: $tool is missing (make test-deps)"; exit 1; }
done
[ -x "$bin" ] || { echo "integration: $bin is missing (make)"; exit 1; }

# Text with every run of white space (no-break spaces too) made one space.
collapse() {
	sed 's/\xc2\xa0/ /g' | tr -s ' \t\r\n' '    ' | tr -s ' '
}

# The text of an HTML file: block-level tags become spaces, other tags vanish,
# the few entities libxml2 writes are decoded.
html_text() {
	tr '\n' ' ' <"$1" |
		sed -e 's/<style[^>]*>.*<\/style>/ /g' |
		sed -E -e 's#</?(p|li|td|th|h[1-6]|div|br|tr|table|thead|tbody|ul|ol|dl|dt|dd|section|header|footer|nav|article|aside|main|figure|figcaption|caption|blockquote|title|head|body|html|meta)( [^>]*)?/?># #g' \
			-e 's/<[^>]*>//g' \
			-e 's/&nbsp;/ /g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g' |
		collapse
}

# ------------------------------------------------------------ the seed
out=$tmp/out
html=$out/$name.briefing-pack.html
pdf=$out/$name.briefing-pack.pdf
"$bin" build -o "$out" "$seed" 2>"$tmp/build.err"
status=$?
check "build of $seed exits 0 (got $status): $(head -5 "$tmp/build.err")" [ $status -eq 0 ]
check "build writes $html" [ -s "$html" ]
check "build writes $pdf" [ -s "$pdf" ]
check "build prints no errors" sh -c "! grep -q ': error: ' '$tmp/build.err'"
check "HTML starts with <!DOCTYPE html>" sh -c "head -c 16 '$html' | grep -qx '<!DOCTYPE html>'"

# check_facts FACTS HTML PDF: every line of FACTS (not blank, not #) is in both texts.
check_facts() {
	local facts=$1 html=$2 pdf=$3 fact missing_html=0 missing_pdf=0
	if [ -s "$html" ]; then html_text "$html" >"$tmp/html.txt"; else : >"$tmp/html.txt"; fi
	if [ -s "$pdf" ]; then pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | collapse >"$tmp/pdf.txt"; else : >"$tmp/pdf.txt"; fi
	while IFS= read -r fact || [ -n "$fact" ]; do
		case $fact in '' | '#'*) continue ;; esac
		fact=$(printf '%s' "$fact" | collapse)
		if ! grep -qF -- "$fact" "$tmp/html.txt"; then
			echo "  not in the HTML: $fact"
			missing_html=$((missing_html + 1))
		fi
		if ! grep -qF -- "$fact" "$tmp/pdf.txt"; then
			echo "  not in the PDF: $fact"
			missing_pdf=$((missing_pdf + 1))
		fi
	done <"$facts"
	check "every fact of $facts is in the HTML ($missing_html missing)" [ $missing_html -eq 0 ]
	check "every fact of $facts is in the PDF ($missing_pdf missing)" [ $missing_pdf -eq 0 ]
}
check_facts "$facts" "$html" "$pdf"
# Facts of the other programmes, each built on its own.
for other in tests/facts/*.txt; do
	other_name=$(basename "$other" .txt)
	[ "$other_name" != "$name" ] && [ -f "input/$other_name.xml" ] || continue
	"$bin" build -o "$tmp/others" "input/$other_name.xml" 2>/dev/null
	check "build of input/$other_name.xml exits 0" [ $? -eq 0 ]
	check_facts "$other" "$tmp/others/$other_name.briefing-pack.html" \
		"$tmp/others/$other_name.briefing-pack.pdf"
done

check "qpdf --check finds nothing wrong" sh -c "qpdf --check '$pdf' >'$tmp/qpdf.txt' 2>&1 || { cat '$tmp/qpdf.txt'; exit 1; }"

pdffonts "$pdf" >"$tmp/fonts.txt" 2>&1
check "pdffonts lists fonts" [ "$(tail -n +3 "$tmp/fonts.txt" | grep -c .)" -gt 0 ]
check "every font is embedded: $(tail -n +3 "$tmp/fonts.txt" | awk '$(NF-4) != "yes"' | tr '\n' ' ')" \
	sh -c "tail -n +3 '$tmp/fonts.txt' | awk '\$(NF-4) != \"yes\" { bad = 1 } END { exit bad }'"

pdfinfo -isodates -f 1 -l 100000 "$pdf" >"$tmp/info.txt" 2>&1
pages=$(awk '/^Pages:/ { print $2 }' "$tmp/info.txt")
check "the PDF has pages" [ "${pages:-0}" -gt 0 ]
check "every page is A4 (595.28 x 841.89 pt)" awk -v pages="${pages:-0}" '
	/^Page +[0-9]+ size:/ {
		n++
		w = $4; h = $6
		if (w < 594.8 || w > 595.8 || h < 841.4 || h > 842.4) { print "  page " $2 ": " w " x " h; bad = 1 }
	}
	END { exit bad || n != pages || n == 0 }' "$tmp/info.txt"
check "the PDF title is the document's" grep -q '^Title: *RCE Funded Shared Services Project' "$tmp/info.txt"
check "the PDF date is the status date (2007-02-01)" grep -q '^CreationDate: *2007-02-01T00:00:00' "$tmp/info.txt"
check "qpdf counts the pages" [ "$(qpdf --show-npages "$pdf" 2>/dev/null)" = "${pages:-x}" ]
qpdf --qdf --object-streams=disable "$pdf" "$tmp/qdf.pdf" 2>/dev/null
check "the PDF has an outline" grep -aqE '/Outlines [0-9]+ 0 R' "$tmp/qdf.pdf"
check "the outline has entries" grep -aqE '/First [0-9]+ 0 R' "$tmp/qdf.pdf"

# ------------------------------------------------------ reproducibility
"$bin" build -o "$tmp/again" "$seed" 2>/dev/null
check "a second build gives the same HTML" cmp -s "$html" "$tmp/again/$name.briefing-pack.html"
check "a second build gives the same PDF" cmp -s "$pdf" "$tmp/again/$name.briefing-pack.pdf"
SOURCE_DATE_EPOCH=0 "$bin" build -o "$tmp/epoch" "$seed" 2>/dev/null
check "SOURCE_DATE_EPOCH sets the PDF date" sh -c \
	"pdfinfo -isodates '$tmp/epoch/$name.briefing-pack.pdf' | grep -q '^CreationDate: *1970-01-01T00:00:00'"
SOURCE_DATE_EPOCH=yesterday "$bin" build -o "$tmp/epoch" "$seed" 2>"$tmp/epoch.err"
status=$?
check "a bad SOURCE_DATE_EPOCH is a usage error (exit 2, got $status)" [ $status -eq 2 ]
check "a bad SOURCE_DATE_EPOCH is named" grep -q 'SOURCE_DATE_EPOCH' "$tmp/epoch.err"

# ------------------------------------------------------------ bad inputs
bad_dir=$tmp/bad
mkdir -p "$bad_dir"
printf '<?xml version="1.0"?>\n<programme>\n  <title>Broken</titel>\n</programme>\n' >"$bad_dir/malformed.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE programme [\n<!ENTITY x SYSTEM "/etc/passwd">\n]>\n<programme>&x;</programme>\n' >"$bad_dir/entity.xml"
bad_inputs=("$bad_dir/malformed.xml" "$bad_dir/entity.xml")
for f in tests/bad/*.xml; do [ -f "$f" ] && bad_inputs+=("$f"); done
for input in "${bad_inputs[@]}" input/nope.xml; do
	base=$(basename "$input" .xml)
	keep=$tmp/keep
	rm -rf "$keep"
	mkdir -p "$keep"
	printf 'earlier HTML of %s\n' "$base" >"$keep/$base.briefing-pack.html"
	printf 'earlier PDF of %s\n' "$base" >"$keep/$base.briefing-pack.pdf"
	cp "$keep/$base.briefing-pack.html" "$tmp/expected.html"
	cp "$keep/$base.briefing-pack.pdf" "$tmp/expected.pdf"
	"$bin" build -o "$keep" "$input" 2>"$tmp/bad.err"
	status=$?
	check "$input: build fails with exit 1 (got $status)" [ $status -eq 1 ]
	if [ "$input" = input/nope.xml ]; then
		check "$input: says it cannot be read" \
			grep -qF "input/nope.xml: error: cannot read: No such file or directory" "$tmp/bad.err"
	else
		check "$input: the error names file and line: $(head -3 "$tmp/bad.err")" \
			grep -qE "^$(printf '%s' "$input" | sed 's/[.[\*^$/]/\\&/g'):[0-9]+(:[0-9]+)?: error: " "$tmp/bad.err"
	fi
	check "$input: earlier HTML kept byte for byte" cmp -s "$tmp/expected.html" "$keep/$base.briefing-pack.html"
	check "$input: earlier PDF kept byte for byte" cmp -s "$tmp/expected.pdf" "$keep/$base.briefing-pack.pdf"
	check "$input: no temporary files left" [ -z "$(find "$keep" -name '.*' -type f)" ]
	check "$input: no secrets leaked" sh -c "! grep -q 'root:' '$tmp/bad.err'"
done

# ------------------------------------------------------------ commands
"$bin" check "$seed" >"$tmp/check.out" 2>&1
status=$?
check "check of the seed exits 0 silently (got $status)" [ $status -eq 0 ] && [ ! -s "$tmp/check.out" ]
"$bin" check tests/bad/*.xml >/dev/null 2>&1
status=$?
check "check of tests/bad exits 1 (got $status)" [ $status -eq 1 ]
"$bin" build -o "$tmp/folder" input/ >/dev/null 2>&1
check "build of a folder builds its programmes" [ -s "$tmp/folder/$name.briefing-pack.pdf" ]
"$bin" render -o "$tmp/page.pdf" "$html" 2>"$tmp/render.err"
status=$?
check "render of the built HTML exits 0 (got $status)" [ $status -eq 0 ]
check "render writes a PDF" sh -c "qpdf --check '$tmp/page.pdf' >/dev/null 2>&1"
"$bin" build --dump=pages -f html -o "$tmp/dump" "$seed" >"$tmp/dump.txt" 2>/dev/null
check "build --dump=pages prints the pages" [ -s "$tmp/dump.txt" ]
check "build --dump writes no PDF" [ ! -e "$tmp/dump/$name.briefing-pack.pdf" ]
# A page whose contents are laid out twice, its dump read through a pipe: the first
# pass cannot be taken back from a pipe, so it waits in memory.
"$bin" render --dump=pages tests/golden/contents.html 2>"$tmp/pipe.err" | cat >"$tmp/pipe.txt"
"$bin" render --dump=pages tests/golden/contents.html >"$tmp/file.txt" 2>/dev/null
check "render --dump=pages into a pipe: the same as into a file, no error" \
	sh -c "[ -s '$tmp/pipe.txt' ] && cmp -s '$tmp/pipe.txt' '$tmp/file.txt' && ! grep -q . '$tmp/pipe.err'"
# -o -: the PDF on standard output, the same bytes as into a file; nothing at all
# when the page cannot be read.
"$bin" render -o - tests/golden/contents.html 2>/dev/null | cat >"$tmp/stdout.pdf"
"$bin" render -o "$tmp/file.pdf" tests/golden/contents.html 2>/dev/null
check "render -o - writes the PDF on standard output" cmp -s "$tmp/stdout.pdf" "$tmp/file.pdf"
"$bin" render -o - "$tmp/no-such-page.html" >"$tmp/stdout-bad.pdf" 2>/dev/null
status=$?
check "render -o - of a page that is not there: status 1 and nothing written (got $status)" \
	sh -c "[ $status -eq 1 ] && [ ! -s '$tmp/stdout-bad.pdf' ] && [ ! -e ./- ]"
check "--version" [ "$("$bin" --version)" = "briefpack 0.1.0" ]
check "--help explains the exit status" sh -c "'$bin' --help | grep -q 'Exit status'"
for args in "" "frobnicate" "build" "build --no-such-option x.xml" "check -k x input" "render a.html b.html" "build --dump=nothing x.xml"; do
	# shellcheck disable=SC2086
	"$bin" $args >/dev/null 2>"$tmp/usage.err"
	status=$?
	check "'briefpack $args' is a usage error (exit 2, got $status)" [ $status -eq 2 ]
done
# ------------------------------------------------------------ images
# A JPEG goes into the PDF as the original bytes, an SVG as vectors with its text as
# text, a missing image as a warning with file and line.
"$bin" render -o "$tmp/images.pdf" tests/golden/images.html 2>"$tmp/images.err"
status=$?
check "render of a page with images exits 0 (got $status)" [ $status -eq 0 ]
check "images: qpdf finds nothing wrong" sh -c "qpdf --check '$tmp/images.pdf' >/dev/null 2>&1"
pdfimages -list "$tmp/images.pdf" >"$tmp/images.list" 2>&1
check "images: the photo is the JPEG itself (320x200, jpeg)" \
	sh -c "awk '\$4 == 320 && \$5 == 200 && \$9 == \"jpeg\"' '$tmp/images.list' | grep -q ."
check "images: the SVG chart is no raster image (only the photo, the logo and the data URI are)" \
	[ "$(tail -n +3 "$tmp/images.list" | awk '$3 == "image"' | wc -l)" -eq 3 ]
check "images: the SVG's text is text in the PDF" sh -c "pdftotext '$tmp/images.pdf' - | grep -q '£357,000'"
check "images: a missing image is a warning naming the page and line" \
	grep -q "tests/golden/images.html:[0-9]*: warning: image 'media/nowhere.png' not shown" "$tmp/images.err"

# ------------------------------------------------------------ batches and CI
# A batch of ten with one broken file: nine good outputs, exit 1, the same bytes
# whatever -j says; diagnostics as JSON and as workflow annotations; -Werror.
mkdir -p "$tmp/batch"
for i in 0 1 2 3 4 5 6 7 8; do
	sed "s|<title>[^<]*</title>|<title>Programme $i</title>|" "$seed" >"$tmp/batch/p$i.xml"
done
cp tests/bad/unknown-host.xml "$tmp/batch/p9.xml"
"$bin" build -j1 -o "$tmp/j1" "$tmp/batch" >/dev/null 2>"$tmp/j1.err"
status=$?
check "a batch with one broken file exits 1 (got $status)" [ $status -eq 1 ]
check "the nine good files are built" [ "$(ls "$tmp/j1"/*.pdf 2>/dev/null | wc -l)" -eq 9 ]
"$bin" build -j2 -o "$tmp/j2" "$tmp/batch" >/dev/null 2>"$tmp/j2.err"
check "-j1 and -j2 give the same bytes" sh -c "for f in '$tmp'/j1/*; do cmp -s \"\$f\" '$tmp/j2/'\"\${f##*/}\" || exit 1; done"
check "-j1 and -j2 give the same messages" cmp -s "$tmp/j1.err" "$tmp/j2.err"
mkdir -p "$tmp/elsewhere"
(cd "$tmp/elsewhere" && "$OLDPWD/$bin" build -s "$OLDPWD/stylesheets" -o out "$OLDPWD/$seed" >/dev/null 2>&1)
check "a build from another folder gives the same PDF" cmp -s "$tmp/elsewhere/out/$name.briefing-pack.pdf" "$pdf"
"$bin" build --diagnostics=json -o "$tmp/json" "$tmp/batch/p9.xml" 2>"$tmp/diag.json" >/dev/null
check "--diagnostics=json prints JSON objects with file, line, column, severity, message" \
	sh -c "jq -e 'select(.file and .line > 0 and .column > 0 and .severity == \"error\" and (.message | length > 0))' '$tmp/diag.json' >/dev/null"
"$bin" build --diagnostics=github -o "$tmp/gh" "$tmp/batch/p9.xml" 2>"$tmp/diag.gh" >/dev/null
check "--diagnostics=github prints workflow annotations" grep -q '^::error file=.*p9.xml,line=[0-9]*,col=[0-9]*::' "$tmp/diag.gh"
check "no colour when standard error is not a terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/j1.err'"
"$bin" render -Werror -o "$tmp/werror.pdf" tests/golden/cascade.html >/dev/null 2>&1
status=$?
check "-Werror makes a warning fail the run (got $status)" [ $status -eq 1 ]
"$bin" render -o "$tmp/nowerror.pdf" tests/golden/cascade.html >/dev/null 2>&1
status=$?
check "without -Werror a warning does not (got $status)" [ $status -eq 0 ]

# Layout problems a publisher needs to know about are warnings.
"$bin" render -o "$tmp/overflow.pdf" tests/golden/text.html 2>"$tmp/overflow.err" >/dev/null
check "text wider than its box is a warning" grep -q "warning: text runs past the side of its box" "$tmp/overflow.err"
printf '<html><head><meta charset="utf-8"></head><body><p>\xe2\x98\x83\xf0\x9f\x90\x99 glyphs</p></body></html>' >"$tmp/glyph.html"
"$bin" render -o "$tmp/glyph.pdf" "$tmp/glyph.html" 2>"$tmp/glyph.err" >/dev/null
check "a character no font can show is a warning" grep -q "no installed font has a glyph for U+1F419" "$tmp/glyph.err"

# ------------------------------------------------------------ reproducible, every kind
# Every kind of every input: the same bytes from -j1 in one folder and -j2 from
# another, HTML and PDF (dates, font subset names, /ID, object order).
kinds=briefing-pack,board-paper,newsletter,slides
"$bin" build -j1 --force -k "$kinds" -o "$tmp/repro1" input/ >/dev/null 2>&1
mkdir -p "$tmp/repro-elsewhere"
(cd "$tmp/repro-elsewhere" && "$OLDPWD/$bin" build -j2 --force -k "$kinds" \
	-s "$OLDPWD/stylesheets" -o out "$OLDPWD/input" >/dev/null 2>&1)
for f in "$tmp"/repro1/*.html "$tmp"/repro1/*.pdf; do
	check "same bytes from another folder and -j2: ${f##*/}" cmp -s "$f" "$tmp/repro-elsewhere/out/${f##*/}"
done
check "every kind of every input was built" [ "$(ls "$tmp"/repro1/*.pdf | wc -l)" -eq $((4 * $(ls input/*.xml | wc -l))) ]

# ------------------------------------------------------------ what changed since last time
"$bin" build -k board-paper,newsletter -a tests/fixtures \
	-p previous=../tests/fixtures/rce-shared-services.2006-10.xml -o "$tmp/changes" "$seed" \
	>/dev/null 2>"$tmp/changes.err"
status=$?
check "build with -p previous=FILE exits 0 (got $status)" [ $status -eq 0 ]
for kind in board-paper newsletter; do
	pdftotext "$tmp/changes/$name.$kind.pdf" - 2>/dev/null | tr -s ' \n' ' ' >"$tmp/changes.$kind.txt"
	for fact in "Compared with the data as at October 2006" \
		"Internal Audit: status changed from Business case to Agreed" \
		"Procurement: estimated annual savings changed from £300,000 to £357,000" \
		"Building Control: annual savings now estimated at £80,000" \
		"Completed or no longer planned: Appoint consultants for the Options Appraisals"; do
		check "$kind with previous: '$fact'" grep -qF "$fact" "$tmp/changes.$kind.txt"
	done
done
check "without previous there is no changes section" \
	sh -c "! pdftotext '$pdf' - | grep -q 'What has changed since'"

# ------------------------------------------------------------ @font-face in a batch
# Two documents of one build, made by worker threads: the one that declares fonts
# (WOFF 2 and WOFF, made here from Debian's TTF files) gets them, embedded and in its
# depfile; the other one never sees them.
if command -v woff2_compress >/dev/null; then
	mkdir -p "$tmp/ff/in" "$tmp/ff/fonts" "$tmp/ff/tmp"
	cp /usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf "$tmp/ff/fonts/brand.ttf"
	woff2_compress "$tmp/ff/fonts/brand.ttf" >/dev/null
	python3 tests/fixtures/fonts/mkwoff.py /usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf \
		"$tmp/ff/fonts/italic.woff"
	sed 's|<title>RCE Funded|<title>Alpha RCE Funded|' "$seed" >"$tmp/ff/in/alpha.xml"
	sed 's|<title>RCE Funded|<title>Beta RCE Funded|' "$seed" >"$tmp/ff/in/beta.xml"
	cat >"$tmp/ff/fonts.xsl" <<XSL
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="html"/>
<xsl:template match="/">
<html lang="en"><head><title><xsl:value-of select="/programme/title"/></title><style>
<xsl:if test="starts-with(/programme/title, 'Alpha')">
@font-face { font-family: Brand; src: url($tmp/ff/fonts/brand.woff2) format("woff2"); }
@font-face { font-family: Slanted; src: url($tmp/ff/fonts/italic.woff) format("woff"); }
</xsl:if>
body { font-family: Brand, "DejaVu Serif"; } .s { font-family: Slanted, "DejaVu Serif"; }
</style></head><body><h1><xsl:value-of select="/programme/title"/></h1><p class="s">Slanted text</p></body></html>
</xsl:template>
</xsl:stylesheet>
XSL
	TMPDIR="$tmp/ff/tmp" "$bin" build -j2 -M -k "$tmp/ff/fonts.xsl" --allow="$tmp/ff/fonts" \
		-o "$tmp/ff/out" "$tmp/ff/in" >/dev/null 2>"$tmp/ff/err"
	check "a build with @font-face succeeds" test -f "$tmp/ff/out/beta.fonts.pdf"
	check "the document that declares WOFF 2 and WOFF fonts embeds them" \
		sh -c "pdffonts '$tmp/ff/out/alpha.fonts.pdf' | grep -q LiberationMono && pdffonts '$tmp/ff/out/alpha.fonts.pdf' | grep -q LiberationSerif-Italic"
	check "the other document of the batch does not see them" \
		sh -c "pdffonts '$tmp/ff/out/beta.fonts.pdf' | grep -q DejaVuSerif && ! pdffonts '$tmp/ff/out/beta.fonts.pdf' | grep -q Liberation"
	check "the other document names the family it lacks" \
		grep -q "font 'Brand' is neither installed nor declared with @font-face" "$tmp/ff/err"
	check "the depfile lists the font files used, not their unpacked copies" \
		sh -c "grep -q 'fonts/brand.woff2' '$tmp/ff/out/alpha.fonts.d' && grep -q 'fonts/italic.woff' '$tmp/ff/out/alpha.fonts.d' && ! grep -q 'briefpack-fonts' '$tmp/ff/out/alpha.fonts.d' && ! grep -q 'brand' '$tmp/ff/out/beta.fonts.d'"
	check "the unpacked WOFF copies are removed" sh -c "[ -z \"\$(ls -A '$tmp/ff/tmp')\" ]"
else
	not_ok "woff2_compress is missing (make test-deps)"
fi

# Without a <report>, the board paper goes to the decision-making body the data names.
mkdir -p "$tmp/named"
python3 - "$seed" "$tmp/named/tv.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"\s*<report>.*?</report>", "", s, flags=re.S)
s = re.sub(r'(<body id="[^"]*" kind="board">\s*<name>)[^<]*', r"\1Tees Valley Waste Joint Committee", s)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
"$bin" build -k board-paper -o "$tmp/named/out" "$tmp/named/tv.xml" >/dev/null 2>&1
check "without a report, the board paper is addressed to the board the data names" \
	sh -c "grep -q '<title>[^<]*report to the Tees Valley Waste Joint Committee' '$tmp/named/out/tv.board-paper.html' && pdftotext '$tmp/named/out/tv.board-paper.pdf' - | grep -q 'Report to the Tees Valley Waste Joint'"

# A font declared in a linked sheet in a subfolder is found relative to that sheet.
mkdir -p "$tmp/ffsub/css/fonts"
cp /usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf "$tmp/ffsub/css/fonts/house.ttf"
printf '@font-face { font-family: House; src: url(fonts/house.ttf) format("truetype"); }\np { font-family: House; }\n' \
	>"$tmp/ffsub/css/house.css"
printf '<!DOCTYPE html><html lang="en"><head><title>t</title><link rel="stylesheet" href="css/house.css"></head><body><p>House font</p></body></html>\n' \
	>"$tmp/ffsub/page.html"
"$bin" render -o "$tmp/ffsub/page.pdf" "$tmp/ffsub/page.html" 2>"$tmp/ffsub/err"
check "a linked sheet's @font-face url() is read relative to the sheet" \
	sh -c "pdffonts '$tmp/ffsub/page.pdf' | grep -q LiberationMono && [ ! -s '$tmp/ffsub/err' ]"

# ------------------------------------------------------------ only what changed
mkdir -p "$tmp/inc"
cp "$seed" "$tmp/inc/a.xml"
cp "$seed" "$tmp/inc/b.xml"
"$bin" build -M -o "$tmp/incout" "$tmp/inc" >/dev/null 2>&1
stamp() { stat -c %Y.%y "$tmp/incout/$1.briefing-pack.pdf" "$tmp/incout/$1.briefing-pack.html"; }
a1=$(stamp a) b1=$(stamp b)
sleep 1
"$bin" build -M -o "$tmp/incout" "$tmp/inc" >/dev/null 2>&1
check "a second build with nothing changed rebuilds nothing" [ "$(stamp a)$(stamp b)" = "$a1$b1" ]
touch "$tmp/inc/a.xml"
"$bin" build -M -o "$tmp/incout" "$tmp/inc" >/dev/null 2>&1
check "touching one input rebuilds its outputs and only those" \
	sh -c "[ '$(stamp a)' != '$a1' ] && [ '$(stamp b)' = '$b1' ]"
check "the depfile lists the input, the stylesheet and what it imports" \
	sh -c "grep -q 'a.xml' '$tmp/incout/a.briefing-pack.d' && grep -q 'stylesheets/briefing-pack.xsl' '$tmp/incout/a.briefing-pack.d' && grep -q 'stylesheets/common.xsl' '$tmp/incout/a.briefing-pack.d'"
check "the depfile names both outputs as targets" \
	grep -q "a.briefing-pack.html .*a.briefing-pack.pdf:" "$tmp/incout/a.briefing-pack.d"
# Touching one kind's stylesheet rebuilds that kind and nothing else.
cp -r stylesheets "$tmp/styles"
"$bin" build -s "$tmp/styles" -k briefing-pack,slides -o "$tmp/kindout" "$tmp/inc/a.xml" >/dev/null 2>&1
k1=$(stat -c %Y.%y "$tmp/kindout/a.briefing-pack.pdf") s1=$(stat -c %Y.%y "$tmp/kindout/a.slides.pdf")
sleep 1
touch "$tmp/styles/slides.xsl"
"$bin" build -s "$tmp/styles" -k briefing-pack,slides -o "$tmp/kindout" "$tmp/inc/a.xml" >/dev/null 2>&1
check "touching slides.xsl rebuilds the slides and only them" \
	sh -c "[ \"\$(stat -c %Y.%y '$tmp/kindout/a.slides.pdf')\" != '$s1' ] && [ \"\$(stat -c %Y.%y '$tmp/kindout/a.briefing-pack.pdf')\" = '$k1' ]"
b2=$(stamp b)
sleep 1
"$bin" build --force -o "$tmp/incout" "$tmp/inc/b.xml" >/dev/null 2>&1
check "--force rebuilds what is up to date" [ "$(stamp b)" != "$b2" ]

# ------------------------------------------------------------ interrupted, watched
# An interrupted batch leaves finished documents and no partial files.
mkdir -p "$tmp/many"
for i in $(seq 1 60); do cp "$seed" "$tmp/many/p$i.xml"; done
"$bin" build -j2 -o "$tmp/manyout" "$tmp/many" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 100); do
	[ "$(ls "$tmp/manyout" 2>/dev/null | wc -l)" -ge 4 ] && break
	sleep 0.1
done
kill -INT $pid 2>/dev/null
wait $pid
status=$?
check "an interrupted build ends as SIGINT asks (status $status)" [ $status -eq 130 ] || [ $status -eq 0 ]
check "an interrupted build leaves no temporary files" [ -z "$(find "$tmp/manyout" -maxdepth 1 -name '.*' -type f)" ]

# watch: an edit of the input rebuilds its PDF; SIGINT stops it cleanly.
mkdir -p "$tmp/watched"
cp "$seed" "$tmp/watched/w.xml"
"$bin" watch -o "$tmp/watchout" "$tmp/watched" >/dev/null 2>"$tmp/watch.err" &
pid=$!
for i in $(seq 1 100); do [ -s "$tmp/watchout/w.briefing-pack.pdf" ] && break; sleep 0.1; done
before=$(stat -c %Y.%y "$tmp/watchout/w.briefing-pack.pdf" 2>/dev/null)
sed -i 's|<title>[^<]*</title>|<title>Edited while watched</title>|' "$tmp/watched/w.xml"
for i in $(seq 1 100); do
	[ "$(stat -c %Y.%y "$tmp/watchout/w.briefing-pack.pdf" 2>/dev/null)" != "$before" ] && break
	sleep 0.1
done
check "watch rebuilds the PDF after an edit" \
	sh -c "pdftotext '$tmp/watchout/w.briefing-pack.pdf' - | grep -q 'Edited while watched'"
kill -INT $pid 2>/dev/null
wait $pid
status=$?
check "watch stops on SIGINT with status 0 (got $status)" [ $status -eq 0 ]

# ------------------------------------------------------------ every kind
# Board paper, newsletter, slides and briefing pack for every programme in input/:
# their facts, accessibility, vector charts and layout (tests/kinds.sh says what).
check "every kind of every programme (tests/kinds.sh)" tests/kinds.sh "$build"

if command -v man >/dev/null; then
	check "the man page renders" sh -c "MANWIDTH=80 man -l src/briefpack.1 2>&1 >/dev/null | { ! grep -q .; }"
fi

echo "integration: $passed passed, $failed failed"
[ $failed -eq 0 ]
