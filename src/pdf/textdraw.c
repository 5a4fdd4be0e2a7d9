/* Text into a content stream: a PangoRenderer that writes glyph strings as PDF text. */
#include "pdf/textdraw.h"
#include "pdf/content.h"
#include "pdf/fonts.h"
#include "pdf/resources.h"
#include "pdf/writer.h"
#include "css/value.h"
#include "layout/text.h"
#include "style/style.h"
#include "base/alloc.h"

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-ot.h>
#include <math.h>
#include <pango/pangofc-font.h>
#include <string.h>

/* What drawing with one PangoFont takes, found once. */
struct font_use {
	struct pdf_font *font;   /* NULL: the face cannot be embedded */
	double size;             /* the em in px */
	double hscale;           /* horizontal scale of the glyphs (1 unless condensed by a matrix) */
	double skew;             /* a synthetic oblique's slant (x per y) */
	bool embolden;           /* a synthetic bold: outlines stroked as well */
	unsigned space;          /* the face's glyph for U+0020, or 0 */
};

/* Where the text being written is: the PDF's pen after the last glyph. */
struct pen {
	double x, y;     /* px */
	bool in_array;   /* a TJ array is open */
	bool in_string;  /* and a string in it */
	bool line_set;   /* the text object has a line start (lx, ly), for Td */
	double lx, ly;   /* px */
};

/* A glyph of a cluster and where it goes. */
struct placed {
	unsigned glyph;
	double x, y; /* px */
};

typedef struct {
	PangoRenderer parent;
	struct pdf_content *c;
	struct pdf_fonts *fonts;
	struct pdf_resources *res;
	double origin_x, origin_y; /* added to what Pango gives, in px */
	struct css_color color;    /* text with no colour of its own */
	double group_alpha;        /* opacity: every alpha is multiplied by it */
	GHashTable *uses;          /* PangoFont* → struct font_use* */
	struct buf scratch;        /* cluster text */
	bool in_text;              /* a text object (BT) is open */
	const struct font_use *tf; /* the font it has set, or NULL */
	struct pen pen;            /* where its pen is */
	struct placed *placed;     /* the glyphs of the cluster being drawn */
	size_t cap_placed;
} PdfRenderer;

typedef struct {
	PangoRendererClass parent_class;
} PdfRendererClass;

static GType pdf_renderer_get_type(void);
G_DEFINE_TYPE(PdfRenderer, pdf_renderer, PANGO_TYPE_RENDERER)

struct text_drawer {
	PdfRenderer *r;
};

static double px(int pango_units)
{
	return (double)pango_units / PANGO_SCALE;
}

static struct font_use *use_of(PdfRenderer *r, PangoFont *font)
{
	struct font_use *u = g_hash_table_lookup(r->uses, font);
	if (u)
		return u;
	u = xcalloc(1, sizeof *u);
	u->font = pdf_fonts_get(r->fonts, font);
	int xs = 0, ys = 0;
	hb_font_get_scale(pango_font_get_hb_font(font), &xs, &ys);
	u->size = fabs((double)ys) / PANGO_SCALE;
	u->hscale = ys ? fabs((double)xs / ys) : 1;
	u->skew = 0;
	hb_codepoint_t space = 0;
	if (hb_font_get_nominal_glyph(pango_font_get_hb_font(font), ' ', &space))
		u->space = space;
	if (PANGO_IS_FC_FONT(font)) {
		FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
		FcMatrix *m = NULL;
		if (FcPatternGetMatrix(pat, FC_MATRIX, 0, &m) == FcResultMatch && m && m->yy != 0)
			u->skew = m->xy / m->yy;
		FcBool bold = FcFalse;
		if (FcPatternGetBool(pat, FC_EMBOLDEN, 0, &bold) == FcResultMatch)
			u->embolden = bold;
	}
	if (u->font)
		resources_font(r->res, pdf_font_resource(u->font), pdf_font_object(u->font));
	g_hash_table_insert(r->uses, font, u);
	return u;
}

