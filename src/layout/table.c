/* Table layout: column widths by the automatic algorithm, rows laid out whole, the
 * header group repeated on every page a table spans, the footer group at its end. */
#include "layout/flow.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_COLUMNS = 1000 };

/* The rows of a table by group, and its columns' widths. */
struct grid {
	const struct box **header, **body, **footer, **captions;
	size_t n_header, n_body, n_footer, n_captions;
	size_t cap_header, cap_body, cap_footer, cap_captions;
	int n_cols;
	float *col_min, *col_max, *col_pct;
	float spacing; /* border-spacing, 0 when borders collapse */
};

static int cell_span(const struct box *cell)
{
	int span = cell->style->colspan;
	return span < 1 ? 1 : span > MAX_COLUMNS ? MAX_COLUMNS : span;
}

static void grid_collect(struct layout_context *lc, const struct box *table, struct grid *g)
{
	memset(g, 0, sizeof *g);
	for (const struct box *c = table->first_child; c; c = c->next) {
		if (c->type == BOX_CAPTION) {
			ARENA_GROW(lc->arena, g->captions, g->n_captions, g->cap_captions);
			g->captions[g->n_captions++] = c;
			continue;
		}
		if (c->type != BOX_ROW_GROUP)
			continue;
		for (const struct box *row = c->first_child; row; row = row->next) {
			if (row->type != BOX_ROW)
				continue;
			if (c->group == GROUP_HEADER) {
				ARENA_GROW(lc->arena, g->header, g->n_header, g->cap_header);
				g->header[g->n_header++] = row;
			} else if (c->group == GROUP_FOOTER) {
				ARENA_GROW(lc->arena, g->footer, g->n_footer, g->cap_footer);
				g->footer[g->n_footer++] = row;
			} else {
				ARENA_GROW(lc->arena, g->body, g->n_body, g->cap_body);
				g->body[g->n_body++] = row;
			}
		}
	}
	g->spacing = table->style->border_collapse ? 0 : table->style->border_spacing;
}

static void grid_columns_of_rows(const struct box *const *rows, size_t n, int *n_cols)
{
	for (size_t i = 0; i < n; i++) {
		int cols = 0;
		for (const struct box *cell = rows[i]->first_child; cell; cell = cell->next)
			cols += cell_span(cell);
		if (cols > *n_cols)
			*n_cols = cols > MAX_COLUMNS ? MAX_COLUMNS : cols;
	}
}

/* Column minimum and maximum widths from the cells (border boxes of the cells). */
static void grid_measure(struct layout_context *lc, struct grid *g)
{
	g->n_cols = 0;
	grid_columns_of_rows(g->header, g->n_header, &g->n_cols);
	grid_columns_of_rows(g->body, g->n_body, &g->n_cols);
	grid_columns_of_rows(g->footer, g->n_footer, &g->n_cols);
	size_t n = (size_t)(g->n_cols ? g->n_cols : 1);
	g->col_min = arena_alloc(lc->arena, sizeof(float) * n);
	g->col_max = arena_alloc(lc->arena, sizeof(float) * n);
	g->col_pct = arena_alloc(lc->arena, sizeof(float) * n);
	const struct box *const *groups[3] = { g->header, g->body, g->footer };
	size_t counts[3] = { g->n_header, g->n_body, g->n_footer };
	/* Single-column cells first, then spanning cells widen what they span. */
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < 3; k++)
			for (size_t r = 0; r < counts[k]; r++) {
				int col = 0;
				for (const struct box *cell = groups[k][r]->first_child;
				     cell && col < g->n_cols; cell = cell->next) {
					int span = cell_span(cell);
					if (col + span > g->n_cols)
						span = g->n_cols - col;
					if ((span == 1) != (pass == 0)) {
						col += span;
						continue;
					}
					float mn, mx;
					layout_intrinsic_widths(lc, cell, &mn, &mx);
					const struct style *s = cell->style;
					if (s->width.kind == DIM_PX) {
						float w = s->width.value + layout_horizontal_extras(cell, 0);
						if (w > mn)
							mn = w;
						mx = mn;
					} else if (s->width.kind == DIM_PERCENT && span == 1 &&
						   s->width.value > g->col_pct[col]) {
						g->col_pct[col] = s->width.value;
					}
					float have_min = 0, have_max = 0;
					for (int c = col; c < col + span; c++) {
						have_min += g->col_min[c];
						have_max += g->col_max[c];
					}
					float gaps = g->spacing * (float)(span - 1);
					if (mn > have_min + gaps)
						for (int c = col; c < col + span; c++)
							g->col_min[c] += (mn - have_min - gaps) / (float)span;
					if (mx > have_max + gaps)
						for (int c = col; c < col + span; c++)
							g->col_max[c] += (mx - have_max - gaps) / (float)span;
					for (int c = col; c < col + span; c++)
						if (g->col_max[c] < g->col_min[c])
							g->col_max[c] = g->col_min[c];
					col += span;
				}
			}
}

