/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqrepro: the runtime of the standalone C reproducers (reports/<slug>/
 * repro.c, written by fuzz/report/csource.c). A reproducer calls the
 * workqueue API itself; this file gives it what a kernel test module
 * would get from the kernel: boot, actor tasks that run one step's ops
 * at once, the controlled scheduler of kenv (so the interleaving the
 * fuzzer found replays exactly), the end of the program (thaw, drain
 * timers, flush, destroy, reset), and a few promise checks the
 * reproducer wraps around its calls. It knows nothing of the program
 * format, the oracle or the executor: the reproducer's code is the
 * program.
 *
 * It drives kenv exactly as fuzz/exec does (same task creation order,
 * same step hand-off, same scheduler parameters), since a controlled
 * schedule is a function of the scheduling points: a reproducer replays
 * the finding's interleaving, not just its ops.
 *
 * Exit status of a reproducer: 0 the program ran and nothing failed;
 * 1 the failure reproduced (a line "wqrepro: FAILED: <what>" on stderr;
 * BUG, WARN, lockdep, deadlock, a broken promise, a leak) -- or a
 * sanitizer's own report and status.
 */
#ifndef _WQKIT_REPRO_H
#define _WQKIT_REPRO_H

#include <stdbool.h>
#include <string.h>
#include <kenv/kenv.h>
#include <linux/lockdep.h>
#include <linux/workqueue.h>

#define RP_MAX_ACTORS	4
#define RP_MAX_WQS	4
#define RP_MAX_WORKS	8

/*
 * RP_STEPS: each step's own PCT plan (format v3 "schedule steps"):
 * priorities from the tasks' names and the step's order, the running
 * task dropped at the step's change points (kenv_sched_controlled_plan).
 */
enum rp_sched { RP_FREE, RP_PCT, RP_RANDOM, RP_STEPS };
#define RP_MAX_CHANGES	3

/* One step's schedule (RP_STEPS): "step N order=K at=A,B,C". */
struct rp_plan {
	unsigned int order;
	unsigned long at[RP_MAX_CHANGES];	/* ascending, 0 ends the list */
};
enum rp_fault { RP_FAULT_NONE, RP_FAULT_ALLOC, RP_FAULT_KTHREAD };
enum rp_kind { RP_MULTI, RP_SINGLETHREAD, RP_FREEZEABLE };

struct rp_config {
	int cpus;			/* virtual CPUs, all online at boot */
	int actors;			/* actor tasks t0.. */
	enum rp_sched sched;		/* free threads or controlled */
	unsigned long long seed;	/* controlled: the schedule's seed */
	int depth;			/* controlled: PCT depth */
	enum rp_fault fault;		/* armed after setup */
	unsigned long fault_nth;
	bool racy_bitops;		/* test only: kenv_inject_racy_bitops() */
	const struct rp_plan *plan;	/* RP_STEPS: plan[step], step < nplan;
					 * the other steps and the end of the
					 * program: order 0, no change point */
	int nplan;
};

/* A work item of the reproducer, with its own lockdep class. */
struct rp_work {
	union {
		struct work_struct work;
		struct delayed_work dwork;
	};
	struct lock_class_key key;
	int index;
};

/* The reproducer's workqueues by slot (NULL: not created or destroyed). */
extern struct workqueue_struct *rp_wq[RP_MAX_WQS];
/* Set by the freeze op the reproducer runs (thawed at the end). */
extern bool rp_frozen;

/**
 * rp_boot - boot kenv with @c's CPUs and the reproducer's failure handler
 * @c: the configuration (copied)
 */
void rp_boot(const struct rp_config *c);

/**
 * rp_init_work - INIT_WORK/INIT_DELAYED_WORK @w with @fn and its own
 * lockdep class "w<index>"
 */
void rp_init_work(struct rp_work *w, int index, work_func_t fn, bool delayed);

/**
 * rp_create - create the workqueue of @slot ("q<slot>") of @kind, with
 * the slot's own lockdep class; stores it in rp_wq[@slot]
 *
 * Returns it, or NULL if creation failed (an armed fault).
 */
struct workqueue_struct *rp_create(int slot, enum rp_kind kind);

/**
 * rp_start - after the setup's workqueues: start the actors, let every
 * task reach its first sleep, enter controlled mode, arm the fault
 */
void rp_start(void);

typedef void (*rp_op_fn)(void);

/**
 * rp_step - run one step: @ops[i] (NULL: none) in actor t<i>, all at once
 * @step: step number (messages)
 * @ops: one function per actor
 *
 * Returns when they all returned and the system is quiet; checks that
 * every workqueue has a thread for each CPU it is populated on and that
 * no work is PENDING with nothing listed or armed. Exits 1 on a deadlock
 * or hang.
 */
