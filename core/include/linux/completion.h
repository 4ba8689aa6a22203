/* SPDX-License-Identifier: GPL-2.0-only */
/* wqkit kenv: completions, as in 2.6.29 kernel/sched.c. */
#ifndef _LINUX_COMPLETION_H
#define _LINUX_COMPLETION_H

#include <linux/wait.h>

struct completion {
	unsigned int done;	/* protected by wait.lock */
	wait_queue_head_t wait;
};

#define COMPLETION_INITIALIZER(work) \
	{ 0, { __SPIN_LOCK_UNLOCKED((work).wait.lock), \
	       LIST_HEAD_INIT((work).wait.task_list) } }
#define DECLARE_COMPLETION(work) \
	struct completion work = COMPLETION_INITIALIZER(work)

static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

void wait_for_completion(struct completion *x);
unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout);
int try_wait_for_completion(struct completion *x);
int completion_done(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);

#endif /* _LINUX_COMPLETION_H */
