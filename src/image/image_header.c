/* Image headers without decoding: which format bytes are in, a PNG's size, and a JPEG's
 * frame (size, components, coding) and EXIF orientation, checked against the limits. */
#include "image/image_private.h"

#include <string.h>

static unsigned read_be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long read_be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	       p[3];
}

enum image_format image_sniff(const unsigned char *data, size_t len, const char **name)
{
	static const struct {
		const char *magic;
		size_t len;
		size_t offset;
		const char *name;
	} others[] = {
		{ "GIF8", 4, 0, "GIF" },
		{ "WEBP", 4, 8, "WebP" },
		{ "BM", 2, 0, "BMP" },
		{ "II*\0", 4, 0, "TIFF" },
		{ "MM\0*", 4, 0, "TIFF" },
		{ "\0\0\1\0", 4, 0, "ICO" },
		{ "%PDF", 4, 0, "PDF" },
		{ "\x1f\x8b", 2, 0, "Compressed (gzip, .svgz)" },
	};
	*name = NULL;
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
		return IMAGE_FORMAT_PNG;
	if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return IMAGE_FORMAT_JPEG;
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		if (len >= others[i].offset + others[i].len &&
		    memcmp(data + others[i].offset, others[i].magic, others[i].len) == 0) {
			*name = others[i].name;
			return IMAGE_FORMAT_OTHER;
		}
	}
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < len && data[i] == '<')
		return IMAGE_FORMAT_SVG;
	return IMAGE_FORMAT_UNKNOWN;
}

static int check_pixel_size(double width, double height, const char **why)
{
	if (width < 1 || height < 1) {
		*why = "image has no pixels";
		return -1;
	}
	if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE) {
		*why = "image is more than 40000 pixels wide or high";
		return -1;
	}
	if (width * height > IMAGE_MAX_PIXELS) {
		*why = "image has more than 100 million pixels";
		return -1;
	}
	return 0;
}

int image_png_read_size(const unsigned char *data, size_t len, int *width, int *height,
			const char **why)
{
	/* Signature (8), then the IHDR chunk: length (4), "IHDR", width (4), height (4). */
	if (len < 33 || memcmp(data + 12, "IHDR", 4) != 0) {
		*why = "corrupt PNG: no IHDR header";
		return -1;
	}
	unsigned long w = read_be32(data + 16), h = read_be32(data + 20);
	if (check_pixel_size((double)w, (double)h, why) < 0)
		return -1;
	/* Cairo's image surfaces stop at 32767 pixels a side. */
	if (w > 32767 || h > 32767) {
		*why = "PNG is more than 32767 pixels wide or high";
		return -1;
	}
	*width = (int)w;
	*height = (int)h;
	return 0;
}

/* EXIF orientation from an APP1 segment's payload ("Exif\0\0" and a TIFF structure);
 * 1 when absent or malformed. */
static int exif_orientation(const unsigned char *p, size_t len)
{
	if (len < 14 || memcmp(p, "Exif\0\0", 6) != 0)
		return 1;
	const unsigned char *tiff = p + 6;
	size_t n = len - 6;
	int little = 0;
	if (memcmp(tiff, "II*\0", 4) == 0)
		little = 1;
	else if (memcmp(tiff, "MM\0*", 4) != 0)
		return 1;
#define U16(q) (little ? (unsigned)(q)[0] | (unsigned)(q)[1] << 8 : read_be16(q))
#define U32(q)                                                                             \
	(little ? (unsigned long)(q)[0] | (unsigned long)(q)[1] << 8 |                     \
			  (unsigned long)(q)[2] << 16 | (unsigned long)(q)[3] << 24        \
		: read_be32(q))
	unsigned long ifd = U32(tiff + 4);
	if (ifd > n || n - ifd < 2)
		return 1;
	unsigned count = U16(tiff + ifd);
	for (unsigned i = 0; i < count; i++) {
		unsigned long entry = ifd + 2 + 12UL * i;
		if (entry > n || n - entry < 12)
			return 1;
		const unsigned char *e = tiff + entry;
		if (U16(e) != 0x0112)
			continue;
		/* Type SHORT (3), count 1: the value sits in the first two bytes. */
		if (U16(e + 2) != 3 || U32(e + 4) != 1)
			return 1;
		unsigned v = U16(e + 8);
		return v >= 1 && v <= 8 ? (int)v : 1;
	}
#undef U16
#undef U32
	return 1;
}

