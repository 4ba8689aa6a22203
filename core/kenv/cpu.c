/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv: virtual CPUs, per-CPU allocation, the CPU notifier chain and CPU
 * hotplug, following 2.6.29 kernel/cpu.c and kernel/notifier.c.
 *
 * Locking (as in the kernel):
 *  - cpu_add_remove_lock serializes cpu_up()/cpu_down() and notifier
 *    (un)registration: it protects cpu_chain and the writers of the maps.
 *  - cpu_hotplug.lock protects cpu_hotplug.refcount and, held by the
 *    hotplug task from cpu_hotplug_begin() to cpu_hotplug_done(), keeps
 *    new get_online_cpus() readers out.
 *  - stop_machine (task.c) excludes every preempt-disabled section while
 *    the online bit of a dying CPU is cleared and its tasks and timers
 *    move away.
 * The maps are read locklessly (relaxed atomics), as in the kernel.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <kenv/kenv.h>
#include "sys_internal.h"

/* Serializes the updates to cpu_online_map and the notifier chain. */
static DEFINE_MUTEX(cpu_add_remove_lock);

/* The CPU notifier chain, sorted by priority; protected by
 * cpu_add_remove_lock. */
static struct notifier_block *cpu_chain;

static struct {
	/* The task inside cpu_hotplug_begin..done; read locklessly by
	 * get_online_cpus() to let the writer itself through. */
	struct task_struct *_Atomic active_writer;
	struct mutex lock;	/* protects refcount; blocks new readers
				 * during a hotplug operation */
	int refcount;		/* get_online_cpus() references held */
} cpu_hotplug = {
	.active_writer = NULL,
	.lock = __MUTEX_INITIALIZER(cpu_hotplug.lock),
	.refcount = 0,
};

/* ------------------------------------------------------------------ */
/* Boot and reset                                                      */

/**
 * kenv_cpus_init - set up the CPU maps
 * @nr_cpus: number of possible (and present) CPUs, 1..NR_CPUS
 * @online_mask: CPUs online at boot; 0 (or no possible CPU) means all
 */
void kenv_cpus_init(int nr_cpus, unsigned long online_mask)
{
	unsigned long possible;

	if (nr_cpus < 1)
		nr_cpus = 1;
	if (nr_cpus > NR_CPUS)
		nr_cpus = NR_CPUS;
	possible = (1UL << nr_cpus) - 1;
	online_mask &= possible;
	if (!online_mask)
		online_mask = possible;

	kenv_nr_cpu_ids = nr_cpus;
	__atomic_store_n(&cpu_possible_map.bits, possible, __ATOMIC_RELAXED);
	__atomic_store_n(&cpu_present_map.bits, possible, __ATOMIC_RELAXED);
	__atomic_store_n(&cpu_online_map.bits, online_mask, __ATOMIC_RELAXED);
}

/* A mutex left locked by a force-killed task is re-initialized. */
static void reset_mutex(struct mutex *lock, const char *name)
{
	static struct lock_class_key reset_key;

	if (mutex_is_locked(lock))
		__mutex_init(lock, name, &reset_key);
}

/**
 * kenv_cpus_reset - forget the CPU maps, the notifiers and hotplug state
 *
 * Called by kenv_reset() with no other task running.
 */
void kenv_cpus_reset(void)
{
	cpu_chain = NULL;
	atomic_store(&cpu_hotplug.active_writer, NULL);
	cpu_hotplug.refcount = 0;
	reset_mutex(&cpu_hotplug.lock, "cpu_hotplug.lock");
	reset_mutex(&cpu_add_remove_lock, "cpu_add_remove_lock");
	cpus_clear(cpu_possible_map);
	cpus_clear(cpu_present_map);
	cpus_clear(cpu_online_map);
	kenv_nr_cpu_ids = 1;
}

/**
 * kenv_nr_cpus - number of possible CPUs
 */
int kenv_nr_cpus(void)
{
	return kenv_nr_cpu_ids;
}

/* ------------------------------------------------------------------ */
/* Per-CPU allocation                                                  */

/*
 * One kzalloc block holds a header and NR_CPUS copies at a stride rounded
 * up to a cache line (or to @align if larger). The handle is the address
 * of CPU 0's copy; the header sits just below it.
 */
struct percpu_hdr {
	void *block;		/* what kzalloc returned */
	size_t stride;		/* distance between two CPUs' copies */
	unsigned long magic;
};

#define PERCPU_MAGIC	0x70657263707521UL	/* "percpu!" */
#define PERCPU_LINE	64

