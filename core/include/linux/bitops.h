/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: bit operations on unsigned long words. The atomic ones
 * (test_and_set_bit, set_bit, clear_bit, ...) are C11 atomics and
 * scheduling points; the __ forms are non-atomic, as in the kernel, but
 * still relaxed atomics so a TSan report means a real ordering problem
 * rather than a torn word. By default the atomic forms are fully ordered,
 * as the locked instructions of x86 (where 2.6.29's workqueue was written
 * and mostly run) are: the seed relies on it, e.g. run_workqueue's
 * list_del_init() before work_clear_pending() is seen by the next
 * queue_work_on() that wins test_and_set_bit() (core/PORTING.md #10).
 *
 * With WQKIT_LKMM_BITOPS (bazel --config=lkmm) they follow the kernel's
 * own memory model instead (Documentation/atomic_bitops.txt): set_bit()
 * and clear_bit() are unordered (relaxed RMWs), the value-returning
 * test_and_set_bit()/test_and_clear_bit() are fully ordered. ThreadSanitizer
 * models C11 orders, so it then sees what a weakly ordered CPU may do
 * with the seed's clear_bit() after spin_unlock_irq().
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <stdatomic.h>
#include <kenv/kenv.h>

#define BIT_MASK(nr)	(1UL << ((nr) % (8 * sizeof(long))))
#define BIT_WORD(nr)	((nr) / (8 * sizeof(long)))

#define __kenv_bitword(addr, nr)					\
	((_Atomic unsigned long *)((volatile unsigned long *)(addr) + BIT_WORD(nr)))

/* kenv_inject_racy_bitops() (test only): the RMW is split in two. */
extern _Atomic int kenv_racy_bitops;
int kenv_racy_test_and_change_bit(int nr, volatile unsigned long *addr,
				  int set);

static inline int test_and_set_bit(int nr, volatile unsigned long *addr)
{
	kenv_sched_point(KENV_SP_BITOP, (const void *)addr);
	if (__builtin_expect(atomic_load_explicit(&kenv_racy_bitops,
						  memory_order_relaxed), 0))
		return kenv_racy_test_and_change_bit(nr, addr, 1);
	return (atomic_fetch_or(__kenv_bitword(addr, nr), BIT_MASK(nr)) &
		BIT_MASK(nr)) != 0;
}

static inline int test_and_clear_bit(int nr, volatile unsigned long *addr)
{
	kenv_sched_point(KENV_SP_BITOP, (const void *)addr);
	if (__builtin_expect(atomic_load_explicit(&kenv_racy_bitops,
						  memory_order_relaxed), 0))
		return kenv_racy_test_and_change_bit(nr, addr, 0);
	return (atomic_fetch_and(__kenv_bitword(addr, nr), ~BIT_MASK(nr)) &
		BIT_MASK(nr)) != 0;
}

/* Order of set_bit()/clear_bit(): x86's locked RMW, or LKMM's none. */
#ifdef WQKIT_LKMM_BITOPS
#define __KENV_VOID_BITOP_ORDER	memory_order_relaxed
#else
#define __KENV_VOID_BITOP_ORDER	memory_order_seq_cst
#endif

static inline void set_bit(int nr, volatile unsigned long *addr)
{
	kenv_sched_point(KENV_SP_BITOP, (const void *)addr);
	atomic_fetch_or_explicit(__kenv_bitword(addr, nr), BIT_MASK(nr),
				 __KENV_VOID_BITOP_ORDER);
}

static inline void clear_bit(int nr, volatile unsigned long *addr)
{
	kenv_sched_point(KENV_SP_BITOP, (const void *)addr);
	atomic_fetch_and_explicit(__kenv_bitword(addr, nr), ~BIT_MASK(nr),
				  __KENV_VOID_BITOP_ORDER);
}

static inline void __set_bit(int nr, volatile unsigned long *addr)
{
	_Atomic unsigned long *w = __kenv_bitword(addr, nr);
	atomic_store_explicit(w, atomic_load_explicit(w, memory_order_relaxed) |
			      BIT_MASK(nr), memory_order_relaxed);
}

static inline void __clear_bit(int nr, volatile unsigned long *addr)
{
	_Atomic unsigned long *w = __kenv_bitword(addr, nr);
	atomic_store_explicit(w, atomic_load_explicit(w, memory_order_relaxed) &
			      ~BIT_MASK(nr), memory_order_relaxed);
}

static inline int test_bit(int nr, const volatile unsigned long *addr)
{
	return (atomic_load_explicit(__kenv_bitword(addr, nr),
				     memory_order_relaxed) >> (nr % (8 * sizeof(long)))) & 1;
}

#endif /* _LINUX_BITOPS_H */
