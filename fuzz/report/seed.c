// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seed's functions and their lines (see seed.h).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/report/seed.h"

#define SEED_FUNCTION(n, a, b)	{ n, a, b },
const struct wq_seed_function wq_seed_functions[] = {
#include "fuzz/report/seed_lines.inc"
};
#undef SEED_FUNCTION
const size_t wq_nr_seed_functions =
	sizeof(wq_seed_functions) / sizeof(wq_seed_functions[0]);

static bool ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Offset of the first whole-identifier occurrence of @name in @text. */
static const char *find_ident(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *s = text;

	while ((s = strstr(s, name))) {
		if ((s == text || !ident(s[-1])) && !ident(s[n]))
			return s;
		s += n;
	}
	return NULL;
}

struct mention {
	const char *at;
	const struct wq_seed_function *fn;
};

static int by_position(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

int wq_seed_named(const char *text, const struct wq_seed_function **out,
		  int max)
{
	struct mention m[64];
	int n = 0, i;
	size_t k;

	for (k = 0; k < wq_nr_seed_functions && n < 64; k++) {
		m[n].at = find_ident(text, wq_seed_functions[k].name);
		m[n].fn = &wq_seed_functions[k];
		n += m[n].at != NULL;
	}
	qsort(m, n, sizeof(m[0]), by_position);
	for (i = 0; i < n && i < max; i++)
		out[i] = m[i].fn;
	return i;
}

/* Line (1-based) of the definition of @name in @port: a line starting
 * with the name, or holding it after a return type; 0 if none. */
static int port_line(const char *port, const char *name, const char **at)
{
	const char *s = port;
	int line = 1;

	while (*s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		const char *f = find_ident(s, name);

		if (f && f < s + len && len && !isspace((unsigned char)s[0]) &&
		    s[0] != '#' && s[0] != '/' && s[0] != '*' &&
		    f[strlen(name)] == '(' && !memchr(s, ';', len)) {
			*at = s;
			return line;
		}
		if (!e)
			break;
		s = e + 1;
		line++;
	}
	return 0;
}

char *wq_seed_markdown(const char *text, const char *port, int max)
{
	const struct wq_seed_function *fn[8];
	const char *body = NULL, *at;
	char *buf = NULL;
	size_t len;
	int n, i, pl;
	FILE *f;

	if (max > 8)
		max = 8;
	n = wq_seed_named(text, fn, max);
	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (i = 0; i < n; i++) {
		pl = port ? port_line(port, fn[i]->name, &at) : 0;
		fprintf(f, "- `%s()`: kernel/workqueue.c lines %d-%d (Linux 2.6.29)",
			fn[i]->name, fn[i]->first, fn[i]->last);
		if (pl)
			fprintf(f, ", core/workqueue.c line %d (wqkit's port)", pl);
		fprintf(f, "\n");
		if (i == 0 && pl)
			body = at;
	}
	if (body) {
		/* the first function as the port has it, up to 60 lines */
		const char *end = strstr(body, "\n}"), *cut = body;
		int lines;

		for (lines = 0; cut && lines < 60 && (!end || cut < end); lines++)
			cut = strchr(cut, '\n') ? strchr(cut, '\n') + 1 : NULL;
		if (end && cut && cut > end)
			cut = end;
		fprintf(f, "\n`%s()` (core/workqueue.c):\n\n```c\n%.*s%s\n```\n",
			fn[0]->name, cut ? (int)(cut - body) : (int)strlen(body), body,
			end && cut == end ? "\n}" : "\t...");
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
