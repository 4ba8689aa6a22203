// SPDX-License-Identifier: GPL-2.0-only
/*
 * replay: run fuzz inputs and .wq programs once (or --runs times) each,
 * print the program, optionally the event trace, and a verdict.
 *
 *   bazel run //fuzz:replay -- [options] INPUT...
 *
 * INPUT is a text program, a byte file (a fuzzer input or crash
 * artifact) or a directory (its files, sorted; *.md skipped); text or
 * bytes by content (wq_fuzz_load), whatever the name. Bytes are decoded
 * as the fuzz targets decode them (wq_fuzz_decode: misuse off) unless
 * --keep-misuse; text runs as written. Every run is a forked child,
 * so a BUG, a hang or a sanitizer abort ends that run only.
 *
 * With --runs=N the first failing run prints its report; every run
 * prints one verdict line; the last line counts inputs and runs apart.
 *
 * Exit status (README "Exit codes"): 0 every run passed (an empty
 * directory is 0 inputs), 1 a run failed, 2 usage error or an input that
 * cannot be read or parsed (and none failed), 3 environment (fork, pipe,
 * writing the output failed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/misuse/contract.h"
#include "fuzz/prog/hazard.h"
#include "fuzz/prog/ops.h"
#include "fuzz/report/report.h"
#include "fuzz/report/known.h"
#include "fuzz/targets/one_input.h"

#define EXIT_FAILED	1
#define EXIT_USAGE	WQ_FUZZ_EXIT_USAGE
#define EXIT_ENV	3

static struct {
	bool verbose;
	bool keep_misuse;
	bool quiet;
	unsigned long runs;
	unsigned long timeout_secs;
} opt = { .runs = 1, .timeout_secs = 120 };

static struct {
	unsigned int inputs, passed, failed, known, bad;	/* inputs */
	unsigned long runs, runs_failed;			/* runs */
} total;

/* A run's outcome: a failure with a registry title is known. */
enum outcome { RUN_PASS, RUN_FAIL, RUN_KNOWN };

static void usage(FILE *f)
{
	fprintf(f,
		"usage: replay [options] INPUT...\n"
		"  INPUT            text program, byte input, or directory of them\n"
		"                   (text or bytes by content, not by name)\n"
		"  -v, --verbose    print the event trace of every run\n"
		"  -q, --quiet      print only verdicts (and failure reports)\n"
		"  --runs=N         run every input N times (default 1): the first\n"
		"                   failure's report, then one line per run, and how\n"
		"                   many runs matched the first run's trace\n"
		"  --timeout=SECS   kill a run after SECS (default 120)\n"
		"  --keep-misuse    decode bytes with their misuse flag (the fuzz\n"
		"                   targets clear it)\n"
		"exit: 0 all passed (or no input in the directories), 1 a run failed,\n"
		"      2 usage or unreadable input, 3 fork/pipe/output failed\n");
}

static bool parse_ulong(const char *s, unsigned long lo, unsigned long hi,
			unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	return *s && !*end && !errno && *v >= lo && *v <= hi;
}

/* Load @path as a program. Returns 0, or -1 after printing why. */
static int load(const char *path, struct wq_prog *p, const char **form)
{
	char err[512];
	size_t len;
	char *data = wq_read_file(path, &len);

	if (!data) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	*form = wq_fuzz_load(data, len, path, opt.keep_misuse, p, err,
			     sizeof(err));
	free(data);
	if (!*form) {
		fprintf(stderr, "replay: %s\n", err);
		return -1;
	}
	return 0;
}

/*
 * The child: run once, print the report, send "kind: title" to the
 * parent on @fd, exit 0 (pass) or 1 (fail).
 */
static void __attribute__((noreturn)) run_child(const struct wq_prog *p,
						int fd, bool silent)
{
	static struct wq_exec_result r;
	struct wq_exec_opts o;
	int failed;

	if (silent) {
		/* The report was printed by an earlier run: verdicts only. */
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
			close(null);
		}
	}

	wq_fuzz_exec_opts(&o);
	o.trace_out = opt.verbose ? stdout : NULL;
	wq_fuzz_running = p;
	failed = wq_exec_run(p, &o, &r);
	/* the trace hash first (fixed width), for --runs' replay rate; then
	 * the known bug's id or "-", a space, and "kind: title" */
	dprintf(fd, "%016llx", (unsigned long long)r.trace_hash);
	if (failed) {
		const struct wq_known_bug *b = wq_known_bug(r.title, r.detail);

		wq_report_print(stdout, p, &r);
		dprintf(fd, "%s %s: %s", b ? b->id : "-",
			wq_fail_kind_name(r.kind), r.title);
	}
	fflush(stdout);
	fflush(stderr);
	_exit(failed ? EXIT_FAILED : 0);
}

/*
 * A misuse program's failure, by the misuse contract: which row expects
 * it, or that none does (a finding). @title is "kind: title", or empty
 * when the child died of a sanitizer report (its SUMMARY line is on
 * stderr above: the rows of the hazards present that expect a
 * sanitizer are listed).
 */
