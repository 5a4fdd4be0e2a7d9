/* Inline content: white-space processing, styled runs as Pango attributes, layouts. */
#include "layout/text.h"
#include "layout/hyphen.h"
#include "style/style.h"
#include "base/arena.h"
#include "base/alloc.h"
#include "base/buf.h"

#include <math.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

/* Pango's variant for font-variant-caps. */
static PangoVariant caps_variant(enum font_caps caps)
{
	static const PangoVariant variants[] = {
		[FONT_CAPS_NORMAL] = PANGO_VARIANT_NORMAL,
		[FONT_CAPS_SMALL] = PANGO_VARIANT_SMALL_CAPS,
		[FONT_CAPS_ALL_SMALL] = PANGO_VARIANT_ALL_SMALL_CAPS,
		[FONT_CAPS_PETITE] = PANGO_VARIANT_PETITE_CAPS,
		[FONT_CAPS_ALL_PETITE] = PANGO_VARIANT_ALL_PETITE_CAPS,
		[FONT_CAPS_UNICASE] = PANGO_VARIANT_UNICASE,
		[FONT_CAPS_TITLING] = PANGO_VARIANT_TITLE_CAPS,
	};
	return variants[caps];
}

/* ---- the decoration attribute ----
 * Decorations are drawn by the painter, not by Pango (which knows one style and no
 * thickness or offset): each run carries its box's decoration list in an attribute of
 * our own, which Pango keeps in the items' extra attributes. */

typedef struct {
	PangoAttribute attr;
	const struct text_decoration *list; /* in the document's arena */
} DecorationAttr;

static PangoAttrClass decoration_class; /* its type registered once, then only read */
static pthread_once_t decoration_class_made = PTHREAD_ONCE_INIT;

static PangoAttribute *decoration_copy(const PangoAttribute *attr)
{
	const DecorationAttr *d = (const DecorationAttr *)attr;
	DecorationAttr *copy = g_slice_new(DecorationAttr);
	pango_attribute_init(&copy->attr, &decoration_class);
	copy->list = d->list;
	return &copy->attr;
}

static void decoration_destroy(PangoAttribute *attr)
{
	g_slice_free(DecorationAttr, (DecorationAttr *)attr);
}

static gboolean decoration_equal(const PangoAttribute *a, const PangoAttribute *b)
{
	return ((const DecorationAttr *)a)->list == ((const DecorationAttr *)b)->list;
}

static void make_decoration_class(void)
{
	decoration_class.type = pango_attr_type_register("briefpack-text-decoration");
	decoration_class.copy = decoration_copy;
	decoration_class.destroy = decoration_destroy;
	decoration_class.equal = decoration_equal;
}

static PangoAttribute *decoration_attr_new(const struct text_decoration *list)
{
	pthread_once(&decoration_class_made, make_decoration_class);
	DecorationAttr *d = g_slice_new(DecorationAttr);
	pango_attribute_init(&d->attr, &decoration_class);
	d->list = list;
	return &d->attr;
}

const struct text_decoration *text_item_decorations(const PangoItem *item)
{
	pthread_once(&decoration_class_made, make_decoration_class);
	for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
		const PangoAttribute *attr = l->data;
		if (attr->klass->type == decoration_class.type)
			return ((const DecorationAttr *)attr)->list;
	}
	return NULL;
}

/* ---- hyphenate-character ----
 * Text whose hyphenate-character is a string carries it in an attribute of our own;
 * a layout made with it breaks at its soft hyphens with no hyphen of Pango's and gives
 * the soft hyphen a line ends at the string's size (custom_hyphens below). */

typedef struct {
	PangoAttribute attr;
	const char *string; /* in the document's arena */
} HyphenAttr;

static PangoAttrClass hyphen_class; /* its type registered once, then only read */
static pthread_once_t hyphen_class_made = PTHREAD_ONCE_INIT;

static PangoAttribute *hyphen_attr_copy(const PangoAttribute *attr)
{
	HyphenAttr *copy = g_slice_new(HyphenAttr);
	pango_attribute_init(&copy->attr, &hyphen_class);
	copy->string = ((const HyphenAttr *)attr)->string;
	return &copy->attr;
}

static void hyphen_attr_destroy(PangoAttribute *attr)
{
	g_slice_free(HyphenAttr, (HyphenAttr *)attr);
}

static gboolean hyphen_attr_equal(const PangoAttribute *a, const PangoAttribute *b)
{
	return strcmp(((const HyphenAttr *)a)->string, ((const HyphenAttr *)b)->string) == 0;
}

static void make_hyphen_class(void)
{
	hyphen_class.type = pango_attr_type_register("briefpack-hyphenate-character");
	hyphen_class.copy = hyphen_attr_copy;
	hyphen_class.destroy = hyphen_attr_destroy;
	hyphen_class.equal = hyphen_attr_equal;
}

static PangoAttribute *hyphen_attr_new(const char *string)
{
	pthread_once(&hyphen_class_made, make_hyphen_class);
	HyphenAttr *h = g_slice_new(HyphenAttr);
	pango_attribute_init(&h->attr, &hyphen_class);
	h->string = string;
	return &h->attr;
}

/* The shaped string, shared by the copies of its shape attribute. */
static gpointer hyphen_shape_copy(gconstpointer data)
{
	struct text_hyphen *h = (struct text_hyphen *)data;
	g_atomic_int_inc(&h->refs);
	return h;
}

static void hyphen_shape_free(gpointer data)
{
	struct text_hyphen *h = data;
	if (!g_atomic_int_dec_and_test(&h->refs))
		return;
	for (int i = 0; i < h->n; i++) {
		pango_item_free(h->items[i]);
		pango_glyph_string_free(h->glyphs[i]);
	}
	free(h->items);
	free(h->glyphs);
	free(h);
}

const struct text_hyphen *text_shape_hyphen(const PangoAttrShape *attr)
{
	return attr->copy_func == hyphen_shape_copy ? attr->data : NULL;
}

void text_content_init(struct inline_content *ic, const struct style *base)
{
	memset(ic, 0, sizeof *ic);
	ic->base = base;
	ic->attrs = pango_attr_list_new();
	buf_puts(&ic->text, "");
}

void text_content_free(struct inline_content *ic)
{
	buf_free(&ic->text);
	if (ic->attrs)
		pango_attr_list_unref(ic->attrs);
	ic->attrs = NULL;
}

PangoFontDescription *text_font_description(const struct style *s)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, s->font_family);
	pango_font_description_set_absolute_size(fd, s->font_size * PANGO_SCALE);
	pango_font_description_set_weight(fd, (PangoWeight)s->font_weight);
	pango_font_description_set_style(fd, s->font_style == FONT_ITALIC ? PANGO_STYLE_ITALIC
					     : s->font_style == FONT_OBLIQUE ? PANGO_STYLE_OBLIQUE
					     : PANGO_STYLE_NORMAL);
	if (s->font_stretch != 100) {
		/* The nearest of Pango's widths (CSS Fonts 4, 2.4: 50% .. 200%). */
		static const float widths[] = { 50, 62.5f, 75, 87.5f, 100, 112.5f, 125, 150, 200 };
		int best = 4;
		for (int i = 0; i < 9; i++)
			if (fabsf(widths[i] - s->font_stretch) < fabsf(widths[best] - s->font_stretch))
				best = i;
		pango_font_description_set_stretch(fd, (PangoStretch)best);
	}
	if (s->font_variant_caps != FONT_CAPS_NORMAL)
		pango_font_description_set_variant(fd, caps_variant(s->font_variant_caps));
	return fd;
}

/* The OpenType features that style s asks for beyond the font's defaults, as Pango
 * reads them: font-variant-numeric, font-variant-ligatures, font-kerning, then
 * font-feature-settings, which wins (CSS Fonts 4, 7.2). Empty: none. */
