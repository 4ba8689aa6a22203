/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv_ilock: the lock of kenv's own bookkeeping (task list, allocation
 * list, printk log, lockdep graph, hooks).
 *
 * It is a small spin-then-futex mutex on one int (Drepper's "mutex2":
 * 0 unlocked, 1 locked, 2 locked with possible waiters), built on C11
 * atomics and the raw futex system call, which ThreadSanitizer does not
 * intercept. Under ThreadSanitizer (WQKIT_TSAN) the whole critical
 * section, acquisition and release included, runs with TSan ignoring
 * synchronisation and memory accesses: bookkeeping then adds no
 * happens-before edge between kernel tasks, so it never hides a real race
 * in the code under test, and the bookkeeping's own accesses are never
 * reported.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>

#include <kenv/kenv.h>
#include "base_internal.h"
#include "futex.h"

#define ILOCK_UNLOCKED	0
#define ILOCK_LOCKED	1
#define ILOCK_CONTENDED	2
#define ILOCK_SPINS	100


static inline void ilock_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

static inline int ilock_cmpxchg(int *word, int old, int new)
{
	__atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_ACQUIRE,
				    __ATOMIC_RELAXED);
	return old;
}

/* Slow path: spin a little, then sleep on the futex. */
static void ilock_lock_slow(struct kenv_ilock *l, int c)
{
	int i;

	for (i = 0; i < ILOCK_SPINS && c != ILOCK_UNLOCKED; i++) {
		ilock_cpu_relax();
		c = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
		if (c == ILOCK_UNLOCKED) {
			c = ilock_cmpxchg(&l->word, ILOCK_UNLOCKED,
					  ILOCK_LOCKED);
			if (c == ILOCK_UNLOCKED)
				return;
		}
	}
	if (c != ILOCK_CONTENDED)
		c = __atomic_exchange_n(&l->word, ILOCK_CONTENDED,
					__ATOMIC_ACQUIRE);
	while (c != ILOCK_UNLOCKED) {
		kenv_futex_wait(&l->word, ILOCK_CONTENDED, NULL);
		c = __atomic_exchange_n(&l->word, ILOCK_CONTENDED,
					__ATOMIC_ACQUIRE);
	}
}

/**
 * kenv_ilock_lock - acquire a bookkeeping lock
 * @l: the lock
 *
 * Not recursive. Under ThreadSanitizer, synchronisation and memory
 * accesses are ignored from here to the matching kenv_ilock_unlock(),
 * which must run in the same thread.
 */
void kenv_ilock_lock(struct kenv_ilock *l)
{
	int c;

	kenv_tsan_ignore_begin();
	c = ilock_cmpxchg(&l->word, ILOCK_UNLOCKED, ILOCK_LOCKED);
	if (c != ILOCK_UNLOCKED)
		ilock_lock_slow(l, c);
}

/**
 * kenv_ilock_unlock - release a bookkeeping lock
 * @l: the lock, held by the caller
 */
void kenv_ilock_unlock(struct kenv_ilock *l)
{
	if (__atomic_fetch_sub(&l->word, 1, __ATOMIC_RELEASE) != ILOCK_LOCKED) {
		__atomic_store_n(&l->word, ILOCK_UNLOCKED, __ATOMIC_RELEASE);
		kenv_futex_wake(&l->word, 1);
	}
	kenv_tsan_ignore_end();
}
