// SPDX-License-Identifier: GPL-2.0-only
/*
 * Idleness, the virtual clock's jumps, quiescence and hang detection.
 *
 * Idle: every kernel task but the boot task is asleep (kenv_task_info
 * ->asleep: waiting in schedule(), not yet started, parked or ended) and
 * no timer handler is running or due. kenv_wait_idle() tells exactly and
 * sleeps on a futex until it is so: a waker counts its wakee runnable at
 * wake time, so there is no window in which a woken task looks asleep.
 *
 * Jiffies move only by advance_jiffies ops, except when a step is
 * blocked and the system is idle with a timer pending: then the clock
 * jumps to that timer (a work in "sleep n" with no advance to come must
 * not hang). Progress is any change of kenv_activity(), of the number of
 * events or of jiffies; a wait without progress for hang_ms is a hang.
 * Only the real time the waiting loop was scheduled on time for counts:
 * a process starved on a loaded machine (rounds much longer than they
 * asked to sleep) is not a hang of the program. And while some task is
 * runnable, only the CPU time the process got counts: runnable tasks
 * the OS does not run (a loaded machine: the waiting loop on time, the
 * kernel's threads not) are not stuck; a livelock spins, so its CPU time
 * counts; a deadlock leaves every task asleep, so its real time counts.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/jiffies.h>
#include <linux/sched.h>

#include "fuzz/exec/executor.h"
#include "fuzz/prog/ops.h"

#define WAIT_MIN_US	20
#define WAIT_MAX_US	1000
#define IDLE_SLICE_US	5000	/* failure and progress checks, at least */
#define DRAIN_MAX	4096	/* timer jumps at the end, at most */
/* A round of wait_for() asks to sleep at most IDLE_SLICE_US + WAIT_MAX_US. */
#define ROUND_MAX_MS	((IDLE_SLICE_US + WAIT_MAX_US) / 1000 + 4)

static long clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static long now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* CPU time of the whole process: the kernel's tasks are its threads. */
static long cpu_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

/**
 * wq_idle - is every task asleep and no timer running or due?
 */
bool wq_idle(void)
{
	return kenv_wait_idle(0) == 0;
}

static unsigned long progress(void)
{
	return kenv_activity() +
		atomic_load_explicit(&wq_x.events, memory_order_relaxed) +
		jiffies;
}

/* Idle with a timer pending: move the clock to it. */
static bool jump_clock(void)
{
	unsigned long exp, now = jiffies;

	if (!kenv_next_timer(&exp) || !time_after(exp, now))
		return false;
	kenv_advance_jiffies(exp - now);
	atomic_fetch_add_explicit(&wq_x.clock_jumps, 1, memory_order_relaxed);
	return true;
}

static const char *state_name(long state)
{
	switch (state) {
	case TASK_RUNNING:
		return "R";
	case TASK_INTERRUPTIBLE:
		return "S";
	case TASK_UNINTERRUPTIBLE:
		return "D";
	case TASK_DEAD:
		return "X";
	}
	return "?";
}

struct dump {
	char *buf;
	size_t len, pos;
};

static int dump_fn(const struct kenv_task_info *ti, void *arg)
{
	struct dump *d = arg;
	char name[96];
	int n;

	if (d->pos >= d->len)
		return 1;
	n = snprintf(d->buf + d->pos, d->len - d->pos,
		     "task %-14s cpu%d %s%s%s blocked_in=%s on=%s %s\n",
		     ti->comm, ti->cpu, state_name(ti->state),
		     ti->frozen ? " frozen" : "",
		     ti->asleep ? " asleep" : " runnable",
		     ti->blocked_in ? ti->blocked_in : "-",
		     ti->blocked_what ? ti->blocked_what : "-",
		     kenv_obj_name(ti->blocked_on, ti->blocked_what, name,
				   sizeof(name)));
	if (n > 0)
		d->pos += n;
	return 0;
}

/**
 * wq_stuck_where - where the first busy actor is stuck, for hang titles
 * @step: the step (or -1: setup/end)
 * @actor: set to that actor, or -1 if none is busy
 *
 * Returns its innermost workqueue API call, else its op's name.
 */
const char *wq_stuck_where(int step, int *actor)
{
	int i;

	for (i = 0; i < wq_x.nactors; i++)
		if (atomic_load_explicit(&wq_x.actor[i].busy,
					 memory_order_relaxed))
			return wq_actor_where(step, *actor = i);
	*actor = -1;
	return "quiesce";
}

/**
 * wq_actor_where - where actor @i is, for hang titles
 * @step: the step (or -1: setup/end)
 * @i: the actor
 *
 * Its innermost workqueue API call, else its op's name.
 */
