/* PDF painting: pages of fragments become page content streams with text, borders,
 * backgrounds and images, marked as structure or artifacts as they are drawn; links,
 * named destinations, the outline and metadata around them. */
#include "pdf/pdf.h"
#include "pdf/content.h"
#include "pdf/document.h"
#include "pdf/fonts.h"
#include "pdf/images.h"
#include "pdf/resources.h"
#include "pdf/tags.h"
#include "pdf/textdraw.h"
#include "pdf/writer.h"
#include "layout/layout.h"
#include "layout/font_faces.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/deps.h"

#include <math.h>
#include <pango/pangofc-font.h>
#include <stdlib.h>
#include <string.h>

static const double PT_PER_PX = 0.75;

/* A solid line: a side of a border. */
struct segment {
	float x0, y0, x1, y1;
};

/* Solid border sides of one colour and width, stroked as one path: a table's cells
 * have hundreds of sides. */
struct stroke_batch {
	struct css_color color;
	double width;
	struct segment *segments;
	size_t n, cap;
};

struct painter {
	struct pdf_writer *w;
	struct pdf_doc *doc;
	struct pdf_resources *res;
	struct pdf_fonts *fonts;
	struct pdf_images *images;
	struct tags *tags;
	struct text_drawer *text;
	struct pdf_content content;  /* the page being painted */
	struct pdf_metadata meta;
	bool discard;                /* abandoned */
	struct diag_sink *diag;
	const char *source_name;
	const char **ids;            /* every named destination, sorted, for resolving links */
	size_t n_ids;
	bool *emitted;               /* per entry of ids: its destination is written (first place wins) */
	struct deps *deps;           /* font files used are added here; may be NULL */
	PangoFont *last_font;        /* the font of the last run looked at: most runs repeat it */
	gunichar missing[64];        /* characters reported as having no glyph, each once */
	int n_missing;
	struct stroke_batch strokes; /* solid border sides not stroked yet */
	int page_obj;                /* the page being painted */
	double page_h;               /* its height, px */
	int *annots;                 /* the page's annotations */
	size_t n_annots, cap_annots;
	bool image_failed;           /* an image that could not be drawn was reported */
	double alpha;                /* the opacity of the box being painted (with its ancestors') */
};

/* Opacity is applied to each thing drawn, its alpha multiplied by the box's and its
 * ancestors' opacity: where the things a translucent box draws overlap, they show
 * through each other, which a browser's group (one layer made translucent) does not. */
static void set_fill(struct painter *p, const struct css_color *c)
{
	content_fill_color(&p->content, c->r, c->g, c->b, c->a * p->alpha);
}

static void set_stroke(struct painter *p, const struct css_color *c)
{
	content_stroke_color(&p->content, c->r, c->g, c->b, c->a * p->alpha);
}

/* The opacity that what is painted next has: the box's own style's. */
static void use_alpha(struct painter *p, const struct style *s)
{
	p->alpha = s ? s->alpha : 1;
}

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
	struct pdf_content *c = &p->content;
	content_stroke_color(c, b->color.r, b->color.g, b->color.b, b->color.a);
	content_line_width(c, b->width);
	content_line_cap(c, 0);
	content_dash(c, NULL, 0, 0);
	for (size_t i = 0; i < n; i++) {
		content_move(c, b->segments[i].x0, b->segments[i].y0);
		content_line(c, b->segments[i].x1, b->segments[i].y1);
	}
	content_stroke(c);
	b->n = 0;
}

/* A solid side, to be stroked with the others of its colour and width. */
static void stroke_later(struct painter *p, const struct css_color *c, double width, double x0,
			 double y0, double x1, double y1)
{
	struct stroke_batch *b = &p->strokes;
	struct css_color col = *c; /* with the opacity in force now */
	col.a *= (float)p->alpha;
	if (b->n && (memcmp(&b->color, &col, sizeof col) != 0 || b->width != width))
		flush_strokes(p);
	b->color = col;
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

static void artifact(struct painter *p, enum tags_artifact kind)
{
	/* Border sides wait only inside the layout artifact. */
	if (kind != TAGS_ARTIFACT_LAYOUT)
		flush_strokes(p);
	tags_artifact(p->tags, kind);
}

static void content_begin(struct painter *p, const struct box *box, enum tags_content what)
{
	flush_strokes(p);
	tags_content_begin(p->tags, box, what);
}

static void content_end(struct painter *p)
{
	tags_content_end(p->tags);
}

/* ---- destinations ---- */

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

/* PDF user space of a page point in px. */
static double pdf_x(double x)
{
	return x * PT_PER_PX;
}

static double pdf_y(const struct painter *p, double y)
{
	return (p->page_h - y) * PT_PER_PX;
}

/* Writes the destination of an element id, once: repeated table headers and
 * duplicate ids in the source would otherwise name it twice. */
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
	pdf_doc_dest(p->doc, id, p->page_obj, pdf_x(x), pdf_y(p, y));
}

