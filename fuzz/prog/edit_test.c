// SPDX-License-Identifier: GPL-2.0-only
/*
 * Program edits: on a hand-written program each edit does what it says
 * (renumbering, rehoming, knock-on repairs); on 3000 random programs
 * every edit with every argument leaves a legal program, and a refused
 * edit leaves the program unchanged. Simpler ops: one rank table, an op
 * replaced by another with its operands carried over.
 */
#include <string.h>

#include "fuzz/prog/edit.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

#define ITERATIONS	3000

static const char *const base_text =
	"cpus 2\n"
	"actors 3\n"
	"schedule pct seed=7 depth=3\n"
	"fault alloc 3\n"
	"wq q0 multi\n"
	"wq q1 freezeable\n"
	"work w0 plain keventd flush w2\n"
	"work w1 delayed q0 nop\n"
	"work w2 plain q1 queue w3\n"
	"work w3 plain q1 nop\n"
	"step 0\n"
	"  t0: queue_work q1 w2\n"
	"  t1: queue_delayed_work_on 1 q0 w1 5\n"
	"  t2: schedule_work w0\n"
	"step 1\n"
	"  t0: freeze\n"
	"step 2\n"
	"  t0: thaw\n"
	"  t2: flush_workqueue q1\n"
	"step 3\n"
	"  t1: advance_jiffies 9\n";

