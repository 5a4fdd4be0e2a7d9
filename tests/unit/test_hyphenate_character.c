/* Unit tests for hyphenate-character: the string shown where a line ends at a soft hyphen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pango/pangocairo.h>
#include <string.h>

#include "base/fcinit.h"
#include "layout/text.h"
#include "style/style.h"

/* A word of eight soft-hyphenated parts, twice over. */
static const char TEXT[] = "Inter\xc2\xadoper\xc2\xad" "abil\xc2\xadity between im\xc2\xadple\xc2\xadmen\xc2\xadta"
			   "\xc2\xadtions of inter\xc2\xadna\xc2\xadtion\xc2\xad" "al\xc2\xadisa\xc2\xadtion";

static struct style base_style(void)
{
	struct style s;
	memset(&s, 0, sizeof s);
	s.font_family = "DejaVu Serif";
	s.font_size = 12;
	s.font_weight = 400;
	s.font_stretch = 100;
	s.color.a = 1;
	s.alpha = 1;
	s.visible = true;
	s.tab_size = 8;
	s.text_indent.kind = DIM_PX;
	s.hyphens = HYPHENS_MANUAL;
	return s;
}

/* The paragraph laid out 130 px wide with hyphenate-character `string` (NULL: auto). */
static PangoLayout *lay_out(PangoContext *pc, struct inline_content *ic, struct style *s,
			    const char *string, enum text_align align)
{
	*s = base_style();
	s->hyphenate_character = string;
	s->text_align = align;
	text_content_init(ic, s);
	text_append(ic, NULL, s, TEXT, sizeof TEXT - 1);
	text_finish(ic);
	return text_make_layout(pc, ic, 0, 130, NULL);
}

static bool ends_at_soft_hyphen(PangoLayoutLine *line, const char *text)
{
	int end = line->start_index + line->length;
	return line->length >= 2 && memcmp(text + end - 2, "\xc2\xad", 2) == 0;
}

/* The hyphen string shown at a line's end, if a shape attribute stands for one. */
static const struct text_hyphen *hyphen_at_end(PangoLayout *layout, PangoLayoutLine *line)
{
	const struct text_hyphen *found = NULL;
	GSList *attrs = pango_attr_list_get_attributes(pango_layout_get_attributes(layout));
	for (GSList *l = attrs; l; l = l->next) {
		PangoAttribute *a = l->data;
		if (a->klass->type == PANGO_ATTR_SHAPE &&
		    (int)a->end_index == line->start_index + line->length)
			found = text_shape_hyphen((PangoAttrShape *)a);
	}
	g_slist_free_full(attrs, (GDestroyNotify)pango_attribute_destroy);
	return found;
}

static int lines_ending_hyphenated(PangoLayout *layout, int *first_end)
{
	const char *text = pango_layout_get_text(layout);
	int n = 0;
	*first_end = -1;
	for (GSList *l = pango_layout_get_lines_readonly(layout); l && l->next; l = l->next) {
		PangoLayoutLine *line = l->data;
		if (!ends_at_soft_hyphen(line, text))
			continue;
		if (*first_end < 0)
			*first_end = line->start_index + line->length;
		n++;
	}
	return n;
}

static PangoContext *context(void)
{
	fcinit_wait();
	PangoContext *pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	pango_context_set_round_glyph_positions(pc, FALSE);
	return pc;
}

static void test_string_shown_at_line_ends(void **state)
{
	(void)state;
	PangoContext *pc = context();
	struct inline_content ic;
	struct style s;
	PangoLayout *layout = lay_out(pc, &ic, &s, "=", ALIGN_LEFT);
	int first;
	assert_true(lines_ending_hyphenated(layout, &first) > 0);
	const char *text = pango_layout_get_text(layout);
	assert_string_equal(text, TEXT); /* the text stays as written: it reads whole */
	for (GSList *l = pango_layout_get_lines_readonly(layout); l && l->next; l = l->next) {
		PangoLayoutLine *line = l->data;
		PangoRectangle logical;
		pango_layout_line_get_extents(line, NULL, &logical);
		assert_true(logical.width <= 130 * PANGO_SCALE); /* the string counts, and fits */
		const struct text_hyphen *h = hyphen_at_end(layout, line);
		if (!ends_at_soft_hyphen(line, text)) {
			assert_null(h);
			continue;
		}
		assert_non_null(h);
		assert_int_equal(h->n, 1);
		assert_int_equal(h->glyphs[0]->num_glyphs, 1);
	}
	g_object_unref(layout);
	text_content_free(&ic);
	g_object_unref(pc);
}

static void test_wide_string_breaks_earlier(void **state)
{
	(void)state;
	PangoContext *pc = context();
	struct inline_content ic_auto, ic_wide;
	struct style s_auto, s_wide;
	PangoLayout *pango_hyphen = lay_out(pc, &ic_auto, &s_auto, NULL, ALIGN_LEFT);
	PangoLayout *wide = lay_out(pc, &ic_wide, &s_wide, "\xc2\xbb\xc2\xbb\xc2\xbb\xc2\xbb", ALIGN_JUSTIFY);
	int first_auto, first_wide;
	assert_true(lines_ending_hyphenated(pango_hyphen, &first_auto) > 0);
	assert_true(lines_ending_hyphenated(wide, &first_wide) > 0);
	/* Four guillemets take more room than a hyphen: the first hyphenated line ends
	 * earlier, and every line still fits, justified or not. */
	assert_true(first_wide < first_auto);
	for (GSList *l = pango_layout_get_lines_readonly(wide); l && l->next; l = l->next) {
		PangoLayoutLine *line = l->data;
		PangoRectangle logical;
		pango_layout_line_get_extents(line, NULL, &logical);
		assert_true(logical.width <= 130 * PANGO_SCALE + PANGO_SCALE / 2);
		if (ends_at_soft_hyphen(line, pango_layout_get_text(wide)))
			assert_non_null(hyphen_at_end(wide, line));
	}
	/* auto: Pango's own hyphen, no shape. */
	for (GSList *l = pango_layout_get_lines_readonly(pango_hyphen); l; l = l->next)
		assert_null(hyphen_at_end(pango_hyphen, l->data));
	g_object_unref(pango_hyphen);
	g_object_unref(wide);
	text_content_free(&ic_auto);
	text_content_free(&ic_wide);
	g_object_unref(pc);
}

static void test_empty_string_shows_nothing(void **state)
{
	(void)state;
	PangoContext *pc = context();
	struct inline_content ic;
	struct style s;
	PangoLayout *layout = lay_out(pc, &ic, &s, "", ALIGN_LEFT);
	int first;
	assert_true(lines_ending_hyphenated(layout, &first) > 0);
	/* No shape, and no glyph of Pango's: the last run ends in the soft hyphen's empty glyph. */
	const char *text = pango_layout_get_text(layout);
	for (GSList *l = pango_layout_get_lines_readonly(layout); l && l->next; l = l->next) {
		PangoLayoutLine *line = l->data;
		assert_null(hyphen_at_end(layout, line));
		if (!ends_at_soft_hyphen(line, text))
			continue;
		PangoGlyphItem *last = g_slist_last(line->runs)->data;
		PangoGlyphString *g = last->glyphs;
		assert_true(g->glyphs[g->num_glyphs - 1].geometry.width == 0);
	}
	g_object_unref(layout);
	text_content_free(&ic);
	g_object_unref(pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_shown_at_line_ends),
		cmocka_unit_test(test_wide_string_breaks_earlier),
		cmocka_unit_test(test_empty_string_shows_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
