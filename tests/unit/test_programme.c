/* Unit tests for programme loading: safe parsing, schema, references, status date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "doc/programme.h"
#include "doc/xmlsafe.h"
#include "testutil.h"

#include <libxml/parser.h>

#define SCHEMA "stylesheets/programme.rng"

/* Shared by every test: the compiled schema, a scratch folder and captured messages. */
struct fixture {
	struct programme_schema *schema;
	char *dir;
	struct captured out;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	captured_open(&f->out);
	if (programme_schema_load(SCHEMA, f->out.sink, &f->schema) != 0) {
		fprintf(stderr, "%s", captured_text(&f->out));
		return -1;
	}
	f->dir = scratch_dir();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	programme_schema_free(f->schema);
	captured_close(&f->out);
	remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Writes text to NAME in the scratch folder and loads it; returns the status. */
static int load_text(struct fixture *f, const char *name, const char *text, char **path)
{
	*path = path_in(f->dir, name);
	write_file(*path, text);
	struct programme *p = NULL;
	int rc = programme_load(*path, f->schema, f->out.sink, &p);
	programme_free(p);
	return rc;
}

/* Asserts that the captured messages contain "PATH:SUFFIX". */
static void assert_reported(struct fixture *f, const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 2;
	char *want = malloc(n);
	snprintf(want, n, "%s:%s", path, suffix);
	if (!strstr(captured_text(&f->out), want))
		fail_msg("expected \"%s\" in:\n%s", want, captured_text(&f->out));
	free(want);
}

static void valid_seed_loads(void **state)
{
	struct fixture *f = *state;
	struct programme *p = NULL;
	assert_int_equal(programme_load("input/rce-shared-services.xml", f->schema, f->out.sink, &p), 0);
	assert_non_null(p);
	assert_string_equal(captured_text(&f->out), "");
	assert_non_null(xmlDocGetRootElement(programme_doc(p)));
	assert_string_equal(programme_path(p), "input/rce-shared-services.xml");
	assert_int_equal(programme_status_time(p), 1170288000); /* 2007-02-01 00:00 UTC */
	programme_free(p);
}

static void tiny_programme_loads_with_day_date(void **state)
{
	struct fixture *f = *state;
	char *text = tiny_programme("CBC", ""), *path;
	struct programme *p = NULL;
	path = path_in(f->dir, "tiny.xml");
	write_file(path, text);
	assert_int_equal(programme_load(path, f->schema, f->out.sink, &p), 0);
	assert_int_equal(programme_status_time(p), 1173916800); /* 2007-03-15 00:00 UTC */
	programme_free(p);
	free(text);
	free(path);
}

static void malformed_xml_reports_line(void **state)
{
	struct fixture *f = *state;
	char *path;
	assert_int_equal(load_text(f, "broken.xml",
				   "<?xml version=\"1.0\"?>\n<programme>\n  <title>x</titel>\n</programme>\n",
				   &path),
			 -1);
	assert_reported(f, path, "3:");
	assert_non_null(strstr(captured_text(&f->out), "error: Opening and ending tag mismatch"));
	free(path);
}

static void schema_invalid_reports_line(void **state)
{
	struct fixture *f = *state;
	char *text = tiny_programme("CBC", ""), *path;
	char *bad = strstr(text, "status=\"agreed\"");
	memcpy(bad, "status=\"donexx\"", 15);
	assert_int_equal(load_text(f, "status.xml", text, &path), -1);
	assert_reported(f, path, "14:5: error:");
	free(text);
	free(path);
}

static void unknown_host_is_named(void **state)
{
	struct fixture *f = *state;
	char *text = tiny_programme("XYZ", ""), *path;
	assert_int_equal(load_text(f, "host.xml", text, &path), -1);
	assert_reported(f, path, "14:5: error: workstream 'audit' names unknown host 'XYZ'\n");
	free(text);
	free(path);
}

static void other_references_are_checked(void **state)
{
	struct fixture *f = *state;
	char *text = tiny_programme(
		"CBC", "    <workstream id=\"audit\" status=\"agreed\"><name>Again</name></workstream>\n"),
	     *path;
	assert_int_equal(load_text(f, "dup.xml", text, &path), -1);
	assert_reported(f, path, "19:5: error: duplicate id 'audit' (first used on line 14)");
	free(text);
	free(path);

	text = tiny_programme("CBC", "");
	char *step = strstr(text, "<step>");
	char *swapped = malloc(strlen(text) + 64);
	snprintf(swapped, strlen(text) + 64, "%.*s<step workstreams=\"audit payroll\">%s",
		 (int)(step - text), text, step + 6);
	assert_int_equal(load_text(f, "steps.xml", swapped, &path), -1);
	assert_reported(f, path, "21:5: error: step names unknown workstream 'payroll'");
	assert_null(strstr(captured_text(&f->out), "unknown workstream 'audit'"));
	free(swapped);
	free(text);
	free(path);
}

static void entity_attacks_are_refused(void **state)
{
	struct fixture *f = *state;
	char *secret = path_in(f->dir, "secret.txt");
	write_file(secret, "SECRET-MARKER-4711\n");
	static const char *const attacks[] = {
		/* external entity (XXE) */
		"<?xml version=\"1.0\"?>\n<!DOCTYPE programme [\n"
		"<!ENTITY xxe SYSTEM \"secret.txt\">\n]>\n<programme><title>&xxe;</title></programme>\n",
		/* entity expansion (billion laughs) */
		"<?xml version=\"1.0\"?>\n<!DOCTYPE programme [\n<!ENTITY a \"aaaaaaaaaa\">\n"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<programme>&b;</programme>\n",
		/* parameter entity pulling in a file */
		"<?xml version=\"1.0\"?>\n<!DOCTYPE programme [\n"
		"<!ENTITY % p SYSTEM \"secret.txt\">\n%p;\n]>\n<programme/>\n",
		/* external DTD */
		"<?xml version=\"1.0\"?>\n<!DOCTYPE programme SYSTEM \"secret.txt\">\n<programme/>\n",
	};
	for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		char name[32], *path;
		snprintf(name, sizeof name, "attack%zu.xml", i);
		assert_int_equal(load_text(f, name, attacks[i], &path), -1);
		assert_reported(f, path, "");
		free(path);
	}
	const char *text = captured_text(&f->out);
	assert_null(strstr(text, "SECRET-MARKER"));
	assert_non_null(strstr(text, "entity declarations are not allowed (entity 'xxe')"));
	assert_non_null(strstr(text, "names an external DTD"));
	free(secret);
}

