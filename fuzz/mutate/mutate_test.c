// SPDX-License-Identifier: GPL-2.0-only
/*
 * The structure-aware mutator: the same (input, seed) gives the same
 * output from mutators with the same history; nearby seeds and a seed
 * used twice start distinct random streams; every output is the
 * canonical encoding of a legal program that fits the size bound; every
 * mutation kind is applied, does what it says and leaves a legal
 * program; crossover splices; the default targets' decoding never lets
 * the misuse family in; the fresh schedule makes a young mutator's
 * outputs mostly fresh programs and a grown one's not; fresh programs
 * are longer than the naive engine's; the mix redraws a parent's whole
 * schedule in its own share.
 */
#include <string.h>

#include "fuzz/mutate/mutate.h"
#include "fuzz/prog/edit.h"
#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

#define CHAIN		20000	/* wq_mutate() calls, each on the last output */
#define PER_KIND	3000	/* wq_mutate_prog() calls per kind */
#define PER_COUNTS	1000	/* fault mutations per set of parent counts */

static uint64_t rng = 0x243f6a8885a308d3ULL;

/* A fresh random program (the naive engine's), as an input. */
static size_t random_input(uint8_t *buf)
{
	return wq_prog_random_bytes(&rng, buf, WQ_PROG_MAX_BYTES);
}

/* @out must be canonical bytes of a legal program of at most @max bytes. */
static void check_output(const uint8_t *out, size_t n, size_t max,
			 bool misuse_ok, const char *what)
{
	uint8_t again[WQ_PROG_MAX_BYTES];
	char why[256];
	struct wq_prog p;

	EXPECT(n <= max, "%s: %zu bytes > max %zu", what, n, max);
	wq_prog_decode(out, n, &p);
	EXPECT(!wq_prog_check(&p, why, sizeof(why)), "%s: illegal: %s", what,
	       why);
	EXPECT(wq_prog_encode(&p, again, sizeof(again)) == n &&
	       !memcmp(again, out, n), "%s: not canonical (%zu bytes)", what, n);
	EXPECT(misuse_ok || !p.misuse, "%s: misuse flag set", what);
}

static void check_determinism(void)
{
	uint8_t a[WQ_PROG_MAX_BYTES], b[WQ_PROG_MAX_BYTES], in[WQ_PROG_MAX_BYTES];
	struct wq_mutator m1 = { 0 }, m2 = { 0 }, m3 = { 0 };
	size_t n, na, nb;
	int i, same = 0;

	for (i = 0; i < 2000; i++) {
		n = random_input(in);
		memcpy(a, in, n);
		memcpy(b, in, n);
		na = wq_mutate(&m1, a, n, sizeof(a), (unsigned int)i);
		nb = wq_mutate(&m2, b, n, sizeof(b), (unsigned int)i);
		EXPECT(na == nb && !memcmp(a, b, na), "seed %d: outputs differ", i);
		memcpy(b, in, n);
		nb = wq_mutate(&m3, b, n, sizeof(b), (unsigned int)i + 1);
		same += na == nb && !memcmp(a, b, na);
	}
	/* Another seed, another output (nearly always). */
	EXPECT(same < 100, "%d of 2000 outputs did not depend on the seed", same);
}

/*
 * Seeds a few apart (libFuzzer's minstd seeds can be) start unrelated
 * streams, and one seed used twice in a process starts two: splitmix64
 * from seed * gamma failed this (seed s + 1's stream was seed s's, one
 * draw on), and so did any seeding without the stream counter.
 */
static void check_streams(void)
{
	struct wq_mutator m1 = { 0 }, m2 = { 0 }, m3 = { 0 };
	uint64_t a, b, x[16], y;
	unsigned int s, k;
	int i, j, shared = 0, again = 0;

	for (s = 1000; s < 3000; s++) {
		for (k = 1; k <= 4; k++) {
			a = wq_mutate_stream(&m1, s, 0);
			b = wq_mutate_stream(&m2, s + k, 0);
			for (i = 0; i < 16; i++)
				x[i] = wq_prog_rand(&a);
			for (j = 0; j < 16; j++) {
				y = wq_prog_rand(&b);
				for (i = 0; i < 16; i++)
					shared += x[i] == y;
			}
		}
		a = wq_mutate_stream(&m3, s, 7);
		b = wq_mutate_stream(&m3, s, 7);
		again += wq_prog_rand(&a) == wq_prog_rand(&b);
	}
	EXPECT(!shared, "%d draws shared by streams of seeds 1-4 apart",
	       shared);
	EXPECT(!again, "%d of 2000 seeds gave one stream twice", again);
	EXPECT(m1.streams == 8000 && m3.streams == 4000,
	       "stream counters %llu %llu", (unsigned long long)m1.streams,
	       (unsigned long long)m3.streams);
}

