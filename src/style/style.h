/* Computed style: the cascade's result per element, the only thing layout reads of
 * CSS. Styles live in the document's arena. Lengths are CSS px (1in = 96px). */
#ifndef BP_STYLE_H
#define BP_STYLE_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "css/value.h"
#include "css/select.h"

struct arena;
struct custom_props;
struct deps;
struct diag_sink;
struct stylesheet_set;

enum display {
	DISPLAY_INLINE,
	DISPLAY_BLOCK,
	DISPLAY_LIST_ITEM,
	DISPLAY_INLINE_BLOCK,
	DISPLAY_TABLE,
	DISPLAY_TABLE_ROW_GROUP,
	DISPLAY_TABLE_HEADER_GROUP,
	DISPLAY_TABLE_FOOTER_GROUP,
	DISPLAY_TABLE_ROW,
	DISPLAY_TABLE_CELL,
	DISPLAY_TABLE_CAPTION,
	DISPLAY_TABLE_COLUMN,
	DISPLAY_TABLE_COLUMN_GROUP,
	DISPLAY_NONE,
};

/* A length that layout resolves: px now, or a share of the containing block, or a
 * math function mixing the two. */
enum dim_kind { DIM_PX, DIM_PERCENT, DIM_AUTO, DIM_NONE, DIM_CALC };
struct css_calc_tree;
struct dim_calc {
	float px, percent;                /* px + percent% of the containing block's size */
	const struct css_calc_tree *tree; /* or this, when min()/max()/clamp() compare them */
	bool non_negative;                /* a value below 0 is 0 (padding, width...) */
};
struct dim {
	enum dim_kind kind;
	float value;                 /* px, or percent (0..100) */
	const struct dim_calc *calc; /* DIM_CALC: the value, in the style's arena */
};

enum border_style { BORDER_NONE, BORDER_SOLID, BORDER_DASHED, BORDER_DOTTED, BORDER_DOUBLE };
enum text_align { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER, ALIGN_JUSTIFY, ALIGN_START, ALIGN_END };
enum text_transform { TRANSFORM_NONE, TRANSFORM_UPPERCASE, TRANSFORM_LOWERCASE, TRANSFORM_CAPITALIZE };
enum white_space { WS_NORMAL, WS_NOWRAP, WS_PRE, WS_PRE_WRAP, WS_PRE_LINE };
enum vertical_align { VALIGN_BASELINE, VALIGN_SUB, VALIGN_SUPER, VALIGN_TOP, VALIGN_MIDDLE, VALIGN_BOTTOM };
enum font_style { FONT_NORMAL, FONT_ITALIC, FONT_OBLIQUE };
enum font_caps {
	FONT_CAPS_NORMAL, FONT_CAPS_SMALL, FONT_CAPS_ALL_SMALL, FONT_CAPS_PETITE,
	FONT_CAPS_ALL_PETITE, FONT_CAPS_UNICASE, FONT_CAPS_TITLING,
};
enum font_kerning { FONT_KERNING_AUTO, FONT_KERNING_NORMAL, FONT_KERNING_NONE };
/* font-variant-numeric: one bit a keyword. */
enum {
	FONT_NUMERIC_LINING = 1, FONT_NUMERIC_OLDSTYLE = 2, FONT_NUMERIC_PROPORTIONAL = 4,
	FONT_NUMERIC_TABULAR = 8, FONT_NUMERIC_DIAGONAL = 16, FONT_NUMERIC_STACKED = 32,
	FONT_NUMERIC_ORDINAL = 64, FONT_NUMERIC_SLASHED_ZERO = 128,
};
/* font-variant-ligatures: one bit a keyword; NONE turns every kind off. */
enum {
	FONT_LIGATURES_NONE = 1, FONT_LIGATURES_COMMON = 2, FONT_LIGATURES_NO_COMMON = 4,
	FONT_LIGATURES_DISCRETIONARY = 8, FONT_LIGATURES_NO_DISCRETIONARY = 16,
	FONT_LIGATURES_HISTORICAL = 32, FONT_LIGATURES_NO_HISTORICAL = 64,
	FONT_LIGATURES_CONTEXTUAL = 128, FONT_LIGATURES_NO_CONTEXTUAL = 256,
};
enum list_style_type {
	LIST_NONE, LIST_DISC, LIST_CIRCLE, LIST_SQUARE, LIST_DECIMAL, LIST_DECIMAL_LEADING_ZERO,
	LIST_LOWER_ALPHA, LIST_UPPER_ALPHA, LIST_LOWER_ROMAN, LIST_UPPER_ROMAN,
};
enum break_value { BREAK_AUTO, BREAK_AVOID, BREAK_PAGE, BREAK_LEFT, BREAK_RIGHT, BREAK_COLUMN };
enum line_height_kind { LH_NORMAL, LH_NUMBER, LH_PX };
enum float_side { FLOAT_NONE, FLOAT_LEFT, FLOAT_RIGHT };
enum clear_side { CLEAR_NONE, CLEAR_LEFT, CLEAR_RIGHT, CLEAR_BOTH };
enum overflow_wrap { OWRAP_NORMAL, OWRAP_BREAK_WORD, OWRAP_ANYWHERE };
enum word_break { WBREAK_NORMAL, WBREAK_BREAK_ALL, WBREAK_KEEP_ALL, WBREAK_BREAK_WORD };
enum hyphens { HYPHENS_MANUAL, HYPHENS_NONE, HYPHENS_AUTO };

