// SPDX-License-Identifier: GPL-2.0-only
/*
 * wqrepro's checks (repro.h "Promise checks", repro_checks.h): an event
 * model of each work, fed by the workqueue's own events, that the inline
 * promise checks around a call (rp_frame_begin() ... rp_*_end()) read,
 * and the structural checks at the end of each step (rp_checks_step()).
 * A failed check exits 1 through rp_fail(), which is here so that the
 * runtime calls the checks and never the other way round.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <wqkit/workqueue_events.h>

#include "core/testing/repro.h"
#include "core/testing/repro_checks.h"

/* The reproducer's one way out on a failure (repro.h): exit 1. */
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

static const char *const names[RP_MAX_WORKS] = {
	"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7",
};

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
static void check_threads(struct workqueue_struct *const wqs[RP_MAX_WQS])
{
	struct listing l = { { 0 } };
	unsigned long populated = wqkit_cpu_populated_map();
	int i;

	if (wqkit_keventd_wq())
		wqkit_inspect_workqueue(wqkit_keventd_wq(), check_cwq, &l);
	for (i = 0; i < RP_MAX_WQS; i++)
		if (wqs[i])
			wqkit_inspect_workqueue(wqs[i], check_cwq, &l);
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

/**
 * rp_checks_step - the checks at the quiet end of step @step: every
 * workqueue has a thread on each CPU it is populated on, its lists are
 * sound, every online CPU is populated, no work is left PENDING with no
 * instance, and each work's state is one a correct workqueue can be in
 * @step: the step, for the messages
 * @wqs: the program's workqueues (NULL: none in that slot); keventd's
 *       is checked too
 *
 * Exits 1 (rp_fail()) on the first check that fails.
 */
void rp_checks_step(int step, struct workqueue_struct *const wqs[RP_MAX_WQS])
{
	check_threads(wqs);
	check_pending(step);
}

/**
 * rp_work_name - "w3": work @i's name, in messages and lockdep
 * @i: the work's index (0..RP_MAX_WORKS-1)
 */
const char *rp_work_name(int i)
{
	return names[i];
}

/**
 * rp_checks_add_work - the checks follow @w from now on (rp_init_work())
 * @w: the work, initialised, its index set
 */
void rp_checks_add_work(struct rp_work *w)
{
	atomic_store_explicit(&works[w->index], w, memory_order_release);
}

/**
 * rp_checks_start - feed the event model from the workqueue's events
 *
 * At boot, before any call of the program.
 */
void rp_checks_start(void)
{
	kenv_set_event_hook(event_hook, NULL);
}

/**
 * rp_checks_stop - no more events into the model (the end, before reset)
 */
void rp_checks_stop(void)
{
	kenv_set_event_hook(NULL, NULL);
}
