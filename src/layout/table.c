/* Table layout: cells placed on a grid (colspan, rowspan), column widths by the
 * automatic algorithm, rows laid out whole and kept together when a cell spans them,
 * the header rows repeated on every page a table spans, the footer at its end. */
#include "layout/flow.h"
#include "layout/sizing.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_COLUMNS = 1000 };

/* A cell's place on the grid. */
struct slot {
	const struct box *cell;
	int col, colspan, rowspan; /* rowspan is cut at the end of its row group */
};

struct grid_row {
	const struct box *row;
	struct slot *slots;
	int n_slots;
};

/* A table's rows by group, its cells' places and its columns' widths. */
struct grid {
	struct grid_row *rows[3];    /* GROUP_BODY, GROUP_HEADER, GROUP_FOOTER */
	size_t n_rows[3], cap_rows[3];
	const struct box **captions;
	size_t n_captions, cap_captions;
	int *group_end;              /* body row index: the last row of the rows its spans tie to it */
	int n_cols;
	float *col_min, *col_max, *col_pct;
	bool *col_fixed;             /* a px width was asked for: extra space goes elsewhere */
	float spacing;               /* border-spacing, 0 when borders collapse */
	bool height_known;           /* the table's height is definite: cells' percentages resolve */
	float height;                /* against that (its content box), px */
};

/* A cell's or column's width as the table layouts take it: a length, a percentage, or
 * (false) auto. A calc() that mixes a percentage and a length counts as auto, in the
 * fixed layout too, as in Chromium and Firefox (CSS Tables 3 leaves it to them), even
 * when the percentage is 0%; calc(50% + 0px) is 50%. */
static bool table_width(struct dim d, struct dim *out)
{
	if (d.kind == DIM_PX || d.kind == DIM_PERCENT) {
		*out = d;
		return true;
	}
	if (d.kind != DIM_CALC || d.calc->tree)
		return false;
	if (d.calc->px != 0)
		return false;
	*out = (struct dim){ DIM_PERCENT, d.calc->percent < 0 && d.calc->non_negative ? 0 : d.calc->percent, NULL };
	return true;
}

static int cell_colspan(const struct box *cell)
{
	int span = cell->style->colspan;
	return span < 1 ? 1 : span > MAX_COLUMNS ? MAX_COLUMNS : span;
}

/* Places the cells of consecutive rows of one group: a cell takes the first free
 * column, and a cell spanning rows keeps its columns taken in the rows below. */
static void place_cells(struct layout_context *lc, struct grid_row *rows, size_t n, int *n_cols)
{
	int *busy = xcalloc(MAX_COLUMNS, sizeof *busy); /* rows each column stays taken */
	for (size_t r = 0; r < n; r++) {
		int count = 0;
		for (const struct box *c = rows[r].row->first_child; c; c = c->next)
			count += c->type == BOX_CELL;
		rows[r].slots = arena_alloc(lc->plan_arena, sizeof *rows[r].slots * (size_t)(count ? count : 1));
		int col = 0;
		for (const struct box *c = rows[r].row->first_child; c; c = c->next) {
			if (c->type != BOX_CELL)
				continue;
			while (col < MAX_COLUMNS && busy[col] > 0)
				col++;
			if (col >= MAX_COLUMNS)
				break;
			int colspan = cell_colspan(c);
			if (col + colspan > MAX_COLUMNS)
				colspan = MAX_COLUMNS - col;
			int rowspan = c->style->rowspan; /* 0: to the end of the group */
			if (rowspan <= 0 || (size_t)rowspan > n - r)
				rowspan = (int)(n - r);
			rows[r].slots[rows[r].n_slots++] = (struct slot){ c, col, colspan, rowspan };
			for (int k = col; k < col + colspan; k++)
				if (busy[k] < rowspan)
					busy[k] = rowspan;
			col += colspan;
			if (col > *n_cols)
				*n_cols = col;
		}
		for (int k = 0; k < MAX_COLUMNS; k++)
			if (busy[k] > 0)
				busy[k]--;
	}
	free(busy);
}

