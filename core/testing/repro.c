// SPDX-License-Identifier: GPL-2.0-only
/*
 * wqrepro: the runtime of the standalone C reproducers (see repro.h).
 *
 * Tasks: the boot task ("swapper", main) drives the program; actors
 * t0..t<n-1> are kenv actors that sleep in wait_for_completion() on
 * their own completion between ops, started on CPU i % cpus, as
 * fuzz/exec/actors.c does, so a controlled schedule picks the same
 * interleaving as the fuzzer's executor.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/freezer.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <wqkit/workqueue_events.h>

#include "core/testing/repro.h"

#define RP_HANG_MS		10000	/* free mode: a step's real-time bound */
#define RP_DRAIN_MAX		4096	/* free mode: clock jumps at the end */
#define RP_HORIZON_PER_STEP	64	/* as fuzz/exec/sched.c */
#define RP_PREEMPT_PER_DEPTH	16

struct workqueue_struct *rp_wq[RP_MAX_WQS];
bool rp_frozen;

static const char *const names[RP_MAX_WORKS] = {
	"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7",
};
static const char *const wq_names[RP_MAX_WQS] = { "q0", "q1", "q2", "q3" };
static struct lock_class_key wq_keys[RP_MAX_WQS];

static struct rp_config cfg;
static bool ctl;			/* controlled mode on (main only) */
static int cur_step = -1;		/* the running step; -1: the end (main only) */

struct actor {
	struct task_struct *task;
	char comm[8];
	struct completion go;		/* main -> actor: run ->job */
	_Atomic(rp_op_fn) job;		/* set before complete(&go); relaxed */
};
static struct actor actors[RP_MAX_ACTORS];
/* ops of the step not yet returned; futex word main waits on */
static _Atomic unsigned int left;
static rp_op_fn stop_job;		/* a NULL job ends the actor */

/* ---- the event model the promise checks read ---- */

/*
 * model_lock protects model: a kenv_ilock, which adds no
 * scheduling point and no happens-before edge, so the checks change
 * neither the controlled schedule nor what TSan sees.
 */
static struct kenv_ilock model_lock = KENV_ILOCK_INIT;
/*
 * Set by rp_init_work(), which a create op may run in one actor while
 * another's calls raise events: read and written atomically (release:
 * the rp_work is initialised first).
 */
static _Atomic(struct rp_work *) works[RP_MAX_WORKS];

static struct rp_work *work_at(int i)
{
	return atomic_load_explicit(&works[i], memory_order_acquire);
}
/* the latest instance of a work (flush_work's promise) */
enum rp_latest { RP_NONE, RP_LISTED, RP_RUNNING, RP_DONE, RP_UNKNOWN };
#define RP_RUN_MAX	4		/* cwqs one work may run on at once */
static struct {
	int listed, running, armed, inflight;
	int firing;			/* timer fired, work not listed yet */
	unsigned long chg, ends;
	unsigned long gen;		/* queued or armed: a new instance */
	enum rp_latest latest;
	const void *listed_wq, *running_wq;
	const void *running_task;	/* the one running it, NULL if not one */
	unsigned long expires;		/* of the timer armed last */
	bool listed_delayed;		/* the listed instance came from a timer */
	const void *listed_cwq;		/* the cwq listing it (if listed) */
	const void *run_cwq[RP_RUN_MAX];	/* cwqs running it */
	char broken[160];		/* the first broken event, "" if none */
} model[RP_MAX_WORKS];
/* events of each work raised by this task (the checks' own) */
static _Thread_local unsigned long own_events[RP_MAX_WORKS];
/* ... of which queueings (listed or armed) and cancellations (an entry
 * taken off a list, a timer deleted): what a call's return value says */
static _Thread_local unsigned long own_born[RP_MAX_WORKS];
static _Thread_local unsigned long own_taken[RP_MAX_WORKS];

void rp_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "wqrepro: FAILED: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fflush(stderr);
	_exit(1);
}

static int work_index(const void *work)
{
	int i;

	for (i = 0; i < RP_MAX_WORKS; i++)
		if (work_at(i) && &work_at(i)->work == work)
			return i;
	return -1;
}

