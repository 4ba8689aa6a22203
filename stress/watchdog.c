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
 *    It prints every task's state (best effort: SIGALRM ends a walk that
 *    blocks), the End line, and _exit(1)s.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <kenv/kenv.h>

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

/* One line per task; no object names (the executor's namer takes locks). */
static int say_task(const struct kenv_task_info *ti, void *arg)
{
	soak_say(arg, SOAK_TAG " task %s cpu%d state %ld%s%s blocked_in=%s on=%s\n",
		 ti->comm, ti->cpu, ti->state, ti->frozen ? " frozen" : "",
		 ti->asleep ? " asleep" : " runnable",
		 ti->blocked_in ? ti->blocked_in : "-",
		 ti->blocked_what ? ti->blocked_what : "-");
	return 0;
}

/*
 * One second of watching, under wd->lock (see struct soak_watch); false
 * once the run has ended.
 */
static bool watch_once(struct watchdog *w, unsigned long *last, long *still)
{
	unsigned long now;

	if (w->wd->ended)
		return false;
	now = atomic_load_explicit(&w->wd->progress, memory_order_relaxed);
	*still = now == *last ? *still + 1000 : 0;
	*last = now;
	stall_check(w, *still, now);
	if (*still < 2 * w->wd->lockup_ms + 10000)
		return true;
	soak_say(w->o, SOAK_TAG " !!! lockup: no step finished in %ld s (watchdog backstop), tasks:\n",
		 *still / 1000);
	alarm(5);	/* a walk stuck behind the harness's own locks */
	kenv_for_each_task(say_task, w->o);
	soak_say(w->o, SOAK_TAG "--- End of test: FAILURE: %s\n", w->params);
	_exit(1);
}

static void *watchdog_fn(void *arg)
{
	struct watchdog *w = arg;
	unsigned long last = (unsigned long)-1;
	long still = 0;
	bool on;

	do {
		sleep(1);
		pthread_mutex_lock(&w->wd->lock);
		on = watch_once(w, &last, &still);
		pthread_mutex_unlock(&w->wd->lock);
	} while (on);
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
	pthread_mutex_init(&wd->lock, NULL);
	if (pthread_create(&th, NULL, watchdog_fn, &w))
		return -1;
	pthread_detach(th);
	return 0;
}

void soak_watchdog_stop(struct soak_watch *wd)
{
	pthread_mutex_lock(&wd->lock);
	wd->ended = true;
	pthread_mutex_unlock(&wd->lock);
}
