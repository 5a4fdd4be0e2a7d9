/* The fonts a thread has looked up, kept across layout passes and documents. */
#include "layout/fonts.h"
#include "layout/font_faces.h"
#include "base/alloc.h"
#include "base/fcinit.h"

#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>

struct render_fonts {
	PangoFontMap *map;
	char *tmpdir;        /* a document's unpacked WOFF files; NULL when none */
};

struct render_fonts *render_fonts_new(void)
{
	fcinit_wait();
	struct render_fonts *fonts = xcalloc(1, sizeof *fonts);
	fonts->map = pango_cairo_font_map_new();
	/* librsvg lays out an SVG's text with the thread's default map: made this one,
	 * the charts' fonts are looked up once with the document's. */
	pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(fonts->map));
	return fonts;
}

struct render_fonts *render_fonts_for_document(const struct font_face *faces, size_t n,
					       const struct font_face_inputs *in,
					       struct diag_sink *sink)
{
	char *tmpdir;
	FcConfig *config = font_faces_config(faces, n, in, sink, &tmpdir);
	if (!config) {
		font_faces_cleanup(tmpdir);
		return NULL;
	}
	struct render_fonts *fonts = xcalloc(1, sizeof *fonts);
	fonts->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->map), config);
	FcConfigDestroy(config); /* the map holds it */
	fonts->tmpdir = tmpdir;
	return fonts;
}

void render_fonts_free(struct render_fonts *fonts)
{
	if (!fonts)
		return;
	if (pango_cairo_font_map_get_default() == fonts->map)
		pango_cairo_font_map_set_default(NULL);
	g_object_unref(fonts->map);
	font_faces_cleanup(fonts->tmpdir);
	free(fonts);
}

PangoFontMap *render_fonts_map(struct render_fonts *fonts)
{
	return fonts->map;
}