/*
 * Record the first event of work @i that a correct workqueue never
 * raises (model_lock held); the next check of the work reports it. The
 * oracle's live checks (fuzz/oracle/events.c), on this model: one
 * instance of a work is pending at a time (PENDING is exclusive), so
 * listed + armed + firing is 0 or 1 between events.
 */
static void broken(int i, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void broken(int i, const char *fmt, ...)
{
	va_list ap;

	if (model[i].broken[0])
		return;
	va_start(ap, fmt);
	vsnprintf(model[i].broken, sizeof(model[i].broken), fmt, ap);
	va_end(ap);
}

/* Instances of work @i pending now (listed, armed, or fired, unlisted). */
static int pending_instances(int i)
{
	return model[i].listed + model[i].armed + model[i].firing;
}

/* A new instance of @i: none may be pending (a cancel in flight owns
 * PENDING, and the oracle says nothing then either). */
static void born(int i)
{
	own_born[i]++;
	if (pending_instances(i) > 0 && model[i].inflight <= 1)
		broken(i, "%s queued while already pending (two instances at once)",
		       names[i]);
}

static void run_cwq(int i, const void *cwq, bool start)
{
	int k, free_slot = -1;

	for (k = 0; k < RP_RUN_MAX; k++) {
		if (model[i].run_cwq[k] == cwq) {
			if (start)
				broken(i, "%s ran twice at once on one cpu (it started on a cwq where it was running)",
				       names[i]);
			else
				model[i].run_cwq[k] = NULL;
			return;
		}
		if (!model[i].run_cwq[k] && free_slot < 0)
			free_slot = k;
	}
	if (start && free_slot >= 0)
		model[i].run_cwq[free_slot] = cwq;
}

static void event_hook(const struct kenv_event *ev, void *arg)
{
	int i = work_index(ev->obj);

	(void)arg;
	if (i < 0)
		return;
	kenv_ilock_lock(&model_lock);
	model[i].chg++;
	own_events[i]++;
	switch (ev->type) {
	case WQKIT_EV_WORK_QUEUED:
		model[i].listed_delayed = model[i].firing > 0;
		if (model[i].firing)
			model[i].firing--;
		else
			born(i);
		model[i].listed++;
		model[i].listed_wq = ev->owner;
		model[i].listed_cwq = ev->queue;
		model[i].gen++;
		model[i].latest = RP_LISTED;
		break;
	case WQKIT_EV_WORK_START:
		if (model[i].listed <= 0 || model[i].listed_cwq != ev->queue)
			broken(i, "%s ran more often than queued (it started with no instance listed on that cwq)",
			       names[i]);
		else if (model[i].listed_delayed &&
			 time_before(ev->now, model[i].expires))
			broken(i, "%s ran before its delay (started at jiffies %lu, expires %lu)",
			       names[i], ev->now, model[i].expires);
		run_cwq(i, ev->queue, true);
		/* one instance is listed at a time: the latest, if listed */
		model[i].listed--;
		model[i].running++;
		model[i].running_wq = ev->owner;
		model[i].running_task = model[i].running == 1 ? ev->task : NULL;
		if (model[i].latest == RP_LISTED)
			model[i].latest = RP_RUNNING;
		break;
	case WQKIT_EV_WORK_END:
		run_cwq(i, ev->queue, false);
		/* with two running, which one ended is not known */
		if (model[i].latest == RP_RUNNING)
			model[i].latest = model[i].running == 1 ? RP_DONE :
					  RP_UNKNOWN;
		model[i].running--;
		model[i].ends++;
		model[i].running_task = NULL;	/* none, or which one is not known */
		break;
	case WQKIT_EV_WORK_GRABBED:
		/*
		 * try_to_grab_pending() took an entry off the cwq it locked:
		 * an instance must be listed there (2.6.29's recheck of
		 * get_wq_data() can be fooled, core/KNOWN_BUGS.md; a cancel
		 * that skips it unlinks a work listed on another cwq).
		 */
		if (model[i].listed <= 0)
			broken(i, "%s grabbed but not listed (a cancel took %s off a list no instance of it was on)",
			       names[i], names[i]);
		else if (model[i].listed_cwq != ev->queue)
			broken(i, "%s grabbed but not listed (a cancel took %s off the list of a cwq it had not locked: it was listed on another)",
			       names[i], names[i]);
		own_taken[i]++;
		model[i].listed--;
		model[i].ends++;	/* cancelled: a flush need not wait */
		if (model[i].latest == RP_LISTED)
			model[i].latest = RP_DONE;
		break;
	case WQKIT_EV_TIMER_QUEUED:
		born(i);
		model[i].armed++;
		model[i].expires = (unsigned long)ev->ret;
		model[i].gen++;
		break;
	case WQKIT_EV_TIMER_FIRED:
		if (model[i].armed <= 0)
			broken(i, "%s timer fired but was not armed", names[i]);
		else if (time_before(ev->now, model[i].expires))
			broken(i, "%s timer fired before its delay (at jiffies %lu, expires %lu)",
			       names[i], ev->now, model[i].expires);
		/* PENDING stays set until the handler lists the work */
		model[i].firing++;
		model[i].armed--;
		break;
	case WQKIT_EV_TIMER_DELETED:
		if (model[i].armed <= 0)
			broken(i, "%s timer deleted but was not armed", names[i]);
		own_taken[i]++;
		model[i].armed--;
		break;
	case WQKIT_EV_API_ENTER:
		model[i].inflight++;
		break;
	case WQKIT_EV_API_EXIT:
		model[i].inflight--;
		break;
	default:
		break;
	}
	kenv_ilock_unlock(&model_lock);
}

static void failure_handler(const struct kenv_failure *f, void *arg)
{
	const char *file = f->file ? strrchr(f->file, '/') : NULL;

	(void)arg;
	fprintf(stderr, "%s\n", f->message);
	rp_fail("%s: %s (task %s, %s:%d)", kenv_failure_kind_name(f->kind),
		f->title, f->task, file ? file + 1 : f->file ? f->file : "?",
		f->line);
}

/**
 * rp_frame_begin - snapshot what a promise check needs before a call
 * @f: the frame
 * @w: the work the call is about, or NULL
 * @wq: flush_workqueue()'s workqueue, or NULL
 */
void rp_frame_begin(struct rp_frame *f, struct rp_work *w, const void *wq)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->work = w ? w->index : -1;
	f->wq = wq;
	kenv_ilock_lock(&model_lock);
	if (w) {
		i = w->index;
		f->born = own_born[i];
		f->taken = own_taken[i];
		/*
		 * Running elsewhere is not idle: a worker takes the work off
		 * its list (WORK_START) before it clears PENDING. Running in
		 * this task (a work queueing itself), PENDING is clear. A
		 * fired timer's work is pending until its handler lists it.
		 */
		f->idle = !model[i].listed && !model[i].armed &&
			  !model[i].firing &&
			  (!model[i].running ||
			   (model[i].running == 1 &&
			    model[i].running_task == (const void *)current));
		f->armed = model[i].armed > 0;
		f->stable = !model[i].inflight;
		f->chg = model[i].chg;
		f->own = own_events[i];
		f->gen = model[i].gen;
		f->latest = model[i].latest == RP_LISTED ||
			    model[i].latest == RP_RUNNING;
	}
	/* a flush never waits for the work it is called from */
	for (i = 0; wq && i < RP_MAX_WORKS; i++) {
		f->covered[i] = (model[i].listed > 0 && model[i].listed_wq == wq) ||
				(model[i].running > 0 && model[i].running_wq == wq &&
				 model[i].running_task != (const void *)current);
		f->ends[i] = model[i].ends;
	}
	kenv_ilock_unlock(&model_lock);
}