/* A chain of mutations, each on the previous output, under size bounds. */
static void check_chain(void)
{
	static const size_t caps[] = { WQ_PROG_MAX_BYTES,
		WQ_PROG_HDR_BYTES + 3 * WQ_PROG_STEP_BYTES, 200 };
	struct wq_mutator m = { .decode = wq_mutate_decode_legal };
	uint8_t buf[WQ_PROG_MAX_BYTES];
	size_t n = 0, cap;
	struct wq_prog p;
	int i, k, maxsteps = 0;

	for (i = 0; i < CHAIN; i++) {
		cap = caps[i % 3];
		if (n > cap)
			n = cap;
		n = wq_mutate(&m, buf, n, cap, (unsigned int)(i * 7919));
		check_output(buf, n, cap, false, "chain");
		wq_prog_decode(buf, n, &p);
		if (p.nsteps > maxsteps)
			maxsteps = p.nsteps;
		if (check_failures > 10)
			return;
	}
	for (k = 0; k < WQ_NR_MUTS; k++)
		EXPECT(k == WQ_MUT_SPLICE || m.applied[k] > CHAIN / 200,
		       "kind %s applied %lu times", wq_mut_names[k], m.applied[k]);
	EXPECT(maxsteps >= 8, "programs never grew past %d steps", maxsteps);
	/* A bound below the header: bytes only, and within the bound. */
	memset(buf, 7, 30);
	n = wq_mutate(&m, buf, 30, 30, 1);
	EXPECT(n <= 30, "tiny bound: %zu bytes", n);
}

static int count_ops(const struct wq_prog *p)
{
	struct wq_prog_size s;

	wq_prog_measure(p, &s);
	return s.ops;
}

/* What kind @k must have done to @before to give @after. */
static void check_kind(int k, const struct wq_prog *before,
		       const struct wq_prog *after)
{
	switch (k) {
	case WQ_MUT_INSERT_STEP:
	case WQ_MUT_DUP_STEP:
		EXPECT(after->nsteps == before->nsteps + 1, "%s: steps %d -> %d",
		       wq_mut_names[k], before->nsteps, after->nsteps);
		break;
	case WQ_MUT_DROP_STEP:
		EXPECT(after->nsteps == before->nsteps - 1, "drop: steps %d -> %d",
		       before->nsteps, after->nsteps);
		break;
	case WQ_MUT_COLLIDE:
		EXPECT(after->nsteps == before->nsteps &&
		       count_ops(after) <= count_ops(before),
		       "collide: ops %d -> %d", count_ops(before),
		       count_ops(after));
		break;
	case WQ_MUT_OPERAND:
	case WQ_MUT_OP:
		EXPECT(after->nsteps == before->nsteps &&
		       after->nworks == before->nworks &&
		       after->nactors == before->nactors,
		       "%s changed the header", wq_mut_names[k]);
		break;
	case WQ_MUT_FAULT:
		EXPECT(after->fault != before->fault ||
		       after->fault_nth != before->fault_nth, "fault unchanged");
		break;
	case WQ_MUT_SCHED:
		EXPECT(after->sched_mode != before->sched_mode ||
		       after->sched_seed != before->sched_seed ||
		       after->sched_depth != before->sched_depth ||
		       memcmp(after->plan, before->plan, sizeof(after->plan)),
		       "schedule unchanged");
		EXPECT(after->nsteps == before->nsteps &&
		       !memcmp(after->step, before->step, sizeof(after->step)),
		       "a schedule mutation changed the ops");
		break;
	case WQ_MUT_RESCHED:
		EXPECT(after->sched_mode == WQ_SCHED_STEPS &&
		       after->nsteps == before->nsteps &&
		       after->nworks == before->nworks &&
		       !memcmp(after->step, before->step, sizeof(after->step)),
		       "resched changed the program (steps %d -> %d)",
		       before->nsteps, after->nsteps);
		break;
	}
}

