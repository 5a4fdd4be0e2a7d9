/* Unit tests for the border, padding and horizontal margins of inline elements: the room they take in the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pango/pangocairo.h>
#include <string.h>

#include "base/arena.h"
#include "base/fcinit.h"
#include "layout/text.h"
#include "style/style.h"

#define SPACER "\xef\xbf\xbc"

static struct style base_style(void)
{
	struct style s;
	memset(&s, 0, sizeof s);
	s.font_family = "DejaVu Sans";
	s.font_size = 12;
	s.font_weight = 400;
	s.font_stretch = 100;
	s.color.a = 1;
	s.alpha = 1;
	s.visible = true;
	s.tab_size = 8;
	s.text_indent.kind = DIM_PX;
	s.display = DISPLAY_BLOCK;
	return s;
}

/* An inline element: padding 0 4px, border 1px solid, margin 0 0 0 10px, a background. */
static struct style boxed_style(void)
{
	struct style s = base_style();
	s.display = DISPLAY_INLINE;
	for (int side = 0; side < 4; side++) {
		s.border_style[side] = BORDER_SOLID;
		s.border_width[side] = 1;
	}
	s.padding[SIDE_LEFT] = (struct dim){ DIM_PX, 4, NULL };
	s.padding[SIDE_RIGHT] = (struct dim){ DIM_PX, 4, NULL };
	s.margin[SIDE_LEFT] = (struct dim){ DIM_PX, 10, NULL };
	s.background = (struct css_color){ 0.9f, 0.9f, 1, 1 };
	return s;
}

static PangoContext *context(void)
{
	fcinit_wait();
	PangoContext *pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	pango_context_set_round_glyph_positions(pc, FALSE);
	return pc;
}

/* "before " <span>inner</span> after, the span boxed or not. */
static void build(struct inline_content *ic, struct arena *a, const struct style *base,
		  const struct style *span, bool boxed, const char *before, const char *inner,
		  const char *after)
{
	text_content_init(ic, base);
	text_append(ic, NULL, base, before, strlen(before));
	size_t no = boxed ? text_open_box(ic, a, span) : 0;
	text_append(ic, NULL, span, inner, strlen(inner));
	if (boxed)
		text_close_box(ic, a, no);
	text_append(ic, NULL, base, after, strlen(after));
	text_finish(ic);
}

static double x_of(PangoLayout *layout, int index)
{
	PangoRectangle r;
	pango_layout_index_to_pos(layout, index, &r);
	return (double)r.x / PANGO_SCALE;
}

static void test_edges_take_room(void **state)
{
	(void)state;
	PangoContext *pc = context();
	struct arena *a = arena_new();
	struct style base = base_style(), span = boxed_style();
	struct inline_content plain, boxed;
	build(&plain, a, &base, &span, false, "A ", "word", " after");
	build(&boxed, a, &base, &span, true, "A ", "word", " after");
	assert_true(text_style_boxed(&span));
	assert_false(text_style_boxed(&base));
	assert_string_equal(boxed.text.data, "A " SPACER "word" SPACER " after");
	assert_int_equal(boxed.n_boxed, 1);
	assert_int_equal(boxed.boxed[0].start, 2);
	assert_int_equal(boxed.boxed[0].open, 2);
	assert_int_equal(boxed.boxed[0].close, 9);
	assert_int_equal(boxed.boxed[0].end, 12);
	PangoLayout *p = text_make_layout(pc, &plain, 0, -1, NULL);
	PangoLayout *b = text_make_layout(pc, &boxed, 0, -1, NULL);
	/* The word starts after margin, border and padding: 10 + 1 + 4. */
	assert_float_equal(x_of(b, 5) - x_of(p, 2), 15, 0.01);
	/* The text after it, after the end's border and padding too: 1 + 4. */
	assert_float_equal(x_of(b, 12) - x_of(p, 6), 20, 0.01);
	/* The spacers make the line neither taller nor its baseline lower. */
	assert_int_equal(pango_layout_get_baseline(b), pango_layout_get_baseline(p));
	PangoRectangle lp, lb;
	pango_layout_get_extents(p, NULL, &lp);
	pango_layout_get_extents(b, NULL, &lb);
	assert_int_equal(lb.height, lp.height);
	/* Its background is painted with its border, not by Pango. */
	GSList *attrs = pango_attr_list_get_attributes(boxed.attrs);
	for (GSList *l = attrs; l; l = l->next)
		assert_int_not_equal(((PangoAttribute *)l->data)->klass->type, PANGO_ATTR_BACKGROUND);
	g_slist_free_full(attrs, (GDestroyNotify)pango_attribute_destroy);
	g_object_unref(p);
	g_object_unref(b);
	text_content_free(&plain);
	text_content_free(&boxed);
	arena_free(a);
	g_object_unref(pc);
}