/* Start-of-frame markers, which carry the image size. */
static int is_frame_marker(unsigned m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

int image_jpeg_read_info(const unsigned char *data, size_t len, struct jpeg_info *info,
			 const char **why)
{
	memset(info, 0, sizeof *info);
	info->orientation = 1;
	if (len < 4 || data[0] != 0xff || data[1] != 0xd8) {
		*why = "corrupt JPEG: no start-of-image marker";
		return -1;
	}
	size_t i = 2;
	int have_frame = 0;
	int adobe = 0; /* an APP14 "Adobe" segment was seen */
	for (;;) {
		if (i >= len || data[i] != 0xff) {
			*why = "corrupt JPEG: a marker was expected";
			return -1;
		}
		while (i < len && data[i] == 0xff) /* fill bytes */
			i++;
		if (i >= len) {
			*why = "corrupt JPEG: cut short";
			return -1;
		}
		unsigned marker = data[i++];
		if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0xd8)
			continue; /* no length follows */
		if (marker == 0xd9 || marker == 0x00) {
			*why = "corrupt JPEG: no image data";
			return -1;
		}
		if (len - i < 2) {
			*why = "corrupt JPEG: cut short";
			return -1;
		}
		size_t seg = read_be16(data + i);
		if (seg < 2 || seg > len - i) {
			*why = "corrupt JPEG: a segment runs past the end";
			return -1;
		}
		const unsigned char *body = data + i + 2;
		size_t body_len = seg - 2;
		if (marker == 0xda) { /* start of scan: the headers are over */
			if (!have_frame) {
				*why = "corrupt JPEG: image data before the frame header";
				return -1;
			}
			/* Adobe's CMYK JPEGs store inverted values, which a PDF must undo
			 * with a /Decode array that Cairo 1.16 does not write: every
			 * reader would show a negative. */
			if (info->components == 4 && adobe) {
				*why = "CMYK JPEG from Adobe software would print as a negative: "
				       "save it as RGB";
				return -1;
			}
			return 0;
		}
		if (marker == 0xe1 && info->orientation == 1)
			info->orientation = exif_orientation(body, body_len);
		if (marker == 0xee && body_len >= 5 && memcmp(body, "Adobe", 5) == 0)
			adobe = 1;
		if (is_frame_marker(marker)) {
			if (have_frame) {
				*why = "corrupt JPEG: two frame headers";
				return -1;
			}
			if (marker > 0xc2) {
				*why = "JPEG uses lossless, hierarchical or arithmetic "
				       "coding, which PDF cannot show";
				return -1;
			}
			if (body_len < 6) {
				*why = "corrupt JPEG: short frame header";
				return -1;
			}
			if (body[0] != 8) {
				*why = "JPEG has other than 8 bits a sample, which PDF cannot show";
				return -1;
			}
			info->height = (int)read_be16(body + 1);
			info->width = (int)read_be16(body + 3);
			info->components = body[5];
			if (info->height == 0) {
				*why = "JPEG gives its height only after the image data "
				       "(DNL), which is not supported";
				return -1;
			}
			if (info->components != 1 && info->components != 3 &&
			    info->components != 4) {
				*why = "JPEG has other than 1, 3 or 4 colour components";
				return -1;
			}
			if (body_len < 6 + 3 * (size_t)info->components) {
				*why = "corrupt JPEG: short frame header";
				return -1;
			}
			if (check_pixel_size(info->width, info->height, why) < 0)
				return -1;
			have_frame = 1;
		}
		i += seg;
	}
}
