/* The tagged-PDF post-pass with libqpdf: per-page pieces of Cairo's structure tree
 * merged into one structure element per HTML element, with their attributes. */
#include "pdf/tagfix.h"
#include "pdf/structure.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

#include <glib.h>
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* What an element's /K holds, in reading order. */
enum kid_type {
	KID_ELEMENT, /* value: an element index */
	KID_MCID,    /* value: the marked-content id on page `page` */
	KID_OBJR,    /* value: the object number of an annotation on page `page` */
};

struct kid {
	enum kid_type type;
	int page;  /* object number of the page (KID_MCID, KID_OBJR) */
	int value;
};

struct kids {
	struct kid *items;
	size_t n, cap;
};

struct fix {
	qpdf_data q;
	struct arena *arena;
	const struct structure *st;
	struct diag_sink *diag;
	const char *source_name;
	size_t n_nodes;
	int *node_obj;          /* per tag (Cairo's depth-first order): its object number */
	struct kids *node_kids; /* per tag: the marked content and annotations it holds */
	size_t n_elements;
	int *element_obj;       /* per element: its object (its first tag's, reused) */
	struct kids *element_kids;
	struct kids root_kids;  /* the StructTreeRoot's */
	int *obj_element;       /* per object number: the element a tag object belongs to, or -1 */
	int *obj_page;          /* per object number: the index of the page it is, or -1 */
	int max_obj;
	int tree_obj;           /* the StructTreeRoot */
	struct buf json;        /* the objects that change, as qpdf JSON */
	int n_json;             /* objects in it */
};

static void kids_add(struct arena *a, struct kids *k, enum kid_type type, int page, int value)
{
	ARENA_GROW(a, k->items, k->n, k->cap);
	k->items[k->n++] = (struct kid){ type, page, value };
}

/* Reports qpdf's pending error, if any; true when there was one. */
static bool qpdf_failed(struct fix *fx, const char *doing)
{
	if (!qpdf_has_error(fx->q))
		return false;
	qpdf_error e = qpdf_get_error(fx->q);
	diag(fx->diag, DIAG_ERROR, fx->source_name, 0, 0, "tagging the PDF failed while %s: %s", doing,
	     e ? qpdf_get_error_full_text(fx->q, e) : "unknown error");
	return true;
}

/* ---- reading Cairo's tree ---- */

static int page_of(struct fix *fx, qpdf_oh dict, int otherwise)
{
	if (!qpdf_oh_has_key(fx->q, dict, "/Pg"))
		return otherwise;
	qpdf_oh pg = qpdf_oh_get_key(fx->q, dict, "/Pg");
	int id = qpdf_oh_get_object_id(fx->q, pg);
	qpdf_oh_release(fx->q, pg);
	return id;
}

/* One item of a /K: marked content or an annotation go to the tag's kids; a structure
 * element is a child tag, handed back to be visited. */
static qpdf_oh read_kid(struct fix *fx, size_t node, qpdf_oh item, int page)
{
	qpdf_data q = fx->q;
	if (qpdf_oh_is_integer(q, item)) {
		kids_add(fx->arena, &fx->node_kids[node], KID_MCID, page, qpdf_oh_get_int_value_as_int(q, item));
	} else if (qpdf_oh_is_dictionary(q, item)) {
		if (qpdf_oh_has_key(q, item, "/MCID")) {
			qpdf_oh mcid = qpdf_oh_get_key(q, item, "/MCID");
			kids_add(fx->arena, &fx->node_kids[node], KID_MCID, page_of(fx, item, page),
				 qpdf_oh_get_int_value_as_int(q, mcid));
			qpdf_oh_release(q, mcid);
		} else if (qpdf_oh_is_dictionary_of_type(q, item, "/StructElem", "")) {
			return item;
		} else if (qpdf_oh_is_indirect(q, item)) { /* Cairo's link annotation */
			kids_add(fx->arena, &fx->node_kids[node], KID_OBJR, page,
				 qpdf_oh_get_object_id(q, item));
		}
	}
	qpdf_oh_release(q, item);
	return 0;
}

