// SPDX-License-Identifier: GPL-2.0-only
/*
 * Build and run a C reproducer (see csource_verify.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reports/csource_verify.h"
#include "reports/folder.h"
#include "reports/triage.h"

#define SRC_LIST	"reports/repro_srcs.srcs"
#define MAX_ARGS	128

/* The runfiles tree holding @rel: $RUNFILES_DIR/wqkit, beside the
 * binary, or the working directory ('bazel run' and tests run there). */
static int runfiles_root(const char *rel, char *out, size_t len)
{
	const char *rf = getenv("RUNFILES_DIR");
	char exe[PATH_MAX], p[PATH_MAX + 64];
	ssize_t n;

	if (rf) {
		snprintf(out, len, "%s/wqkit", rf);
		snprintf(p, sizeof(p), "%s/%s", out, rel);
		if (!access(p, R_OK))
			return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(out, len, "%s.runfiles/wqkit", exe);
		snprintf(p, sizeof(p), "%s/%s", out, rel);
		if (!access(p, R_OK))
			return 0;
	}
	if (getcwd(out, len) && !access(rel, R_OK))
		return 0;
	return -1;
}

int tr_runfile(const char *rel, char *out, size_t len)
{
	char root[PATH_MAX];

	if (runfiles_root(rel, root, sizeof(root)))
		return -1;
	snprintf(out, len, "%s/%s", root, rel);
	return 0;
}

/* Run @argv with stdout+stderr to @log (appended); its wait status, or
 * -1. Killed after @timeout_s seconds (0: never). */
static int run(char *const argv[], const char *log, unsigned int timeout_s)
{
	struct timespec t0, now;
	int st, fd;
	pid_t pid, r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd < 0)
			_exit(127);
		dup2(fd, 1);
		dup2(fd, 2);
		setpgid(0, 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return st;
		if (r < 0)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (timeout_s && now.tv_sec - t0.tv_sec > (time_t)timeout_s) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		usleep(2000);
	}
}

static char *dupf(const char *fmt, const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, fmt, a, b) < 0)
		return NULL;
	return s;
}

/* Copy @from to @to (for the zoo build's patched copies). */
static int copy(const char *from, const char *to)
{
	char *argv[] = { "cp", (char *)from, (char *)to, NULL };
	int st = run(argv, "/dev/null", 0);

	return st == 0 ? 0 : -1;
}

/* Patched copies of workqueue.c and linux/workqueue.h under @tmp. */
static int patch_core(const char *root, const char *tmp, const char *bug,
		      char *why, size_t whylen)
{
	char a[PATH_MAX + 64], b[PATH_MAX + 64], patch[PATH_MAX + 64],
	     log[PATH_MAX + 16];
	char *argv[] = { "patch", "-p1", "-s", "-f", "-F0",
			 "--no-backup-if-mismatch", "-d", (char *)tmp, "-i",
			 patch, NULL };

	snprintf(a, sizeof(a), "%s/core/include/linux", tmp);
	snprintf(b, sizeof(b), "mkdir -p '%s'", a);
	if (system(b))
		goto fail;
	snprintf(a, sizeof(a), "%s/core/workqueue.c", root);
	snprintf(b, sizeof(b), "%s/core/workqueue.c", tmp);
	if (copy(a, b))
		goto fail;
	snprintf(a, sizeof(a), "%s/core/include/linux/workqueue.h", root);
	snprintf(b, sizeof(b), "%s/core/include/linux/workqueue.h", tmp);
	if (copy(a, b))
		goto fail;
	snprintf(patch, sizeof(patch), "%s/core/bugs/%s.patch", root, bug);
	snprintf(log, sizeof(log), "%s/patch.log", tmp);
	if (run(argv, log, 60) == 0)
		return 0;
	snprintf(why, whylen, "core/bugs/%s.patch does not apply (see %s)", bug, log);
	return -1;
fail:
	snprintf(why, whylen, "cannot copy the core to %s for the zoo build %s", tmp, bug);
	return -1;
}

