/* Cairo's PDF read as it is written: passed on, less its structure objects, catalog,
 * xref table and trailer; what the tagged-PDF pass needs is noted on the way. */
#include "pdf/cairoscan.h"
#include "pdf/pdfout.h"
#include "pdf/pdfparse.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	MAX_OBJECT = 64 * 1024 * 1024, /* the largest object held (never stream data) */
	MAX_NUMBER = 1 << 26,          /* object numbers */
	HOLD = 16,                     /* stream bytes held back while "endstream" is looked for */
	TRIGGER = 9,                   /* strlen("endstream"): how far back to look again */
};

enum state {
	SCAN_TOP,        /* between objects, or in one: its bytes go to `pending` */
	SCAN_STREAM,     /* stream data of a known length */
	SCAN_SEARCH,     /* stream data whose length is an object written after it */
	SCAN_STREAM_END, /* "endstream endobj" */
	SCAN_TAIL,       /* Cairo's xref table and trailer */
	SCAN_FAILED,
};

/* A stream whose length was found by looking for its end: checked against the
 * length object when it comes. */
struct found_length {
	int obj;
	uint64_t length;
	bool checked;
};

struct cairo_scan {
	struct pdf_out *out;
	struct pdf_parser *parser;
	struct arena *arena;
	enum state state;
	char failure[160];          /* why it failed */
	struct buf pending;         /* SCAN_TOP, SCAN_STREAM_END: bytes not handled yet */
	struct buf spill;           /* pending bytes handed back to be fed again */
	size_t searched;            /* pending bytes already looked at for an object's end */
	struct buf hold;            /* SCAN_SEARCH: data held back */
	uint64_t left;              /* SCAN_STREAM: data bytes to come */
	uint64_t data_start;        /* where the stream's data started in the output */
	int length_obj;             /* SCAN_SEARCH: the stream's /Length object */
	struct found_length *lengths;
	size_t n_lengths, cap_lengths;
	struct buf trailer;         /* SCAN_TAIL: from "trailer" on */
	char tail_seen[8];          /* SCAN_TAIL: the last bytes before, for "trailer" across chunks */
	size_t n_tail_seen;
	bool in_trailer;
	/* What was read. */
	uint64_t *offsets;
	int *node_of;
	int cap_numbers, max_number;
	struct scan_node *nodes;    /* these two grow by realloc: they are the largest */
	size_t n_nodes, cap_nodes;
	const char **roles;         /* each structure type seen, once */
	size_t n_roles, cap_roles;
	struct scan_kid *kids;
	size_t n_kids, cap_kids;
	int *tops;
	size_t n_tops;
	bool tree_seen;
	int tree_parent_tree;       /* the StructTreeRoot's /ParentTree */
	int parent_tree;            /* the parent tree dropped, or 0 */
	int *parent_tree_values;    /* its values, sorted */
	size_t n_parent_tree_values;
	int *dropped_lists;         /* each page's marked-content list dropped */
	size_t n_dropped_lists, cap_dropped_lists;
	int *pages;
	size_t n_pages;
	struct scan_pair *struct_parents, *annot_keys, *annot_pages;
	size_t n_struct_parents, cap_struct_parents, n_annot_keys, cap_annot_keys, n_annot_pages,
		cap_annot_pages;
	int catalog;
	char *catalog_text;
	size_t catalog_len;
	struct cairo_scan_result result;
};

static void fail(struct cairo_scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct cairo_scan *s, const char *fmt, ...)
{
	if (s->state == SCAN_FAILED)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->failure, sizeof s->failure, fmt, ap);
	va_end(ap);
	s->state = SCAN_FAILED;
}

struct cairo_scan *cairo_scan_new(struct pdf_out *out)
{
	struct cairo_scan *s = xcalloc(1, sizeof *s);
	s->out = out;
	s->parser = pdf_parser_new();
	s->arena = arena_new();
	return s;
}

