/* CSS properties: parse each declaration's component values into computed values. */
#include "style/properties.h"
#include "style/style.h"
#include "base/arena.h"
#include "css/syntax.h"
#include "css/value.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The declaration's value without whitespace tokens, for position-based parsing. */
struct values {
	const struct css_node *v[32];
	size_t n;
};

static int values_collect(const struct css_decl *decl, struct values *out)
{
	out->n = 0;
	for (size_t i = 0; i < decl->n_value; i++) {
		const struct css_node *node = &decl->value[i];
		if (node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_WHITESPACE)
			continue;
		if (out->n == sizeof out->v / sizeof out->v[0])
			return -1;
		out->v[out->n++] = node;
	}
	return out->n ? 0 : -1;
}

static const char *ident_of(const struct css_node *node)
{
	if (node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_IDENT)
		return node->tok.value;
	return NULL;
}

static bool is_ident(const struct css_node *node, const char *word)
{
	const char *id = ident_of(node);
	return id && strcasecmp(id, word) == 0;
}

static bool is_comma(const struct css_node *node)
{
	return node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_COMMA;
}

/* Keyword tables: a name and the enum value it stands for. */
struct keyword {
	const char *name;
	int value;
};

static int keyword_lookup(const struct css_node *node, const struct keyword *table, int *out)
{
	const char *id = ident_of(node);
	if (!id)
		return -1;
	for (const struct keyword *k = table; k->name; k++)
		if (strcasecmp(id, k->name) == 0) {
			*out = k->value;
			return 0;
		}
	return -1;
}

static const struct keyword display_keywords[] = {
	{ "inline", DISPLAY_INLINE }, { "block", DISPLAY_BLOCK }, { "list-item", DISPLAY_LIST_ITEM },
	{ "inline-block", DISPLAY_INLINE_BLOCK }, { "table", DISPLAY_TABLE },
	{ "inline-table", DISPLAY_TABLE }, { "table-row-group", DISPLAY_TABLE_ROW_GROUP },
	{ "table-header-group", DISPLAY_TABLE_HEADER_GROUP },
	{ "table-footer-group", DISPLAY_TABLE_FOOTER_GROUP }, { "table-row", DISPLAY_TABLE_ROW },
	{ "table-cell", DISPLAY_TABLE_CELL }, { "table-caption", DISPLAY_TABLE_CAPTION },
	{ "table-column", DISPLAY_TABLE_COLUMN }, { "table-column-group", DISPLAY_TABLE_COLUMN_GROUP },
	{ "none", DISPLAY_NONE }, { "flow-root", DISPLAY_BLOCK }, { "flex", DISPLAY_BLOCK },
	{ "grid", DISPLAY_BLOCK }, { "contents", DISPLAY_INLINE }, { NULL, 0 }
};
static const struct keyword border_style_keywords[] = {
	{ "none", BORDER_NONE }, { "hidden", BORDER_NONE }, { "solid", BORDER_SOLID },
	{ "dashed", BORDER_DASHED }, { "dotted", BORDER_DOTTED }, { "double", BORDER_DOUBLE },
	{ "groove", BORDER_SOLID }, { "ridge", BORDER_SOLID }, { "inset", BORDER_SOLID },
	{ "outset", BORDER_SOLID }, { NULL, 0 }
};
static const struct keyword text_align_keywords[] = {
	{ "left", ALIGN_LEFT }, { "right", ALIGN_RIGHT }, { "center", ALIGN_CENTER },
	{ "justify", ALIGN_JUSTIFY }, { "start", ALIGN_START }, { "end", ALIGN_END }, { NULL, 0 }
};
static const struct keyword text_transform_keywords[] = {
	{ "none", TRANSFORM_NONE }, { "uppercase", TRANSFORM_UPPERCASE },
	{ "lowercase", TRANSFORM_LOWERCASE }, { "capitalize", TRANSFORM_CAPITALIZE }, { NULL, 0 }
};
static const struct keyword white_space_keywords[] = {
	{ "normal", WS_NORMAL }, { "nowrap", WS_NOWRAP }, { "pre", WS_PRE },
	{ "pre-wrap", WS_PRE_WRAP }, { "pre-line", WS_PRE_LINE }, { "break-spaces", WS_PRE_WRAP },
	{ NULL, 0 }
};
static const struct keyword vertical_align_keywords[] = {
	{ "baseline", VALIGN_BASELINE }, { "sub", VALIGN_SUB }, { "super", VALIGN_SUPER },
	{ "top", VALIGN_TOP }, { "text-top", VALIGN_TOP }, { "middle", VALIGN_MIDDLE },
	{ "bottom", VALIGN_BOTTOM }, { "text-bottom", VALIGN_BOTTOM }, { NULL, 0 }
};
static const struct keyword font_style_keywords[] = {
	{ "normal", FONT_NORMAL }, { "italic", FONT_ITALIC }, { "oblique", FONT_OBLIQUE }, { NULL, 0 }
};
static const struct keyword list_style_keywords[] = {
	{ "none", LIST_NONE }, { "disc", LIST_DISC }, { "circle", LIST_CIRCLE },
	{ "square", LIST_SQUARE }, { "decimal", LIST_DECIMAL },
	{ "decimal-leading-zero", LIST_DECIMAL_LEADING_ZERO }, { "lower-alpha", LIST_LOWER_ALPHA },
	{ "lower-latin", LIST_LOWER_ALPHA }, { "upper-alpha", LIST_UPPER_ALPHA },
	{ "upper-latin", LIST_UPPER_ALPHA }, { "lower-roman", LIST_LOWER_ROMAN },
	{ "upper-roman", LIST_UPPER_ROMAN }, { NULL, 0 }
};
static const struct keyword break_keywords[] = {
	{ "auto", BREAK_AUTO }, { "avoid", BREAK_AVOID }, { "avoid-page", BREAK_AVOID },
	{ "page", BREAK_PAGE }, { "left", BREAK_LEFT }, { "right", BREAK_RIGHT },
	{ "recto", BREAK_RIGHT }, { "verso", BREAK_LEFT }, { "column", BREAK_COLUMN },
	{ "avoid-column", BREAK_AUTO }, { NULL, 0 }
};
static const struct keyword float_keywords[] = {
	{ "none", FLOAT_NONE }, { "left", FLOAT_LEFT }, { "right", FLOAT_RIGHT },
	{ "inline-start", FLOAT_LEFT }, { "inline-end", FLOAT_RIGHT }, { NULL, 0 }
};
static const struct keyword clear_keywords[] = {
	{ "none", CLEAR_NONE }, { "left", CLEAR_LEFT }, { "right", CLEAR_RIGHT },
	{ "both", CLEAR_BOTH }, { "inline-start", CLEAR_LEFT }, { "inline-end", CLEAR_RIGHT },
	{ NULL, 0 }
};
static const struct keyword overflow_wrap_keywords[] = {
	{ "normal", OWRAP_NORMAL }, { "break-word", OWRAP_BREAK_WORD }, { "anywhere", OWRAP_ANYWHERE },
	{ NULL, 0 }
};
static const struct keyword word_break_keywords[] = {
	{ "normal", WBREAK_NORMAL }, { "break-all", WBREAK_BREAK_ALL },
	{ "keep-all", WBREAK_KEEP_ALL }, { "break-word", WBREAK_BREAK_WORD }, { NULL, 0 }
};
static const struct keyword hyphens_keywords[] = {
	{ "manual", HYPHENS_MANUAL }, { "none", HYPHENS_NONE }, { "auto", HYPHENS_AUTO }, { NULL, 0 }
};
static const struct keyword decoration_style_keywords[] = {
	{ "solid", DECO_SOLID }, { "double", DECO_DOUBLE }, { "dotted", DECO_DOTTED },
	{ "dashed", DECO_DASHED }, { "wavy", DECO_WAVY }, { NULL, 0 }
};
static const struct keyword decoration_line_keywords[] = {
	{ "underline", DECO_UNDERLINE }, { "overline", DECO_OVERLINE },
	{ "line-through", DECO_LINE_THROUGH }, { NULL, 0 }
};

/* page-break-* values map onto break-*: always means page. */
static const struct keyword page_break_keywords[] = {
	{ "auto", BREAK_AUTO }, { "avoid", BREAK_AVOID }, { "always", BREAK_PAGE },
	{ "left", BREAK_LEFT }, { "right", BREAK_RIGHT }, { NULL, 0 }
};

/* ---- lengths ---- */

struct length_ctx {
	float font_size; /* what em means here */
	float root_font_size;
	struct arena *arena; /* where math functions that layout evaluates go */
};

/* calc(), min(), max() or clamp() as a length: -1 if it is none, or a number. */
static int parse_calc_length(const struct css_node *node, const struct length_ctx *lc,
			     struct css_calc *out)
{
	struct css_length_context c = { lc->font_size, lc->root_font_size, -1 };
	if (node->kind != CSS_NODE_FUNCTION || css_value_calc(node, &c, out) != 0 || out->is_number)
		return -1;
	return 0;
}

static double clamp_px(double px)
{
	return px > 1e6 ? 1e6 : px < -1e6 ? -1e6 : px; /* absurd values are clamped, never trusted */
}

static int parse_px(const struct css_node *node, const struct length_ctx *lc, bool allow_negative,
		    float *out)
{
	struct css_calc calc;
	if (parse_calc_length(node, lc, &calc) == 0) {
		if (calc.has_percent && calc.percent != 0)
			return -1;
		/* A math function out of range is clamped to it, not invalid. */
		*out = (float)clamp_px(!allow_negative && calc.px < 0 ? 0 : calc.px);
		return 0;
	}
	struct css_length len;
	if (css_value_length(node, false, &len) != 0 || len.unit == CSS_UNIT_PERCENT)
		return -1;
	struct css_length_context c = { lc->font_size, lc->root_font_size, -1 };
	double px = css_length_to_px(len, &c);
	if (!allow_negative && px < 0)
		return -1;
	if (px > 1e6 || px < -1e6) /* absurd values are clamped, never trusted */
		px = px > 0 ? 1e6 : -1e6;
	*out = (float)px;
	return 0;
}

