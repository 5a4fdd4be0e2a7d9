/* The image cache of a document job: loading <img> sources and inline SVG once each,
 * intrinsic sizes, and drawing PNG, JPEG (passed through) and SVG (vectors) with Cairo. */
#include "image/image_private.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/paths.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One source the cache has seen: a file, a data: URI or an inline SVG. */
struct cache_entry {
	const char *key;     /* canonical path, or "data:"/"svg:" and a SHA-256 (arena) */
	struct image *image; /* NULL when loading failed */
	const char *why;     /* the failure's reason */
};

struct image_cache {
	struct arena *arena;          /* keys, paths and reasons */
	struct cache_entry *entries;  /* in the order first seen */
	size_t count, cap;
};

struct image_cache *image_cache_new(void)
{
	struct image_cache *c = xcalloc(1, sizeof *c);
	c->arena = arena_new();
	return c;
}

static void image_free(struct image *img)
{
	if (!img)
		return;
	if (img->surface)
		cairo_surface_destroy(img->surface);
	free(img);
}

void image_cache_free(struct image_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++)
		image_free(c->entries[i].image);
	free(c->entries);
	arena_free(c->arena);
	free(c);
}

static struct cache_entry *cache_find(struct image_cache *c, const char *key)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->entries[i].key, key) == 0)
			return &c->entries[i];
	return NULL;
}

/* Remembers the outcome for key (img NULL: failed with why) and returns it as
 * image_load does. Takes img. */
static int cache_remember(struct image_cache *c, const char *key, struct image *img,
			  const char *why, struct image **out, const char **why_out)
{
	if (c->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->entries = xrealloc(c->entries, c->cap * sizeof *c->entries);
	}
	c->entries[c->count++] = (struct cache_entry){ arena_strdup(c->arena, key), img, why };
	*out = img;
	if (!img)
		*why_out = why;
	return img ? 0 : -1;
}

static int answer(const struct cache_entry *e, struct image **out, const char **why)
{
	*out = e->image;
	if (!e->image)
		*why = e->why;
	return e->image ? 0 : -1;
}

/* Reads a PNG from memory for Cairo. */
struct png_reader {
	const unsigned char *data; /* the whole file */
	size_t len, pos;
};

static cairo_status_t read_png_bytes(void *closure, unsigned char *out, unsigned int n)
{
	struct png_reader *r = closure;
	if (r->len - r->pos < n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, r->data + r->pos, n);
	r->pos += n;
	return CAIRO_STATUS_SUCCESS;
}

/* A Cairo mime-data copy of a string, which the surface frees. */
static void attach_unique_id(cairo_surface_t *surface, const char *kind, const char *hash)
{
	size_t n = strlen(kind) + strlen(hash) + 2;
	char *id = xmalloc(n);
	snprintf(id, n, "%s-%s", kind, hash);
	cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_UNIQUE_ID, (unsigned char *)id,
				    strlen(id), free, id);
}

static int open_png(struct image_cache *c, const unsigned char *data, size_t len,
		    struct image *img, const char **why)
{
	int width, height;
	if (image_png_read_size(data, len, &width, &height, why) < 0)
		return -1;
	struct png_reader reader = { data, len, 0 };
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png_bytes, &reader);
	cairo_status_t st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		*why = st == CAIRO_STATUS_NO_MEMORY ? "PNG too large to decode"
						    : "corrupt PNG: it cannot be decoded";
		return -1;
	}
	/* The same pixels drawn twice, even from two sources, go into the PDF once. */
	attach_unique_id(s, "png", image_content_hash(c->arena, data, len));
	img->format = IMAGE_FORMAT_PNG;
	img->surface = s;
	img->width = cairo_image_surface_get_width(s);
	img->height = cairo_image_surface_get_height(s);
	img->ratio = img->width / img->height;
	img->has_size = true;
	return 0;
}

/* Cairo 1.16's PDF backend writes an image surface that carries CAIRO_MIME_TYPE_JPEG as
 * that JPEG, with the JPEG's own width and height, and maps it onto the surface's
 * extent; the pixels are never looked at. So a 1x1 surface stands in for the photo:
 * drawn scaled to the box, the PDF gets the original bytes (pdfimages -list: "jpeg",
 * full size) without a width x height x 4 decode. The pixel is grey, which is what
 * raster targets, which ignore mime data, show. */
static int open_jpeg(struct image_cache *c, unsigned char *data, size_t len, struct image *img,
		     const char **why)
{
	struct jpeg_info info;
	if (image_jpeg_read_info(data, len, &info, why) < 0)
		return -1;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	cairo_surface_flush(s);
	*(uint32_t *)(void *)cairo_image_surface_get_data(s) = 0xffc0c0c0;
	cairo_surface_mark_dirty(s);
	const char *hash = image_content_hash(c->arena, data, len);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len, free, data);
	attach_unique_id(s, "jpeg", hash);
	img->format = IMAGE_FORMAT_JPEG;
	img->surface = s;
	img->orientation = info.orientation;
	bool turned = info.orientation >= 5; /* rotated by a quarter turn, or transposed */
	img->width = turned ? info.height : info.width;
	img->height = turned ? info.width : info.height;
	img->ratio = img->width / img->height;
	img->has_size = true;
	return 0;
}

