/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv wait queues, completions, mutexes and spinlocks, as in 2.6.29
 * kernel/wait.c, kernel/sched.c (completions), kernel/mutex.c and
 * lib/spinlock_debug.c, on top of schedule() and wake_up_state().
 *
 * Wait-queue lists are written with WRITE_ONCE (always under q->lock),
 * because finish_wait() reads its own entry locklessly
 * (list_empty_careful) while a waker may be unlinking a neighbour. The
 * final store of list_del_init() on an entry is a release and
 * list_empty_careful() loads with acquire, so a waiter that sees its
 * entry unlinked may reuse the entry's memory (its stack) without a race.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "sched_internal.h"

#define TITLE_LEN	160
#ifndef ERESTARTSYS
#define ERESTARTSYS	512	/* kernel-internal errno */
#endif

/* ------------------------------------------------------------------ */
/* Spinlocks                                                           */

/**
 * __spin_lock_init - initialise a spinlock
 * @lock: the lock
 * @name: lockdep name
 * @key: lockdep class key
 */
void __spin_lock_init(spinlock_t *lock, const char *name,
		      struct lock_class_key *key)
{
	pthread_mutex_init(&lock->mutex, NULL);
	atomic_store_explicit(&lock->owner, NULL, memory_order_relaxed);
	lockdep_init_map(&lock->dep_map, name, key, 0);
}

/* lib/spinlock_debug.c's spin_bug(): "recursion", "wrong owner", ... */
static void spin_bug(spinlock_t *lock, const char *msg, const char *func,
		     const char *file, int line, enum kenv_failure_kind kind)
{
	struct task_struct *p = current;
	struct task_struct *owner = atomic_load_explicit(&lock->owner,
							 memory_order_relaxed);
	char title[TITLE_LEN];

	snprintf(title, sizeof(title), "BUG: spinlock %s in %s", msg, func);
	kenv_fail(kind, func, file, line, title,
		  "BUG: spinlock %s on CPU#%d, %s/%d\n lock: %s, .owner: %s/%d\n",
		  msg, raw_smp_processor_id(), p ? p->comm : "?",
		  p ? p->pid : -1,
		  lock->dep_map.name ? lock->dep_map.name : "?",
		  owner ? owner->comm : "<none>", owner ? owner->pid : -1);
}

/* Controlled scheduling: the lock can be taken (its holder released it). */
static bool spin_free(const void *obj)
{
	const spinlock_t *lock = obj;

	return !atomic_load_explicit(&((spinlock_t *)lock)->owner,
				     memory_order_relaxed);
}

/*
 * Take @lock's mutex. Under the controlled scheduler only one task runs,
 * so a holder that was switched away would never release it to a waiter
 * blocked in pthread_mutex_lock(): try, and while it is taken let the
 * scheduler run others, marked waiting on the lock.
 */
static void spin_acquire(spinlock_t *lock, const char *func)
{
	if (likely(!kenv_sched_ctl_on())) {
		pthread_mutex_lock(&lock->mutex);
		return;
	}
	while (pthread_mutex_trylock(&lock->mutex)) {
		if (!kenv_sched_ctl_wait(spin_free, lock, func, "spinlock")) {
			pthread_mutex_lock(&lock->mutex);
			return;
		}
	}
}

/**
 * _spin_lock - spin_lock(): disable preemption and acquire @lock
 * @lock: the lock
 * @func: acquisition site (for lockdep)
 * @file: acquisition site
 * @line: acquisition site
 *
 * Taking a lock the task already holds is a BUG (it would deadlock).
 */
void _spin_lock(spinlock_t *lock, const char *func, const char *file, int line)
{
	struct task_struct *p = current;

	preempt_disable();
	kenv_sched_point(KENV_SP_LOCK, lock);
	__lock_acquire_site(&lock->dep_map, func, file, line);
	if (unlikely(p && atomic_load_explicit(&lock->owner,
					       memory_order_relaxed) == p)) {
		spin_bug(lock, "recursion", func, file, line, KENV_FAIL_BUG);
		kenv_task_park_forever();
	}
	spin_acquire(lock, func);
	atomic_store_explicit(&lock->owner, p, memory_order_relaxed);
	kenv_sched_point(KENV_SP_LOCKED, lock);
}

/**
 * _spin_unlock - spin_unlock(): release @lock and enable preemption
 * @lock: the lock, held by the current task
 * @func: release site
 * @file: release site
 * @line: release site
 *
 * Releasing a lock the task does not hold is reported and not done.
 */
