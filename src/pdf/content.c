/* A page's content stream: operators written with the graphics state tracked. */
#include "pdf/content.h"
#include "pdf/resources.h"
#include "pdf/writer.h"

#include <string.h>

static const struct content_state UNKNOWN = {
	.fill = { -1, -1, -1 }, .stroke = { -1, -1, -1 }, .line_width = -1, .cap = -1,
	.dashed = true, .alpha = -1,
};

void content_init(struct pdf_content *c, struct pdf_resources *res)
{
	memset(c, 0, sizeof *c);
	c->res = res;
	c->state = UNKNOWN;
}

void content_reset(struct pdf_content *c)
{
	c->b.len = 0;
	if (c->b.data)
		c->b.data[0] = '\0';
	/* A page starts with the default state: black, width 1, butt caps, solid. */
	c->state = (struct content_state){
		.fill = { 0, 0, 0 }, .stroke = { 0, 0, 0 }, .line_width = 1, .cap = 0,
		.dashed = false, .alpha = 255,
	};
	c->depth = 0;
}

void content_free(struct pdf_content *c)
{
	buf_free(&c->b);
}

void content_num(struct pdf_content *c, double v)
{
	pdf_put_num(&c->b, v, 3);
	buf_putc(&c->b, ' ');
}

void content_op(struct pdf_content *c, const char *op)
{
	buf_puts(&c->b, op);
}

void content_save(struct pdf_content *c)
{
	if (c->depth < CONTENT_STATE_DEPTH)
		c->saved[c->depth] = c->state;
	c->depth++;
	content_op(c, "q\n");
}

void content_restore(struct pdf_content *c)
{
	if (c->depth == 0)
		return;
	c->depth--;
	c->state = c->depth < CONTENT_STATE_DEPTH ? c->saved[c->depth] : UNKNOWN;
	content_op(c, "Q\n");
}

void content_transform(struct pdf_content *c, double a, double b, double cc, double d, double e,
		       double f)
{
	pdf_put_num(&c->b, a, 5);
	buf_putc(&c->b, ' ');
	pdf_put_num(&c->b, b, 5);
	buf_putc(&c->b, ' ');
	pdf_put_num(&c->b, cc, 5);
	buf_putc(&c->b, ' ');
	pdf_put_num(&c->b, d, 5);
	buf_putc(&c->b, ' ');
	content_num(c, e);
	content_num(c, f);
	content_op(c, "cm\n");
}

static void set_alpha(struct pdf_content *c, double alpha)
{
	int a = alpha >= 1 ? 255 : alpha <= 0 ? 0 : (int)(alpha * 255 + 0.5);
	if (a == c->state.alpha)
		return;
	c->state.alpha = a;
	buf_putc(&c->b, '/');
	buf_puts(&c->b, resources_alpha(c->res, a));
	content_op(c, " gs\n");
}

void content_alpha(struct pdf_content *c, double alpha)
{
	set_alpha(c, alpha);
}

static bool same_rgb(const double *have, double r, double g, double b)
{
	return have[0] == r && have[1] == g && have[2] == b;
}

static void color(struct pdf_content *c, double *have, double r, double g, double b, const char *op)
{
	if (same_rgb(have, r, g, b))
		return;
	have[0] = r;
	have[1] = g;
	have[2] = b;
	/* Colours come from 8-bit channels: three decimals keep them exact. */
	content_num(c, r);
	content_num(c, g);
	content_num(c, b);
	content_op(c, op);
}

void content_fill_color(struct pdf_content *c, double r, double g, double b, double alpha)
{
	set_alpha(c, alpha);
	color(c, c->state.fill, r, g, b, "rg\n");
}

void content_stroke_color(struct pdf_content *c, double r, double g, double b, double alpha)
{
	set_alpha(c, alpha);
	color(c, c->state.stroke, r, g, b, "RG\n");
}

void content_line_width(struct pdf_content *c, double w)
{
	if (c->state.line_width == w)
		return;
	c->state.line_width = w;
	content_num(c, w);
	content_op(c, "w\n");
}

void content_line_cap(struct pdf_content *c, int cap)
{
	if (c->state.cap == cap)
		return;
	c->state.cap = cap;
	buf_printf(&c->b, "%d J\n", cap);
}

