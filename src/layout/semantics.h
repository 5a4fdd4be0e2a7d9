/* What an element means to a reader, read from the HTML once when its box is made: the
 * structure role, language, text alternative, table header scope and spans, a
 * heading's text. The PDF painter takes these from the box and never reads the HTML. */
#ifndef BP_SEMANTICS_H
#define BP_SEMANTICS_H

#include <stdbool.h>
#include <libxml/tree.h>

struct arena;

enum header_scope { SCOPE_NONE, SCOPE_COLUMN, SCOPE_ROW };

struct box_semantics {
	const char *role;        /* standard structure type ("P", "H2", "TD", "LI", "Figure"), NULL: none of its own */
	const char *lang;        /* its own lang (or xml:lang) attribute, NULL when none */
	const char *alt;         /* Figure: the text alternative (alt, aria-label, an SVG's <title>) */
	const char *title;       /* a heading's text, white space collapsed: its outline entry */
	bool decorative;         /* alt="" or aria-hidden="true": an artifact, not content */
	enum header_scope scope; /* TH, TD: the scope attribute */
	int colspan, rowspan;    /* TH, TD: spans above 1, else 0 */
};

/* Fills s for element el, whose box is replaced (an image) or not and has heading
 * level `heading` (0 for none); strings are copied into a. */
void semantics_read(struct arena *a, const xmlNode *el, bool replaced, int heading,
		    struct box_semantics *s);

/* The document's language: the root element's lang, or NULL. */
const char *semantics_lang(struct arena *a, const xmlNode *root);

#endif
