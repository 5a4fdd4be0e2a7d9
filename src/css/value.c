/* CSS values: lengths (CSS Values 4) and colours (CSS Color 4) from component values. */
#include "css/value.h"
#include "base/arena.h"
#include "css/colour.h"
#include "css/syntax.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive equality; any non-ASCII byte must match exactly (so a
 * KELVIN SIGN never passes for a 'k'). */
static bool ascii_equal_ignoring_case(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

static bool is_token(const struct css_node *node, enum css_token_type type)
{
	return node && node->kind == CSS_NODE_TOKEN && node->tok.type == type;
}

/* ------------------------------------------------------------------ lengths */

static const struct {
	const char *name;
	enum css_unit unit;
} length_units[] = {
	{ "px", CSS_UNIT_PX }, { "pt", CSS_UNIT_PT },	{ "pc", CSS_UNIT_PC },
	{ "mm", CSS_UNIT_MM }, { "cm", CSS_UNIT_CM },	{ "in", CSS_UNIT_IN },
	{ "q", CSS_UNIT_Q },   { "em", CSS_UNIT_EM },	{ "rem", CSS_UNIT_REM },
	{ "ex", CSS_UNIT_EX }, { "ch", CSS_UNIT_CH },
};

int css_value_length(const struct css_node *node, bool allow_number, struct css_length *out)
{
	if (is_token(node, CSS_TOK_DIMENSION)) {
		for (size_t i = 0; i < sizeof length_units / sizeof length_units[0]; i++) {
			if (ascii_equal_ignoring_case(node->tok.unit, length_units[i].name)) {
				*out = (struct css_length){ node->tok.number, length_units[i].unit };
				return 0;
			}
		}
		return -1;
	}
	if (is_token(node, CSS_TOK_PERCENTAGE)) {
		*out = (struct css_length){ node->tok.number, CSS_UNIT_PERCENT };
		return 0;
	}
	if (is_token(node, CSS_TOK_NUMBER)) {
		if (allow_number) {
			*out = (struct css_length){ node->tok.number, CSS_UNIT_NUMBER };
			return 0;
		}
		if (node->tok.number == 0) {
			*out = (struct css_length){ 0, CSS_UNIT_PX }; /* unitless zero is 0px */
			return 0;
		}
	}
	return -1;
}

double css_length_to_px(struct css_length len, const struct css_length_context *ctx)
{
	double font_size = ctx ? ctx->font_size : 16;
	double root_font_size = ctx ? ctx->root_font_size : 16;
	double percent_base = ctx ? ctx->percent_base : -1;
	switch (len.unit) {
	case CSS_UNIT_NUMBER: /* only a unitless number where a length may be one */
	case CSS_UNIT_PX: return len.value;
	case CSS_UNIT_PT: return len.value * 96.0 / 72.0;
	case CSS_UNIT_PC: return len.value * 16.0;
	case CSS_UNIT_MM: return len.value * 96.0 / 25.4;
	case CSS_UNIT_CM: return len.value * 96.0 / 2.54;
	case CSS_UNIT_IN: return len.value * 96.0;
	case CSS_UNIT_Q: return len.value * 96.0 / 101.6;
	case CSS_UNIT_EM: return len.value * font_size;
	case CSS_UNIT_REM: return len.value * root_font_size;
	case CSS_UNIT_EX:
	case CSS_UNIT_CH: return len.value * font_size / 2;
	case CSS_UNIT_PERCENT: return percent_base < 0 ? 0 : len.value * percent_base / 100.0;
	}
	return 0;
}

/* ------------------------------------------------------------ math functions */

static bool is_whitespace_node(const struct css_node *node)
{
	return is_token(node, CSS_TOK_WHITESPACE);
}

static bool is_delim(const struct css_node *node, unsigned c)
{
	return is_token(node, CSS_TOK_DELIM) && node->tok.delim == c;
}

/* A value being computed: folded into v, or (only when an arena is given) a tree
 * that layout evaluates once it knows what percentages refer to. A tree is always a
 * length. */
struct calc_term {
	struct css_calc v;                /* the value, when tree is NULL */
	const struct css_calc_tree *tree; /* else this */
};

enum calc_op { CALC_SUM, CALC_SCALE, CALC_MIN, CALC_MAX, CALC_CLAMP };

struct css_calc_tree {
	enum calc_op op;
	double k;               /* CALC_SCALE: the factor */
	size_t n;               /* operands: 2 for a sum, 1 scaled, 3 clamped, n compared */
	struct calc_term *args;
};

/* Where trees go: NULL when the value must fold (css_value_calc). */
struct calc_build {
	struct arena *arena;
	const struct css_length_context *ctx;
};

static int calc_sum(const struct calc_build *b, const struct css_node *n, size_t len,
		    struct calc_term *out);

static double calc_key(const struct css_calc *c)
{
	return c->is_number ? c->number : c->has_percent ? c->percent : c->px;
}

static struct calc_term calc_tree_term(const struct calc_build *b, enum calc_op op, double k,
				       const struct calc_term *args, size_t n)
{
	struct css_calc_tree *t = arena_alloc(b->arena, sizeof *t);
	t->op = op;
	t->k = k;
	t->n = n;
	t->args = arena_alloc(b->arena, n * sizeof *t->args);
	memcpy(t->args, args, n * sizeof *args);
	struct calc_term term = { { .has_percent = true }, t };
	return term;
}

/* min(), max() or clamp() (which: CALC_MIN, CALC_MAX, CALC_CLAMP): arguments split
 * at commas, all numbers or all lengths. Folded when the lengths are all
 * percentages or none are; else a tree (or -1 with no arena). */
static int calc_compare(const struct calc_build *b, const struct css_node *fn, enum calc_op which,
			struct calc_term *out)
{
	struct calc_term args[32];
	size_t n_args = 0, from = 0;
	bool pct = false, px = false, tree = false;
	for (size_t i = 0; i <= fn->n_children; i++) {
		if (i < fn->n_children && !is_token(&fn->children[i], CSS_TOK_COMMA))
			continue;
		struct calc_term arg;
		if (n_args == sizeof args / sizeof args[0] ||
		    calc_sum(b, fn->children + from, i - from, &arg) != 0)
			return -1;
		if (n_args && arg.v.is_number != args[0].v.is_number)
			return -1;
		if (arg.tree) {
			tree = true;
		} else if (!arg.v.is_number) {
			pct |= arg.v.has_percent;
			px |= !arg.v.has_percent || arg.v.px != 0;
		}
		args[n_args++] = arg;
		from = i + 1;
	}
	if (which == CALC_CLAMP && n_args != 3)
		return -1;
	if (tree || (pct && px)) {
		if (!b->arena)
			return -1; /* only layout knows what the percentage is */
		*out = calc_tree_term(b, which, 0, args, n_args);
		return 0;
	}
	struct css_calc best = args[0].v;
	if (which == CALC_CLAMP) {
		/* clamp(MIN, VAL, MAX) is max(MIN, min(VAL, MAX)). */
		best = args[1].v;
		if (calc_key(&best) > calc_key(&args[2].v))
			best = args[2].v;
		if (calc_key(&args[0].v) > calc_key(&best))
			best = args[0].v;
	} else {
		for (size_t i = 1; i < n_args; i++)
			if (which == CALC_MIN ? calc_key(&args[i].v) < calc_key(&best)
					      : calc_key(&args[i].v) > calc_key(&best))
				best = args[i].v;
	}
	*out = (struct calc_term){ best, NULL };
	return 0;
}

static int calc_function(const struct calc_build *b, const struct css_node *node,
			 struct calc_term *out);

/* One value of a product: a number, length, percentage, (sum) or math function. */
static int calc_value(const struct calc_build *b, const struct css_node *node,
		      struct calc_term *out)
{
	*out = (struct calc_term){ { 0 }, NULL };
	struct css_calc *v = &out->v;
	if (is_token(node, CSS_TOK_NUMBER)) {
		v->is_number = true;
		v->number = node->tok.number;
		return 0;
	}
	if (is_token(node, CSS_TOK_PERCENTAGE)) {
		v->percent = node->tok.number;
		v->has_percent = true;
		return 0;
	}
	if (is_token(node, CSS_TOK_DIMENSION)) {
		struct css_length len;
		if (css_value_length(node, false, &len) != 0)
			return -1;
		struct css_length_context c = { b->ctx ? b->ctx->font_size : 16,
						 b->ctx ? b->ctx->root_font_size : 16, -1 };
		v->px = css_length_to_px(len, &c);
		return 0;
	}
	if (node->kind == CSS_NODE_BLOCK && node->block_open == '(')
		return calc_sum(b, node->children, node->n_children, out);
	if (node->kind == CSS_NODE_FUNCTION)
		return calc_function(b, node, out);
	return -1;
}

/* out times k (a number), folded when out is. */
static void calc_scale(const struct calc_build *b, struct calc_term *out, double k)
{
	if (out->tree) {
		*out = calc_tree_term(b, CALC_SCALE, k, out, 1);
		return;
	}
	out->v.number *= k;
	out->v.px *= k;
	out->v.percent *= k;
}

static int calc_product(const struct calc_build *b, const struct css_node *n, size_t len,
			size_t *i, struct calc_term *out)
{
	if (*i >= len || calc_value(b, &n[*i], out) != 0)
		return -1;
	(*i)++;
	for (;;) {
		size_t j = *i;
		while (j < len && is_whitespace_node(&n[j]))
			j++;
		if (j == len || !(is_delim(&n[j], '*') || is_delim(&n[j], '/')))
			return 0;
		bool divide = is_delim(&n[j], '/');
		j++;
		while (j < len && is_whitespace_node(&n[j]))
			j++;
		struct calc_term rhs;
		if (j == len || calc_value(b, &n[j], &rhs) != 0)
			return -1;
		*i = j + 1;
		/* Trees are lengths, so a number is never one. */
		if (divide) {
			if (!rhs.v.is_number || rhs.v.number == 0)
				return -1;
			calc_scale(b, out, 1 / rhs.v.number);
		} else if (!rhs.tree && rhs.v.is_number) {
			calc_scale(b, out, rhs.v.number);
		} else if (!out->tree && out->v.is_number) {
			double k = out->v.number;
			*out = rhs;
			if (out->tree) {
				calc_scale(b, out, k);
			} else {
				out->v.px *= k;
				out->v.percent *= k;
			}
		} else {
			return -1; /* a length times a length */
		}
	}
}

static int calc_sum(const struct calc_build *b, const struct css_node *n, size_t len,
		    struct calc_term *out)
{
	size_t i = 0;
	while (i < len && is_whitespace_node(&n[i]))
		i++;
	if (calc_product(b, n, len, &i, out) != 0)
		return -1;
	for (;;) {
		bool space_before = i < len && is_whitespace_node(&n[i]);
		while (i < len && is_whitespace_node(&n[i]))
			i++;
		if (i == len)
			return 0;
		/* + and - need whitespace on both sides (1px -2px is two values). */
		if (!space_before || !(is_delim(&n[i], '+') || is_delim(&n[i], '-')) ||
		    i + 1 == len || !is_whitespace_node(&n[i + 1]))
			return -1;
		double sign = is_delim(&n[i], '-') ? -1 : 1;
		i++;
		while (i < len && is_whitespace_node(&n[i]))
			i++;
		struct calc_term rhs;
		if (calc_product(b, n, len, &i, &rhs) != 0 || rhs.v.is_number != out->v.is_number)
			return -1;
		if (out->tree || rhs.tree) {
			if (sign < 0)
				calc_scale(b, &rhs, -1);
			struct calc_term pair[2] = { *out, rhs };
			*out = calc_tree_term(b, CALC_SUM, 0, pair, 2);
			continue;
		}
		out->v.number += sign * rhs.v.number;
		out->v.px += sign * rhs.v.px;
		out->v.percent += sign * rhs.v.percent;
		out->v.has_percent |= rhs.v.has_percent;
	}
}

static int calc_function(const struct calc_build *b, const struct css_node *node,
			 struct calc_term *out)
{
	if (!node || node->kind != CSS_NODE_FUNCTION)
		return -1;
	static const struct {
		const char *name;
		enum calc_op op;
	} compare[] = { { "min", CALC_MIN }, { "max", CALC_MAX }, { "clamp", CALC_CLAMP } };
	int rc = -1;
	if (ascii_equal_ignoring_case(node->tok.value, "calc"))
		rc = calc_sum(b, node->children, node->n_children, out);
	for (int k = 0; k < 3; k++)
		if (ascii_equal_ignoring_case(node->tok.value, compare[k].name))
			rc = calc_compare(b, node, compare[k].op, out);
	if (rc == 0 && !out->tree &&
	    !(isfinite(out->v.number) && isfinite(out->v.px) && isfinite(out->v.percent)))
		rc = -1;
	return rc;
}

int css_value_calc(const struct css_node *node, const struct css_length_context *ctx,
		   struct css_calc *out)
{
	struct calc_build b = { NULL, ctx };
	struct calc_term term;
	if (calc_function(&b, node, &term) != 0)
		return -1;
	*out = term.v;
	return 0;
}

int css_value_calc_tree(struct arena *a, const struct css_node *node,
			const struct css_length_context *ctx, struct css_calc *out,
			const struct css_calc_tree **tree)
{
	struct calc_build b = { a, ctx };
	struct calc_term term;
	if (calc_function(&b, node, &term) != 0)
		return -1;
	*out = term.v;
	*tree = term.tree;
	return 0;
}

static double calc_term_px(const struct calc_term *t, double percent_base)
{
	return t->tree ? css_calc_tree_px(t->tree, percent_base)
		       : t->v.px + t->v.percent * percent_base / 100;
}

double css_calc_tree_px(const struct css_calc_tree *t, double percent_base)
{
	double v;
	switch (t->op) {
	case CALC_SUM:
		v = calc_term_px(&t->args[0], percent_base) + calc_term_px(&t->args[1], percent_base);
		break;
	case CALC_SCALE:
		v = calc_term_px(&t->args[0], percent_base) * t->k;
		break;
	case CALC_CLAMP: {
		double lo = calc_term_px(&t->args[0], percent_base);
		double val = calc_term_px(&t->args[1], percent_base);
		double hi = calc_term_px(&t->args[2], percent_base);
		v = fmax(lo, fmin(val, hi));
		break;
	}
	default:
		v = calc_term_px(&t->args[0], percent_base);
		for (size_t i = 1; i < t->n; i++) {
			double x = calc_term_px(&t->args[i], percent_base);
			v = t->op == CALC_MIN ? fmin(v, x) : fmax(v, x);
		}
	}
	return isfinite(v) ? v : 0;
}

/* ------------------------------------------------------------------ colours */

/* CSS Color 4 named colours, sorted for bsearch. */
static const struct named_color {
	const char *name;
	unsigned rgb;
} named_colors[] = {
	{ "aliceblue", 0xf0f8ff },	  { "antiquewhite", 0xfaebd7 },
	{ "aqua", 0x00ffff },		  { "aquamarine", 0x7fffd4 },
	{ "azure", 0xf0ffff },		  { "beige", 0xf5f5dc },
	{ "bisque", 0xffe4c4 },		  { "black", 0x000000 },
	{ "blanchedalmond", 0xffebcd },	  { "blue", 0x0000ff },
	{ "blueviolet", 0x8a2be2 },	  { "brown", 0xa52a2a },
	{ "burlywood", 0xdeb887 },	  { "cadetblue", 0x5f9ea0 },
	{ "chartreuse", 0x7fff00 },	  { "chocolate", 0xd2691e },
	{ "coral", 0xff7f50 },		  { "cornflowerblue", 0x6495ed },
	{ "cornsilk", 0xfff8dc },	  { "crimson", 0xdc143c },
	{ "cyan", 0x00ffff },		  { "darkblue", 0x00008b },
	{ "darkcyan", 0x008b8b },	  { "darkgoldenrod", 0xb8860b },
	{ "darkgray", 0xa9a9a9 },	  { "darkgreen", 0x006400 },
	{ "darkgrey", 0xa9a9a9 },	  { "darkkhaki", 0xbdb76b },
	{ "darkmagenta", 0x8b008b },	  { "darkolivegreen", 0x556b2f },
	{ "darkorange", 0xff8c00 },	  { "darkorchid", 0x9932cc },
	{ "darkred", 0x8b0000 },	  { "darksalmon", 0xe9967a },
	{ "darkseagreen", 0x8fbc8f },	  { "darkslateblue", 0x483d8b },
	{ "darkslategray", 0x2f4f4f },	  { "darkslategrey", 0x2f4f4f },
	{ "darkturquoise", 0x00ced1 },	  { "darkviolet", 0x9400d3 },
	{ "deeppink", 0xff1493 },	  { "deepskyblue", 0x00bfff },
	{ "dimgray", 0x696969 },	  { "dimgrey", 0x696969 },
	{ "dodgerblue", 0x1e90ff },	  { "firebrick", 0xb22222 },
	{ "floralwhite", 0xfffaf0 },	  { "forestgreen", 0x228b22 },
	{ "fuchsia", 0xff00ff },	  { "gainsboro", 0xdcdcdc },
	{ "ghostwhite", 0xf8f8ff },	  { "gold", 0xffd700 },
	{ "goldenrod", 0xdaa520 },	  { "gray", 0x808080 },
	{ "green", 0x008000 },		  { "greenyellow", 0xadff2f },
	{ "grey", 0x808080 },		  { "honeydew", 0xf0fff0 },
	{ "hotpink", 0xff69b4 },	  { "indianred", 0xcd5c5c },
	{ "indigo", 0x4b0082 },		  { "ivory", 0xfffff0 },
	{ "khaki", 0xf0e68c },		  { "lavender", 0xe6e6fa },
	{ "lavenderblush", 0xfff0f5 },	  { "lawngreen", 0x7cfc00 },
	{ "lemonchiffon", 0xfffacd },	  { "lightblue", 0xadd8e6 },
	{ "lightcoral", 0xf08080 },	  { "lightcyan", 0xe0ffff },
	{ "lightgoldenrodyellow", 0xfafad2 }, { "lightgray", 0xd3d3d3 },
	{ "lightgreen", 0x90ee90 },	  { "lightgrey", 0xd3d3d3 },
	{ "lightpink", 0xffb6c1 },	  { "lightsalmon", 0xffa07a },
	{ "lightseagreen", 0x20b2aa },	  { "lightskyblue", 0x87cefa },
	{ "lightslategray", 0x778899 },	  { "lightslategrey", 0x778899 },
	{ "lightsteelblue", 0xb0c4de },	  { "lightyellow", 0xffffe0 },
	{ "lime", 0x00ff00 },		  { "limegreen", 0x32cd32 },
	{ "linen", 0xfaf0e6 },		  { "magenta", 0xff00ff },
	{ "maroon", 0x800000 },		  { "mediumaquamarine", 0x66cdaa },
	{ "mediumblue", 0x0000cd },	  { "mediumorchid", 0xba55d3 },
	{ "mediumpurple", 0x9370db },	  { "mediumseagreen", 0x3cb371 },
	{ "mediumslateblue", 0x7b68ee },  { "mediumspringgreen", 0x00fa9a },
	{ "mediumturquoise", 0x48d1cc },  { "mediumvioletred", 0xc71585 },
	{ "midnightblue", 0x191970 },	  { "mintcream", 0xf5fffa },
	{ "mistyrose", 0xffe4e1 },	  { "moccasin", 0xffe4b5 },
	{ "navajowhite", 0xffdead },	  { "navy", 0x000080 },
	{ "oldlace", 0xfdf5e6 },	  { "olive", 0x808000 },
	{ "olivedrab", 0x6b8e23 },	  { "orange", 0xffa500 },
	{ "orangered", 0xff4500 },	  { "orchid", 0xda70d6 },
	{ "palegoldenrod", 0xeee8aa },	  { "palegreen", 0x98fb98 },
	{ "paleturquoise", 0xafeeee },	  { "palevioletred", 0xdb7093 },
	{ "papayawhip", 0xffefd5 },	  { "peachpuff", 0xffdab9 },
	{ "peru", 0xcd853f },		  { "pink", 0xffc0cb },
	{ "plum", 0xdda0dd },		  { "powderblue", 0xb0e0e6 },
	{ "purple", 0x800080 },		  { "rebeccapurple", 0x663399 },
	{ "red", 0xff0000 },		  { "rosybrown", 0xbc8f8f },
	{ "royalblue", 0x4169e1 },	  { "saddlebrown", 0x8b4513 },
	{ "salmon", 0xfa8072 },		  { "sandybrown", 0xf4a460 },
	{ "seagreen", 0x2e8b57 },	  { "seashell", 0xfff5ee },
	{ "sienna", 0xa0522d },		  { "silver", 0xc0c0c0 },
	{ "skyblue", 0x87ceeb },	  { "slateblue", 0x6a5acd },
	{ "slategray", 0x708090 },	  { "slategrey", 0x708090 },
	{ "snow", 0xfffafa },		  { "springgreen", 0x00ff7f },
	{ "steelblue", 0x4682b4 },	  { "tan", 0xd2b48c },
	{ "teal", 0x008080 },		  { "thistle", 0xd8bfd8 },
	{ "tomato", 0xff6347 },		  { "turquoise", 0x40e0d0 },
	{ "violet", 0xee82ee },		  { "wheat", 0xf5deb3 },
	{ "white", 0xffffff },		  { "whitesmoke", 0xf5f5f5 },
	{ "yellow", 0xffff00 },		  { "yellowgreen", 0x9acd32 },
};

static int compare_color_name(const void *key, const void *entry)
{
	return strcmp(key, ((const struct named_color *)entry)->name);
}

static double clamp_unit(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static int named_color(const char *name, struct css_color *out)
{
	char lower[32];
	size_t len = strlen(name);
	if (len >= sizeof lower)
		return -1;
	for (size_t i = 0; i <= len; i++)
		lower[i] = (char)ascii_lower((unsigned char)name[i]);
	if (strcmp(lower, "transparent") == 0) {
		*out = (struct css_color){ 0, 0, 0, 0 };
		return 0;
	}
	const struct named_color *found =
		bsearch(lower, named_colors, sizeof named_colors / sizeof named_colors[0],
			sizeof named_colors[0], compare_color_name);
	if (!found)
		return -1;
	*out = (struct css_color){ ((found->rgb >> 16) & 0xff) / 255.0,
				   ((found->rgb >> 8) & 0xff) / 255.0, (found->rgb & 0xff) / 255.0,
				   1 };
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)ascii_lower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* #rgb, #rgba, #rrggbb and #rrggbbaa. */
static int hex_color(const char *digits, size_t len, struct css_color *out)
{
	if (len != 3 && len != 4 && len != 6 && len != 8)
		return -1;
	int v[8];
	for (size_t i = 0; i < len; i++)
		if ((v[i] = hex_digit(digits[i])) < 0)
			return -1;
	double channel[4] = { 0, 0, 0, 1 };
	size_t per = len <= 4 ? 1 : 2;
	for (size_t c = 0; c < len / per; c++) {
		int value = per == 1 ? v[c] * 17 : v[2 * c] * 16 + v[2 * c + 1];
		channel[c] = value / 255.0;
	}
	*out = (struct css_color){ channel[0], channel[1], channel[2], channel[3] };
	return 0;
}

/* A function's arguments without whitespace: up to 7 of them (more is an error). */
struct color_args {
	const struct css_node *arg[7];
	size_t n;
	bool legacy;   /* comma-separated: CSS Color 3 syntax */
	bool has_alpha;
};

/* Splits "a, b, c[, d]" or "a b c[ / d]" into values; -1 for any other shape. */
static int split_color_args(const struct css_node *fn, struct color_args *args)
{
	const struct css_node *items[8];
	size_t n = 0;
	for (size_t i = 0; i < fn->n_children; i++) {
		const struct css_node *child = &fn->children[i];
		if (is_token(child, CSS_TOK_WHITESPACE))
			continue;
		if (n == 8)
			return -1;
		items[n++] = child;
	}
	memset(args, 0, sizeof *args);
	if (n >= 2 && is_token(items[1], CSS_TOK_COMMA)) {
		if (n != 5 && n != 7)
			return -1;
		for (size_t i = 0; i < n; i++) {
			bool comma = is_token(items[i], CSS_TOK_COMMA);
			if (comma != (i % 2 == 1))
				return -1;
			if (!comma)
				args->arg[args->n++] = items[i];
		}
		args->legacy = true;
		args->has_alpha = n == 7;
		return 0;
	}
	if (n != 3 && n != 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (i == 3) {
			if (!is_delim(items[i], '/'))
				return -1;
			continue;
		}
		if (is_token(items[i], CSS_TOK_COMMA) || is_delim(items[i], '/'))
			return -1;
		args->arg[args->n++] = items[i];
	}
	args->has_alpha = n == 5;
	return 0;
}

static bool is_none(const struct css_node *node)
{
	return is_token(node, CSS_TOK_IDENT) && ascii_equal_ignoring_case(node->tok.value, "none");
}

/* An <alpha-value> (number or percentage), or none in the modern syntax. */
static int alpha_value(const struct css_node *node, bool legacy, double *out)
{
	if (is_token(node, CSS_TOK_NUMBER))
		*out = clamp_unit(node->tok.number);
	else if (is_token(node, CSS_TOK_PERCENTAGE))
		*out = clamp_unit(node->tok.number / 100);
	else if (!legacy && is_none(node))
		*out = 0;
	else
		return -1;
	return 0;
}

static int rgb_function(const struct color_args *args, struct css_color *out)
{
	double channel[3];
	enum css_token_type first_type = args->arg[0]->tok.type;
	for (size_t i = 0; i < 3; i++) {
		const struct css_node *node = args->arg[i];
		if (is_token(node, CSS_TOK_NUMBER))
			channel[i] = clamp_unit(node->tok.number / 255);
		else if (is_token(node, CSS_TOK_PERCENTAGE))
			channel[i] = clamp_unit(node->tok.number / 100);
		else if (!args->legacy && is_none(node))
			channel[i] = 0;
		else
			return -1;
		/* The comma syntax takes all numbers or all percentages. */
		if (args->legacy && node->tok.type != first_type)
			return -1;
	}
	double alpha = 1;
	if (args->has_alpha && alpha_value(args->arg[3], args->legacy, &alpha) < 0)
		return -1;
	*out = (struct css_color){ channel[0], channel[1], channel[2], alpha };
	return 0;
}

/* A <hue> in degrees: a number, or an angle. */
static int hue_value(const struct css_node *node, bool legacy, double *degrees)
{
	if (is_token(node, CSS_TOK_NUMBER)) {
		*degrees = node->tok.number;
		return 0;
	}
	if (!legacy && is_none(node)) {
		*degrees = 0;
		return 0;
	}
	if (!is_token(node, CSS_TOK_DIMENSION))
		return -1;
	const char *unit = node->tok.unit;
	double v = node->tok.number;
	if (ascii_equal_ignoring_case(unit, "deg"))
		*degrees = v;
	else if (ascii_equal_ignoring_case(unit, "grad"))
		*degrees = v * 0.9;
	else if (ascii_equal_ignoring_case(unit, "rad"))
		*degrees = v * 180.0 / M_PI;
	else if (ascii_equal_ignoring_case(unit, "turn"))
		*degrees = v * 360.0;
	else
		return -1;
	return 0;
}

/* Saturation or lightness as 0..1: a percentage, or in the modern syntax also a
 * number (meaning a percentage) or none. */
static int hsl_fraction(const struct css_node *node, bool legacy, double *out)
{
	if (is_token(node, CSS_TOK_PERCENTAGE) || (!legacy && is_token(node, CSS_TOK_NUMBER)))
		*out = clamp_unit(node->tok.number / 100);
	else if (!legacy && is_none(node))
		*out = 0;
	else
		return -1;
	return 0;
}

static int hsl_function(const struct color_args *args, struct css_color *out)
{
	double hue, sat, light;
	if (hue_value(args->arg[0], args->legacy, &hue) < 0 ||
	    hsl_fraction(args->arg[1], args->legacy, &sat) < 0 ||
	    hsl_fraction(args->arg[2], args->legacy, &light) < 0)
		return -1;
	double alpha = 1;
	if (args->has_alpha && alpha_value(args->arg[3], args->legacy, &alpha) < 0)
		return -1;
	double rgb[3];
	css_colour_hsl(hue, sat, light, rgb);
	*out = (struct css_color){ rgb[0], rgb[1], rgb[2], alpha };
	return 0;
}

/* The functions of CSS Color 4 that take only the space syntax: hwb() and the CIE
 * and Oklab spaces. Each channel is a number, a percentage of what 100% is for it,
 * or none (0); the hue channel, where there is one, a hue. */
enum modern_space { SPACE_HWB, SPACE_LAB, SPACE_LCH, SPACE_OKLAB, SPACE_OKLCH };

static const struct modern_function {
	const char *name;
	enum modern_space space;
	int hue;            /* which channel is a hue, or -1 */
	double percent[3];  /* what 100% is, channel by channel */
} modern_functions[] = {
	{ "hwb", SPACE_HWB, 0, { 0, 100, 100 } },
	{ "lab", SPACE_LAB, -1, { 100, 125, 125 } },
	{ "lch", SPACE_LCH, 2, { 100, 150, 0 } },
	{ "oklab", SPACE_OKLAB, -1, { 1, 0.4, 0.4 } },
	{ "oklch", SPACE_OKLCH, 2, { 1, 0.4, 0 } },
};

static int modern_channel(const struct css_node *node, double percent, double *out)
{
	if (is_token(node, CSS_TOK_NUMBER))
		*out = node->tok.number;
	else if (is_token(node, CSS_TOK_PERCENTAGE))
		*out = node->tok.number / 100 * percent;
	else if (is_none(node))
		*out = 0;
	else
		return -1;
	return 0;
}

static double clamp_range(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int modern_function(const struct modern_function *f, const struct color_args *args,
			   struct css_color *out)
{
	if (args->legacy)
		return -1;
	double v[3];
	for (int i = 0; i < 3; i++) {
		int rc = i == f->hue ? hue_value(args->arg[i], false, &v[i])
				     : modern_channel(args->arg[i], f->percent[i], &v[i]);
		if (rc < 0)
			return -1;
	}
	double alpha = 1;
	if (args->has_alpha && alpha_value(args->arg[3], false, &alpha) < 0)
		return -1;
	double rgb[3];
	switch (f->space) {
	case SPACE_HWB: /* whiteness and blackness: percentages, or numbers meaning them */
		css_colour_hwb(v[0], clamp_unit(v[1] / 100), clamp_unit(v[2] / 100), rgb);
		break;
	case SPACE_LAB:
		css_colour_lab(clamp_range(v[0], 0, 100), v[1], v[2], rgb);
		break;
	case SPACE_LCH:
		css_colour_lch(clamp_range(v[0], 0, 100), fmax(v[1], 0), v[2], rgb);
		break;
	case SPACE_OKLAB:
		css_colour_oklab(clamp_unit(v[0]), v[1], v[2], rgb);
		break;
	case SPACE_OKLCH:
		css_colour_oklch(clamp_unit(v[0]), fmax(v[1], 0), v[2], rgb);
		break;
	}
	*out = (struct css_color){ rgb[0], rgb[1], rgb[2], alpha };
	return 0;
}

int css_value_color(const struct css_node *node, struct css_color *out, bool *is_current)
{
	if (!node)
		return -1;
	struct css_color color;
	if (is_token(node, CSS_TOK_IDENT)) {
		if (ascii_equal_ignoring_case(node->tok.value, "currentcolor")) {
			if (is_current)
				*is_current = true;
			return 0;
		}
		if (named_color(node->tok.value, &color) < 0)
			return -1;
	} else if (is_token(node, CSS_TOK_HASH)) {
		if (hex_color(node->tok.value, node->tok.value_len, &color) < 0)
			return -1;
	} else if (node->kind == CSS_NODE_FUNCTION) {
		const char *name = node->tok.value;
		struct color_args args;
		if (split_color_args(node, &args) < 0)
			return -1;
		if (ascii_equal_ignoring_case(name, "rgb") || ascii_equal_ignoring_case(name, "rgba")) {
			if (rgb_function(&args, &color) < 0)
				return -1;
		} else if (ascii_equal_ignoring_case(name, "hsl") ||
			   ascii_equal_ignoring_case(name, "hsla")) {
			if (hsl_function(&args, &color) < 0)
				return -1;
		} else {
			size_t k = 0, n = sizeof modern_functions / sizeof modern_functions[0];
			while (k < n && !ascii_equal_ignoring_case(name, modern_functions[k].name))
				k++;
			if (k == n || modern_function(&modern_functions[k], &args, &color) < 0)
				return -1;
		}
	} else {
		return -1;
	}
	if (is_current)
		*is_current = false;
	*out = color;
	return 0;
}
