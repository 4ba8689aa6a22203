/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * upcanceled_bind: on CPU_UP_CANCELED the workers created at
 * CPU_UP_PREPARE must be started unbound (start_workqueue_thread(cwq, -1))
 * so that cleanup_workqueue_thread()'s kthread_stop() can reap them.
 *
 * Scenario (deterministic, fault injection; the bug is a hang, detected
 * with a bounded wait): workqueues are listed zoo_a, events; the 2nd
 * kthread_create() (keventd's) fails during cpu_up(3), run by an actor.
 * Clean: cpu_up() returns an error within the bound, no task left over.
 * Bug: zoo_a's worker is woken bound to offline CPU 3, never runs, and
 * the actor hangs in kthread_stop() under the hotplug lock.
 */
#include <stdatomic.h>
#include <linux/cpumask.h>
#include "core/bugs/bugtest.h"

#define NCPU	4
#define UPCPU	3
#define HANG_MS	2000

static _Atomic int up_done, up_ret;

static int cpu_up_actor(void *arg)
{
	(void)arg;
	atomic_store(&up_ret, kenv_cpu_up(UPCPU));
	atomic_store(&up_done, 1);
	return 0;
}

int main(void)
{
	struct kenv_config cfg = { .nr_cpus = NCPU, .online_mask = 0x7 };
	struct workqueue_struct *wq_a;
	static struct wqt_probe pa;
	struct task_struct *t;
	int tasks0;

	wqt_boot_cfg(&cfg);
	wq_a = create_workqueue("zoo_a");
	WQT_CHECK(wq_a != NULL);
	WQT_CHECK_EQ(wqkit_nr_listed_workqueues(), 2);
	tasks0 = kenv_nr_tasks();

	kenv_fail_kthread_nth(2);
	t = wqt_actor_start(0, cpu_up_actor, NULL);
	if (!WQB_CHECK(wqt_wait_int(&up_done, 1, HANG_MS),
		       "cpu_up() hung in CPU_UP_CANCELED: worker started bound to the offline CPU, kthread_stop() never returns")) {
		WQT_CHECK(wqt_task_blocked(t));
		WQT_CHECK(!cpu_online(UPCPU));
		wqb_exit_wrecked("upcanceled_bind");
	}
	WQT_CHECK_EQ(wqt_actor_join(t), 0);
	kenv_fail_kthread_nth(0);
	WQT_CHECK(atomic_load(&up_ret) < 0);
	WQT_CHECK(!cpu_online(UPCPU));
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);

	WQT_CHECK_EQ(kenv_cpu_up(UPCPU), 0);
	wqt_probe_init(&pa, NULL);
	WQT_CHECK(queue_work_on(UPCPU, wq_a, &pa.dw.work));
	flush_workqueue(wq_a);
	WQT_CHECK_EQ(atomic_load(&pa.finished), 1);
	WQT_CHECK_EQ(atomic_load(&pa.cpu), UPCPU);

	destroy_workqueue(wq_a);
	wqt_shutdown();
	wqb_done("upcanceled_bind");
	return 0;
}
