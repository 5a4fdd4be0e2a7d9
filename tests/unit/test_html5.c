/* Unit tests for the HTML5 parser bridge: gumbo's tree as the libxml2 tree the engine walks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "base/buf.h"
#include "base/diag.h"
#include "doc/html5.h"

static xmlDocPtr parse(const char *html, struct diag_sink *unused)
{
	xmlDocPtr doc = NULL;
	struct diag_sink *sink = diag_sink_new(NULL);
	assert_int_equal(html5_parse(html, strlen(html), "t.html", sink, &doc), 0);
	diag_sink_free(sink);
	assert_non_null(doc);
	return doc;
}

/* First element named name, in document order. */
static xmlNodePtr find(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
		xmlNodePtr in = find(n->children, name);
		if (in)
			return in;
	}
	return NULL;
}

static xmlNodePtr root(xmlDocPtr doc)
{
	return xmlDocGetRootElement(doc);
}

/* Without <body>, an svg, section or article after <style> lands in the body (the HTML 4
 * parser left them in the head, never drawn). */
static void test_head_then_svg(void **state)
{
	(void)state;
	xmlDocPtr doc = parse("<!DOCTYPE html><title>T</title><style>p{}</style>"
			      "<svg viewBox='0 0 10 10'><rect width='5'/></svg>"
			      "<section>S</section><article>A</article>",
			      NULL);
	xmlNodePtr head = find(root(doc), "head"), body = find(root(doc), "body");
	assert_non_null(head);
	assert_non_null(body);
	assert_ptr_equal(find(root(doc), "style")->parent, head);
	assert_ptr_equal(find(root(doc), "svg")->parent, body);
	assert_ptr_equal(find(root(doc), "section")->parent, body);
	assert_ptr_equal(find(root(doc), "article")->parent, body);
	assert_non_null(find(find(root(doc), "svg")->children, "rect"));
	assert_non_null(doc->intSubset);
	xmlFreeDoc(doc);
}

static void test_implied_tbody(void **state)
{
	(void)state;
	xmlDocPtr doc = parse("<table><tr><td>1<td>2</table>", NULL);
	xmlNodePtr tbody = find(root(doc), "tbody");
	assert_non_null(tbody);
	assert_ptr_equal(tbody->parent, find(root(doc), "table"));
	xmlNodePtr tr = find(root(doc), "tr");
	assert_ptr_equal(tr->parent, tbody);
	assert_ptr_equal(find(tr->children, "td")->next->type, XML_ELEMENT_NODE);
	assert_null(doc->intSubset);
	xmlFreeDoc(doc);
}

static void test_p_closes(void **state)
{
	(void)state;
	xmlDocPtr doc = parse("<p>one<p>two<div>three</div>", NULL);
	xmlNodePtr body = find(root(doc), "body");
	int paragraphs = 0;
	for (xmlNodePtr c = body->children; c; c = c->next)
		paragraphs += c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "p");
	assert_int_equal(paragraphs, 2);
	assert_ptr_equal(find(root(doc), "div")->parent, body);
	xmlFreeDoc(doc);
}

static void test_entities(void **state)
{
	(void)state;
	xmlDocPtr doc = parse("<p title='a&amp;b'>&eacute;&nbsp;&#x263A;&copy &lt;x&gt;</p>", NULL);
	xmlNodePtr p = find(root(doc), "p");
	xmlChar *text = xmlNodeGetContent(p);
	assert_string_equal((const char *)text, "\xc3\xa9\xc2\xa0\xe2\x98\xba\xc2\xa9 <x>");
	xmlFree(text);
	xmlChar *title = xmlGetProp(p, BAD_CAST "title");
	assert_string_equal((const char *)title, "a&b");
	xmlFree(title);
	xmlFreeDoc(doc);
}

static void test_line_numbers(void **state)
{
	(void)state;
	xmlDocPtr doc = parse("<!DOCTYPE html>\n<html>\n<body>\n<p>x</p>\n\n<div\nclass=a>y</div>", NULL);
	assert_int_equal(xmlGetLineNo(find(root(doc), "p")), 4);
	assert_int_equal(xmlGetLineNo(find(root(doc), "div")), 6);
	xmlFreeDoc(doc);

	/* Lines past 65535: elements get theirs through their first text, as libxml2's
	 * parser gives them with XML_PARSE_BIG_LINES. */
	struct buf b = { 0 };
	for (int i = 0; i < 70000; i++)
		buf_puts(&b, "\n");
	buf_puts(&b, "<p>far</p>");
	xmlDocPtr big = parse(b.data, NULL);
	assert_int_equal(xmlGetLineNo(find(root(big), "p")), 70001);
	xmlFreeDoc(big);
	buf_free(&b);
}

