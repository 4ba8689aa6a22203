// SPDX-License-Identifier: GPL-2.0-only
/*
 * Failures of a run, first one wins: found by the harness on the main
 * thread (wq_fail), seen by any task and reported by main at its next
 * check (wq_fail_async), or raised by the kernel and kept by hook.c's
 * failure handler (wq_take_kernel_failure). Calls nothing else of the
 * executor, so every file may record a failure.
 */
#include <stdarg.h>
#include <stdio.h>

#include "fuzz/exec/executor.h"

/**
 * wq_fill_kernel - put kernel failure @f into result @r
 * @r: the result
 * @f: the failure kenv reported
 * @step: the step it happened in, or -1
 * @actor: the actor that raised it, or -1
 */
void wq_fill_kernel(struct wq_exec_result *r, const struct kenv_failure *f,
		    int step, int actor)
{
	r->kind = WQ_FAIL_KERNEL;
	r->step = step;
	r->actor = actor;
	snprintf(r->title, sizeof(r->title), "%s", f->title);
	snprintf(r->detail, sizeof(r->detail),
		 "%s in task %s on cpu%d (%s:%d)\n%s",
		 kenv_failure_kind_name(f->kind), f->task, f->cpu,
		 f->function ? f->function : "?", f->line, f->message);
}

/**
 * wq_failed - has a failure been recorded (kernel or harness)?
 * @x: the run
 */
bool wq_failed(struct wq_exec *x)
{
	return atomic_load_explicit(&x->kfailed, memory_order_relaxed) ||
		x->r->kind != WQ_FAIL_NONE;
}

/**
 * wq_fail - record a failure found by the harness (first one wins)
 * @x: the run
 * @kind: what kind
 * @step: step index or -1
 * @actor: actor index or -1
 * @title: stable title
 * @fmt: detail
 */
void wq_fail(struct wq_exec *x, enum wq_fail_kind kind, int step, int actor,
	     const char *title, const char *fmt, ...)
{
	struct wq_exec_result *r = x->r;
	va_list ap;

	if (r->kind != WQ_FAIL_NONE)
		return;
	r->kind = kind;
	r->step = step;
	r->actor = actor;
	snprintf(r->title, sizeof(r->title), "%s", title);
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

/**
 * wq_fail_async - record a failure seen by a kernel task (an actor, a
 * work), first one wins; reported by the main thread at the next check
 * @x: the run
 * @title: the title
 * @fmt: the detail
 */
void wq_fail_async(struct wq_exec *x, const char *title, const char *fmt,
		   ...)
{
	va_list ap;

	kenv_ilock_lock(&x->fail_lock);
	if (!x->afailed) {
		x->afailed = true;
		x->afail_step = atomic_load_explicit(&x->step,
						       memory_order_relaxed);
		snprintf(x->atitle, sizeof(x->atitle), "%s", title);
		va_start(ap, fmt);
		vsnprintf(x->adetail, sizeof(x->adetail), fmt, ap);
		va_end(ap);
	}
	kenv_ilock_unlock(&x->fail_lock);
}

/**
 * wq_take_async_failure - put a wq_fail_async() failure into the result
 * @x: the run
 *
 * Main thread, at a check. Returns false if there was one.
 */
bool wq_take_async_failure(struct wq_exec *x)
{
	bool failed;

	kenv_ilock_lock(&x->fail_lock);
	failed = x->afailed;
	if (failed)
		wq_fail(x, WQ_FAIL_ORACLE, x->afail_step, -1, x->atitle,
			"%s", x->adetail);
	kenv_ilock_unlock(&x->fail_lock);
	return !failed;
}

/**
 * wq_take_kernel_failure - put a recorded kernel failure into the result
 * @x: the run
 *
 * A kernel failure is the root cause of anything the harness saw after
 * it (a hang behind a BUG), so it replaces that. Returns true if there
 * was one.
 */
bool wq_take_kernel_failure(struct wq_exec *x)
{
	struct kenv_failure f;
	int step, actor;

	kenv_ilock_lock(&x->fail_lock);
	if (!atomic_load(&x->kfailed)) {
		kenv_ilock_unlock(&x->fail_lock);
		return false;
	}
	f = x->kfail;
	step = x->kfail_step;
	actor = x->kfail_actor;
	kenv_ilock_unlock(&x->fail_lock);
	wq_fill_kernel(x->r, &f, step, actor);
	return true;
}
