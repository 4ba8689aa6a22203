// SPDX-License-Identifier: GPL-2.0-only
/*
 * bazel run //reports:triage -- [options] [INPUT_OR_DIR...]
 *
 * Replays crash files and .wq programs on this build, titles them,
 * measures their reliability, minimizes them and files each bug once in
 * a folder (see reports/README.md). Exit codes as in DESIGN.md.
 */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/bugs.h"
#include "reports/triage.h"

/* This binary's sanitizer, as sidecars name it. */
#ifdef WQKIT_TSAN
#define SAN_NAME	"tsan"
#else
#define SAN_NAME	"asan"
#endif

struct counts {
	int inputs, bad, passed, expected, fresh, known, registry, context;
	int distinct_registry;
	char **folders;			/* bug folders seen in this run */
	int nfolders, distinct_new, distinct_known;
};

enum bug_kind { BUG_NEW, BUG_REPORTED, BUG_REGISTRY };

/* Count the bug of @folder (or registry id) once per run. */
static void count_bug(struct counts *c, const char *folder, enum bug_kind kind)
{
	int i;

	for (i = 0; i < c->nfolders; i++)
		if (!strcmp(c->folders[i], folder))
			return;
	c->folders = realloc(c->folders, (c->nfolders + 1) * sizeof(char *));
	c->folders[c->nfolders++] = strdup(folder);
	if (kind == BUG_NEW)
		c->distinct_new++;
	else if (kind == BUG_REPORTED)
		c->distinct_known++;
	else
		c->distinct_registry++;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: triage [options] [INPUT_OR_DIR...]\n"
		"  Replay each crash file (bytes) or .wq program, title it, measure its\n"
		"  reliability, minimize it and write its bug folder (one per bug).\n"
		"  No input: every engine's crash folders under out/ (out/*/crashes,\n"
		"  out/workqueue_afl/findings/*/crashes).\n"
		"options:\n"
		"  --runs=N            reliability runs (default 10)\n"
		"  --check_runs=N      runs per minimization candidate, all must fail (2)\n"
		"  --csource_runs=N    build repro.c with clang and run it N times (default\n"
		"                      --runs; 0: write it without building it)\n"
		"  --minimize_secs=S   minimization budget per finding, CPU seconds (120; 0: none)\n"
		"  --minimize_runs=N   ... and candidates run (10000; 0: no limit)\n"
		"  --minimize_wall_secs=S  ... and a wall-clock backstop (3600; 0: none)\n"
		"  --reseeds=N         retry an edit that lost the failure with N other\n"
		"                      schedule seeds (8)\n"
		"  --search_seeds=N    free-mode inputs failing < N/N: controlled schedules\n"
		"                      tried per mode and depth (16)\n"
		"  --timeout_secs=S    kill a run after S seconds (60)\n"
		"  --into=DIR          bug folders (default out/reports)\n"
		"  --no_deep_search    stop when the wide schedule search keeps nothing (by\n"
		"                      default the rest of the budget goes to a deep one:\n"
		"                      8x as many seeds and orders; --deep_search: the default)\n"
		"  --file_known        a bug of core/KNOWN_BUGS.md is minimized and filed\n"
		"                      like a new one (default: counted, no folder)\n"
		"  A crash file's sidecar FILE.ctx (written by the launchers) names the\n"
		"  build, sanitizer, WQKIT_INJECT and WQKIT_SCHED it was found with; an\n"
		"  input this triage cannot replay in that context is reported, never run.\n"
		"exit: 0 no new finding (known bugs of core/KNOWN_BUGS.md are counted),\n"
		"      1 a new finding, 2 usage or only bad inputs, 3 environment (fork\n"
		"      or write failed, or an input needs another triage build)\n");
}

