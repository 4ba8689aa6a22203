/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv: the emulated kernel environment the workqueue port runs on.
 *
 * This is the harness-facing API: start and reset the environment, run
 * harness code as kernel tasks ("actors"), drive the virtual clock and CPU
 * hotplug, inject faults, and observe the kernel through three hooks:
 *
 *  - the failure channel: every BUG, WARNING, lockdep report, sleeping in
 *    atomic context and dump_stack() becomes a struct kenv_failure;
 *  - the event hook: work queued / started / finished / grabbed, and the
 *    entry and exit of the workqueue API calls;
 *  - the scheduling hook: every synchronisation point and every block and
 *    unblock of a task (the controlled scheduler plugs in here).
 *
 * Everything here is safe to call from the thread that called kenv_init()
 * (it is attached as the task "swapper"), from actors, and from kthreads.
 */
#ifndef _KENV_KENV_H
#define _KENV_KENV_H

#include <stdbool.h>
#include <stddef.h>

struct task_struct;
struct work_struct;

#define KENV_MAX_CPUS	16

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */

struct kenv_config {
	int nr_cpus;		/* possible CPUs, 1..KENV_MAX_CPUS (default 4) */
	unsigned int online_mask; /* CPUs online at boot; 0 = all possible */
	unsigned int freeze_timeout_ms; /* freeze_processes() budget (20000) */
	bool no_subsystems;	/* do not start the registered subsystems
				 * (kenv_register_subsys: the workqueue);
				 * kenv's own tests */
	/*
	 * Run every task's OS thread, and the caller's, on the one real CPU
	 * the caller is on at kenv_init() (until kenv_reset()), as
	 * SCHED_BATCH. For a controlled session, which runs one task at a
	 * time anyway: every hand-off is then a wake-up on the waker's own
	 * CPU that does not preempt the waker, not an inter-processor
	 * wake-up. Free-running threads lose their parallelism: leave it off
	 * for them.
	 */
	bool one_cpu;
};

/**
 * kenv_init - boot the emulated kernel
 * @cfg: configuration, or NULL for the defaults
 *
 * Sets up the CPUs, the per-CPU timer softirq tasks, attaches the calling
 * thread as task 0 ("swapper", on CPU 0) and starts every registered
 * subsystem in registration order (the workqueue's init_workqueues()).
 * Returns 0 or -errno (bad configuration, already up).
 */
int kenv_init(const struct kenv_config *cfg);

/*
 * A subsystem of the emulated kernel that kenv starts and stops but does
 * not name, like an initcall: the workqueue port registers itself from a
 * constructor, so kenv links and runs without it.
 */
struct kenv_subsys {
	const char *name;
	void (*init)(void);		/* at the end of kenv_init() */
	int (*exit)(int tainted);	/* early in kenv_reset() (reverse
					 * order): returns how many of its
					 * objects the caller leaked; with
					 * @tainted, destroys nothing */
};
#define KENV_MAX_SUBSYS	4
/*
 * Register @s (static storage) before the first kenv_init(), e.g. from a
 * constructor. Returns 0, or -ENOSPC past KENV_MAX_SUBSYS.
 */
int kenv_register_subsys(const struct kenv_subsys *s);

struct kenv_leaks {
	int tasks;		/* kernel tasks still alive at reset (force-stopped) */
	int allocations;	/* kzalloc/alloc_percpu blocks not freed */
	size_t bytes;
	int objects;		/* subsystem objects the caller did not
				 * destroy (workqueues) */
};

/**
 * kenv_reset - return the whole environment to its state before kenv_init()
 * @leaks: if not NULL, filled with what had to be cleaned up by force
 *
 * Stops every registered subsystem (the workqueue's exit destroys every
 * workqueue still alive, keventd included, and clears its statics), stops
 * every kernel task, frees every allocation, clears notifiers, timers, lockdep state, fault injection and hooks. The OS
 * threads that backed tasks stay parked in a pool for the next kenv_init().
 * Must be called by the thread that called kenv_init(), with no actor
 * running. Returns 0 if nothing leaked, 1 otherwise.
 */
