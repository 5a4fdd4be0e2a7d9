/* The PDF file writer: numbered objects, small ones gathered in compressed object
 * streams, streams, and one cross-reference stream at the end (PDF 32000-1, 7.5.7
 * and 7.5.8). Nothing is held but the object stream being filled and each object's
 * place; the same calls give the same bytes. */
#ifndef BP_PDF_WRITER_H
#define BP_PDF_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"

struct pdf_writer;
struct diag_sink;

/* out stays the caller's. The header (%PDF-1.7 and a binary comment) is written now. */
struct pdf_writer *pdfw_new(FILE *out);
void pdfw_free(struct pdf_writer *w);

/* A new object number (from 1), to be written once later by pdfw_object or
 * pdfw_stream; numbers reserved and never written are listed as free. */
int pdfw_reserve(struct pdf_writer *w);

/* Object `num` (reserved) in a compressed object stream: the caller appends its value
 * (a dictionary, an array, ...: no stream) to the buffer returned, then calls
 * pdfw_end. One object is open at a time; streams cannot be written while it is. */
struct buf *pdfw_object(struct pdf_writer *w, int num);
void pdfw_end(struct pdf_writer *w);

enum pdfw_encoding {
	PDFW_DEFLATE, /* data is plain: compressed with Flate, /Filter written */
	PDFW_AS_IS,   /* data is written as it is: dict names its /Filter if it has one */
};

/* Stream object `num` (reserved): dict holds the dictionary's entries other than
 * /Length and (with PDFW_DEFLATE) /Filter, without << >>; NULL for none. */
void pdfw_stream(struct pdf_writer *w, int num, const char *dict, const void *data, size_t len,
		 enum pdfw_encoding enc);

/* Ends the file: the cross-reference stream with /Root, /Info (0: none) and an /ID made
 * from the bytes before it; flushes. Returns 0, or -1 after reporting through diag (a
 * write failed, an object reserved twice written, ...). */
int pdfw_finish(struct pdf_writer *w, int root, int info, struct diag_sink *diag,
		const char *source_name);

/* ---- PDF syntax into a buffer ---- */

/* A number with at most `decimals` decimals, no trailing zeros, no exponent ("-0" is
 * "0"); non-finite values are written as 0. */
void pdf_put_num(struct buf *b, double v, int decimals);
/* " N" and " N 0 R": an integer and a reference, each after a space (no printf: the
 * structure tree writes hundreds of thousands). */
void pdf_put_int(struct buf *b, long long n);
void pdf_put_ref(struct buf *b, int obj);
/* A name object: '/' and the bytes, with # escapes where PDF needs them. */
void pdf_put_name(struct buf *b, const char *name);
/* A text string (PDF 32000-1, 7.9.2.2) from UTF-8: a literal string when it is
 * printable ASCII, else UTF-16BE with a byte order mark, as hex. */
void pdf_put_text(struct buf *b, const char *utf8);
/* A byte string, as a literal with the needed escapes. */
void pdf_put_bytes(struct buf *b, const char *data, size_t len);

#endif
