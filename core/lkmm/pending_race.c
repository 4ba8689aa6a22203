/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PORTING.md #10, the smallest program that has it: one task re-queues a
 * work the moment its PENDING bit clears, while the workqueue's thread
 * runs it. Each successful queue_work_on() reads work->entry
 * (BUG_ON(!list_empty())) after a test_and_set_bit() that read the
 * worker's work_clear_pending(); the worker wrote work->entry
 * (list_del_init()) before spin_unlock_irq() and that clear_bit().
 *
 * Built twice (core/lkmm/BUILD.bazel): against //core:workqueue, whose
 * clear_bit() is fully ordered as on x86 (ThreadSanitizer silent), and
 * against the same source compiled with WQKIT_LKMM_BITOPS (clear_bit()
 * relaxed, as the kernel's memory model allows): under TSan the read
 * then races with the worker's write. pending_race_test.sh judges both.
 * Prints one line and exits 0 when every queue ran; 1 otherwise.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <linux/workqueue.h>
#include "core/testing/wqtest.h"

#define ROUNDS 2000

static struct workqueue_struct *wq;
static struct work_struct work;
static _Atomic int runs;

/* Relaxed: the work must not give the queuer a happens-before edge. */
static void count_fn(struct work_struct *w)
{
	(void)w;
	atomic_fetch_add_explicit(&runs, 1, memory_order_relaxed);
}

/* On CPU 1: queue again as soon as PENDING is clear, ROUNDS times. */
static int requeue_loop(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++)
		while (!queue_work(wq, &work))
			cpu_relax();
	return 0;
}

int main(void)
{
	wqt_boot(2);
	wq = create_singlethread_workqueue("lkmm");	/* its thread: CPU 0 */
	WQT_CHECK(wq != NULL);
	INIT_WORK(&work, count_fn);
	WQT_CHECK_EQ(wqt_run_on(1, requeue_loop, NULL), 0);
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&runs), ROUNDS);
	destroy_workqueue(wq);
	wqt_shutdown();
	printf("pending_race: %d queues, %d runs\n", ROUNDS,
	       atomic_load(&runs));
	return 0;
}
