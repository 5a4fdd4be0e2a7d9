/* The cascade: collects style sheets, matches rules, orders declarations by origin,
 * importance, specificity and source order, and computes each element's style. */
#include "style/style.h"
#include "style/style_pool.h"
#include "style/properties.h"
#include "style/ua_sheet.h"
#include "style/custom.h"
#include "style/sheet_source.h"
#include "base/arena.h"
#include "base/fcinit.h"
#include "base/diag.h"
#include "base/deps.h"
#include "css/syntax.h"
#include "css/select.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>

enum origin { ORIGIN_UA, ORIGIN_AUTHOR };

/* What a kept declaration is (decl_block.kind), and whether it was reported. */
enum {
	DECL_PLAIN = 0,    /* checked when the sheet was read */
	DECL_VAR = 1,      /* holds var(): checked when an element's style is computed */
	DECL_CUSTOM = 2,   /* a custom property, --name */
	DECL_REPORTED = 0x80, /* invalid at computed-value time, already warned about */
};

/* The valid declarations of one rule's block. */
struct decl_block {
	struct css_decl *decls;
	size_t n;
	unsigned char *kind;       /* DECL_* per declaration; NULL: all plain */
	const char *file;          /* where they were written, for messages */
	int line_offset;           /* added to their lines */
	bool attribute;            /* a style attribute: messages give line_offset, no column */
};

struct style_rule {
	struct css_selector *selector;
	enum css_pseudo_element pseudo;
	unsigned specificity;
	unsigned order;            /* source order across all sheets */
	enum origin origin;
	const struct decl_block *block;
	struct style_rule *next;   /* next rule in the same index bucket */
};

/* Rules indexed by the rightmost compound's id, class or tag. */
enum { BUCKETS = 256 };
struct rule_index {
	struct style_rule *by_id[BUCKETS], *by_class[BUCKETS], *by_tag[BUCKETS];
	struct style_rule *universal;
};

enum page_pseudo { PAGE_ANY, PAGE_FIRST, PAGE_LEFT, PAGE_RIGHT };

struct page_rule {
	const char *name;          /* named page, or NULL */
	enum page_pseudo pseudo;
	unsigned specificity;
	struct decl_block block;
	struct decl_block margin_boxes[MB_COUNT];
	bool has_margin_box[MB_COUNT];
};

struct stylesheet_set {
	struct arena *arena;
	struct diag_sink *diag;
	struct rule_index index;
	unsigned n_rules;
	unsigned n_pseudo_rules[4]; /* rules per pseudo-element, to skip needless matching */
	struct page_rule *pages;
	size_t n_pages, cap_pages;
	struct style initial;      /* CSS initial values */
	float root_font_size;
	struct deps *deps;         /* the files read, for up-to-date checks; may be NULL */
	const char *file;          /* sheet being loaded, for messages */
	const char *page;          /* the HTML page, for messages about style attributes */
	struct font_seen *fonts;   /* font families looked up, and whether they are there */
	int line_offset;           /* line of the sheet's first line in that file, minus one */
	enum origin origin;        /* origin of the sheet being loaded */
	struct style_pool pool;    /* the computed styles of the current pass, shared */
	size_t custom_budget;      /* tokens custom properties may still make in this pass */
};

static const char *const margin_box_names[MB_COUNT] = {
	"top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
	"bottom-left-corner", "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner",
};

static unsigned hash_name(const char *s, bool fold)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (fold && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 16777619u;
	}
	return h % BUCKETS;
}

static void report(struct stylesheet_set *set, enum diag_severity sev, int line, int col,
		   const char *fmt, const char *arg)
{
	if (set->origin == ORIGIN_UA)
		return; /* the default sheet is ours and tested */
	diag(set->diag, sev, set->file, line + set->line_offset, col, fmt, arg);
}

static bool page_size_known(const char *name);

/* A font family looked up once per style sheet set. */
struct font_seen {
	const char *family;
	bool there;
	struct font_seen *next;
};

