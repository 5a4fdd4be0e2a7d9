/* Custom properties and var() (CSS Variables 1): values kept as component values,
 * inherited as computed, substituted with a bound on the tokens a substitution makes. */
#include "style/custom.h"
#include "base/arena.h"
#include "css/syntax.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Substitutions nested inside substitutions (function arguments, blocks, values of
 * values) go at most this deep, so the stack stays small whatever the input. */
enum { MAX_ACTIVE = 1024 };

bool custom_is_name(const char *name)
{
	return name[0] == '-' && name[1] == '-' && name[2] != '\0';
}

static bool is_var(const struct css_node *node)
{
	return node->kind == CSS_NODE_FUNCTION && strcasecmp(node->tok.value, "var") == 0;
}

static bool is_whitespace(const struct css_node *node)
{
	return node->kind == CSS_NODE_TOKEN && node->tok.type == CSS_TOK_WHITESPACE;
}

bool custom_has_var(const struct css_node *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (is_var(&nodes[i]))
			return true;
		if (nodes[i].kind != CSS_NODE_TOKEN &&
		    custom_has_var(nodes[i].children, nodes[i].n_children))
			return true;
	}
	return false;
}

enum entry_state { E_DONE, E_PENDING, E_RESOLVING, E_INVALID };

/* A custom property while an element's are being computed. */
struct entry {
	const char *name;
	const struct css_node *value; /* raw while pending, substituted when done */
	size_t n;
	enum entry_state state;
	bool in_cycle;                /* met again while its own value was being resolved */
	bool dropped;                 /* set to initial (or inheriting nothing): undefined */
	const struct css_decl *from;  /* the declaration it came from */
};

struct resolver {
	struct arena *a;
	struct entry *e;
	size_t n;
	size_t chain[CUSTOM_MAX_CHAIN]; /* entries being resolved, outermost first */
	size_t n_chain;
	int active;                     /* substitutions running, nested */
	const struct custom_props *parent; /* the parent's, whose values may be reused */
	size_t *budget;                 /* what the page may still make; NULL: no such bound */
};

/* A growing array of component values (on the heap while it grows). */
struct buf {
	struct css_node *v;
	size_t n, cap;
};

static void buf_push(struct buf *b, const struct css_node *node)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->v = realloc(b->v, b->cap * sizeof *b->v);
		if (!b->v)
			abort();
	}
	b->v[b->n++] = *node;
}

static struct css_node *buf_to_arena(struct arena *a, const struct buf *b)
{
	struct css_node *copy = arena_alloc(a, sizeof *copy * (b->n ? b->n : 1));
	if (b->n)
		memcpy(copy, b->v, sizeof *copy * b->n);
	return copy;
}

/* One substitution: what it has made so far, and why it failed. */
struct subst {
	struct resolver *r;
	size_t used;     /* component values made */
	const char *why; /* set on failure */
};

static int resolve(struct resolver *r, size_t i, const char **why);

static struct entry *find(struct resolver *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->e[i].name, name) == 0)
			return &r->e[i];
	return NULL;
}

static int run(struct subst *s, const struct css_node *in, size_t n, struct buf *out);

/* var(--name) or var(--name, fallback) appended to out. */
static int substitute_var(struct subst *s, const struct css_node *fn, struct buf *out)
{
	const struct css_node *c = fn->children;
	size_t n = fn->n_children, i = 0;
	while (i < n && is_whitespace(&c[i]))
		i++;
	if (i == n || c[i].kind != CSS_NODE_TOKEN || c[i].tok.type != CSS_TOK_IDENT ||
	    !custom_is_name(c[i].tok.value)) {
		s->why = "var() does not name a custom property";
		return -1;
	}
	const char *name = c[i++].tok.value;
	while (i < n && is_whitespace(&c[i]))
		i++;
	bool has_fallback = false;
	if (i < n) {
		if (c[i].kind != CSS_NODE_TOKEN || c[i].tok.type != CSS_TOK_COMMA) {
			s->why = "var() holds more than a name and a fallback";
			return -1;
		}
		has_fallback = true;
		i++;
	}
	struct entry *e = find(s->r, name);
	const char *why = NULL;
	if (e && e->state == E_PENDING && resolve(s->r, (size_t)(e - s->r->e), &why) != 0)
		e->state = E_INVALID;
	if (e && e->state == E_RESOLVING) {
		/* A cycle: everything in it, from e to the innermost, is invalid. */
		bool on = false;
		for (size_t k = 0; k < s->r->n_chain; k++) {
			on |= s->r->chain[k] == (size_t)(e - s->r->e);
			if (on)
				s->r->e[s->r->chain[k]].in_cycle = true;
		}
		s->why = arena_printf(s->r->a, "'%s' refers to itself through var()", name);
		return -1;
	}
	if (e && e->state == E_DONE)
		return run(s, e->value, e->n, out);
	if (has_fallback)
		return run(s, c + i, n - i, out);
	s->why = why ? why
	       : e   ? arena_printf(s->r->a, "custom property '%s' is invalid", name)
		     : arena_printf(s->r->a, "custom property '%s' is not defined", name);
	return -1;
}

