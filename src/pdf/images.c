/* Images in the PDF: raster XObjects and SVG forms, each written once. */
#include "pdf/images.h"
#include "pdf/content.h"
#include "pdf/pdfimport.h"
#include "pdf/resources.h"
#include "pdf/writer.h"
#include "image/image.h"
#include "base/alloc.h"

#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One image written: keyed by the image and, for SVG, the size it was drawn at. */
struct written {
	const struct image *img;
	double w, h;     /* SVG: the size drawn at, pt; 0 for raster */
	int obj;         /* the XObject */
	double bbox_w, bbox_h; /* SVG: the form's box */
};

struct pdf_images {
	struct pdf_writer *w;
	struct pdf_resources *res;
	struct written *items;
	size_t n, cap;
	struct image_svg_book *book; /* the SVG pictures, a page each; NULL until one */
	int *forms;                  /* the form each page of the book becomes */
	size_t n_forms, cap_forms;
};

struct pdf_images *pdf_images_new(struct pdf_writer *w, struct pdf_resources *res)
{
	struct pdf_images *im = xcalloc(1, sizeof *im);
	im->w = w;
	im->res = res;
	return im;
}

void pdf_images_free(struct pdf_images *im)
{
	if (!im)
		return;
	free(im->items);
	free(im->forms);
	image_svg_book_free(im->book);
	free(im);
}

static struct written *find(struct pdf_images *im, const struct image *img, double w, double h)
{
	for (size_t i = 0; i < im->n; i++)
		if (im->items[i].img == img && im->items[i].w == w && im->items[i].h == h)
			return &im->items[i];
	return NULL;
}

static struct written *add(struct pdf_images *im, const struct image *img, double w, double h)
{
	if (im->n == im->cap) {
		im->cap = im->cap ? im->cap * 2 : 16;
		im->items = xrealloc(im->items, im->cap * sizeof *im->items);
	}
	struct written *it = &im->items[im->n++];
	*it = (struct written){ img, w, h, 0, 0, 0 };
	return it;
}

/* A PNG's pixels: RGB samples, and the alpha as a soft mask when any pixel is not
 * opaque. Cairo's ARGB32 is premultiplied: the colours are divided out again. */
static int write_png(struct pdf_images *im, cairo_surface_t *s)
{
	cairo_surface_flush(s);
	int width = cairo_image_surface_get_width(s), height = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	bool has_alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
	size_t n = (size_t)width * (size_t)height;
	unsigned char *rgb = xmalloc(n * 3), *alpha = has_alpha ? xmalloc(n) : NULL;
	bool translucent = false;
	for (int y = 0; y < height; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < width; x++) {
			uint32_t p = row[x];
			unsigned a = has_alpha ? p >> 24 : 255;
			unsigned r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
			if (a != 255 && a != 0) {
				r = (r * 255 + a / 2) / a;
				g = (g * 255 + a / 2) / a;
				b = (b * 255 + a / 2) / a;
			}
			size_t i = (size_t)y * (size_t)width + (size_t)x;
			rgb[3 * i] = (unsigned char)(r > 255 ? 255 : r);
			rgb[3 * i + 1] = (unsigned char)(g > 255 ? 255 : g);
			rgb[3 * i + 2] = (unsigned char)(b > 255 ? 255 : b);
			if (alpha) {
				alpha[i] = (unsigned char)a;
				translucent |= a != 255;
			}
		}
	}
	char dict[160];
	int smask = 0;
	if (translucent) {
		smask = pdfw_reserve(im->w);
		snprintf(dict, sizeof dict,
			 "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
			 "/BitsPerComponent 8", width, height);
		pdfw_stream(im->w, smask, dict, alpha, n, PDFW_DEFLATE);
	}
	int obj = pdfw_reserve(im->w);
	int len = snprintf(dict, sizeof dict,
			   "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
			   "/BitsPerComponent 8", width, height);
	if (smask)
		snprintf(dict + len, sizeof dict - (size_t)len, " /SMask %d 0 R", smask);
	pdfw_stream(im->w, obj, dict, rgb, n * 3, PDFW_DEFLATE);
	free(rgb);
	free(alpha);
	return obj;
}

