// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading input files, listing input directories and writing files
 * (files.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Write @data to the open stream @f and close it; @sync: fsync first. */
static int write_close(FILE *f, const void *data, size_t len, bool sync)
{
	int err = 0;

	errno = 0;
	if (fwrite(data, 1, len, f) != len || fflush(f) ||
	    (sync && fsync(fileno(f))))
		err = errno ? errno : EIO;
	if (fclose(f) && !err)
		err = errno ? errno : EIO;
	errno = err;
	return err ? -1 : 0;
}

/* "dir/.name.tmp.PID" for @path; false (ENAMETOOLONG) if it does not fit. */
static bool temp_name(const char *path, char *tmp, size_t size)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	int n;

	n = snprintf(tmp, size, "%.*s.%s.tmp.%ld", dirlen, path,
		     path + dirlen, (long)getpid());
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return false;
	}
	return true;
}

int wq_write_file(const char *path, const void *data, size_t len)
{
	char tmp[PATH_MAX + 32];
	struct stat st;
	FILE *f;
	int err;

	if (!stat(path, &st)) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {	/* a device or FIFO */
			f = fopen(path, "wb");
			return f ? write_close(f, data, len, false) : -1;
		}
	}
	if (!temp_name(path, tmp, sizeof(tmp)))
		return -1;
	f = fopen(tmp, "wb");
	if (!f)
		return -1;
	if (!write_close(f, data, len, true) && !rename(tmp, path))
		return 0;
	err = errno;
	unlink(tmp);
	errno = err;
	return -1;
}
