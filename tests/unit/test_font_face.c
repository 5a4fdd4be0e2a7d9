/* Unit tests for @font-face (descriptors, src lists, unicode-range), the font
 * properties (font-stretch, font-variant-*, font-kerning, font-feature-settings) and
 * the font map a document's faces make. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/diag.h"
#include "css/syntax.h"
#include "layout/font_faces.h"
#include "layout/fonts.h"
#include "style/font_face.h"
#include "style/style.h"

#include "style_fixture.h"

static const struct style *style_of_body_child(struct fixture *f)
{
	xmlNode *html = xmlDocGetRootElement(f->doc), *body = html->children;
	while (body && (body->type != XML_ELEMENT_NODE || strcmp((const char *)body->name, "body") != 0))
		body = body->next;
	assert_non_null(body);
	xmlNode *p = body->children;
	while (p && p->type != XML_ELEMENT_NODE)
		p = p->next;
	assert_non_null(p);
	const struct style *s = style_compute(f->sheets, f->arena, html, NULL, CSS_PSEUDO_NONE);
	s = style_compute(f->sheets, f->arena, body, s, CSS_PSEUDO_NONE);
	return style_compute(f->sheets, f->arena, p, s, CSS_PSEUDO_NONE);
}

static void test_descriptors(void **state)
{
	struct fixture f;
	load(&f, "<style>"
		 "@font-face { font-family: My  Face; src: url(a.woff2) format('woff2'),"
		 " url(\"b.ttf\") format(truetype) tech(variations), local(\"Some Font\"), bogus(1);"
		 " font-weight: 700 300; font-style: italic; font-stretch: condensed 125%;"
		 " unicode-range: U+0-7F, u+4??, U+1F600-1F64F; }"
		 "@font-face { font-family: 'Q'; src: local(Q Bold); font-style: oblique 10deg 20deg; }"
		 "</style><p>x</p>");
	size_t n;
	const struct font_face *faces = style_sheets_font_faces(f.sheets, &n);
	assert_int_equal(n, 2);
	assert_string_equal(faces[0].family, "My Face");
	assert_int_equal(faces[0].n_sources, 3);
	assert_false(faces[0].sources[0].local);
	assert_string_equal(faces[0].sources[0].ref, "a.woff2");
	assert_string_equal(faces[0].sources[0].format, "woff2");
	assert_string_equal(faces[0].sources[1].ref, "b.ttf");
	assert_string_equal(faces[0].sources[1].format, "truetype");
	assert_true(faces[0].sources[2].local);
	assert_string_equal(faces[0].sources[2].ref, "Some Font");
	assert_true(faces[0].weight_min == 300 && faces[0].weight_max == 700);
	assert_int_equal(faces[0].style, FONT_ITALIC);
	assert_true(faces[0].stretch_min == 75 && faces[0].stretch_max == 125);
	assert_int_equal(faces[0].n_ranges, 3);
	assert_int_equal(faces[0].ranges[0], 0);
	assert_int_equal(faces[0].ranges[1], 0x7F);
	assert_int_equal(faces[0].ranges[2], 0x400);
	assert_int_equal(faces[0].ranges[3], 0x4FF);
	assert_int_equal(faces[0].ranges[4], 0x1F600);
	assert_int_equal(faces[0].ranges[5], 0x1F64F);
	assert_string_equal(faces[1].family, "Q");
	assert_string_equal(faces[1].sources[0].ref, "Q Bold");
	assert_int_equal(faces[1].style, FONT_OBLIQUE);
	assert_true(faces[1].weight_min == 400 && faces[1].weight_max == 400);
	assert_int_equal(faces[1].n_ranges, 0);
	assert_null(strstr(f.messages ? f.messages : "", "warning"));
	unload(&f);
}

static void test_invalid_rules_warn_once(void **state)
{
	struct fixture f;
	load(&f, "<style>\n"
		 "@font-face { src: url(a.ttf); }\n"
		 "@font-face { font-family: A; }\n"
		 "@font-face { font-family: B; src: url(b.ttf); unicode-range: U+110000; ascent-override: 90%; }\n"
		 "</style><p>x</p>");
	size_t n;
	style_sheets_font_faces(f.sheets, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(f.messages, "test.html:2:1: warning: @font-face without a valid font-family"));
	assert_non_null(strstr(f.messages, "test.html:3:1: warning: @font-face without a valid src"));
	assert_non_null(strstr(f.messages, "test.html:4:47: warning: invalid value for 'unicode-range'"));
	assert_non_null(strstr(f.messages, "descriptor 'ascent-override' in @font-face is not supported"));
	unload(&f);
}

static void test_unicode_range_forms(void **state)
{
	struct arena *a = arena_new();
	static const struct { const char *text; int ok; unsigned lo, hi; } cases[] = {
		{ "U+26", 1, 0x26, 0x26 }, { "U+0025-00FF", 1, 0x25, 0xFF }, { "u+4??", 1, 0x400, 0x4FF },
		{ "U+??????", 1, 0, 0xFFFFFF }, { "U+1e3", 1, 0x1E3, 0x1E3 }, { "U+10FFFF", 1, 0x10FFFF, 0x10FFFF },
		{ "U+30-29", 0, 0, 0 }, { "U+1234567", 0, 0, 0 }, { "V+30", 0, 0, 0 }, { "U+4?-50", 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct css_node *nodes;
		size_t k = css_parse_component_values(a, cases[i].text, strlen(cases[i].text), &nodes);
		unsigned *ranges;
		size_t n;
		int status = font_face_unicode_range(a, nodes, k, &ranges, &n);
		if (cases[i].ok && cases[i].hi <= 0x10FFFF) {
			assert_int_equal(status, 0);
			assert_int_equal(ranges[0], cases[i].lo);
			assert_int_equal(ranges[1], cases[i].hi);
		} else {
			assert_int_equal(status, -1);
		}
	}
	arena_free(a);
}

static void test_font_properties(void **state)
{
	struct fixture f;
	load(&f, "<style>p { font-stretch: semi-expanded; font-variant-caps: all-small-caps;"
		 " font-variant-numeric: oldstyle-nums tabular-nums slashed-zero;"
		 " font-variant-ligatures: no-common-ligatures discretionary-ligatures;"
		 " font-kerning: none; font-feature-settings: \"ss01\", \"swsh\" 2, 'liga' off; }"
		 "</style><p>x</p>");
	const struct style *s = style_of_body_child(&f);
	assert_true(s->font_stretch == 112.5f);
	assert_int_equal(s->font_variant_caps, FONT_CAPS_ALL_SMALL);
	assert_int_equal(s->font_variant_numeric,
			 FONT_NUMERIC_OLDSTYLE | FONT_NUMERIC_TABULAR | FONT_NUMERIC_SLASHED_ZERO);
	assert_int_equal(s->font_variant_ligatures,
			 FONT_LIGATURES_NO_COMMON | FONT_LIGATURES_DISCRETIONARY);
	assert_int_equal(s->font_kerning, FONT_KERNING_NONE);
	assert_string_equal(s->font_feature_settings, "ss01 1, swsh 2, liga 0");
	unload(&f);

	/* The font shorthand resets them; font-variant sets all three. */
	load(&f, "<style>body { font-variant-numeric: ordinal; font-kerning: none }"
		 " p { font: small-caps condensed bold 12px serif; }</style><p>x</p>");
	s = style_of_body_child(&f);
	assert_int_equal(s->font_variant_caps, FONT_CAPS_SMALL);
	assert_true(s->font_stretch == 75);
	assert_int_equal(s->font_variant_numeric, 0);
	assert_int_equal(s->font_kerning, FONT_KERNING_AUTO);
	assert_int_equal(s->font_weight, 700);
	unload(&f);

	load(&f, "<style>p { font-variant: none; } </style><p>x</p>");
	s = style_of_body_child(&f);
	assert_int_equal(s->font_variant_ligatures, FONT_LIGATURES_NONE);
	unload(&f);

	load(&f, "<style>\np { font-variant-caps: huge; font-variant-numeric: lining-nums oldstyle-nums;"
		 " font-feature-settings: \"abc\" 1; font-stretch: -10%; }</style><p>x</p>");
	s = style_of_body_child(&f);
	assert_int_equal(s->font_variant_caps, FONT_CAPS_NORMAL);
	assert_int_equal(s->font_variant_numeric, 0);
	assert_null(s->font_feature_settings);
	assert_true(s->font_stretch == 100);
	assert_non_null(strstr(f.messages, "for 'font-variant-caps' is ignored"));
	assert_non_null(strstr(f.messages, "for 'font-variant-numeric' is ignored"));
	assert_non_null(strstr(f.messages, "for 'font-feature-settings' is ignored"));
	assert_non_null(strstr(f.messages, "for 'font-stretch' is ignored"));
	unload(&f);
}

