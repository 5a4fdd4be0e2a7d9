/* Unit tests for the PDF writer: PDF syntax (numbers, names, strings), the file's
 * objects and cross-reference stream as a PDF reader sees them, the content stream's
 * state, and a render to a file and to a stream that cannot be rewound agreeing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "render.h"
#include "pdf/content.h"
#include "pdf/pdfread.h"
#include "pdf/resources.h"
#include "pdf/writer.h"
#include "testutil.h"

#include <stdbool.h>

#include "base/buf.h"

#include <cairo.h>
#include <libxml/HTMLparser.h>
#include <zlib.h>

static char *num(double v, int decimals)
{
	static struct buf b;
	b.len = 0;
	pdf_put_num(&b, v, decimals);
	return b.data;
}

/* Numbers as PDF reads them: no exponent, no trailing zeros, rounded. */
static void writes_numbers(void **state)
{
	assert_string_equal(num(0, 3), "0");
	assert_string_equal(num(-0.0001, 3), "0");
	assert_string_equal(num(1, 3), "1");
	assert_string_equal(num(-2.5, 3), "-2.5");
	assert_string_equal(num(0.05, 2), "0.05");
	assert_string_equal(num(0.005, 2), "0.01");
	assert_string_equal(num(123.4567, 3), "123.457");
	assert_string_equal(num(841.889764, 3), "841.89");
	assert_string_equal(num(1e-9, 6), "0");
	assert_string_equal(num(1234567.0, 0), "1234567");
	assert_string_equal(num(0.999999, 3), "1");
	assert_string_equal(num(1.0 / 0.0, 3), "0");
	assert_string_equal(num(1e30, 2), "1000000000000000");
}

/* Names escape what PDF does not take as it is; text strings are ASCII literals or
 * UTF-16BE with a byte order mark. */
static void writes_names_and_strings(void **state)
{
	struct buf b = { 0 };
	pdf_put_name(&b, "A b#(c)/\xc3\xa9");
	assert_string_equal(b.data, "/A#20b#23#28c#29#2F#C3#A9");
	b.len = 0;
	pdf_put_text(&b, "Joint (Board)\\");
	assert_string_equal(b.data, "(Joint \\(Board\\)\\\\)");
	b.len = 0;
	pdf_put_text(&b, "\xc2\xa3" "5 \xf0\x9f\x98\x80");
	assert_string_equal(b.data, "<FEFF00A300350020D83DDE00>");
	b.len = 0;
	pdf_put_bytes(&b, "a\nb\x01", 4);
	assert_string_equal(b.data, "(a\\nb\\001)");
	buf_free(&b);
}

/* Runs a command on a file; its exit status. */
static int run_on(const char *command, const char *path)
{
	char line[1024];
	snprintf(line, sizeof line, "%s '%s' >/dev/null 2>&1", command, path);
	return system(line);
}

/* A page of a few objects, objects reserved and never written, a stream as it is:
 * qpdf finds the file sound, and the same calls give the same bytes. */
static void writes_a_sound_file(void **state)
{
	char *bytes[2];
	size_t lens[2];
	for (int round = 0; round < 2; round++) {
		FILE *f = open_memstream(&bytes[round], &lens[round]);
		struct pdf_writer *w = pdfw_new(f);
		int pages = pdfw_reserve(w), page = pdfw_reserve(w), unused = pdfw_reserve(w);
		int content = pdfw_reserve(w), raw = pdfw_reserve(w), catalog = pdfw_reserve(w);
		(void)unused;
		const char ops[] = "0 0 1 rg 10 10 100 50 re f\n";
		pdfw_stream(w, content, NULL, ops, strlen(ops), PDFW_DEFLATE);
		pdfw_stream(w, raw, "/Type /Metadata /Subtype /XML", "<x/>", 4, PDFW_AS_IS);
		struct buf *b = pdfw_object(w, page);
		buf_printf(b, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 200 100] /Contents %d 0 R >>",
			   pages, content);
		pdfw_end(w);
		b = pdfw_object(w, pages);
		buf_printf(b, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page);
		pdfw_end(w);
		b = pdfw_object(w, catalog);
		buf_printf(b, "<< /Type /Catalog /Pages %d 0 R /Metadata %d 0 R >>", pages, raw);
		pdfw_end(w);
		struct captured c;
		captured_open(&c);
		assert_int_equal(pdfw_finish(w, catalog, 0, c.sink, "t"), 0);
		captured_close(&c);
		pdfw_free(w);
		fclose(f);
	}
	assert_int_equal(lens[0], lens[1]);
	assert_memory_equal(bytes[0], bytes[1], lens[0]);
	char *dir = scratch_dir(), *path = path_in(dir, "w.pdf");
	FILE *f = fopen(path, "wb");
	fwrite(bytes[0], 1, lens[0], f);
	fclose(f);
	assert_int_equal(run_on("qpdf --check", path), 0);
	assert_non_null(memmem(bytes[0], lens[0], "<x/>", 4));
	assert_non_null(memmem(bytes[0], lens[0], "/Type /XRef", 11));
	assert_non_null(memmem(bytes[0], lens[0], "/Type /ObjStm", 13));
	remove_tree(dir);
	free(path);
	free(dir);
	free(bytes[0]);
	free(bytes[1]);
}

