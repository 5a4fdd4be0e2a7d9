/* Unit tests for images: PNG, JPEG and SVG from files and data: URIs, the allowed
 * folders, limits and corrupt input, inline SVG from HTML trees, and what goes into a PDF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "image/image.h"
#include "testutil.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <libxml/HTMLparser.h>
#include <pango/pangocairo.h>
#include <libxml/parser.h>
#include <math.h>
#include <pthread.h>

/* An 8 x 6 baseline JPEG, all red (ImageMagick: convert -size 8x6 xc:red -strip). */
static const unsigned char red_jpeg[] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
	0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43,
	0x00, 0x10, 0x0b, 0x0c, 0x0e, 0x0c, 0x0a, 0x10, 0x0e, 0x0d, 0x0e, 0x12,
	0x11, 0x10, 0x13, 0x18, 0x28, 0x1a, 0x18, 0x16, 0x16, 0x18, 0x31, 0x23,
	0x25, 0x1d, 0x28, 0x3a, 0x33, 0x3d, 0x3c, 0x39, 0x33, 0x38, 0x37, 0x40,
	0x48, 0x5c, 0x4e, 0x40, 0x44, 0x57, 0x45, 0x37, 0x38, 0x50, 0x6d, 0x51,
	0x57, 0x5f, 0x62, 0x67, 0x68, 0x67, 0x3e, 0x4d, 0x71, 0x79, 0x70, 0x64,
	0x78, 0x5c, 0x65, 0x67, 0x63, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x11, 0x12,
	0x12, 0x18, 0x15, 0x18, 0x2f, 0x1a, 0x1a, 0x2f, 0x63, 0x42, 0x38, 0x42,
	0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
	0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
	0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
	0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
	0x63, 0x63, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x06, 0x00, 0x08, 0x03,
	0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xc4, 0x00,
	0x15, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0xff, 0xc4, 0x00, 0x14,
	0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x15, 0x01, 0x01,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x06, 0xff, 0xc4, 0x00, 0x14, 0x11, 0x01, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11,
	0x03, 0x11, 0x00, 0x3f, 0x00, 0x8a, 0x00, 0xb5, 0xe3, 0xff, 0xd9
};

struct fixture {
	char *dir;                 /* scratch folder: the document's folder */
	char *outside;             /* a scratch folder beside it, not allowed */
	struct image_cache *cache; /* a fresh cache per test */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = scratch_dir();
	f->outside = scratch_dir();
	f->cache = image_cache_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	image_cache_free(f->cache);
	remove_tree(f->dir);
	remove_tree(f->outside);
	free(f->dir);
	free(f->outside);
	free(f);
	return 0;
}

static void write_bytes(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = path_in(dir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
	free(path);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	write_bytes(dir, name, text, strlen(text));
}

/* A width x height PNG of one colour, written with Cairo. */
static void write_png(const char *dir, const char *name, int width, int height, double r,
		      double g, double b)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, r, g, b);
	cairo_paint(cr);
	cairo_destroy(cr);
	char *path = path_in(dir, name);
	assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	free(path);
}

static unsigned char *file_bytes(const char *dir, const char *name, size_t *len)
{
	char *path = path_in(dir, name);
	gchar *data;
	gsize n;
	assert_true(g_file_get_contents(path, &data, &n, NULL));
	free(path);
	unsigned char *copy = malloc(n);
	memcpy(copy, data, n);
	g_free(data);
	*len = n;
	return copy;
}

/* Loads src from the fixture's folder and returns the image, failing the test with the
 * reason when it does not load. */
static struct image *load_ok(struct fixture *f, const char *src)
{
	struct image *img = NULL;
	const char *why = NULL;
	if (image_load(f->cache, f->dir, NULL, src, &img, &why) < 0)
		fail_msg("%s: %s", src, why);
	assert_non_null(img);
	return img;
}

/* Loads src expecting a refusal whose reason contains `reason`. */
static void load_refused(struct fixture *f, const char *src, const char *reason)
{
	struct image *img = (struct image *)1;
	const char *why = NULL;
	assert_int_equal(image_load(f->cache, f->dir, NULL, src, &img, &why), -1);
	assert_null(img);
	assert_non_null(why);
	if (!strstr(why, reason))
		fail_msg("%s: reason \"%s\" lacks \"%s\"", src, why, reason);
}

