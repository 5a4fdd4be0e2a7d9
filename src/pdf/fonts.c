/* Font embedding: faces subset with hb-subset and written as Type0/CIDFont fonts. */
#include "pdf/fonts.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/diag.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <pango/pangofc-font.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
	PAGE_GLYPHS = 256,         /* glyphs in one page of use records */
	DEFAULT_WIDTH = 1000,      /* /DW: glyphs of this width are left out of /W */
	MAX_TEXT_UNITS = 256,      /* UTF-16 units a ToUnicode target may have (512 bytes) */
	CMAP_CHUNK = 100,          /* entries in one beginbfchar block at most */
	MAX_NAME = 63 - 7,         /* PostScript name bytes kept after "ABCDEF+" */
	NAME_SIZE = 7 + MAX_NAME + 16, /* a BaseFont: tag, name, "-Identity-H" and NUL */
	FLAG_FIXED_PITCH = 1 << 0, /* font descriptor /Flags bits (PDF 32000-1, table 123) */
	FLAG_SERIF = 1 << 1,
	FLAG_SYMBOLIC = 1 << 2,
	FLAG_ITALIC = 1 << 6,
	ONE_BYTE_CIDS = 0x80,      /* CIDs 0..7F are one-byte codes <00>..<7F> */
	MAX_CID = 0x80 + 0x8000 - 1, /* the rest are <8000>..<FFFF>, CID 80 and on */
};

/* The encoding of TrueType fonts: CIDs are given in order of first use, the first 128
 * as one byte, so that a page's text is mostly one byte a glyph. */
static const char CMAP_NAME[] = "Briefpack-Identity-8-16";
static const char CMAP_TEXT[] =
	"%!PS-Adobe-3.0 Resource-CMap\n"
	"/CIDInit /ProcSet findresource begin\n"
	"12 dict begin\n"
	"begincmap\n"
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n"
	"/CMapName /Briefpack-Identity-8-16 def\n"
	"/CMapType 1 def\n"
	"2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange\n"
	"2 begincidrange\n<00> <7F> 0\n<8000> <FFFF> 128\nendcidrange\n"
	"endcmap\n"
	"CMapName currentdict /CMap defineresource pop\n"
	"end\n"
	"end\n";

/* What a glyph was used for so far. */
enum glyph_state {
	GLYPH_UNUSED = 0, /* not in the subset */
	GLYPH_USED,       /* in the subset; no use has decided its ToUnicode entry yet */
	GLYPH_NO_TEXT,    /* first used for no text (or glyph 0): no ToUnicode entry */
	GLYPH_TEXT,       /* its ToUnicode entry is the text at text_start */
};

/* One glyph of a font. */
struct glyph_use {
	int32_t width;       /* advance in 1000ths of an em, as /W says */
	uint32_t text_start; /* where its text starts in the font's texts (GLYPH_TEXT) */
	uint16_t text_len;   /* its length in bytes */
	uint16_t cid;        /* TrueType: its CID, given when first drawn; 0: none yet */
	uint8_t state;       /* an enum glyph_state */
};

/* The kind of outlines a face has, which decides how it is embedded. */
enum outlines {
	OUTLINES_NONE,     /* cannot be embedded */
	OUTLINES_TRUETYPE, /* glyf: CIDFontType2, FontFile2, glyphs renumbered */
	OUTLINES_CFF,      /* 'CFF ': CIDFontType0, FontFile3 /CIDFontType0C, glyph ids kept */
};

struct pdf_font {
	hb_face_t *face;          /* the face it is for (a reference held) */
	hb_font_t *unscaled;      /* a font on the face at its own units, default instance */
	enum outlines outlines;   /* how it is embedded; OUTLINES_NONE: never returned */
	int object;               /* its Type0 font object */
	char resource[16];        /* "F1", ... */
	char *file;               /* the font file fontconfig named, or NULL */
	unsigned glyph_count;     /* glyphs in the face */
	unsigned upem;            /* its units per em */
	struct glyph_use **pages; /* PAGE_GLYPHS glyphs each, NULL until one of them is used */
	unsigned page_count;      /* pages the glyph count needs */
	struct buf texts;         /* the ToUnicode texts of its glyphs, end to end */
	unsigned *by_cid;         /* TrueType: the glyph of each CID given (CID 0: glyph 0) */
	unsigned n_cids, cap_cids;
};

struct pdf_fonts {
	struct pdf_writer *writer; /* where the fonts are written */
	struct pdf_font **fonts;   /* every face looked up, in order of first use */
	size_t count;              /* fonts in it */
	size_t cap;                /* room in it */
	int resources;             /* resource names given so far */
	struct pdf_font *last;     /* the font the last lookup found, or NULL */
	int cmap;                  /* the encoding CMap of TrueType fonts, 0 until one is written */
};

/* ---- reading font tables ---- */

/* A table of a face: the bytes and the blob that holds them. */
struct table {
	hb_blob_t *blob;     /* to destroy */
	const uint8_t *data; /* the table, or NULL when the face has none */
	unsigned len;        /* its length in bytes */
};

static void table_open(struct table *t, hb_face_t *face, hb_tag_t tag)
{
	t->blob = hb_face_reference_table(face, tag);
	t->data = (const uint8_t *)hb_blob_get_data(t->blob, &t->len);
	if (!t->len)
		t->data = NULL;
}

static void table_close(struct table *t)
{
	hb_blob_destroy(t->blob);
}

/* Big-endian integers at `at`; 0 past the end. */
static unsigned table_u16(const struct table *t, unsigned at)
{
	if (!t->data || at + 2 > t->len)
		return 0;
	return (unsigned)t->data[at] << 8 | t->data[at + 1];
}

