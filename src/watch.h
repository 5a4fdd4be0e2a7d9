/* Watch mode: build, then rebuild what an edit affects, until interrupted. */
#ifndef BP_WATCH_H
#define BP_WATCH_H

#include "build.h"

struct diag_sink;

/* Builds args (files and folders, as `build` takes them) and then waits for changes
 * to the inputs, the stylesheets and every file the documents were made from,
 * rebuilding after each (only what is out of date). Returns 0 when interrupted by
 * SIGINT or SIGTERM, -1 when watching cannot start. */
int watch_run(const struct build_options *opts, const char *const *args, struct diag_sink *sink);

#endif