static void add_outline_entry(struct painter *p, const struct frag *f)
{
	pdf_doc_outline(p->doc, f->box->heading_level, f->box->sem.title ? f->box->sem.title : "",
			p->page_obj, pdf_x(f->x), pdf_y(p, f->y));
}

/* ---- boxes ---- */

static struct css_color border_color(const struct style *s, int side)
{
	return s->border_color_current[side] ? s->color : s->border_color[side];
}

static void paint_border_side(struct painter *p, const struct style *s, int side, double x0, double y0,
			      double x1, double y1, double width)
{
	struct css_color col = border_color(s, side);
	enum border_style style = s->border_style[side];
	if (style != BORDER_DASHED && style != BORDER_DOTTED && !(style == BORDER_DOUBLE && width >= 3)) {
		stroke_later(p, &col, width, x0, y0, x1, y1);
		return;
	}
	flush_strokes(p);
	struct pdf_content *c = &p->content;
	set_stroke(p, &col);
	content_line_width(c, width);
	double dash[2];
	switch (style) {
	case BORDER_DASHED:
		dash[0] = width * 3;
		dash[1] = width * 2;
		content_line_cap(c, 0);
		content_dash(c, dash, 2, 0);
		break;
	case BORDER_DOTTED:
		dash[0] = 0;
		dash[1] = width * 2;
		content_line_cap(c, 1);
		content_dash(c, dash, 2, 0);
		break;
	default:
		content_line_cap(c, 0);
		content_dash(c, NULL, 0, 0);
		break;
	}
	if (style == BORDER_DOUBLE && width >= 3) {
		double third = width / 3;
		double dx = (side == SIDE_LEFT || side == SIDE_RIGHT) ? third : 0;
		double dy = (side == SIDE_TOP || side == SIDE_BOTTOM) ? third : 0;
		content_line_width(c, third);
		content_move(c, x0 - dx, y0 - dy);
		content_line(c, x1 - dx, y1 - dy);
		content_move(c, x0 + dx, y0 + dy);
		content_line(c, x1 + dx, y1 + dy);
	} else {
		content_move(c, x0, y0);
		content_line(c, x1, y1);
	}
	content_stroke(c);
}

static double side_width(const struct style *s, int side)
{
	return s->border_style[side] != BORDER_NONE ? s->border_width[side] : 0;
}

