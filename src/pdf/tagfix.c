/* The tagged-PDF pass: Cairo's per-page structure pieces merged into one structure
 * element per HTML element. */
#include "pdf/tagfix.h"
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
	if (fx->n_pages == 0)
		return -1;
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

/* The value paired with obj in a sorted list, or -1. */
static int paired(const struct scan_pair *list, size_t n, int obj)
{
	if (n == 0)
		return -1;
	const struct scan_pair *found = bsearch(&obj, list, n, sizeof *list, compare_ints);
	return found ? found->value : -1;
}

/* Each page in order with its /StructParents; each annotation with its page and
 * /StructParent. */
static int read_pages(struct tag_fix *fx)
{
	const struct cairo_scan_result *sc = fx->scan;
	fx->n_pages = (int)sc->n_pages;
	fx->pages = arena_alloc(fx->arena, (sc->n_pages + 1) * sizeof *fx->pages);
	fx->page_by_obj = arena_alloc(fx->arena, (sc->n_pages + 1) * 2 * sizeof(int));
	for (int i = 0; i < fx->n_pages; i++) {
		fx->pages[i].obj = sc->pages[i];
		fx->pages[i].struct_parents = paired(sc->struct_parents, sc->n_struct_parents, sc->pages[i]);
		fx->page_by_obj[2 * i] = sc->pages[i];
		fx->page_by_obj[2 * i + 1] = i;
	}
	if (fx->n_pages > 1)
		qsort(fx->page_by_obj, (size_t)fx->n_pages, 2 * sizeof(int), compare_ints);
	for (int i = 1; i < fx->n_pages; i++)
		if (fx->page_by_obj[2 * i] == fx->page_by_obj[2 * i - 2])
			return failed(fx, "a page twice in the page tree");
	fx->annots = arena_alloc(fx->arena, (sc->n_annot_pages + 1) * sizeof *fx->annots);
	for (size_t i = 0; i < sc->n_annot_pages; i++) {
		int obj = sc->annot_pages[i].obj, page = page_index(fx, sc->annot_pages[i].value);
		if (page < 0 || (i && obj == sc->annot_pages[i - 1].obj))
			return failed(fx, "an annotation not on one page of the page tree");
		fx->annots[fx->n_annots++] = (struct tag_annot){
			obj, page, paired(sc->annot_keys, sc->n_annot_keys, obj), -1
		};
	}
	return 0;
}

/* ---- Cairo's structure tree, alongside the record ---- */

static void mismatch(struct tag_fix *fx)
{
	diag(fx->diag, DIAG_ERROR, fx->source_name, 0, 0,
	     "tagging the PDF failed: its structure tree does not match the tags opened "
	     "(at tag %zu of %zu)", fx->at, fx->n_nodes);
}

/* Cairo's structure element that is object obj, or NULL after reporting. */
static const struct scan_node *node_at(struct tag_fix *fx, int obj)
{
	int i = obj > 0 && obj < fx->scan->size ? fx->scan->node_of[obj] : -1;
	if (i < 0) {
		failed(fx, "a structure element's kid is not a structure element");
		return NULL;
	}
	return &fx->scan->nodes[i];
}

