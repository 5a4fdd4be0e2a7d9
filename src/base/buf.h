/* Growable byte buffer for building strings and output in memory. */
#ifndef BP_BUF_H
#define BP_BUF_H

#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated once anything was added */
	size_t len; /* bytes used, not counting the terminator */
	size_t cap; /* bytes allocated */
};

/* Room for `extra` more bytes (and the terminator) after len. */
void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

#endif
