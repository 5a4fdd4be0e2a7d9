/* Unit tests for CSS lengths and colours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "css/syntax.h"
#include "css/colour.h"
#include "css/value.h"

static int setup_arena(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown_arena(void **state)
{
	arena_free(*state);
	return 0;
}

static const struct css_node *value_of(struct arena *a, const char *css)
{
	struct css_node *node;
	const char *why;
	if (css_parse_one_component_value(a, css, strlen(css), &node, &why) < 0)
		return NULL;
	return node;
}

static void assert_close(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("got %.12g, want %.12g", got, want);
}

static void test_lengths_parse(void **state)
{
	struct arena *a = *state;
	static const struct {
		const char *css;
		bool allow_number;
		int ok;
		double value;
		enum css_unit unit;
	} cases[] = {
		{ "12px", false, 0, 12, CSS_UNIT_PX },	    { "1.5EM", false, 0, 1.5, CSS_UNIT_EM },
		{ "-3pt", false, 0, -3, CSS_UNIT_PT },	    { "2pc", false, 0, 2, CSS_UNIT_PC },
		{ "10mm", false, 0, 10, CSS_UNIT_MM },	    { "1cm", false, 0, 1, CSS_UNIT_CM },
		{ "1in", false, 0, 1, CSS_UNIT_IN },	    { "4Q", false, 0, 4, CSS_UNIT_Q },
		{ "2rem", false, 0, 2, CSS_UNIT_REM },	    { "1ex", false, 0, 1, CSS_UNIT_EX },
		{ "1ch", false, 0, 1, CSS_UNIT_CH },	    { "50%", false, 0, 50, CSS_UNIT_PERCENT },
		{ "0", false, 0, 0, CSS_UNIT_PX },	    { "1.2", true, 0, 1.2, CSS_UNIT_NUMBER },
		{ "0", true, 0, 0, CSS_UNIT_NUMBER },	    { "5", false, -1, 0, CSS_UNIT_PX },
		{ "12deg", false, -1, 0, CSS_UNIT_PX },    { "px", false, -1, 0, CSS_UNIT_PX },
		{ "\"12px\"", false, -1, 0, CSS_UNIT_PX }, { "calc(1px)", false, -1, 0, CSS_UNIT_PX },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_length len = { -99, CSS_UNIT_CH };
		int ok = css_value_length(value_of(a, cases[i].css), cases[i].allow_number, &len);
		if (ok != cases[i].ok)
			fail_msg("%s: returned %d", cases[i].css, ok);
		if (ok == 0) {
			assert_close(len.value, cases[i].value);
			assert_int_equal(len.unit, cases[i].unit);
		}
	}
	struct css_length len;
	assert_int_equal(css_value_length(NULL, true, &len), -1);
}

static void test_lengths_to_px(void **state)
{
	struct css_length_context ctx = { .font_size = 20, .root_font_size = 10, .percent_base = 300 };
	assert_close(css_length_to_px((struct css_length){ 1, CSS_UNIT_IN }, &ctx), 96);
	assert_close(css_length_to_px((struct css_length){ 72, CSS_UNIT_PT }, &ctx), 96);
	assert_close(css_length_to_px((struct css_length){ 1, CSS_UNIT_PC }, &ctx), 16);
	assert_close(css_length_to_px((struct css_length){ 25.4, CSS_UNIT_MM }, &ctx), 96);
	assert_close(css_length_to_px((struct css_length){ 2.54, CSS_UNIT_CM }, &ctx), 96);
	assert_close(css_length_to_px((struct css_length){ 101.6, CSS_UNIT_Q }, &ctx), 96);
	assert_close(css_length_to_px((struct css_length){ 7, CSS_UNIT_PX }, &ctx), 7);
	assert_close(css_length_to_px((struct css_length){ 1.5, CSS_UNIT_EM }, &ctx), 30);
	assert_close(css_length_to_px((struct css_length){ 1.5, CSS_UNIT_REM }, &ctx), 15);
	assert_close(css_length_to_px((struct css_length){ 2, CSS_UNIT_EX }, &ctx), 20);
	assert_close(css_length_to_px((struct css_length){ 2, CSS_UNIT_CH }, &ctx), 20);
	assert_close(css_length_to_px((struct css_length){ 10, CSS_UNIT_PERCENT }, &ctx), 30);
	ctx.percent_base = -1;
	assert_close(css_length_to_px((struct css_length){ 10, CSS_UNIT_PERCENT }, &ctx), 0);
	/* Without a context, 16px fonts. */
	assert_close(css_length_to_px((struct css_length){ 2, CSS_UNIT_EM }, NULL), 32);
}

