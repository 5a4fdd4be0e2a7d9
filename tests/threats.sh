#!/bin/sh
# The threat table: tests/threats/ holds one small hostile or broken input per threat,
# its expected diagnostics beside it (NAME.diag), and this runs each through the
# program in BUILD_DIR. A threat is one of:
#   NAME.xml    a programme, built: briefpack build -o out NAME.xml
#   NAME.html   a page, rendered: briefpack render -o out/NAME.pdf NAME.html
#   NAME.gen    a shell script that writes NAME.xml or NAME.html (inputs too large to
#               keep), which is then built or rendered as above
#   NAME.cmd    a shell script that sets the scene itself and runs $BIN; it may print
#               "check: ..." on standard error when something is wrong, and exits 77
#               (saying why on standard output) when it cannot run here
# Every file NAME.* is copied into an empty folder first, where the command runs.
# Checks: the messages are exactly NAME.diag (each with file and line where there is
# one); the exit status is NAME.status if there is one, else 1 when NAME.diag has an
# error and 0 when not; a failed build or render leaves the earlier outputs byte for
# byte and no temporary files, a successful one writes a PDF qpdf finds sound; no
# line of /etc/passwd is in any message or PDF; every run ends within TIME_LIMIT
# seconds (default 60) and, on a build without sanitizers, within MEMORY_LIMIT MiB
# (default 1024) of memory. Prints "ok - NAME (seconds, MiB)", "skip - NAME: why" or
# "FAIL - NAME: why" per threat; UPDATE=1 rewrites the .diag files from the output.
# Usage: tests/threats.sh [BUILD_DIR].
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
case $build in /*) ;; *) build=$top/$build ;; esac
bin=$build/briefpack
dir=$top/tests/threats
limit=${TIME_LIMIT:-60}
memory=${MEMORY_LIMIT:-1024}
pass=0
fail=0
skip=0
[ -x "$bin" ] || { echo "threats: $bin is missing (make)"; exit 2; }
# Memory is measured where GNU time is, and bounded where no sanitizer reserves its
# shadow memory.
measure=
[ -x /usr/bin/time ] && measure=/usr/bin/time
bounded=1
[ "${build##*/}" = sanitize ] && bounded=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/threats.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# problem TEXT: records why the current threat fails.
problem() {
	problems="$problems
    $*"
}

