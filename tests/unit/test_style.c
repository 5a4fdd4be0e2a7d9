/* Unit tests for the cascade: specificity, importance, inheritance, units, pages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/deps.h"
#include "base/diag.h"
#include "style/style.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "style_fixture.h"

static xmlNode *by_id(xmlNode *n, const char *id)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
			int match = v && strcmp((const char *)v, id) == 0;
			xmlFree(v);
			if (match)
				return n;
			xmlNode *found = by_id(n->children, id);
			if (found)
				return found;
		}
	}
	return NULL;
}

/* The computed style of the element with the id, computing its ancestors first. */
static const struct style *style_of(struct fixture *f, const char *id)
{
	xmlNode *target = by_id(xmlDocGetRootElement(f->doc), id);
	assert_non_null(target);
	xmlNode *chain[64];
	int n = 0;
	for (xmlNode *p = target; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		chain[n++] = p;
	const struct style *s = NULL;
	while (n > 0)
		s = style_compute(f->sheets, f->arena, chain[--n], s, CSS_PSEUDO_NONE);
	return s;
}

static void test_specificity_and_order(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>"
		 "p { color: red } .c { color: green } #x { color: blue } p { color: yellow }"
		 "</style></head><body><p id='x' class='c'>a</p><p id='y' class='c'>b</p>"
		 "<p id='z'>c</p></body></html>");
	assert_float_equal(style_of(&f, "x")->color.b, 1.0, 1e-6);
	assert_float_equal(style_of(&f, "y")->color.g, 128.0 / 255, 1e-3);
	assert_float_equal(style_of(&f, "z")->color.g, 1.0, 1e-6); /* yellow: later wins */
	assert_float_equal(style_of(&f, "z")->color.r, 1.0, 1e-6);
	unload(&f);
}

static void test_important_beats_style_attribute(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>p { font-weight: bold !important } p { font-size: 10px }"
		 "</style></head><body><p id='p' style='font-weight: normal; font-size: 20px'>a</p>"
		 "</body></html>");
	const struct style *s = style_of(&f, "p");
	assert_int_equal(s->font_weight, 700);
	assert_float_equal(s->font_size, 20, 1e-6);
	unload(&f);
}

static void test_inheritance_and_em(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>body { font-size: 20px; color: #102030; margin: 1em }"
		 " div { font-size: 1.5em; padding-left: 2em; width: 50% } span { font-size: 50% }"
		 "</style></head><body id='b'><div id='d'><span id='s'>x</span></div></body></html>");
	const struct style *b = style_of(&f, "b");
	const struct style *d = style_of(&f, "d");
	const struct style *s = style_of(&f, "s");
	assert_float_equal(b->margin[SIDE_TOP].value, 20, 1e-4);
	assert_float_equal(d->font_size, 30, 1e-4);
	assert_float_equal(d->padding[SIDE_LEFT].value, 60, 1e-4); /* em of its own size */
	assert_int_equal(d->width.kind, DIM_PERCENT);
	assert_float_equal(s->font_size, 15, 1e-4);
	assert_float_equal(s->color.r, 0x10 / 255.0, 1e-4); /* colour inherits */
	assert_int_equal(s->margin[SIDE_TOP].value == 0, 1); /* margins do not */
	unload(&f);
}

static void test_hyphenate_character(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>body { hyphenate-character: '\\2013' }"
		 " .eq { hyphenate-character: \"=\" } .auto { hyphenate-character: auto }"
		 " .bad { hyphenate-character: 3 }</style></head><body id='b'><p id='p'>a</p>"
		 "<p class='eq' id='eq'><span id='s'>b</span></p><p class='auto' id='a'>c</p>"
		 "<p class='bad' id='bad'>d</p></body></html>");
	assert_string_equal(style_of(&f, "b")->hyphenate_character, "\xe2\x80\x93");
	assert_string_equal(style_of(&f, "p")->hyphenate_character, "\xe2\x80\x93"); /* inherited */
	assert_string_equal(style_of(&f, "s")->hyphenate_character, "=");
	assert_null(style_of(&f, "a")->hyphenate_character); /* auto */
	assert_string_equal(style_of(&f, "bad")->hyphenate_character, "\xe2\x80\x93");
	assert_null(strstr(f.messages, "'hyphenate-character' is not supported"));
	unload(&f);
}

static void test_unsupported_property_warns_with_line(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>\np { color: red }\np { frobnicate: 3 }\n</style></head>"
		 "<body><p id='p'>a</p></body></html>");
	assert_non_null(strstr(f.messages, "property 'frobnicate' is not supported"));
	assert_non_null(strstr(f.messages, "test.html:3:"));
	assert_float_equal(style_of(&f, "p")->color.r, 1.0, 1e-6);
	unload(&f);
}

