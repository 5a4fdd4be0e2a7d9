/* Safe XML and HTML parsing, element positions, and libxml2 messages sent to diag(). */
#include "doc/xmlsafe.h"
#include "doc/html5.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>

/* ------------------------------------------------------------------ positions */

struct position_slot {
	const xmlNode *node; /* key; NULL marks a free slot */
	long line;           /* line of the element's '<' */
	long col;            /* column of the element's '<', 0 when unknown */
};

struct xmlsafe_positions {
	struct position_slot *slots; /* open addressing, power-of-two capacity */
	size_t count;                /* slots in use */
	size_t cap;                  /* slots allocated */
};

static size_t position_hash(const xmlNode *node, size_t cap)
{
	uintptr_t h = (uintptr_t)node;
	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 7) & (cap - 1);
}

static void positions_put(struct xmlsafe_positions *p, const xmlNode *node, long line, long col)
{
	if ((p->count + 1) * 2 > p->cap) {
		struct position_slot *old = p->slots;
		size_t old_cap = p->cap;
		p->cap = old_cap ? old_cap * 2 : 256;
		p->slots = xcalloc(p->cap, sizeof *p->slots);
		p->count = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].node)
				positions_put(p, old[i].node, old[i].line, old[i].col);
		free(old);
	}
	size_t i = position_hash(node, p->cap);
	while (p->slots[i].node && p->slots[i].node != node)
		i = (i + 1) & (p->cap - 1);
	if (!p->slots[i].node)
		p->count++;
	p->slots[i] = (struct position_slot){ node, line, col };
}

void xmlsafe_node_position(const struct xmlsafe_positions *p, const xmlNode *node, long *line,
			   long *col)
{
	*line = 0;
	*col = 0;
	if (!node)
		return;
	if (node->type == XML_ATTRIBUTE_NODE && node->parent)
		node = node->parent;
	if (p && p->cap) {
		size_t i = position_hash(node, p->cap);
		while (p->slots[i].node) {
			if (p->slots[i].node == node) {
				*line = p->slots[i].line;
				*col = p->slots[i].col;
				return;
			}
			i = (i + 1) & (p->cap - 1);
		}
	}
	*line = xmlGetLineNo(node);
	if (*line < 0)
		*line = 0;
}

void xmlsafe_positions_free(struct xmlsafe_positions *p)
{
	if (!p)
		return;
	free(p->slots);
	free(p);
}

/* -------------------------------------------------------------------- reports */

/* A message held back by XMLSAFE_FILL_LINES. */
struct held_message {
	enum diag_severity severity;
	char *file;  /* owned */
	long line;   /* 0 when libxml2 gave none */
	long col;
	char *text;  /* owned */
};

struct xmlsafe_report {
	struct diag_sink *diag;                    /* where messages go */
	struct held_message *held;                 /* with XMLSAFE_FILL_LINES */
	size_t nheld;
	const char *file;                          /* name for messages without one */
	const struct xmlsafe_positions *positions; /* columns for element nodes, or NULL */
	int flags;                                 /* enum xmlsafe_report_flags */
	int errors;                                /* errors reported so far */
	struct buf pending;                        /* generic message text before its newline */
	xmlStructuredErrorFunc saved_structured;   /* handlers to put back at the end */
	void *saved_structured_ctx;
	xmlGenericErrorFunc saved_generic;
	void *saved_generic_ctx;
};

/* Drops trailing white space (libxml2 messages end in a newline). */
static int trimmed_length(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	return n > 4096 ? 4096 : (int)n;
}