/* The background and borders of style s over the fragment's border box. */
static void paint_box_as(struct painter *p, const struct frag *f, const struct style *s,
			 bool with_background, enum tags_artifact kind)
{
	if (!s || !s->visible)
		return;
	struct pdf_content *c = &p->content;
	double x = f->x, y = f->y, w = f->w, h = f->h;
	use_alpha(p, s);
	bool background = s->background.a > 0 && w > 0 && h > 0 && with_background;
	double bt = f->cut_top ? 0 : side_width(s, SIDE_TOP);
	double bb = f->cut_bottom ? 0 : side_width(s, SIDE_BOTTOM);
	double bl = side_width(s, SIDE_LEFT), br = side_width(s, SIDE_RIGHT);
	bool borders = bt > 0 || bb > 0 || bl > 0 || br > 0;
	if (!background && !borders)
		return;
	artifact(p, kind);
	if (background) {
		flush_strokes(p);
		set_fill(p, &s->background);
		content_rounded_rect(c, x, y, w, h, s->border_radius);
		content_fill(c);
	}
	if (!borders)
		return;
	if (s->border_radius > 0 && bt == bb && bt == bl && bt == br && !f->cut_top && !f->cut_bottom) {
		flush_strokes(p);
		struct css_color col = border_color(s, SIDE_TOP);
		set_stroke(p, &col);
		content_line_width(c, bt);
		content_dash(c, NULL, 0, 0);
		content_rounded_rect(c, x + bt / 2, y + bt / 2, w - bt, h - bt, s->border_radius - bt / 2);
		content_stroke(c);
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

static void paint_box(struct painter *p, const struct frag *f)
{
	if (f->box)
		paint_box_as(p, f, f->box->style, !f->box->background_on_canvas, TAGS_ARTIFACT_LAYOUT);
}

/* ---- text ---- */

/* Where one line of a fragment is drawn: for the link rectangles. */
struct drawn_line {
	PangoLayoutLine *line;
	double x;                     /* the layout's left edge: the line's x ranges count from it
				       * (they include its alignment and indent) */
	double top, bottom, baseline;
};

/* The text of a link, white space collapsed: the annotation's /Contents. */
static char *link_text(const struct inline_content *ic, const struct text_link *link)
{
	struct buf b = { 0 };
	bool space = false;
	int end = link->end < (int)ic->text.len ? link->end : (int)ic->text.len;
	for (int i = link->start < 0 ? 0 : link->start; i < end; i++) {
		unsigned char ch = (unsigned char)ic->text.data[i];
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
			space = b.len > 0;
			continue;
		}
		/* A soft hyphen (C2 AD) and the object replacement character are not text. */
		if (ch == 0xC2 && i + 1 < end && (unsigned char)ic->text.data[i + 1] == 0xAD) {
			i++;
			continue;
		}
		if (ch == 0xEF && i + 2 < end && (unsigned char)ic->text.data[i + 1] == 0xBF &&
		    (unsigned char)ic->text.data[i + 2] == 0xBC) {
			i += 2;
			continue;
		}
		if (ch < 0x20)
			continue;
		if (space)
			buf_putc(&b, ' ');
		space = false;
		buf_putc(&b, (char)ch);
	}
	buf_puts(&b, "");
	return b.data;
}

/* A link annotation over the rectangles of one link on this page. */
static void write_link(struct painter *p, const struct frag *f, const struct text_link *link,
		       const double *rects, int n_rects, bool repeated)
{
	int obj = pdfw_reserve(p->w);
	int key = tags_link(p->tags, repeated ? NULL : f->box, link, obj);
	double x0 = rects[0], y0 = rects[1], x1 = rects[2], y1 = rects[3];
	for (int i = 1; i < n_rects; i++) {
		const double *r = rects + 4 * i;
		x0 = fmin(x0, r[0]);
		y0 = fmin(y0, r[1]);
		x1 = fmax(x1, r[2]);
		y1 = fmax(y1, r[3]);
	}
	struct buf *b = pdfw_object(p->w, obj);
	buf_puts(b, "<< /Type /Annot /Subtype /Link /F 4 /Border [0 0 0] /Rect [");
	double box[4] = { pdf_x(x0), pdf_y(p, y1), pdf_x(x1), pdf_y(p, y0) };
	for (int k = 0; k < 4; k++) {
		buf_putc(b, ' ');
		pdf_put_num(b, box[k], 2);
	}
	buf_puts(b, " ] /QuadPoints [");
	for (int i = 0; i < n_rects; i++) {
		const double *r = rects + 4 * i;
		/* Each quadrilateral counterclockwise from its bottom left corner. */
		double q[8] = { pdf_x(r[0]), pdf_y(p, r[3]), pdf_x(r[2]), pdf_y(p, r[3]),
				pdf_x(r[2]), pdf_y(p, r[1]), pdf_x(r[0]), pdf_y(p, r[1]) };
		for (int k = 0; k < 8; k++) {
			buf_putc(b, ' ');
			pdf_put_num(b, q[k], 2);
		}
	}
	buf_puts(b, " ]");
	char *text = link_text(f->box->content, link);
	if (*text) {
		buf_puts(b, " /Contents ");
		pdf_put_text(b, text);
	}
	free(text);
	if (link->href[0] == '#') {
		buf_puts(b, " /Dest ");
		pdf_put_bytes(b, link->href + 1, strlen(link->href + 1));
	} else {
		buf_puts(b, " /A << /S /URI /URI ");
		pdf_put_bytes(b, link->href, strlen(link->href));
		buf_puts(b, " >>");
	}
	if (key >= 0)
		buf_printf(b, " /StructParent %d", key);
	buf_puts(b, " >>");
	pdfw_end(p->w);
	if (p->n_annots == p->cap_annots) {
		p->cap_annots = p->cap_annots ? p->cap_annots * 2 : 16;
		p->annots = xrealloc(p->annots, p->cap_annots * sizeof *p->annots);
	}
	p->annots[p->n_annots++] = obj;
}

/* The links of the fragment's lines: one annotation per link with a rectangle on each
 * line it covers, in a Link element of the paragraph's. */
static void paint_links(struct painter *p, const struct frag *f, const struct drawn_line *lines,
			int n_lines, bool repeated)
{
	const struct inline_content *ic = f->box->content;
	double *rects = NULL;
	size_t cap = 0;
	for (size_t k = 0; k < ic->n_links; k++) {
		const struct text_link *link = &ic->links[k];
		/* Link ranges count in the paragraph; the layout may start later in it. */
		int link_start = link->start - f->text_offset, link_end = link->end - f->text_offset;
		bool internal = link->href[0] == '#', known = !internal || id_exists(p, link->href + 1);
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
				if ((size_t)(n_rects + 1) * 4 > cap) {
					cap = cap ? cap * 2 : 32;
					rects = xrealloc(rects, cap * sizeof *rects);
				}
				double *q = rects + 4 * n_rects++;
				q[0] = lines[i].x + (double)ranges[2 * r] / PANGO_SCALE;
				q[1] = lines[i].top;
				q[2] = lines[i].x + (double)ranges[2 * r + 1] / PANGO_SCALE;
				q[3] = lines[i].bottom;
			}
			g_free(ranges);
		}
		if (n_rects > 0) {
			flush_strokes(p);
			write_link(p, f, link, rects, n_rects, repeated);
		}
	}
	free(rects);
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
	/* The copies sit on a grid from the line's left edge, so that the leaders of
	 * successive lines line up (css-gcpm-3, leader()). */
	double from = x0 + pad;
	if (w > 0.5)
		from = f->x + ceil((from - f->x) / w) * w;
	int n = w > 0.5 ? (int)((x1 - pad - from) / w) : 0;
	if (n > 0 && n < 10000) {
		struct buf fill = { 0 };
		for (int i = 0; i < n; i++)
			buf_puts(&fill, leader->fill);
		pango_layout_set_text(one, fill.data, (int)fill.len);
		buf_free(&fill);
		double start = from;
		artifact(p, TAGS_ARTIFACT_LAYOUT);
		flush_strokes(p);
		text_drawer_set_color(p->text, &leader->style->color, leader->style->alpha);
		text_drawer_layout(p->text, one, start,
				   baseline - (double)pango_layout_get_baseline(one) / PANGO_SCALE);
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
			FcPattern *pattern = PANGO_IS_FC_FONT(font)
						     ? pango_fc_font_get_pattern(PANGO_FC_FONT(font)) : NULL;
			/* An @font-face WOFF file, not its unpacked copy. */
			if (p->deps && pattern &&
			    (FcPatternGetString(pattern, FONT_FACES_SOURCE_FILE, 0, &file) == FcResultMatch ||
			     FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch))
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

static void paint_inline_outlines(struct painter *p, const struct frag *f,
				  const struct drawn_line *lines, int n_lines);

/* The left and right ends, from the layout's left edge, of what bytes [start, end)
 * of a line cover; false when they cover nothing there. */
static bool range_extent(PangoLayoutLine *line, int start, int end, double *x0, double *x1)
{
	int *ranges = NULL, n_ranges = 0;
	pango_layout_line_get_x_ranges(line, start, end, &ranges, &n_ranges);
	*x0 = 1e30;
	*x1 = -1e30;
	for (int r = 0; r < n_ranges; r++) {
		double a = (double)ranges[2 * r] / PANGO_SCALE, b = (double)ranges[2 * r + 1] / PANGO_SCALE;
		*x0 = a < *x0 ? a : *x0;
		*x1 = b > *x1 ? b : *x1;
	}
	g_free(ranges);
	return n_ranges > 0;
}

/* The ascent and descent of a style's font. */
static void font_extent(PangoContext *pc, const struct style *s, double *ascent, double *descent)
{
	PangoFontDescription *fd = text_font_description(s);
	PangoFontMetrics *m = pango_context_get_metrics(pc, fd, NULL);
	*ascent = (double)pango_font_metrics_get_ascent(m) / PANGO_SCALE;
	*descent = (double)pango_font_metrics_get_descent(m) / PANGO_SCALE;
	pango_font_metrics_unref(m);
	pango_font_description_free(fd);
}

/* Whether a boxed inline element's start (open) and end (close) edges are on a line. */
static void piece_ends(const struct frag *f, const struct text_boxed *b, const PangoLayoutLine *line,
		       bool *opens, bool *closes)
{
	int line_start = line->start_index, line_end = line->start_index + line->length;
	int open = b->open - f->text_offset, close = b->close - f->text_offset;
	*opens = b->open >= 0 && open >= line_start && open < line_end;
	*closes = b->close >= 0 && close >= line_start && close < line_end;
}

/* How far a boxed inline element's border box reaches above and below its baseline:
 * its font's ascent and descent, then its vertical padding and border. */
static void piece_height(const struct style *s, double ascent, double descent, double *above,
			 double *below)
{
	*above = ascent + side_width(s, SIDE_TOP) + text_edge_length(&s->padding[SIDE_TOP]);
	*below = descent + side_width(s, SIDE_BOTTOM) + text_edge_length(&s->padding[SIDE_BOTTOM]);
}

/* The background and border of a piece of a rounded inline box cut at a line's end:
 * rounded only at the ends it has (box-decoration-break: slice). A border of unequal
 * widths is drawn straight. */
static void paint_rounded_piece(struct painter *p, const struct frag *f, const struct style *s,
				bool left, bool right)
{
	if (!s->visible)
		return;
	struct pdf_content *c = &p->content;
	double r = s->border_radius, bw = side_width(s, SIDE_TOP);
	bool uniform = bw > 0 && side_width(s, SIDE_BOTTOM) == bw &&
		       (!left || side_width(s, SIDE_LEFT) == bw) && (!right || side_width(s, SIDE_RIGHT) == bw);
	use_alpha(p, s);
	artifact(p, TAGS_ARTIFACT_LAYOUT);
	if (s->background.a > 0 && f->w > 0 && f->h > 0) {
		flush_strokes(p);
		set_fill(p, &s->background);
		content_rounded_piece(c, f->x, f->y, f->w, f->h, r, left, right, true);
		content_fill(c);
	}
	if (!uniform) {
		struct style square = *s;
		square.border_radius = 0;
		paint_box_as(p, f, &square, false, TAGS_ARTIFACT_LAYOUT);
		return;
	}
	flush_strokes(p);
	struct css_color col = border_color(s, SIDE_TOP);
	set_stroke(p, &col);
	content_line_width(c, bw);
	content_dash(c, NULL, 0, 0);
	double in_left = left ? bw / 2 : 0, in_right = right ? bw / 2 : 0;
	content_rounded_piece(c, f->x + in_left, f->y + bw / 2, f->w - in_left - in_right, f->h - bw,
			      r - bw / 2, left, right, false);
	content_stroke(c);
}

/* The backgrounds and borders of a paragraph's boxed inline elements (CSS 2.1, 8
 * and 10.6.1), before its text: around the element's piece on each line, from its
 * font's ascent to its descent widened by the vertical padding and border (which take
 * no room); the start edge only on the first piece, the end edge on the last
 * (box-decoration-break: slice). Decoration: an artifact. */
static void paint_inline_boxes(struct painter *p, const struct frag *f)
{
	const struct inline_content *ic = f->box->content;
	PangoContext *pc = pango_layout_get_context(f->layout);
	PangoLayoutIter *it = pango_layout_get_iter(f->layout);
	int last = f->first_line + f->n_lines;
	for (int i = 0; i < last; i++, pango_layout_iter_next_line(it)) {
		if (i < f->first_line)
			continue;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		/* The line's x ranges count from the layout's left edge. */
		double line_x = f->x - f->x_shift;
		double baseline = f->layout_y + f->lines->baseline[i];
		int line_start = line->start_index, line_end = line->start_index + line->length;
		for (size_t k = 0; k < ic->n_boxed; k++) {
			const struct text_boxed *b = &ic->boxed[k];
			const struct style *s = b->style;
			int start = b->start - f->text_offset, end = b->end - f->text_offset;
			if (b->end < b->start || !s->visible)
				continue;
			start = start > line_start ? start : line_start;
			end = end < line_end ? end : line_end;
			bool opens, closes;
			piece_ends(f, b, line, &opens, &closes);
			if (start > end || (start == end && !opens && !closes))
				continue;
			double x0, x1;
			if (!range_extent(line, start, end, &x0, &x1))
				continue;
			/* The margins are room outside the border. */
			if (opens)
				x0 += text_edge_length(&s->margin[SIDE_LEFT]);
			if (closes)
				x1 -= text_edge_length(&s->margin[SIDE_RIGHT]);
			double ascent, descent, above, below;
			font_extent(pc, s, &ascent, &descent);
			piece_height(s, ascent, descent, &above, &below);
			struct frag box = { 0 };
			box.x = (float)(line_x + x0);
			box.y = (float)(baseline - text_rise(s) - above);
			box.w = (float)(x1 - x0 > 0 ? x1 - x0 : 0);
			box.h = (float)(above + below);
			if (opens && closes) {
				paint_box_as(p, &box, s, true, TAGS_ARTIFACT_LAYOUT);
				continue;
			}
			/* A piece cut at a line's end has no edge there. */
			struct style piece = *s;
			if (!opens)
				piece.border_style[SIDE_LEFT] = BORDER_NONE;
			if (!closes)
				piece.border_style[SIDE_RIGHT] = BORDER_NONE;
			if (s->border_radius > 0)
				paint_rounded_piece(p, &box, &piece, opens, closes);
			else
				paint_box_as(p, &box, &piece, true, TAGS_ARTIFACT_LAYOUT);
		}
	}
	pango_layout_iter_free(it);
}

static void paint_lines(struct painter *p, const struct frag *f, bool repeated)
{
	const struct style *base = f->box->content->base;
	if (!base->visible)
		return;
	if (f->box->content->n_boxed)
		paint_inline_boxes(p, f);
	if (repeated)
		artifact(p, TAGS_ARTIFACT_PAGINATION);
	else
		content_begin(p, f->box, TAGS_TEXT);
	const struct inline_content *content = f->box->content;
	struct drawn_line *drawn = (content->n_links || content->n_leaders || content->n_outlined) &&
					   f->n_lines > 0
					   ? xcalloc((size_t)f->n_lines, sizeof *drawn) : NULL;
	int n_drawn = 0;
	text_drawer_set_color(p->text, &base->color, base->alpha);
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
		text_drawer_line(p->text, line, line_x, baseline);
		note_fonts(p, line);
		if (drawn)
			drawn[n_drawn++] = (struct drawn_line){ line, f->x - f->x_shift,
							       f->layout_y + f->lines->top[i],
							       f->layout_y + f->lines->bottom[i], baseline };
	}
	text_drawer_end(p->text);
	content_end(p);
	/* Leaders are decoration: outside the content's marks. */
	for (int i = 0; i < n_drawn; i++)
		for (size_t k = 0; k < content->n_leaders; k++)
			if (content->leaders[k].index - f->text_offset >= drawn[i].line->start_index &&
			    content->leaders[k].index - f->text_offset <
				    drawn[i].line->start_index + drawn[i].line->length)
				paint_leader(p, f, &content->leaders[k], drawn[i].baseline);
	if (drawn && content->n_outlined)
		paint_inline_outlines(p, f, drawn, n_drawn);
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
		artifact(p, TAGS_ARTIFACT_PAGINATION);
	else if (item)
		content_begin(p, item, TAGS_MARKER);
	else if (parent && parent->kind == FRAG_LINES)
		content_begin(p, parent->box, TAGS_TEXT);
	else if (parent && parent->kind == FRAG_BOX && parent->box &&
		 parent->box->type == BOX_REPLACED)
		content_begin(p, parent->box, TAGS_IMAGE);
	text_drawer_set_color(p->text, &f->style->color, f->style->alpha);
	text_drawer_layout(p->text, f->layout, f->x, f->layout_y);
	if (parent)
		content_end(p);
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
	use_alpha(p, s);
	if (f->box->image) {
		if (repeated)
			artifact(p, TAGS_ARTIFACT_PAGINATION);
		else
			content_begin(p, f->box, TAGS_IMAGE);
		const char *why = NULL;
		content_alpha(&p->content, p->alpha);
		if (pdf_images_draw(p->images, &p->content, f->box->image, x, y, w, h, &why) != 0 &&
		    !p->image_failed) {
			p->image_failed = true;
			diag(p->diag, DIAG_WARNING, p->source_name, 0, 0,
			     "an image is left out of the PDF: %s", why ? why : "it cannot be drawn");
		}
		content_end(p);
		return;
	}
	/* The placeholder's frame is decoration; its alt text (a marker inside) is the figure. */
	artifact(p, TAGS_ARTIFACT_LAYOUT);
	flush_strokes(p);
	static const double dash[2] = { 3, 2 };
	struct pdf_content *c = &p->content;
	content_stroke_color(c, 0.45, 0.45, 0.45, p->alpha);
	content_line_width(c, 1);
	content_line_cap(c, 0);
	content_dash(c, dash, 2, 0);
	content_rect(c, x + 0.5, y + 0.5, w - 1, h - 1);
	content_stroke(c);
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
	use_alpha(p, s);
	artifact(p, TAGS_ARTIFACT_LAYOUT);
	for (int c = 1; c < f->columns; c++) {
		double x = inner_x + c * colw + (c - 0.5) * f->column_gap;
		paint_border_side(p, &as_border, SIDE_LEFT, x, top, x, top + f->column_height,
				  s->column_rule_width);
	}
}

