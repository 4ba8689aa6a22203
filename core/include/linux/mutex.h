/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: sleeping mutexes. A waiter sleeps in schedule() on the
 * mutex's wait list (so hang reports and the controlled scheduler see it);
 * tracked by lockdep-lite; might_sleep() on lock.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/lockdep.h>

struct task_struct;

struct mutex {
	int locked;				/* protected by wait_lock */
	spinlock_t wait_lock;			/* protects locked, wait_list */
	struct list_head wait_list;
	struct task_struct *_Atomic owner;
	struct lockdep_map dep_map;
};

#define __MUTEX_INITIALIZER(lockname)					\
	{ .locked = 0,							\
	  .wait_lock = __SPIN_LOCK_UNLOCKED(lockname.wait_lock),	\
	  .wait_list = LIST_HEAD_INIT(lockname.wait_list),		\
	  .owner = NULL,						\
	  .dep_map = { .key = (void *)&(lockname), .name = #lockname } }
#define DEFINE_MUTEX(mutexname) \
	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key);
#define mutex_init(mutex) do {						\
	static struct lock_class_key __key;				\
	__mutex_init((mutex), #mutex, &__key);				\
} while (0)

void _mutex_lock(struct mutex *lock, const char *func, const char *file,
		 int line);
void _mutex_unlock(struct mutex *lock, const char *func, const char *file,
		   int line);
#define mutex_lock(l)	_mutex_lock((l), __func__, __FILE__, __LINE__)
#define mutex_unlock(l)	_mutex_unlock((l), __func__, __FILE__, __LINE__)
int mutex_is_locked(struct mutex *lock);

#endif /* _LINUX_MUTEX_H */
