// SPDX-License-Identifier: GPL-2.0-only
/*
 * wq_exec_run(): boot kenv, build the world, run the steps with the
 * actors, check after every step, quiesce and check at the end, reset.
 * See exec.h for the contract and executor.h for the files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/freezer.h>
#include <linux/workqueue.h>

#include "fuzz/exec/executor.h"
#include "fuzz/report/report.h"

/*
 * The run: one at a time per process (kenv is global). Only the entry
 * points below name it; everything else gets it as an argument.
 */
static struct wq_exec the_run;

/* Kept across runs: the oracle's own allocations are reused. */
static struct wq_oracle *oracle;
/* Set when a failed run left kenv up: nothing more can run here. */
static bool kenv_poisoned;

/**
 * wq_exec_opts_default - hang_ms 2000, check_steps, nothing else
 * @o: options to fill
 */
void wq_exec_opts_default(struct wq_exec_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->hang_ms = 2000;
	o->check_steps = true;
}

static void state_reset(struct wq_exec *x, const struct wq_prog *p,
			const struct wq_exec_opts *o, struct wq_exec_result *r)
{
	memset(r, 0, sizeof(*r));
	r->step = -1;
	r->actor = -1;
	x->prog = p;
	x->opts = o;
	x->r = r;
	x->oracle = oracle;
	memset(x->stale, 0, sizeof(x->stale));
	memset(x->ew, 0, sizeof(x->ew));
	x->nactors = 0;
	x->step = -1;
	x->wait = &wq_wait_free;
	atomic_store(&x->left, 0);
	atomic_store(&x->kfailed, 0);
	atomic_store(&x->ops_run, 0);
	atomic_store(&x->works_run, 0);
	atomic_store(&x->clock_jumps, 0);
	atomic_store(&x->events, 0);
	atomic_store(&x->misuse_flush_own, 0);
	atomic_store(&x->eipc_deferred, 0);
	atomic_store(&x->eipc_ran_deferred, 0);
	x->afailed = false;
	wq_beh_internal_runs(true);
	wq_trace_reset(&x->trace, o->trace_out);
}

/* Create the header's workqueues, start the actors, arm the fault. */
static bool setup(struct wq_exec *x)
{
	const struct wq_prog *p = x->prog;
	int i;

	wq_hooks_install(x);
	wq_world_setup(&x->world, p);
	wq_oracle_begin(oracle, &x->world);
	for (i = 0; i < p->nwqs; i++) {
		if (!wq_world_create(&x->world, i)) {
			wq_fail(x, WQ_FAIL_KERNEL, -1, -1,
				"create_workqueue failed at setup",
				"__create_workqueue_key(q%d) returned NULL with no fault armed\n",
				i);
			return false;
		}
	}
	if (wq_actors_start(x, p->nactors)) {
		wq_fail(x, WQ_FAIL_KERNEL, -1, -1, "kenv_actor_start failed",
			"could not start %d actors\n", p->nactors);
		return false;
	}
	/*
	 * Let the new workers reach their first sleep: a freezeable worker
	 * is only freezable once it ran set_freezable(), so a freeze in
	 * step 0 would otherwise miss it -- a real 2.6.29 window, but one
	 * no caller hits (workqueues exist long before suspend).
	 */
	if (!wq_quiesce(x, -1) || !wq_sched_begin(x))
		return false;
	/* Armed (counters from 0) even when none fails: the counts the
	 * mutator draws n-ths from start here (feedback.h). */
	kenv_fail_alloc_nth(p->fault == WQ_FAULT_ALLOC ? p->fault_nth : 0);
	kenv_fail_kthread_nth(p->fault == WQ_FAULT_KTHREAD ? p->fault_nth : 0);
	if (x->opts->inject_racy_bitops) {
		kenv_inject_racy_bitops(true);
		x->r->injected = true;
	}
	return true;
}

/* Put the oracle's verdict @v (a violation) into the result. */
static void take_verdict(struct wq_exec *x, const struct wq_verdict *v)
{
	struct wq_exec_result *r = x->r;

	r->kind = WQ_FAIL_ORACLE;
	snprintf(r->title, sizeof(r->title), "%s", v->title);
	r->step = v->step;
	r->actor = -1;
	snprintf(r->detail, sizeof(r->detail), "%s", v->detail);
}

