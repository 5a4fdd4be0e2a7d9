/* Custom properties (--name: value) and var() substitution, as CSS Custom Properties
 * for Cascading Variables Level 1 defines them. Everything lives in the arena given. */
#ifndef BP_STYLE_CUSTOM_H
#define BP_STYLE_CUSTOM_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct css_decl;
struct css_node;

/* One substitution may make at most this many component values (tokens, blocks and
 * functions, nested ones included); past it the value is invalid (browsers cap too). */
#define CUSTOM_MAX_TOKENS 100000
/* A custom property may go through at most this many others before its value is known. */
#define CUSTOM_MAX_CHAIN 256
/* The custom properties of all the elements of a page, computed in one layout pass,
 * may make at most this many component values between them (their values stay in
 * memory for the pass); past it, any more that hold var() are invalid. */
#define CUSTOM_MAX_PAGE_TOKENS 2000000

/* One custom property's computed value: its tokens, var() already substituted. */
struct custom_prop {
	const char *name;             /* with its leading "--"; case-sensitive */
	const struct css_node *value; /* component values */
	size_t n;
	bool invalid;                 /* its var() failed: it is the guaranteed-invalid value */
	const struct css_decl *from;  /* the declaration it came from */
};

/* An element's custom properties. Inherited as a whole: an element that declares none
 * shares its parent's. */
struct custom_props {
	const struct custom_prop *items;
	size_t n;
};

/* Is this a custom property's name (two dashes and at least one more character)? */
bool custom_is_name(const char *name);

/* Do the component values hold a var() anywhere? */
bool custom_has_var(const struct css_node *nodes, size_t n);

/* The custom properties of an element whose parent has `parent` (NULL: none) and whose
 * custom property declarations are decls[0..n), in cascade order (the last one wins).
 * initial, inherit and unset work on them; a value that fails (an undefined var()
 * without fallback, a cycle, too many tokens) is the guaranteed-invalid value. A
 * declaration that gives the parent's property its value, and whose var() find what
 * they found there, gives the same value without a new substitution. *budget is what
 * the page may still make (CUSTOM_MAX_PAGE_TOKENS at first); it goes down. */
const struct custom_props *custom_compute(struct arena *a, const struct custom_props *parent,
					  const struct css_decl *const *decls, size_t n,
					  size_t *budget);

/* The component values in[0..n) with every var() replaced from props. Returns 0 and
 * the result in *out, *n_out, or -1 (invalid at computed-value time) with *why saying
 * why, in words allocated in a. */
int custom_substitute(struct arena *a, const struct custom_props *props, const struct css_node *in,
		      size_t n, struct css_node **out, size_t *n_out, const char **why);

#endif
