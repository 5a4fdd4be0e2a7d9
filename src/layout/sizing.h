/* Box sizing: box-sizing and the min-/max- constraints on widths and heights (CSS 2.1
 * sections 10.4 and 10.7, CSS Sizing 3), as pure functions of resolved numbers. */
#ifndef BP_LAYOUT_SIZING_H
#define BP_LAYOUT_SIZING_H

#include <stdbool.h>

#include "style/style.h"

/* A box's limits on one axis, for its content box: max < 0 means none. */
struct size_limits {
	float min, max;
};

/* The content-box size a width or height gives: px, or a percentage of base when
 * base_known; border_box takes `extras` (padding and border on that axis) off, never
 * below 0. False when the size is auto or its percentage cannot be resolved. */
bool sizing_definite(struct dim d, float base, bool base_known, bool border_box, float extras,
		     float *out);

/* The min-/max- pair of an axis, resolved as sizing_definite does; a percentage that
 * cannot be resolved makes min 0 and max none. A max below the min is the min. */
struct size_limits sizing_limits(struct dim min, struct dim max, float base, bool base_known,
				 bool border_box, float extras);

/* A tentative size clamped: by the max first, then the min, which wins (10.4, 10.7). */
float sizing_clamp(float size, struct size_limits lim);

/* A replaced element with an intrinsic ratio whose width and height are both auto:
 * the size w x h its ratio gives, brought within both axes' limits keeping that ratio
 * where it can (the table of CSS 2.1 section 10.4). */
void sizing_replaced(float w, float h, struct size_limits lw, struct size_limits lh, float *out_w,
		     float *out_h);

#endif
