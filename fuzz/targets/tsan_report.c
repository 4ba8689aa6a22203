// SPDX-License-Identifier: GPL-2.0-only
/*
 * ThreadSanitizer report hook: after TSan printed a report, print a wqkit
 * failure line with a stable, syzkaller-style title, e.g.
 *
 *   wqkit: failure: sanitizer: data race in insert_work / try_to_grab_pending
 *
 * followed by the wqkit report block (fuzz/report/report.h) of the
 * program being run, kind "sanitizer". Each function is the first frame of the access's stack that lies in
 * the code under test (core/workqueue.c), else the first frame outside
 * kenv, the shim headers and the sanitizer runtime. The pair is sorted so
 * both orders of the same race give one title. Compiled into every
 * binary; does something only in TSan builds.
 */
#include <stdio.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WQ_TSAN_HOOK 1
#endif
#endif

#ifdef WQ_TSAN_HOOK
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/tsan_interface.h>

#include "fuzz/report/report.h"
#include "fuzz/targets/one_input.h"

#define MAX_FRAMES	64
#define FUNC_LEN	128

/* Paths (substrings) of frames that are never the interesting one. */
static const char *const helper_paths[] = {
	"core/kenv/", "core/include/", "compiler-rt", "sanitizer", "libc",
	"/usr/include/",
};

static bool is_helper(const char *file)
{
	size_t i;

	for (i = 0; i < sizeof(helper_paths) / sizeof(helper_paths[0]); i++)
		if (strstr(file, helper_paths[i]))
			return true;
	return false;
}

/*
 * Pick the title function of one stack into @func. Each pc may expand to
 * several inlined frames: "%f\t%s\n" gives one "function<TAB>file" line
 * per frame, innermost first.
 */
static void pick_function(void **trace, int n, char *func, size_t len)
{
	char buf[4096], fallback[FUNC_LEN] = "", first[FUNC_LEN] = "";
	int i;

	for (i = 0; i < n && trace[i]; i++) {
		char *line, *save = NULL;

		__sanitizer_symbolize_pc(trace[i], "%f\t%s\n", buf, sizeof(buf));
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *tab = strchr(line, '\t');
			const char *file = tab ? tab + 1 : "";

			if (tab)
				*tab = '\0';
			if (!first[0])
				snprintf(first, sizeof(first), "%s", line);
			if (strstr(file, "core/workqueue.c")) {
				snprintf(func, len, "%s", line);
				return;
			}
			if (!fallback[0] && !is_helper(file))
				snprintf(fallback, sizeof(fallback), "%s", line);
		}
	}
	snprintf(func, len, "%s", fallback[0] ? fallback :
		 first[0] ? first : "unknown");
}

/* TSan's description ("data-race") in title words ("data race"). */
static void describe(const char *desc, char *out, size_t len)
{
	size_t i;

	snprintf(out, len, "%s", desc ? desc : "report");
	for (i = 0; out[i]; i++)
		if (out[i] == '-')
			out[i] = ' ';
}

void __tsan_on_report(void *report)
{
	static struct wq_exec_result r;	/* big: not on an actor's stack */
	const char *desc = NULL;
	int count, nstacks, nmops, nlocs, nmutexes, nthreads, ntids;
	void *sleep_trace[4], *trace[MAX_FRAMES];
	char what[64], f[2][FUNC_LEN];
	int i, n = 0;

	if (!__tsan_get_report_data(report, &desc, &count, &nstacks, &nmops,
				    &nlocs, &nmutexes, &nthreads, &ntids,
				    sleep_trace, 4))
		return;
	describe(desc, what, sizeof(what));
	for (i = 0; i < nmops && n < 2; i++) {
		int tid, size, write, atomic;
		void *addr;

		memset(trace, 0, sizeof(trace));
		if (__tsan_get_report_mop(report, i, &tid, &addr, &size, &write,
					  &atomic, trace, MAX_FRAMES))
			pick_function(trace, MAX_FRAMES, f[n++], FUNC_LEN);
	}
	for (i = 0; i < nstacks && n < 1; i++) {
		memset(trace, 0, sizeof(trace));
		if (__tsan_get_report_stack(report, i, trace, MAX_FRAMES))
			pick_function(trace, MAX_FRAMES, f[n++], FUNC_LEN);
	}
	if (n == 2 && strcmp(f[0], f[1]) > 0) {
		char tmp[FUNC_LEN];

		memcpy(tmp, f[0], sizeof(tmp));
		memcpy(f[0], f[1], sizeof(tmp));
		memcpy(f[1], tmp, sizeof(tmp));
	}
	if (n == 2)
		snprintf(r.title, sizeof(r.title), "%s in %s / %s", what, f[0],
			 f[1]);
	else if (n == 1)
		snprintf(r.title, sizeof(r.title), "%s in %s", what, f[0]);
	else
		snprintf(r.title, sizeof(r.title), "%s", what);
	fprintf(stderr, "wqkit: failure: sanitizer: %s\n", r.title);
	if (wq_fuzz_running) {
		r.kind = WQ_FAIL_SANITIZER;
		r.step = -1;
		r.actor = -1;
		snprintf(r.detail, sizeof(r.detail),
			 "ThreadSanitizer report above (%s)\n", desc);
		wq_report_print(stderr, wq_fuzz_running, &r);
	}
	fflush(stderr);
}
#endif /* WQ_TSAN_HOOK */