static void font_features(const struct style *s, struct buf *out)
{
	static const struct { unsigned bit; const char *features; } numeric[] = {
		{ FONT_NUMERIC_LINING, "lnum 1" }, { FONT_NUMERIC_OLDSTYLE, "onum 1" },
		{ FONT_NUMERIC_PROPORTIONAL, "pnum 1" }, { FONT_NUMERIC_TABULAR, "tnum 1" },
		{ FONT_NUMERIC_DIAGONAL, "frac 1" }, { FONT_NUMERIC_STACKED, "afrc 1" },
		{ FONT_NUMERIC_ORDINAL, "ordn 1" }, { FONT_NUMERIC_SLASHED_ZERO, "zero 1" },
	}, ligatures[] = {
		{ FONT_LIGATURES_NONE, "liga 0, clig 0, dlig 0, hlig 0, calt 0" },
		{ FONT_LIGATURES_COMMON, "liga 1, clig 1" }, { FONT_LIGATURES_NO_COMMON, "liga 0, clig 0" },
		{ FONT_LIGATURES_DISCRETIONARY, "dlig 1" }, { FONT_LIGATURES_NO_DISCRETIONARY, "dlig 0" },
		{ FONT_LIGATURES_HISTORICAL, "hlig 1" }, { FONT_LIGATURES_NO_HISTORICAL, "hlig 0" },
		{ FONT_LIGATURES_CONTEXTUAL, "calt 1" }, { FONT_LIGATURES_NO_CONTEXTUAL, "calt 0" },
	};
	for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++)
		if (s->font_variant_numeric & numeric[i].bit)
			buf_printf(out, "%s%s", out->len ? ", " : "", numeric[i].features);
	for (size_t i = 0; i < sizeof ligatures / sizeof ligatures[0]; i++)
		if (s->font_variant_ligatures & ligatures[i].bit)
			buf_printf(out, "%s%s", out->len ? ", " : "", ligatures[i].features);
	if (s->font_kerning != FONT_KERNING_AUTO)
		buf_printf(out, "%skern %d", out->len ? ", " : "", s->font_kerning == FONT_KERNING_NORMAL);
	if (s->font_feature_settings)
		buf_printf(out, "%s%s", out->len ? ", " : "", s->font_feature_settings);
}

static bool same_features(const struct style *a, const struct style *b)
{
	return a->font_variant_numeric == b->font_variant_numeric &&
	       a->font_variant_ligatures == b->font_variant_ligatures &&
	       a->font_kerning == b->font_kerning &&
	       (a->font_feature_settings == b->font_feature_settings ||
		(a->font_feature_settings && b->font_feature_settings &&
		 strcmp(a->font_feature_settings, b->font_feature_settings) == 0));
}

/* A features attribute over [start, end) for style s inside text of style base:
 * Pango applies both, so base's features are first set back to the defaults. */
static PangoAttribute *features_attr(const struct style *s, const struct style *base)
{
	struct buf own = { 0 }, reset = { 0 };
	font_features(s, &own);
	if (base) {
		struct buf inherited = { 0 };
		font_features(base, &inherited);
		/* Each "tag value" of the base: on by default for these, off for the rest. */
		for (const char *p = inherited.data; p && *p;) {
			while (*p == ',' || *p == ' ')
				p++;
			if (strlen(p) < 4)
				break;
			bool on = strncmp(p, "liga", 4) == 0 || strncmp(p, "clig", 4) == 0 ||
				  strncmp(p, "calt", 4) == 0 || strncmp(p, "kern", 4) == 0;
			buf_printf(&reset, "%s%.4s %d", reset.len ? ", " : "", p, on);
			p = strchr(p, ',');
		}
		buf_free(&inherited);
	}
	if (reset.len && own.len)
		buf_puts(&reset, ", ");
	if (own.len)
		buf_add(&reset, own.data, own.len);
	PangoAttribute *attr = reset.len ? pango_attr_font_features_new(reset.data) : NULL;
	buf_free(&own);
	buf_free(&reset);
	return attr;
}

static guint16 color_channel(double v)
{
	return (guint16)(v < 0 ? 0 : v > 1 ? 65535 : v * 65535 + 0.5);
}

/* Pango's alpha: 0 there means "not set", so a transparent colour is 1 in 65535. */
static guint16 alpha_channel(double a)
{
	guint16 v = color_channel(a);
	return v ? v : 1;
}

static void insert_attr(PangoAttrList *list, PangoAttribute *attr, int start, int end)
{
	attr->start_index = (guint)start;
	attr->end_index = (guint)end;
	pango_attr_list_insert(list, attr);
}

static bool same_font(const struct style *a, const struct style *b)
{
	return a->font_size == b->font_size && a->font_weight == b->font_weight &&
	       a->font_style == b->font_style && a->font_stretch == b->font_stretch &&
	       a->font_variant_caps == b->font_variant_caps &&
	       strcmp(a->font_family, b->font_family) == 0;
}

/* word-break: keep-all: no break between two letters (in CJK text, where any two may
 * part); the breaks at spaces and after hyphens and punctuation stay. */
static void keep_letters_together(struct inline_content *ic, int start, int end)
{
	const char *text = ic->text.data;
	int run = -1; /* where the letters being looked at start */
	for (int i = start; i <= end; i = i < end ? (int)(g_utf8_next_char(text + i) - text) : end + 1) {
		bool letter = i < end && g_unichar_isalnum(g_utf8_get_char(text + i));
		if (letter && run < 0) {
			run = i;
		} else if (!letter && run >= 0) {
			insert_attr(ic->attrs, pango_attr_allow_breaks_new(FALSE), run, i);
			run = -1;
		}
	}
}

static void dump_color(FILE *out, const struct css_color *c)
{
	fprintf(out, "#%02x%02x%02x", (int)(c->r * 255 + 0.5), (int)(c->g * 255 + 0.5),
		(int)(c->b * 255 + 0.5));
	if (c->a < 1)
		fprintf(out, "/%.2g", c->a);
}

void text_dump_decorations(const struct inline_content *ic, FILE *out)
{
	static const char *const styles[] = { "solid", "double", "dotted", "dashed", "wavy" };
	pthread_once(&decoration_class_made, make_decoration_class);
	GSList *attrs = pango_attr_list_get_attributes(ic->attrs);
	for (GSList *l = attrs; l; l = l->next) {
		const PangoAttribute *attr = l->data;
		if (attr->klass->type != decoration_class.type)
			continue;
		fprintf(out, " deco[%u,%u)=", attr->start_index, attr->end_index);
		for (const struct text_decoration *d = ((const DecorationAttr *)attr)->list; d;
		     d = d->next) {
			fprintf(out, "%s%s%s%s:%s:", d == ((const DecorationAttr *)attr)->list ? "" : "+",
				d->lines & DECO_UNDERLINE ? "u" : "", d->lines & DECO_OVERLINE ? "o" : "",
				d->lines & DECO_LINE_THROUGH ? "l" : "", styles[d->style]);
			dump_color(out, &d->color);
			if (d->thickness_kind == DECO_LEN_PX)
				fprintf(out, ":%.3gpx", d->thickness);
			else if (d->thickness_kind == DECO_LEN_FROM_FONT)
				fputs(":from-font", out);
			if (d->offset_kind == DECO_LEN_PX && d->lines & DECO_UNDERLINE)
				fprintf(out, ":offset=%.3gpx", d->underline_offset);
		}
	}
	g_slist_free_full(attrs, (GDestroyNotify)pango_attribute_destroy);
}

float text_rise(const struct style *s)
{
	/* Raised or lowered by about a third of the font size, as browsers do. */
	if (s->vertical_align == VALIGN_SUPER)
		return s->font_size * 0.45f;
	return s->vertical_align == VALIGN_SUB ? s->font_size * -0.25f : 0;
}

