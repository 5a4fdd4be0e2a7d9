/* @font-face rules: family, src list, weight, style, stretch and unicode-range. */
#include "style/font_face.h"
#include "style/style.h"
#include "css/syntax.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_ITEMS = 64, MAX_RANGES = 256 };

/* A descriptor's value without white space, split at its commas. */
struct items {
	const struct css_node *v[MAX_ITEMS];
	size_t n;
};

static bool is_space(const struct css_node *n)
{
	return n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_WHITESPACE;
}

static int collect(const struct css_node *value, size_t n_value, struct items *out)
{
	out->n = 0;
	for (size_t i = 0; i < n_value; i++) {
		if (is_space(&value[i]))
			continue;
		if (out->n == MAX_ITEMS)
			return -1;
		out->v[out->n++] = &value[i];
	}
	return out->n ? 0 : -1;
}

static const char *ident_of(const struct css_node *n)
{
	return n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_IDENT ? n->tok.value : NULL;
}

static bool is_ident(const struct css_node *n, const char *word)
{
	const char *id = ident_of(n);
	return id && strcasecmp(id, word) == 0;
}

static bool is_comma(const struct css_node *n)
{
	return n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_COMMA;
}

static bool is_string(const struct css_node *n)
{
	return n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_STRING;
}

/* A family name: one string, or idents joined by single spaces. */
static const char *family_name(struct arena *a, const struct css_node *const *v, size_t n)
{
	if (n == 1 && is_string(v[0]))
		return v[0]->tok.value_len ? arena_strndup(a, v[0]->tok.value, v[0]->tok.value_len) : NULL;
	struct buf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (!ident_of(v[i])) {
			buf_free(&b);
			return NULL;
		}
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, ident_of(v[i]));
	}
	const char *name = b.len ? arena_strndup(a, b.data, b.len) : NULL;
	buf_free(&b);
	return name;
}

static int weight_of(const struct css_node *n, float *out)
{
	if (is_ident(n, "normal"))
		*out = 400;
	else if (is_ident(n, "bold"))
		*out = 700;
	else if (n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_NUMBER && n->tok.number >= 1 &&
		 n->tok.number <= 1000)
		*out = (float)n->tok.number;
	else
		return -1;
	return 0;
}

/* font-stretch keywords as percentages (CSS Fonts 4, 2.4). */
static int stretch_of(const struct css_node *n, float *out)
{
	static const struct { const char *name; float percent; } keywords[] = {
		{ "ultra-condensed", 50 }, { "extra-condensed", 62.5f }, { "condensed", 75 },
		{ "semi-condensed", 87.5f }, { "normal", 100 }, { "semi-expanded", 112.5f },
		{ "expanded", 125 }, { "extra-expanded", 150 }, { "ultra-expanded", 200 },
	};
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (is_ident(n, keywords[i].name)) {
			*out = keywords[i].percent;
			return 0;
		}
	if (n->kind == CSS_NODE_TOKEN && n->tok.type == CSS_TOK_PERCENTAGE && n->tok.number >= 0) {
		*out = (float)n->tok.number;
		return 0;
	}
	return -1;
}

/* One value or two (a range, put in order). */
static int range_of(const struct items *it, int (*one)(const struct css_node *, float *),
		    float *lo, float *hi)
{
	if (it->n > 2 || one(it->v[0], lo) != 0)
		return -1;
	*hi = *lo;
	if (it->n == 2 && one(it->v[1], hi) != 0)
		return -1;
	if (*hi < *lo) {
		float t = *lo;
		*lo = *hi;
		*hi = t;
	}
	return 0;
}

static int style_of(const struct items *it, enum font_style *out)
{
	if (it->n == 1 && is_ident(it->v[0], "normal"))
		*out = FONT_NORMAL;
	else if (it->n == 1 && is_ident(it->v[0], "italic"))
		*out = FONT_ITALIC;
	else if (is_ident(it->v[0], "oblique") && it->n <= 3) {
		for (size_t i = 1; i < it->n; i++)
			if (it->v[i]->kind != CSS_NODE_TOKEN || it->v[i]->tok.type != CSS_TOK_DIMENSION)
				return -1;
		*out = FONT_OBLIQUE;
	} else {
		return -1;
	}
	return 0;
}

