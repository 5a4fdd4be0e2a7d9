/* Unit tests for box sizing: box-sizing, min-/max- clamping and the replaced-element table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/sizing.h"

static const struct dim AUTO = { DIM_AUTO, 0, NULL }, NONE = { DIM_NONE, 0, NULL };

static struct dim px(float v)
{
	return (struct dim){ DIM_PX, v, NULL };
}

static struct dim pct(float v)
{
	return (struct dim){ DIM_PERCENT, v, NULL };
}

static void test_definite_sizes(void **state)
{
	float v = -1;
	assert_true(sizing_definite(px(200), 0, false, false, 20, &v));
	assert_float_equal(v, 200, 1e-4);
	assert_true(sizing_definite(px(200), 0, false, true, 20, &v)); /* border-box */
	assert_float_equal(v, 180, 1e-4);
	assert_true(sizing_definite(px(10), 0, false, true, 20, &v)); /* never below 0 */
	assert_float_equal(v, 0, 1e-4);
	assert_true(sizing_definite(pct(50), 600, true, false, 0, &v));
	assert_float_equal(v, 300, 1e-4);
	assert_false(sizing_definite(pct(50), 600, false, false, 0, &v)); /* indefinite: auto */
	assert_false(sizing_definite(AUTO, 600, true, false, 0, &v));
}

static void test_limits_and_clamp(void **state)
{
	struct size_limits l = sizing_limits(px(100), px(300), 0, false, false, 0);
	assert_float_equal(sizing_clamp(50, l), 100, 1e-4);
	assert_float_equal(sizing_clamp(200, l), 200, 1e-4);
	assert_float_equal(sizing_clamp(400, l), 300, 1e-4);
	/* A max below the min: the min wins (CSS 2.1 10.4, step 3). */
	l = sizing_limits(px(200), px(100), 0, false, false, 0);
	assert_float_equal(sizing_clamp(50, l), 200, 1e-4);
	assert_float_equal(sizing_clamp(500, l), 200, 1e-4);
	/* none, and percentages of an unknown base: no max, a min of 0. */
	l = sizing_limits(pct(50), NONE, 0, false, false, 0);
	assert_float_equal(l.min, 0, 1e-4);
	assert_true(l.max < 0);
	assert_float_equal(sizing_clamp(1e5f, l), 1e5f, 1e-1);
	l = sizing_limits(pct(10), pct(50), 800, true, true, 40);
	assert_float_equal(l.min, 40, 1e-4);  /* 80 less the padding and border */
	assert_float_equal(l.max, 360, 1e-4);
}

static void replaced(float w, float h, struct size_limits lw, struct size_limits lh, float ew, float eh)
{
	float ow, oh;
	sizing_replaced(w, h, lw, lh, &ow, &oh);
	assert_float_equal(ow, ew, 1e-3);
	assert_float_equal(oh, eh, 1e-3);
}

/* Every row of the table in CSS 2.1 section 10.4, for a 320 x 200 picture. */
static void test_replaced_table(void **state)
{
	struct size_limits free_ = { 0, -1 };
	replaced(320, 200, free_, free_, 320, 200);
	/* w > max-width */
	replaced(320, 200, (struct size_limits){ 0, 160 }, free_, 160, 100);
	replaced(320, 200, (struct size_limits){ 0, 160 }, (struct size_limits){ 150, -1 }, 160, 150);
	/* w < min-width */
	replaced(320, 200, (struct size_limits){ 640, -1 }, free_, 640, 400);
	replaced(320, 200, (struct size_limits){ 640, -1 }, (struct size_limits){ 0, 300 }, 640, 300);
	/* h > max-height */
	replaced(320, 200, free_, (struct size_limits){ 0, 50 }, 80, 50);
	replaced(320, 200, (struct size_limits){ 150, -1 }, (struct size_limits){ 0, 40 }, 150, 40);
	/* h < min-height */
	replaced(320, 200, free_, (struct size_limits){ 400, -1 }, 640, 400);
	replaced(320, 200, (struct size_limits){ 0, 500 }, (struct size_limits){ 400, -1 }, 500, 400);
	/* both too large: the axis needing the larger reduction decides */
	replaced(320, 200, (struct size_limits){ 0, 160 }, (struct size_limits){ 0, 50 }, 80, 50);
	replaced(320, 200, (struct size_limits){ 0, 32 }, (struct size_limits){ 0, 150 }, 32, 20);
	replaced(320, 200, (struct size_limits){ 0, 32 }, (struct size_limits){ 30, 150 }, 32, 30);
	replaced(320, 200, (struct size_limits){ 70, 160 }, (struct size_limits){ 0, 40 }, 70, 40);
	/* both too small */
	replaced(320, 200, (struct size_limits){ 400, -1 }, (struct size_limits){ 400, -1 }, 640, 400);
	replaced(320, 200, (struct size_limits){ 960, -1 }, (struct size_limits){ 400, -1 }, 960, 600);
	replaced(320, 200, (struct size_limits){ 400, 600 }, (struct size_limits){ 400, -1 }, 600, 400);
	replaced(320, 200, (struct size_limits){ 960, -1 }, (struct size_limits){ 400, 500 }, 960, 500);
	/* one too small, the other too large */
	replaced(320, 200, (struct size_limits){ 400, -1 }, (struct size_limits){ 0, 100 }, 400, 100);
	replaced(320, 200, (struct size_limits){ 0, 100 }, (struct size_limits){ 300, -1 }, 100, 300);
	/* no ratio: each axis on its own */
	replaced(0, 200, (struct size_limits){ 10, -1 }, (struct size_limits){ 0, 100 }, 10, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_definite_sizes),
		cmocka_unit_test(test_limits_and_clamp),
		cmocka_unit_test(test_replaced_table),
	};
	return cmocka_run_group_tests_name("sizing", tests, NULL, NULL);
}