static void grid_collect(struct layout_context *lc, const struct box *table, struct grid *g)
{
	memset(g, 0, sizeof *g);
	for (const struct box *c = table->first_child; c; c = c->next) {
		if (c->type == BOX_CAPTION) {
			ARENA_GROW(lc->plan_arena, g->captions, g->n_captions, g->cap_captions);
			g->captions[g->n_captions++] = c;
			continue;
		}
		if (c->type != BOX_ROW_GROUP)
			continue;
		/* Spans do not cross row groups: each group is placed on its own. */
		int k = (int)c->group;
		size_t first = g->n_rows[k];
		for (const struct box *row = c->first_child; row; row = row->next) {
			if (row->type != BOX_ROW)
				continue;
			ARENA_GROW(lc->plan_arena, g->rows[k], g->n_rows[k], g->cap_rows[k]);
			g->rows[k][g->n_rows[k]++] = (struct grid_row){ row, NULL, 0 };
		}
		if (g->n_rows[k] > first) /* a group without rows has no array yet */
			place_cells(lc, g->rows[k] + first, g->n_rows[k] - first, &g->n_cols);
	}
	/* Rows tied together by a rowspan go to a page together. */
	size_t nb = g->n_rows[GROUP_BODY];
	g->group_end = arena_alloc(lc->plan_arena, sizeof(int) * (nb ? nb : 1));
	for (size_t start = 0; start < nb;) {
		size_t end = start;
		for (size_t r = start; r <= end; r++)
			for (int i = 0; i < g->rows[GROUP_BODY][r].n_slots; i++) {
				size_t last = r + (size_t)g->rows[GROUP_BODY][r].slots[i].rowspan - 1;
				if (last > end)
					end = last < nb ? last : nb - 1;
			}
		for (size_t r = start; r <= end; r++)
			g->group_end[r] = (int)end;
		start = end + 1;
	}
	g->spacing = table->style->border_collapse ? 0 : table->style->border_spacing;
}

/* Column minimum and maximum widths from the cells (border boxes of the cells). */
static void grid_measure(struct layout_context *lc, struct grid *g)
{
	size_t n = (size_t)(g->n_cols ? g->n_cols : 1);
	g->col_min = arena_alloc(lc->plan_arena, sizeof(float) * n);
	g->col_max = arena_alloc(lc->plan_arena, sizeof(float) * n);
	g->col_pct = arena_alloc(lc->plan_arena, sizeof(float) * n);
	g->col_fixed = arena_alloc(lc->plan_arena, sizeof(bool) * n);
	/* Single-column cells first, then spanning cells widen what they span. */
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < 3; k++)
			for (size_t r = 0; r < g->n_rows[k]; r++)
				for (int i = 0; i < g->rows[k][r].n_slots; i++) {
					const struct slot *sl = &g->rows[k][r].slots[i];
					int col = sl->col, span = sl->colspan;
					if ((span == 1) != (pass == 0))
						continue;
					float mn, mx;
					layout_intrinsic_widths(lc, sl->cell, &mn, &mx);
					struct dim cw = { DIM_AUTO, 0, NULL };
					table_width(sl->cell->style->width, &cw);
					if (cw.kind == DIM_PX) {
						float w = layout_outer_width(sl->cell, cw.value, 0);
						if (w > mn)
							mn = w;
						mx = mn;
						if (span == 1)
							g->col_fixed[col] = true;
					} else if (cw.kind == DIM_PERCENT && span == 1 &&
						   cw.value > g->col_pct[col]) {
						g->col_pct[col] = cw.value;
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
				}
}

/* The table's min-width and max-width, for its content box (they are border-box
 * widths, as its width is). */
static struct size_limits table_width_limits(const struct style *s, float cb, float extras)
{
	return sizing_limits(s->min_width, s->max_width, cb, true, true, extras);
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
	/* min-width and max-width in lengths (border-box widths) bound the table's sizes,
	 * never below what its cells need. */
	const struct style *s = table->style;
	struct size_limits lim = sizing_limits(s->min_width, s->max_width, 0, false, true, 0);
	float ml = style_dim_px(s->margin[SIDE_LEFT], 0) + style_dim_px(s->margin[SIDE_RIGHT], 0);
	float lo_box = sizing_clamp(*min - ml, lim), hi_box = sizing_clamp(*max - ml, lim);
	*min = (lo_box > *min - ml ? lo_box : *min - ml) + ml;
	*max = (hi_box > *min - ml ? hi_box : *min - ml) + ml;
}

