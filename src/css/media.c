/* Media Queries 4: parsing and evaluating media query lists for print. */
#include "css/media.h"
#include "css/syntax.h"
#include "css/value.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* The non-whitespace nodes of a list, with where each was in it (to tell `>=` from `> =`). */
enum { MAX_PARTS = 64 };
struct parts {
	const struct css_node *node[MAX_PARTS];
	size_t at[MAX_PARTS];
	size_t n;
	bool overflow;
};

struct eval {
	const struct css_media_env *env;
	css_media_report_fn report;
	void *ctx;
};

static void collect(const struct css_node *nodes, size_t n, struct parts *p)
{
	p->n = 0;
	p->overflow = false;
	for (size_t i = 0; i < n; i++) {
		if (nodes[i].kind == CSS_NODE_TOKEN && nodes[i].tok.type == CSS_TOK_WHITESPACE)
			continue;
		if (p->n == MAX_PARTS) {
			p->overflow = true;
			return;
		}
		p->node[p->n] = &nodes[i];
		p->at[p->n++] = i;
	}
}

static bool is_ident(const struct css_node *n, const char *name)
{
	return n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_IDENT &&
	       (!name || strcasecmp(n->tok.value, name) == 0);
}

static bool is_delim(const struct css_node *n, unsigned c)
{
	return n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_DELIM && n->tok.delim == c;
}

/* Results are three-valued, as Media Queries 4 says: an unknown feature, or text in
 * parentheses that is not understood, is unknown; `not` leaves unknown unknown; a
 * query that ends unknown does not match. */
enum { NO = 0, YES = 1, UNKNOWN = 2, INVALID = -1 };

static int kleene_not(int a)
{
	return a == UNKNOWN ? UNKNOWN : !a;
}

static int kleene_and(int a, int b)
{
	if (a == NO || b == NO)
		return NO;
	return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : YES;
}

static int kleene_or(int a, int b)
{
	if (a == YES || b == YES)
		return YES;
	return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : NO;
}

static void say(const struct eval *e, const struct css_node *at, const char *fmt, const char *arg)
{
	if (e->report)
		e->report(e->ctx, at->tok.line, at->tok.col, fmt, arg);
}

/* ---- features ---- */

enum feature_type {
	F_LENGTH,   /* a range feature taking lengths */
	F_RATIO,    /* a range feature taking ratios */
	F_INTEGER,  /* a range feature taking integers */
	F_RESOLUTION, /* a range feature taking resolutions (dpi) */
	F_DISCRETE, /* keywords (or 0/1 for grid) */
};

enum feature_id {
	F_WIDTH, F_HEIGHT, F_DEVICE_WIDTH, F_DEVICE_HEIGHT, F_ASPECT_RATIO,
	F_DEVICE_ASPECT_RATIO, F_COLOR, F_COLOR_INDEX, F_MONOCHROME, F_RESOLUTION_ID, F_GRID,
	F_ORIENTATION,
	F_OTHER,
};

struct feature {
	const char *name;
	enum feature_type type;
	enum feature_id id;
	const char *value;        /* F_DISCRETE: the value on paper */
	const char *const *others;/* F_DISCRETE: the other values it may take */
};

static const char *const none_others[] = { "hover", "coarse", "fine", "fast", "slow", NULL };
static const char *const orientation_values[] = { "portrait", "landscape", NULL };
static const char *const scan_values[] = { "interlace", "progressive", NULL };
static const char *const scheme_values[] = { "dark", NULL };
static const char *const preference_values[] = { "reduce", "more", "less", "custom", NULL };
static const char *const gamut_values[] = { "p3", "rec2020", NULL };
static const char *const range_values[] = { "high", NULL };
static const char *const overflow_block_values[] = { "none", "scroll", NULL };
static const char *const overflow_inline_values[] = { "scroll", NULL };
static const char *const forced_values[] = { "active", NULL };
static const char *const inverted_values[] = { "inverted", NULL };
static const char *const scripting_values[] = { "initial-only", "enabled", NULL };