/* Steps of @a whose schedule differs from @b's (both in mode steps). */
static int steps_rescheduled(const struct wq_prog *a, const struct wq_prog *b)
{
	int s, n = 0;

	for (s = 0; s < a->nsteps; s++)
		n += memcmp(&a->plan[s], &b->plan[s], sizeof(a->plan[s])) != 0;
	return n;
}

/*
 * The mix spends a share on whole fresh schedules of the parent's
 * program (a deep race needs the right program and the right preemptions
 * in a step a one-step edit rarely picks): of wq_mutate()'s outputs of
 * 8-step parents in mode steps, about 15% keep the ops and redraw at
 * least 6 of the 8 step schedules; one-step edits (sched) redraw one.
 */
static void check_resched_share(void)
{
	struct wq_mutator m = { .decode = wq_mutate_decode_legal };
	uint8_t buf[WQ_PROG_MAX_BYTES];
	struct wq_prog p, q;
	int i, n, whole = 0, tried = 0;

	for (i = 0; tried < 2000 && i < 200000; i++) {
		wq_mutate_decode_legal(buf, random_input(buf), &p);
		if (p.nsteps < 8 || wq_mutate_prog(&m, &p, WQ_MUT_RESCHED, NULL,
						  &rng, WQ_MAX_STEPS))
			continue;
		wq_edit_truncate(&p, 8);
		tried++;
		n = (int)wq_prog_encode(&p, buf, sizeof(buf));
		n = (int)wq_mutate(&m, buf, (size_t)n, sizeof(buf),
				   (unsigned int)i);
		wq_mutate_decode_legal(buf, (size_t)n, &q);
		whole += q.nsteps == 8 && q.sched_mode == WQ_SCHED_STEPS &&
			 !memcmp(q.step, p.step, sizeof(q.step)) &&
			 steps_rescheduled(&p, &q) >= 6;
	}
	printf("  whole schedule redrawn in %d of %d outputs\n", whole, tried);
	EXPECT(tried == 2000, "only %d parents of 8 steps", tried);
	/* 15% of first edits (and some stacked ones): ~300-380 expected. */
	EXPECT(whole > 200 && whole < 500,
	       "%d of %d outputs redrew the whole schedule", whole, tried);
}

/* Each kind on random programs: legal results, the change it names. */
static void check_kinds(void)
{
	struct wq_mutator m = { 0 };
	uint8_t buf[WQ_PROG_MAX_BYTES];
	struct wq_prog p, q, other;
	unsigned long ok[WQ_NR_MUTS] = { 0 };
	char why[256];
	int k, i;

	for (k = 0; k < WQ_NR_MUTS; k++) {
		for (i = 0; i < PER_KIND; i++) {
			wq_prog_decode(buf, random_input(buf), &p);
			wq_prog_decode(buf, random_input(buf), &other);
			q = p;
			if (wq_mutate_prog(&m, &q, (enum wq_mut)k, &other, &rng,
					   WQ_MAX_STEPS)) {
				EXPECT(wq_prog_equal(&p, &q), "%s failed but changed",
				       wq_mut_names[k]);
				continue;
			}
			ok[k]++;
			EXPECT(!wq_prog_check(&q, why, sizeof(why)), "%s: %s",
			       wq_mut_names[k], why);
			check_kind(k, &p, &q);
		}
		printf("  %-12s %5lu of %d applied\n", wq_mut_names[k], ok[k],
		       PER_KIND);
		EXPECT(ok[k] > PER_KIND / 5, "%s applied only %lu of %d times",
		       wq_mut_names[k], ok[k], PER_KIND);
	}
}

/* The counts a test parent "reached"; counts_known false: unknown. */
static struct wq_mut_counts test_counts;
static bool counts_known;
static int counts_calls;

static bool get_counts(const struct wq_prog *p, struct wq_mut_counts *c)
{
	(void)p;
	counts_calls++;
	*c = test_counts;
	return counts_known;
}

