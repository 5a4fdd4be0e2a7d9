/* libFuzzer harness: arbitrary bytes as a style sheet. Every entry point of the CSS
 * Syntax parser reads them (with the serialiser and the positions), then they become
 * fuzz.css, linked from tests/fuzz/css-page.html (a page of most things a board paper
 * has), which is rendered to a PDF: selectors, values, the cascade, layout and
 * painting all see the sheet. A crash replays with `briefpack render` of that page
 * beside the crash saved as fuzz.css (tests/fuzz-regressions.sh). */
#include "fuzz.h"

#include "base/arena.h"
#include "build.h"
#include "css/syntax.h"

/* Longer sheets only slow the search down. */
#define FUZZ_CSS_MAX (128 * 1024)

static char *page_path;
static char *css_path;
static char *pdf_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_copy_media();
	char *page = fuzz_in_top("tests/fuzz/css-page.html");
	page_path = fuzz_scratch_path("page.html");
	fuzz_copy(page, page_path);
	free(page);
	css_path = fuzz_scratch_path("fuzz.css");
	pdf_path = fuzz_scratch_path("page.pdf");
	return 0;
}

/* The parser alone, on every entry point. */
static void parse_everything(const char *src, size_t len)
{
	struct arena *a = arena_new();
	struct css_rule *rules;
	struct css_decl *decls, *decl;
	struct css_node *nodes, *node;
	struct css_item *items;
	const char *why;
	int errors = 0;
	size_t n = css_parse_stylesheet(a, src, len, &rules, &errors);
	for (size_t i = 0; i < n; i++) {
		css_nodes_to_string(a, rules[i].prelude, rules[i].n_prelude);
		css_source_offset(src, len, rules[i].line, rules[i].col);
		if (rules[i].block) {
			struct css_decl *inner;
			struct css_rule *nested;
			size_t k = css_block_declarations(a, rules[i].block, &inner, &errors);
			for (size_t j = 0; j < k; j++)
				css_nodes_to_string(a, inner[j].value, inner[j].n_value);
			css_block_rules(a, rules[i].block, &nested, &errors);
			css_block_items(a, rules[i].block, &items);
		}
	}
	css_parse_rule_list(a, src, len, &rules, &errors);
	css_parse_declaration_list(a, src, len, &decls, &errors);
	n = css_parse_component_values(a, src, len, &nodes);
	css_nodes_to_string(a, nodes, n);
	long anb_a, anb_b;
	css_parse_anb(nodes, n, &anb_a, &anb_b);
	css_parse_stylesheet_items(a, src, len, &items);
	css_parse_rule_list_items(a, src, len, &items);
	css_parse_declaration_list_items(a, src, len, &items);
	css_parse_one_declaration(a, src, len, &decl, &why);
	struct css_rule *rule;
	css_parse_one_rule(a, src, len, &rule, &why);
	css_parse_one_component_value(a, src, len, &node, &why);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_CSS_MAX)
		return -1;
	parse_everything((const char *)data, size);
	fuzz_write(css_path, data, size);
	struct diag_sink *sink = fuzz_sink();
	struct build_options opts = { .formats = BUILD_PDF, .dump_out = fuzz_null() };
	build_render_page(&opts, page_path, pdf_path, sink);
	diag_sink_free(sink);
	return 0;
}