int kenv_reset(struct kenv_leaks *leaks);

/*
 * Taint: after a BUG (set by kenv) or a hang (set by the harness) some
 * task may never finish, so kenv_reset() must not flush or stop anything
 * gracefully: it forgets the workqueues and kills every task instead.
 */
void kenv_mark_tainted(void);
int kenv_tainted(void);

/* Number of OS threads kenv owns (pool + running); for leak checks. */
int kenv_nr_os_threads(void);

/* ------------------------------------------------------------------ */
/* Actors: harness code running as kernel tasks                        */

/**
 * kenv_actor_start - run @fn(@arg) in a new (pooled) kernel task on @cpu
 *
 * The task is an ordinary, non-freezable, unbound task: it may be migrated
 * by cpu_down. Returns the task; join it with kenv_actor_join().
 */
struct task_struct *kenv_actor_start(const char *name, int cpu,
				     int (*fn)(void *), void *arg);
/* Wait for an actor to finish; returns fn's result. Frees the task. */
int kenv_actor_join(struct task_struct *task);

/* Move the calling task to @cpu (must be online); like sched_setaffinity. */
int kenv_migrate_current(int cpu);

/* ------------------------------------------------------------------ */
/* Virtual clock and hotplug                                           */

/* Advance jiffies by @ticks and kick the softirq task of each CPU that has
 * an expired timer. Does not wait for the handlers. */
void kenv_advance_jiffies(unsigned long ticks);
/* Earliest pending timer expiry into *@expires; false if no timer pending. */
bool kenv_next_timer(unsigned long *expires);
/* True when no timer handler is running or due (expired but not run). */
bool kenv_timers_idle(void);

/* cpu_up()/cpu_down() of include/linux/cpu.h, usable from any task. */
int kenv_cpu_up(int cpu);
int kenv_cpu_down(int cpu);
int kenv_nr_cpus(void);

/* ------------------------------------------------------------------ */
/* Fault injection (counted from the last kenv_init or set call)       */

/* Make the @nth (1-based) kzalloc/kmalloc/alloc_percpu fail; 0 = never. */
void kenv_fail_alloc_nth(unsigned long nth);
/* Make the @nth (1-based) kthread_create fail with -ENOMEM; 0 = never. */
void kenv_fail_kthread_nth(unsigned long nth);
unsigned long kenv_alloc_calls(void);
unsigned long kenv_kthread_calls(void);
/*
 * Test-only race injection (cleared by kenv_reset): test_and_set_bit()
 * and test_and_clear_bit() become a load, a scheduling point and a
 * store, so two tasks can both win e.g. WORK_STRUCT_PENDING. A real
 * check-then-act race the core does not have, for proving that the
 * fuzzers find and replay races.
 */
void kenv_inject_racy_bitops(bool on);

/* ------------------------------------------------------------------ */
/* Failure channel                                                     */

enum kenv_failure_kind {
	KENV_FAIL_BUG,		/* BUG(), BUG_ON(): the task is killed after */
	KENV_FAIL_WARN,		/* WARN_ON(), WARN() */
	KENV_FAIL_LOCKDEP,	/* recursive locking, lock order inversion, ... */
	KENV_FAIL_SLEEP_ATOMIC,	/* might_sleep() in atomic context */
	KENV_FAIL_DUMP_STACK,	/* printk(...) + dump_stack(): leaked lock,
				 * recursion depth exceeded, ... */
	KENV_FAIL_FREEZE,	/* freeze_processes() timed out */
	KENV_FAIL_OOPS,		/* anything else fatal inside kenv */
};

