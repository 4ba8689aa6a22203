// SPDX-License-Identifier: GPL-2.0-only
/*
 * The C reproducer writer (see csource.h). Each op and behaviour is
 * written as fuzz/exec/op.c and behaviours.c run it (same calls, same
 * guards, same order), so the controlled schedule of the program picks
 * the same interleaving in the reproducer: the calls are what a kernel
 * engineer reads, the runtime (core/testing/repro.c) only starts tasks.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/prog/ops.h"
#include "fuzz/report/csource.h"

static const char *const kinds[] = { "RP_MULTI", "RP_SINGLETHREAD", "RP_FREEZEABLE" };
static const char *const creators[] = {
	"create_workqueue", "create_singlethread_workqueue",
	"create_freezeable_workqueue",
};

static bool keventd(const struct wq_prog *p, int w)
{
	return p->work[w].home == WQ_KEVENTD;
}

/* "if (q1) " when work @w's home is a slot (an op on a work homed on a
 * dead slot is skipped, as the executor does), else "". */
static void home_guard(FILE *f, const struct wq_prog *p, int w,
		       const char *ind)
{
	if (!keventd(p, w))
		fprintf(f, "if (q%d)\n%s\t", p->work[w].home, ind);
}

static bool frees_self(const struct wq_prog *p, int w)
{
	return p->work[w].beh == WQ_BEH_FREE_SELF;
}

/*
 * A queueing of work @w that frees itself (format v4): a fresh kzalloc'ed
 * work_struct, as the executor does (fuzz/exec/self_free.c); the queue
 * op @op's call on it. @cpu, @wq: its operands ("" if it has none).
 */
static void queue_self(FILE *f, int w, int op, const char *cpu,
		       const char *wq, const char *ind)
{
	fprintf(f, "%s{\n%s\tstruct work_struct *self = kzalloc(sizeof(*self), GFP_KERNEL);\t/* w%d frees itself */\n\n"
		"%s\tif (self) {\n%s\t\tINIT_WORK(self, w%d_fn);\n%s\t\t(void)%s(%s%s%sself);\n%s\t}\n%s}\n",
		ind, ind, w, ind, ind, w, ind, wq_ops[op].name, cpu, wq,
		*wq ? ", " : "", ind, ind);
}

/* queue_work()/schedule_work() of work @w on its home. */
static void queue_on_home(FILE *f, const struct wq_prog *p, int w,
			  const char *ind)
{
	char wq[8];

	if (frees_self(p, w)) {
		wq[0] = '\0';
		if (!keventd(p, w)) {
			snprintf(wq, sizeof(wq), "q%d", p->work[w].home);
			fprintf(f, "%sif (%s)\n", ind, wq);
		}
		queue_self(f, w, keventd(p, w) ? WQ_OP_SCHEDULE_WORK :
			   WQ_OP_QUEUE_WORK, "", wq, ind);
		return;
	}
	if (keventd(p, w))
		fprintf(f, "%srp_check_queue(\"schedule_work\", &w%d, schedule_work(&w%d.work));\n",
			ind, w, w);
	else
		fprintf(f, "%sif (q%d)\n%s\trp_check_queue(\"queue_work\", &w%d, queue_work(q%d, &w%d.work));\n",
			ind, p->work[w].home, ind, w, p->work[w].home, w);
}