static int table_s16(const struct table *t, unsigned at)
{
	return (int16_t)table_u16(t, at);
}

static uint32_t table_u32(const struct table *t, unsigned at)
{
	return (uint32_t)table_u16(t, at) << 16 | table_u16(t, at + 2);
}

/* ---- CFF: is a glyph's CID its glyph id? ---- */

/* Offset `i` of a CFF INDEX whose offsets (of `size` bytes) start at `offsets`. */
static size_t cff_offset(const uint8_t *d, size_t offsets, unsigned size, unsigned i)
{
	size_t v = 0;
	for (unsigned k = 0; k < size; k++)
		v = v << 8 | d[offsets + (size_t)i * size + k];
	return v;
}

/* A CFF INDEX at *pos: moves *pos past it; the first item's bounds (when it has one) go
 * to *first and *first_end. False when it does not fit in len bytes. */
static bool cff_index(const uint8_t *d, size_t len, size_t *pos, size_t *first,
		      size_t *first_end)
{
	if (*pos + 2 > len)
		return false;
	unsigned count = (unsigned)d[*pos] << 8 | d[*pos + 1];
	*first = *first_end = 0;
	if (count == 0) {
		*pos += 2;
		return true;
	}
	if (*pos + 3 > len)
		return false;
	unsigned size = d[*pos + 2];
	size_t offsets = *pos + 3;
	if (size < 1 || size > 4 || offsets + (size_t)(count + 1) * size > len)
		return false;
	size_t base = offsets + (size_t)(count + 1) * size - 1; /* offsets count from 1 */
	size_t start = cff_offset(d, offsets, size, 0);
	size_t second = cff_offset(d, offsets, size, 1);
	size_t end = cff_offset(d, offsets, size, count);
	if (start != 1 || second < start || end < second || base + end > len)
		return false;
	*first = base + start;
	*first_end = base + second;
	*pos = base + end;
	return true;
}

/* The top DICT entries that matter here. */
struct cff_top {
	bool cid_keyed; /* it has a ROS operator */
	long charset;   /* the charset operand: an offset, or 0-2 for a predefined one */
};

/* Reads a DICT's operators; false when it is malformed. */
static bool cff_top_dict(const uint8_t *d, size_t start, size_t end, struct cff_top *top)
{
	long operand = 0; /* the last integer operand */
	top->cid_keyed = false;
	top->charset = 0;
	size_t i = start;
	while (i < end) {
		unsigned b = d[i];
		if (b >= 32 && b <= 246) {
			operand = (long)b - 139;
			i += 1;
		} else if (b >= 247 && b <= 254) {
			if (i + 2 > end)
				return false;
			long high = b >= 251 ? b - 251 : b - 247;
			long magnitude = high * 256 + d[i + 1] + 108;
			operand = b >= 251 ? -magnitude : magnitude;
			i += 2;
		} else if (b == 28) {
			if (i + 3 > end)
				return false;
			operand = (int16_t)(d[i + 1] << 8 | d[i + 2]);
			i += 3;
		} else if (b == 29) {
			if (i + 5 > end)
				return false;
			operand = (int32_t)((uint32_t)d[i + 1] << 24 | (uint32_t)d[i + 2] << 16 |
					    (uint32_t)d[i + 3] << 8 | d[i + 4]);
			i += 5;
		} else if (b == 30) {
			/* A real: nibbles up to the one that is 0xf. */
			i++;
			while (i < end && (d[i] & 0x0f) != 0x0f && (d[i] >> 4) != 0x0f)
				i++;
			if (i >= end)
				return false;
			i++;
			operand = 0;
		} else if (b == 12) {
			if (i + 2 > end)
				return false;
			if (d[i + 1] == 30)
				top->cid_keyed = true;
			i += 2;
		} else if (b <= 21) {
			if (b == 15)
				top->charset = operand;
			i += 1;
		} else {
			return false;
		}
	}
	return true;
}

/* True when every glyph's CID is its glyph id, as content streams here use glyph ids
 * for CIDs: a name-keyed CFF (PDF 32000-1, 9.7.4.2), or a CID-keyed one whose charset
 * maps glyph i to CID i. */
static bool cff_cids_are_glyph_ids(hb_face_t *face, unsigned glyph_count)
{
	struct table t;
	table_open(&t, face, HB_TAG('C', 'F', 'F', ' '));
	const uint8_t *d = t.data;
	size_t len = t.len;
	bool identity = false;
	size_t pos, first, first_end;
	struct cff_top top;
	if (!d || len < 4)
		goto done;
	pos = d[2]; /* header size */
	if (!cff_index(d, len, &pos, &first, &first_end)) /* names */
		goto done;
	if (!cff_index(d, len, &pos, &first, &first_end) || first == first_end) /* top DICTs */
		goto done;
	if (!cff_top_dict(d, first, first_end, &top))
		goto done;
	if (!top.cid_keyed) {
		identity = true;
		goto done;
	}
	if (top.charset <= 2) {
		/* Predefined: ISOAdobe lists SIDs 0 to 228 in order. */
		identity = top.charset == 0 && glyph_count <= 229;
		goto done;
	}
	if ((size_t)top.charset >= len)
		goto done;
	pos = (size_t)top.charset;
	unsigned format = d[pos++];
	unsigned glyph = 1; /* glyph 0 is .notdef, CID 0, and not listed */
	while (glyph < glyph_count) {
		if (format == 0) {
			if (pos + 2 > len || (unsigned)(d[pos] << 8 | d[pos + 1]) != glyph)
				goto done;
			pos += 2;
			glyph++;
		} else if (format == 1 || format == 2) {
			size_t size = format == 1 ? 3 : 4;
			if (pos + size > len)
				goto done;
			unsigned cid = (unsigned)d[pos] << 8 | d[pos + 1];
			unsigned left = d[pos + 2];
			if (format == 2)
				left = left << 8 | d[pos + 3];
			if (cid != glyph)
				goto done;
			glyph += left + 1;
			pos += size;
		} else {
			goto done;
		}
	}
	identity = true;
done:
	table_close(&t);
	return identity;
}

