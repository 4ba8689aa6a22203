/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_HARDIRQ_H
#define _LINUX_HARDIRQ_H
#include <linux/preempt.h>
/* wqkit: enter/leave interrupt context in the current task (tests). */
#define irq_enter()	add_preempt_count(HARDIRQ_OFFSET)
#define irq_exit()	sub_preempt_count(HARDIRQ_OFFSET)
#define local_bh_disable()	add_preempt_count(SOFTIRQ_OFFSET)
#define local_bh_enable()	sub_preempt_count(SOFTIRQ_OFFSET)
#endif