static float table_extras(const struct style *s, float cb)
{
	float e = 0;
	for (int side = SIDE_RIGHT; side <= SIDE_LEFT; side += 2)
		e += (s->border_style[side] != BORDER_NONE ? s->border_width[side] : 0) +
		     style_dim_px(s->padding[side], cb);
	return e;
}

void table_intrinsic_widths(struct layout_context *lc, const struct box *table, float *min,
			    float *max)
{
	struct grid g;
	grid_collect(lc, table, &g);
	grid_measure(lc, &g);
	float lo = g.spacing * (float)(g.n_cols + 1), hi = lo;
	for (int c = 0; c < g.n_cols; c++) {
		lo += g.col_min[c];
		hi += g.col_max[c];
	}
	float extra = layout_horizontal_extras(table, 0);
	*min = lo + extra;
	*max = hi + extra;
}

/* Final column widths for a table whose columns share `space` px. */
static float *grid_widths(struct layout_context *lc, const struct grid *g, float space,
			  bool width_given)
{
	int n = g->n_cols;
	float *w = arena_alloc(lc->arena, sizeof(float) * (size_t)(n ? n : 1));
	float sum_min = 0, sum_max = 0;
	for (int c = 0; c < n; c++) {
		float pct_w = g->col_pct[c] * space / 100;
		float mn = g->col_min[c];
		float mx = g->col_pct[c] > 0 ? (pct_w > mn ? pct_w : mn) : g->col_max[c];
		sum_min += mn;
		sum_max += mx;
		w[c] = mx;
	}
	if (space >= sum_max) {
		float extra = width_given ? space - sum_max : 0;
		for (int c = 0; c < n; c++)
			w[c] += sum_max > 0 ? extra * w[c] / sum_max : extra / (float)n;
	} else if (space > sum_min && sum_max > sum_min) {
		float share = (space - sum_min) / (sum_max - sum_min);
		for (int c = 0; c < n; c++)
			w[c] = g->col_min[c] + (w[c] - g->col_min[c]) * share;
	} else {
		for (int c = 0; c < n; c++)
			w[c] = g->col_min[c];
	}
	return w;
}

