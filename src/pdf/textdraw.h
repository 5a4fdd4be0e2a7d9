/* Text into a content stream: Pango's lines and layouts drawn glyph by glyph from its
 * glyph strings (a PangoRenderer of our own), with fonts embedded by pdf/fonts.h,
 * backgrounds and decoration lines as Pango places them, and /ActualText where the
 * glyphs do not stand for their characters one to one. */
#ifndef BP_PDF_TEXTDRAW_H
#define BP_PDF_TEXTDRAW_H

#include <pango/pango.h>

struct pdf_content;
struct pdf_fonts;
struct pdf_resources;
struct css_color;

struct text_drawer;

/* Draws into c, with fonts from fs named in res. */
struct text_drawer *text_drawer_new(struct pdf_content *c, struct pdf_fonts *fs,
				    struct pdf_resources *res);
void text_drawer_free(struct text_drawer *d);

/* The colour of text with no colour of its own, and the group alpha (opacity) that
 * every colour's alpha is multiplied by. */
void text_drawer_set_color(struct text_drawer *d, const struct css_color *color, double group_alpha);
/* A line with its left end of the baseline at (x, y) in the content's units (CSS px).
 * The lines of a paragraph share a text object: text_drawer_end closes it, before
 * anything else is drawn or marked. */
void text_drawer_line(struct text_drawer *d, PangoLayoutLine *line, double x, double y);
void text_drawer_end(struct text_drawer *d);
/* A whole layout with its top left corner at (x, y). */
void text_drawer_layout(struct text_drawer *d, PangoLayout *layout, double x, double y);

#endif
