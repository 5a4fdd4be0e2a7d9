/* Unit tests for the tagged-PDF pass's reader of Cairo's output (strict, bounded,
 * never crashing on a surprise) and for where the PDF goes: a file it reads back, or
 * a write-only stream, give the same bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "layout/render.h"
#include "pdf/pdfread.h"
#include "testutil.h"

#include <libxml/HTMLparser.h>

/* A PDF in memory, read back through pdf_read_fn. */
struct mem {
	const char *data;
	size_t len;
};

static int mem_read(void *ctx, uint64_t at, void *buf, size_t n)
{
	const struct mem *m = ctx;
	if (at > m->len || n > m->len - at)
		return -1;
	memcpy(buf, m->data + at, n);
	return 0;
}

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

static const char *const OBJECTS[] = {
	"<< /Type /Catalog\n   /Pages 3 0 R\n>>",
	"<< /Producer (cairo \\(1.16\\) (nested)) /Title <FEFF0041> >>",
	"<< /Type /Page % 1\n   /Parent 3 0 R\n   /MediaBox [ 0 0 595.275604 841.889832 ]\n"
	"   /Group << /S /Transparency /I true >>\n   /Annots [ 4 0 R ]\n>>",
	"<< /Type /StructElem\n   /S /Link\n   /K [ << /Type /OBJR /Obj 4 0 R >> 8 -2 null false ]\n>>",
};

static void reads_cairo_objects(void **state)
{
	struct captured c;
	captured_open(&c);
	size_t len;
	char *pdf = make_pdf(OBJECTS, 4, &len);
	struct mem m = { pdf, len };
	struct pdf_reader *r = NULL;
	assert_int_equal(pdf_reader_open(mem_read, &m, len, c.sink, "t.pdf", &r), 0);
	const struct pdf_trailer *t = pdf_reader_trailer(r);
	assert_int_equal(t->size, 5);
	assert_int_equal(t->root, 1);
	assert_int_equal(t->info, 2);
	assert_null(t->id);

	const struct pdf_object *o = pdf_reader_object(r, 3);
	assert_non_null(o);
	assert_true(pdf_is_name(pdf_dict_get(o, o->value, "Type"), "Page"));
	const struct pdf_value *annots = pdf_dict_get(o, o->value, "Annots");
	assert_int_equal(annots->type, PDF_ARRAY);
	assert_int_equal(annots->n, 1);
	assert_int_equal(pdf_array_item(o, annots, 0)->type, PDF_REF);
	assert_int_equal(pdf_array_item(o, annots, 0)->i, 4);
	assert_int_equal(pdf_dict_get(o, o->value, "MediaBox")->n, 4);
	assert_int_equal(pdf_dict_get(o, o->value, "Group")->type, PDF_DICT);
	/* A page's dictionary is copied as written, its comment included. */
	assert_true(o->value->len > 2 && !memcmp(o->value->text + o->value->len - 2, ">>", 2));

	o = pdf_reader_object(r, 4);
	assert_non_null(o);
	const struct pdf_value *k = pdf_dict_get(o, o->value, "K");
	assert_int_equal(k->n, 5);
	const struct pdf_value *objr = pdf_array_item(o, k, 0);
	assert_true(pdf_is_name(pdf_dict_get(o, objr, "Type"), "OBJR"));
	assert_int_equal(pdf_dict_get(o, objr, "Obj")->i, 4);
	assert_int_equal(pdf_array_item(o, k, 1)->i, 8);
	assert_int_equal(pdf_array_item(o, k, 2)->i, -2);
	assert_int_equal(pdf_array_item(o, k, 3)->type, PDF_NULL);
	assert_int_equal(pdf_array_item(o, k, 4)->type, PDF_BOOL);

	o = pdf_reader_object(r, 2);
	assert_non_null(o);
	const struct pdf_value *producer = pdf_dict_get(o, o->value, "Producer");
	assert_int_equal(producer->type, PDF_STRING);
	assert_int_equal(producer->len, strlen("(cairo \\(1.16\\) (nested))"));

	/* Objects that are not there. */
	assert_null(pdf_reader_object(r, 0));
	assert_null(pdf_reader_object(r, 5));
	assert_non_null(strstr(captured_text(&c), "not in the xref table"));
	pdf_reader_free(r);
	free(pdf);
	captured_close(&c);
}