/* The page index of a /Pg: -1 for none, -2 when it is not a page (reported). */
static int page_of(struct tag_fix *fx, int obj)
{
	if (!obj)
		return -1;
	int page = page_index(fx, obj);
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
		const struct scan_node *n = node_at(fx, obj);
		if (!n)
			return -2;
		int page = page_of(fx, n->page);
		if (page != -1)
			return page;
		const struct scan_kid *k = n->n_kids ? &fx->scan->kids[n->first_kid] : NULL;
		if (!k || k->type != SCAN_CHILD || tag_fix_annot(fx, k->value))
			return -1;
		obj = k->value;
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
static int read_kid(struct tag_fix *fx, const struct scan_kid *kid, int e, int page)
{
	struct tag_annot *a;
	switch (kid->type) {
	case SCAN_MCID: {
		int pg = kid->page ? page_of(fx, kid->page) : page;
		return pg == -2 ? -1 : add_mcid(fx, e, pg, kid->value);
	}
	case SCAN_CHILD:
		/* An annotation may be named without an OBJR. */
		if ((a = tag_fix_annot(fx, kid->value)))
			return add_annot(fx, e, a);
		ARENA_GROW(fx->arena, fx->children, fx->n_children, fx->cap_children);
		fx->children[fx->n_children++] = kid->value;
		return 0;
	case SCAN_ANNOT:
		if ((a = tag_fix_annot(fx, kid->value)))
			return add_annot(fx, e, a);
		break;
	}
	return failed(fx, "an object reference that is not a page's annotation");
}

/* An artifact's marker tag: its marked content, now /Artifact in the page's content
 * (pdf/contentfix.h), is in no element. */
static int read_artifact(struct tag_fix *fx, enum structure_artifact kind, const struct scan_node *n,
			 int page)
{
	if (strcmp(n->role, structure_artifact_marker(kind)) != 0) {
		mismatch(fx);
		return -1;
	}
	int pg = page_of(fx, n->page);
	if (pg == -2)
		return -1;
	if (pg >= 0 && pg != page) {
		mismatch(fx);
		return -1;
	}
	for (int j = 0; j < n->n_kids; j++)
		if (fx->scan->kids[n->first_kid + (size_t)j].type != SCAN_MCID)
			return failed(fx, "an artifact's tag holds more than marked content");
	fx->n_artifact_mcids += (size_t)n->n_kids;
	return 0;
}

/* Record tag i is Cairo's object obj: its element takes what the tag holds. */
static int read_tag(struct tag_fix *fx, size_t i, int obj, int page)
{
	enum structure_node_kind kind;
	int rec_page;
	int e = structure_node(fx->st, i, &kind, &rec_page);
	const struct scan_node *n = node_at(fx, obj);
	if (!n)
		return -1;
	if (kind == STRUCTURE_NODE_ARTIFACT)
		return read_artifact(fx, (enum structure_artifact)e, n, page);
	const struct structure_element *el = structure_element(fx->st, (size_t)e);
	const char *role = kind == STRUCTURE_NODE_CONTENT ? structure_content_role() : el->role;
	if (strcmp(n->role, role) != 0) {
		mismatch(fx);
		return -1;
	}
	if (kind != STRUCTURE_NODE_CONTENT && !fx->element_seen[e]) {
		fx->element_seen[e] = true;
		kids_add(fx->arena, el->parent >= 0 ? &fx->element_kids[el->parent] : &fx->root_kids,
			 TAG_KID_ELEMENT, 0, e);
	}
	int pg = page_of(fx, n->page);
	if (pg == -2)
		return -1;
	if (pg >= 0 && pg != page) {
		mismatch(fx);
		return -1;
	}
	for (int j = 0; j < n->n_kids; j++)
		if (read_kid(fx, &fx->scan->kids[n->first_kid + (size_t)j], e, page) != 0)
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

int tagfix_finish(const struct structure *st, const struct cairo_scan_result *scan,
		  struct pdf_out *out, struct diag_sink *diag, const char *source_name)
{
	struct tag_fix fx = { 0 };
	int status = -1;
	fx.st = st;
	fx.scan = scan;
	fx.out = out;
	fx.diag = diag;
	fx.source_name = source_name;
	fx.arena = arena_new();
	fx.n_nodes = structure_n_nodes(st);
	fx.n_elements = structure_n_elements(st);
	fx.element_seen = arena_alloc(fx.arena, fx.n_elements + 1);
	fx.element_kids = arena_alloc(fx.arena, (fx.n_elements + 1) * sizeof *fx.element_kids);
	if (read_pages(&fx) != 0)
		goto out;
	/* Each page's tags hang from a top-level Document tag. */
	for (size_t i = 0; i < scan->n_tops; i++)
		if (read_page_tags(&fx, scan->tops[i]) != 0)
			goto out;
	if (fx.n_artifact_mcids != scan->n_artifacts) {
		failed(&fx, "the artifacts marked in the pages' content are not those tagged");
		goto out;
	}
	status = tag_write(&fx);
out:
	arena_free(fx.arena);
	return status;
}
