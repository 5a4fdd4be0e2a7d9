/* Pagination: the page loop, running strings from string-set, margin boxes with
 * page counters, and the --dump=pages text. */
#include "layout/flow.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PAGES = 100000 }; /* a document longer than this is refused, not printed */

/* Running strings (string-set): the value in force after the pages laid out so far. */
struct running_string {
	const char *name;
	const char *value;
	struct running_string *next;
};

struct paginator {
	struct layout_context *lc;
	struct box_tree *tree;
	const struct resume *resume; /* where the next page starts; NULL before the first */
	struct page *holder;         /* the page whose arena holds `resume` */
	int number;                  /* pages made so far */
	int unreleased;              /* pages handed out and not released */
	bool started, done, failed;
	bool blank_given;            /* the blank page before the next one is made */
	bool keep_layouts;           /* releasing pages keeps the paragraph layouts */
	const char *group_name;      /* the named page of the page group so far */
	int group_number;            /* pages in that group so far */
	struct running_string *running;
};

/* Walks a page's fragments in document order, noting the first and last value each
 * string gets on the page, and the value in force after it. `first` stays true while
 * nothing has been passed that is not at the top of the page. */
static void collect_strings(struct paginator *pg, struct page *page, const struct frag *f,
			    bool *first)
{
	for (; f; f = f->next) {
		if (f->box && !f->cut_top) {
			for (const struct counter_op *op = f->box->string_set_values; op; op = op->next) {
				struct page_string *ps = page->strings;
				while (ps && strcmp(ps->name, op->name) != 0)
					ps = ps->next;
				if (!ps) {
					ps = arena_alloc(page->arena, sizeof *ps);
					ps->name = op->name;
					ps->next = page->strings;
					page->strings = ps;
				}
				if (!ps->first) {
					ps->first = op->content->text;
					ps->at_start = *first;
				}
				ps->last = op->content->text;
				struct running_string *r = pg->running;
				while (r && strcmp(r->name, op->name) != 0)
					r = r->next;
				if (!r) {
					r = arena_alloc(pg->lc->arena, sizeof *r);
					r->name = op->name;
					r->next = pg->running;
					pg->running = r;
				}
				r->value = op->content->text;
			}
		}
		/* Content (lines, or a box that is not merely the start of its parent) ends
		 * the top of the page. */
		if (f->kind == FRAG_LINES || (f->kind == FRAG_BOX && !f->first_child))
			*first = false;
		collect_strings(pg, page, f->first_child, first);
		*first = false;
	}
}

/* The values string() shows on a page: those in force when it starts, then those set
 * on it. */
static void page_strings(struct paginator *pg, struct page *page)
{
	for (const struct running_string *r = pg->running; r; r = r->next) {
		struct page_string *ps = arena_alloc(page->arena, sizeof *ps);
		ps->name = r->name;
		ps->entry = r->value;
		ps->next = page->strings;
		page->strings = ps;
	}
	bool first = true;
	collect_strings(pg, page, page->root, &first);
}

/* string(name, which) on a page (css-gcpm-3, 1.1.2). */
static const char *string_value(const struct page_string *s, int which)
{
	switch (which) {
	case STRING_START: return s->first && s->at_start ? s->first : s->entry;
	case STRING_LAST: return s->last ? s->last : s->entry;
	case STRING_FIRST_EXCEPT: return s->first ? NULL : s->entry;
	default: return s->first ? s->first : s->entry;
	}
}

static void format_page_counter(int value, enum list_style_type type, struct buf *out)
{
	char text[64];
	box_marker_text(value, type, text, sizeof text);
	size_t n = strlen(text);
	if (n && text[n - 1] == '.')
		text[n - 1] = '\0'; /* the marker's dot is not part of a counter */
	buf_puts(out, text);
}

static char *margin_text(struct layout_context *lc, const struct content_item *item,
			 const struct page *page, int total)
{
	struct buf b = { 0 };
	for (; item; item = item->next) {
		switch (item->kind) {
		case CONTENT_STRING:
			buf_puts(&b, item->text);
			break;
		case CONTENT_COUNTER:
			if (strcmp(item->name, "page") == 0)
				format_page_counter(page->number, item->counter_style, &b);
			else if (strcmp(item->name, "pages") == 0)
				format_page_counter(total, item->counter_style, &b);
			break;
		case CONTENT_STRING_REF:
			for (const struct page_string *s = page->strings; s; s = s->next)
				if (strcmp(s->name, item->name) == 0) {
					const char *v = string_value(s, item->which);
					if (v)
						buf_puts(&b, v);
					break;
				}
			break;
		default:
			break;
		}
	}
	char *text = arena_strdup(lc->page_arena, b.data ? b.data : "");
	buf_free(&b);
	return text;
}

