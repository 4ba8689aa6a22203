/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: dynamic per-CPU allocation. alloc_percpu() returns a handle
 * for NR_CPUS zeroed copies; per_cpu_ptr() picks one. It is a kenv
 * allocation: fault injection and leak accounting apply.
 */
#ifndef _LINUX_PERCPU_H
#define _LINUX_PERCPU_H

#include <linux/types.h>
#include <linux/smp.h>

void *__alloc_percpu(size_t size, size_t align);
void free_percpu(void *ptr);
void *__per_cpu_ptr(void *ptr, int cpu);

#define alloc_percpu(type)						\
	((type *)__alloc_percpu(sizeof(type), __alignof__(type)))
#define per_cpu_ptr(ptr, cpu)	((__typeof__(ptr))__per_cpu_ptr((void *)(ptr), (cpu)))

#endif /* _LINUX_PERCPU_H */