static void test_page_rules(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>@page { size: A4 landscape; margin: 10mm }"
		 "@page :first { margin-top: 50mm; @top-center { content: 'Title' } }"
		 "@page { @bottom-center { content: counter(page) } }</style></head><body id='b'></body></html>");
	const struct style *root = style_of(&f, "b");
	struct page_style p1, p2;
	style_page(f.sheets, &(struct page_match){ 1, NULL, 1, false }, root, &p1);
	style_page(f.sheets, &(struct page_match){ 2, NULL, 2, false }, root, &p2);
	assert_float_equal(p1.width, 297 * 96 / 25.4, 0.01);
	assert_float_equal(p1.height, 210 * 96 / 25.4, 0.01);
	assert_float_equal(p1.margin[SIDE_TOP], 50 * 96 / 25.4, 0.01);
	assert_float_equal(p2.margin[SIDE_TOP], 10 * 96 / 25.4, 0.01);
	assert_non_null(p1.margin_boxes[MB_TOP_CENTER]);
	assert_null(p2.margin_boxes[MB_TOP_CENTER]);
	assert_non_null(p2.margin_boxes[MB_BOTTOM_CENTER]);
	assert_int_equal(p2.margin_boxes[MB_BOTTOM_CENTER]->content->kind, CONTENT_COUNTER);
	unload(&f);
}

static void test_page_selectors(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>@page { margin: 1px }"
		 "@page :nth(2n+1) { margin: 2px } @page :left, :blank { margin-left: 3px }"
		 "@page :blank { margin-top: 4px } @page :right { margin-top: 5px }"
		 "@page ch:nth(1 of ch) { margin-bottom: 6px } @page :nth(x) { margin: 9px }"
		 "@page :recto { margin: 9px }</style></head><body id='b'></body></html>");
	const struct style *root = style_of(&f, "b");
	struct page_style p;
	style_page(f.sheets, &(struct page_match){ 3, NULL, 3, false }, root, &p);
	assert_float_equal(p.margin[SIDE_TOP], 2, 0.01); /* :nth() outweighs :right */
	assert_float_equal(p.margin[SIDE_LEFT], 2, 0.01);
	style_page(f.sheets, &(struct page_match){ 4, NULL, 4, true }, root, &p);
	assert_float_equal(p.margin[SIDE_TOP], 4, 0.01);
	assert_float_equal(p.margin[SIDE_LEFT], 3, 0.01);
	style_page(f.sheets, &(struct page_match){ 5, "ch", 1, false }, root, &p);
	assert_float_equal(p.margin[SIDE_BOTTOM], 6, 0.01);
	style_page(f.sheets, &(struct page_match){ 6, "ch", 2, false }, root, &p);
	assert_float_equal(p.margin[SIDE_BOTTOM], 1, 0.01);
	assert_float_equal(p.margin[SIDE_LEFT], 3, 0.01);
	assert_non_null(strstr(f.messages, "@page :nth() takes An+B"));
	assert_non_null(strstr(f.messages, "@page :recto is not supported"));
	unload(&f);
}

static void test_shorthands(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>div { margin: 1px 2px 3px; border: 2px dashed #00f;"
		 " font: italic bold 12px/1.5 'Liberation Sans', sans-serif; list-style: inside square }"
		 "</style></head><body><div id='d'>x</div></body></html>");
	const struct style *d = style_of(&f, "d");
	assert_float_equal(d->margin[SIDE_TOP].value, 1, 1e-6);
	assert_float_equal(d->margin[SIDE_RIGHT].value, 2, 1e-6);
	assert_float_equal(d->margin[SIDE_BOTTOM].value, 3, 1e-6);
	assert_float_equal(d->margin[SIDE_LEFT].value, 2, 1e-6);
	assert_int_equal(d->border_style[SIDE_LEFT], BORDER_DASHED);
	assert_float_equal(d->border_width[SIDE_BOTTOM], 2, 1e-6);
	assert_int_equal(d->font_style, FONT_ITALIC);
	assert_int_equal(d->font_weight, 700);
	assert_float_equal(d->font_size, 12, 1e-6);
	assert_int_equal(d->line_height_kind, LH_NUMBER);
	assert_string_equal(d->font_family, "Liberation Sans,sans-serif");
	assert_true(d->list_style_inside);
	assert_int_equal(d->list_style_type, LIST_SQUARE);
	unload(&f);
}

/* Equal computed styles are stored once in a pass; any difference gives another. */
static void test_equal_styles_are_shared(void **state)
{
	(void)state;
	struct fixture f;
	load(&f, "<html><head><style>.warn { color: #b00 }</style></head><body>"
		 "<p id=a>one</p><p id=b>two</p><p id=c class=warn>three</p>"
		 "<p id=d style='margin-left: 2em'>four</p></body></html>");
	/* Without a pass begun, nothing is shared. */
	assert_ptr_not_equal(style_of(&f, "a"), style_of(&f, "b"));
	style_sheets_begin_pass(f.sheets, f.arena);
	const struct style *a = style_of(&f, "a"), *b = style_of(&f, "b");
	const struct style *c = style_of(&f, "c"), *d = style_of(&f, "d");
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	assert_true(c->color.r > 0.7 && c->color.g < 0.01);
	assert_ptr_not_equal(a, d);
	assert_true(d->margin[3].value > 0);
	assert_ptr_equal(style_anonymous(f.sheets, f.arena, a), style_anonymous(f.sheets, f.arena, b));
	/* A pass in another arena starts afresh. */
	struct arena *pass = arena_new();
	style_sheets_begin_pass(f.sheets, pass);
	assert_ptr_not_equal(style_anonymous(f.sheets, pass, a), style_anonymous(f.sheets, f.arena, a));
	arena_free(pass);
	unload(&f);
}