/* The family of the font fontconfig picks for a pattern of `family` (NULL: none). */
static char *matched_family(const char *family)
{
	FcPattern *p = FcPatternCreate();
	if (family)
		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(NULL, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	FcResult result;
	FcPattern *match = FcFontMatch(NULL, p, &result);
	FcChar8 *name = NULL;
	char *copy = NULL;
	if (match && FcPatternGetString(match, FC_FAMILY, 0, &name) == FcResultMatch)
		copy = strdup((const char *)name);
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(p);
	return copy;
}

/* Is a font of this family installed, or one that stands in for it by name (Liberation
 * Sans for Arial)? Generic families always are. */
static bool font_family_there(struct stylesheet_set *set, const char *family)
{
	static const char *const generic[] = { "serif", "sans-serif", "monospace", "cursive",
					       "fantasy", "system-ui", "emoji", "math" };
	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
		if (strcasecmp(family, generic[i]) == 0)
			return true;
	for (const struct font_seen *f = set->fonts; f; f = f->next)
		if (strcasecmp(f->family, family) == 0)
			return f->there;
	fcinit_wait();
	FcPattern *p = FcPatternCreate();
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet *listed = FcFontList(NULL, p, os);
	bool there = listed && listed->nfont > 0;
	if (listed)
		FcFontSetDestroy(listed);
	FcObjectSetDestroy(os);
	FcPatternDestroy(p);
	if (!there) {
		char *as_asked = matched_family(family), *fallback = matched_family(NULL);
		there = as_asked && fallback && strcmp(as_asked, fallback) != 0;
		free(as_asked);
		free(fallback);
	}
	struct font_seen *f = arena_alloc(set->arena, sizeof *f);
	*f = (struct font_seen){ arena_strdup(set->arena, family), there, set->fonts };
	set->fonts = f;
	return there;
}

/* Warns when no family of a font-family list is there: its text gets the default font. */
static void check_font_families(struct stylesheet_set *set, const struct css_decl *d,
				const char *list)
{
	size_t n = 0;
	const char *shown = "";
	for (const char *at = list; at && *at;) {
		const char *comma = strchr(at, ',');
		size_t len = comma ? (size_t)(comma - at) : strlen(at);
		while (len && (*at == ' ' || *at == '\t'))
			at++, len--;
		while (len && (at[len - 1] == ' ' || at[len - 1] == '\t'))
			len--;
		char *family = arena_strndup(set->arena, at, len);
		if (*family && font_family_there(set, family))
			return;
		shown = arena_printf(set->arena, "%s%s%s", shown, n ? ", " : "", family);
		n++;
		at = comma ? comma + 1 : NULL;
	}
	char *msg = arena_printf(set->arena, n > 1 ? "none of the fonts '%s' is installed; the "
						     "default font is used"
					       : "font '%s' is not installed; the default font is used",
				 shown);
	report(set, DIAG_WARNING, d->line, d->col, "%s", msg);
}

/* Where declarations are read. */
enum decl_context { IN_STYLE_RULE, IN_PAGE, IN_MARGIN_BOX };

/* Keeps the declarations the engine honours; warns once about each other one. */
static void validate_decls(struct stylesheet_set *set, struct css_decl *decls, size_t n,
			   struct decl_block *out, enum decl_context where)
{
	bool page_context = where == IN_PAGE;
	out->decls = arena_alloc(set->arena, sizeof *decls * (n ? n : 1));
	out->kind = arena_alloc(set->arena, n ? n : 1);
	out->n = 0;
	out->file = set->file;
	out->line_offset = set->line_offset;
	out->attribute = false;
	struct style scratch = set->initial;
	struct property_context ctx = { set->arena, &set->initial, &set->initial, 16, PHASE_OTHER };
	for (size_t i = 0; i < n; i++) {
		if (page_context && strcasecmp(decls[i].name, "size") == 0) {
			for (size_t k = 0; k < decls[i].n_value; k++) {
				const struct css_node *v = &decls[i].value[k];
				if (v->kind == CSS_NODE_TOKEN && v->tok.type == CSS_TOK_IDENT &&
				    !page_size_known(v->tok.value))
					report(set, DIAG_WARNING, decls[i].line, decls[i].col,
					       "page size '%s' is not known; A4 is used", v->tok.value);
			}
			out->decls[out->n++] = decls[i]; /* applied when the page is made */
			continue;
		}
		if (custom_is_name(decls[i].name) && where != IN_STYLE_RULE) {
			/* A page's custom properties are the root element's. */
			report(set, DIAG_WARNING, decls[i].line, decls[i].col,
			       "custom property '%s' in @page is not supported and is ignored",
			       decls[i].name);
			continue;
		}
		if (custom_is_name(decls[i].name)) {
			out->kind[out->n] = DECL_CUSTOM;
			out->decls[out->n++] = decls[i];
			continue;
		}
		if (!property_is_known(decls[i].name)) {
			report(set, DIAG_WARNING, decls[i].line, decls[i].col,
			       "property '%s' is not supported and is ignored", decls[i].name);
			continue;
		}
		if (custom_has_var(decls[i].value, decls[i].n_value)) {
			/* Checked once var() is substituted, element by element. */
			out->kind[out->n] = DECL_VAR;
			out->decls[out->n++] = decls[i];
			continue;
		}
		if (property_apply(&ctx, &scratch, &decls[i]) != 0) {
			char *text = css_nodes_to_string(set->arena, decls[i].value, decls[i].n_value);
			/* A long value is quoted by its start, cut between two characters. */
			int shown = (int)strlen(text);
			if (shown > 100) {
				shown = 100;
				while (shown > 0 && ((unsigned char)text[shown] & 0xC0) == 0x80)
					shown--;
			}
			char *msg = arena_printf(set->arena, "invalid value '%.*s%s' for '%s' is ignored",
						 shown, text, text[shown] ? "..." : "",
						 decls[i].name);
			report(set, DIAG_WARNING, decls[i].line, decls[i].col, "%s", msg);
			continue;
		}
		if (set->origin != ORIGIN_UA && (strcasecmp(decls[i].name, "font-family") == 0 ||
						 strcasecmp(decls[i].name, "font") == 0))
			check_font_families(set, &decls[i], scratch.font_family);
		out->kind[out->n] = DECL_PLAIN;
		out->decls[out->n++] = decls[i];
	}
}

static void validate_block(struct stylesheet_set *set, const struct css_node *block,
			   struct decl_block *out)
{
	struct css_decl *decls;
	int errors = 0;
	size_t n = css_block_declarations(set->arena, block, &decls, &errors);
	validate_decls(set, decls, n, out, IN_MARGIN_BOX);
}

static void index_rule(struct stylesheet_set *set, struct style_rule *r)
{
	struct style_rule **bucket;
	const char *key;
	if ((key = css_selector_key_id(r->selector)))
		bucket = &set->index.by_id[hash_name(key, false)];
	else if ((key = css_selector_key_class(r->selector)))
		bucket = &set->index.by_class[hash_name(key, false)];
	else if ((key = css_selector_key_tag(r->selector)))
		bucket = &set->index.by_tag[hash_name(key, true)];
	else
		bucket = &set->index.universal;
	/* Buckets keep source order so candidates come out already roughly sorted. */
	while (*bucket)
		bucket = &(*bucket)->next;
	*bucket = r;
}

/* CSS Nesting: style rules inside style rules, and @media and @supports inside
 * them, at most this many levels deep; a deeper rule is ignored with a warning. */
enum { NEST_MAX_DEPTH = 32 };

/* The style rule whose block is being read. */
struct nest_context {
	struct css_selector **sels; /* its selectors: the block's own declarations apply to them */
	size_t n;
	const struct css_nest *nest; /* what '&' stands for in rules nested here; made when first needed */
};

/* One run of a block's declarations, as a rule of its own in source order (the
 * declarations after a nested rule come after that rule in the cascade, as
 * CSSNestedDeclarations do: same selectors, same specificity as the parent). */
static void add_declarations(struct stylesheet_set *set, const struct nest_context *ctx,
			     struct css_decl *decls, size_t n)
{
	if (n == 0)
		return;
	struct decl_block *block = arena_alloc(set->arena, sizeof *block);
	validate_decls(set, decls, n, block, IN_STYLE_RULE);
	unsigned order = set->n_rules++;
	for (size_t i = 0; i < ctx->n; i++) {
		struct style_rule *r = arena_alloc(set->arena, sizeof *r);
		r->selector = ctx->sels[i];
		r->pseudo = css_selector_pseudo(ctx->sels[i]);
		r->specificity = css_selector_specificity(ctx->sels[i]);
		r->order = order;
		r->origin = set->origin;
		r->block = block;
		set->n_pseudo_rules[r->pseudo]++;
		index_rule(set, r);
	}
}

static bool media_applies(struct stylesheet_set *set, const struct css_rule *rule);
static bool supports_applies(struct stylesheet_set *set, const struct css_rule *rule);
static void add_style_block(struct stylesheet_set *set, const struct css_node *block,
			    struct nest_context *ctx, int depth);

static void report_selector(struct stylesheet_set *set, const struct css_rule *rule, const char *why)
{
	char *text = css_nodes_to_string(set->arena, rule->prelude, rule->n_prelude);
	char *msg = arena_printf(set->arena, "selector '%s' is ignored: %s", text, why);
	report(set, DIAG_WARNING, rule->line, rule->col, "%s", msg);
}

/* A rule inside a style rule's block (or inside a conditional rule there). */
static void add_nested_rule(struct stylesheet_set *set, const struct css_rule *r,
			    struct nest_context *ctx, int depth)
{
	if (depth > NEST_MAX_DEPTH) {
		char *msg = arena_printf(set->arena, "%s nested more than %d deep is ignored",
					 r->kind == CSS_RULE_AT ? arena_printf(set->arena, "@%s", r->at_name)
								: "style rule",
					 NEST_MAX_DEPTH);
		report(set, DIAG_WARNING, r->line, r->col, "%s", msg);
		return;
	}
	if (r->kind == CSS_RULE_QUALIFIED) {
		if (!ctx->nest)
			ctx->nest = css_nest_make(set->arena, ctx->sels, ctx->n);
		struct nest_context inner = { NULL, 0, NULL };
		const char *why = "invalid selector";
		if (css_selector_parse_nested(set->arena, r->prelude, r->n_prelude, ctx->nest,
					      &inner.sels, &inner.n, &why) != 0) {
			report_selector(set, r, why);
			return;
		}
		add_style_block(set, r->block, &inner, depth);
		return;
	}
	bool media = strcasecmp(r->at_name, "media") == 0;
	if ((media || strcasecmp(r->at_name, "supports") == 0) && r->block) {
		/* Its declarations go to the parent's selectors, its rules nest in the parent. */
		if (media ? media_applies(set, r) : supports_applies(set, r))
			add_style_block(set, r->block, ctx, depth);
		return;
	}
	report(set, DIAG_WARNING, r->line, r->col,
	       "@%s inside a style rule is not supported; it is ignored", r->at_name);
}

/* A style rule's block: declarations, nested rules and conditional rules in order. */
static void add_style_block(struct stylesheet_set *set, const struct css_node *block,
			    struct nest_context *ctx, int depth)
{
	struct css_item *items;
	size_t n = css_block_style_items(set->arena, block, &items);
	struct css_decl *run = arena_alloc(set->arena, sizeof *run * (n ? n : 1));
	size_t n_run = 0;
	for (size_t i = 0; i < n; i++) {
		switch (items[i].kind) {
		case CSS_ITEM_DECLARATION:
			run[n_run++] = *items[i].decl;
			break;
		case CSS_ITEM_RULE:
			add_declarations(set, ctx, run, n_run);
			n_run = 0;
			add_nested_rule(set, items[i].rule, ctx, depth + 1);
			break;
		case CSS_ITEM_ERROR:
			report(set, DIAG_WARNING, items[i].line, items[i].col, "%s",
			       "text that is neither a declaration nor a nested rule is ignored");
			break;
		}
	}
	add_declarations(set, ctx, run, n_run);
}

static void add_style_rule(struct stylesheet_set *set, const struct css_rule *rule)
{
	struct nest_context ctx = { NULL, 0, NULL };
	const char *why = "invalid selector";
	if (css_selector_parse_list(set->arena, rule->prelude, rule->n_prelude, &ctx.sels, &ctx.n,
				    &why) != 0) {
		report_selector(set, rule, why);
		return;
	}
	add_style_block(set, rule->block, &ctx, 0);
}

/* @page [name][:first|:left|:right] { declarations; @top-left { … } … } */
static void add_page_rule(struct stylesheet_set *set, const struct css_rule *rule)
{
	struct page_rule page = { 0 };
	for (size_t i = 0; i < rule->n_prelude; i++) {
		const struct css_node *n = &rule->prelude[i];
		if (n->kind != CSS_NODE_TOKEN || n->tok.type == CSS_TOK_WHITESPACE)
			continue;
		if (n->tok.type == CSS_TOK_IDENT && !page.name && page.pseudo == PAGE_ANY) {
			page.name = arena_strdup(set->arena, n->tok.value);
			page.specificity += 1 << 20;
		} else if (n->tok.type == CSS_TOK_COLON && i + 1 < rule->n_prelude &&
			   rule->prelude[i + 1].kind == CSS_NODE_TOKEN &&
			   rule->prelude[i + 1].tok.type == CSS_TOK_IDENT) {
			const char *p = rule->prelude[++i].tok.value;
			if (strcasecmp(p, "first") == 0)
				page.pseudo = PAGE_FIRST, page.specificity += 1 << 10;
			else if (strcasecmp(p, "left") == 0)
				page.pseudo = PAGE_LEFT, page.specificity += 1;
			else if (strcasecmp(p, "right") == 0)
				page.pseudo = PAGE_RIGHT, page.specificity += 1;
			else {
				report(set, DIAG_WARNING, rule->line, rule->col,
				       "@page :%s is not supported; the rule is ignored", p);
				return;
			}
		} else {
			report(set, DIAG_WARNING, rule->line, rule->col,
			       "%s", "@page selector not understood; the rule is ignored");
			return;
		}
	}
	if (!rule->block)
		return;
	/* The block mixes declarations and margin-box at-rules. */
	struct css_item *items;
	size_t n_items = css_block_items(set->arena, rule->block, &items);
	struct css_decl *decls = arena_alloc(set->arena, sizeof *decls * (n_items ? n_items : 1));
	size_t n_decls = 0;
	for (size_t i = 0; i < n_items; i++) {
		if (items[i].kind == CSS_ITEM_DECLARATION) {
			decls[n_decls++] = *items[i].decl;
			continue;
		}
		const struct css_rule *in = items[i].rule;
		if (items[i].kind != CSS_ITEM_RULE || in->kind != CSS_RULE_AT || !in->block)
			continue;
		int which = -1;
		for (int b = 0; b < MB_COUNT; b++)
			if (strcasecmp(in->at_name, margin_box_names[b]) == 0)
				which = b;
		if (which < 0) {
			report(set, DIAG_WARNING, in->line, in->col, "@%s is not a margin box; it is ignored",
			       in->at_name);
			continue;
		}
		validate_block(set, in->block, &page.margin_boxes[which]);
		page.has_margin_box[which] = true;
	}
	validate_decls(set, decls, n_decls, &page.block, IN_PAGE);
	ARENA_GROW(set->arena, set->pages, set->n_pages, set->cap_pages);
	set->pages[set->n_pages++] = page;
}

static bool media_applies(struct stylesheet_set *set, const struct css_rule *rule)
{
	char *text = css_nodes_to_string(set->arena, rule->prelude, rule->n_prelude);
	/* Paper is print media: print and all apply, screen-only rules do not. */
	return strcasestr(text, "print") || strcasestr(text, "all") || !strcasestr(text, "screen");
}

static bool is_ident(const struct css_node *n, const char *name)
{
	return n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_IDENT &&
	       strcasecmp(n->tok.value, name) == 0;
}

/* One <supports-in-parens>: a declaration the engine honours, a condition in
 * parentheses, or selector() with a selector it knows. */
static bool supports_condition(struct stylesheet_set *set, const struct css_node *nodes, size_t n);

static bool supports_in_parens(struct stylesheet_set *set, const struct css_node *node)
{
	if (node->kind == CSS_NODE_FUNCTION && strcasecmp(node->tok.value, "selector") == 0) {
		struct css_selector **sels;
		size_t count;
		const char *why;
		return css_selector_parse_list(set->arena, node->children, node->n_children, &sels,
					       &count, &why) == 0 && count == 1;
	}
	if (node->kind != CSS_NODE_BLOCK || node->block_open != '(')
		return false; /* <general-enclosed> is false */
	size_t i = 0;
	while (i < node->n_children && node->children[i].kind == CSS_NODE_TOKEN &&
	       node->children[i].tok.type == CSS_TOK_WHITESPACE)
		i++;
	if (i < node->n_children && node->children[i].kind == CSS_NODE_TOKEN &&
	    node->children[i].tok.type == CSS_TOK_IDENT && !is_ident(&node->children[i], "not")) {
		size_t j = i + 1;
		while (j < node->n_children && node->children[j].kind == CSS_NODE_TOKEN &&
		       node->children[j].tok.type == CSS_TOK_WHITESPACE)
			j++;
		if (j < node->n_children && node->children[j].kind == CSS_NODE_TOKEN &&
		    node->children[j].tok.type == CSS_TOK_COLON) {
			char *text = css_nodes_to_string(set->arena, node->children, node->n_children);
			struct css_decl *d;
			const char *why;
			if (css_parse_one_declaration(set->arena, text, strlen(text), &d, &why) != 0 ||
			    !property_is_known(d->name))
				return false;
			struct style scratch = set->initial;
			struct property_context ctx = { set->arena, &set->initial, &set->initial, 16,
							PHASE_OTHER };
			return property_apply(&ctx, &scratch, d) == 0;
		}
	}
	return supports_condition(set, node->children, node->n_children);
}

/* not X | X [and X]* | X [or X]*; anything else is false. */
static bool supports_condition(struct stylesheet_set *set, const struct css_node *nodes, size_t n)
{
	const struct css_node *parts[64];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (nodes[i].kind == CSS_NODE_TOKEN && nodes[i].tok.type == CSS_TOK_WHITESPACE)
			continue;
		if (k == 64)
			return false;
		parts[k++] = &nodes[i];
	}
	if (k == 2 && is_ident(parts[0], "not"))
		return !supports_in_parens(set, parts[1]);
	if (k == 0 || k % 2 == 0)
		return false;
	bool and = k > 1 && is_ident(parts[1], "and");
	if (k > 1 && !and && !is_ident(parts[1], "or"))
		return false;
	bool result = supports_in_parens(set, parts[0]);
	for (size_t i = 1; i < k; i += 2) {
		if (!is_ident(parts[i], and ? "and" : "or"))
			return false;
		bool next = supports_in_parens(set, parts[i + 1]);
		result = and ? result && next : result || next;
	}
	return result;
}

