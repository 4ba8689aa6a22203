// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flight recorder: the last WQ_MAX_STEPS steps, replayable as a program
 * of the soak's header (best effort: the program starts from a fresh
 * kernel, not from the soak's state after hours, so the rules are
 * re-applied with fix from the initial state and ops that no longer fit
 * become none).
 */
#include <string.h>

#include "fuzz/prog/ops.h"
#include "stress/soak.h"

void soak_record(struct soak_recorder *rec, const struct wq_op *ops)
{
	memcpy(rec->step[rec->n % WQ_MAX_STEPS], ops,
	       sizeof(rec->step[0]));
	rec->n++;
}

void soak_recorder_build(const struct soak_recorder *rec,
			 const struct wq_prog *hdr, struct wq_prog *p)
{
	unsigned long first, i;
	struct wq_derived d;
	struct wq_state st;

	*p = *hdr;
	first = rec->n > WQ_MAX_STEPS ? rec->n - WQ_MAX_STEPS : 0;
	p->nsteps = 0;
	wq_derive(p, &d);
	wq_state_init(p, &st);
	for (i = first; i < rec->n; i++) {
		struct wq_op *ops = p->step[p->nsteps++];

		memcpy(ops, rec->step[i % WQ_MAX_STEPS], sizeof(p->step[0]));
		wq_step_apply(p, &d, &st, ops, true, NULL, 0, NULL);
	}
}
