// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers for the oracle's tests (oracletest.h).
 */
#include <stdio.h>
#include <string.h>
#include <linux/workqueue.h>
#include <wqkit/workqueue_events.h>

#include "fuzz/oracle/oracletest.h"

struct wq_prog ot_prog;
struct wq_world ot_world;
struct wq_oracle *ot_o;
unsigned long ot_now;

static struct work_struct ot_barrier;

void ot_init(int nworks, unsigned int delayed, int nwqs, const uint8_t *kinds)
{
	uint8_t k[WQ_MAX_WQS] = { 0 };
	int i;

	if (kinds)
		memcpy(k, kinds, nwqs);
	memset(&ot_prog, 0, sizeof(ot_prog));
	memset(&ot_world, 0, sizeof(ot_world));
	ot_prog.ncpus = 4;
	ot_prog.nactors = 4;
	ot_prog.nworks = nworks;
	ot_prog.nwqs = nwqs;
	for (i = 0; i < nwqs; i++)
		ot_prog.wq_kind[i] = k[i];
	for (i = 0; i < nworks; i++) {
		ot_prog.work[i].delayed = !!(delayed & (1u << i));
		ot_prog.work[i].home = 0;
		ot_world.work[i].index = i;
	}
	ot_world.prog = &ot_prog;
	for (i = 0; i < nwqs; i++)
		atomic_store(&ot_world.wq[i], (struct workqueue_struct *)ot_wq(i));
	if (!ot_o)
		ot_o = wq_oracle_new();
	ot_now = 100;
	wq_oracle_begin(ot_o, &ot_world);
}

void ot_restart(void)
{
	unsigned int delayed = 0;
	int i;

	for (i = 0; i < ot_prog.nworks; i++)
		delayed |= (unsigned int)ot_prog.work[i].delayed << i;
	ot_init(ot_prog.nworks, delayed, ot_prog.nwqs, ot_prog.wq_kind);
}

const void *ot_wq(int q)
{
	return (const void *)(0x10000UL + 0x1000UL * q);
}

const void *ot_cwq(int q, int cpu)
{
	return (const void *)(0x20000UL + 0x1000UL * q + 0x40UL * cpu);
}

const void *ot_task(int n)
{
	return (const void *)(0x90000UL + 0x40UL * n);
}

const void *ot_work(int w)
{
	return w == OT_BARRIER ? (const void *)&ot_barrier :
				 (const void *)wq_world_ws(&ot_world, w);
}

int ot_worker(int q, int cpu)
{
	return 100 + 10 * q + cpu;
}

void ot_ev(int type, const char *api, int w, int q, int cpu,
	   long ret, int task)
{
	struct kenv_event ev = {
		.type = type,
		.api = api,
		.obj = w == -1 ? NULL : ot_work(w),
		.owner = q < 0 ? NULL : ot_wq(q),
		.queue = (q < 0 || cpu < 0) ? NULL : ot_cwq(q, cpu),
		.cpu = cpu,
		.ret = ret,
		.now = ot_now,
		.task = (struct task_struct *)ot_task(task),
	};

	if (type == WQKIT_EV_API_ENTER || type == WQKIT_EV_API_EXIT)
		ev.queue = NULL;
	wq_oracle_event(ot_o, &ev);
}

void ot_enter(int task, const char *api, int w, int q, int cpu)
{
	ot_ev(WQKIT_EV_API_ENTER, api, w, q, cpu, 0, task);
}

void ot_exit(int task, const char *api, int w, int q, int cpu, long ret)
{
	ot_ev(WQKIT_EV_API_EXIT, api, w, q, cpu, ret, task);
}

void ot_queue(int task, int w, int q, int cpu, bool ok)
{
	ot_enter(task, "queue_work_on", w, q, cpu);
	if (ok)
		ot_ev(WQKIT_EV_WORK_QUEUED, NULL, w, q, cpu, 0, task);
	ot_exit(task, "queue_work_on", w, q, cpu, ok);
}

void ot_queue_delayed(int task, int w, int q, int cpu, unsigned long delay)
{
	ot_enter(task, "queue_delayed_work_on", w, q, -1);
	ot_ev(WQKIT_EV_TIMER_QUEUED, NULL, w, q, cpu, (long)(ot_now + delay),
	      task);
	ot_exit(task, "queue_delayed_work_on", w, q, -1, 1);
}

void ot_fire(int w, int q, int cpu)
{
	ot_ev(WQKIT_EV_TIMER_FIRED, NULL, w, q, cpu, 0, 200 + cpu);
	ot_ev(WQKIT_EV_WORK_QUEUED, NULL, w, q, cpu, 0, 200 + cpu);
}

void ot_start(int w, int q, int cpu)
{
	ot_ev(WQKIT_EV_WORK_START, NULL, w, q, cpu, 0, ot_worker(q, cpu));
}

void ot_end(int w, int q, int cpu)
{
	ot_ev(WQKIT_EV_WORK_END, NULL, w, q, cpu, 0, ot_worker(q, cpu));
}

void ot_run(int w, int q, int cpu)
{
	ot_start(w, q, cpu);
	ot_end(w, q, cpu);
}

void ot_grab(int task, int w, int q, int cpu)
{
	ot_ev(WQKIT_EV_WORK_GRABBED, NULL, w, q, cpu, 0, task);
}

