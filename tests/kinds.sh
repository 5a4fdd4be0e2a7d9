#!/usr/bin/env bash
# End-to-end test of every document kind (briefing pack, board paper, newsletter,
# slides) for every programme in input/, with the briefpack program in BUILD_DIR
# (default: build). For each programme it builds all four kinds at once and checks:
# no message at all on standard error; every fact of tests/facts/NAME.KIND.txt in the
# HTML and the PDF's text; sound PDFs with embedded fonts; no raster images (the
# charts are vectors, their labels text); the HTML's language, landmarks, heading
# levels, header cells and text alternatives. Then what each kind promises: slides on
# 16:9 landscape pages; the board paper's sections in order, its recommendations and
# paragraphs numbered, "not for publication" on every page of an exempt paper; the
# newsletter in two columns (word positions from pdftotext -bbox). Ends with
# "kinds: N passed, N failed".
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

for tool in pdftotext pdfinfo pdffonts pdfimages qpdf; do
	command -v "$tool" >/dev/null || { echo "kinds: $tool is missing (make test-deps)"; exit 1; }
done
[ -x "$bin" ] || { echo "kinds: $bin is missing (make)"; exit 1; }

# Text with every run of white space (no-break spaces too) made one space.
collapse() {
	sed 's/\xc2\xa0/ /g' | tr -s ' \t\r\n\f' '     ' | tr -s ' '
}

# The text of an HTML file, as tests/integration.sh reads it.
html_text() {
	tr '\n' ' ' <"$1" |
		sed -e 's/<style[^>]*>.*<\/style>/ /g' |
		sed -E -e 's#</?(p|li|td|th|h[1-6]|div|br|tr|table|thead|tbody|tfoot|ul|ol|dl|dt|dd|section|header|footer|nav|article|aside|main|figure|figcaption|caption|blockquote|title|head|body|html|meta|text|tspan)( [^>]*)?/?># #g' \
			-e 's/<[^>]*>//g' \
			-e 's/&nbsp;/ /g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g' |
		collapse
}

# check_facts FACTS HTML PDF
check_facts() {
	local facts=$1 html=$2 pdf=$3 fact missing_html=0 missing_pdf=0
	html_text "$html" >"$tmp/html.txt"
	pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | collapse >"$tmp/pdf.txt"
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

# ------------------------------------------------------------ HTML rules
# Headings start at h1 and never skip a level on the way down.
headings_in_order() {
	grep -o '<h[1-6][ >]' "$1" | tr -dc '1-6\n' |
		awk 'NR == 1 && $1 != 1 { print "  first heading is h" $1; bad = 1 }
		     NR > 1 && $1 > prev + 1 { print "  h" prev " followed by h" $1; bad = 1 }
		     { prev = $1 } END { exit bad || NR == 0 }'
}
# Every <th> has a scope; every <img> an alt; every <svg> role="img" and a <title>.
th_scoped() { ! grep -o '<th\( [^>]*\)\?>' "$1" | grep -qv 'scope="\(row\|col\|rowgroup\|colgroup\)"'; }
img_alt() { ! grep -o '<img [^>]*>' "$1" | grep -qv ' alt="'; }
svg_titled() {
	local svgs titled
	svgs=$(grep -o '<svg[ >]' "$1" | wc -l)
	titled=$(tr '\n' ' ' <"$1" | grep -o '<svg [^>]*role="img"[^>]*> *<title[ >]' | wc -l)
	[ "$svgs" -eq "$titled" ]
}

# ------------------------------------------------------------ per kind
# Pages of a PDF as "width height" lines.
page_sizes() {
	pdfinfo -f 1 -l 100000 "$1" 2>/dev/null | awk '/^Page +[0-9]+ size:/ { print $4, $6 }'
}

# The board paper's numbered section headings appear in the PDF text in this order,
# numbered 1, 2, 3 ... with no gaps; the recommendations are numbered 1 to N.
board_sections_in_order() {
	local pdf=$1 input=$2 text
	text=$(pdftotext -enc UTF-8 "$pdf" - | collapse)
	local last=0 pos n title
	for title in "Purpose of the report" "Recommendations" "Reasons for the recommendations" \
		"Alternative options considered" "Background" "Progress by workstream" "Implications" \
		"Consultation" "Background papers" "Appendices"; do
		# the numbered heading, e.g. "5. Background "
		n=$(printf '%s\n' "$text" | grep -oE "(^| )[0-9]+\. $title " | head -1 | grep -oE '[0-9]+')
		if [ -z "$n" ]; then
			# sections the data has nothing for are left out
			case $title in
			"Recommendations" | "Reasons for the recommendations" | "Alternative options considered" | "Consultation" | "Appendices")
				grep -q "<$(section_element "$title")>" "$input" && { echo "  missing: $title"; return 1; }
				continue ;;
			*) echo "  missing: $title"; return 1 ;;
			esac
		fi
		[ "$n" -eq $((last + 1)) ] || { echo "  $title is section $n after section $last"; return 1; }
		pos=$(printf '%s\n' "$text" | grep -boE "(^| )$n\. $title " | head -1 | cut -d: -f1)
		[ -n "$pos" ] || return 1
		last=$n
	done
}
section_element() {
	case $1 in
	Recommendations) echo recommendations ;;
	"Reasons for the recommendations") echo reasons ;;
	"Alternative options considered") echo alternatives ;;
	Consultation) echo consultation ;;
	Appendices) echo appendices ;;
	esac
}

