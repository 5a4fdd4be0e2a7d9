/* Parses PDF objects as Cairo writes them, from bytes in memory: strict and bounded
 * (nesting, number sizes), it says when the bytes end too soon and never reads past
 * them. */
#include "pdf/pdfparse.h"
#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 32 }; /* arrays and dictionaries inside each other */

struct pdf_parser {
	struct pdf_value *values; /* the object's */
	size_t n_values, cap_values;
	struct pdf_value *stack;  /* the items of the arrays and dictionaries being read */
	size_t n_stack, cap_stack;
};

struct pdf_parser *pdf_parser_new(void)
{
	return xcalloc(1, sizeof(struct pdf_parser));
}

void pdf_parser_free(struct pdf_parser *p)
{
	if (!p)
		return;
	free(p->values);
	free(p->stack);
	free(p);
}

enum parse_status { PARSE_OK, PARSE_TRUNCATED, PARSE_MALFORMED };

struct parser {
	struct pdf_parser *r;
	const char *p, *end;
	enum parse_status status;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '/' || c == '%';
}

static bool is_regular(char c)
{
	return !is_space(c) && !is_delim(c);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end) {
		if (is_space(*ps->p)) {
			ps->p++;
		} else if (*ps->p == '%') {
			while (ps->p < ps->end && *ps->p != '\n' && *ps->p != '\r')
				ps->p++;
		} else {
			return;
		}
	}
}

static bool truncated(struct parser *ps)
{
	if (ps->p >= ps->end) {
		ps->status = PARSE_TRUNCATED;
		return true;
	}
	return false;
}

static void malformed(struct parser *ps)
{
	if (ps->status == PARSE_OK)
		ps->status = PARSE_MALFORMED;
}

/* A run of regular characters: a keyword, a number, a name's text. Needs the
 * character after it, which ends it. */
static size_t word(struct parser *ps)
{
	const char *s = ps->p;
	while (s < ps->end && is_regular(*s))
		s++;
	if (s == ps->end) {
		ps->status = PARSE_TRUNCATED;
		return 0;
	}
	return (size_t)(s - ps->p);
}

