/* SPDX-License-Identifier: GPL-2.0-only */
/* wqkit kenv: compiler annotations and the kernel's lockless-access macros. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include <stdatomic.h>

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define __read_mostly
#define ____cacheline_aligned	__attribute__((__aligned__(64)))
#define __init
#define __exit
#define __devinit
#define __cpuinit
#define __user
#define __maybe_unused	__attribute__((__unused__))
#define noinline	__attribute__((__noinline__))
#define __noreturn	__attribute__((__noreturn__))

/*
 * READ_ONCE/WRITE_ONCE: the kernel's marked lockless accesses. They are
 * relaxed atomics here, so ThreadSanitizer treats them as intentional and
 * stays loud on plain accesses that race.
 */
#define READ_ONCE(x)							\
	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)						\
	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)

/* data_race(): an intentionally racy plain read, hidden from TSan. */
#ifdef WQKIT_TSAN
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
#define data_race(expr)	({					\
	AnnotateIgnoreReadsBegin(__FILE__, __LINE__);			\
	__typeof__(expr) __v = (expr);					\
	AnnotateIgnoreReadsEnd(__FILE__, __LINE__);			\
	__v; })
#else
#define data_race(expr)	(expr)
#endif

#define ACCESS_ONCE(x)	(*(volatile __typeof__(x) *)&(x))
#define barrier()	__asm__ __volatile__("" ::: "memory")

#endif /* _LINUX_COMPILER_H */
