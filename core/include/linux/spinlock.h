/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: spinlocks. A spinlock disables preemption (so it holds off
 * cpu_down's stop_machine), is tracked by lockdep-lite, and its acquire
 * and release are scheduling points. The _irq/_irqsave forms also set the
 * task's irqs-off flag. Underneath is a pthread mutex, so ThreadSanitizer
 * sees the lock's real happens-before edges and nothing more.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <pthread.h>
#include <linux/types.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/hardirq.h>

typedef struct {
	pthread_mutex_t mutex;
	struct task_struct *_Atomic owner;	/* for diagnostics */
	struct lockdep_map dep_map;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname)					\
	{ .mutex = PTHREAD_MUTEX_INITIALIZER, .owner = NULL,		\
	  .dep_map = { .key = (void *)&(lockname), .name = #lockname } }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

void __spin_lock_init(spinlock_t *lock, const char *name,
		      struct lock_class_key *key);
#define spin_lock_init(lock) do {					\
	static struct lock_class_key __key;				\
	__spin_lock_init((lock), #lock, &__key);			\
} while (0)

void _spin_lock(spinlock_t *lock, const char *func, const char *file, int line);
void _spin_unlock(spinlock_t *lock, const char *func, const char *file, int line);
int _spin_trylock(spinlock_t *lock, const char *func, const char *file, int line);

#define spin_lock(l)	_spin_lock((l), __func__, __FILE__, __LINE__)
#define spin_unlock(l)	_spin_unlock((l), __func__, __FILE__, __LINE__)
#define spin_trylock(l)	_spin_trylock((l), __func__, __FILE__, __LINE__)
#define spin_lock_irq(l)	do { local_irq_disable(); spin_lock(l); } while (0)
#define spin_unlock_irq(l)	do { spin_unlock(l); local_irq_enable(); } while (0)
#define spin_lock_irqsave(l, flags)					\
	do { local_irq_save(flags); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags)				\
	do { spin_unlock(l); local_irq_restore(flags); } while (0)
#define spin_lock_bh(l)		do { local_bh_disable(); spin_lock(l); } while (0)
#define spin_unlock_bh(l)	do { spin_unlock(l); local_bh_enable(); } while (0)

/* Whether the current task holds @lock (for assertions). */
int spin_is_locked_by_current(spinlock_t *lock);

#endif /* _LINUX_SPINLOCK_H */
