/* Selectors: parsing a rule's prelude into selectors, specificity, and matching
 * against elements of a libxml2 tree (HTML: names compared case-insensitively). */
#ifndef BP_CSS_SELECT_H
#define BP_CSS_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

struct arena;
struct css_node;

enum css_pseudo_element {
	CSS_PSEUDO_NONE,
	CSS_PSEUDO_BEFORE, /* ::before and :before */
	CSS_PSEUDO_AFTER,  /* ::after and :after */
	CSS_PSEUDO_MARKER, /* ::marker */
	CSS_PSEUDO_FIRST_LETTER, /* ::first-letter and :first-letter */
	CSS_PSEUDO_FIRST_LINE,   /* ::first-line and :first-line */
};
enum { CSS_PSEUDO_COUNT = CSS_PSEUDO_FIRST_LINE + 1 };

struct css_selector; /* one complex selector */

/* Parses a comma-separated selector list. On success returns 0 and an arena array of
 * *count selectors; on failure (anything unsupported or invalid makes the whole list
 * invalid, as CSS says) returns -1 and sets *why to a short explanation. */
int css_selector_parse_list(struct arena *a, const struct css_node *prelude, size_t n,
			    struct css_selector ***out, size_t *count, const char **why);

/* CSS Nesting. A css_nest is what '&' stands for in the rules nested in one style
 * rule: :is(its selectors), those with a pseudo-element left out, with the
 * specificity of the most specific. css_selector_parse_nested parses a nested rule's
 * selectors: '&' anywhere, and one without '&' or starting with a combinator is
 * relative to the parent ("h2" is "& h2", "> p" is "& > p"). css_selector_parse_list
 * (top level) reads '&' as the root, with no specificity. Lists point at their
 * parent's list; nothing is multiplied out. */
struct css_nest;
struct css_nest *css_nest_make(struct arena *a, struct css_selector *const *sels, size_t n);
int css_selector_parse_nested(struct arena *a, const struct css_node *prelude, size_t n,
			      const struct css_nest *parent, struct css_selector ***out,
			      size_t *count, const char **why);

/* Specificity packed as a*2^20 + b*2^10 + c (each part capped at 1023). */
unsigned css_selector_specificity(const struct css_selector *sel);
enum css_pseudo_element css_selector_pseudo(const struct css_selector *sel);

/* The rightmost compound's type name (lower case) or NULL, and its id or NULL, and its
 * first class or NULL: lets the cascade index rules and test only likely ones. */
const char *css_selector_key_tag(const struct css_selector *sel);
const char *css_selector_key_id(const struct css_selector *sel);
const char *css_selector_key_class(const struct css_selector *sel);

/* Does the element match (ignoring the pseudo-element part)? */
bool css_selector_matches(const struct css_selector *sel, const xmlNode *element);

/* Answers of :has() per element, kept for one document while its tree does not
 * change (the cascade asks about an ancestor for each of its descendants). Lives in
 * the arena. css_selector_matches_cached is css_selector_matches using it. */
struct css_match_cache;
struct css_match_cache *css_match_cache_new(struct arena *a);
bool css_selector_matches_cached(const struct css_selector *sel, const xmlNode *element,
				 struct css_match_cache *cache);

#endif