/* Attributes for the byte range [start, end) written in style s. */
static void style_run(struct inline_content *ic, const struct style *s, int start, int end)
{
	const struct style *base = ic->base;
	PangoAttrList *l = ic->attrs;
	if (start >= end)
		return;
	if (!same_font(s, base)) {
		PangoFontDescription *fd = text_font_description(s);
		insert_attr(l, pango_attr_font_desc_new(fd), start, end);
		pango_font_description_free(fd);
	}
	PangoAttribute *features = same_features(s, base) ? NULL : features_attr(s, base);
	if (features)
		insert_attr(l, features, start, end);
	if (memcmp(&s->color, &base->color, sizeof s->color) != 0)
		insert_attr(l, pango_attr_foreground_new(color_channel(s->color.r), color_channel(s->color.g),
							 color_channel(s->color.b)), start, end);
	/* A run's own colour alpha and opacity, relative to the paragraph's (which the
	 * painter applies to the whole paragraph): 0 would mean unset to Pango. */
	if ((s->alpha != base->alpha || s->color.a != base->color.a) && base->alpha > 0) {
		double a = s->color.a * s->alpha / base->alpha;
		int a16 = a >= 1 ? 65535 : (int)(a * 65535 + 0.5);
		insert_attr(l, pango_attr_foreground_alpha_new((guint16)(a16 < 1 ? 1 : a16)), start, end);
	}
	if (s->background.a > 0 && s->display == DISPLAY_INLINE && base->alpha > 0 &&
	    !text_style_boxed(s)) { /* (a boxed inline's is painted with its border) */
		insert_attr(l, pango_attr_background_new(color_channel(s->background.r),
							 color_channel(s->background.g),
							 color_channel(s->background.b)), start, end);
		double a = s->background.a * s->alpha / base->alpha;
		insert_attr(l, pango_attr_background_alpha_new(alpha_channel(a > 1 ? 1 : a)), start,
			    end);
	}
	if (s->decorations)
		insert_attr(l, decoration_attr_new(s->decorations), start, end);
	if (s->hyphenate_character && s->hyphens != HYPHENS_NONE) {
		insert_attr(l, hyphen_attr_new(s->hyphenate_character), start, end);
		ic->custom_hyphens = true;
	}
	if (s->letter_spacing != 0)
		insert_attr(l, pango_attr_letter_spacing_new((int)(s->letter_spacing * PANGO_SCALE)),
			    start, end);
	if (s->word_spacing != 0) {
		/* Pango has no word spacing: the word-separator characters (CSS Text 3, 8.1)
		 * get it as letter spacing of their own, on top of the run's. */
		int spacing = (int)((s->letter_spacing + s->word_spacing) * PANGO_SCALE);
		const char *text = ic->text.data;
		for (int i = start; i < end; i = (int)(g_utf8_next_char(text + i) - text)) {
			gunichar c = g_utf8_get_char(text + i);
			if (c == ' ' || c == 0xa0 || c == 0x1361 || c == 0x10100 || c == 0x10101 ||
			    c == 0x1039f || c == 0x1091f)
				insert_attr(l, pango_attr_letter_spacing_new(spacing), i,
					    (int)(g_utf8_next_char(text + i) - text));
		}
	}
	if (s->word_break == WBREAK_KEEP_ALL)
		keep_letters_together(ic, start, end);
	float rise = text_rise(s);
	if (rise != 0)
		insert_attr(l, pango_attr_rise_new((int)(rise * PANGO_SCALE)), start, end);
	if (s->line_height_kind != base->line_height_kind || s->line_height != base->line_height ||
	    s->font_size != base->font_size) {
		if (s->line_height_kind != LH_NORMAL)
			insert_attr(l, pango_attr_line_height_new_absolute(
					       (int)(style_line_height_px(s) * PANGO_SCALE)),
				    start, end);
	}
	if (s->lang && (!base->lang || strcmp(s->lang, base->lang) != 0))
		insert_attr(l, pango_attr_language_new(pango_language_from_string(s->lang)), start, end);
}

/* The length of the text before the spacers of inline elements' edges it ends with:
 * white space collapses across them (CSS Text 3, 4.1.1). */
static size_t text_before_spacers(const struct inline_content *ic)
{
	size_t len = ic->text.len;
	for (size_t k = ic->n_spacers; k > 0 && ic->spacers[k - 1].index == (int)len - 3; k--)
		len -= 3;
	return len;
}

static bool collapses_spaces(enum white_space ws)
{
	return ws == WS_NORMAL || ws == WS_NOWRAP || ws == WS_PRE_LINE;
}

/* Appends with text-transform; `word_start` tracks capitalisation across runs. */
static void append_transformed(struct inline_content *ic, const struct style *s, const char *p,
			       size_t n)
{
	if (s->text_transform == TRANSFORM_NONE) {
		buf_add(&ic->text, p, n);
		return;
	}
	gchar *t;
	if (s->text_transform == TRANSFORM_UPPERCASE) {
		t = g_utf8_strup(p, (gssize)n);
	} else if (s->text_transform == TRANSFORM_LOWERCASE) {
		t = g_utf8_strdown(p, (gssize)n);
	} else {
		GString *g = g_string_sized_new(n);
		size_t before = text_before_spacers(ic); /* (an element's start edge is no letter) */
		bool at_word_start = before == 0 || ic->text.data[before - 1] == ' ' || ic->pending_space;
		for (const char *q = p; q < p + n; q = g_utf8_next_char(q)) {
			gunichar c = g_utf8_get_char(q);
			g_string_append_unichar(g, at_word_start ? g_unichar_totitle(c) : c);
			at_word_start = g_unichar_isspace(c);
		}
		t = g_string_free(g, FALSE);
	}
	buf_puts(&ic->text, t);
	g_free(t);
}

static const char LEADER_TEXT[] = "\t\xe2\x81\xa0"; /* a tab and a word joiner */

static bool ends_with_leader(const struct inline_content *ic)
{
	size_t n = sizeof LEADER_TEXT - 1;
	return ic->text.len >= n && memcmp(ic->text.data + ic->text.len - n, LEADER_TEXT, n) == 0;
}

static bool ends_with_break(const struct inline_content *ic)
{
	return ic->text.len >= 3 && memcmp(ic->text.data + ic->text.len - 3, "\xe2\x80\xa8", 3) == 0;
}

/* Appends a word, with its soft hyphens taken out where `hyphens: none` says never to
 * break at them. */
static void append_word(struct inline_content *ic, const struct style *s, const char *p, size_t n)
{
	if (s->hyphens != HYPHENS_NONE || !memmem(p, n, "\xc2\xad", 2)) {
		append_transformed(ic, s, p, n);
		return;
	}
	struct buf w = { 0 };
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)p[i] == 0xc2 && i + 1 < n && (unsigned char)p[i + 1] == 0xad) {
			i++;
			continue;
		}
		buf_putc(&w, p[i]);
	}
	if (w.len)
		append_transformed(ic, s, w.data, w.len);
	buf_free(&w);
}