/* The compiler command for @src_path: flags and sources of the list. */
static int compile(const char *root, const char *tmp, const char *build,
		   const char *out, char *why, size_t whylen)
{
	char list[PATH_MAX + 64], line[1024], log[PATH_MAX + 16];
	char *argv[MAX_ARGS];
	const char *cc = getenv("CC");
	bool zoo = strcmp(build, "clean");
	int n = 0, i, st = -1;
	FILE *f;

	snprintf(list, sizeof(list), "%s/" SRC_LIST, root);
	f = fopen(list, "r");
	if (!f) {
		snprintf(why, whylen, "no source list %s (build //reports:repro_srcs)", list);
		return -1;
	}
	argv[n++] = strdup(cc && *cc ? cc : "clang-19");
	argv[n++] = strdup("-std=gnu11");
	argv[n++] = strdup("-g");
	argv[n++] = strdup("-O1");
	argv[n++] = strdup("-w");
	argv[n++] = dupf("-iquote%s%s", root, "");
	if (zoo)
		argv[n++] = dupf("-I%s/core/include%s", tmp, "");
	while (fgets(line, sizeof(line), f) && n < MAX_ARGS - 4) {
		char *v = strchr(line, ' ');

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !v)
			continue;
		*v++ = '\0';
		if (!strcmp(line, "cflag"))
			argv[n++] = strdup(v);
		else if (!strcmp(line, "include"))
			argv[n++] = dupf("-isystem%s/%s", root, v);
		else if (!strcmp(line, "src") && zoo && !strcmp(v, "core/workqueue.c"))
			argv[n++] = dupf("%s/%s", tmp, v);
		else if (!strcmp(line, "src"))
			argv[n++] = dupf("%s/%s", root, v);
	}
	fclose(f);
	argv[n++] = dupf("%s/repro.c%s", tmp, "");
	argv[n++] = strdup("-lpthread");
	argv[n++] = strdup("-o");
	argv[n++] = strdup(out);
	argv[n] = NULL;
	snprintf(log, sizeof(log), "%s/build.log", tmp);
	st = run(argv, log, 600);
	for (i = 0; i < n; i++)
		free(argv[i]);
	if (st == 0)
		return 0;
	snprintf(why, whylen, "%s",
		 st > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 127 ?
		 "no C compiler (clang-19, or $CC)" : "the reproducer did not compile");
	snprintf(why + strlen(why), whylen - strlen(why), " (log: %s)", log);
	return -1;
}

/* The "wqrepro: FAILED" line of @log, if any. */
static void first_failure(const char *log, char *out, size_t len)
{
	char line[512];
	FILE *f = fopen(log, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "wqrepro: FAILED: ", 17) ||
		    !strncmp(line, "SUMMARY: ", 9)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, len, "%s", line);
			break;
		}
	fclose(f);
}

int tr_csource_verify(const char *src, size_t len, const char *build,
		      int runs, unsigned int timeout_s, struct tr_cverify *v,
		      char *why, size_t whylen)
{
	char root[PATH_MAX], tmp[] = "/tmp/wqkit-repro.XXXXXX",
	     path[PATH_MAX + 32], bin[PATH_MAX + 32], log[PATH_MAX + 32];
	char *argv[] = { bin, NULL };
	double t = tr_now();
	int i, st, ret = -1;

	memset(v, 0, sizeof(*v));
	v->runs = runs;
	if (runfiles_root(SRC_LIST, root, sizeof(root))) {
		snprintf(why, whylen, "no source list " SRC_LIST " in the runfiles");
		return -1;
	}
	if (!mkdtemp(tmp)) {
		snprintf(why, whylen, "mkdtemp: %s", strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/repro.c", tmp);
	snprintf(bin, sizeof(bin), "%s/repro", tmp);
	if (tr_write_atomic(path, src, len)) {
		snprintf(why, whylen, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	if (strcmp(build, "clean") && patch_core(root, tmp, build, why, whylen))
		goto out;
	if (compile(root, tmp, build, bin, why, whylen)) {
		/* keep the log for the user */
		return -1;
	}
	v->build_secs = tr_now() - t;
	t = tr_now();
	snprintf(log, sizeof(log), "%s/run.log", tmp);
	for (i = 0; i < runs; i++) {
		unlink(log);
		st = run(argv, log, timeout_s);
		if (st < 0) {
			snprintf(why, whylen, "cannot start the reproducer");
			goto out;
		}
		if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
			v->k++;
			if (!v->first[0])
				first_failure(log, v->first, sizeof(v->first));
		}
	}
	v->run_secs = tr_now() - t;
	ret = 0;
out:
	snprintf(path, sizeof(path), "rm -rf '%s'", tmp);
	if (system(path))
		perror("triage: rm");
	return ret;
}
