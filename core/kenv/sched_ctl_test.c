/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_ctl_test: the controlled scheduler (sched_ctl.c).
 *  - determinism: three tasks contending for a spinlock log their order;
 *    the same policy and seed give the same log every time, different
 *    seeds give different logs (PCT and random);
 *  - one task at a time: no two tasks are ever inside their code at once;
 *  - ties: under planned PCT, tasks of one name have one priority, and the
 *    earliest-created runnable one runs (the running task keeps the CPU
 *    at a point), so the order is known in advance;
 *  - the virtual clock moves to the next timer when nothing can run;
 *  - deadlock: two tasks each waiting for the other's completion are
 *    reported at once (no wall clock) with both completions named;
 *  - livelock: a task spinning in cpu_relax() on a flag nobody sets
 *    exceeds the scheduling-point budget (in a forked child, since the
 *    spinner can never be reaped).
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/completion.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include "core/testing/wqtest.h"

#define NTASKS	3
#define ROUNDS	12

static void boot(void)
{
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- determinism ---- */

static DEFINE_SPINLOCK(order_lock);
static char order[NTASKS * ROUNDS + 1];
static _Atomic int norder, nfinished, inside, overlap;

static int order_fn(void *arg)
{
	long id = (long)arg;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		if (atomic_fetch_add(&inside, 1))
			atomic_store(&overlap, 1);
		atomic_fetch_sub(&inside, 1);
		spin_lock(&order_lock);
		order[atomic_fetch_add(&norder, 1)] = 'a' + id;
		spin_unlock(&order_lock);
		if (i % 4 == 3)
			msleep(1);	/* a timer: the clock must move */
	}
	atomic_fetch_add(&nfinished, 1);
	return 0;
}

static bool all_finished(void *arg)
{
	(void)arg;
	return atomic_load(&nfinished) == NTASKS;
}

/* @plan: planned PCT per run (seed unused), else the seeded draw. */
static void run_order(enum kenv_sched_policy pol, unsigned long long seed,
		      const struct kenv_sched_plan *plan, char *out,
		      struct kenv_sched_stats *st)
{
	struct kenv_sched_params prm = { .policy = pol, .seed = seed,
					 .depth = 3, .horizon = 40,
					 .per_run = plan != NULL };
	struct task_struct *t[NTASKS];
	long i;

	boot();
	atomic_store(&norder, 0);
	atomic_store(&nfinished, 0);
	memset(order, 0, sizeof(order));
	WQT_CHECK_EQ(kenv_sched_controlled_begin(&prm), 0);
	WQT_CHECK(kenv_sched_controlled());
	if (plan)
		WQT_CHECK_EQ(kenv_sched_controlled_plan(plan), 0);
	for (i = 0; i < NTASKS; i++)
		t[i] = kenv_actor_start("ord", (int)i % 2, order_fn, (void *)i);
	WQT_CHECK_EQ(kenv_sched_controlled_run(all_finished, NULL,
					       KENV_RUN_CLOCK), KENV_SCHED_IDLE);
	kenv_sched_controlled_stats(st);
	kenv_sched_controlled_end();
	for (i = 0; i < NTASKS; i++)
		WQT_CHECK_EQ(kenv_actor_join(t[i]), 0);
	WQT_CHECK_EQ(atomic_load(&norder), NTASKS * ROUNDS);
	WQT_CHECK(!atomic_load(&overlap));
	memcpy(out, order, sizeof(order));
	wqt_shutdown();
}

static void test_determinism(enum kenv_sched_policy pol)
{
	char first[sizeof(order)], again[sizeof(order)];
	char seen[8][sizeof(order)];
	struct kenv_sched_stats st;
	int distinct = 0, i, j;
	unsigned long long seed;

	run_order(pol, 7, NULL, first, &st);
	printf("%s seed 7: %s (points %lu decisions %lu switches %lu jumps %lu)\n",
	       pol == KENV_SCHED_PCT ? "pct" : "random", first, st.points,
	       st.decisions, st.switches, st.clock_jumps);
	WQT_CHECK(st.clock_jumps > 0);
	for (i = 0; i < 4; i++) {
		run_order(pol, 7, NULL, again, &st);
		WQT_CHECK(!strcmp(first, again));
	}
	for (seed = 1; seed <= 8; seed++) {
		run_order(pol, seed, NULL, again, &st);
		for (j = 0; j < distinct && strcmp(seen[j], again); j++)
			;
		if (j == distinct)
			memcpy(seen[distinct++], again, sizeof(again));
	}
	printf("%s: %d distinct orders over 8 seeds\n",
	       pol == KENV_SCHED_PCT ? "pct" : "random", distinct);
	WQT_CHECK(distinct >= 2);
}

