/* Inline content: white-space processing, styled runs as Pango attributes, layouts. */
#include "layout/text.h"
#include "layout/hyphen.h"
#include "style/style.h"
#include "base/arena.h"
#include "base/alloc.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

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
	return fd;
}

static guint16 color_channel(double v)
{
	return (guint16)(v < 0 ? 0 : v > 1 ? 65535 : v * 65535 + 0.5);
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
	       a->font_style == b->font_style && strcmp(a->font_family, b->font_family) == 0;
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
	if (memcmp(&s->color, &base->color, sizeof s->color) != 0)
		insert_attr(l, pango_attr_foreground_new(color_channel(s->color.r), color_channel(s->color.g),
							 color_channel(s->color.b)), start, end);
	if (s->background.a > 0 && s->display == DISPLAY_INLINE)
		insert_attr(l, pango_attr_background_new(color_channel(s->background.r),
							 color_channel(s->background.g),
							 color_channel(s->background.b)), start, end);
	if (s->decorations)
		insert_attr(l, decoration_attr_new(s->decorations), start, end);
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
	if (s->vertical_align == VALIGN_SUPER || s->vertical_align == VALIGN_SUB) {
		/* Raised or lowered by a third of the parent's font size, as browsers do. */
		float shift = s->font_size * (s->vertical_align == VALIGN_SUPER ? 0.45f : -0.25f);
		insert_attr(l, pango_attr_rise_new((int)(shift * PANGO_SCALE)), start, end);
	}
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
		bool at_word_start = ic->text.len == 0 || ic->text.data[ic->text.len - 1] == ' ' ||
				     ic->pending_space;
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
		if (ic->text.len > 0 && ic->text.data[ic->text.len - 1] != ' ' && !ends_with_break(ic) &&
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
	/* A word broken where overflow-wrap or word-break allow shows no hyphen (Pango
	 * would add one); soft hyphens still show theirs. */
	if (text_wrap_mode(ic->base) != PANGO_WRAP_WORD)
		insert_attr(attrs, pango_attr_insert_hyphens_new(FALSE), 0, len);
	split_long_runs(attrs, ic->text.data + offset, len);
	pango_layout_set_text(layout, ic->text.data + offset, len);
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
