// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stats line every stat_interval (rcutorture's rcu_torture_stats):
 * ops by kind, works run, cancels, flushes, onoff, freeze cycles, ops/s,
 * RSS, kenv's live allocations and tasks, error counters; "!!!" when an
 * error counter is non-zero, "???" when no step finished in the
 * interval. Each line also goes to stats.jsonl as one JSON object.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <kenv/kenv.h>

#include "fuzz/prog/ops.h"
#include "stress/soak.h"

long soak_rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, rss = 0;

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
		rss = -1;
	fclose(f);
	return rss < 0 ? -1 : rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static unsigned long ops_with(struct soak_torture *t, unsigned int flags,
			      const char *prefix)
{
	unsigned long n = 0;
	int op;

	for (op = 1; op < WQ_NR_OPS; op++)
		if ((wq_ops[op].flags & flags) ||
		    (prefix && !strncmp(wq_ops[op].name, prefix, strlen(prefix))))
			n += atomic_load_explicit(&t->c.ops[op], memory_order_relaxed);
	return n;
}

void soak_sample_take(struct soak_sample *s, struct soak_torture *t,
		      const struct wq_exec_result *r, unsigned long steps,
		      long t_ms, double wall_s)
{
	memset(s, 0, sizeof(*s));
	s->t_ms = t_ms;
	s->wall_s = wall_s;
	s->steps = steps;
	s->ops = ops_with(t, 0xff, "");
	s->works = r->works_run;
	s->ops_queue = ops_with(t, WQ_OPF_QUEUE, NULL);
	s->ops_cancel = ops_with(t, 0, "cancel_");
	s->ops_flush = ops_with(t, 0, "flush_");
	s->ops_other = s->ops - s->ops_queue - s->ops_cancel - s->ops_flush;
	s->rss_kb = soak_rss_kb();
	s->allocs = kenv_nr_allocations();
	s->tasks = kenv_nr_tasks();
	s->kfailures = kenv_nr_failures();
}

static void json_line(FILE *f, struct soak_torture *t,
		      const struct soak_sample *s, double ops_s,
		      const char *flag)
{
	struct soak_counters *c = &t->c;
	int op;

	if (!f)
		return;
	fprintf(f, "{\"t_ms\": %ld, \"wall_s\": %.1f, \"steps\": %lu, \"ops\": %lu, "
		"\"works\": %lu, \"ops_per_s\": %.0f, \"rss_kb\": %ld, \"allocs\": %d, "
		"\"tasks\": %d, \"kfailures\": %lu, \"checkpoints\": %lu, \"stalls\": %lu, "
		"\"overflows\": %lu, "
		"\"onoff_ok\": %lu, \"onoff_attempts\": %lu, \"freezes\": %lu, "
		"\"freeze_fail\": %lu, \"faults_armed\": %lu, \"flag\": \"%s\", \"by_op\": {",
		s->t_ms, s->wall_s, s->steps, s->ops, s->works, ops_s, s->rss_kb,
		s->allocs, s->tasks, s->kfailures, s->checkpoints, s->stalls,
		s->overflows,
		atomic_load(&c->onoff_ok), atomic_load(&c->onoff_attempts),
		atomic_load(&c->freezes), atomic_load(&c->freeze_fail),
		t->faults_armed, flag);
	for (op = 1; op < WQ_NR_OPS; op++)
		fprintf(f, "%s\"%s\": %lu", op > 1 ? ", " : "", wq_ops[op].name,
			atomic_load_explicit(&c->ops[op], memory_order_relaxed));
	fprintf(f, "}}\n");
	fflush(f);
}

void soak_stats_line(struct soak_out *o, struct soak_torture *t,
		     const struct soak_sample *prev,
		     const struct soak_sample *now, bool failed)
{
	double dt = now->wall_s - prev->wall_s;
	double ops_s = dt > 0 ? (now->ops - prev->ops) / dt : 0;
	bool err = failed || now->kfailures || now->overflows;
	bool stall = now->stalls != prev->stalls;
	const char *flag = err ? "!!!" : stall ? "???" : "";
	char onoff[160], tb[32];

	soak_onoff_text(t, onoff, sizeof(onoff));
	soak_say(o, SOAK_TAG "%s%s t=%s steps %lu ops %lu (queue %lu cancel %lu flush %lu other %lu) "
		 "works %lu %s freeze %lu/%lu checkpoints %lu ops/s %.0f rss %ldkB "
		 "allocs %d tasks %d faults %lu failures %lu unchecked %lu stalls %lu\n",
		 *flag ? " " : "", flag,
		 soak_fmt_duration(now->t_ms, tb, sizeof(tb)), now->steps, now->ops,
		 now->ops_queue, now->ops_cancel, now->ops_flush, now->ops_other,
		 now->works, onoff,
		 atomic_load(&t->c.freezes) - atomic_load(&t->c.freeze_fail),
		 atomic_load(&t->c.freezes), now->checkpoints, ops_s, now->rss_kb,
		 now->allocs, now->tasks, t->faults_armed, now->kfailures + failed,
		 now->overflows, now->stalls);
	json_line(o->jsonl, t, now, ops_s, flag);
}
