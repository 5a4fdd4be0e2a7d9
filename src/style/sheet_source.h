/* Reading a linked style sheet from a local file, within the allowed folders. */
#ifndef BP_SHEET_SOURCE_H
#define BP_SHEET_SOURCE_H

#include <stddef.h>

struct arena;
struct diag_sink;

struct sheet_source {
	const char *path; /* the sheet's name for messages: as the page names it */
	const char *file; /* its canonical path */
	const char *text; /* the CSS, NUL-terminated (arena) */
	size_t len;
};

/* Reads href relative to base_dir; reports and returns -1 when it cannot or may not. */
int sheet_source_read(struct arena *a, const char *base_dir, const char *const *allowed_dirs,
		      const char *href, struct sheet_source *out, struct diag_sink *diag,
		      const char *from_file, long from_line);

#endif
