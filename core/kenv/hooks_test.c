/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hooks_test: the event hook and the scheduling hook.
 *  - event hook: a work queued with queue_work_on(1, ...) is seen as
 *    WORK_QUEUED (cpu 1, its wq), then WORK_START and WORK_END in a
 *    kthread of cpu 1, in that order, each once; the API events bracket
 *    queue_work_on with the right return value; the hook gets its arg;
 *  - scheduling hook: spin_lock gives LOCK then LOCKED, spin_unlock
 *    UNLOCK (obj = the lock); test_and_set_bit gives BITOP (obj = the
 *    word); smp_wmb gives BARRIER; a task sleeping in schedule() gives
 *    BLOCK, and after its wake-up UNBLOCK; removing the hook stops calls.
 */
#include <stdatomic.h>
#include <string.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/bitops.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <wqkit/workqueue_events.h>
#include "core/testing/wqtest.h"

/* ---- event hook ---- */

#define MAX_EV 64

static struct kenv_ilock ev_lock = KENV_ILOCK_INIT;
static struct kenv_event evs[MAX_EV];
static int nr_evs;
static struct work_struct hook_work;
static _Atomic int work_ran;
static int ev_arg_cookie;
static _Atomic int ev_bad_arg;

static void event_hook(const struct kenv_event *ev, void *arg)
{
	if (arg != &ev_arg_cookie)
		atomic_store(&ev_bad_arg, 1);
	if (ev->obj != &hook_work &&
	    !(ev->api && !strcmp(ev->api, "queue_work_on")))
		return;
	kenv_ilock_lock(&ev_lock);
	if (nr_evs < MAX_EV)
		evs[nr_evs] = *ev;
	nr_evs++;
	kenv_ilock_unlock(&ev_lock);
}

static void hook_work_fn(struct work_struct *work)
{
	(void)work;
	atomic_fetch_add(&work_ran, 1);
}

static bool have_end(void *arg)
{
	bool found = false;
	int i;

	(void)arg;
	kenv_ilock_lock(&ev_lock);
	for (i = 0; i < nr_evs && i < MAX_EV; i++)
		if (evs[i].type == WQKIT_EV_WORK_END)
			found = true;
	kenv_ilock_unlock(&ev_lock);
	return found;
}

static int find_ev(int type, int from)
{
	int i;

	for (i = from; i < nr_evs && i < MAX_EV; i++)
		if (evs[i].type == type)
			return i;
	return -1;
}

static void test_event_hook(void)
{
	struct workqueue_struct *wq;
	int q, s, e, enter, exit_;

	wqt_boot(2);
	wq = create_workqueue("hooktest");
	WQT_CHECK(wq);
	INIT_WORK(&hook_work, hook_work_fn);
	kenv_set_event_hook(event_hook, &ev_arg_cookie);

	WQT_CHECK_EQ(queue_work_on(1, wq, &hook_work), 1);
	WQT_CHECK(wqt_wait_int(&work_ran, 1, 5000));
	WQT_CHECK(wqt_wait(have_end, NULL, 5000));
	flush_workqueue(wq);
	kenv_set_event_hook(NULL, NULL);

	kenv_ilock_lock(&ev_lock);
	enter = find_ev(WQKIT_EV_API_ENTER, 0);
	q = find_ev(WQKIT_EV_WORK_QUEUED, 0);
	exit_ = find_ev(WQKIT_EV_API_EXIT, 0);
	s = find_ev(WQKIT_EV_WORK_START, 0);
	e = find_ev(WQKIT_EV_WORK_END, 0);
	WQT_CHECK(enter >= 0 && q > enter && exit_ > q);
	WQT_CHECK_EQ(evs[exit_].ret, 1);
	WQT_CHECK(s > q && e > s);
	WQT_CHECK_EQ(evs[q].cpu, 1);
	WQT_CHECK(evs[q].owner == wq);
	WQT_CHECK(evs[s].obj == &hook_work && evs[e].obj == &hook_work);
	WQT_CHECK(evs[s].task && evs[s].task == evs[e].task);
	WQT_CHECK(atomic_load(&evs[s].task->flags) & PF_KTHREAD);
	WQT_CHECK_EQ(task_cpu(evs[s].task), 1);
	/* each once */
	WQT_CHECK_EQ(find_ev(WQKIT_EV_WORK_QUEUED, q + 1), -1);
	WQT_CHECK_EQ(find_ev(WQKIT_EV_WORK_START, s + 1), -1);
	WQT_CHECK_EQ(find_ev(WQKIT_EV_WORK_END, e + 1), -1);
	kenv_ilock_unlock(&ev_lock);
	WQT_CHECK_EQ(atomic_load(&ev_bad_arg), 0);
	WQT_CHECK_EQ(atomic_load(&work_ran), 1);

	destroy_workqueue(wq);
	wqt_shutdown();
}

