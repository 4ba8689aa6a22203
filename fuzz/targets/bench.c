// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench: execs/s of the default fuzz target's per-input function
 * (wq_fuzz_one_input, built like //fuzz:workqueue_fuzzer_bin: ASan+UBSan
 * and libFuzzer's coverage instrumentation, without the engine) over the
 * shipped corpus, next to its ceiling measured in the same run: one
 * kenv_init() + kenv_reset() cycle per input with the input's CPU count,
 * which every exec pays before it runs a single op.
 *
 *   bazel run //fuzz:bench -- [--secs=S] [--all-cores] [INPUT...]
 *   bazel run //fuzz:bench -- --hashes [INPUT...]
 *
 * INPUT: byte files, .wq programs or directories (default: corpus/seeds,
 * the encoded seed programs in the runfiles). By default the process is
 * pinned to one core (the fuzzer's budget: one core per job).
 *
 * --hashes runs each input once, as the fuzz target decodes it, and
 * prints its trace hash, verdict and scheduler counters, one line per
 * input: a speed change that changes no behaviour leaves this output
 * the same (diff it before and after).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <kenv/kenv.h>

#include "fuzz/targets/one_input.h"

#define TARGET_EXECS	1000.0
#define MAX_INPUTS	4096
#define DEFAULT_DIR	"corpus/seeds"

struct input {
	char *path;
	uint8_t bytes[WQ_PROG_MAX_BYTES];
	size_t len;
	int ncpus;
	double us;		/* total time in wq_fuzz_one_input */
	unsigned long execs;
	bool dropped;		/* failed once: not measured */
};

static struct input *inputs;	/* MAX_INPUTS, shared with the child */
static int ninputs;
static double opt_secs = 5;
static bool opt_all_cores;
static bool opt_hashes;

static void __attribute__((noreturn)) die(const char *fmt, const char *arg)
{
	fprintf(stderr, "bench: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void add_file(const char *path)
{
	struct input *in;
	struct wq_prog p;
	char err[512];
	char *text;
	size_t n;

	if (ninputs == MAX_INPUTS)
		die("more than %s inputs", "4096");
	text = wq_read_file(path, &n);
	if (!text)
		die("cannot read %s", path);
	in = &inputs[ninputs++];
	in->path = strdup(path);
	if (!wq_fuzz_load(text, n, path, false, &p, err, sizeof(err)))
		die("%s", err);
	free(text);
	in->len = wq_prog_encode(&p, in->bytes, sizeof(in->bytes));
	in->ncpus = p.ncpus;
}

static void add_path(const char *path)
{
	struct stat st;
	char **names;
	int n, i;

	if (stat(path, &st))
		die("cannot find %s (run with bazel run, or give inputs)", path);
	if (!S_ISDIR(st.st_mode)) {
		add_file(path);
		return;
	}
	n = wq_list_dir(path, wq_keep_regular_not_md, &names);
	if (n < 0)
		die("cannot open %s", path);
	for (i = 0; i < n; i++)
		add_file(names[i]);
	wq_free_list(names, n);
}

/* Pin to the core we run on; kenv's threads inherit the mask. */
static int pin_one_core(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		cpu = 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "bench: cannot pin to CPU %d: %s (running unpinned)\n",
			cpu, strerror(errno));
		return -1;
	}
	return cpu;
}

/* Shared with the measuring child, so its figures survive its abort. */
static struct {
	int current;		/* input being run */
	unsigned long execs;
	double us;
	double cpu_us;		/* CPU time (all threads) of the measured execs */
	long csw;		/* their context switches */
} *shared;

static void * __attribute__((malloc)) shared_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("%s", "mmap failed");
	return p;
}

/* CPU time (user + system, every thread) of this process so far. */
static double cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec +
		ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
}

/* Context switches (voluntary + involuntary, every thread) so far. */
static long ctx_switches(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_nvcsw + ru.ru_nivcsw;
}

