// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point of the workqueue fuzz targets (ASan+UBSan and
 * TSan builds of the same file; see fuzz/BUILD.bazel).
 *
 *   bazel run //fuzz:workqueue_fuzzer -- --timeout_secs=60
 *   workqueue_fuzzer_bin FILE...     run inputs once (bytes or text)
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/targets/one_input.h"

/*
 * Inputs given as files ("binary FILE...", which libFuzzer runs once
 * each) may be text programs: check them all now, so a bad one is exit 2
 * with the parse error, not a "crash" of the target.
 */
static void check_file_args(int argc, char **argv)
{
	int i, nfiles = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;

		if (argv[i][0] == '-')
			continue;
		if (stat(argv[i], &st) || !S_ISREG(st.st_mode))
			return;	/* corpus directories: libFuzzer fuzzes */
		nfiles++;
	}
	for (i = 1; i < argc && nfiles; i++) {
		struct wq_prog p;
		char err[512];
		size_t len;
		char *data;

		if (argv[i][0] == '-')
			continue;
		data = wq_read_file(argv[i], &len);
		if (!data) {
			fprintf(stderr, "wqkit: cannot read %s: %s\n", argv[i],
				strerror(errno));
			exit(WQ_FUZZ_EXIT_USAGE);
		}
		if (!wq_fuzz_load(data, len, argv[i], false, &p, err,
				  sizeof(err))) {
			fprintf(stderr, "wqkit: %s\n", err);
			exit(WQ_FUZZ_EXIT_USAGE);
		}
		free(data);
	}
	if (nfiles)
		wq_fuzz_accept_text();
}

/* Before libFuzzer reads a flag or an input: a bad WQKIT_* is exit 2. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	wq_fuzz_check_env();
	check_file_args(*argc, *argv);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return wq_fuzz_one_input(data, size);
}
