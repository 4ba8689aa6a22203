/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: wait queues, as in 2.6.29 kernel/wait.c. prepare_to_wait()
 * queues the entry and sets the task state under the queue's lock;
 * wake_up() calls each entry's wake function, which for DEFINE_WAIT is
 * autoremove_wake_function(): wake the task and dequeue the entry. A
 * wake-up between prepare_to_wait() and schedule() is never lost.
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/sched.h>

struct task_struct;
typedef struct __wait_queue wait_queue_t;
typedef int (*wait_queue_func_t)(wait_queue_t *wait, unsigned mode, int flags,
				 void *key);

#define WQ_FLAG_EXCLUSIVE	0x01

struct __wait_queue {
	unsigned int flags;
	void *private;		/* the task */
	wait_queue_func_t func;
	struct list_head task_list;
};

struct __wait_queue_head {
	spinlock_t lock;
	struct list_head task_list;
};
typedef struct __wait_queue_head wait_queue_head_t;

int default_wake_function(wait_queue_t *wait, unsigned mode, int flags,
			  void *key);
int autoremove_wake_function(wait_queue_t *wait, unsigned mode, int sync,
			     void *key);

#define DEFINE_WAIT_FUNC(name, function)				\
	wait_queue_t name = {						\
		.private	= current,				\
		.func		= function,				\
		.task_list	= LIST_HEAD_INIT((name).task_list),	\
	}
#define DEFINE_WAIT(name) DEFINE_WAIT_FUNC(name, autoremove_wake_function)

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) {				\
	.lock		= __SPIN_LOCK_UNLOCKED(name.lock),		\
	.task_list	= { &(name).task_list, &(name).task_list } }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void __init_waitqueue_head(wait_queue_head_t *q, struct lock_class_key *key);
#define init_waitqueue_head(q) do {					\
	static struct lock_class_key __key;				\
	__init_waitqueue_head((q), &__key);				\
} while (0)

static inline void init_waitqueue_entry(wait_queue_t *q, struct task_struct *p)
{
	q->flags = 0;
	q->private = p;
	q->func = default_wake_function;
}

static inline int waitqueue_active(wait_queue_head_t *q)
{
	return !list_empty(&q->task_list);
}

void add_wait_queue(wait_queue_head_t *q, wait_queue_t *wait);
void remove_wait_queue(wait_queue_head_t *q, wait_queue_t *wait);
void prepare_to_wait(wait_queue_head_t *q, wait_queue_t *wait, int state);
void prepare_to_wait_exclusive(wait_queue_head_t *q, wait_queue_t *wait,
			       int state);
void finish_wait(wait_queue_head_t *q, wait_queue_t *wait);

void __wake_up(wait_queue_head_t *q, unsigned int mode, int nr, void *key);
#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)		__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)

/* wait_event(wq, condition): sleep uninterruptibly until condition. */
#define wait_event(wq, condition)					\
do {									\
	DEFINE_WAIT(__wait);						\
	if (condition)							\
		break;							\
	for (;;) {							\
		prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);	\
		if (condition)						\
			break;						\
		kenv_set_blocked(__func__, &(wq), "waitqueue");		\
		schedule();						\
	}								\
	kenv_clear_blocked();						\
	finish_wait(&(wq), &__wait);					\
} while (0)

#endif /* _LINUX_WAIT_H */
