/* SVG for librsvg: parse safely, write a sanitised copy in the SVG namespace, and read
 * the intrinsic size.
 *
 * What librsvg 2.54 loads by itself (checked with strace and rendered output): given a
 * base file, it resolves every reference (<image>, <use>, CSS url() and @import,
 * xi:include, xml-stylesheet) against it and reads file: URLs only in the base file's
 * folder and below, after following symbolic links; "/etc/...", "file:///...", "../"
 * and links out of the folder are refused, and http: and every other scheme are never
 * fetched. Without a base file it reads no file at all (xml:base does not change that)
 * but still loads data: URIs everywhere: in <image>, in <use href>, in fill="url(...)",
 * in @import and in xi:include. A nested data: document can hold a PNG that declares
 * 20000 x 20000 pixels in 48 KB, which gdk-pixbuf decodes into gigabytes.
 *
 * So librsvg gets no base file, and the copy it gets has been through this writer:
 * <image> and <feImage> references are read here (files relative to the SVG file's
 * folder, or to the page for inline SVG, and only below the allowed folders; within the
 * byte and pixel limits; PNG, JPEG or SVG, nested SVG sanitised the same way a few
 * levels deep; nothing for SVG from a data: URI) and handed on as data: URIs of the
 * checked bytes; other href attributes keep only #fragment references, except <a>
 * links, which librsvg turns into PDF links; attributes whose CSS could reach out (url()
 * to anything but a #fragment, @import, backslash escapes) are left out, and a <style>
 * element that does so refuses the whole SVG; xi:include, scripts, comments, processing
 * instructions, the DTD and elements of foreign namespaces are dropped; a document that
 * declares entities is refused. */
#include "image/image_private.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/buf.h"

#include <ctype.h>
#include <gio/gio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"
#define XHTML_NS "http://www.w3.org/1999/xhtml"

/* SVG images inside SVG images, at most this deep. */
#define SVG_MAX_NESTING 4
/* Elements inside elements, at most this deep (libxml2 itself stops at 256). */
#define SVG_MAX_TREE_DEPTH 512
/* Largest sanitised SVG, its images inlined as base64. */
#define SVG_MAX_TEXT ((size_t)2 * IMAGE_MAX_BYTES)

/* HTML parsers lowercase names; the HTML standard's table puts SVG's capitals back.
 * Both tables are in alphabetical order, case aside (they are searched by halves). */
static const char *const svg_element_names[] = {
	"altGlyph", "altGlyphDef", "altGlyphItem", "animateColor", "animateMotion",
	"animateTransform", "clipPath", "feBlend", "feColorMatrix", "feComponentTransfer",
	"feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
	"feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG",
	"feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology",
	"feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
	"feTurbulence", "foreignObject", "glyphRef", "linearGradient", "radialGradient",
	"textPath",
};

static const char *const svg_attribute_names[] = {
	"attributeName", "attributeType", "baseFrequency", "baseProfile", "calcMode",
	"clipPathUnits", "diffuseConstant", "edgeMode", "filterUnits", "glyphRef",
	"gradientTransform", "gradientUnits", "kernelMatrix", "kernelUnitLength", "keyPoints",
	"keySplines", "keyTimes", "lengthAdjust", "limitingConeAngle", "markerHeight",
	"markerUnits", "markerWidth", "maskContentUnits", "maskUnits", "numOctaves",
	"pathLength", "patternContentUnits", "patternTransform", "patternUnits", "pointsAtX",
	"pointsAtY", "pointsAtZ", "preserveAlpha", "preserveAspectRatio", "primitiveUnits",
	"refX", "refY", "repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures",
	"specularConstant", "specularExponent", "spreadMethod", "startOffset", "stdDeviation",
	"stitchTiles", "surfaceScale", "systemLanguage", "tableValues", "targetX", "targetY",
	"textLength", "viewBox", "viewTarget", "xChannelSelector", "yChannelSelector",
	"zoomAndPan",
};

#define N_ELEMENT_NAMES (sizeof svg_element_names / sizeof *svg_element_names)
#define N_ATTRIBUTE_NAMES (sizeof svg_attribute_names / sizeof *svg_attribute_names)

