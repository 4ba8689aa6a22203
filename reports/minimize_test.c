// SPDX-License-Identifier: GPL-2.0-only
/*
 * The minimizer against a synthetic bug (no executor, so it is exact and
 * fast in every configuration): "fails" when some step queues a delayed
 * work on a freezeable workqueue and a later step cancels it. From a big
 * random-ish program that contains that pattern, the minimizer must get
 * down to the pattern alone: 2 steps, 2 ops, 1 actor, 1 work, 1 wq,
 * 1 CPU, no fault, depth 1 — and every candidate it ran must be legal.
 */
#include <string.h>

#include "fuzz/prog/edit.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/testing.h"
#include "reports/minimize.h"

static const char *const big =
	"cpus 3\n"
	"actors 3\n"
	"schedule pct seed=99 depth=4\n"
	"fault kthread 9\n"
	"wq q0 multi\n"
	"wq q1 freezeable\n"
	"wq q2 singlethread\n"
	"work w0 plain keventd queue w1\n"
	"work w1 plain q0 sleep 3\n"
	"work w2 delayed q1 requeue 2\n"
	"work w3 plain q2 cpu\n"
	"step 0\n"
	"  t0: schedule_work w0\n"
	"  t1: queue_work_on 2 q0 w1\n"
	"step 1\n"
	"  t2: queue_delayed_work q1 w2 7\n"
	"  t0: advance_jiffies 5\n"
	"step 2\n"
	"  t1: flush_workqueue q2\n"
	"step 3\n"
	"  t0: cpu_down 2\n"
	"  t2: queue_work q2 w3\n"
	"step 4\n"
	"  t1: cancel_delayed_work_sync w2\n"
	"step 5\n"
	"  t0: flush_scheduled_work\n"
	"  t1: advance_jiffies 16\n";

struct count {
	int calls, illegal;
	bool seed_sensitive;
	bool needs_change;	/* the cancel's step needs a change point */
};

static bool bug(const struct wq_prog *p, void *arg)
{
	struct count *c = arg;
	int s, a, t, b, w;

	c->calls++;
	if (wq_prog_check(p, NULL, 0))
		c->illegal++;
	/* Like a race: only some schedules of a given task set expose it. */
	if (c->seed_sensitive && (p->sched_seed + p->nactors) % 4)
		return false;
	for (s = 0; s < p->nsteps; s++)
		for (a = 0; a < p->nactors; a++) {
			const struct wq_op *o = &p->step[s][a];

			if (o->op != WQ_OP_QUEUE_DELAYED_WORK)
				continue;
			w = o->work;
			if (p->wq_kind[p->work[w].home] != WQ_KIND_FREEZEABLE)
				continue;
			for (t = s + 1; t < p->nsteps; t++)
				for (b = 0; b < p->nactors; b++)
					if (p->step[t][b].op == WQ_OP_CANCEL_DELAYED_WORK_SYNC &&
					    p->step[t][b].work == w)
						return !c->needs_change ||
						       p->plan[t].at[0];
		}
	return false;
}

/* Actor @a's op: schedule_work_on 1, schedule_work on CPU 0, or a cancel? */
static int cross_kind(const struct wq_prog *p, int s, int a)
{
	const struct wq_op *o = &p->step[s][a];

	if (o->op == WQ_OP_SCHEDULE_WORK_ON && o->cpu == 1)
		return 1;
	if (o->op == WQ_OP_SCHEDULE_WORK && a % p->ncpus == 0)
		return 2;
	return o->op == WQ_OP_CANCEL_WORK_SYNC ? 4 : 0;
}

/*
 * The queue on CPU 1 in the first step; schedule_work on CPU 0 and the
 * cancel in one step (they race).
 */
static bool cross_cpu(const struct wq_prog *p, void *arg)
{
	struct count *c = arg;
	int s, a, kinds, first = 0, race = 0;

	c->calls++;
	if (wq_prog_check(p, NULL, 0))
		c->illegal++;
	for (s = 0; s < p->nsteps; s++) {
		for (a = 0, kinds = 0; a < p->nactors; a++)
			kinds |= cross_kind(p, s, a);
		if (!s)
			first = kinds;
		race |= (kinds & 6) == 6;
	}
	return p->ncpus == 2 && (first & 1) && race;
}

