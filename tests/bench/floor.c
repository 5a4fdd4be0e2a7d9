/* The benchmark's floor: the least work any layout engine on Pango and Cairo must do
 * for a page of text. It reads paragraphs already cut out of the HTML (by
 * floor-text.py: one per line, each with its x offset, width and font), makes one
 * PangoLayout per paragraph with word wrapping at that width, stacks them down A4
 * pages of a Cairo PDF surface, and writes "Page N" at each page's foot. No parsing of
 * HTML or CSS, no cascade, no boxes, no images, no borders, no outline, no links.
 *
 * Input lines: FLAG TAB X TAB WIDTH TAB FONT TAB TEXT, where FLAG is "." for a new
 * block below the previous one and "+" for a cell in the same row as the previous
 * line; X and WIDTH are points from the left margin; FONT is a Pango font
 * description ("Liberation Sans Bold 16").
 *
 * Usage: floor IN.txt OUT.pdf */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* getline, strsep */
#endif
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276     /* A4, points */
#define PAGE_H 841.890
#define MARGIN_TOP 56.693  /* 20 mm */
#define MARGIN_SIDE 45.354 /* 16 mm */
#define MARGIN_BOTTOM 62.362 /* 22 mm */
#define LINE_SPACING 1.2f  /* the pages' line-height, 1.4em, over Liberation Sans' 1.15em font height */

#define MAX_CELLS 64       /* paragraphs side by side in one row */

struct cell {
	PangoLayout *layout;
	double x;              /* points from the left margin */
};

struct floor {
	cairo_t *cr;
	PangoContext *context;
	PangoLayout *footer;   /* "Page N", drawn at each page's foot */
	int page;              /* current page, from 1 */
	double y;              /* top of the next row, points from the page top */
	struct cell row[MAX_CELLS]; /* the row being gathered */
	int cells;             /* how many of row are in use */
};

static void finish_page(struct floor *f)
{
	char label[32];
	int w, h;

	snprintf(label, sizeof label, "Page %d", f->page);
	pango_layout_set_text(f->footer, label, -1);
	pango_layout_get_size(f->footer, &w, &h);
	cairo_move_to(f->cr, (PAGE_W - (double)w / PANGO_SCALE) / 2,
		      PAGE_H - MARGIN_BOTTOM + 20);
	pango_cairo_show_layout(f->cr, f->footer);
	cairo_show_page(f->cr);
	f->page++;
	f->y = MARGIN_TOP;
}

/* Draws the gathered row below the previous one, on a new page if it does not fit. */
static void finish_row(struct floor *f)
{
	double height = 0;
	int k, w, h;

	for (k = 0; k < f->cells; k++) {
		pango_layout_get_size(f->row[k].layout, &w, &h);
		if ((double)h / PANGO_SCALE > height)
			height = (double)h / PANGO_SCALE;
	}
	if (f->y + height > PAGE_H - MARGIN_BOTTOM && f->y > MARGIN_TOP)
		finish_page(f);
	for (k = 0; k < f->cells; k++) {
		cairo_move_to(f->cr, MARGIN_SIDE + f->row[k].x, f->y);
		pango_cairo_show_layout(f->cr, f->row[k].layout);
		g_object_unref(f->row[k].layout);
	}
	f->y += height;
	f->cells = 0;
}

/* One paragraph: a layout of its own, wrapped at width, added to the row. */
static void paragraph(struct floor *f, int same_row, double x, double width,
		      const char *font, const char *text)
{
	PangoLayout *layout = pango_layout_new(f->context);
	PangoFontDescription *desc = pango_font_description_from_string(font);

	pango_layout_set_font_description(layout, desc);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_line_spacing(layout, LINE_SPACING);
	pango_layout_set_text(layout, text, -1);
	pango_font_description_free(desc);

	if ((!same_row && f->cells > 0) || f->cells == MAX_CELLS)
		finish_row(f);
	f->row[f->cells].layout = layout;
	f->row[f->cells].x = x;
	f->cells++;
}

int main(int argc, char **argv)
{
	FILE *in;
	cairo_surface_t *surface;
	struct floor f = { 0 };
	PangoFontDescription *footer_font;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: floor IN.txt OUT.pdf\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	surface = cairo_pdf_surface_create(argv[2], PAGE_W, PAGE_H);
	f.cr = cairo_create(surface);
	f.context = pango_cairo_create_context(f.cr);
	pango_cairo_context_set_resolution(f.context, 72); /* font sizes in PDF points */
	f.footer = pango_layout_new(f.context);
	footer_font = pango_font_description_from_string("Liberation Sans 9");
	pango_layout_set_font_description(f.footer, footer_font);
	f.page = 1;
	f.y = MARGIN_TOP;

	while ((len = getline(&line, &cap, in)) > 0) {
		char *field[5];
		char *p = line;
		int n;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		for (n = 0; n < 5 && p; n++)
			field[n] = strsep(&p, n < 4 ? "\t" : "");
		if (n < 5 || !field[4]) {
			fprintf(stderr, "%s: malformed line\n", argv[1]);
			status = 1;
			break;
		}
		paragraph(&f, field[0][0] == '+', strtod(field[1], NULL), strtod(field[2], NULL),
			  field[3], field[4]);
	}
	finish_row(&f);
	finish_page(&f);

	free(line);
	fclose(in);
	pango_font_description_free(footer_font);
	g_object_unref(f.footer);
	g_object_unref(f.context);
	cairo_destroy(f.cr);
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "%s: %s\n", argv[2],
			cairo_status_to_string(cairo_surface_status(surface)));
		status = 1;
	}
	cairo_surface_destroy(surface);
	return status;
}
