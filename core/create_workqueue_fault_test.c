/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * __create_workqueue_key() returns NULL when an allocation (the
 * workqueue, its per-CPU cwqs) or a kthread_create() fails, for every
 * workqueue kind and every position of the failure, and leaves nothing
 * behind: no allocation, no task, no entry on the workqueues list. With
 * the fault past the last call, creation succeeds and the workqueue works.
 */
#include <linux/workqueue.h>
#include "core/testing/wqtest.h"

#define NCPU 4

enum kind { MULTI, SINGLE, FREEZEABLE };

static struct workqueue_struct *create(enum kind k)
{
	switch (k) {
	case MULTI:
		return create_workqueue("fault_mt");
	case SINGLE:
		return create_singlethread_workqueue("fault_st");
	default:
		return create_freezeable_workqueue("fault_fz");
	}
}

static void check_works(struct workqueue_struct *wq)
{
	struct wqt_probe p;
	int cpu;

	/* A workqueue returned has every worker it needs. */
	if (wqkit_wq_is_singlethread(wq))
		WQT_CHECK(wqt_cwq_thread(wq, wqkit_singlethread_cpu()) != NULL);
	else
		for (cpu = 0; cpu < NCPU; cpu++)
			WQT_CHECK(wqt_cwq_thread(wq, cpu) != NULL);

	wqt_probe_init(&p, NULL);
	WQT_CHECK(queue_work_on(1, wq, &p.dw.work));
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&p.finished), 1);
	destroy_workqueue(wq);
}

/* Fail the nth allocation (or kthread_create), for nth = 1, 2, ... */
static void sweep(enum kind k, int kthread)
{
	int tasks0 = kenv_nr_tasks(), allocs0 = kenv_nr_allocations();
	int listed0 = wqkit_nr_listed_workqueues();
	int nth, failures = 0;
	struct workqueue_struct *wq;

	for (nth = 1; nth < 64; nth++) {
		if (kthread)
			kenv_fail_kthread_nth(nth);
		else
			kenv_fail_alloc_nth(nth);
		wq = create(k);
		kenv_fail_kthread_nth(0);
		kenv_fail_alloc_nth(0);
		if (wq) {
			check_works(wq);
			WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);
			WQT_CHECK_EQ(kenv_nr_allocations(), allocs0);
			break;
		}
		failures++;
		WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);
		WQT_CHECK_EQ(kenv_nr_allocations(), allocs0);
		WQT_CHECK_EQ(wqkit_nr_listed_workqueues(), listed0);
	}
	WQT_CHECK(nth < 64);
	/*
	 * The seed allocates the workqueue and its cwqs (2 allocations at
	 * least) and creates one thread per online CPU (one if single).
	 */
	if (kthread)
		WQT_CHECK_EQ(failures, k == MULTI ? NCPU : 1);
	else
		WQT_CHECK(failures >= 2);
}

int main(void)
{
	wqt_boot(NCPU);
	sweep(MULTI, 0);
	sweep(SINGLE, 0);
	sweep(FREEZEABLE, 0);
	sweep(MULTI, 1);
	sweep(SINGLE, 1);
	sweep(FREEZEABLE, 1);
	wqt_shutdown();
	return 0;
}