static void set_part_color(PdfRenderer *r, PangoRenderPart part, bool stroke_too)
{
	PangoRenderer *pr = (PangoRenderer *)r;
	PangoColor *pc = pango_renderer_get_color(pr, part);
	guint16 alpha = pango_renderer_get_alpha(pr, part);
	double red = r->color.r, green = r->color.g, blue = r->color.b, a = r->color.a;
	if (pc) {
		red = pc->red / 65535.0;
		green = pc->green / 65535.0;
		blue = pc->blue / 65535.0;
	}
	if (alpha)
		a = alpha / 65535.0;
	a *= r->group_alpha;
	content_fill_color(r->c, red, green, blue, a);
	if (stroke_too)
		content_stroke_color(r->c, red, green, blue, a);
}

/* ---- glyphs ---- */

static void end_array(struct buf *b, struct pen *pen)
{
	if (pen->in_array) {
		buf_puts(b, pen->in_string ? ")] TJ\n" : "] TJ\n");
		pen->in_array = false;
		pen->in_string = false;
	}
}

/* Moves the pen to (x, y): relative to the line start when the text object has one
 * (Td, shorter), else with a text matrix for font u (its scale and slant). */
static void move_to(struct buf *b, const struct font_use *u, struct pen *pen, double x, double y)
{
	end_array(b, pen);
	if (pen->line_set) {
		/* Td moves by (tx·h + ty·skew, −ty) px: the glyphs are flipped upright. */
		double dy = y - pen->ly;
		double ty = round(-dy * 1000) / 1000;
		double tx = round((x - pen->lx - ty * u->skew) / u->hscale * 1000) / 1000;
		pdf_put_num(b, tx, 3);
		buf_putc(b, ' ');
		pdf_put_num(b, ty, 3);
		buf_puts(b, " Td\n");
		pen->lx += tx * u->hscale + ty * u->skew;
		pen->ly -= ty;
		pen->x = pen->lx;
		pen->y = pen->ly;
		return;
	}
	pdf_put_num(b, u->hscale, 4);
	buf_puts(b, " 0 ");
	pdf_put_num(b, u->skew, 4);
	buf_puts(b, " -1 ");
	pdf_put_num(b, x, 3);
	buf_putc(b, ' ');
	pdf_put_num(b, y, 3);
	buf_puts(b, " Tm\n");
	pen->x = pen->lx = round(x * 1000) / 1000;
	pen->y = pen->ly = round(y * 1000) / 1000;
	pen->line_set = true;
}

static void show_glyph(struct buf *b, const struct font_use *u, struct pen *pen, unsigned glyph,
		       double x, double y)
{
	bool other_line = fabs(y - pen->y) > 0.002;
	if (other_line || !pen->in_array) {
		if (other_line || fabs(x - pen->x) * 1000 / (u->size * u->hscale) > 30000)
			move_to(b, u, pen, x, y);
		if (!pen->in_array) {
			buf_putc(b, '[');
			pen->in_array = true;
		}
	}
	/* TJ numbers move the pen left by thousandths of the em. Pango's positions are
	 * whole 1/1024 px: within a thousandth of the em of the font's own advances, the
	 * glyph stays where the pen is, and the difference is made up when it grows. */
	double em = u->size * u->hscale;
	double adjust = (pen->x - x) * 1000 / em;
	if (fabs(adjust) >= 1) {
		long whole = lround(adjust);
		if (pen->in_string)
			buf_putc(b, ')');
		pdf_put_int(b, whole);
		pen->in_string = false;
		pen->x -= (double)whole * em / 1000;
	}
	/* The code's bytes as they are in a literal string (a string may hold any byte):
	 * a third of the size of hex. Only the delimiters, the escape and a carriage
	 * return (which a reader would take for an end of line) are escaped. */
	if (!pen->in_string) {
		buf_putc(b, '(');
		pen->in_string = true;
	}
	unsigned char code[2];
	int n = pdf_font_code(u->font, glyph, code);
	for (int i = 0; i < n; i++) {
		if (code[i] == '(' || code[i] == ')' || code[i] == '\\')
			buf_putc(b, '\\');
		if (code[i] == '\r')
			buf_puts(b, "\\r");
		else
			buf_putc(b, (char)code[i]);
	}
	pen->x += pdf_font_width(u->font, glyph) * em / 1000;
}

/* The text of the cluster whose glyphs are i .. i+n-1: from its byte offset to where
 * the next cluster in the text starts (the glyph after it, or before it in a
 * right-to-left run), or the item's end. */
