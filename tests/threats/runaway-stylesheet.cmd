# Threat: a stylesheet that recurses for ever. libxslt stops it at 3,000 nested calls;
# the document fails with the stylesheet's file and line and the earlier outputs stay.
cp "$TOP/input/rce-shared-services.xml" p.xml
mkdir out
printf 'earlier HTML\n' >out/p.runaway-stylesheet.html
"$BIN" build -s "$TOP/stylesheets" -k runaway-stylesheet.xsl -o out p.xml
status=$?
[ "$(cat out/p.runaway-stylesheet.html)" = "earlier HTML" ] || echo "check: the earlier HTML was changed" >&2
[ -z "$(ls -A out | grep '^\.')" ] || echo "check: temporary files left: $(ls -A out)" >&2
exit $status
