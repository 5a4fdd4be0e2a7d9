/* Inline content: the text of one inline formatting context with its styling as
 * Pango attributes, its links and anchors — one PangoLayout per paragraph. */
#ifndef BP_TEXT_H
#define BP_TEXT_H

#include <stdbool.h>
#include <stdio.h>
#include <pango/pango.h>

#include "base/buf.h"

struct arena;
struct hyphenator;
struct style;
struct dim;
struct text_decoration;

struct text_link {
	int start, end;   /* byte range in the text */
	const char *href; /* as written: "#id" internal, otherwise external */
};

/* An inline element with an outline: drawn around its piece on each line. */
struct text_outlined {
	int start, end;           /* byte range in the text */
	const struct style *style;
};

/* An inline element with a border, padding or horizontal margin (CSS 2.1, 8 and
 * 10.6.1): a U+FFFC spacer at its start and one at its end take the room of its left
 * and right edges in the line; the painter draws its background and border around
 * its piece on each line (box-decoration-break: slice). */
struct text_boxed {
	int start, end;            /* byte range in the text, spacers included */
	int open, close;           /* byte index of its start / end spacer, or -1 (no room taken) */
	const struct style *style;
};

/* One spacer of a boxed inline: U+FFFC given the edge's width when laid out. */
struct text_spacer {
	int index;                 /* byte index of its U+FFFC */
	float width;               /* margin + border + padding of that side, px */
	bool closing;              /* the end edge (else the start edge) */
	const struct style *style; /* the element's: its font makes the spacer's height */
};

struct text_anchor {
	int index;        /* byte index the anchored element starts at */
	const char *id;
};

struct text_leader {
	int index;                 /* byte index of the tab that stands for the leader */
	const char *fill;          /* what repeats across the gap: "." for leader(dotted) */
	const struct style *style; /* the font the fill is drawn in */
};

/* An inline-block or inline image inside the text: U+FFFC with the box's size. */
struct text_atomic {
	int index;              /* byte index of its U+FFFC */
	const struct box *box;
};

/* The size the layout gives an atomic inline, and how much of it stands above the
 * baseline (an image: all of it; an inline-block: down to its last line's baseline). */
struct atomic_size {
	float width, height, ascent;
};

struct inline_content {
	const struct style *base;   /* the block's style: default font, colour, alignment */
	struct buf text;            /* UTF-8, owned (freed by text_content_free) */
	PangoAttrList *attrs;       /* owned */
	struct text_link *links;    /* arena array */
	size_t n_links, cap_links;
	struct text_outlined *outlined; /* arena array */
	size_t n_outlined, cap_outlined;
	struct text_boxed *boxed;   /* arena array, in the order the elements open */
	size_t n_boxed, cap_boxed;
	struct text_spacer *spacers;/* arena array, in text order */
	size_t n_spacers, cap_spacers;
	struct text_anchor *anchors;/* arena array */
	size_t n_anchors, cap_anchors;
	struct text_leader *leaders;/* arena array; a leader makes a right-aligned tab stop */
	size_t n_leaders, cap_leaders;
	struct text_atomic *atomics;/* arena array: inline-blocks and images in the text */
	size_t n_atomics, cap_atomics;
	bool pending_space;         /* a collapsible space is waiting to be written */
	const struct style *pending_style; /* the style of the text it was in */
	bool has_visible;           /* anything other than collapsible white space was added */
	bool continued;             /* continues a paragraph cut for its size: no first-line indent */
	const struct style *first_line;   /* ::first-line of the block it starts, or NULL */
	const struct style *first_letter; /* ::first-letter of that block, or NULL */
	bool custom_hyphens;        /* some text has a hyphenate-character string */
};

/* The string of hyphenate-character, shaped, shown where a line ends at a soft
 * hyphen: a shape attribute over that soft hyphen stands for it. One piece per font
 * (the string may need a fallback font). */
struct text_hyphen {
	int refs;                   /* one for each shape attribute holding it */
	int n;                      /* pieces */
	PangoItem **items;          /* each piece's item (its font) */
	PangoGlyphString **glyphs;  /* each piece's glyphs */
};

