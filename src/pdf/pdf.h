/* PDF painting: pages of fragments become a Cairo PDF with text, borders and
 * backgrounds, links, named destinations, an outline and document metadata. */
#ifndef BP_PDF_H
#define BP_PDF_H

#include <stdio.h>
#include <time.h>

struct page;
struct deps;
struct diag_sink;

struct pdf_metadata {
	const char *title;    /* <title> */
	const char *author;   /* <meta name="author"> */
	const char *subject;  /* <meta name="description"> */
	const char *keywords; /* <meta name="keywords"> */
	time_t date;          /* creation and modification date */
};

/* Paints the pages to out. Returns 0, or -1 after reporting through diag. */
int pdf_write(const struct page *pages, const struct pdf_metadata *meta, FILE *out,
	      struct diag_sink *diag, const char *source_name, struct deps *deps);

#endif
