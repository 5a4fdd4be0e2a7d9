/* Internal interface of the layout modules (block flow, tables, pages): the state a
 * box is laid out in, and what laying it out gives back. */
#ifndef BP_FLOW_H
#define BP_FLOW_H

#include <stdbool.h>

#include "layout/layout.h"

/* Where to continue a box that did not fit on the previous page. */
struct resume {
	const struct box *child; /* block: the child to continue with; table: the body row */
	int index;               /* lines: byte index in the paragraph where the next line starts */
	int row;                 /* table: the first body row still to place */
	struct resume **cells;   /* table: per cell of that row, where a row too tall for a page goes on */
	int n_cells;
	struct resume *inner;    /* the child's own resume point, NULL to start it afresh */
	enum break_value forced; /* a forced break led here: BREAK_PAGE, BREAK_LEFT or BREAK_RIGHT */
};

/* The space a box is laid out in. */
struct flow {
	float x, width;   /* the containing block's content left edge and width */
	float limit;      /* page y that content may not pass */
	bool page_top;    /* nothing is above on this page: the box must place something */
	const char *page_name; /* the named page being filled: a box for another page breaks */
	bool unbreakable; /* inside a table cell: laid out whole, forced breaks do nothing */
	bool in_columns;  /* inside a multi-column box: break-before: column breaks */
	float fit_width;  /* > 0: the margin-box width a shrink-to-fit box (a float) takes */
	bool cb_height_known; /* the containing block's height is definite: percentages resolve */
	float cb_height;  /* that height (content box), px */
	bool cell_sized;  /* a table cell laid out again at its row's height: percentages of it resolve */
	float cell_height; /* that content height, px */
	/* Floats beside the flow: line boxes above excl_*_bottom keep clear of them. */
	float excl_left, excl_left_bottom;   /* lines start at or right of excl_left */
	float excl_right, excl_right_bottom; /* lines end at or left of excl_right */
};

/* What laying out a box gave. */
struct placed {
	struct frag *frag;     /* NULL when pushed */
	float bottom;          /* page y just below the border box */
	float margin_bottom;   /* bottom margin, collapsed with the last child's, to collapse further */
	struct resume *resume; /* NULL when the box is complete */
	bool pushed;           /* nothing fit: the whole box goes to the next page */
};

/* Collapsing margins: the largest positive and the most negative adjoining margin. */
struct margins {
	float pos, neg;
};

static inline void margins_add(struct margins *m, float v)
{
	if (v > m->pos)
		m->pos = v;
	if (v < m->neg)
		m->neg = v;
}

static inline float margins_value(const struct margins *m)
{
	return m->pos + m->neg;
}

struct table_plan;

struct layout_context {
	struct arena *arena;       /* what lives as long as the pass: plans, the caches' tables */
	struct arena *page_arena;  /* fragments and resume points of the page being laid out */
	struct stylesheet_set *sheets;
	struct diag_sink *diag;
	const char *source_name;
	PangoFontMap *fontmap;
	PangoContext *pango;
	struct lines_cache *cache; /* per lines_index: the paragraph layout at one width */
	int n_cache;
	int n_boxes;               /* the tree's: content_x and tables are per box_index */
	int *live, n_live;         /* the lines indices whose cache entry holds a layout */
	const struct layout_context *prev; /* the pass before, whose layouts may be reused */
	PangoLayout **extra;       /* marker and margin-box layouts, unreferenced at the end */
	size_t n_extra, cap_extra;
	bool warned_overflow;
	bool warned_margins;        /* the @page margins were too large once already */
	bool warned_columns;        /* multi-column boxes nested too deep once already */
	struct table_plan **tables; /* per box_index: a table's measured grid, or NULL (the tree's) */
	struct arena *plan_arena;   /* where plans go: the tree's arena, they serve every pass */
	float *content_x;           /* per box_index: the content box's left edge where last laid out */
};

/* The layout of a paragraph, or of its rest from `offset` on, at one width. */
struct lines_cache {
	PangoLayout *layout;
	float width;
	int offset;                  /* byte index in the paragraph where the layout's text starts */
	float x_shift;               /* negative text-indent: the layout starts this far left */
	struct line_metrics *metrics; /* owned by the layout: fragments that show it hold it */
	struct atomic_size *sizes;    /* the sizes the layout gave its atomic inlines, or NULL */
	bool live;                    /* listed in lc->live */
};

struct frag *frag_new(struct layout_context *lc, enum frag_kind kind, const struct box *box);
void frag_append(struct frag *parent, struct frag *child);
void frag_translate(struct frag *f, float dx, float dy);

/* Lays out any box at page y (its top margin already accounted for by the caller). */
struct placed layout_box_at(struct layout_context *lc, const struct box *box,
			    const struct resume *resume, float y, const struct flow *flow);
/* Top margin of a box, collapsed with its first descendants' where they adjoin. */
float layout_top_margin(const struct box *box, float cb_width);
/* Horizontal margins, border and padding of a box, for intrinsic widths. */
float layout_horizontal_extras(const struct box *box, float cb_width);
/* The border box and margins of a box whose width is `width` px (box-sizing decides
 * whether that holds the padding and border). */
float layout_outer_width(const struct box *box, float width, float cb_width);
/* Narrowest and widest widths the content can take (border box). */
void layout_intrinsic_widths(struct layout_context *lc, const struct box *box, float *min,
			     float *max);
PangoLayout *layout_keep(struct layout_context *lc, PangoLayout *layout);
/* Every page laid out so far is finished with: frees the layouts only they showed,
 * keeping the cached paragraphs that `next` (where the next page starts) continues. */
void layout_forget_finished(struct layout_context *lc, const struct resume *next);

/* table.c */
struct placed table_layout(struct layout_context *lc, const struct box *table,
			   const struct resume *resume, float y, const struct flow *flow);
void table_intrinsic_widths(struct layout_context *lc, const struct box *table, float *min,
			    float *max);

#endif
