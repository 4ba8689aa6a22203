/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_DEBUG_LOCKS_H
#define _LINUX_DEBUG_LOCKS_H
#include <linux/lockdep.h>
extern int debug_locks;
#endif
