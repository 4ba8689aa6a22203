// SPDX-License-Identifier: GPL-2.0-only
/*
 * The torture schedules (kernel/torture.c's onoff thread, freeze/thaw
 * cycles, fault injection) as ops forced into steps, and the op observer
 * that counts every op and keeps torture.c's onoff statistics.
 *
 * A forced op goes through the same legality rules as the random ones
 * (it may be dropped: e.g. a freeze while a work that waits on a frozen
 * workqueue is possible); forced ops take the first actors' slots, and
 * freeze/thaw and hotplug come first within a step (wq_step_apply's
 * phases), so they win conflicts with the random ops.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <kenv/kenv.h>
#include <linux/completion.h>

#include "stress/soak.h"

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ull + ts.tv_nsec / 1000;
}

#define RELAXED	memory_order_relaxed

static void add(_Atomic unsigned long *c, unsigned long v)
{
	atomic_fetch_add_explicit(c, v, RELAXED);
}

static void set_min(_Atomic unsigned long *c, unsigned long v)
{
	unsigned long old = atomic_load_explicit(c, RELAXED);

	while (v < old &&
	       !atomic_compare_exchange_weak_explicit(c, &old, v, RELAXED, RELAXED))
		;
}

static void set_max(_Atomic unsigned long *c, unsigned long v)
{
	unsigned long old = atomic_load_explicit(c, RELAXED);

	while (v > old &&
	       !atomic_compare_exchange_weak_explicit(c, &old, v, RELAXED, RELAXED))
		;
}

void soak_torture_init(struct soak_torture *t, const struct soak_params *sp,
		       int ncpus)
{
	memset(t, 0, sizeof(*t));
	t->sp = sp;
	atomic_store(&t->c.onoff_us_min, ULONG_MAX);
	atomic_store(&t->c.online, (1u << ncpus) - 1);
	t->next_onoff = sp->onoff_holdoff_ms;
	t->next_freeze = sp->freeze_interval_ms;
	t->stall_at = strtoul(getenv("WQKIT_SOAK_TEST_STALL_TASK") ?: "0", NULL, 10);
}

/*
 * Test-only (soak_lockup_test): WQKIT_SOAK_TEST_STALL_TASK=N makes the
 * actor about to issue the N-th op of the run wait, uninterruptibly, on
 * a completion nobody completes: a kernel task that never comes back,
 * for the lockup watchdog to report.
 */
static void test_stall_task(struct soak_torture *t)
{
	static DECLARE_COMPLETION(never);

	if (!t->stall_at ||
	    atomic_fetch_add_explicit(&t->stall_ops, 1, RELAXED) + 1 != t->stall_at)
		return;
	wait_for_completion(&never);
}

/* torture.c's onoff statistics, for cpu_up and cpu_down alike. */
static void count_hotplug(struct soak_counters *c, const struct wq_op *op,
			  long ret, uint64_t us)
{
	bool down = op->op == WQ_OP_CPU_DOWN;
	unsigned int bit = 1u << op->cpu;
	bool online = atomic_load_explicit(&c->online, RELAXED) & bit;

	/* Like torture.c, count only ops that would change the CPU's state
	 * (not cpu_up of an online CPU: -EINVAL by design). */
	if (online != down)
		return;
	add(&c->onoff_attempts, 1);
	add(down ? &c->offline_attempts : &c->online_attempts, 1);
	if (ret)
		return;
	add(&c->onoff_ok, 1);
	add(down ? &c->offline_ok : &c->online_ok, 1);
	add(&c->onoff_us_sum, us);
	set_min(&c->onoff_us_min, us);
	set_max(&c->onoff_us_max, us);
	if (down)
		atomic_fetch_and_explicit(&c->online, ~bit, RELAXED);
	else
		atomic_fetch_or_explicit(&c->online, bit, RELAXED);
}

/* Runs in the actor's task: start_us[actor] is that task's alone. */
void soak_op_hook(int step, int actor, const struct wq_op *op, bool end,
		  long ret, void *arg)
{
	struct soak_torture *t = arg;
	struct soak_counters *c = &t->c;

	(void)step;
	if (!end) {
		t->start_us[actor] = now_us();
		test_stall_task(t);
		return;
	}
	add(&c->ops[op->op], 1);
	switch (op->op) {
	case WQ_OP_CPU_UP:
	case WQ_OP_CPU_DOWN:
		count_hotplug(c, op, ret, now_us() - t->start_us[actor]);
		break;
	case WQ_OP_FREEZE:
		add(&c->freezes, 1);
		if (ret) {
			add(&c->freeze_fail, 1);
			atomic_store_explicit(&c->freeze_failed_now, 1, RELAXED);
		}
		break;
	case WQ_OP_CREATE_WORKQUEUE:
		if (!ret) {
			add(&c->create_fail, 1);
			atomic_fetch_or_explicit(&c->dead_wqs, 1u << op->wq, RELAXED);
		}
		break;
	}
}

