/* Unit tests for the letter ::first-letter picks (CSS Pseudo 4, 2.2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "layout/text.h"

/* The first letter of `text`, as a copy of its bytes, or "" for none. */
static const char *first_letter(const char *text)
{
	static char out[64];
	int start, end;
	if (!text_first_letter(text, (int)strlen(text), &start, &end))
		return "";
	memcpy(out, text + start, (size_t)(end - start));
	out[end - start] = '\0';
	return out;
}

static void test_letters_and_digits(void **state)
{
	(void)state;
	assert_string_equal(first_letter("Once upon"), "O");
	assert_string_equal(first_letter("2024 was"), "2");
	assert_string_equal(first_letter("\xc3\x89t\xc3\xa9"), "\xc3\x89");           /* É */
	assert_string_equal(first_letter("e\xcc\x81t\xc3\xa9"), "e\xcc\x81");        /* e + combining acute */
	assert_string_equal(first_letter("\xce\xa9mega"), "\xce\xa9");               /* Ω */
	assert_string_equal(first_letter("x"), "x");
}

static void test_punctuation(void **state)
{
	(void)state;
	/* Punctuation before it, with the spaces between, and after it. */
	assert_string_equal(first_letter("\xe2\x80\x9c\xc2\xa1Hello"), "\xe2\x80\x9c\xc2\xa1H"); /* “¡H */
	assert_string_equal(first_letter("(Item) one"), "(I");
	assert_string_equal(first_letter("\xe2\x80\x94 a dash"), "\xe2\x80\x94 a");            /* — a */
	assert_string_equal(first_letter("'T' is"), "'T'");
	assert_string_equal(first_letter("A. B."), "A.");
	assert_string_equal(first_letter("A, b"), "A,");
	/* What opens the next word stays out of it. */
	assert_string_equal(first_letter("A(b)"), "A");
	assert_string_equal(first_letter("A-b"), "A");
	assert_string_equal(first_letter("A\xe2\x80\x9c"), "A");
}

static void test_no_first_letter(void **state)
{
	(void)state;
	assert_string_equal(first_letter(""), "");
	assert_string_equal(first_letter(" a"), "");                 /* spaces are gone before this */
	assert_string_equal(first_letter("\xe2\x98\x85 star"), "");   /* ★ is a symbol */
	assert_string_equal(first_letter("\xef\xbf\xbc image"), ""); /* an atomic inline first */
	assert_string_equal(first_letter("!!!"), "");
	assert_string_equal(first_letter("\t\xe2\x81\xa0" "1"), ""); /* a leader */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters_and_digits),
		cmocka_unit_test(test_punctuation),
		cmocka_unit_test(test_no_first_letter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