static void behaviour(FILE *f, const struct wq_prog *p, int w)
{
	const struct wq_work *d = &p->work[w];
	int a = d->arg;

	fprintf(f, "static void w%d_fn(struct work_struct *work)\n{\n", w);
	switch (d->beh) {
	case WQ_BEH_NOP:
		fprintf(f, "\t(void)work;\n");
		break;
	case WQ_BEH_REQUEUE:
		fprintf(f, "\t(void)work;\n\tif (take_credit(&w%d_credits))\n", w);
		queue_on_home(f, p, w, "\t\t");
		break;
	case WQ_BEH_QUEUE:
		fprintf(f, "\t(void)work;\n");
		queue_on_home(f, p, a, "\t");
		break;
	case WQ_BEH_CANCEL:
		fprintf(f, "\t(void)work;\n\t");
		home_guard(f, p, a, "\t");
		if (p->work[a].delayed)
			fprintf(f, "rp_check_cancel(&w%d, cancel_delayed_work(&w%d.dwork));\n", a, a);
		else
			fprintf(f, "(void)work_pending(&w%d.work);\n", a);
		break;
	case WQ_BEH_FLUSH:
		fprintf(f, "\t(void)work;\n\t");
		home_guard(f, p, a, "\t");
		fprintf(f, "rp_check_flush_work(&w%d, flush_work(&w%d.work));\n", a, a);
		break;
	case WQ_BEH_CANCEL_SYNC:
		fprintf(f, "\t(void)work;\n\t");
		home_guard(f, p, a, "\t");
		if (p->work[a].delayed)
			fprintf(f, "rp_check_cancel_sync(\"cancel_delayed_work_sync\", &w%d, cancel_delayed_work_sync(&w%d.dwork));\n", a, a);
		else
			fprintf(f, "rp_check_cancel_sync(\"cancel_work_sync\", &w%d, cancel_work_sync(&w%d.work));\n", a, a);
		break;
	case WQ_BEH_SLEEP:
		fprintf(f, "\t(void)work;\n\tschedule_timeout_uninterruptible(%d);\n", a);
		break;
	case WQ_BEH_CPU:
		fprintf(f, "\t(void)work;\n\t(void)get_cpu();\n\tput_cpu();\n");
		break;
	case WQ_BEH_FLUSH_OWN_WQ:
		if (keventd(p, w))
			fprintf(f, "\t(void)work;\n\tflush_scheduled_work();\n");
		else
			fprintf(f, "\t(void)work;\n\tflush_workqueue(q%d);\n", d->home);
		break;
	case WQ_BEH_REARM:
		fprintf(f, "\t(void)work;\n");
		if (keventd(p, w))
			fprintf(f, "\tif (take_credit(&w%d_credits))\n\t\tschedule_delayed_work(&w%d.dwork, 1);\n",
				w, w);
		else
			fprintf(f, "\tif (q%d && take_credit(&w%d_credits))\n\t\tqueue_delayed_work(q%d, &w%d.dwork, 1);\n",
				d->home, w, d->home, w);
		break;
	case WQ_BEH_GET_ONLINE_CPUS:
		fprintf(f, "\t(void)work;\n\tget_online_cpus();\n\t(void)get_cpu();\n\tput_cpu();\n\tput_online_cpus();\n");
		break;
	case WQ_BEH_SCHEDULE_ON_EACH_CPU:
		fprintf(f, "\t(void)work;\n\tschedule_on_each_cpu(internal_fn);\n");
		break;
	case WQ_BEH_FLUSH_SCHEDULED_WORK:
		fprintf(f, "\t(void)work;\n\trp_check_flush(\"flush_scheduled_work\", wqkit_keventd_wq(), flush_scheduled_work());\n");
		break;
	case WQ_BEH_CURRENT_IS_KEVENTD:
		fprintf(f, "\t(void)work;\n\t(void)current_is_keventd();\n");
		break;
	case WQ_BEH_FREE_SELF:
		fprintf(f, "\tkfree(work);\t/* the last thing it does: it frees itself */\n");
		break;
	case WQ_BEH_EXECUTE_IN_PROCESS_CONTEXT:
		fprintf(f, "\tstruct execute_work ew;\t/* not in interrupt: runs internal_fn at once */\n\n"
			"\t(void)work;\n\texecute_in_process_context(internal_fn, &ew);\n");
		break;
	}
	fprintf(f, "}\n\n");
}