static void paint_frags(struct painter *p, const struct frag *f, const struct frag *parent,
			bool repeated);

/* The outline (CSS UI 4): outside the border box by outline-offset, taking no room,
 * painted after the box's content so that it is on top; every piece of a box split
 * across pages gets one. Decoration: an artifact. */
static void paint_outline_rect(struct painter *p, const struct style *s, double fx, double fy,
			       double fw, double fh)
{
	double w = s->outline_width;
	if (s->outline_style == BORDER_NONE || w <= 0 || !s->visible)
		return;
	use_alpha(p, s);
	artifact(p, TAGS_ARTIFACT_LAYOUT);
	flush_strokes(p);
	struct pdf_content *c = &p->content;
	struct css_color col = s->outline_color_current ? s->color : s->outline_color;
	set_stroke(p, &col);
	double dash[2];
	content_line_cap(c, s->outline_style == BORDER_DOTTED ? 1 : 0);
	if (s->outline_style == BORDER_DASHED) {
		dash[0] = w * 3;
		dash[1] = w * 2;
		content_dash(c, dash, 2, 0);
	} else if (s->outline_style == BORDER_DOTTED) {
		dash[0] = 0;
		dash[1] = w * 2;
		content_dash(c, dash, 2, 0);
	} else {
		content_dash(c, NULL, 0, 0);
	}
	/* Lines along the middle of the outline's band (two thin ones for double). */
	bool twice = s->outline_style == BORDER_DOUBLE && w >= 3;
	double line = twice ? w / 3 : w;
	for (int k = 0; k < (twice ? 2 : 1); k++) {
		double out = s->outline_offset + (twice ? (k ? line / 2 : w - line / 2) : w / 2);
		double x = fx - out, y = fy - out, ow = fw + 2 * out, oh = fh + 2 * out;
		if (ow <= 0 || oh <= 0)
			continue;
		double r = s->border_radius > 0 ? s->border_radius + out : 0;
		content_line_width(c, line);
		content_rounded_rect(c, x, y, ow, oh, r > 0 ? r : 0);
		content_stroke(c);
	}
}

