/* Unit tests for font embedding: real faces subset, written and read back with qpdf and poppler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/fcinit.h"
#include "pdf/fonts.h"
#include "pdf/writer.h"
#include "testutil.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <hb-ot.h>
#include <hb.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>
#include <stdbool.h>
#include <stdint.h>

enum {
	MAX_DRAWN = 4096, /* glyphs one document draws at most */
	MAX_FONTS = 8,    /* fonts one document uses at most */
	ONE_BYTE = 0x80,  /* TrueType: CIDs below this are one-byte codes <00>..<7F> */
};

/* A glyph drawn, and the text it stands for. */
struct drawn {
	struct pdf_font *font; /* the PDF font it was drawn with */
	unsigned glyph;        /* its glyph id */
	unsigned char code[2]; /* the code pdf_font_code gave it, as written in the content */
	int code_len;          /* its length: 1 or 2 bytes */
	char text[64];         /* the text it stands for (UTF-8) */
	size_t len;            /* its length: 0 for a glyph standing for no text */
	bool used;             /* passed through pdf_font_use (else drawn only, as inside
				* /ActualText) */
};

/* A font drawn with, and the CIDs the test expects it to have given: for TrueType, in
 * order of first pdf_font_code, glyph 0 being CID 0; for CFF, the glyph ids. */
struct font_model {
	struct pdf_font *pdf;          /* the PDF font */
	hb_font_t *hb;                 /* the Pango font's (for its cmap) */
	bool truetype;                 /* the face has glyf outlines (else CFF) */
	unsigned by_cid[MAX_DRAWN + 1]; /* TrueType: the glyph of each CID given (0: glyph 0) */
	unsigned n_cids;               /* TrueType: CIDs given, counting CID 0 */
};

/* A one-page PDF being made, and what the test knows it should say. */
struct doc {
	char *data;                        /* the PDF, once doc_end closed the stream */
	size_t size;                       /* its length */
	FILE *stream;                      /* memory stream it is written to */
	struct pdf_writer *writer;         /* the writer under it */
	struct pdf_fonts *fonts;           /* the fonts under test */
	struct buf content;                /* the page's content stream */
	struct font_model *used[MAX_FONTS]; /* fonts drawn with, in order of first use */
	int n_used;                        /* fonts in it */
	struct drawn *drawn;               /* every glyph drawn, in order */
	size_t n_drawn;                    /* glyphs in it */
	double y;                          /* where the next line goes */
};

/* The Pango side: a font map and a context to load fonts with. */
struct fixture {
	PangoFontMap *map;    /* a font map of the test's own */
	PangoContext *context; /* for loading fonts */
	char *dir;            /* scratch folder for the PDFs */
};

static int setup(void **state)
{
	fcinit_wait();
	struct fixture *fx = xcalloc(1, sizeof *fx);
	fx->map = pango_cairo_font_map_new();
	fx->context = pango_font_map_create_context(fx->map);
	fx->dir = scratch_dir();
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	g_object_unref(fx->context);
	g_object_unref(fx->map);
	remove_tree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static PangoFont *load_font(struct fixture *fx, const char *description)
{
	PangoFontDescription *desc = pango_font_description_from_string(description);
	PangoFont *font = pango_font_map_load_font(fx->map, fx->context, desc);
	pango_font_description_free(desc);
	assert_non_null(font);
	return font;
}

/* True when path ends with suffix. */
static bool ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	return n >= m && strcmp(path + n - m, suffix) == 0;
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* ---- making a PDF ---- */

static void doc_begin(struct doc *d)
{
	memset(d, 0, sizeof *d);
	d->stream = open_memstream(&d->data, &d->size);
	d->writer = pdfw_new(d->stream);
	d->fonts = pdf_fonts_new(d->writer);
	d->drawn = xcalloc(MAX_DRAWN, sizeof *d->drawn);
	d->y = 750;
}

/* The text a glyph was first used for (through pdf_font_use), in the test's own record;
 * NULL when none was. */
static const struct drawn *first_use(const struct doc *d, struct pdf_font *font, unsigned glyph)
{
	for (size_t i = 0; i < d->n_drawn; i++)
		if (d->drawn[i].font == font && d->drawn[i].glyph == glyph && d->drawn[i].used)
			return &d->drawn[i];
	return NULL;
}

/* True when the test drew the glyph with the font, used or not. */
static bool was_drawn(const struct doc *d, struct pdf_font *font, unsigned glyph)
{
	for (size_t i = 0; i < d->n_drawn; i++)
		if (d->drawn[i].font == font && d->drawn[i].glyph == glyph)
			return true;
	return false;
}

/* The lowest character the face's cmap maps to a glyph; -1 when none is. */
static long lowest_char(hb_font_t *hb, unsigned glyph)
{
	hb_set_t *unicodes = hb_set_create();
	hb_face_collect_unicodes(hb_font_get_face(hb), unicodes);
	hb_codepoint_t cp = HB_SET_VALUE_INVALID, mapped;
	long lowest = -1;
	while (lowest < 0 && hb_set_next(unicodes, &cp))
		if (hb_font_get_nominal_glyph(hb, cp, &mapped) && mapped == glyph)
			lowest = (long)cp;
	hb_set_destroy(unicodes);
	return lowest;
}

/* The test's record of a font drawn with; fails when it is not one. */
static struct font_model *model_of(const struct doc *d, const struct pdf_font *font)
{
	for (int i = 0; i < d->n_used; i++)
		if (d->used[i]->pdf == font)
			return d->used[i];
	fail_msg("a font the test did not draw with");
	return NULL;
}

/* The code the scheme gives a CID of a TrueType font: one byte below 0x80, else
 * 0x8000 + (cid - 0x80) in two bytes (big-endian). Returns its length. */
static int code_of_cid(unsigned cid, unsigned char code[2])
{
	if (cid < ONE_BYTE) {
		code[0] = (unsigned char)cid;
		return 1;
	}
	unsigned c = 0x8000 + (cid - ONE_BYTE);
	assert_true(c <= 0xffff);
	code[0] = (unsigned char)(c >> 8);
	code[1] = (unsigned char)c;
	return 2;
}

/* The CID of a TrueType font's code (1 or 2 bytes as its length says); -1 when the code
 * is outside the codespace <00>-<7F>, <8000>-<FFFF> for its length. */
static long cid_of_code(unsigned code, int len)
{
	if (len == 1)
		return code < ONE_BYTE ? (long)code : -1;
	return code >= 0x8000 && code <= 0xffff ? (long)(code - 0x8000 + ONE_BYTE) : -1;
}

/* pdf_font_code for a glyph, checked against the scheme: TrueType, glyph 0 is CID 0, any
 * other glyph keeps the CID it first got, a new one gets the next CID, and the code is
 * code_of_cid's; CFF, the glyph id in two bytes. Returns the code's length. */
static int code_glyph(struct doc *d, struct pdf_font *pdf, unsigned glyph, unsigned char code[2])
{
	struct font_model *m = model_of(d, pdf);
	unsigned char expected[2];
	int expected_len;
	if (m->truetype) {
		unsigned cid = 0;
		if (glyph != 0) {
			for (cid = 1; cid < m->n_cids && m->by_cid[cid] != glyph; cid++)
				;
			if (cid == m->n_cids) {
				assert_true(m->n_cids <= MAX_DRAWN);
				m->by_cid[m->n_cids++] = glyph;
			}
		}
		expected_len = code_of_cid(cid, expected);
	} else {
		expected[0] = (unsigned char)(glyph >> 8);
		expected[1] = (unsigned char)glyph;
		expected_len = 2;
	}
	code[0] = code[1] = 0xee; /* what pdf_font_code does not write shows */
	int len = pdf_font_code(pdf, glyph, code);
	assert_int_equal(len, expected_len);
	assert_memory_equal(code, expected, (size_t)len);
	return len;
}

/* Records a glyph drawn standing for text, checking pdf_font_use's answer against the
 * rule: the first use decides, glyph 0 stands for no text. Text NULL: drawn with no
 * pdf_font_use at all, as textdraw draws the glyphs inside an /ActualText span. Its
 * code (checked by code_glyph) goes to the line's hex string. */
static void draw_glyph(struct doc *d, struct pdf_font *pdf, unsigned glyph, const char *text,
		       size_t len)
{
	if (text) {
		const struct drawn *first = first_use(d, pdf, glyph);
		bool expected;
		if (glyph == 0)
			expected = len == 0;
		else if (!first)
			expected = true;
		else
			expected = first->len == len && memcmp(first->text, text, len) == 0;
		assert_int_equal(pdf_font_use(pdf, glyph, text, len), expected);
	}
	assert_true(d->n_drawn < MAX_DRAWN && len < sizeof d->drawn->text);
	struct drawn *g = &d->drawn[d->n_drawn++];
	g->font = pdf;
	g->glyph = glyph;
	g->used = text != NULL;
	g->code_len = code_glyph(d, pdf, glyph, g->code);
	if (text)
		memcpy(g->text, text, len);
	g->len = text ? len : 0;
	for (int i = 0; i < g->code_len; i++)
		buf_printf(&d->content, "%02X", g->code[i]);
}

/* True when the face has TrueType (glyf) outlines. */
static bool has_glyf(PangoFont *font)
{
	hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(font));
	hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	bool has = hb_blob_get_length(glyf) > 0;
	hb_blob_destroy(glyf);
	return has;
}

