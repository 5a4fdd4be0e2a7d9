/* PDF painting with Cairo: backgrounds, borders, text lines, markers and margin
 * boxes; named destinations for ids, links, the outline from headings, metadata. */
#include "pdf/pdf.h"
#include "pdf/cairoscan.h"
#include "pdf/pdfout.h"
#include "pdf/structure.h"
#include "pdf/tagfix.h"
#include "layout/layout.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/deps.h"
#include "image/image.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <stdlib.h>
#include <string.h>

static const double PT_PER_PX = 0.75;

/* A solid line: a side of a border. */
struct segment {
	float x0, y0, x1, y1;
};

/* Solid border sides of one colour and width, stroked as one path: Cairo writes each
 * stroke with its state, and a table's cells have hundreds of sides. */
struct stroke_batch {
	struct css_color color;
	double width;
	struct segment *segments;
	size_t n, cap;
};

struct painter {
	struct pdf_out *out;      /* what Cairo writes goes straight on */
	struct cairo_scan *scan;  /* tagged: on through this, less Cairo's structure objects */
	bool scan_failed;         /* Cairo's output was not as expected */
	bool discard;             /* abandoned: what Cairo still writes goes nowhere */
	cairo_t *cr;
	cairo_surface_t *surface;
	struct diag_sink *diag;
	const char *source_name;
	const char **ids;         /* every named destination, sorted, for resolving links */
	size_t n_ids;
	bool *emitted;            /* per entry of ids: its destination is written (first place wins) */
	int outline_parent[7];    /* the outline item each heading level nests under */
	int n_headings;
	struct deps *deps;        /* font files used are added here; may be NULL */
	PangoFont *last_font;     /* the font of the last run looked at: most runs repeat it */
	gunichar missing[64];     /* characters reported as having no glyph, each once */
	int n_missing;
	struct structure *st;     /* the structure tags opened while painting */
	struct stroke_batch strokes; /* solid border sides not stroked yet */
	struct buf cairo_bytes;   /* Cairo's output not passed on yet */
};

/* Cairo's PDF goes to the output as it is written; a tagged PDF's through a scan that
 * keeps Cairo's structure objects back for the structure tree's pass. */
enum { PASS_ON_AT = 64 * 1024 };

