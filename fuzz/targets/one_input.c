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

enum sched_policy {
	POLICY_CONTROLLED,	/* free in the header runs as pct */
	POLICY_FREE,		/* every input free-running */
	POLICY_INPUT,		/* as the header says */
};

#ifdef WQKIT_TSAN
#define POLICY_DEFAULT	POLICY_FREE	/* TSan targets: real parallelism */
#else
#define POLICY_DEFAULT	POLICY_CONTROLLED
#endif

/* WQKIT_SCHED=controlled|free|input; anything else is a usage error. */
static enum sched_policy sched_policy(void)
{
	static int policy = -1;
	const char *env;

	if (policy >= 0)
		return policy;
	env = getenv("WQKIT_SCHED");
	if (!env || !*env)
		policy = POLICY_DEFAULT;
	else if (!strcmp(env, "controlled"))
		policy = POLICY_CONTROLLED;
	else if (!strcmp(env, "free"))
		policy = POLICY_FREE;
	else if (!strcmp(env, "input"))
		policy = POLICY_INPUT;
	else {
		fprintf(stderr, "wqkit: WQKIT_SCHED='%s': expected controlled, free or input\n",
			env);
		exit(2);
	}
	return policy;
}

/*
 * Schedule policy of decoded inputs: controlled by default, so every
 * finding of the default target replays exactly (a header asking for
 * free mode runs under PCT with its seed and depth); the TSan targets
 * run free by default. .wq programs given to replay run as written.
 */
void wq_fuzz_sched_policy(struct wq_prog *p)
{
	switch (sched_policy()) {
	case POLICY_CONTROLLED:
		if (p->sched_mode == WQ_SCHED_FREE)
			p->sched_mode = WQ_SCHED_PCT;
		break;
	case POLICY_FREE:
		p->sched_mode = WQ_SCHED_FREE;
		break;
	case POLICY_INPUT:
		break;
	}
}

bool wq_fuzz_decode(const uint8_t *data, size_t size, struct wq_prog *p)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	size_t n;

	if (size <= WQ_FUZZ_FLAGS_OFFSET ||
	    !(data[WQ_FUZZ_FLAGS_OFFSET] & WQ_FUZZ_FLAG_MISUSE)) {
		wq_prog_decode(data, size, p);
		wq_fuzz_sched_policy(p);
		return false;
	}
	/* Bytes past WQ_PROG_MAX_BYTES are ignored by the decoder anyway. */
	n = size < sizeof(buf) ? size : sizeof(buf);
	memcpy(buf, data, n);
	buf[WQ_FUZZ_FLAGS_OFFSET] &= ~WQ_FUZZ_FLAG_MISUSE;
	wq_prog_decode(buf, n, p);
	wq_fuzz_sched_policy(p);
	return true;
}

void wq_fuzz_exec_opts(struct wq_exec_opts *o)
{
	const char *env = getenv("WQKIT_HANG_MS");
	const char *inject = getenv("WQKIT_INJECT");

	wq_exec_opts_default(o);
	o->abort_on_failure = false;
	if (inject && *inject) {
		if (strcmp(inject, "racy_bitops")) {
			fprintf(stderr, "wqkit: WQKIT_INJECT='%s': expected racy_bitops\n",
				inject);
			exit(2);
		}
		o->inject_racy_bitops = true;
	}
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