/* The call of a queue op, checked (no trailing semicolon). */
static void queue_call(FILE *f, const struct wq_op *o, const char *wq)
{
	int w = o->work;

	switch (o->op) {
	case WQ_OP_QUEUE_WORK:
		fprintf(f, "rp_check_queue(\"queue_work\", &w%d, queue_work(%s, &w%d.work))", w, wq, w);
		break;
	case WQ_OP_QUEUE_WORK_ON:
		fprintf(f, "rp_check_queue(\"queue_work_on\", &w%d, queue_work_on(%d, %s, &w%d.work))",
			w, o->cpu, wq, w);
		break;
	case WQ_OP_QUEUE_DELAYED_WORK:
		fprintf(f, "rp_check_queue(\"queue_delayed_work\", &w%d, queue_delayed_work(%s, &w%d.dwork, %d))",
			w, wq, w, o->delay);
		break;
	case WQ_OP_QUEUE_DELAYED_WORK_ON:
		fprintf(f, "rp_check_queue(\"queue_delayed_work_on\", &w%d, queue_delayed_work_on(%d, %s, &w%d.dwork, %d))",
			w, o->cpu, wq, w, o->delay);
		break;
	case WQ_OP_SCHEDULE_WORK:
		fprintf(f, "rp_check_queue(\"schedule_work\", &w%d, schedule_work(&w%d.work))", w, w);
		break;
	case WQ_OP_SCHEDULE_WORK_ON:
		fprintf(f, "rp_check_queue(\"schedule_work_on\", &w%d, schedule_work_on(%d, &w%d.work))",
			w, o->cpu, w);
		break;
	case WQ_OP_SCHEDULE_DELAYED_WORK:
		fprintf(f, "rp_check_queue(\"schedule_delayed_work\", &w%d, schedule_delayed_work(&w%d.dwork, %d))",
			w, w, o->delay);
		break;
	case WQ_OP_SCHEDULE_DELAYED_WORK_ON:
		fprintf(f, "rp_check_queue(\"schedule_delayed_work_on\", &w%d, schedule_delayed_work_on(%d, &w%d.dwork, %d))",
			w, o->cpu, w, o->delay);
		break;
	}
}

static bool is_queue(int op)
{
	return op >= WQ_OP_QUEUE_WORK && op <= WQ_OP_SCHEDULE_DELAYED_WORK_ON;
}

static bool is_on(int op)
{
	return op == WQ_OP_QUEUE_WORK_ON || op == WQ_OP_QUEUE_DELAYED_WORK_ON ||
	       op == WQ_OP_SCHEDULE_WORK_ON || op == WQ_OP_SCHEDULE_DELAYED_WORK_ON;
}

static void queue_op(FILE *f, const struct wq_prog *p, const struct wq_op *o)
{
	char wq[8];
	const char *ind = "\t";

	/* queue_*: on o->wq, the home or (format v4) another; schedule_*: keventd */
	snprintf(wq, sizeof(wq), o->op >= WQ_OP_SCHEDULE_WORK ? "NULL" : "q%d",
		 o->wq);
	if (is_on(o->op)) {
		/* the caller keeps the CPU online, as a kernel caller must */
		fprintf(f, "\tget_online_cpus();\n\tif (cpu_online(%d))\n", o->cpu);
		ind = "\t\t";
	}
	if (frees_self(p, o->work)) {
		bool sched = o->op >= WQ_OP_SCHEDULE_WORK;
		char cpu[8] = "";

		if (is_on(o->op))
			snprintf(cpu, sizeof(cpu), "%d, ", o->cpu);
		if (!sched)
			fprintf(f, "%sif (q%d)\n", ind, o->wq);
		queue_self(f, o->work, o->op, cpu, sched ? "" : wq, ind);
	} else {
		fprintf(f, "%s", ind);
		home_guard(f, p, o->work, ind);
		if (o->op < WQ_OP_SCHEDULE_WORK && o->wq != p->work[o->work].home)
			fprintf(f, "if (q%d)\n%s\t", o->wq, ind);	/* away from home */
		queue_call(f, o, wq);
		fprintf(f, ";\n");
	}
	if (is_on(o->op))
		fprintf(f, "\tput_online_cpus();\n");
}

