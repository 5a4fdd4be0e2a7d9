/* Diagnostics: every message a job reports goes through diag(), formatted as
 * "file:line:col: severity: message". A sink belongs to one job and remembers the
 * worst severity it saw, which becomes the exit status. */
#ifndef BP_DIAG_H
#define BP_DIAG_H

#include <stdbool.h>
#include <stdio.h>

enum diag_severity {
	DIAG_NOTE,    /* information, never changes the exit status */
	DIAG_WARNING, /* output was written but may not be what was asked */
	DIAG_ERROR,   /* this document failed; its previous outputs are kept */
};

struct diag_sink;

enum diag_format {
	DIAG_HUMAN,  /* file:line:col: severity: message */
	DIAG_JSON,   /* one JSON object a line: file, line, column, severity, message */
	DIAG_GITHUB, /* GitHub Actions workflow commands: ::error file=…,line=…::message */
};

/* out is where messages go (stderr, or a memory stream in tests); not closed.
 * NULL makes a quiet sink that counts messages without printing them. */
struct diag_sink *diag_sink_new(FILE *out);
/* The same in a given format; color puts severities in colour (human format). */
struct diag_sink *diag_sink_new_format(FILE *out, enum diag_format format, bool color);
/* A sink with the format of `like`, writing to out: for a job whose messages are
 * collected and printed later, in order. */
struct diag_sink *diag_sink_like(const struct diag_sink *like, FILE *out);
/* Copies already formatted messages (another sink's) to the sink's stream. */
void diag_sink_write(struct diag_sink *sink, const char *text, size_t len);
/* Adds what `from` counted to `into` (after its messages were copied over). */
void diag_sink_absorb(struct diag_sink *into, const struct diag_sink *from);
void diag_sink_free(struct diag_sink *sink);

/* file may be NULL; line and col of 0 mean "unknown" and are left out. */
void diag(struct diag_sink *sink, enum diag_severity severity, const char *file,
	  long line, long col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

int diag_count(const struct diag_sink *sink, enum diag_severity severity);
int diag_failed(const struct diag_sink *sink); /* an error was reported */

#endif
