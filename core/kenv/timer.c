/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv: timers on the virtual jiffies clock, after 2.6.29 kernel/timer.c:
 * the pending lists, the timer API and schedule_timeout(). (The softirq
 * tasks that run expired timers, timer migration and the clock's harness
 * API: softirq.c.)
 *
 * Each CPU has a struct tvec_base: a list of pending timers sorted by
 * expiry (FIFO among equal expiries) instead of the timer wheel, the
 * handler currently running, and a softirq task "ksoftirqd/N" bound to
 * the CPU that runs the expired timers in softirq context when it is
 * kicked. kenv_advance_jiffies() plays the tick: it moves the clock and
 * kicks every base whose first timer is due.
 *
 * Lockless bookkeeping (the kick state and a summary of each base's list)
 * is kept in relaxed atomics so the harness can ask "is anything due or
 * running?" without taking base->lock: that would add happens-before
 * edges from timer handlers to the harness and hide real races from
 * ThreadSanitizer.
 */
#include <stdio.h>
#include <time.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/preempt.h>
#include <kenv/kenv.h>
#include "sys_internal.h"
#include "timer_base.h"

/* One timer base per CPU (timer_base.h). */
struct tvec_base tvec_bases[NR_CPUS];

/*
 * wqkit: 2.6.29 sets timer->base to NULL while __mod_timer() moves a timer
 * between bases. Here NULL means "never init_timer()ed" (TIMER_INITIALIZER,
 * the kernel's boot_tvec_bases: CPU 0's base), so the transient state is
 * this never-locked sentinel instead.
 */
static struct tvec_base timer_migrating_base;

static struct tvec_base *timer_get_base(struct timer_list *timer)
{
	return atomic_load_explicit(&timer->base, memory_order_relaxed);
}

/* ------------------------------------------------------------------ */
/* The pending list                                                    */

/*
 * timer_pending() reads entry.next without the lock, so every store to a
 * ->next on a base's list is a relaxed atomic store.
 */
static void set_next(struct list_head *e, struct list_head *next)
{
	__atomic_store_n(&e->next, next, __ATOMIC_RELAXED);
}

static void tlist_add_after(struct list_head *new, struct list_head *prev)
{
	struct list_head *next = prev->next;

	next->prev = new;
	set_next(new, next);
	new->prev = prev;
	set_next(prev, new);
}

/* Refresh the lockless summary of @base's list. Under base->lock. */
static void update_summary(struct tvec_base *base)
{
	struct timer_list *first;

	if (list_empty(&base->pending))
		return;
	first = list_first_entry(&base->pending, struct timer_list, entry);
	atomic_store_explicit(&base->first_expires, first->expires,
			      memory_order_relaxed);
}

void internal_add_timer(struct tvec_base *base, struct timer_list *timer)
{
	struct list_head *pos = base->pending.prev;

	/* After the last timer that expires no later than this one. */
	while (pos != &base->pending &&
	       time_after(list_entry(pos, struct timer_list, entry)->expires,
			  timer->expires))
		pos = pos->prev;
	tlist_add_after(&timer->entry, pos);
	atomic_fetch_add_explicit(&base->nr_pending, 1, memory_order_relaxed);
	update_summary(base);
}

void detach_timer(struct tvec_base *base, struct timer_list *timer,
		  int clear_pending)
{
	struct list_head *entry = &timer->entry;

	entry->next->prev = entry->prev;
	set_next(entry->prev, entry->next);
	if (clear_pending)
		set_next(entry, NULL);
	entry->prev = LIST_POISON2;
	atomic_fetch_sub_explicit(&base->nr_pending, 1, memory_order_relaxed);
	update_summary(base);
}

/* Whether @base's first timer is due (lockless, relaxed). */
bool base_due(struct tvec_base *base)
{
	if (!atomic_load_explicit(&base->nr_pending, memory_order_relaxed))
		return false;
	return time_after_eq(now(), atomic_load_explicit(&base->first_expires,
							 memory_order_relaxed));
}

/* raise_softirq(TIMER_SOFTIRQ) on @base's CPU. */
void kick_softirq(struct tvec_base *base)
{
	struct task_struct *p;

	if (atomic_exchange(&base->kicked, KICK_PENDING) != KICK_NONE)
		return;		/* pending, or the running pass will loop */
	p = atomic_load_explicit(&base->softirq, memory_order_relaxed);
	if (p)
		wake_up_process(p);
}

/*
 * After a timer was listed on @base: kick the softirq task if it is due
 * already. The fence pairs with kenv_advance_jiffies() (summary written,
 * then jiffies read; jiffies written, then summary read), so one of the
 * two always sees the due timer.
 */
void kick_if_due(struct tvec_base *base)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (base_due(base))
		kick_softirq(base);
}

/* ------------------------------------------------------------------ */
/* The timer API                                                       */

/**
 * init_timer - initialize a timer before its first use
 * @timer: the timer
 *
 * Not pending; its base is the current CPU's.
 */
void init_timer(struct timer_list *timer)
{
	set_next(&timer->entry, NULL);
	timer_set_base(timer, &tvec_bases[raw_smp_processor_id()]);
}

