// SPDX-License-Identifier: GPL-2.0-only
/*
 * repeat_cov: is the coverage signal a function of the input? Each input
 * runs --runs times in one process, through the default target's
 * per-input function (wq_fuzz_one_input, built like
 * //fuzz:workqueue_fuzzer_bin: ASan+UBSan, the workqueue instrumented
 * for coverage, minus the engine), and every run's features are counted
 * as libFuzzer counts them: each non-zero 8-bit counter (the inline
 * counters of the instrumented code, then the interleaving counters of
 * fuzz/exec/ilcov.c in __libfuzzer_extra_counters) in one of eight hit
 * count buckets. A feature first seen after the input's first run is
 * noise: libFuzzer would keep the same input again as "new coverage".
 *
 *   bazel run //fuzz:repeat_cov -- [--runs=N] [-v] [INPUT...]
 *
 * INPUT: byte files, .wq programs or directories (default: corpus/seeds).
 * Prints one progress line per input and the summary
 *   repeat_cov: I inputs x N runs: 8-bit counters C (of them E extra);
 *   features per input median F; new features after the first run: K in
 *   R run(s)
 * Exit: 0 no new feature, 1 some (named per input), 2 usage or bad input.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/targets/one_input.h"

#define DEFAULT_DIR	"corpus/seeds"
#define MAX_INPUTS	4096
#define NR_BUCKETS	8

/* The instrumented code's counters (SanitizerCoverage inline-8bit-counters). */
static uint8_t *cov_start, *cov_stop;

/* Overrides the sanitizer runtime's weak no-op, as libFuzzer does. */
void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop)
{
	if (!cov_start) {
		cov_start = start;
		cov_stop = stop;
	}
}

/* Their PC table (pairs of PC and flags), to name a noisy counter. */
static const uintptr_t *pcs_start;

void __sanitizer_cov_pcs_init(const uintptr_t *start, const uintptr_t *stop)
{
	(void)stop;
	if (!pcs_start)
		pcs_start = start;
}

void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out, size_t len);

/* libFuzzer's extra counters, if this binary has any (fuzz/exec/ilcov.c). */
extern uint8_t __start___libfuzzer_extra_counters[] __attribute__((weak));
extern uint8_t __stop___libfuzzer_extra_counters[] __attribute__((weak));

static size_t nr_cov(void)
{
	return (size_t)(cov_stop - cov_start);
}

static size_t nr_extra(void)
{
	if (!__start___libfuzzer_extra_counters)
		return 0;
	return (size_t)(__stop___libfuzzer_extra_counters -
			__start___libfuzzer_extra_counters);
}

static uint8_t *counter(size_t i)
{
	return i < nr_cov() ? &cov_start[i] :
		&__start___libfuzzer_extra_counters[i - nr_cov()];
}

/* libFuzzer's bucket of a hit count (FuzzerTracePC.h CounterToFeature). */
static unsigned int bucket(uint8_t v)
{
	if (v >= 128)
		return 7;
	if (v >= 32)
		return 6;
	if (v >= 16)
		return 5;
	if (v >= 8)
		return 4;
	if (v >= 4)
		return 3;
	return v - 1u;	/* 1, 2, 3 -> 0, 1, 2 */
}

static char *paths[MAX_INPUTS];
static int npaths;

static void __attribute__((noreturn)) usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "repeat_cov: %s%s (see --help)\n", what, arg);
	exit(WQ_FUZZ_EXIT_USAGE);
}

/* @path, or the regular files of directory @path in name order. */
static void add_path(const char *path)
{
	struct stat st;
	char **names;
	int n, i;

	if (stat(path, &st))
		usage_error("cannot find ", path);
	if (!S_ISDIR(st.st_mode)) {
		if (npaths == MAX_INPUTS)
			usage_error("more than 4096 inputs at ", path);
		paths[npaths++] = strdup(path);
		return;
	}
	n = wq_list_dir(path, wq_keep_regular, &names);
	if (n < 0)
		usage_error("cannot read directory ", path);
	for (i = 0; i < n; i++) {
		if (npaths == MAX_INPUTS)
			usage_error("more than 4096 inputs in ", path);
		paths[npaths++] = names[i];
	}
	free(names);
}

static bool verbose;

/* Where counter @i is (-v: each new feature after the first run). */
static void name_feature(size_t i, uint8_t v)
{
	char where[256] = "an extra counter";

	if (i < nr_cov() && pcs_start)
		__sanitizer_symbolize_pc((void *)pcs_start[2 * i], "%f %S", where,
					 sizeof(where));
	fprintf(stderr, "  new feature: counter %zu = %u (%s)\n", i, v, where);
}

