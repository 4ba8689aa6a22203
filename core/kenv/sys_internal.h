/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv internals, sys layer (//core/kenv:sys): timers, CPUs and hotplug,
 * kthreads, the freezer, allocation. Not for the harness. Files:
 *   timer.c      timer bases, add/del/mod_timer, schedule_timeout, the
 *                virtual clock's harness API; softirq.c: the per-CPU
 *                softirq tasks that run expired timers, timer migration
 *   cpu.c        per-CPU allocation, hotplug and notifiers
 *   kthread.c    kthreads (kernel/kthread.c) and harness actors
 *   freezer.c    freeze_processes/thaw_processes/refrigerator
 *   alloc.c      kmalloc/kzalloc/kfree tracking, fault injection
 * Calls the sched and base layers; registers its clock with sched.
 */
#ifndef _KENV_SYS_INTERNAL_H
#define _KENV_SYS_INTERNAL_H

#include <stddef.h>

#include "sched_internal.h"

/* ---- cpu.c ---- */
void kenv_cpus_init(int nr_cpus, unsigned long online_mask);
void kenv_cpus_reset(void);

/* ---- timer.c ---- */
void kenv_timers_init(void);		/* bases + softirq tasks */
void kenv_timers_reset(void);		/* stop softirq tasks, forget timers */
void kenv_migrate_timers(int dead_cpu, int to_cpu);
/* The CPU whose timer base @obj is, or -1 (report names). */
int kenv_timer_base_cpu(const void *obj);

/* ---- freezer.c ---- */
void kenv_freezer_reset(void);

/* ---- alloc.c ---- */
void kenv_alloc_reset(int *nr, size_t *bytes);	/* free all, count leaks */
/* Fault injection decision for kthread_create (task.c). */
int kenv_should_fail_kthread(void);

#endif /* _KENV_SYS_INTERNAL_H */
