/* Selectors, inside: the parsed form that select.c builds and select_match.c matches. */
#ifndef BP_CSS_SELECT_PRIVATE_H
#define BP_CSS_SELECT_PRIVATE_H

#include "css/select.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * A complex selector is an array of compound selectors, left to right, with the
 * combinator between each pair. Matching goes right to left without recursion:
 * cand[i] holds the element being tried for compound i, and the failure kinds of
 * Servo's matcher (restart from the closest later sibling, from the closest
 * descendant, or give up) prune the search so it stays polynomial however the
 * selector and tree are shaped.
 *
 * Selector lists inside a selector share one form, the css_nest: '&' (CSS Nesting:
 * :is(the parent rule's selectors)), :is(), :where(), :not() and :has() each point at
 * one list instead of copying it, so a rule nested ten deep under lists of ten
 * selectors holds one list per level, never the 10^10 selectors of the product.
 * Testing such a list at an element recurses once per level (the cascade caps the
 * levels of nesting; :is() inside :is() is capped at parse time); a list whose
 * selectors have combinators or hold lists of their own remembers each (list,
 * element) answer for the rest of the match, so the work stays polynomial: at most
 * lists × elements tests.
 *
 * :has() holds relative selectors: each starts with an anchor compound, which
 * matches only the element :has() is being tested at, and the combinator after it
 * says where to look (descendants, children, later siblings). :has() cannot hold
 * :has(), so one anchor is enough at any time. Its answers per element may be kept
 * for a whole document (css_match_cache): the cascade asks about the same ancestor
 * for each of its descendants.
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
	SIMPLE_LANG,         /* :lang(): ranges, n_ranges */
	/* The kinds below take a list or the match's state. */
	SIMPLE_NOT,          /* :not(): nest, none of whose selectors may match */
	SIMPLE_NEST,         /* '&', :is(), :where(): nest (NULL for '&' at the top level: the root) */
	SIMPLE_HAS,          /* :has(): nest, relative selectors (each starts with an anchor) */
	SIMPLE_ANCHOR,       /* the element :has() is tested at (first compound of its selectors) */
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

struct simple_selector {
	enum simple_kind kind;
	const char *name;                /* see enum simple_kind */
	const char *value;               /* ATTRIBUTE: the value to compare with */
	size_t value_len;
	enum attribute_match match;      /* ATTRIBUTE */
	bool value_ignores_case;         /* ATTRIBUTE: compare values ASCII case-insensitively */
	bool where;                      /* NEST from :where(): no specificity */
	enum pseudo_class pseudo_class;  /* PSEUDO_CLASS */
	long a, b;                       /* PSEUDO_CLASS nth-*: An+B */
	const struct css_nest *nest;     /* NOT, NEST, HAS */
	const char **ranges;             /* LANG: language ranges as written ("en", "*-CH") */
	size_t n_ranges;
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
	bool has_nest;                 /* holds '&' (in a list inside it too) */
	bool needs_state;              /* holds '&', :has() or a list that remembers answers */
	/* A relative selector (in :has()): where its rightmost compound may be. */
	int reach_depth;               /* levels below the anchor; -1: any; 0: its siblings only */
	bool reach_siblings;           /* starts among the anchor's later siblings */
};

/* Specificity as three counts, before packing. */
struct specificity {
	unsigned ids, classes, types;
};

/* A selector list inside a selector: what '&' stands for, or the argument of :is(),
 * :where(), :not() or :has(). */
struct css_nest {
	struct css_selector **sels; /* its selectors (for '&': the parent's, but those with a pseudo-element) */
	size_t n;
	struct specificity most;    /* the most specific of them, as :is() counts */
	bool needs_memo;            /* remember answers per element during a match */
	bool needs_state;           /* one of its selectors needs the match's state */
};

static inline int select_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline bool select_equal_ignoring_case(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (select_ascii_lower((unsigned char)*a) != select_ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

#endif
