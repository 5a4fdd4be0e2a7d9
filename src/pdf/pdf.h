/* PDF painting: pages of fragments become the content streams of a PDF that briefpack
 * writes itself, with links, named destinations, an outline and document metadata. */
#ifndef BP_PDF_H
#define BP_PDF_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

struct page;
struct deps;
struct diag_sink;

/* What the PDF claims to conform to, beside PDF/UA-1 when it is tagged. */
enum pdf_variant {
	PDF_VARIANT_PLAIN, /* no PDF/A claim */
	PDF_VARIANT_A2B,   /* PDF/A-2b: looks the same for decades */
	PDF_VARIANT_A2U,   /* PDF/A-2u: and every glyph maps to Unicode */
	PDF_VARIANT_A2A,   /* PDF/A-2a: and tagged */
};

struct pdf_metadata {
	const char *title;    /* <title> */
	const char *author;   /* <meta name="author"> */
	const char *subject;  /* <meta name="description"> */
	const char *keywords; /* <meta name="keywords"> */
	const char *lang;     /* the root element's lang, or NULL */
	time_t date;          /* creation and modification date */
	enum pdf_variant variant;
};

/* Paints pages to out as they come (nothing of the PDF is held): pdf_begin, pdf_page
 * for each page in order, then pdf_finish (0, or -1 after reporting through diag) or
 * pdf_abandon (the output is then incomplete and the caller drops it). targets: every
 * id that lands on a page, sorted (links to other ids are reported and left out).
 * tagged: with a structure tree and marked content (pdf/tags.h); else an untagged PDF,
 * quicker to make. */
struct painter;
struct page_refs;
struct painter *pdf_begin(const struct pdf_metadata *meta, const struct page_refs *targets,
			  bool tagged, FILE *out, struct diag_sink *diag, const char *source_name,
			  struct deps *deps);
void pdf_page(struct painter *p, const struct page *page);
int pdf_finish(struct painter *p);
/* The structure tree of the pages painted so far as text (pdf/tags.h, tags_dump). */
void pdf_dump_tags(const struct painter *p, FILE *out);
void pdf_abandon(struct painter *p);

#endif
