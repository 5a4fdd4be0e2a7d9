#!/usr/bin/env bash
# Builds, runs and checks briefpack on Debian 13 in a debootstrap root (build/debian13-root); 77: skipped.
#
# Usage: tests/debian13.sh [BUILD_DIR] (the argument is accepted for tests/run-all.sh
# and ignored: the suite builds its own copy). Needs root (or sudo without a password),
# debootstrap, unshare and chroot.
#
# The first run makes the root with debootstrap (--variant=minbase) from the Debian
# mirror apt is configured with, then installs in it (apt-get --no-install-recommends)
# the packages of the Makefile's RUN_DEBS and TEST_DEBS but chromium, clang, its
# runtimes, valgrind and debootstrap, which nothing here uses; stamp files mark each
# step complete.
# Later runs reuse the root and install only packages added to the Makefile since (no
# network needed otherwise). Every run copies the work tree (tracked files and
# uncommitted changes, not what git ignores) into the root and there runs `make
# CI=true` (warnings fatal) and `make run`, then checks the PDFs of output/: qpdf
# --check passes, pdfinfo says "Tagged: yes", every font is embedded, tests/tagged.py
# finds the structure tree true to the HTML, and output/ holds the same files as `make
# run` of the same tree writes on this machine. Then tests/kinds.sh (the facts of
# tests/facts/ and what each kind promises) and `make CI=true test-binaries` (the tests
# compile without warnings). Everything in the root runs in mount and PID namespaces
# of its own (unshare), so /proc and /dev are mounted only there and gone when it
# ends, however it ends. Logs: build/debian13-logs/. Ends with "debian13: N passed, N
# failed". DEBIAN13_ROOT=DIR keeps the root in DIR instead.
set -eu

suite=trixie
skip=77