static int compare_spelling(const void *key, const void *item)
{
	return strcasecmp(key, *(const char *const *)item);
}

/* The SVG spelling of a name an HTML parser lowercased, or the name itself (the
 * tables are in alphabetical order, case aside). */
static const char *svg_spelling(const char *name, const char *const *table, size_t n)
{
	const char *const *found = bsearch(name, table, n, sizeof *table, compare_spelling);
	return found ? *found : name;
}

/* One sanitising pass over one SVG document. */
struct svg_writer {
	struct arena *arena;              /* reasons and paths */
	const struct svg_origin *origin;  /* where <image> files resolve */
	struct buf out;                   /* the sanitised document */
	const char *why;                  /* set when the SVG is refused */
};

static void write_escaped(struct buf *b, const char *s, bool attribute)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, attribute ? "&quot;" : "\""); break;
		case '\t': buf_puts(b, attribute ? "&#9;" : "\t"); break;
		case '\n': buf_puts(b, attribute ? "&#10;" : "\n"); break;
		case '\r': buf_puts(b, "&#13;"); break;
		default:
			if (*p >= 0x20) /* XML has no other control characters */
				buf_putc(b, (char)*p);
		}
	}
}

/* Could this CSS (an attribute value or a stylesheet) make librsvg load something? */
static bool css_reaches_out(const char *css)
{
	if (strchr(css, '\\') || strcasestr(css, "@import"))
		return true;
	for (const char *p = css; (p = strcasestr(p, "url(")) != NULL; p += 4) {
		const char *q = p + 4;
		while (isspace((unsigned char)*q) || *q == '"' || *q == '\'')
			q++;
		if (*q != '#')
			return true;
	}
	return false;
}

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static bool is_svg_element(const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE)
		return false;
	if (n->ns && n->ns->href) {
		const char *ns = (const char *)n->ns->href;
		return strcmp(ns, SVG_NS) == 0 || strcmp(ns, XHTML_NS) == 0;
	}
	/* No namespace: an HTML parser's tree, or an SVG file that forgot xmlns. A prefix
	 * left in the name (HTML parsers keep "xi:include") is foreign. */
	return strchr((const char *)n->name, ':') == NULL;
}

static char *dir_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return arena_strdup(a, ".");
	return arena_strndup(a, path, slash == path ? 1 : (size_t)(slash - path));
}

/* What librsvg gets for an <image> or <feImage> reference: a data: URI of bytes checked
 * here (malloc'd), the #fragment itself, or NULL to leave the reference out. */
static char *image_reference(struct svg_writer *w, const char *value)
{
	char *result = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0;
	const char *why, *name;
	struct svg_origin nested = { NULL, w->origin->allowed_dirs, w->origin->depth + 1 };
	value = skip_space(value);
	if (*value == '#')
		return xstrdup(value);
	if (image_is_data_uri(value)) {
		if (image_decode_data_uri(value, &bytes, &len, &why) < 0)
			goto out;
	} else {
		char *path;
		if (!w->origin->base_dir ||
		    image_read_file(w->arena, w->origin->base_dir, w->origin->allowed_dirs, value,
				    &path, &bytes, &len, &why) < 0)
			goto out;
		nested.base_dir = dir_of(w->arena, path);
	}
	switch (image_sniff(bytes, len, &name)) {
	case IMAGE_FORMAT_PNG: {
		int width, height;
		if (image_png_read_size(bytes, len, &width, &height, &why) == 0)
			result = image_data_uri_encode("image/png", bytes, len);
		break;
	}
	case IMAGE_FORMAT_JPEG: {
		struct jpeg_info info;
		if (image_jpeg_read_info(bytes, len, &info, &why) == 0)
			result = image_data_uri_encode("image/jpeg", bytes, len);
		break;
	}
	case IMAGE_FORMAT_SVG: {
		char *text;
		size_t text_len;
		if (nested.depth <= SVG_MAX_NESTING &&
		    image_svg_sanitise_bytes(w->arena, bytes, len, &nested, &text, &text_len,
					     &why) == 0) {
			result = image_data_uri_encode("image/svg+xml", (unsigned char *)text,
						       text_len);
			free(text);
		}
		break;
	}
	default:
		break; /* formats gdk-pixbuf would decode unchecked */
	}
out:
	free(bytes);
	return result;
}

