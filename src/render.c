/* The engine's entry point: style sheets, boxes, pages, then a PDF or a dump. */
#include "render.h"
#include "layout/box.h"
#include "layout/fonts.h"
#include "layout/font_faces.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "style/style.h"
#include "base/arena.h"
#include "base/diag.h"
#include "image/image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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

/* Where the PDF goes: the caller's stream when it can be rewound (a pass whose pages
 * turn out wrong is then dropped and painted again), else a memory buffer copied out
 * at the end. */
struct output {
	FILE *out;      /* the caller's */
	FILE *stream;   /* what is written to */
	char *buffer;   /* the memory stream's, when out cannot be rewound */
	size_t length;
	off_t start;
};

static void output_open(struct output *o, FILE *out)
{
	memset(o, 0, sizeof *o);
	o->out = out;
	o->start = ftello(out);
	o->stream = o->start >= 0 && fseeko(out, o->start, SEEK_SET) == 0 ? out : NULL;
	if (!o->stream) {
		o->stream = open_memstream(&o->buffer, &o->length);
		o->start = 0; /* a pipe's position is no position */
	}
}

/* Drops what was written since output_open. */
static int output_rewind(struct output *o)
{
	if (fflush(o->stream) != 0 || fseeko(o->stream, o->start, SEEK_SET) != 0)
		return -1;
	/* A memory stream (no descriptor) ends where it was last written to. */
	if (o->stream == o->out && fileno(o->out) >= 0)
		return ftruncate(fileno(o->out), o->start);
	return 0;
}

static int output_close(struct output *o, bool keep)
{
	int status = 0;
	if (o->stream && o->stream != o->out) {
		fclose(o->stream);
		if (keep && o->length && fwrite(o->buffer, 1, o->length, o->out) != o->length)
			status = -1;
		free(o->buffer);
	}
	o->stream = NULL;
	return status;
}

/* What one layout pass found. */
struct pass_result {
	struct page_refs refs; /* where the ids landed */
	int pages;
	bool shows_total;      /* some page's margin boxes show counter(pages) */
	int total_shown;       /* the count they showed */
	bool painted;          /* every page went to the output */
};

/* Pages a pass holds before it lets them go as they come. A short document is laid
 * out once and its pages held until the page count is known; a longer one goes
 * through the pages once to count them and then paints each page as it is laid
 * out, so that its memory does not grow with its length. */
enum { HELD_PAGES = 100 };

struct render_state {
	const struct render_options *opts;
	const char *name;
	struct arena *a;               /* outlives the passes */
	struct output output;
	struct painter *painter;       /* NULL until a pass paints */
	/* What the painter says, kept until its pass is the one written out: a pass that
	 * is painted again would say it twice. */
	struct diag_sink *paint_sink;
	FILE *paint_messages;
	char *paint_text;
	size_t paint_len;
	struct pdf_metadata meta;
	struct diag_sink *sink;        /* the first pass's messages; later passes are quiet */
	struct page_refs tree_ids;     /* the first tree's box ids: links of a first pass that paints */
	FILE *discard;                 /* --dump=tags: where the PDF goes */
};

static ssize_t discard_write(void *cookie, const char *data, size_t n)
{
	return (ssize_t)n;
}

/* Paints a page, or dumps it. */
static void emit_page(struct render_state *st, const struct page_refs *targets, struct page *page)
{
	if (st->opts->dump == RENDER_DUMP_PAGES) {
		layout_dump_page(page, st->output.stream);
		return;
	}
	if (!st->painter) {
		st->paint_messages = open_memstream(&st->paint_text, &st->paint_len);
		if (!st->paint_messages)
			abort(); /* out of memory, as the allocation wrappers do */
		st->paint_sink = diag_sink_like(st->sink, st->paint_messages);
		/* The structure tree's dump: the PDF is made and dropped. */
		FILE *to = st->opts->dump == RENDER_DUMP_TAGS ? st->discard : st->output.stream;
		st->painter = pdf_begin(&st->meta, targets ? targets : &st->tree_ids,
					!st->opts->untagged, to, st->paint_sink, st->name, st->opts->deps);
	}
	pdf_page(st->painter, page);
}

/* Ends the painting of a pass: written out (finish) or dropped. Returns 0 or -1. */
static int end_painting(struct render_state *st, bool finish)
{
	if (!st->painter)
		return 0;
	int status = 0;
	if (finish && st->opts->dump == RENDER_DUMP_TAGS)
		pdf_dump_tags(st->painter, st->output.stream);
	if (finish)
		status = pdf_finish(st->painter);
	else
		pdf_abandon(st->painter);
	st->painter = NULL;
	fclose(st->paint_messages);
	if (finish) {
		diag_sink_write(st->sink, st->paint_text, st->paint_len);
		diag_sink_absorb(st->sink, st->paint_sink);
	}
	diag_sink_free(st->paint_sink);
	free(st->paint_text);
	st->paint_sink = NULL;
	st->paint_text = NULL;
	return status;
}