/* Whether a line may break before the character at byte index i. */
static bool breaks_before(PangoLayout *layout, int i)
{
	const char *text = pango_layout_get_text(layout);
	int n;
	const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(layout, &n);
	return la[g_utf8_pointer_to_offset(text, text + i)].is_line_break;
}

static void test_breaks_around_edges(void **state)
{
	(void)state;
	PangoContext *pc = context();
	struct arena *a = arena_new();
	struct style base = base_style(), span = boxed_style();
	struct inline_content ic;
	build(&ic, a, &base, &span, true, "aaa ", "word", ", bbb");
	assert_string_equal(ic.text.data, "aaa " SPACER "word" SPACER ", bbb");
	PangoLayout *layout = text_make_layout(pc, &ic, 0, -1, NULL);
	assert_true(breaks_before(layout, 4));   /* after the space, before the start edge */
	assert_false(breaks_before(layout, 7));  /* not between the edge and the text */
	assert_false(breaks_before(layout, 11)); /* nor before the end edge */
	assert_false(breaks_before(layout, 14)); /* nor between it and the comma */
	assert_true(breaks_before(layout, 16));  /* after the comma's space, as without */
	g_object_unref(layout);
	text_content_free(&ic);

	/* After a hyphen that ends the element, a break as without it, after its end edge. */
	build(&ic, a, &base, &span, true, "well", "-", "known");
	assert_string_equal(ic.text.data, "well" SPACER "-" SPACER "known");
	layout = text_make_layout(pc, &ic, 0, -1, NULL);
	assert_false(breaks_before(layout, 8));  /* between the hyphen and the end edge */
	assert_true(breaks_before(layout, 11));  /* after the edge, before "known" */
	g_object_unref(layout);
	text_content_free(&ic);

	/* Glued to a word before it: no break where there was none. */
	build(&ic, a, &base, &span, true, "x", "y", "z");
	assert_string_equal(ic.text.data, "x" SPACER "y" SPACER "z");
	layout = text_make_layout(pc, &ic, 0, -1, NULL);
	for (int i = 1; i < (int)ic.text.len; i++)
		assert_false(breaks_before(layout, i));
	g_object_unref(layout);
	text_content_free(&ic);
	arena_free(a);
	g_object_unref(pc);
}

/* White space collapses across an element's start edge (CSS Text 3, 4.1.1), and the
 * edges stand where the element starts and ends, a space after it outside. */
static void test_spaces_collapse_across_edges(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct style base = base_style(), span = boxed_style();
	struct inline_content ic;
	build(&ic, a, &base, &span, true, "one ", " two ", " three");
	assert_string_equal(ic.text.data, "one " SPACER "two" SPACER " three");
	text_content_free(&ic);
	/* text-transform: capitalize sees the element's first word as one. */
	span.text_transform = TRANSFORM_CAPITALIZE;
	build(&ic, a, &base, &span, true, "one ", "two", "");
	assert_string_equal(ic.text.data, "one " SPACER "Two" SPACER);
	text_content_free(&ic);
	span.text_transform = base.text_transform;
	/* An element with no start edge to make room for takes none. */
	span.margin[SIDE_LEFT].value = 0;
	span.padding[SIDE_LEFT].value = 0;
	span.border_style[SIDE_LEFT] = BORDER_NONE;
	build(&ic, a, &base, &span, true, "one ", "two", " three");
	assert_string_equal(ic.text.data, "one two" SPACER " three");
	assert_int_equal(ic.boxed[0].open, -1);
	assert_int_equal(ic.boxed[0].start, 4);
	text_content_free(&ic);
	arena_free(a);
}

/* ::first-letter finds the letter inside an element whose start edge comes first. */
static void test_first_letter_after_edge(void **state)
{
	(void)state;
	PangoContext *pc = context();
	struct arena *a = arena_new();
	struct style base = base_style(), span = boxed_style(), letter = base_style();
	letter.font_size = 24;
	struct inline_content ic;
	build(&ic, a, &base, &span, true, "", "Green", " on track");
	ic.first_letter = &letter;
	PangoLayout *layout = text_make_layout(pc, &ic, 0, -1, NULL);
	bool found = false;
	GSList *attrs = pango_attr_list_get_attributes(pango_layout_get_attributes(layout));
	for (GSList *l = attrs; l; l = l->next) {
		PangoAttribute *attr = l->data;
		if (attr->klass->type == PANGO_ATTR_ABSOLUTE_SIZE && attr->start_index == 3 && attr->end_index == 4)
			found = true;
	}
	g_slist_free_full(attrs, (GDestroyNotify)pango_attribute_destroy);
	assert_true(found);
	g_object_unref(layout);
	text_content_free(&ic);
	arena_free(a);
	g_object_unref(pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges_take_room),
		cmocka_unit_test(test_breaks_around_edges),
		cmocka_unit_test(test_spaces_collapse_across_edges),
		cmocka_unit_test(test_first_letter_after_edge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
