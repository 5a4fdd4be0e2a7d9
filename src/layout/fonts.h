/* The fonts a thread has looked up, kept across layout passes and documents. */
#ifndef BP_FONTS_H
#define BP_FONTS_H

#include <pango/pango.h>

struct render_fonts;

/* A font map of its own (Pango's default one is shared by every thread): finding a
 * font through fontconfig is a large share of a small document's time, and the map
 * remembers what it found. Use it from one thread at a time. */
struct render_fonts *render_fonts_new(void);
void render_fonts_free(struct render_fonts *fonts);

struct diag_sink;
struct font_face;
struct font_face_inputs;
/* A font map for one document that declares fonts with @font-face: the machine's
 * fonts and the document's, seen by that document alone (see font_faces.h). NULL
 * when none of the faces can be used. Costs a fresh fontconfig configuration. */
struct render_fonts *render_fonts_for_document(const struct font_face *faces, size_t n,
					       const struct font_face_inputs *in,
					       struct diag_sink *sink);
PangoFontMap *render_fonts_map(struct render_fonts *fonts);

#endif