struct kenv_failure {
	enum kenv_failure_kind kind;
	char title[160];	/* stable, no addresses: "BUG: workqueue leaked
				 * lock or atomic in run_workqueue" */
	const char *function;	/* where it was raised */
	const char *file;
	int line;
	char message[2048];	/* the printk lines and held locks */
	char task[32];		/* comm of the calling task ("?" if none) */
	int pid;
	int cpu;
};

typedef void (*kenv_failure_fn)(const struct kenv_failure *f, void *arg);

/* Install the failure handler (NULL: the default, which prints and aborts).
 * The handler runs in the failing task. For KENV_FAIL_BUG the task does
 * not continue after the handler returns: it is parked for good, as an
 * oops kills the task. Other kinds continue. */
void kenv_set_failure_handler(kenv_failure_fn fn, void *arg);
const char *kenv_failure_kind_name(enum kenv_failure_kind kind);
/* Number of failures raised since kenv_init. */
unsigned long kenv_nr_failures(void);

/* Bounded printk log: copies up to @len-1 bytes of the newest messages. */
size_t kenv_log_read(char *buf, size_t len);
void kenv_log_clear(void);

/* ------------------------------------------------------------------ */
/* Event hook (for oracles written outside the core)                   */

/*
 * kenv passes events from the code it runs to one hook without reading
 * them: a code, a call's name, up to three objects (the one the event is
 * about, its owner, the per-CPU queue it is on), a CPU and a value, to
 * which kenv adds the time and the task. The emitter defines its codes
 * and what the fields mean (the workqueue's: wqkit/workqueue_events.h);
 * kenv's own codes are the CPU events below. Emitters number their codes
 * around kenv's (0..63; the values are part of trace hashes).
 */
enum kenv_event_type {
	KENV_EV_CPU_UP = 8,	/* cpu came online (no objects) */
	KENV_EV_CPU_DOWN = 9,	/* cpu went offline (after CPU_DEAD) */
};

struct kenv_event {
	int type;		/* enum kenv_event_type or the emitter's */
	const char *api;	/* name of the call it belongs to, or NULL */
	const void *obj;	/* the object it is about, or NULL */
	const void *owner;	/* the object @obj belongs to, or NULL */
	const void *queue;	/* the per-CPU queue @obj is on, or NULL */
	int cpu;		/* the event's CPU (-1 if unknown) */
	long ret;		/* the emitter's value (a return value, ...) */
	unsigned long now;	/* jiffies */
	struct task_struct *task; /* current */
};

/*
 * Names of wait objects for hang and deadlock reports ("barrier on
 * events/1", "w3") instead of addresses, which differ from run to run.
 * The namer writes @obj's name into @buf and returns true, or returns
 * false when it does not know @obj. Runs in the reporting thread with
 * the system stopped: it must not block.
 */
typedef bool (*kenv_obj_namer)(const void *obj, const char *what, char *buf,
			       size_t len, void *arg);
void kenv_set_obj_namer(kenv_obj_namer fn, void *arg);
/*
 * @obj's name for a report: the namer's; else, for a "mutex" or a
 * "spinlock", its lockdep name; for a "softirq", "timer base of cpuN";
 * for a "completion", "exit of <task>" if it is a task's exit
 * completion; else its address. Returns @buf.
 */
const char *kenv_obj_name(const void *obj, const char *what, char *buf,
			  size_t len);

typedef void (*kenv_event_fn)(const struct kenv_event *ev, void *arg);
void kenv_set_event_hook(kenv_event_fn fn, void *arg);
/* Used by kenv and the code it runs to emit events (no-op without a
 * hook). */
void kenv_emit(int type, const char *api, const void *obj, const void *owner,
	       const void *queue, int cpu, long ret);

/*
 * Lock hook: called in the acquiring task after every lockdep acquire
 * (spinlocks, mutexes, lock_map_acquire()), with the lock's map (->name
 * is its class name, "&cwq->lock" or a workqueue's name) and the
 * acquisition site's function. Must not block or take a kernel lock.
 * Cleared by kenv_reset(). A fuzzer's interleaving feedback uses it.
 */
