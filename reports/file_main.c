// SPDX-License-Identifier: GPL-2.0-only
/*
 * bazel run //reports:file -- [--submit] [--label=L]... BUG_FOLDER...
 *
 * Prints, for each bug folder, the gh command that files it as a GitHub
 * issue (title from description, body report.md); with --submit runs it.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "reports/bugs.h"

/* @s single-quoted for sh. */
static void sh_quote(char *out, size_t len, const char *s)
{
	size_t n = 0;

	if (len < 3)
		return;
	out[n++] = '\'';
	for (; *s && n + 6 < len; s++) {
		if (*s == '\'') {
			memcpy(out + n, "'\\''", 4);
			n += 4;
		} else {
			out[n++] = *s;
		}
	}
	out[n++] = '\'';
	out[n] = '\0';
}

static int usage(void)
{
	fprintf(stderr,
		"usage: file [--submit] [--label=L]... BUG_FOLDER...\n"
		"  prints the 'gh issue create' command filing each bug folder\n"
		"  (labels: bug, wqkit, and --label ones); --submit runs it.\n"
		"exit: 0 ok, 2 usage or not a bug folder, 3 gh missing, not\n"
		"      authenticated or failed\n");
	return 2;
}

static int gh_ready(void)
{
	if (system("command -v gh >/dev/null 2>&1")) {
		fprintf(stderr, "file: 'gh' (GitHub CLI) not found: install it (apt-get install gh) or run the printed command elsewhere\n");
		return -1;
	}
	if (system("gh auth status >/dev/null 2>&1")) {
		fprintf(stderr, "file: gh is not authenticated: run 'gh auth login'\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char labels[1024] = " --label bug --label wqkit", q[2048], qb[8400],
	     cmd[16384], path[PATH_MAX];
	bool submit = false;
	struct tr_bug b;
	int i, n = 0, rc = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--submit")) {
			submit = true;
		} else if (!strncmp(argv[i], "--label=", 8) && argv[i][8]) {
			sh_quote(q, sizeof(q), argv[i] + 8);
			snprintf(labels + strlen(labels), sizeof(labels) - strlen(labels),
				 " --label %s", q);
		} else if (argv[i][0] == '-') {
			return usage();
		}
	}
	if (submit && gh_ready())
		return 3;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		n++;
		tr_user_path(argv[i], path, sizeof(path));
		if (tr_bug_read(path, &b)) {
			fprintf(stderr, "file: %s: not a bug folder (no description)\n", path);
			return 2;
		}
		sh_quote(q, sizeof(q), b.title);
		snprintf(qb, sizeof(qb), "%s/report.md", b.dir);
		sh_quote(qb, sizeof(qb), strcpy(cmd, qb));
		snprintf(cmd, sizeof(cmd), "gh issue create --title %s --body-file %s%s",
			 q, qb, labels);
		printf("%s\n", cmd);
		if (submit && system(cmd)) {
			fprintf(stderr, "file: gh failed for %s\n", b.dir);
			rc = 3;
		}
	}
	return n ? rc : usage();
}
