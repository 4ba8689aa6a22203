/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the oracle's tests.
 *
 * Synthetic mode ("test-only fault hook" for the promise and live
 * checks): a world whose workqueues, cwqs and tasks are fake pointers,
 * and kenv events built by hand and fed to wq_oracle_event(), so a test
 * can write the sequence a broken core would emit and watch the check
 * fire -- and the sequence the real core emits and watch it stay silent.
 *
 * Real mode (structural checks): ot_real_boot() boots kenv, creates
 * workqueues for the world's slots and hooks the oracle to kenv's events.
 */
#ifndef _WQKIT_FUZZ_ORACLE_ORACLETEST_H
#define _WQKIT_FUZZ_ORACLE_ORACLETEST_H

#include <stdbool.h>
#include "core/testing/wqtest.h"
#include "fuzz/oracle/internal.h"

extern struct wq_prog ot_prog;
extern struct wq_world ot_world;
extern struct wq_oracle *ot_o;
extern unsigned long ot_now;	/* jiffies of the next synthetic event */

/* A fresh program/world/oracle. @delayed: bit i = wi is delayed. */
void ot_init(int nworks, unsigned int delayed, int nwqs,
	     const uint8_t *kinds);

#define OT_BARRIER	(-2)	/* a work the world does not own */

const void *ot_wq(int q);		/* fake workqueue of slot q */
const void *ot_cwq(int q, int cpu);	/* fake cwq */
const void *ot_task(int n);		/* fake task */
const void *ot_work(int w);		/* &wN, or a barrier for OT_BARRIER */

/* Emit one synthetic event. */
void ot_ev(int type, const char *api, int w, int q, int cpu,
	   long ret, int task);
/* Common sequences, as the real core emits them. */
void ot_enter(int task, const char *api, int w, int q, int cpu);
void ot_exit(int task, const char *api, int w, int q, int cpu, long ret);
/* queue_work_on(cpu, q, w) by @task: ENTER, QUEUED if @ok, EXIT ok. */
void ot_queue(int task, int w, int q, int cpu, bool ok);
/* queue_delayed_work_on(-1, q, w, delay) by @task, armed on cpu's cwq. */
void ot_queue_delayed(int task, int w, int q, int cpu, unsigned long delay);
void ot_fire(int w, int q, int cpu);	/* TIMER_FIRED + QUEUED */
void ot_start(int w, int q, int cpu);	/* by the worker of q/cpu */
void ot_end(int w, int q, int cpu);
void ot_run(int w, int q, int cpu);	/* START + END */
void ot_grab(int task, int w, int q, int cpu);
/* a cancel by @task took w's armed timer (timer on q's cwq of cpu) */
void ot_del_timer(int task, int w, int q, int cpu);
void ot_op_begin(int task, int op, int w, int cpu);
void ot_op_end(int task, int op, int w, int cpu, long ret);
int ot_worker(int q, int cpu);		/* task number of q/cpu's worker */

/* Expect the first violation to be @title (prints the detail). */
void ot_expect(const char *title);
void ot_expect_clean(void);
/* Start over with the same world (new run of the oracle). */
void ot_restart(void);

/* ---- real mode ---- */
/* Boot kenv with @ncpus, create the world's workqueues (ot_init first),
 * INIT_WORK every work with @fn, hook the oracle. */
void ot_real_boot(int ncpus, work_func_t fn);
void ot_real_shutdown(void);
struct workqueue_struct *ot_real_wq(int q);
struct work_struct *ot_real_work(int w);
/* check_step/check_end; expect @title (NULL: expect no violation). */
void ot_check_step(const char *title);
void ot_check_end(const char *title);



/* Forget the recorded violation (keep the model) to break something else. */
void ot_clear_violation(void);
/* Run @fn(@arg) under the cwq lock of @wq's cpu @cpu (via inspect). */
void ot_under_cwq_lock(struct workqueue_struct *wq, int cpu,
		       void (*fn)(const struct wqkit_cwq_view *v, void *arg),
		       void *arg);
#endif /* _WQKIT_FUZZ_ORACLE_ORACLETEST_H */
