/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report.md of a bug folder (reports/): a kernel-style bug report. The
 * one writer of that format; reports/ fills the document, fuzz/report
 * writes it, so fuzz/ never depends on reports/.
 */
#ifndef _WQKIT_FUZZ_REPORT_MARKDOWN_H
#define _WQKIT_FUZZ_REPORT_MARKDOWN_H

#include <stdio.h>

#include "fuzz/report/report.h"

/* What report.md says about one bug. */
struct wq_report_doc {
	const struct wq_title_set *titles;	/* t[0] is the title */
	const char *commit;		/* kit commit (git describe) */
	const char *build;		/* "clean core" or "zoo build <bug>" */
	const char *sanitizer;		/* "ASan+UBSan", "TSan", "none" */
	int reliable, runs;		/* reliability k of N */
	const char *size_before;	/* "12 steps, 20 ops, 4 actors, 8 works" */
	const char *size_after;
	const char *program;		/* minimized .wq text */
	const char *failure;		/* raw output of one failing run */
	const char *repro_cmd;		/* command replaying repro.wq */
	const char *triage_cmd;		/* command re-running this triage */
	const char *note;		/* a paragraph after the table, or NULL */
	const char *csource;		/* repro.c, or NULL */
	const char *csource_verified;	/* "10/10 (build 20.1s, ...)" */
	const char *csource_check;	/* what repro.c checks for the title */
	const char *sources;		/* the 2.6.29 source lines, or NULL */
};

/**
 * wq_report_markdown - write report.md for @d to @f
 * @f: output
 * @d: the document; NULL strings print as "-"
 */
void wq_report_markdown(FILE *f, const struct wq_report_doc *d);

#endif /* _WQKIT_FUZZ_REPORT_MARKDOWN_H */
