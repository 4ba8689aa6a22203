// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzer feedback: the coverage window and the interleaving counters
 * (see feedback.h).
 *
 * Locking: fb_lock (a kenv_ilock, so TSan sees no edge and no access)
 * protects fb, the interleaving counters and the saved coverage. The
 * hooks run in whichever task emits the event or takes the lock; under
 * the controlled scheduler that is one task at a time, but fb_lock keeps
 * the accesses well-defined for TSan too. fb.on is read without it first
 * (relaxed) so the free phases pay one load per event.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <kenv/kenv.h>
#include <wqkit/workqueue_events.h>
#include <linux/cpumask.h>
#include <linux/lockdep.h>
#include <linux/sched.h>

#include "fuzz/exec/feedback.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"

/* libFuzzer reads this section after every run (its "extra counters"). */
uint8_t wq_ilcov[WQ_ILCOV_SIZE]
	__attribute__((section("__libfuzzer_extra_counters"), used, aligned(64)));

/*
 * The coverage the window covers. Weak: a binary built without coverage
 * (replay, the soak) has none of them.
 *  - libFuzzer: the inline 8-bit counters of the instrumented code
 *    (SanitizerCoverage puts them in this section; only the workqueue is
 *    instrumented);
 *  - AFL++: its edge map (afl-compiler-rt), but its byte 0, which AFL++
 *    sets itself.
 */
extern uint8_t __start___sancov_cntrs[] __attribute__((weak));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak));
extern uint8_t *__afl_area_ptr __attribute__((weak));
extern uint32_t __afl_map_size __attribute__((weak));

#define NR_REGIONS	2

struct cov_region {
	uint8_t *start;
	size_t len;
};

/* The coverage regions of this binary into @r; returns how many. */
static int cov_regions(struct cov_region *r)
{
	int n = 0;

	if (__start___sancov_cntrs && __stop___sancov_cntrs > __start___sancov_cntrs) {
		r[n].start = __start___sancov_cntrs;
		r[n++].len = (size_t)(__stop___sancov_cntrs - __start___sancov_cntrs);
	}
	if (&__afl_area_ptr && &__afl_map_size && __afl_area_ptr &&
	    __afl_map_size > 1) {
		r[n].start = __afl_area_ptr + 1;
		r[n++].len = __afl_map_size - 1;
	}
	return n;
}

/*
 * Lock classes tracked per run. A lock is known by its class name: the
 * instances' addresses are recycled (a completion in a task structure
 * freed and reused) in an order the free phases decide.
 */
#define NR_LOCKS	64
#define NR_CWQS		((WQ_MAX_WQS + 1) * KENV_MAX_CPUS)

/*
 * The last event on one object: its kind, its task and the task's role.
 * A task is known by its name ("q0/1"), not its address: task structures
 * are recycled in an order the free phases decide.
 */
struct fb_last {
	uint32_t who;			/* hash of the task's name; 0: none */
	uint32_t what;			/* event (and api) hash */
	uint32_t role;
};

enum fb_feature {
	FB_OP_PAIR = 1,
	FB_HANDOVER,
	FB_LOCK_PAIR,
	FB_OP_STATE,		/* an op starts in a hotplug state */
	FB_EV_STATE,		/* an event happens in a hotplug state */
	FB_CWQ_DEPTH,		/* a work listed behind others on a cwq */
	FB_REQUEUED_RUNNING,	/* a work queued while it runs */
	FB_DOWN_LEFT,		/* what a CPU's cwqs hold when it went down */
};

/*
 * The state a hotplug race needs, for the state features: how many CPUs
 * are offline (0..3, more counted as 3), whether a cpu_down or cpu_up op
 * is in flight, whether the CPU an event or op names is online. A flat
 * op or event counts once per (kind, state), however often it recurs:
 * the state, not the repetition, is what these features reward.
 */
#define MAX_OFFLINE	3
#define DEPTH_BUCKETS	3	/* listed works: 1, 2, 3 or more */

enum fb_object {
	FB_WORK = 1,
	FB_TIMER,
	FB_CWQ,
	FB_WQ,
	FB_CPU,
};

