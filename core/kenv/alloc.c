/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kmalloc/kzalloc/kfree on malloc/free, with every live block on a list
 * (leak accounting and cleanup at kenv_reset()) and fault injection of
 * the n-th allocation or kthread_create(); the test-only race injection
 * of the atomic bit operations.
 *
 * kfree() really calls free(), so AddressSanitizer's quarantine still
 * catches a use after kfree(), and a double kfree() reads a freed header
 * (ASan reports it; without ASan the cleared magic usually catches it).
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "sys_internal.h"

#define RELAXED		memory_order_relaxed
#define KALLOC_MAGIC	0x6b6d616c6c6f6321ull	/* "kmalloc!" */
#define KALLOC_FREED	0x6672656564626c6bull	/* "freedblk" */
#define __GFP_WAIT	0x10u			/* part of GFP_KERNEL */

/* Header in front of each block; a multiple of 16 keeps the payload aligned. */
struct kalloc_hdr {
	struct list_head node;		/* on live_allocs, under alloc_lock */
	size_t size;
	uint64_t magic;			/* KALLOC_MAGIC while live */
};

_Static_assert(sizeof(struct kalloc_hdr) % 16 == 0,
	       "kmalloc header must keep 16-byte alignment");

/* alloc_lock protects live_allocs, nr_live and live_bytes. */
static struct kenv_ilock alloc_lock = KENV_ILOCK_INIT;
static LIST_HEAD(live_allocs);
static int nr_live;
static size_t live_bytes;

/* Fault injection (relaxed atomics). */
static _Atomic unsigned long alloc_calls, alloc_fail_nth;
static _Atomic unsigned long kthread_calls, kthread_fail_nth;

static inline struct kalloc_hdr *hdr_of(const void *ptr)
{
	return (struct kalloc_hdr *)((char *)ptr - sizeof(struct kalloc_hdr));
}

static bool should_fail_alloc(void)
{
	unsigned long n = atomic_fetch_add_explicit(&alloc_calls, 1, RELAXED) + 1;
	unsigned long nth = atomic_load_explicit(&alloc_fail_nth, RELAXED);

	return nth && n == nth;
}

/*
 * kmalloc(), zeroed by calloc() if @zero: under ASan, malloc() + memset()
 * writes the block twice (ASan fills fresh malloc blocks).
 */