static int parse_dim(const struct css_node *node, const struct length_ctx *lc, bool allow_auto,
		     bool allow_negative, struct dim *out)
{
	if (allow_auto && is_ident(node, "auto")) {
		*out = (struct dim){ DIM_AUTO, 0, NULL };
		return 0;
	}
	struct css_calc calc;
	const struct css_calc_tree *tree = NULL;
	struct css_length_context c = { lc->font_size, lc->root_font_size, -1 };
	if (node->kind == CSS_NODE_FUNCTION &&
	    css_value_calc_tree(lc->arena, node, &c, &calc, &tree) == 0) {
		if (tree || (calc.has_percent && calc.px != 0)) {
			/* A length and a percentage together: layout resolves it. */
			struct dim_calc *dc = arena_alloc(lc->arena, sizeof *dc);
			dc->px = (float)clamp_px(calc.px);
			dc->percent = (float)clamp_px(calc.percent);
			dc->tree = tree;
			dc->non_negative = !allow_negative;
			*out = (struct dim){ DIM_CALC, 0, dc };
			return 0;
		}
		if (calc.is_number)
			return -1;
		double v = calc.has_percent ? calc.percent : calc.px;
		if (!allow_negative && v < 0)
			v = 0;
		*out = (struct dim){ calc.has_percent ? DIM_PERCENT : DIM_PX, (float)clamp_px(v), NULL };
		return 0;
	}
	struct css_length len;
	if (css_value_length(node, false, &len) != 0)
		return -1;
	if (len.unit == CSS_UNIT_PERCENT) {
		if (!allow_negative && len.value < 0)
			return -1;
		*out = (struct dim){ DIM_PERCENT, (float)len.value, NULL };
		return 0;
	}
	float px;
	if (parse_px(node, lc, allow_negative, &px) != 0)
		return -1;
	*out = (struct dim){ DIM_PX, px, NULL };
	return 0;
}

static int parse_border_width(const struct css_node *node, const struct length_ctx *lc, float *out)
{
	if (is_ident(node, "thin"))
		*out = 1;
	else if (is_ident(node, "medium"))
		*out = 3;
	else if (is_ident(node, "thick"))
		*out = 5;
	else
		return parse_px(node, lc, false, out);
	return 0;
}

/* Four-side shorthands: 1 to 4 values, in top right bottom left order. */
static int expand_sides(size_t n, size_t idx[4])
{
	static const size_t map[4][4] = {
		{ 0, 0, 0, 0 }, { 0, 1, 0, 1 }, { 0, 1, 2, 1 }, { 0, 1, 2, 3 }
	};
	if (n < 1 || n > 4)
		return -1;
	memcpy(idx, map[n - 1], sizeof map[0]);
	return 0;
}

/* ---- content, counters, strings ---- */

static const char *function_name(const struct css_node *node)
{
	return node->kind == CSS_NODE_FUNCTION ? node->tok.value : NULL;
}

/* Function arguments split at commas, whitespace dropped; at most 4 arguments of one value. */
static int function_args(const struct css_node *fn, const struct css_node *args[4], size_t *n_args)
{
	size_t n = 0;
	bool have_value = false;
	for (size_t i = 0; i < fn->n_children; i++) {
		const struct css_node *c = &fn->children[i];
		if (c->kind == CSS_NODE_TOKEN && c->tok.type == CSS_TOK_WHITESPACE)
			continue;
		if (is_comma(c)) {
			if (!have_value)
				return -1;
			have_value = false;
			continue;
		}
		if (have_value || n == 4)
			return -1;
		args[n++] = c;
		have_value = true;
	}
	if (n && !have_value)
		return -1;
	*n_args = n;
	return 0;
}

static int parse_counter_style(const struct css_node *node, enum list_style_type *out)
{
	int v;
	if (keyword_lookup(node, list_style_keywords, &v) != 0)
		return -1;
	*out = (enum list_style_type)v;
	return 0;
}

static bool is_string(const struct css_node *node)
{
	return node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_STRING;
}

static int parse_content_item(struct arena *a, const struct css_node *node, struct content_item *item)
{
	memset(item, 0, sizeof *item);
	item->counter_style = LIST_DECIMAL;
	if (is_string(node)) {
		item->kind = CONTENT_STRING;
		item->text = arena_strndup(a, node->tok.value, node->tok.value_len);
		return 0;
	}
	if (is_ident(node, "open-quote")) {
		item->kind = CONTENT_OPEN_QUOTE;
		return 0;
	}
	if (is_ident(node, "close-quote")) {
		item->kind = CONTENT_CLOSE_QUOTE;
		return 0;
	}
	const char *fn = function_name(node);
	if (!fn)
		return -1;
	const struct css_node *args[4];
	size_t n;
	if (function_args(node, args, &n) != 0)
		return -1;
	if (strcasecmp(fn, "content") == 0 && n <= 1) {
		static const char *const parts[] = { "text", "before", "after", "first-letter" };
		item->kind = CONTENT_ELEMENT_TEXT;
		item->which = n == 0 ? PART_TEXT : -1;
		for (int k = 0; k < 4 && n == 1; k++)
			if (is_ident(args[0], parts[k]))
				item->which = k;
		return item->which < 0 ? -1 : 0;
	}
	if (strcasecmp(fn, "target-text") == 0 && (n == 1 || n == 2) &&
	    function_name(args[0]) && strcasecmp(function_name(args[0]), "attr") == 0) {
		const struct css_node *inner[4];
		size_t n_inner;
		if (function_args(args[0], inner, &n_inner) != 0 || n_inner != 1 || !ident_of(inner[0]))
			return -1;
		item->kind = CONTENT_TARGET_TEXT;
		item->name = arena_strdup(a, ident_of(inner[0]));
		item->which = PART_TEXT;
		if (n == 2 && is_ident(args[1], "first-letter"))
			item->which = PART_FIRST_LETTER;
		else if (n == 2 && is_ident(args[1], "before"))
			item->which = PART_BEFORE;
		else if (n == 2 && is_ident(args[1], "after"))
			item->which = PART_AFTER;
		else if (n == 2 && !is_ident(args[1], "content"))
			return -1;
		return 0;
	}
	if (strcasecmp(fn, "attr") == 0 && n == 1 && ident_of(args[0])) {
		item->kind = CONTENT_ATTR;
		item->name = arena_strdup(a, ident_of(args[0]));
		return 0;
	}
	if (strcasecmp(fn, "counter") == 0 && (n == 1 || n == 2) && ident_of(args[0])) {
		item->kind = CONTENT_COUNTER;
		item->name = arena_strdup(a, ident_of(args[0]));
		return n == 2 ? parse_counter_style(args[1], &item->counter_style) : 0;
	}
	if (strcasecmp(fn, "counters") == 0 && (n == 2 || n == 3) && ident_of(args[0]) &&
	    is_string(args[1])) {
		item->kind = CONTENT_COUNTERS;
		item->name = arena_strdup(a, ident_of(args[0]));
		item->text = arena_strndup(a, args[1]->tok.value, args[1]->tok.value_len);
		return n == 3 ? parse_counter_style(args[2], &item->counter_style) : 0;
	}
	if (strcasecmp(fn, "string") == 0 && (n == 1 || n == 2) && ident_of(args[0])) {
		static const char *const which[] = { "first", "start", "last", "first-except" };
		item->kind = CONTENT_STRING_REF;
		item->name = arena_strdup(a, ident_of(args[0]));
		item->which = STRING_FIRST;
		if (n == 2) {
			item->which = -1;
			for (int k = 0; k < 4; k++)
				if (is_ident(args[1], which[k]))
					item->which = k;
			if (item->which < 0)
				return -1;
		}
		return 0;
	}
	if (strcasecmp(fn, "target-counter") == 0 && (n == 2 || n == 3) &&
	    function_name(args[0]) && strcasecmp(function_name(args[0]), "attr") == 0 &&
	    ident_of(args[1])) {
		const struct css_node *inner[4];
		size_t n_inner;
		if (function_args(args[0], inner, &n_inner) != 0 || n_inner != 1 || !ident_of(inner[0]))
			return -1;
		item->kind = CONTENT_TARGET_COUNTER;
		item->name = arena_strdup(a, ident_of(inner[0]));
		item->counter = arena_strdup(a, ident_of(args[1]));
		return n == 3 ? parse_counter_style(args[2], &item->counter_style) : 0;
	}
	if (strcasecmp(fn, "leader") == 0 && n == 1) {
		item->kind = CONTENT_LEADER;
		if (is_string(args[0]))
			item->text = arena_strndup(a, args[0]->tok.value, args[0]->tok.value_len);
		else if (is_ident(args[0], "dotted"))
			item->text = ".";
		else if (is_ident(args[0], "solid"))
			item->text = "_";
		else if (is_ident(args[0], "space"))
			item->text = " ";
		else
			return -1;
		return 0;
	}
	return -1;
}

/* A run of content items from v[from] up to a comma or the end; *next gets the index after. */
static int parse_content_list(struct arena *a, const struct values *vals, size_t from, size_t *next,
			      struct content_item **out)
{
	struct content_item *head = NULL, **tail = &head;
	size_t i = from;
	for (; i < vals->n && !is_comma(vals->v[i]); i++) {
		struct content_item *item = arena_alloc(a, sizeof *item);
		if (parse_content_item(a, vals->v[i], item) != 0)
			return -1;
		*tail = item;
		tail = &item->next;
	}
	if (!head)
		return -1;
	*out = head;
	*next = i;
	return 0;
}

static int parse_counter_ops(struct arena *a, const struct values *vals, int default_value,
			     struct counter_op **out)
{
	if (vals->n == 1 && is_ident(vals->v[0], "none")) {
		*out = NULL;
		return 0;
	}
	struct counter_op *head = NULL, **tail = &head;
	for (size_t i = 0; i < vals->n; i++) {
		const char *name = ident_of(vals->v[i]);
		if (!name)
			return -1;
		struct counter_op *op = arena_alloc(a, sizeof *op);
		op->name = arena_strdup(a, name);
		op->value = default_value;
		const struct css_node *next = i + 1 < vals->n ? vals->v[i + 1] : NULL;
		if (next && next->kind == CSS_NODE_TOKEN && next->tok.type == CSS_TOK_NUMBER &&
		    next->tok.is_integer) {
			double v = next->tok.number;
			op->value = v > 1e9 ? 1000000000 : v < -1e9 ? -1000000000 : (int)v;
			i++;
		}
		*tail = op;
		tail = &op->next;
	}
	*out = head;
	return 0;
}

static int parse_string_set(struct arena *a, const struct values *vals, struct counter_op **out)
{
	if (vals->n == 1 && is_ident(vals->v[0], "none")) {
		*out = NULL;
		return 0;
	}
	struct counter_op *head = NULL, **tail = &head;
	size_t i = 0;
	while (i < vals->n) {
		const char *name = ident_of(vals->v[i]);
		if (!name)
			return -1;
		struct counter_op *op = arena_alloc(a, sizeof *op);
		op->name = arena_strdup(a, name);
		size_t next;
		if (parse_content_list(a, vals, i + 1, &next, &op->content) != 0)
			return -1;
		*tail = op;
		tail = &op->next;
		i = next;
		if (i < vals->n)
			i++; /* the comma */
	}
	*out = head;
	return head ? 0 : -1;
}

