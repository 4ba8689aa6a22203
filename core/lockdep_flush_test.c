/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seed's lockdep annotations catch flush_workqueue() called from a
 * work of the same workqueue: run_workqueue() holds wq->lockdep_map while
 * the work runs, and flush_workqueue() acquires it again, so lockdep-lite
 * reports "possible recursive locking". (In 2.6.29 flush_cpu_workqueue()
 * on the caller's own cwq runs run_workqueue() by hand, so the call still
 * returns.) Flushing a *different* workqueue from a work is legal and
 * reports nothing; so is cancel_work_sync() of another work.
 */
#include <string.h>
#include <linux/workqueue.h>
#include "core/testing/wqtest.h"

static struct workqueue_struct *wq, *other;
static struct work_struct flusher;
static struct wqt_probe victim;
static struct workqueue_struct *_Atomic flush_target;
static _Atomic int flusher_done;

static void flusher_fn(struct work_struct *work)
{
	(void)work;
	flush_workqueue(atomic_load(&flush_target));
	atomic_fetch_add(&flusher_done, 1);
}

int main(void)
{
	struct kenv_failure f;

	wqt_boot(4);
	wq = create_workqueue("lockdep_self");
	other = create_workqueue("lockdep_other");
	WQT_CHECK(wq && other);

	/* Legal: flush another workqueue from a work. No report. */
	INIT_WORK(&flusher, flusher_fn);
	atomic_store(&flush_target, other);
	wqt_probe_init(&victim, NULL);
	WQT_CHECK(queue_work_on(2, other, &victim.dw.work));
	WQT_CHECK(queue_work_on(1, wq, &flusher));
	WQT_CHECK(wqt_wait_int(&flusher_done, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&victim.finished), 1);
	flush_workqueue(wq);
	wqt_expect_no_failure();

	/* Illegal: flush our own workqueue from a work. */
	atomic_store(&flush_target, wq);
	WQT_CHECK(queue_work_on(1, wq, &flusher));
	WQT_CHECK(wqt_wait_int(&flusher_done, 2, 5000));
	WQT_CHECK(wqt_wait_failures(1, 5000));
	WQT_CHECK(wqt_take_failure(&f));
	if (f.kind != KENV_FAIL_LOCKDEP || !strstr(f.title, "recursive locking"))
		wqt_fatal(__FILE__, __LINE__, "expected a lockdep recursive "
			  "locking report, got [%s] %s",
			  kenv_failure_kind_name(f.kind), f.title);
	WQT_CHECK(strstr(f.title, "flush_workqueue") != NULL);
	/* The report names the workqueue's lock class. */
	WQT_CHECK(strstr(f.message, "lockdep_self") != NULL);
	flush_workqueue(wq);

	destroy_workqueue(other);
	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}