/* Final column widths for a table whose columns share `space` px. */
static float *grid_widths(struct layout_context *lc, const struct grid *g, float space,
			  bool width_given)
{
	int n = g->n_cols;
	float *w = arena_alloc(lc->plan_arena, sizeof(float) * (size_t)(n ? n : 1));
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
		/* Extra room goes to the columns that did not ask for a width, if any; else
		 * to those that asked for a length; else to the percentage ones (CSS Tables
		 * 3, distributing excess width, as Chromium does). */
		float extra = width_given ? space - sum_max : 0;
		int kind_of[3] = { 0 }; /* columns of each kind: auto, length, percentage */
		float width_of[3] = { 0 };
		for (int c = 0; c < n; c++) {
			int k = g->col_fixed[c] ? 1 : g->col_pct[c] > 0 ? 2 : 0;
			kind_of[k]++;
			width_of[k] += w[c];
		}
		int take = kind_of[0] ? 0 : kind_of[1] ? 1 : 2;
		for (int c = 0; c < n; c++) {
			int k = g->col_fixed[c] ? 1 : g->col_pct[c] > 0 ? 2 : 0;
			if (k == take)
				w[c] += width_of[k] > 0 ? extra * w[c] / width_of[k] : extra / (float)kind_of[k];
		}
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

/* Lays out rows first..last of a group whole, from page y: each row as tall as its
 * tallest cell, a cell spanning rows as tall as those rows together (the last of them
 * grows when it needs more). Appends the row fragments to parent; returns the height. */
static float layout_rows(struct layout_context *lc, const struct grid *g, const float *widths,
			 const struct grid_row *rows, size_t first, size_t last, float x, float width,
			 float y, bool collapsed, struct frag *parent, bool repeated)
{
	size_t n = last - first + 1;
	float *heights = xcalloc(n, sizeof *heights);
	float *col_x = xmalloc(sizeof(float) * (size_t)(g->n_cols + 1));
	col_x[0] = x + g->spacing;
	for (int c = 0; c < g->n_cols; c++)
		col_x[c + 1] = col_x[c] + widths[c] + g->spacing;
	struct frag **row_frags = xcalloc(n, sizeof *row_frags);
	for (size_t i = 0; i < n; i++) {
		const struct grid_row *gr = &rows[first + i];
		struct frag *rf = frag_new(lc, FRAG_BOX, gr->row);
		rf->x = x;
		rf->w = width;
		rf->repeated = repeated;
		row_frags[i] = rf;
		if (gr->row->style->height.kind == DIM_PX)
			heights[i] = gr->row->style->height.value;
		for (int k = 0; k < gr->n_slots; k++) {
			const struct slot *sl = &gr->slots[k];
			float cw = col_x[sl->col + sl->colspan] - col_x[sl->col] - g->spacing;
			struct flow cf = { .x = col_x[sl->col], .width = cw, .limit = 1e9f, .page_top = true,
					   .unbreakable = true, .cb_height_known = g->height_known,
					   .cb_height = g->height };
			struct placed p = layout_box_at(lc, sl->cell, NULL, 0, &cf);
			if (!p.frag)
				continue;
			p.frag->collapsed_borders = collapsed;
			frag_append(rf, p.frag);
			if (sl->rowspan == 1 && p.frag->h > heights[i])
				heights[i] = p.frag->h;
		}
	}
	/* Spanning cells: the last row they span takes what they need beyond the rows. */
	for (size_t i = 0; i < n; i++)
		for (struct frag *cf = row_frags[i]->first_child; cf; cf = cf->next) {
			const struct grid_row *gr = &rows[first + i];
			int span = 1;
			for (int k = 0; k < gr->n_slots; k++)
				if (gr->slots[k].cell == cf->box)
					span = gr->slots[k].rowspan;
			size_t end = i + (size_t)span - 1 < n ? i + (size_t)span - 1 : n - 1;
			float have = 0;
			for (size_t j = i; j <= end; j++)
				have += heights[j] + (j > i ? g->spacing : 0);
			if (cf->h > have)
				heights[end] += cf->h - have;
		}
	float cy = y;
	for (size_t i = 0; i < n; i++) {
		struct frag *rf = row_frags[i];
		rf->y = cy;
		rf->h = heights[i];
		const struct grid_row *gr = &rows[first + i];
		for (struct frag *cf = rf->first_child; cf; cf = cf->next) {
			int span = 1;
			for (int k = 0; k < gr->n_slots; k++)
				if (gr->slots[k].cell == cf->box)
					span = gr->slots[k].rowspan;
			size_t end = i + (size_t)span - 1 < n ? i + (size_t)span - 1 : n - 1;
			float h = 0;
			for (size_t j = i; j <= end; j++)
				h += heights[j] + (j > i ? g->spacing : 0);
			float content_h = cf->h;
			frag_translate(cf, 0, cy);
			/* Cells stretch to their rows; their content moves for vertical-align. */
			float dy = cf->box->style->vertical_align == VALIGN_MIDDLE ? (h - content_h) / 2
				   : cf->box->style->vertical_align == VALIGN_BOTTOM ? h - content_h : 0;
			if (dy > 0)
				for (struct frag *c = cf->first_child; c; c = c->next)
					frag_translate(c, 0, dy);
			cf->h = h;
		}
		frag_append(parent, rf);
		cy += heights[i] + (i + 1 < n ? g->spacing : 0);
	}
	free(heights);
	free(col_x);
	free(row_frags);
	return cy - y;
}

/* Widths from <col> elements: a px width is the column's width; a percentage is
 * kept as the column's share. */
static void apply_column_elements(const struct box *table, struct grid *g, float cb)
{
	for (int c = 0; c < table->n_columns && c < g->n_cols; c++) {
		struct dim d = { DIM_AUTO, 0, NULL };
		table_width(table->columns[c], &d);
		if (d.kind == DIM_PX) {
			if (d.value > g->col_min[c])
				g->col_min[c] = d.value;
			g->col_max[c] = g->col_min[c];
			g->col_fixed[c] = true;
		} else if (d.kind == DIM_PERCENT) {
			g->col_pct[c] = d.value;
		}
	}
	(void)cb;
}

struct table_plan;
static void fixed_widths(struct layout_context *lc, const struct box *table, struct grid *g,
			 float flow_width, struct table_plan *plan);

/* What a table's layout keeps between its pages: the grid and the column widths for
 * the width it was laid out at, so a long table is measured once, not once a page
 * (nor once a pass: plans live with the box tree). */
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
	struct table_plan *plan = lc->tables[table->box_index];
	if (plan && plan->flow_width == flow->width)
		return plan;
	plan = arena_alloc(lc->plan_arena, sizeof *plan);
	lc->tables[table->box_index] = plan;
	plan->flow_width = flow->width;
	const struct style *s = table->style;
	struct grid *g = &plan->g;
	grid_collect(lc, table, g);
	if (table->n_columns > g->n_cols)
		g->n_cols = table->n_columns;
	bool fixed = s->table_fixed && style_dim_is_length(s->width);
	if (fixed) {
		fixed_widths(lc, table, g, flow->width, plan);
		return plan;
	}
	grid_measure(lc, g);
	apply_column_elements(table, g, flow->width);
	float ml = style_dim_px(s->margin[SIDE_LEFT], flow->width);
	float mr = style_dim_px(s->margin[SIDE_RIGHT], flow->width);
	float extras = table_extras(s, flow->width);
	float avail = flow->width - ml - mr - extras;
	float spacing_total = g->spacing * (float)(g->n_cols + 1);
	bool width_given = style_dim_is_length(s->width);
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
	/* min-width and max-width bound the table's border box, as in browsers; a table
	 * made wider than it asked shares the room between its columns. */
	float asked = target;
	target = sizing_clamp(target, table_width_limits(s, flow->width, extras));
	if (target > asked)
		width_given = true;
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
	size_t nf = g->n_rows[GROUP_FOOTER];
	if (nf) {
		struct frag scratch = { 0 };
		plan->footer_h = layout_rows(lc, g, plan->widths, g->rows[GROUP_FOOTER], 0, nf - 1, 0,
					     target, 0, s->border_collapse, &scratch, false) +
				 g->spacing;
	}
	return plan;
}

