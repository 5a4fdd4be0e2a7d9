/* Brings the first page of a PDF in memory (a picture Cairo drew) into our writer as a
 * Form XObject, with copies of every object its resources use. */
#ifndef BP_PDF_PDFIMPORT_H
#define BP_PDF_PDFIMPORT_H

#include <stddef.h>

struct pdf_writer;

/* What pdf_import_page made. */
struct pdf_import_result {
	int form;             /* the Form XObject's object number in the writer */
	double width, height; /* the page's MediaBox, in points */
};

/* Reads the PDF's first page (its inherited /Resources and /MediaBox too) and writes
 * into w a Form XObject whose /BBox is the MediaBox, whose /Resources (and /Group, when
 * the page has one) are copied from the page, and whose content is the page's content
 * streams decoded, joined with newlines and compressed again. Every object they refer
 * to is copied once, under a number from pdfw_reserve: streams with their data as
 * encoded; /Parent, /Annots, /StructParents, /StructParent and /Metadata entries are
 * left out, and references to pages, page tree nodes and catalogs become null. The
 * whole PDF is checked before anything is written, so a failure writes nothing. No
 * object of w may be open. 0 with *out filled, or -1 with a static *why ("the
 * picture's PDF cannot be read: ..."). */
int pdf_import_page(struct pdf_writer *w, const unsigned char *pdf, size_t len,
		    struct pdf_import_result *out, const char **why);

/* The same for the first n pages, in the page tree's order, each into out[i]: as form
 * forms[i] (numbers reserved already), or a new number when forms is NULL. Objects
 * that several pages use (a font subset) are copied once. /Interpolate is left out of
 * what is copied (PDF/A forbids it). */
int pdf_import_pages(struct pdf_writer *w, const unsigned char *pdf, size_t len, size_t n,
		     const int *forms, struct pdf_import_result *out, const char **why);

#endif