/* Makes an image of bytes (taken) that came from a file in folder dir (NULL for data:). */
static int open_bytes(struct image_cache *c, unsigned char *data, size_t len, const char *dir,
		      const char *const *allowed_dirs, struct image **out, const char **why)
{
	struct image *img = xcalloc(1, sizeof *img);
	const char *name;
	int status = -1;
	switch (image_sniff(data, len, &name)) {
	case IMAGE_FORMAT_PNG:
		status = open_png(c, data, len, img, why);
		break;
	case IMAGE_FORMAT_JPEG:
		status = open_jpeg(c, data, len, img, why);
		if (status == 0)
			data = NULL; /* the stand-in surface owns the bytes now */
		break;
	case IMAGE_FORMAT_SVG: {
		struct svg_origin origin = { dir, allowed_dirs, 0 };
		char *text;
		size_t text_len;
		status = image_svg_sanitise_bytes(c->arena, data, len, &origin, &text, &text_len,
						  why);
		if (status == 0) {
			status = image_svg_open(c->arena, text, text_len, img, why);
			free(text);
		}
		break;
	}
	case IMAGE_FORMAT_OTHER:
		*why = arena_printf(c->arena, "%s images are not drawn (PNG, JPEG and SVG are)",
				    name);
		break;
	case IMAGE_FORMAT_UNKNOWN:
		*why = len ? "not a PNG, JPEG or SVG image" : "empty file";
		break;
	}
	free(data);
	if (status < 0) {
		image_free(img);
		return -1;
	}
	*out = img;
	return 0;
}

int image_load(struct image_cache *c, const char *base_dir, const char *const *allowed_dirs,
	       const char *src, struct image **out, const char **why)
{
	unsigned char *data = NULL;
	size_t len = 0;
	const char *key, *dir = NULL, *reason = NULL;
	struct image *img = NULL;
	*out = NULL;
	if (!src || !*src) {
		*why = "no image source";
		return -1;
	}
	if (image_is_data_uri(src)) {
		const char *hash = image_content_hash(c->arena, src, strlen(src));
		key = arena_printf(c->arena, "data:%s", hash);
		const struct cache_entry *e = cache_find(c, key);
		if (e)
			return answer(e, out, why);
		if (image_decode_data_uri(src, &data, &len, &reason) < 0)
			return cache_remember(c, key, NULL, reason, out, why);
	} else {
		char *path;
		/* Refusals before the file is known (outside the folders, no such file,
		 * network URLs) are not remembered: they cost nothing to repeat. */
		if (path_resolve_local(c->arena, base_dir, allowed_dirs, src, &path, why) < 0)
			return -1;
		key = path;
		const struct cache_entry *e = cache_find(c, key);
		if (e)
			return answer(e, out, why);
		if (image_read_path(c->arena, path, &data, &len, &reason) < 0)
			return cache_remember(c, key, NULL, reason, out, why);
		char *slash = strrchr(path, '/');
		dir = slash == path ? "/" : arena_strndup(c->arena, path, (size_t)(slash - path));
	}
	if (open_bytes(c, data, len, dir, allowed_dirs, &img, &reason) < 0)
		img = NULL;
	return cache_remember(c, key, img, reason, out, why);
}

int image_from_svg_element(struct image_cache *c, const xmlNode *svg, const char *base_dir,
			   const char *const *allowed_dirs, struct image **out, const char **why)
{
	struct svg_origin origin = { base_dir, allowed_dirs, 0 };
	char *text;
	size_t len;
	*out = NULL;
	if (image_svg_sanitise_element(c->arena, svg, &origin, &text, &len, why) < 0)
		return -1;
	/* Same markup, same images inlined: the same picture (repeated icons, or the
	 * same element met again by a second layout pass). */
	const char *key = arena_printf(c->arena, "svg:%s", image_content_hash(c->arena, text, len));
	const struct cache_entry *e = cache_find(c, key);
	if (e) {
		free(text);
		return answer(e, out, why);
	}
	struct image *img = xcalloc(1, sizeof *img);
	const char *reason = NULL;
	if (image_svg_open(c->arena, text, len, img, &reason) < 0) {
		image_free(img);
		img = NULL;
	}
	free(text);
	return cache_remember(c, key, img, reason, out, why);
}