void text_append(struct inline_content *ic, struct hyphenator *h, const struct style *s,
		 const char *utf8, size_t len)
{
	bool hyphenate = h && s->hyphens == HYPHENS_AUTO && s->lang;
	struct buf word = { 0 };
	int start = (int)ic->text.len;
	bool at_run_start = true; /* nothing of this run is written yet */
	bool collapse = collapses_spaces(s->white_space);
	bool keep_newlines = s->white_space == WS_PRE || s->white_space == WS_PRE_WRAP ||
			     s->white_space == WS_PRE_LINE;
	size_t i = 0;
	while (i < len) {
		/* A run of non-space bytes is copied as one piece. */
		size_t j = i;
		while (j < len && utf8[j] != ' ' && utf8[j] != '\t' && utf8[j] != '\n' &&
		       utf8[j] != '\r' && utf8[j] != '\f')
			j++;
		if (j > i) {
			if (ic->pending_space) {
				/* Inside nowrap text the space may not break, nor right after a
				 * leader (it would part the leader from its page number): a
				 * no-break space. */
				int at = (int)ic->text.len;
				if ((s->white_space == WS_NOWRAP && ic->base->white_space != WS_NOWRAP) ||
				    ends_with_leader(ic))
					buf_add(&ic->text, "\xc2\xa0", 2);
				else
					buf_putc(&ic->text, ' ');
				ic->pending_space = false;
				/* A space kept from an earlier run is that run's: its font,
				 * spacing and decorations (none when it was outside them). */
				if (at_run_start && ic->pending_style != s) {
					if (ic->pending_style)
						style_run(ic, ic->pending_style, at, (int)ic->text.len);
					start = (int)ic->text.len;
				}
			}
			/* Hyphenation first: an upper-cased word would pass for an acronym. */
			word.len = 0;
			if (hyphenate && hyphenate_word(h, s->lang, utf8 + i, j - i, &word) > 0)
				append_transformed(ic, s, word.data, word.len);
			else
				append_word(ic, s, utf8 + i, j - i);
			ic->has_visible = true;
			at_run_start = false;
			i = j;
			continue;
		}
		char c = utf8[i++];
		if (c == '\r')
			continue;
		if (c == '\n' && keep_newlines) {
			ic->pending_space = false;
			buf_add(&ic->text, "\xe2\x80\xa8", 3); /* U+2028: a line break inside the paragraph */
			ic->has_visible = true;
			at_run_start = false;
			continue;
		}
		if (!collapse) {
			buf_putc(&ic->text, c == '\t' ? '\t' : ' ');
			ic->has_visible = true;
			at_run_start = false;
			continue;
		}
		/* Collapsible: at most one space, none at the start of the paragraph; the
		 * first of a sequence stays, with the style it was written in. */
		size_t before = text_before_spacers(ic);
		if (before > 0 && ic->text.data[before - 1] != ' ' && !ends_with_break(ic) &&
		    !ic->pending_space) {
			ic->pending_space = true;
			ic->pending_style = s;
		}
	}
	buf_free(&word);
	style_run(ic, s, start, (int)ic->text.len);
}

void text_append_break(struct inline_content *ic, const struct style *s)
{
	ic->pending_space = false;
	buf_add(&ic->text, "\xe2\x80\xa8", 3);
	ic->has_visible = true;
	(void)s;
}

void text_append_leader(struct inline_content *ic, struct arena *a, const struct style *s,
			const char *fill)
{
	ic->pending_space = false;
	ARENA_GROW(a, ic->leaders, ic->n_leaders, ic->cap_leaders);
	ic->leaders[ic->n_leaders++] = (struct text_leader){ (int)ic->text.len, arena_strdup(a, fill), s };
	/* A word joiner after the tab: a line may break after a tab, and an entry that
	 * fills its line would leave its page number alone on the next, with no leader.
	 * Joined, the last word, the leader and the number go down together. */
	buf_add(&ic->text, LEADER_TEXT, sizeof LEADER_TEXT - 1);
	ic->has_visible = true;
}

void text_append_atomic(struct inline_content *ic, struct arena *a, const struct style *s,
			const struct box *box)
{
	if (ic->pending_space) {
		buf_putc(&ic->text, ' ');
		ic->pending_space = false;
		if (ic->pending_style)
			style_run(ic, ic->pending_style, (int)ic->text.len - 1, (int)ic->text.len);
	}
	ARENA_GROW(a, ic->atomics, ic->n_atomics, ic->cap_atomics);
	ic->atomics[ic->n_atomics++] = (struct text_atomic){ (int)ic->text.len, box };
	buf_add(&ic->text, "\xef\xbf\xbc", 3); /* U+FFFC, given the box's size when laid out */
	ic->has_visible = true;
	(void)s;
}

int text_position(const struct inline_content *ic)
{
	return (int)ic->text.len + (ic->pending_space ? 1 : 0);
}

void text_add_link(struct inline_content *ic, struct arena *a, int start, const char *href)
{
	int end = (int)ic->text.len;
	if (end <= start)
		return;
	ARENA_GROW(a, ic->links, ic->n_links, ic->cap_links);
	ic->links[ic->n_links++] = (struct text_link){ start, end, arena_strdup(a, href) };
}

void text_add_outlined(struct inline_content *ic, struct arena *a, int start, const struct style *s)
{
	int end = (int)ic->text.len;
	if (end <= start)
		return;
	ARENA_GROW(a, ic->outlined, ic->n_outlined, ic->cap_outlined);
	ic->outlined[ic->n_outlined++] = (struct text_outlined){ start, end, s };
}

/* A padding or margin of an inline element: a percentage of a width not known when
 * the paragraph is built counts as 0 (box.c warns). */
float text_edge_length(const struct dim *d)
{
	if (d->kind == DIM_PX)
		return d->value;
	return d->kind == DIM_CALC ? style_dim_px(*d, 0) : 0;
}

bool text_style_boxed(const struct style *s)
{
	for (int side = 0; side < 4; side++)
		if ((s->border_style[side] != BORDER_NONE && s->border_width[side] > 0) ||
		    text_edge_length(&s->padding[side]) != 0)
			return true;
	return text_edge_length(&s->margin[SIDE_LEFT]) != 0 || text_edge_length(&s->margin[SIDE_RIGHT]) != 0;
}

/* The room an inline element's start or end edge takes in the line. */
static float edge_width(const struct style *s, int side)
{
	float border = s->border_style[side] != BORDER_NONE ? s->border_width[side] : 0;
	return text_edge_length(&s->margin[side]) + border + text_edge_length(&s->padding[side]);
}

static void append_spacer(struct inline_content *ic, struct arena *a, const struct style *s,
			  float width, bool closing)
{
	int at = (int)ic->text.len;
	ARENA_GROW(a, ic->spacers, ic->n_spacers, ic->cap_spacers);
	ic->spacers[ic->n_spacers++] = (struct text_spacer){ at, width, closing, s };
	buf_add(&ic->text, "\xef\xbf\xbc", 3); /* U+FFFC, given its width when laid out */
	const struct style *base = ic->base;
	if (s->line_height_kind != LH_NORMAL &&
	    (s->line_height_kind != base->line_height_kind || s->line_height != base->line_height ||
	     s->font_size != base->font_size))
		insert_attr(ic->attrs, pango_attr_line_height_new_absolute(
					       (int)(style_line_height_px(s) * PANGO_SCALE)),
			    at, at + 3);
}

size_t text_open_box(struct inline_content *ic, struct arena *a, const struct style *s)
{
	float width = edge_width(s, SIDE_LEFT);
	if (width != 0 && ic->pending_space) {
		buf_putc(&ic->text, ' ');
		ic->pending_space = false;
		if (ic->pending_style)
			style_run(ic, ic->pending_style, (int)ic->text.len - 1, (int)ic->text.len);
	}
	ARENA_GROW(a, ic->boxed, ic->n_boxed, ic->cap_boxed);
	struct text_boxed *b = &ic->boxed[ic->n_boxed];
	*b = (struct text_boxed){ text_position(ic), -1, -1, -1, s };
	if (width != 0) {
		b->open = b->start;
		append_spacer(ic, a, s, width, false);
	}
	ic->has_visible = true;
	return ic->n_boxed++;
}

void text_close_box(struct inline_content *ic, struct arena *a, size_t box)
{
	struct text_boxed *b = &ic->boxed[box];
	float width = edge_width(b->style, SIDE_RIGHT);
	if (width != 0) {
		b->close = (int)ic->text.len;
		append_spacer(ic, a, b->style, width, true);
	}
	b->end = (int)ic->text.len;
}

