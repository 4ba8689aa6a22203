/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv_init() and kenv_reset(): boot the emulated kernel and return it to
 * its initial state. See core/kenv/README.md ("Reset") for the order.
 *
 * The top of kenv's layers (core/kenv/README.md, "Layers"): it calls the
 * sys, sched and base layers' init and reset, in layer order. Clients
 * (the workqueue port) register themselves as subsystems
 * (kenv_register_subsys(), like initcalls): kenv names none of them and
 * links and runs its own tests without them.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include <linux/lockdep.h>

#include "sys_internal.h"

#define KENV_DEFAULT_CPUS		4
#define KENV_DEFAULT_FREEZE_MS		20000

/*
 * The registered subsystems, in registration order. Written by
 * constructors before main() (one thread), read-only afterwards: no lock.
 */
static const struct kenv_subsys *subsys[KENV_MAX_SUBSYS];
static int nr_subsys;

/**
 * kenv_register_subsys - have kenv_init() and kenv_reset() start and stop @s
 * @s: the subsystem (static storage)
 *
 * Call before the first kenv_init() (e.g. from a constructor). Returns 0,
 * or -ENOSPC when KENV_MAX_SUBSYS are registered.
 */
int kenv_register_subsys(const struct kenv_subsys *s)
{
	if (nr_subsys >= KENV_MAX_SUBSYS)
		return -ENOSPC;
	subsys[nr_subsys++] = s;
	return 0;
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
	int ret, i;

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
	for (i = 0; i < nr_subsys && !c.no_subsystems; i++)
		subsys[i]->init();
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
	int i;

	memset(&l, 0, sizeof(l));
	if (!atomic_load(&kenv_up)) {
		if (leaks)
			*leaks = l;
		return 0;
	}

	kenv_sched_controlled_end();	/* free threads from here on */
	/* Every subsystem, started or not: a test that skipped the init may
	 * still have created objects (kenv_reset_test). */
	for (i = nr_subsys - 1; i >= 0; i--)
		l.objects += subsys[i]->exit(kenv_tainted());
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

	kenv_taint_clear();
	memset(&kenv_cfg, 0, sizeof(kenv_cfg));
	atomic_store(&kenv_up, 0);
	if (leaks)
		*leaks = l;
	return l.tasks || l.allocations || l.objects ? 1 : 0;
}
