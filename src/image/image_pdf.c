/* SVG pictures drawn by librsvg into one PDF in memory, a page each, which the PDF
 * writer brings in as Form XObjects (pdf/pdfimport.h): the fonts the pictures share are
 * subset once for all of them. */
#include "image/image_private.h"
#include "base/alloc.h"
#include "base/buf.h"

#include <cairo-pdf.h>
#include <math.h>

/* Points per CSS px (72 / 96). */
#define PT_PER_PX 0.75
/* Largest side of a page, in points (Cairo takes more; no layout box is this big). */
#define MAX_SIDE_PT 1e6

struct image_svg_book {
	cairo_surface_t *surface; /* NULL until the first picture */
	struct buf out;           /* what Cairo wrote */
	size_t pages;             /* pages drawn */
	bool finished;
};

/* Cairo's output, gathered in a buffer. */
static cairo_status_t gather(void *closure, const unsigned char *data, unsigned int length)
{
	buf_add(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

struct image_svg_book *image_svg_book_new(void)
{
	return xcalloc(1, sizeof(struct image_svg_book));
}

void image_svg_book_free(struct image_svg_book *b)
{
	if (!b)
		return;
	if (b->surface)
		cairo_surface_destroy(b->surface);
	buf_free(&b->out);
	free(b);
}

size_t image_svg_book_pages(const struct image_svg_book *b)
{
	return b->pages;
}

int image_svg_book_add(struct image_svg_book *b, const struct image *img, double width,
		       double height, const char **why)
{
	if (b->finished) {
		*why = "the pictures are finished";
		return -1;
	}
	if (!img || img->format != IMAGE_FORMAT_SVG || !img->svg_text) {
		*why = "the image is not an SVG";
		return -1;
	}
	if (!(width > 0) || !(height > 0) || !(width <= MAX_SIDE_PT) || !(height <= MAX_SIDE_PT)) {
		*why = "the SVG's box is empty or too large";
		return -1;
	}
	GError *error = NULL;
	RsvgHandle *handle = image_svg_parse(img->svg_text, img->svg_len, &error);
	if (!handle) {
		g_clear_error(&error);
		*why = "the SVG cannot be parsed";
		return -1;
	}
	if (!b->surface) {
		b->surface = cairo_pdf_surface_create_for_stream(gather, &b->out, width, height);
		/* Cairo 1.16 writes PDF 1.5 by default, 1.18 PDF 1.7; the same for both. */
		cairo_pdf_surface_restrict_to_version(b->surface, CAIRO_PDF_VERSION_1_5);
	} else {
		cairo_pdf_surface_set_size(b->surface, width, height);
	}
	cairo_t *cr = cairo_create(b->surface);
	/* User space in CSS px, as image_draw's; librsvg fits the SVG into the box. */
	cairo_scale(cr, PT_PER_PX, PT_PER_PX);
	RsvgRectangle viewport = { 0, 0, width / PT_PER_PX, height / PT_PER_PX };
	gboolean drawn = rsvg_handle_render_document(handle, cr, &viewport, &error);
	g_clear_error(&error);
	g_object_unref(handle);
	/* A page whatever happened, so that pages and pictures keep in step. */
	cairo_show_page(cr);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	b->pages++;
	if (!drawn || status != CAIRO_STATUS_SUCCESS) {
		*why = "librsvg or Cairo failed to draw the SVG";
		return -1;
	}
	return 0;
}

int image_svg_book_finish(struct image_svg_book *b, const unsigned char **pdf, size_t *len,
			  const char **why)
{
	*pdf = NULL;
	*len = 0;
	if (!b->surface) {
		*why = "no picture was drawn";
		return -1;
	}
	if (!b->finished) {
		cairo_surface_finish(b->surface);
		b->finished = true;
	}
	if (cairo_surface_status(b->surface) != CAIRO_STATUS_SUCCESS || b->out.len == 0) {
		*why = "Cairo failed to write the pictures";
		return -1;
	}
	*pdf = (const unsigned char *)b->out.data;
	*len = b->out.len;
	return 0;
}