/* ---- looking fonts up ---- */

static bool has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *blob = hb_face_reference_table(face, tag);
	bool has = hb_blob_get_length(blob) > 0;
	hb_blob_destroy(blob);
	return has;
}

/* How the face can be embedded. */
static enum outlines face_outlines(hb_face_t *face, unsigned glyph_count)
{
	if (glyph_count == 0 || hb_face_get_upem(face) == 0)
		return OUTLINES_NONE;
	if (has_table(face, HB_TAG('g', 'l', 'y', 'f')) &&
	    has_table(face, HB_TAG('l', 'o', 'c', 'a')))
		return OUTLINES_TRUETYPE;
	if (has_table(face, HB_TAG('C', 'F', 'F', ' ')) &&
	    cff_cids_are_glyph_ids(face, glyph_count))
		return OUTLINES_CFF;
	return OUTLINES_NONE;
}

/* True when the font is an instance of a variable face other than its default one. */
static bool varied(hb_font_t *font)
{
	unsigned n = 0;
	const int *coords = hb_font_get_var_coords_normalized(font, &n);
	for (unsigned i = 0; i < n; i++)
		if (coords[i] != 0)
			return true;
	return false;
}

static struct pdf_font *font_new(struct pdf_fonts *fs, hb_face_t *face, PangoFont *font)
{
	struct pdf_font *f = xcalloc(1, sizeof *f);
	f->face = hb_face_reference(face);
	f->glyph_count = hb_face_get_glyph_count(face);
	f->upem = hb_face_get_upem(face);
	f->outlines = face_outlines(face, f->glyph_count);
	if (f->outlines == OUTLINES_NONE)
		return f;
	f->unscaled = hb_font_create(face);
	f->object = pdfw_reserve(fs->writer);
	snprintf(f->resource, sizeof f->resource, "F%d", ++fs->resources);
	f->page_count = (f->glyph_count + PAGE_GLYPHS - 1) / PAGE_GLYPHS;
	f->pages = xcalloc(f->page_count, sizeof *f->pages);
	if (PANGO_IS_FC_FONT(font)) {
		FcChar8 *file = NULL;
		FcPattern *pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
		if (pattern && FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch)
			f->file = xstrdup((const char *)file);
	}
	return f;
}

static void font_free(struct pdf_font *f)
{
	for (unsigned i = 0; i < f->page_count; i++)
		free(f->pages[i]);
	free(f->pages);
	free(f->by_cid);
	buf_free(&f->texts);
	free(f->file);
	hb_font_destroy(f->unscaled);
	hb_face_destroy(f->face);
	free(f);
}

struct pdf_fonts *pdf_fonts_new(struct pdf_writer *w)
{
	struct pdf_fonts *fs = xcalloc(1, sizeof *fs);
	fs->writer = w;
	return fs;
}

void pdf_fonts_free(struct pdf_fonts *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->count; i++)
		font_free(fs->fonts[i]);
	free(fs->fonts);
	free(fs);
}

struct pdf_font *pdf_fonts_get(struct pdf_fonts *fs, PangoFont *font)
{
	hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
	if (!hb || varied(hb))
		return NULL;
	hb_face_t *face = hb_font_get_face(hb);
	struct pdf_font *f = NULL;
	if (fs->last && fs->last->face == face) {
		f = fs->last;
	} else {
		for (size_t i = 0; i < fs->count && !f; i++)
			if (fs->fonts[i]->face == face)
				f = fs->fonts[i];
		if (!f) {
			f = font_new(fs, face, font);
			if (fs->count == fs->cap) {
				fs->cap = fs->cap ? fs->cap * 2 : 8;
				fs->fonts = xrealloc(fs->fonts, fs->cap * sizeof *fs->fonts);
			}
			fs->fonts[fs->count++] = f;
		}
		fs->last = f;
	}
	return f->outlines == OUTLINES_NONE ? NULL : f;
}

int pdf_font_object(const struct pdf_font *f)
{
	return f->object;
}

const char *pdf_font_resource(const struct pdf_font *f)
{
	return f->resource;
}

const char *pdf_font_file(const struct pdf_font *f)
{
	return f->file;
}

/* ---- using glyphs ---- */

/* The record of glyph `glyph` (< glyph_count), now in the subset. */
static struct glyph_use *glyph_mark(struct pdf_font *f, unsigned glyph)
{
	struct glyph_use **page = &f->pages[glyph / PAGE_GLYPHS];
	if (!*page)
		*page = xcalloc(PAGE_GLYPHS, sizeof **page);
	struct glyph_use *g = &(*page)[glyph % PAGE_GLYPHS];
	if (g->state == GLYPH_UNUSED) {
		hb_position_t advance = hb_font_get_glyph_h_advance(f->unscaled, glyph);
		g->width = (int32_t)lround((double)advance * 1000.0 / f->upem);
		g->state = glyph == 0 ? GLYPH_NO_TEXT : GLYPH_USED;
	}
	return g;
}