void ot_del_timer(int task, int w, int q, int cpu)
{
	ot_ev(WQKIT_EV_TIMER_DELETED, NULL, w, q, cpu, 0, task);
}

void ot_op_begin(int task, int op, int w, int cpu)
{
	struct wq_op o = { .op = op, .work = w, .cpu = cpu };

	wqo_op_begin(ot_o, ot_task(task), &o);
}

void ot_op_end(int task, int op, int w, int cpu, long ret)
{
	struct wq_op o = { .op = op, .work = w, .cpu = cpu };

	wqo_op_end(ot_o, ot_task(task), &o, ret);
}

static void ot_compare(const char *title, int line_kind)
{
	bool failed;
	char t[160], d[2048];

	kenv_ilock_lock(&ot_o->lock);
	failed = ot_o->failed;
	snprintf(t, sizeof(t), "%s", ot_o->title);
	snprintf(d, sizeof(d), "%s", ot_o->detail);
	kenv_ilock_unlock(&ot_o->lock);
	if (!title) {
		if (failed)
			wqt_fatal(__FILE__, __LINE__,
				  "expected no violation, got \"%s\":\n%s", t, d);
		return;
	}
	if (!failed)
		wqt_fatal(__FILE__, __LINE__,
			  "expected \"%s\", the oracle stayed silent", title);
	if (strcmp(t, title))
		wqt_fatal(__FILE__, __LINE__, "expected \"%s\", got \"%s\":\n%s",
			  title, t, d);
	printf("ok (%s): fired: %s", line_kind ? "real" : "synthetic", d);
}

void ot_expect(const char *title)
{
	ot_compare(title, 0);
}

void ot_expect_clean(void)
{
	ot_compare(NULL, 0);
}

/* ---- real mode ---- */

static void ot_hook(const struct kenv_event *ev, void *arg)
{
	wq_oracle_event(arg, ev);
}

void ot_real_boot(int ncpus, work_func_t fn)
{
	int i;

	wqt_boot(ncpus);
	ot_prog.ncpus = ncpus;
	for (i = 0; i < ot_prog.nworks; i++) {
		if (ot_prog.work[i].delayed)
			INIT_DELAYED_WORK(&ot_world.work[i].dwork, fn);
		else
			INIT_WORK(&ot_world.work[i].work, fn);
	}
	for (i = 0; i < ot_prog.nwqs; i++) {
		int kind = ot_prog.wq_kind[i];
		struct workqueue_struct *wq;

		wq = __create_workqueue_key("otq", kind != WQ_KIND_MULTI,
					    kind == WQ_KIND_FREEZEABLE,
					    &ot_world.wq_key[i], "otq");
		WQT_CHECK(wq != NULL);
		atomic_store(&ot_world.wq[i], wq);
	}
	wq_oracle_begin(ot_o, &ot_world);
	kenv_set_event_hook(ot_hook, ot_o);
}

void ot_real_shutdown(void)
{
	int i;

	for (i = 0; i < ot_prog.nwqs; i++) {
		struct workqueue_struct *wq = atomic_load(&ot_world.wq[i]);

		if (wq)
			destroy_workqueue(wq);
		atomic_store(&ot_world.wq[i], NULL);
	}
	kenv_set_event_hook(NULL, NULL);
	wqt_shutdown();
}

struct workqueue_struct *ot_real_wq(int q)
{
	return atomic_load(&ot_world.wq[q]);
}

struct work_struct *ot_real_work(int w)
{
	return wq_world_ws(&ot_world, w);
}

void ot_check_step(const char *title)
{
	struct wq_verdict v;

	memset(&v, 0, sizeof(v));
	if (wq_oracle_check_step(ot_o, 0, &v)) {
		if (title)
			wqt_fatal(__FILE__, __LINE__,
				  "expected \"%s\", check_step passed", title);
		return;
	}
	WQT_CHECK(v.failed);
	WQT_CHECK(!title || !strcmp(v.title, title));
	ot_compare(title, 1);
}

void ot_check_end(const char *title)
{
	struct wq_verdict v;

	memset(&v, 0, sizeof(v));
	if (wq_oracle_check_end(ot_o, &v)) {
		if (title)
			wqt_fatal(__FILE__, __LINE__,
				  "expected \"%s\", check_end passed", title);
		return;
	}
	WQT_CHECK(v.failed);
	WQT_CHECK(!title || !strcmp(v.title, title));
	ot_compare(title, 1);
}

void ot_clear_violation(void)
{
	kenv_ilock_lock(&ot_o->lock);
	ot_o->failed = false;
	ot_o->title[0] = ot_o->detail[0] = '\0';
	kenv_ilock_unlock(&ot_o->lock);
}

struct ot_locked {
	int cpu;
	void (*fn)(const struct wqkit_cwq_view *v, void *arg);
	void *arg;
};

static int ot_locked_cb(const struct wqkit_cwq_view *v, void *arg)
{
	struct ot_locked *l = arg;

	if (v->cpu == l->cpu)
		l->fn(v, l->arg);
	return 0;
}

void ot_under_cwq_lock(struct workqueue_struct *wq, int cpu,
		       void (*fn)(const struct wqkit_cwq_view *v, void *arg),
		       void *arg)
{
	struct ot_locked l = { .cpu = cpu, .fn = fn, .arg = arg };

	wqkit_inspect_workqueue(wq, ot_locked_cb, &l);
}
