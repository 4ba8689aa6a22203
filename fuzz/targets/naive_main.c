// SPDX-License-Identifier: GPL-2.0-only
/*
 * naive: the no-feedback baseline of the zoo benchmark (//bench:zoo).
 * Runs the given seed inputs, then uniformly random byte strings, through
 * the same decoder and per-input function as the fuzz targets
 * (wq_fuzz_one_input), with no coverage feedback and no mutation: what
 * the engines find beyond it is what feedback buys.
 *
 *   workqueue_naive_bin [options] [SEED_INPUT_OR_DIR...]
 *     --seed=N             random stream (default: from the clock)
 *     --max_total_time=S   stop after S seconds (default 60; 0 = no limit)
 *     --runs=N             stop after N inputs (default: no limit)
 *     --max_len=N          random inputs are 1..N bytes (default: the
 *                          longest program, WQ_PROG_MAX_BYTES)
 *     --crashes=DIR        write failing inputs to DIR/crash-<seed>-<n>
 *                          (default: .)
 *     --keep_going         go on after a failure (default: stop)
 *
 * A child process runs the inputs; input n is a pure function of
 * (seed, n), so when the child dies the parent re-creates the input it
 * was running and saves it (atomically: written, then renamed). The
 * child's stderr carries the failure report (wqkit block or sanitizer).
 *
 * Exit status: 0 no failure, 1 a failure, 2 usage error, 3 a failing
 * input could not be saved.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/targets/one_input.h"

#define EXIT_FAILED	1
#define EXIT_USAGE	2
#define EXIT_ENV	3
#define MAX_SEEDS	4096
#define GRACE_SECS	15

struct input {
	uint8_t bytes[WQ_PROG_MAX_BYTES];
	size_t len;
};

/* Shared with the child: which input it runs, how many it finished. */
struct progress {
	volatile uint64_t index;
	volatile uint64_t done;
};

static struct {
	uint64_t seed;
	unsigned long max_total_time;
	unsigned long long runs;
	unsigned long max_len;
	const char *crashes;
	bool keep_going;
} opt = { .max_total_time = 60, .max_len = WQ_PROG_MAX_BYTES,
	  .crashes = "." };

static struct input *seeds;
static unsigned int nr_seeds;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Input @n: the seeds first, then random bytes from (seed, n). */
static void make_input(uint64_t n, struct input *in)
{
	uint64_t s;

	if (n < nr_seeds) {
		*in = seeds[n];
		return;
	}
	s = opt.seed ^ (n * 0xd1342543de82ef95ULL);
	in->len = wq_prog_random_bytes(&s, in->bytes, opt.max_len);
}

/* A seed file: bytes as they are, a text program as its canonical bytes. */
static int add_seed(const char *path)
{
	struct input *in = &seeds[nr_seeds];
	struct wq_prog p;
	char err[512];
	size_t len;
	char *data;

	if (nr_seeds == MAX_SEEDS) {
		fprintf(stderr, "naive: more than %d seeds\n", MAX_SEEDS);
		return -1;
	}
	data = wq_read_file(path, &len);
	if (!data) {
		fprintf(stderr, "naive: cannot read %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (wq_prog_is_text(data, len)) {
		if (!wq_fuzz_load(data, len, path, false, &p, err, sizeof(err))) {
			fprintf(stderr, "naive: %s\n", err);
			free(data);
			return -1;
		}
		in->len = wq_prog_encode(&p, in->bytes, sizeof(in->bytes));
	} else {
		in->len = len < sizeof(in->bytes) ? len : sizeof(in->bytes);
		memcpy(in->bytes, data, in->len);
	}
	free(data);
	nr_seeds++;
	return 0;
}

static int add_seeds(const char *path)
{
	struct stat st;
	char **names;
	int n, i, r = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "naive: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return add_seed(path);
	n = wq_list_dir(path, wq_keep_regular, &names);
	if (n < 0) {
		fprintf(stderr, "naive: cannot list %s\n", path);
		return -1;
	}
	for (i = 0; i < n && !r; i++)
		r = add_seed(names[i]);
	wq_free_list(names, n);
	return r;
}

/*
 * Save input @n as DIR/crash-<seed>-<n>: temporary name, then rename.
 * Returns false (after saying so) if it could not be written.
 */
static bool save_crash(uint64_t n)
{
	struct input in;
	char path[4096];

	make_input(n, &in);
	snprintf(path, sizeof(path), "%s/crash-%llu-%llu", opt.crashes,
		 (unsigned long long)opt.seed, (unsigned long long)n);
	if (wq_write_file(path, in.bytes, in.len)) {
		fprintf(stderr, "naive: cannot write %s: %s\n", path,
			strerror(errno));
		return false;
	}
	fprintf(stderr, "naive: input #%llu (%s, %zu bytes) failed: %s\n",
		(unsigned long long)n, n < nr_seeds ? "seed" : "random",
		in.len, path);
	return true;
}

static void child(struct progress *pr, uint64_t from, double deadline)
{
	static struct input in;
	uint64_t n;

	for (n = from; !opt.runs || n < opt.runs; n++) {
		if (opt.max_total_time && now() >= deadline)
			break;
		pr->index = n;
		make_input(n, &in);
		wq_fuzz_one_input(in.bytes, in.len);
		pr->done++;
	}
	_exit(0);
}

static bool parse_num(const char *arg, const char *name,
		      unsigned long long lo, unsigned long long hi,
		      unsigned long long *v)
{
	size_t n = strlen(name);
	char *end;

	if (strncmp(arg, name, n) || arg[n] != '=')
		return false;
	errno = 0;
	*v = strtoull(arg + n + 1, &end, 10);
	if (!arg[n + 1] || *end || errno || *v < lo || *v > hi) {
		fprintf(stderr, "naive: %s: expected %llu..%llu\n", arg, lo, hi);
		exit(EXIT_USAGE);
	}
	return true;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: workqueue_naive_bin [--seed=N] [--max_total_time=S] [--runs=N]\n"
		"                           [--max_len=N] [--crashes=DIR] [--keep_going]\n"
		"                           [SEED_INPUT_OR_DIR...]\n"
		"exit: 0 no failure, 1 a failure, 2 usage error, 3 a failing input\n"
		"      could not be saved\n");
}

