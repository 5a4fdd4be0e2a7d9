/* A page's content stream being written: paths, colours, line styles, marked
 * content, with the graphics state tracked so that nothing is set twice. Units are
 * whatever the current transformation makes them (CSS px, y down, on our pages). */
#ifndef BP_PDF_CONTENT_H
#define BP_PDF_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct pdf_resources;

enum { CONTENT_STATE_DEPTH = 32 }; /* q nesting tracked; deeper saves are refused */

/* What the stream has set, so that the same value is not written again. */
struct content_state {
	double fill[3], stroke[3];  /* RGB, 0..1; -1 when unknown */
	double line_width;          /* -1 when unknown */
	int cap;                    /* line cap, -1 when unknown */
	bool dashed;                /* a dash pattern is set */
	int alpha;                  /* the ExtGState in force: alpha * 255 (fill), -1 unknown */
};

struct pdf_content {
	struct buf b;                /* the operators */
	struct pdf_resources *res;   /* where ExtGStates are named */
	struct content_state state;  /* in force now */
	struct content_state saved[CONTENT_STATE_DEPTH];
	int depth;                   /* q not yet matched by Q */
};

void content_init(struct pdf_content *c, struct pdf_resources *res);
/* Empties the stream for a new page (the state is unknown again). */
void content_reset(struct pdf_content *c);
void content_free(struct pdf_content *c);

/* A number and a space. */
void content_num(struct pdf_content *c, double v);
/* Operators as they are ("re f\n"): with their operands before them. */
void content_op(struct pdf_content *c, const char *op);

void content_save(struct pdf_content *c);
void content_restore(struct pdf_content *c);
/* Concatenates a matrix (a b c d e f) to the transformation. */
void content_transform(struct pdf_content *c, double a, double b, double cc, double d, double e,
		       double f);

/* Colours, 0..1 each; alpha below 1 selects an ExtGState (for fills and strokes alike). */
void content_fill_color(struct pdf_content *c, double r, double g, double b, double alpha);
void content_stroke_color(struct pdf_content *c, double r, double g, double b, double alpha);
/* The alpha of what is drawn next (an image): an ExtGState, as the colours select. */
void content_alpha(struct pdf_content *c, double alpha);
void content_line_width(struct pdf_content *c, double w);
/* 0 butt, 1 round, 2 square. */
void content_line_cap(struct pdf_content *c, int cap);
/* n lengths (0: solid). */
void content_dash(struct pdf_content *c, const double *lengths, int n, double phase);

void content_move(struct pdf_content *c, double x, double y);
void content_line(struct pdf_content *c, double x, double y);
void content_curve(struct pdf_content *c, double x1, double y1, double x2, double y2, double x3,
		   double y3);
void content_rect(struct pdf_content *c, double x, double y, double w, double h);
/* A rectangle with corners of radius r (clamped to half the sides). */
void content_rounded_rect(struct pdf_content *c, double x, double y, double w, double h, double r);
/* A piece of a rounded rectangle cut at its left and/or right side (an inline box
 * split across lines): corners rounded only on the sides it has. closed: the whole
 * outline, to fill; else only its sides, to stroke (none where it is cut). */
void content_rounded_piece(struct pdf_content *c, double x, double y, double w, double h, double r,
			   bool left, bool right, bool closed);
void content_close(struct pdf_content *c);
void content_fill(struct pdf_content *c);
void content_stroke(struct pdf_content *c);
/* The path becomes the clip (W n). */
void content_clip(struct pdf_content *c);

/* Marked content: BDC with a tag and a property list ("<</MCID 3>>"), and EMC. */
void content_begin_marked(struct pdf_content *c, const char *tag, const char *properties);
void content_end_marked(struct pdf_content *c);

/* Draws XObject `name` (a resource name without '/'). */
void content_xobject(struct pdf_content *c, const char *name);

#endif
