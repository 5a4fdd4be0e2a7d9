#!/bin/sh
# Golden tests for the layout engine: each tests/golden/NAME.html is rendered with
# --dump=boxes, --dump=pages and --dump=tags; NAME.boxes, NAME.pages, NAME.tags (the
# PDF's structure tree) and NAME.diag (the
# diagnostics) beside it say what is expected, and only the files that exist are
# checked; NAME.args, when there, holds options added to the command line (one a
# line). UPDATE=1 rewrites the expected files from the current output.
set -u
bin=${1:-build/briefpack}
dir=$(dirname "$0")/golden
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for html in "$dir"/*.html; do
	name=${html%.html}
	args=
	[ -f "$name.args" ] && args=$(cat "$name.args")
	for kind in boxes pages tags; do
		[ -f "$name.$kind" ] || [ "${UPDATE:-0}" = 1 ] || continue
		# shellcheck disable=SC2086 # one option a word
		"$bin" render --dump="$kind" $args "$html" >"$tmp/out" 2>"$tmp/err"
		status=$?
		if [ "${UPDATE:-0}" = 1 ]; then
			cp "$tmp/out" "$name.$kind"
			[ "$kind" = boxes ] && [ -s "$tmp/err" ] && cp "$tmp/err" "$name.diag"
			continue
		fi
		if [ $status -ne 0 ] && [ ! -f "$name.diag" ]; then
			echo "FAIL $name.$kind: exit status $status"; cat "$tmp/err"
			fail=$((fail + 1)); continue
		fi
		if ! diff -u "$name.$kind" "$tmp/out" >"$tmp/diff"; then
			echo "FAIL $name.$kind"; head -40 "$tmp/diff"
			fail=$((fail + 1)); continue
		fi
		if [ "$kind" = boxes ] && [ -f "$name.diag" ] && ! diff -u "$name.diag" "$tmp/err" >"$tmp/diff"; then
			echo "FAIL $name.diag"; head -20 "$tmp/diff"
			fail=$((fail + 1)); continue
		fi
		pass=$((pass + 1))
	done
done
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
