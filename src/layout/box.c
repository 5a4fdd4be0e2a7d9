/* Box tree construction: elements and computed styles become blocks, paragraphs of
 * inline content, list items with markers and tables; CSS counters are kept here. */
#include "layout/box.h"
#include "layout/layout.h"
#include "layout/hyphen.h"
#include "image/image.h"
#include "base/deps.h"
#include "base/paths.h"
#include "style/style.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

#include <libxml/hash.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_DEPTH = 400 }; /* deeper elements are flattened into their ancestor's text */

/* One instance of a CSS counter; instances form a stack. */
struct counter {
	const char *name;
	int value;
	const xmlNode *scope;  /* the parent of the element that created it: gone after it */
	struct counter *below;
};

/* A block container being filled: boxes go into `box`, inline content into `lines`. */
struct container {
	struct box *box;
	struct box *lines;
	bool continued; /* the next paragraph box continues a cut paragraph: no indent */
};

/* ::first-line and ::first-letter of a block container, waiting for the paragraph
 * that holds its first formatted line: its own first, or its first block child's. */
struct first_request {
	const struct style *line, *letter; /* NULL: none */
	const struct box *owner;           /* the block they belong to */
};

/* The text an element's ::before and ::after show, for target-text(). */
struct generated_text {
	const char *before, *after;
};

struct builder {
	struct arena *arena;
	struct stylesheet_set *sheets;
	struct diag_sink *diag;
	const char *source_name;
	struct box_tree *tree;
	struct counter *counters;
	struct box *pending[8];     /* list items waiting for their first line: a list item
				     * that starts with a nested list shares that line */
	int n_pending;
	bool warned_depth;
	bool warned_inline_edges;   /* an inline element's padding or margin in a percentage told */
	int quote_depth;
	const struct page_refs *refs; /* pages of targets, NULL on the first pass */
	xmlHashTablePtr ids;        /* id → element, for target-text(); made when first needed */
	const struct box_inputs *in;  /* images, folders, the page's name */
	struct first_request first;   /* ::first-line and ::first-letter waiting for a paragraph */
};

static bool name_is(const xmlNode *el, const char *name)
{
	return el && el->type == XML_ELEMENT_NODE && strcasecmp((const char *)el->name, name) == 0;
}

/* 1..6 for h1..h6, else 0. */
static int heading_level_of(const xmlNode *el)
{
	if (el->name[0] != 'h' && el->name[0] != 'H')
		return 0;
	int level = el->name[1] - '0';
	return level >= 1 && level <= 6 && el->name[2] == '\0' ? level : 0;
}

static struct box *box_new(struct builder *b, enum box_type type, const struct style *s,
			   xmlNode *el)
{
	struct box *box = arena_alloc(b->arena, sizeof *box);
	box->type = type;
	box->style = s;
	box->element = el;
	if (el)
		semantics_read(b->arena, el, type == BOX_REPLACED,
			       type == BOX_REPLACED ? 0 : heading_level_of(el), &box->sem);
	box->box_index = b->tree->n_boxes++;
	if (type == BOX_LINES)
		box->lines_index = b->tree->n_lines++;
	return box;
}

static void box_append(struct box *parent, struct box *child)
{
	child->parent = parent;
	if (parent->last_child)
		parent->last_child->next = child;
	else
		parent->first_child = child;
	parent->last_child = child;
}

static void box_remove_last(struct box *parent)
{
	struct box *prev = NULL;
	for (struct box *c = parent->first_child; c && c != parent->last_child; c = c->next)
		prev = c;
	if (prev)
		prev->next = NULL;
	else
		parent->first_child = NULL;
	parent->last_child = prev;
}

/* ---- counters ---- */

