/* Unit tests for the PDF reader and the page importer: Cairo's PDFs as written and as qpdf
 * rewrites them (object streams, cross-reference streams, uncompressed), SVG pictures,
 * hand-made files (predictors, filters left encoded), and malformed input of every kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "image/image.h"
#include "pdf/pdfimport.h"
#include "pdf/pdfread.h"
#include "pdf/writer.h"
#include "testutil.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <sys/wait.h>
#include <zlib.h>

#define WHY_PREFIX "the picture's PDF cannot be read: "

/* Bytes in memory, malloc'd. */
struct bytes {
	unsigned char *data; /* the bytes */
	size_t len;          /* their number */
};

struct fixture {
	char *dir; /* scratch folder for files the tools read */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = scratch_dir();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static cairo_status_t gather(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *b = closure;
	buf_add(b, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int length)
{
	struct bytes *src = closure;
	if (length > src->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, src->data, length);
	src->data += length;
	src->len -= length;
	return CAIRO_STATUS_SUCCESS;
}

/* A 200 x 120 pt page drawn by Cairo: a gradient, a stroked curve, text and a PNG. */
static struct bytes cairo_sample_pdf(void)
{
	struct buf out = { 0 };
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(gather, &out, 200, 120);
	cairo_t *cr = cairo_create(s);

	cairo_pattern_t *g = cairo_pattern_create_linear(10, 0, 110, 0);
	cairo_pattern_add_color_stop_rgb(g, 0, 0.8, 0, 0);
	cairo_pattern_add_color_stop_rgba(g, 1, 0, 0, 0.8, 0.7);
	cairo_rectangle(cr, 10, 10, 100, 50);
	cairo_set_source(cr, g);
	cairo_fill(cr);
	cairo_pattern_destroy(g);

	cairo_move_to(cr, 10, 70);
	cairo_curve_to(cr, 60, 40, 120, 100, 190, 65);
	cairo_set_source_rgb(cr, 0, 0.5, 0);
	cairo_set_line_width(cr, 3);
	cairo_stroke(cr);

	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 14);
	cairo_move_to(cr, 10, 100);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_show_text(cr, "Imported picture text");

	/* A PNG, through its bytes, as a PNG file would come. */
	cairo_surface_t *pixels = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
	cairo_t *pc = cairo_create(pixels);
	cairo_set_source_rgba(pc, 1, 0.6, 0, 1);
	cairo_paint(pc);
	cairo_set_source_rgba(pc, 0, 0, 1, 0.5);
	cairo_rectangle(pc, 0, 0, 4, 4);
	cairo_fill(pc);
	cairo_destroy(pc);
	struct buf png = { 0 };
	assert_int_equal(cairo_surface_write_to_png_stream(pixels, gather, &png), 0);
	cairo_surface_destroy(pixels);
	struct bytes png_src = { (unsigned char *)png.data, png.len };
	cairo_surface_t *image = cairo_image_surface_create_from_png_stream(read_png, &png_src);
	assert_int_equal(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
	buf_free(&png);
	cairo_save(cr);
	cairo_translate(cr, 140, 10);
	cairo_scale(cr, 5, 5);
	cairo_set_source_surface(cr, image, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(image);

	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	return (struct bytes){ (unsigned char *)out.data, out.len };
}

/* Imports pdf into a new file of one page that draws the form over the whole page. 0 with
 * the file in *out, or -1 with *why. */
static int wrap_import(const struct bytes *pdf, struct bytes *out,
		       struct pdf_import_result *result, const char **why)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	struct pdf_writer *w = pdfw_new(f);
	int rc = pdf_import_page(w, pdf->data, pdf->len, result, why);
	if (rc == 0) {
		int content = pdfw_reserve(w), page = pdfw_reserve(w), pages = pdfw_reserve(w);
		int catalog = pdfw_reserve(w);
		static const char draw[] = "q 1 0 0 1 0 0 cm /X1 Do Q";
		pdfw_stream(w, content, NULL, draw, sizeof draw - 1, PDFW_DEFLATE);
		struct buf *b = pdfw_object(w, page);
		buf_printf(b, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 ", pages);
		pdf_put_num(b, result->width, 4);
		buf_putc(b, ' ');
		pdf_put_num(b, result->height, 4);
		buf_printf(b, "] /Resources << /XObject << /X1 %d 0 R >> >> /Contents %d 0 R >>",
			   result->form, content);
		pdfw_end(w);
		b = pdfw_object(w, pages);
		buf_printf(b, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page);
		pdfw_end(w);
		b = pdfw_object(w, catalog);
		buf_printf(b, "<< /Type /Catalog /Pages %d 0 R >>", pages);
		pdfw_end(w);
		struct captured c;
		captured_open(&c);
		rc = pdfw_finish(w, catalog, 0, c.sink, "test");
		if (rc < 0)
			print_error("pdfw_finish: %s\n", captured_text(&c));
		captured_close(&c);
	}
	pdfw_free(w);
	fclose(f);
	out->data = (unsigned char *)data;
	out->len = len;
	return rc;
}

static void save(const char *dir, const char *name, const struct bytes *b)
{
	char *path = path_in(dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	fclose(f);
	free(path);
}

static struct bytes load(const char *dir, const char *name)
{
	char *path = path_in(dir, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	free(path);
	return (struct bytes){ (unsigned char *)b.data, b.len };
}

/* Runs a shell command (printf-style); its exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool have_tools(void)
{
	return run("command -v qpdf >/dev/null && command -v pdftotext >/dev/null && "
		   "command -v pdftoppm >/dev/null") == 0;
}

/* A binary PPM (P6) as pdftoppm writes it. */
struct picture {
	int width, height;    /* pixels */
	unsigned char *rgb;   /* width * height * 3 bytes */
	struct bytes file;    /* the file, which rgb points into */
};

static struct picture render(const char *dir, const char *pdf_name, const char *out_name)
{
	assert_int_equal(run("pdftoppm -r 30 -singlefile %s/%s %s/%s 2>&1", dir, pdf_name, dir,
			     out_name), 0);
	char ppm[256];
	snprintf(ppm, sizeof ppm, "%s.ppm", out_name);
	struct picture p = { .file = load(dir, ppm) };
	int maxval = 0, used = 0;
	assert_int_equal(sscanf((const char *)p.file.data, "P6 %d %d %d%n", &p.width, &p.height,
				&maxval, &used), 3);
	assert_int_equal(maxval, 255);
	p.rgb = p.file.data + used + 1;
	assert_true((size_t)used + 1 + (size_t)p.width * p.height * 3 <= p.file.len);
	return p;
}

static size_t non_white(const struct picture *p)
{
	size_t n = 0;
	for (size_t i = 0; i < (size_t)p->width * p->height; i++)
		if (p->rgb[3 * i] < 200 || p->rgb[3 * i + 1] < 200 || p->rgb[3 * i + 2] < 200)
			n++;
	return n;
}

/* Pixels that differ by more than a little in some channel. */
static size_t differing(const struct picture *a, const struct picture *b)
{
	assert_int_equal(a->width, b->width);
	assert_int_equal(a->height, b->height);
	size_t n = 0;
	for (size_t i = 0; i < (size_t)a->width * a->height; i++)
		for (int c = 0; c < 3; c++)
			if (abs(a->rgb[3 * i + c] - b->rgb[3 * i + c]) > 40) {
				n++;
				break;
			}
	return n;
}

/* Imports source (saved as name.pdf), then checks the result with qpdf, pdftotext (for
 * text, when not NULL) and pdftoppm against a render of the source itself. */
static void check_import(const char *dir, const char *name, const struct bytes *source,
			 const char *text, double width, double height)
{
	struct bytes wrapped;
	struct pdf_import_result res;
	const char *why = NULL;
	if (wrap_import(source, &wrapped, &res, &why) < 0)
		fail_msg("%s: %s", name, why ? why : "pdfw_finish failed");
	assert_true(res.form > 0);
	assert_true(fabs(res.width - width) < 1e-6);
	assert_true(fabs(res.height - height) < 1e-6);
	char src_name[128], out_name[128];
	snprintf(src_name, sizeof src_name, "%s-source.pdf", name);
	snprintf(out_name, sizeof out_name, "%s-imported.pdf", name);
	save(dir, src_name, source);
	save(dir, out_name, &wrapped);
	free(wrapped.data);
	if (!have_tools()) {
		print_message("qpdf or poppler-utils missing: %s checked without them\n", name);
		return;
	}
	assert_int_equal(run("qpdf --check %s/%s >/dev/null", dir, out_name), 0);
	if (text) {
		assert_int_equal(run("pdftotext %s/%s %s/%s.txt", dir, out_name, dir, name), 0);
		char txt[160];
		snprintf(txt, sizeof txt, "%s.txt", name);
		struct bytes t = load(dir, txt);
		char *s = xstrndup((const char *)t.data, t.len);
		if (!strstr(s, text))
			fail_msg("%s: pdftotext gave \"%s\", not \"%s\"", name, s, text);
		free(s);
		free(t.data);
	}
	char a[160], b[160];
	snprintf(a, sizeof a, "%s-source", name);
	snprintf(b, sizeof b, "%s-imported", name);
	struct picture pa = render(dir, src_name, a), pb = render(dir, out_name, b);
	size_t ink = non_white(&pb), diff = differing(&pa, &pb);
	size_t all = (size_t)pa.width * pa.height;
	print_message("%s: %zu of %zu pixels drawn, %zu differ from the source's render\n", name,
		      ink, all, diff);
	if (ink < all / 20 || diff > all / 100)
		fail_msg("%s: %zu of %zu pixels drawn, %zu differ from the source's render", name,
			 ink, all, diff);
	free(pa.file.data);
	free(pb.file.data);
}

/* Imports pdf expecting a failure with a reason. */
static void expect_failure(const unsigned char *pdf, size_t len)
{
	char *data = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&data, &n);
	struct pdf_writer *w = pdfw_new(f);
	struct pdf_import_result res = { 0 };
	const char *why = NULL;
	int rc = pdf_import_page(w, pdf, len, &res, &why);
	pdfw_free(w);
	fclose(f);
	free(data);
	if (rc != -1)
		fail_msg("imported: %.*s", (int)(len < 400 ? len : 400), (const char *)pdf);
	assert_non_null(why);
	assert_memory_equal(why, WHY_PREFIX, strlen(WHY_PREFIX));
}

/* Imports pdf, which may or may not succeed; it must not crash or leak. */
static int try_import(const unsigned char *pdf, size_t len)
{
	char *data = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&data, &n);
	struct pdf_writer *w = pdfw_new(f);
	struct pdf_import_result res = { 0 };
	const char *why = NULL;
	int rc = pdf_import_page(w, pdf, len, &res, &why);
	pdfw_free(w);
	fclose(f);
	free(data);
	if (rc < 0) {
		assert_non_null(why);
		assert_memory_equal(why, WHY_PREFIX, strlen(WHY_PREFIX));
	} else {
		assert_true(res.form > 0 && res.width > 0 && res.height > 0);
	}
	return rc;
}

/* A stream object's body: the dictionary's entries (extra) and the data, with /Length. */
static char *stream_body(const char *extra, const char *data)
{
	struct buf b = { 0 };
	buf_printf(&b, "<< %s /Length %zu >>\nstream\n%s\nendstream", extra, strlen(data), data);
	return b.data;
}

/* A PDF with a classic cross-reference table: object i + 1 is bodies[i] (what goes
 * between "obj" and "endobj"); the trailer names 1 0 R as /Root, plus `trailer_extra`. */
static struct bytes handmade(const char *const *bodies, size_t n, const char *trailer_extra)
{
	struct buf b = { 0 };
	size_t *offsets = calloc(n + 1, sizeof *offsets);
	buf_puts(&b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	for (size_t i = 0; i < n; i++) {
		offsets[i] = b.len;
		buf_printf(&b, "%zu 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
	}
	size_t xref = b.len;
	buf_printf(&b, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%010zu 00000 n \n", offsets[i]);
	buf_printf(&b, "trailer\n<< /Size %zu /Root 1 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n",
		   n + 1, trailer_extra ? trailer_extra : "", xref);
	free(offsets);
	return (struct bytes){ (unsigned char *)b.data, b.len };
}

static struct bytes handmade_page(const char *resources, const char *contents_body)
{
	char page[512];
	snprintf(page, sizeof page,
		 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 60 40] /Resources %s "
		 "/Contents 4 0 R >>",
		 resources);
	const char *bodies[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		page,
		contents_body,
	};
	return handmade(bodies, 4, NULL);
}

/* ---- the reader ---- */

static void test_reader_values(void **state)
{
	(void)state;
	const char *bodies[] = {
		"<< /Type /Catalog >>",
		"<< /A#20B (x\\(y\\)z \\101\\n (nest)\\\n!) /H <48656C6C 6F7> /R -.5 /S +3. "
		"/I -42 /T true /F false /N null /Arr [1 2 0 R/Nm[]] /D <</K[]>> "
		"/E () /Big 9223372036854775807 % a comment\n/Last 1>>",
		"2 0 R",
		"[9 0 R]",
	};
	struct bytes pdf = handmade(bodies, 4, NULL);
	struct pdf_reader *r;
	const char *why = NULL;
	assert_int_equal(pdf_reader_open(pdf.data, pdf.len, &r, &why), 0);
	assert_int_equal(pdf_reader_size(r), 5);
	const struct pdf_obj *d = pdf_reader_object(r, 2, &why);
	assert_non_null(d);
	assert_int_equal(d->kind, PDF_DICT);
	const struct pdf_obj *v = pdf_dict_get(d, "A B");
	assert_non_null(v);
	assert_int_equal(v->kind, PDF_STRING);
	assert_int_equal(v->u.text.len, strlen("x(y)z A\n (nest)!"));
	assert_string_equal(v->u.text.bytes, "x(y)z A\n (nest)!");
	v = pdf_dict_get(d, "H");
	assert_string_equal(v->u.text.bytes, "Hellop");
	double x;
	v = pdf_dict_get(d, "R");
	assert_int_equal(v->kind, PDF_REAL);
	assert_true(pdf_number(v, &x) && x == -0.5);
	assert_int_equal(v->u.real.len, 3);
	v = pdf_dict_get(d, "S");
	assert_true(v->kind == PDF_REAL && pdf_number(v, &x) && x == 3);
	v = pdf_dict_get(d, "I");
	assert_true(v->kind == PDF_INT && v->u.integer == -42);
	assert_true(pdf_dict_get(d, "T")->u.boolean);
	assert_false(pdf_dict_get(d, "F")->u.boolean);
	assert_int_equal(pdf_dict_get(d, "N")->kind, PDF_NULL);
	v = pdf_dict_get(d, "Arr");
	assert_int_equal(v->kind, PDF_ARRAY);
	assert_int_equal(v->u.array.count, 4);
	assert_int_equal(v->u.array.items[1].kind, PDF_REF);
	assert_int_equal(v->u.array.items[1].u.ref.num, 2);
	assert_true(pdf_is_name(&v->u.array.items[2], "Nm"));
	assert_int_equal(v->u.array.items[3].kind, PDF_ARRAY);
	assert_int_equal(pdf_dict_get(d, "E")->u.text.len, 0);
	assert_int_equal(pdf_dict_get(d, "Big")->u.integer, INT64_MAX);
	assert_int_equal(pdf_dict_get(d, "Last")->u.integer, 1);
	/* A reference to a reference resolves; an absent object is null. */
	const struct pdf_obj *three = pdf_reader_object(r, 3, &why);
	assert_int_equal(three->kind, PDF_REF);
	assert_ptr_equal(pdf_resolve(r, three, &why), d);
	const struct pdf_obj *four = pdf_reader_object(r, 4, &why);
	assert_int_equal(pdf_resolve(r, &four->u.array.items[0], &why)->kind, PDF_NULL);
	assert_int_equal(pdf_reader_object(r, 99, &why)->kind, PDF_NULL);
	pdf_reader_free(r);
	free(pdf.data);
}

/* Bad values, each in an otherwise good file: reading the object fails with a reason. */
static void test_reader_bad_values(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"/A#0", "/A#00", "(unclosed", "<12 3G>", "<<", "<< /K >>", "<< 1 2 >>", "[1 2",
		"--1", "1.2.3", "99999999999999999999", "endobj", ")", "nonsense", "<< /K 1 >> >>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *bodies[] = { "<< /Type /Catalog >>", bad[i] };
		struct bytes pdf = handmade(bodies, 2, NULL);
		struct pdf_reader *r;
		const char *why = NULL;
		assert_int_equal(pdf_reader_open(pdf.data, pdf.len, &r, &why), 0);
		if (pdf_reader_object(r, 2, &why) != NULL)
			fail_msg("\"%s\" was read", bad[i]);
		assert_memory_equal(why, WHY_PREFIX, strlen(WHY_PREFIX));
		pdf_reader_free(r);
		free(pdf.data);
	}
}

/* PNG predictor rows: each tag in turn (None, Sub, Up, Average, Paeth). */
static void png_predict(const unsigned char *raw, size_t rows, size_t columns, struct buf *out)
{
	for (size_t y = 0; y < rows; y++) {
		unsigned tag = (unsigned)(y % 5);
		buf_putc(out, (char)tag);
		for (size_t i = 0; i < columns; i++) {
			int x = raw[y * columns + i];
			int a = i ? raw[y * columns + i - 1] : 0;
			int b = y ? raw[(y - 1) * columns + i] : 0;
			int c = y && i ? raw[(y - 1) * columns + i - 1] : 0;
			int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
			int pred = tag == 0 ? 0 : tag == 1 ? a : tag == 2 ? b : tag == 3 ? (a + b) / 2
				 : (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
			buf_putc(out, (char)(unsigned char)(x - pred));
		}
	}
}

static void deflate_into(struct buf *out, const void *data, size_t len)
{
	uLongf n = compressBound(len);
	unsigned char *z = malloc(n);
	assert_int_equal(compress2(z, &n, data, len, 9), Z_OK);
	buf_add(out, (const char *)z, n);
	free(z);
}

/* A PDF 1.5 file by hand: catalog, page tree and page in a compressed object stream, a
 * Flate content stream, an image with a filter the reader does not decode, and a
 * cross-reference stream with /Index and PNG predictor 12. */
static struct bytes handmade_xref_stream(void)
{
	struct buf b = { 0 };
	size_t offsets[8] = { 0 };
	buf_puts(&b, "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n");
	/* Object 1: the object stream with objects 2, 3 and 4. */
	static const char *const held[] = {
		"<< /Type /Catalog /Pages 3 0 R >>",
		"<< /Type /Pages /Kids [4 0 R] /Count 1 /MediaBox [0 0 50 40] >>",
		("<< /Type /Page /Parent 3 0 R /Resources << /XObject << /Im 6 0 R >> "
		 "/ExtGState << /G << /ca 0.5 >> >> >> /Contents [5 0 R 7 0 R] >>"),
	};
	struct buf table = { 0 }, objs = { 0 };
	for (int i = 0; i < 3; i++) {
		buf_printf(&table, "%d %zu ", i + 2, objs.len);
		buf_puts(&objs, held[i]);
		buf_putc(&objs, '\n');
	}
	struct buf plain = { 0 };
	buf_add(&plain, table.data, table.len);
	buf_add(&plain, objs.data, objs.len);
	struct buf z = { 0 };
	deflate_into(&z, plain.data, plain.len);
	offsets[1] = b.len;
	buf_printf(&b, "1 0 obj\n<< /Type /ObjStm /N 3 /First %zu /Filter /FlateDecode /Length %zu >>"
		       "\nstream\n", table.len, z.len);
	buf_add(&b, z.data, z.len);
	buf_puts(&b, "\nendstream\nendobj\n");
	/* Object 5: content, compressed, with its /Length in object 8. */
	static const char content[] = "q 1 0 0 rg 5 5 20 20 re f Q";
	z.len = 0;
	deflate_into(&z, content, sizeof content - 1);
	offsets[5] = b.len;
	buf_puts(&b, "5 0 obj\n<< /Length 8 0 R /Filter [/FlateDecode] >>\nstream\r\n");
	buf_add(&b, z.data, z.len);
	buf_puts(&b, "\nendstream\nendobj\n");
	/* Object 6: a 2 x 2 image in ASCIIHex, copied as it is. */
	offsets[6] = b.len;
	static const char hex[] = "FF0000 00FF00 0000FF 000000>";
	buf_printf(&b, "6 0 obj\n<< /Type /XObject /Subtype /Image /Width 2 /Height 2 "
		       "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /ASCIIHexDecode "
		       "/Length %zu >>\nstream\n%s\nendstream\nendobj\n", sizeof hex - 1, hex);
	/* Object 7: more content, not compressed. */
	static const char more[] = "q /G gs 30 0 0 30 20 5 cm /Im Do Q";
	offsets[7] = b.len;
	buf_printf(&b, "7 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
		   sizeof more - 1, more);
	size_t length_obj = b.len;
	buf_printf(&b, "8 0 obj\n%zu\nendobj\n", z.len);
	/* Object 9: the cross-reference stream, rows of 1 + 2 + 1 bytes. */
	size_t xref = b.len;
	unsigned char rows[10][4];
	memset(rows, 0, sizeof rows);
	rows[0][3] = 255;
	size_t places[10] = { 0, offsets[1], 0, 0, 0, offsets[5], offsets[6], offsets[7],
			      length_obj, xref };
	for (int i = 1; i < 10; i++) {
		bool compressed = i >= 2 && i <= 4;
		rows[i][0] = compressed ? 2 : 1;
		size_t where = compressed ? 1 : places[i];
		rows[i][1] = (unsigned char)(where >> 8);
		rows[i][2] = (unsigned char)where;
		rows[i][3] = compressed ? (unsigned char)(i - 2) : 0;
	}
	struct buf predicted = { 0 };
	png_predict(&rows[0][0], 10, 4, &predicted);
	z.len = 0;
	deflate_into(&z, predicted.data, predicted.len);
	buf_printf(&b, "9 0 obj\n<< /Type /XRef /Size 10 /Index [0 10] /W [1 2 1] /Root 2 0 R "
		       "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> "
		       "/Length %zu >>\nstream\n", z.len);
	buf_add(&b, z.data, z.len);
	buf_printf(&b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref);
	buf_free(&table);
	buf_free(&objs);
	buf_free(&plain);
	buf_free(&z);
	buf_free(&predicted);
	return (struct bytes){ (unsigned char *)b.data, b.len };
}

static void test_reader_xref_stream(void **state)
{
	struct fixture *f = *state;
	struct bytes pdf = handmade_xref_stream();
	struct pdf_reader *r;
	const char *why = NULL;
	if (pdf_reader_open(pdf.data, pdf.len, &r, &why) < 0)
		fail_msg("%s", why);
	const struct pdf_obj *page = pdf_reader_object(r, 4, &why);
	assert_non_null(page);
	assert_true(pdf_is_name(pdf_dict_get(page, "Type"), "Page"));
	const struct pdf_obj *content = pdf_reader_object(r, 5, &why);
	assert_int_equal(content->kind, PDF_STREAM);
	unsigned char *data;
	size_t len;
	assert_int_equal(pdf_stream_decode(r, content, &data, &len, &why), 0);
	assert_int_equal(len, strlen("q 1 0 0 rg 5 5 20 20 re f Q"));
	assert_memory_equal(data, "q 1 0 0 rg 5 5 20 20 re f Q", len);
	free(data);
	const struct pdf_obj *image = pdf_reader_object(r, 6, &why);
	assert_false(pdf_stream_decodable(image));
	assert_int_equal(pdf_stream_decode(r, image, &data, &len, &why), -1);
	pdf_reader_free(r);
	check_import(f->dir, "xrefstream", &pdf, NULL, 50, 40);
	free(pdf.data);
}

/* A hybrid file (PDF 32000-1, 7.5.8.4): the main table lists object 5 as free; its
 * place is in the cross-reference stream that the trailer's /XRefStm names, in the update
 * section as the standard's example has it (spec_layout) or in the main one. */
static struct bytes hybrid_pdf(bool spec_layout)
{
	struct buf b = { 0 };
	size_t at[8] = { 0 };
	char *content = stream_body("", "q /G gs 0 0 1 rg 5 5 30 30 re f Q");
	const char *bodies[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 60 40] "
		"/Resources << /ExtGState << /G 5 0 R >> >> /Contents 4 0 R >>",
		content,
	};
	buf_puts(&b, "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n");
	for (int i = 0; i < 4; i++) {
		at[i + 1] = b.len;
		buf_printf(&b, "%d 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
	}
	free(content);
	static const char held[] = "5 0 << /Type /ExtGState /ca 0.5 >>";
	at[6] = b.len;
	buf_printf(&b, "6 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length %zu >>\nstream\n%s\n"
		       "endstream\nendobj\n", sizeof held - 1, held);
	at[7] = b.len;
	static const unsigned char row[] = { 2, 0, 6, 0 };
	buf_puts(&b, "7 0 obj\n<< /Type /XRef /Size 8 /W [1 2 1] /Index [5 1] /Length 4 >>\n"
		     "stream\n");
	buf_add(&b, (const char *)row, sizeof row);
	buf_puts(&b, "\nendstream\nendobj\n");
	size_t xref = b.len;
	buf_puts(&b, "xref\n0 8\n0000000005 65535 f \n");
	for (int i = 1; i < 8; i++) {
		if (i == 5)
			buf_puts(&b, "0000000000 65535 f \n");
		else
			buf_printf(&b, "%010zu 00000 n \n", at[i]);
	}
	if (spec_layout) {
		buf_puts(&b, "trailer\n<< /Size 8 /Root 1 0 R >>\n");
		size_t update = b.len;
		buf_printf(&b, "xref\n0 0\ntrailer\n<< /Size 8 /Root 1 0 R /Prev %zu /XRefStm %zu >>\n"
			       "startxref\n%zu\n%%%%EOF\n", xref, at[7], update);
	} else {
		buf_printf(&b, "trailer\n<< /Size 8 /Root 1 0 R /XRefStm %zu >>\nstartxref\n%zu\n"
			       "%%%%EOF\n", at[7], xref);
	}
	return (struct bytes){ (unsigned char *)b.data, b.len };
}

static void test_reader_hybrid(void **state)
{
	struct fixture *f = *state;
	for (int spec_layout = 0; spec_layout < 2; spec_layout++) {
		struct bytes pdf = hybrid_pdf(spec_layout);
		struct pdf_reader *r;
		const char *why = NULL;
		if (pdf_reader_open(pdf.data, pdf.len, &r, &why) < 0)
			fail_msg("%s", why);
		const struct pdf_obj *gs = pdf_reader_object(r, 5, &why);
		assert_non_null(gs);
		assert_true(pdf_is_name(pdf_dict_get(gs, "Type"), "ExtGState"));
		pdf_reader_free(r);
		/* Poppler, which renders the source to compare, reads only the standard's. */
		if (spec_layout)
			check_import(f->dir, "hybrid", &pdf, NULL, 60, 40);
		free(pdf.data);
	}
}

/* ---- importing ---- */

static void test_import_cairo(void **state)
{
	struct fixture *f = *state;
	struct bytes pdf = cairo_sample_pdf();
	check_import(f->dir, "cairo", &pdf, "Imported picture text", 200, 120);
	free(pdf.data);
}

/* The same PDF as qpdf rewrites it: object streams and a cross-reference stream (as
 * Cairo 1.18 writes), uncompressed (QDF), and object streams left uncompressed. */
static void test_import_qpdf_variants(void **state)
{
	struct fixture *f = *state;
	if (!have_tools()) {
		skip();
		return;
	}
	struct bytes pdf = cairo_sample_pdf();
	save(f->dir, "plain.pdf", &pdf);
	static const struct {
		const char *name;    /* of the variant */
		const char *options; /* qpdf's */
		const char *expect;  /* bytes the variant's file must hold */
	} variants[] = {
		{ "objstm", "--object-streams=generate --compress-streams=y", "/ObjStm" },
		{ "qdf", "--qdf --object-streams=disable", "%QDF" },
		{ "objstm-plain", "--object-streams=generate --stream-data=uncompress", "/ObjStm" },
	};
	for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
		char out[64];
		snprintf(out, sizeof out, "%s.pdf", variants[i].name);
		assert_int_equal(run("qpdf %s %s/plain.pdf %s/%s", variants[i].options, f->dir,
				     f->dir, out), 0);
		struct bytes v = load(f->dir, out);
		assert_non_null(memmem(v.data, v.len, variants[i].expect,
				       strlen(variants[i].expect)));
		if (strcmp(variants[i].name, "qdf") != 0)
			assert_non_null(memmem(v.data, v.len, "/XRef", 5));
		check_import(f->dir, variants[i].name, &v, "Imported picture text", 200, 120);
		free(v.data);
	}
	free(pdf.data);
}

/* Our own writer's output (object streams, an xref stream) read back: the form in it
 * is a nested form, copied with everything below it. */
static void test_import_own_output(void **state)
{
	struct fixture *f = *state;
	struct bytes pdf = cairo_sample_pdf(), once, twice;
	struct pdf_import_result res;
	const char *why = NULL;
	assert_int_equal(wrap_import(&pdf, &once, &res, &why), 0);
	check_import(f->dir, "again", &once, "Imported picture text", 200, 120);
	assert_int_equal(wrap_import(&once, &twice, &res, &why), 0);
	free(pdf.data);
	free(once.data);
	free(twice.data);
}

/* Objects of a PDF (ours: object streams) whose /Type is `type`. */
static int objects_of_type(const struct bytes *pdf, const char *type)
{
	struct pdf_reader *r;
	const char *why = NULL;
	if (pdf_reader_open(pdf->data, pdf->len, &r, &why) < 0)
		fail_msg("%s", why);
	int n = 0;
	for (int i = 1; i < pdf_reader_size(r); i++) {
		const struct pdf_obj *o = pdf_reader_object(r, i, &why);
		if (!o)
			fail_msg("object %d: %s", i, why);
		if (pdf_is_name(pdf_dict_get(o, "Type"), type))
			n++;
	}
	pdf_reader_free(r);
	return n;
}

static void test_import_svg(void **state)
{
	struct fixture *f = *state;
	static const char svg[] =
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" "
		"viewBox=\"0 0 200 100\">"
		"<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#c00\"/>"
		"<stop offset=\"1\" stop-color=\"#00c\" stop-opacity=\"0.6\"/></linearGradient></defs>"
		"<rect x=\"10\" y=\"10\" width=\"120\" height=\"50\" fill=\"url(#g)\"/>"
		"<circle cx=\"170\" cy=\"40\" r=\"20\" fill=\"green\"/>"
		"<text x=\"10\" y=\"90\" font-family=\"DejaVu Sans\" font-size=\"14\">"
		"Chart label in SVG</text></svg>";
	char *path = path_in(f->dir, "chart.svg");
	write_file(path, svg);
	free(path);
	struct image_cache *cache = image_cache_new();
	struct image *img;
	const char *why = NULL;
	if (image_load(cache, f->dir, NULL, "chart.svg", &img, &why) < 0)
		fail_msg("%s", why);
	/* Three pictures in one book: the same SVG at two sizes and a second one with the
	 * same font. */
	struct image_svg_book *book = image_svg_book_new();
	if (image_svg_book_add(book, img, 150, 75, &why) < 0 ||
	    image_svg_book_add(book, img, 300, 150, &why) < 0)
		fail_msg("%s", why);
	path = path_in(f->dir, "other.svg");
	write_file(path, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"40\">"
			 "<text x=\"5\" y=\"30\" font-family=\"DejaVu Sans\" font-size=\"14\">"
			 "Second label</text></svg>");
	free(path);
	struct image *other;
	assert_int_equal(image_load(cache, f->dir, NULL, "other.svg", &other, &why), 0);
	assert_int_equal(image_svg_book_add(book, other, 75, 30, &why), 0);
	assert_int_equal(image_svg_book_pages(book), 3);
	const unsigned char *data;
	size_t len;
	assert_int_equal(image_svg_book_finish(book, &data, &len, &why), 0);
	assert_memory_equal(data, "%PDF-1.5", 8);
	struct bytes pdf = { (unsigned char *)xmalloc(len), len };
	memcpy(pdf.data, data, len);
	/* A page is one picture: the first alone, imported and drawn. */
	check_import(f->dir, "svg", &pdf, "Chart label in SVG", 150, 75);
	/* All three as forms into numbers reserved before: one font program for all. */
	char *out = NULL;
	size_t out_len = 0;
	FILE *fo = open_memstream(&out, &out_len);
	struct pdf_writer *w = pdfw_new(fo);
	int forms[3] = { pdfw_reserve(w), pdfw_reserve(w), pdfw_reserve(w) };
	struct pdf_import_result got[3];
	assert_int_equal(pdf_import_pages(w, pdf.data, pdf.len, 3, forms, got, &why), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(got[i].form, forms[i]);
	assert_true(fabs(got[1].width - 300) < 1e-6 && fabs(got[2].height - 30) < 1e-6);
	struct captured c;
	captured_open(&c);
	assert_int_equal(pdfw_finish(w, forms[0], 0, c.sink, "t"), 0);
	captured_close(&c);
	pdfw_free(w);
	fclose(fo);
	struct bytes imported = { (unsigned char *)out, out_len };
	assert_int_equal(objects_of_type(&imported, "FontDescriptor"), 1);
	free(imported.data);
	/* Asking for more pages than the book has is refused, with a reason. */
	fo = open_memstream(&out, &out_len);
	w = pdfw_new(fo);
	int more[4] = { pdfw_reserve(w), pdfw_reserve(w), pdfw_reserve(w), pdfw_reserve(w) };
	struct pdf_import_result four[4];
	assert_int_equal(pdf_import_pages(w, pdf.data, pdf.len, 4, more, four, &why), -1);
	assert_non_null(strstr(why, "fewer pages"));
	pdfw_free(w);
	fclose(fo);
	free(out);
	free(pdf.data);
	image_svg_book_free(book);
	/* Not an SVG, or no box: refused, the page kept so that pages and pictures agree. */
	book = image_svg_book_new();
	assert_int_equal(image_svg_book_add(book, img, 0, 75, &why), -1);
	assert_int_equal(image_svg_book_add(book, img, NAN, 75, &why), -1);
	path = path_in(f->dir, "dot.png");
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 2, 2);
	assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	free(path);
	struct image *png;
	assert_int_equal(image_load(cache, f->dir, NULL, "dot.png", &png, &why), 0);
	assert_int_equal(image_svg_book_add(book, png, 10, 10, &why), -1);
	assert_int_equal(image_svg_book_finish(book, &data, &len, &why), -1);
	image_svg_book_free(book);
	image_cache_free(cache);
}

/* Objects that refer to each other in a circle are copied once each; the picture's
 * page, annotations and metadata are not copied. */
static void test_import_resource_cycle(void **state)
{
	struct fixture *f = *state;
	char *content = stream_body("", "q 0 0 1 rg 0 0 60 40 re f /F1 Do Q");
	char *form = stream_body("/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
				 "/Resources 5 0 R /Metadata 8 0 R", "0 1 0 rg 0 0 5 5 re f");
	char *metadata = stream_body("/Type /Metadata /Subtype /XML", "<x/>");
	const char *bodies[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 60 40] /Resources 5 0 R "
		"/Contents 4 0 R /Annots [7 0 R] /StructParents 0 >>",
		content,
		"<< /XObject << /F1 6 0 R >> /Page 3 0 R /Again 5 0 R >>",
		form,
		"<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] >>",
		metadata,
	};
	struct bytes pdf = handmade(bodies, 8, NULL);
	struct bytes out;
	struct pdf_import_result res;
	const char *why = NULL;
	if (wrap_import(&pdf, &out, &res, &why) < 0)
		fail_msg("%s", why);
	assert_int_equal(objects_of_type(&out, "Annot"), 0);
	assert_int_equal(objects_of_type(&out, "Metadata"), 0);
	assert_int_equal(objects_of_type(&out, "Page"), 1); /* the wrapper's own */
	assert_int_equal(objects_of_type(&out, "XObject"), 2);
	save(f->dir, "cycle.pdf", &out);
	if (have_tools())
		assert_int_equal(run("qpdf --check %s/cycle.pdf >/dev/null", f->dir), 0);
	free(out.data);
	free(pdf.data);
	free(content);
	free(form);
	free(metadata);
}

/* ---- malformed input ---- */

static void test_truncated(void **state)
{
	(void)state;
	struct bytes pdf = cairo_sample_pdf();
	/* Every length short of the final %%EOF. */
	const unsigned char *eof = NULL;
	for (const unsigned char *p = pdf.data; (p = memmem(p, pdf.len - (size_t)(p - pdf.data),
							     "%%EOF", 5)) != NULL; p++)
		eof = p;
	assert_non_null(eof);
	for (size_t n = 0; n < (size_t)(eof - pdf.data) + 5; n++)
		expect_failure(pdf.data, n);
	/* Truncated inside, the tail kept: offsets point at the wrong bytes. */
	for (size_t cut = 1; cut < pdf.len - 200; cut += 7) {
		struct buf b = { 0 };
		buf_add(&b, (const char *)pdf.data, cut);
		size_t keep = pdf.len - cut - 7 < 600 ? pdf.len - cut - 7 : 600;
		buf_add(&b, (const char *)pdf.data + pdf.len - keep, keep);
		try_import((const unsigned char *)b.data, b.len);
		buf_free(&b);
	}
	free(pdf.data);
}

/* Bytes changed at random (a fixed seed): never a crash, a reason when refused. */
static void test_mutations(void **state)
{
	struct fixture *f = *state;
	struct bytes sources[3];
	sources[0] = cairo_sample_pdf();
	sources[1] = handmade_xref_stream();
	size_t n_sources = 2;
	if (have_tools()) {
		save(f->dir, "m.pdf", &sources[0]);
		assert_int_equal(run("qpdf --object-streams=generate %s/m.pdf %s/m2.pdf", f->dir,
				     f->dir), 0);
		sources[n_sources++] = load(f->dir, "m2.pdf");
	}
	unsigned seed = 12345;
	int succeeded = 0, attempts = 0;
	for (size_t s = 0; s < n_sources; s++) {
		for (int round = 0; round < 700; round++) {
			struct bytes *src = &sources[s];
			unsigned char *copy = malloc(src->len);
			memcpy(copy, src->data, src->len);
			int changes = 1 + (int)(rand_r(&seed) % 4);
			for (int k = 0; k < changes; k++) {
				size_t at = (size_t)rand_r(&seed) % src->len;
				static const unsigned char tokens[] = "0123456789 ()<>[]/%RrnfD\n";
				if (rand_r(&seed) % 2)
					copy[at] = tokens[rand_r(&seed) % (sizeof tokens - 1)];
				else
					copy[at] = (unsigned char)rand_r(&seed);
			}
			attempts++;
			if (try_import(copy, src->len) == 0)
				succeeded++;
			free(copy);
		}
	}
	print_message("%d of %d mutated PDFs still imported\n", succeeded, attempts);
	for (size_t s = 0; s < n_sources; s++)
		free(sources[s].data);
}

static void test_malformed(void **state)
{
	(void)state;
	/* Not a PDF at all. */
	expect_failure((const unsigned char *)"", 0);
	expect_failure((const unsigned char *)"%PDF-", 5);
	static const char garbage[] = "%PDF-1.5\n\x01\x02garbage startxref\n0\n%%EOF\n";
	expect_failure((const unsigned char *)garbage, sizeof garbage - 1);
	unsigned char noise[4096];
	unsigned seed = 7;
	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (unsigned char)rand_r(&seed);
	expect_failure(noise, sizeof noise);
	memcpy(noise, "%PDF-1.7\n", 9);
	memcpy(noise + sizeof noise - 20, "startxref\n9\n%%EOF\n", 18);
	expect_failure(noise, sizeof noise - 2);

	struct bytes pdf;
	/* References that go round: resources, a stream's own length, the page tree. */
	const char *ref_cycle[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /MediaBox [0 0 10 10] /Resources 4 0 R >>",
		"5 0 R",
		"4 0 R",
	};
	pdf = handmade(ref_cycle, 5, NULL);
	expect_failure(pdf.data, pdf.len);
	free(pdf.data);
	pdf = handmade_page("<< >>", "<< /Length 4 0 R >>\nstream\nq Q\nendstream");
	expect_failure(pdf.data, pdf.len);
	free(pdf.data);
	const char *kids_cycle[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
	};
	pdf = handmade(kids_cycle, 2, NULL);
	expect_failure(pdf.data, pdf.len);
	free(pdf.data);
	/* Kids that fan out to the same nodes again and again, with no page. */
	const char *fan[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 3 0 R 3 0 R 3 0 R] >>",
		"<< /Type /Pages /Kids [4 0 R 4 0 R 4 0 R 4 0 R] >>",
		"<< /Type /Pages /Kids [5 0 R 5 0 R 5 0 R 5 0 R] >>",
		"<< /Type /Pages /Kids [6 0 R 6 0 R 6 0 R 6 0 R] >>",
		"<< /Type /Pages /Kids [7 0 R 7 0 R 7 0 R 7 0 R] >>",
		"<< /Type /Pages /Kids [8 0 R 8 0 R 8 0 R 8 0 R] >>",
		"<< /Type /Pages /Kids [9 0 R 9 0 R 9 0 R 9 0 R] >>",
		"<< /Type /Pages /Kids [] >>",
	};
	pdf = handmade(fan, 9, NULL);
	expect_failure(pdf.data, pdf.len);
	free(pdf.data);
	/* Lengths: huge, negative, past the end, not a number. */
	static const char *const lengths[] = {
		"<< /Length 99999999999 >>\nstream\nq Q\nendstream",
		"<< /Length -3 >>\nstream\nq Q\nendstream",
		"<< /Length 40 >>\nstream\nq Q\nendstream",
		"<< /Length /Big >>\nstream\nq Q\nendstream",
		"<< /Length 2 >>\nstream\nq Q\nendstream", /* one short: no endstream there */
		"<< /Length 3 /Filter /FlateDecode >>\nstream\nq Q\nendstream",
		"<< /Length 3 /Filter /LZWDecode >>\nstream\nq Q\nendstream",
	};
	for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
		pdf = handmade_page("<< >>", lengths[i]);
		expect_failure(pdf.data, pdf.len);
		free(pdf.data);
	}
	/* Arrays deep inside each other. */
	struct buf deep = { 0 };
	buf_puts(&deep, "<< /X ");
	for (int i = 0; i < 100000; i++)
		buf_putc(&deep, '[');
	for (int i = 0; i < 100000; i++)
		buf_putc(&deep, ']');
	buf_puts(&deep, " >>");
	pdf = handmade_page(deep.data, "<< /Length 3 >>\nstream\nq Q\nendstream");
	expect_failure(pdf.data, pdf.len);
	free(pdf.data);
	buf_free(&deep);
	/* A /Prev that leads back to its own section; an encrypted file. */
	const char *one[] = { "<< /Type /Catalog /Pages 2 0 R >>" };
	pdf = handmade(one, 1, "/Prev 9999");
	char *xref = memmem(pdf.data, pdf.len, "xref\n", 5);
	char *prev = memmem(pdf.data, pdf.len, "/Prev 9999", 10);
	char number[8];
	snprintf(number, sizeof number, "%04zu", (size_t)(xref - (char *)pdf.data));
	memcpy(prev + 6, number, 4);
	struct pdf_reader *r = NULL;
	const char *why = NULL;
	assert_int_equal(pdf_reader_open(pdf.data, pdf.len, &r, &why), -1);
	assert_non_null(strstr(why, "cycle"));
	expect_failure(pdf.data, pdf.len);
	free(pdf.data);
	pdf = handmade(one, 1, "/Encrypt << >>");
	assert_int_equal(pdf_reader_open(pdf.data, pdf.len, &r, &why), -1);
	assert_non_null(strstr(why, "encrypted"));
	free(pdf.data);
	/* No MediaBox; a content array holding a number. */
	const char *no_box[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page >>",
	};
	pdf = handmade(no_box, 3, NULL);
	expect_failure(pdf.data, pdf.len);
	free(pdf.data);
	const char *bad_contents[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /MediaBox [0 0 5 5] /Contents [1] >>",
	};
	pdf = handmade(bad_contents, 3, NULL);
	expect_failure(pdf.data, pdf.len);
	free(pdf.data);
}

/* Cross-reference streams that lie: widths of nothing, counts past the data, object
 * streams that hold themselves. */
static void test_malformed_xref_streams(void **state)
{
	(void)state;
	static const char *const dicts[] = { /* the first row is object 1 at offset 9 */
		"/W [0 0 0] /Index [0 4000000000]",
		"/W [1 2 1] /Index [0 4000000000]",
		"/W [9 2 1]",
		"/W [1 2]",
		"/W [1 2 1] /Index [0]",
		"/W [1 2 1] /DecodeParms << /Predictor 12 /Columns 0 >>",
		"/W [1 2 1] /DecodeParms << /Predictor 12 /Columns 5 >>",
		"/W [1 2 1] /DecodeParms << /Predictor 2 >>",
	};
	for (size_t i = 0; i < sizeof dicts / sizeof *dicts; i++) {
		struct buf b = { 0 };
		buf_puts(&b, "%PDF-1.5\n");
		size_t xref = b.len;
		unsigned char rows[] = { 0, 0, 0, 255, 1, 0, 9, 0 };
		struct buf z = { 0 };
		deflate_into(&z, rows, sizeof rows);
		buf_printf(&b, "1 0 obj\n<< /Type /XRef /Size 2 /Root 1 0 R %s /Filter /FlateDecode "
			       "/Length %zu >>\nstream\n", dicts[i], z.len);
		buf_add(&b, z.data, z.len);
		buf_printf(&b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref);
		expect_failure((const unsigned char *)b.data, b.len);
		buf_free(&b);
		buf_free(&z);
	}
	/* An object stream said to be inside itself; one whose length is itself. */
	static const char *const objstm_dicts[] = { "/Length 5", "/Length 1 0 R" };
	static const unsigned char first_row_types[] = { 2, 1 };
	for (int i = 0; i < 2; i++) {
		struct buf b = { 0 };
		buf_puts(&b, "%PDF-1.5\n");
		size_t at1 = b.len;
		buf_printf(&b, "1 0 obj\n<< /Type /ObjStm /N 1 /First 4 %s >>\nstream\n"
			       "2 0 1\nendstream\nendobj\n", objstm_dicts[i]);
		size_t xref = b.len;
		unsigned char rows[] = {
			0, 0, 0, 255, first_row_types[i], 0, (unsigned char)at1, 0, 2, 0, 1, 0,
			1, 0, (unsigned char)xref, 0,
		};
		struct buf z = { 0 };
		deflate_into(&z, rows, sizeof rows);
		buf_printf(&b, "3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 2 0 R "
			       "/Filter /FlateDecode /Length %zu >>\nstream\n", z.len);
		buf_add(&b, z.data, z.len);
		buf_printf(&b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref);
		assert_true(xref < 256);
		expect_failure((const unsigned char *)b.data, b.len);
		buf_free(&b);
		buf_free(&z);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_values),
		cmocka_unit_test(test_reader_bad_values),
		cmocka_unit_test_setup_teardown(test_reader_xref_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_hybrid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_cairo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_qpdf_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_own_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_svg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_resource_cycle, setup, teardown),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test_setup_teardown(test_mutations, setup, teardown),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_malformed_xref_streams),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Let go of the fonts librsvg's and Cairo's text used, so that valgrind sees no leak. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	return failed;
}