# "1. ... 2. ... N." between "That the ...:" and the next section.
recommendations_numbered() {
	local pdf=$1 input=$2 count text
	count=$(grep -c '<recommendation>' "$input")
	[ "$count" -gt 0 ] || return 0
	text=$(pdftotext -enc UTF-8 "$pdf" - | collapse |
		sed -n 's/.*[0-9]\. Recommendations That the \([^:]*\): \(.*\) [0-9]*\. Reasons for the recommendations.*/\2/p')
	[ -n "$text" ] || { echo "  no recommendations found"; return 1; }
	local i rest=$text
	for i in $(seq 1 "$count"); do
		case $rest in
		"$i. "* | *" $i. "*) rest=${rest#*"$i. "} ;;
		*) echo "  recommendation $i not numbered"; return 1 ;;
		esac
	done
}

# Paragraph numbers n.1, n.2 ... run in order within each section.
paragraphs_numbered() {
	pdftotext -enc UTF-8 "$1" - | grep -oE '^[0-9]+\.[0-9]+$' |
		awk -F. '{ if ($1 == s) { if ($2 != p + 1) bad = 1 } else if ($2 != 1) bad = 1; s = $1; p = $2; n++ }
		         END { exit bad || n < 5 }'
}

# Every page of the PDF carries "NOT FOR PUBLICATION".
every_page_marked() {
	local pdf=$1 pages i
	pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
	for i in $(seq 1 "$pages"); do
		pdftotext -f "$i" -l "$i" "$pdf" - | grep -q 'NOT FOR PUBLICATION' || { echo "  page $i not marked"; return 1; }
	done
}