static void cluster_text(const char *text, const PangoGlyphItem *gi, int i, int n, const char **start,
			 int *len)
{
	const PangoItem *item = gi->item;
	const PangoGlyphString *gs = gi->glyphs;
	int from = gs->log_clusters[i];
	bool rtl = item->analysis.level & 1;
	int next = rtl ? i - 1 : i + n;
	int to = next >= 0 && next < gs->num_glyphs ? gs->log_clusters[next] : item->length;
	if (to <= from || to > item->length) {
		/* Clusters out of order: the nearest larger start. */
		to = item->length;
		for (int k = 0; k < gs->num_glyphs; k++)
			if (gs->log_clusters[k] > from && gs->log_clusters[k] < to)
				to = gs->log_clusters[k];
	}
	if (from > item->length)
		from = item->length;
	*start = text + item->offset + from;
	*len = to - from;
}

/* A soft hyphen stands for nothing where it is shown as a hyphen: the word reads whole. */
static void text_without_soft_hyphens(struct buf *out, const char *s, int len)
{
	out->len = 0;
	buf_reserve(out, (size_t)len + 1);
	for (int i = 0; i < len; i++) {
		if ((unsigned char)s[i] == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xAD) {
			i++;
			continue;
		}
		buf_putc(out, s[i]);
	}
	out->data[out->len] = '\0';
}

static void draw_unknown_glyph(PdfRenderer *r, PangoFont *font, PangoGlyph glyph, double x, double y)
{
	PangoRectangle ink;
	pango_font_get_glyph_extents(font, glyph, &ink, NULL);
	double w = px(ink.width), h = px(ink.height);
	if (w <= 1 || h <= 1)
		return;
	content_line_width(r->c, 0.75);
	content_rect(r->c, x + px(ink.x) + 0.5, y + px(ink.y) + 0.5, w - 1, h - 1);
	content_stroke(r->c);
}

/* Ends the text object, if one is open: before paths, and at a line's end. */
static void end_text(PdfRenderer *r)
{
	if (!r->in_text)
		return;
	end_array(&r->c->b, &r->pen);
	buf_puts(&r->c->b, "ET\n");
	r->in_text = false;
	r->tf = NULL;
	r->pen.line_set = false;
}

/* Makes sure a text object is open with font u set; the runs of one line share it,
 * the pen going on from one to the next. */
static void begin_text(PdfRenderer *r, const struct font_use *u, double x, double y)
{
	struct buf *b = &r->c->b;
	bool move = false;
	if (!r->in_text) {
		buf_puts(b, "BT\n");
		r->in_text = true;
		r->tf = NULL;
		move = true;
	}
	if (r->tf == u)
		return;
	end_array(b, &r->pen);
	buf_putc(b, '/');
	buf_puts(b, pdf_font_resource(u->font));
	buf_putc(b, ' ');
	pdf_put_num(b, u->size, 3);
	buf_puts(b, " Tf\n");
	if (!r->tf || r->tf->hscale != u->hscale || r->tf->skew != u->skew) {
		r->pen.line_set = false; /* a new text matrix */
		move = true;
	}
	r->tf = u;
	if (move)
		move_to(b, u, &r->pen, x, y);
}

