/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzzer feedback computed by the executor (feedback.c): what a
 * coverage-guided engine sees of a run, made a function of the input.
 *
 *  - The coverage window: the workqueue's coverage counters (the only
 *    code instrumented, fuzz/fuzz.bzl) keep what the controlled phase
 *    of the run hit. kenv boot, the world's setup and the reset run free
 *    threads, whose counts vary from run to run: they are dropped, as
 *    kcov collects only between its enable and disable.
 *  - Interleaving coverage: 8-bit counters in libFuzzer's
 *    __libfuzzer_extra_counters section (WQ_ILCOV_SIZE of them), hashed
 *    from abstract names only (op kinds, wN, qN, task roles such as
 *    "t1", "q0", "events", "ksoftirqd", lock class names and acquisition
 *    sites), computed only under the controlled scheduler:
 *      op pairs      an op starts while another actor's op runs
 *      hand-overs    (event, role) -> (event, role) on one work, timer,
 *                    cwq, workqueue or CPU when the task changes
 *      lock pairs    (site, role) -> (site, role) of consecutive
 *                    acquisitions of one lock by two tasks
 *    Each counter is 0 or 1 (seen in the run or not, whatever the
 *    count): counted pairs grow with the program's length, and their
 *    hit-count buckets filled libFuzzer's corpus with ~5,000 inputs in
 *    300 s that differed only in how often a pair recurred.
 *    AFL++ builds map the same counters into its edge map (afl_main.c).
 *  - Fault counts: how many allocations and kthread_create() calls each
 *    run made from the fault's arming on, kept per program (a hash of
 *    its canonical encoding), so the structure-aware mutator draws a
 *    fault's n-th from what the parent input's run actually reached.
 */
#ifndef _WQKIT_FUZZ_EXEC_FEEDBACK_H
#define _WQKIT_FUZZ_EXEC_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wq_op;

#define WQ_ILCOV_SIZE	4096	/* interleaving counters (a power of two) */

/* The interleaving counters of the last run (WQ_ILCOV_SIZE bytes). */
extern uint8_t wq_ilcov[WQ_ILCOV_SIZE];

/* Controlled phase begins: coverage counters and wq_ilcov cleared, the
 * interleaving features computed from here on. Main thread, system idle. */
void wq_feedback_open(void);
/* Controlled phase ends (still controlled): the coverage counters saved. */
void wq_feedback_close(void);
/* After kenv_reset(): the counters set back to what wq_feedback_close()
 * saved, so the free threads' teardown leaves no trace. No-op if the
 * window did not open in this run. */
void wq_feedback_restore(void);

/*
 * exec.c, after the run and before kenv_reset(): record @p's fault
 * counts (kenv_alloc_calls(), kenv_kthread_calls()). Main thread.
 */
struct wq_prog;
void wq_feedback_record_counts(const struct wq_prog *p);
/*
 * The counts of @p's last recorded run into *@allocs, *@kthreads; false
 * when @p has not run in this process (or its entry was reused).
 */
bool wq_feedback_counts(const struct wq_prog *p, unsigned long *allocs,
			unsigned long *kthreads);

/* op.c: an actor's op starts and ends (op pairs). */
void wq_feedback_op_begin(int actor, const struct wq_op *op);
void wq_feedback_op_end(int actor);

/* hook.c: every kenv event (hand-overs). */
struct kenv_event;
void wq_feedback_event(const struct kenv_event *ev, int work, int wq);

#endif /* _WQKIT_FUZZ_EXEC_FEEDBACK_H */
