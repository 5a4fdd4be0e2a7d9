/* The tagged-PDF pass: Cairo's PDF, whose structure tags could not span pages,
 * gets one structure element per HTML element (its marked content gathered from
 * every page it is on), with alternate descriptions, languages and table header
 * scopes and spans, link annotations as object references, the document's language
 * and its title shown as the window title. Reads back only Cairo's structure tree,
 * its pages and its link annotations (pdf/pdfread.h), and appends an incremental
 * update (pdf/pdfout.h): its cost follows the structure tree, not the PDF. The
 * output is the same bytes for the same input. */
#ifndef BP_TAGFIX_H
#define BP_TAGFIX_H

#include "pdf/pdfread.h"

struct structure;
struct pdf_out;
struct diag_sink;

/* Cairo wrote `length` bytes through `out` while `st` recorded its tags; `read`
 * reads them back. Appends the update to out. Returns 0, or -1 after reporting
 * through diag. */
int tagfix_append(const struct structure *st, pdf_read_fn read, void *read_ctx, uint64_t length,
		  struct pdf_out *out, struct diag_sink *diag, const char *source_name);

#endif
