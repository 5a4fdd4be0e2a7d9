/* Parallel jobs: items run on worker threads; each item's diagnostics are kept and
 * printed in item order, so the output is the same whatever the number of threads. */
#ifndef BP_WORKERS_H
#define BP_WORKERS_H

#include <stdbool.h>
#include <stddef.h>

struct diag_sink;

/* Does item `index`; reports through sink (a sink of the item's own); returns 0 or -1.
 * thread_state is what plan->thread_begin made for the thread running the item. */
typedef int (*work_fn)(void *ctx, size_t index, void *thread_state, struct diag_sink *sink);
/* A short name for item `index`, for the progress line. */
typedef const char *(*work_label_fn)(void *ctx, size_t index);

struct work_plan {
	size_t n;              /* how many items */
	int threads;           /* at most this many at once (1: in the calling thread) */
	work_fn run;
	work_label_fn label;   /* may be NULL */
	void *ctx;
	bool progress;         /* show "[k/n] label" on standard error as items finish */
	/* State kept by one thread across its items (e.g. the fonts it has looked up);
	 * both may be NULL. */
	void *(*thread_begin)(void *ctx);
	void (*thread_end)(void *ctx, void *thread_state);
};

/* Runs every item; their messages go to sink in item order. Returns -1 if any
 * item returned -1. */
int workers_run(const struct work_plan *plan, struct diag_sink *sink);

/* The number of processors online (at least 1). */
int workers_default_count(void);

#endif