static void *__kmalloc(size_t size, gfp_t flags, bool zero)
{
	struct kalloc_hdr *h;

	if (flags & __GFP_WAIT)
		might_sleep();
	if (should_fail_alloc())
		return NULL;
	if (size > SIZE_MAX - sizeof(*h))
		return NULL;
	h = zero ? calloc(1, sizeof(*h) + size) : malloc(sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	h->magic = KALLOC_MAGIC;
	kenv_ilock_lock(&alloc_lock);
	list_add(&h->node, &live_allocs);
	nr_live++;
	live_bytes += size;
	kenv_ilock_unlock(&alloc_lock);
	return h + 1;
}

/**
 * kmalloc - allocate @size bytes (uninitialised)
 * @size: bytes
 * @flags: GFP_KERNEL (may sleep: checked with might_sleep()) or GFP_ATOMIC
 *
 * Returns a 16-byte aligned block, or NULL if fault injection chose this
 * call.
 */
void *kmalloc(size_t size, gfp_t flags)
{
	return __kmalloc(size, flags, false);
}

/**
 * kzalloc - allocate @size zeroed bytes
 * @size: bytes
 * @flags: as for kmalloc()
 */
void *kzalloc(size_t size, gfp_t flags)
{
	return __kmalloc(size, flags, true);
}

/**
 * kfree - free a block from kmalloc()/kzalloc()
 * @ptr: the block, or NULL
 *
 * A pointer that is not a live kmalloc block is a BUG.
 */
void kfree(const void *ptr)
{
	struct kalloc_hdr *h;

	if (!ptr)
		return;
	h = hdr_of(ptr);
	if (h->magic != KALLOC_MAGIC) {
		kenv_fail(KENV_FAIL_BUG, __func__, __FILE__, __LINE__,
			  h->magic == KALLOC_FREED ? "double kfree" :
			  "kfree of a pointer not from kmalloc",
			  "kernel BUG: kfree(%p): %s\n", ptr,
			  h->magic == KALLOC_FREED ? "block already freed" :
			  "bad magic in the block header");
		/* a BUG: the task does not continue (see kenv_set_failure_handler) */
		if (current)
			kenv_task_park_forever();
		abort();
	}
	kenv_ilock_lock(&alloc_lock);
	list_del(&h->node);
	nr_live--;
	live_bytes -= h->size;
	kenv_ilock_unlock(&alloc_lock);
	h->magic = KALLOC_FREED;
	free(h);
}

/**
 * kenv_nr_allocations - number of live kmalloc blocks
 */
int kenv_nr_allocations(void)
{
	int n;

	kenv_ilock_lock(&alloc_lock);
	n = nr_live;
	kenv_ilock_unlock(&alloc_lock);
	return n;
}

/**
 * kenv_alloc_reset - free every live block and count them
 * @nr: if not NULL, number of blocks freed here (leaks)
 * @bytes: if not NULL, their total size
 *
 * Also turns fault injection off and clears the call counters.
 */
void kenv_alloc_reset(int *nr, size_t *bytes)
{
	LIST_HEAD(leaked);
	struct kalloc_hdr *h, *tmp;

	kenv_ilock_lock(&alloc_lock);
	if (nr)
		*nr = nr_live;
	if (bytes)
		*bytes = live_bytes;
	if (!list_empty(&live_allocs)) {
		/* move the whole list to @leaked */
		leaked.next = live_allocs.next;
		leaked.prev = live_allocs.prev;
		leaked.next->prev = &leaked;
		leaked.prev->next = &leaked;
		INIT_LIST_HEAD(&live_allocs);
	}
	nr_live = 0;
	live_bytes = 0;
	kenv_ilock_unlock(&alloc_lock);

	list_for_each_entry_safe(h, tmp, &leaked, node) {
		h->magic = KALLOC_FREED;
		free(h);
	}
	kenv_fail_alloc_nth(0);
	kenv_fail_kthread_nth(0);
	kenv_inject_racy_bitops(false);
}

/**
 * kenv_fail_alloc_nth - make the @nth kmalloc from now fail (0: never)
 * @nth: 1-based call number
 */
void kenv_fail_alloc_nth(unsigned long nth)
{
	atomic_store_explicit(&alloc_fail_nth, nth, RELAXED);
	atomic_store_explicit(&alloc_calls, 0, RELAXED);
}

/**
 * kenv_fail_kthread_nth - make the @nth kthread_create from now fail
 * @nth: 1-based call number (0: never)
 */
void kenv_fail_kthread_nth(unsigned long nth)
{
	atomic_store_explicit(&kthread_fail_nth, nth, RELAXED);
	atomic_store_explicit(&kthread_calls, 0, RELAXED);
}

/**
 * kenv_alloc_calls - kmalloc calls since the last kenv_fail_alloc_nth()
 */
unsigned long kenv_alloc_calls(void)
{
	return atomic_load_explicit(&alloc_calls, RELAXED);
}

/**
 * kenv_kthread_calls - kthread_create calls since kenv_fail_kthread_nth()
 */
unsigned long kenv_kthread_calls(void)
{
	return atomic_load_explicit(&kthread_calls, RELAXED);
}

/**
 * kenv_should_fail_kthread - count a kthread_create call; 1 if it must fail
 */
int kenv_should_fail_kthread(void)
{
	unsigned long n = atomic_fetch_add_explicit(&kthread_calls, 1, RELAXED) + 1;
	unsigned long nth = atomic_load_explicit(&kthread_fail_nth, RELAXED);

	return nth && n == nth;
}

/* ------------------------------------------------------------------ */
/* Race injection (test only)                                          */

_Atomic int kenv_racy_bitops;

/**
 * kenv_inject_racy_bitops - split test_and_{set,clear}_bit in two
 * @on: true to inject the race, false for the real atomic operations
 */
void kenv_inject_racy_bitops(bool on)
{
	atomic_store_explicit(&kenv_racy_bitops, on, RELAXED);
}

/**
 * kenv_racy_test_and_change_bit - the injected check-then-act race
 * @nr: bit number
 * @addr: word array
 * @set: 1 for test_and_set_bit, 0 for test_and_clear_bit
 *
 * Reads the bit, passes a scheduling point (where the controlled
 * scheduler may switch, and a free-running thread may lose the CPU),
 * then writes it if the read said so: two callers can both win.
 */
int kenv_racy_test_and_change_bit(int nr, volatile unsigned long *addr,
				  int set)
{
	_Atomic unsigned long *w = __kenv_bitword(addr, nr);
	int old = (atomic_load(w) & BIT_MASK(nr)) != 0;

	kenv_sched_point(KENV_SP_BITOP, (const void *)addr);
	if (set && !old)
		atomic_fetch_or(w, BIT_MASK(nr));
	else if (!set && old)
		atomic_fetch_and(w, ~BIT_MASK(nr));
	return old;
}
