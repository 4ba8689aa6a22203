/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Legality as the decoder enforces it: the downward rule for every
 * behaviour byte, kind/home mapping of ops, destroy/freeze/misuse rules.
 */
#include <string.h>

#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

/* Byte offsets (FORMAT.md). */
#define H_WQS	2
#define H_WORKS	3
#define H_FLAGS	4
#define H_KIND	13
#define H_WORK	17
#define STEP(s, a)	(WQ_PROG_HDR_BYTES + (s) * WQ_PROG_STEP_BYTES + (a) * 4)

static uint8_t in[WQ_PROG_MAX_BYTES];

/* Header: 2 actors, 4 wqs (q1 freezeable), works with the given homes. */
static void header(int nworks, const int *home, const int *delayed)
{
	int i;

	memset(in, 0, sizeof(in));
	in[1] = 1;		/* 2 actors */
	in[H_WQS] = 4;
	in[H_KIND + 1] = WQ_KIND_FREEZEABLE;
	in[H_WORKS] = (uint8_t)nworks;
	for (i = 0; i < nworks; i++)
		in[H_WORK + 3 * i] = (uint8_t)((home[i] + 1) << 1 | delayed[i]);
}

static void op(int step, int actor, int code, int obj, int cpu, int val)
{
	uint8_t *b = in + STEP(step, actor);

	b[0] = (uint8_t)code;
	b[1] = (uint8_t)obj;
	b[2] = (uint8_t)cpu;
	b[3] = (uint8_t)val;
}

static const int homes[8] = { 0, WQ_KEVENTD, 2, 1, 3, 0, 2, WQ_KEVENTD };
static const int plain[8], delayed[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };

static bool downward(const struct wq_prog *p, int self, int t)
{
	return t > self && p->work[t].home > p->work[self].home;
}

static void test_downward_every_byte(void)
{
	struct wq_prog p;
	int self, beh, arg;

	header(8, homes, plain);
	for (self = 0; self < 8; self++) {
		for (beh = WQ_BEH_QUEUE; beh <= WQ_BEH_CANCEL_SYNC; beh++) {
			for (arg = 0; arg < 256; arg++) {
				const struct wq_work *w = &p.work[self];

				in[H_WORK + 3 * self + 1] = (uint8_t)beh;
				in[H_WORK + 3 * self + 2] = (uint8_t)arg;
				wq_prog_decode(in, WQ_PROG_HDR_BYTES, &p);
				if (w->beh == WQ_BEH_NOP)
					continue;
				EXPECT(w->beh == beh, "behaviour kept");
				if (beh == WQ_BEH_QUEUE)
					EXPECT(w->arg > self, "queue w%d from w%d",
					       w->arg, self);
				else if (beh == WQ_BEH_CANCEL)
					EXPECT(w->arg != self, "self cancel");
				else
					EXPECT(downward(&p, self, w->arg),
					       "w%d %s w%d", self,
					       wq_behs[beh].name, w->arg);
			}
		}
		in[H_WORK + 3 * self + 1] = 0;
	}
	/* w7 (last) has nothing downward: degrade to nop. */
	in[H_WORK + 3 * 7 + 1] = WQ_BEH_FLUSH;
	wq_prog_decode(in, WQ_PROG_HDR_BYTES, &p);
	EXPECT(p.work[7].beh == WQ_BEH_NOP && p.work[7].arg == 0, "degrade");
	/* w4 on q3 (last wq): flush has no target at a later wq. */
	in[H_WORK + 3 * 4 + 1] = WQ_BEH_FLUSH;
	wq_prog_decode(in, WQ_PROG_HDR_BYTES, &p);
	EXPECT(p.work[4].beh == WQ_BEH_NOP, "w4 flush degrades");
	/* w1 on keventd may flush w2 (q2): every arg hits a legal target. */
	in[H_WORK + 3 * 1 + 1] = WQ_BEH_FLUSH;
	for (arg = 0; arg < 256; arg++) {
		in[H_WORK + 3 * 1 + 2] = (uint8_t)arg;
		wq_prog_decode(in, WQ_PROG_HDR_BYTES, &p);
		EXPECT(p.work[1].beh == WQ_BEH_FLUSH &&
		       downward(&p, 1, p.work[1].arg), "w1 -> w%d", p.work[1].arg);
	}
}