static struct counter *counter_find(struct builder *b, const char *name)
{
	for (struct counter *c = b->counters; c; c = c->below)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void counter_reset(struct builder *b, const xmlNode *el, const char *name, int value)
{
	/* A reset on a sibling of the element that owns the same counter replaces it. */
	struct counter *c = counter_find(b, name);
	if (c && c->scope == el->parent) {
		c->value = value;
		return;
	}
	c = arena_alloc(b->arena, sizeof *c);
	c->name = name;
	c->value = value;
	c->scope = el->parent;
	c->below = b->counters;
	b->counters = c;
}

static void counter_add(struct builder *b, const xmlNode *el, const char *name, int by, bool set)
{
	struct counter *c = counter_find(b, name);
	if (!c) {
		counter_reset(b, el, name, 0);
		c = b->counters;
	}
	long v = set ? by : (long)c->value + by;
	c->value = v > 1000000000 ? 1000000000 : v < -1000000000 ? -1000000000 : (int)v;
}

/* Counters created by children of `scope` end with it. */
static void counters_leave(struct builder *b, const xmlNode *scope)
{
	while (b->counters && b->counters->scope == scope)
		b->counters = b->counters->below;
}

static int attr_int(xmlNode *el, const char *name, int fallback)
{
	xmlChar *v = xmlGetProp(el, (const xmlChar *)name);
	if (!v)
		return fallback;
	char *end;
	long n = strtol((const char *)v, &end, 10);
	bool ok = end != (char *)v;
	xmlFree(v);
	if (!ok)
		return fallback;
	return n > 1000000000 ? 1000000000 : n < -1000000000 ? -1000000000 : (int)n;
}

static void apply_counters(struct builder *b, xmlNode *el, const struct style *s)
{
	if (name_is(el, "ol") || name_is(el, "ul") || name_is(el, "menu"))
		counter_reset(b, el, "list-item", attr_int(el, "start", 1) - 1);
	for (const struct counter_op *op = s->counter_reset; op; op = op->next)
		counter_reset(b, el, op->name, op->value);
	bool list_item_incremented = false;
	for (const struct counter_op *op = s->counter_increment; op; op = op->next) {
		counter_add(b, el, op->name, op->value, false);
		list_item_incremented |= strcmp(op->name, "list-item") == 0;
	}
	if (s->display == DISPLAY_LIST_ITEM && !list_item_incremented)
		counter_add(b, el, "list-item", 1, false);
	if (s->display == DISPLAY_LIST_ITEM && name_is(el, "li")) {
		xmlChar *v = xmlGetProp(el, (const xmlChar *)"value");
		if (v) {
			xmlFree(v);
			counter_add(b, el, "list-item", attr_int(el, "value", 1), true);
		}
	}
	for (const struct counter_op *op = s->counter_set; op; op = op->next)
		counter_add(b, el, op->name, op->value, true);
}

static void roman(int n, bool upper, struct buf *out)
{
	static const struct { int v; const char *s; } digits[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
		{ 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
	};
	for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
		while (n >= digits[i].v) {
			for (const char *p = digits[i].s; *p; p++)
				buf_putc(out, upper ? (char)(*p - 'a' + 'A') : *p);
			n -= digits[i].v;
		}
}

/* A counter value in a list style (without the marker's suffix). */
static void format_counter(int value, int type, struct buf *out)
{
	switch (type) {
	case LIST_NONE: return;
	case LIST_DISC: buf_puts(out, "\xe2\x80\xa2"); return;
	case LIST_CIRCLE: buf_puts(out, "\xe2\x97\xa6"); return;
	case LIST_SQUARE: buf_puts(out, "\xe2\x96\xaa"); return;
	case LIST_LOWER_ROMAN:
	case LIST_UPPER_ROMAN:
		if (value > 0 && value < 4000) {
			roman(value, type == LIST_UPPER_ROMAN, out);
			return;
		}
		break;
	case LIST_LOWER_ALPHA:
	case LIST_UPPER_ALPHA:
		if (value > 0) {
			char tmp[16];
			int n = 0;
			for (long v = value; v > 0 && n < 15; v = (v - 1) / 26)
				tmp[n++] = (char)((type == LIST_UPPER_ALPHA ? 'A' : 'a') + (v - 1) % 26);
			while (n > 0)
				buf_putc(out, tmp[--n]);
			return;
		}
		break;
	case LIST_DECIMAL_LEADING_ZERO:
		buf_printf(out, "%02d", value);
		return;
	default:
		break;
	}
	buf_printf(out, "%d", value);
}

void box_marker_text(int value, int type, char *text, size_t size)
{
	struct buf b = { 0 };
	format_counter(value, type, &b);
	if (type != LIST_DISC && type != LIST_CIRCLE && type != LIST_SQUARE && type != LIST_NONE)
		buf_putc(&b, '.');
	snprintf(text, size, "%s", b.data ? b.data : "");
	buf_free(&b);
}

/* ---- generated content ---- */

static void collapse_text(const char *in, struct buf *out)
{
	bool space = false;
	for (const char *p = in; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_putc(out, ' ');
		space = false;
		buf_putc(out, *p);
	}
}

static void resolve_content(struct builder *b, xmlNode *el, const struct content_item *item,
			    struct buf *out);

/* The first letter of text, with the punctuation before it (CSS Pseudo 4, ::first-letter). */
static void first_letter(const char *text, struct buf *out)
{
	const char *p = text;
	while (*p == ' ')
		p++;
	const char *start = p;
	while (*p && g_unichar_ispunct(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	if (*p)
		p = g_utf8_next_char(p);
	buf_add(out, start, (size_t)(p - start));
}

/* An element's text, its ::before or ::after, or its first letter (content()). */
static void element_part(struct builder *b, xmlNode *el, int part, struct buf *out)
{
	if (part == PART_BEFORE || part == PART_AFTER) {
		const struct style *s = style_compute(b->sheets, b->arena, el, NULL, CSS_PSEUDO_NONE);
		const struct style *ps = style_compute(b->sheets, b->arena, el, s,
						       part == PART_BEFORE ? CSS_PSEUDO_BEFORE
									   : CSS_PSEUDO_AFTER);
		if (ps && ps->display != DISPLAY_NONE && ps->content) {
			int depth = b->quote_depth; /* quotes here change nothing that follows */
			resolve_content(b, el, ps->content, out);
			b->quote_depth = depth;
		}
		return;
	}
	xmlChar *t = xmlNodeGetContent(el);
	if (!t)
		return;
	if (part == PART_FIRST_LETTER) {
		struct buf all = { 0 };
		collapse_text((const char *)t, &all);
		buf_puts(&all, "");
		first_letter(all.data, out);
		buf_free(&all);
	} else {
		collapse_text((const char *)t, out);
	}
	xmlFree(t);
}

/* target-text()'s before or after: what the target's ::before or ::after shows, with
 * the counters where the target is. A target already built in this pass has it; a
 * later one, the pass before (a first pass asks for a second). */
static void target_generated(struct builder *b, xmlNode *target, int part, struct buf *out)
{
	xmlChar *id = xmlGetProp(target, (const xmlChar *)"id");
	const struct generated_text *g = NULL;
	if (id && b->tree->generated)
		g = xmlHashLookup(b->tree->generated, id);
	if (!g && id && b->in->previous_generated)
		g = xmlHashLookup(b->in->previous_generated, id);
	else if (!g && !b->in->previous_generated)
		b->tree->uses_page_refs = true;
	xmlFree(id);
	const char *text = g ? (part == PART_BEFORE ? g->before : g->after) : NULL;
	if (text)
		buf_puts(out, text);
}

static void index_ids(xmlHashTablePtr ids, xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
		if (id && *id)
			xmlHashAddEntry(ids, id, n); /* the first element with an id keeps it */
		xmlFree(id);
		index_ids(ids, n->children);
	}
}

/* The element whose id an attribute of el names (a local link: #id). */
static xmlNode *target_of(struct builder *b, xmlNode *el, const char *attr)
{
	xmlChar *v = xmlGetProp(el, (const xmlChar *)attr);
	if (!v)
		return NULL;
	if (!b->ids) {
		b->ids = xmlHashCreate(64);
		index_ids(b->ids, xmlDocGetRootElement(el->doc));
	}
	const char *id = (const char *)v;
	xmlNode *target = *id == '#' ? xmlHashLookup(b->ids, (const xmlChar *)id + 1) : NULL;
	xmlFree(v);
	return target;
}

/* Content items that do not depend on the page, as text. */
static void resolve_content(struct builder *b, xmlNode *el, const struct content_item *item,
			    struct buf *out)
{
	for (; item; item = item->next) {
		switch (item->kind) {
		case CONTENT_STRING:
			buf_puts(out, item->text);
			break;
		case CONTENT_ATTR: {
			xmlChar *v = xmlGetProp(el, (const xmlChar *)item->name);
			if (v) {
				buf_puts(out, (const char *)v);
				xmlFree(v);
			}
			break;
		}
		case CONTENT_COUNTER: {
			struct counter *c = counter_find(b, item->name);
			format_counter(c ? c->value : 0, item->counter_style, out);
			break;
		}
		case CONTENT_COUNTERS: {
			/* Outermost first: collect the instances, then write them in reverse. */
			int values[64];
			int n = 0;
			for (struct counter *c = b->counters; c && n < 64; c = c->below)
				if (strcmp(c->name, item->name) == 0)
					values[n++] = c->value;
			if (n == 0)
				values[n++] = 0;
			for (int i = n - 1; i >= 0; i--) {
				format_counter(values[i], item->counter_style, out);
				if (i > 0)
					buf_puts(out, item->text);
			}
			break;
		}
		case CONTENT_OPEN_QUOTE:
			buf_puts(out, b->quote_depth++ % 2 ? "\xe2\x80\x98" : "\xe2\x80\x9c");
			break;
		case CONTENT_CLOSE_QUOTE:
			if (b->quote_depth > 0)
				b->quote_depth--;
			buf_puts(out, b->quote_depth % 2 ? "\xe2\x80\x99" : "\xe2\x80\x9d");
			break;
		case CONTENT_ELEMENT_TEXT:
			element_part(b, el, item->which, out);
			break;
		case CONTENT_TARGET_TEXT: {
			xmlNode *target = target_of(b, el, item->name);
			if (!target)
				break;
			if (item->which == PART_BEFORE || item->which == PART_AFTER)
				target_generated(b, target, item->which, out);
			else
				element_part(b, target, item->which, out);
			break;
		}
		case CONTENT_TARGET_COUNTER: {
			/* The page of the element the attribute points at; a first pass shows a
			 * stand-in and asks for a second. */
			b->tree->uses_page_refs = true;
			xmlChar *v = xmlGetProp(el, (const xmlChar *)item->name);
			const char *target = v ? (const char *)v : "";
			if (*target == '#')
				target++;
			int page = b->refs ? page_refs_find(b->refs, target) : 0;
			if (!b->refs || page > 0)
				format_counter(page > 0 ? page : 0, item->counter_style, out);
			else
				buf_puts(out, "?");
			xmlFree(v);
			break;
		}
		default:
			/* string() belongs to margin boxes; leader() is handled by the caller. */
			break;
		}
	}
}

/* ---- building ---- */

static struct box *lines_of(struct builder *b, struct container *c)
{
	if (c->lines)
		return c->lines;
	struct box *lines = box_new(b, BOX_LINES, style_anonymous(b->sheets, b->arena, c->box->style), NULL);
	lines->page_name = c->box->page_name;
	lines->content = arena_alloc(b->arena, sizeof *lines->content);
	text_content_init(lines->content, c->box->style);
	lines->content->continued = c->continued;
	if (b->first.owner && !c->continued) {
		lines->content->first_line = b->first.line;
		lines->content->first_letter = b->first.letter;
		b->first = (struct first_request){ 0 };
	}
	c->continued = false;
	struct box_tree *t = b->tree;
	ARENA_GROW(b->arena, t->contents, t->n_contents, t->cap_contents);
	t->contents[t->n_contents++] = lines->content;
	box_append(c->box, lines);
	c->lines = lines;
	for (int i = 0; i < b->n_pending; i++)
		b->pending[i]->marker_lines = lines;
	b->n_pending = 0;
	return lines;
}

/* Ends the paragraph being filled; one with nothing visible is dropped. */
static void close_lines(struct builder *b, struct container *c)
{
	struct box *lines = c->lines;
	if (!lines)
		return;
	c->lines = NULL;
	text_finish(lines->content);
	if (!lines->content->has_visible && lines->content->n_anchors == 0 &&
	    c->box->last_child == lines) {
		box_remove_last(c->box);
		if (lines->content->first_line || lines->content->first_letter)
			b->first = (struct first_request){ lines->content->first_line,
							   lines->content->first_letter, c->box };
		for (struct box *p = c->box; p; p = p->parent)
			if (p->marker_lines == lines) {
				p->marker_lines = NULL;
				if (b->n_pending < 8)
					b->pending[b->n_pending++] = p;
			}
	}
}

static bool is_collapsible_blank(const char *s, const struct style *st)
{
	if (st->white_space == WS_PRE || st->white_space == WS_PRE_WRAP)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' && *s != '\f')
			return false;
	return true;
}

/* Where a very long paragraph is cut into paragraph boxes of its own: Pango's
 * layouts work in 32-bit units and slow down with size, so no layout gets more than
 * this many bytes. The cut falls at a space; it ends a line early once every few
 * pages of unbroken text. */
enum { PARAGRAPH_MAX_BYTES = 16384 };

static struct hyphenator *hyphenator_for(struct builder *b, const struct style *s)
{
	if (s->hyphens != HYPHENS_AUTO || !s->lang)
		return NULL;
	if (!b->tree->hyphenator)
		b->tree->hyphenator = hyphenator_new(NULL);
	return b->tree->hyphenator;
}

static size_t cut_point(const char *text, size_t room)
{
	size_t cut = room;
	while (cut > room / 2 && text[cut] != ' ' && text[cut] != '\n' && text[cut] != '\t')
		cut--;
	if (cut <= room / 2) /* no space near the end: cut between two characters */
		for (cut = room; cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80; cut--)
			;
	return cut ? cut : room;
}

static void append_text(struct builder *b, struct container *c, const struct style *s,
			const char *text)
{
	if (!*text)
		return;
	if (!c->lines && is_collapsible_blank(text, s))
		return;
	size_t len = strlen(text);
	while (len > 0) {
		struct box *lines = lines_of(b, c);
		size_t used = lines->content->text.len;
		size_t room = used < PARAGRAPH_MAX_BYTES ? PARAGRAPH_MAX_BYTES - used : 0;
		if (len <= room) {
			text_append(lines->content, hyphenator_for(b, s), s, text, len);
			return;
		}
		size_t cut = room > 0 ? cut_point(text, room) : 0;
		if (cut > 0) {
			text_append(lines->content, hyphenator_for(b, s), s, text, cut);
			text += cut;
			len -= cut;
		}
		close_lines(b, c);
		c->continued = true;
	}
}

static void build_children(struct builder *b, xmlNode *el, const struct style *s,
			   struct container *c, int depth);

/* Keeps what an element with an id shows in its ::before or ::after, so that
 * target-text() pointing at it can show it too. */
static void record_generated(struct builder *b, xmlNode *el, enum css_pseudo_element which,
			     const char *text, size_t len)
{
	xmlChar *id = xmlGetProp(el, (const xmlChar *)"id");
	if (!id || !*id) {
		xmlFree(id);
		return;
	}
	if (!b->tree->generated)
		b->tree->generated = xmlHashCreate(16);
	struct generated_text *g = xmlHashLookup(b->tree->generated, id);
	if (!g) {
		g = arena_alloc(b->arena, sizeof *g);
		memset(g, 0, sizeof *g);
		if (xmlHashAddEntry(b->tree->generated, id, g) != 0)
			g = NULL; /* out of memory in libxml2: shown as nothing */
	}
	if (g) {
		const char *copy = arena_strndup(b->arena, text, len);
		if (which == CSS_PSEUDO_BEFORE)
			g->before = copy;
		else
			g->after = copy;
	}
	xmlFree(id);
}

static void append_pseudo(struct builder *b, xmlNode *el, const struct style *parent,
			  enum css_pseudo_element which, struct container *c)
{
	const struct style *ps = style_compute(b->sheets, b->arena, el, parent, which);
	if (!ps || ps->display == DISPLAY_NONE || !ps->content)
		return;
	apply_counters(b, el, ps);
	/* Text up to each leader, then the leader itself. */
	const struct content_item *item = ps->content;
	struct buf shown = { 0 };
	while (item) {
		struct content_item run[64];
		size_t n = 0;
		for (; item && item->kind != CONTENT_LEADER && n < 64; item = item->next) {
			run[n] = *item;
			run[n].next = NULL;
			if (n)
				run[n - 1].next = &run[n];
			n++;
		}
		struct buf text = { 0 };
		if (n)
			resolve_content(b, el, run, &text);
		if (text.len) {
			append_text(b, c, ps, text.data);
			buf_add(&shown, text.data, text.len);
		}
		buf_free(&text);
		if (item && item->kind == CONTENT_LEADER) {
			text_append_leader(lines_of(b, c)->content, b->arena, ps, item->text);
			item = item->next;
		}
	}
	record_generated(b, el, which, shown.len ? shown.data : "", shown.len);
	buf_free(&shown);
}

/* A block container's ::first-line and ::first-letter, if rules give it any; they
 * take over from those of an ancestor still waiting (its first line is this one). */
static void request_first(struct builder *b, xmlNode *el, const struct style *s,
			  const struct box *box)
{
	const struct style *line = style_compute(b->sheets, b->arena, el, s, CSS_PSEUDO_FIRST_LINE);
	const struct style *letter = style_compute(b->sheets, b->arena, el, line ? line : s,
						   CSS_PSEUDO_FIRST_LETTER);
	if (!line && !letter)
		return;
	b->first = (struct first_request){ line ? line : b->first.line,
					   letter ? letter : b->first.letter, box };
}

static bool is_block_level(enum display d)
{
	return d != DISPLAY_INLINE && d != DISPLAY_INLINE_BLOCK && d != DISPLAY_NONE;
}

static enum box_type table_part_type(enum display d)
{
	switch (d) {
	case DISPLAY_TABLE: return BOX_TABLE;
	case DISPLAY_TABLE_ROW_GROUP:
	case DISPLAY_TABLE_HEADER_GROUP:
	case DISPLAY_TABLE_FOOTER_GROUP: return BOX_ROW_GROUP;
	case DISPLAY_TABLE_ROW: return BOX_ROW;
	case DISPLAY_TABLE_CELL: return BOX_CELL;
	case DISPLAY_TABLE_CAPTION: return BOX_CAPTION;
	default: return BOX_BLOCK;
	}
}

/* Where a table part goes: anonymous row groups and rows are made as CSS asks. */
static struct box *table_parent_for(struct builder *b, struct box *parent, enum box_type type)
{
	enum box_type need = type == BOX_CELL ? BOX_ROW : type == BOX_ROW ? BOX_ROW_GROUP : parent->type;
	if (parent->type == need || type == BOX_CAPTION || type == BOX_ROW_GROUP)
		return parent;
	if (need == BOX_ROW && parent->type != BOX_ROW_GROUP && parent->type != BOX_TABLE)
		return parent;
	/* Reuse the last anonymous wrapper of the right kind, or make one. */
	struct box *holder = type == BOX_CELL ? table_parent_for(b, parent, BOX_ROW) : parent;
	struct box *last = holder->last_child;
	if (last && last->type == need && !last->element)
		return last;
	struct box *anon = box_new(b, need, style_anonymous(b->sheets, b->arena, holder->style), NULL);
	box_append(holder, anon);
	return anon;
}

static void record_string_set(struct builder *b, struct box *box, xmlNode *el, const struct style *s)
{
	/* Appended: a paragraph can hold several inline elements that set strings. */
	struct counter_op *head = box->string_set_values, **tail = &head;
	while (*tail)
		tail = &(*tail)->next;
	for (const struct counter_op *op = s->string_set; op; op = op->next) {
		struct buf text = { 0 };
		resolve_content(b, el, op->content, &text);
		struct counter_op *v = arena_alloc(b->arena, sizeof *v);
		struct content_item *item = arena_alloc(b->arena, sizeof *item);
		item->kind = CONTENT_STRING;
		item->text = arena_strdup(b->arena, text.data ? text.data : "");
		buf_free(&text);
		v->name = op->name;
		v->content = item;
		*tail = v;
		tail = &v->next;
	}
	box->string_set_values = head;
}

/* <col> and <colgroup>: column widths for the table, each `span` columns wide. A
 * colgroup with col children takes its widths from them. */
static void record_columns(struct builder *b, struct box *table, xmlNode *el, const struct style *s)
{
	bool has_cols = false;
	if (name_is(el, "colgroup"))
		for (xmlNode *k = el->children; k; k = k->next)
			if (name_is(k, "col")) {
				has_cols = true;
				record_columns(b, table, k, style_compute(b->sheets, b->arena, k, s,
									 CSS_PSEUDO_NONE));
			}
	if (has_cols)
		return;
	int span = attr_int(el, "span", 1);
	if (span < 1 || span > 1000)
		span = 1;
	struct dim w = s->width;
	if (w.kind == DIM_AUTO) {
		xmlChar *v = xmlGetProp(el, (const xmlChar *)"width");
		if (v) {
			char *end;
			double n = strtod((const char *)v, &end);
			if (end != (char *)v && n > 0 && n < 100000)
				w = (struct dim){ *end == '%' ? DIM_PERCENT : DIM_PX, (float)n, NULL };
			xmlFree(v);
		}
	}
	if (table->n_columns + span > 1000)
		return;
	struct dim *grown = arena_alloc(b->arena, sizeof *grown * (size_t)(table->n_columns + span));
	if (table->n_columns)
		memcpy(grown, table->columns, sizeof *grown * (size_t)table->n_columns);
	for (int i = 0; i < span; i++)
		grown[table->n_columns + i] = w;
	table->columns = grown;
	table->n_columns += span;
}

/* A number of CSS px from an HTML width or height attribute ("120" or "120px"), or 0. */
static float attr_px(xmlNode *el, const char *name)
{
	xmlChar *v = xmlGetProp(el, (const xmlChar *)name);
	if (!v)
		return 0;
	char *end;
	double n = strtod((const char *)v, &end);
	bool ok = end != (char *)v && (*end == '\0' || strcmp(end, "px") == 0) && n > 0 && n < 100000;
	xmlFree(v);
	return ok ? (float)n : 0;
}

/* <img> and inline <svg>: a replaced box, in the line or as a block. A missing image
 * is a warning and a placeholder with the alt text, never a failure. */
static void build_replaced(struct builder *b, xmlNode *el, const struct style *s,
			   struct container *c, const char *id)
{
	struct box *box = box_new(b, BOX_REPLACED, s, el);
	box->id = id;
	box->page_name = c->box->page_name;
	box->attr_width = attr_px(el, "width");
	box->attr_height = attr_px(el, "height");
	xmlChar *alt = xmlGetProp(el, (const xmlChar *)"alt");
	if (alt) {
		box->alt = arena_strdup(b->arena, (const char *)alt);
		xmlFree(alt);
	}
	const char *why = NULL;
	struct image *img = NULL;
	if (name_is(el, "svg")) {
		if (image_from_svg_element(b->in->images, el, b->in->base_dir, b->in->allowed_dirs,
					   &img, &why) != 0)
			diag(b->diag, DIAG_WARNING, b->source_name, xmlGetLineNo(el), 0,
			     "inline SVG not shown: %s", why ? why : "invalid");
	} else {
		xmlChar *src = xmlGetProp(el, (const xmlChar *)"src");
		if (!src)
			diag(b->diag, DIAG_WARNING, b->source_name, xmlGetLineNo(el), 0,
			     "image without a src attribute");
		else if (image_load(b->in->images, b->in->base_dir, b->in->allowed_dirs,
				    (const char *)src, &img, &why) != 0)
			diag(b->diag, DIAG_WARNING, b->source_name, xmlGetLineNo(el), 0,
			     "image '%.200s' not shown: %s", (const char *)src, why ? why : "invalid");
		else if (b->in->deps && strncmp((const char *)src, "data:", 5) != 0) {
			char *path;
			const char *ignored;
			if (path_resolve_local(b->arena, b->in->base_dir, b->in->allowed_dirs,
					       (const char *)src, &path, &ignored) == 0)
				deps_add(b->in->deps, path);
		}
		xmlFree(src);
	}
	box->image = img;
	if (s->display == DISPLAY_INLINE || s->display == DISPLAY_INLINE_BLOCK) {
		box->atomic = true;
		box->parent = c->box;
		text_append_atomic(lines_of(b, c)->content, b->arena, s, box);
	} else {
		close_lines(b, c);
		box_append(c->box, box);
	}
}

/* A padding or margin in a percentage of a width not known when a paragraph is built. */
static bool share_of_width(struct dim d)
{
	return d.kind == DIM_PERCENT || (d.kind == DIM_CALC && (d.calc->tree || d.calc->percent != 0));
}

/* Does an inline element have a padding or horizontal margin in a percentage, which
 * the engine takes as 0 on inline boxes? */
static bool inline_edges_unresolved(const struct style *s)
{
	for (int side = 0; side < 4; side++)
		if (share_of_width(s->padding[side]))
			return true;
	return share_of_width(s->margin[SIDE_LEFT]) || share_of_width(s->margin[SIDE_RIGHT]);
}

static void build_element(struct builder *b, xmlNode *el, const struct style *parent_style,
			  struct container *c, int depth)
{
	const struct style *s = style_compute(b->sheets, b->arena, el, parent_style, CSS_PSEUDO_NONE);
	if (s->float_side != FLOAT_NONE &&
	    (s->display == DISPLAY_INLINE || s->display == DISPLAY_INLINE_BLOCK))
		s = style_with_display(b->sheets, b->arena, s, DISPLAY_BLOCK); /* CSS 2.1, 9.7 */
	if (s->display == DISPLAY_TABLE_COLUMN || s->display == DISPLAY_TABLE_COLUMN_GROUP) {
		if (c->box->type == BOX_TABLE)
			record_columns(b, c->box, el, s);
		return;
	}
	if (s->display == DISPLAY_NONE)
		return;
	apply_counters(b, el, s);
	xmlChar *id = xmlGetProp(el, (const xmlChar *)"id");
	const char *id_copy = id ? arena_strdup(b->arena, (const char *)id) : NULL;
	xmlFree(id);

	if (name_is(el, "br")) {
		text_append_break(lines_of(b, c)->content, s);
		return;
	}
	if (name_is(el, "img") || name_is(el, "svg")) {
		build_replaced(b, el, s, c, id_copy);
		return;
	}
	if (s->display == DISPLAY_INLINE_BLOCK) {
		/* Laid out as a block of its own, placed in the line like a big letter. */
		struct box *box = box_new(b, BOX_BLOCK, s, el);
		box->id = id_copy;
		box->parent = c->box;
		box->atomic = true;
		box->page_name = c->box->page_name;
		struct container inner = { box, NULL, false };
		struct first_request outer = b->first;
		b->first = (struct first_request){ 0 };
		request_first(b, el, s, box);
		append_pseudo(b, el, s, CSS_PSEUDO_BEFORE, &inner);
		build_children(b, el, s, &inner, depth + 1);
		append_pseudo(b, el, s, CSS_PSEUDO_AFTER, &inner);
		close_lines(b, &inner);
		b->first = outer;
		text_append_atomic(lines_of(b, c)->content, b->arena, s, box);
		return;
	}

	if (!is_block_level(s->display)) {
		/* Inline: its text joins the container's paragraph. */
		if (!b->warned_inline_edges && inline_edges_unresolved(s)) {
			diag(b->diag, DIAG_WARNING, b->source_name, xmlGetLineNo(el), 0,
			     "padding and horizontal margins in percentages on inline elements "
			     "(here <%s>) are taken as 0", (const char *)el->name);
			b->warned_inline_edges = true;
		}
		if (id_copy)
			text_add_anchor(lines_of(b, c)->content, b->arena, id_copy);
		if (s->string_set)
			record_string_set(b, lines_of(b, c), el, s);
		xmlChar *href = name_is(el, "a") ? xmlGetProp(el, (const xmlChar *)"href") : NULL;
		int start = c->lines ? text_position(c->lines->content) : 0;
		bool boxed = text_style_boxed(s);
		size_t box_no = boxed ? text_open_box(lines_of(b, c)->content, b->arena, s) : 0;
		const struct box *start_lines = c->lines;
		append_pseudo(b, el, s, CSS_PSEUDO_BEFORE, c);
		build_children(b, el, s, c, depth + 1);
		append_pseudo(b, el, s, CSS_PSEUDO_AFTER, c);
		if (c->lines && c->lines != start_lines)
			start = 0; /* the element began in an earlier paragraph box */
		if (boxed && c->lines == start_lines)
			text_close_box(c->lines->content, b->arena, box_no);
		if (href && c->lines)
			text_add_link(c->lines->content, b->arena, start, (const char *)href);
		if (c->lines && s->outline_style != BORDER_NONE && s->outline_width > 0 && s->visible)
			text_add_outlined(c->lines->content, b->arena, start, s);
		xmlFree(href);
		return;
	}

	close_lines(b, c);
	enum box_type type = table_part_type(s->display);
	struct box *parent = c->box;
	bool in_table_part = c->box->type == BOX_TABLE || c->box->type == BOX_ROW_GROUP ||
			     c->box->type == BOX_ROW;
	if ((type == BOX_BLOCK || type == BOX_TABLE) && in_table_part)
		type = BOX_CELL; /* a stray block in a table is laid out as a cell of its own */
	if (type != BOX_BLOCK && type != BOX_TABLE)
		parent = table_parent_for(b, c->box, type);
	struct box *box = box_new(b, type, s, el);
	box->id = id_copy;
	box->page_name = s->page ? s->page : parent->page_name;
	box->heading_level = heading_level_of(el);
	if (type == BOX_ROW_GROUP)
		box->group = s->display == DISPLAY_TABLE_HEADER_GROUP ? GROUP_HEADER
			     : s->display == DISPLAY_TABLE_FOOTER_GROUP ? GROUP_FOOTER : GROUP_BODY;
	box_append(parent, box);
	if (s->string_set)
		record_string_set(b, box, el, s);

	struct container inner = { box, NULL, false };
	if (type == BOX_BLOCK || type == BOX_CELL || type == BOX_CAPTION)
		request_first(b, el, s, box);
	else
		b->first = (struct first_request){ 0 }; /* a table has no first line of its own */
	if (s->display == DISPLAY_LIST_ITEM && s->list_style_type != LIST_NONE) {
		const struct style *ms = style_compute(b->sheets, b->arena, el, s, CSS_PSEUDO_MARKER);
		struct counter *ctr = counter_find(b, "list-item");
		char text[64];
		box_marker_text(ctr ? ctr->value : 0, s->list_style_type, text, sizeof text);
		if (s->list_style_inside) {
			size_t n = strlen(text);
			snprintf(text + n, sizeof text - n, "\xc2\xa0");
			append_text(b, &inner, ms ? ms : s, text);
		} else {
			box->marker = arena_strdup(b->arena, text);
			box->marker_style = ms ? ms : s;
			if (b->n_pending < 8)
				b->pending[b->n_pending++] = box;
		}
	}
	append_pseudo(b, el, s, CSS_PSEUDO_BEFORE, &inner);
	build_children(b, el, s, &inner, depth + 1);
	append_pseudo(b, el, s, CSS_PSEUDO_AFTER, &inner);
	close_lines(b, &inner);
	if (b->first.owner == box)
		b->first = (struct first_request){ 0 };
	/* An item that ended with no line at all shows no marker. */
	for (int i = 0; i < b->n_pending; i++)
		if (b->pending[i] == box) {
			b->pending[i] = b->pending[--b->n_pending];
			break;
		}
}

static void build_children(struct builder *b, xmlNode *el, const struct style *s,
			   struct container *c, int depth)
{
	if (depth > MAX_DEPTH) {
		if (!b->warned_depth)
			diag(b->diag, DIAG_WARNING, b->source_name, xmlGetLineNo(el), 0,
			     "elements nested deeper than %d levels are laid out as plain text",
			     MAX_DEPTH);
		b->warned_depth = true;
		xmlChar *text = xmlNodeGetContent(el);
		if (text)
			append_text(b, c, s, (const char *)text);
		xmlFree(text);
		return;
	}
	bool in_table_part = c->box->type == BOX_TABLE || c->box->type == BOX_ROW_GROUP ||
			     c->box->type == BOX_ROW;
	for (xmlNode *n = el->children; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			build_element(b, n, s, c, depth);
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
			   n->content && !in_table_part) {
			append_text(b, c, s, (const char *)n->content);
		}
	}
	counters_leave(b, el);
}

/* The canvas's background (CSS 2.1, 14.2; CSS Backgrounds 3, 2.11.2): the root
 * element's; when that is transparent, the HTML body's, which is then not painted on
 * its own box. It covers every page area (CSS Paged Media 3, 5.4), as Chromium and
 * WeasyPrint paint it. */
static void canvas_background(struct box_tree *tree)
{
	struct box *root = tree->root;
	struct box *source = root;
	if (root->style->background.a <= 0) {
		for (struct box *c = root->first_child; c; c = c->next)
			if (c->element && strcasecmp((const char *)c->element->name, "body") == 0) {
				source = c;
				break;
			}
	}
	if (!source->style || source->style->background.a <= 0 || !source->style->visible)
		return;
	tree->canvas = source->style->background;
	source->background_on_canvas = true;
	root->background_on_canvas = true;
}

int box_tree_build(struct arena *a, struct stylesheet_set *sheets, xmlDocPtr doc,
		   const struct box_inputs *in, struct diag_sink *sink, struct box_tree *out)
{
	memset(out, 0, sizeof *out);
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		diag(sink, DIAG_ERROR, in->source_name, 0, 0, "the document has no root element");
		return -1;
	}
	struct builder b = { .arena = a, .sheets = sheets, .diag = sink,
			     .source_name = in->source_name, .tree = out, .refs = in->refs, .in = in };
	style_sheets_begin_pass(sheets, a);
	const struct style *rs = style_with_display(sheets, a,
						    style_compute(sheets, a, root, NULL, CSS_PSEUDO_NONE),
						    DISPLAY_BLOCK);
	out->root_style = rs;
	out->lang = semantics_lang(a, root);
	out->sheets = sheets;
	out->arena = a;
	out->root = box_new(&b, BOX_BLOCK, rs, root);
	out->root->page_name = rs->page;
	xmlChar *root_id = xmlGetProp(root, (const xmlChar *)"id");
	if (root_id) {
		out->root->id = arena_strdup(a, (const char *)root_id);
		xmlFree(root_id);
	}
	apply_counters(&b, root, rs);
	struct container c = { out->root, NULL, false };
	build_children(&b, root, rs, &c, 0);
	close_lines(&b, &c);
	canvas_background(out);
	if (b.ids)
		xmlHashFree(b.ids, NULL);
	return 0;
}

void box_tree_free(struct box_tree *tree)
{
	if (tree->generated)
		xmlHashFree(tree->generated, NULL); /* the texts live in the tree's arena */
	tree->generated = NULL;
	if (tree->hyphenator)
		hyphenator_free(tree->hyphenator);
	tree->hyphenator = NULL;
	for (size_t i = 0; i < tree->n_contents; i++)
		text_content_free(tree->contents[i]);
	tree->n_contents = 0;
}

static int compare_ref_ids(const void *a, const void *b)
{
	return strcmp(((const struct page_ref *)a)->id, ((const struct page_ref *)b)->id);
}

void box_tree_ids(const struct box_tree *tree, struct arena *a, struct page_refs *out)
{
	struct page_ref *refs = NULL;
	size_t n = 0, cap = 0;
	/* Depth first without recursion: trees may be deep. */
	const struct box *b = tree->root;
	while (b) {
		if (b->id) {
			ARENA_GROW(a, refs, n, cap);
			refs[n++] = (struct page_ref){ b->id, 0 };
		}
		for (size_t i = 0; b->content && i < b->content->n_anchors; i++) {
			ARENA_GROW(a, refs, n, cap);
			refs[n++] = (struct page_ref){ b->content->anchors[i].id, 0 };
		}
		if (b->first_child) {
			b = b->first_child;
			continue;
		}
		while (b && !b->next)
			b = b->parent;
		if (b)
			b = b->next;
	}
	if (n)
		qsort(refs, n, sizeof *refs, compare_ref_ids);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || strcmp(refs[k - 1].id, refs[i].id) != 0)
			refs[k++] = refs[i];
	out->refs = refs;
	out->n = k;
}

