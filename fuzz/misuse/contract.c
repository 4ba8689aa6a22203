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
	[WQ_OUT_HANG] = "hang",
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
	{ WQ_HZ_AFTER_DESTROY, WQ_OUT_LOST,
	  "work queued but PENDING is clear",
	  "the same lost work, its home workqueue then re-created: the executor re-initialises the work (INIT_WORK(), data 0) while the lost instance is still counted as queued" },
	{ WQ_HZ_AFTER_DESTROY, WQ_OUT_LOST,
	  "work queued while already pending",
	  "the same re-initialised lost work, then queued again: PENDING was cleared by INIT_WORK(), so the queue succeeds while the lost instance is still counted as queued" },
	{ WQ_HZ_FREEZE_CHAIN, WQ_OUT_FREEZER,
	  "freezing of tasks failed",
	  "worker_thread() calls try_to_freeze() only between works; nothing lets a worker blocked in flush_work()/cancel_work_sync() freeze" },
	{ WQ_HZ_DESTROY_TIMER, WQ_OUT_SANITIZER,
	  "AddressSanitizer: heap-use-after-free",
	  "destroy_workqueue() flushes what is queued, not a pending timer: delayed_work_timer_fn() later queues on the freed workqueue (cancel_delayed_work(): \"it is possible, however, for the ->func to re-arm itself\"; nothing in destroy_workqueue() deletes timers)" },
	{ WQ_HZ_DESTROY_TIMER, WQ_OUT_SANITIZER,
	  "UndefinedBehaviorSanitizer: undefined-behavior core/kenv/timer.c",
	  "a create_workqueue() of the destroyed slot re-initialises its delayed works (INIT_DELAYED_WORK) while a timer is still pending: the timer list is corrupted and the timer code dereferences a cleared entry" },
	{ WQ_HZ_DESTROY_TIMER, WQ_OUT_SANITIZER,
	  "UndefinedBehaviorSanitizer: undefined-behavior core/workqueue.c:181:",
	  "the same re-initialisation (INIT_DELAYED_WORK clears the work's data) while its timer is pending: when it fires, delayed_work_timer_fn() reads cwq->wq through a NULL cwq" },
	{ WQ_HZ_DESTROY_TIMER, WQ_OUT_BUG,
	  "BUG_ON(hdr->magic != PERCPU_MAGIC) in percpu_hdr",
	  "the same use of the freed workqueue where no ASan runs: kenv's per-CPU header check" },
	{ WQ_HZ_DESTROY_TIMER, WQ_OUT_LOST,
	  "work queued but never ran",
	  "the same without ASan: the timer queues the work on the freed workqueue, whose thread is gone, so it never runs" },
	{ WQ_HZ_CANCEL_SYNC_DELAYED, WQ_OUT_HANG,
	  "livelock in cancel_work_sync",
	  "cancel_work_sync(): \"cancel_work_sync(&delayed_work->work) should be used only if ->timer is not pending, otherwise it goes into a busy-wait loop until the timer expires\"" },
	{ WQ_HZ_CANCEL_SYNC_DELAYED, WQ_OUT_HANG,
	  "hang in cancel_work_sync",
	  "the same busy-wait under free threads (the emulated clock moves only when every task waits)" },
	{ WQ_HZ_QUEUE_OFFLINE, WQ_OUT_LOST,
	  "flush_workqueue returned before work ran",
	  "queue_work_on(): \"We queue the work to a specific CPU, the caller must ensure it can't go away\"; flush_workqueue() walks only populated CPUs, and CPU_POST_DEAD took the CPU out of cpu_populated_map" },
	{ WQ_HZ_QUEUE_OFFLINE, WQ_OUT_LOST,
	  "work queued but never ran",
	  "the same: the offline CPU's thread is gone, so the work runs only if the CPU comes back up" },
	{ WQ_HZ_QUEUE_OFFLINE, WQ_OUT_LOST,
	  "destroy_workqueue returned before work ran",
	  "destroy_workqueue() flushes like flush_workqueue(), the populated CPUs only: a work on the offline CPU's cwq is freed with the workqueue, unrun" },
	{ WQ_HZ_QUEUE_OFFLINE, WQ_OUT_HANG,
	  "deadlock in flush_work",
	  "flush_work() of a work listed on the offline CPU's cwq queues its barrier behind it there and waits; that cwq has no thread until the CPU comes back up" },
	{ WQ_HZ_QUEUE_OFFLINE, WQ_OUT_HANG,
	  "hang in flush_work",
	  "the same wait under free threads: the executor's hang bound" },
	{ WQ_HZ_EACH_CPU_KEVENTD, WQ_OUT_LOCKDEP,
	  "possible recursive locking detected in flush_work",
	  "schedule_on_each_cpu() flush_work()s the work it queued on its own CPU's keventd, whose lockdep map the calling keventd work holds (no comment in 2.6.29; 2.6.32's 65a64464 runs that CPU's work directly when current_is_keventd())" },
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
