// SPDX-License-Identifier: GPL-2.0-only
/*
 * files.h: reading whole files (and the size cap), listing a directory
 * in name order through a keep function, the errors of both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/testing/check.h"
#include "fuzz/prog/files.h"

static char dir[256];

static void put(const char *name, const char *text, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	CHECK(f);
	CHECK(fwrite(text, 1, n, f) == n);
	CHECK(!fclose(f));
}

static bool keep_wq(const char *name, const struct stat *st)
{
	return S_ISREG(st->st_mode) && wq_has_suffix(name, ".wq");
}

static void test_read(void)
{
	char path[512], *big, *buf;
	size_t len;

	put("b.wq", "steps\n", 6);
	snprintf(path, sizeof(path), "%s/b.wq", dir);
	buf = wq_read_file(path, &len);
	CHECK(buf && len == 6 && !strcmp(buf, "steps\n"));
	free(buf);

	/* capped at WQ_MAX_FILE, still NUL-terminated */
	big = calloc(1, WQ_MAX_FILE + 10);
	CHECK(big);
	memset(big, 'x', WQ_MAX_FILE + 9);
	put("big", big, WQ_MAX_FILE + 9);
	free(big);
	snprintf(path, sizeof(path), "%s/big", dir);
	buf = wq_read_file(path, &len);
	CHECK(buf && len == WQ_MAX_FILE && buf[len] == '\0');
	free(buf);

	snprintf(path, sizeof(path), "%s/missing", dir);
	errno = 0;
	CHECK(!wq_read_file(path, &len));
	CHECK_EQ(errno, ENOENT);
	/* a directory opens but does not read */
	errno = 0;
	CHECK(!wq_read_file(dir, &len));
	CHECK(errno != 0);
	printf("ok: read (cap %d bytes)\n", WQ_MAX_FILE);
}

static void test_list(void)
{
	char sub[512], slash[300], **list;
	int n;

	put("a.wq", "", 0);
	put("c", "x", 1);
	put("README.md", "#", 1);
	put(".hidden.wq", "", 0);
	snprintf(sub, sizeof(sub), "%s/sub.wq", dir);
	CHECK(!mkdir(sub, 0700));

	n = wq_list_dir(dir, wq_keep_regular_not_md, &list);
	CHECK_EQ(n, 4);		/* a.wq b.wq big c */
	CHECK(wq_has_suffix(list[0], "/a.wq") && wq_has_suffix(list[3], "/c"));
	CHECK(!strncmp(list[0], dir, strlen(dir)));
	wq_free_list(list, n);

	n = wq_list_dir(dir, wq_keep_regular, &list);
	CHECK_EQ(n, 5);
	CHECK(wq_has_suffix(list[0], "/README.md"));	/* 'R' < 'a' */
	wq_free_list(list, n);

	snprintf(slash, sizeof(slash), "%s/", dir);
	n = wq_list_dir(slash, keep_wq, &list);
	CHECK_EQ(n, 2);
	CHECK(!strstr(list[0], "//") && wq_has_suffix(list[1], "/b.wq"));
	wq_free_list(list, n);

	errno = 0;
	CHECK_EQ(wq_list_dir(sub + 0, keep_wq, &list), 0);
	CHECK(!list);
	CHECK_EQ(wq_list_dir("/nonexistent/wqkit", keep_wq, &list), -1);
	CHECK_EQ(errno, ENOENT);
	CHECK(!list);
	CHECK(wq_has_suffix("x.md", ".md") && !wq_has_suffix("md", ".md"));
	printf("ok: list (sorted, filtered, one '/')\n");
}

int main(void)
{
	const char *tmp = getenv("TEST_TMPDIR");

	snprintf(dir, sizeof(dir), "%s/files_test.XXXXXX", tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir));
	test_read();
	test_list();
	return 0;
}
