/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * freezer_test: freeze_processes()/thaw_processes().
 *  - a freezable kthread (set_freezable, loop with try_to_freeze) that
 *    sleeps interruptibly is woken, freezes (frozen() true), stays frozen
 *    through a stray wake_up_process(), and resumes after thaw_processes();
 *  - a non-freezable kthread is skipped (never marked, never frozen);
 *  - a freezable kthread that never calls try_to_freeze makes
 *    freeze_processes() fail with -EBUSY and KENV_FAIL_FREEZE within the
 *    configured timeout, naming the refusing task; everything is thawed.
 */
#include <stdatomic.h>
#include <string.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/freezer.h>
#include "core/testing/wqtest.h"

struct fz {
	bool freezable;
	_Atomic int started;
	_Atomic int loops;	/* passes through the loop */
	_Atomic int thawed;	/* try_to_freeze() returned 1 */
	_Atomic int marked;	/* saw freezing(current) while non-freezable */
};

static int sleepy_fn(void *arg)
{
	struct fz *fz = arg;

	if (fz->freezable)
		set_freezable();
	atomic_store(&fz->started, 1);
	for (;;) {
		if (try_to_freeze())
			atomic_fetch_add(&fz->thawed, 1);
		if (!fz->freezable && freezing(current))
			atomic_store(&fz->marked, 1);
		atomic_fetch_add(&fz->loops, 1);
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static void test_freeze_thaw(void)
{
	struct fz good = { .freezable = true }, skip = { .freezable = false };
	struct task_struct *g, *s;
	int loops;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .freeze_timeout_ms = 5000,
					    .no_subsystems = true });
	g = kthread_run(sleepy_fn, &good, "fz-good");
	s = kthread_run(sleepy_fn, &skip, "fz-skip");
	WQT_CHECK(!IS_ERR(g) && !IS_ERR(s));
	WQT_CHECK(wqt_wait_int(&good.started, 1, 5000));
	WQT_CHECK(wqt_wait_int(&skip.started, 1, 5000));
	WQT_CHECK(wqt_wait_int(&good.loops, 1, 5000));
	wqt_settle(20);		/* let both fall asleep interruptibly */

	WQT_CHECK_EQ(freeze_processes(), 0);
	WQT_CHECK(frozen(g));
	WQT_CHECK(!frozen(s));
	WQT_CHECK(!freezing(s));
	WQT_CHECK_EQ(atomic_load(&skip.marked), 0);
	WQT_CHECK_EQ(atomic_load(&good.thawed), 0);

	/* a stray wake-up does not thaw it */
	loops = atomic_load(&good.loops);
	wake_up_process(g);
	wqt_settle(50);
	WQT_CHECK(frozen(g));
	WQT_CHECK_EQ(atomic_load(&good.loops), loops);

	thaw_processes();
	WQT_CHECK(wqt_wait_int(&good.thawed, 1, 5000));
	WQT_CHECK(!frozen(g));
	WQT_CHECK(!freezing(g));

	WQT_CHECK_EQ(kthread_stop(g), 0);
	WQT_CHECK_EQ(kthread_stop(s), 0);
	WQT_CHECK_EQ(atomic_load(&skip.thawed), 0);
	wqt_shutdown();
}

/* ---- a task that refuses to freeze ---- */

static _Atomic int refuser_running;

static int refuser_fn(void *arg)
{
	(void)arg;
	set_freezable();
	atomic_store(&refuser_running, 1);
	/* busy, never sleeps, never calls try_to_freeze() */
	while (!kthread_should_stop())
		wqt_settle(1);
	return 0;
}

static _Atomic int freeze_ret = 1;

static int freezer_actor(void *arg)
{
	(void)arg;
	atomic_store(&freeze_ret, freeze_processes());
	return 0;
}

static bool thawed(void *arg)
{
	struct task_struct *t = arg;

	return !frozen(t) && !freezing(t);
}

static void test_refuser(void)
{
	struct fz good = { .freezable = true };
	struct task_struct *r, *g, *a;
	struct kenv_failure f;
	int i;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .freeze_timeout_ms = 200,
					    .no_subsystems = true });
	g = kthread_run(sleepy_fn, &good, "fz-good");
	r = kthread_run(refuser_fn, NULL, "fz-refuser");
	WQT_CHECK(!IS_ERR(g) && !IS_ERR(r));
	WQT_CHECK(wqt_wait_int(&good.loops, 1, 5000));
	WQT_CHECK(wqt_wait_int(&refuser_running, 1, 5000));

	/*
	 * The freezer waits and times out on the virtual clock: run it in
	 * an actor and let time pass, as the fuzz executor does when every
	 * task sleeps.
	 */
	a = kenv_actor_start("fz-freezer", 1, freezer_actor, NULL);
	WQT_CHECK(a != NULL);
	for (i = 0; i < 1000 && atomic_load(&freeze_ret) == 1; i++) {
		wqt_settle(1);
		kenv_advance_jiffies(5);
	}
	WQT_CHECK_EQ(kenv_actor_join(a), 0);
	WQT_CHECK_EQ(atomic_load(&freeze_ret), -EBUSY);
	WQT_CHECK(wqt_take_failure(&f));
	WQT_CHECK_EQ(f.kind, KENV_FAIL_FREEZE);
	if (!strstr(f.message, "fz-refuser") && !strstr(f.title, "fz-refuser"))
		wqt_fatal(__FILE__, __LINE__,
			  "freeze failure does not name the refusing task: %s\n%s",
			  f.title, f.message);
	wqt_expect_no_failure();

	/* everything thawed, the good task runs again */
	WQT_CHECK(thawed(r));
	WQT_CHECK(wqt_wait(thawed, g, 5000));
	WQT_CHECK_EQ(kthread_stop(r), 0);
	WQT_CHECK_EQ(kthread_stop(g), 0);
	wqt_shutdown();
}

int main(void)
{
	test_freeze_thaw();
	test_refuser();
	printf("freezer_test: OK\n");
	return 0;
}