struct color_case {
	const char *css;
	int ok;
	double r, g, b, a;
};

static void check_colors(struct arena *a, const struct color_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct css_color c = { -1, -1, -1, -1 };
		bool current = true;
		int ok = css_value_color(value_of(a, cases[i].css), &c, &current);
		if (ok != cases[i].ok)
			fail_msg("%s: returned %d, want %d", cases[i].css, ok, cases[i].ok);
		if (ok != 0)
			continue;
		assert_false(current);
		if (fabs(c.r - cases[i].r) > 1e-6 || fabs(c.g - cases[i].g) > 1e-6 ||
		    fabs(c.b - cases[i].b) > 1e-6 || fabs(c.a - cases[i].a) > 1e-6)
			fail_msg("%s: got %g %g %g %g", cases[i].css, c.r, c.g, c.b, c.a);
	}
}

static void test_named_and_hex_colours(void **state)
{
	static const struct color_case cases[] = {
		{ "red", 0, 1, 0, 0, 1 },
		{ "NAVY", 0, 0, 0, 128 / 255.0, 1 },
		{ "RebeccaPurple", 0, 0x66 / 255.0, 0x33 / 255.0, 0x99 / 255.0, 1 },
		{ "lightgoldenrodyellow", 0, 0xfa / 255.0, 0xfa / 255.0, 0xd2 / 255.0, 1 },
		{ "grey", 0, 128 / 255.0, 128 / 255.0, 128 / 255.0, 1 },
		{ "transparent", 0, 0, 0, 0, 0 },
		{ "blac\xe2\x84\xaa", -1, 0, 0, 0, 0 }, /* KELVIN SIGN is not a 'k' */
		{ "reddish", -1, 0, 0, 0, 0 },
		{ "#f00", 0, 1, 0, 0, 1 },
		{ "#F008", 0, 1, 0, 0, 0x88 / 255.0 },
		{ "#336699", 0, 0.2, 0.4, 0.6, 1 },
		{ "#33669980", 0, 0.2, 0.4, 0.6, 128 / 255.0 },
		{ "#12345", -1, 0, 0, 0, 0 },
		{ "#ggg", -1, 0, 0, 0, 0 },
		{ "#", -1, 0, 0, 0, 0 },
		{ "12", -1, 0, 0, 0, 0 },
	};
	check_colors(*state, cases, sizeof cases / sizeof cases[0]);
}

static void test_functional_colours(void **state)
{
	static const struct color_case cases[] = {
		{ "rgb(255, 128, 0)", 0, 1, 128 / 255.0, 0, 1 },
		{ "RGB(100%, 50%, 0%)", 0, 1, 0.5, 0, 1 },
		{ "rgba(0, 0, 255, 0.25)", 0, 0, 0, 1, 0.25 },
		{ "rgba(0, 0, 255)", 0, 0, 0, 1, 1 },
		{ "rgb(0, 0, 255, 40%)", 0, 0, 0, 1, 0.4 },
		{ "rgb(300, -5, 0, 7)", 0, 1, 0, 0, 1 }, /* clamped */
		{ "rgb(255, 50%, 0)", -1, 0, 0, 0, 0 },  /* mixed in the comma syntax */
		{ "rgb(1, 2)", -1, 0, 0, 0, 0 },
		{ "rgb(1, 2, 3,)", -1, 0, 0, 0, 0 },
		{ "rgb(1 2, 3)", -1, 0, 0, 0, 0 },
		{ "rgb(1, 2, 3deg)", -1, 0, 0, 0, 0 },
		{ "hsl(120, 100%, 50%)", 0, 0, 1, 0, 1 },
		{ "hsla(240, 100%, 50%, 0.5)", 0, 0, 0, 1, 0.5 },
		{ "hsl(0.5turn, 100%, 25%)", 0, 0, 0.5, 0.5, 1 },
		{ "hsl(-120, 100%, 50%)", 0, 0, 0, 1, 1 },
		{ "hsl(0, 150%, 50%)", 0, 1, 0, 0, 1 }, /* saturation clamped */
		{ "hsl(120, 100, 50%)", -1, 0, 0, 0, 0 },
		{ "hsl(120%, 100%, 50%)", -1, 0, 0, 0, 0 },
		/* The space syntax of CSS Color 4. */
		{ "rgb(255 0 0 / 50%)", 0, 1, 0, 0, 0.5 },
		{ "rgb(255 50% none)", 0, 1, 0.5, 0, 1 },
		{ "rgb(255 0 0 0.5)", -1, 0, 0, 0, 0 },
		{ "rgb(255 0 / 0.5)", -1, 0, 0, 0, 0 },
		{ "hsl(120deg 100% 50% / 0.2)", 0, 0, 1, 0, 0.2 },
		{ "hsl(120 100 50)", 0, 0, 1, 0, 1 },
		{ "cmyk(0, 0, 0, 0)", -1, 0, 0, 0, 0 },
		{ "rgb", -1, 0, 0, 0, 0 },
	};
	check_colors(*state, cases, sizeof cases / sizeof cases[0]);
}

