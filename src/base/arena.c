/* Region allocator: bump allocation in chained blocks, one free for all. */
#include "base/arena.h"
#include "base/alloc.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_BLOCK_SIZE = 64 * 1024 };

struct arena_block {
	struct arena_block *next; /* older block */
	size_t size;              /* usable bytes in data */
	size_t used;              /* bytes handed out */
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct arena_block *head; /* newest block, allocation happens here */
	size_t total;             /* bytes handed out over the arena's life */
	size_t block_size;        /* the next block's size: doubles up to ARENA_BLOCK_SIZE */
};

struct arena *arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof(struct arena));
	a->block_size = ARENA_BLOCK_SIZE;
	return a;
}

struct arena *arena_new_small(void)
{
	struct arena *a = xcalloc(1, sizeof(struct arena));
	a->block_size = 4 * 1024;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		/* Large requests get a block of their own behind the current one,
		 * so the space left in the current block is not wasted. */
		bool large = size > a->block_size / 4;
		size_t block = large ? size : a->block_size;
		if (!large && a->block_size < ARENA_BLOCK_SIZE)
			a->block_size *= 2;
		struct arena_block *nb = xmalloc(sizeof *nb + block);
		nb->size = block;
		nb->used = 0;
		if (b && large) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += size;
	a->total += size;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_bytes_used(const struct arena *a)
{
	return a->total;
}
