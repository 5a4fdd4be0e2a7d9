/* Helpers for the unit tests of styles: a page parsed, its style sheets loaded, and
 * the messages they gave collected in memory. */
#ifndef BP_STYLE_FIXTURE_H
#define BP_STYLE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "base/arena.h"
#include "base/diag.h"
#include "style/style.h"

struct fixture {
	struct arena *arena;
	struct diag_sink *sink;
	char *messages;
	size_t messages_len;
	FILE *stream;
	htmlDocPtr doc;
	struct stylesheet_set *sheets;
};

static inline void load(struct fixture *f, const char *html)
{
	f->arena = arena_new();
	f->stream = open_memstream(&f->messages, &f->messages_len);
	f->sink = diag_sink_new(f->stream);
	f->doc = htmlReadMemory(html, (int)strlen(html), "test.html", "UTF-8",
				HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	f->sheets = style_sheets_load(f->arena, f->doc, "test.html", ".", NULL, NULL, f->sink);
	fflush(f->stream);
}

static inline void unload(struct fixture *f)
{
	xmlFreeDoc(f->doc);
	diag_sink_free(f->sink);
	fclose(f->stream);
	free(f->messages);
	arena_free(f->arena);
}

#endif
