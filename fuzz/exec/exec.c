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

struct wq_exec wq_x;

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

static void state_reset(const struct wq_prog *p, const struct wq_exec_opts *o,
			struct wq_exec_result *r)
{
	memset(r, 0, sizeof(*r));
	r->step = -1;
	r->actor = -1;
	wq_x.prog = p;
	wq_x.opts = o;
	wq_x.r = r;
	wq_x.oracle = oracle;
	memset(wq_x.stale, 0, sizeof(wq_x.stale));
	memset(wq_x.ew, 0, sizeof(wq_x.ew));
	wq_x.nactors = 0;
	wq_x.step = -1;
	wq_x.ctl = false;
	atomic_store(&wq_x.left, 0);
	atomic_store(&wq_x.kfailed, 0);
	atomic_store(&wq_x.ops_run, 0);
	atomic_store(&wq_x.works_run, 0);
	atomic_store(&wq_x.clock_jumps, 0);
	atomic_store(&wq_x.events, 0);
	atomic_store(&wq_x.misuse_flush_own, 0);
	atomic_store(&wq_x.eipc_deferred, 0);
	atomic_store(&wq_x.eipc_ran_deferred, 0);
	wq_x.afailed = false;
	wq_trace_reset(&wq_x.trace, o->trace_out);
}

/* Create the header's workqueues, start the actors, arm the fault. */
static bool setup(void)
{
	const struct wq_prog *p = wq_x.prog;
	int i;

	wq_hooks_install();
	wq_world_setup(&wq_x.world, p);
	wq_oracle_begin(oracle, &wq_x.world);
	for (i = 0; i < p->nwqs; i++) {
		if (!wq_world_create(&wq_x.world, i)) {
			wq_fail(WQ_FAIL_KERNEL, -1, -1,
				"create_workqueue failed at setup",
				"__create_workqueue_key(q%d) returned NULL with no fault armed\n",
				i);
			return false;
		}
	}
	if (wq_actors_start(p->nactors)) {
		wq_fail(WQ_FAIL_KERNEL, -1, -1, "kenv_actor_start failed",
			"could not start %d actors\n", p->nactors);
		return false;
	}
	/*
	 * Let the new workers reach their first sleep: a freezeable worker
	 * is only freezable once it ran set_freezable(), so a freeze in
	 * step 0 would otherwise miss it -- a real 2.6.29 window, but one
	 * no caller hits (workqueues exist long before suspend).
	 */
	if (!wq_quiesce(-1) || !wq_sched_begin())
		return false;
	/* Armed (counters from 0) even when none fails: the counts the
	 * mutator draws n-ths from start here (feedback.h). */
	kenv_fail_alloc_nth(p->fault == WQ_FAULT_ALLOC ? p->fault_nth : 0);
	kenv_fail_kthread_nth(p->fault == WQ_FAULT_KTHREAD ? p->fault_nth : 0);
	if (wq_x.opts->inject_racy_bitops) {
		kenv_inject_racy_bitops(true);
		wq_x.r->injected = true;
	}
	return true;
}

/* Put the oracle's verdict @v (a violation) into the result. */
static void take_verdict(const struct wq_verdict *v)
{
	struct wq_exec_result *r = wq_x.r;

	r->kind = WQ_FAIL_ORACLE;
	snprintf(r->title, sizeof(r->title), "%s", v->title);
	r->step = v->step;
	r->actor = -1;
	snprintf(r->detail, sizeof(r->detail), "%s", v->detail);
}

/* Run step @s's ops, quiesce, check. */
static bool run_step(int s)
{
	const struct wq_exec_opts *o = wq_x.opts;
	struct wq_exec_result *r = wq_x.r;
	struct wq_verdict v;

	if (!wq_actors_run(s, wq_op_job))
		return false;
	r->steps_run++;
	if (!wq_quiesce(s))
		return false;
	if (o->test_fault)
		o->test_fault(&wq_x.world, s, o->test_fault_arg);
	if (o->check_steps && !wq_oracle_check_step(oracle, s, &v)) {
		take_verdict(&v);
		if (r->step < 0)
			r->step = s;
		return false;
	}
	return wq_take_async_failure() && !wq_failed();
}

static bool run_steps(void)
{
	int s;

	for (s = 0; s < wq_x.prog->nsteps; s++)
		if (!run_step(s))
			return false;
	return true;
}

