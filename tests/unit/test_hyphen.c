/* Unit tests for hyphenation: the installed en-GB dictionary's break points, the words left alone, language tags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "layout/hyphen.h"
#include "testutil.h"

#define SYSTEM_DICT_DIR "/usr/share/hyphen"
#define EN_GB_DICT SYSTEM_DICT_DIR "/hyph_en_GB.dic"

/* A dictionary that allows a break after every letter a–z, with the minimums the
 * dictionary file states (or none, to get the defaults). */
static char *every_letter_dictionary(const char *minimums)
{
	struct buf text = { 0 };
	buf_printf(&text, "UTF-8\n%s", minimums);
	for (char c = 'a'; c <= 'z'; c++)
		buf_printf(&text, "%c1\n", c);
	return text.data;
}

static void write_dictionary(const char *dir, const char *name, const char *minimums)
{
	char *path = path_in(dir, name);
	char *text = every_letter_dictionary(minimums);
	write_file(path, text);
	free(text);
	free(path);
}

/* The result of hyphenating word, with each soft hyphen shown as '='. */
static char *hyphenated(struct hyphenator *h, const char *lang, const char *word, int *count)
{
	struct buf out = { 0 }, shown = { 0 };
	*count = hyphenate_word(h, lang, word, strlen(word), &out);
	for (size_t i = 0; i < out.len; i++) {
		if (i + 1 < out.len && (unsigned char)out.data[i] == 0xC2 &&
		    (unsigned char)out.data[i + 1] == 0xAD) {
			buf_putc(&shown, '=');
			i++;
		} else {
			buf_putc(&shown, out.data[i]);
		}
	}
	buf_free(&out);
	if (!shown.data)
		buf_add(&shown, "", 0);
	return shown.data;
}

/* Checks that word comes out as want ('=' for each soft hyphen) with count of them. */
static void expect(struct hyphenator *h, const char *lang, const char *word, const char *want,
		   int want_count)
{
	int count;
	char *got = hyphenated(h, lang, word, &count);
	if (strcmp(got, want) || count != want_count)
		fail_msg("lang %s, \"%s\": got \"%s\" (%d), want \"%s\" (%d)", lang ? lang : "(null)",
			 word, got, count, want, want_count);
	free(got);
}

/* Checks that word comes out exactly as it went in. */
static void expect_unchanged(struct hyphenator *h, const char *lang, const char *word)
{
	struct buf out = { 0 };
	int count = hyphenate_word(h, lang, word, strlen(word), &out);
	if (count != 0 || out.len != strlen(word) || memcmp(out.data, word, out.len))
		fail_msg("lang %s, \"%s\": got \"%.*s\" (%d), want it unchanged",
			 lang ? lang : "(null)", word, (int)out.len, out.data ? out.data : "", count);
	buf_free(&out);
}

static int setup_system(void **state)
{
	if (access(EN_GB_DICT, R_OK) != 0) {
		fprintf(stderr, "%s is missing: install hyphen-en-gb\n", EN_GB_DICT);
		return -1;
	}
	*state = hyphenator_new(NULL);
	return 0;
}

static int teardown_system(void **state)
{
	hyphenator_free(*state);
	return 0;
}

static void test_en_gb_break_points(void **state)
{
	struct hyphenator *h = *state;
	expect(h, "en-GB", "hyphenation", "hy=phen=a=tion", 3);
	expect(h, "en-GB", "implementation", "im=ple=ment=a=tion", 4);
	expect(h, "en-GB", "procurement", "pro=cure=ment", 2);
	expect(h, "en-GB", "partnership", "part=ner=ship", 2);
	expect(h, "en-GB", "organisation", "or=gan=isa=tion", 3);
	expect(h, "en-GB", "programme", "pro=gramme", 1);
	expect(h, "en-GB", "councils", "coun=cils", 1);
	expect(h, "en-GB", "workstream", "work=stream", 1);
	/* capitals are looked up in lower case and written back as they were */
	expect(h, "en-GB", "Partnership", "Part=ner=ship", 2);
	expect(h, "en-GB", "Implementation", "Im=ple=ment=a=tion", 4);
	/* the dictionary's own answer: no point in "shared" */
	expect_unchanged(h, "en-GB", "shared");
	/* letters outside ASCII */
	expect(h, "en-GB", "Ångström", "Ång=ström", 1);
}

