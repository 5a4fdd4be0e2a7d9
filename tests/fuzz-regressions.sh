#!/bin/sh
# Replays every input the fuzzers once failed on (tests/fuzz/regressions/) through the
# ordinary program in BUILD_DIR, as the harness fed it: css/NAME.css as fuzz.css
# beside tests/fuzz/css-page.html, rendered; render/NAME.html rendered; and
# programme/NAME.xml built as every kind. Each run must end within TIME_LIMIT
# seconds (default 60) with status 0 or 1, without a signal, a sanitizer or GLib
# complaint, or a failure that is briefpack's own rather than the input's. Prints
# "ok - ..." or "FAIL - ..." per input; usage: tests/fuzz-regressions.sh [BUILD_DIR].
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
bin=$build/briefpack
dir=tests/fuzz/regressions
limit=${TIME_LIMIT:-60}
pass=0
fail=0
[ -x "$bin" ] || { echo "fuzz-regressions: $bin is missing (make)"; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-regressions.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

# replay TITLE COMMAND...: runs one replay in $tmp/work and judges it.
replay() {
	title=$1
	shift
	timeout "$limit" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=
	if [ $rc -eq 124 ]; then
		why="no result within ${limit}s"
	elif [ $rc -gt 1 ]; then
		why="exit status $rc"
	elif grep -q -E 'runtime error|Sanitizer|CRITICAL|-WARNING \*\*|writing the PDF failed' "$tmp/err"; then
		why=$(grep -m 1 -E 'runtime error|Sanitizer|CRITICAL|-WARNING \*\*|writing the PDF failed' "$tmp/err")
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok - $title"
	else
		fail=$((fail + 1))
		echo "FAIL - $title: $why"
		head -n 20 "$tmp/err" | sed 's/^/    /'
	fi
}

# fresh: an empty work folder with the images the harnesses offer.
fresh() {
	rm -rf "$tmp/work"
	mkdir -p "$tmp/work"
	cp -R tests/golden/media "$tmp/work/media"
}

for css in "$dir"/css/*.css; do
	[ -f "$css" ] || continue
	fresh
	cp tests/fuzz/css-page.html "$tmp/work/page.html"
	cp "$css" "$tmp/work/fuzz.css"
	replay "$css" "$bin" render -o "$tmp/work/page.pdf" "$tmp/work/page.html"
done
for html in "$dir"/render/*.html; do
	[ -f "$html" ] || continue
	fresh
	cp "$html" "$tmp/work/page.html"
	replay "$html" "$bin" render -o "$tmp/work/page.pdf" "$tmp/work/page.html"
done
for xml in "$dir"/programme/*.xml; do
	[ -f "$xml" ] || continue
	for kind in briefing-pack board-paper newsletter slides; do
		fresh
		cp "$xml" "$tmp/work/programme.xml"
		replay "$xml as $kind" "$bin" build -k "$kind" -o "$tmp/work/out" "$tmp/work/programme.xml"
	done
done

echo "fuzz-regressions: $pass passed, $fail failed"
[ $fail -eq 0 ]