bool page_shows_total(const struct page *page)
{
	for (int which = 0; which < MB_COUNT; which++) {
		const struct style *s = page->ps.margin_boxes[which];
		for (const struct content_item *item = s ? s->content : NULL; item; item = item->next)
			if (item->kind == CONTENT_COUNTER && strcmp(item->name, "pages") == 0)
				return true;
	}
	return false;
}

/* Shares `avail` between two boxes from their outer min- and max-content sizes, as
 * css-page-3 (5.3.2) distributes the space of a side: in proportion to the max-content
 * sizes when both fit, to the min-content sizes when even those do not, else each
 * gets its min-content size and the rest in proportion to max minus min. */
static void share_two(float avail, const float min[2], const float max[2], float out[2])
{
	float sum_max = max[0] + max[1], sum_min = min[0] + min[1];
	if (sum_max <= avail || sum_min >= avail) {
		const float *basis = sum_max <= avail ? max : min;
		float sum = basis[0] + basis[1];
		out[0] = sum > 0 ? avail * basis[0] / sum : avail / 2;
	} else {
		float flex0 = max[0] - min[0], flex = sum_max - sum_min;
		out[0] = min[0] + (avail - sum_min) * (flex > 0 ? flex0 / flex : 0.5f);
	}
	out[1] = avail - out[0];
}

/* One margin box along its side, for sharing the side (css-page-3, 5.3.2): its outer
 * min- and max-content sizes (its min-/max- sizes applied), or its outer size when
 * `width` (`height` down a side) is given. */
struct side_box {
	bool present; /* generated: content other than none */
	bool fixed;   /* its size along the side is given */
	float min, max; /* outer min- and max-content sizes; both the outer size when fixed */
	float edges;    /* margins, borders and padding along the side */
	float lo, hi;   /* min- and max- size of the content box (hi: FLT_MAX for none) */
};

/* An outer size for a box whose size follows from the others, its min- and max- sizes
 * applied. */
static float side_clamp(const struct side_box *b, float outer)
{
	float inner = outer - b->edges;
	if (inner > b->hi)
		inner = b->hi;
	if (inner < b->lo)
		inner = b->lo;
	return inner + b->edges;
}

/* Sizes of the three boxes along a side (first, centre, last), css-page-3 5.3.2, as
 * Chromium draws them. A given size is kept (boxes that overlap then overlap). With a
 * centre box whose size is not given, it is sized against an imaginary box twice as
 * large as the larger of the other two (filling what they leave when both are given),
 * and the first and last boxes, when not given, each get half of what it leaves; it
 * stays centred. Without a centre box, two boxes of no given size share the side and
 * one of no given size takes what the other leaves. */
static void side_sizes(const struct side_box b[3], float avail, float out[3])
{
	float two[2];
	out[1] = 0;
	if (b[1].present) {
		if (b[1].fixed) {
			out[1] = b[1].max;
		} else if (b[0].fixed && b[2].fixed) {
			out[1] = side_clamp(&b[1], avail - 2 * (b[0].max > b[2].max ? b[0].max : b[2].max));
		} else {
			float m[2] = { b[1].min, 2 * (b[0].min > b[2].min ? b[0].min : b[2].min) };
			float x[2] = { b[1].max, 2 * (b[0].max > b[2].max ? b[0].max : b[2].max) };
			share_two(avail, m, x, two);
			out[1] = two[0];
		}
		if (out[1] < 0)
			out[1] = 0;
		float half = (avail - out[1]) / 2;
		out[0] = b[0].fixed ? b[0].max : side_clamp(&b[0], half);
		out[2] = b[2].fixed ? b[2].max : side_clamp(&b[2], half);
	} else if (b[0].fixed || b[2].fixed) {
		out[0] = b[0].fixed ? b[0].max : side_clamp(&b[0], avail - b[2].max);
		out[2] = b[2].fixed ? b[2].max : side_clamp(&b[2], avail - b[0].max);
	} else {
		float m[2] = { b[0].min, b[2].min }, x[2] = { b[0].max, b[2].max };
		share_two(avail, m, x, two);
		out[0] = two[0];
		out[2] = two[1];
	}
	for (int i = 0; i < 3; i++)
		if (out[i] < 0)
			out[i] = 0;
}

/* Which side a margin box is on (0 top, 1 bottom, 2 left, 3 right) and its slot
 * there: 1-3 along the side, 0 and 4 the corners of the top and bottom rows. */
static void margin_box_place(int which, int *side, int *slot)
{
	if (which <= MB_TOP_RIGHT_CORNER)
		*side = 0, *slot = which;
	else if (which <= MB_BOTTOM_RIGHT_CORNER)
		*side = 1, *slot = which - MB_BOTTOM_LEFT_CORNER;
	else if (which <= MB_LEFT_BOTTOM)
		*side = 2, *slot = which - MB_LEFT_TOP + 1;
	else
		*side = 3, *slot = which - MB_RIGHT_TOP + 1;
}

