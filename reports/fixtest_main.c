// SPDX-License-Identifier: GPL-2.0-only
/*
 * bazel run //reports:test -- --patch=FILE [--runs=N] FOLDER...
 *
 * Testing a fix (syzbot's "#syz test"): the core is built with the
 * patch -- on top of each folder's build, the zoo bug's patch for a zoo
 * build's report -- with clang from the source lists in the runfiles
 * (the zoo's patch mechanism, generalized to any patch); each folder's
 * repro.wq (through fuzz/targets/replay.c) and repro.c run N times on
 * it, then the regression corpus (corpus/regressions, and the legal
 * programs of corpus/programs) once each. Per folder: "fixed" (0/N),
 * "still failing" (k/N); then whether the patch broke something else.
 *
 * Exit: 0 every report fixed and the corpus passes; 1 a report still
 * fails or the patch broke the corpus; 2 usage, a folder without
 * repro.wq, a patch that does not apply or does not compile; 3 the
 * environment (no compiler, no runfiles, a write failed).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/targets/one_input.h"
#include "reports/bugs.h"
#include "reports/csource_verify.h"
#include "reports/input.h"
#include "reports/triage.h"

#define MAX_FOLDERS	64

struct folder {
	char path[PATH_MAX];
	char build[64];
	bool has_c;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: test --patch=FILE [--runs=N] [--timeout_secs=S] FOLDER...\n"
		"  Build the core with FILE (patch -p1 from the workspace root; on top of\n"
		"  the zoo bug's patch for a zoo build's folder), run each folder's repro.wq\n"
		"  and repro.c N times (default 10), then the regression corpus once.\n"
		"exit: 0 all fixed and the corpus passes, 1 still failing or the corpus\n"
		"      broke, 2 usage / bad folder / bad patch, 3 environment\n");
}

static void die(int code, const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "test: ");
	fprintf(stderr, fmt, a, b);
	fprintf(stderr, "\n");
	exit(code);
}

/* The folder's build, from its context file ("build <b>"). */
static void load_folder(struct folder *f, const char *arg)
{
	char p[PATH_MAX + 32], line[256];
	struct stat st;
	FILE *c;

	tr_user_path(arg, f->path, sizeof(f->path));
	snprintf(p, sizeof(p), "%s/repro.wq", f->path);
	if (stat(p, &st))
		die(2, "%s: not a bug folder (no repro.wq)%s", arg, "");
	snprintf(p, sizeof(p), "%s/repro.c", f->path);
	f->has_c = !stat(p, &st);
	snprintf(f->build, sizeof(f->build), "clean");
	snprintf(p, sizeof(p), "%s/context", f->path);
	c = fopen(p, "r");
	while (c && fgets(line, sizeof(line), c))
		if (sscanf(line, "build %63s", f->build) == 1)
			break;
	if (c)
		fclose(c);
}

/* Run replay @bin on @file @runs times: the failing runs. */
static int replay_runs(const char *bin, const char *file, int runs,
		       unsigned int timeout_s, char *first, size_t flen)
{
	char cmd[3 * PATH_MAX];
	int i, k = 0, st;

	for (i = 0; i < runs; i++) {
		snprintf(cmd, sizeof(cmd), "timeout -k 5 %u '%s' '%s' >'%s.log' 2>&1",
			 timeout_s, bin, file, bin);
		st = system(cmd);
		if (st) {
			k++;
			if (first && !first[0]) {
				FILE *l;
				char line[512];

				snprintf(cmd, sizeof(cmd), "%s.log", bin);
				l = fopen(cmd, "r");
				while (l && fgets(line, sizeof(line), l))
					if (!strncmp(line, "title: ", 7)) {
						line[strcspn(line, "\n")] = '\0';
						snprintf(first, flen, "%s", line + 7);
						break;
					}
				if (l)
					fclose(l);
			}
		}
	}
	return k;
}

/* One build tree per distinct build: prepare, then build replay. */
static void build_tree(struct tr_tree *t, const char *build, const char *patch,
		       char *replay, size_t len)
{
	char why[1024], src[PATH_MAX + 64];
	const char *extra[] = { src, NULL };
	int r;

	fprintf(stderr, "test: build %s + %s: patch and compile the replay tool\n",
		build, patch);
	r = tr_tree_prepare(t, build, patch, why, sizeof(why));
	if (r) {
		tr_tree_free(t);
		die(r == -1 ? 2 : 3, "%s%s", why, "");
	}
	snprintf(src, sizeof(src), "%s/fuzz/targets/replay.c", t->root);
	snprintf(replay, len, "%s/replay", t->tmp);
	if (tr_tree_build(t, TR_REPLAY_SRCS, extra, replay, why, sizeof(why))) {
		fprintf(stderr, "test: the patched core does not build: %s\n", why);
		exit(strstr(why, "no C compiler") ? 3 : 2);
	}
}