const char *wq_actor_where(int step, int i)
{
	struct wq_actor *a = &wq_x.actor[i];
	int depth;

	depth = atomic_load_explicit(&a->api_depth, memory_order_relaxed);
	if (depth > WQ_API_DEPTH)
		depth = WQ_API_DEPTH;
	if (depth > 0)
		return atomic_load_explicit(&a->api[depth - 1],
					    memory_order_relaxed);
	if (step >= 0)
		return wq_ops[wq_x.prog->step[step][i].op].name;
	return "end of program";
}

static void report_hang(int step, unsigned int ms)
{
	char tasks[6144], title[160];
	struct dump d = { tasks, sizeof(tasks), 0 };
	const char *where;
	int actor;

	tasks[0] = '\0';
	kenv_for_each_task(dump_fn, &d);
	where = wq_stuck_where(step, &actor);
	snprintf(title, sizeof(title), "hang in %s", where ? where : "?");
	wq_fail(WQ_FAIL_HANG, step, actor, title,
		"no progress for %u ms of real time (not counted: time the process was starved, or had runnable tasks but got no CPU; jiffies %lu)\n%s", ms,
		jiffies, tasks);
}

/* Idle and @done() not reached: nothing can change but by a failure. */
static void wait_stuck(bool jump, long us)
{
	struct timespec ts = { 0, us * 1000 };
	unsigned int left;

	left = atomic_load_explicit(&wq_x.left, memory_order_relaxed);
	if (jump && left)
		wq_left_wait(left, us);
	else
		nanosleep(&ts, NULL);
}

/*
 * Wait for @done(), jumping the clock when allowed (@jump). Sleeps until
 * the system is idle (kenv_wait_idle), at most IDLE_SLICE_US at a time:
 * a step's ops are followed by a quiesce anyway, so noticing the end of
 * the ops only once everything sleeps costs nothing.
 */
static bool wait_for(bool (*done)(void), int step, bool jump)
{
	unsigned int hang_ms = wq_x.opts->hang_ms;
	unsigned long seen = progress(), p;
	long prev = now_ms(), cprev = cpu_ms(), stalled = 0, now, cpu, round;
	long us = WAIT_MIN_US;
	bool idle;

	for (;;) {
		if (wq_failed())
			return false;
		if (done())
			return true;
		idle = !kenv_wait_idle(IDLE_SLICE_US);
		if (idle) {
			if (done())
				continue;
			if (!(jump && jump_clock()))
				wait_stuck(jump, us);
		}
		/*
		 * Count the real time this loop was on time for: a round
		 * that took far longer than it asked to sleep means the
		 * process was starved (a loaded machine), not that the
		 * tasks made no progress while they could run. With a task
		 * runnable, count at most the CPU time the process got.
		 */
		now = now_ms();
		cpu = cpu_ms();
		round = now - prev < ROUND_MAX_MS ? now - prev : ROUND_MAX_MS;
		if (!idle && cpu - cprev < round)
			round = cpu - cprev;
		stalled += round;
		prev = now;
		cprev = cpu;
		p = progress();
		if (p != seen) {
			seen = p;
			stalled = 0;
			us = WAIT_MIN_US;
			continue;
		}
		if (us < WAIT_MAX_US)
			us *= 2;
		if (stalled >= (long)hang_ms) {
			report_hang(step, hang_ms);
			return false;
		}
	}
}

/**
 * wq_wait_progress - wait for the running step (until @done()), jumping
 * the clock to the next timer whenever everything sleeps
 * @done: the step's end condition
 * @step: step index for reports (-1: end of program)
 *
 * Returns false on a hang (reported) or a recorded failure.
 */
bool wq_wait_progress(bool (*done)(void), int step)
{
	if (wq_x.ctl)
		return wq_sched_wait(done, step);	/* controlled: sched.c */
	return wait_for(done, step, true);
}

/**
 * wq_quiesce - wait until every task sleeps and no timer is due
 * @step: step index for reports
 *
 * Does not move the clock. Returns false on a hang or failure.
 */
bool wq_quiesce(int step)
{
	if (wq_x.ctl)
		return wq_sched_quiesce(step);
	return wait_for(wq_idle, step, false);
}

/**
 * wq_drain_timers - fire every pending timer, jumping the clock
 *
 * Returns false on a hang, a failure, or timers still pending after
 * DRAIN_MAX jumps (reported as a hang in "end of program").
 */
bool wq_drain_timers(void)
{
	int i;

	if (wq_x.ctl)
		return wq_sched_drain();
	for (i = 0; i < DRAIN_MAX; i++) {
		if (!wq_quiesce(-1))
			return false;
		if (!jump_clock())
			return true;
	}
	report_hang(-1, 0);
	return false;
}