/* Run step @s's ops, quiesce, check. */
static bool run_step(struct wq_exec *x, int s)
{
	const struct wq_exec_opts *o = x->opts;
	struct wq_exec_result *r = x->r;
	struct wq_verdict v;

	if (!wq_actors_run(x, s, wq_op_job))
		return false;
	r->steps_run++;
	if (!wq_quiesce(x, s))
		return false;
	if (o->test_fault)
		o->test_fault(&x->world, s, o->test_fault_arg);
	if (o->check_steps && !wq_oracle_check_step(oracle, s, &v)) {
		take_verdict(x, &v);
		if (r->step < 0)
			r->step = s;
		return false;
	}
	return wq_take_async_failure(x) && !wq_failed(x);
}

static bool run_steps(struct wq_exec *x)
{
	int s;

	for (s = 0; s < x->prog->nsteps; s++)
		if (!run_step(x, s))
			return false;
	return true;
}

/* End-phase jobs, run by actor 0. */
static void job_thaw(struct wq_exec *x, int actor)
{
	struct wq_op thaw = { .op = WQ_OP_THAW };

	(void)actor;
	if (atomic_load(&x->world.frozen)) {
		/* Bracketed like the op, so the oracle knows works may run. */
		wq_oracle_op_begin(x->oracle, -1, 0, &thaw);
		thaw_processes();
		atomic_store(&x->world.frozen, false);
		wq_oracle_op_end(x->oracle, -1, 0, &thaw, 0);
	}
}

static void job_flush_all(struct wq_exec *x, int actor)
{
	struct workqueue_struct *wq;
	int i;

	(void)actor;
	for (i = 0; i < x->prog->nwqs; i++) {
		wq = atomic_load_explicit(&x->world.wq[i],
					  memory_order_relaxed);
		if (wq)
			flush_workqueue(wq);
	}
	flush_scheduled_work();
}

/*
 * Cleanup after a failure only: cancel every work of a legal program, so
 * a failure that left a work's state broken (a cancel that took nothing
 * and cleared PENDING while its timer stayed armed, core/KNOWN_BUGS.md
 * grab_pending_delayed_recheck) does not BUG when the timers are drained.
 * A second cancel_delayed_work_sync() deletes that timer. Misuse programs
 * may have freed what a work's data points to: not there; nor works
 * whose home is destroyed (a work away from home keeps its destination
 * alive: FORMAT.md "Away from home").
 */
static void job_cancel_all(struct wq_exec *x, int actor)
{
	const struct wq_prog *p = x->prog;
	int i;

	(void)actor;
	if (p->misuse)
		return;
	for (i = 0; i < p->nworks; i++) {
		/* A dead home: the work's data may name its freed cwq
		 * (FORMAT.md "Lifetime": no op names it any more). */
		if (p->work[i].beh == WQ_BEH_FREE_SELF ||
		    !wq_world_home(&x->world, i))
			continue;
		if (p->work[i].delayed)
			cancel_delayed_work_sync(&x->world.work[i].dwork);
		else
			cancel_work_sync(wq_world_ws(&x->world, i));
	}
}

static void job_destroy_all(struct wq_exec *x, int actor)
{
	struct workqueue_struct *wq;
	int i;

	(void)actor;
	for (i = 0; i < x->prog->nwqs; i++) {
		wq = atomic_exchange(&x->world.wq[i], NULL);
		if (wq)
			destroy_workqueue(wq);
	}
}

/* Thaw, fire every timer, flush everything (the checked quiescent end). */
static bool end_quiesce(struct wq_exec *x)
{
	return wq_actors_run(x, -1, job_thaw) && wq_drain_timers(x) &&
		wq_actors_run(x, -1, job_flush_all) && wq_drain_timers(x);
}

