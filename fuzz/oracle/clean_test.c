// SPDX-License-Identifier: GPL-2.0-only
/*
 * No false positives: the real core, driven through the common paths and
 * 2.6.29's documented corners (requeue while running, flush_work,
 * flush_workqueue, cancels of running/armed works, delayed works, a work
 * listed on a CPU that goes down, freeze/thaw), with the oracle hooked:
 * every check_step and the end check must stay silent.
 */
#include <stdio.h>
#include <linux/completion.h>
#include <linux/freezer.h>
#include <linux/sched.h>

#include "fuzz/oracle/oracletest.h"

static struct completion gate;
static _Atomic int requeues = 3;
static _Atomic int blocked;

static void fn(struct work_struct *work)
{
	if (work == ot_real_work(0)) {
		atomic_store(&blocked, 1);
		wait_for_completion(&gate);
	}
	if (work == ot_real_work(1) && atomic_fetch_sub(&requeues, 1) > 0)
		queue_work(ot_real_wq(0), work);
}

static bool is_blocked(void *arg)
{
	(void)arg;
	return atomic_load(&blocked);
}

static int do_cpu_down(void *arg)
{
	struct wq_op op = { .op = WQ_OP_CPU_DOWN, .cpu = (int)(long)arg };
	int ret;

	wqo_op_begin(ot_o, current, &op);
	ret = kenv_cpu_down(op.cpu);
	wqo_op_end(ot_o, current, &op, ret);
	return ret;
}

static int cancel_dw(void *arg)
{
	struct delayed_work *dw = &ot_world.work[(int)(long)arg].dwork;
	struct wq_op op = { .op = WQ_OP_CANCEL_DELAYED_WORK,
			    .work = (int)(long)arg };
	int ret;

	wqo_op_begin(ot_o, current, &op);
	ret = cancel_delayed_work(dw);
	wqo_op_end(ot_o, current, &op, ret);
	return ret;
}

static void freezer(int opcode)
{
	struct wq_op op = { .op = opcode };
	int ret = 0;

	wqo_op_begin(ot_o, current, &op);
	if (opcode == WQ_OP_FREEZE)
		ret = freeze_processes();
	else
		thaw_processes();
	atomic_store(&ot_world.frozen, opcode == WQ_OP_FREEZE && !ret);
	wqo_op_end(ot_o, current, &op, ret);
}

int main(void)
{
	static const uint8_t kinds[] = { WQ_KIND_MULTI, WQ_KIND_FREEZEABLE };
	struct workqueue_struct *q0, *q1;
	struct task_struct *t;
	int k;

	ot_init(8, (1u << 5) | (1u << 6), 2, kinds);
	ot_real_boot(3, fn);
	q0 = ot_real_wq(0);
	q1 = ot_real_wq(1);
	init_completion(&gate);

	/* requeue while running, flush_work, flush_workqueue */
	WQT_CHECK(queue_work(q0, ot_real_work(1)));
	flush_work(ot_real_work(1));
	flush_workqueue(q0);
	for (k = 0; k < 3; k++)
		queue_work_on(k, q0, ot_real_work(2));
	flush_workqueue(q0);
	ot_check_step(NULL);

	/* delayed: runs after its delay; cancels */
	WQT_CHECK(queue_delayed_work_on(1, q0, &ot_world.work[5].dwork, 3));
	WQT_CHECK(queue_delayed_work(q0, &ot_world.work[6].dwork, 7));
	wqt_advance(3);
	flush_workqueue(q0);
	WQT_CHECK_EQ(wqt_run_on(0, cancel_dw, (void *)6L), 1);
	WQT_CHECK(queue_delayed_work(q0, &ot_world.work[6].dwork, 7));
	WQT_CHECK_EQ(cancel_delayed_work_sync(&ot_world.work[6].dwork), 1);
	WQT_CHECK(queue_delayed_work(q0, &ot_world.work[6].dwork, 2));
	wqt_advance(2);
	WQT_CHECK_EQ(wqt_run_on(0, cancel_dw, (void *)6L), 0);
	flush_workqueue(q0);
	ot_check_step(NULL);

	/* cancel_work_sync of a listed work behind a running one */
	WQT_CHECK(queue_work_on(2, q0, ot_real_work(0)));
	WQT_CHECK(wqt_wait(is_blocked, NULL, 5000));
	WQT_CHECK(queue_work_on(2, q0, ot_real_work(3)));
	WQT_CHECK_EQ(cancel_work_sync(ot_real_work(3)), 1);
	ot_check_step(NULL);

	/* listed on cpu2 when cpu2 goes down: CPU_POST_DEAD runs it */
	WQT_CHECK(queue_work_on(2, q0, ot_real_work(4)));
	t = wqt_actor_start(1, do_cpu_down, (void *)2L);
	wqt_settle(20);
	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(t), 0);
	ot_check_step(NULL);

	/* freezeable q1: nothing runs while frozen, then it does */
	freezer(WQ_OP_FREEZE);
	WQT_CHECK(queue_work(q1, ot_real_work(7)));
	wqt_settle(20);
	ot_check_step(NULL);
	freezer(WQ_OP_THAW);
	flush_workqueue(q1);
	ot_check_step(NULL);

	flush_workqueue(q0);
	ot_check_end(NULL);
	ot_real_shutdown();
	wq_oracle_free(ot_o);
	printf("clean_test: ok\n");
	return 0;
}
