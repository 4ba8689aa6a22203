/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lockdep-lite: lock classes, per-task held-lock stacks, recursive
 * locking, lock-order cycles and unbalanced unlocks, as in 2.6.29's
 * lockdep for exclusive (non-read, non-trylock) acquisitions.
 *
 * Data and locking:
 *  - A class is a slot of classes[] found through class_hash[] by key.
 *    Hash slots and the dependency bitmaps are C11 atomics read with
 *    relaxed loads on the acquire fast path; everything else (class names,
 *    edge records, BFS scratch) is touched only under lockdep_lock, a
 *    kenv_ilock, so the checker adds no happens-before edge between tasks
 *    that ThreadSanitizer could mistake for the kernel's own ordering.
 *  - A map caches its class (with the lockdep generation, so a reset
 *    invalidates it) in map->class_idx. The cache is written only by
 *    lockdep_init_map(), never on acquire: run_workqueue() copies
 *    work->lockdep_map with a plain struct copy, and a store on acquire
 *    from another task (flush_work) would race with that copy. Maps that
 *    were never initialised (static initialisers) take the lock-free hash
 *    lookup instead, which costs a hash and usually one probe.
 *  - The held-lock stack lives in current->held_locks[] and is touched only
 *    by its task (other tasks read it only for reports, under
 *    lockdep_lock, like the kernel's racy debug_show_held_locks()).
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/debug_locks.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/sched.h>

#include "sched_internal.h"

#define LD_MAX_CLASSES	512
#define LD_HASH_SIZE	1024		/* power of two, >= 2 * classes */
#define LD_WORDS	(LD_MAX_CLASSES / 64)
#define LD_MAX_EDGES	8192
#define LD_NAME_LEN	48
#define LD_MSG_LEN	2048

/* map->class_idx layout: generation above, class index + 1 below. */
#define LD_IDX_BITS	10
#define LD_IDX_MASK	((1 << LD_IDX_BITS) - 1)
#define LD_GEN_MASK	((1u << (31 - LD_IDX_BITS)) - 1)

#define LD_REPORTED_SIZE	256	/* power of two */

/* Kinds of report, for "report each distinct problem once". */
#define LD_REP_RECURSIVE	1
#define LD_REP_UNBALANCE	2

int debug_locks = 1;

struct ld_site {
	const char *func;
	const char *file;
	int line;
};

struct ld_class {
	char name[LD_NAME_LEN];
	int first_edge;			/* head of the out-edge list, -1 */
};

/* A recorded dependency from -> to, with where each lock was taken. */
struct ld_edge {
	short from, to;
	int next;			/* next out-edge of @from, -1 */
	struct ld_site from_site;	/* where @from was acquired */
	struct ld_site to_site;		/* where @to was acquired under it */
};

/*
 * lockdep_lock protects: classes[], nr_classes, edges[], nr_edges, reported[],
 * the BFS scratch arrays, and serialises every writer of class_hash[],
 * dep_bits[] and bad_bits[] (whose readers are lock-free).
 */
static struct kenv_ilock lockdep_lock = KENV_ILOCK_INIT;
static struct ld_class classes[LD_MAX_CLASSES];
static int nr_classes;
static struct ld_edge edges[LD_MAX_EDGES];
static int nr_edges;
static int bfs_queue[LD_MAX_CLASSES];
static short bfs_parent[LD_MAX_CLASSES];
static unsigned long bfs_seen[LD_WORDS];
static uint64_t reported[LD_REPORTED_SIZE];	/* signatures, 0 = empty */

/* Lock-free readable state (relaxed atomics). */
static _Atomic uintptr_t class_hash_key[LD_HASH_SIZE];
static _Atomic int class_hash_idx[LD_HASH_SIZE];	/* index + 1 */
static _Atomic unsigned long dep_bits[LD_MAX_CLASSES][LD_WORDS];
static _Atomic unsigned long bad_bits[LD_MAX_CLASSES][LD_WORDS]; /* reported cycles */
static _Atomic unsigned int lockdep_gen = 1;
static _Atomic int classes_overflowed;
static _Atomic int depth_overflowed;
static _Atomic int edges_overflowed;

#define RELAXED memory_order_relaxed

/* ------------------------------------------------------------------ */
/* Classes                                                             */

static inline unsigned int ld_hash(uintptr_t key)
{
	return (unsigned int)(((uint64_t)(key >> 3) * 0x9E3779B97F4A7C15ull) >>
			      (64 - 10)) & (LD_HASH_SIZE - 1);
}

/* Lock-free lookup: class index or -1. */
static int ld_hash_find(uintptr_t key)
{
	unsigned int h = ld_hash(key);
	unsigned int i;

	for (i = 0; i < LD_HASH_SIZE; i++, h = (h + 1) & (LD_HASH_SIZE - 1)) {
		uintptr_t k = atomic_load_explicit(&class_hash_key[h], RELAXED);

		if (k == key)
			return atomic_load_explicit(&class_hash_idx[h], RELAXED) - 1;
		if (!k)
			return -1;
	}
	return -1;
}

static void ld_report_classes_overflow(void)
{
	if (atomic_exchange_explicit(&classes_overflowed, 1, RELAXED))
		return;
	kenv_fail(KENV_FAIL_LOCKDEP, __func__, __FILE__, __LINE__,
		  "lockdep: too many lock classes",
		  "BUG: MAX_LOCKDEP_KEYS too low! (%d classes)\n"
		  "turning off the dependency checks for new classes.\n",
		  LD_MAX_CLASSES);
}

/* Slow path: register @key under lockdep_lock. Returns the index or -1. */
static int ld_register_class(uintptr_t key, const char *name)
{
	unsigned int h;
	int idx;

	kenv_ilock_lock(&lockdep_lock);
	idx = ld_hash_find(key);
	if (idx >= 0 || nr_classes >= LD_MAX_CLASSES) {
		kenv_ilock_unlock(&lockdep_lock);
		if (idx < 0)
			ld_report_classes_overflow();
		return idx;
	}
	idx = nr_classes++;
	snprintf(classes[idx].name, LD_NAME_LEN, "%s", name ? name : "(unnamed)");
	classes[idx].first_edge = -1;
	h = ld_hash(key);
	while (atomic_load_explicit(&class_hash_key[h], RELAXED))
		h = (h + 1) & (LD_HASH_SIZE - 1);
	/* index first: a reader that sees the key but index 0 retries here */
	atomic_store_explicit(&class_hash_idx[h], idx + 1, RELAXED);
	atomic_store_explicit(&class_hash_key[h], key, RELAXED);
	kenv_ilock_unlock(&lockdep_lock);
	return idx;
}

static inline uintptr_t ld_map_key(const struct lockdep_map *map)
{
	return map->key ? (uintptr_t)map->key : (uintptr_t)map;
}

/* Class of @map without writing to it: cached value or hash lookup. */
static int ld_class_of(struct lockdep_map *map)
{
	unsigned int gen = atomic_load_explicit(&lockdep_gen, RELAXED);
	int cached = __atomic_load_n(&map->class_idx, __ATOMIC_RELAXED);
	uintptr_t key;
	int idx;

	if (cached && ((unsigned int)cached >> LD_IDX_BITS) == (gen & LD_GEN_MASK))
		return (cached & LD_IDX_MASK) - 1;
	key = ld_map_key(map);
	idx = ld_hash_find(key);
	if (idx < 0)
		idx = ld_register_class(key, map->name);
	return idx;
}

/**
 * lockdep_init_map - initialise a lock's lockdep map
 * @lock: the map
 * @name: the class name shown in reports
 * @key: the class key (static per call site); NULL uses @lock's address
 * @subclass: ignored (lockdep-lite has no subclasses)
 *
 * Registers the class and caches it in @lock->class_idx.
 */
void lockdep_init_map(struct lockdep_map *lock, const char *name,
		      struct lock_class_key *key, int subclass)
{
	unsigned int gen;
	int idx;

	(void)subclass;
	lock->name = name;
	lock->key = key;
	__atomic_store_n(&lock->class_idx, 0, __ATOMIC_RELAXED);
	gen = atomic_load_explicit(&lockdep_gen, RELAXED) & LD_GEN_MASK;
	idx = ld_class_of(lock);
	if (idx >= 0)
		__atomic_store_n(&lock->class_idx,
				 (int)((gen << LD_IDX_BITS) | (unsigned int)(idx + 1)),
				 __ATOMIC_RELAXED);
}

/* ------------------------------------------------------------------ */
/* Report helpers (callers hold lockdep_lock)                          */

struct ld_buf {
	char *p;
	size_t len, pos;
};

static void __attribute__((format(printf, 2, 3)))
ld_printf(struct ld_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->pos + 1 >= b->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->pos, b->len - b->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->pos = b->pos + (size_t)n < b->len ? b->pos + (size_t)n : b->len - 1;
}

static const char *ld_name(int idx, const struct lockdep_map *map)
{
	if (idx >= 0 && idx < nr_classes)
		return classes[idx].name;
	return map && map->name ? map->name : "(unknown)";
}

static void ld_put_site(struct ld_buf *b, const struct ld_site *s)
{
	ld_printf(b, "%s %s:%d", s->func ? s->func : "?",
		  s->file ? s->file : "?", s->line);
}

static void ld_put_held(struct ld_buf *b, struct task_struct *tsk)
{
	int depth = tsk->lockdep_depth;
	int i;

	if (depth > MAX_LOCK_DEPTH)
		depth = MAX_LOCK_DEPTH;
	if (!depth) {
		ld_printf(b, "no locks held by %s/%d.\n", tsk->comm, tsk->pid);
		return;
	}
	ld_printf(b, "%d lock%s held by %s/%d:\n", depth, depth > 1 ? "s" : "",
		  tsk->comm, tsk->pid);
	for (i = 0; i < depth; i++) {
		const struct held_lock *h = &tsk->held_locks[i];
		const struct ld_site s = { h->func, h->file, h->line };

		ld_printf(b, " #%d: %s, at ", i,
			  ld_name(h->class_idx - 1, NULL));
		ld_put_site(b, &s);
		ld_printf(b, "\n");
	}
}

/**
 * kenv_lockdep_held_str - format @tsk's held locks like debug_show_held_locks
 * @tsk: the task (its stack is read racily if it is not current)
 * @buf: output, always NUL-terminated
 * @len: size of @buf
 *
 * Returns the length written.
 */
size_t kenv_lockdep_held_str(struct task_struct *tsk, char *buf, size_t len)
{
	struct ld_buf b = { buf, len, 0 };

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!tsk)
		return 0;
	kenv_ilock_lock(&lockdep_lock);
	ld_put_held(&b, tsk);
	kenv_ilock_unlock(&lockdep_lock);
	return b.pos;
}