static bool end_checks(struct wq_exec *x)
{
	struct wq_verdict v;

	if (x->prog->misuse && atomic_load(&x->misuse_flush_own) &&
	    !atomic_load(&x->kfailed)) {
		wq_fail(x, WQ_FAIL_ORACLE, -1, -1,
			"misuse not detected: flush_own_wq",
			"a work flushed its own workqueue and lockdep stayed silent\n");
		return false;
	}
	if (!wq_oracle_check_end(oracle, &v)) {
		take_verdict(x, &v);
		return false;
	}
	return wq_take_async_failure(x) &&
		wq_self_check(x) && wq_eipc_check(x) && !wq_failed(x);
}

static void check_leaks(struct wq_exec *x, const struct kenv_leaks *l)
{
	const char *what = l->tasks ? "tasks" :
		l->objects ? "workqueues" : "allocations";
	char title[64];

	snprintf(title, sizeof(title), "leak of %s after quiesce", what);
	wq_fail(x, WQ_FAIL_LEAK, -1, -1, title,
		"kenv_reset: %d tasks, %d workqueues, %d allocations (%zu bytes) left\n",
		l->tasks, l->objects, l->allocations, l->bytes);
}

/* May kenv be reset after a failure? Not if a task may never sleep
 * again or a workqueue may never flush (BUG, oops, hang). */
static bool failure_is_fatal(struct wq_exec *x)
{
	if (x->r->kind == WQ_FAIL_HANG)
		return true;
	if (atomic_load(&x->kfailed))
		return x->kfail.kind == KENV_FAIL_BUG ||
			x->kfail.kind == KENV_FAIL_OOPS;
	return false;
}

/*
 * After a non-fatal failure: finish the step and the end phase without
 * recording anything more, so kenv can be reset. True if it could.
 */
static bool cleanup_after_failure(struct wq_exec *x,
				  struct wq_exec_result *saved)
{
	struct wq_exec_result *real = x->r;
	struct wq_exec_result *scratch = malloc(sizeof(*scratch));
	bool ok;

	if (!scratch)
		return false;
	*saved = *real;
	memset(scratch, 0, sizeof(*scratch));
	x->r = scratch;
	atomic_store(&x->cleaning, true);
	atomic_store(&x->kfailed, 0);
	ok = wq_actors_wait(x) && wq_actors_run(x, -1, job_thaw) &&
		wq_actors_run(x, -1, job_cancel_all) && end_quiesce(x) &&
		wq_actors_run(x, -1, job_destroy_all);
	if (ok) {
		wq_sched_end(x);
		wq_actors_stop(x);
	}
	atomic_store(&x->cleaning, false);
	x->r = real;
	free(scratch);
	return ok;
}

/* Publish the running counters into the result (sessions read them). */
static void publish_counters(struct wq_exec *x)
{
	x->r->ops_run = atomic_load(&x->ops_run);
	x->r->works_run = atomic_load(&x->works_run) +
		wq_beh_internal_runs(false);
	x->r->clock_jumps = atomic_load(&x->clock_jumps);
}

/* Reset kenv if safe; otherwise leave it up and poison later runs. */
static void finish(struct wq_exec *x, bool clean)
{
	struct wq_exec_result *r = x->r;
	struct wq_exec_result *saved = NULL;
	struct kenv_leaks leaks;
	bool can_reset = clean;

	if (!clean) {
		wq_take_kernel_failure(x);
		if (!failure_is_fatal(x)) {
			saved = malloc(sizeof(*saved));
			can_reset = saved && cleanup_after_failure(x, saved);
			if (saved)
				*r = *saved;
			free(saved);
		}
	}
	wq_sched_end(x);		/* controlled mode: counters, free threads */
	publish_counters(x);
	r->trace_hash = wq_trace_hash(&x->trace);
	if (r->kind != WQ_FAIL_NONE)
		wq_trace_dump(&x->trace, r->events, sizeof(r->events));
	kenv_set_event_hook(NULL, NULL);
	wq_feedback_record_counts(x->prog);	/* before reset clears them */
	if (!can_reset) {
		kenv_poisoned = true;
		r->kenv_left_up = true;
		r->os_threads = kenv_nr_os_threads();
		wq_feedback_restore();
		return;
	}
	if (kenv_reset(&leaks) && clean)
		check_leaks(x, &leaks);
	r->os_threads = kenv_nr_os_threads();
	wq_feedback_restore();	/* coverage: the controlled phase only */
}

