/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimization of a failing program with the program edits of
 * fuzz/prog/edit.h, in the spirit of syzkaller's prog/minimization.go:
 * passes of edits, each kept only if the edited program still fails
 * (the predicate says how: with a title of the bug's set, reliably).
 */
#ifndef _WQKIT_REPORTS_MINIMIZE_H
#define _WQKIT_REPORTS_MINIMIZE_H

#include <stdbool.h>

#include "fuzz/prog/prog.h"

/* Does the candidate still fail as wanted? */
typedef bool (*tr_pred)(const struct wq_prog *p, void *arg);

struct tr_min_stats {
	unsigned int tries;	/* distinct candidates run */
	unsigned int memo_hits;	/* candidates answered from the memo */
	unsigned int kept;	/* edits kept */
	bool timed_out;		/* the budget ran out */
};

/**
 * tr_minimize - make @p smaller while @pred holds
 * @p: a program for which @pred holds; replaced by the smallest found
 * @pred: the predicate (run for each new candidate; memoized by hash)
 * @arg: its argument
 * @budget_s: stop after this many seconds (the result is still valid)
 * @progress: if not NULL, called after each kept edit
 * @st: statistics
 */
void tr_minimize(struct wq_prog *p, tr_pred pred, void *arg,
		 double budget_s, void (*progress)(const struct wq_prog *p,
						   void *arg),
		 struct tr_min_stats *st);

#endif /* _WQKIT_REPORTS_MINIMIZE_H */