/* Every input of @dir that is not a misuse program: replayed once. */
static int corpus(const char *replay, const char *dir, int *n)
{
	char **files, first[256];
	int k, i, broke = 0;

	k = tr_list_dir(dir, &files);
	for (i = 0; i < k; i++) {
		size_t len;
		char *text = wq_read_file(files[i], &len);
		bool misuse = text && strstr(text, "\nmisuse on");

		free(text);
		if (misuse)
			continue;
		(*n)++;
		first[0] = '\0';
		if (replay_runs(replay, files[i], 1, 120, first, sizeof(first))) {
			printf("test: the patch broke %s: %s\n", files[i],
			       first[0] ? first : "it fails");
			broke++;
		}
	}
	if (k > 0)
		wq_free_list(files, k);
	return broke;
}

int main(int argc, char **argv)
{
	static struct folder folders[MAX_FOLDERS];
	static struct tr_tree tree;
	char patch[PATH_MAX], replay[PATH_MAX + 32], bin[PATH_MAX + 32],
	     src[PATH_MAX + 32], why[1024], first[256], dir[PATH_MAX];
	const char *extra[] = { src, NULL }, *tree_build = NULL;
	int runs = 10, nf = 0, i, k, still = 0, broke = 0, n = 0;
	unsigned int timeout_s = 60;
	struct tr_cverify v;
	struct stat st;

	setvbuf(stdout, NULL, _IOLBF, 0);
	patch[0] = '\0';
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--patch=", 8) && argv[i][8]) {
			tr_user_path(argv[i] + 8, patch, sizeof(patch));
		} else if (!strncmp(argv[i], "--runs=", 7)) {
			runs = atoi(argv[i] + 7);
			if (runs < 1 || runs > 1000)
				die(2, "--runs: expected 1..1000, got '%s'%s", argv[i] + 7, "");
		} else if (!strncmp(argv[i], "--timeout_secs=", 15)) {
			timeout_s = (unsigned int)atoi(argv[i] + 15);
			if (!timeout_s)
				die(2, "--timeout_secs: expected seconds, got '%s'%s", argv[i] + 15, "");
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "test: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		} else if (nf < MAX_FOLDERS) {
			load_folder(&folders[nf++], argv[i]);
		}
	}
	if (!patch[0] || !nf) {
		usage(stderr);
		return 2;
	}
	if (stat(patch, &st) || !S_ISREG(st.st_mode) || access(patch, R_OK))
		die(2, "%s: no such patch file%s", patch, "");

	for (i = 0; i < nf; i++) {
		struct folder *f = &folders[i];

		if (!tree_build || strcmp(tree_build, f->build)) {
			tr_tree_free(&tree);
			build_tree(&tree, f->build, patch, replay, sizeof(replay));
			tree_build = f->build;
		}
		snprintf(src, sizeof(src), "%s/repro.wq", f->path);
		first[0] = '\0';
		k = replay_runs(replay, src, runs, timeout_s, first, sizeof(first));
		printf("test: %s (build %s + patch): repro.wq %d/%d", f->path,
		       f->build, k, runs);
		v.k = 0;
		if (f->has_c) {
			snprintf(src, sizeof(src), "%s/repro.c", f->path);
			snprintf(bin, sizeof(bin), "%s/repro%d", tree.tmp, i);
			if (tr_tree_build(&tree, TR_REPRO_SRCS, extra, bin, why,
					  sizeof(why))) {
				printf("\n");
				fprintf(stderr, "test: %s: repro.c does not build on the patched core: %s\n",
					f->path, why);
				return strstr(why, "no C compiler") ? 3 : 2;
			}
			if (tr_csource_runs(bin, runs, timeout_s, &v))
				return 3;
			printf(", repro.c %d/%d", v.k, runs);
		}
		if (k || v.k) {
			printf(": still failing%s%s\n", first[0] ? ": " : "", first[0] ? first : v.first);
			still++;
		} else {
			printf(": fixed\n");
		}
	}
	/* the regression corpus on the last tree (the patch on its build) */
	for (i = 0; i < 2; i++) {
		snprintf(dir, sizeof(dir), "corpus/%s", i ? "programs" : "regressions");
		if (tr_runfile(dir, src, sizeof(src)))
			continue;
		broke += corpus(replay, src, &n);
	}
	printf("== test summary: %d report(s): %d fixed, %d still failing; regression corpus: %d of %d inputs fail%s\n",
	       nf, nf - still, still, broke, n,
	       broke ? ": the patch broke something else" : "");
	tr_tree_free(&tree);
	return still || broke ? 1 : 0;
}
