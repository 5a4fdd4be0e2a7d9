/* Unit tests for XSLT: formatting through the real stylesheets, parameters, HTML5
 * output, and the security preferences (reads only below allowed folders, no writes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "doc/programme.h"
#include "doc/transform.h"
#include "testutil.h"

#include <limits.h>
#include <libxml/parser.h>
#include <libxslt/xsltutils.h>

struct fixture {
	char *dir;          /* scratch folder: in/, xsl/, outside/ */
	char *in_dir;       /* the input's folder */
	char *xsl_dir;      /* where the test stylesheets live */
	char *outside_dir;  /* a folder no stylesheet may read */
	char *input;        /* in/tiny.xml */
	char *common;       /* absolute path of the real stylesheets/common.xsl */
	struct programme *programme;
	struct captured out;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return -1;
	f->common = path_in(cwd, "stylesheets/common.xsl");
	f->dir = scratch_dir();
	f->in_dir = path_in(f->dir, "in");
	f->xsl_dir = path_in(f->dir, "xsl");
	f->outside_dir = path_in(f->dir, "outside");
	mkdir(f->in_dir, 0777);
	mkdir(f->xsl_dir, 0777);
	mkdir(f->outside_dir, 0777);

	char *text = tiny_programme("CBC", "");
	f->input = path_in(f->in_dir, "tiny.xml");
	write_file(f->input, text);
	free(text);
	char *p = path_in(f->in_dir, "extra.xml");
	write_file(p, "<extra>ALLOWED-DOC</extra>\n");
	free(p);
	p = path_in(f->outside_dir, "secret.xml");
	write_file(p, "<secret>SECRET-MARKER-0815</secret>\n");
	free(p);
	p = path_in(f->in_dir, "link.xml");
	if (symlink("../outside/secret.xml", p) != 0)
		return -1;
	free(p);

	captured_open(&f->out);
	struct programme_schema *schema = NULL;
	int rc = programme_schema_load("stylesheets/programme.rng", f->out.sink, &schema);
	if (rc == 0)
		rc = programme_load(f->input, schema, f->out.sink, &f->programme);
	programme_schema_free(schema);
	if (rc != 0) {
		fprintf(stderr, "%s", captured_text(&f->out));
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	programme_free(f->programme);
	captured_close(&f->out);
	remove_tree(f->dir);
	free(f->dir);
	free(f->in_dir);
	free(f->xsl_dir);
	free(f->outside_dir);
	free(f->input);
	free(f->common);
	free(f);
	return 0;
}

static int reset_messages(void **state)
{
	struct fixture *f = *state;
	captured_close(&f->out);
	captured_open(&f->out);
	return 0;
}

/* Writes a stylesheet NAME.xsl into xsl/ whose root template outputs body (inside
 * <html><body>); header goes before the template (imports, output, params). */