static void test_missing_family_named_once(void **state)
{
	struct fixture f;
	/* Declared later in the sheet: still known when the rule above was read. */
	load(&f, "<style>\nh1 { font-family: Later, serif }\n"
		 "p { font-family: \"Nowhere Sans\", serif }\n"
		 "div { font-family: 'Nowhere Sans', sans-serif }\n"
		 "@font-face { font-family: Later; src: local(Nothing); }</style><p>x</p>");
	assert_null(strstr(f.messages, "'Later'"));
	const char *first = strstr(f.messages, "test.html:3:5: warning: font 'Nowhere Sans' is neither "
					       "installed nor declared with @font-face");
	assert_non_null(first);
	assert_null(strstr(strchr(first, '\n'), "Nowhere Sans"));
	unload(&f);
}

/* The families a font map finds for a description, in the order fontconfig sorts them. */
static char *first_family(PangoFontMap *map, const char *family, gunichar c)
{
	PangoContext *pc = pango_font_map_create_context(map);
	PangoFontDescription *fd = pango_font_description_from_string(family);
	pango_font_description_set_absolute_size(fd, 12 * PANGO_SCALE);
	PangoFontset *set = pango_font_map_load_fontset(map, pc, fd, pango_language_from_string("en"));
	PangoFont *font = pango_fontset_get_font(set, c);
	PangoFontDescription *got = pango_font_describe(font);
	char *name = g_strdup(pango_font_description_get_family(got));
	pango_font_description_free(got);
	g_object_unref(font);
	g_object_unref(set);
	pango_font_description_free(fd);
	g_object_unref(pc);
	return name;
}

