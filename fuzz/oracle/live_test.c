// SPDX-License-Identifier: GPL-2.0-only
/*
 * Live checks (run in the event hook), each broken on purpose with a
 * synthetic event sequence the core would never emit, and shown silent
 * on the sequence the real core emits.
 */
#include <stdio.h>
#include <wqkit/workqueue_events.h>

#include "fuzz/oracle/oracletest.h"

#define T0	0	/* actor t0 */
#define T1	1

static void twice_at_once(void)
{
	ot_restart();
	ot_queue(T0, 3, 0, 1, true);
	ot_start(3, 0, 1);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 3, 0, 1, 0, ot_worker(0, 1)); /* requeue */
	ot_expect_clean();
	ot_start(3, 0, 1);		/* broken: runs again while running */
	ot_expect("w3 ran twice at once on cpu1");

	/* correct: the requeued instance runs on another cpu concurrently */
	ot_restart();
	ot_queue(T0, 3, 0, 1, true);
	ot_start(3, 0, 1);
	ot_queue(T1, 3, 0, 2, true);
	ot_start(3, 0, 2);
	ot_end(3, 0, 2);
	ot_end(3, 0, 1);
	ot_expect_clean();
}

static void before_delay(void)
{
	ot_restart();
	ot_queue_delayed(T0, 2, 0, 0, 5);
	ot_now += 4;
	ot_ev(WQKIT_EV_TIMER_FIRED, NULL, 2, 0, 0, 0, 200);
	ot_expect("w2 timer fired before its delay");

	ot_restart();
	ot_queue_delayed(T0, 2, 0, 0, 5);
	ot_now += 5;
	ot_fire(2, 0, 0);
	ot_run(2, 0, 0);
	ot_expect_clean();
	/* broken: the work is listed (and started) without its timer */
	ot_queue_delayed(T0, 2, 0, 0, 5);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 2, 0, 0, 0, 200);
	ot_expect("w2 queued while already pending");

	ot_restart();
	ot_queue_delayed(T0, 2, 0, 0, 5);
	/* broken: the timer's FIRED event is skipped, listed at once */
	{
		struct wqo_inst *in = &ot_o->inst[0];

		kenv_ilock_lock(&ot_o->lock);
		in->state = WQO_FIRED;	/* as if the handler ran */
		kenv_ilock_unlock(&ot_o->lock);
	}
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 2, 0, 0, 0, 200);
	ot_start(2, 0, 0);
	ot_expect("w2 ran before its delay");
}

static void frozen(void)
{
	static const uint8_t kinds[] = { WQ_KIND_FREEZEABLE, WQ_KIND_MULTI };

	ot_init(4, 0, 2, kinds);
	ot_queue(T0, 1, 0, 0, true);
	ot_queue(T0, 2, 1, 0, true);
	ot_op_begin(T1, WQ_OP_FREEZE, 0, 0);
	ot_op_end(T1, WQ_OP_FREEZE, 0, 0, 0);
	atomic_store(&ot_world.frozen, true);
	ot_run(2, 1, 0);		/* not freezeable: fine */
	ot_expect_clean();
	ot_run(1, 0, 0);
	ot_expect("w1 ran on frozen workqueue q0");

	/* correct: runs once thaw began */
	ot_init(4, 0, 2, kinds);
	ot_queue(T0, 1, 0, 0, true);
	ot_op_begin(T1, WQ_OP_FREEZE, 0, 0);
	ot_op_end(T1, WQ_OP_FREEZE, 0, 0, 0);
	atomic_store(&ot_world.frozen, true);
	ot_op_begin(T1, WQ_OP_THAW, 0, 0);
	ot_run(1, 0, 0);
	ot_op_end(T1, WQ_OP_THAW, 0, 0, 0);
	atomic_store(&ot_world.frozen, false);
	/* a failed freeze freezes nothing */
	ot_queue(T0, 1, 0, 0, true);
	ot_op_begin(T1, WQ_OP_FREEZE, 0, 0);
	ot_op_end(T1, WQ_OP_FREEZE, 0, 0, -16);
	ot_run(1, 0, 0);
	ot_expect_clean();
}

static void wrong_cpu(void)
{
	ot_init(6, 1u << 5, 1, NULL);
	/* broken: listed on cpu1 although queue_work_on(2) */
	ot_enter(T0, "queue_work_on", 4, 0, 2);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 4, 0, 1, 0, T0);
	ot_exit(T0, "queue_work_on", 4, 0, 2, 1);
	ot_start(4, 0, 1);
	ot_expect("w4 queued on cpu2 ran on cpu1");

	/* correct: a delayed work whose cpu went down runs elsewhere */
	ot_restart();
	ot_enter(T0, "queue_delayed_work_on", 5, 0, 2);
	ot_ev(WQKIT_EV_TIMER_QUEUED, NULL, 5, 0, 0, (long)ot_now + 3, T0);
	ot_exit(T0, "queue_delayed_work_on", 5, 0, 2, 1);
	ot_op_begin(T1, WQ_OP_CPU_DOWN, 0, 2);
	ot_ev(KENV_EV_CPU_DOWN, NULL, -1, -1, 2, 0, T1);
	ot_op_end(T1, WQ_OP_CPU_DOWN, 0, 2, 0);
	ot_now += 3;
	ot_fire(5, 0, 1);
	ot_run(5, 0, 1);
	ot_expect_clean();
	/* broken: cpu2 stayed online, the timer's work ran on cpu1 */
	ot_enter(T0, "queue_delayed_work_on", 5, 0, 2);
	ot_ev(WQKIT_EV_TIMER_QUEUED, NULL, 5, 0, 0, (long)ot_now + 3, T0);
	ot_exit(T0, "queue_delayed_work_on", 5, 0, 2, 1);
	ot_now += 3;
	ot_fire(5, 0, 1);
	ot_run(5, 0, 1);
	ot_expect("w5 queued on cpu2 ran on cpu1");
}

static void accounting(void)
{
	ot_restart();
	ot_queue(T0, 3, 0, 0, true);
	ot_run(3, 0, 0);
	ot_start(3, 0, 0);		/* broken: nothing queued */
	ot_expect("w3 ran more often than queued");

	ot_restart();
	ot_grab(T0, 3, 0, 0);
	ot_expect("w3 grabbed but not listed");

	ot_restart();
	ot_ev(WQKIT_EV_TIMER_FIRED, NULL, 2, 0, 0, 0, 200);
	ot_expect("w2 timer fired but was not armed");

	ot_restart();
	ot_queue(T0, 3, 0, 0, true);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 3, 0, 1, 0, T1);
	ot_expect("w3 queued while already pending");

	/* barriers are not tracked; START/END of them is fine */
	ot_restart();
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, OT_BARRIER, 0, 0, 0, T0);
	ot_run(OT_BARRIER, 0, 0);
	ot_expect_clean();
}

int main(void)
{
	ot_init(6, 1u << 2, 1, NULL);
	twice_at_once();
	before_delay();
	frozen();
	ot_init(6, 1u << 2, 1, NULL);
	wrong_cpu();
	ot_init(6, 1u << 2, 1, NULL);
	accounting();
	wq_oracle_free(ot_o);
	printf("live_test: ok\n");
	return 0;
}
