/* Jobs: each input programme × each document kind becomes OUT/NAME.KIND.html and
 * OUT/NAME.KIND.pdf, written atomically; also validation alone and single HTML pages. */
#ifndef BP_BUILD_H
#define BP_BUILD_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "render.h"

struct diag_sink;

enum build_format {
	BUILD_HTML = 1, /* write OUT/NAME.KIND.html */
	BUILD_PDF = 2,  /* write OUT/NAME.KIND.pdf */
};

struct build_options {
	const char *out_dir;             /* outputs go here; created if missing (one level) */
	const char *stylesheets_dir;     /* holds programme.rng and the named stylesheets */
	const char *const *kinds;        /* stylesheet names or .xsl paths, NULL-terminated */
	const char *const *params;       /* NAME, VALUE, ..., NULL: XSLT string parameters */
	const char *const *allowed_dirs; /* more folders stylesheets and the engine may read */
	int formats;                     /* enum build_format bits */
	enum render_dump dump;           /* write this dump to dump_out instead of each PDF */
	FILE *dump_out;                  /* where dumps go */
	int hold_pages;                  /* render_options.hold_pages */
	bool untagged;                   /* render_options.untagged */
	enum pdf_variant variant;        /* render_options.variant */
	int jobs;                        /* documents built at once (0: one per processor) */
	bool force;                      /* build even what is up to date */
	bool depfiles;                   /* write OUT/NAME.KIND.d for make and ninja */
	const char *program;             /* the running program's file: outputs depend on it */
	bool progress;                   /* show a progress line on standard error */
	int have_source_date;            /* SOURCE_DATE_EPOCH was given */
	time_t source_date;              /* its value: the date of every PDF */
};

/* Checks a SOURCE_DATE_EPOCH value: decimal seconds since 1970, up to year 9999. */
int build_source_date(const char *value, struct diag_sink *sink, time_t *out);

/* Expands the command line's inputs: a folder stands for the *.xml files in it (not
 * hidden ones), sorted by name; anything else is kept as given. *inputs is a new
 * NULL-terminated array; free it with build_free_inputs. Returns -1 when a folder
 * cannot be read. */
int build_expand_inputs(const char *const *args, struct diag_sink *sink, char ***inputs);
void build_free_inputs(char **inputs);

/* Loads and validates every input, writing nothing. Returns -1 if any failed. */
int build_check(const struct build_options *opts, char *const *inputs, struct diag_sink *sink);

/* Builds every input × kind. A document that fails leaves its previous outputs as
 * they were; the others are still built. Returns -1 if anything failed. */
int build_run(const struct build_options *opts, char *const *inputs, struct diag_sink *sink);

/* Renders one local HTML page to out_pdf (NULL: the page's name with .pdf), or its
 * dump to opts->dump_out. Uses opts' allowed_dirs, dump and source date; the date
 * otherwise comes from the page's <meta name="dcterms.date"> (or "date"), else 1970. */
int build_render_page(const struct build_options *opts, const char *html_path,
		      const char *out_pdf, struct diag_sink *sink);

#endif
