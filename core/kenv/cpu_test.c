/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpu_test: virtual CPUs.
 *  - the CPU masks after boot (possible = nr_cpus, online = online_mask);
 *  - smp_processor_id() (under preempt_disable), raw_smp_processor_id()
 *    and task_cpu() in an actor started on CPU c are all c, for every c;
 *  - smp_processor_id() in preemptible context WARNs, as with
 *    CONFIG_DEBUG_PREEMPT, when the task is not bound to one CPU;
 *  - a timer queued with add_timer_on(t, c) runs in softirq context
 *    (in_interrupt() true) on CPU c, in the task "ksoftirqd/c";
 *  - alloc_percpu() gives a distinct zeroed copy per possible CPU, that is
 *    a tracked allocation until free_percpu().
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/timer.h>
#include <linux/preempt.h>
#include "core/testing/wqtest.h"

#define NCPUS 4

static int cpu_actor(void *arg)
{
	int expect = (int)(long)arg, id;

	preempt_disable();
	id = smp_processor_id();
	preempt_enable();
	if (id != expect)
		return 100 + id;
	if (raw_smp_processor_id() != expect)
		return 200 + raw_smp_processor_id();
	if (task_cpu(current) != expect)
		return 300 + task_cpu(current);
	return 0;
}

static void test_masks_and_ids(void)
{
	int c;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = NCPUS, .online_mask = 0x7,
					    .no_subsystems = true });
	WQT_CHECK_EQ(kenv_nr_cpus(), NCPUS);
	WQT_CHECK_EQ(num_possible_cpus(), NCPUS);
	WQT_CHECK_EQ(num_online_cpus(), 3);
	WQT_CHECK(!cpu_online(3) && cpu_possible(3));
	WQT_CHECK_EQ(kenv_cpu_up(3), 0);
	for (c = 0; c < NCPUS; c++)
		WQT_CHECK_EQ(wqt_run_on(c, cpu_actor, (void *)(long)c), 0);
	/* the boot task is CPU 0 */
	WQT_CHECK_EQ(raw_smp_processor_id(), 0);
	wqt_shutdown();
}

static int preemptible_id_actor(void *arg)
{
	(void)arg;
	return smp_processor_id();
}

static void test_preemptible_smp_processor_id_warns(void)
{
	struct kenv_failure f;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = NCPUS,
					    .no_subsystems = true });
	WQT_CHECK_EQ(wqt_run_on(2, preemptible_id_actor, NULL), 2);
	WQT_CHECK(wqt_take_failure(&f));
	WQT_CHECK_EQ(f.kind, KENV_FAIL_WARN);
	wqt_shutdown();
}

/* ---- timers run on their CPU, in softirq context ---- */

struct tinfo {
	struct timer_list timer;
	_Atomic int ran;
	_Atomic int cpu;
	_Atomic int in_intr;
	char comm[TASK_COMM_LEN];
};

static void timer_fn(unsigned long data)
{
	struct tinfo *ti = (struct tinfo *)data;

	atomic_store(&ti->in_intr, in_interrupt() != 0);
	atomic_store(&ti->cpu, smp_processor_id());
	memcpy(ti->comm, current->comm, TASK_COMM_LEN);
	atomic_store(&ti->ran, 1);
}

static void test_timer_cpu(void)
{
	static struct tinfo ti[NCPUS];
	char want[TASK_COMM_LEN];
	int c;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = NCPUS,
					    .no_subsystems = true });
	memset(ti, 0, sizeof(ti));
	for (c = 0; c < NCPUS; c++) {
		atomic_store(&ti[c].cpu, -1);
		setup_timer(&ti[c].timer, timer_fn, (unsigned long)&ti[c]);
		ti[c].timer.expires = jiffies + 1 + c;
		add_timer_on(&ti[c].timer, c);
	}
	wqt_advance(NCPUS);
	for (c = 0; c < NCPUS; c++) {
		WQT_CHECK_EQ(atomic_load(&ti[c].ran), 1);
		WQT_CHECK_EQ(atomic_load(&ti[c].in_intr), 1);
		WQT_CHECK_EQ(atomic_load(&ti[c].cpu), c);
		snprintf(want, sizeof(want), "ksoftirqd/%d", c);
		if (strcmp(ti[c].comm, want))
			wqt_fatal(__FILE__, __LINE__, "timer on CPU %d ran in '%s'",
				  c, ti[c].comm);
	}
	wqt_shutdown();
}

/* ---- per-CPU allocation ---- */

struct pcpu {
	long v[16];
};

static void test_percpu(void)
{
	struct pcpu *p, *q[NCPUS];
	int base, c, d, i;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = NCPUS,
					    .no_subsystems = true });
	base = kenv_nr_allocations();
	p = alloc_percpu(struct pcpu);
	WQT_CHECK(p);
	WQT_CHECK_EQ(kenv_nr_allocations(), base + 1);
	for (c = 0; c < NCPUS; c++) {
		q[c] = per_cpu_ptr(p, c);
		WQT_CHECK(q[c]);
		for (i = 0; i < 16; i++)
			WQT_CHECK_EQ(q[c]->v[i], 0);
		for (d = 0; d < c; d++) {
			/* distinct, non-overlapping copies */
			WQT_CHECK(q[d] != q[c]);
			WQT_CHECK((char *)q[d] + sizeof(struct pcpu) <= (char *)q[c] ||
				  (char *)q[c] + sizeof(struct pcpu) <= (char *)q[d]);
		}
	}
	for (c = 0; c < NCPUS; c++)
		for (i = 0; i < 16; i++)
			q[c]->v[i] = c * 100 + i;
	for (c = 0; c < NCPUS; c++) {
		WQT_CHECK(per_cpu_ptr(p, c) == q[c]);	/* stable */
		for (i = 0; i < 16; i++)
			WQT_CHECK_EQ(q[c]->v[i], c * 100 + i);
	}
	free_percpu(p);
	WQT_CHECK_EQ(kenv_nr_allocations(), base);
	wqt_shutdown();
}

int main(void)
{
	test_masks_and_ids();
	test_preemptible_smp_processor_id_warns();
	test_timer_cpu();
	test_percpu();
	printf("cpu_test: OK\n");
	return 0;
}