/**
 * rp_check_work - the state of work @i is one a correct workqueue can be in
 * @i: the work's index
 * @after: what just ran ("cancel_delayed_work_sync", "step 3"), for the message
 *
 * Exits 1 if an event of the work broke the model (broken() above), or
 * if PENDING is clear while an instance is listed or its timer armed:
 * 2.6.29 sets PENDING before it lists a work or arms its timer, and
 * clears it only after the worker took the work off its list (or a
 * cancel took it off, or deleted the timer), so a work listed or armed
 * without PENDING is one nothing owns -- a queueing would list it a
 * second time, the timer fires into BUG_ON(!work_pending()) in
 * set_wq_data(). Read without a scheduling point (test_bit() is a
 * relaxed load, model_lock a kenv_ilock) and said only if no event of
 * the work came between the reads, so the checks neither change the
 * controlled schedule nor fail on a correct core under free threads.
 */
static void rp_check_work(int i, const char *after)
{
	char why[sizeof(model[0].broken)];
	unsigned long chg;
	int listed, armed;
	bool pending, stable;

	kenv_ilock_lock(&model_lock);
	snprintf(why, sizeof(why), "%s", model[i].broken);
	chg = model[i].chg;
	listed = model[i].listed;
	armed = model[i].armed;
	kenv_ilock_unlock(&model_lock);
	if (why[0])
		rp_fail("after %s: %s", after, why);
	if (listed <= 0 && armed <= 0)
		return;
	pending = work_pending(&work_at(i)->work);
	kenv_ilock_lock(&model_lock);
	stable = model[i].chg == chg;
	kenv_ilock_unlock(&model_lock);
	if (stable && !pending)
		rp_fail("after %s: %s %s but PENDING is clear (nothing owns it: a queueing would list it twice, %s)",
			after, names[i], listed > 0 ? "is listed" : "has its timer armed",
			listed > 0 ? "a cancel would not see it" :
			"the timer fires into BUG_ON(!work_pending()) in set_wq_data()");
}

