// SPDX-License-Identifier: GPL-2.0-only
/*
 * The watchdog thread: a plain pthread that reads only the relaxed step
 * counter (it touches no kernel state, so it works while the kernel is
 * stuck).
 *
 *  - Stall: no step finished for a stat_interval: "???" line (the stats
 *    line itself comes from the main loop, which is then blocked).
 *  - Lockup backstop: the executor reports a step that makes no
 *    progress for `lockup` (a hang, with every task's state) and the
 *    session ends in FAILURE; this only catches the harness itself stuck
 *    outside those waits: no step finished for twice that plus 10 s.
 *    It prints the End line and _exit(1)s.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "stress/soak.h"

struct watchdog {
	struct soak_watch *wd;
	struct soak_out *o;
	const char *params;
};

/* A stall line once per stat_interval of standstill. */
static void stall_check(struct watchdog *w, long still, unsigned long steps)
{
	long every = w->wd->stat_ms;

	if (!every || still < every || still % every >= 1000)
		return;
	atomic_fetch_add_explicit(&w->wd->stalls, 1, memory_order_relaxed);
	soak_say(w->o, SOAK_TAG " ??? no step finished for %ld s (at step %lu)\n",
		 still / 1000, steps);
}

static void *watchdog_fn(void *arg)
{
	struct watchdog *w = arg;
	unsigned long last = (unsigned long)-1, now;
	long still = 0;

	for (;;) {
		sleep(1);
		if (atomic_load_explicit(&w->wd->ended, memory_order_relaxed))
			return NULL;
		now = atomic_load_explicit(&w->wd->progress, memory_order_relaxed);
		still = now == last ? still + 1000 : 0;
		last = now;
		stall_check(w, still, now);
		if (still < 2 * w->wd->lockup_ms + 10000)
			continue;
		soak_say(w->o, SOAK_TAG " !!! lockup: no step finished in %ld s (watchdog backstop)\n",
			 still / 1000);
		soak_say(w->o, SOAK_TAG "--- End of test: FAILURE: %s\n", w->params);
		_exit(1);
	}
	return NULL;
}

int soak_watchdog_start(struct soak_watch *wd, struct soak_out *o,
			const char *params)
{
	static struct watchdog w;
	pthread_t th;

	w.wd = wd;
	w.o = o;
	w.params = params;
	if (pthread_create(&th, NULL, watchdog_fn, &w))
		return -1;
	pthread_detach(th);
	return 0;
}
