/* Computed styles shared between elements: equal styles are stored once per layout pass. */
#ifndef BP_STYLE_POOL_H
#define BP_STYLE_POOL_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct style;
struct text_decoration;

struct style_pool {
	struct arena *arena;        /* the pass the stored styles live in; NULL: no sharing */
	const struct style **slots; /* open addressing, cap a power of two */
	uint64_t *hashes;
	size_t n, cap;
	const char **strings;       /* strings styles hold (font families, names), shared too */
	size_t n_strings, cap_strings;
	const struct text_decoration **decorations; /* decoration lists, shared too (few) */
	size_t n_decorations, cap_decorations;
};

/* Starts sharing styles allocated in `a` (forgets what was stored for an earlier pass). */
void style_pool_begin(struct style_pool *pool, struct arena *a);

/* A style equal to *s, byte for byte, stored in `a`: an earlier one when the pool
 * holds one for that arena, else a new copy. */
const struct style *style_pool_intern(struct style_pool *pool, struct arena *a,
				      const struct style *s);

/* A string equal to s that the pool keeps for its arena (s itself when the pool is
 * not for `a`), so that styles holding equal strings compare equal. */
const char *style_pool_string(struct style_pool *pool, struct arena *a, const char *s);

/* A decoration list equal to *d (byte for byte, its next already shared) that the
 * pool keeps for its arena; a copy in `a` when there is none yet. */
const struct text_decoration *style_pool_decoration(struct style_pool *pool, struct arena *a,
						    const struct text_decoration *d);

#endif