# ------------------------------------------------------------------ inside the root
# tests/debian13.sh --inside: the checks, run in the root from the copy's top folder.
if [ "${1:-}" = --inside ]; then
	set +e
	cd "$(dirname "$0")/.."
	logs=debian13-logs
	shown=build/debian13-logs/inside # where the host copies $logs to
	mkdir -p "$logs"
	# shellcheck source=tests/lib.sh
	. tests/lib.sh
	summary() {
		finish debian13
		exit
	}
	# indent [N]: the first N lines (default 40) of standard input, indented.
	indent() { head -n "${1:-40}" | sed 's/^/    /'; }

	. /etc/os-release
	echo "debian13: $PRETTY_NAME; $(gcc --version | head -1); cairo $(pkg-config --modversion cairo)," \
		"pango $(pkg-config --modversion pango), harfbuzz $(pkg-config --modversion harfbuzz)," \
		"libxml2 $(pkg-config --modversion libxml-2.0), poppler $(pdfinfo -v 2>&1 | awk 'NR == 1 { print $3 }')," \
		"qpdf $(qpdf --version | awk 'NR == 1 { print $3 }')"

	echo "debian13: make CI=true"
	jobs=$(nproc)
	if make -k -j"$jobs" CI=true >"$logs/make.log" 2>&1; then
		check "make CI=true: builds without a warning" true
	else
		check "make CI=true: briefpack does not build on Debian 13 (gcc 14, warnings are errors); the errors:" false
		grep -E '(error|warning):|undefined reference|multiple definition' "$logs/make.log" | awk '!seen[$0]++' | indent 60
		echo "  (the whole output: $shown/make.log)"
		summary
	fi

	echo "debian13: make run"
	make run >"$logs/run.log" 2>&1
	status=$?
	if [ $status -ne 0 ]; then
		echo "  make run fails on Debian 13 (exit $status); briefpack said:"
		grep -vE '^(make(\[[0-9]+\])?: |build/briefpack build )' "$logs/run.log" | indent 40
		echo "  (the whole output: $shown/run.log)"
	fi
	check "make run: every document written (exit $status)" [ $status -eq 0 ]

	# The same files as Debian 12's make run wrote (debian13-expected, one name a line;
	# debian13-expected.failed says make run failed there too).
	(cd output && find . -maxdepth 1 -type f ! -name .gitkeep | sed 's|^\./||' | LC_ALL=C sort) >"$logs/outputs"
	if ! cmp -s debian13-expected "$logs/outputs"; then
		echo "  output/ differs from Debian 12's (< only on Debian 12, > only on Debian 13):"
		[ ! -f debian13-expected.failed ] || echo "  (make run failed on Debian 12 too: build/debian13-logs/host-run.log)"
		diff debian13-expected "$logs/outputs" | grep '^[<>]' | indent 40
		check "make run: the same outputs as on Debian 12" false
	else
		check "make run: the same outputs as on Debian 12 ($(wc -l <"$logs/outputs") files)" true
	fi

	fonts_embedded() { pdffonts "$1" | tail -n +3 | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad || NR == 0 }'; }
	tagged_yes() { pdfinfo "$1" 2>/dev/null | grep -q '^Tagged: *yes$'; }
	tagged_tree() { python3 tests/tagged.py "$1" "$2" --footers >"$logs/tagged.out" 2>&1 || { indent 10 <"$logs/tagged.out"; false; }; }
	for pdf in $(grep '\.pdf$' debian13-expected); do
		if [ ! -s "output/$pdf" ]; then
			check "$pdf: written" false
			continue
		fi
		check "$pdf: qpdf --check finds nothing wrong" sh -c "qpdf --check 'output/$pdf' >/dev/null 2>&1"
		check "$pdf: pdfinfo says Tagged: yes" tagged_yes "output/$pdf"
		check "$pdf: pdffonts shows every font embedded" fonts_embedded "output/$pdf"
		html=output/${pdf%.pdf}.html
		if [ -s "$html" ]; then
			check "$pdf: tests/tagged.py finds the structure tree true to the HTML" tagged_tree "output/$pdf" "$html"
		fi
		check "$pdf: PDF/UA-1 (tests/pdfcheck.py, Matterhorn)" \
			sh -c "python3 tests/pdfcheck.py --expect-tagged 'output/$pdf' >'$logs/pdfcheck' 2>&1 || { head -20 '$logs/pdfcheck'; false; }"
		# The same pages, text and structure tree as on Debian 12.
		seen=debian13-expected.d/${pdf%.pdf}
		if [ -f "$seen.pages" ]; then
			pages=$(pdfinfo "output/$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
			check "$pdf: $pages pages, as on Debian 12" [ "$pages" = "$(cat "$seen.pages")" ]
			pdftotext "output/$pdf" "$logs/text" 2>/dev/null
			check "$pdf: the same text as on Debian 12" cmp -s "$logs/text" "$seen.txt"
			build/briefpack render --dump=tags "$html" >"$logs/tags" 2>/dev/null
			check "$pdf: the same structure tree as on Debian 12" cmp -s "$logs/tags" "$seen.tags"
		fi
	done

	# The facts of tests/facts/ in the HTML and the PDF's text, and what each kind
	# promises (tests/kinds.sh builds every kind of every programme itself).
	echo "debian13: tests/kinds.sh"
	if tests/kinds.sh build >"$logs/kinds.log" 2>&1; then
		check "tests/kinds.sh: $(tail -1 "$logs/kinds.log")" true
	else
		grep -v '^  not in the' "$logs/kinds.log" | indent 30
		echo "  (the whole output: $shown/kinds.log)"
		check "tests/kinds.sh (facts, accessibility, each kind's layout)" false
	fi

	echo "debian13: make CI=true test-binaries"
	if make -k -j"$jobs" CI=true test-binaries >"$logs/test-binaries.log" 2>&1; then
		check "make CI=true test-binaries: the tests build without a warning" true
	else
		grep -E '(error|warning):|undefined reference|multiple definition' "$logs/test-binaries.log" | awk '!seen[$0]++' | indent 40
		echo "  (the whole output: $shown/test-binaries.log)"
		check "make CI=true test-binaries: the tests build without a warning" false
	fi
	summary
fi

# ------------------------------------------------------------------ on the host
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
start=$(date +%s)

if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		exec sudo -n -- "$0" "$@"
	fi
	echo "debian13: skipped: needs root (or sudo without a password) for debootstrap and chroot"
	exit $skip
fi
for tool in debootstrap unshare chroot flock wget gpgv; do
	command -v "$tool" >/dev/null || { echo "debian13: $tool is missing (make test-deps)"; exit 1; }
done

root=${DEBIAN13_ROOT:-$top/build/debian13-root} # elsewhere: outside build/ (make's find)
logs=$top/build/debian13-logs
done_stamp=$root/.briefpack-debootstrap-complete
debs_stamp=$root/.briefpack-debs
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$top/build" "$logs"

# One run at a time: the root is shared.
exec 9>"$top/build/debian13.lock"
flock 9

tmp=$(mktemp -d)
host=$tmp/host # the tree as built here, to compare with
# Mounts are only ever made in the namespaces below, which the kernel tears down with
# them; this also unmounts anything below the root an older run may have left.
cleanup() {
	local m
	if [ -n "${child:-}" ]; then
		# unshare blocks SIGINT and SIGTERM; killed, it has the kernel kill its child.
		kill -KILL "$child" 2>/dev/null || true
		wait "$child" 2>/dev/null || true
	fi
	for m in $(awk -v r="$root/" 'index($5, r) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
		umount -l "$m" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "debian13: interrupted"; exit 130' INT
trap 'echo "debian13: terminated"; exit 143' TERM HUP

# ns COMMAND...: runs COMMAND in mount and PID namespaces of its own, so nothing it
# mounts or starts outlives it: when unshare ends, killed or not, the kernel kills
# what is left in them and drops their mounts. In the background, so that a signal
# to this script stops the wait at once and cleanup kills it.
child=
ns() {
	local status=0
	unshare --mount --pid --kill-child --propagation private -- "$@" &
	child=$!
	wait "$child" || status=$?
	child=
	return $status
}

# in_root COMMAND...: runs COMMAND in the root with /proc and /dev, a clean environment.
in_root() {
	ns /bin/sh -c '
		root=$1
		shift
		mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" || exit 1
		exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
			${http_proxy:+http_proxy=$http_proxy} "$@"' sh "$root" "$@"
}

# network_trouble LOG: whether LOG shows the archive could not be reached.
network_trouble() {
	grep -qiE "Failed getting release file|Couldn't download|Failed to fetch|Could not resolve|Temporary failure (in name resolution|resolving)|Unable to connect|Connection (refused|timed out|failed)|Network is unreachable|No route to host|unable to resolve host" "$1"
}

# The Debian mirror apt is configured with (the Repo-URI of this release's main
# suite, not -updates or -security), so the root comes from where this machine's
# packages come from.
mirror=$(apt-get indextargets --format '$(ORIGIN)|$(LABEL)|$(RELEASE)|$(REPO_URI)' 'Identifier: Packages' 2>/dev/null |
	awk -F'|' '$1 == "Debian" && $2 == "Debian" && $3 !~ /-/ { print $4; exit }')
if [ -z "$mirror" ]; then
	mirror=$(apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' 2>/dev/null |
		grep -E '/debian/?$' | head -1) || true
fi
if [ -z "$mirror" ]; then
	echo "debian13: skipped: apt is configured with no Debian mirror (apt-get indextargets names none)"
	exit $skip
fi
mirror=${mirror%/}
proxy=$(apt-config dump --format '%v%n' Acquire::http::Proxy 2>/dev/null | head -1) || true
[ -n "$proxy" ] && export http_proxy=$proxy

# The packages the Makefile names, less those nothing here needs.
debs=$(make -s --no-print-directory --eval 'debian13-debs: ; @echo $(RUN_DEBS) $(TEST_DEBS)' debian13-debs |
	tr ' ' '\n' | grep -vE '^(chromium|clang(-[0-9]+)?|libclang-rt(-[0-9]+)?-dev|valgrind|debootstrap)$' | grep . | LC_ALL=C sort -u)
[ -n "$debs" ] || { echo "debian13: no packages in the Makefile's RUN_DEBS and TEST_DEBS"; exit 1; }

# reach: whether the archive's trixie release can be fetched, signed by keys we know.
reach() {
	if ! wget -q -T 30 -t 2 -O "$tmp/InRelease" "$mirror/dists/$suite/InRelease"; then
		echo "debian13: skipped: cannot reach the Debian archive ($mirror/dists/$suite/InRelease)"
		exit $skip
	fi
	if ! gpgv --keyring "$keyring" "$tmp/InRelease" >"$tmp/gpgv.log" 2>&1; then
		echo "debian13: $keyring does not verify $suite's Release file:"
		sed 's/^/    /' "$tmp/gpgv.log"
		echo "  (upgrade debian-archive-keyring: apt-get install debian-archive-keyring)"
		exit 1
	fi
}

# ------------------------------------------------------------------ the root, once
if [ ! -f "$done_stamp" ]; then
	reach
	if [ -e "$root" ]; then
		echo "debian13: $root is incomplete (no stamp): making it again"
		cleanup_mounts=$(awk -v r="$root/" 'index($5, r) == 1' /proc/self/mountinfo)
		[ -z "$cleanup_mounts" ] || { echo "debian13: something is mounted below $root; not removing it"; exit 1; }
		rm -rf "$root"
	fi
	echo "debian13: debootstrap $suite from $mirror into $root (once; log: build/debian13-logs/debootstrap.log)"
	t=$(date +%s)
	# The packages go in with apt-get below: debootstrap's --include does not resolve
	# virtual packages (librsvg2-dev's gir1.2-cairo-1.0-dev) and leaves them unconfigured.
	if ! ns debootstrap --variant=minbase --components=main --keyring="$keyring" \
		"$suite" "$root" "$mirror" >"$logs/debootstrap.log" 2>&1; then
		if network_trouble "$logs/debootstrap.log" || network_trouble "$root/debootstrap/debootstrap.log" 2>/dev/null; then
			echo "debian13: skipped: debootstrap could not fetch from the Debian archive:"
			grep -iE 'E:|W:|fail|could' "$logs/debootstrap.log" | tail -5 | sed 's/^/    /'
			exit $skip
		fi
		echo "debian13: debootstrap failed:"
		tail -20 "$logs/debootstrap.log" | sed 's/^/    /'
		[ -f "$root/debootstrap/debootstrap.log" ] && tail -20 "$root/debootstrap/debootstrap.log" | sed 's/^/    /'
		exit 1
	fi
	echo "debian13: debootstrap took $(($(date +%s) - t)) s"
	date -u +%FT%TZ >"$done_stamp"
fi

# Packages the Makefile names now but the root lacks (none, usually).
if ! printf '%s\n' "$debs" | cmp -s - "$debs_stamp" 2>/dev/null; then
	reach
	echo "debian13: apt-get install in the root (log: build/debian13-logs/apt.log)"
	cat /etc/resolv.conf >"$root/etc/resolv.conf" 2>/dev/null || true
	# shellcheck disable=SC2086
	if ! in_root sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends "$@" && apt-get clean' \
		sh $debs >"$logs/apt.log" 2>&1; then
		if network_trouble "$logs/apt.log"; then
			echo "debian13: skipped: apt-get could not fetch from the Debian archive:"
			grep -E '^(E|W):' "$logs/apt.log" | tail -5 | sed 's/^/    /'
			exit $skip
		fi
		echo "debian13: apt-get install in the root failed:"
		grep -E '^(E|W):' "$logs/apt.log" | tail -10 | sed 's/^/    /'
		exit 1
	fi
	printf '%s\n' "$debs" >"$debs_stamp"
fi

# ------------------------------------------------------------------ the work tree
# Tracked files as they are now and untracked ones git does not ignore.
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -co --exclude-standard -z |
		while IFS= read -r -d '' f; do
			if [ -f "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
		done >"$tmp/files"
else
	find . \( -path ./build -o -path ./output -o -path ./.git \) -prune -o \( -type f -o -type l \) -print0 >"$tmp/files"
fi
tar -c --null -T "$tmp/files" -f "$tmp/tree.tar"
for dir in "$root/briefpack" "$host"; do
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -x -f "$tmp/tree.tar" -C "$dir"
done

# What make run writes on this machine (Debian 12) from the same tree.
echo "debian13: make run here ($(. /etc/os-release && echo "$PRETTY_NAME"), the outputs to compare with)"
if ! (cd "$host" && make -j"$(nproc)" run) >"$logs/host-run.log" 2>&1; then
	echo "  (make run fails here too; log: build/debian13-logs/host-run.log)"
	touch "$root/briefpack/debian13-expected.failed"
fi
(cd "$host/output" && find . -maxdepth 1 -type f ! -name .gitkeep | sed 's|^\./||' | LC_ALL=C sort) \
	>"$root/briefpack/debian13-expected"
# And what each PDF is on Debian 12: its pages, its text and its structure tree.
seen12="$root/briefpack/debian13-expected.d"
mkdir -p "$seen12"
for pdf in "$host"/output/*.pdf; do
	[ -s "$pdf" ] || continue
	name=$(basename "$pdf" .pdf)
	pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }' >"$seen12/$name.pages"
	pdftotext "$pdf" "$seen12/$name.txt" 2>/dev/null
	(cd "$host" && build/briefpack render --dump=tags "output/$name.html") >"$seen12/$name.tags" 2>/dev/null
done

# ------------------------------------------------------------------ the checks
set +e
in_root /bin/bash /briefpack/tests/debian13.sh --inside
status=$?
set -e
rm -rf "$logs/inside"
cp -r "$root/briefpack/debian13-logs" "$logs/inside" 2>/dev/null || true
echo "debian13: took $(($(date +%s) - start)) s (logs: build/debian13-logs/)"
[ $status -eq 0 ] || exit 1