static void work_op(FILE *f, const struct wq_prog *p, const struct wq_op *o)
{
	int w = o->work;

	fprintf(f, "\t");
	home_guard(f, p, w, "\t");
	switch (o->op) {
	case WQ_OP_CANCEL_WORK_SYNC:
		fprintf(f, "rp_check_cancel_sync(\"cancel_work_sync\", &w%d, cancel_work_sync(&w%d.work));\n", w, w);
		break;
	case WQ_OP_CANCEL_DELAYED_WORK:
		fprintf(f, "rp_check_cancel(&w%d, cancel_delayed_work(&w%d.dwork));\n", w, w);
		break;
	case WQ_OP_CANCEL_DELAYED_WORK_SYNC:
		fprintf(f, "rp_check_cancel_sync(\"cancel_delayed_work_sync\", &w%d, cancel_delayed_work_sync(&w%d.dwork));\n", w, w);
		break;
	case WQ_OP_FLUSH_WORK:
		fprintf(f, "rp_check_flush_work(&w%d, flush_work(&w%d.work));\n", w, w);
		break;
	/* 2.6.29's wrappers of cancel_delayed_work_sync(): its promise */
	case WQ_OP_CANCEL_REARMING_DELAYED_WORK:
		fprintf(f, "rp_check_cancel_sync(\"cancel_delayed_work_sync\", &w%d, cancel_rearming_delayed_work(&w%d.dwork));\n", w, w);
		break;
	case WQ_OP_CANCEL_REARMING_DELAYED_WORKQUEUE:
		fprintf(f, "rp_check_cancel_sync(\"cancel_delayed_work_sync\", &w%d, cancel_rearming_delayed_workqueue(q%d, &w%d.dwork));\n", w, o->wq, w);
		break;
	}
}

static void op(FILE *f, const struct wq_prog *p, int s, int a,
	       const struct wq_op *o)
{
	int i;

	if (is_queue(o->op)) {
		queue_op(f, p, o);
		return;
	}
	switch (o->op) {
	case WQ_OP_FLUSH_WORKQUEUE:
		fprintf(f, "\tif (q%d)\n\t\trp_check_flush(\"flush_workqueue\", q%d, flush_workqueue(q%d));\n",
			o->wq, o->wq, o->wq);
		return;
	case WQ_OP_FLUSH_SCHEDULED_WORK:
		fprintf(f, "\trp_check_flush(\"flush_scheduled_work\", wqkit_keventd_wq(), flush_scheduled_work());\n");
		return;
	case WQ_OP_SCHEDULE_ON_EACH_CPU:
		fprintf(f, "\tschedule_on_each_cpu(internal_fn);\n");
		return;
	case WQ_OP_EXECUTE_IN_PROCESS_CONTEXT:
		if (o->in_irq)
			fprintf(f, "\tirq_enter();\t/* as if from an interrupt */\n");
		fprintf(f, "\texecute_in_process_context(internal_fn, &ew_s%d_t%d);\n", s, a);
		if (o->in_irq)
			fprintf(f, "\tirq_exit();\n");
		return;
	case WQ_OP_CREATE_WORKQUEUE:
		for (i = 0; i < p->nworks; i++)
			if (p->work[i].home == o->wq)
				fprintf(f, "\trp_init_work(&w%d, %d, w%d_fn, %s);\n", i, i, i,
					p->work[i].delayed ? "true" : "false");
		fprintf(f, "\trp_create(%d, %s);\n", o->wq, kinds[p->wq_kind[o->wq]]);
		return;
	case WQ_OP_DESTROY_WORKQUEUE:
		fprintf(f, "\tif (q%d) {\n\t\trp_check_flush(\"destroy_workqueue\", q%d, destroy_workqueue(q%d));\n\t\tq%d = NULL;\n\t}\n",
			o->wq, o->wq, o->wq, o->wq);
		return;
	case WQ_OP_CPU_UP:
		fprintf(f, "\tcpu_up(%d);\n", o->cpu);
		return;
	case WQ_OP_CPU_DOWN:
		fprintf(f, "\tcpu_down(%d);\n", o->cpu);
		return;
	case WQ_OP_FREEZE:
		fprintf(f, "\trp_frozen = freeze_processes() == 0;\n");
		return;
	case WQ_OP_THAW:
		fprintf(f, "\tthaw_processes();\n\trp_frozen = false;\n");
		return;
	case WQ_OP_ADVANCE_JIFFIES:
		fprintf(f, "\tkenv_advance_jiffies(%d);\t/* the timer interrupt, %d tick(s) */\n",
			o->ticks, o->ticks);
		return;
	}
	work_op(f, p, o);
}

