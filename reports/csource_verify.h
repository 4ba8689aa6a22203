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

#include <stdbool.h>
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

/* The source lists (in the runfiles) of repro.c and of the replay tool. */
#define TR_REPRO_SRCS	"reports/repro_srcs.srcs"
#define TR_REPLAY_SRCS	"reports/replay_srcs.srcs"

/*
 * A patched build tree: the runfiles' core/ copied to a temporary
 * directory, the zoo build's patch (core/bugs/<bug>.patch) and a user's
 * patch applied in that order (patch -p1, as from the workspace root).
 */
struct tr_tree {
	char root[4096];	/* the runfiles (sources outside core/) */
	char tmp[4096];		/* the copy (core/); "" once freed */
	bool patched;
};

/**
 * tr_tree_prepare - copy core/ and apply the patches
 * @bug: "clean" or a zoo bug
 * @patch: a user's patch file, or NULL
 *
 * Returns 0; -1 if a patch does not apply (@why says which); -2 for the
 * environment (no runfiles, no temporary directory). Free with
 * tr_tree_free() in every case.
 */
int tr_tree_prepare(struct tr_tree *t, const char *bug, const char *patch,
		    char *why, size_t whylen);
void tr_tree_free(struct tr_tree *t);

/**
 * tr_tree_build - compile and link one binary with clang (or $CC)
 * @list_rel: its source list in the runfiles (TR_*_SRCS)
 * @extra: more sources (absolute paths), NULL-terminated, or NULL
 * @out: the binary (its log: @out.build.log)
 *
 * Returns 0, or -1 with @why set.
 */
int tr_tree_build(const struct tr_tree *t, const char *list_rel,
		  const char *const extra[], const char *out, char *why,
		  size_t whylen);

/**
 * tr_csource_runs - run a built reproducer @runs times into @v
 * Returns 0, or -1 if it could not be started.
 */
int tr_csource_runs(const char *bin, int runs, unsigned int timeout_s,
		    struct tr_cverify *v);

/**
 * tr_runfile - the path of @rel (a workspace-relative path) in this
 * binary's runfiles, into @out; -1 if it is not there
 */
int tr_runfile(const char *rel, char *out, size_t len);

#endif /* _WQKIT_REPORTS_CSOURCE_VERIFY_H */