/* ---- dump ---- */

static const char *const box_type_names[] = {
	"block", "lines", "table", "row-group", "row", "cell", "caption", "replaced",
};

static void dump_quoted(FILE *out, const char *s, size_t max)
{
	fputc('"', out);
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && n < max; p++, n++) {
		if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xa8) {
			fputs("\\n", out);
			p += 2;
		} else if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0xa0) {
			p += 2; /* a word joiner (after a leader's tab): invisible */
			n--;
		} else if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p);
		} else {
			fputc(*p, out);
		}
	}
	if (*s && n >= max && strlen(s) > max)
		fputs("...", out);
	fputc('"', out);
}

/* " NAME=#rrggbb", with "aa" after it when the colour is not opaque. */
static void dump_color(FILE *out, const char *name, struct css_color c)
{
	fprintf(out, " %s=#%02x%02x%02x", name, (int)(c.r * 255 + 0.5), (int)(c.g * 255 + 0.5),
		(int)(c.b * 255 + 0.5));
	if (c.a < 1)
		fprintf(out, "%02x", (int)(c.a * 255 + 0.5));
}

/* The colours of the borders drawn: " border=#…" when they agree, else one a side. */
static void dump_border_colors(FILE *out, const struct style *s)
{
	struct css_color c[4];
	bool drawn[4], any = false, same = true;
	int first = -1;
	for (int side = 0; side < 4; side++) {
		drawn[side] = s->border_style[side] != BORDER_NONE && s->border_width[side] > 0;
		c[side] = s->border_color_current[side] ? s->color : s->border_color[side];
		if (!drawn[side])
			continue;
		if (first < 0)
			first = side;
		else if (memcmp(&c[side], &c[first], sizeof c[side]) != 0)
			same = false;
		any = true;
	}
	if (!any)
		return;
	if (same) {
		dump_color(out, "border", c[first]);
		return;
	}
	static const char *const names[4] = { "border-top", "border-right", "border-bottom",
					      "border-left" };
	for (int side = 0; side < 4; side++)
		if (drawn[side])
			dump_color(out, names[side], c[side]);
}

