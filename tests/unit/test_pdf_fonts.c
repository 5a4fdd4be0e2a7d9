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
};

/* A glyph drawn, and the text it stands for. */
struct drawn {
	struct pdf_font *font; /* the PDF font it was drawn with */
	unsigned glyph;        /* its glyph id, also its code */
	char text[64];         /* the text it stands for (UTF-8) */
	size_t len;            /* its length: 0 for a glyph standing for no text */
};

/* A one-page PDF being made, and what the test knows it should say. */
struct doc {
	char *data;                        /* the PDF, once doc_end closed the stream */
	size_t size;                       /* its length */
	FILE *stream;                      /* memory stream it is written to */
	struct pdf_writer *writer;         /* the writer under it */
	struct pdf_fonts *fonts;           /* the fonts under test */
	struct buf content;                /* the page's content stream */
	struct pdf_font *used[MAX_FONTS];  /* fonts drawn with, in order of first use */
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

/* The text a glyph was first used for, in the test's own record; NULL when none was. */
static const struct drawn *first_use(const struct doc *d, struct pdf_font *font, unsigned glyph)
{
	for (size_t i = 0; i < d->n_drawn; i++)
		if (d->drawn[i].font == font && d->drawn[i].glyph == glyph)
			return &d->drawn[i];
	return NULL;
}

/* Records a glyph drawn standing for text, checking pdf_font_use's answer against the
 * rule: the first use decides, glyph 0 stands for no text. */
static void draw_glyph(struct doc *d, struct pdf_font *pdf, unsigned glyph, const char *text,
		       size_t len)
{
	const struct drawn *first = first_use(d, pdf, glyph);
	bool expected;
	if (glyph == 0)
		expected = len == 0;
	else if (!first)
		expected = true;
	else
		expected = first->len == len && memcmp(first->text, text, len) == 0;
	assert_int_equal(pdf_font_use(pdf, glyph, text, len), expected);
	assert_true(d->n_drawn < MAX_DRAWN && len < sizeof d->drawn->text);
	struct drawn *g = &d->drawn[d->n_drawn++];
	g->font = pdf;
	g->glyph = glyph;
	memcpy(g->text, text, len);
	g->len = len;
	buf_printf(&d->content, "%04X", glyph);
}

/* Starts a line of text in the content stream, with font's resource. */
static struct pdf_font *line_begin(struct doc *d, PangoFont *font)
{
	struct pdf_font *pdf = pdf_fonts_get(d->fonts, font);
	assert_non_null(pdf);
	int i = 0;
	while (i < d->n_used && d->used[i] != pdf)
		i++;
	if (i == d->n_used) {
		assert_true(d->n_used < MAX_FONTS);
		d->used[d->n_used++] = pdf;
	}
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
		buf_printf(b, " /%s %d 0 R", pdf_font_resource(d->used[i]),
			   pdf_font_object(d->used[i]));
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

/* Checks a ToUnicode CMap: bfchar blocks of at most 100 entries, each glyph the test drew
 * with a text mapped to that text's UTF-16 (the first one it was drawn for), no other. */
static void check_to_unicode(const struct doc *d, struct pdf_font *font, const char *cmap)
{
	assert_non_null(strstr(cmap, "begincmap"));
	assert_non_null(strstr(cmap, "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange"));
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
			unsigned glyph;
			char target[600];
			assert_int_equal(sscanf(at, "<%4X> <%599[0-9A-F]>", &glyph, target), 2);
			const struct drawn *first = first_use(d, font, glyph);
			assert_non_null(first);
			assert_true(first->len > 0 && glyph != 0);
			char expected[600];
			utf16_hex(first->text, first->len, expected, sizeof expected);
			assert_string_equal(target, expected);
			at = strchr(at, '\n') + 1;
			entries++;
		}
		assert_true(strncmp(at, "endbfchar", 9) == 0);
	}
	/* Every glyph first drawn for a text has its entry. */
	int mapped = 0;
	for (size_t i = 0; i < d->n_drawn; i++)
		if (d->drawn[i].font == font && d->drawn[i].glyph != 0 && d->drawn[i].len > 0 &&
		    first_use(d, font, d->drawn[i].glyph) == &d->drawn[i])
			mapped++;
	assert_int_equal(entries, mapped);
}

/* What the test learnt of one font in the written PDF. */
struct written_font {
	char *type0;        /* the Type0 font's dictionary */
	char *cid_font;     /* the CIDFont's */
	char *descriptor;   /* the FontDescriptor's */
	char *program;      /* the font file, decoded */
	size_t program_len; /* its length */
	long widths[65536]; /* /W by CID, -1 where it gives none */
};

/* Reads one font's objects back and checks what every font must have: the Type0 font,
 * its CIDFont, /W equal to pdf_font_width for every glyph drawn, the ToUnicode CMap. */
