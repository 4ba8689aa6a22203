/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 2.6.29 functions a report names, with the seed's line numbers
 * (seed_lines.inc), for report.md's "2.6.29 source" section.
 */
#ifndef _WQKIT_FUZZ_REPORT_SEED_H
#define _WQKIT_FUZZ_REPORT_SEED_H

#include <stddef.h>

struct wq_seed_function {
	const char *name;
	int first, last;	/* lines in kernel/workqueue.c of 2.6.29 */
};

extern const struct wq_seed_function wq_seed_functions[];
extern const size_t wq_nr_seed_functions;

/**
 * wq_seed_named - the seed functions @text names, in order of first mention
 * @text: a title, a failure report (identifiers are matched whole)
 * @out: filled with up to @max entries
 *
 * Returns how many were found.
 */
int wq_seed_named(const char *text, const struct wq_seed_function **out,
		  int max);

/**
 * wq_seed_markdown - report.md's "2.6.29 source" section body
 * @text: the titles and the failure report, the functions' source
 * @port: core/workqueue.c's text (for its line numbers and the first
 *        function's body), or NULL
 * @max: functions listed at most
 *
 * Returns a malloc'd string ("" if @text names none), or NULL.
 */
char *wq_seed_markdown(const char *text, const char *port, int max);

#endif /* _WQKIT_FUZZ_REPORT_SEED_H */