struct lockdep_map;
typedef void (*kenv_lock_fn)(const struct lockdep_map *map, const char *func,
			     void *arg);
void kenv_set_lock_hook(kenv_lock_fn fn, void *arg);

/* ------------------------------------------------------------------ */
/* Scheduling hook                                                     */

enum kenv_sched_point {
	KENV_SP_LOCK,		/* before acquiring a spinlock or mutex */
	KENV_SP_LOCKED,		/* after acquiring it */
	KENV_SP_UNLOCK,		/* after releasing it */
	KENV_SP_WAIT,		/* prepare_to_wait / wait_for_completion */
	KENV_SP_WAKE,		/* wake_up / wake_up_process / complete */
	KENV_SP_BITOP,		/* atomic bit operation (work->data) */
	KENV_SP_ATOMIC,		/* other atomic read-modify-write */
	KENV_SP_BARRIER,	/* smp_mb / smp_wmb / smp_rmb */
	KENV_SP_BLOCK,		/* the task is about to sleep in schedule() */
	KENV_SP_UNBLOCK,	/* the task returned from schedule() */
	KENV_SP_TASK_START,	/* a task begins to run its function */
	KENV_SP_TASK_EXIT,	/* a task ends */
	KENV_SP_RELAX,		/* cpu_relax() in a retry loop */
};

struct kenv_sched_hook {
	/* Called in the task reaching the point; @obj is the lock, wait
	 * queue, bit word, ... Must not call back into kenv. */
	void (*point)(enum kenv_sched_point sp, const void *obj, void *arg);
	void *arg;
};

/* Install (or with NULL remove) the scheduling hook. Default: none. */
void kenv_set_sched_hook(const struct kenv_sched_hook *hook);
/* Called by kenv primitives; cheap when no hook is installed. */
void kenv_sched_point(enum kenv_sched_point sp, const void *obj);

/* ------------------------------------------------------------------ */
/* Controlled scheduling (sched_ctl.c)                                 */

/*
 * One task runs at a time; at each scheduling point a seeded policy
 * chooses the next one, so a run replays exactly. See
 * core/kenv/README.md "Controlled scheduling".
 */
#define KENV_SCHED_MAX_DEPTH	8

enum kenv_sched_policy {
	KENV_SCHED_PCT,		/* random priorities, depth-1 change points
				 * (Burckhardt et al., ASPLOS 2010) */
	KENV_SCHED_RANDOM,	/* uniform choice among runnable tasks */
};

struct kenv_sched_params {
	enum kenv_sched_policy policy;
	unsigned long long seed;
	int depth;			/* PCT d, 1..KENV_SCHED_MAX_DEPTH */
	unsigned long horizon;		/* PCT: change points are drawn in
					 * [1, horizon] decisions (0: 256) */
	unsigned int max_preemptions;	/* random: bound on preemptive
					 * switches (0: none) */
	unsigned long budget;		/* scheduling points per run before a
					 * livelock is reported (0: 2^21) */
	bool per_run;			/* PCT priorities and change points
					 * drawn again, and the preemption
					 * bound counted, per
					 * kenv_sched_controlled_run() (e.g.
					 * per step of a program); horizon and
					 * max_preemptions are then per run */
};

struct kenv_sched_stats {
	unsigned long points;		/* scheduling points of tasks */
	unsigned long decisions;	/* points with more than one runnable */
	unsigned long switches;		/* baton hand-offs */
	unsigned long preemptions;	/* switches away from a runnable task */
	unsigned long clock_jumps;	/* virtual clock moved when idle */
	unsigned long max_run_points;	/* most points in one run */
	unsigned long runs;
	int tasks;			/* tasks registered */
};