void cairo_scan_free(struct cairo_scan *s)
{
	if (!s)
		return;
	pdf_parser_free(s->parser);
	arena_free(s->arena);
	buf_free(&s->pending);
	buf_free(&s->spill);
	buf_free(&s->hold);
	buf_free(&s->trailer);
	free(s->offsets);
	free(s->node_of);
	free(s->nodes);
	free(s->kids);
	free(s);
}

/* Makes the tables by object number hold num. */
static bool note_number(struct cairo_scan *s, int num)
{
	if (num <= 0 || num >= MAX_NUMBER) {
		fail(s, "object number %d", num);
		return false;
	}
	if (num >= s->cap_numbers) {
		int cap = s->cap_numbers ? s->cap_numbers : 1024;
		while (cap <= num)
			cap *= 2;
		s->offsets = xrealloc(s->offsets, (size_t)cap * sizeof *s->offsets);
		s->node_of = xrealloc(s->node_of, (size_t)cap * sizeof *s->node_of);
		memset(s->offsets + s->cap_numbers, 0, (size_t)(cap - s->cap_numbers) * sizeof *s->offsets);
		memset(s->node_of + s->cap_numbers, 0xff, (size_t)(cap - s->cap_numbers) * sizeof *s->node_of);
		s->cap_numbers = cap;
	}
	if (num > s->max_number)
		s->max_number = num;
	return true;
}

static void add_pair(struct cairo_scan *s, struct scan_pair **list, size_t *n, size_t *cap, int obj,
		     int value)
{
	ARENA_GROW(s->arena, *list, *n, *cap);
	(*list)[(*n)++] = (struct scan_pair){ obj, value };
}

/* Passes bytes on. */
static void pass(struct cairo_scan *s, const char *data, size_t n)
{
	if (n && pdf_out_write(s->out, data, n) != 0)
		fail(s, "the output cannot be written");
}

/* Object num is passed on from here. */
static bool start_object(struct cairo_scan *s, int num)
{
	if (s->offsets[num] || s->node_of[num] >= 0) {
		fail(s, "object %d written twice", num);
		return false;
	}
	s->offsets[num] = pdf_out_offset(s->out);
	return true;
}

static int ref_or_zero(const struct pdf_value *v)
{
	return v && v->type == PDF_REF ? (int)v->i : 0;
}

static int small_int(const struct pdf_value *v)
{
	return v && v->type == PDF_INT && v->i >= 0 && v->i < 0x7fffffff ? (int)v->i : -1;
}

/* ---- what is kept of each kind of object ---- */

/* One copy of each structure type: there are a few dozen at most. */
static const char *intern_role(struct cairo_scan *s, const char *text, size_t len)
{
	for (size_t i = 0; i < s->n_roles; i++)
		if (strlen(s->roles[i]) == len && memcmp(s->roles[i], text, len) == 0)
			return s->roles[i];
	ARENA_GROW(s->arena, s->roles, s->n_roles, s->cap_roles);
	return s->roles[s->n_roles++] = arena_strndup(s->arena, text, len);
}

