/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: kmalloc/kzalloc/kfree. Allocations are tracked (leak count
 * at kenv_reset) and the n-th can be made to fail (kenv_fail_alloc_nth).
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H
#include <linux/types.h>
#define GFP_KERNEL	0x10u
#define GFP_ATOMIC	0x20u
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *ptr);
#endif
