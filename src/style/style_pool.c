/* Computed styles shared between elements: equal styles are stored once per layout pass.
 * Most elements of a long document (cells, paragraphs, list items, the anonymous boxes
 * around their text) have a style equal to a sibling's; storing each once keeps the
 * styles of a 600-page document in a few hundred kilobytes. Styles are compared byte
 * for byte, so every style is built in zeroed memory and copied with memcpy. */
#include "style/style_pool.h"
#include "style/style.h"
#include <stdbool.h>
#include "base/arena.h"

#include <string.h>

static uint64_t hash_style(const struct style *s)
{
	uint64_t h = 0x9e3779b97f4a7c15u;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i + 8 <= sizeof *s; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (size_t i = sizeof *s & ~(size_t)7; i < sizeof *s; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

void style_pool_begin(struct style_pool *pool, struct arena *a)
{
	memset(pool, 0, sizeof *pool);
	pool->arena = a;
}

static void pool_grow(struct style_pool *pool)
{
	size_t cap = pool->cap ? pool->cap * 2 : 256;
	const struct style **slots = arena_alloc(pool->arena, cap * sizeof *slots);
	uint64_t *hashes = arena_alloc(pool->arena, cap * sizeof *hashes);
	for (size_t i = 0; i < pool->cap; i++) {
		if (!pool->slots[i])
			continue;
		size_t j = pool->hashes[i] & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = pool->slots[i];
		hashes[j] = pool->hashes[i];
	}
	pool->slots = slots;
	pool->hashes = hashes;
	pool->cap = cap;
}

static struct style *copy_style(struct arena *a, const struct style *s)
{
	struct style *copy = arena_alloc(a, sizeof *copy);
	memcpy(copy, s, sizeof *copy);
	return copy;
}

const struct style *style_pool_intern(struct style_pool *pool, struct arena *a,
				      const struct style *s)
{
	if (!pool || pool->arena != a)
		return copy_style(a, s);
	if ((pool->n + 1) * 4 > pool->cap * 3)
		pool_grow(pool);
	uint64_t h = hash_style(s);
	size_t j = h & (pool->cap - 1);
	for (; pool->slots[j]; j = (j + 1) & (pool->cap - 1))
		if (pool->hashes[j] == h && memcmp(pool->slots[j], s, sizeof *s) == 0)
			return pool->slots[j];
	const struct style *copy = copy_style(a, s);
	pool->slots[j] = copy;
	pool->hashes[j] = h;
	pool->n++;
	return copy;
}

static uint64_t hash_string(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

static void strings_grow(struct style_pool *pool)
{
	size_t cap = pool->cap_strings ? pool->cap_strings * 2 : 64;
	const char **strings = arena_alloc(pool->arena, cap * sizeof *strings);
	for (size_t i = 0; i < pool->cap_strings; i++) {
		if (!pool->strings[i])
			continue;
		size_t j = hash_string(pool->strings[i]) & (cap - 1);
		while (strings[j])
			j = (j + 1) & (cap - 1);
		strings[j] = pool->strings[i];
	}
	pool->strings = strings;
	pool->cap_strings = cap;
}

const char *style_pool_string(struct style_pool *pool, struct arena *a, const char *s)
{
	if (!s || !pool || pool->arena != a)
		return s;
	if ((pool->n_strings + 1) * 2 > pool->cap_strings)
		strings_grow(pool);
	size_t j = hash_string(s) & (pool->cap_strings - 1);
	for (; pool->strings[j]; j = (j + 1) & (pool->cap_strings - 1))
		if (strcmp(pool->strings[j], s) == 0)
			return pool->strings[j];
	pool->strings[j] = s;
	pool->n_strings++;
	return s;
}

const struct text_decoration *style_pool_decoration(struct style_pool *pool, struct arena *a,
						    const struct text_decoration *d)
{
	bool shared = pool && pool->arena == a;
	for (size_t i = 0; shared && i < pool->n_decorations; i++)
		if (memcmp(pool->decorations[i], d, sizeof *d) == 0)
			return pool->decorations[i];
	struct text_decoration *copy = arena_alloc(a, sizeof *copy);
	memcpy(copy, d, sizeof *copy);
	/* Past a few hundred distinct lists, new ones are no longer shared: a linear search
	 * must not grow with a hostile page. */
	if (shared && pool->n_decorations < 256) {
		ARENA_GROW(a, pool->decorations, pool->n_decorations, pool->cap_decorations);
		pool->decorations[pool->n_decorations++] = copy;
	}
	return copy;
}