/* Features of one run into @seen (a bit per counter and bucket); returns
 * how many were not there yet, and the run's own count in *@nfeat. */
static unsigned long run_once(const uint8_t *data, size_t len, uint8_t *seen,
			      unsigned long *nfeat, bool name_new)
{
	size_t i, n = nr_cov() + nr_extra();
	unsigned long fresh = 0;

	memset(cov_start, 0, nr_cov());
	if (nr_extra())
		memset(__start___libfuzzer_extra_counters, 0, nr_extra());
	wq_fuzz_one_input(data, len);
	*nfeat = 0;
	for (i = 0; i < n; i++) {
		uint8_t v = *counter(i);
		unsigned int b;

		if (!v)
			continue;
		b = bucket(v);
		++*nfeat;
		if (!(seen[i] & (1u << b))) {
			seen[i] |= (uint8_t)(1u << b);
			fresh++;
			if (name_new)
				name_feature(i, v);
		}
	}
	return fresh;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	unsigned long runs = 1000, total_new = 0, noisy_runs = 0, *feats;
	uint8_t *seen;
	int i, noisy_inputs = 0;

	wq_fuzz_check_env();
	for (i = 1; i < argc; i++) {
		char *end;

		if (!strncmp(argv[i], "--runs=", 7)) {
			runs = strtoul(argv[i] + 7, &end, 10);
			if (argv[i][7] < '0' || argv[i][7] > '9' || *end ||
			    runs < 2 || runs > 10000000)
				usage_error("--runs takes 2..10000000, not ", argv[i] + 7);
		} else if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else if (!strcmp(argv[i], "--help")) {
			printf("usage: repeat_cov [--runs=N] [-v] [INPUT...]\n"
			       "Runs each input N times (default 1000) in one process and counts\n"
			       "the coverage features (libFuzzer's) first seen after its first run.\n"
			       "INPUT: byte files, .wq programs or directories (default corpus/seeds).\n"
			       "Exit: 0 none, 1 some, 2 usage or bad input.\n");
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			usage_error("unknown option ", argv[i]);
		} else {
			add_path(argv[i]);
		}
	}
	if (!npaths)
		add_path(DEFAULT_DIR);
	if (!cov_start)
		usage_error("this binary has no coverage instrumentation", "");
	seen = malloc(nr_cov() + nr_extra());
	feats = calloc((size_t)npaths, sizeof(*feats));
	if (!seen || !feats)
		usage_error("out of memory", "");
	wq_fuzz_accept_text();
	for (i = 0; i < npaths; i++) {
		unsigned long r, fresh = 0, bad = 0, n;
		char err[512];
		size_t len;
		char *data = wq_read_file(paths[i], &len);
		struct wq_prog p;

		if (!data)
			usage_error("cannot read ", paths[i]);
		if (!wq_fuzz_load(data, len, paths[i], false, &p, err, sizeof(err)))
			usage_error(err, "");
		memset(seen, 0, nr_cov() + nr_extra());
		run_once((const uint8_t *)data, len, seen, &feats[i], false);
		for (r = 1; r < runs; r++) {
			unsigned long k = run_once((const uint8_t *)data, len, seen,
						   &n, verbose);

			fresh += k;
			bad += k != 0;
		}
		free(data);
		if (fresh || verbose)
			fprintf(stderr, "[%d/%d] %s: %lu features; %lu new in %lu of %lu runs after the first\n",
				i + 1, npaths, paths[i], feats[i], fresh, bad, runs - 1);
		else
			fprintf(stderr, "[%d/%d] %s: %lu features, stable\n",
				i + 1, npaths, paths[i], feats[i]);
		total_new += fresh;
		noisy_runs += bad;
		noisy_inputs += fresh != 0;
	}
	qsort(feats, (size_t)npaths, sizeof(*feats), cmp_ulong);
	printf("repeat_cov: %d inputs x %lu runs: 8-bit counters %zu (of them %zu extra); features per input median %lu; new features after the first run: %lu in %lu run(s) of %d input(s)\n",
	       npaths, runs, nr_cov() + nr_extra(), nr_extra(), feats[npaths / 2],
	       total_new, noisy_runs, noisy_inputs);
	free(feats);
	free(seen);
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	return total_new ? 1 : 0;
}
