/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run_workqueue() checks after every work function that it did not return
 * in atomic context or holding a lock, and reports "BUG: workqueue leaked
 * lock or atomic" with the function and the held locks (dump_stack ->
 * KENV_FAIL_DUMP_STACK). Two ways to leak: a work that only disables
 * preemption, and one that returns holding a spinlock. In both cases a
 * second work queued behind it on the same worker repairs the damage, so
 * the worker goes on and teardown (and the next boot) still works.
 * With the spinlock, the worker then takes the workqueue's lockdep map
 * while holding leaky_lock, the reverse of the order inside leaker_fn:
 * lockdep rightly adds a "possible circular locking dependency" report,
 * as it would on a real kernel.
 */
#include <string.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/spinlock.h>
#include "core/testing/wqtest.h"

static DEFINE_SPINLOCK(leaky_lock);
static struct workqueue_struct *wq;
static struct completion gate;
static struct wqt_probe blocker, after;
static struct work_struct leaker, fixer;
static _Atomic int leaked, fixed;
static _Atomic int use_lock;

/* Global, so print_symbol() can name it (linked with -rdynamic). */
void leaker_fn(struct work_struct *work);
void leaker_fn(struct work_struct *work)
{
	(void)work;
	if (atomic_load(&use_lock))
		spin_lock(&leaky_lock);
	else
		preempt_disable();
	atomic_store(&leaked, 1);
}

static void fixer_fn(struct work_struct *work)
{
	(void)work;
	if (atomic_load(&use_lock))
		spin_unlock(&leaky_lock);
	else
		preempt_enable();
	atomic_store(&fixed, 1);
}

static void run_case(int lock)
{
	struct kenv_failure f;

	wqt_boot(4);
	wq = create_workqueue("leaky");
	WQT_CHECK(wq != NULL);
	atomic_store(&use_lock, lock);
	atomic_store(&leaked, 0);
	atomic_store(&fixed, 0);
	INIT_WORK(&leaker, leaker_fn);
	INIT_WORK(&fixer, fixer_fn);
	init_completion(&gate);
	wqt_probe_init(&blocker, &gate);
	wqt_probe_init(&after, NULL);

	/* blocker, leaker, fixer, after: one worker, back to back. */
	WQT_CHECK(queue_work_on(2, wq, &blocker.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blocker, 1, 5000));
	WQT_CHECK(queue_work_on(2, wq, &leaker));
	WQT_CHECK(queue_work_on(2, wq, &fixer));
	WQT_CHECK(queue_work_on(2, wq, &after.dw.work));
	complete_all(&gate);
	WQT_CHECK(wqt_probe_wait(&after, 1, 5000));
	WQT_CHECK(atomic_load(&leaked) && atomic_load(&fixed));

	WQT_CHECK(wqt_wait_failures(1, 5000));
	WQT_CHECK(wqt_take_failure(&f));
	if (f.kind != KENV_FAIL_DUMP_STACK ||
	    !strstr(f.title, "workqueue leaked lock or atomic"))
		wqt_fatal(__FILE__, __LINE__, "expected the leaked lock or "
			  "atomic report, got [%s] %s\n%s",
			  kenv_failure_kind_name(f.kind), f.title, f.message);
	/* "last function:" names the leaking work function. */
	WQT_CHECK(strstr(f.message, "leaker_fn") != NULL);
	if (lock)
		WQT_CHECK(strstr(f.message, "leaky_lock") != NULL);
	if (lock) {
		WQT_CHECK(wqt_take_failure(&f));
		if (f.kind != KENV_FAIL_LOCKDEP ||
		    !strstr(f.title, "circular locking dependency"))
			wqt_fatal(__FILE__, __LINE__, "expected the lockdep "
				  "inversion report, got [%s] %s\n%s",
				  kenv_failure_kind_name(f.kind), f.title,
				  f.message);
		WQT_CHECK(strstr(f.message, "leaky_lock") != NULL);
	}
	WQT_CHECK_EQ(atomic_load(&after.overlapped), 0);

	flush_workqueue(wq);
	destroy_workqueue(wq);
	wqt_shutdown();		/* no other failure, nothing leaked */
}

int main(void)
{
	run_case(0);	/* preempt_disable() only: leaked atomic */
	run_case(1);	/* spin_lock() held on return: leaked lock */
	return 0;
}