static void test_document_font_map(void **state)
{
	struct fixture f;
	load(&f, "<style>@font-face { font-family: Digits Only; src: local('DejaVu Sans Mono');"
		 " unicode-range: U+30-39; }</style><p>x</p>");
	size_t n;
	const struct font_face *faces = style_sheets_font_faces(f.sheets, &n);
	struct font_face_inputs in = { ".", NULL, NULL };
	struct render_fonts *doc = render_fonts_for_document(faces, n, &in, f.sink);
	assert_non_null(doc);
	PangoFontMap *map = render_fonts_map(doc);
	/* The face answers to its family for its range; the font's own file stays. */
	char *digit = first_family(map, "Digits Only, Liberation Serif", '7');
	assert_string_equal(digit, "Digits Only");
	char *letter = first_family(map, "Digits Only, Liberation Serif", 'a');
	assert_string_equal(letter, "Liberation Serif");
	g_free(digit);
	g_free(letter);
	/* Another map (another document) does not know it. */
	struct render_fonts *other = render_fonts_new();
	char *elsewhere = first_family(render_fonts_map(other), "Digits Only", '7');
	assert_string_not_equal(elsewhere, "Digits Only");
	g_free(elsewhere);
	render_fonts_free(other);
	render_fonts_free(doc);
	unload(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_invalid_rules_warn_once),
		cmocka_unit_test(test_unicode_range_forms),
		cmocka_unit_test(test_font_properties),
		cmocka_unit_test(test_missing_family_named_once),
		cmocka_unit_test(test_document_font_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
