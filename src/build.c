/* Jobs: load and validate, transform, write HTML and PDF atomically into the output folder. */
#include "build.h"
#include "base/alloc.h"
#include "base/atomic.h"
#include "base/diag.h"
#include "doc/programme.h"
#include "doc/transform.h"
#include "doc/xmlsafe.h"
#include "layout/fonts.h"
#include "workers.h"
#include "base/deps.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"

#define VERSION_STAMP "v1" /* the form of the build records */

#include <libxml/tree.h>

/* ----------------------------------------------------------------- dates */

int build_source_date(const char *value, struct diag_sink *sink, time_t *out)
{
	const long long max = 253402300799LL; /* 9999-12-31T23:59:59Z */
	long long seconds = 0;
	const char *s = value;
	if (!*s)
		goto bad;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			goto bad;
		seconds = seconds * 10 + (*s - '0');
		if (seconds > max)
			goto bad;
	}
	*out = (time_t)seconds;
	return 0;
bad:
	diag(sink, DIAG_ERROR, NULL, 0, 0,
	     "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 up to the year "
	     "9999, not '%s'",
	     value);
	return -1;
}

/* "YYYY-MM-DD..." as 00:00 UTC of that day. */
static int parse_iso_day(const char *s, time_t *out)
{
	int y, m, d, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || y < 1000 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return -1;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
	*out = timegm(&tm);
	return 0;
}

/* The page's own date from <meta name="dcterms.date|date" content="YYYY-MM-DD">. */
static int page_date(xmlDocPtr doc, time_t *out)
{
	static const char *const names[] = { "dcterms.date", "dcterms.modified", "date" };
	xmlNodePtr html = xmlDocGetRootElement(doc);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		for (xmlNodePtr head = html ? html->children : NULL; head; head = head->next) {
			if (head->type != XML_ELEMENT_NODE || xmlStrcasecmp(head->name, BAD_CAST "head"))
				continue;
			for (xmlNodePtr m = head->children; m; m = m->next) {
				if (m->type != XML_ELEMENT_NODE || xmlStrcasecmp(m->name, BAD_CAST "meta"))
					continue;
				xmlChar *name = xmlGetProp(m, BAD_CAST "name");
				xmlChar *content = xmlGetProp(m, BAD_CAST "content");
				int found = name && content && !xmlStrcasecmp(name, BAD_CAST names[i]) &&
					    parse_iso_day((const char *)content, out) == 0;
				xmlFree(name);
				xmlFree(content);
				if (found)
					return 0;
			}
		}
	return -1;
}

/* ---------------------------------------------------------------- inputs */

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *path = xmalloc(n + strlen(name) + 2);
	memcpy(path, dir, n);
	path[n] = '/';
	strcpy(path + n + 1, name);
	return path;
}

static char *dir_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct string_list {
	char **items; /* NULL-terminated once anything was added */
	size_t count; /* items used */
};

static void list_add(struct string_list *l, char *s)
{
	l->items = xrealloc(l->items, (l->count + 2) * sizeof *l->items);
	l->items[l->count++] = s;
	l->items[l->count] = NULL;
}

/* Adds the folder's *.xml files, sorted. */
static int add_folder(struct string_list *l, const char *dir, struct diag_sink *sink)
{
	DIR *d = opendir(dir);
	if (!d) {
		diag(sink, DIAG_ERROR, dir, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	size_t first = l->count;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && ends_with(e->d_name, ".xml"))
			list_add(l, path_join(dir, e->d_name));
	closedir(d);
	if (l->count == first)
		diag(sink, DIAG_WARNING, dir, 0, 0, "no .xml files in this folder");
	else
		qsort(l->items + first, l->count - first, sizeof *l->items, compare_strings);
	return 0;
}

int build_expand_inputs(const char *const *args, struct diag_sink *sink, char ***inputs)
{
	struct string_list l = { NULL, 0 };
	int status = 0;
	for (size_t i = 0; args[i]; i++) {
		struct stat st;
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (add_folder(&l, args[i], sink) != 0)
				status = -1;
		} else {
			list_add(&l, xstrdup(args[i]));
		}
	}
	if (!l.items)
		l.items = xcalloc(1, sizeof *l.items);
	*inputs = l.items;
	return status;
}

void build_free_inputs(char **inputs)
{
	for (size_t i = 0; inputs && inputs[i]; i++)
		free(inputs[i]);
	free(inputs);
}