/* Where lines may break around the spacers: never between an edge and the element's
 * text; before a start edge and after an end edge where a break was allowed without
 * it (after a space, a hyphen, an atomic inline), else not. The spacer's own class
 * (contingent break) would allow both everywhere. */
static void spacer_breaks(struct inline_content *ic)
{
	const char *text = ic->text.data;
	int len = (int)ic->text.len;
	for (size_t k = 0; k < ic->n_spacers; k++) {
		const struct text_spacer *sp = &ic->spacers[k];
		int from = sp->index, to = sp->index + 3;
		bool breakable = false; /* a line may break after what comes before the spacer */
		if (from > 0) {
			int prev = (int)(g_utf8_prev_char(text + from) - text);
			gunichar c = g_utf8_get_char(text + prev);
			bool after_spacer = k > 0 && ic->spacers[k - 1].index == prev;
			breakable = !after_spacer &&
				    (c == ' ' || c == '\t' || c == '\n' || c == 0x200b || c == '-' ||
				     c == 0x2010 || c == 0x2028 || c == 0xfffc);
			if (sp->closing || !breakable)
				from = prev;
		}
		/* After an end edge, a break only where there was one before it. */
		if (to < len && !(sp->closing && breakable))
			to = (int)(g_utf8_next_char(text + to) - text);
		if (to > from)
			insert_attr(ic->attrs, pango_attr_allow_breaks_new(FALSE), from, to);
	}
}

void text_add_anchor(struct inline_content *ic, struct arena *a, const char *id)
{
	ARENA_GROW(a, ic->anchors, ic->n_anchors, ic->cap_anchors);
	ic->anchors[ic->n_anchors++] = (struct text_anchor){ text_position(ic), arena_strdup(a, id) };
}

void text_finish(struct inline_content *ic)
{
	ic->pending_space = false;
	/* An anchor counted a space that is now dropped: it marks the end instead. */
	for (size_t i = 0; i < ic->n_anchors; i++)
		if (ic->anchors[i].index > (int)ic->text.len)
			ic->anchors[i].index = (int)ic->text.len;
	if (ic->n_spacers)
		spacer_breaks(ic);
}

static PangoAlignment pango_alignment(enum text_align a)
{
	switch (a) {
	case ALIGN_RIGHT:
	case ALIGN_END: return PANGO_ALIGN_RIGHT;
	case ALIGN_CENTER: return PANGO_ALIGN_CENTER;
	default: return PANGO_ALIGN_LEFT;
	}
}

PangoWrapMode text_wrap_mode(const struct style *s)
{
	/* Words break inside only where the style asks (a word too long for its line
	 * overflows, as in browsers): between any two characters for break-all, and
	 * where a word does not fit a line of its own for overflow-wrap. */
	if (s->word_break == WBREAK_BREAK_ALL)
		return PANGO_WRAP_CHAR;
	if (s->overflow_wrap != OWRAP_NORMAL || s->word_break == WBREAK_BREAK_WORD)
		return PANGO_WRAP_WORD_CHAR;
	return PANGO_WRAP_WORD;
}

