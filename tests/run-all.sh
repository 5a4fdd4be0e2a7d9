#!/usr/bin/env bash
# Runs every test suite against the build in BUILD_DIR (default: build): each unit
# test binary (cmocka), the CSS conformance suite when both its runner and the shared
# test data exist, the layout golden tests when present, the robustness tests (hostile
# and extreme pages under a time bound), the end-to-end integration test, long
# documents painted as they are laid out (tests/streaming.sh), the tagged PDF
# structure (tests/tagged.sh), the HTML in headless Chromium (tests/browser.sh, not
# on the sanitized build), the threat table (tests/threats/), the inputs the
# fuzzers once failed on, and the build on Debian 13 in a debootstrap root
# (tests/debian13.sh, not on the sanitized build). Counts suites and ends with
# "N passed, N failed" (and ", N skipped" when a suite that may skip, exiting 77,
# did: the Debian 13 one without the archive); exits non-zero when any suite failed.
# VALGRIND=1 runs the unit tests under valgrind.
set -u
build=${1:-build}
top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null) ||
	top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
shared=${SHARED_DIR:-$top/../shared}

passed=0
failed=0
skipped=0
failures=()
skips=()

# run_suite [--may-skip] NAME COMMAND...: runs one suite and counts it. With
# --may-skip, exit status 77 counts the suite as skipped (never as passed).
run_suite() {
	local may_skip=0 name status
	if [ "$1" = --may-skip ]; then
		may_skip=1
		shift
	fi
	name=$1
	shift
	echo "=== $name"
	"$@"
	status=$?
	if [ $status -eq 0 ]; then
		passed=$((passed + 1))
	elif [ $may_skip = 1 ] && [ $status -eq 77 ]; then
		skipped=$((skipped + 1))
		skips+=("$name")
		echo "=== $name SKIPPED"
	else
		failed=$((failed + 1))
		failures+=("$name")
		echo "=== $name FAILED"
	fi
}

valgrind=()
if [ "${VALGRIND:-0}" = 1 ]; then
	valgrind=(valgrind --quiet --error-exitcode=1 --leak-check=full --suppressions=tests/valgrind.supp)
fi

found_unit=0
for test in "$build"/tests/test_*; do
	[ -f "$test" ] && [ -x "$test" ] || continue
	found_unit=1
	run_suite "$(basename "$test")" "${valgrind[@]}" "$test"
done
if [ $found_unit = 0 ]; then
	echo "no unit tests in $build/tests: build them first (make test)"
	failed=$((failed + 1))
	failures+=("unit tests missing")
fi

if [ -x "$build/tests/conformance" ] && [ -d "$shared/conformance/css-parsing-tests" ]; then
	run_suite conformance "$build/tests/conformance" "$shared/conformance/css-parsing-tests"
else
	echo "=== conformance: skipped (needs $build/tests/conformance and $shared/conformance/css-parsing-tests)"
fi

if [ -f tests/golden.sh ]; then
	run_suite golden sh tests/golden.sh "$build/briefpack"
fi

run_suite robustness tests/robustness.sh "$build"

run_suite integration tests/integration.sh "$build"

run_suite streaming tests/streaming.sh "$build"

run_suite tagged tests/tagged.sh "$build"

run_suite pdfcheck tests/pdfcheck.sh "$build"

# The HTML in a browser: it does not depend on how briefpack was built, so once.
if [ "${build##*/}" != sanitize ]; then
	run_suite browser tests/browser.sh "$build"
fi

run_suite threats tests/threats.sh "$build"

run_suite fuzz-regressions tests/fuzz-regressions.sh "$build"

# Builds and runs on Debian 13 in a debootstrap root (its own build, so once).
if [ "${build##*/}" != sanitize ]; then
	run_suite --may-skip debian13 tests/debian13.sh "$build"
fi

# memcheck on a whole build of the seed, every kind (valgrind and the sanitizers do
# not mix).
if [ "${build##*/}" != sanitize ] && command -v valgrind >/dev/null; then
	vg_out=$(mktemp -d)
	run_suite valgrind-seed valgrind --quiet --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite \
		--suppressions=tests/valgrind.supp "$build/briefpack" build -j1 \
		-k briefing-pack,board-paper,newsletter,slides -o "$vg_out" input/rce-shared-services.xml
	rm -rf "$vg_out"
fi

if [ $failed -gt 0 ]; then
	printf 'failed suites:'
	printf ' %s' "${failures[@]}"
	printf '\n'
fi
if [ $skipped -gt 0 ]; then
	printf 'skipped suites:'
	printf ' %s' "${skips[@]}"
	printf '\n'
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
