/* The cascade: collects style sheets, matches rules, orders declarations by origin,
 * importance, specificity and source order, and computes each element's style. */
#include "style/style.h"
#include "style/style_pool.h"
#include "style/properties.h"
#include "style/ua_sheet.h"
#include "style/custom.h"
#include "style/font_face.h"
#include "style/sheet_source.h"
#include "base/arena.h"
#include "base/fcinit.h"
#include "base/diag.h"
#include "base/deps.h"
#include "css/syntax.h"
#include "css/select.h"
#include "css/media.h"

#include <limits.h>
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
	DECL_REVERT = 3,   /* revert: rolled back to the default style sheet's value */
	DECL_REVERT_LAYER = 4, /* revert-layer: rolled back to the layers before its own */
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

/* A cascade layer (CSS Cascade 5) of the author's style sheets. Layers form a tree:
 * the root holds the unlayered rules; a.b is b inside a. */
struct layer {
	const char *name;          /* its last name part; NULL when anonymous */
	struct layer *parent;      /* NULL for the root */
	struct layer *children, *last_child, *next; /* sub-layers, in the order first declared */
	unsigned rank;             /* precedence of its normal declarations: higher wins */
};

/* Layer names nest at most this deep (a.b.c … and @layer inside @layer). */
enum { LAYER_MAX_DEPTH = 32 };

struct style_rule {
	struct css_selector *selector;
	enum css_pseudo_element pseudo;
	unsigned specificity;
	unsigned order;            /* source order across all sheets */
	enum origin origin;
	const struct layer *layer; /* its cascade layer (NULL: the default sheet) */
	const struct decl_block *block;
	struct style_rule *next;   /* next rule in the same index bucket */
};

/* Rules indexed by the rightmost compound's id, class or tag. */
enum { BUCKETS = 256 };
struct rule_index {
	struct style_rule *by_id[BUCKETS], *by_class[BUCKETS], *by_tag[BUCKETS];
	struct style_rule *universal;
};

/* :nth(An+B [of NAME]) in a page selector (CSS GCPM 3). */
struct page_nth {
	long a, b;
	const char *of;            /* the page group's name, or NULL: pages of the document */
};

/* One page selector of an @page rule, with the rule's declarations. */
struct page_rule {
	const char *name;          /* named page, or NULL */
	bool first, blank, left, right;
	struct page_nth nth[4];    /* all must match */
	int n_nth;
	unsigned specificity;      /* css-page-3: name, then :first/:blank/:nth(), then :left/:right */
	const struct layer *layer; /* its cascade layer */
	struct decl_block block;
	struct decl_block margin_boxes[MB_COUNT];
	bool has_margin_box[MB_COUNT];
};

struct stylesheet_set {
	struct arena *arena;
	struct diag_sink *diag;
	struct rule_index index;
	unsigned n_rules;
	unsigned n_pseudo_rules[CSS_PSEUDO_COUNT]; /* rules per pseudo-element, to skip needless matching */
	struct page_rule *pages;
	size_t n_pages, cap_pages;
	struct style initial;      /* CSS initial values */
	float root_font_size;
	struct deps *deps;         /* the files read, for up-to-date checks; may be NULL */
	const char *file;          /* sheet being loaded, for messages */
	const char *page;          /* the HTML page, for messages about style attributes */
	struct font_seen *fonts;   /* font families looked up, and whether they are there */
	struct font_check *checks, **checks_tail; /* font-family lists to check once loaded */
	bool loaded;               /* every sheet is in: @font-face families are known */
	struct font_face *faces;   /* the @font-face rules, in document order */
	size_t n_faces, cap_faces;
	int line_offset;           /* line of the sheet's first line in that file, minus one */
	enum origin origin;        /* origin of the sheet being loaded */
	struct style_pool pool;    /* the computed styles of the current pass, shared */
	size_t custom_budget;      /* tokens custom properties may still make in this pass */
	struct css_match_cache *has_cache; /* :has() answers per element, for the document */
	struct layer root_layer;   /* the author's unlayered rules, and the layer tree */
	struct layer *layer;       /* the layer of the rules being loaded (NULL: default sheet) */
	unsigned max_rank;         /* the root layer's rank, once every sheet is loaded */
	struct css_media_env media;/* what @media is evaluated against: the first page */
	const struct sheet *sheet; /* the sheet being loaded */
	const char *const *allowed_dirs; /* folders style sheets may be read from */
	size_t n_imported;         /* sheets read by @import, to bound them */
	struct seen_sheet *seen;   /* the files read so far, so each is reported once */
	struct diag_sink *quiet_sink; /* while sheets are read: for a file read again */
	bool quiet;                /* adding a sheet whose file was added before */
};

/* A style sheet file read, and whether its rules were added yet. */
struct seen_sheet {
	const char *file;
	bool added;
	struct seen_sheet *next;
};

static const char *const margin_box_names[MB_COUNT] = {
	"top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
	"bottom-left-corner", "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner",
	"left-top", "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom",
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
	if (set->origin == ORIGIN_UA || set->quiet)
		return; /* the default sheet is ours and tested; a sheet imported again was reported */
	diag(set->diag, sev, set->file, line + set->line_offset, col, fmt, arg);
}

static bool page_size_known(const char *name);

/* A font family looked up once per style sheet set. */
struct font_seen {
	const char *family;
	bool there;
	bool named;       /* a warning has named it, when it is not there */
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
	for (size_t i = 0; i < set->n_faces; i++)
		if (strcasecmp(set->faces[i].family, family) == 0)
			return true;
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
	*f = (struct font_seen){ arena_strdup(set->arena, family), there, false, set->fonts };
	set->fonts = f;
	return there;
}

/* The next name of a comma-separated family list at *at, without the blanks around
 * it: its start, and its length in *len; *at moves past it (NULL after the last). */
static const char *next_family(const char **at, size_t *len)
{
	const char *name = *at;
	const char *comma = strchr(name, ',');
	size_t n = comma ? (size_t)(comma - name) : strlen(name);
	while (n && (*name == ' ' || *name == '\t'))
		name++, n--;
	while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	*at = comma ? comma + 1 : NULL;
	*len = n;
	return name;
}

/* Names, once each, the first n families of list: neither installed nor declared
 * with @font-face, they are passed over for the next one. */
static void name_missing_families(struct stylesheet_set *set, const struct css_decl *d,
				  const char *list, size_t n)
{
	const char *at = list;
	for (size_t i = 0; i < n && at; i++) {
		size_t len;
		const char *name = next_family(&at, &len);
		for (struct font_seen *f = set->fonts; f; f = f->next)
			if (strlen(f->family) == len && strncasecmp(f->family, name, len) == 0 && !f->named) {
				f->named = true;
				char *msg = arena_printf(set->arena, "font '%s' is neither installed nor "
							 "declared with @font-face; the next font "
							 "of the list is used", f->family);
				report(set, DIAG_WARNING, d->line, d->col, "%s", msg);
			}
	}
}