static void print_contract(const char *path, unsigned long run,
			   unsigned int hazards, const char *title,
			   bool timed_out)
{
	const struct wq_misuse_row *row;
	const char *t = title;
	char stable[256];
	size_t i;

	if (!title[0] || timed_out) {
		for (i = 0; i < wq_nr_misuse_rows; i++) {
			row = &wq_misuse_rows[i];
			if ((hazards & (1u << row->hazard)) &&
			    row->outcome == WQ_OUT_SANITIZER)
				printf("contract: %s (run %lu): expected if the report above starts \"%s\" (%s/%s)\n",
				       path, run, row->title,
				       wq_hazard_names[row->hazard],
				       wq_outcome_names[row->outcome]);
		}
		return;
	}
	t += strcspn(t, ":");
	t += *t ? 2 : 0;	/* past "kind: " */
	wq_report_stable_title(t, stable, sizeof(stable));
	row = wq_misuse_judge(hazards, stable);
	if (row)
		printf("contract: %s (run %lu): expected (%s/%s)\n", path, run,
		       wq_hazard_names[row->hazard],
		       wq_outcome_names[row->outcome]);
	else
		printf("contract: %s (run %lu): not expected by any row of its hazards: a finding\n",
		       path, run);
}

/* Wait for @pid at most opt.timeout_secs; returns the wait status. */
static int wait_child(pid_t pid, bool *timed_out)
{
	struct timespec tick = { 0, 5 * 1000 * 1000 };
	time_t deadline = time(NULL) + (time_t)opt.timeout_secs;
	int status;

	*timed_out = false;
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			return status;
		if (w < 0 && errno != EINTR) {
			perror("replay: waitpid");
			exit(EXIT_ENV);
		}
		if (!*timed_out && time(NULL) >= deadline) {
			*timed_out = true;
			kill(pid, SIGKILL);
		}
		nanosleep(&tick, NULL);
	}
}

/*
 * One run of @p (its output discarded if @silent); prints the verdict
 * line (KNOWN for a title of the known-bugs registry) and returns the
 * outcome.
 */
static enum outcome run_once(const char *path, const struct wq_prog *p,
		     unsigned long run, bool silent, unsigned long long *hash,
		     unsigned int hazards)
{
	char buf[16 + 256] = "", *title = buf + 16;
	bool timed_out;
	int status, fds[2];
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds)) {
		perror("replay: pipe");
		exit(EXIT_ENV);
	}
	pid = fork();
	if (pid < 0) {
		perror("replay: fork");
		exit(EXIT_ENV);
	}
	if (pid == 0) {
		close(fds[0]);
		run_child(p, fds[1], silent);
	}
	close(fds[1]);
	status = wait_child(pid, &timed_out);
	/* The title is small: it sits in the pipe buffer, no deadlock. */
	n = read(fds[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	*hash = 0;
	if (n >= 16) {
		char hex[17];

		memcpy(hex, buf, 16);
		hex[16] = '\0';
		*hash = strtoull(hex, NULL, 16);
	} else {
		title[0] = '\0';
	}
	total.runs++;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("verdict: PASS %s (run %lu)\n", path, run);
		return RUN_PASS;
	}
	total.runs_failed++;
	/* A known bug's child writes "<id> <title>"; a child that died
	 * (a sanitizer report: same exit status) wrote nothing. */
	if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) == EXIT_FAILED &&
	    title[0] && strncmp(title, "- ", 2)) {
		printf("verdict: KNOWN %s (run %lu): %s (known bug %.*s, core/KNOWN_BUGS.md)\n",
		       path, run, title + strcspn(title, " ") + 1,
		       (int)strcspn(title, " "), title);
		return RUN_KNOWN;
	}
	if (!strncmp(title, "- ", 2))
		title += 2;
	if (p->misuse)
		print_contract(path, run, hazards, title, timed_out);
	if (timed_out)
		printf("verdict: FAIL %s (run %lu): timeout after %lu s\n",
		       path, run, opt.timeout_secs);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_FAILED)
		printf("verdict: FAIL %s (run %lu): %s\n", path, run,
		       title[0] ? title : "check failed (report above)");
	else if (WIFEXITED(status))
		printf("verdict: FAIL %s (run %lu): exit status %d (sanitizer report on stderr)\n",
		       path, run, WEXITSTATUS(status));
	else
		printf("verdict: FAIL %s (run %lu): killed by signal %d (%s)\n",
		       path, run, WTERMSIG(status), strsignal(WTERMSIG(status)));
	return RUN_FAIL;
}

