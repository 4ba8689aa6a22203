// SPDX-License-Identifier: GPL-2.0-only
/*
 * Controlled mode replays exactly: every legal corpus program, switched
 * to "schedule pct" (and to "schedule random"), runs REPEAT times in one
 * process and every run must pass with the trace hash of the first.
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
			first = r->trace_hash;
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
		run_child(&p, REPEAT, &o);
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
	double free_s, pct_s, rnd_s;
	int bad = 0, runs, matched;

	setvbuf(stdout, NULL, _IOLBF, 0);
	nprogs = xt_load_corpus();
	bad += pass(WQ_SCHED_PCT, &pct_s, &runs, &matched);
	XT_CHECK(matched == runs && runs > 0);
	bad += pass(WQ_SCHED_RANDOM, &rnd_s, &runs, &matched);
	XT_CHECK(matched == runs && runs > 0);
	bad += pass(WQ_SCHED_FREE, &free_s, &runs, &matched);
	printf("execs/s: pct %.0f, random %.0f, free %.0f\n", pct_s, rnd_s,
	       free_s);
	XT_CHECK(bad == 0);
	printf("PASS\n");
	return 0;
}
