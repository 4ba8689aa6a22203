/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit executor: runs a struct wq_prog on kenv with real threads.
 *
 * One kenv actor task per program actor; all ops of a step start together
 * and the step ends when all have returned. The virtual clock moves only
 * by advance_jiffies ops, and jumps to the next timer when every task is
 * idle and a timer is pending. A step that makes no progress within
 * hang_ms of real time is a hang. After every step the oracle checks the
 * workqueue at a quiescent point; after the program the executor
 * quiesces (thaw, advance timers, flush, destroy every workqueue,
 * kenv_reset) and checks that no task or allocation is left.
 */
#ifndef _WQKIT_FUZZ_EXEC_EXEC_H
#define _WQKIT_FUZZ_EXEC_EXEC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "fuzz/exec/result.h"
#include "fuzz/prog/prog.h"

struct wq_exec_opts {
	unsigned int hang_ms;	/* default 2000 */
	bool abort_on_failure;	/* print the report to stderr, then abort() */
	bool check_steps;	/* oracle after every step (default true) */
	FILE *trace_out;	/* if set: print every event (replay -v) */
	/*
	 * Test-only fault hook: called with the step index after the step's
	 * ops returned and the system is quiescent, before the oracle runs,
	 * so a test can break a property on purpose and watch the check fire.
	 */
	void (*test_fault)(void *world, int step, void *arg);
	void *test_fault_arg;
	/*
	 * Test-only race injection (kenv_inject_racy_bitops) from the end
	 * of setup: proves that the engines find and replay a race. The
	 * fuzz targets set it from WQKIT_INJECT=racy_bitops.
	 */
	bool inject_racy_bitops;
	/*
	 * Observer of every op of a step (the soak's counters and onoff
	 * statistics): called in the actor's task before (@end false, @ret
	 * 0) and after (@end true, @ret the op's return value, -1 if the
	 * executor skipped it) the op. Must not block.
	 */
	void (*op_hook)(int step, int actor, const struct wq_op *op, bool end,
			long ret, void *arg);
	void *op_hook_arg;
};

void wq_exec_opts_default(struct wq_exec_opts *o);

/**
 * wq_exec_run - run @p once on a freshly booted kenv
 * Returns 0 when every check passed, 1 with @r filled otherwise. With
 * abort_on_failure the process aborts instead of returning 1. After a
 * failure of kind KERNEL or HANG the kenv may be unusable: callers that
 * run several programs fork per program (replay does).
 */
int wq_exec_run(const struct wq_prog *p, const struct wq_exec_opts *o,
		struct wq_exec_result *r);

/*
 * Sessions: one kenv driven step by step for as long as the caller likes
 * (the soak, stress/). wq_exec_open() boots and sets up @p's header like
 * wq_exec_run(); the caller owns @p (and @o, @r, which must outlive the
 * session) and may rewrite p->step[s] before each wq_exec_step(s)
 * (0 <= s < WQ_MAX_STEPS; p->nsteps is not read). Each step is run,
 * quiesced and checked as in wq_exec_run(); @r's counters (ops_run,
 * works_run, clock_jumps, steps_run) are kept current.
 * wq_exec_checkpoint() thaws, fires every timer and flushes everything
 * (the end phase's quiesce), runs the end checks (exactly-once) and then
 * restarts the oracle's model, whose tables are bounded per run, and
 * refills the budget of self-requeueing works ("requeue k"); the
 * session goes on. wq_exec_close() is the checked end of wq_exec_run().
 * Each returns 0, or 1 with @r filled: the session is then over (kenv
 * reset, or left up as wq_exec_run() would).
 */
int wq_exec_open(const struct wq_prog *p, const struct wq_exec_opts *o,
		 struct wq_exec_result *r);
int wq_exec_step(int s);
int wq_exec_checkpoint(void);
int wq_exec_close(void);
/* wq_oracle_model_full() of the session's oracle: checkpoint if non-zero. */
int wq_exec_model_full(void);

#endif /* _WQKIT_FUZZ_EXEC_EXEC_H */
