/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * context_test: spinlocks, preemption and interrupt context, might_sleep().
 *  - in_atomic()/in_interrupt()/in_softirq()/in_irq()/irqs_disabled() and
 *    preempt_count() have the kernel's values in plain task context,
 *    under spin_lock, spin_lock_irq, nested spin_lock_irqsave, spin_lock_bh,
 *    irq_enter and preempt_disable, and return to 0 afterwards;
 *  - spin_trylock fails on a lock another task holds;
 *  - get_cpu()/put_cpu() return the task's CPU with preemption disabled;
 *  - wait_for_completion, mutex_lock and msleep inside spin_lock, and
 *    wait_for_completion with irqs off, raise KENV_FAIL_SLEEP_ATOMIC naming
 *    the task and CPU; the same calls in task context raise nothing.
 */
#include <stdatomic.h>
#include <string.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/hardirq.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include "core/testing/wqtest.h"

static DEFINE_SPINLOCK(lock_a);
static DEFINE_SPINLOCK(lock_b);
static DEFINE_MUTEX(test_mutex);
static struct completion done_comp;

static void boot(void)
{
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 4,
					    .no_subsystems = true });
}

static int context_actor(void *arg)
{
	unsigned long flags;
	int cpu;

	(void)arg;
	CHECK(preempt_count() == 0);
	CHECK(!in_atomic() && !in_interrupt() && !irqs_disabled());

	spin_lock(&lock_a);
	CHECK(in_atomic());
	CHECK(!in_interrupt() && !irqs_disabled());
	CHECK(spin_is_locked_by_current(&lock_a));
	CHECK(!spin_is_locked_by_current(&lock_b));
	spin_unlock(&lock_a);
	CHECK(preempt_count() == 0);
	CHECK(!spin_is_locked_by_current(&lock_a));

	spin_lock_irq(&lock_a);
	CHECK(in_atomic() && irqs_disabled() && !in_interrupt());
	spin_lock_irqsave(&lock_b, flags);
	CHECK(flags != 0);		/* irqs were already off */
	CHECK(irqs_disabled());
	spin_unlock_irqrestore(&lock_b, flags);
	CHECK(irqs_disabled());	/* restored to "off" */
	CHECK(in_atomic());
	spin_unlock_irq(&lock_a);
	CHECK(!irqs_disabled() && preempt_count() == 0);

	spin_lock_irqsave(&lock_b, flags);
	CHECK(flags == 0 && irqs_disabled());
	spin_unlock_irqrestore(&lock_b, flags);
	CHECK(!irqs_disabled() && preempt_count() == 0);

	spin_lock_bh(&lock_a);
	CHECK(in_softirq() && in_interrupt() && !in_irq() && in_atomic());
	spin_unlock_bh(&lock_a);
	CHECK(!in_interrupt() && preempt_count() == 0);

	irq_enter();
	CHECK(in_irq() && in_interrupt() && in_atomic());
	irq_exit();
	CHECK(preempt_count() == 0);

	preempt_disable();
	preempt_disable();
	CHECK(preempt_count() == 2 && in_atomic() && !in_interrupt());
	preempt_enable();
	preempt_enable();
	CHECK(preempt_count() == 0);

	cpu = get_cpu();
	CHECK(cpu == 3);
	CHECK(in_atomic() && smp_processor_id() == 3);
	put_cpu();
	CHECK(preempt_count() == 0 && !in_atomic());
	CHECK(raw_smp_processor_id() == 3);
	return 0;
}

static void test_context_values(void)
{
	boot();
	WQT_CHECK_EQ(wqt_run_on(3, context_actor, NULL), 0);
	wqt_shutdown();
}

/* ---- spin_trylock against a holder ---- */

static int trylock_actor(void *arg)
{
	int ret = spin_trylock(&lock_a);

	(void)arg;
	if (ret)
		spin_unlock(&lock_a);
	return ret;
}

static _Atomic int holder_has_lock;
static _Atomic int holder_release;

static int holder_actor(void *arg)
{
	(void)arg;
	spin_lock(&lock_a);
	atomic_store(&holder_has_lock, 1);
	while (!atomic_load(&holder_release))
		wqt_settle(1);
	spin_unlock(&lock_a);
	return 0;
}

static void test_trylock(void)
{
	struct task_struct *h;

	boot();
	WQT_CHECK_EQ(wqt_run_on(1, trylock_actor, NULL), 1);
	h = kenv_actor_start("holder", 2, holder_actor, NULL);
	WQT_CHECK(h);
	WQT_CHECK(wqt_wait_int(&holder_has_lock, 1, 5000));
	WQT_CHECK_EQ(wqt_run_on(1, trylock_actor, NULL), 0);
	atomic_store(&holder_release, 1);
	WQT_CHECK_EQ(kenv_actor_join(h), 0);
	WQT_CHECK_EQ(wqt_run_on(1, trylock_actor, NULL), 1);
	wqt_shutdown();
}

