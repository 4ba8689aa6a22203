// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading bug folders back (see bugs.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/report/report.h"
#include "reports/bugs.h"

char *tr_read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* First line of file @name in @dir into @out. */
static int first_line(const char *dir, const char *name, char *out,
		      size_t len)
{
	char path[4400], *text;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = tr_read_text(path);
	if (!text)
		return -1;
	text[strcspn(text, "\n")] = '\0';
	snprintf(out, len, "%s", text);
	free(text);
	return 0;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* "... in run_workqueue" -> run_workqueue; else the op of log0. */
static void bug_func(const char *dir, struct tr_bug *b)
{
	const char *in = NULL, *s, *api;
	char path[4400], op[96], *log;
	size_t n;

	b->func[0] = '\0';
	for (s = b->title; (s = strstr(s, " in ")); s++)
		in = s + 4;
	for (n = 0; in && ident_char(in[n]); n++)
		;
	if (in && n && !in[n]) {
		snprintf(b->func, sizeof(b->func), "%.*s", (int)n, in);
		return;
	}
	snprintf(path, sizeof(path), "%s/log0", dir);
	log = tr_read_text(path);
	if (log && !wq_report_parse_field(log, "op", op, sizeof(op)) &&
	    (api = strstr(op, ": "))) {
		api += 2;
		for (n = 0; ident_char(api[n]); n++)
			;
		snprintf(b->func, sizeof(b->func), "%.*s", (int)n, api);
	}
	free(log);
}

int tr_bug_read(const char *dir, struct tr_bug *b)
{
	const char *name = strrchr(dir, '/');

	memset(b, 0, sizeof(*b));
	snprintf(b->dir, sizeof(b->dir), "%s", dir);
	snprintf(b->name, sizeof(b->name), "%s", name ? name + 1 : dir);
	if (first_line(dir, "description", b->title, sizeof(b->title)) ||
	    !b->title[0])
		return -1;
	if (first_line(dir, "reliability", b->reliability, sizeof(b->reliability)))
		snprintf(b->reliability, sizeof(b->reliability), "?");
	bug_func(dir, b);
	return 0;
}

static int cmp_bug(const void *a, const void *b)
{
	return strcmp(((const struct tr_bug *)a)->name,
		      ((const struct tr_bug *)b)->name);
}

int tr_bugs_list(const char *into, struct tr_bug **out)
{
	DIR *d = opendir(into);
	struct dirent *e;
	char path[4400];
	int n = 0;

	*out = NULL;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		*out = realloc(*out, (n + 1) * sizeof(**out));
		snprintf(path, sizeof(path), "%s/%s", into, e->d_name);
		if (!tr_bug_read(path, &(*out)[n]))
			n++;
	}
	closedir(d);
	if (n)
		qsort(*out, n, sizeof(**out), cmp_bug);
	return n;
}

int tr_func_line(const char *text, const char *func)
{
	size_t fl = strlen(func);
	const char *s = text, *p;
	int line = 1;

	if (!fl)
		return 0;
	for (; *s; line++) {
		const char *nl = strchr(s, '\n');

		nl = nl ? nl : s + strlen(s);
		if (isalpha((unsigned char)*s))
			for (p = s; (p = strstr(p, func)) && p < nl; p++)
				if (p > s && (p[-1] == ' ' || p[-1] == '*') &&
				    p[fl] == '(')
					return line;
		if (!*nl)
			break;
		s = nl + 1;
	}
	return 0;
}

void tr_kit_commit(const char *ws, char *buf, size_t len)
{
	char cmd[4200];
	FILE *f;

	snprintf(buf, len, "unknown");
	if (!ws)
		return;
	snprintf(cmd, sizeof(cmd),
		 "git -C '%s' describe --always --dirty 2>/dev/null", ws);
	f = popen(cmd, "r");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	else
		snprintf(buf, len, "unknown");
	pclose(f);
}

void tr_user_path(const char *path, char *out, size_t len)
{
	const char *cwd = getenv("BUILD_WORKING_DIRECTORY");

	if (path[0] == '/' || !cwd)
		snprintf(out, len, "%s", path);
	else
		snprintf(out, len, "%s/%s", cwd, path);
}