/* text-decoration-line bits. */
enum { DECO_UNDERLINE = 1, DECO_OVERLINE = 2, DECO_LINE_THROUGH = 4 };
enum decoration_style { DECO_SOLID, DECO_DOUBLE, DECO_DOTTED, DECO_DASHED, DECO_WAVY };
/* text-decoration-thickness and text-underline-offset: auto, from-font or px. */
enum deco_length_kind { DECO_LEN_AUTO, DECO_LEN_FROM_FONT, DECO_LEN_PX };

/* The decorations one box draws over its text and its in-flow descendants' (CSS Text
 * Decoration 3, 2.1: a descendant cannot take them off). Built in zeroed memory and
 * shared through the style pool, so equal lists are one pointer. */
struct text_decoration {
	unsigned lines;                    /* DECO_UNDERLINE | DECO_OVERLINE | DECO_LINE_THROUGH */
	enum decoration_style style;
	struct css_color color;            /* currentColor resolved at the decorating box */
	enum deco_length_kind thickness_kind;
	float thickness;                   /* px when DECO_LEN_PX */
	enum deco_length_kind offset_kind; /* text-underline-offset (from-font is auto) */
	float underline_offset;            /* px below the baseline when DECO_LEN_PX */
	const char *font_family;           /* the decorating box's font: where the lines go */
	float font_size;
	int font_weight;
	int font_style;                    /* enum font_style */
	const struct text_decoration *next;/* an ancestor's, drawn too */
};

/* Items of the `content` property. */
enum content_kind {
	CONTENT_STRING,         /* text */
	CONTENT_ATTR,           /* attr(name): name */
	CONTENT_COUNTER,        /* counter(name, style) */
	CONTENT_COUNTERS,       /* counters(name, text, style) */
	CONTENT_STRING_REF,     /* string(name, which) in margin boxes: counter_style holds which */
	CONTENT_TARGET_COUNTER, /* target-counter(attr(name), counter, style) */
	CONTENT_LEADER,         /* leader(text) */
	CONTENT_OPEN_QUOTE, CONTENT_CLOSE_QUOTE,
	CONTENT_ELEMENT_TEXT,   /* content(text|before|after|first-letter) in string-set */
	CONTENT_TARGET_TEXT,    /* target-text(attr(name), content|first-letter) */
};
/* Which value string() takes on a page (css-gcpm-3). */
enum string_which { STRING_FIRST, STRING_START, STRING_LAST, STRING_FIRST_EXCEPT };

/* Which part of an element content() and target-text() take. */
enum content_part { PART_TEXT, PART_BEFORE, PART_AFTER, PART_FIRST_LETTER };

struct content_item {
	enum content_kind kind;
	int which;          /* string(): enum string_which; content(), target-text(): enum content_part */
	const char *name;   /* attribute, counter or string name */
	const char *text;   /* string, separator for counters(), leader text */
	const char *counter;/* target-counter: the counter (usually "page") */
	enum list_style_type counter_style;
	struct content_item *next;
};

/* counter-reset / counter-increment / string-set entries. */
struct counter_op {
	const char *name;
	int value;
	struct content_item *content; /* string-set: what the string becomes */
	struct counter_op *next;
};

