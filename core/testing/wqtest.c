/* SPDX-License-Identifier: GPL-2.0-only */
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "wqtest.h"

/* Protects failures[] and nr_recorded: written by failing tasks. */
static struct kenv_ilock failures_lock = KENV_ILOCK_INIT;
static struct kenv_failure failures[WQT_MAX_FAILURES];
static int nr_recorded;
static int nr_taken;

void wqt_fatal(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	exit(1);
}

static void record_failure(const struct kenv_failure *f, void *arg)
{
	(void)arg;
	kenv_ilock_lock(&failures_lock);
	if (nr_recorded < WQT_MAX_FAILURES)
		failures[nr_recorded] = *f;
	nr_recorded++;
	kenv_ilock_unlock(&failures_lock);
}

void wqt_boot_cfg(const struct kenv_config *cfg)
{
	int err;

	nr_recorded = nr_taken = 0;
	err = kenv_init(cfg);
	if (err)
		wqt_fatal(__FILE__, __LINE__, "kenv_init: %d", err);
	kenv_set_failure_handler(record_failure, NULL);
}

void wqt_boot(int nr_cpus)
{
	struct kenv_config cfg = { .nr_cpus = nr_cpus };

	wqt_boot_cfg(&cfg);
}

static void print_failure(const struct kenv_failure *f)
{
	fprintf(stderr, "  [%s] %s (%s at %s:%d, task %s)\n%s\n",
		kenv_failure_kind_name(f->kind), f->title,
		f->function ? f->function : "?", f->file ? f->file : "?",
		f->line, f->task, f->message);
}

void wqt_expect_no_failure(void)
{
	int i, n;

	kenv_ilock_lock(&failures_lock);
	n = nr_recorded;
	kenv_ilock_unlock(&failures_lock);
	if (n == nr_taken)
		return;
	fprintf(stderr, "unexpected failures:\n");
	for (i = nr_taken; i < n && i < WQT_MAX_FAILURES; i++)
		print_failure(&failures[i]);
	wqt_fatal(__FILE__, __LINE__, "%d unexpected failure(s)", n - nr_taken);
}

void wqt_shutdown(void)
{
	struct kenv_leaks leaks;
	int ret;

	wqt_expect_no_failure();
	ret = kenv_reset(&leaks);
	if (ret)
		wqt_fatal(__FILE__, __LINE__,
			  "kenv_reset: leaked %d tasks, %d allocations (%zu bytes), %d workqueues",
			  leaks.tasks, leaks.allocations, leaks.bytes,
			  leaks.workqueues);
	wqt_expect_no_failure();
}

int wqt_nr_failures(void)
{
	int n;

	kenv_ilock_lock(&failures_lock);
	n = nr_recorded - nr_taken;
	kenv_ilock_unlock(&failures_lock);
	return n;
}

bool wqt_take_failure(struct kenv_failure *f)
{
	bool ok = false;

	kenv_ilock_lock(&failures_lock);
	if (nr_taken < nr_recorded && nr_taken < WQT_MAX_FAILURES) {
		*f = failures[nr_taken++];
		ok = true;
	}
	kenv_ilock_unlock(&failures_lock);
	return ok;
}

void wqt_expect_failure(enum kenv_failure_kind kind, const char *needle)
{
	struct kenv_failure f;

	if (!wqt_take_failure(&f))
		wqt_fatal(__FILE__, __LINE__, "expected a %s failure '%s', got none",
			  kenv_failure_kind_name(kind), needle);
	if (f.kind != kind || !strstr(f.title, needle)) {
		print_failure(&f);
		wqt_fatal(__FILE__, __LINE__, "expected a %s failure '%s'",
			  kenv_failure_kind_name(kind), needle);
	}
}

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

bool wqt_wait(bool (*cond)(void *arg), void *arg, int ms)
{
	long deadline = now_us() + ms * 1000L;

	while (!cond(arg)) {
		if (now_us() > deadline)
			return false;
		usleep(100);
	}
	return true;
}

static bool int_equals(void *arg)
{
	void **a = arg;

	return atomic_load((_Atomic int *)a[0]) == *(int *)a[1];
}

bool wqt_wait_int(_Atomic int *p, int val, int ms)
{
	void *a[2] = { (void *)p, &val };

	return wqt_wait(int_equals, a, ms);
}

void wqt_settle(int ms)
{
	usleep(ms * 1000);
}

static bool timers_idle(void *arg)
{
	(void)arg;
	return kenv_timers_idle();
}

void wqt_advance(unsigned long ticks)
{
	kenv_advance_jiffies(ticks);
	if (!wqt_wait(timers_idle, NULL, 5000))
		wqt_fatal(__FILE__, __LINE__, "timer softirqs not idle after 5 s");
}

int wqt_run_on(int cpu, int (*fn)(void *), void *arg)
{
	struct task_struct *t = kenv_actor_start("wqt-actor", cpu, fn, arg);

	if (!t)
		wqt_fatal(__FILE__, __LINE__, "kenv_actor_start failed");
	return kenv_actor_join(t);
}
