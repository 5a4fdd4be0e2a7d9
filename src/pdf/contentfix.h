/* Cairo's page content made right for readers. Each artifact's marker, a structure
 * tag Cairo wrote as "/Private << /MCID 7 >> BDC" (pdf/structure.h), becomes
 * "/Artifact << /Type /Layout >> BDC", so that what is not content (backgrounds,
 * borders, running headers and footers, repeated table headers) is marked as such.
 * The empty spans Cairo writes for characters drawn with no glyph (the space where a
 * line breaks, a word joiner) go: poppler takes their EMC for the end of the
 * element's content, so its text would stop at a paragraph's first line; a line's
 * last space is drawn instead, invisibly, where the line ends, when the font is one
 * of Cairo's Latin subsets. Works on one Flate-compressed stream at a time, in
 * memory. */
#ifndef BP_CONTENTFIX_H
#define BP_CONTENTFIX_H

#include "base/buf.h"

#include <stddef.h>

enum content_fix {
	CONTENT_FIX_NONE, /* nothing to change: the data stays as it is */
	CONTENT_FIX_DONE, /* rewritten: the new compressed data is in *out */
	CONTENT_FIX_BAD,  /* it does not inflate, or inflates beyond the limit */
};

/* Scratch kept from one stream to the next; all zero to start, freed by
 * content_fixer_free. */
struct content_fixer {
	struct buf plain, text;
};

/* data: a FlateDecode stream's data. On CONTENT_FIX_DONE *out holds the compressed
 * rewritten data (its old contents are dropped) and *n_marks has the markers
 * rewritten added. */
enum content_fix content_fix(struct content_fixer *cf, const void *data, size_t n, struct buf *out,
			     size_t *n_marks);
void content_fixer_free(struct content_fixer *cf);

#endif