/* The record of a glyph, or NULL when it is not in the subset. */
static const struct glyph_use *glyph_find(const struct pdf_font *f, unsigned glyph)
{
	const struct glyph_use *page = f->pages[glyph / PAGE_GLYPHS];
	if (!page || page[glyph % PAGE_GLYPHS].state == GLYPH_UNUSED)
		return NULL;
	return &page[glyph % PAGE_GLYPHS];
}

double pdf_font_width(struct pdf_font *f, unsigned glyph)
{
	if (glyph >= f->glyph_count)
		return DEFAULT_WIDTH;
	return glyph_mark(f, glyph)->width;
}

int pdf_font_code(struct pdf_font *f, unsigned glyph, unsigned char code[2])
{
	if (f->outlines != OUTLINES_TRUETYPE) {
		code[0] = (unsigned char)(glyph >> 8);
		code[1] = (unsigned char)glyph;
		return 2;
	}
	if (glyph >= f->glyph_count) {
		code[0] = 0; /* no such glyph: .notdef, CID 0 */
		return 1;
	}
	struct glyph_use *g = glyph_mark(f, glyph);
	if (glyph != 0 && g->cid == 0 && f->n_cids <= MAX_CID) {
		if (f->n_cids == 0) {
			f->cap_cids = 64;
			f->by_cid = xmalloc(f->cap_cids * sizeof *f->by_cid);
			f->by_cid[f->n_cids++] = 0;
		}
		if (f->n_cids == f->cap_cids) {
			f->cap_cids *= 2;
			f->by_cid = xrealloc(f->by_cid, f->cap_cids * sizeof *f->by_cid);
		}
		g->cid = (uint16_t)f->n_cids;
		f->by_cid[f->n_cids++] = glyph;
	}
	/* Past the codes there are (more glyphs of one face than any text uses), .notdef. */
	unsigned cid = g->cid;
	if (cid < ONE_BYTE_CIDS) {
		code[0] = (unsigned char)cid;
		return 1;
	}
	unsigned c = 0x8000 + (cid - ONE_BYTE_CIDS);
	code[0] = (unsigned char)(c >> 8);
	code[1] = (unsigned char)c;
	return 2;
}

/* The code point of the UTF-8 sequence at *at (advanced past it); false when the bytes
 * there are not one well-formed UTF-8 character. */
