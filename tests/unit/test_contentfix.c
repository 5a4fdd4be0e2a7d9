/* Unit tests for Cairo's page content rewritten (pdf/contentfix.h): each marker line
 * becomes /Artifact marked content with its kind's properties, the empty spans of
 * undrawn characters go (a line's last space drawn invisibly instead), nothing else
 * changes, and data that does not inflate is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "pdf/contentfix.h"
#include "pdf/structure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static struct buf deflated(const char *text)
{
	struct buf b = { 0 };
	uLong bound = compressBound((uLong)strlen(text));
	buf_reserve(&b, bound);
	uLongf n = bound;
	assert_int_equal(compress2((Bytef *)b.data, &n, (const Bytef *)text, (uLong)strlen(text), 6), Z_OK);
	b.len = n;
	return b;
}

static char *inflated(const struct buf *b)
{
	uLongf n = 1 << 20;
	char *text = calloc(1, n + 1);
	assert_int_equal(uncompress((Bytef *)text, &n, (const Bytef *)b->data, b->len), Z_OK);
	text[n] = '\0';
	return text;
}

/* Runs content_fix on `text`, compressed; returns the result and the text after. */
static enum content_fix fix(const char *text, char **after, size_t *marks)
{
	struct content_fixer cf = { 0 };
	struct buf in = deflated(text), out = { 0 };
	*marks = 0;
	enum content_fix r = content_fix(&cf, in.data, in.len, &out, marks);
	*after = r == CONTENT_FIX_DONE ? inflated(&out) : NULL;
	buf_free(&in);
	buf_free(&out);
	content_fixer_free(&cf);
	return r;
}

static void rewrites_each_kind_of_marker(void **state)
{
	(void)state;
	static const char *const want[STRUCTURE_ARTIFACT_COUNT] = {
		[STRUCTURE_ARTIFACT_LAYOUT] = "/Artifact << /Type /Layout >> BDC",
		[STRUCTURE_ARTIFACT_HEADER] = "/Artifact << /Type /Pagination /Subtype /Header >> BDC",
		[STRUCTURE_ARTIFACT_FOOTER] = "/Artifact << /Type /Pagination /Subtype /Footer >> BDC",
		[STRUCTURE_ARTIFACT_PAGINATION] = "/Artifact << /Type /Pagination >> BDC",
	};
	for (int k = 0; k < STRUCTURE_ARTIFACT_COUNT; k++) {
		char text[512], expect[512];
		const char *m = structure_artifact_marker((enum structure_artifact)k);
		snprintf(text, sizeof text,
			 "1 0 0 -1 0 841 cm\nq\n/%s << /MCID 0 >> BDC\n0 0 10 10 re f\nEMC\n"
			 "/P << /MCID 1 >> BDC\nBT\n(Text)Tj\nET\nEMC\n/%s << /MCID 12 >> BDC\n(x)Tj\nEMC\nQ\n",
			 m, m);
		snprintf(expect, sizeof expect,
			 "1 0 0 -1 0 841 cm\nq\n%s\n0 0 10 10 re f\nEMC\n"
			 "/P << /MCID 1 >> BDC\nBT\n(Text)Tj\nET\nEMC\n%s\n(x)Tj\nEMC\nQ\n",
			 want[k], want[k]);
		char *after;
		size_t marks;
		assert_int_equal(fix(text, &after, &marks), CONTENT_FIX_DONE);
		assert_int_equal(marks, 2);
		assert_string_equal(after, expect);
		free(after);
	}
}

/* Only a whole line that is a marker: not text that looks like one, not a marker
 * with more on its line, not an element's marked content. */
static void leaves_everything_else(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"q\n/P << /MCID 0 >> BDC\n(x)Tj\nEMC\nQ\n",
		"BT\n(/Private << /MCID 3 >> BDC)Tj\nET\n",
		" /Private << /MCID 3 >> BDC\n",
		"/Private << /MCID 3 >> BDC q\n",
		"/Private << /MCID >> BDC\n",
		"/Private << /MCID 3x >> BDC\n",
		"/Privat << /MCID 3 >> BDC\n",
		"",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char *after;
		size_t marks;
		assert_int_equal(fix(texts[i], &after, &marks), CONTENT_FIX_NONE);
		assert_int_equal(marks, 0);
		assert_null(after);
	}
	/* The last line needs no newline. */
	char *after;
	size_t marks;
	assert_int_equal(fix("q\n/Private << /MCID 7 >> BDC", &after, &marks), CONTENT_FIX_DONE);
	assert_string_equal(after, "q\n/Artifact << /Type /Layout >> BDC");
	free(after);
}

