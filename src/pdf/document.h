/* A PDF document around its pages: the page tree, named destinations, the outline,
 * page labels, the Info dictionary and XMP metadata that agree, and the catalog that
 * ties them to the structure tree. Pages are written as they come; what must be known
 * whole (destinations, outline, the page list) is kept small until the end. */
#ifndef BP_PDF_DOCUMENT_H
#define BP_PDF_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct pdf_writer;
struct diag_sink;

struct pdf_metadata;

/* What the document says of itself. */
struct pdf_doc_info {
	const struct pdf_metadata *meta; /* title, author, … language, date (pdf/pdf.h) */
	bool pdf_ua;          /* claims PDF/UA-1 in the XMP */
	char pdf_a;           /* claims PDF/A-2 of this conformance: 'B', 'U' or 'A'; 0: none */
	const unsigned char *icc; /* PDF/A: the sRGB profile of the output intent */
	size_t icc_len;
};

struct pdf_doc;

struct pdf_doc *pdf_doc_new(struct pdf_writer *w);
void pdf_doc_free(struct pdf_doc *d);

/* A new page of w × h points: its object number (written by pdf_doc_page_end). */
int pdf_doc_page_begin(struct pdf_doc *d, double w, double h);
/* Ends the page: its content stream, its resources' object, its /StructParents key
 * (-1: none) and the annotations on it (object numbers). */
void pdf_doc_page_end(struct pdf_doc *d, const struct buf *content, int resources,
		      int struct_parents, const int *annots, size_t n_annots);

/* A named destination (the first of a name wins) at point (x, y) of page `page_obj`,
 * PDF user space (points, y up). */
void pdf_doc_dest(struct pdf_doc *d, const char *name, int page_obj, double x, double y);
/* An outline item of heading level 1..6 going to (x, y) of page_obj. */
void pdf_doc_outline(struct pdf_doc *d, int level, const char *title, int page_obj, double x,
		     double y);

/* Writes the page tree, outline, destinations, metadata and the catalog; returns the
 * catalog's object number (for pdfw_finish) and the Info's in *info.
 * struct_tree_root: 0 when untagged. */
int pdf_doc_finish(struct pdf_doc *d, const struct pdf_doc_info *info, int struct_tree_root,
		   int *info_obj);

#endif