/* An <a> href as librsvg may pass it to Cairo: librsvg makes it a PDF link, and Cairo
 * 1.16 writes the URI into a PDF string without escaping, so a backslash or an unpaired
 * parenthesis would break the file. Those (and spaces and controls) are percent-encoded,
 * which leaves the URL the same. */
static char *link_target(const char *href)
{
	struct buf b = { 0 };
	const unsigned char *start = (const unsigned char *)skip_space(href);
	const unsigned char *end = start + strlen((const char *)start);
	while (end > start && isspace(end[-1]))
		end--;
	for (const unsigned char *p = start; p < end; p++) {
		if (*p <= ' ' || *p == '\\' || *p == '(' || *p == ')' || *p == 0x7f)
			buf_printf(&b, "%%%02X", *p);
		else
			buf_putc(&b, (char)*p);
	}
	return b.data ? b.data : xstrdup("");
}

static void write_attribute(struct buf *b, const char *prefix, const char *name, const char *value)
{
	buf_putc(b, ' ');
	if (prefix) {
		buf_puts(b, prefix);
		buf_putc(b, ':');
	}
	buf_puts(b, name);
	buf_puts(b, "=\"");
	write_escaped(b, value, true);
	buf_putc(b, '"');
}

static void write_attributes(struct svg_writer *w, const xmlNode *n, const char *element)
{
	bool loads_image = strcmp(element, "image") == 0 || strcmp(element, "feImage") == 0;
	for (const xmlAttr *at = n->properties; at; at = at->next) {
		const char *name = (const char *)at->name, *prefix = NULL;
		if (at->ns && at->ns->href) {
			if (strcmp((const char *)at->ns->href, XLINK_NS) == 0)
				prefix = "xlink";
			else if (xmlStrEqual(at->ns->href, XML_XML_NAMESPACE))
				prefix = "xml";
			else
				continue; /* inkscape:, sodipodi: and the like */
		} else if (strncmp(name, "xlink:", 6) == 0) {
			prefix = "xlink";
			name += 6;
		} else if (strncmp(name, "xml:", 4) == 0) {
			prefix = "xml";
			name += 4;
		} else if (strchr(name, ':') || strcmp(name, "xmlns") == 0) {
			continue; /* namespace declarations are written on the root */
		}
		if (prefix && strcmp(prefix, "xml") == 0 && strcmp(name, "base") == 0)
			continue;
		if (!prefix && !n->ns)
			name = svg_spelling(name, svg_attribute_names, N_ATTRIBUTE_NAMES);
		xmlChar *value = xmlNodeGetContent((const xmlNode *)at);
		const char *v = value ? (const char *)value : "";
		bool is_href = strcmp(name, "href") == 0 &&
			       (!prefix || strcmp(prefix, "xlink") == 0);
		if (is_href && loads_image) {
			char *checked = image_reference(w, v);
			if (checked)
				write_attribute(&w->out, prefix, name, checked);
			free(checked);
		} else if (is_href && strcmp(element, "a") == 0) {
			/* A link is never loaded, so it may point anywhere. */
			char *link = link_target(v);
			write_attribute(&w->out, prefix, name, link);
			free(link);
		} else if (is_href) {
			/* <use>, gradients, patterns, textPath...: only this document. */
			if (*skip_space(v) == '#')
				write_attribute(&w->out, prefix, name, v);
		} else if (!css_reaches_out(v)) {
			write_attribute(&w->out, prefix, name, v);
		}
		xmlFree(value);
	}
}