static bool utf8_next(const unsigned char *s, size_t len, size_t *at, uint32_t *cp)
{
	unsigned char b = s[*at];
	int more = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 :
		   b >= 0xf0 && b < 0xf5 ? 3 : -1;
	if (more < 0 || *at + (size_t)more >= len)
		return false;
	uint32_t c = more == 0 ? b : b & (0x3f >> more);
	for (int i = 1; i <= more; i++) {
		unsigned char next = s[*at + (size_t)i];
		if ((next & 0xc0) != 0x80)
			return false;
		c = c << 6 | (next & 0x3f);
	}
	static const uint32_t least[] = { 0, 0x80, 0x800, 0x10000 };
	if (c < least[more] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return false;
	*at += (size_t)more + 1;
	*cp = c;
	return true;
}

/* The UTF-16 units of a UTF-8 text; -1 when it is not well-formed UTF-8. */
static long utf16_units(const char *text, size_t len)
{
	long units = 0;
	size_t at = 0;
	uint32_t cp;
	while (at < len) {
		if (!utf8_next((const unsigned char *)text, len, &at, &cp))
			return -1;
		units += cp >= 0x10000 ? 2 : 1;
	}
	return units;
}

bool pdf_font_use(struct pdf_font *f, unsigned glyph, const char *text, size_t len)
{
	if (glyph >= f->glyph_count)
		return len == 0;
	struct glyph_use *g = glyph_mark(f, glyph);
	if (g->state == GLYPH_USED) {
		if (len == 0) {
			g->state = GLYPH_NO_TEXT;
			return true;
		}
		long units = utf16_units(text, len);
		if (units < 1 || units > MAX_TEXT_UNITS)
			return false;
		g->text_start = (uint32_t)f->texts.len;
		g->text_len = (uint16_t)len;
		buf_add(&f->texts, text, len);
		g->state = GLYPH_TEXT;
		return true;
	}
	if (g->state == GLYPH_NO_TEXT)
		return len == 0;
	return len == g->text_len && memcmp(f->texts.data + g->text_start, text, len) == 0;
}

/* ---- writing ---- */

/* The glyphs in the subset (glyph 0 always), in increasing order. */
static unsigned *used_glyphs(struct pdf_font *f, size_t *count)
{
	glyph_mark(f, 0);
	size_t n = 0, cap = 64;
	unsigned *glyphs = xmalloc(cap * sizeof *glyphs);
	for (unsigned p = 0; p < f->page_count; p++) {
		if (!f->pages[p])
			continue;
		for (unsigned i = 0; i < PAGE_GLYPHS; i++) {
			if (f->pages[p][i].state == GLYPH_UNUSED)
				continue;
			if (n == cap) {
				cap *= 2;
				glyphs = xrealloc(glyphs, cap * sizeof *glyphs);
			}
			glyphs[n++] = p * PAGE_GLYPHS + i;
		}
	}
	*count = n;
	return glyphs;
}

/* Tables a PDF font program has no use for: layout, variations, colour and bitmaps,
 * vertical metrics, device metrics. */
static const hb_tag_t DROPPED_TABLES[] = {
	HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
	HB_TAG('k', 'e', 'r', 'n'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('m', 'o', 'r', 't'),
	HB_TAG('k', 'e', 'r', 'x'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'),
	HB_TAG('M', 'A', 'T', 'H'), HB_TAG('f', 'e', 'a', 't'), HB_TAG('t', 'r', 'a', 'k'),
	HB_TAG('o', 'p', 'b', 'd'), HB_TAG('p', 'r', 'o', 'p'), HB_TAG('l', 'c', 'a', 'r'),
	HB_TAG('j', 'u', 's', 't'), HB_TAG('a', 'n', 'k', 'r'), HB_TAG('f', 'v', 'a', 'r'),
	HB_TAG('g', 'v', 'a', 'r'), HB_TAG('a', 'v', 'a', 'r'), HB_TAG('c', 'v', 'a', 'r'),
	HB_TAG('H', 'V', 'A', 'R'), HB_TAG('V', 'V', 'A', 'R'), HB_TAG('M', 'V', 'A', 'R'),
	HB_TAG('S', 'T', 'A', 'T'), HB_TAG('C', 'O', 'L', 'R'), HB_TAG('C', 'P', 'A', 'L'),
	HB_TAG('S', 'V', 'G', ' '), HB_TAG('s', 'b', 'i', 'x'), HB_TAG('C', 'B', 'D', 'T'),
	HB_TAG('C', 'B', 'L', 'C'), HB_TAG('E', 'B', 'D', 'T'), HB_TAG('E', 'B', 'L', 'C'),
	HB_TAG('E', 'B', 'S', 'C'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
	HB_TAG('V', 'O', 'R', 'G'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('V', 'D', 'M', 'X'),
	HB_TAG('L', 'T', 'S', 'H'), HB_TAG('P', 'C', 'L', 'T'), HB_TAG('D', 'S', 'I', 'G'),
	HB_TAG('m', 'e', 't', 'a'), HB_TAG('S', 'i', 'l', 'f'), HB_TAG('G', 'l', 'a', 't'),
	HB_TAG('G', 'l', 'o', 'c'), HB_TAG('S', 'i', 'l', 'l'),
};

/* What hb-subset is asked for: the glyphs, and (TrueType) the characters the face maps
 * to them, so that the program keeps a cmap for viewers that want one. */
static hb_subset_input_t *subset_input(struct pdf_font *f, const unsigned *glyphs, size_t n)
{
	hb_subset_input_t *input = hb_subset_input_create_or_fail();
	if (!input)
		return NULL;
	hb_set_t *glyph_set = hb_subset_input_glyph_set(input);
	for (size_t i = 0; i < n; i++)
		hb_set_add(glyph_set, glyphs[i]);
	hb_set_t *dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof DROPPED_TABLES / sizeof *DROPPED_TABLES; i++)
		hb_set_add(dropped, DROPPED_TABLES[i]);
	unsigned flags = HB_SUBSET_FLAGS_NO_HINTING;
	if (f->outlines == OUTLINES_CFF) {
		flags |= HB_SUBSET_FLAGS_RETAIN_GIDS;
	} else {
		hb_set_t *unicodes = hb_set_create();
		hb_face_collect_unicodes(f->face, unicodes);
		hb_set_t *kept = hb_subset_input_unicode_set(input);
		hb_codepoint_t u = HB_SET_VALUE_INVALID, glyph;
		while (hb_set_next(unicodes, &u))
			if (hb_font_get_nominal_glyph(f->unscaled, u, &glyph) && glyph &&
			    glyph < f->glyph_count && glyph_find(f, glyph))
				hb_set_add(kept, u);
		hb_set_destroy(unicodes);
	}
	hb_subset_input_set_flags(input, flags);
	return input;
}

/* A subset font program: its bytes, and (TrueType) each old glyph id's new one. */
struct program {
	hb_blob_t *blob;      /* the bytes: the whole sfnt, or the bare CFF table */
	const char *data;     /* its data */
	unsigned len;         /* its length */
	uint16_t *new_glyphs; /* TrueType: new glyph id of each glyph up to the highest used */
};

/* Subsets the font to the glyphs: false when hb-subset fails. */
static bool program_make(struct pdf_font *f, const unsigned *glyphs, size_t n,
			 struct program *p)
{
	memset(p, 0, sizeof *p);
	hb_subset_input_t *input = subset_input(f, glyphs, n);
	if (!input)
		return false;
	hb_face_t *subset = NULL;
	if (f->outlines == OUTLINES_TRUETYPE) {
		hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->face, input);
		if (plan) {
			const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
			unsigned highest = glyphs[n - 1];
			p->new_glyphs = xcalloc((size_t)highest + 1, sizeof *p->new_glyphs);
			for (size_t i = 0; i < n; i++) {
				hb_codepoint_t to = hb_map_get(old_to_new, glyphs[i]);
				if (to != HB_MAP_VALUE_INVALID)
					p->new_glyphs[glyphs[i]] = (uint16_t)to;
			}
			subset = hb_subset_plan_execute_or_fail(plan);
			hb_subset_plan_destroy(plan);
		}
		if (subset)
			p->blob = hb_face_reference_blob(subset);
	} else {
		subset = hb_subset_or_fail(f->face, input);
		if (subset)
			p->blob = hb_face_reference_table(subset, HB_TAG('C', 'F', 'F', ' '));
	}
	hb_subset_input_destroy(input);
	hb_face_destroy(subset);
	if (p->blob)
		p->data = hb_blob_get_data(p->blob, &p->len);
	if (!p->len) {
		hb_blob_destroy(p->blob);
		free(p->new_glyphs);
		memset(p, 0, sizeof *p);
		return false;
	}
	return true;
}

static void program_free(struct program *p)
{
	hb_blob_destroy(p->blob);
	free(p->new_glyphs);
}

/* 64-bit FNV-1a of bytes, continuing from hash. */
static uint64_t fnv1a(uint64_t hash, const void *data, size_t len)
{
	const unsigned char *bytes = data;
	for (size_t i = 0; i < len; i++) {
		hash ^= bytes[i];
		hash *= 0x100000001b3ull;
	}
	return hash;
}

/* The font's BaseFont: a subset tag of six capitals made from the glyphs and the
 * program, '+', and its PostScript name (only letters, digits, '-', '_' and '.' kept). */
static void base_font_name(struct pdf_font *f, const unsigned *glyphs, size_t n,
			   const struct program *p, char name[NAME_SIZE])
{
	char postscript[256];
	unsigned size = sizeof postscript;
	if (!hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &size,
				 postscript))
		postscript[0] = '\0';
	uint64_t hash = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		unsigned char id[2] = { (unsigned char)(glyphs[i] >> 8), (unsigned char)glyphs[i] };
		hash = fnv1a(hash, id, 2);
	}
	hash = fnv1a(hash, p->data, p->len);
	for (int i = 0; i < 6; i++) {
		name[i] = (char)('A' + hash % 26);
		hash /= 26;
	}
	name[6] = '+';
	size_t len = 7;
	for (const char *c = postscript; *c && len < 7 + MAX_NAME; c++)
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.')
			name[len++] = *c;
	if (len == 7) {
		memcpy(name + len, "Font", 4);
		len += 4;
	}
	name[len] = '\0';
}

/* A value in font units as 1000ths of an em. */
static double scaled(const struct pdf_font *f, double v)
{
	return v * 1000.0 / f->upem;
}

/* The top of a character's glyph in font units; 0 when the face has no glyph for it. */
static hb_position_t glyph_top(struct pdf_font *f, hb_codepoint_t ch)
{
	hb_codepoint_t glyph;
	hb_glyph_extents_t extents;
	if (!hb_font_get_nominal_glyph(f->unscaled, ch, &glyph) ||
	    !hb_font_get_glyph_extents(f->unscaled, glyph, &extents))
		return 0;
	return extents.y_bearing;
}

/* The FontDescriptor's entries but the font file: metrics from head, hhea, OS/2, post. */
static void put_descriptor_metrics(struct buf *b, struct pdf_font *f)
{
	struct table head, os2, post;
	table_open(&head, f->face, HB_TAG('h', 'e', 'a', 'd'));
	table_open(&os2, f->face, HB_TAG('O', 'S', '/', '2'));
	table_open(&post, f->face, HB_TAG('p', 'o', 's', 't'));

	double italic_angle = (int32_t)table_u32(&post, 4) / 65536.0;
	int flags = FLAG_SYMBOLIC;
	if (table_u32(&post, 12) != 0)
		flags |= FLAG_FIXED_PITCH;
	/* PANOSE: Latin text (family kind 2) with a serif style from cove to rounded. */
	if (os2.len >= 42 && os2.data[32] == 2 && os2.data[33] >= 2 && os2.data[33] <= 10)
		flags |= FLAG_SERIF;
	if (italic_angle != 0 || (os2.len >= 64 && (table_u16(&os2, 62) & 1)))
		flags |= FLAG_ITALIC;
	buf_printf(b, " /Flags %d /FontBBox [%ld %ld %ld %ld] /ItalicAngle ", flags,
		   lround(floor(scaled(f, table_s16(&head, 36)))),
		   lround(floor(scaled(f, table_s16(&head, 38)))),
		   lround(ceil(scaled(f, table_s16(&head, 40)))),
		   lround(ceil(scaled(f, table_s16(&head, 42)))));
	pdf_put_num(b, italic_angle, 2);

	hb_position_t ascent = 0, descent = 0, cap_height = 0, x_height = 0;
	hb_ot_metrics_get_position(f->unscaled, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &ascent);
	hb_ot_metrics_get_position(f->unscaled, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &descent);
	/* OS/2 before version 2 has no cap height or x height: the glyphs of H and x say. */
	if (!hb_ot_metrics_get_position(f->unscaled, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap_height) ||
	    cap_height <= 0)
		cap_height = glyph_top(f, 'H');
	if (cap_height <= 0)
		cap_height = ascent;
	if (!hb_ot_metrics_get_position(f->unscaled, HB_OT_METRICS_TAG_X_HEIGHT, &x_height) ||
	    x_height <= 0)
		x_height = glyph_top(f, 'x');
	buf_printf(b, " /Ascent %ld /Descent %ld /CapHeight %ld", lround(scaled(f, ascent)),
		   lround(scaled(f, descent)), lround(scaled(f, cap_height)));
	if (x_height > 0)
		buf_printf(b, " /XHeight %ld", lround(scaled(f, x_height)));

	/* No font says its stem width: estimated from the weight class, 400 giving about 70. */
	unsigned weight = table_u16(&os2, 4);
	if (weight < 100 || weight > 1000)
		weight = 400;
	double stem = 10 + 220 * pow((weight - 50) / 900.0, 2);
	buf_printf(b, " /StemV %ld", lround(stem));
	table_close(&head);
	table_close(&os2);
	table_close(&post);
}

/* The glyphs of a font as the PDF numbers them: CID cids[i] is glyph glyphs[i], in
 * increasing CID order. */
struct cid_list {
	unsigned *cids, *glyphs;
	size_t n;
	bool short_codes; /* codes of one byte below CID 80 (TrueType), else two (CID) */
};

/* The code a CID is drawn with, as hex in a CMap. */
static void put_code(struct buf *b, const struct cid_list *l, unsigned cid)
{
	if (!l->short_codes)
		buf_printf(b, "<%04X>", cid);
	else if (cid < ONE_BYTE_CIDS)
		buf_printf(b, "<%02X>", cid);
	else
		buf_printf(b, "<%04X>", 0x8000 + cid - ONE_BYTE_CIDS);
}

/* The /W array: runs of consecutive CIDs whose width is not /DW. */
static void put_widths(struct buf *b, struct pdf_font *f, const struct cid_list *l)
{
	buf_puts(b, " /W [");
	bool in_run = false;
	for (size_t i = 0; i < l->n; i++) {
		int32_t width = glyph_find(f, l->glyphs[i])->width;
		if (width == DEFAULT_WIDTH) {
			if (in_run)
				buf_putc(b, ']');
			in_run = false;
			continue;
		}
		if (in_run && l->cids[i] == l->cids[i - 1] + 1) {
			buf_printf(b, " %d", (int)width);
			continue;
		}
		if (in_run)
			buf_putc(b, ']');
		buf_printf(b, " %u [%d", l->cids[i], (int)width);
		in_run = true;
	}
	if (in_run)
		buf_putc(b, ']');
	buf_puts(b, " ]");
}

/* The ToUnicode CMap (PDF 32000-1, 9.10.3): one bfchar per code with a text, in the
 * codespace the font's encoding has. */
static void make_to_unicode(struct buf *cmap, struct pdf_font *f, const struct cid_list *l)
{
	buf_puts(cmap, "/CIDInit /ProcSet findresource begin\n"
		       "12 dict begin\n"
		       "begincmap\n"
		       "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		       "/CMapName /Adobe-Identity-UCS def\n"
		       "/CMapType 2 def\n");
	if (l->short_codes)
		buf_puts(cmap, "2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange\n");
	else
		buf_puts(cmap, "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	size_t entries = 0;
	for (size_t i = 0; i < l->n; i++)
		if (glyph_find(f, l->glyphs[i])->state == GLYPH_TEXT)
			entries++;
	size_t written = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct glyph_use *g = glyph_find(f, l->glyphs[i]);
		if (g->state != GLYPH_TEXT)
			continue;
		if (written % CMAP_CHUNK == 0) {
			size_t chunk = entries - written;
			if (chunk > CMAP_CHUNK)
				chunk = CMAP_CHUNK;
			buf_printf(cmap, "%zu beginbfchar\n", chunk);
		}
		put_code(cmap, l, l->cids[i]);
		buf_puts(cmap, " <");
		const unsigned char *text = (const unsigned char *)f->texts.data + g->text_start;
		size_t at = 0;
		uint32_t cp;
		while (at < g->text_len && utf8_next(text, g->text_len, &at, &cp)) {
			if (cp >= 0x10000)
				buf_printf(cmap, "%04X%04X", 0xd800 + ((cp - 0x10000) >> 10),
					   0xdc00 + ((cp - 0x10000) & 0x3ff));
			else
				buf_printf(cmap, "%04X", cp);
		}
		buf_puts(cmap, ">\n");
		written++;
		if (written % CMAP_CHUNK == 0 || written == entries)
			buf_puts(cmap, "endbfchar\n");
	}
	buf_puts(cmap, "endcmap\n"
		       "CMapName currentdict /CMap defineresource pop\n"
		       "end\n"
		       "end\n");
}

/* The CIDs of a font: TrueType, in order of first use (glyph 0 is CID 0); CFF, the
 * glyph ids themselves. */
static void cid_list_make(struct pdf_font *f, const unsigned *glyphs, size_t n, struct cid_list *l)
{
	if (f->outlines != OUTLINES_TRUETYPE) {
		l->n = n;
		l->cids = xmalloc(n * sizeof *l->cids);
		l->glyphs = xmalloc(n * sizeof *l->glyphs);
		memcpy(l->cids, glyphs, n * sizeof *glyphs);
		memcpy(l->glyphs, glyphs, n * sizeof *glyphs);
		l->short_codes = false;
		return;
	}
	l->n = f->n_cids ? f->n_cids : 1;
	l->cids = xmalloc(l->n * sizeof *l->cids);
	l->glyphs = xmalloc(l->n * sizeof *l->glyphs);
	for (size_t i = 0; i < l->n; i++) {
		l->cids[i] = (unsigned)i;
		l->glyphs[i] = f->n_cids ? f->by_cid[i] : 0;
	}
	l->short_codes = true;
}

static void cid_list_free(struct cid_list *l)
{
	free(l->cids);
	free(l->glyphs);
}

/* Glyphs drawn only inside /ActualText (a hyphen put at a line's end, the parts of a
 * cluster) have no text of their own yet: each gets the lowest character the face's
 * cmap maps to it, so that every glyph drawn has a Unicode value (PDF/A-2u, 6.2.11.7.2)
 * while the ActualText still says how the words read. */
static void map_unmapped_glyphs(struct pdf_font *f, const struct cid_list *l)
{
	bool any = false;
	for (size_t i = 0; i < l->n && !any; i++)
		any = l->glyphs[i] != 0 && glyph_find(f, l->glyphs[i])->state == GLYPH_USED;
	if (!any)
		return;
	hb_set_t *unicodes = hb_set_create();
	hb_face_collect_unicodes(f->face, unicodes);
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(unicodes, &cp)) {
		hb_codepoint_t glyph;
		if (!hb_font_get_nominal_glyph(f->unscaled, cp, &glyph) || glyph == 0 ||
		    glyph >= f->glyph_count)
			continue;
		struct glyph_use **page = &f->pages[glyph / PAGE_GLYPHS];
		if (!*page || (*page)[glyph % PAGE_GLYPHS].state != GLYPH_USED)
			continue;
		char utf8[8];
		int len = g_unichar_to_utf8(cp, utf8);
		pdf_font_use(f, glyph, utf8, (size_t)len);
	}
	hb_set_destroy(unicodes);
}

