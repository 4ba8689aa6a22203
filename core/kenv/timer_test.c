/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * timer_test: timers on the virtual jiffies clock.
 *  - timer_pending(); del_timer() returns 1 on a pending timer and
 *    deactivates it, 0 otherwise; a deleted timer never runs;
 *  - a timer never runs before its expiry, and runs once it is due, with
 *    jiffies >= expires and timer_pending() false in the handler;
 *  - kenv_next_timer() reports the earliest pending expiry;
 *  - mod_timer() returns 0 on an inactive and 1 on a pending timer, and
 *    moves the expiry;
 *  - del_timer_sync() waits for a running handler: called from an actor
 *    while the handler blocks on a flag, it has not returned until the
 *    flag is set and the handler finished; it returns 0 (not pending);
 *  - schedule_timeout(5) sleeps on the virtual clock: the task wakes only
 *    after 5 jiffies have been advanced, and returns 0.
 */
#include <stdatomic.h>
#include <linux/sched.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include "core/testing/wqtest.h"

static void boot(void)
{
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
}

struct tst {
	struct timer_list timer;
	_Atomic int runs;
	_Atomic unsigned long ran_at;
	_Atomic int pending_in_handler;
};

static void count_fn(unsigned long data)
{
	struct tst *t = (struct tst *)data;

	atomic_store(&t->ran_at, jiffies);
	atomic_store(&t->pending_in_handler, timer_pending(&t->timer));
	atomic_fetch_add(&t->runs, 1);
}

static void tst_init(struct tst *t)
{
	atomic_store(&t->runs, 0);
	atomic_store(&t->ran_at, 0);
	atomic_store(&t->pending_in_handler, -1);
	setup_timer(&t->timer, count_fn, (unsigned long)t);
}

static void test_del_timer(void)
{
	static struct tst t;
	unsigned long next;

	boot();
	tst_init(&t);
	WQT_CHECK(!timer_pending(&t.timer));
	WQT_CHECK_EQ(del_timer(&t.timer), 0);
	WQT_CHECK(!kenv_next_timer(&next));
	t.timer.expires = jiffies + 10;
	add_timer(&t.timer);
	WQT_CHECK(timer_pending(&t.timer));
	WQT_CHECK(kenv_next_timer(&next));
	WQT_CHECK(next == t.timer.expires);
	WQT_CHECK_EQ(del_timer(&t.timer), 1);
	WQT_CHECK(!timer_pending(&t.timer));
	WQT_CHECK(!kenv_next_timer(&next));
	WQT_CHECK_EQ(del_timer(&t.timer), 0);
	wqt_advance(20);
	WQT_CHECK_EQ(atomic_load(&t.runs), 0);
	wqt_shutdown();
}

static void test_expiry(void)
{
	static struct tst a, b;
	unsigned long next, start;

	boot();
	tst_init(&a);
	tst_init(&b);
	start = jiffies;
	a.timer.expires = start + 10;
	b.timer.expires = start + 3;
	add_timer(&a.timer);
	add_timer_on(&b.timer, 1);
	WQT_CHECK(kenv_next_timer(&next));
	WQT_CHECK(next == start + 3);

	wqt_advance(2);
	WQT_CHECK_EQ(atomic_load(&b.runs), 0);
	wqt_advance(1);
	WQT_CHECK_EQ(atomic_load(&b.runs), 1);
	WQT_CHECK(time_after_eq(atomic_load(&b.ran_at), b.timer.expires));
	WQT_CHECK_EQ(atomic_load(&b.pending_in_handler), 0);
	WQT_CHECK(!timer_pending(&b.timer));
	WQT_CHECK(kenv_next_timer(&next));
	WQT_CHECK(next == start + 10);

	wqt_advance(6);			/* start + 9 */
	WQT_CHECK_EQ(atomic_load(&a.runs), 0);
	WQT_CHECK(timer_pending(&a.timer));
	wqt_advance(1);			/* start + 10 */
	WQT_CHECK_EQ(atomic_load(&a.runs), 1);
	WQT_CHECK(time_after_eq(atomic_load(&a.ran_at), a.timer.expires));
	WQT_CHECK_EQ(del_timer(&a.timer), 0);	/* ran: no longer pending */
	WQT_CHECK(!kenv_next_timer(&next));

	/* runs exactly once */
	wqt_advance(50);
	WQT_CHECK_EQ(atomic_load(&a.runs), 1);
	WQT_CHECK_EQ(atomic_load(&b.runs), 1);
	wqt_shutdown();
}

