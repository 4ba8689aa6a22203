/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: tasks. Every kernel task (kthread, actor, softirq context,
 * the boot task) is a struct task_struct backed by a pooled OS thread.
 * schedule() really sleeps: a task that set its state to a sleeping state
 * and calls schedule() blocks until wake_up_process() (or a wait-queue
 * wake-up) sets it back to TASK_RUNNING, with the kernel's lost-wakeup
 * semantics: a wake-up between set_current_state() and schedule() makes
 * schedule() return at once. A task bound to an offline CPU does not run
 * until that CPU comes online.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/jiffies.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/percpu.h>

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_STOPPED		4
#define TASK_DEAD		64
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* task->flags */
#define PF_EXITING	0x00000004
#define PF_KTHREAD	0x00200000	/* created by kthread_create() */
#define PF_FROZEN	0x00010000	/* frozen for system suspend */
#define PF_NOFREEZE	0x00008000	/* this thread should not be frozen */
#define PF_FREEZER_SKIP	0x40000000
#define PF_THREAD_BOUND	0x04000000	/* kthread_bind()ed */
#define PF_KENV_SOFTIRQ	0x00000100	/* wqkit: a per-CPU timer softirq task */
#define PF_KENV_ACTOR	0x00000200	/* wqkit: harness actor */

#define TASK_COMM_LEN	32
#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

struct kenv_thread;
struct completion;

struct task_struct {
	char comm[TASK_COMM_LEN];
	pid_t pid;
	_Atomic long state;		/* TASK_RUNNING, TASK_INTERRUPTIBLE, ... */
	_Atomic unsigned int flags;	/* PF_* */
	_Atomic int cpu;		/* virtual CPU it runs on */
	int preempt_count;		/* only the task itself touches it */
	int irqs_off;			/* local_irq_disable()d (task-local) */
	_Atomic int freeze;		/* TIF_FREEZE */
	_Atomic int sigpending;		/* set by the freezer's fake signal */

	/* lockdep-lite: task-local */
	int lockdep_depth;
	struct held_lock held_locks[MAX_LOCK_DEPTH];

	/* kthread */
	int (*threadfn)(void *data);
	void *data;
	_Atomic int should_stop;	/* kthread_stop() was called */
	int exit_code;			/* threadfn's result */
	struct completion *exited;	/* completed when the task ends */

	/* where it sleeps, for hang reports (written by the task itself) */
	const char *_Atomic blocked_in;
	const void *_Atomic blocked_on;
	const char *_Atomic blocked_what;

	/* printk lines since the last report, for dump_stack() (task-local) */
	char report_buf[2048];
	size_t report_len;

	/* kenv bookkeeping */
	struct kenv_thread *thread;	/* the OS thread backing it */
	struct list_head tasks;		/* on kenv's task list */
	void *kenv_private;
};

/* The running task; NULL in a thread kenv does not know. */
struct task_struct *get_current(void);
#define current get_current()

#define __set_current_state(state_value)				\
	atomic_store_explicit(&current->state, (state_value), memory_order_relaxed)
#define set_current_state(state_value)					\
	atomic_store_explicit(&current->state, (state_value), memory_order_seq_cst)
#define __set_task_state(tsk, state_value)				\
	atomic_store_explicit(&(tsk)->state, (state_value), memory_order_relaxed)
#define set_task_state(tsk, state_value)				\
	atomic_store_explicit(&(tsk)->state, (state_value), memory_order_seq_cst)

void schedule(void);
signed long schedule_timeout(signed long timeout);	/* virtual jiffies */
signed long schedule_timeout_interruptible(signed long timeout);
signed long schedule_timeout_uninterruptible(signed long timeout);
void msleep(unsigned int msecs);			/* virtual clock */
void yield(void);
int wake_up_process(struct task_struct *tsk);
int wake_up_state(struct task_struct *tsk, unsigned int state);
int signal_pending(struct task_struct *p);

static inline pid_t task_pid_nr(struct task_struct *tsk)
{
	return tsk->pid;
}

static inline int task_cpu(const struct task_struct *p)
{
	return atomic_load_explicit(&((struct task_struct *)p)->cpu,
				    memory_order_relaxed);
}

/* Priorities are not modelled: workers run like any other task. */
static inline void set_user_nice(struct task_struct *p, long nice)
{
	(void)p;
	(void)nice;
}

/* wqkit: record where the current task sleeps (hang reports). */
void kenv_set_blocked(const char *func, const void *obj, const char *what);
void kenv_clear_blocked(void);

#endif /* _LINUX_SCHED_H */
