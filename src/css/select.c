/* Selectors (a Selectors 4 subset): parsing rule preludes into selectors, specificity,
 * and the keys the cascade indexes rules by. Matching is in select_match.c. */
#include "css/select_private.h"
#include "css/syntax.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

static char *ascii_lowercase_copy(struct arena *a, const char *s)
{
	char *copy = arena_strdup(a, s);
	for (char *p = copy; *p; p++)
		*p = (char)select_ascii_lower((unsigned char)*p);
	return copy;
}

/* Attributes whose values HTML selectors compare ASCII case-insensitively
 * (HTML, "case-sensitivity of selectors"). */
static bool value_ignores_case_in_html(const char *attribute)
{
	static const char *const names[] = {
		"accept",   "accept-charset", "align",	   "alink",	"axis",	      "bgcolor",
		"charset",  "checked",	      "clear",	   "codetype",	"color",      "compact",
		"declare",  "defer",	      "dir",	   "direction", "disabled",   "enctype",
		"face",	    "frame",	      "hreflang",  "http-equiv", "lang",      "language",
		"link",	    "media",	      "method",	   "multiple",	"nohref",     "noresize",
		"noshade",  "nowrap",	      "readonly",  "rel",	"rev",	      "rules",
		"scope",    "scrolling",      "selected",  "shape",	"target",     "text",
		"type",	    "valign",	      "valuetype", "vlink",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(attribute, names[i]) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------- parsing */

static bool is_token(const struct css_node *node, enum css_token_type type)
{
	return node->kind == CSS_NODE_TOKEN && node->tok.type == type;
}

static bool is_delim(const struct css_node *node, unsigned c)
{
	return is_token(node, CSS_TOK_DELIM) && node->tok.delim == c;
}

static size_t skip_whitespace(const struct css_node *nodes, size_t i, size_t end)
{
	while (i < end && is_token(&nodes[i], CSS_TOK_WHITESPACE))
		i++;
	return i;
}

struct parser {
	struct arena *arena;
	const char *why;              /* set on the first error */
	const struct css_nest *nest;  /* what '&' stands for; NULL at the top level */
	bool nested;                  /* parsing a nested rule's selectors (relative ones allowed) */
	bool relative;                /* parsing :has()'s selectors: each starts at the anchor */
	bool in_has;                  /* inside :has(): no :has() may come */
	int depth;                    /* lists inside lists so far (:is(:not(:is(…)))) */
	bool saw_nest;                /* the complex selector being parsed holds '&' */
	bool needs_state;             /* it holds '&', :has() or a list that remembers answers */
};

/* Lists inside lists (:is(:is(…))) at most this deep: matching recurses once a level. */
enum { LIST_MAX_DEPTH = 32 };

static int fail(struct parser *p, const char *why)
{
	if (!p->why)
		p->why = why;
	return -1;
}

struct simple_list {
	struct simple_selector *items;
	size_t n, cap;
};

static struct simple_selector *add_simple(struct parser *p, struct simple_list *list,
					  enum simple_kind kind)
{
	ARENA_GROW(p->arena, list->items, list->n, list->cap);
	struct simple_selector *s = &list->items[list->n++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	return s;
}

/* A namespace prefix: "ns|", "*|" or "|" (but not the "|=" of an attribute test). */
static bool is_namespace_bar(const struct css_node *nodes, size_t i, size_t end)
{
	return i < end && is_delim(&nodes[i], '|') && !(i + 1 < end && is_delim(&nodes[i + 1], '='));
}

/* The contents of an attribute selector's [] block. */
static int parse_attribute(struct parser *p, const struct css_node *block, struct simple_selector *s)
{
	const struct css_node *nodes = block->children;
	size_t end = block->n_children;
	size_t i = skip_whitespace(nodes, 0, end);
	if (i < end && (is_delim(&nodes[i], '|') || is_delim(&nodes[i], '*')))
		return fail(p, "namespaces in attribute selectors are not supported");
	if (i == end || !is_token(&nodes[i], CSS_TOK_IDENT))
		return fail(p, "an attribute selector needs an attribute name");
	if (is_namespace_bar(nodes, i + 1, end))
		return fail(p, "namespaces in attribute selectors are not supported");
	s->name = ascii_lowercase_copy(p->arena, nodes[i].tok.value);
	s->value_ignores_case = value_ignores_case_in_html(s->name);
	i = skip_whitespace(nodes, i + 1, end);
	if (i == end) {
		s->match = MATCH_EXISTS;
		return 0;
	}
	if (is_delim(&nodes[i], '=')) {
		s->match = MATCH_EQUALS;
		i++;
	} else if (nodes[i].kind == CSS_NODE_TOKEN && nodes[i].tok.type == CSS_TOK_DELIM &&
		   i + 1 < end && is_delim(&nodes[i + 1], '=')) {
		switch (nodes[i].tok.delim) {
		case '~': s->match = MATCH_INCLUDES; break;
		case '|': s->match = MATCH_DASH; break;
		case '^': s->match = MATCH_PREFIX; break;
		case '$': s->match = MATCH_SUFFIX; break;
		case '*': s->match = MATCH_SUBSTRING; break;
		default: return fail(p, "unknown attribute matcher");
		}
		i += 2;
	} else {
		return fail(p, "expected '=', '~=', '|=', '^=', '$=' or '*=' in an attribute selector");
	}
	i = skip_whitespace(nodes, i, end);
	if (i == end || !(is_token(&nodes[i], CSS_TOK_IDENT) || is_token(&nodes[i], CSS_TOK_STRING)))
		return fail(p, "an attribute selector needs a value (an identifier or a string)");
	s->value = nodes[i].tok.value;
	s->value_len = nodes[i].tok.value_len;
	i = skip_whitespace(nodes, i + 1, end);
	if (i < end && is_token(&nodes[i], CSS_TOK_IDENT)) {
		if (select_equal_ignoring_case(nodes[i].tok.value, "i"))
			s->value_ignores_case = true;
		else if (select_equal_ignoring_case(nodes[i].tok.value, "s"))
			s->value_ignores_case = false;
		else
			return fail(p, "unknown attribute selector flag (only i and s exist)");
		i = skip_whitespace(nodes, i + 1, end);
	}
	if (i != end)
		return fail(p, "unexpected text at the end of an attribute selector");
	return 0;
}

static const struct {
	const char *name;
	enum pseudo_class pseudo_class;
} plain_pseudo_classes[] = {
	{ "first-child", PC_FIRST_CHILD },   { "last-child", PC_LAST_CHILD },
	{ "only-child", PC_ONLY_CHILD },     { "first-of-type", PC_FIRST_OF_TYPE },
	{ "last-of-type", PC_LAST_OF_TYPE }, { "only-of-type", PC_ONLY_OF_TYPE },
	{ "root", PC_ROOT },		     { "empty", PC_EMPTY },
	{ "link", PC_LINK },
	/* Valid, so that "a:link, a:visited" keeps its rule, but never true on paper. */
	{ "visited", PC_NEVER },	     { "hover", PC_NEVER },
	{ "active", PC_NEVER },		     { "focus", PC_NEVER },
	{ "focus-within", PC_NEVER },	     { "focus-visible", PC_NEVER },
	{ "target", PC_NEVER },
};

static const struct {
	const char *name;
	enum pseudo_class pseudo_class;
} nth_pseudo_classes[] = {
	{ "nth-child", PC_NTH_CHILD },
	{ "nth-last-child", PC_NTH_LAST_CHILD },
	{ "nth-of-type", PC_NTH_OF_TYPE },
	{ "nth-last-of-type", PC_NTH_LAST_OF_TYPE },
};

static int pseudo_element_named(const char *name, enum css_pseudo_element *out)
{
	if (select_equal_ignoring_case(name, "before"))
		*out = CSS_PSEUDO_BEFORE;
	else if (select_equal_ignoring_case(name, "after"))
		*out = CSS_PSEUDO_AFTER;
	else if (select_equal_ignoring_case(name, "marker"))
		*out = CSS_PSEUDO_MARKER;
	else if (select_equal_ignoring_case(name, "first-letter"))
		*out = CSS_PSEUDO_FIRST_LETTER;
	else if (select_equal_ignoring_case(name, "first-line"))
		*out = CSS_PSEUDO_FIRST_LINE;
	else
		return -1;
	return 0;
}


static int parse_complex(struct parser *p, const struct css_node *nodes, size_t start,
			 size_t end, struct css_selector *sel);

enum list_kind {
	LIST_FORGIVING,  /* :is(), :where(): invalid selectors are left out, none is fine */
	LIST_STRICT,     /* :not(): one invalid selector makes the whole selector invalid */
	LIST_RELATIVE,   /* :has(): relative selectors, strict */
};

/* The selector list in a functional pseudo-class, as a css_nest. */
static int parse_inner_list(struct parser *p, const struct css_node *fn, enum list_kind kind,
			    const char *name, const struct css_nest **out)
{
	if (p->depth >= LIST_MAX_DEPTH)
		return fail(p, arena_printf(p->arena, "selector lists nested more than %d deep",
					    LIST_MAX_DEPTH));
	const struct css_node *nodes = fn->children;
	size_t end = fn->n_children;
	struct css_selector **sels = NULL;
	size_t n = 0, cap = 0, start = 0;
	for (size_t i = 0; i <= end; i++) {
		if (i < end && !is_token(&nodes[i], CSS_TOK_COMMA))
			continue;
		struct parser q = *p;
		q.why = NULL;
		q.nested = false;
		q.relative = kind == LIST_RELATIVE;
		q.in_has = p->in_has || kind == LIST_RELATIVE;
		q.depth = p->depth + 1;
		q.needs_state = false;
		struct css_selector *sel = arena_alloc(p->arena, sizeof *sel);
		bool ok = parse_complex(&q, nodes, start, i, sel) == 0;
		if (ok && sel->pseudo != CSS_PSEUDO_NONE) {
			q.why = arena_printf(p->arena, "pseudo-elements are not allowed inside :%s()", name);
			ok = false;
		}
		start = i + 1;
		if (!ok) {
			if (kind == LIST_FORGIVING)
				continue;
			return fail(p, q.why);
		}
		p->saw_nest |= sel->has_nest;
		ARENA_GROW(p->arena, sels, n, cap);
		sels[n++] = sel;
	}
	if (n == 0 && kind != LIST_FORGIVING)
		return fail(p, arena_printf(p->arena, ":%s() needs a selector", name));
	struct css_nest *nest = css_nest_make(p->arena, sels, n);
	for (size_t k = 0; k < n; k++) {
		nest->needs_memo |= sels[k]->n > 1 || sels[k]->needs_state;
		nest->needs_state |= sels[k]->needs_state;
	}
	p->needs_state |= nest->needs_memo || nest->needs_state || kind == LIST_RELATIVE;
	*out = nest;
	return 0;
}

/* :lang(range, ...): identifiers or strings; "*-CH" may be written unquoted. */
static int parse_lang(struct parser *p, const struct css_node *fn, struct simple_selector *s)
{
	const struct css_node *nodes = fn->children;
	size_t end = fn->n_children, i = 0, cap = 0;
	for (;;) {
		i = skip_whitespace(nodes, i, end);
		if (i == end)
			return fail(p, ":lang() needs a language range");
		const char *range;
		if (is_token(&nodes[i], CSS_TOK_IDENT) || is_token(&nodes[i], CSS_TOK_STRING)) {
			range = nodes[i].tok.value;
			i++;
		} else if (is_delim(&nodes[i], '*')) {
			range = "*";
			if (i + 1 < end && is_token(&nodes[i + 1], CSS_TOK_IDENT) &&
			    nodes[i + 1].tok.value[0] == '-') {
				range = arena_printf(p->arena, "*%s", nodes[i + 1].tok.value);
				i++;
			}
			i++;
		} else {
			return fail(p, ":lang() takes language ranges (identifiers or strings)");
		}
		ARENA_GROW(p->arena, s->ranges, s->n_ranges, cap);
		s->ranges[s->n_ranges++] = range;
		i = skip_whitespace(nodes, i, end);
		if (i == end)
			return 0;
		if (!is_token(&nodes[i], CSS_TOK_COMMA))
			return fail(p, ":lang() takes a comma-separated list of language ranges");
		i++;
	}
}

static int parse_nth(struct parser *p, const struct css_node *fn, struct simple_selector *s)
{
	for (size_t k = 0; k < fn->n_children; k++)
		if (is_token(&fn->children[k], CSS_TOK_IDENT) &&
		    select_equal_ignoring_case(fn->children[k].tok.value, "of"))
			return fail(p, ":nth-child(An+B of S) is not supported");
	if (css_parse_anb(fn->children, fn->n_children, &s->a, &s->b) < 0)
		return fail(p, "invalid An+B argument");
	return 0;
}

/* A pseudo-class or pseudo-element after the colon at nodes[*i]. */
static int parse_colon(struct parser *p, const struct css_node *nodes, size_t *i, size_t end,
		       struct simple_list *simples,
		       enum css_pseudo_element *pseudo)
{
	size_t at = *i + 1;
	bool element = at < end && is_token(&nodes[at], CSS_TOK_COLON);
	if (element)
		at++;
	if (at == end)
		return fail(p, "a ':' must be followed by a pseudo-class name");
	const struct css_node *name = &nodes[at];
	*i = at + 1;
	if (is_token(name, CSS_TOK_IDENT)) {
		const char *id = name->tok.value;
		enum css_pseudo_element which;
		bool legacy_element = select_equal_ignoring_case(id, "before") ||
				      select_equal_ignoring_case(id, "after") ||
				      select_equal_ignoring_case(id, "first-line") ||
				      select_equal_ignoring_case(id, "first-letter");
		if (element || legacy_element) {
			if (pseudo_element_named(id, &which) < 0)
				return fail(p, arena_printf(p->arena, "unsupported pseudo-element ::%s", id));
			*pseudo = which;
			return 0;
		}
		for (size_t k = 0; k < sizeof plain_pseudo_classes / sizeof plain_pseudo_classes[0]; k++) {
			if (select_equal_ignoring_case(id, plain_pseudo_classes[k].name)) {
				struct simple_selector *s = add_simple(p, simples, SIMPLE_PSEUDO_CLASS);
				s->pseudo_class = plain_pseudo_classes[k].pseudo_class;
				return 0;
			}
		}
		return fail(p, arena_printf(p->arena, "unsupported pseudo-class :%s", id));
	}
	if (name->kind == CSS_NODE_FUNCTION && !element) {
		const char *fn = name->tok.value;
		if (select_equal_ignoring_case(fn, "not")) {
			struct simple_selector *s = add_simple(p, simples, SIMPLE_NOT);
			return parse_inner_list(p, name, LIST_STRICT, "not", &s->nest);
		}
		if (select_equal_ignoring_case(fn, "is") || select_equal_ignoring_case(fn, "where") ||
		    select_equal_ignoring_case(fn, "matches") ||
		    select_equal_ignoring_case(fn, "-webkit-any")) {
			struct simple_selector *s = add_simple(p, simples, SIMPLE_NEST);
			s->where = select_equal_ignoring_case(fn, "where");
			return parse_inner_list(p, name, LIST_FORGIVING, fn, &s->nest);
		}
		if (select_equal_ignoring_case(fn, "has")) {
			if (p->in_has)
				return fail(p, ":has() is not allowed inside :has()");
			struct simple_selector *s = add_simple(p, simples, SIMPLE_HAS);
			return parse_inner_list(p, name, LIST_RELATIVE, "has", &s->nest);
		}
		if (select_equal_ignoring_case(fn, "lang")) {
			struct simple_selector *s = add_simple(p, simples, SIMPLE_LANG);
			return parse_lang(p, name, s);
		}
		for (size_t k = 0; k < sizeof nth_pseudo_classes / sizeof nth_pseudo_classes[0]; k++) {
			if (select_equal_ignoring_case(fn, nth_pseudo_classes[k].name)) {
				struct simple_selector *s = add_simple(p, simples, SIMPLE_PSEUDO_CLASS);
				s->pseudo_class = nth_pseudo_classes[k].pseudo_class;
				return parse_nth(p, name, s);
			}
		}
		return fail(p, arena_printf(p->arena, "unsupported pseudo-class :%s()", fn));
	}
	if (element && name->kind == CSS_NODE_FUNCTION)
		return fail(p, arena_printf(p->arena, "unsupported pseudo-element ::%s()", name->tok.value));
	return fail(p, "a ':' must be followed by a pseudo-class name");
}

/* One compound selector from nodes[*i], which must not be whitespace. A
 * pseudo-element ends it and goes to *pseudo. */
static int parse_compound(struct parser *p, const struct css_node *nodes, size_t *i, size_t end,
			  struct compound *out, enum css_pseudo_element *pseudo)
{
	struct simple_list simples = { 0 };
	size_t start = *i;
	if (*i < end && is_token(&nodes[*i], CSS_TOK_IDENT)) {
		if (is_namespace_bar(nodes, *i + 1, end))
			return fail(p, "namespaces are not supported");
		struct simple_selector *s = add_simple(p, &simples, SIMPLE_TYPE);
		s->name = ascii_lowercase_copy(p->arena, nodes[*i].tok.value);
		++*i;
	} else if (*i < end && is_delim(&nodes[*i], '*')) {
		if (is_namespace_bar(nodes, *i + 1, end))
			return fail(p, "namespaces are not supported");
		++*i; /* the universal selector adds nothing to test */
	} else if (*i < end && is_delim(&nodes[*i], '|')) {
		return fail(p, "namespaces are not supported");
	}
	while (*i < end && *pseudo == CSS_PSEUDO_NONE) {
		const struct css_node *node = &nodes[*i];
		if (is_token(node, CSS_TOK_HASH)) {
			if (!node->tok.hash_is_id)
				return fail(p, "an id selector must be an identifier");
			struct simple_selector *s = add_simple(p, &simples, SIMPLE_ID);
			s->name = node->tok.value;
			++*i;
		} else if (is_delim(node, '.')) {
			if (*i + 1 >= end || !is_token(&nodes[*i + 1], CSS_TOK_IDENT))
				return fail(p, "a '.' must be followed by a class name");
			struct simple_selector *s = add_simple(p, &simples, SIMPLE_CLASS);
			s->name = nodes[*i + 1].tok.value;
			*i += 2;
		} else if (node->kind == CSS_NODE_BLOCK && node->block_open == '[') {
			struct simple_selector *s = add_simple(p, &simples, SIMPLE_ATTRIBUTE);
			if (parse_attribute(p, node, s) < 0)
				return -1;
			++*i;
		} else if (is_token(node, CSS_TOK_COLON)) {
			if (parse_colon(p, nodes, i, end, &simples, pseudo) < 0)
				return -1;
		} else if (is_delim(node, '&')) {
			struct simple_selector *s = add_simple(p, &simples, SIMPLE_NEST);
			s->nest = p->nest;
			p->saw_nest = true;
			++*i;
		} else {
			break;
		}
	}
	if (*i == start) {
		return fail(p, *i < end ? arena_printf(p->arena, "unexpected '%s' in a selector",
						       nodes[*i].tok.value)
					: "a selector is missing");
	}
	out->simples = simples.items;
	out->n = simples.n;
	return 0;
}

static struct specificity compound_specificity(const struct compound *c)
{
	struct specificity sp = { 0, 0, 0 };
	for (size_t k = 0; k < c->n; k++) {
		const struct simple_selector *s = &c->simples[k];
		switch (s->kind) {
		case SIMPLE_ID: sp.ids++; break;
		case SIMPLE_TYPE: sp.types++; break;
		case SIMPLE_NEST: /* '&' and :is(): its most specific selector; :where(): none */
		case SIMPLE_NOT:  /* Selectors 4: the most specific argument */
		case SIMPLE_HAS:
			if (s->nest && !s->where) {
				sp.ids += s->nest->most.ids;
				sp.classes += s->nest->most.classes;
				sp.types += s->nest->most.types;
			}
			break;
		case SIMPLE_ANCHOR: break;
		default: sp.classes++; break;
		}
	}
	return sp;
}

static unsigned pack_specificity(struct specificity sp)
{
	unsigned a = sp.ids > 1023 ? 1023 : sp.ids;
	unsigned b = sp.classes > 1023 ? 1023 : sp.classes;
	unsigned c = sp.types > 1023 ? 1023 : sp.types;
	return (a << 20) | (b << 10) | c;
}

/* One complex selector from nodes[start..end). */
static int parse_complex(struct parser *p, const struct css_node *nodes, size_t start,
			 size_t end, struct css_selector *sel)
{
	struct compound *compounds = NULL;
	enum combinator *combinators = NULL;
	size_t n = 0, cap = 0, n_comb = 0, cap_comb = 0;
	enum css_pseudo_element pseudo = CSS_PSEUDO_NONE;
	size_t i = skip_whitespace(nodes, start, end);
	if (i == end)
		return fail(p, "empty selector");
	/* A nested selector may start with a combinator: "> p" is "& > p". */
	bool relative = false;
	enum combinator lead = COMBINATOR_DESCENDANT;
	if ((p->nested || p->relative) && (is_delim(&nodes[i], '>') || is_delim(&nodes[i], '+') ||
					   is_delim(&nodes[i], '~'))) {
		relative = true;
		lead = is_delim(&nodes[i], '>')	  ? COMBINATOR_CHILD
		       : is_delim(&nodes[i], '+') ? COMBINATOR_NEXT
						  : COMBINATOR_LATER;
		i = skip_whitespace(nodes, i + 1, end);
		if (i == end)
			return fail(p, "a selector cannot end with a combinator");
	}
	p->saw_nest = false;
	p->needs_state = false;
	for (;;) {
		if (pseudo != CSS_PSEUDO_NONE)
			return fail(p, "a pseudo-element must come last in a selector");
		ARENA_GROW(p->arena, compounds, n, cap);
		if (parse_compound(p, nodes, &i, end, &compounds[n], &pseudo) < 0)
			return -1;
		n++;
		size_t after = skip_whitespace(nodes, i, end);
		bool had_whitespace = after > i;
		i = after;
		if (i == end)
			break;
		enum combinator comb;
		if (is_delim(&nodes[i], '>')) {
			comb = COMBINATOR_CHILD;
		} else if (is_delim(&nodes[i], '+')) {
			comb = COMBINATOR_NEXT;
		} else if (is_delim(&nodes[i], '~')) {
			comb = COMBINATOR_LATER;
		} else if (had_whitespace) {
			comb = COMBINATOR_DESCENDANT;
		} else {
			if (pseudo != CSS_PSEUDO_NONE)
				return fail(p, "a pseudo-element must come last in a selector");
			return fail(p, arena_printf(p->arena, "unexpected '%s' in a selector",
						    nodes[i].tok.value));
		}
		if (comb != COMBINATOR_DESCENDANT) {
			i = skip_whitespace(nodes, i + 1, end);
			if (i == end)
				return fail(p, "a selector cannot end with a combinator");
		}
		ARENA_GROW(p->arena, combinators, n_comb, cap_comb);
		combinators[n_comb++] = comb;
	}
	if (p->relative || (p->nested && (relative || !p->saw_nest))) {
		/* Made absolute as Selectors 4 says: "h2" is "& h2", "> p" is "& > p";
		 * in :has(), "> p" is "<the anchor> > p". */
		struct compound *with = arena_alloc(p->arena, (n + 1) * sizeof *with);
		enum combinator *combs = arena_alloc(p->arena, n * sizeof *combs);
		struct simple_selector *amp = arena_alloc(p->arena, sizeof *amp);
		memset(amp, 0, sizeof *amp);
		amp->kind = p->relative ? SIMPLE_ANCHOR : SIMPLE_NEST;
		amp->nest = p->relative ? NULL : p->nest;
		with[0] = (struct compound){ amp, 1 };
		memcpy(with + 1, compounds, n * sizeof *compounds);
		combs[0] = lead;
		if (n_comb)
			memcpy(combs + 1, combinators, n_comb * sizeof *combinators);
		compounds = with;
		combinators = combs;
		n++;
		if (!p->relative)
			p->saw_nest = true;
	}
	if (p->relative) {
		/* Where the rightmost compound can be, seen from the anchor. */
		sel->reach_siblings = combinators[0] == COMBINATOR_NEXT ||
				      combinators[0] == COMBINATOR_LATER;
		sel->reach_depth = 0;
		for (size_t k = 0; k + 1 < n; k++) {
			if (combinators[k] == COMBINATOR_DESCENDANT)
				sel->reach_depth = -1;
			else if (combinators[k] == COMBINATOR_CHILD && sel->reach_depth >= 0)
				sel->reach_depth++;
		}
	}
	struct specificity total = { 0, 0, 0 };
	for (size_t k = 0; k < n; k++) {
		struct specificity sp = compound_specificity(&compounds[k]);
		total.ids += sp.ids;
		total.classes += sp.classes;
		total.types += sp.types;
	}
	if (pseudo != CSS_PSEUDO_NONE)
		total.types++;
	sel->compounds = compounds;
	sel->combinators = combinators;
	sel->n = n;
	sel->pseudo = pseudo;
	sel->specificity = pack_specificity(total);
	sel->has_nest = p->saw_nest;
	sel->needs_state = p->saw_nest || p->needs_state;
	return 0;
}

static int parse_list(struct parser p, const struct css_node *prelude, size_t n,
		      struct css_selector ***out, size_t *count, const char **why)
{
	struct arena *a = p.arena;
	struct css_selector **list = NULL;
	size_t n_list = 0, cap = 0;
	size_t start = 0;
	*out = NULL;
	*count = 0;
	if (!prelude)
		n = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && !is_token(&prelude[i], CSS_TOK_COMMA))
			continue;
		struct css_selector *sel = arena_alloc(a, sizeof *sel);
		if (parse_complex(&p, prelude, start, i, sel) < 0) {
			*why = p.why;
			return -1;
		}
		ARENA_GROW(a, list, n_list, cap);
		list[n_list++] = sel;
		start = i + 1;
	}
	*out = list;
	*count = n_list;
	return 0;
}

int css_selector_parse_list(struct arena *a, const struct css_node *prelude, size_t n,
			    struct css_selector ***out, size_t *count, const char **why)
{
	struct parser p = { .arena = a };
	return parse_list(p, prelude, n, out, count, why);
}

int css_selector_parse_nested(struct arena *a, const struct css_node *prelude, size_t n,
			      const struct css_nest *parent, struct css_selector ***out,
			      size_t *count, const char **why)
{
	struct parser p = { .arena = a, .nest = parent, .nested = true };
	return parse_list(p, prelude, n, out, count, why);
}

struct css_nest *css_nest_make(struct arena *a, struct css_selector *const *sels, size_t n)
{
	struct css_nest *nest = arena_alloc(a, sizeof *nest);
	memset(nest, 0, sizeof *nest);
	nest->sels = arena_alloc(a, (n ? n : 1) * sizeof *nest->sels);
	unsigned most = 0;
	for (size_t i = 0; i < n; i++) {
		if (sels[i]->pseudo != CSS_PSEUDO_NONE)
			continue;
		nest->sels[nest->n++] = sels[i];
		if (sels[i]->specificity > most)
			most = sels[i]->specificity; /* packed parts compare as the triple does */
		nest->needs_memo |= sels[i]->has_nest;
		nest->needs_state |= sels[i]->needs_state;
	}
	nest->most = (struct specificity){ most >> 20, (most >> 10) & 1023, most & 1023 };
	return nest;
}

unsigned css_selector_specificity(const struct css_selector *sel)
{
	return sel->specificity;
}

enum css_pseudo_element css_selector_pseudo(const struct css_selector *sel)
{
	return sel->pseudo;
}

/* When the rightmost compound has no simple selector of that kind but holds a '&'
 * for a single selector ("&:hover" under ".a"), that selector's key is a key too. */
static const struct simple_selector *rightmost_simple(const struct css_selector *sel,
						      enum simple_kind kind)
{
	for (;;) {
		const struct compound *c = &sel->compounds[sel->n - 1];
		const struct css_nest *nest = NULL;
		for (size_t k = 0; k < c->n; k++) {
			if (c->simples[k].kind == kind)
				return &c->simples[k];
			if (c->simples[k].kind == SIMPLE_NEST)
				nest = c->simples[k].nest;
		}
		if (!nest || nest->n != 1)
			return NULL;
		sel = nest->sels[0];
	}
}

const char *css_selector_key_tag(const struct css_selector *sel)
{
	const struct simple_selector *s = rightmost_simple(sel, SIMPLE_TYPE);
	return s ? s->name : NULL;
}

const char *css_selector_key_id(const struct css_selector *sel)
{
	const struct simple_selector *s = rightmost_simple(sel, SIMPLE_ID);
	return s ? s->name : NULL;
}

const char *css_selector_key_class(const struct css_selector *sel)
{
	const struct simple_selector *s = rightmost_simple(sel, SIMPLE_CLASS);
	return s ? s->name : NULL;
}
