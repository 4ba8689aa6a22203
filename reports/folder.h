/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bug folders: <into>/<title-slug>/ with description, titles, report.md,
 * repro.wq, repro.bin, log0..logN, reliability, stats. Deduplicated by
 * title set (same bug when the sets intersect); every file is written to
 * a temporary name and renamed, and a new folder is renamed into place
 * whole, so nothing is ever half-written.
 */
#ifndef _WQKIT_REPORTS_FOLDER_H
#define _WQKIT_REPORTS_FOLDER_H

#include <stddef.h>

#include "fuzz/report/report.h"

#define TR_MAX_LOGS	10	/* log0..log9; the oldest is replaced */

/* One file of a folder: name and contents. */
struct tr_file {
	const char *name;
	const char *data;
	size_t len;
};

/**
 * tr_folder_find - the folder of a known bug whose titles intersect @t
 * @into: the reports directory
 * @t: title set
 * @path: set to the folder's path if found
 * @len: size of @path
 *
 * Returns 1 if found, 0 if not (also when @into does not exist).
 */
int tr_folder_find(const char *into, const struct wq_title_set *t,
		   char *path, size_t len);

/**
 * tr_folder_create - write a new bug folder atomically
 * @into: the reports directory (created if missing)
 * @t: the bug's title set (written as description and titles)
 * @files: the other files, @n of them
 * @path: set to the folder's path
 *
 * Returns 0, or -1 with errno set.
 */
int tr_folder_create(const char *into, const struct wq_title_set *t,
		     const struct tr_file *files, int n, char *path,
		     size_t len);

/**
 * tr_folder_add_log - add @log as the next logN of @dir (atomically;
 * past TR_MAX_LOGS the oldest log is replaced)
 * Returns 0, or -1 with errno set.
 */
int tr_folder_add_log(const char *dir, const char *log, size_t len);

/** tr_slug - "work-queued-while-already-pending" from a title */
void tr_slug(const char *title, char *out, size_t len);

#endif /* _WQKIT_REPORTS_FOLDER_H */