/* An object written twice fails the file with a reason. */
static void refuses_an_object_written_twice(void **state)
{
	char *bytes;
	size_t len;
	FILE *f = open_memstream(&bytes, &len);
	struct pdf_writer *w = pdfw_new(f);
	int a = pdfw_reserve(w);
	pdfw_stream(w, a, NULL, "x", 1, PDFW_AS_IS);
	pdfw_stream(w, a, NULL, "y", 1, PDFW_AS_IS);
	struct captured c;
	captured_open(&c);
	assert_int_equal(pdfw_finish(w, a, 0, c.sink, "t.html"), -1);
	assert_non_null(strstr(captured_text(&c), "t.html: error: writing the PDF failed"));
	captured_close(&c);
	pdfw_free(w);
	fclose(f);
	free(bytes);
}

/* The content stream sets a colour, width or transparency once while it holds, and
 * again after a restore takes it back. */
static void content_sets_state_once(void **state)
{
	char *bytes;
	size_t len;
	FILE *f = open_memstream(&bytes, &len);
	struct pdf_writer *w = pdfw_new(f);
	struct pdf_resources *res = resources_new(w);
	struct pdf_content c;
	content_init(&c, res);
	content_reset(&c);
	content_fill_color(&c, 0, 0, 0, 1);   /* the default: nothing written */
	content_fill_color(&c, 1, 0, 0, 1);
	content_fill_color(&c, 1, 0, 0, 1);
	content_save(&c);
	content_fill_color(&c, 0, 0, 1, 0.5);
	content_line_width(&c, 2);
	content_line_width(&c, 2);
	content_restore(&c);
	content_fill_color(&c, 1, 0, 0, 1);
	content_fill_color(&c, 0, 0, 1, 1);
	assert_string_equal(c.b.data, "1 0 0 rg\nq\n/Ga128 gs\n0 0 1 rg\n2 w\nQ\n0 0 1 rg\n");
	content_free(&c);
	resources_free(res);
	pdfw_free(w);
	fclose(f);
	free(bytes);
}

/* The inflated data of every stream (text drawn holds NUL bytes: *out_len says how
 * long it is). */
static char *inflated_streams(const char *pdf, size_t len, size_t *out_len)
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
	*out_len = all.len;
	return all.data;
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
 * section, small objects in object streams, the decoration an artifact. */
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
	size_t n;
	char *inside = inflated_streams(a_bytes, a_len, &n);
#define HAS(text) memmem(inside, n, text, sizeof text - 1)
	assert_non_null(HAS("\n/Artifact << /Type /Layout >> BDC\n"));
	assert_non_null(HAS("/H1 << /MCID 0 >> BDC\n"));
	/* The link's annotation says where it goes and what it reads, in its element. */
	assert_non_null(HAS("/Subtype /Link /F 4 /Border [0 0 0]"));
	assert_non_null(HAS("/Contents (a link) /Dest (end) /StructParent 1"));
	assert_non_null(HAS("/Type /OBJR"));
#undef HAS
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


/* Every object of a PDF whose /Subtype is `subtype`, read back with pdf/pdfread.h. */
static int count_subtype(struct pdf_reader *r, const char *subtype, const struct pdf_obj **last)
{
	int n = 0;
	const char *why = NULL;
	for (int i = 1; i < pdf_reader_size(r); i++) {
		const struct pdf_obj *o = pdf_reader_object(r, i, &why);
		if (o && (o->kind == PDF_DICT || o->kind == PDF_STREAM) &&
		    pdf_is_name(pdf_dict_get(o, "Subtype"), subtype)) {
			n++;
			*last = o;
		}
	}
	return n;
}

/* Images: a PNG drawn three times is one image XObject, its alpha a soft mask; a JPEG
 * goes in as the file's own bytes (DCTDecode); an SVG drawn twice at one size is one
 * form. */
