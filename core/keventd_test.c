/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * keventd_up() and current_is_keventd(): keventd is up exactly between
 * init_workqueues() (kenv_init) and reset; current_is_keventd() is false in
 * an actor, in the boot task and in a work of another workqueue, and true
 * in a work run by schedule_work()/schedule_work_on() on every CPU.
 */
#include <linux/workqueue.h>
#include "core/testing/wqtest.h"

#define NCPU 4

static struct wqt_probe kev[NCPU], other[NCPU], local;

static int actor_fn(void *arg)
{
	(void)arg;
	WQT_CHECK(keventd_up());
	return current_is_keventd();
}

static int schedule_from_actor(void *arg)
{
	return schedule_work(arg);
}

int main(void)
{
	struct workqueue_struct *wq;
	int k;

	WQT_CHECK(!keventd_up());
	wqt_boot(NCPU);
	WQT_CHECK(keventd_up());
	WQT_CHECK(wqkit_keventd_wq() != NULL);
	WQT_CHECK_EQ(current_is_keventd(), 0);
	for (k = 0; k < NCPU; k++)
		WQT_CHECK_EQ(wqt_run_on(k, actor_fn, NULL), 0);

	wq = create_workqueue("not_keventd");
	WQT_CHECK(wq != NULL);
	for (k = 0; k < NCPU; k++) {
		wqt_probe_init(&kev[k], NULL);
		wqt_probe_init(&other[k], NULL);
		WQT_CHECK(schedule_work_on(k, &kev[k].dw.work));
		WQT_CHECK(queue_work_on(k, wq, &other[k].dw.work));
	}
	wqt_probe_init(&local, NULL);
	WQT_CHECK(wqt_run_on(3, schedule_from_actor, &local.dw.work));
	flush_scheduled_work();
	flush_workqueue(wq);
	for (k = 0; k < NCPU; k++) {
		WQT_CHECK_EQ(atomic_load(&kev[k].finished), 1);
		WQT_CHECK_EQ(atomic_load(&kev[k].keventd), 1);
		WQT_CHECK(atomic_load(&kev[k].task) ==
			  wqt_cwq_thread(wqkit_keventd_wq(), k));
		WQT_CHECK_EQ(atomic_load(&other[k].finished), 1);
		WQT_CHECK_EQ(atomic_load(&other[k].keventd), 0);
	}
	WQT_CHECK_EQ(atomic_load(&local.finished), 1);
	WQT_CHECK_EQ(atomic_load(&local.keventd), 1);
	WQT_CHECK_EQ(atomic_load(&local.cpu), 3);
	destroy_workqueue(wq);
	wqt_shutdown();
	WQT_CHECK(!keventd_up());
	return 0;
}
