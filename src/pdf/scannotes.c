/* What each object of Cairo's PDF is, as the scan meets it: passed on, or kept back
 * and noted (structure elements, StructTreeRoot, parent tree, marked-content lists,
 * catalog); pages, annotations and the page tree are noted on the way. */
#include "pdf/scanstate.h"
#include "pdf/pdfout.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void scan_fail(struct cairo_scan *s, const char *fmt, ...)
{
	if (s->state == SCAN_FAILED)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->failure, sizeof s->failure, fmt, ap);
	va_end(ap);
	s->state = SCAN_FAILED;
}

bool scan_note_number(struct cairo_scan *s, int num)
{
	if (num <= 0 || num >= MAX_NUMBER) {
		scan_fail(s, "object number %d", num);
		return false;
	}
	if (num >= s->cap_numbers) {
		int cap = s->cap_numbers ? s->cap_numbers : 1024;
		while (cap <= num)
			cap *= 2;
		s->offsets = xrealloc(s->offsets, (size_t)cap * sizeof *s->offsets);
		s->compressed = xrealloc(s->compressed, (size_t)cap);
		memset(s->compressed + s->cap_numbers, 0, (size_t)(cap - s->cap_numbers));
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

void scan_pass(struct cairo_scan *s, const char *data, size_t n)
{
	if (n && pdf_out_write(s->out, data, n) != 0)
		scan_fail(s, "the output cannot be written");
}

/* Object num is passed on from here. */
static bool start_object(struct cairo_scan *s, int num)
{
	if (s->offsets[num] || s->compressed[num] || s->node_of[num] >= 0) {
		scan_fail(s, "object %d written twice", num);
		return false;
	}
	s->offsets[num] = pdf_out_offset(s->out);
	return true;
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
		scan_fail(s, "structure element %d has no /S", o->num);
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
			scan_fail(s, "an item of structure element %d's /K", o->num);
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
		scan_fail(s, "two StructTreeRoots");
		return;
	}
	s->tree_seen = true;
	s->tops = arena_alloc(s->arena, ((size_t)n + 1) * sizeof *s->tops);
	for (int i = 0; i < n; i++) {
		int top = ref_or_zero(k->type == PDF_ARRAY ? pdf_array_item(o, k, i) : k);
		if (!top) {
			scan_fail(s, "the StructTreeRoot's /K");
			return;
		}
		s->tops[s->n_tops++] = top;
	}
	s->tree_parent_tree = ref_or_zero(pdf_dict_get(o, o->value, "ParentTree"));
}

/* A small object passed on in a compressed object stream (pdf/pdfout.h): its value as
 * Cairo wrote it, with `extra` before a dictionary's closing ">>". */
static void keep_compressed(struct cairo_scan *s, const struct pdf_object *o, const char *extra)
{
	if (s->offsets[o->num] || s->compressed[o->num] || s->node_of[o->num] >= 0) {
		scan_fail(s, "object %d written twice", o->num);
		return;
	}
	s->compressed[o->num] = 1;
	const struct pdf_value *v = o->value;
	pdf_out_begin_object(s->out, o->num);
	if (v->type == PDF_NAME)
		pdf_out_write(s->out, "/", 1);
	if (extra && v->type == PDF_DICT) {
		pdf_out_write(s->out, v->text, v->len - 2);
		pdf_out_write(s->out, extra, strlen(extra));
		pdf_out_write(s->out, ">>", 2);
	} else {
		pdf_out_write(s->out, v->text, v->len);
	}
	pdf_out_end_object(s->out);
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
		scan_fail(s, "two parent trees");
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

/* A page: noted, and passed on compressed, with /Tabs /S when it has annotations. */
static void read_page(struct cairo_scan *s, const struct pdf_object *o)
{
	int sp = small_int(pdf_dict_get(o, o->value, "StructParents"));
	if (sp >= 0)
		add_pair(s, &s->struct_parents, &s->n_struct_parents, &s->cap_struct_parents, o->num, sp);
	const struct pdf_value *annots = pdf_dict_get(o, o->value, "Annots");
	if (annots && annots->type != PDF_ARRAY) {
		scan_fail(s, "page %d's /Annots", o->num);
		return;
	}
	for (int i = 0; annots && i < annots->n; i++) {
		int a = ref_or_zero(pdf_array_item(o, annots, i));
		if (!a) {
			scan_fail(s, "page %d's /Annots", o->num);
			return;
		}
		add_pair(s, &s->annot_pages, &s->n_annot_pages, &s->cap_annot_pages, a, o->num);
	}
	/* Their tab order follows the structure. */
	bool tabs = annots && annots->n > 0 && !pdf_dict_get(o, o->value, "Tabs");
	keep_compressed(s, o, tabs ? "   /Tabs /S\n" : NULL);
}

void scan_object(struct cairo_scan *s, const struct pdf_indirect *ind, const char *text, size_t len)
{
	const struct pdf_object *o = &ind->object;
	const struct pdf_value *v = o->value;
	if (!scan_note_number(s, o->num))
		return;
	const struct pdf_value *type = v->type == PDF_DICT ? pdf_dict_get(o, v, "Type") : NULL;
	if (!ind->stream && pdf_is_name(type, "StructElem")) {
		if (s->offsets[o->num] || s->compressed[o->num] || s->node_of[o->num] >= 0)
			scan_fail(s, "object %d written twice", o->num);
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
			scan_fail(s, "two catalogs");
		s->catalog = o->num;
		s->catalog_text = arena_strndup(s->arena, v->text, v->len);
		s->catalog_len = v->len;
		return;
	}
	if (!ind->stream && pdf_is_name(type, "Page")) {
		read_page(s, o);
		return;
	}
	if (!ind->stream && !type && (is_parent_tree(s, o) || is_marked_content_list(s, o)))
		return;
	if (pdf_is_name(type, "Pages")) {
		const struct pdf_value *kids = pdf_dict_get(o, v, "Kids");
		if (s->pages || !kids || kids->type != PDF_ARRAY) {
			scan_fail(s, "the page tree");
			return;
		}
		s->pages = arena_alloc(s->arena, ((size_t)kids->n + 1) * sizeof *s->pages);
		for (int i = 0; i < kids->n; i++)
			if (!(s->pages[s->n_pages++] = ref_or_zero(pdf_array_item(o, kids, i))))
				scan_fail(s, "the page tree");
	} else if (pdf_is_name(type, "Annot")) {
		int key = small_int(pdf_dict_get(o, v, "StructParent"));
		if (key >= 0)
			add_pair(s, &s->annot_keys, &s->n_annot_keys, &s->cap_annot_keys, o->num, key);
	} else if (v->type == PDF_INT) {
		/* A stream's length, written after it: the data passed on may be another. */
		for (size_t i = s->n_lengths; i-- > 0;)
			if (s->lengths[i].obj == o->num) {
				struct found_length *l = &s->lengths[i];
				if (l->length != (uint64_t)v->i)
					scan_fail(s, "stream length %d is not where its data ends", o->num);
				l->checked = true;
				if (l->written != l->length) {
					if (!start_object(s, o->num))
						return;
					char text[64];
					int k = snprintf(text, sizeof text, "%d 0 obj\n%llu\nendobj\n", o->num,
							 (unsigned long long)l->written);
					scan_pass(s, text, (size_t)k);
					return;
				}
			}
	}
	/* Streams, and the lengths of streams written after them, as they are; the
	 * rest in object streams. */
	if (!ind->stream && v->type != PDF_INT) {
		keep_compressed(s, o, NULL);
		return;
	}
	if (!start_object(s, o->num))
		return;
	scan_pass(s, text, len);
}


/* Everything dropped was Cairo's structure: each marked-content list is in the
 * parent tree the StructTreeRoot names; each length looked for was checked. */
void scan_check(struct cairo_scan *s)
{
	if (s->parent_tree && s->parent_tree != s->tree_parent_tree)
		scan_fail(s, "the parent tree dropped is not the StructTreeRoot's");
	if (s->tree_seen && s->tree_parent_tree && !s->parent_tree)
		scan_fail(s, "the StructTreeRoot's parent tree was not seen");
	for (size_t i = 0; i < s->n_dropped_lists; i++)
		if (!s->n_parent_tree_values ||
		    !bsearch(&s->dropped_lists[i], s->parent_tree_values, s->n_parent_tree_values,
			     sizeof(int), compare_ints))
			scan_fail(s, "array %d is not a page's marked content", s->dropped_lists[i]);
	for (size_t i = 0; i < s->n_lengths; i++)
		if (!s->lengths[i].checked)
			scan_fail(s, "stream length %d never came", s->lengths[i].obj);
	if (s->n_nodes && !s->tree_seen)
		scan_fail(s, "structure elements without a StructTreeRoot");
}