static void assert_size(const struct image *img, double width, double height, bool has_size,
			double ratio)
{
	double w, h, r;
	bool known;
	image_intrinsic_size(img, &w, &h, &r, &known);
	if (known != has_size || fabs(w - width) > 1e-6 || fabs(h - height) > 1e-6 ||
	    fabs(r - ratio) > 1e-6)
		fail_msg("size %g x %g (%s), ratio %g; want %g x %g (%s), ratio %g", w, h,
			 known ? "known" : "unknown", r, width, height,
			 has_size ? "known" : "unknown", ratio);
}

/* A PDF made in memory. */
struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	char *bytes; /* after pdf_end */
	size_t len;
	FILE *stream;
};

static cairo_status_t write_to_stream(void *closure, const unsigned char *data, unsigned int n)
{
	return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void pdf_begin(struct pdf *p)
{
	memset(p, 0, sizeof *p);
	p->stream = open_memstream(&p->bytes, &p->len);
	p->surface = cairo_pdf_surface_create_for_stream(write_to_stream, p->stream, 595, 842);
	p->cr = cairo_create(p->surface);
	cairo_scale(p->cr, 0.75, 0.75); /* user units are CSS px */
}

static void pdf_end(struct pdf *p)
{
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	assert_int_equal(cairo_surface_status(p->surface), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(p->surface);
	fclose(p->stream);
}

static int count_in(const char *bytes, size_t len, const char *needle)
{
	int n = 0;
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(bytes + i, needle, k) == 0)
			n++;
	return n;
}

/* ----------------------------------------------------------------- raster files */

static void test_png_file(void **state)
{
	struct fixture *f = *state;
	write_png(f->dir, "wide.png", 20, 10, 0, 0, 1);
	struct image *img = load_ok(f, "wide.png");
	assert_string_equal(image_type(img), "image/png");
	assert_size(img, 20, 10, true, 2);
	/* Loaded once: the same source, and the same file by another name. */
	assert_ptr_equal(load_ok(f, "wide.png"), img);
	assert_ptr_equal(load_ok(f, "./wide.png#frag"), img);
}

static void test_jpeg_file(void **state)
{
	struct fixture *f = *state;
	write_bytes(f->dir, "red.jpg", red_jpeg, sizeof red_jpeg);
	struct image *img = load_ok(f, "red.jpg");
	assert_string_equal(image_type(img), "image/jpeg");
	assert_size(img, 8, 6, true, 8.0 / 6);
}

/* The JPEG with an EXIF APP1 segment saying orientation o, after its SOI. */
static unsigned char *jpeg_with_orientation(int o, size_t *len)
{
	static const unsigned char app1[] = {
		0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, 42, 0, 0, 0, 8,      /* big-endian TIFF, IFD0 at 8 */
		0, 1,                             /* one entry */
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, /* orientation, SHORT, 1 */
		0, 0, 0, 0,                       /* no next IFD */
	};
	*len = sizeof red_jpeg + sizeof app1;
	unsigned char *out = malloc(*len);
	memcpy(out, red_jpeg, 2);
	memcpy(out + 2, app1, sizeof app1);
	out[2 + 29] = (unsigned char)o; /* the SHORT value, big-endian */
	memcpy(out + 2 + sizeof app1, red_jpeg + 2, sizeof red_jpeg - 2);
	return out;
}

static void test_jpeg_exif_orientation(void **state)
{
	struct fixture *f = *state;
	size_t len;
	unsigned char *turned = jpeg_with_orientation(6, &len);
	write_bytes(f->dir, "turned.jpg", turned, len);
	free(turned);
	unsigned char *mirrored = jpeg_with_orientation(2, &len);
	write_bytes(f->dir, "mirrored.jpg", mirrored, len);
	free(mirrored);
	assert_size(load_ok(f, "turned.jpg"), 6, 8, true, 6.0 / 8);
	assert_size(load_ok(f, "mirrored.jpg"), 8, 6, true, 8.0 / 6);

	struct pdf p;
	pdf_begin(&p);
	image_draw(load_ok(f, "turned.jpg"), p.cr, 10, 10, 60, 80);
	pdf_end(&p);
	assert_int_equal(count_in(p.bytes, p.len, "/DCTDecode"), 1);
	free(p.bytes);
}

/* Offset of a JPEG's SOF0 marker. */
static size_t sof_offset(const unsigned char *jpeg, size_t len)
{
	for (size_t i = 2; i + 1 < len; i++)
		if (jpeg[i] == 0xff && jpeg[i + 1] == 0xc0)
			return i;
	fail_msg("no SOF0");
	return 0;
}

static void test_corrupt_and_unsupported(void **state)
{
	struct fixture *f = *state;
	unsigned char jpeg[sizeof red_jpeg];
	size_t sof = sof_offset(red_jpeg, sizeof red_jpeg);

	write_bytes(f->dir, "cut.jpg", red_jpeg, sof + 5);
	load_refused(f, "cut.jpg", "corrupt JPEG");
	memcpy(jpeg, red_jpeg, sizeof jpeg);
	jpeg[sof + 1] = 0xc3; /* lossless */
	write_bytes(f->dir, "lossless.jpg", jpeg, sizeof jpeg);
	load_refused(f, "lossless.jpg", "lossless");
	memcpy(jpeg, red_jpeg, sizeof jpeg);
	jpeg[sof + 4] = 12; /* 12-bit samples */
	write_bytes(f->dir, "deep.jpg", jpeg, sizeof jpeg);
	load_refused(f, "deep.jpg", "8 bits");
	memcpy(jpeg, red_jpeg, sizeof jpeg);
	jpeg[sof + 5] = 0xea; /* height 60000 */
	jpeg[sof + 6] = 0x60;
	write_bytes(f->dir, "tall.jpg", jpeg, sizeof jpeg);
	load_refused(f, "tall.jpg", "40000 pixels");
	memcpy(jpeg, red_jpeg, sizeof jpeg);
	jpeg[sof + 5] = 0x7d; /* 32000 x 32000: each side fine, too many in all */
	jpeg[sof + 6] = 0x00;
	jpeg[sof + 7] = 0x7d;
	jpeg[sof + 8] = 0x00;
	write_bytes(f->dir, "huge.jpg", jpeg, sizeof jpeg);
	load_refused(f, "huge.jpg", "100 million");
	memcpy(jpeg, red_jpeg, sizeof jpeg);
	jpeg[sof + 2] = 0xff; /* segment length past the end */
	write_bytes(f->dir, "long.jpg", jpeg, sizeof jpeg);
	load_refused(f, "long.jpg", "corrupt JPEG");

	/* Headers only: a 16 x 16 CMYK frame, with and without Adobe's APP14 segment. */
	static const unsigned char cmyk[] = {
		0xff, 0xd8,
		0xff, 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 2,
		0xff, 0xc0, 0, 20, 8, 0, 16, 0, 16, 4,
		1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0,
		0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0,
		0xff, 0xd9,
	};
	write_bytes(f->dir, "adobe.jpg", cmyk, sizeof cmyk);
	load_refused(f, "adobe.jpg", "negative");
	memcpy(jpeg, cmyk, 2);
	memcpy(jpeg + 2, cmyk + 18, sizeof cmyk - 18);
	write_bytes(f->dir, "cmyk.jpg", jpeg, sizeof cmyk - 16);
	assert_size(load_ok(f, "cmyk.jpg"), 16, 16, true, 1);

	write_png(f->dir, "ok.png", 4, 4, 1, 0, 0);
	size_t len;
	unsigned char *png = file_bytes(f->dir, "ok.png", &len);
	write_bytes(f->dir, "cut.png", png, len - 20);
	load_refused(f, "cut.png", "corrupt PNG");
	png[16] = 0x00; /* width 0x00c35004: 12800004 pixels */
	png[17] = 0xc3;
	png[18] = 0x50;
	write_bytes(f->dir, "wide.png", png, len);
	load_refused(f, "wide.png", "40000 pixels");
	memset(png + 40, 0x55, len - 60); /* pixel data scrambled */
	png[16] = png[17] = png[18] = 0;
	write_bytes(f->dir, "scrambled.png", png, len);
	load_refused(f, "scrambled.png", "corrupt PNG");
	free(png);

	write_bytes(f->dir, "anim.gif", "GIF89a\1\0\1\0\0\0\0;", 14);
	load_refused(f, "anim.gif", "GIF images are not drawn");
	write_bytes(f->dir, "empty.png", "", 0);
	load_refused(f, "empty.png", "empty");
	write_bytes(f->dir, "noise.bin", "\x01\x02\x03 hello", 9);
	load_refused(f, "noise.bin", "not a PNG, JPEG or SVG");
	write_bytes(f->dir, "bad.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", 52);
	load_refused(f, "bad.svg", "invalid SVG: line 1");
	write_bytes(f->dir, "note.xml", "<note/>", 7);
	load_refused(f, "note.xml", "root is <note>");
	write_text(f->dir, "entity.svg",
		   "<!DOCTYPE svg [<!ENTITY e SYSTEM \"/etc/passwd\">]>"
		   "<svg xmlns='http://www.w3.org/2000/svg'><text>&e;</text></svg>");
	load_refused(f, "entity.svg", "declares entities");

	/* Over 50 MB: refused before reading (a sparse file, so nothing is written). */
	char *big = path_in(f->dir, "big.png");
	FILE *fp = fopen(big, "wb");
	assert_int_equal(ftruncate(fileno(fp), 51L * 1024 * 1024), 0);
	fclose(fp);
	free(big);
	load_refused(f, "big.png", "larger than 50 MB");
}

/* ---------------------------------------------------------------- data: URIs */

static char *data_uri(const char *head, const unsigned char *data, size_t len)
{
	gchar *b64 = g_base64_encode(data, len);
	char *uri = malloc(strlen(head) + strlen(b64) + 1);
	sprintf(uri, "%s%s", head, b64);
	g_free(b64);
	return uri;
}

static void test_data_uris(void **state)
{
	struct fixture *f = *state;
	write_png(f->dir, "p.png", 3, 5, 0, 1, 0);
	size_t len;
	unsigned char *png = file_bytes(f->dir, "p.png", &len);
	char *uri = data_uri("data:image/png;base64,", png, len);
	struct image *img = load_ok(f, uri);
	assert_string_equal(image_type(img), "image/png");
	assert_size(img, 3, 5, true, 0.6);
	assert_ptr_equal(load_ok(f, uri), img);
	free(uri);
	free(png);

	uri = data_uri(" DATA:image/jpeg;BASE64,", red_jpeg, sizeof red_jpeg);
	/* White space inside base64 is allowed, and so is percent-encoding. */
	size_t n = strlen(uri);
	char *spaced = malloc(3 * n + 8);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 30 && i % 40 == 0)
			spaced[j++] = '\n';
		if (uri[i] == '+' || uri[i] == '/') {
			j += (size_t)sprintf(spaced + j, "%%%02X", uri[i]);
		} else {
			spaced[j++] = uri[i];
		}
	}
	spaced[j] = '\0';
	img = load_ok(f, spaced);
	assert_string_equal(image_type(img), "image/jpeg");
	assert_size(img, 8, 6, true, 8.0 / 6);
	free(uri);
	free(spaced);

	img = load_ok(f, "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'"
			 "%20width='40'%20height='30'%3E"
			 "%3Crect%20width='40'%20height='30'/%3E%3C/svg%3E");
	assert_string_equal(image_type(img), "image/svg+xml");
	assert_size(img, 40, 30, true, 40.0 / 30);
	img = load_ok(f, "data:image/svg+xml;charset=utf-8;base64,"
			 "PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnIHdpZHRoPScxMCcg"
			 "aGVpZ2h0PScyMCcvPg==");
	assert_size(img, 10, 20, true, 0.5);

	load_refused(f, "data:image/png;base64,iVBOR!!w0KGgo=", "invalid base64");
	load_refused(f, "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg", "corrupt PNG");
	load_refused(f, "data:image/png", "without a comma");
	load_refused(f, "data:,", "empty");
	/* A failure is remembered with its reason. */
	load_refused(f, "data:image/png;base64,iVBOR!!w0KGgo=", "invalid base64");
}

