/* The structure side record: while pages are painted, opens Cairo structure tags for
 * the HTML elements whose content each page shows, and remembers which element every
 * tag stands for, so that an element's pieces on several pages can become one
 * structure element afterwards (pdf/tagfix.h). The record owns its memory (an arena)
 * and points into the boxes, which must outlive it. */
#ifndef BP_STRUCTURE_H
#define BP_STRUCTURE_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

struct box;
struct structure;

/* What one Cairo structure tag stands for. */
enum structure_node_kind {
	STRUCTURE_NODE_ELEMENT, /* a piece (on one page) of an element */
	STRUCTURE_NODE_CONTENT, /* content of an element: dissolved into it afterwards */
	STRUCTURE_NODE_LINK,    /* a piece of a link, with its annotation */
	STRUCTURE_NODE_ARTIFACT, /* an artifact's marker tag: no element (see below) */
};

/* What is not content: marked /Artifact in the page's content, outside the tree. */
enum structure_artifact {
	STRUCTURE_ARTIFACT_LAYOUT,     /* backgrounds, borders, rules, leaders, decorative images */
	STRUCTURE_ARTIFACT_HEADER,     /* a running header: a margin box above the page area */
	STRUCTURE_ARTIFACT_FOOTER,     /* a running footer: a margin box below it */
	STRUCTURE_ARTIFACT_PAGINATION, /* a margin box beside it; a table header repeated on a later page */
	STRUCTURE_ARTIFACT_COUNT
};

/* One structure element of the finished tree. */
struct structure_element {
	const char *role;    /* standard structure type: "P", "H2", "TD" … */
	int parent;          /* index of the parent element, -1 for the Document */
	const char *alt;     /* Figure: the alternate description (img alt, svg title) */
	const char *lang;    /* language when it differs from the parent's, else NULL */
	const char *scope;   /* TH: "Column" or "Row", else NULL */
	int colspan, rowspan; /* TH, TD: spans above 1, else 0 */
};

struct structure *structure_new(void);
void structure_free(struct structure *st);

/* What is drawn between structure_content_begin and structure_content_end. */
enum structure_content {
	STRUCTURE_TEXT,   /* lines of the paragraph of `box` (a BOX_LINES box) */
	STRUCTURE_MARKER, /* the marker of list item `box` */
	STRUCTURE_IMAGE,  /* the image (or its placeholder) of replaced box `box` */
};

/* Opens the tags of the elements the content belongs to (those not open yet; tags of
 * elements it is not in are closed first) and a leaf tag for the content itself. An
 * image with an empty alt is decoration: nothing is opened and it stays untagged. */
void structure_content_begin(struct structure *st, cairo_t *cr, const struct box *box,
			     enum structure_content what);
void structure_content_end(struct structure *st, cairo_t *cr);

/* A Link tag with Cairo's link attributes, for link `key` (the same for every piece of
 * one link) of the paragraph of BOX_LINES box `owner`; NULL when the paragraph is not
 * tagged (a repeated table header): the link then belongs to the Document. */
void structure_link(struct structure *st, cairo_t *cr, const struct box *owner, const void *key,
		    const char *attrs);

/* What is drawn from here on is an artifact of that kind, until the next content,
 * link, other artifact or the page's end. Cairo 1.16 cannot mark artifacts: each is a
 * leaf structure tag of a type briefpack never uses for an element (its marker), which
 * the scan of Cairo's output rewrites as /Artifact marked content (pdf/contentfix.h)
 * and the tagged-PDF pass leaves out of the tree. */
void structure_artifact(struct structure *st, cairo_t *cr, enum structure_artifact kind);

/* A table cell that showed no content on its first page still gets its element. */
void structure_ensure(struct structure *st, cairo_t *cr, const struct box *box);

/* Closes every tag that is open: before cairo_show_page. */
void structure_page_end(struct structure *st, cairo_t *cr);

/* The record, for the post-pass: the tags in the order they were opened (the order of
 * Cairo's structure tree, depth first), each with its element (for an artifact's
 * marker: its enum structure_artifact) and the index of the page it was opened on
 * (from 0); and the elements. Each page's tags start with a
 * Document tag, the only one at the top. */
size_t structure_n_nodes(const struct structure *st);
int structure_node(const struct structure *st, size_t i, enum structure_node_kind *kind, int *page);
size_t structure_n_elements(const struct structure *st);
const struct structure_element *structure_element(const struct structure *st, size_t e);
/* The structure type of a STRUCTURE_NODE_CONTENT tag, dissolved into its element. */
const char *structure_content_role(void);
/* An artifact's marker, the structure type Cairo writes for it; and the property
 * list of the /Artifact marked content it becomes: "<< /Type /Layout >>". */
const char *structure_artifact_marker(enum structure_artifact kind);
const char *structure_artifact_properties(enum structure_artifact kind);
/* The document's language (the root element's lang), or NULL. */
const char *structure_lang(const struct structure *st);

#endif