/* The index of the page a tag is on: the page of its first leaf. */
static int first_page(struct fix *fx, qpdf_oh tag)
{
	qpdf_data q = fx->q;
	qpdf_oh h = qpdf_oh_new_object(q, tag);
	int page = -1;
	for (int depth = 0; depth < 4096 && page < 0; depth++) {
		int id = page_of(fx, h, 0);
		if (id > 0) {
			page = id <= fx->max_obj ? fx->obj_page[id] : -1;
			break;
		}
		qpdf_oh k = qpdf_oh_get_key(q, h, "/K");
		qpdf_oh next = qpdf_oh_is_array(q, k) && qpdf_oh_get_array_n_items(q, k) > 0
				       ? qpdf_oh_get_array_item(q, k, 0)
				       : qpdf_oh_is_dictionary(q, k) ? qpdf_oh_new_object(q, k) : 0;
		qpdf_oh_release(q, k);
		qpdf_oh_release(q, h);
		h = next;
		if (!h || !qpdf_oh_is_dictionary(q, h))
			break;
	}
	if (h)
		qpdf_oh_release(q, h);
	return page;
}

static void mismatch(struct fix *fx, size_t at)
{
	diag(fx->diag, DIAG_ERROR, fx->source_name, 0, 0,
	     "tagging the PDF failed: its structure tree does not match the tags opened "
	     "(at tag %zu of %zu)", at, fx->n_nodes);
}

/* Visits Cairo's structure tree depth first, which is the order the tags were opened
 * in, and notes each tag's object and what it holds. Each page's tags hang from a
 * Document tag at the top; Cairo leaves out the tags of a page it drew nothing on,
 * so those of the record are passed over (their object stays 0). */
static int read_tree(struct fix *fx, qpdf_oh tree)
{
	qpdf_data q = fx->q;
	size_t cap = 64, n = 0, at = 0;
	qpdf_oh *stack = g_new(qpdf_oh, cap);
	qpdf_oh *children = NULL;
	size_t n_children = 0, cap_children = 0;
	int status = -1;
	qpdf_oh tops = qpdf_oh_get_key(q, tree, "/K");
	if (!qpdf_oh_is_array(q, tops)) {
		qpdf_oh one = qpdf_oh_is_dictionary(q, tops) ? qpdf_oh_wrap_in_array(q, tops)
							       : qpdf_oh_new_array(q);
		qpdf_oh_release(q, tops);
		tops = one;
	}
	int n_tops = qpdf_oh_get_array_n_items(q, tops);
	for (int t = 0; t < n_tops; t++) {
		qpdf_oh top = qpdf_oh_get_array_item(q, tops, t);
		int page = first_page(fx, top);
		enum structure_node_kind kind;
		int rec_page = -1;
		while (at < fx->n_nodes && (structure_node(fx->st, at, &kind, &rec_page), rec_page < page))
			at++;
		if (page < 0 || at == fx->n_nodes || rec_page != page) {
			qpdf_oh_release(q, top);
			mismatch(fx, at);
			goto out;
		}
		stack[n++] = top;
		while (n > 0) {
			qpdf_oh node = stack[--n];
			if (at == fx->n_nodes || (structure_node(fx->st, at, &kind, &rec_page), rec_page != page)) {
				qpdf_oh_release(q, node);
				mismatch(fx, at);
				goto out;
			}
			size_t i = at++;
			fx->node_obj[i] = qpdf_oh_get_object_id(q, node);
			int pg = page_of(fx, node, 0);
			n_children = 0;
			qpdf_oh k = qpdf_oh_get_key(q, node, "/K");
			int m = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
			for (int j = 0; j < m; j++) {
				qpdf_oh item = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, j)
								      : qpdf_oh_new_object(q, k);
				qpdf_oh child = read_kid(fx, i, item, pg);
				if (!child)
					continue;
				if (n_children == cap_children) {
					cap_children = cap_children ? cap_children * 2 : 16;
					children = g_renew(qpdf_oh, children, cap_children);
				}
				children[n_children++] = child;
			}
			qpdf_oh_release(q, k);
			qpdf_oh_release(q, node);
			for (size_t j = n_children; j-- > 0;) {
				if (n == cap)
					stack = g_renew(qpdf_oh, stack, cap *= 2);
				stack[n++] = children[j];
			}
		}
	}
	if (qpdf_failed(fx, "reading the structure tree"))
		goto out;
	status = 0;
