/* Diagnostics: one function formats and counts every message. */
#include "base/diag.h"
#include "base/alloc.h"

#include <stdarg.h>
#include <stdlib.h>

struct diag_sink {
	FILE *out;               /* destination, owned by the caller; NULL counts only */
	enum diag_format format; /* how each message is written */
	bool color;              /* severities in colour (human format on a terminal) */
	int count[3];            /* messages seen per severity */
};

static const char *const severity_names[] = { "note", "warning", "error" };

struct diag_sink *diag_sink_new(FILE *out)
{
	return diag_sink_new_format(out, DIAG_HUMAN, false);
}

struct diag_sink *diag_sink_new_format(FILE *out, enum diag_format format, bool color)
{
	struct diag_sink *sink = xcalloc(1, sizeof *sink);
	sink->out = out;
	sink->format = format;
	sink->color = color && format == DIAG_HUMAN;
	return sink;
}

struct diag_sink *diag_sink_like(const struct diag_sink *like, FILE *out)
{
	return diag_sink_new_format(out, like->format, like->color);
}

void diag_sink_write(struct diag_sink *sink, const char *text, size_t len)
{
	if (sink->out && len)
		fwrite(text, 1, len, sink->out);
}

void diag_sink_absorb(struct diag_sink *into, const struct diag_sink *from)
{
	for (int i = 0; i < 3; i++)
		into->count[i] += from->count[i];
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* Workflow command data: %, CR and LF escaped; in properties also : and ,. */
static void github_escaped(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
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
	char message[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	flockfile(out);
	switch (sink->format) {
	case DIAG_JSON:
		fputs("{\"file\":", out);
		json_string(out, file ? file : "");
		fprintf(out, ",\"line\":%ld,\"column\":%ld,\"severity\":\"%s\",\"message\":",
			line > 0 ? line : 0, col > 0 ? col : 0, severity_names[severity]);
		json_string(out, message);
		fputs("}\n", out);
		break;
	case DIAG_GITHUB:
		fprintf(out, "::%s", severity == DIAG_NOTE ? "notice" : severity_names[severity]);
		if (file) {
			fputs(" file=", out);
			github_escaped(out, file, true);
			if (line > 0)
				fprintf(out, ",line=%ld", line);
			if (col > 0)
				fprintf(out, ",col=%ld", col);
		}
		fputs("::", out);
		github_escaped(out, message, false);
		fputc('\n', out);
		break;
	default:
		/* One line a message, and no control characters from the input (an escape
		 * sequence in a CSS name could otherwise drive the terminal). */
		for (unsigned char *c = (unsigned char *)message; *c; c++)
			if (*c == '\n' || *c == '\r' || *c == '\t')
				*c = ' ';
			else if (*c < 0x20 || *c == 0x7f)
				*c = '?';
		if (file && line > 0 && col > 0)
			fprintf(out, "%s:%ld:%ld: ", file, line, col);
		else if (file && line > 0)
			fprintf(out, "%s:%ld: ", file, line);
		else if (file)
			fprintf(out, "%s: ", file);
		else
			fputs("briefpack: ", out);
		if (sink->color) {
			static const char *const colors[] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };
			fprintf(out, "%s%s:\033[0m %s\n", colors[severity], severity_names[severity],
				message);
		} else {
			fprintf(out, "%s: %s\n", severity_names[severity], message);
		}
		break;
	}
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
