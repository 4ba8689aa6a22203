/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Replaying a program for triage: each run in a forked child through the
 * fuzz targets' executor settings (fuzz/targets/one_input.h), its output
 * captured, its failures turned into a title set (fuzz/report).
 */
#ifndef _WQKIT_REPORTS_REPLAY_H
#define _WQKIT_REPORTS_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "fuzz/prog/prog.h"
#include "fuzz/report/report.h"

struct tr_run {
	bool failed;
	bool weak;			/* failed without a report: the title
					 * only says how (timeout, signal) */
	struct wq_title_set titles;	/* empty when the run passed */
	char *log;			/* captured output (malloc'd) */
	size_t loglen;
};

/**
 * tr_run_once - run @p once in a child process
 * @p: the program
 * @timeout_s: kill the child after this many seconds (a hang)
 * @r: the result; free @r->log with tr_run_free()
 *
 * Returns 0, or -1 if the child could not be started (environment).
 */
int tr_run_once(const struct wq_prog *p, unsigned int timeout_s,
		struct tr_run *r);

void tr_run_free(struct tr_run *r);

/**
 * tr_fails_with - did @r fail with a title of @want?
 * @want: title set; NULL or empty: any failure counts
 */
bool tr_fails_with(const struct tr_run *r, const struct wq_title_set *want);

#endif /* _WQKIT_REPORTS_REPLAY_H */