/* Warns when no family of a font-family list is there: its text gets the default font. */
static void check_font_families(struct stylesheet_set *set, const struct css_decl *d,
				const char *list)
{
	size_t n = 0;
	const char *shown = "";
	for (const char *at = list; at && *at;) {
		size_t len;
		const char *name = next_family(&at, &len);
		char *family = arena_strndup(set->arena, name, len);
		if (*family && font_family_there(set, family)) {
			if (n)
				name_missing_families(set, d, list, n);
			return;
		}
		shown = arena_printf(set->arena, "%s%s%s", shown, n ? ", " : "", family);
		n++;
	}
	char *msg = arena_printf(set->arena, n > 1 ? "none of the fonts '%s' is installed; the "
						     "default font is used"
					       : "font '%s' is not installed; the default font is used",
				 shown);
	report(set, DIAG_WARNING, d->line, d->col, "%s", msg);
}

/* A font-family list seen before every @font-face rule was: checked at the end. */
struct font_check {
	const struct css_decl *decl;
	const char *list;
	const char *file;
	int line_offset;
	struct font_check *next;
};

static void defer_font_check(struct stylesheet_set *set, const struct css_decl *d, const char *list)
{
	if (set->loaded) {
		check_font_families(set, d, list);
		return;
	}
	struct font_check *c = arena_alloc(set->arena, sizeof *c);
	*c = (struct font_check){ d, list, set->file, set->line_offset, NULL };
	*set->checks_tail = c;
	set->checks_tail = &c->next;
}

static void run_font_checks(struct stylesheet_set *set)
{
	set->loaded = true;
	set->origin = ORIGIN_AUTHOR;
	for (struct font_check *c = set->checks; c; c = c->next) {
		set->file = c->file;
		set->line_offset = c->line_offset;
		check_font_families(set, c->decl, c->list);
	}
	set->checks = NULL;
}

static const char *sheet_dir(const struct sheet *sh);

static void add_font_face(struct stylesheet_set *set, const struct css_rule *rule)
{
	struct font_face face;
	if (set->origin == ORIGIN_UA ||
	    font_face_read(set->arena, rule, set->file, set->line_offset, set->diag, &face) != 0)
		return;
	face.base_dir = sheet_dir(set->sheet);
	ARENA_GROW(set->arena, set->faces, set->n_faces, set->cap_faces);
	set->faces[set->n_faces++] = face;
}

const struct font_face *style_sheets_font_faces(const struct stylesheet_set *set, size_t *n)
{
	*n = set->n_faces;
	return set->faces;
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
			out->kind[out->n] = DECL_PLAIN;
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
			defer_font_check(set, &decls[i], scratch.font_family);
		const char *keyword, *instead;
		if (set->origin != ORIGIN_UA &&
		    (instead = property_approximation(&decls[i], &keyword)) != NULL)
			report(set, DIAG_WARNING, decls[i].line, decls[i].col, "%s",
			       keyword ? arena_printf(set->arena, "'%s: %s' is %s", decls[i].name,
						      keyword, instead)
				       : arena_printf(set->arena, "'%s' %s", decls[i].name, instead));
		enum property_keyword word = property_keyword(&decls[i]);
		out->kind[out->n] = word == PK_REVERT ? DECL_REVERT
				    : word == PK_REVERT_LAYER ? DECL_REVERT_LAYER : DECL_PLAIN;
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
	bool letter = false;
	for (size_t i = 0; i < ctx->n; i++)
		letter |= css_selector_pseudo(ctx->sels[i]) == CSS_PSEUDO_FIRST_LETTER;
	for (size_t i = 0; letter && i < block->n; i++) {
		const struct css_decl *d = &block->decls[i];
		if (strcasecmp(d->name, "float") == 0 && !(d->n_value == 1 &&
		    d->value[0].kind == CSS_NODE_TOKEN && d->value[0].tok.type == CSS_TOK_IDENT &&
		    strcasecmp(d->value[0].tok.value, "none") == 0))
			report(set, DIAG_WARNING, d->line, d->col, "%s",
			       "a floated ::first-letter (a drop cap) is not supported; the letter "
			       "stays in the line");
	}
	for (size_t i = 0; i < ctx->n; i++) {
		struct style_rule *r = arena_alloc(set->arena, sizeof *r);
		r->selector = ctx->sels[i];
		r->pseudo = css_selector_pseudo(ctx->sels[i]);
		r->specificity = css_selector_specificity(ctx->sels[i]);
		r->order = order;
		r->origin = set->origin;
		r->layer = set->layer;
		r->block = block;
		set->n_pseudo_rules[r->pseudo]++;
		index_rule(set, r);
	}
}