/* in[0..n) with var() substituted, appended to out. */
static int run(struct subst *s, const struct css_node *in, size_t n, struct buf *out)
{
	if (++s->r->active > MAX_ACTIVE) {
		s->r->active--;
		s->why = "var() substitutions nest too deep";
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct css_node *node = &in[i];
		if (is_var(node)) {
			rc = substitute_var(s, node, out);
			continue;
		}
		if (++s->used > CUSTOM_MAX_TOKENS) {
			s->why = arena_printf(s->r->a, "var() makes more than %d tokens",
					      CUSTOM_MAX_TOKENS);
			rc = -1;
			break;
		}
		if (s->r->budget) {
			if (*s->r->budget == 0) {
				s->why = arena_printf(s->r->a, "the page's custom properties make "
						      "more than %d tokens", CUSTOM_MAX_PAGE_TOKENS);
				rc = -1;
				break;
			}
			--*s->r->budget;
		}
		if (node->kind == CSS_NODE_TOKEN || !custom_has_var(node->children, node->n_children)) {
			s->used += node->kind == CSS_NODE_TOKEN ? 0 : node->n_children;
			buf_push(out, node);
			continue;
		}
		struct buf inner = { 0 };
		rc = run(s, node->children, node->n_children, &inner);
		if (rc == 0) {
			struct css_node copy = *node;
			copy.children = buf_to_arena(s->r->a, &inner);
			copy.n_children = inner.n;
			buf_push(out, &copy);
		}
		free(inner.v);
	}
	s->r->active--;
	return rc;
}

static const struct custom_prop *parent_prop(const struct resolver *r, const char *name)
{
	for (size_t i = 0; r->parent && i < r->parent->n; i++)
		if (strcmp(r->parent->items[i].name, name) == 0)
			return &r->parent->items[i];
	return NULL;
}

/* Does every var() in nodes find here what it finds in the parent's properties? */
static bool same_as_parent(struct resolver *r, const struct css_node *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct css_node *node = &nodes[i];
		if (node->kind == CSS_NODE_TOKEN)
			continue;
		if (is_var(node)) {
			const struct css_node *c = node->children;
			size_t k = 0;
			while (k < node->n_children && is_whitespace(&c[k]))
				k++;
			if (k == node->n_children || c[k].kind != CSS_NODE_TOKEN ||
			    c[k].tok.type != CSS_TOK_IDENT)
				return false;
			struct entry *e = find(r, c[k].tok.value);
			const char *why = NULL;
			if (e && e->state == E_PENDING && resolve(r, (size_t)(e - r->e), &why) != 0)
				e->state = E_INVALID;
			const struct custom_prop *p = parent_prop(r, c[k].tok.value);
			if (e && e->state == E_RESOLVING)
				return false;
			if (!e || e->dropped ? p != NULL
				 : !p || p->value != e->value || p->n != e->n ||
					   p->invalid != (e->state != E_DONE))
				return false;
		}
		if (!same_as_parent(r, node->children, node->n_children))
			return false;
	}
	return true;
}

/* Substitutes var() in a pending entry's value. */
static int resolve(struct resolver *r, size_t i, const char **why)
{
	struct entry *e = &r->e[i];
	if (r->n_chain == CUSTOM_MAX_CHAIN) {
		*why = "custom properties refer to each other too many times over";
		return -1;
	}
	e->state = E_RESOLVING;
	r->chain[r->n_chain++] = i;
	const struct custom_prop *old = parent_prop(r, e->name);
	if (old && old->from == e->from && same_as_parent(r, e->value, e->n)) {
		/* The parent's value, made by the same declaration from the same values. */
		r->n_chain--;
		e = &r->e[i];
		if (!e->in_cycle && !old->invalid) {
			e->value = old->value;
			e->n = old->n;
			e->state = E_DONE;
			return 0;
		}
		e->state = E_INVALID;
		*why = arena_printf(r->a, "custom property '%s' is invalid", e->name);
		return -1;
	}
	struct subst s = { r, 0, NULL };
	struct buf out = { 0 };
	int rc = run(&s, e->value, e->n, &out);
	r->n_chain--;
	e = &r->e[i];
	if (rc == 0 && !e->in_cycle) {
		e->value = buf_to_arena(r->a, &out);
		e->n = out.n;
		e->state = E_DONE;
	} else {
		e->state = E_INVALID;
		*why = s.why ? s.why : arena_printf(r->a, "'%s' refers to itself through var()", e->name);
		rc = -1;
	}
	free(out.v);
	return rc;
}