static bool num_opt(const char *a, const char *name, double lo, double hi,
		    double *v)
{
	size_t n = strlen(name);
	char *end;

	if (strncmp(a, name, n) || a[n] != '=')
		return false;
	*v = strtod(a + n + 1, &end);
	if (end == a + n + 1 || *end || *v < lo || *v > hi) {
		fprintf(stderr, "triage: %s: expected a number in %g..%g\n", a, lo, hi);
		exit(2);
	}
	return true;
}

/* Parse options into @o; returns the index of the first input. */
static int parse_opts(int argc, char **argv, struct tr_opts *o,
		      const char **into)
{
	bool build_set = false, csource_set = false;
	double v;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "--")) {
			return i + 1;
		} else if (num_opt(a, "--runs", 1, 1000, &v)) {
			o->runs = (int)v;
		} else if (num_opt(a, "--csource_runs", 0, 1000, &v)) {
			o->csource_runs = (int)v;
			csource_set = true;
		} else if (num_opt(a, "--check_runs", 1, 100, &v)) {
			o->check_runs = (int)v;
		} else if (num_opt(a, "--minimize_secs", 0, 86400, &v)) {
			o->minimize_secs = v;
			o->minimize = v > 0;
		} else if (num_opt(a, "--minimize_runs", 0, 1e7, &v)) {
			o->minimize_runs = (unsigned int)v;
		} else if (num_opt(a, "--minimize_wall_secs", 0, 86400 * 7, &v)) {
			o->minimize_wall_secs = v;
		} else if (num_opt(a, "--search_seeds", 0, 1000, &v)) {
			o->search_seeds = (int)v;
		} else if (num_opt(a, "--reseeds", 0, 1000, &v)) {
			o->reseeds = (int)v;
		} else if (num_opt(a, "--timeout_secs", 1, 3600, &v)) {
			o->timeout_secs = (unsigned int)v;
		} else if (!strcmp(a, "--deep_search")) {
			o->deep_search = true;
		} else if (!strcmp(a, "--no_deep_search")) {
			o->deep_search = false;
		} else if (!strcmp(a, "--file_known")) {
			o->file_known = true;
		} else if (!strncmp(a, "--into=", 7) && a[7]) {
			*into = a + 7;
		} else if (!strncmp(a, "--build=", 8) && a[8]) {
			/* Set once, by the BUILD rule: it names the linked core. */
			if (build_set) {
				fprintf(stderr, "triage: --build is set by the BUILD rule to '%s': to replay on a zoo build, run //reports:triage_bug_<bug>\n",
					o->build);
				exit(2);
			}
			build_set = true;
			o->build = a + 8;
		} else {
			fprintf(stderr, "triage: unknown option '%s'\n", a);
			usage(stderr);
			exit(2);
		}
	}
	if (!csource_set)
		o->csource_runs = o->runs;
	return i;
}

static void triage_file(const char *path, struct tr_opts *o,
			struct counts *c)
{
	static struct tr_input in;
	char err[1024], folder[4200];

	snprintf(in.path, sizeof(in.path), "%s", path);
	o->index++;
	if (tr_input_load(&in, err, sizeof(err))) {
		printf("triage: %s: bad input: %s\n", path, err);
		c->bad++;
		return;
	}
	c->inputs++;
	if (tr_ctx_mismatch(&in.ctx, o->build, SAN_NAME, err, sizeof(err))) {
		/* Never replayed out of context: a PASS here would be a lie. */
		printf("triage: %s: context not reproducible here: %s\n", path, err);
		c->context++;
		return;
	}
	switch (tr_triage_one(&in, o, folder, sizeof(folder))) {
	case TR_REGISTRY:
		c->registry++;
		count_bug(c, folder, BUG_REGISTRY);
		break;
	case TR_NEW:
		c->fresh++;
		count_bug(c, folder, BUG_NEW);
		break;
	case TR_KNOWN:
		c->known++;
		count_bug(c, folder, BUG_REPORTED);
		break;
	case TR_PASSED:
		c->passed++;
		break;
	case TR_EXPECTED:
		c->expected++;
		break;
	case TR_ENV:
		exit(3);
	}
}