/* A margin box's margin, border and padding on one side, px. */
static float box_edge(const struct style *s, int side, float base, bool with_margin)
{
	float e = style_dim_px(s->padding[side], base);
	if (s->border_style[side] != BORDER_NONE)
		e += s->border_width[side];
	if (with_margin && s->margin[side].kind == DIM_PX)
		e += s->margin[side].value;
	return e;
}

/* A margin box's content size from a given `width` or `height` (the border box's
 * under box-sizing: border-box), within its min- and max- sizes; -1 when auto. */
static float given_size(const struct style *s, bool across_row, float base)
{
	struct dim d = across_row ? s->width : s->height;
	if (!style_dim_is_length(d))
		return -1;
	int a = across_row ? SIDE_LEFT : SIDE_TOP, b = across_row ? SIDE_RIGHT : SIDE_BOTTOM;
	float v = style_dim_px(d, base);
	if (s->border_box)
		v -= box_edge(s, a, base, false) + box_edge(s, b, base, false);
	return v < 0 ? 0 : v;
}

/* A margin box's min- and max- sizes of its content box (hi: FLT_MAX for none). */
static void size_limits(const struct style *s, bool across_row, float base, float *lo, float *hi)
{
	struct dim mn = across_row ? s->min_width : s->min_height;
	struct dim mx = across_row ? s->max_width : s->max_height;
	int a = across_row ? SIDE_LEFT : SIDE_TOP, b = across_row ? SIDE_RIGHT : SIDE_BOTTOM;
	float pb = s->border_box ? box_edge(s, a, base, false) + box_edge(s, b, base, false) : 0;
	*lo = style_dim_is_length(mn) ? style_dim_px(mn, base) - pb : 0;
	*hi = style_dim_is_length(mx) ? style_dim_px(mx, base) - pb : FLT_MAX;
	if (*lo < 0)
		*lo = 0;
	if (*hi < *lo)
		*hi = *lo;
}

/* A margin box's outer size across its side (its height in the top and bottom rows,
 * its width down the left and right sides; both for a corner box): the page margin,
 * or less when `height` (`width`) or a max- size says so, or more for a min- size
 * (css-page-3 5.3.1). */
static float across_size(const struct style *s, bool height, float margin, bool *given)
{
	int a = height ? SIDE_TOP : SIDE_LEFT, b = height ? SIDE_BOTTOM : SIDE_RIGHT;
	float edges = box_edge(s, a, margin, true) + box_edge(s, b, margin, true);
	float lo, hi;
	size_limits(s, !height, margin, &lo, &hi);
	float inner = given_size(s, !height, margin);
	*given = inner >= 0;
	if (inner < 0)
		inner = margin - edges;
	float clamped = inner > hi ? hi : inner < lo ? lo : inner;
	if (clamped != inner)
		*given = true;
	return clamped + edges;
}

/* The outer rectangle of a margin box, from the sizes along its side and its own size
 * across it. A box smaller than its margin sits against the page area, as the margin
 * on the page's edge takes what is over (css-page-3 5.3.1). */
static void margin_box_rect(const struct page_style *ps, const struct style *s, int which,
			    const float sizes[4][3], float *x, float *y, float *w, float *h)
{
	float W = ps->width, H = ps->height;
	float t = ps->margin[SIDE_TOP], r = ps->margin[SIDE_RIGHT];
	float b = ps->margin[SIDE_BOTTOM], l = ps->margin[SIDE_LEFT];
	int side, slot;
	margin_box_place(which, &side, &slot);
	const float *sz = sizes[side];
	bool given;
	if (side <= 1) {
		*h = across_size(s, true, side == 0 ? t : b, &given);
		if (!given)
			*h = side == 0 ? t : b;
		*y = side == 0 ? t - *h : H - b;
		switch (slot) {
		case 0:
		case 4: {
			float m = slot == 0 ? l : r;
			*w = across_size(s, false, m, &given);
			if (!given)
				*w = m;
			*x = slot == 0 ? l - *w : W - r;
			break;
		}
		case 1: *x = l; *w = sz[0]; break;
		case 2: *x = l + (W - l - r - sz[1]) / 2; *w = sz[1]; break;
		default: *x = W - r - sz[2]; *w = sz[2]; break;
		}
	} else {
		*w = across_size(s, false, side == 2 ? l : r, &given);
		if (!given)
			*w = side == 2 ? l : r;
		*x = side == 2 ? l - *w : W - r;
		switch (slot) {
		case 1: *y = t; *h = sz[0]; break;
		case 2: *y = t + (H - t - b - sz[1]) / 2; *h = sz[1]; break;
		default: *y = H - b - sz[2]; *h = sz[2]; break;
		}
	}
}

/* The text of a margin box laid out in its content box. */
static PangoLayout *margin_text_layout(struct layout_context *lc, const struct style *s,
				       const char *text, float width)
{
	return text_make_simple_layout(lc->pango, s, text, width > 1 ? width : 1);
}

/* A margin box's max-content width (the text on one line) or, with `min`, its
 * min-content width (the widest word, or the whole text where it does not wrap). */
