/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The text form of programs: wq_prog_print(). The output is canonical:
 * header lines in a fixed order, every step printed (empty ones too),
 * ops in actor order. wq_prog_parse() reads it back to the same program.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/legal.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"

struct out {
	char *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

static void emit(struct out *o, const char *fmt, ...)
{
	size_t room = o->len < o->cap ? o->cap - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + (room ? o->len : 0), room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		o->overflow = true;
		o->len = o->cap;
		return;
	}
	o->len += (size_t)n;
}

static void emit_home(struct out *o, int home)
{
	if (home == WQ_KEVENTD)
		emit(o, " keventd");
	else
		emit(o, " q%d", home);
}

static void print_header(struct out *o, const struct wq_prog *p)
{
	emit(o, "%s%d\n", WQ_PROG_TEXT_MAGIC, WQ_PROG_FORMAT);
	emit(o, "cpus %d\nactors %d\n", p->ncpus, p->nactors);
	emit(o, "misuse %s\n", p->misuse ? "on" : "off");
	if (p->sched_mode == WQ_SCHED_STEPS)
		emit(o, "schedule steps\n");
	else
		emit(o, "schedule %s seed=%u depth=%d\n",
		     wq_sched_names[p->sched_mode],
		     (unsigned int)p->sched_seed, p->sched_depth);
	if (p->fault == WQ_FAULT_NONE)
		emit(o, "fault none\n");
	else
		emit(o, "fault %s %d\n", wq_fault_names[p->fault], p->fault_nth);
}

static void print_works(struct out *o, const struct wq_prog *p)
{
	int i;

	for (i = 0; i < p->nwqs; i++)
		emit(o, "wq q%d %s\n", i, wq_kind_names[p->wq_kind[i]]);
	for (i = 0; i < p->nworks; i++) {
		const struct wq_work *w = &p->work[i];
		char arg = wq_behs[w->beh].arg;

		emit(o, "work w%d %s", i, w->delayed ? "delayed" : "plain");
		emit_home(o, w->home);
		emit(o, " %s", wq_behs[w->beh].name);
		if (arg == WQ_ARG_WORK)
			emit(o, " w%d", w->arg);
		else if (arg)
			emit(o, " %d", w->arg);
		emit(o, "\n");
	}
}

static void print_operand(struct out *o, const struct wq_op *op, char kind)
{
	switch (kind) {
	case WQ_ARG_CPU:
		emit(o, " %d", op->cpu);
		break;
	case WQ_ARG_WQ:
		emit(o, " q%d", op->wq);
		break;
	case WQ_ARG_WORK:
		emit(o, " w%d", op->work);
		break;
	case WQ_ARG_DELAY:
		emit(o, " %d", op->delay);
		break;
	case WQ_ARG_TICKS:
		emit(o, " %d", op->ticks);
		break;
	case WQ_ARG_IRQ:
		emit(o, " in_interrupt=%d", op->in_irq);
		break;
	}
}

/* "t1: flush_workqueue q0": actor, op name, operands as the op table says. */
static void print_op(struct out *o, const struct wq_op *op, int actor)
{
	const char *k;

	emit(o, "t%d: %s", actor, wq_ops[op->op].name);
	for (k = wq_ops[op->op].args; *k; k++)
		print_operand(o, op, *k);
}

int wq_op_format(const struct wq_op *op, int actor, char *buf, size_t cap)
{
	struct out o = { .buf = buf, .cap = cap };

	if (cap)
		buf[0] = '\0';
	print_op(&o, op, actor);
	return o.overflow ? -1 : (int)o.len;
}

static void print_steps(struct out *o, const struct wq_prog *p)
{
	bool misuse[WQ_MAX_STEPS][WQ_MAX_ACTORS];
	int s, a;

	wq_prog_misuse_ops(p, misuse);
	for (s = 0; s < p->nsteps; s++) {
		const struct wq_sched_step *sp = &p->plan[s];
		int i;

		emit(o, "step %d", s);
		if (sp->order)
			emit(o, " order=%d", sp->order);
		for (i = 0; i < WQ_MAX_CHANGES && sp->at[i]; i++)
			emit(o, "%s%d", i ? "," : " at=", sp->at[i]);
		emit(o, "\n");
		for (a = 0; a < p->nactors; a++) {
			const struct wq_op *op = &p->step[s][a];

			if (op->op == WQ_OP_NONE)
				continue;
			emit(o, "  ");
			print_op(o, op, a);
			emit(o, misuse[s][a] ? "  # misuse\n" : "\n");
		}
	}
}

int wq_prog_print(const struct wq_prog *p, char *buf, size_t cap)
{
	struct out o = { .buf = buf, .cap = cap };

	if (cap)
		buf[0] = '\0';
	print_header(&o, p);
	print_works(&o, p);
	print_steps(&o, p);
	if (o.overflow) {
		if (cap)
			buf[cap - 1] = '\0';
		return -1;
	}
	return (int)o.len;
}
