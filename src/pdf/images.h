/* Images in the PDF: PNG pixels as image XObjects (alpha as a soft mask), JPEG bytes
 * passed through, SVG pictures drawn by librsvg and brought in as Form XObjects. Each
 * raster image is stored once however often it is drawn; an SVG once per size. */
#ifndef BP_PDF_IMAGES_H
#define BP_PDF_IMAGES_H

struct pdf_writer;
struct pdf_content;
struct pdf_resources;
struct image;

struct pdf_images;

struct pdf_images *pdf_images_new(struct pdf_writer *w, struct pdf_resources *res);
void pdf_images_free(struct pdf_images *im);

/* Draws img stretched into the box (x, y, w, h) of the content's space (CSS px, y down),
 * as image_draw does. 0, or -1 with *why (static) when it cannot be drawn. */
int pdf_images_draw(struct pdf_images *im, struct pdf_content *c, const struct image *img,
		    double x, double y, double w, double h, const char **why);

/* Writes the SVG pictures drawn (their forms were named on the pages already). 0, or
 * -1 with *why: the pictures are then missing from the PDF. */
int pdf_images_finish(struct pdf_images *im, const char **why);

#endif