static float row_content_size(struct layout_context *lc, const struct style *s, const char *text,
			      bool min)
{
	if (!*text)
		return 0;
	PangoLayout *probe = text_make_simple_layout(lc->pango, s, text, -1);
	if (min && s->white_space != WS_NOWRAP && s->white_space != WS_PRE) {
		pango_layout_set_width(probe, 1);
		pango_layout_set_wrap(probe, PANGO_WRAP_WORD);
	}
	PangoRectangle logical;
	pango_layout_get_extents(probe, NULL, &logical);
	g_object_unref(probe);
	return (float)logical.width / PANGO_SCALE;
}

/* Do the boxes of a side share it by their min-content sizes as well (side_sizes
 * with their max-content sizes not fitting)? Else those are not measured. */
static bool side_needs_min(const struct side_box b[3], float avail)
{
	float sum_max;
	if (b[1].present && !b[1].fixed && !(b[0].fixed && b[2].fixed))
		sum_max = b[1].max + 2 * (b[0].max > b[2].max ? b[0].max : b[2].max);
	else if (!b[1].present && !b[0].fixed && !b[2].fixed)
		sum_max = b[0].max + b[2].max;
	else
		return false;
	return sum_max > avail;
}

/* A row box's min-content size into its side_box, once it is known to matter. */
static void measure_row_min(struct layout_context *lc, const struct style *s, const char *text,
			    struct side_box *sb)
{
	float lo = row_content_size(lc, s, text, true);
	lo = lo > sb->hi ? sb->hi : lo < sb->lo ? sb->lo : lo;
	sb->min = lo + sb->edges;
}

void paginator_place_margin_boxes(struct paginator *pg, struct page *page, int total)
{
	struct layout_context *lc = pg->lc;
	lc->page_arena = page->arena;
	const struct page_style *ps = &page->ps;
	char *texts[MB_COUNT] = { 0 };
	struct side_box boxes[4][3] = { { { 0 } } };
	int which_at[4][3] = { { -1, -1, -1 }, { -1, -1, -1 }, { -1, -1, -1 }, { -1, -1, -1 } };
	float W = ps->width - ps->margin[SIDE_LEFT] - ps->margin[SIDE_RIGHT];
	float H = ps->height - ps->margin[SIDE_TOP] - ps->margin[SIDE_BOTTOM];
	for (int which = 0; which < MB_COUNT; which++) {
		const struct style *s = ps->margin_boxes[which];
		if (!s)
			continue;
		texts[which] = margin_text(lc, s->content, page, total);
		int side, slot;
		margin_box_place(which, &side, &slot);
		if (slot < 1 || slot > 3)
			continue;
		struct side_box *sb = &boxes[side][slot - 1];
		which_at[side][slot - 1] = which;
		sb->present = true;
		bool row = side <= 1;
		float avail = row ? W : H;
		sb->edges = row ? box_edge(s, SIDE_LEFT, W, true) + box_edge(s, SIDE_RIGHT, W, true)
				: box_edge(s, SIDE_TOP, H, true) + box_edge(s, SIDE_BOTTOM, H, true);
		size_limits(s, row, avail, &sb->lo, &sb->hi);
		float given = given_size(s, row, avail);
		float lo, hi;
		if (given >= 0) {
			sb->fixed = true;
			lo = hi = given;
		} else if (row) {
			/* The min-content size only if the side is short (below). */
			lo = hi = row_content_size(lc, s, texts[which], false);
		} else {
			/* Down a side: the text's height at the box's width. */
			float margin = side == 2 ? ps->margin[SIDE_LEFT] : ps->margin[SIDE_RIGHT];
			bool set;
			float inner = across_size(s, false, margin, &set) - box_edge(s, SIDE_LEFT, margin, true) -
				      box_edge(s, SIDE_RIGHT, margin, true);
			lo = 0;
			if (*texts[which]) {
				PangoLayout *probe = margin_text_layout(lc, s, texts[which], inner);
				PangoRectangle logical;
				pango_layout_get_extents(probe, NULL, &logical);
				g_object_unref(probe);
				lo = (float)logical.height / PANGO_SCALE;
			}
			hi = lo;
		}
		lo = lo > sb->hi ? sb->hi : lo < sb->lo ? sb->lo : lo;
		hi = hi > sb->hi ? sb->hi : hi < sb->lo ? sb->lo : hi;
		sb->min = lo + sb->edges;
		sb->max = hi + sb->edges;
	}
	for (int side = 0; side <= 1; side++)
		if (side_needs_min(boxes[side], W))
			for (int k = 0; k < 3; k++)
				if (boxes[side][k].present && !boxes[side][k].fixed)
					measure_row_min(lc, ps->margin_boxes[which_at[side][k]],
							texts[which_at[side][k]], &boxes[side][k]);
	float sizes[4][3];
	for (int side = 0; side < 4; side++)
		side_sizes(boxes[side], side <= 1 ? W : H, sizes[side]);
	struct frag **tail = &page->margin_boxes;
	while (*tail)
		tail = &(*tail)->next;
	for (int which = 0; which < MB_COUNT; which++) {
		const struct style *s = ps->margin_boxes[which];
		if (!s)
			continue;
		float x, y, w, h;
		margin_box_rect(ps, s, which, sizes, &x, &y, &w, &h);
		/* The border box inside the margins, the content box inside that. */
		float base = w;
		for (int e = 0; e < 4; e++) {
			float m = s->margin[e].kind == DIM_PX ? s->margin[e].value : 0;
			if (e == SIDE_TOP)
				y += m;
			if (e == SIDE_LEFT)
				x += m;
			if (e == SIDE_TOP || e == SIDE_BOTTOM)
				h -= m;
			else
				w -= m;
		}
		struct frag *box = frag_new(lc, FRAG_BOX, NULL);
		box->style = s;
		box->x = x;
		box->y = y;
		box->w = w > 0 ? w : 0;
		box->h = h > 0 ? h : 0;
		/* In the order of css-page-3's list, each painted over those before, as
		 * Chromium paints boxes that overlap. */
		*tail = box;
		tail = &box->next;
		if (!*texts[which])
			continue;
		float cx = x + box_edge(s, SIDE_LEFT, base, false);
		float cy = y + box_edge(s, SIDE_TOP, base, false);
		float cw = w - box_edge(s, SIDE_LEFT, base, false) - box_edge(s, SIDE_RIGHT, base, false);
		float ch = h - box_edge(s, SIDE_TOP, base, false) - box_edge(s, SIDE_BOTTOM, base, false);
		PangoLayout *l = layout_keep(lc, margin_text_layout(lc, s, texts[which], cw));
		PangoRectangle logical;
		pango_layout_get_extents(l, NULL, &logical);
		float th = (float)logical.height / PANGO_SCALE;
		struct frag *f = frag_new(lc, FRAG_MARKER, NULL);
		f->style = s;
		f->layout = l;
		f->x = cx;
		f->w = cw;
		f->h = th;
		/* Text taller than its box starts at its top, as Chromium places it. */
		f->y = s->vertical_align == VALIGN_TOP || th > ch ? cy
		       : s->vertical_align == VALIGN_BOTTOM ? cy + ch - th : cy + (ch - th) / 2;
		f->layout_y = f->y;
		box->first_child = box->last_child = f;
	}
}