/* Lays out one row whole; returns its fragment, whose height is the tallest cell. */
static struct frag *layout_row(struct layout_context *lc, const struct grid *g, const float *widths,
			       const struct box *row, float x, float width, float y, bool collapsed)
{
	struct frag *rf = frag_new(lc, FRAG_BOX, row);
	rf->x = x;
	rf->y = y;
	rf->w = width;
	float row_h = 0;
	if (row->style->height.kind == DIM_PX)
		row_h = row->style->height.value;
	int col = 0;
	float cx = x + g->spacing;
	for (const struct box *cell = row->first_child; cell && col < g->n_cols; cell = cell->next) {
		int span = cell_span(cell);
		if (col + span > g->n_cols)
			span = g->n_cols - col;
		float cw = g->spacing * (float)(span - 1);
		for (int c = col; c < col + span; c++)
			cw += widths[c];
		struct flow cf = { cx, cw, 1e9f, true, NULL, true };
		struct placed p = layout_box_at(lc, cell, NULL, y, &cf);
		if (p.frag) {
			p.frag->collapsed_borders = collapsed;
			frag_append(rf, p.frag);
			if (p.frag->h > row_h)
				row_h = p.frag->h;
		}
		cx += cw + g->spacing;
		col += span;
	}
	/* Cells stretch to the row; their content moves for vertical-align. */
	for (struct frag *cf = rf->first_child; cf; cf = cf->next) {
		float dy = 0;
		float content_h = cf->h;
		if (cf->box->style->vertical_align == VALIGN_MIDDLE)
			dy = (row_h - content_h) / 2;
		else if (cf->box->style->vertical_align == VALIGN_BOTTOM)
			dy = row_h - content_h;
		if (dy > 0)
			for (struct frag *c = cf->first_child; c; c = c->next)
				frag_translate(c, 0, dy);
		cf->h = row_h;
	}
	rf->h = row_h;
	return rf;
}

/* What a table's layout keeps between its pages: the grid and the column widths for
 * the width it was laid out at, so a long table is measured once, not once a page. */
struct table_plan {
	float flow_width;
	struct grid g;
	float *widths;
	float target, extras, ml;
	float footer_h; /* height of the footer rows, kept free below the last body row */
};

static struct table_plan *table_plan(struct layout_context *lc, const struct box *table,
				     const struct flow *flow)
{
	if (!lc->tables)
		lc->tables = arena_alloc(lc->arena, sizeof *lc->tables * (size_t)lc->n_cache);
	struct table_plan *plan = lc->tables[table->box_index];
	if (plan && plan->flow_width == flow->width)
		return plan;
	plan = arena_alloc(lc->arena, sizeof *plan);
	lc->tables[table->box_index] = plan;
	plan->flow_width = flow->width;
	const struct style *s = table->style;
	struct grid *g = &plan->g;
	grid_collect(lc, table, g);
	grid_measure(lc, g);
	float ml = style_dim_px(s->margin[SIDE_LEFT], flow->width);
	float mr = style_dim_px(s->margin[SIDE_RIGHT], flow->width);
	float extras = table_extras(s, flow->width);
	float avail = flow->width - ml - mr - extras;
	float spacing_total = g->spacing * (float)(g->n_cols + 1);
	bool width_given = s->width.kind == DIM_PX || s->width.kind == DIM_PERCENT;
	float sum_min = 0, sum_max = 0;
	for (int c = 0; c < g->n_cols; c++) {
		sum_min += g->col_min[c];
		sum_max += g->col_max[c];
	}
	float target;
	if (width_given)
		target = style_dim_px(s->width, flow->width) - extras;
	else
		target = sum_max + spacing_total < avail ? sum_max + spacing_total : avail;
	if (target < sum_min + spacing_total)
		target = sum_min + spacing_total;
	/* A caption is as wide as the table, but no narrower than its longest word. */
	for (size_t i = 0; i < g->n_captions; i++) {
		float cmin, cmax;
		layout_intrinsic_widths(lc, g->captions[i], &cmin, &cmax);
		if (target < cmin - extras)
			target = cmin - extras;
	}
	plan->widths = grid_widths(lc, g, target - spacing_total, width_given);
	if (s->margin[SIDE_LEFT].kind == DIM_AUTO && s->margin[SIDE_RIGHT].kind == DIM_AUTO &&
	    avail > target)
		ml += (avail - target) / 2;
	plan->target = target;
	plan->extras = extras;
	plan->ml = ml;
	plan->footer_h = 0;
	for (size_t i = 0; i < g->n_footer; i++)
		plan->footer_h += layout_row(lc, g, plan->widths, g->footer[i], 0, target, 0,
					     s->border_collapse)->h + g->spacing;
	return plan;
}

