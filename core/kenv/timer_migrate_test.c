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
 * Two actors and NTIMERS timers: one adds every timer the other has
 * deleted, alternately on CPU 0 and 1, ROUNDS times in all or for
 * BUDGET_S seconds; the other deletes them in a loop. The unfixed
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

#define NTIMERS		1	/* more dilute the race: 2 caught it 2 runs of 3 */
#define ROUNDS		20000
#define BUDGET_S	5.0	/* or this much real time */
#define MIN_ROUNDS	1	/* a machine at load 90 managed < 20 in 5 s */

static struct timer_list timers[NTIMERS];
/*
 * The hand-over of each timer, as PENDING is the workqueue's: 0 when
 * the deleter took it off (release), so the adder may write ->expires
 * and add it again (acquire); timer_pending() is a lockless peek that
 * orders nothing.
 */
static _Atomic int idle[NTIMERS];
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
	long i = 0;
	int k;

	(void)arg;
	while (i < ROUNDS && now_s() < end) {
		for (k = 0; k < NTIMERS && i < ROUNDS; k++) {
			if (!atomic_load_explicit(&idle[k], memory_order_acquire))
				continue;
			atomic_store_explicit(&idle[k], 0, memory_order_relaxed);
			timers[k].expires = jiffies + 1000000;
			add_timer_on(&timers[k], i++ & 1);
			atomic_fetch_add(&adds, 1);
		}
	}
	atomic_store(&adder_done, 1);
	return 0;
}

static void delete_all(void)
{
	int k;

	for (k = 0; k < NTIMERS; k++) {
		if (!del_timer_sync(&timers[k]))
			continue;
		atomic_fetch_add(&deleted, 1);
		atomic_store_explicit(&idle[k], 1, memory_order_release);
	}
}

static int deleter(void *arg)
{
	(void)arg;
	while (!atomic_load(&adder_done))
		delete_all();
	return 0;
}

int main(void)
{
	struct task_struct *a, *d;
	unsigned long next;
	int k;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
	for (k = 0; k < NTIMERS; k++) {
		setup_timer(&timers[k], never_fn, 0);
		atomic_store(&idle[k], 1);
	}
	d = wqt_actor_start(1, deleter, NULL);
	a = wqt_actor_start(0, adder, NULL);
	WQT_CHECK(a && d);
	WQT_CHECK_EQ(wqt_actor_join(a), 0);
	WQT_CHECK_EQ(wqt_actor_join(d), 0);
	delete_all();
	WQT_CHECK_EQ(atomic_load(&deleted), atomic_load(&adds));
	WQT_CHECK(atomic_load(&adds) >= MIN_ROUNDS);
	for (k = 0; k < NTIMERS; k++)
		WQT_CHECK(!timer_pending(&timers[k]));
	WQT_CHECK(!kenv_next_timer(&next));
	wqt_shutdown();
	printf("timer_migrate_test: OK (%ld adds)\n", atomic_load(&adds));
	return 0;
}