/**
 * rp_cancel_begin - rp_frame_begin() for cancel_delayed_work(), which
 * raises no API event: the frame brackets the call as one in flight
 * (rp_cancel_end() closes it)
 */
void rp_cancel_begin(struct rp_frame *f, struct rp_work *w)
{
	rp_frame_begin(f, w, NULL);
	kenv_ilock_lock(&model_lock);
	model[w->index].inflight++;
	kenv_ilock_unlock(&model_lock);
}

/* Nothing but the call itself touched the frame's work. */
static bool untouched(const struct rp_frame *f)
{
	bool ok;
	int i = f->work;

	kenv_ilock_lock(&model_lock);
	ok = f->stable &&
	     model[i].chg - f->chg == own_events[i] - f->own;
	kenv_ilock_unlock(&model_lock);
	return ok;
}

/**
 * rp_queue_end - a queue call returned @ret: 0 for an idle work that
 * nothing else touched is a broken promise (exit 1). Returns @ret.
 */
long rp_queue_end(struct rp_frame *f, const char *api, long ret)
{
	bool queued = own_born[f->work] != f->born;

	if (!ret && f->idle && untouched(f))
		rp_fail("%s returned 0 for idle %s (nothing listed, no timer armed, nothing else touched it)",
			api, names[f->work]);
	/* the call's own queueing is raised by its own task */
	if (ret && !queued)
		rp_fail("%s returned 1 without queueing %s", api, names[f->work]);
	if (!ret && queued)
		rp_fail("%s returned 0 but queued %s", api, names[f->work]);
	rp_check_work(f->work, api);
	return ret;
}

/**
 * rp_cancel_end - cancel_delayed_work() returned @ret: 0 while the
 * work's timer was armed and nothing else touched it is a broken
 * promise (exit 1). Returns @ret.
 */
long rp_cancel_end(struct rp_frame *f, const char *api, long ret)
{
	bool took = own_taken[f->work] != f->taken;

	kenv_ilock_lock(&model_lock);
	model[f->work].inflight--;	/* rp_check_cancel()'s bracket */
	kenv_ilock_unlock(&model_lock);
	if (!ret && f->armed && untouched(f))
		rp_fail("%s returned 0 for pending %s (its timer was armed, nothing else touched it)",
			api, names[f->work]);
	/* its del_timer_sync() deleted the timer (TIMER_DELETED) iff 1 */
	if (ret && !took)
		rp_fail("%s returned 1 for idle %s (it deleted no timer)", api,
			names[f->work]);
	if (!ret && took)
		rp_fail("%s returned 0 but deleted the timer of %s", api,
			names[f->work]);
	rp_check_work(f->work, api);
	return ret;
}