/* The encoding CMap of TrueType fonts, written once for all. */
static int encoding_cmap(struct pdf_fonts *fs)
{
	if (!fs->cmap) {
		fs->cmap = pdfw_reserve(fs->writer);
		char dict[192];
		snprintf(dict, sizeof dict,
			 "/Type /CMap /CMapName /%s /CIDSystemInfo << /Registry (Adobe) /Ordering "
			 "(Identity) /Supplement 0 >>", CMAP_NAME);
		pdfw_stream(fs->writer, fs->cmap, dict, CMAP_TEXT, sizeof CMAP_TEXT - 1, PDFW_DEFLATE);
	}
	return fs->cmap;
}

/* Writes one font's objects; false after reporting when it cannot be subset. */
static bool font_write(struct pdf_fonts *fs, struct pdf_font *f, struct diag_sink *sink,
		       const char *source_name)
{
	size_t n;
	unsigned *glyphs = used_glyphs(f, &n);
	struct program program;
	if (!program_make(f, glyphs, n, &program)) {
		char name[256];
		unsigned size = sizeof name;
		if (!hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_FULL_NAME, HB_LANGUAGE_INVALID,
					 &size, name))
			snprintf(name, sizeof name, "%s", f->file ? f->file : "?");
		diag(sink, DIAG_ERROR, source_name, 0, 0, "the font %s could not be subset", name);
		free(glyphs);
		return false;
	}
	bool truetype = f->outlines == OUTLINES_TRUETYPE;
	struct cid_list cids;
	cid_list_make(f, glyphs, n, &cids);
	char base_font[NAME_SIZE];
	base_font_name(f, glyphs, n, &program, base_font);

	struct pdf_writer *w = fs->writer;
	int cid_font = pdfw_reserve(w);
	int descriptor = pdfw_reserve(w);
	int font_file = pdfw_reserve(w);
	int to_unicode = pdfw_reserve(w);
	int cid_to_gid = truetype ? pdfw_reserve(w) : 0;

	char dict[64];
	if (truetype)
		snprintf(dict, sizeof dict, "/Length1 %u", program.len);
	else
		snprintf(dict, sizeof dict, "/Subtype /CIDFontType0C");
	pdfw_stream(w, font_file, dict, program.data, program.len, PDFW_DEFLATE);

	map_unmapped_glyphs(f, &cids);
	struct buf text = { 0 };
	make_to_unicode(&text, f, &cids);
	pdfw_stream(w, to_unicode, NULL, text.data, text.len, PDFW_DEFLATE);
	buf_free(&text);

	if (truetype) {
		/* CID to the glyph's number in the subset. */
		size_t len = 2 * cids.n;
		unsigned char *map = xcalloc(len, 1);
		for (size_t i = 0; i < cids.n; i++) {
			uint16_t to = program.new_glyphs[cids.glyphs[i]];
			map[2 * i] = (unsigned char)(to >> 8);
			map[2 * i + 1] = (unsigned char)to;
		}
		pdfw_stream(w, cid_to_gid, NULL, map, len, PDFW_DEFLATE);
		free(map);
	}

	struct buf *b = pdfw_object(w, descriptor);
	buf_puts(b, "<< /Type /FontDescriptor /FontName ");
	pdf_put_name(b, base_font);
	put_descriptor_metrics(b, f);
	buf_printf(b, " /FontFile%d %d 0 R >>", truetype ? 2 : 3, font_file);
	pdfw_end(w);

	b = pdfw_object(w, cid_font);
	buf_printf(b, "<< /Type /Font /Subtype /CIDFontType%d /BaseFont ", truetype ? 2 : 0);
	pdf_put_name(b, base_font);
	buf_printf(b, " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
		      " /FontDescriptor %d 0 R /DW %d",
		   descriptor, DEFAULT_WIDTH);
	put_widths(b, f, &cids);
	if (truetype)
		buf_printf(b, " /CIDToGIDMap %d 0 R", cid_to_gid);
	buf_puts(b, " >>");
	pdfw_end(w);

	/* PDF 32000-1, 9.7.6.1: a CIDFontType0's Type0 name has the CMap's after a hyphen. */
	if (!truetype)
		strcat(base_font, "-Identity-H");
	b = pdfw_object(w, f->object);
	buf_puts(b, "<< /Type /Font /Subtype /Type0 /BaseFont ");
	pdf_put_name(b, base_font);
	if (truetype)
		buf_printf(b, " /Encoding %d 0 R", encoding_cmap(fs));
	else
		buf_puts(b, " /Encoding /Identity-H");
	buf_printf(b, " /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cid_font, to_unicode);
	pdfw_end(w);
	cid_list_free(&cids);

	program_free(&program);
	free(glyphs);
	return true;
}

int pdf_fonts_finish(struct pdf_fonts *fs, struct diag_sink *sink, const char *source_name)
{
	int status = 0;
	for (size_t i = 0; i < fs->count; i++)
		if (fs->fonts[i]->outlines != OUTLINES_NONE &&
		    !font_write(fs, fs->fonts[i], sink, source_name))
			status = -1;
	return status;
}
