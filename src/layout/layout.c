/* Block flow with fragmentation: blocks, paragraphs split into lines by orphans and
 * widows, collapsing margins, and break rules between siblings. */
#include "layout/flow.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/diag.h"
#include "image/image.h"
#include "layout/sizing.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

struct frag *frag_new(struct layout_context *lc, enum frag_kind kind, const struct box *box)
{
	struct frag *f = arena_alloc(lc->page_arena, sizeof *f);
	f->kind = kind;
	f->box = box;
	f->style = box ? box->style : NULL;
	return f;
}

void frag_append(struct frag *parent, struct frag *child)
{
	if (parent->last_child)
		parent->last_child->next = child;
	else
		parent->first_child = child;
	parent->last_child = child;
	child->next = NULL;
}

void frag_translate(struct frag *f, float dx, float dy)
{
	f->x += dx;
	f->y += dy;
	f->layout_y += dy;
	for (struct frag *c = f->first_child; c; c = c->next)
		frag_translate(c, dx, dy);
}

PangoLayout *layout_keep(struct layout_context *lc, PangoLayout *layout)
{
	ARENA_GROW(lc->arena, lc->extra, lc->n_extra, lc->cap_extra);
	lc->extra[lc->n_extra++] = layout;
	return layout;
}

static bool resume_continues(const struct resume *r, int lines_index)
{
	for (; r; r = r->inner) {
		if (r->child && r->child->type == BOX_LINES && r->child->lines_index == lines_index)
			return true;
		for (int i = 0; i < r->n_cells; i++)
			if (resume_continues(r->cells[i], lines_index))
				return true;
	}
	return false;
}

void layout_forget_finished(struct layout_context *lc, const struct resume *next)
{
	for (size_t i = 0; i < lc->n_extra; i++)
		g_object_unref(lc->extra[i]);
	lc->n_extra = 0;
	/* A paragraph that ended is not asked for again, except a table header repeated
	 * on the next page, which is laid out afresh. */
	int kept = 0;
	for (int i = 0; i < lc->n_live; i++) {
		struct lines_cache *c = &lc->cache[lc->live[i]];
		if (resume_continues(next, lc->live[i])) {
			lc->live[kept++] = lc->live[i];
			continue;
		}
		g_object_unref(c->layout);
		memset(c, 0, sizeof *c);
	}
	lc->n_live = kept;
}

/* ---- box geometry ---- */

static bool is_container(const struct box *b)
{
	return b->type != BOX_LINES && b->type != BOX_TABLE;
}

static float border_top(const struct style *s)
{
	return s->border_style[SIDE_TOP] != BORDER_NONE ? s->border_width[SIDE_TOP] : 0;
}

static float border_of(const struct style *s, int side)
{
	return s->border_style[side] != BORDER_NONE ? s->border_width[side] : 0;
}

float layout_top_margin(const struct box *box, float cb_width)
{
	struct margins m = { 0, 0 };
	for (const struct box *b = box; b; b = b->first_child) {
		if (b->type == BOX_LINES)
			break;
		margins_add(&m, style_dim_px(b->style->margin[SIDE_TOP], cb_width));
		if (!is_container(b) || b->type == BOX_CELL || border_top(b->style) > 0 ||
		    style_dim_px(b->style->padding[SIDE_TOP], cb_width) > 0)
			break;
	}
	return margins_value(&m);
}

float layout_horizontal_extras(const struct box *box, float cb_width)
{
	const struct style *s = box->style;
	float e = border_of(s, SIDE_LEFT) + border_of(s, SIDE_RIGHT) +
		  style_dim_px(s->padding[SIDE_LEFT], cb_width) +
		  style_dim_px(s->padding[SIDE_RIGHT], cb_width);
	if (s->margin[SIDE_LEFT].kind == DIM_PX)
		e += s->margin[SIDE_LEFT].value;
	if (s->margin[SIDE_RIGHT].kind == DIM_PX)
		e += s->margin[SIDE_RIGHT].value;
	return e;
}

float layout_outer_width(const struct box *box, float width, float cb_width)
{
	const struct style *s = box->style;
	float extras = layout_horizontal_extras(box, cb_width);
	if (!s->border_box)
		return width + extras;
	/* border-box: the width holds the padding and border, never less than they take. */
	float bp = border_of(s, SIDE_LEFT) + border_of(s, SIDE_RIGHT) +
		   style_dim_px(s->padding[SIDE_LEFT], cb_width) +
		   style_dim_px(s->padding[SIDE_RIGHT], cb_width);
	return (width > bp ? width : bp) + extras - bp;
}

/* Horizontal placement of a block in its containing block: CSS 2.1 sections 10.3.3
 * and 10.4 (min-width and max-width), with box-sizing. */
static void block_width(const struct box *box, float cb_width, float fit_width, float *margin_left,
			float *content_w)
{
	const struct style *s = box->style;
	float bp = border_of(s, SIDE_LEFT) + border_of(s, SIDE_RIGHT) +
		   style_dim_px(s->padding[SIDE_LEFT], cb_width) +
		   style_dim_px(s->padding[SIDE_RIGHT], cb_width);
	bool ml_auto = s->margin[SIDE_LEFT].kind == DIM_AUTO;
	bool mr_auto = s->margin[SIDE_RIGHT].kind == DIM_AUTO;
	float ml = style_dim_px(s->margin[SIDE_LEFT], cb_width);
	float mr = style_dim_px(s->margin[SIDE_RIGHT], cb_width);
	float w;
	bool sized = false; /* the width is not what the auto margins and the cb leave */
	if (box->type == BOX_CELL) {
		w = cb_width - ml - mr - bp; /* the table chose it */
	} else {
		bool given = sizing_definite(s->width, cb_width, true, s->border_box, bp, &w);
		if (!given)
			w = (fit_width > 0 ? fit_width : cb_width) - ml - mr - bp;
		struct size_limits lim = sizing_limits(s->min_width, s->max_width, cb_width, true,
						       s->border_box, bp);
		float clamped = sizing_clamp(w, lim);
		sized = given || clamped != w;
		w = clamped;
	}
	if (w < 0)
		w = 0;
	float free_space = cb_width - w - bp - ml - mr;
	if (sized && free_space > 0 && s->float_side == FLOAT_NONE) { /* a float's are 0 */
		if (ml_auto && mr_auto)
			ml += free_space / 2;
		else if (ml_auto)
			ml += free_space;
	}
	*margin_left = ml;
	*content_w = w;
}

/* ---- paragraphs ---- */

/* ---- replaced boxes and atomic inlines ---- */

/* Horizontal and vertical space a box takes besides its content (px lengths only). */
static float box_extra_w(const struct box *box, float cb)
{
	return layout_horizontal_extras(box, cb);
}

static float box_extra_h(const struct box *box, float cb)
{
	const struct style *s = box->style;
	float e = 0;
	for (int side = SIDE_TOP; side <= SIDE_BOTTOM; side += 2)
		e += (s->border_style[side] != BORDER_NONE ? s->border_width[side] : 0) +
		     style_dim_px(s->padding[side], cb) + style_dim_px(s->margin[side], cb);
	return e;
}