static void draw_glyph_item(PangoRenderer *pr, const char *text, PangoGlyphItem *gi, int x, int y)
{
	PdfRenderer *r = (PdfRenderer *)pr;
	PangoFont *font = gi->item->analysis.font;
	PangoGlyphString *gs = gi->glyphs;
	if (!font || gs->num_glyphs == 0)
		return;
	struct font_use *u = use_of(r, font);
	end_array(&r->c->b, &r->pen); /* a colour is not set inside a TJ array */
	set_part_color(r, PANGO_RENDER_PART_FOREGROUND, u->embolden);
	double base_x = r->origin_x + px(x), base_y = r->origin_y + px(y);
	struct buf *b = &r->c->b;
	struct pen *pen = &r->pen;
	bool bold_set = false;
	double at = 0; /* px along the run */
	/* Cluster by cluster: its glyphs, and the text they stand for. */
	for (int i = 0, n; i < gs->num_glyphs; i += n) {
		n = 1;
		while (i + n < gs->num_glyphs && gs->log_clusters[i + n] == gs->log_clusters[i])
			n++;
		const char *ct;
		int clen;
		cluster_text(text, gi, i, n, &ct, &clen);
		/* Where each glyph goes, and which are drawn (Pango empties some). */
		if ((size_t)n + 1 > r->cap_placed) {
			r->cap_placed = (size_t)n + 16;
			r->placed = xrealloc(r->placed, r->cap_placed * sizeof *r->placed);
		}
		struct placed *drawn = r->placed;
		int n_drawn = 0;
		bool unknown = false;
		for (int k = 0; k < n; k++) {
			PangoGlyphInfo *g = &gs->glyphs[i + k];
			double gx = base_x + at + px(g->geometry.x_offset);
			double gy = base_y + px(g->geometry.y_offset);
			at += px(g->geometry.width);
			if (g->glyph == PANGO_GLYPH_EMPTY)
				continue;
			if ((g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || !u->font) {
				if (bold_set) {
					buf_puts(b, "0 Tr\n");
					bold_set = false;
				}
				end_text(r);
				draw_unknown_glyph(r, font, g->glyph, gx, gy);
				unknown = true;
				continue;
			}
			drawn[n_drawn++] = (struct placed){ g->glyph, gx, gy };
		}
		if (n_drawn == 0 && !unknown && clen == 1 && *ct == ' ' && u->space && u->font) {
			/* Pango empties the space that ends a wrapped line; drawn as the blank it
			 * is, it keeps the words of the two lines apart for a reader. */
			drawn[n_drawn++] = (struct placed){ u->space, base_x + at, base_y };
		}
		if (n_drawn == 0)
			continue;
		begin_text(r, u, drawn[0].x, drawn[0].y);
		if (u->embolden && !bold_set) {
			/* A synthetic bold: the outlines stroked as well as filled. */
			end_array(b, pen);
			content_line_width(r->c, u->size / 30);
			buf_puts(b, "2 Tr\n");
			bold_set = true;
		}
		text_without_soft_hyphens(&r->scratch, ct, clen);
		/* One glyph that reads as its text: drawn as it is, the font's ToUnicode
		 * saying what it reads as. */
		if (n_drawn == 1 && r->scratch.len > 0 &&
		    pdf_font_use(u->font, drawn[0].glyph, r->scratch.data, r->scratch.len)) {
			show_glyph(b, u, pen, drawn[0].glyph, drawn[0].x, drawn[0].y);
			continue;
		}
		/* Glyphs that do not read as their characters (a ligature's parts, a hyphen
		 * Pango put at a line's end, which reads as nothing): the cluster's text is
		 * given, and the glyphs keep their own entries in the ToUnicode map. */
		end_array(b, pen);
		buf_puts(b, "/Span << /ActualText ");
		pdf_put_text(b, r->scratch.data);
		buf_puts(b, " >> BDC\n");
		for (int k = 0; k < n_drawn; k++)
			show_glyph(b, u, pen, drawn[k].glyph, drawn[k].x, drawn[k].y);
		end_array(b, pen);
		buf_puts(b, "EMC\n");
	}
	if (bold_set) {
		end_array(b, pen);
		buf_puts(b, "0 Tr\n");
	}
}

static void draw_glyphs(PangoRenderer *pr, PangoFont *font, PangoGlyphString *glyphs, int x, int y)
{
	/* Glyphs with no text (never from a layout): drawn as standing for nothing. */
	PangoItem item = { 0 };
	item.analysis.font = font;
	item.length = 0;
	PangoGlyphItem gi = { .item = &item, .glyphs = glyphs };
	draw_glyph_item(pr, "", &gi, x, y);
}

static void draw_rectangle(PangoRenderer *pr, PangoRenderPart part, int x, int y, int width,
			   int height)
{
	PdfRenderer *r = (PdfRenderer *)pr;
	end_text(r);
	set_part_color(r, part, false);
	content_rect(r->c, r->origin_x + px(x), r->origin_y + px(y), px(width), px(height));
	content_fill(r->c);
}

static void draw_trapezoid(PangoRenderer *pr, PangoRenderPart part, double y1, double x11,
			   double x21, double y2, double x12, double x22)
{
	PdfRenderer *r = (PdfRenderer *)pr;
	end_text(r);
	set_part_color(r, part, false);
	double ox = r->origin_x, oy = r->origin_y;
	content_move(r->c, ox + x11, oy + y1);
	content_line(r->c, ox + x21, oy + y1);
	content_line(r->c, ox + x22, oy + y2);
	content_line(r->c, ox + x12, oy + y2);
	content_close(r->c);
	content_fill(r->c);
}

static void draw_shape(PangoRenderer *pr, PangoAttrShape *attr, int x, int y)
{
	/* Inline-blocks and images in the text are painted as boxes of their own. A
	 * hyphenate-character string at a line's end is drawn here, standing for no text
	 * (the soft hyphen it replaces reads as nothing: the word reads whole). */
	const struct text_hyphen *h = text_shape_hyphen(attr);
	for (int i = 0; h && i < h->n; i++) {
		draw_glyphs(pr, h->items[i]->analysis.font, h->glyphs[i], x, y);
		x += pango_glyph_string_get_width(h->glyphs[i]);
	}
}

static void pdf_renderer_finalize(GObject *obj)
{
	PdfRenderer *r = (PdfRenderer *)obj;
	g_hash_table_destroy(r->uses);
	free(r->placed);
	buf_free(&r->scratch);
	G_OBJECT_CLASS(pdf_renderer_parent_class)->finalize(obj);
}

static void pdf_renderer_init(PdfRenderer *r)
{
	r->uses = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free);
}

