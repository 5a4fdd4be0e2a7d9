/* Reading a linked style sheet from a local file, within the allowed folders. */
#include "style/sheet_source.h"
#include "base/arena.h"
#include "base/diag.h"
#include "base/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SHEET_MAX_BYTES = 4 << 20 }; /* a style sheet larger than this is refused */

int sheet_source_read(struct arena *a, const char *base_dir, const char *const *allowed_dirs,
		      const char *href, struct sheet_source *out, struct diag_sink *sink,
		      const char *from_file, long from_line)
{
	char *path;
	const char *why;
	if (path_resolve_local(a, base_dir, allowed_dirs, href, &path, &why) != 0) {
		diag(sink, DIAG_WARNING, from_file, from_line, 0,
		     "style sheet '%s' is not read: %s", href, why);
		return -1;
	}
	/* O_NONBLOCK keeps a FIFO from blocking before fstat refuses it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		diag(sink, DIAG_WARNING, from_file, from_line, 0, "style sheet '%s': %s", href,
		     strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > SHEET_MAX_BYTES) {
		close(fd);
		diag(sink, DIAG_WARNING, from_file, from_line, 0,
		     "style sheet '%s' is not a regular file of at most %d bytes; not read", href, SHEET_MAX_BYTES);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		diag(sink, DIAG_WARNING, from_file, from_line, 0, "style sheet '%s': %s", href,
		     strerror(errno));
		return -1;
	}
	char *text = arena_alloc(a, (size_t)st.st_size + 1);
	size_t len = fread(text, 1, (size_t)st.st_size, f);
	fclose(f);
	text[len] = '\0';
	/* Messages name the sheet as the page does, beside the page's own name, so
	 * they read the same wherever the files live. */
	const char *slash = strrchr(from_file, '/');
	if (href[0] != '/' && !strchr(href, ':') && slash)
		out->path = arena_printf(a, "%.*s/%s", (int)(slash - from_file), from_file, href);
	else if (href[0] != '/' && !strchr(href, ':'))
		out->path = arena_strdup(a, href);
	else
		out->path = path;
	out->file = path;
	out->text = text;
	out->len = len;
	return 0;
}