/* The PDF font for a Pango font, known to the test from then on (its model made). */
static struct pdf_font *font_get(struct doc *d, PangoFont *font)
{
	struct pdf_font *pdf = pdf_fonts_get(d->fonts, font);
	assert_non_null(pdf);
	int i = 0;
	while (i < d->n_used && d->used[i]->pdf != pdf)
		i++;
	if (i == d->n_used) {
		assert_true(d->n_used < MAX_FONTS);
		struct font_model *m = xcalloc(1, sizeof *m);
		m->pdf = pdf;
		m->hb = pango_font_get_hb_font(font);
		m->truetype = has_glyf(font);
		m->n_cids = 1; /* CID 0, glyph 0 */
		d->used[d->n_used++] = m;
	}
	return pdf;
}

/* Starts a line of text in the content stream, with font's resource. */
static struct pdf_font *line_begin(struct doc *d, PangoFont *font)
{
	struct pdf_font *pdf = font_get(d, font);
	buf_printf(&d->content, "BT /%s 10 Tf 40 %.0f Td <", pdf_font_resource(pdf), d->y);
	d->y -= 14;
	return pdf;
}

static void line_end(struct doc *d)
{
	buf_puts(&d->content, "> Tj ET\n");
}

/* Shapes text with the font (as Pango would: HarfBuzz, its default features, so
 * ligatures) and draws it as one line; each glyph stands for its cluster's text, the
 * later glyphs of a cluster for none. Returns the number of glyphs standing for more
 * than one character. */
static int draw_text(struct doc *d, PangoFont *font, const char *text)
{
	struct pdf_font *pdf = line_begin(d, font);
	hb_buffer_t *buffer = hb_buffer_create();
	hb_buffer_add_utf8(buffer, text, -1, 0, -1);
	hb_buffer_guess_segment_properties(buffer);
	hb_shape(pango_font_get_hb_font(font), buffer, NULL, 0);
	unsigned n;
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buffer, &n);
	size_t text_len = strlen(text);
	int ligatures = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t start = info[i].cluster, end = text_len;
		for (unsigned j = i + 1; j < n; j++)
			if (info[j].cluster > start) {
				end = info[j].cluster;
				break;
			}
		bool continues = i > 0 && info[i - 1].cluster == info[i].cluster;
		if (!continues && g_utf8_strlen(text + start, (gssize)(end - start)) > 1)
			ligatures++;
		draw_glyph(d, pdf, info[i].codepoint, text + start, continues ? 0 : end - start);
	}
	hb_buffer_destroy(buffer);
	line_end(d);
	return ligatures;
}

/* Finishes the PDF (fonts, one page showing the lines, page tree, catalog) and writes
 * it to path. */
static void doc_end(struct doc *d, const char *path)
{
	struct pdf_writer *w = d->writer;
	int catalog = pdfw_reserve(w), pages = pdfw_reserve(w), page = pdfw_reserve(w);
	int content = pdfw_reserve(w);
	pdfw_stream(w, content, NULL, d->content.data, d->content.len, PDFW_DEFLATE);
	struct buf *b = pdfw_object(w, page);
	buf_printf(b, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]", pages);
	buf_puts(b, " /Resources << /Font <<");
	for (int i = 0; i < d->n_used; i++)
		buf_printf(b, " /%s %d 0 R", pdf_font_resource(d->used[i]->pdf),
			   pdf_font_object(d->used[i]->pdf));
	buf_printf(b, " >> >> /Contents %d 0 R >>", content);
	pdfw_end(w);
	b = pdfw_object(w, pages);
	buf_printf(b, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page);
	pdfw_end(w);
	b = pdfw_object(w, catalog);
	buf_printf(b, "<< /Type /Catalog /Pages %d 0 R >>", pages);
	pdfw_end(w);

	struct captured diags;
	captured_open(&diags);
	assert_int_equal(pdf_fonts_finish(d->fonts, diags.sink, "test.html"), 0);
	assert_int_equal(pdfw_finish(w, catalog, 0, diags.sink, "test.html"), 0);
	assert_string_equal(captured_text(&diags), "");
	captured_close(&diags);
	fclose(d->stream);
	d->stream = NULL;
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d->data, 1, d->size, f), d->size);
	fclose(f);
}

static void doc_free(struct doc *d)
{
	if (d->stream)
		fclose(d->stream);
	pdf_fonts_free(d->fonts);
	pdfw_free(d->writer);
	buf_free(&d->content);
	free(d->data);
	free(d->drawn);
	for (int i = 0; i < d->n_used; i++)
		free(d->used[i]);
}

/* ---- reading it back ---- */

/* What a command printed on standard output (binary safe), and its exit status. */
static char *run(const char *command, size_t *len, int *status)
{
	FILE *p = popen(command, "r");
	assert_non_null(p);
	struct buf out = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(&out, chunk, n);
	int rc = pclose(p);
	*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	if (len)
		*len = out.len;
	buf_putc(&out, '\0');
	return out.data;
}

/* Object num of the PDF at path as qpdf shows it: its dictionary, or with stream_data
 * its stream's data decoded. */
static char *show_object(const char *path, int num, bool stream_data, size_t *len)
{
	char command[512];
	snprintf(command, sizeof command, "qpdf --show-object=%d %s '%s'", num,
		 stream_data ? "--filtered-stream-data" : "", path);
	int status;
	char *out = run(command, len, &status);
	assert_int_equal(status, 0);
	return out;
}

/* The object a dictionary's key refers to ("/Key 5 0 R" or "/Key [ 5 0 R ]"). */
static int ref_of(const char *dict, const char *key)
{
	const char *at = strstr(dict, key);
	assert_non_null(at);
	at += strlen(key);
	while (*at == ' ' || *at == '[')
		at++;
	int num = 0, generation = -1;
	char r = 0;
	assert_int_equal(sscanf(at, "%d %d %c", &num, &generation, &r), 3);
	assert_int_equal(generation, 0);
	assert_int_equal(r, 'R');
	return num;
}

/* The integer value of a dictionary's key. */
static long int_of(const char *dict, const char *key)
{
	const char *at = strstr(dict, key);
	assert_non_null(at);
	return strtol(at + strlen(key), NULL, 10);
}

/* The widths of a CIDFont's /W array (c [w1 w2 ...] form) by CID; -1 where none. */
static void read_widths(const char *cid_font, long *widths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		widths[i] = -1;
	const char *at = strstr(cid_font, "/W [");
	assert_non_null(at);
	at += 4;
	for (;;) {
		while (*at == ' ' || *at == '\n')
			at++;
		if (*at == ']')
			break;
		char *end;
		long cid = strtol(at, &end, 10);
		assert_true(end > at);
		at = end;
		while (*at == ' ')
			at++;
		assert_int_equal(*at, '['); /* the only form written */
		at++;
		for (;;) {
			while (*at == ' ' || *at == '\n')
				at++;
			if (*at == ']') {
				at++;
				break;
			}
			long width = strtol(at, &end, 10);
			assert_true(end > at);
			at = end;
			assert_true(cid >= 0 && (size_t)cid < n);
			assert_int_equal(widths[cid], -1);
			widths[cid++] = width;
		}
	}
}

