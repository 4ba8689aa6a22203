// SPDX-License-Identifier: GPL-2.0-only
/*
 * wq_write_file() (files.h): all or nothing. A file is replaced whole;
 * a write that fails (a full device, a file size limit hit halfway, a
 * directory where a file is expected, a parent that is a file) returns
 * -1 with errno saying why, leaves no temporary file and leaves the old
 * file as it was. We run as root, so permission bits prove nothing: the
 * failures are real ones of the kernel.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/testing/check.h"
#include "fuzz/prog/files.h"

static char dir[256];
static char big[8192];

/* Entries of @d, hidden ones included (a temporary file left behind). */
static int entries(const char *d)
{
	DIR *h = opendir(d);
	struct dirent *e;
	int n = 0;

	CHECK(h);
	while ((e = readdir(h)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(h);
	return n;
}

static void check_content(const char *path, const char *want, size_t n)
{
	size_t len;
	char *buf = wq_read_file(path, &len);

	CHECK(buf);
	CHECK_EQ(len, n);
	CHECK(!memcmp(buf, want, n));
	free(buf);
}

static void test_write_replace(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/out.wq", dir);
	CHECK_EQ(wq_write_file(path, "steps\n", 6), 0);
	check_content(path, "steps\n", 6);
	CHECK_EQ(wq_write_file(path, big, sizeof(big)), 0);
	check_content(path, big, sizeof(big));
	CHECK_EQ(wq_write_file(path, "", 0), 0);	/* empty is a file too */
	check_content(path, "", 0);
	CHECK_EQ(entries(dir), 1);			/* no temporary left */
	printf("ok: write, replace, empty; nothing else in the directory\n");
}

/* A device is written in place: /dev/full fails with ENOSPC and stays. */
static void test_dev_full(void)
{
	struct stat st;

	errno = 0;
	CHECK_EQ(wq_write_file("/dev/full", big, sizeof(big)), -1);
	CHECK_EQ(errno, ENOSPC);
	CHECK(!stat("/dev/full", &st) && S_ISCHR(st.st_mode));
	CHECK_EQ(wq_write_file("/dev/null", big, sizeof(big)), 0);
	CHECK(!stat("/dev/null", &st) && S_ISCHR(st.st_mode));
	printf("ok: /dev/full -> ENOSPC, /dev/null written, both still devices\n");
}

/* A directory where a file is expected, and a file where a directory is. */
static void test_not_a_file(void)
{
	char sub[512], under[600];
	struct stat st;

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	CHECK(!mkdir(sub, 0700));
	errno = 0;
	CHECK_EQ(wq_write_file(sub, "x", 1), -1);
	CHECK_EQ(errno, EISDIR);
	CHECK(!stat(sub, &st) && S_ISDIR(st.st_mode));
	CHECK_EQ(entries(sub), 0);

	snprintf(under, sizeof(under), "%s/out.wq/x", dir);
	errno = 0;
	CHECK_EQ(wq_write_file(under, "x", 1), -1);
	CHECK_EQ(errno, ENOTDIR);
	CHECK_EQ(entries(dir), 2);		/* out.wq and sub */
	printf("ok: a directory -> EISDIR, under a file -> ENOTDIR, nothing left\n");
}

/* The disk fills halfway (a file size limit): the old file stays whole. */
static void test_fails_halfway(void)
{
	struct rlimit old, lim;
	char path[512];

	snprintf(path, sizeof(path), "%s/out.wq", dir);
	CHECK_EQ(wq_write_file(path, "old\n", 4), 0);
	CHECK(!getrlimit(RLIMIT_FSIZE, &old));
	lim = old;
	lim.rlim_cur = 1024;
	signal(SIGXFSZ, SIG_IGN);
	CHECK(!setrlimit(RLIMIT_FSIZE, &lim));
	errno = 0;
	CHECK_EQ(wq_write_file(path, big, sizeof(big)), -1);
	CHECK_EQ(errno, EFBIG);
	CHECK(!setrlimit(RLIMIT_FSIZE, &old));
	check_content(path, "old\n", 4);
	CHECK_EQ(entries(dir), 2);		/* out.wq and sub */
	printf("ok: EFBIG halfway -> -1, the old file whole, no temporary\n");
}

static void test_name_too_long(void)
{
	char path[PATH_MAX + 16];

	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	errno = 0;
	CHECK_EQ(wq_write_file(path, "x", 1), -1);
	CHECK_EQ(errno, ENAMETOOLONG);
	printf("ok: a name too long -> ENAMETOOLONG\n");
}

int main(void)
{
	const char *tmp = getenv("TEST_TMPDIR");
	size_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	snprintf(dir, sizeof(dir), "%s/write_test.XXXXXX", tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir));
	test_write_replace();
	test_dev_full();
	test_not_a_file();
	test_fails_halfway();
	test_name_too_long();
	return 0;
}
