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

#define WQT_MAX_FAILURES 32

/* Fail the test: print where and why, then exit(1). */
#define WQT_CHECK(cond) do {						\
	if (!(cond))							\
		wqt_fatal(__FILE__, __LINE__, "CHECK(%s) failed", #cond); \
} while (0)
#define WQT_CHECK_EQ(a, b) do {						\
	long __a = (long)(a), __b = (long)(b);				\
	if (__a != __b)							\
		wqt_fatal(__FILE__, __LINE__, "CHECK_EQ(%s, %s): %ld != %ld", \
			  #a, #b, __a, __b);				\
} while (0)

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

#endif /* _WQKIT_WQTEST_H */