/* The content size of an image for a containing block of width cb and, when
 * cb_h_known, height cb_h (CSS 2.1, 10.3.2, 10.4, 10.6.2 and 10.7, with box-sizing).
 * A width of cb 0 is unknown: percentages of it are auto (for intrinsic widths). */
static void replaced_size(const struct box *box, float cb, bool cb_h_known, float cb_h,
			  float *out_w, float *out_h)
{
	const struct style *s = box->style;
	double iw = 0, ih = 0, ratio = 0;
	bool has_size = false;
	if (box->image)
		image_intrinsic_size(box->image, &iw, &ih, &ratio, &has_size);
	if (!box->image) { /* the placeholder for a missing image */
		iw = box->attr_width ? box->attr_width : 120;
		ih = box->attr_height ? box->attr_height : 24;
		ratio = iw / ih;
		has_size = true;
	}
	/* Padding and border on each axis, which border-box sizes hold. */
	float ex_w = 0, ex_h = 0;
	for (int side = SIDE_TOP; side <= SIDE_LEFT; side++)
		*(side % 2 ? &ex_w : &ex_h) += border_of(s, side) + style_dim_px(s->padding[side], cb);
	bool cb_known = cb > 0;
	struct size_limits lw = sizing_limits(s->min_width, s->max_width, cb, cb_known, s->border_box, ex_w);
	struct size_limits lh = sizing_limits(s->min_height, s->max_height, cb_h, cb_h_known,
					      s->border_box, ex_h);
	float w = 0, h = 0;
	/* The width and height attributes reach here as CSS (presentational hints). */
	bool w_given = sizing_definite(s->width, cb, cb_known, s->border_box, ex_w, &w);
	bool h_given = sizing_definite(s->height, cb_h, cb_h_known, s->border_box, ex_h, &h);
	if (w_given && h_given) {
		w = sizing_clamp(w, lw);
		h = sizing_clamp(h, lh);
	} else if (w_given) {
		w = sizing_clamp(w, lw);
		h = sizing_clamp(ratio > 0 ? w / (float)ratio : (float)ih, lh);
	} else if (h_given) {
		h = sizing_clamp(h, lh);
		w = sizing_clamp(ratio > 0 ? h * (float)ratio : (float)iw, lw);
	} else {
		if (has_size) {
			w = (float)iw;
			h = (float)ih;
		} else if (ratio > 0 && cb > 0) {
			w = cb;
			h = w / (float)ratio;
		} else {
			w = 300;
			h = 150;
		}
		if (ratio > 0)
			sizing_replaced(w, h, lw, lh, &w, &h);
		else {
			w = sizing_clamp(w, lw);
			h = sizing_clamp(h, lh);
		}
	}
	*out_w = w < 0 ? 0 : w > 20000 ? 20000 : w;
	*out_h = h < 0 ? 0 : h > 20000 ? 20000 : h;
}

/* The page y of the baseline of the last line inside f, if any. */
static void last_baseline(const struct frag *f, float *baseline)
{
	for (; f; f = f->next) {
		if (f->kind == FRAG_LINES && f->n_lines > 0)
			*baseline = f->layout_y + f->lines->baseline[f->first_line + f->n_lines - 1];
		last_baseline(f->first_child, baseline);
	}
}

/* The sizes a paragraph's inline-blocks and images take in its lines. */
static struct atomic_size *atomic_sizes(struct layout_context *lc, const struct inline_content *ic,
					float width)
{
	if (!ic->n_atomics)
		return NULL;
	struct atomic_size *sizes = xcalloc(ic->n_atomics, sizeof *sizes);
	for (size_t i = 0; i < ic->n_atomics; i++) {
		const struct box *box = ic->atomics[i].box;
		float w, h, ascent;
		if (box->type == BOX_REPLACED) {
			replaced_size(box, width, false, 0, &w, &h);
			w += box_extra_w(box, width);
			h += box_extra_h(box, width);
			ascent = h;
		} else {
			float mn, mx;
			layout_intrinsic_widths(lc, box, &mn, &mx);
			w = width > 0 && mx > width ? width : mx;
			if (w < mn)
				w = mn;
			struct flow f = { .width = w, .limit = 1e9f, .page_top = true, .unbreakable = true };
			float mt = style_dim_px(box->style->margin[SIDE_TOP], width);
			struct placed p = layout_box_at(lc, box, NULL, mt, &f);
			h = (p.frag ? p.frag->h : 0) + mt + style_dim_px(box->style->margin[SIDE_BOTTOM], width);
			/* Its baseline is its last line's (CSS 2.1, 10.8.1), else its bottom. */
			float baseline = -1;
			if (p.frag)
				last_baseline(p.frag, &baseline);
			ascent = baseline >= 0 ? baseline : h;
		}
		sizes[i] = (struct atomic_size){ w, h, ascent };
	}
	return sizes;
}

/* Lays the atomic inlines shown by a lines fragment out where their U+FFFC stands. */
static void place_atomics(struct layout_context *lc, struct frag *fr, const struct lines_cache *c)
{
	const struct inline_content *ic = fr->box->content;
	for (size_t i = 0; i < ic->n_atomics; i++) {
		int local = ic->atomics[i].index - c->offset;
		int line = -1, x_pango = 0;
		if (local < 0 || !c->sizes)
			continue;
		pango_layout_index_to_line_x(c->layout, local, FALSE, &line, &x_pango);
		if (line < fr->first_line || line >= fr->first_line + fr->n_lines)
			continue;
		const struct box *box = ic->atomics[i].box;
		float x = fr->x - c->x_shift + (float)x_pango / PANGO_SCALE;
		float top = fr->layout_y + c->metrics->baseline[line] - c->sizes[i].ascent +
			    style_dim_px(box->style->margin[SIDE_TOP], fr->w);
		struct flow f = { .x = x, .width = c->sizes[i].width, .limit = 1e9f, .page_top = true,
				  .unbreakable = true };
		struct placed p = layout_box_at(lc, box, NULL, top, &f);
		if (p.frag)
			frag_append(fr, p.frag);
	}
}