static struct kenv_ilock fb_lock = KENV_ILOCK_INIT;
static struct fb_state {
	_Atomic bool on;		/* window open: compute features */
	bool restore;			/* saved holds this run's window */
	struct cov_region saved[NR_REGIONS];	/* the counters at close */
	struct cov_region region[NR_REGIONS];	/* where they were */
	int nregions;
	struct {
		bool busy;
		const struct wq_op *op;
	} actor[WQ_MAX_ACTORS];
	struct fb_last work[WQ_MAX_WORKS], timer[WQ_MAX_WORKS];
	struct fb_last cwq[NR_CWQS], wq[WQ_MAX_WQS + 1], cpu[KENV_MAX_CPUS];
	struct {
		int listed;		/* works listed (queued, not yet run) */
		int running;		/* works running (started, not ended) */
	} cwq_state[NR_CWQS];
	int8_t running_on[WQ_MAX_WORKS];	/* CPU a work runs on; -1: none */
	struct {
		uint32_t name;		/* hash of the class name; 0: free */
		struct fb_last last;
	} lock[NR_LOCKS];
} fb;

/* FNV-1a, over a string (up to @stop or its end) and over words. */
static uint32_t hash_str(uint32_t h, const char *s, char stop)
{
	for (; s && *s && *s != stop; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static uint32_t hash_u32(uint32_t h, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * 16777619u;
	return h;
}

#define HASH_INIT	2166136261u

/* A task's role: its name up to '/' ("t1", "q0", "events", "ksoftirqd"). */
static uint32_t role_of(const struct task_struct *p)
{
	return hash_str(HASH_INIT, p->comm, '/');
}

/* A task: its whole name ("q0/1"), never 0. */
static uint32_t who_of(const struct task_struct *p)
{
	return hash_str(HASH_INIT, p->comm, '\0') | 1;
}

/* A feature: seen in this run or not (feedback.h: no counts). */
static void mark(uint32_t h)
{
	uint8_t *c = &wq_ilcov[h & (WQ_ILCOV_SIZE - 1)];

	if (!*c)
		*c = 1;
}

/* 0: no hotplug op in flight, 1: a cpu_down, 2: a cpu_up, 3: both. */
static uint32_t hotplug_phase(void)
{
	uint32_t phase = 0;
	int i;

	for (i = 0; i < WQ_MAX_ACTORS; i++) {
		if (!fb.actor[i].busy)
			continue;
		if (fb.actor[i].op->op == WQ_OP_CPU_DOWN)
			phase |= 1;
		else if (fb.actor[i].op->op == WQ_OP_CPU_UP)
			phase |= 2;
	}
	return phase;
}

/* The hotplug state: CPUs offline (0..MAX_OFFLINE) and the phase. */
static uint32_t hotplug_state(void)
{
	int off = num_possible_cpus() - num_online_cpus();

	if (off > MAX_OFFLINE)
		off = MAX_OFFLINE;
	if (off < 0)
		off = 0;
	return (uint32_t)off | hotplug_phase() << 2;
}

/* @cpu online 1, offline 0, none 2. */
static uint32_t cpu_state(int cpu)
{
	if (cpu < 0 || cpu >= KENV_MAX_CPUS)
		return 2;
	return cpu_online(cpu) ? 1 : 0;
}

/*
 * @what by task @who in @role on object @obj, whose last event was @last:
 * a feature @kind (hand-over or lock pair) if the task changed.
 */
static void pair(enum fb_feature kind, uint32_t obj, struct fb_last *last,
		 uint32_t who, uint32_t what, uint32_t role)
{
	if (last->who && last->who != who) {
		uint32_t h = hash_u32(HASH_INIT, kind);

		h = hash_u32(h, obj);
		h = hash_u32(h, last->what);
		h = hash_u32(h, last->role);
		h = hash_u32(h, what);
		mark(hash_u32(h, role));
	}
	last->who = who;
	last->what = what;
	last->role = role;
}

/* Lock hook (kenv_set_lock_hook): consecutive acquisitions by two tasks. */
static void lock_hook(const struct lockdep_map *map, const char *func,
		      void *arg)
{
	const struct task_struct *task = current;
	uint32_t site, role, who, name;
	struct fb_state *st = arg;
	int i, free_slot = -1;

	if (!atomic_load_explicit(&st->on, memory_order_relaxed) || !task)
		return;
	site = hash_str(HASH_INIT, func, '\0');
	role = role_of(task);
	who = who_of(task);
	name = hash_str(HASH_INIT, map->name, '\0') | 1;
	kenv_ilock_lock(&fb_lock);
	for (i = 0; i < NR_LOCKS; i++) {
		if (st->lock[i].name == name)
			break;
		if (!st->lock[i].name && free_slot < 0)
			free_slot = i;
	}
	if (i == NR_LOCKS && free_slot >= 0) {
		i = free_slot;
		st->lock[i].name = name;
	}
	if (i < NR_LOCKS)
		pair(FB_LOCK_PAIR, name, &st->lock[i].last, who, site, role);
	kenv_ilock_unlock(&fb_lock);
}

/**
 * wq_feedback_open - the controlled phase begins
 *
 * Clears the coverage counters (what kenv boot and setup hit on free
 * threads is dropped) and the interleaving state, and starts computing
 * interleaving features. Called by the main thread with the system idle.
 */
void wq_feedback_open(void)
{
	int i;

	kenv_ilock_lock(&fb_lock);
	memset(fb.actor, 0, sizeof(fb.actor));
	memset(fb.work, 0, sizeof(fb.work));
	memset(fb.timer, 0, sizeof(fb.timer));
	memset(fb.cwq, 0, sizeof(fb.cwq));
	memset(fb.wq, 0, sizeof(fb.wq));
	memset(fb.cpu, 0, sizeof(fb.cpu));
	memset(fb.lock, 0, sizeof(fb.lock));
	memset(fb.cwq_state, 0, sizeof(fb.cwq_state));
	memset(fb.running_on, -1, sizeof(fb.running_on));
	memset(wq_ilcov, 0, sizeof(wq_ilcov));
	fb.nregions = cov_regions(fb.region);
	for (i = 0; i < fb.nregions; i++)
		memset(fb.region[i].start, 0, fb.region[i].len);
	fb.restore = false;
	atomic_store_explicit(&fb.on, true, memory_order_relaxed);
	kenv_ilock_unlock(&fb_lock);
	kenv_set_lock_hook(lock_hook, &fb);
}

/**
 * wq_feedback_close - the controlled phase ends: save the coverage
 *
 * Called by the main thread while the scheduler is still controlled.
 */
void wq_feedback_close(void)
{
	int i;

	if (!atomic_load_explicit(&fb.on, memory_order_relaxed))
		return;
	kenv_set_lock_hook(NULL, NULL);
	kenv_ilock_lock(&fb_lock);
	atomic_store_explicit(&fb.on, false, memory_order_relaxed);
	fb.restore = true;
	for (i = 0; i < fb.nregions; i++) {
		struct cov_region *s = &fb.saved[i];

		if (s->len < fb.region[i].len) {
			free(s->start);
			s->start = malloc(fb.region[i].len);
			s->len = s->start ? fb.region[i].len : 0;
		}
		if (!s->start) {
			fb.restore = false;	/* keep all: noisy, not lost */
			break;
		}
		memcpy(s->start, fb.region[i].start, fb.region[i].len);
	}
	kenv_ilock_unlock(&fb_lock);
}

/**
 * wq_feedback_restore - drop what the free teardown hit
 *
 * Called after kenv_reset(), with no kernel task left.
 */
void wq_feedback_restore(void)
{
	int i;

	kenv_ilock_lock(&fb_lock);
	for (i = 0; fb.restore && i < fb.nregions; i++)
		memcpy(fb.region[i].start, fb.saved[i].start, fb.region[i].len);
	fb.restore = false;
	kenv_ilock_unlock(&fb_lock);
}

/**
 * wq_feedback_op_begin - actor @actor starts @op: an op pair with every
 * op another actor is running
 * @actor: actor index
 * @op: the op (its kind and operands name it; the pointer is kept until
 *      wq_feedback_op_end)
 */
void wq_feedback_op_begin(int actor, const struct wq_op *op)
{
	uint32_t h;
	int i;

	if (!atomic_load_explicit(&fb.on, memory_order_relaxed) ||
	    actor < 0 || actor >= WQ_MAX_ACTORS)
		return;
	kenv_ilock_lock(&fb_lock);
	for (i = 0; i < WQ_MAX_ACTORS; i++) {
		const struct wq_op *o = fb.actor[i].op;

		if (i == actor || !fb.actor[i].busy)
			continue;
		h = hash_u32(HASH_INIT, FB_OP_PAIR);
		h = hash_u32(h, o->op);
		h = hash_u32(h, op->op);
		/* the same work, the same workqueue operand */
		h = hash_u32(h, (o->work == op->work) | (o->wq == op->wq) << 1);
		mark(h);
	}
	fb.actor[actor].busy = true;
	fb.actor[actor].op = op;
	/* the state it starts in (its own hotplug op included) */
	h = hash_u32(HASH_INIT, FB_OP_STATE);
	h = hash_u32(h, op->op);
	h = hash_u32(h, hotplug_state());
	mark(hash_u32(h, wq_op_has(op->op, WQ_ARG_CPU) ? cpu_state(op->cpu) : 3));
	kenv_ilock_unlock(&fb_lock);
}

/**
 * wq_feedback_op_end - actor @actor's op returned
 * @actor: actor index
 */
void wq_feedback_op_end(int actor)
{
	if (!atomic_load_explicit(&fb.on, memory_order_relaxed) ||
	    actor < 0 || actor >= WQ_MAX_ACTORS)
		return;
	kenv_ilock_lock(&fb_lock);
	fb.actor[actor].busy = false;
	kenv_ilock_unlock(&fb_lock);
}

/* What @ev's CPU's cwqs (of every workqueue) hold: listed, running. */
static void down_left(int cpu)
{
	int q, listed = 0, running = 0;

	for (q = 0; q <= WQ_MAX_WQS; q++) {
		listed += fb.cwq_state[q * KENV_MAX_CPUS + cpu].listed;
		running += fb.cwq_state[q * KENV_MAX_CPUS + cpu].running;
	}
	mark(hash_u32(hash_u32(hash_u32(HASH_INIT, FB_DOWN_LEFT),
			       (uint32_t)(listed < DEPTH_BUCKETS ? listed : DEPTH_BUCKETS) |
			       (uint32_t)(running ? 4 : 0)),
		      hotplug_state()));
}

/*
 * The state features of @ev (@what its hash, @work its label, @q its
 * cwq row): the hotplug state it happens in; on a cwq, how many works
 * are listed there when one is queued (and whether one runs); a work
 * queued while it runs, on its CPU or another; at a CPU's going down,
 * what its cwqs still hold. The cwq counts are kept from the events
 * (queued +1; started or grabbed -1), so they are a function of the
 * input under the controlled scheduler. Called under fb_lock.
 */
static void state_features(const struct kenv_event *ev, uint32_t what,
			   int work, int q, bool has_cpu)
{
	uint32_t hs = hotplug_state(), h;
	bool world_work = work >= 0 && work < WQ_MAX_WORKS;
	int *listed = NULL, *running = NULL, depth;

	mark(hash_u32(hash_u32(hash_u32(HASH_INIT, FB_EV_STATE), what),
		      hs | cpu_state(ev->cpu) << 4));
	if (ev->queue && has_cpu) {
		listed = &fb.cwq_state[q * KENV_MAX_CPUS + ev->cpu].listed;
		running = &fb.cwq_state[q * KENV_MAX_CPUS + ev->cpu].running;
	}
	switch (ev->type) {
	case WQKIT_EV_WORK_QUEUED:
		if (world_work && fb.running_on[work] >= 0) {
			h = hash_u32(HASH_INIT, FB_REQUEUED_RUNNING);
			h = hash_u32(h, fb.running_on[work] == ev->cpu);
			h = hash_u32(h, cpu_state(fb.running_on[work]));
			mark(hash_u32(h, hs));
		}
		if (!listed)
			break;
		depth = ++*listed < DEPTH_BUCKETS ? *listed : DEPTH_BUCKETS;
		h = hash_u32(HASH_INIT, FB_CWQ_DEPTH);
		h = hash_u32(h, (uint32_t)depth | (*running ? 4u : 0u));
		mark(hash_u32(h, hs | cpu_state(ev->cpu) << 4));
		break;
	case WQKIT_EV_WORK_START:
		if (world_work)
			fb.running_on[work] = (int8_t)ev->cpu;
		if (running)
			++*running;
		/* fall through - no longer listed */
	case WQKIT_EV_WORK_GRABBED:
		if (listed && *listed > 0)
			--*listed;
		break;
	case WQKIT_EV_WORK_END:
		if (world_work)
			fb.running_on[work] = -1;
		if (running && *running > 0)
			--*running;
		break;
	case KENV_EV_CPU_DOWN:
		if (has_cpu)
			down_left(ev->cpu);
		break;
	default:
		break;
	}
}

/**
 * wq_feedback_event - a kenv event: hand-overs on the objects it touches
 * @ev: the event
 * @work: its work's label (wN >= 0; < 0: none, or not a world work)
 * @wq: its workqueue's label (qN >= 0, keventd or none < 0)
 */
void wq_feedback_event(const struct kenv_event *ev, int work, int wq)
{
	const struct task_struct *task = ev->task;
	int q = wq >= 0 && wq < WQ_MAX_WQS ? wq + 1 : 0;	/* 0: keventd, none */
	bool has_cpu = ev->cpu >= 0 && ev->cpu < KENV_MAX_CPUS;
	uint32_t what, role, who;

	if (!atomic_load_explicit(&fb.on, memory_order_relaxed) || !task)
		return;
	what = hash_u32(HASH_INIT, ev->type);
	if (ev->type == WQKIT_EV_API_ENTER || ev->type == WQKIT_EV_API_EXIT)
		what = hash_str(what, ev->api, '\0');
	role = role_of(task);
	who = who_of(task);
	kenv_ilock_lock(&fb_lock);
	if (work >= 0 && work < WQ_MAX_WORKS) {
		bool timer = ev->type == WQKIT_EV_TIMER_QUEUED ||
			ev->type == WQKIT_EV_TIMER_FIRED ||
			ev->type == WQKIT_EV_TIMER_DELETED;

		pair(FB_HANDOVER, timer ? FB_TIMER : FB_WORK,
		     timer ? &fb.timer[work] : &fb.work[work], who, what, role);
	}
	if (ev->queue && has_cpu)
		pair(FB_HANDOVER, FB_CWQ, &fb.cwq[q * KENV_MAX_CPUS + ev->cpu],
		     who, what, role);
	else if (ev->owner)
		pair(FB_HANDOVER, FB_WQ, &fb.wq[q], who, what, role);
	if (has_cpu && (ev->type == KENV_EV_CPU_UP ||
			ev->type == KENV_EV_CPU_DOWN ||
			ev->type == WQKIT_EV_WORK_START ||
			ev->type == WQKIT_EV_TIMER_FIRED))
		pair(FB_HANDOVER, FB_CPU, &fb.cpu[ev->cpu], who, what, role);
	state_features(ev, what, work, q, has_cpu);
	kenv_ilock_unlock(&fb_lock);
}

/*
 * Fault counts per program: a direct-mapped table keyed by a 64-bit hash
 * of the program's canonical encoding. libFuzzer mutates an input right
 * after running it for most mutations (its mutation depth: each mutant of
 * a corpus unit is mutated again), and ran every corpus unit when it was
 * added, so most parents are here. Locking: counts_lock (a kenv_ilock)
 * protects counts_tab; the executor's main thread writes after a run,
 * the engine's thread reads between runs.
 */
#define NR_COUNTS	4096	/* a power of two */

static struct kenv_ilock counts_lock = KENV_ILOCK_INIT;
static struct fault_counts {
	uint64_t key;			/* 0: empty */
	uint32_t allocs, kthreads;
} counts_tab[NR_COUNTS];

/* FNV-1a 64 of @p's canonical encoding, never 0. */
static uint64_t prog_key(const struct wq_prog *p)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	size_t n = wq_prog_encode(p, buf, sizeof(buf)), i;
	uint64_t h = 14695981039346656037ull;

	for (i = 0; i < n; i++)
		h = (h ^ buf[i]) * 1099511628211ull;
	return h | 1;
}

static uint32_t clamp32(unsigned long v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/**
 * wq_feedback_record_counts - keep @p's fault counts for the mutator
 * @p: the program that just ran
 *
 * Reads kenv's allocation and kthread_create() call counters (counted
 * from the fault's arming at setup) before kenv_reset() clears them.
 */
void wq_feedback_record_counts(const struct wq_prog *p)
{
	uint64_t key = prog_key(p);
	uint32_t allocs = clamp32(kenv_alloc_calls());
	uint32_t kthreads = clamp32(kenv_kthread_calls());
	struct fault_counts *e = &counts_tab[key & (NR_COUNTS - 1)];

	kenv_ilock_lock(&counts_lock);
	e->key = key;
	e->allocs = allocs;
	e->kthreads = kthreads;
	kenv_ilock_unlock(&counts_lock);
}

/**
 * wq_feedback_counts - the fault counts of @p's last run in this process
 * @p: a program (as the target decoded it)
 * @allocs: allocations its run made from the fault's arming
 * @kthreads: kthread_create() calls likewise
 *
 * Returns false, leaving *@allocs and *@kthreads alone, if @p has not
 * run here or its entry was taken by another program since.
 */
bool wq_feedback_counts(const struct wq_prog *p, unsigned long *allocs,
			unsigned long *kthreads)
{
	uint64_t key = prog_key(p);
	const struct fault_counts *e = &counts_tab[key & (NR_COUNTS - 1)];
	bool found;

	kenv_ilock_lock(&counts_lock);
	found = e->key == key;
	if (found) {
		*allocs = e->allocs;
		*kthreads = e->kthreads;
	}
	kenv_ilock_unlock(&counts_lock);
	return found;
}
