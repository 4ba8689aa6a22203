/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: the freezer, as in 2.6.29 kernel/freezer.c and
 * kernel/power/process.c. freeze_processes() marks every freezable task
 * (not PF_NOFREEZE) and wakes it if it sleeps interruptibly, until all are
 * frozen or the timeout (kenv_config.freeze_timeout_ms, default 20 s)
 * passes; then it raises KENV_FAIL_FREEZE naming the tasks that refused,
 * thaws everything and returns -EBUSY.
 */
#ifndef _LINUX_FREEZER_H
#define _LINUX_FREEZER_H

#include <linux/sched.h>

static inline int frozen(struct task_struct *p)
{
	return atomic_load(&p->flags) & PF_FROZEN;
}

static inline int freezing(struct task_struct *p)
{
	return atomic_load(&p->freeze);
}

void refrigerator(void);

static inline int try_to_freeze(void)
{
	if (freezing(current)) {
		refrigerator();
		return 1;
	}
	return 0;
}

/* Allow the current kthread to be frozen. */
static inline void set_freezable(void)
{
	atomic_fetch_and(&current->flags, ~PF_NOFREEZE);
}

int freeze_processes(void);
void thaw_processes(void);

#endif /* _LINUX_FREEZER_H */