static void test_kind_and_home_mapping(void)
{
	static const struct {
		int op, work, want;
	} cases[] = {
		/* w0 plain on q0, w1 delayed on keventd */
		{ WQ_OP_QUEUE_DELAYED_WORK, 0, WQ_OP_QUEUE_WORK },
		{ WQ_OP_QUEUE_DELAYED_WORK_ON, 0, WQ_OP_QUEUE_WORK_ON },
		{ WQ_OP_SCHEDULE_WORK, 0, WQ_OP_QUEUE_WORK },
		{ WQ_OP_SCHEDULE_DELAYED_WORK_ON, 0, WQ_OP_QUEUE_WORK_ON },
		{ WQ_OP_QUEUE_DELAYED_WORK, 1, WQ_OP_SCHEDULE_DELAYED_WORK },
		{ WQ_OP_QUEUE_WORK, 1, WQ_OP_SCHEDULE_WORK },
		{ WQ_OP_CANCEL_WORK_SYNC, 1, WQ_OP_CANCEL_DELAYED_WORK_SYNC },
		{ WQ_OP_CANCEL_DELAYED_WORK, 0, WQ_OP_CANCEL_WORK_SYNC },
		{ WQ_OP_CANCEL_DELAYED_WORK_SYNC, 0, WQ_OP_CANCEL_WORK_SYNC },
		{ WQ_OP_FLUSH_WORK, 1, WQ_OP_FLUSH_WORK },
	};
	static const int h[2] = { 0, WQ_KEVENTD }, d[2] = { 0, 1 };
	struct wq_prog p;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		header(2, h, d);
		op(0, 0, cases[i].op, cases[i].work, 1, 7);
		wq_prog_decode(in, STEP(1, 0), &p);
		EXPECT(p.step[0][0].op == cases[i].want, "%s on w%d -> %s",
		       wq_ops[cases[i].op].name, cases[i].work,
		       wq_ops[p.step[0][0].op].name);
		EXPECT(p.step[0][0].wq == 0 && p.step[0][0].work == cases[i].work,
		       "operands");
		EXPECT(p.step[0][0].delay ==
		       (wq_op_has(p.step[0][0].op, WQ_ARG_DELAY) ? 7 : 0), "delay");
	}
}

