/* The structure tree of a tagged PDF, made as the pages are painted: each piece of
 * content is marked in the page's content stream with the marked-content id of the
 * structure element of its HTML element (one element per HTML element however many
 * pages it spans), everything else as an /Artifact of its kind; links get their
 * annotations' object references. The tree, its parent tree and role attributes are
 * written once at the end. Points into the boxes, which must outlive the painting of
 * the page they are on (attributes are copied when an element is made). */
#ifndef BP_PDF_TAGS_H
#define BP_PDF_TAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct box;
struct pdf_content;
struct pdf_writer;
struct tags;

/* What is not content: marked /Artifact in the page's content, outside the tree. */
enum tags_artifact {
	TAGS_ARTIFACT_LAYOUT,     /* backgrounds, borders, rules, leaders, decorative images */
	TAGS_ARTIFACT_HEADER,     /* a running header: a margin box above the page area */
	TAGS_ARTIFACT_FOOTER,     /* a running footer: a margin box below it */
	TAGS_ARTIFACT_PAGINATION, /* a margin box beside it; a table header repeated on a later page */
	TAGS_ARTIFACT_COUNT
};

/* What is drawn between tags_content_begin and tags_content_end. */
enum tags_content {
	TAGS_TEXT,   /* lines of the paragraph of `box` (a BOX_LINES box) */
	TAGS_MARKER, /* the marker of list item `box` */
	TAGS_IMAGE,  /* the image (or its placeholder's text) of replaced box `box` */
};

/* tagged false: a recorder that marks nothing and writes no tree (an untagged PDF:
 * artifacts and content go unmarked). lang: the document's language, or NULL. */
struct tags *tags_new(struct pdf_writer *w, bool tagged, const char *lang);
void tags_free(struct tags *t);
bool tags_enabled(const struct tags *t);

/* A page starts: its object number, and the content stream marks go to. */
void tags_page_begin(struct tags *t, int page_obj, struct pdf_content *c);
/* The page's /StructParents key, or -1 when nothing on it is marked with an id. Call
 * after the page's content is painted (it closes what is open). */
int tags_page_end(struct tags *t);

/* Marks what follows as content of the element of `box` (and makes the elements from
 * the Document down to it that do not exist yet). An image with an empty alt, or an
 * element hidden from assistive technology, is decoration: an artifact instead. */
void tags_content_begin(struct tags *t, const struct box *box, enum tags_content what);
void tags_content_end(struct tags *t);

/* What is drawn from here on is an artifact of that kind, until the next content. */
void tags_artifact(struct tags *t, enum tags_artifact kind);
/* The page's background, an artifact of type /Background over the whole page of w × h
 * points (PDF 32000-1, 14.8.2.2.2: such an artifact has its bounding box). */
void tags_artifact_page_background(struct tags *t, double w, double h);
/* Ends an open artifact or content. */
void tags_close(struct tags *t);

/* A table cell, or any element, that shows no content on its first page still gets its
 * element (empty). */
void tags_ensure(struct tags *t, const struct box *box);

/* A link annotation (object annot_obj, on the current page) of link `key` (the same
 * for every piece of one link) in the paragraph of BOX_LINES box `owner`, or of the
 * Document when owner is NULL (a repeated table header). Returns the annotation's
 * /StructParent key, or -1 when untagged. */
int tags_link(struct tags *t, const struct box *owner, const void *key, int annot_obj);

/* Why the PDF cannot claim PDF/UA-1 (no tags, no language, headings that start below
 * h1 or skip a level), or NULL when nothing known stands in the way. */
const char *tags_ua_problem(const struct tags *t);

/* Writes the elements, the parent tree and the StructTreeRoot; its object number, or
 * 0 when untagged. */
int tags_finish(struct tags *t);

/* The tree as indented text (--dump=tags): role, attributes, and what each element
 * holds (marked content as "mcid N page P", annotations as "annot"). */
void tags_dump(const struct tags *t, FILE *out);

#endif
