/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqtest: the small harness the core's cc_tests share. Boots kenv with a
 * failure handler that records instead of aborting, gives CHECK macros
 * that name the failing line, and bounded real-time waits for conditions
 * that other tasks make true.
 */
#ifndef _WQKIT_WQTEST_H
#define _WQKIT_WQTEST_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <kenv/kenv.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include "core/testing/check.h"

#define WQT_MAX_FAILURES 32

/* Fail the test: print where and why, then exit(1) (check.h). */
#define WQT_CHECK(cond) CHECK(cond)
#define WQT_CHECK_EQ(a, b) CHECK_EQ(a, b)

void wqt_fatal(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

/**
 * wqt_boot - kenv_init() with @nr_cpus CPUs (all online) and the recording
 * failure handler. Exits the test on error.
 */
void wqt_boot(int nr_cpus);
void wqt_boot_cfg(const struct kenv_config *cfg);
/**
 * wqt_shutdown - kenv_reset(); fails the test if anything leaked or if a
 * failure was recorded that the test did not take with wqt_take_failure().
 */
void wqt_shutdown(void);

/* Number of recorded failures not yet taken. */
int wqt_nr_failures(void);
/* Take the oldest recorded failure into *@f; false if none. */
bool wqt_take_failure(struct kenv_failure *f);
/* Fail the test unless a failure of @kind whose title contains @needle
 * was recorded; takes it. */
void wqt_expect_failure(enum kenv_failure_kind kind, const char *needle);
/* Fail the test if any failure is recorded (prints them). */
void wqt_expect_no_failure(void);

/**
 * wqt_wait - wait (real time, at most @ms) until @cond(@arg) is true.
 * Returns true if it became true. For conditions other tasks establish.
 */
bool wqt_wait(bool (*cond)(void *arg), void *arg, int ms);
/* Wait until the atomic int at @p equals @val (at most @ms). */
bool wqt_wait_int(_Atomic int *p, int val, int ms);
/* Sleep @ms of real time: only to give a wrong implementation the chance
 * to misbehave (e.g. to show that something does NOT run). */
void wqt_settle(int ms);

/* Advance the virtual clock and wait until the timer softirqs are idle. */
void wqt_advance(unsigned long ticks);

/* Run @fn(@arg) in an actor task on @cpu and return its result. */
int wqt_run_on(int cpu, int (*fn)(void *), void *arg);

/* Start @fn(@arg) in an actor on @cpu without waiting; join it later. */
struct task_struct *wqt_actor_start(int cpu, int (*fn)(void *), void *arg);
int wqt_actor_join(struct task_struct *t);

/* True if @t is a live task sleeping in a kernel wait (blocked_in set). */
bool wqt_task_blocked(struct task_struct *t);
/*
 * Wait (at most @ms) until @t sleeps in a kernel wait or *@done becomes
 * non-zero. Used to show that a call blocks: start it in an actor that
 * sets *@done when the call returns, wait here, then check *@done == 0.
 */
bool wqt_wait_blocked_or_done(struct task_struct *t, _Atomic int *done, int ms);
/* Wait (at most @ms) until at least @n failures are recorded, not taken. */
bool wqt_wait_failures(int n, int ms);

struct workqueue_struct;
/* cwq->thread of @wq's per-CPU workqueue for @cpu (NULL if none listed). */
struct task_struct *wqt_cwq_thread(struct workqueue_struct *wq, int cpu);
/* Number of OS threads of this process (/proc/self/task entries). */
int wqt_nr_os_threads(void);

/*
 * wqt_shutdown_leaking - like wqt_shutdown(), for tests that leave a task
 * that cannot end (an actor parked for good by BUG()): kenv_reset() must
 * report exactly @tasks leaked tasks and nothing else leaked.
 */
void wqt_shutdown_leaking(int tasks);

/*
 * A probe: a (delayed) work item whose function records what the tests
 * check: how often it started and finished, on which CPU (the last run),
 * in which task, whether that task was keventd, and whether two runs ever
 * overlapped. With a gate, the function sleeps in wait_for_completion()
 * on it after recording its start, until the test opens the gate.
 * Use &probe->dw.work as a plain work_struct, &probe->dw as a delayed one.
 */
struct wqt_probe {
	struct delayed_work dw;
	struct completion *gate;	/* NULL: do not block */
	_Atomic int started;
	_Atomic int finished;
	_Atomic int active;
	_Atomic int overlapped;		/* a run began while another ran */
	_Atomic int cpu;		/* raw_smp_processor_id() of last run */
	_Atomic int keventd;		/* current_is_keventd() of last run */
	struct task_struct *_Atomic task; /* current of last run */
	_Atomic unsigned long cpus;	/* bit per CPU any run was on */
};

void wqt_probe_fn(struct work_struct *work);
/* INIT_DELAYED_WORK with wqt_probe_fn and zeroed counters. */
void wqt_probe_init(struct wqt_probe *p, struct completion *gate);
/* Wait (at most @ms) until @p finished @n runs. */
bool wqt_probe_wait(struct wqt_probe *p, int n, int ms);
/* Wait (at most @ms) until @p started @n runs. */
bool wqt_probe_wait_started(struct wqt_probe *p, int n, int ms);

#endif /* _WQKIT_WQTEST_H */
