/* The stream a PDF is written to: what Cairo writes goes on (counted, and hashed for
 * the file identifier when asked); for a tagged PDF, Cairo's small objects and the
 * new ones go in compressed object streams, and a cross-reference stream for the
 * whole file ends it (PDF 32000-1, 7.5.7 and 7.5.8). Nothing is held but a buffer,
 * the object stream being filled, those filled before their numbers are known
 * (compressed), and each object's number and place. */
#ifndef BP_PDFOUT_H
#define BP_PDFOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct pdf_out;
struct diag_sink;

/* hash: keep an MD5 of every byte, for the /ID of an update. */
struct pdf_out *pdf_out_new(FILE *out, bool hash);
void pdf_out_free(struct pdf_out *o);

/* Passes bytes through. Returns 0, or -1 when the stream failed (reported by
 * pdf_out_flush). */
int pdf_out_write(struct pdf_out *o, const void *data, size_t n);
void pdf_out_printf(struct pdf_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes written so far: the offset of the next one. */
uint64_t pdf_out_offset(const struct pdf_out *o);
/* Writes what is buffered. Returns 0, or -1 after reporting through diag. */
int pdf_out_flush(struct pdf_out *o, struct diag_sink *diag, const char *source_name);

/* Numbers from first_free on are free for the object streams and the
 * cross-reference stream: the object streams filled before are written now. */
void pdf_out_begin_update(struct pdf_out *o, int first_free);
/* Object `num` in a compressed object stream: what is written until
 * pdf_out_end_object is its value. Before pdf_out_begin_update, the object streams
 * filled are kept, compressed, until it. */
void pdf_out_begin_object(struct pdf_out *o, int num);
void pdf_out_end_object(struct pdf_out *o);

/* The cross-reference stream of the whole PDF, after the new objects: offsets[num]
 * (0: none) says where each of the first n_offsets objects was passed on; numbers
 * neither passed on nor new are free. /Root, /Info, and an /ID made from the bytes'
 * MD5. Flushes. Returns 0, or -1 after reporting through diag. */
int pdf_out_finish_xref(struct pdf_out *o, const uint64_t *offsets, int n_offsets, int root,
			int info, struct diag_sink *diag, const char *source_name);

#endif