static const struct feature features[] = {
	{ "width", F_LENGTH, F_WIDTH, NULL, NULL },
	{ "height", F_LENGTH, F_HEIGHT, NULL, NULL },
	{ "device-width", F_LENGTH, F_DEVICE_WIDTH, NULL, NULL },
	{ "device-height", F_LENGTH, F_DEVICE_HEIGHT, NULL, NULL },
	{ "aspect-ratio", F_RATIO, F_ASPECT_RATIO, NULL, NULL },
	{ "device-aspect-ratio", F_RATIO, F_DEVICE_ASPECT_RATIO, NULL, NULL },
	{ "color", F_INTEGER, F_COLOR, NULL, NULL },
	{ "color-index", F_INTEGER, F_COLOR_INDEX, NULL, NULL },
	{ "monochrome", F_INTEGER, F_MONOCHROME, NULL, NULL },
	{ "resolution", F_RESOLUTION, F_RESOLUTION_ID, NULL, NULL },
	{ "grid", F_DISCRETE, F_GRID, NULL, NULL },
	{ "orientation", F_DISCRETE, F_ORIENTATION, NULL, orientation_values },
	{ "hover", F_DISCRETE, F_OTHER, "none", none_others },
	{ "any-hover", F_DISCRETE, F_OTHER, "none", none_others },
	{ "pointer", F_DISCRETE, F_OTHER, "none", none_others },
	{ "any-pointer", F_DISCRETE, F_OTHER, "none", none_others },
	{ "update", F_DISCRETE, F_OTHER, "none", none_others },
	{ "scan", F_DISCRETE, F_OTHER, NULL, scan_values },
	{ "prefers-color-scheme", F_DISCRETE, F_OTHER, "light", scheme_values },
	{ "prefers-reduced-motion", F_DISCRETE, F_OTHER, "no-preference", preference_values },
	{ "prefers-reduced-transparency", F_DISCRETE, F_OTHER, "no-preference", preference_values },
	{ "prefers-contrast", F_DISCRETE, F_OTHER, "no-preference", preference_values },
	{ "forced-colors", F_DISCRETE, F_OTHER, "none", forced_values },
	{ "inverted-colors", F_DISCRETE, F_OTHER, "none", inverted_values },
	{ "color-gamut", F_DISCRETE, F_OTHER, "srgb", gamut_values },
	{ "dynamic-range", F_DISCRETE, F_OTHER, "standard", range_values },
	{ "overflow-block", F_DISCRETE, F_OTHER, "paged", overflow_block_values },
	{ "overflow-inline", F_DISCRETE, F_OTHER, "none", overflow_inline_values },
	{ "scripting", F_DISCRETE, F_OTHER, "none", scripting_values },
};

static const struct feature *find_feature(const char *name)
{
	for (size_t i = 0; i < sizeof features / sizeof features[0]; i++)
		if (strcasecmp(name, features[i].name) == 0)
			return &features[i];
	return NULL;
}

/* The feature's value on the page, for range features. */
static double page_value(const struct eval *e, enum feature_id id)
{
	const struct css_media_env *env = e->env;
	switch (id) {
	case F_WIDTH: return env->width;
	case F_HEIGHT: return env->height;
	case F_DEVICE_WIDTH: return env->device_width;
	case F_DEVICE_HEIGHT: return env->device_height;
	case F_ASPECT_RATIO: return env->height > 0 ? env->width / env->height : 0;
	case F_DEVICE_ASPECT_RATIO:
		return env->device_height > 0 ? env->device_width / env->device_height : 0;
	case F_COLOR: return 8; /* bits per colour component */
	case F_RESOLUTION_ID: return 300; /* dpi: what Chromium prints at */
	default: return 0;      /* color-index, monochrome */
	}
}

/* A value of a range feature: one node (a length, a number) or three (a ratio a / b).
 * Returns the nodes it took, 0 when it is not a value of that type. */