void _spin_unlock(spinlock_t *lock, const char *func, const char *file,
		  int line)
{
	struct task_struct *p = current;

	__lock_release_site(&lock->dep_map, func, file, line);
	if (unlikely(p && atomic_load_explicit(&lock->owner,
					       memory_order_relaxed) != p)) {
		spin_bug(lock, "wrong owner", func, file, line, KENV_FAIL_WARN);
		preempt_enable();
		return;
	}
	atomic_store_explicit(&lock->owner, NULL, memory_order_relaxed);
	pthread_mutex_unlock(&lock->mutex);
	kenv_sched_point(KENV_SP_UNLOCK, lock);
	preempt_enable();
}

/**
 * _spin_trylock - spin_trylock(): acquire @lock if it is free
 * @lock: the lock
 * @func: acquisition site
 * @file: acquisition site
 * @line: acquisition site
 *
 * Returns 1 with the lock held and preemption disabled, else 0.
 */
int _spin_trylock(spinlock_t *lock, const char *func, const char *file,
		  int line)
{
	preempt_disable();
	kenv_sched_point(KENV_SP_LOCK, lock);
	if (pthread_mutex_trylock(&lock->mutex)) {
		preempt_enable();
		return 0;
	}
	__lock_acquire_site(&lock->dep_map, func, file, line);
	atomic_store_explicit(&lock->owner, current, memory_order_relaxed);
	kenv_sched_point(KENV_SP_LOCKED, lock);
	return 1;
}

/**
 * spin_is_locked_by_current - whether the current task holds @lock
 * @lock: the lock
 */
int spin_is_locked_by_current(spinlock_t *lock)
{
	struct task_struct *p = current;

	return p && atomic_load_explicit(&lock->owner,
					 memory_order_relaxed) == p;
}

/*
 * Kill cleanup (reset): take a raw lock without hooks or lockdep, but do
 * not hang the reset on a lock an oopsed task holds for good.
 */
static int raw_lock_for_cleanup(pthread_mutex_t *m)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 200 * 1000 * 1000;
	if (ts.tv_nsec >= 1000 * 1000 * 1000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000 * 1000 * 1000;
	}
	return pthread_mutex_timedlock(m, &ts);
}

/* ------------------------------------------------------------------ */
/* Wait queues                                                         */

static void wq_list_add(struct list_head *new, struct list_head *prev,
			struct list_head *next)
{
	WRITE_ONCE(next->prev, new);
	WRITE_ONCE(new->next, next);
	WRITE_ONCE(new->prev, prev);
	WRITE_ONCE(prev->next, new);
}

static void wq_list_del_init(struct list_head *entry)
{
	struct list_head *prev = entry->prev, *next = entry->next;

	WRITE_ONCE(next->prev, prev);
	WRITE_ONCE(prev->next, next);
	WRITE_ONCE(entry->next, entry);
	/* last store: publishes that the waker is done with the entry */
	__atomic_store_n(&entry->prev, entry, __ATOMIC_RELEASE);
}

static int list_empty_careful(struct list_head *head)
{
	struct list_head *next = __atomic_load_n(&head->next, __ATOMIC_ACQUIRE);

	return next == head &&
		next == __atomic_load_n(&head->prev, __ATOMIC_ACQUIRE);
}

static void __add_wait_queue(wait_queue_head_t *q, wait_queue_t *wait)
{
	wq_list_add(&wait->task_list, &q->task_list, q->task_list.next);
}

static void __add_wait_queue_tail(wait_queue_head_t *q, wait_queue_t *wait)
{
	wq_list_add(&wait->task_list, q->task_list.prev, &q->task_list);
}

/* A killed waiter takes its on-stack entry off the queue. */
static void wait_kill_cleanup(void *a, void *b)
{
	wait_queue_head_t *q = a;
	wait_queue_t *wait = b;

	if (raw_lock_for_cleanup(&q->lock.mutex))
		return;
	if (!list_empty(&wait->task_list))
		wq_list_del_init(&wait->task_list);
	pthread_mutex_unlock(&q->lock.mutex);
}

/**
 * __init_waitqueue_head - initialise a wait queue head
 * @q: the head
 * @key: lockdep class of its lock
 */
void __init_waitqueue_head(wait_queue_head_t *q, struct lock_class_key *key)
{
	__spin_lock_init(&q->lock, "&q->lock", key);
	INIT_LIST_HEAD(&q->task_list);
}

