/* Unit tests for selector parsing, specificity and matching on libxml2 trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/arena.h"
#include "css/select.h"
#include "css/syntax.h"

static const char page[] =
	"<!DOCTYPE html><html lang=en-GB><head><title>t</title></head><body>"
	"<div id=main class='box  wide'>"
	"<h1 id=h>Title</h1>"
	"<p id=p1 class=intro>One <a id=link href='https://x.example/doc.pdf' hreflang=EN>x</a>"
	"<a id=anchor name=n>y</a></p>"
	"<p id=p2 class='Intro'>Two</p>"
	"<ul id=list><li id=l1>a</li><li id=l2>b</li><li id=l3>c</li><li id=l4>d</li><li id=l5>e</li></ul>"
	"<p id=p3 data-x='a-b c' lang=en-US></p>"
	"<span id=empty></span><span id=space> </span><span id=comment><!-- c --></span>"
	"</div><section id=sec><p id=p4>x</p></section></body></html>";

struct fixture {
	struct arena *arena;
	xmlDoc *doc;
};

static int setup_page(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->arena = arena_new();
	f->doc = (xmlDoc *)htmlReadMemory(page, (int)strlen(page), "page.html", "UTF-8",
					  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	assert_non_null(f->doc);
	*state = f;
	return 0;
}

static int teardown_page(void **state)
{
	struct fixture *f = *state;
	xmlFreeDoc(f->doc);
	arena_free(f->arena);
	free(f);
	return 0;
}

/* The element with this id attribute (document order, without recursion). */
static const xmlNode *by_id(xmlDoc *doc, const char *id)
{
	xmlNode *node = xmlDocGetRootElement(doc);
	while (node) {
		if (node->type == XML_ELEMENT_NODE) {
			xmlChar *value = xmlGetProp(node, (const xmlChar *)"id");
			bool found = value && strcmp((const char *)value, id) == 0;
			xmlFree(value);
			if (found)
				return node;
		}
		if (node->children) {
			node = node->children;
			continue;
		}
		while (node && !node->next)
			node = node->parent;
		if (node)
			node = node->next;
	}
	fail_msg("no element with id %s", id);
	return NULL;
}

static struct css_selector **parse_list(struct arena *a, const char *text, size_t *count,
					const char **why)
{
	struct css_node *nodes;
	size_t n = css_parse_component_values(a, text, strlen(text), &nodes);
	struct css_selector **list = NULL;
	*why = NULL;
	if (css_selector_parse_list(a, nodes, n, &list, count, why) < 0)
		return NULL;
	return list;
}

static struct css_selector *parse_one(struct arena *a, const char *text)
{
	size_t count;
	const char *why;
	struct css_selector **list = parse_list(a, text, &count, &why);
	if (!list)
		fail_msg("'%s' did not parse: %s", text, why);
	assert_int_equal(count, 1);
	return list[0];
}

/* Checks that `selector` matches exactly the elements whose ids are listed (space
 * separated) among all the elements of the page that have an id. */
static void expect_matches(struct fixture *f, const char *selector, const char *ids)
{
	static const char *const all[] = {
		"main", "h", "p1", "link", "anchor", "p2", "list", "l1", "l2", "l3", "l4", "l5",
		"p3", "empty", "space", "comment", "sec", "p4",
	};
	size_t count;
	const char *why;
	struct css_selector **list = parse_list(f->arena, selector, &count, &why);
	if (!list)
		fail_msg("'%s' did not parse: %s", selector, why);
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		bool matched = false;
		for (size_t k = 0; k < count; k++)
			matched = matched || css_selector_matches(list[k], by_id(f->doc, all[i]));
		char padded[256];
		snprintf(padded, sizeof padded, " %s ", ids);
		char key[32];
		snprintf(key, sizeof key, " %s ", all[i]);
		bool wanted = strstr(padded, key) != NULL;
		if (matched != wanted)
			fail_msg("'%s' %s #%s", selector, matched ? "matches" : "does not match", all[i]);
	}
}

