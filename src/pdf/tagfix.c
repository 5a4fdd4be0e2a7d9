/* The tagged-PDF pass: Cairo's per-page structure pieces, read back, merged into one
 * structure element per HTML element and appended as an incremental update. */
#include "pdf/tagfix.h"
#include "pdf/pdfout.h"
#include "pdf/structure.h"
#include "pdf/tagwrite.h"
#include "base/arena.h"
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

enum {
	MAX_MCID = 1 << 20,  /* marked-content ids of one page */
	MAX_DESCENT = 256,   /* structure elements above a page's first leaf */
};

static int failed(struct tag_fix *fx, const char *what)
{
	diag(fx->diag, DIAG_ERROR, fx->source_name, 0, 0,
	     "tagging the PDF failed: Cairo's output is not as expected (%s)", what);
	return -1;
}

static void kids_add(struct arena *a, struct tag_kids *k, enum tag_kid_type type, int page, int value)
{
	ARENA_GROW(a, k->items, k->n, k->cap);
	k->items[k->n++] = (struct tag_kid){ type, page, value };
}

/* ---- pages and their annotations ---- */

static int compare_ints(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* The index of the page that is object obj, or -1. */
static int page_index(const struct tag_fix *fx, int obj)
{
	const int *found = bsearch(&obj, fx->page_by_obj, (size_t)fx->n_pages, 2 * sizeof(int),
				   compare_ints);
	return found ? found[1] : -1;
}

struct tag_annot *tag_fix_annot(const struct tag_fix *fx, int obj)
{
	if (fx->n_annots == 0)
		return NULL;
	return bsearch(&obj, fx->annots, fx->n_annots, sizeof *fx->annots, compare_ints);
}

/* An annotation of page `page`: its /StructParent. */
static int read_annot(struct tag_fix *fx, int obj, int page)
{
	const struct pdf_object *o = pdf_reader_object(fx->r, obj);
	if (!o)
		return -1;
	const struct pdf_value *sp = pdf_dict_get(o, o->value, "StructParent");
	ARENA_GROW(fx->arena, fx->annots, fx->n_annots, fx->cap_annots);
	fx->annots[fx->n_annots++] = (struct tag_annot){
		obj, page, sp && sp->type == PDF_INT && sp->i >= 0 && sp->i < 0x7fffffff ? (int)sp->i : -1, -1
	};
	return 0;
}

/* Each page: its object, /StructParents and annotations. */
static int read_pages(struct tag_fix *fx, int pages_obj)
{
	const struct pdf_object *o = pdf_reader_object(fx->r, pages_obj);
	if (!o)
		return -1;
	const struct pdf_value *kids = pdf_dict_get(o, o->value, "Kids");
	if (!pdf_is_name(pdf_dict_get(o, o->value, "Type"), "Pages") || !kids || kids->type != PDF_ARRAY)
		return failed(fx, "the page tree");
	fx->n_pages = kids->n;
	fx->pages = arena_alloc(fx->arena, ((size_t)kids->n + 1) * sizeof *fx->pages);
	fx->page_by_obj = arena_alloc(fx->arena, ((size_t)kids->n + 1) * 2 * sizeof(int));
	for (int i = 0; i < kids->n; i++) {
		const struct pdf_value *k = pdf_array_item(o, kids, i);
		if (k->type != PDF_REF)
			return failed(fx, "the page tree");
		fx->pages[i].obj = (int)k->i;
		fx->pages[i].struct_parents = -1;
	}
	for (int i = 0; i < fx->n_pages; i++) {
		struct tag_page *pg = &fx->pages[i];
		fx->page_by_obj[2 * i] = pg->obj;
		fx->page_by_obj[2 * i + 1] = i;
		o = pdf_reader_object(fx->r, pg->obj);
		if (!o)
			return -1;
		/* Cairo's page tree is flat: each kid is a page. */
		if (!pdf_is_name(pdf_dict_get(o, o->value, "Type"), "Page"))
			return failed(fx, "a page of the page tree is not a page");
		const struct pdf_value *sp = pdf_dict_get(o, o->value, "StructParents");
		if (sp && sp->type == PDF_INT && sp->i >= 0 && sp->i < 0x7fffffff)
			pg->struct_parents = (int)sp->i;
		const struct pdf_value *annots = pdf_dict_get(o, o->value, "Annots");
		if (!annots)
			continue;
		if (annots->type != PDF_ARRAY)
			return failed(fx, "a page's /Annots is not an array");
		pg->tabs = !pdf_dict_get(o, o->value, "Tabs");
		int n = annots->n;
		fx->n_annot_refs = 0;
		for (int j = 0; j < n; j++) {
			const struct pdf_value *a = pdf_array_item(o, annots, j);
			if (a->type != PDF_REF)
				return failed(fx, "a page's annotation is not a reference");
			ARENA_GROW(fx->arena, fx->annot_refs, fx->n_annot_refs, fx->cap_annot_refs);
			fx->annot_refs[fx->n_annot_refs++] = (int)a->i;
		}
		for (size_t j = 0; j < fx->n_annot_refs; j++)
			if (read_annot(fx, fx->annot_refs[j], i) != 0)
				return -1;
	}
	qsort(fx->page_by_obj, (size_t)fx->n_pages, 2 * sizeof(int), compare_ints);
	if (fx->n_annots > 1)
		qsort(fx->annots, fx->n_annots, sizeof *fx->annots, compare_ints);
	for (size_t i = 1; i < fx->n_annots; i++)
		if (fx->annots[i].obj == fx->annots[i - 1].obj)
			return failed(fx, "an annotation on two pages");
	return 0;
}

/* ---- Cairo's structure tree, alongside the record ---- */

static void mismatch(struct tag_fix *fx)
{
	diag(fx->diag, DIAG_ERROR, fx->source_name, 0, 0,
	     "tagging the PDF failed: its structure tree does not match the tags opened "
	     "(at tag %zu of %zu)", fx->at, fx->n_nodes);
}

/* The page index of a structure element's /Pg: -1 when it has none, -2 when it is not
 * a page (reported). */
static int pg_of(struct tag_fix *fx, const struct pdf_object *o, const struct pdf_value *dict)
{
	const struct pdf_value *pg = pdf_dict_get(o, dict, "Pg");
	if (!pg)
		return -1;
	int page = pg->type == PDF_REF ? page_index(fx, (int)pg->i) : -1;
	if (page < 0) {
		failed(fx, "/Pg is not a page");
		return -2;
	}
	return page;
}

/* The page a top-level tag is on: the page of its first leaf. -1 when it has none,
 * -2 after reporting. */
static int first_page(struct tag_fix *fx, int obj)
{
	for (int depth = 0; depth < MAX_DESCENT; depth++) {
		const struct pdf_object *o = pdf_reader_object(fx->r, obj);
		if (!o)
			return -2;
		int page = pg_of(fx, o, o->value);
		if (page != -1)
			return page;
		const struct pdf_value *k = pdf_dict_get(o, o->value, "K");
		if (k && k->type == PDF_ARRAY)
			k = pdf_array_item(o, k, 0);
		if (!k || k->type != PDF_REF)
			return -1;
		obj = (int)k->i;
	}
	return -1;
}

static int add_mcid(struct tag_fix *fx, int e, int page, long long mcid)
{
	if (page < 0 || mcid < 0 || mcid >= MAX_MCID)
		return failed(fx, "a marked-content id without a page, or out of range");
	struct tag_page *pg = &fx->pages[page];
	while (pg->n_mcids <= (size_t)mcid) {
		ARENA_GROW(fx->arena, pg->mcid_element, pg->n_mcids, pg->cap_mcids);
		pg->mcid_element[pg->n_mcids++] = -1;
	}
	if (pg->mcid_element[mcid] >= 0)
		return failed(fx, "a marked-content id in two structure elements");
	pg->mcid_element[mcid] = e;
	kids_add(fx->arena, &fx->element_kids[e], TAG_KID_MCID, page, (int)mcid);
	return 0;
}

/* An annotation a link's tag holds. */
static int add_annot(struct tag_fix *fx, int e, struct tag_annot *a)
{
	if (a->element >= 0)
		return failed(fx, "an annotation in two structure elements");
	a->element = e;
	kids_add(fx->arena, &fx->element_kids[e], TAG_KID_OBJR, a->page, a->obj);
	return 0;
}

/* One item of a tag's /K: marked content or an annotation join the element; a child
 * tag is pushed on `children`. */
static int read_kid(struct tag_fix *fx, const struct pdf_object *o, const struct pdf_value *item,
		    int e, int page)
{
	if (item->type == PDF_INT)
		return add_mcid(fx, e, page, item->i);
	if (item->type == PDF_REF) {
		struct tag_annot *a = tag_fix_annot(fx, (int)item->i);
		if (a)
			return add_annot(fx, e, a);
		ARENA_GROW(fx->arena, fx->children, fx->n_children, fx->cap_children);
		fx->children[fx->n_children++] = (int)item->i;
		return 0;
	}
	if (item->type != PDF_DICT)
		return failed(fx, "an item of a structure element's /K");
	const struct pdf_value *mcid = pdf_dict_get(o, item, "MCID");
	if (mcid && mcid->type == PDF_INT) {
		int pg = pg_of(fx, o, item);
		return pg == -2 ? -1 : add_mcid(fx, e, pg == -1 ? page : pg, mcid->i);
	}
	const struct pdf_value *obj = pdf_dict_get(o, item, "Obj");
	struct tag_annot *a = obj && obj->type == PDF_REF ? tag_fix_annot(fx, (int)obj->i) : NULL;
	if (!pdf_is_name(pdf_dict_get(o, item, "Type"), "OBJR") || !a)
		return failed(fx, "an object reference that is not a page's annotation");
	return add_annot(fx, e, a);
}

/* Record tag i is Cairo's object obj: its element takes what the tag holds. */
static int read_tag(struct tag_fix *fx, size_t i, int obj, int page)
{
	enum structure_node_kind kind;
	int rec_page;
	int e = structure_node(fx->st, i, &kind, &rec_page);
	const struct pdf_object *o = pdf_reader_object(fx->r, obj);
	if (!o)
		return -1;
	const struct structure_element *el = structure_element(fx->st, (size_t)e);
	const char *role = kind == STRUCTURE_NODE_CONTENT ? structure_content_role() : el->role;
	if (!pdf_is_name(pdf_dict_get(o, o->value, "Type"), "StructElem") ||
	    !pdf_is_name(pdf_dict_get(o, o->value, "S"), role)) {
		mismatch(fx);
		return -1;
	}
	if (kind != STRUCTURE_NODE_CONTENT && !fx->element_seen[e]) {
		fx->element_seen[e] = true;
		kids_add(fx->arena, el->parent >= 0 ? &fx->element_kids[el->parent] : &fx->root_kids,
			 TAG_KID_ELEMENT, 0, e);
	}
	int pg = pg_of(fx, o, o->value);
	if (pg == -2)
		return -1;
	if (pg >= 0 && pg != page) {
		mismatch(fx);
		return -1;
	}
	const struct pdf_value *k = pdf_dict_get(o, o->value, "K");
	if (!k)
		return 0;
	int n = k->type == PDF_ARRAY ? k->n : 1;
	for (int j = 0; j < n; j++)
		if (read_kid(fx, o, k->type == PDF_ARRAY ? pdf_array_item(o, k, j) : k, e, page) != 0)
			return -1;
	return 0;
}

/* A page's tags: Cairo's tree under one top-level Document tag, depth first, which is
 * the order they were opened in. Cairo leaves out the tags of a page it drew nothing
 * on: those of the record are passed over. */
static int read_page_tags(struct tag_fix *fx, int top)
{
	int page = first_page(fx, top);
	if (page == -2)
		return -1;
	enum structure_node_kind kind;
	int rec_page = -1;
	while (fx->at < fx->n_nodes && (structure_node(fx->st, fx->at, &kind, &rec_page), rec_page < page))
		fx->at++;
	if (page < 0 || fx->at == fx->n_nodes || rec_page != page) {
		mismatch(fx);
		return -1;
	}
	fx->n_stack = 0;
	ARENA_GROW(fx->arena, fx->stack, fx->n_stack, fx->cap_stack);
	fx->stack[fx->n_stack++] = top;
	while (fx->n_stack > 0) {
		int obj = fx->stack[--fx->n_stack];
		if (fx->at == fx->n_nodes ||
		    (structure_node(fx->st, fx->at, &kind, &rec_page), rec_page != page)) {
			mismatch(fx);
			return -1;
		}
		fx->n_children = 0;
		if (read_tag(fx, fx->at++, obj, page) != 0)
			return -1;
		for (size_t j = fx->n_children; j-- > 0;) {
			ARENA_GROW(fx->arena, fx->stack, fx->n_stack, fx->cap_stack);
			fx->stack[fx->n_stack++] = fx->children[j];
		}
	}
	return 0;
}

static int read_tree(struct tag_fix *fx, int tree_obj)
{
	const struct pdf_object *o = pdf_reader_object(fx->r, tree_obj);
	if (!o)
		return -1;
	if (!pdf_is_name(pdf_dict_get(o, o->value, "Type"), "StructTreeRoot"))
		return failed(fx, "the StructTreeRoot");
	const struct pdf_value *k = pdf_dict_get(o, o->value, "K");
	int n = !k ? 0 : k->type == PDF_ARRAY ? k->n : 1;
	int *tops = arena_alloc(fx->arena, ((size_t)n + 1) * sizeof *tops);
	for (int i = 0; i < n; i++) {
		const struct pdf_value *t = k->type == PDF_ARRAY ? pdf_array_item(o, k, i) : k;
		if (t->type != PDF_REF)
			return failed(fx, "the StructTreeRoot's /K");
		tops[i] = (int)t->i;
	}
	for (int i = 0; i < n; i++)
		if (read_page_tags(fx, tops[i]) != 0)
			return -1;
	return 0;
}

int tagfix_append(const struct structure *st, pdf_read_fn read, void *read_ctx, uint64_t length,
		  struct pdf_out *out, struct diag_sink *diag, const char *source_name)
{
	struct tag_fix fx = { 0 };
	int status = -1;
	fx.st = st;
	fx.out = out;
	fx.diag = diag;
	fx.source_name = source_name;
	fx.arena = arena_new();
	fx.n_nodes = structure_n_nodes(st);
	fx.n_elements = structure_n_elements(st);
	fx.element_seen = arena_alloc(fx.arena, fx.n_elements + 1);
	fx.element_kids = arena_alloc(fx.arena, (fx.n_elements + 1) * sizeof *fx.element_kids);
	if (pdf_reader_open(read, read_ctx, length, diag, source_name, &fx.r) != 0)
		goto out;
	const struct pdf_trailer *trailer = pdf_reader_trailer(fx.r);
	const struct pdf_object *catalog = pdf_reader_object(fx.r, trailer->root);
	if (!catalog)
		goto out;
	const struct pdf_value *pages = pdf_dict_get(catalog, catalog->value, "Pages");
	const struct pdf_value *tree = pdf_dict_get(catalog, catalog->value, "StructTreeRoot");
	if (!pdf_is_name(pdf_dict_get(catalog, catalog->value, "Type"), "Catalog") || !pages ||
	    pages->type != PDF_REF || (tree && tree->type != PDF_REF)) {
		failed(&fx, "the catalog");
		goto out;
	}
	int pages_obj = (int)pages->i, tree_obj = tree ? (int)tree->i : 0;
	if (read_pages(&fx, pages_obj) != 0 || (tree_obj && read_tree(&fx, tree_obj) != 0))
		goto out;
	status = tag_write_update(&fx, trailer);
out:
	pdf_reader_free(fx.r);
	arena_free(fx.arena);
	return status;
}
