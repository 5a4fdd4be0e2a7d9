/* The structure tree made as pages are painted: marked content with ids, artifacts,
 * elements by HTML element, and the tree written at the end. */
#include "pdf/tags.h"
#include "pdf/content.h"
#include "pdf/writer.h"
#include "layout/box.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What an artifact's marked content says. */
static const char *const ARTIFACT_PROPERTIES[TAGS_ARTIFACT_COUNT] = {
	[TAGS_ARTIFACT_LAYOUT] = "<< /Type /Layout >>",
	[TAGS_ARTIFACT_HEADER] = "<< /Type /Pagination /Subtype /Header >>",
	[TAGS_ARTIFACT_FOOTER] = "<< /Type /Pagination /Subtype /Footer >>",
	[TAGS_ARTIFACT_PAGINATION] = "<< /Type /Pagination >>",
};

/* What an element's /K holds, in reading order. */
enum kid_type {
	KID_ELEMENT, /* value: an element index */
	KID_MCID,    /* value: the marked-content id on page object `page` */
	KID_OBJR,    /* value: the object number of an annotation on page object `page` */
};

struct kid {
	enum kid_type type;
	int page;  /* the page's object number (MCID, OBJR) */
	int value;
};

struct element {
	const char *role;           /* standard structure type: "P", "H2", "TD" … */
	int parent;                 /* index of the parent element, -1 for the Document */
	int obj;                    /* its object number */
	const char *alt;            /* Figure: the alternate description */
	const char *lang;           /* language when it differs from the parent's, else NULL */
	const char *effective_lang; /* the language in force (inherited or its own) */
	const char *scope;          /* TH: "Column" or "Row", else NULL */
	int colspan, rowspan;       /* TH, TD: spans above 1, else 0 */
	struct kid *kids;           /* arena array */
	size_t n_kids, cap_kids;
};

/* An element is known by what it comes from (an HTML element, by its address only; a
 * link; the document) and its role: one HTML list item gives LI, Lbl and LBody. */
struct slot {
	const void *key;  /* NULL: empty slot */
	const char *role; /* one of the static role names */
	int element;
};

struct step {
	const void *key;
	const char *role;
	const struct box *box; /* where its attributes come from; NULL for the Document */
};

/* One key of the parent tree: a page's array of elements by MCID, or an annotation's
 * element. */
struct parent_entry {
	int key;
	int element;       /* an annotation's; -1 for a page */
	int *by_mcid;      /* a page's: the element of each MCID */
	size_t n_mcids;
};

struct tags {
	struct pdf_writer *w;
	bool tagged;
	struct arena *arena;          /* all but the largest arrays, which grow by realloc */
	struct element *elements;
	size_t n_elements, cap_elements;
	struct slot *slots;           /* open addressing, a power of two long */
	size_t n_slots;
	struct step *chain;           /* scratch: the elements some content needs */
	size_t n_chain, cap_chain;
	struct parent_entry *parents; /* the parent tree, by key */
	size_t n_parents, cap_parents;
	struct pdf_content *content;  /* the page's */
	int page_obj;                 /* the page being painted */
	int page_key;                 /* its entry in parents, or -1 */
	bool open;                    /* marked content is open */
	int artifact;                 /* the artifact open, or -1 */
	const char *lang;             /* the document's language */
	int last_heading;             /* the level of the last heading met, 0 before the first */
	const char *heading_problem;  /* why the headings break PDF/UA's rules, or NULL */
	int root_obj;                 /* the StructTreeRoot */
};

struct tags *tags_new(struct pdf_writer *w, bool tagged, const char *lang)
{
	struct arena *a = arena_new();
	struct tags *t = arena_alloc(a, sizeof *t);
	t->arena = a;
	t->w = w;
	t->tagged = tagged;
	t->n_slots = 256;
	t->slots = xcalloc(t->n_slots, sizeof *t->slots);
	t->artifact = -1;
	t->page_key = -1;
	t->lang = lang ? arena_strdup(a, lang) : NULL;
	if (tagged)
		t->root_obj = pdfw_reserve(w);
	return t;
}