static void test_simple_selectors(void **state)
{
	struct fixture *f = *state;
	expect_matches(f, "p", "p1 p2 p3 p4");
	expect_matches(f, "P", "p1 p2 p3 p4");
	expect_matches(f, "li, h1", "l1 l2 l3 l4 l5 h");
	expect_matches(f, ".intro", "p1");
	expect_matches(f, ".Intro", "p2");
	expect_matches(f, ".box.wide", "main");
	expect_matches(f, "div#main.box", "main");
	expect_matches(f, "#p1", "p1");
	expect_matches(f, "#P1", "");
	expect_matches(f, "span#main", "");
	/* The universal selector matches every element, including those without id. */
	assert_true(css_selector_matches(parse_one(f->arena, "*"), xmlDocGetRootElement(f->doc)));
}

static void test_attribute_selectors(void **state)
{
	struct fixture *f = *state;
	expect_matches(f, "[href]", "link");
	expect_matches(f, "[HREF]", "link");
	expect_matches(f, "[href='https://x.example/doc.pdf']", "link");
	expect_matches(f, "[href^=https]", "link");
	expect_matches(f, "[href$='.pdf']", "link");
	expect_matches(f, "[href*=example]", "link");
	expect_matches(f, "[href^=''], [href$=''], [href*='']", "");
	expect_matches(f, "[class~=wide]", "main");
	expect_matches(f, "[class~='box wide'], [class~='']", "");
	expect_matches(f, "[class=intro]", "p1");
	expect_matches(f, "[class='box  wide']", "main");
	expect_matches(f, "p[lang|=en]", "p3");
	expect_matches(f, "[lang|=en-us]", "p3");   /* lang values ignore case in HTML */
	expect_matches(f, "[hreflang=en]", "link");
	expect_matches(f, "[lang|=en-us s]", "");
	expect_matches(f, "[data-x='A-B C']", ""); /* other values keep their case */
	expect_matches(f, "[data-x='A-B C' i]", "p3");
	expect_matches(f, "[data-x|=a]", "p3");
	expect_matches(f, "[data-x~=c]", "p3");
	expect_matches(f, "[ data-x = \"a-b c\" ]", "p3");
}

static void test_combinators(void **state)
{
	struct fixture *f = *state;
	expect_matches(f, "div p", "p1 p2 p3");
	expect_matches(f, "div > p", "p1 p2 p3");
	expect_matches(f, "body > p", "");
	expect_matches(f, "section p", "p4");
	expect_matches(f, "html p a", "link anchor");
	expect_matches(f, "h1 + p", "p1");
	expect_matches(f, "p + p", "p2");
	expect_matches(f, "h1 ~ p", "p1 p2 p3");
	expect_matches(f, "h1~ul li", "l1 l2 l3 l4 l5");
	expect_matches(f, "p ~ ul > li + li ~ li", "l3 l4 l5");
	expect_matches(f, "div > ul > li:nth-child(2)", "l2");
	expect_matches(f, "div>p>a+a", "anchor");
	expect_matches(f, "ul ~ span", "empty space comment");
	expect_matches(f, "div + section p", "p4");
	expect_matches(f, "body div > p > a", "link anchor");
	expect_matches(f, "section > div p", "");
	/* The nearest candidate fails the child test, a farther one passes. */
	expect_matches(f, "body > * a", "link anchor");
	expect_matches(f, "html > * p", "p1 p2 p3 p4");
	expect_matches(f, "html > * > * + *", "sec");
	expect_matches(f, "h1 + * ~ * > li", "l1 l2 l3 l4 l5");
}

static void test_pseudo_classes(void **state)
{
	struct fixture *f = *state;
	expect_matches(f, "li:first-child", "l1");
	expect_matches(f, "li:LAST-CHILD", "l5");
	expect_matches(f, ":only-child", "p4");
	expect_matches(f, "p:first-of-type", "p1 p4");
	expect_matches(f, "p:last-of-type", "p3 p4");
	expect_matches(f, "span:only-of-type, a:only-of-type", "");
	expect_matches(f, "li:nth-child(odd)", "l1 l3 l5");
	expect_matches(f, "li:nth-child(2n)", "l2 l4");
	expect_matches(f, "li:nth-child(-n + 2)", "l1 l2");
	expect_matches(f, "li:nth-child(n+4)", "l4 l5");
	expect_matches(f, "li:nth-child(3)", "l3");
	expect_matches(f, "li:nth-child(0n+0)", "");
	expect_matches(f, "li:nth-last-child(1)", "l5");
	expect_matches(f, "li:nth-last-child(2n+1)", "l1 l3 l5");
	expect_matches(f, "p:nth-of-type(2)", "p2");
	expect_matches(f, "p:nth-last-of-type(1)", "p3 p4");
	expect_matches(f, "span:empty", "empty comment");
	expect_matches(f, ":link", "link");
	expect_matches(f, "a:not([href])", "anchor");
	expect_matches(f, "p:not(.intro, #p3)", "p2 p4");
	expect_matches(f, "li:not(:first-child):not(:last-child)", "l2 l3 l4");
	expect_matches(f, "div :not(p):not(li):not(span):not(a)", "h list");
	assert_true(css_selector_matches(parse_one(f->arena, ":root"), xmlDocGetRootElement(f->doc)));
	assert_false(css_selector_matches(parse_one(f->arena, ":root"), by_id(f->doc, "main")));
}