/**
 * add_wait_queue - add a non-exclusive entry at the head of @q
 * @q: the wait queue
 * @wait: the entry
 */
void add_wait_queue(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	wait->flags &= ~WQ_FLAG_EXCLUSIVE;
	__add_wait_queue(q, wait);
	spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * remove_wait_queue - remove @wait from @q
 * @q: the wait queue
 * @wait: the entry
 */
void remove_wait_queue(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	wq_list_del_init(&wait->task_list);
	spin_unlock_irqrestore(&q->lock, flags);
}

static void __prepare_to_wait(wait_queue_head_t *q, wait_queue_t *wait,
			      int state, bool exclusive)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	/* wqkit: flags are written under q->lock (a waker reads them) */
	if (exclusive)
		wait->flags |= WQ_FLAG_EXCLUSIVE;
	else
		wait->flags &= ~WQ_FLAG_EXCLUSIVE;
	if (list_empty(&wait->task_list)) {
		if (exclusive)
			__add_wait_queue_tail(q, wait);
		else
			__add_wait_queue(q, wait);
	}
	set_current_state(state);
	spin_unlock_irqrestore(&q->lock, flags);
	kenv_set_blocked("prepare_to_wait", q, "waitqueue");
	kenv_set_kill_cleanup(wait_kill_cleanup, q, wait);
	kenv_sched_point(KENV_SP_WAIT, q);
}

/**
 * prepare_to_wait - queue @wait on @q and set the task state
 * @q: the wait queue
 * @wait: the entry (DEFINE_WAIT)
 * @state: TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE
 *
 * Both happen under q->lock, so a wake-up after this is never lost.
 */
void prepare_to_wait(wait_queue_head_t *q, wait_queue_t *wait, int state)
{
	__prepare_to_wait(q, wait, state, false);
}

/**
 * prepare_to_wait_exclusive - prepare_to_wait() for an exclusive waiter
 * @q: the wait queue
 * @wait: the entry, queued at the tail
 * @state: the sleeping state
 */
void prepare_to_wait_exclusive(wait_queue_head_t *q, wait_queue_t *wait,
			       int state)
{
	__prepare_to_wait(q, wait, state, true);
}

/**
 * finish_wait - clean up after waiting on @q
 * @q: the wait queue
 * @wait: the entry
 *
 * Sets TASK_RUNNING and dequeues the entry if a wake-up did not already.
 */
void finish_wait(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	kenv_clear_blocked();
	kenv_set_kill_cleanup(NULL, NULL, NULL);
	if (!list_empty_careful(&wait->task_list)) {
		spin_lock_irqsave(&q->lock, flags);
		wq_list_del_init(&wait->task_list);
		spin_unlock_irqrestore(&q->lock, flags);
	}
}

/**
 * default_wake_function - wake the entry's task
 * @curr: the entry
 * @mode: task states to wake
 * @flags: sync (unused)
 * @key: unused
 */
int default_wake_function(wait_queue_t *curr, unsigned mode, int flags,
			  void *key)
{
	return wake_up_state(curr->private, mode);
}

/**
 * autoremove_wake_function - wake the entry's task and dequeue the entry
 * @wait: the entry
 * @mode: task states to wake
 * @sync: unused
 * @key: unused
 */
int autoremove_wake_function(wait_queue_t *wait, unsigned mode, int sync,
			     void *key)
{
	int ret = default_wake_function(wait, mode, sync, key);

	if (ret)
		wq_list_del_init(&wait->task_list);
	return ret;
}