/* font-family: idents joined by spaces, strings as they are, comma separated. */
static int parse_font_family(struct arena *a, const struct values *vals, size_t from,
			     const char **out)
{
	char buf[512];
	size_t len = 0;
	bool need_space = false;
	for (size_t i = from; i < vals->n; i++) {
		const struct css_node *node = vals->v[i];
		const char *text;
		size_t tlen;
		if (is_comma(node)) {
			if (len == 0 || len + 1 >= sizeof buf)
				return -1;
			buf[len++] = ',';
			need_space = false;
			continue;
		}
		if (is_string(node)) {
			text = node->tok.value;
			tlen = node->tok.value_len;
		} else if (ident_of(node)) {
			text = ident_of(node);
			tlen = strlen(text);
		} else {
			return -1;
		}
		if (len + tlen + 2 >= sizeof buf)
			return -1;
		if (need_space)
			buf[len++] = ' ';
		memcpy(buf + len, text, tlen);
		len += tlen;
		need_space = true;
	}
	if (len == 0)
		return -1;
	*out = arena_strndup(a, buf, len);
	return 0;
}

static int parse_font_weight(const struct css_node *node, const struct style *parent, int *out)
{
	if (is_ident(node, "normal"))
		*out = 400;
	else if (is_ident(node, "bold"))
		*out = 700;
	else if (is_ident(node, "bolder"))
		*out = parent->font_weight < 600 ? 700 : 900;
	else if (is_ident(node, "lighter"))
		*out = parent->font_weight > 500 ? 400 : 100;
	else if (node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_NUMBER &&
		 node->tok.number >= 1 && node->tok.number <= 1000)
		*out = (int)node->tok.number;
	else
		return -1;
	return 0;
}

/* font-size: keywords, lengths and percentages of the parent's size. */
static int parse_font_size(const struct property_context *ctx, const struct css_node *node, float *out)
{
	static const struct { const char *name; float px; } sizes[] = {
		{ "xx-small", 9 }, { "x-small", 10 }, { "small", 13 }, { "medium", 16 },
		{ "large", 18 }, { "x-large", 24 }, { "xx-large", 32 }, { "xxx-large", 48 },
	};
	float parent = ctx->parent->font_size;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		if (is_ident(node, sizes[i].name)) {
			*out = sizes[i].px;
			return 0;
		}
	if (is_ident(node, "larger")) {
		*out = parent * 1.2f;
		return 0;
	}
	if (is_ident(node, "smaller")) {
		*out = parent / 1.2f;
		return 0;
	}
	struct css_length len;
	struct css_length_context c = { parent, ctx->root_font_size, parent };
	struct css_calc calc;
	double px;
	if (node->kind == CSS_NODE_FUNCTION) {
		/* Percentages and em are the parent's size: all known now. */
		if (css_value_calc(node, &c, &calc) != 0 || calc.is_number)
			return -1;
		px = calc.px + calc.percent * parent / 100;
		if (px < 0)
			px = 0;
	} else {
		if (css_value_length(node, false, &len) != 0 || len.value < 0)
			return -1;
		px = css_length_to_px(len, &c);
	}
	/* Bounded: a hostile 1e9px font must not make Pango allocate the world. */
	if (px > 2000)
		px = 2000;
	*out = (float)px;
	return 0;
}

static int parse_line_height(const struct css_node *node, const struct length_ctx *lc,
			     struct style *s)
{
	if (is_ident(node, "normal")) {
		s->line_height_kind = LH_NORMAL;
		return 0;
	}
	if (node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_NUMBER) {
		if (node->tok.number < 0 || node->tok.number > 100)
			return -1;
		s->line_height_kind = LH_NUMBER;
		s->line_height = (float)node->tok.number;
		return 0;
	}
	struct css_length len;
	struct css_length_context c = { lc->font_size, lc->root_font_size, lc->font_size };
	struct css_calc calc;
	double px;
	if (node->kind == CSS_NODE_FUNCTION) {
		if (css_value_calc(node, &c, &calc) != 0)
			return -1;
		if (calc.is_number) {
			s->line_height_kind = LH_NUMBER;
			s->line_height = (float)(calc.number < 0 ? 0 : calc.number > 100 ? 100 : calc.number);
			return 0;
		}
		px = calc.px + calc.percent * lc->font_size / 100;
		if (px < 0)
			px = 0;
	} else {
		if (css_value_length(node, false, &len) != 0 || len.value < 0)
			return -1;
		px = css_length_to_px(len, &c);
	}
	s->line_height_kind = LH_PX;
	s->line_height = (float)(px > 20000 ? 20000 : px); /* Pango units must not overflow */
	return 0;
}

/* ---- the property table ---- */

typedef int (*apply_fn)(const struct property_context *ctx, struct style *s, const struct values *v,
			const struct length_ctx *lc, int arg);

struct property {
	const char *name;
	apply_fn apply;
	int arg;              /* passed to apply: a side, or which property of a family */
	size_t off, len;      /* the style fields it sets, for inherit/initial */
	size_t off2, len2;    /* a second field range (shorthands), len2 0 if none */
	size_t off3, len3;
	size_t off4, len4;
};

#define FIELD(f) offsetof(struct style, f), sizeof(((struct style *)0)->f)
/* Fields a to b, and everything between them in struct style. */
#define FIELDS(a, b) offsetof(struct style, a), \
	offsetof(struct style, b) + sizeof(((struct style *)0)->b) - offsetof(struct style, a)
#define NO_FIELD 0, 0
/* The fields text-decoration sets after its line and style: colour to thickness. */
#define TEXT_DECORATION_REST offsetof(struct style, decoration_color), \
	offsetof(struct style, decoration_thickness) + sizeof(float) - offsetof(struct style, decoration_color)

static int apply_margin_side(const struct property_context *ctx, struct style *s,
			     const struct values *v, const struct length_ctx *lc, int side)
{
	return v->n == 1 ? parse_dim(v->v[0], lc, true, true, &s->margin[side]) : -1;
}

static int apply_padding_side(const struct property_context *ctx, struct style *s,
			      const struct values *v, const struct length_ctx *lc, int side)
{
	return v->n == 1 ? parse_dim(v->v[0], lc, false, false, &s->padding[side]) : -1;
}

static int apply_box_shorthand(const struct property_context *ctx, struct style *s,
			       const struct values *v, const struct length_ctx *lc, int is_padding)
{
	size_t idx[4];
	struct dim d[4];
	if (expand_sides(v->n, idx) != 0)
		return -1;
	for (size_t i = 0; i < v->n; i++)
		if (parse_dim(v->v[i], lc, !is_padding, !is_padding, &d[i]) != 0)
			return -1;
	for (int side = 0; side < 4; side++) {
		if (is_padding)
			s->padding[side] = d[idx[side]];
		else
			s->margin[side] = d[idx[side]];
	}
	return 0;
}

/* One border: width, style and colour in any order, each optional. */
static int parse_border(const struct values *v, const struct length_ctx *lc, float *width,
			enum border_style *bstyle, struct css_color *color, bool *current)
{
	bool have_w = false, have_s = false, have_c = false;
	*width = 3;
	*bstyle = BORDER_NONE;
	*current = true;
	for (size_t i = 0; i < v->n; i++) {
		int st;
		float w;
		bool is_current = false;
		struct css_color c;
		if (!have_s && keyword_lookup(v->v[i], border_style_keywords, &st) == 0) {
			*bstyle = (enum border_style)st;
			have_s = true;
		} else if (!have_w && parse_border_width(v->v[i], lc, &w) == 0) {
			*width = w;
			have_w = true;
		} else if (!have_c && css_value_color(v->v[i], &c, &is_current) == 0) {
			if (!is_current)
				*color = c;
			*current = is_current;
			have_c = true;
		} else {
			return -1;
		}
	}
	return 0;
}

/* arg: 0..3 a side (border-top …), 4 all sides (border). */
static int apply_border(const struct property_context *ctx, struct style *s, const struct values *v,
			const struct length_ctx *lc, int arg)
{
	float width;
	enum border_style bstyle;
	struct css_color color = { 0, 0, 0, 1 };
	bool current;
	if (parse_border(v, lc, &width, &bstyle, &color, &current) != 0)
		return -1;
	for (int side = 0; side < 4; side++) {
		if (arg != 4 && arg != side)
			continue;
		s->border_width[side] = width;
		s->border_style[side] = bstyle;
		s->border_color[side] = color;
		s->border_color_current[side] = current;
	}
	return 0;
}

/* arg: 0..3 one side, 4 the four-value shorthand. */
static int apply_border_width(const struct property_context *ctx, struct style *s,
			      const struct values *v, const struct length_ctx *lc, int arg)
{
	size_t idx[4] = { 0, 0, 0, 0 };
	float w[4];
	if (arg == 4 ? expand_sides(v->n, idx) != 0 : v->n != 1)
		return -1;
	for (size_t i = 0; i < v->n; i++)
		if (parse_border_width(v->v[i], lc, &w[i]) != 0)
			return -1;
	for (int side = 0; side < 4; side++)
		if (arg == 4 || arg == side)
			s->border_width[side] = w[arg == 4 ? idx[side] : 0];
	return 0;
}

static int apply_border_style(const struct property_context *ctx, struct style *s,
			      const struct values *v, const struct length_ctx *lc, int arg)
{
	size_t idx[4] = { 0, 0, 0, 0 };
	int st[4];
	if (arg == 4 ? expand_sides(v->n, idx) != 0 : v->n != 1)
		return -1;
	for (size_t i = 0; i < v->n; i++)
		if (keyword_lookup(v->v[i], border_style_keywords, &st[i]) != 0)
			return -1;
	for (int side = 0; side < 4; side++)
		if (arg == 4 || arg == side)
			s->border_style[side] = (enum border_style)st[arg == 4 ? idx[side] : 0];
	return 0;
}

static int apply_border_color(const struct property_context *ctx, struct style *s,
			      const struct values *v, const struct length_ctx *lc, int arg)
{
	size_t idx[4] = { 0, 0, 0, 0 };
	struct css_color c[4];
	bool current[4];
	if (arg == 4 ? expand_sides(v->n, idx) != 0 : v->n != 1)
		return -1;
	for (size_t i = 0; i < v->n; i++) {
		current[i] = false;
		if (css_value_color(v->v[i], &c[i], &current[i]) != 0)
			return -1;
	}
	for (int side = 0; side < 4; side++)
		if (arg == 4 || arg == side) {
			size_t k = arg == 4 ? idx[side] : 0;
			s->border_color_current[side] = current[k];
			if (!current[k])
				s->border_color[side] = c[k];
		}
	return 0;
}

