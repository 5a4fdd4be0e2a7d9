/* HTML pages parsed by the WHATWG algorithm (gumbo), converted to a libxml2 tree. */
#include "doc/html5.h"
#include "base/alloc.h"
#include "base/diag.h"

#include <gumbo.h>
#include <libxml/HTMLtree.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nesting the pre-scan lets through to gumbo. Gumbo looks down the stack of open
 * elements for each tag, so a page 100,000 deep takes it half a minute; a page that
 * the scan finds this deep is refused before gumbo sees it. The exact bound,
 * HTML5_MAX_DEPTH, is checked on gumbo's tree. */
enum { SCAN_MAX_DEPTH = 4 * HTML5_MAX_DEPTH };

/* libxml2 keeps a line in an unsigned short; this value means "look elsewhere". */
enum { BIG_LINE = 65535 };

static void *need(void *p)
{
	if (!p) {
		fprintf(stderr, "briefpack: fatal: out of memory (building an HTML tree)\n");
		abort();
	}
	return p;
}

/* ----------------------------------------------------------------- positions */

/* Line and column (in characters, from 1) of byte offset in text. */
static void place_of(const char *text, size_t offset, long *line, long *col)
{
	long l = 1, c = 1;
	for (size_t i = 0; i < offset; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* --------------------------------------------------------------------- UTF-8 */

/* Length of the well-formed UTF-8 sequence at s (n bytes left), 0 if there is none
 * (overlong forms, surrogates and code points above U+10FFFF are not UTF-8). */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Warns once about bytes that are not UTF-8 (gumbo shows each as U+FFFD). */
static void check_utf8(const char *text, size_t len, const char *path, struct diag_sink *sink)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t bad = 0, first = 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence(s + i, len - i);
		if (n) {
			i += n;
			continue;
		}
		if (!bad)
			first = i;
		bad++;
		i++;
	}
	if (!bad)
		return;
	long line, col;
	place_of(text, first, &line, &col);
	diag(sink, DIAG_WARNING, path, line, col,
	     "%zu byte%s not UTF-8, shown as U+FFFD (the first is here)", bad,
	     bad == 1 ? " is" : "s are");
}

/* ------------------------------------------------------------ depth pre-scan */

/* One open element of the scan: its name, cut to fit. */
struct scan_name {
	char name[12];
};