/* ---------------------------------------------------------------- folders */

static void test_allowed_folders(void **state)
{
	struct fixture *f = *state;
	write_png(f->outside, "secret.png", 2, 2, 1, 0, 0);
	char *outside_png = path_in(f->outside, "secret.png");
	char *relative = malloc(strlen(f->outside) + 16);
	sprintf(relative, "../%s/secret.png", strrchr(f->outside, '/') + 1);
	char *file_url = malloc(strlen(outside_png) + 8);
	sprintf(file_url, "file://%s", outside_png);

	load_refused(f, outside_png, "outside the folders");
	load_refused(f, relative, "outside the folders");
	load_refused(f, file_url, "outside the folders");
	load_refused(f, "/etc/passwd", "outside the folders");
	load_refused(f, "http://127.0.0.1/x.png", "never the network");
	load_refused(f, "https://example.org/x.png", "never the network");
	load_refused(f, "missing.png", "no such file");

	/* A link out of the folder is followed before the check. */
	char *link = path_in(f->dir, "link.png");
	assert_int_equal(symlink(outside_png, link), 0);
	load_refused(f, "link.png", "outside the folders");
	free(link);

	/* Named in allowed_dirs, the other folder may be read. */
	const char *const allowed[] = { f->dir, f->outside, NULL };
	struct image *img;
	const char *why;
	assert_int_equal(image_load(f->cache, f->dir, allowed, relative, &img, &why), 0);
	assert_size(img, 2, 2, true, 1);
	const char *const only_outside[] = { f->outside, NULL };
	write_png(f->dir, "mine.png", 1, 1, 0, 0, 0);
	assert_int_equal(image_load(f->cache, f->dir, only_outside, "mine.png", &img, &why), -1);
	assert_non_null(strstr(why, "outside the folders"));

	/* Neither a folder nor a device is an image. */
	char *folder = path_in(f->dir, "sub.png");
	assert_int_equal(mkdir(folder, 0755), 0);
	free(folder);
	load_refused(f, "sub.png", "not a regular file");
	free(outside_png);
	free(relative);
	free(file_url);
}

