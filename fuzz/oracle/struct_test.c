// SPDX-License-Identifier: GPL-2.0-only
/*
 * Structural checks on a real kenv: q0 (multi) and q1 (singlethread) with
 * q0/cpu0's worker held in a gated w0, so w1 and w2 stay listed. Each
 * check is shown firing on state broken on purpose under the cwq's own
 * lock (or through the test-only view hook where the core's private
 * fields cannot be reached), then the state is restored.
 */
#include <stdio.h>
#include <linux/bitops.h>
#include <linux/completion.h>
#include <linux/list.h>

#include "fuzz/oracle/oracletest.h"

static struct completion gate;
static _Atomic int blocked;

static void fn(struct work_struct *work)
{
	if (work == ot_real_work(0)) {
		atomic_store(&blocked, 1);
		wait_for_completion(&gate);
	}
}

static struct work_struct *W(int i)
{
	return ot_real_work(i);
}

static bool blocker_started(void *arg)
{
	(void)arg;
	return atomic_load(&blocked);
}

/* ---- breaks under the cwq lock ---- */

static unsigned long saved;
static struct list_head *saved_prev;

static void clear_pending_w1(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	(void)arg;
	work_clear_pending(W(1));
}

static void set_pending_w1(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	(void)arg;
	set_bit(WORK_STRUCT_PENDING, work_data_bits(W(1)));
}

static void redirect_w1(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	saved = atomic_long_read(&W(1)->data);
	atomic_long_set(&W(1)->data, (unsigned long)arg | 1UL);
}

static void restore_w1(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	(void)arg;
	atomic_long_set(&W(1)->data, saved);
}

static void corrupt(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	(void)arg;
	saved_prev = W(2)->entry.prev;
	W(2)->entry.prev = NULL;
}

static void uncorrupt(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	(void)arg;
	W(2)->entry.prev = saved_prev;
}

static void list_w5_by_hand(const struct wqkit_cwq_view *v, void *arg)
{
	(void)arg;
	atomic_long_set(&W(5)->data, (unsigned long)v->cwq | 1UL);
	list_add(&W(5)->entry, &W(2)->entry);
}

static void unlist_w5(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	(void)arg;
	list_del_init(&W(5)->entry);
	atomic_long_set(&W(5)->data, 0);
}

static void unlist_w2(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	(void)arg;
	saved_prev = W(2)->entry.prev;
	list_del_init(&W(2)->entry);
}

static void relist_w2(const struct wqkit_cwq_view *v, void *arg)
{
	(void)v;
	(void)arg;
	list_add(&W(2)->entry, saved_prev);
}

/* ---- test-only view hooks ---- */

static int hook_mode;

static bool view_hook(struct wqkit_cwq_view *v, void *arg)
{
	(void)arg;
	if (v->wq == ot_real_wq(0) && v->cpu == 0 && hook_mode == 1) {
		v->listed[v->nr_listed] = v->listed[0];
		v->listed_data[v->nr_listed] = v->listed_data[0];
		v->nr_listed++;
	}
	if (v->wq == ot_real_wq(0) && v->cpu == 0 && hook_mode == 2)
		v->current_work = W(3);
	if (v->wq == ot_real_wq(0) && v->cpu == 1 && hook_mode == 3)
		v->thread = NULL;
	if (v->wq == ot_real_wq(0) && v->cpu == 1 && hook_mode == 4)
		return true;
	if (v->wq == ot_real_wq(1) && hook_mode == 5)
		v->thread = NULL;
	return false;
}

static unsigned long populated_hook(unsigned long real, void *arg)
{
	(void)arg;
	return hook_mode == 6 ? real & ~2UL : real;
}

static void expect_step(const char *title)
{
	ot_check_step(title);
	ot_clear_violation();
	ot_check_step(NULL);
}

static void with_hook(int mode, const char *title)
{
	hook_mode = mode;
	ot_check_step(title);
	hook_mode = 0;
	ot_clear_violation();
}

int main(void)
{
	static const uint8_t kinds[] = { WQ_KIND_MULTI, WQ_KIND_SINGLE };
	struct workqueue_struct *q0;

	ot_init(8, 1u << 7, 2, kinds);
	ot_real_boot(2, fn);
	q0 = ot_real_wq(0);
	init_completion(&gate);
	WQT_CHECK(queue_work_on(0, q0, W(0)));
	WQT_CHECK(wqt_wait(blocker_started, NULL, 5000));
	WQT_CHECK(queue_work_on(0, q0, W(1)));
	WQT_CHECK(queue_work_on(0, q0, W(2)));
	WQT_CHECK(queue_delayed_work(q0, &ot_world.work[7].dwork, 100));
	WQT_CHECK(queue_work(ot_real_wq(1), W(4)));
	wqt_settle(20);
	ot_check_step(NULL);

	ot_under_cwq_lock(q0, 0, clear_pending_w1, NULL);
	ot_check_step("w1 listed on q0/cpu0 without PENDING");
	ot_under_cwq_lock(q0, 0, set_pending_w1, NULL);
	ot_clear_violation();

	ot_under_cwq_lock(q0, 0, redirect_w1,
			  (void *)wqkit_wq_per_cpu(q0, 1));
	ot_check_step("w1 listed on q0/cpu0 but get_wq_data points elsewhere");
	ot_under_cwq_lock(q0, 0, restore_w1, NULL);
	ot_clear_violation();

	ot_under_cwq_lock(q0, 0, corrupt, NULL);
	ot_check_step("list corruption on q0/cpu0");
	ot_under_cwq_lock(q0, 0, uncorrupt, NULL);
	ot_clear_violation();

	ot_under_cwq_lock(q0, 0, list_w5_by_hand, NULL);
	ot_check_step("w5 listed on q0/cpu0 but not queued there");
	ot_under_cwq_lock(q0, 0, unlist_w5, NULL);
	ot_clear_violation();

	ot_under_cwq_lock(q0, 0, unlist_w2, NULL);
	ot_check_step("w2 queued on q0/cpu0 but not listed");
	ot_under_cwq_lock(q0, 0, relist_w2, NULL);
	ot_clear_violation();

	set_bit(WORK_STRUCT_PENDING, work_data_bits(W(6)));
	ot_check_step("w6 PENDING with no instance");
	clear_bit(WORK_STRUCT_PENDING, work_data_bits(W(6)));
	ot_clear_violation();

	work_clear_pending(W(7));
	ot_check_step("w7 queued but PENDING is clear");
	set_bit(WORK_STRUCT_PENDING, work_data_bits(W(7)));
	ot_clear_violation();

	wqo_test_hooks.view = view_hook;
	wqo_test_hooks.populated = populated_hook;
	with_hook(1, "w1 listed twice");
	with_hook(2, "current_work of q0/cpu0 is w3 but w0 is running");
	with_hook(3, "q0 has no thread for populated cpu1");
	with_hook(4, "q0 has no thread for online cpu1");
	with_hook(5, "q1 has no thread for cpu0");
	with_hook(6, "cpu1 online but not populated");
	wqo_test_hooks.view = NULL;
	wqo_test_hooks.populated = NULL;
	expect_step(NULL);

	/* unbroken again: let everything run, check the end */
	complete_all(&gate);
	WQT_CHECK(cancel_delayed_work_sync(&ot_world.work[7].dwork));
	flush_workqueue(q0);
	flush_workqueue(ot_real_wq(1));
	ot_check_end(NULL);
	ot_real_shutdown();
	wq_oracle_free(ot_o);
	printf("struct_test: ok\n");
	return 0;
}