void image_intrinsic_size(const struct image *img, double *width, double *height, double *ratio,
			  bool *has_size)
{
	if (width)
		*width = img->width;
	if (height)
		*height = img->height;
	if (ratio)
		*ratio = img->ratio;
	if (has_size)
		*has_size = img->has_size;
}

const char *image_type(const struct image *img)
{
	switch (img->format) {
	case IMAGE_FORMAT_PNG: return "image/png";
	case IMAGE_FORMAT_JPEG: return "image/jpeg";
	default: return "image/svg+xml";
	}
}

/* Maps the unit square of the stored JPEG onto the box, turned as its EXIF orientation
 * says (1 as stored, 2 mirrored, 3 half a turn, 4 flipped, 5 transposed, 6 a quarter
 * turn clockwise, 7 transversed, 8 a quarter turn anticlockwise). */
static void orient_unit_square(cairo_matrix_t *m, int orientation, double x, double y,
			       double w, double h)
{
	/* Display (s, t) in the unit square from stored (u, v):
	 * s = su*u + sv*v + s0, t = tu*u + tv*v + t0. */
	static const signed char table[8][6] = {
		{ 1, 0, 0, 0, 1, 0 },	{ -1, 0, 1, 0, 1, 0 }, { -1, 0, 1, 0, -1, 1 },
		{ 1, 0, 0, 0, -1, 1 },	{ 0, 1, 0, 1, 0, 0 },  { 0, -1, 1, 1, 0, 0 },
		{ 0, -1, 1, -1, 0, 1 }, { 0, 1, 0, -1, 0, 1 },
	};
	const signed char *o = table[orientation >= 1 && orientation <= 8 ? orientation - 1 : 0];
	/* X = x + w*s, Y = y + h*t; cairo: X = xx*u + xy*v + x0, Y = yx*u + yy*v + y0. */
	cairo_matrix_init(m, w * o[0], h * o[3], w * o[1], h * o[4], x + w * o[2], y + h * o[5]);
}

bool image_png_pixels(const struct image *img, cairo_surface_t **pixels)
{
	if (!img || img->format != IMAGE_FORMAT_PNG)
		return false;
	*pixels = img->surface;
	return true;
}

bool image_jpeg_bytes(const struct image *img, const unsigned char **data, size_t *len,
		      int *width, int *height, int *components)
{
	if (!img || img->format != IMAGE_FORMAT_JPEG)
		return false;
	unsigned long n = 0;
	cairo_surface_get_mime_data(img->surface, CAIRO_MIME_TYPE_JPEG, data, &n);
	struct jpeg_info info;
	const char *why;
	if (!*data || image_jpeg_read_info(*data, n, &info, &why) < 0)
		return false;
	*len = n;
	*width = info.width;
	*height = info.height;
	*components = info.components;
	return true;
}

void image_unit_square(const struct image *img, double x, double y, double w, double h,
		       cairo_matrix_t *m)
{
	orient_unit_square(m, img && img->format == IMAGE_FORMAT_JPEG ? img->orientation : 1, x, y,
			   w, h);
}

void image_draw(const struct image *img, cairo_t *cr, double x, double y, double w, double h)
{
	if (!img || !(w > 0) || !(h > 0))
		return;
	cairo_save(cr);
	if (img->format == IMAGE_FORMAT_SVG) {
		RsvgRectangle viewport = { x, y, w, h };
		GError *error = NULL;
		RsvgHandle *handle = image_svg_parse(img->svg_text, img->svg_len, &error);
		/* librsvg fits the document into the viewport as its preserveAspectRatio
		 * says; a failure here (a cairo error) leaves the box empty. */
		if (handle && !rsvg_handle_render_document(handle, cr, &viewport, &error))
			g_clear_error(&error);
		g_clear_error(&error);
		if (handle)
			g_object_unref(handle);
	} else {
		/* Surface space onto the box; a PNG's pixels, or the JPEG's 1x1 stand-in. */
		int pw = cairo_image_surface_get_width(img->surface);
		int ph = cairo_image_surface_get_height(img->surface);
		cairo_matrix_t m;
		if (img->format == IMAGE_FORMAT_JPEG)
			orient_unit_square(&m, img->orientation, x, y, w, h);
		else
			cairo_matrix_init(&m, w / pw, 0, 0, h / ph, x, y);
		cairo_transform(cr, &m);
		cairo_set_source_surface(cr, img->surface, 0, 0);
		/* Cairo 1.16's PDF backend needs EXTEND_NONE to write the JPEG: with PAD, a
		 * paint() writes the padded stand-in pixels instead, and a fill() loses the
		 * JPEG when the surface is destroyed before the PDF is finished. On raster
		 * targets PAD keeps smoothed edges from fading out. */
		if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE)
			cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
		cairo_new_path(cr);
		cairo_rectangle(cr, 0, 0, pw, ph);
		cairo_fill(cr);
	}
	cairo_restore(cr);
}