static void test_nested_rules(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>\n"
		 ".card { color: #010101;\n"
		 "  h2 { color: #020202 }\n"
		 "  > p { color: #030303; &.x { color: #040404 } }\n"
		 "  + p { font-size: 30px }\n"
		 "  @media print { font-size: 11px }\n"
		 "  @media screen { font-size: 99px }\n"
		 "  @supports (display: block) { & em { font-size: 12px } }\n"
		 "  @supports (display: no-such) { & em { font-size: 98px } }\n"
		 "  & { color: #050505 }\n"
		 "  color: #060606;\n"
		 "  @container x { color: red }\n"
		 "  ! { }\n"
		 "}\n"
		 ".a, #b { .c { font-size: 13px } }\n"
		 "#b .c { font-size: 14px }\n"
		 "#b { & .c { font-size: 15px } }\n"
		 "</style></head><body>"
		 "<div class='card' id='card'><h2 id='h'>t</h2><p id='p'>a</p><p class='x' id='px'>b</p>"
		 "<div><p id='deep'>c<em id='em'>e</em></p></div></div><p id='next'>n</p>"
		 "<div class='a'><span class='c' id='ac'>x</span></div>"
		 "<div id='b'><span class='c' id='bc'>y</span></div>"
		 "</body></html>");
	/* Declarations after nested rules come after them in the cascade. */
	assert_float_equal(style_of(&f, "card")->color.r, 6 / 255.0, 1e-6);
	assert_float_equal(style_of(&f, "card")->font_size, 11, 1e-6);
	assert_float_equal(style_of(&f, "h")->color.r, 2 / 255.0, 1e-6);
	assert_float_equal(style_of(&f, "p")->color.r, 3 / 255.0, 1e-6);
	assert_float_equal(style_of(&f, "px")->color.r, 4 / 255.0, 1e-6);
	assert_float_equal(style_of(&f, "deep")->color.r, 6 / 255.0, 1e-6); /* inherited */
	assert_float_equal(style_of(&f, "next")->font_size, 30, 1e-6);
	assert_float_equal(style_of(&f, "em")->font_size, 12, 1e-6);
	assert_float_equal(style_of(&f, "ac")->font_size, 13, 1e-6);
	/* :is(.a, #b) .c has the specificity of #b .c; the later rule wins the tie. */
	assert_float_equal(style_of(&f, "bc")->font_size, 15, 1e-6);
	/* What is not honoured is named, once each, with its line and column. */
	assert_non_null(strstr(f.messages, "test.html:12:3: warning: @container inside a style rule "
					   "is not supported; it is ignored"));
	assert_non_null(strstr(f.messages, "test.html:13:3: warning: selector '! ' is ignored"));
	size_t lines = 0;
	for (const char *c = f.messages; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 2);
	unload(&f);
}

static void test_nesting_depth_is_capped(void **state)
{
	struct fixture f;
	char css[4000] = "<html><head><style>";
	for (int i = 0; i < 40; i++)
		strcat(css, "div { ");
	strcat(css, "color: red");
	for (int i = 0; i < 40; i++)
		strcat(css, " }");
	strcat(css, "</style></head><body><div id='d'>x</div></body></html>");
	load(&f, css);
	assert_non_null(strstr(f.messages, "style rule nested more than 32 deep is ignored"));
	size_t lines = 0;
	for (const char *c = f.messages; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 1);
	assert_float_equal(style_of(&f, "d")->color.r, 0, 1e-6);
	unload(&f);
}


static void test_custom_properties_inherit_and_substitute(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>"
		 ":root { --brand: green; --gap: 12px; --pad: var(--gap) var(--gap) }"
		 "div { --brand: #ff0000 } .init { --brand: initial } .inh { --brand: inherit }"
		 "p { color: var(--brand, blue); padding: var(--pad); margin-left: var(--gap) }"
		 "span { color: var(--missing, var(--also-missing, #000080)) }"
		 "</style></head><body><p id='a'>a <span id='n'>n</span></p>"
		 "<div><p id='b'>b</p><section class='init'><p id='c'>c</p>"
		 "<section class='inh'><p id='d'>d</p></section></section></div>"
		 "<p id='e' style='--brand: #0000ff; color: var(--brand)'>e</p></body></html>");
	const struct style *a = style_of(&f, "a");
	assert_float_equal(a->color.g, 128.0 / 255, 1e-3); /* green from :root, inherited */
	assert_float_equal(a->padding[SIDE_TOP].value, 12, 1e-6);
	assert_float_equal(a->padding[SIDE_LEFT].value, 12, 1e-6);
	assert_float_equal(a->margin[SIDE_LEFT].value, 12, 1e-6);
	assert_float_equal(style_of(&f, "n")->color.b, 128.0 / 255, 1e-3); /* nested fallback */
	assert_float_equal(style_of(&f, "b")->color.r, 1.0, 1e-6);         /* the div's own */
	assert_float_equal(style_of(&f, "c")->color.b, 1.0, 1e-6);         /* initial: fallback */
	assert_float_equal(style_of(&f, "d")->color.b, 1.0, 1e-6);         /* inherit: still none */
	assert_float_equal(style_of(&f, "e")->color.b, 1.0, 1e-6);         /* style attribute */
	fflush(f.stream);
	assert_int_equal(f.messages_len, 0);
	unload(&f);
}