/* ---------------------------------------------------------------- SVG sizes */

static struct image *svg_from(struct fixture *f, const char *name, const char *text)
{
	write_text(f->dir, name, text);
	return load_ok(f, name);
}

static void test_svg_sizes(void **state)
{
	struct fixture *f = *state;
	assert_size(svg_from(f, "px.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='120' "
					  "height='60'/>"),
		    120, 60, true, 2);
	assert_size(svg_from(f, "units.svg",
			     "<?xml version='1.0'?>\n"
			     "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
			     "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd'>\n"
			     "<svg xmlns='http://www.w3.org/2000/svg' width='1in' height='72pt' "
			     "viewBox='0 0 10 20'/>"),
		    96, 96, true, 0.5);
	assert_size(svg_from(f, "viewbox.svg", "<svg xmlns='http://www.w3.org/2000/svg' "
					       "viewBox='0 0 300 150'><circle r='4'/></svg>"),
		    0, 0, false, 2);
	assert_size(svg_from(f, "width.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='50' "
					     "viewBox='0 0 200 100'/>"),
		    50, 25, true, 2);
	assert_size(svg_from(f, "percent.svg", "<svg xmlns='http://www.w3.org/2000/svg' "
					       "width='100%' height='50%'/>"),
		    0, 0, false, 0);
	assert_size(svg_from(f, "none.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"), 0, 0,
		    false, 0);
}