static size_t read_value(const struct parts *p, size_t i, size_t end, enum feature_type type,
			 double *out)
{
	if (i >= end)
		return 0;
	const struct css_node *n = p->node[i];
	if (type == F_LENGTH) {
		struct css_length len;
		struct css_length_context c = { 16, 16, -1 }; /* em: the initial font size */
		if (css_value_length(n, false, &len) == 0 && len.unit != CSS_UNIT_PERCENT) {
			*out = css_length_to_px(len, &c);
			return 1;
		}
		struct css_calc calc;
		if (n->kind == CSS_NODE_FUNCTION && css_value_calc(n, &c, &calc) == 0 &&
		    !calc.is_number && !calc.has_percent) {
			*out = calc.px;
			return 1;
		}
		return 0;
	}
	if (type == F_RESOLUTION) {
		static const struct { const char *unit; double dpi; } units[] = {
			{ "dpi", 1 }, { "dpcm", 2.54 }, { "dppx", 96 }, { "x", 96 },
		};
		if (n->kind != CSS_NODE_TOKEN || n->tok.type != CSS_TOK_DIMENSION || n->tok.number < 0)
			return 0;
		for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
			if (strcasecmp(n->tok.unit, units[u].unit) == 0) {
				*out = n->tok.number * units[u].dpi;
				return 1;
			}
		return 0;
	}
	if (n->kind != CSS_NODE_TOKEN || n->tok.type != CSS_TOK_NUMBER || n->tok.number < 0)
		return 0;
	if (type == F_INTEGER) {
		if (!n->tok.is_integer)
			return 0;
		*out = n->tok.number;
		return 1;
	}
	/* A ratio: a number, or number / number. */
	if (i + 2 < end && is_delim(p->node[i + 1], '/')) {
		const struct css_node *d = p->node[i + 2];
		if (d->kind != CSS_NODE_TOKEN || d->tok.type != CSS_TOK_NUMBER || d->tok.number < 0)
			return 0;
		*out = d->tok.number > 0 ? n->tok.number / d->tok.number : INFINITY;
		if (n->tok.number == 0 && d->tok.number == 0)
			*out = NAN; /* 0/0 is degenerate: every comparison is false */
		return 3;
	}
	*out = n->tok.number;
	return 1;
}

enum op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ };

/* A comparison at p[i]: <, <=, >, >= (with nothing between the two) or =. */
static size_t read_op(const struct parts *p, size_t i, size_t end, enum op *op)
{
	if (i >= end)
		return 0;
	const struct css_node *n = p->node[i];
	if (is_delim(n, '=')) {
		*op = OP_EQ;
		return 1;
	}
	if (!is_delim(n, '<') && !is_delim(n, '>'))
		return 0;
	bool less = is_delim(n, '<');
	if (i + 1 < end && is_delim(p->node[i + 1], '=') && p->at[i + 1] == p->at[i] + 1) {
		*op = less ? OP_LE : OP_GE;
		return 2;
	}
	*op = less ? OP_LT : OP_GT;
	return 1;
}

static bool compare(double a, enum op op, double b)
{
	/* Lengths computed from different units match within a rounding error. */
	double eps = 1e-6 * (fabs(a) + fabs(b) + 1);
	switch (op) {
	case OP_LT: return a < b - eps;
	case OP_LE: return a <= b + eps;
	case OP_GT: return a > b + eps;
	case OP_GE: return a >= b - eps;
	default: return fabs(a - b) <= eps;
	}
}

static enum op flip(enum op op)
{
	switch (op) {
	case OP_LT: return OP_GT;
	case OP_LE: return OP_GE;
	case OP_GT: return OP_LT;
	case OP_GE: return OP_LE;
	default: return OP_EQ;
	}
}

/* A discrete feature's value compared with the keyword (or, for grid, number) given. */
static int discrete_matches(const struct eval *e, const struct feature *f, const struct css_node *v)
{
	if (f->id == F_GRID) {
		if (v->kind != CSS_NODE_TOKEN || v->tok.type != CSS_TOK_NUMBER || !v->tok.is_integer ||
		    (v->tok.number != 0 && v->tok.number != 1))
			return -1;
		return v->tok.number == 0; /* paper is not a grid */
	}
	if (!is_ident(v, NULL))
		return -1;
	const char *value = f->value;
	if (f->id == F_ORIENTATION)
		value = e->env->height >= e->env->width ? "portrait" : "landscape";
	if (value && strcasecmp(v->tok.value, value) == 0)
		return 1;
	for (const char *const *o = f->others; o && *o; o++)
		if (strcasecmp(v->tok.value, *o) == 0)
			return 0;
	return -1;
}