/* NAME of OUT/NAME.KIND.*: the input's file name without ".xml"; NULL if unusable. */
static char *output_name(const char *input, struct diag_sink *sink)
{
	const char *base = strrchr(input, '/') ? strrchr(input, '/') + 1 : input;
	size_t n = strlen(base) - (ends_with(base, ".xml") ? 4 : 0);
	if (n == 0 || base[0] == '.') {
		diag(sink, DIAG_ERROR, input, 0, 0,
		     "cannot name the outputs after this file: use a name like NAME.xml");
		return NULL;
	}
	return xstrndup(base, n);
}

/* ------------------------------------------------------------------ jobs */

static char *output_path(const char *out_dir, const char *name, const char *kind,
			 const char *ext)
{
	char *file = xmalloc(strlen(name) + strlen(kind) + strlen(ext) + 3);
	sprintf(file, "%s.%s.%s", name, kind, ext);
	char *path = path_join(out_dir, file);
	free(file);
	return path;
}

/* Folders the engine may read: the output folder, the input's, the stylesheets
 * folder and those named on the command line. */
static const char **engine_dirs(const struct build_options *opts, const char *first,
				const char *second)
{
	size_t n = 0;
	while (opts->allowed_dirs && opts->allowed_dirs[n])
		n++;
	const char **dirs = xcalloc(n + 4, sizeof *dirs);
	size_t k = 0;
	if (first)
		dirs[k++] = first;
	if (second)
		dirs[k++] = second;
	if (opts->stylesheets_dir)
		dirs[k++] = opts->stylesheets_dir;
	for (size_t i = 0; i < n; i++)
		dirs[k++] = opts->allowed_dirs[i];
	return dirs;
}

/* ------------------------------------------------------ up-to-date checks */

/* Where the record of what a document was made from is kept. */
static char *record_path(const struct build_options *opts, const char *name, const char *kind)
{
	char *folder = path_join(opts->out_dir, ".briefpack");
	char *path = output_path(folder, name, kind, "d");
	free(folder);
	return path;
}

/* What, besides the files, decides the outputs: a change of any of it rebuilds. */
static char *build_stamp(const struct build_options *opts, const char *kind)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s kind=%s formats=%d", VERSION_STAMP, kind, opts->formats);
	if (opts->have_source_date)
		buf_printf(&b, " date=%lld", (long long)opts->source_date);
	for (size_t i = 0; opts->params && opts->params[i]; i++)
		buf_printf(&b, " %s%s", i % 2 ? "=" : "param:", opts->params[i]);
	for (size_t i = 0; opts->allowed_dirs && opts->allowed_dirs[i]; i++)
		buf_printf(&b, " allow:%s", opts->allowed_dirs[i]);
	for (char *c = b.data; c && *c; c++)
		if (*c == '\n')
			*c = ' ';
	return b.data ? b.data : xstrdup("");
}

static bool modified_after(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
	       (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec > b->st_mtim.tv_nsec);
}

/* The outputs exist, were made with the same options, and are newer than every file
 * they were made from (as recorded when they were made). */
static bool up_to_date(const struct build_options *opts, const char *name, const char *kind)
{
	bool fresh = false;
	char *record = record_path(opts, name, kind);
	char *stamp = NULL, *want = build_stamp(opts, kind);
	struct deps *deps = deps_new();
	struct stat oldest = { 0 }, st;
	bool have_output = false;
	if (deps_read(record, deps, &stamp) != 0 || strcmp(stamp, want) != 0)
		goto out;
	static const char *const exts[] = { "html", "pdf" };
	for (int i = 0; i < 2; i++) {
		if (!(opts->formats & (i ? BUILD_PDF : BUILD_HTML)))
			continue;
		char *out = output_path(opts->out_dir, name, kind, exts[i]);
		int rc = stat(out, &st);
		free(out);
		if (rc != 0)
			goto out;
		if (!have_output || modified_after(&oldest, &st))
			oldest = st;
		have_output = true;
	}
	for (size_t i = 0; i < deps_count(deps); i++)
		if (stat(deps_get(deps, i), &st) != 0 || modified_after(&st, &oldest))
			goto out;
	fresh = have_output;
out:
	deps_free(deps);
	free(stamp);
	free(want);
	free(record);
	return fresh;
}

/* Writes what the document was made from: the record for up-to-date checks and,
 * with -M, a depfile beside the outputs for make and ninja. */