/**
 * rp_flush_end - a flush of f->wq returned: each work listed or running
 * on it when the flush began must have finished (or been cancelled)
 */
void rp_flush_end(struct rp_frame *f, const char *api)
{
	int i, running;
	bool done;

	for (i = 0; i < RP_MAX_WORKS; i++) {
		if (!f->covered[i])
			continue;
		kenv_ilock_lock(&model_lock);
		done = model[i].ends != f->ends[i];
		running = model[i].running;
		kenv_ilock_unlock(&model_lock);
		if (!done)
			rp_fail("%s returned %s %s (it was queued before the call began)",
				api, running ? "while still running" : "before", names[i]);
	}
	for (i = 0; i < RP_MAX_WORKS; i++)
		if (work_at(i))
			rp_check_work(i, api);
}

/**
 * rp_flush_work_end - flush_work(w) returned: the latest instance of w,
 * listed or running when it began, must be done (exit 1 otherwise),
 * unless w was queued again meanwhile (flush_work follows the cwq w
 * pointed to when it began) or two instances ran at once (which one
 * ended is not known): then nothing is said.
 */
void rp_flush_work_end(struct rp_frame *f)
{
	enum rp_latest now;
	bool requeued;
	int i = f->work;

	rp_check_work(i, "flush_work");
	if (!f->latest)
		return;
	kenv_ilock_lock(&model_lock);
	requeued = model[i].gen != f->gen;
	now = model[i].latest;
	kenv_ilock_unlock(&model_lock);
	if (!requeued && (now == RP_LISTED || now == RP_RUNNING))
		rp_fail(now == RP_RUNNING ?
			"flush_work returned while %s still running (its latest instance was listed or running when the call began)" :
			"flush_work returned before %s ran (its latest instance was listed or running when the call began)",
			names[i]);
}

/**
 * rp_cancel_sync_end - cancel_work_sync(w) / cancel_delayed_work_sync(w)
 * returned: w must be neither listed nor running, and for the delayed
 * form its timer not armed (exit 1 otherwise), unless w was queued or
 * armed again during the call (by another task, or its own function).
 */
void rp_cancel_sync_end(struct rp_frame *f, const char *api, bool delayed)
{
	int i = f->work, listed, running, armed;
	bool requeued;

	rp_check_work(i, api);
	kenv_ilock_lock(&model_lock);
	requeued = model[i].gen != f->gen;
	listed = model[i].listed;
	running = model[i].running;
	armed = model[i].armed;
	kenv_ilock_unlock(&model_lock);
	if (requeued)
		return;
	if (running || listed || (delayed && armed))
		rp_fail("%s returned while %s still %s", api, names[i],
			running ? "running" : listed ? "pending" :
			"pending (its timer armed)");
}

/* ---- boot and setup ---- */

void rp_boot(const struct rp_config *c)
{
	struct kenv_config kc = { .nr_cpus = c->cpus };

	cfg = *c;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (kenv_init(&kc)) {
		fprintf(stderr, "wqrepro: kenv_init failed\n");
		exit(2);
	}
	kenv_set_failure_handler(failure_handler, NULL);
	kenv_set_event_hook(event_hook, NULL);
}

void rp_init_work(struct rp_work *w, int index, work_func_t fn, bool delayed)
{
	memset(&w->dwork, 0, sizeof(w->dwork));
	w->index = index;
	if (delayed)
		INIT_DELAYED_WORK(&w->dwork, fn);
	else
		INIT_WORK(&w->work, fn);
	lockdep_init_map(&w->work.lockdep_map, names[index], &w->key, 0);
	atomic_store_explicit(&works[index], w, memory_order_release);
}

struct workqueue_struct *rp_create(int slot, enum rp_kind kind)
{
	rp_wq[slot] = __create_workqueue_key(wq_names[slot], kind != RP_MULTI,
					     kind == RP_FREEZEABLE,
					     &wq_keys[slot], wq_names[slot]);
	return rp_wq[slot];
}

