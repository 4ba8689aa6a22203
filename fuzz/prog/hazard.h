/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hazards: what a misuse program does that 2.6.29 documents (or leaves)
 * as the caller's fault. A legal program has none; a program with
 * "misuse on" may have several. Which outcome each hazard is expected to
 * have is the misuse contract's business (fuzz/misuse/MISUSE.md); this
 * only says which hazards a program contains, from the same legality
 * rules the decoder and parser apply (legal.h).
 */
#ifndef _WQKIT_FUZZ_PROG_HAZARD_H
#define _WQKIT_FUZZ_PROG_HAZARD_H

#include "fuzz/prog/prog.h"

enum wq_hazard {
	WQ_HZ_FLUSH_OWN_WQ,	/* a work flushes the workqueue it runs on */
	WQ_HZ_AFTER_DESTROY,	/* an op names a destroyed workqueue (or a
				 * work homed on one) */
	WQ_HZ_FREEZE_CHAIN,	/* a freeze with a freeze chain (FORMAT.md) */
	/* format v3 (PORTING.md #2, #4, #7, #8): */
	WQ_HZ_DESTROY_TIMER,	/* destroy_workqueue() of a workqueue homing a
				 * delayed work (its timer may be pending) */
	WQ_HZ_CANCEL_SYNC_DELAYED, /* cancel_work_sync() on a delayed work's
				 * work_struct (its timer may be pending) */
	WQ_HZ_QUEUE_OFFLINE,	/* *_on ops where a CPU may be offline */
	WQ_HZ_EACH_CPU_KEVENTD,	/* schedule_on_each_cpu() in a keventd work */
	WQ_NR_HAZARDS
};

/* Hazard names as the contract and the reports spell them. */
extern const char *const wq_hazard_names[WQ_NR_HAZARDS];

/**
 * wq_prog_hazards - the hazards of a program
 * @p: a program that passes wq_prog_check() (decoded or parsed)
 *
 * Returns a mask of (1u << enum wq_hazard); 0 for every legal program
 * without misuse. A hazard counts when the program contains it, whether
 * or not the run reaches it.
 */
unsigned int wq_prog_hazards(const struct wq_prog *p);

/**
 * wq_hazards_format - "flush_own_wq+after_destroy", or "none"
 * @mask: hazards
 * @buf: output, NUL-terminated
 * @len: size of @buf
 */
const char *wq_hazards_format(unsigned int mask, char *buf, size_t len);

#endif /* _WQKIT_FUZZ_PROG_HAZARD_H */
