// SPDX-License-Identifier: GPL-2.0-only
/*
 * Controlled mode replays exactly: every legal corpus program, switched
 * to "schedule pct" (and to "schedule random", and to "schedule steps"
 * with a schedule per step), runs REPEAT times in one process and every
 * run must pass with the trace hash of the first. In mode steps, another
 * order in every step must change some programs' traces (the per-step
 * schedule is really what the scheduler follows).
 * Each program runs in its own forked child. Prints the replay rate,
 * execs/s in controlled and in free mode, and scheduling points per op.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/prog/ops.h"

#define REPEAT		5

struct child_out {
	int runs, matched, passed;
	unsigned long points, decisions, switches, ops;
	uint64_t hash;		/* the first run's trace hash */
	double secs;
	char title[160];
};

static int nprogs;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Child: run @p @n times, the first hash is the reference. */
static void repeat(const struct wq_prog *p, int n, struct child_out *o)
{
	struct wq_exec_result *r = malloc(sizeof(*r));
	uint64_t first = 0;
	double t0 = now_s();
	int i;

	XT_CHECK(r);
	for (i = 0; i < n; i++) {
		int ret = wq_exec_run(p, NULL, r);

		o->runs++;
		if (ret) {
			snprintf(o->title, sizeof(o->title), "%s", r->title);
			break;
		}
		o->passed++;
		if (i == 0)
			o->hash = first = r->trace_hash;
		o->matched += r->trace_hash == first;
		o->points += r->sched_points;
		o->decisions += r->sched_decisions;
		o->switches += r->sched_switches;
		o->ops += r->ops_run;
	}
	o->secs = now_s() - t0;
	free(r);
}

static void run_child(const struct wq_prog *p, int n, struct child_out *o)
{
	struct child_out *shm;
	int status;
	pid_t pid;

	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	XT_CHECK(shm != MAP_FAILED);
	memset(shm, 0, sizeof(*shm));
	fflush(NULL);
	pid = fork();
	XT_CHECK(pid >= 0);
	if (!pid) {
		repeat(p, n, shm);
		fflush(NULL);
		_exit(0);
	}
	XT_CHECK(waitpid(pid, &status, 0) == pid);
	*o = *shm;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		snprintf(o->title, sizeof(o->title), "child died (status %#x)",
			 status);
	munmap(shm, sizeof(*shm));
}

/* Mode steps: a schedule per step from (@i, @order), change points early. */
static void plan_steps(struct wq_prog *p, int i, int order)
{
	int s;

	p->sched_seed = 0;
	p->sched_depth = 1;
	for (s = 0; s < p->nsteps; s++) {
		p->plan[s].order = (uint8_t)(order + 31 * i + s);
		p->plan[s].at[0] = (uint8_t)(1 + (7 * s + i) % 20);
		p->plan[s].at[1] = (uint8_t)(p->plan[s].at[0] + 1 + s % 9);
		p->plan[s].at[2] = 0;
	}
}

static int moved;	/* mode steps: programs whose trace another order changed */

/* All legal programs in @mode; returns the number of bad programs. */
static int pass(enum wq_sched_mode mode, double *execs_s, int *runs_out,
		int *matched_out)
{
	unsigned long points = 0, decisions = 0, switches = 0, ops = 0;
	int i, bad = 0, runs = 0, matched = 0;
	double secs = 0;
	struct child_out o;

	for (i = 0; i < nprogs; i++) {
		struct wq_prog p = xt_progs[i];

		if (p.misuse)
			continue;
		p.sched_mode = mode;
		if (!p.sched_depth)
			p.sched_depth = 3;
		if (mode != WQ_SCHED_FREE && !p.sched_seed)
			p.sched_seed = 1000 + i;
		if (mode == WQ_SCHED_STEPS) {
			struct child_out o2;

			plan_steps(&p, i, 1);
			run_child(&p, 1, &o2);
			plan_steps(&p, i, 0);
			run_child(&p, REPEAT, &o);
			moved += o2.passed && o.passed && o2.hash != o.hash;
		} else {
			run_child(&p, REPEAT, &o);
		}
		runs += o.runs;
		matched += o.matched;
		secs += o.secs;
		points += o.points;
		decisions += o.decisions;
		switches += o.switches;
		ops += o.ops;
		if (mode != WQ_SCHED_FREE &&
		    (o.passed != REPEAT || o.matched != REPEAT)) {
			printf("%-40s %s: %d/%d passed, %d/%d same trace%s%s\n",
			       xt_names[i], wq_sched_names[mode], o.passed,
			       REPEAT, o.matched, REPEAT, o.title[0] ? ": " : "",
			       o.title);
			bad++;
		} else if (mode == WQ_SCHED_FREE && o.passed != REPEAT) {
			printf("%-40s free: %s\n", xt_names[i], o.title);
			bad++;
		}
	}
	*execs_s = secs > 0 ? runs / secs : 0;
	*runs_out = runs;
	*matched_out = matched;
	printf("%-6s: %d runs, %d/%d with the first run's trace hash, %.0f execs/s",
	       wq_sched_names[mode], runs, matched, runs, *execs_s);
	if (mode != WQ_SCHED_FREE && ops)
		printf(", per op: %.1f points, %.1f decisions, %.1f switches",
		       (double)points / ops, (double)decisions / ops,
		       (double)switches / ops);
	printf("\n");
	return bad;
}

int main(void)
{
	double free_s, pct_s, rnd_s, steps_s;
	int bad = 0, runs, matched;

	setvbuf(stdout, NULL, _IOLBF, 0);
	nprogs = xt_load_corpus();
	bad += pass(WQ_SCHED_PCT, &pct_s, &runs, &matched);
	XT_CHECK(matched == runs && runs > 0);
	bad += pass(WQ_SCHED_RANDOM, &rnd_s, &runs, &matched);
	XT_CHECK(matched == runs && runs > 0);
	bad += pass(WQ_SCHED_STEPS, &steps_s, &runs, &matched);
	XT_CHECK(matched == runs && runs > 0);
	printf("steps: another order per step changed the trace of %d of %d programs\n",
	       moved, nprogs);
	XT_CHECK(moved >= nprogs / 4);
	bad += pass(WQ_SCHED_FREE, &free_s, &runs, &matched);
	printf("execs/s: pct %.0f, random %.0f, steps %.0f, free %.0f\n", pct_s,
	       rnd_s, steps_s, free_s);
	XT_CHECK(bad == 0);
	printf("PASS\n");
	return 0;
}
