/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Between wqrepro's runtime (repro.c: boot, actors, steps, the end) and
 * its checks (repro_checks.c). The checks' half a reproducer calls (struct
 * rp_frame, rp_check_*()) is in repro.h; this header is the runtime's
 * only way into the checks.
 */
#ifndef _WQKIT_CORE_TESTING_REPRO_CHECKS_H
#define _WQKIT_CORE_TESTING_REPRO_CHECKS_H

#include "core/testing/repro.h"

const char *rp_work_name(int i);
void rp_checks_add_work(struct rp_work *w);
void rp_checks_start(void);
void rp_checks_stop(void);
void rp_checks_step(int step, struct workqueue_struct *const wqs[RP_MAX_WQS]);

#endif /* _WQKIT_CORE_TESTING_REPRO_CHECKS_H */
