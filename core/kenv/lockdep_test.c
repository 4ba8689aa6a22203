/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lockdep_test: lockdep-lite.
 *  - lockdep_depth() follows lock_map_acquire/release and spin_lock;
 *  - acquiring a lockdep_map the task already holds raises
 *    KENV_FAIL_LOCKDEP "recursive locking" naming both acquisition sites;
 *  - A then B in one task, later B then A in another (sequential, no real
 *    deadlock) raises "circular locking dependency" naming the new
 *    acquisition and the earlier A->B site; the consistent order does not;
 *  - debug_show_held_locks() prints the held locks into the printk log.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <linux/sched.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include "core/testing/wqtest.h"

static struct lock_class_key key_a, key_b;
static struct lockdep_map map_a, map_b;
static DEFINE_SPINLOCK(test_spin);

/* Source lines of the acquisitions, recorded where they happen. */
static _Atomic int line_a1, line_a2, line_b1, line_b2;

static void boot(void)
{
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
	lockdep_init_map(&map_a, "wqkit_test_map_A", &key_a, 0);
	lockdep_init_map(&map_b, "wqkit_test_map_B", &key_b, 0);
}

static bool has_site(const char *msg, int line)
{
	char site[64];

	snprintf(site, sizeof(site), "lockdep_test.c:%d", line);
	return strstr(msg, site) != NULL;
}

static void release_all(struct lockdep_map *m)
{
	int n = 0;

	while (lockdep_depth(current) > 0 && n++ < 4)
		lock_map_release(m);
}

/* ---- depth ---- */

static int depth_actor(void *arg)
{
	(void)arg;
	if (lockdep_depth(current) != 0)
		return 1;
	lock_map_acquire(&map_a);
	lock_map_acquire(&map_b);
	if (lockdep_depth(current) != 2)
		return 2;
	spin_lock(&test_spin);
	if (lockdep_depth(current) != 3)
		return 3;
	spin_unlock(&test_spin);
	lock_map_release(&map_b);
	if (lockdep_depth(current) != 1)
		return 4;
	lock_map_release(&map_a);
	return lockdep_depth(current) == 0 ? 0 : 5;
}

static void test_depth(void)
{
	boot();
	WQT_CHECK_EQ(wqt_run_on(1, depth_actor, NULL), 0);
	wqt_shutdown();
}

/* ---- recursive ---- */

static int recursive_actor(void *arg)
{
	(void)arg;
	line_a1 = __LINE__; lock_map_acquire(&map_a);
	line_a2 = __LINE__; lock_map_acquire(&map_a);
	release_all(&map_a);
	return 0;
}

static void test_recursive(void)
{
	struct kenv_failure f;

	boot();
	WQT_CHECK_EQ(wqt_run_on(1, recursive_actor, NULL), 0);
	WQT_CHECK(wqt_take_failure(&f));
	WQT_CHECK_EQ(f.kind, KENV_FAIL_LOCKDEP);
	if (!strstr(f.title, "recursive locking") ||
	    !has_site(f.message, line_a1) || !has_site(f.message, line_a2))
		wqt_fatal(__FILE__, __LINE__,
			  "want recursive locking at lines %d and %d, got: %s\n%s",
			  line_a1, line_a2, f.title, f.message);
	WQT_CHECK(strstr(f.message, "wqkit_test_map_A"));
	wqt_shutdown();
}

/* ---- circular ---- */

static int order_ab_actor(void *arg)
{
	(void)arg;
	lock_map_acquire(&map_a);
	line_b1 = __LINE__; lock_map_acquire(&map_b);
	lock_map_release(&map_b);
	lock_map_release(&map_a);
	return 0;
}

static int order_ba_actor(void *arg)
{
	(void)arg;
	line_b2 = __LINE__; lock_map_acquire(&map_b);
	line_a2 = __LINE__; lock_map_acquire(&map_a);
	lock_map_release(&map_a);
	lock_map_release(&map_b);
	return 0;
}

static void test_circular(void)
{
	struct kenv_failure f;

	boot();
	WQT_CHECK_EQ(wqt_run_on(0, order_ab_actor, NULL), 0);
	WQT_CHECK_EQ(wqt_run_on(1, order_ab_actor, NULL), 0);
	wqt_expect_no_failure();	/* the same order twice is fine */
	WQT_CHECK_EQ(wqt_run_on(1, order_ba_actor, NULL), 0);
	WQT_CHECK(wqt_take_failure(&f));
	WQT_CHECK_EQ(f.kind, KENV_FAIL_LOCKDEP);
	if (!strstr(f.title, "circular locking dependency") ||
	    !has_site(f.message, line_a2) || !has_site(f.message, line_b1))
		wqt_fatal(__FILE__, __LINE__,
			  "want circular dependency naming lines %d and %d, got: %s\n%s",
			  line_a2, line_b1, f.title, f.message);
	wqt_expect_no_failure();
	wqt_shutdown();
}

/* ---- debug_show_held_locks ---- */

static int show_actor(void *arg)
{
	(void)arg;
	lock_map_acquire(&map_b);
	debug_show_held_locks(current);
	lock_map_release(&map_b);
	return 0;
}

static void test_show_held_locks(void)
{
	static char buf[16384];

	boot();
	kenv_log_clear();
	WQT_CHECK_EQ(wqt_run_on(1, show_actor, NULL), 0);
	WQT_CHECK(kenv_log_read(buf, sizeof(buf)) > 0);
	if (!strstr(buf, "wqkit_test_map_B"))
		wqt_fatal(__FILE__, __LINE__, "held lock not in the log:\n%s", buf);
	WQT_CHECK(!strstr(buf, "wqkit_test_map_A"));
	wqt_shutdown();
}

int main(void)
{
	test_depth();
	test_recursive();
	test_circular();
	test_show_held_locks();
	printf("lockdep_test: OK\n");
	return 0;
}