static void left_wake(void)
{
	syscall(SYS_futex, &left, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static int actor_fn(void *arg)
{
	struct actor *a = arg;
	rp_op_fn job;

	for (;;) {
		wait_for_completion(&a->go);
		job = atomic_load_explicit(&a->job, memory_order_relaxed);
		if (job == stop_job)
			return 0;
		job();
		/* release: the program orders step k before step k+1 */
		if (atomic_fetch_sub_explicit(&left, 1, memory_order_release) == 1)
			left_wake();
	}
}

static bool step_done(void *arg)
{
	(void)arg;
	return !atomic_load_explicit(&left, memory_order_acquire);
}

static bool timers_drained(void *arg)
{
	(void)arg;
	return !kenv_next_timer(NULL);
}

static void stuck(int res, const char *when)
{
	static char tasks[8192];

	kenv_sched_controlled_report(tasks, sizeof(tasks));
	fprintf(stderr, "%s", tasks);
	rp_fail("%s under the controlled scheduler %s",
		res == KENV_SCHED_LIVELOCK ? "livelock" : "deadlock", when);
}

/*
 * RP_STEPS: every controlled run of a step follows the step's plan, the
 * end of the program an empty one, as fuzz/exec/sched.c's plan_step().
 */
static void plan_step(void)
{
	struct kenv_sched_plan plan = { 0 };
	const struct rp_plan *sp;
	int i, err;

	if (cfg.sched != RP_STEPS)
		return;
	if (cur_step >= 0 && cur_step < cfg.nplan) {
		sp = &cfg.plan[cur_step];
		plan.order = sp->order;
		for (i = 0; i < RP_MAX_CHANGES && sp->at[i]; i++)
			plan.change[plan.nchange++] = sp->at[i];
	}
	err = kenv_sched_controlled_plan(&plan);
	if (err)
		rp_fail("step %d: bad schedule plan (%d)", cur_step, err);
}

/* Controlled: run until @done and nothing can run. */
static void ctl_run(bool (*done)(void *), unsigned int flags, const char *when)
{
	int res;

	plan_step();
	res = kenv_sched_controlled_run(done, NULL, flags);

	if (res < 0)
		rp_fail("controlled scheduler misuse (%d) %s", res, when);
	if (res != KENV_SCHED_IDLE)
		stuck(res, when);
}

/* Free threads: wait until every task sleeps, jumping the clock to the
 * next timer while @done does not hold; a hang after RP_HANG_MS. */
static void free_wait(bool (*done)(void *), bool clock, const char *when)
{
	unsigned long exp, last = kenv_activity() + jiffies;
	struct timespec t0, now;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (kenv_wait_idle(20000) == 0) {
			if (done && done(NULL) && (!clock || kenv_timers_idle()))
				return;
			if (!done)
				return;
			if (clock && kenv_next_timer(&exp) &&
			    time_after(exp, jiffies)) {
				kenv_advance_jiffies(exp - jiffies);
				continue;
			}
		}
		if (kenv_activity() + jiffies != last) {
			last = kenv_activity() + jiffies;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - t0.tv_sec) * 1000 +
		    (now.tv_nsec - t0.tv_nsec) / 1000000 > RP_HANG_MS)
			rp_fail("hang %s: no progress for %d ms", when, RP_HANG_MS);
	}
}

static void wait_run(bool (*done)(void *), unsigned int flags, const char *when)
{
	if (ctl)
		ctl_run(done, flags, when);
	else
		free_wait(done, flags & KENV_RUN_CLOCK, when);
}