static bool is_one_of(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

static const char *const void_elements[] = {
	"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
	"img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr", NULL
};
/* Elements whose content is text up to their end tag. */
static const char *const raw_text_elements[] = {
	"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", NULL
};
/* The formatting elements, which the tree builder opens again after a block that
 * closed them (the standard's "reconstruct the active formatting elements"). */
static const char *const formatting_elements[] = {
	"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong",
	"tt", "u", NULL
};
/* Copies of formatting elements the scan lets through: a few hundred left open across
 * tens of thousands of paragraphs would make millions of elements from a small page
 * (240 across 20,000 took gumbo 28 s and 4 GB); a page a person writes makes a few. */
enum { SCAN_MAX_COPIES = 200000 };

/* Start tags that close an open element of the same group (li closes li, td closes
 * td or th), as the tree builder's implied end tags do. */
static const char *const groups[][4] = {
	{ "li", NULL }, { "dt", "dd", NULL }, { "p", NULL }, { "td", "th", NULL },
	{ "tr", NULL }, { "thead", "tbody", "tfoot", NULL }, { "option", "optgroup", NULL },
	{ "rb", "rt", "rp", "rtc" },
};

/* Estimates, from the tags alone, how deep the page's elements nest, counting the
 * html and body elements; stops as soon as the estimate passes SCAN_MAX_DEPTH.
 * *deep_at receives the offset of the first start tag estimated deeper than
 * HTML5_MAX_DEPTH, or len. Returns the deepest estimate. */
static int scan_depth(const char *text, size_t len, size_t *deep_at, size_t *copies_at)
{
	long open_formatting = 0; /* formatting start tags not yet ended */
	long copies = 0;          /* what reopening them could make, at most */
	*copies_at = len;
	struct scan_name *stack = xcalloc(SCAN_MAX_DEPTH + 2, sizeof *stack);
	int depth = 2, deepest = 2; /* html and body, implied or not */
	bool foreign = false;       /* inside svg or math: "/>" closes */
	*deep_at = len;
	size_t i = 0;
	while (i < len && deepest <= SCAN_MAX_DEPTH && *copies_at == len) {
		const char *lt = memchr(text + i, '<', len - i);
		if (!lt)
			break;
		i = (size_t)(lt - text) + 1;
		if (i + 2 < len && text[i] == '!' && text[i + 1] == '-' && text[i + 2] == '-') {
			const char *end = memmem(text + i + 3, len - i - 3, "-->", 3);
			i = end ? (size_t)(end - text) + 3 : len;
			continue;
		}
		bool closing = i < len && text[i] == '/';
		size_t name_at = i + closing;
		if (name_at >= len || !((text[name_at] | 0x20) >= 'a' && (text[name_at] | 0x20) <= 'z')) {
			if (i < len && (text[i] == '!' || text[i] == '?' || closing)) {
				const char *gt = memchr(text + i, '>', len - i);
				i = gt ? (size_t)(gt - text) + 1 : len;
			}
			continue;
		}
		char name[sizeof stack->name] = { 0 };
		size_t n = 0, k = name_at;
		for (; k < len && !strchr(" \t\n\f\r/>", text[k]); k++)
			if (n + 1 < sizeof name)
				name[n++] = (char)(text[k] >= 'A' && text[k] <= 'Z' ? text[k] | 0x20 : text[k]);
		/* The rest of the tag, quoted values and all. */
		char quote = 0;
		bool self_closing = false;
		for (; k < len; k++) {
			char ch = text[k];
			if (quote) {
				if (ch == quote)
					quote = 0;
			} else if (ch == '"' || ch == '\'') {
				quote = ch;
			} else if (ch == '>') {
				self_closing = k > name_at && text[k - 1] == '/';
				break;
			}
		}
		size_t tag_start = (size_t)(lt - text);
		i = k < len ? k + 1 : len;
		if (!strcmp(name, "html") || !strcmp(name, "head") || !strcmp(name, "body"))
			continue;
		bool formatting = is_one_of(name, formatting_elements);
		if (closing && formatting && open_formatting > 0)
			open_formatting--;
		if (closing) {
			for (int d = depth; d > 2; d--)
				if (!strcmp(stack[d].name, name)) {
					depth = d - 1;
					break;
				}
			foreign = false;
			for (int d = 3; d <= depth; d++)
				if (!strcmp(stack[d].name, "svg") || !strcmp(stack[d].name, "math"))
					foreign = true;
			continue;
		}
		if (formatting) {
			open_formatting++;
		} else {
			copies += open_formatting;
			if (copies > SCAN_MAX_COPIES)
				*copies_at = tag_start;
		}
		if (is_one_of(name, void_elements) || (foreign && self_closing))
			continue;
		if (is_one_of(name, raw_text_elements)) {
			/* Skip to the matching end tag. */
			size_t nl = strlen(name);
			for (; i + nl + 2 <= len; i++)
				if (text[i] == '<' && text[i + 1] == '/' &&
				    !strncasecmp(text + i + 2, name, nl))
					break;
			continue;
		}
		if (!strcmp(name, "plaintext"))
			break;
		for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
			const char *const *grp = groups[g];
			bool in_group = false;
			for (int m = 0; m < 4 && grp[m]; m++)
				in_group |= !strcmp(name, grp[m]);
			if (!in_group)
				continue;
			for (int m = 0; m < 4 && grp[m]; m++)
				if (depth > 2 && !strcmp(stack[depth].name, grp[m]))
					depth--;
		}
		depth++;
		memcpy(stack[depth].name, name, sizeof name);
		if (!strcmp(name, "svg") || !strcmp(name, "math"))
			foreign = true;
		if (depth > deepest)
			deepest = depth;
		if (depth > HTML5_MAX_DEPTH && *deep_at == len)
			*deep_at = tag_start;
	}
	free(stack);
	return deepest;
}