/* A row taller than a page, laid out as far as the page allows: each cell breaks
 * like a block, continuing from cells_in (NULL: from the start; a NULL entry: that
 * cell ended on an earlier page and shows empty). Appends the row to parent and
 * returns its height; *split gets the cells' resume points if it goes on. */
static float split_row(struct layout_context *lc, const struct grid *g, const float *widths,
		       const struct grid_row *gr, float x, float width, float y, float limit,
		       bool collapsed, const struct resume *const *cells_in, struct frag *parent,
		       struct resume ***split)
{
	struct frag *rf = frag_new(lc, FRAG_BOX, gr->row);
	rf->x = x;
	rf->y = y;
	rf->w = width;
	rf->cut_top = cells_in != NULL;
	struct resume **out = arena_alloc(lc->page_arena, sizeof *out * (size_t)(gr->n_slots ? gr->n_slots : 1));
	bool goes_on = false;
	float h = 0;
	float cx = x + g->spacing;
	int col = 0;
	for (int k = 0; k < gr->n_slots; k++) {
		const struct slot *sl = &gr->slots[k];
		for (; col < sl->col; col++)
			cx += widths[col] + g->spacing;
		float cw = g->spacing * (float)(sl->colspan - 1);
		for (int c = sl->col; c < sl->col + sl->colspan; c++)
			cw += widths[c];
		struct frag *cf;
		if (cells_in && !cells_in[k]) {
			cf = frag_new(lc, FRAG_BOX, sl->cell); /* ended earlier: its box goes on empty */
			cf->x = cx;
			cf->y = y;
			cf->w = cw;
			cf->cut_top = true;
		} else {
			struct flow f = { .x = cx, .width = cw, .limit = limit, .page_top = true };
			struct placed p = layout_box_at(lc, sl->cell, cells_in ? cells_in[k] : NULL, y, &f);
			cf = p.frag;
			if (!cf)
				continue;
			out[k] = p.resume;
			goes_on |= p.resume != NULL;
		}
		cf->collapsed_borders = collapsed;
		if (cf->h > h)
			h = cf->h;
		frag_append(rf, cf);
	}
	if (goes_on)
		h = limit - y; /* the row runs to the foot of the page */
	for (struct frag *cf = rf->first_child; cf; cf = cf->next) {
		cf->h = h;
		cf->cut_bottom = goes_on;
	}
	rf->h = h;
	rf->cut_bottom = goes_on;
	frag_append(parent, rf);
	*split = goes_on ? out : NULL;
	return h;
}

