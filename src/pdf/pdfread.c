/* A strict, bounded reader of Cairo's PDF: trailer, xref table, objects by number. */
#include "pdf/pdfread.h"
#include "base/alloc.h"
#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	WINDOW = 64 * 1024,                /* bytes read back at a time */
	MAX_OBJECT = 16 * 1024 * 1024,     /* the largest object read */
	MAX_DEPTH = 32,                    /* arrays and dictionaries inside each other */
	TAIL = 1024,                       /* where startxref is looked for */
	XREF_ENTRY = 20,
};

/* Bytes of the PDF held: [at, at + len). */
struct window {
	char *data;
	size_t cap, len;
	uint64_t at;
};

struct pdf_reader {
	pdf_read_fn read;
	void *ctx;
	uint64_t length;
	struct diag_sink *diag;
	const char *source_name;
	struct window xref, objects;
	uint64_t entries;         /* where the first xref entry is */
	struct pdf_trailer trailer;
	struct pdf_value *values; /* the object's */
	size_t n_values, cap_values;
	struct pdf_value *stack;  /* the items of the arrays and dictionaries being read */
	size_t n_stack, cap_stack;
	struct pdf_object object;
};

static int fail(struct pdf_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct pdf_reader *r, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag(r->diag, DIAG_ERROR, r->source_name, 0, 0,
	     "tagging the PDF failed: Cairo's output is not as expected (%s)", msg);
	return -1;
}

/* Makes the window hold `need` bytes from `at` (fewer at the end of the PDF); *p and
 * *avail then say where they are and how many there are. */
static int window_get(struct pdf_reader *r, struct window *w, uint64_t at, size_t need,
		      const char **p, size_t *avail)
{
	if (at > r->length)
		return fail(r, "offset %llu is past the end", (unsigned long long)at);
	uint64_t left = r->length - at;
	if (need > left)
		need = (size_t)left;
	if (!(at >= w->at && at + need <= w->at + w->len)) {
		size_t n = need > WINDOW ? need : WINDOW;
		if (n > left)
			n = (size_t)left;
		if (n > w->cap) {
			free(w->data);
			w->data = xmalloc(n);
			w->cap = n;
		}
		if (n && r->read(r->ctx, at, w->data, n) != 0) {
			diag(r->diag, DIAG_ERROR, r->source_name, 0, 0,
			     "tagging the PDF failed: cannot read back what Cairo wrote");
			return -1;
		}
		w->at = at;
		w->len = n;
	}
	*p = w->data + (at - w->at);
	*avail = (size_t)(w->at + w->len - at);
	return 0;
}

/* ---- parsing ---- */

enum parse_status { PARSE_OK, PARSE_TRUNCATED, PARSE_MALFORMED };

