/* The merged structure tree written after Cairo's objects: its elements, the parent
 * tree, a StructTreeRoot, the catalog, and the PDF's cross-reference stream. */
#include "pdf/tagwrite.h"
#include "pdf/pdfout.h"
#include "pdf/pdfparse.h"
#include "pdf/structure.h"
#include "base/arena.h"
#include "base/diag.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* A text string: PDFDocEncoding when it is printable ASCII, else UTF-16BE. */
static void write_text(struct pdf_out *o, const char *utf8)
{
	char *valid = g_utf8_make_valid(utf8, -1);
	bool ascii = true;
	for (const unsigned char *s = (const unsigned char *)valid; *s && ascii; s++)
		ascii = *s >= 0x20 && *s < 0x7f;
	if (ascii) {
		pdf_out_write(o, "(", 1);
		for (const char *s = valid; *s; s++) {
			if (*s == '(' || *s == ')' || *s == '\\')
				pdf_out_write(o, "\\", 1);
			pdf_out_write(o, s, 1);
		}
		pdf_out_write(o, ")", 1);
	} else {
		glong n = 0;
		gunichar2 *u = g_utf8_to_utf16(valid, -1, NULL, &n, NULL);
		pdf_out_write(o, "<FEFF", 5);
		for (glong i = 0; u && i < n; i++)
			pdf_out_printf(o, "%04X", (unsigned)u[i]);
		pdf_out_write(o, ">", 1);
		g_free(u);
	}
	g_free(valid);
}

/* A value as Cairo wrote it. */
static void write_raw(struct pdf_out *o, const struct pdf_value *v)
{
	if (v->type == PDF_NAME)
		pdf_out_write(o, "/", 1);
	pdf_out_write(o, v->text, v->len);
}

static void write_element(struct tag_fix *fx, size_t e, const int *element_obj, int tree_obj)
{
	struct pdf_out *o = fx->out;
	const struct structure_element *el = structure_element(fx->st, e);
	const struct tag_kids *k = &fx->element_kids[e];
	int page = -1;
	for (size_t j = 0; j < k->n && page < 0; j++)
		if (k->items[j].type != TAG_KID_ELEMENT)
			page = k->items[j].page;
	pdf_out_begin_object(o, element_obj[e]);
	pdf_out_printf(o, "<< /Type /StructElem\n   /S /%s\n   /P %d 0 R\n", el->role,
		       el->parent >= 0 ? element_obj[el->parent] : tree_obj);
	if (page >= 0)
		pdf_out_printf(o, "   /Pg %d 0 R\n", fx->pages[page].obj);
	pdf_out_printf(o, "   /K [");
	for (size_t j = 0; j < k->n; j++) {
		const struct tag_kid *kid = &k->items[j];
		switch (kid->type) {
		case TAG_KID_ELEMENT:
			pdf_out_printf(o, " %d 0 R", element_obj[kid->value]);
			break;
		case TAG_KID_MCID:
			if (kid->page == page)
				pdf_out_printf(o, " %d", kid->value);
			else
				pdf_out_printf(o, " << /Type /MCR /Pg %d 0 R /MCID %d >>",
					       fx->pages[kid->page].obj, kid->value);
			break;
		case TAG_KID_OBJR:
			pdf_out_printf(o, " << /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>", kid->value,
				       fx->pages[kid->page].obj);
			break;
		}
	}
	pdf_out_printf(o, " ]\n");
	if (el->alt) {
		pdf_out_printf(o, "   /Alt ");
		write_text(o, el->alt);
		pdf_out_printf(o, "\n");
	}
	if (el->lang) {
		pdf_out_printf(o, "   /Lang ");
		write_text(o, el->lang);
		pdf_out_printf(o, "\n");
	}
	if (el->scope || el->colspan || el->rowspan) {
		pdf_out_printf(o, "   /A << /O /Table");
		if (el->colspan)
			pdf_out_printf(o, " /ColSpan %d", el->colspan);
		if (el->rowspan)
			pdf_out_printf(o, " /RowSpan %d", el->rowspan);
		if (el->scope)
			pdf_out_printf(o, " /Scope /%s", el->scope);
		pdf_out_printf(o, " >>\n");
	}
	pdf_out_printf(o, ">>");
	pdf_out_end_object(o);
}

