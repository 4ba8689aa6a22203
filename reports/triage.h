/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One input through the triage stages: replay and title set,
 * reliability, dedupe against the bug folders, minimization, the folder.
 */
#ifndef _WQKIT_REPORTS_TRIAGE_H
#define _WQKIT_REPORTS_TRIAGE_H

#include <stdbool.h>

#include "reports/input.h"

struct tr_opts {
	const char *into;		/* bug folders */
	const char *build;		/* "clean" or the zoo bug */
	const char *workspace;		/* for git describe; may be NULL */
	int runs;			/* reliability runs (N) */
	int csource_runs;		/* runs of the built repro.c (0: write
					 * it, do not build it) */
	int check_runs;			/* runs per minimization candidate */
	double minimize_secs;		/* budget per finding, CPU seconds */
	unsigned int minimize_runs;	/* ... and candidates run (0: none) */
	double minimize_wall_secs;	/* ... and its wall backstop (0: none) */
	int reseeds;			/* schedule seeds per lost edit */
	int search_seeds;		/* free-mode inputs: seeds per mode and
					 * depth of the controlled search */
	unsigned int timeout_secs;	/* per run */
	bool minimize;
	bool deep_search;		/* after the wide schedule search (default) */
	bool file_known;		/* a bug of core/KNOWN_BUGS.md is
					 * minimized and filed as a new one */
	int index, total;		/* progress: input k of n */
	double start;			/* progress: elapsed since */
};

enum tr_outcome {
	TR_NEW,			/* a new bug folder */
	TR_KNOWN,		/* a log added to a known bug's folder */
	TR_REGISTRY,		/* a bug of core/KNOWN_BUGS.md: @folder is
				 * "known:<id>", no bug folder written
				 * (unless o->file_known) */
	TR_PASSED,		/* did not fail in any run */
	TR_EXPECTED,		/* a misuse program failed only as its
				 * contract expects (MISUSE.md): no folder */
	TR_ENV,			/* fork or a write failed */
};

/**
 * tr_triage_one - triage one loaded input
 * @in: the input
 * @o: options
 * @folder: set to the bug folder (new or known)
 * @len: size of @folder
 *
 * Prints one result line to stdout, progress to stderr.
 */
enum tr_outcome tr_triage_one(const struct tr_input *in,
			      const struct tr_opts *o, char *folder,
			      size_t len);

double tr_now(void);

#endif /* _WQKIT_REPORTS_TRIAGE_H */