struct parser {
	struct pdf_reader *r;
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

static void push(struct pdf_reader *r, const struct pdf_value *v)
{
	if (r->n_stack == r->cap_stack) {
		r->cap_stack = r->cap_stack ? r->cap_stack * 2 : 64;
		r->stack = xrealloc(r->stack, r->cap_stack * sizeof *r->stack);
	}
	r->stack[r->n_stack++] = *v;
}

static void parse_value(struct parser *ps, int depth, struct pdf_value *out);

/* Moves the items pushed since `base` into the object's values. */
static void close_container(struct pdf_reader *r, size_t base, struct pdf_value *out)
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
	struct pdf_reader *r = ps->r;
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

/* Parses one value at `at`, reading more of the PDF while it runs past what is held.
 * `head` reads what comes before it; `tail` what must come after. */
static int parse_at(struct pdf_reader *r, uint64_t at, struct pdf_value *out,
		    bool (*head)(struct parser *, void *), bool (*tail)(struct parser *), void *arg,
		    const char *what)
{
	for (size_t need = 2048;; need *= 4) {
		const char *p;
		size_t avail;
		if (window_get(r, &r->objects, at, need, &p, &avail) != 0)
			return -1;
		struct parser ps = { r, p, p + avail, PARSE_OK };
		r->n_values = 0;
		r->n_stack = 0;
		if (head(&ps, arg)) {
			parse_value(&ps, 0, out);
			if (ps.status == PARSE_OK)
				tail(&ps);
		}
		if (ps.status == PARSE_OK)
			return 0;
		if (ps.status == PARSE_MALFORMED)
			return fail(r, "%s cannot be read", what);
		if (avail < need || need >= MAX_OBJECT)
			return fail(r, "%s runs past the end or is too large", what);
	}
}

static bool object_head(struct parser *ps, void *arg)
{
	int num = *(const int *)arg;
	skip_space(ps);
	size_t n = word(ps);
	if (ps->status != PARSE_OK)
		return false;
	if (whole_number(ps->p, n) != num) {
		malformed(ps);
		return false;
	}
	ps->p += n;
	skip_space(ps);
	n = word(ps);
	if (ps->status != PARSE_OK)
		return false;
	if (whole_number(ps->p, n) != 0) {
		malformed(ps);
		return false;
	}
	ps->p += n;
	return keyword(ps, "obj");
}

static bool object_tail(struct parser *ps)
{
	skip_space(ps);
	size_t n = word(ps);
	if (ps->status != PARSE_OK)
		return false;
	bool ok = (n == 6 && memcmp(ps->p, "endobj", 6) == 0) ||
		  (n == 6 && memcmp(ps->p, "stream", 6) == 0);
	if (!ok)
		malformed(ps);
	return ok;
}

static bool trailer_head(struct parser *ps, void *arg)
{
	return keyword(ps, "trailer");
}

static bool trailer_tail(struct parser *ps)
{
	return keyword(ps, "startxref");
}

/* ---- the xref table and the trailer ---- */

static int read_startxref(struct pdf_reader *r)
{
	uint64_t at = r->length > TAIL ? r->length - TAIL : 0;
	const char *p;
	size_t avail;
	if (window_get(r, &r->objects, at, TAIL, &p, &avail) != 0)
		return -1;
	const char *found = NULL;
	for (const char *s = p; s + 9 <= p + avail; s++)
		if (memcmp(s, "startxref", 9) == 0)
			found = s;
	if (!found)
		return fail(r, "no startxref");
	struct parser ps = { r, found + 9, p + avail, PARSE_OK };
	skip_space(&ps);
	size_t n = word(&ps);
	long long v = ps.status == PARSE_OK ? whole_number(ps.p, n) : -1;
	if (v < 0 || (uint64_t)v >= r->length)
		return fail(r, "startxref is out of range");
	r->trailer.xref = (uint64_t)v;
	return 0;
}

/* "xref", then one subsection "0 N": Cairo writes every object in one table. */
static int read_xref_head(struct pdf_reader *r)
{
	const char *p;
	size_t avail;
	if (window_get(r, &r->xref, r->trailer.xref, 64, &p, &avail) != 0)
		return -1;
	struct parser ps = { r, p, p + avail, PARSE_OK };
	long long first = -1, count = -1;
	if (keyword(&ps, "xref")) {
		skip_space(&ps);
		size_t n = word(&ps);
		if (ps.status == PARSE_OK) {
			first = whole_number(ps.p, n);
			ps.p += n;
			skip_space(&ps);
			n = word(&ps);
			if (ps.status == PARSE_OK) {
				count = whole_number(ps.p, n);
				ps.p += n;
			}
		}
	}
	/* The entries start after the end of line. */
	while (ps.p < ps.end && (*ps.p == ' ' || *ps.p == '\r' || *ps.p == '\n')) {
		if (*ps.p++ == '\n')
			break;
	}
	if (ps.status != PARSE_OK || first != 0 || count < 1 || count > 0x7fffffff)
		return fail(r, "the xref table is not one table from object 0");
	r->entries = r->trailer.xref + (uint64_t)(ps.p - p);
	if (r->entries + (uint64_t)count * XREF_ENTRY > r->length)
		return fail(r, "the xref table runs past the end");
	r->trailer.size = (int)count;
	return 0;
}

static int read_trailer(struct pdf_reader *r)
{
	struct pdf_value dict;
	uint64_t at = r->entries + (uint64_t)r->trailer.size * XREF_ENTRY;
	if (parse_at(r, at, &dict, trailer_head, trailer_tail, NULL, "the trailer") != 0)
		return -1;
	r->object = (struct pdf_object){ 0, &dict, r->values };
	const struct pdf_value *size = dict.type == PDF_DICT ? pdf_dict_get(&r->object, &dict, "Size") : NULL;
	const struct pdf_value *root = size ? pdf_dict_get(&r->object, &dict, "Root") : NULL;
	const struct pdf_value *info = root ? pdf_dict_get(&r->object, &dict, "Info") : NULL;
	const struct pdf_value *id = root ? pdf_dict_get(&r->object, &dict, "ID") : NULL;
	if (!size || size->type != PDF_INT || size->i != r->trailer.size || !root ||
	    root->type != PDF_REF || root->i >= size->i || (info && (info->type != PDF_REF || info->i >= size->i)))
		return fail(r, "the trailer lacks /Size or /Root, or they disagree");
	if (pdf_dict_get(&r->object, &dict, "Prev") || pdf_dict_get(&r->object, &dict, "Encrypt"))
		return fail(r, "the PDF has an update or is encrypted");
	r->trailer.root = (int)root->i;
	r->trailer.info = info ? (int)info->i : 0;
	if (id)
		r->trailer.id = xstrndup(id->text, id->len);
	return 0;
}

int pdf_reader_open(pdf_read_fn read, void *ctx, uint64_t length, struct diag_sink *diag,
		    const char *source_name, struct pdf_reader **out)
{
	struct pdf_reader *r = xcalloc(1, sizeof *r);
	r->read = read;
	r->ctx = ctx;
	r->length = length;
	r->diag = diag;
	r->source_name = source_name;
	*out = NULL;
	if (read_startxref(r) != 0 || read_xref_head(r) != 0 || read_trailer(r) != 0) {
		pdf_reader_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void pdf_reader_free(struct pdf_reader *r)
{
	if (!r)
		return;
	free(r->xref.data);
	free(r->objects.data);
	free(r->values);
	free(r->stack);
	free(r->trailer.id);
	free(r);
}

const struct pdf_trailer *pdf_reader_trailer(const struct pdf_reader *r)
{
	return &r->trailer;
}

/* Where object num starts, from its xref entry: "oooooooooo 00000 n" and an end of line. */
static int object_offset(struct pdf_reader *r, int num, uint64_t *at)
{
	if (num <= 0 || num >= r->trailer.size)
		return fail(r, "object %d is not in the xref table", num);
	const char *p;
	size_t avail;
	if (window_get(r, &r->xref, r->entries + (uint64_t)num * XREF_ENTRY, XREF_ENTRY, &p, &avail) != 0)
		return -1;
	long long offset = avail >= XREF_ENTRY ? whole_number(p, 10) : -1;
	bool ok = offset >= 0 && p[10] == ' ' && memcmp(p + 11, "00000 n", 7) == 0 &&
		  (memcmp(p + 18, " \n", 2) == 0 || memcmp(p + 18, " \r", 2) == 0 ||
		   memcmp(p + 18, "\r\n", 2) == 0);
	if (!ok || (uint64_t)offset >= r->trailer.xref)
		return fail(r, "the xref entry of object %d is not in use or out of range", num);
	*at = (uint64_t)offset;
	return 0;
}

const struct pdf_object *pdf_reader_object(struct pdf_reader *r, int num)
{
	uint64_t at = 0;
	static struct pdf_value none;
	if (object_offset(r, num, &at) != 0)
		return NULL;
	struct pdf_value v = none;
	char what[32];
	snprintf(what, sizeof what, "object %d", num);
	if (parse_at(r, at, &v, object_head, object_tail, &num, what) != 0)
		return NULL;
	/* The value itself goes after its items. */
	struct pdf_value top;
	push(r, &v);
	close_container(r, 0, &top);
	r->object = (struct pdf_object){ num, &r->values[top.first], r->values };
	return &r->object;
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
