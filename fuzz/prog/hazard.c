/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hazards of a program (hazard.h): replays the legality rules step by
 * step and classifies every op that is legal only because of misuse.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/hazard.h"
#include "fuzz/prog/legal.h"
#include "fuzz/prog/ops.h"

const char *const wq_hazard_names[WQ_NR_HAZARDS] = {
	[WQ_HZ_FLUSH_OWN_WQ] = "flush_own_wq",
	[WQ_HZ_AFTER_DESTROY] = "after_destroy",
	[WQ_HZ_FREEZE_CHAIN] = "freeze_chain",
	[WQ_HZ_DESTROY_TIMER] = "destroy_pending_timer",
	[WQ_HZ_CANCEL_SYNC_DELAYED] = "cancel_work_sync_delayed",
	[WQ_HZ_QUEUE_OFFLINE] = "queue_offline",
	[WQ_HZ_EACH_CPU_KEVENTD] = "each_cpu_on_keventd",
};

#define HZ(h)	(1u << (h))

/* Does workqueue slot @q home a delayed work? */
static bool homes_delayed(const struct wq_prog *p, int q)
{
	int i;

	for (i = 0; i < p->nworks; i++)
		if (p->work[i].home == q && p->work[i].delayed)
			return true;
	return false;
}

/* Does a step up to @s destroy workqueue slot @q? */
static bool destroyed_by(const struct wq_prog *p, int q, int s)
{
	int t, a;

	for (t = 0; t <= s; t++)
		for (a = 0; a < p->nactors; a++)
			if (p->step[t][a].op == WQ_OP_DESTROY_WORKQUEUE &&
			    p->step[t][a].wq == q)
				return true;
	return false;
}

/*
 * The hazards of op @o of step @s, legal only because of misuse: the
 * legality rules say that it needed misuse, not which rule, so every
 * reason the program's static facts allow is counted.
 */
static unsigned int op_hazards(const struct wq_prog *p, int s,
			       const struct wq_op *o)
{
	const struct wq_work *w = &p->work[o->work];
	unsigned int mask = 0;

	switch (o->op) {
	case WQ_OP_FREEZE:
		return HZ(WQ_HZ_FREEZE_CHAIN);
	case WQ_OP_DESTROY_WORKQUEUE:
		/* not destroyable: a delayed work, or a target of another's */
		return homes_delayed(p, o->wq) ? HZ(WQ_HZ_DESTROY_TIMER) :
			HZ(WQ_HZ_AFTER_DESTROY);
	case WQ_OP_CANCEL_WORK_SYNC:
		if (w->delayed)
			mask |= HZ(WQ_HZ_CANCEL_SYNC_DELAYED);
		if (!w->delayed || (w->home != WQ_KEVENTD &&
				    destroyed_by(p, w->home, s)))
			mask |= HZ(WQ_HZ_AFTER_DESTROY);
		return mask;
	default:
		return HZ(WQ_HZ_AFTER_DESTROY);
	}
}

/* Program-wide hazards: behaviours, and *_on ops with a CPU going down. */
static unsigned int prog_hazards(const struct wq_prog *p)
{
	bool on = false, down = false;
	unsigned int mask = 0;
	int i, s, a;

	for (i = 0; i < p->nworks; i++) {
		const struct wq_work *w = &p->work[i];

		if (w->beh == WQ_BEH_FLUSH_OWN_WQ ||
		    (w->beh == WQ_BEH_FLUSH_SCHEDULED_WORK &&
		     w->home == WQ_KEVENTD))
			mask |= HZ(WQ_HZ_FLUSH_OWN_WQ);
		if (w->beh == WQ_BEH_SCHEDULE_ON_EACH_CPU &&
		    w->home == WQ_KEVENTD)
			mask |= HZ(WQ_HZ_EACH_CPU_KEVENTD);
	}
	for (s = 0; s < p->nsteps; s++)
		for (a = 0; a < p->nactors; a++) {
			const struct wq_op *o = &p->step[s][a];

			on |= o->op < WQ_NR_OPS && (wq_ops[o->op].flags & WQ_OPF_ON);
			down |= o->op == WQ_OP_CPU_DOWN;
		}
	if (on && down && p->misuse >= WQ_MISUSE_ON)
		mask |= HZ(WQ_HZ_QUEUE_OFFLINE);
	return mask;
}

unsigned int wq_prog_hazards(const struct wq_prog *p)
{
	bool misuse[WQ_MAX_STEPS][WQ_MAX_ACTORS];
	unsigned int mask;
	int s, a;

	if (!p->misuse)
		return 0;
	mask = prog_hazards(p);
	wq_prog_misuse_ops(p, misuse);
	for (s = 0; s < p->nsteps; s++)
		for (a = 0; a < p->nactors; a++)
			if (misuse[s][a])
				mask |= op_hazards(p, s, &p->step[s][a]);
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
