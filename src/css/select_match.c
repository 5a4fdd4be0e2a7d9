/* Selectors: matching parsed selectors against elements of a libxml2 tree. */
#include "css/select_private.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

static bool same_bytes(const char *a, size_t a_len, const char *b, size_t b_len, bool ignore_case)
{
	if (a_len != b_len)
		return false;
	for (size_t i = 0; i < a_len; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (ignore_case) {
			x = select_ascii_lower(x);
			y = select_ascii_lower(y);
		}
		if (x != y)
			return false;
	}
	return true;
}

static bool is_html_whitespace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
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
	return e->name && select_equal_ignoring_case((const char *)e->name, lower_name);
}

/* The element's attribute `name` (no namespace, name compared ignoring ASCII case):
 * false when absent; else its value in *value, which the caller frees with xmlFree
 * when *owned. */
static bool attribute_value(const xmlNode *e, const char *name, const char **value, bool *owned)
{
	for (const xmlAttr *attr = e->properties; attr; attr = attr->next) {
		if (attr->ns || !attr->name || !select_equal_ignoring_case((const char *)attr->name, name))
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
						      select_equal_ignoring_case((const char *)s->name,
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

/* The element's language: the nearest xml:lang or lang attribute of it or an ancestor
 * (xml:lang first, as HTML says), or NULL when none says. *owned as attribute_value. */
static const char *element_language(const xmlNode *e, bool *owned)
{
	for (; is_element(e); e = e->parent) {
		const char *value = NULL;
		for (const xmlAttr *attr = e->properties; attr && !value; attr = attr->next) {
			if (!attr->name)
				continue;
			bool xml_lang = (attr->ns && attr->ns->href &&
					 strcmp((const char *)attr->ns->href,
						(const char *)XML_XML_NAMESPACE) == 0 &&
					 strcmp((const char *)attr->name, "lang") == 0) ||
					(!attr->ns && select_equal_ignoring_case((const char *)attr->name,
										 "xml:lang"));
			if (!xml_lang)
				continue;
			xmlChar *v = xmlNodeListGetString(e->doc, attr->children, 1);
			*owned = v != NULL;
			value = v ? (const char *)v : "";
		}
		if (value || attribute_value(e, "lang", &value, owned))
			return value;
	}
	return NULL;
}

/* One subtag of a language tag or range: [*at, end), moving *at past it and its '-'. */
static size_t next_subtag(const char **at, const char **start)
{
	*start = *at;
	const char *p = *at;
	while (*p && *p != '-')
		p++;
	size_t len = (size_t)(p - *start);
	*at = *p ? p + 1 : p;
	return len;
}

/* RFC 4647 extended filtering, as :lang() uses it: "de-*-DE" matches "de-Latn-DE". */
static bool language_range_matches(const char *range, const char *tag)
{
	if (!*range)
		return !*tag;
	const char *r = range, *t = tag, *rs, *ts;
	size_t rl = next_subtag(&r, &rs), tl = next_subtag(&t, &ts);
	if (!(rl == 1 && *rs == '*') && !same_bytes(rs, rl, ts, tl, true))
		return false;
	while (*r) {
		rl = next_subtag(&r, &rs);
		if (rl == 1 && *rs == '*')
			continue;
		for (;;) {
			if (!*t)
				return false;
			const char *save = t;
			tl = next_subtag(&t, &ts);
			if (same_bytes(rs, rl, ts, tl, true))
				break;
			if (tl == 1) { /* a singleton ends the search */
				t = save;
				return false;
			}
		}
	}
	return true;
}

static bool lang_matches(const struct simple_selector *s, const xmlNode *e)
{
	bool owned = false;
	const char *lang = element_language(e, &owned);
	if (!lang)
		return false;
	bool result = false;
	for (size_t i = 0; i < s->n_ranges && !result; i++)
		result = language_range_matches(s->ranges[i], lang);
	release_value(lang, owned);
	return result;
}

/* Every simple selector that needs no list and no state. */
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
	case SIMPLE_LANG: return lang_matches(s, e);
	default: return false; /* handled by compound_matches */
	}
}

/* Answers of a list (or of :has()) at elements: an open-addressed table. */
struct memo_entry {
	const void *key; /* the list or the :has(); NULL: an empty slot */
	const xmlNode *el;
	bool result;
};

struct memo {
	struct memo_entry *slots;
	size_t cap, n;                /* cap is a power of two */
	struct arena *arena;          /* grows here (a cache), or with xcalloc (one match) */
	struct memo_entry local[16];  /* the first slots, without allocating */
};

struct css_match_cache {
	struct memo has; /* :has() answers for the document */
};

static void memo_init(struct memo *m, struct arena *a)
{
	memset(m->local, 0, sizeof m->local);
	m->slots = m->local;
	m->cap = sizeof m->local / sizeof m->local[0];
	m->n = 0;
	m->arena = a;
}

static struct memo_entry *memo_slot(struct memo *m, const void *key, const xmlNode *el)
{
	size_t h = ((uintptr_t)key * 31u) ^ ((uintptr_t)el >> 4) ^ ((uintptr_t)el >> 12);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
		if (!m->slots[i].key || (m->slots[i].key == key && m->slots[i].el == el))
			return &m->slots[i];
}

static void memo_put(struct memo *m, const void *key, const xmlNode *el, bool result)
{
	if (2 * (m->n + 1) > m->cap) {
		struct memo_entry *old = m->slots;
		size_t old_cap = m->cap;
		m->cap *= 2;
		m->slots = m->arena ? arena_alloc(m->arena, m->cap * sizeof *m->slots)
				    : xcalloc(m->cap, sizeof *m->slots);
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].key)
				*memo_slot(m, old[i].key, old[i].el) = old[i];
		if (old != m->local && !m->arena)
			free(old);
	}
	struct memo_entry *slot = memo_slot(m, key, el);
	if (!slot->key)
		m->n++;
	*slot = (struct memo_entry){ key, el, result };
}