static char *write_stylesheet(struct fixture *f, const char *name, const char *header,
			      const char *body)
{
	static const char format[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"\n"
		"    xmlns:bp=\"urn:briefpack:common\" xmlns:exsl=\"http://exslt.org/common\"\n"
		"    extension-element-prefixes=\"exsl\" exclude-result-prefixes=\"bp\">\n"
		"%s\n"
		"<xsl:template match=\"/\"><html><body>%s</body></html></xsl:template>\n"
		"</xsl:stylesheet>\n";
	size_t n = sizeof format + strlen(header) + strlen(body);
	char *text = malloc(n);
	snprintf(text, n, format, header, body);
	char file[64];
	snprintf(file, sizeof file, "%s.xsl", name);
	char *path = path_in(f->xsl_dir, file);
	write_file(path, text);
	free(text);
	return path;
}

/* Compiles and applies; returns the status and, on success, the HTML text. */
static int run(struct fixture *f, const char *xsl, const char *const *params, char **html)
{
	struct transform *t = NULL;
	xmlDocPtr result = NULL;
	*html = NULL;
	if (transform_compile(xsl, "stylesheets", NULL, f->out.sink, &t) != 0)
		return -1;
	int rc = transform_apply(t, programme_doc(f->programme), f->input, params, NULL, f->out.sink,
				 &result);
	if (rc == 0) {
		size_t len = 0;
		FILE *mem = open_memstream(html, &len);
		rc = transform_write_html(result, mem, "memory", f->out.sink);
		fclose(mem);
		xmlFreeDoc(result);
	}
	transform_free(t);
	return rc;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!haystack || !strstr(haystack, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, haystack ? haystack : "(nothing)");
}

static void money_and_dates_through_common(void **state)
{
	struct fixture *f = *state;
	char header[PATH_MAX + 128];
	snprintf(header, sizeof header,
		 "<xsl:import href=\"%s\"/>\n<xsl:output method=\"html\"/>\n"
		 "<xsl:param name=\"who\" select=\"'nobody'\"/>",
		 f->common);
	char *xsl = write_stylesheet(
		f, "format", header,
		"<p id=\"m1\"><xsl:call-template name=\"bp:money\"><xsl:with-param name=\"node\""
		" select=\"//annual-savings/money\"/></xsl:call-template></p>"
		"<p id=\"m2\"><xsl:call-template name=\"bp:money\"><xsl:with-param name=\"node\""
		" select=\"//step//money\"/></xsl:call-template></p>"
		"<p id=\"m3\"><xsl:call-template name=\"bp:money\"><xsl:with-param name=\"amount\""
		" select=\"'1000000'\"/><xsl:with-param name=\"currency\" select=\"'EUR'\"/>"
		"</xsl:call-template></p>"
		"<p id=\"d1\"><xsl:call-template name=\"bp:date\"><xsl:with-param name=\"node\""
		" select=\"/programme/as-at\"/></xsl:call-template></p>"
		"<p id=\"d2\"><xsl:call-template name=\"bp:date-phrase\"><xsl:with-param"
		" name=\"node\" select=\"//go-live\"/></xsl:call-template></p>"
		"<p id=\"d3\"><xsl:call-template name=\"bp:date\"><xsl:with-param name=\"node\""
		" select=\"//target\"/></xsl:call-template></p>"
		"<p id=\"s\"><xsl:call-template name=\"bp:savings-phrase\"><xsl:with-param"
		" name=\"node\" select=\"//annual-savings\"/></xsl:call-template></p>"
		"<p id=\"who\"><xsl:value-of select=\"$who\"/></p>");
	const char *const params[] = { "who", "it's \"quoted\" & <raw>", NULL };
	char *html = NULL;
	assert_int_equal(run(f, xsl, params, &html), 0);
	assert_contains(html, "<p id=\"m1\">£357,000</p>");
	assert_contains(html, "<p id=\"m2\">£1,234.50</p>");
	assert_contains(html, "<p id=\"m3\">€1,000,000</p>");
	assert_contains(html, "<p id=\"d1\">15 March 2007</p>");
	assert_contains(html, "<p id=\"d2\">by mid 2007</p>");
	assert_contains(html, "<p id=\"d3\">summer 2007</p>");
	assert_contains(html,
			"<p id=\"s\">Estimated cashable savings of around £357,000 per annum</p>");
	assert_contains(html, "<p id=\"who\">it's \"quoted\" &amp; &lt;raw&gt;</p>");
	free(html);
	free(xsl);
}

static void briefing_pack_kind_by_name(void **state)
{
	struct fixture *f = *state;
	char *html = NULL;
	assert_int_equal(run(f, "briefing-pack", NULL, &html), 0);
	assert_non_null(html);
	assert_int_equal(strncmp(html, "<!DOCTYPE html>\n<html", 21), 0);
	assert_contains(html, "£357,000");
	assert_contains(html, "mid 2007");
	assert_contains(html, "Tiny Test Programme");
	free(html);
}

static void unknown_kind_is_reported(void **state)
{
	struct fixture *f = *state;
	struct transform *t = NULL;
	assert_int_equal(transform_compile("no-such-kind", "stylesheets", NULL, f->out.sink, &t), -1);
	assert_null(t);
	assert_contains(captured_text(&f->out),
			"error: unknown document kind 'no-such-kind': there is no "
			"stylesheets/no-such-kind.xsl");
}

static void stylesheet_doctype_is_replaced(void **state)
{
	struct fixture *f = *state;
	char *xsl = write_stylesheet(
		f, "doctype",
		"<xsl:output method=\"html\" doctype-public=\"-//W3C//DTD HTML 4.01//EN\""
		" doctype-system=\"http://www.w3.org/TR/html4/strict.dtd\"/>",
		"<p>x</p>");
	char *html = NULL;
	assert_int_equal(run(f, xsl, NULL, &html), 0);
	assert_int_equal(strncmp(html, "<!DOCTYPE html>\n<html>", 22), 0);
	assert_null(strstr(html + strlen("<!DOCTYPE html>"), "DOCTYPE"));
	free(html);
	free(xsl);
}

static void document_reads_only_allowed_folders(void **state)
{
	struct fixture *f = *state;
	char *html = NULL;
	/* allowed: beside the input */
	char *xsl = write_stylesheet(f, "allowed", "",
				     "<p><xsl:value-of select=\"document('extra.xml', /)\"/></p>");
	assert_int_equal(run(f, xsl, NULL, &html), 0);
	assert_contains(html, "ALLOWED-DOC");
	free(html);
	free(xsl);

	static const char *const refused[] = {
		"document('../outside/secret.xml')",          /* beside the stylesheets' folder */
		"document('../in/../outside/secret.xml', /)", /* '..' escape from the input's */
		"document('link.xml', /)",                    /* symbolic link leading out */
		"document('/etc/passwd')",                    /* absolute path */
		"document('http://127.0.0.1:9/x.xml')",       /* network */
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		char body[256], name[32];
		snprintf(body, sizeof body, "<p><xsl:value-of select=\"%s\"/></p>", refused[i]);
		snprintf(name, sizeof name, "refused%zu", i);
		xsl = write_stylesheet(f, name, "", body);
		html = NULL;
		if (run(f, xsl, NULL, &html) != -1)
			fail_msg("%s was not refused:\n%s", refused[i], html ? html : "");
		free(xsl);
	}
	const char *messages = captured_text(&f->out);
	assert_null(strstr(messages, "SECRET-MARKER"));
	assert_null(strstr(messages, "root:"));
	assert_contains(messages, "refused");
}

static void stylesheets_cannot_write(void **state)
{
	struct fixture *f = *state;
	char *target = path_in(f->dir, "written.txt");
	char body[PATH_MAX + 128];
	snprintf(body, sizeof body,
		 "<exsl:document href=\"%s\" method=\"text\">owned</exsl:document>", target);
	char *xsl = write_stylesheet(f, "write", "", body);
	char *html = NULL;
	assert_int_equal(run(f, xsl, NULL, &html), -1);
	assert_int_equal(access(target, F_OK), -1);
	assert_contains(captured_text(&f->out), "write");
	free(xsl);
	free(target);
}

static void includes_read_only_allowed_folders(void **state)
{
	struct fixture *f = *state;
	char *evil = path_in(f->outside_dir, "evil.xsl");
	write_file(evil, "<xsl:stylesheet version=\"1.0\" "
			 "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"/>\n");
	char *xsl = write_stylesheet(f, "include", "<xsl:include href=\"../outside/evil.xsl\"/>",
				     "<p/>");
	struct transform *t = NULL;
	assert_int_equal(transform_compile(xsl, "stylesheets", NULL, f->out.sink, &t), -1);
	assert_contains(captured_text(&f->out), "not read: outside the folders stylesheets may read");
	free(xsl);
	free(evil);
}

static void stylesheet_errors_carry_lines(void **state)
{
	struct fixture *f = *state;
	char *xsl = write_stylesheet(f, "broken", "", "<xsl:value-of select=\"((\"/>");
	struct transform *t = NULL;
	assert_int_equal(transform_compile(xsl, "stylesheets", NULL, f->out.sink, &t), -1);
	char *want = malloc(strlen(xsl) + 16);
	sprintf(want, "%s:6: error:", xsl);
	assert_contains(captured_text(&f->out), want);
	free(want);
	free(xsl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(money_and_dates_through_common, reset_messages),
		cmocka_unit_test_setup(briefing_pack_kind_by_name, reset_messages),
		cmocka_unit_test_setup(unknown_kind_is_reported, reset_messages),
		cmocka_unit_test_setup(stylesheet_doctype_is_replaced, reset_messages),
		cmocka_unit_test_setup(document_reads_only_allowed_folders, reset_messages),
		cmocka_unit_test_setup(stylesheets_cannot_write, reset_messages),
		cmocka_unit_test_setup(includes_read_only_allowed_folders, reset_messages),
		cmocka_unit_test_setup(stylesheet_errors_carry_lines, reset_messages),
	};
	int failed = cmocka_run_group_tests_name("transform", tests, setup, teardown);
	xsltCleanupGlobals();
	xmlCleanupParser();
	return failed;
}
