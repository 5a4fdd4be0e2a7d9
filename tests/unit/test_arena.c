/* Unit tests for the region allocator: zeroed, aligned memory, small and large requests. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <string.h>

#include "base/arena.h"

static void check_arena(struct arena *a)
{
	unsigned char *blocks[300];
	size_t sizes[300];
	for (int i = 0; i < 300; i++) {
		/* Mostly small requests, now and then one larger than a block. */
		sizes[i] = i % 50 == 49 ? 100000 : (size_t)(i * 37 % 700 + 1);
		blocks[i] = arena_alloc(a, sizes[i]);
		assert_non_null(blocks[i]);
		assert_int_equal((uintptr_t)blocks[i] % alignof(max_align_t), 0);
		for (size_t k = 0; k < sizes[i]; k++)
			assert_int_equal(blocks[i][k], 0);
		memset(blocks[i], i & 0xff, sizes[i]);
	}
	/* Nothing handed out overlaps: every block still holds what was written. */
	for (int i = 0; i < 300; i++)
		for (size_t k = 0; k < sizes[i]; k++)
			assert_int_equal(blocks[i][k], i & 0xff);
	assert_true(arena_bytes_used(a) >= 6 * 100000);
	assert_string_equal(arena_printf(a, "%s-%d", "page", 7), "page-7");
	arena_free(a);
}

static void test_arena(void **state)
{
	(void)state;
	check_arena(arena_new());
}

static void test_small_arena(void **state)
{
	(void)state;
	check_arena(arena_new_small());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_small_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
