// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exactly-once at the end: every successful queue is accounted for by one
 * execution or one successful cancel.
 */
#include <stdio.h>

#include "fuzz/oracle/oracletest.h"

#define T0	0
#define T1	1

int main(void)
{
	ot_init(6, 1u << 4, 1, NULL);

	ot_queue(T0, 3, 0, 2, true);
	wqo_check_instances(ot_o);
	ot_expect("w3 queued but never ran");

	ot_restart();
	ot_queue(T0, 3, 0, 2, true);
	ot_op_begin(T1, WQ_OP_CPU_DOWN, 0, 2);
	ot_ev(KENV_EV_CPU_DOWN, NULL, -1, -1, 2, 0, T1);
	ot_op_end(T1, WQ_OP_CPU_DOWN, 0, 2, 0);
	wqo_check_instances(ot_o);
	ot_expect("w3 queued but never ran (lost across cpu_down)");

	ot_restart();
	ot_queue(T0, 3, 0, 2, true);
	ot_start(3, 0, 2);
	wqo_check_instances(ot_o);
	ot_expect("w3 never finished");

	ot_restart();
	ot_queue_delayed(T0, 4, 0, 1, 3);
	wqo_check_instances(ot_o);
	ot_expect("w4 queued but never ran");

	/* correct: run, grabbed, timer cancelled, run after cpu_down */
	ot_restart();
	ot_queue(T0, 1, 0, 0, true);
	ot_run(1, 0, 0);
	ot_queue(T0, 2, 0, 0, true);
	ot_enter(T1, "cancel_work_sync", 2, -1, -1);
	ot_grab(T1, 2, 0, 0);
	ot_exit(T1, "cancel_work_sync", 2, -1, -1, 1);
	ot_queue_delayed(T0, 4, 0, 1, 3);
	ot_op_begin(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0);
	ot_del_timer(T1, 4, 0, 1);
	ot_op_end(T1, WQ_OP_CANCEL_DELAYED_WORK, 4, 0, 1);
	ot_queue(T0, 3, 0, 2, true);
	ot_op_begin(T1, WQ_OP_CPU_DOWN, 0, 2);
	ot_ev(KENV_EV_CPU_DOWN, NULL, -1, -1, 2, 0, T1);
	ot_run(3, 0, 2);		/* CPU_POST_DEAD's flush */
	ot_op_end(T1, WQ_OP_CPU_DOWN, 0, 2, 0);
	wqo_check_instances(ot_o);
	ot_expect_clean();

	wq_oracle_free(ot_o);
	printf("end_test: ok\n");
	return 0;
}