static void pdf_renderer_class_init(PdfRendererClass *klass)
{
	PangoRendererClass *rc = PANGO_RENDERER_CLASS(klass);
	rc->draw_glyph_item = draw_glyph_item;
	rc->draw_glyphs = draw_glyphs;
	rc->draw_rectangle = draw_rectangle;
	rc->draw_trapezoid = draw_trapezoid;
	rc->draw_shape = draw_shape;
	G_OBJECT_CLASS(klass)->finalize = pdf_renderer_finalize;
}

struct text_drawer *text_drawer_new(struct pdf_content *c, struct pdf_fonts *fs,
				    struct pdf_resources *res)
{
	struct text_drawer *d = xcalloc(1, sizeof *d);
	d->r = g_object_new(pdf_renderer_get_type(), NULL);
	d->r->c = c;
	d->r->fonts = fs;
	d->r->res = res;
	d->r->color = (struct css_color){ 0, 0, 0, 1 };
	d->r->group_alpha = 1;
	return d;
}

void text_drawer_free(struct text_drawer *d)
{
	if (!d)
		return;
	g_object_unref(d->r);
	free(d);
}

void text_drawer_set_color(struct text_drawer *d, const struct css_color *color, double group_alpha)
{
	d->r->color = *color;
	d->r->group_alpha = group_alpha;
}

/* ---- decoration lines (CSS Text Decoration 3 and 4) ---- */

/* A stretch of one line under one box's decorations. */
struct deco_span {
	const struct text_decoration *d;
	double x0, x1;   /* px */
	PangoFont *font; /* the font of its first run */
};

enum { MAX_SPANS = 32 };

/* Where a line's decorations go: each box's over the runs it reaches, runs side by side
 * drawn as one stretch (a wavy or dotted line does not start again at a font change). */
static int line_spans(PangoLayoutLine *line, double x, struct deco_span *spans)
{
	int n = 0;
	double at = x;
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		double w = px(pango_glyph_string_get_width(run->glyphs));
		/* Ancestors' first: a descendant's line at the same place is drawn over them. */
		const struct text_decoration *chain[16];
		int depth = 0;
		for (const struct text_decoration *d = text_item_decorations(run->item); d && depth < 16;
		     d = d->next)
			chain[depth++] = d;
		while (depth > 0) {
			const struct text_decoration *d = chain[--depth];
			int k = 0;
			while (k < n && !(spans[k].d == d && fabs(spans[k].x1 - at) < 0.01))
				k++;
			if (k < n)
				spans[k].x1 = at + w;
			else if (n < MAX_SPANS)
				spans[n++] = (struct deco_span){ d, at, at + w, run->item->analysis.font };
		}
		at += w;
	}
	return n;
}

/* The decorating box's font metrics, in px. */
struct deco_metrics {
	double underline_pos, underline_thickness; /* above the baseline (below: negative) */
	double strike_pos, strike_thickness;
	double ascent;
};

/* Whether a run's font is the decorating box's (its size, weight and slant; the
 * family the run got is one of the box's list), so its metrics can be read without
 * loading a font: most lines are decorated by the box whose text they show. */