struct placed table_layout(struct layout_context *lc, const struct box *table,
			   const struct resume *resume, float y, const struct flow *flow)
{
	struct placed r = { 0 };
	const struct style *s = table->style;
	struct table_plan *plan = table_plan(lc, table, flow);
	const struct grid *gp = &plan->g;
	const float *widths = plan->widths;
	float target = plan->target, extras = plan->extras, ml = plan->ml;

	float bl = s->border_style[SIDE_LEFT] != BORDER_NONE ? s->border_width[SIDE_LEFT] : 0;
	float bt = s->border_style[SIDE_TOP] != BORDER_NONE ? s->border_width[SIDE_TOP] : 0;
	float bb = s->border_style[SIDE_BOTTOM] != BORDER_NONE ? s->border_width[SIDE_BOTTOM] : 0;
	float pl = style_dim_px(s->padding[SIDE_LEFT], flow->width);
	float pt = style_dim_px(s->padding[SIDE_TOP], flow->width);
	float pb = style_dim_px(s->padding[SIDE_BOTTOM], flow->width);
	bool collapsed = s->border_collapse;

	struct frag *tf = frag_new(lc, FRAG_BOX, table);
	tf->collapsed_borders = collapsed;
	tf->x = flow->x + ml;
	tf->y = y;
	tf->w = target + extras;
	tf->cut_top = resume != NULL;
	float cy = y;
	if (!resume)
		for (size_t i = 0; i < gp->n_captions; i++) {
			struct flow cf = { tf->x, tf->w, 1e9f, true, NULL, true };
			struct placed p = layout_box_at(lc, gp->captions[i], NULL, cy, &cf);
			if (p.frag) {
				frag_append(tf, p.frag);
				cy = p.bottom + p.margin_bottom;
			}
		}
	float grid_top = cy;
	cy += (tf->cut_top ? 0 : bt + pt) + gp->spacing;
	float gx = tf->x + bl + pl, gw = target;
	/* The bottom padding and border must fit below the last row placed here. */
	float limit = flow->limit - pb - bb;

	for (size_t i = 0; i < gp->n_header; i++) {
		struct frag *rf = layout_row(lc, gp, widths, gp->header[i], gx, gw, cy, collapsed);
		rf->repeated = resume != NULL; /* ids and headings in it were shown on the first page */
		frag_append(tf, rf);
		cy += rf->h + gp->spacing;
	}
	size_t first = resume ? (size_t)resume->row : 0;
	size_t row = first;
	for (; row < gp->n_body; row++) {
		struct frag *rf = layout_row(lc, gp, widths, gp->body[row], gx, gw, cy, collapsed);
		/* A row is never split: it goes to the next page unless nothing else can. The
		 * footer must fit below the last row. */
		float need = rf->h + (row + 1 == gp->n_body ? plan->footer_h : 0);
		bool fits = cy + need <= limit + 0.01f;
		if (!fits && row == first && !flow->page_top) {
			r.pushed = true;
			return r;
		}
		if (!fits && row > first)
			break;
		frag_append(tf, rf);
		cy += rf->h + gp->spacing;
	}
	if (row < gp->n_body) {
		if (s->break_inside == BREAK_AVOID && first == 0 && !flow->page_top) {
			r.pushed = true; /* the table would break inside: it moves whole */
			return r;
		}
		struct resume *next = arena_alloc(lc->arena, sizeof *next);
		next->row = (int)row;
		r.resume = next;
		tf->cut_bottom = true;
	} else {
		for (size_t i = 0; i < gp->n_footer; i++) {
			struct frag *rf = layout_row(lc, gp, widths, gp->footer[i], gx, gw, cy, collapsed);
			frag_append(tf, rf);
			cy += rf->h + gp->spacing;
		}
	}
	cy += tf->cut_bottom ? 0 : pb + bb;
	/* The table's own box starts below its caption. */
	if (grid_top > y)
		tf->y = grid_top;
	tf->h = cy - tf->y;
	r.frag = tf;
	r.bottom = cy;
	r.margin_bottom = r.resume ? 0 : style_dim_px(s->margin[SIDE_BOTTOM], flow->width);
	return r;
}