/* ---- scheduling hook ---- */

#define MAX_SP 256

/* Only the actor thread records: the hook runs in the task at the point. */
static __thread int tl_recording;
static __thread int tl_nr;
static __thread enum kenv_sched_point tl_sp[MAX_SP];
static __thread const void *tl_obj[MAX_SP];
static _Atomic int actor_blocked;
static _Atomic int hook_calls;
static _Atomic int hook_bad_arg;
static int sp_arg_cookie;

static void sched_point(enum kenv_sched_point sp, const void *obj, void *arg)
{
	if (arg != &sp_arg_cookie)
		atomic_store(&hook_bad_arg, 1);
	atomic_fetch_add(&hook_calls, 1);
	if (!tl_recording)
		return;
	if (tl_nr < MAX_SP) {
		tl_sp[tl_nr] = sp;
		tl_obj[tl_nr] = obj;
	}
	tl_nr++;
	if (sp == KENV_SP_BLOCK)
		atomic_store(&actor_blocked, 1);
}

static DEFINE_SPINLOCK(hook_lock);
static unsigned long hook_word;
static struct task_struct *_Atomic hook_actor;

/* Index of the first @sp with @obj (NULL: any) at or after @from. */
static int find_sp(enum kenv_sched_point sp, const void *obj, int from)
{
	int i;

	for (i = from; i < tl_nr && i < MAX_SP; i++)
		if (tl_sp[i] == sp && (!obj || tl_obj[i] == obj))
			return i;
	return -1;
}

static int sched_actor(void *arg)
{
	int lock, locked, unlock, bitop, barrier, block, unblock, ret = 0;

	(void)arg;
	tl_nr = 0;
	tl_recording = 1;
	spin_lock(&hook_lock);
	spin_unlock(&hook_lock);
	test_and_set_bit(3, &hook_word);
	smp_wmb();
	set_current_state(TASK_UNINTERRUPTIBLE);
	atomic_store(&hook_actor, current);
	schedule();		/* main wakes us once it saw BLOCK */
	tl_recording = 0;

	lock = find_sp(KENV_SP_LOCK, &hook_lock, 0);
	locked = find_sp(KENV_SP_LOCKED, &hook_lock, 0);
	unlock = find_sp(KENV_SP_UNLOCK, &hook_lock, 0);
	bitop = find_sp(KENV_SP_BITOP, &hook_word, 0);
	barrier = find_sp(KENV_SP_BARRIER, NULL, unlock < 0 ? 0 : unlock);
	block = find_sp(KENV_SP_BLOCK, NULL, 0);
	unblock = find_sp(KENV_SP_UNBLOCK, NULL, 0);
	if (lock < 0 || locked <= lock || unlock <= locked)
		ret |= 1;
	if (bitop <= unlock)
		ret |= 2;
	if (barrier <= bitop)
		ret |= 4;
	if (block <= barrier)
		ret |= 8;
	if (unblock <= block)
		ret |= 16;
	return ret;
}

static void test_sched_hook(void)
{
	struct kenv_sched_hook hook = { .point = sched_point,
					.arg = &sp_arg_cookie };
	struct task_struct *a;
	int calls;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
	kenv_set_sched_hook(&hook);
	a = kenv_actor_start("hooked", 1, sched_actor, NULL);
	WQT_CHECK(a);
	if (!wqt_wait_int(&actor_blocked, 1, 5000))
		wqt_fatal(__FILE__, __LINE__, "no KENV_SP_BLOCK from schedule()");
	WQT_CHECK_EQ(wake_up_process(atomic_load(&hook_actor)), 1);
	WQT_CHECK_EQ(kenv_actor_join(a), 0);
	WQT_CHECK_EQ(atomic_load(&hook_bad_arg), 0);

	kenv_set_sched_hook(NULL);
	wqt_settle(20);		/* calls already under way elsewhere end */
	calls = atomic_load(&hook_calls);
	spin_lock(&hook_lock);
	spin_unlock(&hook_lock);
	smp_mb();
	WQT_CHECK_EQ(atomic_load(&hook_calls), calls);
	wqt_shutdown();
}

int main(void)
{
	test_event_hook();
	test_sched_hook();
	printf("hooks_test: OK\n");
	return 0;
}
