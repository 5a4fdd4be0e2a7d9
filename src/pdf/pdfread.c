/* Reads a PDF from memory by the specification (PDF 32000-1, 7.3 to 7.5): objects, xref
 * tables and streams, object streams, Flate with PNG predictors; every read bounded. */
#include "pdf/pdfread.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum {
	MAX_XREF_SECTIONS = 256, /* cross-reference sections chained by /Prev */
	MAX_REF_HOPS = 32,       /* references to references followed by pdf_resolve */
	MAX_LOAD_NESTING = 16,   /* objects read while reading an object (lengths, streams) */
	MAX_NAME_BYTES = 4096,   /* a name's bytes */
	MAX_NUMBER_BYTES = 64,   /* a number's characters */
	MAX_FILTERS = 4,         /* filters of one stream */
	TAIL_WINDOW = 1024,      /* bytes at the end searched for startxref */
};

/* What is known of an object's value. */
enum entry_state {
	ENTRY_UNREAD,
	ENTRY_READING, /* being read: asking for it again is a cycle */
	ENTRY_READ,
	ENTRY_FAILED,
};

/* An object stream's decoded data and the table at its start. */
struct object_stream {
	unsigned char *data; /* decoded (owned by the reader's list of buffers) */
	size_t len;          /* bytes of data */
	size_t first;        /* where the first object starts */
	size_t count;        /* objects held */
	uint32_t *nums;      /* count object numbers */
	size_t *offsets;     /* count offsets, from first */
};

/* One object number's cross-reference entry and what was read of it. */
struct xref_entry {
	uint64_t where;              /* type 1: byte offset; type 2: object stream number */
	uint32_t index;              /* type 2: index in the object stream */
	uint16_t gen;                /* type 1: generation number */
	unsigned char type;          /* 0 free or absent, 1 in the file, 2 in an object stream */
	unsigned char state;         /* enum entry_state */
	uint16_t section;            /* the section that gave it (from 1, newest first); 0: none */
	struct pdf_obj *value;       /* ENTRY_READ: the value */
	const char *why;             /* ENTRY_FAILED: the reason */
	struct object_stream *objstm; /* this object opened as an object stream */
	const char *objstm_why;      /* why it could not be opened as one */
};

struct pdf_reader {
	const unsigned char *data;   /* the file (the caller's) */
	size_t len;                  /* bytes of data */
	struct arena *arena;         /* every value read */
	struct xref_entry *entries;  /* indexed by object number, n_entries of them */
	size_t n_entries;            /* entries allocated (at most PDF_READ_MAX_OBJECTS) */
	int size;                    /* the trailer's /Size: object numbers are below */
	struct pdf_obj trailer;      /* the newest trailer dictionary */
	size_t decoded_left;         /* bytes streams may still decode into */
	size_t values_left;          /* values that may still be parsed */
	int load_nesting;            /* objects being read inside each other now */
	int section;                 /* the cross-reference section being read, from 1 */
	bool hybrid;                 /* reading a table's /XRefStm: it fills the table's gaps */
	struct pdf_obj *stack;       /* items of the arrays and dictionaries being parsed */
	size_t n_stack, cap_stack;   /* items on the stack, and room */
	unsigned char **owned;       /* decoded buffers that values point into */
	size_t n_owned, cap_owned;   /* buffers owned, and room */
};

/* A position in bytes being parsed. */
struct lexer {
	struct pdf_reader *r;     /* where values are allocated */
	const unsigned char *p;   /* the bytes */
	size_t len;               /* their number */
	size_t pos;               /* the next byte to read */
	const char *why;          /* the first problem met */
};

static const struct pdf_obj null_value = { .kind = PDF_NULL };

/* ---- characters and tokens ---- */

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delimiter(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '/' || c == '%';
}

