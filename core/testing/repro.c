// SPDX-License-Identifier: GPL-2.0-only
/*
 * wqrepro: the runtime of the standalone C reproducers (see repro.h).
 *
 * Tasks: the boot task ("swapper", main) drives the program; actors
 * t0..t<n-1> are kenv actors that sleep in wait_for_completion() on
 * their own completion between ops, started on CPU i % cpus, as
 * fuzz/exec/actors.c does, so a controlled schedule picks the same
 * interleaving as the fuzzer's executor. The checks, inline around the
 * calls and after each step, are repro_checks.c's.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/freezer.h>
#include <linux/jiffies.h>
#include <linux/sched.h>

#include "core/testing/repro.h"
#include "core/testing/repro_checks.h"

#define RP_HANG_MS		10000	/* free mode: a step's real-time bound */
#define RP_DRAIN_MAX		4096	/* free mode: clock jumps at the end */
#define RP_HORIZON_PER_STEP	64	/* as fuzz/exec/sched.c */
#define RP_PREEMPT_PER_DEPTH	16

struct workqueue_struct *rp_wq[RP_MAX_WQS];
bool rp_frozen;

static const char *const wq_names[RP_MAX_WQS] = { "q0", "q1", "q2", "q3" };
static struct lock_class_key wq_keys[RP_MAX_WQS];

static struct rp_config cfg;
static bool ctl;			/* controlled mode on (main only) */
static int cur_step = -1;		/* the running step; -1: the end (main only) */

struct actor {
	struct task_struct *task;
	char comm[8];
	struct completion go;		/* main -> actor: run ->job */
	_Atomic(rp_op_fn) job;		/* set before complete(&go); relaxed */
};
static struct actor actors[RP_MAX_ACTORS];
/* ops of the step not yet returned; futex word main waits on */
static _Atomic unsigned int left;
static rp_op_fn stop_job;		/* a NULL job ends the actor */

static void failure_handler(const struct kenv_failure *f, void *arg)
{
	const char *file = f->file ? strrchr(f->file, '/') : NULL;

	(void)arg;
	fprintf(stderr, "%s\n", f->message);
	rp_fail("%s: %s (task %s, %s:%d)", kenv_failure_kind_name(f->kind),
		f->title, f->task, file ? file + 1 : f->file ? f->file : "?",
		f->line);
}

/* ---- boot and setup ---- */

void rp_boot(const struct rp_config *c)
{
	struct kenv_config kc = { .nr_cpus = c->cpus };

	cfg = *c;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (kenv_init(&kc)) {
		fprintf(stderr, "wqrepro: kenv_init failed\n");
		exit(2);
	}
	kenv_set_failure_handler(failure_handler, NULL);
	rp_checks_start();
}

void rp_init_work(struct rp_work *w, int index, work_func_t fn, bool delayed)
{
	memset(&w->dwork, 0, sizeof(w->dwork));
	w->index = index;
	if (delayed)
		INIT_DELAYED_WORK(&w->dwork, fn);
	else
		INIT_WORK(&w->work, fn);
	lockdep_init_map(&w->work.lockdep_map, rp_work_name(index), &w->key,
			 0);
	rp_checks_add_work(w);
}

struct workqueue_struct *rp_create(int slot, enum rp_kind kind)
{
	rp_wq[slot] = __create_workqueue_key(wq_names[slot], kind != RP_MULTI,
					     kind == RP_FREEZEABLE,
					     &wq_keys[slot], wq_names[slot]);
	return rp_wq[slot];
}

