/* Images for <img> and inline <svg>: PNG, JPEG (passed through to the PDF unchanged) and
 * SVG (drawn as vectors by librsvg), loaded once per document job and drawn with Cairo. */
#ifndef BP_IMAGE_H
#define BP_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <cairo.h>
#include <libxml/tree.h>

/* Ownership: a cache belongs to one document job and to one thread at a time; it owns
 * every image it returned and every reason string it set, until image_cache_free. Caches
 * share nothing, so two jobs may load and draw images from two threads at once. Cairo
 * keeps what a PDF surface still needs, so a cache may be freed before the surface is
 * finished. */
struct image_cache;
struct image;

/* Largest image file or decoded data: URI, in bytes. */
#define IMAGE_MAX_BYTES (50L * 1024 * 1024)
/* Largest declared size of a raster image: pixels a side, and pixels in all. */
#define IMAGE_MAX_SIDE 40000
#define IMAGE_MAX_PIXELS 100000000.0

struct image_cache *image_cache_new(void);
void image_cache_free(struct image_cache *c);

/* Loads an <img src>: a PNG, JPEG or SVG file, or a data: URI (base64 or percent-encoded)
 * holding one. Files are resolved against base_dir and read only below allowed_dirs
 * (NULL-terminated; NULL means base_dir alone); the network is never used. The same file
 * or URI is loaded once per cache, and a failure is remembered too. On success returns 0
 * and the image in *out. On failure returns -1 with *why set to a short reason (owned by
 * the cache) and reports nothing: the caller knows the element's line. */
int image_load(struct image_cache *c, const char *base_dir, const char *const *allowed_dirs,
	       const char *src, struct image **out, const char **why);

/* An inline <svg> element of an HTML tree, as libxml2's HTML parser or libxslt makes it
 * (elements and attributes with or without the SVG namespace, names possibly lowercased):
 * serialised with the SVG namespace and given to librsvg. <image> references to files
 * are resolved against base_dir below allowed_dirs as for image_load; base_dir NULL means
 * no file is read. Returns 0 or -1 with *why as image_load does. */
int image_from_svg_element(struct image_cache *c, const xmlNode *svg, const char *base_dir,
			   const char *const *allowed_dirs, struct image **out, const char **why);

/* Intrinsic size in CSS px (96 per inch; a raster image's pixels, after a JPEG's EXIF
 * orientation) and whether there is one: an SVG may have only a ratio from its viewBox,
 * or nothing at all. ratio = width / height, 0 when unknown. Any pointer may be NULL. */
void image_intrinsic_size(const struct image *img, double *width, double *height, double *ratio,
			  bool *has_size);

/* Draws the image stretched into the box (x, y, w, h) of cr's user space, whose units
 * are CSS px. PNG: an image surface. JPEG: the original bytes go into a PDF (or PS/SVG)
 * surface as they are; other targets show a grey box. SVG: vectors, text as text, scaled
 * as the SVG's own preserveAspectRatio says. cr's state is left as it was. */
void image_draw(const struct image *img, cairo_t *cr, double x, double y, double w, double h);

/* "image/png", "image/jpeg" or "image/svg+xml". */
const char *image_type(const struct image *img);

/* What a PDF writer needs of a raster image. PNG: its pixels (a Cairo image surface,
 * ARGB32 premultiplied or RGB24). JPEG: the file's bytes (drawn as they are), its size
 * as stored and its colour components (1, 3 or 4). Returns false for other formats. */
bool image_png_pixels(const struct image *img, cairo_surface_t **pixels);
bool image_jpeg_bytes(const struct image *img, const unsigned char **data, size_t *len,
		      int *width, int *height, int *components);
/* The matrix (a b c d e f, as cairo_matrix_t) that maps the unit square of the stored
 * pixels (u right, v down, the first row at v = 0) onto the box (x, y, w, h), turned
 * as a JPEG's EXIF orientation says. */
void image_unit_square(const struct image *img, double x, double y, double w, double h,
		       cairo_matrix_t *m);

/* SVG pictures drawn by librsvg into one PDF in memory, a page each, for the PDF writer
 * to bring in as Form XObjects (pdf_import_pages): the fonts they use are subset once
 * for all of them, and text stays text. A book belongs to one document. */
struct image_svg_book;
struct image_svg_book *image_svg_book_new(void);
void image_svg_book_free(struct image_svg_book *b);
/* Draws img as the next page, width x height points: the caller passes the box in CSS
 * px times 0.75; the SVG is fitted (as its preserveAspectRatio says) into a viewport of
 * width / 0.75 x height / 0.75 CSS px drawn at a scale of 0.75, so it comes out as
 * image_draw would draw it into that box. 0 when it is drawn; else -1 with a static
 * *why, and a page may have been added all the same (once drawing began): count the
 * pages to keep pages and pictures in step. */
int image_svg_book_add(struct image_svg_book *b, const struct image *img, double width,
		       double height, const char **why);
size_t image_svg_book_pages(const struct image_svg_book *b);
/* Ends the book: its PDF (owned by the book), or -1 with *why. No page can be added
 * after. */
int image_svg_book_finish(struct image_svg_book *b, const unsigned char **pdf, size_t *len,
			  const char **why);

#endif
