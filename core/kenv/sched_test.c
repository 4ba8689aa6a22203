/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_test: schedule() and the wake-up primitives built on it.
 *  - lost-wakeup semantics: set_current_state(TASK_INTERRUPTIBLE), then
 *    another task's wake_up_process(), then schedule() returns at once;
 *  - wake_up_process() returns 1 only when it changed the state, and
 *    wake_up_state() leaves a task alone whose state does not match;
 *  - schedule() really sleeps until woken;
 *  - wait queues (DEFINE_WAIT/prepare_to_wait/finish_wait/wake_up) wake
 *    the waiter and dequeue its entry; prepare_to_wait_exclusive waiters
 *    are woken one per wake_up();
 *  - completions: complete() releases one waiter, complete_all() every
 *    waiter present and future, a complete() before the wait is not lost.
 */
#include <stdatomic.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/list.h>
#include "core/testing/wqtest.h"

static void boot(void)
{
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 4,
					    .no_subsystems = true });
}

/* ---- lost wake-up ---- */

struct lw {
	struct task_struct *_Atomic task;
	_Atomic int step;		/* actor's progress */
	_Atomic int go;			/* main's permission */
	_Atomic long state_after;
};

static int lost_wakeup_actor(void *arg)
{
	struct lw *lw = arg;

	atomic_store(&lw->task, current);
	atomic_store(&lw->step, 1);
	if (!wqt_wait_int(&lw->go, 1, 5000))
		return -1;
	set_current_state(TASK_INTERRUPTIBLE);
	atomic_store(&lw->step, 2);
	/* main wakes us now, before we call schedule() */
	if (!wqt_wait_int(&lw->go, 2, 5000))
		return -2;
	schedule();	/* must return: the wake-up is not lost */
	atomic_store(&lw->state_after, atomic_load(&current->state));
	atomic_store(&lw->step, 3);
	return 0;
}

static void test_lost_wakeup(void)
{
	struct lw lw = { .state_after = -1 };
	struct task_struct *a;

	boot();
	a = kenv_actor_start("lw", 1, lost_wakeup_actor, &lw);
	WQT_CHECK(a);
	WQT_CHECK(wqt_wait_int(&lw.step, 1, 5000));
	/* a running task is not woken */
	WQT_CHECK_EQ(wake_up_process(atomic_load(&lw.task)), 0);
	atomic_store(&lw.go, 1);
	WQT_CHECK(wqt_wait_int(&lw.step, 2, 5000));
	WQT_CHECK_EQ(wake_up_process(atomic_load(&lw.task)), 1);
	atomic_store(&lw.go, 2);
	if (!wqt_wait_int(&lw.step, 3, 5000))
		wqt_fatal(__FILE__, __LINE__,
			  "schedule() slept through a wake-up that came after set_current_state()");
	WQT_CHECK_EQ(atomic_load(&lw.state_after), TASK_RUNNING);
	WQT_CHECK_EQ(kenv_actor_join(a), 0);
	wqt_shutdown();
}

/* ---- schedule() sleeps; wake_up_state() matches the state ---- */

struct sl {
	struct task_struct *_Atomic task;
	_Atomic int ready;
	_Atomic int woke;
};

static int sleeper_actor(void *arg)
{
	struct sl *sl = arg;

	set_current_state(TASK_UNINTERRUPTIBLE);
	atomic_store(&sl->task, current);
	atomic_store(&sl->ready, 1);
	schedule();
	atomic_store(&sl->woke, 1);
	return 0;
}

static void test_schedule_sleeps(void)
{
	struct sl sl = { 0 };
	struct task_struct *a, *t;

	boot();
	a = kenv_actor_start("sleeper", 2, sleeper_actor, &sl);
	WQT_CHECK(a);
	WQT_CHECK(wqt_wait_int(&sl.ready, 1, 5000));
	t = atomic_load(&sl.task);
	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&sl.woke), 0);
	/* TASK_UNINTERRUPTIBLE does not match TASK_INTERRUPTIBLE */
	WQT_CHECK_EQ(wake_up_state(t, TASK_INTERRUPTIBLE), 0);
	wqt_settle(30);
	WQT_CHECK_EQ(atomic_load(&sl.woke), 0);
	WQT_CHECK_EQ(atomic_load(&t->state), TASK_UNINTERRUPTIBLE);
	WQT_CHECK_EQ(wake_up_process(t), 1);
	WQT_CHECK(wqt_wait_int(&sl.woke, 1, 5000));
	WQT_CHECK_EQ(kenv_actor_join(a), 0);
	wqt_shutdown();
}

/* ---- wait queues ---- */

static wait_queue_head_t wq;
static _Atomic int wq_cond;
static _Atomic int wq_woken;
static _Atomic int wq_entry_empty;

static int wq_waiter(void *arg)
{
	DEFINE_WAIT(wait);

	(void)arg;
	for (;;) {
		prepare_to_wait(&wq, &wait, TASK_UNINTERRUPTIBLE);
		if (atomic_load(&wq_cond))
			break;
		schedule();
	}
	finish_wait(&wq, &wait);
	atomic_store(&wq_entry_empty, list_empty(&wait.task_list));
	atomic_fetch_add(&wq_woken, 1);
	return 0;
}

static int wq_exclusive_waiter(void *arg)
{
	DEFINE_WAIT(wait);

	(void)arg;
	prepare_to_wait_exclusive(&wq, &wait, TASK_UNINTERRUPTIBLE);
	schedule();
	finish_wait(&wq, &wait);
	atomic_fetch_add(&wq_woken, 1);
	return 0;
}

