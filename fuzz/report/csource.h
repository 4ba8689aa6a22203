/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C reproducer writer (in the spirit of syzkaller's pkg/csource): a
 * program becomes a standalone C file whose ops are the workqueue API
 * calls themselves, run by the small runtime of core/testing/repro.h
 * (actor tasks, the controlled scheduler, promise checks) on the core
 * and kenv only: no decoder, oracle or executor.
 */
#ifndef _WQKIT_FUZZ_REPORT_CSOURCE_H
#define _WQKIT_FUZZ_REPORT_CSOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "fuzz/prog/prog.h"

/**
 * wq_csource - the reproducer of @p as C source
 * @p: a program (a misuse program using a misuse hazard -- a work
 *     flushing its own workqueue, destroy_workqueue -- is refused)
 * @title: the failure it reproduces (a comment)
 * @build: "clean" or the zoo build it fails on (a comment)
 * @racy_bitops: the finding needs the test-only race injection
 *               (WQKIT_INJECT=racy_bitops; kenv_inject_racy_bitops())
 * @len: set to the length of the result
 *
 * Returns a malloc'd NUL-terminated string, or NULL (out of memory, or
 * such a misuse program).
 */
char *wq_csource(const struct wq_prog *p, const char *title,
		 const char *build, bool racy_bitops, size_t *len);

/**
 * wq_csource_check - what repro.c checks for an oracle title
 * @title: a stable title (fuzz/report/title.c)
 *
 * Returns a sentence for report.md: the inline check the reproducer
 * makes right after the op whose promise the title says broken, or
 * "none: ..." and why (every oracle title of fuzz/oracle has a row).
 */
const char *wq_csource_check(const char *title);

#endif /* _WQKIT_FUZZ_REPORT_CSOURCE_H */