static struct placed layout_replaced(struct layout_context *lc, const struct box *box,
				     float y, const struct flow *f)
{
	struct placed r = { 0 };
	const struct style *s = box->style;
	float w, h;
	replaced_size(box, f->width, f->cb_height_known, f->cb_height, &w, &h);
	float ml = style_dim_px(s->margin[SIDE_LEFT], f->width);
	float mr = style_dim_px(s->margin[SIDE_RIGHT], f->width);
	float ex = box_extra_w(box, f->width) - (s->margin[SIDE_LEFT].kind == DIM_PX ? ml : 0) -
		   (s->margin[SIDE_RIGHT].kind == DIM_PX ? mr : 0);
	float ey = box_extra_h(box, f->width) - style_dim_px(s->margin[SIDE_TOP], f->width) -
		   style_dim_px(s->margin[SIDE_BOTTOM], f->width);
	/* An image taller than the page is scaled to fit it rather than cut. */
	float page_h = f->limit - y;
	if (!box->atomic && !f->unbreakable && f->page_top && h + ey > page_h && page_h > 20) {
		w = w * (page_h - ey) / h;
		h = page_h - ey;
	}
	if (!box->atomic && !f->unbreakable && y + h + ey > f->limit + 0.01f && !f->page_top) {
		r.pushed = true;
		return r;
	}
	if (s->margin[SIDE_LEFT].kind == DIM_AUTO && s->margin[SIDE_RIGHT].kind == DIM_AUTO &&
	    f->width > w + ex)
		ml = (f->width - w - ex) / 2; /* centred */
	struct frag *fr = frag_new(lc, FRAG_BOX, box);
	fr->x = f->x + ml;
	fr->y = y;
	fr->w = w + ex;
	fr->h = h + ey;
	if (!box->image && box->alt && *box->alt && w > 4) {
		/* A missing image shows its alt text inside the placeholder. */
		PangoLayout *l = layout_keep(lc, text_make_simple_layout(lc->pango, s, box->alt, w - 4));
		struct frag *t = frag_new(lc, FRAG_MARKER, NULL);
		t->style = s;
		t->layout = l;
		t->x = fr->x + (fr->w - w) / 2 + 2;
		t->y = fr->y + (fr->h - h) / 2 + 2;
		t->layout_y = t->y;
		t->w = w - 4;
		t->h = h - 4;
		frag_append(fr, t);
	}
	r.frag = fr;
	r.bottom = y + fr->h;
	r.margin_bottom = style_dim_px(s->margin[SIDE_BOTTOM], f->width);
	return r;
}