static void replay_file(const char *path)
{
	static char text[WQ_PROG_MAX_TEXT];
	const char *form = "?";
	unsigned long i, fails = 0, knowns = 0, same = 0;
	enum outcome out;
	unsigned long long hash, first = 0;
	unsigned int hazards;
	struct wq_prog p;
	char hz[128];

	total.inputs++;
	if (load(path, &p, &form)) {
		total.bad++;
		return;
	}
	if (!opt.quiet) {
		printf("== %s (%s)\n", path, form);
		if (wq_prog_print(&p, text, sizeof(text)) < 0)
			printf("(program text truncated)\n");
		fputs(text, stdout);
	}
	hazards = wq_prog_hazards(&p);
	if (p.misuse)
		printf("hazards: %s %s (fuzz/misuse/MISUSE.md)\n", path,
		       wq_hazards_format(hazards, hz, sizeof(hz)));
	for (i = 1; i <= opt.runs; i++) {
		/* One report per input: later runs print their verdict only. */
		out = run_once(path, &p, i, (fails || knowns) && !opt.verbose,
			       &hash, hazards);
		fails += out == RUN_FAIL;
		knowns += out == RUN_KNOWN;
		if (i == 1)
			first = hash;
		same += hash == first;
	}
	if (opt.runs > 1) {
		printf("verdict: %s %s: %lu of %lu runs failed%s\n",
		       fails ? "FAIL" : knowns ? "KNOWN" : "PASS", path,
		       fails + knowns, opt.runs,
		       knowns ? " (known bugs counted apart)" : "");
		/* exact replay: controlled mode must give N of N */
		printf("replay: %s %s: %lu of %lu runs matched the first run's trace (%016llx)\n",
		       wq_sched_names[p.sched_mode < WQ_NR_SCHED_MODES ?
				      p.sched_mode : 0],
		       path, same, opt.runs, first);
	}
	total.passed += !fails && !knowns;
	total.failed += !!fails;
	total.known += !fails && knowns;
}

/* Replay the regular files of @dir in name order (not *.md). */
static void replay_dir(const char *dir)
{
	char **names;
	int n, i;

	n = wq_list_dir(dir, wq_keep_regular_not_md, &names);
	if (n < 0 && errno == ENOMEM) {
		fprintf(stderr, "replay: out of memory\n");
		exit(EXIT_ENV);
	}
	if (n < 0) {
		fprintf(stderr, "replay: cannot open %s: %s\n", dir,
			strerror(errno));
		total.bad++;
		return;
	}
	if (!n)
		printf("replay: %s: no input (empty directory)\n", dir);
	for (i = 0; i < n; i++)
		replay_file(names[i]);
	wq_free_list(names, n);
}

/*
 * Under "bazel run" the working directory is the runfiles tree: take
 * relative paths from where the user ran bazel (BUILD_WORKING_DIRECTORY).
 */
static const char *user_path(const char *path)
{
	const char *wd = getenv("BUILD_WORKING_DIRECTORY");
	char *full;

	if (path[0] == '/' || !wd || !*wd)
		return path;
	if (asprintf(&full, "%s/%s", wd, path) < 0) {
		fprintf(stderr, "replay: out of memory\n");
		exit(EXIT_ENV);
	}
	return full;	/* the caller frees it when != @path */
}

int main(int argc, char **argv)
{
	int i, ninputs = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	wq_fuzz_check_env();
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opt.verbose = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			opt.quiet = true;
		} else if (!strcmp(a, "--keep-misuse")) {
			opt.keep_misuse = true;
		} else if (!strncmp(a, "--runs=", 7)) {
			if (!parse_ulong(a + 7, 1, 1000000, &opt.runs)) {
				fprintf(stderr, "replay: --runs: expected 1..1000000, got '%s'\n",
					a + 7);
				return EXIT_USAGE;
			}
		} else if (!strncmp(a, "--timeout=", 10)) {
			if (!parse_ulong(a + 10, 1, 86400, &opt.timeout_secs)) {
				fprintf(stderr, "replay: --timeout: expected 1..86400 seconds, got '%s'\n",
					a + 10);
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "replay: unknown option '%s'\n", a);
			usage(stderr);
			return EXIT_USAGE;
		} else {
			ninputs++;
		}
	}
	if (!ninputs) {
		fprintf(stderr, "replay: no input given\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 1; i < argc; i++) {
		const char *path;
		struct stat st;

		if (argv[i][0] == '-' && argv[i][1])
			continue;
		path = user_path(argv[i]);
		if (stat(path, &st)) {
			fprintf(stderr, "replay: %s: %s\n", path,
				strerror(errno));
			total.inputs++;
			total.bad++;
		} else if (S_ISDIR(st.st_mode)) {
			replay_dir(path);
		} else {
			replay_file(path);
		}
		if (path != argv[i])
			free((char *)path);
	}
	printf("replay: %u inputs: %u passed, %u failed, %u known, %u unreadable; %lu runs: %lu passed, %lu failed\n",
	       total.inputs, total.passed, total.failed, total.known, total.bad,
	       total.runs, total.runs - total.runs_failed, total.runs_failed);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "replay: cannot write the output: %s\n",
			strerror(errno));
		return EXIT_ENV;
	}
	if (total.failed)
		return EXIT_FAILED;
	return total.bad ? EXIT_USAGE : 0;
}
