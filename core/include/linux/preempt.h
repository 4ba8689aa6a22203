/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: preemption and interrupt context. preempt_count is per task
 * with the kernel's layout. Disabling preemption also holds off
 * stop_machine() (cpu_down), as on a real kernel: a task between get_cpu()
 * and put_cpu(), or holding a spinlock, cannot see its CPU go away.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#define PREEMPT_BITS	8
#define SOFTIRQ_BITS	8
#define HARDIRQ_BITS	10
#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	(PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT	(SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define PREEMPT_MASK	(((1UL << PREEMPT_BITS) - 1) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(((1UL << SOFTIRQ_BITS) - 1) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK	(((1UL << HARDIRQ_BITS) - 1) << HARDIRQ_SHIFT)
#define PREEMPT_OFFSET	(1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	(1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1UL << HARDIRQ_SHIFT)

/* The current task's preempt_count (0 for a thread kenv does not know). */
int preempt_count(void);
void add_preempt_count(int val);
void sub_preempt_count(int val);

#define preempt_disable()		add_preempt_count(1)
#define preempt_enable()		sub_preempt_count(1)
#define preempt_enable_no_resched()	sub_preempt_count(1)

#define hardirq_count()	(preempt_count() & HARDIRQ_MASK)
#define softirq_count()	(preempt_count() & SOFTIRQ_MASK)
#define irq_count()	(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK))
#define in_irq()	(hardirq_count())
#define in_softirq()	(softirq_count())
#define in_interrupt()	(irq_count())
#define in_atomic()	((preempt_count() & ~0UL) != 0)

/* Interrupts are a per-task flag: nothing interrupts a kenv task, but
 * sleeping with them off is reported like sleeping in atomic context. */
void local_irq_disable(void);
void local_irq_enable(void);
int irqs_disabled(void);
#define local_irq_save(flags)						\
	do { (flags) = irqs_disabled(); local_irq_disable(); } while (0)
#define local_irq_restore(flags)					\
	do { if (!(flags)) local_irq_enable(); } while (0)

#endif /* _LINUX_PREEMPT_H */
