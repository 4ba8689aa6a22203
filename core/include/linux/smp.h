/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: virtual CPUs and memory barriers. A task's CPU is
 * task->cpu; barriers are C11 fences and scheduling points.
 */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <stdatomic.h>

int raw_smp_processor_id(void);
/* Like the kernel with CONFIG_DEBUG_PREEMPT: WARNs when preemptible. */
int debug_smp_processor_id(const char *func, const char *file, int line);
#define smp_processor_id() debug_smp_processor_id(__func__, __FILE__, __LINE__)

int get_cpu(void);	/* preempt_disable(); smp_processor_id() */
void put_cpu(void);	/* preempt_enable() */

void kenv_barrier(int kind);	/* scheduling point + fence */
#define smp_mb()	kenv_barrier(0)
#define smp_rmb()	kenv_barrier(1)
#define smp_wmb()	kenv_barrier(2)
#define mb()		smp_mb()
#define rmb()		smp_rmb()
#define wmb()		smp_wmb()
#define smp_mb__before_clear_bit()	smp_mb()
#define smp_mb__after_clear_bit()	smp_mb()

#define cpu_relax()	kenv_cpu_relax()
void kenv_cpu_relax(void);

#endif /* _LINUX_SMP_H */