static void test_destroy_rules(void)
{
	static const int h[3] = { 0, 2, 2 }, d[3] = { 0, 1, 0 };
	struct wq_prog p;

	header(3, h, d);
	op(0, 0, WQ_OP_DESTROY_WORKQUEUE, 0, 0, 0);	/* q0: fine */
	op(0, 1, WQ_OP_QUEUE_WORK, 0, 0, 0);		/* races: dropped */
	op(1, 0, WQ_OP_DESTROY_WORKQUEUE, 2, 0, 0);	/* q2 homes delayed w1 */
	op(1, 1, WQ_OP_FLUSH_WORK, 0, 0, 0);		/* after destroy */
	op(2, 0, WQ_OP_CREATE_WORKQUEUE, 0, 0, 0);
	op(2, 1, WQ_OP_CREATE_WORKQUEUE, 1, 0, 0);	/* q1 is alive */
	op(3, 0, WQ_OP_QUEUE_WORK, 0, 0, 0);		/* alive again */
	wq_prog_decode(in, STEP(4, 0), &p);
	EXPECT(p.step[0][0].op == WQ_OP_DESTROY_WORKQUEUE, "destroy q0");
	EXPECT(p.step[0][1].op == WQ_OP_NONE, "queue racing destroy");
	EXPECT(p.step[1][0].op == WQ_OP_NONE, "q2 not destroyable");
	EXPECT(p.step[1][1].op == WQ_OP_NONE, "flush after destroy");
	EXPECT(p.step[2][0].op == WQ_OP_CREATE_WORKQUEUE, "create q0");
	EXPECT(p.step[2][1].op == WQ_OP_NONE, "create live q1");
	EXPECT(p.step[3][0].op == WQ_OP_QUEUE_WORK, "queue after create");

	/* The same with misuse on: use after destroy is kept; format v3
	 * also keeps the destroy of q2 (hazard destroy_pending_timer or
	 * after_destroy), which v2 bytes still drop. */
	in[H_FLAGS] = 1;
	wq_prog_decode(in, STEP(4, 0), &p);
	EXPECT(p.step[0][1].op == WQ_OP_QUEUE_WORK, "misuse: queue racing");
	EXPECT(p.step[1][1].op == WQ_OP_FLUSH_WORK, "misuse: flush after");
	EXPECT(p.step[1][0].op == WQ_OP_DESTROY_WORKQUEUE, "v3 misuse relaxes destroy");
	wq_prog_decode_format(in, STEP(4, 0), 2, &p);
	EXPECT(p.misuse == WQ_MISUSE_V2, "v2 bytes: v2 misuse");
	EXPECT(p.step[0][1].op == WQ_OP_QUEUE_WORK, "v2 misuse: queue racing");
	EXPECT(p.step[1][0].op == WQ_OP_NONE, "v2 misuse does not relax destroy");
}

/*
 * Format v4: a queue op's destination is the high nibble of its last
 * byte. v1-v3 bytes ignore it (the work's home, as they always meant);
 * v4 takes it, tracks where the work went, and refuses to destroy it.
 */
static void test_away_from_home(void)
{
	static const int d[3] = { 0, 0, 0 };
	struct wq_prog p;
	int f;

	/* w0 on q0, w1 on keventd, w2 on q2: all nop */
	header(3, (const int[]){ 0, WQ_KEVENTD, 2 }, d);
	op(0, 0, WQ_OP_QUEUE_WORK, 0, 0, 2 << 4);	/* sel 2: q1 */
	op(0, 1, WQ_OP_QUEUE_WORK, 1, 0, 1 << 4);	/* keventd work, sel 1: q0 */
	op(1, 0, WQ_OP_DESTROY_WORKQUEUE, 1, 0, 0);	/* q1: w0 went there */
	op(1, 1, WQ_OP_DESTROY_WORKQUEUE, 3, 0, 0);	/* q3: nobody went */
	op(2, 0, WQ_OP_SCHEDULE_WORK, 2, 0, 0);	/* q2's w2 -> sel 0: home */
	for (f = 3; f <= 3; f++) {	/* v1, v2: 16-byte steps, same rule */
		wq_prog_decode_format(in, STEP(3, 0), f, &p);
		EXPECT(p.step[0][0].op == WQ_OP_QUEUE_WORK &&
		       p.step[0][0].wq == 0, "v%d: w0 home q0", f);
		EXPECT(p.step[0][1].op == WQ_OP_SCHEDULE_WORK, "v%d: w1 keventd", f);
		EXPECT(p.step[1][0].op == WQ_OP_DESTROY_WORKQUEUE, "v%d: destroy q1", f);
		EXPECT(p.step[2][0].op == WQ_OP_QUEUE_WORK &&
		       p.step[2][0].wq == 2, "v%d: w2 on its home q2", f);
	}
	wq_prog_decode(in, STEP(3, 0), &p);
	EXPECT(p.step[0][0].op == WQ_OP_QUEUE_WORK && p.step[0][0].wq == 1,
	       "v4: w0 queued on q1");
	EXPECT(p.step[0][1].op == WQ_OP_QUEUE_WORK && p.step[0][1].wq == 0,
	       "v4: keventd's w1 queued on q0");
	EXPECT(p.step[1][0].op == WQ_OP_NONE, "v4: q1 not destroyable (w0 went there)");
	EXPECT(p.step[1][1].op == WQ_OP_DESTROY_WORKQUEUE, "v4: q3 destroyable");
	EXPECT(p.step[2][0].op == WQ_OP_QUEUE_WORK && p.step[2][0].wq == 2,
	       "v4: selector 0 is the home");

	/* A work another work flushes stays home: the op goes home. */
	header(2, (const int[]){ 0, 1 }, d);
	in[H_WORK + 1] = WQ_BEH_FLUSH;	/* w0 flushes w1 (the only target) */
	op(0, 0, WQ_OP_QUEUE_WORK, 1, 0, 1 << 4);	/* w1 -> keventd */
	op(0, 1, WQ_OP_QUEUE_WORK, 0, 0, 2 << 4);	/* w0 -> q1 */
	wq_prog_decode(in, STEP(1, 0), &p);
	EXPECT(p.work[0].beh == WQ_BEH_FLUSH, "w0 flushes w1");
	EXPECT(p.step[0][0].op == WQ_OP_QUEUE_WORK && p.step[0][0].wq == 1,
	       "waited-for w1 stays on q1");
	EXPECT(p.step[0][1].op == WQ_OP_QUEUE_WORK && p.step[0][1].wq == 0,
	       "waiting w0 stays on q0");
}

