/* Layout: boxes become pages of positioned fragments (the display list that the
 * PDF painter and the dumps read). Fragments live in the document's arena; Pango
 * layouts are owned by the layout context and freed with it. */
#ifndef BP_LAYOUT_H
#define BP_LAYOUT_H

#include <stdbool.h>
#include <stdio.h>
#include <pango/pango.h>

#include "layout/box.h"
#include "style/style.h"

struct arena;
struct diag_sink;

enum frag_kind {
	FRAG_BOX,    /* a block, table part or cell: background and borders */
	FRAG_LINES,  /* some lines of a paragraph's PangoLayout */
	FRAG_MARKER, /* a list marker, or the text of a margin box */
};

struct line_metrics {
	float *top, *bottom, *baseline; /* per line, relative to the layout's top */
	int *start;                     /* per line, byte index in the layout's text */
	int n;
};

struct frag {
	enum frag_kind kind;
	const struct box *box;       /* the box it shows (NULL for margin boxes) */
	float x, y, w, h;            /* border box (FRAG_BOX) or line area, page px */
	bool cut_top, cut_bottom;    /* continued from / on another page: no border there */
	bool collapsed_borders;      /* borders drawn centred on the edges (border-collapse) */
	bool repeated;               /* a table header repeated on a later page: no ids, no outline */
	int columns;                 /* FRAG_BOX of a multi-column box: how many, for the rules */
	float column_gap, column_height; /* the gap between columns and how tall they are */
	struct frag *first_child, *last_child, *next;
	PangoLayout *layout;         /* FRAG_LINES / FRAG_MARKER */
	const struct line_metrics *lines;
	int first_line, n_lines;     /* FRAG_LINES: which lines */
	int text_offset;             /* FRAG_LINES: where the layout's text starts in the paragraph */
	float x_shift;               /* FRAG_LINES: the layout is drawn this far left of x (negative indent) */
	float layout_y;              /* page y of the layout's top (lines above first_line are not drawn) */
	const struct style *style;   /* FRAG_MARKER: its style */
};

/* The values string(name) may show on a page (css-gcpm-3, 1.1.2). */
struct page_string {
	const char *name;
	const char *entry;           /* in force when the page starts, or NULL */
	const char *first, *last;    /* the first and last set on the page, or NULL */
	bool at_start;               /* first set by the first thing on the page */
	struct page_string *next;
};

struct page {
	int number;                  /* 1-based */
	const char *name;            /* the named page (CSS `page`), or NULL */
	struct page_style ps;
	struct css_color canvas;     /* the canvas background over the page area (box_tree.canvas) */
	struct frag *root;           /* content */
	struct frag *margin_boxes;   /* FRAG_MARKER list of running header/footer texts */
	struct page_string *strings;
	struct arena *arena;         /* the page, its fragments and the resume point after it */
	bool released;
	bool blank;                  /* left blank by a break to a left or right page */
	struct page *next;           /* for lists the caller keeps */
};

struct layout_context;

/* The line of a FRAG_LINES fragment that shows byte `index` of its paragraph, and the
 * page x there; -1 when another fragment shows it. */
int frag_anchor_line(const struct frag *f, int index, double *x);

/* fontmap: the thread's (see layout/fonts.h); the context holds a reference. */
struct layout_context *layout_context_new(struct arena *a, struct stylesheet_set *sheets,
					  struct diag_sink *diag, const char *source_name,
					  PangoFontMap *fontmap);
void layout_context_free(struct layout_context *lc);
PangoContext *layout_pango_context(struct layout_context *lc);
/* The pass before, whose paragraph layouts this one takes where a paragraph is laid
 * out the same way; it must outlive this pass's layout. */
void layout_context_reuse(struct layout_context *lc, const struct layout_context *prev);

/* Pagination a page at a time, so that pages can be painted and freed as they come:
 * memory then holds the page being laid out, not the document's pages. */
struct paginator;
struct paginator *paginator_new(struct layout_context *lc, struct box_tree *tree);
/* Lays out the next page; NULL at the end, or after reporting (paginator_failed). */
struct page *paginator_next(struct paginator *pg);
bool paginator_failed(const struct paginator *pg);
/* The page's margin boxes, with `total` as counter(pages). */
void paginator_place_margin_boxes(struct paginator *pg, struct page *page, int total);
/* Done with the page: it and what only it showed are freed (now or once the next page
 * no longer needs them). Every page made must be released. */
void paginator_release(struct paginator *pg, struct page *page);
void paginator_free(struct paginator *pg);
/* From now on, releasing pages keeps the paragraph layouts (for a pass to come). */
void paginator_keep_layouts(struct paginator *pg);
/* Whether the page's margin boxes show counter(pages). */
bool page_shows_total(const struct page *page);

/* Where each element with an id landed: the page numbers target-counter() needs. */
struct page_ref {
	const char *id;
	int page;
};
struct page_refs {
	struct page_ref *refs; /* sorted by id */
	size_t n;
};

/* Collects where ids land, a page at a time (the list lives in arena a). */
struct target_list;
struct target_list *targets_new(struct arena *a);
void targets_add_page(struct target_list *t, const struct page *page);
/* The targets found (the first place of an id wins); the ids are copied into the arena. */
void targets_finish(struct target_list *t, struct page_refs *out);
/* The page an id landed on, or 0. */
int page_refs_find(const struct page_refs *refs, const char *id);
bool page_refs_equal(const struct page_refs *a, const struct page_refs *b);

/* Text that runs past the foot of a page or the side of its box, noted a page at a
 * time and reported once each. */
struct overflow_report;
struct overflow_report *overflow_new(struct arena *a);
void overflow_scan_page(struct overflow_report *o, const struct page *page);
void overflow_report(const struct overflow_report *o, struct diag_sink *sink, const char *name);

/* A page in the --dump=pages text. */
void layout_dump_page(const struct page *page, FILE *out);

#endif