static void test_tag_spellings(void **state)
{
	struct hyphenator *h = *state;
	static const char *const tags[] = {
		"en-GB", "en_GB", "EN-gb", "en-gb", "En_Gb", "en-Latn-GB", "en-GB-x-board", "en-GB-oxendict",
	};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		expect(h, tags[i], "hyphenation", "hy=phen=a=tion", 3);
		assert_true(hyphenator_has_language(h, tags[i]));
	}
	/* Plain "en" and other regions find an English dictionary (en_US when installed,
	 * otherwise en_GB), so the word gets soft hyphens without changing otherwise. */
	static const char *const english[] = { "en", "EN", "en-US", "en-AU", "en-IE" };
	for (size_t i = 0; i < sizeof english / sizeof english[0]; i++) {
		int count;
		char *got = hyphenated(h, english[i], "implementation", &count);
		assert_true(count > 0);
		size_t k = 0;
		for (size_t j = 0; got[j]; j++)
			if (got[j] != '=')
				got[k++] = got[j];
		got[k] = '\0';
		assert_string_equal(got, "implementation");
		free(got);
	}
}

static void test_minimum_lengths(void **state)
{
	char *dir = scratch_dir();
	/* xx breaks after every letter and allows one letter either side; yy also breaks
	 * after every letter but states no minimums, so 2 before and 3 after apply. */
	write_dictionary(dir, "hyph_xx.dic", "LEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n");
	write_dictionary(dir, "hyph_yy.dic", "");
	struct hyphenator *h = hyphenator_new(dir);

	expect_unchanged(h, "xx", "abcd");
	expect(h, "xx", "abcde", "a=b=c=d=e", 4);
	expect_unchanged(h, "xx", "(abcd),");
	expect(h, "yy", "abcde", "ab=cde", 1);
	expect(h, "yy", "abcdefg", "ab=c=d=efg", 3);
	expect_unchanged(h, "yy", "abcd");

	/* letters, not bytes or characters, count: apostrophes and marks do not */
	expect_unchanged(h, "xx", "ab'cd");
	expect(h, "xx", "abcdef", "a=b=c=d=e=f", 5);
	/* libhyphen itself keeps breaks a letter away from an apostrophe */
	expect(h, "xx", "abc'de", "a=bc'de", 1);
	/* no break beside an apostrophe; none between a letter and its combining mark */
	expect(h, "yy", "partner's", "pa=r=t=ner's", 3);
	expect(h, "xx", "re\xCC\x81sume\xCC\x81", "r=e\xCC\x81=s=u=m=e\xCC\x81", 5);

	/* the soft hyphens are appended after what the buffer already holds */
	struct buf out = { 0 };
	buf_puts(&out, "in ");
	assert_int_equal(hyphenate_word(h, "xx", "abcde", 5, &out), 4);
	assert_string_equal(out.data, "in a\xC2\xAD" "b\xC2\xAD" "c\xC2\xAD" "d\xC2\xAD" "e");
	assert_int_equal(hyphenate_word(h, "xx", "", 0, &out), 0);
	assert_int_equal(out.len, strlen("in abcde") + 4 * 2);
	buf_free(&out);

	/* a run of letters far longer than any word is left alone */
	char long_word[151];
	memset(long_word, 'a', 150);
	long_word[150] = '\0';
	expect_unchanged(h, "xx", long_word);

	hyphenator_free(h);
	remove_tree(dir);
	free(dir);
}

