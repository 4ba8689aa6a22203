/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hotplug_test: cpu_up()/cpu_down() as in 2.6.29 kernel/cpu.c.
 *  - the notifier chain sees UP_PREPARE (CPU still offline), ONLINE (CPU
 *    online) for cpu_up, and DOWN_PREPARE (online), DEAD (offline),
 *    POST_DEAD for cpu_down, in priority order; cpu_up of an online CPU
 *    and cpu_down of an offline CPU fail without calling the chain;
 *  - NOTIFY_BAD at CPU_UP_PREPARE from the 2nd notifier: CPU_UP_CANCELED
 *    goes to the 1st only, cpu_up fails, the CPU stays offline;
 *  - NOTIFY_BAD at CPU_DOWN_PREPARE: CPU_DOWN_FAILED to the 1st only,
 *    cpu_down fails, the CPU stays online;
 *  - cpu_down of the last online CPU fails;
 *  - get_online_cpus() held by one task blocks cpu_down in another (no
 *    notifier called, CPU online) until put_online_cpus();
 *  - interrupts off with preempt_count back to 0 (spin_unlock(a) inside
 *    local_irq_save, as __mod_timer between two timer bases) still hold
 *    off cpu_down's stop_machine until local_irq_restore();
 *  - a task sleeping on a dying CPU is migrated to an online CPU;
 *  - a dying CPU's pending timers migrate and still fire, on an online CPU.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/notifier.h>
#include <linux/completion.h>
#include <linux/timer.h>
#include <linux/spinlock.h>
#include "core/testing/wqtest.h"

#define MAX_REC 64

struct rec {
	int nb;
	unsigned long action;
	int cpu;
	int online;		/* cpu_online(cpu) when called */
};

/* recs_lock protects recs[]: the chain runs in another task than the
 * checks (e.g. a cpu_down still held off at stop_machine). */
static pthread_mutex_t recs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rec recs[MAX_REC];
static _Atomic int nr_recs;
static unsigned long bad_action[3];	/* per notifier: answer NOTIFY_BAD */

static int record(int nb, unsigned long action, void *hcpu)
{
	int cpu = (int)(long)hcpu;
	struct rec r = { nb, action, cpu, (int)cpu_online(cpu) };
	int i;

	pthread_mutex_lock(&recs_lock);
	i = atomic_fetch_add(&nr_recs, 1);
	if (i < MAX_REC)
		recs[i] = r;
	pthread_mutex_unlock(&recs_lock);
	if (bad_action[nb] && action == bad_action[nb])
		return NOTIFY_BAD;
	return NOTIFY_OK;
}

static int nb1_fn(struct notifier_block *nb, unsigned long action, void *hcpu)
{
	(void)nb;
	return record(1, action, hcpu);
}

static int nb2_fn(struct notifier_block *nb, unsigned long action, void *hcpu)
{
	(void)nb;
	return record(2, action, hcpu);
}

/* nb1 has the higher priority: it is called first. */
static struct notifier_block nb1 = { .notifier_call = nb1_fn, .priority = 10 };
static struct notifier_block nb2 = { .notifier_call = nb2_fn, .priority = 5 };

static void boot(int nr_cpus, unsigned int online)
{
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = nr_cpus,
					    .online_mask = online,
					    .no_subsystems = true });
	atomic_store(&nr_recs, 0);
	bad_action[1] = bad_action[2] = 0;
	nb1.next = nb2.next = NULL;
	/* register in the "wrong" order: the chain sorts by priority */
	WQT_CHECK_EQ(register_cpu_notifier(&nb2), 0);
	WQT_CHECK_EQ(register_cpu_notifier(&nb1), 0);
}

static void shutdown(void)
{
	unregister_cpu_notifier(&nb1);
	unregister_cpu_notifier(&nb2);
	wqt_shutdown();
}

