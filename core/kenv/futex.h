/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv base: the raw futex system call, the one copy every kenv file uses
 * (ilock.c, the task pool and idle count in task.c/pool.c, the
 * controlled scheduler's baton in sched_ctl.c). Raw futexes and relaxed
 * atomics add no happens-before edge for ThreadSanitizer: that is why kenv
 * uses them for its own waiting.
 */
#ifndef _KENV_FUTEX_H
#define _KENV_FUTEX_H

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Sleep while *@word == @val, at most @ts (NULL: no limit). */
static inline void kenv_futex_wait(void *word, unsigned int val,
				   const struct timespec *ts)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, ts, NULL, 0);
}

/* Wake up to @n sleepers on @word (INT_MAX: all). */
static inline void kenv_futex_wake(void *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

#endif /* _KENV_FUTEX_H */