/*
 * Lock the base @timer is on. Timers migrate (__mod_timer, cpu_down), so
 * re-check after locking.
 */
static struct tvec_base *lock_timer_base(struct timer_list *timer,
					 unsigned long *flags)
{
	struct tvec_base *prelock_base, *base;

	for (;;) {
		prelock_base = timer_get_base(timer);
		base = prelock_base ? prelock_base : &tvec_bases[0];
		if (likely(base != &timer_migrating_base)) {
			spin_lock_irqsave(&base->lock, *flags);
			if (likely(prelock_base == timer_get_base(timer)))
				return base;
			/* The timer has migrated to another CPU */
			spin_unlock_irqrestore(&base->lock, *flags);
		}
		cpu_relax();
	}
}

static int __mod_timer(struct timer_list *timer, unsigned long expires)
{
	struct tvec_base *base, *new_base;
	unsigned long flags;
	int ret = 0;

	BUG_ON(!timer->function);

	base = lock_timer_base(timer, &flags);

	if (timer_pending(timer)) {
		detach_timer(base, timer, 0);
		ret = 1;
	}

	new_base = &tvec_bases[smp_processor_id()];

	if (base != new_base) {
		/*
		 * We are trying to schedule the timer on the local CPU.
		 * However we can't change timer's base while it is running,
		 * otherwise del_timer_sync() can't detect that the timer's
		 * handler yet has not finished. This also guarantees that
		 * the timer is serialized wrt itself.
		 */
		if (likely(base->running_timer != timer)) {
			timer_set_base(timer, &timer_migrating_base);
			spin_unlock(&base->lock);
			base = new_base;
			spin_lock(&base->lock);
		}
	}
	timer_set_base(timer, base);

	WRITE_ONCE(timer->expires, expires);
	internal_add_timer(base, timer);
	kick_if_due(base);
	spin_unlock_irqrestore(&base->lock, flags);

	return ret;
}

/**
 * add_timer - start a timer on the current CPU
 * @timer: an initialized, non-pending timer with ->function and ->expires
 *
 * Like 2.6.29, a timer whose handler is running stays on the base that
 * runs it.
 */
void add_timer(struct timer_list *timer)
{
	BUG_ON(timer_pending(timer));
	__mod_timer(timer, timer->expires);
}

/**
 * add_timer_on - start a timer on a particular CPU
 * @timer: an initialized, non-pending timer with ->function
 * @cpu: the CPU whose base gets it
 *
 * wqkit: 2.6.29 locks only the new base and sets timer->base under it.
 * A del_timer() or del_timer_sync() that has locked the timer's previous
 * base (lock_timer_base() saw it unchanged) then finds the timer pending
 * and unlinks it from the new base's list under the old base's lock: the
 * list is corrupted. The workqueue gets there legally (cancel_delayed_work
 * racing queue_delayed_work_on of the same delayed work, after the timer
 * ran on another CPU); a 1-hour TSan soak reported it (detach_timer vs
 * internal_add_timer) after 20 minutes (4.2 million steps). This is
 * kernel/timer.c's bug, not the workqueue's; later kernels move the timer
 * with the old base locked, as __mod_timer() does, and so does this
 * (kenv_timer_migrate_test). The two extra scheduling points move PCT
 * schedules: corpus/zoo/cancel_delayed_del_timer.wq needed a new seed.
 */
void add_timer_on(struct timer_list *timer, int cpu)
{
	struct tvec_base *base, *new_base;
	unsigned long flags;

	BUG_ON(cpu < 0 || cpu >= NR_CPUS);
	new_base = &tvec_bases[cpu];
	BUG_ON(timer_pending(timer) || !timer->function);
	base = lock_timer_base(timer, &flags);
	if (base != new_base) {
		/* Off the old base under its lock, as __mod_timer() does. */
		timer_set_base(timer, &timer_migrating_base);
		spin_unlock(&base->lock);
		base = new_base;
		spin_lock(&base->lock);
	}
	timer_set_base(timer, base);
	internal_add_timer(base, timer);
	kick_if_due(base);
	spin_unlock_irqrestore(&base->lock, flags);
}

/**
 * mod_timer - modify a timer's timeout
 * @timer: the timer
 * @expires: new expiry, in jiffies
 *
 * Activates the timer on the current CPU if it was not pending. Returns
 * 1 if it was pending, 0 otherwise.
 */
int mod_timer(struct timer_list *timer, unsigned long expires)
{
	BUG_ON(!timer->function);

	/* A common optimization: re-arming with the same expiry. */
	if (READ_ONCE(timer->expires) == expires && timer_pending(timer))
		return 1;

	return __mod_timer(timer, expires);
}

/**
 * del_timer - deactivate a timer
 * @timer: the timer
 *
 * Returns 1 if the timer was pending, 0 otherwise. The handler may still
 * be running on another CPU when it returns.
 */
int del_timer(struct timer_list *timer)
{
	struct tvec_base *base;
	unsigned long flags;
	int ret = 0;

	if (timer_pending(timer)) {
		base = lock_timer_base(timer, &flags);
		if (timer_pending(timer)) {
			detach_timer(base, timer, 1);
			ret = 1;
		}
		spin_unlock_irqrestore(&base->lock, flags);
	}
	return ret;
}

