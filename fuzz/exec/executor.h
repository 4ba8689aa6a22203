/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to fuzz/exec: the state of a run (struct wq_exec) and the
 * functions the executor's files share. Every function takes the state
 * as its first argument; kenv's callbacks get it through their context
 * argument (hook.c), an actor through its struct wq_actor, a work
 * function through its work (wq_exec_of_work(), or the back pointer of
 * a self-freeing instance or an execute_work). One run at a time per
 * process (kenv is global): exec.c owns the one object, a static.
 *
 * Files:
 *   exec.c        wq_exec_run(): setup, the steps, the end, the result
 *   world.c       the world's objects: workqueues, works, homes
 *   actors.c      actor tasks, how a step is started and awaited, and
 *                 where a busy actor is (hang and deadlock titles)
 *   clock.c       free mode's waits (struct wq_wait_ops): idleness,
 *                 virtual clock jumps, quiescence, hangs
 *   op.c          one op of a program, per FORMAT.md "Executor notes"
 *   behaviours.c  the work function (what a work does when it runs)
 *   hook.c        kenv event hook and failure handler -> oracle, trace
 *   fail.c        the run's failures, first one wins (calls nothing
 *                 else of the executor)
 *   sched.c       controlled mode's waits (struct wq_wait_ops): kenv's
 *                 controlled scheduler (program header "schedule")
 *   trace.c       the event trace (trace.h)
 *   feedback.c    the coverage window and interleaving counters
 *                 (feedback.h)
 */
#ifndef _WQKIT_FUZZ_EXEC_EXECUTOR_H
#define _WQKIT_FUZZ_EXEC_EXECUTOR_H

#include <stdatomic.h>
#include <stdbool.h>
#include <kenv/kenv.h>
#include <linux/completion.h>
#include <linux/workqueue.h>

#include "fuzz/exec/exec.h"
#include "fuzz/exec/feedback.h"
#include "fuzz/exec/trace.h"
#include "fuzz/oracle/world.h"
#include "fuzz/oracle/oracle.h"

#define WQ_API_DEPTH	4	/* nesting of workqueue API calls tracked */

struct wq_exec;

/* An execute_work and what its function saw (eipc.c). */
struct wq_eipc {
	struct execute_work ew;
	struct wq_exec *x;			/* the run (set by the call) */
	struct task_struct *_Atomic caller;	/* in the call, or NULL */
	_Atomic int ran_in_caller;		/* runs in the caller */
};

/* What an actor does when started: an op of a step or an end-phase job. */
typedef void (*wq_job_fn)(struct wq_exec *x, int actor);

/* What a wait waits for (a step's ops returned, the system idle, ...). */
typedef bool (*wq_done_fn)(struct wq_exec *x);

/*
 * How the main thread waits for the tasks: free threads (clock.c) or
 * the controlled scheduler (sched.c). wq_sched_begin() and
 * wq_sched_end() switch wq_exec.wait; everything else waits through it.
 */
struct wq_wait_ops {
	/* Until @done() or no progress (a hang, reported); jumps the
	 * virtual clock when everything sleeps and a timer is pending. */
	bool (*progress)(struct wq_exec *x, wq_done_fn done, int step);
	/* Until every task sleeps and no timer is due (no clock move). */
	bool (*quiesce)(struct wq_exec *x, int step);
	/* Fire every pending timer, bounded (a hang after that). */
	bool (*drain)(struct wq_exec *x);
};

extern const struct wq_wait_ops wq_wait_free;		/* clock.c */
extern const struct wq_wait_ops wq_wait_controlled;	/* sched.c */

struct wq_actor {
	struct wq_exec *x;		/* the run it belongs to */
	struct task_struct *_Atomic task;
	char comm[8];			/* "t0".."t3": its trace role */
	struct completion go;		/* main -> actor: run ->job */
	_Atomic wq_job_fn job;		/* set before complete(&go); relaxed:
					 * harness data, no TSan edge */
	_Atomic int busy;		/* running a job (for hang reports) */
	/* Workqueue API calls in progress, innermost last (hook.c). */
	const char *_Atomic api[WQ_API_DEPTH];
	_Atomic int api_depth;
};

struct wq_exec {
	const struct wq_prog *prog;
	const struct wq_exec_opts *opts;
	struct wq_exec_result *r;
	struct wq_world world;
	struct wq_oracle *oracle;
	struct wq_trace trace;

	/* misuse programs: destroyed workqueues, for use-after-destroy ops */
	struct workqueue_struct *_Atomic stale[WQ_MAX_WQS];
	/* execute_in_process_context: one per (step, actor) */
	struct wq_eipc ew[WQ_MAX_STEPS][WQ_MAX_ACTORS];
	/* calls that deferred the function to keventd (interrupt context),
	 * and runs of deferred functions (eipc.c) */
	_Atomic unsigned int eipc_deferred, eipc_ran_deferred;
	/* first failure seen by a kernel task outside the oracle
	 * (wq_fail_async), reported at the next check; under fail_lock */
	bool afailed;
	int afail_step;
	char atitle[128];
	char adetail[512];

	struct wq_actor actor[WQ_MAX_ACTORS];
	int nactors;			/* actors started */
	_Atomic int step;		/* step being run (main writes, relaxed) */
	/* ops of the step not yet returned; futex word main waits on */
	_Atomic unsigned int left;

