/* The tagged-PDF post-pass: Cairo's PDF, whose structure tags could not span pages,
 * becomes a PDF with one structure element per HTML element (its marked content
 * gathered from every page it is on), with alternate descriptions, languages and
 * table header scopes, the document's language and its title shown as the window
 * title. Uses libqpdf; the output is the same bytes for the same input. */
#ifndef BP_TAGFIX_H
#define BP_TAGFIX_H

#include <stddef.h>
#include <stdio.h>

struct structure;
struct diag_sink;

/* Rewrites the PDF in pdf[0..len) (as Cairo wrote it while `st` recorded its tags) and
 * writes the result to out. Returns 0, or -1 after reporting through diag. */
int tagfix_write(const struct structure *st, const char *pdf, size_t len, FILE *out,
		 struct diag_sink *diag, const char *source_name);

#endif
