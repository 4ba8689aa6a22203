/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hazards of a program (hazard.h): replays the legality rules step by
 * step and classifies every op that is legal only because of misuse.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/hazard.h"
#include "fuzz/prog/legal.h"

const char *const wq_hazard_names[WQ_NR_HAZARDS] = {
	[WQ_HZ_FLUSH_OWN_WQ] = "flush_own_wq",
	[WQ_HZ_AFTER_DESTROY] = "after_destroy",
	[WQ_HZ_FREEZE_CHAIN] = "freeze_chain",
};

/* The hazard of op @o, legal only because of misuse. */
static enum wq_hazard op_hazard(const struct wq_op *o)
{
	return o->op == WQ_OP_FREEZE ? WQ_HZ_FREEZE_CHAIN : WQ_HZ_AFTER_DESTROY;
}

unsigned int wq_prog_hazards(const struct wq_prog *p)
{
	bool misuse[WQ_MAX_STEPS][WQ_MAX_ACTORS];
	unsigned int mask = 0;
	int s, a, i;

	if (!p->misuse)
		return 0;
	for (i = 0; i < p->nworks; i++)
		if (p->work[i].beh == WQ_BEH_FLUSH_OWN_WQ)
			mask |= 1u << WQ_HZ_FLUSH_OWN_WQ;
	wq_prog_misuse_ops(p, misuse);
	for (s = 0; s < p->nsteps; s++)
		for (a = 0; a < p->nactors; a++)
			if (misuse[s][a])
				mask |= 1u << op_hazard(&p->step[s][a]);
	return mask;
}

const char *wq_hazards_format(unsigned int mask, char *buf, size_t len)
{
	size_t n = 0;
	int h;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (h = 0; h < WQ_NR_HAZARDS; h++) {
		if (!(mask & (1u << h)))
			continue;
		n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
			      n ? "+" : "", wq_hazard_names[h]);
		if (n >= len)
			break;
	}
	if (!buf[0])
		snprintf(buf, len, "none");
	return buf;
}
