/* The files a document was made from: recorded while a job runs, written as a
 * make/ninja depfile, and read back to tell whether outputs are up to date. */
#ifndef BP_DEPS_H
#define BP_DEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct deps; /* a set of file paths; one per job, not shared between threads */

struct deps *deps_new(void);
void deps_free(struct deps *d);
/* Adds a path once (relative paths are kept as given). NULL d: nothing. */
void deps_add(struct deps *d, const char *path);
size_t deps_count(const struct deps *d);
/* The i-th path in sorted order. */
const char *deps_get(const struct deps *d, size_t i);

/* Writes "TARGET...: DEP..." with make's escaping (spaces, #, $), one dependency a
 * line, and a first comment line holding `stamp` (the options the outputs were made
 * with). Returns 0, or -1 when writing failed. */
int deps_write(const struct deps *d, const char *const *targets, const char *stamp, FILE *out);
/* Reads what deps_write wrote: the stamp (allocated; caller frees) and the
 * dependencies. Returns -1 when the file is missing or not in that form. */
int deps_read(const char *path, struct deps *d, char **stamp);

#endif
