// SPDX-License-Identifier: GPL-2.0-only
/*
 * A step that can make no progress is reported as a hang, within a
 * real-time bound, with where every task sleeps; and the kenv left up
 * after it refuses later runs in the same process (callers fork).
 *
 * The test_fault after step 0 queues, on q0, a work that waits forever
 * on a completion nobody completes; step 1's flush_workqueue q0 then
 * cannot return.
 */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/completion.h>
#include <linux/workqueue.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/oracle/world.h"

static const char *const text =
	"cpus 2\n"
	"actors 2\n"
	"wq q0 multi\n"
	"work w0 plain q0 nop\n"
	"step 0\n"
	"  t0: queue_work q0 w0\n"
	"step 1\n"
	"  t0: flush_workqueue q0\n"
	"  t1: advance_jiffies 3\n";

static struct completion never;
static struct work_struct blocker;

static void block_forever(struct work_struct *work)
{
	(void)work;
	wait_for_completion(&never);
}

static void fault(void *world, int step, void *arg)
{
	struct wq_world *w = world;

	(void)arg;
	if (step != 0)
		return;
	init_completion(&never);
	INIT_WORK(&blocker, block_forever);
	queue_work(w->wq[0], &blocker);
}

static int run_twice(const struct wq_prog *p, const struct wq_exec_opts *o)
{
	static struct wq_exec_result r1, r2;

	if (wq_exec_run(p, o, &r1) != 1 || r1.kind != WQ_FAIL_HANG)
		return 10;
	if (!r1.kenv_left_up)
		return 11;
	if (wq_exec_run(p, o, &r2) != 1 || r2.kind != WQ_FAIL_KERNEL ||
	    !strstr(r2.title, "kenv unusable"))
		return 12;
	return 0;
}

int main(void)
{
	struct wq_exec_opts o;
	struct wq_prog p;
	struct xt_child c;

	xt_parse(text, &p);
	wq_exec_opts_default(&o);
	o.hang_ms = 200;
	o.test_fault = fault;
	xt_run_forked(&p, &o, 20, &c);
	if (!c.returned || c.r.kind != WQ_FAIL_HANG) {
		xt_print(&p, &c);
		XT_CHECK(0);
	}
	XT_CHECK(c.ret == 1);
	XT_CHECK(!strcmp(c.r.title, "hang in flush_workqueue"));
	XT_CHECK(c.r.step == 1 && c.r.actor == 0);
	XT_CHECK(strstr(c.r.detail, "task t0"));
	XT_CHECK(strstr(c.r.detail, "blocked_in=wait_for_completion"));
	/* wait objects by name (the executor's namer), not by address */
	XT_CHECK(strstr(c.r.detail, "on=completion t1's next op"));
	XT_CHECK(strstr(c.r.detail, "on=waitqueue more_work of q0/"));
	XT_CHECK(strstr(c.r.events, "t0:"));
	XT_CHECK(c.r.kenv_left_up);

	/* The same, twice in one process: the second run is refused. */
	{
		pid_t pid;
		int status;

		fflush(NULL);
		pid = fork();
		XT_CHECK(pid >= 0);
		if (!pid)
			_exit(run_twice(&p, &o));
		XT_CHECK(waitpid(pid, &status, 0) == pid);
		XT_CHECK(WIFEXITED(status));
		if (WEXITSTATUS(status))
			fprintf(stderr, "run_twice: %d\n", WEXITSTATUS(status));
		XT_CHECK(WEXITSTATUS(status) == 0);
	}
	printf("PASS\n");
	return 0;
}
