/* fontconfig's configuration loaded once per process, in the background when asked
 * early. */
#include "base/fcinit.h"

#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdbool.h>

/* Process-wide, as fontconfig's own configuration is. */
static pthread_once_t started = PTHREAD_ONCE_INIT;
static pthread_once_t finished = PTHREAD_ONCE_INIT;
static pthread_t loader;
static bool loading;

static void *load(void *unused)
{
	(void)unused;
	FcInit();
	return NULL;
}

static void start(void)
{
	loading = pthread_create(&loader, NULL, load, NULL) == 0;
}

static void finish(void)
{
	if (loading)
		pthread_join(loader, NULL);
	else
		FcInit();
}

void fcinit_start(void)
{
	pthread_once(&started, start);
}

static void no_loader(void)
{
}

void fcinit_wait(void)
{
	/* The first call of either settles whether a loader runs. */
	pthread_once(&started, no_loader);
	pthread_once(&finished, finish);
}