/* The named page of the first box the next page will show. */
static const char *next_page_name(const struct box *root, const struct resume *r)
{
	const struct box *b = root;
	for (;;) {
		if (r && r->child) {
			b = r->child;
			r = r->inner;
		} else if (!r && b->first_child && b->type != BOX_TABLE) {
			b = b->first_child;
		} else {
			return b->page_name;
		}
	}
}

/* The side a forced break asked for, anywhere down the resume chain. */
static enum break_value forced_side(const struct resume *r)
{
	for (; r; r = r->inner)
		if (r->forced == BREAK_LEFT || r->forced == BREAK_RIGHT)
			return r->forced;
	return BREAK_AUTO;
}

static bool same_name(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Does the next page start a page group of its own although the page before has the
 * same name? css-gcpm-3 (page groups): an element whose `page` is not auto starts one
 * when it starts on a new page because of a forced break, so two chapters of one name
 * with a break between them are two groups. */
static bool starts_page_group(const struct resume *r)
{
	bool forced = false;
	const struct box *b = NULL; /* the box that starts afresh on the page */
	for (; r; r = r->inner) {
		if (r->forced != BREAK_AUTO)
			forced = true;
		if (!r->child)
			return false; /* a paragraph goes on */
		if (!r->inner) {
			b = r->child;
			break;
		}
	}
	if (!forced || !b)
		return false;
	/* The box that starts afresh, or its first descendants, sets the name. */
	for (; b; b = b->type == BOX_TABLE ? NULL : b->first_child)
		if (b->style && b->style->page)
			return true;
	return false;
}

/* The next page, numbered and styled. A page group is the pages of one name in a row,
 * started again by an element of that name after a forced break; a blank page only
 * continues one (else the page after it starts the group). */
static struct page *new_page(struct paginator *pg, const char *name, bool blank, bool new_group)
{
	struct layout_context *lc = pg->lc;
	int number = ++pg->number;
	int group_number = 0;
	if (blank) {
		if (number > 1 && same_name(name, pg->group_name) && !new_group)
			group_number = ++pg->group_number;
	} else {
		if (number == 1 || !same_name(name, pg->group_name) || new_group) {
			pg->group_name = name;
			pg->group_number = 0;
		}
		group_number = ++pg->group_number;
	}
	struct arena *arena = arena_new_small();
	struct page *page = arena_alloc(arena, sizeof *page);
	page->arena = arena;
	page->number = number;
	page->name = name;
	page->blank = blank;
	struct page_match m = { number, name, group_number, blank };
	style_page(lc->sheets, &m, pg->tree->root_style, &page->ps);
	/* Margins that leave less than a tenth of the page for content are not kept. */
	struct page_style *ps = &page->ps;
	if (ps->margin[SIDE_LEFT] + ps->margin[SIDE_RIGHT] > ps->width * 0.9f ||
	    ps->margin[SIDE_TOP] + ps->margin[SIDE_BOTTOM] > ps->height * 0.9f) {
		if (!lc->warned_margins)
			diag(lc->diag, DIAG_WARNING, lc->source_name, 0, 0,
			     "the @page margins leave no room for content; 5%% margins are used");
		lc->warned_margins = true;
		for (int i = 0; i < 4; i++)
			ps->margin[i] = (i == SIDE_TOP || i == SIDE_BOTTOM ? ps->height : ps->width) * 0.05f;
	}
	return page;
}

struct paginator *paginator_new(struct layout_context *lc, struct box_tree *tree)
{
	lc->n_boxes = tree->n_boxes;
	/* Table plans do not change from one pass over the same boxes to the next. */
	if (!tree->table_plans)
		tree->table_plans = arena_alloc(tree->arena, sizeof *tree->table_plans *
							     (size_t)(tree->n_boxes ? tree->n_boxes : 1));
	lc->tables = tree->table_plans;
	lc->plan_arena = tree->arena;
	lc->n_cache = tree->n_lines;
	lc->cache = xcalloc((size_t)(tree->n_lines ? tree->n_lines : 1), sizeof *lc->cache);
	lc->live = xcalloc((size_t)(tree->n_lines ? tree->n_lines : 1), sizeof *lc->live);
	lc->content_x = arena_alloc(lc->arena, sizeof(float) * (size_t)(tree->n_boxes ? tree->n_boxes : 1));
	struct paginator *pg = arena_alloc(lc->arena, sizeof *pg);
	pg->lc = lc;
	pg->tree = tree;
	return pg;
}

bool paginator_failed(const struct paginator *pg)
{
	return pg->failed;
}

static void free_page(struct page *page)
{
	arena_free(page->arena); /* the page itself is in it */
}

struct page *paginator_next(struct paginator *pg)
{
	struct layout_context *lc = pg->lc;
	struct box_tree *tree = pg->tree;
	if (pg->done || pg->failed)
		return NULL;
	if (pg->number + 2 > MAX_PAGES) {
		diag(lc->diag, DIAG_ERROR, lc->source_name, 0, 0,
		     "the document runs past %d pages; it is not written", MAX_PAGES);
		pg->failed = true;
		return NULL;
	}
	const char *name = next_page_name(tree->root, pg->resume);
	/* A break to a left (even) or right (odd) page may need a blank page first. */
	enum break_value side = forced_side(pg->resume);
	if (!pg->blank_given && ((side == BREAK_RIGHT && (pg->number + 1) % 2 == 0) ||
				 (side == BREAK_LEFT && (pg->number + 1) % 2 == 1))) {
		struct page *blank = new_page(pg, name, true, starts_page_group(pg->resume));
		blank->canvas = tree->canvas;
		page_strings(pg, blank);
		pg->blank_given = true;
		pg->unreleased++;
		return blank;
	}
	pg->blank_given = false;
	struct page *page = new_page(pg, name, false, name && starts_page_group(pg->resume));
	page->canvas = tree->canvas;
	lc->page_arena = page->arena;
	const struct page_style *ps = &page->ps;
	struct flow f = {
		.x = ps->margin[SIDE_LEFT],
		.width = ps->width - ps->margin[SIDE_LEFT] - ps->margin[SIDE_RIGHT],
		.limit = ps->height - ps->margin[SIDE_BOTTOM],
		.page_top = true,
		.page_name = name,
	};
	if (f.width < 1)
		f.width = 1;
	if (f.limit < ps->margin[SIDE_TOP] + 1)
		f.limit = ps->margin[SIDE_TOP] + 1;
	/* The root's containing block is the page area (CSS 2.1 10.1, CSS Paged Media 3). */
	f.cb_height_known = true;
	f.cb_height = f.limit - ps->margin[SIDE_TOP];
	/* The document's first margin is kept; margins at a page break are truncated. */
	float y = ps->margin[SIDE_TOP] + (pg->started ? 0 : layout_top_margin(tree->root, f.width));
	if (y >= f.limit)
		y = ps->margin[SIDE_TOP];
	struct placed p = layout_box_at(lc, tree->root, pg->resume, y, &f);
	pg->started = true;
	page->root = p.frag;
	/* The resume point this page started from is used up: the page that made it
	 * can go if it was released already. */
	if (pg->holder && pg->holder->released)
		free_page(pg->holder);
	pg->holder = page;
	pg->resume = p.resume;
	pg->done = !p.resume;
	page_strings(pg, page);
	pg->unreleased++;
	return page;
}

void paginator_release(struct paginator *pg, struct page *page)
{
	page->released = true;
	pg->unreleased--;
	if (page != pg->holder)
		free_page(page);
	if (pg->unreleased == 0 && !pg->keep_layouts)
		layout_forget_finished(pg->lc, pg->resume);
}

void paginator_keep_layouts(struct paginator *pg)
{
	pg->keep_layouts = true;
}

void paginator_free(struct paginator *pg)
{
	if (pg && pg->holder && pg->holder->released)
		free_page(pg->holder);
	if (pg)
		pg->holder = NULL;
}

/* ---- dump ---- */

static void dump_text(FILE *out, const char *s, int len)
{
	fputc('"', out);
	int n = 0;
	for (int i = 0; i < len && s[i]; i++) {
		const unsigned char c = (unsigned char)s[i];
		if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0xa8) {
			fputs("\\n", out);
			i += 2;
		} else if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x81 &&
			   (unsigned char)s[i + 2] == 0xa0) {
			i += 2; /* a word joiner (after a leader's tab): invisible, as the tab is */
		} else if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
		} else if (c >= 0x20 || c >= 0x80) {
			fputc(c, out);
		}
		if (++n >= 50 && (c & 0xc0) != 0xc0 && (i + 1 >= len || ((unsigned char)s[i + 1] & 0xc0) != 0x80)) {
			if (i + 1 < len)
				fputs("...", out);
			break;
		}
	}
	fputc('"', out);
}

