// SPDX-License-Identifier: GPL-2.0-only
/*
 * What is left after the executor's quiesce is a LEAK failure: an
 * allocation never freed, a workqueue never destroyed. A clean program
 * leaks nothing.
 */
#include <string.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "fuzz/exec/exectest.h"

static const char *const text =
	"cpus 2\n"
	"actors 1\n"
	"wq q0 multi\n"
	"work w0 plain q0 nop\n"
	"step 0\n"
	"  t0: queue_work q0 w0\n";

static void leak_alloc(void *world, int step, void *arg)
{
	(void)world;
	(void)step;
	(void)arg;
	XT_CHECK(kzalloc(32, GFP_KERNEL));
}

static void leak_wq(void *world, int step, void *arg)
{
	(void)world;
	(void)step;
	(void)arg;
	XT_CHECK(create_workqueue("leaked"));
}

static void expect(const struct wq_prog *p, void (*fault)(void *, int, void *),
		   const char *title)
{
	struct wq_exec_opts o;
	struct xt_child c;

	xt_opts_default(&o);
	o.test_fault = fault;
	xt_run_forked(p, &o, 60, &c);
	if (!c.returned || (title ? !!strcmp(c.r.title, title) :
			    c.r.kind != WQ_FAIL_NONE)) {
		fprintf(stderr, "expected %s\n", title ? title : "no failure");
		xt_print(p, &c);
		XT_CHECK(0);
	}
	XT_CHECK(c.ret == (title != NULL));
	XT_CHECK(!title || c.r.kind == WQ_FAIL_LEAK);
	XT_CHECK(!c.r.kenv_left_up);
}

int main(void)
{
	struct wq_prog p;

	xt_parse(text, &p);
	expect(&p, NULL, NULL);
	expect(&p, leak_alloc, "leak of allocations after quiesce");
	expect(&p, leak_wq, "leak of workqueues after quiesce");
	printf("PASS\n");
	return 0;
}
