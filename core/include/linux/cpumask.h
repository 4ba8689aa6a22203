/* SPDX-License-Identifier: GPL-2.0-only */
/* wqkit kenv: the 2.6.29 cpumask API on a bit word (up to 16 CPUs). */
#ifndef _LINUX_CPUMASK_H
#define _LINUX_CPUMASK_H

#include <stdatomic.h>
#include <linux/types.h>

#define NR_CPUS		16
#define nr_cpu_ids	kenv_nr_cpu_ids

typedef struct cpumask {
	unsigned long bits;
} cpumask_t;

extern int kenv_nr_cpu_ids;
/* The global maps. Written under cpu_add_remove_lock and stop_machine;
 * read locklessly, as in the kernel. */
extern cpumask_t cpu_possible_map;
extern cpumask_t cpu_online_map;
extern cpumask_t cpu_present_map;

static inline unsigned long __cpumask_read(const cpumask_t *m)
{
	return __atomic_load_n(&m->bits, __ATOMIC_RELAXED);
}

#define cpu_set(cpu, dst)	__atomic_fetch_or(&(dst).bits, 1UL << (cpu), __ATOMIC_RELAXED)
#define cpu_clear(cpu, dst)	__atomic_fetch_and(&(dst).bits, ~(1UL << (cpu)), __ATOMIC_RELAXED)
#define cpu_isset(cpu, m)	((__cpumask_read(&(m)) >> (cpu)) & 1)
#define cpus_clear(dst)		__atomic_store_n(&(dst).bits, 0UL, __ATOMIC_RELAXED)
#define cpus_empty(m)		(__cpumask_read(&(m)) == 0)
#define cpus_weight(m)		__builtin_popcountl(__cpumask_read(&(m)))
#define cpumask_of_cpu(cpu)	((cpumask_t){ 1UL << (cpu) })
#define CPU_MASK_NONE		((cpumask_t){ 0 })

static inline int __first_cpu(const cpumask_t *m)
{
	unsigned long b = __cpumask_read(m);
	return b ? __builtin_ctzl(b) : NR_CPUS;
}

static inline int __next_cpu(int n, const cpumask_t *m)
{
	unsigned long b;
	if (n + 1 >= NR_CPUS)
		return NR_CPUS;
	b = __cpumask_read(m) >> (n + 1);
	return b ? n + 1 + __builtin_ctzl(b) : NR_CPUS;
}

#define first_cpu(m)		__first_cpu(&(m))
#define next_cpu(n, m)		__next_cpu((n), &(m))
#define next_cpu_nr(n, m)	__next_cpu((n), &(m))

#define for_each_cpu_mask(cpu, mask)					\
	for ((cpu) = __first_cpu(&(mask)); (cpu) < NR_CPUS;		\
	     (cpu) = __next_cpu((cpu), &(mask)))
#define for_each_cpu_mask_nr(cpu, mask)	for_each_cpu_mask(cpu, mask)

#define for_each_possible_cpu(cpu)	for_each_cpu_mask((cpu), cpu_possible_map)
#define for_each_online_cpu(cpu)	for_each_cpu_mask((cpu), cpu_online_map)
#define for_each_present_cpu(cpu)	for_each_cpu_mask((cpu), cpu_present_map)

#define cpu_online(cpu)		cpu_isset((cpu), cpu_online_map)
#define cpu_possible(cpu)	cpu_isset((cpu), cpu_possible_map)
#define cpu_present(cpu)	cpu_isset((cpu), cpu_present_map)
#define num_online_cpus()	cpus_weight(cpu_online_map)
#define num_possible_cpus()	cpus_weight(cpu_possible_map)

#endif /* _LINUX_CPUMASK_H */