/* ---------------------------------------------------------------- drawing */

static void test_jpeg_into_pdf(void **state)
{
	struct fixture *f = *state;
	write_bytes(f->dir, "red.jpg", red_jpeg, sizeof red_jpeg);
	struct image *img = load_ok(f, "red.jpg");
	char *uri = data_uri("data:image/jpeg;base64,", red_jpeg, sizeof red_jpeg);
	struct image *same_bytes = load_ok(f, uri);
	free(uri);
	struct pdf p;
	pdf_begin(&p);
	image_draw(img, p.cr, 10, 10, 400, 300);
	image_draw(img, p.cr, 10, 400, 80, 60);
	cairo_show_page(p.cr);
	image_draw(same_bytes, p.cr, 10, 10, 800, 600);
	pdf_end(&p);
	/* The original bytes, once, however often and from wherever they were drawn. */
	assert_int_equal(count_in(p.bytes, p.len, "/DCTDecode"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/Subtype /Image"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/Width 8"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/Height 6"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/FlateDecode /Subtype /Image"), 0);
	char *jpeg_in_pdf = memmem(p.bytes, p.len, red_jpeg, sizeof red_jpeg);
	assert_non_null(jpeg_in_pdf);
	free(p.bytes);

	/* A raster target cannot show it: a grey box, no crash. */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 20, 20);
	cairo_t *cr = cairo_create(s);
	image_draw(img, cr, 0, 0, 20, 20);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	uint32_t pixel = *(uint32_t *)(void *)(cairo_image_surface_get_data(s) +
						10 * cairo_image_surface_get_stride(s) + 40);
	assert_int_equal(pixel & 0xffffff, 0xc0c0c0);
	cairo_surface_destroy(s);
}

