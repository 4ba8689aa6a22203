// SPDX-License-Identifier: GPL-2.0-only
/*
 * What flush_workqueue, flush_work, cancel_work_sync,
 * cancel_delayed_work_sync and destroy_workqueue promise: each broken
 * with a synthetic sequence (the call returns too early), and the
 * sequences of the real core -- including 2.6.29's documented limits
 * and idioms -- shown silent.
 */
#include <stdio.h>
#include <wqkit/workqueue_events.h>

#include "fuzz/oracle/oracletest.h"

#define T0	0
#define T1	1
#define T2	2

static void flush_workqueue_promise(void)
{
	ot_restart();
	ot_queue(T0, 2, 0, 1, true);
	ot_enter(T1, "flush_workqueue", -1, 0, -1);
	ot_exit(T1, "flush_workqueue", -1, 0, -1, 0);
	ot_expect("flush_workqueue returned before w2 ran");

	ot_restart();
	ot_queue(T0, 2, 0, 1, true);
	ot_start(2, 0, 1);
	ot_enter(T1, "flush_workqueue", -1, 0, -1);
	ot_exit(T1, "flush_workqueue", -1, 0, -1, 0);
	ot_expect("flush_workqueue returned while w2 still running");

	/* correct: waits for what was there; not for what came later */
	ot_restart();
	ot_queue(T0, 2, 0, 1, true);
	ot_queue(T0, 3, 0, 0, true);
	ot_enter(T1, "flush_workqueue", -1, 0, -1);
	ot_run(2, 0, 1);
	ot_start(3, 0, 0);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 3, 0, 0, 0, ot_worker(0, 0));
	ot_end(3, 0, 0);
	ot_exit(T1, "flush_workqueue", -1, 0, -1, 0);
	ot_expect_clean();

	/* idiom: cancel_delayed_work() returned 0 because the timer fired;
	 * del_timer_sync waited for the handler, so the work is listed and
	 * flush_workqueue() must wait for it */
	ot_restart();
	ot_queue_delayed(T0, 4, 0, 0, 2);
	ot_now += 2;
	ot_op_begin(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0);
	ot_fire(4, 0, 0);
	ot_op_end(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0, 0);
	ot_enter(T1, "flush_workqueue", -1, 0, -1);
	ot_exit(T1, "flush_workqueue", -1, 0, -1, 0);
	ot_expect("flush_workqueue returned before w4 ran");

	ot_restart();
	ot_queue_delayed(T0, 4, 0, 0, 2);
	ot_now += 2;
	ot_op_begin(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0);
	ot_fire(4, 0, 0);
	ot_op_end(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0, 0);
	ot_enter(T1, "flush_workqueue", -1, 0, -1);
	ot_run(4, 0, 0);
	ot_exit(T1, "flush_workqueue", -1, 0, -1, 0);
	ot_expect_clean();

	/* a work flushing its own workqueue does not wait for itself */
	ot_restart();
	ot_queue(T0, 2, 0, 1, true);
	ot_start(2, 0, 1);
	ot_enter(ot_worker(0, 1), "flush_workqueue", -1, 0, -1);
	ot_exit(ot_worker(0, 1), "flush_workqueue", -1, 0, -1, 0);
	ot_end(2, 0, 1);
	ot_expect_clean();
}

static void flush_work_promise(void)
{
	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_enter(T1, "flush_work", 1, -1, -1);
	ot_exit(T1, "flush_work", 1, 0, -1, 0);
	ot_expect("flush_work returned before w1 ran");

	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_start(1, 0, 0);
	ot_enter(T1, "flush_work", 1, -1, -1);
	ot_exit(T1, "flush_work", 1, 0, -1, 1);
	ot_expect("flush_work returned while w1 still running");

	/* documented limit: only the last queueing instance. w1 runs on
	 * cpu0 and was queued again on cpu1: flush_work waits for cpu1's */
	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_start(1, 0, 0);
	ot_queue(T0, 1, 0, 1, true);
	ot_enter(T1, "flush_work", 1, -1, -1);
	ot_run(1, 0, 1);
	ot_exit(T1, "flush_work", 1, 0, -1, 1);
	ot_end(1, 0, 0);
	ot_expect_clean();

	/* limit: requeued elsewhere during the call ("not going to wait") */
	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_enter(T1, "flush_work", 1, -1, -1);
	ot_start(1, 0, 0);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, 1, 0, 2, 0, ot_worker(0, 0));
	ot_exit(T1, "flush_work", 1, 0, -1, 0);
	ot_end(1, 0, 0);
	ot_run(1, 0, 2);
	ot_expect_clean();
}

/*
 * PORTING.md #3: cancel_work_sync() guarantees the last queued workqueue
 * only. w1 runs on q0 and was then queued on q1 (format v4): the call
 * grabs it from q1 and returns while the q0 instance still runs.
 */