out:
	while (n > 0)
		qpdf_oh_release(q, stack[--n]);
	qpdf_oh_release(q, tops);
	g_free(stack);
	g_free(children);
	return status;
}

/* ---- the merged tree ---- */

/* Every tag of an element reuses the element's object; content tags join the element
 * they are in, their marked content in the order it was painted. */
static void merge(struct fix *fx)
{
	for (size_t i = 0; i < fx->n_nodes; i++) {
		enum structure_node_kind kind;
		int page;
		int e = structure_node(fx->st, i, &kind, &page);
		if (fx->node_obj[i] == 0)
			continue; /* on a page Cairo left untagged */
		if (kind != STRUCTURE_NODE_CONTENT && fx->element_obj[e] == 0) {
			fx->element_obj[e] = fx->node_obj[i];
			int parent = structure_element(fx->st, (size_t)e)->parent;
			kids_add(fx->arena, parent >= 0 ? &fx->element_kids[parent] : &fx->root_kids,
				 KID_ELEMENT, 0, e);
		}
		const struct kids *from = &fx->node_kids[i];
		for (size_t j = 0; j < from->n; j++)
			kids_add(fx->arena, &fx->element_kids[e], from->items[j].type, from->items[j].page,
				 from->items[j].value);
		if (fx->node_obj[i] > 0 && fx->node_obj[i] <= fx->max_obj)
			fx->obj_element[fx->node_obj[i]] = e;
	}
}

/* ---- the objects, written as qpdf JSON (version 2) and read back in one go ---- */

/* A JSON string: qpdf reads "u:…" as a text string and "/…" as a name. */
static void json_string(struct buf *b, const char *prefix, const char *utf8)
{
	char *valid = g_utf8_make_valid(utf8, -1);
	buf_putc(b, '"');
	buf_puts(b, prefix);
	for (const unsigned char *s = (const unsigned char *)valid; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if (*s < 0x20)
			buf_printf(b, "\\u%04x", *s);
		else
			buf_putc(b, (char)*s);
	}
	buf_putc(b, '"');
	g_free(valid);
}

/* Starts the value of object `obj` in the JSON. */
static void json_object(struct fix *fx, int obj)
{
	buf_printf(&fx->json, "%s\"obj:%d 0 R\": { \"value\": ", fx->n_json++ ? ",\n" : "", obj);
}

static void write_element(struct fix *fx, size_t e)
{
	const struct structure_element *el = structure_element(fx->st, e);
	const struct kids *k = &fx->element_kids[e];
	struct buf *b = &fx->json;
	int page = 0;
	for (size_t j = 0; j < k->n && !page; j++)
		if (k->items[j].type != KID_ELEMENT)
			page = k->items[j].page;
	json_object(fx, fx->element_obj[e]);
	buf_printf(b, "{ \"/Type\": \"/StructElem\", \"/S\": \"/%s\", \"/P\": \"%d 0 R\"", el->role,
		   el->parent >= 0 ? fx->element_obj[el->parent] : fx->tree_obj);
	if (page)
		buf_printf(b, ", \"/Pg\": \"%d 0 R\"", page);
	buf_puts(b, ", \"/K\": [");
	for (size_t j = 0; j < k->n; j++) {
		const struct kid *kid = &k->items[j];
		buf_puts(b, j ? ", " : " ");
		switch (kid->type) {
		case KID_ELEMENT:
			buf_printf(b, "\"%d 0 R\"", fx->element_obj[kid->value]);
			break;
		case KID_MCID:
			if (kid->page == page)
				buf_printf(b, "%d", kid->value);
			else
				buf_printf(b, "{ \"/Type\": \"/MCR\", \"/Pg\": \"%d 0 R\", \"/MCID\": %d }",
					   kid->page, kid->value);
			break;
		case KID_OBJR:
			buf_printf(b, "{ \"/Type\": \"/OBJR\", \"/Obj\": \"%d 0 R\", \"/Pg\": \"%d 0 R\" }",
				   kid->value, kid->page);
			break;
		}
	}
	buf_puts(b, " ]");
	if (el->alt) {
		buf_puts(b, ", \"/Alt\": ");
		json_string(b, "u:", el->alt);
	}
	if (el->lang) {
		buf_puts(b, ", \"/Lang\": ");
		json_string(b, "u:", el->lang);
	}
	if (el->scope || el->colspan || el->rowspan) {
		buf_puts(b, ", \"/A\": { \"/O\": \"/Table\"");
		if (el->scope)
			buf_printf(b, ", \"/Scope\": \"/%s\"", el->scope);
		if (el->colspan)
			buf_printf(b, ", \"/ColSpan\": %d", el->colspan);
		if (el->rowspan)
			buf_printf(b, ", \"/RowSpan\": %d", el->rowspan);
		buf_puts(b, " }");
	}
	buf_puts(b, " } }");
}