/* ---------------------------------------------------------------- conversion */

/* What converting one gumbo tree needs. */
struct converter {
	const char *text;        /* the page's bytes */
	xmlDocPtr doc;           /* the tree being built */
	char name[256];          /* scratch for element and attribute names */
};

static void set_line(xmlNodePtr node, unsigned int line)
{
	if (line < BIG_LINE) {
		node->line = (unsigned short)line;
		return;
	}
	/* As libxml2's parser does with XML_PARSE_BIG_LINES: xmlGetLineNo reads the line of
	 * a text node from psvi, and that of an element from its first child. */
	node->line = BIG_LINE;
	if (node->type == XML_TEXT_NODE)
		node->psvi = (void *)(uintptr_t)line;
}

/* The element's name as the standard spells it: lower case, SVG names adjusted. */
static const char *element_name(struct converter *cv, const GumboElement *el)
{
	const char *known = el->tag != GUMBO_TAG_UNKNOWN ? gumbo_normalized_tagname(el->tag) : NULL;
	GumboStringPiece piece = el->original_tag;
	if (!known || el->tag_namespace == GUMBO_NAMESPACE_SVG) {
		if (piece.data && piece.length) {
			gumbo_tag_from_original_text(&piece);
		} else if (known) {
			piece.data = known;
			piece.length = strlen(known);
		}
		size_t n = piece.length < sizeof cv->name - 1 ? piece.length : sizeof cv->name - 1;
		for (size_t i = 0; i < n; i++) {
			char ch = piece.data[i];
			cv->name[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch | 0x20) : ch;
		}
		cv->name[n] = '\0';
		if (el->tag_namespace == GUMBO_NAMESPACE_SVG) {
			GumboStringPiece lower = { cv->name, n };
			const char *svg = gumbo_normalize_svg_tagname(&lower);
			if (svg)
				return svg;
		}
		if (n)
			return cv->name;
		return known ? known : "unknown";
	}
	return known;
}

static xmlNodePtr new_element(struct converter *cv, const GumboNode *node)
{
	const GumboElement *el = &node->v.element;
	xmlNodePtr x = need(xmlNewDocNode(cv->doc, NULL, BAD_CAST element_name(cv, el), NULL));
	set_line(x, el->start_pos.line);
	for (unsigned int i = 0; i < el->attributes.length; i++) {
		const GumboAttribute *at = el->attributes.data[i];
		const char *prefix = "";
		switch (at->attr_namespace) {
		case GUMBO_ATTR_NAMESPACE_XLINK:
			prefix = "xlink:";
			break;
		case GUMBO_ATTR_NAMESPACE_XML:
			prefix = "xml:";
			break;
		case GUMBO_ATTR_NAMESPACE_XMLNS:
			prefix = strcmp(at->name, "xmlns") ? "xmlns:" : "";
			break;
		default:
			break;
		}
		snprintf(cv->name, sizeof cv->name, "%s%s", prefix, at->name);
		need(xmlNewProp(x, BAD_CAST cv->name, BAD_CAST at->value));
	}
	return x;
}

/* Copies gumbo's tree below the document into doc, without recursion and at most
 * HTML5_MAX_DEPTH deep; -1 (with *deep set) at the first element deeper. */
