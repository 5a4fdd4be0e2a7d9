/* Copies a PDF's first page into our writer as a Form XObject, with every object its
 * resources reach, after checking all of it. */
#include "pdf/pdfimport.h"
#include "pdf/pdfread.h"
#include "pdf/writer.h"
#include "base/alloc.h"
#include "base/buf.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
	MAX_TREE_DEPTH = 32,     /* page tree nodes inside each other */
	MAX_TREE_VISITS = 10000, /* page tree nodes looked at in search of the first page */
};

/* What becomes of a source object, before it has a new number (map values above 0). */
enum {
	COPY_UNSEEN = 0,  /* not met yet */
	COPY_NULL = -1,   /* absent, free, or not to be copied: references become null */
	COPY_LISTED = -2, /* to be copied; its number comes when writing starts */
};

/* One import. */
struct import {
	struct pdf_reader *r; /* the picture's PDF */
	int *map;             /* by source object number: COPY_* or the number in our file */
	int *list;            /* source numbers to copy, in the order met */
	size_t n_list;        /* entries of list */
	int size;             /* source object numbers are below this */
	unsigned char *seen;  /* by source object number: a page tree node met already */
};

/* A page tree node on the way down to the first page. */
struct tree_frame {
	const struct pdf_obj *kids;      /* the node's /Kids */
	size_t next;                     /* the kid to look at next */
	const struct pdf_obj *resources; /* inherited /Resources so far (NULL: none) */
	const struct pdf_obj *mediabox;  /* inherited /MediaBox so far (NULL: none) */
};