/* The empty span Cairo writes for a line's last space goes (poppler would end the
 * element's text at its EMC) and the space is drawn invisibly where the line ends, in
 * a Latin font; a word joiner's span just goes; any other stays. */
static void spans_of_undrawn_characters(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out; /* out NULL: unchanged */
	} cases[] = {
		{ "BT\n/f-1-0 1 Tf\n(funded by the)Tj\n/Span << /ActualText <feff0020> >> BDC\nEMC\n"
		  "0 -1.4 Td\n(Regional)Tj\nET\n",
		  "BT\n/f-1-0 1 Tf\n(funded by the)Tj\n3 Tr ( )Tj 0 Tr\n0 -1.4 Td\n(Regional)Tj\nET\n" },
		/* A TJ array over two lines; a font change before the next line. */
		{ "BT\n[(T)111(o report)\n]TJ\n/Span << /ActualText <feff0020> >> BDC\nEMC\n"
		  "/f-0-0 1 Tf\n2 -1.4 Td\n(x)Tj\nET\n",
		  "BT\n[(T)111(o report)\n]TJ\n3 Tr ( )Tj 0 Tr\n/f-0-0 1 Tf\n2 -1.4 Td\n(x)Tj\nET\n" },
		{ "BT\n(end)Tj\n/Span << /ActualText <feff0020> >> BDC\nEMC\nET\n",
		  "BT\n(end)Tj\n3 Tr ( )Tj 0 Tr\nET\n" },
		{ "BT\n(8)Tj\n/Span << /ActualText <feff2060> >> BDC\nEMC\n( 9)Tj\nET\n",
		  "BT\n(8)Tj\n( 9)Tj\nET\n" },
		/* A font whose codes are not Latin: the space's code is not known. */
		{ "BT\n<00120034>Tj\n/Span << /ActualText <feff0020> >> BDC\nEMC\n0 -1 Td\nET\n", NULL },
		/* Text follows on the same line: a space drawn there would move it. */
		{ "BT\n(a)Tj\n/Span << /ActualText <feff0020> >> BDC\nEMC\n(b)Tj\nET\n", NULL },
		/* The font changed since the last text: which font is not known. */
		{ "BT\n(a)Tj\n/f-2-0 1 Tf\n/Span << /ActualText <feff0020> >> BDC\nEMC\n0 -1 Td\nET\n", NULL },
		/* Not empty, or another character. */
		{ "BT\n(a)Tj\n/Span << /ActualText <feff0020> >> BDC\n(x)Tj\nEMC\n0 -1 Td\nET\n", NULL },
		{ "BT\n(a)Tj\n/Span << /ActualText <feff00660069> >> BDC\nEMC\n0 -1 Td\nET\n", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *after;
		size_t marks;
		enum content_fix r = fix(cases[i].in, &after, &marks);
		assert_int_equal(marks, 0);
		if (!cases[i].out) {
			if (r != CONTENT_FIX_NONE)
				fail_msg("case %zu changed: %s", i, after);
			continue;
		}
		assert_int_equal(r, CONTENT_FIX_DONE);
		assert_string_equal(after, cases[i].out);
		free(after);
	}
}

static void refuses_what_does_not_inflate(void **state)
{
	(void)state;
	struct content_fixer cf = { 0 };
	struct buf out = { 0 };
	size_t marks = 0;
	assert_int_equal(content_fix(&cf, "not zlib", 8, &out, &marks), CONTENT_FIX_BAD);
	struct buf in = deflated("q\n/Private << /MCID 0 >> BDC\n0 0 1 1 re f\nEMC\nQ\n");
	for (size_t cut = 0; cut < in.len; cut++)
		assert_int_equal(content_fix(&cf, in.data, cut, &out, &marks), CONTENT_FIX_BAD);
	assert_int_equal(content_fix(&cf, in.data, in.len, &out, &marks), CONTENT_FIX_DONE);
	assert_int_equal(marks, 1);
	buf_free(&in);
	buf_free(&out);
	content_fixer_free(&cf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rewrites_each_kind_of_marker),
		cmocka_unit_test(leaves_everything_else),
		cmocka_unit_test(spans_of_undrawn_characters),
		cmocka_unit_test(refuses_what_does_not_inflate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
