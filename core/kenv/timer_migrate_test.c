/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * timer_migrate_test: add_timer_on() moving a timer to another CPU's base
 * while del_timer_sync() runs on it (the workqueue does exactly this when
 * queue_delayed_work_on() races cancel_delayed_work() on one delayed
 * work). del_timer_sync() locks the base the timer is on; add_timer_on()
 * must move the timer with that base locked, or the deleter, holding the
 * old base's lock, sees the timer pending and unlinks it from the new
 * base's list under the wrong lock (a 1-hour TSan soak reported it as a
 * race of detach_timer() with internal_add_timer()).
 *
 * Two actors: one adds the timer ROUNDS times (or for BUDGET_S seconds,
 * at least MIN_ROUNDS times), alternately on CPU 0 and 1, each time the
 * other has deleted it; the other deletes it in a loop. The unfixed
 * add_timer_on() failed under TSan in 4 runs of 4 (1.5-8.6 s).
 * Under --config=tsan a race fails the test; in every configuration the
 * deletes that found the timer pending plus the timer left pending must
 * equal the adds, and the bases end empty.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include "core/testing/wqtest.h"

#define ROUNDS		300
#define BUDGET_S	5.0	/* or this much real time */
#define MIN_ROUNDS	20

static struct timer_list timer;
static _Atomic int adder_done;
static _Atomic long adds, deleted;

static void never_fn(unsigned long data)
{
	(void)data;
	WQT_CHECK(0);	/* expires far in the future: never runs */
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int adder(void *arg)
{
	double end = now_s() + BUDGET_S;
	long i;

	(void)arg;
	for (i = 0; i < ROUNDS && now_s() < end;) {
		if (timer_pending(&timer))
			continue;	/* spin: a yield costs ms under load */
		timer.expires = jiffies + 1000000;
		add_timer_on(&timer, i++ & 1);
		atomic_fetch_add(&adds, 1);
	}
	atomic_store(&adder_done, 1);
	return 0;
}

static int deleter(void *arg)
{
	(void)arg;
	while (!atomic_load(&adder_done))
		atomic_fetch_add(&deleted, del_timer_sync(&timer));
	return 0;
}

int main(void)
{
	struct task_struct *a, *d;
	unsigned long next;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_workqueues = true });
	setup_timer(&timer, never_fn, 0);
	d = wqt_actor_start(1, deleter, NULL);
	a = wqt_actor_start(0, adder, NULL);
	WQT_CHECK(a && d);
	WQT_CHECK_EQ(wqt_actor_join(a), 0);
	WQT_CHECK_EQ(wqt_actor_join(d), 0);
	atomic_fetch_add(&deleted, del_timer_sync(&timer));
	WQT_CHECK_EQ(atomic_load(&deleted), atomic_load(&adds));
	WQT_CHECK(atomic_load(&adds) >= MIN_ROUNDS);
	WQT_CHECK(!timer_pending(&timer));
	WQT_CHECK(!kenv_next_timer(&next));
	wqt_shutdown();
	printf("timer_migrate_test: OK (%ld adds)\n", atomic_load(&adds));
	return 0;
}
