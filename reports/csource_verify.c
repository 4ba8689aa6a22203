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

#include "fuzz/prog/files.h"
#include "reports/csource_verify.h"
#include "reports/folder.h"
#include "reports/triage.h"

#define SRC_LIST	TR_REPRO_SRCS
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

int tr_tree_prepare(struct tr_tree *t, const char *bug, const char *patch,
		    char *why, size_t whylen)
{
	char cmd[3 * PATH_MAX], p[PATH_MAX + 64], log[PATH_MAX + 16];
	char *argv[] = { "patch", "-p1", "-s", "-f", "-F0",
			 "--no-backup-if-mismatch", "-d", t->tmp, "-i", p, NULL };
	int i;

	memset(t, 0, sizeof(*t));
	if (runfiles_root(SRC_LIST, t->root, sizeof(t->root))) {
		snprintf(why, whylen, "no source list " SRC_LIST " in the runfiles");
		return -2;
	}
	snprintf(t->tmp, sizeof(t->tmp), "/tmp/wqkit-build.XXXXXX");
	if (!mkdtemp(t->tmp)) {
		snprintf(why, whylen, "mkdtemp: %s", strerror(errno));
		return -2;
	}
	/* the core's sources and headers as the runfiles have them */
	snprintf(cmd, sizeof(cmd), "cp -rL '%s/core' '%s/core'", t->root, t->tmp);
	if (system(cmd)) {
		snprintf(why, whylen, "cannot copy the core to %s", t->tmp);
		return -2;
	}
	snprintf(log, sizeof(log), "%s/patch.log", t->tmp);
	for (i = 0; i < 2; i++) {
		const char *what = i ? patch : bug;

		if (!what || (!i && !strcmp(bug, "clean")))
			continue;
		if (i)
			snprintf(p, sizeof(p), "%s", patch);
		else
			snprintf(p, sizeof(p), "%s/core/bugs/%s.patch", t->root, bug);
		if (run(argv, log, 60)) {
			snprintf(why, whylen, "%s does not apply to core/%s (patch -p1 from the workspace root; see %s)",
				 i ? patch : p, i && strcmp(bug, "clean") ?
				 " with the zoo build's patch" : "", log);
			return -1;
		}
		t->patched = true;
	}
	return 0;
}

void tr_tree_free(struct tr_tree *t)
{
	char cmd[PATH_MAX + 16];

	if (!t->tmp[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->tmp);
	if (system(cmd))
		perror("rm");
	t->tmp[0] = '\0';
}

/* @v under the tree: core/ from the copy, the rest from the runfiles. */
static char *tree_path(const struct tr_tree *t, const char *v)
{
	return dupf("%s/%s", strncmp(v, "core/", 5) ? t->root : t->tmp, v);
}

int tr_tree_build(const struct tr_tree *t, const char *list_rel,
		  const char *const extra[], const char *out, char *why,
		  size_t whylen)
{
	char list[PATH_MAX + 64], line[1024], log[PATH_MAX + 16];
	char *argv[MAX_ARGS];
	const char *cc = getenv("CC");
	int n = 0, i, st = -1;
	FILE *f;

	snprintf(list, sizeof(list), "%s/%s", t->root, list_rel);
	f = fopen(list, "r");
	if (!f) {
		snprintf(why, whylen, "no source list %s", list);
		return -1;
	}
	argv[n++] = strdup(cc && *cc ? cc : "clang-19");
	argv[n++] = strdup("-std=gnu11");
	argv[n++] = strdup("-g");
	argv[n++] = strdup("-O1");
	argv[n++] = strdup("-w");
	argv[n++] = dupf("-iquote%s%s", t->tmp, "");
	argv[n++] = dupf("-iquote%s%s", t->root, "");
	while (fgets(line, sizeof(line), f) && n < MAX_ARGS - 8) {
		char *v = strchr(line, ' ');

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !v)
			continue;
		*v++ = '\0';
		if (!strcmp(line, "cflag"))
			argv[n++] = strdup(v);
		else if (!strcmp(line, "include")) {
			char *d = tree_path(t, v);

			argv[n++] = dupf("-isystem%s%s", d, "");
			free(d);
		}
		else if (!strcmp(line, "src"))
			argv[n++] = tree_path(t, v);
		else if (!strcmp(line, "linkopt"))
			argv[n++] = strdup(v);
	}
	fclose(f);
	for (i = 0; extra && extra[i] && n < MAX_ARGS - 4; i++)
		argv[n++] = strdup(extra[i]);
	argv[n++] = strdup("-lpthread");
	argv[n++] = strdup("-o");
	argv[n++] = strdup(out);
	argv[n] = NULL;
	snprintf(log, sizeof(log), "%s.build.log", out);
	st = run(argv, log, 1200);
	for (i = 0; i < n; i++)
		free(argv[i]);
	if (st == 0)
		return 0;
	snprintf(why, whylen, "%s (log: %s)",
		 st > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 127 ?
		 "no C compiler (clang-19, or $CC)" : "the build failed", log);
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

int tr_csource_runs(const char *bin, int runs, unsigned int timeout_s,
		   struct tr_cverify *v)
{
	char *argv[] = { (char *)bin, NULL }, log[PATH_MAX + 16];
	double t = tr_now();
	int i, st;

	v->k = 0;
	v->runs = runs;
	v->first[0] = '\0';
	snprintf(log, sizeof(log), "%s.run.log", bin);
	for (i = 0; i < runs; i++) {
		unlink(log);
		st = run(argv, log, timeout_s);
		if (st < 0)
			return -1;
		if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
			v->k++;
			if (!v->first[0])
				first_failure(log, v->first, sizeof(v->first));
		}
	}
	v->run_secs = tr_now() - t;
	return 0;
}

int tr_csource_verify(const char *src, size_t len, const char *build,
		      int runs, unsigned int timeout_s, struct tr_cverify *v,
		      char *why, size_t whylen)
{
	struct tr_tree t;
	char path[PATH_MAX + 32], bin[PATH_MAX + 32];
	const char *extra[] = { path, NULL };
	double t0 = tr_now();
	int ret = -1;

	memset(v, 0, sizeof(*v));
	v->runs = runs;
	if (tr_tree_prepare(&t, build, NULL, why, whylen))
		goto out;
	snprintf(path, sizeof(path), "%s/repro.c", t.tmp);
	snprintf(bin, sizeof(bin), "%s/repro", t.tmp);
	if (wq_write_file(path, src, len)) {
		snprintf(why, whylen, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	if (tr_tree_build(&t, SRC_LIST, extra, bin, why, whylen)) {
		t.tmp[0] = '\0';	/* keep the build log for the user */
		goto out;
	}
	v->build_secs = tr_now() - t0;
	if (tr_csource_runs(bin, runs, timeout_s, v)) {
		snprintf(why, whylen, "cannot start the reproducer");
		goto out;
	}
	ret = 0;
out:
	tr_tree_free(&t);
	return ret;
}