static int apply_border_radius(const struct property_context *ctx, struct style *s,
			       const struct values *v, const struct length_ctx *lc, int arg)
{
	/* One radius for all corners; further values are accepted and the first is used. */
	return v->n >= 1 && v->n <= 4 ? parse_px(v->v[0], lc, false, &s->border_radius) : -1;
}

static int apply_color(const struct property_context *ctx, struct style *s, const struct values *v,
		       const struct length_ctx *lc, int arg)
{
	bool current = false;
	struct css_color c;
	if (v->n != 1 || css_value_color(v->v[0], &c, &current) != 0)
		return -1;
	s->color = current ? ctx->parent->color : c;
	return 0;
}

/* background-color, and the background shorthand where it holds only a colour. */
static int apply_background(const struct property_context *ctx, struct style *s,
			    const struct values *v, const struct length_ctx *lc, int arg)
{
	bool current = false;
	struct css_color c;
	if (v->n == 1 && is_ident(v->v[0], "none")) {
		s->background = (struct css_color){ 0, 0, 0, 0 };
		s->background_current = false;
		return 0;
	}
	if (v->n != 1 || css_value_color(v->v[0], &c, &current) != 0)
		return -1;
	/* currentcolor is the element's final `color`, known once the cascade is done. */
	s->background = current ? (struct css_color){ 0, 0, 0, 0 } : c;
	s->background_current = current;
	return 0;
}

/* arg selects the field: 0 width, 1 height, 2 min-height, 3 max-width, 4 text-indent,
 * 5 min-width, 6 max-height. */
static int apply_size(const struct property_context *ctx, struct style *s, const struct values *v,
		      const struct length_ctx *lc, int arg)
{
	struct dim *fields[] = { &s->width, &s->height, &s->min_height, &s->max_width, &s->text_indent,
				 &s->min_width, &s->max_height };
	if (v->n != 1)
		return -1;
	bool is_max = arg == 3 || arg == 6, is_min = arg == 2 || arg == 5;
	if (is_max && is_ident(v->v[0], "none")) {
		*fields[arg] = (struct dim){ DIM_NONE, 0, NULL };
		return 0;
	}
	/* min-width and min-height: auto is 0 for the boxes laid out here (CSS Sizing 3). */
	if (is_min && is_ident(v->v[0], "auto")) {
		*fields[arg] = (struct dim){ DIM_PX, 0, NULL };
		return 0;
	}
	return parse_dim(v->v[0], lc, arg <= 1, arg == 4, fields[arg]);
}

/* opacity: a number or a percentage, clamped to 0..1 (CSS Color 4). */
static int apply_opacity(const struct property_context *ctx, struct style *s,
			 const struct values *v, const struct length_ctx *lc, int arg)
{
	if (v->n != 1 || v->v[0]->kind != CSS_NODE_TOKEN)
		return -1;
	const struct css_token *t = &v->v[0]->tok;
	double a;
	if (t->type == CSS_TOK_NUMBER)
		a = t->number;
	else if (t->type == CSS_TOK_PERCENTAGE)
		a = t->number / 100;
	else
		return -1;
	s->opacity = a < 0 ? 0 : a > 1 ? 1 : (float)a;
	return 0;
}

/* outline-style: the border styles less hidden, and auto (drawn solid). */
static int outline_style_of(const struct css_node *node, enum border_style *out)
{
	int st;
	if (is_ident(node, "auto")) {
		*out = BORDER_SOLID;
		return 0;
	}
	if (is_ident(node, "hidden") || keyword_lookup(node, border_style_keywords, &st) != 0)
		return -1;
	*out = (enum border_style)st;
	return 0;
}

/* outline-color: a colour, or invert and auto, which are the text colour here. */
static int outline_color_of(const struct css_node *node, struct css_color *color, bool *current)
{
	if (is_ident(node, "invert") || is_ident(node, "auto")) {
		*current = true;
		return 0;
	}
	*current = false;
	return css_value_color(node, color, current);
}

/* arg: 0 the outline shorthand, 1 outline-width, 2 outline-style, 3 outline-color,
 * 4 outline-offset. */
static int apply_outline(const struct property_context *ctx, struct style *s,
			 const struct values *v, const struct length_ctx *lc, int arg)
{
	if (arg == 0) {
		float width = 3;
		enum border_style st = BORDER_NONE;
		struct css_color color = { 0, 0, 0, 1 };
		bool current = true, have_w = false, have_s = false, have_c = false;
		for (size_t i = 0; i < v->n; i++) {
			if (!have_s && outline_style_of(v->v[i], &st) == 0)
				have_s = true;
			else if (!have_w && parse_border_width(v->v[i], lc, &width) == 0)
				have_w = true;
			else if (!have_c && outline_color_of(v->v[i], &color, &current) == 0)
				have_c = true;
			else
				return -1;
		}
		s->outline_width = width;
		s->outline_style = st;
		s->outline_color = color;
		s->outline_color_current = current;
		return 0;
	}
	if (v->n != 1)
		return -1;
	switch (arg) {
	case 1:
		return parse_border_width(v->v[0], lc, &s->outline_width);
	case 2:
		return outline_style_of(v->v[0], &s->outline_style);
	case 3: {
		struct css_color c = s->outline_color;
		bool current = false;
		if (outline_color_of(v->v[0], &c, &current) != 0)
			return -1;
		s->outline_color = c;
		s->outline_color_current = current;
		return 0;
	}
	default:
		return parse_px(v->v[0], lc, true, &s->outline_offset);
	}
}

static int apply_font_family(const struct property_context *ctx, struct style *s,
			     const struct values *v, const struct length_ctx *lc, int arg)
{
	return parse_font_family(ctx->arena, v, 0, &s->font_family);
}

static int apply_font_size(const struct property_context *ctx, struct style *s,
			   const struct values *v, const struct length_ctx *lc, int arg)
{
	return v->n == 1 ? parse_font_size(ctx, v->v[0], &s->font_size) : -1;
}

static int apply_font_weight(const struct property_context *ctx, struct style *s,
			     const struct values *v, const struct length_ctx *lc, int arg)
{
	return v->n == 1 ? parse_font_weight(v->v[0], ctx->parent, &s->font_weight) : -1;
}

static int apply_font_style(const struct property_context *ctx, struct style *s,
			    const struct values *v, const struct length_ctx *lc, int arg)
{
	int st;
	if (v->n != 1 || keyword_lookup(v->v[0], font_style_keywords, &st) != 0)
		return -1;
	s->font_style = (enum font_style)st;
	return 0;
}

/* font-stretch: a keyword or a percentage (CSS Fonts 4, 2.4). */
static const struct {
	const char *name;
	float percent;
} stretch_keywords[] = {
	{ "ultra-condensed", 50 }, { "extra-condensed", 62.5f }, { "condensed", 75 },
	{ "semi-condensed", 87.5f }, { "normal", 100 }, { "semi-expanded", 112.5f },
	{ "expanded", 125 }, { "extra-expanded", 150 }, { "ultra-expanded", 200 },
};

static int parse_font_stretch(const struct css_node *node, float *out)
{
	for (size_t i = 0; i < sizeof stretch_keywords / sizeof stretch_keywords[0]; i++)
		if (is_ident(node, stretch_keywords[i].name)) {
			*out = stretch_keywords[i].percent;
			return 0;
		}
	if (node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_PERCENTAGE && node->tok.number >= 0) {
		/* Fonts come from 50% to 200% wide: the rest is the nearest. */
		*out = node->tok.number < 50 ? 50 : node->tok.number > 200 ? 200 : (float)node->tok.number;
		return 0;
	}
	return -1;
}

static int apply_font_stretch(const struct property_context *ctx, struct style *s,
			      const struct values *v, const struct length_ctx *lc, int arg)
{
	return v->n == 1 ? parse_font_stretch(v->v[0], &s->font_stretch) : -1;
}

static const struct keyword font_caps_keywords[] = {
	{ "normal", FONT_CAPS_NORMAL }, { "small-caps", FONT_CAPS_SMALL },
	{ "all-small-caps", FONT_CAPS_ALL_SMALL }, { "petite-caps", FONT_CAPS_PETITE },
	{ "all-petite-caps", FONT_CAPS_ALL_PETITE }, { "unicase", FONT_CAPS_UNICASE },
	{ "titling-caps", FONT_CAPS_TITLING }, { NULL, 0 }
};
/* Each keyword's bit and the bits it may not be combined with. */
static const struct variant_bit {
	const char *name;
	unsigned bit, excludes;
} numeric_bits[] = {
	{ "lining-nums", FONT_NUMERIC_LINING, FONT_NUMERIC_LINING | FONT_NUMERIC_OLDSTYLE },
	{ "oldstyle-nums", FONT_NUMERIC_OLDSTYLE, FONT_NUMERIC_LINING | FONT_NUMERIC_OLDSTYLE },
	{ "proportional-nums", FONT_NUMERIC_PROPORTIONAL, FONT_NUMERIC_PROPORTIONAL | FONT_NUMERIC_TABULAR },
	{ "tabular-nums", FONT_NUMERIC_TABULAR, FONT_NUMERIC_PROPORTIONAL | FONT_NUMERIC_TABULAR },
	{ "diagonal-fractions", FONT_NUMERIC_DIAGONAL, FONT_NUMERIC_DIAGONAL | FONT_NUMERIC_STACKED },
	{ "stacked-fractions", FONT_NUMERIC_STACKED, FONT_NUMERIC_DIAGONAL | FONT_NUMERIC_STACKED },
	{ "ordinal", FONT_NUMERIC_ORDINAL, FONT_NUMERIC_ORDINAL },
	{ "slashed-zero", FONT_NUMERIC_SLASHED_ZERO, FONT_NUMERIC_SLASHED_ZERO },
	{ NULL, 0, 0 }
}, ligature_bits[] = {
	{ "common-ligatures", FONT_LIGATURES_COMMON, FONT_LIGATURES_COMMON | FONT_LIGATURES_NO_COMMON },
	{ "no-common-ligatures", FONT_LIGATURES_NO_COMMON, FONT_LIGATURES_COMMON | FONT_LIGATURES_NO_COMMON },
	{ "discretionary-ligatures", FONT_LIGATURES_DISCRETIONARY,
	  FONT_LIGATURES_DISCRETIONARY | FONT_LIGATURES_NO_DISCRETIONARY },
	{ "no-discretionary-ligatures", FONT_LIGATURES_NO_DISCRETIONARY,
	  FONT_LIGATURES_DISCRETIONARY | FONT_LIGATURES_NO_DISCRETIONARY },
	{ "historical-ligatures", FONT_LIGATURES_HISTORICAL,
	  FONT_LIGATURES_HISTORICAL | FONT_LIGATURES_NO_HISTORICAL },
	{ "no-historical-ligatures", FONT_LIGATURES_NO_HISTORICAL,
	  FONT_LIGATURES_HISTORICAL | FONT_LIGATURES_NO_HISTORICAL },
	{ "contextual", FONT_LIGATURES_CONTEXTUAL, FONT_LIGATURES_CONTEXTUAL | FONT_LIGATURES_NO_CONTEXTUAL },
	{ "no-contextual", FONT_LIGATURES_NO_CONTEXTUAL,
	  FONT_LIGATURES_CONTEXTUAL | FONT_LIGATURES_NO_CONTEXTUAL },
	{ NULL, 0, 0 }
};

