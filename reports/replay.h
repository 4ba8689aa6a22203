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

struct wq_misuse_row;

struct tr_run {
	bool failed;			/* a failure of the bug kind: for a
					 * misuse program, one its contract
					 * does not expect */
	const struct wq_misuse_row *expected; /* a misuse program's failure
					 * its contract expects (MISUSE.md):
					 * the row; failed is false then */
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
 * A misuse program with a hazard (@p->misuse, wq_prog_hazards()) is
 * judged by the misuse contract
 * (fuzz/misuse/MISUSE.md), as the misuse target judges it: a failure
 * with a title (or a sanitizer SUMMARY line) that a row of the
 * program's hazards expects sets @r->expected, not @r->failed. Titles
 * stay as the report gives them; tr_misuse_titles() names the hazards.
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

/**
 * tr_misuse_titles - a misuse finding's titles, naming its hazards
 * @raw: the titles the runs gave
 * @hazards: the hazards of the program (wq_prog_hazards())
 * @out: extended with "misuse(<hazards>): <title>" for each of @raw, as
 *       the misuse target titles its findings
 */
void tr_misuse_titles(const struct wq_title_set *raw, unsigned int hazards,
		      struct wq_title_set *out);

#endif /* _WQKIT_REPORTS_REPLAY_H */