/* ---- might_sleep ---- */

enum sleeper { S_COMPLETION, S_MUTEX, S_IRQS_OFF_COMPLETION, S_PLAIN };

static int sleep_actor(void *arg)
{
	enum sleeper how = (enum sleeper)(long)arg;

	switch (how) {
	case S_COMPLETION:
		spin_lock(&lock_a);
		wait_for_completion(&done_comp);	/* done: does not block */
		spin_unlock(&lock_a);
		break;
	case S_MUTEX:
		spin_lock(&lock_a);
		mutex_lock(&test_mutex);		/* free: does not block */
		mutex_unlock(&test_mutex);
		spin_unlock(&lock_a);
		break;
	case S_IRQS_OFF_COMPLETION:
		local_irq_disable();
		wait_for_completion(&done_comp);
		local_irq_enable();
		break;
	case S_PLAIN:
		might_sleep();
		wait_for_completion(&done_comp);
		mutex_lock(&test_mutex);
		mutex_unlock(&test_mutex);
		break;
	}
	return 0;
}

/* Take the SLEEP_ATOMIC failure; it must name the actor and its CPU. */
static void expect_sleep_atomic(const char *task, int cpu)
{
	struct kenv_failure f;

	WQT_CHECK(wqt_take_failure(&f));
	if (f.kind != KENV_FAIL_SLEEP_ATOMIC ||
	    !strstr(f.title, "sleeping function called from invalid context"))
		wqt_fatal(__FILE__, __LINE__, "expected SLEEP_ATOMIC, got [%s] %s",
			  kenv_failure_kind_name(f.kind), f.title);
	WQT_CHECK_EQ(strcmp(f.task, task), 0);
	WQT_CHECK_EQ(f.cpu, cpu);
}

/* A sleep that really schedules may add a "scheduling while atomic"
 * report of its own; take those too. */
static void drain_atomic_reports(void)
{
	struct kenv_failure f;

	while (wqt_take_failure(&f)) {
		if (f.kind != KENV_FAIL_SLEEP_ATOMIC &&
		    f.kind != KENV_FAIL_DUMP_STACK)
			wqt_fatal(__FILE__, __LINE__, "unexpected failure [%s] %s",
				  kenv_failure_kind_name(f.kind), f.title);
	}
}

static int run_sleeper(int cpu, const char *name, enum sleeper how)
{
	struct task_struct *t = kenv_actor_start(name, cpu, sleep_actor,
						 (void *)(long)how);

	WQT_CHECK(t);
	return kenv_actor_join(t);
}

static void test_might_sleep(void)
{
	boot();
	init_completion(&done_comp);
	complete_all(&done_comp);

	WQT_CHECK_EQ(run_sleeper(1, "sleep-comp", S_COMPLETION), 0);
	expect_sleep_atomic("sleep-comp", 1);
	drain_atomic_reports();

	WQT_CHECK_EQ(run_sleeper(2, "sleep-mutex", S_MUTEX), 0);
	expect_sleep_atomic("sleep-mutex", 2);
	drain_atomic_reports();

	WQT_CHECK_EQ(run_sleeper(3, "sleep-irqsoff", S_IRQS_OFF_COMPLETION), 0);
	expect_sleep_atomic("sleep-irqsoff", 3);
	drain_atomic_reports();

	/* the same calls from task context are fine */
	WQT_CHECK_EQ(run_sleeper(1, "sleep-plain", S_PLAIN), 0);
	wqt_expect_no_failure();
	wqt_shutdown();
}

/* msleep() inside a spinlock really sleeps on the virtual clock. */
static _Atomic int msleep_done;

static int msleep_actor(void *arg)
{
	(void)arg;
	spin_lock(&lock_b);
	msleep(10);
	spin_unlock(&lock_b);
	atomic_store(&msleep_done, 1);
	return 0;
}

static bool have_failure(void *arg)
{
	(void)arg;
	return wqt_nr_failures() > 0;
}

static void test_msleep_atomic(void)
{
	struct task_struct *t;
	int i;

	boot();
	atomic_store(&msleep_done, 0);
	t = kenv_actor_start("msleep-atomic", 2, msleep_actor, NULL);
	WQT_CHECK(t);
	WQT_CHECK(wqt_wait(have_failure, NULL, 5000));
	for (i = 0; i < 100 && !atomic_load(&msleep_done); i++) {
		wqt_advance(1);
		wqt_settle(2);
	}
	if (!wqt_wait_int(&msleep_done, 1, 5000))
		wqt_fatal(__FILE__, __LINE__,
			  "msleep(10) in spin_lock never returned after 100 jiffies");
	WQT_CHECK_EQ(kenv_actor_join(t), 0);
	expect_sleep_atomic("msleep-atomic", 2);
	drain_atomic_reports();
	wqt_shutdown();
}

int main(void)
{
	test_context_values();
	test_trylock();
	test_might_sleep();
	test_msleep_atomic();
	printf("context_test: OK\n");
	return 0;
}