static void test_currentcolor_leaves_colour_unchanged(void **state)
{
	struct arena *a = *state;
	struct css_color c = { 0.1, 0.2, 0.3, 0.4 };
	bool current = false;
	assert_int_equal(css_value_color(value_of(a, "currentColor"), &c, &current), 0);
	assert_true(current);
	assert_close(c.r, 0.1);
	assert_close(c.a, 0.4);
	assert_int_equal(css_value_color(value_of(a, "CURRENTCOLOR"), &c, NULL), 0);
	assert_int_equal(css_value_color(value_of(a, "current-color"), &c, &current), -1);
	assert_int_equal(css_value_color(NULL, &c, &current), -1);
}

/* Values Chromium 120's canvas paints for the same colours (8 bits a channel), so
 * within 1/255: the spec's examples and colours outside the sRGB gamut, clipped. */
static void test_css_color_4_spaces(void **state)
{
	static const struct {
		const char *css;
		int r, g, b, a;
	} cases[] = {
		{ "lab(29.2345% 39.3825 20.0664)", 125, 35, 41, 255 },
		{ "lch(29.2345% 44.2 27)", 125, 35, 41, 255 },
		{ "oklch(40.101% 0.12332 21.555)", 125, 35, 41, 255 },
		{ "oklab(40.101% 0.1147 0.0453)", 125, 35, 41, 255 },
		{ "lch(52.2345% 72.2 56.2)", 198, 93, 6, 255 },
		{ "oklch(59.686% 0.15619 49.7694)", 198, 93, 6, 255 },
		{ "hwb(194 0% 0%)", 0, 195, 255, 255 },
		{ "HWB(194deg 0% 0% / .5)", 0, 195, 255, 128 },
		{ "hwb(0 60% 60%)", 128, 128, 128, 255 },
		{ "hwb(120 20 30)", 51, 179, 51, 255 },
		{ "oklch(70% 0.4 150)", 0, 214, 0, 255 },
		{ "lab(50% 100% -100%)", 214, 0, 255, 255 },
		{ "lch(60 60 none)", 236, 92, 148, 255 },
		{ "oklch(0.5 none 10)", 99, 99, 99, 255 },
		{ "lab(100 0 0)", 255, 255, 255, 255 },
		{ "oklch(1 0 0 / 25%)", 255, 255, 255, 64 },
		{ "lch(0% 0 0)", 0, 0, 0, 255 },
		{ "oklab(50% -40% 40%)", 9, 123, 0, 255 },
		{ "lab(150% 0 0)", 255, 255, 255, 255 }, /* lightness clamped */
		{ "oklch(-1 0.1 0)", 0, 0, 0, 255 },
	};
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_color c = { -1, -1, -1, -1 };
		bool current = true;
		if (css_value_color(value_of(a, cases[i].css), &c, &current) != 0)
			fail_msg("%s: not a colour", cases[i].css);
		assert_false(current);
		double want[4] = { cases[i].r, cases[i].g, cases[i].b, cases[i].a };
		double got[4] = { c.r * 255, c.g * 255, c.b * 255, c.a * 255 };
		for (int k = 0; k < 4; k++)
			if (fabs(got[k] - want[k]) > 1.0)
				fail_msg("%s: got %g %g %g %g", cases[i].css, got[0], got[1], got[2], got[3]);
	}
	/* Only the space syntax, three channels, known names. */
	static const char *const invalid[] = {
		"lab(50%, 10, 10)", "oklch(0.5 0.1)", "hwb(120, 10%, 10%)", "lch(50 10 10deg 1)",
		"oklab(0.5 0.1 0.1 / 1 2)", "lab(50 10deg 10)", "oklch(0.5 0.1 10px)",
		"labx(50 0 0)", "lch(none none none / none)x",
	};
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		struct css_color c;
		if (css_value_color(value_of(a, invalid[i]), &c, NULL) == 0)
			fail_msg("%s: taken as a colour", invalid[i]);
	}
}