/* Compare the recorded calls with @want (@n entries) and reset them. */
static void expect_recs(int line, const struct rec *want, int n)
{
	int i, got;

	pthread_mutex_lock(&recs_lock);
	got = atomic_load(&nr_recs);

	for (i = 0; i < n && i < got; i++)
		if (recs[i].nb != want[i].nb || recs[i].action != want[i].action ||
		    recs[i].cpu != want[i].cpu ||
		    recs[i].online != want[i].online)
			break;
	if (i < n || got != n) {
		fprintf(stderr, "notifier calls (nb action cpu online):\n");
		for (i = 0; i < got && i < MAX_REC; i++)
			fprintf(stderr, "  got  %d 0x%lx %d %d\n", recs[i].nb,
				recs[i].action, recs[i].cpu, recs[i].online);
		for (i = 0; i < n; i++)
			fprintf(stderr, "  want %d 0x%lx %d %d\n", want[i].nb,
				want[i].action, want[i].cpu, want[i].online);
		wqt_fatal(__FILE__, line, "wrong notifier sequence");
	}
	atomic_store(&nr_recs, 0);
	pthread_mutex_unlock(&recs_lock);
}
#define EXPECT_RECS(...) do {						\
	static const struct rec __w[] = { __VA_ARGS__ };		\
	expect_recs(__LINE__, __w, (int)(sizeof(__w) / sizeof(__w[0]))); \
} while (0)
#define EXPECT_NO_RECS() expect_recs(__LINE__, NULL, 0)

static void test_chain_order(void)
{
	boot(4, 0);
	WQT_CHECK_EQ(kenv_cpu_down(2), 0);
	WQT_CHECK(!cpu_online(2));
	EXPECT_RECS({ 1, CPU_DOWN_PREPARE, 2, 1 }, { 2, CPU_DOWN_PREPARE, 2, 1 },
		    { 1, CPU_DEAD, 2, 0 }, { 2, CPU_DEAD, 2, 0 },
		    { 1, CPU_POST_DEAD, 2, 0 }, { 2, CPU_POST_DEAD, 2, 0 });

	WQT_CHECK(kenv_cpu_down(2) < 0);	/* already offline */
	EXPECT_NO_RECS();

	WQT_CHECK_EQ(kenv_cpu_up(2), 0);
	WQT_CHECK(cpu_online(2));
	EXPECT_RECS({ 1, CPU_UP_PREPARE, 2, 0 }, { 2, CPU_UP_PREPARE, 2, 0 },
		    { 1, CPU_ONLINE, 2, 1 }, { 2, CPU_ONLINE, 2, 1 });

	WQT_CHECK(kenv_cpu_up(2) < 0);		/* already online */
	EXPECT_NO_RECS();
	WQT_CHECK_EQ(num_online_cpus(), 4);
	shutdown();
}

static void test_up_canceled(void)
{
	boot(4, 0x7);
	bad_action[2] = CPU_UP_PREPARE;
	WQT_CHECK(kenv_cpu_up(3) < 0);
	WQT_CHECK(!cpu_online(3));
	/* nb2 failed: it does not get CPU_UP_CANCELED, nb1 does */
	EXPECT_RECS({ 1, CPU_UP_PREPARE, 3, 0 }, { 2, CPU_UP_PREPARE, 3, 0 },
		    { 1, CPU_UP_CANCELED, 3, 0 });

	/* the first notifier failing: nobody gets CPU_UP_CANCELED */
	bad_action[2] = 0;
	bad_action[1] = CPU_UP_PREPARE;
	WQT_CHECK(kenv_cpu_up(3) < 0);
	WQT_CHECK(!cpu_online(3));
	EXPECT_RECS({ 1, CPU_UP_PREPARE, 3, 0 });

	bad_action[1] = 0;
	WQT_CHECK_EQ(kenv_cpu_up(3), 0);
	WQT_CHECK(cpu_online(3));
	EXPECT_RECS({ 1, CPU_UP_PREPARE, 3, 0 }, { 2, CPU_UP_PREPARE, 3, 0 },
		    { 1, CPU_ONLINE, 3, 1 }, { 2, CPU_ONLINE, 3, 1 });
	shutdown();
}