void tags_free(struct tags *t)
{
	if (!t)
		return;
	free(t->slots);
	for (size_t i = 0; i < t->n_parents; i++)
		free(t->parents[i].by_mcid);
	free(t->parents);
	free(t->elements);
	arena_free(t->arena);
}

bool tags_enabled(const struct tags *t)
{
	return t && t->tagged;
}

/* ---- attributes ---- */

static const char *copy(struct tags *t, const char *s)
{
	return s ? arena_strdup(t->arena, s) : NULL;
}

static void fill_attributes(struct tags *t, struct element *e, const struct step *s)
{
	const struct box_semantics *sem = s->box ? &s->box->sem : NULL;
	const struct element *parent = e->parent >= 0 ? &t->elements[e->parent] : NULL;
	e->effective_lang = parent ? parent->effective_lang : t->lang;
	if (!sem)
		return;
	/* An LI's Lbl and LBody share its element: the LI carries the attributes. */
	if (strcmp(s->role, "Lbl") == 0 || strcmp(s->role, "LBody") == 0)
		return;
	if (sem->lang && (!e->effective_lang || strcasecmp(sem->lang, e->effective_lang) != 0)) {
		e->lang = copy(t, sem->lang);
		e->effective_lang = e->lang;
	}
	if (strcmp(s->role, "Figure") == 0)
		e->alt = copy(t, sem->alt);
	e->scope = sem->scope == SCOPE_COLUMN ? "Column" : sem->scope == SCOPE_ROW ? "Row" : NULL;
	e->colspan = sem->colspan;
	e->rowspan = sem->rowspan;
}

/* ---- elements by key ---- */

static size_t slot_index(const struct tags *t, const void *key, const char *role)
{
	uintptr_t h = (uintptr_t)key * 0x9E3779B97F4A7C15u ^ (uintptr_t)role * 0xC2B2AE3D27D4EB4Fu;
	size_t i = (size_t)(h >> 7) & (t->n_slots - 1);
	while (t->slots[i].key && (t->slots[i].key != key || t->slots[i].role != role))
		i = (i + 1) & (t->n_slots - 1);
	return i;
}

static void grow_slots(struct tags *t)
{
	struct slot *old = t->slots;
	size_t n_old = t->n_slots;
	t->n_slots *= 2;
	t->slots = xcalloc(t->n_slots, sizeof *t->slots);
	for (size_t i = 0; i < n_old; i++)
		if (old[i].key)
			t->slots[slot_index(t, old[i].key, old[i].role)] = old[i];
	free(old);
}

static void add_kid(struct tags *t, int element, struct kid k)
{
	struct element *e = &t->elements[element];
	ARENA_GROW(t->arena, e->kids, e->n_kids, e->cap_kids);
	e->kids[e->n_kids++] = k;
}

/* PDF/UA-1 (7.4.2, Matterhorn 14-002 and 14-003): numbered headings start at H1 and
 * never go down more than one level at a time. */
static void note_heading(struct tags *t, const char *role)
{
	if (role[0] != 'H' || role[1] < '1' || role[1] > '6' || role[2])
		return;
	int level = role[1] - '0';
	if (t->heading_problem)
		;
	else if (t->last_heading == 0 && level != 1)
		t->heading_problem = arena_printf(t->arena, "the first heading is h%d, not h1", level);
	else if (level > t->last_heading + 1)
		t->heading_problem = arena_printf(t->arena, "an h%d follows an h%d, skipping a level",
						  level, t->last_heading);
	t->last_heading = level;
}

/* The element of a step, made the first time it is asked for (and put in its
 * parent's kids: elements are made in reading order). */