/* Keys whose values are not copied: links to the picture's document structure. */
static bool left_out(const char *key, bool in_stream)
{
	static const char *const keys[] = {
		"Parent", "Annots", "StructParents", "StructParent", "Metadata",
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return in_stream && strcmp(key, "Length") == 0;
}

/* Objects that make a document, not a picture: never copied. */
static bool is_document_object(const struct pdf_obj *o)
{
	const struct pdf_obj *type = pdf_dict_get(o, "Type");
	return pdf_is_name(type, "Page") || pdf_is_name(type, "Pages") ||
	       pdf_is_name(type, "Catalog");
}

/* Notes the object a reference names: to be copied, or to become null. */
static int collect_ref(struct import *imp, const struct pdf_obj *ref, const char **why)
{
	int num = ref->u.ref.num;
	if (num < 0 || num >= imp->size || imp->map[num] != COPY_UNSEEN)
		return 0;
	const struct pdf_obj *target = pdf_resolve(imp->r, ref, why);
	if (!target)
		return -1;
	if (target->kind == PDF_NULL || is_document_object(target)) {
		imp->map[num] = COPY_NULL;
		return 0;
	}
	imp->map[num] = COPY_LISTED;
	imp->list[imp->n_list++] = num;
	return 0;
}

/* Notes every reference in a value (its depth is bounded by the parser's). */
static int collect_value(struct import *imp, const struct pdf_obj *v, const char **why)
{
	switch (v->kind) {
	case PDF_REF:
		return collect_ref(imp, v, why);
	case PDF_ARRAY:
		for (size_t i = 0; i < v->u.array.count; i++)
			if (collect_value(imp, &v->u.array.items[i], why) < 0)
				return -1;
		return 0;
	case PDF_DICT:
	case PDF_STREAM:
		for (size_t i = 0; i < v->u.dict.count; i++) {
			const struct pdf_entry *e = &v->u.dict.entries[i];
			if (!left_out(e->key, v->kind == PDF_STREAM) &&
			    collect_value(imp, &e->value, why) < 0)
				return -1;
		}
		return 0;
	default:
		return 0;
	}
}

static void write_value(const struct import *imp, struct buf *b, const struct pdf_obj *v);

/* A dictionary's entries, without << >>, less those left out. */
static void write_entries(const struct import *imp, struct buf *b, const struct pdf_obj *d)
{
	bool first = true;
	for (size_t i = 0; i < d->u.dict.count; i++) {
		const struct pdf_entry *e = &d->u.dict.entries[i];
		if (left_out(e->key, d->kind == PDF_STREAM))
			continue;
		if (!first)
			buf_putc(b, ' ');
		first = false;
		pdf_put_name(b, e->key);
		buf_putc(b, ' ');
		write_value(imp, b, &e->value);
	}
}

/* A value in PDF syntax, references renumbered (its depth is bounded by the parser's). */
static void write_value(const struct import *imp, struct buf *b, const struct pdf_obj *v)
{
	switch (v->kind) {
	case PDF_NULL:
		buf_puts(b, "null");
		break;
	case PDF_BOOL:
		buf_puts(b, v->u.boolean ? "true" : "false");
		break;
	case PDF_INT:
		buf_printf(b, "%" PRId64, v->u.integer);
		break;
	case PDF_REAL:
		buf_add(b, v->u.real.text, v->u.real.len);
		break;
	case PDF_NAME:
		pdf_put_name(b, v->u.text.bytes);
		break;
	case PDF_STRING:
		pdf_put_bytes(b, v->u.text.bytes, v->u.text.len);
		break;
	case PDF_ARRAY:
		buf_putc(b, '[');
		for (size_t i = 0; i < v->u.array.count; i++) {
			if (i)
				buf_putc(b, ' ');
			write_value(imp, b, &v->u.array.items[i]);
		}
		buf_putc(b, ']');
		break;
	case PDF_DICT:
	case PDF_STREAM: /* never met: streams are only indirect objects */
		buf_puts(b, "<<");
		write_entries(imp, b, v);
		buf_puts(b, ">>");
		break;
	case PDF_REF: {
		int num = v->u.ref.num;
		if (num >= 0 && num < imp->size && imp->map[num] > 0)
			buf_printf(b, "%d 0 R", imp->map[num]);
		else
			buf_puts(b, "null");
		break;
	}
	}
}

/* The first page of the page tree (depth first), with its inherited /Resources and
 * /MediaBox as written (NULL when none). */
static int find_first_page(struct import *imp, const struct pdf_obj **page,
			   const struct pdf_obj **resources, const struct pdf_obj **mediabox,
			   const char **why)
{
	static const char *const no_tree = PDF_READ_WHY("it has no catalog or page tree");
	const struct pdf_obj *root = pdf_dict_get(pdf_reader_trailer(imp->r), "Root");
	if (!root) {
		*why = no_tree;
		return -1;
	}
	root = pdf_resolve(imp->r, root, why);
	if (!root)
		return -1;
	const struct pdf_obj *node = pdf_dict_get(root, "Pages");
	if (!node) {
		*why = no_tree;
		return -1;
	}
	node = pdf_resolve(imp->r, node, why);
	if (!node)
		return -1;
	if (root->kind != PDF_DICT || node->kind != PDF_DICT) {
		*why = no_tree;
		return -1;
	}
	struct tree_frame stack[MAX_TREE_DEPTH];
	int depth = 0;
	const struct pdf_obj *res = NULL, *box = NULL;
	for (int visits = 0;; visits++) {
		if (visits == MAX_TREE_VISITS) {
			*why = PDF_READ_WHY("its page tree is too large");
			return -1;
		}
		if (node) { /* a node to look at, inheriting res and box */
			if (node->kind != PDF_DICT) {
				*why = PDF_READ_WHY("a page tree node is not a dictionary");
				return -1;
			}
			const struct pdf_obj *v = pdf_dict_get(node, "Resources");
			if (v)
				res = v;
			v = pdf_dict_get(node, "MediaBox");
			if (v)
				box = v;
			const struct pdf_obj *kids = pdf_dict_get(node, "Kids");
			if (pdf_is_name(pdf_dict_get(node, "Type"), "Page") || !kids) {
				*page = node;
				*resources = res;
				*mediabox = box;
				return 0;
			}
			kids = pdf_resolve(imp->r, kids, why);
			if (!kids)
				return -1;
			if (kids->kind != PDF_ARRAY) {
				*why = PDF_READ_WHY("a page tree node's /Kids is not an array");
				return -1;
			}
			if (depth == MAX_TREE_DEPTH) {
				*why = PDF_READ_WHY("its page tree is too deep");
				return -1;
			}
			stack[depth++] = (struct tree_frame){ kids, 0, res, box };
			node = NULL;
			continue;
		}
		/* The next kid of the innermost node, or back up. */
		if (depth == 0) {
			*why = PDF_READ_WHY("it has no page");
			return -1;
		}
		struct tree_frame *f = &stack[depth - 1];
		if (f->next == f->kids->u.array.count) {
			depth--;
			continue;
		}
		const struct pdf_obj *kid = &f->kids->u.array.items[f->next++];
		if (kid->kind == PDF_REF && kid->u.ref.num >= 0 && kid->u.ref.num < imp->size) {
			/* A tree: each node once (else a few nodes could be met millions of
			 * times). */
			if (imp->seen[kid->u.ref.num]) {
				*why = PDF_READ_WHY("its page tree holds a node twice or goes round");
				return -1;
			}
			imp->seen[kid->u.ref.num] = 1;
		}
		node = pdf_resolve(imp->r, kid, why);
		if (!node)
			return -1;
		res = f->resources;
		box = f->mediabox;
	}
}

/* The page's box: four numbers, maybe references. */
static int read_box(struct import *imp, const struct pdf_obj *box, double v[4], const char **why)
{
	if (!box)
		goto malformed;
	box = pdf_resolve(imp->r, box, why);
	if (!box)
		return -1;
	if (box->kind != PDF_ARRAY || box->u.array.count != 4)
		goto malformed;
	for (int i = 0; i < 4; i++) {
		const struct pdf_obj *n = pdf_resolve(imp->r, &box->u.array.items[i], why);
		if (!n)
			return -1;
		if (!pdf_number(n, &v[i]) || !isfinite(v[i]) || fabs(v[i]) > 1e9)
			goto malformed;
	}
	double x0 = fmin(v[0], v[2]), x1 = fmax(v[0], v[2]);
	double y0 = fmin(v[1], v[3]), y1 = fmax(v[1], v[3]);
	if (!(x1 > x0) || !(y1 > y0))
		goto malformed;
	v[0] = x0, v[1] = y0, v[2] = x1, v[3] = y1;
	return 0;
malformed:
	*why = PDF_READ_WHY("the page's /MediaBox is missing or malformed");
	return -1;
}

/* The page's content streams, decoded and joined with newlines, in *content. */
static int read_contents(struct import *imp, const struct pdf_obj *page, struct buf *content,
			 const char **why)
{
	const struct pdf_obj *contents = pdf_dict_get(page, "Contents");
	if (!contents)
		return 0;
	contents = pdf_resolve(imp->r, contents, why);
	if (!contents)
		return -1;
	const struct pdf_obj *list = contents;
	size_t count = 1;
	if (contents->kind == PDF_ARRAY) {
		list = contents->u.array.items;
		count = contents->u.array.count;
	} else if (contents->kind == PDF_NULL) {
		return 0;
	}
	for (size_t i = 0; i < count; i++) {
		const struct pdf_obj *s = pdf_resolve(imp->r, &list[i], why);
		if (!s)
			return -1;
		if (s->kind == PDF_NULL)
			continue;
		unsigned char *data;
		size_t len;
		if (s->kind != PDF_STREAM) {
			*why = PDF_READ_WHY("the page's /Contents is not made of streams");
			return -1;
		}
		if (pdf_stream_decode(imp->r, s, &data, &len, why) < 0)
			return -1;
		if (content->len)
			buf_putc(content, '\n');
		buf_add(content, (const char *)data, len);
		free(data);
	}
	return 0;
}

/* Writes the form and the objects listed, once everything has been read. */
static void write_import(struct import *imp, struct pdf_writer *w, const double box[4],
			 const struct pdf_obj *resources, const struct pdf_obj *group,
			 const struct buf *content, int *form)
{
	*form = pdfw_reserve(w);
	for (size_t i = 0; i < imp->n_list; i++)
		imp->map[imp->list[i]] = pdfw_reserve(w);
	struct buf d = { 0 };
	buf_puts(&d, "/Type /XObject /Subtype /Form /BBox [");
	for (int i = 0; i < 4; i++) {
		if (i)
			buf_putc(&d, ' ');
		pdf_put_num(&d, box[i], 6);
	}
	buf_puts(&d, "] /Resources ");
	if (resources)
		write_value(imp, &d, resources);
	else
		buf_puts(&d, "<<>>");
	if (group) {
		buf_puts(&d, " /Group ");
		write_value(imp, &d, group);
	}
	pdfw_stream(w, *form, d.data, content->data ? content->data : "", content->len,
		    PDFW_DEFLATE);
	for (size_t i = 0; i < imp->n_list; i++) {
		int num = imp->map[imp->list[i]];
		const char *ignored = NULL;
		/* Read already: the reader hands back the same value. */
		const struct pdf_obj *v = pdf_reader_object(imp->r, imp->list[i], &ignored);
		if (v && v->kind == PDF_STREAM) {
			d.len = 0;
			write_entries(imp, &d, v);
			pdfw_stream(w, num, d.data, v->u.dict.data, v->u.dict.len, PDFW_AS_IS);
		} else {
			struct buf *b = pdfw_object(w, num);
			if (v)
				write_value(imp, b, v);
			else
				buf_puts(b, "null");
			pdfw_end(w);
		}
	}
	buf_free(&d);
}

int pdf_import_page(struct pdf_writer *w, const unsigned char *pdf, size_t len,
		    struct pdf_import_result *out, const char **why)
{
	struct import imp = { 0 };
	struct buf content = { 0 };
	int rc = -1;
	*why = NULL;
	if (pdf_reader_open(pdf, len, &imp.r, why) < 0)
		return -1;
	imp.size = pdf_reader_size(imp.r);
	imp.map = xcalloc((size_t)imp.size, sizeof *imp.map);
	imp.list = xmalloc((size_t)imp.size * sizeof *imp.list);
	imp.seen = xcalloc((size_t)imp.size, 1);
	const struct pdf_obj *page, *resources, *box_obj, *group;
	double box[4];
	if (find_first_page(&imp, &page, &resources, &box_obj, why) < 0 ||
	    read_box(&imp, box_obj, box, why) < 0 || read_contents(&imp, page, &content, why) < 0)
		goto done;
	if (resources) {
		resources = pdf_resolve(imp.r, resources, why);
		if (!resources)
			goto done;
		if (resources->kind == PDF_NULL) {
			resources = NULL;
		} else if (resources->kind != PDF_DICT) {
			*why = PDF_READ_WHY("the page's /Resources is not a dictionary");
			goto done;
		}
	}
	group = pdf_dict_get(page, "Group");
	if (group) {
		group = pdf_resolve(imp.r, group, why);
		if (!group)
			goto done;
		if (group->kind == PDF_NULL) {
			group = NULL;
		} else if (group->kind != PDF_DICT) {
			*why = PDF_READ_WHY("the page's /Group is not a dictionary");
			goto done;
		}
	}
	if ((resources && collect_value(&imp, resources, why) < 0) ||
	    (group && collect_value(&imp, group, why) < 0))
		goto done;
	for (size_t i = 0; i < imp.n_list; i++) {
		const struct pdf_obj *v = pdf_reader_object(imp.r, imp.list[i], why);
		if (!v || collect_value(&imp, v, why) < 0)
			goto done;
	}
	write_import(&imp, w, box, resources, group, &content, &out->form);
	out->width = box[2] - box[0];
	out->height = box[3] - box[1];
	*why = NULL;
	rc = 0;
done:
	if (rc < 0 && !*why)
		*why = PDF_READ_WHY("it is malformed");
	buf_free(&content);
	free(imp.map);
	free(imp.list);
	free(imp.seen);
	pdf_reader_free(imp.r);
	return rc;
}
