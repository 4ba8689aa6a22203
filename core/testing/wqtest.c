/* SPDX-License-Identifier: GPL-2.0-only */
#include <dirent.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/workqueue.h>
#include "wqtest.h"

/* Protects failures[] and nr_recorded: written by failing tasks. */
static struct kenv_ilock failures_lock = KENV_ILOCK_INIT;
static struct kenv_failure failures[WQT_MAX_FAILURES];
static int nr_recorded;
static int nr_taken;

void wqt_fatal(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_vfatal(file, line, fmt, ap);
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

void wqt_shutdown_leaking(int tasks)
{
	struct kenv_leaks leaks;

	wqt_expect_no_failure();
	kenv_reset(&leaks);
	if (leaks.tasks != tasks || leaks.allocations || leaks.objects)
		wqt_fatal(__FILE__, __LINE__,
			  "kenv_reset: leaked %d tasks (expected %d), %d allocations (%zu bytes), %d workqueues",
			  leaks.tasks, tasks, leaks.allocations, leaks.bytes,
			  leaks.objects);
	wqt_expect_no_failure();
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
			  leaks.objects);
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

struct task_struct *wqt_actor_start(int cpu, int (*fn)(void *), void *arg)
{
	struct task_struct *t = kenv_actor_start("wqt-actor", cpu, fn, arg);

	if (!t)
		wqt_fatal(__FILE__, __LINE__, "kenv_actor_start failed");
	return t;
}

int wqt_actor_join(struct task_struct *t)
{
	return kenv_actor_join(t);
}

struct blocked_query {
	struct task_struct *task;
	bool blocked;
};

static int match_blocked(const struct kenv_task_info *ti, void *arg)
{
	struct blocked_query *q = arg;

	if (ti->task != q->task)
		return 0;
	q->blocked = ti->blocked_in != NULL;
	return 1;
}

bool wqt_task_blocked(struct task_struct *t)
{
	struct blocked_query q = { .task = t, .blocked = false };

	kenv_for_each_task(match_blocked, &q);
	return q.blocked;
}

struct blocked_or_done {
	struct task_struct *task;
	_Atomic int *done;
};

static bool is_blocked_or_done(void *arg)
{
	struct blocked_or_done *b = arg;

	return atomic_load(b->done) || wqt_task_blocked(b->task);
}

bool wqt_wait_blocked_or_done(struct task_struct *t, _Atomic int *done, int ms)
{
	struct blocked_or_done b = { .task = t, .done = done };

	return wqt_wait(is_blocked_or_done, &b, ms);
}

static bool failures_at_least(void *arg)
{
	return wqt_nr_failures() >= *(int *)arg;
}

bool wqt_wait_failures(int n, int ms)
{
	return wqt_wait(failures_at_least, &n, ms);
}

struct cwq_thread_query {
	int cpu;
	struct task_struct *thread;
};

static int match_cwq(const struct wqkit_cwq_view *v, void *arg)
{
	struct cwq_thread_query *q = arg;

	if (v->cpu != q->cpu)
		return 0;
	q->thread = v->thread;
	return 1;
}

struct task_struct *wqt_cwq_thread(struct workqueue_struct *wq, int cpu)
{
	struct cwq_thread_query q = { .cpu = cpu, .thread = NULL };

	wqkit_inspect_workqueue(wq, match_cwq, &q);
	return q.thread;
}

int wqt_nr_os_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		wqt_fatal(__FILE__, __LINE__, "opendir /proc/self/task failed");
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

void wqt_probe_fn(struct work_struct *work)
{
	struct wqt_probe *p = container_of(work, struct wqt_probe, dw.work);
	int cpu = raw_smp_processor_id();

	if (atomic_fetch_add(&p->active, 1) != 0)
		atomic_store(&p->overlapped, 1);
	atomic_store(&p->cpu, cpu);
	atomic_store(&p->task, current);
	/* keventd_up(): current_is_keventd() BUG()s while it is torn down. */
	atomic_store(&p->keventd, keventd_up() ? current_is_keventd() : 0);
	atomic_fetch_or(&p->cpus, 1UL << cpu);
	atomic_fetch_add(&p->started, 1);
	if (p->gate)
		wait_for_completion(p->gate);
	atomic_fetch_sub(&p->active, 1);
	atomic_fetch_add(&p->finished, 1);
}

void wqt_probe_init(struct wqt_probe *p, struct completion *gate)
{
	INIT_DELAYED_WORK(&p->dw, wqt_probe_fn);
	p->gate = gate;
	atomic_store(&p->started, 0);
	atomic_store(&p->finished, 0);
	atomic_store(&p->active, 0);
	atomic_store(&p->overlapped, 0);
	atomic_store(&p->cpu, -1);
	atomic_store(&p->keventd, -1);
	atomic_store(&p->task, NULL);
	atomic_store(&p->cpus, 0);
}

bool wqt_probe_wait(struct wqt_probe *p, int n, int ms)
{
	return wqt_wait_int(&p->finished, n, ms);
}

bool wqt_probe_wait_started(struct wqt_probe *p, int n, int ms)
{
	return wqt_wait_int(&p->started, n, ms);
}
