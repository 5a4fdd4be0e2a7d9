/* Atomic file replacement through a temporary file and rename(2). */
#include "base/atomic.h"
#include "base/alloc.h"
#include "base/diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct atomic_file {
	char *target; /* the file to replace */
	char *temp;   /* the temporary file beside it */
	FILE *stream; /* open on temp */
};

/* The process umask, read without changing it (umask(2) would, for every thread). */
static mode_t current_umask(void)
{
	mode_t mask = 022;
	FILE *status = fopen("/proc/self/status", "r");
	if (!status)
		return mask;
	char line[256];
	while (fgets(line, sizeof line, status))
		if (strncmp(line, "Umask:", 6) == 0) {
			mask = (mode_t)strtoul(line + 6, NULL, 8);
			break;
		}
	fclose(status);
	return mask;
}

int atomic_open(const char *target, struct diag_sink *sink, struct atomic_file **out)
{
	*out = NULL;
	const char *slash = strrchr(target, '/');
	size_t dir_len = slash ? (size_t)(slash - target) + 1 : 0;
	const char *base = target + dir_len;
	if (!*base) {
		diag(sink, DIAG_ERROR, target, 0, 0, "cannot write: not a file name");
		return -1;
	}
	/* Only a regular file is ever replaced: `-o /dev/null` or a folder is refused,
	 * not turned into a file. */
	struct stat st;
	if (lstat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag(sink, DIAG_ERROR, target, 0, 0, "cannot write: it exists and is not a regular file");
		return -1;
	}
	struct atomic_file *f = xcalloc(1, sizeof *f);
	f->target = xstrdup(target);
	f->temp = xmalloc(dir_len + strlen(base) + 9);
	memcpy(f->temp, target, dir_len);
	sprintf(f->temp + dir_len, ".%s.XXXXXX", base);
	int fd = mkstemp(f->temp);
	if (fd < 0) {
		diag(sink, DIAG_ERROR, target, 0, 0, "cannot write: %s", strerror(errno));
		goto fail;
	}
	fchmod(fd, 0666 & ~current_umask());
	f->stream = fdopen(fd, "wb");
	if (!f->stream) {
		diag(sink, DIAG_ERROR, target, 0, 0, "cannot write: %s", strerror(errno));
		close(fd);
		unlink(f->temp);
		goto fail;
	}
	*out = f;
	return 0;
fail:
	free(f->temp);
	free(f->target);
	free(f);
	return -1;
}

FILE *atomic_stream(struct atomic_file *f)
{
	return f->stream;
}

static void atomic_free(struct atomic_file *f)
{
	free(f->temp);
	free(f->target);
	free(f);
}

int atomic_commit(struct atomic_file *f, struct diag_sink *sink)
{
	int status = -1;
	errno = 0;
	int write_failed = fflush(f->stream) != 0 || ferror(f->stream);
	int saved = errno;
	if (fclose(f->stream) != 0 && !write_failed) {
		write_failed = 1;
		saved = errno;
	}
	f->stream = NULL;
	if (write_failed) {
		diag(sink, DIAG_ERROR, f->target, 0, 0, "cannot write: %s",
		     saved ? strerror(saved) : "output error");
		unlink(f->temp);
		goto out;
	}
	if (rename(f->temp, f->target) != 0) {
		diag(sink, DIAG_ERROR, f->target, 0, 0, "cannot replace: %s", strerror(errno));
		unlink(f->temp);
		goto out;
	}
	status = 0;
out:
	atomic_free(f);
	return status;
}

void atomic_discard(struct atomic_file *f)
{
	if (!f)
		return;
	if (f->stream)
		fclose(f->stream);
	unlink(f->temp);
	atomic_free(f);
}
