/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Programs as data: text or bytes, the empty program, equality, and the
 * legality and canonical-form check every producer of programs must pass.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/legal.h"
#include "fuzz/prog/prog.h"

static bool lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* "word operand": a header line, a step line, or a misspelling of one. */
static bool looks_like_line(const unsigned char *c, size_t len)
{
	size_t i = 0;

	while (i < len && (c[i] == ' ' || c[i] == '\t'))
		i++;
	if (i == len || !lower(c[i]))
		return false;
	while (i < len && (lower(c[i]) || c[i] == '_'))
		i++;
	if (i == len || (c[i] != ' ' && c[i] != '\t'))
		return false;
	while (i < len && (c[i] == ' ' || c[i] == '\t'))
		i++;
	return i < len && (lower(c[i]) || (c[i] >= '0' && c[i] <= '9'));
}

bool wq_prog_is_text(const void *buf, size_t len)
{
	static const char marker[] = "# wqkit program";
	const unsigned char *c = buf, *line = buf, *end = c + len;
	size_t i;

	if (!memchr(buf, '\n', len))
		return false;
	for (i = 0; i < len; i++) {
		if ((c[i] < 0x20 && c[i] != '\t' && c[i] != '\n' && c[i] != '\r') ||
		    c[i] == 0x7f)
			return false;
	}
	/* The first line that is neither blank nor a comment decides. */
	while (line < end) {
		const unsigned char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = (size_t)((nl ? nl : end) - line), k = 0;

		while (k < n && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
			k++;
		if (k < n && line[k] == '#') {
			if (n - k >= sizeof(marker) - 1 &&
			    !memcmp(line + k, marker, sizeof(marker) - 1))
				return true;
		} else if (k < n) {
			return looks_like_line(line, n);
		}
		line += n + 1;
	}
	return false;
}

void wq_prog_init(struct wq_prog *p)
{
	memset(p, 0, sizeof(*p));
	p->ncpus = 1;
	p->nactors = 1;
	p->sched_depth = 1;
}

static bool op_equal(const struct wq_op *a, const struct wq_op *b)
{
	return a->op == b->op && a->work == b->work && a->wq == b->wq &&
	       a->cpu == b->cpu && a->delay == b->delay &&
	       a->ticks == b->ticks && a->in_irq == b->in_irq;
}

void wq_sched_step_canon(struct wq_sched_step *sp)
{
	uint8_t v[WQ_MAX_CHANGES];
	int i, j, n = 0;

	for (i = 0; i < WQ_MAX_CHANGES; i++) {
		for (j = 0; j < n && v[j] < sp->at[i]; j++)
			;
		if (!sp->at[i] || (j < n && v[j] == sp->at[i]))
			continue;
		memmove(&v[j + 1], &v[j], (size_t)(n - j));
		v[j] = sp->at[i];
		n++;
	}
	memset(sp->at, 0, sizeof(sp->at));
	memcpy(sp->at, v, (size_t)n);
}

static bool plan_equal(const struct wq_sched_step *a,
		       const struct wq_sched_step *b)
{
	return a->order == b->order && !memcmp(a->at, b->at, sizeof(a->at));
}

static bool work_equal(const struct wq_work *a, const struct wq_work *b)
{
	return a->delayed == b->delayed && a->home == b->home &&
	       a->beh == b->beh && a->arg == b->arg;
}

bool wq_prog_equal(const struct wq_prog *a, const struct wq_prog *b)
{
	int i, j;

	if (a->ncpus != b->ncpus || a->nactors != b->nactors ||
	    a->nwqs != b->nwqs || a->nworks != b->nworks ||
	    a->nsteps != b->nsteps || a->misuse != b->misuse ||
	    a->fault != b->fault || a->fault_nth != b->fault_nth ||
	    a->sched_mode != b->sched_mode ||
	    a->sched_depth != b->sched_depth ||
	    a->sched_seed != b->sched_seed)
		return false;
	for (i = 0; i < a->nwqs; i++)
		if (a->wq_kind[i] != b->wq_kind[i])
			return false;
	for (i = 0; i < a->nworks; i++)
		if (!work_equal(&a->work[i], &b->work[i]))
			return false;
	for (i = 0; i < a->nsteps; i++) {
		for (j = 0; j < a->nactors; j++)
			if (!op_equal(&a->step[i][j], &b->step[i][j]))
				return false;
		if (!plan_equal(&a->plan[i], &b->plan[i]))
			return false;
	}
	return true;
}

/**
 * wq_prog_explain - format why a program breaks a rule into @why
 *
 * Returns -1, so callers can `return wq_prog_explain(...)`.
 */
int wq_prog_explain(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static bool in(int v, int lo, int hi)
{
	return v >= lo && v <= hi;
}

static int check_header(const struct wq_prog *p, char *why, size_t len)
{
	if (!in(p->ncpus, 1, WQ_MAX_CPUS) || !in(p->nactors, 1, WQ_MAX_ACTORS) ||
	    p->nwqs > WQ_MAX_WQS || p->nworks > WQ_MAX_WORKS ||
	    p->nsteps > WQ_MAX_STEPS)
		return wq_prog_explain(why, len, "header: count out of range");
	if (p->fault >= WQ_NR_FAULTS ||
	    (p->fault == WQ_FAULT_NONE && p->fault_nth) ||
	    (p->fault != WQ_FAULT_NONE &&
	     !in(p->fault_nth, 1, WQ_MAX_FAULT_NTH)))
		return wq_prog_explain(why, len, "header: bad fault");
	if (p->sched_mode >= WQ_NR_SCHED_MODES ||
	    !in(p->sched_depth, 1, WQ_MAX_DEPTH))
		return wq_prog_explain(why, len, "header: bad schedule");
	if (p->sched_mode == WQ_SCHED_STEPS &&
	    (p->sched_seed || p->sched_depth != 1))
		return wq_prog_explain(why, len,
				       "header: schedule steps with a seed or depth");
	return 0;
}

static int check_works(const struct wq_prog *p, char *why, size_t len)
{
	static const struct wq_work zero;
	int i;

	for (i = 0; i < WQ_MAX_WQS; i++)
		if (i < p->nwqs ? p->wq_kind[i] >= WQ_NR_KINDS : p->wq_kind[i])
			return wq_prog_explain(why, len, "q%d: bad kind", i);
	for (i = 0; i < WQ_MAX_WORKS; i++) {
		const struct wq_work *w = &p->work[i];

		if (i >= p->nworks) {
			if (!work_equal(w, &zero))
				return wq_prog_explain(why, len, "w%d: unused but set", i);
			continue;
		}
		if (w->delayed > 1 || w->home < WQ_KEVENTD ||
		    w->home >= p->nwqs)
			return wq_prog_explain(why, len, "w%d: bad kind or home", i);
	}
	for (i = 0; i < p->nworks; i++)
		if (!wq_beh_check(p, i, why, len))
			return -1;
	return 0;
}

static int check_steps(const struct wq_prog *p, char *why, size_t len)
{
	static const struct wq_op zero;
	static const struct wq_sched_step zplan;
	struct wq_sched_step plan;
	struct wq_derived d;
	struct wq_state st;
	struct wq_op ops[WQ_MAX_ACTORS];
	char reason[256];
	int s, a;

	wq_derive(p, &d);
	wq_state_init(p, &st);
	for (s = 0; s < WQ_MAX_STEPS; s++) {
		for (a = 0; a < WQ_MAX_ACTORS; a++)
			if ((s >= p->nsteps || a >= p->nactors) &&
			    !op_equal(&p->step[s][a], &zero))
				return wq_prog_explain(why, len, "step %d t%d: unused but set",
					   s, a);
		plan = p->plan[s];
		wq_sched_step_canon(&plan);
		if ((s >= p->nsteps || p->sched_mode != WQ_SCHED_STEPS) ?
		    !plan_equal(&p->plan[s], &zplan) :
		    !plan_equal(&p->plan[s], &plan))
			return wq_prog_explain(why, len, "step %d: %s schedule", s,
					       s >= p->nsteps ||
					       p->sched_mode != WQ_SCHED_STEPS ?
					       "unused but set" : "non-canonical");
		if (s >= p->nsteps)
			continue;
		memcpy(ops, p->step[s], sizeof(ops));
		a = wq_step_apply(p, &d, &st, ops, false, reason,
				  sizeof(reason), NULL);
		if (a >= 0)
			return wq_prog_explain(why, len, "step %d t%d: %s", s, a, reason);
	}
	return 0;
}

int wq_prog_check(const struct wq_prog *p, char *why, size_t len)
{
	if (check_header(p, why, len) || check_works(p, why, len) ||
	    check_steps(p, why, len))
		return -1;
	return 0;
}
