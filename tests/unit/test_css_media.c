/* Unit tests for Media Queries 4: parsing and evaluating against the printed page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "css/syntax.h"
#include "css/media.h"

/* An A4 page with 20mm margins: a page area of 642.5 x 971.3 px. */
static const struct css_media_env a4 = { 642.52, 971.34, 793.7, 1122.5 };

struct reports {
	int n;
	char last[200];
};

static void collect(void *ctx, int line, int col, const char *fmt, const char *arg)
{
	struct reports *r = ctx;
	r->n++;
	snprintf(r->last, sizeof r->last, "%d:%d ", line, col);
	size_t len = strlen(r->last);
	snprintf(r->last + len, sizeof r->last - len, fmt, arg);
}

/* Does the list match, and how many problems were reported? */
static bool matches(const char *list, const struct css_media_env *env, int *n_reports)
{
	struct arena *a = arena_new();
	struct css_node *nodes;
	size_t n = css_parse_component_values(a, list, strlen(list), &nodes);
	struct reports r = { 0, "" };
	bool result = css_media_matches(nodes, n, env, collect, &r);
	if (n_reports)
		*n_reports = r.n;
	arena_free(a);
	return result;
}

static void expect(const char *list, bool want, int want_reports)
{
	int n;
	bool got = matches(list, &a4, &n);
	if (got != want || n != want_reports)
		fail_msg("'%s': matched %d with %d reports, expected %d with %d", list, got, n, want,
			 want_reports);
}

static void test_media_types(void **state)
{
	expect("", true, 0);
	expect("print", true, 0);
	expect("all", true, 0);
	expect("PRINT", true, 0);
	expect("screen", false, 0);
	expect("tv", false, 0);
	expect("not screen", true, 0);
	expect("not print", false, 0);
	expect("only print", true, 0);
	expect("only screen", false, 0);
	expect("screen, print", true, 0);
	expect("screen, tv", false, 0);
	expect("print and (color)", true, 0);
	expect("screen and (color)", false, 0);
	expect("not screen and (color)", true, 0);
	expect("not print and (monochrome)", true, 0);
}

static void test_widths_and_ranges(void **state)
{
	expect("(width: 642.52px)", true, 0);
	expect("(min-width: 600px)", true, 0);
	expect("(max-width: 600px)", false, 0);
	expect("(min-width: 40em)", true, 0);  /* 640px: em is 16px */
	expect("(min-width: 41em)", false, 0);
	expect("(min-width: 170mm)", true, 0); /* exactly the page area, to rounding */
	expect("(max-width: 170mm)", true, 0);
	expect("(width >= 600px)", true, 0);
	expect("(width < 600px)", false, 0);
	expect("(600px < width)", true, 0);
	expect("(600px > width)", false, 0);
	expect("(400px < width < 800px)", true, 0);
	expect("(400px <= width <= 600px)", false, 0);
	expect("(1000px > height > 900px)", true, 0);
	expect("(width > calc(500px + 100px))", true, 0);
	expect("(height: 971.34px)", true, 0);
	expect("(min-height: 1000px)", false, 0);
	expect("(device-width: 793.7px)", true, 0);
	/* Not valid range syntax: the whole query matches nothing. */
	expect("(400px < width > 300px)", false, 1);
	expect("(width > = 600px)", false, 1);
}

static void test_other_features(void **state)
{
	expect("(orientation: portrait)", true, 0);
	expect("(orientation: landscape)", false, 0);
	expect("(aspect-ratio: 642.52/971.34)", true, 0);
	expect("(min-aspect-ratio: 1/2)", true, 0);
	expect("(max-aspect-ratio: 1/2)", false, 0);
	expect("(color)", true, 0);
	expect("(min-color: 8)", true, 0);
	expect("(monochrome)", false, 0);
	expect("(monochrome: 0)", true, 0);
	expect("(grid)", false, 0);
	expect("(hover: none)", true, 0);
	expect("(pointer: fine)", false, 0);
	expect("(prefers-color-scheme: light)", true, 0);
	expect("(min-resolution: 2dppx)", true, 0);
	expect("(resolution: 300dpi)", true, 0);
	struct css_media_env wide = { 900, 500, 1000, 600 };
	assert_true(matches("(orientation: landscape)", &wide, NULL));
	assert_true(matches("(aspect-ratio > 16/9)", &wide, NULL)); /* 1.8 */
	assert_false(matches("(aspect-ratio >= 2/1)", &wide, NULL));
	assert_true(matches("(min-aspect-ratio: 16/9)", &wide, NULL));
}

static void test_logic_and_unknown_features(void **state)
{
	expect("(color) and (min-width: 100px)", true, 0);
	expect("(color) and (monochrome)", false, 0);
	expect("(monochrome) or (color)", true, 0);
	expect("not (monochrome)", true, 0);
	expect("((color) and (grid: 0)) or (monochrome)", true, 0);
	expect("(color) and (grid: 0) or (monochrome)", false, 1); /* and and or mixed */
	/* An unknown feature is unknown: false alone, and not made true by not. */
	expect("(frobnicate: 1)", false, 1);
	expect("not (frobnicate)", false, 1);
	expect("(color) or (frobnicate)", true, 1);
	expect("(color) and (frobnicate)", false, 1);
	expect("(orientation: sideways)", false, 1);
	expect("(min-orientation: portrait)", false, 1);
	expect("(color > red)", false, 1);
	expect("frobnicate(1)", false, 1);
	/* Not valid queries: "not all", each reported, and the rest of the list still counts. */
	expect("print and", false, 1);
	expect("and print", false, 1);
	expect("print, (color) and", true, 1);
	expect(",", false, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_media_types),
		cmocka_unit_test(test_widths_and_ranges),
		cmocka_unit_test(test_other_features),
		cmocka_unit_test(test_logic_and_unknown_features),
	};
	return cmocka_run_group_tests_name("css_media", tests, NULL, NULL);
}