static bool font_is(PangoFont *font, const struct text_decoration *d)
{
	if (!font)
		return false;
	PangoFontDescription *fd = pango_font_describe_with_absolute_size(font);
	PangoStyle st = pango_font_description_get_style(fd);
	bool same = fabs(px(pango_font_description_get_size(fd)) - d->font_size) < 0.01 &&
		    (int)pango_font_description_get_weight(fd) == d->font_weight &&
		    (st == PANGO_STYLE_ITALIC) == (d->font_style == FONT_ITALIC) &&
		    (st == PANGO_STYLE_OBLIQUE) == (d->font_style == FONT_OBLIQUE);
	pango_font_description_free(fd);
	return same;
}

static void deco_metrics(PangoContext *pc, const struct deco_span *span, struct deco_metrics *m)
{
	const struct text_decoration *d = span->d;
	PangoFont *font = NULL;
	if (font_is(span->font, d)) {
		font = g_object_ref(span->font);
	} else {
		PangoFontDescription *fd = pango_font_description_new();
		pango_font_description_set_family(fd, d->font_family);
		pango_font_description_set_absolute_size(fd, d->font_size * PANGO_SCALE);
		pango_font_description_set_weight(fd, (PangoWeight)d->font_weight);
		pango_font_description_set_style(fd, d->font_style == FONT_ITALIC ? PANGO_STYLE_ITALIC
						     : d->font_style == FONT_OBLIQUE ? PANGO_STYLE_OBLIQUE
						     : PANGO_STYLE_NORMAL);
		font = pango_context_load_font(pc, fd);
		pango_font_description_free(fd);
	}
	/* Without a font, the proportions of a common one. */
	*m = (struct deco_metrics){ -0.1 * d->font_size, 0.05 * d->font_size, 0.3 * d->font_size,
				    0.05 * d->font_size, 0.8 * d->font_size };
	if (!font)
		return;
	/* From the font's tables through HarfBuzz (in Pango units, as Pango scales its
	 * fonts): Pango's own metrics would lay out sample text to measure the font. */
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_position_t v;
	if (hb_ot_metrics_get_position(hb, HB_OT_METRICS_TAG_UNDERLINE_OFFSET, &v))
		m->underline_pos = px(v);
	if (hb_ot_metrics_get_position(hb, HB_OT_METRICS_TAG_UNDERLINE_SIZE, &v) && v > 0)
		m->underline_thickness = px(v);
	if (hb_ot_metrics_get_position(hb, HB_OT_METRICS_TAG_STRIKEOUT_OFFSET, &v))
		m->strike_pos = px(v);
	if (hb_ot_metrics_get_position(hb, HB_OT_METRICS_TAG_STRIKEOUT_SIZE, &v) && v > 0)
		m->strike_thickness = px(v);
	hb_font_extents_t ext;
	if (hb_font_get_h_extents(hb, &ext) && ext.ascender > 0)
		m->ascent = px(ext.ascender);
	g_object_unref(font);
}

/* One decoration line from x0 to x1 whose top edge is at y, t thick; `away` is the
 * side a double line's second line and a wavy line's swing go (1 down, -1 up, 0 both). */
static void draw_deco_line(struct pdf_content *c, enum decoration_style style, double x0,
			   double x1, double y, double t, int away)
{
	if (x1 - x0 < 0.01 || t <= 0)
		return;
	double mid = y + t / 2;
	switch (style) {
	case DECO_SOLID:
		content_rect(c, x0, y, x1 - x0, t);
		content_fill(c);
		break;
	case DECO_DOUBLE: {
		/* Two thinner lines, as Chromium draws them: each 0.6 of the thickness,
		 * their middles 1.8 thicknesses apart. */
		double w = t * 0.6, gap = t * 1.8;
		double first = away > 0 ? y : away < 0 ? y + t - w : mid - gap / 2 - w / 2;
		double second = away > 0 ? first + gap : away < 0 ? first - gap : first + gap;
		content_rect(c, x0, first, x1 - x0, w);
		content_rect(c, x0, second, x1 - x0, w);
		content_fill(c);
		break;
	}
	case DECO_DOTTED:
	case DECO_DASHED: {
		/* Square dots a thickness wide, a thickness apart; dashes of 3.6 thicknesses
		 * with gaps of 2.4 (what Chromium draws). */
		double pattern[2] = { t, t };
		if (style == DECO_DASHED) {
			pattern[0] = 3.6 * t;
			pattern[1] = 2.4 * t;
		}
		content_line_width(c, t);
		content_dash(c, pattern, 2, 0);
		content_move(c, x0, mid);
		content_line(c, x1, mid);
		content_stroke(c);
		content_dash(c, NULL, 0, 0);
		break;
	}
	case DECO_WAVY: {
		/* Half waves three thicknesses long, rising and falling 0.9 of a thickness
		 * (a cubic whose control points are twice as far out peaks at 3/4 of them). */
		double amp = t * 0.6 < 0.5 ? 0.5 : t * 0.6, half = t * 3 < 2 ? 2 : t * 3;
		double peak = amp * 1.5;
		double base = mid + (away > 0 ? peak : away < 0 ? -peak : 0);
		content_line_width(c, t);
		content_move(c, x0, base);
		int sign = -1;
		for (double x = x0; x < x1 - 0.01 && x < x0 + 1e5; x += half, sign = -sign) {
			double e = x + half;
			content_curve(c, x + half / 2, base + sign * amp * 2, x + half / 2,
				      base + sign * amp * 2, e, base);
		}
		content_stroke(c);
		break;
	}
	}
}