static int write_records(const struct build_options *opts, const char *name, const char *kind,
			 const struct deps *deps, struct diag_sink *sink)
{
	char *html = output_path(opts->out_dir, name, kind, "html");
	char *pdf = output_path(opts->out_dir, name, kind, "pdf");
	const char *targets[3] = { NULL, NULL, NULL };
	int n = 0;
	if (opts->formats & BUILD_HTML)
		targets[n++] = html;
	if (opts->formats & BUILD_PDF)
		targets[n++] = pdf;
	char *stamp = build_stamp(opts, kind);
	char *folder = path_join(opts->out_dir, ".briefpack");
	char *record = record_path(opts, name, kind);
	char *depfile = output_path(opts->out_dir, name, kind, "d");
	int status = 0;
	for (int pass = 0; pass < (opts->depfiles ? 2 : 1); pass++) {
		struct atomic_file *f = NULL;
		if (pass == 0 && mkdir(folder, 0777) != 0 && errno != EEXIST) {
			diag(sink, DIAG_WARNING, folder, 0, 0, "cannot keep build records: %s",
			     strerror(errno));
			continue;
		}
		if (atomic_open(pass ? depfile : record, sink, &f) != 0 ||
		    deps_write(deps, targets, stamp, atomic_stream(f)) != 0) {
			atomic_discard(f);
			status = -1;
		} else if (atomic_commit(f, sink) != 0) { /* it frees f either way */
			status = -1;
		}
	}
	free(depfile);
	free(record);
	free(folder);
	free(stamp);
	free(html);
	free(pdf);
	return status;
}

/* One document: programme p through transform t. */
static int build_one(const struct build_options *opts, const struct programme *p,
		     const char *name, const struct transform *t, struct render_fonts *fonts,
		     struct diag_sink *sink)
{
	int status = -1;
	const char *input = programme_path(p);
	char *html_path = output_path(opts->out_dir, name, transform_kind(t), "html");
	char *pdf_path = output_path(opts->out_dir, name, transform_kind(t), "pdf");
	char *input_dir = dir_name(input);
	const char **dirs = engine_dirs(opts, opts->out_dir, input_dir);
	struct atomic_file *html = NULL, *pdf = NULL;
	xmlDocPtr result = NULL;
	struct deps *deps = deps_new();
	char *rng = path_join(opts->stylesheets_dir, "programme.rng");
	deps_add(deps, input);
	deps_add(deps, rng);
	free(rng);
	deps_add(deps, opts->program);

	/* The stylesheet's HTML is libxslt's tree and goes to the engine as it is; only
	 * pages read from a file (render) go through the HTML5 parser (doc/html5.h). */
	if (transform_apply(t, programme_doc(p), input, opts->params, deps, sink, &result) != 0)
		goto out;
	xmlFree((xmlChar *)result->URL);
	result->URL = xmlStrdup(BAD_CAST html_path);
	if (opts->formats & BUILD_HTML) {
		if (atomic_open(html_path, sink, &html) != 0 ||
		    transform_write_html(result, atomic_stream(html), html_path, sink) != 0)
			goto out;
	}
	struct render_options ropts = {
		.source_name = html_path,
		.base_dir = opts->out_dir,
		.allowed_dirs = dirs,
		.creation_time = opts->have_source_date ? opts->source_date
							: programme_status_time(p),
		.dump = opts->dump,
		.hold_pages = opts->hold_pages,
		.untagged = opts->untagged,
		.variant = opts->variant,
		.deps = deps,
		.fonts = fonts,
	};
	if (opts->dump != RENDER_DUMP_NONE) {
		if (render_document(result, &ropts, opts->dump_out, sink) != 0)
			goto out;
	} else if (opts->formats & BUILD_PDF) {
		if (atomic_open(pdf_path, sink, &pdf) != 0 ||
		    render_document(result, &ropts, atomic_stream(pdf), sink) != 0)
			goto out;
	}
	/* Both outputs are complete and written out: only now replace the previous ones. */
	if ((html && atomic_finish(html, sink) != 0) || (pdf && atomic_finish(pdf, sink) != 0))
		goto out;
	status = 0;
	if (html && atomic_commit(html, sink) != 0)
		status = -1;
	html = NULL;
	if (pdf && status == 0) {
		if (atomic_commit(pdf, sink) != 0)
			status = -1;
		pdf = NULL;
	}
	if (status == 0 && opts->dump == RENDER_DUMP_NONE)
		write_records(opts, name, transform_kind(t), deps, sink);
out:
	deps_free(deps);
	atomic_discard(html);
	atomic_discard(pdf);
	if (result)
		xmlFreeDoc(result);
	free(dirs);
	free(input_dir);
	free(html_path);
	free(pdf_path);
	return status;
}