/* Every object of a PDF, read or refused. */
static void read_all(const char *pdf, size_t len, struct diag_sink *sink)
{
	struct mem m = { pdf, len };
	struct pdf_reader *r = NULL;
	if (pdf_reader_open(mem_read, &m, len, sink, "t.pdf", &r) != 0)
		return;
	for (int i = 0; i <= pdf_reader_trailer(r)->size; i++) {
		const struct pdf_object *o = pdf_reader_object(r, i);
		if (o)
			pdf_dict_get(o, o->value, "K");
	}
	pdf_reader_free(r);
}

/* Cut short anywhere, or with any byte changed, the reader fails or reads what is
 * there: it never reads past what it was given (AddressSanitizer and valgrind watch). */
static void survives_damage(void **state)
{
	struct captured c;
	captured_open(&c);
	size_t len;
	char *pdf = make_pdf(OBJECTS, 4, &len);
	for (size_t cut = 0; cut < len; cut++) {
		char *part = malloc(cut ? cut : 1);
		memcpy(part, pdf, cut);
		read_all(part, cut, c.sink);
		free(part);
	}
	static const char bytes[] = { '\0', '\n', ' ', '(', ')', '<', '>', '[', ']', '/', '%', '9', 'R', '\\' };
	for (size_t at = 0; at < len; at++)
		for (size_t b = 0; b < sizeof bytes; b++) {
			char *copy = malloc(len);
			memcpy(copy, pdf, len);
			copy[at] = bytes[b];
			read_all(copy, len, c.sink);
			free(copy);
		}
	assert_non_null(strstr(captured_text(&c), "tagging the PDF failed"));
	free(pdf);
	captured_close(&c);
}

static void refuses_surprises(void **state)
{
	struct captured c;
	captured_open(&c);
	/* Nested deeper than any object of Cairo's. */
	char deep[512] = "";
	for (int i = 0; i < 40; i++)
		strcat(deep, "[");
	for (int i = 0; i < 40; i++)
		strcat(deep, "]");
	const char *const objects[] = { OBJECTS[0], OBJECTS[1], deep, "<< /Type 12 0 R /K >>" };
	size_t len;
	char *pdf = make_pdf(objects, 4, &len);
	struct mem m = { pdf, len };
	struct pdf_reader *r = NULL;
	assert_int_equal(pdf_reader_open(mem_read, &m, len, c.sink, "t.pdf", &r), 0);
	assert_null(pdf_reader_object(r, 3));
	assert_null(pdf_reader_object(r, 4)); /* a key without its value */
	assert_non_null(pdf_reader_object(r, 1));
	pdf_reader_free(r);
	free(pdf);
	captured_close(&c);
}

/* Renders a page to out; returns what diag said. */
static char *render_to(FILE *out)
{
	static const char page[] =
		"<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body>"
		"<h1>Heading</h1><p>Text with <a href=\"#end\">a link</a>.</p>"
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

/* Read back from the file, or kept in memory when the stream is write-only: the same
 * PDF, ending in the structure tree's update. */
static void readable_and_write_only_outputs_agree(void **state)
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
	/* Cairo's PDF, then the update with its cross-reference stream. */
	const char *last = NULL;
	for (const char *s = a_bytes; (s = memmem(s, a_len - (size_t)(s - a_bytes), "%%EOF", 5)); s++)
		last = s;
	assert_non_null(last);
	assert_non_null(memmem(a_bytes, a_len, "/Type /XRef", 11));
	assert_non_null(memmem(a_bytes, a_len, "/Type /ObjStm", 13));
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
		cmocka_unit_test(reads_cairo_objects),
		cmocka_unit_test(survives_damage),
		cmocka_unit_test(refuses_surprises),
		cmocka_unit_test(readable_and_write_only_outputs_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
