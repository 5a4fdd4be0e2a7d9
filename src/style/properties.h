/* CSS properties: each declaration's value applied to a computed style. */
#ifndef BP_STYLE_PROPERTIES_H
#define BP_STYLE_PROPERTIES_H

#include <stdbool.h>

struct arena;
struct css_decl;
struct style;

enum property_phase {
	PHASE_FONT_SIZE, /* font-size and the font shorthand, applied first for em units */
	PHASE_OTHER,     /* everything else */
};

/* What relative values resolve against while one element's style is computed. */
struct property_context {
	struct arena *arena;        /* where content lists and strings go */
	const struct style *parent; /* the parent's computed style (never NULL: root uses initial) */
	const struct style *initial;/* initial values */
	float root_font_size;       /* px, for rem */
	enum property_phase phase;  /* which half of the font shorthand applies now */
};

/* The CSS-wide keywords, when one is a declaration's whole value. */
enum property_keyword { PK_NONE, PK_INHERIT, PK_INITIAL, PK_UNSET, PK_REVERT, PK_REVERT_LAYER };

/* Is the declaration known at all (a property we honour)? */
bool property_is_known(const char *name);
/* Which phase the declaration belongs to. */
enum property_phase property_phase(const struct css_decl *decl);
/* Does the declaration apply in this phase? font and all apply in both: the font size
 * in the first, everything else in the second. */
bool property_in_phase(const struct css_decl *decl, enum property_phase phase);
/* Which CSS-wide keyword the declaration's value is, if it is one. */
enum property_keyword property_keyword(const struct css_decl *decl);
/* Copies from src to dst the fields the property `name` sets (in this phase, for font
 * and all): what rolling a property back to an earlier origin or layer copies. */
void property_copy(const char *name, enum property_phase phase, struct style *dst,
		   const struct style *src);
/* Applies decl to s. Returns 0, or -1 if the value is invalid (s unchanged for that
 * property); the caller reports. */
int property_apply(const struct property_context *ctx, struct style *s, const struct css_decl *decl);
/* When the declaration (already applied) holds a value the engine takes but does not
 * honour as a browser does: what is done instead, and the keyword in *keyword (NULL
 * when the text says which values: "below 1 is ..."). */
const char *property_approximation(const struct css_decl *decl, const char **keyword);
/* Fills s with CSS initial values (font from the UA defaults). */
void property_initial(struct style *s);
/* Gives the colours that are currentcolor the element's final `color` (once every
 * declaration is applied). Border and column rule colours keep their flag instead. */
void property_resolve_current_color(struct style *s);
/* Resets the non-inherited part of s to initial values. */
void property_reset_non_inherited(struct style *s, const struct style *initial);

#endif