static int make_output_dir(const char *dir, struct diag_sink *sink)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		diag(sink, DIAG_ERROR, dir, 0, 0, "the output folder is not a folder");
		return -1;
	}
	if (mkdir(dir, 0777) != 0) {
		diag(sink, DIAG_ERROR, dir, 0, 0, "cannot create the output folder: %s",
		     strerror(errno));
		return -1;
	}
	return 0;
}

static int load_schema(const struct build_options *opts, struct diag_sink *sink,
		       struct programme_schema **schema)
{
	char *rng = path_join(opts->stylesheets_dir, "programme.rng");
	int rc = programme_schema_load(rng, sink, schema);
	free(rng);
	return rc;
}

int build_check(const struct build_options *opts, char *const *inputs, struct diag_sink *sink)
{
	struct programme_schema *schema = NULL;
	if (load_schema(opts, sink, &schema) != 0)
		return -1;
	int status = 0;
	for (size_t i = 0; inputs[i]; i++) {
		struct programme *p = NULL;
		if (programme_load(inputs[i], schema, sink, &p) != 0)
			status = -1;
		programme_free(p);
	}
	programme_schema_free(schema);
	return status;
}

/* What the jobs of one build share: read-only once the workers start. */
struct build_batch {
	const struct build_options *opts;
	struct programme_schema *schema;
	struct transform **transforms; /* compiled once; NULL where a kind failed or repeats */
	size_t nkinds;
	char *const *inputs;
	char **names;                  /* output name of each input, NULL when it may not build */
};

/* One input: loaded and validated once, then built in every kind. */
static void *thread_fonts_begin(void *ctx)
{
	(void)ctx;
	return render_fonts_new();
}

static void thread_fonts_end(void *ctx, void *fonts)
{
	(void)ctx;
	render_fonts_free(fonts);
}

static int build_input(void *ctx, size_t i, void *fonts, struct diag_sink *sink)
{
	struct build_batch *b = ctx;
	if (!b->names[i])
		return -1;
	/* What is up to date is not built again, and its input not even read. */
	bool *todo = xcalloc(b->nkinds + 1, sizeof *todo);
	bool any = false;
	for (size_t k = 0; k < b->nkinds; k++) {
		todo[k] = b->transforms[k] &&
			  (b->opts->force || b->opts->dump != RENDER_DUMP_NONE ||
			   !up_to_date(b->opts, b->names[i], transform_kind(b->transforms[k])));
		any |= todo[k];
	}
	int status = 0;
	struct programme *p = NULL;
	if (any && programme_load(b->inputs[i], b->schema, sink, &p) != 0)
		status = -1;
	for (size_t k = 0; p && k < b->nkinds; k++)
		if (todo[k] && build_one(b->opts, p, b->names[i], b->transforms[k], fonts, sink) != 0)
			status = -1;
	programme_free(p);
	free(todo);
	return status;
}

static const char *input_label(void *ctx, size_t i)
{
	struct build_batch *b = ctx;
	return b->names[i] ? b->names[i] : b->inputs[i];
}

