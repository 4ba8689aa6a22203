/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracle's model of a run: the bottom layer of fuzz/oracle (library
 * //fuzz/oracle:model). It knows the world (world.h) and the program, and
 * nothing of the dispatcher above it (oracle.h, events.c, checks_*.c) or
 * of the executor: model_test links it alone. No I/O: names and the
 * first violation are written into the model, and the dispatcher turns
 * them into a verdict (struct wq_verdict, oracle.h).
 *
 * An *instance* is one successful queueing of a tracked work (wN of the
 * world; barriers and internal works are not tracked). It is born by
 * TIMER_QUEUED (delayed) or by a WORK_QUEUED that does not follow the
 * work's own TIMER_FIRED, numbered by a per-run counter (its index in
 * o->inst), and dies exactly once: by WORK_START (then it runs until
 * WORK_END) or by a cancel (WORK_GRABBED, or a cancel that returned 1 and
 * so took the timer).
 *
 * Everything here is protected by o->lock, a kenv_ilock (invisible to
 * ThreadSanitizer): the oracle must add no happens-before edge between
 * kernel tasks. The hook runs under cwq->lock: nothing here sleeps, and
 * the lock order is cwq->lock -> o->lock (check_step calls
 * wqkit_inspect_workqueue() without o->lock and takes it in the callback).
 * Every function below but wqo_model_new/free expects o->lock held.
 */
#ifndef _WQKIT_FUZZ_ORACLE_MODEL_H
#define _WQKIT_FUZZ_ORACLE_MODEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <kenv/kenv.h>
#include <linux/workqueue.h>

#include "fuzz/oracle/world.h"
#include "fuzz/prog/prog.h"

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

/* Life cycle (no lock: before and after the model is shared) */
struct wq_oracle *wqo_model_new(void);
void wqo_model_free(struct wq_oracle *o);

/* Learn (or re-learn) the workqueue of @slot; its index in o->wqs or -1. */
int wqo_add_wq(struct wq_oracle *o, const void *wq, int slot);

/* The live workqueue of @slot in the world, or NULL. */
static inline const void *wqo_world_wq(struct wq_oracle *o, int slot)
{
	return atomic_load_explicit(&o->w->wq[slot], memory_order_relaxed);
}

/* Lookup tables */
int wqo_work_index(struct wq_oracle *o, const void *work);
int wqo_wq_index(struct wq_oracle *o, const void *wq);
struct wqo_cwq *wqo_cwq(struct wq_oracle *o, const void *cwq, int wq, int cpu);
struct wqo_task *wqo_task(struct wq_oracle *o, const void *task);
struct wqo_frame *wqo_top(struct wqo_task *t);

/* Instances */
int wqo_birth(struct wq_oracle *o, int work);
void wqo_kill(struct wq_oracle *o, int i, int state);
int wqo_find_live(struct wq_oracle *o, int work, int state, const void *cwq);

/* Names and the first violation */
const char *wqo_wq_name(struct wq_oracle *o, int wq, char *buf, size_t len);
const char *wqo_work_name(struct wq_oracle *o, const void *work,
			  char *buf, size_t len);
void wqo_describe(struct wq_oracle *o, int i, char *buf, size_t len);
void wqo_violation(struct wq_oracle *o, const char *title,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* _WQKIT_FUZZ_ORACLE_MODEL_H */