static void test_down_failed(void)
{
	boot(4, 0);
	bad_action[2] = CPU_DOWN_PREPARE;
	WQT_CHECK(kenv_cpu_down(1) < 0);
	WQT_CHECK(cpu_online(1));
	EXPECT_RECS({ 1, CPU_DOWN_PREPARE, 1, 1 }, { 2, CPU_DOWN_PREPARE, 1, 1 },
		    { 1, CPU_DOWN_FAILED, 1, 1 });
	bad_action[2] = 0;
	WQT_CHECK_EQ(kenv_cpu_down(1), 0);
	WQT_CHECK(!cpu_online(1));
	EXPECT_RECS({ 1, CPU_DOWN_PREPARE, 1, 1 }, { 2, CPU_DOWN_PREPARE, 1, 1 },
		    { 1, CPU_DEAD, 1, 0 }, { 2, CPU_DEAD, 1, 0 },
		    { 1, CPU_POST_DEAD, 1, 0 }, { 2, CPU_POST_DEAD, 1, 0 });
	shutdown();
}

static void test_last_cpu(void)
{
	boot(2, 0);
	WQT_CHECK_EQ(kenv_cpu_down(1), 0);
	atomic_store(&nr_recs, 0);
	WQT_CHECK(kenv_cpu_down(0) < 0);
	WQT_CHECK(cpu_online(0));
	WQT_CHECK_EQ(num_online_cpus(), 1);
	EXPECT_NO_RECS();
	shutdown();
}

/* ---- get_online_cpus() holds off cpu_down ---- */

static _Atomic int reader_holds, reader_release;
static _Atomic int down_done;
static _Atomic int down_ret;

static int reader_actor(void *arg)
{
	(void)arg;
	get_online_cpus();
	atomic_store(&reader_holds, 1);
	while (!atomic_load(&reader_release))
		wqt_settle(1);
	put_online_cpus();
	return 0;
}

static int downer_actor(void *arg)
{
	atomic_store(&down_ret, kenv_cpu_down((int)(long)arg));
	atomic_store(&down_done, 1);
	return 0;
}

static DEFINE_SPINLOCK(irq_test_lock);

static int irqs_off_actor(void *arg)
{
	unsigned long flags;

	(void)arg;
	local_irq_save(flags);
	spin_lock(&irq_test_lock);
	spin_unlock(&irq_test_lock);	/* preempt_count 0, irqs still off */
	atomic_store(&reader_holds, 1);
	while (!atomic_load(&reader_release))
		sched_yield();		/* no sleeping with irqs off */
	local_irq_restore(flags);
	return 0;
}

/* Start @holder (it sets reader_holds), then a cpu_down(2) that must
 * wait until the holder is released: before the chain (get_online_cpus)
 * or, with @prepared, at stop_machine after CPU_DOWN_PREPARE. */
static void expect_down_held_off(int (*holder)(void *), bool prepared)
{
	struct task_struct *r, *d;

	boot(4, 0);
	atomic_store(&reader_holds, 0);
	atomic_store(&reader_release, 0);
	atomic_store(&down_done, 0);
	atomic_store(&down_ret, -1);
	r = kenv_actor_start("holder", 0, holder, NULL);
	WQT_CHECK(r);
	WQT_CHECK(wqt_wait_int(&reader_holds, 1, 5000));
	d = kenv_actor_start("downer", 1, downer_actor, (void *)2L);
	WQT_CHECK(d);
	wqt_settle(100);
	WQT_CHECK_EQ(atomic_load(&down_done), 0);
	WQT_CHECK(cpu_online(2));
	if (prepared)
		EXPECT_RECS({ 1, CPU_DOWN_PREPARE, 2, 1 },
			    { 2, CPU_DOWN_PREPARE, 2, 1 });
	else		/* cpu_hotplug_begin() comes before the chain */
		EXPECT_NO_RECS();
	atomic_store(&reader_release, 1);
	WQT_CHECK(wqt_wait_int(&down_done, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&down_ret), 0);
	WQT_CHECK(!cpu_online(2));
	WQT_CHECK_EQ(kenv_actor_join(r), 0);
	WQT_CHECK_EQ(kenv_actor_join(d), 0);
	shutdown();
}