struct style {
	/* Inherited properties. */
	const char *font_family;  /* comma-separated family list for Pango */
	float font_size;          /* px */
	int font_weight;          /* 100..900 */
	enum font_style font_style;
	float font_stretch;       /* percent of the normal width, 50..200 */
	enum font_caps font_variant_caps;
	unsigned font_variant_numeric;   /* FONT_NUMERIC_* bits; 0 = normal */
	unsigned font_variant_ligatures; /* FONT_LIGATURES_* bits; 0 = normal */
	enum font_kerning font_kerning;
	const char *font_feature_settings; /* "tag value, ..." as Pango reads it; NULL = normal */
	enum line_height_kind line_height_kind;
	float line_height;        /* multiplier or px */
	struct css_color color;
	enum text_align text_align;
	struct dim text_indent;
	enum text_transform text_transform;
	enum white_space white_space;
	float letter_spacing;     /* px */
	float word_spacing;       /* px */
	enum list_style_type list_style_type;
	bool list_style_inside;
	enum hyphens hyphens;
	const char *hyphenate_character; /* shown where a word is hyphenated; NULL = auto */
	enum overflow_wrap overflow_wrap;
	enum word_break word_break;
	float tab_size;           /* spaces, or px when tab_size_px */
	bool tab_size_px;
	enum deco_length_kind underline_offset_kind; /* text-underline-offset */
	float underline_offset;   /* px */
	const struct text_decoration *decorations; /* propagated from ancestors and own */
	bool border_collapse;
	float border_spacing;     /* px */
	int orphans, widows;
	const char *lang;         /* from the nearest lang attribute */
	bool visible;             /* visibility: visible */
	const struct custom_props *custom; /* custom properties (--name), NULL when none */
	float alpha;              /* not a property: the product of this box's and its ancestors' opacity */

	/* Not inherited: everything below is reset for each element. */
	enum display display;
	struct dim margin[4];     /* top, right, bottom, left */
	struct dim padding[4];
	float border_width[4];
	enum border_style border_style[4];
	struct css_color border_color[4];
	bool border_color_current[4]; /* border colour follows `color` */
	float border_radius;
	struct css_color background;
	bool background_current;  /* background-color: currentcolor (background is then `color`) */
	struct dim width, height, min_height, max_width;
	struct dim min_width, max_height; /* min-width (auto: 0), max-height (none) */
	bool border_box;          /* box-sizing: border-box (width and height include padding and border) */
	float opacity;            /* 0..1 */
	float outline_width;      /* px, drawn only with a style */
	enum border_style outline_style;
	struct css_color outline_color;
	bool outline_color_current; /* the outline follows `color` */
	float outline_offset;     /* px, negative too */
	enum vertical_align vertical_align;
	enum float_side float_side;
	enum clear_side clear;
	unsigned decoration_lines; /* text-decoration-line: DECO_* bits */
	enum decoration_style decoration_style;
	struct css_color decoration_color;
	bool decoration_color_current; /* text-decoration-color: currentColor */
	enum deco_length_kind decoration_thickness_kind;
	float decoration_thickness; /* px */
	enum break_value break_before, break_after, break_inside;
	const char *page;         /* named page, NULL = auto */
	int column_count;
	float column_gap;         /* px */
	float column_rule_width;  /* px */
	enum border_style column_rule_style;
	struct css_color column_rule_color;
	bool column_rule_current; /* the rule follows `color` */
	struct content_item *content; /* ::before/::after/margin boxes; NULL = none */
	bool content_none;
	struct counter_op *counter_reset, *counter_increment, *counter_set, *string_set;
	bool table_fixed;         /* table-layout: fixed */
	int colspan, rowspan;     /* from HTML attributes, for table cells */
};

enum side { SIDE_TOP, SIDE_RIGHT, SIDE_BOTTOM, SIDE_LEFT };

/* Margin boxes of a page, in the order of css-page-3: the top row with its corners,
 * the bottom row with its corners, then the left and right sides. */