static void test_png_into_pdf(void **state)
{
	struct fixture *f = *state;
	write_png(f->dir, "blue.png", 16, 8, 0, 0, 1);
	struct image *img = load_ok(f, "blue.png");
	struct pdf p;
	pdf_begin(&p);
	image_draw(img, p.cr, 0, 0, 160, 80);
	image_draw(img, p.cr, 0, 100, 16, 8);
	pdf_end(&p);
	assert_int_equal(count_in(p.bytes, p.len, "/Subtype /Image"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/Width 16"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/DCTDecode"), 0);
	free(p.bytes);
}

static const char drawing_svg[] =
	"<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100' viewBox='0 0 200 100'>"
	"<rect x='10' y='10' width='180' height='80' fill='#2a6' stroke='black'/>"
	"<text x='20' y='60' font-family='DejaVu Sans' font-size='20'>Vector text</text></svg>";

static void test_svg_into_pdf(void **state)
{
	struct fixture *f = *state;
	struct image *img = svg_from(f, "drawing.svg", drawing_svg);
	struct pdf p;
	pdf_begin(&p);
	image_draw(img, p.cr, 50, 50, 400, 200);
	pdf_end(&p);
	/* Vectors and a font: no image XObject at all. */
	assert_int_equal(count_in(p.bytes, p.len, "/Subtype /Image"), 0);
	assert_true(count_in(p.bytes, p.len, "/FontFile") > 0);
	free(p.bytes);

	/* librsvg turns <a> into a PDF link, which Cairo writes unescaped: a backslash or
	 * a lone parenthesis must not reach it. */
	img = svg_from(f, "link.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='20' "
				      "height='10'><a href=' http://e.org/(x\\ '><rect width='20' "
				      "height='10'/></a></svg>");
	pdf_begin(&p);
	image_draw(img, p.cr, 0, 0, 20, 10);
	pdf_end(&p);
	assert_int_equal(count_in(p.bytes, p.len, "/URI (http://e.org/%28x%5C)"), 1);
	free(p.bytes);
}

/* ------------------------------------------------------------ inline SVG */

/* The first element called name below n, depth first. */
static xmlNode *find_element(xmlNode *n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
		xmlNode *found = find_element(n->children, name);
		if (found)
			return found;
	}
	return NULL;
}

/* Renders img into a width x height white ARGB surface and returns the pixel at (x, y). */
static uint32_t pixel_after_drawing(const struct image *img, int width, int height, int x, int y)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	image_draw(img, cr, 0, 0, width, height);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	uint32_t pixel = *(uint32_t *)(void *)(cairo_image_surface_get_data(s) +
						y * cairo_image_surface_get_stride(s) + 4 * x);
	cairo_surface_destroy(s);
	return pixel & 0xffffff;
}

