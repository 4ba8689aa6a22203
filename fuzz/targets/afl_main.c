// SPDX-License-Identifier: GPL-2.0-only
/*
 * AFL++ persistent-mode entry point of the workqueue fuzz target, built by
 * afl-clang-fast with ASan+UBSan (fuzz/fuzz.bzl, wq_afl_target):
 *
 *   bazel run //fuzz:workqueue_afl -- --timeout_secs=60 [--jobs=N]
 *
 * Under afl-fuzz the input arrives in shared memory
 * (__AFL_FUZZ_TESTCASE_BUF) and one process runs up to LOOP_COUNT inputs
 * (__AFL_LOOP). The fork server starts at __AFL_INIT(), before any thread
 * exists: kenv's threads are created by the first input of each child and
 * kept across iterations (kenv_reset() between inputs). A failure aborts
 * the process, and afl-fuzz saves the input to crashes/.
 *
 * Outside afl-fuzz:
 *
 *   workqueue_afl_bin [-q|--quiet] INPUT...   run input files, bytes or text
 *                                              (or the files of directories,
 *                                              *.md skipped) once each, in
 *                                              this process
 *   workqueue_afl_bin < INPUT                  run stdin once (AFL++'s
 *                                              non-fuzzing fallback)
 *
 * Exit status: 0 every input passed; abort on a failure (the wqkit report
 * on stderr); 2 usage error or unreadable input.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/exec/feedback.h"
#include "fuzz/targets/one_input.h"

#ifndef __AFL_FUZZ_TESTCASE_LEN
#error "build with afl-clang-fast (bazel build //fuzz:workqueue_afl_bin)"
#endif

#define LOOP_COUNT	10000
#define EXIT_USAGE	2

__AFL_FUZZ_INIT();

static bool quiet;
static unsigned int passed;

/*
 * The interleaving counters (fuzz/exec/feedback.h) as AFL++ edges: one
 * pc-guard per counter, numbered by AFL++'s runtime like the
 * instrumented code's own (before __AFL_INIT() reports the map size),
 * and after each input every non-zero counter is added to its edge's
 * byte of the map, where afl-fuzz buckets it like any hit count.
 */
static uint32_t ilcov_guard[WQ_ILCOV_SIZE];

void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop);
extern uint8_t *__afl_area_ptr;
extern uint32_t __afl_map_size;

static void __attribute__((constructor)) ilcov_guards_init(void)
{
	__sanitizer_cov_trace_pc_guard_init(ilcov_guard,
					    ilcov_guard + WQ_ILCOV_SIZE);
}

static void ilcov_to_afl_map(void)
{
	size_t i;

	for (i = 0; i < WQ_ILCOV_SIZE; i++) {
		uint32_t e = ilcov_guard[i];

		if (wq_ilcov[i] && e && e < __afl_map_size)
			__afl_area_ptr[e] = (uint8_t)(__afl_area_ptr[e] + wq_ilcov[i]);
	}
}

/*
 * Run the input file @path once (bytes or a text program, by content).
 * Returns 0, or -1 if it cannot be read; a text program that does not
 * parse exits 2.
 */
static int run_file(const char *path)
{
	struct wq_prog p;
	char err[512];
	size_t len;
	char *buf = wq_read_file(path, &len);

	if (!buf) {
		fprintf(stderr, "workqueue_afl: cannot read %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (!wq_fuzz_load(buf, len, path, false, &p, err, sizeof(err))) {
		fprintf(stderr, "workqueue_afl: %s\n", err);
		exit(EXIT_USAGE);
	}
	if (!quiet)
		fprintf(stderr, "workqueue_afl: running %s (%zu bytes, %s)\n",
			path, len, wq_prog_is_text(buf, len) ? "text" : "bytes");
	wq_fuzz_one_input((const uint8_t *)buf, len);
	free(buf);
	passed++;
	if (!quiet)
		fprintf(stderr, "workqueue_afl: %s: pass\n", path);
	return 0;
}

/* Run the regular files of directory @path in name order (not *.md). */
static int run_dir(const char *path)
{
	char **names;
	int n, i, r = 0;

	n = wq_list_dir(path, wq_keep_regular_not_md, &names);
	if (n < 0) {
		fprintf(stderr, "workqueue_afl: cannot list %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	for (i = 0; i < n && !r; i++)
		if (run_file(names[i]))
			r = -1;
	wq_free_list(names, n);
	return r;
}

static int run_paths(int argc, char **argv)
{
	int i, r = 0;

	wq_fuzz_accept_text();
	for (i = 1; i < argc && !r; i++) {
		struct stat st;

		if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			quiet = true;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fprintf(stdout,
				"usage: workqueue_afl_bin [-q|--quiet] INPUT...  (or under afl-fuzz)\n"
				"  INPUT  a file (bytes or a text program) or a directory of them\n"
				"exit: 0 every input passed; abort (SIGABRT) on a failure, the report\n"
				"      on stderr; 2 usage, bad environment or unreadable input\n");
			return 0;
		}
		if (argv[i][0] == '-') {
			fprintf(stderr, "workqueue_afl: unknown option %s\n",
				argv[i]);
			return EXIT_USAGE;
		}
		if (stat(argv[i], &st)) {
			fprintf(stderr, "workqueue_afl: %s: %s\n", argv[i],
				strerror(errno));
			return EXIT_USAGE;
		}
		r = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
	}
	if (r)
		return EXIT_USAGE;
	printf("workqueue_afl: %u input(s) passed\n", passed);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *buf;

	wq_fuzz_check_env();
	if (argc > 1)
		return run_paths(argc, argv);

	/* Fork server here: no thread exists yet. */
	__AFL_INIT();
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(LOOP_COUNT)) {
		wq_fuzz_one_input(buf, __AFL_FUZZ_TESTCASE_LEN);
		ilcov_to_afl_map();
	}
	return 0;
}