void xmlsafe_report_error(void *data, xmlErrorPtr e)
{
	struct xmlsafe_report *r = data;
	if (!r || !e || e->level == XML_ERR_NONE)
		return;
	if ((r->flags & XMLSAFE_HTML5_TAGS) && e->domain == XML_FROM_HTML &&
	    e->code == XML_HTML_UNKNOWN_TAG)
		return;
	enum diag_severity severity = e->level == XML_ERR_WARNING ? DIAG_WARNING : DIAG_ERROR;
	/* HTML is forgiving, but a fatal error (nesting deeper than the parser allows, a
	 * text node too large) loses content, and a document missing content fails. */
	if (severity == DIAG_ERROR && (r->flags & XMLSAFE_DEMOTE_ERRORS) &&
	    e->level != XML_ERR_FATAL)
		severity = DIAG_WARNING;
	const char *file = e->file ? e->file : r->file;
	long line = e->line > 0 ? e->line : 0, col = 0;
	switch (e->domain) {
	case XML_FROM_PARSER:
	case XML_FROM_NAMESPACE:
	case XML_FROM_HTML:
	case XML_FROM_DTD:
		col = e->int2 > 0 ? e->int2 : 0;
		break;
	default:
		break;
	}
	if (e->node && r->positions) {
		const xmlNode *node = e->node;
		long l, c;
		xmlsafe_node_position(r->positions, node, &l, &c);
		if (l > 0) {
			line = l;
			col = c;
		}
	}
	const char *msg = e->message ? e->message : "unknown XML error";
	char text[4200];
	if (e->domain == XML_FROM_XPATH && e->str1)
		snprintf(text, sizeof text, "XPath: %.*s in '%.100s'", trimmed_length(msg), msg,
			 e->str1);
	else if (strncmp(msg, "Excessive depth in document", 27) == 0)
		snprintf(text, sizeof text, "elements are nested more than %d deep; the document "
			 "is refused rather than laid out with parts missing", e->int1 > 0 ? e->int1 : 256);
	else
		snprintf(text, sizeof text, "%.*s", trimmed_length(msg), msg);
	if (severity == DIAG_ERROR)
		r->errors++;
	if (!(r->flags & XMLSAFE_FILL_LINES)) {
		diag(r->diag, severity, file, line, col, "%s", text);
		return;
	}
	r->held = xrealloc(r->held, (r->nheld + 1) * sizeof *r->held);
	r->held[r->nheld++] = (struct held_message){ severity, file ? xstrdup(file) : NULL, line,
						     col, xstrdup(text) };
}

/* Reports the held messages, giving each one without a line the place of the next
 * message of the same file that has one, else of the previous one. */
static void report_held(struct xmlsafe_report *r)
{
	for (size_t i = 0; i < r->nheld; i++) {
		struct held_message *m = &r->held[i];
		const struct held_message *from = NULL;
		for (size_t j = i + 1; j < r->nheld && !from && !m->line; j++)
			if (r->held[j].line && r->held[j].file && m->file &&
			    !strcmp(r->held[j].file, m->file))
				from = &r->held[j];
		for (size_t j = i; j-- > 0 && !from && !m->line;)
			if (r->held[j].line && r->held[j].file && m->file &&
			    !strcmp(r->held[j].file, m->file))
				from = &r->held[j];
		if (from) {
			m->line = from->line;
			m->col = from->col;
		}
		diag(r->diag, m->severity, m->file, m->line, m->col, "%s", m->text);
	}
	for (size_t i = 0; i < r->nheld; i++) {
		free(r->held[i].file);
		free(r->held[i].text);
	}
	free(r->held);
	r->held = NULL;
	r->nheld = 0;
}

/* Generic messages come in pieces; each complete line becomes one diagnostic. */
static void report_generic(void *data, const char *fmt, ...)
{
	struct xmlsafe_report *r = data;
	va_list ap;
	va_start(ap, fmt);
	char piece[1024];
	vsnprintf(piece, sizeof piece, fmt, ap);
	va_end(ap);
	buf_puts(&r->pending, piece);
	char *nl;
	while (r->pending.data && (nl = strchr(r->pending.data, '\n'))) {
		*nl = '\0';
		if (trimmed_length(r->pending.data)) {
			diag(r->diag, (r->flags & XMLSAFE_DEMOTE_ERRORS) ? DIAG_WARNING : DIAG_ERROR,
			     r->file, 0, 0, "%.*s", trimmed_length(r->pending.data),
			     r->pending.data);
			if (!(r->flags & XMLSAFE_DEMOTE_ERRORS))
				r->errors++;
		}
		size_t rest = r->pending.len - (size_t)(nl + 1 - r->pending.data);
		memmove(r->pending.data, nl + 1, rest + 1);
		r->pending.len = rest;
	}
}

