// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle's model linked alone (//fuzz/oracle:model and what is below
 * it, no dispatcher, no executor: a call upward would not link): the
 * instance table and its growth, per-work live lists, lookups, names and
 * the first-violation record.
 */
#include <stdio.h>
#include <string.h>

#include "core/testing/check.h"
#include "fuzz/oracle/model.h"

static struct wq_prog prog;
static struct wq_world world;

#define FAKE(n)	((const void *)(0x1000UL * (n)))

static struct wq_oracle *model(void)
{
	struct wq_oracle *o = wqo_model_new();
	int i;

	memset(&prog, 0, sizeof(prog));
	prog.nworks = 3;
	prog.nwqs = 2;
	prog.wq_kind[1] = WQ_KIND_FREEZEABLE;
	world.prog = &prog;
	o->w = &world;
	o->p = &prog;
	for (i = 0; i < WQ_MAX_WORKS; i++)
		o->work[i].latest = WQO_NO_INST;
	return o;
}

static void test_work_index(struct wq_oracle *o)
{
	CHECK_EQ(wqo_work_index(o, wq_world_ws(&world, 0)), 0);
	CHECK_EQ(wqo_work_index(o, wq_world_ws(&world, 2)), 2);
	/* beyond nworks, inside a slot, outside the world */
	CHECK_EQ(wqo_work_index(o, wq_world_ws(&world, 3)), -1);
	CHECK_EQ(wqo_work_index(o, &world.work[1].dwork.timer), -1);
	CHECK_EQ(wqo_work_index(o, &prog), -1);
}

static void test_instances(struct wq_oracle *o)
{
	int a, b, k;

	a = wqo_birth(o, 1);
	CHECK_EQ(a, 0);
	o->inst[a].state = WQO_LISTED;
	o->inst[a].cwq = FAKE(1);
	b = wqo_birth(o, 1);
	CHECK_EQ(b, 1);
	o->inst[b].state = WQO_TIMER;
	CHECK_EQ(o->inst[b].want_cpu, -1);
	CHECK_EQ(o->work[1].nlive, 2);
	CHECK_EQ(o->work[1].latest, b);
	CHECK_EQ(wqo_find_live(o, 1, WQO_LISTED, NULL), a);
	CHECK_EQ(wqo_find_live(o, 1, WQO_LISTED, FAKE(1)), a);
	CHECK_EQ(wqo_find_live(o, 1, WQO_LISTED, FAKE(2)), -1);
	CHECK_EQ(wqo_find_live(o, 1, WQO_TIMER, NULL), b);
	CHECK_EQ(wqo_find_live(o, 0, WQO_LISTED, NULL), -1);

	wqo_kill(o, a, WQO_DONE);
	CHECK_EQ(o->inst[a].state, WQO_DONE);
	CHECK_EQ(o->work[1].nlive, 1);
	CHECK_EQ(o->work[1].live[0], b);
	CHECK_EQ(wqo_find_live(o, 1, WQO_LISTED, NULL), -1);
	wqo_kill(o, b, WQO_CANCELLED);
	CHECK_EQ(o->work[1].nlive, 0);

	/* the table grows past its first 1024 entries, keeping what it had */
	for (k = 0; k < 3000; k++) {
		a = wqo_birth(o, 2);
		CHECK_EQ(a, k + 2);
		o->inst[a].cpu = k % 7;
		wqo_kill(o, a, WQO_DONE);
	}
	CHECK(o->cap >= 3002);
	CHECK_EQ(o->inst[1502].cpu, 1500 % 7);
	CHECK(!o->overflow);

	/* more live instances of one work than the model holds */
	for (k = 0; k < WQO_MAX_LIVE; k++)
		CHECK(wqo_birth(o, 0) >= 0);
	CHECK_EQ(wqo_birth(o, 0), -1);
	CHECK(o->overflow);
	o->overflow = false;
	printf("ok: instances (%lu born, table of %lu)\n", o->ninst, o->cap);
}

static void test_tables_and_names(struct wq_oracle *o)
{
	char buf[96];
	struct wqo_task *t;

	CHECK_EQ(wqo_add_wq(o, FAKE(7), WQ_KEVENTD), 0);
	CHECK_EQ(wqo_add_wq(o, FAKE(8), 1), 1);
	CHECK_EQ(wqo_add_wq(o, FAKE(8), 1), 1);
	CHECK(!o->wqs[0].single && !o->wqs[0].freezeable);	/* keventd */
	CHECK(o->wqs[1].single && o->wqs[1].freezeable);
	CHECK_EQ(wqo_wq_index(o, FAKE(8)), 1);
	CHECK_EQ(wqo_wq_index(o, NULL), -1);
	CHECK(!strcmp(wqo_wq_name(o, 0, buf, sizeof(buf)), "events"));
	CHECK(!strcmp(wqo_wq_name(o, 1, buf, sizeof(buf)), "q1"));
	CHECK(!strcmp(wqo_wq_name(o, 5, buf, sizeof(buf)), "a workqueue"));
	CHECK(!strcmp(wqo_work_name(o, wq_world_ws(&world, 2), buf,
				    sizeof(buf)), "w2"));
	CHECK(!strcmp(wqo_work_name(o, NULL, buf, sizeof(buf)), "nothing"));
	CHECK(!strcmp(wqo_work_name(o, FAKE(3), buf, sizeof(buf)),
		      "an internal work"));

	CHECK(wqo_cwq(o, FAKE(20), 1, 3) == wqo_cwq(o, FAKE(20), 1, 3));
	CHECK_EQ(wqo_cwq(o, FAKE(20), 0, 0)->cpu, 3);
	CHECK_EQ(o->ncwqs, 1);

	t = wqo_task(o, FAKE(30));
	CHECK(t && !wqo_top(t));
	t->depth = 1;
	CHECK(wqo_top(t) == &t->frame[0]);
	CHECK(wqo_task(o, FAKE(31)) != t);
	t->depth = 0;	/* a task with no call in flight gives its slot up */
	CHECK(wqo_task(o, FAKE(32)) == t);

	o->inst[2].wq = 1;
	o->inst[2].cpu = 3;
	wqo_describe(o, 2, buf, sizeof(buf));
	CHECK(!strcmp(buf, "instance #2 of w2 (queued): done on q1/cpu3"));
	printf("ok: tables and names (%s)\n", buf);
}

static void test_violation(struct wq_oracle *o)
{
	o->step = 4;
	wqo_violation(o, "w1 ran twice", "at %d\n", 9);
	o->step = 5;
	wqo_violation(o, "w2 ran twice", "at %d\n", 10);
	CHECK(o->failed);
	CHECK_EQ(o->fail_step, 4);
	CHECK(!strcmp(o->title, "w1 ran twice"));
	CHECK(!strcmp(o->detail, "oracle: w1 ran twice\nat 9\n"));
	printf("ok: first violation kept\n");
}

int main(void)
{
	struct wq_oracle *o = model();

	test_work_index(o);
	test_instances(o);
	test_tables_and_names(o);
	test_violation(o);
	wqo_model_free(o);
	return 0;
}
