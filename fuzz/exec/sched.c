// SPDX-License-Identifier: GPL-2.0-only
/*
 * Controlled mode of the executor: the program's "schedule pct|random
 * seed=N depth=D" runs it under kenv's controlled scheduler (one task at
 * a time, the interleaving chosen by the seed), so a run replays bit for
 * bit; "schedule steps" runs each step under planned PCT from the step's
 * own schedule (plan_step(): priorities from the tasks' names and the
 * step's order, its change points), no seed. "schedule free" keeps free
 * threads and none of this applies. Its waits are wq_wait_controlled
 * (struct wq_wait_ops), in place from wq_sched_begin() to wq_sched_end().
 *
 * The harness (main, the boot task) holds the baton between runs: it
 * starts a step (completes the actors' go completions, which only makes
 * them runnable) and calls kenv_sched_controlled_run(), which returns
 * when no task can run. While the step's ops have not all returned the
 * scheduler moves the virtual clock to the next timer itself; with no
 * timer left that is a deadlock, reported at once with every task's
 * blocked-on object. A run over the scheduling-point budget is a
 * livelock. No real-time hang detection applies in this mode.
 */
#include <stdio.h>
#include <string.h>
#include <linux/jiffies.h>

#include "fuzz/exec/executor.h"
#include "fuzz/prog/ops.h"

/*
 * Each step is one run of the scheduler (per_run): PCT draws new
 * priorities and its d-1 change points within the step's first
 * SCHED_HORIZON_PER_STEP decisions, and the random walk's preemption
 * bound is per step. A session-wide horizon spread the change points
 * over the whole program and a session-wide bound was spent by step 0,
 * so a race inside a later step was almost never reached.
 */
#define SCHED_PREEMPT_PER_DEPTH	16	/* random: preemptions per depth */
#define SCHED_HORIZON_PER_STEP	64	/* PCT: decisions per step, rough */

/* What a controlled run waits for, as kenv's done(arg) sees it. */
struct run_until {
	struct wq_exec *x;
	wq_done_fn done;
};

static bool call_done(void *arg)
{
	struct run_until *u = arg;

	return u->done(u->x);
}

static bool timers_drained(void *arg)
{
	(void)arg;
	return !kenv_next_timer(NULL);
}

/**
 * wq_sched_begin - enter controlled mode if the program asks for it
 * @x: the run
 *
 * Called after setup, with the system idle. Returns false (failure
 * recorded) if the scheduler could not start.
 */
bool wq_sched_begin(struct wq_exec *x)
{
	const struct wq_prog *p = x->prog;
	struct kenv_sched_params prm = {
		.seed = p->sched_seed,
		.depth = p->sched_depth ? p->sched_depth : 1,
		.horizon = SCHED_HORIZON_PER_STEP,
		.per_run = true,
	};
	int err;

	if (p->sched_mode == WQ_SCHED_FREE)
		return true;
	if (p->sched_mode == WQ_SCHED_STEPS)	/* planned per step: run() */
		prm.depth = 1 + WQ_MAX_CHANGES;
	prm.policy = p->sched_mode == WQ_SCHED_RANDOM ? KENV_SCHED_RANDOM :
		KENV_SCHED_PCT;
	prm.max_preemptions = SCHED_PREEMPT_PER_DEPTH * prm.depth;
	err = kenv_sched_controlled_begin(&prm);
	if (err) {
		wq_fail(x, WQ_FAIL_KERNEL, -1, -1,
			"controlled scheduler could not start",
			"kenv_sched_controlled_begin: %d\n", err);
		return false;
	}
	x->wait = &wq_wait_controlled;
	wq_feedback_open();
	return true;
}

/**
 * wq_sched_end - back to free threads (before the actors are stopped)
 * @x: the run
 *
 * Keeps the scheduler's counters in the result.
 */