static void left_wake(void)
{
	syscall(SYS_futex, &left, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static int actor_fn(void *arg)
{
	struct actor *a = arg;
	rp_op_fn job;

	for (;;) {
		wait_for_completion(&a->go);
		job = atomic_load_explicit(&a->job, memory_order_relaxed);
		if (job == stop_job)
			return 0;
		job();
		/* release: the program orders step k before step k+1 */
		if (atomic_fetch_sub_explicit(&left, 1, memory_order_release) == 1)
			left_wake();
	}
}

static bool step_done(void *arg)
{
	(void)arg;
	return !atomic_load_explicit(&left, memory_order_acquire);
}

static bool timers_drained(void *arg)
{
	(void)arg;
	return !kenv_next_timer(NULL);
}

static void stuck(int res, const char *when)
{
	static char tasks[8192];

	kenv_sched_controlled_report(tasks, sizeof(tasks));
	fprintf(stderr, "%s", tasks);
	rp_fail("%s under the controlled scheduler %s",
		res == KENV_SCHED_LIVELOCK ? "livelock" : "deadlock", when);
}

/*
 * RP_STEPS: every controlled run of a step follows the step's plan, the
 * end of the program an empty one, as fuzz/exec/sched.c's plan_step().
 */
static void plan_step(void)
{
	struct kenv_sched_plan plan = { 0 };
	const struct rp_plan *sp;
	int i, err;

	if (cfg.sched != RP_STEPS)
		return;
	if (cur_step >= 0 && cur_step < cfg.nplan) {
		sp = &cfg.plan[cur_step];
		plan.order = sp->order;
		for (i = 0; i < RP_MAX_CHANGES && sp->at[i]; i++)
			plan.change[plan.nchange++] = sp->at[i];
	}
	err = kenv_sched_controlled_plan(&plan);
	if (err)
		rp_fail("step %d: bad schedule plan (%d)", cur_step, err);
}

/* Controlled: run until @done and nothing can run. */
static void ctl_run(bool (*done)(void *), unsigned int flags, const char *when)
{
	int res;

	plan_step();
	res = kenv_sched_controlled_run(done, NULL, flags);

	if (res < 0)
		rp_fail("controlled scheduler misuse (%d) %s", res, when);
	if (res != KENV_SCHED_IDLE)
		stuck(res, when);
}

/* Free threads: wait until every task sleeps, jumping the clock to the
 * next timer while @done does not hold; a hang after RP_HANG_MS. */
static void free_wait(bool (*done)(void *), bool clock, const char *when)
{
	unsigned long exp, last = kenv_activity() + jiffies;
	struct timespec t0, now;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (kenv_wait_idle(20000) == 0) {
			if (done && done(NULL) && (!clock || kenv_timers_idle()))
				return;
			if (!done)
				return;
			if (clock && kenv_next_timer(&exp) &&
			    time_after(exp, jiffies)) {
				kenv_advance_jiffies(exp - jiffies);
				continue;
			}
		}
		if (kenv_activity() + jiffies != last) {
			last = kenv_activity() + jiffies;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - t0.tv_sec) * 1000 +
		    (now.tv_nsec - t0.tv_nsec) / 1000000 > RP_HANG_MS)
			rp_fail("hang %s: no progress for %d ms", when, RP_HANG_MS);
	}
}

static void wait_run(bool (*done)(void *), unsigned int flags, const char *when)
{
	if (ctl)
		ctl_run(done, flags, when);
	else
		free_wait(done, flags & KENV_RUN_CLOCK, when);
}

void rp_start(void)
{
	struct kenv_sched_params prm = {
		.seed = cfg.seed,
		.depth = cfg.depth ? cfg.depth : 1,
		.horizon = RP_HORIZON_PER_STEP,
		.per_run = true,
	};
	struct task_struct *t;
	int i, err;

	for (i = 0; i < cfg.actors; i++) {
		snprintf(actors[i].comm, sizeof(actors[i].comm), "t%d", i);
		init_completion(&actors[i].go);
	}
	for (i = 0; i < cfg.actors; i++) {
		t = kenv_actor_start(actors[i].comm, i % cfg.cpus, actor_fn,
				     &actors[i]);
		if (!t)
			rp_fail("kenv_actor_start failed");
		actors[i].task = t;
	}
	/* every new worker reaches its first sleep (set_freezable() ran) */
	free_wait(NULL, false, "at setup");
	if (cfg.sched == RP_STEPS)		/* planned per step */
		prm.depth = 1 + RP_MAX_CHANGES;
	if (cfg.sched != RP_FREE) {
		prm.policy = cfg.sched == RP_RANDOM ? KENV_SCHED_RANDOM :
			     KENV_SCHED_PCT;
		prm.max_preemptions = RP_PREEMPT_PER_DEPTH * prm.depth;
		err = kenv_sched_controlled_begin(&prm);
		if (err)
			rp_fail("controlled scheduler could not start (%d)", err);
		ctl = true;
	}
	if (cfg.fault == RP_FAULT_ALLOC)
		kenv_fail_alloc_nth(cfg.fault_nth);
	else if (cfg.fault == RP_FAULT_KTHREAD)
		kenv_fail_kthread_nth(cfg.fault_nth);
	if (cfg.racy_bitops)
		kenv_inject_racy_bitops(true);
}

