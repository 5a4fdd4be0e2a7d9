#!/bin/sh
# make bench: installs what the benchmark needs (saying what), then runs bench.py, which
# measures briefpack beside WeasyPrint, Chromium, wkhtmltopdf and the Pango floor and
# writes tests/bench/RESULTS.md. Takes about a quarter of an hour on 2 cores.
# Usage: tests/bench/bench.sh [BUILD_DIR]   (from the top of the repository; the
# Makefile's bench target builds BUILD_DIR/briefpack and BUILD_DIR/bench/floor first)
set -eu
build=${1:-build}

# What the measuring needs: the run fails without it.
tests/ensure-debs.sh python3 hyperfine poppler-utils time valgrind

# The engines compared: one that cannot be installed is left out, and the report says so.
if ! tests/ensure-debs.sh weasyprint chromium wkhtmltopdf; then
	for deb in weasyprint chromium wkhtmltopdf; do
		tests/ensure-debs.sh "$deb" ||
			echo "bench: could not install $deb; its cases are reported as not installed"
	done
fi

exec python3 tests/bench/bench.py "$build"
