/* The paged-media engine's entry point: an HTML tree and its CSS become a PDF. */
#ifndef BP_RENDER_H
#define BP_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <libxml/tree.h>

#include "pdf/pdf.h"

struct deps;
struct render_fonts;
struct diag_sink;

enum render_dump {
	RENDER_DUMP_NONE,
	RENDER_DUMP_BOXES, /* the box tree as text, instead of a PDF */
	RENDER_DUMP_PAGES, /* the paginated fragments as text, instead of a PDF */
	RENDER_DUMP_TAGS,  /* the PDF's structure tree as text, instead of the PDF */
};

struct render_options {
	const char *source_name;  /* name used in diagnostics for the HTML (e.g. output/x.html) */
	const char *base_dir;     /* folder that relative URLs (CSS links, images) resolve against */
	const char *const *allowed_dirs; /* NULL-terminated folders that may be read below; NULL = base_dir only */
	time_t creation_time;     /* PDF creation/modification date; never the clock */
	enum render_dump dump;    /* dump instead of PDF */
	struct deps *deps;        /* records every file read (style sheets, images, fonts); may be NULL */
	struct render_fonts *fonts; /* the thread's fonts (layout/fonts.h); NULL: the document's own */
	/* Pages held in memory before pages are painted as they are laid out; 0: the
	 * default (100). A longer document that shows the page count or page numbers of
	 * references is laid out once more to count them first. */
	int hold_pages;
	bool untagged;            /* no structure tree (pdf_begin's tagged) */
	enum pdf_variant variant; /* a PDF/A claim, or none */
};

/* Lays out `html` (an HTML document tree as libxslt or libxml2's HTML parser makes it)
 * and writes the PDF (or the dump) to `out`, which stays open. Returns 0, or -1 after
 * reporting the failure through `diag`; warnings do not fail. The tree is not changed. */
int render_document(xmlDocPtr html, const struct render_options *opts, FILE *out,
		    struct diag_sink *diag);

#endif