static void cancel_sync_last_wq(void)
{
	ot_init(6, 1u << 4, 2, NULL);	/* q0 and q1 */
	ot_queue(T0, 1, 0, 0, true);
	ot_start(1, 0, 0);
	ot_queue(T0, 1, 1, 0, true);
	ot_enter(T1, "cancel_work_sync", 1, -1, -1);
	ot_grab(T1, 1, 1, 0);
	ot_exit(T1, "cancel_work_sync", 1, -1, -1, 1);
	ot_end(1, 0, 0);
	ot_expect_clean();

	/* but on the last queued workqueue it still waits: broken, reported */
	ot_restart();
	ot_queue(T0, 1, 1, 0, true);
	ot_start(1, 1, 0);
	ot_queue(T0, 1, 0, 1, true);
	ot_start(1, 0, 1);
	ot_enter(T1, "cancel_work_sync", 1, -1, -1);
	ot_exit(T1, "cancel_work_sync", 1, -1, -1, 0);
	ot_expect("cancel_work_sync returned while w1 still running");

	/* queued on another workqueue during the call: not covered */
	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_start(1, 0, 0);
	ot_enter(T1, "cancel_work_sync", 1, -1, -1);
	ot_queue(T2, 1, 1, 0, true);
	ot_exit(T1, "cancel_work_sync", 1, -1, -1, 0);
	ot_end(1, 0, 0);
	ot_run(1, 1, 0);
	ot_expect_clean();
	ot_init(6, 1u << 4, 1, NULL);
}

static void cancel_sync_promise(void)
{
	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_start(1, 0, 0);
	ot_enter(T1, "cancel_work_sync", 1, -1, -1);
	ot_exit(T1, "cancel_work_sync", 1, -1, -1, 0);
	ot_expect("cancel_work_sync returned while w1 still running");

	ot_restart();
	ot_queue_delayed(T0, 4, 0, 0, 9);
	ot_enter(T1, "cancel_delayed_work_sync", 4, -1, -1);
	ot_exit(T1, "cancel_delayed_work_sync", 4, -1, -1, 0);
	ot_expect("cancel_delayed_work_sync returned while w4 still pending");

	/* correct: running instance on cpu0 waited for, pending one on
	 * cpu1 grabbed; the timer taken by del_timer (TIMER_DELETED) */
	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_start(1, 0, 0);
	ot_queue(T0, 1, 0, 1, true);
	ot_enter(T1, "cancel_work_sync", 1, -1, -1);
	ot_grab(T1, 1, 0, 1);
	ot_end(1, 0, 0);
	ot_exit(T1, "cancel_work_sync", 1, -1, -1, 1);
	ot_queue_delayed(T0, 4, 0, 0, 9);
	ot_enter(T1, "cancel_delayed_work_sync", 4, -1, -1);
	ot_del_timer(T1, 4, 0, 0);
	ot_exit(T1, "cancel_delayed_work_sync", 4, -1, -1, 1);
	ot_expect_clean();
	wqo_check_instances(ot_o);
	ot_expect_clean();

	/*
	 * correct: concurrent cancels of one delayed work. T1's del_timer
	 * takes the timer; T2 spins until T1 clears PENDING, grabs nothing
	 * and returns 0 before T1's own EXIT (found by the fuzzer when the
	 * deletion was only inferred from T1's return value).
	 */
	ot_restart();
	ot_queue_delayed(T0, 4, 0, 0, 9);
	ot_enter(T1, "cancel_delayed_work_sync", 4, -1, -1);
	ot_enter(T2, "cancel_delayed_work_sync", 4, -1, -1);
	ot_del_timer(T1, 4, 0, 0);
	ot_exit(T2, "cancel_delayed_work_sync", 4, -1, -1, 0);
	ot_exit(T1, "cancel_delayed_work_sync", 4, -1, -1, 1);
	ot_expect_clean();
	wqo_check_instances(ot_o);
	ot_expect_clean();
}

static void destroy_promise(void)
{
	ot_restart();
	ot_queue(T0, 2, 0, 3, true);
	ot_enter(T1, "destroy_workqueue", -1, 0, -1);
	ot_exit(T1, "destroy_workqueue", -1, 0, -1, 0);
	ot_expect("destroy_workqueue returned before w2 ran");

	ot_restart();
	ot_queue(T0, 2, 0, 3, true);
	ot_enter(T1, "destroy_workqueue", -1, 0, -1);
	ot_run(2, 0, 3);
	ot_exit(T1, "destroy_workqueue", -1, 0, -1, 0);
	ot_expect_clean();
}

static void nesting(void)
{
	/* schedule_on_each_cpu -> queue_work_on/flush_work of internal
	 * works; a work's flush_work of a tracked work inside */
	ot_restart();
	ot_enter(T0, "schedule_on_each_cpu", -1, 0, -1);
	ot_enter(T0, "queue_work_on", OT_BARRIER, 0, 1);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, OT_BARRIER, 0, 1, 0, T0);
	ot_exit(T0, "queue_work_on", OT_BARRIER, 0, 1, 1);
	ot_enter(T0, "flush_work", OT_BARRIER, -1, -1);
	ot_queue(T1, 5, 0, 1, true);
	ot_start(OT_BARRIER, 0, 1);
	ot_enter(ot_worker(0, 1), "flush_work", 5, -1, -1);
	ot_exit(ot_worker(0, 1), "flush_work", 5, 0, -1, 0);
	ot_expect("flush_work returned before w5 ran");
}

int main(void)
{
	ot_init(6, 1u << 4, 1, NULL);
	flush_workqueue_promise();
	flush_work_promise();
	cancel_sync_promise();
	cancel_sync_last_wq();
	destroy_promise();
	nesting();
	wq_oracle_free(ot_o);
	printf("promise_test: ok\n");
	return 0;
}
