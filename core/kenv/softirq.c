/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv: the timer softirq, after 2.6.29 kernel/timer.c. Each CPU's
 * "ksoftirqd/N" task runs the expired timers of its base in softirq
 * context when kicked; kenv_timers_init()/reset() start and stop them and
 * register the timers as the sched layer's clock; cpu_down migrates a
 * dead CPU's timers; the harness moves the clock (kenv_advance_jiffies)
 * and asks what is due. (The pending lists and the timer API: timer.c.)
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

/* ------------------------------------------------------------------ */
/* The softirq tasks                                                   */

static void call_timer_fn(struct timer_list *timer,
			  void (*fn)(unsigned long), unsigned long data)
{
	int count = preempt_count();

	(void)timer;
	fn(data);
	if (count != preempt_count()) {
		printk(KERN_ERR "huh, entered %p with preempt_count %08x, "
		       "exited with %08x?\n", (void *)fn, count,
		       preempt_count());
		BUG();
	}
}

/*
 * Run every expired timer of @base in expiry order. Returns false if the
 * CPU is (or went) offline: the pass is abandoned until it is back.
 */
static bool __run_timers(struct tvec_base *base)
{
	struct timer_list *timer;
	void (*fn)(unsigned long);
	unsigned long data;

	spin_lock_irq(&base->lock);
	for (;;) {
		if (!cpu_online(base->cpu)) {
			spin_unlock_irq(&base->lock);
			return false;
		}
		if (list_empty(&base->pending))
			break;
		timer = list_first_entry(&base->pending, struct timer_list,
					 entry);
		if (time_before(now(), timer->expires))
			break;
		fn = timer->function;
		data = timer->data;

		base->running_timer = timer;
		detach_timer(base, timer, 1);
		spin_unlock_irq(&base->lock);

		call_timer_fn(timer, fn, data);

		spin_lock_irq(&base->lock);
		base->running_timer = NULL;
		wake_up(&base->wait);
	}
	spin_unlock_irq(&base->lock);
	return true;
}

/* Sleep until kicked or told to stop; false when told to stop. */
static bool softirq_wait(struct tvec_base *base)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (atomic_load(&base->stop)) {
			__set_current_state(TASK_RUNNING);
			return false;
		}
		if (atomic_load(&base->kicked) == KICK_PENDING) {
			__set_current_state(TASK_RUNNING);
			return true;
		}
		kenv_set_blocked("run_timer_softirq", base, "softirq");
		schedule();
		kenv_clear_blocked();
	}
}

/* ksoftirqd/N: run_timer_softirq() whenever the base is kicked. */
static int timer_softirq_thread(void *arg)
{
	struct tvec_base *base = arg;
	int expected;
	bool online;

	while (softirq_wait(base)) {
		atomic_store_explicit(&base->kicked, KICK_RUNNING,
				      memory_order_relaxed);
		add_preempt_count(SOFTIRQ_OFFSET);
		online = __run_timers(base);
		sub_preempt_count(SOFTIRQ_OFFSET);
		if (!online) {
			/* Run again once the CPU is back: a bound task
			 * stays in schedule() while its CPU is offline. */
			atomic_store(&base->kicked, KICK_PENDING);
			schedule();
			continue;
		}
		/* Done, unless kicked again during the pass. */
		expected = KICK_RUNNING;
		atomic_compare_exchange_strong_explicit(&base->kicked,
				&expected, KICK_NONE,
				memory_order_relaxed, memory_order_relaxed);
	}
	return 0;
}

static void init_base(struct tvec_base *base, int cpu)
{
	spin_lock_init(&base->lock);
	base->running_timer = NULL;
	INIT_LIST_HEAD(&base->pending);
	init_waitqueue_head(&base->wait);
	atomic_store(&base->softirq, NULL);
	base->cpu = cpu;
	atomic_store(&base->kicked, KICK_NONE);
	atomic_store(&base->nr_pending, 0);
	atomic_store(&base->first_expires, 0);
	atomic_store(&base->stop, 0);
}