/* The element a tag object of Cairo's stands for now (its own, or the one it is in). */
static int element_ref(struct fix *fx, qpdf_oh tag)
{
	int id = qpdf_oh_get_object_id(fx->q, tag);
	int e = id > 0 && id <= fx->max_obj ? fx->obj_element[id] : -1;
	return e >= 0 ? fx->element_obj[e] : 0;
}

/* Points the parent tree (marked content and annotations back to their elements) at
 * the merged elements. Returns the next free key. */
static int fix_parent_tree(struct fix *fx, qpdf_oh tree)
{
	qpdf_data q = fx->q;
	int next_key = 0;
	struct buf nums = { 0 };
	qpdf_oh parent_tree = qpdf_oh_get_key(q, tree, "/ParentTree");
	qpdf_oh list = qpdf_oh_get_key(q, parent_tree, "/Nums");
	int n = qpdf_oh_is_array(q, list) ? qpdf_oh_get_array_n_items(q, list) : 0;
	buf_puts(&nums, "{ \"/Nums\": [");
	for (int i = 0; i + 1 < n; i += 2) {
		qpdf_oh key = qpdf_oh_get_array_item(q, list, i);
		qpdf_oh value = qpdf_oh_get_array_item(q, list, i + 1);
		int k = qpdf_oh_get_int_value_as_int(q, key);
		int id = qpdf_oh_get_object_id(q, value);
		if (k >= next_key)
			next_key = k + 1;
		if (qpdf_oh_is_array(q, value) && id > 0) {
			/* A page's marked content, by MCID. */
			json_object(fx, id);
			buf_puts(&fx->json, "[");
			int m = qpdf_oh_get_array_n_items(q, value);
			for (int j = 0; j < m; j++) {
				qpdf_oh tag = qpdf_oh_get_array_item(q, value, j);
				int ref = element_ref(fx, tag);
				qpdf_oh_release(q, tag);
				if (ref)
					buf_printf(&fx->json, "%s\"%d 0 R\"", j ? ", " : " ", ref);
				else
					buf_printf(&fx->json, "%snull", j ? ", " : " ");
			}
			buf_puts(&fx->json, " ] }");
			buf_printf(&nums, "%s%d, \"%d 0 R\"", i ? ", " : " ", k, id);
		} else {
			/* An annotation's element. */
			int ref = element_ref(fx, value);
			if (ref)
				buf_printf(&nums, "%s%d, \"%d 0 R\"", i ? ", " : " ", k, ref);
		}
		qpdf_oh_release(q, key);
		qpdf_oh_release(q, value);
	}
	buf_puts(&nums, " ] }");
	int id = qpdf_oh_get_object_id(q, parent_tree);
	if (id > 0) {
		json_object(fx, id);
		buf_puts(&fx->json, nums.data);
		buf_puts(&fx->json, " }");
	}
	qpdf_oh_release(q, list);
	qpdf_oh_release(q, parent_tree);
	buf_free(&nums);
	return next_key;
}

