/* The fonts of a PDF: each face used, subset and embedded as a Type0 font (PDF 32000-1, 9.6). */
#ifndef BP_PDF_FONTS_H
#define BP_PDF_FONTS_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "pdf/writer.h"

struct pdf_fonts; /* the fonts of one PDF */
struct pdf_font;  /* one face used in it */

/* The fonts of the PDF that w writes (w stays the caller's and must outlive them). */
struct pdf_fonts *pdf_fonts_new(struct pdf_writer *w);
void pdf_fonts_free(struct pdf_fonts *fs);

/* The PDF font for a Pango font: one per HarfBuzz face (all sizes of one file and index
 * share it). NULL when the face cannot be embedded: no TrueType or CFF outlines (bitmap
 * only, CFF2, Type 1, ...), a CID-keyed CFF whose CIDs are not its glyph ids, or an
 * instance of a variable font other than the default one. Nothing is reported: the
 * caller skips the glyphs and warns. The font's Type0 object is written by
 * pdf_fonts_finish even if no glyph of it is used. */
struct pdf_font *pdf_fonts_get(struct pdf_fonts *fs, PangoFont *font);

/* The object number of its Type0 font (reserved at once, written by pdf_fonts_finish). */
int pdf_font_object(const struct pdf_font *f);
/* Its resource name without the slash: "F1", "F2", ... in order of first use. */
const char *pdf_font_resource(const struct pdf_font *f);
/* The font file fontconfig named for it, or NULL when not known. */
const char *pdf_font_file(const struct pdf_font *f);

/* Glyph `glyph`'s advance in text space units (1000ths of an em), exactly as the /W
 * array says (for its CID): the face's own unscaled advance * 1000 / units per em, rounded to an
 * integer. The glyph joins the subset. A glyph id past the face's glyphs has the
 * default width /DW (1000) and is not recorded. */
double pdf_font_width(struct pdf_font *f, unsigned glyph);

/* The code glyph `glyph` is drawn with in a content string: its 1 or 2 bytes in
 * code[] (the return value). TrueType fonts give CIDs in order of first use and
 * encode the first 128 in one byte (an embedded CMap); CFF fonts draw glyph ids as
 * two bytes (Identity-H). Call it when the glyph is drawn. */
int pdf_font_code(struct pdf_font *f, unsigned glyph, unsigned char code[2]);

/* Records that glyph `glyph` (a glyph id of the face) was drawn standing for `text` (UTF-8, len bytes; len 0: for no
 * text). Every glyph drawn must pass here (or through pdf_font_width): that puts it in
 * the subset. The first use of a glyph decides its ToUnicode entry: its text, or none
 * when that use was for no text; glyph 0 never has one. A glyph drawn but never used
 * for a text (only inside /ActualText) gets the lowest character the face's cmap maps
 * to it, when there is one. Returns true when the
 * ToUnicode entry says exactly `text`, false when the caller must give the text with
 * /ActualText (a different text, text that is not valid UTF-8, or longer than a CMap
 * allows: 256 UTF-16 units). A glyph id past the face's glyphs is not recorded and has
 * no entry. */
bool pdf_font_use(struct pdf_font *f, unsigned glyph, const char *text, size_t len);

/* Subsets and writes every font got, in order of first use: Type0 font, CIDFont,
 * FontDescriptor, font program, ToUnicode and (TrueType) CIDToGIDMap. Call once, after
 * the last use and before pdfw_finish, with no object open. Returns 0, or -1 after
 * reporting through diag (as source_name) a font that could not be subset. */
int pdf_fonts_finish(struct pdf_fonts *fs, struct diag_sink *sink, const char *source_name);

#endif
