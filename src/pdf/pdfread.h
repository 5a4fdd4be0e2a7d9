/* A strict, bounded reader of the PDF Cairo wrote: its trailer, its classic xref
 * table and, by number, the few objects the structure tree needs (dictionaries,
 * arrays, numbers, names, strings, references; never stream data). It reads back
 * through a function, a window at a time, and holds one object at a time. Anything
 * it does not expect is reported through diag and fails; it never trusts an offset
 * or a length it read. */
#ifndef BP_PDFREAD_H
#define BP_PDFREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct diag_sink;

/* Reads n bytes at offset `at` of the PDF (from its first byte): 0, or -1. */
typedef int (*pdf_read_fn)(void *ctx, uint64_t at, void *buf, size_t n);

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
	const char *text; /* where it is written in the object's bytes */
	size_t len;       /* its length there */
};

/* One object read: its value, whose items (an array's, a dictionary's) follow one
 * another from values[first]. Lives until the reader reads the next object. */
struct pdf_object {
	int num;
	const struct pdf_value *value;
	const struct pdf_value *values;
};

/* What the trailer says. */
struct pdf_trailer {
	int size;        /* /Size: objects are numbered below it */
	int root, info;  /* /Root, /Info (0: none) */
	uint64_t xref;   /* where the xref table starts (startxref) */
	char *id;        /* /ID as written, or NULL */
};

struct pdf_reader;

/* Opens the PDF of `length` bytes: reads its trailer and checks its xref table.
 * Returns 0, or -1 after reporting through diag. */
int pdf_reader_open(pdf_read_fn read, void *ctx, uint64_t length, struct diag_sink *diag,
		    const char *source_name, struct pdf_reader **out);
void pdf_reader_free(struct pdf_reader *r);

const struct pdf_trailer *pdf_reader_trailer(const struct pdf_reader *r);

/* Reads object `num` (in use, generation 0). NULL after reporting through diag. */
const struct pdf_object *pdf_reader_object(struct pdf_reader *r, int num);

/* A dictionary's value for key (a name without '/'), or NULL. */
const struct pdf_value *pdf_dict_get(const struct pdf_object *o, const struct pdf_value *dict,
				     const char *key);
/* Item i of an array. */
const struct pdf_value *pdf_array_item(const struct pdf_object *o, const struct pdf_value *array,
				       int i);
/* The value is the name `name`. */
bool pdf_is_name(const struct pdf_value *v, const char *name);

#endif