/* A StructTreeRoot for a document Cairo wrote none for (nothing was tagged). */
static qpdf_oh new_tree(struct fix *fx, qpdf_oh catalog)
{
	qpdf_data q = fx->q;
	qpdf_oh parent_tree = qpdf_make_indirect_object(q, qpdf_oh_parse(q, "<< /Nums [ ] >>"));
	qpdf_oh tree = qpdf_make_indirect_object(q, qpdf_oh_parse(q, "<< /Type /StructTreeRoot >>"));
	qpdf_oh_replace_key(q, tree, "/ParentTree", parent_tree);
	qpdf_oh_replace_key(q, catalog, "/StructTreeRoot", tree);
	qpdf_oh_release(q, parent_tree);
	return tree;
}

static void set_catalog(struct fix *fx, qpdf_oh catalog)
{
	qpdf_data q = fx->q;
	const char *lang = structure_lang(fx->st);
	if (lang) {
		qpdf_oh v = qpdf_oh_new_unicode_string(q, lang);
		qpdf_oh_replace_key(q, catalog, "/Lang", v);
		qpdf_oh_release(q, v);
	}
	qpdf_oh mark = qpdf_oh_parse(q, "<< /Marked true >>");
	qpdf_oh_replace_key(q, catalog, "/MarkInfo", mark);
	qpdf_oh_release(q, mark);
	qpdf_oh prefs = qpdf_oh_get_key(q, catalog, "/ViewerPreferences");
	if (!qpdf_oh_is_dictionary(q, prefs)) {
		qpdf_oh_release(q, prefs);
		prefs = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, catalog, "/ViewerPreferences", prefs);
		qpdf_oh_release(q, prefs);
		prefs = qpdf_oh_get_key(q, catalog, "/ViewerPreferences");
	}
	qpdf_oh yes = qpdf_oh_new_bool(q, QPDF_TRUE);
	qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", yes);
	qpdf_oh_release(q, yes);
	qpdf_oh_release(q, prefs);
	/* Tab order follows the structure (for the link annotations). */
	int pages = qpdf_get_num_pages(q);
	for (int i = 0; i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh s = qpdf_oh_new_name(q, "/S");
		qpdf_oh_replace_key(q, page, "/Tabs", s);
		qpdf_oh_release(q, s);
		qpdf_oh_release(q, page);
	}
}

static int fix_tree(struct fix *fx)
{
	qpdf_data q = fx->q;
	int status = -1;
	qpdf_oh catalog = qpdf_get_root(q);
	qpdf_oh tree = qpdf_oh_get_key(q, catalog, "/StructTreeRoot");
	if (!qpdf_oh_is_dictionary(q, tree)) {
		qpdf_oh_release(q, tree);
		tree = new_tree(fx, catalog);
	}
	fx->tree_obj = qpdf_oh_get_object_id(q, tree);
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
	fx->max_obj = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	qpdf_oh_release(q, size);
	qpdf_oh_release(q, trailer);
	if (fx->max_obj < 1)
		fx->max_obj = 1;
	fx->obj_element = arena_alloc(fx->arena, (size_t)(fx->max_obj + 1) * sizeof *fx->obj_element);
	memset(fx->obj_element, 0xff, (size_t)(fx->max_obj + 1) * sizeof *fx->obj_element);
	fx->obj_page = arena_alloc(fx->arena, (size_t)(fx->max_obj + 1) * sizeof *fx->obj_page);
	memset(fx->obj_page, 0xff, (size_t)(fx->max_obj + 1) * sizeof *fx->obj_page);
	int n_pages = qpdf_get_num_pages(q);
	for (int i = 0; i < n_pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		int id = qpdf_oh_get_object_id(q, page);
		if (id > 0 && id <= fx->max_obj)
			fx->obj_page[id] = i;
		qpdf_oh_release(q, page);
	}
	if (read_tree(fx, tree) != 0)
		goto out;
	merge(fx);
	buf_puts(&fx->json, "{ \"qpdf\": [ { \"jsonversion\": 2 }, {\n");
	for (size_t e = 0; e < fx->n_elements; e++)
		if (fx->element_obj[e])
			write_element(fx, e);
	int next_key = fix_parent_tree(fx, tree);
	qpdf_oh parent_tree = qpdf_oh_get_key(q, tree, "/ParentTree");
	json_object(fx, fx->tree_obj);
	buf_puts(&fx->json, "{ \"/Type\": \"/StructTreeRoot\", \"/K\": [");
	for (size_t j = 0; j < fx->root_kids.n; j++)
		buf_printf(&fx->json, "%s\"%d 0 R\"", j ? ", " : " ",
			   fx->element_obj[fx->root_kids.items[j].value]);
	buf_printf(&fx->json, " ], \"/ParentTree\": \"%d 0 R\", \"/ParentTreeNextKey\": %d } }",
		   qpdf_oh_get_object_id(q, parent_tree), next_key);
	qpdf_oh_release(q, parent_tree);
	buf_puts(&fx->json, "\n} ] }\n");
	if (qpdf_failed(fx, "reading the parent tree"))
		goto out;
	qpdf_update_from_json_data(q, fx->json.data, fx->json.len);
	if (qpdf_failed(fx, "writing the structure tree"))
		goto out;
	if (fx->root_kids.n == 0) {
		/* Nothing was tagged: an empty Document. */
		qpdf_oh doc = qpdf_make_indirect_object(q, qpdf_oh_parse(q, "<< /Type /StructElem /S /Document >>"));
		qpdf_oh_replace_key(q, doc, "/P", tree);
		qpdf_oh k = qpdf_oh_wrap_in_array(q, doc);
		qpdf_oh_replace_key(q, tree, "/K", k);
		qpdf_oh_release(q, k);
		qpdf_oh_release(q, doc);
	}
	set_catalog(fx, catalog);
	if (qpdf_failed(fx, "setting the catalog"))
		goto out;
	status = 0;
out:
	qpdf_oh_release(q, tree);
	qpdf_oh_release(q, catalog);
	return status;
}

