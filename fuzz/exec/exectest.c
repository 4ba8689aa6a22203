// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers for the executor's tests (see exectest.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/prog/files.h"
#include "fuzz/report/report.h"

void xt_parse(const char *text, struct wq_prog *p)
{
	char err[256];

	if (wq_prog_parse(text, "test", p, err, sizeof(err))) {
		fprintf(stderr, "parse error: %s\n", err);
		exit(1);
	}
}

void xt_load(const char *path, struct wq_prog *p)
{
	char *text, err[256];
	size_t n;

	text = wq_read_file(path, &n);
	if (!text) {
		perror(path);
		exit(1);
	}
	if (wq_prog_parse(text, path, p, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	free(text);
}

/* Collect the child's stderr until EOF or the deadline. */
static void drain(int fd, struct xt_child *c, int timeout_s, pid_t pid)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	time_t end = time(NULL) + timeout_s;
	size_t pos = 0;
	char buf[1024];
	ssize_t n;

	for (;;) {
		if (time(NULL) >= end) {
			kill(pid, SIGKILL);
			c->timed_out = true;
			return;
		}
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return;
		if (pos + n < sizeof(c->err)) {
			memcpy(c->err + pos, buf, n);
			pos += n;
		}
	}
}

void xt_opts_default(struct wq_exec_opts *o)
{
	wq_exec_opts_default(o);
	o->hang_ms = XT_HANG_MS;
}

void xt_run_forked(const struct wq_prog *p, const struct wq_exec_opts *o,
		   int timeout_s, struct xt_child *c)
{
	struct wq_exec_opts def;
	struct xt_child *shared;
	int fds[2];
	pid_t pid;

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	XT_CHECK(shared != MAP_FAILED);
	memset(shared, 0, sizeof(*shared));
	if (!o) {
		xt_opts_default(&def);
		o = &def;
	}
	XT_CHECK(!pipe(fds));
	fflush(NULL);
	pid = fork();
	XT_CHECK(pid >= 0);
	if (!pid) {
		close(fds[0]);
		dup2(fds[1], 2);
		shared->ret = wq_exec_run(p, o, &shared->r);
		shared->returned = true;
		_exit(0);
	}
	close(fds[1]);
	drain(fds[0], shared, timeout_s, pid);
	close(fds[0]);
	while (waitpid(pid, &shared->status, 0) < 0 && errno == EINTR)
		;
	*c = *shared;
	munmap(shared, sizeof(*shared));
}

void xt_print(const struct wq_prog *p, const struct xt_child *c)
{
	fprintf(stderr, "child: returned=%d ret=%d status=0x%x timed_out=%d\n",
		c->returned, c->ret, c->status, c->timed_out);
	if (c->r.kind != WQ_FAIL_NONE)
		wq_report_print(stderr, p, &c->r);
	if (c->err[0])
		fprintf(stderr, "child stderr:\n%s\n", c->err);
}

char *xt_names[XT_MAX_PROGS];
struct wq_prog xt_progs[XT_MAX_PROGS];

static bool keep_wq(const char *name, const struct stat *st)
{
	return S_ISREG(st->st_mode) && wq_has_suffix(name, ".wq");
}

/* The .wq programs of @dir in name order (names without the folder). */
static int load_dir(const char *dir, char **names, struct wq_prog *progs,
		    int max)
{
	char **paths;
	int i, n = wq_list_dir(dir, keep_wq, &paths);

	XT_CHECK(n >= 0);
	for (i = 0; i < n && i < max; i++) {
		names[i] = strdup(paths[i] + strlen(dir) + 1);
		xt_load(paths[i], &progs[i]);
	}
	wq_free_list(paths, n);
	return i;
}

int xt_load_corpus(void)
{
	int n = load_dir("corpus/programs", xt_names, xt_progs, XT_MAX_PROGS);

	XT_CHECK(n >= 30);
	return n;
}