static void test_pseudo_elements(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *text;
		enum css_pseudo_element pseudo;
	} cases[] = {
		{ "p::before", CSS_PSEUDO_BEFORE }, { "p:before", CSS_PSEUDO_BEFORE },
		{ "p::after", CSS_PSEUDO_AFTER },   { "p:AFTER", CSS_PSEUDO_AFTER },
		{ "p::marker", CSS_PSEUDO_MARKER }, { "p", CSS_PSEUDO_NONE },
		{ "p::first-letter", CSS_PSEUDO_FIRST_LETTER }, { "p:first-letter", CSS_PSEUDO_FIRST_LETTER },
		{ "p::first-line", CSS_PSEUDO_FIRST_LINE }, { "p:First-Line", CSS_PSEUDO_FIRST_LINE },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_selector *sel = parse_one(f->arena, cases[i].text);
		assert_int_equal(css_selector_pseudo(sel), cases[i].pseudo);
		/* Matching ignores the pseudo-element: it says which element it hangs on. */
		assert_true(css_selector_matches(sel, by_id(f->doc, "p1")));
	}
	expect_matches(f, "::before", "main h p1 link anchor p2 list l1 l2 l3 l4 l5 p3 empty space comment sec p4");
}

static unsigned spec(unsigned a, unsigned b, unsigned c)
{
	return (a << 20) | (b << 10) | c;
}

static void test_specificity(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *text;
		unsigned a, b, c;
	} cases[] = {
		{ "*", 0, 0, 0 },
		{ "li", 0, 0, 1 },
		{ "ul li", 0, 0, 2 },
		{ "ul ol+li", 0, 0, 3 },
		{ "h1 + *[rel=up]", 0, 1, 1 },
		{ "ul ol li.red", 0, 1, 3 },
		{ "li.red.level", 0, 2, 1 },
		{ "#x34y", 1, 0, 0 },
		{ "#s12:not(FOO)", 1, 0, 1 },
		{ ".foo :not(#a, .b)", 1, 1, 0 },
		{ ":not(.a.b, c#d)", 1, 0, 1 },
		{ "a::before", 0, 0, 2 },
		{ "a:after", 0, 0, 2 },
		{ "li:nth-child(2n+1)", 0, 1, 1 },
		{ ":root :first-child :empty :link", 0, 4, 0 },
		{ ":is(#a, .b) p", 1, 0, 1 },          /* the most specific argument */
		{ ":is(p, li.x)", 0, 1, 1 },
		{ ":is(div p, #q)", 1, 0, 0 },
		{ ":where(#a, .b) p", 0, 0, 1 },       /* none */
		{ ":where(#a) :is(.b, c)", 0, 1, 0 },
		{ ":is(:where(#a), .b)", 0, 1, 0 },
		{ ":not(div p, #q)", 1, 0, 0 },
		{ "div:has(> p.x, img)", 0, 1, 2 },    /* the anchor counts nothing */
		{ ":has(+ #a)", 1, 0, 0 },
		{ "p:lang(en, fr)", 0, 1, 1 },
		{ ":is(p::before, .a)", 0, 1, 0 },     /* forgiven: left out */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned got = css_selector_specificity(parse_one(f->arena, cases[i].text));
		if (got != spec(cases[i].a, cases[i].b, cases[i].c))
			fail_msg("%s: specificity (%u,%u,%u)", cases[i].text, got >> 20,
				 (got >> 10) & 1023, got & 1023);
	}
	/* Each part is capped at 1023. */
	char many[6000] = "";
	for (int i = 0; i < 1100; i++)
		strcat(many, ".a");
	assert_int_equal(css_selector_specificity(parse_one(f->arena, many)), spec(0, 1023, 0));
}