static struct percpu_hdr *percpu_hdr(void *ptr)
{
	struct percpu_hdr *hdr = (struct percpu_hdr *)ptr - 1;

	BUG_ON(hdr->magic != PERCPU_MAGIC);
	return hdr;
}

/**
 * __alloc_percpu - allocate NR_CPUS zeroed copies of an object
 * @size: size of one copy
 * @align: alignment of one copy
 *
 * A kenv allocation (tracked, fault-injectable). Returns the handle to
 * pass to per_cpu_ptr() and free_percpu(), or NULL.
 */
void *__alloc_percpu(size_t size, size_t align)
{
	struct percpu_hdr *hdr;
	size_t stride, total;
	uintptr_t start;
	void *block;

	if (align < PERCPU_LINE)
		align = PERCPU_LINE;
	BUG_ON(align & (align - 1));
	stride = (size + align - 1) & ~(align - 1);
	if (!stride)
		stride = align;
	total = sizeof(*hdr) + align - 1 + stride * NR_CPUS;

	block = kzalloc(total, GFP_KERNEL);
	if (!block)
		return NULL;

	start = ((uintptr_t)block + sizeof(*hdr) + align - 1) & ~(align - 1);
	hdr = (struct percpu_hdr *)start - 1;
	hdr->block = block;
	hdr->stride = stride;
	hdr->magic = PERCPU_MAGIC;
	return (void *)start;
}

/**
 * __per_cpu_ptr - the copy of a per-CPU object belonging to @cpu
 * @ptr: handle from __alloc_percpu()
 * @cpu: 0..NR_CPUS-1
 */
void *__per_cpu_ptr(void *ptr, int cpu)
{
	BUG_ON(!ptr);
	BUG_ON(cpu < 0 || cpu >= NR_CPUS);
	return (char *)ptr + (size_t)cpu * percpu_hdr(ptr)->stride;
}

/**
 * free_percpu - free a per-CPU allocation
 * @ptr: handle from __alloc_percpu(), or NULL
 */
void free_percpu(void *ptr)
{
	struct percpu_hdr *hdr;

	if (!ptr)
		return;
	hdr = percpu_hdr(ptr);
	hdr->magic = 0;
	kfree(hdr->block);
}

/* ------------------------------------------------------------------ */
/* The notifier chain (kernel/notifier.c)                              */

static int notifier_chain_register(struct notifier_block **nl,
				   struct notifier_block *n)
{
	while (*nl) {
		if (n->priority > (*nl)->priority)
			break;
		nl = &(*nl)->next;
	}
	n->next = *nl;
	*nl = n;
	return 0;
}

static int notifier_chain_unregister(struct notifier_block **nl,
				     struct notifier_block *n)
{
	while (*nl) {
		if (*nl == n) {
			*nl = n->next;
			return 0;
		}
		nl = &(*nl)->next;
	}
	return -ENOENT;
}

/*
 * Call at most @nr_to_call notifiers (-1: all); count the calls made in
 * *@nr_calls. Stops at a return value with NOTIFY_STOP_MASK set.
 */
static int __raw_notifier_call_chain(struct notifier_block **nl,
				     unsigned long val, void *v,
				     int nr_to_call, int *nr_calls)
{
	struct notifier_block *nb, *next_nb;
	int ret = NOTIFY_DONE;

	nb = *nl;
	while (nb && nr_to_call) {
		next_nb = nb->next;
		ret = nb->notifier_call(nb, val, v);
		if (nr_calls)
			(*nr_calls)++;
		if ((ret & NOTIFY_STOP_MASK) == NOTIFY_STOP_MASK)
			break;
		nb = next_nb;
		nr_to_call--;
	}
	return ret;
}

static int raw_notifier_call_chain(struct notifier_block **nl,
				   unsigned long val, void *v)
{
	return __raw_notifier_call_chain(nl, val, v, -1, NULL);
}

/**
 * register_cpu_notifier - add a notifier to the CPU hotplug chain
 * @nb: the notifier; called in priority order, highest first
 */
int register_cpu_notifier(struct notifier_block *nb)
{
	int ret;

	cpu_maps_update_begin();
	ret = notifier_chain_register(&cpu_chain, nb);
	cpu_maps_update_done();
	return ret;
}

/**
 * unregister_cpu_notifier - remove a notifier from the CPU hotplug chain
 * @nb: the notifier
 */
void unregister_cpu_notifier(struct notifier_block *nb)
{
	cpu_maps_update_begin();
	notifier_chain_unregister(&cpu_chain, nb);
	cpu_maps_update_done();
}