struct xmlsafe_report *xmlsafe_report_begin(struct diag_sink *sink, const char *file,
					    const struct xmlsafe_positions *positions, int flags)
{
	struct xmlsafe_report *r = xcalloc(1, sizeof *r);
	r->diag = sink;
	r->file = file;
	r->positions = positions;
	r->flags = flags;
	r->saved_structured = xmlStructuredError;
	r->saved_structured_ctx = xmlStructuredErrorContext;
	r->saved_generic = xmlGenericError;
	r->saved_generic_ctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(r, xmlsafe_report_error);
	xmlSetGenericErrorFunc(r, report_generic);
	return r;
}

int xmlsafe_report_errors(const struct xmlsafe_report *r)
{
	return r->errors;
}

int xmlsafe_report_end(struct xmlsafe_report *r)
{
	if (r->pending.len)
		report_generic(r, "\n");
	report_held(r);
	xmlSetStructuredErrorFunc(r->saved_structured_ctx, r->saved_structured);
	xmlSetGenericErrorFunc(r->saved_generic_ctx, r->saved_generic);
	int errors = r->errors;
	buf_free(&r->pending);
	free(r);
	return errors;
}

/* -------------------------------------------------------------------- parsing */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Process-wide and fixed: libxml2 never fetches anything from the network, whatever
 * options a caller (RELAX NG includes, libxslt) passes. */
static void xmlsafe_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
}

/* What the SAX hooks need while one file is parsed. */
struct parse_state {
	struct diag_sink *diag;               /* where rejections go */
	const char *path;                     /* the file, for messages */
	struct xmlsafe_positions *positions;  /* element positions, or NULL */
	int rejected;                         /* a hook refused the document */
};

static void reject(xmlParserCtxtPtr ctxt, const char *fmt, const xmlChar *name)
{
	struct parse_state *st = ctxt->_private;
	long line = ctxt->input ? ctxt->input->line : 0;
	long col = ctxt->input ? ctxt->input->col : 0;
	diag(st->diag, DIAG_ERROR, st->path, line, col, fmt, name ? (const char *)name : "");
	st->rejected = 1;
	xmlStopParser(ctxt);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
			   const xmlChar *system_id, xmlChar *content)
{
	reject(ctx, "entity declarations are not allowed (entity '%s'): write the characters "
		    "or character references instead", name);
}

static void on_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *public_id,
				    const xmlChar *system_id, const xmlChar *notation)
{
	reject(ctx, "entity declarations are not allowed (entity '%s')", name);
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
			       const xmlChar *system_id)
{
	if (external_id || system_id) {
		reject(ctx, "the document type declaration names an external DTD ('%s'); "
			    "briefpack never loads DTDs", system_id ? system_id : external_id);
		return;
	}
	xmlSAX2InternalSubset(ctx, name, external_id, system_id);
}

static void on_reference(void *ctx, const xmlChar *name)
{
	reject(ctx, "reference to undeclared entity '&%s;'", name);
}

/* Number of characters (not bytes) in UTF-8 text [from, to). */
static long utf8_chars(const xmlChar *from, const xmlChar *to)
{
	long n = 0;
	for (; from < to; from++)
		if ((*from & 0xC0) != 0x80)
			n++;
	return n;
}

/* Finds the '<' of the start tag just parsed (the SAX2 parser never discards buffer
 * text inside a start tag) and records its line and column. */
static void record_position(xmlParserCtxtPtr ctxt, struct xmlsafe_positions *positions)
{
	xmlParserInputPtr in = ctxt->input;
	xmlNodePtr node = ctxt->node;
	if (!node || !in || !in->base || !in->cur)
		return;
	const xmlChar *lt = in->cur;
	while (lt > in->base && *lt != '<')
		lt--;
	if (*lt != '<')
		return;
	long newlines = 0;
	for (const xmlChar *p = lt; p < in->cur; p++)
		newlines += *p == '\n';
	long line = in->line - newlines, col = 0;
	if (!newlines) {
		col = in->col - utf8_chars(lt, in->cur);
	} else {
		const xmlChar *start = lt;
		while (start > in->base && start[-1] != '\n')
			start--;
		if (start > in->base || in->consumed == 0)
			col = utf8_chars(start, lt) + 1;
	}
	positions_put(positions, node, line, col > 0 ? col : 0);
}

