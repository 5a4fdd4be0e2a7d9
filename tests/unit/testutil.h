/* Helpers for the unit tests: scratch folders, files, and diagnostics captured in memory. */
#ifndef BP_TESTUTIL_H
#define BP_TESTUTIL_H

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"

/* A diag sink whose messages collect in memory. */
struct captured {
	struct diag_sink *sink; /* pass this to the code under test */
	FILE *stream;           /* memory stream behind the sink */
	char *text;             /* everything reported, after captured_text() */
	size_t len;
};

static inline void captured_open(struct captured *c)
{
	memset(c, 0, sizeof *c);
	c->stream = open_memstream(&c->text, &c->len);
	c->sink = diag_sink_new(c->stream);
}

/* What was reported so far (valid until the next call or captured_close). */
static inline const char *captured_text(struct captured *c)
{
	fflush(c->stream);
	return c->text ? c->text : "";
}

static inline void captured_close(struct captured *c)
{
	diag_sink_free(c->sink);
	fclose(c->stream);
	free(c->text);
	memset(c, 0, sizeof *c);
}

/* A new empty folder under /tmp; the caller frees the name and removes the folder. */
static inline char *scratch_dir(void)
{
	char *dir = strdup("/tmp/briefpack-test-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	return dir;
}

/* Joins a folder and a name into a new string. */
static inline char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static inline void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
}

/* The whole file as a new string, or NULL when it cannot be read. */
static inline char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(mem);
	fclose(f);
	return text;
}

/* Number of entries in dir whose name starts with '.' (other than . and ..). */
static inline int hidden_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	/* Temporary files are hidden; the folder of build records is meant to stay. */
	while (d && (e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, ".briefpack"))
			n++;
	if (d)
		closedir(d);
	return n;
}

/* Removes dir and everything below it (no symbolic links are followed). */
static inline void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = path_in(dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p);
		else
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* A small valid programme; extra is inserted before </workstreams>, and each
 * {HOST} in the template is replaced by host. */
static inline char *tiny_programme(const char *host, const char *extra)
{
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<programme>\n"
		"  <title>Tiny Test Programme</title>\n"
		"  <short-title>Tiny</short-title>\n"
		"  <as-at day=\"2007-03-15\"/>\n"
		"  <version>1</version>\n"
		"  <classification level=\"public\"/>\n"
		"  <contact-officer><job-title>Programme Manager</job-title></contact-officer>\n"
		"  <partners>\n"
		"    <partner id=\"CBC\" kind=\"borough\"><name>Chesterfield Borough Council</name></partner>\n"
		"    <partner id=\"BDC\" kind=\"district\"><name>Bolsover District Council</name></partner>\n"
		"  </partners>\n"
		"  <workstreams>\n"
		"    <workstream id=\"audit\" status=\"agreed\" host=\"";
	static const char middle[] =
		"\">\n"
		"      <name>Internal Audit</name>\n"
		"      <go-live year=\"2007\" part=\"mid\"/>\n"
		"      <annual-savings qualifier=\"estimated around\">"
		"<money currency=\"GBP\" amount=\"357000\"/></annual-savings>\n"
		"    </workstream>\n";
	static const char tail[] =
		"  </workstreams>\n"
		"  <next-steps>\n"
		"    <step><text>Spend <money amount=\"1234.50\"/> on training.</text>"
		"<target year=\"2007\" season=\"summer\"/></step>\n"
		"  </next-steps>\n"
		"</programme>\n";
	size_t n = sizeof head + strlen(host) + sizeof middle + strlen(extra) + sizeof tail;
	char *text = malloc(n);
	snprintf(text, n, "%s%s%s%s%s", head, host, middle, extra, tail);
	return text;
}

#endif