/* ------------------------------------------------------------------ */
/* Hotplug locking (kernel/cpu.c)                                      */

/**
 * cpu_maps_update_begin - take cpu_add_remove_lock
 *
 * Serializes against cpu_up()/cpu_down() and notifier registration.
 */
void cpu_maps_update_begin(void)
{
	mutex_lock(&cpu_add_remove_lock);
}

/**
 * cpu_maps_update_done - release cpu_add_remove_lock
 */
void cpu_maps_update_done(void)
{
	mutex_unlock(&cpu_add_remove_lock);
}

/**
 * get_online_cpus - hold off CPU hotplug
 *
 * Sleeps while a hotplug operation is in progress. The hotplug task
 * itself (a notifier calling it) passes through.
 */
void get_online_cpus(void)
{
	might_sleep();
	if (atomic_load_explicit(&cpu_hotplug.active_writer,
				 memory_order_relaxed) == current)
		return;
	mutex_lock(&cpu_hotplug.lock);
	cpu_hotplug.refcount++;
	mutex_unlock(&cpu_hotplug.lock);
}

/**
 * put_online_cpus - drop a get_online_cpus() reference
 *
 * Wakes a hotplug task waiting for the last reference to go.
 */
void put_online_cpus(void)
{
	struct task_struct *writer;

	if (atomic_load_explicit(&cpu_hotplug.active_writer,
				 memory_order_relaxed) == current)
		return;
	mutex_lock(&cpu_hotplug.lock);
	writer = atomic_load_explicit(&cpu_hotplug.active_writer,
				      memory_order_relaxed);
	if (!--cpu_hotplug.refcount && unlikely(writer))
		wake_up_process(writer);
	mutex_unlock(&cpu_hotplug.lock);
}

/*
 * Wait until no get_online_cpus() reference is held, then keep
 * cpu_hotplug.lock until cpu_hotplug_done() so no new reader gets in.
 */
static void cpu_hotplug_begin(void)
{
	atomic_store_explicit(&cpu_hotplug.active_writer, current,
			      memory_order_relaxed);
	for (;;) {
		mutex_lock(&cpu_hotplug.lock);
		if (likely(!cpu_hotplug.refcount))
			break;
		__set_current_state(TASK_UNINTERRUPTIBLE);
		mutex_unlock(&cpu_hotplug.lock);
		kenv_set_blocked(__func__, &cpu_hotplug, "get_online_cpus");
		schedule();
	}
	kenv_clear_blocked();
}

static void cpu_hotplug_done(void)
{
	atomic_store_explicit(&cpu_hotplug.active_writer, NULL,
			      memory_order_relaxed);
	mutex_unlock(&cpu_hotplug.lock);
}

/* ------------------------------------------------------------------ */
/* cpu_up / cpu_down                                                   */

static int _cpu_up(unsigned int cpu)
{
	void *hcpu = (void *)(long)cpu;
	int ret, nr_calls = 0;

	if (cpu_online(cpu) || !cpu_present(cpu))
		return -EINVAL;

	cpu_hotplug_begin();
	ret = __raw_notifier_call_chain(&cpu_chain, CPU_UP_PREPARE, hcpu,
					-1, &nr_calls);
	if (ret == NOTIFY_BAD) {
		/* The failing notifier undoes its own work: skip it. */
		nr_calls--;
		printk(KERN_WARNING "%s: attempt to bring up CPU %u failed\n",
		       __func__, cpu);
		ret = -EINVAL;
		goto out_notify;
	}
	ret = 0;

	/* wqkit: __cpu_up(): the CPU is simply marked online; then the
	 * tasks bound to it (its softirq task, kthread_bind()ed workers)
	 * may run. */
	cpu_set(cpu, cpu_online_map);
	kenv_cpu_came_online(cpu);
	BUG_ON(!cpu_online(cpu));
	kenv_emit(KENV_EV_CPU_UP, NULL, NULL, NULL, NULL, cpu, 0);

	raw_notifier_call_chain(&cpu_chain, CPU_ONLINE, hcpu);

out_notify:
	if (ret != 0)
		__raw_notifier_call_chain(&cpu_chain, CPU_UP_CANCELED, hcpu,
					  nr_calls, NULL);
	cpu_hotplug_done();
	return ret;
}

/**
 * cpu_up - bring a CPU online
 * @cpu: a possible, offline CPU
 *
 * Runs CPU_UP_PREPARE (CPU_UP_CANCELED to the notifiers called before a
 * failing one) and CPU_ONLINE. Returns 0 or -errno.
 */