int main(void)
{
	struct count c = { 0 };
	struct tr_min_opts o = { .budget_s = 60, .reseeds = 4 };
	struct tr_min_stats st;
	struct wq_prog_size sz;
	struct wq_prog p;
	char err[256];

	if (wq_prog_parse(big, "big", &p, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	EXPECT(bug(&p, &c), "the input must fail");
	tr_minimize(&p, bug, &c, &o, &st);
	wq_prog_measure(&p, &sz);
	EXPECT(!c.illegal, "%d illegal candidates", c.illegal);
	EXPECT(bug(&p, &c), "the result must still fail");
	EXPECT(sz.steps == 2 && sz.ops == 2 && sz.actors == 1 && sz.works == 1 &&
	       sz.wqs == 1 && sz.cpus == 1,
	       "size %d steps %d ops %d actors %d works %d wqs %d cpus",
	       sz.steps, sz.ops, sz.actors, sz.works, sz.wqs, sz.cpus);
	EXPECT(p.fault == WQ_FAULT_NONE && p.sched_depth == 1, "fault/depth");
	EXPECT(p.step[0][0].delay == 0, "delay not shortened");
	EXPECT(!st.timed_out && st.kept > 0 && st.tries < 1000,
	       "tries %u kept %u", st.tries, st.kept);
	EXPECT((unsigned int)c.calls == st.tries + 2,
	       "predicate calls %d vs tries %u", c.calls, st.tries);
	/* A budget of 0 stops at once and leaves a failing program. */
	wq_prog_parse(big, "big", &p, err, sizeof(err));
	o.budget_s = 0;
	tr_minimize(&p, bug, &c, &o, &st);
	EXPECT(st.timed_out && !strcmp(st.stop, "cpu") && bug(&p, &c), "budget");
	/*
	 * A budget of candidates (the load-proof one) stops after that many
	 * runs of the predicate, whatever the clock says.
	 */
	wq_prog_parse(big, "big", &p, err, sizeof(err));
	o.budget_s = 60;
	o.max_runs = 7;
	tr_minimize(&p, bug, &c, &o, &st);
	EXPECT(st.timed_out && !strcmp(st.stop, "candidates") && st.tries == 7 &&
	       bug(&p, &c), "candidates: tries %u, stop %s", st.tries,
	       st.stop ? st.stop : "none");
	o.max_runs = 0;
	/*
	 * The deep search (asked for) goes on after the wide one keeps
	 * nothing: more candidates, same result on this bug.
	 */
	wq_prog_parse(big, "big", &p, err, sizeof(err));
	o.deep = true;
	tr_minimize(&p, bug, &c, &o, &st);
	wq_prog_measure(&p, &sz);
	EXPECT(st.deep && !st.timed_out && sz.ops == 2 && st.tries >= 1000,
	       "deep: tries %u, ops %d", st.tries, sz.ops);
	o.deep = false;

	/* Seed-sensitive: dropping actors needs another seed each time. */
	wq_prog_parse(big, "big", &p, err, sizeof(err));
	p.sched_seed = 1;	/* (1 + 3 actors) % 4 == 0 */
	c.seed_sensitive = true;
	c.illegal = 0;
	EXPECT(bug(&p, &c), "the seed-sensitive input must fail");
	o.budget_s = 60;
	tr_minimize(&p, bug, &c, &o, &st);
	EXPECT(!c.illegal && bug(&p, &c) && p.nactors == 1 && st.reseeded > 0,
	       "actors %d, reseeded %u", p.nactors, st.reseeded);
	o.reseeds = 0;
	wq_prog_parse(big, "big", &p, err, sizeof(err));
	p.sched_seed = 1;
	tr_minimize(&p, bug, &c, &o, &st);
	EXPECT(p.nactors == 3 && !st.reseeded, "no reseeds: actors %d", p.nactors);

	/*
	 * Per-step schedules: the minimizer drops the change points and
	 * orders the bug does not need, and keeps the one it needs.
	 */
	wq_prog_parse(big, "big", &p, err, sizeof(err));
	EXPECT(!wq_edit_set_sched(&p, WQ_SCHED_STEPS, 0, 1), "mode steps");
	for (int s = 0; s < p.nsteps; s++) {
		struct wq_sched_step sp = { .order = 9, .at = { 3, 17, 40 } };

		EXPECT(!wq_edit_set_step_sched(&p, s, &sp), "step %d", s);
	}
	c = (struct count){ .needs_change = true };
	EXPECT(bug(&p, &c), "the steps input must fail");
	tr_minimize(&p, bug, &c, &o, &st);
	EXPECT(!c.illegal && bug(&p, &c) && p.nsteps == 2, "steps %d", p.nsteps);
	EXPECT(!p.plan[0].order && !p.plan[0].at[0] && !p.plan[1].order &&
	       p.plan[1].at[0] && !p.plan[1].at[1],
	       "plans: order %d at %d / order %d at %d,%d", p.plan[0].order,
	       p.plan[0].at[0], p.plan[1].order, p.plan[1].at[0],
	       p.plan[1].at[1]);

	/*
	 * A race across CPUs (grab_pending_no_recheck's shape): fails when
	 * the queue on CPU 1 comes first and schedule_work runs on CPU 0
	 * (actor i runs on CPU i % ncpus) with a cancel. Merging step 1 into
	 * step 0 must keep schedule_work on a CPU 0 actor (a new one: t0 is
	 * taken), not move it to t1 on CPU 1.
	 */
	EXPECT(!wq_prog_parse("cpus 2\nactors 2\nschedule random seed=7 depth=1\n"
			      "work w0 plain keventd nop\n"
			      "step 0\n  t0: schedule_work_on 1 w0\n"
			      "step 1\n  t0: schedule_work w0\n  t1: cancel_work_sync w0\n",
			      "cross", &p, err, sizeof(err)), "%s", err);
	o = (struct tr_min_opts){ .budget_s = 60, .reseeds = 4 };
	c = (struct count){ 0 };
	EXPECT(cross_cpu(&p, &c), "the cross-CPU input must fail");
	tr_minimize(&p, cross_cpu, &c, &o, &st);
	wq_prog_measure(&p, &sz);
	EXPECT(!c.illegal && cross_cpu(&p, &c) && sz.calls == 3 && sz.steps == 1,
	       "cross-CPU: %d calls, %d steps", sz.calls, sz.steps);
	return wq_test_done("minimize_test");
}