static void dump_frag(const struct frag *f, int depth, FILE *out)
{
	for (; f; f = f->next) {
		fprintf(out, "%*s", depth * 2, "");
		if (f->kind == FRAG_BOX) {
			fputs("box", out);
			if (f->box && f->box->element)
				fprintf(out, " <%s>", (const char *)f->box->element->name);
			else
				fputs(" (anonymous)", out);
		} else if (f->kind == FRAG_LINES) {
			fprintf(out, "lines %d-%d", f->first_line, f->first_line + f->n_lines - 1);
		} else {
			fputs("marker", out);
		}
		fprintf(out, " x=%.1f y=%.1f w=%.1f h=%.1f", f->x, f->y, f->w, f->h);
		if (f->cut_top)
			fputs(" cut-top", out);
		if (f->cut_bottom)
			fputs(" cut-bottom", out);
		const struct style *s = f->box ? f->box->style : NULL;
		if (f->kind == FRAG_BOX && s && s->opacity < 1)
			fprintf(out, " opacity=%.2f", s->opacity);
		if (f->kind == FRAG_BOX && s && s->outline_style != BORDER_NONE && s->outline_width > 0)
			fprintf(out, " outline=%.1f@%.1f", s->outline_width, s->outline_offset);
		if (f->kind == FRAG_LINES) {
			PangoLayoutLine *line = pango_layout_get_line_readonly(f->layout, f->first_line);
			const char *text = pango_layout_get_text(f->layout);
			fputc(' ', out);
			dump_text(out, text + line->start_index, line->length);
		} else if (f->kind == FRAG_MARKER) {
			fputc(' ', out);
			dump_text(out, pango_layout_get_text(f->layout), 200);
		}
		fputc('\n', out);
		dump_frag(f->first_child, depth + 1, out);
	}
}