int tagfix_write(const struct structure *st, const char *pdf, size_t len, FILE *out,
		 struct diag_sink *diag_sink, const char *source_name)
{
	int status = -1;
	struct fix fx = { 0 };
	fx.st = st;
	fx.diag = diag_sink;
	fx.source_name = source_name;
	fx.arena = arena_new();
	fx.q = qpdf_init();
	qpdf_silence_errors(fx.q);
	qpdf_set_suppress_warnings(fx.q, QPDF_TRUE);
	fx.n_nodes = structure_n_nodes(st);
	fx.n_elements = structure_n_elements(st);
	fx.node_obj = arena_alloc(fx.arena, (fx.n_nodes + 1) * sizeof *fx.node_obj);
	fx.node_kids = arena_alloc(fx.arena, (fx.n_nodes + 1) * sizeof *fx.node_kids);
	fx.element_obj = arena_alloc(fx.arena, (fx.n_elements + 1) * sizeof *fx.element_obj);
	fx.element_kids = arena_alloc(fx.arena, (fx.n_elements + 1) * sizeof *fx.element_kids);
	if (qpdf_read_memory(fx.q, source_name ? source_name : "(PDF)", pdf, len, NULL) & QPDF_ERRORS) {
		qpdf_failed(&fx, "reading Cairo's output");
		goto out;
	}
	if (fix_tree(&fx) != 0)
		goto out;
	qpdf_init_write_memory(fx.q);
	qpdf_set_deterministic_ID(fx.q, QPDF_TRUE);
	qpdf_set_object_stream_mode(fx.q, qpdf_o_generate);
	if (qpdf_write(fx.q) & QPDF_ERRORS) {
		qpdf_failed(&fx, "writing");
		goto out;
	}
	size_t n = qpdf_get_buffer_length(fx.q);
	if (fwrite(qpdf_get_buffer(fx.q), 1, n, out) != n) {
		diag(diag_sink, DIAG_ERROR, source_name, 0, 0, "writing the PDF failed");
		goto out;
	}
	status = 0;
out:
	while (qpdf_more_warnings(fx.q))
		qpdf_next_warning(fx.q);
	qpdf_cleanup(&fx.q);
	buf_free(&fx.json);
	arena_free(fx.arena);
	return status;
}
