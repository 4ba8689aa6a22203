// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bug folders: slugs; a new folder appears whole with every file; a
 * title set that intersects a folder's finds it, a disjoint one does
 * not; a second bug with the same slug gets its own folder; logs are
 * added atomically and capped, the oldest replaced; no temporary file
 * is left behind.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/prog/testing.h"
#include "reports/folder.h"

static bool exists(const char *dir, const char *name)
{
	char path[4400];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !stat(path, &st);
}

/* Entries of @dir whose name contains "tmp". */
static int tmp_left(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strstr(e->d_name, "tmp") != NULL;
	if (d)
		closedir(d);
	return n;
}

static void check_slug(void)
{
	char s[96];

	tr_slug("BUG_ON(!work_pending(work)) in set_wq_data", s, sizeof(s));
	EXPECT(!strcmp(s, "bug_on-work_pending-work-in-set_wq_data"), "%s", s);
	tr_slug("  ", s, sizeof(s));
	EXPECT(!strcmp(s, "untitled"), "%s", s);
}

int main(void)
{
	struct wq_title_set a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	const struct tr_file files[] = {
		{ "repro.wq", "x\n", 2 }, { "log0", "first\n", 6 },
	};
	char root[] = "/tmp/folder_test.XXXXXX", into[64], path[4200],
	     again[4200];
	int i;

	check_slug();
	EXPECT(mkdtemp(root) != NULL, "mkdtemp");
	snprintf(into, sizeof(into), "%s/reports/sub", root);
	wq_title_set_add(&a, "deadlock in flush_work");
	wq_title_set_add(&a, "hang in flush_work");
	wq_title_set_add(&b, "hang in flush_work");
	wq_title_set_add(&c, "deadlock in flush_work!");	/* same slug */
	wq_title_set_add(&d, "something else");

	EXPECT(!tr_folder_find(into, &a, path, sizeof(path)), "none yet");
	EXPECT(!tr_folder_create(into, &a, files, 2, path, sizeof(path)), "create");
	EXPECT(strstr(path, "/deadlock-in-flush_work") != NULL, "%s", path);
	EXPECT(exists(path, "description") && exists(path, "titles") &&
	       exists(path, "repro.wq") && exists(path, "log0"), "files");
	EXPECT(tr_folder_find(into, &b, again, sizeof(again)) &&
	       !strcmp(again, path), "alt title finds it");
	EXPECT(!tr_folder_find(into, &d, again, sizeof(again)), "disjoint");
	EXPECT(!tr_folder_create(into, &c, files, 2, again, sizeof(again)) &&
	       strstr(again, "/deadlock-in-flush_work-2"), "slug clash: %s", again);

	for (i = 1; i < TR_MAX_LOGS + 3; i++)
		EXPECT(!tr_folder_add_log(path, "again\n", 6), "log %d", i);
	EXPECT(exists(path, "log9") && !exists(path, "log10"), "capped");
	EXPECT(!tmp_left(path) && !tmp_left(into), "temporary files left");

	snprintf(again, sizeof(again), "rm -rf '%s'", root);
	EXPECT(!system(again), "cleanup");
	return wq_test_done("folder_test");
}