static void test_keys(void **state)
{
	struct fixture *f = *state;
	struct css_selector *sel = parse_one(f->arena, "div.x > P#y.z.w");
	assert_string_equal(css_selector_key_tag(sel), "p");
	assert_string_equal(css_selector_key_id(sel), "y");
	assert_string_equal(css_selector_key_class(sel), "z");
	sel = parse_one(f->arena, "div *");
	assert_null(css_selector_key_tag(sel));
	assert_null(css_selector_key_id(sel));
	assert_null(css_selector_key_class(sel));
}

static void test_invalid_lists(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *text;
		const char *why_contains;
	} cases[] = {
		{ ":checked", "checked" },
		{ "a, p:indeterminate", "indeterminate" },
		{ "svg|a", "namespace" },
		{ "*|a", "namespace" },
		{ "|a", "namespace" },
		{ "[xlink|href]", "namespace" },
		{ "a,", "empty" },
		{ ",a", "empty" },
		{ "", "empty" },
		{ "  ", "empty" },
		{ "a::selection", "selection" },
		{ ":has(:has(a))", "inside :has()" },
		{ ":has(:not(p, :has(a)))", "inside :has()" },
		{ ":has()", "empty" },
		{ ":has(::before)", "pseudo-elements" },
		{ ":has(p, !)", "unexpected" },
		{ ":not(p, !)", "unexpected" },
		{ ":not(p::before)", "pseudo-elements" },
		{ ":lang()", "language range" },
		{ ":lang(en fr)", "comma" },
		{ ":lang(1)", "language ranges" },
		{ ":current(p)", "current" },
		{ "a::before b", "last" },
		{ "a::before.x", "last" },
		{ "a::before > b", "last" },
		{ ":nth-child(2n of .x)", "of S" },
		{ ":nth-child(foo)", "An+B" },
		{ ":not(::before)", "pseudo-element" },
		{ ":not()", "empty" },
		{ "a >", "end with a combinator" },
		{ "> a", "unexpected" },
		{ "#1x", "identifier" },
		{ ".5", "unexpected" },
		{ ". a", "class name" },
		{ "[a=]", "value" },
		{ "[a=b c]", "flag" },
		{ "[=b]", "attribute name" },
		{ "[a~b]", "expected" },
		{ "a!", "unexpected" },
		{ "p:", "pseudo-class name" },
		{ "a{}", "unexpected" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t count = 99;
		const char *why;
		struct css_selector **list = parse_list(f->arena, cases[i].text, &count, &why);
		if (list)
			fail_msg("'%s' parsed but is invalid", cases[i].text);
		assert_int_equal(count, 0);
		assert_non_null(why);
		if (!strstr(why, cases[i].why_contains))
			fail_msg("'%s': why is '%s'", cases[i].text, why);
	}
}

static void test_is_where_not(void **state)
{
	struct fixture *f = *state;
	expect_matches(f, ":is(h1, ul) + *", "p1 p3");
	expect_matches(f, ":where(section, ul) > :is(p, li:nth-child(odd))", "l1 l3 l5 p4");
	expect_matches(f, ":is(div p) a", "link anchor");
	expect_matches(f, "div > :is(p + p, ul)", "p2 list");
	expect_matches(f, ":is(section, .box) :is(section, .box) *", "");
	expect_matches(f, ":is(:is(:is(#p4)))", "p4");
	/* Forgiving: an invalid argument is left out, the others stay. */
	expect_matches(f, ":is(p:unknown-state, #h, ::before, > a)", "h");
	expect_matches(f, ":where(!!)", "");
	expect_matches(f, ":is()", "");
	/* :not() with complex selectors and lists, and :not() inside :not(). */
	expect_matches(f, "p:not(div > p)", "p4");
	expect_matches(f, "li:not(:nth-child(odd), #l4)", "l2");
	expect_matches(f, "p:not(:not(.intro))", "p1");
	expect_matches(f, "span:not(:is(#empty, #space))", "comment");
	/* Matching is the same whichever of the equivalent spellings is used. */
	expect_matches(f, ":is(ul, section) > :is(li, p):is(:first-child, :last-child)",
		       "l1 l5 p4");
	/* A list in a selector that nests lists deep stays quick and right. */
	char deep[4000] = "";
	for (int i = 0; i < 30; i++)
		strcat(deep, ":is(div ");
	strcat(deep, "p");
	for (int i = 0; i < 30; i++)
		strcat(deep, ")");
	expect_matches(f, deep, "p1 p2 p3");
	size_t count;
	const char *why;
	char deeper[4000] = "p";
	for (int i = 0; i < 40; i++)
		strcat(deeper, ":not(");
	strcat(deeper, "a");
	for (int i = 0; i < 40; i++)
		strcat(deeper, ")");
	assert_null(parse_list(f->arena, deeper, &count, &why));
	assert_non_null(strstr(why, "deep"));
}