/**
 * kenv_timers_init - set up the timer bases and start the softirq tasks
 *
 * One "ksoftirqd/N" task per possible CPU, bound to it. Registers the
 * timers as the sched layer's clock (struct kenv_clock_ops).
 */
void kenv_timers_init(void)
{
	static const struct kenv_clock_ops clock = {
		.idle = kenv_timers_idle,
		.next = kenv_next_timer,
		.advance = kenv_advance_jiffies,
		.schedule_timeout = schedule_timeout,
		.base_cpu = kenv_timer_base_cpu,
	};
	struct task_struct *p;
	char comm[TASK_COMM_LEN];
	int cpu;

	kenv_set_clock(&clock);		/* the sched layer's way to timers */
	atomic_store(&kenv_jiffies, INITIAL_JIFFIES);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		init_base(&tvec_bases[cpu], cpu);

	for_each_possible_cpu(cpu) {
		struct tvec_base *base = &tvec_bases[cpu];

		snprintf(comm, sizeof(comm), "ksoftirqd/%d", cpu);
		p = kenv_task_create(timer_softirq_thread, base,
				     PF_KENV_SOFTIRQ | PF_NOFREEZE |
				     PF_THREAD_BOUND | PF_KTHREAD, cpu, comm);
		if (WARN_ON(!p || IS_ERR(p)))
			continue;
		atomic_store(&base->softirq, p);
		wake_up_process(p);
	}
}

/* Ask @base's softirq task to exit; let it run even if its CPU is down. */
static void stop_softirq(struct tvec_base *base)
{
	struct task_struct *p = atomic_load(&base->softirq);

	if (!p)
		return;
	atomic_store(&base->stop, 1);
	atomic_fetch_and(&p->flags, ~(PF_THREAD_BOUND | PF_KENV_SOFTIRQ));
	wake_up_process(p);
	if (!cpu_online(base->cpu))
		kenv_cpu_came_online(base->cpu);
}

/*
 * Wait for @base's softirq task to end. It does so as soon as it runs
 * (a handler still running finishes first), however long the machine
 * takes to run it: no wall-clock bound, which under load made a slow
 * but healthy task a "leak". One parked forever by a BUG in a handler
 * never ends: it is left to kenv_tasks_kill_all().
 */
static void reap_softirq(struct tvec_base *base)
{
	struct task_struct *p = atomic_load(&base->softirq);
	struct timespec pause = { 0, 50 * 1000 };
	int spins = 0;

	if (!p)
		return;
	while (!completion_done(p->exited)) {
		if (kenv_task_parked(p)) {
			atomic_store(&base->softirq, NULL);
			return;
		}
		yield();
		if (++spins >= 100)
			nanosleep(&pause, NULL);
	}
	wait_for_completion(p->exited);
	kenv_task_free(p);
	atomic_store(&base->softirq, NULL);
}

/**
 * kenv_timers_reset - stop the softirq tasks and forget every timer
 *
 * jiffies goes back to INITIAL_JIFFIES. Called by kenv_reset().
 */
void kenv_timers_reset(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		stop_softirq(&tvec_bases[cpu]);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		reap_softirq(&tvec_bases[cpu]);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct tvec_base *base = &tvec_bases[cpu];

		base->running_timer = NULL;
		INIT_LIST_HEAD(&base->pending);
		atomic_store(&base->nr_pending, 0);
		atomic_store(&base->kicked, KICK_NONE);
		atomic_store(&base->stop, 0);
	}
	atomic_store(&kenv_jiffies, INITIAL_JIFFIES);
}

/*
 * Take two bases' mutexes in address order: migrations go both ways
 * (cpu1 -> cpu0, later cpu0 -> cpu1), and a fixed order keeps
 * ThreadSanitizer's deadlock detector quiet about an inversion that
 * stop_machine makes impossible anyway.
 */
