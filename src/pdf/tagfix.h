/* The tagged-PDF pass: Cairo's PDF, whose structure tags could not span pages, gets
 * one structure element per HTML element (its marked content gathered from every page
 * it is on), with alternate descriptions, languages and table header scopes and spans,
 * link annotations as object references, the document's language and its title shown
 * as the window title. Cairo's own structure objects never reach the output
 * (pdf/cairoscan.h keeps them back and notes what they say); this pass merges them
 * with the record of the tags opened (pdf/structure.h) and writes the merged tree, the
 * catalog and the PDF's cross-reference stream after Cairo's last object. Its cost
 * follows the structure tree, not the PDF. The output is the same bytes for the same
 * input. */
#ifndef BP_TAGFIX_H
#define BP_TAGFIX_H

struct structure;
struct cairo_scan_result;
struct pdf_out;
struct diag_sink;

/* Cairo's PDF went through a scan to out while `st` recorded its tags. Writes the
 * rest of the PDF to out. Returns 0, or -1 after reporting through diag. */
int tagfix_finish(const struct structure *st, const struct cairo_scan_result *scan,
		  struct pdf_out *out, struct diag_sink *diag, const char *source_name);

#endif