static int convert(struct converter *cv, const GumboNode *document, const GumboNode **deep)
{
	struct frame {
		const GumboVector *children; /* of the node being copied */
		unsigned int next;           /* next child to copy */
		xmlNodePtr parent;           /* where copies go */
	} stack[HTML5_MAX_DEPTH + 1];
	int top = 0;
	stack[0] = (struct frame){ &document->v.document.children, 0, (xmlNodePtr)cv->doc };
	while (top >= 0) {
		struct frame *f = &stack[top];
		if (f->next >= f->children->length) {
			top--;
			continue;
		}
		const GumboNode *node = f->children->data[f->next++];
		xmlNodePtr x = NULL;
		switch (node->type) {
		case GUMBO_NODE_ELEMENT:
		case GUMBO_NODE_TEMPLATE:
			if (top + 1 > HTML5_MAX_DEPTH) {
				*deep = node;
				return -1;
			}
			x = new_element(cv, node);
			xmlAddChild(f->parent, x);
			stack[++top] = (struct frame){ &node->v.element.children, 0, x };
			continue;
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_CDATA:
		case GUMBO_NODE_WHITESPACE:
			x = need(xmlNewDocText(cv->doc, BAD_CAST node->v.text.text));
			break;
		case GUMBO_NODE_COMMENT:
			x = need(xmlNewDocComment(cv->doc, BAD_CAST node->v.text.text));
			break;
		case GUMBO_NODE_DOCUMENT:
			continue;
		}
		set_line(x, node->v.text.start_pos.line);
		/* xmlAddChild merges adjacent text nodes; gumbo never makes two. */
		xmlAddChild(f->parent, x);
	}
	return 0;
}

static void refuse_deep(const char *text, size_t offset, const char *path, struct diag_sink *sink)
{
	long line, col;
	place_of(text, offset, &line, &col);
	diag(sink, DIAG_ERROR, path, line, col,
	     "elements are nested more than %d deep; the document is refused rather than "
	     "laid out with parts missing", HTML5_MAX_DEPTH);
}

int html5_parse(const char *text, size_t len, const char *path, struct diag_sink *sink,
		xmlDocPtr *out)
{
	int status = -1;
	GumboOutput *parsed = NULL;
	GumboOptions options = kGumboDefaultOptions;
	struct converter cv = { text, NULL, { 0 } };
	*out = NULL;
	if (!text)
		text = cv.text = "";
	size_t deep_at, copies_at;
	if (scan_depth(text, len, &deep_at, &copies_at) > SCAN_MAX_DEPTH) {
		refuse_deep(text, deep_at, path, sink);
		goto out;
	}
	if (copies_at < len) {
		long line, col;
		place_of(text, copies_at, &line, &col);
		diag(sink, DIAG_ERROR, path, line, col,
		     "formatting elements (b, i, a, ...) left open across so many blocks that a "
		     "browser would make more than %d copies of them; the document is refused",
		     SCAN_MAX_COPIES);
		goto out;
	}
	check_utf8(text, len, path, sink);
	options.max_errors = 0; /* nothing reads gumbo's error list */
	parsed = gumbo_parse_with_options(&options, text, len);
	if (!parsed || !parsed->document) {
		diag(sink, DIAG_ERROR, path, 0, 0, "cannot parse as HTML");
		goto out;
	}
	cv.doc = need(htmlNewDocNoDtD(NULL, NULL));
	const GumboDocument *d = &parsed->document->v.document;
	if (d->has_doctype)
		xmlCreateIntSubset(cv.doc, BAD_CAST(d->name && *d->name ? d->name : "html"),
				   d->public_identifier && *d->public_identifier
					   ? BAD_CAST d->public_identifier : NULL,
				   d->system_identifier && *d->system_identifier
					   ? BAD_CAST d->system_identifier : NULL);
	const GumboNode *deep = NULL;
	if (convert(&cv, parsed->document, &deep) != 0) {
		refuse_deep(text, deep->v.element.start_pos.offset, path, sink);
		goto out;
	}
	if (!xmlDocGetRootElement(cv.doc)) {
		diag(sink, DIAG_ERROR, path, 0, 0, "cannot parse as HTML");
		goto out;
	}
	*out = cv.doc;
	cv.doc = NULL;
	status = 0;
out:
	if (cv.doc)
		xmlFreeDoc(cv.doc);
	if (parsed)
		gumbo_destroy_output(&options, parsed);
	return status;
}
