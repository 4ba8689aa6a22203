// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace hash is a pure function of the (role, event) sequence: equal
 * sequences hash equal whatever else happened (reset, ring wrap-around),
 * any change of one field, the role or the order changes it; the dump
 * keeps the newest WQ_TRACE_RING events per role, newest last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wqkit/workqueue_events.h>

#include "fuzz/exec/trace.h"

#include "core/testing/check.h"

static struct wq_trace t;

static struct wq_trace_ev ev(int type, int work, int wq, int cpu,
			     const char *api, long ret, unsigned long now)
{
	struct wq_trace_ev e = {
		.type = type, .work = work, .wq = wq, .cpu = cpu,
		.api = api, .ret = ret, .now = now,
	};
	return e;
}

#define NSEQ 6
static const char *const roles[NSEQ] = {
	"t0", "t0", "q0/1", "q0/1", "q0/1", "t0",
};

static struct wq_trace_ev seq[NSEQ];

static void init_seq(void)
{
	seq[0] = ev(WQKIT_EV_API_ENTER, 2, 0, 1, "queue_work_on", 0, 5);
	seq[1] = ev(WQKIT_EV_WORK_QUEUED, 2, 0, 1, NULL, 0, 5);
	seq[2] = ev(WQKIT_EV_WORK_START, 2, 0, 1, NULL, 0, 5);
	seq[3] = ev(WQKIT_EV_WORK_END, 2, 0, 1, NULL, 0, 6);
	seq[4] = ev(WQKIT_EV_WORK_START, WQ_TRACE_BARRIER, 0, 1, NULL, 0, 6);
	seq[5] = ev(WQKIT_EV_API_EXIT, 2, 0, 1, "queue_work_on", 1, 6);
}

/* Hash of seq with event @k replaced by @alt (k < 0: unchanged) and
 * roles @r. Each call starts from a fresh trace. */
static uint64_t hash_of(int k, const struct wq_trace_ev *alt,
			const char *const *r)
{
	int i;

	wq_trace_reset(&t, NULL);
	for (i = 0; i < NSEQ; i++)
		wq_trace_add(&t, r[i], i == k ? alt : &seq[i]);
	return wq_trace_hash(&t);
}

static void test_pure(void)
{
	uint64_t h = hash_of(-1, NULL, roles);
	struct wq_trace_ev e;
	char api[32];
	int i;

	CHECK(h == hash_of(-1, NULL, roles));
	/* A dirty trace before the reset changes nothing. */
	for (i = 0; i < 1000; i++)
		wq_trace_add(&t, "x", &seq[i % NSEQ]);
	CHECK(h == hash_of(-1, NULL, roles));
	/* Names, not pointers: an equal api string at another address. */
	snprintf(api, sizeof(api), "%s", "queue_work_on");
	e = seq[0];
	e.api = api;
	CHECK(h == hash_of(0, &e, roles));
	/* seq is not hashed (the trace assigns it). */
	e = seq[1];
	e.seq = 12345;
	CHECK(h == hash_of(1, &e, roles));
}

static void test_sensitive(void)
{
	static const char *const other_roles[NSEQ] = {
		"t1", "t0", "q0/1", "q0/1", "q0/1", "t0",
	};
	uint64_t h = hash_of(-1, NULL, roles);
	struct wq_trace_ev e;

	CHECK(h != hash_of(-1, NULL, other_roles));
	e = seq[2]; e.work = 3;		CHECK(h != hash_of(2, &e, roles));
	e = seq[2]; e.wq = 1;		CHECK(h != hash_of(2, &e, roles));
	e = seq[2]; e.cpu = 0;		CHECK(h != hash_of(2, &e, roles));
	e = seq[2]; e.now = 7;		CHECK(h != hash_of(2, &e, roles));
	e = seq[2]; e.type = WQKIT_EV_WORK_GRABBED;
	CHECK(h != hash_of(2, &e, roles));
	e = seq[5]; e.ret = 0;		CHECK(h != hash_of(5, &e, roles));
	e = seq[0]; e.api = "queue_work";
	CHECK(h != hash_of(0, &e, roles));
	/* order */
	e = seq[3];
	seq[3] = seq[2];
	seq[2] = e;
	CHECK(h != hash_of(-1, NULL, roles));
	init_seq();
	CHECK(h == hash_of(-1, NULL, roles));
}

static void test_dump(void)
{
	static char buf[65536];
	struct wq_trace_ev e = seq[2];
	char line[64];
	int i;

	wq_trace_reset(&t, NULL);
	for (i = 0; i < WQ_TRACE_RING + 10; i++) {
		e.now = i;
		wq_trace_add(&t, "q0/1", &e);
	}
	wq_trace_add(&t, "t0", &seq[0]);
	wq_trace_dump(&t, buf, sizeof(buf));
	CHECK(strstr(buf, "q0/1: (74 events, last 64)\n"));
	CHECK(!strstr(buf, "j=9\n"));		/* dropped: oldest 10 */
	snprintf(line, sizeof(line), "start w2 q0 cpu1 j=10\n");
	CHECK(strstr(buf, line));
	CHECK(strstr(buf, "j=73\nt0: (1 events, last 1)\n"));
	CHECK(strstr(buf, "enter queue_work_on w2 q0 cpu1 j=5"));
	/* A short buffer ends at a line boundary. */
	wq_trace_dump(&t, buf, 100);
	CHECK(strlen(buf) < 100 && buf[strlen(buf) - 1] == '\n');
	/* A barrier and the "keventd" name. */
	e = seq[4];
	e.wq = WQ_TRACE_WQ_KEVENTD;
	wq_trace_format(&e, line, sizeof(line));
	CHECK(!strcmp(line, "start barrier keventd cpu1 j=6"));
}

int main(void)
{
	init_seq();
	test_pure();
	test_sensitive();
	test_dump();
	printf("PASS\n");
	return 0;
}
