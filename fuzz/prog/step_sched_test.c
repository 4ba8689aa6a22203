// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-step schedules (format v3, "schedule steps"): the text form is
 * short and exact; one schedule byte changes one thing of one step (the
 * order, or one change point) and nothing else; change points are read
 * sorted and once each; v2 bytes keep their 16-byte step frames.
 */
#include <string.h>

#include "fuzz/prog/laws.h"
#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

#define ITERATIONS	3000
#define OFF_MODE	7	/* FORMAT.md "Bytes" */

static const char text[] =
	"# wqkit program v4\n"
	"cpus 2\n"
	"actors 2\n"
	"misuse off\n"
	"schedule steps\n"
	"fault none\n"
	"wq q0 multi\n"
	"work w0 plain q0 nop\n"
	"work w1 delayed keventd requeue 2\n"
	"step 0 order=7 at=3,40\n"
	"  t0: queue_work q0 w0\n"
	"  t1: cancel_work_sync w0\n"
	"step 1\n"
	"  t0: schedule_delayed_work w1 2\n"
	"step 2 at=1,2,255\n"
	"  t1: flush_workqueue q0\n"
	"step 3 order=255\n";

static void check_text(void)
{
	char out[WQ_PROG_MAX_TEXT], err[256], why[1024];
	struct wq_prog p;

	EXPECT(!wq_prog_parse(text, "steps.wq", &p, err, sizeof(err)), "%s", err);
	EXPECT(!wq_prog_laws_program(&p, why, sizeof(why)), "%s", why);
	EXPECT(wq_prog_print(&p, out, sizeof(out)) > 0 && !strcmp(out, text),
	       "printed:\n%s", out);
	EXPECT(p.sched_mode == WQ_SCHED_STEPS && p.plan[0].order == 7 &&
	       p.plan[0].at[0] == 3 && p.plan[0].at[1] == 40 &&
	       !p.plan[0].at[2] && p.plan[2].at[2] == 255 &&
	       p.plan[3].order == 255, "plan");
}

static uint64_t rng = 0x5bd1e9955bd1e995ULL;

static int count_in(const uint8_t *at, uint8_t v)
{
	int i, n = 0;

	for (i = 0; i < WQ_MAX_CHANGES; i++)
		n += at[i] && at[i] == v;
	return n;
}

/* Change points of @a not in @b. */
static int missing(const uint8_t *a, const uint8_t *b)
{
	int i, n = 0;

	for (i = 0; i < WQ_MAX_CHANGES; i++)
		n += a[i] && !count_in(b, a[i]);
	return n;
}

static void check_locality(void)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	struct wq_prog p, q;
	int it, i, s, k, other;
	size_t len;

	for (it = 0; it < ITERATIONS; it++) {
		len = WQ_PROG_HDR_BYTES + (1 + wq_test_rand(&rng) % WQ_MAX_STEPS) *
		      WQ_PROG_STEP_BYTES;
		for (i = 0; i < (int)len; i++)
			buf[i] = (uint8_t)wq_test_rand(&rng);
		buf[OFF_MODE] = WQ_SCHED_STEPS;
		wq_prog_decode(buf, len, &p);
		s = (int)(wq_test_rand(&rng) % p.nsteps);
		k = 16 + (int)(wq_test_rand(&rng) % 4);
		buf[WQ_PROG_HDR_BYTES + s * WQ_PROG_STEP_BYTES + k] =
			(uint8_t)wq_test_rand(&rng);
		wq_prog_decode(buf, len, &q);
		EXPECT(q.nsteps == p.nsteps &&
		       !memcmp(q.step, p.step, sizeof(p.step)) &&
		       !memcmp(q.work, p.work, sizeof(p.work)),
		       "a schedule byte changed ops or works");
		other = 0;
		for (i = 0; i < p.nsteps; i++)
			other += i != s && memcmp(&p.plan[i], &q.plan[i],
						  sizeof(p.plan[i]));
		EXPECT(!other, "byte %d of step %d changed %d other steps", k, s,
		       other);
		if (k == 16)
			EXPECT(!memcmp(p.plan[s].at, q.plan[s].at,
				       sizeof(p.plan[s].at)),
			       "the order byte moved a change point");
		else
			EXPECT(p.plan[s].order == q.plan[s].order &&
			       missing(p.plan[s].at, q.plan[s].at) <= 1 &&
			       missing(q.plan[s].at, p.plan[s].at) <= 1,
			       "a change-point byte changed more than one");
		if (check_failures > 10)
			return;
	}
}

static void check_bytes(void)
{
	uint8_t v2[WQ_PROG_HDR_BYTES + 2 * WQ_PROG_STEP_BYTES_V2] = { 0 };
	uint8_t v3[WQ_PROG_HDR_BYTES + 2 * WQ_PROG_STEP_BYTES] = { 0 };
	uint8_t out[WQ_PROG_MAX_BYTES];
	struct wq_prog a, b;
	int s;

	/* v2: 16-byte steps, mode byte 3 is free (3 % 3). */
	v2[0] = 1;	/* 2 cpus */
	v2[OFF_MODE] = 3;
	v2[WQ_PROG_HDR_BYTES] = 22;			/* step 0: thaw -> none */
	v2[WQ_PROG_HDR_BYTES + WQ_PROG_STEP_BYTES_V2] = 19;	/* cpu_up */
	v2[WQ_PROG_HDR_BYTES + WQ_PROG_STEP_BYTES_V2 + 2] = 1;
	EXPECT(wq_prog_decode_format(v2, sizeof(v2), 2, &a) == sizeof(v2),
	       "v2 frames");
	EXPECT(a.nsteps == 2 && a.sched_mode == WQ_SCHED_FREE &&
	       a.step[1][0].op == WQ_OP_CPU_UP && a.step[1][0].cpu == 1,
	       "v2 program");
	/* The same ops in v3 frames, mode steps, change points 9, 0, 3. */
	memcpy(v3, v2, WQ_PROG_HDR_BYTES);
	for (s = 0; s < 2; s++)
		memcpy(v3 + WQ_PROG_HDR_BYTES + s * WQ_PROG_STEP_BYTES,
		       v2 + WQ_PROG_HDR_BYTES + s * WQ_PROG_STEP_BYTES_V2,
		       WQ_PROG_STEP_BYTES_V2);
	v3[WQ_PROG_HDR_BYTES + 17] = 9;
	v3[WQ_PROG_HDR_BYTES + 19] = 3;
	wq_prog_decode(v3, sizeof(v3), &b);
	EXPECT(b.sched_mode == WQ_SCHED_STEPS && b.nsteps == 2 &&
	       !memcmp(a.step, b.step, sizeof(a.step)), "v3 program");
	EXPECT(b.plan[0].at[0] == 3 && b.plan[0].at[1] == 9 && !b.plan[0].at[2],
	       "change points sorted: %d %d %d", b.plan[0].at[0],
	       b.plan[0].at[1], b.plan[0].at[2]);
	EXPECT(wq_prog_encode(&b, out, sizeof(out)) == sizeof(v3) &&
	       out[WQ_PROG_HDR_BYTES + 17] == 3 &&
	       out[WQ_PROG_HDR_BYTES + 18] == 9, "canonical: sorted");
	/* Outside mode steps the schedule bytes are ignored. */
	v3[OFF_MODE] = WQ_SCHED_PCT;
	wq_prog_decode(v3, sizeof(v3), &b);
	EXPECT(!b.plan[0].at[0], "schedule bytes read in mode pct");
}

int main(void)
{
	check_text();
	check_locality();
	check_bytes();
	return wq_test_done("step_sched_test");
}
