/* Selectors (a Selectors 4 subset): parsing from rule preludes, specificity, and matching on libxml2 elements. */
#include "css/select.h"
#include "css/syntax.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * A complex selector is an array of compound selectors, left to right, with the
 * combinator between each pair. Matching goes right to left without recursion:
 * cand[i] holds the element being tried for compound i, and the failure kinds of
 * Servo's matcher (restart from the closest later sibling, from the closest
 * descendant, or give up) prune the search so it stays polynomial however the
 * selector and tree are shaped. :not() takes compound selectors only and cannot
 * nest, so testing a compound never recurses for it.
 *
 * CSS Nesting: '&' is a simple selector that stands for :is(the parent rule's
 * selectors). It points at that list (a css_nest) instead of copying it, so a rule
 * nested ten deep under lists of ten selectors holds one list per level, never the
 * 10^10 selectors of the product. Matching '&' at an element tests the list there, one
 * recursion per level of nesting (the cascade caps the levels); when the list's own
 * selectors hold '&', each (list, element) answer is remembered for the rest of the
 * match, so the work stays polynomial: at most lists × elements tests.
 *
 * HTML rules throughout: element and attribute names compare ASCII
 * case-insensitively, class and id values case-sensitively, and the values of the
 * attributes HTML lists as case-insensitive (lang, type, dir, ...) ASCII
 * case-insensitively unless the selector says [a=v s].
 */

enum simple_kind {
	SIMPLE_TYPE,         /* name: lower-case element name */
	SIMPLE_ID,           /* name: the id */
	SIMPLE_CLASS,        /* name: the class */
	SIMPLE_ATTRIBUTE,    /* name: lower-case attribute name; value, match, value_ignores_case */
	SIMPLE_PSEUDO_CLASS, /* pseudo_class, and a, b for the nth- ones */
	SIMPLE_NOT,          /* not_args: compounds none of which may match */
	SIMPLE_NEST,         /* '&': nest, the parent rule's selectors (NULL at the top level: the root) */
};

enum attribute_match {
	MATCH_EXISTS,    /* [a] */
	MATCH_EQUALS,    /* [a=v] */
	MATCH_INCLUDES,  /* [a~=v]: v is one of the whitespace-separated words */
	MATCH_DASH,      /* [a|=v]: v, or v followed by '-' */
	MATCH_PREFIX,    /* [a^=v] */
	MATCH_SUFFIX,    /* [a$=v] */
	MATCH_SUBSTRING, /* [a*=v] */
};

enum pseudo_class {
	PC_FIRST_CHILD,
	PC_LAST_CHILD,
	PC_ONLY_CHILD,
	PC_FIRST_OF_TYPE,
	PC_LAST_OF_TYPE,
	PC_ONLY_OF_TYPE,
	PC_NTH_CHILD,
	PC_NTH_LAST_CHILD,
	PC_NTH_OF_TYPE,
	PC_NTH_LAST_OF_TYPE,
	PC_ROOT,
	PC_EMPTY,
	PC_LINK,
	PC_NEVER, /* states a printed page never is in: :visited, :hover, :focus … */
};

struct compound;

struct simple_selector {
	enum simple_kind kind;
	const char *name;                /* see enum simple_kind */
	const char *value;               /* ATTRIBUTE: the value to compare with */
	size_t value_len;
	enum attribute_match match;      /* ATTRIBUTE */
	bool value_ignores_case;         /* ATTRIBUTE: compare values ASCII case-insensitively */
	enum pseudo_class pseudo_class;  /* PSEUDO_CLASS */
	long a, b;                       /* PSEUDO_CLASS nth-*: An+B */
	const struct compound *not_args; /* NOT */
	size_t n_not_args;
	const struct css_nest *nest;     /* NEST */
};

struct compound {
	struct simple_selector *simples; /* all must match; none means '*' */
	size_t n;
};

enum combinator {
	COMBINATOR_DESCENDANT, /* whitespace */
	COMBINATOR_CHILD,      /* > */
	COMBINATOR_NEXT,       /* + */
	COMBINATOR_LATER,      /* ~ */
};

struct css_selector {
	struct compound *compounds;    /* left to right */
	enum combinator *combinators;  /* combinators[i] joins compounds i and i + 1 */
	size_t n;                      /* compounds, at least 1 */
	unsigned specificity;          /* packed as in select.h */
	enum css_pseudo_element pseudo; /* the pseudo-element at the end, if any */
	bool has_nest;                 /* some compound holds '&' */
};

