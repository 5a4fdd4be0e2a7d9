/* What an element means to a reader: its structure role and attributes, from the HTML. */
#include "layout/semantics.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct role_of_name {
	const char *html, *role;
};

static int compare_role_name(const void *key, const void *item)
{
	return strcasecmp(key, ((const struct role_of_name *)item)->html);
}

static const char *const HEADINGS[] = { "H1", "H1", "H2", "H3", "H4", "H5", "H6" };

/* The structure type of an element, or NULL when it has none of its own (its content
 * belongs to the nearest ancestor that has one). */
static const char *role_of(const xmlNode *el, bool replaced, int heading)
{
	if (replaced)
		return "Figure";
	if (heading >= 1 && heading <= 6)
		return HEADINGS[heading];
	/* In order, for a binary search. */
	static const struct role_of_name map[] = {
		{ "address", "P" },     { "article", "Art" },      { "aside", "Sect" },
		{ "blockquote", "BlockQuote" }, { "caption", "Caption" }, { "dd", "P" },
		{ "div", "Div" },       { "dl", "Div" },           { "dt", "P" },
		{ "figcaption", "Caption" }, { "figure", "Div" },  { "footer", "Sect" },
		{ "header", "Sect" },   { "li", "LI" },            { "main", "Sect" },
		{ "menu", "L" },        { "nav", "Sect" },         { "ol", "L" },
		{ "p", "P" },           { "pre", "P" },            { "section", "Sect" },
		{ "table", "Table" },   { "tbody", "TBody" },      { "td", "TD" },
		{ "tfoot", "TFoot" },   { "th", "TH" },            { "thead", "THead" },
		{ "tr", "TR" },         { "ul", "L" },
	};
	const struct role_of_name *found = bsearch(el->name, map, sizeof map / sizeof *map, sizeof *map,
						   compare_role_name);
	return found ? found->role : NULL;
}

static const char *prop(struct arena *a, const xmlNode *el, const char *name)
{
	xmlChar *v = xmlGetProp((xmlNode *)el, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *copy = arena_strdup(a, (const char *)v);
	xmlFree(v);
	return copy;
}

static const char *lang_of(struct arena *a, const xmlNode *el)
{
	const char *lang = prop(a, el, "lang");
	if (!lang) {
		xmlChar *v = xmlGetNsProp((xmlNode *)el, (const xmlChar *)"lang", XML_XML_NAMESPACE);
		if (v) {
			lang = arena_strdup(a, (const char *)v);
			xmlFree(v);
		}
	}
	return lang && *lang ? lang : NULL;
}

/* The text of an element with runs of white space made one space. */
static const char *collapsed_text(struct arena *a, const xmlNode *el)
{
	xmlChar *raw = xmlNodeGetContent(el);
	size_t n = raw ? strlen((const char *)raw) : 0;
	char *out = arena_alloc(a, n + 1), *o = out;
	bool space = false;
	for (const char *s = raw ? (const char *)raw : ""; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = o > out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *s;
	}
	*o = '\0';
	xmlFree(raw);
	return out;
}

/* A figure's text alternative: an image's alt; an SVG's aria-label or <title>. */
static const char *alt_of(struct arena *a, const xmlNode *el)
{
	const char *alt = prop(a, el, "alt");
	if (alt)
		return alt;
	const char *label = prop(a, el, "aria-label");
	if (label && *label)
		return label;
	for (const xmlNode *c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, "title") == 0)
			return collapsed_text(a, c);
	return NULL;
}

static int span_of(struct arena *a, const xmlNode *el, const char *name)
{
	const char *v = prop(a, el, name);
	long n = v ? strtol(v, NULL, 10) : 0;
	return n > 1 && n < 65535 ? (int)n : 0;
}

void semantics_read(struct arena *a, const xmlNode *el, bool replaced, int heading,
		    struct box_semantics *s)
{
	memset(s, 0, sizeof *s);
	if (!el || el->type != XML_ELEMENT_NODE)
		return;
	s->role = role_of(el, replaced, heading);
	s->lang = lang_of(a, el);
	const char *hidden = prop(a, el, "aria-hidden");
	s->decorative = hidden && strcmp(hidden, "true") == 0;
	if (replaced) {
		s->alt = alt_of(a, el);
		if (s->alt && !*s->alt && prop(a, el, "alt"))
			s->decorative = true;
	}
	if (heading)
		s->title = collapsed_text(a, el);
	if (s->role && (strcmp(s->role, "TH") == 0 || strcmp(s->role, "TD") == 0)) {
		const char *scope = prop(a, el, "scope");
		if (scope && (strcasecmp(scope, "col") == 0 || strcasecmp(scope, "colgroup") == 0))
			s->scope = SCOPE_COLUMN;
		else if (scope && (strcasecmp(scope, "row") == 0 || strcasecmp(scope, "rowgroup") == 0))
			s->scope = SCOPE_ROW;
		s->colspan = span_of(a, el, "colspan");
		s->rowspan = span_of(a, el, "rowspan");
	}
}

const char *semantics_lang(struct arena *a, const xmlNode *root)
{
	return root ? lang_of(a, root) : NULL;
}
