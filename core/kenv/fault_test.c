/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fault_test: fault injection.
 *  - kenv_fail_alloc_nth(n) makes exactly the n-th kzalloc/kmalloc/
 *    alloc_percpu after the call return NULL, and no other; 0 disables it;
 *    kenv_alloc_calls() counts the calls;
 *  - kenv_fail_kthread_nth(n) makes exactly the n-th kthread_create fail
 *    with ERR_PTR(-ENOMEM); kenv_kthread_calls() counts the calls.
 */
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/percpu.h>
#include "core/testing/wqtest.h"

#define N 8

static void boot(void)
{
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
}

static void test_alloc_nth(void)
{
	void *p[N];
	unsigned long calls;
	int i, nth, base;

	boot();
	base = kenv_nr_allocations();
	for (nth = 1; nth <= 4; nth++) {
		kenv_fail_alloc_nth(nth);
		calls = kenv_alloc_calls();
		for (i = 0; i < N; i++) {
			p[i] = i % 2 ? kmalloc(32, GFP_KERNEL) :
				       kzalloc(48, GFP_KERNEL);
			if (i + 1 == nth)
				WQT_CHECK(p[i] == NULL);
			else
				WQT_CHECK(p[i] != NULL);
		}
		WQT_CHECK_EQ(kenv_alloc_calls() - calls, N);
		WQT_CHECK_EQ(kenv_nr_allocations(), base + N - 1);
		for (i = 0; i < N; i++)
			kfree(p[i]);	/* kfree(NULL) is fine */
		WQT_CHECK_EQ(kenv_nr_allocations(), base);
	}

	/* alloc_percpu counts too */
	kenv_fail_alloc_nth(2);
	p[0] = kzalloc(8, GFP_KERNEL);
	p[1] = alloc_percpu(long);
	p[2] = alloc_percpu(long);
	WQT_CHECK(p[0] && !p[1] && p[2]);
	kfree(p[0]);
	free_percpu(p[2]);

	/* 0: never */
	kenv_fail_alloc_nth(0);
	for (i = 0; i < N; i++) {
		p[i] = kzalloc(16, GFP_KERNEL);
		WQT_CHECK(p[i] != NULL);
	}
	for (i = 0; i < N; i++)
		kfree(p[i]);
	WQT_CHECK_EQ(kenv_nr_allocations(), base);
	wqt_shutdown();
}

static int idle_fn(void *arg)
{
	(void)arg;
	return 0;
}

static void test_kthread_nth(void)
{
	struct task_struct *k[4];
	unsigned long calls;
	int i;

	boot();
	kenv_fail_kthread_nth(2);
	calls = kenv_kthread_calls();
	for (i = 0; i < 4; i++)
		k[i] = kthread_create(idle_fn, NULL, "fault-%d", i);
	WQT_CHECK_EQ(kenv_kthread_calls() - calls, 4);
	WQT_CHECK(k[0] && !IS_ERR(k[0]));
	WQT_CHECK(IS_ERR(k[1]));
	WQT_CHECK_EQ(PTR_ERR(k[1]), -ENOMEM);
	WQT_CHECK(k[2] && !IS_ERR(k[2]));
	WQT_CHECK(k[3] && !IS_ERR(k[3]));
	for (i = 0; i < 4; i++)
		if (!IS_ERR(k[i]))
			WQT_CHECK_EQ(kthread_stop(k[i]), -EINTR);
	wqt_shutdown();
}

int main(void)
{
	test_alloc_nth();
	test_kthread_nth();
	printf("fault_test: OK\n");
	return 0;
}
