/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Round trips on hand-written programs: text -> program -> bytes ->
 * program -> text, exact, and the printer's output is a fixpoint.
 */
#include <string.h>

#include "fuzz/prog/laws.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

static const char example[] =
	"# wqkit program v1\n"
	"cpus 2\n"
	"actors 2\n"
	"schedule pct seed=1234 depth=3\n"
	"fault none            # or: fault alloc 3 / fault kthread 2\n"
	"wq q0 multi\n"
	"wq q1 singlethread\n"
	"work w0 plain q0 nop\n"
	"work w1 delayed q1 requeue 2\n"
	"work w2 plain q0 flush w3\n"
	"work w3 plain q1 sleep 2\n"
	"step 0\n"
	"  t0: queue_work q0 w0\n"
	"  t1: cpu_down 1\n"
	"step 1\n"
	"  t0: flush_workqueue q0\n"
	"  t1: advance_jiffies 3\n";

/* The canonical print of the example. */
static const char example_printed[] =
	"# wqkit program v4\n"
	"cpus 2\n"
	"actors 2\n"
	"misuse off\n"
	"schedule pct seed=1234 depth=3\n"
	"fault none\n"
	"wq q0 multi\n"
	"wq q1 singlethread\n"
	"work w0 plain q0 nop\n"
	"work w1 delayed q1 requeue 2\n"
	"work w2 plain q0 flush w3\n"
	"work w3 plain q1 sleep 2\n"
	"step 0\n"
	"  t0: queue_work q0 w0\n"
	"  t1: cpu_down 1\n"
	"step 1\n"
	"  t0: flush_workqueue q0\n"
	"  t1: advance_jiffies 3\n";

/* Every op once, every behaviour once, misuse on. */
static const char everything[] =
	"cpus 4\nactors 4\nmisuse on\nschedule random seed=4294967295 depth=4\n"
	"fault kthread 64\n"
	"wq q0 freezeable\nwq q1 multi\nwq q2 singlethread\nwq q3 multi\n"
	"work w0 plain keventd queue w5\n"
	"work w1 delayed keventd cancel w0\n"
	"work w2 plain q0 cancel_sync w3\n"
	"work w3 delayed q1 requeue 8\n"
	"work w4 plain q2 cpu\n"
	"work w5 plain q2 sleep 16\n"
	"work w6 plain q3 flush_own_wq\n"
	"work w7 delayed q0 nop\n"
	"step 0\n"
	"  t0: queue_work q0 w2\n  t1: queue_work_on 3 q1 w3\n"
	"  t2: queue_delayed_work q1 w3 15\n  t3: queue_delayed_work_on 2 q0 w7 0\n"
	"step 1\n"
	"  t0: schedule_work w0\n  t1: schedule_work_on 1 w1\n"
	"  t2: schedule_delayed_work w1 4\n  t3: schedule_delayed_work_on 0 w1 9\n"
	"step 2\n"
	"  t3: cancel_work_sync w2\n  t2: cancel_delayed_work w3\n"
	"  t1: cancel_delayed_work_sync w7\n  t0: flush_work w4\n"
	"step 3\n"
	"  t0: flush_workqueue q1\n  t1: flush_scheduled_work\n"
	"  t2: schedule_on_each_cpu\n  t3: execute_in_process_context in_interrupt=1\n"
	"step 4\n"
	"  t0: destroy_workqueue q3\n  t1: cpu_down 3\n  t2: advance_jiffies 16\n"
	"step 5\n"
	"  t0: create_workqueue q3\n  t1: cpu_up 3\n  t2: queue_work q3 w6  # misuse\n"
	"step 6\n"
	"  t0: freeze\n  t1: queue_work q0 w2\n"
	"step 7\n"
	"step 8\n"
	"  t0: thaw\n  t1: execute_in_process_context in_interrupt=0\n";