/* The UTF-16BE hex a text should map to, as glib converts it. */
static void utf16_hex(const char *text, size_t len, char *hex, size_t size)
{
	glong units = 0;
	gunichar2 *utf16 = g_utf8_to_utf16(text, (glong)len, NULL, &units, NULL);
	assert_non_null(utf16);
	assert_true((size_t)units * 4 < size);
	for (glong i = 0; i < units; i++)
		snprintf(hex + 4 * i, 5, "%04X", utf16[i]);
	hex[4 * units] = '\0';
	g_free(utf16);
}

/* The glyph a ToUnicode source code stands for, as the test's model says: hex digits
 * as the CMap writes them, 2 for a one-byte code, 4 for a two-byte one. TrueType: the
 * glyph of the code's CID, failing when the code is outside its codespace or the font
 * gave no such CID; CFF: the code itself, two bytes. */
static unsigned glyph_of_code(const struct font_model *m, const char *hex)
{
	size_t digits = strlen(hex);
	unsigned code = (unsigned)strtoul(hex, NULL, 16);
	if (!m->truetype) {
		assert_int_equal(digits, 4);
		return code;
	}
	assert_true(digits == 2 || digits == 4);
	long cid = cid_of_code(code, (int)digits / 2);
	if (cid < 0 || (unsigned long)cid >= m->n_cids)
		fail_msg("ToUnicode code <%s>: no CID the font gave (%u given)", hex, m->n_cids);
	return m->by_cid[cid];
}

/* The ToUnicode target (UTF-16BE hex) the glyph should have: the text of its first use
 * (fails when that was for no text, or for glyph 0); for a glyph drawn with no use at
 * all, the lowest character the face maps to it. False when it should have none. */
static bool expected_target(const struct doc *d, const struct font_model *m, unsigned glyph,
			    char *hex, size_t size)
{
	if (glyph == 0)
		return false;
	const struct drawn *first = first_use(d, m->pdf, glyph);
	if (first) {
		if (first->len == 0)
			return false;
		utf16_hex(first->text, first->len, hex, size);
		return true;
	}
	/* TrueType: every glyph asked here was given a CID; CFF: it must have been drawn. */
	long ch = lowest_char(m->hb, glyph);
	if ((!m->truetype && !was_drawn(d, m->pdf, glyph)) || ch < 0)
		return false;
	char utf8[8];
	int len = g_unichar_to_utf8((gunichar)ch, utf8);
	utf16_hex(utf8, (size_t)len, hex, size);
	return true;
}

/* Checks a ToUnicode CMap: the codespace of the font's encoding (TrueType: <00>-<7F> and
 * <8000>-<FFFF>; CFF: <0000>-<FFFF>), bfchar blocks of at most 100 entries, keyed by the
 * codes pdf_font_code gave; each glyph the test drew with a text mapped (once) to that
 * text's UTF-16 (the first one it was drawn for), each drawn with no use at all to the
 * lowest character the face maps to it, no other. */
static void check_to_unicode(const struct doc *d, struct pdf_font *font, const char *cmap)
{
	const struct font_model *m = model_of(d, font);
	assert_non_null(strstr(cmap, "begincmap"));
	if (m->truetype)
		assert_non_null(strstr(cmap, "2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\n"
					     "endcodespacerange"));
	else
		assert_non_null(strstr(cmap, "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange"));
	unsigned char *seen = xcalloc(65536, 1); /* by glyph id: 1 when it has an entry */
	int entries = 0;
	const char *at = cmap;
	while ((at = strstr(at, "beginbfchar"))) {
		const char *count = at;
		while (count > cmap && count[-1] != '\n')
			count--;
		int n = atoi(count);
		assert_true(n >= 1 && n <= 100);
		at += strlen("beginbfchar\n");
		for (int i = 0; i < n; i++) {
			char source[8], target[600];
			assert_int_equal(sscanf(at, "<%7[0-9A-F]> <%599[0-9A-F]>", source, target), 2);
			unsigned glyph = glyph_of_code(m, source);
			assert_true(glyph < 65536);
			assert_int_equal(seen[glyph], 0);
			seen[glyph] = 1;
			char expected[600];
			if (!expected_target(d, m, glyph, expected, sizeof expected))
				fail_msg("ToUnicode <%s> (glyph %u): an entry the glyph should not have",
					 source, glyph);
			assert_string_equal(target, expected);
			at = strchr(at, '\n') + 1;
			entries++;
		}
		assert_true(strncmp(at, "endbfchar", 9) == 0);
	}
	/* Every glyph that should have an entry has it: TrueType, of the glyphs given a
	 * CID; CFF, of the glyphs drawn. */
	int mapped = 0;
	char expected[600];
	for (size_t i = 0; i < (m->truetype ? m->n_cids : d->n_drawn); i++) {
		unsigned glyph = m->truetype ? m->by_cid[i] : d->drawn[i].glyph;
		if (!m->truetype && d->drawn[i].font != font)
			continue;
		if (seen[glyph] == 2 || !expected_target(d, m, glyph, expected, sizeof expected))
			continue;
		if (!seen[glyph])
			fail_msg("glyph %u has no ToUnicode entry", glyph);
		seen[glyph] = 2; /* counted */
		mapped++;
	}
	free(seen);
	assert_int_equal(entries, mapped);
}

/* How many times part occurs in text (len bytes, binary). */
static int occurrences(const char *text, size_t len, const char *part)
{
	int n = 0;
	size_t part_len = strlen(part);
	const char *end = text + len, *at = text;
	while ((at = memmem(at, (size_t)(end - at), part, part_len))) {
		n++;
		at += part_len;
	}
	return n;
}

/* Checks the encoding CMap of TrueType fonts, object num: a CMap stream named
 * Briefpack-Identity-8-16 for Adobe-Identity-0, its codespace one byte <00>-<7F> and two
 * bytes <8000>-<FFFF>, CIDs 0-7F and 80 on in that order, nothing else. */
static void check_encoding_cmap(const char *path, int num)
{
	char *dict = show_object(path, num, false, NULL);
	assert_non_null(strstr(dict, "/Type /CMap"));
	assert_non_null(strstr(dict, "/CMapName /Briefpack-Identity-8-16"));
	assert_non_null(strstr(dict, "/Registry (Adobe)"));
	assert_non_null(strstr(dict, "/Ordering (Identity)"));
	assert_non_null(strstr(dict, "/Supplement 0"));
	free(dict);
	size_t len;
	char *text = show_object(path, num, true, &len);
	assert_non_null(strstr(text, "begincmap\n"));
	assert_non_null(strstr(text, "/Registry (Adobe) /Ordering (Identity) /Supplement 0"));
	assert_non_null(strstr(text, "/CMapName /Briefpack-Identity-8-16 def\n"));
	assert_non_null(strstr(text, "/CMapType 1 def\n"));
	assert_non_null(strstr(text, "\n2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\n"
				     "endcodespacerange\n"));
	assert_non_null(strstr(text, "\n2 begincidrange\n<00> <7F> 0\n<8000> <FFFF> 128\n"
				     "endcidrange\n"));
	assert_non_null(strstr(text, "endcmap\n"));
	assert_non_null(strstr(text, "CMapName currentdict /CMap defineresource pop"));
	assert_int_equal(occurrences(text, len, "begincodespacerange"), 1);
	assert_int_equal(occurrences(text, len, "begincidrange"), 1);
	assert_int_equal(occurrences(text, len, "cidchar"), 0);
	assert_int_equal(occurrences(text, len, "notdef"), 0);
	assert_int_equal(occurrences(text, len, "usecmap"), 0);
	free(text);
}

/* A dictionary's name value for key (without the slash). */
static void name_of(const char *dict, const char *key, char *name, size_t size)
{
	const char *at = strstr(dict, key);
	assert_non_null(at);
	at += strlen(key);
	while (*at == ' ')
		at++;
	assert_int_equal(*at, '/');
	at++;
	size_t n = strcspn(at, " /[]<>()\n");
	assert_true(n > 0 && n < size);
	memcpy(name, at, n);
	name[n] = '\0';
}

/* What the test learnt of one font in the written PDF. */
struct written_font {
	char *type0;        /* the Type0 font's dictionary */
	char *cid_font;     /* the CIDFont's */
	char *descriptor;   /* the FontDescriptor's */
	char *program;      /* the font file, decoded */
	size_t program_len; /* its length */
	int encoding;       /* TrueType: the encoding CMap's object; CFF: 0 (Identity-H) */
	int to_unicode;     /* the ToUnicode CMap's object */
	long widths[65536]; /* /W by CID, -1 where it gives none */
};