static void missing_file_is_reported(void **state)
{
	struct fixture *f = *state;
	struct programme *p = NULL;
	assert_int_equal(programme_load("input/nope.xml", f->schema, f->out.sink, &p), -1);
	assert_null(p);
	assert_string_equal(captured_text(&f->out),
			    "input/nope.xml: error: cannot read: No such file or directory\n");
}

static void dates_read_at_their_precision(void **state)
{
	static const struct {
		const char *attrs;
		long long expected; /* -1: invalid */
	} cases[] = {
		{ "day=\"2007-04-01\"", 1175385600 },
		{ "month=\"2007-04\"", 1175385600 },
		{ "year=\"2007\"", 1167609600 },
		{ "year=\"2007\" part=\"mid\"", 1177977600 },
		{ "year=\"2007\" season=\"summer\"", 1180656000 },
		{ "day=\"2007-02-29\"", -1 },
		{ "month=\"April 2007\"", -1 },
		{ "", -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char xml[128];
		snprintf(xml, sizeof xml, "<d %s/>", cases[i].attrs);
		xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "date.xml", NULL, XML_PARSE_NONET);
		time_t t = 0;
		int rc = programme_date_value(xmlDocGetRootElement(doc), &t);
		if (cases[i].expected < 0) {
			assert_int_equal(rc, -1);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal((long long)t, cases[i].expected);
		}
		xmlFreeDoc(doc);
	}
}

/* Resets the captured messages between tests. */
static int reset_messages(void **state)
{
	struct fixture *f = *state;
	captured_close(&f->out);
	captured_open(&f->out);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(valid_seed_loads, reset_messages),
		cmocka_unit_test_setup(tiny_programme_loads_with_day_date, reset_messages),
		cmocka_unit_test_setup(malformed_xml_reports_line, reset_messages),
		cmocka_unit_test_setup(schema_invalid_reports_line, reset_messages),
		cmocka_unit_test_setup(unknown_host_is_named, reset_messages),
		cmocka_unit_test_setup(other_references_are_checked, reset_messages),
		cmocka_unit_test_setup(entity_attacks_are_refused, reset_messages),
		cmocka_unit_test_setup(missing_file_is_reported, reset_messages),
		cmocka_unit_test_setup(dates_read_at_their_precision, reset_messages),
	};
	int failed = cmocka_run_group_tests_name("programme", tests, setup, teardown);
	xmlCleanupParser();
	return failed;
}