/* An unsigned integer of at most 18 digits in the word at p, n long; -1 if not. */
static long long whole_number(const char *p, size_t n)
{
	if (n == 0 || n > 18)
		return -1;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static void push(struct pdf_parser *r, const struct pdf_value *v)
{
	if (r->n_stack == r->cap_stack) {
		r->cap_stack = r->cap_stack ? r->cap_stack * 2 : 64;
		r->stack = xrealloc(r->stack, r->cap_stack * sizeof *r->stack);
	}
	r->stack[r->n_stack++] = *v;
}

static void parse_value(struct parser *ps, int depth, struct pdf_value *out);

/* Moves the items pushed since `base` into the object's values. */
static void close_container(struct pdf_parser *r, size_t base, struct pdf_value *out)
{
	size_t n = r->n_stack - base;
	if (r->n_values + n > r->cap_values) {
		while (r->n_values + n > r->cap_values)
			r->cap_values = r->cap_values ? r->cap_values * 2 : 256;
		r->values = xrealloc(r->values, r->cap_values * sizeof *r->values);
	}
	if (n)
		memcpy(r->values + r->n_values, r->stack + base, n * sizeof *r->values);
	out->first = (int)r->n_values;
	r->n_values += n;
	r->n_stack = base;
}

static void parse_container(struct parser *ps, int depth, struct pdf_value *out, bool dict)
{
	struct pdf_parser *r = ps->r;
	size_t base = r->n_stack;
	const char *start = ps->p;
	ps->p += dict ? 2 : 1;
	for (;;) {
		skip_space(ps);
		if (truncated(ps))
			break;
		if (dict && *ps->p == '>') {
			if (ps->p + 1 >= ps->end) {
				ps->status = PARSE_TRUNCATED;
				break;
			}
			if (ps->p[1] != '>') {
				malformed(ps);
				break;
			}
			ps->p += 2;
			break;
		}
		if (!dict && *ps->p == ']') {
			ps->p++;
			break;
		}
		struct pdf_value v;
		if (dict && (r->n_stack - base) % 2 == 0 && *ps->p != '/') {
			malformed(ps);
			break;
		}
		parse_value(ps, depth + 1, &v);
		if (ps->status != PARSE_OK)
			break;
		push(r, &v);
	}
	if (ps->status != PARSE_OK) {
		r->n_stack = base;
		return;
	}
	size_t n = r->n_stack - base;
	if (dict && n % 2) {
		malformed(ps);
		r->n_stack = base;
		return;
	}
	out->type = dict ? PDF_DICT : PDF_ARRAY;
	out->n = (int)(dict ? n / 2 : n);
	out->text = start;
	out->len = (size_t)(ps->p - start);
	close_container(r, base, out);
}

static void parse_literal_string(struct parser *ps, struct pdf_value *out)
{
	const char *start = ps->p++;
	int nesting = 1;
	while (nesting > 0) {
		if (truncated(ps))
			return;
		char c = *ps->p++;
		if (c == '\\') {
			if (truncated(ps))
				return;
			ps->p++;
		} else if (c == '(') {
			nesting++;
		} else if (c == ')') {
			nesting--;
		}
	}
	out->type = PDF_STRING;
	out->text = start;
	out->len = (size_t)(ps->p - start);
}

static void parse_hex_string(struct parser *ps, struct pdf_value *out)
{
	const char *start = ps->p++;
	for (;;) {
		if (truncated(ps))
			return;
		char c = *ps->p++;
		if (c == '>')
			break;
		bool hex = is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
		if (!hex && !is_space(c)) {
			malformed(ps);
			return;
		}
	}
	out->type = PDF_STRING;
	out->text = start;
	out->len = (size_t)(ps->p - start);
}

/* A number, or "N G R": a reference. */
static void parse_number(struct parser *ps, struct pdf_value *out)
{
	const char *start = ps->p;
	size_t n = word(ps);
	if (ps->status != PARSE_OK)
		return;
	long long v = whole_number(start, n);
	out->text = start;
	out->len = n;
	ps->p += n;
	if (v < 0) {
		/* A real (or a negative number): only its text is kept. */
		const char *s = start + (*start == '-' || *start == '+');
		bool digits = false, point = false;
		for (; s < start + n; s++) {
			if (is_digit(*s))
				digits = true;
			else if (*s == '.' && !point)
				point = true;
			else
				break;
		}
		if (!digits || s != start + n) {
			malformed(ps);
			return;
		}
		out->type = point ? PDF_REAL : PDF_INT;
		out->i = point ? 0 : strtoll(start, NULL, 10);
		return;
	}
	out->type = PDF_INT;
	out->i = v;
	/* Look ahead for "G R". */
	struct parser look = *ps;
	skip_space(&look);
	if (look.p >= look.end) {
		ps->status = PARSE_TRUNCATED;
		return;
	}
	if (!is_digit(*look.p))
		return;
	size_t gn = word(&look);
	if (look.status != PARSE_OK) {
		ps->status = look.status;
		return;
	}
	long long gen = whole_number(look.p, gn);
	look.p += gn;
	skip_space(&look);
	if (look.p >= look.end) {
		ps->status = PARSE_TRUNCATED;
		return;
	}
	if (gen < 0 || *look.p != 'R')
		return;
	if (look.p + 1 >= look.end) {
		ps->status = PARSE_TRUNCATED;
		return;
	}
	if (is_regular(look.p[1]))
		return;
	if (gen != 0 || v > 0x7fffffff) {
		malformed(ps);
		return;
	}
	out->type = PDF_REF;
	ps->p = look.p + 1;
	out->len = (size_t)(ps->p - start);
}

static void parse_value(struct parser *ps, int depth, struct pdf_value *out)
{
	memset(out, 0, sizeof *out);
	skip_space(ps);
	if (truncated(ps))
		return;
	if (depth > MAX_DEPTH) {
		malformed(ps);
		return;
	}
	char c = *ps->p;
	if (c == '<') {
		if (ps->p + 1 >= ps->end) {
			ps->status = PARSE_TRUNCATED;
			return;
		}
		if (ps->p[1] == '<')
			parse_container(ps, depth, out, true);
		else
			parse_hex_string(ps, out);
	} else if (c == '[') {
		parse_container(ps, depth, out, false);
	} else if (c == '(') {
		parse_literal_string(ps, out);
	} else if (c == '/') {
		ps->p++;
		size_t n = word(ps);
		out->type = PDF_NAME;
		out->text = ps->p;
		out->len = n;
		ps->p += n;
	} else if (is_digit(c) || c == '-' || c == '+' || c == '.') {
		parse_number(ps, out);
	} else if (is_regular(c)) {
		size_t n = word(ps);
		if (ps->status != PARSE_OK)
			return;
		out->text = ps->p;
		out->len = n;
		if (n == 4 && memcmp(ps->p, "true", 4) == 0) {
			out->type = PDF_BOOL;
			out->i = 1;
		} else if (n == 5 && memcmp(ps->p, "false", 5) == 0) {
			out->type = PDF_BOOL;
		} else if (n == 4 && memcmp(ps->p, "null", 4) == 0) {
			out->type = PDF_NULL;
		} else {
			malformed(ps);
			return;
		}
		ps->p += n;
	} else {
		malformed(ps);
	}
}

/* The keyword `kw` next (after white space). */
static bool keyword(struct parser *ps, const char *kw)
{
	skip_space(ps);
	size_t n = word(ps);
	if (ps->status != PARSE_OK)
		return false;
	if (n != strlen(kw) || memcmp(ps->p, kw, n) != 0) {
		malformed(ps);
		return false;
	}
	ps->p += n;
	return true;
}


static enum pdf_parse status_of(const struct parser *ps)
{
	return ps->status == PARSE_OK ? PDF_PARSE_OK : ps->status == PARSE_TRUNCATED ? PDF_PARSE_MORE
										       : PDF_PARSE_BAD;
}

/* The value, stored after its items: the object is complete. */
static void finish_object(struct pdf_parser *r, struct pdf_value *v, int num, struct pdf_object *out)
{
	struct pdf_value top;
	push(r, v);
	close_container(r, 0, &top);
	*out = (struct pdf_object){ num, &r->values[top.first], r->values };
}

/* An end of line after a keyword, if there is one. */
static void end_of_line(struct parser *ps)
{
	if (ps->p < ps->end && *ps->p == '\r')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '\n')
		ps->p++;
}