/* Adds the bit of keyword node to *bits; -1 when unknown or clashing. */
static int variant_bit_add(const struct css_node *node, const struct variant_bit *table, unsigned *bits)
{
	for (const struct variant_bit *b = table; b->name; b++)
		if (is_ident(node, b->name)) {
			if (*bits & b->excludes)
				return -1;
			*bits |= b->bit;
			return 0;
		}
	return -1;
}

/* font-variant-numeric (arg 0) and font-variant-ligatures (arg 1). */
static int apply_font_variant_bits(const struct property_context *ctx, struct style *s,
				   const struct values *v, const struct length_ctx *lc, int arg)
{
	unsigned bits = 0;
	if (v->n == 1 && is_ident(v->v[0], "normal"))
		bits = 0;
	else if (arg == 1 && v->n == 1 && is_ident(v->v[0], "none"))
		bits = FONT_LIGATURES_NONE;
	else
		for (size_t i = 0; i < v->n; i++)
			if (variant_bit_add(v->v[i], arg ? ligature_bits : numeric_bits, &bits) != 0)
				return -1;
	if (arg)
		s->font_variant_ligatures = bits;
	else
		s->font_variant_numeric = bits;
	return 0;
}

/* font-variant: normal, none, or caps || numeric || ligatures keywords. */
static int apply_font_variant(const struct property_context *ctx, struct style *s,
			      const struct values *v, const struct length_ctx *lc, int arg)
{
	unsigned numeric = 0, ligatures = 0;
	int caps = FONT_CAPS_NORMAL;
	bool caps_set = false;
	if (v->n == 1 && is_ident(v->v[0], "none")) {
		ligatures = FONT_LIGATURES_NONE;
	} else if (!(v->n == 1 && is_ident(v->v[0], "normal"))) {
		for (size_t i = 0; i < v->n; i++) {
			int c;
			if (!caps_set && keyword_lookup(v->v[i], font_caps_keywords, &c) == 0 &&
			    !is_ident(v->v[i], "normal"))
				caps = c, caps_set = true;
			else if (variant_bit_add(v->v[i], numeric_bits, &numeric) != 0 &&
				 variant_bit_add(v->v[i], ligature_bits, &ligatures) != 0)
				return -1;
		}
	}
	s->font_variant_caps = (enum font_caps)caps;
	s->font_variant_numeric = numeric;
	s->font_variant_ligatures = ligatures;
	return 0;
}

static const struct keyword font_kerning_keywords[] = {
	{ "auto", FONT_KERNING_AUTO }, { "normal", FONT_KERNING_NORMAL }, { "none", FONT_KERNING_NONE },
	{ NULL, 0 }
};

/* font-feature-settings: normal, or "tag" [integer | on | off]? pairs, comma separated,
 * kept as Pango reads them ("smcp 1, liga 0"). */
static int apply_font_feature_settings(const struct property_context *ctx, struct style *s,
				       const struct values *v, const struct length_ctx *lc, int arg)
{
	if (v->n == 1 && is_ident(v->v[0], "normal")) {
		s->font_feature_settings = NULL;
		return 0;
	}
	char buf[512];
	size_t len = 0;
	for (size_t i = 0; i < v->n;) {
		const struct css_node *tag = v->v[i++];
		if (!is_string(tag) || tag->tok.value_len != 4)
			return -1;
		for (size_t k = 0; k < 4; k++)
			if ((unsigned char)tag->tok.value[k] < 0x20 || (unsigned char)tag->tok.value[k] > 0x7e)
				return -1;
		long value = 1;
		if (i < v->n && !is_comma(v->v[i])) {
			const struct css_node *n = v->v[i++];
			if (is_ident(n, "on"))
				value = 1;
			else if (is_ident(n, "off"))
				value = 0;
			else if (n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_NUMBER &&
				 n->tok.is_integer && n->tok.number >= 0 && n->tok.number <= 65535)
				value = (long)n->tok.number;
			else
				return -1;
		}
		if (i < v->n && !is_comma(v->v[i++]))
			return -1;
		if (i == v->n && is_comma(v->v[i - 1]))
			return -1;
		if (len + 16 >= sizeof buf)
			return -1;
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%.4s %ld", len ? ", " : "",
					tag->tok.value, value);
	}
	s->font_feature_settings = arena_strndup(ctx->arena, buf, len);
	return 0;
}

/* hyphenate-character: auto, or the string shown where a word is hyphenated. */
static int apply_hyphenate_character(const struct property_context *ctx, struct style *s,
				     const struct values *v, const struct length_ctx *lc, int arg)
{
	if (v->n != 1)
		return -1;
	if (is_ident(v->v[0], "auto")) {
		s->hyphenate_character = NULL;
		return 0;
	}
	if (!is_string(v->v[0]))
		return -1;
	s->hyphenate_character = arena_strndup(ctx->arena, v->v[0]->tok.value, v->v[0]->tok.value_len);
	return 0;
}

/* font: [style || weight || variant]? size[/line-height]? family — run in both phases:
 * the size in the first, the rest in the second. arg is the phase. */
static int apply_font(const struct property_context *ctx, struct style *s, const struct values *v,
		      const struct length_ctx *lc, int phase)
{
	struct style scratch = *s;
	size_t i = 0;
	scratch.font_style = FONT_NORMAL;
	scratch.font_weight = 400;
	scratch.font_variant_caps = FONT_CAPS_NORMAL;
	scratch.font_stretch = 100;
	for (; i < v->n; i++) {
		int st, w;
		float stretch;
		if (is_ident(v->v[i], "normal"))
			continue;
		if (is_ident(v->v[i], "small-caps"))
			scratch.font_variant_caps = FONT_CAPS_SMALL;
		else if (v->v[i]->kind == CSS_NODE_TOKEN && v->v[i]->tok.type == CSS_TOK_IDENT &&
			 parse_font_stretch(v->v[i], &stretch) == 0)
			scratch.font_stretch = stretch;
		else if (keyword_lookup(v->v[i], font_style_keywords, &st) == 0)
			scratch.font_style = (enum font_style)st;
		else if (parse_font_weight(v->v[i], ctx->parent, &w) == 0)
			scratch.font_weight = w;
		else
			break;
	}
	if (i >= v->n || parse_font_size(ctx, v->v[i], &scratch.font_size) != 0)
		return -1;
	i++;
	scratch.line_height_kind = LH_NORMAL;
	if (i + 1 < v->n && v->v[i]->kind == CSS_NODE_TOKEN && v->v[i]->tok.type == CSS_TOK_DELIM &&
	    v->v[i]->tok.delim == '/') {
		struct length_ctx own = { scratch.font_size, lc->root_font_size, lc->arena };
		if (parse_line_height(v->v[i + 1], &own, &scratch) != 0)
			return -1;
		i += 2;
	}
	if (parse_font_family(ctx->arena, v, i, &scratch.font_family) != 0)
		return -1;
	if (phase == PHASE_FONT_SIZE) {
		s->font_size = scratch.font_size;
	} else {
		s->font_style = scratch.font_style;
		s->font_weight = scratch.font_weight;
		s->font_stretch = scratch.font_stretch;
		s->font_variant_caps = scratch.font_variant_caps;
		s->font_variant_numeric = 0;
		s->font_variant_ligatures = 0;
		s->font_kerning = FONT_KERNING_AUTO;
		s->line_height_kind = scratch.line_height_kind;
		s->line_height = scratch.line_height;
		s->font_family = scratch.font_family;
	}
	return 0;
}

static int apply_line_height(const struct property_context *ctx, struct style *s,
			     const struct values *v, const struct length_ctx *lc, int arg)
{
	return v->n == 1 ? parse_line_height(v->v[0], lc, s) : -1;
}

/* Keyword properties that set one int-sized enum field: arg indexes this table. */
static const struct {
	const struct keyword *keywords;
	size_t offset;
} enum_fields[] = {
	{ text_align_keywords, offsetof(struct style, text_align) },
	{ text_transform_keywords, offsetof(struct style, text_transform) },
	{ white_space_keywords, offsetof(struct style, white_space) },
	{ vertical_align_keywords, offsetof(struct style, vertical_align) },
	{ list_style_keywords, offsetof(struct style, list_style_type) },
	{ break_keywords, offsetof(struct style, break_before) },
	{ break_keywords, offsetof(struct style, break_after) },
	{ break_keywords, offsetof(struct style, break_inside) },
	{ page_break_keywords, offsetof(struct style, break_before) },
	{ page_break_keywords, offsetof(struct style, break_after) },
	{ page_break_keywords, offsetof(struct style, break_inside) },
	{ float_keywords, offsetof(struct style, float_side) },
	{ clear_keywords, offsetof(struct style, clear) },
	{ overflow_wrap_keywords, offsetof(struct style, overflow_wrap) },
	{ word_break_keywords, offsetof(struct style, word_break) },
	{ hyphens_keywords, offsetof(struct style, hyphens) },
	{ decoration_style_keywords, offsetof(struct style, decoration_style) },
	{ display_keywords, offsetof(struct style, display) },
	{ font_caps_keywords, offsetof(struct style, font_variant_caps) },
	{ font_kerning_keywords, offsetof(struct style, font_kerning) },
};

static int apply_enum(const struct property_context *ctx, struct style *s, const struct values *v,
		      const struct length_ctx *lc, int arg)
{
	int value;
	if (v->n != 1 || keyword_lookup(v->v[0], enum_fields[arg].keywords, &value) != 0)
		return -1;
	/* break-inside takes only auto and avoid. */
	if ((arg == 7 || arg == 10) && value != BREAK_AUTO && value != BREAK_AVOID)
		return -1;
	int *field = (int *)((char *)s + enum_fields[arg].offset);
	*field = value;
	return 0;
}

static int apply_list_style(const struct property_context *ctx, struct style *s,
			    const struct values *v, const struct length_ctx *lc, int arg)
{
	for (size_t i = 0; i < v->n; i++) {
		int t;
		if (is_ident(v->v[i], "inside"))
			s->list_style_inside = true;
		else if (is_ident(v->v[i], "outside"))
			s->list_style_inside = false;
		else if (keyword_lookup(v->v[i], list_style_keywords, &t) == 0)
			s->list_style_type = (enum list_style_type)t;
		else
			return -1;
	}
	return 0;
}

