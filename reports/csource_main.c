// SPDX-License-Identifier: GPL-2.0-only
/*
 * bazel run //reports:csource -- [--title=T] [--build=B] PROGRAM [OUT]
 *
 * Writes the standalone C reproducer of a program (a .wq, or bytes as
 * the fuzz targets decode them) to OUT (written then renamed) or stdout:
 * the program's ops as workqueue API calls on core/testing/repro.h, like
 * syzkaller's syz-prog2c. WQKIT_INJECT=racy_bitops (the test-only race
 * injection) is written into the reproducer. Exit 0, 2 bad input or usage, 3 write failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/prog/files.h"
#include "fuzz/report/csource.h"
#include "reports/bugs.h"
#include "reports/folder.h"
#include "reports/input.h"

int main(int argc, char **argv)
{
	const char *title = "(no title given)", *build = "clean";
	static struct tr_input in;
	char err[1024], *src;
	const char *inject;
	size_t len;
	int i = 1;

	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strncmp(argv[i], "--title=", 8)) {
			title = argv[i] + 8;
		} else if (!strncmp(argv[i], "--build=", 8)) {
			build = argv[i] + 8;
		} else if (!strcmp(argv[i], "--help")) {
			printf("usage: csource [--title=T] [--build=B] PROGRAM [OUT]\n");
			return 0;
		} else {
			fprintf(stderr, "csource: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (argc - i < 1 || argc - i > 2) {
		fprintf(stderr, "usage: csource [--title=T] [--build=B] PROGRAM [OUT]\n");
		return 2;
	}
	tr_user_path(argv[i], in.path, sizeof(in.path));
	if (tr_input_load(&in, err, sizeof(err))) {
		fprintf(stderr, "csource: %s: %s\n", argv[i], err);
		return 2;
	}
	inject = getenv("WQKIT_INJECT");
	src = wq_csource(&in.prog, title, build,
			 inject && !strcmp(inject, "racy_bitops"), &len);
	if (!src) {
		fprintf(stderr, "csource: %s: a misuse program (no reproducer), or out of memory\n",
			argv[i]);
		return 2;
	}
	if (argc - i == 2) {
		char out[4200];

		tr_user_path(argv[i + 1], out, sizeof(out));
		if (wq_write_file(out, src, len)) {
			perror(out);
			return 3;
		}
	} else {
		fwrite(src, 1, len, stdout);
	}
	free(src);
	return 0;
}