static bool is_regular(unsigned char c)
{
	return !is_space(c) && !is_delimiter(c);
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int fail(struct lexer *lx, const char *why)
{
	if (!lx->why)
		lx->why = why;
	return -1;
}

/* Skips white space and comments. */
static void skip_space(struct lexer *lx)
{
	while (lx->pos < lx->len) {
		unsigned char c = lx->p[lx->pos];
		if (is_space(c)) {
			lx->pos++;
		} else if (c == '%') {
			while (lx->pos < lx->len && lx->p[lx->pos] != '\n' && lx->p[lx->pos] != '\r')
				lx->pos++;
		} else {
			return;
		}
	}
}

/* The run of regular characters after white space: its start and length (0 when a
 * delimiter or the end comes first). */
static size_t next_word(struct lexer *lx, size_t *start)
{
	skip_space(lx);
	*start = lx->pos;
	while (lx->pos < lx->len && is_regular(lx->p[lx->pos]))
		lx->pos++;
	return lx->pos - *start;
}

static bool word_is(const struct lexer *lx, size_t start, size_t n, const char *keyword)
{
	return n == strlen(keyword) && memcmp(lx->p + start, keyword, n) == 0;
}

/* Reads the keyword after white space; false (position unchanged) when it is not. */
static bool take_keyword(struct lexer *lx, const char *keyword)
{
	size_t saved = lx->pos, start;
	size_t n = next_word(lx, &start);
	if (word_is(lx, start, n, keyword))
		return true;
	lx->pos = saved;
	return false;
}

/* Digits only, at most max: the value in *v. */
static bool digits_value(const unsigned char *s, size_t n, uint64_t max, uint64_t *v)
{
	if (n == 0 || n > 20)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		unsigned d = s[i] - '0';
		if (x > (max - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*v = x;
	return true;
}

/* An unsigned integer word, at most max. */
static int read_uint(struct lexer *lx, uint64_t max, uint64_t *v, const char *why)
{
	size_t start;
	size_t n = next_word(lx, &start);
	if (!digits_value(lx->p + start, n, max, v))
		return fail(lx, why);
	return 0;
}

/* ---- values ---- */

static int parse_value(struct lexer *lx, struct pdf_obj *out, int depth);

static int charge_value(struct lexer *lx)
{
	if (lx->r->values_left == 0)
		return fail(lx, PDF_READ_WHY("it holds too many values"));
	lx->r->values_left--;
	return 0;
}

static void push(struct pdf_reader *r, const struct pdf_obj *v)
{
	if (r->n_stack == r->cap_stack) {
		r->cap_stack = r->cap_stack ? r->cap_stack * 2 : 64;
		r->stack = xrealloc(r->stack, r->cap_stack * sizeof *r->stack);
	}
	r->stack[r->n_stack++] = *v;
}

/* A number word: an integer, or a real kept with its text. */
static int parse_number(struct lexer *lx, size_t start, size_t n, struct pdf_obj *out)
{
	const unsigned char *s = lx->p + start;
	if (n > MAX_NUMBER_BYTES)
		return fail(lx, PDF_READ_WHY("a number is too long"));
	size_t i = 0;
	bool negative = false;
	if (s[0] == '+' || s[0] == '-') {
		negative = s[0] == '-';
		i = 1;
	}
	int64_t whole = 0;
	double value = 0, scale = 1;
	int digits = 0;
	bool point = false, overflow = false;
	for (; i < n; i++) {
		if (s[i] == '.' && !point) {
			point = true;
		} else if (is_digit(s[i])) {
			int d = s[i] - '0';
			digits++;
			if (point) {
				scale /= 10;
				value += d * scale;
			} else {
				value = value * 10 + d;
				if (whole > (INT64_MAX - d) / 10)
					overflow = true;
				else
					whole = whole * 10 + d;
			}
		} else {
			return fail(lx, PDF_READ_WHY("a number or keyword is malformed"));
		}
	}
	if (digits == 0)
		return fail(lx, PDF_READ_WHY("a number is malformed"));
	if (!point) {
		if (overflow)
			return fail(lx, PDF_READ_WHY("an integer is too large"));
		out->kind = PDF_INT;
		out->u.integer = negative ? -whole : whole;
		return 0;
	}
	out->kind = PDF_REAL;
	out->u.real.value = negative ? -value : value;
	out->u.real.text = (const char *)s;
	out->u.real.len = n;
	return 0;
}

/* After an unsigned integer: "gen R" makes it a reference; else nothing is read. */
static bool try_reference(struct lexer *lx, uint64_t num, struct pdf_obj *out)
{
	size_t saved = lx->pos, start;
	size_t n = next_word(lx, &start);
	uint64_t gen;
	if (num <= INT_MAX && digits_value(lx->p + start, n, 65535, &gen) && take_keyword(lx, "R")) {
		out->kind = PDF_REF;
		out->u.ref.num = (int)num;
		out->u.ref.gen = (int)gen;
		return true;
	}
	lx->pos = saved;
	return false;
}

/* A name, at '/'. */
static int parse_name(struct lexer *lx, struct pdf_obj *out)
{
	size_t start = ++lx->pos;
	while (lx->pos < lx->len && is_regular(lx->p[lx->pos]))
		lx->pos++;
	size_t n = lx->pos - start;
	if (n > MAX_NAME_BYTES)
		return fail(lx, PDF_READ_WHY("a name is too long"));
	char *name = arena_alloc(lx->r->arena, n + 1);
	size_t len = 0;
	for (size_t i = start; i < lx->pos; i++) {
		unsigned char c = lx->p[i];
		if (c == '#') {
			int hi = i + 2 < lx->pos ? hex_value(lx->p[i + 1]) : -1;
			int lo = hi >= 0 ? hex_value(lx->p[i + 2]) : -1;
			if (lo < 0 || (hi == 0 && lo == 0))
				return fail(lx, PDF_READ_WHY("a name has a bad # escape"));
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		name[len++] = (char)c;
	}
	name[len] = '\0';
	out->kind = PDF_NAME;
	out->u.text.bytes = name;
	out->u.text.len = len;
	return 0;
}

/* A literal string, at '(': balanced parentheses, escapes, end-of-line conversion. */
static int parse_literal(struct lexer *lx, struct pdf_obj *out)
{
	size_t start = ++lx->pos, end = start;
	size_t open = 1;
	while (open) {
		if (end >= lx->len)
			return fail(lx, PDF_READ_WHY("a string does not end"));
		unsigned char c = lx->p[end++];
		if (c == '\\')
			end++; /* the escaped byte cannot open or close */
		else if (c == '(')
			open++;
		else if (c == ')')
			open--;
	}
	/* end is just past the closing parenthesis; decoding never grows. */
	char *text = arena_alloc(lx->r->arena, end - start);
	size_t len = 0, i = start, last = end - 1;
	while (i < last) {
		unsigned char c = lx->p[i++];
		if (c == '\r') {
			if (i < last && lx->p[i] == '\n')
				i++;
			text[len++] = '\n';
			continue;
		}
		if (c != '\\') {
			text[len++] = (char)c;
			continue;
		}
		c = lx->p[i++]; /* i <= last: a backslash never escapes the closing parenthesis */
		switch (c) {
		case 'n': text[len++] = '\n'; break;
		case 'r': text[len++] = '\r'; break;
		case 't': text[len++] = '\t'; break;
		case 'b': text[len++] = '\b'; break;
		case 'f': text[len++] = '\f'; break;
		case '\r':
			if (i < last && lx->p[i] == '\n')
				i++;
			break;
		case '\n':
			break;
		default:
			if (c >= '0' && c <= '7') {
				unsigned v = c - '0';
				for (int k = 0; k < 2 && i < last && lx->p[i] >= '0' && lx->p[i] <= '7';
				     k++)
					v = v * 8 + (lx->p[i++] - '0');
				text[len++] = (char)(v & 0xff);
			} else {
				text[len++] = (char)c; /* \( \) \\ and unknown escapes */
			}
		}
	}
	text[len] = '\0';
	lx->pos = end;
	out->kind = PDF_STRING;
	out->u.text.bytes = text;
	out->u.text.len = len;
	return 0;
}

/* A hexadecimal string, at '<' (not "<<"). */
static int parse_hex(struct lexer *lx, struct pdf_obj *out)
{
	size_t start = ++lx->pos, end = start;
	while (end < lx->len && lx->p[end] != '>')
		end++;
	if (end >= lx->len)
		return fail(lx, PDF_READ_WHY("a hexadecimal string does not end"));
	char *text = arena_alloc(lx->r->arena, (end - start) / 2 + 2);
	size_t len = 0;
	int high = -1;
	for (size_t i = start; i < end; i++) {
		unsigned char c = lx->p[i];
		if (is_space(c))
			continue;
		int v = hex_value(c);
		if (v < 0)
			return fail(lx, PDF_READ_WHY("a hexadecimal string holds other characters"));
		if (high < 0) {
			high = v;
		} else {
			text[len++] = (char)(high * 16 + v);
			high = -1;
		}
	}
	if (high >= 0)
		text[len++] = (char)(high * 16);
	text[len] = '\0';
	lx->pos = end + 1;
	out->kind = PDF_STRING;
	out->u.text.bytes = text;
	out->u.text.len = len;
	return 0;
}

/* An array at '[' or a dictionary at "<<"; items gather on the reader's stack. */
static int parse_container(struct lexer *lx, struct pdf_obj *out, int depth, bool dict)
{
	struct pdf_reader *r = lx->r;
	if (depth >= PDF_READ_MAX_DEPTH)
		return fail(lx, PDF_READ_WHY("arrays or dictionaries nest too deep"));
	size_t base = r->n_stack;
	lx->pos += dict ? 2 : 1;
	for (;;) {
		skip_space(lx);
		if (lx->pos >= lx->len) {
			r->n_stack = base;
			return fail(lx, dict ? PDF_READ_WHY("a dictionary does not end")
					     : PDF_READ_WHY("an array does not end"));
		}
		unsigned char c = lx->p[lx->pos];
		if (dict && c == '>') {
			if (lx->pos + 1 >= lx->len || lx->p[lx->pos + 1] != '>') {
				r->n_stack = base;
				return fail(lx, PDF_READ_WHY("a dictionary is malformed"));
			}
			lx->pos += 2;
			break;
		}
		if (!dict && c == ']') {
			lx->pos++;
			break;
		}
		if (dict && (r->n_stack - base) % 2 == 0 && c != '/') {
			r->n_stack = base;
			return fail(lx, PDF_READ_WHY("a dictionary key is not a name"));
		}
		struct pdf_obj item;
		if (parse_value(lx, &item, depth + 1) < 0) {
			r->n_stack = base;
			return -1;
		}
		push(r, &item);
	}
	size_t n = r->n_stack - base;
	if (dict && n % 2) {
		r->n_stack = base;
		return fail(lx, PDF_READ_WHY("a dictionary key has no value"));
	}
	if (dict) {
		struct pdf_entry *entries = n ? arena_alloc(r->arena, n / 2 * sizeof *entries) : NULL;
		for (size_t i = 0; i < n / 2; i++) {
			entries[i].key = r->stack[base + 2 * i].u.text.bytes;
			entries[i].value = r->stack[base + 2 * i + 1];
		}
		out->kind = PDF_DICT;
		out->u.dict.entries = entries;
		out->u.dict.count = n / 2;
		out->u.dict.data = NULL;
		out->u.dict.len = 0;
	} else {
		struct pdf_obj *items = n ? arena_alloc(r->arena, n * sizeof *items) : NULL;
		if (n)
			memcpy(items, r->stack + base, n * sizeof *items);
		out->kind = PDF_ARRAY;
		out->u.array.items = items;
		out->u.array.count = n;
	}
	r->n_stack = base;
	return 0;
}

static int parse_value(struct lexer *lx, struct pdf_obj *out, int depth)
{
	skip_space(lx);
	if (lx->pos >= lx->len)
		return fail(lx, PDF_READ_WHY("an object ends too soon"));
	if (charge_value(lx) < 0)
		return -1;
	unsigned char c = lx->p[lx->pos];
	switch (c) {
	case '/':
		return parse_name(lx, out);
	case '(':
		return parse_literal(lx, out);
	case '[':
		return parse_container(lx, out, depth, false);
	case '<':
		if (lx->pos + 1 < lx->len && lx->p[lx->pos + 1] == '<')
			return parse_container(lx, out, depth, true);
		return parse_hex(lx, out);
	default:
		break;
	}
	size_t start;
	size_t n = next_word(lx, &start);
	if (n == 0)
		return fail(lx, PDF_READ_WHY("a delimiter is out of place"));
	if (word_is(lx, start, n, "null")) {
		out->kind = PDF_NULL;
		return 0;
	}
	if (word_is(lx, start, n, "true") || word_is(lx, start, n, "false")) {
		out->kind = PDF_BOOL;
		out->u.boolean = c == 't';
		return 0;
	}
	if (!is_digit(c) && c != '+' && c != '-' && c != '.')
		return fail(lx, PDF_READ_WHY("an unknown keyword is in an object"));
	if (parse_number(lx, start, n, out) < 0)
		return -1;
	if (out->kind == PDF_INT && is_digit(c))
		try_reference(lx, (uint64_t)out->u.integer, out);
	return 0;
}

/* ---- decoding ---- */

static void own(struct pdf_reader *r, unsigned char *data)
{
	if (r->n_owned == r->cap_owned) {
		r->cap_owned = r->cap_owned ? r->cap_owned * 2 : 8;
		r->owned = xrealloc(r->owned, r->cap_owned * sizeof *r->owned);
	}
	r->owned[r->n_owned++] = data;
}

/* Inflates a zlib stream into a new buffer of at most the reader's remaining budget. */
static int inflate_data(struct pdf_reader *r, const unsigned char *in, size_t in_len,
			unsigned char **out, size_t *out_len, const char **why)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (inflateInit(&zs) != Z_OK) {
		*why = PDF_READ_WHY("zlib failed to start");
		return -1;
	}
	size_t limit = r->decoded_left;
	size_t cap = in_len < limit / 4 ? in_len * 4 + 256 : limit;
	if (cap > limit)
		cap = limit; /* the guess: four times the input, grown by doubling */
	unsigned char *buf = xmalloc(cap + 1);
	size_t used = 0, in_used = 0;
	int rc = Z_OK;
	for (;;) {
		if (used == cap) {
			if (cap == limit) {
				*why = PDF_READ_WHY("its streams decode to too many bytes");
				goto failed;
			}
			cap = cap > limit / 2 ? limit : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		size_t in_chunk = in_len - in_used, out_chunk = cap - used;
		zs.next_in = (Bytef *)(in + in_used);
		zs.avail_in = in_chunk > UINT_MAX ? UINT_MAX : (uInt)in_chunk;
		zs.next_out = buf + used;
		zs.avail_out = out_chunk > UINT_MAX ? UINT_MAX : (uInt)out_chunk;
		uInt avail_in = zs.avail_in, avail_out = zs.avail_out;
		rc = inflate(&zs, Z_NO_FLUSH);
		in_used += avail_in - zs.avail_in;
		used += avail_out - zs.avail_out;
		if (rc == Z_STREAM_END)
			break;
		if (rc == Z_BUF_ERROR && zs.avail_out != 0 && in_used == in_len) {
			*why = PDF_READ_WHY("compressed data ends too soon");
			goto failed;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			*why = PDF_READ_WHY("compressed data is corrupt");
			goto failed;
		}
		if (rc == Z_OK && zs.avail_out != 0 && in_used == in_len) {
			*why = PDF_READ_WHY("compressed data ends too soon");
			goto failed;
		}
	}
	inflateEnd(&zs);
	r->decoded_left -= used;
	*out = buf;
	*out_len = used;
	return 0;
failed:
	inflateEnd(&zs);
	free(buf);
	return -1;
}

/* PNG predictor parameters of one filter. */
struct predictor {
	int64_t predictor; /* 1 none, 10-15 PNG */
	int64_t colors;    /* samples per pixel */
	int64_t bits;      /* bits per sample */
	int64_t columns;   /* pixels per row */
};

static int64_t parm_int(const struct pdf_obj *parms, const char *key, int64_t fallback,
			bool *ok)
{
	const struct pdf_obj *v = pdf_dict_get(parms, key);
	if (!v)
		return fallback;
	if (v->kind != PDF_INT)
		*ok = false;
	return v->kind == PDF_INT ? v->u.integer : fallback;
}

static bool read_predictor(const struct pdf_obj *parms, struct predictor *p)
{
	bool ok = true;
	p->predictor = parm_int(parms, "Predictor", 1, &ok);
	p->colors = parm_int(parms, "Colors", 1, &ok);
	p->bits = parm_int(parms, "BitsPerComponent", 8, &ok);
	p->columns = parm_int(parms, "Columns", 1, &ok);
	if (!ok)
		return false;
	if (p->predictor == 1)
		return true;
	if (p->predictor < 10 || p->predictor > 15)
		return false;
	if (p->colors < 1 || p->colors > 32 || p->columns < 1 || p->columns > (1 << 24))
		return false;
	return p->bits == 1 || p->bits == 2 || p->bits == 4 || p->bits == 8 || p->bits == 16;
}

/* Undoes PNG prediction in place: rows of a tag byte and the row's bytes. */
static int unpredict(unsigned char *data, size_t *len, const struct predictor *p,
		     const char **why)
{
	if (p->predictor == 1)
		return 0;
	size_t bits = (size_t)(p->colors * p->bits);
	size_t bpp = (bits + 7) / 8;
	size_t row = (bits * (size_t)p->columns + 7) / 8;
	if (*len % (row + 1)) {
		*why = PDF_READ_WHY("predicted data has a partial row");
		return -1;
	}
	size_t rows = *len / (row + 1);
	for (size_t y = 0; y < rows; y++) {
		const unsigned char *in = data + y * (row + 1);
		unsigned tag = in[0];
		in++;
		unsigned char *cur = data + y * row;
		const unsigned char *prev = y ? data + (y - 1) * row : NULL;
		/* cur is at or before in: each byte is read before it is overwritten. */
		for (size_t i = 0; i < row; i++) {
			unsigned a = i >= bpp ? cur[i - bpp] : 0;
			unsigned b = prev ? prev[i] : 0;
			unsigned c = prev && i >= bpp ? prev[i - bpp] : 0;
			unsigned x = in[i], v;
			switch (tag) {
			case 0: v = x; break;
			case 1: v = x + a; break;
			case 2: v = x + b; break;
			case 3: v = x + (a + b) / 2; break;
			case 4: {
				int pa = abs((int)b - (int)c), pb = abs((int)a - (int)c);
				int pc = abs((int)a + (int)b - 2 * (int)c);
				v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
				break;
			}
			default:
				*why = PDF_READ_WHY("predicted data has an unknown row tag");
				return -1;
			}
			cur[i] = (unsigned char)v;
		}
	}
	*len = rows * row;
	return 0;
}

/* The stream's filters and their parameters (NULL: none); false when not decodable. */
static bool stream_filters(const struct pdf_obj *stream, size_t *n,
			   const struct pdf_obj *parms[MAX_FILTERS])
{
	const struct pdf_obj *filter = pdf_dict_get(stream, "Filter");
	const struct pdf_obj *dp = pdf_dict_get(stream, "DecodeParms");
	*n = 0;
	if (!filter || filter->kind == PDF_NULL)
		return true;
	const struct pdf_obj *names = filter;
	size_t count = 1;
	if (filter->kind == PDF_ARRAY) {
		names = filter->u.array.items;
		count = filter->u.array.count;
	}
	if (count > MAX_FILTERS)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (!pdf_is_name(&names[i], "FlateDecode"))
			return false;
		const struct pdf_obj *p = NULL;
		if (dp && dp->kind == PDF_ARRAY)
			p = i < dp->u.array.count ? &dp->u.array.items[i] : NULL;
		else if (dp && count == 1)
			p = dp;
		if (p && p->kind == PDF_NULL)
			p = NULL;
		if (p && p->kind != PDF_DICT)
			return false;
		struct predictor pred;
		if (p && !read_predictor(p, &pred))
			return false;
		parms[i] = p;
	}
	*n = count;
	return true;
}

bool pdf_stream_decodable(const struct pdf_obj *stream)
{
	size_t n;
	const struct pdf_obj *parms[MAX_FILTERS];
	return stream && stream->kind == PDF_STREAM && stream_filters(stream, &n, parms);
}

int pdf_stream_decode(struct pdf_reader *r, const struct pdf_obj *stream, unsigned char **data,
		      size_t *len, const char **why)
{
	size_t n;
	const struct pdf_obj *parms[MAX_FILTERS];
	if (!stream || stream->kind != PDF_STREAM) {
		*why = PDF_READ_WHY("a stream was expected");
		return -1;
	}
	if (!stream_filters(stream, &n, parms)) {
		*why = PDF_READ_WHY("a stream has a filter that is not read");
		return -1;
	}
	unsigned char *buf;
	size_t used = stream->u.dict.len;
	if (n == 0) {
		if (used > r->decoded_left) {
			*why = PDF_READ_WHY("its streams decode to too many bytes");
			return -1;
		}
		r->decoded_left -= used;
		buf = xmalloc(used + 1);
		memcpy(buf, stream->u.dict.data, used);
	} else {
		const unsigned char *in = stream->u.dict.data;
		buf = NULL;
		for (size_t i = 0; i < n; i++) {
			unsigned char *out;
			size_t out_len;
			int rc = inflate_data(r, in, used, &out, &out_len, why);
			free(buf);
			if (rc < 0)
				return -1;
			buf = out;
			used = out_len;
			in = buf;
			struct predictor pred = { 1, 1, 8, 1 };
			if (parms[i])
				read_predictor(parms[i], &pred);
			if (unpredict(buf, &used, &pred, why) < 0) {
				free(buf);
				return -1;
			}
		}
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
}

/* ---- objects ---- */

const struct pdf_obj *pdf_dict_get(const struct pdf_obj *d, const char *key)
{
	if (!d || (d->kind != PDF_DICT && d->kind != PDF_STREAM))
		return NULL;
	for (size_t i = 0; i < d->u.dict.count; i++)
		if (strcmp(d->u.dict.entries[i].key, key) == 0)
			return &d->u.dict.entries[i].value;
	return NULL;
}

bool pdf_is_name(const struct pdf_obj *o, const char *name)
{
	return o && o->kind == PDF_NAME && strcmp(o->u.text.bytes, name) == 0;
}

bool pdf_number(const struct pdf_obj *o, double *v)
{
	if (o && o->kind == PDF_INT) {
		*v = (double)o->u.integer;
		return true;
	}
	if (o && o->kind == PDF_REAL) {
		*v = o->u.real.value;
		return true;
	}
	return false;
}

/* Reads "num gen obj value endobj", or a stream, at offset in the file. expect_num < 0
 * takes any number. With direct_length the stream's /Length must be written in place
 * (while the cross-reference sections are read). */
static int parse_indirect(struct pdf_reader *r, size_t offset, int expect_num, int expect_gen,
			  bool direct_length, struct pdf_obj *out, const char **why)
{
	struct lexer lx = { .r = r, .p = r->data, .len = r->len, .pos = offset };
	uint64_t num, gen;
	if (offset >= r->len) {
		*why = PDF_READ_WHY("an object's offset is past the end");
		return -1;
	}
	if (read_uint(&lx, INT_MAX, &num, PDF_READ_WHY("an object's header is malformed")) < 0 ||
	    read_uint(&lx, 65535, &gen, PDF_READ_WHY("an object's header is malformed")) < 0 ||
	    !take_keyword(&lx, "obj")) {
		*why = PDF_READ_WHY("an object's header is malformed");
		return -1;
	}
	if (expect_num >= 0 && (num != (uint64_t)expect_num || gen != (uint64_t)expect_gen)) {
		*why = PDF_READ_WHY("an object is not where the cross-reference table says");
		return -1;
	}
	if (parse_value(&lx, out, 0) < 0) {
		*why = lx.why;
		return -1;
	}
	if (take_keyword(&lx, "endobj"))
		return 0;
	if (out->kind != PDF_DICT || !take_keyword(&lx, "stream")) {
		*why = PDF_READ_WHY("an object does not end with endobj");
		return -1;
	}
	/* The keyword stream ends with CR LF or LF. */
	if (lx.pos < lx.len && lx.p[lx.pos] == '\r')
		lx.pos++;
	if (lx.pos >= lx.len || lx.p[lx.pos] != '\n') {
		*why = PDF_READ_WHY("a stream keyword is not followed by an end of line");
		return -1;
	}
	lx.pos++;
	size_t data_start = lx.pos;
	const struct pdf_obj *length = pdf_dict_get(out, "Length");
	if (length && length->kind == PDF_REF) {
		if (direct_length) {
			*why = PDF_READ_WHY("a cross-reference stream's length is indirect");
			return -1;
		}
		length = pdf_resolve(r, length, why);
		if (!length)
			return -1;
	}
	if (!length || length->kind != PDF_INT || length->u.integer < 0 ||
	    (uint64_t)length->u.integer > r->len - data_start) {
		*why = PDF_READ_WHY("a stream's length is missing or runs past the end");
		return -1;
	}
	lx.pos = data_start + (size_t)length->u.integer;
	if (!take_keyword(&lx, "endstream") || !take_keyword(&lx, "endobj")) {
		*why = PDF_READ_WHY("a stream does not end where its length says");
		return -1;
	}
	out->kind = PDF_STREAM;
	out->u.dict.data = r->data + data_start;
	out->u.dict.len = (size_t)length->u.integer;
	return 0;
}

/* Decodes object stream num and reads its table of objects. */
static int open_object_stream(struct pdf_reader *r, int num, struct object_stream **out,
			      const char **why)
{
	struct xref_entry *e = &r->entries[num];
	if (e->objstm) {
		*out = e->objstm;
		return 0;
	}
	if (e->objstm_why) {
		*why = e->objstm_why;
		return -1;
	}
	const struct pdf_obj *s = pdf_reader_object(r, num, why);
	if (!s)
		return -1;
	const struct pdf_obj *n_obj = s->kind == PDF_STREAM ? pdf_dict_get(s, "N") : NULL;
	const struct pdf_obj *first_obj = pdf_dict_get(s, "First");
	if (s->kind != PDF_STREAM || !pdf_is_name(pdf_dict_get(s, "Type"), "ObjStm") || !n_obj ||
	    n_obj->kind != PDF_INT || !first_obj || first_obj->kind != PDF_INT ||
	    n_obj->u.integer < 0 || first_obj->u.integer < 0) {
		*why = e->objstm_why = PDF_READ_WHY("an object stream is malformed");
		return -1;
	}
	unsigned char *data;
	size_t len;
	if (pdf_stream_decode(r, s, &data, &len, why) < 0) {
		e->objstm_why = *why;
		return -1;
	}
	own(r, data);
	size_t first = (size_t)first_obj->u.integer;
	size_t count = (size_t)n_obj->u.integer;
	/* Each pair takes at least three bytes ("1 0"), and a space between pairs. */
	if (first > len || count > first / 2 + 1) {
		*why = e->objstm_why = PDF_READ_WHY("an object stream's table is malformed");
		return -1;
	}
	struct object_stream *os = arena_alloc(r->arena, sizeof *os);
	os->data = data;
	os->len = len;
	os->first = first;
	os->count = count;
	os->nums = arena_alloc(r->arena, (count ? count : 1) * sizeof *os->nums);
	os->offsets = arena_alloc(r->arena, (count ? count : 1) * sizeof *os->offsets);
	struct lexer lx = { .r = r, .p = data, .len = first, .pos = 0 };
	for (size_t i = 0; i < count; i++) {
		uint64_t obj_num, offset;
		if (read_uint(&lx, INT_MAX, &obj_num, "") < 0 ||
		    read_uint(&lx, len - first, &offset, "") < 0) {
			*why = e->objstm_why = PDF_READ_WHY("an object stream's table is malformed");
			return -1;
		}
		os->nums[i] = (uint32_t)obj_num;
		os->offsets[i] = (size_t)offset;
	}
	e->objstm = os;
	*out = os;
	return 0;
}

/* Reads object num from its object stream. */
static int load_compressed(struct pdf_reader *r, int num, const struct xref_entry *e,
			   struct pdf_obj *out, const char **why)
{
	if (e->where >= (uint64_t)r->size || e->where >= r->n_entries ||
	    r->entries[e->where].type != 1) {
		*why = PDF_READ_WHY("an object's object stream is not in the file");
		return -1;
	}
	struct object_stream *os;
	if (open_object_stream(r, (int)e->where, &os, why) < 0)
		return -1;
	if (e->index >= os->count || os->nums[e->index] != (uint32_t)num) {
		*why = PDF_READ_WHY("an object stream does not hold the object it should");
		return -1;
	}
	struct lexer lx = {
		.r = r, .p = os->data, .len = os->len, .pos = os->first + os->offsets[e->index],
	};
	if (parse_value(&lx, out, 0) < 0) {
		*why = lx.why;
		return -1;
	}
	return 0;
}

const struct pdf_obj *pdf_reader_object(struct pdf_reader *r, int num, const char **why)
{
	if (num < 0 || num >= r->size || (size_t)num >= r->n_entries || r->entries[num].type == 0)
		return &null_value;
	struct xref_entry *e = &r->entries[num];
	switch (e->state) {
	case ENTRY_READ:
		return e->value;
	case ENTRY_FAILED:
		*why = e->why;
		return NULL;
	case ENTRY_READING:
		*why = PDF_READ_WHY("an object's length or object stream leads back to it");
		return NULL;
	default:
		break;
	}
	if (r->load_nesting >= MAX_LOAD_NESTING) {
		*why = PDF_READ_WHY("objects lead to each other too deep");
		return NULL;
	}
	e->state = ENTRY_READING;
	r->load_nesting++;
	struct pdf_obj value;
	int rc = e->type == 1 ? parse_indirect(r, (size_t)e->where, num, e->gen, false, &value, why)
			      : load_compressed(r, num, e, &value, why);
	r->load_nesting--;
	if (rc < 0) {
		e->state = ENTRY_FAILED;
		e->why = *why;
		return NULL;
	}
	e->value = arena_alloc(r->arena, sizeof *e->value);
	*e->value = value;
	e->state = ENTRY_READ;
	return e->value;
}

const struct pdf_obj *pdf_resolve(struct pdf_reader *r, const struct pdf_obj *o,
				  const char **why)
{
	for (int hops = 0; o && o->kind == PDF_REF; hops++) {
		if (hops == MAX_REF_HOPS) {
			*why = PDF_READ_WHY("references lead round in a cycle");
			return NULL;
		}
		int num = o->u.ref.num;
		if (num < 0 || num >= r->size || (size_t)num >= r->n_entries)
			return &null_value;
		const struct xref_entry *e = &r->entries[num];
		if ((e->type == 1 && e->gen != o->u.ref.gen) || (e->type == 2 && o->u.ref.gen != 0))
			return &null_value;
		o = pdf_reader_object(r, num, why);
	}
	return o;
}

/* ---- cross-reference sections ---- */

/* Records where object num is, unless a newer section did. A hybrid file's stream may
 * give objects its own section's table lists as free (PDF 32000-1, 7.5.8.4). */
static void set_entry(struct pdf_reader *r, uint64_t num, unsigned type, uint64_t where,
		      uint64_t index_or_gen)
{
	if (num >= PDF_READ_MAX_OBJECTS)
		return;
	if (num >= r->n_entries) {
		size_t n = r->n_entries ? r->n_entries : 64;
		while (n <= num)
			n *= 2;
		if (n > PDF_READ_MAX_OBJECTS)
			n = PDF_READ_MAX_OBJECTS;
		r->entries = xrealloc(r->entries, n * sizeof *r->entries);
		memset(r->entries + r->n_entries, 0, (n - r->n_entries) * sizeof *r->entries);
		r->n_entries = n;
	}
	struct xref_entry *e = &r->entries[num];
	if (e->section && !(r->hybrid && e->section == r->section && e->type == 0))
		return;
	e->section = (uint16_t)r->section;
	/* Generations above 65535 and indices above 2^32 cannot be referred to: free. */
	if ((type == 1 && index_or_gen > 65535) || (type == 2 && index_or_gen > UINT32_MAX) ||
	    type > 2)
		type = 0;
	e->type = (unsigned char)type;
	e->where = where;
	if (type == 1)
		e->gen = (uint16_t)index_or_gen;
	else if (type == 2)
		e->index = (uint32_t)index_or_gen;
}

/* A classic table at pos ("xref", subsections, "trailer" and its dictionary). */
static int read_xref_table(struct pdf_reader *r, size_t pos, struct pdf_obj *trailer,
			   const char **why)
{
	static const char *const bad = PDF_READ_WHY("the cross-reference table is malformed");
	struct lexer lx = { .r = r, .p = r->data, .len = r->len, .pos = pos };
	if (!take_keyword(&lx, "xref")) {
		*why = bad;
		return -1;
	}
	for (;;) {
		if (take_keyword(&lx, "trailer"))
			break;
		uint64_t start, count;
		if (read_uint(&lx, UINT32_MAX, &start, bad) < 0 ||
		    read_uint(&lx, UINT32_MAX, &count, bad) < 0) {
			*why = bad;
			return -1;
		}
		for (uint64_t i = 0; i < count; i++) {
			uint64_t offset, gen;
			size_t at;
			if (read_uint(&lx, UINT64_MAX / 2, &offset, bad) < 0 ||
			    read_uint(&lx, UINT32_MAX, &gen, bad) < 0) {
				*why = bad;
				return -1;
			}
			size_t n = next_word(&lx, &at);
			bool in_use = word_is(&lx, at, n, "n");
			if (!in_use && !word_is(&lx, at, n, "f")) {
				*why = bad;
				return -1;
			}
			set_entry(r, start + i, in_use ? 1 : 0, offset, gen);
		}
	}
	if (parse_value(&lx, trailer, 0) < 0 || trailer->kind != PDF_DICT) {
		*why = lx.why ? lx.why : PDF_READ_WHY("the trailer is not a dictionary");
		return -1;
	}
	return 0;
}

/* A big-endian field of w bytes. */
static uint64_t field(const unsigned char *p, int64_t w)
{
	uint64_t v = 0;
	for (int64_t i = 0; i < w; i++)
		v = v << 8 | p[i];
	return v;
}

/* A cross-reference stream at pos; its dictionary is the trailer. */
static int read_xref_stream(struct pdf_reader *r, size_t pos, struct pdf_obj *trailer,
			    const char **why)
{
	static const char *const bad = PDF_READ_WHY("the cross-reference stream is malformed");
	struct lexer lx = { .r = r, .p = r->data, .len = r->len, .pos = pos };
	skip_space(&lx);
	struct pdf_obj s;
	if (parse_indirect(r, lx.pos, -1, 0, true, &s, why) < 0)
		return -1;
	const struct pdf_obj *w = pdf_dict_get(&s, "W");
	const struct pdf_obj *size = pdf_dict_get(&s, "Size");
	const struct pdf_obj *index = pdf_dict_get(&s, "Index");
	if (s.kind != PDF_STREAM || !pdf_is_name(pdf_dict_get(&s, "Type"), "XRef") || !w ||
	    w->kind != PDF_ARRAY || w->u.array.count != 3 || !size || size->kind != PDF_INT ||
	    size->u.integer < 0 || (index && index->kind != PDF_ARRAY) ||
	    (index && index->u.array.count % 2)) {
		*why = bad;
		return -1;
	}
	int64_t widths[3], row = 0;
	for (int i = 0; i < 3; i++) {
		const struct pdf_obj *v = &w->u.array.items[i];
		if (v->kind != PDF_INT || v->u.integer < 0 || v->u.integer > 8) {
			*why = bad;
			return -1;
		}
		widths[i] = v->u.integer;
		row += widths[i];
	}
	if (row == 0) {
		*why = bad;
		return -1;
	}
	if (index) {
		for (size_t i = 0; i < index->u.array.count; i++) {
			const struct pdf_obj *v = &index->u.array.items[i];
			if (v->kind != PDF_INT || v->u.integer < 0 || v->u.integer > UINT32_MAX) {
				*why = bad;
				return -1;
			}
		}
	}
	unsigned char *data;
	size_t len;
	if (pdf_stream_decode(r, &s, &data, &len, why) < 0)
		return -1;
	size_t at = 0;
	size_t pairs = index ? index->u.array.count / 2 : 1;
	for (size_t k = 0; k < pairs; k++) {
		uint64_t start = index ? (uint64_t)index->u.array.items[2 * k].u.integer : 0;
		uint64_t count = index ? (uint64_t)index->u.array.items[2 * k + 1].u.integer
				       : (uint64_t)size->u.integer;
		for (uint64_t i = 0; i < count; i++) {
			if (len - at < (size_t)row) {
				free(data);
				*why = PDF_READ_WHY("the cross-reference stream is too short");
				return -1;
			}
			const unsigned char *p = data + at;
			uint64_t type = widths[0] ? field(p, widths[0]) : 1;
			uint64_t f2 = field(p + widths[0], widths[1]);
			uint64_t f3 = field(p + widths[0] + widths[1], widths[2]);
			set_entry(r, start + i, type <= 2 ? (unsigned)type : 3, f2, f3);
			at += (size_t)row;
		}
	}
	free(data);
	*trailer = s;
	trailer->kind = PDF_DICT;
	trailer->u.dict.data = NULL;
	trailer->u.dict.len = 0;
	return 0;
}

/* The offset after the last "startxref", which "%%EOF" must follow. */
static int find_startxref(const struct pdf_reader *r, size_t *offset, const char **why)
{
	static const char keyword[] = "startxref";
	const size_t klen = sizeof keyword - 1;
	size_t lowest = r->len > TAIL_WINDOW ? r->len - TAIL_WINDOW : 0;
	for (size_t at = r->len >= klen ? r->len - klen + 1 : 0; at-- > lowest;) {
		if (memcmp(r->data + at, keyword, klen) != 0)
			continue;
		struct lexer lx = { .r = NULL, .p = r->data, .len = r->len, .pos = at + klen };
		uint64_t v;
		if (read_uint(&lx, r->len - 1, &v, NULL) < 0)
			break;
		/* %%EOF is a comment to the lexer: look at the bytes. */
		while (lx.pos < r->len && is_space(r->data[lx.pos]))
			lx.pos++;
		if (r->len - lx.pos < 5 || memcmp(r->data + lx.pos, "%%EOF", 5) != 0)
			break;
		*offset = (size_t)v;
		return 0;
	}
	*why = PDF_READ_WHY("it does not end with startxref and %%EOF");
	return -1;
}

int pdf_reader_open(const unsigned char *data, size_t len, struct pdf_reader **out,
		    const char **why)
{
	*out = NULL;
	if (len < 8 || memcmp(data, "%PDF-", 5) != 0) {
		*why = PDF_READ_WHY("it does not start with %PDF-");
		return -1;
	}
	struct pdf_reader *r = xcalloc(1, sizeof *r);
	r->data = data;
	r->len = len;
	r->arena = arena_new_small();
	r->decoded_left = PDF_READ_MAX_DECODED;
	r->values_left = PDF_READ_MAX_VALUES;
	size_t offset;
	if (find_startxref(r, &offset, why) < 0)
		goto failed;
	size_t visited[MAX_XREF_SECTIONS];
	size_t n_visited = 0;
	for (;;) {
		for (size_t i = 0; i < n_visited; i++) {
			if (visited[i] == offset) {
				*why = PDF_READ_WHY("cross-reference sections lead round in a cycle");
				goto failed;
			}
		}
		if (n_visited == MAX_XREF_SECTIONS) {
			*why = PDF_READ_WHY("it has too many cross-reference sections");
			goto failed;
		}
		visited[n_visited++] = offset;
		r->section = (int)n_visited;
		if (offset >= len) {
			*why = PDF_READ_WHY("a cross-reference offset is past the end");
			goto failed;
		}
		struct lexer lx = { .r = r, .p = data, .len = len, .pos = offset };
		struct pdf_obj trailer;
		if (take_keyword(&lx, "xref")) {
			if (read_xref_table(r, offset, &trailer, why) < 0)
				goto failed;
			/* A hybrid file's stream: entries the table leaves out. */
			const struct pdf_obj *stm = pdf_dict_get(&trailer, "XRefStm");
			struct pdf_obj ignored;
			if (stm && (stm->kind != PDF_INT || stm->u.integer < 0 ||
				    (uint64_t)stm->u.integer >= len)) {
				*why = PDF_READ_WHY("the trailer's /XRefStm is malformed");
				goto failed;
			}
			r->hybrid = true;
			if (stm && read_xref_stream(r, (size_t)stm->u.integer, &ignored, why) < 0)
				goto failed;
			r->hybrid = false;
		} else if (read_xref_stream(r, offset, &trailer, why) < 0) {
			goto failed;
		}
		if (n_visited == 1)
			r->trailer = trailer;
		const struct pdf_obj *prev = pdf_dict_get(&trailer, "Prev");
		if (!prev)
			break;
		if (prev->kind != PDF_INT || prev->u.integer < 0) {
			*why = PDF_READ_WHY("the trailer's /Prev is malformed");
			goto failed;
		}
		offset = (size_t)prev->u.integer;
	}
	const struct pdf_obj *size = pdf_dict_get(&r->trailer, "Size");
	if (!size || size->kind != PDF_INT || size->u.integer < 1 ||
	    size->u.integer > PDF_READ_MAX_OBJECTS) {
		*why = PDF_READ_WHY("the trailer's /Size is missing or out of range");
		goto failed;
	}
	if (pdf_dict_get(&r->trailer, "Encrypt")) {
		*why = PDF_READ_WHY("it is encrypted");
		goto failed;
	}
	r->size = (int)size->u.integer;
	*out = r;
	return 0;
failed:
	pdf_reader_free(r);
	return -1;
}

void pdf_reader_free(struct pdf_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_owned; i++)
		free(r->owned[i]);
	free(r->owned);
	free(r->entries);
	free(r->stack);
	arena_free(r->arena);
	free(r);
}

const struct pdf_obj *pdf_reader_trailer(const struct pdf_reader *r)
{
	return &r->trailer;
}

int pdf_reader_size(const struct pdf_reader *r)
{
	return r->size;
}
