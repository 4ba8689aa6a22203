// SPDX-License-Identifier: GPL-2.0-only
/*
 * bazel run //reports:sarif -- [--into=DIR] [--out=FILE]
 *
 * One SARIF 2.1.0 file for every bug folder, for GitHub code scanning
 * (github/codeql-action/upload-sarif): a rule and a result per bug, at
 * the line of core/workqueue.c where the 2.6.29 function it names starts.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/prog/files.h"
#include "fuzz/report/sarif.h"
#include "reports/bugs.h"
#include "reports/folder.h"

#define SOURCE	"core/workqueue.c"

static const char *arg_of(int argc, char **argv, const char *key)
{
	size_t n = strlen(key);
	int i;

	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
			return argv[i] + n + 1;
	return NULL;
}

/* @path relative to the workspace @ws when inside it. */
static const char *rel(const char *ws, const char *path)
{
	size_t n = strlen(ws);

	if (!strncmp(path, ws, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static int check_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--into=", 7) && strncmp(argv[i], "--out=", 6)) {
			fprintf(stderr, "usage: sarif [--into=DIR] [--out=FILE|-]\n"
				"exit: 0 written, 2 usage or no bug folder, 3 write failed\n");
			return 2;
		}
	return 0;
}

int main(int argc, char **argv)
{
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");
	char into[PATH_MAX], out[PATH_MAX], cwd[PATH_MAX];
	struct wq_sarif_bug *sb;
	struct tr_bug *bugs;
	char *src, *buf = NULL, commit[64];
	size_t len = 0;
	FILE *m;
	int n, i;

	if (check_args(argc, argv))
		return 2;
	if (!ws)
		ws = getcwd(cwd, sizeof(cwd)) ? cwd : ".";
	snprintf(into, sizeof(into), "%s/out/reports", ws);
	snprintf(out, sizeof(out), "%s/out/reports.sarif", ws);
	if (arg_of(argc, argv, "--into"))
		tr_user_path(arg_of(argc, argv, "--into"), into, sizeof(into));
	if (arg_of(argc, argv, "--out"))
		tr_user_path(arg_of(argc, argv, "--out"), out, sizeof(out));
	n = tr_bugs_list(into, &bugs);
	if (n <= 0) {
		fprintf(stderr, "sarif: no bug folder in %s\n", into);
		return 2;
	}
	src = tr_read_text(SOURCE);	/* runfiles; else the workspace's */
	if (!src) {
		snprintf(cwd, sizeof(cwd), "%s/%s", ws, SOURCE);
		src = tr_read_text(cwd);
	}
	sb = calloc(n, sizeof(*sb));
	for (i = 0; i < n; i++) {
		const char *dir = rel(ws, bugs[i].dir);
		char *detail = malloc(8400);

		snprintf(detail, 8400, "%s (%s runs fail; reproducer: %s/repro.wq, report: %s/report.md)",
			 bugs[i].title, bugs[i].reliability, dir, dir);
		sb[i] = (struct wq_sarif_bug){
			.id = bugs[i].name, .title = bugs[i].title,
			.detail = detail, .uri = SOURCE,
			.line = src ? tr_func_line(src, bugs[i].func) : 0,
		};
	}
	tr_kit_commit(ws, commit, sizeof(commit));
	m = open_memstream(&buf, &len);
	wq_sarif_write(m, sb, n, commit);
	fclose(m);
	if (!strcmp(out, "-") || (out[strlen(out) - 1] == '-' && out[strlen(out) - 2] == '/'))
		fwrite(buf, 1, len, stdout);
	else if (wq_write_file(out, buf, len)) {
		perror(out);
		return 3;
	} else {
		printf("sarif: %d bug(s) from %s -> %s\n", n, into, out);
	}
	for (i = 0; i < n; i++)
		free((char *)sb[i].detail);
	free(sb);
	free(bugs);
	free(src);
	free(buf);
	return 0;
}