/* What format v2 added: the other five behaviours and two ops. */
static const char everything_v2[] =
	"# wqkit program v2\n"
	"cpus 2\nactors 2\n"
	"wq q0 multi\nwq q1 freezeable\n"
	"work w0 delayed q0 rearm 3\n"
	"work w1 plain q0 get_online_cpus\n"
	"work w2 plain q1 schedule_on_each_cpu\n"
	"work w3 plain q0 flush_scheduled_work\n"
	"work w4 plain keventd current_is_keventd\n"
	"work w5 delayed keventd rearm 1\n"
	"step 0\n"
	"  t0: queue_delayed_work q0 w0 2\n  t1: schedule_delayed_work w5 1\n"
	"step 1\n"
	"  t0: cancel_rearming_delayed_work w5\n"
	"  t1: cancel_rearming_delayed_workqueue q0 w0\n";

/* What format v4 added: two behaviours; only queueing names w1. */
static const char everything_v4[] =
	"# wqkit program v4\n"
	"cpus 2\nactors 2\n"
	"wq q0 multi\n"
	"work w0 plain q0 queue w1\n"
	"work w1 plain keventd free_self\n"
	"work w2 plain q0 execute_in_process_context\n"
	"step 0\n"
	"  t0: queue_work q0 w0\n  t1: schedule_work_on 1 w1\n"
	"step 1\n"
	"  t0: queue_work q0 w2\n  t1: schedule_work w1\n";

static void laws(const char *name, const char *text)
{
	struct wq_prog p;
	char err[512], why[2048];

	EXPECT(!wq_prog_parse(text, name, &p, err, sizeof(err)), "%s", err);
	EXPECT(!wq_prog_laws_program(&p, why, sizeof(why)), "%s: %s", name, why);
}

static void test_example(void)
{
	char out[WQ_PROG_MAX_TEXT], err[256];
	struct wq_prog p;

	laws("example.wq", example);
	EXPECT(!wq_prog_parse(example, "example.wq", &p, err, sizeof(err)),
	       "%s", err);
	EXPECT(wq_prog_print(&p, out, sizeof(out)) > 0, "print");
	EXPECT(!strcmp(out, example_printed), "printed:\n%s", out);
	EXPECT(p.ncpus == 2 && p.nactors == 2 && p.nwqs == 2 && p.nworks == 4 &&
	       p.nsteps == 2, "header");
	EXPECT(p.sched_mode == WQ_SCHED_PCT && p.sched_seed == 1234 &&
	       p.sched_depth == 3, "schedule");
	EXPECT(p.work[2].beh == WQ_BEH_FLUSH && p.work[2].arg == 3, "w2");
	EXPECT(p.step[0][1].op == WQ_OP_CPU_DOWN && p.step[0][1].cpu == 1,
	       "cpu_down");
	EXPECT(p.step[1][1].op == WQ_OP_ADVANCE_JIFFIES &&
	       p.step[1][1].ticks == 3, "advance");
}

