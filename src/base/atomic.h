/* Atomic file replacement: write to a hidden temporary file in the target's folder,
 * then rename it over the target only when everything was written. */
#ifndef BP_ATOMIC_H
#define BP_ATOMIC_H

#include <stdio.h>

struct diag_sink;

/* An output being written; owned by the caller until atomic_commit or atomic_discard. */
struct atomic_file;

/* Creates ".NAME.XXXXXX" beside target (mode 0666 less the umask, like fopen). */
int atomic_open(const char *target, struct diag_sink *sink, struct atomic_file **out);
/* The stream to write to; do not close it. */
FILE *atomic_stream(struct atomic_file *f);
/* Writes out what is still buffered and closes the stream, so that a full disk shows
 * before any output is replaced. On failure reports, removes the temporary file and
 * returns -1; f still goes to atomic_discard. Does nothing the second time. */
int atomic_finish(struct atomic_file *f, struct diag_sink *sink);
/* Finishes (atomic_finish) and renames the temporary file over the target. On
 * any failure the temporary file is removed and the target is left as it was. Frees
 * f either way. */
int atomic_commit(struct atomic_file *f, struct diag_sink *sink);
/* Closes and removes the temporary file; the target is untouched. f may be NULL. */
void atomic_discard(struct atomic_file *f);

/* Makes SIGINT, SIGTERM and SIGHUP remove every temporary file still open before the
 * process ends as the signal asks: an interrupted build leaves no partial files. */
void atomic_cleanup_on_signals(void);

#endif
