/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report_test: the failure channel and the printk log.
 *  - BUG_ON() in a kthread delivers KENV_FAIL_BUG with function, file,
 *    line, task, pid and cpu filled in; the task never continues (it is
 *    parked, and kenv_reset() counts it as a leaked task);
 *  - WARN_ON() raises KENV_FAIL_WARN, returns true and the task continues;
 *    WARN_ON(false) raises nothing;
 *  - printk() + dump_stack() raise KENV_FAIL_DUMP_STACK whose message is
 *    the lines printk()ed since the task's previous report;
 *  - kenv_nr_failures() counts; the printk log is bounded and keeps the
 *    newest messages; kenv_log_clear() empties it.
 */
#include <stdatomic.h>
#include <string.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/kernel.h>
#include "core/testing/wqtest.h"

static void boot(void)
{
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
}

static bool have_failure(void *arg)
{
	(void)arg;
	return wqt_nr_failures() > 0;
}

/* ---- BUG_ON ---- */

static _Atomic int bug_line;
static _Atomic int after_bug;

static int bug_thread_fn(void *arg)
{
	bug_line = __LINE__; BUG_ON(arg != NULL);
	atomic_store(&after_bug, 1);
	return 0;
}

static void test_bug(void)
{
	struct kenv_leaks leaks;
	struct kenv_failure f;
	struct task_struct *k;

	boot();
	k = kthread_create(bug_thread_fn, &after_bug, "bugger");
	WQT_CHECK(!IS_ERR(k));
	kthread_bind(k, 1);
	wake_up_process(k);
	WQT_CHECK(wqt_wait(have_failure, NULL, 5000));
	WQT_CHECK(wqt_take_failure(&f));
	WQT_CHECK_EQ(f.kind, KENV_FAIL_BUG);
	WQT_CHECK(f.function && !strcmp(f.function, "bug_thread_fn"));
	WQT_CHECK(f.file && strstr(f.file, "report_test.c"));
	WQT_CHECK_EQ(f.line, bug_line);
	WQT_CHECK_EQ(strcmp(f.task, "bugger"), 0);
	WQT_CHECK_EQ(f.pid, k->pid);
	WQT_CHECK_EQ(f.cpu, 1);
	WQT_CHECK(strstr(f.title, "BUG"));
	WQT_CHECK(kenv_nr_failures() >= 1);
	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&after_bug), 0);	/* an oops kills the task */
	wqt_expect_no_failure();

	/* the dead kthread is never stopped: reset reclaims it as a leak */
	WQT_CHECK_EQ(kenv_reset(&leaks), 1);
	WQT_CHECK_EQ(leaks.tasks, 1);
}

/* ---- WARN_ON ---- */

static _Atomic int warn_line;
static _Atomic int after_warn;

static int warn_actor(void *arg)
{
	int x = *(int *)arg, r0, r1;

	r0 = WARN_ON(x == 0);
	warn_line = __LINE__; r1 = WARN_ON(x == 1);
	atomic_store(&after_warn, 1);
	return r0 * 10 + r1;
}

static void test_warn(void)
{
	struct kenv_failure f;
	int one = 1;

	boot();
	WQT_CHECK_EQ(wqt_run_on(1, warn_actor, &one), 1);
	WQT_CHECK_EQ(atomic_load(&after_warn), 1);
	WQT_CHECK(wqt_take_failure(&f));
	WQT_CHECK_EQ(f.kind, KENV_FAIL_WARN);
	WQT_CHECK(f.function && !strcmp(f.function, "warn_actor"));
	WQT_CHECK_EQ(f.line, warn_line);
	WQT_CHECK_EQ(f.cpu, 1);
	WQT_CHECK_EQ(kenv_nr_failures(), 1);
	wqt_expect_no_failure();	/* WARN_ON(false) raised nothing */
	wqt_shutdown();
}

/* ---- printk + dump_stack ---- */

static int dump_actor(void *arg)
{
	(void)arg;
	printk(KERN_ERR "wqkit-test: first line %d\n", 1);
	printk(KERN_ERR "wqkit-test: second line\n");
	dump_stack();
	printk(KERN_ERR "wqkit-test: third line\n");
	dump_stack();
	return 0;
}

static void test_dump_stack(void)
{
	struct kenv_failure f;

	boot();
	WQT_CHECK_EQ(wqt_run_on(1, dump_actor, NULL), 0);
	WQT_CHECK(wqt_take_failure(&f));
	WQT_CHECK_EQ(f.kind, KENV_FAIL_DUMP_STACK);
	if (!strstr(f.message, "wqkit-test: first line 1") ||
	    !strstr(f.message, "wqkit-test: second line") ||
	    strstr(f.message, "third line"))
		wqt_fatal(__FILE__, __LINE__, "bad dump_stack message:\n%s",
			  f.message);
	WQT_CHECK(f.function && !strcmp(f.function, "dump_actor"));
	WQT_CHECK(wqt_take_failure(&f));
	WQT_CHECK_EQ(f.kind, KENV_FAIL_DUMP_STACK);
	if (!strstr(f.message, "wqkit-test: third line") ||
	    strstr(f.message, "first line"))
		wqt_fatal(__FILE__, __LINE__, "report buffer not cleared:\n%s",
			  f.message);
	WQT_CHECK_EQ(kenv_nr_failures(), 2);
	wqt_shutdown();
}

/* ---- bounded log ---- */

static void test_log_bounded(void)
{
	static char buf[1 << 22];
	char small[64];
	size_t n;
	int i;

	boot();
	kenv_log_clear();
	WQT_CHECK_EQ(kenv_log_read(buf, sizeof(buf)), 0);
	for (i = 0; i < 200000; i++)	/* 3.4 MB of messages */
		printk(KERN_INFO "wqkit-log %07d\n", i);
	n = kenv_log_read(buf, sizeof(buf));
	WQT_CHECK(n > 0 && n < sizeof(buf));
	WQT_CHECK_EQ(buf[n], '\0');
	WQT_CHECK(n < (size_t)200000 * 17);	/* bounded */
	WQT_CHECK(strstr(buf, "wqkit-log 0199999"));
	WQT_CHECK(!strstr(buf, "wqkit-log 0000000"));

	n = kenv_log_read(small, sizeof(small));
	WQT_CHECK(n > 0 && n <= sizeof(small) - 1);
	WQT_CHECK_EQ(small[n], '\0');
	WQT_CHECK(strstr(small, "0199999"));	/* the newest, not the oldest */

	kenv_log_clear();
	WQT_CHECK_EQ(kenv_log_read(buf, sizeof(buf)), 0);
	wqt_shutdown();
}

int main(void)
{
	test_bug();
	test_warn();
	test_dump_stack();
	test_log_bounded();
	printf("report_test: OK\n");
	return 0;
}