static void lock_two_bases(struct tvec_base *a, struct tvec_base *b)
{
	if (a > b) {
		struct tvec_base *t = a;

		a = b;
		b = t;
	}
	pthread_mutex_lock(&a->lock.mutex);
	pthread_mutex_lock(&b->lock.mutex);
}

/**
 * kenv_timer_base_cpu - the CPU whose timer base @obj is, or -1
 * @obj: any pointer (a softirq task's wait object)
 */
int kenv_timer_base_cpu(const void *obj)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (obj == &tvec_bases[cpu])
			return cpu;
	return -1;
}

/**
 * kenv_migrate_timers - move a dead CPU's pending timers
 * @dead_cpu: the CPU going offline
 * @to_cpu: an online CPU (the one running the hotplug)
 *
 * Called by cpu_down() under stop_machine, so no task holds either base's
 * lock or runs a handler of @dead_cpu.
 */
void kenv_migrate_timers(int dead_cpu, int to_cpu)
{
	struct tvec_base *old_base = &tvec_bases[dead_cpu];
	struct tvec_base *new_base = &tvec_bases[to_cpu];
	struct timer_list *timer;

	BUG_ON(dead_cpu == to_cpu);
	/*
	 * wqkit: 2.6.29 does this in the CPU_DEAD notifier with
	 * spin_lock_nested(). Here stop_machine already excludes every
	 * holder of base->lock (spin_lock disables preemption); the raw
	 * mutexes only order these accesses for ThreadSanitizer without
	 * lockdep-lite seeing two locks of one class nested.
	 */
	lock_two_bases(old_base, new_base);
	BUG_ON(old_base->running_timer);
	while (!list_empty(&old_base->pending)) {
		timer = list_first_entry(&old_base->pending, struct timer_list,
					 entry);
		detach_timer(old_base, timer, 0);
		timer_set_base(timer, new_base);
		internal_add_timer(new_base, timer);
	}
	kick_if_due(new_base);
	pthread_mutex_unlock(&new_base->lock.mutex);
	pthread_mutex_unlock(&old_base->lock.mutex);
}

/* ------------------------------------------------------------------ */
/* Harness: the clock                                                  */

/**
 * kenv_advance_jiffies - move the virtual clock forward
 * @ticks: jiffies to add
 *
 * Kicks the softirq task of every CPU whose first timer is due (an
 * offline CPU's runs when it comes back). Does not wait for handlers.
 */
void kenv_advance_jiffies(unsigned long ticks)
{
	int cpu;

	atomic_fetch_add_explicit(&kenv_jiffies, ticks, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
	for_each_possible_cpu(cpu)
		if (base_due(&tvec_bases[cpu]))
			kick_softirq(&tvec_bases[cpu]);
}

/**
 * kenv_next_timer - earliest expiry among the online CPUs' pending timers
 * @expires: where to store it
 *
 * Timers on an offline CPU cannot fire until it is back; they are not
 * counted. Returns false if no such timer is pending.
 */
bool kenv_next_timer(unsigned long *expires)
{
	unsigned long e, best = 0;
	bool found = false;
	int cpu;

	for_each_online_cpu(cpu) {
		struct tvec_base *base = &tvec_bases[cpu];

		if (!atomic_load_explicit(&base->nr_pending,
					  memory_order_relaxed))
			continue;
		e = atomic_load_explicit(&base->first_expires,
					 memory_order_relaxed);
		if (!found || time_before(e, best))
			best = e;
		found = true;
	}
	if (found && expires)
		*expires = best;
	return found;
}

/**
 * kenv_timers_idle - no handler running or due on an online CPU
 *
 * Exact when no task is adding timers: a base is busy from its kick until
 * its softirq pass found nothing more to run.
 */
bool kenv_timers_idle(void)
{
	int cpu;

	for_each_online_cpu(cpu) {
		struct tvec_base *base = &tvec_bases[cpu];

		if (atomic_load_explicit(&base->kicked, memory_order_relaxed)
		    != KICK_NONE)
			return false;
		if (base_due(base))
			return false;
	}
	return true;
}

