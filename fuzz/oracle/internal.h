/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to fuzz/oracle's dispatcher (library //fuzz/oracle:oracle): the
 * functions its files share. The model they update is model.h.
 *
 * Files:
 *   model.c          the model: tables (workqueues, cwqs, tasks),
 *                    instances, names, the first violation (model.h)
 *   oracle.c         life cycle, the event entry point, op brackets
 *   events.c         the event hook: instances and the live checks
 *   checks_promise.c API frames: return values and what calls promise
 *   checks_struct.c  structural checks (check_step), the end check and
 *                    the verdict
 */
#ifndef _WQKIT_FUZZ_ORACLE_INTERNAL_H
#define _WQKIT_FUZZ_ORACLE_INTERNAL_H

#include <stdbool.h>
#include <kenv/kenv.h>
#include <linux/workqueue.h>

#include "fuzz/oracle/model.h"
#include "fuzz/oracle/oracle.h"

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

/* oracle.c: op brackets by task (the public ones use current) */
void wqo_op_begin(struct wq_oracle *o, const void *task,
		  const struct wq_op *op);
void wqo_op_end(struct wq_oracle *o, const void *task,
		const struct wq_op *op, long ret);
void wqo_cancel_begin(struct wq_oracle *o, const void *task, int work);
void wqo_cancel_end(struct wq_oracle *o, const void *task, int work, long ret);

/* events.c (o->lock held) */
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
