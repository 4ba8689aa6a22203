/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * execute_in_process_context(): "Executes the function immediately if
 * process context is available, otherwise schedules the function for
 * delayed execution. Returns: 0 - function was executed, 1 - function was
 * scheduled for execution". Out of interrupt context @fn has run, in the
 * caller, when it returns 0; inside irq_enter()/irq_exit() it returns 1
 * and @fn runs later in keventd, in process context.
 */
#include <linux/workqueue.h>
#include <linux/hardirq.h>
#include <linux/sched.h>
#include "core/testing/wqtest.h"

static struct execute_work ew;
static _Atomic int runs, ran_in_interrupt, ran_keventd;
static struct task_struct *_Atomic ran_in;

static void fn(struct work_struct *work)
{
	WQT_CHECK(work == &ew.work);
	atomic_store(&ran_in, current);
	atomic_store(&ran_in_interrupt, in_interrupt() != 0);
	atomic_store(&ran_keventd, current_is_keventd());
	atomic_fetch_add(&runs, 1);
}

static int from_actor(void *arg)
{
	int ret;

	(void)arg;
	/* Process context: synchronous, in this task. */
	ret = execute_in_process_context(fn, &ew);
	WQT_CHECK_EQ(ret, 0);
	WQT_CHECK_EQ(atomic_load(&runs), 1);
	WQT_CHECK(atomic_load(&ran_in) == current);
	WQT_CHECK_EQ(atomic_load(&ran_keventd), 0);

	/* Interrupt context: deferred to keventd. */
	irq_enter();
	WQT_CHECK(in_interrupt());
	ret = execute_in_process_context(fn, &ew);
	irq_exit();
	return ret;
}

int main(void)
{
	wqt_boot(4);
	WQT_CHECK_EQ(wqt_run_on(2, from_actor, NULL), 1);
	WQT_CHECK(wqt_wait_int(&runs, 2, 5000));
	WQT_CHECK_EQ(atomic_load(&ran_in_interrupt), 0);
	WQT_CHECK_EQ(atomic_load(&ran_keventd), 1);
	WQT_CHECK(atomic_load(&ran_in) == wqt_cwq_thread(wqkit_keventd_wq(), 2));
	flush_scheduled_work();
	WQT_CHECK_EQ(atomic_load(&runs), 2);

	/* The same from the boot task. */
	WQT_CHECK_EQ(execute_in_process_context(fn, &ew), 0);
	WQT_CHECK_EQ(atomic_load(&runs), 3);
	wqt_shutdown();
	return 0;
}
