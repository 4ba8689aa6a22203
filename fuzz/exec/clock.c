// SPDX-License-Identifier: GPL-2.0-only
/*
 * Free mode's waits (wq_wait_free, struct wq_wait_ops in executor.h):
 * idleness, the virtual clock's jumps, quiescence and hang detection.
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

/* Is every task asleep and no timer running or due? */
static bool idle(struct wq_exec *x)
{
	(void)x;
	return kenv_wait_idle(0) == 0;
}

static unsigned long progress(struct wq_exec *x)
{
	return kenv_activity() +
		atomic_load_explicit(&x->events, memory_order_relaxed) +
		jiffies;
}

/* Idle with a timer pending: move the clock to it. */
static bool jump_clock(struct wq_exec *x)
{
	unsigned long exp, now = jiffies;

	if (!kenv_next_timer(&exp) || !time_after(exp, now))
		return false;
	kenv_advance_jiffies(exp - now);
	atomic_fetch_add_explicit(&x->clock_jumps, 1, memory_order_relaxed);
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

static void report_hang(struct wq_exec *x, int step, unsigned int ms)
{
	char tasks[6144], title[160];
	struct dump d = { tasks, sizeof(tasks), 0 };
	const char *where;
	int actor;

	tasks[0] = '\0';
	kenv_for_each_task(dump_fn, &d);
	where = wq_stuck_where(x, step, &actor);
	snprintf(title, sizeof(title), "hang in %s", where ? where : "?");
	wq_fail(x, WQ_FAIL_HANG, step, actor, title,
		"no progress for %u ms of real time (not counted: time the process was starved, or had runnable tasks but got no CPU; jiffies %lu)\n%s", ms,
		jiffies, tasks);
}

/* Idle and @done() not reached: nothing can change but by a failure. */
static void wait_stuck(struct wq_exec *x, bool jump, long us)
{
	struct timespec ts = { 0, us * 1000 };
	unsigned int left;

	left = atomic_load_explicit(&x->left, memory_order_relaxed);
	if (jump && left)
		wq_left_wait(x, left, us);
	else
		nanosleep(&ts, NULL);
}

/*
 * Wait for @done(), jumping the clock when allowed (@jump). Sleeps until
 * the system is idle (kenv_wait_idle), at most IDLE_SLICE_US at a time:
 * a step's ops are followed by a quiesce anyway, so noticing the end of
 * the ops only once everything sleeps costs nothing.
 */
static bool wait_for(struct wq_exec *x, wq_done_fn done, int step,
		     bool jump)
{
	unsigned int hang_ms = x->opts->hang_ms;
	unsigned long seen = progress(x), p;
	long prev = now_ms(), cprev = cpu_ms(), stalled = 0, now, cpu, round;
	long us = WAIT_MIN_US;
	bool idle;

	for (;;) {
		if (wq_failed(x))
			return false;
		if (done(x))
			return true;
		idle = !kenv_wait_idle(IDLE_SLICE_US);
		if (idle) {
			if (done(x))
				continue;
			if (!(jump && jump_clock(x)))
				wait_stuck(x, jump, us);
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
		p = progress(x);
		if (p != seen) {
			seen = p;
			stalled = 0;
			us = WAIT_MIN_US;
			continue;
		}
		if (us < WAIT_MAX_US)
			us *= 2;
		if (stalled >= (long)hang_ms) {
			report_hang(x, step, hang_ms);
			return false;
		}
	}
}

/* wq_wait_progress(), free threads. */
static bool free_progress(struct wq_exec *x, wq_done_fn done, int step)
{
	return wait_for(x, done, step, true);
}

/* wq_quiesce(), free threads: does not move the clock. */
static bool free_quiesce(struct wq_exec *x, int step)
{
	return wait_for(x, idle, step, false);
}

/*
 * wq_drain_timers(), free threads: false on a hang, a failure, or timers
 * still pending after DRAIN_MAX jumps (reported as a hang in "end of
 * program").
 */
static bool free_drain(struct wq_exec *x)
{
	int i;

	for (i = 0; i < DRAIN_MAX; i++) {
		if (!free_quiesce(x, -1))
			return false;
		if (!jump_clock(x))
			return true;
	}
	report_hang(x, -1, 0);
	return false;
}

/* The waits of free mode (the default; sched.c's when controlled). */
const struct wq_wait_ops wq_wait_free = {
	.progress = free_progress,
	.quiesce = free_quiesce,
	.drain = free_drain,
};
