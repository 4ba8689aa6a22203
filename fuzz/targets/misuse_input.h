/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-input function of the misuse fuzz target
 * (//fuzz:workqueue_fuzzer_misuse): programs keep their misuse flag, and
 * each failure is judged by the misuse contract (fuzz/misuse/MISUSE.md).
 *
 * Every input runs in a forked child (the parent never boots kenv), so
 * an expected outcome that kills the process (an ASan report) or leaves
 * kenv unusable (a deadlock) costs one child, not the fuzzing run. The
 * child's libFuzzer coverage counters are copied back to the parent
 * before it exits (or dies), so feedback works as in-process.
 */
#ifndef _WQKIT_FUZZ_TARGETS_MISUSE_INPUT_H
#define _WQKIT_FUZZ_TARGETS_MISUSE_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/**
 * wq_misuse_one_input - run one input as a misuse program
 * @data: input bytes
 * @size: number of bytes
 *
 * Returns 0 when the run passed or failed as the contract expects
 * (counted). On any other failure it prints the child's report and
 * "wqkit: misuse finding: misuse(<hazards>): <title>", then aborts.
 */
int wq_misuse_one_input(const uint8_t *data, size_t size);

/* Print the summary line ("misuse: N inputs, ... expected: ...") to @f. */
void wq_misuse_print_stats(FILE *f);

#endif /* _WQKIT_FUZZ_TARGETS_MISUSE_INPUT_H */