/* Reads one font's objects back and checks what every font must have: the Type0 font
 * and its encoding (TrueType: the shared CMap stream; CFF: Identity-H), its CIDFont, /W
 * by CID equal to pdf_font_width of the glyph each CID stands for, the ToUnicode CMap. */
static void read_font(const struct doc *d, const char *path, struct pdf_font *font,
		      struct written_font *wf)
{
	const struct font_model *m = model_of(d, font);
	wf->type0 = show_object(path, pdf_font_object(font), false, NULL);
	assert_non_null(strstr(wf->type0, "/Subtype /Type0"));
	wf->cid_font = show_object(path, ref_of(wf->type0, "/DescendantFonts"), false, NULL);
	assert_non_null(strstr(wf->cid_font, "/Registry (Adobe)"));
	assert_non_null(strstr(wf->cid_font, "/Ordering (Identity)"));
	assert_int_equal(int_of(wf->cid_font, "/DW "), 1000);
	wf->descriptor = show_object(path, ref_of(wf->cid_font, "/FontDescriptor"), false, NULL);
	assert_true(int_of(wf->descriptor, "/Flags ") & 4);
	/* PDF 32000-1, 9.7.6.1: the Type0 font's name is the CIDFont's, with "-" and the
	 * CMap's name after it for a CIDFontType0. */
	char type0_name[128], cid_font_name[128], font_name[128];
	name_of(wf->type0, "/BaseFont", type0_name, sizeof type0_name);
	name_of(wf->cid_font, "/BaseFont", cid_font_name, sizeof cid_font_name);
	name_of(wf->descriptor, "/FontName", font_name, sizeof font_name);
	assert_string_equal(font_name, cid_font_name);
	if (m->truetype) {
		assert_non_null(strstr(wf->cid_font, "/Subtype /CIDFontType2"));
		assert_null(strstr(wf->type0, "Identity-H"));
		assert_string_equal(type0_name, cid_font_name);
		wf->encoding = ref_of(wf->type0, "/Encoding");
		check_encoding_cmap(path, wf->encoding);
	} else {
		assert_non_null(strstr(wf->cid_font, "/Subtype /CIDFontType0"));
		assert_non_null(strstr(wf->type0, "/Encoding /Identity-H"));
		char expected[160];
		snprintf(expected, sizeof expected, "%s-Identity-H", cid_font_name);
		assert_string_equal(type0_name, expected);
		wf->encoding = 0;
	}

	/* TrueType: each CID given, the glyph the test's model says it stands for, and no
	 * other CID; CFF: each glyph drawn, its id its CID. */
	read_widths(wf->cid_font, wf->widths, 65536);
	int listed = 0;
	size_t n = m->truetype ? m->n_cids : d->n_drawn;
	for (size_t i = 0; i < n; i++) {
		unsigned cid, glyph;
		if (m->truetype) {
			cid = (unsigned)i;
			glyph = m->by_cid[i];
		} else {
			if (d->drawn[i].font != font)
				continue;
			cid = glyph = d->drawn[i].glyph;
		}
		double width = pdf_font_width(font, glyph);
		assert_true(width == (long)width);
		if (wf->widths[cid] >= 0) {
			assert_int_equal(wf->widths[cid], (long)width);
			listed++;
		} else {
			assert_int_equal((long)width, 1000);
		}
	}
	assert_true(listed > 0);
	if (m->truetype)
		for (size_t cid = m->n_cids; cid < 65536; cid++)
			assert_int_equal(wf->widths[cid], -1);

	wf->to_unicode = ref_of(wf->type0, "/ToUnicode");
	assert_int_not_equal(wf->to_unicode, wf->encoding);
	char *cmap = show_object(path, wf->to_unicode, true, NULL);
	check_to_unicode(d, font, cmap);
	free(cmap);
}

static void written_font_free(struct written_font *wf)
{
	free(wf->type0);
	free(wf->cid_font);
	free(wf->descriptor);
	free(wf->program);
	free(wf);
}

/* A font on a face at its own units, for comparing glyphs. */
static hb_font_t *unscaled_font(hb_face_t *face)
{
	hb_font_t *font = hb_font_create(face);
	hb_font_set_scale(font, (int)hb_face_get_upem(face), (int)hb_face_get_upem(face));
	return font;
}

/* Checks that glyph `from` of the original face is, at `to` in the subset, of the same
 * advance and outline extents. */
static void check_same_glyph(hb_font_t *original, hb_font_t *subset, unsigned from, unsigned to)
{
	assert_int_equal(hb_font_get_glyph_h_advance(subset, to),
			 hb_font_get_glyph_h_advance(original, from));
	hb_glyph_extents_t a, b;
	assert_true(hb_font_get_glyph_extents(original, from, &a));
	assert_true(hb_font_get_glyph_extents(subset, to, &b));
	assert_int_equal(a.x_bearing, b.x_bearing);
	assert_int_equal(a.y_bearing, b.y_bearing);
	assert_int_equal(a.width, b.width);
	assert_int_equal(a.height, b.height);
}

/* Checks a TrueType font's program (read into wf) and CIDToGIDMap against the face it
 * was made from: /Length1 is the program's length, the layout tables are gone, and the
 * map has two bytes (big-endian) for each CID given, from CID 0 to the highest, each
 * leading to a glyph of the program with the advance and outline extents of the glyph
 * the CID stands for (CID 0: to glyph 0, its advance), distinct CIDs to distinct
 * glyphs. Returns the program's glyph count. */
static unsigned check_truetype_program(const struct doc *d, const char *path,
				       struct pdf_font *font, struct written_font *wf,
				       hb_face_t *face)
{
	const struct font_model *m = model_of(d, font);
	assert_true(m->truetype);
	int program = ref_of(wf->descriptor, "/FontFile2");
	char *program_dict = show_object(path, program, false, NULL);
	wf->program = show_object(path, program, true, &wf->program_len);
	assert_int_equal(int_of(program_dict, "/Length1 "), (long)wf->program_len);
	free(program_dict);

	size_t map_len;
	char *map = show_object(path, ref_of(wf->cid_font, "/CIDToGIDMap"), true, &map_len);
	assert_int_equal(map_len, 2 * (size_t)m->n_cids);
	hb_blob_t *blob = hb_blob_create(wf->program, (unsigned)wf->program_len,
					 HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *subset_face = hb_face_create(blob, 0);
	hb_font_t *subset = unscaled_font(subset_face);
	hb_font_t *original = unscaled_font(face);
	unsigned count = hb_face_get_glyph_count(subset_face);
	assert_true(count >= m->n_cids);
	assert_true(count < hb_face_get_glyph_count(face));
	/* The layout tables are gone. */
	hb_blob_t *gsub = hb_face_reference_table(subset_face, HB_TAG('G', 'S', 'U', 'B'));
	assert_int_equal(hb_blob_get_length(gsub), 0);
	hb_blob_destroy(gsub);
	bool *taken = xcalloc(count, sizeof *taken);
	for (unsigned cid = 0; cid < m->n_cids; cid++) {
		unsigned glyph = m->by_cid[cid];
		unsigned to = (unsigned char)map[2 * cid] << 8 | (unsigned char)map[2 * cid + 1];
		assert_true(to < count);
		assert_int_equal(glyph == 0, to == 0);
		assert_false(taken[to]);
		taken[to] = true;
		if (cid == 0) {
			/* .notdef: hb-subset keeps its advance, not its outline. */
			assert_int_equal(hb_font_get_glyph_h_advance(subset, 0),
					 hb_font_get_glyph_h_advance(original, 0));
			continue;
		}
		check_same_glyph(original, subset, glyph, to);
	}
	free(taken);
	hb_font_destroy(original);
	hb_font_destroy(subset);
	hb_face_destroy(subset_face);
	hb_blob_destroy(blob);
	free(map);
	return count;
}

/* pdffonts' line for a font whose name contains `name`: checks it is embedded,
 * a subset, with a ToUnicode, of the given type and encoding ("Custom" for an embedded
 * CMap, "Identity-H"). */
static void check_pdffonts(const char *listing, const char *name, const char *type,
			   const char *encoding)
{
	const char *line = strstr(listing, name);
	assert_non_null(line);
	const char *end = strchr(line, '\n');
	char copy[256];
	snprintf(copy, sizeof copy, "%.*s", (int)(end ? end - line : (long)strlen(line)), line);
	assert_non_null(strstr(copy, type));
	char columns[64];
	snprintf(columns, sizeof columns, " %s ", encoding);
	if (!strstr(copy, columns))
		fail_msg("no encoding \"%s\" in \"%s\"", encoding, copy);
	assert_non_null(strstr(copy, "yes yes yes"));
	/* The subset tag: six capitals and '+'. */
	const char *plus = line;
	while (plus > listing && plus[-1] != '\n')
		plus--;
	for (int i = 0; i < 6; i++)
		assert_true(plus[i] >= 'A' && plus[i] <= 'Z');
	assert_int_equal(plus[6], '+');
}

/* The PDF at path as qpdf --qdf writes it: every object out of object streams, streams
 * decoded, so that a string can be counted in the whole file. */
static char *qdf_of(const char *path, size_t *len)
{
	char command[512];
	snprintf(command, sizeof command, "qpdf --qdf --object-streams=disable '%s' -", path);
	int status;
	char *out = run(command, len, &status);
	assert_int_equal(status, 0);
	return out;
}

/* qpdf --check passes the whole file. */
static void check_qpdf(const char *path)
{
	char command[512];
	snprintf(command, sizeof command, "qpdf --check '%s' 2>&1", path);
	int status;
	char *out = run(command, NULL, &status);
	if (status != 0 || !strstr(out, "No syntax or stream encoding errors"))
		fail_msg("qpdf --check: %s", out);
	free(out);
}

/* Fails, showing both, unless text contains part. */
static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("\"%s\" not found in \"%s\"", part, text);
}