/* The child: passes over the live inputs until @end (warm-up first). */
static void __attribute__((noreturn)) measure_child(double end, bool warm)
{
	int i;

	do {
		for (i = 0; i < ninputs; i++) {
			double t, c;
			long w;

			if (inputs[i].dropped)
				continue;
			shared->current = i;
			c = cpu_us();
			w = ctx_switches();
			t = now_us();
			wq_fuzz_one_input(inputs[i].bytes, inputs[i].len);
			if (!warm)
				continue;
			t = now_us() - t;
			shared->cpu_us += cpu_us() - c;
			shared->csw += ctx_switches() - w;
			inputs[i].us += t;
			inputs[i].execs++;
			shared->us += t;
			shared->execs++;
		}
		warm = true;
	} while (now_us() < end);
	_exit(0);
}

/*
 * wq_fuzz_one_input() aborts on a failure: measure in a child, and when
 * it dies drop the input it was running (a finding is replay's business,
 * not the benchmark's) and go on with the rest of the time.
 */
static double measure_execs(double secs, unsigned long *execs)
{
	double end = now_us() + secs * 1e6;
	bool warm = false;
	int live = ninputs;

	while (now_us() < end) {
		int status = 0;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid < 0)
			die("%s", "fork failed");
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0)	/* failure reports: see replay */
				dup2(fd, 2);
			measure_child(end, warm);
		}
		if (waitpid(pid, &status, 0) != pid)
			die("%s", "waitpid failed");
		warm = true;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			break;
		inputs[shared->current].dropped = true;
		printf("  dropped, fails (bazel run //fuzz:replay -- --runs=20 ...): %s\n",
		       inputs[shared->current].path);
		if (!--live)
			die("%s", "every input fails: nothing to measure");
	}
	*execs = shared->execs;
	return shared->us > 0 ? shared->execs / (shared->us / 1e6) : 0;
}

static double measure_ceiling(double secs, unsigned long *cycles)
{
	double t0 = now_us(), end = t0 + secs * 1e6;
	int i;

	*cycles = 0;
	do {
		for (i = 0; i < ninputs; i++) {
			struct kenv_config cfg = { .nr_cpus = inputs[i].ncpus };

			if (inputs[i].dropped)
				continue;
			if (kenv_init(&cfg))
				die("kenv_init failed (%s CPUs)", "n");
			if (kenv_reset(NULL))
				die("kenv_reset reported leaks after %s", "init");
			(*cycles)++;
		}
	} while (now_us() < end);
	return *cycles / ((now_us() - t0) / 1e6);
}

static int cmp_slowest(const void *a, const void *b)
{
	const struct input *x = a, *y = b;
	double ux = x->execs ? x->us / x->execs : 0;
	double uy = y->execs ? y->us / y->execs : 0;

	return (ux < uy) - (ux > uy);
}

/*
 * --hashes: each input once, in order, as the fuzz target runs it; one
 * line each: trace hash, verdict, scheduler points/decisions/switches.
 */
static int print_hashes(void)
{
	static struct wq_exec_result r;
	struct wq_exec_opts o;
	struct wq_prog p;
	int i;

	wq_fuzz_exec_opts(&o);
	for (i = 0; i < ninputs; i++) {
		wq_fuzz_decode(inputs[i].bytes, inputs[i].len, &p);
		wq_fuzz_running = &p;
		wq_exec_run(&p, &o, &r);
		wq_fuzz_running = NULL;
		printf("%016llx %s points %lu decisions %lu switches %lu %s\n",
		       (unsigned long long)r.trace_hash,
		       r.kind == WQ_FAIL_NONE ? "pass" : r.title,
		       r.sched_points, r.sched_decisions, r.sched_switches,
		       strrchr(inputs[i].path, '/') ?
		       strrchr(inputs[i].path, '/') + 1 : inputs[i].path);
		fflush(stdout);
		if (r.kenv_left_up) {
			fprintf(stderr, "bench: %s left kenv unusable: stopped\n",
				inputs[i].path);
			return 1;
		}
	}
	return 0;
}