static void test_invalid_at_computed_value_time(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>\n"
		 "body { color: #ff0000; --len: 10px; --a: var(--b); --b: var(--a) }\n"
		 "p { color: var(--len) }\n"
		 "p { margin-top: var(--undefined) }\n"
		 "p { background-color: var(--a, green) }\n"
		 "p { border-left-color: var(--a) }\n"
		 "</style></head><body><p id='p'>a</p><p id='q'>b</p></body></html>");
	const struct style *p = style_of(&f, "p");
	style_of(&f, "q");
	assert_float_equal(p->color.r, 1.0, 1e-6);      /* unset: inherited from body */
	assert_float_equal(p->margin[SIDE_TOP].value, 0, 1e-6); /* unset: initial */
	assert_float_equal(p->background.g, 128.0 / 255, 1e-3); /* cycle: the fallback */
	fflush(f.stream);
	assert_non_null(strstr(f.messages, "test.html:3:5: warning: value 'var(--len)' for "
					   "'color' is invalid once var() is substituted ('10px')"));
	assert_non_null(strstr(f.messages, "test.html:4:5: warning: value 'var(--undefined)' "
					   "for 'margin-top' is invalid: custom property "
					   "'--undefined' is not defined"));
	assert_non_null(strstr(f.messages, "test.html:6:"));
	/* Once per declaration, however many elements it applies to. */
	const char *first = strstr(f.messages, "test.html:3:5:");
	assert_null(strstr(first + 1, "test.html:3:5:"));
	unload(&f);
}

static void test_var_expansion_is_bounded(void **state)
{
	/* --v0 is 4 tokens, each next one 4 of the one before (and 3 spaces): 4^20. */
	char css[4096];
	size_t len = (size_t)snprintf(css, sizeof css, ":root { --v0: x x x x;");
	for (int i = 1; i <= 20; i++)
		len += (size_t)snprintf(css + len, sizeof css - len,
					" --v%d: var(--v%d) var(--v%d) var(--v%d) var(--v%d);", i,
					i - 1, i - 1, i - 1, i - 1);
	len += (size_t)snprintf(css + len, sizeof css - len,
				" } p { font-family: var(--v20); color: var(--v3, red) }"
				" .ok { --c: var(--v2); color: var(--v30, green) }");
	char html[8192];
	snprintf(html, sizeof html,
		 "<html><head><style>%s</style></head><body><p id='p'>a</p>"
		 "<p id='q' class='ok'>b</p></body></html>", css);
	struct fixture f;
	load(&f, html);
	const struct style *p = style_of(&f, "p");
	assert_null(strstr(p->font_family, "x")); /* unset: inherited, the default font */
	assert_float_equal(p->color.r, 0, 1e-6);      /* --v3 is 64 x: not a colour */
	assert_float_equal(style_of(&f, "q")->color.g, 128.0 / 255, 1e-3);
	fflush(f.stream);
	assert_non_null(strstr(f.messages, "custom property '--v20' is invalid"));
	unload(&f);
}

static void test_math_functions_in_lengths(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>\n"
		 "html { font-size: 10px } body { font-size: 20px; --w: 300px }\n"
		 "p { width: calc(var(--w) + 2 * 50px); padding-left: calc(1em / 2);"
		 " margin-left: max(10px, 1rem, 3em); margin-right: calc(50% - 0%);"
		 " padding-right: calc(10px - 20px); font-size: calc(50% + 4px);"
		 " line-height: calc(1.5 * 2); text-indent: min(2em, 100px) }\n"
		 "p { height: calc(50% + 10px) }\n"
		 "</style></head><body><p id='p'>a</p></body></html>");
	const struct style *p = style_of(&f, "p");
	assert_int_equal(p->width.kind, DIM_PX);
	assert_float_equal(p->width.value, 400, 1e-4);
	assert_float_equal(p->font_size, 14, 1e-4);                 /* 50% of 20px + 4px */
	assert_float_equal(p->padding[SIDE_LEFT].value, 7, 1e-4);   /* em: its own size */
	assert_float_equal(p->margin[SIDE_LEFT].value, 42, 1e-4);
	assert_int_equal(p->margin[SIDE_RIGHT].kind, DIM_PERCENT);
	assert_float_equal(p->margin[SIDE_RIGHT].value, 50, 1e-4);
	assert_float_equal(p->padding[SIDE_RIGHT].value, 0, 1e-4); /* clamped, not invalid */
	assert_int_equal(p->line_height_kind, LH_NUMBER);
	assert_float_equal(p->line_height, 3, 1e-4);
	assert_float_equal(p->text_indent.value, 28, 1e-4);
	/* A length and a percentage: kept for layout, which knows what 100% is. */
	assert_int_equal(p->height.kind, DIM_CALC);
	assert_float_equal(style_dim_px(p->height, 200), 110, 1e-4);
	assert_null(strstr(f.messages, "'height'"));
	unload(&f);
}