/* table-layout: fixed (CSS 2.1, 17.5.2.1): widths from <col> elements, else from the
 * first row's cells; the columns left share what remains. No cell is measured, so a
 * long table costs nothing to plan. */
static void fixed_widths(struct layout_context *lc, const struct box *table, struct grid *g,
			 float flow_width, struct table_plan *plan)
{
	const struct style *s = table->style;
	int n = g->n_cols ? g->n_cols : 1;
	float *w = arena_alloc(lc->plan_arena, sizeof(float) * (size_t)n);
	bool *set = arena_alloc(lc->plan_arena, sizeof(bool) * (size_t)n);
	float extras = table_extras(s, flow_width);
	float target = style_dim_px(s->width, flow_width) - extras;
	target = sizing_clamp(target > 0 ? target : 0, table_width_limits(s, flow_width, extras));
	float space = target - g->spacing * (float)(n + 1);
	struct dim d;
	for (int c = 0; c < table->n_columns && c < n; c++)
		if (table_width(table->columns[c], &d)) {
			w[c] = style_dim_px(d, space);
			set[c] = true;
		}
	/* The first row's cells, for the columns no <col> sized. */
	const struct grid_row *first = g->n_rows[GROUP_HEADER] ? &g->rows[GROUP_HEADER][0]
				       : g->n_rows[GROUP_BODY] ? &g->rows[GROUP_BODY][0] : NULL;
	for (int i = 0; first && i < first->n_slots; i++) {
		const struct slot *sl = &first->slots[i];
		if (!table_width(sl->cell->style->width, &d))
			continue;
		float cw = layout_outer_width(sl->cell, style_dim_px(d, space), space);
		for (int c = sl->col; c < sl->col + sl->colspan && c < n; c++)
			if (!set[c]) {
				w[c] = cw / (float)sl->colspan;
				set[c] = true;
			}
	}
	float used = 0;
	int open = 0;
	for (int c = 0; c < n; c++) {
		if (set[c])
			used += w[c];
		else
			open++;
	}
	for (int c = 0; c < n; c++)
		if (!set[c])
			w[c] = open && space > used ? (space - used) / (float)open : 0;
	if (open == 0 && used > 0 && space > used) /* all sized and room left: spread it */
		for (int c = 0; c < n; c++)
			w[c] += (space - used) * w[c] / used;
	plan->widths = w;
	float sum = g->spacing * (float)(n + 1);
	for (int c = 0; c < n; c++)
		sum += w[c];
	plan->target = sum > target ? sum : target;
	plan->extras = extras;
	plan->ml = style_dim_px(s->margin[SIDE_LEFT], flow_width);
	plan->footer_h = 0;
	size_t nf = g->n_rows[GROUP_FOOTER];
	if (nf) {
		struct frag scratch = { 0 };
		plan->footer_h = layout_rows(lc, g, plan->widths, g->rows[GROUP_FOOTER], 0, nf - 1, 0,
					     plan->target, 0, s->border_collapse, &scratch, false) +
				 g->spacing;
	}
}