/* A pass's layouts, kept for the next pass to reuse. */
struct kept_pass {
	struct arena *arena;
	struct layout_context *lc;
};

static void kept_pass_free(struct kept_pass *k)
{
	layout_context_free(k->lc);
	if (k->arena)
		arena_free(k->arena);
	k->lc = NULL;
	k->arena = NULL;
}

/* One layout of the tree. `shown` and `total` are what the previous pass found (the
 * page numbers target-counter() shows, counter(pages)); `paint` says whether pages
 * whose content that settles may go to the output as they come. */
static int layout_pass(struct render_state *st, struct box_tree *tree, PangoFontMap *fontmap,
		       struct diag_sink *sink, const struct page_refs *shown, int total, bool paint,
		       bool report, const struct kept_pass *prev, struct kept_pass *keep,
		       struct pass_result *res)
{
	struct arena *la = arena_new();
	struct layout_context *lc = layout_context_new(la, tree->sheets, sink, st->name, fontmap);
	if (prev && prev->lc)
		layout_context_reuse(lc, prev->lc);
	struct paginator *pg = paginator_new(lc, tree);
	struct target_list *targets = targets_new(st->a);
	struct overflow_report *overflow = overflow_new(la);
	struct page *held = NULL, **tail = &held;
	int n_held = 0;
	bool streaming = false;
	bool holds_all = st->opts->dump == RENDER_DUMP_PAGES; /* a dump is not painted twice */
	bool painting = paint;
	int hold = st->opts->hold_pages > 0 ? st->opts->hold_pages : HELD_PAGES;
	memset(res, 0, sizeof *res);
	struct page *page;
	while ((page = paginator_next(pg))) {
		res->pages = page->number;
		if (page_shows_total(page)) {
			res->shows_total = true;
			if (total == 0)
				painting = false; /* the count is not known yet */
			res->total_shown = total;
		}
		targets_add_page(targets, page);
		overflow_scan_page(overflow, page);
		if (!streaming && (holds_all || n_held < hold)) {
			*tail = page;
			tail = &page->next;
			n_held++;
			continue;
		}
		if (!streaming) {
			streaming = true;
			for (struct page *h = held, *next; h; h = next) {
				next = h->next;
				if (painting) {
					paginator_place_margin_boxes(pg, h, total);
					emit_page(st, shown, h);
				}
				paginator_release(pg, h);
			}
			held = NULL;
			n_held = 0;
		}
		if (painting) {
			paginator_place_margin_boxes(pg, page, total);
			emit_page(st, shown, page);
		}
		paginator_release(pg, page);
	}
	int status = paginator_failed(pg) ? -1 : 0;
	targets_finish(targets, &res->refs);
	if (status == 0 && report)
		overflow_report(overflow, sink, st->name);
	res->painted = streaming && painting;
	/* A short document: its pages were held, and the count is known now. */
	bool settled = !tree->uses_page_refs || (shown && page_refs_equal(&res->refs, shown));
	if (status == 0 && !streaming && paint && settled) {
		for (struct page *h = held; h; h = h->next) {
			paginator_place_margin_boxes(pg, h, res->pages);
			emit_page(st, &res->refs, h);
		}
		res->painted = true;
		res->total_shown = res->pages;
	}
	/* A short document's layouts may serve the next pass. */
	bool kept = status == 0 && !streaming && keep;
	if (kept)
		paginator_keep_layouts(pg);
	for (struct page *h = held, *next; h; h = next) {
		next = h->next;
		paginator_release(pg, h);
	}
	paginator_free(pg);
	if (kept) {
		keep->arena = la;
		keep->lc = lc;
	} else {
		layout_context_free(lc);
		arena_free(la);
	}
	return status;
}

int render_document(xmlDocPtr html, const struct render_options *opts, FILE *out,
		    struct diag_sink *sink)
{
	int status = -1;
	struct arena *a = arena_new();    /* the style sheets and what outlives a pass */
	struct arena *pass = arena_new(); /* the boxes and styles of one tree */
	struct box_tree tree = { 0 };
	struct diag_sink *quiet = NULL;
	struct image_cache *images = NULL; /* outlives the passes: the PDF draws from it */
	const char *name = opts->source_name ? opts->source_name : "(document)";
	const char *base = opts->base_dir ? opts->base_dir : ".";
	struct render_fonts *own_fonts = opts->fonts ? NULL : render_fonts_new();
	struct render_fonts *doc_fonts = NULL; /* the document's @font-face fonts */
	PangoFontMap *fontmap = render_fonts_map(opts->fonts ? opts->fonts : own_fonts);
	struct render_state st = { .opts = opts, .name = name, .a = a, .sink = sink };
	struct kept_pass prev = { 0 }; /* the last pass's layouts, for the next to reuse */
	output_open(&st.output, out);
	if (opts->dump == RENDER_DUMP_TAGS) {
		st.discard = fopencookie(NULL, "w", (cookie_io_functions_t){ .write = discard_write });
		if (!st.discard)
			abort(); /* out of memory, as the allocation wrappers do */
	}

