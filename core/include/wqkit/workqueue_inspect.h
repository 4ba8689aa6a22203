/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit: not in 2.6.29. The workqueue port's reset and introspection API,
 * implemented at the end of core/workqueue.c so it can read the port's
 * private structures: kenv_reset() reaches wqkit_workqueue_exit() through
 * the subsystem the port registers; the fuzz oracle and the tests read
 * the cwqs through the rest.
 */
#ifndef _WQKIT_WORKQUEUE_INSPECT_H
#define _WQKIT_WORKQUEUE_INSPECT_H

#include <stddef.h>

struct task_struct;
struct work_struct;
struct workqueue_struct;

#define WQKIT_MAX_LISTED 64

/* A snapshot of one cpu_workqueue_struct, taken under its lock. */
struct wqkit_cwq_view {
	int cpu;			/* index in wq->cpu_wq */
	const void *cwq;		/* the cpu_workqueue_struct */
	const struct workqueue_struct *wq;
	struct task_struct *thread;	/* cwq->thread */
	const struct work_struct *current_work;
	int run_depth;
	int list_ok;			/* worklist links consistent, no loop */
	int nr_listed;			/* works on worklist (all, even > MAX) */
	const struct work_struct *listed[WQKIT_MAX_LISTED];
	unsigned long listed_data[WQKIT_MAX_LISTED]; /* their ->data */
};

/**
 * wqkit_inspect_workqueue - snapshot every initialised cwq of @wq
 * @fn: called once per cwq of wq_cpu_map(@wq) with that cwq's lock held
 *      (it must not sleep or take other workqueue locks); non-zero stops
 *
 * Returns the last value @fn returned.
 */
int wqkit_inspect_workqueue(struct workqueue_struct *wq,
			    int (*fn)(const struct wqkit_cwq_view *v, void *arg),
			    void *arg);
/* The per-CPU workqueue pointer @work's data points to, as get_wq_data(). */
const void *wqkit_get_wq_data(const struct work_struct *work);
/* The cwq of @wq for @cpu, as wq_per_cpu() (NULL if none). */
const void *wqkit_wq_per_cpu(struct workqueue_struct *wq, int cpu);
struct workqueue_struct *wqkit_keventd_wq(void);
const char *wqkit_wq_name(const struct workqueue_struct *wq);
int wqkit_wq_is_singlethread(const struct workqueue_struct *wq);
int wqkit_wq_is_freezeable(const struct workqueue_struct *wq);
/* cpu_populated_map and singlethread_cpu. */
unsigned long wqkit_cpu_populated_map(void);
int wqkit_singlethread_cpu(void);
/* Number of workqueues on the `workqueues` list (multi-threaded ones). */
int wqkit_nr_listed_workqueues(void);
/*
 * Name @obj if it is one of @wq's cwqs' more_work wait queue or lock
 * ("more_work of events/1"), for hang reports. Returns 1 if named. Takes
 * no lock (the system may be stuck holding one).
 */
int wqkit_obj_name(struct workqueue_struct *wq, const void *obj, char *buf,
		   size_t len);

/**
 * wqkit_workqueue_exit - undo init_workqueues() for kenv_reset()
 * @tainted: a BUG or hang happened: destroy nothing (a worker may never
 *           finish), only count and forget
 *
 * Destroys keventd_wq and every workqueue still on the workqueues list
 * (returns how many of those the caller leaked), then returns the file's
 * statics (keventd_wq, workqueues, cpu_populated_map, singlethread_cpu,
 * cpu_singlethread_map) to their initial values.
 */
int wqkit_workqueue_exit(int tainted);

#endif /* _WQKIT_WORKQUEUE_INSPECT_H */