/* The text of a <style> element, CDATA markers an HTML parser left in removed. */
static char *style_text(const xmlNode *style)
{
	struct buf b = { 0 };
	for (const xmlNode *c = style->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			buf_puts(&b, (const char *)c->content);
	char *text = b.data ? b.data : xstrdup("");
	char *start = (char *)skip_space(text);
	if (strncmp(start, "<![CDATA[", 9) == 0) {
		char *end = strstr(start, "]]>");
		memset(start, ' ', 9);
		if (end)
			memset(end, ' ', 3);
	}
	return text;
}

static int write_element(struct svg_writer *w, const xmlNode *n, int depth, bool root)
{
	if (depth > SVG_MAX_TREE_DEPTH) {
		w->why = "SVG elements nested too deep";
		return -1;
	}
	const char *name = (const char *)n->name;
	if (!n->ns) /* an HTML parser's tree: names lowercased */
		name = svg_spelling(name, svg_element_names, N_ELEMENT_NAMES);
	if (strcmp(name, "script") == 0)
		return 0;
	buf_putc(&w->out, '<');
	buf_puts(&w->out, name);
	if (root)
		buf_puts(&w->out, " xmlns=\"" SVG_NS "\" xmlns:xlink=\"" XLINK_NS "\"");
	write_attributes(w, n, name);
	buf_putc(&w->out, '>');
	if (strcmp(name, "style") == 0) {
		char *css = style_text(n);
		if (css_reaches_out(css)) {
			free(css);
			w->why = "SVG stylesheet refers to another file or data (url() or @import)";
			return -1;
		}
		write_escaped(&w->out, css, false);
		free(css);
	} else {
		for (const xmlNode *c = n->children; c; c = c->next) {
			if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
				if (c->content)
					write_escaped(&w->out, (const char *)c->content, false);
			} else if (is_svg_element(c)) {
				if (write_element(w, c, depth + 1, false) < 0)
					return -1;
			}
			/* comments, processing instructions, entity references (only
			 * undeclared ones are left), foreign elements: dropped */
		}
	}
	buf_puts(&w->out, "</");
	buf_puts(&w->out, name);
	buf_putc(&w->out, '>');
	if (w->out.len > SVG_MAX_TEXT) {
		w->why = "SVG is larger than 100 MB with its images";
		return -1;
	}
	return 0;
}

int image_svg_sanitise_element(struct arena *a, const xmlNode *svg,
			       const struct svg_origin *origin, char **out, size_t *out_len,
			       const char **why)
{
	if (!svg || !is_svg_element(svg) || strcasecmp((const char *)svg->name, "svg") != 0) {
		*why = "not an <svg> element";
		return -1;
	}
	struct svg_writer w = { a, origin, { 0 }, NULL };
	if (write_element(&w, svg, 0, true) < 0) {
		*why = w.why;
		buf_free(&w.out);
		return -1;
	}
	*out = w.out.data;
	*out_len = w.out.len;
	return 0;
}

/* What the libxml2 hooks learn while an SVG file is parsed. */
struct svg_parse {
	char *first_error;   /* the first error's message (arena), or NULL */
	bool declares_entity; /* an <!ENTITY> was seen: refused */
	struct arena *arena;
};

static void on_xml_error(void *ctx, xmlErrorPtr error)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct svg_parse *st = ctxt->_private;
	if (st->first_error || error->level < XML_ERR_ERROR)
		return;
	const char *msg = error->message ? error->message : "not well-formed";
	size_t n = strlen(msg);
	while (n > 0 && isspace((unsigned char)msg[n - 1]))
		n--;
	st->first_error = arena_printf(st->arena, "invalid SVG: line %d: %.*s", error->line,
				       (int)n, msg);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
			   const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct svg_parse *st = ctxt->_private;
	st->declares_entity = true;
	xmlStopParser(ctxt);
}

static void on_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *public_id,
				    const xmlChar *system_id, const xmlChar *notation)
{
	on_entity_decl(ctx, name, 0, public_id, system_id, NULL);
}