void wq_sched_end(struct wq_exec *x)
{
	struct kenv_sched_stats st;

	if (x->wait != &wq_wait_controlled)
		return;
	wq_feedback_close();
	kenv_sched_controlled_stats(&st);
	x->r->sched_points = st.points;
	x->r->sched_decisions = st.decisions;
	x->r->sched_switches = st.switches;
	atomic_fetch_add(&x->clock_jumps, (unsigned int)st.clock_jumps);
	kenv_sched_controlled_end();
	x->wait = &wq_wait_free;
}

static void report_stuck(struct wq_exec *x, int res, int step)
{
	char tasks[6144], title[160];
	const char *what = res == KENV_SCHED_LIVELOCK ? "livelock" : "deadlock";
	const char *where;
	int actor, i;

	kenv_sched_controlled_report(tasks, sizeof(tasks));
	where = wq_stuck_where(x, step, &actor);
	/* A livelock is the spinning task's: if it is an actor, its call. */
	for (i = 0; res == KENV_SCHED_LIVELOCK && i < x->nactors; i++)
		if (!strcmp(x->actor[i].comm, kenv_sched_controlled_stuck()))
			where = wq_actor_where(x, step, actor = i);
	snprintf(title, sizeof(title), "%s in %s", what, where ? where : "?");
	wq_fail(x, WQ_FAIL_HANG, step, actor, title,
		"%s under the controlled scheduler (jiffies %lu)\n%s", what,
		jiffies, tasks);
}

/*
 * Mode steps: every run of step @step (its ops, then the works they
 * left) follows the step's schedule; the end of the program (@step -1)
 * an empty one (order 0, no change point).
 */
static void plan_step(struct wq_exec *x, int step)
{
	const struct wq_prog *p = x->prog;
	struct kenv_sched_plan plan = { 0 };
	const struct wq_sched_step *sp;
	int i;

	if (p->sched_mode != WQ_SCHED_STEPS)
		return;
	if (step >= 0 && step < p->nsteps) {
		sp = &p->plan[step];
		plan.order = sp->order;
		for (i = 0; i < WQ_MAX_CHANGES && sp->at[i]; i++)
			plan.change[plan.nchange++] = sp->at[i];
	}
	kenv_sched_controlled_plan(&plan);	/* legal programs: cannot fail */
}

/* One controlled run; false on a failure or a deadlock/livelock. */
static bool run(struct wq_exec *x, bool (*done)(void *), void *arg,
		unsigned int flags, int step)
{
	int res;

	plan_step(x, step);
	res = kenv_sched_controlled_run(done, arg, flags);

	if (wq_failed(x))
		return false;
	if (res == KENV_SCHED_IDLE)
		return true;
	if (res < 0) {
		wq_fail(x, WQ_FAIL_KERNEL, step, -1,
			"controlled scheduler misuse",
			"kenv_sched_controlled_run: %d\n", res);
		return false;
	}
	report_stuck(x, res, step);
	return false;
}

/*
 * wq_wait_progress(), controlled: run until @done() holds and nothing
 * can run, moving the clock while @done() does not hold.
 */
static bool ctl_progress(struct wq_exec *x, wq_done_fn done, int step)
{
	struct run_until u = { x, done };

	if (!run(x, call_done, &u, KENV_RUN_CLOCK, step))
		return false;
	return done(x);	/* acquire: the ops of the step happen before */
}

/* wq_quiesce(), controlled: run until nothing can run. */
static bool ctl_quiesce(struct wq_exec *x, int step)
{
	return run(x, NULL, NULL, 0, step);
}

/* wq_drain_timers(), controlled: fire every timer. */
static bool ctl_drain(struct wq_exec *x)
{
	return run(x, timers_drained, NULL, KENV_RUN_CLOCK, -1);
}

/* The waits of controlled mode (wq_sched_begin() to wq_sched_end()). */
const struct wq_wait_ops wq_wait_controlled = {
	.progress = ctl_progress,
	.quiesce = ctl_quiesce,
	.drain = ctl_drain,
};
