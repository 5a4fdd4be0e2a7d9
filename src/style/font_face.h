/* Reading an @font-face rule's descriptors (CSS Fonts 4, section 4). */
#ifndef BP_STYLE_FONT_FACE_H
#define BP_STYLE_FONT_FACE_H

#include <stddef.h>

struct arena;
struct css_rule;
struct css_node;
struct diag_sink;
struct font_face;

/* Reads `rule` (an @font-face) of the sheet `file`, whose first line is line
 * line_offset + 1 of that file. Returns 0 with *out filled (in `a`), or -1 when
 * the rule has no usable font-family or src (reported: the rule is dropped). A
 * descriptor that is not honoured or has an invalid value gets one warning. */
int font_face_read(struct arena *a, const struct css_rule *rule, const char *file, int line_offset,
		   struct diag_sink *sink, struct font_face *out);

/* unicode-range's value: ranges as first/last pairs in *out (in `a`), their count in
 * *n. Returns -1 when the value is invalid. */
int font_face_unicode_range(struct arena *a, const struct css_node *value, size_t n_value,
			    unsigned **out, size_t *n);

#endif