static bool supports_applies(struct stylesheet_set *set, const struct css_rule *rule)
{
	return supports_condition(set, rule->prelude, rule->n_prelude);
}

static void add_rules(struct stylesheet_set *set, const struct css_rule *rules, size_t n, int depth)
{
	for (size_t i = 0; i < n; i++) {
		const struct css_rule *r = &rules[i];
		if (r->kind == CSS_RULE_QUALIFIED) {
			if (r->block)
				add_style_rule(set, r);
			continue;
		}
		if (strcasecmp(r->at_name, "page") == 0) {
			add_page_rule(set, r);
		} else if (strcasecmp(r->at_name, "media") == 0 && r->block && depth < 8) {
			if (media_applies(set, r)) {
				struct css_rule *inner;
				int errors = 0;
				size_t k = css_block_rules(set->arena, r->block, &inner, &errors);
				add_rules(set, inner, k, depth + 1);
			}
		} else if (strcasecmp(r->at_name, "supports") == 0 && r->block && depth < 8) {
			if (supports_applies(set, r)) {
				struct css_rule *inner;
				int errors = 0;
				size_t k = css_block_rules(set->arena, r->block, &inner, &errors);
				add_rules(set, inner, k, depth + 1);
			}
		} else if ((strcasecmp(r->at_name, "media") == 0 ||
			    strcasecmp(r->at_name, "supports") == 0) && r->block) {
			report(set, DIAG_WARNING, r->line, r->col, "@%s nested more than 8 deep is ignored",
			       r->at_name);
		} else if (strcasecmp(r->at_name, "charset") != 0) {
			report(set, DIAG_WARNING, r->line, r->col, "@%s is not supported; it is ignored",
			       r->at_name);
		}
	}
}

