/* Copies a PDF's pages into our writer as Form XObjects, with every object their
 * resources reach (once, however many pages share it), after checking all of it. */
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

/* A page tree node on the way down to a page. */
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
		"Interpolate", /* a hint that PDF/A forbids */
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

/* A walk through the page tree, depth first: the pages in order. */
struct page_walk {
	struct tree_frame stack[MAX_TREE_DEPTH];
	int depth;
	int visits;
	const struct pdf_obj *node;     /* the node to look at next, or NULL: the stack's next kid */
	const struct pdf_obj *res, *box; /* inherited by node */
};

static int walk_start(struct import *imp, struct page_walk *pw, const char **why)
{
	static const char *const no_tree = PDF_READ_WHY("it has no catalog or page tree");
	memset(pw, 0, sizeof *pw);
	const struct pdf_obj *root = pdf_dict_get(pdf_reader_trailer(imp->r), "Root");
	if (!root) {
		*why = no_tree;
		return -1;
	}
	root = pdf_resolve(imp->r, root, why);
	if (!root)
		return -1;
	const struct pdf_obj *node = root->kind == PDF_DICT ? pdf_dict_get(root, "Pages") : NULL;
	if (!node) {
		*why = no_tree;
		return -1;
	}
	node = pdf_resolve(imp->r, node, why);
	if (!node)
		return -1;
	if (node->kind != PDF_DICT) {
		*why = no_tree;
		return -1;
	}
	pw->node = node;
	return 0;
}

/* The next page of the walk, with its inherited /Resources and /MediaBox as written
 * (NULL when none). */
