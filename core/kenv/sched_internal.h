/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv internals, sched layer (//core/kenv:sched): tasks and scheduling,
 * between the files of this layer and for the layers above. Not for the
 * harness. Files and what each owns:
 *   task.c       tasks, current, schedule(), wake-ups, kill, idle count
 *   pool.c       the OS threads behind tasks (pool, one-CPU pinning)
 *   preempt.c    preempt_count, irq flag, stop_machine, smp_processor_id()
 *   wait.c       wait queues, completions; mutex.c: spinlocks, mutexes
 *   lockdep.c    lockdep-lite
 *   report.c     printk, failures, BUG/WARN, might_sleep, event hook, namer
 *   sched_ctl.c  controlled scheduling (seeded); sched_plan.c: planned PCT
 *   clock.c      the clock the sys layer registers (kenv_set_clock)
 * The one accepted cycle of kenv lives here: these files call each other
 * as the kernel's scheduler, locking and lockdep do. They call the sys
 * layer only through struct kenv_clock_ops.
 */
#ifndef _KENV_SCHED_INTERNAL_H
#define _KENV_SCHED_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <kenv/kenv.h>
#include <linux/sched.h>
#include <linux/cpumask.h>

#include "base_internal.h"

/* ---- task.c, pool.c ---- */
void kenv_tasks_init(void);
void kenv_tasks_one_cpu(bool on);
/* Attach the calling OS thread as a task (the boot task "swapper"). */
struct task_struct *kenv_attach_boot_task(const char *comm, int cpu);
void kenv_detach_boot_task(void);
/*
 * Create a task running @fn(@arg) on a pooled OS thread. It starts
 * sleeping (TASK_UNINTERRUPTIBLE) like a fresh kthread; wake_up_process()
 * starts it. @flags are PF_* to set. The task ends when @fn returns;
 * its result goes to task->exit_code and task->exited is completed.
 */
struct task_struct *kenv_task_create(int (*fn)(void *), void *arg,
				     unsigned int flags, int cpu,
				     const char *comm);
/* Free an ended task (after waiting on task->exited). */
void kenv_task_free(struct task_struct *p);
/* Stop every remaining task by force (reset): returns how many. */
int kenv_tasks_kill_all(void);
/* Move every task on @dead_cpu to @to_cpu (affinity broken), then kick
 * them so a sleeping one re-evaluates its CPU. Under stop_machine. */
void kenv_migrate_tasks(int dead_cpu, int to_cpu);
/* Wake tasks that wait for @cpu to come online. */
void kenv_cpu_came_online(int cpu);
/* stop_machine(): exclude every preempt-disabled section. */
void kenv_stop_machine_begin(void);
void kenv_stop_machine_end(void);
/* Park the current task forever (after a BUG). */
void kenv_task_park_forever(void) __attribute__((noreturn));
/* Was @p parked by kenv_task_park_forever()? */
bool kenv_task_parked(struct task_struct *p);
/* What to undo (remove an on-stack wait entry) if the current task is
 * force-killed while sleeping; NULL clears. Used by wait.c. */
void kenv_set_kill_cleanup(void (*fn)(void *a, void *b), void *a, void *b);
/* preempt.c: zero current's preempt_count/irq flag and release its hold
 * on stop_machine (a dying task). */
void kenv_preempt_drop(void);

/* May @p run now (woken, CPU online) or was it told to die? Lockless. */
bool kenv_task_can_run(struct task_struct *p);
/* Make a sleeping @p re-evaluate whether it may run. */
void kenv_task_poke(struct task_struct *p);

/* ---- sched_ctl.c ---- */
extern _Atomic int kenv_ctl_on;
/* Controlled scheduling on? One relaxed load: the free-mode fast path. */
static inline bool kenv_sched_ctl_on(void)
{
	return atomic_load_explicit(&kenv_ctl_on, memory_order_relaxed);
}
/* sched_plan.c: a task's priority in a planned run (name, order). */
long kenv_sched_plan_prio(const char *comm, unsigned int order);
void kenv_sched_ctl_task_new(struct task_struct *p);
void kenv_sched_ctl_task_gone(struct task_struct *p);
void kenv_sched_ctl_enter(struct task_struct *p);
bool kenv_sched_ctl_block(struct task_struct *p, pthread_mutex_t *m);
void kenv_sched_ctl_resume(struct task_struct *p, pthread_mutex_t *m);
bool kenv_sched_ctl_wait(bool (*ready)(const void *obj), const void *obj,
			 const char *func, const char *what);

/* ---- clock.c: the virtual clock, as the sys layer registers it ---- */
/*
 * timer.c (sys) registers its timers here at kenv_init(), so that
 * schedule_timeout() of a completion, the idle test, the controlled
 * scheduler's clock jumps and the reports' "timer base of cpuN" reach
 * the timers without the sched layer naming them (a call upward by name
 * would close a cycle across layers). Without a clock: no timer is ever
 * pending, the system is idle as far as timers go.
 */
struct kenv_clock_ops {
	bool (*idle)(void);			/* kenv_timers_idle() */
	bool (*next)(unsigned long *expires);	/* kenv_next_timer() */
	void (*advance)(unsigned long ticks);	/* kenv_advance_jiffies() */
	long (*schedule_timeout)(long timeout);
	int (*base_cpu)(const void *obj);	/* kenv_timer_base_cpu() */
};
void kenv_set_clock(const struct kenv_clock_ops *ops);
bool kenv_clock_idle(void);
bool kenv_clock_next(unsigned long *expires);
void kenv_clock_advance(unsigned long ticks);
long kenv_clock_schedule_timeout(long timeout);
int kenv_clock_base_cpu(const void *obj);

/* ---- report.c ---- */
void kenv_report_reset(void);
/* Raise a failure; builds the record and calls the handler. */
void kenv_fail(enum kenv_failure_kind kind, const char *func,
	       const char *file, int line, const char *title,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void kenv_vfail(enum kenv_failure_kind kind, const char *func,
		const char *file, int line, const char *title,
		const char *fmt, va_list ap);
/* Append to the current task's report buffer (and the log). */
void kenv_report_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- lockdep.c ---- */
/* lockdep_reset() is in linux/lockdep.h. */
/* Format @tsk's held locks as debug_show_held_locks() prints them. */
size_t kenv_lockdep_held_str(struct task_struct *tsk, char *buf, size_t len);


#endif /* _KENV_SCHED_INTERNAL_H */