static void add_sheet(struct stylesheet_set *set, const char *css, size_t len, const char *file,
		      int first_line, enum origin origin)
{
	struct css_rule *rules;
	int errors = 0;
	set->file = file;
	set->line_offset = first_line - 1;
	set->origin = origin;
	int bad_line, bad_col;
	if (origin != ORIGIN_UA && css_find_invalid_utf8(css, len, &bad_line, &bad_col))
		report(set, DIAG_WARNING, bad_line, bad_col, "%s",
		       "a style sheet is read as UTF-8: the bytes here, and any others "
		       "that are not UTF-8, become U+FFFD");
	size_t n = css_parse_stylesheet(set->arena, css, len, &rules, &errors);
	add_rules(set, rules, n, 0);
}

/* Walks the document for <style> and <link rel="stylesheet">, in document order. */
static void collect_author_sheets(struct stylesheet_set *set, xmlNode *node, const char *source_name,
				  const char *base_dir, const char *const *allowed_dirs)
{
	for (; node; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)node->name;
		if (strcasecmp(name, "style") == 0) {
			xmlChar *css = xmlNodeGetContent(node);
			if (css) {
				long line = xmlGetLineNo(node);
				add_sheet(set, (const char *)css, strlen((const char *)css), source_name,
					  line > 0 ? (int)line : 1, ORIGIN_AUTHOR);
				xmlFree(css);
			}
			continue;
		}
		if (strcasecmp(name, "link") == 0) {
			xmlChar *rel = xmlGetProp(node, (const xmlChar *)"rel");
			xmlChar *href = xmlGetProp(node, (const xmlChar *)"href");
			if (rel && href && strcasestr((const char *)rel, "stylesheet")) {
				struct sheet_source src;
				if (sheet_source_read(set->arena, base_dir, allowed_dirs,
						      (const char *)href, &src, set->diag, source_name,
						      xmlGetLineNo(node)) == 0) {
					deps_add(set->deps, src.file);
					add_sheet(set, src.text, src.len, src.path, 1, ORIGIN_AUTHOR);
				}
			}
			xmlFree(rel);
			xmlFree(href);
			continue;
		}
		collect_author_sheets(set, node->children, source_name, base_dir, allowed_dirs);
	}
}