/* The table's height (a border box, as its width), or its min-height: a least height
 * its rows grow to fill; max-height bounds the height, never the content. -1: none. */
static float table_wanted_height(const struct style *s, const struct flow *flow)
{
	struct size_limits lim = sizing_limits(s->min_height, s->max_height, flow->cb_height,
					       flow->cb_height_known, true, 0);
	float h;
	if (sizing_definite(s->height, flow->cb_height, flow->cb_height_known, true, 0, &h))
		return sizing_clamp(h, lim);
	return lim.min > 0 ? lim.min : -1;
}

/* A row of the table's body, laid out here: the rows extra height goes to. */
static bool is_body_row(const struct frag *f)
{
	return f->kind == FRAG_BOX && f->box && f->box->type == BOX_ROW && !f->repeated &&
	       f->box->parent && f->box->parent->group == GROUP_BODY;
}

/* Whether a row has a height of its own, or one of its cells has. */
static bool row_sized(const struct frag *row)
{
	if (row->box->style->height.kind != DIM_AUTO)
		return true;
	for (const struct frag *cf = row->first_child; cf; cf = cf->next)
		if (cf->box && cf->box->style->height.kind != DIM_AUTO)
			return true;
	return false;
}

/* Grows the table's rows by `extra` px in all: the body rows without a height of their
 * own (nor a cell with one) share it by their heights (all the body rows, when each
 * has one), as Chromium does; what is below a row moves down, and its cells stretch with it. */
static void grow_rows(struct frag *tf, float extra)
{
	float share = 0, all = 0;
	int n = 0;
	for (struct frag *f = tf->first_child; f; f = f->next)
		if (is_body_row(f)) {
			all += f->h;
			n++;
			if (!row_sized(f))
				share += f->h;
		}
	if (n == 0)
		return;
	bool auto_rows = share > 0;
	float base = auto_rows ? share : all;
	/* Old row bottoms and the growth each brings, to move what is below. */
	float *bottom = xmalloc(sizeof(float) * (size_t)n), *delta = xmalloc(sizeof(float) * (size_t)n);
	int k = 0;
	for (struct frag *f = tf->first_child; f; f = f->next)
		if (is_body_row(f)) {
			bool takes = !auto_rows || !row_sized(f);
			bottom[k] = f->y + f->h;
			delta[k] = !takes ? 0 : base > 0 ? extra * f->h / base : extra / (float)n;
			k++;
		}
	for (struct frag *f = tf->first_child; f; f = f->next) {
		if (f->kind != FRAG_BOX || !f->box || f->box->type != BOX_ROW) {
			float shift = 0;
			for (int i = 0; i < n; i++)
				shift += bottom[i] <= f->y + 0.01f ? delta[i] : 0;
			frag_translate(f, 0, shift);
			continue;
		}
		float top = f->y, shift_top = 0, shift_bottom = 0;
		for (int i = 0; i < n; i++) {
			shift_top += bottom[i] <= top + 0.01f ? delta[i] : 0;
			shift_bottom += bottom[i] <= top + f->h + 0.01f ? delta[i] : 0;
		}
		for (struct frag *cf = f->first_child; cf; cf = cf->next) {
			float cb = cf->y + cf->h, grow = 0;
			for (int i = 0; i < n; i++)
				grow += bottom[i] <= cb + 0.01f && bottom[i] > cf->y + 0.01f ? delta[i] : 0;
			enum vertical_align va = cf->box->style->vertical_align;
			float dy = va == VALIGN_MIDDLE ? grow / 2 : va == VALIGN_BOTTOM ? grow : 0;
			for (struct frag *c = cf->first_child; c; c = c->next)
				frag_translate(c, 0, dy);
			cf->h += grow;
		}
		frag_translate(f, 0, shift_top);
		f->h += shift_bottom - shift_top;
	}
	free(bottom);
	free(delta);
}