static int write_jpeg(struct pdf_images *im, const unsigned char *data, size_t len, int width,
		      int height, int components)
{
	const char *space = components == 1 ? "DeviceGray" : components == 4 ? "DeviceCMYK" : "DeviceRGB";
	char dict[192];
	snprintf(dict, sizeof dict,
		 "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s "
		 "/BitsPerComponent 8 /Filter /DCTDecode", width, height, space);
	int obj = pdfw_reserve(im->w);
	pdfw_stream(im->w, obj, dict, data, len, PDFW_AS_IS);
	return obj;
}

static int draw_svg(struct pdf_images *im, struct pdf_content *c, const struct image *img,
		    double x, double y, double w, double h, const char **why)
{
	/* Drawn for its box in points, so that librsvg lays it out at the size shown: a
	 * page of the book, which becomes a form at the end; its number is known now. */
	double wpt = w * 0.75, hpt = h * 0.75;
	struct written *it = find(im, img, wpt, hpt);
	if (!it) {
		if (!im->book)
			im->book = image_svg_book_new();
		size_t pages = image_svg_book_pages(im->book);
		int status = image_svg_book_add(im->book, img, wpt, hpt, why);
		if (image_svg_book_pages(im->book) == pages)
			return -1; /* refused before a page was begun */
		if (im->n_forms == im->cap_forms) {
			im->cap_forms = im->cap_forms ? im->cap_forms * 2 : 16;
			im->forms = xrealloc(im->forms, im->cap_forms * sizeof *im->forms);
		}
		int form = pdfw_reserve(im->w);
		im->forms[im->n_forms++] = form;
		if (status != 0)
			return -1;
		it = add(im, img, wpt, hpt);
		it->obj = form;
		it->bbox_w = wpt;
		it->bbox_h = hpt;
	}
	content_save(c);
	/* The form's space is points, y up, from its box's bottom left corner. */
	content_transform(c, w / it->bbox_w, 0, 0, -h / it->bbox_h, x, y + h);
	content_xobject(c, resources_xobject(im->res, it->obj));
	content_restore(c);
	return 0;
}

int pdf_images_finish(struct pdf_images *im, const char **why)
{
	*why = NULL;
	if (!im->book)
		return 0;
	const unsigned char *pdf;
	size_t len;
	if (image_svg_book_finish(im->book, &pdf, &len, why) != 0)
		return -1;
	struct pdf_import_result *got = xcalloc(im->n_forms, sizeof *got);
	int status = pdf_import_pages(im->w, pdf, len, im->n_forms, im->forms, got, why);
	free(got);
	return status;
}

int pdf_images_draw(struct pdf_images *im, struct pdf_content *c, const struct image *img,
		    double x, double y, double w, double h, const char **why)
{
	*why = NULL;
	if (!img || !(w > 0) || !(h > 0))
		return 0;
	if (strcmp(image_type(img), "image/svg+xml") == 0)
		return draw_svg(im, c, img, x, y, w, h, why);
	struct written *it = find(im, img, 0, 0);
	if (!it) {
		cairo_surface_t *pixels;
		const unsigned char *data;
		size_t len;
		int pw, ph, components, obj;
		if (image_png_pixels(img, &pixels)) {
			obj = write_png(im, pixels);
		} else if (image_jpeg_bytes(img, &data, &len, &pw, &ph, &components)) {
			obj = write_jpeg(im, data, len, pw, ph, components);
		} else {
			*why = "the image cannot be drawn";
			return -1;
		}
		it = add(im, img, 0, 0);
		it->obj = obj;
	}
	/* The image's unit square, its first row at the top, onto the box as turned. */
	cairo_matrix_t m;
	image_unit_square(img, x, y, w, h, &m);
	content_save(c);
	content_transform(c, m.xx, m.yx, -m.xy, -m.yy, m.xy + m.x0, m.yy + m.y0);
	content_xobject(c, resources_xobject(im->res, it->obj));
	content_restore(c);
	return 0;
}
