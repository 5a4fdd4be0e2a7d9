/* What the image module's files share: the image record, format sniffing, byte sources
 * (files, data: URIs) and the JPEG and SVG readers. Not for use outside src/image/. */
#ifndef BP_IMAGE_PRIVATE_H
#define BP_IMAGE_PRIVATE_H

#include "image/image.h"

#include <stddef.h>
#include <librsvg/rsvg.h>

struct arena;

enum image_format {
	IMAGE_FORMAT_UNKNOWN,
	IMAGE_FORMAT_PNG,
	IMAGE_FORMAT_JPEG,
	IMAGE_FORMAT_SVG,   /* text that starts with '<': only parsing tells */
	IMAGE_FORMAT_OTHER, /* a raster format briefpack does not draw (GIF, WebP, ...) */
};

/* An image, owned by its cache. */
struct image {
	enum image_format format;   /* PNG, JPEG or SVG */
	double width, height;       /* intrinsic size in CSS px, when has_size */
	double ratio;               /* width / height, 0 when unknown */
	bool has_size;              /* width and height are known */
	cairo_surface_t *surface;   /* PNG: the pixels; JPEG: a 1x1 stand-in carrying the JPEG */
	int orientation;            /* JPEG: EXIF orientation 1-8 (1 = as stored) */
	/* SVG: the checked markup, parsed again each time it is drawn. A parsed document
	 * takes a hundred times the memory of its markup, and a long report may hold
	 * hundreds of charts that are each drawn once. */
	const char *svg_text;
	size_t svg_len;
};

/* What a JPEG's headers say. */
struct jpeg_info {
	int width, height; /* pixels as stored, before orientation */
	int components;    /* 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK */
	int orientation;   /* EXIF orientation 1-8, 1 when absent or invalid */
};

/* Which format the bytes look like, from their first bytes; *name gets a name for
 * messages when the format is OTHER. */
enum image_format image_sniff(const unsigned char *data, size_t len, const char **name);

/* Checks a JPEG's marker segments up to the first scan: a baseline, extended or
 * progressive 8-bit frame (what PDF's DCTDecode shows) with 1, 3 or 4 components and a
 * size within the limits. 0, or -1 with a static *why. */
int image_jpeg_read_info(const unsigned char *data, size_t len, struct jpeg_info *info,
			 const char **why);

/* Reads a PNG's IHDR size and checks it against the limits. 0, or -1 with *why. */
int image_png_read_size(const unsigned char *data, size_t len, int *width, int *height,
			const char **why);

/* Reads the file at canonical path into a new malloc'd buffer, refusing what is not a
 * regular file or is over the byte limit. 0, or -1 with *why (static or arena). */
int image_read_path(struct arena *a, const char *path, unsigned char **data, size_t *len,
		    const char **why);

/* Resolves ref against base_dir, only below allowed_dirs (path_resolve_local), and reads
 * it as image_read_path does; *path gets the canonical path (arena). */
int image_read_file(struct arena *a, const char *base_dir, const char *const *allowed_dirs,
		    const char *ref, char **path, unsigned char **data, size_t *len,
		    const char **why);

/* Is src a data: URI (case-insensitive scheme)? */
bool image_is_data_uri(const char *src);

/* Decodes a data: URI's payload (base64 or percent-encoded) into a new malloc'd buffer;
 * the declared media type is ignored, as the bytes say what they are. 0, or -1 with a
 * static *why. */
int image_decode_data_uri(const char *src, unsigned char **data, size_t *len, const char **why);

/* A data: URI holding data as base64, in a new malloc'd string. */
char *image_data_uri_encode(const char *media_type, const unsigned char *data, size_t len);

/* Hex SHA-256 of data, in the arena: content keys and PDF unique ids. */
char *image_content_hash(struct arena *a, const void *data, size_t len);

/* Where SVG references to files resolve (for <image> and <feImage>). */
struct svg_origin {
	const char *base_dir;               /* folder of the SVG or page; NULL: no files read */
	const char *const *allowed_dirs;    /* as for image_load */
	int depth;                          /* SVG images nested this deep already */
};

/* Parses SVG bytes with libxml2 (no network, no DTD, no entity declarations) and
 * writes a sanitised copy for librsvg into *out (malloc'd, NUL-terminated). 0, or -1
 * with *why (static or arena). */
int image_svg_sanitise_bytes(struct arena *a, const unsigned char *data, size_t len,
			     const struct svg_origin *origin, char **out, size_t *out_len,
			     const char **why);

/* The same for an <svg> element already in a tree (inline SVG in HTML). */
int image_svg_sanitise_element(struct arena *a, const xmlNode *svg,
			       const struct svg_origin *origin, char **out, size_t *out_len,
			       const char **why);

/* Gives sanitised SVG text to librsvg (no base file: librsvg reads nothing but data:
 * URIs) and fills img's format, markup (a copy in a) and intrinsic size. 0, or -1
 * with *why. */
int image_svg_open(struct arena *a, const char *text, size_t len, struct image *img,
		   const char **why);

/* Parses sanitised SVG text at 96 dpi; NULL with *error set when it is not SVG. */
RsvgHandle *image_svg_parse(const char *text, size_t len, GError **error);

#endif