/* Specificity as three counts, before packing. */
struct specificity {
	unsigned ids, classes, types;
};

/* What '&' stands for in the rules nested in one style rule. */
struct css_nest {
	struct css_selector **sels; /* the parent's selectors but those with a pseudo-element (& cannot stand for one) */
	size_t n;
	struct specificity most;    /* the most specific of them, as :is() counts */
	bool needs_memo;            /* one of them holds '&': remember answers per element */
};

/* ---------------------------------------------------------------- helpers */

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool ascii_equal_ignoring_case(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

static bool same_bytes(const char *a, size_t a_len, const char *b, size_t b_len, bool ignore_case)
{
	if (a_len != b_len)
		return false;
	for (size_t i = 0; i < a_len; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (ignore_case) {
			x = ascii_lower(x);
			y = ascii_lower(y);
		}
		if (x != y)
			return false;
	}
	return true;
}

static char *ascii_lowercase_copy(struct arena *a, const char *s)
{
	char *copy = arena_strdup(a, s);
	for (char *p = copy; *p; p++)
		*p = (char)ascii_lower((unsigned char)*p);
	return copy;
}

static bool is_html_whitespace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
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
	bool saw_nest;                /* the complex selector being parsed holds '&' */
};

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
		if (ascii_equal_ignoring_case(nodes[i].tok.value, "i"))
			s->value_ignores_case = true;
		else if (ascii_equal_ignoring_case(nodes[i].tok.value, "s"))
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
	if (ascii_equal_ignoring_case(name, "before"))
		*out = CSS_PSEUDO_BEFORE;
	else if (ascii_equal_ignoring_case(name, "after"))
		*out = CSS_PSEUDO_AFTER;
	else if (ascii_equal_ignoring_case(name, "marker"))
		*out = CSS_PSEUDO_MARKER;
	else
		return -1;
	return 0;
}

static int parse_compound(struct parser *p, const struct css_node *nodes, size_t *i, size_t end,
			  bool inside_not, struct compound *out, enum css_pseudo_element *pseudo);

/* :not(compound, compound, ...). */
static int parse_not(struct parser *p, const struct css_node *fn, struct simple_selector *s)
{
	const struct css_node *nodes = fn->children;
	size_t end = fn->n_children;
	struct compound *args = NULL;
	size_t n = 0, cap = 0;
	size_t i = 0;
	for (;;) {
		i = skip_whitespace(nodes, i, end);
		if (i == end)
			return fail(p, ":not() needs a selector");
		ARENA_GROW(p->arena, args, n, cap);
		enum css_pseudo_element pseudo = CSS_PSEUDO_NONE;
		if (parse_compound(p, nodes, &i, end, true, &args[n], &pseudo) < 0)
			return -1;
		n++;
		i = skip_whitespace(nodes, i, end);
		if (i == end)
			break;
		if (!is_token(&nodes[i], CSS_TOK_COMMA))
			return fail(p, ":not() takes compound selectors only, without combinators");
		i++;
	}
	s->not_args = args;
	s->n_not_args = n;
	return 0;
}

static int parse_nth(struct parser *p, const struct css_node *fn, struct simple_selector *s)
{
	for (size_t k = 0; k < fn->n_children; k++)
		if (is_token(&fn->children[k], CSS_TOK_IDENT) &&
		    ascii_equal_ignoring_case(fn->children[k].tok.value, "of"))
			return fail(p, ":nth-child(An+B of S) is not supported");
	if (css_parse_anb(fn->children, fn->n_children, &s->a, &s->b) < 0)
		return fail(p, "invalid An+B argument");
	return 0;
}

