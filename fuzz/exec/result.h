/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What one run of a program came to: the executor (exec.h) fills it, the
 * report writers (fuzz/report) print it, the tools read it. Library
 * //fuzz/exec:result, below both the executor and the reports; kind.c
 * holds the one function it declares.
 */
#ifndef _WQKIT_FUZZ_EXEC_RESULT_H
#define _WQKIT_FUZZ_EXEC_RESULT_H

#include <stdbool.h>
#include <stdint.h>

enum wq_fail_kind {
	WQ_FAIL_NONE,
	WQ_FAIL_KERNEL,		/* kenv failure: BUG, WARNING, lockdep, ... */
	WQ_FAIL_ORACLE,		/* an oracle check */
	WQ_FAIL_HANG,		/* a step made no progress */
	WQ_FAIL_LEAK,		/* task/allocation left after quiesce */
	WQ_FAIL_SANITIZER,	/* TSan/ASan/UBSan report (set by targets) */
};

struct wq_exec_result {
	enum wq_fail_kind kind;
	char title[160];	/* instance title: names (w2, q1, cpu1), no
				 * numbers; fuzz/report derives the stable
				 * title of the bug from it */
	int step;		/* step index of the failure, -1 = setup/end */
	int actor;		/* actor whose op it was, -1 = none/kernel */
	char detail[8192];	/* the check's message, blocked tasks, ... */
	/* statistics */
	unsigned int steps_run;
	unsigned int ops_run;
	unsigned int works_run;
	unsigned int clock_jumps;
	uint64_t trace_hash;	/* hash of the event trace (see trace.h) */
	/* controlled mode (schedule pct/random): scheduler counters */
	unsigned long sched_points;	/* scheduling points of tasks */
	unsigned long sched_decisions;	/* points with a choice to make */
	unsigned long sched_switches;	/* hand-offs between threads */
	/* wqkit exec additions: */
	bool injected;		/* ran with opts.inject_racy_bitops */
	bool kenv_left_up;	/* kenv could not be reset after the failure:
				 * later runs in this process fail at once */
	unsigned int os_threads; /* kenv_nr_os_threads() after the run */
	char events[16384];	/* on failure: last events per task, newest
				 * last (trace.h) */
};

/* Lower-case name of a failure kind ("oracle", ...). */
const char *wq_fail_kind_name(enum wq_fail_kind kind);

#endif /* _WQKIT_FUZZ_EXEC_RESULT_H */
