/* Pagination: the page loop, running strings from string-set, margin boxes with
 * page counters, and the --dump=pages text. */
#include "layout/flow.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

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
	struct running_string *running;
};

/* Walks a page's fragments in document order: the first value each string gets on
 * the page goes on the page; the last is in force after it. */
static void collect_strings(struct paginator *pg, struct page *page, const struct frag *f)
{
	for (; f; f = f->next) {
		if (f->box && !f->cut_top) {
			for (const struct counter_op *op = f->box->string_set_values; op; op = op->next) {
				struct page_string *ps = page->strings;
				while (ps && strcmp(ps->name, op->name) != 0)
					ps = ps->next;
				if (!ps || !ps->set_here) {
					if (!ps) {
						ps = arena_alloc(page->arena, sizeof *ps);
						ps->name = op->name;
						ps->next = page->strings;
						page->strings = ps;
					}
					ps->value = op->content->text;
					ps->set_here = true;
				}
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
		collect_strings(pg, page, f->first_child);
	}
}

/* The values string() shows on a page: set there first, else in force when it starts. */
static void page_strings(struct paginator *pg, struct page *page)
{
	for (const struct running_string *r = pg->running; r; r = r->next) {
		struct page_string *ps = arena_alloc(page->arena, sizeof *ps);
		ps->name = r->name;
		ps->value = r->value;
		ps->next = page->strings;
		page->strings = ps;
	}
	collect_strings(pg, page, page->root);
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
					if (s->value)
						buf_puts(&b, s->value);
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

/* Widths of the three boxes of a top or bottom row (css-page-3 section 5.3, simplified):
 * the centre box is centred and as wide as its content allows; the side boxes share
 * what is left, or the whole row when there is no centre box. */
static void row_widths(const float content_w[3], const bool present[3], float W, float out[3])
{
	if (present[1]) {
		float side = content_w[0] > content_w[2] ? content_w[0] : content_w[2];
		float centre = W - 2 * side;
		if (centre < content_w[1])
			centre = content_w[1] < W ? content_w[1] : W;
		if (centre < W / 3 && (present[0] || present[2]))
			centre = W / 3;
		if (!present[0] && !present[2])
			centre = W;
		out[1] = centre;
		out[0] = out[2] = (W - centre) / 2;
	} else if (present[0] && present[2]) {
		float sum = content_w[0] + content_w[2];
		out[0] = sum > 0 ? W * content_w[0] / sum : W / 2;
		out[2] = W - out[0];
	} else {
		out[0] = out[2] = W;
	}
}

static void margin_box_rect(const struct page_style *ps, int which, const float row_w[2][3],
			    float *x, float *y, float *w, float *h)
{
	float W = ps->width, H = ps->height;
	float t = ps->margin[SIDE_TOP], r = ps->margin[SIDE_RIGHT];
	float b = ps->margin[SIDE_BOTTOM], l = ps->margin[SIDE_LEFT];
	bool top = which <= MB_TOP_RIGHT_CORNER;
	int slot = top ? which : which - MB_BOTTOM_LEFT_CORNER;
	const float *rw = row_w[top ? 0 : 1];
	*y = top ? 0 : H - b;
	*h = top ? t : b;
	switch (slot) {
	case 0: *x = 0; *w = l; break;
	case 1: *x = l; *w = rw[0]; break;
	case 2: *x = l + (W - l - r - rw[1]) / 2; *w = rw[1]; break;
	case 3: *x = W - r - rw[2]; *w = rw[2]; break;
	default: *x = W - r; *w = r; break;
	}
}

void paginator_place_margin_boxes(struct paginator *pg, struct page *page, int total)
{
	struct layout_context *lc = pg->lc;
	lc->page_arena = page->arena;
	char *texts[MB_COUNT] = { 0 };
	float content_w[2][3] = { { 0 } };
	bool present[2][3] = { { false } };
	for (int which = 0; which < MB_COUNT; which++) {
		const struct style *s = page->ps.margin_boxes[which];
		if (!s)
			continue;
		texts[which] = margin_text(lc, s->content, page, total);
		if (!*texts[which])
			continue;
		int slot = which <= MB_TOP_RIGHT_CORNER ? which : which - MB_BOTTOM_LEFT_CORNER;
		if (slot >= 1 && slot <= 3) {
			int row = which <= MB_TOP_RIGHT_CORNER ? 0 : 1;
			PangoLayout *probe = text_make_simple_layout(lc->pango, s, texts[which], -1);
			PangoRectangle logical;
			pango_layout_get_extents(probe, NULL, &logical);
			g_object_unref(probe);
			content_w[row][slot - 1] = (float)logical.width / PANGO_SCALE;
			present[row][slot - 1] = true;
		}
	}
	float W = page->ps.width - page->ps.margin[SIDE_LEFT] - page->ps.margin[SIDE_RIGHT];
	float row_w[2][3];
	row_widths(content_w[0], present[0], W, row_w[0]);
	row_widths(content_w[1], present[1], W, row_w[1]);
	for (int which = 0; which < MB_COUNT; which++) {
		const struct style *s = page->ps.margin_boxes[which];
		if (!s || !texts[which] || !*texts[which])
			continue;
		float x, y, w, h;
		margin_box_rect(&page->ps, which, row_w, &x, &y, &w, &h);
		PangoLayout *l = layout_keep(lc, text_make_simple_layout(lc->pango, s, texts[which], w));
		PangoRectangle logical;
		pango_layout_get_extents(l, NULL, &logical);
		float th = (float)logical.height / PANGO_SCALE;
		struct frag *f = frag_new(lc, FRAG_MARKER, NULL);
		f->style = s;
		f->layout = l;
		f->x = x;
		f->w = w;
		f->h = th;
		f->y = s->vertical_align == VALIGN_TOP ? y
		       : s->vertical_align == VALIGN_BOTTOM ? y + h - th : y + (h - th) / 2;
		f->layout_y = f->y;
		f->next = page->margin_boxes;
		page->margin_boxes = f;
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

static struct page *new_page(struct layout_context *lc, int number, const char *name,
			     const struct style *root_style)
{
	struct arena *arena = arena_new_small();
	struct page *page = arena_alloc(arena, sizeof *page);
	page->arena = arena;
	page->number = number;
	page->name = name;
	style_page(lc->sheets, number, name, root_style, &page->ps);
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
		struct page *blank = new_page(lc, ++pg->number, name, tree->root_style);
		blank->canvas = tree->canvas;
		page_strings(pg, blank);
		pg->blank_given = true;
		pg->unreleased++;
		return blank;
	}
	pg->blank_given = false;
	struct page *page = new_page(lc, ++pg->number, name, tree->root_style);
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
	fputc('\n', out);
	dump_frag(p->root, 1, out);
	for (const struct frag *m = p->margin_boxes; m; m = m->next) {
		fprintf(out, "  margin x=%.1f y=%.1f w=%.1f ", m->x, m->y, m->w);
		dump_text(out, pango_layout_get_text(m->layout), 200);
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