# Two columns: on every page, below the masthead, many words lie wholly left of the
# middle and many wholly right of it, and none crosses the middle.
two_columns() {
	local pdf=$1
	pdftotext -bbox "$pdf" "$tmp/bbox.html" 2>/dev/null || return 1
	awk '
		/<page / { match($0, /width="[0-9.]+"/); w = substr($0, RSTART + 7, RLENGTH - 8) + 0
		           page++; left[page] = 0; right[page] = 0; across[page] = 0 }
		/<word / {
			match($0, /xMin="[0-9.]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
			match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
			match($0, /yMin="[0-9.]+"/); y0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
			if (page == 1 && y0 < 150) next          # the masthead spans the page
			if (y0 > 800) next                       # the running foot
			if (x1 < w / 2) left[page]++
			else if (x0 > w / 2) right[page]++
			else across[page]++
		}
		END {
			for (p = 1; p <= page; p++) {
				if (left[p] + right[p] + across[p] == 0) continue
				if (across[p] > 0 || left[p] < 40 || right[p] < 40) {
					print "  page " p ": " left[p] " words left, " right[p] " right, " across[p] " across the middle"
					bad = 1
				}
			}
			exit bad || page == 0
		}' "$tmp/bbox.html"
}

# ------------------------------------------------------------ programmes
kind_list=$(IFS=,; echo "${kinds[*]}")
for input in input/*.xml; do
	name=$(basename "$input" .xml)
	out=$tmp/$name
	"$bin" build -o "$out" -k "$kind_list" "$input" >"$tmp/build.out" 2>"$tmp/build.err"
	status=$?
	check "$input: every kind builds (exit $status)" [ $status -eq 0 ]
	check "$input: the build prints nothing: $(head -3 "$tmp/build.err")" [ ! -s "$tmp/build.err" ]
	for kind in "${kinds[@]}"; do
		html=$out/$name.$kind.html
		pdf=$out/$name.$kind.pdf
		if [ ! -s "$html" ] || [ ! -s "$pdf" ]; then
			check "$input: $kind written" false
			continue
		fi
		facts=tests/facts/$name.$kind.txt
		[ "$kind" = briefing-pack ] && [ ! -f "$facts" ] && facts=tests/facts/$name.txt
		if [ -f "$facts" ]; then
			check_facts "$facts" "$html" "$pdf"
		elif [ "$kind" != briefing-pack ]; then
			echo "  (no $facts)"
		fi
		check "$name.$kind.pdf: qpdf finds nothing wrong" qpdf --check "$pdf" >/dev/null 2>&1
		check "$name.$kind.pdf: every font embedded" sh -c \
			"pdffonts '$pdf' | tail -n +3 | awk '\$(NF-4) != \"yes\" { bad = 1 } END { exit bad }'"
		check "$name.$kind.pdf: no raster images (charts are vectors)" \
			[ "$(pdfimages -list "$pdf" 2>/dev/null | tail -n +3 | grep -c .)" -eq 0 ]
		check "$name.$kind.html: <html lang>" grep -q '<html lang="en-GB"' "$html"
		for landmark in header nav main footer; do
			check "$name.$kind.html: has <$landmark>" grep -q "<$landmark[ >]" "$html"
		done
		check "$name.$kind.html: headings in order" headings_in_order "$html"
		check "$name.$kind.html: every th has a scope" th_scoped "$html"
		check "$name.$kind.html: every img has alt" img_alt "$html"
		check "$name.$kind.html: every svg is role=img with a title" svg_titled "$html"
		check "$name.$kind.html: every chart is described by visible text" sh -c \
			"[ \$(grep -o 'aria-describedby=\"[^\"]*\"' '$html' | wc -l) -eq \$(grep -o 'class=\"chart-desc\" id=' '$html' | wc -l) ]"
		case $kind in
		slides)
			page_sizes "$pdf" >"$tmp/sizes"
			check "$name.slides.pdf: every page is 16:9 landscape" awk '
				{ n++; r = $1 / $2; if ($1 <= $2 || r < 1.77 || r > 1.79) { print "  " $1 " x " $2; bad = 1 } }
				END { exit bad || n == 0 }' "$tmp/sizes"
			check "$name.slides.pdf: a slide number on every page" sh -c \
				"pages=\$(pdfinfo '$pdf' | awk '/^Pages:/ { print \$2 }'); for i in \$(seq 1 \$pages); do pdftotext -f \$i -l \$i '$pdf' - | grep -qE \"^\$i ?/ ?\$pages\$\" || exit 1; done"
			;;
		board-paper)
			check "$name.board-paper.pdf: sections in order, numbered" board_sections_in_order "$pdf" "$input"
			check "$name.board-paper.pdf: recommendations numbered 1 to N" recommendations_numbered "$pdf" "$input"
			check "$name.board-paper.pdf: paragraphs numbered n.1, n.2 ... in order" paragraphs_numbered "$pdf"
			if grep -q '<classification level="exempt"' "$input"; then
				check "$name.board-paper.pdf: NOT FOR PUBLICATION on every page" every_page_marked "$pdf"
				pdftotext -enc UTF-8 "$pdf" - | collapse >"$tmp/exempt.txt"
				check "$name.board-paper.pdf: names the Schedule 12A paragraph" \
					grep -q 'paragraph [1-7] of Part 1 of Schedule 12A to the Local Government Act 1972' "$tmp/exempt.txt"
			fi
			;;
		newsletter)
			check "$name.newsletter.pdf: two columns" two_columns "$pdf"
			check "$name.newsletter.pdf: In this issue with page numbers" sh -c \
				"pdftotext -layout '$pdf' - | grep -qE 'What changes for you, and when \\.+ +[0-9]+'"
			;;
		esac
	done
done

finish kinds