static void test_freeze_rules(void)
{
	/* w0 on freezeable q1, w1 on keventd, both nop. */
	static const int d[2] = { 0, 0 };
	struct wq_prog p;

	header(2, (const int[]){ 1, WQ_KEVENTD }, d);
	op(0, 0, WQ_OP_FREEZE, 0, 0, 0);
	op(0, 1, WQ_OP_FLUSH_WORKQUEUE, 1, 0, 0);	/* stalls: dropped */
	op(1, 0, WQ_OP_QUEUE_WORK, 0, 0, 0);		/* queue on frozen: ok */
	op(1, 1, WQ_OP_CPU_DOWN, 0, 1, 0);		/* hotplug: dropped */
	op(2, 0, WQ_OP_FLUSH_SCHEDULED_WORK, 0, 0, 0);	/* keventd clean: ok */
	op(2, 1, WQ_OP_FREEZE, 0, 0, 0);		/* already: dropped */
	op(3, 0, WQ_OP_THAW, 0, 0, 0);
	op(3, 1, WQ_OP_FLUSH_WORK, 0, 0, 0);		/* thaw same step: ok */
	op(4, 0, WQ_OP_THAW, 0, 0, 0);			/* not frozen: dropped */
	wq_prog_decode(in, STEP(5, 0), &p);
	EXPECT(p.step[0][0].op == WQ_OP_FREEZE, "freeze");
	EXPECT(p.step[0][1].op == WQ_OP_NONE, "flush frozen wq");
	EXPECT(p.step[1][0].op == WQ_OP_QUEUE_WORK, "queue on frozen");
	EXPECT(p.step[1][1].op == WQ_OP_NONE, "hotplug while frozen");
	EXPECT(p.step[2][0].op == WQ_OP_FLUSH_SCHEDULED_WORK, "keventd flush");
	EXPECT(p.step[2][1].op == WQ_OP_NONE, "double freeze");
	EXPECT(p.step[3][0].op == WQ_OP_THAW && p.step[3][1].op ==
	       WQ_OP_FLUSH_WORK, "thaw + flush");
	EXPECT(p.step[4][0].op == WQ_OP_NONE, "thaw when thawed");

	/* w0 on keventd flushing w1 (freezeable q1) makes keventd stall. */
	header(2, (const int[]){ WQ_KEVENTD, 1 }, d);
	in[H_WORK + 1] = WQ_BEH_FLUSH;
	op(0, 0, WQ_OP_FREEZE, 0, 0, 0);
	op(0, 1, WQ_OP_SCHEDULE_ON_EACH_CPU, 0, 0, 0);
	wq_prog_decode(in, STEP(1, 0), &p);
	EXPECT(p.work[0].beh == WQ_BEH_FLUSH && p.work[0].arg == 1, "w0 flush w1");
	EXPECT(p.step[0][1].op == WQ_OP_NONE, "keventd may stall");
}

