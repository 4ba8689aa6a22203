/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Verifying a C reproducer: build repro.c with clang against the core
 * (or a zoo build: core/bugs/<bug>.patch applied to copies), kenv and
 * core/testing/repro.c, from the source list reports/repro_srcs.srcs
 * and the sources in this binary's runfiles (so it works from 'bazel
 * run' and in tests alike), then run it N times.
 */
#ifndef _WQKIT_REPORTS_CSOURCE_VERIFY_H
#define _WQKIT_REPORTS_CSOURCE_VERIFY_H

#include <stddef.h>

struct tr_cverify {
	int k, runs;		/* runs that failed, of runs */
	double build_secs, run_secs;
	char first[256];	/* the first failing run's "wqrepro: FAILED" line */
};

/**
 * tr_csource_verify - build @src on @build and run it @runs times
 * @src: the reproducer's C source, @len bytes
 * @build: "clean" or a zoo bug
 * @runs: runs (N)
 * @timeout_s: a run still going after this long is killed (a failure)
 * @v: the result
 * @why: when it cannot be built, one line saying why
 *
 * A run fails when it exits non-zero (the reproducer's exit 1, or a
 * sanitizer's). Returns 0, or -1 if the reproducer could not be built
 * (no compiler, no source list, the patch or the compile failed).
 */
int tr_csource_verify(const char *src, size_t len, const char *build,
		      int runs, unsigned int timeout_s, struct tr_cverify *v,
		      char *why, size_t whylen);

/**
 * tr_runfile - the path of @rel (a workspace-relative path) in this
 * binary's runfiles, into @out; -1 if it is not there
 */
int tr_runfile(const char *rel, char *out, size_t len);

#endif /* _WQKIT_REPORTS_CSOURCE_VERIFY_H */