static void test_math_functions_for_layout(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>\n"
		 "p { width: min(100px, 50%); margin-left: calc(25% + 1em);"
		 " padding-left: calc(10% - 100px); max-width: calc(100% - 2em);"
		 " text-indent: clamp(1em, 10%, 40px) }\n"
		 "</style></head><body><p id='p'>a</p></body></html>");
	const struct style *p = style_of(&f, "p");
	assert_int_equal(p->width.kind, DIM_CALC);
	assert_true(style_dim_is_length(p->width));
	assert_float_equal(style_dim_px(p->width, 150), 75, 1e-4);
	assert_float_equal(style_dim_px(p->width, 400), 100, 1e-4);
	assert_float_equal(style_dim_px(p->margin[SIDE_LEFT], 400), 116, 1e-4);
	assert_float_equal(style_dim_px(p->margin[SIDE_LEFT], 0), 16, 1e-4); /* unknown base: 0% */
	assert_float_equal(style_dim_px(p->padding[SIDE_LEFT], 400), 0, 1e-4); /* never negative */
	assert_float_equal(style_dim_px(p->padding[SIDE_LEFT], 2000), 100, 1e-4);
	assert_float_equal(style_dim_px(p->max_width, 400), 368, 1e-4);
	assert_float_equal(style_dim_px(p->text_indent, 100), 16, 1e-4);
	assert_float_equal(style_dim_px(p->text_indent, 300), 30, 1e-4);
	assert_float_equal(style_dim_px(p->text_indent, 1000), 40, 1e-4);
	assert_null(strstr(f.messages, "warning"));
	unload(&f);
}

static void test_box_properties(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>"
		 "#a { box-sizing: border-box; min-width: 10%; max-height: 3em; min-height: auto;"
		 " opacity: 0.5; outline: 2px dashed red; outline-offset: -4px }"
		 "#b { opacity: 40%; outline-style: auto; outline-color: invert }"
		 "#c { opacity: 7; max-height: none; outline: thick double; box-sizing: nonsense }"
		 "</style></head><body><div id='a'><div id='b'><p id='c'>x</p></div></div>"
		 "<p id='d'>y</p></body></html>");
	const struct style *a = style_of(&f, "a"), *b = style_of(&f, "b"), *c = style_of(&f, "c");
	const struct style *d = style_of(&f, "d");
	assert_true(a->border_box);
	assert_int_equal(a->min_width.kind, DIM_PERCENT);
	assert_float_equal(a->min_width.value, 10, 1e-4);
	assert_int_equal(a->max_height.kind, DIM_PX);
	assert_float_equal(a->max_height.value, 48, 1e-4);
	assert_int_equal(a->min_height.kind, DIM_PX); /* auto: 0 */
	assert_float_equal(a->min_height.value, 0, 1e-4);
	assert_float_equal(a->opacity, 0.5, 1e-6);
	assert_float_equal(a->alpha, 0.5, 1e-6);
	assert_int_equal(a->outline_style, BORDER_DASHED);
	assert_float_equal(a->outline_width, 2, 1e-6);
	assert_false(a->outline_color_current);
	assert_float_equal(a->outline_color.r, 1, 1e-6);
	assert_float_equal(a->outline_offset, -4, 1e-6);
	/* Opacity is not inherited, but what is inside shows through its ancestors'. */
	assert_false(b->border_box);
	assert_float_equal(b->opacity, 0.4, 1e-6);
	assert_float_equal(b->alpha, 0.2, 1e-6);
	assert_int_equal(b->outline_style, BORDER_SOLID);
	assert_true(b->outline_color_current);
	assert_float_equal(c->opacity, 1, 1e-6); /* clamped */
	assert_float_equal(c->alpha, 0.2, 1e-6);
	assert_int_equal(c->max_height.kind, DIM_NONE);
	assert_int_equal(c->outline_style, BORDER_DOUBLE);
	assert_float_equal(c->outline_width, 5, 1e-6);
	assert_false(c->border_box); /* the invalid value is ignored */
	assert_non_null(strstr(f.messages, "'box-sizing'"));
	assert_float_equal(d->alpha, 1, 1e-6);
	assert_int_equal(d->outline_style, BORDER_NONE);
	assert_int_equal(d->max_height.kind, DIM_NONE);
	unload(&f);
}

