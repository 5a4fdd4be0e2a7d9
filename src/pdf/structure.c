/* The structure side record: Cairo structure tags per page for the HTML elements, and
 * which element each tag stands for. */
#include "pdf/structure.h"
#include "layout/box.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Cairo's name for the leaf tag around content: the content is dissolved into its
 * element afterwards (Cairo 1.16 marks content only inside tags that have no child
 * tags, so an element's own text goes in a tag of its own). */
static const char CONTENT_TAG[] = "Span";

/* Each artifact's marker: a standard structure type (Cairo 1.16 takes no other) that
 * role_of never gives an element; and what its marked content becomes. */
static const struct {
	const char *marker, *properties;
} ARTIFACTS[STRUCTURE_ARTIFACT_COUNT] = {
	[STRUCTURE_ARTIFACT_LAYOUT] = { "Private", "<< /Type /Layout >>" },
	[STRUCTURE_ARTIFACT_HEADER] = { "Index", "<< /Type /Pagination /Subtype /Header >>" },
	[STRUCTURE_ARTIFACT_FOOTER] = { "BibEntry", "<< /Type /Pagination /Subtype /Footer >>" },
	[STRUCTURE_ARTIFACT_PAGINATION] = { "NonStruct", "<< /Type /Pagination >>" },
};

struct element {
	struct structure_element pub;
	const char *effective_lang; /* the language in force (inherited or its own) */
	signed char simple;         /* its content never needs a tag of its own: 1, 0, or -1 unknown */
};

struct node {
	int element;                   /* its element (for content: the element it is in) */
	enum structure_node_kind kind;
	int page;                      /* 0-based index of the page it was opened on */
};

/* An element is known by what it comes from (an HTML element, a link, the document)
 * and its role: one HTML list item gives LI, Lbl and LBody. */
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

struct structure {
	struct arena *arena;          /* all but the three largest arrays, which grow by realloc */
	struct element *elements;
	size_t n_elements, cap_elements;
	struct node *nodes;
	size_t n_nodes, cap_nodes;
	struct slot *slots;           /* open addressing, a power of two long */
	size_t n_slots;
	struct step *open;            /* the tags open on the page, outermost first */
	int *open_elements;           /* the element of each open tag */
	size_t n_open, cap_open;
	struct step *chain;           /* scratch: the tags some content needs */
	size_t n_chain, cap_chain;
	bool content_open;            /* a content tag is open */
	bool content_direct;          /* the content went straight into its element's tag */
	int artifact;                 /* the artifact whose marker tag is open, or -1 */
	bool lang_known;
	const char *lang;             /* the document's language */
	int page;                     /* the page being painted, from 0 */
};

struct structure *structure_new(void)
{
	struct arena *a = arena_new();
	struct structure *st = arena_alloc(a, sizeof *st);
	st->arena = a;
	st->n_slots = 256;
	st->slots = xcalloc(st->n_slots, sizeof *st->slots);
	st->artifact = -1;
	return st;
}

void structure_free(struct structure *st)
{
	if (!st)
		return;
	free(st->slots);
	free(st->elements);
	free(st->nodes);
	arena_free(st->arena);
}

/* ---- roles ---- */

static bool name_is(const xmlNode *el, const char *name)
{
	return strcasecmp((const char *)el->name, name) == 0;
}

struct role_of_name {
	const char *html, *role;
};

static int compare_role_name(const void *key, const void *item)
{
	return strcasecmp(key, ((const struct role_of_name *)item)->html);
}

static const char *const HEADINGS[] = { "H1", "H1", "H2", "H3", "H4", "H5", "H6" };

/* The structure type of a box's element, or NULL when it has none of its own (its
 * content belongs to the nearest ancestor that has one). List items are "LI". */
static const char *role_of(const struct box *b)
{
	const xmlNode *el = b->element;
	if (!el || el->type != XML_ELEMENT_NODE)
		return NULL;
	if (b->type == BOX_REPLACED)
		return "Figure";
	if (b->heading_level >= 1 && b->heading_level <= 6)
		return HEADINGS[b->heading_level];
	/* In order, for a binary search: this is asked for every ancestor of every piece
	 * of content. */
	static const struct role_of_name map[] = {
		{ "address", "P" },     { "article", "Art" },      { "aside", "Sect" },
		{ "blockquote", "BlockQuote" }, { "caption", "Caption" }, { "dd", "P" },
		{ "div", "Div" },       { "dl", "Div" },           { "dt", "P" },
		{ "figcaption", "Caption" }, { "figure", "Div" },  { "footer", "Sect" },
		{ "header", "Sect" },   { "li", "LI" },            { "main", "Sect" },
		{ "menu", "L" },        { "nav", "Sect" },         { "ol", "L" },
		{ "p", "P" },           { "pre", "P" },            { "section", "Sect" },
		{ "table", "Table" },   { "tbody", "TBody" },      { "td", "TD" },
		{ "tfoot", "TFoot" },   { "th", "TH" },            { "thead", "THead" },
		{ "tr", "TR" },         { "ul", "L" },
	};
	const struct role_of_name *found = bsearch(el->name, map, sizeof map / sizeof *map, sizeof *map,
						   compare_role_name);
	return found ? found->role : NULL;
}

/* ---- attributes ---- */

static const char *prop(struct structure *st, const xmlNode *el, const char *name)
{
	xmlChar *v = xmlGetProp((xmlNode *)el, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *copy = arena_strdup(st->arena, (const char *)v);
	xmlFree(v);
	return copy;
}

static const char *lang_of(struct structure *st, const xmlNode *el)
{
	const char *lang = prop(st, el, "lang");
	if (!lang) {
		xmlChar *v = xmlGetNsProp((xmlNode *)el, (const xmlChar *)"lang", XML_XML_NAMESPACE);
		if (v) {
			lang = arena_strdup(st->arena, (const char *)v);
			xmlFree(v);
		}
	}
	return lang && *lang ? lang : NULL;
}

/* The text of an element with runs of white space made one space. */
static const char *collapsed_text(struct structure *st, xmlNode *el)
{
	xmlChar *raw = xmlNodeGetContent(el);
	size_t n = raw ? strlen((const char *)raw) : 0;
	char *out = arena_alloc(st->arena, n + 1), *o = out;
	bool space = false;
	for (const char *s = raw ? (const char *)raw : ""; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = o > out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *s;
	}
	*o = '\0';
	xmlFree(raw);
	return out;
}

/* A figure's text alternative: an image's alt; an SVG's aria-label or <title>. */
static const char *alt_of(struct structure *st, const struct box *b)
{
	if (b->alt)
		return b->alt;
	const char *label = prop(st, b->element, "aria-label");
	if (label && *label)
		return label;
	for (xmlNode *c = b->element->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && name_is(c, "title"))
			return collapsed_text(st, c);
	return NULL;
}

/* Decoration: an image with alt="" or an element hidden from assistive technology. */
static bool decorative(struct structure *st, const struct box *b)
{
	if (!b->element)
		return false;
	if (b->alt && !*b->alt)
		return true;
	const char *hidden = prop(st, b->element, "aria-hidden");
	return hidden && strcmp(hidden, "true") == 0;
}

static int span_of(struct structure *st, const xmlNode *el, const char *name)
{
	const char *v = prop(st, el, name);
	long n = v ? strtol(v, NULL, 10) : 0;
	return n > 1 && n < 65535 ? (int)n : 0;
}

static void fill_attributes(struct structure *st, struct element *e, const struct step *s)
{
	const xmlNode *el = s->box ? s->box->element : NULL;
	const struct element *parent = e->pub.parent >= 0 ? &st->elements[e->pub.parent] : NULL;
	e->effective_lang = parent ? parent->effective_lang : st->lang;
	if (!el)
		return;
	/* An LI's Lbl and LBody share its element: the LI carries the attributes. */
	if (strcmp(s->role, "Lbl") == 0 || strcmp(s->role, "LBody") == 0)
		return;
	const char *lang = lang_of(st, el);
	if (lang && (!e->effective_lang || strcasecmp(lang, e->effective_lang) != 0)) {
		e->pub.lang = lang;
		e->effective_lang = lang;
	}
	if (strcmp(s->role, "Figure") == 0)
		e->pub.alt = alt_of(st, s->box);
	if (strcmp(s->role, "TH") == 0 || strcmp(s->role, "TD") == 0) {
		const char *scope = prop(st, el, "scope");
		if (scope && (strcasecmp(scope, "col") == 0 || strcasecmp(scope, "colgroup") == 0))
			e->pub.scope = "Column";
		else if (scope && (strcasecmp(scope, "row") == 0 || strcasecmp(scope, "rowgroup") == 0))
			e->pub.scope = "Row";
		e->pub.colspan = span_of(st, el, "colspan");
		e->pub.rowspan = span_of(st, el, "rowspan");
	}
}

/* ---- elements by key ---- */

static size_t slot_index(const struct structure *st, const void *key, const char *role)
{
	uintptr_t h = (uintptr_t)key * 0x9E3779B97F4A7C15u ^ (uintptr_t)role * 0xC2B2AE3D27D4EB4Fu;
	size_t i = (size_t)(h >> 7) & (st->n_slots - 1);
	while (st->slots[i].key && (st->slots[i].key != key || st->slots[i].role != role))
		i = (i + 1) & (st->n_slots - 1);
	return i;
}

static int find_element(const struct structure *st, const void *key, const char *role)
{
	size_t i = slot_index(st, key, role);
	return st->slots[i].key ? st->slots[i].element : -1;
}

static void grow_slots(struct structure *st)
{
	struct slot *old = st->slots;
	size_t n_old = st->n_slots;
	st->n_slots *= 2;
	st->slots = xcalloc(st->n_slots, sizeof *st->slots);
	for (size_t i = 0; i < n_old; i++)
		if (old[i].key)
			st->slots[slot_index(st, old[i].key, old[i].role)] = old[i];
	free(old);
}

/* The element of a step, made the first time it is asked for. */
static int element_of(struct structure *st, const struct step *s, int parent)
{
	size_t i = slot_index(st, s->key, s->role);
	if (st->slots[i].key)
		return st->slots[i].element;
	if (st->n_elements == st->cap_elements) {
		st->cap_elements = st->cap_elements ? st->cap_elements * 2 : 256;
		st->elements = xrealloc(st->elements, st->cap_elements * sizeof *st->elements);
	}
	int index = (int)st->n_elements++;
	struct element *e = &st->elements[index];
	memset(e, 0, sizeof *e);
	e->pub.role = s->role;
	e->pub.parent = parent;
	e->simple = -1;
	fill_attributes(st, e, s);
	st->slots[i] = (struct slot){ s->key, s->role, index };
	/* Keep the table at most half full. */
	if (st->n_elements + 1 > st->n_slots / 2)
		grow_slots(st);
	return index;
}

static void record(struct structure *st, int element, enum structure_node_kind kind)
{
	if (st->n_nodes == st->cap_nodes) {
		st->cap_nodes = st->cap_nodes ? st->cap_nodes * 2 : 256;
		st->nodes = xrealloc(st->nodes, st->cap_nodes * sizeof *st->nodes);
	}
	st->nodes[st->n_nodes++] = (struct node){ element, kind, st->page };
}

/* ---- the tags a piece of content needs ---- */

static void chain_push(struct structure *st, const void *key, const char *role, const struct box *box)
{
	ARENA_GROW(st->arena, st->chain, st->n_chain, st->cap_chain);
	st->chain[st->n_chain++] = (struct step){ key, role, box };
}

static void note_lang(struct structure *st, const struct box *b)
{
	for (; b && !st->lang_known; b = b->parent)
		if (b->element && b->element->doc) {
			xmlNode *root = xmlDocGetRootElement(b->element->doc);
			st->lang = root ? lang_of(st, root) : NULL;
			st->lang_known = true;
		}
}

/* The tags from the Document down to `b` (inclusive when it has a role). In a list
 * item, content goes in its LBody; `marker` puts it in the item's Lbl instead. */
static void build_chain(struct structure *st, const struct box *b, bool marker)
{
	st->n_chain = 0;
	note_lang(st, b);
	for (const struct box *x = b; x; x = x->parent) {
		const char *role = role_of(x);
		if (!role)
			continue;
		if (strcmp(role, "LI") == 0) {
			chain_push(st, x->element, x == b && marker ? "Lbl" : "LBody", x);
			chain_push(st, x->element, "LI", x);
		} else {
			chain_push(st, x->element, role, x);
		}
	}
	chain_push(st, st, "Document", NULL);
	for (size_t i = 0, j = st->n_chain - 1; i < j; i++, j--) {
		struct step t = st->chain[i];
		st->chain[i] = st->chain[j];
		st->chain[j] = t;
	}
}

static void close_to(struct structure *st, cairo_t *cr, size_t depth)
{
	while (st->n_open > depth) {
		st->n_open--;
		cairo_tag_end(cr, st->open[st->n_open].role);
	}
}

/* Makes the open tags the chain: closes those it does not share, opens the rest. */
static void open_chain(struct structure *st, cairo_t *cr)
{
	size_t common = 0;
	while (common < st->n_open && common < st->n_chain &&
	       st->open[common].key == st->chain[common].key &&
	       st->open[common].role == st->chain[common].role)
		common++;
	close_to(st, cr, common);
	for (size_t i = common; i < st->n_chain; i++) {
		int parent = st->n_open ? st->open_elements[st->n_open - 1] : -1;
		int e = element_of(st, &st->chain[i], parent);
		if (st->n_open == st->cap_open) {
			size_t cap = st->cap_open ? st->cap_open * 2 : 32;
			struct step *open = arena_alloc(st->arena, cap * sizeof *open);
			int *elements = arena_alloc(st->arena, cap * sizeof *elements);
			if (st->n_open) {
				memcpy(open, st->open, st->n_open * sizeof *open);
				memcpy(elements, st->open_elements, st->n_open * sizeof *elements);
			}
			st->open = open;
			st->open_elements = elements;
			st->cap_open = cap;
		}
		st->open[st->n_open] = st->chain[i];
		st->open_elements[st->n_open++] = e;
		cairo_tag_begin(cr, st->chain[i].role, NULL);
		record(st, e, STRUCTURE_NODE_ELEMENT);
	}
}

/* No descendant of b has a structure element of its own or a link. */
static bool no_tagged_descendants(const struct box *b)
{
	if (b->type == BOX_LINES && b->content && b->content->n_links)
		return false;
	const struct box *c = b->first_child;
	while (c && c != b) {
		if (role_of(c) || (c->type == BOX_LINES && c->content && c->content->n_links))
			return false;
		if (c->first_child) {
			c = c->first_child;
			continue;
		}
		while (c != b && !c->next)
			c = c->parent;
		if (c != b)
			c = c->next;
	}
	return true;
}

/* An element that holds content and never a tag of its own (a heading, a paragraph
 * without links, a cell, a label, a figure) takes its content straight into its own
 * tag, which is then Cairo's leaf: no content tag, one object fewer. */
static bool simple(struct structure *st, const struct step *s, int e)
{
	struct element *el = &st->elements[e];
	if (el->simple < 0) {
		if (strcmp(s->role, "Lbl") == 0)
			el->simple = 1;
		else if (strcmp(s->role, "LI") == 0 || strcmp(s->role, "Document") == 0 || !s->box)
			el->simple = 0;
		else
			el->simple = no_tagged_descendants(s->box);
	}
	return el->simple == 1;
}

static void close_artifact(struct structure *st, cairo_t *cr)
{
	if (st->artifact < 0)
		return;
	cairo_tag_end(cr, ARTIFACTS[st->artifact].marker);
	st->artifact = -1;
}

void structure_artifact(struct structure *st, cairo_t *cr, enum structure_artifact kind)
{
	if (!st || st->artifact == (int)kind)
		return;
	close_artifact(st, cr);
	structure_content_end(st, cr);
	/* Every tag still open holds another tag (a leaf closes with its content), so
	 * the marker, a leaf, leaves no element's content unmarked; each page's tags
	 * hang from its Document. */
	if (st->n_open == 0) {
		st->n_chain = 0;
		chain_push(st, st, "Document", NULL);
		open_chain(st, cr);
	}
	cairo_tag_begin(cr, ARTIFACTS[kind].marker, NULL);
	record(st, (int)kind, STRUCTURE_NODE_ARTIFACT);
	st->artifact = (int)kind;
}

void structure_content_begin(struct structure *st, cairo_t *cr, const struct box *box,
			     enum structure_content what)
{
	if (!st)
		return;
	if (st->content_open)
		structure_content_end(st, cr);
	if (what == STRUCTURE_IMAGE && decorative(st, box)) {
		structure_artifact(st, cr, STRUCTURE_ARTIFACT_LAYOUT);
		return;
	}
	close_artifact(st, cr);
	build_chain(st, box, what == STRUCTURE_MARKER);
	open_chain(st, cr);
	int e = st->open_elements[st->n_open - 1];
	st->content_open = true;
	st->content_direct = simple(st, &st->open[st->n_open - 1], e);
	if (st->content_direct)
		return;
	cairo_tag_begin(cr, CONTENT_TAG, NULL);
	record(st, e, STRUCTURE_NODE_CONTENT);
}

void structure_content_end(struct structure *st, cairo_t *cr)
{
	if (!st || !st->content_open)
		return;
	st->content_open = false;
	/* A leaf element closes with its content: what is drawn next is not in it. */
	if (st->content_direct)
		close_to(st, cr, st->n_open - 1);
	else
		cairo_tag_end(cr, CONTENT_TAG);
}

void structure_link(struct structure *st, cairo_t *cr, const struct box *owner, const void *key,
		    const char *attrs)
{
	if (!st) {
		cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
		cairo_tag_end(cr, CAIRO_TAG_LINK);
		return;
	}
	structure_content_end(st, cr);
	close_artifact(st, cr);
	if (owner) {
		build_chain(st, owner, false);
	} else {
		st->n_chain = 0;
		chain_push(st, st, "Document", NULL);
	}
	open_chain(st, cr);
	struct step link = { key, "Link", NULL };
	int e = element_of(st, &link, st->open_elements[st->n_open - 1]);
	cairo_tag_begin(cr, "Link", attrs);
	record(st, e, STRUCTURE_NODE_LINK);
	cairo_tag_end(cr, "Link");
}

void structure_ensure(struct structure *st, cairo_t *cr, const struct box *box)
{
	if (!st)
		return;
	const char *role = role_of(box);
	if (!role || find_element(st, box->element, role) >= 0)
		return;
	structure_content_end(st, cr);
	close_artifact(st, cr);
	build_chain(st, box, false);
	open_chain(st, cr);
	/* Closed at once: an empty leaf, so that nothing drawn next falls inside it. */
	close_to(st, cr, st->n_open - (strcmp(role, "LI") == 0 ? 2 : 1));
}

void structure_page_end(struct structure *st, cairo_t *cr)
{
	if (!st)
		return;
	structure_content_end(st, cr);
	close_artifact(st, cr);
	close_to(st, cr, 0);
	st->page++;
}

size_t structure_n_nodes(const struct structure *st)
{
	return st->n_nodes;
}

int structure_node(const struct structure *st, size_t i, enum structure_node_kind *kind, int *page)
{
	*kind = st->nodes[i].kind;
	*page = st->nodes[i].page;
	return st->nodes[i].element;
}

size_t structure_n_elements(const struct structure *st)
{
	return st->n_elements;
}

const struct structure_element *structure_element(const struct structure *st, size_t e)
{
	return &st->elements[e].pub;
}

const char *structure_lang(const struct structure *st)
{
	return st->lang;
}

const char *structure_content_role(void)
{
	return CONTENT_TAG;
}

const char *structure_artifact_marker(enum structure_artifact kind)
{
	return ARTIFACTS[kind].marker;
}

const char *structure_artifact_properties(enum structure_artifact kind)
{
	return ARTIFACTS[kind].properties;
}