/* Start @ops on their actors (in actor order) and wait for them. */
static void run_jobs(rp_op_fn ops[RP_MAX_ACTORS], const char *when)
{
	unsigned int n = 0;
	int i;

	for (i = 0; i < cfg.actors; i++)
		n += ops[i] != NULL;
	if (!n)
		return;
	atomic_store_explicit(&left, n, memory_order_relaxed);
	for (i = 0; i < cfg.actors; i++) {
		if (!ops[i])
			continue;
		atomic_store_explicit(&actors[i].job, ops[i], memory_order_relaxed);
		complete(&actors[i].go);
	}
	wait_run(step_done, KENV_RUN_CLOCK, when);
}

void rp_step(int step, rp_op_fn ops[RP_MAX_ACTORS])
{
	char when[32];

	snprintf(when, sizeof(when), "in step %d", step);
	cur_step = step;
	run_jobs(ops, when);
	wait_run(NULL, 0, when);	/* quiesce */
	cur_step = -1;
	rp_checks_step(step, rp_wq);
}

/* ---- the end: as fuzz/exec/exec.c's end phase, run by actor t0 ---- */

static void job_thaw(void)
{
	if (rp_frozen) {
		thaw_processes();
		rp_frozen = false;
	}
}

static void job_flush_all(void)
{
	int i;

	for (i = 0; i < RP_MAX_WQS; i++)
		if (rp_wq[i])
			flush_workqueue(rp_wq[i]);
	flush_scheduled_work();
}

static void job_destroy_all(void)
{
	struct workqueue_struct *wq;
	int i;

	for (i = 0; i < RP_MAX_WQS; i++) {
		wq = rp_wq[i];
		rp_wq[i] = NULL;
		if (wq)
			destroy_workqueue(wq);
	}
}

static void t0_job(rp_op_fn job, const char *when)
{
	rp_op_fn ops[RP_MAX_ACTORS] = { job };

	run_jobs(ops, when);
}

static void drain(void)
{
	int i;

	if (ctl) {
		ctl_run(timers_drained, KENV_RUN_CLOCK, "at the end");
		return;
	}
	for (i = 0; i < RP_DRAIN_MAX && !timers_drained(NULL); i++)
		free_wait(timers_drained, true, "at the end");
}

void rp_end(void)
{
	struct kenv_leaks leaks;
	int i;

	t0_job(job_thaw, "at the end (thaw)");
	drain();
	t0_job(job_flush_all, "at the end (flush)");
	drain();
	t0_job(job_destroy_all, "at the end (destroy)");
	if (ctl) {
		kenv_sched_controlled_end();
		ctl = false;
	}
	for (i = 0; i < cfg.actors; i++) {
		atomic_store_explicit(&actors[i].job, stop_job, memory_order_relaxed);
		complete(&actors[i].go);
	}
	for (i = 0; i < cfg.actors; i++)
		kenv_actor_join(actors[i].task);
	rp_checks_stop();
	if (kenv_reset(&leaks))
		rp_fail("leak after the end: %d tasks, %d workqueues, %d allocations (%zu bytes)",
			leaks.tasks, leaks.objects, leaks.allocations,
			leaks.bytes);
	printf("wqrepro: passed (the failure did not reproduce)\n");
	exit(0);
}