static void configure_layout(PangoLayout *layout, const struct style *s, float width)
{
	PangoFontDescription *fd = text_font_description(s);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	bool wraps = s->white_space != WS_NOWRAP && s->white_space != WS_PRE;
	pango_layout_set_width(layout, wraps && width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(layout, text_wrap_mode(s));
	pango_layout_set_alignment(layout, pango_alignment(s->text_align));
	pango_layout_set_justify(layout, s->text_align == ALIGN_JUSTIFY);
	if (s->text_indent.kind != DIM_AUTO)
		pango_layout_set_indent(layout,
					(int)(style_dim_px(s->text_indent, width) * PANGO_SCALE));
}

static PangoAttribute *base_line_height(const struct style *s)
{
	if (s->line_height_kind == LH_NORMAL)
		return NULL;
	return pango_attr_line_height_new_absolute((int)(style_line_height_px(s) * PANGO_SCALE));
}

/* Pango shapes what is left of an item again for every line it breaks inside it, so
 * a long stretch without a break opportunity (a word too long for the line, broken
 * between characters) costs time with the square of its length: even in paragraphs
 * cut at 16 KB (box.c), 10 MB of it took two and a half minutes. Attribute boundaries
 * end items, so a stretch of more than RUN_MAX_BYTES without a space gets a no-op
 * attribute (font fallback on, the default) on every other RUN_MAX_BYTES, never
 * before a mark or after a joiner, which are shaped with their neighbours. Text with
 * spaces is itemised as before. */
enum { RUN_MAX_BYTES = 1024 };

static void split_long_runs(PangoAttrList *attrs, const char *text, int len)
{
	int seg_start = 0;
	bool odd = false;
	gunichar prev = 0;
	for (int i = 0; i < len; i = (int)(g_utf8_next_char(text + i) - text)) {
		gunichar c = g_utf8_get_char(text + i);
		if (c == ' ' || c == '\t' || c == 0x2028) {
			if (odd)
				insert_attr(attrs, pango_attr_fallback_new(TRUE), seg_start, i);
			seg_start = i + 1;
			odd = false;
		} else if (i - seg_start >= RUN_MAX_BYTES && !g_unichar_iszerowidth(c) &&
			   prev != 0x200d) {
			if (odd)
				insert_attr(attrs, pango_attr_fallback_new(TRUE), seg_start, i);
			odd = !odd;
			seg_start = i;
		}
		prev = c;
	}
	if (odd)
		insert_attr(attrs, pango_attr_fallback_new(TRUE), seg_start, len);
}

static bool is_punctuation(gunichar c)
{
	switch (g_unichar_type(c)) {
	case G_UNICODE_CONNECT_PUNCTUATION:
	case G_UNICODE_DASH_PUNCTUATION:
	case G_UNICODE_OPEN_PUNCTUATION:
	case G_UNICODE_CLOSE_PUNCTUATION:
	case G_UNICODE_INITIAL_PUNCTUATION:
	case G_UNICODE_FINAL_PUNCTUATION:
	case G_UNICODE_OTHER_PUNCTUATION:
		return true;
	default:
		return false;
	}
}

static bool is_letter_or_digit(gunichar c)
{
	return g_unichar_isalnum(c) || g_unichar_type(c) == G_UNICODE_LETTER_NUMBER ||
	       g_unichar_type(c) == G_UNICODE_OTHER_NUMBER;
}

bool text_first_letter(const char *text, int len, int *start, int *end)
{
	int i = 0;
	/* Preceding punctuation, and spaces (Zs) between it and the letter. */
	bool punctuation = false;
	while (i < len) {
		gunichar c = g_utf8_get_char(text + i);
		if (!is_punctuation(c) && !(punctuation && g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR))
			break;
		punctuation |= is_punctuation(c);
		i = (int)(g_utf8_next_char(text + i) - text);
	}
	if (i >= len || !is_letter_or_digit(g_utf8_get_char(text + i)))
		return false;
	i = (int)(g_utf8_next_char(text + i) - text);
	/* Its combining marks, then punctuation that follows it, but not what opens the
	 * next word (an opening bracket or quote, a dash). */
	while (i < len) {
		gunichar c = g_utf8_get_char(text + i);
		GUnicodeType t = g_unichar_type(c);
		bool mark = t == G_UNICODE_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK ||
			    t == G_UNICODE_NON_SPACING_MARK;
		if (!mark && (!is_punctuation(c) || t == G_UNICODE_OPEN_PUNCTUATION ||
			      t == G_UNICODE_DASH_PUNCTUATION || t == G_UNICODE_INITIAL_PUNCTUATION))
			break;
		i = (int)(g_utf8_next_char(text + i) - text);
	}
	*start = 0;
	*end = i;
	return true;
}

/* Attributes for the properties of `s` that ::first-line and ::first-letter may set,
 * where they differ from `parent`'s, over [start, end): each font property on its
 * own, so that an inline element's own font properties stay its own. `last` puts
 * them after every attribute already there (they win), else before those starting at
 * `start` (an element's own values win). */
static void pseudo_attrs(PangoAttrList *l, const struct style *s, const struct style *parent,
			 int start, int end, bool last)
{
	PangoAttribute *attrs[16];
	int n = 0;
	if (strcmp(s->font_family, parent->font_family) != 0)
		attrs[n++] = pango_attr_family_new(s->font_family);
	if (s->font_size != parent->font_size)
		attrs[n++] = pango_attr_size_new_absolute((int)(s->font_size * PANGO_SCALE));
	if (s->font_weight != parent->font_weight)
		attrs[n++] = pango_attr_weight_new((PangoWeight)s->font_weight);
	if (s->font_style != parent->font_style)
		attrs[n++] = pango_attr_style_new(s->font_style == FONT_ITALIC ? PANGO_STYLE_ITALIC
						  : s->font_style == FONT_OBLIQUE ? PANGO_STYLE_OBLIQUE
						  : PANGO_STYLE_NORMAL);
	if (memcmp(&s->color, &parent->color, sizeof s->color) != 0)
		attrs[n++] = pango_attr_foreground_new(color_channel(s->color.r),
						       color_channel(s->color.g),
						       color_channel(s->color.b));
	if (s->background.a > 0 && memcmp(&s->background, &parent->background, sizeof s->background))
		attrs[n++] = pango_attr_background_new(color_channel(s->background.r),
						       color_channel(s->background.g),
						       color_channel(s->background.b));
	if (s->font_variant_caps != parent->font_variant_caps)
		attrs[n++] = pango_attr_variant_new(caps_variant(s->font_variant_caps));
	if (!same_features(s, parent) && (attrs[n] = features_attr(s, parent)) != NULL)
		n++;
	if (s->decorations && s->decorations != parent->decorations)
		attrs[n++] = decoration_attr_new(s->decorations);
	if (s->letter_spacing != parent->letter_spacing)
		attrs[n++] = pango_attr_letter_spacing_new((int)(s->letter_spacing * PANGO_SCALE));
	if ((s->line_height_kind != parent->line_height_kind || s->line_height != parent->line_height ||
	     s->font_size != parent->font_size) && s->line_height_kind != LH_NORMAL)
		attrs[n++] = pango_attr_line_height_new_absolute(
			(int)(style_line_height_px(s) * PANGO_SCALE));
	for (int i = 0; i < n; i++) {
		attrs[i]->start_index = (guint)start;
		attrs[i]->end_index = (guint)end;
		if (last)
			pango_attr_list_insert(l, attrs[i]);
		else
			pango_attr_list_insert_before(l, attrs[i]);
	}
}

/* Where the layout's first line ends (a byte index). */
static int first_line_end(PangoLayout *layout)
{
	PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
	return line ? line->start_index + line->length : 0;
}

/* ::first-letter and ::first-line on a layout of the paragraph's start whose text and
 * attributes are set: the letter's attributes win over the text's own; the line's
 * lose to them (an element inside the line keeps what it sets). The first line is
 * found by laying out; styled, it may hold less, so that is done again (a few times
 * at most) until the styled range is the first line. */
static void apply_first_pseudos(PangoLayout *layout, const struct inline_content *ic,
				PangoAttrList *attrs, int len)
{
	int letter_start = 0, letter_end = 0;
	/* The letter may be inside an inline element whose start edge comes first. */
	int skip = 0;
	for (size_t k = 0; k < ic->n_spacers && ic->spacers[k].index == skip && skip + 3 <= len; k++)
		skip += 3;
	bool letter = ic->first_letter &&
		      text_first_letter(ic->text.data + skip, len - skip, &letter_start, &letter_end);
	letter_start += skip;
	letter_end += skip;
	if (letter)
		pseudo_attrs(attrs, ic->first_letter, ic->first_line ? ic->first_line : ic->base,
			     letter_start, letter_end, true);
	if (!ic->first_line) {
		pango_layout_set_attributes(layout, attrs);
		return;
	}
	pango_layout_set_attributes(layout, attrs);
	int end = first_line_end(layout);
	for (int round = 0; round < 4 && end > 0; round++) {
		PangoAttrList *styled = pango_attr_list_copy(attrs);
		pseudo_attrs(styled, ic->first_line, ic->base, 0, end, false);
		if (ic->first_line->line_height_kind != LH_NORMAL) {
			/* The line's height wins over the block's, set over the whole text;
			 * the letter's own over the line's: the line is as tall as the
			 * letter's line height makes it (CSS 2.1, 10.8). */
			PangoAttribute *lh = pango_attr_line_height_new_absolute(
				(int)(style_line_height_px(ic->first_line) * PANGO_SCALE));
			insert_attr(styled, lh, 0, end);
			if (letter && ic->first_letter->line_height_kind != LH_NORMAL)
				insert_attr(styled, pango_attr_line_height_new_absolute((int)(
						    style_line_height_px(ic->first_letter) * PANGO_SCALE)),
					    letter_start, letter_end);
		}
		pango_layout_set_attributes(layout, styled);
		pango_attr_list_unref(styled);
		int now = first_line_end(layout);
		if (now == end)
			break;
		end = now;
	}
}

/* tab-size: tab stops every so many spaces (each with its letter and word spacing, as
 * CSS Text 3 says) or every so many px; Pango repeats the one stop given. */
static void set_tab_size(PangoLayout *layout, const struct style *s)
{
	double step = s->tab_size;
	if (!s->tab_size_px) {
		PangoLayout *space = pango_layout_new(pango_layout_get_context(layout));
		PangoFontDescription *fd = text_font_description(s);
		pango_layout_set_font_description(space, fd);
		pango_font_description_free(fd);
		pango_layout_set_text(space, " ", 1);
		PangoRectangle logical;
		pango_layout_get_extents(space, NULL, &logical);
		g_object_unref(space);
		step *= (double)logical.width / PANGO_SCALE + s->letter_spacing + s->word_spacing;
	}
	PangoTabArray *tabs = pango_tab_array_new(1, FALSE);
	/* A stop at 0 would be no stop at all: a tab-size of 0 is the least Pango takes. */
	int at = (int)(step * PANGO_SCALE);
	pango_tab_array_set_tab(tabs, 0, PANGO_TAB_LEFT, at > 0 ? at : 1);
	pango_layout_set_tabs(layout, tabs);
	pango_tab_array_free(tabs);
}

/* The hyphenate-character string over byte `index` of a layout's text, or NULL. */
static const char *hyphen_string_at(GSList *attrs, int index)
{
	const char *string = NULL;
	for (GSList *l = attrs; l; l = l->next) {
		const PangoAttribute *attr = l->data;
		if (attr->klass->type == hyphen_class.type && attr->start_index <= (guint)index &&
		    (guint)index < attr->end_index)
			string = ((const HyphenAttr *)attr)->string;
	}
	return string;
}

/* The string of hyphenate-character shaped in the font of the item it ends, with
 * the fonts Pango falls back to for what that font lacks; its logical extents. */
static struct text_hyphen *shape_hyphen(PangoContext *pc, const PangoItem *at, const char *string,
					PangoRectangle *logical)
{
	int len = (int)strlen(string);
	PangoAttrList *attrs = pango_attr_list_new();
	PangoFontDescription *fd = pango_font_describe_with_absolute_size(at->analysis.font);
	insert_attr(attrs, pango_attr_font_desc_new(fd), 0, len);
	pango_font_description_free(fd);
	if (at->analysis.language)
		insert_attr(attrs, pango_attr_language_new(at->analysis.language), 0, len);
	GList *items = pango_itemize(pc, string, 0, len, attrs, NULL);
	pango_attr_list_unref(attrs);
	struct text_hyphen *h = xcalloc(1, sizeof *h);
	h->refs = 1;
	int n = (int)g_list_length(items);
	h->items = xcalloc((size_t)n + 1, sizeof *h->items);
	h->glyphs = xcalloc((size_t)n + 1, sizeof *h->glyphs);
	*logical = (PangoRectangle){ 0 };
	int top = 0, bottom = 0;
	for (GList *l = items; l; l = l->next) {
		PangoItem *item = l->data;
		PangoGlyphString *glyphs = pango_glyph_string_new();
		pango_shape_with_flags(string + item->offset, item->length, string, len, &item->analysis,
				       glyphs, pango_context_get_round_glyph_positions(pc)
					       ? PANGO_SHAPE_ROUND_POSITIONS : PANGO_SHAPE_NONE);
		PangoRectangle r;
		pango_glyph_string_extents(glyphs, item->analysis.font, NULL, &r);
		logical->width += r.width;
		if (h->n == 0 || r.y < top)
			top = r.y;
		if (h->n == 0 || r.y + r.height > bottom)
			bottom = r.y + r.height;
		h->items[h->n] = item;
		h->glyphs[h->n++] = glyphs;
	}
	g_list_free(items);
	logical->y = top;
	logical->height = bottom - top;
	return h;
}

/* The run of a line that holds byte `index`, or NULL. */
static PangoGlyphItem *run_at(PangoLayoutLine *line, int index)
{
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		if (run->item->offset <= index && index < run->item->offset + run->item->length)
			return run;
	}
	return NULL;
}