static void header(FILE *f, const struct wq_prog *p, const char *title,
		   const char *build)
{
	int i;

	fprintf(f, "// SPDX-License-Identifier: GPL-2.0-only\n"
		"/*\n * %s\n *\n"
		" * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,\n"
		" * core/workqueue.c), found on build %s. Written by wqkit triage\n"
		" * (fuzz/report/csource.c) from the minimized program repro.wq: each\n"
		" * step's ops run at once, one per actor task t0..t%d; the runtime\n"
		" * (core/testing/repro.h) boots the emulated kernel with %d CPU(s),\n"
		" * replays the schedule %s, and wraps calls in\n"
		" * the promise checks rp_check_*().\n"
		" *\n * Exit status: 1 when the failure occurs, 0 when it does not.\n */\n",
		title, build, p->nactors - 1, p->ncpus,
		p->sched_mode == WQ_SCHED_FREE ? "free (real parallel threads)" :
		p->sched_mode == WQ_SCHED_PCT ? "under the controlled scheduler (PCT)" :
		p->sched_mode == WQ_SCHED_STEPS ?
		"under the controlled scheduler (each step's own PCT plan)" :
		"under the controlled scheduler (random walk)");
	fprintf(f, "#include <stdatomic.h>\n#include <linux/cpu.h>\n#include <linux/cpumask.h>\n"
		"#include <linux/freezer.h>\n#include <linux/hardirq.h>\n#include <linux/sched.h>\n"
		"#include <linux/slab.h>\n#include <linux/smp.h>\n#include <linux/workqueue.h>\n\n"
		"#include \"core/testing/repro.h\"\n\n");
	for (i = 0; i < p->nwqs; i++)
		fprintf(f, "#define q%d rp_wq[%d]\t/* %s(\"q%d\") */\n", i, i,
			creators[p->wq_kind[i]], i);
	for (i = 0; i < p->nworks; i++)
		fprintf(f, "static struct rp_work w%d;\t/* %s, on %s */\n", i,
			p->work[i].delayed ? "delayed" : "plain",
			keventd(p, i) ? "keventd" : (const char *[]){ "q0", "q1", "q2", "q3" }[p->work[i].home]);
	for (i = 0; i < p->nworks; i++)
		if (frees_self(p, i))	/* another work may queue it first */
			fprintf(f, "static void w%d_fn(struct work_struct *work);\n", i);
	for (i = 0; i < p->nworks; i++)
		if (p->work[i].beh == WQ_BEH_REQUEUE || p->work[i].beh == WQ_BEH_REARM)
			fprintf(f, "static _Atomic int w%d_credits = %d;\t/* times it requeues itself */\n",
				i, p->work[i].arg);
	fprintf(f, "\n");
}

static bool uses(const struct wq_prog *p, int beh_or_op, bool op)
{
	int s, a, i;

	if (!op) {
		for (i = 0; i < p->nworks; i++)
			if (p->work[i].beh == beh_or_op)
				return true;
		return false;
	}
	for (s = 0; s < p->nsteps; s++)
		for (a = 0; a < p->nactors; a++)
			if (p->step[s][a].op == beh_or_op)
				return true;
	return false;
}

