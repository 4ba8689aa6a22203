/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 100k seeded random byte strings: each decodes to a legal program that
 * satisfies every round-trip law, and the decoder keeps most of what the
 * bytes asked for (every op and behaviour shows up, few ops are dropped).
 */
#include <string.h>

#include "fuzz/prog/laws.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

#define ITERATIONS	100000

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
	return (uint32_t)(wq_test_rand(&rng) >> 32);
}

struct stats {
	unsigned long ops_in, ops_out;
	unsigned long op_seen[WQ_NR_OPS], beh_seen[WQ_NR_BEHS];
};

static void count(const uint8_t *buf, size_t len, const struct wq_prog *p,
		  struct stats *st)
{
	int s, a, i;

	for (s = 0; s < p->nsteps; s++) {
		for (a = 0; a < p->nactors; a++) {
			size_t off = WQ_PROG_HDR_BYTES + s * WQ_PROG_STEP_BYTES +
				     a * 4;

			if (off < len && buf[off] % WQ_NR_OPS)
				st->ops_in++;
			if (p->step[s][a].op) {
				st->ops_out++;
				st->op_seen[p->step[s][a].op]++;
			}
		}
	}
	for (i = 0; i < p->nworks; i++)
		st->beh_seen[p->work[i].beh]++;
}

int main(void)
{
	static struct stats st;
	uint8_t buf[WQ_PROG_MAX_BYTES + 64];
	char why[4096];
	struct wq_prog p;
	int it, i;

	for (it = 0; it < ITERATIONS; it++) {
		size_t len = next() % sizeof(buf);

		for (i = 0; i < (int)len; i++)
			buf[i] = (uint8_t)next();
		if (wq_prog_laws_bytes(buf, len, why, sizeof(why))) {
			EXPECT(0, "iteration %d (len %zu): %s", it, len, why);
			if (check_failures > 5)
				break;
		}
		wq_prog_decode(buf, len, &p);
		count(buf, len, &p, &st);
	}
	for (i = 1; i < WQ_NR_OPS; i++)
		EXPECT(st.op_seen[i] > 100, "op %s decoded only %lu times",
		       wq_ops[i].name, st.op_seen[i]);
	for (i = 0; i < WQ_NR_BEHS; i++)
		EXPECT(st.beh_seen[i] > 100, "behaviour %s decoded only %lu times",
		       wq_behs[i].name, st.beh_seen[i]);
	/* The decoder maps rather than drops: most requested ops survive. */
	EXPECT(st.ops_out * 100 >= st.ops_in * 70, "kept %lu of %lu ops",
	       st.ops_out, st.ops_in);
	printf("kept %lu of %lu requested ops\n", st.ops_out, st.ops_in);
	for (i = 1; i < WQ_NR_OPS; i++)
		printf("  %-28s %lu\n", wq_ops[i].name, st.op_seen[i]);
	return wq_test_done("random_test");
}