/* Boot kenv and set the program up; false: @r filled (and finished). */
static bool start(struct wq_exec *x, const struct wq_prog *p,
		  const struct wq_exec_opts *o, struct wq_exec_result *r)
{
	/*
	 * Controlled programs run one task at a time: on one real CPU every
	 * hand-off is a local wake-up that does not preempt the waker
	 * (kenv_config.one_cpu); free ones keep their parallelism.
	 */
	struct kenv_config cfg = {
		.nr_cpus = p->ncpus,
		.one_cpu = p->sched_mode != WQ_SCHED_FREE,
	};

	if (!oracle)
		oracle = wq_oracle_new();
	if (kenv_poisoned) {
		/* Tasks of the failed run may still read @x: touch nothing. */
		memset(r, 0, sizeof(*r));
		r->step = -1;
		r->actor = -1;
		r->kind = WQ_FAIL_KERNEL;
		r->kenv_left_up = true;
		snprintf(r->title, sizeof(r->title),
			 "kenv unusable after an earlier failure");
		snprintf(r->detail, sizeof(r->detail),
			 "an earlier run left kenv up; run each input in its own process\n");
		return false;
	}
	state_reset(x, p, o, r);
	if (kenv_init(&cfg)) {
		wq_fail(x, WQ_FAIL_KERNEL, -1, -1,
			"kenv unusable after an earlier failure",
			"kenv_init failed: an earlier run left kenv up; run each input in its own process\n");
		r->kenv_left_up = true;
		return false;
	}
	if (!setup(x)) {
		finish(x, false);
		return false;
	}
	return true;
}

/* The checked end: quiesce, end checks, destroy, stop, reset. */
static void end_phase(struct wq_exec *x, bool ok)
{
	ok = ok && end_quiesce(x) && end_checks(x) &&
		wq_actors_run(x, -1, job_destroy_all);
	if (ok) {
		wq_sched_end(x);
		wq_actors_stop(x);
	}
	finish(x, ok && !wq_failed(x));
}

/* The run's verdict (after finish): abort if asked to, else 0/1. */
static int verdict(const struct wq_prog *p, const struct wq_exec_opts *o,
		   struct wq_exec_result *r)
{
	if (r->kind != WQ_FAIL_NONE && o->abort_on_failure) {
		wq_report_print(stderr, p, r);
		fflush(stderr);
		abort();
	}
	return r->kind != WQ_FAIL_NONE;
}

int wq_exec_run(const struct wq_prog *p, const struct wq_exec_opts *o,
		struct wq_exec_result *r)
{
	struct wq_exec_opts def;

	if (!o) {
		wq_exec_opts_default(&def);
		o = &def;
	}
	if (start(&the_run, p, o, r))
		end_phase(&the_run, run_steps(&the_run));
	return verdict(p, o, r);
}

/* ---- sessions (exec.h) ---- */

static int session_verdict(struct wq_exec *x)
{
	return verdict(x->prog, x->opts, x->r);
}

int wq_exec_open(const struct wq_prog *p, const struct wq_exec_opts *o,
		 struct wq_exec_result *r)
{
	if (!start(&the_run, p, o, r))
		return verdict(p, o, r);
	return 0;
}

int wq_exec_step(int s)
{
	struct wq_exec *x = &the_run;

	if (s < 0 || s >= WQ_MAX_STEPS)
		abort();
	if (!run_step(x, s)) {
		finish(x, false);
		return session_verdict(x);
	}
	publish_counters(x);
	return 0;
}

int wq_exec_checkpoint(void)
{
	struct wq_exec *x = &the_run;

	if (!end_quiesce(x) || !end_checks(x)) {
		finish(x, false);
		return session_verdict(x);
	}
	/* Nothing is pending or running: the model starts afresh, and
	 * self-requeueing works get their budget again. */
	wq_oracle_begin(oracle, &x->world);
	wq_world_refill(&x->world);
	publish_counters(x);
	return 0;
}

int wq_exec_model_full(void)
{
	return wq_oracle_model_full(oracle);
}

int wq_exec_close(void)
{
	end_phase(&the_run, true);
	return session_verdict(&the_run);
}