/* A pseudo-class or pseudo-element after the colon at nodes[*i]. */
static int parse_colon(struct parser *p, const struct css_node *nodes, size_t *i, size_t end,
		       bool inside_not, struct simple_list *simples,
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
		bool legacy_element = ascii_equal_ignoring_case(id, "before") ||
				      ascii_equal_ignoring_case(id, "after");
		if (element || legacy_element) {
			if (pseudo_element_named(id, &which) < 0)
				return fail(p, arena_printf(p->arena, "unsupported pseudo-element ::%s", id));
			if (inside_not)
				return fail(p, "pseudo-elements are not allowed inside :not()");
			*pseudo = which;
			return 0;
		}
		for (size_t k = 0; k < sizeof plain_pseudo_classes / sizeof plain_pseudo_classes[0]; k++) {
			if (ascii_equal_ignoring_case(id, plain_pseudo_classes[k].name)) {
				struct simple_selector *s = add_simple(p, simples, SIMPLE_PSEUDO_CLASS);
				s->pseudo_class = plain_pseudo_classes[k].pseudo_class;
				return 0;
			}
		}
		return fail(p, arena_printf(p->arena, "unsupported pseudo-class :%s", id));
	}
	if (name->kind == CSS_NODE_FUNCTION && !element) {
		const char *fn = name->tok.value;
		if (ascii_equal_ignoring_case(fn, "not")) {
			if (inside_not)
				return fail(p, ":not() inside :not() is not supported");
			struct simple_selector *s = add_simple(p, simples, SIMPLE_NOT);
			return parse_not(p, name, s);
		}
		for (size_t k = 0; k < sizeof nth_pseudo_classes / sizeof nth_pseudo_classes[0]; k++) {
			if (ascii_equal_ignoring_case(fn, nth_pseudo_classes[k].name)) {
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
			  bool inside_not, struct compound *out, enum css_pseudo_element *pseudo)
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
			if (parse_colon(p, nodes, i, end, inside_not, &simples, pseudo) < 0)
				return -1;
		} else if (is_delim(node, '&')) {
			if (inside_not)
				return fail(p, "'&' inside :not() is not supported");
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
		case SIMPLE_NEST:
			if (s->nest) {
				sp.ids += s->nest->most.ids;
				sp.classes += s->nest->most.classes;
				sp.types += s->nest->most.types;
			}
			break;
		case SIMPLE_NOT: {
			/* Selectors 4: the specificity of its most specific argument. */
			struct specificity most = { 0, 0, 0 };
			for (size_t j = 0; j < s->n_not_args; j++) {
				struct specificity arg = compound_specificity(&s->not_args[j]);
				if (arg.ids > most.ids ||
				    (arg.ids == most.ids && (arg.classes > most.classes ||
							     (arg.classes == most.classes &&
							      arg.types > most.types))))
					most = arg;
			}
			sp.ids += most.ids;
			sp.classes += most.classes;
			sp.types += most.types;
			break;
		}
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
	if (p->nested && (is_delim(&nodes[i], '>') || is_delim(&nodes[i], '+') ||
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
	for (;;) {
		if (pseudo != CSS_PSEUDO_NONE)
			return fail(p, "a pseudo-element must come last in a selector");
		ARENA_GROW(p->arena, compounds, n, cap);
		if (parse_compound(p, nodes, &i, end, false, &compounds[n], &pseudo) < 0)
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
	if (p->nested && (relative || !p->saw_nest)) {
		/* Made absolute as Selectors 4 says: "h2" is "& h2", "> p" is "& > p". */
		struct compound *with = arena_alloc(p->arena, (n + 1) * sizeof *with);
		enum combinator *combs = arena_alloc(p->arena, n * sizeof *combs);
		struct simple_selector *amp = arena_alloc(p->arena, sizeof *amp);
		memset(amp, 0, sizeof *amp);
		amp->kind = SIMPLE_NEST;
		amp->nest = p->nest;
		with[0] = (struct compound){ amp, 1 };
		memcpy(with + 1, compounds, n * sizeof *compounds);
		combs[0] = lead;
		if (n_comb)
			memcpy(combs + 1, combinators, n_comb * sizeof *combinators);
		compounds = with;
		combinators = combs;
		n++;
		p->saw_nest = true;
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
	struct parser p = { a, NULL, NULL, false, false };
	return parse_list(p, prelude, n, out, count, why);
}

int css_selector_parse_nested(struct arena *a, const struct css_node *prelude, size_t n,
			      const struct css_nest *parent, struct css_selector ***out,
			      size_t *count, const char **why)
{
	struct parser p = { a, NULL, parent, true, false };
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

/* ---------------------------------------------------------------- matching */

static bool is_element(const xmlNode *node)
{
	return node && node->type == XML_ELEMENT_NODE;
}

static const xmlNode *parent_element(const xmlNode *e)
{
	return is_element(e->parent) ? e->parent : NULL;
}

static const xmlNode *previous_element(const xmlNode *e)
{
	for (const xmlNode *s = e->prev; s; s = s->prev)
		if (is_element(s))
			return s;
	return NULL;
}

static bool has_name(const xmlNode *e, const char *lower_name)
{
	return e->name && ascii_equal_ignoring_case((const char *)e->name, lower_name);
}

/* The element's attribute `name` (no namespace, name compared ignoring ASCII case):
 * false when absent; else its value in *value, which the caller frees with xmlFree
 * when *owned. */
static bool attribute_value(const xmlNode *e, const char *name, const char **value, bool *owned)
{
	for (const xmlAttr *attr = e->properties; attr; attr = attr->next) {
		if (attr->ns || !attr->name || !ascii_equal_ignoring_case((const char *)attr->name, name))
			continue;
		const xmlNode *text = attr->children;
		*owned = false;
		if (!text) {
			*value = "";
		} else if (!text->next && text->type == XML_TEXT_NODE) {
			*value = text->content ? (const char *)text->content : "";
		} else {
			xmlChar *joined = xmlNodeListGetString(e->doc, attr->children, 1);
			*value = joined ? (const char *)joined : "";
			*owned = joined != NULL;
		}
		return true;
	}
	return false;
}

static void release_value(const char *value, bool owned)
{
	if (owned)
		xmlFree((xmlChar *)value);
}

static bool contains_word(const char *list, const char *word, size_t word_len, bool ignore_case)
{
	if (word_len == 0)
		return false;
	for (size_t k = 0; k < word_len; k++)
		if (is_html_whitespace(word[k]))
			return false;
	const char *p = list;
	while (*p) {
		while (*p && is_html_whitespace(*p))
			p++;
		const char *start = p;
		while (*p && !is_html_whitespace(*p))
			p++;
		if (p > start && same_bytes(start, (size_t)(p - start), word, word_len, ignore_case))
			return true;
	}
	return false;
}

static bool attribute_matches(const struct simple_selector *s, const xmlNode *e)
{
	const char *value;
	bool owned;
	if (!attribute_value(e, s->name, &value, &owned))
		return false;
	size_t len = strlen(value), want = s->value_len;
	bool ic = s->value_ignores_case;
	bool result = false;
	switch (s->match) {
	case MATCH_EXISTS: result = true; break;
	case MATCH_EQUALS: result = same_bytes(value, len, s->value, want, ic); break;
	case MATCH_INCLUDES: result = contains_word(value, s->value, want, ic); break;
	case MATCH_DASH:
		result = same_bytes(value, len, s->value, want, ic) ||
			 (len > want && value[want] == '-' && same_bytes(value, want, s->value, want, ic));
		break;
	case MATCH_PREFIX:
		result = want > 0 && len >= want && same_bytes(value, want, s->value, want, ic);
		break;
	case MATCH_SUFFIX:
		result = want > 0 && len >= want &&
			 same_bytes(value + len - want, want, s->value, want, ic);
		break;
	case MATCH_SUBSTRING:
		if (want == 0)
			break;
		for (size_t k = 0; k + want <= len && !result; k++)
			result = same_bytes(value + k, want, s->value, want, ic);
		break;
	}
	release_value(value, owned);
	return result;
}

/* 1-based position among element siblings, counting from the end if from_end, and
 * only elements of the same name if same_type. */
static long sibling_position(const xmlNode *e, bool from_end, bool same_type)
{
	long position = 1;
	for (const xmlNode *s = from_end ? e->next : e->prev; s; s = from_end ? s->next : s->prev)
		if (is_element(s) && (!same_type || (s->name && e->name &&
						      ascii_equal_ignoring_case((const char *)s->name,
										(const char *)e->name))))
			position++;
	return position;
}

/* Is there an n >= 0 with a*n + b == position? (a and b fit in 32 bits.) */
static bool nth_matches(long a, long b, long position)
{
	long long diff = (long long)position - b;
	if (a == 0)
		return diff == 0;
	return diff % a == 0 && diff / a >= 0;
}

static bool is_empty_element(const xmlNode *e)
{
	for (const xmlNode *c = e->children; c; c = c->next) {
		switch (c->type) {
		case XML_ELEMENT_NODE:
		case XML_ENTITY_REF_NODE:
			return false;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content && c->content[0])
				return false;
			break;
		default:
			break; /* comments and processing instructions do not count */
		}
	}
	return true;
}

static bool pseudo_class_matches(const struct simple_selector *s, const xmlNode *e)
{
	switch (s->pseudo_class) {
	case PC_FIRST_CHILD: return sibling_position(e, false, false) == 1;
	case PC_LAST_CHILD: return sibling_position(e, true, false) == 1;
	case PC_ONLY_CHILD:
		return sibling_position(e, false, false) == 1 && sibling_position(e, true, false) == 1;
	case PC_FIRST_OF_TYPE: return sibling_position(e, false, true) == 1;
	case PC_LAST_OF_TYPE: return sibling_position(e, true, true) == 1;
	case PC_ONLY_OF_TYPE:
		return sibling_position(e, false, true) == 1 && sibling_position(e, true, true) == 1;
	case PC_NTH_CHILD: return nth_matches(s->a, s->b, sibling_position(e, false, false));
	case PC_NTH_LAST_CHILD: return nth_matches(s->a, s->b, sibling_position(e, true, false));
	case PC_NTH_OF_TYPE: return nth_matches(s->a, s->b, sibling_position(e, false, true));
	case PC_NTH_LAST_OF_TYPE: return nth_matches(s->a, s->b, sibling_position(e, true, true));
	case PC_ROOT:
		return !e->parent || e->parent->type == XML_DOCUMENT_NODE ||
		       e->parent->type == XML_HTML_DOCUMENT_NODE;
	case PC_EMPTY: return is_empty_element(e);
	case PC_LINK: {
		const char *value;
		bool owned;
		if (!(has_name(e, "a") || has_name(e, "area")) ||
		    !attribute_value(e, "href", &value, &owned))
			return false;
		release_value(value, owned);
		return true;
	}
	case PC_NEVER: return false;
	}
	return false;
}

/* Every simple selector but :not(). */
static bool simple_matches(const struct simple_selector *s, const xmlNode *e)
{
	const char *value;
	bool owned, result;
	switch (s->kind) {
	case SIMPLE_TYPE: return has_name(e, s->name);
	case SIMPLE_ID:
		if (!attribute_value(e, "id", &value, &owned))
			return false;
		result = strcmp(value, s->name) == 0;
		release_value(value, owned);
		return result;
	case SIMPLE_CLASS:
		if (!attribute_value(e, "class", &value, &owned))
			return false;
		result = contains_word(value, s->name, strlen(s->name), false);
		release_value(value, owned);
		return result;
	case SIMPLE_ATTRIBUTE: return attribute_matches(s, e);
	case SIMPLE_PSEUDO_CLASS: return pseudo_class_matches(s, e);
	case SIMPLE_NOT: /* handled by compound_matches */
	case SIMPLE_NEST: return false;
	}
	return false;
}

/* Answers of '&' at elements during one match: an open-addressed table. */
struct memo_entry {
	const struct css_nest *nest; /* NULL: an empty slot */
	const xmlNode *el;
	bool result;
};

struct memo {
	struct memo_entry *slots;
	size_t cap, n;                /* cap is a power of two */
	struct memo_entry local[16];  /* the first slots, without allocating */
};

static struct memo_entry *memo_slot(struct memo *m, const struct css_nest *nest, const xmlNode *el)
{
	size_t h = ((uintptr_t)nest * 31u) ^ ((uintptr_t)el >> 4);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
		if (!m->slots[i].nest || (m->slots[i].nest == nest && m->slots[i].el == el))
			return &m->slots[i];
}

static void memo_put(struct memo *m, const struct css_nest *nest, const xmlNode *el, bool result)
{
	if (2 * (m->n + 1) > m->cap) {
		struct memo_entry *old = m->slots;
		size_t old_cap = m->cap;
		m->cap *= 2;
		m->slots = xcalloc(m->cap, sizeof *m->slots);
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].nest)
				*memo_slot(m, old[i].nest, old[i].el) = old[i];
		if (old != m->local)
			free(old);
	}
	*memo_slot(m, nest, el) = (struct memo_entry){ nest, el, result };
	m->n++;
}

static bool match_complex(const struct css_selector *sel, const xmlNode *element,
			  struct memo *memo);

/* '&' at e: does one of the parent's selectors match it? */
static bool nest_matches(const struct css_nest *nest, const xmlNode *e, struct memo *memo)
{
	if (!nest) /* '&' outside any rule is :scope, the root */
		return !e->parent || e->parent->type == XML_DOCUMENT_NODE ||
		       e->parent->type == XML_HTML_DOCUMENT_NODE;
	if (nest->needs_memo) {
		const struct memo_entry *seen = memo_slot(memo, nest, e);
		if (seen->nest)
			return seen->result;
	}
	bool result = false;
	for (size_t i = 0; i < nest->n && !result; i++)
		result = match_complex(nest->sels[i], e, memo);
	if (nest->needs_memo)
		memo_put(memo, nest, e, result);
	return result;
}

static bool compound_matches(const struct compound *c, const xmlNode *e, struct memo *memo)
{
	for (size_t k = 0; k < c->n; k++) {
		const struct simple_selector *s = &c->simples[k];
		if (s->kind < SIMPLE_NOT) {
			if (!simple_matches(s, e))
				return false;
			continue;
		}
		if (s->kind == SIMPLE_NEST) {
			if (!nest_matches(s->nest, e, memo))
				return false;
			continue;
		}
		/* The arguments of :not() hold no :not(), so this goes one level deep. */
		for (size_t j = 0; j < s->n_not_args; j++) {
			const struct compound *arg = &s->not_args[j];
			bool all = true;
			for (size_t m = 0; m < arg->n && all; m++)
				all = simple_matches(&arg->simples[m], e);
			if (all)
				return false;
		}
	}
	return true;
}

enum match_result {
	MATCHED,
	RESTART_FROM_LATER_SIBLING, /* try the next candidate for the sibling combinator */
	RESTART_FROM_DESCENDANT,    /* go back to the closest descendant combinator */
	NOT_MATCHED_GLOBALLY,       /* no candidate anywhere can succeed */
};

/* The first candidate for the compound left of a combinator. */
static const xmlNode *first_candidate(const xmlNode *e, enum combinator comb)
{
	return comb == COMBINATOR_CHILD || comb == COMBINATOR_DESCENDANT ? parent_element(e)
									  : previous_element(e);
}

static enum match_result candidate_not_found(enum combinator comb)
{
	return comb == COMBINATOR_NEXT || comb == COMBINATOR_LATER ? RESTART_FROM_DESCENDANT
								   : NOT_MATCHED_GLOBALLY;
}

static bool match_complex(const struct css_selector *sel, const xmlNode *element,
			  struct memo *memo)
{
	const xmlNode *local[16];
	const xmlNode **cand = sel->n <= 16 ? local : xmalloc(sel->n * sizeof *cand);
	size_t i = sel->n - 1; /* the compound being tried */
	cand[i] = element;
	enum match_result result;
	for (;;) {
		/* Try compound i at cand[i]. */
		if (!compound_matches(&sel->compounds[i], cand[i], memo)) {
			result = RESTART_FROM_LATER_SIBLING;
		} else if (i == 0) {
			result = MATCHED;
		} else {
			enum combinator comb = sel->combinators[i - 1];
			const xmlNode *next = first_candidate(cand[i], comb);
			if (next) {
				i--;
				cand[i] = next;
				continue;
			}
			result = candidate_not_found(comb);
		}
		/* Hand the result of compound i to the combinator on its right, which
		 * either tries its next candidate or passes a result further right. */
		for (;;) {
			if (i == sel->n - 1 || result == MATCHED || result == NOT_MATCHED_GLOBALLY)
				goto out;
			enum combinator comb = sel->combinators[i];
			if (comb == COMBINATOR_NEXT) {
				i++;
				continue;
			}
			if (comb == COMBINATOR_CHILD) {
				result = RESTART_FROM_DESCENDANT;
				i++;
				continue;
			}
			if (comb == COMBINATOR_LATER && result == RESTART_FROM_DESCENDANT) {
				i++;
				continue;
			}
			/* Descendant after any failure, or later sibling after a local
			 * one: move to the next candidate. */
			const xmlNode *next = comb == COMBINATOR_DESCENDANT ? parent_element(cand[i])
									    : previous_element(cand[i]);
			if (!next) {
				result = candidate_not_found(comb);
				i++;
				continue;
			}
			cand[i] = next;
			break;
		}
	}
out:
	if (cand != local)
		free(cand);
	return result == MATCHED;
}

/* A match whose selector holds '&', with the table of answers it needs: kept apart
 * so that the common case below is a plain tail call. */
static __attribute__((noinline)) bool match_nested(const struct css_selector *sel,
						   const xmlNode *element)
{
	struct memo memo;
	memset(memo.local, 0, sizeof memo.local);
	memo.slots = memo.local;
	memo.cap = sizeof memo.local / sizeof memo.local[0];
	memo.n = 0;
	bool result = match_complex(sel, element, &memo);
	if (memo.slots != memo.local)
		free(memo.slots);
	return result;
}

bool css_selector_matches(const struct css_selector *sel, const xmlNode *element)
{
	if (!sel || !is_element(element))
		return false;
	if (sel->has_nest)
		return match_nested(sel, element);
	return match_complex(sel, element, NULL);
}