int main(int argc, char **argv)
{
	unsigned long long v;
	uint64_t from = 0, failures = 0, lost = 0;
	struct progress *pr;
	double start, deadline;
	int i;

	wq_fuzz_check_env();
	opt.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	seeds = calloc(MAX_SEEDS, sizeof(*seeds));
	if (!seeds)
		return EXIT_USAGE;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (parse_num(a, "--seed", 0, ~0ULL, &v))
			opt.seed = v;
		else if (parse_num(a, "--max_total_time", 0, 1UL << 30, &v))
			opt.max_total_time = v;
		else if (parse_num(a, "--runs", 0, ~0ULL, &v))
			opt.runs = v;
		else if (parse_num(a, "--max_len", 1, WQ_PROG_MAX_BYTES, &v))
			opt.max_len = v;
		else if (!strncmp(a, "--crashes=", 10) && a[10])
			opt.crashes = a + 10;
		else if (!strcmp(a, "--keep_going"))
			opt.keep_going = true;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-') {
			fprintf(stderr, "naive: unknown option %s\n", a);
			usage(stderr);
			return EXIT_USAGE;
		} else if (add_seeds(a)) {
			return EXIT_USAGE;
		}
	}
	pr = mmap(NULL, sizeof(*pr), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (pr == MAP_FAILED) {
		perror("naive: mmap");
		return EXIT_USAGE;
	}
	fprintf(stderr, "naive: seed %llu, %u seed input(s), max_len %lu, %lus\n",
		(unsigned long long)opt.seed, nr_seeds, opt.max_len,
		opt.max_total_time);
	fflush(stderr);
	start = now();
	deadline = start + opt.max_total_time;
	for (;;) {
		int status;
		pid_t pid;
		bool killed = false;

		pr->index = from;
		pid = fork();
		if (pid < 0) {
			perror("naive: fork");
			return EXIT_USAGE;
		}
		if (!pid)
			child(pr, from, deadline);
		/* The child stops itself at the deadline; a stuck one is killed. */
		while (waitpid(pid, &status, WNOHANG) == 0) {
			if (opt.max_total_time && !killed &&
			    now() > deadline + GRACE_SECS) {
				kill(pid, SIGKILL);
				killed = true;
			}
			usleep(20000);
		}
		if (killed || (WIFEXITED(status) && !WEXITSTATUS(status)))
			break;
		failures++;
		lost += !save_crash(pr->index);
		if (!opt.keep_going)
			break;
		from = pr->index + 1;
		pr->done++;
	}
	fprintf(stderr, "naive: %llu execs in %.1fs (%.0f execs/s), %llu failure(s)\n",
		(unsigned long long)pr->done, now() - start,
		pr->done / (now() - start > 0 ? now() - start : 1),
		(unsigned long long)failures);
	if (lost) {
		fprintf(stderr, "naive: error: %llu failing input(s) could not be saved\n",
			(unsigned long long)lost);
		return EXIT_ENV;
	}
	return failures ? EXIT_FAILED : 0;
}