/* The string or ident inside a function's parentheses. */
static const char *function_argument(struct arena *a, const struct css_node *fn)
{
	const struct css_node *v[MAX_ITEMS];
	size_t n = 0;
	for (size_t i = 0; i < fn->n_children; i++) {
		if (is_space(&fn->children[i]))
			continue;
		if (n == MAX_ITEMS)
			return NULL;
		v[n++] = &fn->children[i];
	}
	return family_name(a, v, n);
}

static bool is_function(const struct css_node *n, const char *name)
{
	return n->kind == CSS_NODE_FUNCTION && strcasecmp(n->tok.value, name) == 0;
}

/* One entry of src: url(...) [format(...)] [tech(...)] or local(...). */
static int source_of(struct arena *a, const struct css_node *const *v, size_t n, int line_offset,
		     struct font_face_source *out)
{
	memset(out, 0, sizeof *out);
	out->line = v[0]->tok.line + line_offset;
	out->col = v[0]->tok.col;
	if (is_function(v[0], "local")) {
		out->local = true;
		out->ref = function_argument(a, v[0]);
		return out->ref && n == 1 ? 0 : -1;
	}
	if (v[0]->kind == CSS_NODE_TOKEN && v[0]->tok.type == CSS_TOK_URL)
		out->ref = arena_strndup(a, v[0]->tok.value, v[0]->tok.value_len);
	else if (is_function(v[0], "url") && v[0]->n_children >= 1) {
		struct items it;
		if (collect(v[0]->children, v[0]->n_children, &it) != 0 || it.n != 1 || !is_string(it.v[0]))
			return -1;
		out->ref = arena_strndup(a, it.v[0]->tok.value, it.v[0]->tok.value_len);
	} else {
		return -1;
	}
	for (size_t i = 1; i < n; i++) {
		if (is_function(v[i], "format") && !out->format) {
			struct items it;
			if (collect(v[i]->children, v[i]->n_children, &it) != 0 ||
			    !(is_string(it.v[0]) || ident_of(it.v[0])))
				return -1;
			char *f = arena_strdup(a, it.v[0]->tok.value);
			for (char *p = f; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			out->format = f;
		} else if (!is_function(v[i], "tech")) {
			return -1;
		}
	}
	return 0;
}

static int sources_of(struct arena *a, const struct items *it, int line_offset,
		      struct font_face *out)
{
	struct font_face_source *src = arena_alloc(a, sizeof *src * it->n);
	size_t n = 0, from = 0;
	for (size_t i = 0; i <= it->n; i++) {
		if (i < it->n && !is_comma(it->v[i]))
			continue;
		/* An entry that cannot be read is skipped, as browsers do. */
		if (i > from && source_of(a, &it->v[from], i - from, line_offset, &src[n]) == 0)
			n++;
		from = i + 1;
	}
	out->sources = src;
	out->n_sources = n;
	return n ? 0 : -1;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One <urange>: u+HEX, u+HEX?..., or u+HEX-HEX (CSS Syntax 3, 7.1). */
static int urange_of(const char *s, unsigned *first, unsigned *last)
{
	if ((s[0] != 'u' && s[0] != 'U') || s[1] != '+')
		return -1;
	s += 2;
	unsigned lo = 0, hi = 0;
	int digits = 0, marks = 0;
	for (; hex_digit((unsigned char)*s) >= 0 && digits < 7; s++, digits++)
		lo = lo * 16 + (unsigned)hex_digit((unsigned char)*s);
	hi = lo;
	for (; *s == '?' && digits + marks < 7; s++, marks++) {
		lo = lo * 16;
		hi = hi * 16 + 15;
	}
	if (digits + marks == 0 || digits + marks > 6)
		return -1;
	if (*s == '-' && !marks) {
		s++;
		int d2 = 0;
		hi = 0;
		for (; hex_digit((unsigned char)*s) >= 0 && d2 < 7; s++, d2++)
			hi = hi * 16 + (unsigned)hex_digit((unsigned char)*s);
		if (d2 == 0 || d2 > 6)
			return -1;
	}
	if (*s || hi > 0x10FFFF || lo > hi)
		return -1;
	*first = lo;
	*last = hi;
	return 0;
}

int font_face_unicode_range(struct arena *a, const struct css_node *value, size_t n_value,
			    unsigned **out, size_t *n)
{
	/* The tokens as written (u+0-7f is an ident, a number and a dimension). */
	struct buf text = { 0 };
	for (size_t i = 0; i < n_value; i++) {
		const struct css_node *v = &value[i];
		if (v->kind != CSS_NODE_TOKEN)
			goto bad;
		switch (v->tok.type) {
		case CSS_TOK_WHITESPACE:
			break;
		case CSS_TOK_COMMA:
			buf_putc(&text, ',');
			break;
		case CSS_TOK_IDENT:
		case CSS_TOK_DELIM:
		case CSS_TOK_NUMBER:
			buf_add(&text, v->tok.value, v->tok.value_len);
			break;
		case CSS_TOK_DIMENSION:
			buf_add(&text, v->tok.value, v->tok.value_len);
			buf_puts(&text, v->tok.unit);
			break;
		default:
			goto bad;
		}
	}
	buf_putc(&text, '\0');
	unsigned *ranges = arena_alloc(a, sizeof *ranges * 2 * MAX_RANGES);
	size_t k = 0;
	for (char *save = NULL, *piece = strtok_r(text.data, ",", &save); piece;
	     piece = strtok_r(NULL, ",", &save)) {
		if (k == MAX_RANGES || urange_of(piece, &ranges[2 * k], &ranges[2 * k + 1]) != 0)
			goto bad;
		k++;
	}
	if (k == 0)
		goto bad;
	buf_free(&text);
	*out = ranges;
	*n = k;
	return 0;
bad:
	buf_free(&text);
	return -1;
}

int font_face_read(struct arena *a, const struct css_rule *rule, const char *file, int line_offset,
		   struct diag_sink *sink, struct font_face *out)
{
	memset(out, 0, sizeof *out);
	out->weight_min = out->weight_max = 400;
	out->stretch_min = out->stretch_max = 100;
	out->file = file;
	out->line = rule->line + line_offset;
	out->col = rule->col;
	if (!rule->block) {
		diag(sink, DIAG_WARNING, file, out->line, out->col, "%s",
		     "@font-face without a block is ignored");
		return -1;
	}
	struct css_decl *decls;
	int errors = 0;
	size_t n = css_block_declarations(a, rule->block, &decls, &errors);
	for (size_t i = 0; i < n; i++) {
		const struct css_decl *d = &decls[i];
		int line = d->line + line_offset;
		struct items it;
		int ok = collect(d->value, d->n_value, &it);
		if (ok == 0 && strcasecmp(d->name, "font-family") == 0) {
			out->family = family_name(a, it.v, it.n);
			ok = out->family ? 0 : -1;
		} else if (ok == 0 && strcasecmp(d->name, "src") == 0) {
			ok = sources_of(a, &it, line_offset, out);
		} else if (ok == 0 && strcasecmp(d->name, "font-weight") == 0) {
			ok = it.n == 1 && is_ident(it.v[0], "auto") ? 0
				: range_of(&it, weight_of, &out->weight_min, &out->weight_max);
		} else if (ok == 0 && strcasecmp(d->name, "font-stretch") == 0) {
			ok = it.n == 1 && is_ident(it.v[0], "auto") ? 0
				: range_of(&it, stretch_of, &out->stretch_min, &out->stretch_max);
		} else if (ok == 0 && strcasecmp(d->name, "font-style") == 0) {
			ok = it.n == 1 && is_ident(it.v[0], "auto") ? 0 : style_of(&it, &out->style);
		} else if (ok == 0 && strcasecmp(d->name, "unicode-range") == 0) {
			unsigned *ranges;
			ok = font_face_unicode_range(a, d->value, d->n_value, &ranges, &out->n_ranges);
			if (ok == 0)
				out->ranges = ranges;
		} else if (strcasecmp(d->name, "font-display") == 0) {
			continue; /* when a downloaded font shows: nothing on paper */
		} else {
			diag(sink, DIAG_WARNING, file, line, d->col,
			     "descriptor '%s' in @font-face is not supported and is ignored", d->name);
			continue;
		}
		if (ok != 0)
			diag(sink, DIAG_WARNING, file, line, d->col,
			     "invalid value for '%s' in @font-face is ignored", d->name);
	}
	if (!out->family || !out->n_sources) {
		diag(sink, DIAG_WARNING, file, out->line, out->col, "%s",
		     !out->family ? "@font-face without a valid font-family is ignored"
				  : "@font-face without a valid src is ignored");
		return -1;
	}
	return 0;
}
