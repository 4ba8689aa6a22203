// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-input function of the workqueue fuzz targets (see one_input.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/report/report.h"
#include "fuzz/targets/one_input.h"

const struct wq_prog *wq_fuzz_running;

/*
 * Schedule policy: until the controlled scheduler's open false positive
 * ("deadlock in cpu_down" seen only after many inputs in one process, see
 * the controlled-scheduling issue) is fixed, the targets run every input
 * in free mode. WQKIT_SCHED=input keeps the mode the input's header asks
 * for (pct / random / free); .wq programs given to replay run as written.
 */
static void apply_sched_policy(struct wq_prog *p)
{
	const char *env = getenv("WQKIT_SCHED");

	if (!env || strcmp(env, "input"))
		p->sched_mode = WQ_SCHED_FREE;
}

bool wq_fuzz_decode(const uint8_t *data, size_t size, struct wq_prog *p)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	size_t n;

	if (size <= WQ_FUZZ_FLAGS_OFFSET ||
	    !(data[WQ_FUZZ_FLAGS_OFFSET] & WQ_FUZZ_FLAG_MISUSE)) {
		wq_prog_decode(data, size, p);
		apply_sched_policy(p);
		return false;
	}
	/* Bytes past WQ_PROG_MAX_BYTES are ignored by the decoder anyway. */
	n = size < sizeof(buf) ? size : sizeof(buf);
	memcpy(buf, data, n);
	buf[WQ_FUZZ_FLAGS_OFFSET] &= ~WQ_FUZZ_FLAG_MISUSE;
	wq_prog_decode(buf, n, p);
	apply_sched_policy(p);
	return true;
}

void wq_fuzz_exec_opts(struct wq_exec_opts *o)
{
	const char *env = getenv("WQKIT_HANG_MS");

	wq_exec_opts_default(o);
	o->abort_on_failure = false;
	if (env && *env) {
		char *end;
		unsigned long ms = strtoul(env, &end, 10);

		if (*end || ms == 0 || ms > 600000) {
			fprintf(stderr,
				"wqkit: WQKIT_HANG_MS='%s': expected 1..600000, using %u\n",
				env, o->hang_ms);
		} else {
			o->hang_ms = (unsigned int)ms;
		}
	}
}

int wq_fuzz_one_input(const uint8_t *data, size_t size)
{
	/* Big and the engines call us from one thread: keep off the stack. */
	static struct wq_exec_result result;
	static struct wq_exec_opts opts;
	static bool have_opts;
	struct wq_prog prog;

	if (!have_opts) {
		wq_fuzz_exec_opts(&opts);
		opts.abort_on_failure = true;
		have_opts = true;
	}
	wq_fuzz_decode(data, size, &prog);
	wq_fuzz_running = &prog;
	if (wq_exec_run(&prog, &opts, &result)) {
		/* abort_on_failure should not return: report and abort anyway. */
		wq_report_print(stderr, &prog, &result);
		abort();
	}
	wq_fuzz_running = NULL;
	return 0;
}