struct stylesheet_set *style_sheets_load(struct arena *a, xmlDocPtr doc, const char *source_name,
					 const char *base_dir, const char *const *allowed_dirs,
					 struct deps *deps, struct diag_sink *diag)
{
	struct stylesheet_set *set = arena_alloc(a, sizeof *set);
	set->arena = a;
	set->custom_budget = CUSTOM_MAX_PAGE_TOKENS;
	set->diag = diag;
	set->deps = deps;
	set->root_font_size = 16;
	set->page = source_name;
	property_initial(&set->initial);
	add_sheet(set, ua_sheet_css, strlen(ua_sheet_css), "(default style sheet)", 1, ORIGIN_UA);
	collect_author_sheets(set, xmlDocGetRootElement(doc), source_name, base_dir, allowed_dirs);
	return set;
}

void style_sheets_report_to(struct stylesheet_set *set, struct diag_sink *diag)
{
	set->diag = diag;
}

/* ---- computing one element's style ---- */

struct matched_decl {
	const struct css_decl *decl;
	const struct decl_block *block; /* where it is, for its kind and messages */
	unsigned band;        /* origin and importance: UA < author < author !important < UA !important */
	unsigned specificity;
	unsigned order;
	unsigned index;       /* position inside its block, and a tie-breaker */
};

struct match_list {
	struct matched_decl *items;
	size_t n, cap;
};

static void match_add_block(struct match_list *m, const struct decl_block *block, enum origin origin,
			    unsigned specificity, unsigned order)
{
	for (size_t i = 0; i < block->n; i++) {
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 64;
			m->items = realloc(m->items, m->cap * sizeof *m->items);
			if (!m->items)
				abort();
		}
		const struct css_decl *d = &block->decls[i];
		unsigned band = origin == ORIGIN_UA ? (d->important ? 3 : 0) : (d->important ? 2 : 1);
		m->items[m->n++] = (struct matched_decl){ d, block, band, specificity, order, (unsigned)i };
	}
}

