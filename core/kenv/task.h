/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv sched: the task structure and what task.c (structures, list, life,
 * reset), schedule.c (sleeping and waking) and pool.c (OS threads) share.
 * Private to those three files.
 */
#ifndef _KENV_TASK_H
#define _KENV_TASK_H

#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <linux/completion.h>
#include <linux/sched.h>

#include "base_internal.h"

/* A task: the kernel-visible task_struct and kenv's state for it. */
struct kenv_task {
	struct task_struct task;
	struct completion exited;
	/* sleep lock: protects sleeping in schedule() against wake-ups */
	pthread_mutex_t sleep_lock;
	pthread_cond_t sleep_cond;	/* signalled under sleep_lock */
	_Atomic int usage;	/* references: its OS thread + its reaper */
	_Atomic int reaped;	/* kenv_task_free() was called */
	_Atomic int kill;	/* kenv_tasks_kill_all(): die in schedule() */
	_Atomic int started;	/* fn was called */
	_Atomic int parked;	/* in kenv_task_park_forever() (after an oops) */
	_Atomic int asleep;	/* KT_AWAKE, KT_ASLEEP (waiting in schedule()/
				 * for its first wake-up, parked) or KT_ENDED
				 * (written under sleep_lock, read lockless) */
	int first_wake;		/* 0 never woken, 1 woken, 2 woken by
				 * kthread_stop(); under sleep_lock */
	int (*fn)(void *);
	void *arg;
	bool boot;		/* the boot task (no OS thread of ours) */
	/* task-local: */
	void (*cleanup)(void *a, void *b); /* undo the current wait if killed */
	void *cleanup_a, *cleanup_b;
	sigjmp_buf kill_jmp;	/* back to task_body() when killed */
};

#define to_kt(p)	container_of((p), struct kenv_task, task)

/* ->asleep: 0 awake, 1 asleep, 2 ended (never awake again) */
enum { KT_AWAKE, KT_ASLEEP, KT_ENDED };

/* task.c */
extern __thread struct task_struct *kenv_current KENV_HIDDEN;
void kt_put(struct kenv_task *t) KENV_HIDDEN;	/* drop a reference */
void kenv_task_body(struct kenv_task *t) KENV_HIDDEN; /* on its thread */

/* schedule.c: the awake count and runnability; "under its sleep lock"
 * where the function's comment says so */
void task_mark_created(void) KENV_HIDDEN;
void task_mark_asleep(struct kenv_task *t) KENV_HIDDEN;
void task_mark_awake(struct kenv_task *t) KENV_HIDDEN;
void task_mark_ended(struct kenv_task *t) KENV_HIDDEN;
bool task_may_run(struct task_struct *p) KENV_HIDDEN;
void task_fix_cpu(struct task_struct *p) KENV_HIDDEN;
void task_kick(struct kenv_task *t) KENV_HIDDEN;
void task_sleep_once(struct kenv_task *t) KENV_HIDDEN;
void __attribute__((noreturn)) task_die(struct kenv_task *t) KENV_HIDDEN;

/* pool.c */
int kenv_pool_start(struct kenv_task *t) KENV_HIDDEN;
void kenv_pool_transit_begin(void) KENV_HIDDEN;
void kenv_pool_wait_transit(void) KENV_HIDDEN;

#endif /* _KENV_TASK_H */