static void helpers(FILE *f, const struct wq_prog *p)
{
	int s, a;

	if (uses(p, WQ_BEH_REQUEUE, false) || uses(p, WQ_BEH_REARM, false))
		fprintf(f, "static bool take_credit(_Atomic int *credits)\n{\n"
			"\tint left = atomic_load(credits);\n\n"
			"\twhile (left > 0)\n"
			"\t\tif (atomic_compare_exchange_weak(credits, &left, left - 1))\n"
			"\t\t\treturn true;\n\treturn false;\n}\n\n");
	if (uses(p, WQ_OP_SCHEDULE_ON_EACH_CPU, true) ||
	    uses(p, WQ_OP_EXECUTE_IN_PROCESS_CONTEXT, true) ||
	    uses(p, WQ_BEH_SCHEDULE_ON_EACH_CPU, false) ||
	    uses(p, WQ_BEH_EXECUTE_IN_PROCESS_CONTEXT, false))
		fprintf(f, "static void internal_fn(struct work_struct *work)\n{\n\t(void)work;\n}\n\n");
	for (s = 0; s < p->nsteps; s++)
		for (a = 0; a < p->nactors; a++)
			if (p->step[s][a].op == WQ_OP_EXECUTE_IN_PROCESS_CONTEXT)
				fprintf(f, "static struct execute_work ew_s%d_t%d;\n\n", s, a);
}

/*
 * "schedule steps": each step's order and change points (repro.h,
 * struct rp_plan), as repro.wq's "step N order=K at=A,B,C" lines.
 */
static void plan(FILE *f, const struct wq_prog *p)
{
	const struct wq_sched_step *sp;
	int s, i;

	fprintf(f, "\t/* each step's schedule: repro.wq's \"step N order=K at=A,B,C\" */\n"
		"\tstatic const struct rp_plan plan[] = {\n");
	for (s = 0; s < p->nsteps; s++) {
		sp = &p->plan[s];
		fprintf(f, "\t\t{ .order = %u, .at = { ", sp->order);
		for (i = 0; i < WQ_MAX_CHANGES; i++)
			fprintf(f, "%s%u", i ? ", " : "", sp->at[i]);
		fprintf(f, " } },\t/* step %d */\n", s);
	}
	fprintf(f, "\t};\n");
}

static void body(FILE *f, const struct wq_prog *p, bool racy_bitops)
{
	static const char *const sched[] = { "RP_FREE", "RP_PCT", "RP_RANDOM", "RP_STEPS" };
	static const char *const fault[] = { "RP_FAULT_NONE", "RP_FAULT_ALLOC", "RP_FAULT_KTHREAD" };
	int s, a, i;

	for (s = 0; s < p->nsteps; s++)
		for (a = 0; a < p->nactors; a++) {
			if (p->step[s][a].op == WQ_OP_NONE)
				continue;
			fprintf(f, "/* step %d, actor t%d */\nstatic void step%d_t%d(void)\n{\n", s, a, s, a);
			op(f, p, s, a, &p->step[s][a]);
			fprintf(f, "}\n\n");
		}
	fprintf(f, "int main(void)\n{\n");
	if (p->sched_mode == WQ_SCHED_STEPS)
		plan(f, p);
	fprintf(f, "\tstatic const struct rp_config cfg = {\n"
		"\t\t.cpus = %d, .actors = %d,\n\t\t.sched = %s, .seed = %uu, .depth = %d,\n"
		"\t\t.fault = %s, .fault_nth = %d,\n%s%s\t};\n\n\trp_boot(&cfg);\n",
		p->ncpus, p->nactors, sched[p->sched_mode], p->sched_seed,
		p->sched_depth ? p->sched_depth : 1, fault[p->fault], p->fault_nth,
		racy_bitops ? "\t\t/* test-only race injection (kenv_inject_racy_bitops) */\n"
			      "\t\t.racy_bitops = true,\n" : "",
		p->sched_mode == WQ_SCHED_STEPS ?
			"\t\t.plan = plan, .nplan = sizeof(plan) / sizeof(plan[0]),\n" : "");
	for (i = 0; i < p->nworks; i++)
		fprintf(f, "\trp_init_work(&w%d, %d, w%d_fn, %s);\n", i, i, i,
			p->work[i].delayed ? "true" : "false");
	for (i = 0; i < p->nwqs; i++)
		fprintf(f, "\tif (!rp_create(%d, %s))\n\t\trp_fail(\"create_workqueue failed at setup\");\n",
			i, kinds[p->wq_kind[i]]);
	fprintf(f, "\trp_start();\n\n");
	for (s = 0; s < p->nsteps; s++) {
		fprintf(f, "\trp_step(%d, (rp_op_fn[RP_MAX_ACTORS]){ ", s);
		for (a = 0; a < p->nactors; a++) {
			if (p->step[s][a].op == WQ_OP_NONE)
				fprintf(f, "%sNULL", a ? ", " : "");
			else
				fprintf(f, "%sstep%d_t%d", a ? ", " : "", s, a);
		}
		fprintf(f, " });\n");
	}
	fprintf(f, "\trp_end();\n}\n");
}

