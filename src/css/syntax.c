/* CSS Syntax Level 3 (https://www.w3.org/TR/css-syntax-3/): tokenizer, parser and serialiser. */
#include "css/syntax.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/buf.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * How it works. The input is decoded once into an array of code points, with the
 * spec's preprocessing applied (CR LF, CR and FF become LF; U+0000 and invalid UTF-8
 * become U+FFFD). Because U+0000 cannot survive preprocessing, 0 marks the end of
 * input, and the array carries a few 0s of padding so the tokenizer may look ahead
 * without bounds checks.
 *
 * Parsing then runs in two passes. The first turns the token stream into a list of
 * component values (preserved tokens, {} [] () blocks and functions); it is iterative
 * with an explicit stack, and nesting is capped at CSS_MAX_NESTING (see syntax.h).
 * The second runs the spec's rule and declaration algorithms over that list. This is
 * equivalent to running them over tokens: those algorithms only ever look at
 * top-level tokens and hand every bracket to "consume a component value". Rule
 * preludes and declaration values are slices of the component value arrays.
 *
 * Where the spec has changed over time, this follows the 2021 Candidate
 * Recommendation: declaration lists without nesting, and every code point from U+0080
 * up counts as an ident code point. A style rule's block alone is read as the 2024
 * draft reads it, with nested rules (css_block_style_items). Nothing here recurses.
 */

enum { END = 0, LOOKAHEAD_PADDING = 8 };

/* ---------------------------------------------------------------- decoding */

/* Decodes one code point of UTF-8 at *i (which is < len) and advances *i, as the
 * WHATWG decoder does: each maximal invalid subpart becomes one U+FFFD. */
static uint32_t decode_utf8(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char b = s[*i];
	(*i)++;
	if (b < 0x80)
		return b;
	size_t need;
	uint32_t cp;
	unsigned char lo = 0x80, hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1;
		cp = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2;
		cp = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;
		if (b == 0xED)
			hi = 0x9F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3;
		cp = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;
		if (b == 0xF4)
			hi = 0x8F;
	} else {
		return 0xFFFD;
	}
	for (size_t k = 0; k < need; k++) {
		if (*i >= len || s[*i] < lo || s[*i] > hi)
			return 0xFFFD; /* the offending byte is read again */
		cp = (cp << 6) | (s[*i] & 0x3F);
		(*i)++;
		lo = 0x80;
		hi = 0xBF;
	}
	return cp;
}

static size_t skip_byte_order_mark(const char *src, size_t len)
{
	if (len >= 3 && (unsigned char)src[0] == 0xEF && (unsigned char)src[1] == 0xBB &&
	    (unsigned char)src[2] == 0xBF)
		return 3;
	return 0;
}

/* Reads one preprocessed code point at *i: line breaks come out as '\n'. */
static uint32_t next_preprocessed(const char *src, size_t len, size_t *i)
{
	uint32_t c = decode_utf8((const unsigned char *)src, len, i);
	if (c == '\r') {
		if (*i < len && src[*i] == '\n')
			(*i)++;
		return '\n';
	}
	if (c == '\f')
		return '\n';
	if (c == 0)
		return 0xFFFD;
	return c;
}

/* The preprocessed input, followed by LOOKAHEAD_PADDING zeros. */
static uint32_t *decode_input(const char *src, size_t len, size_t *out_n)
{
	uint32_t *cps = xmalloc((len + LOOKAHEAD_PADDING) * sizeof *cps);
	size_t n = 0;
	size_t i = skip_byte_order_mark(src, len);
	while (i < len)
		cps[n++] = next_preprocessed(src, len, &i);
	for (size_t k = 0; k < LOOKAHEAD_PADDING; k++)
		cps[n + k] = END;
	*out_n = n;
	return cps;
}

size_t css_source_offset(const char *src, size_t len, int line, int col)
{
	size_t i = skip_byte_order_mark(src, len);
	int at_line = 1, at_col = 1;
	while (i < len && (at_line < line || (at_line == line && at_col < col))) {
		uint32_t c = next_preprocessed(src, len, &i);
		if (c == '\n') {
			if (at_line == line)
				break; /* the column lies beyond the end of its line */
			at_line++;
			at_col = 1;
		} else {
			at_col++;
		}
	}
	return i;
}

int css_find_invalid_utf8(const char *src, size_t len, int *line, int *col)
{
	size_t i = skip_byte_order_mark(src, len);
	int at_line = 1, at_col = 1;
	while (i < len) {
		size_t start = i;
		uint32_t c = next_preprocessed(src, len, &i);
		if (c == 0xFFFD && !(i - start == 3 && memcmp(src + start, "\xEF\xBF\xBD", 3) == 0) &&
		    src[start] != '\0') {
			*line = at_line;
			*col = at_col;
			return 1;
		}
		if (c == '\n') {
			at_line++;
			at_col = 1;
		} else {
			at_col++;
		}
	}
	return 0;
}

