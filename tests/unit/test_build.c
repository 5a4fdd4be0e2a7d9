/* Unit tests for jobs: atomic replacement, failed documents keeping their outputs,
 * input folders, SOURCE_DATE_EPOCH. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "base/atomic.h"
#include "build.h"
#include "testutil.h"

#include <libxml/parser.h>
#include <libxslt/xsltutils.h>

struct fixture {
	char *dir;  /* scratch folder */
	struct captured out;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = scratch_dir();
	captured_open(&f->out);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	captured_close(&f->out);
	remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void assert_file_is(const char *path, const char *expected)
{
	char *text = read_file(path);
	if (!text || strcmp(text, expected) != 0)
		fail_msg("%s holds \"%s\", not \"%s\"", path, text ? text : "(nothing)", expected);
	free(text);
}

static void atomic_commit_replaces(void **state)
{
	struct fixture *f = *state;
	char *target = path_in(f->dir, "doc.html");
	write_file(target, "old");
	struct atomic_file *a = NULL;
	assert_int_equal(atomic_open(target, f->out.sink, &a), 0);
	assert_int_equal(hidden_entries(f->dir), 1);
	fputs("new", atomic_stream(a));
	assert_file_is(target, "old");
	assert_int_equal(atomic_commit(a, f->out.sink), 0);
	assert_file_is(target, "new");
	assert_int_equal(hidden_entries(f->dir), 0);
	free(target);
}

static void atomic_discard_keeps_old(void **state)
{
	struct fixture *f = *state;
	char *target = path_in(f->dir, "doc.pdf");
	write_file(target, "old");
	struct atomic_file *a = NULL;
	assert_int_equal(atomic_open(target, f->out.sink, &a), 0);
	fputs("half of a new", atomic_stream(a));
	atomic_discard(a);
	assert_file_is(target, "old");
	assert_int_equal(hidden_entries(f->dir), 0);
	free(target);
}

static void atomic_failed_rename_leaves_no_temp(void **state)
{
	struct fixture *f = *state;
	char *target = path_in(f->dir, "taken");
	char *inside = path_in(target, "keep");
	struct atomic_file *a = NULL;
	assert_int_equal(atomic_open(target, f->out.sink, &a), 0);
	fputs("new", atomic_stream(a));
	/* A folder appears where the file was to go: the rename fails. */
	mkdir(target, 0777);
	write_file(inside, "x");
	assert_int_equal(atomic_commit(a, f->out.sink), -1);
	assert_int_equal(hidden_entries(f->dir), 0);
	assert_file_is(inside, "x");
	assert_non_null(strstr(captured_text(&f->out), "error: cannot replace"));
	free(inside);
	free(target);
}

static void atomic_refuses_what_is_not_a_file(void **state)
{
	struct fixture *f = *state;
	char *folder = path_in(f->dir, "folder");
	mkdir(folder, 0777);
	struct atomic_file *a = NULL;
	assert_int_equal(atomic_open(folder, f->out.sink, &a), -1);
	assert_null(a);
	assert_int_equal(atomic_open("/dev/null", f->out.sink, &a), -1);
	assert_non_null(strstr(captured_text(&f->out), "not a regular file"));
	struct stat st;
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(hidden_entries(f->dir), 0);
	free(folder);
}

static void failed_document_keeps_outputs(void **state)
{
	struct fixture *f = *state;
	char *out = path_in(f->dir, "out");
	mkdir(out, 0777);
	char *old_html = path_in(out, "tiny.briefing-pack.html");
	char *old_pdf = path_in(out, "tiny.briefing-pack.pdf");
	write_file(old_html, "earlier html");
	write_file(old_pdf, "earlier pdf");
	char *input = path_in(f->dir, "tiny.xml");
	char *text = tiny_programme("XYZ", ""); /* unknown host: the document fails */
	write_file(input, text);
	free(text);

	static const char *const kinds[] = { "briefing-pack", NULL };
	struct build_options opts = {
		.out_dir = out,
		.stylesheets_dir = "stylesheets",
		.kinds = kinds,
		.formats = BUILD_HTML | BUILD_PDF,
		.dump_out = stdout,
	};
	char *inputs[] = { input, NULL };
	assert_int_equal(build_run(&opts, inputs, f->out.sink), -1);
	assert_non_null(strstr(captured_text(&f->out), "names unknown host 'XYZ'"));
	assert_file_is(old_html, "earlier html");
	assert_file_is(old_pdf, "earlier pdf");
	assert_int_equal(hidden_entries(out), 0);

	/* The same with HTML only, once the input is fixed: only the HTML changes. */
	text = tiny_programme("CBC", "");
	write_file(input, text);
	free(text);
	opts.formats = BUILD_HTML;
	assert_int_equal(build_run(&opts, inputs, f->out.sink), 0);
	char *html = read_file(old_html);
	assert_int_equal(strncmp(html, "<!DOCTYPE html>\n", 16), 0);
	free(html);
	assert_file_is(old_pdf, "earlier pdf");
	assert_int_equal(hidden_entries(out), 0);

	free(input);
	free(old_pdf);
	free(old_html);
	free(out);
}

