/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench: how fast the ported workqueue runs on kenv, i.e. the ceiling on
 * fuzzing and soak speed.
 *
 *   bazel run //core:bench -- [--runs=N] [--works=N]
 *
 * For 1, 2 and 4 virtual CPUs:
 *  - throughput: one actor queues --works distinct works with
 *    queue_work_on() round-robin over the online CPUs, then
 *    flush_workqueue(); each work bumps an atomic. works/s from the first
 *    queue to the end of the flush (all works ran, checked);
 *  - latency: one work at a time, queue_work_on() -> work function start,
 *    measured with CLOCK_MONOTONIC inside the work (microseconds; median
 *    of the samples of one run);
 * and the time of one kenv_init() + kenv_reset() cycle with 4 CPUs
 * (workqueues included: keventd's threads are created and destroyed).
 * Each figure is the median over --runs runs, with min and max.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <kenv/kenv.h>
#include <linux/workqueue.h>
#include <linux/cpumask.h>

static int opt_runs = 15;
static int opt_works = 10000;

#define LAT_SAMPLES_MAX 1000
#define CYCLES_PER_RUN 20

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *msg)
{
	fprintf(stderr, "bench: %s\n", msg);
	exit(1);
}

/* ---- the works ---- */

struct bwork {
	struct work_struct work;
	double queued_at;	/* written before queue_work, read in the work */
	double started_at;
};

static _Atomic long ran;

static void count_fn(struct work_struct *work)
{
	(void)work;
	atomic_fetch_add_explicit(&ran, 1, memory_order_relaxed);
}

static void latency_fn(struct work_struct *work)
{
	struct bwork *bw = container_of(work, struct bwork, work);

	bw->started_at = now_us();
	atomic_fetch_add_explicit(&ran, 1, memory_order_relaxed);
}

struct run {
	int ncpus;
	struct workqueue_struct *wq;
	struct bwork *works;
	int nworks;
	double result;
};

static int throughput_actor(void *arg)
{
	struct run *r = arg;
	double t0, t1;
	int i;

	atomic_store(&ran, 0);
	for (i = 0; i < r->nworks; i++)
		INIT_WORK(&r->works[i].work, count_fn);
	t0 = now_us();
	for (i = 0; i < r->nworks; i++)
		if (!queue_work_on(i % r->ncpus, r->wq, &r->works[i].work))
			return -1;
	flush_workqueue(r->wq);
	t1 = now_us();
	if (atomic_load(&ran) != r->nworks)
		return -2;
	r->result = r->nworks / ((t1 - t0) / 1e6);
	return 0;
}

static int latency_actor(void *arg)
{
	static double lat[LAT_SAMPLES_MAX];
	struct run *r = arg;
	int i, n = r->nworks < LAT_SAMPLES_MAX ? r->nworks : LAT_SAMPLES_MAX;

	atomic_store(&ran, 0);
	for (i = 0; i < n; i++) {
		struct bwork *bw = &r->works[i];

		INIT_WORK(&bw->work, latency_fn);
		bw->queued_at = now_us();
		if (!queue_work_on(i % r->ncpus, r->wq, &bw->work))
			return -1;
		flush_work(&bw->work);	/* ran: started_at is set */
		lat[i] = bw->started_at - bw->queued_at;
	}
	if (atomic_load(&ran) != n)
		return -2;
	r->result = median(lat, n);
	return 0;
}

static double one_run(int ncpus, int (*fn)(void *), struct bwork *works)
{
	struct kenv_config cfg = { .nr_cpus = ncpus };
	struct task_struct *t;
	struct run r = { .ncpus = ncpus, .works = works,
			 .nworks = opt_works };
	int ret;

	if (kenv_init(&cfg))
		die("kenv_init failed");
	r.wq = create_workqueue("bench");
	if (!r.wq)
		die("create_workqueue failed");
	t = kenv_actor_start("bench", 0, fn, &r);
	if (!t)
		die("kenv_actor_start failed");
	ret = kenv_actor_join(t);
	if (ret)
		die(ret == -1 ? "queue_work_on returned 0" : "a work did not run");
	destroy_workqueue(r.wq);
	if (kenv_reset(NULL))
		die("kenv_reset reported leaks");
	return r.result;
}

static double init_reset_run(void)
{
	struct kenv_config cfg = { .nr_cpus = 4 };
	double t0, samples[CYCLES_PER_RUN];
	int i;

	for (i = 0; i < CYCLES_PER_RUN; i++) {
		t0 = now_us();
		if (kenv_init(&cfg))
			die("kenv_init failed");
		if (kenv_reset(NULL))
			die("kenv_reset reported leaks");
		samples[i] = now_us() - t0;
	}
	return median(samples, CYCLES_PER_RUN);
}

static void print_row(const char *what, int ncpus, const char *unit,
		      double *v, int n)
{
	double lo, hi, med;
	char cpus[16];

	med = median(v, n);	/* sorts */
	lo = v[0];
	hi = v[n - 1];
	if (ncpus)
		snprintf(cpus, sizeof(cpus), "%d", ncpus);
	else
		snprintf(cpus, sizeof(cpus), "4");
	printf("%-22s %4s %12.1f %12.1f %12.1f  %s\n", what, cpus, med, lo, hi,
	       unit);
}

int main(int argc, char **argv)
{
	static const int cpus[] = { 1, 2, 4 };
	struct bwork *works;
	double *v;
	int i, c;

	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--runs=", 7))
			opt_runs = atoi(argv[i] + 7);
		else if (!strncmp(argv[i], "--works=", 8))
			opt_works = atoi(argv[i] + 8);
		else {
			fprintf(stderr, "usage: %s [--runs=N] [--works=N]\n",
				argv[0]);
			return 2;
		}
	}
	if (opt_runs < 1 || opt_works < 1)
		die("--runs and --works must be positive");
	works = calloc(opt_works, sizeof(*works));
	v = calloc(opt_runs, sizeof(*v));
	if (!works || !v)
		die("out of memory");

	printf("wqkit bench: %d runs, %d works per throughput run, %d latency samples per run\n",
	       opt_runs, opt_works,
	       opt_works < LAT_SAMPLES_MAX ? opt_works : LAT_SAMPLES_MAX);
	printf("%-22s %4s %12s %12s %12s\n", "measure", "cpus", "median",
	       "min", "max");
	for (c = 0; c < 3; c++) {
		for (i = 0; i < opt_runs; i++)
			v[i] = one_run(cpus[c], throughput_actor, works);
		print_row("queue->run throughput", cpus[c], "works/s", v, opt_runs);
	}
	for (c = 0; c < 3; c++) {
		for (i = 0; i < opt_runs; i++)
			v[i] = one_run(cpus[c], latency_actor, works);
		print_row("queue->start latency", cpus[c], "us", v, opt_runs);
	}
	for (i = 0; i < opt_runs; i++)
		v[i] = init_reset_run();
	print_row("kenv_init+kenv_reset", 0, "us/cycle", v, opt_runs);
	free(works);
	free(v);
	return 0;
}