/* pdftotext's text of the PDF, spaces and line breaks as it gives them. */
static char *extract_text(const char *path)
{
	char command[512];
	snprintf(command, sizeof command, "pdftotext -enc UTF-8 '%s' - 2>&1", path);
	int status;
	char *out = run(command, NULL, &status);
	assert_int_equal(status, 0);
	return out;
}

/* ---- tests ---- */

static const char LIBERATION_TEXT[] = "Briefing pack \xe2\x80\x94 office fluffy, 42 AV";
static const char DEJAVU_TEXT[] =
	"office fluffy affine \xc3\x9cnic\xc3\xb6" "de \xe2\x80\x94 \xe2\x82\xac \xf0\x90\x8c\x80";

/* The CID a glyph of a font was given, as the test's model says (CFF: its glyph id);
 * fails when it was given none. */
static unsigned cid_of_glyph(const struct font_model *m, unsigned glyph)
{
	if (!m->truetype)
		return glyph;
	for (unsigned cid = 0; cid < m->n_cids; cid++)
		if (m->by_cid[cid] == glyph)
			return cid;
	fail_msg("glyph %u was given no CID", glyph);
	return 0;
}

/* Fails unless a code is the one byte b. */
static void assert_code1(const unsigned char *code, int len, unsigned b)
{
	if (len != 1 || code[0] != b)
		fail_msg("code of %d bytes %02X..., not <%02X>", len, code[0], b);
}

/* Fails unless a code is the two bytes of c. */
static void assert_code2(const unsigned char *code, int len, unsigned c)
{
	if (len != 2 || code[0] != c >> 8 || code[1] != (c & 0xff))
		fail_msg("code of %d bytes %02X..., not <%04X>", len, code[0], c);
}

/* Two TrueType faces, one with ligatures and a character past the BMP: embedded as
 * valid subsets whose codes, widths, ToUnicode and CIDToGIDMap agree with the faces and
 * with the order their glyphs were first drawn in, the two sharing one encoding CMap. */
