# Threat: a paragraph that is one 3 MB word with no break opportunity, broken between
# letters over 700 pages (overflow-wrap: anywhere; without it the word runs past its
# line, as in browsers). Pango shapes what is left of an item again at every line it
# breaks inside it; before such runs were cut into short items (src/layout/text.c)
# this word took half a minute on the test machine and 10 MB two and a half minutes.
# Now it takes a few seconds: more than 20 is reported.
awk 'BEGIN {
	printf "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Long word</title></head>\n<body><p style=\"overflow-wrap: anywhere\">"
	for (i = 0; i < 30000; i++)
		printf "%s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	print "</p></body></html>"
}' >long-word.html
started=$(date +%s)
"$BIN" render -o long-word.pdf long-word.html
status=$?
took=$(($(date +%s) - started))
[ $took -le 20 ] || echo "check: the 3 MB word took ${took}s, more than 20" >&2
exit $status
