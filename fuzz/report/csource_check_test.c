// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every title the oracle gives (fuzz/oracle/events.c, checks_promise.c,
 * checks_struct.c; stable form) has its row in wq_csource_check(): the
 * inline check repro.c makes for it, or why there is none. A title
 * falling through to the default row (BUG, lockdep, sanitizer) would
 * mean a report.md claiming the wrong check.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/testing.h"
#include "fuzz/report/csource.h"

static const struct {
	const char *title;
	const char *want;	/* in the row */
} titles[] = {
	{ "work ran twice at once on cpu", "already running" },
	{ "work ran before its delay", "WORK_START of a timer" },
	{ "work timer fired before its delay", "TIMER_FIRED before" },
	{ "work ran on frozen workqueue wq", "none: the runtime does not follow the freezer" },
	{ "work queued on cpu ran on cpu", "none: it needs the hotplug history" },
	{ "work ran more often than queued", "WORK_START on a cwq not listing" },
	{ "work grabbed but not listed", "WORK_GRABBED on a cwq not listing" },
	{ "work timer fired but was not armed", "TIMER_FIRED with no timer" },
	{ "work timer deleted but was not armed", "TIMER_DELETED" },
	{ "work queued while already pending", "a queueing while" },
	{ "flush_workqueue returned before work ran", "rp_check_flush() right after flush_workqueue" },
	{ "flush_workqueue returned while work still running", "rp_check_flush() right after flush_workqueue" },
	{ "flush_scheduled_work returned before work ran", "flush_scheduled_work" },
	{ "destroy_workqueue returned before work ran", "after destroy_workqueue" },
	{ "flush_work returned while work still running", "rp_check_flush_work()" },
	{ "cancel_work_sync returned while work still pending", "right after cancel_work_sync" },
	{ "cancel_delayed_work_sync returned while work still running", "right after cancel_delayed_work_sync" },
	{ "queue_work_on returned 0 for idle work", "0 never for an idle work" },
	{ "queue_delayed_work_on returned 1 without queueing work", "1 only if" },
	{ "queue_work_on returned 0 but queued work", "0 only if" },
	{ "cancel_work_sync returned 1 for idle work", "none: repro.c does not read" },
	{ "cancel_delayed_work_sync returned 0 but took work off its list", "none: repro.c does not read" },
	{ "cancel_delayed_work returned 0 but deleted the timer of work", "rp_check_cancel()" },
	{ "cancel_delayed_work returned 0 for pending work", "rp_check_cancel()" },
	{ "cancel_delayed_work returned 1 for idle work", "rp_check_cancel()" },
	{ "list corruption on wq/cpu", "list is sound" },
	{ "work listed on wq/cpu without PENDING", "has PENDING set" },
	{ "work listed on wq/cpu but get_wq_data points elsewhere", "data names the cwq" },
	{ "work listed twice", "listed once at most" },
	{ "work listed on wq/cpu but not queued there", "a stray listing" },
	{ "work queued on wq/cpu but not listed", "a lost listing" },
	{ "current_work of wq/cpu is work but work is running", "none: the runtime does not follow which work" },
	{ "work PENDING with no instance", "no work PENDING with nothing" },
	{ "work queued but PENDING is clear", "PENDING set while listed or armed" },
	{ "wq has no thread for online cpu", "has a thread" },
	{ "wq has no thread for populated cpu", "has a thread" },
	{ "wq has no thread for cpu", "has a thread" },
	{ "cpu online but not populated", "in cpu_populated_map" },
	{ "work queued but never ran", "none at the end" },
	{ "work queued but never ran (lost across cpu_down)", "none at the end" },
	{ "work never finished", "a hang" },
	/* not the oracle's: the runtime's failure handler or the sanitizer */
	{ "BUG_ON(!work_pending(work)) in set_wq_data", "failure handler" },
	{ "deadlock in flush_work", "failure handler" },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		const char *row = wq_csource_check(titles[i].title);

		EXPECT(strstr(row, titles[i].want), "%s: \"%s\" is not in: %s",
		       titles[i].title, titles[i].want, row);
	}
	return wq_test_done("csource_check_test");
}
