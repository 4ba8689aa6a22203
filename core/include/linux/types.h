/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _WQKIT_LINUX_TYPES_H
#define _WQKIT_LINUX_TYPES_H

/* The userspace uapi types (__u32, ...) first: system headers such as
 * <linux/futex.h> reach this shim through <linux/types.h>. */
#include_next <linux/types.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/compiler.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;

#endif /* _WQKIT_LINUX_TYPES_H */
