# Threat: the output folder is a file. The build is refused before anything is
# written, and the file is left as it was.
cp "$TOP/input/rce-shared-services.xml" p.xml
printf 'earlier\n' >out
"$BIN" build -s "$TOP/stylesheets" -o out p.xml
status=$?
[ "$(cat out)" = earlier ] || echo "check: the file 'out' was changed" >&2
exit $status