/*
 * A freeze chain (FORMAT.md "Freezer"): a work on a freezeable wq that
 * waits on a work on a wq that may stall first. 2.6.29's freezer fails
 * on it, so a freeze is legal only as misuse; the behaviour stays.
 */
static void test_freeze_chain(void)
{
	static const int d[3] = { 0, 0, 0 };
	int beh, via;
	struct wq_prog p;

	for (beh = WQ_BEH_FLUSH; beh <= WQ_BEH_CANCEL_SYNC; beh++) {
		if (beh != WQ_BEH_FLUSH && beh != WQ_BEH_CANCEL_SYNC)
			continue;
		/* w0 on freezeable q1 waits on w1 on freezeable q3. */
		header(2, (const int[]){ 1, 3 }, d);
		in[H_KIND + 3] = WQ_KIND_FREEZEABLE;
		in[H_WORK + 1] = (uint8_t)beh;
		op(0, 0, WQ_OP_FREEZE, 0, 0, 0);
		wq_prog_decode(in, STEP(1, 0), &p);
		EXPECT(p.work[0].beh == beh && p.work[0].arg == 1, "chain kept");
		EXPECT(p.step[0][0].op == WQ_OP_NONE, "freeze with a %s chain",
		       wq_behs[beh].name);
		in[H_FLAGS] = 1;
		wq_prog_decode(in, STEP(1, 0), &p);
		EXPECT(p.step[0][0].op == WQ_OP_FREEZE, "misuse: freeze kept");
	}
	/* Transitive: w0 (freezeable q1) flushes w1 (multi q2), which
	 * flushes w2 (freezeable q3): q2 may stall, so no freeze. */
	for (via = 0; via < 2; via++) {
		header(3, (const int[]){ 1, 2, 3 }, d);
		in[H_KIND + 3] = WQ_KIND_FREEZEABLE;
		in[H_WORK + 1] = WQ_BEH_FLUSH;
		in[H_WORK + 3 + 1] = via ? WQ_BEH_FLUSH : WQ_BEH_NOP;
		in[H_WORK + 2] = 0;	/* w0's first legal target: w1 */
		op(0, 1, WQ_OP_FREEZE, 0, 0, 0);
		wq_prog_decode(in, STEP(1, 0), &p);
		EXPECT(p.work[0].arg == 1, "w0 flush w1");
		EXPECT((p.step[0][1].op == WQ_OP_FREEZE) == !via,
		       "freeze %s when w1 %s", via ? "dropped" : "kept",
		       via ? "flushes freezeable q3" : "is nop");
	}
	/* A non-freezeable waiter is no chain: keventd flushing q1's w1. */
	header(2, (const int[]){ WQ_KEVENTD, 1 }, d);
	in[H_WORK + 1] = WQ_BEH_FLUSH;
	op(0, 0, WQ_OP_FREEZE, 0, 0, 0);
	wq_prog_decode(in, STEP(1, 0), &p);
	EXPECT(p.step[0][0].op == WQ_OP_FREEZE, "keventd waiter: freeze ok");
}

static void test_misuse_behaviour(void)
{
	static const int h[1] = { 0 };
	struct wq_prog p;

	header(1, h, plain);
	in[H_WORK + 1] = WQ_BEH_FLUSH_OWN_WQ;
	wq_prog_decode(in, WQ_PROG_HDR_BYTES, &p);
	EXPECT(p.work[0].beh == WQ_BEH_NOP, "misuse off: nop");
	in[H_FLAGS] = 0xff;	/* other flag bits are ignored */
	wq_prog_decode(in, WQ_PROG_HDR_BYTES, &p);
	EXPECT(p.work[0].beh == WQ_BEH_FLUSH_OWN_WQ && p.misuse, "misuse on");
}

