// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading input files and listing input directories (files.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/prog/files.h"

char *wq_read_stream(FILE *f, size_t *len)
{
	char *buf = malloc(WQ_MAX_FILE + 1);

	if (!buf) {
		errno = ENOMEM;
		return NULL;
	}
	*len = fread(buf, 1, WQ_MAX_FILE, f);
	buf[*len] = '\0';
	if (ferror(f)) {
		int err = errno ? errno : EIO;

		free(buf);
		errno = err;
		return NULL;
	}
	return buf;
}

char *wq_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	int err;

	if (!f)
		return NULL;
	buf = wq_read_stream(f, len);
	err = errno;
	fclose(f);
	errno = err;
	return buf;
}

bool wq_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

bool wq_keep_regular(const char *name, const struct stat *st)
{
	(void)name;
	return S_ISREG(st->st_mode);
}

bool wq_keep_regular_not_md(const char *name, const struct stat *st)
{
	return S_ISREG(st->st_mode) && !wq_has_suffix(name, ".md");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int wq_list_dir(const char *dir, wq_dir_keep_fn keep, char ***out)
{
	const char *sep = wq_has_suffix(dir, "/") ? "" : "/";
	char **list = NULL, **bigger, *path;
	int n = 0, cap = 0, err = 0;
	struct dirent *e;
	struct stat st;
	DIR *d;

	*out = NULL;
	d = opendir(dir);
	if (!d)
		return -1;
	while (!err && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s%s%s", dir, sep, e->d_name) < 0) {
			err = ENOMEM;
			break;
		}
		if (stat(path, &st) || !keep(e->d_name, &st)) {
			free(path);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			bigger = realloc(list, cap * sizeof(*list));
			if (!bigger) {
				free(path);
				err = ENOMEM;
				break;
			}
			list = bigger;
		}
		list[n++] = path;
	}
	closedir(d);
	if (err) {
		wq_free_list(list, n);
		errno = err;
		return -1;
	}
	if (n)
		qsort(list, n, sizeof(*list), cmp_str);
	*out = list;
	return n;
}

void wq_free_list(char **list, int n)
{
	while (n-- > 0)
		free(list[n]);
	free(list);
}