static void memo_release(struct memo *m)
{
	if (m->slots != m->local && !m->arena)
		free(m->slots);
}

/* What one match carries besides the selector: answers remembered, the anchor of the
 * :has() being tested, and the document's :has() answers when the caller keeps them. */
struct match_state {
	struct memo memo;
	const xmlNode *anchor;
	struct css_match_cache *cache; /* NULL: :has() answers go to memo */
};

static bool match_complex(const struct css_selector *sel, const xmlNode *element,
			  struct match_state *st);

static bool is_root(const xmlNode *e)
{
	return !e->parent || e->parent->type == XML_DOCUMENT_NODE ||
	       e->parent->type == XML_HTML_DOCUMENT_NODE;
}

/* '&', :is(), :where(), :not()'s list at e: does one of its selectors match it? */
static bool nest_matches(const struct css_nest *nest, const xmlNode *e, struct match_state *st)
{
	if (!nest) /* '&' outside any rule is :scope, the root */
		return is_root(e);
	if (nest->needs_memo) {
		const struct memo_entry *seen = memo_slot(&st->memo, nest, e);
		if (seen->key)
			return seen->result;
	}
	bool result = false;
	for (size_t i = 0; i < nest->n && !result; i++)
		result = match_complex(nest->sels[i], e, st);
	if (nest->needs_memo)
		memo_put(&st->memo, nest, e, result);
	return result;
}

/* Does the relative selector match some element within its reach of the anchor? The
 * walk visits the anchor's descendants (to `depth` levels; -1: all) or its later
 * siblings (and their descendants, when the selector goes down from them). */