static void parse(const char *text, struct wq_prog *p)
{
	char err[256];

	if (wq_prog_parse(text, "edit_test", p, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
}

static bool text_has(const struct wq_prog *p, const char *what)
{
	static char text[WQ_PROG_MAX_TEXT];

	wq_prog_print(p, text, sizeof(text));
	return strstr(text, what) != NULL;
}

static void check_steps_and_ops(const struct wq_prog *base)
{
	struct wq_prog p = *base;

	/* Dropping the freeze drops the thaw that needs it. */
	EXPECT(!wq_edit_drop_step(&p, 1), "drop step 1");
	EXPECT(p.nsteps == 3 && !text_has(&p, "thaw"), "thaw left");
	EXPECT(text_has(&p, "step 1\n  t2: flush_workqueue q1"), "renumbered");
	p = *base;
	EXPECT(!wq_edit_truncate(&p, 1) && p.nsteps == 1, "truncate");
	EXPECT(wq_edit_truncate(&p, 1), "no-op truncate refused");
	p = *base;
	EXPECT(!wq_edit_drop_op(&p, 0, 1), "drop op");
	EXPECT(!text_has(&p, "queue_delayed_work_on"), "op left");
	EXPECT(wq_edit_drop_op(&p, 0, 1), "dropping none refused");
	p = *base;
	EXPECT(wq_edit_move_op(&p, 0, 0, 1), "move onto a busy slot refused");
	EXPECT(!wq_edit_move_op(&p, 3, 1, 0), "move op");
	EXPECT(text_has(&p, "step 3\n  t0: advance_jiffies 9"), "moved");
	EXPECT(wq_edit_move_op_to(&p, 3, 0, 0, 0), "onto a busy slot refused");
	EXPECT(wq_edit_move_op_to(&p, 2, 2, 1, 1),
	       "flush of a freezeable wq into the freezing step refused");
	EXPECT(!wq_edit_move_op_to(&p, 3, 0, 1, 1) &&
	       text_has(&p, "step 1\n  t0: freeze\n  t1: advance_jiffies 9\nstep 2"),
	       "advance_jiffies moved up");
	p = *base;
	EXPECT(!wq_edit_move_op(&p, 3, 1, 0), "move op");
	EXPECT(!wq_edit_set_operand(&p, 3, 0, WQ_ARG_TICKS, 1) &&
	       text_has(&p, "advance_jiffies 1\n"), "ticks");
	EXPECT(wq_edit_set_operand(&p, 3, 0, WQ_ARG_TICKS, 0), "ticks 0 refused");
	EXPECT(wq_edit_set_operand(&p, 3, 0, WQ_ARG_CPU, 0), "no cpu operand");
	EXPECT(!wq_edit_set_operand(&p, 0, 1, WQ_ARG_DELAY, 0), "delay");
}

static void check_header(const struct wq_prog *base)
{
	struct wq_prog p = *base;

	/* w1 goes: w2 -> w1, w3 -> w2, and w0's target follows. */
	EXPECT(!wq_edit_drop_work(&p, 1), "drop w1");
	EXPECT(p.nworks == 3 && text_has(&p, "work w0 plain keventd flush w1\n") &&
	       text_has(&p, "work w1 plain q1 queue w2\n") &&
	       !text_has(&p, "delayed"), "works renumbered");
	p = *base;
	EXPECT(!wq_edit_drop_work(&p, 2) &&
	       text_has(&p, "work w0 plain keventd nop\n"), "target gone: nop");
	/* q0 goes: w1 moves to keventd, q1 becomes q0, its ops follow. */
	p = *base;
	EXPECT(!wq_edit_drop_wq(&p, 0), "drop q0");
	EXPECT(p.nwqs == 1 && text_has(&p, "wq q0 freezeable\n") &&
	       text_has(&p, "work w1 delayed keventd nop\n") &&
	       text_has(&p, "schedule_delayed_work_on 1 w1 5") &&
	       text_has(&p, "flush_workqueue q0"), "wqs renumbered");
	p = *base;
	EXPECT(!wq_edit_drop_actor(&p, 0) && p.nactors == 2 &&
	       !text_has(&p, "freeze\n"), "drop t0");
	EXPECT(!wq_edit_set_cpus(&p, 1) && text_has(&p, "_on 0 q0 w1"), "cpus");
	p = *base;
	EXPECT(!wq_edit_set_fault(&p, WQ_FAULT_NONE, 0) &&
	       text_has(&p, "fault none"), "fault none");
	EXPECT(wq_edit_set_fault(&p, WQ_FAULT_ALLOC, 0), "fault nth 0 refused");
	EXPECT(!wq_edit_set_beh(&p, 0, WQ_BEH_NOP, 0), "nop");
	EXPECT(wq_edit_set_beh(&p, 3, WQ_BEH_FLUSH, 3), "self flush refused");
	EXPECT(!wq_edit_set_delayed(&p, 1, false) &&
	       text_has(&p, "queue_work_on 1 q0 w1\n"), "plain");
	EXPECT(!wq_edit_set_wq_kind(&p, 1, WQ_KIND_MULTI), "kind");
	EXPECT(!wq_edit_set_home(&p, 3, 0), "home");
	EXPECT(!wq_edit_set_sched(&p, WQ_SCHED_PCT, 7, 1), "depth 1");
	EXPECT(wq_edit_set_sched(&p, WQ_SCHED_PCT, 7, 9), "depth 9 refused");
	EXPECT(wq_prog_hash(&p) != wq_prog_hash(base), "hash");
}

/* Simpler ops: one rank table; an op replaced with its operands kept. */
static void check_simpler(const struct wq_prog *base)
{
	uint8_t out[WQ_NR_OPS];
	bool seen[WQ_NR_OPS] = { false };
	struct wq_prog p = *base;
	int op, n;

	EXPECT(wq_op_rank(WQ_OP_NONE) == 0 && wq_op_rank(-1) == -1 &&
	       wq_op_rank(WQ_NR_OPS) == -1, "rank bounds");
	for (op = 1; op < WQ_NR_OPS; op++) {
		n = wq_op_rank(op);
		EXPECT(n > 0 && n < WQ_NR_OPS && !seen[n], "op %d rank %d", op, n);
		seen[n] = true;
	}
	EXPECT(wq_ops_simpler(WQ_OP_SCHEDULE_WORK, out) == 0, "simplest");
	n = wq_ops_simpler(WQ_OP_CANCEL_WORK_SYNC, out);
	EXPECT(n == wq_op_rank(WQ_OP_CANCEL_WORK_SYNC) - 1 &&
	       out[0] == WQ_OP_SCHEDULE_WORK && out[1] == WQ_OP_QUEUE_WORK &&
	       out[n - 1] == WQ_OP_CANCEL_DELAYED_WORK, "simpler than cancel_work_sync");
	/* schedule_work w0 -> cancel_work_sync w0: the work carries over */
	EXPECT(!wq_edit_replace_op(&p, 0, 2, WQ_OP_CANCEL_WORK_SYNC) &&
	       text_has(&p, "  t2: cancel_work_sync w0\n"), "replace keeps the work");
	EXPECT(wq_edit_replace_op(&p, 0, 2, WQ_OP_CANCEL_WORK_SYNC),
	       "the same op refused");
	EXPECT(wq_edit_replace_op(&p, 1, 1, WQ_OP_QUEUE_WORK), "an empty slot refused");
	EXPECT(wq_edit_replace_op(&p, 0, 2, WQ_OP_NONE) &&
	       wq_edit_replace_op(&p, 0, 2, WQ_NR_OPS), "not an op refused");
	/* queue_work q1 w2 -> queue_work_on: q1 stays its destination */
	p = *base;
	EXPECT(!wq_edit_replace_op(&p, 0, 0, WQ_OP_QUEUE_WORK_ON) &&
	       text_has(&p, "  t0: queue_work_on 0 q1 w2\n"), "the wq carries over");
	/* flush_workqueue q1 -> flush_work: the new operand is the simplest */
	p = *base;
	EXPECT(!wq_edit_replace_op(&p, 2, 2, WQ_OP_FLUSH_WORK) &&
	       text_has(&p, "  t2: flush_work w0\n"), "a new operand: w0");
	/* queue_delayed_work_on 1 q0 w1 5 -> schedule_delayed_work_on */
	p = *base;
	EXPECT(!wq_edit_replace_op(&p, 0, 1, WQ_OP_SCHEDULE_DELAYED_WORK_ON) &&
	       text_has(&p, "schedule_delayed_work_on 1 w1 5\n"), "cpu and delay carry over");
	/* a work whose behaviour is nop is simpler; else the lower index */
	EXPECT(wq_work_simpler(base, 1, 0) && !wq_work_simpler(base, 0, 1) &&
	       wq_work_simpler(base, 1, 3) && wq_work_simpler(base, 0, 2) &&
	       !wq_work_simpler(base, 1, 1), "simpler works");
}

/* Actors renumbered; sizes measured and compared. */
static void check_permute_and_size(const struct wq_prog *base)
{
	static const int rot[3] = { 2, 0, 1 }, twice[3] = { 0, 0, 1 };
	struct wq_prog_size a, b;
	struct wq_prog p = *base;

	EXPECT(!wq_edit_permute_actors(&p, rot) &&
	       text_has(&p, "  t0: schedule_work w0\n  t1: queue_work q1 w2\n"
			"  t2: queue_delayed_work_on 1 q0 w1 5\n") &&
	       text_has(&p, "step 1\n  t1: freeze\n"), "permute");
	p = *base;
	EXPECT(wq_edit_permute_actors(&p, twice) && wq_prog_equal(&p, base),
	       "a non-permutation refused");
	wq_prog_measure(base, &a);
	EXPECT(a.ops == 7 && a.calls == 9 && a.steps == 4 && a.actors == 3 &&
	       a.works == 4 && a.wqs == 2 && a.cpus == 2,
	       "size %d calls %d ops %d steps", a.calls, a.ops, a.steps);
	b = a;
	EXPECT(!wq_prog_size_cmp(&a, &b), "equal sizes");
	b.steps = 1;
	b.cpus = 4;
	EXPECT(wq_prog_size_cmp(&b, &a) < 0 && wq_prog_size_cmp(&a, &b) > 0,
	       "fewer steps first, then cpus");
	b.calls = 10;
	EXPECT(wq_prog_size_cmp(&b, &a) > 0, "calls before steps");
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

/* Apply edit number @e with argument @i (any value) to @p. */
static int apply(struct wq_prog *p, int e, int i, int j)
{
	switch (e) {
	case 0: return wq_edit_drop_step(p, i);
	case 1: return wq_edit_truncate(p, i);
	case 2: return wq_edit_drop_op(p, i, j);
	case 3: return wq_edit_move_op(p, i, j, (j + 1) % 4);
	case 4: return wq_edit_set_operand(p, i, j, "cdni"[i % 4], j);
	case 5: return wq_edit_drop_actor(p, j);
	case 6: return wq_edit_drop_work(p, i % 9);
	case 7: return wq_edit_drop_wq(p, j);
	case 8: return wq_edit_set_cpus(p, j + 1);
	case 9: return wq_edit_set_beh(p, i % 8, j, i);
	case 10: return wq_edit_set_delayed(p, i % 8, j & 1);
	case 11: return wq_edit_set_home(p, i % 8, j - 1);
	case 12: return wq_edit_set_wq_kind(p, j, i % 3);
	case 13: return wq_edit_set_fault(p, j % 3, i);
	case 14: return wq_edit_set_sched(p, j % 3, (uint32_t)i, j + 1);
	case 15: {
		int perm[WQ_MAX_ACTORS], a;

		for (a = 0; a < p->nactors; a++)
			perm[a] = (a + i) % p->nactors;
		return wq_edit_permute_actors(p, perm);
	}
	case 16: return wq_edit_replace_op(p, i, j, (i * 7 + j) % (WQ_NR_OPS + 1));
	default: return wq_edit_move_op_to(p, i, j, i / 2, (j + i) % 4);
	}
}

#define NR_EDITS	18

static void check_random(void)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	struct wq_prog p, before;
	char why[256];
	int it, k, e;
	unsigned long done = 0;

	for (it = 0; it < ITERATIONS; it++) {
		for (k = 0; k < (int)sizeof(buf); k++)
			buf[k] = (uint8_t)next();
		wq_prog_decode(buf, WQ_PROG_HDR_BYTES +
			       (next() % 12) * WQ_PROG_STEP_BYTES, &p);
		for (e = 0; e < 3 * NR_EDITS; e++) {
			before = p;
			if (apply(&p, e % NR_EDITS, next() % 33, next() % 4)) {
				EXPECT(wq_prog_equal(&p, &before) &&
				       !memcmp(&p, &before, sizeof(p)),
				       "refused edit %d changed the program", e);
				continue;
			}
			done++;
			EXPECT(!wq_prog_check(&p, why, sizeof(why)),
			       "edit %d: %s", e % NR_EDITS, why);
			EXPECT(!wq_prog_equal(&p, &before), "edit %d: no change", e);
		}
	}
	EXPECT(done > ITERATIONS * 10, "only %lu edits applied", done);
}

int main(void)
{
	struct wq_prog base;

	parse(base_text, &base);
	check_steps_and_ops(&base);
	check_header(&base);
	check_permute_and_size(&base);
	check_simpler(&base);
	check_random();
	return wq_test_done("edit_test");
}
