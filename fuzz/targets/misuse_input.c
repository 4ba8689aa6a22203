// SPDX-License-Identifier: GPL-2.0-only
/*
 * The misuse target's per-input function (misuse_input.h): a forked
 * child per input, its failure judged by the misuse contract.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "fuzz/exec/feedback.h"
#include "fuzz/misuse/contract.h"
#include "fuzz/prog/hazard.h"
#include "fuzz/report/known.h"
#include "fuzz/report/report.h"
#include "fuzz/targets/misuse_input.h"
#include "fuzz/targets/one_input.h"

/*
 * A child still running after this is killed (a backstop: the executor
 * reports hangs itself). Below libFuzzer's -timeout (WQ_LIBFUZZER_TIMEOUT
 * in fuzz/tools/launcher_lib.sh, for the launcher and the zoo), so the child is judged here, not killed with the parent.
 */
#define CHILD_SECS	45
#define OUT_MAX		(256 * 1024)	/* child output kept for the report */
#define STATS_SECS	30

/* libFuzzer's inline 8-bit counters (absent without -fsanitize=fuzzer). */
extern uint8_t __start___sancov_cntrs[] __attribute__((weak));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak));

static struct {
	int out_fd;		/* memfd: the child's stderr */
	uint8_t *cntrs;		/* shared copy of the child's counters, then
				 * of its interleaving counters (wq_ilcov) */
	size_t ncntrs;
	unsigned long long inputs, failed, known, expected[WQ_NR_OUTCOMES];
	unsigned long long overtime;	/* children killed by the backstop */
	unsigned long long with_hazard[WQ_NR_HAZARDS];
	time_t last_stats;
} m = { .out_fd = -1 };

