/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv_init() and kenv_reset(): boot the emulated kernel and return it to
 * its initial state. See core/kenv/README.md ("Reset") for the order.
 *
 * The workqueue port is a separate library: init_workqueues() and
 * wqkit_workqueue_exit() are weak references, so kenv links and runs its
 * own tests without it.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include <linux/lockdep.h>

#include "internal.h"

#define KENV_DEFAULT_CPUS		4
#define KENV_DEFAULT_FREEZE_MS		20000

extern void init_workqueues(void) __attribute__((weak));
extern int wqkit_workqueue_exit(int tainted) __attribute__((weak));

/*
 * The configuration in force. Written by kenv_init() before any task
 * exists, read-only until kenv_reset().
 */
struct kenv_config kenv_cfg;
/* 1 from the start of kenv_init() to the end of kenv_reset(). */
_Atomic int kenv_up;
/* Set by a BUG or by the harness (hang): reset must not wait on tasks. */
static _Atomic int kenv_taint;

/**
 * kenv_mark_tainted - a task may never finish (BUG, hang): reset by force
 */
void kenv_mark_tainted(void)
{
	atomic_store(&kenv_taint, 1);
}

/**
 * kenv_tainted - whether kenv_mark_tainted() was called since kenv_init
 */
int kenv_tainted(void)
{
	return atomic_load(&kenv_taint);
}

static int kenv_check_config(const struct kenv_config *cfg,
			     struct kenv_config *out)
{
	unsigned int possible;

	memset(out, 0, sizeof(*out));
	if (cfg)
		*out = *cfg;
	if (!cfg || !cfg->nr_cpus)
		out->nr_cpus = KENV_DEFAULT_CPUS;
	if (out->nr_cpus < 1 || out->nr_cpus > KENV_MAX_CPUS)
		return -EINVAL;
	possible = (1u << out->nr_cpus) - 1;
	if (!out->online_mask)
		out->online_mask = possible;
	if (out->online_mask & ~possible)
		return -EINVAL;
	if (!(out->online_mask & 1u))	/* the boot task runs on CPU 0 */
		return -EINVAL;
	if (!out->freeze_timeout_ms)
		out->freeze_timeout_ms = KENV_DEFAULT_FREEZE_MS;
	return 0;
}

/**
 * kenv_init - boot the emulated kernel
 * @cfg: configuration, or NULL for the defaults (4 CPUs, all online)
 *
 * Returns 0, -EINVAL for a bad configuration or -EBUSY if kenv is
 * already up.
 */
int kenv_init(const struct kenv_config *cfg)
{
	struct kenv_config c;
	int expected = 0;
	int ret;

	ret = kenv_check_config(cfg, &c);
	if (ret)
		return ret;
	if (!atomic_compare_exchange_strong(&kenv_up, &expected, 1))
		return -EBUSY;
	kenv_cfg = c;

	kenv_tasks_init();
	kenv_tasks_one_cpu(c.one_cpu);
	kenv_cpus_init(c.nr_cpus, c.online_mask);
	kenv_attach_boot_task("swapper", 0);
	kenv_timers_init();
	if (!c.no_workqueues && init_workqueues)
		init_workqueues();
	return 0;
}

/**
 * kenv_reset - return the environment to its state before kenv_init()
 * @leaks: if not NULL, what had to be cleaned up by force
 *
 * Must run in the thread that called kenv_init(), with no actor running.
 * Returns 1 if anything leaked, 0 otherwise (also when kenv is not up).
 */
int kenv_reset(struct kenv_leaks *leaks)
{
	struct kenv_leaks l;

	memset(&l, 0, sizeof(l));
	if (!atomic_load(&kenv_up)) {
		if (leaks)
			*leaks = l;
		return 0;
	}

	kenv_sched_controlled_end();	/* free threads from here on */
	if (wqkit_workqueue_exit)
		l.workqueues = wqkit_workqueue_exit(kenv_tainted());
	kenv_timers_reset();
	l.tasks = kenv_tasks_kill_all();
	kenv_cpus_reset();
	kenv_freezer_reset();
	lockdep_reset();
	kenv_alloc_reset(&l.allocations, &l.bytes);
	kenv_report_reset();
	kenv_fail_alloc_nth(0);
	kenv_fail_kthread_nth(0);
	kenv_detach_boot_task();
	kenv_tasks_one_cpu(false);	/* the caller may move again */

	atomic_store(&kenv_taint, 0);
	memset(&kenv_cfg, 0, sizeof(kenv_cfg));
	atomic_store(&kenv_up, 0);
	if (leaks)
		*leaks = l;
	return l.tasks || l.allocations || l.workqueues ? 1 : 0;
}
