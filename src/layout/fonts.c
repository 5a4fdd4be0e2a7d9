/* The fonts a thread has looked up, kept across layout passes and documents. */
#include "layout/fonts.h"
#include "base/alloc.h"

#include <pango/pangocairo.h>
#include <stdlib.h>

struct render_fonts {
	PangoFontMap *map;
};

struct render_fonts *render_fonts_new(void)
{
	struct render_fonts *fonts = xcalloc(1, sizeof *fonts);
	fonts->map = pango_cairo_font_map_new();
	return fonts;
}

void render_fonts_free(struct render_fonts *fonts)
{
	if (!fonts)
		return;
	g_object_unref(fonts->map);
	free(fonts);
}

PangoFontMap *render_fonts_map(struct render_fonts *fonts)
{
	return fonts->map;
}