/* The onoff op: a random CPU goes down if others stay up, else up. */
static void onoff_op(struct soak_torture *t, struct soak_gen *g,
		     struct wq_op *op)
{
	unsigned int online = atomic_load_explicit(&t->c.online, RELAXED);
	int cpu = soak_rand(&g->rng) % g->p->ncpus;
	bool up = !(online & (1u << cpu));

	if (!up && __builtin_popcount(online) < 2)
		return;
	memset(op, 0, sizeof(*op));
	op->op = up ? WQ_OP_CPU_UP : WQ_OP_CPU_DOWN;
	op->cpu = cpu;
}

/* Forced freezer op: freeze every freeze_interval, thaw freeze_hold later. */
static void freezer_op(struct soak_torture *t, long now, struct soak_gen *g,
		       struct wq_op *op)
{
	if (t->frozen_by_us && g->st.frozen && now >= t->thaw_at)
		op->op = WQ_OP_THAW;
	else if (!g->st.frozen && t->sp->freeze_interval_ms &&
		 now >= t->next_freeze)
		op->op = WQ_OP_FREEZE;
}

void soak_torture_due(struct soak_torture *t, long now, struct soak_gen *g,
		      struct wq_op *forced)
{
	const struct soak_params *sp = t->sp;
	int slot = 0;

	memset(forced, 0, sizeof(*forced) * WQ_MAX_ACTORS);
	freezer_op(t, now, g, &forced[slot]);
	if (forced[slot].op != WQ_OP_NONE)
		slot++;
	if (sp->onoff_interval_ms && now >= t->next_onoff &&
	    slot < g->p->nactors && g->p->ncpus > 1)
		onoff_op(t, g, &forced[slot]);
}

void soak_torture_after(struct soak_torture *t, long now, struct soak_gen *g,
			const struct wq_op *forced, unsigned int kept)
{
	const struct soak_params *sp = t->sp;
	unsigned int dead;
	int a, q;

	for (a = 0; a < g->p->nactors; a++) {
		bool ok = kept & (1u << a);

		switch (forced[a].op) {
		case WQ_OP_FREEZE:
			t->freeze_skipped += !ok;
			t->next_freeze = now + sp->freeze_interval_ms;
			t->frozen_by_us = ok;
			t->thaw_at = now + sp->freeze_hold_ms;
			break;
		case WQ_OP_CPU_UP:
		case WQ_OP_CPU_DOWN:
			t->onoff_skipped += !ok;
			t->next_onoff = now + sp->onoff_interval_ms;
			break;
		}
	}
	/* A freeze that failed left nothing frozen; a failed create
	 * (fault injection) left its slot dead: resync the rules' state. */
	if (atomic_exchange(&t->c.freeze_failed_now, 0))
		g->st.frozen = false;
	dead = atomic_exchange(&t->c.dead_wqs, 0);
	for (q = 0; q < WQ_MAX_WQS; q++)
		if (dead & (1u << q))
			g->st.live[q] = false;
	if (!g->st.frozen)
		t->frozen_by_us = false;
}

void soak_torture_fault(struct soak_torture *t, struct soak_gen *g)
{
	uint32_t r = soak_rand(&g->rng);

	if (!t->sp->fault_rate || (int)(r % 1000) >= t->sp->fault_rate)
		return;
	/* Armed faults count from now: one of the next 64 calls fails. */
	if (r & 0x10000)
		kenv_fail_alloc_nth(1 + (r >> 20) % WQ_MAX_FAULT_NTH);
	else
		kenv_fail_kthread_nth(1 + (r >> 20) % WQ_MAX_FAULT_NTH);
	t->faults_armed++;
}

void soak_onoff_text(struct soak_torture *t, char *buf, size_t len)
{
	struct soak_counters *c = &t->c;
	unsigned long ok = atomic_load_explicit(&c->onoff_ok, RELAXED);
	unsigned long min = atomic_load_explicit(&c->onoff_us_min, RELAXED);
	unsigned long max = atomic_load_explicit(&c->onoff_us_max, RELAXED);
	unsigned long sum = atomic_load_explicit(&c->onoff_us_sum, RELAXED);

	snprintf(buf, len,
		 "onoff: %lu/%lu (offline %lu/%lu online %lu/%lu) %.1f,%.1f:%.1f ms",
		 ok, atomic_load_explicit(&c->onoff_attempts, RELAXED),
		 atomic_load_explicit(&c->offline_ok, RELAXED),
		 atomic_load_explicit(&c->offline_attempts, RELAXED),
		 atomic_load_explicit(&c->online_ok, RELAXED),
		 atomic_load_explicit(&c->online_attempts, RELAXED),
		 ok ? min / 1000.0 : 0.0, max / 1000.0,
		 ok ? sum / 1000.0 / ok : 0.0);
}