/* The contents of ( ) as a <media-feature>: YES, NO or UNKNOWN, or INVALID when they are not one. */
static int media_feature(const struct eval *e, const struct parts *p)
{
	size_t n = p->n;
	if (n == 0)
		return -1;
	const struct css_node *first = p->node[0];
	/* (name) */
	if (n == 1 && is_ident(first, NULL)) {
		const struct feature *f = find_feature(first->tok.value);
		if (!f) {
			say(e, first, "media feature '%s' is not known; it is false", first->tok.value);
			return UNKNOWN;
		}
		if (f->type == F_DISCRETE)
			return f->id == F_GRID ? 0 : f->id == F_ORIENTATION ? 1
			       : f->value && strcmp(f->value, "none") != 0;
		return page_value(e, f->id) != 0;
	}
	/* (name: value), with min- and max- prefixes on range features */
	if (n >= 3 && is_ident(first, NULL) && p->node[1]->kind == CSS_NODE_TOKEN &&
	    p->node[1]->tok.type == CSS_TOK_COLON) {
		const char *name = first->tok.value;
		int prefix = 0; /* 1 min, 2 max */
		const struct feature *f = find_feature(name);
		if (!f && strncasecmp(name, "min-", 4) == 0)
			f = find_feature(name + 4), prefix = 1;
		else if (!f && strncasecmp(name, "max-", 4) == 0)
			f = find_feature(name + 4), prefix = 2;
		if (!f || (prefix && f->type == F_DISCRETE)) {
			say(e, first, "media feature '%s' is not known; it is false", name);
			return UNKNOWN;
		}
		if (f->type == F_DISCRETE) {
			int r = n == 3 ? discrete_matches(e, f, p->node[2]) : -1;
			if (r < 0) {
				say(e, p->node[2], "media feature '%s' does not take this value; it is false",
				    f->name);
				return UNKNOWN;
			}
			return r;
		}
		double v;
		size_t used = read_value(p, 2, n, f->type, &v);
		if (!used || 2 + used != n) {
			say(e, p->node[2], "media feature '%s' does not take this value; it is false",
			    f->name);
			return UNKNOWN;
		}
		return compare(page_value(e, f->id), prefix == 1 ? OP_GE : prefix == 2 ? OP_LE : OP_EQ, v);
	}
	/* Range forms: name op value, value op name, value op name op value. */
	size_t name_at = n;
	for (size_t i = 0; i < n; i++)
		if (is_ident(p->node[i], NULL)) {
			name_at = i;
			break;
		}
	if (name_at == n)
		return -1;
	const char *name = p->node[name_at]->tok.value;
	const struct feature *f = find_feature(name);
	double lo = 0, hi = 0;
	enum op op1 = OP_EQ, op2 = OP_EQ;
	size_t used = 0;
	enum feature_type type = f ? f->type : F_LENGTH;
	if (type == F_DISCRETE)
		type = F_LENGTH; /* only to read the form: a discrete feature takes no range */
	bool form = false, two = false;
	if (name_at == 0) {
		size_t k = read_op(p, 1, n, &op2);
		form = k && (used = read_value(p, 1 + k, n, type, &hi)) && 1 + k + used == n;
	} else {
		/* value op1 name [op2 value] */
		size_t v_used = read_value(p, 0, n, type, &lo);
		size_t k1 = v_used ? read_op(p, v_used, n, &op1) : 0;
		if (v_used && k1 && v_used + k1 == name_at) {
			if (name_at + 1 == n) {
				form = true;
			} else {
				size_t k = read_op(p, name_at + 1, n, &op2);
				size_t v2 = k ? read_value(p, name_at + 1 + k, n, type, &hi) : 0;
				form = v2 && name_at + 1 + k + v2 == n;
				two = form;
				/* Both comparisons point the same way: a < x < b or a > x > b. */
				bool up1 = op1 == OP_LT || op1 == OP_LE, up2 = op2 == OP_LT || op2 == OP_LE;
				if (two && (op1 == OP_EQ || op2 == OP_EQ || up1 != up2))
					form = false;
			}
		}
	}
	if (!form)
		return -1;
	if (!f || f->type == F_DISCRETE) {
		say(e, p->node[name_at],
		    f ? "media feature '%s' takes no range; it is false"
		      : "media feature '%s' is not known; it is false", name);
		return UNKNOWN;
	}
	double x = page_value(e, f->id);
	if (name_at == 0)
		return compare(x, op2, hi);
	bool r = compare(x, flip(op1), lo);
	if (two)
		r = r && compare(x, op2, hi);
	return r;
}

/* ---- conditions ---- */

static int condition(const struct eval *e, const struct parts *p, size_t from, bool allow_or);