static void test_svg_case(void **state)
{
	(void)state;
	xmlDocPtr doc = parse("<body><SVG VIEWBOX='0 0 1 1' preserveaspectratio=none>"
			      "<linearGRADIENT gradientunits=userSpaceOnUse id='g'/>"
			      "<use xlink:href='#g' xml:lang=en/><foreignobject><P>x</P>"
			      "</foreignobject></SVG><math><mi>x</mi></math>",
			      NULL);
	xmlNodePtr svg = find(root(doc), "svg");
	assert_non_null(svg);
	assert_null(svg->ns);
	xmlChar *vb = xmlGetProp(svg, BAD_CAST "viewBox");
	assert_string_equal((const char *)vb, "0 0 1 1");
	xmlFree(vb);
	assert_non_null(xmlHasProp(svg, BAD_CAST "preserveAspectRatio"));
	xmlNodePtr grad = find(root(doc), "linearGradient");
	assert_non_null(grad);
	assert_non_null(xmlHasProp(grad, BAD_CAST "gradientUnits"));
	assert_null(grad->children); /* "/>" closes in SVG */
	xmlNodePtr use = find(root(doc), "use");
	assert_non_null(xmlHasProp(use, BAD_CAST "xlink:href"));
	assert_non_null(xmlHasProp(use, BAD_CAST "xml:lang"));
	assert_non_null(find(root(doc), "foreignObject"));
	assert_non_null(find(find(root(doc), "foreignObject")->children, "p"));
	assert_non_null(find(find(root(doc), "math")->children, "mi"));
	xmlFreeDoc(doc);
}

/* diag_sink test double: counts errors and keeps the last message. */
static int count_errors(const char *html, char *last, size_t lastsz)
{
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	struct diag_sink *sink = diag_sink_new(mem);
	xmlDocPtr doc = NULL;
	int rc = html5_parse(html, strlen(html), "t.html", sink, &doc);
	diag_sink_free(sink);
	fclose(mem);
	if (doc)
		xmlFreeDoc(doc);
	snprintf(last, lastsz, "%s", text ? text : "");
	free(text);
	return rc;
}

static void test_deep(void **state)
{
	(void)state;
	char msg[512];
	struct buf b = { 0 };
	/* 250 deep with html and body: accepted. */
	buf_puts(&b, "<html><body>");
	for (int i = 0; i < 248; i++)
		buf_puts(&b, "<div>");
	assert_int_equal(count_errors(b.data, msg, sizeof msg), 0);
	/* 300 deep: refused by the tree check, at the first element too deep. */
	for (int i = 0; i < 52; i++)
		buf_puts(&b, "<div>");
	assert_int_equal(count_errors(b.data, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "t.html:1:1283: error: elements are nested more than 256 deep"));
	/* 100,000 deep: refused by the pre-scan, at the same place, before gumbo. */
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "<div>");
	assert_int_equal(count_errors(b.data, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "t.html:1:1283: error: elements are nested more than 256 deep"));
	buf_free(&b);
	/* Many list items and paragraphs without end tags are not deep. */
	for (int i = 0; i < 3000; i++)
		buf_puts(&b, "<ul><li>a<li>b<p>c<p>d</ul>");
	assert_int_equal(count_errors(b.data, msg, sizeof msg), 0);
	buf_free(&b);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	char msg[512];
	assert_int_equal(count_errors("<p>ok</p>\n<p>a\xc3(b\xff</p>", msg, sizeof msg), 0);
	assert_non_null(strstr(msg, "t.html:2:5: warning: 2 bytes are not UTF-8"));
	xmlDocPtr doc = parse("<p>a\xff</p>", NULL);
	xmlChar *text = xmlNodeGetContent(find(root(doc), "p"));
	assert_string_equal((const char *)text, "a\xef\xbf\xbd");
	xmlFree(text);
	xmlFreeDoc(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_then_svg), cmocka_unit_test(test_implied_tbody),
		cmocka_unit_test(test_p_closes),      cmocka_unit_test(test_entities),
		cmocka_unit_test(test_line_numbers),  cmocka_unit_test(test_svg_case),
		cmocka_unit_test(test_deep),          cmocka_unit_test(test_invalid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
