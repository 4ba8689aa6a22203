/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wq_prog_hazards(): each hazard is found where the program has it and
 * nowhere else; legal programs have none.
 */
#include <string.h>

#include "fuzz/prog/hazard.h"
#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

#define HDR "misuse on\ncpus 2\nactors 2\nwq q0 freezeable\nwq q1 freezeable\n"

static unsigned int hazards_of(const char *text)
{
	char err[256];
	struct wq_prog p;

	if (wq_prog_parse(text, "t.wq", &p, err, sizeof(err))) {
		EXPECT(0, "parse: %s", err);
		return ~0u;
	}
	return wq_prog_hazards(&p);
}

#define HZ(h)	(1u << (h))

int main(void)
{
	char buf[64];

	EXPECT(hazards_of(HDR "work w0 plain q0 nop\nstep 0\n  t0: queue_work q0 w0\n") == 0,
	       "no hazard");
	EXPECT(hazards_of("misuse off\nwq q0 multi\nwork w0 plain q0 nop\n"
			  "step 0\n  t0: destroy_workqueue q0\n") == 0,
	       "legal destroy is no hazard");
	EXPECT(hazards_of(HDR "work w0 plain q0 flush_own_wq\n") ==
	       HZ(WQ_HZ_FLUSH_OWN_WQ), "flush_own_wq");
	EXPECT(hazards_of(HDR "work w0 plain q0 nop\nstep 0\n  t0: destroy_workqueue q0\n"
			  "step 1\n  t1: queue_work q0 w0\n") ==
	       HZ(WQ_HZ_AFTER_DESTROY), "queue after destroy");
	EXPECT(hazards_of(HDR "step 0\n  t0: destroy_workqueue q1\n  t1: flush_workqueue q1\n") ==
	       HZ(WQ_HZ_AFTER_DESTROY), "flush racing destroy");
	EXPECT(hazards_of(HDR "work w0 plain q0 flush w1\nwork w1 plain q1 nop\n"
			  "step 0\n  t0: freeze\n") == HZ(WQ_HZ_FREEZE_CHAIN),
	       "freeze chain");
	EXPECT(hazards_of(HDR "work w0 plain q0 flush w1\nwork w1 plain q1 flush_own_wq\n"
			  "step 0\n  t0: freeze\nstep 1\n  t0: thaw\n"
			  "step 2\n  t1: destroy_workqueue q0\nstep 3\n  t0: flush_work w0\n") ==
	       (HZ(WQ_HZ_FREEZE_CHAIN) | HZ(WQ_HZ_FLUSH_OWN_WQ) |
		HZ(WQ_HZ_AFTER_DESTROY)), "all three");
	/* format v3's hazards */
	EXPECT(hazards_of(HDR "work w0 delayed q0 nop\nstep 0\n  t0: queue_delayed_work q0 w0 5\n"
			  "step 1\n  t0: destroy_workqueue q0\n") == HZ(WQ_HZ_DESTROY_TIMER),
	       "destroy with a delayed work");
	EXPECT(hazards_of(HDR "work w0 plain q0 flush w1\nwork w1 plain q1 nop\n"
			  "step 0\n  t0: destroy_workqueue q1\n") == HZ(WQ_HZ_AFTER_DESTROY),
	       "destroy of a workqueue another's work targets");
	EXPECT(hazards_of(HDR "work w0 delayed q0 nop\nstep 0\n  t0: cancel_work_sync w0\n") ==
	       HZ(WQ_HZ_CANCEL_SYNC_DELAYED), "cancel_work_sync on a delayed work");
	EXPECT(hazards_of(HDR "work w0 plain q0 nop\nstep 0\n  t0: cpu_down 1\n"
			  "step 1\n  t0: queue_work_on 1 q0 w0\n") == HZ(WQ_HZ_QUEUE_OFFLINE),
	       "queue_work_on with a cpu_down");
	EXPECT(hazards_of(HDR "work w0 plain q0 nop\nstep 0\n  t0: queue_work_on 1 q0 w0\n") == 0,
	       "queue_work_on without a cpu_down: no hazard");
	EXPECT(hazards_of(HDR "work w0 plain keventd schedule_on_each_cpu\n") ==
	       HZ(WQ_HZ_EACH_CPU_KEVENTD), "schedule_on_each_cpu on keventd");
	EXPECT(hazards_of(HDR "work w0 plain keventd flush_scheduled_work\n") ==
	       HZ(WQ_HZ_FLUSH_OWN_WQ), "flush_scheduled_work on keventd");
	EXPECT(!strcmp(wq_hazards_format(HZ(WQ_HZ_FLUSH_OWN_WQ) |
					 HZ(WQ_HZ_FREEZE_CHAIN), buf, sizeof(buf)),
		       "flush_own_wq+freeze_chain"), "format: %s", buf);
	EXPECT(!strcmp(wq_hazards_format(0, buf, sizeof(buf)), "none"),
	       "format none: %s", buf);
	return wq_test_done("hazard_test");
}