/* <media-in-parens>: 1 or 0, or -1 when the node is not one at all. */
static int in_parens(const struct eval *e, const struct css_node *node)
{
	if (node->kind == CSS_NODE_FUNCTION) {
		say(e, node, "media query function '%s()' is not known; it is false", node->tok.value);
		return UNKNOWN; /* <general-enclosed> */
	}
	if (node->kind != CSS_NODE_BLOCK || node->block_open != '(')
		return -1;
	struct parts inner;
	collect(node->children, node->n_children, &inner);
	if (inner.overflow)
		return -1;
	if (inner.n && (is_ident(inner.node[0], "not") ||
			(inner.node[0]->kind == CSS_NODE_BLOCK && inner.node[0]->block_open == '(') ||
			inner.node[0]->kind == CSS_NODE_FUNCTION)) {
		int r = condition(e, &inner, 0, true);
		if (r >= 0)
			return r;
	}
	int r = media_feature(e, &inner);
	if (r >= 0)
		return r;
	say(e, node, "%s", "media query text in parentheses is not understood; it is false");
	return UNKNOWN; /* <general-enclosed> */
}

/* <media-condition> (or, without or, <media-condition-without-or>) from p[from] to the end. */
static int condition(const struct eval *e, const struct parts *p, size_t from, bool allow_or)
{
	if (from >= p->n)
		return -1;
	if (is_ident(p->node[from], "not")) {
		if (from + 2 != p->n)
			return -1;
		int r = in_parens(e, p->node[from + 1]);
		return r < 0 ? INVALID : kleene_not(r);
	}
	int result = in_parens(e, p->node[from]);
	if (result < 0)
		return -1;
	const char *joiner = NULL;
	for (size_t i = from + 1; i < p->n; i += 2) {
		const struct css_node *j = p->node[i];
		bool and = is_ident(j, "and"), or = is_ident(j, "or");
		if ((!and && !or) || (or && !allow_or) || i + 1 >= p->n)
			return -1;
		if (joiner && strcasecmp(joiner, and ? "and" : "or") != 0)
			return -1; /* and and or mixed without parentheses */
		joiner = and ? "and" : "or";
		int next = in_parens(e, p->node[i + 1]);
		if (next < 0)
			return -1;
		result = and ? kleene_and(result, next) : kleene_or(result, next);
	}
	return result;
}

static bool reserved_type(const char *name)
{
	static const char *const words[] = { "not", "and", "or", "only", "layer" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(name, words[i]) == 0)
			return true;
	return false;
}

/* One <media-query>: 1 or 0, or -1 when it is not valid. */
static int query(const struct eval *e, const struct parts *p)
{
	if (p->n == 0 || p->overflow)
		return -1;
	size_t i = 0;
	bool negate = false;
	if (is_ident(p->node[0], "not") && p->n >= 2 && is_ident(p->node[1], NULL)) {
		negate = true;
		i = 1;
	} else if (is_ident(p->node[0], "only")) {
		if (p->n < 2 || !is_ident(p->node[1], NULL))
			return -1;
		i = 1;
	} else if (!is_ident(p->node[0], NULL) || is_ident(p->node[0], "not")) {
		return condition(e, p, 0, true);
	}
	const char *type = p->node[i]->tok.value;
	if (reserved_type(type))
		return -1;
	int result = strcasecmp(type, "print") == 0 || strcasecmp(type, "all") == 0;
	i++;
	if (i < p->n) {
		if (!is_ident(p->node[i], "and") || i + 1 >= p->n)
			return -1;
		int c = condition(e, p, i + 1, false);
		if (c < 0)
			return -1;
		result = kleene_and(result, c);
	}
	return negate ? kleene_not(result) : result;
}

bool css_media_matches(const struct css_node *nodes, size_t n, const struct css_media_env *env,
		       css_media_report_fn report, void *report_ctx)
{
	struct eval e = { env, report, report_ctx };
	struct parts all;
	collect(nodes, n, &all);
	if (all.n == 0)
		return true; /* no query: all media */
	bool any = false;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && !(nodes[i].kind == CSS_NODE_TOKEN && nodes[i].tok.type == CSS_TOK_COMMA))
			continue;
		struct parts p;
		collect(nodes + start, i - start, &p);
		int r = query(&e, &p);
		if (r < 0) {
			const struct css_node *at = p.n ? p.node[0] : i < n ? &nodes[i] : all.node[0];
			say(&e, at, "%s", "media query is not valid; it matches nothing");
		} else if (r == YES) {
			any = true;
		}
		start = i + 1;
	}
	return any;
}