void content_dash(struct pdf_content *c, const double *lengths, int n, double phase)
{
	if (n == 0 && !c->state.dashed)
		return;
	c->state.dashed = n > 0;
	buf_putc(&c->b, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(&c->b, ' ');
		pdf_put_num(&c->b, lengths[i], 3);
	}
	buf_puts(&c->b, "] ");
	content_num(c, phase);
	content_op(c, "d\n");
}

void content_move(struct pdf_content *c, double x, double y)
{
	content_num(c, x);
	content_num(c, y);
	content_op(c, "m\n");
}

void content_line(struct pdf_content *c, double x, double y)
{
	content_num(c, x);
	content_num(c, y);
	content_op(c, "l\n");
}

void content_curve(struct pdf_content *c, double x1, double y1, double x2, double y2, double x3,
		   double y3)
{
	content_num(c, x1);
	content_num(c, y1);
	content_num(c, x2);
	content_num(c, y2);
	content_num(c, x3);
	content_num(c, y3);
	content_op(c, "c\n");
}

void content_rect(struct pdf_content *c, double x, double y, double w, double h)
{
	content_num(c, x);
	content_num(c, y);
	content_num(c, w);
	content_num(c, h);
	content_op(c, "re\n");
}

void content_rounded_rect(struct pdf_content *c, double x, double y, double w, double h, double r)
{
	if (r > w / 2)
		r = w / 2;
	if (r > h / 2)
		r = h / 2;
	if (r <= 0) {
		content_rect(c, x, y, w, h);
		return;
	}
	/* A quarter circle as one Bézier curve: control points k·r from the ends. */
	const double k = 0.5522847498 * r;
	content_move(c, x + r, y);
	content_line(c, x + w - r, y);
	content_curve(c, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
	content_line(c, x + w, y + h - r);
	content_curve(c, x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
	content_line(c, x + r, y + h);
	content_curve(c, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
	content_line(c, x, y + r);
	content_curve(c, x, y + r - k, x + r - k, y, x + r, y);
	content_close(c);
}

void content_rounded_piece(struct pdf_content *c, double x, double y, double w, double h, double r,
			   bool left, bool right, bool closed)
{
	int rounded = (left ? 1 : 0) + (right ? 1 : 0);
	if (rounded > 0 && r > w / rounded)
		r = w / rounded;
	if (r > h / 2)
		r = h / 2;
	if (r < 0)
		r = 0;
	const double k = 0.5522847498 * r;
	double rl = left ? r : 0, rr = right ? r : 0;
	content_move(c, x + rl, y);
	content_line(c, x + w - rr, y);
	if (right) {
		content_curve(c, x + w - rr + k, y, x + w, y + rr - k, x + w, y + rr);
		content_line(c, x + w, y + h - rr);
		content_curve(c, x + w, y + h - rr + k, x + w - rr + k, y + h, x + w - rr, y + h);
	} else if (closed) {
		content_line(c, x + w, y + h);
	} else {
		content_move(c, x + w, y + h);
	}
	content_line(c, x + rl, y + h);
	if (left) {
		content_curve(c, x + rl - k, y + h, x, y + h - rl + k, x, y + h - rl);
		content_line(c, x, y + rl);
		content_curve(c, x, y + rl - k, x + rl - k, y, x + rl, y);
	}
	if (closed)
		content_close(c);
}

void content_close(struct pdf_content *c)
{
	content_op(c, "h\n");
}

void content_fill(struct pdf_content *c)
{
	content_op(c, "f\n");
}

void content_stroke(struct pdf_content *c)
{
	content_op(c, "S\n");
}

void content_clip(struct pdf_content *c)
{
	content_op(c, "W n\n");
}

void content_begin_marked(struct pdf_content *c, const char *tag, const char *properties)
{
	buf_putc(&c->b, '/');
	buf_puts(&c->b, tag);
	if (properties) {
		buf_putc(&c->b, ' ');
		buf_puts(&c->b, properties);
		content_op(c, " BDC\n");
	} else {
		content_op(c, " BMC\n");
	}
}

void content_end_marked(struct pdf_content *c)
{
	content_op(c, "EMC\n");
}

void content_xobject(struct pdf_content *c, const char *name)
{
	buf_putc(&c->b, '/');
	buf_puts(&c->b, name);
	content_op(c, " Do\n");
}
