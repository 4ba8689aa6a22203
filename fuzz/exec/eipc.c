// SPDX-License-Identifier: GPL-2.0-only
/*
 * execute_in_process_context(), judged (the op, and the behaviour of the
 * same name, format v4). 2.6.29:
 *
 *	if (!in_interrupt()) {
 *		fn(&ew->work);
 *		return 0;
 *	}
 *	INIT_WORK(&ew->work, fn);
 *	schedule_work(&ew->work);
 *	return 1;
 *
 * So from process context (an actor, a work) the function runs exactly
 * once, in the caller, before the call returns 0; from interrupt context
 * (the op's in_interrupt=1) it is deferred to keventd: the call returns 1
 * without running it, and it runs exactly once by the next quiescent end.
 * The oracle sees the deferred work only as an internal one; this file
 * checks those promises.
 */
#include <linux/hardirq.h>
#include <linux/sched.h>
#include <linux/workqueue.h>

#include "fuzz/exec/executor.h"

/* The function given to execute_in_process_context(). */
static void eipc_fn(struct work_struct *work)
{
	struct wq_eipc *e = container_of(work, struct wq_eipc, ew.work);
	struct wq_exec *x = e->x;

	atomic_fetch_add_explicit(&x->works_run, 1, memory_order_relaxed);
	if (atomic_load(&e->caller) == current)
		atomic_fetch_add(&e->ran_in_caller, 1);
	else
		atomic_fetch_add(&x->eipc_ran_deferred, 1);
}

/**
 * wq_eipc_is_fn - is @fn the function execute_in_process_context() runs
 * (a deferred one is an internal work in the trace)?
 */
bool wq_eipc_is_fn(work_func_t fn)
{
	return fn == eipc_fn;
}

/**
 * wq_eipc_call - call execute_in_process_context() with @e and judge it
 * @x: the run
 * @e: the caller's execute_work (never one still pending)
 * @who: "t0" or "w3", for the report
 *
 * Returns what the call returned.
 */
int wq_eipc_call(struct wq_exec *x, struct wq_eipc *e, const char *who)
{
	bool irq = in_interrupt();
	int ret, ran;

	e->x = x;
	atomic_store(&e->caller, current);
	atomic_store(&e->ran_in_caller, 0);
	ret = execute_in_process_context(eipc_fn, &e->ew);
	ran = atomic_load(&e->ran_in_caller);
	atomic_store(&e->caller, NULL);
	if (ret == (irq ? 1 : 0) && ran == (irq ? 0 : 1)) {
		if (irq)
			atomic_fetch_add(&x->eipc_deferred, 1);
		return ret;
	}
	wq_fail_async(x, irq ? "execute_in_process_context did not defer from interrupt context" :
			    "execute_in_process_context did not run its function at once",
		      "%s called it %s interrupt context: returned %d, its function ran %d time(s) in the caller before it returned (2.6.29: %s)\n",
		      who, irq ? "in" : "outside", ret, ran,
		      irq ? "schedule_work() and return 1" :
			    "fn(&ew->work) once, then return 0");
	return ret;
}

/**
 * wq_eipc_check - at a quiescent end: every deferred function ran once
 * @x: the run
 *
 * Returns false (failure recorded) otherwise.
 */
bool wq_eipc_check(struct wq_exec *x)
{
	unsigned int deferred = atomic_load(&x->eipc_deferred);
	unsigned int ran = atomic_load(&x->eipc_ran_deferred);

	if (deferred == ran)
		return true;
	wq_fail(x, WQ_FAIL_ORACLE, -1, -1,
		deferred > ran ? "execute_in_process_context work never ran" :
				 "execute_in_process_context work ran more often than deferred",
		"%u call(s) from interrupt context deferred the function to keventd; it ran %u time(s) outside its caller by the end\n",
		deferred, ran);
	return false;
}