/* End-phase jobs, run by actor 0. */
static void job_thaw(int actor)
{
	struct wq_op thaw = { .op = WQ_OP_THAW };

	(void)actor;
	if (atomic_load(&wq_x.world.frozen)) {
		/* Bracketed like the op, so the oracle knows works may run. */
		wq_oracle_op_begin(wq_x.oracle, -1, 0, &thaw);
		thaw_processes();
		atomic_store(&wq_x.world.frozen, false);
		wq_oracle_op_end(wq_x.oracle, -1, 0, &thaw, 0);
	}
}

static void job_flush_all(int actor)
{
	struct workqueue_struct *wq;
	int i;

	(void)actor;
	for (i = 0; i < wq_x.prog->nwqs; i++) {
		wq = atomic_load_explicit(&wq_x.world.wq[i], memory_order_relaxed);
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
static void job_cancel_all(int actor)
{
	const struct wq_prog *p = wq_x.prog;
	int i;

	(void)actor;
	if (p->misuse)
		return;
	for (i = 0; i < p->nworks; i++) {
		/* A dead home: the work's data may name its freed cwq
		 * (FORMAT.md "Lifetime": no op names it any more). */
		if (p->work[i].beh == WQ_BEH_FREE_SELF ||
		    !wq_world_home(&wq_x.world, i))
			continue;
		if (p->work[i].delayed)
			cancel_delayed_work_sync(&wq_x.world.work[i].dwork);
		else
			cancel_work_sync(wq_world_ws(&wq_x.world, i));
	}
}

static void job_destroy_all(int actor)
{
	struct workqueue_struct *wq;
	int i;

	(void)actor;
	for (i = 0; i < wq_x.prog->nwqs; i++) {
		wq = atomic_exchange(&wq_x.world.wq[i], NULL);
		if (wq)
			destroy_workqueue(wq);
	}
}

/* Thaw, fire every timer, flush everything (the checked quiescent end). */
static bool end_quiesce(void)
{
	return wq_actors_run(-1, job_thaw) && wq_drain_timers() &&
		wq_actors_run(-1, job_flush_all) && wq_drain_timers();
}

static bool end_checks(void)
{
	struct wq_verdict v;

	if (wq_x.prog->misuse && atomic_load(&wq_x.misuse_flush_own) &&
	    !atomic_load(&wq_x.kfailed)) {
		wq_fail(WQ_FAIL_ORACLE, -1, -1,
			"misuse not detected: flush_own_wq",
			"a work flushed its own workqueue and lockdep stayed silent\n");
		return false;
	}
	if (!wq_oracle_check_end(oracle, &v)) {
		take_verdict(&v);
		return false;
	}
	return wq_take_async_failure() &&
		wq_self_check() && wq_eipc_check() && !wq_failed();
}

static void check_leaks(const struct kenv_leaks *l)
{
	const char *what = l->tasks ? "tasks" :
		l->objects ? "workqueues" : "allocations";
	char title[64];

	snprintf(title, sizeof(title), "leak of %s after quiesce", what);
	wq_fail(WQ_FAIL_LEAK, -1, -1, title,
		"kenv_reset: %d tasks, %d workqueues, %d allocations (%zu bytes) left\n",
		l->tasks, l->objects, l->allocations, l->bytes);
}

/* May kenv be reset after a failure? Not if a task may never sleep
 * again or a workqueue may never flush (BUG, oops, hang). */
static bool failure_is_fatal(void)
{
	if (wq_x.r->kind == WQ_FAIL_HANG)
		return true;
	if (atomic_load(&wq_x.kfailed))
		return wq_x.kfail.kind == KENV_FAIL_BUG ||
			wq_x.kfail.kind == KENV_FAIL_OOPS;
	return false;
}

/*
 * After a non-fatal failure: finish the step and the end phase without
 * recording anything more, so kenv can be reset. True if it could.
 */
static bool cleanup_after_failure(struct wq_exec_result *saved)
{
	struct wq_exec_result *real = wq_x.r;
	struct wq_exec_result *scratch = malloc(sizeof(*scratch));
	bool ok;

	if (!scratch)
		return false;
	*saved = *real;
	memset(scratch, 0, sizeof(*scratch));
	wq_x.r = scratch;
	atomic_store(&wq_x.cleaning, true);
	atomic_store(&wq_x.kfailed, 0);
	ok = wq_actors_wait() && wq_actors_run(-1, job_thaw) &&
		wq_actors_run(-1, job_cancel_all) && end_quiesce() &&
		wq_actors_run(-1, job_destroy_all);
	if (ok) {
		wq_sched_end();
		wq_actors_stop();
	}
	atomic_store(&wq_x.cleaning, false);
	wq_x.r = real;
	free(scratch);
	return ok;
}

/* Reset kenv if safe; otherwise leave it up and poison later runs. */
static void finish(bool clean)
{
	struct wq_exec_result *r = wq_x.r;
	struct wq_exec_result *saved = NULL;
	struct kenv_leaks leaks;
	bool can_reset = clean;

	if (!clean) {
		wq_take_kernel_failure();
		if (!failure_is_fatal()) {
			saved = malloc(sizeof(*saved));
			can_reset = saved && cleanup_after_failure(saved);
			if (saved)
				*r = *saved;
			free(saved);
		}
	}
	wq_sched_end();		/* controlled mode: counters, free threads */
	r->ops_run = atomic_load(&wq_x.ops_run);
	r->works_run = atomic_load(&wq_x.works_run);
	r->clock_jumps = atomic_load(&wq_x.clock_jumps);
	r->trace_hash = wq_trace_hash(&wq_x.trace);
	if (r->kind != WQ_FAIL_NONE)
		wq_trace_dump(&wq_x.trace, r->events, sizeof(r->events));
	kenv_set_event_hook(NULL, NULL);
	wq_feedback_record_counts(wq_x.prog);	/* before reset clears them */
	if (!can_reset) {
		kenv_poisoned = true;
		r->kenv_left_up = true;
		r->os_threads = kenv_nr_os_threads();
		wq_feedback_restore();
		return;
	}
	if (kenv_reset(&leaks) && clean)
		check_leaks(&leaks);
	r->os_threads = kenv_nr_os_threads();
	wq_feedback_restore();	/* coverage: the controlled phase only */
}

/* Boot kenv and set the program up; false: @r filled (and finished). */
static bool start(const struct wq_prog *p, const struct wq_exec_opts *o,
		  struct wq_exec_result *r)
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
		/* Tasks of the failed run may still read wq_x: touch nothing. */
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
	state_reset(p, o, r);
	if (kenv_init(&cfg)) {
		wq_fail(WQ_FAIL_KERNEL, -1, -1,
			"kenv unusable after an earlier failure",
			"kenv_init failed: an earlier run left kenv up; run each input in its own process\n");
		r->kenv_left_up = true;
		return false;
	}
	if (!setup()) {
		finish(false);
		return false;
	}
	return true;
}

/* The checked end: quiesce, end checks, destroy, stop, reset. */
static void end_phase(bool ok)
{
	ok = ok && end_quiesce() && end_checks() &&
		wq_actors_run(-1, job_destroy_all);
	if (ok) {
		wq_sched_end();
		wq_actors_stop();
	}
	finish(ok && !wq_failed());
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
	if (start(p, o, r))
		end_phase(run_steps());
	return verdict(p, o, r);
}

/* ---- sessions (exec.h) ---- */

static int session_verdict(void)
{
	return verdict(wq_x.prog, wq_x.opts, wq_x.r);
}

/* Publish the running counters into the result (sessions read them). */
static void session_counters(void)
{
	wq_x.r->ops_run = atomic_load(&wq_x.ops_run);
	wq_x.r->works_run = atomic_load(&wq_x.works_run);
	wq_x.r->clock_jumps = atomic_load(&wq_x.clock_jumps);
}

int wq_exec_open(const struct wq_prog *p, const struct wq_exec_opts *o,
		 struct wq_exec_result *r)
{
	if (!start(p, o, r))
		return verdict(p, o, r);
	return 0;
}

int wq_exec_step(int s)
{
	if (s < 0 || s >= WQ_MAX_STEPS)
		abort();
	if (!run_step(s)) {
		finish(false);
		return session_verdict();
	}
	session_counters();
	return 0;
}

int wq_exec_checkpoint(void)
{
	if (!end_quiesce() || !end_checks()) {
		finish(false);
		return session_verdict();
	}
	/* Nothing is pending or running: the model starts afresh, and
	 * self-requeueing works get their budget again. */
	wq_oracle_begin(oracle, &wq_x.world);
	wq_world_refill(&wq_x.world);
	session_counters();
	return 0;
}

int wq_exec_model_full(void)
{
	return wq_oracle_model_full(oracle);
}

int wq_exec_close(void)
{
	end_phase(true);
	return session_verdict();
}