static void setup_once(void)
{
	if (m.out_fd >= 0)
		return;
	m.out_fd = memfd_create("wqkit-misuse-child", 0);
	if (m.out_fd < 0) {
		perror("wqkit: misuse: memfd_create");
		exit(3);
	}
	if (__start___sancov_cntrs && __stop___sancov_cntrs > __start___sancov_cntrs)
		m.ncntrs = (size_t)(__stop___sancov_cntrs - __start___sancov_cntrs);
	if (m.ncntrs) {
		m.cntrs = mmap(NULL, m.ncntrs + WQ_ILCOV_SIZE, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (m.cntrs == MAP_FAILED) {
			perror("wqkit: misuse: mmap");
			exit(3);
		}
	}
	m.last_stats = time(NULL);
}

/* Both ways between the process's counters and the shared copy. */
static void counters_copy(bool to_shared)
{
	if (!m.ncntrs)
		return;
	if (to_shared) {
		memcpy(m.cntrs, __start___sancov_cntrs, m.ncntrs);
		memcpy(m.cntrs + m.ncntrs, wq_ilcov, WQ_ILCOV_SIZE);
	} else {
		memcpy(__start___sancov_cntrs, m.cntrs, m.ncntrs);
		memcpy(wq_ilcov, m.cntrs + m.ncntrs, WQ_ILCOV_SIZE);
	}
}

/* In the child: publish its coverage to the parent. */
static void child_publish(void)
{
	counters_copy(true);
}

static void child_death(void)
{
	child_publish();
}

static void child_failed(const struct wq_prog *p, unsigned int hazards,
			 struct wq_exec_result *r)
{
	char hz[128], title[sizeof(r->title)], stable[sizeof(r->title)];

	/* The contract and the registry speak stable titles (no w2, q1). */
	wq_report_stable_title(r->title, stable, sizeof(stable));
	if (!wq_misuse_judge(hazards, stable) &&
	    !wq_known_bug(stable, r->detail)) {
		/* Not in the contract: the title names the hazards present. */
		snprintf(title, sizeof(title), "misuse(%s): %s",
			 wq_hazards_format(hazards, hz, sizeof(hz)), r->title);
		snprintf(r->title, sizeof(r->title), "%s", title);
	}
	wq_report_print(stderr, p, r);
}

static void __attribute__((noreturn))
run_child(const struct wq_prog *p, unsigned int hazards)
{
	static struct wq_exec_result r;
	struct wq_exec_opts o;

	dup2(m.out_fd, STDERR_FILENO);
	/*
	 * libFuzzer's signal handlers came with the fork. Its SIGABRT
	 * handler would save this input as a crash file of the parent's run
	 * (ASan's abort_on_error=1 ends an expected use-after-free so: every
	 * expected sanitizer outcome left a crash- file, and the zoo took the
	 * first one for the time to exposure), and its SIGALRM handler
	 * ignores an alarm shorter than -timeout, so the backstop below
	 * never fired. The child dies by the signal; the parent judges.
	 */
	signal(SIGABRT, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	__sanitizer_set_death_callback(child_death);
	alarm(CHILD_SECS);
	wq_fuzz_exec_opts(&o);
	o.abort_on_failure = false;
	wq_fuzz_running = p;
	if (wq_exec_run(p, &o, &r))
		child_failed(p, hazards, &r);
	fflush(stderr);
	child_publish();
	_exit(r.kind == WQ_FAIL_NONE ? 0 : 1);
}

/* The child's output (NUL-terminated, at most OUT_MAX bytes). */
static char *child_output(void)
{
	static char buf[OUT_MAX + 1];
	ssize_t n;

	n = pread(m.out_fd, buf, OUT_MAX, 0);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Title of the child's failure: the wqkit block, a sanitizer summary,
 * or how the child ended. */
static void child_title(const char *out, int status, char *title, size_t len)
{
	const char *s;

	if (!wq_report_parse_title(out, title, len))
		return;
	s = strstr(out, "SUMMARY: ");
	if (s) {
		s += strlen("SUMMARY: ");
		snprintf(title, len, "%.*s", (int)strcspn(s, "\n"), s);
		return;
	}
	if (WIFSIGNALED(status))
		snprintf(title, len, "child killed by signal %d (%s)",
			 WTERMSIG(status), WTERMSIG(status) == SIGALRM ?
			 "still running after the time limit" :
			 strsignal(WTERMSIG(status)));
	else
		snprintf(title, len, "child exited with status %d and no report",
			 WEXITSTATUS(status));
}

static void maybe_stats(void)
{
	time_t now = time(NULL);

	if (now - m.last_stats < STATS_SECS)
		return;
	m.last_stats = now;
	wq_misuse_print_stats(stderr);
}

void wq_misuse_print_stats(FILE *f)
{
	unsigned long long n = 0;
	int k;

	for (k = 0; k < WQ_NR_OUTCOMES; k++)
		n += m.expected[k];
	fprintf(f, "misuse: %llu inputs, %llu failed, %llu known bugs, %llu over the time limit, %llu as expected (",
		m.inputs, m.failed, m.known, m.overtime, n);
	for (k = 0; k < WQ_NR_OUTCOMES; k++)
		fprintf(f, "%s%s %llu", k ? ", " : "", wq_outcome_names[k],
			m.expected[k]);
	fprintf(f, "); inputs with hazard: ");
	for (k = 0; k < WQ_NR_HAZARDS; k++)
		fprintf(f, "%s%s %llu", k ? ", " : "", wq_hazard_names[k],
			m.with_hazard[k]);
	fprintf(f, "\n");
}

static void __attribute__((destructor)) print_stats_at_exit(void)
{
	if (m.inputs)
		wq_misuse_print_stats(stderr);
}

int wq_misuse_one_input(const uint8_t *data, size_t size)
{
	const struct wq_misuse_row *row;
	struct wq_prog p;
	unsigned int hazards;
	char title[512], hz[128];
	const char *out;
	pid_t pid;
	int status, h;

	setup_once();
	wq_prog_decode(data, size, &p);
	wq_fuzz_sched_policy(&p);
	hazards = wq_prog_hazards(&p);
	m.inputs++;
	for (h = 0; h < WQ_NR_HAZARDS; h++)
		m.with_hazard[h] += !!(hazards & (1u << h));
	/* The child writes at the shared offset: rewind it too. */
	if (ftruncate(m.out_fd, 0) || lseek(m.out_fd, 0, SEEK_SET))
		perror("wqkit: misuse: rewinding the child's output");
	fflush(stderr);
	/* A child that dies unpublished gives back the parent's own. */
	counters_copy(true);
	pid = fork();
	if (pid < 0) {
		perror("wqkit: misuse: fork");
		exit(3);
	}
	if (pid == 0)
		run_child(&p, hazards);
	while (waitpid(pid, &status, 0) < 0)
		;
	counters_copy(false);
	maybe_stats();
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	m.failed++;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		/*
		 * The executor bounds every wait itself (deadlock and
		 * livelock under the controlled scheduler, the hang bound
		 * in free mode): a child still running after CHILD_SECS was
		 * starved by a loaded machine, or the executor missed a
		 * hang. Neither is a workqueue finding: counted and shown.
		 */
		m.overtime++;
		fprintf(stderr, "wqkit: misuse: an input ran over %d s (a loaded machine, or a hang the executor missed): counted, not a finding; replay it with replay --keep-misuse\n",
			CHILD_SECS);
		return 0;
	}
	out = child_output();
	child_title(out, status, title, sizeof(title));
	row = wq_misuse_judge(hazards, title);
	if (row) {
		m.expected[row->outcome]++;
		return 0;
	}
	if (wq_known_bug(title, out)) {
		m.known++;
		return 0;
	}
	fputs(out, stderr);
	if (!strncmp(title, "misuse(", 7))
		fprintf(stderr, "wqkit: misuse finding: %s\n", title);
	else
		fprintf(stderr, "wqkit: misuse finding: misuse(%s): %s\n",
			wq_hazards_format(hazards, hz, sizeof(hz)), title);
	wq_misuse_print_stats(stderr);
	fflush(stderr);
	abort();
}