static void test_words_left_alone(void **state)
{
	struct hyphenator *h = *state;
	/* acronyms and other words in capitals */
	expect_unchanged(h, "en-GB", "RCE");
	expect_unchanged(h, "en-GB", "EMIP");
	expect_unchanged(h, "en-GB", "PARTNERSHIP");
	expect_unchanged(h, "en-GB", "IMPLEMENTATION.");
	/* digits */
	expect_unchanged(h, "en-GB", "2007");
	expect_unchanged(h, "en-GB", "procurement2007");
	expect_unchanged(h, "en-GB", "Q3implementation");
	expect_unchanged(h, "en-GB", "implementation(3)");
	/* hyphens already there: hyphen-minus, soft hyphen, U+2010, U+2011 */
	expect_unchanged(h, "en-GB", "co-operation");
	expect_unchanged(h, "en-GB", "partner\xC2\xADship");
	expect_unchanged(h, "en-GB", "implementation\xE2\x80\x90plan");
	expect_unchanged(h, "en-GB", "implementation\xE2\x80\x91plan");
	expect_unchanged(h, "en-GB", "-implementation");
	/* other characters among the letters */
	expect_unchanged(h, "en-GB", "procurement/partnership");
	expect_unchanged(h, "en-GB", "www.partnership.org");
	expect_unchanged(h, "en-GB", "implementation&procurement");
	/* short words, and not valid UTF-8 */
	expect_unchanged(h, "en-GB", "shared");
	expect_unchanged(h, "en-GB", "board");
	expect_unchanged(h, "en-GB", "implemen\xFFtation");
	expect_unchanged(h, "en-GB", "implemen\xC3tation");
	int count;
	struct buf out = { 0 };
	count = hyphenate_word(h, "en-GB", "implemen\0tation", 15, &out);
	assert_int_equal(count, 0);
	assert_int_equal(out.len, 15);
	assert_memory_equal(out.data, "implemen\0tation", 15);
	buf_free(&out);
}

static void test_punctuation_outside(void **state)
{
	struct hyphenator *h = *state;
	expect(h, "en-GB", "\"hyphenation\",", "\"hy=phen=a=tion\",", 3);
	expect(h, "en-GB", "(procurement).", "(pro=cure=ment).", 2);
	expect(h, "en-GB", "\xE2\x80\x9CImplementation\xE2\x80\x9D",
	       "\xE2\x80\x9CIm=ple=ment=a=tion\xE2\x80\x9D", 4);
	expect(h, "en-GB", "[partnership];", "[part=ner=ship];", 2);
	expect(h, "en-GB", "'partnership'", "'part=ner=ship'", 2);
	expect(h, "en-GB", "partnership\xE2\x80\xA6", "part=ner=ship\xE2\x80\xA6", 2);
	expect(h, "en-GB", "programme!?", "pro=gramme!?", 1);
	/* an apostrophe inside the word stays in it, with no break beside it */
	expect(h, "en-GB", "partnership's", "part=ner=ship's", 2);
	expect(h, "en-GB", "partnership\xE2\x80\x99s", "part=ner=ship\xE2\x80\x99s", 2);
	expect(h, "en-GB", "partnerships'", "part=ner=ships'", 2);
}

static void test_unknown_languages(void **state)
{
	struct hyphenator *h = *state;
	static const char *const tags[] = {
		"qaa", "qtz-QM", "zz", "x-klingon", "i-default", "e", "", NULL,
		"en-", "-en", "en--GB", "toolonglanguage", "en GB", "en.GB", "en\nGB",
	};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		expect_unchanged(h, tags[i], "implementation");
		assert_false(hyphenator_has_language(h, tags[i]));
	}
	/* longer than any tag this looks up, though made of allowed characters */
	expect_unchanged(h, "en-GB-aaaaaaaa-bbbbbbbb-cccccccc-dddd", "implementation");
}

static void test_hostile_tags(void **state)
{
	struct hyphenator *h = *state;
	static const char *const tags[] = {
		"../../etc/passwd", "../hyphen/hyph_en_GB", "/usr/share/hyphen/hyph_en_GB.dic",
		"en_GB.dic", "en_GB/../en_GB", "en_GB\\..", "en_GB%00", "en\xC2\xA0GB", "*", "en_*",
	};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		expect_unchanged(h, tags[i], "implementation");
		assert_false(hyphenator_has_language(h, tags[i]));
	}

	/* A naive implementation would open root/dicts/hyph_x/../../evil.dic, which is
	 * root/evil.dic: a dictionary that breaks after every letter. */
	char *root = scratch_dir();
	char *dicts = path_in(root, "dicts");
	char *trap = path_in(dicts, "hyph_x");
	mkdir(dicts, 0700);
	mkdir(trap, 0700);
	write_dictionary(root, "evil.dic", "LEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n");
	struct hyphenator *sandboxed = hyphenator_new(dicts);
	expect_unchanged(sandboxed, "x/../../evil", "implementation");
	expect_unchanged(sandboxed, "x_/../../evil", "implementation");
	expect_unchanged(sandboxed, "evil", "implementation");
	assert_false(hyphenator_has_language(sandboxed, "x/../../evil"));
	hyphenator_free(sandboxed);
	remove_tree(root);
	free(trap);
	free(dicts);
	free(root);
}