static int __try_to_del_timer_sync(struct timer_list *timer,
				   struct tvec_base **basep)
{
	struct tvec_base *base;
	unsigned long flags;
	int ret = -1;

	base = lock_timer_base(timer, &flags);
	*basep = base;
	if (base->running_timer == timer)
		goto out;

	ret = 0;
	if (timer_pending(timer)) {
		detach_timer(base, timer, 1);
		ret = 1;
	}
out:
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

/**
 * try_to_del_timer_sync - deactivate a timer unless its handler runs
 * @timer: the timer
 *
 * Returns -1 if the handler is running on the timer's base, else like
 * del_timer().
 */
int try_to_del_timer_sync(struct timer_list *timer)
{
	struct tvec_base *base;

	return __try_to_del_timer_sync(timer, &base);
}

/* Sleep until @base no longer runs @timer's handler. */
static void wait_for_running_timer(struct tvec_base *base,
				   struct timer_list *timer)
{
	DEFINE_WAIT(wait);
	unsigned long flags;
	int running;

	for (;;) {
		prepare_to_wait(&base->wait, &wait, TASK_UNINTERRUPTIBLE);
		spin_lock_irqsave(&base->lock, flags);
		running = base->running_timer == timer;
		spin_unlock_irqrestore(&base->lock, flags);
		if (!running)
			break;
		kenv_set_blocked("del_timer_sync", timer, "timer");
		schedule();
	}
	kenv_clear_blocked();
	finish_wait(&base->wait, &wait);
}

/* del_timer_sync() from the timer's own handler can never return. */
static void __noreturn del_timer_sync_self(struct timer_list *timer)
{
	kenv_fail(KENV_FAIL_BUG, __func__, __FILE__, __LINE__,
		  "BUG: del_timer_sync from its own timer handler",
		  "del_timer_sync(%p) called from its own handler %p: "
		  "it would spin forever (soft lockup)\n",
		  (void *)timer, (void *)timer->function);
	kenv_task_park_forever();
}

/**
 * del_timer_sync - deactivate a timer and wait for its handler to finish
 * @timer: the timer
 *
 * Returns 1 if the timer was pending. The caller must not hold a lock the
 * handler takes. wqkit: where 2.6.29 spins, a preemptible caller sleeps
 * on the base's wait queue (a visible sleep for hang reports and the
 * controlled scheduler); an atomic caller spins, as in the kernel.
 */
int del_timer_sync(struct timer_list *timer)
{
	struct tvec_base *base;
	int ret;

	for (;;) {
		ret = __try_to_del_timer_sync(timer, &base);
		if (ret >= 0)
			return ret;
		if (atomic_load_explicit(&base->softirq,
					 memory_order_relaxed) == current)
			del_timer_sync_self(timer);
		if (in_atomic() || irqs_disabled())
			cpu_relax();
		else
			wait_for_running_timer(base, timer);
	}
}

/* ------------------------------------------------------------------ */
/* Sleeping on the virtual clock                                       */

static void process_timeout(unsigned long __data)
{
	wake_up_process((struct task_struct *)__data);
}

/**
 * schedule_timeout - sleep until timeout
 * @timeout: timeout value in (virtual) jiffies
 *
 * The caller sets the task state first. Returns 0 if the timer expired,
 * else the jiffies remaining. MAX_SCHEDULE_TIMEOUT sleeps without timer.
 */
signed long schedule_timeout(signed long timeout)
{
	struct timer_list timer;
	unsigned long expire;
	bool mark;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		printk(KERN_ERR "schedule_timeout: wrong timeout "
		       "value %lx\n", (unsigned long)timeout);
		dump_stack();
		__set_current_state(TASK_RUNNING);
		return 0;
	}

	expire = timeout + now();

	setup_timer(&timer, process_timeout, (unsigned long)current);
	__mod_timer(&timer, expire);
	mark = !atomic_load_explicit(&current->blocked_in,
				     memory_order_relaxed);
	if (mark)
		kenv_set_blocked(__func__, &timer, "timer");
	schedule();
	if (mark)
		kenv_clear_blocked();
	del_timer_sync(&timer);

	timeout = expire - now();
	return timeout < 0 ? 0 : timeout;
}

/**
 * schedule_timeout_interruptible - schedule_timeout() in TASK_INTERRUPTIBLE
 * @timeout: timeout in jiffies
 */
signed long schedule_timeout_interruptible(signed long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

/**
 * schedule_timeout_uninterruptible - schedule_timeout() uninterruptibly
 * @timeout: timeout in jiffies
 */
signed long schedule_timeout_uninterruptible(signed long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

/**
 * msleep - sleep safely even with waitqueue interruptions
 * @msecs: time in milliseconds of the virtual clock
 */
void msleep(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout) {
		kenv_set_blocked(__func__, current, "timer");
		timeout = schedule_timeout_uninterruptible(timeout);
		kenv_clear_blocked();
	}
}
