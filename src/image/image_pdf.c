/* SVG images drawn by librsvg into a one-page PDF in memory, which the PDF writer brings
 * in as a Form XObject (pdf/pdfimport.h). */
#include "image/image_private.h"
#include "base/buf.h"

#include <cairo-pdf.h>
#include <math.h>

/* Points per CSS px (72 / 96). */
#define PT_PER_PX 0.75
/* Largest side of the page, in points (Cairo takes more; no layout box is this big). */
#define MAX_SIDE_PT 1e6

/* Cairo's output, gathered in a buffer. */
static cairo_status_t gather(void *closure, const unsigned char *data, unsigned int length)
{
	buf_add(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

int image_svg_to_pdf(const struct image *img, double width, double height, unsigned char **pdf,
		     size_t *len, const char **why)
{
	*pdf = NULL;
	*len = 0;
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
	struct buf out = { 0 };
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(gather, &out, width, height);
	/* Cairo 1.16 writes PDF 1.5 by default, 1.18 PDF 1.7; the same for both. */
	cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
	cairo_t *cr = cairo_create(surface);
	/* User space in CSS px, as image_draw's; librsvg fits the SVG into the box. */
	cairo_scale(cr, PT_PER_PX, PT_PER_PX);
	RsvgRectangle viewport = { 0, 0, width / PT_PER_PX, height / PT_PER_PX };
	gboolean drawn = rsvg_handle_render_document(handle, cr, &viewport, &error);
	g_clear_error(&error);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	g_object_unref(handle);
	if (!drawn || status != CAIRO_STATUS_SUCCESS || out.len == 0) {
		buf_free(&out);
		*why = "librsvg or Cairo failed to draw the SVG";
		return -1;
	}
	*pdf = (unsigned char *)out.data;
	*len = out.len;
	return 0;
}
