// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reproducers' inline promise checks of flush_work(),
 * cancel_work_sync(), cancel_delayed_work_sync(), the queue calls and
 * cancel_delayed_work() (repro.h), each
 * around the real call (the reproducer passes) and around a call that
 * does nothing while the work is listed, running or armed -- the broken
 * promise a buggy core would give (the reproducer fails with the
 * check's message). Each case is a reproducer in a child process, as
 * a repro.c is a process of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>
#include <linux/workqueue.h>
#include <wqkit/workqueue_events.h>

#include "core/testing/repro.h"

#define q0 rp_wq[0]

static struct rp_work w0, w1;

/* w0 sleeps on the virtual clock: listed or running for a while. */
static void w0_fn(struct work_struct *work)
{
	(void)work;
	schedule_timeout_uninterruptible(3);
}

static void w1_fn(struct work_struct *work)
{
	(void)work;
}

static void flush_real(void)
{
	queue_work(q0, &w0.work);
	rp_check_flush_work(&w0, flush_work(&w0.work));
}

static void flush_broken(void)
{
	queue_work(q0, &w0.work);
	rp_check_flush_work(&w0, (void)0);
}

static void cancel_real(void)
{
	queue_work(q0, &w0.work);
	rp_check_cancel_sync("cancel_work_sync", &w0, cancel_work_sync(&w0.work));
}

static void cancel_broken(void)
{
	queue_work(q0, &w0.work);
	rp_check_cancel_sync("cancel_work_sync", &w0, (void)0);
}

static void dcancel_real(void)
{
	queue_delayed_work(q0, &w1.dwork, 5);
	rp_check_cancel_sync("cancel_delayed_work_sync", &w1,
			     cancel_delayed_work_sync(&w1.dwork));
}

static void dcancel_broken(void)
{
	queue_delayed_work(q0, &w1.dwork, 5);
	rp_check_cancel_sync("cancel_delayed_work_sync", &w1, (void)0);
}

/*
 * What 2.6.29's try_to_grab_pending() does when its recheck is fooled
 * (core/KNOWN_BUGS.md grab_pending_delayed_recheck): the cancel clears
 * PENDING with the timer still armed.
 */
static void dcancel_clears_pending(void)
{
	queue_delayed_work(q0, &w1.dwork, 5);
	rp_check_cancel_sync("cancel_delayed_work_sync", &w1,
			     work_clear_pending(&w1.work));
}

/* ... and the event it raises first: an entry taken off no list. */
static void grab_unlisted(void)
{
	rp_check_cancel_sync("cancel_work_sync", &w0,
			     kenv_emit(WQKIT_EV_WORK_GRABBED, NULL, &w0.work, q0,
				       NULL, 0, 0));
}

/* A queue call's and a cancel's return value against what they did. */
static void queue_real(void)
{
	rp_check_queue("queue_work", &w0, queue_work(q0, &w0.work));
	rp_check_cancel(&w1, cancel_delayed_work(&w1.dwork));
	rp_check_queue("queue_delayed_work", &w1, queue_delayed_work(q0, &w1.dwork, 5));
	rp_check_cancel(&w1, cancel_delayed_work(&w1.dwork));
}

static void queue_says_1(void)
{
	rp_check_queue("queue_work", &w0, 1);
}

static void cancel_says_1(void)
{
	rp_check_cancel(&w1, 1);
}

/* A reproducer: one step running @op in actor t0. Does not return. */
static void reproducer(rp_op_fn op)
{
	static const struct rp_config cfg = {
		.cpus = 2, .actors = 1, .sched = RP_PCT, .seed = 1, .depth = 1,
	};

	rp_boot(&cfg);
	rp_init_work(&w0, 0, w0_fn, false);
	rp_init_work(&w1, 1, w1_fn, true);
	if (!rp_create(0, RP_MULTI))
		rp_fail("create_workqueue failed at setup");
	rp_start();
	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ op });
	rp_end();
}

static const struct {
	const char *name;
	rp_op_fn op;
	int status;
	const char *want;	/* in the child's output */
} cases[] = {
	{ "flush_work", flush_real, 0, "wqrepro: passed" },
	{ "flush_work skipped", flush_broken, 1,
	  "wqrepro: FAILED: flush_work returned " },
	{ "cancel_work_sync", cancel_real, 0, "wqrepro: passed" },
	{ "cancel_work_sync skipped", cancel_broken, 1,
	  "wqrepro: FAILED: cancel_work_sync returned while w0 still " },
	{ "cancel_delayed_work_sync", dcancel_real, 0, "wqrepro: passed" },
	{ "cancel_delayed_work_sync skipped", dcancel_broken, 1,
	  "wqrepro: FAILED: cancel_delayed_work_sync returned while w1 still pending (its timer armed)" },
	{ "cancel_delayed_work_sync clears PENDING, timer armed", dcancel_clears_pending, 1,
	  "wqrepro: FAILED: after cancel_delayed_work_sync: w1 has its timer armed but PENDING is clear" },
	{ "cancel_work_sync grabs an unlisted work", grab_unlisted, 1,
	  "wqrepro: FAILED: after cancel_work_sync: w0 grabbed but not listed" },
	{ "queue and cancel return values", queue_real, 0, "wqrepro: passed" },
	{ "queue_work returns 1, queues nothing", queue_says_1, 1,
	  "wqrepro: FAILED: queue_work returned 1 without queueing w0" },
	{ "cancel_delayed_work returns 1, deletes nothing", cancel_says_1, 1,
	  "wqrepro: FAILED: cancel_delayed_work returned 1 for idle w1 (it deleted no timer)" },
};

int main(void)
{
	static char out[65536];
	int fails = 0, fds[2], status;
	size_t i, len;
	ssize_t n;
	pid_t pid;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (pipe(fds))
			return 2;
		fflush(NULL);
		pid = fork();
		if (pid < 0)
			return 2;
		if (!pid) {
			close(fds[0]);
			dup2(fds[1], STDOUT_FILENO);
			dup2(fds[1], STDERR_FILENO);
			reproducer(cases[i].op);
		}
		close(fds[1]);
		len = 0;
		while (len < sizeof(out) - 1 &&
		       (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
			len += n;
		out[len] = '\0';
		close(fds[0]);
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != cases[i].status ||
		    !strstr(out, cases[i].want)) {
			printf("FAIL: %s: status %#x, want exit %d and \"%s\" in:\n%s\n",
			       cases[i].name, status, cases[i].status,
			       cases[i].want, out);
			fails++;
		} else {
			printf("ok: %s\n", cases[i].name);
		}
	}
	return fails != 0;
}