static void output_folder_created_one_level(void **state)
{
	struct fixture *f = *state;
	char *input = path_in(f->dir, "tiny.xml");
	char *text = tiny_programme("CBC", "");
	write_file(input, text);
	free(text);
	static const char *const kinds[] = { "briefing-pack", NULL };
	char *out = path_in(f->dir, "new");
	struct build_options opts = {
		.out_dir = out,
		.stylesheets_dir = "stylesheets",
		.kinds = kinds,
		.formats = BUILD_HTML,
		.dump_out = stdout,
	};
	char *inputs[] = { input, NULL };
	assert_int_equal(build_run(&opts, inputs, f->out.sink), 0);
	char *html = path_in(out, "tiny.briefing-pack.html");
	assert_int_equal(access(html, F_OK), 0);
	free(html);

	char *deep = path_in(f->dir, "no/such/folder");
	opts.out_dir = deep;
	assert_int_equal(build_run(&opts, inputs, f->out.sink), -1);
	assert_non_null(strstr(captured_text(&f->out), "cannot create the output folder"));
	free(deep);
	free(out);
	free(input);
}

static void folders_expand_to_sorted_xml(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "b.xml", "a.xml", ".hidden.xml", "notes.txt", "c.xml" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *p = path_in(f->dir, names[i]);
		write_file(p, "<x/>");
		free(p);
	}
	const char *args[] = { f->dir, "single.xml", NULL };
	char **inputs = NULL;
	assert_int_equal(build_expand_inputs(args, f->out.sink, &inputs), 0);
	static const char *const expected[] = { "a.xml", "b.xml", "c.xml" };
	for (size_t i = 0; i < 3; i++) {
		char *want = path_in(f->dir, expected[i]);
		assert_string_equal(inputs[i], want);
		free(want);
	}
	assert_string_equal(inputs[3], "single.xml");
	assert_null(inputs[4]);
	build_free_inputs(inputs);
}

static void source_date_epoch_is_checked(void **state)
{
	struct fixture *f = *state;
	time_t t = 0;
	assert_int_equal(build_source_date("1170288000", f->out.sink, &t), 0);
	assert_int_equal((long long)t, 1170288000LL);
	assert_int_equal(build_source_date("0", f->out.sink, &t), 0);
	assert_string_equal(captured_text(&f->out), "");
	static const char *const bad[] = { "", "-1", "12abc", " 5", "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(build_source_date(bad[i], f->out.sink, &t), -1);
	assert_non_null(strstr(captured_text(&f->out), "error: SOURCE_DATE_EPOCH must be"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(atomic_commit_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(atomic_discard_keeps_old, setup, teardown),
		cmocka_unit_test_setup_teardown(atomic_failed_rename_leaves_no_temp, setup, teardown),
		cmocka_unit_test_setup_teardown(atomic_refuses_what_is_not_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_document_keeps_outputs, setup, teardown),
		cmocka_unit_test_setup_teardown(output_folder_created_one_level, setup, teardown),
		cmocka_unit_test_setup_teardown(folders_expand_to_sorted_xml, setup, teardown),
		cmocka_unit_test_setup_teardown(source_date_epoch_is_checked, setup, teardown),
	};
	int failed = cmocka_run_group_tests_name("build", tests, NULL, NULL);
	xsltCleanupGlobals();
	xmlCleanupParser();
	return failed;
}
