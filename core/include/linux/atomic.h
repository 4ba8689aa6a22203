/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: atomic_t and atomic_long_t on C11 atomics. Plain reads and
 * sets are relaxed, as in the kernel; read-modify-write operations that
 * return a value are fully ordered and are scheduling points.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <stdatomic.h>
#include <kenv/kenv.h>

typedef struct { _Atomic int counter; } atomic_t;
typedef struct { _Atomic long counter; } atomic_long_t;

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC_LONG_INIT(i)	{ (i) }

static inline int atomic_read(const atomic_t *v)
{
	return atomic_load_explicit(&((atomic_t *)v)->counter, memory_order_relaxed);
}
static inline void atomic_set(atomic_t *v, int i)
{
	atomic_store_explicit(&v->counter, i, memory_order_relaxed);
}
static inline void atomic_inc(atomic_t *v)
{
	atomic_fetch_add_explicit(&v->counter, 1, memory_order_relaxed);
}
static inline void atomic_dec(atomic_t *v)
{
	atomic_fetch_sub_explicit(&v->counter, 1, memory_order_relaxed);
}
static inline int atomic_inc_return(atomic_t *v)
{
	kenv_sched_point(KENV_SP_ATOMIC, v);
	return atomic_fetch_add(&v->counter, 1) + 1;
}
static inline int atomic_dec_and_test(atomic_t *v)
{
	kenv_sched_point(KENV_SP_ATOMIC, v);
	return atomic_fetch_sub(&v->counter, 1) == 1;
}

static inline long atomic_long_read(const atomic_long_t *v)
{
	return atomic_load_explicit(&((atomic_long_t *)v)->counter,
				    memory_order_relaxed);
}
static inline void atomic_long_set(atomic_long_t *v, long i)
{
	atomic_store_explicit(&v->counter, i, memory_order_relaxed);
}

#endif /* _LINUX_ATOMIC_H */