/* Number of entries on the wait queue, read under its lock. */
static int wq_len(void)
{
	struct list_head *p;
	int n = 0;

	spin_lock(&wq.lock);
	list_for_each(p, &wq.task_list)
		n++;
	spin_unlock(&wq.lock);
	return n;
}

static bool wq_len_is(void *arg)
{
	return wq_len() == *(int *)arg;
}

static void test_waitqueue(void)
{
	struct task_struct *a, *b;
	int n;

	boot();
	init_waitqueue_head(&wq);
	atomic_store(&wq_cond, 0);
	atomic_store(&wq_woken, 0);
	atomic_store(&wq_entry_empty, 0);

	a = kenv_actor_start("wq-waiter", 1, wq_waiter, NULL);
	WQT_CHECK(a);
	n = 1;
	WQT_CHECK(wqt_wait(wq_len_is, &n, 5000));
	wqt_settle(30);
	WQT_CHECK_EQ(atomic_load(&wq_woken), 0);
	/* a wake-up without the condition: the waiter re-queues, sleeps on */
	wake_up(&wq);
	WQT_CHECK(wqt_wait(wq_len_is, &n, 5000));
	wqt_settle(30);
	WQT_CHECK_EQ(atomic_load(&wq_woken), 0);
	atomic_store(&wq_cond, 1);
	wake_up(&wq);
	WQT_CHECK(wqt_wait_int(&wq_woken, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&wq_entry_empty), 1);
	WQT_CHECK_EQ(kenv_actor_join(a), 0);
	WQT_CHECK_EQ(wq_len(), 0);

	/* exclusive waiters: one per wake_up() */
	atomic_store(&wq_woken, 0);
	a = kenv_actor_start("wq-excl-a", 2, wq_exclusive_waiter, NULL);
	b = kenv_actor_start("wq-excl-b", 3, wq_exclusive_waiter, NULL);
	WQT_CHECK(a && b);
	n = 2;
	WQT_CHECK(wqt_wait(wq_len_is, &n, 5000));
	wake_up(&wq);
	WQT_CHECK(wqt_wait_int(&wq_woken, 1, 5000));
	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&wq_woken), 1);
	WQT_CHECK_EQ(wq_len(), 1);
	wake_up(&wq);
	WQT_CHECK(wqt_wait_int(&wq_woken, 2, 5000));
	WQT_CHECK_EQ(kenv_actor_join(a), 0);
	WQT_CHECK_EQ(kenv_actor_join(b), 0);
	WQT_CHECK_EQ(wq_len(), 0);
	wqt_shutdown();
}

/* ---- completions ---- */

static struct completion comp;
static _Atomic int comp_started;
static _Atomic int comp_done;

static int comp_waiter(void *arg)
{
	(void)arg;
	atomic_fetch_add(&comp_started, 1);
	wait_for_completion(&comp);
	atomic_fetch_add(&comp_done, 1);
	return 0;
}

static void test_completion(void)
{
	struct task_struct *t[3];
	int i;

	boot();

	/* complete() before the wait is not lost */
	init_completion(&comp);
	WQT_CHECK_EQ(completion_done(&comp), 0);
	WQT_CHECK_EQ(try_wait_for_completion(&comp), 0);
	complete(&comp);
	WQT_CHECK_EQ(completion_done(&comp), 1);
	atomic_store(&comp_done, 0);
	WQT_CHECK_EQ(wqt_run_on(1, comp_waiter, NULL), 0);
	WQT_CHECK_EQ(atomic_load(&comp_done), 1);
	WQT_CHECK_EQ(completion_done(&comp), 0);	/* consumed */

	/* complete(): exactly one of two waiters per call */
	init_completion(&comp);
	atomic_store(&comp_started, 0);
	atomic_store(&comp_done, 0);
	t[0] = kenv_actor_start("comp-a", 1, comp_waiter, NULL);
	t[1] = kenv_actor_start("comp-b", 2, comp_waiter, NULL);
	WQT_CHECK(t[0] && t[1]);
	WQT_CHECK(wqt_wait_int(&comp_started, 2, 5000));
	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&comp_done), 0);
	complete(&comp);
	WQT_CHECK(wqt_wait_int(&comp_done, 1, 5000));
	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&comp_done), 1);
	complete(&comp);
	WQT_CHECK(wqt_wait_int(&comp_done, 2, 5000));
	WQT_CHECK_EQ(kenv_actor_join(t[0]), 0);
	WQT_CHECK_EQ(kenv_actor_join(t[1]), 0);

	/* complete_all(): every waiter, and later waiters return at once */
	init_completion(&comp);
	atomic_store(&comp_started, 0);
	atomic_store(&comp_done, 0);
	for (i = 0; i < 3; i++) {
		t[i] = kenv_actor_start("comp-all", i + 1, comp_waiter, NULL);
		WQT_CHECK(t[i]);
	}
	WQT_CHECK(wqt_wait_int(&comp_started, 3, 5000));
	wqt_settle(30);
	WQT_CHECK_EQ(atomic_load(&comp_done), 0);
	complete_all(&comp);
	WQT_CHECK(wqt_wait_int(&comp_done, 3, 5000));
	for (i = 0; i < 3; i++)
		WQT_CHECK_EQ(kenv_actor_join(t[i]), 0);
	WQT_CHECK_EQ(wqt_run_on(1, comp_waiter, NULL), 0);
	WQT_CHECK_EQ(atomic_load(&comp_done), 4);
	WQT_CHECK_EQ(completion_done(&comp), 1);
	wqt_shutdown();
}

int main(void)
{
	test_lost_wakeup();
	test_schedule_sleeps();
	test_waitqueue();
	test_completion();
	printf("sched_test: OK\n");
	return 0;
}