static bool media_applies(struct stylesheet_set *set, const struct css_rule *rule);
static bool supports_applies(struct stylesheet_set *set, const struct css_rule *rule);
static struct layer *layer_rule(struct stylesheet_set *set, const struct css_rule *r);
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
	if (strcasecmp(r->at_name, "layer") == 0 && set->layer) {
		struct layer *in = layer_rule(set, r);
		if (in && r->block) {
			struct layer *outer = set->layer;
			set->layer = in;
			add_style_block(set, r->block, ctx, depth);
			set->layer = outer;
		}
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

/* :nth(An+B) or :nth(An+B of NAME): 0, or -1 when it is not one. */
static int parse_page_nth(struct stylesheet_set *set, const struct css_node *fn, struct page_nth *out)
{
	size_t end = fn->n_children;
	out->of = NULL;
	for (size_t k = 0; k < fn->n_children; k++) {
		const struct css_node *c = &fn->children[k];
		if (c->kind == CSS_NODE_TOKEN && c->tok.type == CSS_TOK_IDENT &&
		    strcasecmp(c->tok.value, "of") == 0) {
			end = k;
			for (size_t j = k + 1; j < fn->n_children; j++) {
				const struct css_node *d = &fn->children[j];
				if (d->kind == CSS_NODE_TOKEN && d->tok.type == CSS_TOK_WHITESPACE)
					continue;
				if (out->of || d->kind != CSS_NODE_TOKEN || d->tok.type != CSS_TOK_IDENT)
					return -1;
				out->of = arena_strdup(set->arena, d->tok.value);
			}
			if (!out->of)
				return -1;
			break;
		}
	}
	return css_parse_anb(fn->children, end, &out->a, &out->b);
}

/* One page selector, prelude[from..to): [name] [:first|:left|:right|:blank|:nth()]*.
 * 0, or -1 after a warning. */
static int parse_page_selector(struct stylesheet_set *set, const struct css_rule *rule, size_t from,
			       size_t to, struct page_rule *page)
{
	unsigned names = 0, pseudo_g = 0, pseudo_h = 0;
	for (size_t i = from; i < to; i++) {
		const struct css_node *n = &rule->prelude[i];
		if (n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_WHITESPACE)
			continue;
		if (n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_IDENT && !page->name &&
		    !pseudo_g && !pseudo_h) {
			page->name = arena_strdup(set->arena, n->tok.value);
			names = 1;
			continue;
		}
		const struct css_node *p = i + 1 < to ? &rule->prelude[i + 1] : NULL;
		if (!(n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_COLON && p)) {
			report(set, DIAG_WARNING, rule->line, rule->col,
			       "%s", "@page selector not understood; the rule is ignored");
			return -1;
		}
		i++;
		if (p->kind == CSS_NODE_FUNCTION && strcasecmp(p->tok.value, "nth") == 0) {
			if (page->n_nth == 4 || parse_page_nth(set, p, &page->nth[page->n_nth]) != 0) {
				report(set, DIAG_WARNING, rule->line, rule->col, "%s",
				       "@page :nth() takes An+B, or An+B of a page name; the rule is ignored");
				return -1;
			}
			page->n_nth++;
			pseudo_g++;
			continue;
		}
		const char *v = p->kind == CSS_NODE_TOKEN && p->tok.type == CSS_TOK_IDENT ? p->tok.value : "";
		if (strcasecmp(v, "first") == 0)
			page->first = true, pseudo_g++;
		else if (strcasecmp(v, "blank") == 0)
			page->blank = true, pseudo_g++;
		else if (strcasecmp(v, "left") == 0)
			page->left = true, pseudo_h++;
		else if (strcasecmp(v, "right") == 0)
			page->right = true, pseudo_h++;
		else {
			report(set, DIAG_WARNING, rule->line, rule->col,
			       "@page :%s is not supported; the rule is ignored",
			       p->kind == CSS_NODE_FUNCTION ? arena_printf(set->arena, "%s()", p->tok.value) : v);
			return -1;
		}
	}
	if (pseudo_g > 1023)
		pseudo_g = 1023;
	if (pseudo_h > 1023)
		pseudo_h = 1023;
	page->specificity = names << 20 | pseudo_g << 10 | pseudo_h;
	return 0;
}

/* @page [selector, ...] { declarations; @top-left { … } … } */
static void add_page_rule(struct stylesheet_set *set, const struct css_rule *rule)
{
	struct page_rule page = { 0 };
	/* A list of selectors: each becomes a rule of its own with the same block. */
	struct page_rule *selectors = NULL;
	size_t n_selectors = 0, cap_selectors = 0;
	size_t from = 0;
	for (size_t i = 0; i <= rule->n_prelude; i++) {
		if (i < rule->n_prelude && !(rule->prelude[i].kind == CSS_NODE_TOKEN &&
					     rule->prelude[i].tok.type == CSS_TOK_COMMA))
			continue;
		struct page_rule one = { 0 };
		if (parse_page_selector(set, rule, from, i, &one) != 0)
			return;
		bool empty = true;
		for (size_t k = from; k < i; k++)
			if (!(rule->prelude[k].kind == CSS_NODE_TOKEN &&
			      rule->prelude[k].tok.type == CSS_TOK_WHITESPACE))
				empty = false;
		if (empty && (i < rule->n_prelude || n_selectors > 0)) {
			report(set, DIAG_WARNING, rule->line, rule->col,
			       "%s", "@page selector not understood; the rule is ignored");
			return;
		}
		ARENA_GROW(set->arena, selectors, n_selectors, cap_selectors);
		selectors[n_selectors++] = one;
		from = i + 1;
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
	for (size_t k = 0; k < n_selectors; k++) {
		struct page_rule r = page;
		r.name = selectors[k].name;
		r.first = selectors[k].first;
		r.blank = selectors[k].blank;
		r.left = selectors[k].left;
		r.right = selectors[k].right;
		memcpy(r.nth, selectors[k].nth, sizeof r.nth);
		r.n_nth = selectors[k].n_nth;
		r.specificity = selectors[k].specificity;
		r.layer = set->layer;
		ARENA_GROW(set->arena, set->pages, set->n_pages, set->cap_pages);
		set->pages[set->n_pages++] = r;
	}
}

static void media_report(void *ctx, int line, int col, const char *fmt, const char *arg)
{
	report(ctx, DIAG_WARNING, line, col, fmt, arg);
}

/* Media Queries 4, against the first page (print media). */
static bool media_applies(struct stylesheet_set *set, const struct css_rule *rule)
{
	return css_media_matches(rule->prelude, rule->n_prelude, &set->media, media_report, set);
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

/* ---- cascade layers ---- */

static bool is_space_node(const struct css_node *n)
{
	return n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_WHITESPACE;
}

/* The sub-layer of `parent` called `name` (NULL: a new anonymous one), made when first named. */
static struct layer *layer_child(struct stylesheet_set *set, struct layer *parent, const char *name)
{
	for (struct layer *c = parent->children; name && c; c = c->next)
		if (c->name && strcmp(c->name, name) == 0)
			return c;
	struct layer *c = arena_alloc(set->arena, sizeof *c);
	c->name = name ? arena_strdup(set->arena, name) : NULL;
	c->parent = parent;
	if (parent->last_child)
		parent->last_child->next = c;
	else
		parent->children = c;
	parent->last_child = c;
	return c;
}

static int layer_depth(const struct layer *l)
{
	int d = 0;
	for (; l && l->parent; l = l->parent)
		d++;
	return d;
}

/* Reads a list of layer names (`a.b.c, d`): how many there are, or -1 when the list is
 * not valid. When declare is set, declares each inside the current layer, in order
 * (*last: the last one). */
static int layer_names_walk(struct stylesheet_set *set, const struct css_node *nodes, size_t n,
			    bool declare, struct layer **last)
{
	static const char *const reserved[] = { "initial", "inherit", "unset", "revert",
						"revert-layer", "default" };
	int count = 0;
	size_t i = 0;
	int base_depth = layer_depth(set->layer);
	for (;;) {
		while (i < n && is_space_node(&nodes[i]))
			i++;
		if (i == n)
			break;
		int k = 0;
		struct layer *l = set->layer;
		for (;;) {
			if (i >= n || nodes[i].kind != CSS_NODE_TOKEN || nodes[i].tok.type != CSS_TOK_IDENT)
				return -1;
			for (size_t w = 0; w < sizeof reserved / sizeof reserved[0]; w++)
				if (strcasecmp(nodes[i].tok.value, reserved[w]) == 0)
					return -1;
			if (base_depth + ++k > LAYER_MAX_DEPTH)
				return -1;
			if (declare)
				l = layer_child(set, l, nodes[i].tok.value);
			i++;
			if (i + 1 < n && nodes[i].kind == CSS_NODE_TOKEN &&
			    nodes[i].tok.type == CSS_TOK_DELIM && nodes[i].tok.delim == '.') {
				i++;
				continue;
			}
			break;
		}
		count++;
		if (declare && last)
			*last = l;
		while (i < n && is_space_node(&nodes[i]))
			i++;
		if (i == n)
			break;
		if (nodes[i].kind != CSS_NODE_TOKEN || nodes[i].tok.type != CSS_TOK_COMMA)
			return -1;
		i++;
		if (i == n)
			return -1; /* a trailing comma */
	}
	return count;
}

/* The layer names of a list, declared only when the whole list is valid and names at
 * most max_names. Returns their count, or -1. */
static int layer_names(struct stylesheet_set *set, const struct css_node *nodes, size_t n,
		       int max_names, struct layer **last)
{
	int count = layer_names_walk(set, nodes, n, false, NULL);
	if (count < 0 || count > max_names)
		return -1;
	return layer_names_walk(set, nodes, n, true, last);
}

/* The prelude as written, without the whitespace around it, for messages. */
static char *prelude_text(struct stylesheet_set *set, const struct css_node *nodes, size_t n)
{
	while (n && is_space_node(&nodes[0]))
		nodes++, n--;
	while (n && is_space_node(&nodes[n - 1]))
		n--;
	return css_nodes_to_string(set->arena, nodes, n);
}

/* @layer a, b; declares layers in that order; @layer a.b { … } and @layer { … } (an
 * anonymous layer) give the layer their rules go in. Returns that layer, or NULL for
 * a statement or a rule that is not valid (reported). */
static struct layer *layer_rule(struct stylesheet_set *set, const struct css_rule *r)
{
	struct layer *named = NULL;
	int count = layer_names(set, r->prelude, r->n_prelude, r->block ? 1 : INT_MAX, &named);
	if (count < 0 || (!r->block && count == 0)) {
		char *text = prelude_text(set, r->prelude, r->n_prelude);
		report(set, DIAG_WARNING, r->line, r->col,
		       r->block ? "@layer '%s' is not one layer name (at most 32 deep); its rules are ignored"
				: "@layer '%s' is not a list of layer names; it is ignored", text);
		return NULL;
	}
	if (!r->block)
		return NULL;
	if (count == 0) {
		if (layer_depth(set->layer) >= LAYER_MAX_DEPTH) {
			report(set, DIAG_WARNING, r->line, r->col, "@layer nested more than %s deep is ignored",
			       "32");
			return NULL;
		}
		return layer_child(set, set->layer, NULL);
	}
	return named;
}

/* Gives each layer its rank: sub-layers before their parent (a layer's own rules win
 * over its sub-layers'), in the order they were first declared; the unlayered rules last. */
static unsigned rank_layers(struct layer *l, unsigned next)
{
	for (struct layer *c = l->children; c; c = c->next)
		next = rank_layers(c, next);
	l->rank = next;
	return next + 1;
}

/* ---- style sheets and @import ---- */

/* @import nests at most this deep, and a page reads at most this many sheets by @import. */
enum { IMPORT_MAX_DEPTH = 16, IMPORT_MAX_SHEETS = 256 };

/* A style sheet read and parsed, with the sheets its @import rules read. */
struct sheet {
	struct seen_sheet *seen;    /* its file, and whether its rules were added; NULL for <style> */
	const char *css;            /* its text */
	size_t len;
	struct css_rule *rules;     /* its top-level rules */
	size_t n;
	struct sheet **imports;     /* per rule: the sheet that @import read, or NULL */
	const char *path;           /* its name in messages */
	const char *file;           /* its canonical path; NULL for <style> */
	const char *dir;            /* the folder its @import URLs are resolved against */
	int first_line;             /* its first line's number in that file */
	const struct sheet *parent; /* the sheet that imported it */
	int depth;                  /* how many imports deep */
	struct sheet *next;         /* the page's next sheet (top-level sheets only) */
};

/* The folder a sheet's URLs are resolved against; NULL for none (the page's). */
static const char *sheet_dir(const struct sheet *sh)
{
	return sh ? sh->dir : NULL;
}

/* What an @import prelude says. */
struct import_spec {
	const char *href;
	bool layered;                   /* layer or layer(name) */
	const struct css_node *layer;   /* layer(name): the function; NULL for an anonymous layer */
	const struct css_node *supports;/* supports(…): the function, or NULL */
	const struct css_node *media;   /* the media query list */
	size_t n_media;
};

/* @import [url(…)|"…"] [layer|layer(name)]? [supports(…)]? media-query-list? — -1
 * when there is no URL first or the parts come in another order. */
static int parse_import(const struct css_rule *r, struct import_spec *out)
{
	memset(out, 0, sizeof *out);
	size_t i = 0, n = r->n_prelude;
	const struct css_node *p = r->prelude;
	while (i < n && is_space_node(&p[i]))
		i++;
	if (i == n)
		return -1;
	if (p[i].kind == CSS_NODE_TOKEN &&
	    (p[i].tok.type == CSS_TOK_STRING || p[i].tok.type == CSS_TOK_URL)) {
		out->href = p[i].tok.value;
	} else if (p[i].kind == CSS_NODE_FUNCTION && strcasecmp(p[i].tok.value, "url") == 0) {
		for (size_t k = 0; k < p[i].n_children; k++) {
			const struct css_node *c = &p[i].children[k];
			if (is_space_node(c))
				continue;
			if (out->href || c->kind != CSS_NODE_TOKEN || c->tok.type != CSS_TOK_STRING)
				return -1;
			out->href = c->tok.value;
		}
	}
	if (!out->href)
		return -1;
	i++;
	while (i < n && is_space_node(&p[i]))
		i++;
	if (i < n && ((p[i].kind == CSS_NODE_TOKEN && p[i].tok.type == CSS_TOK_IDENT &&
		       strcasecmp(p[i].tok.value, "layer") == 0) ||
		      (p[i].kind == CSS_NODE_FUNCTION && strcasecmp(p[i].tok.value, "layer") == 0))) {
		out->layered = true;
		out->layer = p[i].kind == CSS_NODE_FUNCTION ? &p[i] : NULL;
		i++;
		while (i < n && is_space_node(&p[i]))
			i++;
	}
	if (i < n && p[i].kind == CSS_NODE_FUNCTION && strcasecmp(p[i].tok.value, "supports") == 0) {
		out->supports = &p[i];
		i++;
	}
	out->media = p + i;
	out->n_media = n - i;
	return 0;
}

static bool supports_in_parens(struct stylesheet_set *set, const struct css_node *node);

/* supports(…) of @import: a condition, or a declaration alone. */
static bool import_supported(struct stylesheet_set *set, const struct css_node *fn)
{
	struct css_node parens = { .kind = CSS_NODE_BLOCK, .block_open = '(',
				   .children = fn->children, .n_children = fn->n_children };
	return supports_in_parens(set, &parens);
}

/* Is the rule one that may come before @import (@charset, an @layer statement)? */
static bool before_imports(const struct css_rule *r)
{
	return r->kind == CSS_RULE_AT && (strcasecmp(r->at_name, "charset") == 0 ||
					  (strcasecmp(r->at_name, "layer") == 0 && !r->block));
}

static const char *folder_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash == path ? "/" : slash ? arena_strndup(a, path, (size_t)(slash - path)) : ".";
}

/* Parses a sheet and reads, recursively, the sheets its @import rules name (only
 * local files below the allowed folders; an import cycle, or imports deeper or more
 * numerous than the bounds, are reported and not read). */
static struct sheet *read_sheet(struct stylesheet_set *set, const char *css, size_t len,
				const char *path, const char *file, const char *dir,
				int first_line, const struct sheet *parent)
{
	/* A file read again (imported twice, or linked and imported) reports nothing again. */
	struct seen_sheet *seen = NULL;
	for (struct seen_sheet *x = set->seen; file && x; x = x->next)
		if (strcmp(x->file, file) == 0)
			seen = x;
	bool again = seen != NULL;
	if (file && !seen) {
		seen = arena_alloc(set->arena, sizeof *seen);
		*seen = (struct seen_sheet){ file, false, set->seen };
		set->seen = seen;
	}
	struct diag_sink *sink = again ? set->quiet_sink : set->diag;
	struct sheet *sh = arena_alloc(set->arena, sizeof *sh);
	*sh = (struct sheet){ seen, css, len, NULL, 0, NULL, path, file, dir, first_line, parent,
			      parent ? parent->depth + 1 : 0, NULL };
	int errors = 0;
	sh->n = css_parse_stylesheet(set->arena, css, len, &sh->rules, &errors);
	sh->imports = arena_alloc(set->arena, sizeof *sh->imports * (sh->n ? sh->n : 1));
	for (size_t i = 0; i < sh->n; i++) {
		const struct css_rule *r = &sh->rules[i];
		if (before_imports(r))
			continue;
		if (r->kind != CSS_RULE_AT || strcasecmp(r->at_name, "import") != 0)
			break; /* a later @import is reported when the rules are added */
		struct import_spec spec;
		if (parse_import(r, &spec) != 0 || r->block ||
		    (spec.supports && !import_supported(set, spec.supports)))
			continue;
		long line = r->line + first_line - 1;
		if (sh->depth + 1 > IMPORT_MAX_DEPTH) {
			diag(sink, DIAG_WARNING, path, line, r->col,
			     "style sheet '%s' is not read: @import goes at most %d deep", spec.href,
			     IMPORT_MAX_DEPTH);
			continue;
		}
		if (set->n_imported >= IMPORT_MAX_SHEETS) {
			diag(sink, DIAG_WARNING, path, line, r->col,
			     "style sheet '%s' is not read: a page reads at most %d sheets by @import",
			     spec.href, IMPORT_MAX_SHEETS);
			continue;
		}
		struct sheet_source src;
		if (sheet_source_read(set->arena, dir, set->allowed_dirs, spec.href, &src, sink, path,
				      line) != 0)
			continue;
		deps_add(set->deps, src.file);
		bool cycle = false;
		for (const struct sheet *up = sh; up; up = up->parent)
			cycle |= up->file && strcmp(up->file, src.file) == 0;
		if (cycle) {
			diag(sink, DIAG_WARNING, path, line, r->col,
			     "style sheet '%s' imports itself (an @import cycle); it is not read again",
			     spec.href);
			continue;
		}
		set->n_imported++;
		sh->imports[i] = read_sheet(set, src.text, src.len, src.path, src.file,
					    folder_of(set->arena, src.file), 1, sh);
	}
	return sh;
}

static void add_sheet(struct stylesheet_set *set, const struct sheet *sh, enum origin origin);
static void add_rules(struct stylesheet_set *set, const struct css_rule *rules, size_t n, int depth);

/* An @import in its place: the sheet's rules, in its layer, when its conditions hold. */
static void add_import(struct stylesheet_set *set, const struct css_rule *r, const struct sheet *child)
{
	struct import_spec spec;
	if (parse_import(r, &spec) != 0 || r->block) {
		char *text = prelude_text(set, r->prelude, r->n_prelude);
		report(set, DIAG_WARNING, r->line, r->col, "@import '%s' is not understood; it is ignored",
		       text);
		return;
	}
	if (!child)
		return; /* not read, and reported; or its supports() is false */
	if (!css_media_matches(spec.media, spec.n_media, &set->media, media_report, set))
		return;
	struct layer *outer = set->layer;
	struct layer *in = outer;
	if (spec.layered && spec.layer) {
		struct layer *named = NULL;
		if (layer_names(set, spec.layer->children, spec.layer->n_children, 1, &named) != 1) {
			char *text = prelude_text(set, spec.layer->children, spec.layer->n_children);
			report(set, DIAG_WARNING, r->line, r->col,
			       "@import layer(%s) is not one layer name; the import is ignored", text);
			return;
		}
		in = named;
	} else if (spec.layered) {
		if (layer_depth(outer) >= LAYER_MAX_DEPTH)
			return;
		in = layer_child(set, outer, NULL);
	}
	const char *file = set->file;
	int line_offset = set->line_offset;
	const struct sheet *sheet = set->sheet;
	set->layer = in;
	add_sheet(set, child, set->origin);
	set->layer = outer;
	set->file = file;
	set->line_offset = line_offset;
	set->sheet = sheet;
}

/* The rules of a sheet (depth 0), or of a conditional or layer block inside one. */
static void add_rules(struct stylesheet_set *set, const struct css_rule *rules, size_t n, int depth)
{
	bool imports_allowed = depth == 0;
	for (size_t i = 0; i < n; i++) {
		const struct css_rule *r = &rules[i];
		if (r->kind == CSS_RULE_QUALIFIED) {
			imports_allowed = false;
			if (r->block)
				add_style_rule(set, r);
			continue;
		}
		if (strcasecmp(r->at_name, "import") == 0) {
			if (imports_allowed)
				add_import(set, r, set->sheet ? set->sheet->imports[i] : NULL);
			else
				report(set, DIAG_WARNING, r->line, r->col, "%s",
				       "@import after other rules is ignored");
			continue;
		}
		if (strcasecmp(r->at_name, "charset") == 0)
			continue;
		if (strcasecmp(r->at_name, "layer") == 0 && !r->block) {
			if (set->layer)
				layer_rule(set, r); /* declares the layers, in order */
			continue;
		}
		imports_allowed = false;
		bool media = strcasecmp(r->at_name, "media") == 0;
		bool supports = strcasecmp(r->at_name, "supports") == 0;
		bool layer = strcasecmp(r->at_name, "layer") == 0 && set->layer;
		if (strcasecmp(r->at_name, "page") == 0) {
			add_page_rule(set, r);
		} else if (strcasecmp(r->at_name, "font-face") == 0) {
			add_font_face(set, r);
		} else if ((media || supports || layer) && r->block && depth >= 8) {
			report(set, DIAG_WARNING, r->line, r->col, "@%s nested more than 8 deep is ignored",
			       r->at_name);
		} else if ((media || supports) && r->block) {
			if (media ? media_applies(set, r) : supports_applies(set, r)) {
				struct css_rule *inner;
				int errors = 0;
				size_t k = css_block_rules(set->arena, r->block, &inner, &errors);
				add_rules(set, inner, k, depth + 1);
			}
		} else if (layer) {
			struct layer *in = layer_rule(set, r);
			if (in) {
				struct layer *outer = set->layer;
				struct css_rule *inner;
				int errors = 0;
				size_t k = css_block_rules(set->arena, r->block, &inner, &errors);
				set->layer = in;
				add_rules(set, inner, k, depth + 1);
				set->layer = outer;
			}
		} else {
			report(set, DIAG_WARNING, r->line, r->col, "@%s is not supported; it is ignored",
			       r->at_name);
		}
	}
}

static void add_sheet(struct stylesheet_set *set, const struct sheet *sh, enum origin origin)
{
	set->file = sh->path;
	set->line_offset = sh->first_line - 1;
	set->origin = origin;
	set->sheet = sh;
	bool quiet = set->quiet;
	set->quiet = quiet || (sh->seen && sh->seen->added);
	if (sh->seen)
		sh->seen->added = true;
	int bad_line, bad_col;
	if (origin != ORIGIN_UA && css_find_invalid_utf8(sh->css, sh->len, &bad_line, &bad_col))
		report(set, DIAG_WARNING, bad_line, bad_col, "%s",
		       "a style sheet is read as UTF-8: the bytes here, and any others "
		       "that are not UTF-8, become U+FFFD");
	add_rules(set, sh->rules, sh->n, 0);
	set->quiet = quiet;
}

/* Walks the document for <style> and <link rel="stylesheet">, in document order, and
 * reads them (with their imports) onto the list at *tail. */
static void collect_author_sheets(struct stylesheet_set *set, xmlNode *node, const char *source_name,
				  const char *base_dir, struct sheet ***tail)
{
	for (; node; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)node->name;
		struct sheet *sh = NULL;
		if (strcasecmp(name, "style") == 0) {
			xmlChar *css = xmlNodeGetContent(node);
			if (css) {
				long line = xmlGetLineNo(node);
				const char *text = arena_strdup(set->arena, (const char *)css);
				xmlFree(css);
				sh = read_sheet(set, text, strlen(text), source_name, NULL, base_dir,
						line > 0 ? (int)line : 1, NULL);
			}
		} else if (strcasecmp(name, "link") == 0) {
			xmlChar *rel = xmlGetProp(node, (const xmlChar *)"rel");
			xmlChar *href = xmlGetProp(node, (const xmlChar *)"href");
			if (rel && href && strcasestr((const char *)rel, "stylesheet")) {
				struct sheet_source src;
				if (sheet_source_read(set->arena, base_dir, set->allowed_dirs,
						      (const char *)href, &src, set->diag, source_name,
						      xmlGetLineNo(node)) == 0) {
					deps_add(set->deps, src.file);
					sh = read_sheet(set, src.text, src.len, src.path, src.file,
							folder_of(set->arena, src.file), 1, NULL);
				}
			}
			xmlFree(rel);
			xmlFree(href);
		} else {
			collect_author_sheets(set, node->children, source_name, base_dir, tail);
		}
		if (sh) {
			**tail = sh;
			*tail = &sh->next;
		}
	}
}

/* ---- the first page, which @media is evaluated against ---- */

static void apply_page_size(const struct css_decl *d, struct page_style *out);

struct first_page_rule {
	const struct css_rule *rule;
	unsigned specificity;
};

/* The unnamed @page rules that apply to the first page (@page, :first, :right),
 * outside @media, in the order they come. */
static void first_page_rules(struct stylesheet_set *set, const struct sheet *sh,
			     const struct css_rule *rules, size_t n, int depth,
			     struct first_page_rule *out, size_t *n_out)
{
	for (size_t i = 0; i < n && depth < 8; i++) {
		const struct css_rule *r = &rules[i];
		if (r->kind != CSS_RULE_AT)
			continue;
		struct css_rule *inner;
		int errors = 0;
		if (strcasecmp(r->at_name, "import") == 0 && depth == 0 && sh && sh->imports[i]) {
			struct import_spec spec;
			if (parse_import(r, &spec) == 0 &&
			    css_media_matches(spec.media, spec.n_media, &set->media, NULL, NULL))
				first_page_rules(set, sh->imports[i], sh->imports[i]->rules,
						 sh->imports[i]->n, 0, out, n_out);
		} else if ((strcasecmp(r->at_name, "layer") == 0 && r->block) ||
			   (strcasecmp(r->at_name, "supports") == 0 && r->block &&
			    supports_applies(set, r))) {
			size_t k = css_block_rules(set->arena, r->block, &inner, &errors);
			first_page_rules(set, NULL, inner, k, depth + 1, out, n_out);
		} else if (strcasecmp(r->at_name, "page") == 0 && r->block && *n_out < 64) {
			unsigned specificity = 0;
			bool applies = true;
			for (size_t k = 0; k < r->n_prelude && applies; k++) {
				const struct css_node *t = &r->prelude[k];
				if (is_space_node(t))
					continue;
				if (t->kind == CSS_NODE_TOKEN && t->tok.type == CSS_TOK_COLON &&
				    k + 1 < r->n_prelude && r->prelude[k + 1].kind == CSS_NODE_TOKEN &&
				    r->prelude[k + 1].tok.type == CSS_TOK_IDENT) {
					const char *pseudo = r->prelude[++k].tok.value;
					if (strcasecmp(pseudo, "first") == 0)
						specificity += 1 << 10;
					else if (strcasecmp(pseudo, "right") == 0)
						specificity += 1;
					else
						applies = false;
				} else {
					applies = false; /* a named page, or not understood */
				}
			}
			if (!applies)
				continue;
			size_t j = (*n_out)++;
			while (j > 0 && out[j - 1].specificity > specificity) {
				out[j] = out[j - 1];
				j--;
			}
			out[j] = (struct first_page_rule){ r, specificity };
		}
	}
}

/* The first page's page box and page area, from the @page rules outside @media
 * (their size and margins; em is the initial 16px). */
static void first_page_media(struct stylesheet_set *set, const struct sheet *sheets)
{
	struct page_style box = { 0 };
	box.width = 210 * 96.0f / 25.4f;
	box.height = 297 * 96.0f / 25.4f;
	set->media = (struct css_media_env){ box.width, box.height, box.width, box.height };
	struct first_page_rule rules[64];
	size_t n = 0;
	for (const struct sheet *sh = sheets; sh; sh = sh->next)
		first_page_rules(set, sh, sh->rules, sh->n, 0, rules, &n);
	struct style page = set->initial;
	for (int i = 0; i < 4; i++)
		page.margin[i] = (struct dim){ DIM_NONE, 0, NULL };
	struct property_context ctx = { set->arena, &set->initial, &set->initial, 16, PHASE_OTHER };
	for (size_t i = 0; i < n; i++) {
		struct css_decl *decls;
		int errors = 0;
		size_t k = css_block_declarations(set->arena, rules[i].rule->block, &decls, &errors);
		for (size_t j = 0; j < k; j++) {
			if (strcasecmp(decls[j].name, "size") == 0)
				apply_page_size(&decls[j], &box);
			else if (strncasecmp(decls[j].name, "margin", 6) == 0)
				property_apply(&ctx, &page, &decls[j]);
		}
	}
	float margin[4];
	for (int i = 0; i < 4; i++) {
		float base = (i == SIDE_TOP || i == SIDE_BOTTOM) ? box.height : box.width;
		margin[i] = style_dim_is_length(page.margin[i])
			    ? style_dim_px(page.margin[i], base) : 20 * 96.0f / 25.4f;
	}
	float w = box.width - margin[SIDE_LEFT] - margin[SIDE_RIGHT];
	float h = box.height - margin[SIDE_TOP] - margin[SIDE_BOTTOM];
	set->media = (struct css_media_env){ w > 0 ? w : 0, h > 0 ? h : 0, box.width, box.height };
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
	set->has_cache = css_match_cache_new(a);
	set->checks_tail = &set->checks;
	if (!allowed_dirs) {
		/* The page's folder alone, wherever a sheet that imports another lies. */
		const char **only = arena_alloc(a, sizeof *only * 2);
		only[0] = base_dir;
		allowed_dirs = only;
	}
	set->allowed_dirs = allowed_dirs;
	property_initial(&set->initial);
	/* First every sheet is read, then the first page's size is known for @media. */
	struct sheet *sheets = NULL, **tail = &sheets;
	set->quiet_sink = diag_sink_new(NULL);
	collect_author_sheets(set, xmlDocGetRootElement(doc), source_name, base_dir, &tail);
	diag_sink_free(set->quiet_sink);
	set->quiet_sink = NULL;
	first_page_media(set, sheets);
	struct sheet ua = { NULL, ua_sheet_css, strlen(ua_sheet_css), NULL, 0, NULL,
			    "(default style sheet)", NULL, NULL, 1, NULL, 0, NULL };
	int errors = 0;
	ua.n = css_parse_stylesheet(a, ua.css, ua.len, &ua.rules, &errors);
	ua.imports = arena_alloc(a, sizeof *ua.imports * (ua.n ? ua.n : 1));
	set->layer = NULL;
	add_sheet(set, &ua, ORIGIN_UA);
	for (const struct sheet *sh = sheets; sh; sh = sh->next) {
		set->layer = &set->root_layer;
		add_sheet(set, sh, ORIGIN_AUTHOR);
	}
	set->max_rank = rank_layers(&set->root_layer, 1) - 1;
	run_font_checks(set);
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
	unsigned layer;       /* its layer's precedence within the band (the style attribute above all) */
	unsigned specificity;
	unsigned order;
	unsigned index;       /* position inside its block, and a tie-breaker */
};

struct match_list {
	struct matched_decl *items;
	size_t n, cap;
};

/* Where a block's declarations stand among layers: presentational hints below every
 * layer, the style attribute above them all. */
enum { LAYER_HINTS = 0, LAYER_ATTRIBUTE = ~0u };

/* rank: the layer's rank (LAYER_HINTS, LAYER_ATTRIBUTE); max_rank: the unlayered
 * rules'. Important declarations take the layers in the reverse order. */
static void match_add_block(struct match_list *m, const struct decl_block *block, enum origin origin,
			    unsigned rank, unsigned max_rank, unsigned specificity, unsigned order)
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
		unsigned layer = rank;
		if (d->important && rank != LAYER_ATTRIBUTE && rank != LAYER_HINTS)
			layer = max_rank + 1 - rank;
		m->items[m->n++] = (struct matched_decl){ d, block, band, layer, specificity, order,
							  (unsigned)i };
	}
}

