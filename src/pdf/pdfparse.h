/* Parses PDF objects as Cairo writes them, from bytes in memory: dictionaries,
 * arrays, numbers, names, strings, references, comments. Strict and bounded: it
 * says when the bytes end too soon (more are coming) or are not what it knows, and
 * never reads past them. */
#ifndef BP_PDFPARSE_H
#define BP_PDFPARSE_H

#include <stdbool.h>
#include <stddef.h>

enum pdf_type {
	PDF_NULL,
	PDF_BOOL,   /* i: 0 or 1 */
	PDF_INT,    /* i */
	PDF_REAL,   /* the text only */
	PDF_NAME,   /* text: without the '/', as written (no #xx decoding) */
	PDF_STRING, /* the text only, as written */
	PDF_ARRAY,  /* n items */
	PDF_DICT,   /* n entries: 2n values, each key (a name) before its value */
	PDF_REF,    /* i: the object number (generation 0) */
};

struct pdf_value {
	enum pdf_type type;
	int n;            /* items (array), entries (dictionary) */
	int first;        /* array, dictionary: index of the first item in the object's values */
	long long i;
	const char *text; /* where it is written in the bytes parsed */
	size_t len;       /* its length there */
};

/* One object parsed: its value, whose items (an array's, a dictionary's) follow one
 * another from values[first]. Lives until the parser parses again, and points into
 * the bytes parsed. */
struct pdf_object {
	int num;
	const struct pdf_value *value;
	const struct pdf_value *values;
};

enum pdf_parse {
	PDF_PARSE_OK,
	PDF_PARSE_MORE, /* the bytes end before it does */
	PDF_PARSE_BAD,  /* not what Cairo writes */
};

struct pdf_parser;
struct pdf_parser *pdf_parser_new(void);
void pdf_parser_free(struct pdf_parser *p);

/* What starts a PDF's body after white space and comments: an object ("N 0 obj",
 * its value, then "endobj" or "stream" and their end of line), or the "xref" that
 * ends it. */
struct pdf_indirect {
	bool xref;               /* "xref" at `start`: nothing else is set */
	bool stream;             /* its stream's data starts at `end` */
	size_t start, end;       /* where it starts (after white space) and ends */
	struct pdf_object object;
};
enum pdf_parse pdf_parse_indirect(struct pdf_parser *p, const char *text, size_t len,
				  struct pdf_indirect *out);

/* "endstream", "endobj" and the end of line after a stream's data: *used bytes. */
enum pdf_parse pdf_parse_stream_end(const char *text, size_t len, size_t *used);

/* One direct value (a trailer's dictionary). */
enum pdf_parse pdf_parse_value(struct pdf_parser *p, const char *text, size_t len,
			       struct pdf_object *out);

/* A dictionary's value for key (a name without '/'), or NULL. */
const struct pdf_value *pdf_dict_get(const struct pdf_object *o, const struct pdf_value *dict,
				     const char *key);
/* Item i of an array, or NULL. */
const struct pdf_value *pdf_array_item(const struct pdf_object *o, const struct pdf_value *array,
				       int i);
/* The value is the name `name`. */
bool pdf_is_name(const struct pdf_value *v, const char *name);

#endif
