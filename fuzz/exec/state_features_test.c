// SPDX-License-Identifier: GPL-2.0-only
/*
 * The state features of the interleaving counters (feedback.c), fed
 * synthetic events by one task (so no hand-over or lock pair fires):
 * a second work listed on one cwq is a new feature, the same two works
 * on two cwqs are not; a work queued while it runs is one, queued after
 * it ended is not; what a CPU's cwqs hold when it goes down; an event
 * while a cpu_down op is in flight differs from the same event without.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <kenv/kenv.h>
#include <wqkit/workqueue_events.h>
#include <linux/sched.h>

#include "core/testing/check.h"
#include "fuzz/exec/feedback.h"
#include "fuzz/prog/prog.h"

static struct task_struct task = { .comm = "t0" };
static const int cwq_a, cwq_b;	/* two cwqs' addresses */

static void ev(int type, int work, const void *cwq, int cpu)
{
	struct kenv_event e = {
		.type = type, .queue = cwq, .cpu = cpu, .task = &task,
		.obj = cwq, .owner = cwq,
	};

	wq_feedback_event(&e, work, 0);
}

/* The counters of a sequence: open, @fn, close. */
static void features(void (*fn)(void), uint8_t *out)
{
	wq_feedback_open();
	fn();
	wq_feedback_close();
	memcpy(out, wq_ilcov, WQ_ILCOV_SIZE);
}

/* Counters @a sets that @b does not. */
static int new_in(void (*a)(void), void (*b)(void))
{
	static uint8_t ca[WQ_ILCOV_SIZE], cb[WQ_ILCOV_SIZE];
	int i, n = 0;

	features(a, ca);
	features(b, cb);
	for (i = 0; i < WQ_ILCOV_SIZE; i++)
		n += ca[i] && !cb[i];
	return n;
}

static void one_listed(void) { ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_a, 1); }
static void two_listed(void)
{
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_a, 1);
	ev(WQKIT_EV_WORK_QUEUED, 1, &cwq_a, 1);
}
static void two_cwqs(void)
{
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_a, 1);
	ev(WQKIT_EV_WORK_QUEUED, 1, &cwq_b, 2);
}
static void requeued_running(void)
{
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_a, 1);
	ev(WQKIT_EV_WORK_START, 0, &cwq_a, 1);
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_b, 2);
}
static void requeued_after(void)
{
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_a, 1);
	ev(WQKIT_EV_WORK_START, 0, &cwq_a, 1);
	ev(WQKIT_EV_WORK_END, 0, &cwq_a, 1);
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_b, 2);
}
static void down_empty(void)
{
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_b, 2);
	ev(KENV_EV_CPU_DOWN, -1, NULL, 1);
}
static void down_listed(void)
{
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_a, 1);
	ev(KENV_EV_CPU_DOWN, -1, NULL, 1);
}
static const struct wq_op down_op = { .op = WQ_OP_CPU_DOWN, .cpu = 3 };
static void after_down(void)
{
	wq_feedback_op_begin(1, &down_op);
	wq_feedback_op_end(1);
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_a, 1);
}
static void during_down(void)
{
	wq_feedback_op_begin(1, &down_op);
	ev(WQKIT_EV_WORK_QUEUED, 0, &cwq_a, 1);
	wq_feedback_op_end(1);
}

static void expect(const char *what, void (*a)(void), void (*b)(void),
		   bool differ)
{
	int n = new_in(a, b);

	printf("state_features_test: %s: %d new counter(s)\n", what, n);
	EXPECT(differ ? n > 0 : n == 0, "%s: %d", what, n);
}

int main(void)
{
	expect("a second work listed on one cwq", two_listed, one_listed, true);
	expect("a second work listed on another cwq", two_cwqs, one_listed, false);
	expect("a work queued while it runs", requeued_running, requeued_after, true);
	expect("a CPU down with a work listed on it", down_listed, down_empty, true);
	expect("an event during a cpu_down", during_down, after_down, true);
	expect("the same sequence again", during_down, during_down, false);
	return check_done("state_features_test");
}