static void read_font(const struct doc *d, const char *path, struct pdf_font *font,
		      struct written_font *wf)
{
	wf->type0 = show_object(path, pdf_font_object(font), false, NULL);
	assert_non_null(strstr(wf->type0, "/Subtype /Type0"));
	assert_non_null(strstr(wf->type0, "/Encoding /Identity-H"));
	wf->cid_font = show_object(path, ref_of(wf->type0, "/DescendantFonts"), false, NULL);
	assert_non_null(strstr(wf->cid_font, "/Registry (Adobe)"));
	assert_non_null(strstr(wf->cid_font, "/Ordering (Identity)"));
	assert_int_equal(int_of(wf->cid_font, "/DW "), 1000);
	wf->descriptor = show_object(path, ref_of(wf->cid_font, "/FontDescriptor"), false, NULL);
	assert_true(int_of(wf->descriptor, "/Flags ") & 4);

	read_widths(wf->cid_font, wf->widths, 65536);
	int listed = 0;
	for (size_t i = 0; i < d->n_drawn; i++) {
		if (d->drawn[i].font != font)
			continue;
		unsigned glyph = d->drawn[i].glyph;
		double width = pdf_font_width(font, glyph);
		assert_true(width == (long)width);
		if (wf->widths[glyph] >= 0) {
			assert_int_equal(wf->widths[glyph], (long)width);
			listed++;
		} else {
			assert_int_equal((long)width, 1000);
		}
	}
	assert_true(listed > 0);

	char *cmap = show_object(path, ref_of(wf->type0, "/ToUnicode"), true, NULL);
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

/* Checks that each glyph drawn has, at `to` in the subset, the advance and outline
 * extents it had in the original face. */
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

/* pdffonts' line for a font whose name contains `name`: checks it is embedded,
 * a subset, with a ToUnicode, of the given type. */
static void check_pdffonts(const char *listing, const char *name, const char *type)
{
	const char *line = strstr(listing, name);
	assert_non_null(line);
	const char *end = strchr(line, '\n');
	char copy[256];
	snprintf(copy, sizeof copy, "%.*s", (int)(end ? end - line : (long)strlen(line)), line);
	assert_non_null(strstr(copy, type));
	assert_non_null(strstr(copy, "Identity-H"));
	assert_non_null(strstr(copy, "yes yes yes"));
	/* The subset tag: six capitals and '+'. */
	const char *plus = line;
	while (plus > listing && plus[-1] != '\n')
		plus--;
	for (int i = 0; i < 6; i++)
		assert_true(plus[i] >= 'A' && plus[i] <= 'Z');
	assert_int_equal(plus[6], '+');
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

/* Two TrueType faces, one with ligatures and a character past the BMP: embedded as
 * valid subsets whose widths, ToUnicode and CIDToGIDMap agree with the faces. */
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

	draw_text(&d, serif, LIBERATION_TEXT);
	int ligatures = draw_text(&d, sans, DEJAVU_TEXT);
	assert_true(ligatures >= 3); /* ffi, ffl, ffi: one glyph for three characters */

	/* The first use of a glyph decides; another text for it is false (ActualText). */
	hb_codepoint_t o;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'o', &o));
	assert_true(pdf_font_use(sans_pdf, o, "o", 1));
	assert_false(pdf_font_use(sans_pdf, o, "0", 1));
	assert_false(pdf_font_use(sans_pdf, o, "", 0));
	assert_false(pdf_font_use(sans_pdf, o, "oo", 2));
	assert_false(pdf_font_use(sans_pdf, 0, "x", 1));
	assert_true(pdf_font_use(sans_pdf, 0, "", 0));
	/* A glyph first used for no text never gets an entry. */
	hb_codepoint_t q;
	assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(sans), 'Q', &q));
	line_begin(&d, sans);
	draw_glyph(&d, sans_pdf, q, "", 0);
	draw_glyph(&d, sans_pdf, q, "Q", 1);
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
	check_pdffonts(listing, "+LiberationSerif ", "CID TrueType");
	check_pdffonts(listing, "+DejaVuSans ", "CID TrueType");
	free(listing);

	char *text = extract_text(path);
	assert_contains(text, LIBERATION_TEXT);
	assert_contains(text, DEJAVU_TEXT);
	/* Q was first drawn for no text: it has no entry, and extracts as nothing. */
	assert_contains(text, "\n\xf0\x9d\x90\xb3k\n");
	free(text);

	struct pdf_font *fonts[] = { serif_pdf, sans_pdf };
	for (int i = 0; i < 2; i++) {
		struct written_font *wf = xcalloc(1, sizeof *wf);
		read_font(&d, path, fonts[i], wf);
		assert_non_null(strstr(wf->cid_font, "/Subtype /CIDFontType2"));
		/* The em dash is 1000 units wide, the default: /W leaves it out. */
		hb_codepoint_t dash;
		assert_true(hb_font_get_nominal_glyph(pango_font_get_hb_font(i ? sans : serif),
						      0x2014, &dash));
		assert_true(first_use(&d, fonts[i], dash) != NULL);
		assert_int_equal(wf->widths[dash], -1);
		assert_true(pdf_font_width(fonts[i], dash) == 1000);
		/* Flags: symbolic; Liberation Serif has serifs, DejaVu Sans none. */
		assert_int_equal(int_of(wf->descriptor, "/Flags "), i ? 4 : 4 | 2);
		int program = ref_of(wf->descriptor, "/FontFile2");
		char *program_dict = show_object(path, program, false, NULL);
		wf->program = show_object(path, program, true, &wf->program_len);
		assert_int_equal(int_of(program_dict, "/Length1 "), (long)wf->program_len);
		free(program_dict);
		long original_size = file_size(pdf_font_file(fonts[i]));
		print_message("%s: %ld bytes, subset %zu bytes\n", pdf_font_file(fonts[i]),
			      original_size, wf->program_len);
		assert_true(wf->program_len > 1000);
		assert_true((long)wf->program_len * 20 < original_size);

		size_t map_len;
		char *map = show_object(path, ref_of(wf->cid_font, "/CIDToGIDMap"), true, &map_len);
		hb_blob_t *blob = hb_blob_create(wf->program, (unsigned)wf->program_len,
						 HB_MEMORY_MODE_READONLY, NULL, NULL);
		hb_face_t *subset_face = hb_face_create(blob, 0);
		hb_font_t *subset = unscaled_font(subset_face);
		hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(i ? sans : serif));
		hb_font_t *original = unscaled_font(face);
		assert_true(hb_face_get_glyph_count(subset_face) < 100);
		/* The layout tables are gone. */
		hb_blob_t *gsub = hb_face_reference_table(subset_face, HB_TAG('G', 'S', 'U', 'B'));
		assert_int_equal(hb_blob_get_length(gsub), 0);
		hb_blob_destroy(gsub);
		unsigned highest = 0;
		for (size_t j = 0; j < d.n_drawn; j++) {
			if (d.drawn[j].font != fonts[i])
				continue;
			unsigned glyph = d.drawn[j].glyph;
			highest = glyph > highest ? glyph : highest;
			assert_true(2 * glyph + 1 < map_len);
			unsigned to = (unsigned char)map[2 * glyph] << 8 |
				      (unsigned char)map[2 * glyph + 1];
			assert_true(glyph == 0 || to != 0);
			check_same_glyph(original, subset, glyph, to);
		}
		assert_int_equal(map_len, 2 * (highest + 1));
		hb_font_destroy(original);
		hb_font_destroy(subset);
		hb_face_destroy(subset_face);
		hb_blob_destroy(blob);
		free(map);
		written_font_free(wf);
	}

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

