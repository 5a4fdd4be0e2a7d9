# Threat: a render ended by SIGTERM while it writes. It ends as the signal asks
# (status 143), removes its temporary file and leaves the earlier PDF as it was.
awk 'BEGIN { print "<html><body><p>"
	for (i = 1; i <= 60000; i++) printf "w%d%s", i, (i % 20 ? " " : "\n")
	print "</p></body></html>" }' >long.html
mkdir out
printf 'earlier PDF\n' >out/long.pdf
"$BIN" render -o out/long.pdf long.html &
pid=$!
# The temporary file shows that the PDF is being written.
i=0
while [ $i -lt 600 ] && [ -z "$(ls -A out | grep '^\.')" ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -TERM $pid
# (the shell would say "Terminated" on its own standard error)
{ wait $pid; } 2>/dev/null
status=$?
[ "$(cat out/long.pdf)" = "earlier PDF" ] || echo "check: the earlier PDF was changed" >&2
[ -z "$(ls -A out | grep '^\.')" ] || echo "check: temporary files left: $(ls -A out)" >&2
exit $status