void rp_step(int step, rp_op_fn ops[RP_MAX_ACTORS]);

/**
 * rp_end - the end of the program: thaw, fire every timer, flush every
 * workqueue, destroy them, stop the actors, reset kenv (a leak fails);
 * prints "wqrepro: passed" and exits 0
 */
void rp_end(void) __attribute__((noreturn));

/* Report a failure and exit 1. */
void rp_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/*
 * Promise checks around a call, from the workqueue's own events:
 *
 *   rp_check_queue(api, w, call)   queue_work*()/schedule_work*() must not
 *       return 0 for a work that was idle (nothing listed, no timer armed,
 *       not running but in the caller) when nothing else touched it
 *       during the call;
 *   rp_check_cancel(w, call)       cancel_delayed_work() must not return 0
 *       for a work whose timer was armed, likewise;
 *   rp_check_flush(api, wq, call)  flush_workqueue(wq) / flush_scheduled_work()
 *       (wq = keventd) return only after each work listed or running on
 *       wq when they began has finished or been cancelled;
 *   rp_check_flush_work(w, call)   flush_work(w) returns only after the
 *       latest instance of w, listed or running when it began, finished
 *       (or was cancelled) -- unless w was queued again during the call;
 *   rp_check_cancel_sync(api, w, call)  cancel_work_sync(w) /
 *       cancel_delayed_work_sync(w) return with w neither listed nor
 *       running (nor, for the delayed form, its timer armed) -- unless
 *       w was queued or armed again during the call.
 * The promises are fuzz/oracle/checks_promise.c's, checked from the
 * work events alone: where those cannot tell (w queued again during the
 * call, two instances running at once) the check says nothing, so it
 * never fails on a correct core.
 *
 * Each *_end() also checks the work's state (rp_check_work(), in
 * repro_checks.c with the event model and the checks after each step):
 * an event a correct workqueue never raises (fuzz/oracle/events.c's live
 * checks: a grab or a start on a cwq not listing the work, a start on a
 * cwq already running it, a timer fired early or not armed, a second
 * pending instance) recorded since, or PENDING clear while the work is
 * listed or its timer armed; the queue calls' and cancel_delayed_work()'s
 * return values are judged against what the call itself did. After each
 * step rp_step() checks the lists (PENDING, data naming the cwq, listed
 * once) and that every online CPU is populated. fuzz/report/csource.c's
 * wq_csource_check() maps each oracle title to its check.
 */
struct rp_frame {
	int work;			/* index, or -1 */
	const void *wq;
	bool idle, armed, stable;
	bool latest;			/* the latest instance listed or running */
	unsigned long chg, own, gen;
	unsigned long born, taken;	/* the caller's queueings, cancellations */
	unsigned long ends[RP_MAX_WORKS];
	bool covered[RP_MAX_WORKS];
};

void rp_frame_begin(struct rp_frame *f, struct rp_work *w, const void *wq);
void rp_cancel_begin(struct rp_frame *f, struct rp_work *w);
long rp_queue_end(struct rp_frame *f, const char *api, long ret);
long rp_cancel_end(struct rp_frame *f, const char *api, long ret);
void rp_flush_end(struct rp_frame *f, const char *api);
void rp_flush_work_end(struct rp_frame *f);
void rp_cancel_sync_end(struct rp_frame *f, const char *api, bool delayed);

#define rp_check_queue(api, w, call) do {				\
	struct rp_frame __f;						\
	rp_frame_begin(&__f, (w), NULL);				\
	rp_queue_end(&__f, (api), (call));				\
} while (0)
#define rp_check_cancel(w, call) do {					\
	struct rp_frame __f;						\
	rp_cancel_begin(&__f, (w));					\
	rp_cancel_end(&__f, "cancel_delayed_work", (call));		\
} while (0)
#define rp_check_flush(api, wq, call) do {				\
	struct rp_frame __f;						\
	rp_frame_begin(&__f, NULL, (wq));				\
	call;								\
	rp_flush_end(&__f, (api));					\
} while (0)
#define rp_check_flush_work(w, call) do {				\
	struct rp_frame __f;						\
	rp_frame_begin(&__f, (w), NULL);				\
	call;								\
	rp_flush_work_end(&__f);					\
} while (0)
#define rp_check_cancel_sync(api, w, call) do {			\
	struct rp_frame __f;						\
	rp_frame_begin(&__f, (w), NULL);				\
	call;								\
	rp_cancel_sync_end(&__f, (api),					\
			   !strcmp((api), "cancel_delayed_work_sync"));	\
} while (0)

#endif /* _WQKIT_REPRO_H */