void text_content_init(struct inline_content *ic, const struct style *base);
void text_content_free(struct inline_content *ic);

/* Appends text in the given style, applying white-space processing, hyphenation
 * (soft hyphens where `hyphens: auto` and the language allow; h may be NULL) and
 * text-transform. */
void text_append(struct inline_content *ic, struct hyphenator *h, const struct style *s,
		 const char *utf8, size_t len);
/* A forced line break (<br>). */
void text_append_break(struct inline_content *ic, const struct style *s);
/* Link and anchor bookkeeping: begin returns the start index to pass to end. */
int text_position(const struct inline_content *ic);
void text_add_link(struct inline_content *ic, struct arena *a, int start, const char *href);
/* An inline element in style s whose text began at start and ends here has an outline. */
void text_add_outlined(struct inline_content *ic, struct arena *a, int start, const struct style *s);
/* Does an inline element in style s take room for (and draw) its edges? */
bool text_style_boxed(const struct style *s);
/* How far text in style s is raised above the baseline (vertical-align sub, super). */
float text_rise(const struct style *s);
/* The px of an inline element's padding or margin (a percentage counts as 0). */
float text_edge_length(const struct dim *d);
/* An inline element with edges (text_style_boxed) opens here: its start spacer is
 * appended; returns the number to give text_close_box when it ends. */
size_t text_open_box(struct inline_content *ic, struct arena *a, const struct style *s);
void text_close_box(struct inline_content *ic, struct arena *a, size_t box);
void text_add_anchor(struct inline_content *ic, struct arena *a, const char *id);
/* A leader: a gap to the right edge filled with `fill`, the rest of the line set flush right. */
void text_append_leader(struct inline_content *ic, struct arena *a, const struct style *s,
			const char *fill);
/* An atomic inline: the box is laid out on its own and sits on the baseline. */
void text_append_atomic(struct inline_content *ic, struct arena *a, const struct style *s,
			const struct box *box);
/* Ends the content: drops a trailing collapsible space. */
void text_finish(struct inline_content *ic);

/* The hyphenate-character string a shape attribute of a layout made here stands
 * for, or NULL (the shape of an atomic inline). */
const struct text_hyphen *text_shape_hyphen(const PangoAttrShape *attr);
/* The decorations of a run of a layout made here (NULL when none). */
const struct text_decoration *text_item_decorations(const PangoItem *item);
/* Writes " deco[start,end)=LINES:STYLE:COLOUR[:THICKNESS][:offset=PX]" for each run
 * with decorations, an ancestor's after a '+' (for --dump=boxes). */
void text_dump_decorations(const struct inline_content *ic, FILE *out);
/* How lines of a block in style s wrap (overflow-wrap, word-break). */
PangoWrapMode text_wrap_mode(const struct style *s);

/* A font description for a style (caller frees). */
PangoFontDescription *text_font_description(const struct style *s);
/* The first letter of the content as ::first-letter picks it (CSS Pseudo 4, 2.2):
 * punctuation and spaces before it, one letter or digit with its marks, and the
 * punctuation after it. False when the text does not start with one. */
bool text_first_letter(const char *text, int len, int *start, int *end);
/* Makes the PangoLayout for the content from byte `offset` on (0: all of it) at the
 * given width in px (-1: no wrapping). A layout that starts after 0 continues a
 * paragraph: it has no first-line indent, and no ::first-line or ::first-letter
 * (a layout from 0 gets them: the first line is found by laying out, styled, and
 * laid out again). sizes gives each atomic inline's size
 * (NULL when there are none). */
PangoLayout *text_make_layout(PangoContext *pc, const struct inline_content *ic, int offset,
			      float width, const struct atomic_size *sizes);
/* A layout for a plain string in one style (markers, margin boxes). */
/* Whether two layouts made by text_make_layout (before or after they were laid out)
 * lay out the same: the same text, attributes, font, width, wrapping, alignment,
 * indent and tabs. */
bool text_layouts_equal(PangoLayout *a, PangoLayout *b);

PangoLayout *text_make_simple_layout(PangoContext *pc, const struct style *s, const char *utf8,
				     float width);

#endif