/* Called with q->lock held. */
static void __wake_up_common(wait_queue_head_t *q, unsigned int mode,
			     int nr_exclusive, int sync, void *key)
{
	wait_queue_t *curr, *next;

	list_for_each_entry_safe(curr, next, &q->task_list, task_list) {
		unsigned flags = curr->flags;

		if (curr->func(curr, mode, sync, key) &&
		    (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
}

/**
 * __wake_up - wake up threads blocked on a wait queue
 * @q: the wait queue
 * @mode: which task states to wake
 * @nr_exclusive: how many exclusive waiters to wake (0: all)
 * @key: passed to the wake functions
 */
void __wake_up(wait_queue_head_t *q, unsigned int mode, int nr_exclusive,
	       void *key)
{
	unsigned long flags;

	kenv_sched_point(KENV_SP_WAKE, q);
	spin_lock_irqsave(&q->lock, flags);
	__wake_up_common(q, mode, nr_exclusive, 0, key);
	spin_unlock_irqrestore(&q->lock, flags);
}

/* ------------------------------------------------------------------ */
/* Completions                                                         */

/* Called with x->wait.lock held; drops it around the sleep. */
static long do_wait_for_common(struct completion *x, long timeout, int state)
{
	if (!x->done) {
		wait_queue_t wait;

		init_waitqueue_entry(&wait, current);
		INIT_LIST_HEAD(&wait.task_list);
		wait.flags |= WQ_FLAG_EXCLUSIVE;
		__add_wait_queue_tail(&x->wait, &wait);
		kenv_set_kill_cleanup(wait_kill_cleanup, &x->wait, &wait);
		kenv_set_blocked("wait_for_completion", x, "completion");
		do {
			if (state == TASK_INTERRUPTIBLE &&
			    signal_pending(current)) {
				timeout = -ERESTARTSYS;
				break;
			}
			__set_current_state(state);
			spin_unlock_irq(&x->wait.lock);
			if (timeout == MAX_SCHEDULE_TIMEOUT)
				schedule();
			else
				timeout = kenv_clock_schedule_timeout(timeout);
			spin_lock_irq(&x->wait.lock);
		} while (!x->done && timeout);
		kenv_clear_blocked();
		kenv_set_kill_cleanup(NULL, NULL, NULL);
		wq_list_del_init(&wait.task_list);
		if (!x->done)
			return timeout;
	}
	x->done--;
	return timeout ? timeout : 1;
}

static long wait_for_common(struct completion *x, long timeout, int state)
{
	__kenv_might_sleep("wait_for_completion", __FILE__, __LINE__);
	kenv_sched_point(KENV_SP_WAIT, x);
	spin_lock_irq(&x->wait.lock);
	timeout = do_wait_for_common(x, timeout, state);
	spin_unlock_irq(&x->wait.lock);
	return timeout;
}

/**
 * wait_for_completion - wait (uninterruptibly) for complete() on @x
 * @x: the completion
 */
void wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}

/**
 * wait_for_completion_timeout - wait for @x, at most @timeout jiffies
 * @x: the completion
 * @timeout: virtual jiffies
 *
 * Returns 0 on timeout, else the jiffies left (at least 1).
 */
unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_for_common(x, (long)timeout, TASK_UNINTERRUPTIBLE);
}

/**
 * try_wait_for_completion - consume a completion without blocking
 * @x: the completion
 *
 * Returns 1 if it was done (and decrements it), 0 otherwise.
 */
int try_wait_for_completion(struct completion *x)
{
	int ret = 1;

	spin_lock_irq(&x->wait.lock);
	if (!x->done)
		ret = 0;
	else
		x->done--;
	spin_unlock_irq(&x->wait.lock);
	return ret;
}

/**
 * completion_done - whether @x has waiters' worth of completions pending
 * @x: the completion
 *
 * Returns 0 if a wait_for_completion() would block, 1 otherwise.
 */
int completion_done(struct completion *x)
{
	int ret = 1;

	spin_lock_irq(&x->wait.lock);
	if (!x->done)
		ret = 0;
	spin_unlock_irq(&x->wait.lock);
	return ret;
}

/**
 * complete - signal a single waiter of @x (or the next one to wait)
 * @x: the completion
 */
void complete(struct completion *x)
{
	unsigned long flags;

	kenv_sched_point(KENV_SP_WAKE, x);
	spin_lock_irqsave(&x->wait.lock, flags);
	x->done++;
	__wake_up_common(&x->wait, TASK_NORMAL, 1, 0, NULL);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/**
 * complete_all - signal all current and future waiters of @x
 * @x: the completion
 */
void complete_all(struct completion *x)
{
	unsigned long flags;

	kenv_sched_point(KENV_SP_WAKE, x);
	spin_lock_irqsave(&x->wait.lock, flags);
	x->done += UINT_MAX / 2;
	__wake_up_common(&x->wait, TASK_NORMAL, 0, 0, NULL);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/* ------------------------------------------------------------------ */
/* Mutexes                                                             */

struct mutex_waiter {
	struct list_head list;		/* on lock->wait_list */
	struct task_struct *task;
};

/* One lockdep class for the wait_lock of every mutex_init()ed mutex. */
static struct lock_class_key mutex_wait_lock_key;

/**
 * __mutex_init - initialise a mutex
 * @lock: the mutex
 * @name: lockdep name
 * @key: lockdep class key
 */
void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
	__spin_lock_init(&lock->wait_lock, "&lock->wait_lock",
			 &mutex_wait_lock_key);
	INIT_LIST_HEAD(&lock->wait_list);
	atomic_store_explicit(&lock->owner, NULL, memory_order_relaxed);
	lockdep_init_map(&lock->dep_map, name, key, 0);
}

/* A killed waiter takes its on-stack entry off the wait list. */
static void mutex_kill_cleanup(void *a, void *b)
{
	struct mutex *lock = a;
	struct mutex_waiter *waiter = b;

	if (raw_lock_for_cleanup(&lock->wait_lock.mutex))
		return;
	list_del_init(&waiter->list);
	pthread_mutex_unlock(&lock->wait_lock.mutex);
}

/* Slow path of _mutex_lock(), with lock->wait_lock held. */
static void mutex_lock_slow(struct mutex *lock, const char *func)
{
	struct task_struct *task = current;
	struct mutex_waiter waiter;

	waiter.task = task;
	list_add_tail(&waiter.list, &lock->wait_list);
	kenv_set_kill_cleanup(mutex_kill_cleanup, lock, &waiter);
	kenv_set_blocked(func, lock, "mutex");
	while (lock->locked) {
		__set_task_state(task, TASK_UNINTERRUPTIBLE);
		spin_unlock(&lock->wait_lock);
		schedule();
		spin_lock(&lock->wait_lock);
	}
	kenv_clear_blocked();
	kenv_set_kill_cleanup(NULL, NULL, NULL);
	list_del(&waiter.list);
}

/**
 * _mutex_lock - mutex_lock(): acquire @lock, sleeping while it is taken
 * @lock: the mutex
 * @func: acquisition site (lockdep, might_sleep, hang reports)
 * @file: acquisition site
 * @line: acquisition site
 */
void _mutex_lock(struct mutex *lock, const char *func, const char *file,
		 int line)
{
	__kenv_might_sleep(func, file, line);
	kenv_sched_point(KENV_SP_LOCK, lock);
	__lock_acquire_site(&lock->dep_map, func, file, line);
	spin_lock(&lock->wait_lock);
	if (lock->locked)
		mutex_lock_slow(lock, func);
	__atomic_store_n(&lock->locked, 1, __ATOMIC_RELAXED);
	atomic_store_explicit(&lock->owner, current, memory_order_relaxed);
	spin_unlock(&lock->wait_lock);
	kenv_sched_point(KENV_SP_LOCKED, lock);
}

/**
 * _mutex_unlock - mutex_unlock(): release @lock, wake the first waiter
 * @lock: the mutex, held by the current task
 * @func: release site
 * @file: release site
 * @line: release site
 *
 * Unlocking a mutex that is not locked is a WARNING (DEBUG_MUTEXES) and
 * is not done; unlocking another task's mutex is a WARNING too.
 */
void _mutex_unlock(struct mutex *lock, const char *func, const char *file,
		   int line)
{
	struct task_struct *owner;
	struct mutex_waiter *waiter;

	__lock_release_site(&lock->dep_map, func, file, line);
	spin_lock(&lock->wait_lock);
	owner = atomic_load_explicit(&lock->owner, memory_order_relaxed);
	if (unlikely(!lock->locked || owner != current)) {
		kenv_fail(KENV_FAIL_WARN, func, file, line,
			  lock->locked ? "WARNING: mutex unlocked by a task that does not own it"
				       : "WARNING: unlock of an unlocked mutex",
			  "DEBUG_LOCKS_WARN_ON(%s) on mutex %s\n",
			  lock->locked ? "lock->owner != current"
				       : "!mutex_is_locked(lock)",
			  lock->dep_map.name ? lock->dep_map.name : "?");
		if (!lock->locked) {
			spin_unlock(&lock->wait_lock);
			return;
		}
	}
	atomic_store_explicit(&lock->owner, NULL, memory_order_relaxed);
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
	if (!list_empty(&lock->wait_list)) {
		waiter = list_first_entry(&lock->wait_list,
					  struct mutex_waiter, list);
		wake_up_process(waiter->task);
	}
	spin_unlock(&lock->wait_lock);
	kenv_sched_point(KENV_SP_UNLOCK, lock);
}

/**
 * mutex_is_locked - whether @lock is held (a racy snapshot)
 * @lock: the mutex
 */
int mutex_is_locked(struct mutex *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}