static int line_at_index(const struct line_metrics *m, int index)
{
	int lo = 0, hi = m->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (m->start[mid] < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->start[lo] == index ? lo : -1;
}

/* Whether a layout made at width a serves for width b. Widths reached along different
 * paths (a column's left edge plus its width, less that edge) differ in their last
 * bits, and column balancing places a paragraph in one column, then another: laying
 * it out anew each time, with the old layouts kept, made a 30 KB page with nested
 * columns take 6 seconds. Pango measures in 1/1024 px, so widths that close break
 * the same. */
static bool same_width(float a, float b)
{
	return fabsf(a - b) < 0.5f / PANGO_SCALE;
}

/* The paragraph laid out at `width`, continuing at byte `offset`: the cached layout when
 * its lines break there, else a new layout of the rest (on a page of another width).
 * A replaced layout stays alive: fragments of earlier pages still show it. */
static struct lines_cache *paragraph_at(struct layout_context *lc, const struct box *box,
					float width, int offset, int *first_line)
{
	struct lines_cache *c = &lc->cache[box->lines_index];
	if (c->layout && same_width(c->width, width) && offset >= c->offset) {
		int line = line_at_index(c->metrics, offset - c->offset);
		if (line >= 0) {
			*first_line = line;
			return c;
		}
	}
	if (c->layout)
		layout_keep(lc, c->layout);
	const struct style *s = box->content->base;
	float indent = offset == 0 ? style_dim_px(s->text_indent, width) : 0;
	/* A negative indent pulls the first line out to the left: Pango's negative
	 * indent indents the other lines instead, so the layout starts further left. */
	c->x_shift = indent < 0 ? -indent : 0;
	c->sizes = atomic_sizes(lc, box->content, width);
	c->layout = text_make_layout(lc->pango, box->content, offset, width + c->x_shift, c->sizes);
	if (!c->live)
		lc->live[lc->n_live++] = box->lines_index;
	c->live = true;
	/* The pass before laid out the same paragraph the same way (a pass made again for
	 * page numbers changes a few lines of a contents list): its layout, lines and
	 * metrics are taken as they are, and nothing is shaped again. Layouts with inline
	 * boxes are made afresh: their boxes are this pass's. */
	const struct lines_cache *before = lc->prev && box->lines_index < lc->prev->n_cache
						   ? &lc->prev->cache[box->lines_index] : NULL;
	if (!c->sizes && before && before->layout && before->offset == offset && !before->sizes &&
	    text_layouts_equal(c->layout, before->layout)) {
		g_object_unref(c->layout);
		c->layout = g_object_ref(before->layout);
		c->width = width;
		c->offset = offset;
		c->metrics = before->metrics;
		*first_line = 0;
		return c;
	}
	/* The sizes and the metrics go with the layout: fragments that show it hold them. */
	if (c->sizes)
		g_object_set_data_full(G_OBJECT(c->layout), "bp-sizes", c->sizes, free);
	c->width = width;
	c->offset = offset;
	int n = pango_layout_get_line_count(c->layout);
	size_t count = (size_t)(n ? n : 1);
	struct line_metrics *lm = xmalloc(sizeof *lm + sizeof(float) * 3 * count + sizeof(int) * count);
	g_object_set_data_full(G_OBJECT(c->layout), "bp-metrics", lm, free);
	lm->n = n;
	lm->top = (float *)(lm + 1);
	lm->bottom = lm->top + n;
	lm->baseline = lm->top + 2 * n;
	lm->start = (int *)(lm->top + 3 * count);
	c->metrics = lm;
	PangoLayoutIter *it = pango_layout_get_iter(c->layout);
	int i = 0;
	do {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		lm->top[i] = (float)y0 / PANGO_SCALE;
		lm->bottom[i] = (float)y1 / PANGO_SCALE;
		lm->baseline[i] = (float)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		lm->start[i] = pango_layout_iter_get_line_readonly(it)->start_index;
		i++;
	} while (i < n && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	*first_line = 0;
	return c;
}

static void add_marker(struct layout_context *lc, struct frag *lines_frag, const struct box *li,
		       const struct lines_cache *c)
{
	PangoLayout *ml = layout_keep(lc, text_make_simple_layout(lc->pango, li->marker_style,
								  li->marker, -1));
	PangoRectangle logical;
	pango_layout_get_extents(ml, NULL, &logical);
	float w = (float)logical.width / PANGO_SCALE;
	float marker_baseline = (float)pango_layout_get_baseline(ml) / PANGO_SCALE;
	struct frag *m = frag_new(lc, FRAG_MARKER, NULL);
	m->style = li->marker_style;
	m->layout = ml;
	m->w = w;
	m->h = (float)logical.height / PANGO_SCALE;
	/* Outside the list item's content box, on the baseline of its first line. */
	m->x = lc->content_x[li->box_index] - w - li->marker_style->font_size * 0.5f;
	m->y = lines_frag->layout_y + c->metrics->baseline[0] - marker_baseline;
	m->layout_y = m->y;
	frag_append(lines_frag, m);
}

/* Every list item whose marker goes on this paragraph's first line: more than one
 * when an item starts with a nested list. */
static void add_markers(struct layout_context *lc, struct frag *fr, const struct box *lines,
			const struct lines_cache *c)
{
	for (const struct box *p = lines->parent; p; p = p->parent)
		if (p->marker_lines == lines)
			add_marker(lc, fr, p, c);
}

static struct frag *lines_frag(struct layout_context *lc, const struct box *box,
			       const struct lines_cache *c, int start, int count, float x, float y,
			       float width)
{
	const struct line_metrics *m = c->metrics;
	struct frag *fr = frag_new(lc, FRAG_LINES, box);
	float origin = m->top[start];
	fr->layout = c->layout;
	fr->lines = m;
	fr->first_line = start;
	fr->n_lines = count;
	fr->text_offset = c->offset;
	fr->x_shift = c->x_shift;
	fr->x = x;
	fr->y = y;
	fr->w = width;
	fr->h = m->bottom[start + count - 1] - origin;
	fr->layout_y = y - origin;
	fr->cut_top = c->offset + m->start[start] > 0;
	fr->cut_bottom = start + count < m->n;
	if (c->offset + m->start[start] == 0)
		add_markers(lc, fr, box, c);
	if (box->content->n_atomics)
		place_atomics(lc, fr, c);
	return fr;
}

/* The band of the line area beside the floats at page y: its left edge, its width
 * and the y where a float ends and the band changes (or a very large y). */
static float float_band(const struct flow *f, float y, float *x, float *width)
{
	float x0 = f->x, x1 = f->x + f->width, until = 1e9f;
	if (f->excl_left_bottom > y && f->excl_left > x0) {
		x0 = f->excl_left;
		until = f->excl_left_bottom;
	}
	if (f->excl_right_bottom > y && f->excl_right < x1) {
		x1 = f->excl_right;
		if (f->excl_right_bottom < until)
			until = f->excl_right_bottom;
	}
	if (x1 - x0 < 1) /* no room beside the floats: the lines go below them */
		x1 = x0 + 1;
	*x = x0;
	*width = x1 - x0;
	return until;
}

static struct placed layout_lines(struct layout_context *lc, const struct box *box,
				  const struct resume *resume, float y, const struct flow *f)
{
	struct placed r = { 0 };
	int start;
	int offset = resume ? resume->index : 0;
	struct frag *holder = NULL; /* several pieces when lines run beside floats */
	float bx, bw;
	float until = float_band(f, y, &bx, &bw);
	struct lines_cache *c;
	/* Beside floats: the lines whose tops lie in the band take its width; then the
	 * rest of the paragraph is laid out again at the next band's width. */
	while (until < 1e8f) {
		c = paragraph_at(lc, box, bw, offset, &start);
		const struct line_metrics *m = c->metrics;
		float origin = m->top[start];
		int k = 0;
		while (start + k < m->n && y + (m->top[start + k] - origin) < until &&
		       y + (m->bottom[start + k] - origin) <= f->limit + 0.01f)
			k++;
		if (k == 0) {
			if (y + (m->bottom[start] - origin) > f->limit + 0.01f && !holder) {
				if (!f->page_top) {
					r.pushed = true;
					return r;
				}
				break; /* the first line does not fit: the plain path places one */
			}
			if (y + (m->bottom[start] - origin) > f->limit + 0.01f)
				break;
			y = until; /* a line too tall for the band starts below the float */
			until = float_band(f, y, &bx, &bw);
			continue;
		}
		struct frag *piece = lines_frag(lc, box, c, start, k, bx, y, bw);
		if (!holder) {
			holder = frag_new(lc, FRAG_BOX, NULL);
			holder->x = f->x;
			holder->y = y;
			holder->w = f->width;
		}
		frag_append(holder, piece);
		y += piece->h;
		offset = c->offset + (start + k < m->n ? m->start[start + k] : (int)box->content->text.len);
		if (start + k >= m->n) {
			holder->h = y - holder->y;
			r.frag = holder;
			r.bottom = y;
			return r;
		}
		if (y + (m->bottom[start + k] - m->top[start + k]) > f->limit + 0.01f) {
			holder->h = y - holder->y;
			holder->cut_bottom = true;
			r.frag = holder;
			r.bottom = y;
			r.resume = arena_alloc(lc->page_arena, sizeof *r.resume);
			r.resume->index = offset;
			return r;
		}
		until = float_band(f, y, &bx, &bw);
	}
	c = paragraph_at(lc, box, bw, offset, &start);
	const struct line_metrics *m = c->metrics;
	int n = m->n - start;
	float origin = m->top[start];
	int fit = 0;
	while (fit < n && y + (m->bottom[start + fit] - origin) <= f->limit + 0.01f)
		fit++;
	if (fit < n) {
		const struct style *s = box->style;
		int orphans = s->orphans, widows = s->widows;
		if (n - fit < widows)
			fit = n - widows;
		if (fit < orphans || fit <= 0) {
			if (!f->page_top && !holder) {
				r.pushed = true;
				return r;
			}
			/* Nothing above on this page: place what fits, at least one line. */
			fit = 0;
			while (fit < n && y + (m->bottom[start + fit] - origin) <= f->limit + 0.01f)
				fit++;
			if (fit == 0 && !holder)
				fit = 1;
		}
	}
	struct frag *fr = fit > 0 ? lines_frag(lc, box, c, start, fit, bx, y, bw) : NULL;
	if (holder) {
		if (fr)
			frag_append(holder, fr);
		holder->h = (fr ? fr->y + fr->h : y) - holder->y;
		holder->cut_bottom = start + fit < m->n;
		fr = holder;
	}
	r.frag = fr;
	r.bottom = fr->y + fr->h;
	if (start + fit < m->n) {
		struct resume *next = arena_alloc(lc->page_arena, sizeof *next);
		next->index = c->offset + m->start[start + fit];
		r.resume = next;
	}
	return r;
}

int frag_anchor_line(const struct frag *f, int index, double *x)
{
	int local = index - f->text_offset;
	int len = (int)strlen(pango_layout_get_text(f->layout));
	if (local < 0 || local > len)
		return -1;
	int line = -1, x_pango = 0;
	pango_layout_index_to_line_x(f->layout, local, FALSE, &line, &x_pango);
	if (line < f->first_line || line >= f->first_line + f->n_lines)
		return -1;
	*x = f->x - f->x_shift + (double)x_pango / PANGO_SCALE;
	return line;
}

/* ---- blocks ---- */

static bool is_forced(enum break_value v)
{
	return v == BREAK_PAGE || v == BREAK_LEFT || v == BREAK_RIGHT;
}

static bool same_page_name(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Break values propagate: a first child's break-before is its parent's too, and a last
 * child's break-after (CSS Fragmentation 3, section 3.1). A forced value wins over
 * avoid, avoid over auto. */
static enum break_value stronger(enum break_value a, enum break_value b)
{
	if (is_forced(a))
		return a;
	if (is_forced(b))
		return b;
	return a == BREAK_AVOID || b == BREAK_AVOID ? BREAK_AVOID : BREAK_AUTO;
}

static enum break_value break_before_of(const struct box *b)
{
	enum break_value v = BREAK_AUTO;
	for (; b; b = b->type == BOX_BLOCK ? b->first_child : NULL)
		v = stronger(v, b->style->break_before);
	return v;
}

static enum break_value break_after_of(const struct box *b)
{
	enum break_value v = BREAK_AUTO;
	for (; b; b = b->type == BOX_BLOCK ? b->last_child : NULL)
		v = stronger(v, b->style->break_after);
	return v;
}

static bool break_allowed(const struct box *before, const struct box *after)
{
	return break_after_of(before) != BREAK_AVOID && break_before_of(after) != BREAK_AVOID;
}

/* A block with nothing inside and nothing around that would hold its margins apart. */
static bool is_empty_block(const struct box *b, float cb_width)
{
	const struct style *s = b->style;
	return b->type == BOX_BLOCK && !b->first_child && border_top(s) == 0 &&
	       border_of(s, SIDE_BOTTOM) == 0 && style_dim_px(s->padding[SIDE_TOP], cb_width) == 0 &&
	       style_dim_px(s->padding[SIDE_BOTTOM], cb_width) == 0 &&
	       (s->height.kind == DIM_AUTO || (s->height.kind == DIM_PX && s->height.value == 0)) &&
	       (s->min_height.kind != DIM_PX || s->min_height.value == 0);
}

/* A child placed in this fragment, kept until the fragment is done so that a break
 * can move back to an earlier sibling. */
struct placed_child {
	const struct box *box;
	struct frag *frag;
	float bottom, margin_bottom;
};

/* The children of a block container flowed down one column (or the whole content
 * box) from y until the flow's limit. */
struct children_flow {
	struct placed_child *done; /* what was placed, in order */
	size_t n_done;
	struct resume *stop;       /* where the next column or page continues; NULL when done */
	float cy;                  /* y below the last placed child */
	bool pushed;               /* nothing could be placed, and the container may move */
};

/* Places a float at the side of the flow from page y (below an earlier float on that
 * side when both do not fit), and narrows the flow's line area beside it. Returns
 * the placed float, pushed when it does not fit on the page. */
static struct placed place_float(struct layout_context *lc, const struct box *child, float y,
				 struct flow *cur)
{
	const struct style *s = child->style;
	float w;
	/* Its margin box: the content width (given, or shrunk to fit) within min-width
	 * and max-width, and what surrounds it. */
	float extras = layout_horizontal_extras(child, cur->width);
	float bp = border_of(s, SIDE_LEFT) + border_of(s, SIDE_RIGHT) +
		   style_dim_px(s->padding[SIDE_LEFT], cur->width) +
		   style_dim_px(s->padding[SIDE_RIGHT], cur->width);
	struct size_limits lim = sizing_limits(s->min_width, s->max_width, cur->width, true,
					       s->border_box, bp);
	float cw;
	if (child->type == BOX_TABLE && style_dim_is_length(s->width)) {
		w = style_dim_px(s->width, cur->width) + extras;
	} else if (child->type != BOX_TABLE &&
		   sizing_definite(s->width, cur->width, true, s->border_box, bp, &cw)) {
		w = sizing_clamp(cw, lim) + extras;
	} else {
		float mn, mx;
		layout_intrinsic_widths(lc, child, &mn, &mx);
		w = mx < cur->width ? mx : cur->width;
		if (w < mn)
			w = mn;
		if (child->type != BOX_TABLE && child->type != BOX_REPLACED)
			w = sizing_clamp(w - extras, lim) + extras;
	}
	bool left = s->float_side == FLOAT_LEFT;
	float edge_bottom = left ? cur->excl_left_bottom : cur->excl_right_bottom;
	float room = left ? cur->x + cur->width - (edge_bottom > y ? cur->excl_left : cur->x)
			  : (edge_bottom > y ? cur->excl_right : cur->x + cur->width) - cur->x;
	if (edge_bottom > y && room < w)
		y = edge_bottom; /* no room beside the earlier float: below it */
	float x = left ? (cur->excl_left_bottom > y ? cur->excl_left : cur->x)
		       : (cur->excl_right_bottom > y ? cur->excl_right : cur->x + cur->width) - w;
	/* A float with a width of its own resolves it (and percentages) against the
	 * containing block; one without is shrunk to fit its content. */
	/* Percentages inside resolve against the containing block; a float with no width
	 * of its own takes the one it shrank to. Tables and images size themselves. */
	bool sized = style_dim_is_length(s->width);
	bool fits = !sized && child->type != BOX_TABLE && child->type != BOX_REPLACED;
	struct flow ff = { .x = x, .width = sized || fits ? cur->width : w, .limit = 1e9f,
			   .page_top = true, .page_name = cur->page_name, .unbreakable = true,
			   .fit_width = fits ? w : 0 };
	float mt = style_dim_px(s->margin[SIDE_TOP], cur->width);
	float mb = style_dim_px(s->margin[SIDE_BOTTOM], cur->width);
	struct placed p = layout_box_at(lc, child, NULL, y + mt, &ff);
	if (!p.frag)
		return p;
	float bottom = p.frag->y + p.frag->h + mb;
	if (bottom > cur->limit + 0.01f && !cur->page_top) {
		struct placed pushed = { .pushed = true };
		return pushed;
	}
	if (left) {
		cur->excl_left = x + w;
		if (bottom > cur->excl_left_bottom)
			cur->excl_left_bottom = bottom;
	} else {
		cur->excl_right = x;
		if (bottom > cur->excl_right_bottom)
			cur->excl_right_bottom = bottom;
	}
	p.bottom = bottom;
	return p;
}

/* resume: where this flow continues (NULL: from the first child); continued: the
 * flow starts after a break (margins there are truncated); top_adjoins: the first
 * child's top margin was already given by the ancestors. */
static struct children_flow flow_children(struct layout_context *lc, const struct box *box,
					  const struct resume *resume, float y,
					  const struct flow *inner, bool continued, bool top_adjoins)
{
	struct children_flow out = { 0 };
	const struct box *child = resume ? resume->child : box->first_child;
	const struct resume *child_resume = resume ? resume->inner : NULL;
	size_t cap_done = 0;
	struct margins prev = { 0, 0 };
	bool first = true;
	float cy = y;
	float cw = inner->width;
	struct flow cur = *inner; /* narrowed by the floats placed so far */
	float floats_bottom = y;

	for (; child; child = child->next, child_resume = NULL, first = false) {
		const struct box *before = out.n_done ? out.done[out.n_done - 1].box : NULL;
		bool other_page = !same_page_name(child->page_name, inner->page_name);
		enum break_value forced = before ? stronger(break_before_of(child),
							    break_after_of(before)) : BREAK_AUTO;
		bool column_break = inner->in_columns && forced == BREAK_COLUMN;
		if (before && !inner->unbreakable && (is_forced(forced) || other_page || column_break)) {
			out.stop = arena_alloc(lc->page_arena, sizeof *out.stop);
			out.stop->child = child;
			/* left and right ask for a page of that side */
			out.stop->forced = column_break ? BREAK_COLUMN
					   : is_forced(forced) ? forced : BREAK_PAGE;
			break;
		}
		const struct style *cs = child->style;
		if (cs->float_side != FLOAT_NONE && !child_resume) {
			cur.page_top = inner->page_top && out.n_done == 0;
			struct placed p = place_float(lc, child, cy + margins_value(&prev), &cur);
			if (p.pushed && out.n_done > 0) {
				/* Like any child that does not fit: break before it, or earlier
				 * where the break rules allow (a heading goes with its float). */
				size_t at = out.n_done;
				while (at > 0 && !break_allowed(out.done[at - 1].box,
								at < out.n_done ? out.done[at].box : child))
					at--;
				if (at == 0 && !inner->page_top) {
					out.pushed = true;
					break;
				}
				if (at == 0)
					at = out.n_done;
				out.stop = arena_alloc(lc->page_arena, sizeof *out.stop);
				out.stop->child = at < out.n_done ? out.done[at].box : child;
				out.n_done = at;
				cy = at ? out.done[at - 1].bottom : y;
				break;
			}
			if (p.frag) {
				ARENA_GROW(lc->page_arena, out.done, out.n_done, cap_done);
				out.done[out.n_done++] = (struct placed_child){ child, p.frag, cy, margins_value(&prev) };
				if (p.bottom > floats_bottom)
					floats_bottom = p.bottom;
			}
			continue;
		}
		/* clear: below the floats on the side it names. */
		float clear_to = 0;
		if ((cs->clear == CLEAR_LEFT || cs->clear == CLEAR_BOTH) && cur.excl_left_bottom > cy)
			clear_to = cur.excl_left_bottom;
		if ((cs->clear == CLEAR_RIGHT || cs->clear == CLEAR_BOTH) && cur.excl_right_bottom > clear_to)
			clear_to = cur.excl_right_bottom;
		if (clear_to > cy) {
			cy = clear_to;
			prev = (struct margins){ 0, 0 };
		}
		float margin;
		bool top_given = child_resume || (first && (continued || top_adjoins));
		if (first && !child_resume && resume && resume->forced != BREAK_AUTO) {
			/* After a forced break the margin is kept (CSS Fragmentation 3, 5.2). */
			margin = layout_top_margin(child, cw);
		} else if (top_given) {
			margin = 0; /* truncated at the break, or already given by the ancestors */
		} else {
			struct margins m = prev;
			margins_add(&m, layout_top_margin(child, cw));
			margin = margins_value(&m);
		}
		struct flow cf = cur;
		cf.page_top = inner->page_top && out.n_done == 0;
		/* A margin taller than what is left of an empty page is cut, or nothing
		 * would ever fit below it. */
		if (cf.page_top && cy + margin >= inner->limit)
			margin = 0;
		struct placed p = layout_box_at(lc, child, child_resume, cy + margin, &cf);
		if (p.pushed) {
			if (out.n_done == 0) {
				out.pushed = true;
				break;
			}
			/* Break before this child, or earlier where the break rules allow. */
			size_t at = out.n_done;
			while (at > 0 && !break_allowed(out.done[at - 1].box,
							at < out.n_done ? out.done[at].box : child))
				at--;
			if (at == 0) {
				if (!inner->page_top) {
					out.pushed = true;
					break;
				}
				at = out.n_done; /* the rules cannot all be kept: break here anyway */
			}
			out.stop = arena_alloc(lc->page_arena, sizeof *out.stop);
			out.stop->child = at < out.n_done ? out.done[at].box : child;
			out.n_done = at;
			cy = at ? out.done[at - 1].bottom : y;
			break;
		}
		ARENA_GROW(lc->page_arena, out.done, out.n_done, cap_done);
		if (is_empty_block(child, cw) && !p.resume) {
			/* Its top and bottom margins adjoin: they collapse with the siblings'
			 * and it takes no room (CSS 2.1, 8.3.1). */
			if (!top_given)
				margins_add(&prev, layout_top_margin(child, cw));
			margins_add(&prev, p.margin_bottom);
			out.done[out.n_done++] = (struct placed_child){ child, p.frag, cy, margins_value(&prev) };
			continue;
		}
		out.done[out.n_done++] = (struct placed_child){ child, p.frag, p.bottom, p.margin_bottom };
		cy = p.bottom;
		prev = (struct margins){ 0, 0 };
		margins_add(&prev, p.margin_bottom);
		if (p.resume) {
			out.stop = arena_alloc(lc->page_arena, sizeof *out.stop);
			out.stop->child = child;
			out.stop->inner = p.resume;
			break;
		}
	}
	/* The box holds its floats: what follows starts below them. */
	out.cy = !out.stop && floats_bottom > cy ? floats_bottom : cy;
	return out;
}

static struct children_flow flow_columns(struct layout_context *lc, const struct box *box,
					 const struct resume *resume, float y,
					 const struct flow *inner, bool continued, bool top_adjoins,
					 struct frag *fr);

/* Multi-column boxes nest at most this deep; deeper ones are laid out as one column.
 * Balancing lays the content out again for each height it tries (up to 25 times),
 * and a box inside columns is balanced again within every try: 16 levels of two
 * columns took a minute and 24 GB for 50 short paragraphs, 3 levels 1.5 GB for
 * 200 KB of text; 2 levels, 0.4 GB. */
enum { COLUMNS_MAX_DEPTH = 2 };

/* Whether box, which asks for columns, has COLUMNS_MAX_DEPTH multi-column boxes
 * around it already (warned once a layout). */
static bool columns_too_deep(struct layout_context *lc, const struct box *box)
{
	int depth = 0;
	for (const struct box *p = box->parent; p && depth < COLUMNS_MAX_DEPTH; p = p->parent)
		if (p->type == BOX_BLOCK && p->style && p->style->column_count > 1)
			depth++;
	if (depth < COLUMNS_MAX_DEPTH)
		return false;
	if (!lc->warned_columns)
		diag(lc->diag, DIAG_WARNING, lc->source_name, 0, 0,
		     "multi-column boxes nested more than %d deep are laid out as one column",
		     COLUMNS_MAX_DEPTH);
	lc->warned_columns = true;
	return true;
}

static struct placed layout_block(struct layout_context *lc, const struct box *box,
				  const struct resume *resume, float y, const struct flow *f)
{
	struct placed r = { 0 };
	const struct style *s = box->style;
	float ml, cw;
	block_width(box, f->width, f->fit_width, &ml, &cw);
	float pt = style_dim_px(s->padding[SIDE_TOP], f->width);
	float pb = style_dim_px(s->padding[SIDE_BOTTOM], f->width);
	float pl = style_dim_px(s->padding[SIDE_LEFT], f->width);
	float bt = border_of(s, SIDE_TOP), bb = border_of(s, SIDE_BOTTOM);
	float bl = border_of(s, SIDE_LEFT), br = border_of(s, SIDE_RIGHT);
	float pr = style_dim_px(s->padding[SIDE_RIGHT], f->width);

	struct frag *fr = frag_new(lc, FRAG_BOX, box);
	fr->x = f->x + ml;
	fr->y = y;
	fr->w = bl + pl + cw + pr + br;
	lc->content_x[box->box_index] = fr->x + bl + pl;
	fr->cut_top = resume != NULL;
	bool top_adjoins = !fr->cut_top && bt == 0 && pt == 0 && box->type != BOX_CELL;
	float top = y + (fr->cut_top ? 0 : bt + pt);

	/* Pushing a first child would push this box's own border with it: nothing gained.
	 * The bottom padding and border must fit on the page where the box ends. */
	struct flow inner = *f;
	inner.x = fr->x + bl + pl;
	inner.width = cw;
	inner.limit = f->limit - pb - bb;
	inner.in_columns = f->in_columns;
	inner.fit_width = 0;
	/* The height, when definite, is what percentages inside resolve against (CSS 2.1
	 * 10.5): a length, or a percentage of a definite containing block height. */
	float bv = bt + pt + pb + bb;
	float own_h = 0;
	bool own_known = box->type == BOX_CELL
			 ? f->cell_sized && (own_h = f->cell_height, true)
			 : sizing_definite(s->height, f->cb_height, f->cb_height_known, s->border_box,
					   bv, &own_h);
	struct size_limits vl = sizing_limits(s->min_height, s->max_height, f->cb_height,
					      f->cb_height_known, s->border_box, bv);
	if (own_known)
		own_h = sizing_clamp(own_h, vl);
	inner.cb_height_known = own_known;
	inner.cb_height = own_h;
	bool columns = s->column_count > 1 && !f->unbreakable && box->type == BOX_BLOCK &&
		       !columns_too_deep(lc, box);
	struct children_flow kids = columns
		? flow_columns(lc, box, resume, top, &inner, fr->cut_top, top_adjoins, fr)
		: flow_children(lc, box, resume, top, &inner, fr->cut_top, top_adjoins);
	struct resume *stop = kids.stop;
	size_t n_done = kids.n_done;
	const struct placed_child *done = kids.done;
	if (kids.pushed || (stop && s->break_inside == BREAK_AVOID && !f->page_top)) {
		r.pushed = true; /* nothing fit, or the box may not break: it moves whole */
		return r;
	}
	if (!columns)
		for (size_t i = 0; i < n_done; i++)
			frag_append(fr, done[i].frag);
	float content_bottom = columns ? kids.cy : n_done ? done[n_done - 1].bottom : top;
	bool holds_floats = !columns && kids.cy > content_bottom + 0.01f;
	if (holds_floats)
		content_bottom = kids.cy; /* a float reaches below the last child */
	bool bottom_adjoins = !stop && bb == 0 && pb == 0 && !own_known &&
			      box->type != BOX_CELL && !columns && !holds_floats;
	struct margins own = { 0, 0 };
	margins_add(&own, style_dim_px(s->margin[SIDE_BOTTOM], f->width));
	if (bottom_adjoins && n_done)
		margins_add(&own, done[n_done - 1].margin_bottom);
	else if (n_done && !columns && !holds_floats)
		content_bottom += done[n_done - 1].margin_bottom > 0 ? done[n_done - 1].margin_bottom : 0;
	float content_h = content_bottom - top;
	if (!stop && !resume) {
		float natural = content_h;
		/* A definite height is kept whatever the content (which overflows it, as in
		 * a browser); auto is the content's; then max-height, then min-height. */
		content_h = sizing_clamp(own_known ? own_h : content_h, vl);
		/* A cell's height is a minimum: its row grows to hold the content. */
		float cell_h;
		if (box->type == BOX_CELL &&
		    sizing_definite(s->height, f->cb_height, f->cb_height_known, s->border_box, bv, &cell_h) &&
		    content_h < cell_h)
			content_h = cell_h;
		/* A height asked for beyond the page stops at its foot: what would not fit
		 * is empty space, and running into the page margin would cover it. */
		float room = f->limit - pb - bb - top;
		if (!f->unbreakable && content_h > natural && content_h > room)
			content_h = room > natural ? room : natural;
	}
	fr->cut_bottom = stop != NULL;
	fr->h = (fr->cut_top ? 0 : bt + pt) + content_h + (fr->cut_bottom ? 0 : pb + bb);
	r.frag = fr;
	r.bottom = y + fr->h;
	r.margin_bottom = stop ? 0 : margins_value(&own);
	r.resume = stop;
	return r;
}

/* ---- columns ---- */

/* Flows the children into column-count columns of equal width. Columns are
 * balanced: the shortest height that holds all the content (or what is left of the
 * page, when it does not fit) is found by trying heights from the content's height
 * divided by the count. The placed children's fragments go straight into fr. */
static struct children_flow flow_columns(struct layout_context *lc, const struct box *box,
					 const struct resume *resume, float y,
					 const struct flow *inner, bool continued, bool top_adjoins,
					 struct frag *fr)
{
	const struct style *s = box->style;
	int n = s->column_count > 64 ? 64 : s->column_count;
	float gap = s->column_gap;
	float colw = (inner->width - gap * (float)(n - 1)) / (float)n;
	if (colw < 1)
		colw = 1;
	struct flow col = *inner;
	col.width = colw;
	col.in_columns = true;

	/* The content's height in one column: the total to share. It is measured only as
	 * far as the columns on this page could hold (measuring all the rest of a long
	 * text again on every page made long columns quadratic: 1 MB of paragraphs took
	 * 8 s and 2.9 GB); content that goes on beyond fills the columns to the foot. */
	float room = inner->limit - y;
	struct flow tall = col;
	tall.limit = y + room * (float)n;
	tall.unbreakable = false;
	struct children_flow all = flow_children(lc, box, resume, y, &tall, continued, top_adjoins);
	bool beyond = all.pushed || (all.stop && !is_forced(all.stop->forced));
	float total = all.cy - y;
	float h = beyond ? room : total / (float)n;
	if (h > room)
		h = room;
	struct children_flow out = { 0 };
	for (int attempt = 0; attempt < 24; attempt++) {
		struct frag holder = { 0 };
		const struct resume *at = resume;
		float bottom = y;
		bool cont = continued;
		struct children_flow last = { 0 };
		int c;
		for (c = 0; c < n; c++) {
			col.x = inner->x + (float)c * (colw + gap);
			col.limit = y + h;
			col.page_top = inner->page_top || c > 0; /* a column must take something */
			last = flow_children(lc, box, at, y, &col, cont, top_adjoins && c == 0);
			if (last.pushed && c == 0)
				break;
			for (size_t i = 0; i < last.n_done; i++)
				frag_append(&holder, last.done[i].frag);
			if (last.cy > bottom)
				bottom = last.cy;
			if (!last.stop || is_forced(last.stop->forced))
				break;
			at = last.stop;
			cont = last.stop->forced == BREAK_AUTO;
		}
		bool done = !last.stop || (last.stop && is_forced(last.stop->forced));
		/* More height while the content overflows the columns and the page has room. */
		if (!done && h < room - 0.01f && !(last.pushed && c == 0)) {
			float more = (total - (bottom - y)) / (float)n;
			h += more > 4 ? more : 4;
			if (h > room)
				h = room;
			continue;
		}
		out = last;
		out.pushed = last.pushed && c == 0;
		out.cy = bottom;
		out.n_done = 0;
		for (struct frag *f2 = holder.first_child, *next; f2; f2 = next) {
			next = f2->next;
			frag_append(fr, f2);
			out.n_done++;
		}
		break;
	}
	fr->columns = n;
	fr->column_gap = gap;
	fr->column_height = out.cy - y;
	return out;
}

struct placed layout_box_at(struct layout_context *lc, const struct box *box,
			    const struct resume *resume, float y, const struct flow *flow)
{
	switch (box->type) {
	case BOX_LINES:
		return layout_lines(lc, box, resume, y, flow);
	case BOX_TABLE:
		return table_layout(lc, box, resume, y, flow);
	case BOX_REPLACED:
		return layout_replaced(lc, box, y, flow);
	default:
		return layout_block(lc, box, resume, y, flow);
	}
}

/* ---- intrinsic widths ---- */

static float layout_width_of(PangoLayout *layout)
{
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	return (float)logical.width / PANGO_SCALE;
}

/* The narrowest a paragraph laid out on one line (per hard line) can be without
 * breaking a word: its widest run of text between two break opportunities, trailing
 * white space left out, from the glyph widths of the layout already made. -1 where
 * that is not how Pango would break it (right-to-left text, soft hyphens, which add
 * a hyphen where they break). Measuring this way saves shaping the text again. */
static float narrowest_width(PangoLayout *l)
{
	const char *text = pango_layout_get_text(l);
	if (strstr(text, "\xc2\xad"))
		return -1;
	int n_attrs = 0;
	const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(l, &n_attrs);
	int n_chars = n_attrs - 1;
	if (n_chars <= 0)
		return 0;
	int *widths = xcalloc((size_t)n_chars, sizeof *widths);
	int *run_widths = NULL;
	size_t run_cap = 0;
	float result = 0;
	for (GSList *ln = pango_layout_get_lines_readonly(l); ln; ln = ln->next) {
		for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;
			if (run->item->analysis.level % 2) {
				result = -1;
				goto out;
			}
			int nc = run->item->num_chars;
			if ((size_t)nc > run_cap) {
				run_cap = (size_t)nc * 2;
				run_widths = xrealloc(run_widths, run_cap * sizeof *run_widths);
			}
			pango_glyph_item_get_logical_widths(run, text, run_widths);
			long first = g_utf8_pointer_to_offset(text, text + run->item->offset);
			for (int k = 0; k < nc && first + k < n_chars; k++)
				widths[first + k] = run_widths[k];
		}
	}
	long seg = 0, seg_shown = 0, widest = 0;
	for (int i = 0; i < n_chars; i++) {
		if (i > 0 && attrs[i].is_line_break) {
			if (seg_shown > widest)
				widest = seg_shown;
			seg = seg_shown = 0;
		}
		seg += widths[i];
		if (!attrs[i].is_white)
			seg_shown = seg;
	}
	if (seg_shown > widest)
		widest = seg_shown;
	result = (float)widest / PANGO_SCALE;
out:
	free(widths);
	free(run_widths);
	return result;
}

void layout_intrinsic_widths(struct layout_context *lc, const struct box *box, float *min,
			     float *max)
{
	float lo = 0, hi = 0;
	if (box->type == BOX_LINES) {
		/* The layout takes the sizes into its attributes; they are not needed after. */
		struct atomic_size *sizes = atomic_sizes(lc, box->content, 0);
		PangoLayout *l = text_make_layout(lc->pango, box->content, 0, -1, sizes);
		free(sizes);
		hi = layout_width_of(l);
		/* Narrowest: every word on its own line; words are never broken for it. */
		enum white_space ws = box->content->base->white_space;
		const struct style *base = box->content->base;
		if (ws == WS_NOWRAP || ws == WS_PRE) {
			lo = hi;
		} else if (base->overflow_wrap == OWRAP_ANYWHERE ||
			   base->word_break == WBREAK_BREAK_ALL) {
			/* Any character may end a line: the widest is the narrowest width. */
			pango_layout_set_wrap(l, PANGO_WRAP_CHAR);
			pango_layout_set_width(l, 1);
			lo = layout_width_of(l);
		} else {
			lo = narrowest_width(l);
			if (lo < 0) {
				pango_layout_set_wrap(l, PANGO_WRAP_WORD);
				pango_layout_set_width(l, 1);
				lo = layout_width_of(l);
			}
		}
		g_object_unref(l);
		/* Pango units round: a line laid out at exactly its measured width can
		 * break its last character off. A pixel to spare avoids it. */
		lo = ceilf(lo) + 1;
		hi = ceilf(hi) + 1;
	} else if (box->type == BOX_TABLE) {
		table_intrinsic_widths(lc, box, &lo, &hi);
	} else if (box->type == BOX_REPLACED) {
		float w, h;
		replaced_size(box, 0, false, 0, &w, &h);
		lo = hi = w;
	} else {
		for (const struct box *c = box->first_child; c; c = c->next) {
			float cmin, cmax;
			layout_intrinsic_widths(lc, c, &cmin, &cmax);
			if (cmin > lo)
				lo = cmin;
			if (cmax > hi)
				hi = cmax;
		}
		const struct style *s = box->style;
		float extra = layout_horizontal_extras(box, 0);
		if (s->width.kind == DIM_PX && box->type != BOX_CELL) {
			lo = hi = layout_outer_width(box, s->width.value, 0) - extra;
		} else if (box->type != BOX_CELL) {
			/* min-width and max-width in lengths bound what the content asks for. */
			float bp = border_of(s, SIDE_LEFT) + border_of(s, SIDE_RIGHT) +
				   style_dim_px(s->padding[SIDE_LEFT], 0) +
				   style_dim_px(s->padding[SIDE_RIGHT], 0);
			struct size_limits lim = sizing_limits(s->min_width, s->max_width, 0, false,
							       s->border_box, bp);
			lo = sizing_clamp(lo, lim);
			hi = sizing_clamp(hi, lim);
		}
	}
	if (box->type != BOX_LINES && box->type != BOX_TABLE) {
		float extra = layout_horizontal_extras(box, 0);
		lo += extra;
		hi += extra;
	}
	*min = lo;
	*max = hi > lo ? hi : lo;
}

/* ---- context ---- */

struct layout_context *layout_context_new(struct arena *a, struct stylesheet_set *sheets,
					  struct diag_sink *diag, const char *source_name,
					  PangoFontMap *fontmap)
{
	struct layout_context *lc = arena_alloc(a, sizeof *lc);
	lc->arena = a;
	lc->sheets = sheets;
	lc->diag = diag;
	lc->source_name = source_name;
	lc->fontmap = g_object_ref(fontmap);
	lc->pango = pango_font_map_create_context(lc->fontmap);
	cairo_font_options_t *fo = cairo_font_options_create();
	/* Unhinted metrics: positions scale exactly from layout to the PDF. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(lc->pango, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(lc->pango, 96);
	pango_context_set_round_glyph_positions(lc->pango, FALSE);
	return lc;
}

PangoContext *layout_pango_context(struct layout_context *lc)
{
	return lc->pango;
}

void layout_context_reuse(struct layout_context *lc, const struct layout_context *prev)
{
	lc->prev = prev;
}

void layout_context_free(struct layout_context *lc)
{
	if (!lc)
		return;
	for (int i = 0; i < lc->n_cache; i++)
		if (lc->cache[i].layout)
			g_object_unref(lc->cache[i].layout);
	free(lc->cache);
	free(lc->live);
	for (size_t i = 0; i < lc->n_extra; i++)
		g_object_unref(lc->extra[i]);
	g_object_unref(lc->pango);
	g_object_unref(lc->fontmap);
}