void layout_dump_page(const struct page *p, FILE *out)
{
	fprintf(out, "page %d size=%.1fx%.1f margins=%.1f,%.1f,%.1f,%.1f", p->number, p->ps.width,
		p->ps.height, p->ps.margin[0], p->ps.margin[1], p->ps.margin[2], p->ps.margin[3]);
	if (p->name)
		fprintf(out, " name=%s", p->name);
	if (p->blank)
		fputs(" blank", out);
	fputc('\n', out);
	dump_frag(p->root, 1, out);
	for (const struct frag *m = p->margin_boxes; m; m = m->next) {
		const struct frag *t = m->first_child;
		const struct style *s = m->style;
		bool decorated = s->background.a > 0;
		for (int e = 0; e < 4; e++)
			if (s->border_style[e] != BORDER_NONE || style_dim_px(s->padding[e], m->w) > 0)
				decorated = true;
		if (!t && !decorated)
			continue;
		if (t)
			fprintf(out, "  margin x=%.1f y=%.1f w=%.1f ", t->x, t->y, t->w);
		else
			fputs("  margin ", out);
		if (decorated)
			fprintf(out, "box=%.1f,%.1f,%.1fx%.1f ", m->x, m->y, m->w, m->h);
		dump_text(out, t ? pango_layout_get_text(t->layout) : "", 200);
		fputc('\n', out);
	}
}

/* ---- targets ---- */

struct target_list {
	struct arena *arena;
	struct page_ref *refs;
	size_t n, cap;
};

static void target_add(struct target_list *t, const char *id, int page)
{
	ARENA_GROW(t->arena, t->refs, t->n, t->cap);
	t->refs[t->n++] = (struct page_ref){ id, page };
}