/*
 * Equal priorities (one name, planned PCT, no change point): at a point
 * the running task keeps going, and when it sleeps (msleep every fourth
 * round) the earliest-created runnable task follows. The three timers
 * expire at one jiffy; CPU 1's timer softirq (its own name, its own
 * priority) runs before CPU 0's, so "b" (CPU 1) wakes first and runs,
 * then "a" and "c" (CPU 0), in creation order.
 */
static void test_ties(void)
{
	static const struct kenv_sched_plan plan = { .order = 0 };
	char got[sizeof(order)];
	struct kenv_sched_stats st;

	run_order(KENV_SCHED_PCT, 0, &plan, got, &st);
	printf("pct, equal priorities: %s\n", got);
	WQT_CHECK(!strcmp(got, "aaaabbbbccccbbbbaaaaccccbbbbaaaacccc"));
}

/* ---- deadlock ---- */

static struct completion ca, cb;

static int dl_a(void *arg)
{
	(void)arg;
	wait_for_completion(&cb);
	complete(&ca);
	return 0;
}

static int dl_b(void *arg)
{
	(void)arg;
	wait_for_completion(&ca);
	complete(&cb);
	return 0;
}

/* Names &ca for reports; &cb stays an address. */
static bool name_ca(const void *obj, const char *what, char *buf, size_t len,
		    void *arg)
{
	(void)what;
	(void)arg;
	if (obj != &ca)
		return false;
	snprintf(buf, len, "ca");
	return true;
}

static bool never(void *arg)
{
	(void)arg;
	return false;
}

static void test_deadlock(void)
{
	struct kenv_sched_params prm = { .policy = KENV_SCHED_PCT, .seed = 3,
					 .depth = 2 };
	char rep[4096], pa[32], pb[32];
	double t0;

	boot();
	init_completion(&ca);
	init_completion(&cb);
	WQT_CHECK_EQ(kenv_sched_controlled_begin(&prm), 0);
	kenv_actor_start("dl_a", 0, dl_a, NULL);
	kenv_actor_start("dl_b", 1, dl_b, NULL);
	t0 = now_s();
	WQT_CHECK_EQ(kenv_sched_controlled_run(never, NULL, KENV_RUN_CLOCK),
		     KENV_SCHED_DEADLOCK);
	WQT_CHECK(now_s() - t0 < 1.0);
	/* stopped: every further run says the same */
	WQT_CHECK_EQ(kenv_sched_controlled_run(NULL, NULL, 0),
		     KENV_SCHED_DEADLOCK);
	kenv_sched_controlled_report(rep, sizeof(rep));
	printf("deadlock report:\n%s", rep);
	snprintf(pa, sizeof(pa), "%p", (void *)&ca);
	snprintf(pb, sizeof(pb), "%p", (void *)&cb);
	WQT_CHECK(strstr(rep, "dl_a") && strstr(rep, "dl_b"));
	WQT_CHECK(strstr(rep, pa) && strstr(rep, pb));
	WQT_CHECK(strstr(rep, "wait_for_completion on completion"));
	/* with an object namer, names instead of addresses */
	kenv_set_obj_namer(name_ca, NULL);
	kenv_sched_controlled_report(rep, sizeof(rep));
	kenv_set_obj_namer(NULL, NULL);
	WQT_CHECK(strstr(rep, "on completion ca\n") && !strstr(rep, pa));
	WQT_CHECK(strstr(rep, pb));
	kenv_sched_controlled_end();
	wqt_shutdown_leaking(2);
}

/* ---- livelock ---- */

static _Atomic int never_set;

static int spinner(void *arg)
{
	(void)arg;
	while (!atomic_load(&never_set))
		cpu_relax();
	return 0;
}

static bool flag_set(void *arg)
{
	(void)arg;
	return atomic_load(&never_set);
}

static int livelock_child(void)
{
	struct kenv_sched_params prm = { .policy = KENV_SCHED_RANDOM,
					 .seed = 5, .depth = 1,
					 .budget = 20000 };
	char rep[4096];

	boot();
	WQT_CHECK_EQ(kenv_sched_controlled_begin(&prm), 0);
	kenv_actor_start("spinner", 0, spinner, NULL);
	WQT_CHECK_EQ(kenv_sched_controlled_run(flag_set, NULL, KENV_RUN_CLOCK),
		     KENV_SCHED_LIVELOCK);
	kenv_sched_controlled_report(rep, sizeof(rep));
	printf("livelock report:\n%s", rep);
	WQT_CHECK(strstr(rep, "livelock: spinner exceeded 20000"));
	fflush(stdout);
	return 0;	/* the spinner stays parked: leave without a reset */
}

static void test_livelock(void)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	WQT_CHECK(pid >= 0);
	if (!pid)
		_exit(livelock_child());
	WQT_CHECK_EQ(waitpid(pid, &status, 0), pid);
	WQT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_livelock();	/* fork before this process has threads */
	test_determinism(KENV_SCHED_PCT);
	test_determinism(KENV_SCHED_RANDOM);
	test_ties();
	test_deadlock();
	printf("PASS\n");
	return 0;
}