static void test_has(void **state)
{
	struct fixture *f = *state;
	expect_matches(f, "div:has(h1)", "main");
	expect_matches(f, ":has(> a)", "p1");
	expect_matches(f, ":has(> p > a[href])", "main");
	expect_matches(f, ":has(a)", "main p1");   /* html and body too, but they have no id */
	expect_matches(f, "p:has(+ p)", "p1");
	expect_matches(f, "h1:has(+ p.intro)", "h");
	expect_matches(f, "h1:has(+ p.Intro)", "");
	expect_matches(f, "li:has(~ #l4)", "l1 l2 l3");
	expect_matches(f, "li:has(+ li + li + li)", "l1 l2");
	expect_matches(f, "*:has(~ section p)", "main");
	expect_matches(f, "*:has(~ section > p, > #l5)", "main list");
	expect_matches(f, "ul:has(li:nth-child(5)) ~ span", "empty space comment");
	expect_matches(f, ":has(> :not(li))", "main p1 sec");
	expect_matches(f, ":not(:has(*))", "h link anchor p2 l1 l2 l3 l4 l5 p3 empty space comment p4");
	expect_matches(f, ":is(:has(> #l3), :has(> #h))", "main list");
	expect_matches(f, ":has(#nothing)", "");
	/* :has() in :is() in :has() is left out, as the forgiving list says. */
	expect_matches(f, "div:has(:is(h1, :has(a)))", "main");
	/* The answers kept for the document give the same results. */
	struct arena *a = arena_new();
	struct css_match_cache *cache = css_match_cache_new(a);
	struct css_selector *sel = parse_one(f->arena, ":has(> p) li");
	struct css_selector *other = parse_one(f->arena, "li:has(~ #l4)");
	for (int round = 0; round < 2; round++) {
		assert_true(css_selector_matches_cached(sel, by_id(f->doc, "l3"), cache));
		assert_false(css_selector_matches_cached(sel, by_id(f->doc, "p4"), cache));
		assert_true(css_selector_matches_cached(other, by_id(f->doc, "l2"), cache));
		assert_false(css_selector_matches_cached(other, by_id(f->doc, "l5"), cache));
	}
	arena_free(a);
}

static void test_lang(void **state)
{
	struct fixture *f = *state;
	/* The root says en-GB, p3 says en-US. */
	expect_matches(f, "p:lang(en)", "p1 p2 p3 p4");
	expect_matches(f, "p:lang(en-US)", "p3");
	expect_matches(f, "p:lang(EN-us)", "p3");
	expect_matches(f, "p:lang(en-GB)", "p1 p2 p4");
	expect_matches(f, "p:lang(fr, en-us)", "p3");
	expect_matches(f, "p:lang('*-US')", "p3");
	expect_matches(f, "p:lang(*-GB)", "p1 p2 p4");
	expect_matches(f, "p:lang(e)", "");
	expect_matches(f, "p:lang(fr)", "");
	/* Extended filtering (RFC 4647, 3.3.2) and xml:lang. */
	static const char xml[] =
		"<r xml:lang='de-Latn-DE-1996'><a id='a'/><b id='b' xml:lang='de-x-DE'/>"
		"<c id='c' xml:lang=''/><d id='d' xml:lang='zh-Hant'/></r>";
	xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "x.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	static const struct {
		const char *sel, *id;
		bool match;
	} cases[] = {
		{ ":lang(de-DE)", "a", true },     { ":lang('de-*-DE')", "a", true },
		{ ":lang(de-DE-1996)", "a", true }, { ":lang(de-Latn)", "a", true },
		{ ":lang('*-1996')", "a", true },   { ":lang(de-1996-DE)", "a", false },
		{ ":lang(de-DE)", "b", false },     /* a singleton ends the search */
		{ ":lang(de)", "c", false },        { ":lang('')", "c", true },
		{ ":lang(zh)", "d", true },         { ":lang(zh-TW)", "d", false },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_selector *sel = parse_one(a, cases[i].sel);
		const xmlNode *el = by_id(doc, cases[i].id);
		if (css_selector_matches(sel, el) != cases[i].match)
			fail_msg("'%s' on #%s", cases[i].sel, cases[i].id);
	}
	arena_free(a);
	xmlFreeDoc(doc);
}

