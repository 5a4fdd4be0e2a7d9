/* The engine's entry point: style sheets, boxes, pages, then a PDF or a dump. */
#include "layout/render.h"
#include "layout/box.h"
#include "layout/fonts.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "style/style.h"
#include "base/arena.h"
#include "base/diag.h"
#include "image/image.h"

#include <string.h>
#include <strings.h>

enum { MAX_PASSES = 4 }; /* layouts at most, when page references move pages on */

/* The first element named `name` in document order, depth-first, bounded. */
static xmlNode *find_element(xmlNode *node, const char *name, int depth)
{
	for (; node && depth < 64; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)node->name, name) == 0)
			return node;
		xmlNode *found = find_element(node->children, name, depth + 1);
		if (found)
			return found;
	}
	return NULL;
}

static const char *text_of(struct arena *a, xmlNode *node)
{
	xmlChar *t = node ? xmlNodeGetContent(node) : NULL;
	if (!t)
		return NULL;
	char *copy = arena_strdup(a, (const char *)t);
	xmlFree(t);
	return copy;
}

static const char *meta_content(struct arena *a, xmlNode *head, const char *name)
{
	for (xmlNode *n = head ? head->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcasecmp((const char *)n->name, "meta") != 0)
			continue;
		xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
		bool match = nm && strcasecmp((const char *)nm, name) == 0;
		xmlFree(nm);
		if (match) {
			xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
			const char *copy = content ? arena_strdup(a, (const char *)content) : NULL;
			xmlFree(content);
			return copy;
		}
	}
	return NULL;
}

int render_document(xmlDocPtr html, const struct render_options *opts, FILE *out,
		    struct diag_sink *sink)
{
	int status = -1;
	struct arena *a = arena_new();    /* the style sheets and what outlives a pass */
	struct arena *pass = arena_new(); /* boxes, styles and fragments of one layout pass */
	struct layout_context *lc = NULL;
	struct box_tree tree = { 0 };
	struct diag_sink *quiet = NULL;
	struct image_cache *images = NULL; /* outlives the passes: the PDF draws from it */
	const char *name = opts->source_name ? opts->source_name : "(document)";
	const char *base = opts->base_dir ? opts->base_dir : ".";
	struct render_fonts *own_fonts = opts->fonts ? NULL : render_fonts_new();
	PangoFontMap *fontmap = render_fonts_map(opts->fonts ? opts->fonts : own_fonts);

	struct stylesheet_set *sheets = style_sheets_load(a, html, name, base, opts->allowed_dirs, opts->deps,
							  sink);
	images = image_cache_new();
	struct box_inputs in = { name, base, opts->allowed_dirs, NULL, images, opts->deps };
	if (box_tree_build(pass, sheets, html, &in, sink, &tree) != 0)
		goto out;
	if (opts->dump == RENDER_DUMP_BOXES) {
		box_tree_dump(&tree, out);
		status = 0;
		goto out;
	}
	lc = layout_context_new(pass, sheets, sink, name, fontmap);
	struct page *pages = layout_paginate(lc, &tree);
	/* target-counter(): lay out again with the pages the last pass found, until the
	 * numbers shown are the numbers where the targets landed. */
	struct page_refs shown = { 0 };
	for (int round = 1; pages && tree.uses_page_refs && round <= MAX_PASSES; round++) {
		struct page_refs found;
		layout_collect_targets(a, pages, &found);
		if (round > 1 && page_refs_equal(&found, &shown))
			break;
		if (round == MAX_PASSES) {
			diag(sink, DIAG_WARNING, name, 0, 0,
			     "page numbers from target-counter() did not settle after %d passes",
			     MAX_PASSES);
			break;
		}
		shown = found;
		layout_context_free(lc);
		lc = NULL;
		box_tree_free(&tree);
		arena_free(pass);
		pass = arena_new();
		/* Later passes repeat what the first one said: they report to a quiet sink. */
		if (!quiet)
			quiet = diag_sink_new(NULL);
		style_sheets_report_to(sheets, quiet);
		in.refs = &shown;
		if (box_tree_build(pass, sheets, html, &in, quiet, &tree) != 0)
			goto out;
		lc = layout_context_new(pass, sheets, quiet, name, fontmap);
		pages = layout_paginate(lc, &tree);
		if (!pages)
			diag(sink, DIAG_ERROR, name, 0, 0, "laying out with page references failed");
	}
	if (!pages)
		goto out;
	layout_report_overflow(pages, sink, name);
	if (opts->dump == RENDER_DUMP_PAGES) {
		layout_dump_pages(pages, out);
		status = 0;
		goto out;
	}
	xmlNode *root = xmlDocGetRootElement(html);
	xmlNode *head = find_element(root, "head", 0);
	struct pdf_metadata meta = {
		.title = text_of(a, find_element(root, "title", 0)),
		.author = meta_content(a, head, "author"),
		.subject = meta_content(a, head, "description"),
		.keywords = meta_content(a, head, "keywords"),
		.date = opts->creation_time,
	};
	status = pdf_write(pages, &meta, out, sink, name, opts->deps);
out:
	layout_context_free(lc);
	box_tree_free(&tree);
	arena_free(pass);
	arena_free(a);
	if (images)
		image_cache_free(images);
	if (quiet)
		diag_sink_free(quiet);
	render_fonts_free(own_fonts);
	return status;
}