	struct stylesheet_set *sheets = style_sheets_load(a, html, name, base, opts->allowed_dirs, opts->deps,
							  sink);
	size_t n_faces;
	const struct font_face *faces = style_sheets_font_faces(sheets, &n_faces);
	if (n_faces) {
		/* The document's own fonts: a map of its own, dropped with it. */
		struct font_face_inputs fin = { base, opts->allowed_dirs, opts->deps };
		doc_fonts = render_fonts_for_document(faces, n_faces, &fin, sink);
		if (doc_fonts)
			fontmap = render_fonts_map(doc_fonts);
	}
	images = image_cache_new();
	struct box_inputs in = { name, base, opts->allowed_dirs, NULL, images, opts->deps, NULL };
	if (box_tree_build(pass, sheets, html, &in, sink, &tree) != 0)
		goto out;
	if (opts->dump == RENDER_DUMP_BOXES) {
		box_tree_dump(&tree, st.output.stream);
		status = 0;
		goto out;
	}
	xmlNode *root = xmlDocGetRootElement(html);
	xmlNode *head = find_element(root, "head", 0);
	st.meta = (struct pdf_metadata){
		.title = text_of(a, find_element(root, "title", 0)),
		.author = meta_content(a, head, "author"),
		.subject = meta_content(a, head, "description"),
		.keywords = meta_content(a, head, "keywords"),
		.lang = tree.lang ? arena_strdup(a, tree.lang) : NULL, /* the tree may be made again */
		.variant = opts->variant,
		.date = opts->creation_time,
	};
	/* Passes until what the pages show (target-counter()'s page numbers, the page
	 * count) is what the pass before found; the last one paints. */
	struct page_refs shown = { 0 };
	int total = 0;
	box_tree_ids(&tree, a, &st.tree_ids); /* later passes take the targets they found */
	for (int round = 1;; round++) {
		struct kept_pass kept = { 0 };
		struct pass_result res;
		bool last_chance = round == MAX_PASSES;
		bool paint = last_chance || round > 1 || !tree.uses_page_refs;
		if (layout_pass(&st, &tree, fontmap, round == 1 ? sink : quiet, round > 1 ? &shown : NULL,
				total, paint, round == 1, &prev, tree.uses_page_refs ? &kept : NULL,
				&res) != 0) {
			if (round > 1)
				diag(sink, DIAG_ERROR, name, 0, 0, "laying out with page references failed");
			goto out;
		}
		kept_pass_free(&prev);
		prev = kept;
		bool refs_settled = !tree.uses_page_refs || (round > 1 && page_refs_equal(&res.refs, &shown));
		bool total_settled = !res.shows_total || res.total_shown == res.pages;
		if (res.painted && ((refs_settled && total_settled) || last_chance)) {
			if (!refs_settled)
				diag(sink, DIAG_WARNING, name, 0, 0,
				     "page numbers from target-counter() did not settle after %d passes",
				     MAX_PASSES);
			break;
		}
		if (last_chance) {
			diag(sink, DIAG_ERROR, name, 0, 0, "the pages did not settle after %d passes",
			     MAX_PASSES);
			goto out;
		}
		/* Not painted, or painted with numbers that moved: drop it and go again. */
		end_painting(&st, false);
		if (output_rewind(&st.output) != 0) {
			diag(sink, DIAG_ERROR, name, 0, 0, "cannot rewind the output to paint it again");
			goto out;
		}
		shown = res.refs;
		total = res.pages;
		if (!quiet)
			quiet = diag_sink_new(NULL);
		style_sheets_report_to(sheets, quiet);
		if (tree.uses_page_refs && !refs_settled) {
			/* The text changes with the page numbers: the boxes are made again,
			 * with what this pass's ::before and ::after showed at hand. */
			struct arena *next = arena_new();
			struct box_tree rebuilt;
			in.refs = &shown;
			in.previous_generated = tree.generated;
			int built = box_tree_build(next, sheets, html, &in, quiet, &rebuilt);
			in.previous_generated = NULL;
			box_tree_free(&tree);
			arena_free(pass);
			pass = next;
			tree = rebuilt;
			if (built != 0)
				goto out;
		}
	}
	status = end_painting(&st, true);
out:
	end_painting(&st, false);
	kept_pass_free(&prev);
	if (output_close(&st.output, status == 0) != 0 && status == 0) {
		diag(sink, DIAG_ERROR, name, 0, 0, "writing the output failed");
		status = -1;
	}
	box_tree_free(&tree);
	arena_free(pass);
	arena_free(a);
	if (images)
		image_cache_free(images);
	if (quiet)
		diag_sink_free(quiet);
	render_fonts_free(doc_fonts);
	render_fonts_free(own_fonts);
	if (st.discard)
		fclose(st.discard);
	return status;
}