static void test_inline_svg_from_html(void **state)
{
	struct fixture *f = *state;
	/* libxml2's HTML parser: no namespaces, names lowercased (viewbox,
	 * lineargradient), xlink:href an ordinary attribute, a CDATA-wrapped style. */
	static const char html[] =
		"<html><body><p>Chart:</p>"
		"<svg width='50' height='20' viewBox='0 0 100 100' preserveAspectRatio='none'>"
		"<style><![CDATA[ .box { stroke: none } ]]></style>"
		"<defs><linearGradient id='g'><stop offset='0' stop-color='#00ff00'/>"
		"<stop offset='1' stop-color='#00ff00'/></linearGradient></defs>"
		"<rect class='box' width='100' height='100' fill='url(#g)'/>"
		"<use xlink:href='#nothing'/></svg></body></html>";
	int options = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
	htmlDocPtr doc = htmlReadMemory(html, sizeof html - 1, NULL, "UTF-8", options);
	assert_non_null(doc);
	xmlNode *svg = find_element(xmlDocGetRootElement(doc), "svg");
	assert_non_null(svg);
	assert_non_null(xmlHasProp(svg, (const xmlChar *)"viewbox"));
	struct image *img;
	const char *why;
	if (image_from_svg_element(f->cache, svg, NULL, NULL, &img, &why) < 0)
		fail_msg("%s", why);
	assert_string_equal(image_type(img), "image/svg+xml");
	/* The viewBox counts (ratio 1, not 50/20), so its name was put right. */
	assert_size(img, 50, 20, true, 1);
	/* And so does the gradient: green all over. */
	assert_int_equal(pixel_after_drawing(img, 50, 20, 25, 10), 0x00ff00);
	/* The same element again (a second layout pass): the same image. */
	struct image *again;
	assert_int_equal(image_from_svg_element(f->cache, svg, NULL, NULL, &again, &why), 0);
	assert_ptr_equal(again, img);
	xmlNode *p = find_element(xmlDocGetRootElement(doc), "p");
	assert_int_equal(image_from_svg_element(f->cache, p, NULL, NULL, &again, &why), -1);
	xmlFreeDoc(doc);

	/* An XHTML tree from an XSLT or XML parser: real namespaces. */
	static const char xhtml[] =
		"<html xmlns='http://www.w3.org/1999/xhtml'><body>"
		"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xl='http://www.w3.org/1999/xlink' "
		"xmlns:ink='http://www.inkscape.org/namespaces/inkscape' width='30' height='30'>"
		"<ink:layer/><rect id='r' width='30' height='30' fill='#0000ff'/>"
		"<use xl:href='#r'/></svg></body></html>";
	doc = xmlReadMemory(xhtml, sizeof xhtml - 1, NULL, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	svg = find_element(xmlDocGetRootElement(doc), "svg");
	if (image_from_svg_element(f->cache, svg, NULL, NULL, &img, &why) < 0)
		fail_msg("%s", why);
	assert_size(img, 30, 30, true, 1);
	assert_int_equal(pixel_after_drawing(img, 30, 30, 15, 15), 0x0000ff);
	xmlFreeDoc(doc);
}

/* ------------------------------------------------- SVG external references */

static void test_svg_references(void **state)
{
	struct fixture *f = *state;
	write_png(f->dir, "inside.png", 5, 5, 0, 1, 0);
	write_png(f->outside, "secret.png", 7, 7, 1, 0, 0);
	write_text(f->outside, "secret.txt", "TOPSECRET");
	/* 50000 x 50000 pixels declared in a few bytes. */
	static const unsigned char bomb[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0, 0, 0xc3, 0x50, 0, 0, 0xc3, 0x50, 8, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	write_bytes(f->dir, "bomb.png", bomb, sizeof bomb);
	char *secret = path_in(f->outside, "secret.png");
	char *svg = g_strdup_printf(
		"<svg xmlns='http://www.w3.org/2000/svg' "
		"xmlns:xlink='http://www.w3.org/1999/xlink' "
		"xmlns:xi='http://www.w3.org/2001/XInclude' width='100' height='100' "
		"xml:base='file://%s/'>"
		"<image href='%s' width='10' height='10'/>"
		"<image xlink:href='file://%s' x='10' width='10' height='10'/>"
		"<image xlink:href='http://127.0.0.1:9/x.png' x='20' width='10' height='10'/>"
		"<image href='/etc/passwd' x='30' width='10' height='10'/>"
		"<image href='bomb.png' x='40' width='10' height='10'/>"
		"<image href='inside.png' x='50' width='10' height='10'/>"
		"<use href='data:image/svg+xml,%%3Csvg xmlns=%%22http://www.w3.org/2000/svg%%22%%3E"
		"%%3Crect id=%%22r%%22 width=%%22100%%22 height=%%22100%%22 fill=%%22red%%22/%%3E"
		"%%3C/svg%%3E#r'/>"
		"<rect x='60' width='10' height='10' style='fill: url(\"data:x\")'/>"
		"<text y='80'><xi:include href='%s/secret.txt' parse='text'/>visible</text>"
		"</svg>",
		f->outside, secret, secret, f->outside);
	struct image *img = svg_from(f, "refs.svg", svg);
	g_free(svg);
	free(secret);
	struct pdf p;
	pdf_begin(&p);
	image_draw(img, p.cr, 0, 0, 100, 100);
	pdf_end(&p);
	/* Only inside.png went in (5 x 5); the 7 x 7 secret and the bomb did not. */
	assert_int_equal(count_in(p.bytes, p.len, "/Subtype /Image"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/Width 5"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/Width 7"), 0);
	free(p.bytes);
	/* The <use> of a data: document drew nothing: white, not red. */
	assert_int_equal(pixel_after_drawing(img, 100, 100, 90, 90), 0xffffff);

	/* The same SVG as a data: URI has no folder: even inside.png is not read. */
	img = load_ok(f, "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='10' "
			 "height='10'><image href='inside.png' width='10' height='10'/></svg>");
	pdf_begin(&p);
	image_draw(img, p.cr, 0, 0, 10, 10);
	pdf_end(&p);
	assert_int_equal(count_in(p.bytes, p.len, "/Subtype /Image"), 0);
	free(p.bytes);

	/* An SVG image inside an SVG, from a file, with its own PNG: all read here. */
	write_text(f->dir, "inner.svg",
		   "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
		   "<image href='inside.png' width='10' height='10'/></svg>");
	img = svg_from(f, "outer.svg",
		       "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'>"
		       "<image href='inner.svg' width='20' height='20'/></svg>");
	pdf_begin(&p);
	image_draw(img, p.cr, 0, 0, 20, 20);
	pdf_end(&p);
	/* librsvg draws an SVG <image> as pixels at its own size. */
	assert_int_equal(count_in(p.bytes, p.len, "/Subtype /Image"), 1);
	assert_int_equal(count_in(p.bytes, p.len, "/Width 10"), 1);
	free(p.bytes);
	assert_int_equal(pixel_after_drawing(img, 20, 20, 10, 10), 0x00ff00);

	/* A stylesheet that would load something refuses the whole SVG. */
	write_text(f->dir, "import.svg",
		   "<svg xmlns='http://www.w3.org/2000/svg'>"
		   "<style>@import url(x.css);</style></svg>");
	load_refused(f, "import.svg", "stylesheet refers to another file");
}

/* ---------------------------------------------------------------- threads */

struct job {
	const char *dir;  /* where the images are */
	int failures;     /* counted by the thread */
};

static void *run_job(void *arg)
{
	struct job *job = arg;
	for (int round = 0; round < 8; round++) {
		struct image_cache *cache = image_cache_new();
		static const char *const names[] = { "t.png", "t.jpg", "t.svg" };
		struct pdf p;
		memset(&p, 0, sizeof p);
		p.stream = open_memstream(&p.bytes, &p.len);
		p.surface = cairo_pdf_surface_create_for_stream(write_to_stream, p.stream, 300,
								300);
		p.cr = cairo_create(p.surface);
		for (size_t i = 0; i < 3; i++) {
			struct image *img;
			const char *why;
			if (image_load(cache, job->dir, NULL, names[i], &img, &why) < 0) {
				job->failures++;
				continue;
			}
			image_draw(img, p.cr, 10, 10 + 90.0 * i, 80, 80);
		}
		image_cache_free(cache); /* before the PDF is finished: Cairo keeps its own */
		cairo_destroy(p.cr);
		cairo_surface_finish(p.surface);
		if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS)
			job->failures++;
		cairo_surface_destroy(p.surface);
		fclose(p.stream);
		if (count_in(p.bytes, p.len, "/DCTDecode") != 1 ||
		    count_in(p.bytes, p.len, "/Subtype /Image") != 2)
			job->failures++;
		free(p.bytes);
	}
	return NULL;
}

static void test_two_threads(void **state)
{
	struct fixture *f = *state;
	write_png(f->dir, "t.png", 30, 20, 1, 1, 0);
	write_bytes(f->dir, "t.jpg", red_jpeg, sizeof red_jpeg);
	write_text(f->dir, "t.svg", drawing_svg);
	struct job jobs[2] = { { f->dir, 0 }, { f->dir, 0 } };
	pthread_t threads[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, run_job, &jobs[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	assert_int_equal(jobs[0].failures, 0);
	assert_int_equal(jobs[1].failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_png_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jpeg_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jpeg_exif_orientation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_and_unsupported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_uris, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allowed_folders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svg_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jpeg_into_pdf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_png_into_pdf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svg_into_pdf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inline_svg_from_html, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svg_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_threads, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Let go of the fonts librsvg's text used, so that valgrind sees no leak. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	return failed;
}