/* Passes on what Cairo wrote since the last time. */
static cairo_status_t pass_on(struct painter *p)
{
	struct buf *b = &p->cairo_bytes;
	size_t n = b->len;
	b->len = 0;
	if (n == 0 || p->discard)
		return CAIRO_STATUS_SUCCESS;
	if (p->scan && cairo_scan_feed(p->scan, b->data, n) != 0) {
		p->scan_failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	if (!p->scan && pdf_out_write(p->out, b->data, n) != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	return CAIRO_STATUS_SUCCESS;
}

/* Cairo writes in pieces of a few bytes: they are gathered, and passed on by the
 * 64 KB. */
static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct painter *p = closure;
	if (p->discard)
		return CAIRO_STATUS_SUCCESS;
	buf_add(&p->cairo_bytes, (const char *)data, len);
	return p->cairo_bytes.len >= PASS_ON_AT ? pass_on(p) : CAIRO_STATUS_SUCCESS;
}

/* Cairo's attribute strings quote values in '…' with backslash escapes. */
static void attr_quoted(struct buf *b, const char *value)
{
	buf_putc(b, '\'');
	for (const char *p = value; *p; p++) {
		if (*p == '\'' || *p == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	buf_putc(b, '\'');
}

static void set_color(cairo_t *cr, const struct css_color *c)
{
	cairo_set_source_rgba(cr, c->r, c->g, c->b, c->a);
}

/* ---- destinations ---- */

/* ---- border sides stroked together ---- */

/* Horizontal sides first, by their line and then from left to right; then vertical
 * ones likewise; then any other. */
static int segment_order(const void *a, const void *b)
{
	const struct segment *x = a, *y = b;
	int kx = x->y0 == x->y1 ? 0 : x->x0 == x->x1 ? 1 : 2;
	int ky = y->y0 == y->y1 ? 0 : y->x0 == y->x1 ? 1 : 2;
	if (kx != ky)
		return kx - ky;
	float lx = kx == 0 ? x->y0 : x->x0, ly = kx == 0 ? y->y0 : y->x0;
	float sx = kx == 0 ? x->x0 : x->y0, sy = kx == 0 ? y->x0 : y->y0;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	return memcmp(x, y, sizeof *x);
}

/* Strokes what the batch holds as one path. One stroke covers the union of its
 * lines, so their order does not matter: sides that meet or overlap on one line
 * (the cells of a row, two collapsed borders on one edge) become one line. */
static void flush_strokes(struct painter *p)
{
	struct stroke_batch *b = &p->strokes;
	if (b->n == 0)
		return;
	qsort(b->segments, b->n, sizeof *b->segments, segment_order);
	size_t n = 0;
	for (size_t i = 0; i < b->n; i++) {
		struct segment g = b->segments[i];
		struct segment *last = n ? &b->segments[n - 1] : NULL;
		if (last && g.y0 == g.y1 && last->y0 == last->y1 && g.y0 == last->y0 && g.x0 <= last->x1) {
			if (g.x1 > last->x1)
				last->x1 = g.x1;
		} else if (last && g.x0 == g.x1 && last->x0 == last->x1 && g.y0 != g.y1 &&
			   last->y0 != last->y1 && g.x0 == last->x0 && g.y0 <= last->y1) {
			if (g.y1 > last->y1)
				last->y1 = g.y1;
		} else {
			b->segments[n++] = g;
		}
	}
	cairo_t *cr = p->cr;
	set_color(cr, &b->color);
	cairo_set_line_width(cr, b->width);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_dash(cr, NULL, 0, 0);
	for (size_t i = 0; i < n; i++) {
		cairo_move_to(cr, b->segments[i].x0, b->segments[i].y0);
		cairo_line_to(cr, b->segments[i].x1, b->segments[i].y1);
	}
	cairo_stroke(cr);
	b->n = 0;
}

/* A solid side, to be stroked with the others of its colour and width. */
static void stroke_later(struct painter *p, const struct css_color *c, double width, double x0,
			 double y0, double x1, double y1)
{
	struct stroke_batch *b = &p->strokes;
	if (b->n && (memcmp(&b->color, c, sizeof *c) != 0 || b->width != width))
		flush_strokes(p);
	b->color = *c;
	b->width = width;
	/* Each line from its left or top end, whichever box drew it. */
	struct segment g = { (float)x0, (float)y0, (float)x1, (float)y1 };
	if (g.x1 < g.x0 || (g.x1 == g.x0 && g.y1 < g.y0))
		g = (struct segment){ g.x1, g.y1, g.x0, g.y0 };
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->segments = xrealloc(b->segments, b->cap * sizeof *b->segments);
	}
	b->segments[b->n++] = g;
}

/* ---- structure, after what is waiting is drawn ---- */

static void artifact(struct painter *p, enum structure_artifact kind)
{
	/* Border sides wait only inside the layout artifact. */
	if (kind != STRUCTURE_ARTIFACT_LAYOUT)
		flush_strokes(p);
	structure_artifact(p->st, p->cr, kind);
}

static void content_begin(struct painter *p, const struct box *box, enum structure_content what)
{
	flush_strokes(p);
	structure_content_begin(p->st, p->cr, box, what);
}

static int compare_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool id_exists(const struct painter *p, const char *id)
{
	if (p->n_ids == 0)
		return false;
	return bsearch(&id, p->ids, p->n_ids, sizeof *p->ids, compare_ids) != NULL;
}

/* Writes the destination of an element id, once: repeated table headers and
 * duplicate ids in the source would otherwise name it twice. */
static void emit_id_dest(struct painter *p, const char *id, double x, double y);

static void emit_dest(struct painter *p, const char *name, double x, double y)
{
	struct buf b = { 0 };
	buf_puts(&b, "name=");
	attr_quoted(&b, name);
	buf_printf(&b, " x=%.2f y=%.2f", x * PT_PER_PX, y * PT_PER_PX);
	cairo_tag_begin(p->cr, CAIRO_TAG_DEST, b.data);
	cairo_tag_end(p->cr, CAIRO_TAG_DEST);
	buf_free(&b);
}

static void emit_id_dest(struct painter *p, const char *id, double x, double y)
{
	if (p->n_ids == 0)
		return;
	const char **found = bsearch(&id, p->ids, p->n_ids, sizeof *p->ids, compare_ids);
	if (!found)
		return; /* (the targets hold each id once) */
	size_t i = (size_t)(found - p->ids);
	if (p->emitted[i])
		return;
	p->emitted[i] = true;
	emit_dest(p, id, x, y);
}

static char *collapsed_text(xmlNode *el)
{
	xmlChar *raw = xmlNodeGetContent(el);
	struct buf b = { 0 };
	bool space = false;
	for (const char *s = raw ? (const char *)raw : ""; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_putc(&b, ' ');
		space = false;
		buf_putc(&b, *s);
	}
	xmlFree(raw);
	buf_puts(&b, "");
	return b.data;
}

static void add_outline_entry(struct painter *p, const struct frag *f)
{
	int level = f->box->heading_level;
	char name[32];
	snprintf(name, sizeof name, "bp-heading-%d", ++p->n_headings);
	emit_dest(p, name, f->x, f->y);
	char *title = collapsed_text(f->box->element);
	struct buf attrs = { 0 };
	buf_puts(&attrs, "dest=");
	attr_quoted(&attrs, name);
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	for (int l = level - 1; l >= 1; l--)
		if (p->outline_parent[l]) {
			parent = p->outline_parent[l];
			break;
		}
	int id = cairo_pdf_surface_add_outline(p->surface, parent, title, attrs.data,
					       level <= 2 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	p->outline_parent[level] = id;
	for (int l = level + 1; l <= 6; l++)
		p->outline_parent[l] = 0;
	free(title);
	buf_free(&attrs);
}

/* ---- boxes ---- */

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	if (r > w / 2)
		r = w / 2;
	if (r > h / 2)
		r = h / 2;
	if (r <= 0) {
		cairo_rectangle(cr, x, y, w, h);
		return;
	}
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

static struct css_color border_color(const struct style *s, int side)
{
	return s->border_color_current[side] ? s->color : s->border_color[side];
}

static void paint_border_side(struct painter *p, const struct style *s, int side, double x0, double y0,
			      double x1, double y1, double width)
{
	struct css_color c = border_color(s, side);
	enum border_style style = s->border_style[side];
	if (style != BORDER_DASHED && style != BORDER_DOTTED && !(style == BORDER_DOUBLE && width >= 3)) {
		stroke_later(p, &c, width, x0, y0, x1, y1);
		return;
	}
	flush_strokes(p);
	cairo_t *cr = p->cr;
	set_color(cr, &c);
	cairo_set_line_width(cr, width);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	double dash[2];
	switch (s->border_style[side]) {
	case BORDER_DASHED:
		dash[0] = width * 3;
		dash[1] = width * 2;
		cairo_set_dash(cr, dash, 2, 0);
		break;
	case BORDER_DOTTED:
		dash[0] = 0;
		dash[1] = width * 2;
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_dash(cr, dash, 2, 0);
		break;
	default:
		cairo_set_dash(cr, NULL, 0, 0);
		break;
	}
	if (s->border_style[side] == BORDER_DOUBLE && width >= 3) {
		double third = width / 3;
		double dx = (side == SIDE_LEFT || side == SIDE_RIGHT) ? third : 0;
		double dy = (side == SIDE_TOP || side == SIDE_BOTTOM) ? third : 0;
		cairo_set_line_width(cr, third);
		cairo_move_to(cr, x0 - dx, y0 - dy);
		cairo_line_to(cr, x1 - dx, y1 - dy);
		cairo_move_to(cr, x0 + dx, y0 + dy);
		cairo_line_to(cr, x1 + dx, y1 + dy);
	} else {
		cairo_move_to(cr, x0, y0);
		cairo_line_to(cr, x1, y1);
	}
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

static double side_width(const struct style *s, int side)
{
	return s->border_style[side] != BORDER_NONE ? s->border_width[side] : 0;
}

static void paint_box(struct painter *p, const struct frag *f)
{
	const struct style *s = f->box ? f->box->style : NULL;
	if (!s || !s->visible)
		return;
	cairo_t *cr = p->cr;
	double x = f->x, y = f->y, w = f->w, h = f->h;
	bool background = s->background.a > 0 && w > 0 && h > 0;
	double bt = f->cut_top ? 0 : side_width(s, SIDE_TOP);
	double bb = f->cut_bottom ? 0 : side_width(s, SIDE_BOTTOM);
	double bl = side_width(s, SIDE_LEFT), br = side_width(s, SIDE_RIGHT);
	bool borders = bt > 0 || bb > 0 || bl > 0 || br > 0;
	if (!background && !borders)
		return;
	artifact(p, STRUCTURE_ARTIFACT_LAYOUT);
	if (background) {
		flush_strokes(p);
		set_color(cr, &s->background);
		rounded_rect(cr, x, y, w, h, s->border_radius);
		cairo_fill(cr);
	}
	if (!borders)
		return;
	if (s->border_radius > 0 && bt == bb && bt == bl && bt == br && !f->cut_top && !f->cut_bottom) {
		flush_strokes(p);
		struct css_color c = border_color(s, SIDE_TOP);
		set_color(cr, &c);
		cairo_set_line_width(cr, bt);
		rounded_rect(cr, x + bt / 2, y + bt / 2, w - bt, h - bt, s->border_radius - bt / 2);
		cairo_stroke(cr);
		return;
	}
	/* Lines along each side: inside the box, or centred on its edge when collapsed. */
	double in = f->collapsed_borders ? 0 : 0.5;
	if (bt > 0)
		paint_border_side(p, s, SIDE_TOP, x, y + bt * in, x + w, y + bt * in, bt);
	if (bb > 0)
		paint_border_side(p, s, SIDE_BOTTOM, x, y + h - bb * in, x + w, y + h - bb * in, bb);
	if (bl > 0)
		paint_border_side(p, s, SIDE_LEFT, x + bl * in, y, x + bl * in, y + h, bl);
	if (br > 0)
		paint_border_side(p, s, SIDE_RIGHT, x + w - br * in, y, x + w - br * in, y + h, br);
}

/* ---- text ---- */

/* Where one line of a fragment is drawn: for the link rectangles. */
struct drawn_line {
	PangoLayoutLine *line;
	double x, top, bottom, baseline;
};

/* The links of the fragment's lines: one Link tag per link with a rectangle on each
 * line it covers, after the paragraph's content (a Link tag inside it would leave
 * the text unmarked). */
static void paint_links(struct painter *p, const struct frag *f, const struct drawn_line *lines,
			int n_lines, bool repeated)
{
	const struct inline_content *ic = f->box->content;
	for (size_t k = 0; k < ic->n_links; k++) {
		const struct text_link *link = &ic->links[k];
		/* Link ranges count in the paragraph; the layout may start later in it. */
		int link_start = link->start - f->text_offset, link_end = link->end - f->text_offset;
		bool internal = link->href[0] == '#', known = !internal || id_exists(p, link->href + 1);
		struct buf attrs = { 0 };
		if (internal) {
			buf_puts(&attrs, "dest=");
			attr_quoted(&attrs, link->href + 1);
		} else {
			buf_puts(&attrs, "uri=");
			attr_quoted(&attrs, link->href);
		}
		buf_puts(&attrs, " rect=[");
		int n_rects = 0;
		for (int i = 0; i < n_lines; i++) {
			PangoLayoutLine *line = lines[i].line;
			int start = link_start > line->start_index ? link_start : line->start_index;
			int end = link_end < line->start_index + line->length ? link_end
									       : line->start_index + line->length;
			if (start >= end)
				continue;
			if (!known) {
				if (start == link_start)
					diag(p->diag, DIAG_WARNING, p->source_name, 0, 0,
					     "link to '%s' has no target in the document", link->href);
				continue;
			}
			int *ranges = NULL, n_ranges = 0;
			pango_layout_line_get_x_ranges(line, start, end, &ranges, &n_ranges);
			for (int r = 0; r < n_ranges; r++) {
				double x0 = lines[i].x + (double)ranges[2 * r] / PANGO_SCALE;
				double x1 = lines[i].x + (double)ranges[2 * r + 1] / PANGO_SCALE;
				/* Cairo takes link rectangles in PDF points, whatever the transformation. */
				buf_printf(&attrs, "%s%.2f %.2f %.2f %.2f", n_rects++ ? " " : "",
					   x0 * PT_PER_PX, lines[i].top * PT_PER_PX, (x1 - x0) * PT_PER_PX,
					   (lines[i].bottom - lines[i].top) * PT_PER_PX);
			}
			g_free(ranges);
		}
		buf_puts(&attrs, "]");
		if (n_rects > 0) {
			flush_strokes(p);
			structure_link(p->st, p->cr, repeated ? NULL : f->box, link, attrs.data);
		}
		buf_free(&attrs);
	}
}

/* Fills a leader's gap with its string repeated, ending a little before what follows. */
static void paint_leader(struct painter *p, const struct frag *f, const struct text_leader *leader,
			 double baseline)
{
	PangoRectangle gap;
	pango_layout_index_to_pos(f->layout, leader->index - f->text_offset, &gap);
	double x0 = f->x - f->x_shift + (double)gap.x / PANGO_SCALE;
	double x1 = x0 + (double)gap.width / PANGO_SCALE;
	PangoContext *pc = pango_layout_get_context(f->layout);
	PangoLayout *one = text_make_simple_layout(pc, leader->style, leader->fill, -1);
	PangoRectangle ink, logical;
	pango_layout_get_extents(one, &ink, &logical);
	double w = (double)logical.width / PANGO_SCALE;
	double pad = leader->style->font_size * 0.3;
	int n = w > 0.5 ? (int)((x1 - x0 - 2 * pad) / w) : 0;
	if (n > 0 && n < 10000) {
		struct buf fill = { 0 };
		for (int i = 0; i < n; i++)
			buf_puts(&fill, leader->fill);
		pango_layout_set_text(one, fill.data, (int)fill.len);
		buf_free(&fill);
		double start = x1 - pad - n * w;
		artifact(p, STRUCTURE_ARTIFACT_LAYOUT);
		flush_strokes(p);
		set_color(p->cr, &leader->style->color);
		cairo_move_to(p->cr, start,
			      baseline - (double)pango_layout_get_baseline(one) / PANGO_SCALE);
		pango_cairo_show_layout(p->cr, one);
	}
	g_object_unref(one);
}

/* The fonts a line is drawn with (for up-to-date checks), and characters no font
 * could show (a warning: the reader would see an empty box). */
static void note_fonts(struct painter *p, PangoLayoutLine *line)
{
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		PangoFont *font = run->item->analysis.font;
		if (font && font != p->last_font) {
			p->last_font = font;
			FcChar8 *file = NULL;
			if (p->deps && PANGO_IS_FC_FONT(font) &&
			    FcPatternGetString(pango_fc_font_get_pattern(PANGO_FC_FONT(font)), FC_FILE, 0,
					       &file) == FcResultMatch)
				deps_add(p->deps, (const char *)file);
		}
		for (int i = 0; i < run->glyphs->num_glyphs; i++) {
			PangoGlyph g = run->glyphs->glyphs[i].glyph;
			if (!(g & PANGO_GLYPH_UNKNOWN_FLAG))
				continue;
			gunichar c = g & ~PANGO_GLYPH_UNKNOWN_FLAG;
			if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0xad || c == 0xfffc)
				continue;
			bool seen = false;
			for (int k = 0; k < p->n_missing; k++)
				seen |= p->missing[k] == c;
			if (seen || p->n_missing == 64)
				continue;
			p->missing[p->n_missing++] = c;
			char utf8[8] = { 0 };
			g_unichar_to_utf8(c, utf8);
			diag(p->diag, DIAG_WARNING, p->source_name, 0, 0,
			     "no installed font has a glyph for U+%04X '%s': it shows as an empty box",
			     (unsigned)c, utf8);
		}
	}
}

static void paint_lines(struct painter *p, const struct frag *f, bool repeated)
{
	cairo_t *cr = p->cr;
	const struct style *base = f->box->content->base;
	if (!base->visible)
		return;
	if (repeated)
		artifact(p, STRUCTURE_ARTIFACT_PAGINATION);
	else
		content_begin(p, f->box, STRUCTURE_TEXT);
	const struct inline_content *content = f->box->content;
	struct drawn_line *drawn = (content->n_links || content->n_leaders) && f->n_lines > 0
					   ? xcalloc((size_t)f->n_lines, sizeof *drawn) : NULL;
	int n_drawn = 0;
	PangoLayoutIter *it = pango_layout_get_iter(f->layout);
	int last = f->first_line + f->n_lines;
	for (int i = 0; i < last; i++, pango_layout_iter_next_line(it)) {
		if (i < f->first_line)
			continue;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double line_x = f->x - f->x_shift + (double)logical.x / PANGO_SCALE;
		double baseline = f->layout_y + f->lines->baseline[i];
		set_color(cr, &base->color);
		cairo_move_to(cr, line_x, baseline);
		pango_cairo_show_layout_line(cr, line);
		note_fonts(p, line);
		if (drawn)
			drawn[n_drawn++] = (struct drawn_line){ line, line_x, f->layout_y + f->lines->top[i],
							       f->layout_y + f->lines->bottom[i], baseline };
	}
	structure_content_end(p->st, cr);
	/* Leaders are decoration: outside the content's tag. */
	for (int i = 0; i < n_drawn; i++)
		for (size_t k = 0; k < content->n_leaders; k++)
			if (content->leaders[k].index - f->text_offset >= drawn[i].line->start_index &&
			    content->leaders[k].index - f->text_offset <
				    drawn[i].line->start_index + drawn[i].line->length)
				paint_leader(p, f, &content->leaders[k], drawn[i].baseline);
	if (drawn && content->n_links)
		paint_links(p, f, drawn, n_drawn, repeated);
	free(drawn);
	pango_layout_iter_free(it);
	/* Anchors inside the paragraph become destinations at their line. */
	const struct inline_content *ic = f->box->content;
	for (size_t k = 0; k < ic->n_anchors && !repeated; k++) {
		double x;
		int line_no = frag_anchor_line(f, ic->anchors[k].index, &x);
		if (line_no >= 0)
			emit_id_dest(p, ic->anchors[k].id, x, f->layout_y + f->lines->top[line_no]);
	}
}

/* The list item whose marker a marker fragment of a paragraph's first line shows. */
static const struct box *marker_item(const struct frag *m, const struct frag *lines)
{
	const struct box *found = NULL;
	for (const struct box *b = lines->box ? lines->box->parent : NULL; b; b = b->parent)
		if (b->marker_lines == lines->box) {
			if (b->marker_style == m->style)
				return b;
			if (!found)
				found = b;
		}
	return found;
}

/* A marker: a list item's (parent is its paragraph's lines), the alt text in the
 * placeholder of a missing image (parent is the image), or a margin box's text (no
 * parent: the caller has made it an artifact). */
static void paint_marker(struct painter *p, const struct frag *f, const struct frag *parent,
			 bool repeated)
{
	if (f->style && !f->style->visible)
		return;
	const struct box *item = NULL;
	if (parent && !repeated && parent->kind == FRAG_LINES)
		item = marker_item(f, parent);
	if (repeated)
		artifact(p, STRUCTURE_ARTIFACT_PAGINATION);
	else if (item)
		content_begin(p, item, STRUCTURE_MARKER);
	else if (parent && parent->kind == FRAG_LINES)
		content_begin(p, parent->box, STRUCTURE_TEXT);
	else if (parent && parent->kind == FRAG_BOX && parent->box &&
		 parent->box->type == BOX_REPLACED)
		content_begin(p, parent->box, STRUCTURE_IMAGE);
	set_color(p->cr, &f->style->color);
	cairo_move_to(p->cr, f->x, f->layout_y);
	pango_cairo_show_layout(p->cr, f->layout);
	structure_content_end(p->st, p->cr);
}

/* An image in its box's content area, or the placeholder of a missing one. */
static void paint_replaced(struct painter *p, const struct frag *f, bool repeated)
{
	const struct style *s = f->box->style;
	double bl = side_width(s, SIDE_LEFT), bt = side_width(s, SIDE_TOP);
	double br = side_width(s, SIDE_RIGHT), bb = side_width(s, SIDE_BOTTOM);
	double x = f->x + bl + style_dim_px(s->padding[SIDE_LEFT], 0);
	double y = f->y + bt + style_dim_px(s->padding[SIDE_TOP], 0);
	double w = f->w - bl - br - style_dim_px(s->padding[SIDE_LEFT], 0) -
		   style_dim_px(s->padding[SIDE_RIGHT], 0);
	double h = f->h - bt - bb - style_dim_px(s->padding[SIDE_TOP], 0) -
		   style_dim_px(s->padding[SIDE_BOTTOM], 0);
	if (w <= 0 || h <= 0)
		return;
	if (f->box->image) {
		if (repeated)
			artifact(p, STRUCTURE_ARTIFACT_PAGINATION);
		else
			content_begin(p, f->box, STRUCTURE_IMAGE);
		image_draw(f->box->image, p->cr, x, y, w, h);
		structure_content_end(p->st, p->cr);
		return;
	}
	/* The placeholder's frame is decoration; its alt text (a marker inside) is the figure. */
	artifact(p, STRUCTURE_ARTIFACT_LAYOUT);
	flush_strokes(p);
	static const double dash[2] = { 3, 2 };
	cairo_set_source_rgb(p->cr, 0.45, 0.45, 0.45);
	cairo_set_line_width(p->cr, 1);
	cairo_set_dash(p->cr, dash, 2, 0);
	cairo_rectangle(p->cr, x + 0.5, y + 0.5, w - 1, h - 1);
	cairo_stroke(p->cr);
	cairo_set_dash(p->cr, NULL, 0, 0);
}

/* Lines between the columns of a multi-column box, as tall as the columns. */
static void paint_column_rules(struct painter *p, const struct frag *f)
{
	const struct style *s = f->box->style;
	if (s->column_rule_style == BORDER_NONE || s->column_rule_width <= 0 || f->columns < 2)
		return;
	struct style as_border = *s; /* the rule is drawn as a left border would be */
	as_border.border_style[SIDE_LEFT] = s->column_rule_style;
	as_border.border_color[SIDE_LEFT] = s->column_rule_color;
	as_border.border_color_current[SIDE_LEFT] = s->column_rule_current;
	float bl = side_width(s, SIDE_LEFT), br = side_width(s, SIDE_RIGHT);
	float pl = style_dim_px(s->padding[SIDE_LEFT], 0), pr = style_dim_px(s->padding[SIDE_RIGHT], 0);
	float inner_x = f->x + bl + pl, inner_w = f->w - bl - pl - br - pr;
	float colw = (inner_w - f->column_gap * (float)(f->columns - 1)) / (float)f->columns;
	float top = f->y + (f->cut_top ? 0 : side_width(s, SIDE_TOP) + style_dim_px(s->padding[SIDE_TOP], 0));
	artifact(p, STRUCTURE_ARTIFACT_LAYOUT);
	for (int c = 1; c < f->columns; c++) {
		double x = inner_x + c * colw + (c - 0.5) * f->column_gap;
		paint_border_side(p, &as_border, SIDE_LEFT, x, top, x, top + f->column_height,
				  s->column_rule_width);
	}
}

static void paint_frags(struct painter *p, const struct frag *f, const struct frag *parent,
			bool repeated);

/* A box painted whole in its place among the content, its backgrounds and borders
 * with it: a float, or an inline-level box (CSS 2, appendix E). */
static bool painted_whole(const struct frag *f)
{
	return f->box && (f->box->atomic || (f->box->style && f->box->style->float_side != FLOAT_NONE));
}

/* The backgrounds, borders and column rules of the in-flow block-level boxes in the
 * list from f, in tree order, before any of their content, as CSS paints them: so
 * they are one artifact, not one between every two pieces of content. */
static void paint_decorations(struct painter *p, const struct frag *f)
{
	for (; f; f = f->next) {
		if (f->kind != FRAG_BOX || painted_whole(f))
			continue;
		paint_box(p, f);
		if (f->columns > 1)
			paint_column_rules(p, f);
		paint_decorations(p, f->first_child);
	}
}

/* One fragment's content and what is inside it (its decorations were painted
 * before, unless it is painted whole); `parent` is the fragment it is inside. */
static void paint_frag(struct painter *p, const struct frag *f, const struct frag *parent,
		       bool repeated)
{
	bool again = repeated || f->repeated;
	switch (f->kind) {
	case FRAG_BOX:
		if (painted_whole(f)) {
			paint_box(p, f);
			if (f->columns > 1)
				paint_column_rules(p, f);
			paint_decorations(p, f->first_child);
		}
		if (f->box && f->box->type == BOX_REPLACED)
			paint_replaced(p, f, again);
		if (f->box && !f->cut_top && !again) {
			if (f->box->id)
				emit_id_dest(p, f->box->id, f->x, f->y);
			if (f->box->heading_level && f->box->element)
				add_outline_entry(p, f);
		}
		paint_frags(p, f->first_child, f, again);
		/* An empty table cell keeps its place in the structure. */
		if (f->box && !f->cut_top && !again) {
			flush_strokes(p);
			structure_ensure(p->st, p->cr, f->box);
		}
		break;
	case FRAG_LINES:
		/* The markers first: a list item's label comes before its body. */
		for (const struct frag *c = f->first_child; c; c = c->next)
			if (c->kind == FRAG_MARKER)
				paint_marker(p, c, f, again);
		paint_lines(p, f, again);
		for (const struct frag *c = f->first_child; c; c = c->next)
			if (c->kind != FRAG_MARKER)
				paint_frag(p, c, f, again);
		break;
	case FRAG_MARKER:
		paint_marker(p, f, parent, again);
		paint_frags(p, f->first_child, f, again);
		break;
	}
}

static void paint_frags(struct painter *p, const struct frag *f, const struct frag *parent,
			bool repeated)
{
	for (; f; f = f->next)
		paint_frag(p, f, parent, repeated);
}

static void set_metadata(cairo_surface_t *surface, const struct pdf_metadata *meta)
{
	if (meta->title)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, meta->title);
	if (meta->author)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, meta->author);
	if (meta->subject)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
	if (meta->keywords)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, meta->keywords);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "briefpack");
	char date[32];
	struct tm tm;
	gmtime_r(&meta->date, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

struct painter *pdf_begin(const struct pdf_metadata *meta, const struct page_refs *targets,
			  bool tagged, FILE *out, struct diag_sink *sink, const char *source_name,
			  struct deps *deps)
{
	struct painter *p = xcalloc(1, sizeof *p);
	p->out = pdf_out_new(out, tagged);
	p->scan = tagged ? cairo_scan_new(p->out) : NULL;
	p->diag = sink;
	p->source_name = source_name;
	p->deps = deps;
	p->st = tagged ? structure_new() : NULL;
	/* Each page sets its own size. */
	p->surface = cairo_pdf_surface_create_for_stream(write_out, p, 794 * PT_PER_PX,
							   1123 * PT_PER_PX);
	set_metadata(p->surface, meta);
	p->cr = cairo_create(p->surface);
	/* Sorted by id already: the destinations links may name. */
	p->n_ids = targets->n;
	p->ids = xcalloc(p->n_ids ? p->n_ids : 1, sizeof *p->ids);
	for (size_t i = 0; i < targets->n; i++)
		p->ids[i] = targets->refs[i].id;
	p->emitted = xcalloc(p->n_ids ? p->n_ids : 1, sizeof *p->emitted);
	return p;
}

/* A margin box's text: a running header when it is above the page area, a footer
 * below it, else beside it. */
static enum structure_artifact margin_box_artifact(const struct page *pg, const struct frag *m)
{
	float middle = m->y + m->h / 2;
	if (middle < pg->ps.margin[SIDE_TOP])
		return STRUCTURE_ARTIFACT_HEADER;
	if (middle > pg->ps.height - pg->ps.margin[SIDE_BOTTOM])
		return STRUCTURE_ARTIFACT_FOOTER;
	return STRUCTURE_ARTIFACT_PAGINATION;
}

void pdf_page(struct painter *p, const struct page *pg)
{
	cairo_pdf_surface_set_size(p->surface, pg->ps.width * PT_PER_PX, pg->ps.height * PT_PER_PX);
	char label[16];
	snprintf(label, sizeof label, "%d", pg->number);
	cairo_pdf_surface_set_page_label(p->surface, label);
	/* Untagged, each page's content is in a structure element of its own: Cairo
	 * writes the links' structure elements only inside a structure tree. */
	if (!p->st)
		cairo_tag_begin(p->cr, "Part", NULL);
	cairo_save(p->cr);
	cairo_scale(p->cr, PT_PER_PX, PT_PER_PX);
	/* Nothing shows beyond the page anyway; but without a clip, Cairo takes an
	 * opaque paint or fill that covers the whole page for a fresh start and drops
	 * what the page recorded before it, the open tags included, and the PDF fails
	 * ("invalid tag name, attributes, or nesting", or worse). */
	cairo_rectangle(p->cr, 0, 0, pg->ps.width, pg->ps.height);
	cairo_clip(p->cr);
	if (pg->ps.background.a > 0) {
		artifact(p, STRUCTURE_ARTIFACT_LAYOUT);
		set_color(p->cr, &pg->ps.background);
		cairo_paint(p->cr);
	}
	/* Structure tags open as content needs them; Cairo's may not span pages, so
	 * all close at the page's end. */
	paint_decorations(p, pg->root);
	paint_frags(p, pg->root, NULL, false);
	for (const struct frag *m = pg->margin_boxes; m; m = m->next) {
		artifact(p, margin_box_artifact(pg, m));
		paint_marker(p, m, NULL, false);
	}
	flush_strokes(p);
	structure_page_end(p->st, p->cr);
	cairo_restore(p->cr);
	if (!p->st)
		cairo_tag_end(p->cr, "Part");
	cairo_show_page(p->cr);
}

static void painter_free(struct painter *p)
{
	cairo_surface_destroy(p->surface);
	structure_free(p->st);
	free(p->strokes.segments);
	buf_free(&p->cairo_bytes);
	cairo_scan_free(p->scan);
	pdf_out_free(p->out);
	free(p->ids);
	free(p->emitted);
	free(p);
}

int pdf_finish(struct painter *p)
{
	int status = 0;
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	cairo_status_t st = cairo_surface_status(p->surface);
	if (pass_on(p) != CAIRO_STATUS_SUCCESS && st == CAIRO_STATUS_SUCCESS)
		st = CAIRO_STATUS_WRITE_ERROR;
	const struct cairo_scan_result *scan = NULL;
	if (p->scan && (p->scan_failed || st == CAIRO_STATUS_SUCCESS)) {
		/* Says why, when Cairo's output was not as expected. */
		status = cairo_scan_finish(p->scan, p->diag, p->source_name, &scan);
	} else if (st != CAIRO_STATUS_SUCCESS) {
		diag(p->diag, DIAG_ERROR, p->source_name, 0, 0, "writing the PDF failed: %s",
		     cairo_status_to_string(st));
		status = -1;
	}
	/* One structure element per element, attributes, language: see pdf/tagfix.h. */
	if (status == 0 && p->st)
		status = tagfix_finish(p->st, scan, p->out, p->diag, p->source_name);
	else if (status == 0)
		status = pdf_out_flush(p->out, p->diag, p->source_name);
	painter_free(p);
	return status;
}

void pdf_abandon(struct painter *p)
{
	if (!p)
		return;
	p->discard = true;
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	painter_free(p);
}