static int compare_matched(const void *pa, const void *pb)
{
	const struct matched_decl *a = pa, *b = pb;
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	if (a->layer != b->layer)
		return a->layer < b->layer ? -1 : 1;
	if (a->specificity != b->specificity)
		return a->specificity < b->specificity ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void match_bucket(struct stylesheet_set *set, struct match_list *m,
			 const struct style_rule *r, xmlNode *el, enum css_pseudo_element pseudo)
{
	for (; r; r = r->next)
		if (r->pseudo == pseudo && css_selector_matches_cached(r->selector, el, set->has_cache))
			match_add_block(m, r->block, r->origin, r->layer ? r->layer->rank : set->max_rank,
					set->max_rank, r->specificity, r->order);
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
	match_bucket(set, m, set->index.by_tag[hash_name(lower, true)], el, pseudo);
	match_bucket(set, m, set->index.universal, el, pseudo);
	xmlChar *id = xmlGetProp(el, (const xmlChar *)"id");
	if (id) {
		match_bucket(set, m, set->index.by_id[hash_name((const char *)id, false)], el, pseudo);
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
				match_bucket(set, m, set->index.by_class[h], el, pseudo);
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

static struct css_node unset_node = { .kind = CSS_NODE_TOKEN,
				      .tok = { .type = CSS_TOK_IDENT, .value = "unset", .value_len = 5 } };

/* Applies one declaration of a block. One holding var() is substituted from the
 * custom properties first; if that fails, or its value is then invalid, the property
 * is unset (invalid at computed-value time), and that is reported once. */
static void apply_decl(struct stylesheet_set *set, const struct property_context *ctx,
		       struct style *s, const struct decl_block *block, size_t i,
		       const struct custom_props *custom)
{
	const struct css_decl *d = &block->decls[i];
	unsigned kind = decl_kind(block, i);
	if (kind == DECL_PLAIN || kind == DECL_REVERT || kind == DECL_REVERT_LAYER) {
		/* revert and revert-layer where nothing is rolled back to are unset. */
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

/* Applies item i of the sorted list. revert rolls its property back to what the
 * default style sheet gives, revert-layer to what the layers before its own (and the
 * earlier origins) give: the declarations before it that remain are applied to the
 * property unset, and the property's value is taken from that. */
static void apply_item(struct stylesheet_set *set, const struct property_context *ctx,
		       struct style *s, const struct match_list *m, size_t i,
		       const struct custom_props *custom)
{
	const struct matched_decl *it = &m->items[i];
	unsigned kind = decl_kind(it->block, it->index);
	bool ua = it->band == 0 || it->band == 3;
	if ((kind != DECL_REVERT && kind != DECL_REVERT_LAYER) || ua) {
		apply_decl(set, ctx, s, it->block, it->index, custom);
		return;
	}
	struct style rolled;
	memcpy(&rolled, s, sizeof rolled);
	struct css_decl unset = *it->decl;
	unset.value = &unset_node;
	unset.n_value = 1;
	property_apply(ctx, &rolled, &unset);
	for (size_t j = 0; j < i; j++) {
		const struct matched_decl *e = &m->items[j];
		if (kind == DECL_REVERT ? e->band != 0 : (e->band == it->band && e->layer == it->layer))
			continue;
		if (property_in_phase(e->decl, ctx->phase))
			apply_item(set, ctx, &rolled, m, j, custom);
	}
	property_copy(it->decl->name, ctx->phase, s, &rolled);
}

/* A custom property set to revert-layer: the declaration of the layers before its own
 * that it rolls back to, or NULL when there is none (it is then inherited, as revert
 * makes it: the default style sheet sets no custom property). */
static const struct css_decl *custom_rolled_back(const struct match_list *m, size_t i)
{
	unsigned band = m->items[i].band, layer = m->items[i].layer;
	const char *name = m->items[i].decl->name;
	for (size_t j = i; j-- > 0;) {
		const struct matched_decl *e = &m->items[j];
		if ((e->band == band && e->layer == layer) || e->band == 0 ||
		    decl_kind(e->block, e->index) != DECL_CUSTOM || strcmp(e->decl->name, name) != 0)
			continue;
		enum property_keyword word = property_keyword(e->decl);
		if (word == PK_REVERT)
			return NULL;
		if (word != PK_REVERT_LAYER)
			return e->decl;
		band = e->band;
		layer = e->layer;
	}
	return NULL;
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
			if (decl_kind(m->items[i].block, m->items[i].index) == DECL_CUSTOM) {
				const struct css_decl *d = m->items[i].decl;
				if (property_keyword(d) == PK_REVERT_LAYER) {
					const struct css_decl *back = custom_rolled_back(m, i);
					d = back ? back : d;
				}
				custom[n_custom++] = d;
			}
		s->custom = custom_compute(a, s->custom, custom, n_custom, &set->custom_budget);
		free(custom);
	}
	struct property_context ctx = { a, parent, &set->initial, set->root_font_size,
					PHASE_FONT_SIZE };
	for (size_t i = 0; i < m->n; i++)
		if (property_in_phase(m->items[i].decl, PHASE_FONT_SIZE))
			apply_item(set, &ctx, s, m, i, s->custom);
	/* The font and all shorthands run again for their other half. */
	ctx.phase = PHASE_OTHER;
	for (size_t i = 0; i < m->n; i++)
		if (property_in_phase(m->items[i].decl, PHASE_OTHER))
			apply_item(set, &ctx, s, m, i, s->custom);
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
	match_add_block(m, hints, ORIGIN_AUTHOR, LAYER_HINTS, set->max_rank, 0, 0);
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
	/* Generated content needs a rule to have any; ::first-line and ::first-letter
	 * are NULL when no rule styles them. */
	bool generated = pseudo == CSS_PSEUDO_BEFORE || pseudo == CSS_PSEUDO_AFTER ||
			 pseudo == CSS_PSEUDO_FIRST_LINE || pseudo == CSS_PSEUDO_FIRST_LETTER;
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
			} else if (property_apply(&ctx, &scratch, &decls[i]) == 0) {
				enum property_keyword word = property_keyword(&decls[i]);
				style_attr.kind[style_attr.n] =
					word == PK_REVERT ? DECL_REVERT
					: word == PK_REVERT_LAYER ? DECL_REVERT_LAYER : DECL_PLAIN;
				style_attr.decls[style_attr.n++] = decls[i];
			} else
				diag(set->diag, DIAG_WARNING, set->page, xmlGetLineNo(el), 0,
				     "style attribute on <%s>: '%s' is ignored",
				     (const char *)el->name, decls[i].name);
		match_add_block(&m, &style_attr, ORIGIN_AUTHOR, LAYER_ATTRIBUTE, set->max_rank, 1u << 30, 0);
	}
	apply_matched(set, a, s, inherit_from, &m);
	free(m.items);
	/* opacity is a group's: what is inside shows through its ancestors' too. */
	s->alpha = inherit_from->alpha * s->opacity;

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
	property_resolve_current_color(s);
	compute_decorations(set, a, s);
	s->font_family = style_pool_string(&set->pool, a, s->font_family);
	s->lang = style_pool_string(&set->pool, a, s->lang);
	s->hyphenate_character = style_pool_string(&set->pool, a, s->hyphenate_character);
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

/* Whether An+B matches the index (1-based): some n >= 0 gives An+B = index. */
static bool nth_matches(long a, long b, long index)
{
	if (a == 0)
		return index == b;
	long d = index - b;
	return d % a == 0 && d / a >= 0;
}

static bool page_rule_applies(const struct page_rule *r, const struct page_match *m)
{
	if (r->name && (!m->name || strcmp(r->name, m->name) != 0))
		return false;
	if ((r->first && m->number != 1) || (r->blank && !m->blank) ||
	    (r->left && m->number % 2 != 0) || (r->right && m->number % 2 != 1))
		return false;
	for (int i = 0; i < r->n_nth; i++) {
		const struct page_nth *nth = &r->nth[i];
		if (nth->of && (!m->name || strcmp(nth->of, m->name) != 0))
			return false;
		if (!nth_matches(nth->a, nth->b, nth->of ? m->group_number : m->number))
			return false;
	}
	return true;
}

/* Does page rule a come before b in the cascade: an earlier layer, or the same layer
 * and a lower specificity? */
static bool page_rule_before(const struct page_rule *a, const struct page_rule *b, unsigned max_rank)
{
	unsigned ra = a->layer ? a->layer->rank : max_rank, rb = b->layer ? b->layer->rank : max_rank;
	if (ra != rb)
		return ra < rb;
	return a->specificity < b->specificity;
}

void style_page(struct stylesheet_set *set, const struct page_match *m, const struct style *root,
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
		if (!page_rule_applies(r, m))
			continue;
		size_t j = n++;
		while (j > 0 && page_rule_before(r, order[j - 1], set->max_rank)) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = r;
	}
	/* The page context: margins and the background are box properties of the page. */
	struct style page = *root;
	property_reset_non_inherited(&page, &set->initial);
	page.alpha = 1; /* the root's opacity is not the page's */
	for (int i = 0; i < 4; i++)
		page.margin[i] = (struct dim){ DIM_NONE, 0, NULL }; /* none: keep the default margin */
	/* The font size first (em lengths depend on it), then the rest, over all the rules. */
	struct property_context ctx = { set->arena, root, &set->initial, set->root_font_size,
					PHASE_FONT_SIZE };
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < order[i]->block.n; k++)
			if (property_phase(&order[i]->block.decls[k]) == PHASE_FONT_SIZE)
				apply_decl(set, &ctx, &page, &order[i]->block, k, root->custom);
	ctx.phase = PHASE_OTHER;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < order[i]->block.n; k++) {
			const struct css_decl *d = &order[i]->block.decls[k];
			if (strcasecmp(d->name, "size") == 0)
				apply_page_size(d, out);
			else if (property_phase(d) == PHASE_OTHER || strcasecmp(d->name, "font") == 0)
				apply_decl(set, &ctx, &page, &order[i]->block, k, root->custom);
		}
	for (int i = 0; i < 4; i++) {
		float base = (i == SIDE_TOP || i == SIDE_BOTTOM) ? out->height : out->width;
		if (style_dim_is_length(page.margin[i]))
			out->margin[i] = style_dim_px(page.margin[i], base);
	}
	property_resolve_current_color(&page);
	out->background = page.background;

	/* The initial alignment of each margin box (css-page-3, 5.3). */
	static const enum text_align box_align[MB_COUNT] = {
		ALIGN_RIGHT, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT, ALIGN_LEFT,
		ALIGN_RIGHT, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT, ALIGN_LEFT,
		ALIGN_CENTER, ALIGN_CENTER, ALIGN_CENTER, ALIGN_CENTER, ALIGN_CENTER, ALIGN_CENTER,
	};
	static const enum vertical_align box_valign[MB_COUNT] = {
		VALIGN_MIDDLE, VALIGN_MIDDLE, VALIGN_MIDDLE, VALIGN_MIDDLE, VALIGN_MIDDLE,
		VALIGN_MIDDLE, VALIGN_MIDDLE, VALIGN_MIDDLE, VALIGN_MIDDLE, VALIGN_MIDDLE,
		VALIGN_TOP, VALIGN_MIDDLE, VALIGN_BOTTOM, VALIGN_TOP, VALIGN_MIDDLE, VALIGN_BOTTOM,
	};
	for (int b = 0; b < MB_COUNT; b++) {
		struct style *box = NULL;
		for (int phase = 0; phase < 2; phase++) {
			struct property_context bctx = { set->arena, &page, &set->initial,
							 set->root_font_size,
							 phase ? PHASE_OTHER : PHASE_FONT_SIZE };
			for (size_t i = 0; i < n; i++) {
				if (!order[i]->has_margin_box[b])
					continue;
				if (!box) {
					box = arena_alloc(set->arena, sizeof *box);
					*box = page;
					property_reset_non_inherited(box, &set->initial);
					box->text_align = box_align[b];
					box->vertical_align = box_valign[b];
				}
				const struct decl_block *block = &order[i]->margin_boxes[b];
				for (size_t k = 0; k < block->n; k++) {
					bool size = property_phase(&block->decls[k]) == PHASE_FONT_SIZE;
					if (phase ? !size || strcasecmp(block->decls[k].name, "font") == 0 : size)
						apply_decl(set, &bctx, box, block, k, page.custom);
				}
			}
		}
		if (box)
			property_resolve_current_color(box);
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
	case DIM_CALC: {
		double base = percent_base > 0 ? percent_base : 0;
		double v = d.calc->tree ? css_calc_tree_px(d.calc->tree, base)
					: d.calc->px + d.calc->percent * base / 100.0;
		if (d.calc->non_negative && v < 0)
			v = 0;
		return (float)(v > 1e6 ? 1e6 : v < -1e6 ? -1e6 : v);
	}
	default: return 0;
	}
}

bool style_dim_is_length(struct dim d)
{
	return d.kind == DIM_PX || d.kind == DIM_PERCENT || d.kind == DIM_CALC;
}