static void dump_box(const struct box *box, int depth, FILE *out)
{
	for (const struct box *cur = box; cur; cur = cur->next) {
		fprintf(out, "%*s%s", depth * 2, "", box_type_names[cur->type]);
		if (cur->element)
			fprintf(out, " <%s>", (const char *)cur->element->name);
		if (cur->id)
			fprintf(out, " #%s", cur->id);
		if (cur->page_name && (!cur->parent || cur->parent->page_name != cur->page_name))
			fprintf(out, " page=%s", cur->page_name);
		if (cur->heading_level)
			fprintf(out, " h%d", cur->heading_level);
		if (cur->type == BOX_ROW_GROUP)
			fprintf(out, " %s", cur->group == GROUP_HEADER ? "header"
					     : cur->group == GROUP_FOOTER ? "footer" : "body");
		if (cur->marker) {
			fputs(" marker=", out);
			dump_quoted(out, cur->marker, 16);
		}
		const struct style *s = cur->style;
		fprintf(out, " font=%.4g/%d%s", s->font_size, s->font_weight,
			s->font_style == FONT_ITALIC ? "i" : "");
		if (s->color.r != 0 || s->color.g != 0 || s->color.b != 0 || s->color.a < 1)
			dump_color(out, "color", s->color);
		if (s->background.a > 0 && cur->type != BOX_LINES)
			dump_color(out, "bg", s->background);
		if (cur->type != BOX_LINES)
			dump_border_colors(out, s);
		if (s->margin[0].kind == DIM_PX && s->margin[0].value != 0)
			fprintf(out, " mt=%.4g", s->margin[0].value);
		if (s->margin[2].kind == DIM_PX && s->margin[2].value != 0)
			fprintf(out, " mb=%.4g", s->margin[2].value);
		if (s->break_before != BREAK_AUTO)
			fprintf(out, " break-before=%d", s->break_before);
		if (cur->type == BOX_CELL && (s->colspan > 1 || s->rowspan > 1))
			fprintf(out, " span=%dx%d", s->colspan, s->rowspan);
		if (cur->type == BOX_LINES) {
			fputc(' ', out);
			dump_quoted(out, cur->content->text.data, 60);
			for (size_t i = 0; i < cur->content->n_links; i++)
				fprintf(out, " link[%d,%d)=%s", cur->content->links[i].start,
					cur->content->links[i].end, cur->content->links[i].href);
			for (size_t i = 0; i < cur->content->n_outlined; i++)
				fprintf(out, " outline[%d,%d)=%gpx", cur->content->outlined[i].start,
					cur->content->outlined[i].end,
					(double)cur->content->outlined[i].style->outline_width);
			for (size_t i = 0; i < cur->content->n_boxed; i++) {
				const struct text_boxed *e = &cur->content->boxed[i];
				fprintf(out, " edges[%d,%d)", e->start, e->end);
				for (size_t k = 0; k < cur->content->n_spacers; k++)
					if (cur->content->spacers[k].index == e->open ||
					    cur->content->spacers[k].index == e->close)
						fprintf(out, "%s%gpx", cur->content->spacers[k].closing ? ">" : "<",
							(double)cur->content->spacers[k].width);
			}
			text_dump_decorations(cur->content, out);
		}
		if (cur->type == BOX_REPLACED)
			fprintf(out, " image=%s%s%s", cur->image ? image_type(cur->image) : "missing",
				cur->alt ? " alt=" : "", cur->alt ? cur->alt : "");
		fputc('\n', out);
		if (cur->type == BOX_LINES)
			for (size_t i = 0; i < cur->content->n_atomics; i++) {
				fprintf(out, "%*sin line at %d:\n", depth * 2 + 2, "",
					cur->content->atomics[i].index);
				dump_box(cur->content->atomics[i].box, depth + 2, out);
			}
		if (cur->first_child)
			dump_box(cur->first_child, depth + 1, out);
	}
}

void box_tree_dump(const struct box_tree *tree, FILE *out)
{
	dump_box(tree->root, 0, out);
}