static void embeds_truetype_subsets(void **state)
{
	struct fixture *fx = *state;
	PangoFont *serif = load_font(fx, "Liberation Serif 12");
	PangoFont *serif_large = load_font(fx, "Liberation Serif 30");
	PangoFont *sans = load_font(fx, "DejaVu Sans 12");
	char *path = path_in(fx->dir, "truetype.pdf");

	struct doc d;
	doc_begin(&d);
	struct pdf_font *serif_pdf = pdf_fonts_get(d.fonts, serif);
	assert_non_null(serif_pdf);
	assert_true(ends_with(pdf_font_file(serif_pdf), "/LiberationSerif-Regular.ttf"));
	/* All sizes of one face are one PDF font; resources are named in order of use. */
	assert_ptr_equal(pdf_fonts_get(d.fonts, serif_large), serif_pdf);
	assert_string_equal(pdf_font_resource(serif_pdf), "F1");
	struct pdf_font *sans_pdf = pdf_fonts_get(d.fonts, sans);
	assert_non_null(sans_pdf);
	assert_true(ends_with(pdf_font_file(sans_pdf), "/DejaVuSans.ttf"));
	assert_string_equal(pdf_font_resource(sans_pdf), "F2");
	assert_true(pdf_font_object(sans_pdf) != pdf_font_object(serif_pdf));
	assert_ptr_equal(pdf_fonts_get(d.fonts, serif), serif_pdf);
	assert_ptr_equal(font_get(&d, serif), serif_pdf);
	assert_ptr_equal(font_get(&d, sans), sans_pdf);
	assert_true(model_of(&d, serif_pdf)->truetype && model_of(&d, sans_pdf)->truetype);

	/* Glyph 0 is CID 0, <00>, and coding it gives no other CID. */
	unsigned char code[2];
	int len = code_glyph(&d, serif_pdf, 0, code);
	assert_code1(code, len, 0x00);
	assert_int_equal(model_of(&d, serif_pdf)->n_cids, 1);

	draw_text(&d, serif, LIBERATION_TEXT);
	/* CIDs in order of first code, from 1, one byte each: 'B' <01>, 'r' <02>, 'i' <03>. */
	assert_code1(d.drawn[0].code, d.drawn[0].code_len, 0x01);
	assert_code1(d.drawn[1].code, d.drawn[1].code_len, 0x02);
	assert_code1(d.drawn[2].code, d.drawn[2].code_len, 0x03);
	size_t sans_start = d.n_drawn;
	int ligatures = draw_text(&d, sans, DEJAVU_TEXT);
	assert_true(ligatures >= 3); /* ffi, ffl, ffi: one glyph for three characters */
	/* Each font gives its own CIDs: the first glyph of the sans ('o') is <01> too. */
	assert_code1(d.drawn[sans_start].code, d.drawn[sans_start].code_len, 0x01);
	hb_codepoint_t o, e;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'o', &o));
	assert_int_equal(d.drawn[sans_start].glyph, o);
	/* Every 'e' of the line has the code of the first. */
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'e', &e));
	const struct drawn *first_e = first_use(&d, sans_pdf, e);
	assert_non_null(first_e);
	assert_int_equal(first_e->code_len, 1);
	assert_true(first_e->code[0] > 0x01);
	int repeated = 0;
	for (const struct drawn *g = first_e + 1; g < d.drawn + d.n_drawn; g++)
		if (g->font == sans_pdf && g->glyph == e) {
			assert_code1(g->code, g->code_len, first_e->code[0]);
			repeated++;
		}
	assert_true(repeated >= 2);
	/* A glyph keeps its code: asked again, the same. */
	len = code_glyph(&d, sans_pdf, o, code);
	assert_code1(code, len, 0x01);
	len = code_glyph(&d, sans_pdf, 0, code);
	assert_code1(code, len, 0x00);

	/* The first use of a glyph decides; another text for it is false (ActualText). */
	assert_true(pdf_font_use(sans_pdf, o, "o", 1));
	assert_false(pdf_font_use(sans_pdf, o, "0", 1));
	assert_false(pdf_font_use(sans_pdf, o, "", 0));
	assert_false(pdf_font_use(sans_pdf, o, "oo", 2));
	assert_false(pdf_font_use(sans_pdf, 0, "x", 1));
	assert_true(pdf_font_use(sans_pdf, 0, "", 0));
	/* A glyph gets a CID only through pdf_font_code: 'X', used for a text and measured
	 * but never coded, takes none (the next glyph coded gets the next CID) and has no
	 * ToUnicode entry (check_to_unicode finds none for it). */
	hb_codepoint_t x;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'X', &x));
	assert_null(first_use(&d, sans_pdf, x));
	assert_true(pdf_font_use(sans_pdf, x, "X", 1));
	assert_true(pdf_font_width(sans_pdf, x) > 0);
	unsigned next_cid = model_of(&d, sans_pdf)->n_cids;
	assert_true(next_cid > 10 && next_cid < ONE_BYTE);
	/* A glyph first used for no text never gets an entry. */
	hb_codepoint_t q;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'Q', &q));
	line_begin(&d, sans);
	draw_glyph(&d, sans_pdf, q, "", 0);
	assert_code1(d.drawn[d.n_drawn - 1].code, d.drawn[d.n_drawn - 1].code_len, next_cid);
	draw_glyph(&d, sans_pdf, q, "Q", 1);
	assert_code1(d.drawn[d.n_drawn - 1].code, d.drawn[d.n_drawn - 1].code_len, next_cid);
	/* A glyph can stand for a text of another character, past the BMP too. */
	hb_codepoint_t z;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'z', &z));
	draw_glyph(&d, sans_pdf, z, "\xf0\x9d\x90\xb3", 4); /* U+1D433 MATHEMATICAL BOLD SMALL Z */
	/* Text that is not UTF-8 is refused and decides nothing. */
	hb_codepoint_t k;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'k', &k));
	assert_false(pdf_font_use(sans_pdf, k, "\xc0\xaf", 2));
	assert_false(pdf_font_use(sans_pdf, k, "\xed\xa0\x80", 3)); /* a surrogate */
	draw_glyph(&d, sans_pdf, k, "k", 1);
	/* A glyph drawn with no use at all (as inside /ActualText) maps to the lowest
	 * character the face has for it; one the face has none for, to nothing. */
	hb_codepoint_t w;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'W', &w));
	draw_glyph(&d, sans_pdf, w, NULL, 0);
	unsigned unmapped = 1;
	while (lowest_char(pango_font_get_hb_font(sans), unmapped) >= 0)
		unmapped++;
	assert_true(unmapped < hb_face_get_glyph_count(hb_font_get_face(pango_font_get_hb_font(sans))));
	draw_glyph(&d, sans_pdf, unmapped, NULL, 0);
	line_end(&d);
	/* Widths are the face's advances in 1000ths of an em, rounded. */
	hb_codepoint_t m;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(serif), 'M', &m));
	hb_font_t *serif_unscaled = unscaled_font(hb_font_get_face(pango_font_get_hb_font(serif)));
	assert_true(pdf_font_width(serif_pdf, m) ==
		    round(hb_font_get_glyph_h_advance(serif_unscaled, m) * 1000.0 / 2048));
	assert_true(pdf_font_width(serif_pdf, m) == 889); /* Times' M */
	assert_true(pdf_font_width(serif_pdf, 1u << 20) == 1000);
	hb_font_destroy(serif_unscaled);
	doc_end(&d, path);

	check_qpdf(path);
	int status;
	char command[512];
	snprintf(command, sizeof command, "pdffonts '%s'", path);
	char *listing = run(command, NULL, &status);
	assert_int_equal(status, 0);
	check_pdffonts(listing, "+LiberationSerif ", "CID TrueType", "Custom");
	check_pdffonts(listing, "+DejaVuSans ", "CID TrueType", "Custom");
	free(listing);

	char *text = extract_text(path);
	assert_contains(text, LIBERATION_TEXT);
	assert_contains(text, DEJAVU_TEXT);
	/* Q was first drawn for no text: it has no entry, and extracts as nothing; W, drawn
	 * with no use, as W. */
	assert_contains(text, "\n\xf0\x9d\x90\xb3kW\n");
	free(text);

	/* One encoding CMap in the file, for both fonts. */
	size_t qdf_len;
	char *qdf = qdf_of(path, &qdf_len);
	assert_int_equal(occurrences(qdf, qdf_len, "/Type /CMap"), 1);
	assert_int_equal(occurrences(qdf, qdf_len, "/Briefpack-Identity-8-16"), 2); /* dict, text */
	free(qdf);

	struct pdf_font *fonts[] = { serif_pdf, sans_pdf };
	int encodings[2];
	for (int i = 0; i < 2; i++) {
		struct written_font *wf = xcalloc(1, sizeof *wf);
		read_font(&d, path, fonts[i], wf);
		encodings[i] = wf->encoding;
		const struct font_model *model = model_of(&d, fonts[i]);
		/* The em dash is 1000 units wide, the default: /W leaves its CID out. */
		hb_codepoint_t dash;
		assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(i ? sans : serif),
						      0x2014, &dash));
		assert_true(first_use(&d, fonts[i], dash) != NULL);
		assert_int_equal(wf->widths[cid_of_glyph(model, dash)], -1);
		assert_true(pdf_font_width(fonts[i], dash) == 1000);
		/* Its 'B' or 'o', CID 1, has its width there. */
		assert_int_equal(wf->widths[1], (long)pdf_font_width(fonts[i], model->by_cid[1]));
		/* Flags: symbolic; Liberation Serif has serifs, DejaVu Sans none. */
		assert_int_equal(int_of(wf->descriptor, "/Flags "), i ? 4 : 4 | 2);
		hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(i ? sans : serif));
		unsigned subset_glyphs = check_truetype_program(&d, path, fonts[i], wf, face);
		assert_true(subset_glyphs < 100);
		long original_size = file_size(pdf_font_file(fonts[i]));
		print_message("%s: %ld bytes, subset %zu bytes\n", pdf_font_file(fonts[i]),
			      original_size, wf->program_len);
		assert_true(wf->program_len > 1000);
		assert_true((long)wf->program_len * 20 < original_size);
		written_font_free(wf);
	}
	assert_true(encodings[0] > 0);
	assert_int_equal(encodings[0], encodings[1]);

	doc_free(&d);
	g_object_unref(serif);
	g_object_unref(serif_large);
	g_object_unref(sans);
	free(path);
}

/* A font map seeing only the font file at path (not the system's fonts). */
static PangoFontMap *map_for_file(const char *path)
{
	FcConfig *config = FcConfigCreate();
	assert_true(FcConfigAppFontAddFile(config, (const FcChar8 *)path));
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	assert_non_null(map);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	FcConfigDestroy(config);
	return map;
}

/* The first font file fontconfig lists in the given format ("CFF", "TrueType"), or NULL. */
static char *font_file_in_format(const char *format)
{
	FcPattern *pattern = FcPatternCreate();
	FcPatternAddString(pattern, FC_FONTFORMAT, (const FcChar8 *)format);
	FcObjectSet *objects = FcObjectSetBuild(FC_FILE, FC_INDEX, (char *)NULL);
	FcFontSet *set = FcFontList(NULL, pattern, objects);
	char *first = NULL;
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *file;
		int index;
		if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) == FcResultMatch &&
		    FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index) == FcResultMatch &&
		    index == 0 && (!first || strcmp((const char *)file, first) < 0)) {
			free(first);
			first = xstrdup((const char *)file);
		}
	}
	if (set)
		FcFontSetDestroy(set);
	FcObjectSetDestroy(objects);
	FcPatternDestroy(pattern);
	return first;
}

/* Draws every character from U+0021 to U+024F that DejaVu Sans has, 60 a line. */
static void draw_many(struct doc *d, PangoFont *font, struct buf *expected)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	struct pdf_font *pdf = line_begin(d, font);
	int on_line = 0;
	for (hb_codepoint_t u = 0x21; u <= 0x24f; u++) {
		hb_codepoint_t glyph;
		bool invisible = (u >= 0x7f && u <= 0xa0) || u == 0xad;
		if (invisible || !hb_font_get_nominal_glyph(hb, u, &glyph))
			continue;
		if (on_line == 60) {
			line_end(d);
			pdf = line_begin(d, font);
			buf_putc(expected, '\n');
			on_line = 0;
		}
		char text[8];
		int len = g_unichar_to_utf8(u, text);
		draw_glyph(d, pdf, glyph, text, (size_t)len);
		buf_add(expected, text, (size_t)len);
		on_line++;
	}
	line_end(d);
}

/* A line of glyphs drawn before, early ones (one-byte codes) and late ones (two). */
static const char REPRISE_TEXT[] = "Reprise:\xc3\x80\xc7\xbf\xc9\x8f\xc8\x80!";

/* The many glyphs' document: the characters of draw_many in DejaVu Sans, a line of them
 * again, a line in Liberation Serif (a second TrueType font), and every glyph drawn asked
 * for its code again. */
