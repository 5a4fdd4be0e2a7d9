/* The state of a scan of Cairo's PDF (pdf/cairoscan.h), shared by its two halves:
 * pdf/cairoscan.c follows the bytes (objects, stream data, the xref table and
 * trailer), pdf/scannotes.c decides what each object is and notes what it says. */
#ifndef BP_SCANSTATE_H
#define BP_SCANSTATE_H

#include "pdf/cairoscan.h"
#include "pdf/pdfparse.h"
#include "pdf/contentfix.h"
#include "base/buf.h"

enum {
	MAX_OBJECT = 64 * 1024 * 1024, /* the largest object held */
	MAX_CONTENT = 256 * 1024 * 1024, /* the largest page content held (compressed) */
	MAX_NUMBER = 1 << 26,          /* object numbers */
	HOLD = 16,                     /* stream bytes held back while "endstream" is looked for */
	TRIGGER = 9,                   /* strlen("endstream"): how far back to look again */
};

enum state {
	SCAN_TOP,        /* between objects, or in one: its bytes go to `pending` */
	SCAN_STREAM,     /* stream data of a known length */
	SCAN_SEARCH,     /* stream data whose length is an object written after it */
	SCAN_STREAM_END, /* "endstream endobj" */
	SCAN_TAIL,       /* Cairo's xref table and trailer */
	SCAN_FAILED,
};

/* A stream whose length was found by looking for its end: checked against the
 * length object when it comes. */
struct found_length {
	int obj;
	uint64_t length;
	uint64_t written;  /* the data's length as passed on (rewritten: another) */
	bool checked;
};

struct cairo_scan {
	struct pdf_out *out;
	struct pdf_parser *parser;
	struct arena *arena;
	enum state state;
	char failure[160];          /* why it failed */
	struct buf pending;         /* SCAN_TOP, SCAN_STREAM_END: bytes not handled yet */
	struct buf spill;           /* pending bytes handed back to be fed again */
	size_t searched;            /* pending bytes already looked at for an object's end */
	struct buf hold;            /* SCAN_SEARCH: data held back */
	size_t hold_searched;       /* hold's bytes already looked at for "endstream" */
	bool whole;                 /* SCAN_SEARCH: perhaps page content: held whole, to be rewritten */
	struct content_fixer fixer;
	struct buf fixed;           /* a stream's data rewritten */
	uint64_t left;              /* SCAN_STREAM: data bytes to come */
	uint64_t data_start;        /* where the stream's data started in the output */
	int length_obj;             /* SCAN_SEARCH: the stream's /Length object */
	struct found_length *lengths;
	size_t n_lengths, cap_lengths;
	struct buf trailer;         /* SCAN_TAIL: from "trailer" on */
	char tail_seen[8];          /* SCAN_TAIL: the last bytes before, for "trailer" across chunks */
	size_t n_tail_seen;
	bool in_trailer;
	/* What was read. */
	uint64_t *offsets;
	unsigned char *compressed;  /* per object number: passed on in an object stream */
	int *node_of;
	int cap_numbers, max_number;
	struct scan_node *nodes;    /* these two grow by realloc: they are the largest */
	size_t n_nodes, cap_nodes;
	const char **roles;         /* each structure type seen, once */
	size_t n_roles, cap_roles;
	struct scan_kid *kids;
	size_t n_kids, cap_kids;
	int *tops;
	size_t n_tops;
	bool tree_seen;
	int tree_parent_tree;       /* the StructTreeRoot's /ParentTree */
	int parent_tree;            /* the parent tree dropped, or 0 */
	int *parent_tree_values;    /* its values, sorted */
	size_t n_parent_tree_values;
	int *dropped_lists;         /* each page's marked-content list dropped */
	size_t n_dropped_lists, cap_dropped_lists;
	int *pages;
	size_t n_pages;
	struct scan_pair *struct_parents, *annot_keys, *annot_pages;
	size_t n_struct_parents, cap_struct_parents, n_annot_keys, cap_annot_keys, n_annot_pages,
		cap_annot_pages;
	int catalog;
	char *catalog_text;
	size_t catalog_len;
	struct cairo_scan_result result;
};

/* A reference's object number, or 0. */
static inline int ref_or_zero(const struct pdf_value *v)
{
	return v && v->type == PDF_REF ? (int)v->i : 0;
}

/* A non-negative int, or -1. */
static inline int small_int(const struct pdf_value *v)
{
	return v && v->type == PDF_INT && v->i >= 0 && v->i < 0x7fffffff ? (int)v->i : -1;
}

/* The scan fails: the first reason is kept, and reported at the end. */
void scan_fail(struct cairo_scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Passes bytes on to the output. */
void scan_pass(struct cairo_scan *s, const char *data, size_t n);
/* One object, its text [0, len) from "N 0 obj" to after "endobj" or "stream":
 * passed on (a stream's data then follows), or kept back and noted. */
void scan_object(struct cairo_scan *s, const struct pdf_indirect *ind, const char *text, size_t len);
/* At the end: what was kept back was Cairo's structure. */
void scan_check(struct cairo_scan *s);
/* Makes the tables by object number hold num; false after failing. */
bool scan_note_number(struct cairo_scan *s, int num);

#endif