void rp_start(void)
{
	struct kenv_sched_params prm = {
		.seed = cfg.seed,
		.depth = cfg.depth ? cfg.depth : 1,
		.horizon = RP_HORIZON_PER_STEP,
		.per_run = true,
	};
	struct task_struct *t;
	int i, err;

	for (i = 0; i < cfg.actors; i++) {
		snprintf(actors[i].comm, sizeof(actors[i].comm), "t%d", i);
		init_completion(&actors[i].go);
	}
	for (i = 0; i < cfg.actors; i++) {
		t = kenv_actor_start(actors[i].comm, i % cfg.cpus, actor_fn,
				     &actors[i]);
		if (!t)
			rp_fail("kenv_actor_start failed");
		actors[i].task = t;
	}
	/* every new worker reaches its first sleep (set_freezable() ran) */
	free_wait(NULL, false, "at setup");
	if (cfg.sched == RP_STEPS)		/* planned per step */
		prm.depth = 1 + RP_MAX_CHANGES;
	if (cfg.sched != RP_FREE) {
		prm.policy = cfg.sched == RP_RANDOM ? KENV_SCHED_RANDOM :
			     KENV_SCHED_PCT;
		prm.max_preemptions = RP_PREEMPT_PER_DEPTH * prm.depth;
		err = kenv_sched_controlled_begin(&prm);
		if (err)
			rp_fail("controlled scheduler could not start (%d)", err);
		ctl = true;
	}
	if (cfg.fault == RP_FAULT_ALLOC)
		kenv_fail_alloc_nth(cfg.fault_nth);
	else if (cfg.fault == RP_FAULT_KTHREAD)
		kenv_fail_kthread_nth(cfg.fault_nth);
	if (cfg.racy_bitops)
		kenv_inject_racy_bitops(true);
}

/* Start @ops on their actors (in actor order) and wait for them. */
static void run_jobs(rp_op_fn ops[RP_MAX_ACTORS], const char *when)
{
	unsigned int n = 0;
	int i;

	for (i = 0; i < cfg.actors; i++)
		n += ops[i] != NULL;
	if (!n)
		return;
	atomic_store_explicit(&left, n, memory_order_relaxed);
	for (i = 0; i < cfg.actors; i++) {
		if (!ops[i])
			continue;
		atomic_store_explicit(&actors[i].job, ops[i], memory_order_relaxed);
		complete(&actors[i].go);
	}
	wait_run(step_done, KENV_RUN_CLOCK, when);
}

/* How often each work is listed, over every cwq of a scan. */
struct listing {
	int times[RP_MAX_WORKS];
};

/*
 * What a cwq lists, read under its lock: each work of the reproducer
 * listed once at most, with PENDING set and its data naming this cwq
 * (insert_work()'s set_wq_data() under the same lock).
 */
static void check_listed(const struct wqkit_cwq_view *v, const char *name,
			 struct listing *l)
{
	int n = v->nr_listed < WQKIT_MAX_LISTED ? v->nr_listed : WQKIT_MAX_LISTED;
	unsigned long data;
	int k, i;

	for (k = 0; k < n; k++) {
		i = work_index(v->listed[k]);
		if (i < 0)
			continue;
		data = v->listed_data[k];
		if (!(data & (1UL << WORK_STRUCT_PENDING)))
			rp_fail("%s listed on %s/cpu%d without PENDING", names[i],
				name, v->cpu);
		if ((const void *)(data & WORK_STRUCT_WQ_DATA_MASK) != v->cwq)
			rp_fail("%s listed on %s/cpu%d but get_wq_data points elsewhere",
				names[i], name, v->cpu);
		if (++l->times[i] > 1)
			rp_fail("%s listed twice", names[i]);
	}
}

static int check_cwq(const struct wqkit_cwq_view *v, void *arg)
{
	const char *name = wqkit_wq_name(v->wq);

	if (!v->list_ok)
		rp_fail("list corruption on %s/cpu%d", name, v->cpu);
	check_listed(v, name, arg);
	if (!v->thread && wqkit_wq_is_singlethread(v->wq))
		rp_fail("%s has no thread for cpu%d", name, v->cpu);
	if (!v->thread)
		rp_fail("%s has no thread for populated cpu%d", name, v->cpu);
	return 0;
}

/*
 * Every workqueue has a thread on each CPU it is populated on, and its
 * lists are sound (check_listed()).
 */