/*
 * Fault mutations with the parent's counts known: the kind is one the
 * run made calls of, the n-th within its count; unknown: the blind
 * drawing (n-ths past the counts appear).
 */
static void check_fault_counts(void)
{
	static const struct wq_mut_counts cases[] = {
		{ .allocs = 5, .kthreads = 2 },
		{ .allocs = 0, .kthreads = 3 },
		{ .allocs = 200, .kthreads = 0 },	/* past the format's 64 */
	};
	struct wq_mutator m = { .counts = get_counts };
	uint8_t buf[WQ_PROG_MAX_BYTES];
	struct wq_prog p, q;
	int c, i, seen[WQ_NR_FAULTS], past = 0;

	counts_known = true;
	for (c = 0; c < (int)(sizeof(cases) / sizeof(cases[0])); c++) {
		test_counts = cases[c];
		memset(seen, 0, sizeof(seen));
		for (i = 0; i < PER_COUNTS; i++) {
			wq_prog_decode(buf, random_input(buf), &p);
			q = p;
			if (wq_mutate_prog(&m, &q, WQ_MUT_FAULT, NULL, &rng,
					   WQ_MAX_STEPS))
				continue;
			seen[q.fault]++;
			EXPECT(q.fault != WQ_FAULT_ALLOC ||
			       (q.fault_nth >= 1 && q.fault_nth <= test_counts.allocs),
			       "alloc fault at %d, the parent reached %lu",
			       q.fault_nth, test_counts.allocs);
			EXPECT(q.fault != WQ_FAULT_KTHREAD ||
			       (q.fault_nth >= 1 && q.fault_nth <= test_counts.kthreads),
			       "kthread fault at %d, the parent reached %lu",
			       q.fault_nth, test_counts.kthreads);
		}
		EXPECT(!test_counts.allocs == !seen[WQ_FAULT_ALLOC] &&
		       !test_counts.kthreads == !seen[WQ_FAULT_KTHREAD],
		       "case %d: kinds drawn alloc %d kthread %d", c,
		       seen[WQ_FAULT_ALLOC], seen[WQ_FAULT_KTHREAD]);
	}
	EXPECT(m.fault_known > 0 && !m.fault_blind, "draws: %lu known, %lu blind",
	       m.fault_known, m.fault_blind);
	/* Unknown: the blind drawing, up to the format's bound. */
	counts_known = false;
	test_counts = cases[0];
	for (i = 0; i < PER_COUNTS; i++) {
		wq_prog_decode(buf, random_input(buf), &p);
		if (!wq_mutate_prog(&m, &p, WQ_MUT_FAULT, NULL, &rng, WQ_MAX_STEPS))
			past += p.fault == WQ_FAULT_ALLOC && p.fault_nth > 5;
	}
	EXPECT(past > 0 && m.fault_blind > 0, "blind drawing: %d past the counts",
	       past);
	/* wq_mutate() looks its input up once, however many edits it stacks. */
	counts_calls = 0;
	for (i = 0; i < 200; i++)
		wq_mutate(&m, buf, random_input(buf), sizeof(buf), (unsigned int)i);
	EXPECT(counts_calls == 200, "%d look-ups for 200 mutations", counts_calls);
}

static void check_crossover(void)
{
	uint8_t a[WQ_PROG_MAX_BYTES], b[WQ_PROG_MAX_BYTES], out[WQ_PROG_MAX_BYTES];
	struct wq_mutator m = { .decode = wq_mutate_decode_legal };
	struct wq_prog pa, po;
	size_t na, nb, n;
	int i, kept_header = 0;

	for (i = 0; i < 2000; i++) {
		na = random_input(a);
		nb = random_input(b);
		n = wq_mutate_cross(&m, a, na, b, nb, out, sizeof(out),
				    (unsigned int)i);
		check_output(out, n, sizeof(out), false, "crossover");
		wq_mutate_decode_legal(a, na, &pa);
		wq_prog_decode(out, n, &po);
		kept_header += pa.nworks == po.nworks && pa.nwqs == po.nwqs &&
			       pa.ncpus == po.ncpus;
	}
	EXPECT(m.applied[WQ_MUT_SPLICE] > 1000, "spliced %lu of 2000",
	       m.applied[WQ_MUT_SPLICE]);
	EXPECT(kept_header == 2000, "first parent's header kept %d of 2000",
	       kept_header);
}

