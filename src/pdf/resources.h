/* The resources every page shares: fonts, images and forms, transparency states. One
 * dictionary object written at the end, which every page's /Resources names; each
 * resource gets a short name the first time it is asked for. */
#ifndef BP_PDF_RESOURCES_H
#define BP_PDF_RESOURCES_H

#include <stdbool.h>

#include "base/buf.h"

struct pdf_writer;
struct pdf_resources;

/* obj: the dictionary's object number, reserved now. */
struct pdf_resources *resources_new(struct pdf_writer *w);
void resources_free(struct pdf_resources *r);
int resources_object(const struct pdf_resources *r);

/* The name ("Ga128") of an ExtGState with fill and stroke alpha `alpha255`/255. */
const char *resources_alpha(struct pdf_resources *r, int alpha255);
/* The name ("X3") of XObject object `obj`; the same name for the same object. */
const char *resources_xobject(struct pdf_resources *r, int obj);
/* A font: named by the font module ("F1"), object `obj`. */
void resources_font(struct pdf_resources *r, const char *name, int obj);

/* Writes the dictionary. */
void resources_finish(struct pdf_resources *r);

#endif
