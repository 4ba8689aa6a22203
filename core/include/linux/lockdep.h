/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: lockdep-lite. Lock classes are keyed by a struct
 * lock_class_key address (static per call site, as in the kernel). Each
 * task keeps a stack of held locks; acquiring a class already held is
 * reported as recursive locking, and a new class->class dependency that
 * closes a cycle is reported as a possible circular locking dependency,
 * each report naming both acquisition sites.
 */
#ifndef _LINUX_LOCKDEP_H
#define _LINUX_LOCKDEP_H

#include <linux/types.h>

#define CONFIG_LOCKDEP 1
#define CONFIG_DEBUG_LOCK_ALLOC 1
#define MAX_LOCK_DEPTH 48

struct task_struct;

struct lock_class_key {
	char dummy;	/* only its address matters */
};

struct lockdep_map {
	struct lock_class_key *key;
	const char *name;
	int class_idx;	/* cached class index + 1; 0 = not looked up yet */
};

/* One entry of a task's held-lock stack. */
struct held_lock {
	struct lockdep_map *instance;
	int class_idx;
	const char *func;	/* acquisition site */
	const char *file;
	int line;
};

void lockdep_init_map(struct lockdep_map *lock, const char *name,
		      struct lock_class_key *key, int subclass);

void __lock_acquire_site(struct lockdep_map *lock, const char *func,
			 const char *file, int line);
void __lock_release_site(struct lockdep_map *lock, const char *func,
			 const char *file, int line);

#define lock_map_acquire(l)	__lock_acquire_site(l, __func__, __FILE__, __LINE__)
#define lock_map_release(l)	__lock_release_site(l, __func__, __FILE__, __LINE__)

/* Number of locks the task holds. */
int lockdep_depth(struct task_struct *tsk);
/* printk the task's held locks (into the current failure message). */
void debug_show_held_locks(struct task_struct *tsk);
/* Forget every class, dependency and report; used by kenv_reset(). */
void lockdep_reset(void);

#define STATIC_LOCKDEP_MAP_INIT(_name, _key) \
	{ .name = (_name), .key = (void *)(_key) }

#endif /* _LINUX_LOCKDEP_H */
