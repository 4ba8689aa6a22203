/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to fuzz/oracle: the oracle's model of the run and the functions
 * its files share.
 *
 * Files:
 *   oracle.c         life cycle, tables (workqueues, cwqs, tasks), names,
 *                    violations, op brackets
 *   events.c         the event hook: instances and the live checks
 *   checks_promise.c API frames: return values and what calls promise
 *   checks_struct.c  structural checks (check_step) and the end check
 *
 * The model. An *instance* is one successful queueing of a tracked work
 * (wN of the world; barriers and internal works are not tracked). It is
 * born by TIMER_QUEUED (delayed) or by a WORK_QUEUED that does not follow
 * the work's own TIMER_FIRED, numbered by a per-run counter (its index in
 * o->inst), and dies exactly once: by WORK_START (then it runs until
 * WORK_END) or by a cancel (WORK_GRABBED, or a cancel that returned 1 and
 * so took the timer).
 *
 * Everything here is protected by o->lock, a kenv_ilock (invisible to
 * ThreadSanitizer): the oracle must add no happens-before edge between
 * kernel tasks. The hook runs under cwq->lock: nothing here sleeps, and
 * the lock order is cwq->lock -> o->lock (check_step calls
 * wqkit_inspect_workqueue() without o->lock and takes it in the callback).
 */
#ifndef _WQKIT_FUZZ_ORACLE_INTERNAL_H
#define _WQKIT_FUZZ_ORACLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <kenv/kenv.h>
#include <linux/workqueue.h>

#include "fuzz/oracle/oracle.h"

#define WQO_MAX_LIVE	16	/* live instances per work */
#define WQO_MAX_WQS	16	/* workqueues seen in a run (re-creates) */
#define WQO_MAX_CWQS	96
#define WQO_MAX_TASKS	96
#define WQO_MAX_DEPTH	8	/* nested API calls per task */
#define WQO_MAX_COVER	64	/* instances one promise covers */
#define WQO_RUN_DEPTH	6	/* nested run_workqueue() per cwq */
#define WQO_NO_INST	(-1)
#define WQO_MAX_INST	(1UL << 20)	/* instances per run */

enum wqo_state {
	WQO_TIMER,		/* timer armed */
	WQO_FIRED,		/* timer handler started, not listed yet */
	WQO_LISTED,		/* on ->cwq's worklist */
	WQO_RUNNING,		/* started on ->cwq by ->task */
	WQO_DONE,		/* its function returned */
	WQO_CANCELLED,		/* taken by a cancel */
};

static inline bool wqo_state_pending(int s)
{
	return s == WQO_TIMER || s == WQO_FIRED || s == WQO_LISTED;
}

static inline bool wqo_state_dead(int s)
{
	return s == WQO_DONE || s == WQO_CANCELLED;
}

struct wqo_inst {
	signed char work;
	unsigned char state;
	bool timer_born;
	signed char want_cpu;	/* queue_*_on / queue_work's CPU, -1 */
	signed char down_cpu;	/* a cpu_down of its CPU saw it listed */
	signed char cpu;	/* CPU of ->cwq */
	short wq;		/* index in o->wqs, -1 unknown */
	unsigned int want_gen;	/* o->down_gen[want_cpu] at birth */
	const void *tcwq;	/* timer-born: cwq stored in data */
	const void *cwq;	/* listed / running on */
	const void *task;	/* running in */
	unsigned long expires;	/* timer-born: timer->expires */
	unsigned int seen;	/* structural check generation */
};

struct wqo_work {
	int live[WQO_MAX_LIVE];	/* instances not dead, oldest first */
	int nlive;
	int latest;		/* newest instance or WQO_NO_INST */
	unsigned int chg;	/* bumped by every change of this work */
	int busy;		/* queue/cancel calls in flight */
	int cancels;		/* cancel calls in flight */
};

struct wqo_wq {
	const void *wq;		/* NULL: destroyed */
	int slot;		/* WQ_KEVENTD or qN */
	bool single;
	bool freezeable;
};

struct wqo_run {
	const void *work;
	int inst;
};

struct wqo_cwq {
	const void *cwq;
	int wq;			/* index in o->wqs */
	int cpu;
	int depth;
	struct wqo_run run[WQO_RUN_DEPTH];
};

enum wqo_frame_kind {
	WQO_F_IGNORE,		/* untracked work or not checked */
	WQO_F_QUEUE,		/* queue_work_on, queue_delayed_work_on */
	WQO_F_FLUSH_WQ,		/* flush_workqueue */
	WQO_F_FLUSH_WORK,
	WQO_F_CANCEL_SYNC,	/* cancel_work_sync, cancel_delayed_work_sync */
	WQO_F_CANCEL,		/* cancel_delayed_work() (op or behaviour) */
	WQO_F_DESTROY,		/* destroy_workqueue */
};

