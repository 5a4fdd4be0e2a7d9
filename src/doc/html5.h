/* HTML pages read as browsers read them: the WHATWG parsing algorithm (gumbo) building a libxml2 tree. */
#ifndef BP_HTML5_H
#define BP_HTML5_H

#include <stddef.h>
#include <libxml/tree.h>

struct diag_sink;

/* Deepest element nesting accepted (the html element is at depth 1); a deeper page
 * is refused rather than laid out with parts missing. */
#define HTML5_MAX_DEPTH 256

/* Parses len bytes of UTF-8 HTML (text need not end in NUL) as the WHATWG HTML
 * standard says, into an HTML document of libxml2: elements with lower-case names
 * (SVG and MathML ones with their adjusted names, as the standard spells them: viewBox,
 * linearGradient) and no namespace, attributes (xlink:href and xml:lang keep their
 * prefix in the name), text and comments. Each element and text node carries the line
 * its source starts on (xmlGetLineNo gives lines above 65535 as libxml2's parser does
 * with XML_PARSE_BIG_LINES). Bytes that are not UTF-8 become U+FFFD, with one warning.
 * path names the page in messages. On success *out owns the new document (xmlFreeDoc).
 * Only pages read from files come here: the HTML a stylesheet writes is libxslt's
 * tree already and never goes through a text parser. */
int html5_parse(const char *text, size_t len, const char *path, struct diag_sink *sink,
		xmlDocPtr *out);

#endif
