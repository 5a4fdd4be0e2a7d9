/* The tag pass's state, shared by its two halves: pdf/tagfix.c merges Cairo's
 * structure tree (as pdf/cairoscan.h read it) into it, pdf/tagwrite.c writes the
 * merged tree and the PDF's cross-reference stream. Everything lives in the pass's
 * arena. */
#ifndef BP_TAGWRITE_H
#define BP_TAGWRITE_H

#include "pdf/cairoscan.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct structure;
struct pdf_out;
struct diag_sink;

/* What an element's /K holds, in reading order. */
enum tag_kid_type {
	TAG_KID_ELEMENT, /* value: an element index */
	TAG_KID_MCID,    /* value: the marked-content id on page `page` */
	TAG_KID_OBJR,    /* value: the object number of an annotation on page `page` */
};

struct tag_kid {
	enum tag_kid_type type;
	int page;  /* index of the page (TAG_KID_MCID, TAG_KID_OBJR) */
	int value;
};

struct tag_kids {
	struct tag_kid *items;
	size_t n, cap;
};

struct tag_page {
	int obj;              /* its object number */
	int struct_parents;   /* its key in the parent tree, or -1 */
	int *mcid_element;    /* per marked-content id: the element it is in, or -1 */
	size_t n_mcids, cap_mcids;
};

/* A link annotation (first field: its object number, for bsearch). */
struct tag_annot {
	int obj;
	int page;     /* index of the page whose /Annots holds it */
	int key;      /* its /StructParent, or -1 */
	int element;  /* the element whose /K holds it, or -1 */
};

struct tag_fix {
	struct arena *arena;
	const struct structure *st;
	const struct cairo_scan_result *scan;
	struct pdf_out *out;
	struct diag_sink *diag;
	const char *source_name;
	size_t n_nodes, n_elements;
	size_t at;                   /* the record's next tag */
	struct tag_page *pages;      /* in page order */
	int n_pages;
	int *page_by_obj;            /* (object number, page index) pairs, sorted */
	struct tag_annot *annots;    /* sorted by object number */
	size_t n_annots;
	bool *element_seen;          /* per element: Cairo wrote a tag of it */
	size_t n_artifact_mcids;     /* marked content of artifacts' markers */
	struct tag_kids *element_kids;
	struct tag_kids root_kids;   /* the StructTreeRoot's */
	int *stack, *children;       /* scratch for the walk: objects to visit, a tag's children */
	size_t n_stack, cap_stack, n_children, cap_children;
};

/* The annotation that is object obj, or NULL. */
struct tag_annot *tag_fix_annot(const struct tag_fix *fx, int obj);

/* The merged elements, the parent tree, the StructTreeRoot and the catalog (numbered
 * with what Cairo's structure objects left free), then the cross-reference stream of
 * the whole PDF. Returns 0, or -1 after reporting. */
int tag_write(struct tag_fix *fx);

#endif
