/* Diagnostics: one function formats and counts every message. */
#include "base/diag.h"
#include "base/alloc.h"

#include <stdarg.h>
#include <stdlib.h>

struct diag_sink {
	FILE *out;    /* destination, owned by the caller */
	int count[3]; /* messages seen per severity */
};

static const char *const severity_names[] = { "note", "warning", "error" };

struct diag_sink *diag_sink_new(FILE *out)
{
	struct diag_sink *sink = xcalloc(1, sizeof *sink);
	sink->out = out;
	return sink;
}

void diag_sink_free(struct diag_sink *sink)
{
	free(sink);
}

void diag(struct diag_sink *sink, enum diag_severity severity, const char *file, long line,
	  long col, const char *fmt, ...)
{
	sink->count[severity]++;
	FILE *out = sink->out;
	if (!out)
		return; /* a quiet sink only counts */
	flockfile(out);
	if (file && line > 0 && col > 0)
		fprintf(out, "%s:%ld:%ld: ", file, line, col);
	else if (file && line > 0)
		fprintf(out, "%s:%ld: ", file, line);
	else if (file)
		fprintf(out, "%s: ", file);
	else
		fputs("briefpack: ", out);
	fprintf(out, "%s: ", severity_names[severity]);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	funlockfile(out);
}

int diag_count(const struct diag_sink *sink, enum diag_severity severity)
{
	return sink->count[severity];
}

int diag_failed(const struct diag_sink *sink)
{
	return sink->count[DIAG_ERROR] > 0;
}