static void test_get_online_cpus_blocks_down(void)
{
	expect_down_held_off(reader_actor, false);
}

static void test_irqs_off_blocks_down(void)
{
	expect_down_held_off(irqs_off_actor, true);
}

/* ---- tasks and timers of a dying CPU ---- */

static struct completion mig_comp;
static _Atomic int mig_ready, mig_cpu_before, mig_cpu_after;

static int migrant_actor(void *arg)
{
	int cpu;

	(void)arg;
	atomic_store(&mig_cpu_before, raw_smp_processor_id());
	atomic_store(&mig_ready, 1);
	wait_for_completion(&mig_comp);
	cpu = get_cpu();
	atomic_store(&mig_cpu_after, cpu_online(cpu) ? cpu : -1 - cpu);
	put_cpu();
	return 0;
}

struct task_cpu_arg {
	struct task_struct *task;
	int cpu;
};

static int find_task_cpu(const struct kenv_task_info *ti, void *arg)
{
	struct task_cpu_arg *a = arg;

	if (ti->task != a->task)
		return 0;
	a->cpu = ti->cpu;
	return 1;
}

static void test_task_migration(void)
{
	struct task_cpu_arg a;
	struct task_struct *t;

	boot(4, 0);
	init_completion(&mig_comp);
	atomic_store(&mig_ready, 0);
	atomic_store(&mig_cpu_before, -1);
	atomic_store(&mig_cpu_after, -100);
	t = kenv_actor_start("migrant", 1, migrant_actor, NULL);
	WQT_CHECK(t);
	WQT_CHECK(wqt_wait_int(&mig_ready, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&mig_cpu_before), 1);
	wqt_settle(20);		/* let it fall asleep */
	WQT_CHECK_EQ(kenv_cpu_down(1), 0);
	a = (struct task_cpu_arg){ t, -1 };
	WQT_CHECK_EQ(kenv_for_each_task(find_task_cpu, &a), 1);
	WQT_CHECK(a.cpu >= 0 && a.cpu != 1 && cpu_online(a.cpu));
	complete(&mig_comp);
	WQT_CHECK_EQ(kenv_actor_join(t), 0);
	WQT_CHECK(atomic_load(&mig_cpu_after) >= 0);
	WQT_CHECK(atomic_load(&mig_cpu_after) != 1);
	shutdown();
}

static struct timer_list mig_timer;
static _Atomic int timer_ran, timer_cpu;

static void mig_timer_fn(unsigned long data)
{
	atomic_store(&timer_cpu, smp_processor_id());
	atomic_store(&timer_ran, (int)data);
}

static void test_timer_migration(void)
{
	unsigned long next;

	boot(4, 0);
	atomic_store(&timer_ran, 0);
	atomic_store(&timer_cpu, -1);
	setup_timer(&mig_timer, mig_timer_fn, 7);
	mig_timer.expires = jiffies + 5;
	add_timer_on(&mig_timer, 2);
	WQT_CHECK_EQ(kenv_cpu_down(2), 0);
	WQT_CHECK(timer_pending(&mig_timer));
	WQT_CHECK(kenv_next_timer(&next));
	WQT_CHECK(next == mig_timer.expires);
	wqt_advance(4);
	WQT_CHECK_EQ(atomic_load(&timer_ran), 0);
	wqt_advance(1);
	WQT_CHECK_EQ(atomic_load(&timer_ran), 7);
	WQT_CHECK(atomic_load(&timer_cpu) != 2);
	WQT_CHECK(cpu_online(atomic_load(&timer_cpu)));
	WQT_CHECK(!timer_pending(&mig_timer));
	shutdown();
}

int main(void)
{
	test_chain_order();
	test_up_canceled();
	test_down_failed();
	test_last_cpu();
	test_get_online_cpus_blocks_down();
	test_irqs_off_blocks_down();
	test_task_migration();
	test_timer_migration();
	printf("hotplug_test: OK\n");
	return 0;
}