char *wq_csource(const struct wq_prog *p, const char *title,
		 const char *build, bool racy_bitops, size_t *len)
{
	char *buf = NULL;
	FILE *f;
	int i;

	/* a misuse program's hazards (ops on a destroyed workqueue's stale
	 * pointer, a work flushing its own workqueue) have no reproducer;
	 * one that has none runs as a legal program does */
	if (p->misuse && (uses(p, WQ_BEH_FLUSH_OWN_WQ, false) ||
			  uses(p, WQ_OP_DESTROY_WORKQUEUE, true)))
		return NULL;
	f = open_memstream(&buf, len);
	if (!f)
		return NULL;
	header(f, p, title, build);
	helpers(f, p);
	for (i = 0; i < p->nworks; i++)
		behaviour(f, p, i);
	body(f, p, racy_bitops);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * The oracle's titles (fuzz/oracle: events.c, checks_promise.c,
 * checks_struct.c), stable form, and what repro.c checks for each:
 * first match wins, so longer patterns come first.
 */
static const struct {
	const char *match;	/* a substring of the stable title */
	const char *check;
} checks[] = {
	/* live checks: the runtime's event model, reported after the op */
	{ "grabbed but not listed",
	  "the runtime records a WORK_GRABBED on a cwq not listing the work (none listed, or listed on another cwq) and the next check of the work reports it, at the latest right after the cancel returns (rp_check_cancel_sync()); failing that, a cancel fooled by try_to_grab_pending()'s recheck returns with the timer armed and PENDING clear (rp_check_work(): \"has its timer armed but PENDING is clear\")" },
	{ "ran more often than queued",
	  "a WORK_START on a cwq not listing the work, reported after the next op on the work or at the end of the step" },
	{ "ran twice at once",
	  "a WORK_START on a cwq already running the work, reported after the next op on the work or at the end of the step" },
	{ "timer fired before its delay",
	  "TIMER_FIRED before the expiry the queueing armed, reported after the next op on the work or at the end of the step" },
	{ "ran before its delay",
	  "WORK_START of a timer's instance before its expiry, reported after the next op on the work or at the end of the step" },
	{ "timer fired but was not armed", "TIMER_FIRED with no timer armed (the runtime's model)" },
	{ "timer deleted but was not armed", "TIMER_DELETED with no timer armed (the runtime's model)" },
	{ "queued while already pending",
	  "a queueing while an instance is listed or armed and no cancel is in flight (the runtime's model)" },
	{ "ran on frozen workqueue",
	  "none: the runtime does not follow the freezer (a work may start while thaw_processes() runs, before the reproducer can know), so this promise stays with repro.wq's replay" },
	/* "work queued on cpu ran on cpu" (after the frozen one: "on frozen") */
	{ "ran on cpu",
	  "none: it needs the hotplug history from the queueing to the start (did the CPU stay online?), which the runtime does not keep; repro.wq's replay checks it" },
	/* promises: rp_check_*() around the call */
	{ "cancel_work_sync returned 1", "none: repro.c does not read cancel_*_sync()'s return value; rp_check_cancel_sync() checks the work's state after it" },
	{ "cancel_work_sync returned 0", "none: repro.c does not read cancel_*_sync()'s return value; rp_check_cancel_sync() checks the work's state after it" },
	{ "cancel_delayed_work_sync returned 1", "none: repro.c does not read cancel_*_sync()'s return value; rp_check_cancel_sync() checks the work's state after it" },
	{ "cancel_delayed_work_sync returned 0", "none: repro.c does not read cancel_*_sync()'s return value; rp_check_cancel_sync() checks the work's state after it" },
	{ "cancel_work_sync returned", "rp_check_cancel_sync() right after cancel_work_sync(): the work neither listed nor running (unless queued again during the call)" },
	{ "cancel_delayed_work_sync returned", "rp_check_cancel_sync() right after cancel_delayed_work_sync(): the work neither listed nor running nor its timer armed (unless queued again during the call)" },
	{ "cancel_delayed_work returned", "rp_check_cancel() right after cancel_delayed_work(): its return value against its own timer deletion, and 0 never for an armed timer nothing else touched" },
	{ "flush_work returned", "rp_check_flush_work() right after flush_work(): its latest instance, listed or running when the call began, has finished" },
	{ "flush_workqueue returned", "rp_check_flush() right after flush_workqueue(): every work listed or running on it when the call began has finished" },
	{ "flush_scheduled_work returned", "rp_check_flush() right after flush_scheduled_work() on keventd" },
	{ "destroy_workqueue returned", "rp_check_flush() right after destroy_workqueue()" },
	{ "returned 0 for idle", "rp_check_queue() right after the queue call: 0 never for an idle work nothing else touched" },
	{ "returned 1 without queueing", "rp_check_queue() right after the queue call: 1 only if the call queued the work" },
	{ "returned 0 but queued", "rp_check_queue() right after the queue call: 0 only if the call did not queue the work" },
	/* structure: at the end of each step (the runtime's rp_step()) */
	{ "list corruption", "rp_step(): each cwq's list is sound at the end of the step" },
	{ "without PENDING", "rp_step(): each listed work has PENDING set (read under the cwq's lock), and rp_check_work() after each op on it" },
	{ "get_wq_data points elsewhere", "rp_step(): each listed work's data names the cwq listing it" },
	{ "listed twice", "rp_step(): each work listed once at most" },
	{ "but not queued there", "none directly: the runtime counts a work's instances, not per cwq; a stray listing fails rp_step()'s PENDING and data checks" },
	{ "but not listed", "none directly: the runtime counts a work's instances, not per cwq; a lost listing leaves PENDING with no instance, which rp_step() reports" },
	{ "current_work of", "none: the runtime does not follow which work each cwq runs; a wrong current_work shows when flush_work() or cancel_*_sync() returns early (rp_check_flush_work(), rp_check_cancel_sync())" },
	{ "PENDING with no instance", "rp_step(): no work PENDING with nothing listed or armed at the end of the step" },
	{ "queued but PENDING is clear", "rp_check_work() after each op on the work and at the end of each step: PENDING set while listed or armed" },
	{ "has no thread", "rp_step(): every workqueue has a thread for each populated CPU (every online CPU is populated)" },
	{ "online but not populated", "rp_step(): every online CPU is in cpu_populated_map" },
	{ "queued but never ran", "none at the end: repro.c's end (thaw, fire timers, flush, destroy) may legally leave a re-arming keventd work listed; within a step a lost instance fails rp_step()'s PENDING check" },
	{ "never finished", "none: a work that never finishes is a hang, which the runtime reports as a deadlock or a hang of the step" },
};

const char *wq_csource_check(const char *title)
{
	size_t i;

	for (i = 0; title && i < sizeof(checks) / sizeof(checks[0]); i++)
		if (strstr(title, checks[i].match))
			return checks[i].check;
	return "the runtime's failure handler: a BUG, WARNING, lockdep report, deadlock or hang, or the sanitizer's own report, ends repro.c with exit 1";
}