/* Draws the lines of the spans that are of `lines` (underline and overline go under the
 * text, line-through over it, as CSS paints them). */
static void draw_decorations(PdfRenderer *r, PangoContext *pc, const struct deco_span *spans,
			     int n, unsigned lines, double baseline)
{
	bool ended = false;
	for (int i = 0; i < n; i++) {
		const struct text_decoration *d = spans[i].d;
		if (!(d->lines & lines))
			continue;
		if (!ended) {
			end_text(r);
			ended = true;
		}
		struct deco_metrics m;
		deco_metrics(pc, &spans[i], &m);
		double auto_t = d->font_size / 10 < 1 ? 1 : d->font_size / 10;
		double t = d->thickness_kind == DECO_LEN_PX ? d->thickness : auto_t;
		content_fill_color(r->c, d->color.r, d->color.g, d->color.b, d->color.a);
		content_stroke_color(r->c, d->color.r, d->color.g, d->color.b, d->color.a);
		if (d->lines & lines & DECO_UNDERLINE) {
			double ut = d->thickness_kind == DECO_LEN_FROM_FONT && m.underline_thickness > 0
					    ? m.underline_thickness : t;
			double top = baseline + (d->offset_kind == DECO_LEN_PX ? d->underline_offset
									       : -m.underline_pos);
			draw_deco_line(r->c, d->style, spans[i].x0, spans[i].x1, top, ut, 1);
		}
		if (d->lines & lines & DECO_OVERLINE) {
			double ot = d->thickness_kind == DECO_LEN_FROM_FONT && m.underline_thickness > 0
					    ? m.underline_thickness : t;
			draw_deco_line(r->c, d->style, spans[i].x0, spans[i].x1, baseline - m.ascent, ot, -1);
		}
		if (d->lines & lines & DECO_LINE_THROUGH) {
			double st = d->thickness_kind == DECO_LEN_FROM_FONT && m.strike_thickness > 0
					    ? m.strike_thickness : t;
			double mid = baseline - m.strike_pos + m.strike_thickness / 2;
			draw_deco_line(r->c, d->style, spans[i].x0, spans[i].x1, mid - st / 2, st, 0);
		}
	}
}

static void draw_line(PdfRenderer *r, PangoLayoutLine *line, double x, double y)
{
	struct deco_span spans[MAX_SPANS];
	int n = line_spans(line, x, spans);
	PangoContext *pc = n ? pango_layout_get_context(line->layout) : NULL;
	if (n)
		draw_decorations(r, pc, spans, n, DECO_UNDERLINE | DECO_OVERLINE, y);
	r->origin_x = x;
	r->origin_y = y;
	pango_renderer_draw_layout_line((PangoRenderer *)r, line, 0, 0);
	if (n)
		draw_decorations(r, pc, spans, n, DECO_LINE_THROUGH, y);
}

void text_drawer_line(struct text_drawer *d, PangoLayoutLine *line, double x, double y)
{
	draw_line(d->r, line, x, y);
}

void text_drawer_layout(struct text_drawer *d, PangoLayout *layout, double x, double y)
{
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		draw_line(d->r, pango_layout_iter_get_line_readonly(it), x + px(logical.x),
			  y + px(pango_layout_iter_get_baseline(it)));
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	end_text(d->r);
}

void text_drawer_end(struct text_drawer *d)
{
	end_text(d->r);
}