static void collect_targets(struct target_list *t, const struct frag *f, int page)
{
	for (; f; f = f->next) {
		if (f->box && !f->cut_top && f->box->id)
			target_add(t, f->box->id, page);
		if (f->kind == FRAG_LINES) {
			/* An anchor counts on the page that shows its line. */
			const struct inline_content *ic = f->box->content;
			for (size_t i = 0; i < ic->n_anchors; i++) {
				double x;
				if (frag_anchor_line(f, ic->anchors[i].index, &x) >= 0)
					target_add(t, ic->anchors[i].id, page);
			}
		}
		collect_targets(t, f->first_child, page);
	}
}

static int compare_refs(const void *a, const void *b)
{
	const struct page_ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->page > y->page) - (x->page < y->page);
}

struct target_list *targets_new(struct arena *a)
{
	struct target_list *t = arena_alloc(a, sizeof *t);
	t->arena = a;
	return t;
}

void targets_add_page(struct target_list *t, const struct page *page)
{
	size_t before = t->n;
	collect_targets(t, page->root, page->number);
	/* The ids outlive the pass whose boxes they came from. */
	for (size_t i = before; i < t->n; i++)
		t->refs[i].id = arena_strdup(t->arena, t->refs[i].id);
}

void targets_finish(struct target_list *t, struct page_refs *out)
{
	if (t->n)
		qsort(t->refs, t->n, sizeof *t->refs, compare_refs);
	/* Keep the first page of each id. */
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (k == 0 || strcmp(t->refs[k - 1].id, t->refs[i].id) != 0)
			t->refs[k++] = t->refs[i];
	out->refs = t->refs;
	out->n = k;
}

int page_refs_find(const struct page_refs *refs, const char *id)
{
	size_t lo = 0, hi = refs->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(refs->refs[mid].id, id);
		if (c == 0)
			return refs->refs[mid].page;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

bool page_refs_equal(const struct page_refs *a, const struct page_refs *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->refs[i].page != b->refs[i].page || strcmp(a->refs[i].id, b->refs[i].id) != 0)
			return false;
	return true;
}

/* ---- overflow ---- */

struct overflow {
	int first_page;   /* where it first happens */
	int count;        /* fragments that overflow */
	float worst;      /* by how much at most, px */
};

struct overflow_report {
	struct overflow down, across;
};

static void overflow_note(struct overflow *o, int page, float by)
{
	if (by <= 0.5f)
		return;
	if (!o->count)
		o->first_page = page;
	o->count++;
	if (by > o->worst)
		o->worst = by;
}

static void scan_overflow(const struct frag *f, const struct page *p, struct overflow *down,
			  struct overflow *across)
{
	float bottom = p->ps.height - p->ps.margin[SIDE_BOTTOM];
	for (; f; f = f->next) {
		if (f->kind == FRAG_LINES) {
			overflow_note(down, p->number, f->y + f->h - bottom);
			/* A line wider than its box: nowrap text, a word too long to break. */
			const char *text = pango_layout_get_text(f->layout);
			for (int i = f->first_line; i < f->first_line + f->n_lines; i++) {
				PangoLayoutLine *line = pango_layout_get_line_readonly(f->layout, i);
				/* Pango 1.50 lets a justified line that ends in an inserted hyphen
				 * stand out by the hyphen's width: not the document's fault. */
				const char *end = text + line->start_index + line->length;
				if (line->length >= 2 && (unsigned char)end[-2] == 0xc2 &&
				    (unsigned char)end[-1] == 0xad)
					continue;
				PangoRectangle logical;
				pango_layout_line_get_extents(line, NULL, &logical);
				overflow_note(across, p->number,
					      (float)logical.width / PANGO_SCALE - f->x_shift - f->w);
			}
		}
		scan_overflow(f->first_child, p, down, across);
	}
}

struct overflow_report *overflow_new(struct arena *a)
{
	return arena_alloc(a, sizeof(struct overflow_report));
}

void overflow_scan_page(struct overflow_report *o, const struct page *page)
{
	scan_overflow(page->root, page, &o->down, &o->across);
}

void overflow_report(const struct overflow_report *o, struct diag_sink *sink, const char *name)
{
	const struct overflow *down = &o->down, *across = &o->across;
	if (down->count)
		diag(sink, DIAG_WARNING, name, 0, 0,
		     "text runs past the foot of the page (page %d first, by up to %.0f px, %d "
		     "time%s): a box that cannot break is taller than the page",
		     down->first_page, down->worst, down->count, down->count == 1 ? "" : "s");
	if (across->count)
		diag(sink, DIAG_WARNING, name, 0, 0,
		     "text runs past the side of its box (page %d first, by up to %.0f px, %d "
		     "line%s): a word too long to break, or white-space: nowrap",
		     across->first_page, across->worst, across->count, across->count == 1 ? "" : "s");
}
