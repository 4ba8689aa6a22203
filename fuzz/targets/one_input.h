/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-input function of the workqueue fuzz targets, for any engine.
 *
 * libFuzzer's main (libfuzzer_main.c), an AFL++ main, replay, the
 * regression tests and bench all go through the same two calls, so an
 * input means the same program everywhere:
 *
 *   wq_fuzz_decode()     bytes -> program, with the targets' policy:
 *                        the API-misuse family is off (see below),
 *                        the schedule policy applied (see below);
 *   wq_fuzz_one_input()  decode + run once; on a failure the executor
 *                        prints its report to stderr and aborts, so the
 *                        engine saves the input.
 *
 * Misuse policy: the misuse family (flush_own_wq, ops after destroy)
 * exists to show that lockdep/BUG fire, so every misuse program "fails"
 * by design. The fuzz targets decode every input with the misuse flag
 * (bit 0 of the flags byte, FORMAT.md "Bytes") forced off: the decoder
 * then turns misuse behaviours into nop and misuse ops into none. No
 * input is rejected, and a one-bit mutation of the flag is a no-op.
 * The misuse target (misuse_input.h) keeps the flag and judges failures
 * by the misuse contract instead.
 *
 * Schedule policy (environment WQKIT_SCHED): "controlled", the default,
 * runs every input under the controlled scheduler, so every finding
 * replays exactly (a header asking for free mode runs as pct with its
 * seed and depth); "free" runs every input free-running (the default of
 * the TSan targets, built with WQKIT_TSAN); "input" keeps the header's
 * mode. Another value is a usage error (exit 2).
 */
#ifndef _WQKIT_FUZZ_TARGETS_ONE_INPUT_H
#define _WQKIT_FUZZ_TARGETS_ONE_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include "fuzz/exec/exec.h"
#include "fuzz/prog/files.h"	/* wq_read_file(), wq_list_dir() */
#include "fuzz/prog/prog.h"

/* Offset of the flags byte in the byte form (FORMAT.md, "Bytes"). */
#define WQ_FUZZ_FLAGS_OFFSET	WQ_PROG_FLAGS_OFFSET
#define WQ_FUZZ_FLAG_MISUSE	WQ_PROG_FLAG_MISUSE

/**
 * wq_fuzz_decode - decode @data as the fuzz targets do (misuse off)
 * @data: input bytes
 * @size: number of bytes
 * @p: the program (never has misuse set)
 *
 * Returns true if the misuse flag was set in @data and had to be cleared.
 */
bool wq_fuzz_decode(const uint8_t *data, size_t size, struct wq_prog *p);

/**
 * wq_fuzz_sched_policy - apply the schedule policy (WQKIT_SCHED) to @p
 * @p: a decoded program; its schedule mode is changed as the policy says
 */
void wq_fuzz_sched_policy(struct wq_prog *p);

/**
 * wq_fuzz_exec_opts - the executor options every target uses
 * @o: filled with wq_exec_opts_default() plus the targets' settings;
 *     abort_on_failure is left false (callers choose)
 *
 * The environment variable WQKIT_HANG_MS overrides the hang budget;
 * WQKIT_INJECT=racy_bitops turns on the test-only race injection
 * (struct wq_exec_opts). Checked by wq_fuzz_check_env().
 */
void wq_fuzz_exec_opts(struct wq_exec_opts *o);

/* Exit status of a usage error or bad input (README "Exit codes"). */
#define WQ_FUZZ_EXIT_USAGE	2

/**
 * wq_fuzz_check_env - check the WQKIT_* environment, once
 *
 * Every tool and engine main calls it before anything runs (libFuzzer:
 * LLVMFuzzerInitialize): a value WQKIT_SCHED, WQKIT_INJECT or
 * WQKIT_HANG_MS does not take prints one line and exits
 * WQ_FUZZ_EXIT_USAGE; another WQKIT_* name gets a one-line warning (it
 * may be another tool's, e.g. the soak's). Later calls return at once.
 */
void wq_fuzz_check_env(void);

/**
 * wq_fuzz_load - an input as every tool reads it: text or bytes by
 * content (wq_prog_is_text), never by the file name
 * @data: the input (text need not be NUL-terminated)
 * @len: its length
 * @name: file name for parse errors
 * @keep_misuse: decode bytes with their misuse flag (replay --keep-misuse)
 * @p: the program
 * @err: on a parse error, "name:line:col: message"
 * @errlen: size of @err
 *
 * Text is parsed and runs as written; bytes go through wq_fuzz_decode()
 * (or wq_prog_decode() with @keep_misuse). Returns what the input was
 * ("text", "bytes", "bytes, misuse flag cleared", "bytes, misuse flag
 * kept"), or NULL on a parse error.
 */
const char *wq_fuzz_load(const void *data, size_t len, const char *name,
			 bool keep_misuse, struct wq_prog *p, char *err,
			 size_t errlen);

/**
 * wq_fuzz_accept_text - let wq_fuzz_one_input() run text programs
 *
 * For inputs a user gives as files (libFuzzer's "binary FILE..."): text
 * inputs are parsed instead of decoded. Fuzzing never calls it, so a
 * mutated input always means its bytes.
 */
void wq_fuzz_accept_text(void);

/*
 * The program this process is running (set around wq_exec_run by
 * wq_fuzz_one_input and replay), for the sanitizer report hooks; or NULL.
 */
extern const struct wq_prog *wq_fuzz_running;

/**
 * wq_fuzz_one_input - run one input; the engine-facing entry point
 * @data: input bytes
 * @size: number of bytes
 *
 * Returns 0 (the libFuzzer contract). Never returns on a failure: the
 * report goes to stderr and the process aborts -- except for a failure
 * whose title is in the known-bugs registry (core/KNOWN_BUGS.md): it is
 * counted ("wqkit: known bug <id>: ..." once, totals at exit) and the
 * run goes on, unless it left kenv unusable.
 */
int wq_fuzz_one_input(const uint8_t *data, size_t size);

#endif /* _WQKIT_FUZZ_TARGETS_ONE_INPUT_H */