static void read_node(struct cairo_scan *s, const struct pdf_object *o)
{
	const struct pdf_value *role = pdf_dict_get(o, o->value, "S");
	const struct pdf_value *k = pdf_dict_get(o, o->value, "K");
	if (!role || role->type != PDF_NAME) {
		fail(s, "structure element %d has no /S", o->num);
		return;
	}
	if (s->n_nodes == s->cap_nodes) {
		s->cap_nodes = s->cap_nodes ? s->cap_nodes * 2 : 256;
		s->nodes = xrealloc(s->nodes, s->cap_nodes * sizeof *s->nodes);
	}
	struct scan_node *node = &s->nodes[s->n_nodes];
	node->role = intern_role(s, role->text, role->len);
	node->page = ref_or_zero(pdf_dict_get(o, o->value, "Pg"));
	node->first_kid = s->n_kids;
	int n = !k ? 0 : k->type == PDF_ARRAY ? k->n : 1;
	for (int i = 0; i < n; i++) {
		const struct pdf_value *item = k->type == PDF_ARRAY ? pdf_array_item(o, k, i) : k;
		struct scan_kid kid = { SCAN_MCID, 0, 0 };
		if (item->type == PDF_INT && item->i >= 0 && item->i < 0x7fffffff) {
			kid.value = (int)item->i;
		} else if (item->type == PDF_REF) {
			kid = (struct scan_kid){ SCAN_CHILD, (int)item->i, 0 };
		} else if (item->type == PDF_DICT && small_int(pdf_dict_get(o, item, "MCID")) >= 0) {
			kid.value = small_int(pdf_dict_get(o, item, "MCID"));
			kid.page = ref_or_zero(pdf_dict_get(o, item, "Pg"));
		} else if (item->type == PDF_DICT && pdf_is_name(pdf_dict_get(o, item, "Type"), "OBJR") &&
			   ref_or_zero(pdf_dict_get(o, item, "Obj"))) {
			kid = (struct scan_kid){ SCAN_ANNOT, ref_or_zero(pdf_dict_get(o, item, "Obj")), 0 };
		} else {
			fail(s, "an item of structure element %d's /K", o->num);
			return;
		}
		if (s->n_kids == s->cap_kids) {
			s->cap_kids = s->cap_kids ? s->cap_kids * 2 : 512;
			s->kids = xrealloc(s->kids, s->cap_kids * sizeof *s->kids);
		}
		s->kids[s->n_kids++] = kid;
	}
	node->n_kids = n;
	s->node_of[o->num] = (int)s->n_nodes++;
}

static void read_tree_root(struct cairo_scan *s, const struct pdf_object *o)
{
	const struct pdf_value *k = pdf_dict_get(o, o->value, "K");
	int n = !k ? 0 : k->type == PDF_ARRAY ? k->n : 1;
	if (s->tree_seen) {
		fail(s, "two StructTreeRoots");
		return;
	}
	s->tree_seen = true;
	s->tops = arena_alloc(s->arena, ((size_t)n + 1) * sizeof *s->tops);
	for (int i = 0; i < n; i++) {
		int top = ref_or_zero(k->type == PDF_ARRAY ? pdf_array_item(o, k, i) : k);
		if (!top) {
			fail(s, "the StructTreeRoot's /K");
			return;
		}
		s->tops[s->n_tops++] = top;
	}
	s->tree_parent_tree = ref_or_zero(pdf_dict_get(o, o->value, "ParentTree"));
}