static void test_layer_order(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>"
		 "@layer base, theme;\n"
		 "@layer theme { p { font-size: 11px } }\n"
		 "@layer base { p#a { font-size: 22px } p { font-weight: bold !important } }\n"
		 "p { font-weight: normal !important }\n"
		 "@layer theme { p { font-weight: 300 !important } }\n"
		 "@layer base.inner { #b { font-size: 33px } }\n"
		 "@layer base { #b { font-size: 44px } }\n"
		 "#c { font-size: 55px }\n"
		 "@layer { #c { font-size: 66px } }\n"
		 "</style></head><body><p id='a'>a</p><p id='b'>b</p><p id='c' style='font-size: 7px'>c</p>"
		 "<p id='d' class='d'>d</p></body></html>");
	/* theme comes after base: it wins whatever the specificity. */
	assert_float_equal(style_of(&f, "a")->font_size, 11, 1e-6);
	/* !important: the earliest layer wins, and layered beats unlayered. */
	assert_int_equal(style_of(&f, "a")->font_weight, 700);
	/* A layer's own rules beat its sub-layers'. */
	assert_float_equal(style_of(&f, "b")->font_size, 11, 1e-6); /* theme still wins over base */
	/* The style attribute beats every layer and the unlayered rules. */
	assert_float_equal(style_of(&f, "c")->font_size, 7, 1e-6);
	assert_string_equal(f.messages ? f.messages : "", "");
	unload(&f);

	load(&f, "<html><head><style>"
		 "@layer base.inner { #b { font-size: 33px } }\n"
		 "@layer base { #b { font-size: 44px } }\n"
		 "@layer { #b { font-weight: 300 } }\n"
		 "#b { font-weight: 600 }\n"
		 "@layer late { #b { font-weight: 900 } }\n"
		 "</style></head><body><p id='b'>b</p></body></html>");
	assert_float_equal(style_of(&f, "b")->font_size, 44, 1e-6);
	assert_int_equal(style_of(&f, "b")->font_weight, 600); /* unlayered last */
	unload(&f);
}

static void test_revert_and_revert_layer(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>"
		 "@layer base { p { margin-top: 3px; color: #008000 } }\n"
		 "@layer top { p { color: #ff0000 } p.r { color: revert-layer } }\n"
		 "p { margin-top: 5px }\n"
		 "p.r { margin-top: revert }\n"
		 "h1 { font-size: 10px; margin: 0 } h1.r { font-size: revert; margin-bottom: revert }\n"
		 "strong { font-weight: 300 } strong.r { font-weight: revert }\n"
		 "@layer top { p.r2 { margin-top: revert-layer } }\n"
		 "</style></head><body><p id='p' class='r'>a</p><h1 id='h' class='r'>h</h1>"
		 "<p id='q' class='r2'><strong id='s' class='r'>s</strong></p></body></html>");
	const struct style *p = style_of(&f, "p");
	assert_float_equal(p->color.g, 128.0 / 255, 1e-3); /* from the base layer */
	assert_float_equal(p->margin[SIDE_TOP].value, 16, 1e-4); /* the default sheet's 1em */
	const struct style *h = style_of(&f, "h");
	assert_float_equal(h->font_size, 32, 1e-4);
	assert_float_equal(h->margin[SIDE_BOTTOM].value, 0.67 * 32, 1e-3); /* em of its own size */
	assert_float_equal(h->margin[SIDE_TOP].value, 0, 1e-6);
	assert_int_equal(style_of(&f, "s")->font_weight, 700);
	/* revert-layer in the top layer: back to base's 3px, the unlayered 5px then wins. */
	assert_float_equal(style_of(&f, "q")->margin[SIDE_TOP].value, 5, 1e-6);
	assert_string_equal(f.messages ? f.messages : "", "");
	unload(&f);
}

static void test_css_wide_keywords_everywhere(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>"
		 "div { border: 2px dotted; color: #0000ff; font: italic bold 20px/30px serif;"
		 " padding: 3px; column-rule: 1px solid; list-style: square inside }\n"
		 "p { border: 1px solid #ff0000; column-rule: 4px dashed #ff0000 }\n"
		 "#i { border: inherit; padding: inherit; font: inherit; column-rule: inherit;"
		 " list-style: inherit }\n"
		 "#u { all: unset }\n"
		 "#n { all: initial; color: #00ff00 }\n"
		 "#f { font: inherit; font-size: 8px }\n"
		 "#v { all: inherit }\n"
		 "#r { all: revert }\n"
		 "</style></head><body><div><p id='i'>i</p><p id='u'>u</p><p id='n'>n</p>"
		 "<p id='f'>f</p><p id='v'>v</p><p id='r'>r</p></div></body></html>");
	const struct style *i = style_of(&f, "i");
	assert_int_equal(i->border_style[SIDE_LEFT], BORDER_DOTTED);
	assert_float_equal(i->border_width[SIDE_LEFT], 2, 1e-6);
	assert_true(i->border_color_current[SIDE_LEFT]); /* currentColor, inherited as such */
	assert_true(i->column_rule_current);
	assert_float_equal(i->column_rule_width, 1, 1e-6);
	assert_float_equal(i->padding[SIDE_TOP].value, 3, 1e-6);
	assert_int_equal(i->font_style, FONT_ITALIC);
	assert_float_equal(i->line_height, 30, 1e-6);
	assert_int_equal(i->list_style_type, LIST_SQUARE);
	const struct style *u = style_of(&f, "u");
	assert_int_equal(u->display, DISPLAY_INLINE);
	assert_float_equal(u->margin[SIDE_TOP].value, 0, 1e-6);
	assert_int_equal(u->border_style[SIDE_LEFT], BORDER_NONE);
	assert_float_equal(u->color.b, 1, 1e-6);     /* inherited */
	assert_float_equal(u->font_size, 20, 1e-6);
	const struct style *n = style_of(&f, "n");
	assert_float_equal(n->font_size, 16, 1e-6);
	assert_int_equal(n->font_style, FONT_NORMAL);
	assert_float_equal(n->color.g, 1, 1e-6);     /* set after all */
	assert_int_equal(n->display, DISPLAY_INLINE);
	const struct style *fs = style_of(&f, "f");
	assert_float_equal(fs->font_size, 8, 1e-6); /* font: inherit leaves a later font-size */
	assert_int_equal(fs->font_weight, 700);
	const struct style *v = style_of(&f, "v");
	assert_int_equal(v->display, DISPLAY_BLOCK);
	assert_float_equal(v->padding[SIDE_TOP].value, 3, 1e-6);
	const struct style *r = style_of(&f, "r");
	assert_int_equal(r->display, DISPLAY_BLOCK);  /* the default sheet's */
	assert_float_equal(r->margin[SIDE_TOP].value, 20, 1e-6); /* 1em */
	assert_int_equal(r->border_style[SIDE_LEFT], BORDER_NONE);
	assert_float_equal(r->color.b, 1, 1e-6);     /* inherited: the default sets none */
	assert_string_equal(f.messages ? f.messages : "", "");
	unload(&f);
}

