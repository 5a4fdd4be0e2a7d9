/* Region allocator: a document job's boxes, styles and fragments live in one arena
 * and are freed together. Not thread-safe; one arena belongs to one job. */
#ifndef BP_ARENA_H
#define BP_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* An arena for little: its blocks start at 4 KB and grow (a page's fragments). */
struct arena *arena_new_small(void);
void arena_free(struct arena *a);              /* frees every allocation made from a */
void *arena_alloc(struct arena *a, size_t size); /* zeroed, aligned for any type */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t arena_bytes_used(const struct arena *a); /* for statistics and tests */

/* Growable array in an arena: doubles in place or moves to a new block. */
#define ARENA_GROW(arena, ptr, count, cap)                                         \
	do {                                                                       \
		if ((count) == (cap)) {                                            \
			size_t new_cap_ = (cap) ? (cap) * 2 : 8;                   \
			void *grown_ = arena_alloc((arena), new_cap_ * sizeof *(ptr)); \
			if ((count))                                               \
				memcpy(grown_, (ptr), (count) * sizeof *(ptr));    \
			(ptr) = grown_;                                            \
			(cap) = new_cap_;                                          \
		}                                                                  \
	} while (0)

#endif
