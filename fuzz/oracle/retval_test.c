// SPDX-License-Identifier: GPL-2.0-only
/*
 * Return values of queue and cancel calls, broken with synthetic
 * sequences; and the racy sequences where a "wrong-looking" value is
 * legal (another call in flight), shown silent.
 */
#include <stdio.h>
#include <wqkit/workqueue_events.h>

#include "fuzz/oracle/oracletest.h"

#define T0	0
#define T1	1

static void queue_ret(void)
{
	ot_restart();
	ot_queue(T0, 3, 0, 1, false);		/* idle, yet 0 */
	ot_expect("queue_work_on returned 0 for idle w3");

	ot_restart();
	ot_queue(T0, 3, 0, 1, true);
	ot_enter(T0, "queue_work_on", 3, 0, 1);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 3, 0, 1, 0, T0);
	ot_expect("w3 queued while already pending");

	ot_restart();
	ot_queue(T0, 3, 0, 1, true);
	ot_enter(T1, "queue_work_on", 3, 0, 1);
	ot_exit(T1, "queue_work_on", 3, 0, 1, 1);	/* 1, queued nothing */
	ot_expect("queue_work_on returned 1 without queueing w3");

	ot_restart();
	ot_enter(T1, "queue_work_on", 3, 0, 1);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 3, 0, 1, 0, T1);
	ot_exit(T1, "queue_work_on", 3, 0, 1, 0);
	ot_expect("queue_work_on returned 0 but queued w3");

	/* legal: 0 while another queue of w3 is in flight */
	ot_restart();
	ot_enter(T0, "queue_work_on", 3, 0, 0);
	ot_queue(T1, 3, 0, 1, false);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 3, 0, 0, 0, T0);
	ot_exit(T0, "queue_work_on", 3, 0, 0, 1);
	/* legal: 0 while running in another worker (PENDING maybe not
	 * cleared yet); 1 when requeued by itself */
	ot_start(3, 0, 0);
	ot_queue(T1, 3, 0, 1, false);
	ot_enter(ot_worker(0, 0), "queue_work_on", 3, 0, 0);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 3, 0, 0, 0, ot_worker(0, 0));
	ot_exit(ot_worker(0, 0), "queue_work_on", 3, 0, 0, 1);
	ot_end(3, 0, 0);
	ot_run(3, 0, 0);
	ot_expect_clean();
}

static void cancel_ret(void)
{
	ot_restart();
	ot_enter(T1, "cancel_work_sync", 1, -1, -1);
	ot_exit(T1, "cancel_work_sync", 1, -1, -1, 1);
	ot_expect("cancel_work_sync returned 1 for idle w1");

	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_enter(T1, "cancel_work_sync", 1, -1, -1);
	ot_grab(T1, 1, 0, 0);
	ot_exit(T1, "cancel_work_sync", 1, -1, -1, 0);
	ot_expect("cancel_work_sync returned 0 but took w1 off its list");

	ot_restart();
	ot_op_begin(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0);
	ot_op_end(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0, 1);
	ot_expect("cancel_delayed_work returned 1 for idle w4");

	ot_restart();
	ot_queue_delayed(T0, 4, 0, 0, 5);
	ot_op_begin(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0);
	ot_op_end(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0, 0);
	ot_expect("cancel_delayed_work returned 0 for pending w4");

	ot_restart();
	ot_queue_delayed(T0, 4, 0, 0, 5);
	ot_op_begin(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0);
	ot_del_timer(T1, 4, 0, 0);
	ot_op_end(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0, 0);
	ot_expect("cancel_delayed_work returned 0 but deleted the timer of w4");

	/* a timer deleted twice (or never armed) */
	ot_restart();
	ot_queue_delayed(T0, 4, 0, 0, 5);
	ot_enter(T1, "cancel_delayed_work_sync", 4, -1, -1);
	ot_del_timer(T1, 4, 0, 0);
	ot_del_timer(T1, 4, 0, 0);
	ot_expect("w4 timer deleted but was not armed");

	/* legal: 0 because the timer fired meanwhile; a behaviour's
	 * cancel (wq_oracle_cancel_*) that took the timer */
	ot_restart();
	ot_queue_delayed(T0, 4, 0, 0, 5);
	ot_op_begin(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0);
	ot_now += 5;
	ot_fire(4, 0, 0);
	ot_op_end(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0, 0);
	ot_run(4, 0, 0);
	ot_queue_delayed(T0, 4, 0, 0, 5);
	wqo_cancel_begin(ot_o, ot_task(ot_worker(0, 2)), 4);
	ot_del_timer(ot_worker(0, 2), 4, 0, 0);
	wqo_cancel_end(ot_o, ot_task(ot_worker(0, 2)), 4, 1);
	/* skipped op (-1) is not judged */
	ot_op_begin(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0);
	ot_op_end(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0, -1);
	ot_expect_clean();
	wqo_check_instances(ot_o);
	ot_expect_clean();
}

int main(void)
{
	ot_init(6, 1u << 4, 1, NULL);
	queue_ret();
	cancel_ret();
	wq_oracle_free(ot_o);
	printf("retval_test: ok\n");
	return 0;
}