static int element_of(struct tags *t, const struct step *s, int parent)
{
	size_t i = slot_index(t, s->key, s->role);
	if (t->slots[i].key)
		return t->slots[i].element;
	if (t->n_elements == t->cap_elements) {
		t->cap_elements = t->cap_elements ? t->cap_elements * 2 : 256;
		t->elements = xrealloc(t->elements, t->cap_elements * sizeof *t->elements);
	}
	int index = (int)t->n_elements++;
	struct element *e = &t->elements[index];
	memset(e, 0, sizeof *e);
	e->role = s->role;
	e->parent = parent;
	e->obj = pdfw_reserve(t->w);
	fill_attributes(t, e, s);
	note_heading(t, s->role);
	t->slots[i] = (struct slot){ s->key, s->role, index };
	if (parent >= 0)
		add_kid(t, parent, (struct kid){ KID_ELEMENT, 0, index });
	/* Keep the table at most half full. */
	if (t->n_elements + 1 > t->n_slots / 2)
		grow_slots(t);
	return index;
}

/* ---- the elements some content needs ---- */

static void chain_push(struct tags *t, const void *key, const char *role, const struct box *box)
{
	ARENA_GROW(t->arena, t->chain, t->n_chain, t->cap_chain);
	t->chain[t->n_chain++] = (struct step){ key, role, box };
}

/* The elements from the Document down to `b` (inclusive when it has a role), made
 * where missing; returns the last. In a list item, content goes in its LBody;
 * `marker` puts it in the item's Lbl instead. */
static int chain_to(struct tags *t, const struct box *b, bool marker)
{
	t->n_chain = 0;
	for (const struct box *x = b; x; x = x->parent) {
		const char *role = x->sem.role;
		if (!role)
			continue;
		if (strcmp(role, "LI") == 0) {
			chain_push(t, x->element, x == b && marker ? "Lbl" : "LBody", x);
			chain_push(t, x->element, "LI", x);
		} else {
			chain_push(t, x->element, role, x);
		}
	}
	chain_push(t, t, "Document", NULL);
	int parent = -1;
	for (size_t i = t->n_chain; i-- > 0;)
		parent = element_of(t, &t->chain[i], parent);
	return parent;
}

/* ---- marked content ---- */

void tags_page_begin(struct tags *t, int page_obj, struct pdf_content *c)
{
	t->page_obj = page_obj;
	t->content = c;
	t->page_key = -1;
	t->open = false;
	t->artifact = -1;
}

static struct parent_entry *new_parent(struct tags *t)
{
	if (t->n_parents == t->cap_parents) {
		t->cap_parents = t->cap_parents ? t->cap_parents * 2 : 64;
		t->parents = xrealloc(t->parents, t->cap_parents * sizeof *t->parents);
	}
	struct parent_entry *p = &t->parents[t->n_parents];
	*p = (struct parent_entry){ (int)t->n_parents, -1, NULL, 0 };
	t->n_parents++;
	return p;
}

void tags_close(struct tags *t)
{
	if (!t->open)
		return;
	content_end_marked(t->content);
	t->open = false;
	t->artifact = -1;
}

int tags_page_end(struct tags *t)
{
	tags_close(t);
	return t->page_key;
}

void tags_artifact(struct tags *t, enum tags_artifact kind)
{
	if (!t->tagged || (t->open && t->artifact == (int)kind))
		return;
	tags_close(t);
	content_begin_marked(t->content, "Artifact", ARTIFACT_PROPERTIES[kind]);
	t->open = true;
	t->artifact = (int)kind;
}

void tags_artifact_page_background(struct tags *t, double w, double h)
{
	if (!t->tagged)
		return;
	tags_close(t);
	struct buf props = { 0 };
	buf_puts(&props, "<< /Type /Background /BBox [0 0 ");
	pdf_put_num(&props, w, 3);
	buf_putc(&props, ' ');
	pdf_put_num(&props, h, 3);
	buf_puts(&props, "] >>");
	content_begin_marked(t->content, "Artifact", props.data);
	buf_free(&props);
	t->open = true;
	t->artifact = TAGS_ARTIFACT_COUNT; /* none of the kinds: the next artifact opens anew */
}