/* Expand @arg (file or directory) into @list. */
static void add_input(const char *arg, char ***list, int *n, struct counts *c)
{
	struct stat st;
	char **files;
	int k, i;

	if (stat(arg, &st) || !S_ISDIR(st.st_mode)) {
		*list = realloc(*list, (*n + 1) * sizeof(**list));
		(*list)[(*n)++] = strdup(arg);
		return;
	}
	k = tr_list_dir(arg, &files);
	if (k <= 0) {
		printf("triage: %s: bad input: %s\n", arg,
		       k < 0 ? strerror(errno) : "empty directory (no input files)");
		c->bad++;
		return;
	}
	*list = realloc(*list, (*n + k) * sizeof(**list));
	for (i = 0; i < k; i++)
		(*list)[(*n)++] = strdup(files[i]);
	wq_free_list(files, k);
}

/* No argument: every engine's crash folders under <workspace>/out. */
static void default_inputs(const char *ws, char ***list, int *n,
			   struct counts *c)
{
	static const char *const pats[] = {
		"out/*/crashes", "out/workqueue_afl/findings/*/crashes",
	};
	char pat[4200];
	glob_t g;
	size_t i, j;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		snprintf(pat, sizeof(pat), "%s/%s", ws, pats[i]);
		if (glob(pat, GLOB_ONLYDIR, NULL, &g))
			continue;
		for (j = 0; j < g.gl_pathc; j++) {
			char **files;
			int k = tr_list_dir(g.gl_pathv[j], &files);

			if (k > 0)
				wq_free_list(files, k), add_input(g.gl_pathv[j], list, n, c);
		}
		globfree(&g);
	}
	if (!*n)
		printf("triage: no crash files under %s/out/*/crashes or out/workqueue_afl/findings/*/crashes\n",
		       ws);
}

int main(int argc, char **argv)
{
	struct tr_opts o = {
		.build = "clean", .runs = 10, .check_runs = 2,
		.minimize_secs = 120, .minimize_runs = 10000,
		.minimize_wall_secs = 3600, .reseeds = 8, .search_seeds = 16,
		.timeout_secs = 60,
		.minimize = true, .deep_search = true,
	};
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY"), *into = NULL;
	struct counts c = { 0 };
	char **list = NULL, cwd[PATH_MAX], intobuf[PATH_MAX + 16],
	     path[PATH_MAX + 16];
	int first, n = 0, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	first = parse_opts(argc, argv, &o, &into);
	if (!ws)
		ws = getcwd(cwd, sizeof(cwd)) ? cwd : ".";
	o.workspace = ws;
	if (into) {
		tr_user_path(into, intobuf, sizeof(intobuf));
	} else {
		snprintf(intobuf, sizeof(intobuf), "%s/out/reports", ws);
	}
	o.into = intobuf;
	for (i = first; i < argc; i++) {
		tr_user_path(argv[i], path, sizeof(path));
		add_input(path, &list, &n, &c);
	}
	if (first == argc)
		default_inputs(ws, &list, &n, &c);
	o.total = n;
	o.start = tr_now();
	for (i = 0; i < n; i++)
		triage_file(list[i], &o, &c);
	printf("== triage summary: %d inputs (%d bad, %d not reproducible here, %d did not fail, %d failed as the misuse contract expects, %d failed): %d distinct titles, %d new, %d known, %d already reported; %.0fs, build %s, folders in %s\n",
	       c.inputs + c.bad, c.bad, c.context, c.passed, c.expected,
	       c.fresh + c.known + c.registry,
	       c.distinct_new + c.distinct_known + c.distinct_registry,
	       c.distinct_new, c.distinct_registry, c.distinct_known,
	       tr_now() - o.start, o.build, o.into);
	wq_free_list(list, n);
	wq_free_list(c.folders, c.nfolders);
	if (c.fresh)
		return 1;
	if (c.bad && !c.inputs)
		return 2;
	/* Inputs this build cannot replay: the right build is missing. */
	return c.context ? 3 : 0;
}