/* kenv_sched_controlled_run() results */
#define KENV_SCHED_IDLE		0
#define KENV_SCHED_DEADLOCK	1
#define KENV_SCHED_LIVELOCK	2
/* kenv_sched_controlled_run() flags */
#define KENV_RUN_CLOCK		1u

/*
 * A planned PCT run (e.g. one per program step): priorities from the
 * tasks' names and @order, change points at the given decision numbers
 * of the run, no random draw. Needs policy PCT and per_run.
 */
struct kenv_sched_plan {
	unsigned int order;
	int nchange;			/* 0..depth-1 */
	unsigned long change[KENV_SCHED_MAX_DEPTH - 1];	/* ascending, >= 1 */
};

int kenv_sched_controlled_begin(const struct kenv_sched_params *prm);
/*
 * Plan the next kenv_sched_controlled_run()s (until planned again; NULL:
 * back to the seeded draw). Returns 0, or -EINVAL (no session, not PCT
 * per run, more change points than depth - 1, not ascending).
 */
int kenv_sched_controlled_plan(const struct kenv_sched_plan *plan);
void kenv_sched_controlled_end(void);
bool kenv_sched_controlled(void);
int kenv_sched_controlled_run(bool (*done)(void *arg), void *arg,
			      unsigned int flags);
void kenv_sched_controlled_stats(struct kenv_sched_stats *st);
size_t kenv_sched_controlled_report(char *buf, size_t len);
const char *kenv_sched_controlled_stuck(void);

/* ------------------------------------------------------------------ */
/* Introspection for hang reports and oracles                          */

struct kenv_task_info {
	struct task_struct *task;
	char comm[32];
	int pid;
	int cpu;
	long state;		/* TASK_RUNNING, TASK_INTERRUPTIBLE, ... */
	bool kthread;
	bool frozen;
	const char *blocked_in;	/* kernel function it sleeps in, or NULL */
	const void *blocked_on;	/* wait object, or NULL */
	const char *blocked_what; /* "completion", "mutex", "waitqueue", ... */
	bool asleep;		/* not runnable: waiting in schedule() or for
				 * its first wake-up, parked, or ended */
};

/* Call @fn for every live task; stops early if @fn returns non-zero. */
int kenv_for_each_task(int (*fn)(const struct kenv_task_info *ti, void *arg),
		       void *arg);
/*
 * Count of every block, unblock and wake-up of a task so far (relaxed).
 * Unchanged around a kenv_for_each_task() walk in which every task was
 * asleep means the system was idle at that point.
 */
unsigned long kenv_activity(void);
/*
 * Wait (at most @timeout_us of real time; 0: just look) until every task
 * but the boot task is asleep (kenv_task_info->asleep) and no timer is
 * running or due (kenv_timers_idle()). Event-driven and exact: a woken
 * task counts as runnable from its wake-up on. Returns 0 when idle,
 * -ETIMEDOUT otherwise. Adds no happens-before edge.
 */
int kenv_wait_idle(long timeout_us);
/* Number of live kernel tasks (kthreads + actors + softirq tasks). */
int kenv_nr_tasks(void);
/* Number of live kenv allocations (kzalloc, alloc_percpu). */
int kenv_nr_allocations(void);

/* ------------------------------------------------------------------ */
/* Internal locks hidden from ThreadSanitizer                          */

/*
 * Harness and kenv bookkeeping (oracle state, event logs, allocation
 * lists, lockdep graphs) must not add happens-before edges between kernel
 * tasks, or TSan would miss real races in the workqueue. kenv_ilock is a
 * mutex whose synchronisation and protected accesses TSan ignores.
 */
struct kenv_ilock {
	_Alignas(64) int word;	/* 0 unlocked, 1 locked */
};
#define KENV_ILOCK_INIT	{ 0 }
void kenv_ilock_lock(struct kenv_ilock *l);
void kenv_ilock_unlock(struct kenv_ilock *l);

#endif /* _KENV_KENV_H */
