#!/usr/bin/env bash
# Runs the libFuzzer harnesses built in FUZZ_DIR (make fuzz-binaries) for SECONDS each:
# tests/fuzz.sh FUZZ_DIR SECONDS [NAME...] (NAME: css, render, programme, pdfimport; default all).
# Each starts from the committed seeds (tests/fuzz/corpus/NAME) and what earlier runs
# added (FUZZ_DIR/corpus/NAME, where new inputs go), with tests/fuzz/NAME.dict. A
# crash, leak, sanitizer report, timeout (FUZZ_TIMEOUT seconds on one input, default
# 30) or running out of memory (FUZZ_RSS_MB, default 2048) is saved in
# FUZZ_DIR/crashes/NAME/ and fails the run; keep it as a regression in
# tests/fuzz/regressions/NAME/ once fixed. FUZZ_JOBS harnesses run at once (default:
# 2, at most the processors). Prints executions, coverage and corpus size per harness.
set -u
dir=${1:?usage: tests/fuzz.sh FUZZ_DIR SECONDS [NAME...]}
seconds=${2:?usage: tests/fuzz.sh FUZZ_DIR SECONDS [NAME...]}
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(css render programme pdfimport)
jobs=${FUZZ_JOBS:-2}
cpus=$(nproc 2>/dev/null || echo 1)
[ "$jobs" -le "$cpus" ] || jobs=$cpus
[ "$jobs" -ge 1 ] || jobs=1

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export BRIEFPACK_TOP=$top

for name in "${names[@]}"; do
	[ -x "$dir/fuzz_$name" ] || { echo "fuzz: $dir/fuzz_$name is missing (make fuzz-binaries)"; exit 2; }
done

# run NAME: one harness for the time given; its log is FUZZ_DIR/NAME.log.
run() {
	local name=$1
	mkdir -p "$dir/corpus/$name" "$dir/crashes/$name"
	"$dir/fuzz_$name" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-30}" \
		-rss_limit_mb="${FUZZ_RSS_MB:-2048}" -dict="$top/tests/fuzz/$name.dict" \
		-artifact_prefix="$dir/crashes/$name/" -print_final_stats=1 \
		"$dir/corpus/$name" "$top/tests/fuzz/corpus/$name" >"$dir/$name.log" 2>&1
}

declare -A pid_of
running=0
for name in "${names[@]}"; do
	if [ $running -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	echo "fuzz: $name for ${seconds}s"
	run "$name" &
	pid_of[$name]=$!
	running=$((running + 1))
done

failed=0
for name in "${names[@]}"; do
	wait "${pid_of[$name]}"
	status=$?
	log=$dir/$name.log
	runs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.* cov: \([0-9]*\).* corp: \([0-9]*\).*/coverage \1, corpus \2/p')
	if [ $status -eq 0 ]; then
		echo "fuzz: $name ok: ${runs:-?} inputs run, $cov"
	else
		failed=$((failed + 1))
		echo "fuzz: $name FAILED (status $status) after ${runs:-?} inputs; from $log:"
		grep -E -m 1 -A 12 'ERROR: |runtime error|==[0-9]+==|Timeout|out-of-memory' "$log" | head -n 30
		ls -1 "$dir/crashes/$name" | sed 's/^/    saved: /'
	fi
done
[ $failed -eq 0 ]
