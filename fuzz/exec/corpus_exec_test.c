// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every seed program runs on the executor, each in its own process:
 *  - legal programs (misuse off) pass every check;
 *  - misuse programs pass, or fail as the misuse contract
 *    (fuzz/misuse/MISUSE.md) expects for the hazards they contain; a
 *    child that dies must have the after_destroy hazard, and under ASan
 *    die of the contract's sanitizer report (without ASan a freed
 *    workqueue may still look valid: only "no hang" is required).
 * Then, in one child, all legal programs run twice in a row in one
 * process: no failure, the number of kenv OS threads stays bounded, and
 * the executions per second are printed.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/misuse/contract.h"
#include "fuzz/prog/hazard.h"
#include "fuzz/report/report.h"


static int nprogs;

/* Is the outcome of misuse program @p one the contract allows? */
static bool misuse_ok(const struct wq_prog *p, const struct xt_child *c)
{
	unsigned int hz = wq_prog_hazards(p);
	unsigned int freed = (1u << WQ_HZ_AFTER_DESTROY) |
			     (1u << WQ_HZ_DESTROY_TIMER);
	char stable[sizeof(c->r.title)];
	const char *san;

	if (c->timed_out)
		return false;
	/* The contract speaks stable titles (no w0, q1). */
	wq_report_stable_title(c->r.title, stable, sizeof(stable));
	if (c->returned)
		return c->ret == 0 || wq_misuse_judge(hz, stable);
	if (!(hz & freed))
		return false;
#ifdef WQKIT_ASAN
	san = strstr(c->err, "SUMMARY: ");
	return san && wq_misuse_judge(hz, san + strlen("SUMMARY: "));
#else
	(void)san;
	return true;
#endif
}

static int check_one(int i)
{
	const struct wq_prog *p = &xt_progs[i];
	struct wq_exec_opts o;
	struct xt_child c;
	bool ok;

	xt_opts_default(&o);
	xt_run_forked(p, &o, 60, &c);
	if (!p->misuse)
		ok = c.returned && c.ret == 0 && c.r.kind == WQ_FAIL_NONE;
	else
		ok = misuse_ok(p, &c);
	printf("%-40s %s steps=%u ops=%u works=%u jumps=%u%s%s\n", xt_names[i],
	       ok ? "ok  " : "FAIL", c.r.steps_run, c.r.ops_run, c.r.works_run,
	       c.r.clock_jumps, c.r.kind ? " -> " : "",
	       c.r.kind ? c.r.title : "");
	if (!ok)
		xt_print(p, &c);
	return ok ? 0 : 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One pass over the legal programs in this process; -1 on a failure. */
static int pass(int *runs)
{
	struct wq_exec_result *r = malloc(sizeof(*r));
	int i;

	for (i = 0; i < nprogs; i++) {
		if (xt_progs[i].misuse)
			continue;
		if (wq_exec_run(&xt_progs[i], NULL, r)) {
			fprintf(stderr, "in-process run of %s failed: %s\n",
				xt_names[i], r->title);
			return -1;
		}
		(*runs)++;
	}
	free(r);
	return kenv_nr_os_threads();
}

/* Child: two passes in one process; OS threads must not grow. */
static int in_process(void)
{
	int runs = 0, t1, t2, k;
	double t0 = now_s(), dt;

	t1 = pass(&runs);
	for (k = 0; k < 4 && t1 >= 0; k++)
		t2 = pass(&runs);
	dt = now_s() - t0;
	if (t1 < 0 || t2 < 0)
		return 1;
	printf("in-process: %d runs in %.3f s = %.0f execs/s; OS threads %d then %d\n",
	       runs, dt, runs / dt, t1, t2);
	return t2 > t1 ? 2 : 0;
}

int main(void)
{
	int i, bad = 0, status;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	nprogs = xt_load_corpus();
	for (i = 0; i < nprogs; i++)
		bad += check_one(i);
	fflush(NULL);
	pid = fork();
	XT_CHECK(pid >= 0);
	if (!pid)
		_exit(in_process());
	XT_CHECK(waitpid(pid, &status, 0) == pid);
	XT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	XT_CHECK(bad == 0);
	printf("PASS: %d programs\n", nprogs);
	return 0;
}
