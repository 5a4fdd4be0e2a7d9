/* Local file references: resolution and the allowed-folders check. */
#include "base/paths.h"
#include "base/arena.h"
#include "base/alloc.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int path_is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (strncmp(path, dir, n) != 0)
		return 0;
	return path[n] == '\0' || path[n] == '/' || (n == 1 && dir[0] == '/');
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Copies ref up to '#' or '?', decoding %XX; a decoded NUL makes it invalid. */
static char *decode_reference(const char *ref)
{
	size_t len = strcspn(ref, "#?");
	char *out = xmalloc(len + 1);
	size_t j = 0;
	for (size_t i = 0; i < len; i++) {
		if (ref[i] == '%' && i + 2 < len + 1 && hex_value(ref[i + 1]) >= 0 &&
		    hex_value(ref[i + 2]) >= 0) {
			char c = (char)(hex_value(ref[i + 1]) * 16 + hex_value(ref[i + 2]));
			if (c == '\0') {
				free(out);
				return NULL;
			}
			out[j++] = c;
			i += 2;
		} else {
			out[j++] = ref[i];
		}
	}
	out[j] = '\0';
	return out;
}

static int has_scheme(const char *ref)
{
	if (!isalpha((unsigned char)ref[0]))
		return 0;
	const char *p = ref + 1;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

int path_resolve_local(struct arena *a, const char *base_dir, const char *const *allowed_dirs,
		       const char *ref, char **out, const char **why)
{
	int status = -1;
	char *decoded = NULL, *joined = NULL;
	char canonical[PATH_MAX];
	if (strncmp(ref, "file://", 7) == 0) {
		ref += 7;
		if (*ref != '/') {
			*why = "file: URLs naming another host are not read";
			goto out;
		}
	} else if (strncmp(ref, "file:", 5) == 0) {
		ref += 5;
	} else if (has_scheme(ref)) {
		*why = "only local files are read, never the network";
		goto out;
	}
	decoded = decode_reference(ref);
	if (!decoded || !*decoded) {
		*why = "empty or invalid file name";
		goto out;
	}
	if (decoded[0] == '/') {
		joined = xstrdup(decoded);
	} else {
		size_t n = strlen(base_dir) + strlen(decoded) + 2;
		joined = xmalloc(n);
		snprintf(joined, n, "%s/%s", base_dir, decoded);
	}
	if (!realpath(joined, canonical)) {
		*why = "no such file";
		goto out;
	}
	const char *const only_base[] = { base_dir, NULL };
	const char *const *dirs = allowed_dirs ? allowed_dirs : only_base;
	for (size_t i = 0; dirs[i]; i++) {
		char dir[PATH_MAX];
		if (realpath(dirs[i], dir) && path_is_below(canonical, dir)) {
			*out = arena_strdup(a, canonical);
			status = 0;
			goto out;
		}
	}
	*why = "outside the folders briefpack may read";
out:
	free(decoded);
	free(joined);
	return status;
}
