# Threat: inputs that are not regular files: a FIFO (which would block a reader for
# ever), a device that never ends, and a FIFO linked as a style sheet and an image.
# Each is refused at once.
mkfifo fifo.xml fifo.css fifo.png
"$BIN" check -s "$TOP/stylesheets" fifo.xml /dev/zero
status=$?
printf '<html><head><link rel="stylesheet" href="fifo.css"></head>\n<body><p><img src="fifo.png" alt="x"></p></body></html>\n' >page.html
"$BIN" render -o page.pdf page.html || status=$?
exit $status
