/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv base: the kernel-wide state every layer reads, and the hook through
 * which the lowest primitives reach the scheduler.
 *
 *  - the configuration in force (kenv_cfg, kenv_up), written by kenv.c;
 *  - the taint flag (a BUG or a hang: reset by force);
 *  - the virtual clock's value, jiffies (timer.c moves it);
 *  - the CPU masks (cpu.c's hotplug changes them; tasks are placed by
 *    them);
 *  - the scheduling-point hook: linux/bitops.h, atomic.h, spinlocks and
 *    wait queues call kenv_sched_point(), one indirect call through what
 *    the controlled scheduler (sched layer) installs, so a primitive never
 *    names the scheduler.
 *
 * Nothing here calls any other kenv file: this is the bottom layer
 * (core/kenv/README.md, "Layers").
 */
#include <stdatomic.h>
#include <stddef.h>

#include <linux/compiler.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>

#include "base_internal.h"

#define RELAXED		memory_order_relaxed

/*
 * The configuration in force. Written by kenv_init() before any task
 * exists, read-only until kenv_reset().
 */
struct kenv_config kenv_cfg;
/* 1 from the start of kenv_init() to the end of kenv_reset(). */
_Atomic int kenv_up;
/* Set by a BUG or by the harness (hang): reset must not wait on tasks. */
static _Atomic int kenv_taint;

/* The virtual clock; moved by timer.c only (relaxed: no ordering). */
_Atomic unsigned long kenv_jiffies = INITIAL_JIFFIES;

/* CPU masks and count: written by cpu.c (init, hotplug, reset). */
int kenv_nr_cpu_ids = 1;
cpumask_t cpu_possible_map;
cpumask_t cpu_online_map;
cpumask_t cpu_present_map;

/* The scheduling hook: set while no task runs; one relaxed load each. */
typedef void (*sched_point_fn)(enum kenv_sched_point sp, const void *obj,
			       void *arg);
static _Atomic(sched_point_fn) sched_fn;
static void *_Atomic sched_arg;

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

/**
 * kenv_taint_clear - forget the taint (kenv_reset, at its end)
 */
void kenv_taint_clear(void)
{
	atomic_store(&kenv_taint, 0);
}

/**
 * kenv_set_sched_hook - install (or with NULL remove) the scheduling hook
 * @hook: the hook (copied), or NULL
 */
void kenv_set_sched_hook(const struct kenv_sched_hook *hook)
{
	if (hook && hook->point) {
		atomic_store_explicit(&sched_arg, hook->arg, RELAXED);
		atomic_store_explicit(&sched_fn, hook->point, RELAXED);
	} else {
		atomic_store_explicit(&sched_fn, NULL, RELAXED);
		atomic_store_explicit(&sched_arg, NULL, RELAXED);
	}
}

/**
 * kenv_sched_point - a synchronisation point; calls the scheduling hook
 * @sp: which point
 * @obj: the lock, wait queue, bit word, ...
 */
void kenv_sched_point(enum kenv_sched_point sp, const void *obj)
{
	sched_point_fn fn = atomic_load_explicit(&sched_fn, RELAXED);

	if (likely(!fn))
		return;
	fn(sp, obj, atomic_load_explicit(&sched_arg, RELAXED));
}
