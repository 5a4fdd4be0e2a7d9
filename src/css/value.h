/* CSS values: lengths and colours from component values into typed values. */
#ifndef BP_CSS_VALUE_H
#define BP_CSS_VALUE_H

#include <stdbool.h>

struct arena;
struct css_node;

enum css_unit {
	CSS_UNIT_NUMBER, /* unitless number */
	CSS_UNIT_PX,
	CSS_UNIT_PT,
	CSS_UNIT_PC,
	CSS_UNIT_MM,
	CSS_UNIT_CM,
	CSS_UNIT_IN,
	CSS_UNIT_Q,
	CSS_UNIT_EM,
	CSS_UNIT_REM,
	CSS_UNIT_EX,
	CSS_UNIT_CH,
	CSS_UNIT_PERCENT,
};

struct css_length {
	double value;
	enum css_unit unit;
};

/* Context to resolve relative units; all in CSS px (1in = 96px). */
struct css_length_context {
	double font_size;      /* the element's (or parent's, for font-size) computed font size */
	double root_font_size; /* the root element's font size, for rem */
	double percent_base;   /* what 100% is; negative when % is not allowed/resolvable */
};

/* A <length> or <percentage> or unitless 0 (or any number if allow_number).
 * Units match ASCII case-insensitively. A unitless 0 comes back as 0px, unless
 * allow_number, when every number comes back as CSS_UNIT_NUMBER.
 * Returns 0 on success, -1 if the node is not such a value. */
int css_value_length(const struct css_node *node, bool allow_number, struct css_length *out);

/* The length in CSS px. ex is half an em, ch half an em (no font metrics here). */
double css_length_to_px(struct css_length len, const struct css_length_context *ctx);

/* The value of a math function of CSS Values 4, evaluated now. */
struct css_calc {
	bool is_number;   /* a <number>: the value is in number */
	double number;
	double px;        /* a length: px plus percent of what percentages refer to */
	double percent;
	bool has_percent; /* a percentage took part (so 0px and 0% differ) */
};

/* calc(), min(), max() or clamp() (any ASCII case), with + - * /, parentheses and
 * those functions nested, over numbers, lengths and percentages; units resolve as
 * css_length_to_px does with ctx (its percent_base is not used: percentages are kept
 * apart). Returns 0, or -1 when the node is not such a function or its value is not
 * well typed (a length added to a number, a division by a length or by zero), or when
 * min(), max() or clamp() would compare a percentage with another length, which only
 * layout could do. */
int css_value_calc(const struct css_node *node, const struct css_length_context *ctx,
		   struct css_calc *out);

/* A math function over lengths that only layout can evaluate: min(), max() or
 * clamp() comparing a percentage with another length, wherever it is nested. */
struct css_calc_tree;

/* As css_value_calc, but where min(), max() or clamp() would compare a percentage
 * with another length, the value is kept as a tree allocated in a: *tree is then set
 * (and out is not the value); else *tree is NULL and out is the value. min() and
 * max() take at most 32 arguments. */
int css_value_calc_tree(struct arena *a, const struct css_node *node,
			const struct css_length_context *ctx, struct css_calc *out,
			const struct css_calc_tree **tree);

/* The tree's value in px once percentages refer to percent_base px (0 when not
 * finite). */
double css_calc_tree_px(const struct css_calc_tree *t, double percent_base);

struct css_color {
	double r, g, b, a; /* 0..1 each */
};

/* A <color>: named colours (CSS Color 3/4 list and transparent), #rgb, #rgba,
 * #rrggbb, #rrggbbaa, rgb(), rgba(), hsl(), hsla(), hwb(), lab(), lch(), oklab() and
 * oklch(). currentcolor sets *is_current (when non-NULL) and returns 0 with out
 * unchanged. Returns -1 if the node is not a colour.
 * CSS Color 4 rules: rgb() and hsl() take the comma syntax (all numbers or all
 * percentages) and the space syntax with "/ alpha" and none; the other functions only
 * the space syntax; rgba() and hsla() are aliases of rgb() and hsl(); alpha may be a
 * percentage; a hue may be an angle. Colours outside sRGB are clipped channel by
 * channel (see css/colour.h); any other colour sets *is_current to false. */
int css_value_color(const struct css_node *node, struct css_color *out, bool *is_current);

#endif