static void test_short_and_trailing(void)
{
	struct wq_prog p, q;

	header(8, homes, delayed);
	op(0, 0, WQ_OP_CPU_DOWN, 0, 0, 0);
	EXPECT(wq_prog_decode(in, 3, &p) == 3, "short header");
	EXPECT(p.nsteps == 0 && p.nwqs == 4 && p.nworks == 0 && p.ncpus == 1,
	       "missing bytes read as 0");
	EXPECT(wq_prog_decode(in, STEP(1, 0) + 15, &p) == STEP(1, 0),
	       "partial record ignored");
	EXPECT(p.nsteps == 1, "one step");
	wq_prog_decode(in, STEP(1, 0), &q);
	EXPECT(wq_prog_equal(&p, &q), "trailing bytes ignored");
}

/*
 * Format v4: a work that frees itself is only ever queued: no behaviour
 * cancels, flushes or cancel_syncs it, no op but the queue family names
 * it; a delayed one is nop; v3 bytes keep their meaning.
 */
static void test_free_self(void)
{
	static const int home3[3] = { WQ_KEVENTD, 0, 1 };
	struct wq_prog p;
	int beh, arg, code;

	header(3, home3, plain);
	in[H_WORK + 3 * 2 + 1] = WQ_BEH_FREE_SELF;
	for (beh = WQ_BEH_QUEUE; beh <= WQ_BEH_CANCEL_SYNC; beh++) {
		bool queued = false;

		for (arg = 0; arg < 256; arg++) {
			in[H_WORK + 1] = (uint8_t)beh;
			in[H_WORK + 2] = (uint8_t)arg;
			wq_prog_decode(in, WQ_PROG_HDR_BYTES, &p);
			EXPECT(p.work[2].beh == WQ_BEH_FREE_SELF, "w2 frees itself");
			EXPECT(p.work[0].beh == beh, "%s kept", wq_behs[beh].name);
			if (beh == WQ_BEH_QUEUE)
				queued |= p.work[0].arg == 2;
			else
				EXPECT(p.work[0].arg != 2, "%s w2 (frees itself)",
				       wq_behs[beh].name);
		}
		EXPECT(beh != WQ_BEH_QUEUE || queued, "queue w2 reachable");
	}
	for (code = 0; code < 256; code++) {
		op(0, 0, code, 2, 0, 0);
		wq_prog_decode(in, STEP(1, 0), &p);
		if (!wq_op_has(p.step[0][0].op, WQ_ARG_WORK))
			continue;
		EXPECT(p.step[0][0].work != 2 ||
		       (wq_ops[p.step[0][0].op].flags & WQ_OPF_QUEUE),
		       "op %s on w2", wq_ops[p.step[0][0].op].name);
	}
	wq_prog_decode_format(in, WQ_PROG_HDR_BYTES, 3, &p);
	EXPECT(p.work[2].beh == WQ_BEH_NOP, "v3 bytes: b %% 14 (nop)");
	header(3, home3, delayed);
	in[H_WORK + 3 * 2 + 1] = WQ_BEH_FREE_SELF;
	wq_prog_decode(in, WQ_PROG_HDR_BYTES, &p);
	EXPECT(p.work[2].beh == WQ_BEH_NOP, "delayed free_self: nop");
}

int main(void)
{
	test_downward_every_byte();
	test_kind_and_home_mapping();
	test_destroy_rules();
	test_away_from_home();
	test_freeze_rules();
	test_freeze_chain();
	test_misuse_behaviour();
	test_short_and_trailing();
	test_free_self();
	return wq_test_done("legal_test");
}