/* The one non-whitespace value if it is a CSS-wide keyword, else NULL. */
static const char *wide_keyword(const struct css_decl *d)
{
	const struct css_node *only = NULL;
	for (size_t i = 0; i < d->n_value; i++) {
		if (is_whitespace(&d->value[i]))
			continue;
		if (only)
			return NULL;
		only = &d->value[i];
	}
	if (!only || only->kind != CSS_NODE_TOKEN || only->tok.type != CSS_TOK_IDENT)
		return NULL;
	/* revert, and revert-layer with no earlier layer to roll back to (the cascade
	 * gives that one's declaration instead when there is), are unset: inherit. */
	static const char *const words[] = { "initial", "inherit", "unset", "revert", "revert-layer" };
	for (size_t k = 0; k < 5; k++)
		if (strcasecmp(only->tok.value, words[k]) == 0)
			return words[k];
	return NULL;
}

const struct custom_props *custom_compute(struct arena *a, const struct custom_props *parent,
					  const struct css_decl *const *decls, size_t n,
					  size_t *budget)
{
	size_t n_parent = parent ? parent->n : 0;
	struct resolver *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->a = a;
	r->parent = parent;
	r->budget = budget;
	r->e = malloc(sizeof *r->e * (n_parent + n + 1));
	if (!r->e)
		abort();
	for (size_t i = 0; i < n_parent; i++)
		r->e[r->n++] = (struct entry){ parent->items[i].name, parent->items[i].value,
					       parent->items[i].n,
					       parent->items[i].invalid ? E_INVALID : E_DONE, false,
					       false, parent->items[i].from };
	for (size_t k = 0; k < n; k++) {
		const struct css_decl *d = decls[k];
		struct entry *e = find(r, d->name);
		if (!e) {
			e = &r->e[r->n++];
			e->name = d->name;
		}
		e->in_cycle = false;
		e->dropped = false;
		e->from = d;
		const char *word = wide_keyword(d);
		if (word && strcmp(word, "initial") == 0) {
			e->state = E_INVALID; /* the guaranteed-invalid value: undefined */
			e->dropped = true;
		} else if (word) {
			/* inherit and unset: the parent's value (custom properties inherit). */
			e->state = E_INVALID;
			e->dropped = true;
			for (size_t i = 0; i < n_parent; i++)
				if (strcmp(parent->items[i].name, d->name) == 0) {
					e->value = parent->items[i].value;
					e->n = parent->items[i].n;
					e->state = parent->items[i].invalid ? E_INVALID : E_DONE;
					e->dropped = false;
					e->from = parent->items[i].from;
				}
		} else {
			e->value = d->value;
			e->n = d->n_value;
			e->state = custom_has_var(d->value, d->n_value) ? E_PENDING : E_DONE;
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		const char *why = NULL;
		if (r->e[i].state == E_PENDING && resolve(r, i, &why) != 0)
			r->e[i].state = E_INVALID;
	}
	struct custom_props *out = arena_alloc(a, sizeof *out);
	struct custom_prop *items = arena_alloc(a, sizeof *items * (r->n ? r->n : 1));
	for (size_t i = 0; i < r->n; i++)
		if (!r->e[i].dropped)
			items[out->n++] = (struct custom_prop){ r->e[i].name, r->e[i].value, r->e[i].n,
								r->e[i].state != E_DONE,
								r->e[i].from };
	out->items = items;
	free(r->e);
	free(r);
	return out;
}

int custom_substitute(struct arena *a, const struct custom_props *props, const struct css_node *in,
		      size_t n, struct css_node **out, size_t *n_out, const char **why)
{
	struct resolver *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->a = a;
	size_t n_props = props ? props->n : 0;
	r->e = malloc(sizeof *r->e * (n_props + 1));
	if (!r->e)
		abort();
	for (size_t i = 0; i < n_props; i++)
		r->e[r->n++] = (struct entry){ props->items[i].name, props->items[i].value,
					       props->items[i].n,
					       props->items[i].invalid ? E_INVALID : E_DONE, false,
					       false, props->items[i].from };
	struct subst s = { r, 0, NULL };
	struct buf b = { 0 };
	int rc = run(&s, in, n, &b);
	if (rc == 0) {
		*out = buf_to_arena(a, &b);
		*n_out = b.n;
	} else {
		*why = s.why;
	}
	free(b.v);
	free(r->e);
	free(r);
	return rc;
}
