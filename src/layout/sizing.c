/* Box sizing: box-sizing, min-/max- widths and heights, the replaced-element table. */
#include "layout/sizing.h"

bool sizing_definite(struct dim d, float base, bool base_known, bool border_box, float extras,
		     float *out)
{
	float v;
	if (d.kind == DIM_PX)
		v = d.value;
	else if (d.kind == DIM_PERCENT && base_known)
		v = d.value * (base > 0 ? base : 0) / 100.0f;
	else if (d.kind == DIM_CALC && base_known) /* a percentage and a length */
		v = style_dim_px(d, base > 0 ? base : 0);
	else
		return false;
	if (border_box)
		v -= extras;
	*out = v > 0 ? v : 0;
	return true;
}

struct size_limits sizing_limits(struct dim min, struct dim max, float base, bool base_known,
				 bool border_box, float extras)
{
	struct size_limits lim = { 0, -1 };
	if (!sizing_definite(min, base, base_known, border_box, extras, &lim.min))
		lim.min = 0;
	if (max.kind == DIM_NONE || !sizing_definite(max, base, base_known, border_box, extras, &lim.max))
		lim.max = -1;
	if (lim.max >= 0 && lim.max < lim.min)
		lim.max = lim.min;
	return lim;
}

float sizing_clamp(float size, struct size_limits lim)
{
	if (lim.max >= 0 && size > lim.max)
		size = lim.max;
	if (size < lim.min)
		size = lim.min;
	return size;
}

static float max2(float a, float b)
{
	return a > b ? a : b;
}

static float min2(float a, float b)
{
	return a < b ? a : b;
}

void sizing_replaced(float w, float h, struct size_limits lw, struct size_limits lh, float *out_w,
		     float *out_h)
{
	/* "none" is infinitely large; the limits already have max >= min. */
	float max_w = lw.max >= 0 ? lw.max : 1e30f, max_h = lh.max >= 0 ? lh.max : 1e30f;
	float min_w = lw.min, min_h = lh.min;
	if (w <= 0 || h <= 0) { /* no ratio to keep */
		*out_w = sizing_clamp(w, lw);
		*out_h = sizing_clamp(h, lh);
		return;
	}
	bool w_over = w > max_w, w_under = w < min_w;
	bool h_over = h > max_h, h_under = h < min_h;
	float rw = w, rh = h;
	if (w_over && h_over) {
		if (max_w / w <= max_h / h) {
			rw = max_w;
			rh = max2(min_h, max_w * h / w);
		} else {
			rw = max2(min_w, max_h * w / h);
			rh = max_h;
		}
	} else if (w_under && h_under) {
		if (min_w / w <= min_h / h) {
			rw = min2(max_w, min_h * w / h);
			rh = min_h;
		} else {
			rw = min_w;
			rh = min2(max_h, min_w * h / w);
		}
	} else if (w_under && h_over) {
		rw = min_w;
		rh = max_h;
	} else if (w_over && h_under) {
		rw = max_w;
		rh = min_h;
	} else if (w_over) {
		rw = max_w;
		rh = max2(max_w * h / w, min_h);
	} else if (w_under) {
		rw = min_w;
		rh = min2(min_w * h / w, max_h);
	} else if (h_over) {
		rw = max2(max_h * w / h, min_w);
		rh = max_h;
	} else if (h_under) {
		rw = min2(min_h * w / h, max_w);
		rh = min_h;
	}
	*out_w = rw;
	*out_h = rh;
}
