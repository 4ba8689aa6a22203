/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv_reset() returns everything: 10,000 cycles of boot, queue a few
 * works (keventd, and every other cycle a workqueue of our own), flush or
 * not, reset. After every reset no kenv allocation is left, and the
 * process's OS threads stay bounded: the pool is reused, so after the
 * first cycles the thread count does not grow. (LeakSanitizer checks the
 * rest at exit under --config=asan.) WQT_RESET_CYCLES overrides the count.
 */
#include <stdlib.h>
#include <time.h>
#include <linux/workqueue.h>
#include "core/testing/wqtest.h"

#define NCPU 4
#define WARMUP 20
#define SLACK 4

static struct wqt_probe kev[NCPU], own[NCPU];

static void one_cycle(int i)
{
	struct workqueue_struct *wq = NULL;
	int k;

	wqt_boot(NCPU);
	if (i & 1) {
		wq = create_workqueue("cycle");
		WQT_CHECK(wq != NULL);
	}
	for (k = 0; k < NCPU; k++) {
		wqt_probe_init(&kev[k], NULL);
		WQT_CHECK(schedule_work_on(k, &kev[k].dw.work));
		if (wq) {
			wqt_probe_init(&own[k], NULL);
			WQT_CHECK(queue_work_on(k, wq, &own[k].dw.work));
		}
	}
	if (i & 2) {
		flush_scheduled_work();
		for (k = 0; k < NCPU; k++)
			WQT_CHECK_EQ(atomic_load(&kev[k].finished), 1);
	}
	if (wq)
		destroy_workqueue(wq);	/* runs what is pending */
	wqt_shutdown();		/* destroys keventd: runs what is pending */
	for (k = 0; k < NCPU; k++) {
		WQT_CHECK_EQ(atomic_load(&kev[k].finished), 1);
		if (wq)
			WQT_CHECK_EQ(atomic_load(&own[k].finished), 1);
	}
	WQT_CHECK_EQ(kenv_nr_allocations(), 0);
	WQT_CHECK_EQ(kenv_nr_tasks(), 0);
}

int main(void)
{
	const char *env = getenv("WQT_RESET_CYCLES");
	int cycles = env ? atoi(env) : 10000;
	int i, warm = 0, os_warm = 0, n, most = 0;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < cycles; i++) {
		one_cycle(i);
		if (i == WARMUP - 1) {
			warm = wqt_nr_os_threads();
			os_warm = kenv_nr_os_threads();
		}
		if (i >= WARMUP && (i % 100 == 0 || i == cycles - 1)) {
			n = wqt_nr_os_threads();
			if (n > most)
				most = n;
			if (n > warm + SLACK || kenv_nr_os_threads() > os_warm + SLACK)
				wqt_fatal(__FILE__, __LINE__,
					  "cycle %d: %d OS threads (kenv %d), %d (kenv %d) after warm-up",
					  i, n, kenv_nr_os_threads(), warm, os_warm);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%d cycles in %.1f s; OS threads after warm-up %d, at most %d\n",
	       cycles, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       warm, most);
	return 0;
}
