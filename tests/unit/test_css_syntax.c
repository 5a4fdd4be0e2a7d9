/* Unit tests for the CSS Syntax 3 tokenizer, parser, serialiser and An+B parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "css/syntax.h"

static int setup_arena(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown_arena(void **state)
{
	arena_free(*state);
	return 0;
}

static size_t parse_values(struct arena *a, const char *css, struct css_node **nodes)
{
	return css_parse_component_values(a, css, strlen(css), nodes);
}

static void test_token_kinds_and_values(void **state)
{
	struct arena *a = *state;
	struct css_node *n;
	size_t count = parse_values(a, "#main .x 12.5e1px 40% -3 url( a.png ) \"s\\41 \" @page U+26", &n);
	/* hash ws delim ident ws dim ws pct ws num ws url ws string ws at ws ident num */
	assert_int_equal(count, 19);
	assert_int_equal(n[0].tok.type, CSS_TOK_HASH);
	assert_string_equal(n[0].tok.value, "main");
	assert_true(n[0].tok.hash_is_id);
	assert_int_equal(n[2].tok.type, CSS_TOK_DELIM);
	assert_int_equal(n[2].tok.delim, '.');
	assert_int_equal(n[5].tok.type, CSS_TOK_DIMENSION);
	assert_string_equal(n[5].tok.value, "12.5e1");
	assert_string_equal(n[5].tok.unit, "px");
	assert_true(n[5].tok.number == 125.0);
	assert_false(n[5].tok.is_integer);
	assert_int_equal(n[7].tok.type, CSS_TOK_PERCENTAGE);
	assert_true(n[7].tok.number == 40.0);
	assert_int_equal(n[9].tok.type, CSS_TOK_NUMBER);
	assert_true(n[9].tok.is_integer);
	assert_true(n[9].tok.number == -3.0);
	assert_int_equal(n[11].tok.type, CSS_TOK_URL);
	assert_string_equal(n[11].tok.value, "a.png");
	assert_int_equal(n[13].tok.type, CSS_TOK_STRING);
	assert_string_equal(n[13].tok.value, "sA");
	assert_int_equal(n[15].tok.type, CSS_TOK_AT_KEYWORD);
	assert_string_equal(n[15].tok.value, "page");
	/* The current spec has no unicode-range token. */
	assert_int_equal(n[17].tok.type, CSS_TOK_IDENT);
	assert_string_equal(n[17].tok.value, "U");
	assert_int_equal(n[18].tok.type, CSS_TOK_NUMBER);
	assert_string_equal(n[18].tok.value, "+26");
}

static void test_positions_count_lines_and_code_points(void **state)
{
	struct arena *a = *state;
	const char *css = "p {\r\n  color: red;\f\t\xc3\xa9t\xc3\xa9: x }\n/* c\n */ q{}";
	struct css_rule *rules;
	int errors = 0;
	size_t n = css_parse_stylesheet(a, css, strlen(css), &rules, &errors);
	assert_int_equal(n, 2);
	assert_int_equal(errors, 0);
	assert_int_equal(rules[0].line, 1);
	assert_int_equal(rules[0].col, 1);
	assert_int_equal(rules[1].line, 5);
	assert_int_equal(rules[1].col, 5);

	struct css_decl *decls;
	size_t nd = css_block_declarations(a, rules[0].block, &decls, &errors);
	assert_int_equal(nd, 2);
	assert_string_equal(decls[0].name, "color");
	assert_int_equal(decls[0].line, 2); /* CR LF is one line break */
	assert_int_equal(decls[0].col, 3);
	assert_string_equal(decls[1].name, "\xc3\xa9t\xc3\xa9");
	assert_int_equal(decls[1].line, 3); /* FF breaks a line too */
	assert_int_equal(decls[1].col, 2);  /* after the tab */
	/* The value after "\tété: " is at column 7: each é counts as one column. */
	assert_int_equal(decls[1].value[0].tok.col, 7);

	/* css_source_offset maps positions back to bytes. */
	size_t off = css_source_offset(css, strlen(css), decls[1].value[0].tok.line,
				       decls[1].value[0].tok.col);
	assert_int_equal(css[off], 'x');
	off = css_source_offset(css, strlen(css), rules[1].line, rules[1].col);
	assert_int_equal(css[off], 'q');
	assert_int_equal(css_source_offset(css, strlen(css), 99, 1), strlen(css));
}