static void buf_put_utf8(struct buf *b, uint32_t c)
{
	char out[4];
	size_t n;
	if (c < 0x80) {
		out[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		out[0] = (char)(0xF0 | (c >> 18));
		out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_add(b, out, n);
}

/* ---------------------------------------------------------------- tokenizer */

struct tokenizer {
	struct arena *arena;  /* where token values go */
	const uint32_t *cp;   /* preprocessed input, END-padded */
	size_t n;             /* code points in cp, not counting the padding */
	size_t pos;           /* next code point to consume */
	size_t tracked;       /* line and col below describe cp[tracked] */
	int line, col;
	struct buf text;      /* scratch for the value being decoded */
	struct buf repr;      /* scratch for a number's source text */
};

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_hex_digit(uint32_t c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static bool is_letter(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_whitespace(uint32_t c) { return c == '\n' || c == '\t' || c == ' '; }
static bool is_ident_start(uint32_t c) { return is_letter(c) || c >= 0x80 || c == '_'; }
static bool is_ident_char(uint32_t c) { return is_ident_start(c) || is_digit(c) || c == '-'; }
static bool is_non_printable(uint32_t c)
{
	return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F;
}
static bool is_valid_escape(uint32_t first, uint32_t second)
{
	return first == '\\' && second != '\n';
}
static bool starts_ident_sequence(uint32_t c1, uint32_t c2, uint32_t c3)
{
	if (c1 == '-')
		return is_ident_start(c2) || c2 == '-' || is_valid_escape(c2, c3);
	if (is_ident_start(c1))
		return true;
	return is_valid_escape(c1, c2);
}
static bool starts_number(uint32_t c1, uint32_t c2, uint32_t c3)
{
	if (c1 == '+' || c1 == '-')
		return is_digit(c2) || (c2 == '.' && is_digit(c3));
	if (c1 == '.')
		return is_digit(c2);
	return is_digit(c1);
}
static int hex_value(uint32_t c)
{
	if (is_digit(c))
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	return (int)(c - 'A' + 10);
}

static uint32_t peek(const struct tokenizer *t, size_t ahead)
{
	return t->cp[t->pos + ahead]; /* ahead < LOOKAHEAD_PADDING, and pos <= n */
}

static uint32_t consume(struct tokenizer *t)
{
	uint32_t c = t->cp[t->pos];
	if (t->pos < t->n)
		t->pos++;
	return c;
}

static void tokenizer_init(struct tokenizer *t, struct arena *a, const char *src, size_t len)
{
	memset(t, 0, sizeof *t);
	t->arena = a;
	t->cp = decode_input(src, len, &t->n);
	t->line = 1;
	t->col = 1;
}

static void tokenizer_free(struct tokenizer *t)
{
	free((void *)t->cp);
	buf_free(&t->text);
	buf_free(&t->repr);
}

/* Brings line and col up to t->pos; token starts only ever move forward. */
static void track_position(struct tokenizer *t)
{
	for (; t->tracked < t->pos; t->tracked++) {
		if (t->cp[t->tracked] == '\n') {
			if (t->line < INT32_MAX)
				t->line++;
			t->col = 1;
		} else if (t->col < INT32_MAX) {
			t->col++;
		}
	}
}

static const char *take_text(struct tokenizer *t, size_t *len)
{
	*len = t->text.len;
	if (t->text.len == 0)
		return "";
	return arena_strndup(t->arena, t->text.data, t->text.len);
}

static void consume_comments(struct tokenizer *t)
{
	while (peek(t, 0) == '/' && peek(t, 1) == '*') {
		t->pos += 2;
		for (;;) {
			if (peek(t, 0) == END)
				return; /* unterminated: a parse error, the comment ends the input */
			if (peek(t, 0) == '*' && peek(t, 1) == '/') {
				t->pos += 2;
				break;
			}
			t->pos++;
		}
	}
}

/* After the backslash: the code point an escape stands for. */
static uint32_t consume_escape(struct tokenizer *t)
{
	uint32_t c = peek(t, 0);
	if (c == END)
		return 0xFFFD;
	consume(t);
	if (!is_hex_digit(c))
		return c;
	uint32_t value = (uint32_t)hex_value(c);
	for (int k = 1; k < 6 && is_hex_digit(peek(t, 0)); k++)
		value = value * 16 + (uint32_t)hex_value(consume(t));
	if (is_whitespace(peek(t, 0)))
		consume(t);
	if (value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
		return 0xFFFD;
	return value;
}

static void consume_ident_sequence(struct tokenizer *t, struct buf *out)
{
	for (;;) {
		uint32_t c = peek(t, 0);
		if (is_ident_char(c)) {
			buf_put_utf8(out, consume(t));
		} else if (is_valid_escape(c, peek(t, 1))) {
			consume(t);
			buf_put_utf8(out, consume_escape(t));
		} else {
			return;
		}
	}
}

static double power_of_ten(long exponent)
{
	static const double exact[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
					1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
					1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	long magnitude = exponent < 0 ? -exponent : exponent;
	if (magnitude <= 22)
		return exact[magnitude];
	return pow(10.0, (double)magnitude);
}

/* The value of a number's text (ASCII: sign, digits, '.', exponent), computed here
 * rather than with strtod so that the C locale's decimal point cannot interfere.
 * Out-of-range values clamp to the largest finite double. */
static double number_value(const char *s, size_t len)
{
	size_t i = 0;
	double sign = 1;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		sign = s[i++] == '-' ? -1 : 1;
	double significand = 0;
	int significant_digits = 0;
	long exponent = 0;
	for (; i < len && is_digit((unsigned char)s[i]); i++) {
		if (significant_digits < 19) {
			significand = significand * 10 + (s[i] - '0');
			if (significand > 0)
				significant_digits++;
		} else {
			exponent++;
		}
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && is_digit((unsigned char)s[i]); i++) {
			if (significant_digits < 19) {
				significand = significand * 10 + (s[i] - '0');
				if (significand > 0)
					significant_digits++;
				exponent--;
			}
		}
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		long exp_sign = 1, written = 0;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			exp_sign = s[i++] == '-' ? -1 : 1;
		for (; i < len && is_digit((unsigned char)s[i]); i++)
			if (written < 100000)
				written = written * 10 + (s[i] - '0');
		exponent += exp_sign * written;
	}
	double value;
	if (significand == 0)
		value = 0;
	else if (exponent >= 0)
		value = significand * power_of_ten(exponent);
	else if (exponent >= -22)
		value = significand / power_of_ten(exponent);
	else
		value = significand * pow(10.0, (double)exponent);
	if (isinf(value) || isnan(value))
		value = DBL_MAX;
	return sign * value;
}

/* Consumes a number into t->repr and fills tok's number fields. */
static void consume_number(struct tokenizer *t, struct css_token *tok)
{
	t->repr.len = 0;
	bool integer = true;
	if (peek(t, 0) == '+' || peek(t, 0) == '-')
		buf_putc(&t->repr, (char)consume(t));
	while (is_digit(peek(t, 0)))
		buf_putc(&t->repr, (char)consume(t));
	if (peek(t, 0) == '.' && is_digit(peek(t, 1))) {
		integer = false;
		buf_putc(&t->repr, (char)consume(t));
		while (is_digit(peek(t, 0)))
			buf_putc(&t->repr, (char)consume(t));
	}
	uint32_t e = peek(t, 0), after = peek(t, 1);
	if ((e == 'e' || e == 'E') &&
	    (is_digit(after) || ((after == '+' || after == '-') && is_digit(peek(t, 2))))) {
		integer = false;
		buf_putc(&t->repr, (char)consume(t));
		if (!is_digit(after))
			buf_putc(&t->repr, (char)consume(t));
		while (is_digit(peek(t, 0)))
			buf_putc(&t->repr, (char)consume(t));
	}
	tok->is_integer = integer;
	tok->number = number_value(t->repr.data, t->repr.len);
	tok->value_len = t->repr.len;
	tok->value = arena_strndup(t->arena, t->repr.data, t->repr.len);
}

static void consume_numeric(struct tokenizer *t, struct css_token *tok)
{
	consume_number(t, tok);
	if (starts_ident_sequence(peek(t, 0), peek(t, 1), peek(t, 2))) {
		tok->type = CSS_TOK_DIMENSION;
		t->text.len = 0;
		consume_ident_sequence(t, &t->text);
		size_t unit_len;
		tok->unit = take_text(t, &unit_len);
	} else if (peek(t, 0) == '%') {
		consume(t);
		tok->type = CSS_TOK_PERCENTAGE;
	} else {
		tok->type = CSS_TOK_NUMBER;
	}
}

static void consume_string(struct tokenizer *t, uint32_t ending, struct css_token *tok)
{
	t->text.len = 0;
	tok->type = CSS_TOK_STRING;
	for (;;) {
		uint32_t c = peek(t, 0);
		if (c == ending) {
			consume(t);
			break;
		}
		if (c == END)
			break; /* parse error; the string is kept */
		if (c == '\n') {
			tok->type = CSS_TOK_BAD_STRING; /* the newline is not consumed */
			t->text.len = 0;
			break;
		}
		consume(t);
		if (c == '\\') {
			if (peek(t, 0) == END)
				continue;
			if (peek(t, 0) == '\n')
				consume(t);
			else
				buf_put_utf8(&t->text, consume_escape(t));
			continue;
		}
		buf_put_utf8(&t->text, c);
	}
	tok->value = take_text(t, &tok->value_len);
}

static void consume_bad_url_remnants(struct tokenizer *t)
{
	for (;;) {
		uint32_t c = consume(t);
		if (c == ')' || c == END)
			return;
		if (is_valid_escape(c, peek(t, 0)))
			consume_escape(t);
	}
}

/* After "url(" and the whitespace before an unquoted URL. */
static void consume_url(struct tokenizer *t, struct css_token *tok)
{
	t->text.len = 0;
	tok->type = CSS_TOK_URL;
	while (is_whitespace(peek(t, 0)))
		consume(t);
	for (;;) {
		uint32_t c = consume(t);
		if (c == ')' || c == END)
			break; /* END is a parse error; the url is kept */
		if (is_whitespace(c)) {
			while (is_whitespace(peek(t, 0)))
				consume(t);
			if (peek(t, 0) == ')' || peek(t, 0) == END) {
				consume(t);
				break;
			}
			consume_bad_url_remnants(t);
			tok->type = CSS_TOK_BAD_URL;
			break;
		}
		if (c == '"' || c == '\'' || c == '(' || is_non_printable(c)) {
			consume_bad_url_remnants(t);
			tok->type = CSS_TOK_BAD_URL;
			break;
		}
		if (c == '\\') {
			if (is_valid_escape(c, peek(t, 0))) {
				buf_put_utf8(&t->text, consume_escape(t));
				continue;
			}
			consume_bad_url_remnants(t);
			tok->type = CSS_TOK_BAD_URL;
			break;
		}
		buf_put_utf8(&t->text, c);
	}
	if (tok->type == CSS_TOK_BAD_URL)
		t->text.len = 0;
	tok->value = take_text(t, &tok->value_len);
}

static bool ascii_equal_ignoring_case(const char *a, size_t a_len, const char *b)
{
	size_t b_len = strlen(b);
	if (a_len != b_len)
		return false;
	for (size_t i = 0; i < a_len; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

static bool is_quote(uint32_t c) { return c == '"' || c == '\''; }

static void consume_ident_like(struct tokenizer *t, struct css_token *tok)
{
	t->text.len = 0;
	consume_ident_sequence(t, &t->text);
	bool is_url = ascii_equal_ignoring_case(t->text.data ? t->text.data : "", t->text.len, "url");
	tok->value = take_text(t, &tok->value_len);
	if (is_url && peek(t, 0) == '(') {
		consume(t);
		while (is_whitespace(peek(t, 0)) && is_whitespace(peek(t, 1)))
			consume(t);
		if (is_quote(peek(t, 0)) || (is_whitespace(peek(t, 0)) && is_quote(peek(t, 1)))) {
			tok->type = CSS_TOK_FUNCTION;
			return;
		}
		consume_url(t, tok);
		return;
	}
	if (peek(t, 0) == '(') {
		consume(t);
		tok->type = CSS_TOK_FUNCTION;
		return;
	}
	tok->type = CSS_TOK_IDENT;
}

static void make_delim(struct tokenizer *t, struct css_token *tok, uint32_t c)
{
	tok->type = CSS_TOK_DELIM;
	tok->delim = c;
	t->text.len = 0;
	buf_put_utf8(&t->text, c);
	tok->value = take_text(t, &tok->value_len);
}

static void make_fixed(struct css_token *tok, enum css_token_type type, const char *text)
{
	tok->type = type;
	tok->value = text;
	tok->value_len = strlen(text);
}

static struct css_token next_token(struct tokenizer *t)
{
	consume_comments(t);
	track_position(t);
	struct css_token tok = { .type = CSS_TOK_EOF, .value = "", .line = t->line, .col = t->col };
	uint32_t c = peek(t, 0);
	if (c == END)
		return tok;
	if (is_whitespace(c)) {
		t->text.len = 0;
		while (is_whitespace(peek(t, 0)))
			buf_put_utf8(&t->text, consume(t));
		tok.type = CSS_TOK_WHITESPACE;
		tok.value = take_text(t, &tok.value_len);
		return tok;
	}
	if (is_quote(c)) {
		consume(t);
		consume_string(t, c, &tok);
		return tok;
	}
	if (is_digit(c)) {
		consume_numeric(t, &tok);
		return tok;
	}
	if (is_ident_start(c)) {
		consume_ident_like(t, &tok);
		return tok;
	}
	switch (c) {
	case '#':
		consume(t);
		if (is_ident_char(peek(t, 0)) || is_valid_escape(peek(t, 0), peek(t, 1))) {
			tok.type = CSS_TOK_HASH;
			tok.hash_is_id = starts_ident_sequence(peek(t, 0), peek(t, 1), peek(t, 2));
			t->text.len = 0;
			consume_ident_sequence(t, &t->text);
			tok.value = take_text(t, &tok.value_len);
		} else {
			make_delim(t, &tok, c);
		}
		return tok;
	case '(': consume(t); make_fixed(&tok, CSS_TOK_OPEN_PAREN, "("); return tok;
	case ')': consume(t); make_fixed(&tok, CSS_TOK_CLOSE_PAREN, ")"); return tok;
	case '[': consume(t); make_fixed(&tok, CSS_TOK_OPEN_SQUARE, "["); return tok;
	case ']': consume(t); make_fixed(&tok, CSS_TOK_CLOSE_SQUARE, "]"); return tok;
	case '{': consume(t); make_fixed(&tok, CSS_TOK_OPEN_CURLY, "{"); return tok;
	case '}': consume(t); make_fixed(&tok, CSS_TOK_CLOSE_CURLY, "}"); return tok;
	case ',': consume(t); make_fixed(&tok, CSS_TOK_COMMA, ","); return tok;
	case ':': consume(t); make_fixed(&tok, CSS_TOK_COLON, ":"); return tok;
	case ';': consume(t); make_fixed(&tok, CSS_TOK_SEMICOLON, ";"); return tok;
	case '+':
	case '.':
		if (starts_number(c, peek(t, 1), peek(t, 2))) {
			consume_numeric(t, &tok);
			return tok;
		}
		consume(t);
		make_delim(t, &tok, c);
		return tok;
	case '-':
		if (starts_number(c, peek(t, 1), peek(t, 2))) {
			consume_numeric(t, &tok);
		} else if (peek(t, 1) == '-' && peek(t, 2) == '>') {
			t->pos += 3;
			make_fixed(&tok, CSS_TOK_CDC, "-->");
		} else if (starts_ident_sequence(c, peek(t, 1), peek(t, 2))) {
			consume_ident_like(t, &tok);
		} else {
			consume(t);
			make_delim(t, &tok, c);
		}
		return tok;
	case '<':
		if (peek(t, 1) == '!' && peek(t, 2) == '-' && peek(t, 3) == '-') {
			t->pos += 4;
			make_fixed(&tok, CSS_TOK_CDO, "<!--");
			return tok;
		}
		consume(t);
		make_delim(t, &tok, c);
		return tok;
	case '@':
		consume(t);
		if (starts_ident_sequence(peek(t, 0), peek(t, 1), peek(t, 2))) {
			tok.type = CSS_TOK_AT_KEYWORD;
			t->text.len = 0;
			consume_ident_sequence(t, &t->text);
			tok.value = take_text(t, &tok.value_len);
		} else {
			make_delim(t, &tok, c);
		}
		return tok;
	case '\\':
		if (is_valid_escape(c, peek(t, 1))) {
			consume_ident_like(t, &tok);
			return tok;
		}
		consume(t); /* parse error */
		make_delim(t, &tok, c);
		return tok;
	default:
		consume(t);
		make_delim(t, &tok, c);
		return tok;
	}
}

/* ------------------------------------------------- component values (pass 1) */

/* A block or function being filled while its contents are read. */
struct open_block {
	struct css_node head;     /* the block or function node, children not yet set */
	char closer;              /* ')', ']' or '}' */
	struct css_node *items;   /* children so far (heap scratch, reused) */
	size_t n, cap;
};

static void open_block_push(struct open_block *b, const struct css_node *node)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->items = xrealloc(b->items, b->cap * sizeof *b->items);
	}
	b->items[b->n++] = *node;
}

static struct css_node *copy_nodes(struct arena *a, const struct css_node *items, size_t n)
{
	if (n == 0)
		return NULL;
	struct css_node *out = arena_alloc(a, n * sizeof *out);
	memcpy(out, items, n * sizeof *out);
	return out;
}

static char closer_of(const struct css_token *tok)
{
	switch (tok->type) {
	case CSS_TOK_FUNCTION:
	case CSS_TOK_OPEN_PAREN: return ')';
	case CSS_TOK_OPEN_SQUARE: return ']';
	case CSS_TOK_OPEN_CURLY: return '}';
	default: return 0;
	}
}

static char closing_char(const struct css_token *tok)
{
	switch (tok->type) {
	case CSS_TOK_CLOSE_PAREN: return ')';
	case CSS_TOK_CLOSE_SQUARE: return ']';
	case CSS_TOK_CLOSE_CURLY: return '}';
	default: return 0;
	}
}

static void close_block(struct arena *a, struct open_block *stack, size_t *depth)
{
	struct open_block *b = &stack[*depth];
	struct css_node node = b->head;
	node.children = copy_nodes(a, b->items, b->n);
	node.n_children = b->n;
	b->n = 0;
	(*depth)--;
	open_block_push(&stack[*depth], &node);
}

static size_t parse_component_value_list(struct arena *a, const char *src, size_t len,
					 struct css_node **out)
{
	struct tokenizer t;
	tokenizer_init(&t, a, src, len);
	/* stack[0] gathers the top level; stack[d] is the block open at depth d, which
	 * is at most CSS_MAX_NESTING - 1 so that its children stay within the cap. */
	struct open_block *stack = xcalloc(CSS_MAX_NESTING + 1, sizeof *stack);
	size_t depth = 0;
	/* Closers still awaited inside an over-deep block whose contents are dropped. */
	struct buf dropping = { 0 };

	for (;;) {
		struct css_token tok = next_token(&t);
		if (tok.type == CSS_TOK_EOF)
			break;
		char closer = closer_of(&tok);
		if (dropping.len > 0) {
			if (closer)
				buf_putc(&dropping, closer);
			else if (closing_char(&tok) == dropping.data[dropping.len - 1])
				dropping.len--;
			continue;
		}
		if (closer) {
			struct css_node node = { .tok = tok };
			if (tok.type == CSS_TOK_FUNCTION) {
				node.kind = CSS_NODE_FUNCTION;
			} else {
				node.kind = CSS_NODE_BLOCK;
				node.block_open = tok.value[0];
			}
			if (depth + 1 == CSS_MAX_NESTING) {
				/* The node itself is at the deepest level allowed. */
				open_block_push(&stack[depth], &node);
				buf_putc(&dropping, closer);
				continue;
			}
			depth++;
			stack[depth].head = node;
			stack[depth].closer = closer;
			stack[depth].n = 0;
			continue;
		}
		char closing = closing_char(&tok);
		if (closing && depth > 0 && closing == stack[depth].closer) {
			close_block(a, stack, &depth);
			continue;
		}
		struct css_node node = { .kind = CSS_NODE_TOKEN, .tok = tok };
		open_block_push(&stack[depth], &node);
	}
	while (depth > 0)
		close_block(a, stack, &depth); /* EOF closes what is open: a parse error */

	size_t n = stack[0].n;
	*out = copy_nodes(a, stack[0].items, n);
	for (size_t d = 0; d <= CSS_MAX_NESTING; d++)
		free(stack[d].items);
	free(stack);
	buf_free(&dropping);
	tokenizer_free(&t);
	return n;
}

size_t css_parse_component_values(struct arena *a, const char *src, size_t len,
				  struct css_node **out_nodes)
{
	return parse_component_value_list(a, src, len, out_nodes);
}

/* ------------------------------------------------ rules and declarations (pass 2) */

static bool is_token(const struct css_node *node, enum css_token_type type)
{
	return node->kind == CSS_NODE_TOKEN && node->tok.type == type;
}

static bool is_curly_block(const struct css_node *node)
{
	return node->kind == CSS_NODE_BLOCK && node->block_open == '{';
}

static bool is_delim(const struct css_node *node, unsigned c)
{
	return is_token(node, CSS_TOK_DELIM) && node->tok.delim == c;
}

static struct css_node *slice(const struct css_node *nodes, size_t start, size_t end)
{
	return end > start ? (struct css_node *)&nodes[start] : NULL;
}

static struct css_rule *consume_at_rule(struct arena *a, const struct css_node *nodes,
					size_t n, size_t *i)
{
	struct css_rule *rule = arena_alloc(a, sizeof *rule);
	const struct css_node *keyword = &nodes[*i];
	rule->kind = CSS_RULE_AT;
	rule->at_name = keyword->tok.value;
	rule->line = keyword->tok.line;
	rule->col = keyword->tok.col;
	size_t start = ++*i;
	for (; *i < n; ++*i) {
		const struct css_node *node = &nodes[*i];
		if (is_token(node, CSS_TOK_SEMICOLON)) {
			rule->prelude = slice(nodes, start, *i);
			rule->n_prelude = *i - start;
			++*i;
			return rule;
		}
		if (is_curly_block(node)) {
			rule->prelude = slice(nodes, start, *i);
			rule->n_prelude = *i - start;
			rule->block = (struct css_node *)node;
			++*i;
			return rule;
		}
	}
	rule->prelude = slice(nodes, start, n); /* EOF: a parse error, the rule is kept */
	rule->n_prelude = n - start;
	return rule;
}

/* NULL when EOF came before the {} block (the rule is invalid). */
static struct css_rule *consume_qualified_rule(struct arena *a, const struct css_node *nodes,
					       size_t n, size_t *i)
{
	size_t start = *i;
	for (; *i < n; ++*i) {
		if (is_curly_block(&nodes[*i])) {
			struct css_rule *rule = arena_alloc(a, sizeof *rule);
			rule->kind = CSS_RULE_QUALIFIED;
			rule->prelude = slice(nodes, start, *i);
			rule->n_prelude = *i - start;
			rule->block = (struct css_node *)&nodes[*i];
			rule->line = nodes[start].tok.line;
			rule->col = nodes[start].tok.col;
			++*i;
			return rule;
		}
	}
	return NULL;
}

/* A declaration from nodes[0..n), which starts with an ident; NULL if invalid. */
static struct css_decl *consume_declaration(struct arena *a, const struct css_node *nodes,
					    size_t n)
{
	size_t i = 1;
	while (i < n && is_token(&nodes[i], CSS_TOK_WHITESPACE))
		i++;
	if (i >= n || !is_token(&nodes[i], CSS_TOK_COLON))
		return NULL;
	i++;
	while (i < n && is_token(&nodes[i], CSS_TOK_WHITESPACE))
		i++;
	struct css_decl *decl = arena_alloc(a, sizeof *decl);
	decl->name = nodes[0].tok.value;
	decl->line = nodes[0].tok.line;
	decl->col = nodes[0].tok.col;

	size_t end = n;
	size_t last = end;
	while (last > i && is_token(&nodes[last - 1], CSS_TOK_WHITESPACE))
		last--;
	if (last > i && is_token(&nodes[last - 1], CSS_TOK_IDENT) &&
	    ascii_equal_ignoring_case(nodes[last - 1].tok.value, nodes[last - 1].tok.value_len,
				      "important")) {
		size_t bang = last - 1;
		while (bang > i && is_token(&nodes[bang - 1], CSS_TOK_WHITESPACE))
			bang--;
		if (bang > i && is_delim(&nodes[bang - 1], '!')) {
			decl->important = true;
			end = bang - 1;
		}
	}
	while (end > i && is_token(&nodes[end - 1], CSS_TOK_WHITESPACE))
		end--;
	decl->value = slice(nodes, i, end);
	decl->n_value = end - i;
	return decl;
}

struct item_list {
	struct css_item *items;
	size_t n, cap;
};

static void add_item(struct arena *a, struct item_list *list, enum css_item_kind kind,
		     struct css_rule *rule, struct css_decl *decl, int line, int col)
{
	ARENA_GROW(a, list->items, list->n, list->cap);
	list->items[list->n++] = (struct css_item){
		.kind = kind, .rule = rule, .decl = decl, .line = line, .col = col
	};
}

/* "Consume a list of rules"; top_level makes CDO and CDC tokens vanish. */
static size_t rule_list_from_nodes(struct arena *a, const struct css_node *nodes, size_t n,
				   bool top_level, struct css_item **out)
{
	struct item_list list = { 0 };
	size_t i = 0;
	while (i < n) {
		const struct css_node *node = &nodes[i];
		if (is_token(node, CSS_TOK_WHITESPACE)) {
			i++;
			continue;
		}
		if (top_level && (is_token(node, CSS_TOK_CDO) || is_token(node, CSS_TOK_CDC))) {
			i++;
			continue;
		}
		if (is_token(node, CSS_TOK_AT_KEYWORD)) {
			struct css_rule *rule = consume_at_rule(a, nodes, n, &i);
			add_item(a, &list, CSS_ITEM_RULE, rule, NULL, rule->line, rule->col);
			continue;
		}
		struct css_rule *rule = consume_qualified_rule(a, nodes, n, &i);
		if (rule)
			add_item(a, &list, CSS_ITEM_RULE, rule, NULL, rule->line, rule->col);
		else
			add_item(a, &list, CSS_ITEM_ERROR, NULL, NULL, node->tok.line, node->tok.col);
	}
	*out = list.items;
	return list.n;
}

/* Does a declaration's value hold a {} block beside anything else? (CSS Syntax,
 * 2024: such a "declaration" is re-read as a nested style rule, as in
 * "a:hover { color: red }".) */
static bool value_mixes_block(const struct css_decl *decl)
{
	bool block = false, other = false;
	for (size_t k = 0; k < decl->n_value; k++) {
		if (is_curly_block(&decl->value[k]))
			block = true;
		else if (!is_token(&decl->value[k], CSS_TOK_WHITESPACE))
			other = true;
	}
	return block && other;
}

/* A block's items: "consume a list of declarations" (CSS Syntax 3, 2021) when nested
 * is false; "consume a block's contents" (CSS Syntax, 2024, as CSS Nesting uses it)
 * when true: a declaration where one parses, else a nested qualified rule, which ends
 * at its {} block, a ';' before any block making it invalid. */
static size_t items_from_nodes(struct arena *a, const struct css_node *nodes, size_t n,
			       bool nested, struct css_item **out)
{
	struct item_list list = { 0 };
	size_t i = 0;
	while (i < n) {
		const struct css_node *node = &nodes[i];
		if (is_token(node, CSS_TOK_WHITESPACE) || is_token(node, CSS_TOK_SEMICOLON)) {
			i++;
			continue;
		}
		if (is_token(node, CSS_TOK_AT_KEYWORD)) {
			struct css_rule *rule = consume_at_rule(a, nodes, n, &i);
			add_item(a, &list, CSS_ITEM_RULE, rule, NULL, rule->line, rule->col);
			continue;
		}
		size_t end = i;
		while (end < n && !is_token(&nodes[end], CSS_TOK_SEMICOLON))
			end++;
		struct css_decl *decl = NULL;
		if (is_token(node, CSS_TOK_IDENT))
			decl = consume_declaration(a, &nodes[i], end - i);
		if (nested && decl && !(decl->name[0] == '-' && decl->name[1] == '-') &&
		    value_mixes_block(decl))
			decl = NULL;
		if (decl) {
			add_item(a, &list, CSS_ITEM_DECLARATION, NULL, decl, decl->line, decl->col);
			i = end;
			continue;
		}
		size_t b = i;
		while (nested && b < end && !is_curly_block(&nodes[b]))
			b++;
		if (!nested || b == end) {
			add_item(a, &list, CSS_ITEM_ERROR, NULL, NULL, node->tok.line, node->tok.col);
			i = end;
			continue;
		}
		struct css_rule *rule = consume_qualified_rule(a, nodes, b + 1, &i);
		add_item(a, &list, CSS_ITEM_RULE, rule, NULL, rule->line, rule->col);
	}
	*out = list.items;
	return list.n;
}

/* Keeps the rules of an item list, counting the drops. */
static size_t rules_of_items(struct arena *a, const struct css_item *items, size_t n,
			     struct css_rule **out_rules, int *errors)
{
	size_t count = 0;
	for (size_t k = 0; k < n; k++)
		count += items[k].kind == CSS_ITEM_RULE;
	struct css_rule *rules = count ? arena_alloc(a, count * sizeof *rules) : NULL;
	size_t r = 0;
	for (size_t k = 0; k < n; k++) {
		if (items[k].kind == CSS_ITEM_RULE)
			rules[r++] = *items[k].rule;
		else if (errors)
			++*errors;
	}
	*out_rules = rules;
	return count;
}

/* Keeps the declarations of an item list; dropped declarations and at-rules count
 * as errors. */
static size_t declarations_of_items(struct arena *a, const struct css_item *items, size_t n,
				    struct css_decl **out_decls, int *errors)
{
	size_t count = 0;
	for (size_t k = 0; k < n; k++)
		count += items[k].kind == CSS_ITEM_DECLARATION;
	struct css_decl *decls = count ? arena_alloc(a, count * sizeof *decls) : NULL;
	size_t d = 0;
	for (size_t k = 0; k < n; k++) {
		if (items[k].kind == CSS_ITEM_DECLARATION)
			decls[d++] = *items[k].decl;
		else if (errors)
			++*errors;
	}
	*out_decls = decls;
	return count;
}

size_t css_parse_stylesheet_items(struct arena *a, const char *src, size_t len,
				  struct css_item **out_items)
{
	struct css_node *nodes;
	size_t n = parse_component_value_list(a, src, len, &nodes);
	return rule_list_from_nodes(a, nodes, n, true, out_items);
}

size_t css_parse_rule_list_items(struct arena *a, const char *src, size_t len,
				 struct css_item **out_items)
{
	struct css_node *nodes;
	size_t n = parse_component_value_list(a, src, len, &nodes);
	return rule_list_from_nodes(a, nodes, n, false, out_items);
}

size_t css_parse_declaration_list_items(struct arena *a, const char *src, size_t len,
					struct css_item **out_items)
{
	struct css_node *nodes;
	size_t n = parse_component_value_list(a, src, len, &nodes);
	return items_from_nodes(a, nodes, n, false, out_items);
}

size_t css_block_items(struct arena *a, const struct css_node *block,
		       struct css_item **out_items)
{
	if (!block) {
		*out_items = NULL;
		return 0;
	}
	return items_from_nodes(a, block->children, block->n_children, false, out_items);
}

size_t css_block_style_items(struct arena *a, const struct css_node *block,
			     struct css_item **out_items)
{
	if (!block) {
		*out_items = NULL;
		return 0;
	}
	return items_from_nodes(a, block->children, block->n_children, true, out_items);
}

size_t css_parse_style_block_items(struct arena *a, const char *src, size_t len,
				   struct css_item **out_items)
{
	struct css_node *nodes;
	size_t n = parse_component_value_list(a, src, len, &nodes);
	return items_from_nodes(a, nodes, n, true, out_items);
}

size_t css_parse_stylesheet(struct arena *a, const char *src, size_t len,
			    struct css_rule **out_rules, int *errors)
{
	struct css_item *items;
	size_t n = css_parse_stylesheet_items(a, src, len, &items);
	return rules_of_items(a, items, n, out_rules, errors);
}

size_t css_parse_rule_list(struct arena *a, const char *src, size_t len,
			   struct css_rule **out_rules, int *errors)
{
	struct css_item *items;
	size_t n = css_parse_rule_list_items(a, src, len, &items);
	return rules_of_items(a, items, n, out_rules, errors);
}

size_t css_parse_declaration_list(struct arena *a, const char *src, size_t len,
				  struct css_decl **out_decls, int *errors)
{
	struct css_item *items;
	size_t n = css_parse_declaration_list_items(a, src, len, &items);
	return declarations_of_items(a, items, n, out_decls, errors);
}

size_t css_block_declarations(struct arena *a, const struct css_node *block,
			      struct css_decl **out_decls, int *errors)
{
	struct css_item *items;
	size_t n = css_block_items(a, block, &items);
	return declarations_of_items(a, items, n, out_decls, errors);
}

size_t css_block_rules(struct arena *a, const struct css_node *block,
		       struct css_rule **out_rules, int *errors)
{
	if (!block) {
		*out_rules = NULL;
		return 0;
	}
	struct css_item *items;
	size_t n = rule_list_from_nodes(a, block->children, block->n_children, false, &items);
	return rules_of_items(a, items, n, out_rules, errors);
}

static size_t skip_whitespace(const struct css_node *nodes, size_t n, size_t i)
{
	while (i < n && is_token(&nodes[i], CSS_TOK_WHITESPACE))
		i++;
	return i;
}

int css_parse_one_declaration(struct arena *a, const char *src, size_t len,
			      struct css_decl **out, const char **why)
{
	struct css_node *nodes;
	size_t n = parse_component_value_list(a, src, len, &nodes);
	size_t i = skip_whitespace(nodes, n, 0);
	*out = NULL;
	if (i == n) {
		*why = "empty";
		return -1;
	}
	if (is_token(&nodes[i], CSS_TOK_IDENT))
		*out = consume_declaration(a, &nodes[i], n - i);
	if (!*out) {
		*why = "invalid";
		return -1;
	}
	return 0;
}

int css_parse_one_rule(struct arena *a, const char *src, size_t len,
		       struct css_rule **out, const char **why)
{
	struct css_node *nodes;
	size_t n = parse_component_value_list(a, src, len, &nodes);
	size_t i = skip_whitespace(nodes, n, 0);
	*out = NULL;
	if (i == n) {
		*why = "empty";
		return -1;
	}
	struct css_rule *rule;
	if (is_token(&nodes[i], CSS_TOK_AT_KEYWORD))
		rule = consume_at_rule(a, nodes, n, &i);
	else
		rule = consume_qualified_rule(a, nodes, n, &i);
	if (!rule) {
		*why = "invalid";
		return -1;
	}
	if (skip_whitespace(nodes, n, i) != n) {
		*why = "extra-input";
		return -1;
	}
	*out = rule;
	return 0;
}

int css_parse_one_component_value(struct arena *a, const char *src, size_t len,
				  struct css_node **out, const char **why)
{
	struct css_node *nodes;
	size_t n = parse_component_value_list(a, src, len, &nodes);
	size_t i = skip_whitespace(nodes, n, 0);
	*out = NULL;
	if (i == n) {
		*why = "empty";
		return -1;
	}
	if (skip_whitespace(nodes, n, i + 1) != n) {
		*why = "extra-input";
		return -1;
	}
	*out = &nodes[i];
	return 0;
}

/* ------------------------------------------------------------ serialisation */

/* What the previous piece of output was, to know when two pieces would run into
 * each other and need an empty comment between them. */
enum piece {
	PIECE_OTHER,
	PIECE_IDENT,
	PIECE_FUNCTION,
	PIECE_URL,
	PIECE_BAD_URL,
	PIECE_AT_KEYWORD,
	PIECE_HASH,
	PIECE_NUMBER,
	PIECE_PERCENTAGE,
	PIECE_DIMENSION,
	PIECE_CDC,
	PIECE_OPEN_PAREN,
	PIECE_DELIM,
	PIECE_WHITESPACE,
};

struct piece_kind {
	enum piece piece;
	unsigned delim; /* PIECE_DELIM: the code point */
};

static bool starts_like_ident(struct piece_kind next)
{
	return next.piece == PIECE_IDENT || next.piece == PIECE_FUNCTION ||
	       next.piece == PIECE_URL || next.piece == PIECE_BAD_URL ||
	       (next.piece == PIECE_DELIM && next.delim == '-');
}

static bool starts_like_number(struct piece_kind next)
{
	return next.piece == PIECE_NUMBER || next.piece == PIECE_PERCENTAGE ||
	       next.piece == PIECE_DIMENSION;
}

/* The table of CSS Syntax 3 section 9 (serialisation), widened so that output
 * always reads back as the same tokens. */
static bool needs_separator(struct piece_kind prev, struct piece_kind next)
{
	switch (prev.piece) {
	case PIECE_IDENT:
		return starts_like_ident(next) || starts_like_number(next) ||
		       next.piece == PIECE_CDC || next.piece == PIECE_OPEN_PAREN;
	case PIECE_AT_KEYWORD:
	case PIECE_HASH:
	case PIECE_DIMENSION:
		return starts_like_ident(next) || starts_like_number(next) ||
		       next.piece == PIECE_CDC;
	case PIECE_NUMBER:
		return starts_like_ident(next) || starts_like_number(next) ||
		       next.piece == PIECE_CDC || (next.piece == PIECE_DELIM && next.delim == '%');
	case PIECE_WHITESPACE: /* two whitespace tokens would read back as one */
		return next.piece == PIECE_WHITESPACE;
	case PIECE_DELIM:
		switch (prev.delim) {
		case '#':
		case '-':
			return starts_like_ident(next) || starts_like_number(next) ||
			       next.piece == PIECE_CDC;
		case '@':
			return starts_like_ident(next) || next.piece == PIECE_CDC;
		case '.':
		case '+':
			return starts_like_number(next);
		case '/':
			return next.piece == PIECE_DELIM && next.delim == '*';
		case '<': /* "<!" then "--" or "-->" would read back as a CDO */
			return next.piece == PIECE_DELIM && next.delim == '!';
		default:
			return false;
		}
	default:
		return false;
	}
}

struct serializer {
	struct buf out;
	struct piece_kind prev;
};

static void put_piece(struct serializer *s, struct piece_kind kind)
{
	if (needs_separator(s->prev, kind))
		buf_puts(&s->out, "/**/");
	s->prev = kind;
}

static void put_hex_escape(struct buf *b, uint32_t c)
{
	buf_printf(b, "\\%x ", (unsigned)c);
}

/* Serialises a name (ident_start: as an identifier, which may not start with a
 * digit or a lone '-'). */
static void put_name(struct buf *b, const char *s, size_t len, bool as_identifier)
{
	size_t i = 0, index = 0;
	uint32_t first = 0;
	while (i < len) {
		uint32_t c = decode_utf8((const unsigned char *)s, len, &i);
		if (index == 0)
			first = c;
		if (c == 0) {
			buf_put_utf8(b, 0xFFFD);
		} else if ((c >= 0x01 && c <= 0x1F) || c == 0x7F) {
			put_hex_escape(b, c);
		} else if (as_identifier && is_digit(c) &&
			   (index == 0 || (index == 1 && first == '-'))) {
			put_hex_escape(b, c);
		} else if (as_identifier && index == 0 && c == '-' && i == len) {
			buf_puts(b, "\\-");
		} else if (c >= 0x80 || c == '-' || c == '_' || is_digit(c) || is_letter(c)) {
			buf_put_utf8(b, c);
		} else {
			buf_putc(b, '\\');
			buf_put_utf8(b, c);
		}
		index++;
	}
}

static void put_string(struct buf *b, const char *s, size_t len)
{
	buf_putc(b, '"');
	size_t i = 0;
	while (i < len) {
		uint32_t c = decode_utf8((const unsigned char *)s, len, &i);
		if (c == 0)
			buf_put_utf8(b, 0xFFFD);
		else if ((c >= 0x01 && c <= 0x1F) || c == 0x7F)
			put_hex_escape(b, c);
		else if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_put_utf8(b, c);
		} else
			buf_put_utf8(b, c);
	}
	buf_putc(b, '"');
}

static void put_url(struct buf *b, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t c = decode_utf8((const unsigned char *)s, len, &i);
		if (is_whitespace(c) || is_non_printable(c) || c == '"' || c == '\'' || c == '(' ||
		    c == ')' || c == '\\')
			put_hex_escape(b, c);
		else
			buf_put_utf8(b, c);
	}
}

/* A dimension's unit, escaped so that it cannot read as an exponent. */
static void put_unit(struct buf *b, const char *unit)
{
	size_t len = strlen(unit);
	if (len >= 2 && (unit[0] == 'e' || unit[0] == 'E') &&
	    (is_digit((unsigned char)unit[1]) ||
	     ((unit[1] == '+' || unit[1] == '-') && len >= 3 && is_digit((unsigned char)unit[2])))) {
		put_hex_escape(b, (unsigned char)unit[0]);
		put_name(b, unit + 1, len - 1, false);
		return;
	}
	put_name(b, unit, len, true);
}

static void put_token(struct serializer *s, const struct css_token *tok)
{
	struct buf *b = &s->out;
	switch (tok->type) {
	case CSS_TOK_IDENT:
		put_piece(s, (struct piece_kind){ PIECE_IDENT, 0 });
		put_name(b, tok->value, tok->value_len, true);
		break;
	case CSS_TOK_FUNCTION:
		put_piece(s, (struct piece_kind){ PIECE_FUNCTION, 0 });
		put_name(b, tok->value, tok->value_len, true);
		buf_putc(b, '(');
		s->prev = (struct piece_kind){ PIECE_OTHER, 0 };
		break;
	case CSS_TOK_AT_KEYWORD:
		put_piece(s, (struct piece_kind){ PIECE_AT_KEYWORD, 0 });
		buf_putc(b, '@');
		put_name(b, tok->value, tok->value_len, true);
		break;
	case CSS_TOK_HASH:
		put_piece(s, (struct piece_kind){ PIECE_HASH, 0 });
		buf_putc(b, '#');
		put_name(b, tok->value, tok->value_len, tok->hash_is_id);
		break;
	case CSS_TOK_STRING:
		put_piece(s, (struct piece_kind){ PIECE_OTHER, 0 });
		put_string(b, tok->value, tok->value_len);
		break;
	case CSS_TOK_BAD_STRING:
		put_piece(s, (struct piece_kind){ PIECE_OTHER, 0 });
		buf_puts(b, "\"\n"); /* reads back as a bad string */
		break;
	case CSS_TOK_URL:
		put_piece(s, (struct piece_kind){ PIECE_URL, 0 });
		buf_puts(b, "url(");
		put_url(b, tok->value, tok->value_len);
		buf_putc(b, ')');
		break;
	case CSS_TOK_BAD_URL:
		put_piece(s, (struct piece_kind){ PIECE_BAD_URL, 0 });
		buf_puts(b, "url(()"); /* reads back as a bad url */
		break;
	case CSS_TOK_DELIM:
		put_piece(s, (struct piece_kind){ PIECE_DELIM, tok->delim });
		if (tok->delim == '\\')
			buf_puts(b, "\\\n"); /* a backslash before a newline stays a delim */
		else
			buf_add(b, tok->value, tok->value_len);
		break;
	case CSS_TOK_NUMBER:
		put_piece(s, (struct piece_kind){ PIECE_NUMBER, 0 });
		buf_add(b, tok->value, tok->value_len);
		break;
	case CSS_TOK_PERCENTAGE:
		put_piece(s, (struct piece_kind){ PIECE_PERCENTAGE, 0 });
		buf_add(b, tok->value, tok->value_len);
		buf_putc(b, '%');
		break;
	case CSS_TOK_DIMENSION:
		put_piece(s, (struct piece_kind){ PIECE_DIMENSION, 0 });
		buf_add(b, tok->value, tok->value_len);
		put_unit(b, tok->unit ? tok->unit : "");
		break;
	case CSS_TOK_WHITESPACE:
		put_piece(s, (struct piece_kind){ PIECE_WHITESPACE, 0 });
		buf_putc(b, ' ');
		break;
	case CSS_TOK_CDC:
		put_piece(s, (struct piece_kind){ PIECE_CDC, 0 });
		buf_puts(b, "-->");
		break;
	case CSS_TOK_OPEN_PAREN:
		put_piece(s, (struct piece_kind){ PIECE_OPEN_PAREN, 0 });
		buf_putc(b, '(');
		s->prev = (struct piece_kind){ PIECE_OTHER, 0 };
		break;
	case CSS_TOK_EOF:
		break;
	default: /* CDO, colon, semicolon, comma, brackets */
		put_piece(s, (struct piece_kind){ PIECE_OTHER, 0 });
		buf_add(b, tok->value, tok->value_len);
		break;
	}
}

/* One level of the walk over nested blocks. */
struct serial_level {
	const struct css_node *nodes;
	size_t n, next;
	char closer; /* written when the level is done; 0 at the top */
};

char *css_nodes_to_string(struct arena *a, const struct css_node *nodes, size_t n)
{
	struct serializer s = { { 0 }, { PIECE_OTHER, 0 } };
	size_t depth = 0, cap = 16;
	struct serial_level *levels = xmalloc(cap * sizeof *levels);
	levels[0] = (struct serial_level){ nodes, nodes ? n : 0, 0, 0 };
	for (;;) {
		struct serial_level *level = &levels[depth];
		if (level->next == level->n) {
			if (depth == 0)
				break;
			put_piece(&s, (struct piece_kind){ PIECE_OTHER, 0 });
			buf_putc(&s.out, level->closer);
			depth--;
			continue;
		}
		const struct css_node *node = &level->nodes[level->next++];
		if (node->kind == CSS_NODE_TOKEN) {
			put_token(&s, &node->tok);
			continue;
		}
		char closer;
		if (node->kind == CSS_NODE_FUNCTION) {
			put_token(&s, &node->tok);
			closer = ')';
		} else {
			struct css_token open = node->tok;
			char text[2] = { node->block_open, 0 };
			open.type = node->block_open == '(' ? CSS_TOK_OPEN_PAREN
				  : node->block_open == '[' ? CSS_TOK_OPEN_SQUARE
							    : CSS_TOK_OPEN_CURLY;
			open.value = text;
			open.value_len = 1;
			put_token(&s, &open);
			closer = node->block_open == '(' ? ')' : node->block_open == '[' ? ']' : '}';
		}
		if (depth + 1 == cap) {
			cap *= 2;
			levels = xrealloc(levels, cap * sizeof *levels);
		}
		depth++;
		levels[depth] = (struct serial_level){ node->children, node->n_children, 0, closer };
	}
	free(levels);
	char *result = arena_strndup(a, s.out.data ? s.out.data : "", s.out.len);
	buf_free(&s.out);
	return result;
}

/* ------------------------------------------------------------------- An+B */

/* Clamped to 32 bits, as browsers do, so callers can do arithmetic safely. */
static long clamp_to_int32(double v)
{
	if (v > 2147483647.0)
		return 2147483647L;
	if (v < -2147483648.0)
		return -2147483647L - 1;
	return (long)v;
}

static bool is_integer_token(const struct css_node *node, enum css_token_type type)
{
	return is_token(node, type) && node->tok.is_integer;
}

static bool has_sign(const struct css_node *node)
{
	return node->tok.value[0] == '+' || node->tok.value[0] == '-';
}

/* "n" followed by "-" and one or more ASCII digits (the part after "n-" in *digits). */
static bool is_n_dash_digits(const char *s, size_t len, const char **digits, size_t *n_digits)
{
	if (len < 3 || (s[0] != 'n' && s[0] != 'N') || s[1] != '-')
		return false;
	for (size_t i = 2; i < len; i++)
		if (!is_digit((unsigned char)s[i]))
			return false;
	*digits = s + 2;
	*n_digits = len - 2;
	return true;
}

static double digits_value(const char *digits, size_t n)
{
	double v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (digits[i] - '0');
	return v;
}

/* What may follow "An": nothing, a signed integer, or ['+'|'-'] and a signless
 * integer, with whitespace around. */
static int parse_anb_offset(const struct css_node *nodes, size_t i, size_t end, long *b)
{
	i = skip_whitespace(nodes, end, i);
	if (i == end) {
		*b = 0;
		return 0;
	}
	if (is_integer_token(&nodes[i], CSS_TOK_NUMBER) && has_sign(&nodes[i])) {
		if (i + 1 != end)
			return -1;
		*b = clamp_to_int32(nodes[i].tok.number);
		return 0;
	}
	if (is_delim(&nodes[i], '+') || is_delim(&nodes[i], '-')) {
		bool negative = is_delim(&nodes[i], '-');
		i = skip_whitespace(nodes, end, i + 1);
		if (i + 1 != end || !is_integer_token(&nodes[i], CSS_TOK_NUMBER) ||
		    has_sign(&nodes[i]))
			return -1;
		*b = clamp_to_int32(negative ? -nodes[i].tok.number : nodes[i].tok.number);
		return 0;
	}
	return -1;
}

/* After An written as "n-" (or "-n-"): whitespace, then a signless integer. */
static int parse_anb_dash_offset(const struct css_node *nodes, size_t i, size_t end, long *b)
{
	i = skip_whitespace(nodes, end, i);
	if (i + 1 != end || !is_integer_token(&nodes[i], CSS_TOK_NUMBER) || has_sign(&nodes[i]))
		return -1;
	*b = clamp_to_int32(-nodes[i].tok.number);
	return 0;
}

/* The forms that start with "n" spelled in an ident (after an optional '+' or as
 * "-n"): name is the ident without its leading '-'. */
static int parse_anb_from_n(const char *name, size_t len, long a_value, const struct css_node *nodes,
			    size_t next, size_t end, long *a, long *b)
{
	const char *digits;
	size_t n_digits;
	*a = a_value;
	if (ascii_equal_ignoring_case(name, len, "n"))
		return parse_anb_offset(nodes, next, end, b);
	if (ascii_equal_ignoring_case(name, len, "n-"))
		return parse_anb_dash_offset(nodes, next, end, b);
	if (is_n_dash_digits(name, len, &digits, &n_digits)) {
		if (skip_whitespace(nodes, end, next) != end)
			return -1;
		*b = clamp_to_int32(-digits_value(digits, n_digits));
		return 0;
	}
	return -1;
}

int css_parse_anb(const struct css_node *nodes, size_t n, long *a, long *b)
{
	if (!nodes)
		return -1;
	size_t i = skip_whitespace(nodes, n, 0);
	size_t end = n;
	while (end > i && is_token(&nodes[end - 1], CSS_TOK_WHITESPACE))
		end--;
	if (i == end)
		return -1;
	const struct css_node *first = &nodes[i];
	long av = 0, bv = 0;
	int result = -1;
	if (is_token(first, CSS_TOK_IDENT)) {
		const char *v = first->tok.value;
		size_t len = first->tok.value_len;
		if (i + 1 == end && ascii_equal_ignoring_case(v, len, "odd")) {
			av = 2, bv = 1, result = 0;
		} else if (i + 1 == end && ascii_equal_ignoring_case(v, len, "even")) {
			av = 2, bv = 0, result = 0;
		} else if (len > 0 && v[0] == '-') {
			result = parse_anb_from_n(v + 1, len - 1, -1, nodes, i + 1, end, &av, &bv);
		} else {
			result = parse_anb_from_n(v, len, 1, nodes, i + 1, end, &av, &bv);
		}
	} else if (is_delim(first, '+') && i + 1 < end && is_token(&nodes[i + 1], CSS_TOK_IDENT)) {
		const struct css_token *id = &nodes[i + 1].tok;
		if (id->value_len > 0 && id->value[0] != '-')
			result = parse_anb_from_n(id->value, id->value_len, 1, nodes, i + 2, end, &av, &bv);
	} else if (is_integer_token(first, CSS_TOK_NUMBER)) {
		if (i + 1 == end) {
			av = 0;
			bv = clamp_to_int32(first->tok.number);
			result = 0;
		}
	} else if (is_integer_token(first, CSS_TOK_DIMENSION)) {
		const char *unit = first->tok.unit;
		long coefficient = clamp_to_int32(first->tok.number);
		result = parse_anb_from_n(unit, strlen(unit), coefficient, nodes, i + 1, end, &av, &bv);
	}
	if (result == 0) {
		*a = av;
		*b = bv;
	}
	return result;
}
