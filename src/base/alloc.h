/* Allocation wrappers that abort on out-of-memory, so callers never test for NULL. */
#ifndef BP_ALLOC_H
#define BP_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