static void paint_outline(struct painter *p, const struct frag *f)
{
	paint_outline_rect(p, f->box->style, f->x, f->y, f->w, f->h);
}

/* The outlines of the inline elements of a paragraph's lines (CSS UI 4): around the
 * element's piece on each line, from its font's ascent to its descent, as Chromium
 * draws them. */
static void paint_inline_outlines(struct painter *p, const struct frag *f,
				  const struct drawn_line *lines, int n_lines)
{
	const struct inline_content *ic = f->box->content;
	PangoContext *pc = pango_layout_get_context(f->layout);
	for (size_t k = 0; k < ic->n_outlined; k++) {
		const struct text_outlined *o = &ic->outlined[k];
		int o_start = o->start - f->text_offset, o_end = o->end - f->text_offset;
		double ascent = 0, descent = 0;
		bool measured = false;
		/* An element with a border, padding or margin: outside its border box. */
		const struct text_boxed *boxed = NULL;
		for (size_t j = 0; j < ic->n_boxed && !boxed; j++)
			if (ic->boxed[j].style == o->style && ic->boxed[j].start == o->start &&
			    ic->boxed[j].end == o->end)
				boxed = &ic->boxed[j];
		for (int i = 0; i < n_lines; i++) {
			PangoLayoutLine *line = lines[i].line;
			int start = o_start > line->start_index ? o_start : line->start_index;
			int end = o_end < line->start_index + line->length ? o_end
									   : line->start_index + line->length;
			if (start >= end)
				continue;
			double x0, x1;
			if (!range_extent(line, start, end, &x0, &x1) || x1 <= x0)
				continue;
			if (!measured) {
				font_extent(pc, o->style, &ascent, &descent);
				measured = true;
			}
			double above = ascent, below = descent;
			if (boxed) {
				bool opens, closes;
				piece_ends(f, boxed, line, &opens, &closes);
				if (opens)
					x0 += text_edge_length(&o->style->margin[SIDE_LEFT]);
				if (closes)
					x1 -= text_edge_length(&o->style->margin[SIDE_RIGHT]);
				piece_height(o->style, ascent, descent, &above, &below);
			}
			double baseline = lines[i].baseline - text_rise(o->style);
			paint_outline_rect(p, o->style, lines[i].x + x0, baseline - above, x1 - x0,
					   above + below);
		}
	}
}

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
			if (f->box->heading_level && f->box->sem.title)
				add_outline_entry(p, f);
		}
		paint_frags(p, f->first_child, f, again);
		if (f->box && f->box->style)
			paint_outline(p, f);
		/* An empty table cell keeps its place in the structure. */
		if (f->box && !f->cut_top && !again)
			tags_ensure(p->tags, f->box);
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

