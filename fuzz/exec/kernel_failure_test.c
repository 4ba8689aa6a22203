// SPDX-License-Identifier: GPL-2.0-only
/*
 * A kernel failure (BUG_ON in a work function, raised through kenv's
 * failure channel) becomes a KERNEL result with kenv's stable title and
 * message; in abort mode the report is printed and the process aborts
 * in the failing task.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <linux/kernel.h>
#include <linux/workqueue.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/oracle/world.h"

static const char *const text =
	"cpus 2\n"
	"actors 1\n"
	"wq q0 multi\n"
	"work w0 plain q0 nop\n"
	"step 0\n"
	"  t0: queue_work q0 w0\n"
	"step 1\n"
	"  t0: flush_workqueue q0\n";

static struct work_struct bad;

static void bug_fn(struct work_struct *work)
{
	(void)work;
	BUG_ON(work == &bad);
}

static void fault(void *world, int step, void *arg)
{
	struct wq_world *w = world;

	(void)arg;
	if (step != 0)
		return;
	INIT_WORK(&bad, bug_fn);
	queue_work(w->wq[0], &bad);
}

int main(void)
{
	struct wq_exec_opts o;
	struct wq_prog p;
	struct xt_child c;

	xt_parse(text, &p);
	xt_opts_default(&o);	/* the BUG report is slow under ASan */
	o.test_fault = fault;
	xt_run_forked(&p, &o, 60, &c);
	if (!c.returned || c.r.kind != WQ_FAIL_KERNEL) {
		xt_print(&p, &c);
		XT_CHECK(0);
	}
	XT_CHECK(c.ret == 1);
	XT_CHECK(strstr(c.r.title, "BUG"));
	XT_CHECK(strstr(c.r.title, "work == &bad"));
	XT_CHECK(!strstr(c.r.title, "0x"));
	XT_CHECK(strstr(c.r.detail, "bug_fn"));
	XT_CHECK(c.r.kenv_left_up);	/* a BUG leaves kenv up */

	/* Abort mode: report on stderr, then SIGABRT. */
	o.abort_on_failure = true;
	xt_run_forked(&p, &o, 60, &c);
	XT_CHECK(!c.returned && WIFSIGNALED(c.status) &&
		 WTERMSIG(c.status) == SIGABRT);
	XT_CHECK(strstr(c.err, "==wqkit== FAILURE\nkind: kernel\ntitle: "));
	XT_CHECK(strstr(c.err, "==wqkit== END"));
	printf("PASS\n");
	return 0;
}
