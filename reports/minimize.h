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
	unsigned int reseeded;	/* ... of which needed another seed */
	bool timed_out;		/* the budget ran out */
	const char *stop;	/* which: "candidates", "cpu" or "wall" */
	bool wide;		/* rounds with the wide schedule search ran */
	bool deep;		/* ... and with the deep one */
};

struct tr_min_opts {
	/*
	 * The budget; the first limit reached stops minimization (the
	 * result stays valid). Candidates run and CPU seconds (the
	 * replays') do not depend on the machine's load; the wall clock is
	 * only a backstop (at load 90 on 2 cores a replay took ~230x its
	 * CPU time in wall time). 0 max_runs or wall_s: no such limit.
	 */
	double budget_s;	/* CPU seconds */
	unsigned int max_runs;	/* distinct candidates run */
	double wall_s;		/* wall seconds */
	/*
	 * Controlled programs: when an edit loses the failure, retry it with
	 * this many other schedule seeds at the same depth (an edit that
	 * removes a task or an op moves every later scheduling decision of
	 * the PCT schedule), or in mode steps this many other step orders.
	 * Once a round keeps nothing, the search widens: this many seeds at
	 * every depth in both seeded modes (4x as many orders), until a
	 * round keeps nothing again; then, if @deep, 8x the wide search,
	 * until a round keeps nothing or the budget runs out. 0: no
	 * schedule search.
	 */
	int reseeds;
	bool deep;
	/* If set: called after each kept edit, and every 250 candidates,
	 * with the current program. */
	void (*progress)(const struct wq_prog *p, const struct tr_min_stats *st,
			 void *arg);
	void *progress_arg;
};

/**
 * tr_minimize - make @p smaller while @pred holds
 * @p: a program for which @pred holds; replaced by the smallest found
 * @pred: the predicate (run for each new candidate; memoized by hash)
 * @arg: its argument
 * @o: budget and schedule search
 * @st: statistics
 */
void tr_minimize(struct wq_prog *p, tr_pred pred, void *arg,
		 const struct tr_min_opts *o, struct tr_min_stats *st);

#endif /* _WQKIT_REPORTS_MINIMIZE_H */
