// SPDX-License-Identifier: GPL-2.0-only
/*
 * A race found is a race replayed: corpus/injected/racy_bitops_double_queue.wq,
 * found by the default fuzz target under the test-only race injection
 * (kenv_inject_racy_bitops(): test_and_set_bit split into a load, a
 * scheduling point and a store), fails RUNS times out of RUNS in
 * controlled mode with one title and one trace hash; without the
 * injection it passes every time. Each run in its own child (a BUG may
 * leave kenv up). Under TSan the race is reported by TSan first (the
 * double list_add), which ends the child: that is what is required there.
 */
#include <string.h>

#include "fuzz/exec/exectest.h"

#define INPUT	"corpus/injected/racy_bitops_double_queue.wq"
#define RUNS	20

int main(void)
{
	struct wq_exec_opts o;
	struct wq_prog p;
	struct xt_child c;
	char title[160] = "";
	uint64_t hash = 0;
	int i;

	xt_load(INPUT, &p);
	XT_CHECK(p.sched_mode != WQ_SCHED_FREE);
	xt_opts_default(&o);
	o.inject_racy_bitops = true;
	for (i = 0; i < RUNS; i++) {
		xt_run_forked(&p, &o, 60, &c);
#ifdef WQKIT_TSAN
		if (c.returned || !strstr(c.err, "ThreadSanitizer: data race")) {
			fprintf(stderr, "run %d: expected TSan to report the injected race\n", i);
			xt_print(&p, &c);
			XT_CHECK(0);
		}
		continue;
#endif
		if (!c.returned || c.ret != 1 || c.r.kind != WQ_FAIL_KERNEL ||
		    !c.r.injected) {
			fprintf(stderr, "run %d: expected the injected race to fail\n", i);
			xt_print(&p, &c);
			XT_CHECK(0);
		}
		if (!i) {
			snprintf(title, sizeof(title), "%s", c.r.title);
			hash = c.r.trace_hash;
		}
		XT_CHECK(!strcmp(c.r.title, title));
		XT_CHECK(c.r.trace_hash == hash);
	}
	printf("injected: %d/%d failed with \"%s\", trace %016llx\n", RUNS,
	       RUNS, title[0] ? title : "ThreadSanitizer: data race",
	       (unsigned long long)hash);
	o.inject_racy_bitops = false;
	for (i = 0; i < RUNS; i++) {
		xt_run_forked(&p, &o, 60, &c);
		if (!c.returned || c.ret != 0) {
			xt_print(&p, &c);
			XT_CHECK(0);
		}
	}
	printf("not injected: %d/%d passed\n", RUNS, RUNS);
	return 0;
}