int cpu_up(unsigned int cpu)
{
	int err;

	if (cpu >= NR_CPUS || !cpu_possible(cpu)) {
		printk(KERN_ERR "can't online cpu %u because it is not "
		       "configured as may-hotadd at boot time\n", cpu);
		return -EINVAL;
	}

	cpu_maps_update_begin();
	err = _cpu_up(cpu);
	cpu_maps_update_done();
	return err;
}

/* An online CPU other than @cpu (cpumask_any_but(cpu_online_mask, cpu)). */
static int any_online_cpu_but(unsigned int cpu)
{
	int i;

	for_each_online_cpu(i)
		if (i != (int)cpu)
			return i;
	return NR_CPUS;
}

/*
 * take_cpu_down() under stop_machine: no task is inside a
 * preempt-disabled section (spinlock, get_cpu(), softirq) while the CPU
 * leaves the online map and its tasks and timers move.
 */
static void take_cpu_down(unsigned int cpu)
{
	int to;

	kenv_stop_machine_begin();
	cpu_clear(cpu, cpu_online_map);
	to = task_cpu(current);
	if (to == (int)cpu || !cpu_online(to))
		to = first_cpu(cpu_online_map);
	kenv_migrate_tasks(cpu, to);
	kenv_migrate_timers(cpu, to);
	kenv_stop_machine_end();
}

static int _cpu_down(unsigned int cpu)
{
	void *hcpu = (void *)(long)cpu;
	int err, nr_calls = 0;
	int other;

	if (num_online_cpus() == 1)
		return -EBUSY;
	if (!cpu_online(cpu))
		return -EINVAL;

	cpu_hotplug_begin();
	err = __raw_notifier_call_chain(&cpu_chain, CPU_DOWN_PREPARE, hcpu,
					-1, &nr_calls);
	if (err == NOTIFY_BAD) {
		nr_calls--;
		__raw_notifier_call_chain(&cpu_chain, CPU_DOWN_FAILED, hcpu,
					  nr_calls, NULL);
		printk(KERN_WARNING "%s: attempt to take down CPU %u failed\n",
		       __func__, cpu);
		err = -EINVAL;
		goto out_release;
	}
	err = 0;

	/* Ensure that we are not runnable on the dying cpu
	 * (set_cpus_allowed_ptr(current, any other online cpu)). */
	if (current && task_cpu(current) == (int)cpu) {
		other = any_online_cpu_but(cpu);
		BUG_ON(other >= NR_CPUS);
		kenv_migrate_current(other);
	}

	take_cpu_down(cpu);
	BUG_ON(cpu_online(cpu));

	/* CPU is completely dead: tell everyone. Too bad if they fail. */
	if (raw_notifier_call_chain(&cpu_chain, CPU_DEAD, hcpu) == NOTIFY_BAD)
		BUG();

out_release:
	cpu_hotplug_done();
	if (!err) {
		if (raw_notifier_call_chain(&cpu_chain, CPU_POST_DEAD,
					    hcpu) == NOTIFY_BAD)
			BUG();
		kenv_emit(KENV_EV_CPU_DOWN, NULL, NULL, NULL, NULL, cpu, 0);
	}
	return err;
}

/**
 * cpu_down - take a CPU offline
 * @cpu: an online CPU, not the last one
 *
 * Runs CPU_DOWN_PREPARE (CPU_DOWN_FAILED to those called before a failing
 * one), takes the CPU out of the online map under stop_machine, moves its
 * tasks and timers, then runs CPU_DEAD and, after cpu_hotplug_done() but
 * still under cpu_add_remove_lock, CPU_POST_DEAD. Returns 0 or -errno.
 */
int cpu_down(unsigned int cpu)
{
	int err;

	if (cpu >= NR_CPUS)
		return -EINVAL;

	cpu_maps_update_begin();
	err = _cpu_down(cpu);
	cpu_maps_update_done();
	return err;
}

/**
 * kenv_cpu_up - cpu_up() for the harness
 * @cpu: CPU number (out-of-range values give -EINVAL)
 */
int kenv_cpu_up(int cpu)
{
	if (cpu < 0 || cpu >= NR_CPUS)
		return -EINVAL;
	return cpu_up(cpu);
}

/**
 * kenv_cpu_down - cpu_down() for the harness
 * @cpu: CPU number (out-of-range values give -EINVAL)
 */
int kenv_cpu_down(int cpu)
{
	if (cpu < 0 || cpu >= NR_CPUS)
		return -EINVAL;
	return cpu_down(cpu);
}
