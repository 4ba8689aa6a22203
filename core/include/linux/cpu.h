/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: CPU hotplug with 2.6.29's order and locking (kernel/cpu.c):
 * cpu_maps_update_begin/done (cpu_add_remove_lock), cpu_hotplug_begin/done
 * waiting for get_online_cpus() readers, the notifier chain with
 * CPU_UP_PREPARE / CPU_UP_CANCELED (only to those called before the one
 * that failed) / CPU_ONLINE / CPU_DOWN_PREPARE / CPU_DOWN_FAILED /
 * CPU_DEAD / CPU_POST_DEAD, stop_machine() around the online-map change,
 * and migration of the dead CPU's tasks and timers.
 */
#ifndef _LINUX_CPU_H
#define _LINUX_CPU_H

#include <linux/notifier.h>
#include <linux/cpumask.h>

int register_cpu_notifier(struct notifier_block *nb);
void unregister_cpu_notifier(struct notifier_block *nb);

#define hotcpu_notifier(fn, pri) do {					\
	static struct notifier_block fn##_nb =				\
		{ .notifier_call = fn, .priority = pri };		\
	register_cpu_notifier(&fn##_nb);				\
} while (0)

int cpu_up(unsigned int cpu);
int cpu_down(unsigned int cpu);
void cpu_maps_update_begin(void);
void cpu_maps_update_done(void);
void get_online_cpus(void);
void put_online_cpus(void);

#endif /* _LINUX_CPU_H */
