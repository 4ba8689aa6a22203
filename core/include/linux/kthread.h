/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: kthreads, as in 2.6.29 kernel/kthread.c. kthread_create()
 * returns a task that sleeps until wake_up_process(); it is PF_NOFREEZE
 * (kthreadd's flags) and runs on its creator's CPU unless kthread_bind()
 * pins it first. kthread_stop() sets should_stop, wakes the task and
 * waits for it to exit, returning threadfn's result (-EINTR if the task
 * was stopped before it ever ran). The n-th kthread_create can be made to
 * fail with -ENOMEM (kenv_fail_kthread_nth).
 */
#ifndef _LINUX_KTHREAD_H
#define _LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/sched.h>

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char namefmt[], ...)
	__attribute__((format(printf, 3, 4)));

#define kthread_run(threadfn, data, namefmt, ...)			\
({									\
	struct task_struct *__k						\
		= kthread_create(threadfn, data, namefmt, ## __VA_ARGS__); \
	if (!IS_ERR(__k))						\
		wake_up_process(__k);					\
	__k;								\
})

void kthread_bind(struct task_struct *k, unsigned int cpu);
int kthread_stop(struct task_struct *k);
int kthread_should_stop(void);

#endif /* _LINUX_KTHREAD_H */
