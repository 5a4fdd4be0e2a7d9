/* Dependency sets and depfiles in the format make and ninja read. */
#include "base/deps.h"
#include "base/alloc.h"
#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

struct deps {
	char **paths;     /* sorted, unique */
	size_t n, cap;
};

struct deps *deps_new(void)
{
	return xcalloc(1, sizeof(struct deps));
}

void deps_free(struct deps *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->paths[i]);
	free(d->paths);
	free(d);
}

void deps_add(struct deps *d, const char *path)
{
	if (!d || !path || !*path)
		return;
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(d->paths[mid], path);
		if (c == 0)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->paths = xrealloc(d->paths, d->cap * sizeof *d->paths);
	}
	memmove(d->paths + lo + 1, d->paths + lo, (d->n - lo) * sizeof *d->paths);
	d->paths[lo] = xstrdup(path);
	d->n++;
}

size_t deps_count(const struct deps *d)
{
	return d ? d->n : 0;
}

const char *deps_get(const struct deps *d, size_t i)
{
	return d->paths[i];
}

static void write_escaped(FILE *out, const char *path)
{
	for (const char *p = path; *p; p++) {
		if (*p == ' ' || *p == '#' || *p == '\\')
			fputc('\\', out);
		if (*p == '$')
			fputc('$', out);
		fputc(*p, out);
	}
}

int deps_write(const struct deps *d, const char *const *targets, const char *stamp, FILE *out)
{
	fprintf(out, "# briefpack %s\n", stamp);
	for (size_t i = 0; targets[i]; i++) {
		if (i)
			fputc(' ', out);
		write_escaped(out, targets[i]);
	}
	fputc(':', out);
	for (size_t i = 0; i < deps_count(d); i++) {
		fputs(" \\\n  ", out);
		write_escaped(out, d->paths[i]);
	}
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

int deps_read(const char *path, struct deps *d, char **stamp)
{
	FILE *in = fopen(path, "r");
	if (!in)
		return -1;
	int status = -1;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	*stamp = NULL;
	if ((len = getline(&line, &cap, in)) <= 0 || strncmp(line, "# briefpack ", 12) != 0)
		goto out;
	line[strcspn(line, "\n")] = '\0';
	*stamp = xstrdup(line + 12);
	/* The rule: targets, a colon, then one dependency a line. */
	bool after_colon = false;
	while ((len = getline(&line, &cap, in)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		const char *p = line;
		if (!after_colon) {
			const char *colon = NULL;
			for (const char *q = p; *q; q++) {
				if (*q == '\\' && q[1]) {
					q++;
					continue;
				}
				if (*q == ':') {
					colon = q;
					break;
				}
			}
			if (!colon)
				goto out;
			after_colon = true;
			p = colon + 1;
		}
		struct buf dep = { 0 };
		for (; *p; p++) {
			if (*p == '\\' && p[1] && p[1] != '\n') {
				buf_putc(&dep, *++p);
			} else if (*p == '$' && p[1] == '$') {
				buf_putc(&dep, '$');
				p++;
			} else if (*p == ' ' || *p == '\\') {
				if (dep.len)
					deps_add(d, dep.data);
				dep.len = 0;
			} else {
				buf_putc(&dep, *p);
			}
		}
		if (dep.len)
			deps_add(d, dep.data);
		buf_free(&dep);
	}
	status = after_colon ? 0 : -1;
out:
	free(line);
	fclose(in);
	if (status != 0) {
		free(*stamp);
		*stamp = NULL;
	}
	return status;
}