static void test_imports(void **state)
{
	char dir[] = "/tmp/bp-import-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	const char *files[][2] = {
		{ "a.css", "@import \"sub/b.css\" layer(low);\n@import 'a.css';\np { font-size: 12px }\n" },
		{ "sub/b.css", "@import url(../c.css) print and (min-width: 1px);\n"
			       "p { font-size: 99px; color: #ff0000 }\n" },
		{ "c.css", "p { font-weight: bold }\n" },
	};
	snprintf(path, sizeof path, "%s/sub", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	for (size_t k = 0; k < 3; k++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[k][0]);
		FILE *out = fopen(path, "w");
		assert_non_null(out);
		fputs(files[k][1], out);
		fclose(out);
	}
	struct fixture f;
	f.arena = arena_new();
	f.stream = open_memstream(&f.messages, &f.messages_len);
	f.sink = diag_sink_new(f.stream);
	const char *html = "<html><head><link rel=stylesheet href=a.css></head>"
			   "<body><p id='p'>a</p></body></html>";
	f.doc = htmlReadMemory(html, (int)strlen(html), "test.html", "UTF-8",
			       HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	struct deps *deps = deps_new();
	f.sheets = style_sheets_load(f.arena, f.doc, "test.html", dir, NULL, deps, f.sink);
	fflush(f.stream);
	const struct style *p = style_of(&f, "p");
	assert_float_equal(p->font_size, 12, 1e-6);  /* the layered import loses */
	assert_float_equal(p->color.r, 1, 1e-6);     /* but gives what nothing else sets */
	assert_int_equal(p->font_weight, 700);       /* imported two deep, relative to b.css */
	assert_int_equal(deps_count(deps), 3);
	assert_string_equal(f.messages, "a.css:2:1: warning: style sheet 'a.css' imports itself "
					"(an @import cycle); it is not read again\n");
	deps_free(deps);
	unload(&f);
	for (size_t k = 3; k-- > 0;) {
		snprintf(path, sizeof path, "%s/%s", dir, files[k][0]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_text_decoration(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>\n"
		 "#a { color: red; text-decoration: underline overline dotted 3px }\n"
		 "#b { color: blue; text-decoration: line-through wavy green; text-underline-offset: 50% }\n"
		 "#c { text-decoration: none }\n"
		 "#d { display: inline-block; text-decoration-line: underline;"
		 " text-decoration-color: currentColor; text-decoration-thickness: from-font }\n"
		 "#e { text-decoration: underline underline }\n"
		 "#g { text-decoration-line: underline; text-decoration-style: double }\n"
		 "#h { text-decoration-line: underline; text-decoration: overline }\n"
		 "</style></head><body><p id=a>x<span id=b>y<span id=c>z</span>"
		 "<span id=d>w</span></span><span id=e>e</span></p>"
		 "<p id=f>f<span id=g>g</span><span id=h>h</span></p></body></html>");
	style_sheets_begin_pass(f.sheets, f.arena); /* equal lists shared: one pointer */
	const struct style *a = style_of(&f, "a");
	assert_non_null(a->decorations);
	assert_int_equal(a->decorations->lines, DECO_UNDERLINE | DECO_OVERLINE);
	assert_int_equal(a->decorations->style, DECO_DOTTED);
	assert_float_equal(a->decorations->color.r, 1, 1e-4); /* currentColor: red */
	assert_int_equal(a->decorations->thickness_kind, DECO_LEN_PX);
	assert_float_equal(a->decorations->thickness, 3, 1e-4);
	assert_null(a->decorations->next);
	const struct style *b = style_of(&f, "b");
	assert_int_equal(b->decorations->lines, DECO_LINE_THROUGH);
	assert_int_equal(b->decorations->style, DECO_WAVY);
	assert_float_equal(b->decorations->color.g, 128.0 / 255, 1e-3);
	assert_int_equal(b->decorations->offset_kind, DECO_LEN_PX);
	assert_float_equal(b->decorations->underline_offset, 8, 1e-4); /* 50% of 16px */
	assert_ptr_equal(b->decorations->next, a->decorations); /* the parent's stays */
	/* none on a child cannot take the ancestors' lines off. */
	assert_ptr_equal(style_of(&f, "c")->decorations, b->decorations);
	/* An inline-block draws its own lines, not its ancestors'. */
	const struct style *d = style_of(&f, "d");
	assert_null(d->decorations->next);
	assert_float_equal(d->decorations->color.b, 1, 1e-4);
	assert_int_equal(d->decorations->thickness_kind, DECO_LEN_FROM_FONT);
	/* A line given twice is invalid: the parent's alone. */
	assert_ptr_equal(style_of(&f, "e")->decorations, a->decorations);
	assert_non_null(strstr(f.messages, "'text-decoration'"));
	const struct style *g = style_of(&f, "g");
	assert_int_equal(g->decorations->style, DECO_DOUBLE);
	/* The shorthand resets what it leaves out. */
	const struct style *h = style_of(&f, "h");
	assert_int_equal(h->decorations->lines, DECO_OVERLINE);
	assert_null(style_of(&f, "f")->decorations);
	unload(&f);
}

static void test_text_wrapping_and_spacing(void **state)
{
	struct fixture f;
	load(&f, "<html><head><style>\n"
		 "#a { overflow-wrap: anywhere; word-break: keep-all; hyphens: none;"
		 " word-spacing: 0.5em; tab-size: 4 }\n"
		 "#b { word-wrap: break-word; word-break: break-all; hyphens: auto; tab-size: 2em;"
		 " word-spacing: normal }\n"
		 "#c { tab-size: -1; word-spacing: 1px 2px; hyphens: sometimes; word-break: break-word }\n"
		 "</style></head><body><div id=a><p id=b><span id=c>x</span></p></div></body></html>");
	const struct style *a = style_of(&f, "a");
	assert_int_equal(a->overflow_wrap, OWRAP_ANYWHERE);
	assert_int_equal(a->word_break, WBREAK_KEEP_ALL);
	assert_int_equal(a->hyphens, HYPHENS_NONE);
	assert_float_equal(a->word_spacing, 8, 1e-4);
	assert_float_equal(a->tab_size, 4, 1e-4);
	assert_false(a->tab_size_px);
	const struct style *b = style_of(&f, "b");
	assert_int_equal(b->overflow_wrap, OWRAP_BREAK_WORD);
	assert_int_equal(b->word_break, WBREAK_BREAK_ALL);
	assert_int_equal(b->hyphens, HYPHENS_AUTO);
	assert_float_equal(b->tab_size, 32, 1e-4);
	assert_true(b->tab_size_px);
	assert_float_equal(b->word_spacing, 0, 1e-4);
	/* Invalid values leave the inherited ones. */
	const struct style *c = style_of(&f, "c");
	assert_float_equal(c->tab_size, 32, 1e-4);
	assert_float_equal(c->word_spacing, 0, 1e-4);
	assert_int_equal(c->hyphens, HYPHENS_AUTO);
	assert_int_equal(c->word_break, WBREAK_BREAK_WORD);
	assert_non_null(strstr(f.messages, "'tab-size'"));
	assert_non_null(strstr(f.messages, "'hyphens'"));
	unload(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specificity_and_order),
		cmocka_unit_test(test_important_beats_style_attribute),
		cmocka_unit_test(test_inheritance_and_em),
		cmocka_unit_test(test_unsupported_property_warns_with_line),
		cmocka_unit_test(test_hyphenate_character),
		cmocka_unit_test(test_page_rules),
		cmocka_unit_test(test_page_selectors),
		cmocka_unit_test(test_shorthands),
		cmocka_unit_test(test_equal_styles_are_shared),
		cmocka_unit_test(test_nested_rules),
		cmocka_unit_test(test_nesting_depth_is_capped),
		cmocka_unit_test(test_custom_properties_inherit_and_substitute),
		cmocka_unit_test(test_invalid_at_computed_value_time),
		cmocka_unit_test(test_var_expansion_is_bounded),
		cmocka_unit_test(test_math_functions_in_lengths),
		cmocka_unit_test(test_math_functions_for_layout),
		cmocka_unit_test(test_box_properties),
		cmocka_unit_test(test_layer_order),
		cmocka_unit_test(test_revert_and_revert_layer),
		cmocka_unit_test(test_css_wide_keywords_everywhere),
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_text_decoration),
		cmocka_unit_test(test_text_wrapping_and_spacing),
	};
	return cmocka_run_group_tests_name("style", tests, NULL, NULL);
}
