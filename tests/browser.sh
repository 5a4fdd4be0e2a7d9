#!/usr/bin/env bash
# Every kind's HTML as headless Chromium parses and styles it, for every programme in
# input/, built with the briefpack program in BUILD_DIR (default: build): a screenshot
# that is not blank, and the DOM checks of tests/browser-check.js (language, landmarks,
# heading levels, header cell scopes, text alternatives, colour contrast of every text
# against its background). Ends with "browser: N passed, N failed".
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
bin="$build/briefpack"
kinds=(briefing-pack board-paper newsletter slides)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"

command -v chromium >/dev/null || { echo "browser: chromium is missing (make test-deps)"; exit 1; }
[ -x "$bin" ] || { echo "browser: $bin is missing (make)"; exit 1; }

chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --user-data-dir="$tmp/profile" "$@" 2>/dev/null
}

# The report the script left in the DOM; fails when it has a FAIL line or is missing.
dom_ok() {
	local html=$1 report=$2
	{ cat "$html"; printf '<script>\n'; cat tests/browser-check.js; printf '</script>\n'; } >"$tmp/page.html"
	chrome --virtual-time-budget=5000 --dump-dom "file://$tmp/page.html" >"$tmp/dom.html"
	sed -n '/<pre id="bp-report">/,/<\/pre>/p' "$tmp/dom.html" | sed 's/<[^>]*>//g' >"$report"
	grep -q '^checked [1-9][0-9]* texts' "$report" || { echo "  no report from the page"; return 1; }
	! grep '^FAIL' "$report" | sed 's/^/  /' | grep .
}

# A PNG of the page, wider and taller than a few pixels and not a single colour.
screenshot_ok() {
	rm -f "$tmp/shot.png"
	chrome --window-size=1024,1400 --screenshot="$tmp/shot.png" "file://$1" >/dev/null
	[ -s "$tmp/shot.png" ] || return 1
	python3 - "$tmp/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", data[16:24])
idat, pos = b"", 8
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
sys.exit(0 if w >= 800 and h >= 800 and len(set(raw[::97])) > 4 else 1)
PY
}

kind_list=$(IFS=,; echo "${kinds[*]}")
for input in input/*.xml; do
	name=$(basename "$input" .xml)
	out=$tmp/$name
	"$bin" build -f html -o "$out" -k "$kind_list" "$input" >/dev/null 2>&1
	for kind in "${kinds[@]}"; do
		html=$out/$name.$kind.html
		check "$name.$kind.html: the browser's DOM passes the accessibility checks" \
			dom_ok "$html" "$tmp/report.txt"
		check "$name.$kind.html: a screenshot that is not blank" \
			screenshot_ok "$html"
	done
done

finish browser
