# What the test scripts share (sourced, not run): counting checks, and the summary line.
# check WHAT COMMAND...: runs the command; counts it passed, or failed with "FAIL: WHAT".
passed=0
failed=0
check() {
	local what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $what"
	fi
}

# finish NAME: prints "NAME: N passed, N failed"; its status says whether all passed.
finish() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