for path in "$dir"/*.xml "$dir"/*.html "$dir"/*.gen "$dir"/*.cmd; do
	[ -f "$path" ] || continue
	file=${path##*/}
	name=${file%.*}
	kind=${file##*.}
	# A page or programme some NAME.gen or NAME.cmd stands beside is its companion.
	case $kind in xml | html)
		[ -f "$dir/$name.gen" ] || [ -f "$dir/$name.cmd" ] && continue ;;
	esac
	work=$tmp/$name
	mkdir -p "$work"
	cp "$dir/$name".* "$work/"
	rm -f "$work/$name.diag" "$work/$name.status"
	problems=
	earlier=
	input=
	if [ "$kind" = gen ]; then
		(cd "$work" && sh "./$name.gen") || problem "$name.gen failed"
		for ext in xml html; do [ -f "$work/$name.$ext" ] && input=$name.$ext; done
		[ -n "$input" ] || problem "$name.gen wrote neither $name.xml nor $name.html"
	elif [ "$kind" != cmd ]; then
		input=$file
	fi
	# The command, and the outputs that were there before it.
	set --
	case $input in
	*.xml)
		earlier="out/$name.briefing-pack.html out/$name.briefing-pack.pdf"
		set -- "$bin" build -s "$top/stylesheets" -o out "$input" ;;
	*.html)
		earlier="out/$name.pdf"
		set -- "$bin" render -o "out/$name.pdf" "$input" ;;
	*)
		set -- sh "$dir/$name.cmd" ;;
	esac
	[ -z "$earlier" ] || mkdir -p "$work/out"
	for f in $earlier; do printf 'earlier output: %s\n' "$f" >"$work/$f"; done
	mkdir -p "$tmp/earlier"
	for f in $earlier; do cp "$work/$f" "$tmp/earlier/${f##*/}"; done

	started=$(now_ms)
	if [ -n "$measure" ]; then
		(cd "$work" && BIN=$bin TOP=$top timeout "$limit" "$measure" -f '%M' -o "$tmp/rss" \
			"$@" >"$tmp/out" 2>"$tmp/err")
	else
		(cd "$work" && BIN=$bin TOP=$top timeout "$limit" "$@" >"$tmp/out" 2>"$tmp/err")
	fi
	status=$?
	ms=$(($(now_ms) - started))
	# GNU time reports a signal as "Command terminated by signal N" and a failure as
	# "Command exited with non-zero status N"; neither is briefpack's message.
	grep -v -E '^Command (exited with non-zero status|terminated by signal) ' "$tmp/err" |
		sed "s|$top/||g" >"$tmp/diag"
	kib=0
	[ -n "$measure" ] && [ -s "$tmp/rss" ] && kib=$(tail -n 1 "$tmp/rss")
	case $kib in '' | *[!0-9]*) kib=0 ;; esac
	mib=$(((kib + 1023) / 1024))

	if [ "$kind" = cmd ] && [ $status -eq 77 ]; then
		skip=$((skip + 1))
		echo "skip - $name: $(head -n 1 "$tmp/out")"
		rm -rf "$work"
		continue
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/diag" "$dir/$name.diag"
	fi
	if [ $status -eq 124 ]; then
		problem "no result within ${limit}s"
	elif [ ! -f "$dir/$name.diag" ]; then
		problem "$name.diag is missing (UPDATE=1 writes it)"
	elif ! diff -u "$dir/$name.diag" "$tmp/diag" >"$tmp/diff"; then
		problem "messages differ from $name.diag:"
		problem "$(tail -n +3 "$tmp/diff" | head -n 20)"
	fi
	if [ -f "$dir/$name.status" ]; then
		want=$(cat "$dir/$name.status")
	elif grep -q ': error: ' "$dir/$name.diag" 2>/dev/null; then
		want=1
	else
		want=0
	fi
	[ $status -eq 124 ] || [ "$status" -eq "$want" ] || problem "exit status $status, expected $want"
	if [ $status -ne 0 ]; then
		for f in $earlier; do
			cmp -s "$tmp/earlier/${f##*/}" "$work/$f" ||
				problem "$f: the earlier output was not kept"
		done
		[ ! -d "$work/out" ] || [ -z "$(ls -A "$work/out" | grep '^\.')" ] ||
			problem "temporary files left: $(ls -A "$work/out" | tr '\n' ' ')"
	elif [ -n "$earlier" ] && command -v qpdf >/dev/null; then
		for f in $earlier; do
			case $f in *.pdf)
				qpdf --check "$work/$f" >/dev/null 2>&1 || problem "$f: qpdf --check fails" ;;
			esac
		done
	fi
	if grep -q 'root:x:0:' "$tmp/err" ||
		for f in "$work"/out/*.pdf; do
			[ -f "$f" ] && command -v pdftotext >/dev/null &&
				pdftotext "$f" - 2>/dev/null | grep -q 'root:x:0:' && echo leak
		done | grep -q leak; then
		problem "a line of /etc/passwd was read"
	fi
	if [ $bounded = 1 ] && [ "$mib" -gt "$memory" ]; then
		problem "used $mib MiB, more than $memory MiB"
	fi

	secs=$(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)))
	if [ -z "$problems" ]; then
		pass=$((pass + 1))
		echo "ok - $name (${secs}s, $mib MiB)"
	else
		fail=$((fail + 1))
		echo "FAIL - $name (${secs}s, $mib MiB)$problems"
	fi
	rm -rf "$work" "$tmp/earlier"
done

echo "threats: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
