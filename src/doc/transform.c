/* XSLT: compile once, apply under security preferences, serialise the result as HTML5. */
#include "doc/transform.h"
#include "doc/xmlsafe.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/deps.h"
#include "base/paths.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libexslt/exslt.h>
#include <libxml/HTMLtree.h>
#include <libxml/uri.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

struct transform {
	char *kind;                 /* name used in output file names */
	char *path;                 /* the .xsl file */
	xsltStylesheetPtr style;    /* compiled stylesheet; owns its document */
	char **dirs;                /* canonical folders it may read, NULL-terminated */
	xsltSecurityPrefsPtr sec;   /* no writing, no folders, no network, reads checked */
	struct deps *files;         /* the stylesheet and every module it imports or includes */
};

/* What a stylesheet may read during one compilation or transformation; reached from
 * the stylesheet's or the transformation context's _private field. */
struct read_policy {
	char *const *dirs;       /* canonical folders, NULL-terminated */
	struct diag_sink *sink;  /* where refusals go */
	struct deps *deps;       /* every file read is added here; may be NULL */
};

/* ------------------------------------------------------------ read policy */

static char *canonical_dir(const char *dir)
{
	char resolved[PATH_MAX];
	return realpath(dir, resolved) ? xstrdup(resolved) : NULL;
}

static void dirs_add(char ***dirs, size_t *n, char *dir)
{
	if (!dir)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*dirs)[i], dir) == 0) {
			free(dir);
			return;
		}
	*dirs = xrealloc(*dirs, (*n + 2) * sizeof **dirs);
	(*dirs)[(*n)++] = dir;
	(*dirs)[*n] = NULL;
}

