# Threat: a full disk. The output folder is a file system of 64 KiB, filled up before
# the build (in a mount namespace of its own). The write fails with a message naming
# the output, the earlier outputs stay as they were, no temporary file is left.
if [ "${1:-}" != inside ]; then
	as=-m
	[ "$(id -u)" = 0 ] || as=-rm
	unshare $as true 2>/dev/null || { echo "needs a mount namespace (unshare $as)"; exit 77; }
	exec unshare $as sh "$0" inside
fi
cp "$TOP/input/rce-shared-services.xml" p.xml
mkdir out
mount -t tmpfs -o size=64k tmpfs out || exit 77
printf 'earlier HTML\n' >out/p.briefing-pack.html
printf 'earlier PDF\n' >out/p.briefing-pack.pdf
dd if=/dev/zero of=out/filler bs=4096 2>/dev/null
"$BIN" build -s "$TOP/stylesheets" -o out p.xml
status=$?
[ "$(cat out/p.briefing-pack.html)" = "earlier HTML" ] || echo "check: the earlier HTML was changed" >&2
[ "$(cat out/p.briefing-pack.pdf)" = "earlier PDF" ] || echo "check: the earlier PDF was changed" >&2
[ -z "$(ls -A out | grep '^\.')" ] || echo "check: temporary files left: $(ls -A out)" >&2
exit $status