static void free_paths(void)
{
	int i;

	for (i = 0; i < ninputs; i++)
		free(inputs[i].path);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bench [--secs=S] [--all-cores] [--hashes] [INPUT...]\n"
		"  --secs=S       measure each figure for S seconds (default 5)\n"
		"  --all-cores    do not pin to one core\n"
		"  --hashes       run each input once, print its trace hash and verdict\n"
		"  INPUT          byte files, .wq programs, directories (default %s)\n",
		DEFAULT_DIR);
}

int main(int argc, char **argv)
{
	unsigned long execs, cycles;
	double eps, cps;
	int i, cpu = -1;

	wq_fuzz_check_env();
	inputs = shared_alloc(MAX_INPUTS * sizeof(*inputs));
	shared = shared_alloc(sizeof(*shared));
	for (i = 1; i < argc; i++) {
		char *end;

		if (!strncmp(argv[i], "--secs=", 7)) {
			opt_secs = strtod(argv[i] + 7, &end);
			if (*end || !(opt_secs > 0 && opt_secs <= 3600))
				die("--secs: expected 0 < S <= 3600, got '%s'",
				    argv[i] + 7);
		} else if (!strcmp(argv[i], "--all-cores")) {
			opt_all_cores = true;
		} else if (!strcmp(argv[i], "--hashes")) {
			opt_hashes = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-') {
			usage(stderr);
			die("unknown option '%s'", argv[i]);
		} else {
			const char *wd = getenv("BUILD_WORKING_DIRECTORY");
			char *full;

			/* Relative to where the user ran "bazel run". */
			if (argv[i][0] != '/' && wd && *wd) {
				if (asprintf(&full, "%s/%s", wd, argv[i]) < 0)
					die("%s", "out of memory");
				add_path(full);
				free(full);
			} else {
				add_path(argv[i]);
			}
		}
	}
	if (!ninputs)
		add_path(DEFAULT_DIR);
	if (!ninputs)
		die("no inputs in %s", DEFAULT_DIR);
	if (opt_hashes) {
		i = print_hashes();
		free_paths();
		return i;
	}
	if (!opt_all_cores)
		cpu = pin_one_core();

	printf("bench: %d inputs, ASan+UBSan + coverage instrumentation, %s\n",
	       ninputs, cpu >= 0 ? "pinned to one core" : "all cores");
	eps = measure_execs(opt_secs, &execs);
	cps = measure_ceiling(0.2, &cycles);	/* warm-up: the thread pool */
	cps = measure_ceiling(opt_secs, &cycles);

	printf("  per-input (wq_fuzz_one_input)    %10.0f execs/s  (%lu execs)\n",
	       eps, execs);
	printf("  ceiling (kenv_init+kenv_reset)   %10.0f cycles/s (%lu cycles, same CPU counts)\n",
	       cps, cycles);
	printf("  ratio                            %9.1f %% of the ceiling\n",
	       100.0 * eps / cps);
	printf("  CPU time per exec (all threads)  %10.0f us (less noisy on a busy machine)\n",
	       execs ? shared->cpu_us / execs : 0);
	printf("  context switches per exec        %10.1f\n",
	       execs ? (double)shared->csw / execs : 0);
	qsort(inputs, ninputs, sizeof(inputs[0]), cmp_slowest);
	printf("  slowest inputs (us/exec):");
	for (i = 0; i < ninputs && i < 3 && inputs[i].execs; i++)
		printf(" %s %.0f%s", strrchr(inputs[i].path, '/') ?
		       strrchr(inputs[i].path, '/') + 1 : inputs[i].path,
		       inputs[i].us / inputs[i].execs, i < 2 ? "," : "");
	printf("\n  target >= %.0f execs/s on one core: %s (%.2fx)\n",
	       TARGET_EXECS, eps >= TARGET_EXECS ? "met" : "NOT met",
	       eps / TARGET_EXECS);
	free_paths();
	return 0;
}
