/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SARIF 2.1.0 for GitHub code scanning: one run of tool "wqkit", one
 * rule per bug (id: the bug folder's name), one result per bug located
 * at the 2.6.29 function in core/workqueue.c the failure names. The one
 * writer of that format; reports/ collects the bugs.
 */
#ifndef _WQKIT_FUZZ_REPORT_SARIF_H
#define _WQKIT_FUZZ_REPORT_SARIF_H

#include <stdbool.h>
#include <stdio.h>

struct wq_sarif_bug {
	const char *id;		/* rule id: the folder name (title slug) */
	const char *title;
	const char *detail;	/* e.g. "10/10 runs; reproducer reports/x/repro.wq" */
	const char *uri;	/* "core/workqueue.c" */
	int line;		/* 1-based, 0: no region */
};

/**
 * wq_sarif_write - one SARIF 2.1.0 log for @n bugs
 * @f: output
 * @bugs: the bugs
 * @n: how many
 * @version: tool version (kit commit)
 */
void wq_sarif_write(FILE *f, const struct wq_sarif_bug *bugs, int n,
		    const char *version);

#endif /* _WQKIT_FUZZ_REPORT_SARIF_H */
