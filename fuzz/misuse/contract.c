/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The misuse contract's table (contract.h). MISUSE.md is its prose
 * twin; contract_test checks that both list the same rows.
 */
#include <string.h>

#include "fuzz/misuse/contract.h"

const char *const wq_outcome_names[WQ_NR_OUTCOMES] = {
	[WQ_OUT_LOCKDEP] = "lockdep",
	[WQ_OUT_DUMP_STACK] = "dump_stack",
	[WQ_OUT_FREEZER] = "freezer",
	[WQ_OUT_SANITIZER] = "sanitizer",
	[WQ_OUT_BUG] = "bug",
	[WQ_OUT_LOST] = "lost",
};

const struct wq_misuse_row wq_misuse_rows[] = {
	{ WQ_HZ_FLUSH_OWN_WQ, WQ_OUT_LOCKDEP,
	  "possible recursive locking detected in flush_workqueue",
	  "flush_workqueue(): lock_map_acquire(&wq->lockdep_map) while the work holds it" },
	{ WQ_HZ_FLUSH_OWN_WQ, WQ_OUT_DUMP_STACK,
	  "recursion depth exceeded in run_workqueue",
	  "flush_cpu_workqueue(): \"Probably keventd trying to flush its own queue. So simply run it by hand\"; run_workqueue(): \"morton gets to eat his hat\"" },
	{ WQ_HZ_AFTER_DESTROY, WQ_OUT_SANITIZER,
	  "AddressSanitizer: heap-use-after-free",
	  "destroy_workqueue() kfree()s the workqueue; cancel_work_sync(): \"The caller must ensure that workqueue_struct on which this work was last queued can't be destroyed before this function returns\"" },
	{ WQ_HZ_AFTER_DESTROY, WQ_OUT_BUG,
	  "BUG_ON(hdr->magic != PERCPU_MAGIC) in percpu_hdr",
	  "the same use of a freed workqueue, usually caught by the per-CPU header check of kenv's allocator where no ASan runs" },
	{ WQ_HZ_AFTER_DESTROY, WQ_OUT_LOST,
	  "work queued but never ran",
	  "destroy_workqueue(): \"All work currently pending will be done first\": a work queued while it runs (after its flush) is freed with the workqueue, unrun" },
	{ WQ_HZ_FREEZE_CHAIN, WQ_OUT_FREEZER,
	  "freezing of tasks failed",
	  "worker_thread() calls try_to_freeze() only between works; nothing lets a worker blocked in flush_work()/cancel_work_sync() freeze" },
};

const size_t wq_nr_misuse_rows = sizeof(wq_misuse_rows) / sizeof(wq_misuse_rows[0]);

const struct wq_misuse_row *wq_misuse_judge(unsigned int hazards,
					    const char *title)
{
	size_t i;

	for (i = 0; i < wq_nr_misuse_rows; i++) {
		const struct wq_misuse_row *r = &wq_misuse_rows[i];

		if ((hazards & (1u << r->hazard)) &&
		    !strncmp(title, r->title, strlen(r->title)))
			return r;
	}
	return NULL;
}