static int next_page(struct import *imp, struct page_walk *pw, const struct pdf_obj **page,
		     const struct pdf_obj **resources, const struct pdf_obj **mediabox,
		     const char **why)
{
	for (;; pw->visits++) {
		if (pw->visits == MAX_TREE_VISITS) {
			*why = PDF_READ_WHY("its page tree is too large");
			return -1;
		}
		const struct pdf_obj *node = pw->node;
		if (node) { /* a node to look at, inheriting res and box */
			pw->node = NULL;
			if (node->kind != PDF_DICT) {
				*why = PDF_READ_WHY("a page tree node is not a dictionary");
				return -1;
			}
			const struct pdf_obj *v = pdf_dict_get(node, "Resources");
			if (v)
				pw->res = v;
			v = pdf_dict_get(node, "MediaBox");
			if (v)
				pw->box = v;
			const struct pdf_obj *kids = pdf_dict_get(node, "Kids");
			if (pdf_is_name(pdf_dict_get(node, "Type"), "Page") || !kids) {
				*page = node;
				*resources = pw->res;
				*mediabox = pw->box;
				return 0;
			}
			kids = pdf_resolve(imp->r, kids, why);
			if (!kids)
				return -1;
			if (kids->kind != PDF_ARRAY) {
				*why = PDF_READ_WHY("a page tree node's /Kids is not an array");
				return -1;
			}
			if (pw->depth == MAX_TREE_DEPTH) {
				*why = PDF_READ_WHY("its page tree is too deep");
				return -1;
			}
			pw->stack[pw->depth++] = (struct tree_frame){ kids, 0, pw->res, pw->box };
			continue;
		}
		/* The next kid of the innermost node, or back up. */
		if (pw->depth == 0) {
			*why = PDF_READ_WHY("it has fewer pages than were drawn");
			return -1;
		}
		struct tree_frame *f = &pw->stack[pw->depth - 1];
		if (f->next == f->kids->u.array.count) {
			pw->depth--;
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
		pw->node = pdf_resolve(imp->r, kid, why);
		if (!pw->node)
			return -1;
		pw->res = f->resources;
		pw->box = f->mediabox;
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

/* One page read, to be written as a form. */
struct page_read {
	double box[4];                   /* its MediaBox, normalised */
	const struct pdf_obj *resources; /* resolved, or NULL */
	const struct pdf_obj *group;     /* resolved, or NULL */
	struct buf content;              /* its content streams, decoded and joined */
};

/* A value of the page that must be a dictionary when present: resolved, or NULL. */
static int page_dict(struct import *imp, const struct pdf_obj **v, const char *what,
		     const char **why)
{
	if (!*v)
		return 0;
	*v = pdf_resolve(imp->r, *v, why);
	if (!*v)
		return -1;
	if ((*v)->kind == PDF_NULL) {
		*v = NULL;
	} else if ((*v)->kind != PDF_DICT) {
		*why = what;
		return -1;
	}
	return 0;
}

/* Reads the next page and lists what it refers to. */
static int read_page(struct import *imp, struct page_walk *pw, struct page_read *pr,
		     const char **why)
{
	const struct pdf_obj *page, *box_obj;
	if (next_page(imp, pw, &page, &pr->resources, &box_obj, why) < 0 ||
	    read_box(imp, box_obj, pr->box, why) < 0 || read_contents(imp, page, &pr->content, why) < 0)
		return -1;
	pr->group = pdf_dict_get(page, "Group");
	if (page_dict(imp, &pr->resources, PDF_READ_WHY("the page's /Resources is not a dictionary"),
		      why) < 0 ||
	    page_dict(imp, &pr->group, PDF_READ_WHY("the page's /Group is not a dictionary"), why) < 0)
		return -1;
	if ((pr->resources && collect_value(imp, pr->resources, why) < 0) ||
	    (pr->group && collect_value(imp, pr->group, why) < 0))
		return -1;
	return 0;
}

static void write_form(const struct import *imp, struct pdf_writer *w, const struct page_read *pr,
		       int form)
{
	struct buf d = { 0 };
	buf_puts(&d, "/Type /XObject /Subtype /Form /BBox [");
	for (int i = 0; i < 4; i++) {
		if (i)
			buf_putc(&d, ' ');
		pdf_put_num(&d, pr->box[i], 6);
	}
	buf_puts(&d, "] /Resources ");
	if (pr->resources)
		write_value(imp, &d, pr->resources);
	else
		buf_puts(&d, "<<>>");
	if (pr->group) {
		buf_puts(&d, " /Group ");
		write_value(imp, &d, pr->group);
	}
	pdfw_stream(w, form, d.data, pr->content.data ? pr->content.data : "", pr->content.len,
		    PDFW_DEFLATE);
	buf_free(&d);
}

/* Writes the objects listed, once everything has been read. */
static void write_listed(struct import *imp, struct pdf_writer *w)
{
	struct buf d = { 0 };
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

int pdf_import_pages(struct pdf_writer *w, const unsigned char *pdf, size_t len, size_t n,
		     const int *forms, struct pdf_import_result *out, const char **why)
{
	struct import imp = { 0 };
	struct page_read *pages = xcalloc(n ? n : 1, sizeof *pages);
	int rc = -1;
	*why = NULL;
	if (pdf_reader_open(pdf, len, &imp.r, why) < 0) {
		free(pages);
		return -1;
	}
	imp.size = pdf_reader_size(imp.r);
	imp.map = xcalloc((size_t)imp.size, sizeof *imp.map);
	imp.list = xmalloc((size_t)imp.size * sizeof *imp.list);
	imp.seen = xcalloc((size_t)imp.size, 1);
	struct page_walk walk;
	if (walk_start(&imp, &walk, why) < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (read_page(&imp, &walk, &pages[i], why) < 0)
			goto done;
	for (size_t i = 0; i < imp.n_list; i++) {
		const struct pdf_obj *v = pdf_reader_object(imp.r, imp.list[i], why);
		if (!v || collect_value(&imp, v, why) < 0)
			goto done;
	}
	/* Everything is read and checked: the writing cannot fail. */
	for (size_t i = 0; i < n; i++)
		out[i].form = forms ? forms[i] : pdfw_reserve(w);
	for (size_t i = 0; i < imp.n_list; i++)
		imp.map[imp.list[i]] = pdfw_reserve(w);
	for (size_t i = 0; i < n; i++) {
		write_form(&imp, w, &pages[i], out[i].form);
		out[i].width = pages[i].box[2] - pages[i].box[0];
		out[i].height = pages[i].box[3] - pages[i].box[1];
	}
	write_listed(&imp, w);
	*why = NULL;
	rc = 0;
done:
	if (rc < 0 && !*why)
		*why = PDF_READ_WHY("it is malformed");
	for (size_t i = 0; i < n; i++)
		buf_free(&pages[i].content);
	free(pages);
	free(imp.map);
	free(imp.list);
	free(imp.seen);
	pdf_reader_free(imp.r);
	return rc;
}

int pdf_import_page(struct pdf_writer *w, const unsigned char *pdf, size_t len,
		    struct pdf_import_result *out, const char **why)
{
	return pdf_import_pages(w, pdf, len, 1, NULL, out, why);
}