	/* fail_lock protects kfail; kfailed says it is set (first wins) */
	struct kenv_ilock fail_lock;
	_Atomic int kfailed;
	struct kenv_failure kfail;
	int kfail_actor;		/* actor that raised it, or -1 */
	int kfail_step;
	/* cleaning up after a non-fatal failure: later reports that leave
	 * their task running are dropped (set/cleared by main) */
	_Atomic bool cleaning;

	_Atomic unsigned int ops_run;
	_Atomic unsigned int works_run;	/* + wq_beh_internal_runs() */
	_Atomic unsigned int clock_jumps;
	_Atomic unsigned long events;	/* events seen (progress measure) */
	_Atomic int misuse_flush_own;	/* a flush_own_wq work ran */
	/* free or controlled waits (main only) */
	const struct wq_wait_ops *wait;
};

/* The run a world's work belongs to (work functions: behaviours.c). */
static inline struct wq_exec *wq_exec_of_work(struct wq_world_work *ww)
{
	struct wq_world *w = container_of(ww - ww->index, struct wq_world,
					  work[0]);

	return container_of(w, struct wq_exec, world);
}

/* world.c (the world's data and wq_world_index(): fuzz/oracle/world.h) */
/* The workqueue a work is homed on (keventd for WQ_KEVENTD), or NULL. */
struct workqueue_struct *wq_world_home(struct wq_world *w, int i);
void wq_world_setup(struct wq_world *w, const struct wq_prog *p);
void wq_world_init_work(struct wq_world *w, int i);
struct workqueue_struct *wq_world_create(struct wq_world *w, int slot);
int wq_world_slot_of(const struct wq_world *w, const void *wq);
void wq_world_refill(struct wq_world *w);

/* behaviours.c */
void wq_beh_work_fn(struct work_struct *work);
void wq_beh_internal_fn(struct work_struct *work);
/* Runs of wq_beh_internal_fn (its works carry no context) since @reset. */
unsigned int wq_beh_internal_runs(bool reset);

/* self_free.c: works that free themselves (behaviour free_self) */
struct work_struct *wq_self_get(struct wq_exec *x, int i);
long wq_self_queued(struct wq_exec *x, int i, struct work_struct *ws, long ret);
void wq_self_fn(struct work_struct *work);
int wq_self_index(const struct work_struct *work);
bool wq_self_check(struct wq_exec *x);

/* eipc.c: execute_in_process_context(), judged */
int wq_eipc_call(struct wq_exec *x, struct wq_eipc *e, const char *who);
bool wq_eipc_is_fn(work_func_t fn);
bool wq_eipc_check(struct wq_exec *x);

/* op.c */
void wq_op_job(struct wq_exec *x, int actor);

/* actors.c */
int wq_actors_start(struct wq_exec *x, int n);
/* Start @job on the actors whose ops are non-none in @step (or on actor
 * 0 only if @step < 0) and wait for them; false on failure/hang. */
bool wq_actors_run(struct wq_exec *x, int step, wq_job_fn job);
void wq_actors_stop(struct wq_exec *x);
/* Wait until the running job of every actor returned (false: hang). */
bool wq_actors_wait(struct wq_exec *x);
int wq_actor_of(struct wq_exec *x, const struct task_struct *p);
/* Futex-wait (at most @us microseconds) while the count of running ops
 * is still @val. */
void wq_left_wait(struct wq_exec *x, unsigned int val, long us);
/* Where the first busy actor is stuck (its innermost API call, else its
 * op); *actor = that actor or -1. For hang and deadlock titles. */
const char *wq_stuck_where(struct wq_exec *x, int step, int *actor);
const char *wq_actor_where(struct wq_exec *x, int step, int i);

/* The waits, free or controlled (struct wq_wait_ops). */
static inline bool wq_wait_progress(struct wq_exec *x, wq_done_fn done,
				    int step)
{
	return x->wait->progress(x, done, step);
}

static inline bool wq_quiesce(struct wq_exec *x, int step)
{
	return x->wait->quiesce(x, step);
}

static inline bool wq_drain_timers(struct wq_exec *x)
{
	return x->wait->drain(x);
}

/* sched.c: enter controlled mode if the program asks for it, and leave */
bool wq_sched_begin(struct wq_exec *x);
void wq_sched_end(struct wq_exec *x);

/* hook.c */
void wq_hooks_install(struct wq_exec *x);

/* fail.c */
bool wq_failed(struct wq_exec *x);
/* Record a harness-detected failure (first one wins). */
void wq_fail(struct wq_exec *x, enum wq_fail_kind kind, int step, int actor,
	     const char *title, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Record a failure seen by any task (first one wins); the main thread
 * reports it at the next step check or the end (wq_take_async_failure). */
void wq_fail_async(struct wq_exec *x, const char *title, const char *fmt,
		   ...)
	__attribute__((format(printf, 3, 4)));
/* Put a failure recorded by wq_fail_async() into the result (main
 * thread); false if there was one. */
bool wq_take_async_failure(struct wq_exec *x);
/* Copy a recorded kernel failure into the result; true if there was one. */
bool wq_take_kernel_failure(struct wq_exec *x);
void wq_fill_kernel(struct wq_exec_result *r, const struct kenv_failure *f,
		    int step, int actor);

#endif /* _WQKIT_FUZZ_EXEC_EXECUTOR_H */