static int compare_ints(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

/* "<< /Nums [ key ref … ] >>" before the StructTreeRoot: Cairo's parent tree (page
 * labels have dictionaries for values, and may have none at all). */
static bool is_parent_tree(struct cairo_scan *s, const struct pdf_object *o)
{
	const struct pdf_value *nums = pdf_dict_get(o, o->value, "Nums");
	if (s->tree_seen || o->value->n != 1 || !nums || nums->type != PDF_ARRAY || nums->n == 0 ||
	    nums->n % 2)
		return false;
	for (int i = 0; i < nums->n; i += 2)
		if (pdf_array_item(o, nums, i)->type != PDF_INT || pdf_array_item(o, nums, i + 1)->type != PDF_REF)
			return false;
	if (s->parent_tree) {
		fail(s, "two parent trees");
		return true;
	}
	s->parent_tree = o->num;
	s->n_parent_tree_values = (size_t)nums->n / 2;
	s->parent_tree_values = arena_alloc(s->arena, (s->n_parent_tree_values + 1) * sizeof(int));
	for (int i = 1; i < nums->n; i += 2)
		s->parent_tree_values[i / 2] = (int)pdf_array_item(o, nums, i)->i;
	if (s->n_parent_tree_values > 1)
		qsort(s->parent_tree_values, s->n_parent_tree_values, sizeof(int), compare_ints);
	return true;
}

/* An array of references alone: a page's marked content, by id (the parent tree
 * must name it, which is checked at the end). */
static bool is_marked_content_list(struct cairo_scan *s, const struct pdf_object *o)
{
	if (o->value->type != PDF_ARRAY)
		return false;
	for (int i = 0; i < o->value->n; i++)
		if (pdf_array_item(o, o->value, i)->type != PDF_REF)
			return false;
	ARENA_GROW(s->arena, s->dropped_lists, s->n_dropped_lists, s->cap_dropped_lists);
	s->dropped_lists[s->n_dropped_lists++] = o->num;
	return true;
}

/* A page: noted, and passed on, with /Tabs /S when it has annotations. */
static void read_page(struct cairo_scan *s, const struct pdf_object *o, const char *text, size_t len)
{
	int sp = small_int(pdf_dict_get(o, o->value, "StructParents"));
	if (sp >= 0)
		add_pair(s, &s->struct_parents, &s->n_struct_parents, &s->cap_struct_parents, o->num, sp);
	const struct pdf_value *annots = pdf_dict_get(o, o->value, "Annots");
	if (annots && annots->type != PDF_ARRAY) {
		fail(s, "page %d's /Annots", o->num);
		return;
	}
	for (int i = 0; annots && i < annots->n; i++) {
		int a = ref_or_zero(pdf_array_item(o, annots, i));
		if (!a) {
			fail(s, "page %d's /Annots", o->num);
			return;
		}
		add_pair(s, &s->annot_pages, &s->n_annot_pages, &s->cap_annot_pages, a, o->num);
	}
	if (!start_object(s, o->num))
		return;
	if (!annots || annots->n == 0 || pdf_dict_get(o, o->value, "Tabs")) {
		pass(s, text, len);
		return;
	}
	/* Their tab order follows the structure. */
	const struct pdf_value *d = o->value;
	char head[32];
	int n = snprintf(head, sizeof head, "%d 0 obj\n", o->num);
	pass(s, head, (size_t)n);
	pass(s, d->text, d->len - 2);
	static const char tabs[] = "   /Tabs /S\n>>\nendobj\n";
	pass(s, tabs, sizeof tabs - 1);
}

/* Handles one object, its text [0, len) ("N 0 obj" to "endobj" or "stream"): passed
 * on, or dropped and noted. */
static void handle_object(struct cairo_scan *s, const struct pdf_indirect *ind, const char *text,
			  size_t len)
{
	const struct pdf_object *o = &ind->object;
	const struct pdf_value *v = o->value;
	if (!note_number(s, o->num))
		return;
	const struct pdf_value *type = v->type == PDF_DICT ? pdf_dict_get(o, v, "Type") : NULL;
	if (!ind->stream && pdf_is_name(type, "StructElem")) {
		if (s->offsets[o->num] || s->node_of[o->num] >= 0)
			fail(s, "object %d written twice", o->num);
		else
			read_node(s, o);
		return;
	}
	if (!ind->stream && pdf_is_name(type, "StructTreeRoot")) {
		read_tree_root(s, o);
		return;
	}
	if (!ind->stream && pdf_is_name(type, "Catalog")) {
		if (s->catalog)
			fail(s, "two catalogs");
		s->catalog = o->num;
		s->catalog_text = arena_strndup(s->arena, v->text, v->len);
		s->catalog_len = v->len;
		return;
	}
	if (!ind->stream && pdf_is_name(type, "Page")) {
		read_page(s, o, text, len);
		return;
	}
	if (!ind->stream && !type && (is_parent_tree(s, o) || is_marked_content_list(s, o)))
		return;
	if (pdf_is_name(type, "Pages")) {
		const struct pdf_value *kids = pdf_dict_get(o, v, "Kids");
		if (s->pages || !kids || kids->type != PDF_ARRAY) {
			fail(s, "the page tree");
			return;
		}
		s->pages = arena_alloc(s->arena, ((size_t)kids->n + 1) * sizeof *s->pages);
		for (int i = 0; i < kids->n; i++)
			if (!(s->pages[s->n_pages++] = ref_or_zero(pdf_array_item(o, kids, i))))
				fail(s, "the page tree");
	} else if (pdf_is_name(type, "Annot")) {
		int key = small_int(pdf_dict_get(o, v, "StructParent"));
		if (key >= 0)
			add_pair(s, &s->annot_keys, &s->n_annot_keys, &s->cap_annot_keys, o->num, key);
	} else if (v->type == PDF_INT) {
		/* A stream's length, written after it. */
		for (size_t i = s->n_lengths; i-- > 0;)
			if (s->lengths[i].obj == o->num) {
				if (s->lengths[i].length != (uint64_t)v->i)
					fail(s, "stream length %d is not where its data ends", o->num);
				s->lengths[i].checked = true;
			}
	}
	if (!start_object(s, o->num))
		return;
	pass(s, text, len);
	if (!ind->stream)
		return;
	/* Its data follows. */
	const struct pdf_value *length = pdf_dict_get(o, v, "Length");
	s->data_start = pdf_out_offset(s->out);
	if (length && length->type == PDF_INT && length->i >= 0) {
		s->left = (uint64_t)length->i;
		s->state = s->left ? SCAN_STREAM : SCAN_STREAM_END;
	} else if (length && length->type == PDF_REF) {
		s->length_obj = (int)length->i;
		s->state = SCAN_SEARCH;
	} else {
		fail(s, "stream %d has no /Length", o->num);
	}
}

/* ---- the bytes ---- */

/* Handles what is pending as far as it goes. */
static void process_pending(struct cairo_scan *s)
{
	while (s->state == SCAN_TOP || s->state == SCAN_STREAM_END) {
		size_t used = 0;
		if (s->state == SCAN_STREAM_END) {
			enum pdf_parse r = pdf_parse_stream_end(s->pending.data, s->pending.len, &used);
			if (r == PDF_PARSE_MORE)
				return;
			if (r == PDF_PARSE_BAD) {
				fail(s, "a stream does not end where it should");
				return;
			}
			pass(s, s->pending.data, used);
			s->state = SCAN_TOP;
		} else {
			/* Only when an object may have ended (its "endobj" or "stream" came) or
			 * the xref table begun. */
			size_t from = s->searched > TRIGGER ? s->searched - TRIGGER : 0;
			const char *p = s->pending.data + from;
			size_t n = s->pending.len - from;
			if (!memmem(p, n, "obj", 3) && !memmem(p, n, "stream", 6) && !memmem(p, n, "xref", 4)) {
				s->searched = s->pending.len;
				return;
			}
			struct pdf_indirect ind;
			enum pdf_parse r = pdf_parse_indirect(s->parser, s->pending.data, s->pending.len, &ind);
			if (r == PDF_PARSE_MORE) {
				s->searched = s->pending.len;
				if (s->pending.len > MAX_OBJECT)
					fail(s, "an object is too large");
				return;
			}
			if (r == PDF_PARSE_BAD) {
				fail(s, "an object cannot be read");
				return;
			}
			pass(s, s->pending.data, ind.start); /* the header's comments, white space */
			if (ind.xref) {
				used = ind.start;
				s->state = SCAN_TAIL;
			} else {
				handle_object(s, &ind, s->pending.data + ind.start, ind.end - ind.start);
				used = ind.end;
			}
		}
		memmove(s->pending.data, s->pending.data + used, s->pending.len - used);
		s->pending.len -= used;
		s->searched = 0;
		if (s->state != SCAN_TOP && s->state != SCAN_STREAM_END)
			return;
	}
}

/* Cairo's xref table and trailer: only the trailer is kept. */
static void feed_tail(struct cairo_scan *s, const char *data, size_t n)
{
	if (s->in_trailer) {
		buf_add(&s->trailer, data, n);
		if (s->trailer.len > MAX_OBJECT)
			fail(s, "the trailer is too large");
		return;
	}
	char joint[2 * sizeof s->tail_seen];
	size_t k = n < sizeof s->tail_seen ? n : sizeof s->tail_seen;
	memcpy(joint, s->tail_seen, s->n_tail_seen);
	memcpy(joint + s->n_tail_seen, data, k);
	const char *hit = memmem(joint, s->n_tail_seen + k, "trailer", 7);
	if (hit) {
		s->in_trailer = true;
		buf_add(&s->trailer, hit + 7, (size_t)(joint + s->n_tail_seen + k - hit - 7));
		if (n > k)
			buf_add(&s->trailer, data + k, n - k);
		return;
	}
	hit = memmem(data, n, "trailer", 7);
	if (hit) {
		s->in_trailer = true;
		buf_add(&s->trailer, hit + 7, (size_t)(data + n - hit - 7));
		return;
	}
	/* Keep the last bytes, for a "trailer" that the next chunk ends. */
	if (n >= sizeof s->tail_seen) {
		memcpy(s->tail_seen, data + n - sizeof s->tail_seen, sizeof s->tail_seen);
		s->n_tail_seen = sizeof s->tail_seen;
	} else {
		size_t keep = s->n_tail_seen + n > sizeof s->tail_seen ? sizeof s->tail_seen - n : s->n_tail_seen;
		memmove(s->tail_seen, s->tail_seen + s->n_tail_seen - keep, keep);
		memcpy(s->tail_seen + keep, data, n);
		s->n_tail_seen = keep + n;
	}
}

static void found_length(struct cairo_scan *s, uint64_t length)
{
	ARENA_GROW(s->arena, s->lengths, s->n_lengths, s->cap_lengths);
	s->lengths[s->n_lengths++] = (struct found_length){ s->length_obj, length, false };
}

int cairo_scan_feed(struct cairo_scan *s, const void *bytes, size_t n)
{
	const char *data = bytes;
	while (n > 0 && s->state != SCAN_FAILED) {
		switch (s->state) {
		case SCAN_STREAM: {
			size_t k = s->left < n ? (size_t)s->left : n;
			pass(s, data, k);
			s->left -= k;
			data += k;
			n -= k;
			if (s->left == 0)
				s->state = SCAN_STREAM_END;
			continue;
		}
		case SCAN_SEARCH: {
			buf_add(&s->hold, data, n);
			n = 0;
			const char *hit = memmem(s->hold.data, s->hold.len, "endstream", 9);
			if (!hit) {
				if (s->hold.len > HOLD) {
					size_t k = s->hold.len - HOLD;
					pass(s, s->hold.data, k);
					memmove(s->hold.data, s->hold.data + k, HOLD);
					s->hold.len = HOLD;
				}
				continue;
			}
			size_t at = (size_t)(hit - s->hold.data);
			pass(s, s->hold.data, at);
			/* The data ends at the "\n" Cairo writes before "endstream" (a "\r"
			 * before that is data). */
			uint64_t eol = at > 0 && hit[-1] == '\n' ? 1 : 0;
			found_length(s, pdf_out_offset(s->out) - eol - s->data_start);
			s->state = SCAN_STREAM_END;
			buf_add(&s->pending, hit, s->hold.len - at);
			s->hold.len = 0;
			process_pending(s);
			break;
		}
		case SCAN_TOP:
		case SCAN_STREAM_END:
			buf_add(&s->pending, data, n);
			n = 0;
			process_pending(s);
			break;
		case SCAN_TAIL:
			feed_tail(s, data, n);
			n = 0;
			continue;
		case SCAN_FAILED:
			continue;
		}
		/* What is pending after an object that starts a stream (or the xref table)
		 * is fed again: it is data. The spill's old bytes are all used by now. */
		if (s->state != SCAN_TOP && s->state != SCAN_STREAM_END && s->pending.len) {
			struct buf t = s->spill;
			s->spill = s->pending;
			s->pending = t;
			s->pending.len = 0;
			data = s->spill.data;
			n = s->spill.len;
		}
	}
	return s->state == SCAN_FAILED ? -1 : 0;
}

/* ---- the end ---- */

static int by_obj(const void *a, const void *b)
{
	const struct scan_pair *x = a, *y = b;
	return (x->obj > y->obj) - (x->obj < y->obj);
}

static void read_trailer(struct cairo_scan *s)
{
	struct pdf_object t;
	if (!s->in_trailer || pdf_parse_value(s->parser, s->trailer.data, s->trailer.len, &t) != PDF_PARSE_OK ||
	    t.value->type != PDF_DICT) {
		fail(s, "no trailer");
		return;
	}
	int size = small_int(pdf_dict_get(&t, t.value, "Size"));
	s->result.root = ref_or_zero(pdf_dict_get(&t, t.value, "Root"));
	s->result.info = ref_or_zero(pdf_dict_get(&t, t.value, "Info"));
	if (size <= s->max_number || size > MAX_NUMBER || !s->result.root || s->result.root != s->catalog ||
	    pdf_dict_get(&t, t.value, "Prev") || pdf_dict_get(&t, t.value, "Encrypt") ||
	    (s->result.info && s->result.info >= size))
		fail(s, "the trailer");
	s->result.size = size;
}

/* Everything dropped was Cairo's structure: each marked-content list is in the
 * parent tree the StructTreeRoot names; each length looked for was checked. */
static void check(struct cairo_scan *s)
{
	if (s->parent_tree && s->parent_tree != s->tree_parent_tree)
		fail(s, "the parent tree dropped is not the StructTreeRoot's");
	if (s->tree_seen && s->tree_parent_tree && !s->parent_tree)
		fail(s, "the StructTreeRoot's parent tree was not seen");
	for (size_t i = 0; i < s->n_dropped_lists; i++)
		if (!s->n_parent_tree_values ||
		    !bsearch(&s->dropped_lists[i], s->parent_tree_values, s->n_parent_tree_values,
			     sizeof(int), compare_ints))
			fail(s, "array %d is not a page's marked content", s->dropped_lists[i]);
	for (size_t i = 0; i < s->n_lengths; i++)
		if (!s->lengths[i].checked)
			fail(s, "stream length %d never came", s->lengths[i].obj);
	if (s->n_nodes && !s->tree_seen)
		fail(s, "structure elements without a StructTreeRoot");
}

int cairo_scan_finish(struct cairo_scan *s, struct diag_sink *sink, const char *source_name,
		      const struct cairo_scan_result **result)
{
	*result = NULL;
	if (s->state != SCAN_TAIL && s->state != SCAN_FAILED)
		fail(s, "it ends before its xref table");
	if (s->state != SCAN_FAILED)
		read_trailer(s);
	if (s->state != SCAN_FAILED)
		check(s);
	if (s->state == SCAN_FAILED) {
		diag(sink, DIAG_ERROR, source_name, 0, 0,
		     "tagging the PDF failed: Cairo's output is not as expected (%s)", s->failure);
		return -1;
	}
	note_number(s, s->result.size);
	if (s->n_struct_parents > 1)
		qsort(s->struct_parents, s->n_struct_parents, sizeof *s->struct_parents, by_obj);
	if (s->n_annot_keys > 1)
		qsort(s->annot_keys, s->n_annot_keys, sizeof *s->annot_keys, by_obj);
	if (s->n_annot_pages > 1)
		qsort(s->annot_pages, s->n_annot_pages, sizeof *s->annot_pages, by_obj);
	struct cairo_scan_result *r = &s->result;
	r->offsets = s->offsets;
	r->catalog = s->catalog_text;
	r->catalog_len = s->catalog_len;
	r->node_of = s->node_of;
	r->nodes = s->nodes;
	r->kids = s->kids;
	r->tops = s->tops;
	r->n_tops = s->n_tops;
	r->pages = s->pages;
	r->n_pages = s->n_pages;
	r->struct_parents = s->struct_parents;
	r->n_struct_parents = s->n_struct_parents;
	r->annot_keys = s->annot_keys;
	r->n_annot_keys = s->n_annot_keys;
	r->annot_pages = s->annot_pages;
	r->n_annot_pages = s->n_annot_pages;
	*result = r;
	return 0;
}
