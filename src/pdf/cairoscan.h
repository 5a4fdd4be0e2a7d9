/* Reads Cairo's PDF as Cairo writes it and passes it on to the output, less what the
 * tagged-PDF pass replaces: Cairo's per-page structure objects (its structure
 * elements, StructTreeRoot, parent tree and each page's marked-content list), its
 * catalog, its xref table and its trailer. Its small objects (all but streams and
 * their lengths) pass on in compressed object streams; a page with annotations gets
 * /Tabs /S as it passes. Notes where each object went and what the pass needs (pdf/tagfix.h).
 * Holds one object at a time, never stream data: its memory follows the structure
 * tree. Anything it does not expect fails the PDF, reported through diag. */
#ifndef BP_CAIROSCAN_H
#define BP_CAIROSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pdf_out;
struct diag_sink;
struct arena;

/* An item of a Cairo structure element's /K. */
enum scan_kid_type {
	SCAN_MCID,  /* value: a marked-content id on `page` (0: the element's /Pg) */
	SCAN_CHILD, /* value: the object number of a child structure element */
	SCAN_ANNOT, /* value: the object number of an annotation */
};

struct scan_kid {
	enum scan_kid_type type;
	int value;
	int page;
};

/* One of Cairo's structure elements. */
struct scan_node {
	const char *role;  /* its /S */
	int page;          /* its /Pg (an object number), or 0 */
	size_t first_kid;  /* its /K: kids[first_kid .. first_kid + n_kids) */
	int n_kids;
};

/* An object number and a number that goes with it. */
struct scan_pair {
	int obj, value;
};

/* What was read; valid after cairo_scan_finish succeeded. */
struct cairo_scan_result {
	int size;                  /* every object number is below it */
	const uint64_t *offsets;   /* per object number: where it was passed on, or 0 */
	const unsigned char *compressed; /* per object number: passed on in an object stream */
	int root, info;            /* the trailer's /Root (the catalog, not passed on) and /Info */
	const char *catalog;       /* the catalog's dictionary as Cairo wrote it */
	size_t catalog_len;
	const int *node_of;        /* per object number: its index in nodes, or -1 */
	const struct scan_node *nodes;
	const struct scan_kid *kids;
	const int *tops;           /* the StructTreeRoot's /K (none: nothing was tagged) */
	size_t n_tops;
	const int *pages;          /* the pages' object numbers, in order */
	size_t n_pages;
	const struct scan_pair *struct_parents; /* (page, its /StructParents), sorted */
	size_t n_struct_parents;
	const struct scan_pair *annot_keys;     /* (annotation, its /StructParent), sorted */
	size_t n_annot_keys;
	const struct scan_pair *annot_pages;    /* (annotation, the page listing it), sorted */
	size_t n_annot_pages;
	size_t n_artifacts;        /* artifact markers made /Artifact in the pages' content */
};

struct cairo_scan;

/* Passes what it is fed on to out. */
struct cairo_scan *cairo_scan_new(struct pdf_out *out);
void cairo_scan_free(struct cairo_scan *s);

/* Cairo's next bytes. Returns 0, or -1 once the PDF is not what was expected (the
 * reason is reported by cairo_scan_finish). */
int cairo_scan_feed(struct cairo_scan *s, const void *data, size_t n);

/* After Cairo's last byte: checks that all was as expected and hands back what was
 * read (it lives as long as the scan). Returns 0, or -1 after reporting. */
int cairo_scan_finish(struct cairo_scan *s, struct diag_sink *diag, const char *source_name,
		      const struct cairo_scan_result **result);

#endif