/* States a printed page is never in keep their rule valid but match nothing. */
static void test_user_states_never_match(void **state)
{
	struct fixture *f = *state;
	size_t count;
	const char *why = NULL;
	struct css_selector **list = parse_list(f->arena, "a:link, a:visited, a:hover, p:focus", &count, &why);
	assert_non_null(list);
	assert_int_equal(count, 4);
	htmlDocPtr doc = htmlReadMemory("<p><a href='x'>x</a></p>", 24, "t.html", "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	xmlNode *p = xmlDocGetRootElement(doc)->children->children;
	xmlNode *a = p->children;
	assert_true(css_selector_matches(list[0], a));
	assert_false(css_selector_matches(list[1], a));
	assert_false(css_selector_matches(list[2], a));
	assert_false(css_selector_matches(list[3], p));
	xmlFreeDoc(doc);
}

/* Element and attribute names from an XML parse keep their case and may carry
 * namespaces; only attributes in no namespace count. */
static void test_xml_names_and_namespaced_attributes(void **state)
{
	struct fixture *f = *state;
	static const char xml[] = "<DOC><DIV ID='x' Class='a'/><P xml:lang='en' LANG='fr'/></DOC>";
	xmlDoc *doc = xmlReadMemory(xml, sizeof xml - 1, "t.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	const xmlNode *div = xmlDocGetRootElement(doc)->children;
	const xmlNode *p = div->next;
	assert_true(css_selector_matches(parse_one(f->arena, "div.a#x"), div));
	assert_true(css_selector_matches(parse_one(f->arena, "[class=a]"), div));
	assert_true(css_selector_matches(parse_one(f->arena, "doc > div:first-child"), div));
	assert_true(css_selector_matches(parse_one(f->arena, "[lang=FR]"), p));
	assert_false(css_selector_matches(parse_one(f->arena, "[lang=en]"), p));
	assert_false(css_selector_matches(parse_one(f->arena, "div"), NULL));
	xmlFreeDoc(doc);
}

/* A chain of `depth` nested div elements with a p at the bottom, built with the
 * tree API (the parsers refuse very deep documents). Returns the p. */
static xmlNode *deep_document(xmlDoc *doc, int depth)
{
	xmlNode *node = xmlNewNode(NULL, (const xmlChar *)"div");
	xmlDocSetRootElement(doc, node);
	for (int i = 1; i < depth; i++)
		node = xmlNewChild(node, NULL, (const xmlChar *)"div", NULL);
	return xmlNewChild(node, NULL, (const xmlChar *)"p", NULL);
}

static void test_deep_trees_and_hostile_selectors(void **state)
{
	struct fixture *f = *state;
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *p = deep_document(doc, 100000);

	/* A matcher that backtracks without pruning would run for ages: SIGALRM ends
	 * the test program then, a failure rather than a hang. */
	alarm(60);
	clock_t start = clock();
	assert_true(css_selector_matches(parse_one(f->arena, "div p"), p));
	assert_true(css_selector_matches(parse_one(f->arena, ":root div > div > p:only-child"), p));
	assert_false(css_selector_matches(parse_one(f->arena, "span p"), p));
	/* Without pruning, these try every way of placing the divs among 100,000
	 * ancestors; with it, each is one walk up the tree. */
	assert_false(css_selector_matches(
		parse_one(f->arena, "section div div div div div div div div div div div div p"), p));
	assert_false(css_selector_matches(
		parse_one(f->arena, "section > div div div div div div div div div div div div p"), p));
	assert_false(css_selector_matches(
		parse_one(f->arena, "div > section div div div div div div div div div div div p"), p));
	assert_false(css_selector_matches(
		parse_one(f->arena, "div ~ div div div div div div div div div div div div p"), p));
	/* A long selector: more compounds than the matcher keeps on its own stack. */
	char chain[4000] = "";
	for (int i = 0; i < 500; i++)
		strcat(chain, "div ");
	strcat(chain, "p");
	assert_true(css_selector_matches(parse_one(f->arena, chain), p));
	double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
	if (seconds > 5)
		fail_msg("matching on a deep tree took %.1f s", seconds);
	alarm(0);
	xmlFreeDoc(doc);
}

/* Nested selectors under a parent list: the parent's selectors go in a css_nest. */
static struct css_selector **parse_nested(struct arena *a, const struct css_nest *parent,
					  const char *text, size_t *count)
{
	struct css_node *nodes;
	size_t n = css_parse_component_values(a, text, strlen(text), &nodes);
	struct css_selector **list = NULL;
	const char *why = NULL;
	if (css_selector_parse_nested(a, nodes, n, parent, &list, count, &why) < 0)
		fail_msg("nested '%s' did not parse: %s", text, why);
	return list;
}

static struct css_nest *nest_of(struct arena *a, const char *parent_text)
{
	size_t count;
	const char *why;
	struct css_selector **list = parse_list(a, parent_text, &count, &why);
	if (!list)
		fail_msg("'%s' did not parse: %s", parent_text, why);
	return css_nest_make(a, list, count);
}

/* The ids (among those expect_matches knows) that any selector of the list matches. */
static void expect_nested(struct fixture *f, const struct css_nest *parent, const char *nested,
			  const char *ids)
{
	static const char *const all[] = {
		"main", "h", "p1", "link", "anchor", "p2", "list", "l1", "l2", "l3", "l4", "l5",
		"p3", "empty", "space", "comment", "sec", "p4",
	};
	size_t count;
	struct css_selector **list = parse_nested(f->arena, parent, nested, &count);
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		bool matched = false;
		for (size_t k = 0; k < count; k++)
			matched = matched || css_selector_matches(list[k], by_id(f->doc, all[i]));
		char padded[256], key[32];
		snprintf(padded, sizeof padded, " %s ", ids);
		snprintf(key, sizeof key, " %s ", all[i]);
		if (matched != (strstr(padded, key) != NULL))
			fail_msg("nested '%s' %s #%s", nested, matched ? "matches" : "does not match",
				 all[i]);
	}
}

static void test_nesting(void **state)
{
	struct fixture *f = *state;
	struct css_nest *box = nest_of(f->arena, ".box");
	expect_nested(f, box, "& h1", "h");
	expect_nested(f, box, "h1", "h");                 /* relative: & h1 */
	expect_nested(f, box, "> p", "p1 p2 p3");         /* & > p */
	expect_nested(f, box, "+ section", "sec");        /* & + section */
	expect_nested(f, box, "~ *", "sec");
	expect_nested(f, box, "&.wide", "main");
	expect_nested(f, box, "&:hover", "");
	expect_nested(f, box, "body &", "main");
	expect_nested(f, box, "a, ul > li:first-child", "link anchor l1");
	expect_nested(f, box, "> &", "");                 /* & > & : a box in a box */
	expect_nested(f, box, "&", "main");
	/* Several levels, lists at each: :is(.box, section) > :is(p, ul) :is(a, li:last-child). */
	struct css_nest *outer = nest_of(f->arena, ".box, section");
	size_t count;
	struct css_selector **mid = parse_nested(f->arena, outer, "> p, > ul", &count);
	struct css_nest *inner = css_nest_make(f->arena, mid, count);
	expect_nested(f, inner, "a, li:last-child", "link anchor l5");
	expect_nested(f, inner, "&", "p1 p2 list p3 p4");
	/* '&' at the top level is the root, with no specificity. */
	expect_matches(f, "& > body > div", "main");
	assert_int_equal(css_selector_specificity(parse_one(f->arena, "&")), 0);
}

static void test_nesting_specificity(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *parent, *nested;
		unsigned a, b, c;
	} cases[] = {
		{ ".a", "& h2", 0, 1, 1 },
		{ ".a", "h2", 0, 1, 1 },            /* the implied & counts */
		{ ".a", "> p", 0, 1, 1 },
		{ ".a", "&.b", 0, 2, 0 },
		{ ".a", ".b &", 0, 2, 0 },
		{ ".a, #b", ".c", 1, 1, 0 },        /* :is(.a, #b): the most specific */
		{ "p, li.x", "&:hover", 0, 2, 1 },
		{ "a::before, .q", "& b", 0, 1, 1 }, /* & never stands for a pseudo-element */
		{ ".a", "&::after", 0, 1, 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t count;
		struct css_selector **list =
			parse_nested(f->arena, nest_of(f->arena, cases[i].parent), cases[i].nested, &count);
		assert_int_equal(count, 1);
		unsigned got = css_selector_specificity(list[0]);
		if (got != spec(cases[i].a, cases[i].b, cases[i].c))
			fail_msg("%s { %s }: specificity (%u,%u,%u)", cases[i].parent, cases[i].nested,
				 got >> 20, (got >> 10) & 1023, got & 1023);
	}
	/* Keys: "&:hover" under ".a" is found under class a. */
	size_t count;
	struct css_selector **list = parse_nested(f->arena, nest_of(f->arena, "p.a"), "&:hover", &count);
	assert_string_equal(css_selector_key_class(list[0]), "a");
	assert_string_equal(css_selector_key_tag(list[0]), "p");
	list = parse_nested(f->arena, nest_of(f->arena, ".a, .b"), "&:hover", &count);
	assert_null(css_selector_key_class(list[0]));
	/* Not valid: a selector ending in a combinator, nothing at all. */
	const char *bad[] = { ">", "& >", "" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct css_node *nodes;
		size_t n = css_parse_component_values(f->arena, bad[i], strlen(bad[i]), &nodes);
		const char *why = NULL;
		assert_int_equal(css_selector_parse_nested(f->arena, nodes, n, nest_of(f->arena, ".a"),
							   &list, &count, &why), -1);
		assert_non_null(why);
	}
}

/* Ten levels of ten selectors each: the product would be 10^10 selectors; matching
 * remembers each list's answer per element, so it stays quick. */
static void test_nesting_does_not_multiply(void **state)
{
	struct fixture *f = *state;
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *p = deep_document(doc, 1000);
	alarm(60);
	clock_t start = clock();
	struct css_nest *nest = nest_of(f->arena, "div, section, span, b, i, u, s, q, em, strong");
	struct css_selector **list = NULL;
	size_t count = 0;
	for (int level = 0; level < 10; level++) {
		list = parse_nested(f->arena, nest,
				    "div, section, span, b, i, u, s, q, em, strong", &count);
		nest = css_nest_make(f->arena, list, count);
	}
	list = parse_nested(f->arena, nest, "p", &count);
	assert_true(css_selector_matches(list[0], p));
	list = parse_nested(f->arena, nest, "section p", &count); /* no section: all fail */
	assert_false(css_selector_matches(list[0], p));
	/* The hard case: every level's "div" matches everywhere, and only the outermost
	 * list ("section") fails, so each level tries every ancestor. */
	nest = nest_of(f->arena, "section");
	for (int level = 0; level < 10; level++) {
		list = parse_nested(f->arena, nest,
				    "div, section, span, b, i, u, s, q, em, strong", &count);
		nest = css_nest_make(f->arena, list, count);
	}
	list = parse_nested(f->arena, nest, "p", &count);
	assert_false(css_selector_matches(list[0], p));
	double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
	if (seconds > 5)
		fail_msg("nested matching took %.1f s", seconds);
	alarm(0);
	xmlFreeDoc(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_simple_selectors, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_attribute_selectors, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_combinators, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_pseudo_classes, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_pseudo_elements, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_specificity, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_keys, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_user_states_never_match, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_invalid_lists, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_xml_names_and_namespaced_attributes, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_deep_trees_and_hostile_selectors, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_nesting, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_nesting_specificity, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_nesting_does_not_multiply, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_is_where_not, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_has, setup_page, teardown_page),
		cmocka_unit_test_setup_teardown(test_lang, setup_page, teardown_page),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return failed;
}