struct wqo_frame {
	int kind;
	const char *api;
	int work;
	int wq;
	int cpu;
	unsigned long first;	/* o->ninst at ENTER */
	unsigned int chg;	/* work's chg after ENTER */
	bool stable_ok;		/* nothing else in flight at ENTER */
	bool had_timer;		/* a WQO_TIMER instance at ENTER */
	bool idle;		/* no instance pending or running elsewhere */
	int born;		/* instances this call queued */
	int grabbed;		/* instances this call took off a list */
	int deleted;		/* armed timers this call deleted */
	int last_wq;		/* cancel_*_sync: the last queued wq at ENTER */
	int ncover;
	bool cover_overflow;
	int cover[WQO_MAX_COVER];
};

struct wqo_task {
	const void *task;
	int depth;		/* may exceed WQO_MAX_DEPTH: frames not kept */
	struct wqo_frame frame[WQO_MAX_DEPTH];
};

struct wq_oracle {
	struct kenv_ilock lock;
	struct wq_world *w;
	const struct wq_prog *p;
	const void *keventd;

	struct wqo_inst *inst;
	unsigned long ninst, cap;
	bool overflow;		/* model incomplete: promises not checked */

	struct wqo_work work[WQ_MAX_WORKS];
	struct wqo_wq wqs[WQO_MAX_WQS];
	int nwqs;
	struct wqo_cwq cwqs[WQO_MAX_CWQS];
	int ncwqs;
	struct wqo_task tasks[WQO_MAX_TASKS];
	int ntasks;

	bool frozen;		/* freeze succeeded, no thaw begun */
	unsigned int down_gen[KENV_MAX_CPUS];
	int hotplug_busy[KENV_MAX_CPUS];
	unsigned int check_gen;

	/* first violation */
	bool failed;
	int fail_step;
	int step;
	char title[160];
	char detail[2048];
};

/*
 * Test-only fault hooks for the structural checks (NULL in production):
 * @view sees a copy of each cwq snapshot before it is checked and may
 * break it (return true to drop the snapshot, as if the cwq were not
 * populated); @populated may alter cpu_populated_map as read.
 */
struct wqo_test_hooks {
	bool (*view)(struct wqkit_cwq_view *v, void *arg);
	unsigned long (*populated)(unsigned long real, void *arg);
	void *arg;
};
extern struct wqo_test_hooks wqo_test_hooks;

/* oracle.c */
int wqo_work_index(struct wq_oracle *o, const void *work);
int wqo_wq_index(struct wq_oracle *o, const void *wq);
struct wqo_cwq *wqo_cwq(struct wq_oracle *o, const void *cwq, int wq, int cpu);
struct wqo_task *wqo_task(struct wq_oracle *o, const void *task);
struct wqo_frame *wqo_top(struct wqo_task *t);
const char *wqo_wq_name(struct wq_oracle *o, int wq, char *buf, size_t len);
const char *wqo_work_name(struct wq_oracle *o, const void *work,
			  char *buf, size_t len);
void wqo_violation(struct wq_oracle *o, const char *title,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void wqo_describe(struct wq_oracle *o, int i, char *buf, size_t len);
/* op brackets by task (the public ones use current) */
void wqo_op_begin(struct wq_oracle *o, const void *task,
		  const struct wq_op *op);
void wqo_op_end(struct wq_oracle *o, const void *task,
		const struct wq_op *op, long ret);
void wqo_cancel_begin(struct wq_oracle *o, const void *task, int work);
void wqo_cancel_end(struct wq_oracle *o, const void *task, int work, long ret);

/* events.c (o->lock held) */
int wqo_birth(struct wq_oracle *o, int work);
void wqo_kill(struct wq_oracle *o, int i, int state);
int wqo_find_live(struct wq_oracle *o, int work, int state, const void *cwq);
void wqo_event_locked(struct wq_oracle *o, const struct kenv_event *ev);

/* checks_promise.c (o->lock held) */
void wqo_api_enter(struct wq_oracle *o, const struct kenv_event *ev);
void wqo_api_exit(struct wq_oracle *o, const struct kenv_event *ev);
void wqo_frame_push(struct wq_oracle *o, struct wqo_task *t, int kind,
		    const char *api, int work, int wq, int cpu);
void wqo_frame_pop(struct wq_oracle *o, struct wqo_task *t, long ret);

/* checks_struct.c */
void wqo_check_instances(struct wq_oracle *o);

#endif /* _WQKIT_FUZZ_ORACLE_INTERNAL_H */
