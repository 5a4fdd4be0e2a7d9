/* Unit tests for the tagged-PDF pass: the parser and the scan of Cairo's output
 * (strict, bounded, never crashing on a surprise, whatever chunks the bytes come in),
 * and a render to a file and to a stream that cannot be rewound or read agreeing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "layout/render.h"
#include "pdf/cairoscan.h"
#include "pdf/pdfout.h"
#include "pdf/pdfparse.h"
#include "testutil.h"

#include <stdbool.h>

#include "base/buf.h"

#include <libxml/HTMLparser.h>
#include <zlib.h>

/* A small PDF as Cairo writes one: objects, one xref table, the trailer. Each of the
 * n objects' text is given without "N 0 obj" and "endobj". */
static char *make_pdf(const char *const *objects, int n, size_t *len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	long offsets[32];
	fputs("%PDF-1.5\n%\xb5\xed\xae\xfb\n", f);
	for (int i = 0; i < n; i++) {
		offsets[i] = ftell(f);
		fprintf(f, "%d 0 obj\n%s\nendobj\n", i + 1, objects[i]);
	}
	long xref = ftell(f);
	fprintf(f, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
	for (int i = 0; i < n; i++)
		fprintf(f, "%010ld 00000 n \n", offsets[i]);
	fprintf(f, "trailer\n<< /Size %d\n   /Root 1 0 R\n   /Info 2 0 R\n>>\nstartxref\n%ld\n%%%%EOF\n",
		n + 1, xref);
	fclose(f);
	*len = size;
	return text;
}

/* The objects of a tagged page as Cairo writes them: catalog, info, page tree, page,
 * link annotation, content stream (its length an object written after it), the
 * page's marked-content list, parent tree, structure elements, StructTreeRoot. */
static const char *const OBJECTS[] = {
	"<< /Type /Catalog\n   /Pages 3 0 R\n   /StructTreeRoot 14 0 R\n   /MarkInfo << /Marked true >>\n>>",
	"<< /Producer (cairo \\(1.16\\) (nested)) /Title <FEFF0041> >>",
	"<< /Type /Pages\n   /Kids [ 4 0 R ]\n   /Count 1\n>>",
	"<< /Type /Page % 1\n   /Parent 3 0 R\n   /MediaBox [ 0 0 595.275604 841.889832 ]\n"
	"   /Contents 6 0 R\n   /Group << /S /Transparency /I true >>\n   /StructParents 1\n"
	"   /Annots [ 5 0 R ]\n>>",
	"<< /Type /Annot\n   /Subtype /Link\n   /StructParent 0\n   /Rect [ 0 0 10 10 ]\n>>",
	"<< /Length 7 0 R\n>>\nstream\n/P << /MCID 0 >> BDC (endstreak\r) Tj EMC /Link << /MCID 1 >> BDC EMC\n"
	"endstream",
	"   68",
	"[\n  11 0 R\n  12 0 R\n]",
	"<< /Nums [\n   0 12 0 R\n   1 8 0 R\n  ]\n>>",
	"<< /Type /StructElem\n   /S /Document\n   /P 14 0 R\n   /K 13 0 R\n>>",
	"<< /Type /StructElem\n   /S /P\n   /P 13 0 R\n   /Pg 4 0 R\n   /K 0\n>>",
	"<< /Type /StructElem\n   /S /Link\n   /P 13 0 R\n   /Pg 4 0 R\n"
	"   /K [ << /Type /OBJR /Obj 5 0 R >> 1 ]\n>>",
	"<< /Type /StructElem\n   /S /Sect\n   /P 10 0 R\n   /K [ 11 0 R 12 0 R ]\n>>",
	"<< /Type /StructTreeRoot\n   /ParentTree 9 0 R\n   /K [ 10 0 R ]\n>>",
};
enum { N_OBJECTS = sizeof OBJECTS / sizeof *OBJECTS };

static void parses_cairo_objects(void **state)
{
	struct pdf_parser *p = pdf_parser_new();
	static const char page[] = "  4 0 obj\n<< /Type /Page % 1\n   /MediaBox [ 0 0 595.2 841.8 ]\n"
				   "   /Group << /S /Transparency >>\n   /Annots [ 5 0 R ]\n>>\nendobj\nrest";
	struct pdf_indirect ind;
	assert_int_equal(pdf_parse_indirect(p, page, strlen(page), &ind), PDF_PARSE_OK);
	const struct pdf_object *o = &ind.object;
	assert_int_equal(o->num, 4);
	assert_int_equal(ind.start, 2);
	assert_string_equal(page + ind.end, "rest");
	assert_false(ind.stream);
	assert_true(pdf_is_name(pdf_dict_get(o, o->value, "Type"), "Page"));
	const struct pdf_value *annots = pdf_dict_get(o, o->value, "Annots");
	assert_int_equal(annots->n, 1);
	assert_int_equal(pdf_array_item(o, annots, 0)->type, PDF_REF);
	assert_int_equal(pdf_array_item(o, annots, 0)->i, 5);
	assert_int_equal(pdf_dict_get(o, o->value, "MediaBox")->n, 4);
	assert_int_equal(pdf_dict_get(o, o->value, "Group")->type, PDF_DICT);
	/* Every prefix is "more to come", never wrong. */
	for (size_t n = 0; n < ind.end; n++)
		assert_int_equal(pdf_parse_indirect(p, page, n, &ind), PDF_PARSE_MORE);

	static const char elem[] = "11 0 obj\n<< /S /Link /K [ << /Type /OBJR /Obj 5 0 R >> 8 -2 null false "
				   "(a \\) (b)) <4142> ] >>\nendobj\n";
	assert_int_equal(pdf_parse_indirect(p, elem, strlen(elem), &ind), PDF_PARSE_OK);
	o = &ind.object;
	const struct pdf_value *k = pdf_dict_get(o, o->value, "K");
	assert_int_equal(k->n, 7);
	assert_int_equal(pdf_dict_get(o, pdf_array_item(o, k, 0), "Obj")->i, 5);
	assert_int_equal(pdf_array_item(o, k, 1)->i, 8);
	assert_int_equal(pdf_array_item(o, k, 2)->i, -2);
	assert_int_equal(pdf_array_item(o, k, 3)->type, PDF_NULL);
	assert_int_equal(pdf_array_item(o, k, 4)->type, PDF_BOOL);
	assert_int_equal(pdf_array_item(o, k, 5)->len, strlen("(a \\) (b))"));
	assert_int_equal(pdf_array_item(o, k, 6)->type, PDF_STRING);

	static const char stream[] = "6 0 obj\n<< /Length 7 0 R >>\nstream\r\nDATA";
	assert_int_equal(pdf_parse_indirect(p, stream, strlen(stream), &ind), PDF_PARSE_OK);
	assert_true(ind.stream);
	assert_string_equal(stream + ind.end, "DATA");
	static const char xref[] = "\nxref\n0 5\n";
	assert_int_equal(pdf_parse_indirect(p, xref, strlen(xref), &ind), PDF_PARSE_OK);
	assert_true(ind.xref);
	pdf_parser_free(p);
}

static void refuses_surprises(void **state)
{
	struct pdf_parser *p = pdf_parser_new();
	struct pdf_indirect ind;
	char deep[512] = "3 0 obj\n";
	for (int i = 0; i < 40; i++)
		strcat(deep, "[");
	for (int i = 0; i < 40; i++)
		strcat(deep, "]");
	strcat(deep, "\nendobj\n");
	assert_int_equal(pdf_parse_indirect(p, deep, strlen(deep), &ind), PDF_PARSE_BAD);
	static const char *const bad[] = {
		"4 0 obj\n<< /Type 12 0 R /K >>\nendobj\n", /* a key without its value */
		"4 0 obj\n<< 1 2 >>\nendobj\n",             /* a key that is not a name */
		"4 1 obj\n<< >>\nendobj\n",                 /* a generation Cairo never writes */
		"4 0 obj\n<< >>\nendobject\n",
		"4 0 obj\n<< /A 1 0 R >>\nstream DATA",      /* no end of line after "stream" */
		"0 0 obj\n1\nendobj\n",
		"4 0 obj\n<< /A <4x> >>\nendobj\n",
		"4 0 obj\n<< /A truth >>\nendobj\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (pdf_parse_indirect(p, bad[i], strlen(bad[i]), &ind) != PDF_PARSE_BAD)
			fail_msg("not refused: %s", bad[i]);
	pdf_parser_free(p);
}

/* Feeds a PDF through a scan in chunks of `chunk` bytes; returns what it passed on in
 * *out (the caller frees it) and 0, or -1. */
static size_t scanned_len; /* the length of what the last scan passed on */

static int scan(const char *pdf, size_t len, size_t chunk, struct diag_sink *sink, char **out,
		const struct cairo_scan_result **result, struct cairo_scan **s)
{
	FILE *f = open_memstream(out, &scanned_len);
	struct pdf_out *o = pdf_out_new(f, false);
	*s = cairo_scan_new(o);
	for (size_t i = 0; i < len; i += chunk)
		if (cairo_scan_feed(*s, pdf + i, len - i < chunk ? len - i : chunk) != 0)
			break;
	int status = cairo_scan_finish(*s, sink, "t.pdf", result);
	if (status == 0) {
		/* The object streams, and the cross-reference stream. */
		pdf_out_begin_update(o, (*result)->size);
		status = pdf_out_finish_xref(o, (*result)->offsets, (*result)->size, (*result)->root,
					     (*result)->info, sink, "t.pdf");
	}
	pdf_out_flush(o, sink, "t.pdf");
	pdf_out_free(o);
	fclose(f);
	return status;
}

/* Every Flate stream of a PDF of len bytes, inflated, one after another (a new
 * string); each stream's data is taken to end where "endstream" comes. */
static char *inflated_streams(const char *pdf, size_t len)
{
	struct buf all = { 0 };
	const char *end = pdf + len;
	for (const char *p = pdf; (p = memmem(p, (size_t)(end - p), ">>\nstream\n", 10)); p++) {
		const char *data = p + 10;
		const char *stop = memmem(data, (size_t)(end - data), "endstream", 9);
		if (!stop)
			break;
		uLong out = 1 << 20;
		char *text = malloc(out);
		if (uncompress((Bytef *)text, &out, (const Bytef *)data, (uLong)(stop - data)) == Z_OK)
			buf_add(&all, text, out);
		free(text);
	}
	buf_puts(&all, "");
	return all.data;
}

/* Whatever the chunks Cairo writes in, the scan keeps back its structure objects
 * and catalog, its xref table and trailer, and passes on the rest, the small objects
 * in object streams: the page with /Tabs /S. */
static void scans_in_any_chunks(void **state)
{
	struct captured c;
	captured_open(&c);
	size_t len;
	char *pdf = make_pdf(OBJECTS, N_OBJECTS, &len);
	char *first = NULL;
	size_t first_len = 0;
	for (size_t chunk = 1; chunk <= len; chunk = chunk < 16 ? chunk + 1 : chunk * 3) {
		char *out = NULL;
		const struct cairo_scan_result *r = NULL;
		struct cairo_scan *s = NULL;
		if (scan(pdf, len, chunk, c.sink, &out, &r, &s) != 0)
			fail_msg("chunks of %zu: %s", chunk, captured_text(&c));
		assert_int_equal(r->size, N_OBJECTS + 1);
		assert_int_equal(r->root, 1);
		assert_int_equal(r->info, 2);
		assert_int_equal(r->n_pages, 1);
		assert_int_equal(r->pages[0], 4);
		assert_int_equal(r->n_tops, 1);
		assert_int_equal(r->tops[0], 10);
		assert_int_equal(r->n_struct_parents, 1);
		assert_int_equal(r->struct_parents[0].value, 1);
		assert_int_equal(r->n_annot_keys, 1);
		assert_int_equal(r->annot_pages[0].value, 4);
		const struct scan_node *link = &r->nodes[r->node_of[12]];
		assert_string_equal(link->role, "Link");
		assert_int_equal(link->n_kids, 2);
		assert_int_equal(r->kids[link->first_kid].type, SCAN_ANNOT);
		/* The stream and its length as they were, the small objects compressed. */
		for (int i = 1; i <= N_OBJECTS; i++) {
			bool plain = i == 6 || i == 7, compressed = i >= 2 && i <= 5;
			if ((r->offsets[i] != 0) != plain || (r->compressed[i] != 0) != compressed)
				fail_msg("object %d: offset %llu, compressed %d", i,
					 (unsigned long long)r->offsets[i], r->compressed[i]);
		}
		assert_null(memmem(out, scanned_len, "StructElem", 10));
		assert_null(memmem(out, scanned_len, "\nxref", 5));
		assert_non_null(memmem(out, scanned_len, "/Type /XRef", 11));
		assert_non_null(memmem(out, scanned_len, "(endstreak\r) Tj", 15));
		char *inside = inflated_streams(out, scanned_len);
		assert_non_null(strstr(inside, "/Tabs /S"));
		assert_non_null(strstr(inside, "/Type /Annot"));
		assert_null(strstr(inside, "StructElem"));
		free(inside);
		if (!first) {
			first = out;
			first_len = scanned_len;
		} else {
			assert_int_equal(scanned_len, first_len);
			assert_memory_equal(out, first, first_len);
		}
		if (out != first)
			free(out);
		cairo_scan_free(s);
	}
	free(first);
	free(pdf);
	captured_close(&c);
}

/* Cut short anywhere, or with any byte changed, the scan fails with a reason or
 * reads what is there: it never reads past what it was given (AddressSanitizer and
 * valgrind watch). */
static void survives_damage(void **state)
{
	struct captured c;
	captured_open(&c);
	size_t len;
	char *pdf = make_pdf(OBJECTS, N_OBJECTS, &len);
	static const char bytes[] = { '\0', '\n', ' ', '(', ')', '<', '>', '[', ']', '/', '%', '9', 'R', '\\', 'e' };
	for (size_t cut = 0; cut <= len; cut += cut < len ? 1 : 1) {
		char *out = NULL;
		const struct cairo_scan_result *r;
		struct cairo_scan *s;
		int status = scan(pdf, cut, 7, c.sink, &out, &r, &s);
		if (cut < len - 30 && status == 0)
			fail_msg("a PDF cut at %zu of %zu passed", cut, len);
		free(out);
		cairo_scan_free(s);
		if (cut == len)
			break;
	}
	for (size_t at = 0; at < len; at++)
		for (size_t b = 0; b < sizeof bytes; b++) {
			char *copy = malloc(len);
			memcpy(copy, pdf, len);
			copy[at] = bytes[b];
			char *out = NULL;
			const struct cairo_scan_result *r;
			struct cairo_scan *s;
			scan(copy, len, 5, c.sink, &out, &r, &s);
			free(out);
			cairo_scan_free(s);
			free(copy);
		}
	assert_non_null(strstr(captured_text(&c), "tagging the PDF failed"));
	free(pdf);
	captured_close(&c);
}

/* Renders a page to out; returns what diag said. */
static char *render_to(FILE *out)
{
	static const char page[] =
		"<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body>"
		"<h1 style=\"background: #eee\">Heading</h1><p>Text with <a href=\"#end\">a link</a>.</p>"
		"<ul><li>One</li><li>Two</li></ul><table><tr><th scope=\"col\">A</th></tr>"
		"<tr><td>1</td></tr></table><p id=\"end\">End.</p></body></html>";
	htmlDocPtr doc = htmlReadMemory(page, (int)strlen(page), "t.html", "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	struct captured c;
	captured_open(&c);
	struct render_options opts = { .source_name = "t.html", .base_dir = "." };
	int status = render_document(doc, &opts, out, c.sink);
	char *said = strdup(captured_text(&c));
	captured_close(&c);
	xmlFreeDoc(doc);
	assert_int_equal(status, 0);
	return said;
}

static char *file_bytes(FILE *f, size_t *len)
{
	fflush(f);
	long n = ftell(f);
	char *data = malloc((size_t)n + 1);
	assert_int_equal(pread(fileno(f), data, (size_t)n, 0), n);
	*len = (size_t)n;
	return data;
}

/* To a file, or kept in memory when the stream is write-only: the same PDF, one
 * section, Cairo's structure elements gone, the new ones in object streams, the
 * decoration an artifact. */
static void file_and_write_only_outputs_agree(void **state)
{
	char *dir = scratch_dir();
	char *a_path = path_in(dir, "a.pdf"), *b_path = path_in(dir, "b.pdf");
	FILE *a = fopen(a_path, "w+b");
	char *said_a = render_to(a);
	size_t a_len;
	char *a_bytes = file_bytes(a, &a_len);
	fclose(a);
	FILE *b = fopen(b_path, "wb");
	char *said_b = render_to(b);
	fclose(b);
	char *b_bytes = read_file(b_path);
	assert_non_null(b_bytes);
	assert_string_equal(said_a, said_b);
	assert_memory_equal(a_bytes, b_bytes, a_len);
	const char *eof = memmem(a_bytes, a_len, "%%EOF", 5);
	assert_non_null(eof);
	assert_null(memmem(eof + 1, a_len - (size_t)(eof + 1 - a_bytes), "%%EOF", 5));
	assert_null(memmem(a_bytes, a_len, "/Type /StructElem", 17));
	assert_null(memmem(a_bytes, a_len, "\nxref\n", 6));
	assert_non_null(memmem(a_bytes, a_len, "/Type /XRef", 11));
	assert_non_null(memmem(a_bytes, a_len, "/Type /ObjStm", 13));
	/* The heading's background is an artifact, and no marker is left. */
	char *inside = inflated_streams(a_bytes, a_len);
	assert_non_null(strstr(inside, "\n/Artifact << /Type /Layout >> BDC\n"));
	assert_null(strstr(inside, "/Private"));
	free(inside);
	free(a_bytes);
	free(b_bytes);
	free(said_a);
	free(said_b);
	remove_tree(dir);
	free(a_path);
	free(b_path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_cairo_objects),
		cmocka_unit_test(refuses_surprises),
		cmocka_unit_test(scans_in_any_chunks),
		cmocka_unit_test(survives_damage),
		cmocka_unit_test(file_and_write_only_outputs_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