static void images_stored_once(void **state)
{
	char *dir = scratch_dir();
	char *png = path_in(dir, "dot.png"), *jpg = path_in(dir, "photo.jpg");
	char *svg = path_in(dir, "chart.svg");
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgba(cr, 0.8, 0.1, 0.1, 0.5); /* half transparent */
	cairo_paint(cr);
	cairo_destroy(cr);
	assert_int_equal(cairo_surface_write_to_png(s, png), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	char *photo = read_file("tests/golden/media/photo.jpg");
	assert_non_null(photo);
	FILE *f = fopen(jpg, "wb");
	fwrite(photo, 1, 1914, f);
	fclose(f);
	write_file(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">"
			"<rect width=\"40\" height=\"20\" fill=\"#123\"/></svg>");
	static const char page[] =
		"<!DOCTYPE html><html lang=\"en\"><head><title>Images</title></head><body>"
		"<h1>Images</h1><p><img src=\"dot.png\" alt=\"a\"><img src=\"dot.png\" alt=\"b\">"
		"<img src=\"dot.png\" alt=\"c\" width=\"20\"><img src=\"photo.jpg\" alt=\"d\">"
		"<img src=\"chart.svg\" alt=\"e\"><img src=\"chart.svg\" alt=\"f\"></p></body></html>";
	htmlDocPtr doc = htmlReadMemory(page, (int)strlen(page), "i.html", "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	char *pdf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&pdf, &len);
	struct captured c;
	captured_open(&c);
	struct render_options opts = { .source_name = "i.html", .base_dir = dir };
	assert_int_equal(render_document(doc, &opts, out, c.sink), 0);
	captured_close(&c);
	xmlFreeDoc(doc);
	fclose(out);
	struct pdf_reader *r;
	const char *why = NULL;
	if (pdf_reader_open((const unsigned char *)pdf, len, &r, &why) < 0)
		fail_msg("%s", why);
	const struct pdf_obj *image = NULL, *form = NULL;
	/* The PNG, its soft mask and the JPEG: three images, however often drawn. */
	assert_int_equal(count_subtype(r, "Image", &image), 3);
	assert_int_equal(count_subtype(r, "Form", &form), 1);
	int masked = 0, jpegs = 0;
	for (int i = 1; i < pdf_reader_size(r); i++) {
		const struct pdf_obj *o = pdf_reader_object(r, i, &why);
		if (!o || o->kind != PDF_STREAM || !pdf_is_name(pdf_dict_get(o, "Subtype"), "Image"))
			continue;
		masked += pdf_dict_get(o, "SMask") != NULL;
		if (pdf_is_name(pdf_dict_get(o, "Filter"), "DCTDecode")) {
			jpegs++;
			assert_int_equal(o->u.dict.len, 1914);
			assert_memory_equal(o->u.dict.data, photo, 1914);
		}
		assert_null(pdf_dict_get(o, "Interpolate"));
	}
	assert_int_equal(masked, 1);
	assert_int_equal(jpegs, 1);
	pdf_reader_free(r);
	free(pdf);
	free(photo);
	remove_tree(dir);
	free(png);
	free(jpg);
	free(svg);
	free(dir);
}

/* The content streams (inflated) of a page rendered from html. */
static char *render_streams(const char *html, size_t *n)
{
	htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "c.html", "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	char *pdf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&pdf, &len);
	struct captured c;
	captured_open(&c);
	struct render_options opts = { .source_name = "c.html", .base_dir = "." };
	assert_int_equal(render_document(doc, &opts, out, c.sink), 0);
	captured_close(&c);
	xmlFreeDoc(doc);
	fclose(out);
	char *inside = inflated_streams(pdf, len, n);
	free(pdf);
	return inside;
}

/* The canvas: the root's background covers the page area (inside the page margins),
 * as Chromium and WeasyPrint paint it; with a transparent root, body's does, and is
 * not painted again on body's box. */
static void canvas_background(void **state)
{
	size_t n;
#define PAGE(root, body) \
	"<!DOCTYPE html><html lang=\"en\"><head><title>C</title><style>" \
	"@page { size: 300px 200px; margin: 40px } " root " body { margin: 0; " body " }" \
	"</style></head><body><p>Text</p></body></html>"
	char *s = render_streams(PAGE("html { background: #ffcc00 }", "background: #99ccff"), &n);
#define HAS(text) memmem(s, n, text, sizeof text - 1)
	assert_non_null(HAS("1 0.8 0 rg\n40 40 220 120 re\nf\n"));
	assert_non_null(HAS("0.6 0.8 1 rg\n")); /* body keeps its own */
	free(s);
	s = render_streams(PAGE("", "background: #99ccff"), &n);
	assert_non_null(HAS("0.6 0.8 1 rg\n40 40 220 120 re\nf\n"));
	/* Painted once: the colour is set for the canvas only. */
	const char *first = HAS("0.6 0.8 1 rg");
	assert_null(memmem(first + 1, n - (size_t)(first + 1 - s), "0.6 0.8 1 rg", 12));
	free(s);
	s = render_streams(PAGE("", ""), &n);
	assert_null(HAS("40 40 220 120 re"));
	free(s);
#undef HAS
#undef PAGE
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_numbers),
		cmocka_unit_test(writes_names_and_strings),
		cmocka_unit_test(writes_a_sound_file),
		cmocka_unit_test(refuses_an_object_written_twice),
		cmocka_unit_test(content_sets_state_once),
		cmocka_unit_test(file_and_write_only_outputs_agree),
		cmocka_unit_test(images_stored_once),
		cmocka_unit_test(canvas_background),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
