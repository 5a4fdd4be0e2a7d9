# Threat: an output folder that cannot be written (a read-only file system, in a mount
# namespace of its own; tests run as root, whom permissions do not stop). The earlier
# outputs stay as they were and no temporary file is left.
if [ "${1:-}" != inside ]; then
	as=-m
	[ "$(id -u)" = 0 ] || as=-rm
	unshare $as true 2>/dev/null || { echo "needs a mount namespace (unshare $as)"; exit 77; }
	exec unshare $as sh "$0" inside
fi
cp "$TOP/input/rce-shared-services.xml" p.xml
mkdir out
mount -t tmpfs -o size=1m tmpfs out || exit 77
printf 'earlier HTML\n' >out/p.briefing-pack.html
printf 'earlier PDF\n' >out/p.briefing-pack.pdf
mount -o remount,ro out || exit 77
"$BIN" build -s "$TOP/stylesheets" -o out p.xml
status=$?
[ "$(cat out/p.briefing-pack.html)" = "earlier HTML" ] || echo "check: the earlier HTML was changed" >&2
[ "$(cat out/p.briefing-pack.pdf)" = "earlier PDF" ] || echo "check: the earlier PDF was changed" >&2
[ -z "$(ls -A out | grep '^\.')" ] || echo "check: temporary files left: $(ls -A out)" >&2
exit $status