int image_svg_sanitise_bytes(struct arena *a, const unsigned char *data, size_t len,
			     const struct svg_origin *origin, char **out, size_t *out_len,
			     const char **why)
{
	int status = -1;
	xmlDocPtr doc = NULL;
	struct svg_parse st = { NULL, false, a };
	if (len > (size_t)IMAGE_MAX_BYTES) {
		*why = "SVG is larger than 50 MB";
		return -1;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		*why = "cannot create an XML parser";
		return -1;
	}
	ctxt->_private = &st;
	ctxt->sax->serror = on_xml_error;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->unparsedEntityDecl = on_unparsed_entity_decl;
	/* Deliberately without XML_PARSE_NOENT, _DTDLOAD, _DTDATTR and _HUGE: the
	 * external DTD that SVG files name is never read. */
	doc = xmlCtxtReadMemory(ctxt, (const char *)data, (int)len, NULL, NULL,
				XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (st.declares_entity) {
		*why = "SVG declares entities, which are not read";
		goto out;
	}
	if (!doc || !ctxt->wellFormed) {
		*why = st.first_error ? st.first_error : "invalid SVG: not well-formed XML";
		goto out;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "svg") != 0 ||
	    (root->ns && strcmp((const char *)root->ns->href, SVG_NS) != 0)) {
		*why = root ? arena_printf(a, "XML whose root is <%s>, not SVG", root->name)
			    : "invalid SVG: no root element";
		goto out;
	}
	status = image_svg_sanitise_element(a, root, origin, out, out_len, why);
out:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return status;
}

/* A length of the root <svg> in CSS px; false for percentages. */
static bool length_in_px(RsvgLength l, double *px)
{
	switch (l.unit) {
	case RSVG_UNIT_PX: *px = l.length; return true;
	case RSVG_UNIT_IN: *px = l.length * 96; return true;
	case RSVG_UNIT_CM: *px = l.length * 96 / 2.54; return true;
	case RSVG_UNIT_MM: *px = l.length * 96 / 25.4; return true;
	case RSVG_UNIT_PT: *px = l.length * 96 / 72; return true;
	case RSVG_UNIT_PC: *px = l.length * 16; return true;
	case RSVG_UNIT_EM: *px = l.length * 16; return true; /* the initial font size */
	case RSVG_UNIT_EX: *px = l.length * 8; return true;
	default: return false;
	}
}

RsvgHandle *image_svg_parse(const char *text, size_t len, GError **error)
{
	GInputStream *stream = g_memory_input_stream_new_from_data(text, (gssize)len, NULL);
	/* No base file: librsvg reads no file, only the data: URIs written above. */
	RsvgHandle *handle = rsvg_handle_new_from_stream_sync(stream, NULL, RSVG_HANDLE_FLAGS_NONE,
							      NULL, error);
	g_object_unref(stream);
	if (handle)
		rsvg_handle_set_dpi(handle, 96);
	return handle;
}

int image_svg_open(struct arena *a, const char *text, size_t len, struct image *img,
		   const char **why)
{
	GError *error = NULL;
	RsvgHandle *handle = image_svg_parse(text, len, &error);
	if (!handle) {
		*why = arena_printf(a, "invalid SVG: %s", error ? error->message : "not loaded");
		g_clear_error(&error);
		return -1;
	}
	gboolean has_width, has_height, has_viewbox;
	RsvgLength width, height;
	RsvgRectangle viewbox;
	rsvg_handle_get_intrinsic_dimensions(handle, &has_width, &width, &has_height, &height,
					     &has_viewbox, &viewbox);
	double w = 0, h = 0;
	bool known_w = has_width && length_in_px(width, &w) && w >= 0;
	bool known_h = has_height && length_in_px(height, &h) && h >= 0;
	img->ratio = 0;
	if (has_viewbox && viewbox.width > 0 && viewbox.height > 0)
		img->ratio = viewbox.width / viewbox.height;
	else if (known_w && known_h && w > 0 && h > 0)
		img->ratio = w / h;
	if (known_w && !known_h && img->ratio > 0) {
		h = w / img->ratio;
		known_h = true;
	} else if (known_h && !known_w && img->ratio > 0) {
		w = h * img->ratio;
		known_w = true;
	}
	img->has_size = known_w && known_h;
	img->width = img->has_size ? w : 0;
	img->height = img->has_size ? h : 0;
	img->format = IMAGE_FORMAT_SVG;
	g_object_unref(handle);
	char *copy = arena_alloc(a, len ? len : 1);
	memcpy(copy, text, len);
	img->svg_text = copy;
	img->svg_len = len;
	return 0;
}
