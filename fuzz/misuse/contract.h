/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The misuse contract (MISUSE.md): for each hazard a misuse program may
 * contain (fuzz/prog/hazard.h), the outcomes 2.6.29 leads us to expect.
 * A failure whose title an expected row of a hazard present matches is
 * not a finding; any other failure is. One table, read by the misuse
 * target, replay and the test that keeps MISUSE.md in step with it.
 */
#ifndef _WQKIT_FUZZ_MISUSE_CONTRACT_H
#define _WQKIT_FUZZ_MISUSE_CONTRACT_H

#include <stddef.h>

#include "fuzz/prog/hazard.h"

/* Kinds of expected outcome, counted in the misuse target's summary. */
enum wq_outcome {
	WQ_OUT_LOCKDEP,		/* a lockdep-lite report */
	WQ_OUT_DUMP_STACK,	/* printk + dump_stack() of the seed */
	WQ_OUT_FREEZER,		/* freeze_processes() failed */
	WQ_OUT_SANITIZER,	/* an ASan report */
	WQ_OUT_BUG,		/* a BUG_ON of kenv's own checks */
	WQ_OUT_LOST,		/* an oracle report of a lost work */
	WQ_OUT_HANG,		/* a deadlock or livelock report */
	WQ_NR_OUTCOMES
};

extern const char *const wq_outcome_names[WQ_NR_OUTCOMES];

struct wq_misuse_row {
	enum wq_hazard hazard;
	enum wq_outcome outcome;
	const char *title;	/* the failure title starts with this */
	const char *source;	/* what the 2.6.29 source says about it */
};

extern const struct wq_misuse_row wq_misuse_rows[];
extern const size_t wq_nr_misuse_rows;

/**
 * wq_misuse_judge - is a failure expected for a program's hazards?
 * @hazards: mask from wq_prog_hazards()
 * @title: the failure's title (wqkit block, or the sanitizer's summary
 *         without its "SUMMARY: " prefix)
 *
 * Returns the first row of a hazard in @hazards whose title prefix
 * matches, or NULL: then the failure is a finding.
 */
const struct wq_misuse_row *wq_misuse_judge(unsigned int hazards,
					    const char *title);

#endif /* _WQKIT_FUZZ_MISUSE_CONTRACT_H */