static void test_everything(void)
{
	bool op_seen[WQ_NR_OPS] = { false }, beh_seen[WQ_NR_BEHS] = { false };
	char err[512], out[WQ_PROG_MAX_TEXT];
	struct wq_prog p;
	int s, a, i;

	laws("everything.wq", everything);
	EXPECT(!wq_prog_parse(everything, "everything.wq", &p, err, sizeof(err)),
	       "%s", err);
	for (s = 0; s < p.nsteps; s++)
		for (a = 0; a < p.nactors; a++)
			op_seen[p.step[s][a].op] = true;
	for (i = 0; i < p.nworks; i++)
		beh_seen[p.work[i].beh] = true;
	/* 9 behaviours, 8 works: the example adds flush. */
	EXPECT(!wq_prog_parse(example, "example.wq", &p, err, sizeof(err)),
	       "%s", err);
	for (i = 0; i < p.nworks; i++)
		beh_seen[p.work[i].beh] = true;
	laws("everything_v2.wq", everything_v2);
	EXPECT(!wq_prog_parse(everything_v2, "everything_v2.wq", &p, err,
			      sizeof(err)), "%s", err);
	for (s = 0; s < p.nsteps; s++)
		for (a = 0; a < p.nactors; a++)
			op_seen[p.step[s][a].op] = true;
	for (i = 0; i < p.nworks; i++)
		beh_seen[p.work[i].beh] = true;
	laws("everything_v4.wq", everything_v4);
	EXPECT(!wq_prog_parse(everything_v4, "everything_v4.wq", &p, err,
			      sizeof(err)), "%s", err);
	for (i = 0; i < p.nworks; i++)
		beh_seen[p.work[i].beh] = true;
	EXPECT(!wq_prog_parse(everything, "everything.wq", &p, err, sizeof(err)),
	       "%s", err);
	for (i = 1; i < WQ_NR_OPS; i++)
		EXPECT(op_seen[i], "op %s not covered", wq_ops[i].name);
	for (i = 0; i < WQ_NR_BEHS; i++)
		EXPECT(beh_seen[i], "behaviour %s not covered", wq_behs[i].name);
	/* Actor order is canonical in print; the misuse op is annotated. */
	wq_prog_print(&p, out, sizeof(out));
	EXPECT(strstr(out, "step 2\n  t0: flush_work w4\n  t1: cancel_delayed_work_sync w7\n"),
	       "%s", out);
	EXPECT(strstr(out, "  t2: queue_work q3 w6  # misuse\n"), "%s", out);
	EXPECT(strstr(out, "step 7\nstep 8\n"), "empty step kept");
}

static void test_empty(void)
{
	struct wq_prog p, q;
	uint8_t buf[WQ_PROG_MAX_BYTES];
	char err[256], why[1024];

	wq_prog_init(&p);
	EXPECT(!wq_prog_laws_program(&p, why, sizeof(why)), "%s", why);
	EXPECT(wq_prog_encode(&p, buf, sizeof(buf)) == WQ_PROG_HDR_BYTES, "size");
	wq_prog_decode(NULL, 0, &q);
	EXPECT(wq_prog_equal(&p, &q), "decode of nothing is the empty program");
	EXPECT(!wq_prog_parse("", "empty.wq", &q, err, sizeof(err)), "%s", err);
	EXPECT(wq_prog_equal(&p, &q), "empty text is the empty program");
	EXPECT(!wq_prog_parse("# only a comment\n\n   \n", "c.wq", &q, err,
			      sizeof(err)), "%s", err);
	EXPECT(wq_prog_equal(&p, &q), "comments only");
}

static void test_encode_small_buffer(void)
{
	struct wq_prog p;
	uint8_t buf[8] = { 0xaa };
	char err[256];

	EXPECT(!wq_prog_parse(example, "e.wq", &p, err, sizeof(err)), "%s", err);
	EXPECT(wq_prog_encode(&p, buf, sizeof(buf)) ==
	       WQ_PROG_HDR_BYTES + 2 * WQ_PROG_STEP_BYTES, "size");
	EXPECT(buf[0] == 0xaa, "nothing written when it does not fit");
	EXPECT(wq_prog_encode(&p, NULL, 0) == WQ_PROG_HDR_BYTES + 2 * 20,
	       "size only");
}

static void test_print_small_buffer(void)
{
	struct wq_prog p;
	char out[16], err[256];

	EXPECT(!wq_prog_parse(example, "e.wq", &p, err, sizeof(err)), "%s", err);
	EXPECT(wq_prog_print(&p, out, sizeof(out)) == -1, "overflow reported");
	EXPECT(strlen(out) < sizeof(out), "terminated");
}

int main(void)
{
	test_example();
	test_everything();
	test_empty();
	test_encode_small_buffer();
	test_print_small_buffer();
	return wq_test_done("roundtrip_test");
}