enum margin_box {
	MB_TOP_LEFT_CORNER, MB_TOP_LEFT, MB_TOP_CENTER, MB_TOP_RIGHT, MB_TOP_RIGHT_CORNER,
	MB_BOTTOM_LEFT_CORNER, MB_BOTTOM_LEFT, MB_BOTTOM_CENTER, MB_BOTTOM_RIGHT,
	MB_BOTTOM_RIGHT_CORNER,
	MB_LEFT_TOP, MB_LEFT_MIDDLE, MB_LEFT_BOTTOM,
	MB_RIGHT_TOP, MB_RIGHT_MIDDLE, MB_RIGHT_BOTTOM, MB_COUNT,
};

/* The page box a page gets from its @page rules. */
struct page_style {
	float width, height;  /* px */
	float margin[4];      /* px */
	struct style *margin_boxes[MB_COUNT]; /* NULL where not generated (content none) */
	struct css_color background;
};

/* One source of an @font-face rule's src list, in the order written. */
struct font_face_source {
	bool local;          /* local(NAME): an installed font by its full or PostScript name */
	const char *ref;     /* the url() as written, or the local() name */
	const char *format;  /* format()'s first value, lower case; NULL when none */
	int line, col;       /* where it is written (line in the file) */
};

/* An @font-face rule: a family name and the faces that answer to it. Descriptors
 * not given have their initial values (normal). */
struct font_face {
	const char *family;
	float weight_min, weight_max;   /* 1..1000 */
	enum font_style style;
	float stretch_min, stretch_max; /* percent */
	const unsigned *ranges;         /* unicode-range: first and last code point pairs */
	size_t n_ranges;                /* pairs; 0 = every character */
	const struct font_face_source *sources;
	size_t n_sources;
	const char *file;               /* the style sheet, for messages */
	const char *base_dir;           /* the folder its url()s are resolved against: the
					 * sheet's; NULL for the page's */
	int line, col;                  /* where the rule is (line in the file) */
};

/* The @font-face rules of the document's style sheets, in document order. */
const struct font_face *style_sheets_font_faces(const struct stylesheet_set *set, size_t *n);

/* Collects the document's style sheets: the default one for HTML, <style> elements
 * and <link rel="stylesheet"> to local files, in document order. */
struct stylesheet_set *style_sheets_load(struct arena *a, xmlDocPtr doc, const char *source_name,
					 const char *base_dir, const char *const *allowed_dirs,
					 struct deps *deps, struct diag_sink *diag);

/* Where style_compute reports from now on (a layout pass after the first reports to
 * a quiet sink, so that nothing is said twice). */
void style_sheets_report_to(struct stylesheet_set *set, struct diag_sink *diag);

/* Starts a layout pass whose styles live in `a`: from now on equal styles computed
 * in `a` are stored once and shared (so computed styles are never changed). */
void style_sheets_begin_pass(struct stylesheet_set *set, struct arena *a);

/* The computed style of an element (pseudo = CSS_PSEUDO_NONE) or of its ::before,
 * ::after or ::marker (NULL when that pseudo-element has no content). parent is the
 * element's parent style (NULL for the root). The style and what it holds are
 * allocated in `a`, which may be shorter-lived than the style sheets. */
const struct style *style_compute(struct stylesheet_set *set, struct arena *a, xmlNode *element,
				  const struct style *parent, enum css_pseudo_element pseudo);

/* The style of an anonymous box inside a box of style parent. */
const struct style *style_anonymous(struct stylesheet_set *set, struct arena *a,
				    const struct style *parent);

/* base with another display value (a float is a block, the root is a block). */
const struct style *style_with_display(struct stylesheet_set *set, struct arena *a,
				       const struct style *base, enum display display);

/* What the page selectors (:first, :left, :right, :blank, :nth()) see of a page. */
struct page_match {
	int number;       /* 1-based, in the document */
	const char *name; /* the named page, or NULL */
	int group_number; /* 1-based, in its page group (the pages of one name in a row) */
	bool blank;       /* left blank by a break to a left or right page */
};

/* The page style of a page. */
void style_page(struct stylesheet_set *set, const struct page_match *page, const struct style *root,
		struct page_style *out);

/* The text of a content list that does not depend on the page (strings, attr(),
 * counters resolved by the caller's callback). */
float style_line_height_px(const struct style *s);
/* d in px with percentages of percent_base (0 when that is not positive); auto and
 * none are 0. */
float style_dim_px(struct dim d, float percent_base);
/* d is a length (px, a percentage or a math function mixing them): not auto or none. */
bool style_dim_is_length(struct dim d);

#endif