int build_run(const struct build_options *opts, char *const *inputs, struct diag_sink *sink)
{
	int status = 0;
	struct build_batch b = { .opts = opts, .inputs = inputs };
	size_t ninputs = 0;
	while (inputs[ninputs])
		ninputs++;
	while (opts->kinds[b.nkinds])
		b.nkinds++;
	b.transforms = xcalloc(b.nkinds + 1, sizeof *b.transforms);
	b.names = xcalloc(ninputs + 1, sizeof *b.names);

	if (make_output_dir(opts->out_dir, sink) != 0 || load_schema(opts, sink, &b.schema) != 0) {
		status = -1;
		goto out;
	}
	/* Each stylesheet is compiled once, before any worker starts: compiling touches
	 * libxslt's process-wide state, applying a compiled stylesheet does not. */
	for (size_t k = 0; k < b.nkinds; k++) {
		if (transform_compile(opts->kinds[k], opts->stylesheets_dir, opts->allowed_dirs,
				      sink, &b.transforms[k]) != 0) {
			status = -1;
			continue;
		}
		for (size_t j = 0; j < k; j++)
			if (b.transforms[j] &&
			    !strcmp(transform_kind(b.transforms[j]), transform_kind(b.transforms[k]))) {
				diag(sink, DIAG_WARNING, NULL, 0, 0,
				     "document kind '%s' named twice; built once",
				     transform_kind(b.transforms[k]));
				transform_free(b.transforms[k]);
				b.transforms[k] = NULL;
				break;
			}
	}
	/* Output names first, so two inputs never write the same files. */
	for (size_t i = 0; i < ninputs; i++) {
		char *name = output_name(inputs[i], sink);
		if (!name) {
			status = -1;
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (b.names[j] && !strcmp(b.names[j], name)) {
				diag(sink, DIAG_ERROR, inputs[i], 0, 0,
				     "another input already writes %s/%s.*; not built", opts->out_dir,
				     name);
				free(name);
				name = NULL;
				status = -1;
				break;
			}
		b.names[i] = name;
	}
	struct work_plan plan = {
		.n = ninputs,
		.threads = opts->jobs > 0 ? opts->jobs : workers_default_count(),
		.run = build_input,
		.label = input_label,
		.ctx = &b,
		.progress = opts->progress && ninputs > 1,
		.thread_begin = thread_fonts_begin,
		.thread_end = thread_fonts_end,
	};
	/* A dump goes to one stream: its documents are made one after the other. */
	if (opts->dump != RENDER_DUMP_NONE)
		plan.threads = 1;
	if (workers_run(&plan, sink) != 0)
		status = -1;
out:
	for (size_t k = 0; k < b.nkinds; k++)
		transform_free(b.transforms[k]);
	free(b.transforms);
	for (size_t j = 0; j < ninputs; j++)
		free(b.names[j]);
	free(b.names);
	programme_schema_free(b.schema);
	return status;
}

/* --------------------------------------------------------------- render */

static char *default_pdf_path(const char *html_path)
{
	size_t n = strlen(html_path);
	if (ends_with(html_path, ".html"))
		n -= 5;
	else if (ends_with(html_path, ".htm"))
		n -= 4;
	char *pdf = xmalloc(n + 5);
	memcpy(pdf, html_path, n);
	strcpy(pdf + n, ".pdf");
	return pdf;
}

/* -o -: the PDF on standard output, once it is whole (nothing of a failed one), and
 * never onto a terminal. */
static int render_to_stdout(xmlDocPtr doc, const struct render_options *ropts, struct diag_sink *sink)
{
	if (isatty(STDOUT_FILENO)) {
		diag(sink, DIAG_ERROR, ropts->source_name, 0, 0,
		     "will not write a PDF onto a terminal: redirect standard output, or give -o FILE");
		return -1;
	}
	char *data = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len);
	if (!mem) {
		diag(sink, DIAG_ERROR, ropts->source_name, 0, 0, "out of memory");
		return -1;
	}
	int status = render_document(doc, ropts, mem, sink);
	if (fclose(mem) != 0)
		status = -1;
	if (status == 0 && (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)) {
		diag(sink, DIAG_ERROR, NULL, 0, 0, "cannot write to standard output");
		status = -1;
	}
	free(data);
	return status;
}

int build_render_page(const struct build_options *opts, const char *html_path,
		      const char *out_pdf, struct diag_sink *sink)
{
	int status = -1;
	xmlDocPtr doc = NULL;
	struct atomic_file *pdf = NULL;
	char *base_dir = dir_name(html_path);
	char *target = out_pdf ? xstrdup(out_pdf) : default_pdf_path(html_path);
	const char **dirs = engine_dirs(opts, base_dir, NULL);
	if (xmlsafe_read_html(html_path, sink, &doc) != 0)
		goto out;
	time_t date = 0;
	if (opts->have_source_date)
		date = opts->source_date;
	else
		page_date(doc, &date);
	struct render_options ropts = {
		.source_name = html_path,
		.base_dir = base_dir,
		.allowed_dirs = dirs,
		.creation_time = date,
		.dump = opts->dump,
		.hold_pages = opts->hold_pages,
		.untagged = opts->untagged,
		.variant = opts->variant,
	};
	if (opts->dump != RENDER_DUMP_NONE) {
		status = render_document(doc, &ropts, opts->dump_out, sink);
		goto out;
	}
	if (strcmp(target, "-") == 0) {
		status = render_to_stdout(doc, &ropts, sink);
		goto out;
	}
	if (atomic_open(target, sink, &pdf) != 0)
		goto out;
	if (render_document(doc, &ropts, atomic_stream(pdf), sink) != 0)
		goto out;
	status = atomic_commit(pdf, sink);
	pdf = NULL;
out:
	atomic_discard(pdf);
	if (doc)
		xmlFreeDoc(doc);
	free(dirs);
	free(target);
	free(base_dir);
	return status;
}