static void draw_many_doc(struct doc *d, PangoFont *sans, PangoFont *serif, struct buf *expected)
{
	draw_many(d, sans, expected);
	buf_putc(expected, '\n');
	draw_text(d, sans, REPRISE_TEXT);
	buf_puts(expected, REPRISE_TEXT);
	buf_putc(expected, '\n');
	draw_text(d, serif, LIBERATION_TEXT);
	buf_puts(expected, LIBERATION_TEXT);
	/* A glyph keeps its code: the one it was drawn with (code_glyph also checks it
	 * against the model). */
	size_t n = d->n_drawn;
	for (size_t i = 0; i < n; i++) {
		unsigned char code[2];
		int len = code_glyph(d, d->drawn[i].font, d->drawn[i].glyph, code);
		assert_int_equal(len, d->drawn[i].code_len);
		assert_memory_equal(code, d->drawn[i].code, (size_t)len);
	}
}

/* Hundreds of glyphs: CIDs past 0x7F drawn as two-byte codes, the ToUnicode CMap in
 * blocks of 100 and with codes of both lengths, the CIDToGIDMap and /W for all of them,
 * the text read back whole, and the same calls giving the same bytes. */
static void many_glyphs_deterministic(void **state)
{
	struct fixture *fx = *state;
	PangoFont *sans = load_font(fx, "DejaVu Sans 12");
	PangoFont *serif = load_font(fx, "Liberation Serif 12");
	char *path = path_in(fx->dir, "many.pdf");
	char *again = path_in(fx->dir, "many-again.pdf");
	struct buf expected = { 0 };
	struct doc d, d2;
	doc_begin(&d);
	draw_many_doc(&d, sans, serif, &expected);
	assert_true(d.n_drawn > 400);
	struct pdf_font *sans_pdf = d.used[0]->pdf;
	assert_ptr_equal(pdf_fonts_get(d.fonts, sans), sans_pdf);

	/* Codes in order of first use, counted here apart from the model: the n-th glyph
	 * of the sans first drawn is CID n, the code <n> up to 0x7F, then 0x8000 + (n - 0x80)
	 * in two bytes; a glyph drawn again has the code it had. */
	size_t *first_of = xcalloc(MAX_DRAWN + 1, sizeof *first_of); /* by CID: its drawn index */
	unsigned distinct = 0, one_byte = 0, two_byte = 0;
	for (size_t i = 0; i < d.n_drawn; i++) {
		const struct drawn *g = &d.drawn[i];
		if (g->font != sans_pdf)
			continue;
		assert_true(g->glyph != 0);
		unsigned cid = 1;
		while (cid <= distinct && d.drawn[first_of[cid]].glyph != g->glyph)
			cid++;
		if (cid <= distinct) {
			assert_int_equal(g->code_len, d.drawn[first_of[cid]].code_len);
			assert_memory_equal(g->code, d.drawn[first_of[cid]].code, (size_t)g->code_len);
			continue;
		}
		first_of[++distinct] = i;
		if (distinct < 0x80) {
			assert_code1(g->code, g->code_len, distinct);
			one_byte++;
		} else {
			assert_code2(g->code, g->code_len, 0x8000 + distinct - 0x80);
			two_byte++;
		}
	}
	assert_int_equal(one_byte, 0x7f);
	assert_true(distinct > 0x181);
	assert_int_equal(two_byte, distinct - 0x7f);
	assert_int_equal(model_of(&d, sans_pdf)->n_cids, distinct + 1);
	/* The edges: '!' first, <01>; the 127th <7F>; the 128th <8000>; then <8001>; the
	 * 384th <8100>. */
	assert_string_equal(d.drawn[first_of[1]].text, "!");
	assert_code1(d.drawn[first_of[1]].code, d.drawn[first_of[1]].code_len, 0x01);
	assert_code1(d.drawn[first_of[0x7f]].code, d.drawn[first_of[0x7f]].code_len, 0x7f);
	assert_code2(d.drawn[first_of[0x80]].code, d.drawn[first_of[0x80]].code_len, 0x8000);
	assert_code2(d.drawn[first_of[0x81]].code, d.drawn[first_of[0x81]].code_len, 0x8001);
	assert_code2(d.drawn[first_of[0x180]].code, d.drawn[first_of[0x180]].code_len, 0x8100);
	free(first_of);
	/* The reprise line: its late characters have two-byte codes, its early ones one. */
	const struct drawn *last = &d.drawn[d.n_drawn - 1];
	while (last->font != sans_pdf)
		last--;
	assert_string_equal(last->text, "!");
	assert_code1(last->code, last->code_len, 0x01);
	assert_string_equal(last[-1].text, "\xc8\x80"); /* U+0200, late: two bytes */
	assert_int_equal(last[-1].code_len, 2);
	assert_true(last[-1].code[0] >= 0x80);
	unsigned char code[2];
	int len = code_glyph(&d, sans_pdf, 0, code);
	assert_code1(code, len, 0x00);
	doc_end(&d, path);

	check_qpdf(path);
	int status;
	char command[512];
	snprintf(command, sizeof command, "pdffonts '%s'", path);
	char *listing = run(command, NULL, &status);
	assert_int_equal(status, 0);
	check_pdffonts(listing, "+DejaVuSans ", "CID TrueType", "Custom");
	check_pdffonts(listing, "+LiberationSerif ", "CID TrueType", "Custom");
	free(listing);
	int encodings[2];
	for (int i = 0; i < 2; i++) {
		struct written_font *wf = xcalloc(1, sizeof *wf);
		read_font(&d, path, d.used[i]->pdf, wf);
		encodings[i] = wf->encoding;
		PangoFont *font = i ? serif : sans;
		unsigned subset_glyphs =
			check_truetype_program(&d, path, d.used[i]->pdf, wf,
					       hb_font_get_face(pango_font_get_hb_font(font)));
		assert_true(subset_glyphs >= d.used[i]->n_cids);
		written_font_free(wf);
	}
	assert_int_equal(encodings[0], encodings[1]);
	size_t qdf_len;
	char *qdf = qdf_of(path, &qdf_len);
	assert_int_equal(occurrences(qdf, qdf_len, "/Type /CMap"), 1);
	free(qdf);
	char *text = extract_text(path);
	char *line = expected.data;
	while (line && *line) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		assert_contains(text, line);
		line = end ? end + 1 : NULL;
	}
	free(text);

	struct buf ignored = { 0 };
	doc_begin(&d2);
	draw_many_doc(&d2, sans, serif, &ignored);
	doc_end(&d2, again);
	assert_int_equal(d2.size, d.size);
	assert_memory_equal(d2.data, d.data, d.size);

	buf_free(&ignored);
	buf_free(&expected);
	doc_free(&d);
	doc_free(&d2);
	g_object_unref(sans);
	g_object_unref(serif);
	free(path);
	free(again);
}

/* An OpenType font with CFF outlines: embedded as FontFile3 /CIDFontType0C, glyph ids
 * kept as CIDs. Skipped where fontconfig knows no CFF font. */
