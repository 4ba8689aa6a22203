/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bugtest: the verdict of a bug-zoo regression test, shared by its two
 * builds. Each test runs one scenario and states the clean behaviour with
 * WQB_CHECK(cond, what):
 *
 *  - built against //core:workqueue (no WQKIT_EXPECT_BUG): every
 *    WQB_CHECK must hold, as a WQT_CHECK;
 *  - built against //core/bugs:workqueue_bug_<name> with
 *    -DWQKIT_EXPECT_BUG=1: the test passes only if some WQB_CHECK failed
 *    (the bug was observed); wqb_done() fails it otherwise.
 *
 * Header-only on purpose: it must be compiled with the test, against the
 * same linux/workqueue.h as the test (patched or not).
 */
#ifndef _WQKIT_BUGTEST_H
#define _WQKIT_BUGTEST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
#include <linux/cpumask.h>
#include "core/testing/wqtest.h"

#ifdef WQKIT_EXPECT_BUG
#define WQB_EXPECT_BUG 1
#else
#define WQB_EXPECT_BUG 0
#endif

static int wqb_observed;

static inline bool wqb_check(bool ok, const char *file, int line,
			     const char *what)
{
	if (ok)
		return true;
	if (!WQB_EXPECT_BUG)
		wqt_fatal(file, line, "bug exposed on the clean core: %s", what);
	fprintf(stderr, "%s:%d: bug observed (expected): %s\n", file, line,
		what);
	wqb_observed++;
	return false;
}

/* True if the clean behaviour held; records an observation otherwise. */
#define WQB_CHECK(cond, what) wqb_check((cond), __FILE__, __LINE__, (what))

/* End of the scenario: on the bug build, the bug must have been seen. */
static inline void wqb_done(const char *name)
{
	if (WQB_EXPECT_BUG && !wqb_observed)
		wqt_fatal(__FILE__, __LINE__,
			  "%s: the bug build behaved like the clean core", name);
	fprintf(stderr, "%s: %s\n", name, WQB_EXPECT_BUG ?
		"bug observed on the bug build: PASS" :
		"clean core behaves: PASS");
}

struct wqb_asleep_query {
	struct task_struct *task;
	bool asleep;
};

static inline int wqb_match_asleep(const struct kenv_task_info *ti, void *arg)
{
	struct wqb_asleep_query *q = arg;

	if (ti->task != q->task)
		return 0;
	q->asleep = ti->asleep;
	return 1;
}

/* True if @t is a live task that is not runnable (e.g. in schedule()). */
static inline bool wqb_task_asleep(struct task_struct *t)
{
	struct wqb_asleep_query q = { .task = t, .asleep = false };

	kenv_for_each_task(wqb_match_asleep, &q);
	return q.asleep;
}

/* An actor running cpu_down(@cpu) (deep-tier tests): wqb_downer_start(). */
struct wqb_downer {
	int cpu;
	_Atomic int done;
	struct task_struct *task;
};

static inline int wqb_downer_fn(void *arg)
{
	struct wqb_downer *d = arg;
	int ret = kenv_cpu_down(d->cpu);

	atomic_store(&d->done, 1);
	return ret;
}

/* Start an actor on @on_cpu that takes @cpu down; join it with wqt_actor_join(). */
static inline struct task_struct *wqb_downer_start(struct wqb_downer *d,
						   int on_cpu, int cpu)
{
	d->cpu = cpu;
	atomic_store(&d->done, 0);
	d->task = wqt_actor_start(on_cpu, wqb_downer_fn, d);
	return d->task;
}

/* wqt_wait() condition: @arg's CPU is offline and its downer sleeps (in
 * CPU_POST_DEAD, or on a lock). */
static inline bool wqb_downer_asleep_offline(void *arg)
{
	struct wqb_downer *d = arg;

	return !cpu_online(d->cpu) && wqb_task_asleep(d->task);
}

/*
 * wqb_shutdown_tainted - end a bug build whose kernel is wrecked (a task
 * hung in the kernel or killed by BUG): kenv_reset() in tainted mode
 * force-kills every task and frees everything; @min_tasks is how many
 * tasks must have been left behind (the bug's victims).
 */
static inline void wqb_shutdown_tainted(int min_tasks)
{
	struct kenv_leaks leaks = { 0 };
	struct kenv_failure f;

	while (wqt_take_failure(&f))
		;
	kenv_mark_tainted();
	kenv_reset(&leaks);
	fprintf(stderr, "tainted reset: %d tasks, %d allocations, %d workqueues left behind\n",
		leaks.tasks, leaks.allocations, leaks.objects);
	WQT_CHECK(leaks.tasks >= min_tasks);
}

/*
 * wqb_exit_wrecked - end a bug build whose kernel cannot be torn down: a
 * task hung inside the kernel or was killed by BUG() holding a kernel
 * lock (cpu_add_remove_lock, cwq->lock). Even a tainted kenv_reset()
 * would race with or wait on that task, so, like a wedged machine, the
 * process just ends: _exit() skips atexit handlers and LeakSanitizer.
 */
static inline void __attribute__((noreturn)) wqb_exit_wrecked(const char *name)
{
	wqb_done(name);
	fflush(stderr);
	_exit(0);
}

#endif /* _WQKIT_BUGTEST_H */