static void test_byte_order_mark_takes_no_column(void **state)
{
	struct arena *a = *state;
	const char *css = "\xef\xbb\xbf" "a{}";
	struct css_rule *rules;
	size_t n = css_parse_stylesheet(a, css, strlen(css), &rules, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(rules[0].prelude[0].tok.value, "a");
	assert_int_equal(rules[0].col, 1);
	assert_int_equal(css_source_offset(css, strlen(css), 1, 1), 3);
}

static void test_nul_and_invalid_utf8_become_replacement(void **state)
{
	struct arena *a = *state;
	const char css[] = "a\0b \xff \xe2\x82 \xed\xa0\x80";
	struct css_node *n;
	size_t count = css_parse_component_values(a, css, sizeof css - 1, &n);
	assert_int_equal(count, 7);
	assert_string_equal(n[0].tok.value, "a\xef\xbf\xbd" "b");
	assert_int_equal(n[0].tok.value_len, 5);
	assert_string_equal(n[2].tok.value, "\xef\xbf\xbd");
	/* A truncated sequence is one U+FFFD; an encoded surrogate is three. */
	assert_string_equal(n[4].tok.value, "\xef\xbf\xbd");
	assert_string_equal(n[6].tok.value, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_int_equal(n[6].tok.col, 9);
}

static void test_first_invalid_utf8_is_found(void **state)
{
	int line = 0, col = 0;
	static const char valid[] = "p { content: \"\xEF\xBF\xBD \xE2\x82\xAC\" }\r\n\f";
	assert_int_equal(css_find_invalid_utf8(valid, sizeof valid - 1, &line, &col), 0);
	static const char nul[] = "a\0b";
	assert_int_equal(css_find_invalid_utf8(nul, sizeof nul - 1, &line, &col), 0);
	static const char bad[] = "\xEF\xBB\xBFp {}\r\n\xE2\x82\xAC.\xC3\x28 {}";
	assert_int_equal(css_find_invalid_utf8(bad, sizeof bad - 1, &line, &col), 1);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	static const char cut[] = "x\xF0\x9F";
	assert_int_equal(css_find_invalid_utf8(cut, sizeof cut - 1, &line, &col), 1);
	assert_int_equal(line, 1);
	assert_int_equal(col, 2);
}

static void test_declarations_trim_and_important(void **state)
{
	struct arena *a = *state;
	const char *css = "  color :  red  ! IMPORTANT ; margin: 0 auto;;bad; @x y; width:1px";
	struct css_decl *d;
	int errors = 0;
	size_t n = css_parse_declaration_list(a, css, strlen(css), &d, &errors);
	assert_int_equal(n, 3);
	assert_int_equal(errors, 2); /* "bad" and the at-rule */
	assert_string_equal(d[0].name, "color");
	assert_true(d[0].important);
	assert_int_equal(d[0].n_value, 1);
	assert_string_equal(d[0].value[0].tok.value, "red");
	assert_false(d[1].important);
	assert_int_equal(d[1].n_value, 3);
	assert_string_equal(css_nodes_to_string(a, d[1].value, d[1].n_value), "0 auto");
	assert_string_equal(d[2].name, "width");
	assert_int_equal(d[2].value[0].tok.type, CSS_TOK_DIMENSION);

	/* The items API keeps the at-rule and says where the drops were. */
	struct css_item *items;
	size_t ni = css_parse_declaration_list_items(a, css, strlen(css), &items);
	assert_int_equal(ni, 5);
	assert_int_equal(items[2].kind, CSS_ITEM_ERROR);
	assert_int_equal(items[2].col, (int)(strstr(css, "bad") - css) + 1);
	assert_int_equal(items[3].kind, CSS_ITEM_RULE);
	assert_string_equal(items[3].rule->at_name, "x");
}

static void test_style_block_with_nested_rules(void **state)
{
	struct arena *a = *state;
	/* As CSS Nesting reads a style rule's block: declarations, nested rules in order. */
	const char *css = "color: red; a:hover { color: blue } & .x{}; > p { }\n"
			  "@media print { margin: 0 } --v: {a} ; width: 1px; bad; div:{}; span {";
	struct css_item *items;
	size_t n = css_parse_style_block_items(a, css, strlen(css), &items);
	assert_int_equal(n, 10);
	assert_int_equal(items[0].kind, CSS_ITEM_DECLARATION);
	assert_string_equal(items[0].decl->name, "color");
	/* "a:hover { … }" looks like a declaration but holds a {} block beside other
	 * values: it is a nested rule. */
	assert_int_equal(items[1].kind, CSS_ITEM_RULE);
	assert_int_equal(items[1].rule->kind, CSS_RULE_QUALIFIED);
	assert_string_equal(css_nodes_to_string(a, items[1].rule->prelude, items[1].rule->n_prelude),
			    "a:hover ");
	assert_string_equal(css_nodes_to_string(a, items[2].rule->prelude, items[2].rule->n_prelude),
			    "& .x");
	assert_int_equal(items[3].kind, CSS_ITEM_RULE);
	assert_int_equal(items[3].col, (int)(strstr(css, "> p") - css) + 1);
	assert_int_equal(items[4].kind, CSS_ITEM_RULE);
	assert_string_equal(items[4].rule->at_name, "media");
	assert_int_equal(items[4].line, 2);
	/* A custom property may hold a {} block alone. */
	assert_int_equal(items[5].kind, CSS_ITEM_DECLARATION);
	assert_string_equal(items[5].decl->name, "--v");
	assert_int_equal(items[6].kind, CSS_ITEM_DECLARATION);
	assert_string_equal(items[6].decl->name, "width");
	/* "bad;" is neither: a nested rule ended by ';' before any block. */
	assert_int_equal(items[7].kind, CSS_ITEM_ERROR);
	/* "div:{}" is a declaration whose value is one {} block (invalid later, by the
	 * property, not by the syntax). */
	assert_int_equal(items[8].kind, CSS_ITEM_DECLARATION);
	assert_string_equal(items[8].decl->name, "div");
	/* An unclosed block is closed at the end, as everywhere. */
	assert_int_equal(items[9].kind, CSS_ITEM_RULE);
	/* The old declaration list is unchanged: no nested rules there. */
	struct css_item *old;
	size_t n_old = css_parse_declaration_list_items(a, "color: red; a { b: c }", 22, &old);
	assert_int_equal(n_old, 2);
	assert_int_equal(old[1].kind, CSS_ITEM_ERROR);
}

static void test_page_block_keeps_margin_boxes(void **state)
{
	struct arena *a = *state;
	const char *css = "@page :first { margin: 2cm; @top-left { content: \"A\" } size: A4 }";
	struct css_rule *rules;
	size_t n = css_parse_stylesheet(a, css, strlen(css), &rules, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(rules[0].kind, CSS_RULE_AT);
	struct css_item *items;
	size_t ni = css_block_items(a, rules[0].block, &items);
	assert_int_equal(ni, 3);
	assert_int_equal(items[0].kind, CSS_ITEM_DECLARATION);
	assert_int_equal(items[1].kind, CSS_ITEM_RULE);
	assert_string_equal(items[1].rule->at_name, "top-left");
	struct css_decl *inner;
	assert_int_equal(css_block_declarations(a, items[1].rule->block, &inner, NULL), 1);
	assert_string_equal(inner[0].name, "content");
	assert_int_equal(items[2].kind, CSS_ITEM_DECLARATION);
	assert_string_equal(items[2].decl->name, "size");
}

static void test_rule_lists_and_cdo(void **state)
{
	struct arena *a = *state;
	const char *css = "<!-- a{} --> @media print { b { x: y } } c";
	struct css_rule *rules;
	int errors = 0;
	size_t n = css_parse_stylesheet(a, css, strlen(css), &rules, &errors);
	assert_int_equal(n, 2);
	assert_int_equal(errors, 1); /* "c" has no block */
	assert_string_equal(rules[1].at_name, "media");
	struct css_rule *inner;
	assert_int_equal(css_block_rules(a, rules[1].block, &inner, &errors), 1);
	assert_string_equal(inner[0].prelude[0].tok.value, "b");

	errors = 0;
	n = css_parse_rule_list(a, css, strlen(css), &rules, &errors);
	/* Not at the top level, CDO and CDC are ordinary: "<!-- a{}" and
	 * "--> @media print {…}" are qualified rules, and "c" is still invalid. */
	assert_int_equal(n, 2);
	assert_int_equal(errors, 1);
	assert_int_equal(rules[0].kind, CSS_RULE_QUALIFIED);
	assert_int_equal(rules[0].prelude[0].tok.type, CSS_TOK_CDO);
	assert_int_equal(rules[1].kind, CSS_RULE_QUALIFIED);
	assert_int_equal(rules[1].prelude[0].tok.type, CSS_TOK_CDC);
}

static void test_one_entry_points(void **state)
{
	struct arena *a = *state;
	const char *why = NULL;
	struct css_decl *d;
	struct css_rule *r;
	struct css_node *v;
	assert_int_equal(css_parse_one_declaration(a, " /**/ ", 6, &d, &why), -1);
	assert_string_equal(why, "empty");
	assert_int_equal(css_parse_one_declaration(a, "a b", 3, &d, &why), -1);
	assert_string_equal(why, "invalid");
	assert_int_equal(css_parse_one_declaration(a, "a:b", 3, &d, &why), 0);
	assert_int_equal(css_parse_one_rule(a, "a{} b{}", 7, &r, &why), -1);
	assert_string_equal(why, "extra-input");
	assert_int_equal(css_parse_one_rule(a, "@x;", 3, &r, &why), 0);
	assert_null(r->block);
	assert_int_equal(css_parse_one_component_value(a, " f(x) ", 6, &v, &why), 0);
	assert_int_equal(v->kind, CSS_NODE_FUNCTION);
	assert_string_equal(v->tok.value, "f");
	assert_int_equal(v->n_children, 1);
}

static void test_unmatched_closers_are_preserved(void **state)
{
	struct arena *a = *state;
	struct css_node *n;
	size_t count = parse_values(a, "(]) }", &n);
	assert_int_equal(count, 3);
	assert_int_equal(n[0].kind, CSS_NODE_BLOCK);
	assert_int_equal(n[0].block_open, '(');
	assert_int_equal(n[0].n_children, 1);
	assert_int_equal(n[0].children[0].tok.type, CSS_TOK_CLOSE_SQUARE);
	assert_int_equal(n[2].tok.type, CSS_TOK_CLOSE_CURLY);
}

static size_t tree_depth(const struct css_node *nodes, size_t n)
{
	/* Follows the first nested child only: enough for the chains built here. */
	size_t depth = 0;
	while (n > 0 && nodes[0].kind != CSS_NODE_TOKEN) {
		depth++;
		n = nodes[0].n_children;
		nodes = nodes[0].children;
	}
	return depth;
}

static void test_hostile_nesting_is_capped(void **state)
{
	struct arena *a = *state;
	enum { DEEP = 100000 };
	char *css = malloc(3 * DEEP + 64);
	size_t len = 0;
	len += (size_t)sprintf(css + len, "x{");
	for (int i = 0; i < DEEP; i++)
		css[len++] = (char)"([{"[i % 3];
	for (int i = DEEP - 1; i >= 0; i--)
		css[len++] = (char)")]}"[i % 3];
	len += (size_t)sprintf(css + len, "} y{color:red}");

	struct css_rule *rules;
	int errors = 0;
	size_t n = css_parse_stylesheet(a, css, len, &rules, &errors);
	assert_int_equal(n, 2);
	assert_int_equal(errors, 0);
	/* The first rule's block is depth 1, so its contents go CSS_MAX_NESTING - 1 deeper. */
	assert_int_equal(tree_depth(rules[0].block->children, rules[0].block->n_children),
			 CSS_MAX_NESTING - 1);
	struct css_decl *d;
	assert_int_equal(css_block_declarations(a, rules[1].block, &d, NULL), 1);
	assert_string_equal(d[0].name, "color");
	char *text = css_nodes_to_string(a, rules[0].block, 1);
	assert_true(strlen(text) == 2 * CSS_MAX_NESTING);

	/* Unclosed: 100,000 opening parentheses and nothing else. */
	memset(css, '(', DEEP);
	struct css_node *nodes;
	assert_int_equal(css_parse_component_values(a, css, DEEP, &nodes), 1);
	assert_int_equal(tree_depth(nodes, 1), CSS_MAX_NESTING);
	long av, bv;
	assert_int_equal(css_parse_anb(nodes, 1, &av, &bv), -1);
	free(css);
}

static void test_unterminated_constructs(void **state)
{
	struct arena *a = *state;
	static const char *const inputs[] = {
		"/* never closed", "'never closed", "url(never closed", "url(a b", "a{b:c",
		"@media (x", "\\", "#", "-", "--", "+.", "1e", "1e+", "<!-", "u+", "\"\\",
		"url(\\", "a[", "f(", "", " ",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct css_rule *rules;
		struct css_node *nodes;
		struct css_decl *decls;
		int errors = 0;
		size_t len = strlen(inputs[i]);
		css_parse_stylesheet(a, inputs[i], len, &rules, &errors);
		css_parse_declaration_list(a, inputs[i], len, &decls, &errors);
		size_t n = css_parse_component_values(a, inputs[i], len, &nodes);
		assert_non_null(css_nodes_to_string(a, nodes, n));
	}
}

/* Random input over CSS's significant characters: nothing may crash or hang, and
 * serialising then reparsing must be stable. */
static void test_random_inputs_are_survived(void **state)
{
	struct arena *a = *state;
	static const char alphabet[] = "aZ-_0159.+e%#@!\\'\"()[]{}<>;:,/* \n\t\r\f\xc3\xa9\xff\x00uU?|~=$^";
	uint32_t seed = 12345;
	char input[160];
	for (int round = 0; round < 3000; round++) {
		size_t len = 0, want = round % 150;
		while (len < want) {
			seed = seed * 1103515245u + 12345u;
			input[len++] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		struct css_node *nodes;
		size_t n = css_parse_component_values(a, input, len, &nodes);
		char *once = css_nodes_to_string(a, nodes, n);
		struct css_node *again;
		size_t m = css_parse_component_values(a, once, strlen(once), &again);
		char *twice = css_nodes_to_string(a, again, m);
		assert_string_equal(once, twice);
		struct css_item *items;
		css_parse_stylesheet_items(a, input, len, &items);
		css_parse_declaration_list_items(a, input, len, &items);
		long av, bv;
		css_parse_anb(nodes, n, &av, &bv);
	}
}

static void test_serialisation_round_trips(void **state)
{
	struct arena *a = *state;
	static const char *const cases[][2] = {
		{ "a/**/b", "a/**/b" },
		{ "1/**/2", "1/**/2" },
		{ "\\30 red", "\\30 red" },
		{ "3\\65-2", "3\\65 -2" },
		{ "'it''s' \"q\\\"\"", "\"it\"\"s\" \"q\\\"\"" },
		{ "url(a\\ b)", "url(a\\20 b)" },
		{ "f( [a] {b} )", "f( [a] {b} )" },
		{ "#-x #0", "#-x #0" },
		{ "-\\-", "--" },
		{ "a  \n\t b", "a b" },
		{ "12\\%", "12\\%" },
		{ "@\\40 x", "@\\@x" },
		/* Each needs a separator to read back as the same tokens. */
		{ "a /**/ b", "a /**/ b" },
		{ "<!/**/-->", "</**/!-->" },
		{ "1/**/-->", "1/**/-->" },
		{ "a/**/-->", "a/**/-->" },
		{ "-/**/-/**/1", "-/**/-/**/1" },
		{ "url(a b) x", "url(() x" },
		{ "#/**/x @/**/y ./**/5 +/**/5 //**/*", "#/**/x @/**/y ./**/5 +/**/5 //**/*" },
		{ "url/**/(x) u\\rl( 'a')", "url/**/(x) url( \"a\")" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_node *n;
		size_t count = parse_values(a, cases[i][0], &n);
		char *text = css_nodes_to_string(a, n, count);
		assert_string_equal(text, cases[i][1]);
		/* And the serialisation reads back as the same tokens. */
		struct css_node *back;
		size_t count_back = parse_values(a, text, &back);
		assert_string_equal(css_nodes_to_string(a, back, count_back), text);
	}
}

static void test_numbers(void **state)
{
	struct arena *a = *state;
	struct css_node *n;
	size_t count = parse_values(a, "+.79e-1 1e999999999 -1e-999 00012 1.", &n);
	assert_int_equal(count, 10);
	assert_true(n[0].tok.number > 0.0789999 && n[0].tok.number < 0.0790001);
	assert_string_equal(n[0].tok.value, "+.79e-1");
	assert_true(n[2].tok.number > 1e308); /* clamped, finite */
	assert_true(isfinite(n[2].tok.number));
	assert_true(n[4].tok.number == 0.0);
	assert_true(n[6].tok.number == 12.0);
	assert_true(n[6].tok.is_integer);
	assert_int_equal(n[8].tok.type, CSS_TOK_NUMBER);
	assert_int_equal(n[9].tok.type, CSS_TOK_DELIM);
}

static void test_anb(void **state)
{
	struct arena *a = *state;
	static const struct {
		const char *text;
		int ok;
		long a, b;
	} cases[] = {
		{ "odd", 0, 2, 1 },	   { " EVEN ", 0, 2, 0 },    { "5", 0, 0, 5 },
		{ "-n+3", 0, -1, 3 },	   { "+n", 0, 1, 0 },	     { "2n + 1", 0, 2, 1 },
		{ "2n- 1", 0, 2, -1 },	   { "-2n-3", 0, -2, -3 },   { "n-\\31 ", 0, 1, -1 },
		{ "+ n", -1, 0, 0 },	   { "2n+", -1, 0, 0 },	     { "3.0n", -1, 0, 0 },
		{ "n - -1", -1, 0, 0 },	   { "", -1, 0, 0 },	     { "2n 1", -1, 0, 0 },
		{ "99999999999n-99999999999", 0, 2147483647, -2147483647 - 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_node *n;
		size_t count = parse_values(a, cases[i].text, &n);
		long av = 77, bv = 77;
		int ok = css_parse_anb(n, count, &av, &bv);
		assert_int_equal(ok, cases[i].ok);
		if (ok == 0) {
			assert_int_equal(av, cases[i].a);
			assert_int_equal(bv, cases[i].b);
		} else {
			assert_int_equal(av, 77); /* untouched on failure */
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_token_kinds_and_values, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_positions_count_lines_and_code_points, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_byte_order_mark_takes_no_column, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_nul_and_invalid_utf8_become_replacement, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_first_invalid_utf8_is_found, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_declarations_trim_and_important, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_page_block_keeps_margin_boxes, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_rule_lists_and_cdo, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_one_entry_points, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_unmatched_closers_are_preserved, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_hostile_nesting_is_capped, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_unterminated_constructs, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_random_inputs_are_survived, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_serialisation_round_trips, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_numbers, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_anb, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(test_style_block_with_nested_rules, setup_arena, teardown_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
