/* Parallel jobs with per-item diagnostics printed in order, and a progress line. */
#include "workers.h"
#include "base/alloc.h"
#include "base/diag.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* One item's state: its messages are written to a memory stream while it runs. */
struct item {
	char *messages;          /* what the item reported, in its sink's format */
	size_t length;
	struct diag_sink *sink;  /* counts, and the format of the messages */
	int status;
	bool done;
};

struct pool {
	const struct work_plan *plan;
	const struct diag_sink *like; /* the format each item's sink copies */
	struct item *items;
	size_t next;                  /* the next item to start */
	pthread_mutex_t lock;
	pthread_cond_t finished;
};

static void run_item(struct pool *pool, size_t i, void *thread_state)
{
	struct item *it = &pool->items[i];
	FILE *stream = open_memstream(&it->messages, &it->length);
	if (!stream)
		abort(); /* out of memory: as the allocation wrappers do */
	it->sink = diag_sink_like(pool->like, stream);
	it->status = pool->plan->run(pool->plan->ctx, i, thread_state, it->sink);
	fclose(stream);
}

static void *thread_begin(const struct work_plan *plan)
{
	return plan->thread_begin ? plan->thread_begin(plan->ctx) : NULL;
}

static void thread_end(const struct work_plan *plan, void *state)
{
	if (plan->thread_end)
		plan->thread_end(plan->ctx, state);
}

static void *worker(void *arg)
{
	struct pool *pool = arg;
	void *state = thread_begin(pool->plan);
	for (;;) {
		pthread_mutex_lock(&pool->lock);
		size_t i = pool->next++;
		pthread_mutex_unlock(&pool->lock);
		if (i >= pool->plan->n) {
			thread_end(pool->plan, state);
			return NULL;
		}
		run_item(pool, i, state);
		pthread_mutex_lock(&pool->lock);
		pool->items[i].done = true;
		pthread_cond_broadcast(&pool->finished);
		pthread_mutex_unlock(&pool->lock);
	}
}

static void show_progress(const struct work_plan *plan, size_t done)
{
	const char *label = plan->label ? plan->label(plan->ctx, done - 1) : "";
	fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, plan->n, label);
	if (done == plan->n)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

int workers_run(const struct work_plan *plan, struct diag_sink *sink)
{
	struct pool pool = { .plan = plan, .like = sink };
	pool.items = xcalloc(plan->n ? plan->n : 1, sizeof *pool.items);
	pthread_mutex_init(&pool.lock, NULL);
	pthread_cond_init(&pool.finished, NULL);
	int threads = plan->threads < 1 ? 1 : plan->threads;
	if ((size_t)threads > plan->n)
		threads = plan->n ? (int)plan->n : 1;
	pthread_t *ids = xcalloc((size_t)threads, sizeof *ids);
	int started = 0;
	if (threads > 1)
		for (; started < threads; started++)
			if (pthread_create(&ids[started], NULL, worker, &pool) != 0)
				break; /* run with the threads there are; the loop below does the rest */
	int status = 0;
	void *state = started == 0 ? thread_begin(plan) : NULL;
	for (size_t i = 0; i < plan->n; i++) {
		if (started == 0) {
			pool.next = i + 1;
			run_item(&pool, i, state);
		} else {
			pthread_mutex_lock(&pool.lock);
			while (!pool.items[i].done)
				pthread_cond_wait(&pool.finished, &pool.lock);
			pthread_mutex_unlock(&pool.lock);
		}
		struct item *it = &pool.items[i];
		if (plan->progress && it->length)
			fputs("\r\033[K", stderr); /* the messages go above the progress line */
		diag_sink_write(sink, it->messages, it->length);
		diag_sink_absorb(sink, it->sink);
		if (it->status != 0)
			status = -1;
		if (plan->progress)
			show_progress(plan, i + 1);
		free(it->messages);
		diag_sink_free(it->sink);
	}
	if (started == 0)
		thread_end(plan, state);
	for (int t = 0; t < started; t++)
		pthread_join(ids[t], NULL);
	free(ids);
	pthread_mutex_destroy(&pool.lock);
	pthread_cond_destroy(&pool.finished);
	free(pool.items);
	return status;
}

int workers_default_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}