static void dirs_free(char **dirs)
{
	for (size_t i = 0; dirs && dirs[i]; i++)
		free(dirs[i]);
	free(dirs);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

enum read_verdict {
	READ_DENIED,
	READ_ALLOWED,
	READ_MISSING, /* would be allowed, but there is no such file */
};

/* Decides on the canonical path: symbolic links are followed and ".." resolved
 * before the folders are compared, so neither can lead outside them. */
static enum read_verdict policy_check(const struct read_policy *policy, const char *path)
{
	enum read_verdict verdict = READ_DENIED;
	char resolved[PATH_MAX];
	char *dir = NULL, *candidate = NULL;
	if (!policy || !path || !*path)
		goto out;
	if (realpath(path, resolved)) {
		candidate = xstrdup(resolved);
	} else {
		struct stat st;
		if (errno != ENOENT || lstat(path, &st) == 0)
			goto out; /* unreadable, or a dangling symbolic link */
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
			goto out;
		dir = dir_of(path);
		if (!realpath(dir, resolved))
			goto out;
		candidate = xmalloc(strlen(resolved) + strlen(base) + 2);
		sprintf(candidate, "%s/%s", resolved, base);
		verdict = READ_MISSING;
	}
	int below = 0;
	for (size_t i = 0; policy->dirs && policy->dirs[i] && !below; i++)
		below = path_is_below(candidate, policy->dirs[i]);
	if (!below)
		verdict = READ_DENIED;
	else if (verdict != READ_MISSING)
		verdict = READ_ALLOWED;
out:
	free(dir);
	free(candidate);
	return verdict;
}

/* The local file a URI names, or NULL when it names anything else. */
static char *uri_to_path(const xmlChar *uri)
{
	xmlURIPtr parsed = xmlParseURI((const char *)uri);
	char *path = NULL;
	if (parsed && (!parsed->scheme || strcmp(parsed->scheme, "file") == 0) &&
	    (!parsed->server || !*parsed->server) && parsed->path && *parsed->path)
		path = xstrdup(parsed->path);
	xmlFreeURI(parsed);
	return path;
}

/* libxslt's XSLT_SECPREF_READ_FILE check for document(): 1 allows, 0 refuses. */
static int check_read_file(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
			   const char *value)
{
	const struct read_policy *policy = ctxt ? ctxt->_private : NULL;
	return policy_check(policy, value) != READ_DENIED;
}

/* Every stylesheet module and every document() is read through here: with the safe
 * parser, and only from the allowed folders. */
static xmlDocPtr safe_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
			     xsltLoadType type)
{
	const struct read_policy *policy = NULL;
	if (type == XSLT_LOAD_STYLESHEET && ctxt) {
		xsltStylesheetPtr style = ctxt;
		while (style->parent)
			style = style->parent;
		policy = style->_private;
	} else if (type == XSLT_LOAD_DOCUMENT && ctxt) {
		policy = ((xsltTransformContextPtr)ctxt)->_private;
	}
	if (!policy)
		return NULL;
	char *path = uri_to_path(uri);
	xmlDocPtr doc = NULL;
	if (!path) {
		diag(policy->sink, DIAG_ERROR, (const char *)uri, 0, 0,
		     "not read: only local files are read, never the network");
	} else if (policy_check(policy, path) == READ_DENIED) {
		diag(policy->sink, DIAG_ERROR, path, 0, 0,
		     "not read: outside the folders stylesheets may read");
	} else if (xmlsafe_read_xml(path, dict, policy->sink, NULL, &doc) == 0) {
		deps_add(policy->deps, path);
	}
	free(path);
	return doc;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* What libxslt prints with no transformation to report to: only its template and
 * variable stacks when it stops a runaway recursion, whose error itself goes through
 * the transformation's own handler. Not for the user's terminal. */
static void discard_generic(void *data, const char *fmt, ...)
{
}

/* Process-wide and fixed: libxslt reads every stylesheet module and document through
 * safe_loader, the EXSLT extensions are known, and nothing is printed past diag(). */
static void transform_init(void)
{
	xsltInit();
	exsltRegisterAll();
	xsltSetLoaderFunc(safe_loader);
	xsltSetGenericErrorFunc(NULL, discard_generic);
}

/* ------------------------------------------------------------- messages */

/* libxslt reports through a printf-like callback: first a context line ("runtime
 * error: file F line N element E"), then the message. xsl:message text comes alone. */
struct xslt_messages {
	struct diag_sink *sink;         /* where messages go */
	const char *file;               /* the stylesheet, for messages with no place */
	xsltTransformContextPtr tctxt;  /* the running transformation, NULL while compiling */
	struct buf text;                /* message text up to its newline */
	int have_place;                 /* a context line came before the text */
	int place_warning;              /* the context line said "warning" */
	char *place_file;               /* from the context line, or NULL */
	long place_line;                /* from the context line, or 0 */
	int errors;                     /* errors reported */
};

static int starts_with(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int read_context_line(struct xslt_messages *m, const char *line)
{
	static const char *const kinds[] = { "runtime error", "compilation error",
					     "compilation warning", "error" };
	const char *rest = NULL;
	size_t i;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t n = strlen(kinds[i]);
		if (strncmp(line, kinds[i], n) == 0 && (line[n] == ':' || line[n] == '\0')) {
			rest = line[n] == ':' ? line + n + 1 : line + n;
			break;
		}
	}
	if (!rest)
		return 0;
	m->have_place = 1;
	m->place_warning = strstr(kinds[i], "warning") != NULL;
	free(m->place_file);
	m->place_file = NULL;
	m->place_line = 0;
	while (*rest == ' ')
		rest++;
	if (strncmp(rest, "file ", 5) == 0) {
		rest += 5;
		const char *at_line = strstr(rest, " line ");
		const char *at_element = strstr(rest, " element ");
		const char *end = at_line ? at_line : at_element ? at_element : rest + strlen(rest);
		m->place_file = xstrndup(rest, (size_t)(end - rest));
		if (at_line)
			m->place_line = strtol(at_line + 6, NULL, 10);
	}
	return 1;
}

static void report_line(struct xslt_messages *m, const char *line)
{
	if (read_context_line(m, line))
		return;
	/* After a runaway recursion libxslt suggests its own command-line options. */
	if (starts_with(line, "You can adjust xsltMax")) {
		m->have_place = 0;
		return;
	}
	enum diag_severity severity = DIAG_ERROR;
	const char *file = m->file;
	long lineno = 0;
	if (m->have_place) {
		if (m->place_file)
			file = m->place_file;
		lineno = m->place_line;
		if (m->place_warning || starts_with(line, "warning"))
			severity = DIAG_WARNING;
	} else if (m->tctxt && m->tctxt->inst) {
		/* xsl:message: a warning, unless it stops the transformation */
		xmlNodePtr inst = m->tctxt->inst;
		if (inst->doc && inst->doc->URL)
			file = (const char *)inst->doc->URL;
		lineno = xmlGetLineNo(inst);
		xmlChar *terminate = xmlGetProp(inst, BAD_CAST "terminate");
		if (!terminate || !xmlStrEqual(terminate, BAD_CAST "yes"))
			severity = DIAG_WARNING;
		xmlFree(terminate);
	}
	m->have_place = 0;
	diag(m->sink, severity, file, lineno > 0 ? lineno : 0, 0, "%s", line);
	if (severity == DIAG_ERROR)
		m->errors++;
}

static void xslt_message(void *data, const char *fmt, ...)
{
	struct xslt_messages *m = data;
	va_list ap;
	va_start(ap, fmt);
	char piece[2048];
	vsnprintf(piece, sizeof piece, fmt, ap);
	va_end(ap);
	buf_puts(&m->text, piece);
	char *nl;
	while (m->text.data && (nl = strchr(m->text.data, '\n'))) {
		*nl = '\0';
		char *end = nl;
		while (end > m->text.data && (end[-1] == ' ' || end[-1] == '\r'))
			*--end = '\0';
		if (*m->text.data)
			report_line(m, m->text.data);
		size_t rest = m->text.len - (size_t)(nl + 1 - m->text.data);
		memmove(m->text.data, nl + 1, rest + 1);
		m->text.len = rest;
	}
}

/* Reports what is left and returns the number of errors. */
static int messages_finish(struct xslt_messages *m)
{
	if (m->text.len)
		xslt_message(m, "\n");
	buf_free(&m->text);
	free(m->place_file);
	m->place_file = NULL;
	return m->errors;
}

/* -------------------------------------------------------------- compile */

static int is_stylesheet_name(const char *kind)
{
	if (!*kind || *kind == '-' || strlen(kind) > 64)
		return 0;
	for (const char *s = kind; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Finds the stylesheet file and the kind name for output files. */
static int resolve_kind(const char *kind, const char *stylesheets_dir, struct diag_sink *sink,
			char **path, char **name)
{
	*path = *name = NULL;
	if (strchr(kind, '/') || ends_with(kind, ".xsl")) {
		const char *base = strrchr(kind, '/') ? strrchr(kind, '/') + 1 : kind;
		size_t n = strlen(base) - (ends_with(base, ".xsl") ? 4 : 0);
		*name = xstrndup(base, n);
		if (!is_stylesheet_name(*name)) {
			diag(sink, DIAG_ERROR, kind, 0, 0,
			     "a stylesheet's file name must be letters, digits, '-' and '_', "
			     "then .xsl");
			goto fail;
		}
		*path = xstrdup(kind);
		return 0;
	}
	if (!is_stylesheet_name(kind)) {
		diag(sink, DIAG_ERROR, NULL, 0, 0,
		     "unknown document kind '%s': give a stylesheet name or a path to an .xsl file",
		     kind);
		return -1;
	}
	*name = xstrdup(kind);
	*path = xmalloc(strlen(stylesheets_dir) + strlen(kind) + 6);
	sprintf(*path, "%s/%s.xsl", stylesheets_dir, kind);
	if (access(*path, F_OK) != 0) {
		diag(sink, DIAG_ERROR, NULL, 0, 0, "unknown document kind '%s': there is no %s",
		     kind, *path);
		goto fail;
	}
	return 0;
fail:
	free(*path);
	free(*name);
	*path = *name = NULL;
	return -1;
}

int transform_compile(const char *kind, const char *stylesheets_dir,
		      const char *const *allowed_dirs, struct diag_sink *sink,
		      struct transform **out)
{
	int status = -1;
	xmlDocPtr doc = NULL;
	xsltStylesheetPtr style = NULL;
	struct transform *t = xcalloc(1, sizeof *t);
	size_t ndirs = 0;
	*out = NULL;
	pthread_once(&init_once, transform_init);
	if (resolve_kind(kind, stylesheets_dir, sink, &t->path, &t->kind) != 0)
		goto out;
	char *own_dir = dir_of(t->path);
	dirs_add(&t->dirs, &ndirs, canonical_dir(stylesheets_dir));
	dirs_add(&t->dirs, &ndirs, canonical_dir(own_dir));
	free(own_dir);
	for (size_t i = 0; allowed_dirs && allowed_dirs[i]; i++)
		dirs_add(&t->dirs, &ndirs, canonical_dir(allowed_dirs[i]));

	if (xmlsafe_read_xml(t->path, NULL, sink, NULL, &doc) != 0)
		goto out;
	t->files = deps_new();
	deps_add(t->files, t->path);
	struct read_policy policy = { t->dirs, sink, t->files };
	struct xslt_messages msgs = { .sink = sink, .file = t->path };
	style = xsltNewStylesheet();
	if (!style) {
		diag(sink, DIAG_ERROR, t->path, 0, 0, "cannot create a stylesheet");
		goto out;
	}
	style->_private = &policy;
	xmlGenericErrorFunc saved_error = xsltGenericError;
	void *saved_error_ctx = xsltGenericErrorContext;
	xsltSetGenericErrorFunc(&msgs, xslt_message);
	struct xmlsafe_report *report = xmlsafe_report_begin(sink, t->path, NULL, 0);
	int rc = xsltParseStylesheetUser(style, doc);
	int errors = xmlsafe_report_end(report);
	xsltSetGenericErrorFunc(saved_error_ctx, saved_error);
	errors += messages_finish(&msgs);
	style->_private = NULL;
	if (rc == 0)
		doc = NULL; /* the stylesheet owns it now */
	if (rc != 0 || style->errors || errors) {
		if (!errors)
			diag(sink, DIAG_ERROR, t->path, 0, 0, "not a usable XSLT stylesheet");
		goto out;
	}
	t->style = style;
	style = NULL;

	t->sec = xsltNewSecurityPrefs();
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_READ_FILE, check_read_file);
	*out = t;
	t = NULL;
	status = 0;
out:
	if (style)
		xsltFreeStylesheet(style);
	if (doc)
		xmlFreeDoc(doc);
	transform_free(t);
	return status;
}

void transform_free(struct transform *t)
{
	if (!t)
		return;
	if (t->style)
		xsltFreeStylesheet(t->style);
	if (t->sec)
		xsltFreeSecurityPrefs(t->sec);
	dirs_free(t->dirs);
	deps_free(t->files);
	free(t->path);
	free(t->kind);
	free(t);
}

const char *transform_kind(const struct transform *t)
{
	return t->kind;
}

/* ---------------------------------------------------------------- apply */

int transform_apply(const struct transform *t, xmlDocPtr doc, const char *input_path,
		    const char *const *params, struct deps *deps, struct diag_sink *sink,
		    xmlDocPtr *result)
{
	int status = -1;
	xsltTransformContextPtr tctxt = NULL;
	xmlDocPtr res = NULL;
	char **dirs = NULL;
	size_t ndirs = 0;
	*result = NULL;
	for (size_t i = 0; t->dirs && t->dirs[i]; i++)
		dirs_add(&dirs, &ndirs, xstrdup(t->dirs[i]));
	char *input_dir = dir_of(input_path);
	dirs_add(&dirs, &ndirs, canonical_dir(input_dir));
	free(input_dir);

	struct read_policy policy = { dirs, sink, deps };
	struct xslt_messages msgs = { .sink = sink, .file = t->path };
	for (size_t i = 0; i < deps_count(t->files); i++)
		deps_add(deps, deps_get(t->files, i));
	tctxt = xsltNewTransformContext(t->style, doc);
	if (!tctxt) {
		diag(sink, DIAG_ERROR, t->path, 0, 0, "cannot start the transformation");
		goto out;
	}
	tctxt->_private = &policy;
	msgs.tctxt = tctxt;
	xsltSetCtxtSecurityPrefs(t->sec, tctxt);
	xsltSetTransformErrorFunc(tctxt, &msgs, xslt_message);
	struct xmlsafe_report *report = xmlsafe_report_begin(sink, t->path, NULL, 0);
	if (params && xsltQuoteUserParams(tctxt, (const char **)params) != 0)
		diag(sink, DIAG_ERROR, NULL, 0, 0, "cannot pass the stylesheet parameters");
	else
		res = xsltApplyStylesheetUser(t->style, doc, NULL, NULL, NULL, tctxt);
	int errors = xmlsafe_report_end(report);
	errors += messages_finish(&msgs);
	if (!res || errors || tctxt->state != XSLT_STATE_OK) {
		if (!errors)
			diag(sink, DIAG_ERROR, t->path, 0, 0, "the transformation of %s failed",
			     input_path);
		goto out;
	}
	*result = res;
	res = NULL;
	status = 0;
out:
	if (res)
		xmlFreeDoc(res);
	if (tctxt)
		xsltFreeTransformContext(tctxt);
	dirs_free(dirs);
	return status;
}

/* --------------------------------------------------------------- output */

int transform_write_html(xmlDocPtr result, FILE *out, const char *out_name,
			 struct diag_sink *sink)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(out, NULL);
	if (!ob) {
		diag(sink, DIAG_ERROR, out_name, 0, 0, "cannot write");
		return -1;
	}
	/* libxml2 would print its own "I/O error" lines on a full disk; the one message
	 * below says it with the file's name. */
	struct diag_sink *quiet = diag_sink_new(NULL);
	struct xmlsafe_report *report = xmlsafe_report_begin(quiet, out_name, NULL, 0);
	xmlOutputBufferWriteString(ob, "<!DOCTYPE html>\n");
	for (xmlNodePtr n = result->children; n; n = n->next) {
		if (n->type == XML_DTD_NODE)
			continue;
		htmlNodeDumpFormatOutput(ob, result, n, "UTF-8", 1);
		xmlOutputBufferWriteString(ob, "\n");
	}
	int rc = xmlOutputBufferClose(ob);
	xmlsafe_report_end(report);
	diag_sink_free(quiet);
	if (rc < 0 || fflush(out) != 0 || ferror(out)) {
		diag(sink, DIAG_ERROR, out_name, 0, 0, "cannot write: %s",
		     errno ? strerror(errno) : "output error");
		return -1;
	}
	return 0;
}