static void ld_fail(const char *what, const struct ld_site *at, const char *msg)
{
	char title[160];

	snprintf(title, sizeof(title), "%s in %s", what, at->func ? at->func : "?");
	kenv_fail(KENV_FAIL_LOCKDEP, at->func, at->file, at->line, title, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Checks                                                              */

/*
 * True if the problem (@kind, class @idx, site @at) was reported since
 * the last reset; records it otherwise. Caller holds lockdep_lock. A full
 * table counts as "reported" so a buggy program cannot flood the channel.
 */
static bool ld_seen_before(int kind, int idx, const struct ld_site *at)
{
	uint64_t sig = (uint64_t)(uintptr_t)at->func * 0x9E3779B97F4A7C15ull;
	unsigned int h, i;

	sig ^= ((uint64_t)kind << 60) ^ ((uint64_t)(unsigned int)idx << 32) ^
	       (uint64_t)(unsigned int)at->line;
	sig |= 1;
	h = (unsigned int)(sig >> 20) & (LD_REPORTED_SIZE - 1);
	for (i = 0; i < LD_REPORTED_SIZE; i++, h = (h + 1) & (LD_REPORTED_SIZE - 1)) {
		if (reported[h] == sig)
			return true;
		if (!reported[h]) {
			reported[h] = sig;
			return false;
		}
	}
	return true;
}

static void ld_report_recursive(struct task_struct *curr, int idx,
				const struct held_lock *prev,
				const struct ld_site *at)
{
	char msg[LD_MSG_LEN];
	struct ld_buf b = { msg, sizeof(msg), 0 };
	const struct ld_site ps = { prev->func, prev->file, prev->line };

	kenv_ilock_lock(&lockdep_lock);
	if (ld_seen_before(LD_REP_RECURSIVE, idx, at)) {
		kenv_ilock_unlock(&lockdep_lock);
		return;
	}
	ld_printf(&b, "=============================================\n"
		      "[ INFO: possible recursive locking detected ]\n"
		      "---------------------------------------------\n");
	ld_printf(&b, "%s/%d is trying to acquire lock:\n (%s), at: ",
		  curr->comm, curr->pid, ld_name(idx, NULL));
	ld_put_site(&b, at);
	ld_printf(&b, "\n\nbut task is already holding lock:\n (%s), at: ",
		  ld_name(prev->class_idx - 1, NULL));
	ld_put_site(&b, &ps);
	ld_printf(&b, "\n\nother info that might help us debug this:\n");
	ld_put_held(&b, curr);
	kenv_ilock_unlock(&lockdep_lock);
	ld_fail("possible recursive locking detected", at, msg);
}

static inline bool ld_test(_Atomic unsigned long (*bits)[LD_WORDS], int from, int to)
{
	return atomic_load_explicit(&bits[from][to / 64], RELAXED) &
	       (1UL << (to % 64));
}

static inline void ld_set(_Atomic unsigned long (*bits)[LD_WORDS], int from, int to)
{
	atomic_fetch_or_explicit(&bits[from][to / 64], 1UL << (to % 64), RELAXED);
}

/*
 * BFS over dep_bits from @src; true if @dst is reachable. bfs_parent[]
 * then holds the path back from @dst. Caller holds lockdep_lock.
 */
static bool ld_reachable(int src, int dst)
{
	int head = 0, tail = 0;

	memset(bfs_seen, 0, sizeof(bfs_seen));
	bfs_seen[src / 64] |= 1UL << (src % 64);
	bfs_parent[src] = -1;
	bfs_queue[tail++] = src;
	while (head < tail) {
		int u = bfs_queue[head++];
		int w;

		for (w = 0; w < LD_WORDS; w++) {
			unsigned long m = atomic_load_explicit(&dep_bits[u][w], RELAXED);

			m &= ~bfs_seen[w];
			while (m) {
				int v = w * 64 + __builtin_ctzl(m);

				m &= m - 1;
				bfs_seen[w] |= 1UL << (v % 64);
				bfs_parent[v] = (short)u;
				if (v == dst)
					return true;
				bfs_queue[tail++] = v;
			}
		}
	}
	return false;
}

static const struct ld_edge *ld_find_edge(int from, int to)
{
	int e;

	for (e = classes[from].first_edge; e >= 0; e = edges[e].next)
		if (edges[e].to == to)
			return &edges[e];
	return NULL;
}

static void ld_add_edge(int from, int to, const struct ld_site *fs,
			const struct ld_site *ts)
{
	struct ld_edge *e;

	ld_set(dep_bits, from, to);
	if (nr_edges >= LD_MAX_EDGES) {
		atomic_store_explicit(&edges_overflowed, 1, RELAXED);
		return;
	}
	e = &edges[nr_edges];
	e->from = (short)from;
	e->to = (short)to;
	e->from_site = *fs;
	e->to_site = *ts;
	e->next = classes[from].first_edge;
	classes[from].first_edge = nr_edges++;
}

/* Print the existing chain @src ->* @dst found by ld_reachable(). */
static void ld_put_chain(struct ld_buf *b, int src, int dst)
{
	int path[LD_MAX_CLASSES];
	int n = 0, i, v;

	for (v = dst; v >= 0 && n < LD_MAX_CLASSES; v = bfs_parent[v]) {
		path[n++] = v;
		if (v == src)
			break;
	}
	/* path[n-1] == src ... path[0] == dst */
	for (i = n - 1; i > 0; i--) {
		const struct ld_edge *e = ld_find_edge(path[i], path[i - 1]);

		ld_printf(b, "-> #%d (%s) -> (%s):\n", n - 1 - i,
			  classes[path[i]].name, classes[path[i - 1]].name);
		if (!e) {
			ld_printf(b, "       (acquisition sites not recorded)\n");
			continue;
		}
		ld_printf(b, "       (%s) held, taken at ", classes[path[i]].name);
		ld_put_site(b, &e->from_site);
		ld_printf(b, "\n       (%s) acquired at ", classes[path[i - 1]].name);
		ld_put_site(b, &e->to_site);
		ld_printf(b, "\n");
	}
}

/* New dependency @h (held) -> @n (being acquired); slow path. */
static void ld_check_add(struct task_struct *curr, const struct held_lock *h,
			 int n, const struct ld_site *at)
{
	int hc = h->class_idx - 1;
	const struct ld_site hs = { h->func, h->file, h->line };
	char msg[LD_MSG_LEN];
	struct ld_buf b = { msg, sizeof(msg), 0 };

	kenv_ilock_lock(&lockdep_lock);
	if (ld_test(dep_bits, hc, n) || ld_test(bad_bits, hc, n)) {
		kenv_ilock_unlock(&lockdep_lock);
		return;
	}
	if (!ld_reachable(n, hc)) {
		ld_add_edge(hc, n, &hs, at);
		kenv_ilock_unlock(&lockdep_lock);
		return;
	}
	/* n ->* hc exists: hc -> n closes a cycle. Remember, report once. */
	ld_set(bad_bits, hc, n);
	ld_printf(&b, "=======================================================\n"
		      "[ INFO: possible circular locking dependency detected ]\n"
		      "-------------------------------------------------------\n");
	ld_printf(&b, "%s/%d is trying to acquire lock:\n (%s), at: ",
		  curr->comm, curr->pid, classes[n].name);
	ld_put_site(&b, at);
	ld_printf(&b, "\n\nbut task is already holding lock:\n (%s), at: ",
		  classes[hc].name);
	ld_put_site(&b, &hs);
	ld_printf(&b, "\n\nwhich lock already depends on the new lock.\n\n"
		      "the existing dependency chain is:\n");
	ld_put_chain(&b, n, hc);
	ld_printf(&b, "\nother info that might help us debug this:\n");
	ld_put_held(&b, curr);
	kenv_ilock_unlock(&lockdep_lock);
	ld_fail("possible circular locking dependency detected", at, msg);
}

static void ld_report_depth(struct task_struct *curr, const struct ld_site *at)
{
	char msg[LD_MSG_LEN];
	struct ld_buf b = { msg, sizeof(msg), 0 };

	if (atomic_exchange_explicit(&depth_overflowed, 1, RELAXED))
		return;
	kenv_ilock_lock(&lockdep_lock);
	ld_printf(&b, "BUG: MAX_LOCK_DEPTH too low! (%d)\n", MAX_LOCK_DEPTH);
	ld_put_held(&b, curr);
	kenv_ilock_unlock(&lockdep_lock);
	ld_fail("MAX_LOCK_DEPTH too low", at, msg);
}

/* The lock hook (kenv.h); atomics, read without a lock on every acquire. */
static _Atomic kenv_lock_fn lock_hook_fn;
static void *_Atomic lock_hook_arg;

/**
 * kenv_set_lock_hook - install (or with NULL remove) the lock hook
 * @fn: called after every acquire, in the acquiring task
 * @arg: its argument
 */
void kenv_set_lock_hook(kenv_lock_fn fn, void *arg)
{
	atomic_store_explicit(&lock_hook_arg, arg, RELAXED);
	atomic_store_explicit(&lock_hook_fn, fn, RELAXED);
}

static void lock_hook_call(const struct lockdep_map *lock, const char *func)
{
	kenv_lock_fn fn = atomic_load_explicit(&lock_hook_fn, RELAXED);

	if (unlikely(fn))
		fn(lock, func, atomic_load_explicit(&lock_hook_arg, RELAXED));
}

/**
 * __lock_acquire_site - exclusive, non-recursive acquire of @lock
 * @lock: the lockdep map
 * @func: acquisition site (caller's function)
 * @file: acquisition site file
 * @line: acquisition site line
 *
 * Reports recursive locking and new lock-order cycles, then pushes @lock
 * on the current task's held-lock stack. No-op outside a kenv task.
 */
void __lock_acquire_site(struct lockdep_map *lock, const char *func,
			 const char *file, int line)
{
	struct task_struct *curr = current;
	const struct ld_site at = { func, file, line };
	struct held_lock *hl;
	int depth, idx, i;

	if (!curr)
		return;
	depth = curr->lockdep_depth;
	if (unlikely(depth >= MAX_LOCK_DEPTH)) {
		ld_report_depth(curr, &at);
		return;
	}
	idx = ld_class_of(lock);
	if (idx >= 0 && READ_ONCE(debug_locks)) {
		for (i = depth - 1; i >= 0; i--) {
			if (curr->held_locks[i].class_idx == idx + 1) {
				ld_report_recursive(curr, idx,
						    &curr->held_locks[i], &at);
				break;
			}
		}
		if (i < 0) {
			for (i = 0; i < depth; i++) {
				const struct held_lock *h = &curr->held_locks[i];
				int hc = h->class_idx - 1;

				if (hc < 0 || ld_test(dep_bits, hc, idx) ||
				    ld_test(bad_bits, hc, idx))
					continue;
				ld_check_add(curr, h, idx, &at);
			}
		}
	}
	hl = &curr->held_locks[depth];
	hl->instance = lock;
	hl->class_idx = idx + 1;
	hl->func = func;
	hl->file = file;
	hl->line = line;
	curr->lockdep_depth = depth + 1;
	lock_hook_call(lock, func);
}

static void ld_report_unbalance(struct task_struct *curr,
				struct lockdep_map *lock,
				const struct ld_site *at)
{
	char msg[LD_MSG_LEN];
	struct ld_buf b = { msg, sizeof(msg), 0 };
	int idx;

	/* The stack lost entries after an overflow: not the caller's fault. */
	if (atomic_load_explicit(&depth_overflowed, RELAXED))
		return;
	idx = ld_class_of(lock);
	kenv_ilock_lock(&lockdep_lock);
	if (ld_seen_before(LD_REP_UNBALANCE, idx, at)) {
		kenv_ilock_unlock(&lockdep_lock);
		return;
	}
	ld_printf(&b, "=====================================\n"
		      "[ BUG: bad unlock balance detected! ]\n"
		      "-------------------------------------\n");
	ld_printf(&b, "%s/%d is trying to release lock (%s) at: ",
		  curr->comm, curr->pid, ld_name(idx, lock));
	ld_put_site(&b, at);
	ld_printf(&b, "\nbut there are no more locks to release!\n\n"
		      "other info that might help us debug this:\n");
	ld_put_held(&b, curr);
	kenv_ilock_unlock(&lockdep_lock);
	ld_fail("bad unlock balance detected", at, msg);
}

/**
 * __lock_release_site - release @lock from the current task's stack
 * @lock: the lockdep map
 * @func: release site (caller's function)
 * @file: release site file
 * @line: release site line
 *
 * Pops the topmost entry for @lock (by instance, else by class); reports
 * "bad unlock balance" if the task does not hold it.
 */
void __lock_release_site(struct lockdep_map *lock, const char *func,
			 const char *file, int line)
{
	struct task_struct *curr = current;
	const struct ld_site at = { func, file, line };
	int depth, i, idx;

	if (!curr)
		return;
	depth = curr->lockdep_depth;
	for (i = depth - 1; i >= 0; i--)
		if (curr->held_locks[i].instance == lock)
			goto found;
	idx = ld_class_of(lock);
	for (i = depth - 1; idx >= 0 && i >= 0; i--)
		if (curr->held_locks[i].class_idx == idx + 1)
			goto found;
	if (READ_ONCE(debug_locks))
		ld_report_unbalance(curr, lock, &at);
	return;
found:
	memmove(&curr->held_locks[i], &curr->held_locks[i + 1],
		(size_t)(depth - 1 - i) * sizeof(curr->held_locks[0]));
	curr->lockdep_depth = depth - 1;
}

/**
 * lockdep_depth - number of locks @tsk holds (0 for NULL)
 * @tsk: the task
 */
int lockdep_depth(struct task_struct *tsk)
{
	return tsk ? tsk->lockdep_depth : 0;
}

/**
 * debug_show_held_locks - printk @tsk's held locks
 * @tsk: the task
 *
 * The lines go to the log and to the current task's report buffer, so
 * they appear in the dump_stack() failure that usually follows.
 */
void debug_show_held_locks(struct task_struct *tsk)
{
	char buf[LD_MSG_LEN];

	if (!tsk)
		return;
	kenv_lockdep_held_str(tsk, buf, sizeof(buf));
	printk("%s", buf);
}

/**
 * lockdep_reset - forget every class, dependency and reported problem
 *
 * Called by kenv_reset() with no kernel task running. Maps initialised
 * before keep a stale cached class, which the generation bump invalidates.
 */
void lockdep_reset(void)
{
	int i, w;
	unsigned int gen;

	kenv_ilock_lock(&lockdep_lock);
	for (i = 0; i < LD_HASH_SIZE; i++) {
		atomic_store_explicit(&class_hash_key[i], 0, RELAXED);
		atomic_store_explicit(&class_hash_idx[i], 0, RELAXED);
	}
	for (i = 0; i < LD_MAX_CLASSES; i++) {
		for (w = 0; w < LD_WORDS; w++) {
			atomic_store_explicit(&dep_bits[i][w], 0, RELAXED);
			atomic_store_explicit(&bad_bits[i][w], 0, RELAXED);
		}
	}
	memset(reported, 0, sizeof(reported));
	nr_classes = 0;
	nr_edges = 0;
	gen = (atomic_load_explicit(&lockdep_gen, RELAXED) + 1) & LD_GEN_MASK;
	atomic_store_explicit(&lockdep_gen, gen ? gen : 1, RELAXED);
	atomic_store_explicit(&classes_overflowed, 0, RELAXED);
	atomic_store_explicit(&depth_overflowed, 0, RELAXED);
	atomic_store_explicit(&edges_overflowed, 0, RELAXED);
	WRITE_ONCE(debug_locks, 1);
	kenv_ilock_unlock(&lockdep_lock);
	kenv_set_lock_hook(NULL, NULL);
}