/* A page's marked content, by id, pointing at the elements it is in. */
static void write_page_array(struct tag_fix *fx, const struct tag_page *pg, int obj,
			     const int *element_obj)
{
	pdf_out_begin_object(fx->out, obj);
	pdf_out_printf(fx->out, "[");
	for (size_t i = 0; i < pg->n_mcids; i++) {
		int e = pg->mcid_element[i];
		if (e >= 0)
			pdf_out_printf(fx->out, "%s%d 0 R", i % 8 ? " " : "\n", element_obj[e]);
		else
			pdf_out_printf(fx->out, "%snull", i % 8 ? " " : "\n");
	}
	pdf_out_printf(fx->out, "\n]");
	pdf_out_end_object(fx->out);
}

struct number { int key, obj; };

static int by_key(const void *a, const void *b)
{
	const struct number *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

/* The parent tree: each page's key to its array, each annotation's to its element.
 * Returns the next free key, or -1 after reporting. */
static int write_parent_tree(struct tag_fix *fx, int obj, const int *page_obj, const int *element_obj)
{
	size_t n = 0;
	struct number *nums = arena_alloc(fx->arena, ((size_t)fx->n_pages + fx->n_annots + 1) * sizeof *nums);
	for (int i = 0; i < fx->n_pages; i++)
		if (page_obj[i])
			nums[n++] = (struct number){ fx->pages[i].struct_parents, page_obj[i] };
	for (size_t i = 0; i < fx->n_annots; i++)
		if (fx->annots[i].key >= 0 && fx->annots[i].element >= 0)
			nums[n++] = (struct number){ fx->annots[i].key, element_obj[fx->annots[i].element] };
	qsort(nums, n, sizeof *nums, by_key);
	for (size_t i = 1; i < n; i++)
		if (nums[i].key == nums[i - 1].key) {
			diag(fx->diag, DIAG_ERROR, fx->source_name, 0, 0,
			     "tagging the PDF failed: parent tree key %d is used twice", nums[i].key);
			return -1;
		}
	pdf_out_begin_object(fx->out, obj);
	pdf_out_printf(fx->out, "<< /Nums [");
	for (size_t i = 0; i < n; i++)
		pdf_out_printf(fx->out, "\n   %d %d 0 R", nums[i].key, nums[i].obj);
	pdf_out_printf(fx->out, "\n  ]\n>>");
	pdf_out_end_object(fx->out);
	return n ? nums[n - 1].key + 1 : 0;
}

/* The catalog: Cairo's, with the new tree, marked, its language and the title shown. */
static int write_catalog(struct tag_fix *fx, int tree_obj)
{
	const struct cairo_scan_result *sc = fx->scan;
	struct pdf_parser *parser = pdf_parser_new();
	struct pdf_object c;
	if (pdf_parse_value(parser, sc->catalog, sc->catalog_len, &c) != PDF_PARSE_OK ||
	    c.value->type != PDF_DICT) {
		pdf_parser_free(parser);
		diag(fx->diag, DIAG_ERROR, fx->source_name, 0, 0,
		     "tagging the PDF failed: Cairo's catalog cannot be read");
		return -1;
	}
	static const char *const replaced[] = { "StructTreeRoot", "MarkInfo", "Lang", "ViewerPreferences" };
	struct pdf_out *o = fx->out;
	pdf_out_begin_object(o, sc->root);
	pdf_out_write(o, "<<", 2);
	int written = 0;
	for (int i = 0; i < c.value->n; i++) {
		const struct pdf_value *key = &c.values[c.value->first + 2 * i];
		bool skip = false;
		for (size_t j = 0; j < sizeof replaced / sizeof *replaced; j++)
			skip |= pdf_is_name(key, replaced[j]);
		if (skip)
			continue;
		if (written++)
			pdf_out_write(o, "\n  ", 3);
		pdf_out_write(o, " ", 1);
		write_raw(o, key);
		pdf_out_write(o, " ", 1);
		write_raw(o, key + 1);
	}
	pdf_parser_free(parser);
	pdf_out_printf(o, "\n   /StructTreeRoot %d 0 R\n   /MarkInfo << /Marked true >>\n", tree_obj);
	const char *lang = structure_lang(fx->st);
	if (lang) {
		pdf_out_printf(o, "   /Lang ");
		write_text(o, lang);
		pdf_out_printf(o, "\n");
	}
	pdf_out_printf(o, "   /ViewerPreferences << /DisplayDocTitle true >>\n>>");
	pdf_out_end_object(o);
	return 0;
}

/* Object numbers for the new objects: those Cairo's structure objects left free
 * first, then new ones. */
struct numbers {
	const struct cairo_scan_result *scan;
	int at, next;
};

static int take_number(struct numbers *n)
{
	const struct cairo_scan_result *sc = n->scan;
	while (n->at < sc->size && (sc->offsets[n->at] || sc->compressed[n->at] || n->at == sc->root))
		n->at++;
	if (n->at < sc->size)
		return n->at++;
	return n->next++;
}

int tag_write(struct tag_fix *fx)
{
	struct numbers numbers = { fx->scan, 1, fx->scan->size };
	int *element_obj = arena_alloc(fx->arena, (fx->n_elements + 1) * sizeof *element_obj);
	for (size_t e = 0; e < fx->n_elements; e++)
		if (fx->element_seen[e])
			element_obj[e] = take_number(&numbers);
	int empty_doc = fx->root_kids.n == 0 ? take_number(&numbers) : 0; /* nothing was tagged */
	int tree_obj = take_number(&numbers), parent_tree_obj = take_number(&numbers);
	int *page_obj = arena_alloc(fx->arena, ((size_t)fx->n_pages + 1) * sizeof *page_obj);
	for (int i = 0; i < fx->n_pages; i++)
		if (fx->pages[i].struct_parents >= 0)
			page_obj[i] = take_number(&numbers);
	pdf_out_begin_update(fx->out, numbers.next);
	for (size_t e = 0; e < fx->n_elements; e++)
		if (fx->element_seen[e])
			write_element(fx, e, element_obj, tree_obj);
	if (empty_doc) {
		pdf_out_begin_object(fx->out, empty_doc);
		pdf_out_printf(fx->out, "<< /Type /StructElem\n   /S /Document\n   /P %d 0 R\n>>", tree_obj);
		pdf_out_end_object(fx->out);
	}
	for (int i = 0; i < fx->n_pages; i++)
		if (page_obj[i])
			write_page_array(fx, &fx->pages[i], page_obj[i], element_obj);
	int next_key = write_parent_tree(fx, parent_tree_obj, page_obj, element_obj);
	if (next_key < 0)
		return -1;
	pdf_out_begin_object(fx->out, tree_obj);
	pdf_out_printf(fx->out, "<< /Type /StructTreeRoot\n   /K [");
	if (empty_doc)
		pdf_out_printf(fx->out, " %d 0 R", empty_doc);
	for (size_t j = 0; j < fx->root_kids.n; j++)
		pdf_out_printf(fx->out, " %d 0 R", element_obj[fx->root_kids.items[j].value]);
	pdf_out_printf(fx->out, " ]\n   /ParentTree %d 0 R\n   /ParentTreeNextKey %d\n>>",
		       parent_tree_obj, next_key);
	pdf_out_end_object(fx->out);
	if (write_catalog(fx, tree_obj) != 0)
		return -1;
	return pdf_out_finish_xref(fx->out, fx->scan->offsets, fx->scan->size, fx->scan->root,
				   fx->scan->info, fx->diag, fx->source_name);
}
