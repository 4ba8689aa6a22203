/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parser errors: each bad input gives exactly one "file:line:col: ..."
 * message naming what was expected.
 */
#include <string.h>

#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

#define HDR "cpus 2\nactors 2\nwq q0 multi\nwq q1 freezeable\n" \
	    "work w0 plain q0 nop\nwork w1 delayed q1 nop\n" \
	    "work w2 plain keventd nop\nwork w3 plain q1 nop\n"
/* Two multi workqueues, for queueing away from home. */
#define AWAY "cpus 2\nwq q0 multi\nwq q1 multi\n"

static const struct {
	const char *text;
	const char *error;
} cases[] = {
	{ "cpus 5\n", "t.wq:1:6: expected a count (1..4), got '5'" },
	{ "cpus\n", "t.wq:1:5: expected a count (1..4), got end of line" },
	{ "cpus 2 3\n", "t.wq:1:8: expected end of line, got '3'" },
	{ "cpus 2\ncpus 2\n", "t.wq:2:1: duplicate 'cpus' line" },
	{ "bogus\n",
	  "t.wq:1:1: expected header line (cpus, actors, misuse, schedule, fault, wq, work) or 'step N', got 'bogus'" },
	{ "misuse maybe\n", "t.wq:1:8: expected 'on' or 'off', got 'maybe'" },
	{ "schedule pct seed=x depth=1\n",
	  "t.wq:1:14: expected seed (seed=0..seed=4294967295), got 'seed=x'" },
	{ "schedule pct seed=1 depth=5\n",
	  "t.wq:1:21: expected depth (depth=1..depth=4), got 'depth=5'" },
	{ "schedule fifo seed=1 depth=1\n",
	  "t.wq:1:10: expected schedule mode (free, pct, random, steps), got 'fifo'" },
	{ "fault alloc 0\n",
	  "t.wq:1:13: expected call number (1..64), got '0'" },
	{ "fault disk 1\n",
	  "t.wq:1:7: expected fault kind (none, alloc, kthread), got 'disk'" },
	{ "wq q1 multi\n", "t.wq:1:4: expected next workqueue name (q0), got 'q1'" },
	{ "wq q0 lazy\n",
	  "t.wq:1:7: expected workqueue kind (multi, singlethread, freezeable), got 'lazy'" },
	{ "work w0 plain q0 nop\n",
	  "t.wq:1:15: expected home (keventd or a declared workqueue) (none declared), got 'q0'" },
	{ "wq q0 multi\nwork w0 plain q0 nop\nwq q1 multi\n",
	  "t.wq:3:1: wq lines must come before work lines" },
	{ "work w0 plain keventd dance\n",
	  "t.wq:1:23: expected behaviour (nop, requeue, queue, cancel, flush, cancel_sync, sleep, cpu, flush_own_wq, rearm, get_online_cpus, schedule_on_each_cpu, flush_scheduled_work, current_is_keventd), got 'dance'" },
	/* format v3: per-step schedules */
	{ "# wqkit program v2\nschedule steps\n",
	  "t.wq:2:10: 'steps' is format v3, but line 1 says v2 (raise it, or drop the line)" },
	{ "schedule steps seed=1\n", "t.wq:1:16: expected end of line, got 'seed=1'" },
	{ "schedule pct seed=1 depth=2\nstep 0 order=3\n",
	  "t.wq:2:8: a step's schedule (order=, at=) needs 'schedule steps'" },
	{ "schedule steps\nstep 0 order=256\n",
	  "t.wq:2:8: expected priority order (order=0..order=255), got 'order=256'" },
	{ "schedule steps\nstep 0 at=5,5\n",
	  "t.wq:2:8: expected change points at=A[,B[,C]] (ascending, 1..255), got 'at=5,5'" },
	{ "schedule steps\nstep 0 at=1,2,3,4\n",
	  "t.wq:2:8: expected change points at=A[,B[,C]] (ascending, 1..255), got 'at=1,2,3,4'" },
	{ "schedule steps\nstep 0 at=0\n",
	  "t.wq:2:8: expected change points at=A[,B[,C]] (ascending, 1..255), got 'at=0'" },
	{ "schedule steps\nstep 0 at=7,\n",
	  "t.wq:2:8: expected change points at=A[,B[,C]] (ascending, 1..255), got 'at=7,'" },
	{ "schedule steps\nstep 0 at=3 order=1\n",
	  "t.wq:2:13: expected end of line, got 'order=1'" },
	/* format v2 behaviours and the version line */
	{ "wq q0 multi\nwork w0 plain q0 rearm 2\n",
	  "t.wq:2:18: rearm needs a delayed work; w0 is plain (use requeue)" },
	{ "work w0 plain keventd schedule_on_each_cpu\n",
	  "t.wq:1:23: schedule_on_each_cpu: w0 is on keventd itself: keventd would wait for itself (API misuse: 'misuse on', format v3)" },
	{ "wq q0 multi\nwork w0 plain keventd flush w1\nwork w1 plain q0 flush_scheduled_work\n",
	  "t.wq:3:18: flush_scheduled_work: w1 on q0: keventd may wait for it (a keventd work flushes or cancel_syncs into its workqueue)" },
	{ "# wqkit program v1\nwq q0 multi\nwork w0 delayed q0 rearm 2\n",
	  "t.wq:3:20: 'rearm' is format v2, but line 1 says v1 (raise it, or drop the line)" },
	{ "# wqkit program v9\n",
	  "t.wq:1:18: format v9: this wqkit reads v1..v4 (written by a newer wqkit)" },
	{ "# wqkit program v0\n", "t.wq:1:18: format v0: this wqkit reads v1..v4" },
	{ "# wqkit program vx\n",
	  "t.wq:1:18: expected a format version after '# wqkit program v'" },
	{ "cpus 1\n# wqkit program v2\n",
	  "t.wq:2:1: the version line must come before the header lines" },
	{ "# wqkit program v2\n# wqkit program v2\n",
	  "t.wq:2:1: second version line (first on line 1)" },
	{ "work w0 plain keventd requeue 9\n",
	  "t.wq:1:31: expected requeue count (1..8), got '9'" },
	{ "work w0 plain keventd sleep\n",
	  "t.wq:1:28: expected jiffies (1..16), got end of line" },
	{ "work w0 plain keventd flush x9\n",
	  "t.wq:1:29: expected work name (w0..w7), got 'x9'" },
	{ "work w0 plain keventd queue w3\nwork w1 plain keventd nop\n",
	  "t.wq:1:29: expected work name (w0..w1), got 'w3'" },
	{ "work w0 plain keventd flush_own_wq\n",
	  "t.wq:1:23: flush_own_wq is API misuse: it needs 'misuse on' in the header" },
	/* downward rule */
	{ HDR "work w4 plain q0 flush w2\n",
	  "t.wq:9:24: flush w2: downward rule: the target must come after w4 and live on a later workqueue (keventd < q0 < q1 < q2 < q3); w4 is on q0, w2 on keventd" },
	{ "wq q0 multi\nwork w0 plain q0 cancel_sync w1\nwork w1 plain q0 nop\n",
	  "t.wq:2:30: cancel_sync w1: downward rule: the target must come after w0 and live on a later workqueue (keventd < q0 < q1 < q2 < q3); w0 is on q0, w1 on q0" },
	{ HDR "work w4 plain q0 queue w0\n",
	  "t.wq:9:24: queue w0: the target must come after w4 (queueing is acyclic)" },
	{ HDR "work w4 plain q0 cancel w4\n",
	  "t.wq:9:25: cancel: w4 cannot cancel itself" },
	/* steps */
	{ "step 1\n", "t.wq:1:6: expected next step number (0), got '1'" },
	{ "  t0: freeze\n", "t.wq:1:3: expected 'step N' before the first op" },
	{ HDR "step 0\n  t2: freeze\n",
	  "t.wq:10:3: expected actor (t0..t1), got 't2'" },
	{ HDR "step 0\n  t0: freeze\n  t0: thaw\n",
	  "t.wq:11:3: t0 already has an op in step 0" },
	{ HDR "step 0\n  t0: frobnicate\n",
	  "t.wq:10:7: expected op name, got 'frobnicate'" },
	{ HDR "step 0\n  t0: cpu_down 2\n",
	  "t.wq:10:16: expected cpu (0..1), got '2'" },
	{ HDR "step 0\n  t0: queue_work q0 w9\n",
	  "t.wq:10:21: expected work name (w0..w3), got 'w9'" },
	/* format v4: away from home (FORMAT.md "Away from home") */
	{ "# wqkit program v3\n" HDR "step 0\n  t0: queue_work q1 w0\n",
	  "t.wq:11:18: queue_work: queueing w0 away from its home is format v4, but line 1 says v3 (raise it, or drop the line)" },
	{ AWAY "work w0 plain q0 flush w1\nwork w1 plain q1 nop\n"
	  "step 0\n  t0: queue_work q1 w0\n",
	  "t.wq:7:7: queue_work: w0 waits, or is waited for (flush/cancel_sync): it stays on its home q0" },
	{ AWAY "work w0 plain q0 flush w1\nwork w1 plain q1 nop\n"
	  "step 0\n  t0: schedule_work w1\n",
	  "t.wq:7:7: schedule_work: w1 waits, or is waited for (flush/cancel_sync): it stays on its home q1" },
	{ AWAY "work w0 plain q0 nop\nstep 0\n  t0: queue_work q1 w0\n"
	  "step 1\n  t0: destroy_workqueue q1\n",
	  "t.wq:8:7: destroy_workqueue: w0 was queued away from its home onto q1: it may still point at q1 (keep that workqueue alive)" },
	{ AWAY "work w0 plain q0 nop\nstep 0\n  t0: queue_work q1 w0\n"
	  "step 1\n  t0: destroy_workqueue q0\n",
	  "t.wq:8:7: destroy_workqueue: w0 was queued away from its home from q0: it may still point at q0 (keep that workqueue alive)" },
	{ "cpus 2\nwq q0 freezeable\nwork w0 plain keventd nop\nstep 0\n  t0: freeze\n"
	  "step 1\n  t0: schedule_work w0\nstep 2\n  t0: queue_work q0 w0\n",
	  "t.wq:9:7: queue_work: w0 away from home onto a workqueue the freezer stalls: not while frozen" },
	{ HDR "step 0\n  t0: queue_delayed_work q1 w1 16\n",
	  "t.wq:10:32: expected delay in jiffies (0..15), got '16'" },
	{ HDR "step 0\n  t0: queue_delayed_work q0 w0 1\n",
	  "t.wq:10:7: queue_delayed_work needs a delayed work; w0 is plain" },
	{ HDR "step 0\n  t0: cancel_work_sync w1\n",
	  "t.wq:10:7: cancel_work_sync needs a plain work; w1 is delayed (use cancel_delayed_work_sync; on the work_struct it is API misuse: 'misuse on', format v3)" },
	{ HDR "step 0\n  t0: advance_jiffies 0\n",
	  "t.wq:10:23: expected jiffies (1..16), got '0'" },
	{ HDR "step 0\n  t0: execute_in_process_context 1\n",
	  "t.wq:10:34: expected flag (in_interrupt=0..in_interrupt=1), got '1'" },
	{ HDR "step 0\n  t0: thaw\n", "t.wq:10:7: thaw: not frozen" },
	{ HDR "work w4 delayed keventd nop\nstep 0\n  t0: cancel_rearming_delayed_workqueue q0 w4\n",
	  "t.wq:11:7: cancel_rearming_delayed_workqueue: w4 lives on keventd (use cancel_rearming_delayed_work)" },
	{ HDR "step 0\n  t0: freeze\n  t1: flush_workqueue q1\n",
	  "t.wq:11:7: flush_workqueue may wait for a frozen workqueue: not allowed while frozen (thaw in the same step or before)" },
	{ "wq q0 freezeable\nwq q1 freezeable\nwork w0 plain q0 flush w1\n"
	  "work w1 plain q1 nop\nstep 0\n  t0: freeze\n",
	  "t.wq:6:7: freeze: w0 on freezeable q0 waits (flush) on w1 on q1, which the freezer may stall first: freezing can fail; that is API misuse ('misuse on')" },
	{ HDR "step 0\n  t0: freeze\nstep 1\n  t1: cpu_up 1\n",
	  "t.wq:12:7: cpu_up: not allowed while frozen or freezing" },
	{ HDR "step 0\n  t0: destroy_workqueue q1\n",
	  "t.wq:10:7: destroy_workqueue: q1 homes a delayed work, or a work on another workqueue targets one of its works (API misuse: 'misuse on', format v3)" },
	{ HDR "step 0\n  t0: destroy_workqueue q0\n  t1: queue_work q0 w0\n",
	  "t.wq:11:7: queue_work: q0 is destroyed (or being destroyed in this step); using it is API misuse ('misuse on')" },
	{ HDR "step 0\n  t0: destroy_workqueue q0\nstep 1\n  t1: destroy_workqueue q0\n",
	  "t.wq:12:7: destroy_workqueue: q0 is already destroyed" },
	{ HDR "step 0\n  t0: create_workqueue q0\n",
	  "t.wq:10:7: create_workqueue: q0 exists (destroy it first)" },
	{ HDR "step 0\n  t0: flush_scheduled_work extra\n",
	  "t.wq:10:28: expected end of line, got 'extra'" },
	{ HDR "step 0\nwq q2 multi\n",
	  "t.wq:10:1: expected 'step N' or an op line 'tN: op ...', got 'wq'" },
	{ "cpus 1 # comment is fine\ncpus 2\n", "t.wq:2:1: duplicate 'cpus' line" },
	/* format v4: works that free themselves */
	{ "# wqkit program v3\nwork w0 plain keventd free_self\n",
	  "t.wq:2:23: 'free_self' is format v4, but line 1 says v3 (raise it, or drop the line)" },
	{ "work w0 delayed keventd free_self\n",
	  "t.wq:1:25: free_self needs a plain work; w0 is delayed" },
	{ "wq q0 multi\nwork w0 plain q0 cancel w1\nwork w1 plain q0 free_self\n",
	  "t.wq:2:25: cancel w1: w1 frees itself in its function: only a queueing (a fresh allocation) may name it" },
	{ "wq q0 multi\nwork w0 plain keventd cancel_sync w1\n"
	  "work w1 plain q0 free_self\n",
	  "t.wq:2:35: cancel_sync w1: w1 frees itself in its function: only a queueing (a fresh allocation) may name it" },
	{ "wq q0 multi\nwork w0 plain q0 free_self\nstep 0\n"
	  "  t0: flush_work w0\n",
	  "t.wq:4:7: flush_work: w0 frees itself in its function: once it ran its memory is gone, so only a queueing (a fresh allocation) may name it" },
	{ "wq q0 multi\nwork w0 plain q0 free_self\nstep 0\n"
	  "  t0: cancel_work_sync w0\n",
	  "t.wq:4:7: cancel_work_sync: w0 frees itself in its function: once it ran its memory is gone, so only a queueing (a fresh allocation) may name it" },
	{ "a b c d e f g h i j k l m n o p q\n",
	  "t.wq:1:33: expected end of line, got too many words" },
};

int main(void)
{
	char err[512];
	struct wq_prog p;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = wq_prog_parse(cases[i].text, "t.wq", &p, err, sizeof(err));

		EXPECT(r == -1, "case %zu parsed", i);
		EXPECT(!strcmp(err, cases[i].error), "case %zu:\n  got  %s\n  want %s",
		       i, err, cases[i].error);
	}
	/* A short error buffer is still terminated. */
	EXPECT(wq_prog_parse("cpus 9\n", "t.wq", &p, err, 8) == -1, "short");
	EXPECT(strlen(err) == 7, "truncated to fit");
	return wq_test_done("parse_error_test");
}
