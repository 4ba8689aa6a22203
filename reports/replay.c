// SPDX-License-Identifier: GPL-2.0-only
/*
 * Triage replay (see replay.h).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/exec/exec.h"
#include "fuzz/misuse/contract.h"
#include "fuzz/prog/hazard.h"
#include "fuzz/targets/one_input.h"
#include "reports/replay.h"

#define MAX_LOG	(4 << 20)

/* The child: run once like the fuzz targets, report, exit 1 on failure. */
static void __attribute__((noreturn)) child(const struct wq_prog *p, int fd)
{
	static struct wq_exec_result r;
	struct wq_exec_opts o;

	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	wq_fuzz_exec_opts(&o);
	wq_fuzz_running = p;
	if (wq_exec_run(p, &o, &r)) {
		wq_report_print(stdout, p, &r);
		fflush(stdout);
		_exit(1);
	}
	fflush(stdout);
	_exit(0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read the child's output until EOF or @deadline; false on timeout. */
static bool collect(int fd, double deadline, struct tr_run *r)
{
	size_t cap = 65536;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	r->log = malloc(cap + 1);
	r->loglen = 0;
	for (;;) {
		double left = deadline - now();

		if (left <= 0)
			return false;
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		if (r->loglen == cap && cap < MAX_LOG) {
			cap *= 2;
			r->log = realloc(r->log, cap + 1);
		}
		if (r->loglen == cap) {		/* full: drain and drop */
			char sink[4096];

			n = read(fd, sink, sizeof(sink));
		} else {
			n = read(fd, r->log + r->loglen, cap - r->loglen);
			if (n > 0)
				r->loglen += n;
		}
		if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
	r->log[r->loglen] = '\0';
	return true;
}

/*
 * The contract's row expecting a misuse run's failure: a title of @set,
 * or a sanitizer's raw SUMMARY line in @log (the contract's sanitizer
 * rows name the file, which the stable title drops).
 */
static const struct wq_misuse_row *judge(unsigned int hazards,
					 const struct wq_title_set *set,
					 const char *log)
{
	const struct wq_misuse_row *row;
	const char *s = log;
	char line[WQ_TITLE_LEN];
	int i;

	for (i = 0; i < set->n; i++) {
		row = wq_misuse_judge(hazards, set->t[i]);
		if (row)
			return row;
	}
	while ((s = strstr(s, "SUMMARY: "))) {
		s += strlen("SUMMARY: ");
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(s, "\n"), s);
		row = wq_misuse_judge(hazards, line);
		if (row)
			return row;
	}
	return NULL;
}

void tr_misuse_titles(const struct wq_title_set *raw, unsigned int hazards,
		      struct wq_title_set *out)
{
	char hz[128], t[WQ_TITLE_LEN];
	int i;

	wq_hazards_format(hazards, hz, sizeof(hz));
	for (i = 0; i < raw->n; i++) {
		snprintf(t, sizeof(t), "misuse(%s): %s", hz, raw->t[i]);
		wq_title_set_add(out, t);
	}
}

int tr_run_once(const struct wq_prog *p, unsigned int timeout_s,
		struct tr_run *r)
{
	int fds[2], status = 0;
	bool timed_out;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (!pid) {
		close(fds[0]);
		child(p, fds[1]);
	}
	close(fds[1]);
	timed_out = !collect(fds[0], now() + timeout_s, r);
	if (timed_out)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!r->log) {
		r->log = strdup("");
	} else {
		r->log[r->loglen] = '\0';
	}
	r->failed = timed_out || !WIFEXITED(status) || WEXITSTATUS(status);
	if (!r->failed)
		return 0;
	wq_report_parse_titles(r->log, &r->titles);
	wq_report_parse_sanitizer(r->log, &r->titles);
	if (!r->titles.n) {
		char t[WQ_TITLE_LEN];

		r->weak = true;
		wq_report_exit_title(status, timed_out, t, sizeof(t));
		wq_title_set_add(&r->titles, t);
	}
	if (p->misuse && wq_prog_hazards(p)) {
		r->expected = judge(wq_prog_hazards(p), &r->titles, r->log);
		r->failed = !r->expected;
	}
	return 0;
}

void tr_run_free(struct tr_run *r)
{
	free(r->log);
	r->log = NULL;
}

bool tr_fails_with(const struct tr_run *r, const struct wq_title_set *want)
{
	if (!r->failed)
		return false;
	if (!want || !want->n)
		return true;
	return wq_title_set_intersects(&r->titles, want);
}