/* The conversions themselves, against sRGB red and white as each space writes them
 * (CSS Color 4's sample code gives these coordinates for #f00). */
static void test_colour_conversions(void **state)
{
	double rgb[3];
	css_colour_lab(54.29054294696968, 80.80492033462421, 69.89098825896275, rgb);
	assert_true(fabs(rgb[0] - 1) < 1e-4 && rgb[1] < 1e-4 && rgb[2] < 1e-4);
	css_colour_lch(54.29054294696968, 106.83719104365966, 40.85766878213079, rgb);
	assert_true(fabs(rgb[0] - 1) < 1e-4 && rgb[1] < 1e-4 && rgb[2] < 1e-4);
	css_colour_oklab(0.6279553606145516, 0.22486306106597398, 0.1258462985307351, rgb);
	assert_true(fabs(rgb[0] - 1) < 1e-6 && rgb[1] < 1e-6 && rgb[2] < 1e-6);
	css_colour_oklch(0.6279553606145516, 0.2576833077361853, 29.2338851923426, rgb);
	assert_true(fabs(rgb[0] - 1) < 1e-6 && rgb[1] < 1e-6 && rgb[2] < 1e-6);
	css_colour_oklab(1, 0, 0, rgb);
	for (int k = 0; k < 3; k++)
		assert_close(rgb[k], 1);
	css_colour_lab(100, 0, 0, rgb);
	for (int k = 0; k < 3; k++)
		assert_true(fabs(rgb[k] - 1) < 1e-6);
	css_colour_lab(50, 0, 0, rgb); /* a neutral grey stays neutral */
	assert_true(fabs(rgb[0] - rgb[1]) < 1e-6 && fabs(rgb[1] - rgb[2]) < 1e-6);
	css_colour_hwb(120, 0.5, 0.5, rgb);
	for (int k = 0; k < 3; k++)
		assert_close(rgb[k], 0.5);
	css_colour_hsl(-240, 1, 0.5, rgb); /* hues wrap */
	assert_close(rgb[0], 0);
	assert_close(rgb[1], 1);
	assert_close(rgb[2], 0);
	css_colour_oklch(0.7, 0.4, 150, rgb); /* outside sRGB: clipped channel by channel */
	for (int k = 0; k < 3; k++)
		assert_true(rgb[k] >= 0 && rgb[k] <= 1);
}

