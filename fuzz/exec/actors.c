// SPDX-License-Identifier: GPL-2.0-only
/*
 * Actor tasks: t0..t(n-1), kenv actors living for the whole program, t_i
 * started on CPU i % ncpus. Between jobs an actor sleeps in
 * wait_for_completion() on its own completion, so it is an ordinary
 * sleeping kernel task to kenv (and to a controlled scheduler).
 *
 * Main (the boot task, i.e. the harness) starts a step by completing the
 * go completion of every actor with an op, then waits for the count of
 * running ops (atomic + futex) to reach zero, with a real-time bound
 * (clock.c). The count is release (actor) / acquire (main): the program
 * says every op of step k happens before every op of step k+1, so TSan
 * must see that edge (actor -> main -> next actors via the completion).
 * Nothing else of the harness adds edges: works run by workers are
 * ordered only by what the kernel itself provides.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/exec/executor.h"
#include "fuzz/prog/ops.h"

static void left_wake(struct wq_exec *x)
{
	syscall(SYS_futex, &x->left, FUTEX_WAKE_PRIVATE, INT_MAX, NULL,
		NULL, 0);
}

static int actor_fn(void *arg)
{
	struct wq_actor *a = arg;
	struct wq_exec *x = a->x;
	int index = a - x->actor;
	wq_job_fn job;

	for (;;) {
		wait_for_completion(&a->go);
		job = atomic_load_explicit(&a->job, memory_order_relaxed);
		if (!job)
			return 0;
		job(x, index);
		atomic_store_explicit(&a->busy, 0, memory_order_relaxed);
		/* release: the program orders step k before step k+1 */
		if (atomic_fetch_sub_explicit(&x->left, 1,
					      memory_order_release) == 1)
			left_wake(x);
	}
}

/**
 * wq_actor_of - actor index of task @p, or -1
 * @x: the run
 * @p: a task
 */
int wq_actor_of(struct wq_exec *x, const struct task_struct *p)
{
	int i;

	for (i = 0; i < x->nactors; i++)
		if (atomic_load_explicit(&x->actor[i].task,
					 memory_order_relaxed) == p)
			return i;
	return -1;
}

/**
 * wq_actors_start - start @n actor tasks
 * @x: the run
 * @n: number of actors
 *
 * Returns 0, or -1 if kenv could not start one.
 */
int wq_actors_start(struct wq_exec *x, int n)
{
	int i, ncpus = x->prog->ncpus;
	struct task_struct *t;

	for (i = 0; i < n; i++) {
		struct wq_actor *a = &x->actor[i];

		a->x = x;
		snprintf(a->comm, sizeof(a->comm), "t%d", i);
		init_completion(&a->go);
		atomic_store_explicit(&a->job, NULL, memory_order_relaxed);
		atomic_store(&a->busy, 0);
		atomic_store(&a->api_depth, 0);
		atomic_store(&a->task, NULL);
	}
	for (i = 0; i < n; i++) {
		t = kenv_actor_start(x->actor[i].comm, i % ncpus, actor_fn,
				     &x->actor[i]);
		if (!t)
			return -1;
		atomic_store_explicit(&x->actor[i].task, t,
				      memory_order_relaxed);
		x->nactors = i + 1;
	}
	return 0;
}

static bool step_done(struct wq_exec *x)
{
	return !atomic_load_explicit(&x->left, memory_order_acquire);
}

/**
 * wq_actors_run - run @job on the actors of @step and wait for them
 * @x: the run
 * @step: step index: the actors with an op in it run @job; -1: actor 0
 *        only (end-phase jobs)
 * @job: what they run
 *
 * Returns false on a hang or a recorded failure (then actors may still
 * be busy: do not start another job).
 */
bool wq_actors_run(struct wq_exec *x, int step, wq_job_fn job)
{
	bool run[WQ_MAX_ACTORS] = { false };
	unsigned int n = 0;
	int i;

	for (i = 0; i < x->nactors; i++) {
		run[i] = step < 0 ? i == 0 :
			x->prog->step[step][i].op != WQ_OP_NONE;
		n += run[i];
	}
	if (!n)
		return !wq_failed(x);
	atomic_store_explicit(&x->step, step, memory_order_relaxed);
	atomic_store_explicit(&x->left, n, memory_order_relaxed);
	for (i = 0; i < x->nactors; i++) {
		if (!run[i])
			continue;
		atomic_store_explicit(&x->actor[i].job, job,
				      memory_order_relaxed);
		atomic_store_explicit(&x->actor[i].busy, 1,
				      memory_order_relaxed);
		complete(&x->actor[i].go);
	}
	return wq_wait_progress(x, step_done, step);
}

/**
 * wq_actors_stop - end every actor and reap it
 * @x: the run
 *
 * Only when no actor is busy (after a clean run).
 */
void wq_actors_stop(struct wq_exec *x)
{
	int i;

	for (i = 0; i < x->nactors; i++) {
		atomic_store_explicit(&x->actor[i].job, NULL,
				      memory_order_relaxed);
		complete(&x->actor[i].go);
	}
	for (i = 0; i < x->nactors; i++)
		kenv_actor_join(atomic_load(&x->actor[i].task));
	x->nactors = 0;
}

/**
 * wq_left_wait - futex-wait (at most @us microseconds) while the count of
 * running ops is @val
 * @x: the run
 * @val: the value seen
 * @us: bound
 */
void wq_left_wait(struct wq_exec *x, unsigned int val, long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	syscall(SYS_futex, &x->left, FUTEX_WAIT_PRIVATE, val, &ts, NULL, 0);
}

/**
 * wq_actors_wait - wait until every started job returned
 * @x: the run
 *
 * Returns false on a hang or a recorded failure.
 */
bool wq_actors_wait(struct wq_exec *x)
{
	return wq_wait_progress(x, step_done, x->step);
}

/**
 * wq_stuck_where - where the first busy actor is stuck, for hang titles
 * @x: the run
 * @step: the step (or -1: setup/end)
 * @actor: set to that actor, or -1 if none is busy
 *
 * Returns its innermost workqueue API call, else its op's name.
 */
const char *wq_stuck_where(struct wq_exec *x, int step, int *actor)
{
	int i;

	for (i = 0; i < x->nactors; i++)
		if (atomic_load_explicit(&x->actor[i].busy,
					 memory_order_relaxed))
			return wq_actor_where(x, step, *actor = i);
	*actor = -1;
	return "quiesce";
}

/**
 * wq_actor_where - where actor @i is, for hang titles
 * @x: the run
 * @step: the step (or -1: setup/end)
 * @i: the actor
 *
 * Its innermost workqueue API call, else its op's name.
 */
const char *wq_actor_where(struct wq_exec *x, int step, int i)
{
	struct wq_actor *a = &x->actor[i];
	int depth;

	depth = atomic_load_explicit(&a->api_depth, memory_order_relaxed);
	if (depth > WQ_API_DEPTH)
		depth = WQ_API_DEPTH;
	if (depth > 0)
		return atomic_load_explicit(&a->api[depth - 1],
					    memory_order_relaxed);
	if (step >= 0)
		return wq_ops[x->prog->step[step][i].op].name;
	return "end of program";
}