/* The string a line of the layout ends with: where it breaks after a soft hyphen
 * in text with a hyphenate-character string (NULL otherwise, and for the last line). */
static const char *line_hyphen(PangoLayoutLine *line, const char *text, GSList *attrs,
			       int *shy)
{
	int end = line->start_index + line->length;
	if (line->length < 2 || (unsigned char)text[end - 2] != 0xC2 ||
	    (unsigned char)text[end - 1] != 0xAD || text[end] == '\0')
		return NULL;
	*shy = end - 2;
	return hyphen_string_at(attrs, end - 2);
}

/* Pango lays out again only for a list unequal to the one it has: a list changed
 * since it was set is set as a copy. */
static void set_attributes_anew(PangoLayout *layout, PangoAttrList *attrs)
{
	PangoAttrList *copy = pango_attr_list_copy(attrs);
	pango_layout_set_attributes(layout, copy);
	pango_attr_list_unref(copy);
}

/* hyphenate-character: Pango shows a hyphen of its own where it breaks at a soft
 * hyphen (U+2010, or '-'), and counts it when it fits the line. Where the text asks
 * for another string, Pango is told to insert none; a line the string would push past
 * the width then breaks at an earlier opportunity it has (a line with none overflows,
 * as with Pango's hyphen); and the soft hyphen each line ends at is given the
 * string's size as a shape, which counts in the line (alignment, justification) and
 * which the painter draws as the string, reading as nothing. Should the shapes move
 * a break, the layout goes back to Pango's own hyphens. */
static void custom_hyphens(PangoLayout *layout, PangoContext *pc)
{
	const char *text = pango_layout_get_text(layout);
	int limit = pango_layout_get_width(layout);
	if (limit < 0 || !strstr(text, "\xc2\xad"))
		return;
	PangoAttrList *own = pango_layout_get_attributes(layout);
	PangoAttrList *attrs = pango_attr_list_copy(own);
	pango_attr_list_ref(own);
	GSList *all = pango_attr_list_get_attributes(attrs);
	for (GSList *l = all; l; l = l->next) {
		const PangoAttribute *attr = l->data;
		if (attr->klass->type == hyphen_class.type)
			insert_attr(attrs, pango_attr_insert_hyphens_new(FALSE), (int)attr->start_index,
				    (int)attr->end_index);
	}
	set_attributes_anew(layout, attrs);
	int indent = pango_layout_get_indent(layout);
	/* Lines measured at their natural width: justified, each would fill the line. */
	bool justify = pango_layout_get_justify(layout);
	pango_layout_set_justify(layout, FALSE);
	for (int round = 0; round < 8; round++) {
		bool changed = false;
		int n_log = 0;
		const PangoLogAttr *log = NULL;
		int i = 0;
		for (GSList *ln = pango_layout_get_lines_readonly(layout); ln; ln = ln->next, i++) {
			PangoLayoutLine *line = ln->data;
			int shy;
			const char *string = ln->next ? line_hyphen(line, text, all, &shy) : NULL;
			PangoGlyphItem *run = string ? run_at(line, shy) : NULL;
			if (!run || !run->item->analysis.font)
				continue;
			PangoRectangle extra, logical;
			struct text_hyphen *h = shape_hyphen(pc, run->item, string, &extra);
			hyphen_shape_free(h);
			pango_layout_line_get_extents(line, NULL, &logical);
			int room = limit - (i == 0 && indent > 0 ? indent : 0);
			if (logical.width + extra.width <= room)
				continue;
			/* Too long with the string: an earlier break, if the line has one. */
			if (!log)
				log = pango_layout_get_log_attrs_readonly(layout, &n_log);
			long first = g_utf8_pointer_to_offset(text, text + line->start_index);
			long at = g_utf8_pointer_to_offset(text, text + shy);
			bool earlier = false;
			for (long k = first + 1; k < at && k < n_log && !earlier; k++)
				earlier = log[k].is_line_break;
			if (!earlier)
				continue;
			int after = line->start_index + line->length;
			insert_attr(attrs, pango_attr_allow_breaks_new(FALSE), shy,
				    (int)(g_utf8_next_char(text + after) - text));
			changed = true;
		}
		if (!changed)
			break;
		set_attributes_anew(layout, attrs);
	}
	pango_layout_set_justify(layout, justify);
	/* The strings, where the lines end at soft hyphens. */
	int n_shapes = 0;
	PangoAttrList *shaped = pango_attr_list_copy(attrs);
	for (GSList *ln = pango_layout_get_lines_readonly(layout); ln; ln = ln->next) {
		PangoLayoutLine *line = ln->data;
		int shy;
		const char *string = ln->next ? line_hyphen(line, text, all, &shy) : NULL;
		PangoGlyphItem *run = string && *string ? run_at(line, shy) : NULL;
		if (!run || !run->item->analysis.font)
			continue;
		PangoRectangle logical;
		struct text_hyphen *h = shape_hyphen(pc, run->item, string, &logical);
		insert_attr(shaped, pango_attr_shape_new_with_data(&logical, &logical, h,
								   hyphen_shape_copy, hyphen_shape_free),
			    shy, shy + 2);
		n_shapes++;
	}
	if (n_shapes) {
		int *ends = xcalloc((size_t)n_shapes, sizeof *ends), n = 0;
		for (GSList *ln = pango_layout_get_lines_readonly(layout); ln && n < n_shapes; ln = ln->next) {
			PangoLayoutLine *line = ln->data;
			int shy;
			const char *string = ln->next ? line_hyphen(line, text, all, &shy) : NULL;
			if (string && *string && run_at(line, shy))
				ends[n++] = line->start_index + line->length;
		}
		pango_layout_set_attributes(layout, shaped);
		/* The same breaks, or Pango's hyphens. */
		n = 0;
		for (GSList *ln = pango_layout_get_lines_readonly(layout); ln; ln = ln->next) {
			PangoLayoutLine *line = ln->data;
			int end = line->start_index + line->length;
			if (n < n_shapes && end == ends[n])
				n++;
			else if (n < n_shapes && end > ends[n])
				break;
		}
		if (n != n_shapes)
			pango_layout_set_attributes(layout, own);
		free(ends);
	}
	pango_attr_list_unref(shaped);
	g_slist_free_full(all, (GDestroyNotify)pango_attribute_destroy);
	pango_attr_list_unref(attrs);
	pango_attr_list_unref(own);
}