static bool relative_matches(const struct css_selector *sel, const xmlNode *anchor,
			     struct match_state *st)
{
	const xmlNode *first, *stop;
	int depth = sel->reach_depth;
	if (sel->reach_siblings) {
		first = anchor->next;
		stop = anchor->parent;
	} else {
		if (depth == 0)
			return false;
		first = anchor->children;
		stop = anchor;
		depth = depth > 0 ? depth - 1 : -1;
	}
	/* Levels below `first`'s level that may still be entered. */
	int level = 0;
	const xmlNode *n = first;
	while (n) {
		if (is_element(n) && match_complex(sel, n, st))
			return true;
		if (is_element(n) && n->children && (depth < 0 || level < depth)) {
			n = n->children;
			level++;
			continue;
		}
		while (n && !n->next) {
			n = n->parent;
			level--;
			if (n == stop || level < 0)
				return false;
		}
		if (n)
			n = n->next;
	}
	return false;
}

static bool has_matches(const struct simple_selector *s, const xmlNode *e, struct match_state *st)
{
	struct memo *memo = st->cache ? &st->cache->has : &st->memo;
	const struct memo_entry *seen = memo_slot(memo, s, e);
	if (seen->key)
		return seen->result;
	const xmlNode *outer = st->anchor;
	st->anchor = e;
	bool result = false;
	for (size_t i = 0; i < s->nest->n && !result; i++)
		result = relative_matches(s->nest->sels[i], e, st);
	st->anchor = outer;
	memo_put(memo, s, e, result);
	return result;
}

static bool compound_matches(const struct compound *c, const xmlNode *e, struct match_state *st)
{
	for (size_t k = 0; k < c->n; k++) {
		const struct simple_selector *s = &c->simples[k];
		if (s->kind < SIMPLE_NOT) {
			if (!simple_matches(s, e))
				return false;
			continue;
		}
		bool ok;
		switch (s->kind) {
		case SIMPLE_NEST: ok = nest_matches(s->nest, e, st); break;
		case SIMPLE_NOT: ok = !nest_matches(s->nest, e, st); break;
		case SIMPLE_HAS: ok = has_matches(s, e, st); break;
		case SIMPLE_ANCHOR: ok = e == st->anchor; break;
		default: ok = false; break;
		}
		if (!ok)
			return false;
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
			  struct match_state *st)
{
	const xmlNode *local[16];
	const xmlNode **cand = sel->n <= 16 ? local : xmalloc(sel->n * sizeof *cand);
	size_t i = sel->n - 1; /* the compound being tried */
	cand[i] = element;
	enum match_result result;
	for (;;) {
		/* Try compound i at cand[i]. */
		if (!compound_matches(&sel->compounds[i], cand[i], st)) {
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

/* A match that needs a state (lists remembered, :has()): kept apart so that the
 * common case below is a plain tail call. */
static __attribute__((noinline)) bool match_with_state(const struct css_selector *sel,
						       const xmlNode *element,
						       struct css_match_cache *cache)
{
	struct match_state st;
	memo_init(&st.memo, NULL);
	st.anchor = NULL;
	st.cache = cache;
	bool result = match_complex(sel, element, &st);
	memo_release(&st.memo);
	return result;
}

bool css_selector_matches(const struct css_selector *sel, const xmlNode *element)
{
	return css_selector_matches_cached(sel, element, NULL);
}

bool css_selector_matches_cached(const struct css_selector *sel, const xmlNode *element,
				 struct css_match_cache *cache)
{
	if (!sel || !is_element(element))
		return false;
	if (sel->needs_state)
		return match_with_state(sel, element, cache);
	return match_complex(sel, element, NULL);
}

struct css_match_cache *css_match_cache_new(struct arena *a)
{
	struct css_match_cache *cache = arena_alloc(a, sizeof *cache);
	memo_init(&cache->has, a);
	/* The local slots would move with the struct: start in the arena. */
	cache->has.slots = arena_alloc(a, 64 * sizeof *cache->has.slots);
	cache->has.cap = 64;
	return cache;
}
