# Threat: files larger than briefpack reads: a programme over 64 MiB and a style sheet
# over 4 MiB (sparse files, so they take no disk). Refused before they are read.
truncate -s 65M big.xml
truncate -s 5M big.css
"$BIN" check -s "$TOP/stylesheets" big.xml
status=$?
printf '<html><head><link rel="stylesheet" href="big.css"></head>\n<body><p>Text</p></body></html>\n' >page.html
"$BIN" render -o page.pdf page.html || status=$?
exit $status
