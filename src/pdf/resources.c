/* The one resource dictionary every page names: fonts, XObjects, ExtGStates. */
#include "pdf/resources.h"
#include "pdf/writer.h"
#include "base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct named {
	int key;        /* alpha, or object number */
	char name[16];  /* its resource name */
	int obj;        /* the object it names (fonts, XObjects) */
};

struct named_list {
	struct named *items;
	size_t n, cap;
};

struct pdf_resources {
	struct pdf_writer *w;
	int obj;                    /* the dictionary's object */
	struct named_list alphas;   /* ExtGStates by alpha */
	struct named_list xobjects; /* by object number */
	struct named_list fonts;    /* in order of first use */
};

struct pdf_resources *resources_new(struct pdf_writer *w)
{
	struct pdf_resources *r = xcalloc(1, sizeof *r);
	r->w = w;
	r->obj = pdfw_reserve(w);
	return r;
}

void resources_free(struct pdf_resources *r)
{
	if (!r)
		return;
	free(r->alphas.items);
	free(r->xobjects.items);
	free(r->fonts.items);
	free(r);
}

int resources_object(const struct pdf_resources *r)
{
	return r->obj;
}

/* The entry for key, made with prefix+key as its name when new. A few dozen entries
 * at most: a linear search. */
static struct named *find_or_add(struct named_list *l, int key, const char *prefix, int obj)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].key == key)
			return &l->items[i];
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	struct named *n = &l->items[l->n++];
	n->key = key;
	n->obj = obj;
	snprintf(n->name, sizeof n->name, "%s%d", prefix, key);
	return n;
}

const char *resources_alpha(struct pdf_resources *r, int alpha255)
{
	return find_or_add(&r->alphas, alpha255, "Ga", 0)->name;
}

const char *resources_xobject(struct pdf_resources *r, int obj)
{
	return find_or_add(&r->xobjects, obj, "X", obj)->name;
}

void resources_font(struct pdf_resources *r, const char *name, int obj)
{
	for (size_t i = 0; i < r->fonts.n; i++)
		if (r->fonts.items[i].obj == obj)
			return;
	struct named *n = find_or_add(&r->fonts, obj, "F", obj);
	snprintf(n->name, sizeof n->name, "%s", name);
}

static void put_refs(struct buf *b, const char *key, const struct named_list *l)
{
	if (l->n == 0)
		return;
	buf_printf(b, " /%s <<", key);
	for (size_t i = 0; i < l->n; i++)
		buf_printf(b, " /%s %d 0 R", l->items[i].name, l->items[i].obj);
	buf_puts(b, " >>");
}

void resources_finish(struct pdf_resources *r)
{
	struct buf *b = pdfw_object(r->w, r->obj);
	buf_puts(b, "<<");
	if (r->alphas.n) {
		buf_puts(b, " /ExtGState <<");
		for (size_t i = 0; i < r->alphas.n; i++) {
			buf_printf(b, " /%s << /Type /ExtGState /ca ", r->alphas.items[i].name);
			pdf_put_num(b, r->alphas.items[i].key / 255.0, 4);
			buf_puts(b, " /CA ");
			pdf_put_num(b, r->alphas.items[i].key / 255.0, 4);
			buf_puts(b, " >>");
		}
		buf_puts(b, " >>");
	}
	put_refs(b, "Font", &r->fonts);
	put_refs(b, "XObject", &r->xobjects);
	buf_puts(b, " >>");
	pdfw_end(r->w);
}