/* A new marked-content id on the page, standing for `element`. */
static int new_mcid(struct tags *t, int element)
{
	if (t->page_key < 0)
		t->page_key = new_parent(t)->key;
	struct parent_entry *p = &t->parents[t->page_key];
	if ((p->n_mcids & (p->n_mcids - 1)) == 0 || p->n_mcids == 0)
		p->by_mcid = xrealloc(p->by_mcid, (p->n_mcids ? p->n_mcids * 2 : 16) * sizeof *p->by_mcid);
	p->by_mcid[p->n_mcids] = element;
	return (int)p->n_mcids++;
}

void tags_content_begin(struct tags *t, const struct box *box, enum tags_content what)
{
	if (!t->tagged)
		return;
	if (what == TAGS_IMAGE && box->sem.decorative) {
		tags_artifact(t, TAGS_ARTIFACT_LAYOUT);
		return;
	}
	tags_close(t);
	int e = chain_to(t, box, what == TAGS_MARKER);
	int mcid = new_mcid(t, e);
	add_kid(t, e, (struct kid){ KID_MCID, t->page_obj, mcid });
	char props[32];
	snprintf(props, sizeof props, "<< /MCID %d >>", mcid);
	content_begin_marked(t->content, t->elements[e].role, props);
	t->open = true;
}

void tags_content_end(struct tags *t)
{
	if (t->artifact < 0)
		tags_close(t);
}

void tags_ensure(struct tags *t, const struct box *box)
{
	if (!t->tagged)
		return;
	const char *role = box->sem.role;
	if (!role)
		return;
	size_t i = slot_index(t, box->element, role);
	if (!t->slots[i].key)
		chain_to(t, box, false);
}

int tags_link(struct tags *t, const struct box *owner, const void *key, int annot_obj)
{
	if (!t->tagged)
		return -1;
	int parent;
	if (owner) {
		parent = chain_to(t, owner, false);
	} else {
		t->n_chain = 0;
		struct step doc = { t, "Document", NULL };
		parent = element_of(t, &doc, -1);
	}
	struct step link = { key, "Link", NULL };
	int e = element_of(t, &link, parent);
	add_kid(t, e, (struct kid){ KID_OBJR, t->page_obj, annot_obj });
	struct parent_entry *p = new_parent(t);
	p->element = e;
	return p->key;
}

const char *tags_ua_problem(const struct tags *t)
{
	if (!t->tagged)
		return "it is not tagged";
	if (!t->lang)
		return "the page has no language (lang on <html>)";
	return t->heading_problem;
}

/* ---- the tree ---- */

