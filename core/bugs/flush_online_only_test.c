/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * flush_online_only: flush_workqueue() must walk cpu_populated_map, not
 * cpu_online_map: between the online-map update of cpu_down() and the
 * CPU_POST_DEAD flush, the dying CPU's cwq still holds pending works.
 *
 * Scenario (deterministic): CPU 3's worker is held in a gated work, a
 * second work W is listed behind it, and an actor runs cpu_down(3), which
 * clears CPU 3 from cpu_online_map and then sleeps in CPU_POST_DEAD's
 * flush of that cwq. Another actor then calls flush_workqueue(). Clean:
 * it sleeps on CPU 3's cwq until the gate opens, and W has run when it
 * returns. Bug: it skips CPU 3 and returns at once with W not run.
 */
#include <stdatomic.h>
#include <linux/cpumask.h>
#include "core/bugs/bugtest.h"

#define NCPU	4
#define DYING	3

static struct workqueue_struct *wq;
static struct wqt_probe g, w;
static _Atomic int flushed, w_at_flush = -1;
static struct task_struct *downer;

static int cpu_down_actor(void *arg)
{
	(void)arg;
	return kenv_cpu_down(DYING);
}

static int flusher(void *arg)
{
	(void)arg;
	flush_workqueue(wq);
	atomic_store(&w_at_flush, atomic_load(&w.finished));
	atomic_store(&flushed, 1);
	return 0;
}

static bool down_in_post_dead(void *arg)
{
	(void)arg;
	return !cpu_online(DYING) && wqt_task_blocked(downer);
}

int main(void)
{
	struct completion gate;
	struct task_struct *t;

	wqt_boot(NCPU);
	wq = create_workqueue("zoo_flushdead");
	WQT_CHECK(wq != NULL);
	init_completion(&gate);
	wqt_probe_init(&g, &gate);
	wqt_probe_init(&w, NULL);
	WQT_CHECK_EQ(queue_work_on(DYING, wq, &g.dw.work), 1);
	WQT_CHECK(wqt_probe_wait_started(&g, 1, 5000));
	WQT_CHECK_EQ(queue_work_on(DYING, wq, &w.dw.work), 1);

	downer = wqt_actor_start(0, cpu_down_actor, NULL);
	WQT_CHECK(wqt_wait(down_in_post_dead, NULL, 5000));
	WQT_CHECK(wqkit_cpu_populated_map() & (1UL << DYING));
	WQT_CHECK_EQ(atomic_load(&w.finished), 0);

	t = wqt_actor_start(0, flusher, NULL);
	WQT_CHECK(wqt_wait_blocked_or_done(t, &flushed, 5000));
	WQB_CHECK(!atomic_load(&flushed),
		  "flush_workqueue() did not wait for the dying CPU's cwq");
	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(t), 0);
	WQB_CHECK(atomic_load(&w_at_flush) == 1,
		  "flush_workqueue() returned before a work queued on the dying CPU ran");
	WQT_CHECK_EQ(wqt_actor_join(downer), 0);
	WQT_CHECK(!cpu_online(DYING));
	WQT_CHECK_EQ(atomic_load(&w.finished), 1);
	WQT_CHECK_EQ(wqkit_cpu_populated_map() & (1UL << DYING), 0);

	destroy_workqueue(wq);
	wqt_shutdown();
	wqb_done("flush_online_only");
	return 0;
}