static const char *copy_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct painter *pdf_begin(const struct pdf_metadata *meta, const struct page_refs *targets,
			  bool tagged, FILE *out, struct diag_sink *sink, const char *source_name,
			  struct deps *deps)
{
	struct painter *p = xcalloc(1, sizeof *p);
	p->w = pdfw_new(out);
	p->doc = pdf_doc_new(p->w);
	p->res = resources_new(p->w);
	p->fonts = pdf_fonts_new(p->w);
	p->images = pdf_images_new(p->w, p->res);
	p->tags = tags_new(p->w, tagged, meta->lang);
	content_init(&p->content, p->res);
	p->text = text_drawer_new(&p->content, p->fonts, p->res);
	p->meta = (struct pdf_metadata){
		copy_or_null(meta->title), copy_or_null(meta->author), copy_or_null(meta->subject),
		copy_or_null(meta->keywords), copy_or_null(meta->lang), meta->date, meta->variant,
	};
	p->diag = sink;
	p->source_name = source_name;
	p->deps = deps;
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
static enum tags_artifact margin_box_artifact(const struct page *pg, const struct frag *m)
{
	float middle = m->y + m->h / 2;
	if (middle < pg->ps.margin[SIDE_TOP])
		return TAGS_ARTIFACT_HEADER;
	if (middle > pg->ps.height - pg->ps.margin[SIDE_BOTTOM])
		return TAGS_ARTIFACT_FOOTER;
	return TAGS_ARTIFACT_PAGINATION;
}

void pdf_page(struct painter *p, const struct page *pg)
{
	struct pdf_content *c = &p->content;
	content_reset(c);
	p->page_h = pg->ps.height;
	p->page_obj = pdf_doc_page_begin(p->doc, pg->ps.width * PT_PER_PX, pg->ps.height * PT_PER_PX);
	p->n_annots = 0;
	p->alpha = 1;
	tags_page_begin(p->tags, p->page_obj, c);
	/* CSS px with y down, from the top left corner. */
	content_transform(c, PT_PER_PX, 0, 0, -PT_PER_PX, 0, pg->ps.height * PT_PER_PX);
	if (pg->ps.background.a > 0) {
		tags_artifact_page_background(p->tags, pg->ps.width * PT_PER_PX,
					      pg->ps.height * PT_PER_PX);
		set_fill(p, &pg->ps.background);
		content_rect(c, 0, 0, pg->ps.width, pg->ps.height);
		content_fill(c);
	}
	/* The canvas: the root's background (or body's) over the page area. */
	if (pg->canvas.a > 0) {
		double x = pg->ps.margin[SIDE_LEFT], y = pg->ps.margin[SIDE_TOP];
		double w = pg->ps.width - x - pg->ps.margin[SIDE_RIGHT];
		double h = pg->ps.height - y - pg->ps.margin[SIDE_BOTTOM];
		if (w > 0 && h > 0) {
			artifact(p, TAGS_ARTIFACT_LAYOUT);
			set_fill(p, &pg->canvas);
			content_rect(c, x, y, w, h);
			content_fill(c);
		}
	}
	paint_decorations(p, pg->root);
	paint_frags(p, pg->root, NULL, false);
	/* Margin boxes: their backgrounds and borders, then their text, one artifact each. */
	for (const struct frag *m = pg->margin_boxes; m; m = m->next) {
		enum tags_artifact kind = margin_box_artifact(pg, m);
		paint_box_as(p, m, m->style, true, kind);
		if (m->first_child) {
			artifact(p, kind);
			paint_marker(p, m->first_child, NULL, false);
		}
	}
	flush_strokes(p);
	int key = tags_page_end(p->tags);
	pdf_doc_page_end(p->doc, &c->b, resources_object(p->res), key, p->annots, p->n_annots);
}

static void painter_free(struct painter *p)
{
	text_drawer_free(p->text);
	content_free(&p->content);
	tags_free(p->tags);
	pdf_images_free(p->images);
	pdf_fonts_free(p->fonts);
	resources_free(p->res);
	pdf_doc_free(p->doc);
	pdfw_free(p->w);
	free(p->strokes.segments);
	free(p->annots);
	free(p->ids);
	free(p->emitted);
	free((char *)p->meta.title);
	free((char *)p->meta.author);
	free((char *)p->meta.subject);
	free((char *)p->meta.keywords);
	free((char *)p->meta.lang);
	free(p);
}

/* Where Debian keeps the sRGB profile (package colord-data). */
static const char SRGB_PROFILE[] = "/usr/share/color/icc/colord/sRGB.icc";

/* The sRGB profile a PDF/A output intent embeds: 0, or -1 after reporting. */
static int read_srgb_profile(struct painter *p, unsigned char **data, size_t *len)
{
	FILE *f = fopen(SRGB_PROFILE, "rb");
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1 << 22))
		buf_add(&b, chunk, n);
	bool ok = f && !ferror(f) && b.len >= 128;
	if (f)
		fclose(f);
	if (!ok) {
		buf_free(&b);
		diag(p->diag, DIAG_ERROR, p->source_name, 0, 0,
		     "PDF/A needs the sRGB colour profile %s (Debian package colord-data): it cannot "
		     "be read", SRGB_PROFILE);
		return -1;
	}
	if (p->deps)
		deps_add(p->deps, SRGB_PROFILE);
	*data = (unsigned char *)b.data;
	*len = b.len;
	return 0;
}