/* Call @i of an engine: odd ones the mutator hook, even ones crossover. */
static void engine_call(struct wq_mutator *m, int i, const char *what)
{
	uint8_t in[WQ_PROG_MAX_BYTES], b[WQ_PROG_MAX_BYTES], out[WQ_PROG_MAX_BYTES];
	size_t n = random_input(in), nb = random_input(b);

	memcpy(out, in, n);
	n = i % 2 ? wq_mutate_engine(m, out, n, sizeof(out), (unsigned int)i) :
		    wq_mutate_crossover(m, in, n, b, nb, out, sizeof(out),
					(unsigned int)i);
	check_output(out, n, sizeof(out), false, what);
}

/*
 * The fresh schedule: the share falls with the clock, a young mutator
 * makes mostly fresh programs through both engine hooks, a grown one
 * almost none; the crossover hook still splices when grown.
 */
static void check_young(void)
{
	struct wq_mutator young = { .decode = wq_mutate_decode_legal };
	struct wq_mutator grown = { .decode = wq_mutate_decode_legal,
				    .calls = 100 * WQ_MUT_YOUNG_CALLS };
	int i;

	EXPECT(wq_mutate_young_permille(0) == WQ_MUT_YOUNG_PERMILLE &&
	       wq_mutate_young_permille(WQ_MUT_YOUNG_CALLS) ==
	       WQ_MUT_YOUNG_PERMILLE / 2 &&
	       wq_mutate_young_permille(1000 * WQ_MUT_YOUNG_CALLS) < 5,
	       "schedule: %u %u %u per mille", wq_mutate_young_permille(0),
	       wq_mutate_young_permille(WQ_MUT_YOUNG_CALLS),
	       wq_mutate_young_permille(1000 * WQ_MUT_YOUNG_CALLS));
	for (i = 0; i < 2000; i++) {
		engine_call(&young, i, "young");
		engine_call(&grown, i, "grown");
	}
	/* 2,000 calls: the share falls from 90% to 75%; ~1,650 expected. */
	EXPECT(young.calls == 2000 && young.young_fresh > 1500 &&
	       young.young_fresh < 1800, "young: %lu of %lu calls fresh",
	       young.young_fresh, young.calls);
	EXPECT(grown.young_fresh < 40 && grown.applied[WQ_MUT_SPLICE] > 200,
	       "grown: %lu fresh, %lu spliced of 2000", grown.young_fresh,
	       grown.applied[WQ_MUT_SPLICE]);
}

/*
 * Fresh programs are longer than naive's (the longer of two uniform
 * lengths): over 2,000 of each, more steps on average and far fewer
 * programs of at most one step.
 */
static void check_fresh_length(void)
{
	struct wq_mutator m = { .decode = wq_mutate_decode_legal };
	uint8_t buf[WQ_PROG_MAX_BYTES];
	long fresh = 0, naive = 0, fresh_short = 0, naive_short = 0;
	struct wq_prog p;
	uint64_t r;
	int i;

	for (i = 0; i < 2000; i++) {
		r = wq_mutate_stream(&m, (unsigned int)i, 0);
		EXPECT(!wq_mutate_prog(&m, &p, WQ_MUT_FRESH, NULL, &r,
				       WQ_MAX_STEPS), "fresh failed");
		fresh += p.nsteps;
		fresh_short += p.nsteps <= 1;
		wq_mutate_decode_legal(buf, random_input(buf), &p);
		naive += p.nsteps;
		naive_short += p.nsteps <= 1;
	}
	EXPECT(fresh * 10 > naive * 12 && fresh_short * 3 < naive_short,
	       "steps: fresh %ld (%ld of <= 1), naive %ld (%ld)", fresh,
	       fresh_short, naive, naive_short);
}

int main(void)
{
	check_determinism();
	check_streams();
	check_chain();
	check_kinds();
	check_resched_share();
	check_fault_counts();
	check_crossover();
	check_young();
	check_fresh_length();
	return wq_test_done("mutate_test");
}
