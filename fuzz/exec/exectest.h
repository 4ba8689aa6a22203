/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the executor's tests: load .wq programs, run one in a forked
 * child (a failing program cannot poison the test process; kenv may be
 * left up after a hang or BUG) and get its result back, and checks that
 * name the failing line.
 */
#ifndef _WQKIT_FUZZ_EXEC_EXECTEST_H
#define _WQKIT_FUZZ_EXEC_EXECTEST_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/exec/exec.h"
#include "fuzz/prog/prog.h"
#include <kenv/kenv.h>

#include "core/testing/check.h"

#define XT_CHECK(cond) CHECK(cond)	/* fatal (core/testing/check.h) */

/* Parse a program from text; exits the test on a parse error. */
void xt_parse(const char *text, struct wq_prog *p);
/* Parse a .wq file; exits the test on error. */
void xt_load(const char *path, struct wq_prog *p);
/*
 * The shipped corpus: xt_load_corpus() loads every corpus/programs/<name>.wq
 * (the test's data), sorted by name, into xt_names/xt_progs and returns
 * how many; exits the test if there are fewer than 30.
 */
#define XT_MAX_PROGS	128
extern char *xt_names[XT_MAX_PROGS];
extern struct wq_prog xt_progs[XT_MAX_PROGS];
int xt_load_corpus(void);

/*
 * The executor's defaults with a hang bound of XT_HANG_MS: tests share a
 * loaded 2-core CI machine (two sanitized tests at once), where a step can
 * be descheduled for seconds; hang_test checks the bound itself.
 */
#define XT_HANG_MS	15000
void xt_opts_default(struct wq_exec_opts *o);

struct xt_child {
	bool returned;		/* wq_exec_run returned (not killed) */
	int ret;		/* its return value */
	int status;		/* waitpid() status of the child */
	bool timed_out;		/* killed after the real-time bound */
	struct wq_exec_result r;
	char err[8192];		/* the child's stderr (truncated) */
};

/*
 * Run @p in a forked child with @o (NULL: xt_opts_default), killing it after
 * @timeout_s seconds. The result comes back through shared memory.
 */
void xt_run_forked(const struct wq_prog *p, const struct wq_exec_opts *o,
		   int timeout_s, struct xt_child *c);

/* Print the report of @c's result to stderr (for failing checks). */
void xt_print(const struct wq_prog *p, const struct xt_child *c);

#endif /* _WQKIT_FUZZ_EXEC_EXECTEST_H */