/* Whether a cell holds a box whose height is a percentage (of the cell's). */
static bool has_percent_height_child(const struct box *cell)
{
	for (const struct box *c = cell->first_child; c; c = c->next)
		if (c->style && (c->style->height.kind == DIM_PERCENT || c->style->height.kind == DIM_CALC ||
				 c->style->min_height.kind == DIM_PERCENT ||
				 c->style->max_height.kind == DIM_PERCENT))
			return true;
	return false;
}

/* Cells whose height is definite (the table's is, or the cell has one) are laid out
 * again at their rows' height, so that percentage heights inside resolve against it,
 * as in Chromium. Only cells that hold such a percentage are. */
static void relayout_sized_cells(struct layout_context *lc, const struct frag *tf, bool table_sized)
{
	for (struct frag *rf = tf->first_child; rf; rf = rf->next) {
		if (rf->kind != FRAG_BOX || !rf->box || rf->box->type != BOX_ROW)
			continue;
		for (struct frag *cf = rf->first_child; cf; cf = cf->next) {
			const struct box *cell = cf->box;
			const struct style *s = cell->style;
			if (cf->cut_top || cf->cut_bottom || !has_percent_height_child(cell) ||
			    !(table_sized || s->height.kind == DIM_PX))
				continue;
			float cw = cf->w; /* the cell's margins are 0: its frag is its column's width */
			float v = 0;
			for (int side = SIDE_TOP; side <= SIDE_BOTTOM; side += 2)
				v += (s->border_style[side] != BORDER_NONE ? s->border_width[side] : 0) +
				     style_dim_px(s->padding[side], cw);
			struct flow f = { .x = cf->x, .width = cw, .limit = 1e9f, .page_top = true,
					  .unbreakable = true, .cell_sized = true,
					  .cell_height = cf->h - v > 0 ? cf->h - v : 0 };
			struct placed p = layout_box_at(lc, cell, NULL, cf->y, &f);
			if (!p.frag)
				continue;
			/* The content moves for vertical-align within what it now takes. */
			float lo = 1e30f, hi = -1e30f;
			for (const struct frag *c = p.frag->first_child; c; c = c->next) {
				lo = c->y < lo ? c->y : lo;
				hi = c->y + c->h > hi ? c->y + c->h : hi;
			}
			float room = f.cell_height - (hi > lo ? hi - lo : 0);
			float dy = room <= 0 ? 0 : s->vertical_align == VALIGN_MIDDLE ? room / 2
			     : s->vertical_align == VALIGN_BOTTOM ? room : 0;
			for (struct frag *c = p.frag->first_child; c; c = c->next)
				frag_translate(c, 0, dy);
			cf->first_child = p.frag->first_child;
			cf->last_child = p.frag->last_child;
		}
	}
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
			struct flow cf = { .x = tf->x, .width = tf->w, .limit = 1e9f, .page_top = true,
					   .unbreakable = true };
			struct placed p = layout_box_at(lc, gp->captions[i], NULL, cy, &cf);
			if (p.frag) {
				frag_append(tf, p.frag);
				cy = p.bottom + p.margin_bottom;
			}
		}
	float grid_top = cy;
	cy += (tf->cut_top ? 0 : bt + pt) + gp->spacing;
	float rows_top = cy - gp->spacing;
	float wanted = resume ? -1 : table_wanted_height(s, flow);
	bool sized = resume == NULL && s->height.kind != DIM_AUTO && wanted >= 0;
	plan->g.height_known = sized;
	plan->g.height = sized ? wanted - bt - pt - pb - bb : 0;
	float gx = tf->x + bl + pl, gw = target;
	/* The bottom padding and border must fit below the last row placed here. */
	float limit = flow->limit - pb - bb;

	size_t nh = gp->n_rows[GROUP_HEADER], nb = gp->n_rows[GROUP_BODY], nf = gp->n_rows[GROUP_FOOTER];
	if (nh) /* on a later page, ids and headings in it were shown on the first */
		cy += layout_rows(lc, gp, widths, gp->rows[GROUP_HEADER], 0, nh - 1, gx, gw, cy,
				  collapsed, tf, resume != NULL) + gp->spacing;
	size_t first = resume ? (size_t)resume->row : 0;
	size_t row = first;
	struct resume **split = NULL; /* the cells' resume points when a row breaks at the page */
	while (row < nb) {
		size_t end = (size_t)gp->group_end[row];
		const struct resume *const *cells_in =
			resume && row == first ? (const struct resume *const *)resume->cells : NULL;
		if (cells_in) {
			/* The rest of a row that was too tall for a page. */
			float h = split_row(lc, gp, widths, &gp->rows[GROUP_BODY][row], gx, gw, cy, limit,
					    collapsed, cells_in, tf, &split);
			cy += h + gp->spacing;
			if (split)
				break;
			row++;
			continue;
		}
		/* Rows tied by a rowspan are laid out, and moved, together. A row goes to
		 * the next page whole; only one taller than a page is broken, and then
		 * cleanly, each cell like a block. The footer must fit below the last row. */
		struct frag held = { 0 };
		float h = layout_rows(lc, gp, widths, gp->rows[GROUP_BODY], row, end, gx, gw, cy,
				      collapsed, &held, false);
		float need = h + (end + 1 == nb ? plan->footer_h : 0);
		bool fits = cy + need <= limit + 0.01f;
		if (!fits && row == first && !flow->page_top) {
			r.pushed = true;
			return r;
		}
		if (!fits && row > first)
			break;
		if (!fits && end == row && cy + h > limit + 0.01f) {
			h = split_row(lc, gp, widths, &gp->rows[GROUP_BODY][row], gx, gw, cy, limit,
				      collapsed, NULL, tf, &split);
			cy += h + gp->spacing;
			if (split)
				break;
			row++;
			continue;
		}
		for (struct frag *rf = held.first_child, *next; rf; rf = next) {
			next = rf->next;
			frag_append(tf, rf);
		}
		cy += h + gp->spacing;
		row = end + 1;
	}
	if (row < nb) {
		if (s->break_inside == BREAK_AVOID && first == 0 && !flow->page_top) {
			r.pushed = true; /* the table would break inside: it moves whole */
			return r;
		}
		struct resume *next = arena_alloc(lc->page_arena, sizeof *next);
		next->row = (int)row;
		next->cells = split;
		next->n_cells = split ? gp->rows[GROUP_BODY][row].n_slots : 0;
		r.resume = next;
		tf->cut_bottom = true;
	} else if (nf) {
		cy += layout_rows(lc, gp, widths, gp->rows[GROUP_FOOTER], 0, nf - 1, gx, gw, cy,
				  collapsed, tf, false) + gp->spacing;
	}
	if (wanted >= 0 && !r.resume) {
		/* A height asked for: the rows grow to it, as far as the page goes. */
		float extra = wanted - bt - pt - pb - bb - (cy - rows_top);
		float room = flow->limit - pb - bb - cy;
		if (!flow->unbreakable && extra > room)
			extra = room;
		if (extra > 0.01f) {
			grow_rows(tf, extra);
			cy += extra;
		}
	}
	if (!r.resume)
		relayout_sized_cells(lc, tf, sized);
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
