/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit: not in 2.6.29. The events the workqueue port emits through
 * kenv_emit() (core/workqueue.c, core/PORTING.md "Event hooks") and what
 * the fields of struct kenv_event mean for them. kenv passes them on
 * without reading them; the fuzz oracle, the trace and the tests give
 * them their meaning.
 *
 * For every event below: obj is the work_struct (or NULL), owner its
 * workqueue_struct (or NULL), queue the cpu_workqueue_struct (or NULL),
 * cpu that cwq's CPU (-1 if unknown).
 *
 * The codes keep the values they had when kenv defined them (trace
 * hashes include them); kenv's own KENV_EV_CPU_UP/DOWN are 8 and 9.
 */
#ifndef _WQKIT_WORKQUEUE_EVENTS_H
#define _WQKIT_WORKQUEUE_EVENTS_H

enum wqkit_event_type {
	WQKIT_EV_WORK_QUEUED = 0,	/* insert_work(): work listed on cwq */
	WQKIT_EV_WORK_START = 1,	/* run_workqueue(): about to call
					 * work->func */
	WQKIT_EV_WORK_END = 2,		/* run_workqueue(): work->func returned
					 * (work may be freed: pointer only) */
	WQKIT_EV_WORK_GRABBED = 3,	/* try_to_grab_pending() took it off a
					 * list */
	WQKIT_EV_TIMER_QUEUED = 4,	/* queue_delayed_work_on(): timer armed;
					 * ret = its expiry */
	WQKIT_EV_TIMER_FIRED = 5,	/* delayed_work_timer_fn() ran */
	WQKIT_EV_API_ENTER = 6,		/* an exported workqueue call starts:
					 * api */
	WQKIT_EV_API_EXIT = 7,		/* ... and returns: api, ret */
	/* 8, 9: kenv's KENV_EV_CPU_UP, KENV_EV_CPU_DOWN */
	WQKIT_EV_TIMER_DELETED = 10,	/* a cancel's del_timer{,_sync}() took
					 * the work's armed timer (PENDING
					 * still set) */
};

#endif /* _WQKIT_WORKQUEUE_EVENTS_H */