static void test_missing_dictionary_remembered(void **state)
{
	char *dir = scratch_dir();
	struct hyphenator *h = hyphenator_new(dir);
	assert_false(hyphenator_has_language(h, "xx"));
	expect_unchanged(h, "xx", "abcdefg");

	/* Installed after the first look: this job keeps its answer (and does not
	 * search again), a new job finds it. */
	write_dictionary(dir, "hyph_xx.dic", "LEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n");
	assert_false(hyphenator_has_language(h, "xx"));
	assert_false(hyphenator_has_language(h, "XX"));
	expect_unchanged(h, "xx", "abcdefg");
	hyphenator_free(h);

	h = hyphenator_new(dir);
	assert_true(hyphenator_has_language(h, "xx"));
	expect(h, "xx", "abcdefg", "a=b=c=d=e=f=g", 6);
	hyphenator_free(h);
	remove_tree(dir);
	free(dir);
}

static void test_fallbacks(void **state)
{
	/* A folder holding the en-GB dictionary only, under its own name and through
	 * a symbolic link, as Debian installs en_AU: every English tag lands on it. */
	char *dir = scratch_dir();
	char *gb = path_in(dir, "hyph_en_GB.dic");
	char *au = path_in(dir, "hyph_en_AU.dic");
	assert_int_equal(symlink(EN_GB_DICT, gb), 0);
	assert_int_equal(symlink("hyph_en_GB.dic", au), 0);
	write_dictionary(dir, "hyph_xx_YY.dic", "LEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n");
	write_dictionary(dir, "hyph_zz.txt", "");
	struct hyphenator *h = hyphenator_new(dir);

	static const char *const english[] = { "en", "en-US", "en-GB", "en-AU", "en-NZ", "en-Latn" };
	for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
		expect(h, english[i], "implementation", "im=ple=ment=a=tion", 4);
	/* a language whose only dictionary is for one region */
	expect(h, "xx", "abcde", "a=b=c=d=e", 4);
	expect(h, "xx-ZZ", "abcde", "a=b=c=d=e", 4);
	expect_unchanged(h, "zz", "abcde");
	expect_unchanged(h, "yy", "abcde");
	hyphenator_free(h);

	remove_tree(dir);
	free(au);
	free(gb);
	free(dir);
}

static void test_many_words_one_job(void **state)
{
	struct hyphenator *h = *state;
	static const char *const words[] = { "partnership", "procurement", "implementation" };
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < 3; i++) {
			struct buf out = { 0 };
			assert_true(hyphenate_word(h, round % 2 ? "en-GB" : "en_gb", words[i],
						   strlen(words[i]), &out) > 0);
			buf_free(&out);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_en_gb_break_points, setup_system, teardown_system),
		cmocka_unit_test_setup_teardown(test_tag_spellings, setup_system, teardown_system),
		cmocka_unit_test(test_minimum_lengths),
		cmocka_unit_test_setup_teardown(test_words_left_alone, setup_system, teardown_system),
		cmocka_unit_test_setup_teardown(test_punctuation_outside, setup_system, teardown_system),
		cmocka_unit_test_setup_teardown(test_unknown_languages, setup_system, teardown_system),
		cmocka_unit_test_setup_teardown(test_hostile_tags, setup_system, teardown_system),
		cmocka_unit_test(test_missing_dictionary_remembered),
		cmocka_unit_test_setup_teardown(test_fallbacks, setup_system, teardown_system),
		cmocka_unit_test_setup_teardown(test_many_words_one_job, setup_system, teardown_system),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
