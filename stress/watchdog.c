// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lockup backstop. The executor reports a step that makes no progress
 * for `lockup` (a hang, with every task's state) and the session ends in
 * FAILURE; this thread only catches the harness itself stuck outside
 * those waits: no step finished for twice that plus 10 s. It reads a
 * relaxed counter and, if it fires, prints the End line and _exit(1)s.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "stress/soak.h"

struct watchdog {
	_Atomic unsigned long *progress;
	long ms;
	struct soak_out *o;
	const char *params;
};

static void *watchdog_fn(void *arg)
{
	struct watchdog *w = arg;
	unsigned long last = (unsigned long)-1, now;
	long still = 0;

	for (;;) {
		sleep(1);
		now = atomic_load_explicit(w->progress, memory_order_relaxed);
		still = now == last ? still + 1000 : 0;
		last = now;
		if (still < 2 * w->ms + 10000)
			continue;
		soak_say(w->o, SOAK_TAG " !!! lockup: no step finished in %ld s (watchdog backstop)\n",
			 still / 1000);
		soak_say(w->o, SOAK_TAG "--- End of test: FAILURE: %s\n", w->params);
		_exit(1);
	}
	return NULL;
}

int soak_watchdog_start(_Atomic unsigned long *progress, long ms,
			struct soak_out *o, const char *params)
{
	static struct watchdog w;
	pthread_t th;

	w.progress = progress;
	w.ms = ms;
	w.o = o;
	w.params = params;
	if (pthread_create(&th, NULL, watchdog_fn, &w))
		return -1;
	pthread_detach(th);
	return 0;
}