static void check_threads(void)
{
	struct listing l = { { 0 } };
	unsigned long populated = wqkit_cpu_populated_map();
	int i;

	if (wqkit_keventd_wq())
		wqkit_inspect_workqueue(wqkit_keventd_wq(), check_cwq, &l);
	for (i = 0; i < RP_MAX_WQS; i++)
		if (rp_wq[i])
			wqkit_inspect_workqueue(rp_wq[i], check_cwq, &l);
	/* CPU_UP_PREPARE populates a CPU before it is online, for good */
	for (i = 0; i < kenv_nr_cpus(); i++)
		if (cpu_online(i) && !(populated & (1UL << i)))
			rp_fail("cpu%d online but not populated", i);
}

/*
 * At a quiet point (no call in flight): a work with PENDING set is listed
 * or has a timer armed (fuzz/oracle/checks_struct.c's "PENDING with no
 * instance"); otherwise nothing will ever run it or clear the bit.
 */
static void check_pending(int step)
{
	char after[32];
	bool lost;
	int i;

	snprintf(after, sizeof(after), "step %d", step);
	for (i = 0; i < RP_MAX_WORKS; i++) {
		if (work_at(i))
			rp_check_work(i, after);
		if (!work_at(i) || !work_pending(&work_at(i)->work))
			continue;
		kenv_ilock_lock(&model_lock);
		lost = !model[i].listed && !model[i].armed &&
		       !model[i].firing && !model[i].inflight;
		kenv_ilock_unlock(&model_lock);
		if (lost)
			rp_fail("%s PENDING with no instance after step %d (not listed, no timer armed)",
				names[i], step);
	}
}

void rp_step(int step, rp_op_fn ops[RP_MAX_ACTORS])
{
	char when[32];

	snprintf(when, sizeof(when), "in step %d", step);
	cur_step = step;
	run_jobs(ops, when);
	wait_run(NULL, 0, when);	/* quiesce */
	cur_step = -1;
	check_threads();
	check_pending(step);
}

/* ---- the end: as fuzz/exec/exec.c's end phase, run by actor t0 ---- */

static void job_thaw(void)
{
	if (rp_frozen) {
		thaw_processes();
		rp_frozen = false;
	}
}

static void job_flush_all(void)
{
	int i;

	for (i = 0; i < RP_MAX_WQS; i++)
		if (rp_wq[i])
			flush_workqueue(rp_wq[i]);
	flush_scheduled_work();
}

static void job_destroy_all(void)
{
	struct workqueue_struct *wq;
	int i;

	for (i = 0; i < RP_MAX_WQS; i++) {
		wq = rp_wq[i];
		rp_wq[i] = NULL;
		if (wq)
			destroy_workqueue(wq);
	}
}

static void t0_job(rp_op_fn job, const char *when)
{
	rp_op_fn ops[RP_MAX_ACTORS] = { job };

	run_jobs(ops, when);
}

static void drain(void)
{
	int i;

	if (ctl) {
		ctl_run(timers_drained, KENV_RUN_CLOCK, "at the end");
		return;
	}
	for (i = 0; i < RP_DRAIN_MAX && !timers_drained(NULL); i++)
		free_wait(timers_drained, true, "at the end");
}

void rp_end(void)
{
	struct kenv_leaks leaks;
	int i;

	t0_job(job_thaw, "at the end (thaw)");
	drain();
	t0_job(job_flush_all, "at the end (flush)");
	drain();
	t0_job(job_destroy_all, "at the end (destroy)");
	if (ctl) {
		kenv_sched_controlled_end();
		ctl = false;
	}
	for (i = 0; i < cfg.actors; i++) {
		atomic_store_explicit(&actors[i].job, stop_job, memory_order_relaxed);
		complete(&actors[i].go);
	}
	for (i = 0; i < cfg.actors; i++)
		kenv_actor_join(actors[i].task);
	kenv_set_event_hook(NULL, NULL);
	if (kenv_reset(&leaks))
		rp_fail("leak after the end: %d tasks, %d workqueues, %d allocations (%zu bytes)",
			leaks.tasks, leaks.objects, leaks.allocations,
			leaks.bytes);
	printf("wqrepro: passed (the failure did not reproduce)\n");
	exit(0);
}