enum pdf_parse pdf_parse_indirect(struct pdf_parser *p, const char *text, size_t len,
				  struct pdf_indirect *out)
{
	memset(out, 0, sizeof *out);
	struct parser ps = { p, text, text + len, PARSE_OK };
	p->n_values = 0;
	p->n_stack = 0;
	skip_space(&ps);
	out->start = (size_t)(ps.p - text);
	if (truncated(&ps))
		return PDF_PARSE_MORE;
	size_t n = word(&ps);
	if (ps.status != PARSE_OK)
		return status_of(&ps);
	if (n == 4 && memcmp(ps.p, "xref", 4) == 0) {
		out->xref = true;
		return PDF_PARSE_OK;
	}
	long long num = whole_number(ps.p, n);
	ps.p += n;
	skip_space(&ps);
	n = word(&ps);
	if (ps.status != PARSE_OK)
		return status_of(&ps);
	long long gen = whole_number(ps.p, n);
	ps.p += n;
	if (num <= 0 || num > 0x7fffffff || gen != 0)
		return PDF_PARSE_BAD;
	if (!keyword(&ps, "obj"))
		return status_of(&ps);
	struct pdf_value v;
	parse_value(&ps, 0, &v);
	if (ps.status != PARSE_OK)
		return status_of(&ps);
	skip_space(&ps);
	n = word(&ps);
	if (ps.status != PARSE_OK)
		return status_of(&ps);
	if (n == 6 && memcmp(ps.p, "endobj", 6) == 0) {
		ps.p += 6;
		end_of_line(&ps);
	} else if (n == 6 && memcmp(ps.p, "stream", 6) == 0) {
		ps.p += 6;
		/* The data starts after the end of line, which must be there. */
		if (ps.p + 1 >= ps.end)
			return PDF_PARSE_MORE;
		if (*ps.p == '\r' && ps.p[1] == '\n')
			ps.p += 2;
		else if (*ps.p == '\n')
			ps.p++;
		else
			return PDF_PARSE_BAD;
		out->stream = true;
	} else {
		return PDF_PARSE_BAD;
	}
	out->end = (size_t)(ps.p - text);
	finish_object(p, &v, (int)num, &out->object);
	return PDF_PARSE_OK;
}

enum pdf_parse pdf_parse_stream_end(const char *text, size_t len, size_t *used)
{
	struct parser ps = { NULL, text, text + len, PARSE_OK };
	if (keyword(&ps, "endstream") && keyword(&ps, "endobj"))
		end_of_line(&ps);
	*used = (size_t)(ps.p - text);
	return status_of(&ps);
}

enum pdf_parse pdf_parse_value(struct pdf_parser *p, const char *text, size_t len,
			       struct pdf_object *out)
{
	struct parser ps = { p, text, text + len, PARSE_OK };
	p->n_values = 0;
	p->n_stack = 0;
	struct pdf_value v;
	parse_value(&ps, 0, &v);
	if (ps.status != PARSE_OK)
		return status_of(&ps);
	finish_object(p, &v, 0, out);
	return PDF_PARSE_OK;
}

const struct pdf_value *pdf_dict_get(const struct pdf_object *o, const struct pdf_value *dict,
				     const char *key)
{
	if (!dict || dict->type != PDF_DICT)
		return NULL;
	size_t n = strlen(key);
	for (int i = 0; i < dict->n; i++) {
		const struct pdf_value *k = &o->values[dict->first + 2 * i];
		if (k->type == PDF_NAME && k->len == n && memcmp(k->text, key, n) == 0)
			return k + 1;
	}
	return NULL;
}

const struct pdf_value *pdf_array_item(const struct pdf_object *o, const struct pdf_value *array,
				       int i)
{
	if (!array || array->type != PDF_ARRAY || i < 0 || i >= array->n)
		return NULL;
	return &o->values[array->first + i];
}

bool pdf_is_name(const struct pdf_value *v, const char *name)
{
	return v && v->type == PDF_NAME && v->len == strlen(name) && memcmp(v->text, name, v->len) == 0;
}
