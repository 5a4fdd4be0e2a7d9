/* Atomic file replacement through a temporary file and rename(2). */
#include "base/atomic.h"
#include "base/alloc.h"
#include "base/diag.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct atomic_file {
	char *target; /* the file to replace */
	char *temp;   /* the temporary file beside it */
	FILE *stream; /* open on temp */
	int slot;     /* its place in the table of open temporary files, or -1 */
};

/* Temporary files being written, for removal when a signal ends the process.
 * Process-wide by nature (a signal ends every job). A thread of its own waits for
 * the signals (blocked everywhere else) and removes the files under the lock that
 * creating one takes, so no file can appear unlisted while it does. */
enum { MAX_TEMPS = 128 };
static char *temps[MAX_TEMPS];
static bool dying;
static pthread_mutex_t temps_lock = PTHREAD_MUTEX_INITIALIZER;

static int temp_register_locked(const char *path)
{
	for (int i = 0; i < MAX_TEMPS; i++)
		if (!temps[i]) {
			temps[i] = xstrdup(path);
			return i;
		}
	return -1;
}

static void temp_forget(int slot)
{
	if (slot < 0)
		return;
	pthread_mutex_lock(&temps_lock);
	free(temps[slot]);
	temps[slot] = NULL;
	pthread_mutex_unlock(&temps_lock);
}

static void *signal_waiter(void *arg)
{
	sigset_t *set = arg;
	int sig = 0;
	while (sigwait(set, &sig) != 0)
		;
	pthread_mutex_lock(&temps_lock); /* kept: nothing new is created from now on */
	dying = true;
	for (int i = 0; i < MAX_TEMPS; i++)
		if (temps[i])
			unlink(temps[i]);
	/* End as the signal asks, so the caller sees "killed by SIGINT" (status 130). */
	signal(sig, SIG_DFL);
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig);
}

void atomic_cleanup_on_signals(void)
{
	static sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	/* Blocked here, before any worker starts: the workers inherit the mask. */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_t waiter;
	if (pthread_create(&waiter, NULL, signal_waiter, &set) == 0)
		pthread_detach(waiter);
	else
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

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
	f->slot = -1;
	f->target = xstrdup(target);
	f->temp = xmalloc(dir_len + strlen(base) + 9);
	memcpy(f->temp, target, dir_len);
	sprintf(f->temp + dir_len, ".%s.XXXXXX", base);
	pthread_mutex_lock(&temps_lock);
	int fd = dying ? (errno = EINTR, -1) : mkstemp(f->temp);
	if (fd >= 0)
		f->slot = temp_register_locked(f->temp);
	pthread_mutex_unlock(&temps_lock);
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
		temp_forget(f->slot);
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
	temp_forget(f->slot);
	free(f->temp);
	free(f->target);
	free(f);
}

int atomic_finish(struct atomic_file *f, struct diag_sink *sink)
{
	if (!f->stream)
		return 0;
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
		return -1;
	}
	return 0;
}

int atomic_commit(struct atomic_file *f, struct diag_sink *sink)
{
	int status = -1;
	if (atomic_finish(f, sink) != 0)
		goto out;
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