int pdf_finish(struct painter *p)
{
	unsigned char *icc = NULL;
	size_t icc_len = 0;
	const char *why = NULL;
	if (pdf_images_finish(p->images, &why) != 0)
		diag(p->diag, DIAG_WARNING, p->source_name, 0, 0, "the SVG pictures are left out of the PDF: %s",
		     why ? why : "they cannot be drawn");
	int status = pdf_fonts_finish(p->fonts, p->diag, p->source_name);
	if (status == 0 && p->meta.variant != PDF_VARIANT_PLAIN)
		status = read_srgb_profile(p, &icc, &icc_len);
	resources_finish(p->res);
	int tree = tags_finish(p->tags);
	/* PDF/UA-1 is claimed only where the file meets what can be checked here. */
	const char *ua_problem = tags_ua_problem(p->tags);
	if (ua_problem && tags_enabled(p->tags))
		diag(p->diag, DIAG_NOTE, p->source_name, 0, 0,
		     "the PDF is tagged but not claimed to be PDF/UA-1: %s", ua_problem);
	struct pdf_doc_info info = {
		.meta = &p->meta,
		.pdf_ua = ua_problem == NULL,
		.pdf_a = p->meta.variant == PDF_VARIANT_A2B ? 'B' : p->meta.variant == PDF_VARIANT_A2U ? 'U'
			 : p->meta.variant == PDF_VARIANT_A2A ? 'A' : 0,
		.icc = icc, .icc_len = icc_len,
	};
	int info_obj = 0;
	int catalog = pdf_doc_finish(p->doc, &info, tree, &info_obj);
	if (status == 0)
		status = pdfw_finish(p->w, catalog, info_obj, p->diag, p->source_name);
	free(icc);
	painter_free(p);
	return status;
}

void pdf_dump_tags(const struct painter *p, FILE *out)
{
	tags_dump(p->tags, out);
}

void pdf_abandon(struct painter *p)
{
	if (!p)
		return;
	painter_free(p);
}
