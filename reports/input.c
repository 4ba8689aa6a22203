// SPDX-License-Identifier: GPL-2.0-only
/*
 * Triage inputs (see input.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/targets/one_input.h"
#include "reports/input.h"

#define TR_MAX_INPUT	(1 << 20)

static bool is_text(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
			return false;
	}
	return true;
}

bool tr_is_wq_text(const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;

	if (!is_text(buf, len))
		return false;
	while (s < end) {
		const char *nl = memchr(s, '\n', end - s);
		size_t n = (nl ? nl : end) - s;

		if (n >= 15 && !strncmp(s, "# wqkit program", 15))
			return true;
		if (n && s[0] != '#' && strspn(s, " \t\r") < n)
			return false;	/* the program began: no such line */
		s = nl ? nl + 1 : end;
	}
	return false;
}

/* Read @path whole (NUL-terminated); NULL with @err set on failure. */
static char *slurp(const char *path, size_t *len, char *err, size_t elen)
{
	struct stat st;
	char *buf;
	FILE *f;

	if (stat(path, &st)) {
		snprintf(err, elen, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, elen, "a directory inside a crash directory (not searched)");
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, elen, "cannot read: %s", strerror(errno));
		return NULL;
	}
	buf = malloc(TR_MAX_INPUT + 1);
	*len = buf ? fread(buf, 1, TR_MAX_INPUT, f) : 0;
	if (!buf || ferror(f)) {
		snprintf(err, elen, "cannot read: %s", buf ? strerror(errno) : "out of memory");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

int tr_input_load(struct tr_input *in, char *err, size_t elen)
{
	char *buf = slurp(in->path, &in->len, err, elen);
	int ret = 0;

	if (!buf)
		return -1;
	in->text = false;
	if (!in->len) {
		snprintf(err, elen, "empty file (a libFuzzer artifact of the empty input?): nothing to replay");
		ret = -1;
	} else if (tr_is_wq_text(buf, in->len)) {
		in->text = true;
		ret = wq_prog_parse(buf, in->path, &in->prog, err, elen);
	} else if (is_text(buf, in->len)) {
		snprintf(err, elen, "text without a '# wqkit program' line: not a wqkit input");
		ret = -1;
	} else {
		wq_fuzz_decode((const uint8_t *)buf, in->len, &in->prog);
	}
	free(buf);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tr_list_dir(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **list = NULL, path[4096];
	int n = 0, cap = 0;
	struct stat st;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) || S_ISDIR(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			list = realloc(list, cap * sizeof(*list));
		}
		list[n++] = strdup(path);
	}
	closedir(d);
	if (n)
		qsort(list, n, sizeof(*list), cmp_str);
	*out = list;
	return n;
}

void tr_free_list(char **list, int n)
{
	while (n-- > 0)
		free(list[n]);
	free(list);
}