static int apply_spacing(const struct property_context *ctx, struct style *s,
			 const struct values *v, const struct length_ctx *lc, int arg)
{
	float *field = arg == 0 ? &s->letter_spacing : arg == 1 ? &s->word_spacing : &s->border_spacing;
	if (v->n == 1 && is_ident(v->v[0], "normal") && arg != 2) {
		*field = 0;
		return 0;
	}
	if (arg == 1 && v->n != 1)
		return -1;
	return v->n >= 1 && v->n <= 2 ? parse_px(v->v[0], lc, arg != 2, field) : -1;
}

/* text-decoration-thickness (arg 0) and text-underline-offset (arg 1): auto, from-font
 * (thickness only), a length, or a percentage of the element's em. */
static int parse_decoration_length(const struct css_node *node, const struct length_ctx *lc,
				   int arg, enum deco_length_kind *kind, float *px)
{
	if (is_ident(node, "auto") || (arg == 1 && is_ident(node, "from-font"))) {
		*kind = DECO_LEN_AUTO;
		*px = 0;
		return 0;
	}
	if (arg == 0 && is_ident(node, "from-font")) {
		*kind = DECO_LEN_FROM_FONT;
		*px = 0;
		return 0;
	}
	struct dim d;
	if (parse_dim(node, lc, false, arg == 1, &d) != 0)
		return -1;
	*kind = DECO_LEN_PX;
	*px = d.kind == DIM_PERCENT ? d.value * lc->font_size / 100 : d.value;
	if (*px > 1000)
		*px = 1000; /* a line thicker than a page is never meant */
	if (*px < -1000)
		*px = -1000;
	return 0;
}

static int apply_decoration_length(const struct property_context *ctx, struct style *s,
				   const struct values *v, const struct length_ctx *lc, int arg)
{
	if (v->n != 1)
		return -1;
	return arg == 0 ? parse_decoration_length(v->v[0], lc, 0, &s->decoration_thickness_kind,
						   &s->decoration_thickness)
			: parse_decoration_length(v->v[0], lc, 1, &s->underline_offset_kind,
						  &s->underline_offset);
}

static int apply_decoration_color(const struct property_context *ctx, struct style *s,
				  const struct values *v, const struct length_ctx *lc, int arg)
{
	bool current = false;
	struct css_color c = { 0, 0, 0, 1 };
	if (v->n != 1 || css_value_color(v->v[0], &c, &current) != 0)
		return -1;
	s->decoration_color_current = current;
	s->decoration_color = current ? (struct css_color){ 0, 0, 0, 1 } : c;
	return 0;
}

/* text-decoration (arg 0): line || style || colour || thickness, each reset when left
 * out; text-decoration-line (arg 1): none, or lines in any order, each once. */
static int apply_text_decoration(const struct property_context *ctx, struct style *s,
				 const struct values *v, const struct length_ctx *lc, int arg)
{
	unsigned lines = 0;
	bool have_none = false, have_style = false, have_color = false, have_thickness = false;
	int style = DECO_SOLID;
	struct css_color color = { 0, 0, 0, 1 };
	bool current = true;
	enum deco_length_kind tkind = DECO_LEN_AUTO;
	float thickness = 0;
	for (size_t i = 0; i < v->n; i++) {
		int bit;
		bool is_current = false;
		struct css_color c;
		if (is_ident(v->v[i], "none") && !have_none && !lines) {
			have_none = true;
		} else if (keyword_lookup(v->v[i], decoration_line_keywords, &bit) == 0 && !have_none &&
			   !(lines & (unsigned)bit)) {
			lines |= (unsigned)bit;
		} else if (is_ident(v->v[i], "blink") && !have_none) {
			continue; /* may be ignored, as CSS says */
		} else if (arg == 1) {
			return -1;
		} else if (!have_style && keyword_lookup(v->v[i], decoration_style_keywords, &style) == 0) {
			have_style = true;
		} else if (!have_color && css_value_color(v->v[i], &c, &is_current) == 0) {
			have_color = true;
			current = is_current;
			if (!is_current)
				color = c;
		} else if (!have_thickness &&
			   parse_decoration_length(v->v[i], lc, 0, &tkind, &thickness) == 0) {
			have_thickness = true;
		} else {
			return -1;
		}
	}
	s->decoration_lines = lines;
	if (arg == 1)
		return 0;
	s->decoration_style = (enum decoration_style)style;
	s->decoration_color = color;
	s->decoration_color_current = current;
	s->decoration_thickness_kind = tkind;
	s->decoration_thickness = thickness;
	return 0;
}

/* tab-size: a number of spaces or a length, never negative. */
static int apply_tab_size(const struct property_context *ctx, struct style *s,
			  const struct values *v, const struct length_ctx *lc, int arg)
{
	if (v->n != 1)
		return -1;
	const struct css_node *n = v->v[0];
	if (n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_NUMBER) {
		if (n->tok.number < 0)
			return -1;
		s->tab_size = (float)(n->tok.number > 1000 ? 1000 : n->tok.number);
		s->tab_size_px = false;
		return 0;
	}
	float px;
	if (parse_px(n, lc, false, &px) != 0)
		return -1;
	s->tab_size = px;
	s->tab_size_px = true;
	return 0;
}

static int apply_int(const struct property_context *ctx, struct style *s, const struct values *v,
		     const struct length_ctx *lc, int arg)
{
	int *field = arg == 0 ? &s->orphans : arg == 1 ? &s->widows : &s->column_count;
	if (arg == 2 && v->n == 1 && is_ident(v->v[0], "auto")) {
		*field = 1;
		return 0;
	}
	if (v->n != 1 || v->v[0]->kind != CSS_NODE_TOKEN || v->v[0]->tok.type != CSS_TOK_NUMBER ||
	    !v->v[0]->tok.is_integer || v->v[0]->tok.number < 1 || v->v[0]->tok.number > 1000)
		return -1;
	*field = (int)v->v[0]->tok.number;
	return 0;
}

static int apply_column_gap(const struct property_context *ctx, struct style *s,
			    const struct values *v, const struct length_ctx *lc, int arg)
{
	if (v->n == 1 && is_ident(v->v[0], "normal")) {
		s->column_gap = s->font_size;
		return 0;
	}
	return v->n == 1 ? parse_px(v->v[0], lc, false, &s->column_gap) : -1;
}

/* column-rule: like a border (arg 0), or one of its longhands: 1 width, 2 style, 3 colour. */
static int apply_column_rule(const struct property_context *ctx, struct style *s,
			     const struct values *v, const struct length_ctx *lc, int arg)
{
	float width = s->column_rule_width;
	enum border_style bstyle = s->column_rule_style;
	struct css_color color = s->column_rule_color;
	bool current = s->column_rule_current;
	int st;
	if (arg == 0) {
		if (parse_border(v, lc, &width, &bstyle, &color, &current) != 0)
			return -1;
	} else if (v->n != 1) {
		return -1;
	} else if (arg == 1) {
		if (parse_border_width(v->v[0], lc, &width) != 0)
			return -1;
	} else if (arg == 2) {
		if (keyword_lookup(v->v[0], border_style_keywords, &st) != 0)
			return -1;
		bstyle = (enum border_style)st;
	} else {
		current = false;
		if (css_value_color(v->v[0], &color, &current) != 0)
			return -1;
	}
	s->column_rule_width = width;
	s->column_rule_style = bstyle;
	s->column_rule_color = color;
	s->column_rule_current = current;
	return 0;
}

/* columns: a count, a width (ignored: the count decides), or both. */
static int apply_columns(const struct property_context *ctx, struct style *s,
			 const struct values *v, const struct length_ctx *lc, int arg)
{
	bool have_count = false;
	for (size_t i = 0; i < v->n; i++) {
		const struct css_node *n = v->v[i];
		float px;
		if (is_ident(n, "auto"))
			continue;
		if (n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_NUMBER && n->tok.is_integer &&
		    n->tok.number >= 1 && n->tok.number <= 1000 && !have_count) {
			s->column_count = (int)n->tok.number;
			have_count = true;
		} else if (parse_px(n, lc, false, &px) != 0) {
			return -1;
		}
	}
	return v->n ? 0 : -1;
}

static int apply_content(const struct property_context *ctx, struct style *s,
			 const struct values *v, const struct length_ctx *lc, int arg)
{
	if (v->n == 1 && (is_ident(v->v[0], "none") || is_ident(v->v[0], "normal"))) {
		s->content = NULL;
		s->content_none = true;
		return 0;
	}
	size_t next;
	struct content_item *items;
	if (parse_content_list(ctx->arena, v, 0, &next, &items) != 0 || next != v->n)
		return -1;
	s->content = items;
	s->content_none = false;
	return 0;
}

/* arg: 0 counter-reset, 1 counter-increment, 2 counter-set. */
static int apply_counter(const struct property_context *ctx, struct style *s,
			 const struct values *v, const struct length_ctx *lc, int arg)
{
	struct counter_op **field = arg == 0 ? &s->counter_reset
				    : arg == 1 ? &s->counter_increment : &s->counter_set;
	return parse_counter_ops(ctx->arena, v, arg == 1 ? 1 : 0, field);
}

static int apply_string_set(const struct property_context *ctx, struct style *s,
			    const struct values *v, const struct length_ctx *lc, int arg)
{
	return parse_string_set(ctx->arena, v, &s->string_set);
}

static int apply_page(const struct property_context *ctx, struct style *s, const struct values *v,
		      const struct length_ctx *lc, int arg)
{
	if (v->n != 1 || !ident_of(v->v[0]))
		return -1;
	s->page = is_ident(v->v[0], "auto") ? NULL : arena_strdup(ctx->arena, ident_of(v->v[0]));
	return 0;
}

/* Properties of two keywords, a flag each. arg: 0 border-collapse, 1 table-layout,
 * 2 visibility, 3 box-sizing, 4 list-style-position. */
static int apply_flag(const struct property_context *ctx, struct style *s, const struct values *v,
		      const struct length_ctx *lc, int arg)
{
	static const char *const yes[] = { "collapse", "fixed", "visible", "border-box", "inside" };
	static const char *const no[] = { "separate", "auto", "hidden", "content-box", "outside" };
	bool *fields[] = { &s->border_collapse, &s->table_fixed, &s->visible, &s->border_box,
			   &s->list_style_inside };
	if (v->n != 1)
		return -1;
	if (is_ident(v->v[0], yes[arg]))
		*fields[arg] = true;
	else if (is_ident(v->v[0], no[arg]) || (arg == 2 && is_ident(v->v[0], "collapse")))
		*fields[arg] = false;
	else
		return -1;
	return 0;
}