static void test_math_functions(void **state)
{
	struct arena *a = *state;
	struct css_length_context ctx = { .font_size = 20, .root_font_size = 10, .percent_base = -1 };
	static const struct {
		const char *css;
		int ok;
		bool is_number;
		double value;   /* number, or px */
		bool has_percent;
		double percent;
	} cases[] = {
		{ "calc(1px + 2px)", 0, false, 3, false, 0 },
		{ "CALC(2 * 1em - 1rem)", 0, false, 30, false, 0 },
		{ "calc((1in + 4px) / 2)", 0, false, 50, false, 0 },
		{ "calc(50% - 10px)", 0, false, -10, true, 50 },
		{ "calc(3 * (2 + 1))", 0, true, 9, false, 0 },
		{ "calc(calc(1px) * 3)", 0, false, 3, false, 0 },
		{ "min(10px, 2em, 1in)", 0, false, 10, false, 0 },
		{ "max(10px, 2em, 1in)", 0, false, 96, false, 0 },
		{ "max(10%, 20%)", 0, false, 0, true, 20 },
		{ "clamp(10px, 5px, 30px)", 0, false, 10, false, 0 },
		{ "clamp(10px, 50px, 30px)", 0, false, 30, false, 0 },
		{ "clamp(10px, 20px, 30px)", 0, false, 20, false, 0 },
		{ "calc(1px -2px)", -1, false, 0, false, 0 },  /* - needs whitespace */
		{ "calc(1px+2px)", -1, false, 0, false, 0 },
		{ "calc(1px + 2)", -1, false, 0, false, 0 },   /* length plus number */
		{ "calc(1px * 2px)", -1, false, 0, false, 0 },
		{ "calc(1px / 0)", -1, false, 0, false, 0 },
		{ "calc(2 / 1px)", -1, false, 0, false, 0 },
		{ "min(10px, 50%)", -1, false, 0, false, 0 },  /* only layout could compare */
		{ "clamp(1px, 2px)", -1, false, 0, false, 0 },
		{ "min()", -1, false, 0, false, 0 },
		{ "calc()", -1, false, 0, false, 0 },
		{ "calc(1deg)", -1, false, 0, false, 0 },
		{ "rgb(1px)", -1, false, 0, false, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_calc c;
		int ok = css_value_calc(value_of(a, cases[i].css), &ctx, &c);
		if (ok != cases[i].ok)
			fail_msg("%s: returned %d", cases[i].css, ok);
		if (ok != 0)
			continue;
		if (c.is_number != cases[i].is_number || c.has_percent != cases[i].has_percent)
			fail_msg("%s: wrong type", cases[i].css);
		assert_close(c.is_number ? c.number : c.px, cases[i].value);
		assert_close(c.percent, cases[i].percent);
	}
}

/* Mixed percentages and lengths in min(), max() and clamp(): kept as a tree that
 * layout evaluates against the containing block; anything foldable is folded. */
static void test_math_trees(void **state)
{
	struct arena *a = *state;
	struct css_length_context ctx = { 10, 16, -1 };
	static const struct {
		const char *css;
		bool tree;
		double at_100, at_400; /* px when 100% is 100px, then 400px */
	} cases[] = {
		{ "min(10px, 50%)", true, 10, 10 },
		{ "max(100px, 50%)", true, 100, 200 },
		{ "clamp(50px, 30% + 10px, 80px)", true, 50, 80 },
		{ "calc(2 * min(10%, 40px) + 10px)", true, 30, 90 },
		{ "calc(max(1em, 10%) / 2 - 1px)", true, 4, 19 },
		{ "calc(-1 * min(1em, 5%))", true, -5, -10 },
		{ "calc(100% - min(20px, 2em))", false, 80, 380 }, /* min() of two lengths folds */
		{ "calc(50% - 1em)", false, 40, 190 },  /* linear: folded */
		{ "min(10%, 20%)", false, 10, 40 },
		{ "clamp(1px, 2px, 3px)", false, 2, 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_calc c;
		const struct css_calc_tree *tree = (const void *)&c;
		if (css_value_calc_tree(a, value_of(a, cases[i].css), &ctx, &c, &tree) != 0)
			fail_msg("%s: not a math function", cases[i].css);
		if ((tree != NULL) != cases[i].tree)
			fail_msg("%s: tree %d", cases[i].css, tree != NULL);
		for (int k = 0; k < 2; k++) {
			double base = k ? 400 : 100;
			double got = tree ? css_calc_tree_px(tree, base) : c.px + c.percent * base / 100;
			if (fabs(got - (k ? cases[i].at_400 : cases[i].at_100)) > 1e-9)
				fail_msg("%s at %g: got %g", cases[i].css, base, got);
		}
	}
	static const char *const invalid[] = {
		"min(10px, 50%, 2)", "calc(min(10px, 50%) * 1px)", "calc(1 / min(10px, 5%))",
		"calc(min(10px, 50%) + 1)", "clamp(1px, 50%)",
	};
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		struct css_calc c;
		const struct css_calc_tree *tree;
		if (css_value_calc_tree(a, value_of(a, invalid[i]), &ctx, &c, &tree) == 0)
			fail_msg("%s: taken", invalid[i]);
	}
	/* Without an arena, as before: only layout could compare. */
	struct css_calc c;
	assert_int_equal(css_value_calc(value_of(a, "calc(1px + min(10px, 50%))"), &ctx, &c), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lengths_parse, setup_arena, teardown_arena),
		cmocka_unit_test(test_lengths_to_px),
		cmocka_unit_test_setup_teardown(test_named_and_hex_colours, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_functional_colours, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_currentcolor_leaves_colour_unchanged, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_css_color_4_spaces, setup_arena, teardown_arena),
		cmocka_unit_test(test_colour_conversions),
		cmocka_unit_test_setup_teardown(test_math_functions, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_math_trees, setup_arena, teardown_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