static void write_element(struct tags *t, const struct element *e)
{
	struct buf *b = pdfw_object(t->w, e->obj);
	/* (/Type /StructElem is optional: thousands of elements do without it.) */
	buf_puts(b, "<< /S ");
	pdf_put_name(b, e->role);
	buf_puts(b, " /P");
	pdf_put_ref(b, e->parent >= 0 ? t->elements[e->parent].obj : t->root_obj);
	/* /Pg: the page of the first marked content, which then needs no /Pg of its own. */
	int pg = 0;
	for (size_t i = 0; i < e->n_kids && !pg; i++)
		if (e->kids[i].type == KID_MCID)
			pg = e->kids[i].page;
	if (pg) {
		buf_puts(b, " /Pg");
		pdf_put_ref(b, pg);
	}
	if (e->lang) {
		buf_puts(b, " /Lang ");
		pdf_put_text(b, e->lang);
	}
	if (e->alt) {
		buf_puts(b, " /Alt ");
		pdf_put_text(b, e->alt);
	}
	if (e->scope || e->colspan || e->rowspan) {
		buf_puts(b, " /A << /O /Table");
		if (e->scope)
			buf_printf(b, " /Scope /%s", e->scope);
		if (e->colspan)
			buf_printf(b, " /ColSpan %d", e->colspan);
		if (e->rowspan)
			buf_printf(b, " /RowSpan %d", e->rowspan);
		buf_puts(b, " >>");
	}
	if (e->n_kids == 1 && e->kids[0].type == KID_MCID && e->kids[0].page == pg) {
		buf_puts(b, " /K");
		pdf_put_int(b, e->kids[0].value);
	} else if (e->n_kids) {
		buf_puts(b, " /K [");
		for (size_t i = 0; i < e->n_kids; i++) {
			const struct kid *k = &e->kids[i];
			if (k->type == KID_ELEMENT)
				pdf_put_ref(b, t->elements[k->value].obj);
			else if (k->type == KID_MCID && k->page == pg)
				pdf_put_int(b, k->value);
			else if (k->type == KID_MCID)
				buf_printf(b, " << /Type /MCR /Pg %d 0 R /MCID %d >>", k->page, k->value);
			else
				buf_printf(b, " << /Type /OBJR /Pg %d 0 R /Obj %d 0 R >>", k->page,
					   k->value);
		}
		buf_puts(b, " ]");
	}
	buf_puts(b, " >>");
	pdfw_end(t->w);
}

int tags_finish(struct tags *t)
{
	if (!t->tagged)
		return 0;
	tags_close(t);
	for (size_t i = 0; i < t->n_elements; i++)
		write_element(t, &t->elements[i]);
	/* The parent tree: one number tree node holding every key. */
	int parent_tree = pdfw_reserve(t->w);
	struct buf *b = pdfw_object(t->w, parent_tree);
	buf_puts(b, "<< /Nums [");
	for (size_t i = 0; i < t->n_parents; i++) {
		const struct parent_entry *p = &t->parents[i];
		pdf_put_int(b, p->key);
		if (p->element >= 0) {
			pdf_put_ref(b, t->elements[p->element].obj);
			continue;
		}
		buf_puts(b, " [");
		for (size_t m = 0; m < p->n_mcids; m++)
			pdf_put_ref(b, t->elements[p->by_mcid[m]].obj);
		buf_puts(b, " ]");
	}
	buf_puts(b, " ] >>");
	pdfw_end(t->w);
	b = pdfw_object(t->w, t->root_obj);
	buf_puts(b, "<< /Type /StructTreeRoot");
	if (t->n_elements)
		buf_printf(b, " /K [ %d 0 R ]", t->elements[0].obj);
	buf_printf(b, " /ParentTree %d 0 R /ParentTreeNextKey %zu >>", parent_tree, t->n_parents);
	pdfw_end(t->w);
	return t->root_obj;
}

/* ---- the dump ---- */

static void dump_element(const struct tags *t, int index, int depth, FILE *out)
{
	const struct element *e = &t->elements[index];
	fprintf(out, "%*s%s", depth * 2, "", e->role);
	if (e->lang)
		fprintf(out, " lang=%s", e->lang);
	if (e->alt)
		fprintf(out, " alt=\"%s\"", e->alt);
	if (e->scope)
		fprintf(out, " scope=%s", e->scope);
	if (e->colspan)
		fprintf(out, " colspan=%d", e->colspan);
	if (e->rowspan)
		fprintf(out, " rowspan=%d", e->rowspan);
	fputc('\n', out);
	for (size_t i = 0; i < e->n_kids; i++) {
		const struct kid *k = &e->kids[i];
		if (k->type == KID_ELEMENT)
			dump_element(t, k->value, depth + 1, out);
		else if (k->type == KID_MCID)
			fprintf(out, "%*scontent\n", depth * 2 + 2, "");
		else
			fprintf(out, "%*sannotation\n", depth * 2 + 2, "");
	}
}

void tags_dump(const struct tags *t, FILE *out)
{
	if (t->n_elements)
		dump_element(t, 0, 0, out);
}