static void embeds_cff(void **state)
{
	struct fixture *fx = *state;
	char *file = font_file_in_format("CFF");
	if (!file) {
		print_message("no CFF font installed (fonts-urw-base35 has some): skipped\n");
		skip();
	}
	PangoFontMap *map = map_for_file(file);
	PangoContext *context = pango_font_map_create_context(map);
	PangoFontDescription *desc = pango_font_description_from_string("Any 12");
	PangoFont *font = pango_font_map_load_font(map, context, desc);
	pango_font_description_free(desc);
	assert_non_null(font);
	char *path = path_in(fx->dir, "cff.pdf");

	struct doc d;
	doc_begin(&d);
	struct pdf_font *pdf = font_get(&d, font);
	assert_string_equal(pdf_font_file(pdf), file);
	assert_false(model_of(&d, pdf)->truetype);
	draw_text(&d, font, LIBERATION_TEXT);
	/* Codes are the glyph ids in two bytes (code_glyph checked each one drawn), glyph 0
	 * too; asked again, the same. */
	unsigned char code[2];
	int len = code_glyph(&d, pdf, 0, code);
	assert_code2(code, len, 0x0000);
	len = code_glyph(&d, pdf, d.drawn[0].glyph, code);
	assert_code2(code, len, d.drawn[0].glyph);
	assert_true(d.drawn[0].glyph > 0);
	doc_end(&d, path);

	check_qpdf(path);
	struct written_font *wf = xcalloc(1, sizeof *wf);
	read_font(&d, path, pdf, wf);
	assert_null(strstr(wf->cid_font, "/CIDToGIDMap"));
	assert_non_null(strstr(wf->type0, "-Identity-H "));
	/* pdffonts' line for it, by its Type0 font's name ("ABCDEF+Name-Identity-H"). */
	char base_font[128], name[132];
	name_of(wf->type0, "/BaseFont", base_font, sizeof base_font);
	assert_non_null(strchr(base_font, '+'));
	snprintf(name, sizeof name, "%s ", strchr(base_font, '+'));
	int status;
	char command[512];
	snprintf(command, sizeof command, "pdffonts '%s'", path);
	char *listing = run(command, NULL, &status);
	assert_int_equal(status, 0);
	check_pdffonts(listing, name, "CID Type 0C", "Identity-H");
	free(listing);
	char *text = extract_text(path);
	assert_contains(text, LIBERATION_TEXT);
	free(text);
	/* No TrueType font, no encoding CMap. */
	size_t qdf_len;
	char *qdf = qdf_of(path, &qdf_len);
	assert_int_equal(occurrences(qdf, qdf_len, "/Type /CMap"), 0);
	assert_int_equal(occurrences(qdf, qdf_len, "Briefpack-Identity"), 0);
	free(qdf);

	int program = ref_of(wf->descriptor, "/FontFile3");
	char *program_dict = show_object(path, program, false, NULL);
	assert_non_null(strstr(program_dict, "/Subtype /CIDFontType0C"));
	free(program_dict);
	wf->program = show_object(path, program, true, &wf->program_len);
	long original_size = file_size(file);
	print_message("%s: %ld bytes, CFF subset %zu bytes\n", file, original_size,
		      wf->program_len);
	assert_true((long)wf->program_len * 5 < original_size);

	/* FreeType reads the bare CFF: each glyph drawn has, at its glyph id, the outline the
	 * face has there. */
	FT_Library library;
	FT_Face original, subset;
	assert_int_equal(FT_Init_FreeType(&library), 0);
	assert_int_equal(FT_New_Face(library, file, 0, &original), 0);
	assert_int_equal(FT_New_Memory_Face(library, (const FT_Byte *)wf->program,
					    (FT_Long)wf->program_len, 0, &subset), 0);
	assert_true(subset->num_glyphs < original->num_glyphs);
	for (size_t i = 0; i < d.n_drawn; i++) {
		unsigned glyph = d.drawn[i].glyph;
		FT_BBox want, got;
		assert_int_equal(FT_Load_Glyph(original, glyph, FT_LOAD_NO_SCALE), 0);
		FT_Outline_Get_CBox(&original->glyph->outline, &want);
		int points = original->glyph->outline.n_points;
		assert_int_equal(FT_Load_Glyph(subset, glyph, FT_LOAD_NO_SCALE), 0);
		FT_Outline_Get_CBox(&subset->glyph->outline, &got);
		assert_int_equal(subset->glyph->outline.n_points, points);
		assert_true(points > 0 || d.drawn[i].text[0] == ' ');
		assert_int_equal(got.xMin, want.xMin);
		assert_int_equal(got.yMin, want.yMin);
		assert_int_equal(got.xMax, want.xMax);
		assert_int_equal(got.yMax, want.yMax);
	}
	FT_Done_Face(subset);
	FT_Done_Face(original);
	FT_Done_FreeType(library);
	written_font_free(wf);

	/* With a TrueType font in the file as well: that one is drawn through the encoding
	 * CMap, the CFF font keeps Identity-H and its glyph ids (code_glyph checks them). */
	PangoFont *sans = load_font(fx, "DejaVu Sans 12");
	char *mixed = path_in(fx->dir, "mixed.pdf");
	struct doc dm;
	doc_begin(&dm);
	draw_text(&dm, font, LIBERATION_TEXT);
	draw_text(&dm, sans, DEJAVU_TEXT);
	assert_int_equal(dm.n_used, 2);
	assert_false(dm.used[0]->truetype);
	assert_true(dm.used[1]->truetype);
	doc_end(&dm, mixed);
	check_qpdf(mixed);
	int encodings[2];
	for (int i = 0; i < 2; i++) {
		wf = xcalloc(1, sizeof *wf);
		read_font(&dm, mixed, dm.used[i]->pdf, wf);
		encodings[i] = wf->encoding;
		if (i == 0) {
			name_of(wf->type0, "/BaseFont", base_font, sizeof base_font);
			snprintf(name, sizeof name, "%s ", strchr(base_font, '+'));
		}
		written_font_free(wf);
	}
	assert_int_equal(encodings[0], 0);
	assert_true(encodings[1] > 0);
	snprintf(command, sizeof command, "pdffonts '%s'", mixed);
	listing = run(command, NULL, &status);
	assert_int_equal(status, 0);
	check_pdffonts(listing, name, "CID Type 0C", "Identity-H");
	check_pdffonts(listing, "+DejaVuSans ", "CID TrueType", "Custom");
	free(listing);
	qdf = qdf_of(mixed, &qdf_len);
	assert_int_equal(occurrences(qdf, qdf_len, "/Type /CMap"), 1);
	free(qdf);
	text = extract_text(mixed);
	assert_contains(text, LIBERATION_TEXT);
	assert_contains(text, DEJAVU_TEXT);
	free(text);
	doc_free(&dm);
	g_object_unref(sans);
	free(mixed);

	doc_free(&d);
	g_object_unref(font);
	g_object_unref(context);
	g_object_unref(map);
	free(path);
	free(file);
}

/* A face with no outlines (DejaVu Sans without its glyf table) is not embedded, and
 * says so by NULL, with no object reserved and no resource name taken. */
static void refuses_faces_without_outlines(void **state)
{
	struct fixture *fx = *state;
	PangoFont *sans = load_font(fx, "DejaVu Sans 12");
	hb_blob_t *blob = hb_face_reference_blob(hb_font_get_face(pango_font_get_hb_font(sans)));
	hb_face_t *face = hb_face_create(blob, 0);
	assert_true(hb_face_get_glyph_count(face) > 0);
	hb_face_t *builder = hb_face_builder_create();
	hb_tag_t tags[64];
	unsigned n_tags = 64;
	hb_face_get_table_tags(face, 0, &n_tags, tags);
	for (unsigned i = 0; i < n_tags; i++) {
		if (tags[i] == HB_TAG('g', 'l', 'y', 'f'))
			continue;
		hb_blob_t *table = hb_face_reference_table(face, tags[i]);
		hb_face_builder_add_table(builder, tags[i], table);
		hb_blob_destroy(table);
	}
	hb_blob_t *stripped = hb_face_reference_blob(builder);
	char *file = path_in(fx->dir, "no-outlines.ttf");
	FILE *out = fopen(file, "wb");
	unsigned len;
	const char *data = hb_blob_get_data(stripped, &len);
	assert_int_equal(fwrite(data, 1, len, out), len);
	fclose(out);
	hb_blob_destroy(stripped);
	hb_face_destroy(builder);
	hb_face_destroy(face);
	hb_blob_destroy(blob);

	PangoFontMap *map = map_for_file(file);
	PangoContext *context = pango_font_map_create_context(map);
	PangoFontDescription *desc = pango_font_description_from_string("DejaVu Sans 12");
	PangoFont *font = pango_font_map_load_font(map, context, desc);
	pango_font_description_free(desc);
	assert_non_null(font);
	FcChar8 *loaded;
	assert_int_equal(FcPatternGetString(pango_fc_font_get_pattern(PANGO_FC_FONT(font)), FC_FILE,
					    0, &loaded), FcResultMatch);
	assert_string_equal((const char *)loaded, file);
	char *pdf_path = path_in(fx->dir, "refused.pdf");

	struct doc d;
	doc_begin(&d);
	assert_null(pdf_fonts_get(d.fonts, font));
	assert_null(pdf_fonts_get(d.fonts, font));
	assert_null(pdf_fonts_get(d.fonts, NULL));
	struct pdf_font *pdf = pdf_fonts_get(d.fonts, sans);
	assert_non_null(pdf);
	assert_string_equal(pdf_font_resource(pdf), "F1");
	assert_int_equal(pdf_font_object(pdf), 1);
	draw_text(&d, sans, "ok");
	doc_end(&d, pdf_path);
	check_qpdf(pdf_path);
	doc_free(&d);
	g_object_unref(sans);
	g_object_unref(font);
	g_object_unref(context);
	g_object_unref(map);
	free(file);
	free(pdf_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(embeds_truetype_subsets),
		cmocka_unit_test(many_glyphs_deterministic),
		cmocka_unit_test(embeds_cff),
		cmocka_unit_test(refuses_faces_without_outlines),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
