/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit oracle: checks a running program against the workqueue's promises.
 * Written outside the core: it sees the core only through kenv events
 * (kenv_set_event_hook), the executor's op brackets, and
 * wqkit_inspect_workqueue() snapshots taken under the core's own locks.
 *
 * Two layers, each a Bazel library: the model (model.h, //fuzz/oracle:model:
 * instances, workqueues, cwqs, calls in flight; no I/O) at the bottom, and
 * this dispatcher (//fuzz/oracle:oracle) on top, which turns events and op
 * brackets into model updates and answers with a verdict. The oracle
 * prints nothing and knows nothing of the executor: it reads the world
 * (world.h) the executor built, and the executor turns a verdict into its
 * result (fuzz/exec/result.h), which fuzz/report prints.
 *
 * Live checks run inside the event hook (which may hold cwq->lock: they
 * must not sleep and use only kenv_ilock); the first violation is kept.
 * Structural checks run at quiescent points (after each step, at the end).
 */
#ifndef _WQKIT_FUZZ_ORACLE_ORACLE_H
#define _WQKIT_FUZZ_ORACLE_ORACLE_H

#include <stdbool.h>
#include <kenv/kenv.h>
#include "fuzz/oracle/world.h"
#include "fuzz/prog/prog.h"

/* The oracle's answer after a check: the first violation, if any. */
struct wq_verdict {
	bool failed;		/* false: every check passed so far */
	int step;		/* step of the violation, -1 = setup/end */
	char title[160];	/* instance title ("w2 ran before its delay") */
	char detail[2048];	/* "oracle: <title>\n" and the check's message */
};

struct wq_oracle;

/* Allocate / free an oracle (kept across runs by the executor). */
struct wq_oracle *wq_oracle_new(void);
void wq_oracle_free(struct wq_oracle *o);

/* Start checking a new run of @w->prog. */
void wq_oracle_begin(struct wq_oracle *o, struct wq_world *w);

/* Feed one kenv event (call from the kenv event hook). */
void wq_oracle_event(struct wq_oracle *o, const struct kenv_event *ev);

/*
 * Op brackets from the executor: @actor starts / finished @op of @step;
 * @ret is the API's return value at the end (0 for void ops, -1 when the
 * executor skipped the op, e.g. *_on an offline CPU). Call them from the
 * task that runs the op. The oracle needs: freeze (op_end: ret 0 means
 * frozen), thaw (op_begin: from here works may run; the end-phase thaw
 * must be bracketed too), cpu_down (begin and end), create_workqueue
 * (op_end: the slot's new workqueue is read from the world) and
 * cancel_delayed_work (see below); other ops are seen through events.
 */
void wq_oracle_op_begin(struct wq_oracle *o, int step, int actor,
			const struct wq_op *op);
void wq_oracle_op_end(struct wq_oracle *o, int step, int actor,
		      const struct wq_op *op, long ret);

/*
 * Every cancel that takes a work's armed timer emits TIMER_DELETED
 * (wqkit_timer_deleted(): try_to_grab_pending() under cancel_*_sync, and
 * the inline cancel_delayed_work() of linux/workqueue.h). cancel_*_sync
 * are exported calls, framed by API_ENTER/API_EXIT; cancel_delayed_work()
 * is not, so without a frame the oracle could not judge its return
 * value. The executor brackets the op WQ_OP_CANCEL_DELAYED_WORK with
 * op_begin/op_end (handled there); every other call of
 * cancel_delayed_work() -- the behaviour "cancel wN" of a delayed wN -- is
 * bracketed with these, from the calling task, @ret being its return.
 */
void wq_oracle_cancel_begin(struct wq_oracle *o, int work);
void wq_oracle_cancel_end(struct wq_oracle *o, int work, long ret);

/*
 * The model's bounded tables (workqueues and cwqs seen, instances born)
 * fill up in a long-lived run (re-created workqueues, millions of
 * queueings). Returns 0 if there is room for another step, 1 if nearly
 * full, 2 if a table overflowed (checks were lost since the model
 * began). A long-lived caller restarts the model at a quiescent point
 * (wq_oracle_begin again) when this is non-zero.
 */
int wq_oracle_model_full(struct wq_oracle *o);

/*
 * Checks at a quiescent point after @step (no task runnable, no timer
 * due), and at the end after the executor's quiesce (all works flushed,
 * before the workqueues are destroyed). Return true if every check
 * passed; false with @v filled on the first violation (live violations
 * recorded by wq_oracle_event count too). @v is left alone on true.
 */
bool wq_oracle_check_step(struct wq_oracle *o, int step,
			  struct wq_verdict *v);
bool wq_oracle_check_end(struct wq_oracle *o, struct wq_verdict *v);

#endif /* _WQKIT_FUZZ_ORACLE_ORACLE_H */
