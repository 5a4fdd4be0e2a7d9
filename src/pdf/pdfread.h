/* A PDF reader over bytes in memory: cross-reference tables and streams, object streams,
 * Flate with predictors (PDF 32000-1, 7.3 to 7.5); strict and bounded for untrusted input. */
#ifndef BP_PDF_PDFREAD_H
#define BP_PDF_PDFREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The reader reads only the PDFs Cairo draws pictures into, so its reasons (static
 * strings) are phrased for the picture's message. */
#define PDF_READ_WHY(text) "the picture's PDF cannot be read: " text

/* Arrays and dictionaries inside each other, at most this deep. */
#define PDF_READ_MAX_DEPTH 48
/* Object numbers are below this. */
#define PDF_READ_MAX_OBJECTS (1 << 20)
/* Bytes all decoded streams of one reader may add up to. */
#define PDF_READ_MAX_DECODED ((size_t)256 * 1024 * 1024)
/* Values (numbers, names, arrays, ...) one reader may parse, in all. */
#define PDF_READ_MAX_VALUES (4 * 1024 * 1024)

enum pdf_kind {
	PDF_NULL,
	PDF_BOOL,
	PDF_INT,
	PDF_REAL,
	PDF_NAME,   /* text: the name without '/', #xx escapes decoded */
	PDF_STRING, /* text: the bytes, escapes or hex decoded */
	PDF_ARRAY,
	PDF_DICT,
	PDF_REF,
	PDF_STREAM, /* a dictionary with data: only ever an indirect object's value */
};

struct pdf_entry;

/* A PDF value, owned by its reader. */
struct pdf_obj {
	enum pdf_kind kind; /* which member of u holds the value */
	union {
		bool boolean;    /* PDF_BOOL */
		int64_t integer; /* PDF_INT */
		struct {
			double value;     /* the number */
			const char *text; /* as written (digits, sign, point), to copy exactly */
			size_t len;       /* bytes of text */
		} real; /* PDF_REAL */
		struct {
			const char *bytes; /* NUL-terminated; a name holds no NUL */
			size_t len;        /* bytes, not counting the terminator */
		} text; /* PDF_NAME and PDF_STRING */
		struct {
			struct pdf_obj *items; /* count values */
			size_t count;          /* number of items */
		} array; /* PDF_ARRAY */
		struct {
			struct pdf_entry *entries;  /* count key-value pairs, in file order */
			size_t count;               /* number of entries */
			const unsigned char *data;  /* PDF_STREAM: the encoded data, in the file */
			size_t len;                 /* PDF_STREAM: bytes of data (its /Length) */
		} dict; /* PDF_DICT and PDF_STREAM */
		struct {
			int num; /* object number */
			int gen; /* generation number */
		} ref; /* PDF_REF */
	} u;
};

/* One key of a dictionary. */
struct pdf_entry {
	const char *key;      /* the name, without '/', NUL-terminated */
	struct pdf_obj value; /* the value as written: may be a reference */
};

struct pdf_reader;

/* Reads the header, the cross-reference sections (tables or streams, following /Prev
 * and /XRefStm) and the trailer of the len bytes at data, which must stay unchanged
 * while the reader lives. Objects are read when asked for. 0 with a new reader in
 * *out, or -1 with a static *why. */
int pdf_reader_open(const unsigned char *data, size_t len, struct pdf_reader **out,
		    const char **why);
void pdf_reader_free(struct pdf_reader *r);

/* The newest trailer dictionary (of a cross-reference stream: its dictionary). */
const struct pdf_obj *pdf_reader_trailer(const struct pdf_reader *r);

/* Object numbers are below this. */
int pdf_reader_size(const struct pdf_reader *r);

/* Object num's value as written (it may itself be a reference); a null value when the
 * object is free or absent. NULL with a static *why when it cannot be read (malformed,
 * a cycle through stream lengths or object streams, over a limit). */
const struct pdf_obj *pdf_reader_object(struct pdf_reader *r, int num, const char **why);

/* o (not NULL) itself, or when o is a reference the value it leads to, through references
 * to references: null for a free or absent object or a generation that does not match.
 * NULL with a static *why when an object cannot be read or references go round. */
const struct pdf_obj *pdf_resolve(struct pdf_reader *r, const struct pdf_obj *o,
				  const char **why);

/* The value of key in a dictionary or stream as written (maybe a reference); NULL when
 * absent or when d is neither. */
const struct pdf_obj *pdf_dict_get(const struct pdf_obj *d, const char *key);

/* Is o the name `name`? */
bool pdf_is_name(const struct pdf_obj *o, const char *name);

/* An integer or real's value in *v; false for other kinds. */
bool pdf_number(const struct pdf_obj *o, double *v);

/* Can pdf_stream_decode decode this stream's filters? (none, or FlateDecode ones with
 * predictors 1, 10-15; indirect /Filter or /DecodeParms values are not followed.) */
bool pdf_stream_decodable(const struct pdf_obj *stream);

/* The stream's data, decoded, in a new malloc'd buffer *data of *len bytes (plus a NUL
 * not counted), charged to the reader's decoded-bytes budget. 0, or -1 with a static
 * *why (a filter it does not decode, corrupt data, over the budget). */
int pdf_stream_decode(struct pdf_reader *r, const struct pdf_obj *stream, unsigned char **data,
		      size_t *len, const char **why);

#endif