static void test_mod_timer(void)
{
	static struct tst t;
	unsigned long start;

	boot();
	tst_init(&t);
	start = jiffies;
	WQT_CHECK_EQ(mod_timer(&t.timer, start + 5), 0);	/* was inactive */
	WQT_CHECK(timer_pending(&t.timer));
	WQT_CHECK_EQ(mod_timer(&t.timer, start + 20), 1);	/* was pending */
	WQT_CHECK(t.timer.expires == start + 20);
	wqt_advance(10);
	WQT_CHECK_EQ(atomic_load(&t.runs), 0);
	WQT_CHECK(timer_pending(&t.timer));
	WQT_CHECK_EQ(mod_timer(&t.timer, start + 15), 1);	/* earlier */
	wqt_advance(5);
	WQT_CHECK_EQ(atomic_load(&t.runs), 1);
	WQT_CHECK(!timer_pending(&t.timer));
	wqt_advance(10);
	WQT_CHECK_EQ(atomic_load(&t.runs), 1);
	wqt_shutdown();
}

/* ---- del_timer_sync waits for the handler ---- */

static struct timer_list sync_timer;
static _Atomic int in_handler, release_handler, handler_finished;
static _Atomic int sync_done, sync_ret, finished_at_return;

static void blocking_fn(unsigned long data)
{
	(void)data;
	atomic_store(&in_handler, 1);
	while (!atomic_load(&release_handler))
		wqt_settle(1);
	atomic_store(&handler_finished, 1);
}

static int del_sync_actor(void *arg)
{
	int ret;

	(void)arg;
	ret = del_timer_sync(&sync_timer);
	atomic_store(&finished_at_return, atomic_load(&handler_finished));
	atomic_store(&sync_ret, ret);
	atomic_store(&sync_done, 1);
	return 0;
}

static void test_del_timer_sync(void)
{
	struct task_struct *a;

	boot();
	atomic_store(&sync_ret, -1);
	setup_timer(&sync_timer, blocking_fn, 0);
	sync_timer.expires = jiffies + 1;
	add_timer_on(&sync_timer, 1);
	kenv_advance_jiffies(1);	/* does not wait for the handler */
	WQT_CHECK(wqt_wait_int(&in_handler, 1, 5000));
	WQT_CHECK(!kenv_timers_idle());

	a = kenv_actor_start("del-sync", 0, del_sync_actor, NULL);
	WQT_CHECK(a);
	wqt_settle(100);
	WQT_CHECK_EQ(atomic_load(&sync_done), 0);	/* handler still runs */
	atomic_store(&release_handler, 1);
	WQT_CHECK(wqt_wait_int(&sync_done, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&finished_at_return), 1);
	WQT_CHECK_EQ(atomic_load(&sync_ret), 0);
	WQT_CHECK_EQ(kenv_actor_join(a), 0);

	/* on a pending timer it returns 1 and the handler never runs */
	atomic_store(&handler_finished, 0);
	atomic_store(&in_handler, 0);
	sync_timer.expires = jiffies + 3;
	add_timer(&sync_timer);
	WQT_CHECK_EQ(del_timer_sync(&sync_timer), 1);
	wqt_advance(10);
	WQT_CHECK_EQ(atomic_load(&in_handler), 0);
	wqt_shutdown();
}

/* ---- schedule_timeout on the virtual clock ---- */

static _Atomic int st_done;
static _Atomic long st_ret;
static _Atomic unsigned long st_slept;

static int sleeper_actor(void *arg)
{
	unsigned long t0 = jiffies;
	long ret;

	(void)arg;
	set_current_state(TASK_UNINTERRUPTIBLE);
	ret = schedule_timeout(5);
	atomic_store(&st_slept, jiffies - t0);
	atomic_store(&st_ret, ret);
	atomic_store(&st_done, 1);
	return 0;
}

static bool timer_armed(void *arg)
{
	unsigned long next;

	(void)arg;
	return kenv_next_timer(&next);
}

static void test_schedule_timeout(void)
{
	struct task_struct *a;

	boot();
	atomic_store(&st_ret, -1);
	a = kenv_actor_start("st-sleeper", 1, sleeper_actor, NULL);
	WQT_CHECK(a);
	WQT_CHECK(wqt_wait(timer_armed, NULL, 5000));
	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&st_done), 0);	/* real time does not count */
	wqt_advance(4);
	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&st_done), 0);
	wqt_advance(1);
	WQT_CHECK(wqt_wait_int(&st_done, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&st_ret), 0);
	WQT_CHECK(atomic_load(&st_slept) >= 5);
	WQT_CHECK_EQ(kenv_actor_join(a), 0);
	wqt_shutdown();
}

int main(void)
{
	test_del_timer();
	test_expiry();
	test_mod_timer();
	test_del_timer_sync();
	test_schedule_timeout();
	printf("timer_test: OK\n");
	return 0;
}
