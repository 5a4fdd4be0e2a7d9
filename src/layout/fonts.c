/* The fonts a thread has looked up, kept across layout passes and documents. */
#include "layout/fonts.h"
#include "base/alloc.h"
#include "base/fcinit.h"

#include <pango/pangocairo.h>
#include <stdlib.h>

struct render_fonts {
	PangoFontMap *map;
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

void render_fonts_free(struct render_fonts *fonts)
{
	if (!fonts)
		return;
	if (pango_cairo_font_map_get_default() == fonts->map)
		pango_cairo_font_map_set_default(NULL);
	g_object_unref(fonts->map);
	free(fonts);
}

PangoFontMap *render_fonts_map(struct render_fonts *fonts)
{
	return fonts->map;
}