/* Hundreds of glyphs: the ToUnicode CMap in blocks of 100, the text read back whole, and
 * the same calls giving the same bytes. */
static void many_glyphs_deterministic(void **state)
{
	struct fixture *fx = *state;
	PangoFont *sans = load_font(fx, "DejaVu Sans 12");
	char *path = path_in(fx->dir, "many.pdf");
	char *again = path_in(fx->dir, "many-again.pdf");
	struct buf expected = { 0 };
	struct doc d, d2;
	doc_begin(&d);
	draw_many(&d, sans, &expected);
	doc_end(&d, path);
	assert_true(d.n_drawn > 400);

	check_qpdf(path);
	struct written_font *wf = xcalloc(1, sizeof *wf);
	read_font(&d, path, d.used[0], wf);
	written_font_free(wf);
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
	draw_many(&d2, sans, &ignored);
	doc_end(&d2, again);
	assert_int_equal(d2.size, d.size);
	assert_memory_equal(d2.data, d.data, d.size);

	buf_free(&ignored);
	buf_free(&expected);
	doc_free(&d);
	doc_free(&d2);
	g_object_unref(sans);
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
	struct pdf_font *pdf = pdf_fonts_get(d.fonts, font);
	assert_non_null(pdf);
	assert_string_equal(pdf_font_file(pdf), file);
	draw_text(&d, font, LIBERATION_TEXT);
	doc_end(&d, path);

	check_qpdf(path);
	int status;
	char command[512];
	snprintf(command, sizeof command, "pdffonts '%s'", path);
	char *listing = run(command, NULL, &status);
	assert_int_equal(status, 0);
	check_pdffonts(listing, "+", "CID Type 0C");
	free(listing);
	char *text = extract_text(path);
	assert_contains(text, LIBERATION_TEXT);
	free(text);

	struct written_font *wf = xcalloc(1, sizeof *wf);
	read_font(&d, path, pdf, wf);
	assert_non_null(strstr(wf->cid_font, "/Subtype /CIDFontType0"));
	assert_null(strstr(wf->cid_font, "/CIDToGIDMap"));
	assert_non_null(strstr(wf->type0, "-Identity-H "));
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
