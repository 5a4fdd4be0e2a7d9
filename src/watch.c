/* Watch mode with inotify: rebuild what an edit affects, for people editing data
 * with the PDF open beside them. */
#include "watch.h"
#include "base/alloc.h"
#include "base/deps.h"
#include "base/diag.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

/* Set by the signal handler; the loop polls it. */
static volatile sig_atomic_t stop_requested;

static void request_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

enum { WATCH_EVENTS = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB };

/* Watches the folders of the arguments, of the stylesheets and of every file the
 * build records name. Adding a folder twice is harmless: inotify keeps one watch. */
static void watch_everything(int fd, const struct build_options *opts, const char *const *args)
{
	for (size_t i = 0; args[i]; i++) {
		inotify_add_watch(fd, args[i], WATCH_EVENTS); /* a folder: its files */
		char *dir = folder_of(args[i]);
		inotify_add_watch(fd, dir, WATCH_EVENTS);
		free(dir);
	}
	inotify_add_watch(fd, opts->stylesheets_dir, WATCH_EVENTS);
	size_t n = strlen(opts->out_dir) + 16;
	char *records = xmalloc(n);
	snprintf(records, n, "%s/.briefpack", opts->out_dir);
	DIR *d = opendir(records);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t m = strlen(records) + strlen(e->d_name) + 2;
		char *path = xmalloc(m);
		snprintf(path, m, "%s/%s", records, e->d_name);
		struct deps *deps = deps_new();
		char *stamp = NULL;
		if (deps_read(path, deps, &stamp) == 0)
			for (size_t k = 0; k < deps_count(deps); k++) {
				char *dir = folder_of(deps_get(deps, k));
				inotify_add_watch(fd, dir, WATCH_EVENTS);
				free(dir);
			}
		free(stamp);
		deps_free(deps);
		free(path);
	}
	if (d)
		closedir(d);
	free(records);
}

static void build_once(const struct build_options *opts, const char *const *args,
		       struct diag_sink *sink)
{
	char **inputs = NULL;
	if (build_expand_inputs(args, sink, &inputs) == 0 && inputs[0])
		build_run(opts, inputs, sink);
	build_free_inputs(inputs);
}

/* Reads what is pending; true when something changed. */
static bool drain(int fd)
{
	char events[16 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool any = false;
	ssize_t n;
	while ((n = read(fd, events, sizeof events)) > 0)
		any = true;
	return any;
}

int watch_run(const struct build_options *opts, const char *const *args, struct diag_sink *sink)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0) {
		diag(sink, DIAG_ERROR, NULL, 0, 0, "cannot watch for changes: %s", strerror(errno));
		return -1;
	}
	struct sigaction sa = { 0 };
	sa.sa_handler = request_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* Watched before the first build too: an edit made while it runs (or before its
	 * dependencies are known) is queued and builds again, not lost. */
	watch_everything(fd, opts, args);
	build_once(opts, args, sink);
	watch_everything(fd, opts, args);
	diag(sink, DIAG_NOTE, NULL, 0, 0, "watching for changes; Ctrl-C stops");
	while (!stop_requested) {
		struct pollfd p = { fd, POLLIN, 0 };
		int ready = poll(&p, 1, 500);
		if (ready <= 0 || !drain(fd))
			continue;
		/* Editors write in bursts (a temporary file, a rename): wait for quiet. */
		do {
			p.revents = 0;
		} while (!stop_requested && poll(&p, 1, 150) > 0 && drain(fd));
		if (stop_requested)
			break;
		build_once(opts, args, sink);
		watch_everything(fd, opts, args); /* new files, new dependencies */
	}
	close(fd);
	return 0;
}