PangoLayout *text_make_layout(PangoContext *pc, const struct inline_content *ic, int offset,
			      float width, const struct atomic_size *sizes)
{
	PangoLayout *layout = pango_layout_new(pc);
	configure_layout(layout, ic->base, width);
	if (offset > 0 || ic->continued)
		pango_layout_set_indent(layout, 0);
	int len = (int)ic->text.len - offset;
	PangoAttrList *attrs = pango_attr_list_copy(ic->attrs);
	if (offset > 0)
		pango_attr_list_update(attrs, 0, offset, 0); /* attributes follow the text */
	PangoAttribute *lh = base_line_height(ic->base);
	if (lh)
		insert_attr(attrs, lh, 0, len);
	if (ic->base->lang)
		insert_attr(attrs, pango_attr_language_new(pango_language_from_string(ic->base->lang)),
			    0, len);
	if (ic->base->font_variant_numeric || ic->base->font_variant_ligatures ||
	    ic->base->font_kerning != FONT_KERNING_AUTO || ic->base->font_feature_settings) {
		/* Before the runs' own, which override it. */
		PangoAttribute *features = features_attr(ic->base, NULL);
		if (features) {
			features->start_index = 0;
			features->end_index = (guint)len;
			pango_attr_list_insert_before(attrs, features);
		}
	}
	for (size_t i = 0; sizes && i < ic->n_atomics; i++) {
		int at = ic->atomics[i].index - offset;
		if (at < 0)
			continue;
		PangoRectangle r = { 0, (int)(-sizes[i].ascent * PANGO_SCALE),
				     (int)(sizes[i].width * PANGO_SCALE),
				     (int)(sizes[i].height * PANGO_SCALE) };
		insert_attr(attrs, pango_attr_shape_new(&r, &r), at, at + 3);
		/* A box taller than the line height makes its line taller (CSS 2.1, 10.8):
		 * a fixed line height must not squeeze it. */
		float lh = style_line_height_px(ic->base);
		if (ic->base->line_height_kind != LH_NORMAL && sizes[i].height > lh)
			insert_attr(attrs, pango_attr_line_height_new_absolute(
					       (int)((sizes[i].height + (lh - ic->base->font_size) / 2) *
						     PANGO_SCALE)), at, at + 3);
	}
	for (size_t i = 0; i < ic->n_spacers; i++) {
		const struct text_spacer *sp = &ic->spacers[i];
		int at = sp->index - offset;
		if (at < 0)
			continue;
		/* As tall as the element's text beside it, so that it neither makes the
		 * line taller nor moves its baseline. */
		PangoFontDescription *fd = text_font_description(sp->style);
		PangoFontMetrics *m = pango_context_get_metrics(pc, fd, NULL);
		int ascent = pango_font_metrics_get_ascent(m), descent = pango_font_metrics_get_descent(m);
		pango_font_metrics_unref(m);
		pango_font_description_free(fd);
		PangoRectangle r = { 0, -ascent, (int)(sp->width * PANGO_SCALE), ascent + descent };
		insert_attr(attrs, pango_attr_shape_new(&r, &r), at, at + 3);
	}
	/* A word broken where overflow-wrap or word-break allow shows no hyphen (Pango
	 * would add one); soft hyphens still show theirs. */
	if (text_wrap_mode(ic->base) != PANGO_WRAP_WORD)
		insert_attr(attrs, pango_attr_insert_hyphens_new(FALSE), 0, len);
	split_long_runs(attrs, ic->text.data + offset, len);
	pango_layout_set_text(layout, ic->text.data + offset, len);
	if ((ic->first_line || ic->first_letter) && offset == 0 && !ic->continued)
		apply_first_pseudos(layout, ic, attrs, len);
	else
		pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
	if (!ic->n_leaders && (ic->base->tab_size != 8 || ic->base->tab_size_px) &&
	    memchr(ic->text.data + offset, '\t', (size_t)len))
		set_tab_size(layout, ic->base);
	if (ic->n_leaders && width > 0) {
		/* One right-aligned tab stop at the line's end: what follows a leader
		 * (a page number) ends flush right; the painter fills the gap. */
		PangoTabArray *tabs = pango_tab_array_new(1, FALSE);
		pango_tab_array_set_tab(tabs, 0, PANGO_TAB_RIGHT, (int)(width * PANGO_SCALE));
		pango_layout_set_tabs(layout, tabs);
		pango_tab_array_free(tabs);
	}
	if (ic->custom_hyphens && text_wrap_mode(ic->base) == PANGO_WRAP_WORD)
		custom_hyphens(layout, pc);
	return layout;
}

static bool tabs_equal(PangoTabArray *a, PangoTabArray *b)
{
	if (!a || !b)
		return a == b;
	int n = pango_tab_array_get_size(a);
	if (n != pango_tab_array_get_size(b) ||
	    pango_tab_array_get_positions_in_pixels(a) != pango_tab_array_get_positions_in_pixels(b))
		return false;
	for (int i = 0; i < n; i++) {
		PangoTabAlign align_a, align_b;
		int at_a, at_b;
		pango_tab_array_get_tab(a, i, &align_a, &at_a);
		pango_tab_array_get_tab(b, i, &align_b, &at_b);
		if (align_a != align_b || at_a != at_b)
			return false;
	}
	return true;
}

bool text_layouts_equal(PangoLayout *a, PangoLayout *b)
{
	if (pango_layout_get_width(a) != pango_layout_get_width(b) ||
	    pango_layout_get_wrap(a) != pango_layout_get_wrap(b) ||
	    pango_layout_get_alignment(a) != pango_layout_get_alignment(b) ||
	    pango_layout_get_justify(a) != pango_layout_get_justify(b) ||
	    pango_layout_get_indent(a) != pango_layout_get_indent(b) ||
	    pango_layout_get_character_count(a) != pango_layout_get_character_count(b) ||
	    strcmp(pango_layout_get_text(a), pango_layout_get_text(b)) != 0)
		return false;
	const PangoFontDescription *fa = pango_layout_get_font_description(a);
	const PangoFontDescription *fb = pango_layout_get_font_description(b);
	if (!fa || !fb ? fa != fb : !pango_font_description_equal(fa, fb))
		return false;
	PangoAttrList *la = pango_layout_get_attributes(a), *lb = pango_layout_get_attributes(b);
	if (!la || !lb ? la != lb : !pango_attr_list_equal(la, lb))
		return false;
	PangoTabArray *ta = pango_layout_get_tabs(a), *tb = pango_layout_get_tabs(b);
	bool same_tabs = tabs_equal(ta, tb);
	if (ta)
		pango_tab_array_free(ta);
	if (tb)
		pango_tab_array_free(tb);
	return same_tabs;
}

PangoLayout *text_make_simple_layout(PangoContext *pc, const struct style *s, const char *utf8,
				     float width)
{
	PangoLayout *layout = pango_layout_new(pc);
	configure_layout(layout, s, width);
	PangoAttrList *attrs = pango_attr_list_new();
	PangoAttribute *lh = base_line_height(s);
	if (lh)
		insert_attr(attrs, lh, 0, (int)strlen(utf8));
	if (s->color.a > 0)
		insert_attr(attrs, pango_attr_foreground_new(color_channel(s->color.r),
							     color_channel(s->color.g),
							     color_channel(s->color.b)),
			    0, (int)strlen(utf8));
	pango_layout_set_text(layout, utf8, -1);
	pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
	return layout;
}
