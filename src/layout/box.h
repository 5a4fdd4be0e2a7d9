/* The box tree: what the element tree and its computed styles become before layout.
 * Boxes live in the document's arena; their inline content owns Pango objects that
 * box_tree_free releases. */
#ifndef BP_BOX_H
#define BP_BOX_H

#include <stdbool.h>
#include <stdio.h>
#include <libxml/tree.h>

#include "css/value.h"
#include "layout/semantics.h"
#include "layout/text.h"

struct arena;
struct diag_sink;
struct style;
struct stylesheet_set;

enum box_type {
	BOX_BLOCK,     /* block container whose children are blocks */
	BOX_LINES,     /* an anonymous block holding one paragraph of inline content */
	BOX_TABLE,     /* children: caption, then row groups */
	BOX_ROW_GROUP, /* thead, tbody, tfoot (or anonymous); children: rows */
	BOX_ROW,       /* children: cells */
	BOX_CELL,      /* a block container in a table */
	BOX_CAPTION,   /* a block container above the table */
	BOX_REPLACED,  /* an image (<img>, inline <svg>): drawn, not laid out inside */
};

enum row_group_kind { GROUP_BODY, GROUP_HEADER, GROUP_FOOTER };

struct box {
	enum box_type type;
	const struct style *style;
	xmlNode *element;          /* the element it came from; NULL for anonymous boxes */
	struct box *parent, *first_child, *last_child, *next;
	const char *id;            /* id attribute: a link target */
	int heading_level;         /* 1..6 for h1..h6, else 0 */
	enum row_group_kind group; /* BOX_ROW_GROUP */
	struct inline_content *content; /* BOX_LINES: the paragraph */
	const char *marker;        /* list item marker text (outside markers), or NULL */
	const struct style *marker_style;
	struct box *marker_lines;  /* the LINES box whose first line carries the marker */
	struct counter_op *string_set_values; /* string-set with contents resolved to text */
	struct image *image;       /* BOX_REPLACED: the image, or NULL for a missing one */
	const char *alt;           /* BOX_REPLACED: the alt text (drawn when the image is missing) */
	float attr_width, attr_height; /* BOX_REPLACED: width and height attributes, 0 if none */
	bool atomic;               /* laid out inside a line (inline-block, inline image) */
	struct dim *columns;       /* BOX_TABLE: widths from <col> and <colgroup>, DIM_AUTO if none */
	int n_columns;
	const char *page_name;     /* used value of `page`: the named page the box goes on, or NULL */
	int box_index;             /* document order, for dumps and diagnostics */
	int lines_index;           /* BOX_LINES: which paragraph, in document order */
	struct box_semantics sem;  /* what its element means to a reader (role, language, alt …) */
	bool background_on_canvas; /* its background is the canvas's (the root's, or body's in its
				    * stead), painted over every page area, not on its box */
};

struct box_tree {
	struct box *root;
	struct stylesheet_set *sheets;    /* the styles were computed from these */
	bool uses_page_refs;      /* target-counter() appears: pages must be laid out twice */
	const struct style *root_style;
	const char *lang;                 /* the root element's lang, or NULL */
	struct css_color canvas;          /* the canvas background: the root's, or else body's */
	int n_boxes;
	int n_lines;                      /* BOX_LINES boxes: the paragraphs */
	struct arena *arena;              /* the boxes and styles live here */
	struct table_plan **table_plans;  /* per box_index, made by layout (layout/table.c) */
	struct hyphenator *hyphenator;    /* dictionaries for hyphens: auto, loaded on first use */
	struct inline_content **contents; /* every inline content, for freeing */
	size_t n_contents, cap_contents;
	struct _xmlHashTable *generated;  /* id → its ::before and ::after text, for
					   * target-text(); NULL when none */
};

struct page_refs;
struct image_cache;
struct table_plan;

/* What building boxes needs besides the tree and its styles. */
struct box_inputs {
	const char *source_name;          /* the HTML's name, for messages */
	const char *base_dir;             /* images resolve against this folder */
	const char *const *allowed_dirs;  /* and are read only below these (NULL: base_dir) */
	const struct page_refs *refs;     /* pages that target-counter() shows; NULL on a first pass */
	struct image_cache *images;       /* images loaded once for the document */
	struct deps *deps;                /* records the image files read; may be NULL */
	struct _xmlHashTable *previous_generated; /* the pass before's box_tree.generated,
						   * for target-text() of a later target's
						   * ::before or ::after; NULL on a first pass */
};

/* Builds the boxes for the document. Returns 0 or -1 (reported). */
int box_tree_build(struct arena *a, struct stylesheet_set *sheets, xmlDocPtr doc,
		   const struct box_inputs *in, struct diag_sink *diag, struct box_tree *out);
void box_tree_free(struct box_tree *tree);

/* Every id a box or an anchor in the text carries, sorted, each once (page 0): the
 * link targets of a document painted as it is laid out. */
struct page_refs;
void box_tree_ids(const struct box_tree *tree, struct arena *a, struct page_refs *out);

/* Writes the tree as indented text, one box per line (the --dump=boxes format). */
void box_tree_dump(const struct box_tree *tree, FILE *out);

/* A list marker's text for a counter value. */
void box_marker_text(int value, int list_style_type, char *buf, size_t size);

#endif
