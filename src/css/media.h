/* Media Queries 4: a media query list read and evaluated for the printed page. */
#ifndef BP_CSS_MEDIA_H
#define BP_CSS_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

struct css_node;

/* What the queries are evaluated against: print media, a colour page. */
struct css_media_env {
	double width, height;               /* the page area of the first page, px */
	double device_width, device_height; /* its page box, px */
};

/* Called once for each thing in a list that is not understood (an unknown feature, a
 * value a feature does not take, a query that is not valid); fmt has one %s, arg. */
typedef void (*css_media_report_fn)(void *ctx, int line, int col, const char *fmt,
				    const char *arg);

/* Does the <media-query-list> in nodes (the prelude of @media, or what follows the
 * URL, layer() and supports() of @import) match? An empty list matches. A query that
 * is not valid matches nothing ("not all"); an unknown feature, or a value a feature
 * does not take, is false (so `not (unknown)` is true, as in Chromium); each is
 * reported. The media type is print: `print` and `all` match, every other type not. */
bool css_media_matches(const struct css_node *nodes, size_t n, const struct css_media_env *env,
		       css_media_report_fn report, void *report_ctx);

#endif