static void on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
			     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *st = ctxt->_private;
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
			      nb_attributes, nb_defaulted, attributes);
	record_position(ctxt, st->positions);
}

/* Opens path for reading as a regular file of bounded size; -1 after reporting. */
static int open_input(const char *path, struct diag_sink *sink)
{
	/* O_NONBLOCK keeps a FIFO from blocking before fstat refuses it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		diag(sink, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag(sink, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		diag(sink, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(EISDIR));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		diag(sink, DIAG_ERROR, path, 0, 0, "cannot read: not a regular file");
		goto fail;
	}
	if (st.st_size > XMLSAFE_MAX_BYTES) {
		diag(sink, DIAG_ERROR, path, 0, 0, "cannot read: larger than %ld MiB",
		     XMLSAFE_MAX_BYTES / (1024 * 1024));
		goto fail;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
fail:
	close(fd);
	return -1;
}

/* The rest of an open file, at most XMLSAFE_MAX_BYTES; -1 after reporting. */
static int read_all(int fd, const char *path, struct diag_sink *sink, struct buf *out)
{
	char chunk[64 * 1024];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag(sink, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		if (out->len + (size_t)n > XMLSAFE_MAX_BYTES) {
			diag(sink, DIAG_ERROR, path, 0, 0, "cannot read: larger than %ld MiB",
			     XMLSAFE_MAX_BYTES / (1024 * 1024));
			return -1;
		}
		buf_add(out, chunk, (size_t)n);
	}
}

int xmlsafe_read_xml(const char *path, xmlDictPtr dict, struct diag_sink *sink,
		     struct xmlsafe_positions **positions, xmlDocPtr *out)
{
	int status = -1;
	xmlParserCtxtPtr ctxt = NULL;
	struct xmlsafe_report *report = NULL;
	struct parse_state st = { sink, path, NULL, 0 };
	xmlDocPtr doc = NULL;
	pthread_once(&init_once, xmlsafe_init);
	*out = NULL;
	int fd = open_input(path, sink);
	if (fd < 0)
		goto out;
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		diag(sink, DIAG_ERROR, path, 0, 0, "cannot create an XML parser");
		goto out;
	}
	if (dict) {
		xmlDictFree(ctxt->dict);
		ctxt->dict = dict;
		xmlDictReference(dict);
	}
	if (positions)
		st.positions = xcalloc(1, sizeof *st.positions);
	ctxt->_private = &st;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->unparsedEntityDecl = on_unparsed_entity_decl;
	ctxt->sax->internalSubset = on_internal_subset;
	ctxt->sax->reference = on_reference;
	if (positions)
		ctxt->sax->startElementNs = on_start_element;

	report = xmlsafe_report_begin(sink, path, st.positions, 0);
	/* Deliberately without XML_PARSE_NOENT, _DTDLOAD, _DTDATTR and _HUGE. */
	doc = xmlCtxtReadFd(ctxt, fd, path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	int errors = xmlsafe_report_end(report);
	if (!doc || st.rejected || errors) {
		if (!st.rejected && !errors)
			diag(sink, DIAG_ERROR, path, 0, 0, "not a well-formed XML document");
		goto out;
	}
	*out = doc;
	doc = NULL;
	if (positions) {
		*positions = st.positions;
		st.positions = NULL;
	}
	status = 0;
out:
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	xmlsafe_positions_free(st.positions);
	if (fd >= 0)
		close(fd);
	return status;
}

int xmlsafe_read_html(const char *path, struct diag_sink *sink, xmlDocPtr *out)
{
	int status = -1;
	struct buf text = { 0 };
	pthread_once(&init_once, xmlsafe_init);
	*out = NULL;
	int fd = open_input(path, sink);
	if (fd < 0)
		goto out;
	if (read_all(fd, path, sink, &text) != 0)
		goto out;
	status = html5_parse(text.data, text.len, path, sink, out);
out:
	buf_free(&text);
	if (fd >= 0)
		close(fd);
	return status;
}