static int compare_matched(const void *pa, const void *pb)
{
	const struct matched_decl *a = pa, *b = pb;
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	if (a->specificity != b->specificity)
		return a->specificity < b->specificity ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void match_bucket(struct match_list *m, const struct style_rule *r, xmlNode *el,
			 enum css_pseudo_element pseudo)
{
	for (; r; r = r->next)
		if (r->pseudo == pseudo && css_selector_matches(r->selector, el))
			match_add_block(m, r->block, r->origin, r->specificity, r->order);
}

static void match_rules(struct stylesheet_set *set, struct match_list *m, xmlNode *el,
			enum css_pseudo_element pseudo)
{
	char lower[64];
	size_t i = 0;
	for (const char *p = (const char *)el->name; *p && i + 1 < sizeof lower; p++)
		lower[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	lower[i] = '\0';
	/* Rules are stored once, under one key; a bucket holds other keys too, which the
	 * full match rejects. */
	match_bucket(m, set->index.by_tag[hash_name(lower, true)], el, pseudo);
	match_bucket(m, set->index.universal, el, pseudo);
	xmlChar *id = xmlGetProp(el, (const xmlChar *)"id");
	if (id) {
		match_bucket(m, set->index.by_id[hash_name((const char *)id, false)], el, pseudo);
		xmlFree(id);
	}
	xmlChar *cls = xmlGetProp(el, (const xmlChar *)"class");
	if (cls) {
		/* Each distinct bucket once, or a rule would apply twice. */
		bool seen[BUCKETS] = { false };
		char *save = NULL;
		for (char *tok = strtok_r((char *)cls, " \t\n\r\f", &save); tok;
		     tok = strtok_r(NULL, " \t\n\r\f", &save)) {
			unsigned h = hash_name(tok, false);
			if (!seen[h])
				match_bucket(m, set->index.by_class[h], el, pseudo);
			seen[h] = true;
		}
		xmlFree(cls);
	}
}

static int attr_int(xmlNode *el, const char *name, int lo, int hi, int fallback)
{
	xmlChar *v = xmlGetProp(el, (const xmlChar *)name);
	if (!v)
		return fallback;
	long n = strtol((const char *)v, NULL, 10);
	xmlFree(v);
	return n < lo ? lo : n > hi ? hi : (int)n;
}

static unsigned decl_kind(const struct decl_block *block, size_t i)
{
	return block->kind ? block->kind[i] & ~DECL_REPORTED : DECL_PLAIN;
}

/* Applies one declaration of a block. One holding var() is substituted from the
 * custom properties first; if that fails, or its value is then invalid, the property
 * is unset (invalid at computed-value time), and that is reported once. */
static void apply_decl(struct stylesheet_set *set, const struct property_context *ctx,
		       struct style *s, const struct decl_block *block, size_t i,
		       const struct custom_props *custom)
{
	const struct css_decl *d = &block->decls[i];
	unsigned kind = decl_kind(block, i);
	if (kind == DECL_PLAIN) {
		property_apply(ctx, s, d);
		return;
	}
	if (kind != DECL_VAR)
		return;
	struct css_decl sub = *d;
	const char *why = NULL;
	/* The substituted value is needed only while it is applied (what the style keeps
	 * is copied), so it goes with a scratch arena. */
	struct arena *scratch = arena_new_small();
	if (custom_substitute(scratch, custom, d->value, d->n_value, &sub.value, &sub.n_value,
			      &why) == 0 &&
	    property_apply(ctx, s, &sub) == 0) {
		arena_free(scratch);
		return;
	}
	static struct css_node unset_node = { .kind = CSS_NODE_TOKEN,
					      .tok = { .type = CSS_TOK_IDENT, .value = "unset",
						       .value_len = 5 } };
	struct css_decl unset = *d;
	unset.value = &unset_node;
	unset.n_value = 1;
	property_apply(ctx, s, &unset);
	if (block->kind[i] & DECL_REPORTED) {
		arena_free(scratch);
		return;
	}
	block->kind[i] |= DECL_REPORTED;
	char *text = css_nodes_to_string(ctx->arena, d->value, d->n_value);
	int shown = (int)strlen(text);
	if (shown > 100) {
		shown = 100;
		while (shown > 0 && ((unsigned char)text[shown] & 0xC0) == 0x80)
			shown--;
	}
	char *msg;
	if (why) {
		msg = arena_printf(ctx->arena, "value '%.*s%s' for '%s' is invalid: %s; the "
				   "property is unset", shown, text, text[shown] ? "..." : "", d->name,
				   why);
		arena_free(scratch);
	} else {
		char *got = css_nodes_to_string(ctx->arena, sub.value, sub.n_value);
		int shown_got = (int)strlen(got);
		if (shown_got > 100) {
			shown_got = 100;
			while (shown_got > 0 && ((unsigned char)got[shown_got] & 0xC0) == 0x80)
				shown_got--;
		}
		msg = arena_printf(ctx->arena, "value '%.*s%s' for '%s' is invalid once var() is "
				   "substituted ('%.*s%s'); the property is unset", shown, text,
				   text[shown] ? "..." : "", d->name, shown_got, got,
				   got[shown_got] ? "..." : "");
		arena_free(scratch);
	}
	if (block->attribute)
		diag(set->diag, DIAG_WARNING, block->file, block->line_offset, 0, "%s", msg);
	else
		diag(set->diag, DIAG_WARNING, block->file, d->line + block->line_offset, d->col,
		     "%s", msg);
}

static void apply_matched(struct stylesheet_set *set, struct arena *a, struct style *s,
			  const struct style *parent, struct match_list *m)
{
	if (m->n)
		qsort(m->items, m->n, sizeof *m->items, compare_matched);
	/* Custom properties first: every other declaration may use them. */
	size_t n_custom = 0;
	for (size_t i = 0; i < m->n; i++)
		n_custom += decl_kind(m->items[i].block, m->items[i].index) == DECL_CUSTOM;
	if (n_custom) {
		const struct css_decl **custom = malloc(sizeof *custom * n_custom);
		if (!custom)
			abort();
		n_custom = 0;
		for (size_t i = 0; i < m->n; i++)
			if (decl_kind(m->items[i].block, m->items[i].index) == DECL_CUSTOM)
				custom[n_custom++] = m->items[i].decl;
		s->custom = custom_compute(a, s->custom, custom, n_custom, &set->custom_budget);
		free(custom);
	}
	struct property_context ctx = { a, parent, &set->initial, set->root_font_size,
					PHASE_FONT_SIZE };
	for (size_t i = 0; i < m->n; i++)
		if (property_phase(m->items[i].decl) == PHASE_FONT_SIZE)
			apply_decl(set, &ctx, s, m->items[i].block, m->items[i].index, s->custom);
	/* The font shorthand runs again for its other half. */
	ctx.phase = PHASE_OTHER;
	for (size_t i = 0; i < m->n; i++)
		if (property_phase(m->items[i].decl) == PHASE_OTHER ||
		    strcasecmp(m->items[i].decl->name, "font") == 0)
			apply_decl(set, &ctx, s, m->items[i].block, m->items[i].index, s->custom);
}

/* HTML's width and height attributes on images, SVG and table parts are CSS
 * declarations of the author's with no specificity, before every author rule: CSS
 * (height: auto included) overrides them. */
static void add_presentational_hints(struct stylesheet_set *set, struct arena *a,
				     struct match_list *m, xmlNode *el, enum css_pseudo_element pseudo)
{
	static const char *const takers[] = { "img", "svg", "video", "canvas", "iframe", "embed",
					      "object", "table", "td", "th", "col", "colgroup" };
	if (pseudo != CSS_PSEUDO_NONE)
		return;
	bool takes = false;
	for (size_t i = 0; i < sizeof takers / sizeof takers[0]; i++)
		takes |= strcasecmp((const char *)el->name, takers[i]) == 0;
	if (!takes)
		return;
	char css[160];
	size_t len = 0;
	static const char *const names[] = { "width", "height" };
	for (int i = 0; i < 2; i++) {
		xmlChar *v = xmlGetProp(el, (const xmlChar *)names[i]);
		if (!v)
			continue;
		char *end;
		double n = strtod((const char *)v, &end);
		bool percent = *end == '%';
		if (end != (char *)v && n > 0 && n < 100000 &&
		    (*end == '\0' || percent || strcmp(end, "px") == 0))
			len += (size_t)snprintf(css + len, sizeof css - len, "%s: %g%s; ", names[i], n,
						percent ? "%" : "px");
		xmlFree(v);
	}
	if (!len)
		return;
	struct css_decl *decls;
	int errors = 0;
	size_t n = css_parse_declaration_list(a, css, len, &decls, &errors);
	struct decl_block *hints = arena_alloc(a, sizeof *hints);
	hints->decls = decls;
	hints->n = n;
	match_add_block(m, hints, ORIGIN_AUTHOR, 0, 0);
	(void)set;
}

/* The decorations drawn over an element's text: its ancestors' (not into floats and
 * inline-blocks, whose contents they do not reach, CSS Text Decoration 3, 2.1) and its
 * own, with currentColor resolved here. */
static void compute_decorations(struct stylesheet_set *set, struct arena *a, struct style *s)
{
	if (s->float_side != FLOAT_NONE || s->display == DISPLAY_INLINE_BLOCK)
		s->decorations = NULL;
	if (!s->decoration_lines)
		return;
	struct text_decoration d;
	memset(&d, 0, sizeof d);
	d.lines = s->decoration_lines;
	d.style = s->decoration_style;
	d.color = s->decoration_color_current ? s->color : s->decoration_color;
	d.thickness_kind = s->decoration_thickness_kind;
	d.thickness = s->decoration_thickness;
	d.offset_kind = s->underline_offset_kind;
	d.underline_offset = s->underline_offset;
	d.font_family = style_pool_string(&set->pool, a, s->font_family);
	d.font_size = s->font_size;
	d.font_weight = s->font_weight;
	d.font_style = (int)s->font_style;
	d.next = s->decorations;
	s->decorations = style_pool_decoration(&set->pool, a, &d);
}

const struct style *style_compute(struct stylesheet_set *set, struct arena *a, xmlNode *el,
				  const struct style *parent, enum css_pseudo_element pseudo)
{
	bool generated = pseudo == CSS_PSEUDO_BEFORE || pseudo == CSS_PSEUDO_AFTER;
	if (generated && set->n_pseudo_rules[pseudo] == 0)
		return NULL; /* no rule could give it content */
	struct match_list m = { 0 };
	match_rules(set, &m, el, pseudo);
	if (generated && m.n == 0)
		return NULL; /* nothing matched: no content, and nothing allocated */
	/* Built in zeroed memory and copied with memcpy, so that equal styles are equal
	 * byte for byte (padding too) and the pool can share them. */
	struct style computed;
	struct style *s = &computed;
	const struct style *inherit_from = parent ? parent : &set->initial;
	memcpy(s, inherit_from, sizeof *s);
	property_reset_non_inherited(s, &set->initial);
	if (pseudo == CSS_PSEUDO_NONE) {
		xmlChar *lang = xmlGetProp(el, (const xmlChar *)"lang");
		if (lang) {
			if (!s->lang || strcmp(s->lang, (const char *)lang) != 0)
				s->lang = arena_strdup(a, (const char *)lang);
			xmlFree(lang);
		}
	}

	add_presentational_hints(set, a, &m, el, pseudo);
	struct decl_block style_attr = { 0 };
	xmlChar *attr = pseudo == CSS_PSEUDO_NONE ? xmlGetProp(el, (const xmlChar *)"style") : NULL;
	if (attr) {
		/* The style attribute: author origin, above every selector. */
		const char *text = arena_strdup(a, (const char *)attr);
		xmlFree(attr);
		int errors = 0;
		struct css_decl *decls;
		size_t n = css_parse_declaration_list(a, text, strlen(text), &decls, &errors);
		style_attr.decls = decls;
		style_attr.kind = arena_alloc(a, n ? n : 1);
		style_attr.file = set->page;
		style_attr.line_offset = (int)xmlGetLineNo(el);
		style_attr.attribute = true;
		struct style scratch = *s;
		struct property_context ctx = { a, inherit_from, &set->initial,
						set->root_font_size, PHASE_OTHER };
		for (size_t i = 0; i < n; i++)
			if (custom_is_name(decls[i].name) ||
			    (property_is_known(decls[i].name) &&
			     custom_has_var(decls[i].value, decls[i].n_value))) {
				style_attr.kind[style_attr.n] =
					custom_is_name(decls[i].name) ? DECL_CUSTOM : DECL_VAR;
				style_attr.decls[style_attr.n++] = decls[i];
			} else if (property_apply(&ctx, &scratch, &decls[i]) == 0)
				style_attr.decls[style_attr.n++] = decls[i];
			else
				diag(set->diag, DIAG_WARNING, set->page, xmlGetLineNo(el), 0,
				     "style attribute on <%s>: '%s' is ignored",
				     (const char *)el->name, decls[i].name);
		match_add_block(&m, &style_attr, ORIGIN_AUTHOR, 1u << 30, 0);
	}
	apply_matched(set, a, s, inherit_from, &m);
	free(m.items);

	if (!parent && pseudo == CSS_PSEUDO_NONE)
		set->root_font_size = s->font_size;
	if (pseudo == CSS_PSEUDO_NONE &&
	    (s->display == DISPLAY_TABLE_CELL || strcasecmp((const char *)el->name, "td") == 0 ||
	     strcasecmp((const char *)el->name, "th") == 0)) {
		s->colspan = attr_int(el, "colspan", 1, 1000, 1);
		s->rowspan = attr_int(el, "rowspan", 0, 65534, 1);
	}
	if ((pseudo == CSS_PSEUDO_BEFORE || pseudo == CSS_PSEUDO_AFTER) && !s->content)
		return NULL;
	compute_decorations(set, a, s);
	s->font_family = style_pool_string(&set->pool, a, s->font_family);
	s->lang = style_pool_string(&set->pool, a, s->lang);
	s->page = style_pool_string(&set->pool, a, s->page);
	return style_pool_intern(&set->pool, a, s);
}

const struct style *style_anonymous(struct stylesheet_set *set, struct arena *a,
				    const struct style *parent)
{
	struct style s;
	memcpy(&s, parent, sizeof s);
	property_reset_non_inherited(&s, &set->initial);
	s.display = DISPLAY_BLOCK;
	return style_pool_intern(&set->pool, a, &s);
}

const struct style *style_with_display(struct stylesheet_set *set, struct arena *a,
				       const struct style *base, enum display display)
{
	struct style s;
	memcpy(&s, base, sizeof s);
	s.display = display;
	return style_pool_intern(&set->pool, a, &s);
}

void style_sheets_begin_pass(struct stylesheet_set *set, struct arena *a)
{
	style_pool_begin(&set->pool, a);
	set->custom_budget = CUSTOM_MAX_PAGE_TOKENS;
}

/* Applies one block's declarations: font sizes first, so that em means the new size. */
static void apply_block_phased(struct stylesheet_set *set, struct style *s, const struct style *parent,
			       const struct decl_block *block)
{
	struct property_context ctx = { set->arena, parent, &set->initial, set->root_font_size,
					PHASE_FONT_SIZE };
	for (size_t k = 0; k < block->n; k++)
		if (property_phase(&block->decls[k]) == PHASE_FONT_SIZE)
			apply_decl(set, &ctx, s, block, k, parent->custom);
	ctx.phase = PHASE_OTHER;
	for (size_t k = 0; k < block->n; k++)
		if (property_phase(&block->decls[k]) == PHASE_OTHER ||
		    strcasecmp(block->decls[k].name, "font") == 0)
			apply_decl(set, &ctx, s, block, k, parent->custom);
}

/* ---- pages ---- */

struct named_size {
	const char *name;
	float w_mm, h_mm;
};

static const struct named_size page_sizes[] = {
	{ "a6", 105, 148 }, { "a5", 148, 210 }, { "a4", 210, 297 }, { "a3", 297, 420 },
	{ "a2", 420, 594 }, { "a1", 594, 841 }, { "a0", 841, 1189 }, { "b6", 125, 176 },
	{ "b5", 176, 250 }, { "b4", 250, 353 }, { "b3", 353, 500 }, { "jis-b5", 182, 257 },
	{ "jis-b4", 257, 364 }, { "letter", 215.9f, 279.4f }, { "legal", 215.9f, 355.6f },
	{ "ledger", 279.4f, 431.8f },
};

static const float MM = 96.0f / 25.4f;

static bool page_size_known(const char *name)
{
	if (!strcasecmp(name, "auto") || !strcasecmp(name, "portrait") ||
	    !strcasecmp(name, "landscape"))
		return true;
	for (size_t k = 0; k < sizeof page_sizes / sizeof page_sizes[0]; k++)
		if (!strcasecmp(name, page_sizes[k].name))
			return true;
	return false;
}

static void apply_page_size(const struct css_decl *d, struct page_style *out)
{
	float dims[2];
	int n_dims = 0;
	int orientation = 0; /* 1 portrait, 2 landscape */
	for (size_t i = 0; i < d->n_value; i++) {
		const struct css_node *v = &d->value[i];
		if (v->kind != CSS_NODE_TOKEN || v->tok.type == CSS_TOK_WHITESPACE)
			continue;
		if (v->tok.type == CSS_TOK_IDENT) {
			if (strcasecmp(v->tok.value, "landscape") == 0)
				orientation = 2;
			else if (strcasecmp(v->tok.value, "portrait") == 0)
				orientation = 1;
			for (size_t k = 0; k < sizeof page_sizes / sizeof page_sizes[0]; k++)
				if (strcasecmp(v->tok.value, page_sizes[k].name) == 0) {
					out->width = page_sizes[k].w_mm * MM;
					out->height = page_sizes[k].h_mm * MM;
				}
			continue;
		}
		struct css_length len;
		if (n_dims < 2 && css_value_length(v, false, &len) == 0 && len.unit != CSS_UNIT_PERCENT) {
			struct css_length_context c = { 16, 16, -1 };
			float px = (float)css_length_to_px(len, &c);
			if (px >= 1 && px <= 20000)
				dims[n_dims++] = px;
		}
	}
	if (n_dims == 1)
		out->width = out->height = dims[0];
	else if (n_dims == 2)
		out->width = dims[0], out->height = dims[1];
	float lo = out->width < out->height ? out->width : out->height;
	float hi = out->width < out->height ? out->height : out->width;
	if (orientation == 2)
		out->width = hi, out->height = lo;
	else if (orientation == 1)
		out->width = lo, out->height = hi;
}

static bool page_rule_applies(const struct page_rule *r, int number, const char *name)
{
	if (r->name && (!name || strcmp(r->name, name) != 0))
		return false;
	switch (r->pseudo) {
	case PAGE_FIRST: return number == 1;
	case PAGE_LEFT: return number % 2 == 0;
	case PAGE_RIGHT: return number % 2 == 1;
	default: return true;
	}
}

void style_page(struct stylesheet_set *set, int number, const char *name, const struct style *root,
		struct page_style *out)
{
	memset(out, 0, sizeof *out);
	out->width = 210 * MM;
	out->height = 297 * MM;
	for (int i = 0; i < 4; i++)
		out->margin[i] = 20 * MM;
	/* Applicable rules by specificity, then source order: a stable insertion sort. */
	const struct page_rule *order[64];
	size_t n = 0;
	for (size_t i = 0; i < set->n_pages && n < 64; i++) {
		const struct page_rule *r = &set->pages[i];
		if (!page_rule_applies(r, number, name))
			continue;
		size_t j = n++;
		while (j > 0 && order[j - 1]->specificity > r->specificity) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = r;
	}
	/* The page context: margins and the background are box properties of the page. */
	struct style page = *root;
	property_reset_non_inherited(&page, &set->initial);
	for (int i = 0; i < 4; i++)
		page.margin[i] = (struct dim){ DIM_NONE, 0 }; /* none: keep the default margin */
	struct property_context ctx = { set->arena, root, &set->initial, set->root_font_size,
					PHASE_OTHER };
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < order[i]->block.n; k++) {
			const struct css_decl *d = &order[i]->block.decls[k];
			if (strcasecmp(d->name, "size") == 0)
				apply_page_size(d, out);
			else
				apply_decl(set, &ctx, &page, &order[i]->block, k, root->custom);
		}
	for (int i = 0; i < 4; i++) {
		float base = (i == SIDE_TOP || i == SIDE_BOTTOM) ? out->height : out->width;
		if (page.margin[i].kind == DIM_PX || page.margin[i].kind == DIM_PERCENT)
			out->margin[i] = style_dim_px(page.margin[i], base);
	}
	out->background = page.background;

	static const enum text_align box_align[MB_COUNT] = {
		ALIGN_RIGHT, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT, ALIGN_LEFT,
		ALIGN_RIGHT, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT, ALIGN_LEFT,
	};
	for (int b = 0; b < MB_COUNT; b++) {
		struct style *box = NULL;
		for (size_t i = 0; i < n; i++) {
			if (!order[i]->has_margin_box[b])
				continue;
			if (!box) {
				box = arena_alloc(set->arena, sizeof *box);
				*box = page;
				property_reset_non_inherited(box, &set->initial);
				box->text_align = box_align[b];
				box->vertical_align = VALIGN_MIDDLE;
			}
			apply_block_phased(set, box, &page, &order[i]->margin_boxes[b]);
		}
		out->margin_boxes[b] = box && box->content ? box : NULL;
	}
}

float style_line_height_px(const struct style *s)
{
	switch (s->line_height_kind) {
	case LH_NUMBER: return s->line_height * s->font_size;
	case LH_PX: return s->line_height;
	default: return s->font_size * 1.2f;
	}
}

float style_dim_px(struct dim d, float percent_base)
{
	switch (d.kind) {
	case DIM_PX: return d.value;
	case DIM_PERCENT: return percent_base > 0 ? d.value * percent_base / 100.0f : 0;
	default: return 0;
	}
}