/* all: only the CSS-wide keywords, which property_apply handles. */
static int apply_all(const struct property_context *ctx, struct style *s, const struct values *v,
		     const struct length_ctx *lc, int arg)
{
	return -1;
}

/* Properties accepted so that common stylesheets stay quiet, with no effect on paper. */
static int apply_ignored(const struct property_context *ctx, struct style *s,
			 const struct values *v, const struct length_ctx *lc, int arg)
{
	return 0;
}

static const struct property properties[] = {
	{ "all", apply_all, 0, NO_FIELD, NO_FIELD, NO_FIELD, NO_FIELD },
	{ "display", apply_enum, 17, FIELD(display), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "margin", apply_box_shorthand, 0, FIELD(margin), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "margin-top", apply_margin_side, SIDE_TOP, FIELD(margin[0]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "margin-right", apply_margin_side, SIDE_RIGHT, FIELD(margin[1]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "margin-bottom", apply_margin_side, SIDE_BOTTOM, FIELD(margin[2]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "margin-left", apply_margin_side, SIDE_LEFT, FIELD(margin[3]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "padding", apply_box_shorthand, 1, FIELD(padding), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "padding-top", apply_padding_side, SIDE_TOP, FIELD(padding[0]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "padding-right", apply_padding_side, SIDE_RIGHT, FIELD(padding[1]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "padding-bottom", apply_padding_side, SIDE_BOTTOM, FIELD(padding[2]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "padding-left", apply_padding_side, SIDE_LEFT, FIELD(padding[3]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border", apply_border, 4, FIELD(border_width), FIELD(border_style), FIELD(border_color), FIELD(border_color_current) },
	{ "border-top", apply_border, 0, FIELD(border_width[0]), FIELD(border_style[0]), FIELD(border_color[0]), FIELD(border_color_current[0]) },
	{ "border-right", apply_border, 1, FIELD(border_width[1]), FIELD(border_style[1]), FIELD(border_color[1]), FIELD(border_color_current[1]) },
	{ "border-bottom", apply_border, 2, FIELD(border_width[2]), FIELD(border_style[2]), FIELD(border_color[2]), FIELD(border_color_current[2]) },
	{ "border-left", apply_border, 3, FIELD(border_width[3]), FIELD(border_style[3]), FIELD(border_color[3]), FIELD(border_color_current[3]) },
	{ "border-width", apply_border_width, 4, FIELD(border_width), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-top-width", apply_border_width, 0, FIELD(border_width[0]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-right-width", apply_border_width, 1, FIELD(border_width[1]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-bottom-width", apply_border_width, 2, FIELD(border_width[2]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-left-width", apply_border_width, 3, FIELD(border_width[3]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-style", apply_border_style, 4, FIELD(border_style), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-top-style", apply_border_style, 0, FIELD(border_style[0]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-right-style", apply_border_style, 1, FIELD(border_style[1]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-bottom-style", apply_border_style, 2, FIELD(border_style[2]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-left-style", apply_border_style, 3, FIELD(border_style[3]), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-color", apply_border_color, 4, FIELD(border_color), FIELD(border_color_current), NO_FIELD, NO_FIELD },
	{ "border-top-color", apply_border_color, 0, FIELD(border_color[0]), FIELD(border_color_current[0]), NO_FIELD, NO_FIELD },
	{ "border-right-color", apply_border_color, 1, FIELD(border_color[1]), FIELD(border_color_current[1]), NO_FIELD, NO_FIELD },
	{ "border-bottom-color", apply_border_color, 2, FIELD(border_color[2]), FIELD(border_color_current[2]), NO_FIELD, NO_FIELD },
	{ "border-left-color", apply_border_color, 3, FIELD(border_color[3]), FIELD(border_color_current[3]), NO_FIELD, NO_FIELD },
	{ "border-radius", apply_border_radius, 0, FIELD(border_radius), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "color", apply_color, 0, FIELD(color), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "background-color", apply_background, 0, FIELD(background), FIELD(background_current), NO_FIELD, NO_FIELD },
	{ "background", apply_background, 0, FIELD(background), FIELD(background_current), NO_FIELD, NO_FIELD },
	{ "width", apply_size, 0, FIELD(width), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "height", apply_size, 1, FIELD(height), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "min-height", apply_size, 2, FIELD(min_height), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "max-width", apply_size, 3, FIELD(max_width), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "min-width", apply_size, 5, FIELD(min_width), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "max-height", apply_size, 6, FIELD(max_height), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "box-sizing", apply_flag, 3, FIELD(border_box), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "opacity", apply_opacity, 0, FIELD(opacity), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "outline", apply_outline, 0, FIELD(outline_width), FIELD(outline_style), FIELD(outline_color),
	  FIELD(outline_color_current) },
	{ "outline-width", apply_outline, 1, FIELD(outline_width), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "outline-style", apply_outline, 2, FIELD(outline_style), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "outline-color", apply_outline, 3, FIELD(outline_color), FIELD(outline_color_current), NO_FIELD, NO_FIELD },
	{ "outline-offset", apply_outline, 4, FIELD(outline_offset), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "text-indent", apply_size, 4, FIELD(text_indent), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-family", apply_font_family, 0, FIELD(font_family), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-size", apply_font_size, 0, FIELD(font_size), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-weight", apply_font_weight, 0, FIELD(font_weight), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-style", apply_font_style, 0, FIELD(font_style), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font", apply_font, 0, FIELDS(font_family, line_height), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-stretch", apply_font_stretch, 0, FIELD(font_stretch), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-variant", apply_font_variant, 0, FIELD(font_variant_caps), FIELD(font_variant_numeric), FIELD(font_variant_ligatures), NO_FIELD },
	{ "font-variant-caps", apply_enum, 18, FIELD(font_variant_caps), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-variant-numeric", apply_font_variant_bits, 0, FIELD(font_variant_numeric), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-variant-ligatures", apply_font_variant_bits, 1, FIELD(font_variant_ligatures), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-kerning", apply_enum, 19, FIELD(font_kerning), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "font-feature-settings", apply_font_feature_settings, 0, FIELD(font_feature_settings), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "line-height", apply_line_height, 0, FIELD(line_height_kind), FIELD(line_height), NO_FIELD, NO_FIELD },
	{ "text-align", apply_enum, 0, FIELD(text_align), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "text-transform", apply_enum, 1, FIELD(text_transform), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "white-space", apply_enum, 2, FIELD(white_space), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "vertical-align", apply_enum, 3, FIELD(vertical_align), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "list-style-type", apply_enum, 4, FIELD(list_style_type), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "break-before", apply_enum, 5, FIELD(break_before), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "break-after", apply_enum, 6, FIELD(break_after), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "break-inside", apply_enum, 7, FIELD(break_inside), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "page-break-before", apply_enum, 8, FIELD(break_before), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "page-break-after", apply_enum, 9, FIELD(break_after), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "page-break-inside", apply_enum, 10, FIELD(break_inside), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "float", apply_enum, 11, FIELD(float_side), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "clear", apply_enum, 12, FIELD(clear), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "list-style-position", apply_flag, 4, FIELD(list_style_inside), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "list-style", apply_list_style, 0, FIELD(list_style_type), FIELD(list_style_inside), NO_FIELD, NO_FIELD },
	{ "letter-spacing", apply_spacing, 0, FIELD(letter_spacing), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-spacing", apply_spacing, 2, FIELD(border_spacing), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "orphans", apply_int, 0, FIELD(orphans), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "widows", apply_int, 1, FIELD(widows), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "column-count", apply_int, 2, FIELD(column_count), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "column-gap", apply_column_gap, 0, FIELD(column_gap), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "columns", apply_columns, 0, FIELD(column_count), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "column-rule", apply_column_rule, 0, FIELD(column_rule_width), FIELD(column_rule_style), FIELD(column_rule_color), FIELD(column_rule_current) },
	{ "column-rule-width", apply_column_rule, 1, FIELD(column_rule_width), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "column-rule-style", apply_column_rule, 2, FIELD(column_rule_style), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "column-rule-color", apply_column_rule, 3, FIELD(column_rule_color), FIELD(column_rule_current), NO_FIELD, NO_FIELD },
	{ "column-fill", apply_ignored, 0, NO_FIELD, NO_FIELD, NO_FIELD, NO_FIELD },
	{ "content", apply_content, 0, FIELD(content), FIELD(content_none), NO_FIELD, NO_FIELD },
	{ "counter-reset", apply_counter, 0, FIELD(counter_reset), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "counter-increment", apply_counter, 1, FIELD(counter_increment), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "counter-set", apply_counter, 2, FIELD(counter_set), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "string-set", apply_string_set, 0, FIELD(string_set), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "page", apply_page, 0, FIELD(page), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "border-collapse", apply_flag, 0, FIELD(border_collapse), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "table-layout", apply_flag, 1, FIELD(table_fixed), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "text-decoration", apply_text_decoration, 0, FIELD(decoration_lines), FIELD(decoration_style), TEXT_DECORATION_REST, NO_FIELD },
	{ "text-decoration-line", apply_text_decoration, 1, FIELD(decoration_lines), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "hyphens", apply_enum, 15, FIELD(hyphens), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "hyphenate-character", apply_hyphenate_character, 0, FIELD(hyphenate_character), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "visibility", apply_flag, 2, FIELD(visible), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "overflow-wrap", apply_enum, 13, FIELD(overflow_wrap), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "word-wrap", apply_enum, 13, FIELD(overflow_wrap), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "word-break", apply_enum, 14, FIELD(word_break), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "word-spacing", apply_spacing, 1, FIELD(word_spacing), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "tab-size", apply_tab_size, 0, FIELD(tab_size), FIELD(tab_size_px), NO_FIELD, NO_FIELD },
	{ "text-decoration-style", apply_enum, 16, FIELD(decoration_style), NO_FIELD, NO_FIELD, NO_FIELD },
	{ "text-decoration-color", apply_decoration_color, 0, FIELD(decoration_color), FIELD(decoration_color_current), NO_FIELD, NO_FIELD },
	{ "text-decoration-thickness", apply_decoration_length, 0, FIELD(decoration_thickness_kind), FIELD(decoration_thickness), NO_FIELD, NO_FIELD },
	{ "text-underline-offset", apply_decoration_length, 1, FIELD(underline_offset_kind), FIELD(underline_offset), NO_FIELD, NO_FIELD },
	/* No effect on a printed page, accepted without a warning. */
	{ "cursor", apply_ignored, 0, NO_FIELD, NO_FIELD, NO_FIELD, NO_FIELD },
	{ "transition", apply_ignored, 0, NO_FIELD, NO_FIELD, NO_FIELD, NO_FIELD },
	{ "-webkit-print-color-adjust", apply_ignored, 0, NO_FIELD, NO_FIELD, NO_FIELD, NO_FIELD },
	{ "print-color-adjust", apply_ignored, 0, NO_FIELD, NO_FIELD, NO_FIELD, NO_FIELD },

};

enum { N_PROPERTIES = sizeof properties / sizeof properties[0] };

/* The properties by name, for a binary search: every declaration of every element
 * is looked up. Made once, then only read. */
static const struct property *by_name[N_PROPERTIES];
static pthread_once_t by_name_made = PTHREAD_ONCE_INIT;

static int compare_names(const void *a, const void *b)
{
	const struct property *const *x = a, *const *y = b;
	return strcasecmp((*x)->name, (*y)->name);
}

static void make_by_name(void)
{
	for (size_t i = 0; i < N_PROPERTIES; i++)
		by_name[i] = &properties[i];
	qsort(by_name, N_PROPERTIES, sizeof *by_name, compare_names);
}

static int compare_key(const void *key, const void *item)
{
	const struct property *const *p = item;
	return strcasecmp(key, (*p)->name);
}

static const struct property *property_find(const char *name)
{
	pthread_once(&by_name_made, make_by_name);
	const struct property *const *found = bsearch(name, by_name, N_PROPERTIES, sizeof *by_name, compare_key);
	return found ? *found : NULL;
}

bool property_is_known(const char *name)
{
	return property_find(name) != NULL;
}

enum property_phase property_phase(const struct css_decl *decl)
{
	char c = (char)(decl->name[0] | 0x20); /* ASCII lower case, to skip most names at once */
	if (c != 'f' && c != 'a')
		return PHASE_OTHER;
	if (strcasecmp(decl->name, "font-size") == 0 || strcasecmp(decl->name, "font") == 0 ||
	    strcasecmp(decl->name, "all") == 0)
		return PHASE_FONT_SIZE;
	return PHASE_OTHER;
}

bool property_in_phase(const struct css_decl *decl, enum property_phase phase)
{
	if (property_phase(decl) == PHASE_OTHER)
		return phase == PHASE_OTHER;
	/* font and all set the font size first, then the rest. */
	return phase == PHASE_FONT_SIZE || strcasecmp(decl->name, "font-size") != 0;
}

enum property_keyword property_keyword(const struct css_decl *decl)
{
	static const char *const words[] = { "inherit", "initial", "unset", "revert", "revert-layer" };
	const struct css_node *only = NULL;
	for (size_t i = 0; i < decl->n_value; i++) {
		const struct css_node *node = &decl->value[i];
		if (node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_WHITESPACE)
			continue;
		if (only)
			return PK_NONE;
		only = node;
	}
	for (size_t k = 0; only && k < sizeof words / sizeof words[0]; k++)
		if (is_ident(only, words[k]))
			return (enum property_keyword)(PK_INHERIT + k);
	return PK_NONE;
}

static void copy_fields(struct style *dst, const struct style *src, const struct property *p)
{
	if (p->len)
		memcpy((char *)dst + p->off, (const char *)src + p->off, p->len);
	if (p->len2)
		memcpy((char *)dst + p->off2, (const char *)src + p->off2, p->len2);
	if (p->len3)
		memcpy((char *)dst + p->off3, (const char *)src + p->off3, p->len3);
	if (p->len4)
		memcpy((char *)dst + p->off4, (const char *)src + p->off4, p->len4);
}

/* Copies what p sets from src to dst. font and all set only the font size in the
 * first phase, and everything but the font size in the second; all leaves the
 * language (an HTML attribute) and the custom properties alone. */
static void copy_property(struct style *dst, const struct style *src, const struct property *p,
			  enum property_phase phase)
{
	bool both = p->apply == apply_font || p->apply == apply_all;
	if (both && phase == PHASE_FONT_SIZE) {
		dst->font_size = src->font_size;
		return;
	}
	float size = dst->font_size;
	if (p->apply == apply_all) {
		const char *lang = dst->lang;
		const struct custom_props *custom = dst->custom;
		int colspan = dst->colspan, rowspan = dst->rowspan;
		memcpy(dst, src, sizeof *dst);
		dst->lang = lang;
		dst->custom = custom;
		dst->colspan = colspan;
		dst->rowspan = rowspan;
	} else {
		copy_fields(dst, src, p);
	}
	if (both)
		dst->font_size = size;
}

void property_copy(const char *name, enum property_phase phase, struct style *dst,
		   const struct style *src)
{
	const struct property *p = property_find(name);
	if (p)
		copy_property(dst, src, p, phase);
}

/* Values the engine takes but lays out or draws otherwise than a browser does: each
 * declaration using one is warned about once, saying what is done instead. A
 * property name ending in '*' stands for every property it starts. */
struct approximation {
	const char *property;
	const char *keyword;
	const char *instead;
};
static const struct approximation approximations[] = {
	{ "display", "flex", "laid out as 'block' (flex layout is not supported)" },
	{ "display", "grid", "laid out as 'block' (grid layout is not supported)" },
	{ "display", "contents", "laid out as 'inline' (its box is not left out)" },
	{ "display", "inline-table", "laid out as 'table', on a line of its own" },
	{ "border*", "groove", "drawn 'solid'" },
	{ "border*", "ridge", "drawn 'solid'" },
	{ "border*", "inset", "drawn 'solid'" },
	{ "border*", "outset", "drawn 'solid'" },
	{ "outline*", "groove", "drawn 'solid'" },
	{ "outline*", "ridge", "drawn 'solid'" },
	{ "outline*", "inset", "drawn 'solid'" },
	{ "outline*", "outset", "drawn 'solid'" },
	{ "column-rule*", "groove", "drawn 'solid'" },
	{ "column-rule*", "ridge", "drawn 'solid'" },
	{ "column-rule*", "inset", "drawn 'solid'" },
	{ "column-rule*", "outset", "drawn 'solid'" },
	{ "white-space", "break-spaces", "laid out as 'pre-wrap'" },
	{ "vertical-align", "text-top", "aligned as 'top'" },
	{ "vertical-align", "text-bottom", "aligned as 'bottom'" },
	{ "break*", "avoid-column", "not honoured" },
	{ "column-fill", "auto", "not honoured: columns are balanced" },
};

const char *property_approximation(const struct css_decl *decl, const char **keyword)
{
	if (strcasecmp(decl->name, "opacity") == 0 && decl->n_value >= 1 &&
	    decl->value[0].kind == CSS_NODE_TOKEN &&
	    ((decl->value[0].tok.type == CSS_TOK_NUMBER && decl->value[0].tok.number < 1) ||
	     (decl->value[0].tok.type == CSS_TOK_PERCENTAGE && decl->value[0].tok.number < 100))) {
		*keyword = NULL; /* the value is any number below 1 */
		return "below 1 is applied to each thing the box and its descendants paint, not "
		       "to them as one group: where they overlap, they show through each other";
	}
	for (size_t i = 0; i < sizeof approximations / sizeof approximations[0]; i++) {
		const struct approximation *a = &approximations[i];
		size_t n = strlen(a->property);
		bool prefix = a->property[n - 1] == '*';
		if (prefix ? strncasecmp(decl->name, a->property, n - 1) != 0
			   : strcasecmp(decl->name, a->property) != 0)
			continue;
		for (size_t k = 0; k < decl->n_value; k++) {
			const char *id = ident_of(&decl->value[k]);
			if (id && strcasecmp(id, a->keyword) == 0) {
				*keyword = a->keyword;
				return a->instead;
			}
		}
	}
	return NULL;
}

int property_apply(const struct property_context *ctx, struct style *s, const struct css_decl *decl)
{
	const struct property *p = property_find(decl->name);
	struct values v;
	if (!p || values_collect(decl, &v) != 0)
		return -1;
	/* The CSS-wide keywords all start with i, u or r. */
	const char *id = v.n == 1 ? ident_of(v.v[0]) : NULL;
	char c = id ? (char)(id[0] | 0x20) : 0;
	enum property_keyword word = c == 'i' || c == 'u' || c == 'r' ? property_keyword(decl) : PK_NONE;
	if (word != PK_NONE) {
		/* unset: inherit for inherited properties, initial for the others. revert
		 * and revert-layer reach here only where no earlier origin or layer has a
		 * value (the cascade rolls them back itself): they are unset. */
		bool inherited = p->off < offsetof(struct style, display);
		if (word == PK_INHERIT || (word != PK_INITIAL && inherited && p->apply != apply_all)) {
			copy_property(s, ctx->parent, p, ctx->phase);
		} else if (word == PK_INITIAL || p->apply != apply_all) {
			copy_property(s, ctx->initial, p, ctx->phase);
		} else {
			/* all: unset: the inherited properties from the parent, the others initial. */
			struct style from;
			memcpy(&from, ctx->parent, sizeof from);
			property_reset_non_inherited(&from, ctx->initial);
			copy_property(s, &from, p, ctx->phase);
		}
		return 0;
	}
	if (p->apply == apply_all)
		return -1; /* all takes only the CSS-wide keywords */
	/* em in font-size means the parent's size; everywhere else the element's own. */
	struct length_ctx lc = { s->font_size, ctx->root_font_size, ctx->arena };
	int arg = p->apply == apply_font ? (int)ctx->phase : p->arg;
	return p->apply(ctx, s, &v, &lc, arg);
}

void property_initial(struct style *s)
{
	memset(s, 0, sizeof *s);
	s->font_family = "serif";
	s->font_size = 16;
	s->font_weight = 400;
	s->font_stretch = 100;
	s->line_height_kind = LH_NORMAL;
	s->color = (struct css_color){ 0, 0, 0, 1 };
	s->text_align = ALIGN_START;
	s->list_style_type = LIST_DISC;
	s->orphans = 2;
	s->widows = 2;
	s->visible = true;
	s->display = DISPLAY_INLINE;
	for (int i = 0; i < 4; i++) {
		s->border_width[i] = 3; /* medium, drawn only with a style */
		s->border_color_current[i] = true;
	}
	s->width = s->height = (struct dim){ DIM_AUTO, 0, NULL };
	s->max_width = s->max_height = (struct dim){ DIM_NONE, 0, NULL };
	s->alpha = s->opacity = 1;
	s->outline_width = 3; /* medium, drawn only with a style */
	s->outline_color_current = true;
	s->column_count = 1;
	s->column_gap = 16;
	s->column_rule_width = 3;
	s->column_rule_current = true;
	s->tab_size = 8;
	s->decoration_color_current = true;
}

void property_resolve_current_color(struct style *s)
{
	if (s->background_current)
		s->background = s->color;
	if (s->decoration_color_current)
		s->decoration_color = s->color;
}

void property_reset_non_inherited(struct style *s, const struct style *initial)
{
	size_t from = offsetof(struct style, display);
	memcpy((char *)s + from, (const char *)initial + from, sizeof *s - from);
}
