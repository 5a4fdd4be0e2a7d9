/* What the libFuzzer harnesses share: the source tree they read fixed files from, a
 * scratch folder the input is written into (so it reaches briefpack through the same
 * file-reading code as on the command line), and a sink for the messages. */
#ifndef BP_FUZZ_H
#define BP_FUZZ_H

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/diag.h"

/* The source tree: $BRIEFPACK_TOP, else where the harness was built from. */
#ifndef FUZZ_TOP
#define FUZZ_TOP "."
#endif
static inline const char *fuzz_top(void)
{
	const char *top = getenv("BRIEFPACK_TOP");
	return top && *top ? top : FUZZ_TOP;
}

/* top/relative, malloc'd. */
static inline char *fuzz_in_top(const char *relative)
{
	size_t n = strlen(fuzz_top()) + strlen(relative) + 2;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s", fuzz_top(), relative);
	return path;
}

static char *fuzz_scratch_dir; /* this process's scratch folder, removed at exit */

static int fuzz_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void fuzz_remove_scratch(void)
{
	if (fuzz_scratch_dir)
		nftw(fuzz_scratch_dir, fuzz_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Creates the scratch folder (in /dev/shm when there is one) and returns it. */
static inline const char *fuzz_scratch(void)
{
	if (fuzz_scratch_dir)
		return fuzz_scratch_dir;
	struct stat st;
	const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
				   access("/dev/shm", W_OK) == 0
			   ? "/dev/shm"
			   : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/briefpack-fuzz.XXXXXX", base);
	if (!mkdtemp(tmpl)) {
		fprintf(stderr, "fuzz: cannot create a scratch folder in %s: %s\n", base,
			strerror(errno));
		abort();
	}
	fuzz_scratch_dir = xstrdup(tmpl);
	atexit(fuzz_remove_scratch);
	return fuzz_scratch_dir;
}

/* scratch/name, malloc'd. */
static inline char *fuzz_scratch_path(const char *name)
{
	size_t n = strlen(fuzz_scratch()) + strlen(name) + 2;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s", fuzz_scratch(), name);
	return path;
}

/* Writes size bytes to path, replacing it. */
static inline void fuzz_write(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		fprintf(stderr, "fuzz: cannot write %s: %s\n", path, strerror(errno));
		abort();
	}
}

/* Copies the file at from to to; a missing source is skipped. */
static inline void fuzz_copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return;
	char *data = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[65536];
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (len + n > cap) {
			cap = (len + n) * 2;
			data = xrealloc(data, cap);
		}
		memcpy(data + len, chunk, n);
		len += n;
	}
	fclose(in);
	fuzz_write(to, data, len);
	free(data);
}

/* Copies tests/golden/media into scratch/media, so that images can be found. */
static inline void fuzz_copy_media(void)
{
	static const char *const files[] = { "chart.svg", "logo.png", "photo.jpg" };
	char *media = fuzz_scratch_path("media");
	mkdir(media, 0777);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char rel[128], to[4200];
		snprintf(rel, sizeof rel, "tests/golden/media/%s", files[i]);
		char *from = fuzz_in_top(rel);
		snprintf(to, sizeof to, "%s/%s", media, files[i]);
		fuzz_copy(from, to);
		free(from);
	}
	free(media);
}

/* A sink that prints when FUZZ_VERBOSE is set (to see why an input failed), else
 * only counts. */
static inline struct diag_sink *fuzz_sink(void)
{
	const char *verbose = getenv("FUZZ_VERBOSE");
	return diag_sink_new(verbose && *verbose && *verbose != '0' ? stderr : NULL);
}

/* A stream that swallows what is written (the PDFs and dumps). */
static inline FILE *fuzz_null(void)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		abort();
	return null;
}

/* A small hash of the input, to choose between variants deterministically. */
static inline unsigned fuzz_hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
